// Explained matching: needs → capabilities and back, deterministic, with score parts and
// reasons in Korean and English, only over what the caller may see.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertProblem, needBody, dbSql } from './helpers.mjs';

let srv;
let op;
before(async () => {
  srv = await startServer();
  op = await srv.login();
});
after(async () => {
  if (srv) await srv.stop();
});

const DEMO_NEED = 101; // "뇌 MR 영상 데이터로 AI 진단 모델을 학습하고 싶다"

test("the demo need ranks 동국대병원's brain MR imaging data first, with reasons", async () => {
  const r = await srv.get(`/api/v1/needs/${DEMO_NEED}/matches`);
  assert.equal(r.status, 200, r.text);
  assert.match(r.json.need.title, /뇌 MR 영상 데이터로 AI 진단/);
  const top = r.json.items[0];
  assert.equal(top.capability.title, '뇌 MR 영상데이터 지원');
  assert.equal(top.capability.org_id, 2);
  for (const k of ['text', 'fields', 'kind', 'stage', 'availability']) assert.equal(typeof top.parts[k], 'number');
  assert.ok(top.score > 0 && top.score <= 1);
  const ko = top.reasons.map((x) => x.ko).join(' | ');
  const en = top.reasons.map((x) => x.en).join(' | ');
  assert.match(ko, /같은 분야: 의료영상/);
  assert.match(ko, /키워드 일치: 뇌 · MR · 영상/);
  assert.match(en, /Same fields: Medical imaging/);
  for (let i = 1; i < r.json.items.length; i++) assert.ok(r.json.items[i - 1].score >= r.json.items[i].score, 'sorted');
});

test('matching is deterministic: two computations, not one answer cached', async () => {
  // the first server computes it; a second process on the same database (its own loops, its own
  // answer cache) computes it again, and the first a shorter page of it (another cache key)
  const path = `/api/v1/needs/${DEMO_NEED}/matches?limit=20`;
  const a = await srv.get(path);
  assert.equal(a.status, 200, a.text);
  assert.ok(a.json.items.length > 1, 'more than one match to order');
  const other = await startServer({ db: srv.db });
  let b;
  try {
    b = await other.get(path);
  } finally {
    await other.stop();
  }
  assert.equal(b.status, 200, b.text);
  assert.deepEqual(b.json, a.json);
  const c = await srv.get(path.replace('limit=20', 'limit=7'));
  assert.equal(c.status, 200, c.text);
  assert.deepEqual(c.json.items, a.json.items.slice(0, 7));
});

test('the reverse: a capability ranks the needs it could serve', async () => {
  const r = await srv.get('/api/v1/capabilities/2/matches?limit=3');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.items[0].need.id, DEMO_NEED);
  assert.ok(r.json.items.length <= 3);
});

test('private needs are not matched for others; invisible or unknown records are 404; bad limit 400', async () => {
  const c = await srv.post('/api/v1/needs', needBody(101, { title: '뇌 MR 영상 비공개 수요', fields: ['medical-imaging'], visibility: 'private' }), op);
  assert.equal(c.status, 201, c.text);
  assertProblem(await srv.get(`/api/v1/needs/${c.json.id}/matches`), 404);
  const anon = await srv.get('/api/v1/capabilities/2/matches?limit=50');
  assert.ok(anon.json.items.every((i) => i.need.id !== c.json.id), 'a private need leaked into matches');
  const mine = await srv.get('/api/v1/capabilities/2/matches?limit=50', op);
  assert.ok(mine.json.items.some((i) => i.need.id === c.json.id), 'operators see it');
  assertProblem(await srv.get('/api/v1/needs/999999/matches'), 404);
  assertProblem(await srv.get(`/api/v1/needs/${DEMO_NEED}/matches?limit=0`), 400);
  assertProblem(await srv.get(`/api/v1/needs/${DEMO_NEED}/matches?sort=x`), 400);
});

test('closed needs and retired capabilities are not offered', async () => {
  const c = await srv.post('/api/v1/needs', needBody(101, { title: '뇌 MR 영상 닫힌 수요', fields: ['medical-imaging', 'ai'], visibility: 'public' }), op);
  const p = await srv.patch(`/api/v1/needs/${c.json.id}`, { status: 'closed' }, op, c.headers.get('etag'));
  assert.equal(p.status, 200, p.text);
  const r = await srv.get('/api/v1/capabilities/2/matches?limit=50', op);
  assert.ok(r.json.items.every((i) => i.need.id !== c.json.id));
});

test('a failing database answers 500 (problem+json), never a shorter or a missing answer', async () => {
  // a server of its own: its tables are renamed away under it, then back
  const s = await startServer();
  try {
    const ok = await s.get(`/api/v1/needs/${DEMO_NEED}/matches?limit=4`);
    assert.equal(ok.status, 200, ok.text);
    assert.match(ok.text, /같은 분야: 의료영상/);
    // the tag names of the reasons: once read as "no tags" (reasons naming slugs), now a 500
    dbSql(s.db, 'ALTER TABLE tags RENAME TO tags_away');
    assertProblem(await s.get(`/api/v1/needs/${DEMO_NEED}/matches?limit=5`), 500);
    assertProblem(await s.get('/api/v1/capabilities/2/matches?limit=5'), 500);
    dbSql(s.db, 'ALTER TABLE tags_away RENAME TO tags');
    const back = await s.get(`/api/v1/needs/${DEMO_NEED}/matches?limit=5`);
    assert.equal(back.status, 200, back.text);
    assert.deepEqual(back.json.items.slice(0, 4), ok.json.items);
    // the source record itself: once read as absent (404), now a 500
    dbSql(s.db, 'ALTER TABLE needs RENAME TO needs_away');
    assertProblem(await s.get(`/api/v1/needs/${DEMO_NEED}/matches?limit=6`), 500);
    dbSql(s.db, 'ALTER TABLE needs_away RENAME TO needs');
    // a collaboration's members: the collaboration unreadable is not an absent one
    const op2 = await s.login();
    dbSql(s.db, 'ALTER TABLE collaborations RENAME TO collaborations_away');
    assertProblem(await s.get('/api/v1/collaborations/1/members', op2), 500);
    dbSql(s.db, 'ALTER TABLE collaborations_away RENAME TO collaborations');
    assertProblem(await s.get('/api/v1/collaborations/999999/members', op2), 404);
    await s.assertAlive();
  } finally {
    await s.stop();
  }
});
