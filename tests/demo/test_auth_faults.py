"""Auth failures, error shapes, and the switchable faults."""

from __future__ import annotations

import asyncio
import email.utils

import httpx
import pytest

from icusync.demo import DemoUpstream
from tests.demo.conftest import BASE, ClientFactory


async def test_bad_or_missing_key_is_401(demo: DemoUpstream) -> None:
    transport = httpx.ASGITransport(app=demo.asgi)
    async with httpx.AsyncClient(transport=transport, base_url=BASE) as anon:
        assert (await anon.get("/api/v1/athlete/0")).status_code == 401
        for auth in (("API_KEY", "wrong"), ("API_KEY", ""), ("someone", demo.api_key(demo.athlete_ids[0]))):
            resp = await anon.get("/api/v1/athlete/0", auth=auth)
            assert resp.status_code == 401 and resp.json() == {"status": 401, "error": "Unauthorized"}


async def test_key_as_bearer_and_foreign_athlete_are_403(demo: DemoUpstream, make_client: ClientFactory) -> None:
    key = demo.api_key(demo.athlete_ids[0])
    resp = await make_client(token=key).get("/api/v1/athlete/0")
    assert resp.status_code == 403 and resp.json() == {"status": 403, "error": "Access denied"}
    api = make_client()
    other = demo.athlete_ids[1]
    for path in (f"/api/v1/athlete/{other}", f"/api/v1/athlete/{other}/wellness"):
        resp = await api.get(path)
        assert resp.status_code == 403 and resp.json() == {"status": 403, "error": "Access denied"}
    mine = (await api.get(f"/api/v1/athlete/{demo.athlete_ids[0]}")).json()
    assert mine == (await api.get("/api/v1/athlete/0")).json()
    acts = (await make_client(athlete=1).get("/api/v1/athlete/0/activities", params={"oldest": "2026-03-01"})).json()
    assert (await api.get(f"/api/v1/activity/{acts[0]['id']}")).status_code == 403


async def test_unknown_route_is_spring_404(api: httpx.AsyncClient) -> None:
    resp = await api.get("/api/v1/athlete/0/fitness")
    body = resp.json()
    assert resp.status_code == 404 and set(body) == {"timestamp", "status", "error", "path"}
    assert body["status"] == 404 and body["error"] == "Not Found" and body["path"] == "/api/v1/athlete/0/fitness"
    assert (await api.get("/api/v1/athlete/0/events.json")).status_code == 200  # {format} suffix accepted


async def test_validation_is_422(api: httpx.AsyncClient) -> None:
    resp = await api.get("/api/v1/athlete/0/activities")
    assert resp.status_code == 422 and resp.json()["status"] == 422 and "oldest" in resp.json()["error"]
    resp = await api.get("/api/v1/athlete/0/wellness", params={"oldest": "March"})
    assert resp.status_code == 422


async def test_rate_limit_in_seconds_then_recovers(demo: DemoUpstream, api: httpx.AsyncClient) -> None:
    demo.faults.rate_limit(count=2, retry_after=7)
    for _ in range(2):
        resp = await api.get("/api/v1/athlete/0")
        assert resp.status_code == 429 and resp.headers["Retry-After"] == "7"
        assert resp.json()["status"] == 429
    assert (await api.get("/api/v1/athlete/0")).status_code == 200


async def test_rate_limit_as_http_date(demo: DemoUpstream, api: httpx.AsyncClient) -> None:
    demo.clock = lambda: 1_800_000_000.0
    demo.faults.rate_limit(retry_after=30, http_date=True)
    resp = await api.get("/api/v1/athlete/0")
    when = email.utils.parsedate_to_datetime(resp.headers["Retry-After"])
    assert resp.status_code == 429 and when.timestamp() == 1_800_000_030


async def test_server_error_and_clear(demo: DemoUpstream, api: httpx.AsyncClient) -> None:
    demo.faults.server_error(count=3, status=502)
    assert (await api.get("/api/v1/athlete/0")).status_code == 502
    demo.faults.clear()
    assert (await api.get("/api/v1/athlete/0")).status_code == 200
    demo.faults.server_error()
    resp = await api.get("/api/v1/athlete/0/wellness")
    assert resp.status_code == 503 and resp.json() == {"status": 503, "error": "Service Unavailable"}


async def test_slow(demo: DemoUpstream, api: httpx.AsyncClient) -> None:
    demo.faults.slow(30)
    with pytest.raises(TimeoutError):  # still waiting long after a normal answer would have come
        await asyncio.wait_for(api.get("/api/v1/athlete/0"), 0.5)
    demo.faults.slow(0)
    assert (await api.get("/api/v1/athlete/0")).status_code == 200


async def test_revoke(demo: DemoUpstream, make_client: ClientFactory) -> None:
    demo.faults.revoke(demo.athlete_ids[0])
    assert (await make_client().get("/api/v1/athlete/0")).status_code == 401
    assert (await make_client(athlete=1).get("/api/v1/athlete/0")).status_code == 200
    demo.faults.clear()
    assert (await make_client().get("/api/v1/athlete/0")).status_code == 200


async def test_faults_over_http_and_request_log(demo: DemoUpstream, api: httpx.AsyncClient) -> None:
    resp = await api.post("/_faults", json={"action": "rate_limit", "count": 1, "retry_after": 3})
    assert resp.status_code == 200
    assert (await api.get("/api/v1/athlete/0")).status_code == 429
    assert (await api.post("/_faults", json={"action": "explode"})).status_code == 422
    demo.requests.clear()
    await api.get("/api/v1/athlete/0/wellness")
    await api.get("/api/v1/athlete/0/wellness")
    assert list(demo.requests) == [("GET", "/demo-intervals/api/v1/athlete/0/wellness")] * 2


async def test_a_public_demo_has_no_fault_switch_and_a_bounded_request_log() -> None:
    import httpx as plain

    from icusync.cli.demo_wiring import demo_upstream

    demo = demo_upstream()
    async with plain.AsyncClient(transport=plain.ASGITransport(app=demo.asgi), base_url="http://d") as http:
        answer = await http.post(
            "/demo-intervals/_faults", json={"action": "revoke", "athlete_id": demo.athlete_ids[0]}
        )
    assert answer.status_code == 404 and answer.json()["path"] == "/demo-intervals/_faults"
    assert not demo.faults.revoked
    assert demo.requests.maxlen is not None
