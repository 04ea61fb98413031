// Create, read, update, delete; ETag/If-Match; Idempotency-Key; status transitions; audit rows.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertProblem, assertInvalid, orgBody, needBody, uniq } from './helpers.mjs';

let srv;
let admin;
before(async () => {
  srv = await startServer();
  admin = await srv.login();
});
after(async () => {
  if (srv) await srv.stop();
});

async function auditOf(collection, rowId) {
  const r = await srv.get(`/api/v1/audit?collection=${collection}&row_id=${rowId}&sort=id&limit=200`, admin);
  assert.equal(r.status, 200, r.text);
  return r.json.items;
}

async function createNeed(extra = {}) {
  const r = await srv.post('/api/v1/needs', needBody(1, extra), admin);
  assert.equal(r.status, 201, r.text);
  return r;
}

test('POST /orgs: 201, Location, ETag "1", the stored row in the body', async () => {
  const body = orgBody({
    name_en: 'Test Org', fields: ['ai', 'oncology'], is_tenant: true, stage: 'rnd', brn: '220-81-62517',
    address: '경기도 고양시', homepage: 'https://example.kr/a?b=c', phone: '031-8075-3570', email: 'info@example.kr',
    employees: 12, founded: '2020-02-29', description: '소개 글입니다.\n두 번째 줄', visibility: 'cluster',
  });
  const r = await srv.post('/api/v1/orgs', body, admin);
  assert.equal(r.status, 201, r.text);
  const id = r.json.id;
  assert.ok(Number.isInteger(id) && id > 0);
  assert.equal(r.headers.get('location'), `/api/v1/orgs/${id}`);
  assert.equal(r.headers.get('etag'), '"1"');
  assert.equal(r.json.version, 1);
  for (const k of ['name', 'name_en', 'kind', 'is_tenant', 'stage', 'address', 'homepage', 'email', 'employees', 'founded', 'description', 'visibility']) {
    assert.deepEqual(r.json[k], body[k], `field ${k}`);
  }
  assert.deepEqual(r.json.fields, ['ai', 'oncology']);
  assert.equal(r.json.is_anchor, false);
  assert.ok(r.json.brn.replace(/-/g, '') === '2208162517', `brn ${r.json.brn}`);
  assert.ok(r.json.phone.replace(/\D/g, '') === '03180753570', `phone ${r.json.phone}`);
  assert.ok(r.json.created_at && r.json.updated_at);
  const g = await srv.get(r.headers.get('location'), admin);
  assert.equal(g.status, 200);
  assert.equal(g.headers.get('etag'), '"1"');
  assert.deepEqual(g.json, r.json);
  // a cluster org is invisible to anonymous callers
  assertProblem(await srv.get(`/api/v1/orgs/${id}`), 404);
});

test('POST creates rows in every writable collection', async () => {
  const tagSlug = uniq('tag').toLowerCase();
  const tag = await srv.post('/api/v1/tags', { slug: tagSlug, name_ko: '시험 분야', name_en: 'Test field' }, admin);
  assert.equal(tag.status, 201, tag.text);
  const org = await srv.post('/api/v1/orgs', orgBody({ fields: [tagSlug] }), admin);
  assert.equal(org.status, 201, org.text);
  const person = await srv.post('/api/v1/people', { org_id: org.json.id, name: '홍길동', email: 'hong@example.kr', phone: '010-1234-5678' }, admin);
  assert.equal(person.status, 201, person.text);
  const cap = await srv.post('/api/v1/capabilities', { org_id: org.json.id, title: '장비 공동활용', kind: 'equipment', contact_id: person.json.id }, admin);
  assert.equal(cap.status, 201, cap.text);
  assert.equal(cap.json.status, 'active', 'a capability starts active');
  const need = await srv.post('/api/v1/needs', needBody(org.json.id, { fields: [tagSlug], deadline: '2027-01-31', budget_min: 0, budget_max: 1000000000000 }), admin);
  assert.equal(need.status, 201, need.text);
  assert.equal(need.json.status, 'open', 'a need starts open');
  for (const r of [tag, org, person, cap, need]) {
    const g = await srv.get(r.headers.get('location'), admin);
    assert.equal(g.status, 200);
    assert.deepEqual(g.json, r.json);
  }
});

test('tag synonyms are free words, as in the demo data (not tag slugs)', async () => {
  const slug = uniq('syn').toLowerCase();
  const r = await srv.post('/api/v1/tags', { slug, name_ko: '유전체', name_en: 'Genomics test', synonyms: ['유전체학', 'genome sequencing'] }, admin);
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(r.json.synonyms, ['유전체학', 'genome sequencing']);
  // a GET -> PATCH round trip of a demo tag with its own synonyms must succeed
  const ai = (await srv.get('/api/v1/tags?slug=ai', admin)).json.items[0];
  const g = await srv.get(`/api/v1/tags/${ai.id}`, admin);
  const p = await srv.patch(`/api/v1/tags/${ai.id}`, { synonyms: g.json.synonyms }, admin, g.headers.get('etag'));
  assert.equal(p.status, 200, p.text);
});

test('GET of an unknown id is 404; of a non-numeric id 404', async () => {
  assertProblem(await srv.get('/api/v1/orgs/999999999', admin), 404);
  assertProblem(await srv.get('/api/v1/orgs/0', admin), 404);
  assertProblem(await srv.get('/api/v1/orgs/abc', admin), 404);
  assertProblem(await srv.get('/api/v1/orgs/-1', admin), 404);
  assertProblem(await srv.get('/api/v1/orgs/99999999999999999999999', admin), 404);
});

test('PATCH without If-Match is 428 and changes nothing', async () => {
  const c = await srv.post('/api/v1/orgs', orgBody(), admin);
  const r = await srv.patch(c.headers.get('location'), { name: '바뀐 이름' }, admin);
  assertProblem(r, 428);
  const g = await srv.get(c.headers.get('location'), admin);
  assert.equal(g.json.name, c.json.name);
  assert.equal(g.headers.get('etag'), '"1"');
});

test('PATCH with the current ETag is 200 with a new ETag; the old one is then 412', async () => {
  const c = await srv.post('/api/v1/orgs', orgBody({ employees: 5 }), admin);
  const loc = c.headers.get('location');
  const r = await srv.patch(loc, { name: '새 이름', employees: 6 }, admin, c.headers.get('etag'));
  assert.equal(r.status, 200, r.text);
  assert.equal(r.headers.get('etag'), '"2"');
  assert.equal(r.json.name, '새 이름');
  assert.equal(r.json.employees, 6);
  assert.equal(r.json.version, 2);
  assert.equal(r.json.kind, c.json.kind, 'fields not in the PATCH keep their value');
  assert.equal(r.json.created_at, c.json.created_at);
  const g = await srv.get(loc, admin);
  assert.equal(g.headers.get('etag'), '"2"');
  assert.equal(g.json.name, '새 이름');
  const audit = await auditOf('orgs', c.json.id);
  assert.deepEqual(audit.map((a) => a.action), ['create', 'update']);
  assert.equal(JSON.parse(audit[1].before).employees, 5);
  assert.equal(JSON.parse(audit[1].after).employees, 6);
  const stale = await srv.patch(loc, { name: '잃어버린 수정' }, admin, c.headers.get('etag'));
  assertProblem(stale, 412);
  const g2 = await srv.get(loc, admin);
  assert.equal(g2.json.name, '새 이름', 'a stale PATCH must not be applied (lost update)');
  assert.equal(g2.headers.get('etag'), '"2"');
});

test('PATCH with a made-up ETag is 412', async () => {
  const c = await srv.post('/api/v1/orgs', orgBody(), admin);
  for (const etag of ['"999"', '"0"', 'garbage', '*', '""']) {
    const r = await srv.patch(c.headers.get('location'), { name: 'x' }, admin, etag);
    assert.ok(r.status === 412, `If-Match ${etag}: ${r.status} ${r.text}`);
  }
  assert.equal((await srv.get(c.headers.get('location'), admin)).json.name, c.json.name);
});

test('two concurrent PATCHes with the same ETag: exactly one wins', async () => {
  const c = await srv.post('/api/v1/orgs', orgBody(), admin);
  const loc = c.headers.get('location');
  const etag = c.headers.get('etag');
  const rs = await Promise.all([1, 2, 3, 4].map((i) => srv.patch(loc, { name: `동시 수정 ${i}` }, admin, etag)));
  const ok = rs.filter((r) => r.status === 200);
  const stale = rs.filter((r) => r.status === 412);
  assert.equal(ok.length, 1, rs.map((r) => r.status).join(','));
  assert.equal(stale.length, 3);
  const g = await srv.get(loc, admin);
  assert.equal(g.json.name, ok[0].json.name);
  assert.equal(g.headers.get('etag'), '"2"');
});

test('PATCH of an unknown id is 404', async () => {
  assertProblem(await srv.patch('/api/v1/orgs/999999999', { name: 'x' }, admin, '"1"'), 404);
});

test('PATCH can clear an optional field with null but not a required one', async () => {
  const c = await srv.post('/api/v1/orgs', orgBody({ name_en: 'To clear', employees: 3 }), admin);
  const loc = c.headers.get('location');
  const r = await srv.patch(loc, { name_en: null, employees: null }, admin, '"1"');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.name_en, null);
  assert.equal(r.json.employees, null);
  assertInvalid(await srv.patch(loc, { name: null }, admin, '"2"'), 'name');
  assertInvalid(await srv.patch(loc, { name: '' }, admin, '"2"'), 'name');
  assertInvalid(await srv.patch(loc, { kind: null }, admin, '"2"'), 'kind');
  assert.equal((await srv.get(loc, admin)).json.name, c.json.name);
});

test('read-only fields (id, version, created_at) are refused with 422', async () => {
  const c = await srv.post('/api/v1/orgs', orgBody(), admin);
  const loc = c.headers.get('location');
  for (const [k, v] of [['id', 5], ['version', 9], ['created_at', '2020-01-01T00:00:00Z'], ['updated_at', '2020-01-01T00:00:00Z']]) {
    assertInvalid(await srv.patch(loc, { [k]: v }, admin, '"1"'), k);
    assertInvalid(await srv.post('/api/v1/orgs', orgBody({ [k]: v }), admin), k);
  }
  const g = await srv.get(loc, admin);
  assert.equal(g.json.id, c.json.id);
  assert.equal(g.json.version, 1);
});

test('a tag slug cannot change after creation', async () => {
  const slug = uniq('imm').toLowerCase();
  const t = await srv.post('/api/v1/tags', { slug, name_ko: '불변', name_en: 'Immutable' }, admin);
  assert.equal(t.status, 201, t.text);
  assertInvalid(await srv.patch(t.headers.get('location'), { slug: slug + '-x' }, admin, '"1"'), 'slug');
  const ok = await srv.patch(t.headers.get('location'), { name_en: 'Still immutable' }, admin, '"1"');
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.slug, slug);
});

test('a duplicate unique value (brn, tag slug) is 409', async () => {
  const c = await srv.post('/api/v1/orgs', orgBody({ brn: '211-86-12341' }), admin).then(async (r) => {
    if (r.status === 201) return r;
    return srv.post('/api/v1/orgs', orgBody({ brn: '220-81-62517' }), admin);
  });
  assert.ok([201, 409].includes(c.status), c.text);
  const brn = c.status === 201 ? c.json.brn : '220-81-62517';
  const total = await srv.total('orgs', admin);
  const dup = await srv.post('/api/v1/orgs', orgBody({ brn }), admin);
  assertProblem(dup, 409);
  assert.equal(await srv.total('orgs', admin), total);
  const dupTag = await srv.post('/api/v1/tags', { slug: 'ai', name_ko: '중복', name_en: 'dup' }, admin);
  assertProblem(dupTag, 409);
});

test('DELETE: 204, then 404; a second DELETE is 404', async () => {
  const c = await srv.post('/api/v1/orgs', orgBody(), admin);
  const loc = c.headers.get('location');
  const total = await srv.total('orgs', admin);
  const d = await srv.del(loc, admin);
  assert.equal(d.status, 204, d.text);
  assert.equal(d.bytes.length, 0);
  assertProblem(await srv.get(loc, admin), 404);
  assertProblem(await srv.del(loc, admin), 404);
  assertProblem(await srv.patch(loc, { name: 'x' }, admin, '"1"'), 404);
  assert.equal(await srv.total('orgs', admin), total - 1);
  const audit = await auditOf('orgs', c.json.id);
  assert.deepEqual(audit.map((a) => a.action), ['create', 'delete']);
  assert.equal(JSON.parse(audit[1].before).name, c.json.name);
});

test('DELETE with a stale If-Match is 412; with the current one 204', async () => {
  const c = await srv.post('/api/v1/orgs', orgBody(), admin);
  const loc = c.headers.get('location');
  await srv.patch(loc, { name: '두 번째 판' }, admin, '"1"');
  assertProblem(await srv.del(loc, admin, { headers: { 'if-match': '"1"' } }), 412);
  assert.equal((await srv.get(loc, admin)).status, 200);
  assert.equal((await srv.del(loc, admin, { headers: { 'if-match': '"2"' } })).status, 204);
});

test('DELETE of an org that people still belong to is 409 and deletes nothing', async () => {
  const c = await srv.post('/api/v1/orgs', orgBody(), admin);
  const p = await srv.post('/api/v1/people', { org_id: c.json.id, name: '소속 인물' }, admin);
  assert.equal(p.status, 201, p.text);
  const r = await srv.del(c.headers.get('location'), admin);
  assertProblem(r, 409);
  assert.equal((await srv.get(c.headers.get('location'), admin)).status, 200);
  assert.equal((await srv.get(p.headers.get('location'), admin)).status, 200);
  // demo org 1 has people too
  const people1 = await srv.total('people', admin, 'org_id=1');
  if (people1 > 0) assertProblem(await srv.del('/api/v1/orgs/1', admin), 409);
  // once the person is gone the org can go
  assert.equal((await srv.del(p.headers.get('location'), admin)).status, 204);
  assert.equal((await srv.del(c.headers.get('location'), admin)).status, 204);
});

test('DELETE of an org with needs is 409', async () => {
  const c = await srv.post('/api/v1/orgs', orgBody(), admin);
  const n = await srv.post('/api/v1/needs', needBody(c.json.id), admin);
  assert.equal(n.status, 201, n.text);
  assertProblem(await srv.del(c.headers.get('location'), admin), 409);
  assert.equal((await srv.get(n.headers.get('location'), admin)).status, 200);
});

test('Idempotency-Key: a retry replays the first answer and creates one row', async () => {
  const key = uniq('idem');
  const body = orgBody();
  const total = await srv.total('orgs', admin);
  const a = await srv.post('/api/v1/orgs', body, admin, { headers: { 'idempotency-key': key } });
  assert.equal(a.status, 201, a.text);
  const b = await srv.post('/api/v1/orgs', body, admin, { headers: { 'idempotency-key': key } });
  assert.equal(b.status, 201, b.text);
  assert.equal(b.headers.get('location'), a.headers.get('location'));
  assert.deepEqual(b.json, a.json);
  assert.equal(b.text, a.text);
  assert.equal(await srv.total('orgs', admin), total + 1);
  const q = await srv.get(`/api/v1/orgs?q=${encodeURIComponent(body.name)}`, admin);
  assert.equal(q.json.total, 1);
});

test('Idempotency-Key: concurrent retries create one row', async () => {
  const key = uniq('idem-c');
  const body = orgBody();
  const rs = await Promise.all([1, 2, 3].map(() => srv.post('/api/v1/orgs', body, admin, { headers: { 'idempotency-key': key } })));
  for (const r of rs) assert.equal(r.status, 201, r.text);
  assert.equal(new Set(rs.map((r) => r.headers.get('location'))).size, 1);
  const q = await srv.get(`/api/v1/orgs?q=${encodeURIComponent(body.name)}`, admin);
  assert.equal(q.json.total, 1);
});

test('Idempotency-Key reused with a different body is 409 and creates nothing', async () => {
  const key = uniq('idem2');
  const a = await srv.post('/api/v1/orgs', orgBody(), admin, { headers: { 'idempotency-key': key } });
  assert.equal(a.status, 201);
  const total = await srv.total('orgs', admin);
  const other = orgBody();
  const b = await srv.post('/api/v1/orgs', other, admin, { headers: { 'idempotency-key': key } });
  assertProblem(b, 409);
  assert.equal(await srv.total('orgs', admin), total);
  assert.equal((await srv.get(`/api/v1/orgs?q=${encodeURIComponent(other.name)}`, admin)).json.total, 0);
});

test('Idempotency-Key reused on another collection is 409', async () => {
  const key = uniq('idem3');
  const a = await srv.post('/api/v1/orgs', orgBody(), admin, { headers: { 'idempotency-key': key } });
  assert.equal(a.status, 201);
  const total = await srv.total('needs', admin);
  assertProblem(await srv.post('/api/v1/needs', needBody(1), admin, { headers: { 'idempotency-key': key } }), 409);
  assert.equal(await srv.total('needs', admin), total);
});

test("one user's Idempotency-Key never replays another user's answer", async () => {
  srv.addUser({ email: 'other-op@bpmc.test', name: '다른 운영자', role: 'operator-staff' });
  const other = await srv.login('other-op@bpmc.test');
  const key = uniq('idem-shared');
  const body = orgBody();
  const a = await srv.post('/api/v1/orgs', body, admin, { headers: { 'idempotency-key': key } });
  assert.equal(a.status, 201);
  const b = await srv.post('/api/v1/orgs', body, other, { headers: { 'idempotency-key': key } });
  assert.ok(b.status === 201 || b.status === 409, `${b.status} ${b.text}`);
  assert.notEqual(b.headers.get('location'), a.headers.get('location'), 'replayed another user\'s answer');
  assert.equal(b.headers.get('idempotent-replayed'), null);
});

test('different Idempotency-Keys create different rows', async () => {
  const body = orgBody();
  const a = await srv.post('/api/v1/orgs', body, admin, { headers: { 'idempotency-key': uniq('k') } });
  const b = await srv.post('/api/v1/orgs', body, admin, { headers: { 'idempotency-key': uniq('k') } });
  assert.equal(a.status, 201);
  assert.equal(b.status, 201);
  assert.notEqual(a.headers.get('location'), b.headers.get('location'));
});

test('a new need must start open', async () => {
  for (const s of ['matched', 'closed', 'withdrawn']) {
    const total = await srv.total('needs', admin);
    assertInvalid(await srv.post('/api/v1/needs', needBody(1, { status: s }), admin), 'status', `status ${s}`);
    assert.equal(await srv.total('needs', admin), total);
  }
  const ok = await srv.post('/api/v1/needs', needBody(1, { status: 'open' }), admin);
  assert.equal(ok.status, 201, ok.text);
  assert.equal(ok.json.status, 'open');
  assertInvalid(await srv.post('/api/v1/needs', needBody(1, { status: 'bogus' }), admin), 'status');
});

const allowed = { open: ['matched', 'closed', 'withdrawn'], matched: ['open', 'closed'], closed: [], withdrawn: [] };
const states = ['open', 'matched', 'closed', 'withdrawn'];

/** A need brought to state s through allowed transitions; returns {loc, etag}. */
async function needIn(s) {
  const c = await createNeed();
  const loc = c.headers.get('location');
  let etag = c.headers.get('etag');
  if (s !== 'open') {
    const r = await srv.patch(loc, { status: s }, admin, etag);
    assert.equal(r.status, 200, `open -> ${s}: ${r.text}`);
    etag = r.headers.get('etag');
  }
  return { loc, etag, id: c.json.id };
}

for (const from of states) {
  for (const to of states) {
    if (from === to) continue;
    const ok = allowed[from].includes(to);
    test(`needs.status ${from} -> ${to} is ${ok ? 'allowed (200, audited as transition)' : 'refused (422 naming status)'}`, async () => {
      const { loc, etag, id } = await needIn(from);
      const r = await srv.patch(loc, { status: to }, admin, etag);
      if (ok) {
        assert.equal(r.status, 200, r.text);
        assert.equal(r.json.status, to);
        const rows = await auditOf('needs', id);
        const last = rows[rows.length - 1];
        assert.equal(last.action, 'transition');
        assert.equal(JSON.parse(last.before).status, from);
        assert.equal(JSON.parse(last.after).status, to);
      } else {
        assertInvalid(r, 'status');
        const g = await srv.get(loc, admin);
        assert.equal(g.json.status, from);
        assert.equal(g.headers.get('etag'), etag, 'a refused transition must not bump the version');
      }
    });
  }
}

test('matched -> open -> matched -> closed: a full allowed path', async () => {
  const { loc, id } = await needIn('open');
  let etag = (await srv.get(loc, admin)).headers.get('etag');
  for (const s of ['matched', 'open', 'matched', 'closed']) {
    const r = await srv.patch(loc, { status: s }, admin, etag);
    assert.equal(r.status, 200, `-> ${s}: ${r.text}`);
    etag = r.headers.get('etag');
  }
  const rows = await auditOf('needs', id);
  assert.deepEqual(rows.map((a) => a.action), ['create', 'transition', 'transition', 'transition', 'transition']);
});

test('a PATCH setting the same status is not a transition', async () => {
  const { loc, etag, id } = await needIn('open');
  const r = await srv.patch(loc, { status: 'open', title: '제목만 바뀜' }, admin, etag);
  assert.equal(r.status, 200, r.text);
  const rows = await auditOf('needs', id);
  assert.equal(rows[rows.length - 1].action, 'update');
});

test('capabilities.status follows its transitions too (retired is final)', async () => {
  const c = await srv.post('/api/v1/capabilities', { org_id: 1, title: '역량', kind: 'expertise' }, admin);
  assert.equal(c.status, 201, c.text);
  const loc = c.headers.get('location');
  assertInvalid(await srv.post('/api/v1/capabilities', { org_id: 1, title: '역량', kind: 'expertise', status: 'retired' }, admin), 'status');
  let r = await srv.patch(loc, { status: 'retired' }, admin, '"1"');
  assert.equal(r.status, 200, r.text);
  r = await srv.patch(loc, { status: 'active' }, admin, '"2"');
  assertInvalid(r, 'status');
});

test('every change writes an audit row: create, update, transition, delete', async () => {
  const c = await createNeed({ description: '처음 설명' });
  const loc = c.headers.get('location');
  const id = c.json.id;
  let rows = await auditOf('needs', id);
  assert.equal(rows.length, 1);
  assert.equal(rows[0].action, 'create');
  assert.equal(rows[0].collection, 'needs');
  assert.equal(rows[0].row_id, id);
  assert.equal(rows[0].actor_id, admin.user.id);
  assert.ok(rows[0].before === null || rows[0].before === undefined);
  assert.equal(typeof rows[0].after, 'string', 'after is JSON text');
  const created = JSON.parse(rows[0].after);
  assert.equal(created.title, c.json.title);
  assert.equal(created.status, 'open');

  const u = await srv.patch(loc, { description: '바뀐 설명' }, admin, '"1"');
  assert.equal(u.status, 200, u.text);
  rows = await auditOf('needs', id);
  assert.equal(rows.length, 2);
  assert.equal(rows[1].action, 'update');
  assert.equal(JSON.parse(rows[1].before).description, '처음 설명');
  assert.equal(JSON.parse(rows[1].after).description, '바뀐 설명');

  const t = await srv.patch(loc, { status: 'withdrawn' }, admin, '"2"');
  assert.equal(t.status, 200, t.text);
  rows = await auditOf('needs', id);
  assert.equal(rows.length, 3);
  assert.equal(rows[2].action, 'transition');

  const d = await srv.del(loc, admin);
  assert.equal(d.status, 204);
  rows = await auditOf('needs', id);
  assert.equal(rows.length, 4);
  assert.equal(rows[3].action, 'delete');
  assert.equal(JSON.parse(rows[3].before).status, 'withdrawn');
  assert.ok(rows[3].after === null || rows[3].after === undefined);
  const ids = rows.map((r) => r.id);
  assert.deepEqual([...ids].sort((a, b) => a - b), ids, 'audit ids grow');
});

test('failed writes write no audit rows', async () => {
  const c = await createNeed();
  const id = c.json.id;
  const loc = c.headers.get('location');
  const auditTotal = await srv.total('audit', admin);
  assertProblem(await srv.patch(loc, { title: 'x' }, admin, '"7"'), 412);
  assertInvalid(await srv.patch(loc, { status: 'bogus' }, admin, '"1"'), 'status');
  assertInvalid(await srv.patch(loc, { org_id: 99999999 }, admin, '"1"'), 'org_id');
  assertInvalid(await srv.post('/api/v1/needs', needBody(99999999), admin), 'org_id');
  assertProblem(await srv.patch(loc, { title: 'x' }, admin), 428);
  assert.equal(await srv.total('audit', admin), auditTotal);
  assert.equal((await auditOf('needs', id)).length, 1);
});

test('audit filters: action, collection, row_id, actor_id', async () => {
  const c = await createNeed();
  const byAction = await srv.get(`/api/v1/audit?collection=needs&action=create&row_id=${c.json.id}`, admin);
  assert.equal(byAction.json.total, 1);
  const byActor = await srv.get(`/api/v1/audit?actor_id=${admin.user.id}&limit=200`, admin);
  assert.ok(byActor.json.items.every((a) => a.actor_id === admin.user.id));
  const orgs = await srv.get('/api/v1/audit?collection=orgs&limit=200', admin);
  assert.ok(orgs.json.items.every((a) => a.collection === 'orgs'));
});

test('the Location of a created row is the row', async () => {
  const c = await srv.post('/api/v1/people', { org_id: 2, name: '위치 확인' }, admin);
  assert.equal(c.status, 201);
  assert.match(c.headers.get('location'), /^\/api\/v1\/people\/\d+$/);
  const g = await srv.get(c.headers.get('location'), admin);
  assert.equal(g.json.name, '위치 확인');
});

test('HEAD of a row answers its ETag without a body', async () => {
  const r = await srv.req('/api/v1/orgs/1', { method: 'HEAD' });
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('etag'), (await srv.get('/api/v1/orgs/1')).headers.get('etag'));
  assert.equal(r.bytes.length, 0);
});

test('concurrent writes and reads: every create commits once, lists stay consistent', async () => {
  const before = await srv.total('orgs', admin);
  const tag = `동시생성-${Date.now()}`;
  const writes = Array.from({ length: 40 }, (_, i) => srv.post('/api/v1/orgs', orgBody({ name: `${tag} ${i}` }), admin));
  const reads = Array.from({ length: 20 }, () => srv.get('/api/v1/orgs?limit=50&sort=-id', admin));
  const [ws, rs] = await Promise.all([Promise.all(writes), Promise.all(reads)]);
  for (const w of ws) assert.equal(w.status, 201, w.text);
  for (const r of rs) {
    assert.equal(r.status, 200, r.text);
    assert.ok(r.json.total >= before && r.json.total <= before + 40, `total ${r.json.total}`);
  }
  assert.equal(new Set(ws.map((w) => w.json.id)).size, 40, 'ids are distinct');
  assert.equal(await srv.total('orgs', admin), before + 40);
  const found = await srv.all('orgs', `q=${encodeURIComponent(tag)}`, admin);
  assert.equal(found.total, 40);
  await srv.assertAlive();
});

test('GET with If-None-Match of the current ETag answers 304; after a change, 200 with the new ETag', async () => {
  const op = await srv.login();
  const r1 = await srv.get('/api/v1/orgs/2', op);
  const etag = r1.headers.get('etag');
  const r2 = await srv.req('/api/v1/orgs/2', { session: op, headers: { 'if-none-match': etag } });
  assert.equal(r2.status, 304);
  const r3 = await srv.patch('/api/v1/orgs/2', { employees: 1234 }, op, etag);
  assert.equal(r3.status, 200, r3.text);
  const r4 = await srv.req('/api/v1/orgs/2', { session: op, headers: { 'if-none-match': etag } });
  assert.equal(r4.status, 200);
  assert.notEqual(r4.headers.get('etag'), etag);
  assert.equal(r4.json.employees, 1234);
});
