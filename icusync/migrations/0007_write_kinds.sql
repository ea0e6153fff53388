-- More kinds of change: feedback on an activity, thresholds, and calendar changes in bulk.
-- SQLite cannot widen a CHECK in place: the table is rebuilt with the same rows.
CREATE TABLE writes_new (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    at INTEGER NOT NULL,
    client_id TEXT NOT NULL,
    tool TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN (
        'create', 'update', 'delete', 'wellness', 'library', 'activity', 'settings', 'bulk'
    )),
    target TEXT NOT NULL,
    summary TEXT NOT NULL,
    before_json TEXT,
    after_json TEXT,
    undone_at INTEGER,
    status TEXT NOT NULL DEFAULT 'done' CHECK (status IN ('pending', 'uncertain', 'done', 'failed')),
    external_id TEXT,
    note TEXT
);
INSERT INTO writes_new (id, user_id, at, client_id, tool, action, target, summary, before_json, after_json,
                        undone_at, status, external_id, note)
    SELECT id, user_id, at, client_id, tool, action, target, summary, before_json, after_json,
           undone_at, status, external_id, note FROM writes;
DROP TABLE writes;
ALTER TABLE writes_new RENAME TO writes;
CREATE INDEX writes_by_user ON writes (user_id, id DESC);
CREATE INDEX writes_unsettled ON writes (user_id) WHERE status IN ('pending', 'uncertain');
