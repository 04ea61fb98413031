// Attachments: upload raw bytes, read metadata through the engine, download as an attachment.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertProblem, assertInvalid } from './helpers.mjs';

let srv;
let op;
before(async () => {
  srv = await startServer();
  op = await srv.login();
});
after(async () => {
  if (srv) await srv.stop();
});

const bytes = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x00, 0xff, 0xea, 0xb0, 0x80, 0x0a]);
const upload = (query, body = bytes, type = 'application/pdf', session = op) =>
  srv.req(`/api/v1/files?${query}`, { method: 'POST', body, headers: { 'content-type': type }, session });

test('upload stores the bytes and answers 201 with Location, ETag and the record', async () => {
  const name = encodeURIComponent('동국대병원 데이터 이용 협약.pdf');
  const r = await upload(`name=${name}&org_id=2&visibility=cluster`);
  assert.equal(r.status, 201, r.text);
  assert.match(r.headers.get('location'), /^\/api\/v1\/files\/\d+$/);
  assert.equal(r.json.name, '동국대병원 데이터 이용 협약.pdf');
  assert.equal(r.json.content_type, 'application/pdf');
  assert.equal(r.json.size, bytes.length);
  assert.match(r.json.sha256, /^[0-9a-f]{64}$/);
  assert.equal(r.json.org_id, 2);
  assert.ok(!('data' in r.json), 'the bytes are never part of the record');
  const d = await srv.req(`/api/v1/files/${r.json.id}/content`, { session: op });
  assert.equal(d.status, 200);
  assert.equal(d.headers.get('content-type'), 'application/pdf');
  assert.match(d.headers.get('content-disposition'), /^attachment; filename=".*"; filename\*=UTF-8''%EB%8F%99/);
  assert.deepEqual(new Uint8Array(d.bytes), bytes);
  const list = await srv.get('/api/v1/files?org_id=2', op);
  assert.ok(list.json.items.some((f) => f.id === r.json.id));
  assert.ok(list.json.items.every((f) => !('data' in f)));
  const audit = await srv.get(`/api/v1/audit?collection=files&row_id=${r.json.id}`, op);
  assert.equal(audit.json.items[0].action, 'create');
  assert.ok(!audit.json.items[0].after.includes('"data"'));
});

test('a cluster file is invisible to anonymous callers (404 for record and content)', async () => {
  const r = await upload('name=private.bin&visibility=cluster');
  assert.equal(r.status, 201, r.text);
  assertProblem(await srv.get(`/api/v1/files/${r.json.id}`), 404);
  assertProblem(await srv.get(`/api/v1/files/${r.json.id}/content`), 404);
});

test('bad uploads: every field at fault at once, nothing stored', async () => {
  const before = await srv.total('files', op);
  assertInvalid(await upload('org_id=99999&visibility=x', new Uint8Array(0)), ['name', 'org_id', 'visibility', 'data']);
  assertInvalid(await upload('name=a.txt', bytes, 'not a type'), ['content_type']);
  assertProblem(await upload('name=a.txt&bogus=1'), 400);
  assertProblem(await srv.req('/api/v1/files?name=a', { method: 'POST', body: bytes }), 401);
  assert.equal(await srv.total('files', op), before);
});

test('a file can be renamed through the engine but its bytes, size and hash cannot be set', async () => {
  const r = await upload('name=old.pdf');
  const etag = r.headers.get('etag');
  assertInvalid(await srv.patch(`/api/v1/files/${r.json.id}`, { size: 1, data: 'x', sha256: 'y' }, op, etag), ['size', 'data', 'sha256']);
  const p = await srv.patch(`/api/v1/files/${r.json.id}`, { name: 'new.pdf' }, op, etag);
  assert.equal(p.status, 200, p.text);
  assert.equal(p.json.name, 'new.pdf');
  assert.equal(p.json.size, bytes.length);
});

test('members upload files for their own organisation; trainees and other organisations are refused', async () => {
  srv.addUser({ email: 'uploader@bpmc.test', role: 'org-member', org: 101 });
  srv.addUser({ email: 'learner@bpmc.test', role: 'trainee', org: 101 });
  const m = await srv.login('uploader@bpmc.test');
  const own = await upload('name=계약서.pdf&visibility=private', bytes, 'application/pdf', m);
  assert.equal(own.status, 201, own.text);
  assert.equal(own.json.org_id, 101);
  const other = await upload('name=x.pdf&org_id=102', bytes, 'application/pdf', m);
  assert.equal(other.status, 422, other.text);
  const t = await srv.login('learner@bpmc.test');
  assert.equal((await upload('name=x.pdf', bytes, 'application/pdf', t)).status, 403);
  assert.equal((await upload('name=x.pdf', bytes, 'application/pdf', null)).status, 401);
});
