// Facilities (issue #13): booking POST throughput and latency at 64 connections on a few
// contended resources (a mix of 201 and 409), then a query over every row for overlaps (must be
// zero); the availability of one resource over a month (300 bookings in it) and of each of 500
// resources over a week, timed from the client over loopback (an upper bound of the server's
// time). Prints the figures; never fails, except when an overlap is found (that is a bug).
// Run: BPMC_BIN=build/bpmc node bench/facilities.mjs   (BENCH_SECONDS=5, BENCH_CONNS=64)
import { execFileSync } from 'node:child_process';
import { startServer } from '../tests/api/helpers.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS || 5);
const CONNS = Number(process.env.BENCH_CONNS || 64);
const srv = await startServer({ demo: false });
const op = await srv.login();
const sqlite = (sql) => execFileSync('sqlite3', ['-cmd', '.timeout 10000', srv.db], { input: sql, encoding: 'utf8' });

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const roundTheClock = Object.fromEntries(DAYS.map((d) => [`hours_${d}`, '00:00-24:00']));
const org = await srv.post('/api/v1/orgs', { name: '벤치 예약 기업', kind: 'company' }, op);
if (org.status !== 201) throw new Error(`org: ${org.status} ${org.text}`);
const ORG = org.json.id;

// 1. POST /api/v1/bookings at CONNS connections: 20 resources, an hour each, drawn at random from
// the next 1 000 hours: early requests mostly win, later ones collide more and more.
const contended = [];
for (let i = 0; i < 20; i++) {
  const r = await srv.post('/api/v1/resources', { name: `벤치 장비 ${i}`, kind: 'instrument', ...roundTheClock, slot_minutes: 60, min_minutes: 60, max_minutes: 60, lead_days: 730, closed_on_holidays: false }, op);
  contended.push(r.json.id);
}
const base = Math.ceil(Date.now() / 3600e3 + 2) * 3600e3;
const iso = (t) => new Date(t).toISOString().replace('.000Z', 'Z');
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(s.length * p))]; };
/** CONNS clients posting body() to path for SECONDS: latencies, statuses, wall seconds. */
async function flood(path, body) {
  const lat = [];
  const counts = {};
  let stop = false;
  const client = async () => {
    while (!stop) {
      const t = process.hrtime.bigint();
      const r = await srv.post(path, body(), op);
      lat.push(Number(process.hrtime.bigint() - t) / 1e6);
      counts[r.status] = (counts[r.status] || 0) + 1;
    }
  };
  const t0 = Date.now();
  const clients = Array.from({ length: CONNS }, client);
  setTimeout(() => { stop = true; }, SECONDS * 1000);
  await Promise.all(clients);
  return { lat, counts, wall: (Date.now() - t0) / 1000 };
}
const say = (what, { lat, counts, wall }) => `${what}, ${CONNS} connections, ${wall.toFixed(1)} s: ${(lat.length / wall).toFixed(0)} requests/s ` +
  `(${Object.entries(counts).map(([s, n]) => `${n} × ${s}`).join(', ')}), p50 ${pct(lat, 0.5).toFixed(1)} ms, p99 ${pct(lat, 0.99).toFixed(1)} ms`;
// the same load on another durable create, for scale on this machine at this moment
let k = 0;
console.log(say('POST /needs (for scale)', await flood('/api/v1/needs', () => ({ org_id: ORG, title: `벤치 수요 ${k++}`, fields: [], stage: 'rnd' }))));
const run = await flood('/api/v1/bookings', () => {
  const h = Math.floor(Math.random() * 1000);
  return { resource_id: contended[Math.floor(Math.random() * contended.length)], org_id: ORG, starts_at: iso(base + h * 3600e3), ends_at: iso(base + (h + 1) * 3600e3), purpose: '벤치' };
});
const overlaps = Number(sqlite(`SELECT count(*) FROM bookings a JOIN bookings b ON a.resource_id=b.resource_id AND a.id<b.id
  AND a.status NOT IN ('declined','cancelled') AND b.status NOT IN ('declined','cancelled')
  AND a.starts_at<b.ends_at AND b.starts_at<a.ends_at;`).trim());
console.log(`${say('POST /bookings', run)}; overlapping pairs after the run: ${overlaps}`);

// 2. and 3. availability: 500 resources open 09-18 on weekdays, each with a booking every
// other hour of the next 35 days (about 4 per open day), written with sqlite3.
sqlite(`
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500)
INSERT INTO resources (name, kind, hours_mon, hours_tue, hours_wed, hours_thu, hours_fri, slot_minutes, min_minutes, max_minutes, lead_days)
SELECT '가용성 벤치 ' || i, 'room', '09:00-18:00', '09:00-18:00', '09:00-18:00', '09:00-18:00', '09:00-18:00', 30, 30, 240, 90 FROM n;
WITH RECURSIVE d(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM d WHERE k < 35 * 5 - 1)
INSERT INTO bookings (resource_id, org_id, starts_at, ends_at, status, minutes)
SELECT r.id, ${ORG},
  strftime('%Y-%m-%dT%H:%M:%SZ', '${iso(Math.floor(Date.now() / 86400e3) * 86400e3)}', '+' || (k / 5) || ' days', '+' || (2 * (k % 5)) || ' hours'),
  strftime('%Y-%m-%dT%H:%M:%SZ', '${iso(Math.floor(Date.now() / 86400e3) * 86400e3)}', '+' || (k / 5) || ' days', '+' || (2 * (k % 5) + 1) || ' hours'),
  'approved', 60
FROM resources r, d WHERE r.name LIKE '가용성 벤치 %';`);
const ids = sqlite("SELECT id FROM resources WHERE name LIKE '가용성 벤치 %' ORDER BY id;").trim().split('\n').map(Number);
const day0 = new Date(Date.now() + 9 * 3600e3).toISOString().slice(0, 10);
const plus = (days) => new Date(Date.parse(day0) + days * 86400e3).toISOString().slice(0, 10);

async function timed(path) {
  const t = process.hrtime.bigint();
  // a keep-alive connection the server closed while idle (the bulk insert above) is retried once
  const r = await srv.get(path).catch(() => srv.get(path));
  if (r.status !== 200) throw new Error(`${path}: ${r.status} ${r.text.slice(0, 200)}`);
  return { ms: Number(process.hrtime.bigint() - t) / 1e6, r };
}
async function many(paths, conc) {
  const out = [];
  let next = 0;
  const t = Date.now();
  await Promise.all(Array.from({ length: conc }, async () => {
    while (next < paths.length) out.push((await timed(paths[next++])).ms);
  }));
  return { out, wall: Date.now() - t };
}
const month = `/api/v1/resources/${ids[0]}/availability?from=${plus(0)}&to=${plus(31)}`;
const first = await timed(month);
const m1 = await many(Array(300).fill(month), 1);
const m8 = await many(Array(600).fill(month), 8);
console.log(`availability of one resource over a month (${first.r.json.busy.length} bookings, ${first.r.json.free.length} free intervals, ${first.r.text.length} bytes): ` +
  `1 client p50 ${pct(m1.out, 0.5).toFixed(2)} ms, p99 ${pct(m1.out, 0.99).toFixed(2)} ms; 8 clients p50 ${pct(m8.out, 0.5).toFixed(2)} ms, p99 ${pct(m8.out, 0.99).toFixed(2)} ms`);
const week = ids.map((id) => `/api/v1/resources/${id}/availability?from=${plus(7)}&to=${plus(14)}`);
const w1 = await many(week, 1);
const w16 = await many(week, 16);
console.log(`availability of 500 resources over a week, one request each: 1 client ${w1.wall} ms in all, p50 ${pct(w1.out, 0.5).toFixed(2)} ms, p99 ${pct(w1.out, 0.99).toFixed(2)} ms; ` +
  `16 clients ${w16.wall} ms in all, p99 ${pct(w16.out, 0.99).toFixed(2)} ms`);
await srv.stop();
if (overlaps !== 0) process.exit(1);
