"""Sign-in forms: a burst of attempts from one address is cut off before it reaches Intervals.icu."""

from __future__ import annotations

from tests.web.conftest import Site, sign_in_with_key


def upstream_checks(site: Site) -> int:
    return sum(1 for method, path in site.demo.requests if method == "GET" and path.endswith("/athlete/0"))


async def test_api_key_guessing_is_throttled(site: Site) -> None:
    ada = site.athletes[0]
    async with site.client() as http:
        statuses = [(await sign_in_with_key(http, ada, f"guess-{i}")).status_code for i in range(12)]
        assert statuses[:10] == [400] * 10  # each a real check, each refused
        blocked = await sign_in_with_key(http, ada, site.key(ada))
    assert statuses[10:] == [429, 429]
    assert blocked.status_code == 429 and int(blocked.headers["Retry-After"]) > 0
    assert "Too many sign-in attempts" in blocked.text
    assert upstream_checks(site) == 10  # the throttled attempts never reached Intervals.icu
