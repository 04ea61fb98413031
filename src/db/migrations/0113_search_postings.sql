-- 0113_search_postings: search's index on PostgreSQL (engine/search_pg.c, docs/postgresql.md
-- "Search"). SQLite keeps FTS5 (0070) and changes nothing here. On PostgreSQL the index holds
-- bpmc's own analysis, made at write time by the same tokenizer as FTS5's (base/tokens.c):
-- search has each row's text and its size in tokens (ntok: every column, BM25's document
-- length; own_tokens: the body's tokens before the unit separator, its own text);
-- search_postings a term's positions in a row (column << 24 | offset), read by term (and by a
-- range of terms for a prefix) through its primary key, in byte order as FTS5 orders terms;
-- search_vocab the terms with how many rows hold them, as FTS5's fts5vocab 'row' table. The
-- index is made again, empty, and filled from the rows by `bpmc migrate`, `init` and `serve`.
-- [postgres]
DROP TABLE search;
DELETE FROM search_rows;
CREATE TABLE search (
    rowid       BIGINT PRIMARY KEY,
    title       TEXT NOT NULL,
    names       TEXT NOT NULL,
    body        TEXT NOT NULL,
    meta        TEXT NOT NULL,
    ntok        INTEGER NOT NULL,
    own_tokens  INTEGER NOT NULL
);
CREATE TABLE search_postings (
    term    TEXT COLLATE "C" NOT NULL,
    rowid   BIGINT NOT NULL REFERENCES search(rowid) ON DELETE CASCADE,
    pos     INTEGER[] NOT NULL,
    PRIMARY KEY (term, rowid)
);
CREATE INDEX search_postings_rowid ON search_postings(rowid);
CREATE VIEW search_vocab AS
    SELECT term, count(*) AS doc FROM search_postings GROUP BY term ORDER BY term;
-- The rows a list's q= finds (docs/search.md "q= on lists"): the expression search.c's
-- search_list_match writes, {title names body} : ("tok tok" AND "tok"*), every word a phrase of
-- its tokens in the title, names or body (positions below 3 << 24), the last token of the last
-- word as a prefix; as FTS5 reads it on SQLite (dialect_text_rows).
CREATE FUNCTION search_list_rows(expr TEXT) RETURNS SETOF BIGINT LANGUAGE plpgsql STABLE AS $f$
DECLARE
    head CONSTANT TEXT := '{title names body} : (';
    words TEXT;
    phrase TEXT;
    toks TEXT[];
    prefix BOOLEAN;
    q TEXT;
    cond TEXT;
    n INTEGER;
    every TEXT;
BEGIN
    IF left(expr, length(head)) <> head OR right(expr, 1) <> ')' THEN
        RETURN;
    END IF;
    words := substr(expr, length(head) + 1, length(expr) - length(head) - 1);
    FOREACH phrase IN ARRAY string_to_array(words, ' AND ') LOOP
        prefix := right(phrase, 1) = '*';
        IF prefix THEN
            phrase := left(phrase, -1);
        END IF;
        toks := string_to_array(substr(phrase, 2, length(phrase) - 2), ' ');
        n := coalesce(array_length(toks, 1), 0);
        IF n = 0 THEN
            RETURN;
        END IF;
        q := 'SELECT p1.rowid FROM search_postings p1';
        cond := '';
        FOR i IN 1..n LOOP
            IF i > 1 THEN
                q := q || format(' JOIN search_postings p%s ON p%s.rowid = p1.rowid', i, i);
            END IF;
            IF i = n AND prefix THEN
                cond := cond || format(' AND p%s.term >= %L AND p%s.term < %L || chr(1114111)',
                                       i, toks[i], i, toks[i]);
            ELSE
                cond := cond || format(' AND p%s.term = %L', i, toks[i]);
            END IF;
        END LOOP;
        q := q || ' WHERE true' || cond ||
             ' AND EXISTS (SELECT 1 FROM unnest(p1.pos) AS a(v) WHERE a.v < 50331648';
        FOR i IN 2..n LOOP
            q := q || format(' AND a.v + %s = ANY(p%s.pos)', i - 1, i);
        END LOOP;
        q := q || ')';
        every := CASE WHEN every IS NULL THEN q ELSE every || ' INTERSECT ' || q END;
    END LOOP;
    IF every IS NOT NULL THEN
        RETURN QUERY EXECUTE every;
    END IF;
END
$f$;
-- [both]
