-- 0030_lifecycle: the tenant lifecycle (입주기업 전주기 지원). Each company's stage history
-- (stage_events; orgs.stage follows the latest accepted event), the support programs the center
-- offers, support requests with their SLA deadlines, milestones planned and achieved, and
-- quarterly KPI reports. Stage events, requests, milestones are private to their organisation
-- (and a request to the partner it is assigned to); KPI reports are private unless shared.

CREATE TABLE stage_events (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id       INTEGER NOT NULL REFERENCES orgs(id),
    stage        TEXT NOT NULL CHECK (stage IN ('basic-research','rnd','education','clinical','marketing','commercialization')),
    entered_on   TEXT NOT NULL,
    evidence     TEXT NOT NULL,
    recorded_by  INTEGER REFERENCES users(id),
    status       TEXT NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed','accepted','rejected')),
    review_note  TEXT,
    is_synthetic INTEGER NOT NULL DEFAULT 0 CHECK (is_synthetic IN (0,1)),
    created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    version      INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX stage_events_org ON stage_events(org_id, status, entered_on, id);

CREATE TABLE programs (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    title           TEXT NOT NULL,
    category        TEXT NOT NULL CHECK (category IN ('consulting','ip','regulatory','clinical-design','marketing','export','funding','facilities','other')),
    description     TEXT,
    eligible_stages TEXT NOT NULL DEFAULT '[]',
    fields          TEXT NOT NULL DEFAULT '[]',
    capacity        INTEGER,
    opens_on        TEXT,
    closes_on       TEXT,
    status          TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','open','closed')),
    is_synthetic    INTEGER NOT NULL DEFAULT 0 CHECK (is_synthetic IN (0,1)),
    created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    version         INTEGER NOT NULL DEFAULT 1
) STRICT;

CREATE TABLE support_requests (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id             INTEGER NOT NULL REFERENCES orgs(id),
    title              TEXT NOT NULL,
    category           TEXT NOT NULL CHECK (category IN ('consulting','ip','regulatory','clinical-design','marketing','export','funding','facilities','other')),
    description        TEXT,
    urgency            TEXT NOT NULL DEFAULT 'normal' CHECK (urgency IN ('low','normal','urgent')),
    attachment_id      INTEGER REFERENCES files(id),
    program_id         INTEGER REFERENCES programs(id),
    status             TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new','triaged','in-progress','resolved','closed')),
    assignee_id        INTEGER REFERENCES users(id),
    assignee_org_id    INTEGER REFERENCES orgs(id),
    response           TEXT,
    first_response_due TEXT,
    resolution_due     TEXT,
    first_response_at  TEXT,
    resolved_at        TEXT,
    closed_at          TEXT,
    rating             INTEGER CHECK (rating BETWEEN 1 AND 5),
    is_synthetic       INTEGER NOT NULL DEFAULT 0 CHECK (is_synthetic IN (0,1)),
    created_at         TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_at         TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    version            INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX support_requests_org ON support_requests(org_id, id);
CREATE INDEX support_requests_assignee ON support_requests(assignee_org_id, id);
CREATE INDEX support_requests_queue ON support_requests(status, resolution_due, id);

CREATE TABLE milestones (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id       INTEGER NOT NULL REFERENCES orgs(id),
    kind         TEXT NOT NULL CHECK (kind IN ('prototype','ind-filing','mfds-approval','first-revenue','series-a','other')),
    title        TEXT NOT NULL,
    planned_on   TEXT NOT NULL,
    achieved_on  TEXT,
    status       TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned','achieved','missed','dropped')),
    notes        TEXT,
    is_synthetic INTEGER NOT NULL DEFAULT 0 CHECK (is_synthetic IN (0,1)),
    created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    version      INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX milestones_org ON milestones(org_id, planned_on, id);
CREATE INDEX milestones_due ON milestones(status, planned_on, id);

CREATE TABLE kpi_reports (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id          INTEGER NOT NULL REFERENCES orgs(id),
    year            INTEGER NOT NULL,
    quarter         INTEGER NOT NULL CHECK (quarter BETWEEN 1 AND 4),
    period          TEXT NOT NULL DEFAULT '',  -- "2026-Q3", from year and quarter
    revenue         INTEGER,
    employees       INTEGER,
    rnd_spend       INTEGER,
    patents         INTEGER,
    funding_raised  INTEGER,
    clinical_stage  TEXT CHECK (clinical_stage IN ('none','preclinical','phase-1','phase-2','phase-3','approved')),
    export_revenue  INTEGER,
    notes           TEXT,
    warnings        TEXT NOT NULL DEFAULT '[]',
    status          TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','submitted','accepted','returned')),
    submitted_at    TEXT,
    visibility      TEXT NOT NULL DEFAULT 'private' CHECK (visibility IN ('private','cluster','public')),
    is_synthetic    INTEGER NOT NULL DEFAULT 0 CHECK (is_synthetic IN (0,1)),
    created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    version         INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX kpi_reports_org ON kpi_reports(org_id, year, quarter, id);
