"""What an anonymous client can make the authorization server keep: capped, expiring, swept.

And the edges of /mcp's challenge: no error code when no token was sent (RFC 6750 §3.1),
and no OAuth access token accepted from the personal-URL path.
"""

from __future__ import annotations

import time
from pathlib import Path

from icusync.oauth import policy
from icusync.store import oauth_pending
from tests.oauth.kit import (
    authorize,
    authorize_params,
    call_mcp,
    connect,
    new_client,
    pkce,
    query_of,
    serve,
    sign_in,
)

_, CHALLENGE = pkce()
PENDING_TOTAL = policy.PENDING_TOTAL


async def test_pending_consents_per_address_stay_capped(tmp_path: Path, port: int) -> None:
    async with serve(tmp_path, port) as live, live.http() as http:
        client = await new_client(http)
        for _ in range(policy.PENDING_PER_ADDRESS + 10):
            started = await authorize(http, authorize_params(client, CHALLENGE))
            assert started.status_code == 302 and "/oauth/consent?request=" in started.headers["location"]
        assert await oauth_pending.count_pending(live.db) == policy.PENDING_PER_ADDRESS
        # The newest requests are the ones kept: the page the person has just been sent to works.
        person = await sign_in(live)
        page = await http.get(started.headers["location"], cookies=person.cookies)
        assert page.status_code == 200 and "Test client" in page.text


def pending(client_id: str, now: int) -> oauth_pending.Pending:
    return oauth_pending.Pending(
        client_id=client_id,
        redirect_uri="http://127.0.0.1:9/cb",
        redirect_uri_explicit=True,
        code_challenge=CHALLENGE,
        scopes=("read",),
        resource="http://127.0.0.1/mcp",
        state=None,
        expires_at=now + 600,
    )


async def test_pending_consents_in_total_stay_capped_and_opened_ones_are_kept(tmp_path: Path, port: int) -> None:
    async with serve(tmp_path, port) as live, live.http() as http:
        client_id = (await new_client(http))["client_id"]
        person = await sign_in(live)
        now = int(time.time())
        total = 5
        for i in range(3 * total):
            stored = await oauth_pending.save_pending(
                live.db, f"request-{i}", pending(client_id, now), f"203.0.113.{i}", now=now, per_address=3, total=total
            )
            assert stored
            assert await oauth_pending.count_pending(live.db) <= total
        # Once every waiting request is one a person opened, a new one is refused rather than evicting theirs.
        for i in range(3 * total - total, 3 * total):
            assert await oauth_pending.claim_pending(live.db, f"request-{i}", person.user.id, now) is not None
        refused = await oauth_pending.save_pending(
            live.db, "one-more", pending(client_id, now), "198.51.100.1", now=now, per_address=3, total=total
        )
        assert not refused and await oauth_pending.count_pending(live.db) == total


async def test_a_full_table_answers_temporarily_unavailable(tmp_path: Path, port: int) -> None:
    """The provider's side of a refusal: the client hears a standard error on its redirect URI."""
    async with serve(tmp_path, port) as live, live.http() as http:
        client = await new_client(http)
        person = await sign_in(live)
        now = int(time.time())
        # Straight into the table, each opened by a person: thousands of /authorize calls would only be slow.
        async with live.db.write() as conn:
            await conn.executemany(
                "INSERT INTO oauth_pending (request_hash, client_id, redirect_uri, redirect_uri_explicit, "
                "code_challenge, scopes, resource, state, expires_at, client_address, user_id) "
                "VALUES (?, ?, 'x', 1, 'x', 'read', 'x', NULL, ?, ?, ?)",
                [(f"h{i}", client["client_id"], now + 600, f"a{i}", person.user.id) for i in range(PENDING_TOTAL)],
            )
        answer = await authorize(http, authorize_params(client, CHALLENGE, state="s1"))
        assert answer.status_code == 302
        back = query_of(answer.headers["location"])
        assert back["error"] == "temporarily_unavailable" and back["state"] == "s1"
        assert await oauth_pending.count_pending(live.db) == policy.PENDING_TOTAL


async def test_no_token_no_error_code_but_a_bad_token_has_one(tmp_path: Path, port: int) -> None:
    async with serve(tmp_path, port) as live, live.http() as http:
        anonymous = await call_mcp(http, None)
        assert anonymous.status_code == 401
        challenge = anonymous.headers["www-authenticate"]
        assert challenge == f'Bearer resource_metadata="{live.base}/.well-known/oauth-protected-resource/mcp"'
        bad = await call_mcp(http, "icusync_at_" + "y" * 43)
        assert bad.status_code == 401 and 'error="invalid_token"' in bad.headers["www-authenticate"]


async def test_an_access_token_in_the_personal_url_path_is_refused(tmp_path: Path, port: int) -> None:
    async with serve(tmp_path, port) as live, live.http() as http:
        person = await sign_in(live)
        _, tokens = await connect(http, person)
        access = tokens["access_token"]
        assert (await call_mcp(http, access)).status_code == 200  # in the header it works
        headers = {"Accept": "application/json, text/event-stream", "Content-Type": "application/json"}
        in_path = await http.post(
            f"/u/{access}/mcp", headers=headers, json={"jsonrpc": "2.0", "id": 1, "method": "tools/list"}
        )
        assert in_path.status_code == 401 and 'error="invalid_token"' in in_path.headers["www-authenticate"]
