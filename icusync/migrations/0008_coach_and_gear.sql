-- Changes to gear, and changes made for another athlete: a coach writing to a coached athlete's
-- calendar. `athlete_id` is the Intervals.icu athlete whose data changed, NULL for the author's own;
-- the row shows in the author's history and in that athlete's.
CREATE TABLE writes_new (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    at INTEGER NOT NULL,
    client_id TEXT NOT NULL,
    tool TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN (
        'create', 'update', 'delete', 'wellness', 'library', 'activity', 'settings', 'bulk', 'gear'
    )),
    target TEXT NOT NULL,
    summary TEXT NOT NULL,
    before_json TEXT,
    after_json TEXT,
    undone_at INTEGER,
    status TEXT NOT NULL DEFAULT 'done' CHECK (status IN ('pending', 'uncertain', 'done', 'failed')),
    external_id TEXT,
    note TEXT,
    athlete_id TEXT
);
INSERT INTO writes_new (id, user_id, at, client_id, tool, action, target, summary, before_json, after_json,
                        undone_at, status, external_id, note)
    SELECT id, user_id, at, client_id, tool, action, target, summary, before_json, after_json,
           undone_at, status, external_id, note FROM writes;
DROP TABLE writes;
ALTER TABLE writes_new RENAME TO writes;
CREATE INDEX writes_by_user ON writes (user_id, id DESC);
CREATE INDEX writes_by_athlete ON writes (athlete_id, id DESC) WHERE athlete_id IS NOT NULL;
CREATE INDEX writes_unsettled ON writes (user_id) WHERE status IN ('pending', 'uncertain');

-- The athletes a user's Intervals.icu credential can reach (themselves, and those they coach or
-- follow), as Intervals.icu listed them at `fetched_at`.
CREATE TABLE rosters (
    user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    fetched_at INTEGER NOT NULL,
    athletes_json TEXT NOT NULL
);
