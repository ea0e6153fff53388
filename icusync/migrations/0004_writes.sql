-- Every change icusync made upstream on a user's behalf: what, when, through which
-- client and tool, and the state before it (so the last write can be undone).
CREATE TABLE writes (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    at INTEGER NOT NULL,
    client_id TEXT NOT NULL,
    tool TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete', 'wellness', 'library')),
    target TEXT NOT NULL,
    summary TEXT NOT NULL,
    before_json TEXT,
    after_json TEXT,
    undone_at INTEGER
);
CREATE INDEX writes_by_user ON writes (user_id, id DESC);
