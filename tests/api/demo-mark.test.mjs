// is_synthetic ("데모 데이터") marks the invented demo population that `bpmc init --demo` loads:
// the loader's mark, not a choice a person makes when they register a real deal or prospect.
// The API answers and filters it, and refuses it in input from everyone (operators too) with a
// 422 naming the field, changing nothing; so the forms never offer it (OpenAPI: readOnly).
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

test('is_synthetic is answered and filtered, never set through the API', async () => {
  const doc = (await srv.get('/api/v1/openapi.json')).json;
  let marked = 0;
  for (const [name, s] of Object.entries(doc.components.schemas)) {
    const p = s.properties?.is_synthetic;
    if (!p) continue;
    marked++;
    assert.equal(p.readOnly, true, `${name}.is_synthetic is read-only`);
    assert.ok(!(p['x-capabilities'] ?? []).includes('operator'), `${name}: not an operator's field`);
  }
  assert.ok(marked >= 20, `the demo mark is on every module's entries (${marked})`);
  const before = await srv.total('prospects', admin);
  assertInvalid(await srv.post('/api/v1/prospects', { name: '실제 유치 대상', kind: 'company', is_synthetic: true }, admin), ['is_synthetic']);
  assertInvalid(await srv.post('/api/v1/orgs', { name: '실제 기업', kind: 'company', is_synthetic: false }, admin), ['is_synthetic']);
  assert.equal(await srv.total('prospects', admin), before);
  const real = await srv.post('/api/v1/prospects', { name: '실제 유치 대상', kind: 'company' }, admin);
  assert.equal(real.status, 201, real.text);
  assert.equal(real.json.is_synthetic, false);
  const etag = (await srv.get(`/api/v1/prospects/${real.json.id}`, admin)).headers.get('etag');
  assertInvalid(await srv.patch(`/api/v1/prospects/${real.json.id}`, { is_synthetic: true }, admin, etag), ['is_synthetic']);
  // the demo's rows keep their mark and the lists filter by it
  const synth = await srv.get('/api/v1/prospects?is_synthetic=true&limit=200', admin);
  assert.ok(synth.json.items.length > 0 && synth.json.items.every((p) => p.is_synthetic === true));
  const mine = await srv.get('/api/v1/prospects?is_synthetic=false&limit=200', admin);
  assert.ok(mine.json.items.some((p) => p.id === real.json.id));
});
