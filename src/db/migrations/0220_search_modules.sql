-- 0220_search_modules: /search finds the IR events, courses, demand surveys and the program's
-- pledge and unit projects (docs/search.md, "What is found"). Their rows already in the database
-- are indexed by `bpmc migrate`, `init` and `serve` right after the migrations, one collection at
-- a time, in the transaction that fills an empty index (search_fill_if_empty): search_pending
-- names the collections whose rows are to be indexed into an index that holds the others, each
-- row as a write indexes it (search_df counted, its bucket and pair tokens), so a large index is
-- not made again from nothing. The table is emptied once they are (or once an empty index is
-- filled, which holds them anyway), so a start reads it and finds nothing to do.
-- [sqlite]
CREATE TABLE search_pending (
    collection  TEXT PRIMARY KEY
) STRICT, WITHOUT ROWID;
INSERT INTO search_pending(collection)
VALUES ('events'), ('courses'), ('surveys'), ('pledge-projects'), ('unit-projects');
-- [postgres]
CREATE TABLE search_pending (
    collection  TEXT PRIMARY KEY
);
INSERT INTO search_pending(collection)
VALUES ('events'), ('courses'), ('surveys'), ('pledge-projects'), ('unit-projects');
