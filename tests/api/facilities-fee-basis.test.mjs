// Facilities, the fee from used time (issue #13, item 5): a resource billed on `used` time bills
// a booking for the part of its booked time between check-in and check-out (the booking's end
// when nobody checks out), at the rate it was booked at, and the voucher pays its share of that;
// a no-show and a booked-time resource bill the booked time. Check-out at the instrument's page.
// Statement lines, CSV, XLSX and PDF name the basis with the minutes billed. Bookings are made
// ahead through the API and moved into the past with dbSql (sqlite3 or psql), as time would pass.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, assertProblem, assertInvalid, uniq, dbSql } from './helpers.mjs';
import { COMPANY, ROUND_CLOCK, cast, newResource } from './facilities-cast.mjs';

let srv, op, member, other, trainee, dir;
const p2 = (n) => String(n).padStart(2, '0');
const iso = (t) => new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
const sql = (q) => dbSql(srv.db, q);
/** Seoul's month (YYYY-MM) of instant t. */
const ym = (t) => new Date(t + 9 * 3600e3).toISOString().slice(0, 7);
/** A Seoul wall clock `days` ahead at hh:00. */
function ahead(days, hh) {
  const d = new Date(Date.now() + 9 * 3600e3 + days * 86400e3);
  return `${d.toISOString().slice(0, 10)}T${p2(hh)}:00:00+09:00`;
}

const resource = (extra = {}) => newResource(srv, op, { name: uniq('질량분석기'), ...ROUND_CLOCK, slot_minutes: 5, min_minutes: 5, max_minutes: 240, lead_days: 30, hourly_fee: 60000, ...extra });
/** A booking of minutes made ahead (day `days`), then moved to [start, start + minutes) as time would pass. */
async function booked(res, days, minutes, start) {
  const b = await srv.post('/api/v1/bookings', { resource_id: res.id, starts_at: ahead(days, 10), ends_at: iso(Date.parse(ahead(days, 10)) + minutes * 60e3), purpose: '정량 분석' }, member);
  assert.equal(b.status, 201, b.text);
  sql(`UPDATE bookings SET starts_at='${iso(start)}', ends_at='${iso(start + minutes * 60e3)}' WHERE id=${b.json.id}`);
  return b.json;
}
const checkout = (id, s = member) => srv.post(`/api/v1/bookings/${id}/check-out`, {}, s);
const get = async (id) => (await srv.get(`/api/v1/bookings/${id}`, op)).json;

before(async () => {
  srv = await startServer();
  op = await srv.login();
  dir = mkdtempSync(join(tmpdir(), 'bpmc-basis-'));
  ({ member, other, trainee } = await cast(srv, 'basis', ['member', 'other', 'trainee']));
});
after(async () => {
  await srv?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('a resource chooses its basis: booked time by default, used time when said; a booking keeps the basis it was made under', async () => {
  const plain = await resource();
  assert.equal(plain.fee_basis, 'booked');
  assertInvalid(await srv.post('/api/v1/resources', { name: 'x', kind: 'lab', fee_basis: 'checked' }, op), ['fee_basis']);
  const used = await resource({ fee_basis: 'used' });
  assert.equal(used.fee_basis, 'used');
  const b = await srv.post('/api/v1/bookings', { resource_id: used.id, starts_at: ahead(3, 10), ends_at: ahead(3, 11) }, member);
  assert.equal(b.status, 201, b.text);
  assert.deepEqual([b.json.fee_basis, b.json.minutes, b.json.fee, b.json.billed_minutes ?? null], ['used', 60, 60000, null]);
  // the basis, the check-out and the billed minutes are the server's
  const g = await srv.get(`/api/v1/bookings/${b.json.id}`, member);
  assertInvalid(await srv.patch(`/api/v1/bookings/${b.json.id}`, { billed_minutes: 1 }, member, g.headers.get('etag')), ['billed_minutes']);
  assertInvalid(await srv.patch(`/api/v1/bookings/${b.json.id}`, { fee_basis: 'booked' }, member, g.headers.get('etag')), ['fee_basis']);
  // a later change of the resource's basis leaves the booking's as it was
  const r = await srv.get(`/api/v1/resources/${used.id}`, op);
  assert.equal((await srv.patch(`/api/v1/resources/${used.id}`, { fee_basis: 'booked' }, op, r.headers.get('etag'))).status, 200);
  assert.equal((await get(b.json.id)).fee_basis, 'used');
});

test('check-out bills the minutes from check-in to check-out at the booked rate; the voucher pays its share of that; who may check out, and when', async () => {
  const res = await resource({ fee_basis: 'used' });
  const now = Date.now();
  const year = Number(new Date(now - 50 * 60e3 + 9 * 3600e3).toISOString().slice(0, 4));
  const v = await srv.post('/api/v1/vouchers', { program: uniq('분석 바우처'), org_id: COMPANY, year, share_percent: 50, yearly_cap: 10000000 }, op);
  assert.equal(v.status, 201, v.text);
  const a = await booked(res, 2, 60, Math.floor((now - 50 * 60e3) / 1000) * 1000);
  assert.deepEqual([a.fee, a.voucher_part, a.company_part], [60000, 30000, 30000]);
  // not checked in: nothing to check out
  assertInvalid(await checkout(a.id), ['checked_in_at']);
  const c = await srv.post(`/api/v1/bookings/${a.id}/check-in`, {}, member);
  assert.equal(c.status, 200, c.text);
  // checked in 45 minutes ago (less half a minute, so the check-out's second rounds up to 45)
  sql(`UPDATE bookings SET checked_in_at='${iso(Math.floor(Date.now() / 1000) * 1000 - 45 * 60e3 + 30e3)}' WHERE id=${a.id}`);
  assertProblem(await checkout(a.id, trainee), 403);
  assertProblem(await checkout(a.id, other), 404);
  const o = await checkout(a.id);
  assert.equal(o.status, 200, o.text);
  assert.equal(o.json.checked_out_by, member.user.id);
  assert.ok(o.json.checked_out_at >= o.json.checked_in_at);
  assert.deepEqual([o.json.minutes, o.json.billed_minutes, o.json.hourly_rate, o.json.fee, o.json.voucher_part, o.json.company_part, o.json.voucher_id], [60, 45, 60000, 45000, 22500, 22500, v.json.id]);
  assert.equal((await srv.get(`/api/v1/vouchers/${v.json.id}`, op)).json.used, 22500);
  // again: a no-op
  const again = await checkout(a.id);
  assert.deepEqual([again.status, again.json.checked_out_at, again.json.fee], [200, o.json.checked_out_at, 45000]);
  // an ended booking is not checked out: its end counts
  const ended = await booked(res, 3, 30, now - 3 * 3600e3);
  assert.equal((await srv.post(`/api/v1/bookings/${ended.id}/check-in`, {}, member)).status, 422);
  assertInvalid(await checkout(ended.id), ['checked_in_at']);
  sql(`UPDATE bookings SET checked_in_at='${iso(now - 3 * 3600e3)}' WHERE id=${ended.id}`);
  assertInvalid(await checkout(ended.id), ['ends_at']);
});

test('statement lines bill used time (check-out, else the end), a no-show and a booked-time resource the booked time; they name the basis in the page, CSV, XLSX and PDF', async () => {
  const used = await resource({ fee_basis: 'used' });
  const plain = await resource();
  const now = Math.floor(Date.now() / 60e3) * 60e3;
  // B: 120 booked, checked in 30 minutes late, never checked out, ended an hour ago: 90 billed
  const b = await booked(used, 4, 120, now - 3 * 3600e3);
  sql(`UPDATE bookings SET checked_in_at='${iso(now - 2.5 * 3600e3)}' WHERE id=${b.id}`);
  // E: 60 booked, checked in 10 minutes early, never checked out: 60 (the booked time at most)
  const e = await booked(used, 5, 60, now - 9 * 3600e3);
  sql(`UPDATE bookings SET checked_in_at='${iso(now - 9 * 3600e3 - 10 * 60e3)}' WHERE id=${e.id}`);
  // C: 60 booked, a no-show: the booked time, as before
  const c = await booked(used, 6, 60, now - 6 * 3600e3);
  const g = await srv.get(`/api/v1/bookings/${c.id}`, op);
  assert.equal((await srv.patch(`/api/v1/bookings/${c.id}`, { status: 'no-show' }, op, g.headers.get('etag'))).status, 200);
  // D: a booked-time resource, 30 minutes: the booked time
  const d = await booked(plain, 4, 30, now - 5 * 3600e3);
  // the voucher's part given at booking is the booked fee's; generation bills the used time
  const year = Number(new Date(now - 3 * 3600e3 + 9 * 3600e3).toISOString().slice(0, 4));
  const vid = Number(sql(`SELECT coalesce(max(id),0) FROM vouchers WHERE org_id=${COMPANY} AND year=${year}`));
  const usedBefore = vid ? (await srv.get(`/api/v1/vouchers/${vid}`, op)).json.used : 0;
  const months = [...new Set([b, e, c, d].map((x) => ym(Date.parse(sql(`SELECT starts_at FROM bookings WHERE id=${x.id}`)))))];
  const lines = [];
  const statements = [];
  for (const m of months) {
    const gen = await srv.post('/api/v1/statements/generate', { month: m, org_id: COMPANY }, op);
    assert.equal(gen.status, 200, gen.text);
    for (const s of gen.json.statements) {
      statements.push(s.id);
      lines.push(...(await srv.get(`/api/v1/statement-lines?statement_id=${s.id}&limit=200`, op)).json.items);
    }
  }
  const line = (x) => lines.find((l) => l.booking_id === x.id);
  const facts = (l) => [l.fee_basis, l.minutes, l.hourly_rate, l.fee, l.voucher_part + l.company_part];
  assert.deepEqual(facts(line(b)), ['used', 90, 60000, 90000, 90000]);
  assert.deepEqual(facts(line(e)), ['used', 60, 60000, 60000, 60000]);
  assert.deepEqual(facts(line(c)), ['booked', 60, 60000, 60000, 60000]);
  assert.deepEqual(facts(line(d)), ['booked', 30, 60000, 30000, 30000]);
  // the bookings carry what was billed; the voucher's use follows the billed fee
  const bb = await get(b.id);
  assert.deepEqual([bb.minutes, bb.billed_minutes, bb.fee], [120, 90, 90000]);
  assert.equal((await get(c.id)).billed_minutes ?? null, null);
  // B's voucher part went from half of 120000 to half of 90000, E's stayed half of 60000
  assert.ok(vid, 'the voucher of the test before');
  const v = (await srv.get(`/api/v1/vouchers/${vid}`, op)).json;
  assert.equal(v.share_percent, 50);
  assert.equal(v.used, usedBefore - 15000);
  assert.deepEqual([line(b).voucher_part, line(b).company_part, bb.voucher_part], [45000, 45000, 45000]);
  // idempotent: generating again bills nothing twice
  for (const m of months) assert.equal((await srv.post('/api/v1/statements/generate', { month: m, org_id: COMPANY }, op)).status, 200);
  assert.equal((await get(b.id)).fee, 90000);
  // the documents name the basis
  const sid = statements.find((s) => lines.some((l) => l.statement_id === s && l.booking_id === b.id));
  const csv = await srv.get(`/api/v1/statements/${sid}/document?format=csv`, member);
  assert.equal(csv.status, 200, csv.text);
  const rows = csv.text.slice(1).trim().split('\r\n').map((l) => l.split(','));
  assert.equal(rows[0].at(-1), '청구 기준');
  const row = rows.find((r) => r[0] === String(b.id));
  assert.deepEqual([row[4], row[7], row.at(-1)], ['90', '90000', '이용 시간']);
  const xlsx = await srv.get(`/api/v1/statements/${sid}/document?format=xlsx`, member);
  assert.equal(xlsx.status, 200);
  const xf = join(dir, 's.xlsx');
  writeFileSync(xf, xlsx.bytes);
  // the shared strings read with Python's zipfile (python3 comes with python3-openpyxl; unzip is
  // not on a fresh Debian)
  const sheet = execFileSync('/usr/bin/python3', ['-c', "import sys, zipfile; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read('xl/sharedStrings.xml').decode())", xf], { encoding: 'utf8' });
  assert.match(sheet, /청구 기준/);
  assert.match(sheet, /이용 시간/);
  const pdf = await srv.get(`/api/v1/statements/${sid}/document?format=pdf`, member);
  assert.equal(pdf.status, 200);
  const pf = join(dir, 's.pdf');
  writeFileSync(pf, pdf.bytes);
  const text = execFileSync('pdftotext', ['-layout', pf, '-'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  assert.match(text, /이용 시간/);
  assert.match(text, /90,000/);
});
