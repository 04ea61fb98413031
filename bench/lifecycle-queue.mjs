// The operators' support-request queue at scale (issue #14): 10 000 open requests of 200
// companies, then the queue's first page (GET /api/v1/support-requests?status=…&sort=
// resolution_due&limit=50&expand=org,assignee_org, as the /support-queue page asks, once per
// open status) timed from the client over loopback (an upper bound of the server's time), cold
// and warm, with and without the total. Prints the figures; never fails.
// Run: BPMC_BIN=build/bpmc node bench/lifecycle-queue.mjs
import { execFileSync } from 'node:child_process';
import { startServer } from '../tests/api/helpers.mjs';

const N = 10000;
const srv = await startServer({ demo: false });
const op = await srv.login();
const sql = `
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200)
INSERT INTO orgs (name, kind, is_tenant) SELECT '벤치 기업 ' || i, 'company', 1 FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${N})
INSERT INTO support_requests (org_id, title, category, urgency, status, first_response_due, resolution_due)
SELECT (SELECT min(id) FROM orgs) + (i % 200), '지원 요청 ' || i,
       CASE i % 3 WHEN 0 THEN 'regulatory' WHEN 1 THEN 'ip' ELSE 'consulting' END, 'normal',
       CASE i % 3 WHEN 0 THEN 'new' WHEN 1 THEN 'triaged' ELSE 'in-progress' END,
       strftime('%Y-%m-%dT%H:%M:%SZ', '2026-12-01', '+' || (i % 720) || ' hours'),
       strftime('%Y-%m-%dT%H:%M:%SZ', '2026-12-10', '+' || (i % 2000) || ' hours')
FROM n;`;
execFileSync('sqlite3', [srv.db], { input: sql });

async function time(path) {
  const t0 = process.hrtime.bigint();
  const r = await srv.get(path, op);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 200) throw new Error(`${path}: ${r.status} ${r.text.slice(0, 200)}`);
  return { ms, n: r.json.items.length, total: r.json.total };
}
const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const status of ['new', 'triaged', 'in-progress']) {
  const path = `/api/v1/support-requests?status=${status}&sort=resolution_due&limit=50&expand=org,assignee_org`;
  const cold = await time(path);
  const warm = [];
  for (let i = 0; i < 20; i++) warm.push((await time(`${path}&q=`)).ms);
  const overdue = await time(`${path}&resolution_due_to=2026-12-20T00:00:00Z`);
  console.log(`${status.padEnd(11)} first page ${cold.n} of ${cold.total}: cold ${cold.ms.toFixed(1)} ms, warm median ${median(warm).toFixed(1)} ms; overdue filter ${overdue.ms.toFixed(1)} ms (${overdue.total})`);
}
await srv.stop();
