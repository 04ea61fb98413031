-- 0016_org_floor_area: the floor area an organisation occupies in the cluster (a tenant's
-- leased space), optional. A decimal with two places (132.25 m²), stored exactly as an integer
-- of hundredths of a square metre (the engine's decimal type, scale 2); the API answers the
-- number in square metres.
ALTER TABLE orgs ADD COLUMN floor_area_m2 INTEGER CHECK (floor_area_m2 >= 0);
