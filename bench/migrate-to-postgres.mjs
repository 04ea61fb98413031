// bpmc migrate-to-postgres and bpmc backup on PostgreSQL, timed (docs/postgresql.md "Switching
// from SQLite"): the demo database grown by the sqlite3 CLI with NEEDS needs (a 300-byte
// description each) and FILES uploaded files of FILE_BYTES random bytes (their sha256 and size
// right, as the copy checks them), copied into a new database on a throwaway cluster
// (tests/pg/cluster.sh). Prints the rows and bytes, the wall time of the copy (schema made,
// copied, compared, audit verified: one command), of `--verify` alone, and of `bpmc backup`
// (pg_dump --format=custom) of the copy, with rows per second. Never fails.
// Run: BPMC_BIN=build/bpmc node bench/migrate-to-postgres.mjs [NEEDS] [FILES]
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = process.env.BPMC_BIN || fileURLToPath(new URL('../build/bpmc', import.meta.url));
const cluster = fileURLToPath(new URL('../tests/pg/cluster.sh', import.meta.url));
const NEEDS = Number(process.argv[2] || 100000);
const FILES = Number(process.argv[3] || 20);
const FILE_BYTES = 1 << 20;
const dir = mkdtempSync(join(tmpdir(), 'bpmc-bench-migrate-'));
process.env.BPMC_PG_FILES = dir;
const base = execFileSync(cluster, ['start'], { encoding: 'utf8' }).trim();
const host = /[?&]host=([^&]+)/.exec(base)[1];
const secs = (t0) => (Number(process.hrtime.bigint() - t0) / 1e9);
try {
  const src = join(dir, 'src.db');
  execFileSync(BIN, ['init', '--db', src, '--demo'], { stdio: 'ignore' });
  let sql = `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${NEEDS})
    INSERT INTO needs (org_id, title, description) SELECT 101, '벤치마크 수요 ' || i, hex(randomblob(150)) FROM n;\n`;
  for (let i = 0; i < FILES; i++) {
    const data = randomBytes(FILE_BYTES);
    sql += `INSERT INTO files (name, content_type, size, sha256, org_id, data) VALUES ('bench-${i}.bin', 'application/octet-stream', ${FILE_BYTES}, '${createHash('sha256').update(data).digest('hex')}', 101, X'${data.toString('hex')}');\n`;
  }
  execFileSync('sqlite3', [src], { input: sql, maxBuffer: 1 << 30 });
  const rows = Number(execFileSync('sqlite3', [src, "SELECT sum(n) FROM (SELECT count(*) AS n FROM needs UNION ALL SELECT count(*) FROM files UNION ALL SELECT count(*) FROM orgs)"], { encoding: 'utf8' }));
  const size = statSync(src).size;
  execFileSync('psql', ['-X', '-q', base, '-c', 'CREATE DATABASE copy1']);
  const to = base.replace(/\/bpmc\?/, '/copy1?');

  let t0 = process.hrtime.bigint();
  const m = spawnSync(BIN, ['migrate-to-postgres', '--from', src, '--to', to], { encoding: 'utf8' });
  const copyS = secs(t0);
  const total = /copied and verified: (\d+) tables, (\d+) rows/.exec(m.stdout);
  t0 = process.hrtime.bigint();
  const v = spawnSync(BIN, ['migrate-to-postgres', '--from', src, '--to', to, '--verify'], { encoding: 'utf8' });
  const verifyS = secs(t0);
  t0 = process.hrtime.bigint();
  const b = spawnSync(BIN, ['backup', '--db', to, '--to', join(dir, 'copy1.dump')], { encoding: 'utf8' });
  const backupS = secs(t0);
  const all = total ? Number(total[2]) : 0;
  console.log(`source: ${(size / 1048576).toFixed(1)} MiB SQLite file, ${NEEDS} extra needs, ${FILES} files of ${FILE_BYTES} bytes (${rows} rows in needs, files and orgs)`);
  console.log(`migrate-to-postgres: exit ${m.status}, ${total ? `${total[1]} tables, ${all} rows` : m.stderr.trim()}, ${copyS.toFixed(1)} s (schema, copy, compare, audit verify), ${(all / copyS).toFixed(0)} rows/s`);
  console.log(`migrate-to-postgres --verify: exit ${v.status}, ${verifyS.toFixed(1)} s, ${(all / verifyS).toFixed(0)} rows/s compared`);
  console.log(`backup (pg_dump --format=custom): exit ${b.status}, ${backupS.toFixed(1)} s, ${b.status === 0 ? (statSync(join(dir, 'copy1.dump')).size / 1048576).toFixed(1) : '-'} MiB`);
} finally {
  execFileSync(cluster, ['stop', host]);
  rmSync(dir, { recursive: true, force: true });
}
