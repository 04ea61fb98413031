// The program module's contacts: the worked example of docs/modules.md (a migration plus one
// entry). The seed's three contacts are there, anyone reads them, only operators change them,
// and every bad input is refused naming its field.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertProblem, assertInvalid } from './helpers.mjs';

let srv;
let admin;
let member;
before(async () => {
  srv = await startServer();
  admin = await srv.login();
  srv.addUser({ email: 'contacts-admin@bpmc.test', role: 'org-admin', org: 12 });
  member = await srv.login('contacts-admin@bpmc.test');
});
after(async () => {
  if (srv) await srv.stop();
});

test('contacts: the seed card lists 기업지원과장, 기업유치팀장 and 담당자, in order, for anyone', async () => {
  const r = await srv.get('/api/v1/contacts');
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(
    r.json.items.map((c) => [c.title, c.name, c.extension]),
    [['기업지원과장', '김동원', '8075-3570'], ['기업유치팀장', '김성은', '3215'], ['담당자', '김복수', '3216']],
  );
  const person = await srv.get('/api/v1/contacts/1?expand=person');
  assert.equal(person.status, 200, person.text);
  assert.equal(person.json.person.name, '김동원');
});

test('contacts: filters, search, sort and exports come from the declaration', async () => {
  const dept = await srv.get(`/api/v1/contacts?department=${encodeURIComponent('기업지원과')}`);
  assert.equal(dept.status, 200, dept.text);
  assert.equal(dept.json.total, 2);
  const q = await srv.get(`/api/v1/contacts?q=${encodeURIComponent('유치팀')}`);
  assert.deepEqual(q.json.items.map((c) => c.name), ['김성은'], q.text);
  // the people they are stand in the directory, where /search finds them; contacts do not repeat them
  const s = await srv.get(`/api/v1/search?q=${encodeURIComponent('김성은')}`);
  assert.ok(s.json.items.some((i) => i.collection === 'people'), s.text);
  assert.ok(!s.json.items.some((i) => i.collection === 'contacts'), s.text);
  const csv = await srv.get('/api/v1/contacts?format=csv&sort=-position');
  assert.equal(csv.status, 200);
  assert.match(csv.text.split('\n')[1], /^3,기업지원과,담당자,김복수,3216,/);
  const doc = (await srv.get('/api/v1/openapi.json')).json;
  assert.equal(doc.paths['/api/v1/contacts']['x-bpmc-access'].write, 'operator');
  assert.equal(doc.paths['/api/v1/contacts']['x-bpmc-access'].search, false);
});

test('contacts: an operator adds, changes and removes one, audited; others may not', async () => {
  const body = { department: '기업지원과', title: '주무관', name: '이새봄', extension: '3217', position: 4 };
  assertProblem(await srv.post('/api/v1/contacts', body, member), 403, 'an org-admin writes no contacts');
  assertProblem(await srv.post('/api/v1/contacts', body), 401, 'anonymous callers write nothing');
  const created = await srv.post('/api/v1/contacts', body, admin);
  assert.equal(created.status, 201, created.text);
  const id = created.json.id;
  const changed = await srv.patch(`/api/v1/contacts/${id}`, { extension: '3218' }, admin, '"1"');
  assert.equal(changed.status, 200, changed.text);
  assert.equal(changed.json.extension, '3218');
  assertProblem(await srv.patch(`/api/v1/contacts/${id}`, { extension: '3219' }, admin, '"1"'), 412);
  assert.equal((await srv.del(`/api/v1/contacts/${id}`, admin)).status, 204);
  const audit = await srv.get(`/api/v1/audit?collection=contacts&row_id=${id}&sort=id`, admin);
  assert.deepEqual(audit.json.items.map((a) => a.action), ['create', 'update', 'delete']);
});

test('contacts: bad input is refused naming each field, and changes nothing', async () => {
  const before = await srv.total('contacts');
  const r = await srv.post('/api/v1/contacts', { title: '', name: 'x'.repeat(101), position: -1, person_id: 999999 }, admin);
  assertInvalid(r, ['department', 'title', 'name', 'position']);
  const ref = await srv.post('/api/v1/contacts', { department: 'a', title: 'b', name: 'c', person_id: 999999 }, admin);
  assertInvalid(ref, ['person_id']);
  assert.equal(await srv.total('contacts'), before);
});
