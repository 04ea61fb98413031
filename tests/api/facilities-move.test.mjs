// Facilities, moving a booking: PATCH of starts_at/ends_at (what the calendar's drag sends) goes
// through the engine like a new booking, so every rule holds on the new time: adjacent bookings
// (end == next start) are fine, an overlap is 409 naming the booking and the field, a
// maintenance period is 422, the cancellation deadline binds the booking organisation, a
// confirmed booking of a resource that needs approval is requested again, the fee and the
// voucher's part follow the new length, the freed time goes to the waitlist, and only the booking
// organisation (not a trainee) and operators move a booking.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertProblem, assertInvalid, uniq } from './helpers.mjs';
import { COMPANY, CENTER, seoul, utc, WEEKDAYS, cast, newResource } from './facilities-cast.mjs';

let srv, op, company, member, other, manager, trainee;

const resource = (extra = {}) => newResource(srv, op, { name: uniq('공초점 현미경'), ...WEEKDAYS, slot_minutes: 30, min_minutes: 30, max_minutes: 240, lead_days: 60, hourly_fee: 20000, ...extra });
const book = (res, start, end, s = member) => srv.post('/api/v1/bookings', { resource_id: res.id, starts_at: start, ends_at: end, purpose: '이미징' }, s);
/** PATCH a booking's times (what the calendar's drag sends) with the caller's fresh ETag. */
async function move(id, times, s = member) {
  const g = await srv.get(`/api/v1/bookings/${id}`, op); // a caller who cannot see it still sends a current ETag
  return srv.patch(`/api/v1/bookings/${id}`, times, s, g.headers.get('etag'));
}
const get = async (id, s = op) => (await srv.get(`/api/v1/bookings/${id}`, s)).json;

before(async () => {
  srv = await startServer();
  op = await srv.login();
  ({ company, member, other, manager, trainee } = await cast(srv, 'move'));
});
after(async () => {
  await srv?.stop();
});

test('a move to a time that ends where the next booking starts is fine; overlapping it is 409 naming the booking and starts_at, nothing changed', async () => {
  const res = await resource();
  const a = await book(res, seoul(1, 10), seoul(1, 11));
  const b = await book(res, seoul(1, 12), seoul(1, 13), other);
  assert.equal(a.status, 201, a.text);
  assert.equal(b.status, 201, b.text);
  // adjacent: ends at the next one's start
  const m = await move(a.json.id, { starts_at: seoul(1, 11), ends_at: seoul(1, 12) });
  assert.equal(m.status, 200, m.text);
  assert.deepEqual([m.json.starts_at, m.json.ends_at, m.json.status, m.json.minutes, m.json.fee], [utc(seoul(1, 11)), utc(seoul(1, 12)), 'approved', 60, 20000]);
  // and starts where the one before ends: the other organisation's booking moved up to it
  const after = await move(b.json.id, { starts_at: seoul(1, 12), ends_at: seoul(1, 13, 30) }, other);
  assert.equal(after.status, 200, after.text);
  assert.equal(after.json.minutes, 90);
  // the end dragged into the next booking: 409 naming it
  const p = assertProblem(await move(a.json.id, { ends_at: seoul(1, 12, 30) }), 409);
  assert.deepEqual(p.conflicts_with, { collection: 'bookings', id: b.json.id });
  assert.deepEqual(p.errors.map((e) => e.field), ['starts_at']);
  assert.match(p.detail_en, new RegExp(`overlaps booking #${b.json.id} \\(.* 12:00 to .* 13:30, Seoul time\\)`));
  assert.match(p.detail_ko, new RegExp(`다른 예약\\(#${b.json.id}`));
  // moved onto it whole: 409 too; the booking is where it was
  assertProblem(await move(a.json.id, { starts_at: seoul(1, 12), ends_at: seoul(1, 13) }), 409);
  const kept = await get(a.json.id);
  assert.deepEqual([kept.starts_at, kept.ends_at, kept.minutes, kept.fee], [utc(seoul(1, 11)), utc(seoul(1, 12)), 60, 20000]);
  // the rules of a new booking hold on the new time
  assertInvalid(await move(a.json.id, { starts_at: seoul(1, 8), ends_at: seoul(1, 9) }), ['starts_at']); // before opening
  assertInvalid(await move(a.json.id, { ends_at: seoul(1, 11, 15) }), ['ends_at']); // shorter than min_minutes
  assertInvalid(await move(a.json.id, { starts_at: seoul(1, 10, 10), ends_at: seoul(1, 11, 10) }), ['starts_at']); // off the grid
  assertInvalid(await move(a.json.id, { ends_at: seoul(1, 10) }), ['ends_at']); // before the start
  assertInvalid(await move(a.json.id, { starts_at: seoul(90, 10), ends_at: seoul(90, 11) }), ['starts_at']); // past lead_days
  // resizing within free time: the fee follows the minutes
  const r = await move(a.json.id, { starts_at: seoul(1, 10, 30) });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual([r.json.starts_at, r.json.minutes, r.json.fee], [utc(seoul(1, 10, 30)), 90, 30000]);
  const audit = await srv.get(`/api/v1/audit?collection=bookings&row_id=${a.json.id}`, op);
  assert.equal(audit.status, 200, audit.text);
  assert.ok(audit.json.items.filter((x) => x.action === 'update').length >= 2, audit.text);
});

test('a move into a maintenance period is 422 naming starts_at and the period', async () => {
  const res = await resource({ manager_org_id: CENTER });
  const a = await book(res, seoul(2, 10), seoul(2, 11));
  assert.equal(a.status, 201, a.text);
  const m = await srv.post('/api/v1/blackouts', { resource_id: res.id, kind: 'maintenance', starts_at: seoul(2, 14), ends_at: seoul(2, 16), reason: '광원 교체' }, manager);
  assert.equal(m.status, 201, m.text);
  const p = assertInvalid(await move(a.json.id, { starts_at: seoul(2, 15), ends_at: seoul(2, 16, 30) }), ['starts_at']);
  assert.match(p.errors[0].message_en, new RegExp(`maintenance period #${m.json.id} .*광원 교체`));
  assert.equal((await get(a.json.id)).starts_at, utc(seoul(2, 10)));
  // right after it is fine
  assert.equal((await move(a.json.id, { starts_at: seoul(2, 16), ends_at: seoul(2, 17) })).status, 200);
});

test('moving a confirmed booking of a resource that needs approval makes it requested again and tells the manager; an operator\'s move keeps it confirmed', async () => {
  const res = await resource({ manager_org_id: CENTER, requires_approval: true });
  const a = await book(res, seoul(3, 10), seoul(3, 11));
  assert.equal(a.json.status, 'requested');
  // a requested booking moves and stays requested
  const r = await move(a.json.id, { starts_at: seoul(3, 9), ends_at: seoul(3, 10) });
  assert.deepEqual([r.status, r.json.status], [200, 'requested']);
  assert.equal((await srv.post(`/api/v1/bookings/${a.json.id}/decision`, { status: 'approved' }, manager)).status, 200);
  const before = (await srv.all('notifications', '', manager)).items.filter((n) => n.kind === 'booking-requested').length;
  const m = await move(a.json.id, { starts_at: seoul(3, 13), ends_at: seoul(3, 14) });
  assert.equal(m.status, 200, m.text);
  assert.equal(m.json.status, 'requested');
  const told = (await srv.all('notifications', '', manager)).items.filter((n) => n.kind === 'booking-requested');
  assert.equal(told.length, before + 1);
  assert.equal(told[0].link, `/facilities/bookings/${a.json.id}`);
  // approved again, then moved by an operator: stays approved
  assert.equal((await srv.post(`/api/v1/bookings/${a.json.id}/decision`, { status: 'approved' }, manager)).status, 200);
  const o = await move(a.json.id, { starts_at: seoul(3, 15), ends_at: seoul(3, 16) }, op);
  assert.deepEqual([o.status, o.json.status], [200, 'approved']);
  // a status change riding on a move is refused
  assertInvalid(await move(a.json.id, { starts_at: seoul(3, 16), ends_at: seoul(3, 17), status: 'cancelled' }), ['status']);
});

test('who moves: the booking organisation and operators; not a trainee, the manager (403) or another organisation (404); not after the change deadline, a start or a cancellation', async () => {
  const res = await resource({ manager_org_id: CENTER });
  const a = await book(res, seoul(4, 10), seoul(4, 11));
  assert.equal(a.status, 201, a.text);
  const times = { starts_at: seoul(4, 12), ends_at: seoul(4, 13) };
  assertProblem(await move(a.json.id, times, other), 404);
  assertProblem(await move(a.json.id, times, manager), 403);
  assertProblem(await move(a.json.id, times, trainee), 403);
  assert.equal((await get(a.json.id)).starts_at, utc(seoul(4, 10)));
  assert.equal((await move(a.json.id, times, company)).status, 200);
  // past the resource's cancellation deadline: the organisation no longer moves it, an operator does
  const late = await resource({ manager_org_id: CENTER, cancel_hours: 720 });
  const b = await book(late, seoul(4, 10), seoul(4, 11));
  const p = assertInvalid(await move(b.json.id, { starts_at: seoul(4, 11), ends_at: seoul(4, 12) }), ['starts_at']);
  assert.match(p.errors[0].message_en, /change deadline \(720 hours before the start/);
  assert.match(p.errors[0].message_ko, /변경 마감\(시작 720시간 전/);
  assert.equal((await move(b.json.id, { starts_at: seoul(4, 11), ends_at: seoul(4, 12) }, op)).status, 200);
  // a cancelled booking does not move
  const g = await srv.get(`/api/v1/bookings/${a.json.id}`, member);
  assert.equal((await srv.patch(`/api/v1/bookings/${a.json.id}`, { status: 'cancelled' }, member, g.headers.get('etag'))).status, 200);
  assertInvalid(await move(a.json.id, { starts_at: seoul(4, 14), ends_at: seoul(4, 15) }), ['starts_at']);
});

test('a move re-prices the booking and the voucher pays its share of the new fee; the freed time is offered to the waitlist', async () => {
  const res = await resource({ waitlist_hold_minutes: 60 });
  const year = Number(seoul(7, 10).slice(0, 4));
  const v = await srv.post('/api/v1/vouchers', { program: uniq('장비 활용 바우처'), org_id: COMPANY, year, share_percent: 50, yearly_cap: 1000000 }, op);
  assert.equal(v.status, 201, v.text);
  const a = await book(res, seoul(7, 10), seoul(7, 11));
  assert.deepEqual([a.json.fee, a.json.voucher_part, a.json.company_part], [20000, 10000, 10000]);
  const w = await srv.post('/api/v1/waitlist', { resource_id: res.id, starts_at: seoul(7, 10), ends_at: seoul(7, 11), note: '대기' }, other);
  assert.equal(w.status, 201, w.text);
  const m = await move(a.json.id, { starts_at: seoul(7, 13), ends_at: seoul(7, 15, 30) });
  assert.equal(m.status, 200, m.text);
  assert.deepEqual([m.json.minutes, m.json.fee, m.json.voucher_part, m.json.company_part, m.json.voucher_id], [150, 50000, 25000, 25000, v.json.id]);
  assert.equal((await srv.get(`/api/v1/vouchers/${v.json.id}`, op)).json.used, 25000);
  const o = (await srv.get(`/api/v1/waitlist/${w.json.id}`, other)).json;
  assert.equal(o.status, 'offered');
  // a refused move spends nothing
  assertInvalid(await move(a.json.id, { starts_at: seoul(7, 17), ends_at: seoul(7, 19) }), ['starts_at']);
  assert.equal((await srv.get(`/api/v1/vouchers/${v.json.id}`, op)).json.used, 25000);
  // onto the offered time: held for the waitlist, 409 naming the offer
  const h = assertProblem(await move(a.json.id, { starts_at: seoul(7, 10), ends_at: seoul(7, 11) }), 409);
  assert.deepEqual(h.conflicts_with, { collection: 'waitlist', id: w.json.id });
  assert.equal((await srv.get(`/api/v1/vouchers/${v.json.id}`, op)).json.used, 25000);
});
