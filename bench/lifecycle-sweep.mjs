// What the server's sweeper costs (issue #14: SLA escalation and KPI reminders in the server):
// 10 000 open support requests of 200 tenant companies, then two servers on the database
// sweeping every second, read from their /metrics (bpmc_sweep_seconds_total / bpmc_sweeps_total):
//   1. the first sweep escalates every deadline already within the window (up to 20 000, each
//      telling the operator), and reminds the 200 companies of the last quarter due;
//   2. then idle sweeps: every deadline escalated, every company reminded, so each sweep is the
//      three looks on the read-only connection and no write (the cost paid every --sweep-seconds).
// Timed by the server itself (a monotonic clock around each sweep). Prints the figures; never
// fails. Run: BPMC_BIN=build/bpmc node bench/lifecycle-sweep.mjs
import { execFileSync } from 'node:child_process';
import { startServer, until } from '../tests/api/helpers.mjs';

const N = 10000;
const srv = await startServer({ demo: false });
const sql = `
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200)
INSERT INTO orgs (name, kind, is_tenant) SELECT '벤치 기업 ' || i, 'company', 1 FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${N})
INSERT INTO support_requests (org_id, title, category, urgency, status, first_response_due, resolution_due)
SELECT (SELECT min(id) FROM orgs) + (i % 200), '지원 요청 ' || i, 'consulting', 'normal',
       CASE i % 3 WHEN 0 THEN 'new' WHEN 1 THEN 'triaged' ELSE 'in-progress' END,
       strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-10 days', '+' || (i % 720) || ' hours'),
       strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-5 days', '+' || (i % 2000) || ' hours')
FROM n;`;
execFileSync('sqlite3', [srv.db], { input: sql });
const due = Number(execFileSync('sqlite3', [srv.db, `SELECT
  (SELECT count(*) FROM support_requests WHERE status IN ('new','triaged') AND first_response_due <= strftime('%Y-%m-%dT%H:%M:%SZ','now','+4 hours')) +
  (SELECT count(*) FROM support_requests WHERE resolution_due <= strftime('%Y-%m-%dT%H:%M:%SZ','now','+4 hours'))`]).toString());

async function metrics(s) {
  const text = await (await fetch(s.base + '/metrics')).text();
  const num = (re) => Number(re.exec(text)?.[1] ?? NaN);
  return {
    sweeps: num(/^bpmc_sweeps_total (\d+)$/m),
    seconds: num(/^bpmc_sweep_seconds_total ([\d.]+)$/m),
    escalated: num(/^bpmc_sweep_items_total\{task="escalate"\} (\d+)$/m),
    reminded: num(/^bpmc_sweep_items_total\{task="remind"\} (\d+)$/m),
  };
}

const args = ['--sweep-seconds', '1'];
const servers = await Promise.all([startServer({ db: srv.db, extraArgs: args }), startServer({ db: srv.db, extraArgs: args })]);
const t0 = Date.now();
const first = await until(async () => {
  const ms = await Promise.all(servers.map(metrics));
  const esc = ms.reduce((a, m) => a + m.escalated, 0), rem = ms.reduce((a, m) => a + m.reminded, 0);
  return esc >= due && rem >= 200 ? ms : null;
}, 'the first sweeps', { ms: 600000, every: 200 });
const wall = Date.now() - t0;
const busy = first.reduce((a, m) => a + m.seconds, 0);
console.log(`first sweeps: ${first.reduce((a, m) => a + m.escalated, 0)} deadlines escalated and ${first.reduce((a, m) => a + m.reminded, 0)} companies reminded by two servers, ${busy.toFixed(2)} s of sweeping (${first.map((m) => m.escalated).join(' + ')} escalated; ${(wall / 1000).toFixed(1)} s wall)`);
const before = await Promise.all(servers.map(metrics));
await until(async () => (await Promise.all(servers.map(metrics))).every((m, i) => m.sweeps >= before[i].sweeps + 10), 'ten idle sweeps each', { ms: 120000, every: 200 });
const after = await Promise.all(servers.map(metrics));
for (let i = 0; i < servers.length; i++) {
  const n = after[i].sweeps - before[i].sweeps, s = after[i].seconds - before[i].seconds;
  console.log(`server ${i + 1}: ${n} idle sweeps (nothing to escalate or remind), ${(1000 * s / n).toFixed(2)} ms each`);
}
for (const s of servers) await s.stop();
await srv.stop();
