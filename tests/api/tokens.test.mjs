// API tokens: shown once, stored hashed, scoped read / read-write, expiring, revocable, listed
// with last use, visible to their owner (and operators) only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertProblem, assertInvalid, needBody, dbSql } from './helpers.mjs';

let srv;
let op;
let member;
before(async () => {
  srv = await startServer();
  srv.addUser({ email: 'member@bpmc.test', name: '회원', role: 'org-member', org: 101 });
  op = await srv.login();
  member = await srv.login('member@bpmc.test');
});
after(async () => {
  if (srv) await srv.stop();
});

const bearer = (token) => ({ headers: { authorization: `Bearer ${token}` } });

test('a token is shown once at creation and never again; only its hash is stored', async () => {
  const r = await srv.post('/api/v1/api-tokens', { name: '연동 테스트', scope: 'read' }, member);
  assert.equal(r.status, 201, r.text);
  assert.match(r.json.token, /^bpmc_[A-Za-z0-9_-]{32}$/);
  assert.equal(r.json.prefix, r.json.token.slice(0, 12));
  assert.match(r.json.expires_on, /^\d{4}-\d{2}-\d{2}$/);
  const again = await srv.get(r.headers.get('location'), member);
  assert.equal(again.status, 200);
  assert.ok(!('token' in again.json) && !('token_hash' in again.json));
  const stored = dbSql(srv.db, `SELECT token_hash FROM api_tokens WHERE id=${r.json.id}`);
  assert.match(stored, /^[0-9a-f]{64}$/, 'a hash is stored');
  assert.ok(!stored.includes(r.json.token));
  const audit = await srv.get(`/api/v1/audit?collection=api-tokens&row_id=${r.json.id}`, op);
  assert.ok(!audit.json.items[0].after.includes(r.json.token));
});

test('a read token reads as its owner and may not write (403); no CSRF needed', async () => {
  const { json } = await srv.post('/api/v1/api-tokens', { name: 'read', scope: 'read' }, op);
  const list = await srv.req('/api/v1/needs?limit=1', bearer(json.token));
  assert.equal(list.status, 200);
  assert.ok(list.json.total > 0);
  const priv = await srv.req('/api/v1/people?visibility=private', bearer(json.token));
  assert.ok(priv.json.total > 0, 'an operator token sees private rows');
  assertProblem(await srv.req('/api/v1/needs', { method: 'POST', json: needBody(101), ...bearer(json.token) }), 403);
});

test('a read-write token writes without a cookie or CSRF token, and last use is recorded', async () => {
  const { json } = await srv.post('/api/v1/api-tokens', { name: 'rw', scope: 'read-write' }, op);
  const c = await srv.req('/api/v1/needs', { method: 'POST', json: needBody(101), ...bearer(json.token) });
  assert.equal(c.status, 201, c.text);
  const t = await srv.get(`/api/v1/api-tokens/${json.id}`, op);
  assert.match(t.json.last_used_at, /^\d{4}-\d{2}-\d{2}T/);
});

test('revoked and unknown tokens are anonymous', async () => {
  const { json, headers } = await srv.post('/api/v1/api-tokens', { name: 'to revoke', scope: 'read' }, member);
  assert.equal((await srv.req('/api/v1/session', bearer(json.token))).status, 200);
  const p = await srv.patch(`/api/v1/api-tokens/${json.id}`, { revoked: true }, member, headers.get('etag'));
  assert.equal(p.status, 200, p.text);
  assertProblem(await srv.req('/api/v1/session', bearer(json.token)), 401);
  assertProblem(await srv.req('/api/v1/session', bearer('bpmc_nonsense')), 401);
  assertProblem(await srv.req('/api/v1/users', bearer(json.token)), 401);
});

test("a deactivated user's tokens stop working at once (read and write), and stay refused", async () => {
  srv.addUser({ email: 'leaving@bpmc.test', name: '퇴사자', role: 'org-member', org: 101 });
  const leaving = await srv.login('leaving@bpmc.test');
  const read = (await srv.post('/api/v1/api-tokens', { name: 'leaving read', scope: 'read' }, leaving)).json;
  const rw = (await srv.post('/api/v1/api-tokens', { name: 'leaving rw', scope: 'read-write' }, leaving)).json;
  // the tokens work first (the control)
  const who = await srv.req('/api/v1/session', bearer(read.token));
  assert.equal(who.status, 200, who.text);
  assert.equal(who.json.user.id, leaving.user.id);
  assert.equal((await srv.req('/api/v1/needs', { method: 'POST', json: needBody(101), ...bearer(rw.token) })).status, 201);
  const u = await srv.get(`/api/v1/users/${leaving.user.id}`, op);
  const off = await srv.patch(`/api/v1/users/${leaving.user.id}`, { active: false }, op, u.headers.get('etag'));
  assert.equal(off.status, 200, off.text);
  for (const t of [read.token, rw.token]) {
    assertProblem(await srv.req('/api/v1/session', bearer(t)), 401);
    assertProblem(await srv.req('/api/v1/notifications', bearer(t)), 401);
    assertProblem(await srv.req('/api/v1/api-tokens', bearer(t)), 401);
    assertProblem(await srv.req('/api/v1/needs', { method: 'POST', json: needBody(101), ...bearer(t) }), 401);
    // as an unknown token: refused even where anonymous callers may read
    assertProblem(await srv.req('/api/v1/needs?visibility=private', bearer(t)), 401);
  }
  // the tokens themselves are not revoked: reactivating is the operator's decision, the check is
  // the user's state at each request
  assert.equal((await srv.get(`/api/v1/api-tokens/${read.id}`, op)).json.revoked, false);
});

test('expired tokens are refused; expiry must be in the future', async () => {
  assertInvalid(await srv.post('/api/v1/api-tokens', { name: 'past', expires_on: '2020-01-01' }, member), ['expires_on']);
  const { json } = await srv.post('/api/v1/api-tokens', { name: 'soon', scope: 'read' }, member);
  dbSql(srv.db, `UPDATE api_tokens SET expires_on='2020-01-01' WHERE id=${json.id}`);
  assertProblem(await srv.req('/api/v1/session', bearer(json.token)), 401);
});

test("users see only their own tokens; operators see all; others' are 404", async () => {
  const mine = await srv.post('/api/v1/api-tokens', { name: 'member token' }, member);
  const theirs = await srv.post('/api/v1/api-tokens', { name: 'operator token' }, op);
  const list = await srv.get('/api/v1/api-tokens?limit=200', member);
  assert.ok(list.json.items.every((t) => t.user_id === mine.json.user_id));
  assert.equal(list.json.total, list.json.items.length);
  assertProblem(await srv.get(`/api/v1/api-tokens/${theirs.json.id}`, member), 404);
  const e = (await srv.get(`/api/v1/api-tokens/${theirs.json.id}`, op)).headers.get('etag');
  assertProblem(await srv.patch(`/api/v1/api-tokens/${theirs.json.id}`, { revoked: true }, member, e), 404);
  const all = await srv.get('/api/v1/api-tokens?limit=200', op);
  assert.ok(all.json.items.some((t) => t.id === mine.json.id));
  // a member still may not change what only operators change
  assertProblem(await srv.post('/api/v1/tags', { slug: 'x-tag', name_ko: '엑스', name_en: 'X' }, member), 403);
  assertInvalid(await srv.post('/api/v1/api-tokens', { name: 'x', user_id: 1, token_hash: 'y' }, member), ['user_id', 'token_hash']);
});

test('a token limited to modules reaches only those; no token manages the account', async () => {
  assertInvalid(await srv.post('/api/v1/api-tokens', { name: 'bad', modules: ['nonsense'] }, op), ['modules']);
  const { json } = await srv.post('/api/v1/api-tokens', { name: 'platform only', scope: 'read', modules: ['platform'] }, op);
  assert.deepEqual(json.modules, ['platform']);
  assert.equal((await srv.req('/api/v1/audit?limit=1', bearer(json.token))).status, 200);
  assertProblem(await srv.req('/api/v1/orgs?limit=1', bearer(json.token)), 403);
  assertProblem(await srv.req('/api/v1/search?q=병원', bearer(json.token)), 403);
  assertProblem(await srv.req('/api/v1/needs/101/matches', bearer(json.token)), 403);
  assert.equal((await srv.req('/api/v1/openapi.json', bearer(json.token))).status, 200);
  const dir = await srv.post('/api/v1/api-tokens', { name: 'directory', scope: 'read-write', modules: ['directory'] }, op);
  assert.equal((await srv.req('/api/v1/search?q=병원&kind=orgs', bearer(dir.json.token))).status, 200);
  // without kind= a search reaches other modules' collections too (issue #10 item 12)
  assertProblem(await srv.req('/api/v1/search?q=병원', bearer(dir.json.token)), 403);
  assert.equal((await srv.req('/api/v1/needs', { method: 'POST', json: needBody(101), ...bearer(dir.json.token) })).status, 201);
  const all = await srv.post('/api/v1/api-tokens', { name: 'all', scope: 'read-write' }, member);
  assert.deepEqual(all.json.modules, []);
  for (const [method, path, json] of [['PATCH', '/api/v1/session', { lang: 'en' }], ['POST', '/api/v1/session/totp'],
    ['POST', '/api/v1/session/password', { current_password: 'x', new_password: 'y' }], ['DELETE', '/api/v1/session']]) {
    assertProblem(await srv.req(path, { method, json, ...bearer(all.json.token) }), 403);
  }
});
