// Facilities, the rules beyond opening hours: public holidays (a table operators keep, seeded for
// 2026-2027), maintenance and blackout periods per resource, the cancellation deadline, weekly
// series booked all or nothing, every boundary the issue names, and 200 concurrent clients for
// one resource, on one process and on two processes serving one database file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { startServer, assertProblem, assertInvalid, uniq, until, BIN, dbSql } from './helpers.mjs';
import { COMPANY, OTHER, CENTER, seoul, day, utc, WEEKDAYS, cast, newResource } from './facilities-cast.mjs';

let srv, srv2, op, company, member, other, manager, trainee;

/** A resource open on weekdays 09-18; not closed on holidays unless asked (the seeded ones may
 * fall in the weeks these tests book). */
const resource = (extra = {}) => newResource(srv, op, { name: uniq('유세포 분석기'), ...WEEKDAYS, slot_minutes: 30, min_minutes: 30, max_minutes: 240, lead_days: 60, hourly_fee: 20000, ...extra });
const book = (res, start, end, s = member, extra = {}, server = srv) => server.post('/api/v1/bookings', { resource_id: res.id, starts_at: start, ends_at: end, purpose: '세포 분석', ...extra }, s);
const cancel = async (id, s) => {
  const g = await srv.get(`/api/v1/bookings/${id}`, s);
  return srv.patch(`/api/v1/bookings/${id}`, { status: 'cancelled' }, s, g.headers.get('etag'));
};
/** No two bookings of the resource that hold their time overlap. */
async function assertNoOverlap(resId) {
  const all = (await srv.all('bookings', `resource_id=${resId}`, op)).items.filter((b) => !['declined', 'cancelled'].includes(b.status));
  for (const x of all) for (const y of all) if (x.id !== y.id) assert.ok(x.ends_at <= y.starts_at || y.ends_at <= x.starts_at, `${x.id} overlaps ${y.id}`);
  return all;
}
/** The first day offset >= from (a multiple of 7 away) such that neither it nor the next `span`
 * days is a holiday. */
async function dayWithoutHoliday(from, span = 0) {
  for (let d = from; ; d += 7) {
    const r = await srv.get(`/api/v1/holidays?date_from=${day(d - 1)}&date_to=${day(d + span)}`);
    if (r.json.items.length === 0) return d;
  }
}

before(async () => {
  srv = await startServer();
  op = await srv.login();
  ({ company, member, other, manager, trainee } = await cast(srv, 'rules'));
  srv2 = await startServer({ db: srv.db }); // a second process on the same database file
});
after(async () => {
  await srv2?.stop();
  await srv?.stop();
});

test('holidays: seeded for 2026 and 2027, read by anyone, kept by operators', async () => {
  const xmas = await srv.get('/api/v1/holidays?date=2026-12-25');
  assert.equal(xmas.status, 200, xmas.text);
  assert.deepEqual(xmas.json.items.map((h) => [h.date, h.name_ko, h.name_en]), [['2026-12-25', '성탄절', 'Christmas Day']]);
  const y26 = await srv.all('holidays', 'date_from=2026-01-01&date_to=2026-12-31');
  const y27 = await srv.all('holidays', 'date_from=2027-01-01&date_to=2027-12-31');
  assert.equal(y26.total, 21); // 0041's twenty and 제헌절, a public holiday again (lifecycle's 0090)
  assert.equal(y27.total, 21);
  assert.ok(y26.items.some((h) => h.date === '2026-07-17' && h.name_ko === '제헌절'));
  assert.ok(!y26.items.some((h) => h.date === '2026-09-28')); // 추석 on Thursday to Saturday: no substitute day
  assert.ok(y26.items.some((h) => h.date === '2026-09-25' && h.name_ko === '추석'));
  assert.ok(y27.items.some((h) => h.date === '2027-02-09' && h.name_ko === '대체공휴일(설날)'));
  // operators add and remove; others may not
  assertProblem(await srv.post('/api/v1/holidays', { date: '2028-01-01', name_ko: '신정', name_en: "New Year's Day" }, company), 403);
  assertProblem(await srv.post('/api/v1/holidays', { date: '2028-01-01', name_ko: '신정', name_en: "New Year's Day" }), 401);
  assertInvalid(await srv.post('/api/v1/holidays', { date: '2028-02-30', name_ko: '', name_en: 'x' }, op), ['date', 'name_ko']);
  const h = await srv.post('/api/v1/holidays', { date: '2028-01-01', name_ko: '신정', name_en: "New Year's Day" }, op);
  assert.equal(h.status, 201, h.text);
  assert.equal((await srv.del(`/api/v1/holidays/${h.json.id}`, op)).status, 204);
});

test('a resource closed on holidays refuses a booking touching one (422 naming starts_at with its name) and leaves it out of availability', async () => {
  const d = await dayWithoutHoliday(8); // a Tuesday
  const h = await srv.post('/api/v1/holidays', { date: day(d), name_ko: '임시 공휴일', name_en: 'Special holiday' }, op);
  assert.equal(h.status, 201, h.text);
  const closed = await resource({ closed_on_holidays: true, hours_mon: '00:00-24:00', hours_tue: '00:00-24:00' });
  const open = await resource();
  const p = assertInvalid(await book(closed, seoul(d, 10), seoul(d, 11)), ['starts_at']);
  assert.match(p.errors[0].message_ko, new RegExp(`${day(d)}.*임시 공휴일`));
  assert.match(p.errors[0].message_en, new RegExp(`${day(d)}.*Special holiday`));
  // across midnight into the holiday, from the Monday before: refused too
  assertInvalid(await book(closed, seoul(d - 1, 23), seoul(d, 1)), ['starts_at']);
  // up to its midnight is fine (adjacent to the holiday)
  assert.equal((await book(closed, seoul(d - 1, 22), seoul(d, 0))).status, 201);
  // a resource that is not closed on holidays takes it
  assert.equal((await book(open, seoul(d, 10), seoul(d, 11))).status, 201);
  // availability: the holiday's day is not open, and is named among the closures
  const a = await srv.get(`/api/v1/resources/${closed.id}/availability?from=${day(d)}&to=${day(d + 1)}`);
  assert.equal(a.status, 200, a.text);
  assert.deepEqual(a.json.open, []);
  assert.deepEqual(a.json.free, []);
  assert.deepEqual(a.json.closed, [{ starts_at: utc(seoul(d, 0)), ends_at: utc(seoul(d + 1, 0)), kind: 'holiday', reason: '임시 공휴일' }]);
  const b = await srv.get(`/api/v1/resources/${open.id}/availability?from=${day(d)}&to=${day(d + 1)}`);
  assert.deepEqual(b.json.open, [{ starts_at: utc(seoul(d, 9)), ends_at: utc(seoul(d, 18)) }]);
  assert.deepEqual(b.json.closed, []);
  // the seeded holidays count: Christmas 2026 on a resource open every day
  const every = await resource({ closed_on_holidays: true, lead_days: 730, ...Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((w) => [`hours_${w}`, '09:00-18:00'])) });
  if (utc('2026-12-25T10:00:00+09:00') > new Date().toISOString()) {
    const x = assertInvalid(await book(every, '2026-12-25T10:00:00+09:00', '2026-12-25T11:00:00+09:00'), ['starts_at']);
    assert.match(x.errors[0].message_en, /2026-12-25.*Christmas Day/);
  }
  const y = assertInvalid(await book(every, '2027-09-15T10:00:00+09:00', '2027-09-15T11:00:00+09:00'), ['starts_at']);
  assert.match(y.errors[0].message_ko, /2027-09-15.*추석/);
});

test('maintenance and blackout periods: written by the managing organisation or operators; bookings inside refused; over held bookings 409', async () => {
  const res = await resource({ manager_org_id: CENTER });
  const booked = await book(res, seoul(2, 15), seoul(2, 16));
  assert.equal(booked.status, 201, booked.text);
  const period = { resource_id: res.id, kind: 'maintenance', starts_at: seoul(2, 9), ends_at: seoul(2, 12), reason: '레이저 정렬 점검' };
  // not the booking company, not another organisation
  assertInvalid(await srv.post('/api/v1/blackouts', period, company), ['resource_id']);
  assertInvalid(await srv.post('/api/v1/blackouts', period, other), ['resource_id']);
  assertProblem(await srv.post('/api/v1/blackouts', period, trainee), 403);
  assertProblem(await srv.post('/api/v1/blackouts', period), 401);
  assertInvalid(await srv.post('/api/v1/blackouts', { ...period, ends_at: seoul(2, 9) }, manager), ['ends_at']);
  const m = await srv.post('/api/v1/blackouts', period, manager);
  assert.equal(m.status, 201, m.text);
  assert.equal(m.json.org_id, CENTER);
  assert.equal(m.json.starts_at, utc(seoul(2, 9)));
  // a booking sharing an instant with it: 422 naming starts_at and the period
  for (const [s, e] of [[seoul(2, 11), seoul(2, 13)], [seoul(2, 9), seoul(2, 10)], [seoul(2, 10), seoul(2, 11)], [seoul(2, 9), seoul(2, 12)]]) {
    const p = assertInvalid(await book(res, s, e), ['starts_at'], `${s}..${e}`);
    assert.match(p.errors[0].message_en, new RegExp(`maintenance period #${m.json.id} .*레이저 정렬 점검`));
    assert.match(p.errors[0].message_ko, new RegExp(`점검 기간\\(#${m.json.id}`));
  }
  // adjacent on either side is fine
  assert.equal((await book(res, seoul(2, 12), seoul(2, 13))).status, 201);
  // over a held booking: 409 naming it, nothing written
  const over = await srv.post('/api/v1/blackouts', { ...period, kind: 'blackout', starts_at: seoul(2, 15, 30), ends_at: seoul(2, 17), reason: '정전 작업' }, op);
  const p = assertProblem(over, 409);
  assert.deepEqual(p.conflicts_with, { collection: 'bookings', id: booked.json.id });
  assert.match(p.detail_en, new RegExp(`#${booked.json.id}`));
  assert.equal((await srv.all('blackouts', `resource_id=${res.id}`)).total, 1);
  // once the booking is cancelled, the operator's blackout goes in
  assert.equal((await cancel(booked.json.id, member)).status, 200);
  const bo = await srv.post('/api/v1/blackouts', { ...period, kind: 'blackout', starts_at: seoul(2, 15, 30), ends_at: seoul(2, 17), reason: '정전 작업' }, op);
  assert.equal(bo.status, 201, bo.text);
  assert.equal(bo.json.org_id, CENTER);
  // availability leaves both out and names them; anyone reads the periods
  const a = await srv.get(`/api/v1/resources/${res.id}/availability?from=${day(2)}&to=${day(3)}`);
  assert.equal(a.status, 200, a.text);
  assert.deepEqual(a.json.open, [{ starts_at: utc(seoul(2, 12)), ends_at: utc(seoul(2, 15, 30)) }, { starts_at: utc(seoul(2, 17)), ends_at: utc(seoul(2, 18)) }]);
  assert.deepEqual(a.json.free, [{ starts_at: utc(seoul(2, 13)), ends_at: utc(seoul(2, 15, 30)) }, { starts_at: utc(seoul(2, 17)), ends_at: utc(seoul(2, 18)) }]);
  assert.deepEqual(a.json.closed.map((c) => [c.kind, c.reason, c.blackout_id]), [['maintenance', '레이저 정렬 점검', m.json.id], ['blackout', '정전 작업', bo.json.id]]);
  assert.equal((await srv.get(`/api/v1/blackouts/${m.json.id}`)).json.reason, '레이저 정렬 점검');
  // the managing organisation changes the reason and removes its period; others may not
  const g = await srv.get(`/api/v1/blackouts/${m.json.id}`, manager);
  assert.equal((await srv.patch(`/api/v1/blackouts/${m.json.id}`, { reason: '레이저 정렬 재점검' }, other, g.headers.get('etag'))).status, 403);
  const ch = await srv.patch(`/api/v1/blackouts/${m.json.id}`, { reason: '레이저 정렬 재점검' }, manager, g.headers.get('etag'));
  assert.equal(ch.status, 200, ch.text);
  assertInvalid(await srv.patch(`/api/v1/blackouts/${m.json.id}`, { starts_at: seoul(2, 10) }, manager, ch.headers.get('etag')), ['starts_at']);
  assert.equal((await srv.del(`/api/v1/blackouts/${m.json.id}`, manager)).status, 204);
  assert.equal((await book(res, seoul(2, 10), seoul(2, 11))).status, 201);
});

test('cancellation deadline: the booking organisation cancels before it, the manager and operators after it', async () => {
  const late = await resource({ manager_org_id: CENTER, cancel_hours: 720 });
  const soon = await resource({ manager_org_id: CENTER, cancel_hours: 24 });
  assertInvalid(await srv.post('/api/v1/resources', { name: 'x', kind: 'lab', cancel_hours: 721 }, op), ['cancel_hours']);
  const a = await book(late, seoul(1, 10), seoul(1, 11));
  assert.equal(a.status, 201, a.text);
  const p = assertInvalid(await cancel(a.json.id, member), ['status']);
  assert.match(p.errors[0].message_en, /cancellation deadline \(720 hours before the start/);
  assert.match(p.errors[0].message_ko, /취소 마감\(시작 720시간 전/);
  assert.equal((await srv.get(`/api/v1/bookings/${a.json.id}`, member)).json.status, 'approved');
  // the manager cancels through the decision route, with a note the company is told of
  const d = await srv.post(`/api/v1/bookings/${a.json.id}/decision`, { status: 'cancelled', note: '장비 고장' }, manager);
  assert.equal(d.status, 200, d.text);
  assert.equal(d.json.status, 'cancelled');
  assert.ok((await srv.get('/api/v1/notifications', company)).json.items.some((n) => n.kind === 'booking-cancelled'));
  assertProblem(await srv.post(`/api/v1/bookings/${a.json.id}/decision`, { status: 'cancelled' }, company), 403);
  // an operator cancels past the deadline too
  const b = await book(late, seoul(1, 12), seoul(1, 13));
  const g = await srv.get(`/api/v1/bookings/${b.json.id}`, op);
  assert.equal((await srv.patch(`/api/v1/bookings/${b.json.id}`, { status: 'cancelled' }, op, g.headers.get('etag'))).status, 200);
  // before the deadline the booker cancels
  const c = await book(soon, seoul(1, 10), seoul(1, 11));
  const ok = await cancel(c.json.id, member);
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.status, 'cancelled');
});

test('boundaries: adjacent, across midnight, outside hours, holiday, too long, too far ahead, past, after the deadline', async () => {
  const d = await dayWithoutHoliday(3, 1); // a Thursday (and the Wednesday before, the Friday after)
  const res = await resource({ hours_thu: '00:00-24:00', hours_fri: '00:00-24:00', max_minutes: 180, lead_days: 60, cancel_hours: 720, closed_on_holidays: true });
  const first = await book(res, seoul(d, 10), seoul(d, 11));
  assert.equal(first.status, 201, first.text);
  // adjacent on both sides
  assert.equal((await book(res, seoul(d, 9), seoul(d, 10), other)).status, 201);
  assert.equal((await book(res, seoul(d, 11), seoul(d, 12), other)).status, 201);
  // across midnight, Thursday to Friday, both open round the clock
  const night = await book(res, seoul(d, 23), seoul(d + 1, 1));
  assert.equal(night.status, 201, night.text);
  assert.equal(night.json.minutes, 120);
  assertProblem(await book(res, seoul(d + 1, 0), seoul(d + 1, 2), other), 409);
  // across midnight into a day that is closed (Wednesday 09-18 into Thursday): outside hours
  assertInvalid(await book(res, seoul(d - 1, 23), seoul(d, 1)), ['starts_at']);
  // outside hours
  assertInvalid(await book(res, seoul(d - 1, 17), seoul(d - 1, 19)), ['starts_at']);
  // too long, too far ahead, in the past
  assertInvalid(await book(res, seoul(d, 13), seoul(d, 16, 30)), ['ends_at']);
  assertInvalid(await book(res, seoul(d + 70, 10), seoul(d + 70, 11)), ['starts_at']);
  assertInvalid(await book(res, '2026-01-08T10:00:00+09:00', '2026-01-08T11:00:00+09:00'), ['starts_at']);
  // a holiday (an operator's, on the Friday)
  const hd = await dayWithoutHoliday(d + 7);
  const h = await srv.post('/api/v1/holidays', { date: day(hd), name_ko: '개교기념일', name_en: 'Foundation day' }, op);
  assert.equal(h.status, 201, h.text);
  const hp = assertInvalid(await book(res, seoul(hd, 10), seoul(hd, 11)), ['starts_at']);
  assert.match(hp.errors[0].message_en, /Foundation day/);
  // cancellation after the deadline
  assertInvalid(await cancel(first.json.id, member), ['status']);
  await assertNoOverlap(res.id);
});

test('a weekly series is booked all or nothing, with one series id, and cancelled as a whole', async () => {
  const res = await resource({ requires_approval: true, manager_org_id: CENTER });
  const d = 1; // Tuesdays (the resource is open on holidays)
  const s = await book(res, seoul(d, 10), seoul(d, 11), member, { repeat_until: day(d + 14) });
  assert.equal(s.status, 201, s.text);
  assert.equal(s.json.status, 'requested');
  assert.equal(s.json.repeat_until, day(d + 14));
  assert.ok(Number.isInteger(s.json.series_id) && s.json.series_id > 0, s.text);
  const series = (await srv.all('bookings', `series_id=${s.json.series_id}&sort=starts_at`, member)).items;
  assert.deepEqual(series.map((b) => [b.starts_at, b.ends_at, b.status, b.org_id]), [0, 7, 14].map((k) => [utc(seoul(d + k, 10)), utc(seoul(d + k, 11)), 'requested', COMPANY]));
  // the manager is told once, not once a week
  const told = (await srv.get('/api/v1/notifications', manager)).json.items.filter((n) => n.kind === 'booking-requested' && n.link === `/facilities/bookings/${s.json.id}`);
  assert.equal(told.length, 1);
  // partly blocked by another booking in the third week: 409 naming it, nothing booked
  const blocker = await book(res, seoul(d + 35, 10, 30), seoul(d + 35, 11, 30), other);
  assert.equal(blocker.status, 201, blocker.text);
  const before = (await srv.all('bookings', `resource_id=${res.id}`, op)).total;
  const r = await book(res, seoul(d + 21, 10), seoul(d + 21, 11), member, { repeat_until: day(d + 42) });
  const p = assertProblem(r, 409);
  assert.deepEqual(p.conflicts_with, { collection: 'bookings', id: blocker.json.id });
  assert.deepEqual(p.errors.map((e) => e.field), ['starts_at']);
  assert.equal((await srv.all('bookings', `resource_id=${res.id}`, op)).total, before);
  // partly blocked by a holiday or a maintenance period: 422, nothing booked
  const m = await srv.post('/api/v1/blackouts', { resource_id: res.id, starts_at: seoul(d + 28, 0), ends_at: seoul(d + 29, 0), reason: '정기 점검' }, manager);
  assert.equal(m.status, 201, m.text);
  const q = assertInvalid(await book(res, seoul(d + 21, 13), seoul(d + 21, 14), member, { repeat_until: day(d + 28) }), ['starts_at']);
  assert.match(q.detail_en, new RegExp(`weekly booking of ${day(d + 28)} is refused`));
  assert.equal((await srv.all('bookings', `resource_id=${res.id}`, op)).total, before);
  // repeat_until before the first day, past the lead days
  assertInvalid(await book(res, seoul(d + 21, 15), seoul(d + 21, 16), member, { repeat_until: day(d) }), ['repeat_until']);
  assertInvalid(await book(res, seoul(d + 21, 15), seoul(d + 21, 16), member, { repeat_until: day(d + 91) }), ['repeat_until']);
  // cancel the series: not another company (404), not a booking outside a series (422)
  assertProblem(await srv.post(`/api/v1/bookings/${series[1].id}/cancel-series`, undefined, other), 404);
  assertInvalid(await srv.post(`/api/v1/bookings/${blocker.json.id}/cancel-series`, undefined, other), ['series_id']);
  const c = await srv.post(`/api/v1/bookings/${series[1].id}/cancel-series`, undefined, member);
  assert.equal(c.status, 200, c.text);
  assert.deepEqual(c.json, { series_id: s.json.series_id, cancelled: series.map((b) => b.id), kept: [] });
  const after = (await srv.all('bookings', `series_id=${s.json.series_id}`, member)).items;
  assert.deepEqual(after.map((b) => b.status), ['cancelled', 'cancelled', 'cancelled']);
  // a cancellation deadline keeps what the booker may no longer cancel; the manager cancels it
  const late = await resource({ manager_org_id: CENTER, cancel_hours: 24 * 20 });
  const t = await book(late, seoul(d, 10), seoul(d, 11), member, { repeat_until: day(d + 21) });
  assert.equal(t.status, 201, t.text);
  const ids = (await srv.all('bookings', `series_id=${t.json.series_id}&sort=starts_at`, member)).items.map((b) => b.id);
  const byDeadline = (b) => new Date(b) - Date.now() > 20 * 86400e3;
  const want = [0, 7, 14, 21].map((k, i) => [ids[i], byDeadline(utc(seoul(d + k, 10)))]);
  const c2 = await srv.post(`/api/v1/bookings/${t.json.id}/cancel-series`, undefined, company);
  assert.equal(c2.status, 200, c2.text);
  assert.deepEqual(c2.json, { series_id: t.json.series_id, cancelled: want.filter((x) => x[1]).map((x) => x[0]), kept: want.filter((x) => !x[1]).map((x) => x[0]) });
  const c3 = await srv.post(`/api/v1/bookings/${t.json.id}/cancel-series`, undefined, manager);
  assert.deepEqual(c3.json, { series_id: t.json.series_id, cancelled: want.filter((x) => !x[1]).map((x) => x[0]), kept: [] });
});

test('200 clients at once for overlapping slots of one resource: exactly one 201, the rest 409, no overlap stored', async () => {
  const res = await resource({ max_minutes: 480 });
  const N = 200;
  const rs = await Promise.all(Array.from({ length: N }, (_, i) => book(res, seoul(4, 9 + (i % 4), (i % 2) * 30), seoul(4, 13 + (i % 4)), i % 2 ? member : other)));
  const won = rs.filter((r) => r.status === 201);
  assert.equal(won.length, 1, rs.map((r) => r.status).join(','));
  assert.equal(rs.filter((r) => r.status === 409).length, N - 1);
  for (const r of rs) if (r.status === 409) assert.equal(r.json.conflicts_with.id, won[0].json.id);
  assert.equal((await assertNoOverlap(res.id)).length, 1);
});

test('the same with two bpmc serve processes on one database file', async () => {
  const res = await resource({ max_minutes: 480 });
  const N = 200;
  const rs = await Promise.all(Array.from({ length: N }, (_, i) => book(res, seoul(4, 9 + (i % 4), (i % 2) * 30), seoul(4, 13 + (i % 4)), i % 3 ? member : other, {}, i % 2 ? srv2 : srv)));
  const won = rs.filter((r) => r.status === 201);
  assert.equal(won.length, 1, rs.map((r) => r.status).join(','));
  assert.equal(rs.filter((r) => r.status === 409).length, N - 1, rs.filter((r) => r.status !== 409 && r.status !== 201).map((r) => r.text).join('\n'));
  assert.equal((await assertNoOverlap(res.id)).length, 1);
  // and many disjoint slots booked through both at once: every one booked, none overlapping
  const slots = Array.from({ length: 16 }, (_, i) => [seoul(7 + Math.floor(i / 8), 9 + (i % 8)), seoul(7 + Math.floor(i / 8), 10 + (i % 8))]);
  const many = await Promise.all(slots.flatMap(([s, e], i) => [book(res, s, e, member, {}, srv), book(res, s, e, other, {}, srv2)].map((p) => p.then((r) => [i, r]))));
  const per = new Map();
  for (const [i, r] of many) { assert.ok([201, 409].includes(r.status), r.text); if (r.status === 201) per.set(i, (per.get(i) || 0) + 1); }
  assert.deepEqual([...per.values()], Array(16).fill(1));
  assert.equal((await assertNoOverlap(res.id)).length, 17);
});

/** A resource open round the clock, in 5-minute slots, that marks no-shows after grace minutes. */
const roundTheClock = (extra = {}) => resource({ ...Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((w) => [`hours_${w}`, '00:00-24:00'])), slot_minutes: 5, min_minutes: 5, manager_org_id: CENTER, ...extra });
/** The next 5-minute boundary at least a minute away, plus minutes, as an ISO instant. */
const soon = (minutes = 0) => new Date(Math.ceil((Date.now() + 60e3) / 300e3) * 300e3 + minutes * 60e3).toISOString().replace('.000Z', 'Z');
const sweep = (now) => new Promise((resolve, reject) => {
  const c = spawn(BIN, ['noshow-sweep', '--db', srv.db, ...(now ? ['--now', now] : [])], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '', err = '';
  c.stdout.on('data', (d) => { out += d; });
  c.stderr.on('data', (d) => { err += d; });
  c.on('error', reject);
  c.on('exit', (code) => (code === 0 ? resolve(Number(/(\d+) bookings marked/.exec(out)?.[1])) : reject(new Error(`noshow-sweep exit ${code}: ${err}`))));
});
const noShowNotices = async (id) => (await srv.all('notifications', '', company)).items.filter((n) => n.kind === 'booking-no-show' && n.link === `/facilities/bookings/${id}`).length;

test('check-in: the booking organisation, from 15 minutes before the start to the end; the QR code opens the check-in page', async () => {
  const res = await roundTheClock({ noshow_minutes: 10 });
  const a = await book(res, soon(), soon(30));
  assert.equal(a.status, 201, a.text);
  assertProblem(await srv.post(`/api/v1/bookings/${a.json.id}/check-in`, undefined, other), 404);
  assertProblem(await srv.post(`/api/v1/bookings/${a.json.id}/check-in`, undefined, trainee), 403);
  assertProblem(await srv.post(`/api/v1/bookings/${a.json.id}/check-in`), 401);
  assertProblem(await srv.post('/api/v1/bookings/999999/check-in', undefined, member), 404);
  const c = await srv.post(`/api/v1/bookings/${a.json.id}/check-in`, undefined, member);
  assert.equal(c.status, 200, c.text);
  assert.equal(c.json.checked_in_by, member.user.id);
  const at = Date.parse(c.json.checked_in_at);
  assert.ok(at <= Date.now() && at > Date.now() - 60e3, c.json.checked_in_at);
  const again = await srv.post(`/api/v1/bookings/${a.json.id}/check-in`, undefined, company);
  assert.equal(again.status, 200, again.text);
  assert.equal(again.json.checked_in_at, c.json.checked_in_at);
  // too early: more than 15 minutes before the start
  const later = await book(res, soon(60), soon(90));
  assertInvalid(await srv.post(`/api/v1/bookings/${later.json.id}/check-in`, undefined, member), ['starts_at']);
  assert.equal((await cancel(later.json.id, member)).status, 200);
  // only a confirmed booking
  const req = await roundTheClock({ requires_approval: true });
  const r = await book(req, soon(), soon(30));
  assertInvalid(await srv.post(`/api/v1/bookings/${r.json.id}/check-in`, undefined, member), ['status']);
  // the QR code for the door: an SVG naming the check-in page
  const q = await srv.get(`/api/v1/resources/${res.id}/qr.svg`);
  assert.equal(q.status, 200, q.text);
  assert.equal(q.headers.get('content-type'), 'image/svg+xml');
  assert.match(q.text, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 (\d+) \1"/);
  assert.ok(q.text.includes(`${srv.base}/resources/${res.id}/check-in</title>`), q.text.slice(0, 300));
  assertProblem(await srv.get('/api/v1/resources/999999/qr.svg'), 404);
});

test('no-show: the sweep marks a booking not checked in after the grace, once, even run twice at once', async () => {
  const res = await roundTheClock({ noshow_minutes: 10 });
  const plain = await roundTheClock(); // no check-in asked
  const a = await book(res, seoul(3, 10), seoul(3, 11));
  const b = await book(plain, seoul(3, 10), seoul(3, 11));
  assert.equal(a.status, 201, a.text);
  assert.equal(b.status, 201, b.text);
  // a minute before its grace ends: not yet (the demo's bookings due by then are marked now)
  await sweep(seoul(3, 10, 9));
  assert.equal((await srv.get(`/api/v1/bookings/${a.json.id}`, member)).json.status, 'approved');
  const counts = await Promise.all([sweep(seoul(3, 10, 10)), sweep(seoul(3, 10, 10)), sweep(seoul(3, 10, 30))]);
  assert.equal(counts.reduce((x, y) => x + y, 0), 1, counts.join(','));
  assert.equal((await srv.get(`/api/v1/bookings/${a.json.id}`, member)).json.status, 'no-show');
  assert.equal((await srv.get(`/api/v1/bookings/${b.json.id}`, member)).json.status, 'approved');
  assert.equal(await noShowNotices(a.json.id), 1);
  assert.equal(await sweep(seoul(3, 12)), 0);
});

test('no-show: two bpmc serve processes sweeping one database every second mark each booking once', async () => {
  const res = await roundTheClock({ noshow_minutes: 5 });
  const ids = [];
  for (let k = 0; k < 4; k++) {
    const r = await book(res, soon(10 + k * 10), soon(15 + k * 10));
    assert.equal(r.status, 201, r.text);
    ids.push(r.json.id);
  }
  const [s3, s4] = await Promise.all([startServer({ db: srv.db, extraArgs: ['--sweep-seconds', '1'] }), startServer({ db: srv.db, extraArgs: ['--sweep-seconds', '1'] })]);
  try {
    // the bookings started 20 minutes ago (moved into the past behind the API's back)
    const past = (m) => new Date(Date.now() + m * 60e3).toISOString().replace(/\.\d+Z$/, 'Z');
    dbSql(srv.db, ids.map((id, k) => `UPDATE bookings SET starts_at='${past(-20 - k * 10)}', ends_at='${past(-15 - k * 10)}' WHERE id=${id};`).join('\n'));
    await until(async () => (await srv.all('bookings', `resource_id=${res.id}&status=no-show`, op)).total === ids.length, 'every booking marked no-show', { ms: 15000, every: 200 });
  } finally {
    await s3.stop();
    await s4.stop();
  }
  for (const id of ids) assert.equal(await noShowNotices(id), 1, `booking ${id}`);
});

/** The VEVENTs of an iCalendar text (RFC 5545: unfolded lines), as {UID, DTSTART, ...}. */
function parseIcs(text) {
  assert.match(text, /^BEGIN:VCALENDAR\r\n/);
  assert.match(text, /END:VCALENDAR\r\n$/);
  const lines = text.replace(/\r\n[ \t]/g, '').split('\r\n');
  const cal = {}, events = [];
  let ev = null;
  for (const l of lines) {
    if (l === 'BEGIN:VEVENT') ev = {};
    else if (l === 'END:VEVENT') { events.push(ev); ev = null; } else if (l.includes(':')) {
      const i = l.indexOf(':');
      const key = l.slice(0, i).split(';')[0];
      const value = l.slice(i + 1).replace(/\\([,;\\])/g, '$1').replace(/\\n/gi, '\n');
      (ev || cal)[key] = value;
    }
  }
  return { cal, events };
}
const icsTime = (iso) => iso.replace(/[-:]/g, '');

test('iCalendar feeds: a resource (times only) and a user (their bookings) at a secret address, revoked by deleting it', async () => {
  const res = await resource({ manager_org_id: CENTER, location: '지원센터 3층' });
  const a = await book(res, seoul(1, 10), seoul(1, 11, 30), member, { purpose: '세포 분석, 2차' });
  const b = await book(res, seoul(1, 13), seoul(1, 14), other);
  const m = await srv.post('/api/v1/blackouts', { resource_id: res.id, starts_at: seoul(1, 15), ends_at: seoul(1, 17), reason: '정기 점검' }, manager);
  assert.equal(m.status, 201, m.text);
  const f = await srv.post('/api/v1/calendar-feeds', { name: '분석기 일정', resource_id: res.id }, member);
  assert.equal(f.status, 201, f.text);
  assert.equal(f.json.user_id, member.user.id);
  assert.match(f.json.token, /^[0-9a-f]{48}$/);
  // anyone holding the address reads it (no session): bookings as times, the period named
  const r = await srv.get(`/api/v1/feeds/${f.json.token}.ics`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.headers.get('content-type'), 'text/calendar; charset=utf-8');
  const { cal, events } = parseIcs(r.text);
  assert.equal(cal.VERSION, '2.0');
  assert.equal(cal['X-WR-CALNAME'], res.name);
  assert.deepEqual(events.map((e) => [e.UID, e.DTSTART, e.DTEND, e.SUMMARY, e.STATUS]), [
    [`booking-${a.json.id}@bpmc`, icsTime(utc(seoul(1, 10))), icsTime(utc(seoul(1, 11, 30))), '예약됨 / Booked', 'CONFIRMED'],
    [`booking-${b.json.id}@bpmc`, icsTime(utc(seoul(1, 13))), icsTime(utc(seoul(1, 14))), '예약됨 / Booked', 'CONFIRMED'],
    [`blackout-${m.json.id}@bpmc`, icsTime(utc(seoul(1, 15))), icsTime(utc(seoul(1, 17))), '점검 / Maintenance: 정기 점검', 'CONFIRMED'],
  ]);
  assert.ok(!r.text.includes('2차'), 'a resource feed names no purpose');
  // the user's own feed: their bookings with resource, purpose and place
  const u = await srv.post('/api/v1/calendar-feeds', { name: '내 예약' }, member);
  assert.equal(u.status, 201, u.text);
  const mine = parseIcs((await srv.get(`/api/v1/feeds/${u.json.token}`)).text);
  const ev = mine.events.find((e) => e.UID === `booking-${a.json.id}@bpmc`);
  assert.deepEqual([ev.SUMMARY, ev.LOCATION], [`${res.name}: 세포 분석, 2차`, '지원센터 3층']);
  assert.ok(!mine.events.some((e) => e.UID === `booking-${b.json.id}@bpmc`), 'another company\'s booking is not in my feed');
  // a cancelled booking leaves the feed
  assert.equal((await cancel(a.json.id, member)).status, 200);
  assert.ok(!parseIcs((await srv.get(`/api/v1/feeds/${f.json.token}`)).text).events.some((e) => e.UID === `booking-${a.json.id}@bpmc`));
  // the feed is the user's: others do not see or delete it; deleting revokes the address
  assertProblem(await srv.get(`/api/v1/calendar-feeds/${f.json.id}`, company), 404);
  assertProblem(await srv.del(`/api/v1/calendar-feeds/${f.json.id}`, company), 404);
  assert.equal((await srv.del(`/api/v1/calendar-feeds/${f.json.id}`, member)).status, 204);
  assertProblem(await srv.get(`/api/v1/feeds/${f.json.token}.ics`), 404);
  assertProblem(await srv.get('/api/v1/feeds/not-a-token'), 404);
});

test('waitlist: join a taken time; when it is freed the first in line is offered it, held for them, and takes it; an offer not taken passes on', async () => {
  const res = await resource({ waitlist_hold_minutes: 60 });
  const a = await book(res, seoul(2, 10), seoul(2, 11));
  assert.equal(a.status, 201, a.text);
  const join = (s, start, end, extra = {}) => srv.post('/api/v1/waitlist', { resource_id: res.id, starts_at: start, ends_at: end, note: '대기', ...extra }, s);
  // a free time is booked, not waited for; the resource's rules hold for the waitlist too
  assertInvalid(await join(other, seoul(2, 13), seoul(2, 14)), ['starts_at']);
  assertInvalid(await join(other, seoul(2, 17), seoul(2, 19)), ['starts_at']);
  assertProblem(await join(trainee, seoul(2, 10), seoul(2, 11)), 403);
  const w1 = await join(other, seoul(2, 10), seoul(2, 11));
  assert.equal(w1.status, 201, w1.text);
  assert.deepEqual([w1.json.status, w1.json.org_id, w1.json.user_id], ['waiting', OTHER, other.user.id]);
  const w2 = await join(manager, seoul(2, 10, 30), seoul(2, 11));
  assert.equal(w2.status, 201, w2.text);
  assertProblem(await srv.get(`/api/v1/waitlist/${w1.json.id}`, company), 404);
  // the time is freed: the first in line is offered it and told
  assert.equal((await cancel(a.json.id, member)).status, 200);
  const o = (await srv.get(`/api/v1/waitlist/${w1.json.id}`, other)).json;
  assert.equal(o.status, 'offered');
  const held = Date.parse(o.offered_until) - Date.now();
  assert.ok(held > 58 * 60e3 && held <= 60 * 60e3, o.offered_until);
  assert.equal((await srv.get(`/api/v1/waitlist/${w2.json.id}`, manager)).json.status, 'waiting');
  assert.ok((await srv.all('notifications', '', other)).items.some((n) => n.kind === 'waitlist-offer' && n.link === `/resources/${res.id}`));
  // held for them: anyone else's booking of it is 409 naming the offer
  const p = assertProblem(await book(res, seoul(2, 10), seoul(2, 10, 30)), 409);
  assert.deepEqual(p.conflicts_with, { collection: 'waitlist', id: w1.json.id });
  // they take it by booking it
  const taken = await book(res, seoul(2, 10), seoul(2, 11), other);
  assert.equal(taken.status, 201, taken.text);
  const t = (await srv.get(`/api/v1/waitlist/${w1.json.id}`, other)).json;
  assert.deepEqual([t.status, t.booking_id], ['taken', taken.json.id]);
  // freed again, offered to the next; not taken in time, the offer expires (the sweep) and the
  // entry is done; the organisation may only withdraw its own
  assertInvalid(await srv.patch(`/api/v1/waitlist/${w2.json.id}`, { status: 'offered' }, manager, (await srv.get(`/api/v1/waitlist/${w2.json.id}`, manager)).headers.get('etag')), ['status']);
  assert.equal((await cancel(taken.json.id, other)).status, 200);
  const o2 = (await srv.get(`/api/v1/waitlist/${w2.json.id}`, manager)).json;
  assert.equal(o2.status, 'offered');
  await sweep(new Date(Date.parse(o2.offered_until) + 60e3).toISOString());
  assert.equal((await srv.get(`/api/v1/waitlist/${w2.json.id}`, manager)).json.status, 'expired');
  assert.equal((await book(res, seoul(2, 10), seoul(2, 11))).status, 201);
  // withdrawing
  const w3 = await join(other, seoul(2, 10), seoul(2, 11));
  const g = await srv.get(`/api/v1/waitlist/${w3.json.id}`, other);
  const wd = await srv.patch(`/api/v1/waitlist/${w3.json.id}`, { status: 'withdrawn' }, other, g.headers.get('etag'));
  assert.equal(wd.status, 200, wd.text);
});
