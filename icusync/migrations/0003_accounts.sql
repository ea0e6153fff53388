-- Invite codes for invite-only sign-up: single-use, stored only as SHA-256.
CREATE TABLE invite_codes (
    code_hash TEXT PRIMARY KEY,
    created_at INTEGER NOT NULL,
    used_at INTEGER,
    used_by TEXT
);

-- In-flight "Continue with Intervals.icu" sign-ins: the OAuth state (hashed), bound to
-- the browser session that started it, single-use and short-lived.
CREATE TABLE signin_states (
    state_hash TEXT PRIMARY KEY,
    binding_hash TEXT NOT NULL,
    next_path TEXT,
    invite_hash TEXT,
    expires_at INTEGER NOT NULL
);
