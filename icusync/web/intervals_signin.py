""" "Continue with Intervals.icu": OAuth sign-in against Intervals.icu and its callback.

The state is random, stored hashed with the hash of a nonce kept in this
browser's session, single-use and valid for ten minutes. The code is exchanged
as soon as it arrives: Intervals.icu lets it live only two minutes.
"""

from __future__ import annotations

import contextlib
import secrets
from typing import Any

from quart import Blueprint, redirect, request, session
from quart.typing import ResponseReturnValue

from icusync.crypto import new_token, same, token_hash
from icusync.errors import CredentialRejected, InputError, UpstreamBadRequest, UpstreamError
from icusync.intervals.credential import UpstreamCredential
from icusync.services.runtime import Deps
from icusync.store import accounts, users
from icusync.web.next_url import next_or_default, safe_next
from icusync.web.session import check_csrf, runtime, sign_in
from icusync.web.signin import render_signin
from icusync.web.signup import SignupRefused, find_or_admit

intervals_signin = Blueprint("intervals_signin", __name__)

CALLBACK_PATH = "/oauth/intervals/callback"
BINDING_KEY = "signin_binding"


def callback_url(deps: Deps) -> str:
    return deps.settings.public_url.rstrip("/") + CALLBACK_PATH


@intervals_signin.post("/signin/intervals")
async def start() -> ResponseReturnValue:
    await check_csrf()
    deps = runtime().deps
    settings = deps.settings
    if "intervals-oauth" not in settings.signin_methods or not settings.intervals_client_id:
        return await render_signin("Signing in with Intervals.icu is not set up on this instance.", 400)
    form = await request.form
    invite = form.get("invite", "").strip()
    if invite and not await accounts.invite_is_open(deps.db, invite):
        return await render_signin(
            "That invite code is not valid or has already been used.", 400, invite=invite, next=form.get("next", "")
        )
    binding = session.get(BINDING_KEY)
    if not isinstance(binding, str):
        binding = secrets.token_urlsafe(32)
        session[BINDING_KEY] = binding
    state = new_token()
    next_path = safe_next(form.get("next"), settings.public_url)
    await accounts.save_signin_state(
        deps.db, state, binding, next_path, accounts.invite_hash(invite) if invite else None
    )
    url = deps.intervals.authorize_url(settings.intervals_client_id, callback_url(deps), state)
    return redirect(url, 303)


@intervals_signin.get(CALLBACK_PATH)
async def callback() -> ResponseReturnValue:
    deps = runtime().deps
    state = request.args.get("state", "")
    if not state:
        raise InputError("This sign-in link is missing its state, so it cannot be trusted. Start signing in again.")
    pending = await accounts.consume_signin_state(deps.db, state)
    binding = session.get(BINDING_KEY)
    if pending is None:
        raise InputError("This sign-in link has expired or was already used. Start signing in again.")
    if not isinstance(binding, str) or not same(token_hash(binding), pending.binding_hash):
        raise InputError(
            "This sign-in was started in another browser or session. Start signing in again from this browser."
        )
    if request.args.get("error"):
        raise InputError("Intervals.icu did not grant access, so you are not signed in. You can try again any time.")
    code = request.args.get("code", "")
    if not code:
        raise InputError("Intervals.icu sent no authorization code. Start signing in again.")
    token = await _exchange(deps, code)
    cred = UpstreamCredential(
        athlete_id=str(token["athlete"]["id"]),
        kind="oauth",
        secret=str(token["access_token"]),
        scope=str(token.get("scope") or ""),
    )
    athlete = await deps.intervals.get_athlete(cred)
    try:
        user = await find_or_admit(deps, cred.athlete_id, athlete, pending.invite_hash)
    except SignupRefused:
        await _forget_upstream(deps, cred)
        raise
    await users.save_credential(deps.db, deps.sealer, user.id, "oauth", cred.secret, cred.scope)
    session.pop(BINDING_KEY, None)
    await sign_in(user)
    return redirect(next_or_default(pending.next_path, deps.settings.public_url), 303)


async def _exchange(deps: Deps, code: str) -> dict[str, Any]:
    settings = deps.settings
    assert settings.intervals_client_id and settings.intervals_client_secret  # checked when the flow started
    try:
        token = await deps.intervals.exchange_code(
            settings.intervals_client_id, settings.intervals_client_secret, code, callback_url(deps)
        )
    except (CredentialRejected, UpstreamBadRequest) as exc:
        raise UpstreamError(
            "Intervals.icu refused the sign-in code (codes last two minutes, and this app's settings must match). "
            "Start signing in again."
        ) from exc
    if not isinstance(token, dict):
        raise UpstreamError("Intervals.icu answered the sign-in with something other than a token. Try again.")
    athlete = token.get("athlete")
    if not token.get("access_token") or not isinstance(athlete, dict) or not athlete.get("id"):
        raise UpstreamError("Intervals.icu answered the sign-in without a token or athlete id. Try again.")
    return token


async def _forget_upstream(deps: Deps, cred: UpstreamCredential) -> None:
    """We may not keep this athlete: withdraw the grant they just gave, best effort."""
    with contextlib.suppress(UpstreamError):
        await deps.intervals.disconnect_app(cred)
