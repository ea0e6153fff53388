"""An athlete's way into Intervals.icu, as the store hands it to the client."""

from __future__ import annotations

import base64
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class UpstreamCredential:
    """One athlete's way into Intervals.icu, decrypted in memory only for a call."""

    athlete_id: str
    kind: str  # "oauth" (bearer token) or "api_key" (HTTP Basic, user API_KEY)
    secret: str
    scope: str = ""
    status: str = "ok"

    def for_athlete(self, athlete_id: str) -> UpstreamCredential:
        """The same key or token, used on another athlete it reaches (a coach's athlete):
        Intervals.icu decides what it may do there."""
        return replace(self, athlete_id=athlete_id)

    def auth_header(self) -> str:
        if self.kind == "oauth":
            return f"Bearer {self.secret}"
        return "Basic " + base64.b64encode(f"API_KEY:{self.secret}".encode()).decode()

    def __repr__(self) -> str:  # never let the secret reach a log line or traceback
        return f"UpstreamCredential(athlete_id={self.athlete_id!r}, kind={self.kind!r})"
