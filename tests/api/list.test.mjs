// Lists: shape, limit, filters, q, sort, cursor pagination, expand, bad query parameters.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertProblem, problemFields, orgBody, needBody, until, dbSql } from './helpers.mjs';

let srv;
let admin;
before(async () => {
  srv = await startServer();
  admin = await srv.login();
});
after(async () => {
  if (srv) await srv.stop();
});

/** Walk every page with the given query and page size; asserts the page invariants. */
async function walk(collection, query, limit, session) {
  const seen = [];
  let cursor = null;
  let total = null;
  let pages = 0;
  for (;;) {
    const parts = [`limit=${limit}`];
    if (query) parts.push(query);
    if (cursor) parts.push(`cursor=${encodeURIComponent(cursor)}`);
    const r = await srv.get(`/api/v1/${collection}?${parts.join('&')}`, session);
    assert.equal(r.status, 200, `${collection}?${parts.join('&')}: ${r.text}`);
    assert.ok(Array.isArray(r.json.items));
    assert.ok(r.json.items.length <= limit, `page of ${r.json.items.length} > limit ${limit}`);
    if (total === null) total = r.json.total;
    else assert.equal(r.json.total, total, 'total changed between pages');
    seen.push(...r.json.items);
    pages++;
    assert.ok(pages <= 1000, 'too many pages');
    if (r.json.next_cursor === null) break;
    assert.equal(typeof r.json.next_cursor, 'string');
    assert.equal(r.json.items.length, limit, 'a page before the last one is not full');
    cursor = r.json.next_cursor;
  }
  return { items: seen, total, pages };
}

function assertComplete(items, total, what) {
  const ids = items.map((x) => x.id);
  const dup = ids.filter((id, i) => ids.indexOf(id) !== i);
  assert.deepEqual(dup, [], `${what}: duplicate ids across pages`);
  assert.equal(ids.length, total, `${what}: walked ${ids.length} rows, total says ${total}`);
}

// SQLite compares TEXT by bytes (UTF-8), which for these strings is code point order.
function cmp(a, b) {
  if (a === b) return 0;
  const A = a === null || a === undefined ? '' : a;
  const B = b === null || b === undefined ? '' : b;
  if (typeof A === 'number' || typeof B === 'number') return (A === '' ? -Infinity : A) - (B === '' ? -Infinity : B);
  if (typeof A === 'boolean') return Number(A) - Number(B);
  return Buffer.compare(Buffer.from(A), Buffer.from(B));
}

function assertSorted(items, keys, what) {
  for (let i = 1; i < items.length; i++) {
    let c = 0;
    for (const k of keys) {
      const desc = k.startsWith('-');
      const f = desc ? k.slice(1) : k;
      c = cmp(items[i - 1][f], items[i][f]);
      if (desc) c = -c;
      if (c !== 0) break;
    }
    if (c === 0) c = items[i - 1].id - items[i].id; // ties broken by id
    assert.ok(c < 0, `${what}: rows ${items[i - 1].id} and ${items[i].id} out of order for sort=${keys.join(',')}`);
  }
}

test('a list is {"items","next_cursor","total"} with 20 rows by default', async () => {
  const r = await srv.get('/api/v1/orgs');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^application\/json/);
  assert.deepEqual(Object.keys(r.json).sort(), ['items', 'next_cursor', 'total']);
  assert.equal(r.json.items.length, 20);
  assert.equal(typeof r.json.next_cursor, 'string');
  assert.ok(r.json.total > 20);
  for (const o of r.json.items) {
    assert.ok(Number.isInteger(o.id));
    for (const f of ['name', 'kind', 'fields', 'is_tenant', 'is_anchor', 'visibility', 'created_at', 'updated_at', 'version']) assert.ok(f in o, `org lacks ${f}`);
    assert.ok(Array.isArray(o.fields));
    assert.equal(typeof o.is_tenant, 'boolean');
  }
});

test('the demo cluster has 88 orgs, real ones 1..14', async () => {
  const all = await srv.all('orgs', '', admin);
  assert.equal(all.total, 88);
  const ids = new Set(all.items.map((o) => o.id));
  for (let i = 1; i <= 14; i++) assert.ok(ids.has(i), `org ${i} missing`);
  const real = await srv.total('orgs', admin, 'is_synthetic=false');
  const synth = await srv.total('orgs', admin, 'is_synthetic=true');
  assert.equal(real + synth, 88);
  assert.ok(all.items.filter((o) => o.id >= 101).every((o) => o.is_synthetic === true));
});

test('walk all pages of orgs with limit 7: no duplicates, none missing (operator)', async () => {
  const { items, total, pages } = await walk('orgs', '', 7, admin);
  assertComplete(items, total, 'orgs limit 7');
  assert.equal(total, 88);
  assert.equal(pages, Math.ceil(88 / 7));
  assertSorted(items, ['id'], 'default order');
  const full = await srv.all('orgs', '', admin);
  assert.deepEqual(items.map((x) => x.id).sort((a, b) => a - b), full.items.map((x) => x.id).sort((a, b) => a - b));
});

test('walk all pages of orgs with limit 7 (anonymous)', async () => {
  const { items, total } = await walk('orgs', '', 7, undefined);
  assertComplete(items, total, 'anonymous orgs limit 7');
  assert.ok(items.every((o) => o.visibility === 'public'));
});

for (const sort of ['-id', 'name', '-name', 'kind,-employees', '-is_tenant,name', 'stage,-founded', 'employees', '-employees,name_en', 'created_at', '-updated_at']) {
  test(`walk orgs with limit 7 and sort=${sort}: complete and ordered`, async () => {
    const { items, total } = await walk('orgs', `sort=${encodeURIComponent(sort)}`, 7, admin);
    assertComplete(items, total, `sort=${sort}`);
    assertSorted(items, sort.split(','), `sort=${sort}`);
  });
}

test('walk orgs with a filter and a sort: complete and ordered', async () => {
  const { items, total } = await walk('orgs', 'kind=company&sort=-name', 5, admin);
  assertComplete(items, total, 'kind=company sort=-name');
  assert.ok(items.every((o) => o.kind === 'company'));
  assertSorted(items, ['-name'], 'kind=company sort=-name');
});

test('walk needs, people, capabilities, tags with small pages', async () => {
  for (const [c, q] of [['needs', 'sort=-deadline'], ['people', 'sort=name'], ['capabilities', 'sort=kind,title'], ['tags', ''], ['tags', 'sort=-name_en']]) {
    const { items, total } = await walk(c, q, 3, admin);
    assertComplete(items, total, `${c} ${q}`);
    if (q) assertSorted(items, q.slice(5).split(','), `${c} ${q}`);
  }
});

test('walk the audit log (default sort -id) with small pages', async () => {
  await srv.post('/api/v1/orgs', orgBody(), admin);
  const { items, total } = await walk('audit', '', 4, admin);
  assertComplete(items, total, 'audit');
  assertSorted(items, ['-id'], 'audit default order');
});

test('tags are sorted by slug by default', async () => {
  const { items } = await walk('tags', '', 200, undefined);
  assertSorted(items, ['slug'], 'tags default order');
  const slugs = items.map((t) => t.slug);
  for (const s of ['ai', 'medical-imaging', 'big-data', 'oncology']) assert.ok(slugs.includes(s), `tag ${s} missing`);
});

test('rows created while paging are not duplicated and earlier rows not skipped', async () => {
  const first = await srv.get('/api/v1/orgs?limit=10', admin);
  const created = await srv.post('/api/v1/orgs', orgBody(), admin);
  assert.equal(created.status, 201);
  let cursor = first.json.next_cursor;
  const ids = first.json.items.map((x) => x.id);
  while (cursor) {
    const r = await srv.get(`/api/v1/orgs?limit=10&cursor=${encodeURIComponent(cursor)}`, admin);
    assert.equal(r.status, 200);
    ids.push(...r.json.items.map((x) => x.id));
    cursor = r.json.next_cursor;
  }
  assert.equal(new Set(ids).size, ids.length, 'duplicates');
  assert.ok(ids.includes(created.json.id), 'the new row (highest id) appears on a later page');
  const total = await srv.total('orgs', admin);
  assert.equal(ids.length, total);
});

test('limit 1 and 200 are accepted; 0, 201, -1, 1.5, abc, empty are 400 naming limit', async () => {
  const one = await srv.get('/api/v1/orgs?limit=1', admin);
  assert.equal(one.status, 200);
  assert.equal(one.json.items.length, 1);
  const max = await srv.get('/api/v1/orgs?limit=200', admin);
  assert.equal(max.status, 200);
  assert.equal(max.json.items.length, Math.min(200, max.json.total));
  assert.equal(max.json.next_cursor, null);
  for (const bad of ['0', '201', '-1', '1.5', 'abc', '', '99999999999999999999', '1e2', '%20']) {
    const r = await srv.get(`/api/v1/orgs?limit=${bad}`);
    const p = assertProblem(r, 400, `limit=${bad}`);
    assert.ok(problemFields(p).includes('limit'), `limit=${bad}: ${r.text}`);
  }
});

test('unknown query parameters are 400 naming the parameter', async () => {
  for (const [q, name] of [['bogus=1', 'bogus'], ['offset=10', 'offset'], ['pages=2', 'pages'], ['description=x', 'description'], ['employees=5', 'employees']]) {
    const r = await srv.get(`/api/v1/orgs?${q}`);
    const p = assertProblem(r, 400, q);
    assert.ok(problemFields(p).includes(name), `${q}: ${r.text}`);
  }
});

test('unknown or unsortable sort fields are 400 naming sort', async () => {
  for (const s of ['bogus', '-bogus', 'description', 'fields', 'name,bogus', '', ',', '--name', 'name;drop']) {
    const r = await srv.get(`/api/v1/orgs?sort=${encodeURIComponent(s)}`);
    const p = assertProblem(r, 400, `sort=${s}`);
    assert.ok(problemFields(p).includes('sort'), `sort=${s}: ${r.text}`);
  }
});

test('a garbage cursor is 400 naming cursor', async () => {
  const good = (await srv.get('/api/v1/orgs?limit=2')).json.next_cursor;
  const forged = Buffer.from('["x",1]').toString('base64url');
  const wrongShape = Buffer.from('{"a":1}').toString('base64url');
  for (const c of ['garbage', '!!!', '', 'AAAA', forged, wrongShape, good + 'x', Buffer.from('[1,2,3,4,5]').toString('base64url')]) {
    const r = await srv.get(`/api/v1/orgs?limit=2&cursor=${encodeURIComponent(c)}`);
    const p = assertProblem(r, 400, `cursor=${c}`);
    assert.ok(problemFields(p).includes('cursor'), `cursor=${c}: ${r.text}`);
  }
  // a cursor made for one sort is refused (or harmless) under another
  const bySort = (await srv.get('/api/v1/orgs?limit=2&sort=name')).json.next_cursor;
  const r = await srv.get(`/api/v1/orgs?limit=2&cursor=${encodeURIComponent(bySort)}`);
  assert.ok(r.status === 400 || r.status === 200, `${r.status}`);
});

test('repeated parameters are 400', async () => {
  for (const q of ['limit=1&limit=2', 'sort=id&sort=name', 'kind=company&kind=hospital', 'q=a&q=b']) {
    assertProblem(await srv.get(`/api/v1/orgs?${q}`), 400, q);
  }
});

test('filter kind=hospital: every row matches; the total agrees with the rows', async () => {
  const { items, total } = await walk('orgs', 'kind=hospital', 200, admin);
  assert.ok(total > 0);
  assert.equal(items.length, total);
  assert.ok(items.every((o) => o.kind === 'hospital'));
  const all = await srv.all('orgs', '', admin);
  assert.equal(all.items.filter((o) => o.kind === 'hospital').length, total);
});

test('filters on every declared filterable org field agree with the full list', async () => {
  const all = (await srv.all('orgs', '', admin)).items;
  const cases = [
    ['is_tenant=true', (o) => o.is_tenant === true],
    ['is_tenant=false', (o) => o.is_tenant === false],
    ['is_tenant=1', (o) => o.is_tenant === true],
    ['is_anchor=true', (o) => o.is_anchor === true],
    ['stage=rnd', (o) => o.stage === 'rnd'],
    ['stage=commercialization', (o) => o.stage === 'commercialization'],
    ['fields=ai', (o) => o.fields.includes('ai')],
    ['fields=medical-imaging', (o) => o.fields.includes('medical-imaging')],
    ['fields=oncology&kind=company', (o) => o.fields.includes('oncology') && o.kind === 'company'],
    ['visibility=cluster', (o) => o.visibility === 'cluster'],
    ['visibility=public&is_tenant=true', (o) => o.visibility === 'public' && o.is_tenant === true],
    ['is_synthetic=false', (o) => o.is_synthetic === false],
  ];
  for (const [q, pred] of cases) {
    const r = await srv.all('orgs', q, admin);
    const want = all.filter(pred).map((o) => o.id).sort((a, b) => a - b);
    assert.deepEqual(r.items.map((o) => o.id).sort((a, b) => a - b), want, q);
    assert.equal(r.total, want.length, `${q} total`);
  }
  assert.ok(all.some((o) => o.fields.includes('ai')), 'the demo has orgs tagged ai');
  assert.ok(all.some((o) => o.is_tenant), 'the demo has tenants');
});

test('fields= filter means contains, not a substring match', async () => {
  // "ai" must not match a tag that merely contains the letters, and "a" matches nothing
  const r = await srv.all('orgs', 'fields=a', admin);
  assert.equal(r.total, 0);
  const big = await srv.all('orgs', 'fields=big', admin);
  assert.equal(big.total, 0);
});

test('brn filter finds an org by its registration number', async () => {
  const created = await srv.post('/api/v1/orgs', orgBody({ brn: '220-81-62517' }), admin);
  assert.equal(created.status, 201, created.text);
  const stored = created.json.brn;
  const r = await srv.get(`/api/v1/orgs?brn=${encodeURIComponent(stored)}`, admin);
  assert.equal(r.status, 200);
  assert.deepEqual(r.json.items.map((o) => o.id), [created.json.id], `brn=${stored}`);
});

test('brn filter accepts the number as typed with hyphens (as POST does)', async () => {
  const created = await srv.post('/api/v1/orgs', orgBody({ brn: '110-81-01246' }), admin);
  assert.equal(created.status, 201, created.text);
  const typed = await srv.get('/api/v1/orgs?brn=110-81-01246', admin);
  assert.equal(typed.status, 200);
  assert.deepEqual(typed.json.items.map((o) => o.id), [created.json.id], 'brn filter with the number as typed (110-81-01246)');
});

test('needs filters: org_id, status, stage, fields, deadline', async () => {
  const all = (await srv.all('needs', '', admin)).items;
  assert.ok(all.length > 0);
  const n0 = all.find((n) => n.deadline);
  const cases = [
    [`org_id=${all[0].org_id}`, (n) => n.org_id === all[0].org_id],
    ['status=open', (n) => n.status === 'open'],
    ['status=matched', (n) => n.status === 'matched'],
    ['stage=rnd', (n) => n.stage === 'rnd'],
    ['fields=ai', (n) => n.fields.includes('ai')],
    [`deadline=${n0.deadline}`, (n) => n.deadline === n0.deadline],
    ['status=open&fields=big-data', (n) => n.status === 'open' && n.fields.includes('big-data')],
  ];
  for (const [q, pred] of cases) {
    const r = await srv.all('needs', q, admin);
    const want = all.filter(pred).map((n) => n.id).sort((a, b) => a - b);
    assert.ok(want.length > 0 || q.startsWith('status=matched'), `${q}: the demo should have rows`);
    assert.deepEqual(r.items.map((n) => n.id).sort((a, b) => a - b), want, q);
    assert.equal(r.total, want.length);
  }
});

test('people and capabilities filter by org_id', async () => {
  const people = (await srv.all('people', '', admin)).items;
  const org = people[0].org_id;
  const r = await srv.all('people', `org_id=${org}`, admin);
  assert.deepEqual(r.items.map((p) => p.id).sort((a, b) => a - b), people.filter((p) => p.org_id === org).map((p) => p.id).sort((a, b) => a - b));
  const caps = (await srv.all('capabilities', '', admin)).items;
  const c = await srv.all('capabilities', `org_id=${caps[0].org_id}&status=active`, admin);
  assert.deepEqual(c.items.map((x) => x.id).sort((a, b) => a - b), caps.filter((x) => x.org_id === caps[0].org_id && x.status === 'active').map((x) => x.id).sort((a, b) => a - b));
});

test('bad filter values are 400 naming the field', async () => {
  for (const [q, f] of [['kind=spaceship', 'kind'], ['is_tenant=yes', 'is_tenant'], ['stage=late', 'stage'], ['visibility=secret', 'visibility']]) {
    const r = await srv.get(`/api/v1/orgs?${q}`);
    const p = assertProblem(r, 400, q);
    assert.ok(problemFields(p).includes(f), `${q}: ${r.text}`);
  }
  for (const [q, f] of [['org_id=abc', 'org_id'], ['org_id=-1', 'org_id'], ['deadline=2026-13-01', 'deadline'], ['deadline=tomorrow', 'deadline'], ['status=done', 'status']]) {
    const r = await srv.get(`/api/v1/needs?${q}`);
    const p = assertProblem(r, 400, q);
    assert.ok(problemFields(p).includes(f), `${q}: ${r.text}`);
  }
});

test('q searches names (Korean and English) and is case-insensitive for ASCII', async () => {
  const r = await srv.get(`/api/v1/orgs?q=${encodeURIComponent('국립암센터')}`);
  assert.equal(r.status, 200);
  assert.ok(r.json.items.some((o) => o.id === 1), r.text.slice(0, 300));
  const en = await srv.get(`/api/v1/orgs?q=${encodeURIComponent('national cancer')}`);
  assert.ok(en.json.items.some((o) => o.id === 1), 'q=national cancer');
  const none = await srv.get(`/api/v1/orgs?q=${encodeURIComponent('존재하지않는기관이름xyz')}`);
  assert.equal(none.json.total, 0);
  assert.deepEqual(none.json.items, []);
  assert.equal(none.json.next_cursor, null);
});

test('q combines with filters and paging', async () => {
  const { items, total } = await walk('orgs', `q=${encodeURIComponent('병원')}&kind=hospital`, 2, admin);
  assert.ok(total > 0);
  assert.equal(items.length, total);
  assert.ok(items.every((o) => o.kind === 'hospital'));
});

test('q finds a row right after it is created (no stale cache)', async () => {
  const body = orgBody({ name: `캐시확인 ${Date.now()}` });
  const before = await srv.get(`/api/v1/orgs?q=${encodeURIComponent(body.name)}`, admin);
  assert.equal(before.json.total, 0);
  const totalBefore = await srv.total('orgs', admin);
  const c = await srv.post('/api/v1/orgs', body, admin);
  assert.equal(c.status, 201);
  const after = await srv.get(`/api/v1/orgs?q=${encodeURIComponent(body.name)}`, admin);
  assert.equal(after.json.total, 1);
  assert.equal(await srv.total('orgs', admin), totalBefore + 1);
  const anon = await srv.get(`/api/v1/orgs?q=${encodeURIComponent(body.name)}`);
  assert.equal(anon.json.total, 1, 'a new public org is seen by anonymous callers too');
});

test('q longer than 200 characters is 400', async () => {
  assertProblem(await srv.get(`/api/v1/orgs?q=${'a'.repeat(201)}`), 400);
  assert.equal((await srv.get(`/api/v1/orgs?q=${'a'.repeat(200)}`)).status, 200);
});

test('bad percent-encoding or UTF-8 in the query is 400', async () => {
  assertProblem(await srv.get('/api/v1/orgs?q=%ZZ'), 400);
  assertProblem(await srv.get('/api/v1/orgs?q=%C3%28'), 400);
  assertProblem(await srv.get('/api/v1/orgs?q=%00'), 400);
});

test('expand=org adds {id,name} of the referenced org', async () => {
  const r = await srv.get('/api/v1/needs?limit=5&expand=org', admin);
  assert.equal(r.status, 200, r.text);
  for (const n of r.json.items) {
    assert.equal(n.org.id, n.org_id);
    assert.equal(typeof n.org.name, 'string');
  }
  const one = await srv.get(`/api/v1/needs/${r.json.items[0].id}?expand=org`, admin);
  assert.equal(one.status, 200);
  assert.equal(one.json.org.id, one.json.org_id);
  const plain = await srv.get('/api/v1/needs?limit=1', admin);
  assert.ok(!('org' in plain.json.items[0]));
  assertProblem(await srv.get('/api/v1/needs?expand=bogus'), 400);
  assertProblem(await srv.get('/api/v1/orgs?expand=org'), 400);
});

test('the total counts what the filter selects, not the page', async () => {
  const r = await srv.get('/api/v1/orgs?kind=company&limit=3', admin);
  const all = await srv.all('orgs', 'kind=company', admin);
  assert.equal(r.json.total, all.items.length);
  assert.equal(r.json.items.length, Math.min(3, all.items.length));
});

test('format=json is the list; an unknown format is 400', async () => {
  const r = await srv.get('/api/v1/orgs?format=json&limit=2');
  assert.equal(r.status, 200);
  assert.equal(r.json.items.length, 2);
  assertProblem(await srv.get('/api/v1/orgs?format=pdf'), 400);
});

test('a new need appears in its org filter and status filter', async () => {
  const n = await srv.post('/api/v1/needs', needBody(3, { fields: ['ai'] }), admin);
  assert.equal(n.status, 201, n.text);
  const r = await srv.all('needs', 'org_id=3&status=open&fields=ai', admin);
  assert.ok(r.items.some((x) => x.id === n.json.id));
});

test('cached answers follow commits made by another process on the same database', async () => {
  const first = await srv.get('/api/v1/orgs?kind=hospital&limit=3');
  const again = await srv.get('/api/v1/orgs/1');
  assert.equal(first.status, 200);
  assert.equal(again.status, 200);
  dbSql(srv.db, "UPDATE orgs SET name = name || ' (타 프로세스)' WHERE id = 1");
  // other processes' commits are seen within 20 ms: awaited, with a deadline
  const after = await until(async () => {
    const r = await srv.get('/api/v1/orgs/1');
    return /\(타 프로세스\)$/.test(r.json?.name) && r;
  }, 'the other process\'s commit to show');
  assert.match(after.json.name, /\(타 프로세스\)$/);
  const list = await srv.get('/api/v1/orgs?kind=hospital&limit=3');
  assert.ok(list.json.items.some((o) => o.id === 1 && o.name.endsWith('(타 프로세스)')));
});

test('?missing=a,b: rows where any of the fields is empty (no value, empty text, empty list), with totals and pages; bad names 400', async () => {
  const all = [];
  for (let cursor = null; ;) {
    const r = await srv.get(`/api/v1/orgs?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, admin);
    all.push(...r.json.items);
    if (!r.json.next_cursor) break;
    cursor = r.json.next_cursor;
  }
  const empty = (v) => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
  const want = all.filter((o) => empty(o.homepage) || empty(o.fields) || empty(o.employees)).map((o) => o.id).sort((a, b) => a - b);
  const { items: seen, total } = await walk('orgs', 'missing=homepage,fields,employees&sort=id', 50, admin);
  assert.deepEqual(seen.map((o) => o.id), want);
  assert.equal(total, want.length);
  assert.ok(want.length > 0, 'the demo has incomplete profiles');
  // a row made complete leaves the list; one without a homepage joins it
  const made = await srv.post('/api/v1/orgs', orgBody({ homepage: 'https://full.example', fields: ['ai'], employees: 12 }), admin);
  assert.equal(made.status, 201, made.text);
  const ids = async (q) => (await walk('orgs', q, 200, admin)).items.map((o) => o.id);
  assert.ok(!(await ids('missing=homepage,fields,employees')).includes(made.json.id));
  const bare = await srv.post('/api/v1/orgs', orgBody({ homepage: null, fields: [] }), admin);
  assert.ok((await ids('missing=fields')).includes(bare.json.id));
  assert.ok(!(await ids('missing=name')).length, 'a required field is never empty');
  // with other filters (AND), on any collection
  const needs = await srv.get('/api/v1/needs?missing=deadline&status=open&limit=200', admin);
  assert.ok(needs.json.items.every((n) => n.deadline === null && n.status === 'open'));
  for (const q of ['missing=nope', 'missing=', 'missing=name,,kind', 'missing=name&missing=kind']) {
    const r = await srv.get(`/api/v1/orgs?${q}`, admin);
    assertProblem(r, 400);
    assert.deepEqual(problemFields(r.json), ['missing'], q);
  }
  // personal fields are not asked about (people's e-mail)
  assertProblem(await srv.get('/api/v1/people?missing=email', admin), 400);
  assert.equal((await srv.get('/api/v1/people?missing=title', admin)).status, 200);
});
