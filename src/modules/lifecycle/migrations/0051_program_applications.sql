-- 0051_program_applications: companies apply to the center's support programs; operators select
-- or decline each application with a reason. Private to the applying company and operators. A
-- company applies once per program; selections never exceed the program's capacity (checked in
-- the write's transaction).
CREATE TABLE program_applications (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    program_id    INTEGER NOT NULL REFERENCES programs(id),
    org_id        INTEGER NOT NULL REFERENCES orgs(id),
    motivation    TEXT NOT NULL,
    status        TEXT NOT NULL DEFAULT 'submitted' CHECK (status IN ('submitted','selected','declined','withdrawn')),
    decision_note TEXT,
    decided_at    TEXT,
    is_synthetic  INTEGER NOT NULL DEFAULT 0 CHECK (is_synthetic IN (0,1)),
    created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    version       INTEGER NOT NULL DEFAULT 1,
    UNIQUE (program_id, org_id)
) STRICT;
CREATE INDEX program_applications_org ON program_applications(org_id, id);
CREATE INDEX program_applications_program ON program_applications(program_id, status, id);
