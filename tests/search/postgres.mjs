#!/usr/bin/env node
// The judged sets on PostgreSQL (docs/postgresql.md "Search"): runs tests/search/run.mjs on a
// throwaway PostgreSQL cluster (tests/pg/cluster.sh; every server of the run gets its own
// database there, BPMC_TEST_DB=postgres) and on SQLite, and compares the two reports line by
// line: every figure (each query's and case's scores and totals, the per-category tables of the
// three sets, matching) must be the same. It fails when run.mjs fails on either database (the
// gate: every judged case at least its reference) or when a line differs (printed, both sides).
//
//   BPMC_BIN=$PWD/build/bpmc node tests/search/postgres.mjs [--verbose] [--postgres-only]
//
// --postgres-only skips the SQLite run (the gate still holds PostgreSQL's figures to the
// baseline). The search quality tier of scripts/test (make test) runs it. Takes 41 s in all on the
// 2-core machine at load average 5 (PostgreSQL 26 s, SQLite 11 s, 2026-12-07); about 4 minutes
// when the machine is loaded by other work (load average near 30).
// The last line is always `search quality on PostgreSQL: same|different|failed`.
import { spawnSync, execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const root = fileURLToPath(new URL('../..', import.meta.url));
const args = process.argv.slice(2);
for (const a of args) {
  if (!['--verbose', '-v', '--postgres-only'].includes(a)) {
    console.error(`unknown argument ${a}; usage: node tests/search/postgres.mjs [--verbose] [--postgres-only]`);
    console.log('search quality on PostgreSQL: failed');
    process.exit(2);
  }
}
const pass = args.filter((a) => a !== '--postgres-only');
const cluster = join(root, 'tests/pg/cluster.sh');

function quality(env) {
  const started = Date.now();
  const r = spawnSync(process.execPath, [join(root, 'tests/search/run.mjs'), ...pass], {
    cwd: root, env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 256 << 20,
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  // the figures: every line but the run's duration
  const lines = (r.stdout || '').split('\n').filter((l) => !/^\(\d+(\.\d+)? s\)$/.test(l));
  return { ok: r.status === 0, out: r.stdout || '', err: r.stderr || '', lines, seconds };
}

const url = execFileSync(cluster, ['start'], { encoding: 'utf8' }).trim();
const dir = new URL(url.replace(/^postgresql:/, 'http:')).searchParams.get('host');
const stop = () => { try { execFileSync(cluster, ['stop', dir], { stdio: 'ignore' }); } catch { /* gone */ } };
process.on('SIGINT', () => { stop(); process.exit(130); });
let pg;
try {
  pg = quality({ BPMC_TEST_DB: 'postgres', BPMC_TEST_PG: url });
} finally {
  stop();
}
process.stdout.write(pg.out);
if (pg.err) process.stderr.write(pg.err);
console.log(`PostgreSQL run: ${pg.seconds} s`);
if (!pg.ok) {
  console.log('search quality on PostgreSQL: failed');
  process.exit(1);
}
if (args.includes('--postgres-only')) {
  console.log('search quality on PostgreSQL: same (gate only)');
  process.exit(0);
}
const sq = quality({ BPMC_TEST_DB: 'sqlite' });
console.log(`SQLite run: ${sq.seconds} s`);
if (!sq.ok) {
  process.stdout.write(sq.out);
  console.log('search quality on PostgreSQL: failed (the SQLite run failed)');
  process.exit(1);
}
let differ = 0;
const n = Math.max(pg.lines.length, sq.lines.length);
for (let i = 0; i < n; i++) {
  if (pg.lines[i] === sq.lines[i]) continue;
  if (differ++ < 40) console.log(`line ${i + 1}:\n  SQLite:     ${sq.lines[i] ?? '(none)'}\n  PostgreSQL: ${pg.lines[i] ?? '(none)'}`);
}
console.log(differ ? `${differ} line(s) differ` : `every figure the same on both databases (${n} lines)`);
console.log(`search quality on PostgreSQL: ${differ ? 'different' : 'same'}`);
process.exit(differ ? 1 : 0);
