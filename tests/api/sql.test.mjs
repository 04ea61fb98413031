// SQL metacharacters in q, filters, sort, cursor and bodies are just text.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertProblem, orgBody, needBody } from './helpers.mjs';

let srv;
let admin;
let totals;
before(async () => {
  // its anonymous requests are its cases, not an attack: no per-address anonymous rate
  srv = await startServer({ extraArgs: ['--anonymous-rate', '0'] });
  admin = await srv.login();
  totals = {};
  for (const c of ['orgs', 'people', 'tags', 'capabilities', 'needs', 'users']) totals[c] = await srv.total(c, admin);
});
after(async () => {
  if (srv) await srv.stop();
});

const NASTY = [
  "'; DROP TABLE orgs; --",
  "' OR '1'='1",
  "' OR 1=1 --",
  '" OR ""="',
  "1; DELETE FROM people",
  "') UNION SELECT password_hash, email FROM users --",
  "Robert'); DROP TABLE people;--",
  '%',
  '_',
  '\\',
  "\\'",
  '*/ /*',
  "x' AND (SELECT count(*) FROM sqlite_master) > 0 --",
  '; ATTACH DATABASE \'/tmp/pwn.db\' AS pwn; --',
];

async function assertIntact() {
  await srv.assertAlive();
  for (const c of Object.keys(totals)) {
    const r = await srv.get(`/api/v1/${c}?limit=1`, admin);
    assert.equal(r.status, 200, `${c} still lists: ${r.text}`);
    assert.ok(r.json.total >= totals[c], `${c} lost rows: ${r.json.total} < ${totals[c]}`);
  }
  const one = await srv.get('/api/v1/orgs/1');
  assert.equal(one.status, 200);
  assert.equal(one.json.name, '국립암센터');
}

test('q with SQL metacharacters: 200, no rows matched by injection, nothing dropped', async () => {
  for (const q of NASTY) {
    for (const c of ['orgs', 'people', 'needs', 'tags', 'capabilities']) {
      const r = await srv.get(`/api/v1/${c}?q=${encodeURIComponent(q)}`);
      assert.equal(r.status, 200, `${c} q=${q}: ${r.status} ${r.text.slice(0, 200)}`);
      for (const item of r.json.items) {
        const text = JSON.stringify(item);
        if (q === '%' || q === '_' || q === '\\') assert.ok(text.includes(q === '\\' ? '\\\\' : q), `${c} q=${q} matched ${item.id} without containing it`);
      }
      assert.ok(r.json.total < totals[c] || totals[c] === 0 || r.json.total === 0, `${c} q=${q} matched everything (${r.json.total})`);
    }
  }
  await assertIntact();
});

test('% and _ in q are literal characters, not LIKE wildcards', async () => {
  const pct = await srv.get(`/api/v1/orgs?q=${encodeURIComponent('%')}`, admin);
  const all = await srv.all('orgs', '', admin);
  const withPct = all.items.filter((o) => [o.name, o.name_en, o.address, o.description].some((v) => v && v.includes('%')));
  assert.equal(pct.json.total, withPct.length);
  const c = await srv.post('/api/v1/orgs', orgBody({ name: `백분율 100%_완료 ${Date.now()}` }), admin);
  assert.equal(c.status, 201);
  const hit = await srv.get(`/api/v1/orgs?q=${encodeURIComponent('100%_완료')}`, admin);
  assert.deepEqual(hit.json.items.map((o) => o.id), [c.json.id]);
  const miss = await srv.get(`/api/v1/orgs?q=${encodeURIComponent('100x_완료')}`, admin);
  assert.equal(miss.json.total, 0, '_ matched any character');
  const miss2 = await srv.get(`/api/v1/orgs?q=${encodeURIComponent('100%%완료')}`, admin);
  assert.equal(miss2.json.total, 0, '% matched any text');
});

test('text filters with SQL metacharacters are just values', async () => {
  for (const v of NASTY) {
    // brn may be checked as a registration number (400) or matched as text (no rows)
    const r = await srv.get(`/api/v1/orgs?brn=${encodeURIComponent(v)}`, admin);
    assert.ok(r.status === 200 || r.status === 400, `brn=${v}: ${r.status} ${r.text}`);
    if (r.status === 200) assert.equal(r.json.total, 0, `brn=${v}`);
    else assertProblem(r, 400);
    const f = await srv.get(`/api/v1/orgs?fields=${encodeURIComponent(v)}`, admin);
    assert.equal(f.status, 200, `fields=${v}: ${f.text}`);
    assert.equal(f.json.total, 0, `fields=${v}`);
    const a = await srv.get(`/api/v1/audit?action=${encodeURIComponent(v)}`, admin);
    assert.equal(a.status, 200, `audit action=${v}: ${a.text}`);
    assert.equal(a.json.total, 0);
  }
  await assertIntact();
});

test('typed filters with SQL metacharacters are 400', async () => {
  for (const v of NASTY) {
    assertProblem(await srv.get(`/api/v1/orgs?kind=${encodeURIComponent(v)}`), 400, `kind=${v}`);
    assertProblem(await srv.get(`/api/v1/orgs?is_tenant=${encodeURIComponent(v)}`), 400, `is_tenant=${v}`);
    assertProblem(await srv.get(`/api/v1/needs?org_id=${encodeURIComponent(v)}`), 400, `org_id=${v}`);
    assertProblem(await srv.get(`/api/v1/needs?deadline=${encodeURIComponent(v)}`), 400, `deadline=${v}`);
  }
  await assertIntact();
});

test('sort, expand, cursor and parameter names with SQL are 400', async () => {
  for (const v of NASTY) {
    assertProblem(await srv.get(`/api/v1/orgs?sort=${encodeURIComponent(v)}`), 400, `sort=${v}`);
    assertProblem(await srv.get(`/api/v1/needs?expand=${encodeURIComponent(v)}`), 400, `expand=${v}`);
    assertProblem(await srv.get(`/api/v1/orgs?cursor=${encodeURIComponent(v)}`), 400, `cursor=${v}`);
    assertProblem(await srv.get(`/api/v1/orgs?cursor=${Buffer.from(JSON.stringify([v])).toString('base64url')}`), 400, `cursor holding ${v}`);
    assertProblem(await srv.get(`/api/v1/orgs?${encodeURIComponent(v)}=1`), 400, `parameter ${v}`);
  }
  assertProblem(await srv.get('/api/v1/orgs?sort=name%20DESC'), 400);
  assertProblem(await srv.get('/api/v1/orgs?sort=name;--'), 400);
  await assertIntact();
});

test('a cursor with SQL in a text sort key is just a value', async () => {
  for (const v of NASTY) {
    const cur = Buffer.from(JSON.stringify([v, 1])).toString('base64url');
    const r = await srv.get(`/api/v1/orgs?sort=name&cursor=${cur}`, admin);
    assert.equal(r.status, 200, `cursor [${v},1]: ${r.text}`);
    assert.ok(r.json.items.every((o) => Buffer.compare(Buffer.from(o.name), Buffer.from(v)) >= 0), `rows before ${v}`);
  }
  await assertIntact();
});

test('collection and id segments with SQL are 404', async () => {
  for (const v of NASTY) {
    const r1 = await srv.get(`/api/v1/${encodeURIComponent(v)}`);
    assert.equal(r1.status, 404, `collection ${v}: ${r1.status}`);
    const r2 = await srv.get(`/api/v1/orgs/${encodeURIComponent(v)}`);
    assert.equal(r2.status, 404, `id ${v}: ${r2.status}`);
  }
  const r3 = await srv.get('/api/v1/orgs/1%20OR%201=1');
  assert.equal(r3.status, 404);
  await assertIntact();
});

test('bodies with SQL metacharacters are stored and returned verbatim', async () => {
  const created = [];
  for (const v of NASTY) {
    const body = orgBody({ name: v, name_en: v, description: `${v}\n${v}`, address: v });
    const r = await srv.post('/api/v1/orgs', body, admin);
    assert.equal(r.status, 201, `name ${v}: ${r.text}`);
    assert.equal(r.json.name, v);
    const g = await srv.get(r.headers.get('location'), admin);
    assert.equal(g.json.name, v);
    assert.equal(g.json.description, `${v}\n${v}`);
    created.push(r.json);
  }
  // each is found by q with its own text
  for (const o of created) {
    const r = await srv.get(`/api/v1/orgs?q=${encodeURIComponent(o.name)}&limit=200`, admin);
    assert.equal(r.status, 200);
    assert.ok(r.json.items.some((x) => x.id === o.id), `q=${o.name} did not find org ${o.id}`);
  }
  // people, needs and tags too
  const p = await srv.post('/api/v1/people', { org_id: created[0].id, name: "Robert'); DROP TABLE people;--", title: "' OR 1=1 --" }, admin);
  assert.equal(p.status, 201, p.text);
  assert.equal(p.json.name, "Robert'); DROP TABLE people;--");
  const n = await srv.post('/api/v1/needs', needBody(created[0].id, { title: "'; DROP TABLE needs; --", description: "') UNION SELECT * FROM users --" }), admin);
  assert.equal(n.status, 201, n.text);
  assert.equal(n.json.title, "'; DROP TABLE needs; --");
  const t = await srv.post('/api/v1/tags', { slug: `sql-${Date.now()}`, name_ko: "'; DROP TABLE tags; --", name_en: "' OR '1'='1" }, admin);
  assert.equal(t.status, 201, t.text);
  assert.equal(t.json.name_en, "' OR '1'='1");
  await assertIntact();
});

test('PATCH with SQL metacharacters changes only the named row', async () => {
  const a = await srv.post('/api/v1/orgs', orgBody(), admin);
  const b = await srv.post('/api/v1/orgs', orgBody(), admin);
  const v = "x', name='pwned' WHERE 1=1; --";
  const r = await srv.patch(a.headers.get('location'), { name: v }, admin, a.headers.get('etag'));
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.name, v);
  assert.equal((await srv.get(b.headers.get('location'), admin)).json.name, b.json.name);
  const pwned = await srv.get(`/api/v1/orgs?q=pwned&limit=200`, admin);
  assert.deepEqual(pwned.json.items.map((o) => o.id), [a.json.id]);
  await assertIntact();
});

test('JSON keys with SQL metacharacters are unknown fields (422), not SQL', async () => {
  for (const k of ['name) VALUES (1); --', 'name=name', '"name"', 'id; DROP TABLE orgs']) {
    const r = await srv.post('/api/v1/orgs', { ...orgBody(), [k]: 'x' }, admin);
    assert.equal(r.status, 422, `key ${k}: ${r.text}`);
    assert.ok(r.json.errors.some((e) => e.field === k || e.field.startsWith(k.slice(0, 20))), `key ${k}: ${r.text}`);
  }
  await assertIntact();
});

test('the Idempotency-Key is just text', async () => {
  const key = "k';DROP/**/TABLE/**/idempotency;--";
  const body = orgBody();
  const a = await srv.post('/api/v1/orgs', body, admin, { headers: { 'idempotency-key': key } });
  assert.equal(a.status, 201, a.text);
  const b = await srv.post('/api/v1/orgs', body, admin, { headers: { 'idempotency-key': key } });
  assert.equal(b.status, 201);
  assert.equal(b.headers.get('location'), a.headers.get('location'));
  await assertIntact();
});

test('login with SQL in the e-mail is a plain 401', async () => {
  for (const email of ["' OR '1'='1", "admin@bpmc.test' --", "admin@bpmc.test' OR 1=1 --"]) {
    assertProblem(await srv.post('/api/v1/session', { email, password: "' OR '1'='1" }), 401, email);
  }
  await assertIntact();
});
