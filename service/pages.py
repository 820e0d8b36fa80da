"""Pages for people: the chat page, the findings explorer, the PDF viewer, and the PDFs themselves."""

from __future__ import annotations

import re

from flask import Blueprint, Response, current_app, render_template, send_file

from .errors import ApiError

bp = Blueprint("pages", __name__)
REPORT_ID = re.compile(r"^[0-9a-f]{16}$")


@bp.get("/")
def chat() -> str:
    return render_template("chat.html")


@bp.get("/findings")
def findings() -> str:
    return render_template("findings.html")


@bp.get("/viewer")
def viewer() -> str:
    return render_template("viewer.html")


@bp.get("/reports/<report_id>/pdf")
def pdf(report_id: str) -> Response:
    # Files are found by id in the index's own table, never by a path from the request.
    path = current_app.extensions["reportqa"].pdf_path(report_id) if REPORT_ID.match(report_id) else None
    if path is None or not path.is_file():
        raise ApiError("unknown_report", f"no report with id {report_id!r}", 404)
    return send_file(path, mimetype="application/pdf", conditional=True, max_age=3600,
                     download_name=f"{report_id}.pdf")
