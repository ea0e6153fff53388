"""Sealing secrets at rest and hashing our own tokens.

Upstream credentials are sealed with AES-GCM, the user id bound as associated
data so a ciphertext moved to another user's row fails to open. Our own tokens
are stored only as SHA-256.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from icusync.errors import IcusyncError

_VERSION = b"\x01"
_KEY_ID_LEN = 4
_NONCE_LEN = 12
OPENED_KEPT = 1024


class SealError(IcusyncError):
    """A sealed value could not be opened: wrong key, wrong owner, or tampered."""


def key_id(key: bytes) -> bytes:
    return hashlib.sha256(b"icusync-key-id" + key).digest()[:_KEY_ID_LEN]


class Sealer:
    """AES-GCM with the newest key; older keys still open what they sealed."""

    def __init__(self, keys: tuple[bytes, ...]) -> None:
        if not keys:
            raise SealError("no encryption key configured")
        self._keys = {key_id(k): AESGCM(k) for k in keys}
        self._current = key_id(keys[0])
        # What was opened lately: every tool call of an athlete opens the same stored credential.
        self._opened: dict[tuple[bytes, str], str] = {}

    def seal(self, plaintext: str, associated: str) -> bytes:
        nonce = os.urandom(_NONCE_LEN)
        body = self._keys[self._current].encrypt(nonce, plaintext.encode(), associated.encode())
        return _VERSION + self._current + nonce + body

    def open(self, sealed: bytes, associated: str) -> str:
        known = self._opened.get((sealed, associated))
        if known is not None:
            return known
        plaintext = self._open(sealed, associated)
        if len(self._opened) >= OPENED_KEPT:
            self._opened.clear()
        self._opened[(sealed, associated)] = plaintext
        return plaintext

    def _open(self, sealed: bytes, associated: str) -> str:
        if sealed[:1] != _VERSION or len(sealed) < 1 + _KEY_ID_LEN + _NONCE_LEN + 16:
            raise SealError("sealed value has an unknown format")
        kid = sealed[1 : 1 + _KEY_ID_LEN]
        aead = self._keys.get(kid)
        if aead is None:
            raise SealError("sealed with a key this instance does not have")
        nonce = sealed[1 + _KEY_ID_LEN : 1 + _KEY_ID_LEN + _NONCE_LEN]
        try:
            return aead.decrypt(nonce, sealed[1 + _KEY_ID_LEN + _NONCE_LEN :], associated.encode()).decode()
        except InvalidTag as exc:
            raise SealError("sealed value does not open with this key and owner") from exc

    def is_current(self, sealed: bytes) -> bool:
        return sealed[1 : 1 + _KEY_ID_LEN] == self._current


def new_token(prefix: str = "") -> str:
    """A 256-bit random bearer secret."""
    return prefix + secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())
