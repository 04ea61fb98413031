-- 0130_search_postings_cover: PostgreSQL's search index read without the table (docs/postgresql.md
-- "Search"). search_postings' key (term, rowid) carries each posting's positions (INCLUDE pos), so
-- a term's postings are one range of the key, an index-only scan, instead of one heap page a
-- posting: the rows were written in rowid order, so a term's postings lay scattered over the
-- table (15 169 postings of a common bigram at 100 000 records: 13 752 pages, 1.6 s; read from
-- the key, 137 pages, 18 ms). search_df's terms compare in byte order (COLLATE "C"), as SQLite's
-- and the postings' do, so a prefix's range of terms (its count, the typo tolerance's scans) is
-- the same whatever the database's collation. BM25's row count and tokens per row (count(*),
-- sum(ntok) of search, a statement per ranked query) read a narrow index rather than the rows'
-- text (100 000 records: 6 to 30 ms instead of 45 to 70 on a loaded machine). SQLite keeps FTS5
-- and changes nothing.
-- [postgres]
ALTER TABLE search_postings DROP CONSTRAINT search_postings_pkey;
ALTER TABLE search_postings ADD CONSTRAINT search_postings_pkey PRIMARY KEY (term, rowid) INCLUDE (pos);
ALTER TABLE search_df ALTER COLUMN term TYPE TEXT COLLATE "C";
CREATE INDEX search_ntok ON search (rowid) INCLUDE (ntok);
-- [both]
