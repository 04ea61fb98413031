#!/usr/bin/env node
// bench/search-cpu-each.mjs: the CPU time each uncached search costs the server, query by query,
// for binaries side by side.
//
// bench/search-cpu.mjs counts a whole round's CPU in clock ticks (10 ms); this one reads every
// thread's run time in nanoseconds (/proc/<pid>/task/*/schedstat) before and after each request,
// so a percentile of the queries means something: p99 of 141 queries is the second worst. Each
// binary serves its own database (copies of one kept by `bench/search-scale` with
// BENCH_KEEP_DB); the servers run at the same time and each query goes to one then the other
// (the order alternating), so load on a shared machine hits both alike. The first pass warms the
// servers up (page cache, synonyms, cached counts) and is not counted; every request carries a
// limit not used before for that query (5..30), so none comes from the answer cache. Prints, per
// binary: the per-query median over the counted passes, as mean, p50, p90, p99 and max, and the
// costliest queries (EACH=1: every query's). Linux only. Always exits 0 unless the arguments are wrong.
//
//   node bench/search-cpu-each.mjs [passes] <label>=<bpmc binary>:<database> [...]
//   e.g. node bench/search-cpu-each.mjs 5 main=/tmp/main/bpmc:/tmp/a.db branch=build/bpmc:/tmp/b.db
//
// The queries (bench/search-queries.mjs): bench/search-scale's words (Korean, English, typos),
// names, 초성 and issue #12's shapes (typos one jamo off, compounds without their space,
// questions, mixed words); 141, and 22 of two and three common words (MIX=pairs: those and the
// set's four pairs alone); 163.
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { freePort } from '../tests/free-port.mjs';
import { qs } from './search-queries.mjs';

const args = process.argv.slice(2);
const passes = /^\d+$/.test(args[0] || '') ? Number(args.shift()) : 5;
const targets = args.map((a) => {
  const m = /^([^=]+)=([^:]+):(.+)$/.exec(a);
  if (!m) {
    console.error('usage: node bench/search-cpu-each.mjs [passes] <label>=<bpmc binary>:<database> [...]');
    process.exit(2);
  }
  return { label: m[1], bin: m[2], db: m[3], per: new Map() };
});
if (!targets.length || passes < 2) {
  console.error('usage: node bench/search-cpu-each.mjs [passes >= 2] <label>=<bpmc binary>:<database> [...]');
  process.exit(2);
}


// ms of CPU every thread of pid has run (schedstat's first field, ns)
function cpuMs(pid) {
  let ns = 0;
  for (const t of readdirSync(`/proc/${pid}/task`)) {
    try {
      ns += Number(readFileSync(`/proc/${pid}/task/${t}/schedstat`, 'utf8').split(' ')[0]);
    } catch { /* a thread gone */ }
  }
  return ns / 1e6;
}

for (const t of targets) {
  const port = await freePort();
  t.proc = spawn(t.bin, ['serve', '--db', t.db, '--listen', `127.0.0.1:${port}`, '--access-log', 'off',
    '--sweep-seconds', '0', '--anonymous-rate', '0'], { stdio: 'ignore' });
  t.base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60000;
  for (;;) {
    try {
      if ((await fetch(`${t.base}/healthz`)).ok) break;
    } catch { /* not up yet */ }
    if (Date.now() > deadline) {
      console.error(`${t.label}: no answer from ${t.bin}`);
      for (const u of targets) u.proc?.kill();
      process.exit(0);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

for (let pass = 0; pass < passes; pass++) {
  for (let i = 0; i < qs.length; i++) {
    const limit = 5 + ((pass + i) % 26); // (query, limit) never repeats within 26 passes
    for (const t of (pass + i) % 2 ? targets : [...targets].reverse()) {
      const c0 = cpuMs(t.proc.pid);
      const r = await fetch(`${t.base}/api/v1/search?limit=${limit}&q=${encodeURIComponent(qs[i])}`);
      await r.arrayBuffer();
      const c = cpuMs(t.proc.pid) - c0;
      if (pass > 0) {
        if (!t.per.has(qs[i])) t.per.set(qs[i], []);
        t.per.get(qs[i]).push(c);
      }
    }
  }
}

const pct = (s, p) => s[Math.min(s.length - 1, Math.floor(s.length * p))];
console.log(`${qs.length} uncached searches (anonymous), ${passes} passes, the first not counted; load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
console.log('label        CPU ms per search, per-query median: mean    p50    p90    p99    max');
for (const t of targets) {
  const med = [...t.per.entries()].map(([q, v]) => [v.sort((a, b) => a - b)[Math.floor(v.length / 2)], q]);
  const s = med.map(([c]) => c).sort((a, b) => a - b);
  const mean = s.reduce((a, b) => a + b, 0) / s.length;
  console.log(`${t.label.padEnd(47)}${[mean, pct(s, 0.5), pct(s, 0.9), pct(s, 0.99), s[s.length - 1]].map((x) => x.toFixed(1).padStart(7)).join('')}`);
  console.log(`  costliest: ${med.sort((a, b) => b[0] - a[0]).slice(0, 6).map(([c, q]) => `${q} ${c.toFixed(1)}`).join(', ')}`);
  t.proc.kill();
}
if (process.env.EACH) { // EACH=1: every query's median, binary by binary
  for (const q of qs)
    console.log(`  ${q.padEnd(28)}${targets.map((t) => { const v = [...t.per.get(q)].sort((a, b) => a - b); return v[Math.floor(v.length / 2)].toFixed(1).padStart(8); }).join('')}`);
}
