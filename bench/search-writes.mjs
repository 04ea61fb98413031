// Writes with the search index at scale (issue #12 item 4): against a database bench/search-scale
// generated and kept (BENCH_KEEP_DB), creates capabilities one at a time through the API (each
// indexed in the write's savepoint) and renames organisations (which re-indexes the rows they
// own), timed from the client over loopback; then the index's size on disk (the sqlite3 shell's
// dbstat). Prints the figures; never fails. Writes into the database it is given (a bench copy).
// Run: BPMC_BIN=build/bpmc BENCH_DB=/tmp/scale.db node bench/search-writes.mjs
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { startServer, addUser, ADMIN } from '../tests/api/helpers.mjs';

const DB = process.env.BENCH_DB;
const N = Number(process.env.BENCH_WRITES || 300);
if (!DB || !existsSync(DB)) {
  console.log('search-writes: set BENCH_DB to a database bench/search-scale kept (BENCH_KEEP_DB); skipping');
  process.exit(0);
}
try {
  addUser(DB, { email: ADMIN.email, name: ADMIN.name, role: 'operator-admin' });
} catch {
  /* the bench user exists from an earlier run */
}
const srv = await startServer({ db: DB, admin: false });
try {
  const op = await srv.login();
  const rows = Number(execFileSync('sqlite3', [DB, 'SELECT count(*) FROM search_rows'], { encoding: 'utf8' }).trim());
  const orgIds = execFileSync('sqlite3', [DB, `SELECT id FROM orgs WHERE visibility='public' ORDER BY random() LIMIT ${Math.max(20, N / 10)}`], { encoding: 'utf8' })
    .trim().split('\n').map(Number);
  const times = [];
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < N; i++) {
    const body = {
      org_id: orgIds[i % orgIds.length], title: `벤치 유전체 분석 서비스 ${i}`, title_en: `Bench genome analysis ${i}`,
      kind: 'research-service', fields: ['genomics'], visibility: 'public',
      description: '전장유전체와 엑솜 시퀀싱 분석을 제공합니다. Whole genome and exome sequencing analysis.',
    };
    const s = process.hrtime.bigint();
    const r = await srv.req('/api/v1/capabilities', { method: 'POST', json: body, session: op });
    times.push(Number(process.hrtime.bigint() - s) / 1e6);
    if (r.status !== 201) throw new Error(`POST capabilities: ${r.status} ${r.text.slice(0, 200)}`);
  }
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  times.sort((a, b) => a - b);
  const pct = (xs, p) => xs[Math.min(xs.length - 1, Math.floor(xs.length * p))];
  console.log(`index of ${rows} rows: ${N} capabilities created one at a time: ${(N / secs).toFixed(1)} writes/s, p50 ${pct(times, 0.5).toFixed(1)} ms, p99 ${pct(times, 0.99).toFixed(1)} ms`);
  const ren = [];
  for (const id of orgIds.slice(0, 20)) {
    const g = await srv.get(`/api/v1/orgs/${id}`, op);
    const s = process.hrtime.bigint();
    const r = await srv.patch(`/api/v1/orgs/${id}`, { name: `${g.json.name} 벤치` }, op, g.headers.get('etag'));
    ren.push(Number(process.hrtime.bigint() - s) / 1e6);
    if (r.status !== 200) throw new Error(`PATCH orgs/${id}: ${r.status} ${r.text.slice(0, 200)}`);
  }
  ren.sort((a, b) => a - b);
  console.log(`organisation renamed (its own rows re-indexed): ${ren.length} renames, p50 ${pct(ren, 0.5).toFixed(1)} ms, max ${ren[ren.length - 1].toFixed(1)} ms`);
} finally {
  await srv.stop();
}
try {
  const out = execFileSync('sqlite3', [DB, "SELECT (SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'search%') / 1048576, (SELECT sum(pgsize) FROM dbstat) / 1048576"], { encoding: 'utf8' }).trim();
  const [idx, all] = out.split('|');
  console.log(`index on disk: ${idx} MiB of the database's ${all} MiB (the search table, its segments and the map search_rows)`);
} catch (e) {
  console.log(`index size: the sqlite3 shell has no dbstat (${String(e.message).split('\n')[0]})`);
}
