"""The Intervals.icu client: the only code that talks to Intervals.icu.

One shared `httpx.AsyncClient` (injectable transport), per-user credentials
passed per call, explicit timeouts, a process-wide request rate limit, and
every upstream failure mapped to one typed error from `errors.py`.
"""

from __future__ import annotations

import asyncio
import email.utils
import json
import time
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import httpx

from icusync.errors import (
    CredentialRejected,
    RateLimited,
    UpstreamBadRequest,
    UpstreamError,
    UpstreamForbidden,
    UpstreamNotFound,
    UpstreamUnavailable,
)
from icusync.intervals.credential import UpstreamCredential

API = "/api/v1"
# Scopes icusync asks for: WRITE implies READ upstream, and naming an area twice is an error.
OAUTH_SCOPES = "ACTIVITY:WRITE,WELLNESS:WRITE,CALENDAR:WRITE,SETTINGS:WRITE,LIBRARY:WRITE,CHATS:WRITE"


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Retry-After as seconds from now; it may be a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def _upstream_message(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.text.strip()[:300]
    if isinstance(body, dict):
        return str(body.get("error") or body.get("message") or body)[:300]
    if isinstance(body, list) and body and isinstance(body[0], dict):
        return "; ".join(str(item.get("error", item)) for item in body)[:300]
    return str(body)[:300]


def raise_for_status(response: httpx.Response) -> None:
    status = response.status_code
    if status < 400:
        return
    message = _upstream_message(response)
    if status == 401:
        raise CredentialRejected(f"Intervals.icu refused the credential ({status}: {message})")
    if status == 403:
        raise UpstreamForbidden(f"Intervals.icu refused access ({status}: {message})")
    if status == 404:
        raise UpstreamNotFound(f"Intervals.icu has no such item ({message})")
    if status == 429:
        retry = parse_retry_after(response.headers.get("Retry-After"))
        raise RateLimited("Intervals.icu rate limit reached", retry)
    if status in (400, 409, 422):
        raise UpstreamBadRequest(f"Intervals.icu rejected the request: {message}", message)
    if status >= 500:
        raise UpstreamUnavailable(f"Intervals.icu answered {status}; it may be down for a moment")
    raise UpstreamError(f"Intervals.icu answered {status}: {message}")


class Pacer:
    """Spaces requests so the whole instance stays under `rate` per second."""

    def __init__(self, rate: float) -> None:
        self._interval = 1.0 / rate
        self._next = 0.0
        self._lock = asyncio.Lock()

    async def wait(self) -> None:
        async with self._lock:
            now = time.monotonic()
            delay = self._next - now
            self._next = max(now, self._next) + self._interval
        if delay > 0:
            await asyncio.sleep(delay)


def _d(value: date | str) -> str:
    return value.isoformat() if isinstance(value, date) else value


class IntervalsClient:
    def __init__(self, http: httpx.AsyncClient, base_url: str, *, rate: float = 8.0, timeout: float = 20.0) -> None:
        self._http = http
        self._base = base_url.rstrip("/")
        self._limiter = Pacer(rate)
        self._timeout = httpx.Timeout(timeout, connect=min(timeout, 10.0))
        self._deadline = timeout * 1.5

    @property
    def base_url(self) -> str:
        return self._base

    async def _request(
        self,
        method: str,
        path: str,
        cred: UpstreamCredential | None,
        *,
        params: Mapping[str, Any] | None = None,
        json_body: Any = None,
        data: Mapping[str, str] | None = None,
    ) -> Any:
        headers = {"Accept": "application/json"}
        if cred is not None:
            headers["Authorization"] = cred.auth_header()
        clean = {k: v for k, v in (params or {}).items() if v is not None}
        await self._limiter.wait()
        try:
            # httpx times each phase; the overall deadline also bounds a slow trickle of bytes.
            async with asyncio.timeout(self._deadline):
                response = await self._http.request(
                    method,
                    self._base + path,
                    params=clean,
                    json=json_body,
                    data=data,
                    headers=headers,
                    timeout=self._timeout,
                )
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:  # nothing was sent
            raise UpstreamUnavailable("Intervals.icu could not be reached", maybe_applied=False) from exc
        except (httpx.TimeoutException, TimeoutError) as exc:
            raise UpstreamUnavailable("Intervals.icu did not answer in time") from exc
        except httpx.HTTPError as exc:
            raise UpstreamUnavailable(f"Intervals.icu could not be reached ({type(exc).__name__})") from exc
        raise_for_status(response)
        if not response.content:
            return None
        try:
            return response.json()
        except json.JSONDecodeError as exc:
            raise UpstreamError("Intervals.icu sent a response that is not JSON") from exc

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
    async def get_athlete(self, cred: UpstreamCredential) -> dict[str, Any]:
        return await self._object("GET", self._athlete(cred), cred)

    async def list_athletes(self, cred: UpstreamCredential) -> list[dict[str, Any]]:
        """The athletes this credential reaches: its owner, and those they coach or follow."""
        return await self._list("GET", f"{API}/athletes", cred)

    async def list_sport_settings(self, cred: UpstreamCredential) -> list[dict[str, Any]]:
        return await self._list("GET", self._athlete(cred) + "/sport-settings", cred)

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
        return await self._list("GET", self._athlete(cred) + "/activities", cred, params=params)

    async def search_activities(
        self, cred: UpstreamCredential, query: str, limit: int | None = None
    ) -> list[dict[str, Any]]:
        params = {"q": query, "limit": limit}
        return await self._list("GET", self._athlete(cred) + "/activities/search", cred, params=params)

    async def get_activities(
        self, cred: UpstreamCredential, ids: Sequence[str], intervals: bool = False
    ) -> list[dict[str, Any]]:
        path = self._athlete(cred) + "/activities/" + ",".join(ids)
        return await self._list("GET", path, cred, params={"intervals": "true" if intervals else None})

    async def get_activity(self, cred: UpstreamCredential, activity_id: str, intervals: bool = True) -> dict[str, Any]:
        params = {"intervals": "true" if intervals else None}
        return await self._object("GET", f"{API}/activity/{activity_id}", cred, params=params)

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
        return await self._object("GET", f"{API}/activity/{activity_id}/intervals", cred)

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
        return await self._list("GET", self._athlete(cred) + "/wellness", cred, params=params)

    async def get_wellness(self, cred: UpstreamCredential, day: date | str) -> dict[str, Any]:
        return await self._object("GET", self._athlete(cred) + f"/wellness/{_d(day)}", cred)

    async def update_wellness(
        self, cred: UpstreamCredential, day: date | str, fields: Mapping[str, Any]
    ) -> dict[str, Any]:
        """Change only the given fields of one day's wellness record."""
        return await self._object("PUT", self._athlete(cred) + f"/wellness/{_d(day)}", cred, json_body=dict(fields))

    async def athlete_summary(
        self, cred: UpstreamCredential, start: date | str, end: date | str
    ) -> list[dict[str, Any]]:
        params = {"start": _d(start), "end": _d(end)}
        return await self._list("GET", self._athlete(cred) + "/athlete-summary", cred, params=params)

    # Calendar events
    async def list_events(
        self,
        cred: UpstreamCredential,
        oldest: date | str,
        newest: date | str,
        *,
        categories: Sequence[str] | None = None,
        resolve: bool = False,
    ) -> list[dict[str, Any]]:
        params = {
            "oldest": _d(oldest),
            "newest": _d(newest),
            "category": ",".join(categories) if categories else None,
            "resolve": "true" if resolve else None,
        }
        return await self._list("GET", self._athlete(cred) + "/events", cred, params=params)

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

    # Curves (athlete level, over windows such as "42d", "1y" or "r.2026-01-01.2026-02-01")
    async def power_curves(self, cred: UpstreamCredential, sport: str, curves: Sequence[str]) -> dict[str, Any]:
        params = {"type": sport, "curves": ",".join(curves)}
        return await self._object("GET", self._athlete(cred) + "/power-curves", cred, params=params)

    async def pace_curves(self, cred: UpstreamCredential, sport: str, curves: Sequence[str]) -> dict[str, Any]:
        params = {"type": sport, "curves": ",".join(curves)}
        return await self._object("GET", self._athlete(cred) + "/pace-curves", cred, params=params)

    async def hr_curves(self, cred: UpstreamCredential, sport: str, curves: Sequence[str]) -> dict[str, Any]:
        params = {"type": sport, "curves": ",".join(curves)}
        return await self._object("GET", self._athlete(cred) + "/hr-curves", cred, params=params)

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
