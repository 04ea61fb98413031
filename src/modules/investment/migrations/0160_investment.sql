-- 0160_investment: the investment module (바이오 메디컬 전문 VC 유치). Investors' profiles, the
-- companies' fundraising rounds, the deal pipeline between one investor and one company, and
-- IR events with their registrations. docs/investment.md.

-- An investor organisation's profile (a fund): what it invests in. Read by signed-in members of
-- the cluster (companies look for investors), written by the investor's people and operators.
CREATE TABLE investor_profiles (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id        INTEGER NOT NULL REFERENCES orgs(id),
    fund_name     TEXT NOT NULL,
    fund_size     INTEGER,                          -- won
    stages        TEXT NOT NULL DEFAULT '[]',       -- JSON array of stage values (rules.c)
    fields        TEXT NOT NULL DEFAULT '[]',       -- tag slugs
    ticket_min    INTEGER,                          -- won
    ticket_max    INTEGER,                          -- won
    thesis        TEXT,
    contact_name  TEXT,
    contact_email TEXT,
    contact_phone TEXT,
    is_synthetic  INTEGER NOT NULL DEFAULT 0 CHECK (is_synthetic IN (0,1)),
    created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    version       INTEGER NOT NULL DEFAULT 1,
    CHECK (ticket_min IS NULL OR ticket_max IS NULL OR ticket_min <= ticket_max)
) STRICT;
CREATE INDEX investor_profiles_org ON investor_profiles(org_id);

-- The organisations an audience value admits: audience 1 ("shown to investors") is every
-- investor organisation (orgs.kind 'investor'), kept by the triggers below. The fundraisings'
-- read table reads it as a link (engine/access.h).
CREATE TABLE investor_audience (
    audience    INTEGER NOT NULL,
    org_id      INTEGER NOT NULL REFERENCES orgs(id)
) STRICT;
CREATE INDEX investor_audience_key ON investor_audience(audience, org_id);
INSERT INTO investor_audience (audience, org_id) SELECT 1, id FROM orgs WHERE kind = 'investor';

-- A company's fundraising round: private to the company and operators until it is shown to
-- investors (audience 1: opening the round sets it).
CREATE TABLE fundraisings (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id        INTEGER NOT NULL REFERENCES orgs(id),
    title         TEXT NOT NULL,
    stage         TEXT NOT NULL CHECK (stage IN ('seed','pre-a','series-a','series-b','series-c','pre-ipo')),
    amount_sought INTEGER NOT NULL,                 -- won
    use_of_funds  TEXT,
    fields        TEXT NOT NULL DEFAULT '[]',
    deck_file_id  INTEGER REFERENCES files(id),
    status        TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','open','closed')),
    audience      INTEGER NOT NULL DEFAULT 0 CHECK (audience IN (0,1)),
    closes_on     TEXT,
    is_synthetic  INTEGER NOT NULL DEFAULT 0 CHECK (is_synthetic IN (0,1)),
    created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    version       INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX fundraisings_org ON fundraisings(org_id, id);
CREATE INDEX fundraisings_audience ON fundraisings(audience, status);

-- The pipeline between one investor organisation and one company: theirs and operators' only.
CREATE TABLE deals (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    title           TEXT NOT NULL,
    investor_org_id INTEGER NOT NULL REFERENCES orgs(id),
    company_org_id  INTEGER NOT NULL REFERENCES orgs(id),
    fundraising_id  INTEGER REFERENCES fundraisings(id),
    stage           TEXT NOT NULL DEFAULT 'sourced' CHECK (stage IN ('sourced','contacted','ir_meeting','due_diligence','term_sheet','invested','declined')),
    amount          INTEGER,                        -- won
    invested_on     TEXT,
    notes           TEXT,
    history         TEXT NOT NULL DEFAULT '',       -- one line per stage change (server)
    is_synthetic    INTEGER NOT NULL DEFAULT 0 CHECK (is_synthetic IN (0,1)),
    created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    version         INTEGER NOT NULL DEFAULT 1,
    CHECK (investor_org_id <> company_org_id),
    CHECK (stage <> 'invested' OR (amount IS NOT NULL AND invested_on IS NOT NULL))
) STRICT;
CREATE INDEX deals_investor ON deals(investor_org_id, id);
CREATE INDEX deals_company ON deals(company_org_id, id);

-- IR events and demo days: public, kept by operators.
CREATE TABLE invest_events (
    id                     INTEGER PRIMARY KEY AUTOINCREMENT,
    title                  TEXT NOT NULL,
    kind                   TEXT NOT NULL CHECK (kind IN ('ir','demo_day','networking','briefing')),
    description            TEXT,
    starts_at              TEXT NOT NULL,
    ends_at                TEXT,
    place                  TEXT,
    capacity               INTEGER NOT NULL,
    registration_opens_at  TEXT,
    registration_closes_at TEXT,
    seats_taken            INTEGER NOT NULL DEFAULT 0,
    status                 TEXT NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled','held','cancelled')),
    is_synthetic           INTEGER NOT NULL DEFAULT 0 CHECK (is_synthetic IN (0,1)),
    created_at             TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_at             TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    version                INTEGER NOT NULL DEFAULT 1
) STRICT;

-- An organisation's registration for an event: its own and operators'.
CREATE TABLE invest_registrations (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id      INTEGER NOT NULL REFERENCES invest_events(id),
    org_id        INTEGER NOT NULL REFERENCES orgs(id),
    seats         INTEGER NOT NULL DEFAULT 1,
    contact_name  TEXT,
    note          TEXT,
    status        TEXT NOT NULL DEFAULT 'requested' CHECK (status IN ('requested','approved','attended','cancelled','rejected')),
    is_synthetic  INTEGER NOT NULL DEFAULT 0 CHECK (is_synthetic IN (0,1)),
    created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    version       INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX invest_registrations_event ON invest_registrations(event_id, status);
CREATE INDEX invest_registrations_org ON invest_registrations(org_id, id);

-- [sqlite]
CREATE TRIGGER investor_audience_insert AFTER INSERT ON orgs WHEN NEW.kind = 'investor'
BEGIN
    INSERT INTO investor_audience (audience, org_id) VALUES (1, NEW.id);
END;
CREATE TRIGGER investor_audience_update AFTER UPDATE OF kind ON orgs
BEGIN
    DELETE FROM investor_audience WHERE org_id = NEW.id;
    INSERT INTO investor_audience (audience, org_id) SELECT 1, NEW.id WHERE NEW.kind = 'investor';
END;
CREATE TRIGGER investor_audience_delete BEFORE DELETE ON orgs
BEGIN
    DELETE FROM investor_audience WHERE org_id = OLD.id;
END;
-- [postgres]
CREATE FUNCTION investor_audience_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM investor_audience WHERE org_id = OLD.id;
        RETURN OLD;
    END IF;
    IF TG_OP = 'UPDATE' THEN
        DELETE FROM investor_audience WHERE org_id = NEW.id;
    END IF;
    IF NEW.kind = 'investor' THEN
        INSERT INTO investor_audience (audience, org_id) VALUES (1, NEW.id);
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER investor_audience_write AFTER INSERT OR UPDATE OF kind ON orgs
    FOR EACH ROW EXECUTE FUNCTION investor_audience_sync();
CREATE TRIGGER investor_audience_delete BEFORE DELETE ON orgs
    FOR EACH ROW EXECUTE FUNCTION investor_audience_sync();
-- [both]
