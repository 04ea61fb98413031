-- 0020_facilities: the support center's shared labs, rooms and instruments booked by the hour,
-- the training a user needs before booking an instrument, the center's spaces leased to tenants,
-- subsidy vouchers and monthly statements.
--
-- Never a double booking: a booking that still holds its time (requested, approved, completed,
-- no-show) may not overlap another of the same resource. The booking hook finds the colliding
-- booking to name it in the 409, inside the writer's transaction; the triggers below are the
-- database's own guarantee, for every writer of the file (several processes included), whatever
-- code runs before the INSERT. Intervals are half-open: end == next start is allowed.

CREATE TABLE resources (
    id                     INTEGER PRIMARY KEY AUTOINCREMENT,
    name                   TEXT NOT NULL,
    kind                   TEXT NOT NULL CHECK (kind IN ('instrument','lab','room')),
    location               TEXT,
    description            TEXT,
    manager_org_id         INTEGER REFERENCES orgs(id),
    manager_user_id        INTEGER REFERENCES users(id),
    hours_mon              TEXT,   -- "HH:MM-HH:MM" in Seoul; NULL or '' closed
    hours_tue              TEXT,
    hours_wed              TEXT,
    hours_thu              TEXT,
    hours_fri              TEXT,
    hours_sat              TEXT,
    hours_sun              TEXT,
    slot_minutes           INTEGER NOT NULL DEFAULT 30,
    min_minutes            INTEGER NOT NULL DEFAULT 30,
    max_minutes            INTEGER NOT NULL DEFAULT 480,
    lead_days              INTEGER NOT NULL DEFAULT 60,
    requires_approval      INTEGER NOT NULL DEFAULT 0 CHECK (requires_approval IN (0,1)),
    requires_qualification INTEGER NOT NULL DEFAULT 0 CHECK (requires_qualification IN (0,1)),
    hourly_fee             INTEGER NOT NULL DEFAULT 0,   -- won
    capacity               INTEGER,
    status                 TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','maintenance','retired')),
    created_at             TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_at             TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    version                INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX resources_manager_org ON resources(manager_org_id);
CREATE INDEX resources_manager_user ON resources(manager_user_id);

-- A subsidy: the program pays share_percent of an organisation's booking fees in a year, up to
-- yearly_cap won; used grows with each booking and never passes the cap.
CREATE TABLE vouchers (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    program       TEXT NOT NULL,
    org_id        INTEGER NOT NULL REFERENCES orgs(id),
    year          INTEGER NOT NULL,
    share_percent INTEGER NOT NULL CHECK (share_percent BETWEEN 0 AND 70),
    yearly_cap    INTEGER NOT NULL DEFAULT 0,
    used          INTEGER NOT NULL DEFAULT 0,
    status        TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','closed')),
    created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    version       INTEGER NOT NULL DEFAULT 1,
    CHECK (used >= 0 AND used <= yearly_cap)
) STRICT;
CREATE INDEX vouchers_org ON vouchers(org_id, year);

-- (vouchers first: bookings refer to them, and PostgreSQL wants a table before its references)
CREATE TABLE bookings (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    resource_id INTEGER NOT NULL REFERENCES resources(id),
    org_id      INTEGER NOT NULL REFERENCES orgs(id),     -- the booking organisation
    user_id     INTEGER REFERENCES users(id),             -- who booked
    starts_at   TEXT NOT NULL,                            -- UTC YYYY-MM-DDTHH:MM:SSZ
    ends_at     TEXT NOT NULL,
    purpose     TEXT,
    status      TEXT NOT NULL DEFAULT 'requested' CHECK (status IN ('requested','approved','declined','cancelled','completed','no-show')),
    minutes     INTEGER NOT NULL DEFAULT 0,
    fee         INTEGER NOT NULL DEFAULT 0,               -- won, at the resource's hourly fee
    voucher_id  INTEGER REFERENCES vouchers(id),
    voucher_part INTEGER NOT NULL DEFAULT 0,              -- won the voucher pays
    company_part INTEGER NOT NULL DEFAULT 0,              -- won the organisation pays
    decision_note TEXT,
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    version     INTEGER NOT NULL DEFAULT 1,
    CHECK (ends_at > starts_at)
) STRICT;
CREATE INDEX bookings_slot ON bookings(resource_id, starts_at, ends_at);
CREATE INDEX bookings_org ON bookings(org_id, starts_at);
CREATE INDEX bookings_user ON bookings(user_id, starts_at);

-- [sqlite]
CREATE TRIGGER bookings_no_overlap_insert BEFORE INSERT ON bookings
WHEN NEW.status NOT IN ('declined','cancelled') AND EXISTS (
    SELECT 1 FROM bookings b WHERE b.resource_id = NEW.resource_id
       AND b.status NOT IN ('declined','cancelled')
       AND b.starts_at < NEW.ends_at AND b.ends_at > NEW.starts_at)
BEGIN
    SELECT RAISE(ABORT, 'booking overlap: bookings.starts_at');
END;

CREATE TRIGGER bookings_no_overlap_update BEFORE UPDATE OF resource_id, starts_at, ends_at, status ON bookings
WHEN NEW.status NOT IN ('declined','cancelled') AND EXISTS (
    SELECT 1 FROM bookings b WHERE b.resource_id = NEW.resource_id AND b.id <> NEW.id
       AND b.status NOT IN ('declined','cancelled')
       AND b.starts_at < NEW.ends_at AND b.ends_at > NEW.starts_at)
BEGIN
    SELECT RAISE(ABORT, 'booking overlap: bookings.starts_at');
END;
-- [postgres]
-- PostgreSQL's own guarantee is an exclusion constraint: no two bookings of one resource that
-- hold their time share an instant ([) ranges: end == next start is allowed). The times are
-- stored as SQLite stores them (UTC text); bpmc_utc reads them, and is immutable (it reads
-- only the digits of the fixed format), as an index expression must be. Its name is the
-- field a violation names (db/pg.c reads "table.column" from it).
CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE FUNCTION bpmc_utc(t text) RETURNS timestamptz LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT make_timestamp(substr(t, 1, 4)::int, substr(t, 6, 2)::int, substr(t, 9, 2)::int,
                          substr(t, 12, 2)::int, substr(t, 15, 2)::int,
                          substr(t, 18, 2)::double precision) AT TIME ZONE 'UTC'
$$;
ALTER TABLE bookings ADD CONSTRAINT "bookings.starts_at" EXCLUDE USING gist
    (resource_id WITH =, tstzrange(bpmc_utc(starts_at), bpmc_utc(ends_at)) WITH &&)
    WHERE (status NOT IN ('declined', 'cancelled'));
-- [both]

-- A user trained on a resource, granted by an operator or the resource's manager.
CREATE TABLE qualifications (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id     INTEGER NOT NULL REFERENCES users(id),
    org_id      INTEGER REFERENCES orgs(id),              -- the user's organisation
    resource_id INTEGER NOT NULL REFERENCES resources(id),
    granted_by  INTEGER REFERENCES users(id),
    granted_on  TEXT,
    expires_on  TEXT,                                     -- last valid day (Seoul); NULL never
    note        TEXT,
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    version     INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX qualifications_user ON qualifications(user_id, resource_id);
CREATE INDEX qualifications_org ON qualifications(org_id);

-- The center's offices and labs (입주 공간), and their leases to tenants.
CREATE TABLE spaces (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    name         TEXT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('office','lab','meeting','community','other')),
    floor        INTEGER,
    area_m2      INTEGER,        -- hundredths of a m² (DECIMAL, scale 2)
    monthly_rent INTEGER,        -- won, the asking rent
    description  TEXT,
    status       TEXT NOT NULL DEFAULT 'available' CHECK (status IN ('available','unavailable')),
    created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    version      INTEGER NOT NULL DEFAULT 1
) STRICT;

CREATE TABLE leases (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    space_id     INTEGER NOT NULL REFERENCES spaces(id),
    org_id       INTEGER NOT NULL REFERENCES orgs(id),    -- the tenant
    starts_on    TEXT NOT NULL,
    ends_on      TEXT,
    monthly_rent INTEGER NOT NULL DEFAULT 0,              -- won
    deposit      INTEGER,                                 -- won
    note         TEXT,
    status       TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','ended')),
    created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    version      INTEGER NOT NULL DEFAULT 1,
    CHECK (ends_on IS NULL OR ends_on >= starts_on)
) STRICT;
CREATE INDEX leases_space ON leases(space_id, starts_on);
CREATE INDEX leases_org ON leases(org_id);

-- A monthly statement per organisation: its bookings' fees, split between voucher and company.
CREATE TABLE statements (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id       INTEGER NOT NULL REFERENCES orgs(id),
    title        TEXT,
    month        TEXT NOT NULL,        -- YYYY-MM (Seoul)
    bookings     INTEGER NOT NULL DEFAULT 0,
    total_fee    INTEGER NOT NULL DEFAULT 0,
    voucher_part INTEGER NOT NULL DEFAULT 0,
    company_part INTEGER NOT NULL DEFAULT 0,
    status       TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','issued','paid')),
    created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    version      INTEGER NOT NULL DEFAULT 1,
    UNIQUE (org_id, month)
) STRICT;
