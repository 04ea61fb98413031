// The OpenAPI document against the route table it describes: every route of src/http/routes.c
// (read from the source, not from the document) has its operation with an operationId, a
// summary and its answers; operationIds are unique; every path parameter is declared; request
// bodies have schemas with their fields; security follows the auth column. Redocly's rules are
// tests/openapi/lint.mjs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startServer, assertProblem } from './helpers.mjs';

const METHODS = ['get', 'post', 'patch', 'delete'];
const CHANGES = ['post', 'patch', 'delete'];

/** The rows of the route table: {method, pattern, auth, body, op}. */
function routeTable() {
  const src = readFileSync(fileURLToPath(new URL('../../src/http/routes.c', import.meta.url)), 'utf8');
  const table = src.slice(src.indexOf('static const struct route routes[]'), src.indexOf('/* clang-format on */'));
  const rows = [...table.matchAll(/\{(GET|POST|PATCH|DELETE),\s*"([^"]+)",\s*\w+,\s*(AUTH_\w+),\s*(BODY_\w+),\s*("[^"]*"|NULL)\}/g)]
    .map(([, method, pattern, auth, body, op]) => ({ method: method.toLowerCase(), pattern, auth, body, op: op === 'NULL' ? null : op.slice(1, -1) }));
  assert.ok(rows.length >= 30, `read only ${rows.length} rows of the route table`);
  return rows;
}

const openapiPath = (pattern) => pattern.replace(/:(\w+)/g, '{$1}');

let srv;
let doc;
let routes;
before(async () => {
  srv = await startServer({ demo: false });
  const r = await srv.get('/api/v1/openapi.json');
  assert.equal(r.status, 200);
  doc = r.json;
  routes = routeTable();
});
after(async () => {
  if (srv) await srv.stop();
});

/** Every operation of the document: {path, method, op, item}. */
function operations() {
  const ops = [];
  for (const [path, item] of Object.entries(doc.paths))
    for (const method of METHODS) if (item[method]) ops.push({ path, method, op: item[method], item });
  return ops;
}

/** A schema with its $ref followed (components only). */
function resolve(schema) {
  let s = schema;
  for (let i = 0; s && s.$ref && i < 10; i++) {
    const m = /^#\/components\/schemas\/(.+)$/.exec(s.$ref);
    assert.ok(m, `unresolvable $ref ${s.$ref}`);
    s = doc.components.schemas[m[1]];
    assert.ok(s, `$ref ${schema.$ref} names no schema`);
  }
  return s;
}

/** The collections the engine documents: paths that carry x-bpmc-access. */
function collections() {
  return Object.keys(doc.paths)
    .map((p) => /^\/api\/v1\/([a-z0-9-]+)$/.exec(p))
    .filter((m) => m && doc.paths[m[0]]['x-bpmc-access'])
    .map((m) => m[1]);
}

test('every route of the route table has its operation, with an operationId, a summary and answers', () => {
  const missing = [];
  for (const rt of routes) {
    if (!rt.op) {
      assert.ok(!rt.pattern.startsWith('/api/'), `${rt.method} ${rt.pattern} is an API route without an operation`);
      continue;
    }
    const paths = rt.pattern.includes(':collection')
      ? collections().map((c) => openapiPath(rt.pattern.replace(':collection', c)))
      : [openapiPath(rt.pattern)];
    let found = 0;
    for (const path of paths) {
      const op = doc.paths[path]?.[rt.method];
      if (!op) {
        // a collection without that operation (read-only ones take no writes)
        if (!rt.pattern.includes(':collection')) missing.push(`${rt.method} ${path}`);
        continue;
      }
      found++;
      assert.match(op.operationId ?? '', /^[a-z][a-zA-Z0-9]*$/, `${rt.method} ${path}: operationId ${op.operationId}`);
      if (!rt.op.includes('{collection}')) assert.equal(op.operationId, rt.op, `${rt.method} ${path}`);
      assert.ok(typeof op.summary === 'string' && op.summary.length > 0 && op.summary.length <= 80,
        `${rt.method} ${path}: summary ${JSON.stringify(op.summary)}`);
      const statuses = Object.keys(op.responses ?? {});
      assert.ok(statuses.length > 0, `${rt.method} ${path} has no responses`);
      assert.ok(Array.isArray(op.security) && op.security.length > 0, `${rt.method} ${path} has no security`);
    }
    assert.ok(found > 0, `${rt.method} ${rt.pattern}: no operation in the document`);
  }
  assert.deepEqual(missing, [], 'routes without their operation');
});

test('operationIds are unique', () => {
  const seen = new Map();
  for (const { path, method, op } of operations()) {
    assert.ok(op.operationId, `${method} ${path} has no operationId`);
    assert.ok(!seen.has(op.operationId), `${op.operationId}: ${seen.get(op.operationId)} and ${method} ${path}`);
    seen.set(op.operationId, `${method} ${path}`);
  }
});

test('every path parameter is declared, required, with a schema', () => {
  for (const { path, method, op, item } of operations()) {
    const declared = [...(item.parameters ?? []), ...(op.parameters ?? [])].filter((p) => p.in === 'path');
    const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
    for (const name of names) {
      const p = declared.find((d) => d.name === name);
      assert.ok(p, `${method} ${path}: path parameter ${name} is not declared`);
      assert.equal(p.required, true, `${method} ${path}: ${name} is not required`);
      assert.ok(p.schema?.type, `${method} ${path}: ${name} has no schema`);
    }
    for (const p of declared) assert.ok(names.includes(p.name), `${method} ${path}: ${p.name} is not in the path`);
    for (const p of op.parameters ?? []) assert.ok(p.schema, `${method} ${path}: parameter ${p.name} has no schema`);
  }
});

test('routes that take JSON have a request body schema; POST /api/v1/api-tokens names its fields', () => {
  for (const rt of routes.filter((r) => r.op && r.body !== 'BODY_NONE' && !r.pattern.includes(':collection'))) {
    const op = doc.paths[openapiPath(rt.pattern)][rt.method];
    const content = op.requestBody?.content;
    assert.ok(content, `${rt.method} ${rt.pattern} has no requestBody`);
    if (rt.body === 'BODY_JSON') {
      const schema = resolve(content['application/json']?.schema);
      assert.ok(schema?.properties, `${rt.method} ${rt.pattern}: the JSON body has no properties`);
    }
  }
  const body = doc.paths['/api/v1/api-tokens'].post.requestBody;
  assert.equal(body.required, true);
  const schema = resolve(body.content['application/json'].schema);
  for (const f of ['name', 'scope', 'expires_on', 'modules']) assert.ok(schema.properties[f], `api-tokens body lacks ${f}`);
  assert.deepEqual(schema.properties.scope.enum, ['read', 'read-write']);
  assert.ok(schema.required.includes('name'));
  const credentials = resolve(doc.paths['/api/v1/session'].post.requestBody.content['application/json'].schema);
  assert.deepEqual(Object.keys(credentials.properties).sort(), ['email', 'otp', 'password']);
  assert.deepEqual(credentials.required.sort(), ['email', 'password']);
  const created = doc.paths['/api/v1/api-tokens'].post.responses['201'];
  assert.ok(JSON.stringify(resolve(created.content['application/json'].schema)).includes('"token"'), 'the answer shows the token');
});

test('every route carries 503 with Retry-After; 429 with Retry-After wherever a route can answer it', () => {
  const response = (r) => (r.$ref ? doc.components.responses[r.$ref.split('/').pop()] : r);
  // the handlers' own throttles: sign-in and password failures (per account and address),
  // invitations (per inviter)
  const throttled = new Set(['sessionCreate', 'passwordChange', 'totpDisable', 'membersInvite', 'usersInvite']);
  let checked = 0;
  for (const rt of routes.filter((r) => r.op)) {
    const paths = rt.pattern.includes(':collection')
      ? collections().map((c) => openapiPath(rt.pattern.replace(':collection', c)))
      : [openapiPath(rt.pattern)];
    for (const path of paths) {
      const op = doc.paths[path]?.[rt.method];
      if (!op || op.operationId === undefined) continue;
      const what = `${rt.method} ${path}`;
      // the per-address connection limit answers 503 before any request is read: every route
      const unavailable = op.responses['503'];
      assert.ok(unavailable, `${what}: no 503`);
      assert.equal(response(unavailable).headers?.['Retry-After']?.schema?.type, 'integer', `${what}: 503 without Retry-After`);
      // anonymous callers over their address's rate: every API route open to them
      const anonymous = rt.auth === 'AUTH_ANY' && rt.pattern.startsWith('/api/');
      const can429 = anonymous || throttled.has(op.operationId);
      assert.equal(Boolean(op.responses['429']), can429, `${what}: 429 ${can429 ? 'missing' : 'listed but never answered'}`);
      if (can429) {
        const h = response(op.responses['429']).headers?.['Retry-After'];
        assert.equal(h?.required, true, `${what}: 429 without a required Retry-After`);
        assert.equal(h?.schema?.type, 'integer');
      }
      checked++;
    }
  }
  assert.ok(checked > 100, `only ${checked} operations checked`);
  for (const id of throttled) assert.ok(operations().some(({ op }) => op.operationId === id), `no operation ${id}`);
});

test('problems are answered with the one Problem schema, errors[{field, message}]', () => {
  const problem = doc.components.schemas.Problem;
  assert.ok(problem.properties.errors.items.properties.field);
  assert.ok(problem.properties.errors.items.properties.message);
  for (const { path, method, op } of operations()) {
    for (const [status, response] of Object.entries(op.responses)) {
      if (!/^[45]/.test(status)) continue;
      const r = response.$ref ? doc.components.responses[response.$ref.split('/').pop()] : response;
      assert.ok(r, `${method} ${path} ${status}: ${response.$ref} names no response`);
      assert.equal(r.content?.['application/problem+json']?.schema?.$ref, '#/components/schemas/Problem', `${method} ${path} ${status}`);
    }
  }
});

test('security follows the route table: anyone, the cookie with X-CSRF-Token for changes, bearer tokens', () => {
  const schemes = doc.components.securitySchemes;
  assert.deepEqual(schemes.session, { ...schemes.session, type: 'apiKey', in: 'cookie', name: 'bpmc_session' });
  assert.deepEqual(schemes.csrf, { ...schemes.csrf, type: 'apiKey', in: 'header', name: 'X-CSRF-Token' });
  assert.deepEqual(schemes.bearer, { ...schemes.bearer, type: 'http', scheme: 'bearer' });
  for (const rt of routes.filter((r) => r.op && !r.pattern.includes(':collection'))) {
    const op = doc.paths[openapiPath(rt.pattern)][rt.method];
    const what = `${rt.method} ${rt.pattern}`;
    for (const req of op.security) for (const name of Object.keys(req)) assert.ok(schemes[name], `${what}: unknown scheme ${name}`);
    assert.equal(op.security.some((s) => Object.keys(s).length === 0), rt.auth === 'AUTH_ANY', `${what}: anonymous iff AUTH_ANY`);
    const cookie = op.security.find((s) => 'session' in s);
    assert.ok(cookie, `${what}: no session`);
    assert.equal('csrf' in cookie, rt.auth !== 'AUTH_ANY' && CHANGES.includes(rt.method), `${what}: CSRF with the cookie`);
    if (rt.auth !== 'AUTH_ANY') {
      assert.ok(op.responses['401'], `${what}: no 401`);
      assert.ok(op.responses['403'], `${what}: no 403`);
    }
    if (rt.body === 'BODY_JSON') assert.ok(op.responses['415'], `${what}: no 415`);
  }
});

test('the routes whose security leaves API tokens out refuse them (403 before the handler)', async () => {
  const admin = await srv.login();
  const t = await srv.post('/api/v1/api-tokens', { name: 'openapi test', scope: 'read-write' }, admin);
  assert.equal(t.status, 201, t.text);
  const bearer = { authorization: `Bearer ${t.json.token}` };
  let checked = 0;
  for (const rt of routes.filter((r) => r.op && !r.pattern.includes(':'))) {
    const op = doc.paths[openapiPath(rt.pattern)][rt.method];
    if (op.security.some((s) => 'bearer' in s)) continue;
    const r = await srv.req(rt.pattern, { method: rt.method.toUpperCase(), headers: { ...bearer, 'content-type': 'application/json' }, body: '{}' });
    assertProblem(r, 403, `${rt.method} ${rt.pattern} with a token`);
    checked++;
  }
  assert.ok(checked >= 5, `only ${checked} routes refuse tokens`);
});
