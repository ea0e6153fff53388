-- A write is recorded before it is sent and settled after: 'pending' while in flight,
-- 'uncertain' when the answer was lost (the change may or may not have been applied),
-- 'done' or 'failed' once known. `external_id` finds the change upstream to settle it;
-- `note` says what the check after the write found (e.g. Intervals.icu read it differently).
ALTER TABLE writes ADD COLUMN status TEXT NOT NULL DEFAULT 'done'
    CHECK (status IN ('pending', 'uncertain', 'done', 'failed'));
ALTER TABLE writes ADD COLUMN external_id TEXT;
ALTER TABLE writes ADD COLUMN note TEXT;
CREATE INDEX writes_unsettled ON writes (user_id) WHERE status IN ('pending', 'uncertain');
