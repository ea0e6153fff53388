"""The demo's OAuth pages and token exchange (reference §1.2).

`GET {prefix}/oauth/authorize` shows a plain consent form: which demo athlete signs
in, which of the requested scopes to grant, Approve or Deny. The form posts back
to the same URL. `POST {prefix}/api/oauth/token` swaps a code (single use, 120 s)
for a token that never expires; `DELETE {prefix}/api/v1/disconnect-app` ends it.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode, urlsplit

from quart import Quart, Response, request

from icusync.demo.auth import Auth, parse_scope, scope_text
from icusync.demo.errors import ApiError, json_response

_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>body{{font-family:system-ui,sans-serif;max-width:34rem;margin:2rem auto;padding:0 1rem;line-height:1.5}}
fieldset{{margin:1rem 0}} button{{font-size:1rem;padding:.4rem 1rem;margin-right:.5rem}}</style>
</head><body><main>
{body}
</main></body></html>"""


def _page(title: str, body: str, status: int = 200) -> Response:
    text = _PAGE.format(title=html.escape(title), body=body)
    return Response(text, status=status, mimetype="text/html", headers={"X-Frame-Options": "DENY"})


def _error_page(message: str) -> Response:
    return _page("Authorization error", f"<h1>Authorization error</h1><p role=\"alert\">{html.escape(message)}</p>",
                 400)


def _redirect(uri: str, params: dict[str, str]) -> Response:
    sep = "&" if urlsplit(uri).query else "?"
    return Response("", status=302, headers={"Location": uri + sep + urlencode(params)})


def _valid_redirect(uri: str | None) -> bool:
    if not uri:
        return False
    parts = urlsplit(uri)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and not parts.fragment


def register_oauth(app: Quart, prefix: str, auth: Auth, names: Mapping[str, str]) -> None:
    def check(args: Mapping[str, str]) -> tuple[str, str, dict[str, str]] | Response:
        client_id, redirect_uri = args.get("client_id", ""), args.get("redirect_uri")
        if client_id not in auth.clients:
            return _error_page("Unknown client_id.")
        if not _valid_redirect(redirect_uri):
            return _error_page("Missing or invalid redirect_uri.")
        if args.get("response_type") not in (None, "", "code"):
            return _error_page("Unsupported response_type: only code is supported.")
        try:
            scopes = parse_scope(args.get("scope", ""))
        except ValueError as exc:
            return _error_page(str(exc))
        if not scopes:
            return _error_page("No scope requested.")
        return client_id, str(redirect_uri), scopes

    @app.route(f"{prefix}/oauth/authorize", methods=["GET"])
    async def authorize_page() -> Response:
        checked = check(request.args)
        if isinstance(checked, Response):
            return checked
        client_id, redirect_uri, scopes = checked
        hidden = "".join(
            f'<input type="hidden" name="{k}" value="{html.escape(v)}">'
            for k, v in (("client_id", client_id), ("redirect_uri", redirect_uri),
                         ("state", request.args.get("state", "")), ("requested", scope_text(scopes)))
        )
        athletes = "".join(
            f'<div><input type="radio" id="a-{a}" name="athlete_id" value="{a}"{" checked" if n == 0 else ""}>'
            f' <label for="a-{a}">{html.escape(name)} ({a})</label></div>'
            for n, (a, name) in enumerate(names.items())
        )
        boxes = "".join(
            f'<div><input type="checkbox" id="s-{area}" name="scope" value="{area}:{lvl}" checked>'
            f' <label for="s-{area}">{area}:{lvl}</label></div>'
            for area, lvl in scopes.items()
        )
        body = (f"<h1>Authorize {html.escape(client_id)}</h1>"
                f"<p>{html.escape(client_id)} wants to access your demo Intervals.icu account. "
                f"It will return you to {html.escape(urlsplit(redirect_uri).netloc)}.</p>"
                f'<form method="post">{hidden}'
                f"<fieldset><legend>Sign in as</legend>{athletes}</fieldset>"
                f"<fieldset><legend>Permissions</legend>{boxes}</fieldset>"
                '<button type="submit" name="decision" value="approve">Approve</button>'
                '<button type="submit" name="decision" value="deny">Deny</button></form>')
        return _page("Authorize access: demo Intervals.icu", body)

    @app.route(f"{prefix}/oauth/authorize", methods=["POST"])
    async def authorize_decide() -> Response:
        form = await request.form
        # The form has no action, so it posts to the page URL: its query string is a fallback
        # for the request fields (a client that posts only the choices still works).
        query = request.args
        args = {"client_id": form.get("client_id") or query.get("client_id", ""),
                "redirect_uri": form.get("redirect_uri") or query.get("redirect_uri", ""),
                "scope": form.get("requested") or query.get("scope", "")}
        checked = check(args)
        if isinstance(checked, Response):
            return checked
        client_id, redirect_uri, requested = checked
        state = form.get("state", query.get("state"))
        extra = {"state": state} if state is not None else {}
        if form.get("decision") != "approve":
            return _redirect(redirect_uri, {"error": "access_denied", **extra})
        athlete_id = form.get("athlete_id", "")
        if athlete_id not in names:
            return _error_page("Choose which demo athlete signs in.")
        try:
            granted = parse_scope(",".join(form.getlist("scope")))
        except ValueError as exc:
            return _error_page(str(exc))
        if not granted:
            return _error_page("Grant at least one permission, or choose Deny.")
        if any(requested.get(a) not in (lvl, "WRITE") for a, lvl in granted.items()):
            return _error_page("A scope was granted that was not requested.")
        code = auth.issue_code(athlete_id, client_id, granted)
        return _redirect(redirect_uri, {"code": code, **extra})

    @app.route(f"{prefix}/api/oauth/token", methods=["POST"])
    async def token() -> Response:
        form = await request.form
        fields: dict[str, Any] = {**request.args, **form}
        client_id, secret = str(fields.get("client_id", "")), str(fields.get("client_secret", ""))
        if not client_id or auth.clients.get(client_id) != secret:
            return Response("Client and/or secret not found", status=404, mimetype="text/plain")
        # The 400 body for a bad code is undocumented upstream; we answer in the API's error shape.
        issued = auth.exchange(client_id, str(fields.get("code", "")))
        if issued is None:
            return json_response({"status": 400, "error": "Invalid or expired code"}, 400)
        access_token, grant = issued
        return json_response({"token_type": "Bearer", "access_token": access_token, "scope": scope_text(grant.scopes),
                              "athlete": {"id": grant.athlete_id, "name": names[grant.athlete_id]}},
                             headers={"Cache-Control": "no-store"})

    @app.route(f"{prefix}/api/v1/disconnect-app", methods=["DELETE"])
    async def disconnect() -> Response:
        header = request.headers.get("Authorization", "")
        try:
            caller = auth.authenticate(header)
        except ApiError:
            caller = None
        if caller is None or caller.grant is None:
            return json_response({"status": 401, "error": "Missing or invalid access token"}, 401)
        auth.disconnect(caller)
        return Response("", status=200)
