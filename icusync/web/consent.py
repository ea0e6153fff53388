"""The consent page MCP clients send people to from /authorize.

GET /oauth/consent?request=<id> shows who is asking and for what; the request is bound to
the signed-in person who opens it. POST /oauth/consent (CSRF-checked) consumes the request
once: Approve creates a grant and an authorization code, Deny answers access_denied; both
go back to the redirect URI validated at /authorize, with `state` and `iss`.
"""

from __future__ import annotations

import time
from urllib.parse import urlsplit

from mcp.server.auth.provider import construct_redirect_uri
from quart import Blueprint, Response, redirect, render_template, request
from quart.typing import ResponseReturnValue

from icusync.crypto import new_token
from icusync.errors import Forbidden
from icusync.oauth import policy, scopes
from icusync.oauth.wiring import auth_settings, issuer
from icusync.store import oauth as store
from icusync.store import oauth_pending
from icusync.web.headers import CSP
from icusync.web.session import check_csrf, csrf_token, current_user, login_required, runtime

consent = Blueprint("oauth_consent", __name__)

EXPIRED = "This sign-in request has expired, was already answered, or belongs to someone else."


@consent.after_request
async def no_framing_no_caching(response: Response) -> Response:
    # The page carries a one-time request id: never framed, cached, or leaked in a Referer.
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"
    return response


async def error_page(message: str, status: int) -> tuple[str, int]:
    return await render_template("oauth_error.html", message=message), status


@consent.get("/oauth/consent")
@login_required
async def show() -> ResponseReturnValue:
    user = await current_user()
    request_id = request.args.get("request", "")
    db = runtime().deps.db
    pending = (
        await oauth_pending.claim_pending(db, request_id, user.id, int(time.time())) if user and request_id else None
    )
    client = await store.get_client(db, pending.client_id) if pending else None
    if user is None or pending is None or client is None:
        return await error_page(EXPIRED, 400)
    return await render_template(
        "consent.html",
        client_name=client.client_name or "An unnamed application",
        client_id=client.client_id,
        redirect_host=urlsplit(pending.redirect_uri).netloc,
        user_name=user.name or user.athlete_id,
        asks_write=scopes.WRITE in pending.scopes,
        request_id=request_id,
        csrf=csrf_token(),
    )


@consent.post("/oauth/consent")
async def decide() -> ResponseReturnValue:
    user = await current_user()
    if user is None:
        return await error_page("Sign in first, then approve the connection again.", 403)
    try:
        await check_csrf()
    except Forbidden as exc:
        return await error_page(exc.message, 403)
    form = await request.form
    deps = runtime().deps
    now = int(time.time())
    pending = await oauth_pending.take_pending(deps.db, form.get("request", ""), user.id, now)
    if pending is None:
        return await error_page(EXPIRED, 400)
    if form.get("client_id") != pending.client_id:
        # The request is spent either way: an approval cannot be replayed for another client.
        return await error_page("This approval was for a different application.", 400)
    iss = issuer(auth_settings(deps.settings))
    if form.get("decision") != "approve":
        target = construct_redirect_uri(pending.redirect_uri, error="access_denied", state=pending.state, iss=iss)
        return redirect(target, 303)
    granted = _granted_scopes(pending.scopes, write_ticked="write" in form.getlist("scope"))
    code = new_token(policy.CODE_PREFIX)
    await store.create_grant(
        deps.db, user_id=user.id, p=pending, scopes=granted, code=code, code_expires_at=now + policy.CODE_TTL, now=now
    )
    return redirect(construct_redirect_uri(pending.redirect_uri, code=code, state=pending.state, iss=iss), 303)


def _granted_scopes(requested: tuple[str, ...], *, write_ticked: bool) -> tuple[str, ...]:
    """What was asked for, minus write if the person unticked it; read always (nothing works without it)."""
    kept = [s for s in requested if s != scopes.WRITE or write_ticked]
    return tuple(dict.fromkeys([scopes.READ, *kept]))
