"""Signing in and up: the sign-in page, API-key sign-in, demo sign-in and signing out.

"Continue with Intervals.icu" (OAuth) lives in intervals_signin.py.
"""

from __future__ import annotations

import time
from urllib.parse import parse_qs, urlsplit

from quart import Blueprint, current_app, redirect, render_template, request
from quart.typing import ResponseReturnValue

from icusync.errors import CredentialRejected, InputError, UpstreamError, UpstreamNotFound
from icusync.intervals.credential import UpstreamCredential
from icusync.store import accounts, oauth_pending, users
from icusync.store import oauth as oauth_store
from icusync.web.next_url import next_or_default, safe_next
from icusync.web.session import check_csrf, current_user, runtime, sign_in, sign_out, sign_out_everywhere
from icusync.web.signup import SignupRefused, find_or_admit, normalize_athlete_id, profile

signin = Blueprint("signin", __name__)


async def connecting_client(next_path: str | None) -> dict[str, str] | None:
    """When sign-in continues to an assistant's consent page: which app is asking, and where it gets its answer."""
    parts = urlsplit(next_path or "")
    request_id = parse_qs(parts.query).get("request", [""])[0]
    if parts.path != "/oauth/consent" or not request_id:
        return None
    db = runtime().deps.db
    pending = await oauth_pending.peek_pending(db, request_id, int(time.time()))
    client = await oauth_store.get_client(db, pending.client_id) if pending else None
    if pending is None or client is None:
        return None
    return {"name": client.client_name or "An unnamed application", "host": urlsplit(pending.redirect_uri).netloc}


async def render_signin(error: str | None = None, status: int = 200, **form: str) -> ResponseReturnValue:
    settings = runtime().settings
    next_path = safe_next(form.pop("next", None) or request.args.get("next"), settings.public_url)
    html = await render_template(
        "signin.html",
        connecting=await connecting_client(next_path),
        methods=settings.signin_methods,
        demo_ready=settings.demo and "icusync_demo" in current_app.extensions,
        invite_only=settings.signup_policy == "invite",
        next_path=next_path or "",
        error=error,
        form=form,
    )
    return html, status


@signin.get("/signin")
async def signin_page() -> ResponseReturnValue:
    user = await current_user()
    if user is not None and await accounts.credential_summary(runtime().deps.db, user.id) is not None:
        return redirect(next_or_default(request.args.get("next"), runtime().settings.public_url))
    return await render_signin()


@signin.post("/signin/api-key")
async def signin_api_key() -> ResponseReturnValue:
    await check_csrf()
    deps = runtime().deps
    if "api-key" not in deps.settings.signin_methods:
        return await render_signin("Signing in with an API key is turned off on this instance.", 400)
    form = await request.form
    athlete_id = normalize_athlete_id(form.get("athlete_id", ""))
    api_key = form.get("api_key", "").strip()
    invite = form.get("invite", "").strip()
    keep = {"athlete_id": athlete_id, "invite": invite, "next": form.get("next", "")}
    if not athlete_id or not api_key:
        return await render_signin("Enter both your athlete id and your API key.", 400, **keep)
    # Athlete "0" is the key's owner: a coach's key can read the athletes they coach, so
    # reading the typed athlete alone would let it sign in as them.
    cred = UpstreamCredential(athlete_id="0", kind="api_key", secret=api_key)
    try:
        athlete = await deps.intervals.get_athlete(cred)
    except (CredentialRejected, UpstreamNotFound):
        return await render_signin(
            f"Intervals.icu did not accept this API key for athlete {athlete_id}. Copy both again from "
            "Intervals.icu → Settings → Developer Settings. Nothing was saved.",
            400,
            **keep,
        )
    except UpstreamError as exc:
        return await render_signin(f"{exc.message}. Nothing was saved; try again in a minute.", 502, **keep)
    owner = str(athlete.get("id") or "")
    if owner != athlete_id:
        return await render_signin(
            f"This API key belongs to athlete {owner or 'unknown'}, not {athlete_id}. Sign in with your own "
            "athlete id and API key. Nothing was saved.",
            403,
            **keep,
        )
    invite_hash = accounts.invite_hash(invite) if invite else None
    try:
        user = await find_or_admit(deps, athlete_id, athlete, invite_hash)
    except SignupRefused as exc:
        return await render_signin(exc.message, 403, **keep)
    await users.save_credential(deps.db, deps.sealer, user.id, "api_key", api_key)
    await sign_in(user)
    return redirect(next_or_default(form.get("next"), deps.settings.public_url), 303)


@signin.post("/signin/demo")
async def signin_demo() -> ResponseReturnValue:
    """One click into the synthetic demo athlete (or their coach); only in demo mode, where nothing real
    is at stake."""
    await check_csrf()
    deps = runtime().deps
    demo = current_app.extensions.get("icusync_demo")
    if not deps.settings.demo or "demo" not in deps.settings.signin_methods or demo is None:
        raise InputError("Demo sign-in is only available on a demo instance.")
    form = await request.form
    athlete_id = demo.coach_id if form.get("as") == "coach" and demo.coach_id else demo.athlete_ids[0]
    user = await users.get_user_by_athlete(deps.db, athlete_id)
    if user is None or await accounts.credential_summary(deps.db, user.id) is None:
        cred = UpstreamCredential(athlete_id=athlete_id, kind="api_key", secret=demo.api_key(athlete_id))
        athlete = await deps.intervals.get_athlete(cred)
        # The demo athlete is synthetic: the sign-up policy guards real accounts, not this one.
        name, timezone = profile(athlete)
        user = await users.upsert_user(deps.db, athlete_id, name or "Demo Athlete", timezone)
        await users.save_credential(deps.db, deps.sealer, user.id, "api_key", cred.secret)
    await sign_in(user)
    return redirect(next_or_default(form.get("next"), deps.settings.public_url), 303)


@signin.post("/signout")
async def signout() -> ResponseReturnValue:
    await check_csrf()
    await sign_out()
    return redirect("/", 303)


@signin.post("/signout/everywhere")
async def signout_everywhere() -> ResponseReturnValue:
    """End every session of this person: a browser left signed in elsewhere is signed out too."""
    await check_csrf()
    user = await current_user()
    if user is not None:
        await sign_out_everywhere(user)
    return redirect("/", 303)
