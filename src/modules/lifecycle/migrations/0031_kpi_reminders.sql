-- 0031_kpi_reminders: one row per company and quarter whose KPI report it was reminded of, so
-- that a reminder goes out once, whichever process (or how many at once) sends them.
CREATE TABLE kpi_reminders (
    org_id      INTEGER NOT NULL REFERENCES orgs(id),
    year        INTEGER NOT NULL,
    quarter     INTEGER NOT NULL CHECK (quarter BETWEEN 1 AND 4),
    notified    INTEGER NOT NULL DEFAULT 0 CHECK (notified IN (0,1)),
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    PRIMARY KEY (org_id, year, quarter)
) STRICT, WITHOUT ROWID;
