-- 0009_collaboration: from a match to a collaboration. A company asks a partner through a
-- match request (matches); the partner accepts or declines with a message; an accepted request
-- becomes a collaboration of the two organisations, with its agreements (MOU, NDA, data use,
-- joint research). The council (산학연병 협의체) keeps meetings with attendees, minutes and
-- action items with owners and due dates. Value-chain links say who supplies whom.

CREATE TABLE collaborations (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    title          TEXT NOT NULL,
    description    TEXT,
    org_id         INTEGER NOT NULL REFERENCES orgs(id),   -- the organisation that asked
    partner_org_id INTEGER NOT NULL REFERENCES orgs(id),   -- the one that offered
    need_id        INTEGER REFERENCES needs(id),
    capability_id  INTEGER REFERENCES capabilities(id),
    status         TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','paused','completed','terminated')),
    started_on     TEXT,
    ends_on        TEXT,
    milestones     TEXT NOT NULL DEFAULT '[]',
    created_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    version        INTEGER NOT NULL DEFAULT 1,
    CHECK (org_id <> partner_org_id)
) STRICT;
CREATE INDEX collaborations_org ON collaborations(org_id, id);
CREATE INDEX collaborations_partner ON collaborations(partner_org_id, id);

CREATE TABLE matches (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    need_id          INTEGER NOT NULL REFERENCES needs(id),
    capability_id    INTEGER NOT NULL REFERENCES capabilities(id),
    org_id           INTEGER NOT NULL REFERENCES orgs(id),  -- the need's organisation, asking
    partner_org_id   INTEGER NOT NULL REFERENCES orgs(id),  -- the capability's, answering
    message          TEXT,
    response         TEXT,
    status           TEXT NOT NULL DEFAULT 'requested' CHECK (status IN ('requested','accepted','declined','withdrawn')),
    collaboration_id INTEGER REFERENCES collaborations(id),
    created_at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    version          INTEGER NOT NULL DEFAULT 1,
    CHECK (org_id <> partner_org_id)
) STRICT;
CREATE INDEX matches_org ON matches(org_id, id);
CREATE INDEX matches_partner ON matches(partner_org_id, id);
CREATE INDEX matches_pair ON matches(need_id, capability_id);

CREATE TABLE agreements (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    collaboration_id INTEGER NOT NULL REFERENCES collaborations(id),
    org_id           INTEGER NOT NULL REFERENCES orgs(id),  -- the collaboration's two
    partner_org_id   INTEGER NOT NULL REFERENCES orgs(id),
    kind             TEXT NOT NULL CHECK (kind IN ('mou','nda','data-use','joint-research','service','other')),
    title            TEXT NOT NULL,
    status           TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','signed','expired','terminated')),
    signed_on        TEXT,
    starts_on        TEXT,
    ends_on          TEXT,
    file_id          INTEGER REFERENCES files(id),
    notes            TEXT,
    created_at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    version          INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX agreements_collaboration ON agreements(collaboration_id, id);

CREATE TABLE meetings (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    title            TEXT NOT NULL,
    org_id           INTEGER NOT NULL REFERENCES orgs(id),  -- who convenes it
    collaboration_id INTEGER REFERENCES collaborations(id),
    held_on          TEXT NOT NULL,
    place            TEXT,
    attendees        TEXT NOT NULL DEFAULT '[]',
    agenda           TEXT,
    minutes          TEXT,
    visibility       TEXT NOT NULL DEFAULT 'cluster' CHECK (visibility IN ('private','cluster','public')),
    created_at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    version          INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX meetings_held ON meetings(held_on);

CREATE TABLE action_items (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    title            TEXT NOT NULL,
    org_id           INTEGER NOT NULL REFERENCES orgs(id),  -- the organisation responsible
    meeting_id       INTEGER REFERENCES meetings(id),
    collaboration_id INTEGER REFERENCES collaborations(id),
    owner_id         INTEGER REFERENCES people(id),         -- the person who does it
    due_on           TEXT,
    status           TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','done','dropped')),
    notes            TEXT,
    visibility       TEXT NOT NULL DEFAULT 'cluster' CHECK (visibility IN ('private','cluster','public')),
    created_at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    version          INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX action_items_due ON action_items(status, due_on);
CREATE INDEX action_items_meeting ON action_items(meeting_id);

-- Value chain: org_id supplies to_org_id (what: a service, material, data, a product).
CREATE TABLE org_links (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id      INTEGER NOT NULL REFERENCES orgs(id),     -- upstream
    to_org_id   INTEGER NOT NULL REFERENCES orgs(id),     -- downstream
    kind        TEXT NOT NULL CHECK (kind IN ('supplies','services','data','research','investment','other')),
    description TEXT,
    visibility  TEXT NOT NULL DEFAULT 'cluster' CHECK (visibility IN ('private','cluster','public')),
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    version     INTEGER NOT NULL DEFAULT 1,
    UNIQUE (org_id, to_org_id, kind),
    CHECK (org_id <> to_org_id)
) STRICT;
CREATE INDEX org_links_to ON org_links(to_org_id);
