"""The demo OAuth: authorize page, code for token, scopes, disconnect."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import httpx

from icusync.demo import DemoUpstream
from tests.demo.conftest import BASE, ClientFactory
from tests.harness import new_demo

REDIRECT = "https://app.example/callback"


async def _authorize(client: httpx.AsyncClient, scope: str, *, grant: list[str] | None = None,
                     athlete: str = "i100001", decision: str = "approve") -> dict[str, list[str]]:
    params = {"client_id": "icusync-demo", "redirect_uri": REDIRECT, "scope": scope, "state": "s1",
              "response_type": "code"}
    page = await client.get("/oauth/authorize", params=params)
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    form = dict(re.findall(r'type="hidden" name="([^"]+)" value="([^"]*)"', page.text))
    boxes = re.findall(r'name="scope" value="([^"]+)" checked', page.text)
    data = {**form, "athlete_id": athlete, "decision": decision, "scope": grant if grant is not None else boxes}
    resp = await client.post("/oauth/authorize", data=data)
    assert resp.status_code == 302
    location = resp.headers["location"]
    assert location.startswith(REDIRECT + "?")
    return parse_qs(urlsplit(location).query, keep_blank_values=True)


async def _token(client: httpx.AsyncClient, code: str, secret: str = "demo-secret") -> httpx.Response:
    return await client.post("/api/oauth/token", data={"client_id": "icusync-demo", "client_secret": secret,
                                                       "code": code, "grant_type": "authorization_code"})


async def test_full_flow(make_client: ClientFactory) -> None:
    web = make_client(athlete=None)
    query = await _authorize(web, "ACTIVITY:READ,WELLNESS:WRITE,CALENDAR:WRITE")
    assert query["state"] == ["s1"] and re.fullmatch(r"[0-9a-f]{32}", query["code"][0])
    resp = await _token(web, query["code"][0])
    body = resp.json()
    assert set(body) == {"token_type", "access_token", "scope", "athlete"}
    assert body["token_type"] == "Bearer" and body["athlete"] == {"id": "i100001", "name": "Sanne de Vries"}
    assert body["scope"] == "ACTIVITY:READ,WELLNESS:WRITE,CALENDAR:WRITE"
    api = make_client(token=body["access_token"])
    assert (await api.get("/api/v1/athlete/0/wellness/2026-03-10")).status_code == 200
    assert (await api.get("/api/v1/athlete/i100001/activities", params={"oldest": "2026-03-01"})).status_code == 200
    event = {"category": "NOTE", "start_date_local": "2026-03-12", "name": "n", "external_id": "x"}
    created = (await api.post("/api/v1/athlete/0/events", json=event)).json()
    assert created["oauth_client_id"] == 2000
    # scopes: ACTIVITY is read-only and SETTINGS was not granted
    assert (await api.put("/api/v1/activity/i1", json={})).json() == {"status": 403, "error": "Access denied"}
    assert (await api.get("/api/v1/athlete/0")).status_code == 403
    assert (await api.get("/api/v1/athlete/i100002/wellness")).status_code == 403
    # upsert by external_id only sees this app's events, not the API key's
    key_api = make_client()
    other = (await key_api.post("/api/v1/athlete/0/events/bulk", params={"upsert": "true"}, json=[event])).json()
    assert other[0]["id"] != created["id"] and other[0]["oauth_client_id"] is None
    assert (await api.delete("/api/v1/disconnect-app")).status_code == 200
    assert (await api.get("/api/v1/athlete/0/wellness")).status_code == 401
    assert (await api.delete("/api/v1/disconnect-app")).status_code == 401
    assert (await key_api.delete("/api/v1/disconnect-app")).status_code == 401


async def test_grant_fewer_scopes_and_pick_athlete(make_client: ClientFactory) -> None:
    web = make_client(athlete=None)
    query = await _authorize(web, "ACTIVITY:WRITE,WELLNESS:READ", grant=["WELLNESS:READ"], athlete="i100002")
    body = (await _token(web, query["code"][0])).json()
    assert body["scope"] == "WELLNESS:READ" and body["athlete"]["id"] == "i100002"
    api = make_client(token=body["access_token"])
    assert (await api.get("/api/v1/athlete/0/wellness")).status_code == 200
    assert (await api.get("/api/v1/athlete/0/activities", params={"oldest": "2026-03-01"})).status_code == 403


async def test_deny(make_client: ClientFactory) -> None:
    query = await _authorize(make_client(athlete=None), "ACTIVITY:READ", decision="deny")
    assert query == {"error": ["access_denied"], "state": ["s1"]}


async def test_code_is_single_use_and_expires(demo: DemoUpstream, make_client: ClientFactory) -> None:
    web = make_client(athlete=None)
    now = [1_800_000_000.0]
    demo.clock = lambda: now[0]
    code = (await _authorize(web, "ACTIVITY:READ"))["code"][0]
    assert (await _token(web, code)).status_code == 200
    again = await _token(web, code)
    assert again.status_code == 400 and again.json()["status"] == 400
    code = (await _authorize(web, "ACTIVITY:READ"))["code"][0]
    now[0] += 121
    assert (await _token(web, code)).status_code == 400
    code = (await _authorize(web, "ACTIVITY:READ"))["code"][0]
    now[0] += 119
    assert (await _token(web, code)).status_code == 200


async def test_bad_client_secret_is_404(make_client: ClientFactory) -> None:
    web = make_client(athlete=None)
    code = (await _authorize(web, "ACTIVITY:READ"))["code"][0]
    resp = await _token(web, code, secret="nope")
    assert resp.status_code == 404 and resp.text == "Client and/or secret not found"
    assert (await _token(web, code)).status_code == 200  # a failed exchange does not burn the code


async def test_authorize_errors() -> None:
    demo = new_demo(oauth_clients={"app": "s"})
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=demo.asgi), base_url=BASE) as web:
        base = {"client_id": "app", "redirect_uri": REDIRECT, "scope": "ACTIVITY:READ"}
        assert (await web.get("/oauth/authorize", params=base)).status_code == 200
        for bad in ({"client_id": "nope"}, {"redirect_uri": ""}, {"scope": "ACTIVITY:READ,ACTIVITY:WRITE"},
                    {"scope": "BIKES:READ"}):
            resp = await web.get("/oauth/authorize", params={**base, **bad})
            assert resp.status_code == 400 and "location" not in resp.headers
        dup = await web.get("/oauth/authorize", params={**base, "scope": "ACTIVITY:READ,ACTIVITY:WRITE"})
        assert "Duplicate scope" in dup.text
