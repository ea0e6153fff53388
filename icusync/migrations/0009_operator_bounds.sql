-- Where an /authorize request came from: waiting consent requests are capped per address
-- and in total (store/oauth_pending.py), and swept once expired.
ALTER TABLE oauth_pending ADD COLUMN client_address TEXT NOT NULL DEFAULT '';
CREATE INDEX oauth_pending_address ON oauth_pending(client_address, expires_at);
CREATE INDEX oauth_pending_expiry ON oauth_pending(expires_at);

-- Signed-in browser sessions. The cookie carries a random id, stored here only as its
-- SHA-256, so signing out, deleting the account or revoking everything ends it server-side.
CREATE TABLE web_sessions (
    session_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX web_sessions_user ON web_sessions(user_id);
CREATE INDEX web_sessions_expiry ON web_sessions(expires_at);

-- The token pair a refresh token was rotated into, sealed, kept only for the grace window in
-- which a parallel refresh with the same token gets that same pair (RFC 9700 §4.14.2).
ALTER TABLE oauth_tokens ADD COLUMN successor_sealed BLOB;
CREATE INDEX oauth_tokens_successor ON oauth_tokens(used_at) WHERE successor_sealed IS NOT NULL;
