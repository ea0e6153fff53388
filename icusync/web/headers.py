"""Security headers on every page Quart serves."""

from __future__ import annotations

from quart import Quart, Response, request

# No inline script or style anywhere: our JS and CSS come from /static.
CSP = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"


def register_security_headers(app: Quart) -> None:
    @app.after_request
    async def security_headers(response: Response) -> Response:
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["X-Content-Type-Options"] = "nosniff"
        csp = response.headers.get("Content-Security-Policy")
        if csp is None:
            response.headers["Content-Security-Policy"] = CSP
        elif "frame-ancestors" not in csp:
            response.headers["Content-Security-Policy"] = csp.rstrip("; ") + "; frame-ancestors 'none'"
        # Pages carry sessions, codes and secrets (the personal URL): never keep them in a cache.
        if request.endpoint != "static" and "Cache-Control" not in response.headers:
            response.headers["Cache-Control"] = "no-store"
        return response
