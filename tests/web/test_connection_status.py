"""The dashboard's Intervals.icu status comes from the latest call, not from a flag that stuck."""

from __future__ import annotations

from icusync.store import accounts, users
from tests.web.conftest import Site, sign_in_with_key

REJECTED = "Intervals.icu rejected the stored"


async def test_a_passing_401_stops_asking_for_a_reconnect(site: Site) -> None:
    ada = site.athletes[0]
    async with site.client() as http:
        assert (await sign_in_with_key(http, ada, site.key(ada))).status_code == 303
        user = await users.get_user_by_athlete(site.deps.db, ada)
        assert user is not None
        site.demo.faults.revoke(ada)
        await users.mark_credential(site.deps.db, user.id, "rejected")  # what a tool call meeting the 401 records
        assert REJECTED in (await http.get("/dashboard")).text  # asked again: still refused
        site.demo.faults.revoked.clear()
        site.demo.faults.server_error(count=10)
        assert REJECTED in (await http.get("/dashboard")).text  # cannot tell during an outage: keeps what it knew
        site.demo.faults.clear()
        page = (await http.get("/dashboard")).text  # Intervals.icu takes the key again
        assert REJECTED not in page and "Connected with an API key" in page
    summary = await accounts.credential_summary(site.deps.db, user.id)
    assert summary is not None and summary.status == "ok"
