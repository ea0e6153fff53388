"""Deleting an account and all its data, behind a typed confirmation."""

from __future__ import annotations

from quart import Blueprint, render_template, request
from quart.typing import ResponseReturnValue

from icusync.services.account_removal import delete_account as remove_account
from icusync.web.dashboard import signed_in
from icusync.web.session import check_csrf, login_required, sign_out

account = Blueprint("account", __name__)

CONFIRM_WORD = "DELETE"


@account.get("/account/delete")
@login_required
async def confirm_delete() -> ResponseReturnValue:
    _, user = await signed_in()
    return await render_template("delete_account.html", user=user, confirm_word=CONFIRM_WORD, error=None)


@account.post("/account/delete")
@login_required
async def delete_account() -> ResponseReturnValue:
    await check_csrf()
    deps, user = await signed_in()
    if (await request.form).get("confirm", "").strip() != CONFIRM_WORD:
        html = await render_template(
            "delete_account.html",
            user=user,
            confirm_word=CONFIRM_WORD,
            error=f"Type {CONFIRM_WORD} in capitals to confirm. Nothing was deleted.",
        )
        return html, 400
    # Its message says when Intervals.icu could not be told, and what to do there instead.
    removed = await remove_account(deps, user)
    await sign_out()
    return await render_template("account_deleted.html", disconnected=removed.message)
