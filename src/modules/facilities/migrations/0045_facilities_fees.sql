-- 0045_facilities_fees: fees per organisation class, and monthly statements made of lines.
--
-- A resource has an hourly fee per class of the booking organisation: hourly_fee (tenants,
-- as before), hourly_fee_member (cluster members: the council's hospitals, universities,
-- institutes, public bodies and associations) and hourly_fee_external (everyone else). The
-- class follows from the organisation's directory record (docs/facilities.md); a booking keeps
-- the class and the rate it was charged at.
--
-- A statement (one organisation, one month) is the sum of its lines, one per booking (or an
-- operator's manual line): the triggers below keep the statement's totals equal to the sums of
-- its lines whoever writes them, refuse totals that differ, and refuse any change to the lines
-- of a statement that is no longer a draft.

ALTER TABLE resources ADD COLUMN hourly_fee_member INTEGER NOT NULL DEFAULT 0;   -- won
ALTER TABLE resources ADD COLUMN hourly_fee_external INTEGER NOT NULL DEFAULT 0; -- won
UPDATE resources SET hourly_fee_member = hourly_fee, hourly_fee_external = hourly_fee;

ALTER TABLE bookings ADD COLUMN fee_class TEXT CHECK (fee_class IN ('tenant','member','external'));
ALTER TABLE bookings ADD COLUMN hourly_rate INTEGER;                              -- won an hour

CREATE TABLE statement_lines (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    statement_id  INTEGER NOT NULL REFERENCES statements(id),
    org_id        INTEGER NOT NULL REFERENCES orgs(id),      -- the statement's organisation
    booking_id    INTEGER REFERENCES bookings(id),           -- NULL: an operator's manual line
    resource_id   INTEGER REFERENCES resources(id),
    description   TEXT,
    starts_at     TEXT,
    ends_at       TEXT,
    minutes       INTEGER NOT NULL DEFAULT 0,
    fee_class     TEXT CHECK (fee_class IN ('tenant','member','external')),
    hourly_rate   INTEGER,
    fee           INTEGER NOT NULL DEFAULT 0 CHECK (fee >= 0),
    voucher_id    INTEGER REFERENCES vouchers(id),
    voucher_part  INTEGER NOT NULL DEFAULT 0 CHECK (voucher_part >= 0),
    company_part  INTEGER NOT NULL DEFAULT 0 CHECK (company_part >= 0),
    original_fee  INTEGER,                                   -- before an adjustment
    adjust_reason TEXT,
    created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    version       INTEGER NOT NULL DEFAULT 1,
    CHECK (voucher_part + company_part = fee)
) STRICT;
CREATE INDEX statement_lines_statement ON statement_lines(statement_id, starts_at);
CREATE INDEX statement_lines_org ON statement_lines(org_id);
CREATE INDEX statement_lines_booking ON statement_lines(booking_id);

-- The lines of a draft only.
-- [sqlite]
CREATE TRIGGER statement_lines_draft_insert BEFORE INSERT ON statement_lines
WHEN (SELECT status FROM statements WHERE id = NEW.statement_id) IS NOT 'draft'
BEGIN
    SELECT RAISE(ABORT, 'statement not a draft: statement_lines.statement_id');
END;
CREATE TRIGGER statement_lines_draft_update BEFORE UPDATE ON statement_lines
WHEN (SELECT status FROM statements WHERE id = OLD.statement_id) IS NOT 'draft'
  OR (SELECT status FROM statements WHERE id = NEW.statement_id) IS NOT 'draft'
BEGIN
    SELECT RAISE(ABORT, 'statement not a draft: statement_lines.statement_id');
END;
CREATE TRIGGER statement_lines_draft_delete BEFORE DELETE ON statement_lines
WHEN (SELECT status FROM statements WHERE id = OLD.statement_id) IS NOT 'draft'
BEGIN
    SELECT RAISE(ABORT, 'statement not a draft: statement_lines.statement_id');
END;

-- The totals follow the lines (the statement's version moves with them, so an If-Match taken
-- before a line changed is stale).
CREATE TRIGGER statement_lines_total_insert AFTER INSERT ON statement_lines
BEGIN
    UPDATE statements SET
        bookings = (SELECT count(booking_id) FROM statement_lines WHERE statement_id = NEW.statement_id),
        total_fee = (SELECT coalesce(sum(fee),0) FROM statement_lines WHERE statement_id = NEW.statement_id),
        voucher_part = (SELECT coalesce(sum(voucher_part),0) FROM statement_lines WHERE statement_id = NEW.statement_id),
        company_part = (SELECT coalesce(sum(company_part),0) FROM statement_lines WHERE statement_id = NEW.statement_id),
        version = version + 1, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')
    WHERE id = NEW.statement_id;
END;
CREATE TRIGGER statement_lines_total_update AFTER UPDATE OF fee, voucher_part, company_part, statement_id, booking_id ON statement_lines
BEGIN
    UPDATE statements SET
        bookings = (SELECT count(booking_id) FROM statement_lines WHERE statement_id = statements.id),
        total_fee = (SELECT coalesce(sum(fee),0) FROM statement_lines WHERE statement_id = statements.id),
        voucher_part = (SELECT coalesce(sum(voucher_part),0) FROM statement_lines WHERE statement_id = statements.id),
        company_part = (SELECT coalesce(sum(company_part),0) FROM statement_lines WHERE statement_id = statements.id),
        version = version + 1, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')
    WHERE id IN (OLD.statement_id, NEW.statement_id);
END;
CREATE TRIGGER statement_lines_total_delete AFTER DELETE ON statement_lines
BEGIN
    UPDATE statements SET
        bookings = (SELECT count(booking_id) FROM statement_lines WHERE statement_id = OLD.statement_id),
        total_fee = (SELECT coalesce(sum(fee),0) FROM statement_lines WHERE statement_id = OLD.statement_id),
        voucher_part = (SELECT coalesce(sum(voucher_part),0) FROM statement_lines WHERE statement_id = OLD.statement_id),
        company_part = (SELECT coalesce(sum(company_part),0) FROM statement_lines WHERE statement_id = OLD.statement_id),
        version = version + 1, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')
    WHERE id = OLD.statement_id;
END;

-- Totals that are not the sums of the lines are refused, whoever writes them.
UPDATE statements SET bookings = 0, total_fee = 0, voucher_part = 0, company_part = 0;
-- [sqlite]
CREATE TRIGGER statements_totals_insert BEFORE INSERT ON statements
WHEN NEW.bookings <> 0 OR NEW.total_fee <> 0 OR NEW.voucher_part <> 0 OR NEW.company_part <> 0
BEGIN
    SELECT RAISE(ABORT, 'statement totals are the sums of its lines: statements.total_fee');
END;
CREATE TRIGGER statements_totals_update BEFORE UPDATE OF bookings, total_fee, voucher_part, company_part ON statements
WHEN NEW.total_fee IS NOT (SELECT coalesce(sum(fee),0) FROM statement_lines WHERE statement_id = NEW.id)
  OR NEW.voucher_part IS NOT (SELECT coalesce(sum(voucher_part),0) FROM statement_lines WHERE statement_id = NEW.id)
  OR NEW.company_part IS NOT (SELECT coalesce(sum(company_part),0) FROM statement_lines WHERE statement_id = NEW.id)
  OR NEW.bookings IS NOT (SELECT count(booking_id) FROM statement_lines WHERE statement_id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'statement totals are the sums of its lines: statements.total_fee');
END;
-- [postgres]
-- The same rules as the triggers above, as PostgreSQL spells triggers (a refusal is a
-- unique_violation naming the field, as SQLite's RAISE(ABORT) in a trigger reads).
CREATE FUNCTION statement_lines_draft() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        IF (SELECT status FROM statements WHERE id = OLD.statement_id) IS DISTINCT FROM 'draft' THEN
            RAISE EXCEPTION 'statement not a draft: statement_lines.statement_id' USING ERRCODE = 'unique_violation';
        END IF;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        IF (SELECT status FROM statements WHERE id = NEW.statement_id) IS DISTINCT FROM 'draft' THEN
            RAISE EXCEPTION 'statement not a draft: statement_lines.statement_id' USING ERRCODE = 'unique_violation';
        END IF;
        RETURN NEW;
    END IF;
    RETURN OLD;
END $$;
CREATE TRIGGER statement_lines_draft BEFORE INSERT OR UPDATE OR DELETE ON statement_lines
    FOR EACH ROW EXECUTE FUNCTION statement_lines_draft();

CREATE FUNCTION statement_lines_total() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    o bigint;
    n bigint;
BEGIN
    IF TG_OP <> 'INSERT' THEN
        o := OLD.statement_id;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        n := NEW.statement_id;
    END IF;
    UPDATE statements SET
        bookings = (SELECT count(booking_id) FROM statement_lines WHERE statement_id = statements.id),
        total_fee = (SELECT coalesce(sum(fee),0) FROM statement_lines WHERE statement_id = statements.id),
        voucher_part = (SELECT coalesce(sum(voucher_part),0) FROM statement_lines WHERE statement_id = statements.id),
        company_part = (SELECT coalesce(sum(company_part),0) FROM statement_lines WHERE statement_id = statements.id),
        version = version + 1,
        updated_at = to_char(statement_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
    WHERE id IN (o, n);
    RETURN NULL;
END $$;
CREATE TRIGGER statement_lines_total AFTER INSERT OR DELETE
    OR UPDATE OF fee, voucher_part, company_part, statement_id, booking_id ON statement_lines
    FOR EACH ROW EXECUTE FUNCTION statement_lines_total();

CREATE FUNCTION statements_totals() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.bookings <> 0 OR NEW.total_fee <> 0 OR NEW.voucher_part <> 0 OR NEW.company_part <> 0 THEN
            RAISE EXCEPTION 'statement totals are the sums of its lines: statements.total_fee' USING ERRCODE = 'unique_violation';
        END IF;
    ELSIF NEW.total_fee IS DISTINCT FROM (SELECT coalesce(sum(fee),0) FROM statement_lines WHERE statement_id = NEW.id)
       OR NEW.voucher_part IS DISTINCT FROM (SELECT coalesce(sum(voucher_part),0) FROM statement_lines WHERE statement_id = NEW.id)
       OR NEW.company_part IS DISTINCT FROM (SELECT coalesce(sum(company_part),0) FROM statement_lines WHERE statement_id = NEW.id)
       OR NEW.bookings IS DISTINCT FROM (SELECT count(booking_id) FROM statement_lines WHERE statement_id = NEW.id) THEN
        RAISE EXCEPTION 'statement totals are the sums of its lines: statements.total_fee' USING ERRCODE = 'unique_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER statements_totals_insert BEFORE INSERT ON statements
    FOR EACH ROW EXECUTE FUNCTION statements_totals();
CREATE TRIGGER statements_totals_update BEFORE UPDATE OF bookings, total_fee, voucher_part, company_part ON statements
    FOR EACH ROW EXECUTE FUNCTION statements_totals();
-- [both]
