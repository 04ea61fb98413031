// Scale-out (issue #16): three `bpmc serve` processes on one database, as a national rollout runs
// them behind a load balancer. On PostgreSQL (BPMC_TEST_DB=postgres) each server has a pool of
// writers; on SQLite the three share one file and its one write lock. Either way: 200 clients
// spread over the three servers for one slot get exactly one 201 and 199 409s naming the winner,
// and nothing overlaps in the database; concurrent bookings against one voucher through the three
// never pass its cap and their parts add up to what it used; no-shows, SLA escalations and KPI
// reminders are done once with three servers sweeping; and no write acknowledged by any server is
// lost (none answers 503 for ordinary contention), the audit chain verifying after it all.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { startServer, assertProblem, uniq, until, dbSql, bpmc, orgBody, ON_PG } from './helpers.mjs';
import { COMPANY, OTHER, CENTER, seoul, ROUND_CLOCK, cast, newResource } from './facilities-cast.mjs';

let srv, s2, s3, servers, op, member, other;
const extra = [];
after(async () => {
  for (const s of extra) await s.stop();
  await s3?.stop();
  await s2?.stop();
  await srv?.stop();
});

const resource = (fields = {}) => newResource(srv, op, { name: uniq('공초점 현미경'), ...ROUND_CLOCK, slot_minutes: 5, min_minutes: 5, max_minutes: 480, lead_days: 90, hourly_fee: 20000, ...fields });
const book = (server, res, start, end, s) => server.post('/api/v1/bookings', { resource_id: res.id, starts_at: start, ends_at: end, purpose: '이미징' }, s);
/** Bookings of the resource that hold their time and overlap another, counted in the database. */
const overlaps = (resId) => Number(dbSql(srv.db, `SELECT count(*) FROM bookings a JOIN bookings b ON a.resource_id = b.resource_id AND a.id < b.id
  WHERE a.resource_id = ${resId} AND a.status NOT IN ('declined','cancelled') AND b.status NOT IN ('declined','cancelled')
  AND a.starts_at < b.ends_at AND b.starts_at < a.ends_at`));
/** A server's counters from /metrics (loopback reads it unsigned). */
async function metrics(s) {
  const text = await (await fetch(s.base + '/metrics')).text();
  const num = (name) => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(text)?.[1] ?? NaN);
  return { writers: num('bpmc_writers'), retries: num('bpmc_write_retries_total'), text };
}

before(async () => {
  srv = await startServer();
  op = await srv.login();
  ({ member, other } = await cast(srv, 'scale', ['member', 'other']));
  [s2, s3] = await Promise.all([startServer({ db: srv.db }), startServer({ db: srv.db })]);
  servers = [srv, s2, s3];
});

test('each server has one writer on SQLite and a pool of writers on PostgreSQL', async () => {
  for (const s of servers) assert.equal((await metrics(s)).writers, ON_PG ? 4 : 1);
});

test('200 clients over three servers for one slot: exactly one 201, 199 409s naming it, nothing overlapping in the database', async () => {
  const res = await resource();
  const N = 200;
  const rs = await Promise.all(Array.from({ length: N }, (_, i) => book(servers[i % 3], res, seoul(4, 9 + (i % 4), (i % 2) * 30), seoul(4, 13 + (i % 4)), i % 2 ? member : other)));
  const won = rs.filter((r) => r.status === 201);
  assert.equal(won.length, 1, rs.map((r) => r.status).join(','));
  const lost = rs.filter((r) => r.status === 409);
  assert.equal(lost.length, N - 1, rs.filter((r) => r.status !== 201 && r.status !== 409).map((r) => r.text).join('\n'));
  for (const r of lost) {
    const p = assertProblem(r, 409);
    assert.deepEqual(p.conflicts_with, { collection: 'bookings', id: won[0].json.id });
    assert.deepEqual(p.errors.map((e) => e.field), ['starts_at']);
  }
  assert.equal(dbSql(srv.db, `SELECT count(*) FROM bookings WHERE resource_id = ${res.id}`), '1');
  assert.equal(overlaps(res.id), 0);
  if (ON_PG) {
    // the database itself refuses an overlap, whoever writes: the exclusion constraint
    assert.equal(dbSql(srv.db, `SELECT contype FROM pg_constraint WHERE conname = 'bookings.starts_at'`), 'x');
    const w = won[0].json;
    assert.throws(() => dbSql(srv.db, `INSERT INTO bookings (resource_id, org_id, starts_at, ends_at, status, minutes) VALUES (${res.id}, ${OTHER}, '${w.starts_at}', '${w.ends_at}', 'approved', 60)`), /bookings\.starts_at|conflicting key/);
  }
});

test('disjoint and colliding slots through three servers at once: every slot booked once, no 503', async () => {
  const res = await resource();
  const slots = Array.from({ length: 24 }, (_, i) => [seoul(8 + Math.floor(i / 8), 9 + (i % 8)), seoul(8 + Math.floor(i / 8), 10 + (i % 8))]);
  const all = await Promise.all(slots.flatMap(([s, e], i) => servers.map((server, k) => book(server, res, s, e, k % 2 ? member : other).then((r) => [i, r]))));
  const per = new Map();
  for (const [i, r] of all) {
    assert.ok([201, 409].includes(r.status), r.text);
    if (r.status === 201) per.set(i, (per.get(i) || 0) + 1);
  }
  assert.deepEqual([...per.keys()].sort((a, b) => a - b), slots.map((_, i) => i));
  assert.deepEqual([...per.values()], Array(slots.length).fill(1));
  assert.equal(overlaps(res.id), 0);
  assert.equal(Number(dbSql(srv.db, `SELECT count(*) FROM bookings WHERE resource_id = ${res.id}`)), slots.length);
});

test('a voucher under concurrent bookings through three servers: parts add up to used, never past the cap', async () => {
  const year = Number(seoul(14, 10).slice(0, 4)); // the demo has no voucher of OTHER's
  const res = await resource({ hourly_fee: 60000 });
  const cap = 250000; // 70% of 60,000 is 42,000 a booking: five whole parts and 40,000
  const v = await srv.post('/api/v1/vouchers', { program: uniq('장비 바우처'), org_id: OTHER, year, share_percent: 70, yearly_cap: cap }, op);
  assert.equal(v.status, 201, v.text);
  const N = 30;
  const rs = await Promise.all(Array.from({ length: N }, (_, i) => book(servers[i % 3], res, seoul(14 + Math.floor(i / 10), 8 + (i % 10)), seoul(14 + Math.floor(i / 10), 9 + (i % 10)), other)));
  for (const r of rs) assert.equal(r.status, 201, r.text);
  const parts = rs.map((r) => r.json.voucher_part);
  for (const r of rs) assert.equal(r.json.voucher_part + r.json.company_part, 60000);
  assert.equal(parts.reduce((a, b) => a + b, 0), cap);
  assert.deepEqual(parts.filter((x) => x > 0).sort((a, b) => a - b), [40000, 42000, 42000, 42000, 42000, 42000]);
  for (const s of servers) assert.equal((await s.get(`/api/v1/vouchers/${v.json.id}`, other)).json.used, cap);
  assert.equal(dbSql(srv.db, `SELECT coalesce(sum(voucher_part), 0) FROM bookings WHERE voucher_id = ${v.json.id} AND status NOT IN ('declined','cancelled')`), String(cap));
  assert.equal(dbSql(srv.db, `SELECT used FROM vouchers WHERE id = ${v.json.id}`), String(cap));
  // cancelling through the three at once gives each part back once
  const paid = rs.filter((r) => r.json.voucher_part > 0).slice(0, 3);
  const cancels = await Promise.all(paid.map(async (r, k) => {
    const g = await servers[k].get(`/api/v1/bookings/${r.json.id}`, other);
    return servers[k].patch(`/api/v1/bookings/${r.json.id}`, { status: 'cancelled' }, other, g.headers.get('etag'));
  }));
  for (const c of cancels) assert.equal(c.status, 200, c.text);
  const back = paid.reduce((a, r) => a + r.json.voucher_part, 0);
  assert.equal(dbSql(srv.db, `SELECT used FROM vouchers WHERE id = ${v.json.id}`), String(cap - back));
  // and the freed parts pay new bookings again, through the three at once, up to the cap only
  const more = await Promise.all(Array.from({ length: 9 }, (_, i) => book(servers[i % 3], res, seoul(17, 8 + i), seoul(17, 9 + i), other)));
  for (const r of more) assert.equal(r.status, 201, r.text);
  assert.equal(more.reduce((a, r) => a + r.json.voucher_part, 0), back);
  assert.equal(dbSql(srv.db, `SELECT used FROM vouchers WHERE id = ${v.json.id}`), String(cap));
  assert.equal(dbSql(srv.db, `SELECT coalesce(sum(voucher_part), 0) FROM bookings WHERE voucher_id = ${v.json.id} AND status NOT IN ('declined','cancelled')`), String(cap));
  assert.equal(dbSql(srv.db, 'SELECT count(*) FROM vouchers WHERE used < 0 OR used > yearly_cap'), '0');
});

test('writes through three servers at once: every acknowledged one is there, none answered 503, and the audit chain verifies', async () => {
  const N = 150;
  const rs = await Promise.all(Array.from({ length: N }, (_, i) => servers[i % 3].post('/api/v1/orgs', orgBody({ name: `확장 시험 기관 ${i} ${uniq('o')}` }), op)));
  for (const r of rs) assert.equal(r.status, 201, r.text);
  const ids = rs.map((r) => r.json.id);
  assert.equal(new Set(ids).size, N);
  assert.equal(dbSql(srv.db, `SELECT count(*) FROM orgs WHERE id IN (${ids.join(',')})`), String(N));
  // each created row has its one audit row, and every server reads every row
  assert.equal(dbSql(srv.db, `SELECT count(*) FROM audit WHERE collection = 'orgs' AND action = 'create' AND row_id IN (${ids.join(',')})`), String(N));
  for (const s of servers) assert.equal((await s.get(`/api/v1/orgs/${ids[(N - 1) - servers.indexOf(s)]}`, op)).status, 200);
  assert.match(bpmc(['audit', 'verify', '--db', srv.db]), /audit chain ok/);
});

test('one Idempotency-Key sent to three servers at once: one row, every answer the same 201', async () => {
  const key = uniq('scale-key');
  const body = orgBody({ name: `멱등 시험 기관 ${uniq('i')}` });
  const rs = await Promise.all(Array.from({ length: 9 }, (_, i) => servers[i % 3].post('/api/v1/orgs', body, op, { headers: { 'idempotency-key': key } })));
  for (const r of rs) assert.equal(r.status, 201, r.text);
  assert.equal(new Set(rs.map((r) => r.text)).size, 1);
  assert.equal(rs.filter((r) => r.headers.get('idempotent-replayed') === 'true').length, 8);
  assert.equal(dbSql(srv.db, `SELECT count(*) FROM orgs WHERE name = '${body.name}'`), '1');
});

/** A resource open round the clock in 5-minute slots that marks no-shows after 5 minutes. */
const noShowResource = () => resource({ noshow_minutes: 5, manager_org_id: CENTER, max_minutes: 60 });
/** The next 5-minute boundary at least a minute away, plus minutes, as an ISO instant. */
const soon = (minutes = 0) => new Date(Math.ceil((Date.now() + 60e3) / 300e3) * 300e3 + minutes * 60e3).toISOString().replace('.000Z', 'Z');
const iso = (m) => new Date(Date.now() + m * 60e3).toISOString().replace(/\.\d+Z$/, 'Z');

test('three sweeping servers: each no-show marked, each deadline escalated, each company reminded once', async () => {
  const res = await noShowResource();
  const ids = [];
  for (let k = 0; k < 6; k++) {
    const r = await book(srv, res, soon(10 + k * 10), soon(15 + k * 10), member);
    assert.equal(r.status, 201, r.text);
    ids.push(r.json.id);
  }
  const o = await srv.post('/api/v1/orgs', orgBody({ is_tenant: true, visibility: 'public' }), op);
  assert.equal(o.status, 201, o.text);
  srv.addUser({ email: 'scale-tenant@bpmc.test', role: 'org-admin', org: o.json.id });
  const tenant = await srv.login('scale-tenant@bpmc.test');
  const sr = await srv.post('/api/v1/support-requests', { org_id: o.json.id, title: uniq('계약 검토'), category: 'consulting' }, tenant);
  assert.equal(sr.status, 201, sr.text);
  const args = ['--sweep-seconds', '1', '--sla-hours', '240'];
  const sweepers = await Promise.all([0, 1, 2].map(() => startServer({ db: srv.db, extraArgs: args })));
  extra.push(...sweepers);
  // the bookings started 20 minutes ago and more (moved into the past behind the API's back)
  dbSql(srv.db, ids.map((id, k) => `UPDATE bookings SET starts_at = '${iso(-20 - k * 10)}', ends_at = '${iso(-15 - k * 10)}' WHERE id = ${id}`).join(';\n'));
  await until(async () => (await srv.all('bookings', `resource_id=${res.id}&status=no-show`, op)).total === ids.length, 'every booking marked no-show', { ms: 20000, every: 200 });
  await until(async () => (await srv.get(`/api/v1/support-requests/${sr.json.id}`, op)).json.escalated_at, 'the request escalated', { ms: 20000, every: 200 });
  const reminders = async () => (await srv.all('notifications', '', tenant)).items.filter((n) => n.kind === 'kpi-reminder');
  await until(async () => (await reminders()).length > 0, 'the company reminded', { ms: 20000, every: 200 });
  // two more sweeps of each server after that: nothing more is sent
  const sweeps = async () => Promise.all(sweepers.map(async (s) => Number(/^bpmc_sweeps_total (\d+)$/m.exec((await metrics(s)).text)[1])));
  const then = await sweeps();
  await until(async () => (await sweeps()).every((n, i) => n >= then[i] + 2), 'two more sweeps of each server', { ms: 20000, every: 200 });
  const company = await srv.login('scale-member@bpmc.test');
  const notices = (await srv.all('notifications', '', company)).items.filter((n) => n.kind === 'booking-no-show');
  for (const id of ids) assert.equal(notices.filter((n) => n.link === `/facilities/bookings/${id}`).length, 1, `booking ${id}`);
  const escalations = (await srv.all('notifications', '', op)).items.filter((n) => n.kind === 'sla-escalation' && n.link === `/support-requests/${sr.json.id}`);
  assert.equal(escalations.length, 1, JSON.stringify(escalations));
  assert.equal((await reminders()).length, 1);
  // and no sweep failed on any of them
  for (const s of sweepers) {
    const { text } = await metrics(s);
    for (const task of ['noshow', 'escalate', 'remind']) assert.match(text, new RegExp(`^bpmc_sweep_failures_total\\{task="${task}"\\} 0$`, 'm'), task);
  }
});

test('PostgreSQL: a writer that loses a deadlock runs its batch again and the booking is acknowledged once', { skip: !ON_PG && 'a deadlock needs two writers taking row locks (PostgreSQL)' }, async () => {
  const res = await resource({ hourly_fee: 10000 });
  const year = Number(seoul(21, 10).slice(0, 4));
  const v = await srv.post('/api/v1/vouchers', { program: uniq('교착 시험 바우처'), org_id: COMPANY, year, share_percent: 50, yearly_cap: 1000000 }, op);
  assert.equal(v.status, 201, v.text);
  const retries = async () => (await metrics(srv)).retries;
  const before = await retries();
  const waiting = () => Number(dbSql(srv.db, "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()"));
  // another program holds the voucher's row ...
  const other = spawn('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', srv.db], { stdio: ['pipe', 'pipe', 'pipe'] });
  let err = '';
  other.stderr.on('data', (d) => { err += d; });
  const exited = new Promise((resolve) => other.on('exit', resolve));
  other.stdin.write(`BEGIN; SELECT id FROM vouchers WHERE id = ${v.json.id} FOR UPDATE;\n`);
  await until(() => Number(dbSql(srv.db, "SELECT count(*) FROM pg_stat_activity WHERE state = 'idle in transaction' AND datname = current_database()")) === 1, 'the voucher locked by psql');
  // ... the booking's writer locks the resource, then waits for the voucher ...
  const booking = book(srv, res, seoul(21, 10), seoul(21, 11), member);
  await until(() => waiting() === 1, 'the writer waiting for the voucher');
  // ... and the other program asks for the resource: a cycle, which PostgreSQL breaks by failing
  // the writer's statement (it has waited longer); the writer rolls back and runs the batch again
  other.stdin.write(`SELECT id FROM resources WHERE id = ${res.id} FOR UPDATE;\n`);
  await until(async () => (await retries()) > before, 'the writer running its batch again', { ms: 10000, every: 50 });
  other.stdin.end('COMMIT;\n');
  assert.equal(await exited, 0, err);
  const r = await booking;
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.voucher_part, 5000);
  assert.equal(dbSql(srv.db, `SELECT count(*) FROM bookings WHERE resource_id = ${res.id}`), '1');
  assert.equal(dbSql(srv.db, `SELECT used FROM vouchers WHERE id = ${v.json.id}`), '5000');
  assert.match(bpmc(['audit', 'verify', '--db', srv.db]), /audit chain ok/);
});
