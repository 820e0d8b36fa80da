"""Corpus administration: upload and delete reports, and follow the background jobs.

Every endpoint here needs the admin token (`REPORTQA_ADMIN_TOKEN`, sent as a Bearer token);
with no token configured the endpoints are disabled, not open. Upload and delete refuse callers
without it (403 disabled, 401 wrong or missing); a job answers them 404, as an unknown id does.
"""

from __future__ import annotations

import hmac
import re
import uuid
from pathlib import Path

from flask import Blueprint, Response, current_app, jsonify, request
from werkzeug.utils import secure_filename

from index.engine import check_pdf_bytes
from index.errors import BadPdf

from .errors import ApiError

bp = Blueprint("admin", __name__, url_prefix="/api")


def _token_sent() -> bool:
    token = current_app.config.get("ADMIN_TOKEN")
    sent = request.headers.get("Authorization", "")
    return bool(token) and hmac.compare_digest(sent.encode(), f"Bearer {token}".encode())


def require_admin() -> None:
    if not current_app.config.get("ADMIN_TOKEN"):
        raise ApiError("admin_disabled", "corpus changes are disabled: set REPORTQA_ADMIN_TOKEN to enable them", 403)
    if not _token_sent():
        raise ApiError("unauthorized", "send the admin token as 'Authorization: Bearer <token>'", 401)


def _jobs():
    return current_app.extensions["reportqa_jobs"]


@bp.post("/reports")
def upload() -> tuple[Response, int]:
    require_admin()
    files = request.files.getlist("file")
    if not files:
        raise ApiError("invalid_request", "send one or more PDFs as multipart form field 'file'", 422)
    folder = _jobs().uploads()
    saved: list[Path] = []
    sources: dict[Path, str] = {}
    try:
        for upload in files:
            head = upload.stream.read(1024)
            try:
                check_pdf_bytes(head)  # the bytes decide, not the file name or content type
            except BadPdf as exc:
                raise ApiError("not_a_pdf", f"{upload.filename or 'upload'}: {exc}", 415) from exc
            path = folder / f"{uuid.uuid4().hex}.pdf"
            with open(path, "wb") as out:
                out.write(head)
                while chunk := upload.stream.read(1 << 20):
                    out.write(chunk)
            saved.append(path)
            sources[path] = "upload:" + (secure_filename(upload.filename or "") or path.name)
    except ApiError:
        for path in saved:
            path.unlink(missing_ok=True)
        raise
    finally:
        for upload in files:
            upload.close()  # werkzeug spools large uploads to temporary files
    job = _jobs().submit_ingest(saved, sources)
    return jsonify({"job": job.public()}), 202


@bp.delete("/reports/<report_id>")
def delete(report_id: str) -> tuple[Response, int]:
    require_admin()
    engine = current_app.extensions["reportqa"]
    # A report uploaded a moment ago may be newer than the generation this process last looked at.
    engine.refresh(force=True)
    if not re.fullmatch(r"[0-9a-f]{16}", report_id) or engine.report(report_id) is None:
        raise ApiError("unknown_report", f"no report with id {report_id!r}", 404)
    return jsonify({"job": _jobs().submit_delete(report_id).public()}), 202


@bp.get("/jobs/<job_id>")
def job(job_id: str) -> Response:
    # Without the token every id is unknown, so the answer tells nobody which jobs exist.
    found = _jobs().get(job_id) if _token_sent() else None
    if found is None:
        raise ApiError("unknown_job", f"no job with id {job_id!r} (jobs are shown only to the admin token)", 404)
    return jsonify({"job": found.public()})
