// Health, readiness, metrics, OpenAPI, security headers on every answer, routing errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertProblem, rawRequest, orgBody, dbSql, ON_PG } from './helpers.mjs';

const COLLECTIONS = ['orgs', 'people', 'tags', 'capabilities', 'needs', 'users', 'audit'];

let srv;
let admin;
before(async () => {
  srv = await startServer();
  admin = await srv.login();
});
after(async () => {
  if (srv) await srv.stop();
});

function assertSecurityHeaders(h, what) {
  const get = (n) => (h.get ? h.get(n) : h[n]);
  const csp = get('content-security-policy');
  assert.ok(csp, `${what}: content-security-policy missing`);
  assert.match(csp, /frame-ancestors 'none'/, `${what}: CSP lacks frame-ancestors 'none': ${csp}`);
  assert.equal(get('x-content-type-options'), 'nosniff', `${what}: x-content-type-options`);
  assert.ok(get('referrer-policy'), `${what}: referrer-policy missing`);
}

test('GET /healthz answers 200 {"status":"ok"}', async () => {
  const r = await srv.get('/healthz');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^application\/json/);
  assert.deepEqual(r.json, { status: 'ok' });
});

test('HEAD /healthz answers 200 without a body', async () => {
  const r = await srv.req('/healthz', { method: 'HEAD' });
  assert.equal(r.status, 200);
  assert.equal(r.bytes.length, 0);
});

test('GET /readyz answers 200 when the database is there', async () => {
  const r = await srv.get('/readyz');
  assert.equal(r.status, 200);
});

test('GET /metrics is Prometheus text with bpmc_requests_total', async () => {
  await srv.get('/api/v1/orgs?limit=1');
  const r = await srv.get('/metrics');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/plain/);
  assert.match(r.text, /^# TYPE bpmc_requests_total counter$/m);
  const lines = r.text.split('\n').filter((l) => l.startsWith('bpmc_requests_total'));
  assert.ok(lines.length > 0, 'no bpmc_requests_total samples');
  for (const l of lines) assert.match(l, /^bpmc_requests_total(\{[^}]*\})? \d+(\.\d+)?$/, `bad sample line: ${l}`);
  // every non-comment line is a sample "name{labels} value"
  for (const l of r.text.split('\n')) {
    if (!l || l.startsWith('#')) continue;
    assert.match(l, /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{.*\})? [-+]?(\d+(\.\d*)?([eE][-+]?\d+)?|NaN|[+-]Inf)$/, `not a Prometheus sample: ${l}`);
  }
});

// Durability: an acknowledged write is on disk only if the writer's connection syncs every
// commit (synchronous=FULL) in WAL mode; the server reads both back at start (and refuses to
// serve without them) and shows them here, and the database file says so too. On PostgreSQL:
// fsync on and commits that wait for their WAL (synchronous_commit not off), as the database
// says to another connection.
test('the writer is durable: synchronous=FULL in WAL mode (/metrics and the database)', async () => {
  const r = await srv.get('/metrics');
  assert.equal(r.status, 200);
  assert.match(r.text, /^bpmc_db_synchronous 2$/m, 'the writer is not synchronous=FULL');
  assert.match(r.text, /^bpmc_db_wal 1$/m, 'the writer does not journal to a WAL');
  if (ON_PG) {
    const [fsync, commit] = dbSql(srv.db, "SELECT current_setting('fsync'), current_setting('synchronous_commit')").split('|');
    assert.equal(fsync, 'on');
    assert.notEqual(commit, 'off');
  } else {
    assert.equal(dbSql(srv.db, 'PRAGMA journal_mode'), 'wal');
  }
});

test('metrics count requests: bpmc_requests_total grows', async () => {
  const sum = (text) => text.split('\n').filter((l) => l.startsWith('bpmc_requests_total'))
    .reduce((s, l) => s + Number(l.split(' ').pop()), 0);
  const a = sum((await srv.get('/metrics')).text);
  for (let i = 0; i < 5; i++) await srv.get('/healthz');
  const b = sum((await srv.get('/metrics')).text);
  assert.ok(b >= a + 5, `bpmc_requests_total did not grow by 5: ${a} -> ${b}`);
});

test('GET /api/v1/openapi.json is OpenAPI 3.1 naming every collection', async () => {
  const r = await srv.get('/api/v1/openapi.json');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /json/);
  const doc = r.json;
  assert.ok(doc, 'openapi.json is not JSON');
  assert.match(doc.openapi, /^3\.1(\.\d+)?$/);
  assert.ok(doc.info && doc.info.title, 'info.title');
  assert.ok(doc.paths && typeof doc.paths === 'object');
  for (const c of COLLECTIONS) {
    assert.ok(doc.paths[`/api/v1/${c}`], `paths lacks /api/v1/${c}`);
    assert.ok(doc.paths[`/api/v1/${c}/{id}`], `paths lacks /api/v1/${c}/{id}`);
    assert.ok(doc.paths[`/api/v1/${c}`].get, `/api/v1/${c} has no get`);
  }
  for (const c of ['orgs', 'people', 'tags', 'capabilities', 'needs']) {
    assert.ok(doc.paths[`/api/v1/${c}`].post, `/api/v1/${c} has no post`);
    assert.ok(doc.paths[`/api/v1/${c}/{id}`].patch, `/api/v1/${c}/{id} has no patch`);
    assert.ok(doc.paths[`/api/v1/${c}/{id}`].delete, `/api/v1/${c}/{id} has no delete`);
  }
  // the declared fields of orgs appear in its schema
  const text = JSON.stringify(doc);
  for (const f of ['brn', 'is_tenant', 'is_anchor', 'homepage', 'employees']) assert.ok(text.includes(`"${f}"`), `openapi lacks field ${f}`);
});

test('security headers on every kind of answer', async () => {
  const cases = [
    ['healthz', 200, () => srv.get('/healthz')],
    ['readyz', 200, () => srv.get('/readyz')],
    ['metrics', 200, () => srv.get('/metrics')],
    ['openapi', 200, () => srv.get('/api/v1/openapi.json')],
    ['start page', 200, () => srv.get('/')],
    ['list', 200, () => srv.get('/api/v1/orgs?limit=2')],
    ['one row', 200, () => srv.get('/api/v1/orgs/1')],
    ['csv export', 200, () => srv.get('/api/v1/orgs?format=csv')],
    ['xlsx export', 200, () => srv.get('/api/v1/tags?format=xlsx')],
    ['unknown path (the app answers)', 200, () => srv.get('/no/such/path')],
    ['404 collection', 404, () => srv.get('/api/v1/nosuch')],
    ['404 row', 404, () => srv.get('/api/v1/orgs/99999999')],
    ['400 bad query', 400, () => srv.get('/api/v1/orgs?limit=0')],
    ['401 session', 401, () => srv.get('/api/v1/session')],
    ['401 write', 401, () => srv.post('/api/v1/orgs', orgBody())],
    ['403 csrf', 403, () => srv.post('/api/v1/orgs', orgBody(), admin, { csrf: false })],
    ['405 method', 405, () => srv.req('/api/v1/orgs/1', { method: 'PUT', json: {} , session: admin})],
    ['415 type', 415, () => srv.req('/api/v1/orgs', { method: 'POST', body: 'x', headers: { 'content-type': 'text/plain' }, session: admin })],
    ['422 invalid', 422, () => srv.post('/api/v1/orgs', { kind: 'nope' }, admin)],
    ['login 200', 200, () => srv.post('/api/v1/session', { email: 'admin@bpmc.test', password: 'Password-2026' })],
    ['session 200', 200, () => srv.get('/api/v1/session', admin)],
    ['201 create', 201, () => srv.post('/api/v1/orgs', orgBody(), admin)],
  ];
  for (const [what, status, fn] of cases) {
    const r = await fn();
    assert.equal(r.status, status, `${what}: ${r.text.slice(0, 300)}`);
    assertSecurityHeaders(r.headers, `${what} (${r.status})`);
  }
});

test('security headers on a 413 answer', async () => {
  const r = await rawRequest(srv, {
    method: 'POST', path: '/api/v1/orgs',
    headers: { 'content-type': 'application/json', 'content-length': String(2 * 1024 * 1024), cookie: admin.cookie, 'x-csrf-token': admin.csrf },
    body: Buffer.alloc(2 * 1024 * 1024, 0x20),
  }).catch((e) => ({ status: 0, error: e }));
  assert.equal(r.status, 413, `expected 413, got ${r.status} ${r.error || ''}`);
  assertSecurityHeaders(r.headers, '413');
});

test('an unknown path is a 404 problem+json', async () => {
  const r = await srv.get('/api/v2/orgs');
  assertProblem(r, 404);
});

test('a wrong method on a known path is a 405 problem+json', async () => {
  assertProblem(await srv.req('/healthz', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } }), 405);
  assertProblem(await srv.req('/api/v1/orgs', { method: 'PUT', json: {}, session: admin }), 405);
  assertProblem(await srv.req('/api/v1/orgs', { method: 'DELETE', session: admin }), 405);
});

test('problem bodies carry a Korean and an English detail', async () => {
  const r = await srv.get('/api/v1/orgs?limit=abc');
  const p = assertProblem(r, 400);
  assert.equal(typeof p.detail, 'string');
  assert.ok(p.detail.length > 0);
  assert.ok(p.errors.some((e) => e.field === 'limit'), r.text);
});

test('SIGTERM stops a server gracefully (exit code 0), idle or with open connections', async () => {
  for (const mode of ['idle', 'after requests', 'with a request in flight']) {
    const other = await startServer({ demo: mode !== 'idle', admin: false });
    let pending;
    if (mode !== 'idle') {
      for (let i = 0; i < 3; i++) assert.equal((await other.get('/api/v1/orgs?limit=5')).status, 200);
    }
    if (mode === 'with a request in flight') pending = other.get('/api/v1/orgs?format=xlsx').catch(() => null);
    const { code, signal } = await other.stop({ keepDir: true });
    await pending;
    try {
      assert.equal(signal, null, `${mode}: killed by ${signal}; stderr: ${other.stderr.slice(-1000)}`);
      assert.equal(code, 0, `${mode}: exit code ${code}; stderr: ${other.stderr.slice(-1000)}`);
    } finally {
      await other.stop();
    }
  }
});
