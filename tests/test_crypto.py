from __future__ import annotations

import secrets

import pytest

from icusync.crypto import Sealer, SealError, new_token, token_hash


def test_seal_round_trip_and_binding() -> None:
    sealer = Sealer((secrets.token_bytes(32),))
    blob = sealer.seal("api-key-123", "user:1")
    assert b"api-key-123" not in blob
    assert sealer.open(blob, "user:1") == "api-key-123"
    with pytest.raises(SealError):
        sealer.open(blob, "user:2")  # moved into another user's row
    tampered = blob[:-1] + bytes([blob[-1] ^ 1])
    with pytest.raises(SealError):
        sealer.open(tampered, "user:1")


def test_rotation_keeps_old_values_readable() -> None:
    old, new = secrets.token_bytes(32), secrets.token_bytes(32)
    blob = Sealer((old,)).seal("secret", "user:1")
    rotated = Sealer((new, old))
    assert rotated.open(blob, "user:1") == "secret"
    assert not rotated.is_current(blob)
    assert rotated.is_current(rotated.seal("secret", "user:1"))
    with pytest.raises(SealError):
        Sealer((new,)).open(blob, "user:1")


def test_tokens_are_random_and_hashed() -> None:
    a, b = new_token(), new_token()
    assert a != b and len(a) >= 43
    assert token_hash(a) != a and len(token_hash(a)) == 64
