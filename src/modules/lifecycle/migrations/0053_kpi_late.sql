-- 0053_kpi_late: a KPI report's due day (the 20th of the month after its quarter), whether it
-- was submitted late, and whether the company confirmed figures ten times (or a tenth of) the
-- previous quarter's.
ALTER TABLE kpi_reports ADD COLUMN due_on TEXT NOT NULL DEFAULT '';
ALTER TABLE kpi_reports ADD COLUMN is_late INTEGER NOT NULL DEFAULT 0 CHECK (is_late IN (0,1));
ALTER TABLE kpi_reports ADD COLUMN confirm_outliers INTEGER NOT NULL DEFAULT 0 CHECK (confirm_outliers IN (0,1));
UPDATE kpi_reports SET due_on = CASE quarter
    WHEN 4 THEN printf('%04d-01-20', year + 1)
    ELSE printf('%04d-%02d-20', year, quarter * 3 + 1) END;
UPDATE kpi_reports SET is_late = 1
 WHERE submitted_at IS NOT NULL AND date(submitted_at, '+9 hours') > due_on;
CREATE INDEX kpi_reports_due ON kpi_reports(status, due_on, id);
