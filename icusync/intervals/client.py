"""The Intervals.icu client: the only code that talks to Intervals.icu.

One shared `httpx.AsyncClient` (injectable transport), per-user credentials
passed per call, explicit timeouts, a process-wide request rate shared fairly
between athletes (pacing.py), a short-lived read cache per athlete (cache.py),
and every upstream failure mapped to one typed error (statuses.py).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
from collections.abc import Callable, Hashable, Mapping, Sequence
from datetime import date
from typing import Any, TypeVar, cast

import httpx

from icusync.errors import CredentialRejected, UpstreamError, UpstreamNotFound, UpstreamUnavailable
from icusync.intervals.cache import ReadCache, touched_by
from icusync.intervals.credential import UpstreamCredential
from icusync.intervals.pacing import Pacer
from icusync.intervals.statuses import parse_retry_after as parse_retry_after
from icusync.intervals.statuses import raise_for_status

API = "/api/v1"
# How old a cached answer may be, in seconds, unless the caller asks for fresher: the athlete record and
# sport settings (zones, thresholds, timezone), and the lists and details a conversation asks again.
ATHLETE_MAX_AGE = 60.0
LIST_MAX_AGE = 30.0
# Upstream connections, and so requests in flight, at most.
CONNECTIONS = 20

Built = TypeVar("Built")
# Scopes icusync asks for: WRITE implies READ upstream, and naming an area twice is an error.
OAUTH_SCOPES = "ACTIVITY:WRITE,WELLNESS:WRITE,CALENDAR:WRITE,SETTINGS:WRITE,LIBRARY:WRITE,CHATS:WRITE"


def _d(value: date | str) -> str:
    return value.isoformat() if isinstance(value, date) else value


def _decode(content: bytes, path: str) -> Any:
    if not content:
        return None
    try:
        return json.loads(content)
    except json.JSONDecodeError as exc:
        raise UpstreamError("Intervals.icu sent a response that is not JSON") from exc


def _fingerprint(cred: UpstreamCredential) -> bytes:
    """Which credential asked: a cached answer is only ever given back to the same one."""
    return hashlib.sha256(cred.auth_header().encode()).digest()[:16]


def _cache_key(cred: UpstreamCredential, path: str, params: Mapping[str, Any]) -> tuple[str, Hashable]:
    return cred.athlete_id, (_fingerprint(cred), path, tuple(sorted(params.items())))


class IntervalsClient:
    """Requests to Intervals.icu for every athlete of the instance.

    With a `cache`, GETs made for an athlete may be answered from memory if no older than the
    method's `max_age` (ATHLETE_MAX_AGE, LIST_MAX_AGE; 0 for what a write checks), identical GETs in
    flight at once become one, and any other method sent for an athlete drops their cached answers.
    """

    def __init__(
        self,
        http: httpx.AsyncClient,
        base_url: str,
        *,
        rate: float = 8.0,
        timeout: float = 20.0,
        cache: ReadCache | None = None,
        pacer: Pacer | None = None,
        connections: int = CONNECTIONS,
    ) -> None:
        self._http = http
        self._base = base_url.rstrip("/")
        self._pacer = pacer or Pacer(rate)
        self._cache = cache
        # No more requests in flight than the HTTP pool has connections: a longer line inside
        # httpcore's pool costs CPU on every request that joins or leaves it.
        self._slots = asyncio.Semaphore(connections)
        self._inflight: dict[Hashable, asyncio.Future[bytes]] = {}
        self._timeout = httpx.Timeout(timeout, connect=min(timeout, 10.0))
        self._deadline = timeout * 1.5

    @property
    def base_url(self) -> str:
        return self._base

    async def _send(
        self, method: str, path: str, cred: UpstreamCredential | None, **kwargs: Any
    ) -> httpx.Response:
        headers = {"Accept": "application/json"}
        if cred is not None:
            headers["Authorization"] = cred.auth_header()
        await self._pacer.wait(cred.athlete_id if cred is not None else "")
        # A lost answer to a change may hide a change made; a read changes nothing whatever happens.
        changes = method != "GET"
        try:
            async with self._slots, asyncio.timeout(self._deadline):
                # httpx times each phase; the overall deadline also bounds a slow trickle of bytes.
                response = await self._http.request(
                    method, self._base + path, headers=headers, timeout=self._timeout, **kwargs
                )
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:  # nothing was sent
            raise UpstreamUnavailable("Intervals.icu could not be reached", maybe_applied=False) from exc
        except (httpx.TimeoutException, TimeoutError) as exc:
            raise UpstreamUnavailable("Intervals.icu did not answer in time", maybe_applied=changes) from exc
        except httpx.HTTPError as exc:
            raise UpstreamUnavailable(f"Intervals.icu could not be reached ({type(exc).__name__})",
                                      maybe_applied=changes) from exc
        if response.status_code == 401 and cred is not None and self._cache is not None:
            self._cache.drop(cred.athlete_id)
        try:
            raise_for_status(response)
        except UpstreamUnavailable as exc:
            exc.maybe_applied = exc.maybe_applied and changes
            raise
        return response

    async def _request(
        self,
        method: str,
        path: str,
        cred: UpstreamCredential | None,
        *,
        params: Mapping[str, Any] | None = None,
        json_body: Any = None,
        data: Mapping[str, str] | None = None,
        max_age: float = 0.0,
    ) -> Any:
        clean = {k: v for k, v in (params or {}).items() if v is not None}
        if cred is None or self._cache is None:
            response = await self._send(method, path, cred, params=clean, json=json_body, data=data)
            return _decode(response.content, path)
        if method == "GET":
            return _decode(await self._cached_get(path, cred, clean, max_age, self._cache), path)
        touched = touched_by(path)
        self._cache.drop(cred.athlete_id, touched)
        try:
            response = await self._send(method, path, cred, params=clean, json=json_body, data=data)
        finally:
            self._cache.drop(cred.athlete_id, touched)  # and whatever was read while the change was under way
        return _decode(response.content, path)

    async def _cached_get(
        self, path: str, cred: UpstreamCredential, params: dict[str, Any], max_age: float, cache: ReadCache
    ) -> bytes:
        key = _cache_key(cred, path, params)
        if max_age > 0 and (hit := cache.get(key, max_age)) is not None:
            return hit
        generation = cache.generation(cred.athlete_id)
        flight = (key, generation)
        leader = self._inflight.get(flight)
        if leader is not None and max_age > 0:
            try:
                return await self._pacer.join(cred.athlete_id, leader)
            except asyncio.CancelledError:
                if not leader.cancelled():
                    raise  # this call was cancelled, not the request it waited on
        answer: asyncio.Future[bytes] = asyncio.get_running_loop().create_future()
        self._inflight[flight] = answer
        started = cache.clock()
        try:
            body = (await self._send("GET", path, cred, params=params)).content
        except BaseException as exc:
            if isinstance(exc, asyncio.CancelledError):
                answer.cancel()
            else:
                answer.set_exception(exc)
                answer.exception()  # retrieved here, so an answer nobody else awaited is not reported
            raise
        finally:
            self._inflight.pop(flight, None)
        answer.set_result(body)
        cache.put(key, body, generation, started)
        return body

    async def _object(self, method: str, path: str, cred: UpstreamCredential | None, **kwargs: Any) -> dict[str, Any]:
        """A request whose answer must be a JSON object."""
        body = await self._request(method, path, cred, **kwargs)
        if not isinstance(body, dict):
            raise UpstreamError(f"Intervals.icu answered {path} with {type(body).__name__}, not an object")
        return body

    async def _list(self, method: str, path: str, cred: UpstreamCredential | None, **kwargs: Any) -> list[Any]:
        """A request whose answer must be a JSON list."""
        body = await self._request(method, path, cred, **kwargs)
        if not isinstance(body, list):
            raise UpstreamError(f"Intervals.icu answered {path} with {type(body).__name__}, not a list")
        return body

    def _athlete(self, cred: UpstreamCredential) -> str:
        return f"{API}/athlete/{cred.athlete_id}"

    # Athlete and sport settings
    async def get_athlete(self, cred: UpstreamCredential, *, max_age: float = ATHLETE_MAX_AGE) -> dict[str, Any]:
        return await self._object("GET", self._athlete(cred), cred, max_age=max_age)

    async def list_athletes(self, cred: UpstreamCredential) -> list[dict[str, Any]]:
        """The athletes this credential reaches: its owner, and those they coach or follow."""
        return await self._list("GET", f"{API}/athletes", cred)

    async def get_athlete_as(
        self, cred: UpstreamCredential, build: Callable[[dict[str, Any]], Built], *, max_age: float = ATHLETE_MAX_AGE
    ) -> Built:
        """`build(athlete record)`, made once per answer kept: every caller until the next fetch shares the
        value, so it must not be changed (the timezone and zones nearly every call reads)."""
        path = self._athlete(cred)
        if self._cache is None:
            return build(await self._object("GET", path, cred))
        body = await self._cached_get(path, cred, {}, max_age, self._cache)
        entry = self._cache.entry(_cache_key(cred, path, {}))
        if entry is not None and entry.body is body and build in entry.built:
            return cast(Built, entry.built[build])
        record = _decode(body, path)
        if not isinstance(record, dict):
            raise UpstreamError(f"Intervals.icu answered {path} with {type(record).__name__}, not an object")
        value = build(record)
        if entry is not None and entry.body is body:
            entry.built[build] = value
        return value

    async def list_sport_settings(
        self, cred: UpstreamCredential, *, max_age: float = ATHLETE_MAX_AGE
    ) -> list[dict[str, Any]]:
        return await self._list("GET", self._athlete(cred) + "/sport-settings", cred, max_age=max_age)

    async def update_sport_settings(
        self, cred: UpstreamCredential, settings_id: int, fields: Mapping[str, Any]
    ) -> dict[str, Any]:
        """Change thresholds of one sport group; HR zones are recalculated from the new LTHR / max HR."""
        path = self._athlete(cred) + f"/sport-settings/{settings_id}"
        return await self._object("PUT", path, cred, params={"recalcHrZones": "true"}, json_body=dict(fields))

    async def mmp_model(self, cred: UpstreamCredential, sport: str = "Ride") -> dict[str, Any]:
        """The modelled power curve: critical power, W' and Pmax (reference §3.2)."""
        return await self._object("GET", self._athlete(cred) + "/mmp-model", cred, params={"type": sport})

    # Activities
    async def list_activities(
        self, cred: UpstreamCredential, oldest: date | str, newest: date | str, limit: int | None = None
    ) -> list[dict[str, Any]]:
        params = {"oldest": _d(oldest), "newest": _d(newest), "limit": limit}
        return await self._list("GET", self._athlete(cred) + "/activities", cred, params=params, max_age=LIST_MAX_AGE)

    async def search_activities(
        self, cred: UpstreamCredential, query: str, limit: int | None = None
    ) -> list[dict[str, Any]]:
        params = {"q": query, "limit": limit}
        path = self._athlete(cred) + "/activities/search"
        return await self._list("GET", path, cred, params=params, max_age=LIST_MAX_AGE)

    async def get_activities(
        self, cred: UpstreamCredential, ids: Sequence[str], intervals: bool = False
    ) -> list[dict[str, Any]]:
        path = self._athlete(cred) + "/activities/" + ",".join(ids)
        params = {"intervals": "true" if intervals else None}
        return await self._list("GET", path, cred, params=params, max_age=LIST_MAX_AGE)

    async def get_activity(self, cred: UpstreamCredential, activity_id: str, intervals: bool = True) -> dict[str, Any]:
        params = {"intervals": "true" if intervals else None}
        return await self._object("GET", f"{API}/activity/{activity_id}", cred, params=params, max_age=LIST_MAX_AGE)

    async def update_activity(
        self, cred: UpstreamCredential, activity_id: str, fields: Mapping[str, Any]
    ) -> dict[str, Any]:
        """Change only the given fields (name, description, icu_rpe, feel, paired_event_id...)."""
        return await self._object("PUT", f"{API}/activity/{activity_id}", cred, json_body=dict(fields))

    async def send_activity_message(self, cred: UpstreamCredential, activity_id: str, content: str) -> dict[str, Any]:
        """A comment on the activity, which the athlete's coach sees."""
        path = f"{API}/activity/{activity_id}/messages"
        return await self._object("POST", path, cred, json_body={"content": content})

    async def get_intervals(self, cred: UpstreamCredential, activity_id: str) -> dict[str, Any]:
        return await self._object("GET", f"{API}/activity/{activity_id}/intervals", cred, max_age=LIST_MAX_AGE)

    async def get_streams(
        self, cred: UpstreamCredential, activity_id: str, types: Sequence[str]
    ) -> dict[str, list[Any]]:
        """The named streams of one activity in one request, by type; a stream it did not record is absent.

        `types` is always sent: without it Intervals.icu answers every stream and renames `watts` to
        `raw_watts`. Asked for `watts`, it answers `fixed_watts` (spikes removed) under that name.
        """
        path = f"{API}/activity/{activity_id}/streams"
        body = await self._list("GET", path, cred, params={"types": ",".join(types)})
        return {
            "watts" if s["type"] == "fixed_watts" else s["type"]: s["data"]
            for s in body
            if isinstance(s, dict) and isinstance(s.get("type"), str) and isinstance(s.get("data"), list)
        }

    # Wellness
    async def list_wellness(
        self, cred: UpstreamCredential, oldest: date | str, newest: date | str
    ) -> list[dict[str, Any]]:
        params = {"oldest": _d(oldest), "newest": _d(newest)}
        path = self._athlete(cred) + "/wellness"
        within = self._wellness_within(cred, path, params["oldest"], params["newest"])
        if within is not None:
            return within
        return await self._list("GET", path, cred, params=params, max_age=LIST_MAX_AGE)

    def _wellness_within(self, cred: UpstreamCredential, path: str, oldest: str, newest: str) -> list[Any] | None:
        """The days asked for, cut from a wider range asked lately (fitness takes six weeks, wellness the
        same weeks less a few): each record's id is its day."""
        if self._cache is None:
            return None
        fingerprint = _fingerprint(cred)

        def wider(what: Hashable) -> bool:
            if not isinstance(what, tuple) or what[:2] != (fingerprint, path):
                return False
            asked = dict(what[2])
            return set(asked) == {"oldest", "newest"} and asked["oldest"] <= oldest and newest <= asked["newest"]

        body = self._cache.find(cred.athlete_id, wider, LIST_MAX_AGE)
        rows = _decode(body, path) if body is not None else None
        if not isinstance(rows, list):
            return None
        return [r for r in rows if isinstance(r, dict) and oldest <= str(r.get("id", "")) <= newest]

    async def get_wellness(self, cred: UpstreamCredential, day: date | str, *, max_age: float = 0.0) -> dict[str, Any]:
        """One day's record; fresh unless `max_age` allows a cached one (a write reads it fresh first)."""
        return await self._object("GET", self._athlete(cred) + f"/wellness/{_d(day)}", cred, max_age=max_age)

    async def update_wellness(
        self, cred: UpstreamCredential, day: date | str, fields: Mapping[str, Any]
    ) -> dict[str, Any]:
        """Change only the given fields of one day's wellness record."""
        return await self._object("PUT", self._athlete(cred) + f"/wellness/{_d(day)}", cred, json_body=dict(fields))

    async def athlete_summary(
        self, cred: UpstreamCredential, start: date | str, end: date | str
    ) -> list[dict[str, Any]]:
        params = {"start": _d(start), "end": _d(end)}
        path = self._athlete(cred) + "/athlete-summary"
        return await self._list("GET", path, cred, params=params, max_age=LIST_MAX_AGE)

    # Calendar events
    async def list_events(
        self,
        cred: UpstreamCredential,
        oldest: date | str,
        newest: date | str,
        *,
        categories: Sequence[str] | None = None,
        resolve: bool = False,
        max_age: float = 0.0,
    ) -> list[dict[str, Any]]:
        """Events between two days; fresh unless `max_age` allows a cached answer (writes check fresh ones)."""
        params = {
            "oldest": _d(oldest),
            "newest": _d(newest),
            "category": ",".join(categories) if categories else None,
            "resolve": "true" if resolve else None,
        }
        return await self._list("GET", self._athlete(cred) + "/events", cred, params=params, max_age=max_age)

    async def get_event(self, cred: UpstreamCredential, event_id: int) -> dict[str, Any]:
        return await self._object("GET", self._athlete(cred) + f"/events/{event_id}", cred)

    async def create_event(self, cred: UpstreamCredential, event: Mapping[str, Any]) -> dict[str, Any]:
        return await self._object("POST", self._athlete(cred) + "/events", cred, json_body=dict(event))

    async def upsert_events(
        self, cred: UpstreamCredential, events: Sequence[Mapping[str, Any]]
    ) -> list[dict[str, Any]]:
        """Create or update by `external_id` (matched among events this app created)."""
        path = self._athlete(cred) + "/events/bulk"
        return await self._list("POST", path, cred, params={"upsert": "true"}, json_body=[dict(e) for e in events])

    async def update_event(self, cred: UpstreamCredential, event_id: int, fields: Mapping[str, Any]) -> dict[str, Any]:
        return await self._object("PUT", self._athlete(cred) + f"/events/{event_id}", cred, json_body=dict(fields))

    async def delete_event(self, cred: UpstreamCredential, event_id: int) -> None:
        await self._request("DELETE", self._athlete(cred) + f"/events/{event_id}", cred)

    async def bulk_delete_events(self, cred: UpstreamCredential, refs: Sequence[Mapping[str, Any]]) -> int:
        """Delete by `{"id": n}` or `{"external_id": s}`; missing events are ignored upstream."""
        body = await self._request(
            "PUT", self._athlete(cred) + "/events/bulk-delete", cred, json_body=[dict(r) for r in refs]
        )
        return int((body or {}).get("eventsDeleted", 0))

    # Workout library
    async def list_folders(self, cred: UpstreamCredential) -> list[dict[str, Any]]:
        return await self._list("GET", self._athlete(cred) + "/folders", cred)

    async def list_workouts(self, cred: UpstreamCredential) -> list[dict[str, Any]]:
        return await self._list("GET", self._athlete(cred) + "/workouts", cred)

    async def get_workout(self, cred: UpstreamCredential, workout_id: int) -> dict[str, Any]:
        return await self._object("GET", self._athlete(cred) + f"/workouts/{workout_id}", cred)

    async def create_workout(self, cred: UpstreamCredential, workout: Mapping[str, Any]) -> dict[str, Any]:
        return await self._object("POST", self._athlete(cred) + "/workouts", cred, json_body=dict(workout))

    async def update_workout(
        self, cred: UpstreamCredential, workout_id: int, fields: Mapping[str, Any]
    ) -> dict[str, Any]:
        path = self._athlete(cred) + f"/workouts/{workout_id}"
        return await self._object("PUT", path, cred, json_body=dict(fields))

    async def delete_workout(self, cred: UpstreamCredential, workout_id: int) -> None:
        await self._request("DELETE", self._athlete(cred) + f"/workouts/{workout_id}", cred)

    # Gear: bikes, shoes and their components, with reminders (reference §3.8)
    async def list_gear(self, cred: UpstreamCredential) -> list[dict[str, Any]]:
        return await self._list("GET", self._athlete(cred) + "/gear", cred)

    async def update_gear(self, cred: UpstreamCredential, gear_id: str, fields: Mapping[str, Any]) -> dict[str, Any]:
        """Change the given fields; `retired` set to a date retires the item, null brings it back."""
        return await self._object("PUT", self._athlete(cred) + f"/gear/{gear_id}", cred, json_body=dict(fields))

    async def create_gear_reminder(
        self, cred: UpstreamCredential, gear_id: str, reminder: Mapping[str, Any]
    ) -> dict[str, Any]:
        """Returns the gear, with the new reminder among its `reminders`."""
        path = self._athlete(cred) + f"/gear/{gear_id}/reminder"
        return await self._object("POST", path, cred, json_body=dict(reminder))

    async def update_gear_reminder(
        self,
        cred: UpstreamCredential,
        gear_id: str,
        reminder_id: int,
        fields: Mapping[str, Any],
        *,
        reset: bool = False,
    ) -> dict[str, Any]:
        """Change a reminder; `reset` starts counting again from now. Returns the gear."""
        path = self._athlete(cred) + f"/gear/{gear_id}/reminder/{reminder_id}"
        params = {"reset": "true" if reset else "false", "snoozeDays": 0}
        return await self._object("PUT", path, cred, params=params, json_body=dict(fields))

    async def delete_gear_reminder(self, cred: UpstreamCredential, gear_id: str, reminder_id: int) -> dict[str, Any]:
        """Returns the gear without the reminder."""
        return await self._object("DELETE", self._athlete(cred) + f"/gear/{gear_id}/reminder/{reminder_id}", cred)

    async def _curves(self, cred: UpstreamCredential, kind: str, params: dict[str, str]) -> dict[str, Any]:
        path = self._athlete(cred) + f"/{kind}-curves"
        return await self._object("GET", path, cred, params=params, max_age=LIST_MAX_AGE)

    # Curves (athlete level, over windows such as "42d", "1y" or "r.2026-01-01.2026-02-01")
    async def power_curves(self, cred: UpstreamCredential, sport: str, curves: Sequence[str]) -> dict[str, Any]:
        params = {"type": sport, "curves": ",".join(curves)}
        return await self._curves(cred, "power", params)

    async def pace_curves(self, cred: UpstreamCredential, sport: str, curves: Sequence[str]) -> dict[str, Any]:
        params = {"type": sport, "curves": ",".join(curves)}
        return await self._curves(cred, "pace", params)

    async def hr_curves(self, cred: UpstreamCredential, sport: str, curves: Sequence[str]) -> dict[str, Any]:
        params = {"type": sport, "curves": ",".join(curves)}
        return await self._curves(cred, "hr", params)

    # OAuth (sign-in through Intervals.icu)
    def authorize_url(self, client_id: str, redirect_uri: str, state: str, scope: str = OAUTH_SCOPES) -> str:
        query = httpx.QueryParams(
            {
                "client_id": client_id,
                "redirect_uri": redirect_uri,
                "scope": scope,
                "state": state,
                "response_type": "code",
            }
        )
        return f"{self._base}/oauth/authorize?{query}"

    async def exchange_code(self, client_id: str, client_secret: str, code: str, redirect_uri: str) -> dict[str, Any]:
        """Trade an authorization code (valid two minutes upstream) for a non-expiring token."""
        form = {
            "client_id": client_id,
            "client_secret": client_secret,
            "code": code,
            "grant_type": "authorization_code",
            "redirect_uri": redirect_uri,
        }
        try:
            return await self._object("POST", "/api/oauth/token", None, data=form)
        except UpstreamNotFound as exc:
            raise CredentialRejected("Intervals.icu did not recognise this app's client id or secret") from exc

    async def disconnect_app(self, cred: UpstreamCredential) -> None:
        await self._request("DELETE", f"{API}/disconnect-app", cred)
