// GET /api/v1/search with words of several tokens each (docs/search.md "Total": a reading that
// matches nothing, told cheaply). Before the ranking's statement of a reading, the engine asks
// FTS5 for its skeleton (each phrase cut to its rarest token) and skips the statement when the
// skeleton matches no row. A skeleton cut wrongly (a token the phrase's rows need not hold, a
// phrase under NOT) would empty a reading that has rows: the row holding both words would fall to
// the relaxed reading (either word). Each case below is one where that shows: the words together
// are one row, either word alone several; asked for as many rows as hold the words together, the
// answer's total is theirs (the relaxed reading is read only for a page not yet full).
// Also: a private row is never found through it by an anonymous caller, and rows edited after
// the index was made are found, or no longer found, at once. Runs on SQLite and PostgreSQL (which
// has no skeleton: the same answers; node tests/pg/run-api.mjs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, dbSql, bpmc, freshDatabase, addUser, orgBody, ADMIN } from './helpers.mjs';

const FIRST = 71000;
// organisations written before the index is made (serve makes it from them); invented words of
// five and four syllables (four and three bigrams each), so that nothing else in the database
// holds them
const ROWS = {
  both: [1, '결합 연구 기관', '마루결합체와 누리포집기를 함께 다룹니다', 'public'],
  one: [2, '한쪽 기관', '마루결합체 분석', 'public'],
  other: [3, '다른쪽 기관', '누리포집기 판매', 'public'],
  // three public rows of each word: neither is corrected (parts apart, another reading)
  one2: [8, '또 한쪽 기관', '마루결합체 시험', 'public'],
  other2: [9, '또 다른쪽 기관', '누리포집기 수리', 'public'],
  scattered: [4, '흩어진 기관', '마루 결합 누리 포집 체계', 'public'],
  hidden: [5, '비공개 결합 기관', '마루결합체 누리포집기 비공개 과제', 'private'],
  english: [6, 'English words', 'the quasarvane with a lumenbrook inside', 'public'],
};
// then HIDDEN private rows with two other words, and one public row after them: an anonymous
// caller's ranking reads the first thousand matches, none theirs, and reads on with their scope
// (whose skeleton is asked too)
const HIDDEN = 1100;
const BEHIND = 90000;
const id = (name) => FIRST + ROWS[name][0];
let dir;
let srv;
let admin;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bpmc-skeleton-'));
  const db = freshDatabase(dir);
  bpmc(['init', '--db', db]);
  dbSql(db, `
    INSERT INTO orgs (id, name, kind, fields, is_tenant, stage, employees, description, visibility, is_synthetic) VALUES
      ${Object.values(ROWS).map(([n, name, desc, vis]) => `(${FIRST + n}, '${name}', 'company', '[]', 0, 'rnd', 10, '${desc}', '${vis}', 1)`).join(',\n      ')};
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${HIDDEN + 1})
    INSERT INTO orgs (id, name, kind, fields, is_tenant, stage, employees, description, visibility, is_synthetic)
    SELECT ${BEHIND} + i, '숨은 기관 ' || i, 'company', '[]', 0, 'rnd', 10, '하늘연결망 바다측정기 과제 ' || i,
      CASE WHEN i <= ${HIDDEN} THEN 'private' ELSE 'public' END, 1 FROM n;
    INSERT INTO orgs (id, name, kind, fields, is_tenant, stage, employees, description, visibility, is_synthetic) VALUES
      (${BEHIND + HIDDEN + 2}, '하늘 기관', 'company', '[]', 0, 'rnd', 10, '하늘연결망 구축', 'public', 1),
      (${BEHIND + HIDDEN + 3}, '바다 기관', 'company', '[]', 0, 'rnd', 10, '바다측정기 구축', 'public', 1),
      (${BEHIND + HIDDEN + 4}, '또 하늘 기관', 'company', '[]', 0, 'rnd', 10, '하늘연결망 운영', 'public', 1),
      (${BEHIND + HIDDEN + 5}, '또 바다 기관', 'company', '[]', 0, 'rnd', 10, '바다측정기 운영', 'public', 1);`);
  addUser(db, { email: ADMIN.email, name: ADMIN.name, role: 'operator-admin' });
  srv = await startServer({ db });
  admin = await srv.login();
});
after(async () => {
  if (srv) await srv.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// the answer's organisations in order, and its total
async function ask(q, who, limit = 1) {
  const r = await srv.get(`/api/v1/search?q=${encodeURIComponent(q)}&limit=${limit}`, who);
  assert.equal(r.status, 200, r.text);
  return { ids: r.json.items.filter((i) => i.collection === 'orgs').map((i) => i.id), total: r.json.total };
}

test('two words of several tokens that one row holds together: that row, its reading counted', async () => {
  const a = await ask('마루결합체 누리포집기');
  assert.equal(a.ids[0], id('both'), `${a.ids}`);
  assert.equal(a.total, 1, `the words together, not either of them: ${JSON.stringify(a)}`);
  const all = await ask('마루결합체 누리포집기', undefined, 20);
  assert.deepEqual(all.ids.slice(1).sort(), [id('one'), id('other'), id('one2'), id('other2')].sort(), `then either word: ${all.ids}`);
  assert.ok(!all.ids.includes(id('hidden')), 'a private row is not an anonymous caller\'s');
  assert.ok(!all.ids.includes(id('scattered')), 'syllables apart are neither word');
});

test('a word with a particle, and the words in the other order', async () => {
  for (const q of ['누리포집기를 마루결합체', '마루결합체의 누리포집기']) {
    const a = await ask(q);
    assert.deepEqual([a.ids[0], a.total], [id('both'), 1], `${q}: ${JSON.stringify(a)}`);
  }
});

test('an anonymous caller behind a thousand private rows with the words finds the public one after them', async () => {
  const a = await ask('하늘연결망 바다측정기');
  assert.deepEqual([a.ids[0], a.total], [BEHIND + HIDDEN + 1, 1], JSON.stringify(a));
});

test('a member of the operator sees the private row too', async () => {
  const a = await ask('마루결합체 누리포집기', admin, 2);
  assert.deepEqual(a.ids.slice(0, 2).sort(), [id('both'), id('hidden')].sort(), `${a.ids}`);
  assert.equal(a.total, 2, JSON.stringify(a));
});

test('a row edited after the index was made: a word added is found, a word removed is not', async () => {
  const c = await srv.post('/api/v1/orgs', orgBody({ description: '누리포집기 시제품' }), admin);
  assert.equal(c.status, 201, c.text);
  const org = c.json.id;
  let a = await ask('마루결합체 누리포집기');
  assert.equal(a.total, 1, `not yet: ${JSON.stringify(a)}`);
  let g = await srv.get(`/api/v1/orgs/${org}`, admin);
  let p = await srv.patch(`/api/v1/orgs/${org}`, { description: '누리포집기 시제품과 마루결합체 공정' }, admin, g.headers.get('etag'));
  assert.equal(p.status, 200, p.text);
  a = await ask('마루결합체 누리포집기');
  assert.equal(a.total, 2, `the word added: ${JSON.stringify(a)}`);
  a = await ask('마루결합체 누리포집기', undefined, 2);
  assert.deepEqual(a.ids.sort(), [id('both'), org].sort(), JSON.stringify(a));
  g = await srv.get(`/api/v1/orgs/${org}`, admin);
  p = await srv.patch(`/api/v1/orgs/${org}`, { description: '마루결합체 공정만' }, admin, g.headers.get('etag'));
  assert.equal(p.status, 200, p.text);
  a = await ask('마루결합체 누리포집기');
  assert.deepEqual([a.ids[0], a.total], [id('both'), 1], `the word removed: ${JSON.stringify(a)}`);
  // and a word no row holds with the other: the relaxed reading, either word
  a = await ask('마루결합체 lumenbrook', undefined, 20);
  assert.ok(a.total >= 4 && a.ids.includes(id('english')) && a.ids.includes(id('one')), JSON.stringify(a));
});
