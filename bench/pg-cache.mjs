#!/usr/bin/env node
// bench/pg-cache.mjs (issue #16 item 1): the answer cache on PostgreSQL with a busy neighbour. One
// `bpmc serve` on a database of a throwaway cluster (tests/pg/cluster.sh); the cached list page
// (GET /api/v1/orgs?limit=20, anonymous) and 200 records by id at random measured with wrk while the cluster is quiet, then while
// another database of the same cluster commits a row every few milliseconds (a DO loop in psql:
// another city's bpmc, a monitoring job that writes); the cache's hits and misses over each run
// from /metrics. Then the cost of a write: POST /api/v1/needs, whose COMMIT raises the data
// version (bpmc_data_version) since migration 0138, and the raise alone with pgbench (4 clients,
// a row a transaction, with and without the raise and an advisory lock). Prints the figures and the load average
// before and after; never fails (a slow or busy machine is a figure).
//
// Run it with each binary to compare:
//   BPMC_BIN=build/bpmc node bench/pg-cache.mjs
//   BENCH_SECONDS=5 (per run), BENCH_CONNS=16, BENCH_ORGS=2000, BENCH_NEIGHBOUR_MS=2 (the pause
//   between the neighbour's commits)
// Needs wrk, psql and PostgreSQL 15's initdb/pg_ctl (scripts/bootstrap installs them).
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, loadavg, cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { wrk as runWrk } from './wrk.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS || 5);
const CONNS = Number(process.env.BENCH_CONNS || 16);
const NORGS = Number(process.env.BENCH_ORGS || 2000);
const PAUSE_MS = Number(process.env.BENCH_NEIGHBOUR_MS || 2);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TMP = mkdtempSync(join(tmpdir(), 'bpmc-pg-cache-'));
process.env.BPMC_PG_FILES = TMP;
const say = (s) => process.stdout.write(s + '\n');
const note = (s) => process.stderr.write(`pg-cache: ${s}\n`);

for (const tool of ['wrk', 'psql']) {
  try { execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' }); } catch { note(`${tool} is missing (scripts/bootstrap); skipping`); process.exit(0); }
}
const { startServer, bpmc, addUser, dbSql, ADMIN } = await import('../tests/api/helpers.mjs');

let cluster = null, server = null, neighbour = null;
async function cleanup() {
  if (neighbour) neighbour.kill('SIGKILL');
  if (server) await server.stop().catch(() => {});
  if (cluster) { try { execFileSync(join(ROOT, 'tests/pg/cluster.sh'), ['stop', cluster.dir]); } catch { /* gone */ } }
  rmSync(TMP, { recursive: true, force: true });
}
process.on('SIGINT', async () => { note('interrupted'); await cleanup(); process.exit(130); });

const database = (name) => {
  execFileSync('psql', ['-X', '-q', cluster.url, '-c', `CREATE DATABASE ${name}`], { stdio: 'ignore' });
  return cluster.url.replace(/\/bpmc\?/, `/${name}?`);
};

/** wrk against the server: {rps, bad (non-2xx/3xx and socket errors), p99 ms}. */
function wrk(path, conns, script) {
  return runWrk(server.base + path, conns, SECONDS, script);
}

async function metrics() {
  const text = await (await fetch(server.base + '/metrics')).text();
  const get = (name) => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(text)?.[1] || 0);
  return { hits: get('bpmc_answer_cache_hits_total'), misses: get('bpmc_answer_cache_misses_total') };
}

async function run(label, path, conns, script) {
  const m0 = await metrics();
  const r = await wrk(path, conns, script);
  const m1 = await metrics();
  const hits = m1.hits - m0.hits, misses = m1.misses - m0.misses;
  const ratio = hits + misses ? (100 * hits) / (hits + misses) : 0;
  say(`${label.padEnd(44)} ${String(conns).padStart(3)} conns ${r.rps.toFixed(0).padStart(7)} rps  p99 ${r.p99.toFixed(1).padStart(7)} ms  cache hits ${ratio.toFixed(1)}% (${hits} hits, ${misses} misses)${r.bad ? `  ${r.bad} not 2xx` : ''}`);
  return r;
}

try {
  const la0 = loadavg();
  say(`pg-cache: ${cpus().length} cores, load average ${la0.map((x) => x.toFixed(2)).join(' ')} before; ${SECONDS} s a run; ${NORGS} orgs; bpmc ${process.env.BPMC_BIN || 'build/bpmc'}`);
  const url = execFileSync(join(ROOT, 'tests/pg/cluster.sh'), ['start'], { encoding: 'utf8' }).trim();
  cluster = { dir: /host=([^&]+)/.exec(url)[1], url };
  const db = database('cache_bench');
  bpmc(['init', '--db', db]);
  addUser(db, { email: ADMIN.email, name: ADMIN.name, role: 'operator-admin' });
  dbSql(db, `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${NORGS})
INSERT INTO orgs (name, kind, visibility) SELECT '벤치 기관 ' || i, 'company', 'public' FROM n`, { timeoutMs: 60000 });
  const other = database('neighbour');
  dbSql(other, 'CREATE TABLE ticks (id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now())');
  server = await startServer({ db, extraArgs: ['--anonymous-rate', '0'] }); // wrk is one address
  const list = '/api/v1/orgs?limit=20';
  // 200 records by id, at random: 200 answers in the cache, each made again after the version moves
  const ids = join(TMP, 'ids.lua');
  writeFileSync(ids, `local n = 0
function setup(thread) n = n + 1; thread:set("tid", n) end
function init(args) math.randomseed(os.time() * 1000 + (tid or 0) * 7919) end
function request() return wrk.format("GET", "/api/v1/orgs/" .. math.random(1, 200)) end
`);
  await wrk(list, 4); // warm-up, unmeasured
  await wrk('/', 4, ids);
  await run('cached list, cluster quiet', list, CONNS);
  await run('200 cached records, cluster quiet', '/', CONNS, ids);
  // the neighbour: a commit every PAUSE_MS in another database of the cluster
  neighbour = spawn('psql', ['-X', '-q', other, '-c',
    `DO $$BEGIN LOOP INSERT INTO ticks DEFAULT VALUES; COMMIT; PERFORM pg_sleep(${PAUSE_MS / 1000}); END LOOP; END$$`],
  { stdio: 'ignore' });
  const t0 = Number(dbSql(other, 'SELECT count(*) FROM ticks'));
  await run(`cached list, neighbour committing every ${PAUSE_MS} ms`, list, CONNS);
  await run(`200 cached records, neighbour committing`, '/', CONNS, ids);
  const t1 = Number(dbSql(other, 'SELECT count(*) FROM ticks'));
  say(`  the neighbour committed ${t1 - t0} times in those two runs (${((t1 - t0) / SECONDS / 2).toFixed(0)} a second)`);
  neighbour.kill('SIGKILL');
  neighbour = null;
  // a write: its COMMIT raises the data version (since 0138)
  const session = await server.login();
  const post = join(TMP, 'post.lua');
  writeFileSync(post, `wrk.method = "POST"
wrk.headers["Cookie"] = "${session.cookie}"
wrk.headers["X-CSRF-Token"] = "${session.csrf}"
wrk.headers["Content-Type"] = "application/json"
local n = 0
function setup(thread) n = n + 1; thread:set("tid", n) end
local seq = 0
function request()
  seq = seq + 1
  return wrk.format(nil, nil, nil, string.format('{"org_id": %d, "title":"벤치마크 수요 %d-%d","fields":[],"stage":"rnd"}', 1 + seq % ${NORGS}, tid or 0, seq))
end
`);
  for (const c of [1, CONNS]) await run('POST /api/v1/needs', '/api/v1/needs', c, post);
  await server.stop();
  server = null;
  // the raise alone, with pgbench: 4 clients (a server's pool of writers) committing a row each
  // transaction, without and with the raise, without and with an advisory lock taken before the
  // COMMIT as the audit chain's is (then the raise waits for nothing more)
  const pgbench = ['/usr/lib/postgresql/15/bin/pgbench', 'pgbench'].find((b) => {
    try { execFileSync(b, ['--version'], { stdio: 'ignore' }); return true; } catch { return false; }
  });
  if (pgbench && /bpmc_data_version/.test(dbSql(db, "SELECT to_regclass('bpmc_data_version')"))) {
    dbSql(db, 'CREATE TABLE bench_rows (id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now())');
    // the raise rides in the COMMIT's message as pg.c sends it (pgbench's \\; joins the two)
    const raise = 'UPDATE bpmc_data_version SET version = version + 1 \\; ';
    const lock = 'SELECT pg_advisory_xact_lock(7);\n';
    const scripts = [
      ['a row', ''], ['a row, the raise', raise],
      ['a row, a lock', lock], ['a row, a lock, the raise', lock + raise],
    ];
    const { host } = Object.fromEntries(new URL(db.replace(/^postgresql:/, 'http:')).searchParams);
    for (const [what, extra] of scripts) {
      const f = join(TMP, 'tx.sql');
      writeFileSync(f, `BEGIN;\nINSERT INTO bench_rows DEFAULT VALUES;\n${extra}COMMIT;\n`);
      const out = execFileSync(pgbench, ['-n', '-c', '4', '-j', '2', '-T', String(SECONDS), '-f', f, '-h', host, '-U', 'bpmc', 'cache_bench'], { encoding: 'utf8' });
      const tps = Number(/tps = ([\d.]+)/.exec(out)?.[1] || 0);
      const lat = /latency average = ([\d.]+) ms/.exec(out)?.[1];
      say(`${`pgbench, 4 clients: ${what}`.padEnd(44)} ${tps.toFixed(0).padStart(7)} transactions/s  latency ${lat} ms`);
    }
  }
  const la1 = loadavg();
  say(`load average ${la1.map((x) => x.toFixed(2)).join(' ')} after`);
} catch (e) {
  note(`stopped: ${e.stack || e}`);
} finally {
  await cleanup();
}
