-- 0138_data_version: the data version of a PostgreSQL database, which the answer caches of its
-- servers are keyed by (docs/postgresql.md, "The answer cache"). Every transaction of bpmc that
-- changes rows raises it with its COMMIT (src/db/pg.c); each server's event loops read it. Before
-- it the version was a hash of pg_current_snapshot(), which every commit in the whole cluster
-- moves (another database's too). SQLite has PRAGMA data_version, per file: nothing to make.
-- [postgres]
CREATE TABLE bpmc_data_version (
    id       BIGINT PRIMARY KEY CHECK (id = 1),
    version  BIGINT NOT NULL
);
INSERT INTO bpmc_data_version (id, version) VALUES (1, 1);
