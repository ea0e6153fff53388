"""Who is signed in, and the CSRF token every form carries.

The cookie is Quart's signed one (itsdangerous) holding a random session id and the
CSRF token; the session itself lives in the database (store/sessions.py) and is looked
up on each request. Signing out ends it there, so a copy of the cookie stops working;
deleting the account or signing out everywhere ends all of a person's sessions.
"""

from __future__ import annotations

import functools
import secrets
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar, cast
from urllib.parse import quote

from quart import current_app, g, redirect, request, session

from icusync.crypto import same
from icusync.errors import Forbidden
from icusync.services.runtime import Runtime
from icusync.store import sessions
from icusync.store.users import User

F = TypeVar("F", bound=Callable[..., Awaitable[Any]])


def runtime() -> Runtime:
    rt: Runtime = current_app.extensions["icusync"]
    return rt


SESSION_ID = "sid"
_UNSET = object()


async def current_user() -> User | None:
    """The person whose live session this cookie names (looked up once per request)."""
    cached = g.get("icusync_user", _UNSET)
    if cached is not _UNSET:
        return cast(User | None, cached)
    sid = session.get(SESSION_ID)
    user = await sessions.session_user(runtime().deps.db, sid) if isinstance(sid, str) else None
    g.icusync_user = user
    return user


async def sign_in(user: User) -> None:
    # A fresh session on sign-in: nothing from before (e.g. a planted CSRF token) survives.
    await _end_this_session()
    lifetime = int(current_app.permanent_session_lifetime.total_seconds())
    session[SESSION_ID] = await sessions.start_session(runtime().deps.db, user.id, lifetime)
    session["csrf"] = secrets.token_urlsafe(32)
    session.permanent = True
    g.icusync_user = user


async def sign_out() -> None:
    await _end_this_session()
    g.icusync_user = None


async def sign_out_everywhere(user: User) -> int:
    """End every session of this person, this one included; return how many ended."""
    ended = await sessions.end_all_sessions(runtime().deps.db, user.id)
    await sign_out()
    return ended


async def _end_this_session() -> None:
    sid = session.get(SESSION_ID)
    if isinstance(sid, str):
        await sessions.end_session(runtime().deps.db, sid)
    session.clear()


def csrf_token() -> str:
    token = session.get("csrf")
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        session["csrf"] = token
    return token


async def check_csrf() -> None:
    """Refuse a form POST whose csrf_token field is missing or not this session's."""
    form = await request.form
    sent = form.get("csrf_token", "")
    expected = session.get("csrf")
    if not isinstance(expected, str) or not sent or not same(sent, expected):
        raise Forbidden("This form has expired or did not come from this site. Reload the page and try again.")


def login_required(view: F) -> F:
    """Send people who are not signed in to the sign-in page, then back here."""

    @functools.wraps(view)
    async def wrapper(*args: Any, **kwargs: Any) -> Any:
        if await current_user() is None:
            target = request.full_path if request.query_string else request.path
            return redirect("/signin?next=" + quote(target, safe=""))
        return await view(*args, **kwargs)

    return wrapper  # type: ignore[return-value]
