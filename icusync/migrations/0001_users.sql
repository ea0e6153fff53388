-- People who signed in, keyed by their Intervals.icu athlete id.
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    athlete_id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL DEFAULT '',
    timezone TEXT,
    is_admin INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
);

-- The Intervals.icu credential of a user: an OAuth token or a personal API key,
-- sealed with AES-GCM (the user id as associated data); never stored in clear.
CREATE TABLE upstream_credentials (
    user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('oauth', 'api_key')),
    sealed BLOB NOT NULL,
    scope TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'ok' CHECK (status IN ('ok', 'rejected')),
    updated_at INTEGER NOT NULL
);

-- Opt-in personal connector URLs (/u/<secret>/mcp) for MCP clients without OAuth.
CREATE TABLE personal_urls (
    user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    secret_hash TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL
);
