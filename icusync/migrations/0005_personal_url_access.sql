-- What a personal connector URL may do, chosen by its owner when creating it: 'read' or 'read write'.
ALTER TABLE personal_urls ADD COLUMN scopes TEXT NOT NULL DEFAULT 'read write';
