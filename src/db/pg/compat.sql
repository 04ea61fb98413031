-- compat: the few SQLite functions that the migrations' and the demo data's own statements use
-- (strftime, date, datetime, printf, scalar min and max), in PostgreSQL, in a schema of their own. db/migrate.c
-- puts the schema on the search path only while it applies migrations or loads the demo data:
-- the server's statements never see it (their SQL is portable, docs/postgresql.md), nor do
-- column defaults and triggers, which are written in PostgreSQL's own terms.
CREATE SCHEMA IF NOT EXISTS bpmc_sqlite;

-- A time value and SQLite's modifiers: 'now' or an ISO 8601 text; '+N unit' / '-N unit' and
-- 'start of day|month|year'.
CREATE OR REPLACE FUNCTION bpmc_sqlite.sqlite_time(t text, mods text[]) RETURNS timestamp
LANGUAGE plpgsql STABLE AS $$
DECLARE
    ts timestamp;
    m text;
BEGIN
    IF t IS NULL THEN
        RETURN NULL;
    END IF;
    IF t = 'now' THEN
        ts := statement_timestamp() AT TIME ZONE 'UTC';
    ELSE
        ts := replace(replace(t, 'T', ' '), 'Z', '')::timestamp;
    END IF;
    FOREACH m IN ARRAY coalesce(mods, '{}') LOOP
        m := lower(trim(m));
        IF m = 'start of day' THEN
            ts := date_trunc('day', ts);
        ELSIF m = 'start of month' THEN
            ts := date_trunc('month', ts);
        ELSIF m = 'start of year' THEN
            ts := date_trunc('year', ts);
        ELSE
            ts := ts + m::interval;
        END IF;
    END LOOP;
    RETURN ts;
END $$;

CREATE OR REPLACE FUNCTION bpmc_sqlite.strftime(fmt text, t text, VARIADIC mods text[] DEFAULT '{}')
RETURNS text LANGUAGE plpgsql STABLE AS $$
DECLARE
    ts timestamp := bpmc_sqlite.sqlite_time(t, mods);
    res text := '';
    i int := 1;
    c text;
BEGIN
    IF ts IS NULL THEN
        RETURN NULL;
    END IF;
    WHILE i <= length(fmt) LOOP
        c := substr(fmt, i, 1);
        IF c = '%' AND i < length(fmt) THEN
            i := i + 1;
            c := substr(fmt, i, 1);
            res := res || CASE c
                WHEN 'Y' THEN to_char(ts, 'YYYY') WHEN 'm' THEN to_char(ts, 'MM')
                WHEN 'd' THEN to_char(ts, 'DD') WHEN 'H' THEN to_char(ts, 'HH24')
                WHEN 'M' THEN to_char(ts, 'MI') WHEN 'S' THEN to_char(ts, 'SS')
                WHEN 'f' THEN to_char(ts, 'SS.MS') WHEN 'j' THEN to_char(ts, 'DDD')
                WHEN 'w' THEN extract(dow FROM ts)::int::text
                WHEN 's' THEN extract(epoch FROM ts)::bigint::text
                WHEN '%' THEN '%' ELSE '%' || c END;
        ELSE
            res := res || c;
        END IF;
        i := i + 1;
    END LOOP;
    RETURN res;
END $$;

CREATE OR REPLACE FUNCTION bpmc_sqlite.date(t text, VARIADIC mods text[] DEFAULT '{}')
RETURNS text LANGUAGE sql STABLE AS $$
    SELECT to_char(bpmc_sqlite.sqlite_time(t, mods), 'YYYY-MM-DD')
$$;

CREATE OR REPLACE FUNCTION bpmc_sqlite.julianday(t text, VARIADIC mods text[] DEFAULT '{}')
RETURNS double precision LANGUAGE sql STABLE AS $$
    SELECT extract(epoch FROM bpmc_sqlite.sqlite_time(t, mods)::timestamp)::double precision / 86400 + 2440587.5
$$;

CREATE OR REPLACE FUNCTION bpmc_sqlite.datetime(t text, VARIADIC mods text[] DEFAULT '{}')
RETURNS text LANGUAGE sql STABLE AS $$
    SELECT to_char(bpmc_sqlite.sqlite_time(t, mods), 'YYYY-MM-DD HH24:MI:SS')
$$;

-- printf's %d, %s and %%, with a 0 flag and a width.
CREATE OR REPLACE FUNCTION bpmc_sqlite.printf(fmt text, VARIADIC args anycompatiblearray)
RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    res text := '';
    i int := 1;
    k int := 1;
    c text;
    zero boolean;
    width int;
    v text;
BEGIN
    WHILE i <= length(fmt) LOOP
        c := substr(fmt, i, 1);
        IF c <> '%' THEN
            res := res || c;
            i := i + 1;
            CONTINUE;
        END IF;
        i := i + 1;
        IF substr(fmt, i, 1) = '%' THEN
            res := res || '%';
            i := i + 1;
            CONTINUE;
        END IF;
        zero := substr(fmt, i, 1) = '0';
        width := 0;
        WHILE substr(fmt, i, 1) BETWEEN '0' AND '9' AND substr(fmt, i, 1) <> '' LOOP
            width := width * 10 + substr(fmt, i, 1)::int;
            i := i + 1;
        END LOOP;
        v := coalesce(args[k]::text, '');
        k := k + 1;
        IF length(v) < width THEN
            v := lpad(v, width, CASE WHEN zero THEN '0' ELSE ' ' END);
        END IF;
        res := res || v;
        i := i + 1; -- the conversion: d or s
    END LOOP;
    RETURN res;
END $$;

-- The scalar min and max of two values (NULL when either is, as SQLite's).
CREATE OR REPLACE FUNCTION bpmc_sqlite.min(a anycompatible, b anycompatible) RETURNS anycompatible
LANGUAGE sql IMMUTABLE AS $$ SELECT CASE WHEN a IS NULL OR b IS NULL THEN NULL ELSE least(a, b) END $$;
CREATE OR REPLACE FUNCTION bpmc_sqlite.max(a anycompatible, b anycompatible) RETURNS anycompatible
LANGUAGE sql IMMUTABLE AS $$ SELECT CASE WHEN a IS NULL OR b IS NULL THEN NULL ELSE greatest(a, b) END $$;
