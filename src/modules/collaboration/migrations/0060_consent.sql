-- migrate: foreign keys off
-- Consent of both parties (issue #10 item 9): a collaboration is proposed until each of its two
-- organisations has confirmed it, an agreement a draft until each has signed it. Each side's
-- confirmation is the time it gave it; the status moves when both have (docs/collaboration.md).
--
-- The status CHECK gains 'proposed', so the table is rebuilt (SQLite cannot alter a CHECK).
-- Other tables reference it (matches, agreements, meetings, action items): the first line has
-- the migration run with foreign keys off, and every key checked before COMMIT (db/migrate.c). Collaborations and signed
-- agreements from before this migration were made under the old rules; they are kept as they
-- are, counted as confirmed (signed) by both at their creation (last change), since no one can
-- say now who agreed; the audit log keeps who made them.
-- [sqlite]
CREATE TABLE collaborations_new (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    title          TEXT NOT NULL,
    description    TEXT,
    org_id         INTEGER NOT NULL REFERENCES orgs(id),   -- the organisation that asked
    partner_org_id INTEGER NOT NULL REFERENCES orgs(id),   -- the one that offered
    need_id        INTEGER REFERENCES needs(id),
    capability_id  INTEGER REFERENCES capabilities(id),
    status         TEXT NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed','active','paused','completed','terminated')),
    started_on     TEXT,
    ends_on        TEXT,
    milestones     TEXT NOT NULL DEFAULT '[]',
    org_confirmed_at     TEXT,  -- when an org-admin or member of org_id confirmed
    partner_confirmed_at TEXT,  -- when one of partner_org_id did
    created_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    version        INTEGER NOT NULL DEFAULT 1,
    CHECK (org_id <> partner_org_id),
    CHECK (status IN ('proposed','terminated') OR (org_confirmed_at IS NOT NULL AND partner_confirmed_at IS NOT NULL))
) STRICT;
INSERT INTO collaborations_new (id, title, description, org_id, partner_org_id, need_id,
    capability_id, status, started_on, ends_on, milestones, org_confirmed_at, partner_confirmed_at,
    created_at, updated_at, version)
SELECT id, title, description, org_id, partner_org_id, need_id, capability_id, status,
    started_on, ends_on, milestones, created_at, created_at, created_at, updated_at, version
FROM collaborations;
DROP TABLE collaborations;
ALTER TABLE collaborations_new RENAME TO collaborations;
CREATE INDEX collaborations_org ON collaborations(org_id, id);
CREATE INDEX collaborations_partner ON collaborations(partner_org_id, id);
-- [postgres]
-- PostgreSQL alters a CHECK in place: the same columns and rules, no rebuild.
ALTER TABLE collaborations ADD COLUMN org_confirmed_at TEXT, ADD COLUMN partner_confirmed_at TEXT;
UPDATE collaborations SET org_confirmed_at = created_at, partner_confirmed_at = created_at;
ALTER TABLE collaborations DROP CONSTRAINT collaborations_status_check,
    ALTER COLUMN status SET DEFAULT 'proposed',
    ADD CONSTRAINT collaborations_status_check CHECK (status IN ('proposed','active','paused','completed','terminated')),
    ADD CHECK (status IN ('proposed','terminated') OR (org_confirmed_at IS NOT NULL AND partner_confirmed_at IS NOT NULL));
-- [both]

ALTER TABLE agreements ADD COLUMN org_signed_at TEXT;
ALTER TABLE agreements ADD COLUMN partner_signed_at TEXT;
UPDATE agreements SET org_signed_at = updated_at, partner_signed_at = updated_at
WHERE status IN ('signed', 'expired');
