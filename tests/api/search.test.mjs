// GET /api/v1/search: one ranked search over every searchable collection, in Korean as people
// type it, that never shows or counts what the caller may not see.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertProblem, needBody } from './helpers.mjs';

let srv;
let op;
before(async () => {
  srv = await startServer();
  srv.addUser({ email: 'member@bpmc.test', name: '회원', role: 'org-member', org: 102 });
  op = await srv.login();
});
after(async () => {
  if (srv) await srv.stop();
});

const search = (q, session, extra = '') => srv.get(`/api/v1/search?q=${encodeURIComponent(q)}${extra}`, session);

test('"영상" finds 동국대병원\'s brain MR imaging data, with its organisation and a marked snippet', async () => {
  const r = await search('영상');
  assert.equal(r.status, 200, r.text);
  const hit = r.json.items.find((i) => i.collection === 'capabilities' && /뇌 MR 영상데이터/.test(i.title));
  assert.ok(hit, JSON.stringify(r.json.items.slice(0, 5)));
  assert.equal(hit.org.name, '동국대학교 일산병원');
  assert.match(hit.snippet, /<mark>/);
  assert.ok(r.json.total >= r.json.items.length);
});

test('words with particles, compounds, 초성 and English prefixes', async () => {
  const titles = async (q, extra) => (await search(q, undefined, extra)).json.items.map((i) => i.title);
  assert.ok((await titles('영상데이터를')).some((t) => /영상데이터/.test(t)), '영상데이터를');
  assert.ok((await titles('뇌MR영상')).some((t) => /뇌 MR 영상/.test(t)), '뇌MR영상');
  assert.ok((await titles('ㄷㄱㄷ', '&kind=orgs')).some((t) => t.startsWith('동국대')), 'ㄷㄱㄷ');
  assert.ok((await titles('dongg', '&kind=orgs')).some((t) => t.startsWith('동국대')), 'English prefix');
  assert.ok((await titles('NATIONAL CANCER', '&kind=orgs')).some((t) => t === '국립암센터'), 'case-insensitive English');
});

test('kind narrows to one collection; bad parameters are 400', async () => {
  const r = await search('병원', undefined, '&kind=orgs&limit=5');
  assert.equal(r.status, 200);
  assert.ok(r.json.items.length <= 5 && r.json.items.every((i) => i.collection === 'orgs'));
  assertProblem(await search('병원', undefined, '&kind=users'), 400);
  assertProblem(await search('병원', undefined, '&kind=nope'), 400);
  assertProblem(await search('병원', undefined, '&limit=0'), 400);
  assertProblem(await search('병원', undefined, '&page=2'), 400);
  assertProblem(await srv.get('/api/v1/search'), 400);
});

test('hostile queries answer 200 or 400, never 500, and the server keeps serving', async () => {
  for (const q of ['"', '""', '*', 'NEAR', 'NEAR(a b)', '-', '(', ')', 'a OR', 'AND', '"unbalanced', "'; DROP TABLE orgs; --",
    'title:영상', '^영상', '{a b}', '\u0000', '😀', 'x'.repeat(10000), '영상'.repeat(60)]) {
    const r = await search(q);
    assert.ok(r.status === 200 || r.status === 400, `${JSON.stringify(q.slice(0, 20))}: ${r.status} ${r.text.slice(0, 200)}`);
  }
  await srv.assertAlive();
});

test('a private need of company A is never found by others, not even in the total', async () => {
  const word = `프라이빗${Date.now() % 100000}비밀수요`;
  const c = await srv.post('/api/v1/needs', needBody(101, { title: `${word} 검증`, visibility: 'private' }), op);
  assert.equal(c.status, 201, c.text);
  const member = await srv.login('member@bpmc.test'); // of org 102, not 101
  for (const who of [undefined, member]) {
    const r = await search(word, who);
    assert.equal(r.json.total, 0, JSON.stringify(r.json));
    assert.equal(r.json.items.length, 0);
  }
  const mine = await search(word, op);
  assert.equal(mine.json.total, 1);
});

test('the index follows every change in the same transaction', async () => {
  const word = `색인검사${Date.now() % 100000}`;
  const c = await srv.post('/api/v1/needs', needBody(101, { title: `${word} 수요`, visibility: 'public' }), op);
  assert.equal((await search(word)).json.total, 1);
  const p = await srv.patch(`/api/v1/needs/${c.json.id}`, { title: '다른 제목으로 바뀜' }, op, c.headers.get('etag'));
  assert.equal(p.status, 200, p.text);
  assert.equal((await search(word)).json.total, 0);
  assert.equal((await search('다른 제목으로', op)).json.items.some((i) => i.id === c.json.id), true);
  assert.equal((await srv.del(`/api/v1/needs/${c.json.id}`, op)).status, 204);
  assert.equal((await search('다른 제목으로', op)).json.items.some((i) => i.id === c.json.id), false);
});
