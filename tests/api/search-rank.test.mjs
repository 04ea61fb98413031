// GET /api/v1/search over a cluster of thousands of rows: the best matches the caller may see come
// first, whatever their age in the index, and a first page is never empty when such matches exist
// (docs/search.md "Ranking"). Runs on SQLite and PostgreSQL (node tests/pg/run-api.mjs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, dbSql, bpmc, freshDatabase, addUser, ADMIN, ON_PG } from './helpers.mjs';

const ROWS = 3000;
const PRIVATE = 2000; // the oldest 2 000 are private, the 1 000 after them public
const FIRST = 90000;
let dir;
let srv;
let op;
let member;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bpmc-rank-'));
  const db = freshDatabase(dir);
  bpmc(['init', '--db', db]);
  // 3 000 organisations written outside bpmc into a database whose index is empty, so serve builds
  // it from every row: every one says zqxrank and zqxhidden in its description; the newest is
  // named zqxrank (the best match of zqxrank by far: its title), and so is the newest private one
  // (zqxrank 비공개: never shown to who may not see it).
  dbSql(db, `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${ROWS})
    INSERT INTO orgs (id, name, kind, fields, is_tenant, stage, employees, description, visibility, is_synthetic)
    SELECT ${FIRST} + i, CASE WHEN i = ${ROWS} THEN 'zqxrank' WHEN i = ${PRIVATE} THEN 'zqxrank 비공개' ELSE '순위기관 ' || i END, 'company', '[]', 0, 'rnd', 10,
      '바이오 연구 기관의 설명 zqxrank zqxhidden 협력과 공동연구를 찾습니다',
      CASE WHEN i <= ${PRIVATE} THEN 'private' ELSE 'public' END, 1 FROM n;`);
  addUser(db, { email: ADMIN.email, name: ADMIN.name, role: 'operator-admin' });
  srv = await startServer({ db });
  srv.addUser({ email: 'rank-member@bpmc.test', name: '순위회원', role: 'org-member', org: FIRST + 5 });
  op = await srv.login();
  member = await srv.login('rank-member@bpmc.test');
});
after(async () => {
  if (srv) await srv.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const search = (q, session, extra = '') => srv.get(`/api/v1/search?q=${encodeURIComponent(q)}${extra}`, session);
const privateOrg = (id) => id > FIRST && id <= FIRST + PRIVATE;

test('the best match of a broad word comes first even when it is the newest of thousands', async () => {
  for (const [who, session] of [['operator', op], ['anonymous', undefined], ['member', member]]) {
    for (const kind of ['', '&kind=orgs']) {
      const r = await search('zqxrank', session, `&limit=5${kind}`);
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.items.length, 5, `${who}${kind}: ${r.text}`);
      assert.deepEqual([r.json.items[0].collection, r.json.items[0].id], ['orgs', FIRST + ROWS], `${who}${kind}: ${r.text}`);
      assert.equal(r.json.items[0].title, 'zqxrank');
      const secret = r.json.items.some((i) => i.id === FIRST + PRIVATE);
      assert.equal(secret, who === 'operator', `${who}${kind}: the private zqxrank 비공개 ${who === 'operator' ? 'second' : 'not shown'}`);
      if (who === 'operator') assert.equal(r.json.items[1].id, FIRST + PRIVATE);
    }
  }
});

test('a caller whose first hundreds of matches are all private still gets a full first page of what they may see', async () => {
  for (const kind of ['', '&kind=orgs']) {
    for (const limit of [10, 50]) {
      const r = await search('zqxhidden', undefined, `&limit=${limit}${kind}`);
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.items.length, limit, `anonymous, limit ${limit}${kind}: ${r.text.slice(0, 300)}`);
      const hidden = r.json.items.filter((i) => privateOrg(i.id));
      assert.deepEqual(hidden, [], 'no private row');
      assert.ok(r.json.items.every((i) => i.collection === 'orgs' && i.id > FIRST + PRIVATE));
      assert.equal(new Set(r.json.items.map((i) => i.id)).size, limit, 'no row twice');
      // the total counts the 1 000 public ones: exactly on PostgreSQL, estimated on SQLite
      if (ON_PG) {
        assert.equal(r.json.total, ROWS - PRIVATE);
      } else {
        assert.equal(r.json.total_is_estimate, true);
        assert.ok(r.json.total >= 500 && r.json.total <= 2000, String(r.json.total));
      }
    }
  }
  // the same page with a larger limit holds the smaller one's rows, in the same order
  const ten = await search('zqxhidden', undefined, '&limit=10');
  const fifty = await search('zqxhidden', undefined, '&limit=50');
  assert.deepEqual(fifty.json.items.slice(0, 10).map((i) => i.id), ten.json.items.map((i) => i.id));
  // a member sees their own private organisation, and no other private one
  const m = await search('zqxhidden', member, '&limit=50');
  assert.equal(m.status, 200, m.text);
  assert.equal(m.json.items.length, 50);
  assert.ok(m.json.items.some((i) => i.id === FIRST + 5), 'their own private organisation');
  assert.deepEqual(m.json.items.filter((i) => privateOrg(i.id) && i.id !== FIRST + 5), [], 'no other private row');
  // the operator sees everything: the oldest first among equals, the total of all 3 000
  const o = await search('zqxhidden', op, '&limit=10');
  assert.equal(o.json.items.length, 10);
  if (ON_PG) assert.equal(o.json.total, ROWS);
  else assert.ok(o.json.total >= 1500 && o.json.total <= 6000, String(o.json.total));
});
