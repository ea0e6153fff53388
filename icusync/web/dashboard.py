"""The signed-in athlete's dashboard: connector URL and setup, Intervals.icu status,
connected clients, the personal connector URL, and disconnecting Intervals.icu."""

from __future__ import annotations

from quart import Blueprint, flash, redirect, render_template, request
from quart.typing import ResponseReturnValue

from icusync.crypto import SealError, new_token
from icusync.errors import CredentialRejected, IcusyncError, NotSignedIn, UpstreamForbidden
from icusync.services.account_removal import disconnect_intervals
from icusync.services.connection_status import connection_status, mark_working
from icusync.services.roster import Reachable, own, roster_of
from icusync.services.runtime import Deps
from icusync.services.undo import undo_last
from icusync.store import oauth as oauth_store
from icusync.store import users, writes
from icusync.store.users import User
from icusync.web.history import history_context, words_for
from icusync.web.session import check_csrf, current_user, login_required, runtime
from icusync.web.training import training_glance

dashboard = Blueprint("dashboard", __name__)
RECENT_WRITES = 10


async def signed_in() -> tuple[Deps, User]:
    user = await current_user()
    if user is None:  # login_required already redirected; this keeps the type checker honest
        raise NotSignedIn("Sign in first.")
    return runtime().deps, user


async def reachable(deps: Deps, user: User) -> list[Reachable]:
    """Who the connection reaches on Intervals.icu (only the owner when that cannot be read now)."""
    try:
        cred = await users.load_credential(deps.db, deps.sealer, user)
    except SealError:
        cred = None
    return [own(user)] if cred is None else await roster_of(deps, user, cred)


async def render_dashboard(new_personal_url: str | None = None) -> str:
    deps, user = await signed_in()
    roster = await reachable(deps, user)
    names = {r.athlete_id: r.name or r.athlete_id for r in roster}
    return await render_template(
        "dashboard.html",
        user=user,
        roster=roster,
        mcp_url=deps.settings.mcp_url,
        credential=await connection_status(deps, user),
        clients=await oauth_store.list_user_clients(deps.db, user.id),
        personal_url_scopes=await users.personal_url_scopes(deps.db, user.id),
        new_personal_url=new_personal_url,
        methods=deps.settings.signin_methods,
        training=await training_glance(deps, user),
        **history_context(await writes.recent(deps.db, user.id, RECENT_WRITES), user.timezone, user.id, names),
    )


@dashboard.get("/dashboard")
@login_required
async def show() -> ResponseReturnValue:
    return await render_dashboard()


@dashboard.post("/dashboard/personal-url")
@login_required
async def create_personal_url() -> ResponseReturnValue:
    """Create or rotate: the secret is shown in this response only and stored hashed."""
    await check_csrf()
    deps, user = await signed_in()
    secret = new_token()
    # Read-only unless the owner asked for writes too: the URL works without any sign-in.
    access = (await request.form).get("access")
    await users.set_personal_url(deps.db, user.id, secret, ("read", "write") if access == "write" else ("read",))
    return await render_dashboard(new_personal_url=deps.settings.personal_url(secret))


@dashboard.post("/dashboard/personal-url/disable")
@login_required
async def disable_personal_url() -> ResponseReturnValue:
    await check_csrf()
    deps, user = await signed_in()
    await users.clear_personal_url(deps.db, user.id)
    await flash("Your personal connector URL is turned off; clients using it can no longer connect.")
    return redirect("/dashboard", 303)


@dashboard.post("/dashboard/clients/revoke")
@login_required
async def revoke_client() -> ResponseReturnValue:
    await check_csrf()
    deps, user = await signed_in()
    client_id = (await request.form).get("client_id", "")
    # Scoped to this user: another athlete's client id is not in their list and revokes nothing.
    mine = {c.client_id for c in await oauth_store.list_user_clients(deps.db, user.id)}
    if client_id in mine:
        await oauth_store.revoke_user_client(deps.db, user.id, client_id)
        await flash("Access revoked. That app must be connected again before it can reach your data.")
    else:
        await flash("That app was not connected to your account, so there was nothing to revoke.")
    return redirect("/dashboard", 303)


@dashboard.post("/dashboard/disconnect")
@login_required
async def disconnect() -> ResponseReturnValue:
    await check_csrf()
    deps, user = await signed_in()
    await flash((await disconnect_intervals(deps, user)).message)
    return redirect("/dashboard", 303)


@dashboard.post("/dashboard/undo")
@login_required
async def undo() -> ResponseReturnValue:
    """Undo the newest change the assistant made through icusync."""
    await check_csrf()
    deps, user = await signed_in()
    cred = await users.load_credential(deps.db, deps.sealer, user)
    if cred is None:
        await flash("Connect Intervals.icu first: icusync needs it to undo a change there.")
        return redirect("/dashboard", 303)
    try:
        done, what = await undo_last(deps, user.id, cred)
    except IcusyncError as exc:
        if isinstance(exc, CredentialRejected) and not isinstance(exc, UpstreamForbidden):
            await users.mark_credential(deps.db, user.id, "rejected")  # shown above as needing a reconnect
        await flash(f"Nothing was undone: {exc.message}")
    else:
        await mark_working(deps, user)
        await flash(f"Undone: {words_for(done, user.timezone).lower} ({what}).")
    return redirect("/dashboard", 303)
