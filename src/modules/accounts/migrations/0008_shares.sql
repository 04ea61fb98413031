-- 0008_shares: a private record shared with named organisations. Members of a grantee see the
-- record as its own organisation's members do (its personal fields excepted); only the owner
-- and operators manage the grants.
CREATE TABLE shares (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    collection  TEXT NOT NULL,
    row_id      INTEGER NOT NULL,
    org_id      INTEGER NOT NULL REFERENCES orgs(id),
    granted_by  INTEGER REFERENCES users(id),
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    UNIQUE (collection, row_id, org_id)
) STRICT;
CREATE INDEX shares_org ON shares(org_id, collection);
