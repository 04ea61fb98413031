// What the browser offers comes from the server (issue #11): the Allow header of a row's GET and
// of a list says what the caller may do, by the rules the writes enforce, and each verb it names
// works while each it leaves out is refused. Several values of a facet at once: OR inside a
// facet, AND across facets, a total to match.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, addUser, assertProblem, needBody, uniq } from './helpers.mjs';

let srv;
let op;
const PW = 'Password-2026';
let company; // an organisation of kind company
let other; // another organisation
const s = {}; // sessions by role

before(async () => {
  srv = await startServer();
  op = await srv.login();
  const { items: orgs } = await srv.all('orgs', '', op);
  company = orgs.find((o) => o.kind === 'company');
  other = orgs.find((o) => o.kind === 'company' && o.id !== company.id);
  const add = (role, org) => {
    const email = `${uniq(role)}@allow.test`;
    addUser(srv.db, { email, role, org, password: PW });
    return srv.login(email, PW);
  };
  s['org-admin'] = await add('org-admin', company.id);
  s['org-member'] = await add('org-member', company.id);
  s.trainee = await add('trainee', company.id);
});
after(async () => {
  if (srv) await srv.stop();
});

const allowOf = (r) => (r.headers.get('allow') ?? '').split(/,\s*/).filter(Boolean).sort().join(',');

test('a row says what its caller may do with it, and that is what the writes accept', async () => {
  const orgPath = `/api/v1/orgs/${company.id}`;
  const want = {
    anonymous: 'GET',
    trainee: 'GET',
    'org-member': 'GET,PATCH',
    'org-admin': 'GET,PATCH',
    operator: 'DELETE,GET,PATCH',
  };
  for (const [role, allow] of Object.entries(want)) {
    const session = role === 'operator' ? op : role === 'anonymous' ? undefined : s[role];
    const r = await srv.get(orgPath, session);
    assert.equal(r.status, 200, `${role} GET ${orgPath}: ${r.text}`);
    assert.equal(allowOf(r), allow, `${role}: Allow of its own organisation`);
  }
  // another organisation's profile: read only for its non-members
  const o = await srv.get(`/api/v1/orgs/${other.id}`, s['org-admin']);
  assert.equal(allowOf(o), 'GET');
  // PATCH offered, PATCH accepted (the profile page's 수정 of issue #11)
  const g = await srv.get(orgPath, s['org-admin']);
  const p = await srv.patch(orgPath, { description: '뇌질환 진단 소프트웨어' }, s['org-admin'], g.headers.get('etag'));
  assert.equal(p.status, 200, p.text);
  assert.equal(p.json.description, '뇌질환 진단 소프트웨어');
  // DELETE not offered to the member: refused with the reason (before: 409 from its references)
  const d = await srv.req(orgPath, { method: 'DELETE', session: s['org-admin'] });
  assertProblem(d, 403);
  assert.equal(d.json.detail_ko, '기관 삭제는 운영자에게 요청하세요');
  // a need of the company: its members change and delete it, others read it
  const n = await srv.post('/api/v1/needs', needBody(company.id, { visibility: 'public' }), s['org-member']);
  assert.equal(n.status, 201, n.text);
  const needPath = `/api/v1/needs/${n.json.id}`;
  assert.equal(allowOf(await srv.get(needPath, s['org-member'])), 'DELETE,GET,PATCH');
  assert.equal(allowOf(await srv.get(needPath, s.trainee)), 'GET');
  assert.equal(allowOf(await srv.get(needPath)), 'GET');
  const outsider = await (async () => {
    const email = `${uniq('m')}@allow.test`;
    addUser(srv.db, { email, role: 'org-member', org: other.id, password: PW });
    return srv.login(email, PW);
  })();
  assert.equal(allowOf(await srv.get(needPath, outsider)), 'GET');
  const refused = await srv.req(needPath, { method: 'DELETE', session: outsider });
  assertProblem(refused, 403);
  const gone = await srv.req(needPath, { method: 'DELETE', session: s['org-member'] });
  assert.equal(gone.status, 204, gone.text);
});

test('a list says whether its caller may add to it', async () => {
  const cases = [
    ['orgs', undefined, 'GET'],
    ['orgs', 'org-admin', 'GET'],
    ['orgs', 'operator', 'GET,POST'],
    ['needs', 'org-member', 'GET,POST'],
    ['needs', 'trainee', 'GET'],
    ['needs', undefined, 'GET'],
  ];
  for (const [c, role, allow] of cases) {
    const session = role === 'operator' ? op : role ? s[role] : undefined;
    // twice: the second answer comes from the cache and says the same
    for (let i = 0; i < 2; i++) {
      const r = await srv.get(`/api/v1/${c}?limit=1`, session);
      assert.equal(r.status, 200, r.text);
      assert.equal(allowOf(r), allow, `${role ?? 'anonymous'} GET /api/v1/${c} (${i ? 'cached' : 'first'})`);
    }
  }
});

test('several values of a facet: any of them; facets together: all of them', async () => {
  const { items: all } = await srv.all('orgs', '', op);
  const kinds = [...new Set(all.map((o) => o.kind))].sort();
  assert.ok(kinds.length >= 3, `kinds: ${kinds}`);
  const two = kinds.slice(0, 2);
  const r = await srv.get(`/api/v1/orgs?limit=200&kind=${two.join(',')}`, op);
  assert.equal(r.status, 200, r.text);
  const want = all.filter((o) => two.includes(o.kind)).map((o) => o.id).sort((a, b) => a - b);
  assert.deepEqual(r.json.items.map((o) => o.id).sort((a, b) => a - b), want);
  assert.equal(r.json.total, want.length);
  // AND across facets: tenants among them
  const t = await srv.get(`/api/v1/orgs?limit=200&kind=${two.join(',')}&is_tenant=true`, op);
  const wantT = all.filter((o) => two.includes(o.kind) && o.is_tenant).map((o) => o.id).sort((a, b) => a - b);
  assert.deepEqual(t.json.items.map((o) => o.id).sort((a, b) => a - b), wantT);
  assert.equal(t.json.total, wantT.length);
  // tags: a row with any of the fields
  const tagged = all.filter((o) => Array.isArray(o.fields) && o.fields.length);
  const f1 = tagged[0].fields[0];
  const f2 = tagged.find((o) => !o.fields.includes(f1))?.fields[0];
  assert.ok(f2, 'two different fields in the demo');
  const tf = await srv.get(`/api/v1/orgs?limit=200&fields=${f1},${f2}`, op);
  const wantF = all.filter((o) => (o.fields ?? []).includes(f1) || (o.fields ?? []).includes(f2)).map((o) => o.id).sort((a, b) => a - b);
  assert.deepEqual(tf.json.items.map((o) => o.id).sort((a, b) => a - b), wantF);
  // a bad value among several names the parameter; nothing else is listed
  const bad = await srv.get('/api/v1/orgs?kind=company,nope', op);
  assertProblem(bad, 400);
  assert.equal(bad.json.errors[0].field, 'kind');
  const empty = await srv.get('/api/v1/orgs?kind=company,', op);
  assertProblem(empty, 400);
  // the same facet twice is still a repeated filter
  const twice = await srv.get('/api/v1/orgs?kind=company&kind=hospital', op);
  assertProblem(twice, 400);
  // an export takes the same query
  const csv = await srv.get(`/api/v1/orgs?format=csv&kind=${two.join(',')}`, op);
  assert.equal(csv.status, 200);
  assert.equal(csv.text.trim().split('\n').length - 1, want.length);
});

test('numbered pages: ?page=N is the Nth page of the same order, with the total', async () => {
  const { items: all } = await srv.all('orgs', 'sort=name', op);
  const size = 7;
  const pages = Math.ceil(all.length / size);
  assert.ok(pages >= 2, `${all.length} organisations`);
  for (let n = 1; n <= pages; n++) {
    const r = await srv.get(`/api/v1/orgs?sort=name&limit=${size}&page=${n}`, op);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json.items.map((o) => o.id), all.slice((n - 1) * size, n * size).map((o) => o.id), `page ${n}`);
    assert.equal(r.json.total, all.length);
    assert.equal(r.json.next_cursor === null, n === pages, `page ${n}: next_cursor`);
  }
  // past the end: empty, the total still said
  const past = await srv.get(`/api/v1/orgs?limit=${size}&page=${pages + 1}`, op);
  assert.equal(past.status, 200);
  assert.deepEqual(past.json.items, []);
  assert.equal(past.json.total, all.length);
  for (const bad of ['page=0', 'page=x', 'page=10001', 'page=1&page=2']) {
    const r = await srv.get(`/api/v1/orgs?${bad}`, op);
    assertProblem(r, 400);
    assert.equal(r.json.errors[0].field, 'page', bad);
  }
  const first = await srv.get(`/api/v1/orgs?limit=2`, op);
  const both = await srv.get(`/api/v1/orgs?limit=2&page=2&cursor=${encodeURIComponent(first.json.next_cursor)}`, op);
  assertProblem(both, 400);
  assert.equal(both.json.errors[0].field, 'page');
});
