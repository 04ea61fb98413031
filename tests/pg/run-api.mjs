#!/usr/bin/env node
// The API tier on PostgreSQL (a tier of scripts/test): starts a throwaway cluster
// (tests/pg/cluster.sh), runs each tests/api/*.test.mjs and tests/pg/*.test.mjs file (or the
// files named) with BPMC_TEST_DB=postgres, so that every server the harness starts gets its own
// database on that cluster, and the backend's unit test build/tests/test_pg when it is built;
// then removes the cluster, however the run ends.
//
// tests/pg/known-failures.txt lists the files expected to fail there, each with its reason.
// Nothing is silent: each file's passed/failed counts are printed; the run fails when a file
// not on the list fails, and names every listed file that now passes (take it off the list).
//
//   BPMC_BIN=$PWD/build/bpmc node tests/pg/run-api.mjs [tests/api/x.test.mjs …]
import { spawn, execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, mkdirSync, existsSync } from 'node:fs';
import { join, basename, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cluster = join(root, 'tests/pg/cluster.sh');
const known = new Map();
for (const line of readFileSync(join(root, 'tests/pg/known-failures.txt'), 'utf8').split('\n')) {
  const m = line.match(/^([\w.-]+\.test\.mjs)\s+(.+)$/);
  if (m) known.set(m[1], m[2]);
}
// the backend's unit test (tests/unit/test_pg.c) beside the binary, when built (make unit)
const bin = process.env.BPMC_BIN || join(root, 'build/bpmc');
const unitPg = join(dirname(bin), 'tests/test_pg');
const files = process.argv.slice(2).length
  ? process.argv.slice(2)
  : [...(existsSync(unitPg) ? [unitPg] : []), ...['tests/api', 'tests/pg'].flatMap((d) =>
    readdirSync(join(root, d)).filter((f) => f.endsWith('.test.mjs')).sort().map((f) => join(d, f)))];

const url = execFileSync(cluster, ['start'], { encoding: 'utf8' }).trim();
const dir = new URL(url.replace(/^postgresql:/, 'http:')).searchParams.get('host');
// the cluster is removed however this process ends (a failure, an exception, a signal); only a
// SIGKILL leaves it (then: tests/pg/cluster.sh stop DIR)
const running = new Set(); // the test processes, each the leader of its group
let stopped = false;
const stop = () => {
  if (stopped) return;
  stopped = true;
  try { execFileSync(cluster, ['stop', dir], { stdio: 'ignore' }); } catch { /* gone */ }
};
process.on('exit', stop);
for (const [sig, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
  process.on(sig, () => {
    for (const p of running) try { process.kill(-p.pid, 'SIGKILL'); } catch { /* gone */ }
    stop();
    process.exit(code);
  });
}
// the files kept beside each database (audit keys, checkpoints) go inside the cluster's folder,
// so that stopping it leaves nothing behind
const keptFiles = join(dir, 'files');
mkdirSync(keptFiles, { mode: 0o700 });

// each file's databases are named with a prefix of their own and dropped when the file ends, so
// that the cluster holds the databases of the files running, not of every file run
let serial = 0;
function dropDatabases(prefix) {
  const sql = `SELECT format('DROP DATABASE %I WITH (FORCE)', datname) FROM pg_database WHERE left(datname, ${prefix.length}) = '${prefix}'\\gexec`;
  try {
    execFileSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', url.replace(/\/bpmc\?/, '/postgres?')], { input: sql, stdio: ['pipe', 'ignore', 'pipe'] });
    return '';
  } catch (e) {
    return `\nnot ok 0 - dropping the databases ${prefix}*: ${e.stderr}\n`;
  }
}

function run(file) {
  const prefix = `f${++serial}_`;
  return new Promise((resolve) => {
    // its own process group: a file whose before() failed can leave its servers running
    // (their pipes keep node alive), so past the deadline the whole group is killed
    const unit = !file.endsWith('.mjs'); // a cmocka binary
    const p = spawn(unit ? file : process.execPath, unit ? [] : ['--test', '--test-reporter=tap', file], {
      cwd: root,
      env: { ...process.env, BPMC_TEST_DB: 'postgres', BPMC_TEST_PG: url, BPMC_PG_FILES: keptFiles, BPMC_PG_DB_PREFIX: prefix },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    running.add(p);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try { process.kill(-p.pid, 'SIGKILL'); } catch { /* gone */ }
    }, Number(process.env.BPMC_PG_FILE_SECONDS || 600) * 1000);
    let out = '';
    p.stdout.on('data', (d) => { out += d; });
    p.stderr.on('data', (d) => { out += d; });
    p.on('exit', (code) => {
      running.delete(p);
      clearTimeout(timer);
      if (timedOut) out += `\nnot ok 0 - ${file}: still running after BPMC_PG_FILE_SECONDS, killed\n`;
      else try { process.kill(-p.pid, 'SIGKILL'); } catch { /* nothing left */ }
      const dropFailed = dropDatabases(prefix);
      out += dropFailed;
      const num = (k) => Number((out.match(unit ? new RegExp(`^\\[  ${k === 'pass' ? 'PASSED' : 'FAILED'}  \\] (\\d+)`, 'm')
        : new RegExp(`^# ${k} (\\d+)`, 'm')) || [])[1] || 0);
      const failed = unit ? [...out.matchAll(/^\[  FAILED  \] (\w+)$/gm)].map((m) => m[1])
        : [...out.matchAll(/^not ok \d+ - (.+)$/gm)].map((m) => m[1]);
      const extra = (timedOut ? 1 : 0) + (dropFailed ? 1 : 0);
      resolve({ file, code: extra ? 1 : code, pass: num('pass'), fail: num('fail') + extra, failed, out });
    });
  });
}

const results = [];
const queue = [...files];
const jobs = Number(process.env.BPMC_PG_JOBS || 2);
await Promise.all(Array.from({ length: jobs }, async () => {
  while (queue.length) {
    const r = await run(queue.shift());
    results.push(r);
    const name = basename(r.file);
    const mark = r.code === 0 ? 'ok  ' : known.has(name) ? 'known' : 'FAIL';
    console.log(`${mark} ${name}: ${r.pass} passed, ${r.fail} failed`);
    if (r.code !== 0 && process.env.BPMC_PG_VERBOSE) console.log(r.out);
  }
}));
stop();

let pass = 0, total = 0, bad = 0;
for (const r of results) {
  pass += r.pass;
  total += r.pass + r.fail;
  const name = basename(r.file);
  if (r.code !== 0 && !known.has(name)) {
    bad++;
    console.log(`\nFAIL ${name} (not on tests/pg/known-failures.txt):\n  ${r.failed.join('\n  ')}`);
  }
  if (r.code === 0 && known.has(name)) console.log(`\nnow passes: ${name} (take it off tests/pg/known-failures.txt)`);
}
console.log(`\nPostgreSQL API tests: ${pass}/${total} passed in ${results.length} files; ` +
  `${results.filter((r) => r.code !== 0).length} files failing (${bad} not on the known list)`);
process.exit(bad ? 1 : 0);
