-- 0090_lifecycle_today: the INVENTED lifecycle history of 0030_lifecycle.sql and
-- 0050_lifecycle.sql is written as of 2026-12-06 in Korea. This moves it to the day the demo is
-- loaded, so that a fresh demo is always in the same state relative to today: nothing is late
-- that was not escalated when the demo was written, the server's sweeper finds no deadline to
-- escalate and no company to remind, one request is due within a day (the SLA board's "due
-- soon"), and the last quarter due has the same reports as in 2026-12.
--
-- Two shifts, both from 2026-12-06:
--   days     (today in Korea - 2026-12-06): support requests and their escalations, stage
--            events, milestones, the programs open around today and their applications;
--   quarters (the quarter last due today - 2026-Q3, counted as kpi_due_quarter does: a quarter's
--            report is due on the 20th of the month after it): KPI reports (year, quarter, due
--            day, submission) and, three months a quarter, the programs whose selections their
--            before/after view compares (IP 진단 and 공용 장비·실험실 이용 지원).
-- Then the last quarter due is marked reminded for the tenant companies that have not
-- submitted it, as `bpmc kpi-remind` (or the sweeper) would have left it on its due day.

CREATE TEMP TABLE demo_shift AS
WITH k AS (SELECT date('now', '+9 hours') AS today),
     p AS (SELECT CAST(strftime('%Y', today) AS INTEGER) AS y, CAST(strftime('%m', today) AS INTEGER) AS m,
                  CAST(strftime('%d', today) AS INTEGER) AS d, today FROM k)
SELECT CAST(julianday(today) - julianday('2026-12-06') AS INTEGER) AS days,
       y * 4 + (m - 1) / 3 - 1 - (CASE WHEN (m - 1) % 3 = 0 AND d < 20 THEN 1 ELSE 0 END) - (2026 * 4 + 2) AS quarters
FROM p;

-- an instant (UTC text) or a day moved by the day shift, or by the quarter shift in months
CREATE TEMP VIEW demo_days AS SELECT printf('%+d days', days) AS mod FROM demo_shift;
CREATE TEMP VIEW demo_months AS SELECT printf('%+d months', 3 * quarters) AS mod FROM demo_shift;

UPDATE support_requests SET
    created_at = strftime('%Y-%m-%dT%H:%M:%SZ', created_at, (SELECT mod FROM demo_days)),
    updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', updated_at, (SELECT mod FROM demo_days)),
    first_response_due = strftime('%Y-%m-%dT%H:%M:%SZ', first_response_due, (SELECT mod FROM demo_days)),
    resolution_due = strftime('%Y-%m-%dT%H:%M:%SZ', resolution_due, (SELECT mod FROM demo_days)),
    first_response_at = strftime('%Y-%m-%dT%H:%M:%SZ', first_response_at, (SELECT mod FROM demo_days)),
    resolved_at = strftime('%Y-%m-%dT%H:%M:%SZ', resolved_at, (SELECT mod FROM demo_days)),
    closed_at = strftime('%Y-%m-%dT%H:%M:%SZ', closed_at, (SELECT mod FROM demo_days)),
    escalated_at = strftime('%Y-%m-%dT%H:%M:%SZ', escalated_at, (SELECT mod FROM demo_days))
WHERE is_synthetic = 1;
UPDATE sla_escalations SET created_at = strftime('%Y-%m-%dT%H:%M:%SZ', created_at, (SELECT mod FROM demo_days))
WHERE request_id IN (SELECT id FROM support_requests WHERE is_synthetic = 1);
-- 후성바이오 (117)'s IR review is due within a day of the load, whatever its hour: between 20
-- and 21 hours on (more than the sweeper's four hours of warning, less than the board's day)
UPDATE support_requests SET resolution_due = strftime('%Y-%m-%dT%H:00:00Z', 'now', '+21 hours')
WHERE org_id = 117 AND category = 'funding' AND is_synthetic = 1;

UPDATE stage_events SET entered_on = date(entered_on, (SELECT mod FROM demo_days)) WHERE is_synthetic = 1;
UPDATE milestones SET planned_on = date(planned_on, (SELECT mod FROM demo_days)),
    achieved_on = date(achieved_on, (SELECT mod FROM demo_days)) WHERE is_synthetic = 1;

-- programs 2 and 6 and their applications go with the KPI quarters; the others with the days
UPDATE programs SET
    opens_on = date(opens_on, CASE WHEN id IN (2, 6) THEN (SELECT mod FROM demo_months) ELSE (SELECT mod FROM demo_days) END),
    closes_on = date(closes_on, CASE WHEN id IN (2, 6) THEN (SELECT mod FROM demo_months) ELSE (SELECT mod FROM demo_days) END)
WHERE is_synthetic = 1;
UPDATE program_applications SET
    created_at = strftime('%Y-%m-%dT%H:%M:%SZ', created_at, CASE WHEN program_id IN (2, 6) THEN (SELECT mod FROM demo_months) ELSE (SELECT mod FROM demo_days) END),
    updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', updated_at, CASE WHEN program_id IN (2, 6) THEN (SELECT mod FROM demo_months) ELSE (SELECT mod FROM demo_days) END),
    decided_at = strftime('%Y-%m-%dT%H:%M:%SZ', decided_at, CASE WHEN program_id IN (2, 6) THEN (SELECT mod FROM demo_months) ELSE (SELECT mod FROM demo_days) END)
WHERE is_synthetic = 1;

-- KPI reports: the quarter moved, its due day recomputed, the submission moved in months (the
-- day of the month kept: a report submitted after the 20th stays late)
UPDATE kpi_reports SET
    year = (year * 4 + quarter - 1 + (SELECT quarters FROM demo_shift)) / 4,
    quarter = (year * 4 + quarter - 1 + (SELECT quarters FROM demo_shift)) % 4 + 1,
    submitted_at = strftime('%Y-%m-%dT%H:%M:%SZ', submitted_at, (SELECT mod FROM demo_months))
WHERE is_synthetic = 1;
UPDATE kpi_reports SET period = printf('%04d-Q%d', year, quarter),
    due_on = CASE quarter WHEN 4 THEN printf('%04d-01-20', year + 1) ELSE printf('%04d-%02d-20', year, quarter * 3 + 1) END
WHERE is_synthetic = 1;

-- the last quarter due: reminded on its due day (10:00 in Korea)
INSERT INTO kpi_reminders (org_id, year, quarter, notified, created_at)
SELECT o.id, q.year, q.quarter, 1, printf('%sT01:00:00Z', q.due_on)
FROM orgs o, (SELECT (2026 * 4 + 2 + quarters) / 4 AS year, (2026 * 4 + 2 + quarters) % 4 + 1 AS quarter,
                     CASE (2026 * 4 + 2 + quarters) % 4 + 1 WHEN 4 THEN printf('%04d-01-20', (2026 * 4 + 2 + quarters) / 4 + 1)
                          ELSE printf('%04d-%02d-20', (2026 * 4 + 2 + quarters) / 4, ((2026 * 4 + 2 + quarters) % 4 + 1) * 3 + 1) END AS due_on
              FROM demo_shift) q
WHERE o.is_tenant = 1 AND o.kind = 'company' AND NOT EXISTS (SELECT 1 FROM kpi_reports k WHERE k.org_id = o.id
    AND k.year = q.year AND k.quarter = q.quarter AND k.status IN ('submitted', 'accepted'))
ON CONFLICT DO NOTHING;

DROP VIEW demo_months;
DROP VIEW demo_days;
DROP TABLE demo_shift;
