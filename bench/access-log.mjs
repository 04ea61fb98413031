// The access log's cost per viewing (issue #10 item 1): a member floods list reads that show
// personal data (three keep-alive clients, ever-changing queries) for a few seconds while another
// member writes; prints the reads, the viewings the log counted, the rows and bytes it added, the
// writer's commits, and how the other member's writes fared. Run with BPMC_BIN=path/to/bpmc:
//   node bench/access-log.mjs [seconds]
// Bytes are the access_log table's and its indexes' pages (dbstat), so other writes do not count.
// It starts its own server on a fresh demo database (tests/api/helpers.mjs) and removes it.
import { execFileSync } from 'node:child_process';
import { startServer, ADMIN } from '../tests/api/helpers.mjs';

const seconds = Number(process.argv[2] || 5);
const srv = await startServer();
const logBytes = () => Number(sql("SELECT coalesce(sum(pgsize),0) FROM dbstat WHERE name LIKE 'access_log%'"));
const sql = (q) => execFileSync('sqlite3', ['-cmd', '.timeout 5000', srv.db, q], { encoding: 'utf8' }).trim();
const metric = async (name) => {
  const t = (await srv.get('/metrics')).text;
  return Number((t.match(new RegExp(`^${name} (\\d+)`, 'm')) || [0, 0])[1]);
};
try {
  srv.addUser({ email: 'reader@bpmc.test', role: 'org-member', org: 101 });
  srv.addUser({ email: 'writer@bpmc.test', role: 'org-member', org: 101 });
  const reader = await srv.login('reader@bpmc.test', ADMIN.password);
  const writer = await srv.login('writer@bpmc.test', ADMIN.password);
  const hasViewings = sql("SELECT count(*) FROM pragma_table_info('access_log') WHERE name='viewings'") === '1';
  const rowsBefore = Number(sql('SELECT count(*) FROM access_log'));
  const bytesBefore = logBytes();
  const batchesBefore = await metric('bpmc_write_batches_total');
  const until = Date.now() + seconds * 1000;
  let reads = 0;
  const read = async (c) => {
    for (let i = 0; Date.now() < until; i++) { // every page shows personal data; most queries differ
      const q = `limit=${1 + ((c * 7 + i) % 50)}&sort=${i % 2 ? '' : '-'}name&org_id=101${i % 3 ? '&visibility=private&visibility=cluster&visibility=public' : ''}`;
      const r = await srv.get(`/api/v1/people?${q}`, reader);
      if (r.status === 200) reads++;
    }
  };
  const write = async () => {
    const lat = [], statuses = {};
    for (let i = 0; Date.now() < until; i++) {
      const t = performance.now();
      const r = await srv.post('/api/v1/needs', { org_id: 101, title: `bench ${i}`, visibility: 'cluster' }, writer);
      lat.push(performance.now() - t);
      statuses[r.status] = (statuses[r.status] || 0) + 1;
      await new Promise((res) => setTimeout(res, 20));
    }
    return { lat, statuses };
  };
  const [{ lat, statuses }] = await Promise.all([write(), read(0), read(1), read(2)]);
  await new Promise((res) => setTimeout(res, 2500)); // the last window's rows
  const batches = (await metric('bpmc_write_batches_total')) - batchesBefore;
  const rows = Number(sql('SELECT count(*) FROM access_log')) - rowsBefore;
  const viewings = hasViewings ? Number(sql(`SELECT coalesce(sum(viewings),0) FROM access_log WHERE id > (SELECT coalesce(max(id),0) FROM access_log) - ${rows}`)) : rows;
  const detail = Number(sql(`SELECT coalesce(max(length(detail)),0) FROM access_log`));
  lat.sort((a, b) => a - b);
  const p = (f) => lat[Math.min(lat.length - 1, Math.floor(f * lat.length))].toFixed(1);
  const grown = logBytes() - bytesBefore; // the table and its indexes, in pages
  console.log(JSON.stringify({
    binary: process.env.BPMC_BIN, seconds, reads, viewings_logged: viewings, log_rows: rows,
    rows_per_1000_reads: +(1000 * rows / reads).toFixed(1), log_bytes_grown: grown,
    bytes_per_read: +(grown / reads).toFixed(1), longest_detail: detail,
    writer_commits: batches, commits_per_read: +(batches / reads).toFixed(3),
    other_writes: statuses, write_p50_ms: p(0.5), write_p99_ms: p(0.99),
  }, null, 1));
} finally {
  await srv.stop();
}
