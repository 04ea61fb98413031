-- The record of each import that wrote (docs/import.md): who ran it (NULL: the command line),
-- when, into which collection, and how many rows it created, updated, left unchanged and
-- refused (rows=valid leaves the rows with errors). Written in the import's own transaction, so
-- an import rolled back leaves none. Read by operators (their home's "recent imports").
CREATE TABLE import_runs (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    collection  TEXT NOT NULL,
    actor_id    INTEGER REFERENCES users(id),
    rows_total  INTEGER NOT NULL DEFAULT 0,
    created     INTEGER NOT NULL DEFAULT 0,
    updated     INTEGER NOT NULL DEFAULT 0,
    unchanged   INTEGER NOT NULL DEFAULT 0,
    failed      INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    version     INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX import_runs_created ON import_runs(created_at);
