// Bad input: every refusal of the contract, each followed by "nothing changed" and "the server
// still answers /healthz".
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertProblem, assertInvalid, rawRequest, orgBody, needBody } from './helpers.mjs';

let srv;
let admin;
let snapshot; // totals and one row's ETag before each test

before(async () => {
  srv = await startServer();
  admin = await srv.login();
});
after(async () => {
  if (srv) await srv.stop();
});

async function takeSnapshot() {
  const s = {};
  for (const c of ['orgs', 'people', 'tags', 'capabilities', 'needs', 'audit']) s[c] = await srv.total(c, admin);
  const one = await srv.get('/api/v1/orgs/1', admin);
  s.org1 = one.text;
  s.org1etag = one.headers.get('etag');
  return s;
}

async function assertUnchanged() {
  await srv.assertAlive();
  const now = await takeSnapshot();
  assert.deepEqual(now, snapshot, 'a refused request changed the data');
}

/** Each test: take a snapshot, send the bad request, check the answer, then check nothing changed. */
function badTest(name, fn) {
  test(name, async () => {
    snapshot = await takeSnapshot();
    await fn();
    await assertUnchanged();
  });
}

const post = (path, body, opts = {}) => srv.req(path, { method: 'POST', body, session: admin, headers: { 'content-type': 'application/json', ...(opts.headers || {}) }, ...opts });
const patch1 = (body) => srv.req('/api/v1/orgs/1', { method: 'PATCH', body, session: admin, headers: { 'content-type': 'application/json', 'if-match': snapshot.org1etag } });

// --- 400 ---

badTest('400: malformed JSON', async () => {
  for (const body of ['{"name":', '{name: "x"}', "{'name':'x'}", '{"name":"x",}', '{"name":"x"} trailing', 'nul', '']) {
    const p = assertProblem(await post('/api/v1/orgs', body), 400, `body ${JSON.stringify(body)}`);
    assert.ok(p.detail, 'detail');
  }
  assertProblem(await patch1('{"name":'), 400, 'PATCH');
});

badTest('400: a JSON body that is not an object', async () => {
  for (const body of ['[]', '[{"name":"x","kind":"company"}]', '"x"', '42', 'null', 'true']) {
    const r = await post('/api/v1/orgs', body);
    assert.ok(r.status === 400 || r.status === 422, `body ${body}: ${r.status}`);
    assertProblem(r, r.status);
  }
});

badTest('400: invalid UTF-8 in the body', async () => {
  const prefix = Buffer.from('{"name":"');
  const suffix = Buffer.from('","kind":"company"}');
  for (const bad of [[0xff], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xc0, 0xaf], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xe2, 0x82]]) {
    const body = Buffer.concat([prefix, Buffer.from(bad), suffix]);
    assertProblem(await post('/api/v1/orgs', new Uint8Array(body)), 400, `bytes ${bad.map((b) => b.toString(16))}`);
  }
});

badTest('400: JSON nested deeper than 64', async () => {
  const deep = (n) => '{"name":' + '['.repeat(n) + ']'.repeat(n) + ',"kind":"company"}';
  assertProblem(await post('/api/v1/orgs', deep(100)), 400, 'depth 101');
  assertProblem(await post('/api/v1/orgs', deep(64)), 400, 'depth 65');
  assertProblem(await post('/api/v1/orgs', '{"a":'.repeat(5000) + '1' + '}'.repeat(5000)), 400, 'depth 5000 objects');
  assertProblem(await post('/api/v1/orgs', '['.repeat(100000)), 400, 'unclosed depth 100000');
  // depth 64 is well-formed; it is refused as a wrong type, not as malformed
  const r = await post('/api/v1/orgs', deep(63));
  assertInvalid(r, 'name', 'depth 64');
});

badTest('400: NUL (\\u0000) in a string', async () => {
  assertProblem(await post('/api/v1/orgs', '{"name":"a\\u0000b","kind":"company"}'), 400, 'escaped NUL');
  assertProblem(await post('/api/v1/orgs', '{"name":"x","kind":"company","description":"\\u0000"}'), 400, 'escaped NUL in description');
  const raw = Buffer.from('{"name":"a\0b","kind":"company"}');
  assertProblem(await post('/api/v1/orgs', new Uint8Array(raw)), 400, 'raw NUL byte');
  assertProblem(await post('/api/v1/orgs', '{"na\\u0000me":"x","kind":"company"}'), 400, 'NUL in a key');
  assertProblem(await patch1('{"name":"\\u0000"}'), 400, 'PATCH');
});

badTest('400: duplicate keys in a body', async () => {
  const r = await post('/api/v1/orgs', '{"name":"a","name":"b","kind":"company"}');
  assert.ok(r.status === 400 || r.status === 422, `${r.status}`);
});

// --- 401 / 403 ---

badTest('401: no session', async () => {
  assertProblem(await srv.req('/api/v1/orgs', { method: 'POST', json: orgBody() }), 401);
  assertProblem(await srv.req('/api/v1/needs', { method: 'POST', json: needBody(1) }), 401);
  assertProblem(await srv.req('/api/v1/orgs/1', { method: 'PATCH', json: { name: 'x' }, headers: { 'if-match': snapshot.org1etag } }), 401);
  assertProblem(await srv.req('/api/v1/orgs/1', { method: 'DELETE' }), 401);
  // the CSRF token alone is not a session
  assertProblem(await srv.req('/api/v1/orgs', { method: 'POST', json: orgBody(), headers: { 'x-csrf-token': admin.csrf } }), 401);
});

badTest('403: missing or wrong CSRF token', async () => {
  assertProblem(await srv.post('/api/v1/orgs', orgBody(), admin, { csrf: false }), 403, 'missing');
  assertProblem(await srv.post('/api/v1/orgs', orgBody(), admin, { csrf: 'wrong' }), 403, 'wrong');
  assertProblem(await srv.post('/api/v1/orgs', orgBody(), admin, { csrf: admin.csrf.toUpperCase() === admin.csrf ? admin.csrf.toLowerCase() : admin.csrf.toUpperCase() }), 403, 'case changed');
  assertProblem(await srv.post('/api/v1/orgs', orgBody(), admin, { csrf: admin.csrf + 'x' }), 403, 'longer');
  assertProblem(await srv.patch('/api/v1/orgs/1', { name: 'x' }, admin, snapshot.org1etag, { csrf: false }), 403, 'PATCH');
  assertProblem(await srv.del('/api/v1/orgs/1', admin, { csrf: 'wrong' }), 403, 'DELETE');
});

// --- 404 ---

badTest('404: unknown collection', async () => {
  for (const c of ['nosuch', 'org', 'ORGS', 'sqlite_schema', 'sessions', 'idempotency']) {
    assertProblem(await srv.get(`/api/v1/${c}`, admin), 404, `GET ${c}`);
    assertProblem(await srv.post(`/api/v1/${c}`, { name: 'x' }, admin), 404, `POST ${c}`);
    assertProblem(await srv.get(`/api/v1/${c}/1`, admin), 404, `GET ${c}/1`);
  }
});

badTest('404: unknown id', async () => {
  for (const id of ['999999', '0', 'abc', '1.0', '1e3', '%31']) {
    const r = await srv.get(`/api/v1/orgs/${id}`, admin);
    if (id === '%31') assert.ok(r.status === 404 || r.status === 200, `${id}: ${r.status}`);
    else assertProblem(r, 404, `GET orgs/${id}`);
  }
  assertProblem(await srv.patch('/api/v1/orgs/999999', { name: 'x' }, admin, '"1"'), 404, 'PATCH');
  assertProblem(await srv.del('/api/v1/orgs/999999', admin), 404, 'DELETE');
  assertProblem(await srv.get('/api/v1/orgs/1/extra', admin), 404, 'extra segment');
});

// --- 405 ---

badTest('405: wrong method (PUT, POST on a row, PATCH on a collection)', async () => {
  assertProblem(await srv.req('/api/v1/orgs/1', { method: 'PUT', json: orgBody(), session: admin }), 405, 'PUT row');
  assertProblem(await srv.req('/api/v1/orgs', { method: 'PUT', json: orgBody(), session: admin }), 405, 'PUT collection');
  assertProblem(await srv.req('/api/v1/orgs/1', { method: 'POST', json: orgBody(), session: admin }), 405, 'POST row');
  assertProblem(await srv.req('/api/v1/orgs', { method: 'PATCH', json: { name: 'x' }, session: admin, headers: { 'if-match': '"1"' } }), 405, 'PATCH collection');
  assertProblem(await srv.req('/api/v1/orgs', { method: 'DELETE', session: admin }), 405, 'DELETE collection');
  assertProblem(await srv.req('/api/v1/orgs/1', { method: 'PUT', json: orgBody() }), 405, 'PUT anonymous');
});

// --- 413 ---

badTest('413: a body over 1 MiB', async () => {
  const big = JSON.stringify(orgBody({ description: 'x'.repeat(1024 * 1024 + 10) }));
  const r = await rawRequest(srv, {
    method: 'POST', path: '/api/v1/orgs',
    headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(big)), cookie: admin.cookie, 'x-csrf-token': admin.csrf },
    body: big,
  }).catch((e) => ({ status: 0, text: String(e) }));
  assert.equal(r.status, 413, r.text);
  assert.match(r.headers['content-type'] || '', /^application\/problem\+json/, `413 content-type ${r.headers['content-type']}: ${r.text}`);
  assert.equal(r.json?.status, 413, `413 body: ${r.text}`);
});

badTest('413: a chunked body over 1 MiB (no Content-Length)', async () => {
  const big = JSON.stringify(orgBody({ description: 'c'.repeat(1024 * 1024 + 10) }));
  const r = await rawRequest(srv, {
    method: 'POST', path: '/api/v1/orgs',
    headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked', cookie: admin.cookie, 'x-csrf-token': admin.csrf },
    body: big,
  }).catch((e) => ({ status: 0, text: String(e) }));
  assert.equal(r.status, 413, r.text);
});

badTest('413: a body just over 1 MiB is refused, one just under is not', async () => {
  const under = JSON.stringify(orgBody({ description: 'y' }));
  const pad = 1024 * 1024 - Buffer.byteLength(under);
  const justUnder = under.slice(0, -1) + ' '.repeat(pad) + '}';
  assert.equal(Buffer.byteLength(justUnder), 1024 * 1024);
  const a = await post('/api/v1/orgs', '{"bogus":1' + ' '.repeat(1024 * 1024 - 11) + '}');
  assert.equal(a.status, 422, `exactly 1 MiB must be read (and refused for its content): ${a.status}`);
  const b = await rawRequest(srv, {
    method: 'POST', path: '/api/v1/orgs',
    headers: { 'content-type': 'application/json', cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-length': String(1024 * 1024 + 1) },
    body: '{"bogus":1' + ' '.repeat(1024 * 1024 - 10) + '}',
  }).catch((e) => ({ status: 0, text: String(e) }));
  assert.equal(b.status, 413, `1 MiB + 1: ${b.text}`);
});

test('413: --body-max is configurable', async () => {
  const small = await startServer({ demo: false, extraArgs: ['--body-max', '2000'] });
  try {
    const s = await small.login();
    const total = await small.total('orgs', s);
    const body = JSON.stringify(orgBody({ description: 'z'.repeat(3000) }));
    const r = await rawRequest(small, {
      method: 'POST', path: '/api/v1/orgs',
      headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), cookie: s.cookie, 'x-csrf-token': s.csrf },
      body,
    }).catch((e) => ({ status: 0, text: String(e) }));
    assert.equal(r.status, 413, r.text);
    const ok = await small.post('/api/v1/orgs', orgBody({ description: 'z'.repeat(500) }), s);
    assert.equal(ok.status, 201, ok.text);
    assert.equal(await small.total('orgs', s), total + 1);
    await small.assertAlive();
  } finally {
    await small.stop();
  }
});

// --- 415 ---

badTest('415: wrong Content-Type', async () => {
  const body = JSON.stringify(orgBody());
  for (const ct of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'text/json', 'application/jsonx']) {
    assertProblem(await srv.req('/api/v1/orgs', { method: 'POST', body, session: admin, headers: { 'content-type': ct } }), 415, ct);
  }
  // no Content-Type at all
  const r = await rawRequest(srv, { method: 'POST', path: '/api/v1/orgs', headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-length': String(Buffer.byteLength(body)) }, body });
  assert.equal(r.status, 415, `no content-type: ${r.status} ${r.text}`);
  assertProblem(await srv.req('/api/v1/orgs/1', { method: 'PATCH', body: '{"name":"x"}', session: admin, headers: { 'content-type': 'text/plain', 'if-match': snapshot.org1etag } }), 415, 'PATCH');
});

test('application/json with a charset parameter is accepted', async () => {
  const r = await srv.req('/api/v1/orgs', { method: 'POST', body: JSON.stringify(orgBody()), session: admin, headers: { 'content-type': 'application/json; charset=utf-8' } });
  assert.equal(r.status, 201, r.text);
});

// --- 422 ---

badTest('422: unknown field', async () => {
  assertInvalid(await srv.post('/api/v1/orgs', orgBody({ bogus: 1 }), admin), 'bogus');
  assertInvalid(await srv.post('/api/v1/orgs', orgBody({ password_hash: 'x' }), admin), 'password_hash');
  assertInvalid(await srv.patch('/api/v1/orgs/1', { nickname: 'x' }, admin, snapshot.org1etag), 'nickname');
});

badTest('422: missing required fields', async () => {
  assertInvalid(await srv.post('/api/v1/orgs', {}, admin), ['name', 'kind']);
  assertInvalid(await srv.post('/api/v1/needs', {}, admin), ['org_id', 'title']);
  assertInvalid(await srv.post('/api/v1/orgs', { name: '   ', kind: 'company' }, admin), 'name');
});

badTest('422: wrong type', async () => {
  const cases = [
    [{ name: 123 }, 'name'], [{ name: ['x'] }, 'name'], [{ name: { a: 1 } }, 'name'], [{ name: true }, 'name'],
    [{ is_tenant: 'true' }, 'is_tenant'], [{ is_tenant: 1 }, 'is_tenant'],
    [{ employees: '12' }, 'employees'], [{ employees: 1.5 }, 'employees'],
    [{ fields: 'ai' }, 'fields'], [{ fields: [1] }, 'fields'], [{ fields: [''] }, 'fields'], [{ kind: 1 }, 'kind'],
  ];
  for (const [extra, field] of cases) assertInvalid(await srv.post('/api/v1/orgs', orgBody(extra), admin), field, JSON.stringify(extra));
  assertInvalid(await srv.post('/api/v1/needs', needBody('1'), admin), 'org_id', 'org_id as a string');
  assertInvalid(await srv.patch('/api/v1/orgs/1', { is_anchor: 'yes' }, admin, snapshot.org1etag), 'is_anchor', 'PATCH');
});

badTest('422: out-of-range numbers', async () => {
  for (const v of [-1, 1000001, 9007199254740991, -9007199254740991]) {
    assertInvalid(await srv.post('/api/v1/orgs', orgBody({ employees: v }), admin), 'employees', `employees ${v}`);
  }
  assertInvalid(await srv.post('/api/v1/needs', needBody(1, { budget_min: -5 }), admin), 'budget_min');
  assertInvalid(await srv.post('/api/v1/needs', needBody(1, { budget_max: 1000000000001 }), admin), 'budget_max');
  assertInvalid(await srv.post('/api/v1/needs', needBody(0), admin), 'org_id');
  assertInvalid(await srv.post('/api/v1/needs', needBody(-3), admin), 'org_id');
});

badTest('422: integers beyond 64 bits are well-formed JSON, refused as out of range', async () => {
  for (const big of ['100000000000000000000', '-123456789012345678901234567890']) {
    const r = await post('/api/v1/orgs', JSON.stringify(orgBody()).slice(0, -1) + `,"employees":${big}}`);
    assertInvalid(r, 'employees', `employees ${big}`);
  }
});

badTest('422: too long text', async () => {
  assertInvalid(await srv.post('/api/v1/orgs', orgBody({ name: '가'.repeat(201) }), admin), 'name');
  assertInvalid(await srv.post('/api/v1/orgs', orgBody({ description: 'd'.repeat(5001) }), admin), 'description');
  assertInvalid(await srv.post('/api/v1/orgs', orgBody({ fields: Array.from({ length: 65 }, () => 'ai') }), admin), 'fields');
});

badTest('422: bad enum value', async () => {
  assertInvalid(await srv.post('/api/v1/orgs', orgBody({ kind: 'spaceship' }), admin), 'kind');
  assertInvalid(await srv.post('/api/v1/orgs', orgBody({ kind: 'Company' }), admin), 'kind');
  assertInvalid(await srv.post('/api/v1/orgs', orgBody({ stage: 'late' }), admin), 'stage');
  assertInvalid(await srv.post('/api/v1/orgs', orgBody({ visibility: 'everyone' }), admin), 'visibility');
  assertInvalid(await srv.post('/api/v1/capabilities', { org_id: 1, title: 'x', kind: 'robot' }, admin), 'kind');
  assertInvalid(await srv.patch('/api/v1/orgs/1', { kind: 'alien' }, admin, snapshot.org1etag), 'kind');
});

badTest('422: bad brn (사업자등록번호 check digit)', async () => {
  for (const brn of ['123-45-67890', '220-81-62518', '2208162518', '220-81-6251', '220816251', 'abc-de-fghij', '220 81 62517', '220-8162517', '']) {
    assertInvalid(await srv.post('/api/v1/orgs', orgBody({ brn }), admin), 'brn', `brn ${brn}`);
  }
});

badTest('422: bad phone', async () => {
  for (const phone of ['12345', '010-1234', 'abc-defg-hijk', '010-1234-56789', '+1 555 123 4567', '010--1234-5678', '02-123', '010-1234-5678 ext 1', '']) {
    assertInvalid(await srv.post('/api/v1/orgs', orgBody({ phone }), admin), 'phone', `phone ${phone}`);
  }
  assertInvalid(await srv.post('/api/v1/people', { org_id: 1, name: 'x', phone: '999' }, admin), 'phone');
});

badTest('422: bad email', async () => {
  for (const email of ['no-at-sign', 'a@', '@b.kr', 'a@b', 'a b@c.kr', 'a@@b.kr', 'a..b@c.kr', '.a@b.kr', 'a@b.c', 'a@-b.kr', '<a@b.kr>', '']) {
    assertInvalid(await srv.post('/api/v1/orgs', orgBody({ email }), admin), 'email', `email ${email}`);
  }
  assertInvalid(await srv.post('/api/v1/people', { org_id: 1, name: 'x', email: 'bad' }, admin), 'email');
});

badTest('422: bad URL', async () => {
  for (const homepage of ['javascript:alert(1)', 'ftp://example.kr', 'example.kr', 'http://', 'https://bank.example@evil.example/', 'http://exa mple.kr', 'https://example.kr/"><script>', 'data:text/html,x', 'http://example.kr:99999/', '//example.kr', '']) {
    assertInvalid(await srv.post('/api/v1/orgs', orgBody({ homepage }), admin), 'homepage', `homepage ${homepage}`);
  }
});

badTest('422: bad date', async () => {
  for (const founded of ['2026-02-30', '2025-02-29', '2026-13-01', '2026-00-10', '2026-1-1', '26-01-01', '2026/01/01', 'yesterday', '2026-01-01T00:00:00Z', '']) {
    assertInvalid(await srv.post('/api/v1/orgs', orgBody({ founded }), admin), 'founded', `founded ${founded}`);
  }
  assertInvalid(await srv.post('/api/v1/needs', needBody(1, { deadline: '2027-04-31' }), admin), 'deadline');
});

badTest('422: unknown tag slug', async () => {
  assertInvalid(await srv.post('/api/v1/orgs', orgBody({ fields: ['ai', 'no-such-tag'] }), admin), 'fields');
  assertInvalid(await srv.post('/api/v1/needs', needBody(1, { fields: ['AI'] }), admin), 'fields');
  assertInvalid(await srv.patch('/api/v1/orgs/1', { fields: ['nope'] }, admin, snapshot.org1etag), 'fields');
});

badTest('422: nonexistent org_id', async () => {
  assertInvalid(await srv.post('/api/v1/needs', needBody(99999999), admin), 'org_id');
  assertInvalid(await srv.post('/api/v1/people', { org_id: 99999999, name: 'x' }, admin), 'org_id');
  assertInvalid(await srv.post('/api/v1/capabilities', { org_id: 99999999, title: 'x', kind: 'equipment' }, admin), 'org_id');
  assertInvalid(await srv.post('/api/v1/capabilities', { org_id: 1, title: 'x', kind: 'equipment', contact_id: 99999999 }, admin), 'contact_id');
  assertInvalid(await srv.post('/api/v1/tags', { slug: 'child-x', name_ko: 'x', name_en: 'x', parent_id: 99999999 }, admin), 'parent_id');
});

badTest('422: several bad fields are all named at once', async () => {
  const r = await srv.post('/api/v1/orgs', {
    name: '', kind: 'spaceship', brn: '123-45-67890', phone: '123', email: 'bad', homepage: 'javascript:x',
    founded: '2026-02-30', employees: -1, is_tenant: 'yes', fields: ['no-such-tag'], bogus: true,
  }, admin);
  const p = assertInvalid(r, ['name', 'kind', 'brn', 'phone', 'email', 'homepage', 'founded', 'employees', 'is_tenant', 'bogus']);
  for (const e of p.errors) {
    assert.ok(e.message_ko.length > 0 && e.message_en.length > 0, JSON.stringify(e));
  }
  const r2 = await srv.post('/api/v1/needs', { org_id: 99999999, title: 'x', fields: ['no-such-tag'] }, admin);
  assertInvalid(r2, ['org_id', 'fields'], 'references checked together');
  const r3 = await srv.post('/api/v1/needs', { kind: 'x', status: 'matched', deadline: 'soon' }, admin);
  assertInvalid(r3, ['kind', 'status', 'deadline', 'org_id', 'title'], 'missing and bad at once');
});

badTest('422 on PATCH leaves the row and its ETag unchanged', async () => {
  const r = await srv.patch('/api/v1/orgs/1', { name: '바뀌면 안 됨', email: 'bad' }, admin, snapshot.org1etag);
  assertInvalid(r, 'email');
  const g = await srv.get('/api/v1/orgs/1', admin);
  assert.notEqual(g.json.name, '바뀌면 안 됨', 'a PATCH with one bad field must apply none');
});

badTest('valid special values are accepted (and then removed)', async () => {
  const r = await srv.post('/api/v1/orgs', orgBody({
    brn: '220-81-62517', phone: '+82 10-1234-5678', email: 'kim.o+tag@한국.kr', homepage: 'https://[2001:db8::1]:8443/경로?q=1',
    founded: '2024-02-29', employees: 1000000, name: '가'.repeat(200),
  }), admin);
  assert.equal(r.status, 201, r.text);
  // remove it again so the snapshot holds (the audit keeps the trace; restore audit count)
  assert.equal((await srv.del(r.headers.get('location'), admin)).status, 204);
  snapshot.audit += 2;
});

badTest('an Idempotency-Key that is too long or not printable ASCII is 400', async () => {
  assertProblem(await srv.post('/api/v1/orgs', orgBody(), admin, { headers: { 'idempotency-key': 'k'.repeat(201) } }), 400);
  assertProblem(await srv.post('/api/v1/orgs', orgBody(), admin, { headers: { 'idempotency-key': 'has space' } }), 400);
});

badTest('query-string garbage on a list is 400, never 500', async () => {
  for (const q of ['limit=1&&&', 'sort=' + 'id,'.repeat(10), '=x', 'q=' + '%'.repeat(3), 'cursor=' + 'A'.repeat(2000), 'x'.repeat(5000) + '=1']) {
    const r = await srv.get(`/api/v1/orgs?${q}`, admin);
    assert.ok(r.status === 400 || r.status === 200, `?${q.slice(0, 40)}: ${r.status}`);
    assert.ok(r.status < 500);
  }
});

