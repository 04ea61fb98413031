-- 0135_search_optimize: the search index merged into one segment. An index built row by row (the
-- fill after 0070, a bulk import) is left in a dozen segments of FTS5's levels, and every term of
-- a query is then sought in each of them: at a million rows, 11 b-tree descents per term and per
-- query, most of an uncached search's time for a common word (bench/RESULTS.md). `bpmc reindex`
-- and an index built from nothing (search_fill_if_empty) end the same way.
-- [sqlite]
INSERT INTO search(search) VALUES ('optimize');
-- [postgres]
-- No FTS5 index on PostgreSQL (search_pg.c): nothing to merge.
