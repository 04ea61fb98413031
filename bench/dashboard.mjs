// The dashboard at the demo data × 100 (issue #15: every figure in one answer in ≤ 50 ms):
// `init --demo`, then the sqlite3 CLI copies the demo's organisations, needs, capabilities,
// resources, bookings (each copy on its own copy of the resource, so no two overlap), budget
// lines and achievements 99 more times, and adds one match and one collaboration per need
// (the demo has none). Then GET /api/v1/dashboard (operator) and /api/v1/dashboard/public
// (anonymous) are timed from the client over loopback (an upper bound of the server's time),
// one request at a time, after a warm-up: "computed" with a write through the API before each
// (so the loop's answer cache cannot answer: every figure is computed), "cached" without. Prints
// the row counts, p50/p99 and the server process's CPU time per answer (/proc: what the answer
// costs whatever else the machine runs; a write's own cost measured apart and subtracted);
// never fails.
// Run: BPMC_BIN=build/bpmc node bench/dashboard.mjs
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { startServer } from '../tests/api/helpers.mjs';

const COPIES = 99; /* the demo itself and 99 copies: × 100 */
const RUNS = 200;
const srv = await startServer();
const op = await srv.login();
const sql = `
PRAGMA foreign_keys = OFF;
CREATE TEMP TABLE k(i INTEGER PRIMARY KEY);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${COPIES}) INSERT INTO k SELECT i FROM n;
CREATE TEMP TABLE base AS SELECT (SELECT max(id) FROM orgs) AS orgs, (SELECT max(id) FROM needs) AS needs,
  (SELECT max(id) FROM capabilities) AS caps, (SELECT max(id) FROM resources) AS res;
INSERT INTO orgs (id, name, name_en, kind, fields, is_tenant, is_anchor, stage, address, employees, founded, description, visibility, is_synthetic, created_at)
  SELECT o.id + k.i * b.orgs, o.name || ' #' || k.i, o.name_en, o.kind, o.fields, o.is_tenant, o.is_anchor, o.stage, o.address,
         o.employees, o.founded, o.description, o.visibility, 1,
         strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-' || (k.i % 12) || ' months')
  FROM orgs o, k, base b WHERE o.id <= b.orgs;
INSERT INTO needs (org_id, title, description, fields, stage, status, visibility, is_synthetic)
  SELECT n.org_id + k.i * b.orgs, n.title, n.description, n.fields, n.stage, n.status, n.visibility, 1
  FROM needs n, k, base b WHERE n.id <= b.needs;
INSERT INTO capabilities (org_id, title, kind, fields, description, status, visibility, is_synthetic)
  SELECT c.org_id + k.i * b.orgs, c.title, c.kind, c.fields, c.description, c.status, c.visibility, 1
  FROM capabilities c, k, base b WHERE c.id <= b.caps;
INSERT INTO resources (id, name, kind, location, manager_org_id, hours_mon, hours_tue, hours_wed, hours_thu, hours_fri, hours_sat, hours_sun,
                       slot_minutes, min_minutes, max_minutes, lead_days, requires_approval, requires_qualification, hourly_fee, capacity, status)
  SELECT r.id + k.i * b.res, r.name || ' #' || k.i, r.kind, r.location, r.manager_org_id, r.hours_mon, r.hours_tue, r.hours_wed, r.hours_thu,
         r.hours_fri, r.hours_sat, r.hours_sun, r.slot_minutes, r.min_minutes, r.max_minutes, r.lead_days, r.requires_approval,
         r.requires_qualification, r.hourly_fee, r.capacity, r.status
  FROM resources r, k, base b WHERE r.id <= b.res;
INSERT INTO bookings (resource_id, org_id, starts_at, ends_at, purpose, status, minutes, fee, company_part)
  SELECT x.resource_id + k.i * b.res, x.org_id, x.starts_at, x.ends_at, x.purpose, x.status, x.minutes, x.fee, x.company_part
  FROM bookings x, k, base b WHERE x.resource_id <= b.res;
INSERT INTO budget_lines (project_id, unit_project_id, item, source, kind, starts_on, ends_on, amount, document)
  SELECT project_id, unit_project_id, item || ' #' || k.i, source, kind, starts_on, ends_on, amount, document FROM budget_lines, k;
INSERT INTO achievements (project_id, occurred_on, kind, theme, summary, counterparts, position)
  SELECT project_id, date('now', '-' || (k.i * 3) || ' days'), kind, theme, summary, counterparts, position FROM achievements, k
  WHERE achievements.id <= 4;
INSERT INTO matches (need_id, capability_id, org_id, partner_org_id, status)
  SELECT n.id, (SELECT min(c.id) FROM capabilities c WHERE c.org_id <> n.org_id), n.org_id,
         (SELECT c.org_id FROM capabilities c WHERE c.org_id <> n.org_id ORDER BY c.id LIMIT 1),
         CASE n.id % 4 WHEN 0 THEN 'requested' WHEN 1 THEN 'accepted' WHEN 2 THEN 'declined' ELSE 'withdrawn' END
  FROM needs n;
INSERT INTO collaborations (title, org_id, partner_org_id, need_id, status, started_on, org_confirmed_at, partner_confirmed_at)
  SELECT 'bench ' || m.id, m.org_id, m.partner_org_id, m.need_id,
         CASE m.id % 3 WHEN 0 THEN 'active' WHEN 1 THEN 'completed' ELSE 'paused' END, date('now'),
         strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
  FROM matches m;
`;
execFileSync('sqlite3', [srv.db], { input: sql });
const counts = execFileSync('sqlite3', [srv.db, `SELECT 'orgs ' || (SELECT count(*) FROM orgs) || ', tenants ' || (SELECT count(*) FROM orgs WHERE is_tenant = 1)
  || ', needs ' || (SELECT count(*) FROM needs) || ', matches ' || (SELECT count(*) FROM matches)
  || ', collaborations ' || (SELECT count(*) FROM collaborations) || ', resources ' || (SELECT count(*) FROM resources)
  || ', bookings ' || (SELECT count(*) FROM bookings) || ', budget lines ' || (SELECT count(*) FROM budget_lines)
  || ', achievements ' || (SELECT count(*) FROM achievements)`], { encoding: 'utf8' }).trim();
console.log(`data: ${counts}`);

async function time(path, session) {
  const t0 = process.hrtime.bigint();
  const r = await srv.get(path, session);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 200) throw new Error(`${path}: ${r.status} ${r.text.slice(0, 200)}`);
  return { ms, bytes: r.bytes.length, json: r.json };
}
/** The server process's CPU time so far (user + system), in ms. */
function cpuMs() {
  const f = readFileSync(`/proc/${srv.proc.pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(f[11]) + Number(f[12])) * 1000) / 100; /* utime, stime in ticks of 1/100 s */
}
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];
// A write through the API (the server's data version moves at once): the next answer is
// computed again, not taken from the loop's cache.
let etag = (await srv.get('/api/v1/budget-lines/1', op)).headers.get('etag');
let amount = 150000000;
async function write() {
  const r = await srv.patch('/api/v1/budget-lines/1', { amount: ++amount }, op, etag);
  if (r.status !== 200) throw new Error(`write: ${r.status} ${r.text.slice(0, 200)}`);
  etag = r.headers.get('etag');
}
let cpu0 = cpuMs();
for (let i = 0; i < RUNS; i++) await write();
const cpuWrite = (cpuMs() - cpu0) / RUNS;
console.log(`a write alone: server CPU ${cpuWrite.toFixed(1)} ms (subtracted below)`);
for (const [name, path, session] of [['operator', '/api/v1/dashboard', op], ['public', '/api/v1/dashboard/public', undefined]]) {
  await write();
  const first = await time(path, session);
  for (let i = 0; i < 10; i++) await time(path, session);
  for (const mode of ['computed', 'cached']) {
    const ms = [];
    cpu0 = cpuMs();
    for (let i = 0; i < RUNS; i++) {
      if (mode === 'computed') await write();
      ms.push((await time(path, session)).ms);
    }
    const cpu = (cpuMs() - cpu0) / RUNS - (mode === 'computed' ? cpuWrite : 0);
    console.log(`${name.padEnd(8)} ${mode.padEnd(8)} ${path}: ${first.bytes} bytes, p50 ${pct(ms, 50).toFixed(1)} ms, ` +
      `p99 ${pct(ms, 99).toFixed(1)} ms over ${RUNS}; server CPU ${cpu.toFixed(1)} ms per answer` +
      (mode === 'computed' ? ` (first ${first.ms.toFixed(1)} ms, tenants ${first.json.tenants.total})` : ''));
  }
}
await srv.stop();
