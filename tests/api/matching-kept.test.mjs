// The text rows of a broad expression that engine/search_related.c keeps process-wide (a need
// whose every word is held by more rows than the candidates take: more than RELATED_TEXT_ROWS,
// 2 000, of a collection whose largest id is above ten times that) must follow every write. They
// were kept by the index's largest rowid, which a re-indexed newest row keeps on SQLite
// (search_rows.rowid is an INTEGER PRIMARY KEY: the row deleted, then inserted under the same
// rowid), so editing the newest capability left matchings on its old text until another write.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, dbSql, bpmc, ON_PG } from './helpers.mjs';

const WORD = 'zephyrcommon';
const MANY = 2100; // > RELATED_TEXT_ROWS (2 000) rows hold WORD
let srv;
let op;
before(async () => {
  srv = await startServer();
  op = await srv.login();
  // the capabilities' ids from 30 001: the collection's largest id over ten times the rows the
  // candidates take, so that a word 2 100 rows hold is still "distinctive" (at most a tenth)
  const rows = `'${WORD} 시험 역량 ' || i, 'expertise', '${WORD} 설명', 'public'`;
  dbSql(srv.db, ON_PG
    ? `SELECT setval(pg_get_serial_sequence('capabilities','id'), 30000);
       INSERT INTO capabilities (org_id, title, kind, description, visibility) SELECT 101, ${rows} FROM generate_series(1, ${MANY}) AS g(i)`
    : `UPDATE sqlite_sequence SET seq = 30000 WHERE name = 'capabilities';
       INSERT INTO capabilities (org_id, title, kind, description, visibility)
         WITH RECURSIVE g(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM g WHERE i < ${MANY}) SELECT 101, ${rows} FROM g`);
  bpmc(['reindex', '--db', srv.db]);
});
after(async () => {
  if (srv) await srv.stop();
});

const ids = (r) => r.json.items.map((i) => i.capability.id);

test('editing the newest capability moves it into and out of a broad need\'s matches at once', async () => {
  const need = await srv.post('/api/v1/needs', { org_id: 101, title: WORD, description: WORD, visibility: 'public' }, op);
  assert.equal(need.status, 201, need.text);
  // the newest row of the whole index, without the word
  const c = await srv.post('/api/v1/capabilities', { org_id: 101, title: '관계없는 역량', kind: 'expertise', visibility: 'public' }, op);
  assert.equal(c.status, 201, c.text);
  const path = `/api/v1/needs/${need.json.id}/matches?limit=5`;
  const first = await srv.get(path, op);
  assert.equal(first.status, 200, first.text);
  assert.equal(first.json.items.length, 5);
  assert.ok(ids(first).every((id) => id > 30000 && id !== c.json.id), ids(first).join());

  // the newest capability now says the word (and little else: the best BM25 of all)
  const p = await srv.patch(`/api/v1/capabilities/${c.json.id}`, { title: `${WORD} ${WORD}` }, op, c.headers.get('etag'));
  assert.equal(p.status, 200, p.text);
  const entered = await srv.get(path, op);
  assert.equal(entered.status, 200, entered.text);
  assert.equal(entered.json.items[0].capability.id, c.json.id, ids(entered).join());
  assert.equal(entered.json.items[0].capability.title, `${WORD} ${WORD}`);
  assert.ok(entered.json.items[0].parts.text > entered.json.items[1].parts.text, 'the best text of all');

  // and no longer
  const q = await srv.patch(`/api/v1/capabilities/${c.json.id}`, { title: '다시 관계없는 역량' }, op, p.headers.get('etag'));
  assert.equal(q.status, 200, q.text);
  const left = await srv.get(path, op);
  assert.equal(left.status, 200, left.text);
  assert.deepEqual(left.json, first.json);
});
