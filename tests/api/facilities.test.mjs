// Facilities: shared labs, rooms and instruments booked by the hour, never twice at once.
// Resources with their rules (opening hours per weekday in Seoul, slot, length, how far ahead,
// approval, qualification, fee); bookings refused with 409 naming the booking they collide
// with, or 422 naming the rule; many concurrent requests for one slot: exactly one wins;
// availability; the manager's approval queue; qualifications; vouchers; spaces and leases.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertProblem, assertInvalid, uniq } from './helpers.mjs';
import { COMPANY, OTHER, CENTER, seoul, utc, WEEKDAYS, cast, newResource } from './facilities-cast.mjs';

let srv, op, company, member, other, manager, trainee;

// not closed on holidays (newResource), so that a public holiday in the weeks ahead does not
// refuse these bookings (facilities-rules.test.mjs tests holidays)
const resource = (extra = {}) => newResource(srv, op, { name: uniq('공초점 현미경'), ...WEEKDAYS, slot_minutes: 30, min_minutes: 30, max_minutes: 240, lead_days: 60, hourly_fee: 30000, ...extra });
const book = (res, start, end, s = member, extra = {}) => srv.post('/api/v1/bookings', { resource_id: res.id, starts_at: start, ends_at: end, purpose: '세포 이미징', ...extra }, s);

before(async () => {
  srv = await startServer();
  op = await srv.login();
  ({ company, member, other, manager, trainee } = await cast(srv, 'fac'));
});
after(async () => { await srv?.stop(); });

test('a booking of a free slot is 201, stored in UTC, with its fee; an overlap is 409 naming it', async () => {
  const res = await resource();
  const a = await book(res, seoul(0, 10), seoul(0, 11, 30));
  assert.equal(a.status, 201, a.text);
  assert.equal(a.json.status, 'approved');
  assert.equal(a.json.starts_at, utc(seoul(0, 10)));
  assert.equal(a.json.org_id, COMPANY);
  assert.equal(a.json.user_id, member.user.id);
  assert.equal(a.json.minutes, 90);
  assert.equal(a.json.fee, 45000);
  // without an offset the time is Seoul's
  const b = await book(res, seoul(0, 13).slice(0, 19), seoul(0, 14).slice(0, 19));
  assert.equal(b.status, 201, b.text);
  assert.equal(b.json.starts_at, utc(seoul(0, 13)));
  // any overlap, from either side or inside, names the booking it collides with
  for (const [s, e] of [[seoul(0, 11), seoul(0, 12)], [seoul(0, 9), seoul(0, 10, 30)], [seoul(0, 10, 30), seoul(0, 11)], [seoul(0, 9), seoul(0, 12)]]) {
    const r = await book(res, s, e, other);
    const p = assertProblem(r, 409);
    assert.deepEqual(p.conflicts_with, { collection: 'bookings', id: a.json.id }, r.text);
    assert.match(p.detail_en, new RegExp(`#${a.json.id}`));
    assert.match(p.detail_ko, new RegExp(`#${a.json.id}`));
    assert.ok(p.errors.some((x) => x.field === 'starts_at'));
  }
  // adjacent is fine (end == next start)
  const adj = await book(res, seoul(0, 11, 30), seoul(0, 12, 30), other);
  assert.equal(adj.status, 201, adj.text);
  // the other company does not see the first company's booking; the resource's rows are public
  assertProblem(await srv.get(`/api/v1/bookings/${a.json.id}`, other), 404);
  assert.equal((await srv.get(`/api/v1/bookings/${a.json.id}`, company)).status, 200);
  // a cancelled booking does not block
  const row = await srv.get(`/api/v1/bookings/${a.json.id}`, member);
  const c = await srv.patch(`/api/v1/bookings/${a.json.id}`, { status: 'cancelled' }, member, row.headers.get('etag'));
  assert.equal(c.status, 200, c.text);
  assert.equal((await book(res, seoul(0, 10), seoul(0, 11), other)).status, 201);
});

test('422 names the rule: order, past, too far ahead, length, slot, opening hours, weekend', async () => {
  const res = await resource();
  const cases = [
    [seoul(0, 11), seoul(0, 10), 'ends_at'],
    ['2020-01-06T10:00:00+09:00', '2020-01-06T11:00:00+09:00', 'starts_at'],
    [seoul(120, 10), seoul(120, 11), 'starts_at'],
    [seoul(0, 10), seoul(0, 10, 0).replace('T10:00', 'T10:00'), 'ends_at'],
    [seoul(0, 10), seoul(0, 15), 'ends_at'],
    [seoul(0, 10, 10), seoul(0, 11), 'starts_at'],
    [seoul(0, 8), seoul(0, 9, 30), 'starts_at'],
    [seoul(0, 17), seoul(0, 19), 'starts_at'],
    [seoul(5, 10), seoul(5, 11), 'starts_at'],
  ];
  for (const [s, e, f] of cases) {
    const p = assertInvalid(await book(res, s, e), [f], `${s}..${e}`);
    for (const x of p.errors) assert.ok(x.message_ko && x.message_en);
  }
  assertInvalid(await srv.post('/api/v1/bookings', { resource_id: res.id, starts_at: 'tomorrow', ends_at: seoul(0, 11) }, member), ['starts_at']);
  assertInvalid(await srv.post('/api/v1/bookings', { resource_id: 999999, starts_at: seoul(0, 10), ends_at: seoul(0, 11) }, member), ['resource_id']);
  // a resource under maintenance is not bookable
  const m = await resource();
  const g = await srv.get(`/api/v1/resources/${m.id}`, op);
  assert.equal((await srv.patch(`/api/v1/resources/${m.id}`, { status: 'maintenance' }, op, g.headers.get('etag'))).status, 200);
  assertInvalid(await book(m, seoul(0, 10), seoul(0, 11)), ['resource_id']);
  // opening hours are checked when a resource is declared
  assertInvalid(await srv.post('/api/v1/resources', { name: 'x', kind: 'lab', hours_mon: '9-18' }, op), ['hours_mon']);
  // anonymous callers and trainees do not book
  assertProblem(await srv.post('/api/v1/bookings', { resource_id: res.id, starts_at: seoul(0, 10), ends_at: seoul(0, 11) }), 401);
  assert.equal((await book(res, seoul(0, 10), seoul(0, 11), trainee)).status, 403);
});

test('many concurrent requests for overlapping slots: exactly one wins, and no two overlap', async () => {
  const res = await resource({ max_minutes: 480 });
  const N = 60;
  const rs = await Promise.all(Array.from({ length: N }, (_, i) => {
    const s = member;
    const start = seoul(1, 9 + (i % 4), (i % 2) * 30);
    return book(res, start, seoul(1, 13 + (i % 4)), s);
  }));
  const won = rs.filter((r) => r.status === 201);
  const lost = rs.filter((r) => r.status === 409);
  assert.equal(won.length, 1, rs.map((r) => r.status).join(','));
  assert.equal(lost.length, N - 1);
  for (const r of lost) assert.equal(r.json.conflicts_with.id, won[0].json.id);
  const all = (await srv.all('bookings', `resource_id=${res.id}`, op)).items.filter((b) => !['declined', 'cancelled'].includes(b.status));
  for (const x of all) for (const y of all) if (x.id !== y.id) assert.ok(x.ends_at <= y.starts_at || y.ends_at <= x.starts_at, `${x.id} overlaps ${y.id}`);
});

test('availability: the opening hours minus the bookings, in UTC', async () => {
  const res = await resource();
  assert.equal((await book(res, seoul(0, 10), seoul(0, 11))).status, 201);
  const from = seoul(0, 0).slice(0, 10), to = seoul(1, 0).slice(0, 10);
  const r = await srv.get(`/api/v1/resources/${res.id}/availability?from=${from}&to=${to}`);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.free, [
    { starts_at: utc(seoul(0, 9)), ends_at: utc(seoul(0, 10)) },
    { starts_at: utc(seoul(0, 11)), ends_at: utc(seoul(0, 18)) },
  ]);
  assert.deepEqual(r.json.busy, [{ starts_at: utc(seoul(0, 10)), ends_at: utc(seoul(0, 11)) }]);
  const enc = encodeURIComponent(seoul(0, 9, 30));
  const r2 = await srv.get(`/api/v1/resources/${res.id}/availability?from=${enc}&to=${encodeURIComponent(seoul(0, 10, 30))}`, other);
  assert.deepEqual(r2.json.free, [{ starts_at: utc(seoul(0, 9, 30)), ends_at: utc(seoul(0, 10)) }]);
  const p = assertProblem(await srv.get(`/api/v1/resources/${res.id}/availability?from=${to}&to=${from}`), 400);
  assert.deepEqual(p.errors.map((e) => e.field), ['to']);
  assertProblem(await srv.get(`/api/v1/resources/${res.id}/availability?from=soon`), 400);
  assertProblem(await srv.get(`/api/v1/resources/${res.id}/availability?from=2026-01-01&to=2026-06-01`), 400);
  assertProblem(await srv.get('/api/v1/resources/999999/availability'), 404);
});

test('approval: requested, then the manager decides; the booker only cancels', async () => {
  const res = await resource({ requires_approval: true, manager_org_id: CENTER });
  const r = await book(res, seoul(2, 10), seoul(2, 11));
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.status, 'requested');
  // a requested booking holds its time
  assertProblem(await book(res, seoul(2, 10), seoul(2, 11), other), 409);
  // the manager sees it (the read table's via) and is told; the other company does not
  assert.equal((await srv.get(`/api/v1/bookings/${r.json.id}`, manager)).status, 200);
  assert.ok((await srv.get(`/api/v1/bookings?status=requested&resource_id=${res.id}`, manager)).json.items.some((b) => b.id === r.json.id));
  assert.ok((await srv.get('/api/v1/notifications', manager)).json.items.some((n) => n.kind === 'booking-requested'));
  // the booker may not approve itself
  const row = await srv.get(`/api/v1/bookings/${r.json.id}`, member);
  assertInvalid(await srv.patch(`/api/v1/bookings/${r.json.id}`, { status: 'approved' }, company, row.headers.get('etag')), ['status']);
  assertProblem(await srv.post(`/api/v1/bookings/${r.json.id}/decision`, { status: 'approved' }, company), 403);
  assertProblem(await srv.post(`/api/v1/bookings/${r.json.id}/decision`, { status: 'approved' }, other), 404);
  assertInvalid(await srv.post(`/api/v1/bookings/${r.json.id}/decision`, { status: 'maybe' }, manager), ['status']);
  const ok = await srv.post(`/api/v1/bookings/${r.json.id}/decision`, { status: 'approved', note: '사용 전 교육실 방문' }, manager);
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.status, 'approved');
  assert.equal(ok.json.decision_note, '사용 전 교육실 방문');
  assert.ok((await srv.get('/api/v1/notifications', company)).json.items.some((n) => n.kind === 'booking-approved'));
  // approved → declined is no transition
  assertInvalid(await srv.post(`/api/v1/bookings/${r.json.id}/decision`, { status: 'declined' }, manager), ['status']);
  // a declined request frees its time
  const r2 = await book(res, seoul(2, 13), seoul(2, 14));
  assert.equal((await srv.post(`/api/v1/bookings/${r2.json.id}/decision`, { status: 'declined' }, manager)).json.status, 'declined');
  assert.equal((await book(res, seoul(2, 13), seoul(2, 14), other)).status, 201);
});

test('qualification: refused without a valid one, booked with it', async () => {
  const res = await resource({ requires_qualification: true });
  assertInvalid(await book(res, seoul(3, 10), seoul(3, 11)), ['resource_id']);
  // an expired qualification does not count
  const old = await srv.post('/api/v1/qualifications', { user_id: member.user.id, resource_id: res.id, expires_on: '2020-12-31' }, op);
  assert.equal(old.status, 201, old.text);
  assert.equal(old.json.granted_by, op.user.id);
  assertInvalid(await book(res, seoul(3, 10), seoul(3, 11)), ['resource_id']);
  const q = await srv.post('/api/v1/qualifications', { user_id: member.user.id, resource_id: res.id, expires_on: '2099-12-31', note: '안전 교육 이수' }, op);
  assert.equal(q.status, 201, q.text);
  assert.equal((await book(res, seoul(3, 10), seoul(3, 11))).status, 201);
  // only operators grant; the user sees their own
  assert.equal((await srv.post('/api/v1/qualifications', { user_id: member.user.id, resource_id: res.id }, company)).status, 403);
  assert.equal((await srv.get(`/api/v1/qualifications/${q.json.id}`, member)).status, 200);
  assertProblem(await srv.get(`/api/v1/qualifications/${q.json.id}`, other), 404);
});

test('vouchers pay their share up to the cap, never beyond; a cancellation gives it back', async () => {
  const res = await resource({ hourly_fee: 100000 });
  const year = Number(seoul(0, 0).slice(0, 4));
  const v = await srv.post('/api/v1/vouchers', { program: '장비활용 바우처', org_id: OTHER, year, share_percent: 70, yearly_cap: 100000 }, op);
  assert.equal(v.status, 201, v.text);
  assertInvalid(await srv.post('/api/v1/vouchers', { program: 'x', org_id: OTHER, year, share_percent: 80, yearly_cap: 1 }, op), ['share_percent']);
  const a = await book(res, seoul(4, 9), seoul(4, 10), other);
  assert.equal(a.status, 201, a.text);
  assert.deepEqual([a.json.fee, a.json.voucher_part, a.json.company_part, a.json.voucher_id], [100000, 70000, 30000, v.json.id]);
  // concurrent bookings: the voucher's balance never goes below zero
  const rs = await Promise.all([10, 11, 12, 13].map((h) => book(res, seoul(4, h), seoul(4, h + 1), other)));
  assert.ok(rs.every((r) => r.status === 201));
  const parts = rs.map((r) => r.json.voucher_part).sort((x, y) => y - x);
  assert.deepEqual(parts, [30000, 0, 0, 0]);
  assert.equal((await srv.get(`/api/v1/vouchers/${v.json.id}`, other)).json.used, 100000);
  assertProblem(await srv.get(`/api/v1/vouchers/${v.json.id}`, company), 404);
  const row = await srv.get(`/api/v1/bookings/${a.json.id}`, other);
  assert.equal((await srv.patch(`/api/v1/bookings/${a.json.id}`, { status: 'cancelled' }, other, row.headers.get('etag'))).status, 200);
  assert.equal((await srv.get(`/api/v1/vouchers/${v.json.id}`, other)).json.used, 30000);
});

test('spaces and leases: the center leases offices to tenants', async () => {
  const s = await srv.post('/api/v1/spaces', { name: uniq('입주 사무실'), kind: 'office', floor: 3, area_m2: 45.5, monthly_rent: 1200000 }, op);
  assert.equal(s.status, 201, s.text);
  assert.equal(s.json.area_m2, 45.5);
  const l = await srv.post('/api/v1/leases', { space_id: s.json.id, org_id: COMPANY, starts_on: '2026-01-01', ends_on: '2027-12-31', monthly_rent: 1200000 }, op);
  assert.equal(l.status, 201, l.text);
  assertInvalid(await srv.post('/api/v1/leases', { space_id: s.json.id, org_id: COMPANY, starts_on: '2026-01-01', ends_on: '2025-12-31' }, op), ['ends_on']);
  assert.equal((await srv.get(`/api/v1/leases/${l.json.id}`, company)).status, 200);
  assertProblem(await srv.get(`/api/v1/leases/${l.json.id}`, other), 404);
  assert.equal((await srv.post('/api/v1/leases', { space_id: s.json.id, org_id: COMPANY, starts_on: '2026-01-01' }, company)).status, 403);
  assert.equal((await srv.get(`/api/v1/spaces/${s.json.id}`)).status, 200);
});
