// GET /api/v1/{collection}?q= against a plain reference: on thousands of generated needs, every
// page (items, their order, next_cursor) and the total of a list q= must be what a substring
// match over title and description and the visibility rules say, for every kind of caller. At
// scale the list reads a common word's matches by walking the rows in id order and probing each,
// falls back to reading them whole past its window, spells a long prefix out as the index's
// terms, and counts the total inside the index plus the private rows looked up (docs/search.md,
// "q= on lists"); each of those is exercised here: common words, a common word held only by the
// last rows (the window misses it), prefixes of several terms, a rare word, two words, a filter.
// Runs on SQLite and PostgreSQL (node tests/pg/run-api.mjs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, dbSql, bpmc, freshDatabase, addUser, ADMIN } from './helpers.mjs';

const N = 8000;
const FIRST = 50000; // need i has id FIRST + i
const ORGS = [9001, 9002, 9003]; // A, B, C: need i belongs to ORGS[i % 3]
const [A, B, C] = ORGS;

// The words of need i. None is inside another word of the data set except as its start (the
// last word of q is a prefix: geno finds genome, genomics and genotype), so a substring match is
// the index's reading.
function words(i) {
  const w = [];
  if (i % 3 === 0) w.push('연구');
  if (i % 7 === 0) w.push('유전체');
  if (i > N / 2) w.push('임상'); // common, but only in the last half
  if (i % 5 === 0) w.push('genome');
  if (i % 11 === 0) w.push('genomics');
  if (i % 13 === 0) w.push('genotype');
  if (i % 500 === 7) w.push('희귀');
  if (i % 30 === 0) w.push('비밀'); // only in A's private needs
  return w;
}
const visibility = (i) => (i % 10 === 0 ? 'private' : i % 10 <= 2 ? 'cluster' : 'public');
const org = (i) => ORGS[i % 3];
// private needs of C shared with B
const shared = (i) => org(i) === C && visibility(i) === 'private' && i % 20 === 0;

const rows = [];
for (let i = 1; i <= N; i++) {
  rows.push({ id: FIRST + i, org: org(i), visibility: visibility(i), shared: shared(i), text: `수요 ${i} ${words(i).join(' ')}` });
}

// who sees a row: anonymous callers the public ones; members the public and cluster ones, their
// organisation's and those shared with it; operators all
function sees(who, row) {
  if (who.operator) return true;
  if (!who.org) return row.visibility === 'public';
  return row.visibility !== 'private' || row.org === who.org || (row.shared && who.org === B);
}

let dir;
let srv;
const callers = {};

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bpmc-list-q-'));
  const db = freshDatabase(dir);
  bpmc(['init', '--db', db]);
  dbSql(db, `
    INSERT INTO orgs (id, name, kind, fields, is_tenant, stage, employees, description, visibility, is_synthetic) VALUES
      (${A}, '가나 기관', 'company', '[]', 0, 'rnd', 10, '가나', 'public', 1),
      (${B}, '다라 기관', 'company', '[]', 0, 'rnd', 10, '다라', 'public', 1),
      (${C}, '마바 기관', 'company', '[]', 0, 'rnd', 10, '마바', 'public', 1);
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${N})
    INSERT INTO needs (id, org_id, title, description, fields, status, visibility, is_synthetic)
    SELECT ${FIRST} + i, CASE i % 3 WHEN 0 THEN ${A} WHEN 1 THEN ${B} ELSE ${C} END, '수요 ' || i,
      trim(CASE WHEN i % 3 = 0 THEN '연구 ' ELSE '' END || CASE WHEN i % 7 = 0 THEN '유전체 ' ELSE '' END ||
        CASE WHEN i > ${N / 2} THEN '임상 ' ELSE '' END || CASE WHEN i % 5 = 0 THEN 'genome ' ELSE '' END ||
        CASE WHEN i % 11 = 0 THEN 'genomics ' ELSE '' END || CASE WHEN i % 13 = 0 THEN 'genotype ' ELSE '' END ||
        CASE WHEN i % 500 = 7 THEN '희귀 ' ELSE '' END || CASE WHEN i % 30 = 0 THEN '비밀' ELSE '' END),
      '[]', 'open', CASE WHEN i % 10 = 0 THEN 'private' WHEN i % 10 <= 2 THEN 'cluster' ELSE 'public' END, 1
    FROM n;
    INSERT INTO shares (collection, row_id, org_id)
    SELECT 'needs', id, ${B} FROM needs WHERE org_id = ${C} AND visibility = 'private' AND (id - ${FIRST}) % 20 = 0;`);
  addUser(db, { email: ADMIN.email, name: ADMIN.name, role: 'operator-admin' });
  addUser(db, { email: 'a@listq.test', role: 'org-member', org: A });
  addUser(db, { email: 'b@listq.test', role: 'org-member', org: B });
  srv = await startServer({ db });
  callers.anonymous = { who: {} };
  callers.operator = { who: { operator: true }, session: await srv.login() };
  callers['member of A'] = { who: { org: A }, session: await srv.login('a@listq.test') };
  callers['member of B (shares)'] = { who: { org: B }, session: await srv.login('b@listq.test') };
});
after(async () => {
  if (srv) await srv.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('the generated needs are as the reference has them (descriptions, shares)', () => {
  const got = dbSql(srv.db, `SELECT count(*) FROM needs WHERE id > ${FIRST} AND description LIKE '%연구%'`).trim();
  assert.equal(Number(got), rows.filter((r) => r.text.includes('연구')).length);
  const s = dbSql(srv.db, `SELECT count(*) FROM shares WHERE collection = 'needs' AND org_id = ${B}`).trim();
  assert.equal(Number(s), rows.filter((r) => r.shared).length);
  assert.ok(rows.filter((r) => r.shared).length > 20);
});

// every page of q for a caller, at limit, as the reference says: ids in order, next_cursor, total
async function walk(name, q, limit, { extra = '', keep = () => true, pages = Infinity } = {}) {
  const { who, session } = callers[name];
  const want = rows.filter((r) => sees(who, r) && keep(r) && q.split(' ').every((w) => r.text.includes(w))).map((r) => r.id);
  let cursor = null;
  let at = 0;
  for (let page = 0; page < pages; page++) {
    const url = `/api/v1/needs?q=${encodeURIComponent(q)}&limit=${limit}${extra}${cursor ? `&cursor=${cursor}` : ''}`;
    const r = await srv.get(url, session);
    assert.equal(r.status, 200, `${name} ${url}: ${r.text}`);
    const ids = r.json.items.map((x) => x.id);
    const what = `${name}, q=${q}${extra}, limit ${limit}, page ${page + 1}`;
    assert.deepEqual(ids, want.slice(at, at + limit), `${what}: the page's rows`);
    assert.equal(r.json.total, want.length, `${what}: total`);
    at += ids.length;
    assert.equal(r.json.next_cursor === null, at >= want.length, `${what}: next_cursor`);
    if (!r.json.next_cursor) break;
    cursor = r.json.next_cursor;
  }
  return want.length;
}

const QUERIES = ['연구', '유전체', '임상', 'geno', 'genom', 'genomics', '연구 genom', '유전체 연구', '희귀', '임상 연구', '비밀', 'zzqq'];

for (const name of ['anonymous', 'operator', 'member of A', 'member of B (shares)']) {
  test(`list q= pages and totals match the reference: ${name}`, async () => {
    for (const q of QUERIES) {
      const n = await walk(name, q, 100);
      if (!['비밀', 'zzqq'].includes(q)) assert.ok(n > 0, `${q} finds rows for ${name}`);
      await walk(name, q, 7, { pages: 3 });
      await walk(name, q, 20, { pages: 3 });
    }
    // a filter: the list keeps it, with q
    await walk(name, '연구', 50, { extra: '&visibility=public', keep: (r) => r.visibility === 'public' });
    await walk(name, 'genom', 50, { extra: `&org_id=${C}`, keep: (r) => r.org === C });
  });
}

test('a common word is found on a late page as on the first', async () => {
  // the window of rows a page walks holds none of 임상 (only the last half of the needs hold it): the rest
  // is read through the index's list; and a page that starts there carries on
  const n = await walk('anonymous', '임상', 10, { pages: 5 });
  assert.ok(n > 200);
});
