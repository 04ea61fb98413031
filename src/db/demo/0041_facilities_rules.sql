-- 0041_facilities_rules: the demo facilities' cancellation deadlines, check-in grace and a
-- maintenance period ([데모]). The public holidays are reference data (0041_facilities_closed.sql),
-- not demo.
UPDATE resources SET cancel_hours = 24 WHERE id IN (1, 4);
UPDATE resources SET cancel_hours = 4 WHERE id IN (3, 6);
UPDATE resources SET noshow_minutes = 15 WHERE id IN (4, 5, 6);
INSERT INTO blackouts (resource_id, org_id, kind, starts_at, ends_at, reason) VALUES
 (5, 12, 'maintenance', strftime('%Y-%m-%dT00:00:00Z','now','+8 days'), strftime('%Y-%m-%dT09:00:00Z','now','+8 days'), '[데모] 레이저 정렬·정기 점검'),
 (2, 12, 'blackout', strftime('%Y-%m-%dT00:00:00Z','now','+12 days'), strftime('%Y-%m-%dT13:00:00Z','now','+12 days'), '[데모] 라운지 바닥 공사');
