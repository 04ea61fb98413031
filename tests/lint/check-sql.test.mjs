// scripts/check-sql (make lint): what it refuses and what it lets pass, on C text given here.
// The case that matters most is session 5's bug: search.c's count of a prefix phrase, a whole
// statement ending in a subquery without an alias, which PostgreSQL 15 refuses; search.c was not
// checked, and a subquery ending a literal was taken for one whose alias came after it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { findingsOf, PG_FILES } = require('../../scripts/check-sql');

const UNALIASED = 'subquery in FROM without an alias (PostgreSQL 15 needs one)';
/** The constructs check-sql names in the C text src (pgOnly: a PG_FILES file). */
const names = (src, pgOnly = false) => findingsOf('x.c', src, pgOnly).map((f) => f.name);

test('session 5: a whole statement ending in a subquery without an alias, in search.c', () => {
  assert.ok(PG_FILES.includes('src/engine/search.c') && PG_FILES.includes('src/engine/search_pg.c'));
  const bug = `    if (db_prepare(db, "SELECT coalesce(sum(docs), 0) FROM (SELECT docs FROM search_df WHERE term >= ?1 "
                       "AND term < ?2 LIMIT ?3)",
                   &st))`;
  assert.deepEqual(names(bug, true), [UNALIASED]);
  assert.deepEqual(names(bug.replace('LIMIT ?3)"', 'LIMIT ?3) AS d"'), true), []);
  assert.deepEqual(names(bug.replace('LIMIT ?3)"', 'LIMIT ?3) d"'), true), []);
});

test('a subquery without an alias before WHERE, a join or a comma of FROM is refused', () => {
  assert.deepEqual(names('db_run(db, NULL, "SELECT x FROM (SELECT 1 AS x) WHERE x = 1", "");'), [UNALIASED]);
  assert.deepEqual(names('db_run(db, NULL, "SELECT 1 FROM t JOIN (SELECT id FROM u) ON true", "");'), [UNALIASED]);
  assert.deepEqual(names('db_run(db, NULL, "SELECT 1 FROM t, (SELECT id FROM u) WHERE true", "");'), [UNALIASED]);
  assert.deepEqual(names('db_run(db, NULL, "SELECT 1 FROM t, (SELECT id FROM u) v WHERE true", "");'), []);
});

test('what is not a subquery of FROM, or has its alias in the next piece, passes', () => {
  // a scalar subquery as a function's argument
  assert.deepEqual(names('db_run(db, NULL, "SELECT coalesce(a, (SELECT 1)) FROM t", "");'), []);
  assert.deepEqual(names('db_run(db, NULL, "UPDATE t SET a = (SELECT 1) WHERE id = 1", "");'), []);
  // a statement built in pieces: the alias is written by the next call
  assert.deepEqual(names('(void)buf_adds(&sql, "SELECT count(*) FROM (SELECT id FROM t WHERE ");\n(void)buf_addf(&sql, "%s) s", cond);'), []);
  // FTS5's statements are SQLite's alone
  assert.deepEqual(names('db_prepare(db, "SELECT count(*) FROM (SELECT 1 FROM search WHERE search MATCH ?1 LIMIT ?2)", &st);', true), []);
  // on a converted file the same statement is SQLite-only SQL anyway (MATCH)
  assert.ok(names('db_prepare(db, "SELECT count(*) FROM (SELECT 1 FROM search WHERE search MATCH ?1 LIMIT ?2)", &st);').includes('FTS5 MATCH (dialect_text_rows)'));
});

test('a converted file is checked for SQLite-only SQL; a PostgreSQL file only for what PostgreSQL refuses', () => {
  const src = 'db_run(db, NULL, "SELECT rowid FROM t WHERE ifnull(a, 0) = 1", "");';
  assert.deepEqual(names(src), ['rowid (declare an id column)', 'SQLite-only function (COALESCE, CASE, strpos…)']);
  assert.deepEqual(names(src, true), []);
  assert.deepEqual(names('db_run(db, NULL, "SELECT x FROM t WHERE a = 1", ""); /* check-sql: allow */'.replace('a = 1', 'a = 1 AND rowid = 2')).length, 0);
});
