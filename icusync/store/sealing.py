"""What each sealed value is bound to, and re-sealing everything after a key rotation."""

from __future__ import annotations

from icusync.crypto import Sealer
from icusync.db import Database


def credential_aad(user_id: int) -> str:
    """An upstream credential opens only in its own user's row."""
    return f"user:{user_id}"


def client_secret_aad(client_id: str) -> str:
    """A registered MCP client's secret opens only for that client."""
    return f"oauth-client:{client_id}"


def refresh_successor_aad(refresh_token_hash: str) -> str:
    """The pair a refresh token was rotated into opens only for that refresh token (seconds-lived; not re-sealed)."""
    return f"refresh-successor:{refresh_token_hash}"


async def reseal_all(db: Database, sealer: Sealer) -> int:
    """Re-encrypt every sealed value with the current key; return how many changed.

    Upstream credentials and MCP client secrets alike: once the old key is dropped,
    anything still sealed with it would be unreadable.
    """
    count = 0
    async with db.write() as conn:
        for row in await conn.execute_fetchall("SELECT user_id, sealed FROM upstream_credentials"):
            sealed, aad = bytes(row["sealed"]), credential_aad(row["user_id"])
            if not sealer.is_current(sealed):
                await conn.execute(
                    "UPDATE upstream_credentials SET sealed = ? WHERE user_id = ?",
                    (sealer.seal(sealer.open(sealed, aad), aad), row["user_id"]),
                )
                count += 1
        clients = await conn.execute_fetchall(
            "SELECT client_id, secret_sealed FROM oauth_clients WHERE secret_sealed IS NOT NULL"
        )
        for row in clients:
            sealed, aad = bytes(row["secret_sealed"]), client_secret_aad(row["client_id"])
            if not sealer.is_current(sealed):
                await conn.execute(
                    "UPDATE oauth_clients SET secret_sealed = ? WHERE client_id = ?",
                    (sealer.seal(sealer.open(sealed, aad), aad), row["client_id"]),
                )
                count += 1
    return count
