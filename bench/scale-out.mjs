#!/usr/bin/env node
// bench/scale-out.mjs (issue #16): requests per second of one, two and three `bpmc serve` processes
// on one PostgreSQL database against one server on a SQLite file, in one run, at 1, 16 and 64
// connections: a list page, a row by id, search, and a durable create (POST /api/v1/needs). The
// connections of a run are spread over the servers of the configuration (one wrk per server,
// run at once; their rps summed). It starts its own throwaway PostgreSQL cluster
// (tests/pg/cluster.sh) and removes it, and its SQLite file. Prints a table, the load average
// before and after, and the writers' retries; never fails (a slow or busy machine is a figure).
//
// Run: BPMC_BIN=build/bpmc node bench/scale-out.mjs
//   BENCH_SECONDS=3 (per run), BENCH_CONNS=1,16,64, BENCH_ORGS=10000, BENCH_SERVERS=1,2,3
//   BENCH_WRITERS (BPMC_WRITERS for the PostgreSQL servers; default theirs: 4), BENCH_ONLY=POST
//   (a regular expression: the scenarios to run)
// Needs wrk, psql and PostgreSQL 15's initdb/pg_ctl (scripts/bootstrap installs them).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, loadavg, cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { wrk as runWrk } from './wrk.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS || 3);
const CONNS = (process.env.BENCH_CONNS || '1,16,64').split(',').map(Number);
const NORGS = Number(process.env.BENCH_ORGS || 10000);
const SERVERS = (process.env.BENCH_SERVERS || '1,2,3').split(',').map(Number);
const ONLY = new RegExp(process.env.BENCH_ONLY || '.'); // the scenarios to run, by name
if (process.env.BENCH_WRITERS) process.env.BPMC_WRITERS = process.env.BENCH_WRITERS;
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TMP = mkdtempSync(join(tmpdir(), 'bpmc-scale-out-'));
process.env.BPMC_PG_FILES = TMP; // the audit key of the PostgreSQL database
const say = (s) => process.stdout.write(s + '\n');
const note = (s) => process.stderr.write(`scale-out: ${s}\n`);

for (const tool of ['wrk', 'psql']) {
  try { execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' }); } catch { note(`${tool} is missing (scripts/bootstrap); skipping`); process.exit(0); }
}
const { startServer, bpmc, addUser, dbSql, ADMIN } = await import('../tests/api/helpers.mjs');

let cluster = null;
const running = [];
async function cleanup() {
  for (const s of running.splice(0)) await s.stop().catch(() => {});
  if (cluster) { try { execFileSync(join(ROOT, 'tests/pg/cluster.sh'), ['stop', cluster.dir]); } catch { /* gone */ } }
  rmSync(TMP, { recursive: true, force: true });
}
process.on('SIGINT', async () => { note('interrupted'); await cleanup(); process.exit(130); });

/** The generated orgs: public companies with Korean and English names (both databases' SQL). */
const ORGS_SQL = `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${NORGS})
INSERT INTO orgs (name, name_en, kind, fields, is_tenant, stage, employees, description, visibility)
SELECT (CASE i % 5 WHEN 0 THEN '한빛' WHEN 1 THEN '누리' WHEN 2 THEN '새솔' WHEN 3 THEN '다온' ELSE '가람' END)
    || (CASE (i / 5) % 4 WHEN 0 THEN '바이오' WHEN 1 THEN '메디컬' WHEN 2 THEN '진단' ELSE '인공지능' END) || ' ' || i,
  (CASE i % 5 WHEN 0 THEN 'Hanbit' WHEN 1 THEN 'Nuri' WHEN 2 THEN 'Saesol' WHEN 3 THEN 'Daon' ELSE 'Garam' END) || ' Bio ' || i,
  'company', CASE i % 3 WHEN 0 THEN '["ai","big-data"]' WHEN 1 THEN '["bio","genomics"]' ELSE '["pharma"]' END,
  CASE WHEN i % 3 = 0 THEN 1 ELSE 0 END, 'rnd', 3 + (i * 37) % 480, '[벤치] 유전체 분석 서비스를 제공한다.', 'public'
FROM n`;

/** A database with NORGS orgs and the admin user: a SQLite file, or a database on the cluster. */
function makeDatabase(kind) {
  let db;
  if (kind === 'sqlite') db = join(TMP, 'bench.db');
  else {
    execFileSync('psql', ['-X', '-q', cluster.url, '-c', 'CREATE DATABASE scale_out'], { stdio: 'ignore' });
    db = cluster.url.replace(/\/bpmc\?/, '/scale_out?');
  }
  bpmc(['init', '--db', db]);
  addUser(db, { email: ADMIN.email, name: ADMIN.name, role: 'operator-admin' });
  dbSql(db, ORGS_SQL, { timeoutMs: 60000 });
  return db;
}

const lua = (name, text) => { const p = join(TMP, name); writeFileSync(p, text); return p; };
const ITEM = lua('item.lua', `local n = 0
function setup(thread) n = n + 1; thread:set("tid", n) end
function init(args) math.randomseed(os.time() * 1000 + (tid or 0) * 7919) end
function request() return wrk.format("GET", "/api/v1/orgs/" .. math.random(1, ${NORGS})) end
`);
const SEARCH = lua('search.lua', `local qs = {"%EB%B0%94%EC%9D%B4%EC%98%A4", "%ED%95%9C%EB%B9%9B", "hanbit", "medical", "%EC%A7%84%EB%8B%A8"}
local n = 0
function setup(thread) n = n + 1; thread:set("tid", n) end
function init(args) math.randomseed(os.time() * 1000 + (tid or 0) * 7919) end
function request() return wrk.format("GET", "/api/v1/search?limit=10&q=" .. qs[math.random(1, #qs)]) end
`);
const postLua = (session, k) => lua(`post-${k}.lua`, `wrk.method = "POST"
wrk.headers["Cookie"] = "${session.cookie}"
wrk.headers["X-CSRF-Token"] = "${session.csrf}"
wrk.headers["Content-Type"] = "application/json"
local n = 0
function setup(thread) n = n + 1; thread:set("tid", n) end
local seq = 0
function init(args) math.randomseed(os.time() * 1000 + (tid or 0) * 7919) end
function request()
  seq = seq + 1
  return wrk.format(nil, nil, nil, string.format('{"org_id": %d, "title":"벤치마크 수요 ${k}-%d-%d","fields":[],"stage":"rnd"}', math.random(1, ${NORGS}), tid or 0, seq))
end
`);

/** wrk against one server: {rps, bad (non-2xx/3xx and socket errors), p99 ms}. */
function wrk(base, path, conns, script) {
  return runWrk(base + path, conns, SECONDS, script);
}

/** N connections spread over the servers, one wrk each at once: summed rps, bad answers, worst p99. */
async function spread(servers, path, conns, scriptOf) {
  const share = servers.map((_, i) => Math.floor(conns / servers.length) + (i < conns % servers.length ? 1 : 0));
  const runs = await Promise.all(servers.map((s, i) => (share[i] ? wrk(s.base, path, share[i], scriptOf(i)) : null)));
  const done = runs.filter(Boolean);
  return { rps: done.reduce((a, r) => a + r.rps, 0), bad: done.reduce((a, r) => a + r.bad, 0), p99: Math.max(...done.map((r) => r.p99)) };
}

async function metric(s, name) {
  const text = await (await fetch(s.base + '/metrics')).text();
  return Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(text)?.[1] || 0);
}

const rows = [];
async function measure(label, db, n) {
  const servers = [];
  for (let i = 0; i < n; i++) {
    const s = await startServer({ db, extraArgs: ['--anonymous-rate', '0'] }); // wrk is one address
    running.push(s);
    servers.push(s);
  }
  const session = await servers[0].login();
  const posts = servers.map((_, i) => postLua(session, `${label}-${i}`));
  const retries0 = (await Promise.all(servers.map((s) => metric(s, 'bpmc_write_retries_total')))).reduce((a, b) => a + b, 0);
  const scenarios = [
    ['GET /api/v1/orgs?limit=20', '/api/v1/orgs?limit=20', () => null],
    ['GET /api/v1/orgs/{id}', '/', () => ITEM],
    ['GET /api/v1/search?q=', '/', () => SEARCH],
    ['POST /api/v1/needs', '/api/v1/needs', (i) => posts[i]],
  ];
  for (const [what, path, scriptOf] of scenarios.filter(([what]) => ONLY.test(what))) {
    await spread(servers, path, Math.max(n, 4), scriptOf); // warm-up, unmeasured
    for (const c of CONNS) {
      const r = await spread(servers, path, c, scriptOf);
      rows.push({ label, what, c, ...r });
      say(`${label.padEnd(18)} ${what.padEnd(28)} ${String(c).padStart(3)} conns ${r.rps.toFixed(0).padStart(7)} rps  p99 ${r.p99.toFixed(1).padStart(7)} ms${r.bad ? `  ${r.bad} not 2xx` : ''}`);
    }
  }
  const retries = (await Promise.all(servers.map((s) => metric(s, 'bpmc_write_retries_total')))).reduce((a, b) => a + b, 0) - retries0;
  const writers = await metric(servers[0], 'bpmc_writers');
  say(`${label}: ${writers} writer(s) a server, ${retries} batch(es) run again after a deadlock or serialization failure`);
  for (const s of servers) { await s.stop(); running.splice(running.indexOf(s), 1); }
}

try {
  const la0 = loadavg();
  say(`scale-out: ${cpus().length} cores, load average ${la0.map((x) => x.toFixed(2)).join(' ')} before; ${SECONDS} s a run; ${NORGS} orgs; bpmc ${process.env.BPMC_BIN || 'build/bpmc'}`);
  const sqlite = makeDatabase('sqlite');
  await measure('SQLite, 1 server', sqlite, 1);
  const url = execFileSync(join(ROOT, 'tests/pg/cluster.sh'), ['start'], { encoding: 'utf8' }).trim();
  cluster = { dir: /host=([^&]+)/.exec(url)[1], url };
  const pg = makeDatabase('postgres');
  for (const n of SERVERS) await measure(`PostgreSQL, ${n} srv`, pg, n);
  const la1 = loadavg();
  say(`load average ${la1.map((x) => x.toFixed(2)).join(' ')} after`);
  // the table, for bench/RESULTS.md
  say('\n| scenario | conns | ' + ['SQLite, 1 server', ...SERVERS.map((n) => `PostgreSQL, ${n} srv`)].join(' | ') + ' |');
  say('|---|---:|' + '---:|'.repeat(1 + SERVERS.length));
  for (const what of [...new Set(rows.map((r) => r.what))])
    for (const c of CONNS) {
      const cells = ['SQLite, 1 server', ...SERVERS.map((n) => `PostgreSQL, ${n} srv`)].map((l) => {
        const r = rows.find((x) => x.label === l && x.what === what && x.c === c);
        return r ? `${Math.round(r.rps).toLocaleString('en').replace(/,/g, ' ')}${r.bad ? ` (${r.bad} not 2xx)` : ''}` : '';
      });
      say(`| \`${what}\` | ${c} | ${cells.join(' | ')} |`);
    }
} catch (e) {
  note(`stopped: ${e.stack || e}`);
} finally {
  await cleanup();
}
