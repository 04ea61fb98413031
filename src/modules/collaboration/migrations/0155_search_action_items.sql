-- 0155_search_action_items: action items join the search index. An action item inside a
-- collaboration is read by the collaboration's other organisation too (partner_org_id, 0101),
-- so the index's map keeps a second organisation per row (party_org_id: the entry's
-- party_field), which search's read table admits like the owner (engine/access.c), and the
-- item's meta column carries its "0o" token too. The index is made again, empty (as 0070:
-- a new table, not its rows deleted), and filled from the rows by `bpmc migrate`, `init` and
-- `serve` right after the migrations, action items included.
-- [sqlite]
ALTER TABLE search_rows ADD COLUMN party_org_id INTEGER;
DROP TABLE search_vocab;
DROP TABLE search;
DELETE FROM search_rows;
DELETE FROM search_df;
CREATE VIRTUAL TABLE search USING fts5(title, names, body, meta, tokenize = 'bpmc', prefix = '1 2 3');
INSERT INTO search(search, rank) VALUES ('rank', 'bm25(10.0, 5.0, 1.0, 0.0)');
CREATE VIRTUAL TABLE search_vocab USING fts5vocab(search, row);
-- [postgres]
ALTER TABLE search_rows ADD COLUMN party_org_id BIGINT;
TRUNCATE search_postings, search;
DELETE FROM search_rows;
DELETE FROM search_df;
