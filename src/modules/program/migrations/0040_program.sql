-- program: the city's pledge projects (사업) and what their project card (사업 카드) is printed
-- from: unit projects (단위사업), the schedule of each (연도별 추진계획), budget lines by source
-- and period (연도별 사업비), achievements (그간 추진사항) and issues with countermeasures
-- (쟁점 및 대책). Money in won; dates as YYYY-MM-DD. The card's period columns are derived from
-- the program's term (src/modules/program/rules.c), so no period table exists.
CREATE TABLE pledge_projects (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    name            TEXT NOT NULL,
    category        TEXT,
    kind            TEXT NOT NULL DEFAULT 'new' CHECK (kind IN ('new','continuing')),
    total_cost      INTEGER CHECK (total_cost IS NULL OR total_cost >= 0),
    total_cost_note TEXT,
    overview        TEXT,
    goal            TEXT,
    structure       TEXT,
    starts_on       TEXT NOT NULL,
    ends_on         TEXT NOT NULL,
    ongoing         INTEGER NOT NULL DEFAULT 0 CHECK (ongoing IN (0,1)),
    department      TEXT,
    created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    version         INTEGER NOT NULL DEFAULT 1,
    CHECK (ends_on >= starts_on)
) STRICT;

CREATE TABLE unit_projects (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id   INTEGER NOT NULL REFERENCES pledge_projects(id),
    name         TEXT NOT NULL,
    description  TEXT,
    detail_label TEXT,
    detail       TEXT,
    note         TEXT,
    department   TEXT,
    starts_on    TEXT,
    ends_on      TEXT,
    status       TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned','active','done','suspended')),
    position     INTEGER NOT NULL DEFAULT 0,
    created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    version      INTEGER NOT NULL DEFAULT 1,
    CHECK (ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on)
) STRICT;
CREATE INDEX unit_projects_program ON unit_projects(project_id, position, id);

-- One ○ of the 연도별 추진계획 matrix: the unit project is active from starts_on to ends_on
-- (open: after the term).
CREATE TABLE schedule (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    unit_project_id INTEGER NOT NULL REFERENCES unit_projects(id),
    label           TEXT,
    starts_on       TEXT NOT NULL,
    ends_on         TEXT,
    note            TEXT,
    created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    version         INTEGER NOT NULL DEFAULT 1,
    CHECK (ends_on IS NULL OR ends_on >= starts_on)
) STRICT;
CREATE INDEX schedule_unit ON schedule(unit_project_id, starts_on);

CREATE TABLE budget_lines (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id      INTEGER NOT NULL REFERENCES pledge_projects(id),
    unit_project_id INTEGER REFERENCES unit_projects(id),
    item            TEXT NOT NULL,
    source          TEXT NOT NULL CHECK (source IN ('national','provincial','city','other')),
    kind            TEXT NOT NULL DEFAULT 'planned' CHECK (kind IN ('planned','executed')),
    starts_on       TEXT NOT NULL,
    ends_on         TEXT,
    amount          INTEGER NOT NULL CHECK (amount >= 0),
    document        TEXT,
    file_id         INTEGER REFERENCES files(id),
    created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    version         INTEGER NOT NULL DEFAULT 1,
    CHECK (ends_on IS NULL OR ends_on >= starts_on)
) STRICT;
CREATE INDEX budget_lines_program ON budget_lines(project_id, item, source, starts_on);
CREATE INDEX budget_lines_unit ON budget_lines(unit_project_id);

CREATE TABLE achievements (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id       INTEGER NOT NULL REFERENCES pledge_projects(id),
    unit_project_id  INTEGER REFERENCES unit_projects(id),
    occurred_on      TEXT,
    kind             TEXT NOT NULL CHECK (kind IN ('mou','meeting','investor_meeting','attraction','event','other')),
    theme            TEXT,
    summary          TEXT NOT NULL,
    counterparts     TEXT NOT NULL DEFAULT '[]',
    org_id           INTEGER REFERENCES orgs(id),
    file_id          INTEGER REFERENCES files(id),
    position         INTEGER NOT NULL DEFAULT 0,
    created_at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    version          INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX achievements_program ON achievements(project_id, position, id);

CREATE TABLE program_issues (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id      INTEGER NOT NULL REFERENCES pledge_projects(id),
    issue           TEXT NOT NULL,
    detail          TEXT,
    countermeasures TEXT,
    status          TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','in_progress','resolved')),
    position        INTEGER NOT NULL DEFAULT 0,
    created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    version         INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX program_issues_program ON program_issues(project_id, position, id);
