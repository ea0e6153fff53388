"""Who is signed in, and the CSRF token every form carries.

Sessions are Quart's signed cookies (itsdangerous) holding only the user id
and the CSRF token; the user is re-read from the database on each request, so
a deleted account is signed out everywhere at once.
"""

from __future__ import annotations

import functools
import secrets
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar
from urllib.parse import quote

from quart import current_app, redirect, request, session

from icusync.crypto import same
from icusync.errors import Forbidden
from icusync.services.runtime import Runtime
from icusync.store import users
from icusync.store.users import User

F = TypeVar("F", bound=Callable[..., Awaitable[Any]])


def runtime() -> Runtime:
    rt: Runtime = current_app.extensions["icusync"]
    return rt


async def current_user() -> User | None:
    uid = session.get("uid")
    if not isinstance(uid, int):
        return None
    return await users.get_user(runtime().deps.db, uid)


def sign_in(user: User) -> None:
    # A fresh session on sign-in: nothing from before (e.g. a planted CSRF token) survives.
    session.clear()
    session["uid"] = user.id
    session["csrf"] = secrets.token_urlsafe(32)
    session.permanent = True


def sign_out() -> None:
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
