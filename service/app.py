"""The Flask application factory."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from flask import Flask

from index.engine import Engine

from . import errors


def default_index() -> Path:
    """The index folder: $REPORTQA_INDEX, else one in the user's data directory."""
    from platformdirs import user_data_dir

    return Path(os.environ.get("REPORTQA_INDEX") or Path(user_data_dir("reportqa")) / "index")


def create_app(config: dict | None = None) -> Flask:
    """Create and configure an instance of the reportqa service."""
    app = Flask(__name__)
    app.config.from_mapping(
        INDEX=str(default_index()),
        MAX_CONTENT_LENGTH=50 * 1024 * 1024,
        ADMIN_TOKEN=None,
        JSON_SORT_KEYS=False,
    )
    app.config.from_prefixed_env("REPORTQA")
    if config:
        app.config.update(config)
    app.json.sort_keys = False
    app.extensions["reportqa"] = Engine(Path(app.config["INDEX"]))
    errors.init_app(app)

    from . import api, openapi, pages, security

    app.register_blueprint(api.bp)
    app.register_blueprint(pages.bp)
    app.register_blueprint(openapi.bp)
    security.init_app(app)
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    return app
