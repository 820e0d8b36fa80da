"""The Flask application factory."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from flask import Flask

from index.engine import Engine, jobs_for

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
        MAX_UPLOAD_MB=50,
        ADMIN_TOKEN=None,
    )
    app.config.from_prefixed_env("REPORTQA")
    if config:
        app.config.update(config)
    # Requests over the limit are refused with 413 before their body is read.
    app.config["MAX_CONTENT_LENGTH"] = int(float(app.config["MAX_UPLOAD_MB"]) * 1024 * 1024)
    app.json.sort_keys = False
    root = Path(app.config["INDEX"])
    app.extensions["reportqa"] = Engine(root)
    app.extensions["reportqa_jobs"] = jobs_for(root)
    errors.init_app(app)

    from . import admin, api, openapi, pages, security, validate

    app.register_blueprint(api.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(pages.bp)
    app.register_blueprint(openapi.bp)
    security.init_app(app)
    validate.init_app(app)
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    return app
