-- program: the contacts of the lead department (주관부서) that the city's project card lists,
-- e.g. 기업지원과장 김동원 ☎8075-3570. Public: the card is a public document.
CREATE TABLE contacts (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    department  TEXT NOT NULL,
    title       TEXT NOT NULL,
    name        TEXT NOT NULL,
    extension   TEXT,
    person_id   INTEGER REFERENCES people(id),
    position    INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    version     INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX contacts_position ON contacts(position, id);
