-- 0180_attraction: the attraction pipeline (docs/attraction.md), the city's working file of the
-- companies and medical institutions it tries to bring into the cluster (국내·외 의료기관(기업)
-- 유치, 앵커기업, 입주의향서, MOU). Read and written by operators only.
--
-- prospects: one row per company or institution; stage identified → contacted → meeting → loi
-- → mou → moved_in (or dropped, with the stage it was dropped from); the LOI and MOU with their
-- dates and files; the existing organisations up- and downstream of it (value chain, org ids);
-- once moved in, the organisation (orgs) it became.
CREATE TABLE prospects (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    name               TEXT NOT NULL,
    name_en            TEXT,
    country            TEXT,
    fields             TEXT NOT NULL DEFAULT '[]',
    kind               TEXT NOT NULL CHECK (kind IN ('company','hospital','institute','university')),
    is_anchor          INTEGER NOT NULL DEFAULT 0 CHECK (is_anchor IN (0,1)),
    size               TEXT CHECK (size IN ('startup','sme','midsize','large','global','institution')),
    owner_id           INTEGER REFERENCES users(id),
    stage              TEXT NOT NULL DEFAULT 'identified'
                       CHECK (stage IN ('identified','contacted','meeting','loi','mou','moved_in','dropped')),
    identified_on      TEXT,
    expected_move_in   TEXT,
    loi_on             TEXT,
    loi_file_id        INTEGER REFERENCES files(id),
    mou_on             TEXT,
    mou_file_id        INTEGER REFERENCES files(id),
    moved_in_on        TEXT,
    drop_reason        TEXT,
    dropped_from       TEXT CHECK (dropped_from IN ('identified','contacted','meeting','loi','mou')),
    upstream_org_ids   TEXT NOT NULL DEFAULT '[]',
    downstream_org_ids TEXT NOT NULL DEFAULT '[]',
    org_id             INTEGER REFERENCES orgs(id),
    notes              TEXT,
    is_synthetic       INTEGER NOT NULL DEFAULT 0 CHECK (is_synthetic IN (0,1)),
    created_at         TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_at         TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    version            INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX prospects_stage ON prospects(stage);
CREATE INDEX prospects_org ON prospects(org_id) WHERE org_id IS NOT NULL;

-- activities: the log (그간 추진사항): calls, meetings, visits, investor meetings, LOIs, MOUs,
-- events, and a row for every stage change of a prospect (written by the server, with the
-- stages from and to). The seed's own activities are undated, so the date may be empty.
CREATE TABLE activities (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    prospect_id   INTEGER REFERENCES prospects(id),
    occurred_on   TEXT,
    kind          TEXT NOT NULL CHECK (kind IN ('call','meeting','visit','investor_meeting',
                  'attraction','loi','mou','event','stage_change','other')),
    summary       TEXT NOT NULL,
    people        TEXT,
    file_id       INTEGER REFERENCES files(id),
    stage_from    TEXT CHECK (stage_from IN ('identified','contacted','meeting','loi','mou','moved_in','dropped')),
    stage_to      TEXT CHECK (stage_to IN ('identified','contacted','meeting','loi','mou','moved_in','dropped')),
    is_synthetic  INTEGER NOT NULL DEFAULT 0 CHECK (is_synthetic IN (0,1)),
    created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    version       INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX activities_prospect ON activities(prospect_id, occurred_on);
