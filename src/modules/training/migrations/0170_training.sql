-- 0170_training: the training module (전문인력 양성시스템, docs/training.md). Operators run
-- demand surveys (수요조사) that each organisation answers once; the curriculum is courses by
-- field (업종) and level (수준), each run as cohorts (기수); people apply to a cohort, operators
-- approve them within its capacity and record attendance, which leads to completion (수료);
-- PBL projects join a company's problem, a university team and a mentor.
CREATE TABLE surveys (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    title         TEXT NOT NULL,
    description   TEXT,
    opens_on      TEXT NOT NULL,
    closes_on     TEXT NOT NULL,
    fields        TEXT NOT NULL DEFAULT '[]',
    levels        TEXT NOT NULL DEFAULT '[]',
    status        TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','open','closed')),
    is_synthetic  INTEGER NOT NULL DEFAULT 0 CHECK (is_synthetic IN (0,1)),
    created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    version       INTEGER NOT NULL DEFAULT 1
) STRICT;

-- One answer per organisation and survey: the field and level it most wants, how many people.
CREATE TABLE survey_responses (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    survey_id        INTEGER NOT NULL REFERENCES surveys(id),
    org_id           INTEGER NOT NULL REFERENCES orgs(id),
    field            TEXT NOT NULL CHECK (field IN ('genomics','medical-devices','ai-data','drug-discovery','clinical-regulatory','commercialization')),
    level            TEXT NOT NULL CHECK (level IN ('basic','intermediate','advanced')),
    headcount        INTEGER NOT NULL,
    preferred_period TEXT,
    comment          TEXT,
    submitted_by     INTEGER REFERENCES users(id),
    is_synthetic     INTEGER NOT NULL DEFAULT 0 CHECK (is_synthetic IN (0,1)),
    created_at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    version          INTEGER NOT NULL DEFAULT 1,
    UNIQUE (survey_id, org_id)
) STRICT;
CREATE INDEX survey_responses_org ON survey_responses(org_id, id);

CREATE TABLE courses (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    title         TEXT NOT NULL,
    field         TEXT NOT NULL CHECK (field IN ('genomics','medical-devices','ai-data','drug-discovery','clinical-regulatory','commercialization')),
    level         TEXT NOT NULL CHECK (level IN ('basic','intermediate','advanced')),
    kind          TEXT NOT NULL CHECK (kind IN ('lecture','open-campus','smart-lab','pbl')),
    hours         INTEGER,
    instructor_id INTEGER REFERENCES people(id),
    description   TEXT,
    is_synthetic  INTEGER NOT NULL DEFAULT 0 CHECK (is_synthetic IN (0,1)),
    created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    version       INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX courses_matrix ON courses(field, level);

CREATE TABLE cohorts (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    course_id     INTEGER NOT NULL REFERENCES courses(id),
    name          TEXT NOT NULL,
    starts_on     TEXT NOT NULL,
    ends_on       TEXT NOT NULL,
    capacity      INTEGER NOT NULL,
    sessions      INTEGER NOT NULL,
    pass_percent  INTEGER NOT NULL DEFAULT 80,
    space_id      INTEGER REFERENCES spaces(id),
    status        TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned','recruiting','running','done')),
    is_synthetic  INTEGER NOT NULL DEFAULT 0 CHECK (is_synthetic IN (0,1)),
    created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    version       INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX cohorts_course ON cohorts(course_id, starts_on);

-- A person's place in a cohort: theirs, their organisation's and the operators'.
CREATE TABLE enrollments (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    cohort_id      INTEGER NOT NULL REFERENCES cohorts(id),
    trainee_id     INTEGER NOT NULL REFERENCES users(id),
    org_id         INTEGER REFERENCES orgs(id),
    motivation     TEXT,
    status         TEXT NOT NULL DEFAULT 'applied' CHECK (status IN ('applied','approved','rejected','cancelled','completed')),
    attended       INTEGER NOT NULL DEFAULT 0,
    decided_at     TEXT,
    completed_on   TEXT,
    certificate_no TEXT,
    is_synthetic   INTEGER NOT NULL DEFAULT 0 CHECK (is_synthetic IN (0,1)),
    created_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    version        INTEGER NOT NULL DEFAULT 1,
    UNIQUE (cohort_id, trainee_id)
) STRICT;
CREATE INDEX enrollments_trainee ON enrollments(trainee_id, id);
CREATE INDEX enrollments_org ON enrollments(org_id, id);
CREATE INDEX enrollments_cohort ON enrollments(cohort_id, status);

CREATE TABLE pbl_projects (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    title         TEXT NOT NULL,
    problem       TEXT,
    org_id        INTEGER NOT NULL REFERENCES orgs(id),
    team_org_id   INTEGER REFERENCES orgs(id),
    mentor_id     INTEGER REFERENCES people(id),
    course_id     INTEGER REFERENCES courses(id),
    starts_on     TEXT,
    ends_on       TEXT,
    status        TEXT NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed','matched','running','done','dropped')),
    outcome       TEXT,
    is_synthetic  INTEGER NOT NULL DEFAULT 0 CHECK (is_synthetic IN (0,1)),
    created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    version       INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX pbl_projects_org ON pbl_projects(org_id, id);
CREATE INDEX pbl_projects_team ON pbl_projects(team_org_id, id);
