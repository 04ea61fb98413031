-- 0002_files: file attachments. An entity attaches a file with an FT_REF field to "files";
-- the bytes live here, in the database, so a backup holds everything.
CREATE TABLE files (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    sha256       TEXT NOT NULL,
    org_id       INTEGER REFERENCES orgs(id),
    uploaded_by  INTEGER REFERENCES users(id),
    visibility   TEXT NOT NULL DEFAULT 'cluster' CHECK (visibility IN ('private','cluster','public')),
    data         BLOB NOT NULL,
    created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    version      INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX files_org ON files(org_id, id);
