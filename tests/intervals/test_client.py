"""Every client method against the demo Intervals.icu, and each fault mapped to its typed error."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import httpx
import pytest

from icusync.demo import DemoUpstream
from icusync.errors import (
    CredentialRejected,
    RateLimited,
    UpstreamBadRequest,
    UpstreamNotFound,
    UpstreamUnavailable,
)
from icusync.intervals.client import IntervalsClient, parse_retry_after
from icusync.intervals.credential import UpstreamCredential
from tests.harness import free_port, new_demo, running

BASE = "http://demo.test/demo-intervals"


@pytest.fixture
def demo() -> DemoUpstream:
    return new_demo(seed=3)


@pytest.fixture
async def client(demo: DemoUpstream) -> AsyncIterator[IntervalsClient]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=demo.asgi)) as http:
        yield IntervalsClient(http, BASE, rate=1000, timeout=2)


@pytest.fixture
def cred(demo: DemoUpstream) -> UpstreamCredential:
    athlete = demo.athlete_ids[0]
    return UpstreamCredential(athlete_id=athlete, kind="api_key", secret=demo.api_key(athlete))


async def test_athlete_and_sport_settings(client: IntervalsClient, cred: UpstreamCredential) -> None:
    athlete = await client.get_athlete(cred)
    assert athlete["id"] == cred.athlete_id and athlete["timezone"]
    sports = await client.list_sport_settings(cred)
    ride = next(s for s in sports if "Ride" in s["types"])
    run = next(s for s in sports if "Run" in s["types"])
    assert ride["ftp"] > 100 and ride["power_zones"][-1] == 999
    assert 2.5 < run["threshold_pace"] < 6  # m/s


async def test_activities_list_search_detail(
    client: IntervalsClient, cred: UpstreamCredential, demo: DemoUpstream
) -> None:
    today = demo.today
    acts = await client.list_activities(cred, today - timedelta(days=30), today)
    assert acts, "a month of training"
    dates = [a["start_date_local"] for a in acts]
    assert dates == sorted(dates, reverse=True)  # newest first
    real = next(a for a in acts if a.get("source") != "STRAVA" and a.get("type") in ("Ride", "Run"))
    detail = await client.get_activity(cred, real["id"])
    assert detail["id"] == real["id"] and "icu_intervals" in detail
    intervals = await client.get_intervals(cred, real["id"])
    assert intervals["id"] == real["id"]
    several = await client.get_activities(cred, [a["id"] for a in acts[:2]])
    assert {a["id"] for a in several} == {a["id"] for a in acts[:2]}
    word = real["name"].split()[0]
    found = await client.search_activities(cred, word)
    assert any(a["id"] == real["id"] for a in found) or len(found) > 0
    limited = await client.list_activities(cred, today - timedelta(days=30), today, limit=3)
    assert len(limited) == 3


async def test_wellness_read_and_partial_update(
    client: IntervalsClient, cred: UpstreamCredential, demo: DemoUpstream
) -> None:
    day = demo.today - timedelta(days=1)
    rows = await client.list_wellness(cred, day - timedelta(days=6), day)
    assert [r["id"] for r in rows][-1] == day.isoformat() and len(rows) == 7
    before = await client.get_wellness(cred, day)
    await client.update_wellness(cred, day, {"soreness": 3, "comments": "legs heavy"})
    after = await client.get_wellness(cred, day)
    assert after["soreness"] == 3 and after["comments"] == "legs heavy"
    assert after["restingHR"] == before["restingHR"]  # untouched fields stay


async def test_events_create_upsert_update_delete(
    client: IntervalsClient, cred: UpstreamCredential, demo: DemoUpstream
) -> None:
    day = (demo.today + timedelta(days=3)).isoformat() + "T00:00:00"
    event = {
        "category": "WORKOUT",
        "type": "Run",
        "name": "Easy run",
        "start_date_local": day,
        "description": "- 40m 70-80% Pace",
        "external_id": "icusync-test-1",
    }
    first = await client.upsert_events(cred, [event])
    again = await client.upsert_events(cred, [{**event, "name": "Easy run (moved)"}])
    assert first[0]["id"] == again[0]["id"]  # upsert by external_id, no duplicate
    listed = await client.list_events(cred, demo.today, demo.today + timedelta(days=6))
    assert sum(1 for e in listed if e.get("external_id") == "icusync-test-1") == 1
    created = await client.create_event(cred, {**event, "external_id": None, "name": "Note", "category": "NOTE"})
    updated = await client.update_event(cred, created["id"], {"name": "Renamed"})
    assert updated["name"] == "Renamed"
    assert (await client.get_event(cred, created["id"]))["name"] == "Renamed"
    await client.delete_event(cred, created["id"])
    with pytest.raises(UpstreamNotFound):
        await client.get_event(cred, created["id"])
    assert await client.bulk_delete_events(cred, [{"external_id": "icusync-test-1"}]) == 1


async def test_curves_and_summary(client: IntervalsClient, cred: UpstreamCredential, demo: DemoUpstream) -> None:
    power = await client.power_curves(cred, "Ride", ["42d", "1y"])
    assert [c["id"] for c in power["list"]] == ["42d", "1y"]
    pace = await client.pace_curves(cred, "Run", ["42d"])
    assert pace["list"][0]["distance"]
    hr = await client.hr_curves(cred, "Run", ["42d"])
    assert hr["list"][0]["values"]


async def test_streams_in_one_request_keyed_by_type(
    client: IntervalsClient, cred: UpstreamCredential, demo: DemoUpstream
) -> None:
    acts = await client.list_activities(cred, demo.today - timedelta(days=14), demo.today)
    ride = next(a for a in acts if "watts" in (a.get("stream_types") or []))
    run = next(a for a in acts if a.get("type") == "Run")
    before = len(demo.requests)
    streams = await client.get_streams(cred, ride["id"], ["time", "watts", "heartrate"])
    assert len(demo.requests) == before + 1
    assert set(streams) == {"time", "watts", "heartrate"} and len(streams["watts"]) == ride["elapsed_time"]
    assert set(await client.get_streams(cred, run["id"], ["watts", "heartrate"])) == {"heartrate"}  # no power meter


async def test_streams_answer_read_as_upstream_names_them() -> None:
    asked: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        asked.append(request.url.params["types"])
        return httpx.Response(200, json=[{"type": "fixed_watts", "data": [200, 210]}, {"type": "cadence"}, "junk"])

    async with httpx.AsyncClient(transport=httpx.MockTransport(answer)) as http:
        client = IntervalsClient(http, BASE, rate=1000, timeout=2)
        cred = UpstreamCredential(athlete_id="i1", kind="api_key", secret="k")
        assert await client.get_streams(cred, "i5", ["watts", "cadence"]) == {"watts": [200, 210]}
    assert asked == ["watts,cadence"]


async def test_library_workout(client: IntervalsClient, cred: UpstreamCredential) -> None:
    made = await client.create_workout(cred, {"name": "Threshold 4x8", "type": "Run", "description": "- 10m 70% Pace"})
    assert made["id"]
    folders = await client.list_folders(cred)
    assert isinstance(folders, list)


async def test_bearer_credential_and_oauth_code_exchange(client: IntervalsClient, demo: DemoUpstream) -> None:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=demo.asgi), base_url=BASE) as browser:
        page = await browser.get(
            "/oauth/authorize",
            params={
                "client_id": "icusync-demo",
                "redirect_uri": "http://app.test/cb",
                "scope": "ACTIVITY:READ,CALENDAR:WRITE,SETTINGS:READ",
                "state": "s1",
                "response_type": "code",
            },
        )
        assert page.status_code == 200
        approved = await browser.post(
            "/oauth/authorize",
            params=dict(page.url.params),
            data={
                "athlete_id": demo.athlete_ids[1],
                "scope": ["ACTIVITY:READ", "CALENDAR:WRITE", "SETTINGS:READ"],
                "decision": "approve",
            },
        )
        assert approved.status_code in (302, 303)
        code = httpx.URL(approved.headers["location"]).params["code"]
    token = await client.exchange_code("icusync-demo", "demo-secret", code, "http://app.test/cb")
    assert token["athlete"]["id"] == demo.athlete_ids[1] and "refresh_token" not in token
    cred = UpstreamCredential(athlete_id=demo.athlete_ids[1], kind="oauth", secret=token["access_token"])
    assert (await client.get_athlete(cred))["id"] == demo.athlete_ids[1]
    await client.disconnect_app(cred)
    with pytest.raises(CredentialRejected):
        await client.get_athlete(cred)


async def test_bad_client_secret_is_credential_rejected(client: IntervalsClient) -> None:
    with pytest.raises(CredentialRejected):
        await client.exchange_code("icusync-demo", "wrong", "0" * 32, "http://app.test/cb")


async def test_faults_map_to_typed_errors(
    client: IntervalsClient, cred: UpstreamCredential, demo: DemoUpstream
) -> None:
    demo.faults.rate_limit(count=1, retry_after=17)
    with pytest.raises(RateLimited) as limited:
        await client.get_athlete(cred)
    assert limited.value.retry_after == 17
    demo.faults.rate_limit(count=1, retry_after=30, http_date=True)
    with pytest.raises(RateLimited) as dated:
        await client.get_athlete(cred)
    assert dated.value.retry_after is not None and 0 <= dated.value.retry_after <= 31
    demo.faults.server_error(count=1, status=503)
    with pytest.raises(UpstreamUnavailable):
        await client.get_athlete(cred)
    assert (await client.get_athlete(cred))["id"] == cred.athlete_id  # faults expire
    demo.faults.slow(30)  # far past a 0.2 s timeout: the in-memory transport has none, the deadline holds
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=demo.asgi)) as http:
        impatient = IntervalsClient(http, BASE, rate=1000, timeout=0.2)
        with pytest.raises(UpstreamUnavailable, match="in time"):
            await impatient.get_athlete(cred)
    demo.faults.clear()
    demo.faults.revoke(cred.athlete_id)
    with pytest.raises(CredentialRejected):
        await client.get_athlete(cred)


async def test_not_found_and_bad_request_carry_upstream_message(
    client: IntervalsClient, cred: UpstreamCredential
) -> None:
    with pytest.raises(UpstreamNotFound):
        await client.get_activity(cred, "i999999999")
    with pytest.raises(UpstreamBadRequest) as bad:
        await client.create_event(
            cred, {"category": "NOTE", "name": "x" * 200, "start_date_local": "2026-12-01T00:00:00"}
        )
    assert bad.value.upstream_message


async def test_another_athletes_data_is_access_denied(client: IntervalsClient, demo: DemoUpstream) -> None:
    a, b = demo.athlete_ids[:2]
    wrong = UpstreamCredential(athlete_id=b, kind="api_key", secret=demo.api_key(a))
    with pytest.raises(CredentialRejected, match="403"):
        await client.get_athlete(wrong)


def test_retry_after_forms() -> None:
    assert parse_retry_after("20") == 20
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470.0) == 10
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None


def test_credential_repr_hides_secret() -> None:
    cred = UpstreamCredential(athlete_id="i1", kind="api_key", secret="s3cret")
    assert "s3cret" not in repr(cred)
    assert cred.auth_header().startswith("Basic ") and "s3cret" not in cred.auth_header()


async def test_a_slow_upstream_times_out(demo: DemoUpstream, cred: UpstreamCredential) -> None:
    """Timeouts need a real socket (the in-memory transport has none), so serve the demo over HTTP."""
    port = free_port()
    async with running(demo.asgi, port) as base, httpx.AsyncClient() as http:
        client = IntervalsClient(http, base + "/demo-intervals", rate=1000, timeout=0.5)
        assert (await client.get_athlete(cred))["id"] == cred.athlete_id
        demo.faults.slow(2)
        with pytest.raises(UpstreamUnavailable, match="in time"):
            await client.get_athlete(cred)
