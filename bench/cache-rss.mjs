#!/usr/bin/env node
// bench/cache-rss.mjs: does the answer cache keep memory bounded? Starts bpmc on a fresh demo
// database, requests BENCH_REQUESTS (default one million) distinct list URLs in a row over a few
// keep-alive connections, and prints bpmc's RSS (VmRSS, and the peak VmHWM, from
// /proc/PID/status) at the start, every 100 000 requests and at the end, with the answer
// cache's figures from /metrics. Each URL is the first page of the public orgs list with its own
// cursor (`cursor` = base64url of `[-N]`: every id is past -N, so each answer is a full page),
// which an anonymous caller may send and the server caches like any list page.
//
// Builds nothing, installs nothing, exits 0 whatever it finds (a figure is not a failure); stops
// bpmc and removes its temporary directory on exit or Ctrl-C. Not part of `make bench`: a
// million requests take several minutes on two cores. See bench/README.md.
//
// Environment knobs (all optional):
//   BPMC_BIN        binary to measure (default build/bpmc)
//   BENCH_REQUESTS  distinct URLs requested (default 1000000)
//   BENCH_CONNS     keep-alive connections (default 4)
//   BENCH_LIMIT     rows per page, so bytes per answer (default 50: 37 KB on the demo)
//   BENCH_EVERY     requests between two RSS lines (default 100000)
//   BENCH_SERVE_ARGS extra arguments for `bpmc serve` (e.g. "--threads 1")
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../tests/free-port.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.resolve(root, process.env.BPMC_BIN || 'build/bpmc');
const total = Number(process.env.BENCH_REQUESTS || 1000000);
const conns = Number(process.env.BENCH_CONNS || 4);
const limit = Number(process.env.BENCH_LIMIT || 50);
const every = Number(process.env.BENCH_EVERY || 100000);
const serveArgs = (process.env.BENCH_SERVE_ARGS || '').split(/\s+/).filter(Boolean);

const note = (s) => process.stderr.write(`bench: ${s}\n`);
const tmp = mkdtempSync(path.join(os.tmpdir(), 'bpmc-cache-rss.'));
let server = null;
function cleanup() {
  if (server && server.exitCode === null) server.kill('SIGTERM');
  rmSync(tmp, { recursive: true, force: true });
}
process.on('SIGINT', () => { cleanup(); process.exit(130); });

const agent = new http.Agent({ keepAlive: true, maxSockets: conns });
function get(port, p) {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: p, agent }, (res) => {
      let n = 0;
      const chunks = [];
      res.on('data', (c) => { n += c.length; if (p === '/metrics') chunks.push(c); });
      res.on('end', () => resolve({ status: res.statusCode, bytes: n, text: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
  });
}

function memory(pid) {
  const s = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k) => Number((s.match(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm')) || [0, 0])[1]);
  return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
}

async function cacheFigures(port) {
  const { text } = await get(port, '/metrics');
  const m = (k) => { const x = text.match(new RegExp(`^${k} (\\d+)`, 'm')); return x ? Number(x[1]) : null; };
  return { bytes: m('bpmc_answer_cache_bytes'), max: m('bpmc_answer_cache_max_bytes'),
           entries: m('bpmc_answer_cache_entries'), evictions: m('bpmc_answer_cache_evictions_total') };
}

const mib = (b) => (b === null ? 'n/a' : (b / 1048576).toFixed(1));
function line(label, pid, c, rate) {
  const { rss, hwm } = memory(pid);
  console.log(`| ${label} | ${rss.toFixed(1)} | ${hwm.toFixed(1)} | ${mib(c.bytes)} | ${c.entries ?? 'n/a'} | ` +
              `${c.evictions ?? 'n/a'} | ${rate} |`);
}

async function main() {
  const db = path.join(tmp, 'bench.db');
  const init = spawnSync(bin, ['init', '--demo', '--db', db], { encoding: 'utf8' });
  if (init.status !== 0) { note(`bpmc init failed: ${init.stderr}`); return; }
  const port = await freePort();
  server = spawn(bin, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, '--access-log', 'off', '--sweep-seconds', '0', '--anonymous-rate', '0', ...serveArgs],
                 { stdio: ['ignore', 'ignore', 'inherit'] });
  for (let i = 0; ; i++) {
    try { if ((await get(port, '/readyz')).status === 200) break; } catch { /* not yet */ }
    if (i > 500) { note('bpmc did not become ready'); return; }
    await new Promise((r) => setTimeout(r, 10));
  }
  const cursor = (n) => Buffer.from(`[-${n}]`).toString('base64url');
  const url = (n) => `/api/v1/orgs?sort=id&limit=${limit}&cursor=${cursor(n)}`;
  const first = await get(port, url(1));
  if (first.status !== 200) { note(`${url(1)} answered ${first.status}`); return; }
  console.log(`bpmc ${bin}, pid ${server.pid}: ${total} distinct URLs such as ${url(1)} ` +
              `(${first.bytes} bytes each), ${conns} keep-alive connections\n`);
  console.log('| requests | VmRSS MiB | VmHWM MiB | cache MiB | cache entries | evictions | req/s |');
  console.log('|---:|---:|---:|---:|---:|---:|---:|');
  line('0', server.pid, await cacheFigures(port), '');
  let next = 2, done = 0, failed = 0, mark = Date.now();
  const worker = async () => {
    while (next <= total + 1) {
      const n = next++;
      const r = await get(port, url(n));
      if (r.status !== 200) failed++;
      if (++done % every === 0 || done === total) {
        const now = Date.now();
        const rate = Math.round((done % every || every) / ((now - mark) / 1000));
        mark = now;
        line(String(done), server.pid, await cacheFigures(port), rate);
      }
    }
  };
  await Promise.all(Array.from({ length: conns }, worker));
  const c = await cacheFigures(port);
  console.log(`\n${failed} answers other than 200; cache bound ${mib(c.max)} MiB ` +
              `(bpmc_answer_cache_max_bytes, all loops)`);
}

main().catch((e) => note(e.stack)).finally(() => { agent.destroy(); cleanup(); });
