-- 0011_org_aliases: an organisation's other names (셀트리온 = Celltrion, 중진공 = 중소벤처기업진흥공단,
-- KDRA), a JSON array of strings like tags.synonyms, found by search both ways.
ALTER TABLE orgs ADD COLUMN aliases TEXT NOT NULL DEFAULT '[]';

-- The search index gets a column for a row's other names (an English name or title, aliases,
-- synonyms), ranked between the title and the rest, and a column "meta" of tokens nobody types
-- (collection, visibility, owner: "0cneeds 0vpublic 0o12") that lets a query filter by kind and
-- by what the caller may see inside the full-text query. BM25 weights: title 10, names 5, body 1,
-- meta 0 (kept as the table's rank). Emptied here, the index is filled again from the rows by
-- `bpmc migrate`, `init` and `serve` (core/search.c) right after the migrations.
DROP TABLE search;
DELETE FROM search_rows;
-- [sqlite]
CREATE VIRTUAL TABLE search USING fts5(title, names, body, meta, tokenize = 'bpmc', prefix = '1 2 3');
INSERT INTO search(search, rank) VALUES ('rank', 'bm25(10.0, 5.0, 1.0, 0.0)');
-- The index's terms with their document counts: where typo tolerance finds the words a query
-- word is one or two edits away from.
CREATE VIRTUAL TABLE search_vocab USING fts5vocab(search, row);
-- [postgres]
CREATE TABLE search (rowid BIGINT PRIMARY KEY, title TEXT, names TEXT, body TEXT, meta TEXT);
-- [both]
