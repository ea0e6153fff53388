"""Error responses in the upstream's shapes (reference §2)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from quart import Response


class ApiError(Exception):
    """An error answered as `{"status": n, "error": message}`, the shape Intervals.icu uses."""

    def __init__(self, status: int, message: str, *, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


def unprocessable(message: str) -> ApiError:
    return ApiError(422, message)


def access_denied() -> ApiError:
    return ApiError(403, "Access denied")


def unauthorized() -> ApiError:
    # The 401 body is undocumented upstream (reference §1.1); this small JSON body is our choice.
    return ApiError(401, "Unauthorized")


def json_response(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    body = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
    return Response(body, status=status, mimetype="application/json", headers=headers)


def error_response(err: ApiError) -> Response:
    return json_response({"status": err.status, "error": err.message}, err.status, err.headers)


def spring_error(status: int, reason: str, path: str, now: dt.datetime) -> Response:
    """Spring Boot's default error body, which Intervals.icu answers for unknown routes."""
    stamp = now.astimezone(dt.UTC).isoformat(timespec="milliseconds")
    return json_response({"timestamp": stamp, "status": status, "error": reason, "path": path}, status)
