// The investment, training and program modules' public rows in /search (docs/search.md, "What is
// found"): IR events, courses, demand surveys, the city's pledge and unit projects. Each role
// finds exactly what it reads through each row's own GET; kind= narrows to each; a write is
// searched at once; cohorts stay out. Migration 0220 indexes the rows a database already holds
// into its index without making it again, and gives the same index as `bpmc reindex`. Runs on
// SQLite and PostgreSQL (tests/pg/run-api.mjs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { BIN, ON_PG, assertProblem, dbSql, freshDatabase, startServer } from './helpers.mjs';

let srv, op, member;
const MEMBER_ORG = 101; // a synthetic company of the demo
const WORD = 'qzmodsrch'; // a word no demo row holds
const rows = {}; // name -> {collection, id, etag}

const search = (q, session, extra = '') => srv.get(`/api/v1/search?q=${encodeURIComponent(q)}${extra}`, session);

before(async () => {
  srv = await startServer();
  op = await srv.login();
  srv.addUser({ email: 'mod@bpmc.test', role: 'org-member', org: MEMBER_ORG });
  member = await srv.login('mod@bpmc.test');
  const add = async (name, collection, body) => {
    const r = await srv.post(`/api/v1/${collection}`, body, op);
    assert.equal(r.status, 201, `${name}: ${r.text}`);
    rows[name] = { collection, id: r.json.id, etag: r.headers.get('etag') };
    return r.json;
  };
  await add('event', 'events', { title: `바이오 투자 라운드테이블 ${WORD}`, kind: 'ir', description: '디지털헬스 기업 IR', starts_at: '2027-03-02T05:00:00Z', capacity: 30 });
  const course = await add('course', 'courses', { title: '단일세포 분석 실습', field: 'genomics', level: 'intermediate', kind: 'smart-lab', description: `공용 장비로 배우는 분석 ${WORD}` });
  await add('survey', 'surveys', { title: `2028 교육 수요조사 ${WORD}`, opens_on: '2027-01-02', closes_on: '2027-01-30' });
  const project = await add('pledge', 'pledge-projects', { name: '정밀의료 실증 지원', overview: `실증 거점 ${WORD}`, starts_on: '2027-01-01', ends_on: '2029-12-31' });
  await add('unit', 'unit-projects', { project_id: project.id, name: `실증 장비 구축 ${WORD}`, description: '공용 장비' });
  // out of /search: a cohort's name says nothing without its course
  const co = await srv.post('/api/v1/cohorts', { course_id: course.id, name: `2027년 1기 ${WORD}`, starts_on: '2027-02-01', ends_on: '2027-03-01', capacity: 10, sessions: 4 }, op);
  assert.equal(co.status, 201, co.text);
});
after(async () => {
  if (srv) await srv.stop();
});

/** What the caller finds of ours for WORD: ["collection/id", …] sorted. */
async function found(session, extra = '') {
  const r = await search(WORD, session, `&limit=50${extra}`);
  assert.equal(r.status, 200, r.text);
  return r.json.items.map((i) => `${i.collection}/${i.id}`).sort();
}

/** What the caller reads of ours through each row's own GET /{collection}/{id}. */
async function readable(session) {
  const out = [];
  for (const x of Object.values(rows)) {
    const r = await srv.get(`/api/v1/${x.collection}/${x.id}`, session);
    assert.ok(r.status === 200 || r.status === 404 || r.status === 401, `${x.collection}/${x.id}: ${r.status} ${r.text}`);
    if (r.status === 200) out.push(`${x.collection}/${x.id}`);
  }
  return out.sort();
}

const all = () => Object.values(rows).map((x) => `${x.collection}/${x.id}`).sort();

test('each role finds exactly the public rows of the new kinds it reads through their own GET', async () => {
  for (const [role, who] of [['operator', op], ['member', member], ['anonymous', undefined]]) {
    assert.deepEqual(await found(who), all(), `${role}: search`);
    assert.deepEqual(await readable(who), all(), `${role}: their own GET`);
    assert.equal((await search(WORD, who, '&limit=50')).json.total, 5, role);
  }
});

test('kind= narrows to each new kind; a hit carries its title and snippet; cohorts are no kind', async () => {
  for (const name of Object.keys(rows)) {
    const x = rows[name];
    const r = await search(WORD, undefined, `&kind=${x.collection}`);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json.items.map((i) => `${i.collection}/${i.id}`), [`${x.collection}/${x.id}`], name);
    assert.equal(r.json.total, 1, name);
    assert.match(r.json.items[0].snippet, new RegExp(`<mark>${WORD}</mark>`), name);
  }
  const ev = (await search('투자 라운드테이블', undefined, '&kind=events')).json.items;
  assert.deepEqual([ev[0]?.id, ev[0]?.title, ev[0]?.org], [rows.event.id, `바이오 투자 라운드테이블 ${WORD}`, null]);
  // the course by its description's words, its title shown
  const c = (await search('단일세포 분석', member, '&kind=courses')).json.items;
  assert.equal(c[0]?.id, rows.course.id, JSON.stringify(c));
  assertProblem(await search(WORD, op, '&kind=cohorts'), 400);
  assertProblem(await search(WORD, op, '&kind=deals'), 400);
});

test("in the answer of every kind they rank under the directory's rows of the same words", async () => {
  // the course's title is shorter (a higher BM25 as such): at its full BM25 it would come first
  const word = 'qzafterword';
  const org = await srv.post('/api/v1/orgs', { name: `${word} 바이오 헬스케어 연구소`, kind: 'company', visibility: 'public' }, op);
  assert.equal(org.status, 201, org.text);
  const course = await srv.post('/api/v1/courses', { title: `${word} 입문`, field: 'genomics', level: 'basic', kind: 'lecture' }, op);
  assert.equal(course.status, 201, course.text);
  const all = (await search(word, undefined)).json.items.map((i) => `${i.collection}/${i.id}`);
  assert.deepEqual(all, [`orgs/${org.json.id}`, `courses/${course.json.id}`]);
  // its own kind finds it alone
  const own = (await search(word, undefined, '&kind=courses')).json.items.map((i) => i.id);
  assert.deepEqual(own, [course.json.id]);
});

test('a rename is searched at once, a delete leaves the index', async () => {
  const x = rows.survey;
  const p = await srv.patch(`/api/v1/surveys/${x.id}`, { title: '2028 교육 수요조사 qzrenamed' }, op, x.etag);
  assert.equal(p.status, 200, p.text);
  assert.deepEqual((await search('qzrenamed', undefined)).json.items.map((i) => `${i.collection}/${i.id}`), [`surveys/${x.id}`]);
  assert.ok(!(await found(undefined)).includes(`surveys/${x.id}`));
  const d = await srv.del(`/api/v1/surveys/${x.id}`, op, { headers: { 'if-match': p.headers.get('etag') } });
  assert.ok(d.status === 204 || d.status === 200, d.text);
  assert.deepEqual((await search('qzrenamed', op)).json.items, []);
  delete rows.survey;
});

/** The index of db, without what depends on the order rows were indexed in (SQLite's rowid
 * buckets): every row's map and texts, and search_df, as one JSON text. */
function indexDump(db) {
  const text = ON_PG
    ? dbSql(db, `SELECT json_build_object(
        'rows', (SELECT json_agg(json_build_object('c', m.collection, 'id', m.row_id, 'org', m.org_id, 'vis', m.visibility,
          'party', m.party_org_id, 't', s.title, 'n', s.names, 'b', s.body, 'm', s.meta, 'ntok', s.ntok, 'own', s.own_tokens)
          ORDER BY m.collection, m.row_id) FROM search_rows m JOIN search s ON s.rowid = m.rowid),
        'postings', (SELECT count(*) FROM search_postings),
        'df', (SELECT json_agg(json_build_array(term, docs) ORDER BY term) FROM search_df))::text`)
    : dbSql(db, `SELECT json_object(
        'rows', (SELECT json_group_array(json_object('c', c, 'id', id, 'org', org, 'vis', vis, 'party', party, 't', t, 'n', n, 'b', b, 'm', m))
          FROM (SELECT m.collection c, m.row_id id, m.org_id org, m.visibility vis, m.party_org_id party, s.c0 t, s.c1 n, s.c2 b, s.c3 m
                FROM search_rows m JOIN search_content s ON s.id = m.rowid ORDER BY m.collection, m.row_id)),
        'df', (SELECT json_group_array(json_array(term, docs)) FROM (SELECT term, docs FROM search_df ORDER BY term)));`);
  const x = JSON.parse(text);
  for (const r of x.rows) r.m = r.m.replace(/ ?\x1d0b\d+/g, '');
  x.df = x.df.filter(([term]) => !/^0b\d+$/.test(term));
  return x;
}

test('0220 indexes the rows already there into the index, as `bpmc reindex` makes it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bpmc-mig-'));
  try {
    const db = freshDatabase(dir, 'old.db');
    const init = spawnSync(BIN, ['init', '--demo', '--db', db], { encoding: 'utf8' });
    assert.equal(init.status, 0, init.stderr);
    // rows written before 0220 were not indexed: these, written outside bpmc, are not either;
    // the database is taken back to 0210, the migration before it
    dbSql(db, `
      INSERT INTO invest_events (title, kind, description, starts_at, capacity) VALUES ('옛 데모데이 qzold', 'demo_day', '임상 웨어러블 유전체 기업 발표', '2026-01-02T05:00:00Z', 50);
      INSERT INTO courses (title, field, level, kind, description) VALUES ('옛 과정 qzold', 'genomics', 'basic', 'lecture', '임상 유전체 입문');
      INSERT INTO surveys (title, opens_on, closes_on) VALUES ('옛 수요조사 qzold', '2026-01-01', '2026-01-31');
      INSERT INTO pledge_projects (name, starts_on, ends_on, overview) VALUES ('옛 공약 qzold', '2026-01-01', '2030-12-31', '바이오 정밀의료');
      INSERT INTO unit_projects (project_id, name) VALUES ((SELECT max(id) FROM pledge_projects), '옛 단위사업 qzold');
      DROP TABLE search_pending;
      ${ON_PG ? 'UPDATE schema_version SET version = 210;' : 'PRAGMA user_version = 210;'}`);
    assert.equal(dbSql(db, "SELECT count(*) FROM search_rows m JOIN courses c ON m.collection = 'courses' AND m.row_id = c.id WHERE c.title LIKE '%qzold'"), '0');
    const before = Number(dbSql(db, 'SELECT max(rowid) FROM search_rows'));
    const m = spawnSync(BIN, ['migrate', '--db', db], { encoding: 'utf8' });
    assert.equal(m.status, 0, m.stderr);
    assert.match(m.stdout, /at schema 220 \(1 applied\)/);
    assert.equal(dbSql(db, 'SELECT count(*) FROM search_pending'), '0');
    // the old rows are in, each once, and the index was not made again: the rows before keep
    // their rowids (the new ones come after)
    assert.equal(dbSql(db, `SELECT count(*) FROM search_rows WHERE rowid > ${before} AND collection IN
      ('events', 'courses', 'surveys', 'pledge-projects', 'unit-projects')`),
    dbSql(db, `SELECT (SELECT count(*) FROM invest_events) + (SELECT count(*) FROM courses) + (SELECT count(*) FROM surveys)
      + (SELECT count(*) FROM pledge_projects) + (SELECT count(*) FROM unit_projects)`));
    assert.equal(dbSql(db, "SELECT count(*) FROM search_rows WHERE collection = 'orgs' AND rowid > " + before), '0');
    const migrated = indexDump(db);
    const qzold = migrated.rows.filter((r) => /qzold/.test(r.t)).map((r) => r.c).sort();
    assert.deepEqual(qzold, ['courses', 'events', 'pledge-projects', 'surveys', 'unit-projects']);
    const r = spawnSync(BIN, ['reindex', '--db', db], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const remade = indexDump(db);
    assert.equal(migrated.rows.length, remade.rows.length);
    assert.deepEqual(migrated, remade);
    // migrating again changes nothing
    const again = spawnSync(BIN, ['migrate', '--db', db], { encoding: 'utf8' });
    assert.match(again.stdout, /\(0 applied\)/);
    assert.deepEqual(indexDump(db), remade);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
