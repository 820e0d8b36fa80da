"""The one JSON error shape of the API: {"error": {"code": ..., "message": ...}}."""

from __future__ import annotations

from flask import Flask, jsonify
from werkzeug.exceptions import HTTPException

from index.errors import BadQuery, IndexMissing

HTTP_CODES = {400: "bad_request", 404: "not_found", 405: "method_not_allowed", 413: "payload_too_large",
              415: "unsupported_media_type", 429: "too_many_requests", 500: "internal_error",
              503: "unavailable"}


class ApiError(Exception):
    """An error the API reports to the caller, with an HTTP status and a snake_case code."""

    def __init__(self, code: str, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status


def error_response(code: str, message: str, status: int):
    """Build the contract's error body with its status."""
    response = jsonify({"error": {"code": code, "message": message}})
    response.status_code = status
    return response


def init_app(app: Flask) -> None:
    """Register handlers so every error leaves as contract-shaped JSON, never an HTML page."""

    @app.errorhandler(ApiError)
    def api_error(exc: ApiError):
        return error_response(exc.code, exc.message, exc.status)

    @app.errorhandler(BadQuery)
    def bad_query(exc: BadQuery):
        return error_response("invalid_request", str(exc), 422)

    @app.errorhandler(IndexMissing)
    def index_missing(exc: IndexMissing):
        return error_response("index_missing", str(exc), 503)

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        status = exc.code or 500
        message = exc.description or exc.name
        response = error_response(HTTP_CODES.get(status, f"http_{status}"), message, status)
        for header in ("Allow", "Retry-After"):
            if exc.get_response().headers.get(header):
                response.headers[header] = exc.get_response().headers[header]
        return response

    @app.errorhandler(500)
    def internal(exc):
        # Never a stack trace: the log has it, the caller gets the contract shape.
        return error_response("internal_error", "the server hit an unexpected error; it has been logged", 500)
