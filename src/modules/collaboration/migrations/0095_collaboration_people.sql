-- migrate: foreign keys off
-- Collaboration as people work (issue #11 item 5, docs/collaboration.md).
--
-- A need stays open while its company asks several partners; the company closes it, with an
-- outcome when it has one (needs.outcome). The partner names the collaboration when it accepts
-- a request (matches.collaboration_title: the title asked for, kept with the answer).
--
-- Milestones become rows of their own (collaboration_milestones) inside their collaboration,
-- with a due date, an owner (a user of one of its two organisations) and done; they belong to
-- the collaboration's two organisations as the collaboration does. The old list of text
-- (collaborations.milestones) moves into rows, in its order, not done, and the column goes.
--
-- An action item's owner is a user (of the item's organisation, or of its collaboration's
-- two), no longer a person of the directory: action_items is rebuilt with owner_id referencing
-- users; an owner that was a person with the e-mail of a user becomes that user, any other is
-- left empty (the audit log keeps who it was).
ALTER TABLE needs ADD COLUMN outcome TEXT;
ALTER TABLE matches ADD COLUMN collaboration_title TEXT;

CREATE TABLE collaboration_milestones (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    collaboration_id INTEGER NOT NULL REFERENCES collaborations(id),
    org_id           INTEGER NOT NULL REFERENCES orgs(id),  -- the collaboration's two
    partner_org_id   INTEGER NOT NULL REFERENCES orgs(id),
    title            TEXT NOT NULL,
    due_on           TEXT,
    owner_id         INTEGER REFERENCES users(id),
    done             INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1)),
    created_at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    version          INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX collaboration_milestones_collaboration ON collaboration_milestones(collaboration_id, due_on);
CREATE INDEX collaboration_milestones_due ON collaboration_milestones(done, due_on);

-- [sqlite]
INSERT INTO collaboration_milestones (collaboration_id, org_id, partner_org_id, title, created_at, updated_at)
SELECT c.id, c.org_id, c.partner_org_id, substr(m.value, 1, 200), c.created_at, c.updated_at
FROM collaborations c, json_each(c.milestones) m
WHERE json_valid(c.milestones) AND m.type = 'text' AND trim(m.value) <> ''
ORDER BY c.id, m.key;
-- [postgres]
INSERT INTO collaboration_milestones (collaboration_id, org_id, partner_org_id, title, created_at, updated_at)
SELECT c.id, c.org_id, c.partner_org_id, substr(m.value #>> '{}', 1, 200), c.created_at, c.updated_at
FROM collaborations c, json_array_elements(c.milestones::json) WITH ORDINALITY AS m(value, n)
WHERE c.milestones LIKE '[%' AND json_typeof(m.value) = 'string' AND trim(m.value #>> '{}') <> ''
ORDER BY c.id, m.n;
-- [both]
ALTER TABLE collaborations DROP COLUMN milestones;

CREATE TABLE action_items_new (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    title            TEXT NOT NULL,
    org_id           INTEGER NOT NULL REFERENCES orgs(id),  -- the organisation responsible
    meeting_id       INTEGER REFERENCES meetings(id),
    collaboration_id INTEGER REFERENCES collaborations(id),
    owner_id         INTEGER REFERENCES users(id),          -- the user who does it
    due_on           TEXT,
    status           TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','done','dropped')),
    notes            TEXT,
    visibility       TEXT NOT NULL DEFAULT 'cluster' CHECK (visibility IN ('private','cluster','public')),
    created_at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    version          INTEGER NOT NULL DEFAULT 1
) STRICT;
INSERT INTO action_items_new (id, title, org_id, meeting_id, collaboration_id, owner_id, due_on,
    status, notes, visibility, created_at, updated_at, version)
SELECT a.id, a.title, a.org_id, a.meeting_id, a.collaboration_id,
    (SELECT u.id FROM people p JOIN users u ON lower(u.email) = lower(p.email)
     WHERE p.id = a.owner_id AND p.email IS NOT NULL LIMIT 1),
    a.due_on, a.status, a.notes, a.visibility, a.created_at, a.updated_at, a.version
FROM action_items a;
DROP TABLE action_items;
ALTER TABLE action_items_new RENAME TO action_items;
CREATE INDEX action_items_due ON action_items(status, due_on);
CREATE INDEX action_items_meeting ON action_items(meeting_id);
CREATE INDEX action_items_owner ON action_items(owner_id);
