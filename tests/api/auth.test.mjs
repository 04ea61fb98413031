// Sessions, CSRF, who may read what (anonymous, member, operator).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { startServer, assertProblem, assertInvalid, orgBody, needBody, ADMIN, until, dbSql, ON_PG } from './helpers.mjs';

let srv;
let admin;
const MEMBER = { email: 'member@bpmc.test', role: 'org-member', org: 101 };
const STAFF = { email: 'staff@bpmc.test', role: 'operator-staff' };

before(async () => {
  srv = await startServer();
  srv.addUser({ email: MEMBER.email, name: '회원', role: MEMBER.role, org: MEMBER.org });
  srv.addUser({ email: STAFF.email, name: '직원', role: STAFF.role });
  admin = await srv.login();
});
after(async () => {
  if (srv) await srv.stop();
});

test('GET /api/v1/session without a cookie is 401 problem+json', async () => {
  assertProblem(await srv.get('/api/v1/session'), 401);
});

test('login sets an HttpOnly SameSite=Lax bpmc_session cookie and returns csrf_token and user', async () => {
  const r = await srv.post('/api/v1/session', { email: ADMIN.email, password: ADMIN.password });
  assert.equal(r.status, 200, r.text);
  const sc = r.headers.get('set-cookie');
  assert.match(sc, /^bpmc_session=[^;]+/);
  assert.match(sc, /HttpOnly/i);
  assert.match(sc, /SameSite=Lax/i);
  assert.match(sc, /Path=\//);
  assert.equal(typeof r.json.csrf_token, 'string');
  assert.ok(r.json.csrf_token.length >= 16, 'csrf token too short');
  assert.equal(r.json.user.email, ADMIN.email);
  assert.equal(r.json.user.role, 'operator-admin');
  assert.equal(r.json.user.name, ADMIN.name);
  assert.ok(Number.isInteger(r.json.user.id));
  assert.ok(!JSON.stringify(r.json).includes('password'), 'login answer mentions a password');
  assert.match(r.headers.get('cache-control') || '', /no-store/);
});

test('GET /api/v1/session with the cookie returns the current user', async () => {
  const r = await srv.get('/api/v1/session', admin);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.user.email, ADMIN.email);
  assert.equal(r.json.user.role, 'operator-admin');
});

test('wrong password and unknown e-mail are both 401, with the same message', async () => {
  const a = await srv.post('/api/v1/session', { email: ADMIN.email, password: 'Wrong-password-1' });
  const b = await srv.post('/api/v1/session', { email: 'nobody@bpmc.test', password: 'Wrong-password-1' });
  const pa = assertProblem(a, 401);
  const pb = assertProblem(b, 401);
  assert.equal(pa.detail, pb.detail, 'the answers tell which e-mails exist');
  assert.equal(a.headers.get('set-cookie'), null);
});

test('login without e-mail or password is 422 naming both', async () => {
  assertInvalid(await srv.post('/api/v1/session', {}), ['email', 'password']);
  assertInvalid(await srv.post('/api/v1/session', { email: ADMIN.email }), ['password']);
  assertInvalid(await srv.post('/api/v1/session', { email: 123, password: ADMIN.password }), ['email']);
});

test('login with malformed JSON is 400, with a wrong Content-Type 415', async () => {
  assertProblem(await srv.req('/api/v1/session', { method: 'POST', body: '{"email":', headers: { 'content-type': 'application/json' } }), 400);
  assertProblem(await srv.req('/api/v1/session', { method: 'POST', body: `email=${ADMIN.email}&password=${ADMIN.password}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 415);
});

test('every login gets a new session token (no fixation) and both stay valid', async () => {
  const a = await srv.login();
  const b = await srv.login();
  assert.notEqual(a.cookie, b.cookie);
  assert.notEqual(a.csrf, b.csrf);
  assert.equal((await srv.get('/api/v1/session', a)).status, 200);
  assert.equal((await srv.get('/api/v1/session', b)).status, 200);
});

test('a made-up cookie is anonymous', async () => {
  const fake = { cookie: 'bpmc_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', csrf: 'x' };
  assertProblem(await srv.get('/api/v1/session', fake), 401);
  assertProblem(await srv.post('/api/v1/orgs', orgBody(), fake), 401);
});

test('writes without a session are 401 and change nothing', async () => {
  const before = await srv.total('orgs', admin);
  assertProblem(await srv.post('/api/v1/orgs', orgBody()), 401);
  assertProblem(await srv.patch('/api/v1/orgs/1', { name: 'x' }, undefined, '"1"'), 401);
  assertProblem(await srv.del('/api/v1/orgs/1'), 401);
  assert.equal(await srv.total('orgs', admin), before);
  const one = await srv.get('/api/v1/orgs/1', admin);
  assert.equal(one.status, 200);
});

test('an unknown Bearer token is 401', async () => {
  const r = await srv.req('/api/v1/orgs', { method: 'POST', json: orgBody(), headers: { authorization: 'Bearer not-a-real-token' } });
  assertProblem(r, 401);
});

test('POST with the cookie but no X-CSRF-Token is 403 and creates nothing', async () => {
  const before = await srv.total('orgs', admin);
  const body = orgBody();
  const r = await srv.post('/api/v1/orgs', body, admin, { csrf: false });
  assertProblem(r, 403);
  assert.equal(await srv.total('orgs', admin), before);
  const q = await srv.get(`/api/v1/orgs?q=${encodeURIComponent(body.name)}`, admin);
  assert.equal(q.json.total, 0);
});

test('POST with a wrong X-CSRF-Token is 403', async () => {
  const before = await srv.total('orgs', admin);
  assertProblem(await srv.post('/api/v1/orgs', orgBody(), admin, { csrf: admin.csrf.slice(0, -1) + (admin.csrf.endsWith('A') ? 'B' : 'A') }), 403);
  assertProblem(await srv.post('/api/v1/orgs', orgBody(), admin, { csrf: '' }), 403);
  const other = await srv.login();
  assertProblem(await srv.post('/api/v1/orgs', orgBody(), admin, { csrf: other.csrf }), 403, 'csrf token of another session');
  assert.equal(await srv.total('orgs', admin), before);
});

test('PATCH and DELETE without X-CSRF-Token are 403 and change nothing', async () => {
  const created = await srv.post('/api/v1/orgs', orgBody(), admin);
  assert.equal(created.status, 201, created.text);
  const loc = created.headers.get('location');
  const etag = created.headers.get('etag');
  assertProblem(await srv.patch(loc, { name: '바뀐 이름' }, admin, etag, { csrf: false }), 403);
  assertProblem(await srv.del(loc, admin, { csrf: false }), 403);
  const after = await srv.get(loc, admin);
  assert.equal(after.status, 200);
  assert.equal(after.json.name, created.json.name);
  assert.equal(after.headers.get('etag'), etag);
});

test('POST with the cookie and the right X-CSRF-Token is 201', async () => {
  const r = await srv.post('/api/v1/orgs', orgBody(), admin);
  assert.equal(r.status, 201, r.text);
});

test('logout (DELETE /api/v1/session) is 204 and ends the session', async () => {
  const s = await srv.login();
  assert.equal((await srv.get('/api/v1/session', s)).status, 200);
  const r = await srv.del('/api/v1/session', s);
  assert.equal(r.status, 204, r.text);
  const sc = r.headers.get('set-cookie');
  if (sc) assert.match(sc, /bpmc_session=;|Max-Age=0|Expires=/i, `logout cookie: ${sc}`);
  assertProblem(await srv.get('/api/v1/session', s), 401);
  assertProblem(await srv.post('/api/v1/orgs', orgBody(), s), 401);
  // other sessions of the same user survive
  assert.equal((await srv.get('/api/v1/session', admin)).status, 200);
});

test('logout without a session is 401', async () => {
  assertProblem(await srv.del('/api/v1/session'), 401);
});

test('users and audit: anonymous 401, non-operator 403 (a row 404), operators 200', async () => {
  const member = await srv.login(MEMBER.email);
  const staff = await srv.login(STAFF.email);
  for (const c of ['users', 'audit']) {
    assertProblem(await srv.get(`/api/v1/${c}`), 401, `anonymous ${c}`);
    assertProblem(await srv.get(`/api/v1/${c}`, member), 403, `member ${c}`);
    const a = await srv.get(`/api/v1/${c}`, admin);
    assert.equal(a.status, 200, `admin ${c}: ${a.text}`);
    const s = await srv.get(`/api/v1/${c}`, staff);
    assert.equal(s.status, 200, `staff ${c}: ${s.text}`);
  }
  assertProblem(await srv.get('/api/v1/users/1'), 401, 'anonymous users/1');
  // a row of it: absent or invisible to a member (404), never refused with its shape
  assertProblem(await srv.get('/api/v1/users/1', member), 404, 'member users/1');
  assertProblem(await srv.get('/api/v1/users?format=csv'), 401, 'anonymous users csv');
  assertProblem(await srv.get('/api/v1/audit?format=csv', member), 403, 'member audit csv');
});

test('users list never shows password hashes', async () => {
  const r = await srv.get('/api/v1/users?limit=200', admin);
  assert.equal(r.status, 200);
  assert.ok(r.json.items.length >= 3);
  const emails = r.json.items.map((u) => u.email);
  assert.ok(emails.includes(ADMIN.email));
  assert.ok(!/password|argon2/i.test(r.text), 'users list leaks password data');
});

test('the audit log is read-only even for operators', async () => {
  const a = await srv.get('/api/v1/audit?limit=1', admin);
  const auditTotal = a.json.total;
  const id = a.json.items[0].id;
  const r3 = await srv.del(`/api/v1/audit/${id}`, admin);
  assert.ok([403, 405].includes(r3.status), `DELETE /audit/${id}: ${r3.status} ${r3.text}`);
  const r4 = await srv.post('/api/v1/audit', { action: 'create', collection: 'orgs', row_id: 1 }, admin);
  assert.ok([403, 405].includes(r4.status), `POST /audit: ${r4.status} ${r4.text}`);
  const again = await srv.get(`/api/v1/audit/${id}`, admin);
  assert.equal(again.status, 200);
  assert.ok((await srv.total('audit', admin)) >= auditTotal);
});

test('anonymous callers see only public rows; operators see all', async () => {
  for (const c of ['orgs', 'people', 'capabilities', 'needs']) {
    const anon = await srv.all(c, '', undefined);
    const op = await srv.all(c, '', admin);
    assert.ok(anon.items.length > 0, `${c}: no public rows`);
    for (const row of anon.items) assert.equal(row.visibility, 'public', `${c}/${row.id} shown to anonymous with visibility ${row.visibility}`);
    assert.equal(anon.items.length, anon.total, `${c}: anonymous total`);
    const hidden = op.items.filter((x) => x.visibility !== 'public');
    assert.ok(hidden.length > 0, `${c}: the demo has non-public rows`);
    assert.equal(op.total, anon.total + hidden.length, `${c}: operator total`);
    // a non-public row is 404 to anonymous callers, even by id
    const h = hidden[0];
    assertProblem(await srv.get(`/api/v1/${c}/${h.id}`), 404, `anonymous GET ${c}/${h.id}`);
    assert.equal((await srv.get(`/api/v1/${c}/${h.id}`, admin)).status, 200);
    // filtering for it does not help
    const f = await srv.get(`/api/v1/${c}?visibility=${h.visibility}`);
    assert.equal(f.status, 200);
    assert.equal(f.json.total, 0, `${c}?visibility=${h.visibility} anonymous`);
    assert.equal(f.json.items.length, 0);
  }
});

test('anonymous search does not reveal non-public rows', async () => {
  const op = await srv.all('orgs', 'visibility=cluster', admin);
  assert.ok(op.items.length > 0);
  for (const o of op.items.slice(0, 5)) {
    const r = await srv.get(`/api/v1/orgs?q=${encodeURIComponent(o.name)}`);
    assert.equal(r.status, 200);
    assert.ok(!r.json.items.some((x) => x.id === o.id), `cluster org ${o.id} found by anonymous q`);
  }
});

test("people's email and phone are hidden from anonymous callers, shown to signed-in ones", async () => {
  const anon = await srv.all('people', '', undefined);
  for (const p of anon.items) {
    assert.ok(!('email' in p) || p.email === null, `people/${p.id} email shown to anonymous`);
    assert.ok(!('phone' in p) || p.phone === null, `people/${p.id} phone shown to anonymous`);
  }
  assert.ok(!/@demo\.invalid/.test(JSON.stringify(anon.items)), 'an e-mail address appears in the anonymous list');
  const op = await srv.all('people', '', admin);
  const withEmail = op.items.filter((p) => p.email);
  assert.ok(withEmail.length > 0, 'operator sees e-mails');
  const pub = withEmail.find((p) => p.visibility === 'public');
  assert.ok(pub, 'a public person with an e-mail');
  const one = await srv.get(`/api/v1/people/${pub.id}`);
  assert.equal(one.status, 200);
  assert.ok(!('email' in one.json) || one.json.email === null, 'email shown on GET /people/{id}');
  assert.ok(!('phone' in one.json) || one.json.phone === null, 'phone shown on GET /people/{id}');
  const csv = await srv.get('/api/v1/people?format=csv');
  assert.equal(csv.status, 200);
  assert.ok(!csv.text.includes(pub.email), 'email in the anonymous CSV export');
  const q = await srv.get(`/api/v1/people?q=${encodeURIComponent(pub.email)}`);
  assert.equal(q.json.total, 0, 'anonymous q finds people by their e-mail');
});

test('expand=org does not reveal a non-public org to anonymous callers', async () => {
  const needs = await srv.all('needs', 'expand=org', undefined);
  const orgsOp = await srv.all('orgs', '', admin);
  const vis = new Map(orgsOp.items.map((o) => [o.id, o.visibility]));
  for (const n of needs.items) {
    if (vis.get(n.org_id) !== 'public') assert.ok(n.org === null || n.org === undefined, `needs/${n.id} expands cluster org ${n.org_id}: ${JSON.stringify(n.org)}`);
    else assert.equal(n.org.id, n.org_id);
  }
});

test('a member signed in sees rows anonymous callers do not', async () => {
  const member = await srv.login(MEMBER.email);
  const anon = await srv.total('orgs');
  const mem = await srv.total('orgs', member);
  assert.ok(mem >= anon);
  // the member can write (the CSRF rules apply to every signed-in user)
  assertProblem(await srv.post('/api/v1/needs', needBody(MEMBER.org), member, { csrf: false }), 403);
});

// Organisation-scoped writes: members act for their own organisation only.
test('a member creates and changes its own organisation\'s rows, not others\' (422/403), and nothing else changes', async () => {
  const member = await srv.login(MEMBER.email);
  const op = await srv.login();
  const before = await srv.get('/api/v1/orgs/1', op);
  // its own organisation's need: created, org_id filled in when absent
  const body = needBody(101);
  delete body.org_id;
  const mine = await srv.post('/api/v1/needs', body, member);
  assert.equal(mine.status, 201, mine.text);
  assert.equal(mine.json.org_id, MEMBER.org);
  const p = await srv.patch(`/api/v1/needs/${mine.json.id}`, { title: '우리 기관 수요 수정' }, member, mine.headers.get('etag'));
  assert.equal(p.status, 200, p.text);
  // for another organisation: refused, naming the field; moving its own row away too
  assertInvalid(await srv.post('/api/v1/needs', needBody(102), member), ['org_id']);
  assertInvalid(await srv.patch(`/api/v1/needs/${mine.json.id}`, { org_id: 102 }, member, p.headers.get('etag')), ['org_id']);
  // rows of other organisations: 403
  assertProblem(await srv.patch('/api/v1/orgs/1', { name: 'hijacked' }, member, before.headers.get('etag')), 403);
  assertProblem(await srv.req('/api/v1/orgs/1', { method: 'DELETE', session: member }), 403);
  const other = await srv.post('/api/v1/needs', needBody(102, { visibility: 'public' }), op);
  assert.equal(other.status, 201, other.text);
  assertProblem(await srv.patch(`/api/v1/needs/${other.json.id}`, { title: 'x' }, member, other.headers.get('etag')), 403);
  assertProblem(await srv.req(`/api/v1/needs/${other.json.id}`, { method: 'DELETE', session: member }), 403);
  // fields only operators set (no mass assignment), and what only operators create
  const own = await srv.get(`/api/v1/orgs/${MEMBER.org}`, member);
  assertInvalid(await srv.patch(`/api/v1/orgs/${MEMBER.org}`, { is_tenant: true, is_anchor: true }, member, own.headers.get('etag')), ['is_tenant', 'is_anchor']);
  const renamed = await srv.patch(`/api/v1/orgs/${MEMBER.org}`, { employees: 42 }, member, own.headers.get('etag'));
  assert.equal(renamed.status, 200, renamed.text);
  assertProblem(await srv.post('/api/v1/orgs', orgBody(), member), 403);
  assertProblem(await srv.post('/api/v1/tags', { slug: 'new-tag', name_ko: '새', name_en: 'New' }, member), 403);
  const after = await srv.get('/api/v1/orgs/1', op);
  assert.equal(after.json.name, before.json.name);
  assert.equal(after.headers.get('etag'), before.headers.get('etag'));
});

test('trainees and members without an organisation may not write', async () => {
  srv.addUser({ email: 'trainee@bpmc.test', name: '교육생', role: 'trainee', org: 101 });
  srv.addUser({ email: 'loner@bpmc.test', name: '무소속', role: 'org-member' });
  for (const email of ['trainee@bpmc.test', 'loner@bpmc.test']) {
    const s = await srv.login(email);
    assertProblem(await srv.post('/api/v1/needs', needBody(101), s), 403);
  }
});

test('private rows of other organisations are invisible to a member; its own are visible', async () => {
  const member = await srv.login(MEMBER.email);
  const op = await srv.login();
  const all = await srv.get('/api/v1/people?visibility=private&limit=200', op);
  assert.ok(all.json.total > 0, 'demo has private people');
  const mine = await srv.get('/api/v1/people?visibility=private&limit=200', member);
  for (const p of mine.json.items) assert.equal(p.org_id, MEMBER.org, `private person ${p.id} of org ${p.org_id} leaked`);
  assert.equal(mine.json.total, mine.json.items.length);
  const other = all.json.items.find((p) => p.org_id !== MEMBER.org);
  assert.ok(other, JSON.stringify(all.json.items.slice(0, 3)));
  assertProblem(await srv.get(`/api/v1/people/${other.id}`, member), 404, JSON.stringify(other));
});

test("people's e-mail and phone are shown to a member only for its own organisation or public people", async () => {
  const member = await srv.login(MEMBER.email);
  const op = await srv.login();
  const r = await srv.get('/api/v1/people?limit=200', member);
  for (const p of r.json.items) {
    if (p.org_id !== MEMBER.org && p.visibility !== 'public') {
      assert.equal(p.email ?? null, null, `email of person ${p.id} leaked`);
      assert.equal(p.phone ?? null, null, `phone of person ${p.id} leaked`);
    }
  }
});

test('PATCH /api/v1/session remembers the user\'s language; bad values are 422; it needs CSRF', async () => {
  const s = await srv.login();
  const r0 = await srv.get('/api/v1/session', s);
  assert.equal(r0.json.user.lang, 'ko');
  const r1 = await srv.req('/api/v1/session', { method: 'PATCH', json: { lang: 'en' }, session: s });
  assert.equal(r1.status, 200, r1.text);
  assert.equal(r1.json.user.lang, 'en');
  const again = await srv.login();
  assert.equal(again.user.lang, 'en', 'a new login carries the choice');
  assertInvalid(await srv.req('/api/v1/session', { method: 'PATCH', json: { lang: 'fr' }, session: s }), ['lang']);
  assertInvalid(await srv.req('/api/v1/session', { method: 'PATCH', json: { role: 'operator-admin' }, session: s }), ['role']);
  assertProblem(await srv.req('/api/v1/session', { method: 'PATCH', json: { lang: 'ko' }, session: s, csrf: false }), 403);
  assertProblem(await srv.req('/api/v1/session', { method: 'PATCH', json: { lang: 'ko' } }), 401);
  const back = await srv.req('/api/v1/session', { method: 'PATCH', json: { lang: 'ko' }, session: s });
  assert.equal(back.json.user.lang, 'ko');
});

test('a CSRF token of another session is refused (403) and changes nothing', async () => {
  const mine = await srv.login();
  const theirs = await srv.login();
  const before = await srv.total('needs', mine);
  const r = await srv.post('/api/v1/needs', needBody(101), { cookie: mine.cookie, csrf: theirs.csrf });
  assertProblem(r, 403);
  assert.equal(await srv.total('needs', mine), before);
});

test('sessions end after the idle and the absolute timeout', async () => {
  const idle = await srv.login();
  const old = await srv.login();
  assert.equal((await srv.get('/api/v1/session', idle)).status, 200);
  const hash = (c) => createHash('sha256').update(c.cookie.replace('bpmc_session=', '')).digest('hex');
  const now = ON_PG ? 'extract(epoch FROM now())::bigint' : "strftime('%s','now')";
  dbSql(srv.db, `UPDATE sessions SET last_seen = last_seen - 31*60 WHERE token_hash='${hash(idle)}';
    UPDATE sessions SET expires_at = ${now} - 1 WHERE token_hash='${hash(old)}';`);
  // another process's commit reaches each loop's cache within its poll: awaited, with a
  // deadline, until both sessions are refused in one round (a later request may meet the other
  // loop, so the answers asserted are those of that round)
  let answers;
  await until(async () => {
    answers = [await srv.get('/api/v1/session', idle), await srv.get('/api/v1/session', old)];
    return answers.every((r) => r.status === 401);
  }, 'the idle and the expired session to end');
  assertProblem(answers[0], 401);
  assertProblem(answers[1], 401);
});

test('a member cannot raise its own role: users are operator-admins\' to change', async () => {
  srv.addUser({ email: 'climber@bpmc.test', role: 'org-member', org: 101 });
  const s = await srv.login('climber@bpmc.test');
  // the users collection is the operators': even one's own row is not there for a member (404);
  // one's own account is /api/v1/session
  assertProblem(await srv.get(`/api/v1/users/${s.user.id}`, s), 404);
  assertProblem(await srv.patch(`/api/v1/users/${s.user.id}`, { role: 'operator-admin' }, s, '"1"'), 404);
  assertProblem(await srv.req(`/api/v1/orgs/101/members/${s.user.id}`, { method: 'PATCH', json: { role: 'org-admin' }, session: s }), 403);
  assertInvalid(await srv.req('/api/v1/session', { method: 'PATCH', json: { role: 'operator-admin' }, session: s }), ['role']);
  const me = await srv.get('/api/v1/session', s);
  assert.equal(me.json.user.role, 'org-member');
});
