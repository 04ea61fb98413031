-- 0121_search_df: how many rows of the search index hold each token, kept by engine/search.c in
-- the transaction that indexes or removes a row, so that a query's BM25 weighs its phrases and
-- the typo tolerance reads the vocabulary without reading every posting list (FTS5's bm25() and
-- fts5vocab count them by reading the lists). Filled here from the index in one pass; an index
-- built from nothing fills it again at its end (search_fill_if_empty).
-- [sqlite]
CREATE TABLE search_df (
    term  TEXT PRIMARY KEY,
    docs  INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
INSERT INTO search_df(term, docs) SELECT term, doc FROM search_vocab;
-- [postgres]
-- No search index of ours on PostgreSQL (docs/postgresql.md): the table is kept for the schema's
-- sake and stays empty.
CREATE TABLE search_df (
    term  TEXT PRIMARY KEY,
    docs  BIGINT NOT NULL
);
