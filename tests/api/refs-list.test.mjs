// A list of references (the engine's REFS field kind, docs/modules.md): attraction prospects'
// upstream_org_ids and downstream_org_ids name organisations. Each id is a positive integer (a
// JSON integer or its digits), answered as digits as before; none twice; at most 20; every id
// names an organisation that exists. Each refusal is a 422 problem+json naming the field, with
// Korean and English messages, and changes nothing. Lists filter by "contains" (several ids:
// any of them); the OpenAPI document says the items reference orgs. Runs on both databases.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertInvalid } from './helpers.mjs';

let srv;
let admin;

before(async () => {
  srv = await startServer();
  admin = await srv.login();
});
after(async () => {
  if (srv) await srv.stop();
});

const prospect = (extra) => ({ name: `가치사슬 ${Math.random().toString(36).slice(2, 8)}`, kind: 'company', ...extra });

test('ids are refused with the field at fault and nothing changes', async () => {
  const before = await srv.total('prospects', admin);
  const cases = [
    ['an organisation that does not exist', { upstream_org_ids: [101, 999999] }, 'upstream_org_ids', /999999/],
    ['no id at all', { downstream_org_ids: ['abc'] }, 'downstream_org_ids', /id/],
    ['zero', { upstream_org_ids: [0] }, 'upstream_org_ids', /id/],
    ['the same organisation twice', { upstream_org_ids: [101, '101'] }, 'upstream_org_ids', /twice/],
    ['more than 20', { downstream_org_ids: Array.from({ length: 21 }, (_, i) => 101 + i) }, 'downstream_org_ids', /at most 20/],
    ['not an array', { upstream_org_ids: '101' }, 'upstream_org_ids', /array/],
  ];
  for (const [what, body, field, en] of cases) {
    const p = assertInvalid(await srv.post('/api/v1/prospects', prospect(body), admin), [field], what);
    const e = p.errors.find((x) => x.field === field);
    assert.match(e.message_en, en, what);
    assert.ok(/[가-힣]/.test(e.message_ko), `${what}: a Korean message`);
  }
  // two fields at fault at once are both named
  assertInvalid(
    await srv.post('/api/v1/prospects', prospect({ upstream_org_ids: [999998], downstream_org_ids: [999997] }), admin),
    ['upstream_org_ids', 'downstream_org_ids'],
  );
  assert.equal(await srv.total('prospects', admin), before);
});

test('integers and digits are kept as digits, filtered by contains, changed by PATCH', async () => {
  const r = await srv.post('/api/v1/prospects', prospect({ upstream_org_ids: [101, '0102'], downstream_org_ids: ['117'] }), admin);
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(r.json.upstream_org_ids, ['101', '102']);
  assert.deepEqual(r.json.downstream_org_ids, ['117']);
  const id = r.json.id;
  const ids = async (q) => (await srv.all('prospects', q, admin)).items.map((x) => x.id);
  assert.ok((await ids('upstream_org_ids=102')).includes(id));
  assert.ok(!(await ids('upstream_org_ids=117')).includes(id));
  // several ids: rows with any of them
  assert.ok((await ids('downstream_org_ids=999999,117')).includes(id));
  const etag = (await srv.get(`/api/v1/prospects/${id}`, admin)).headers.get('etag');
  const bad = await srv.patch(`/api/v1/prospects/${id}`, { upstream_org_ids: [101, 101] }, admin, etag);
  assertInvalid(bad, ['upstream_org_ids']);
  const ok = await srv.patch(`/api/v1/prospects/${id}`, { upstream_org_ids: [] }, admin, etag);
  assert.equal(ok.status, 200, ok.text);
  assert.deepEqual(ok.json.upstream_org_ids, []);
});

test('the OpenAPI document says the items reference orgs', async () => {
  const doc = (await srv.get('/api/v1/openapi.json')).json;
  const schemas = Object.values(doc.components.schemas);
  const s = schemas.find((x) => x.properties?.upstream_org_ids)?.properties.upstream_org_ids;
  assert.ok(s, 'a schema has upstream_org_ids');
  assert.equal(s.type, 'array');
  assert.equal(s.items['x-references'], 'orgs');
  assert.equal(s.maxItems, 20);
  assert.equal(s.uniqueItems, true);
});
