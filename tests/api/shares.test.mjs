// Sharing: a private record shown to named organisations, and to no one else — not in lists,
// totals, search or references — with its personal fields kept to its own organisation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertProblem, assertInvalid, uniq } from './helpers.mjs';

let srv, op, a, b, c;
const A = 3, B = 4, C = 5;

before(async () => {
  srv = await startServer();
  op = await srv.login();
  for (const [email, org] of [['a@bpmc.test', A], ['b@bpmc.test', B], ['c@bpmc.test', C]]) {
    srv.addUser({ email, role: 'org-admin', org });
  }
  a = await srv.login('a@bpmc.test');
  b = await srv.login('b@bpmc.test');
  c = await srv.login('c@bpmc.test');
});
after(async () => { await srv?.stop(); });

async function sees(session, need, word) {
  const one = await srv.get(`/api/v1/needs/${need.id}`, session);
  const list = await srv.get(`/api/v1/needs?org_id=${A}&limit=200`, session);
  const found = await srv.get(`/api/v1/search?q=${encodeURIComponent(word)}`, session);
  const inList = list.json.items.some((x) => x.id === need.id);
  const inSearch = found.json.items.some((x) => x.collection === 'needs' && x.id === need.id);
  assert.equal(inList, one.status === 200, 'list and read agree');
  assert.equal(inSearch, one.status === 200, `search and read agree: ${found.text}`);
  if (one.status !== 200) {
    assert.equal(one.status, 404);
    assert.ok(!one.text.includes(word));
    assert.equal(found.json.total, 0, 'an invisible row is not counted');
  }
  return one.status === 200;
}

test('a private need shared with one organisation is seen there and nowhere else', async () => {
  const word = `zqshare${uniq('').replace(/[^a-z0-9]/gi, '')}`;
  const need = (await srv.post('/api/v1/needs', { title: `공유 시험 ${word}`, visibility: 'private' }, a)).json;
  assert.ok(need.id);
  assert.equal(await sees(b, need, word), false);
  const g = await srv.post('/api/v1/shares', { collection: 'needs', row_id: need.id, org_id: B }, a);
  assert.equal(g.status, 201, g.text);
  assert.match(g.headers.get('location'), /\/api\/v1\/shares\/\d+$/);
  assert.equal(await sees(b, need, word), true);
  assert.equal(await sees(c, need, word), false);
  assert.equal(await sees(undefined, need, word), false);

  // the grantee reads, but neither changes nor re-shares
  const row = await srv.get(`/api/v1/needs/${need.id}`, b);
  const p = await srv.patch(`/api/v1/needs/${need.id}`, { title: 'x' }, b, row.headers.get('etag'));
  assert.ok([403, 404].includes(p.status), `${p.status} ${p.text}`);
  assertInvalid(await srv.post('/api/v1/shares', { collection: 'needs', row_id: need.id, org_id: C }, b), ['row_id']);
  assertProblem(await srv.get(`/api/v1/shares?collection=needs&row_id=${need.id}`, b), 404);
  assertProblem(await srv.get(`/api/v1/shares?collection=needs&row_id=${need.id}`, c), 404);

  // the owner manages the grants
  const list = await srv.get(`/api/v1/shares?collection=needs&row_id=${need.id}`, a);
  assert.equal(list.status, 200, list.text);
  assert.deepEqual(list.json.items.map((x) => x.org_id), [B]);
  assertProblem(await srv.post('/api/v1/shares', { collection: 'needs', row_id: need.id, org_id: B }, a), 409);
  assertInvalid(await srv.post('/api/v1/shares', { collection: 'needs', row_id: need.id, org_id: A }, a), ['org_id']);
  assertInvalid(await srv.post('/api/v1/shares', { collection: 'needs', row_id: need.id, org_id: 999999 }, a), ['org_id']);
  assertInvalid(await srv.post('/api/v1/shares', { collection: 'tags', row_id: 1, org_id: B }, a), ['collection']);
  assertInvalid(await srv.post('/api/v1/shares', { collection: 'needs', row_id: 'x', org_id: B, extra: 1 }, a), ['row_id', 'extra']);
  assertProblem(await srv.del(`/api/v1/shares/${g.json.id}`, b), 404);
  assert.equal((await srv.del(`/api/v1/shares/${g.json.id}`, a)).status, 204);
  assert.equal(await sees(b, need, word), false);
  const audit = await srv.get(`/api/v1/audit?collection=needs&row_id=${need.id}`, op);
  assert.deepEqual(audit.json.items.map((x) => x.action).filter((x) => x.includes('share')).sort(), ['share', 'unshare']);
});

test('a shared person is seen without their personal contact data', async () => {
  const person = (await srv.post('/api/v1/people', { name: uniq('공유인'), email: 'shared@example.kr', phone: '010-2222-3333', visibility: 'private' }, a)).json;
  assertProblem(await srv.get(`/api/v1/people/${person.id}`, b), 404);
  assert.equal((await srv.post('/api/v1/shares', { collection: 'people', row_id: person.id, org_id: B }, op)).status, 201);
  const seen = await srv.get(`/api/v1/people/${person.id}`, b);
  assert.equal(seen.status, 200);
  assert.equal(seen.json.email, null);
  assert.equal(seen.json.phone, null);
  assert.equal((await srv.get(`/api/v1/people/${person.id}`, a)).json.email, 'shared@example.kr');
  // and it may now be referred to by the grantee, not by others
  const cap = await srv.post('/api/v1/capabilities', { title: uniq('역량'), kind: 'expertise', contact_id: person.id }, b);
  assert.equal(cap.status, 201, cap.text);
  assertInvalid(await srv.post('/api/v1/capabilities', { title: uniq('역량'), kind: 'expertise', contact_id: person.id }, c), ['contact_id']);
});
