// Issue #10, the rest of items 8 and 13: imported organisations became public with their phones
// unless the file said otherwise; sharing a record with a private organisation's id told that it
// exists (a different answer than for an id no one has). Each attack replayed; docs/security.md.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertProblem, assertInvalid, uniq } from './helpers.mjs';

let srv, op, member;
const CSV = 'text/csv; charset=utf-8';
before(async () => {
  srv = await startServer();
  op = await srv.login();
  srv.addUser({ email: 'pd-member@bpmc.test', role: 'org-admin', org: 101 });
  member = await srv.login('pd-member@bpmc.test');
});
after(async () => { await srv?.stop(); });

const importOrgs = (text) => srv.req('/api/v1/imports?collection=orgs&mode=commit', {
  method: 'POST', body: text, headers: { 'content-type': CSV }, session: op,
});
const byName = async (name, session) => (await srv.get(`/api/v1/orgs?q=${encodeURIComponent(name)}&limit=5`, session)).json.items.find((o) => o.name === name);

test('imported organisations are seen by the cluster only, phone included, unless the file says public', async () => {
  const quiet = uniq('조용한바이오'), open = uniq('열린바이오');
  const r = await importOrgs(`name,kind,phone,visibility\r\n${quiet},company,031-123-4567,\r\n${open},company,031-765-4321,public\r\n`);
  assert.equal(r.status, 200, r.text);
  const q = await byName(quiet, op), o = await byName(open, op);
  assert.equal(q.visibility, 'cluster');
  assert.equal(o.visibility, 'public');
  // anonymous: the public one with its phone; the other not at all
  const anonQ = await srv.get(`/api/v1/orgs/${q.id}`);
  assertProblem(anonQ, 404);
  assert.equal((await srv.get(`/api/v1/orgs/${o.id}`)).json.phone, '031-765-4321');
  assert.ok(!(await srv.get(`/api/v1/orgs?q=${encodeURIComponent(quiet)}`)).text.includes('031-123-4567'));
  // a member of the cluster sees it
  assert.equal((await srv.get(`/api/v1/orgs/${q.id}`, member)).json.phone, '031-123-4567');
  // without a visibility column at all: the same
  const none = uniq('무표기바이오');
  assert.equal((await importOrgs(`name,kind\r\n${none},company\r\n`)).status, 200);
  assert.equal((await byName(none, op)).visibility, 'cluster');
});

test('sharing with a private organisation\'s id answers as sharing with an id no one has', async () => {
  const hidden = await srv.post('/api/v1/orgs', { name: uniq('비공개 기관'), kind: 'company', visibility: 'private' }, op);
  assert.equal(hidden.status, 201, hidden.text);
  const need = await srv.post('/api/v1/needs', { org_id: 101, title: uniq('비공개 수요'), visibility: 'private' }, member);
  assert.equal(need.status, 201, need.text);
  const share = (org_id) => srv.post('/api/v1/shares', { collection: 'needs', row_id: need.json.id, org_id }, member);
  const toHidden = await share(hidden.json.id);
  const toNobody = await share(999999);
  const a = assertInvalid(toHidden, ['org_id']), b = assertInvalid(toNobody, ['org_id']);
  assert.deepEqual(a, b, 'the same problem for a private organisation and for no organisation');
  // a visible organisation works as before
  assert.equal((await share(2)).status, 201);
});
