// The investment module (바이오 메디컬 전문 VC 유치, docs/investment.md): investor profiles read by
// the cluster's members and written by the investor's org-admins; a company's fundraising round
// (its org-admins'), private to it and operators until it is opened to investors; the deal pipeline between one investor and one
// company, theirs alone, whose stages follow the allowed transitions (an investment needs its
// amount and date; every move is kept in the history); IR events that anyone reads and
// registrations that never go over the event's capacity; and investor ↔ company matching with
// its reasons. Every role is asked: operator-admin, operator-staff, org-admin and org-member of
// the company, partner, investor, trainee and anonymous callers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertProblem, assertInvalid, orgBody, uniq } from './helpers.mjs';

let srv;
const S = {}; // sessions by role name
let INV, CO, OTHER, PARTNER_ORG; // the investor organisation, the company, another company, a hospital

const iso = (ms) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
const DAY = 86400e3;

before(async () => {
  srv = await startServer();
  S.op = await srv.login();
  const mk = async (extra) => {
    const r = await srv.post('/api/v1/orgs', orgBody(extra), S.op);
    assert.equal(r.status, 201, r.text);
    return r.json.id;
  };
  INV = await mk({ kind: 'investor', name: `테스트 벤처스 ${uniq('vc')}` });
  CO = await mk({ kind: 'company', name: `테스트 바이오 ${uniq('co')}` });
  OTHER = await mk({ kind: 'company' });
  PARTNER_ORG = await mk({ kind: 'hospital' });
  const users = [
    ['staff', 'operator-staff', undefined], ['invAdmin', 'org-admin', INV], ['investor', 'investor', INV],
    ['coAdmin', 'org-admin', CO], ['coMember', 'org-member', CO], ['trainee', 'trainee', CO],
    ['other', 'org-admin', OTHER], ['partner', 'partner', PARTNER_ORG],
  ];
  for (const [k, role, org] of users) srv.addUser({ email: `inv-${k}@bpmc.test`, role, org });
  for (const [k] of users) S[k] = await srv.login(`inv-${k}@bpmc.test`);
});
after(async () => { await srv?.stop(); });

const etag = async (path, s = S.op) => (await srv.get(path, s)).headers.get('etag');
async function patch(path, json, s) {
  return srv.patch(path, json, s, await etag(path, S.op));
}

test('investor profiles: the investor\'s org-admins write its own, every signed-in member reads them (contacts too), anonymous callers none', async () => {
  const body = { org_id: INV, fund_name: '테스트 바이오헬스 1호 펀드', fund_size: 30000000000, stages: ['seed', 'series-a'],
    fields: ['ai', 'genomics'], ticket_min: 500000000, ticket_max: 3000000000, thesis: '정밀의료 초기 기업',
    contact_name: '김심사', contact_email: 'ir@test-vc.example', contact_phone: '031-123-4567' };
  // the profile is the organisation's official record: its org-admins write it, not every member
  const before0 = await srv.total('investor-profiles', S.op);
  assertProblem(await srv.post('/api/v1/investor-profiles', body, S.investor), 403);
  assert.equal(await srv.total('investor-profiles', S.op), before0);
  const r = await srv.post('/api/v1/investor-profiles', body, S.invAdmin);
  assert.equal(r.status, 201, r.text);
  assert.deepEqual([r.json.org_id, r.json.stages, r.json.ticket_max], [INV, ['seed', 'series-a'], 3000000000]);
  const id = r.json.id;
  // bad input: every field at fault at once, nothing written
  const before = await srv.total('investor-profiles', S.op);
  const bad = assertInvalid(await srv.post('/api/v1/investor-profiles', { ...body, stages: ['series-z'], ticket_min: 5, ticket_max: 1 }, S.invAdmin), ['stages', 'ticket_max']);
  assert.match(bad.errors.find((e) => e.field === 'stages').message_ko, /투자 단계/);
  assert.match(bad.errors.find((e) => e.field === 'ticket_max').message_en, /ticket/);
  assertInvalid(await srv.post('/api/v1/investor-profiles', { ...body, org_id: INV }, S.coAdmin), ['org_id']);
  assert.equal(await srv.total('investor-profiles', S.op), before);
  // the later half of a range is checked against the stored other half
  assertInvalid(await patch(`/api/v1/investor-profiles/${id}`, { ticket_min: 4000000000 }, S.invAdmin), ['ticket_max']);

  // who reads: every signed-in role, contacts included; anonymous callers get 401
  for (const k of ['op', 'staff', 'invAdmin', 'investor', 'coAdmin', 'coMember', 'other', 'partner', 'trainee']) {
    const g = await srv.get(`/api/v1/investor-profiles/${id}`, S[k]);
    assert.equal(g.status, 200, `${k}: ${g.text}`);
    assert.equal(g.json.contact_email, 'ir@test-vc.example', k);
  }
  assertProblem(await srv.get(`/api/v1/investor-profiles/${id}`), 401);
  assertProblem(await srv.get('/api/v1/investor-profiles'), 401);
  // who writes: the investor's org-admins and operators; its other members, a company, a partner,
  // a trainee may not
  for (const k of ['investor', 'coAdmin', 'coMember', 'partner']) assertProblem(await patch(`/api/v1/investor-profiles/${id}`, { thesis: 'x' }, S[k]), 403, k);
  assertProblem(await patch(`/api/v1/investor-profiles/${id}`, { thesis: 'x' }, S.trainee), 403);
  assertProblem(await srv.post('/api/v1/investor-profiles', body, S.trainee), 403);
  assertProblem(await srv.post('/api/v1/investor-profiles', body), 401);
  const ok = await patch(`/api/v1/investor-profiles/${id}`, { thesis: '정밀의료·진단 초기 기업' }, S.invAdmin);
  assert.equal(ok.status, 200, ok.text);
  const st = await patch(`/api/v1/investor-profiles/${id}`, { fund_size: 40000000000 }, S.staff);
  assert.equal(st.status, 200, st.text);
  assert.equal(st.json.fund_size, 40000000000);
  // filters: a stage, a field
  const f = await srv.get(`/api/v1/investor-profiles?stages=series-a&org_id=${INV}`, S.coMember);
  assert.deepEqual(f.json.items.map((x) => x.id), [id]);
});

test('fundraisings: private to the company and operators; opening the round shows it to investors only; figures never reach other companies', async () => {
  const body = { org_id: CO, title: '시리즈 A 유치', stage: 'series-a', amount_sought: 2000000000, use_of_funds: '임상 1상', fields: ['ai', 'oncology'] };
  // a round is the company's official record: its org-admins write it, not every member
  assertProblem(await srv.post('/api/v1/fundraisings', body, S.coMember), 403);
  const r = await srv.post('/api/v1/fundraisings', body, S.coAdmin);
  assert.equal(r.status, 201, r.text);
  assert.deepEqual([r.json.status, r.json.audience], ['draft', false]);
  const id = r.json.id, path = `/api/v1/fundraisings/${id}`;
  const sees = async (k) => (await srv.get(path, S[k])).status;
  const listed = async (k) => (await srv.get(`/api/v1/fundraisings?org_id=${CO}`, S[k])).json.items.some((x) => x.id === id);
  // a draft: the company and operators only
  for (const k of ['op', 'staff', 'coAdmin', 'coMember', 'trainee']) assert.equal(await sees(k), 200, k);
  for (const k of ['investor', 'invAdmin', 'other', 'partner']) {
    assert.equal(await sees(k), 404, k);
    assert.equal(await listed(k), false, k);
  }
  assertProblem(await srv.get(path), 401);
  // another company's or an investor's organisation holds no round; nor is another's written
  assertInvalid(await srv.post('/api/v1/fundraisings', { ...body, org_id: INV }, S.invAdmin), ['org_id']);
  assertInvalid(await srv.post('/api/v1/fundraisings', { ...body, org_id: CO }, S.other), ['org_id']);
  assertInvalid(await srv.post('/api/v1/fundraisings', { ...body, stage: 'series-z', amount_sought: -1 }, S.coAdmin), ['stage', 'amount_sought']);
  assertProblem(await srv.post('/api/v1/fundraisings', body, S.trainee), 403);

  // open: investors' members read it too (the investor's organisation, every member)
  const open = await patch(path, { status: 'open' }, S.coAdmin);
  assert.equal(open.status, 200, open.text);
  assert.equal(open.json.audience, true);
  for (const k of ['investor', 'invAdmin']) {
    assert.equal(await sees(k), 200, k);
    assert.equal(await listed(k), true, k);
  }
  for (const k of ['other', 'partner']) assert.equal(await sees(k), 404, k);
  assertProblem(await srv.get(path), 401);
  // an investor reads it, but does not change it; nor does a plain member of the company
  assertProblem(await patch(path, { amount_sought: 1 }, S.investor), 403);
  assertProblem(await patch(path, { amount_sought: 1 }, S.coMember), 403);
  // the CSV export shows what the list shows: nothing of it to another company
  const csv = await srv.get('/api/v1/fundraisings?format=csv', S.other);
  assert.equal(csv.status, 200);
  assert.ok(!csv.text.includes('시리즈 A 유치'), csv.text.slice(0, 300));
  // closing hides it again
  const closed = await patch(path, { status: 'closed' }, S.coAdmin);
  assert.equal(closed.status, 200, closed.text);
  assert.equal(closed.json.audience, false);
  assert.equal(await sees('investor'), 404);
  // an impossible move is refused naming the status
  assertInvalid(await patch(path, { status: 'draft' }, S.coAdmin), ['status']);
});

async function openRound(extra = {}) {
  const r = await srv.post('/api/v1/fundraisings', { org_id: CO, title: `라운드 ${uniq('r')}`, stage: 'series-a', amount_sought: 1500000000, fields: ['ai'], status: 'draft', ...extra }, S.coAdmin);
  assert.equal(r.status, 201, r.text);
  const o = await patch(`/api/v1/fundraisings/${r.json.id}`, { status: 'open' }, S.coAdmin);
  assert.equal(o.status, 200, o.text);
  return o.json;
}

test('deals: the pipeline between the investor and the company, theirs and operators\' only; transitions, the investment\'s amount and date, the history', async () => {
  const round = await openRound();
  const r = await srv.post('/api/v1/deals', { title: '테스트 벤처스 × 테스트 바이오', investor_org_id: INV, company_org_id: CO, fundraising_id: round.id, notes: '첫 미팅 전' }, S.investor);
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.stage, 'sourced');
  assert.match(r.json.history, /^\d{4}-\d\d-\d\d sourced$/);
  const id = r.json.id, path = `/api/v1/deals/${id}`;
  // the two parties and operators; nobody else, and not the public
  for (const k of ['op', 'staff', 'investor', 'invAdmin', 'coAdmin', 'coMember', 'trainee']) assert.equal((await srv.get(path, S[k])).status, 200, k);
  for (const k of ['other', 'partner']) {
    assertProblem(await srv.get(path, S[k]), 404, k);
    assert.equal(await srv.total('deals', S[k], `company_org_id=${CO}`), 0, k);
  }
  assertProblem(await srv.get(path), 401);
  assertProblem(await srv.get('/api/v1/deals'), 401);
  // bad creates: a company that is the investor, a non-company, another company's round
  assertInvalid(await srv.post('/api/v1/deals', { title: 'x', investor_org_id: INV, company_org_id: PARTNER_ORG }, S.investor), ['company_org_id']);
  assertInvalid(await srv.post('/api/v1/deals', { title: 'x', investor_org_id: INV, company_org_id: OTHER, fundraising_id: round.id }, S.investor), ['fundraising_id']);
  assertInvalid(await srv.post('/api/v1/deals', { title: 'x', investor_org_id: CO, company_org_id: OTHER }, S.investor), ['investor_org_id']);
  // a deal's two sides: an investor organisation and another organisation, a company; a company's
  // member does not put its own company on the investor side, nor one org on both sides
  const deals0 = await srv.total('deals', S.op);
  for (const [who, inv, co, fields] of [
    ['coMember', CO, OTHER, ['investor_org_id']], ['coAdmin', CO, CO, ['investor_org_id', 'company_org_id']],
    ['investor', INV, INV, ['company_org_id']], ['op', OTHER, CO, ['investor_org_id']],
    ['op', PARTNER_ORG, CO, ['investor_org_id']], ['op', INV, INV, ['company_org_id']],
  ]) {
    const bad = await srv.post('/api/v1/deals', { title: 'x', investor_org_id: inv, company_org_id: co }, S[who]);
    assertInvalid(bad, fields);
    assert.match(bad.text, /투자/);
  }
  assert.equal(await srv.total('deals', S.op), deals0);
  // a company that keeps an investor profile (a venture arm) invests: it may be a deal's investor side
  const arm = await srv.post('/api/v1/investor-profiles', { org_id: OTHER, fund_name: '기업형 벤처캐피탈' }, S.other);
  assert.equal(arm.status, 201, arm.text);
  const cvc = await srv.post('/api/v1/deals', { title: 'CVC 딜', investor_org_id: OTHER, company_org_id: CO }, S.other);
  assert.equal(cvc.status, 201, cvc.text);
  assertInvalid(await srv.post('/api/v1/deals', { title: 'x', investor_org_id: CO, company_org_id: OTHER }, S.coAdmin), ['investor_org_id']);
  assertProblem(await srv.post('/api/v1/deals', { title: 'x', investor_org_id: INV, company_org_id: CO }, S.trainee), 403);

  // stages: no leap; step by step, by either party
  const leap = assertInvalid(await patch(path, { stage: 'term_sheet' }, S.investor), ['stage']);
  assert.ok(leap.errors[0].message_ko && leap.errors[0].message_en);
  for (const [stage, who] of [['contacted', 'investor'], ['ir_meeting', 'coAdmin'], ['due_diligence', 'invAdmin'], ['term_sheet', 'investor']]) {
    const m = await patch(path, { stage }, S[who]);
    assert.equal(m.status, 200, `${stage}: ${m.text}`);
  }
  // invested needs the amount and the date: 422 naming what is missing, nothing changed
  assertInvalid(await patch(path, { stage: 'invested' }, S.investor), ['amount']);
  assertInvalid(await patch(path, { stage: 'invested', amount: 1000000000 }, S.investor), ['invested_on']);
  assert.equal((await srv.get(path, S.op)).json.stage, 'term_sheet');
  const done = await patch(path, { stage: 'invested', amount: 1000000000, invested_on: '2026-12-01' }, S.investor);
  assert.equal(done.status, 200, done.text);
  assert.deepEqual(done.json.history.split('\n').map((l) => l.slice(11)),
    ['sourced', 'sourced → contacted', 'contacted → ir_meeting', 'ir_meeting → due_diligence', 'due_diligence → term_sheet', 'term_sheet → invested']);
  // the history is the server's; the company deletes nothing of the investor's
  assertInvalid(await patch(path, { history: 'x' }, S.investor), ['history']);
  assertProblem(await srv.del(path, S.coAdmin, { headers: { 'if-match': await etag(path) } }), 403);
  // every move is audited as a transition
  const audit = await srv.get(`/api/v1/audit?collection=deals&row_id=${id}&limit=50`, S.op);
  assert.equal(audit.status, 200, audit.text);
  assert.ok(audit.json.items.length >= 6, audit.text.slice(0, 300));
  // declined from an open stage, and taken up again
  const d2 = await srv.post('/api/v1/deals', { title: '두 번째 딜', investor_org_id: INV, company_org_id: CO }, S.invAdmin);
  assert.equal(d2.status, 201, d2.text);
  assert.equal((await patch(`/api/v1/deals/${d2.json.id}`, { stage: 'declined' }, S.coMember)).status, 200);
  assert.equal((await patch(`/api/v1/deals/${d2.json.id}`, { stage: 'sourced' }, S.op)).status, 200);
  // the owner deletes its deal
  const del = await srv.del(`/api/v1/deals/${d2.json.id}`, S.investor, { headers: { 'if-match': await etag(`/api/v1/deals/${d2.json.id}`) } });
  assert.equal(del.status, 204, del.text);
});

async function event(extra = {}) {
  const r = await srv.post('/api/v1/events', { title: `데모데이 ${uniq('ev')}`, kind: 'demo_day', starts_at: iso(Date.now() + 30 * DAY), place: '고양 협력지원센터', capacity: 3, ...extra }, S.op);
  assert.equal(r.status, 201, r.text);
  return r.json;
}

test('events: anyone reads, operators write; times and capacity checked', async () => {
  const ev = await event({ registration_opens_at: iso(Date.now() - DAY), registration_closes_at: iso(Date.now() + 20 * DAY) });
  for (const k of ['op', 'staff', 'coAdmin', 'coMember', 'investor', 'partner', 'trainee']) assert.equal((await srv.get(`/api/v1/events/${ev.id}`, S[k])).status, 200, k);
  const pub = await srv.get(`/api/v1/events/${ev.id}`);
  assert.equal(pub.status, 200);
  assert.equal(pub.json.seats_taken, 0);
  for (const k of ['coAdmin', 'investor', 'partner', 'trainee']) assertProblem(await srv.post('/api/v1/events', { title: 'x', kind: 'ir', starts_at: iso(Date.now() + DAY), capacity: 5 }, S[k]), 403, k);
  assertProblem(await srv.post('/api/v1/events', { title: 'x', kind: 'ir', starts_at: iso(Date.now() + DAY), capacity: 5 }), 401);
  assertInvalid(await srv.post('/api/v1/events', { title: 'x', kind: 'ir', starts_at: iso(Date.now() + 2 * DAY), capacity: 0, status: 'held' }, S.staff), ['capacity']);
  assertInvalid(await srv.post('/api/v1/events', { title: 'x', kind: 'ir', starts_at: iso(Date.now() + 2 * DAY), ends_at: iso(Date.now() + DAY), capacity: 5,
    registration_opens_at: iso(Date.now() + DAY), registration_closes_at: iso(Date.now()) }, S.staff), ['ends_at', 'registration_closes_at']);
  assertInvalid(await patch(`/api/v1/events/${ev.id}`, { seats_taken: 2 }, S.op), ['seats_taken']);
});

test('registrations: seats never over capacity, one per organisation, cancel frees seats, operators approve and mark attendance; only the registrant and operators see them', async () => {
  const ev = await event({ capacity: 3 });
  const reg = (s, org, extra = {}) => srv.post('/api/v1/registrations', { event_id: ev.id, org_id: org, seats: 2, contact_name: '홍길동', ...extra }, s);
  const a = await reg(S.coMember, CO);
  assert.equal(a.status, 201, a.text);
  assert.equal(a.json.status, 'requested');
  assert.equal((await srv.get(`/api/v1/events/${ev.id}`)).json.seats_taken, 2);
  // two more seats do not fit; one does
  const full = assertProblem(await reg(S.investor, INV), 409);
  assert.deepEqual(full.errors.map((e) => e.field), ['seats']);
  const b = await reg(S.investor, INV, { seats: 1 });
  assert.equal(b.status, 201, b.text);
  assert.equal((await srv.get(`/api/v1/events/${ev.id}`)).json.seats_taken, 3);
  assertProblem(await reg(S.other, OTHER, { seats: 1 }), 409);
  // once per organisation
  const dup = assertProblem(await reg(S.coAdmin, CO, { seats: 1 }), 409);
  assert.deepEqual(dup.errors.map((e) => e.field), ['event_id']);
  // who sees: the registrant's organisation and operators
  const path = `/api/v1/registrations/${a.json.id}`;
  for (const k of ['op', 'staff', 'coAdmin', 'coMember', 'trainee']) assert.equal((await srv.get(path, S[k])).status, 200, k);
  for (const k of ['investor', 'other', 'partner']) assertProblem(await srv.get(path, S[k]), 404, k);
  assertProblem(await srv.get(path), 401);
  assertProblem(await reg(undefined, CO), 401);
  assertProblem(await reg(S.trainee, CO), 403);
  assertInvalid(await reg(S.other, CO, { seats: 1 }), ['org_id']);
  // the registrant does not approve itself; it cancels, which frees the seats
  assertInvalid(await patch(path, { status: 'approved' }, S.coAdmin), ['status']);
  const c = await patch(path, { status: 'cancelled' }, S.coAdmin);
  assert.equal(c.status, 200, c.text);
  assert.equal((await srv.get(`/api/v1/events/${ev.id}`)).json.seats_taken, 1);
  const o = await reg(S.other, OTHER, { seats: 2 });
  assert.equal(o.status, 201, o.text);
  // operators approve and mark attendance; back to requested is no transition
  const bp = `/api/v1/registrations/${b.json.id}`;
  assert.equal((await patch(bp, { status: 'approved' }, S.staff)).status, 200);
  assertInvalid(await patch(bp, { seats: 2 }, S.investor), ['seats']);
  assert.equal((await patch(bp, { status: 'attended' }, S.op)).status, 200);
  assertInvalid(await patch(bp, { status: 'requested' }, S.op), ['status']);
  // the capacity cannot fall below the seats taken
  assertInvalid(await patch(`/api/v1/events/${ev.id}`, { capacity: 2 }, S.op), ['capacity']);
  // a deleted registration frees its seats too
  const od = await srv.del(`/api/v1/registrations/${o.json.id}`, S.other, { headers: { 'if-match': await etag(`/api/v1/registrations/${o.json.id}`) } });
  assert.equal(od.status, 204, od.text);
  assert.equal((await srv.get(`/api/v1/events/${ev.id}`)).json.seats_taken, 1);
});

test('registrations: only within the window of a scheduled event; many at once never exceed the capacity', async () => {
  const later = await event({ registration_opens_at: iso(Date.now() + DAY) });
  assertInvalid(await srv.post('/api/v1/registrations', { event_id: later.id, org_id: CO }, S.coAdmin), ['event_id']);
  const past = await event({ registration_closes_at: iso(Date.now() - DAY), starts_at: iso(Date.now() + DAY) });
  assertInvalid(await srv.post('/api/v1/registrations', { event_id: past.id, org_id: CO }, S.coAdmin), ['event_id']);
  const cancelled = await event();
  assert.equal((await patch(`/api/v1/events/${cancelled.id}`, { status: 'cancelled' }, S.op)).status, 200);
  assertInvalid(await srv.post('/api/v1/registrations', { event_id: cancelled.id, org_id: CO }, S.coAdmin), ['event_id']);

  // eight organisations ask at the same moment for two seats left
  const ev = await event({ capacity: 2 });
  const orgs = [];
  for (let i = 0; i < 8; i++) orgs.push((await srv.post('/api/v1/orgs', orgBody(), S.op)).json.id);
  const answers = await Promise.all(orgs.map((org) => srv.post('/api/v1/registrations', { event_id: ev.id, org_id: org, seats: 1 }, S.op)));
  assert.deepEqual(answers.map((r) => r.status).sort(), [201, 201, 409, 409, 409, 409, 409, 409]);
  assert.equal((await srv.get(`/api/v1/events/${ev.id}`)).json.seats_taken, 2);
  assert.equal(await srv.total('registrations', S.op, `event_id=${ev.id}`), 2);
});

test('matching: open rounds ranked for an investor, investors ranked for a round, with reasons; only what the caller may read', async () => {
  const prof = await srv.post('/api/v1/investor-profiles', { org_id: INV, fund_name: '매칭 펀드', stages: ['series-a'], fields: ['ai', 'oncology'], ticket_min: 1000000000, ticket_max: 3000000000 }, S.invAdmin);
  assert.equal(prof.status, 201, prof.text);
  const good = await openRound({ title: '매칭 좋은 라운드', stage: 'series-a', fields: ['ai', 'oncology'], amount_sought: 2000000000 });
  const weak = await openRound({ title: '매칭 약한 라운드', stage: 'seed', fields: ['ai'], amount_sought: 100000000 });
  const draft = await srv.post('/api/v1/fundraisings', { org_id: CO, title: '초안 라운드', stage: 'series-a', amount_sought: 2000000000, fields: ['ai', 'oncology'] }, S.coAdmin);
  assert.equal(draft.status, 201);

  const m = await srv.get(`/api/v1/investor-profiles/${prof.json.id}/matches`, S.investor);
  assert.equal(m.status, 200, m.text);
  assert.deepEqual(m.json.investor, { id: prof.json.id, title: '매칭 펀드' });
  const ids = m.json.items.map((x) => x.fundraising.id);
  assert.ok(ids.indexOf(good.id) >= 0 && ids.indexOf(weak.id) > ids.indexOf(good.id), JSON.stringify(ids));
  assert.ok(!ids.includes(draft.json.id), 'a draft is no candidate');
  const top = m.json.items.find((x) => x.fundraising.id === good.id);
  assert.equal(top.score, 40 + 2 * 15 + 15);
  assert.deepEqual(top.reasons.map((x) => x.kind), ['stage', 'fields', 'amount']);
  assert.equal(top.reasons[0].ko, '투자 단계 일치: 시리즈 A');
  assert.equal(top.reasons[1].ko, '공통 분야: 인공지능, 항암');
  assert.equal(top.reasons[1].en, 'Shared fields: AI, Oncology');
  assert.equal(m.json.items.find((x) => x.fundraising.id === weak.id).score, 15);
  // another company asking for the investor's ranking sees no round it may not read
  const o = await srv.get(`/api/v1/investor-profiles/${prof.json.id}/matches`, S.other);
  assert.equal(o.status, 200, o.text);
  assert.ok(!o.json.items.some((x) => x.fundraising.org_id === CO), o.text.slice(0, 300));

  // the company: investors ranked for its round
  const c = await srv.get(`/api/v1/fundraisings/${good.id}/matches?limit=50`, S.coMember);
  assert.equal(c.status, 200, c.text);
  const mine = c.json.items.find((x) => x.investor.id === prof.json.id);
  assert.equal(mine.score, 85);
  assert.ok(c.json.items.every((x, i, a) => i === 0 || a[i - 1].score >= x.score), 'best first');
  // the round is the company's and investors': another company gets 404, anonymous 401
  assertProblem(await srv.get(`/api/v1/fundraisings/${draft.json.id}/matches`, S.investor), 404);
  assertProblem(await srv.get(`/api/v1/fundraisings/${good.id}/matches`, S.other), 404);
  assertProblem(await srv.get(`/api/v1/fundraisings/${good.id}/matches`), 401);
  assertProblem(await srv.get(`/api/v1/investor-profiles/${prof.json.id}/matches`), 401);
  assertProblem(await srv.get('/api/v1/investor-profiles/2000000000/matches', S.investor), 404);
  const bad = assertProblem(await srv.get(`/api/v1/fundraisings/${good.id}/matches?limit=0`, S.coAdmin), 400);
  assert.deepEqual(bad.errors.map((e) => e.field), ['limit']);
});

test('high-growth discovery: companies growing 20 % a year or more by their KPI reports, for operators only', async () => {
  const r = await srv.get('/api/v1/investment/high-growth', S.staff);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.threshold_pct, 20);
  assert.equal(r.json.total, r.json.items.length);
  // 진로드바이오 (demo): revenue 1.8억 → 2.232억 over three quarters is 32 % a year; 46 → 52
  // people is 17 %, below the threshold, so not a reason
  const gr = r.json.items.find((x) => x.org_id === 101);
  assert.deepEqual([gr.quarters, gr.revenue_from, gr.revenue_to, gr.revenue_growth_pct, gr.employees_growth_pct, gr.score],
    [3, 180000000, 223200000, 32, 17, 32]);
  assert.deepEqual(gr.reasons, [{ kind: 'revenue', ko: '매출 연 32% 성장', en: 'revenue up 32% a year' }]);
  // fewer than ten people at the start: head count is not compared (딥패솔로지, 5 → 58)
  const dp = r.json.items.find((x) => x.org_id === 117);
  assert.equal(dp.employees_growth_pct, null);
  assert.ok(r.json.items.every((x, i, a) => x.score >= 20 && (i === 0 || a[i - 1].score >= x.score)), 'best first, all at 20 % or more');
  assert.equal((await srv.get('/api/v1/investment/high-growth?limit=1', S.op)).json.items.length, 1);
  assert.deepEqual(assertProblem(await srv.get('/api/v1/investment/high-growth?limit=0', S.op), 400).errors.map((e) => e.field), ['limit']);
  for (const k of ['coAdmin', 'coMember', 'investor', 'invAdmin', 'partner', 'trainee']) assertProblem(await srv.get('/api/v1/investment/high-growth', S[k]), 403, k);
  assertProblem(await srv.get('/api/v1/investment/high-growth'), 401);
});
