-- 0055_dashboard: indexes that let the dashboard's counts read narrow index entries instead of
-- the wide rows (organisations carry their descriptions): the figures are grouped counts over
-- whole tables (docs/dashboard.md, bench/dashboard.mjs). Each covers what its figure reads.
CREATE INDEX orgs_tenant_figures ON orgs(is_tenant, visibility, stage, fields);
CREATE INDEX orgs_created ON orgs(created_at, visibility);
CREATE INDEX needs_status ON needs(status, visibility, org_id);
CREATE INDEX matches_status ON matches(status);
CREATE INDEX collaborations_status ON collaborations(status);
CREATE INDEX bookings_starts ON bookings(starts_at, status, ends_at);
CREATE INDEX achievements_occurred ON achievements(occurred_on, kind);
