// Investor ↔ company matching and high-growth discovery at a cluster's scale and beyond:
// `init --demo`, then the sqlite3 CLI (dbSql) adds ROUNDS open fundraising rounds (the demo's
// companies, stages and fields in turn) and PROFILES investor profiles, so a ranking reads the
// most candidates it reads (1 000: INVEST_MATCH_CANDIDATES). Then, one request at a time after
// a warm-up, from the client over loopback (an upper bound of the server's time): the open
// rounds ranked for a profile (as the investor, who may read every open round), the profiles
// ranked for a round (as its company), and the operators' high-growth list. Prints the row
// counts, p50/p99 and the load average; never fails.
// Run: BPMC_BIN=build/bpmc node bench/investment.mjs
import { readFileSync } from 'node:fs';
import { startServer, dbSql } from '../tests/api/helpers.mjs';

const ROUNDS = 1000;
const PROFILES = 200;
const RUNS = 200;
const srv = await startServer();
const op = await srv.login();
dbSql(srv.db, `
CREATE TEMP TABLE co AS SELECT row_number() OVER (ORDER BY id) - 1 AS k, id, fields FROM orgs WHERE kind = 'company';
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${ROUNDS})
INSERT INTO fundraisings (org_id, title, stage, amount_sought, fields, status, audience, is_synthetic)
  SELECT o.id, 'bench round ' || n.i,
         CASE n.i % 6 WHEN 0 THEN 'seed' WHEN 1 THEN 'pre-a' WHEN 2 THEN 'series-a' WHEN 3 THEN 'series-b' WHEN 4 THEN 'series-c' ELSE 'pre-ipo' END,
         100000000 * (1 + n.i % 50), o.fields, 'open', 1, 1
  FROM n JOIN co o ON o.k = n.i % (SELECT count(*) FROM co);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${PROFILES})
INSERT INTO investor_profiles (org_id, fund_name, stages, fields, ticket_min, ticket_max, is_synthetic)
  SELECT 169 + n.i % 4, 'bench fund ' || n.i, '["seed","series-a","series-b"]', o.fields, 100000000 * (n.i % 10), 1000000000 * (1 + n.i % 10), 1
  FROM n JOIN co o ON o.k = n.i % (SELECT count(*) FROM co);`);
srv.addUser({ email: 'bench-inv@bpmc.test', role: 'investor', org: 169 });
srv.addUser({ email: 'bench-co@bpmc.test', role: 'org-admin', org: 101 });
const inv = await srv.login('bench-inv@bpmc.test');
const co = await srv.login('bench-co@bpmc.test');

async function time(path, session) {
  for (let i = 0; i < 10; i++) await srv.get(path, session);
  const ms = [];
  let items = 0;
  for (let i = 0; i < RUNS; i++) {
    const t = process.hrtime.bigint();
    const r = await srv.get(path, session);
    ms.push(Number(process.hrtime.bigint() - t) / 1e6);
    if (r.status !== 200) return `${r.status} ${r.text.slice(0, 200)}`;
    items = r.json.items.length;
  }
  ms.sort((a, b) => a - b);
  const q = (p) => ms[Math.min(ms.length - 1, Math.floor(p * ms.length))].toFixed(2);
  return `p50 ${q(0.5)} ms, p99 ${q(0.99)} ms (${items} items)`;
}

const count = (t) => dbSql(srv.db, `SELECT count(*) FROM ${t}`);
console.log(`rows: ${count('fundraisings')} rounds (${dbSql(srv.db, "SELECT count(*) FROM fundraisings WHERE status='open'")} open), ${count('investor_profiles')} profiles, ${count('kpi_reports')} KPI reports`);
console.log(`load average: ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
console.log(`rounds ranked for a profile (investor, limit 50): ${await time('/api/v1/investor-profiles/1/matches?limit=50', inv)}`);
console.log(`profiles ranked for a round (company, limit 50): ${await time('/api/v1/fundraisings/1/matches?limit=50', co)}`);
console.log(`high-growth list (operator): ${await time('/api/v1/investment/high-growth', op)}`);
console.log(`load average: ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
await srv.stop();
