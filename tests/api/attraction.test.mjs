// The attraction module (docs/attraction.md): the pipeline of prospects and its activity log,
// the operators' working file. Each role's answers (operators read and write; every other role
// 403 for the collections and the funnel, 404 for a row as for an absent one; anonymous callers
// 401); the stage workflow (allowed moves, the LOI and
// MOU dates, a drop's reason, an activity row for every move in the same transaction, moving in
// registering or linking the organisation and its value chain); refusals that change nothing;
// the demo's seed activities and synthetic pipeline; the funnel's figures.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertProblem, assertInvalid, dbSql } from './helpers.mjs';

let srv;
let admin;
let staff;
const others = {}; // role -> session
const OTHER_ROLES = [
  ['org-admin', 101], ['org-member', 109], ['partner', 2], ['investor', 13], ['trainee', null],
];

before(async () => {
  srv = await startServer();
  admin = await srv.login();
  srv.addUser({ email: 'attraction-staff@bpmc.test', role: 'operator-staff' });
  staff = await srv.login('attraction-staff@bpmc.test');
  for (const [role, org] of OTHER_ROLES) {
    srv.addUser({ email: `attraction-${role}@bpmc.test`, role, org: org ?? undefined });
    others[role] = await srv.login(`attraction-${role}@bpmc.test`);
  }
});
after(async () => {
  if (srv) await srv.stop();
});

const get = async (path, s) => srv.get(path, s);
const etagOf = async (path, s = admin) => (await srv.get(path, s)).headers.get('etag');
/** PATCH with the row's current ETag. */
async function move(id, body, s = admin) {
  return srv.patch(`/api/v1/prospects/${id}`, body, s, await etagOf(`/api/v1/prospects/${id}`, s));
}
const activitiesOf = async (id) => (await srv.get(`/api/v1/activities?prospect_id=${id}&sort=id&limit=200`, admin)).json.items;

test('attraction: the demo holds the seed\'s two activities (undated, real) and a synthetic pipeline across every stage', async () => {
  const seed = await get('/api/v1/activities?is_synthetic=false&sort=id', admin);
  assert.equal(seed.status, 200, seed.text);
  assert.deepEqual(seed.json.items.map((a) => [a.kind, a.summary, a.occurred_on, a.prospect_id]), [
    ['investor_meeting', '글로벌 제약사 및 R&D센터 투자를 기반으로 한 국내 연결 투자사 미팅', null, null],
    ['attraction', '바이오(헬스케어) 기업 유치 활동 추진(입주의향서 확보)', null, null],
  ]);
  const all = await srv.all('prospects', 'sort=id', admin);
  assert.equal(all.total, 14);
  assert.ok(all.items.every((p) => p.is_synthetic && p.notes.startsWith('[데모]')));
  const stages = new Set(all.items.map((p) => p.stage));
  assert.deepEqual([...stages].sort(), ['contacted', 'dropped', 'identified', 'loi', 'meeting', 'mou', 'moved_in']);
  const movedIn = all.items.find((p) => p.stage === 'moved_in');
  assert.equal(movedIn.org_id, 109);
  assert.ok(all.items.filter((p) => p.stage === 'dropped').every((p) => p.drop_reason && p.dropped_from));
});

test('attraction: the funnel counts each stage, what reached it, conversions, anchors, fields and years (operators only)', async () => {
  const f = await get('/api/v1/attraction/funnel', staff);
  assert.equal(f.status, 200, f.text);
  assert.equal(f.json.total, 14);
  assert.deepEqual(f.json.stages.map((s) => [s.stage, s.count, s.reached, s.conversion_to_next]), [
    ['identified', 3, 14, 0.786], // 11 of 14 went on
    ['contacted', 3, 11, 0.636],
    ['meeting', 2, 7, 0.571], // the one dropped at meeting counts up to meeting
    ['loi', 2, 4, 0.5],
    ['mou', 1, 2, 0.5],
    ['moved_in', 1, 1, null],
    ['dropped', 2, null, null],
  ]);
  assert.equal(f.json.stages[3].label_ko, '입주의향서(LOI)');
  assert.deepEqual(f.json.anchors, { total: 3, open: 3, moved_in: 0 });
  const devices = f.json.by_field.find((x) => x.field === 'medical-devices');
  assert.deepEqual(devices, { field: 'medical-devices', name_ko: '첨단의료기기', name_en: 'Medical devices', count: 2, moved_in: 1 });
  assert.deepEqual(f.json.by_year, [
    { year: 2024, identified: 1, loi: 1, mou: 0, moved_in: 0 },
    { year: 2025, identified: 5, loi: 1, mou: 1, moved_in: 1 },
    { year: 2026, identified: 8, loi: 2, mou: 1, moved_in: 0 },
  ]);
  assertProblem(await get('/api/v1/attraction/funnel?year=2026', admin), 400);
  assertProblem(await get('/api/v1/attraction/funnel'), 401);
  for (const [role] of OTHER_ROLES) assertProblem(await get('/api/v1/attraction/funnel', others[role]), 403, role);
});

test('attraction: operators (admin and staff) list, create, read, change and delete prospects and activities', async () => {
  for (const s of [admin, staff]) {
    const c = await srv.post('/api/v1/prospects', { name: '테스트 유치 기업', kind: 'company', country: '대한민국', fields: ['ai'], is_anchor: true, owner_id: staff.user.id }, s);
    assert.equal(c.status, 201, c.text);
    assert.equal(c.json.stage, 'identified');
    assert.match(c.json.identified_on, /^\d{4}-\d{2}-\d{2}$/); // today in Korea
    assert.equal(c.headers.get('location'), `/api/v1/prospects/${c.json.id}`);
    const g = await get(`/api/v1/prospects/${c.json.id}`, s);
    assert.equal(g.status, 200);
    assert.equal(g.headers.get('allow'), 'GET, PATCH, DELETE');
    assert.equal((await get('/api/v1/prospects', s)).headers.get('allow'), 'GET, POST');
    const a = await srv.post('/api/v1/activities', { prospect_id: c.json.id, occurred_on: '2026-12-01', kind: 'call', summary: '첫 통화', people: '유치팀' }, s);
    assert.equal(a.status, 201, a.text);
    const p = await srv.patch(`/api/v1/activities/${a.json.id}`, { summary: '첫 통화(자료 송부)' }, s, a.headers.get('etag'));
    assert.equal(p.status, 200, p.text);
    // a prospect with a log is not deleted while the log names it (drop it instead)
    assertProblem(await srv.del(`/api/v1/prospects/${c.json.id}`, s), 409);
    assert.equal((await srv.del(`/api/v1/activities/${a.json.id}`, s)).status, 204);
    assert.equal((await srv.del(`/api/v1/prospects/${c.json.id}`, s)).status, 204);
    assertProblem(await get(`/api/v1/prospects/${c.json.id}`, s), 404);
  }
  const q = await get(`/api/v1/prospects?q=${encodeURIComponent('노바젠')}`, admin);
  assert.deepEqual(q.json.items.map((p) => p.name), ['노바젠 바이오로직스']);
  const csv = await get('/api/v1/prospects?format=csv&stage=loi', admin);
  assert.equal(csv.status, 200);
  assert.match(csv.text, /헬릭스진 코리아/);
});

test('attraction: every other role is refused the pipeline (403; a row of it 404, as absent), anonymous callers 401, a moved-in prospect included', async () => {
  const movedIn = (await get('/api/v1/prospects?stage=moved_in', admin)).json.items[0];
  // its organisation is public: anyone reads it; the pipeline is not
  assert.equal((await get(`/api/v1/orgs/${movedIn.org_id}`, others['org-member'])).status, 200);
  const act = (await get('/api/v1/activities?limit=1', admin)).json.items[0];
  for (const [role] of OTHER_ROLES) {
    const s = others[role];
    // the collections: refused (403); a row of them: absent or invisible to the role (404),
    // the same answer for a row that is there as for one that is not
    for (const path of ['/api/v1/prospects', `/api/v1/prospects?org_id=${movedIn.org_id}`, '/api/v1/activities', '/api/v1/prospects?format=csv']) {
      assertProblem(await get(path, s), 403, `${role} GET ${path}`);
    }
    const absent = await get('/api/v1/prospects/2000000000', s);
    assertProblem(absent, 404, `${role} GET an absent prospect`);
    for (const path of [`/api/v1/prospects/${movedIn.id}`, `/api/v1/activities/${act.id}`]) {
      const r = await get(path, s);
      assertProblem(r, 404, `${role} GET ${path}`);
      assert.equal(r.text, absent.text, `${role} GET ${path}: as an absent row`);
    }
    assertProblem(await srv.post('/api/v1/prospects', { name: '몰래 등록', kind: 'company' }, s), 403, role);
    assertProblem(await srv.post('/api/v1/activities', { kind: 'call', summary: '몰래 기록' }, s), 403, role);
    assertProblem(await srv.patch(`/api/v1/prospects/${movedIn.id}`, { notes: 'x' }, s, '"1"'), 404, role);
    assertProblem(await srv.del(`/api/v1/activities/${act.id}`, s), 404, role);
    // nor found through search or an expansion
    const found = await get(`/api/v1/search?q=${encodeURIComponent('노바젠')}`, s);
    assert.ok(!found.text.includes('노바젠'), `${role} search`);
  }
  for (const path of ['/api/v1/prospects', `/api/v1/prospects/${movedIn.id}`, '/api/v1/activities']) assertProblem(await get(path), 401, path);
  assertProblem(await srv.post('/api/v1/prospects', { name: 'x', kind: 'company' }), 401);
  assert.equal((await get(`/api/v1/prospects/${movedIn.id}`, staff)).status, 200);
});

test('attraction: bad input is one 422 naming each field, in Korean and English, and changes nothing', async () => {
  const before = await srv.total('prospects', admin);
  const bad = await srv.post('/api/v1/prospects', { kind: 'robot', name: '', is_anchor: 'yes', expected_move_in: '2026-02-30', fields: ['no-such-field'] }, admin);
  assertInvalid(bad, ['kind', 'name', 'is_anchor', 'expected_move_in']);
  const p = assertInvalid(await srv.post('/api/v1/prospects', { name: '단계 지정', kind: 'company', stage: 'mou' }, admin), ['stage']);
  assert.ok(p.errors[0].message_ko && p.errors[0].message_en);
  // the owner is an operator; the value chain names organisations that exist
  const member = others['org-member'].user.id;
  assertInvalid(await srv.post('/api/v1/prospects', { name: '담당자 오류', kind: 'company', owner_id: member }, admin), ['owner_id']);
  assertInvalid(await srv.post('/api/v1/prospects', { name: '가치사슬 오류', kind: 'company', upstream_org_ids: ['101', '999999'] }, admin), ['upstream_org_ids']);
  assertInvalid(await srv.post('/api/v1/prospects', { name: '가치사슬 오류', kind: 'company', downstream_org_ids: ['abc'] }, admin), ['downstream_org_ids']);
  assert.equal(await srv.total('prospects', admin), before);
  // an activity's stage change is the server's to write
  const acts = await srv.total('activities', admin);
  assertInvalid(await srv.post('/api/v1/activities', { kind: 'stage_change', summary: '가짜 단계 변경' }, admin), ['kind']);
  assertInvalid(await srv.post('/api/v1/activities', { kind: 'call', summary: 'x', stage_to: 'mou' }, admin), ['stage_to']);
  assertInvalid(await srv.post('/api/v1/activities', { kind: 'call' }, admin), ['summary']);
  assert.equal(await srv.total('activities', admin), acts);
  // a PATCH needs If-Match; a stale one is 412
  const id = (await srv.post('/api/v1/prospects', { name: '버전 확인', kind: 'company' }, admin)).json.id;
  assertProblem(await srv.patch(`/api/v1/prospects/${id}`, { stage: 'contacted' }, admin), 428);
  assertProblem(await srv.patch(`/api/v1/prospects/${id}`, { stage: 'contacted' }, admin, '"99"'), 412);
  assert.deepEqual(await activitiesOf(id), []);
});

test('attraction: evidence files are private files of no organisation', async () => {
  const up = (query) => srv.req(`/api/v1/files?${query}`, { method: 'POST', body: '입주의향서 사본\n', headers: { 'content-type': 'text/plain' }, session: admin });
  const open = await up('name=loi.txt&visibility=cluster');
  assert.equal(open.status, 201, open.text);
  const hidden = await up('name=loi.txt&visibility=private');
  assert.equal(hidden.status, 201, hidden.text);
  assertInvalid(await srv.post('/api/v1/activities', { kind: 'loi', summary: '입주의향서 접수', file_id: open.json.id }, admin), ['file_id']);
  const ok = await srv.post('/api/v1/activities', { kind: 'loi', summary: '입주의향서 접수', file_id: hidden.json.id }, admin);
  assert.equal(ok.status, 201, ok.text);
  const id = (await srv.post('/api/v1/prospects', { name: '파일 확인', kind: 'company' }, admin)).json.id;
  assertInvalid(await move(id, { stage: 'loi', loi_on: '2026-12-01', loi_file_id: open.json.id }), ['loi_file_id']);
  const m = await move(id, { stage: 'loi', loi_on: '2026-12-01', loi_file_id: hidden.json.id });
  assert.equal(m.status, 200, m.text);
  const log = await activitiesOf(id);
  assert.deepEqual(log.map((a) => [a.kind, a.occurred_on, a.file_id, a.stage_from, a.stage_to]), [['loi', '2026-12-01', hidden.json.id, 'identified', 'loi']]);
  // the evidence stays with operators
  assertProblem(await get(`/api/v1/files/${hidden.json.id}`, others['org-admin']), 404);
});

test('attraction: a stage move is a workflow: allowed moves, the LOI and MOU dates, a drop\'s reason, one activity per move', async () => {
  const c = await srv.post('/api/v1/prospects', { name: '워크플로 기업', kind: 'company', fields: ['genomics'] }, staff);
  const id = c.json.id;
  // contacted: an activity dated today, from identified to contacted, in the mover's name
  let r = await move(id, { stage: 'contacted' }, staff);
  assert.equal(r.status, 200, r.text);
  let log = await activitiesOf(id);
  assert.equal(log.length, 1);
  assert.equal(log[0].kind, 'stage_change');
  assert.equal(log[0].summary, '단계 변경: 발굴 → 접촉 / Stage: Identified → Contacted');
  assert.deepEqual([log[0].stage_from, log[0].stage_to], ['identified', 'contacted']);
  assert.match(log[0].occurred_on, /^\d{4}-\d{2}-\d{2}$/);
  const audit = await get(`/api/v1/audit?collection=activities&row_id=${log[0].id}`, admin);
  assert.equal(audit.status, 200, audit.text);
  assert.equal(audit.json.items[0]?.actor_id, staff.user.id, audit.text);
  // moved in straight from contacted is no allowed move: 422 naming stage, nothing written
  const version = (await get(`/api/v1/prospects/${id}`, admin)).json.version;
  r = assertInvalid(await move(id, { stage: 'moved_in' }), ['stage']);
  assert.match(r.errors[0].message_en, /cannot move from contacted to moved_in/);
  // LOI needs its date
  assertInvalid(await move(id, { stage: 'loi' }), ['loi_on']);
  assert.equal((await get(`/api/v1/prospects/${id}`, admin)).json.version, version);
  assert.equal((await activitiesOf(id)).length, 1);
  r = await move(id, { stage: 'loi', loi_on: '2026-11-30' });
  assert.equal(r.status, 200, r.text);
  // MOU needs its date (an LOI date already there does not do)
  assertInvalid(await move(id, { stage: 'mou' }), ['mou_on']);
  // one step back is a correction, also logged
  r = await move(id, { stage: 'meeting' });
  assert.equal(r.status, 200, r.text);
  // dropping needs a reason and remembers where it was dropped from
  assertInvalid(await move(id, { stage: 'dropped' }), ['drop_reason']);
  r = await move(id, { stage: 'dropped', drop_reason: '투자 계획 철회' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.dropped_from, 'meeting');
  // revived: back into the pipeline; a new drop needs a new reason
  r = await move(id, { stage: 'contacted' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.dropped_from, null);
  assertInvalid(await move(id, { stage: 'dropped' }), ['drop_reason']);
  log = await activitiesOf(id);
  assert.deepEqual(log.map((a) => [a.kind, a.stage_from, a.stage_to]), [
    ['stage_change', 'identified', 'contacted'],
    ['loi', 'contacted', 'loi'],
    ['stage_change', 'loi', 'meeting'],
    ['stage_change', 'meeting', 'dropped'],
    ['stage_change', 'dropped', 'contacted'],
  ]);
  assert.equal(log[1].occurred_on, '2026-11-30');
  // a change that is not a move leaves no activity
  r = await move(id, { notes: '메모만 수정' });
  assert.equal(r.status, 200, r.text);
  assert.equal((await activitiesOf(id)).length, 5);
  // a stage change activity cannot be turned into something else's record by a client
  assertInvalid(await srv.patch(`/api/v1/activities/${log[0].id}`, { stage_to: 'mou' }, admin, await etagOf(`/api/v1/activities/${log[0].id}`)), ['stage_to']);
});

test('attraction: moving in registers the organisation as a public tenant with its value chain, or marks the one named', async () => {
  const c = await srv.post('/api/v1/prospects', {
    name: '입주 예정 바이오', name_en: 'Moving Bio', kind: 'company', fields: ['genomics', 'ai'], is_anchor: true,
    upstream_org_ids: ['101'], downstream_org_ids: ['117', '119'],
  }, admin);
  assert.equal(c.status, 201, c.text);
  const id = c.json.id;
  assert.equal((await move(id, { stage: 'mou', mou_on: '2026-10-01' })).status, 200);
  const links = await srv.total('org-links', admin);
  const r = await move(id, { stage: 'moved_in', moved_in_on: '2026-12-01' });
  assert.equal(r.status, 200, r.text);
  assert.ok(Number.isInteger(r.json.org_id));
  const org = await get(`/api/v1/orgs/${r.json.org_id}`); // public: anyone reads it
  assert.equal(org.status, 200, org.text);
  assert.deepEqual([org.json.name, org.json.name_en, org.json.kind, org.json.fields, org.json.is_tenant, org.json.is_anchor, org.json.visibility],
    ['입주 예정 바이오', 'Moving Bio', 'company', ['genomics', 'ai'], true, true, 'public']);
  assert.equal(await srv.total('org-links', admin), links + 3);
  const up = await get(`/api/v1/org-links?to_org_id=${r.json.org_id}`, admin);
  assert.deepEqual(up.json.items.map((l) => [l.org_id, l.kind]), [[101, 'supplies']]);
  const down = await get(`/api/v1/org-links?org_id=${r.json.org_id}&sort=to_org_id`, admin);
  assert.deepEqual(down.json.items.map((l) => l.to_org_id), [117, 119]);
  const log = await activitiesOf(id);
  assert.deepEqual(log.at(-1).stage_to, 'moved_in');
  assert.equal(log.at(-1).occurred_on, '2026-12-01');
  // moved in is final
  assertInvalid(await move(id, { stage: 'dropped', drop_reason: '변심' }), ['stage']);

  // linking an organisation that exists: it becomes a tenant, nothing new is registered
  const orgs = await srv.total('orgs', admin);
  const d = await srv.post('/api/v1/prospects', { name: '오믹스브릿지 유치', kind: 'company' }, admin);
  await move(d.json.id, { stage: 'loi', loi_on: '2026-09-01' });
  assert.equal((await get('/api/v1/orgs/104', admin)).json.is_tenant, false);
  const m = await move(d.json.id, { stage: 'moved_in', org_id: 104 });
  assert.equal(m.status, 200, m.text);
  assert.equal(m.json.org_id, 104);
  assert.match(m.json.moved_in_on, /^\d{4}-\d{2}-\d{2}$/);
  assert.equal((await get('/api/v1/orgs/104', admin)).json.is_tenant, true);
  assert.equal(await srv.total('orgs', admin), orgs);

  // a failing move-in (an organisation that is not there) changes nothing at all
  const e = await srv.post('/api/v1/prospects', { name: '없는 기관 연결', kind: 'company' }, admin);
  await move(e.json.id, { stage: 'loi', loi_on: '2026-09-01' });
  const before = await activitiesOf(e.json.id);
  const bad = await move(e.json.id, { stage: 'moved_in', org_id: 999999 });
  assertInvalid(bad, ['org_id']);
  assert.equal((await get(`/api/v1/prospects/${e.json.id}`, admin)).json.stage, 'loi');
  assert.deepEqual(await activitiesOf(e.json.id), before);
  assert.equal(dbSql(srv.db, "SELECT count(*) FROM orgs WHERE name = '없는 기관 연결'"), '0');
});

test('attraction: an API token limited to the attraction module reaches the pipeline and the funnel, and nothing else', async () => {
  const bearer = (token) => ({ headers: { authorization: `Bearer ${token}` } });
  const mine = await srv.post('/api/v1/api-tokens', { name: 'attraction only', scope: 'read', modules: ['attraction'] }, staff);
  assert.equal(mine.status, 201, mine.text);
  assert.deepEqual(mine.json.modules, ['attraction']);
  for (const path of ['/api/v1/prospects?limit=1', '/api/v1/activities?limit=1', '/api/v1/attraction/funnel'])
    assert.equal((await srv.req(path, bearer(mine.json.token))).status, 200, path);
  assertProblem(await srv.req('/api/v1/orgs?limit=1', bearer(mine.json.token)), 403);
  const other = await srv.post('/api/v1/api-tokens', { name: 'directory only', scope: 'read', modules: ['directory'] }, staff);
  for (const path of ['/api/v1/prospects?limit=1', '/api/v1/attraction/funnel'])
    assertProblem(await srv.req(path, bearer(other.json.token)), 403, path);
});
