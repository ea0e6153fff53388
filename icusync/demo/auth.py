"""Who is calling: personal API keys (Basic, user `API_KEY`) and demo OAuth tokens (Bearer).

Reference §1: a bad or empty key is 401; an API key sent as Bearer, or another
athlete's id in the path, is 403 Access denied. Tokens carry scopes per area;
WRITE implies READ.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from icusync.demo.errors import access_denied, unauthorized
from icusync.demo.faults import Faults

AREAS = ("ACTIVITY", "WELLNESS", "CALENDAR", "LIBRARY", "SETTINGS", "CHATS")
CODE_TTL = 120.0  # seconds a code may wait before the token exchange (reference §1.2)


@dataclass
class Grant:
    athlete_id: str
    client_id: str
    scopes: dict[str, str]  # area -> READ | WRITE
    revoked: bool = False


@dataclass
class PendingCode:
    grant: Grant
    issued_at: float
    used: bool = False


@dataclass
class Caller:
    athlete_id: str
    client_num: int | None = None  # the int `oauth_client_id` events carry; None for an API key
    grant: Grant | None = None
    token: str | None = field(default=None, repr=False)


def parse_scope(text: str) -> dict[str, str]:
    """`ACTIVITY:READ,WELLNESS:WRITE` → {area: level}; ValueError on an unknown or duplicate area."""
    out: dict[str, str] = {}
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        area, _, level = part.upper().partition(":")
        if area not in AREAS or level not in ("READ", "WRITE"):
            raise ValueError(f"Invalid scope: {part}")
        if area in out:
            raise ValueError("Duplicate scope")
        out[area] = level
    return out


def scope_text(scopes: Mapping[str, str]) -> str:
    return ",".join(f"{a}:{lvl}" for a, lvl in scopes.items())


class Auth:
    def __init__(self, seed: int, athlete_ids: list[str], clients: Mapping[str, str], faults: Faults,
                 clock: Callable[[], float], reach: Mapping[str, Mapping[str, str]] | None = None) -> None:
        # Owner → {athlete they coach ("WRITE") or follow ("READ")}: see demo/roster.py.
        self.reach = {owner: dict(others) for owner, others in (reach or {}).items()}
        self.keys = {a: hashlib.sha256(f"icusync-demo-key:{seed}:{a}".encode()).hexdigest()[:26]
                     for a in athlete_ids}
        self._owner_of_key = {k: a for a, k in self.keys.items()}
        self.clients = dict(clients)
        # Upstream client ids are numbers; events show them as the int `oauth_client_id`.
        self.client_nums = {c: 2000 + n for n, c in enumerate(self.clients)}
        self.tokens: dict[str, Grant] = {}
        self.codes: dict[str, PendingCode] = {}
        self._faults = faults
        self._clock = clock

    def authenticate(self, header: str | None) -> Caller:
        scheme, _, value = (header or "").strip().partition(" ")
        value = value.strip()
        if scheme.lower() == "basic":
            try:
                user, _, key = base64.b64decode(value, validate=True).decode().partition(":")
            except (binascii.Error, UnicodeDecodeError):
                raise unauthorized() from None
            athlete = self._owner_of_key.get(key) if user == "API_KEY" and key else None
            if athlete is None or athlete in self._faults.revoked:
                raise unauthorized()
            return Caller(athlete)
        if scheme.lower() == "bearer" and value:
            if value in self._owner_of_key:
                raise access_denied()  # an API key is not a bearer token
            grant = self.tokens.get(value)
            if grant is None or grant.revoked or grant.athlete_id in self._faults.revoked:
                raise unauthorized()
            return Caller(grant.athlete_id, self.client_nums.get(grant.client_id), grant, value)
        raise unauthorized()

    @staticmethod
    def require(caller: Caller, area: str | None, write: bool) -> None:
        """403 unless the caller's token covers `area` (an API key covers everything)."""
        if caller.grant is None or area is None:
            return
        level = caller.grant.scopes.get(area)
        if level is None or (write and level != "WRITE"):
            raise access_denied()

    def athlete_for(self, caller: Caller, path_id: str, write: bool = False) -> str:
        """`0` means the caller; another athlete only when the caller coaches or follows them, and a
        change only when they coach them."""
        if path_id in ("0", caller.athlete_id):
            return caller.athlete_id
        if self.may_reach(caller, path_id, write):
            return path_id
        raise access_denied()

    def may_reach(self, caller: Caller, athlete_id: str, write: bool) -> bool:
        if athlete_id == caller.athlete_id:
            return True
        level = self.reach.get(caller.athlete_id, {}).get(athlete_id)
        return level == "WRITE" or (level == "READ" and not write)

    def issue_code(self, athlete_id: str, client_id: str, scopes: dict[str, str]) -> str:
        code = secrets.token_hex(16)
        self.codes[code] = PendingCode(Grant(athlete_id, client_id, scopes), self._clock())
        return code

    def exchange(self, client_id: str, code: str) -> tuple[str, Grant] | None:
        """Single use, within CODE_TTL, for the client it was issued to; None otherwise."""
        pending = self.codes.get(code)
        if pending is None or pending.used or pending.grant.client_id != client_id:
            return None
        pending.used = True
        if self._clock() - pending.issued_at > CODE_TTL:
            return None
        token = secrets.token_hex(16)
        self.tokens[token] = pending.grant
        return token, pending.grant

    def disconnect(self, caller: Caller) -> None:
        """The app is disconnected: every token of that athlete for that client stops working."""
        if caller.grant is None:
            return
        for grant in self.tokens.values():
            if grant.athlete_id == caller.grant.athlete_id and grant.client_id == caller.grant.client_id:
                grant.revoked = True
