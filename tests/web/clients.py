"""Connect an MCP client to a user the way our authorization server records it (through its store)."""

from __future__ import annotations

import json
import time

from icusync.crypto import new_token
from icusync.db import Database
from icusync.store import oauth as oauth_store


async def connect_client(db: Database, user_id: int, client_id: str, name: str, resource: str) -> str:
    """Register a client, record a consent and redeem its code; return the live access token."""
    now = int(time.time())
    if await oauth_store.get_client(db, client_id) is None:
        metadata = json.dumps({"client_id": client_id, "redirect_uris": ["https://claude.ai/api/mcp/auth_callback"]})
        await oauth_store.save_client(db, client_id, name, metadata, None, now)
    pending = oauth_store.Pending(
        client_id=client_id,
        redirect_uri="https://claude.ai/api/mcp/auth_callback",
        redirect_uri_explicit=True,
        code_challenge="x" * 43,
        scopes=("read", "write"),
        resource=resource,
        state=None,
        expires_at=now + 600,
    )
    code = new_token()
    await oauth_store.create_grant(
        db, user_id=user_id, p=pending, scopes=("read", "write"), code=code, code_expires_at=now + 60, now=now
    )
    access = new_token()
    tokens = oauth_store.NewTokens(access, now + 3600, ("read", "write"), new_token(), now + 86400)
    assert await oauth_store.redeem_code(db, code, tokens, now)
    return access


async def token_is_live(db: Database, access: str) -> bool:
    found = await oauth_store.find_token(db, access, "access")
    return found is not None and not found.revoked
