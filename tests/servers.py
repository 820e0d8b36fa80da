"""A live HTTP server for an app, on a free local port, in a daemon thread."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from flask import Flask
from werkzeug.serving import make_server


@contextmanager
def live_server(app: Flask) -> Iterator[str]:
    """Serve app until the block ends; yields its base URL."""
    server = make_server("127.0.0.1", 0, _whole(app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)
        server.server_close()


def _whole(app: Flask):
    """The app with each response read whole before it is sent. werkzeug's development server
    leaves a streamed file open when the client drops the connection mid-response (its clean-up
    raises before it closes the file), as a browser does leaving a page while the PDF viewer's
    worker script still loads; under warnings-as-errors that fails whichever test runs next."""
    def whole(environ: dict, start_response) -> Iterable[bytes]:
        body = app(environ, start_response)
        try:
            return [b"".join(body)]
        finally:
            close = getattr(body, "close", None)
            if close is not None:
                close()
    return whole
