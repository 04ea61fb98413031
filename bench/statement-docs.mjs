// Monthly statements at three sizes (10, 100 and 1000 lines: one organisation's month of
// bookings on 20 instruments, written with sqlite3), generated through the API
// (POST /api/v1/statements/generate), then each statement's documents fetched as PDF (나눔고딕
// embedded), XLSX and CSV: the time from the client over loopback (an upper bound of the
// server's), median of 7 after one warm-up, and the size. Prints the figures; never fails.
// Run: BPMC_BIN=build/bpmc node bench/statement-docs.mjs
import { execFileSync } from 'node:child_process';
import { startServer } from '../tests/api/helpers.mjs';

const SIZES = [10, 100, 1000];
const srv = await startServer({ demo: false });
const op = await srv.login();
const sql = (q) => execFileSync('sqlite3', ['-cmd', '.timeout 5000', srv.db], { input: q, encoding: 'utf8' });
sql(`
INSERT INTO orgs (name, kind, is_tenant) VALUES ('벤치 바이오 10', 'company', 1), ('벤치 바이오 100', 'company', 1), ('벤치 바이오 1000', 'company', 1);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20)
INSERT INTO resources (name, kind, hourly_fee, hourly_fee_member, hourly_fee_external) SELECT '벤치 장비 ' || i, 'instrument', 10000 * i, 12000 * i, 15000 * i FROM n;
INSERT INTO vouchers (program, org_id, year, share_percent, yearly_cap) SELECT '벤치 바우처', id, 2026, 50, 500000000 FROM orgs;`);
for (const [k, size] of SIZES.entries()) {
  const base = `2026-10-${['01', '05', '12'][k]} 00:00`; // the sizes' bookings apart
  sql(`
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${size - 1})
INSERT INTO bookings (resource_id, org_id, starts_at, ends_at, purpose, status, minutes, fee_class, hourly_rate, fee, voucher_id, voucher_part, company_part)
SELECT r.id, o.id,
       strftime('%Y-%m-%dT%H:%M:%SZ', '${base}', '-9 hours', '+' || ((i / 20) * 90) || ' minutes'),
       strftime('%Y-%m-%dT%H:%M:%SZ', '${base}', '-9 hours', '+' || ((i / 20) * 90 + 60) || ' minutes'),
       '벤치 예약 ' || i, 'completed', 60, 'tenant', r.hourly_fee, r.hourly_fee,
       (SELECT id FROM vouchers WHERE org_id = o.id), r.hourly_fee / 2, r.hourly_fee - r.hourly_fee / 2
FROM n JOIN resources r ON r.name = '벤치 장비 ' || (i % 20 + 1) JOIN orgs o ON o.name = '벤치 바이오 ${size}';`);
}
const ids = {};
const t0 = process.hrtime.bigint();
const g = await srv.post('/api/v1/statements/generate', { month: '2026-10' }, op);
const genMs = Number(process.hrtime.bigint() - t0) / 1e6;
if (g.status !== 200) throw new Error(`generate: ${g.status} ${g.text.slice(0, 300)}`);
for (const s of g.json.statements) ids[s.lines] = s.id;
console.log(`generate 2026-10: ${g.json.statements.length} statements, ${g.json.statements.reduce((a, s) => a + s.lines, 0)} lines (each line an audited engine write): ${genMs.toFixed(0)} ms`);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log('| lines | PDF ms | PDF KiB | XLSX ms | XLSX KiB | CSV ms | CSV KiB |');
console.log('|---|---|---|---|---|---|---|');
for (const size of SIZES) {
  const cells = [];
  for (const f of ['pdf', 'xlsx', 'csv']) {
    const path = `/api/v1/statements/${ids[size]}/document?format=${f}`;
    let bytes = 0;
    const times = [];
    for (let k = 0; k < 8; k++) {
      const a = process.hrtime.bigint();
      const r = await srv.get(path, op);
      const ms = Number(process.hrtime.bigint() - a) / 1e6;
      if (r.status !== 200) throw new Error(`${path}: ${r.status}`);
      bytes = r.bytes.length;
      if (k) times.push(ms);
    }
    cells.push(median(times).toFixed(1), (bytes / 1024).toFixed(0));
  }
  console.log(`| ${size} | ${cells.join(' | ')} |`);
}
await srv.stop();
