-- 0070_search_own_text: an indexed row's body now keeps its own text apart from what it carries
-- from elsewhere (its fields' names, its organisation's names) with a unit separator, so that a
-- snippet shows the row's own words first (engine/search.c). The index is made again, empty (a
-- new table, not its rows deleted: deleting leaves tombstones every query would read until a
-- merge), and filled from the rows by `bpmc migrate`, `init` and `serve` right after the
-- migrations. Same table as 0011.
-- [sqlite]
DROP TABLE search_vocab;
DROP TABLE search;
DELETE FROM search_rows;
CREATE VIRTUAL TABLE search USING fts5(title, names, body, meta, tokenize = 'bpmc', prefix = '1 2 3');
INSERT INTO search(search, rank) VALUES ('rank', 'bm25(10.0, 5.0, 1.0, 0.0)');
CREATE VIRTUAL TABLE search_vocab USING fts5vocab(search, row);
-- [postgres]
DELETE FROM search;
DELETE FROM search_rows;
-- [both]
