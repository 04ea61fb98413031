// Search on PostgreSQL answers as on SQLite (docs/postgresql.md "Search"): one server on each
// database, both with the demo data and the same rows written through the API in the same
// order (private ones, a share), and every answer compared whole — /search for many queries
// (Korean words, particles, 초성, typos, synonyms, questions, FTS5 syntax typed as text) as
// anonymous, a member and the operator, with and without kind; lists' q=; matching's
// suggestions both ways. Runs with BPMC_TEST_DB=postgres (tests/pg/run-api.mjs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, bpmc, addUser, freshDatabase, ADMIN, ON_PG, needBody } from '../api/helpers.mjs';

const skip = ON_PG ? false : 'PostgreSQL only (BPMC_TEST_DB=postgres: tests/pg/run-api.mjs)';
let pg, sq, dir;
const sessions = { pg: {}, sq: {} };

before(async () => {
  if (!ON_PG) return;
  dir = mkdtempSync(join(tmpdir(), 'bpmc-pg-search-'));
  // both databases made and their users added before the servers start (the same ids)
  const dbs = { pg: freshDatabase(dir), sq: join(dir, 'bpmc.db') };
  for (const name of ['pg', 'sq']) {
    bpmc(['init', '--db', dbs[name], '--demo']);
    addUser(dbs[name], { email: ADMIN.email, name: ADMIN.name, role: 'operator-admin' });
    addUser(dbs[name], { email: 'member@bpmc.test', name: '회원', role: 'org-member', org: 102 });
    addUser(dbs[name], { email: 'owner@bpmc.test', name: '소유자', role: 'org-member', org: 101 });
  }
  pg = await startServer({ db: dbs.pg });
  sq = await startServer({ db: dbs.sq });
  for (const [name, srv] of [['pg', pg], ['sq', sq]]) {
    sessions[name].op = await srv.login();
    sessions[name].member = await srv.login('member@bpmc.test');
    sessions[name].owner = await srv.login('owner@bpmc.test');
  }
  // the same writes on both, in the same order: a private need of org 101 (shared with 102 on
  // one of them), a cluster-only capability, a public need with fields
  for (const name of ['pg', 'sq']) {
    const srv = name === 'pg' ? pg : sq;
    const op = sessions[name].op;
    const a = await srv.post('/api/v1/needs', needBody(101, { title: '비공개 오가노이드 독성 평가 수요', visibility: 'private' }), op);
    const b = await srv.post('/api/v1/needs', needBody(101, { title: '공유된 비공개 유전체 분석 수요', visibility: 'private' }), op);
    const c = await srv.post('/api/v1/capabilities', { org_id: 101, title: '클러스터 전용 영상 판독 지원', kind: 'research-service', visibility: 'cluster' }, op);
    const d = await srv.post('/api/v1/needs', needBody(101, { title: '디지털 병리 스캐너 도입', description: '병리과 슬라이드 판독', fields: ['medical-imaging', 'ai'], visibility: 'public' }), op);
    for (const r of [a, b, c, d]) assert.equal(r.status, 201, r.text);
    const s = await srv.post('/api/v1/shares', { collection: 'needs', row_id: b.json.id, org_id: 102 }, op);
    assert.equal(s.status, 201, s.text);
  }
});

after(async () => {
  if (pg) await pg.stop();
  if (sq) await sq.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** An answer without the times the two databases' demo loads wrote (created_at, updated_at). */
const timeless = (v) => JSON.parse(JSON.stringify(v, (k, x) => (k === 'created_at' || k === 'updated_at' ? undefined : x)));

const QUERIES = [
  '영상', '임상', '오가노이드', '독성', '유전체', '비공개', '판독', '데이터를', '병원에서', '측정하는',
  'ㄷㄱㄷ', 'ㅇㅅ', 'cel', 'celltrion', 'oncolgy', 'telemedecine', '인공지능', 'AI', 'machine learning',
  '면역항암재', '벡신', '시퀸싱', '디지털병리', '뇌오가노이드', '건강보험빅데이터', '항체신약개발',
  '임상시험을 맡겨', '검사해 줄 병원', '뇌 영상 데이터가 필요합니다', '비임상', '최예은', '정이',
  '"영상" OR *', 'NEAR(영상 데이터)', 'meta:0vprivate', '(((', '-임상', 'title:영상', 'a', '의',
];

test('/search answers the same on PostgreSQL as on SQLite, for every caller and kind', { skip }, async () => {
  let compared = 0;
  for (const who of [null, 'member', 'owner', 'op']) {
    for (const kind of ['', '&kind=needs', '&kind=people']) {
      for (const q of QUERIES) {
        const path = `/api/v1/search?q=${encodeURIComponent(q)}&limit=20${kind}`;
        const a = await pg.get(path, who && sessions.pg[who]);
        const b = await sq.get(path, who && sessions.sq[who]);
        assert.equal(a.status, b.status, `${who} ${path}: ${a.text}`);
        if (b.json?.total_is_estimate) {
          // SQLite estimates a total beyond its first hundred matches; PostgreSQL counts it
          assert.ok(a.json.total >= 100 && !('total_is_estimate' in a.json), `${who} ${path}: ${a.json.total}`);
          delete a.json.total;
          delete b.json.total;
          delete b.json.total_is_estimate;
        }
        assert.deepEqual(a.json, b.json, `${who} ${path}`);
        compared++;
      }
    }
  }
  assert.equal(compared, 4 * 3 * QUERIES.length);
  // and nothing private leaks: the private need is the owner's org's, the shared one 102's too
  const hidden = await pg.get(`/api/v1/search?q=${encodeURIComponent('오가노이드 독성 평가')}`, sessions.pg.member);
  assert.ok(!hidden.json.items.some((i) => i.title === '비공개 오가노이드 독성 평가 수요'), hidden.text);
  const shared = await pg.get(`/api/v1/search?q=${encodeURIComponent('유전체 분석')}&kind=needs`, sessions.pg.member);
  assert.ok(shared.json.items.some((i) => i.title === '공유된 비공개 유전체 분석 수요'), shared.text);
  const anon = await pg.get(`/api/v1/search?q=${encodeURIComponent('클러스터 전용 영상')}`);
  assert.ok(!anon.json.items.some((i) => i.title === '클러스터 전용 영상 판독 지원'), anon.text);
});

test('lists\' q= and matching\'s suggestions answer the same on PostgreSQL as on SQLite', { skip }, async () => {
  for (const who of [null, 'member', 'op']) {
    for (const coll of ['needs', 'capabilities', 'orgs', 'people']) {
      for (const q of ['영상', '임상시험', 'ㄷㄱㄷ', 'cel', '의료영상', '동국대', '데이터를', '100%_완료']) {
        const path = `/api/v1/${coll}?q=${encodeURIComponent(q)}&limit=50`;
        const a = await pg.get(path, who && sessions.pg[who]);
        const b = await sq.get(path, who && sessions.sq[who]);
        assert.equal(a.status, b.status, `${who} ${path}: ${a.text}`);
        assert.deepEqual(timeless(a.json), timeless(b.json), `${who} ${path}`);
      }
    }
  }
  for (const path of ['/api/v1/needs/101/matches?limit=20', '/api/v1/needs/105/matches?limit=20',
    '/api/v1/capabilities/2/matches?limit=20', '/api/v1/capabilities/9/matches?limit=20']) {
    const a = await pg.get(path, sessions.pg.op);
    const b = await sq.get(path, sessions.sq.op);
    assert.equal(a.status, b.status, `${path}: ${a.text}`);
    assert.equal(a.status, 200, `${path}: ${a.text}`);
    assert.deepEqual(timeless(a.json), timeless(b.json), path);
  }
});
