-- 0006_search: one full-text index over every searchable collection, kept in the same
-- transaction as the rows (core/search.c). The tokenizer "bpmc" (core/tokens.c, registered on
-- every connection by db/sqlite.c) splits Hangul into syllable bigrams plus 초성, and folds Latin.
-- search_rows maps an index row to its record and carries what visibility needs.
-- [sqlite]
CREATE VIRTUAL TABLE search USING fts5(title, body, tokenize = 'bpmc', prefix = '1 2');
-- [postgres]
-- No full-text index on PostgreSQL yet (docs/postgresql.md): the rows are kept, unsearched.
CREATE TABLE search (rowid BIGINT PRIMARY KEY, title TEXT, body TEXT);
-- [both]
CREATE TABLE search_rows (
    rowid       INTEGER PRIMARY KEY,
    collection  TEXT NOT NULL,
    row_id      INTEGER NOT NULL,
    org_id      INTEGER,
    visibility  TEXT NOT NULL,
    UNIQUE (collection, row_id)
) STRICT;
