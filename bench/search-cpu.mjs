#!/usr/bin/env node
// bench/search-cpu.mjs: what an uncached search costs the server, in CPU time, on a busy machine.
//
// On a shared machine wrk's latencies measure the other processes as much as bpmc; the CPU time
// the server process spends (utime + stime from /proc/<pid>/stat) over a fixed sequence of
// queries, sent one at a time, does not. Each binary serves its own database (built by
// `bench/search-scale` with BENCH_KEEP_DB) and answers the same queries in the same order, every
// one uncached (a distinct limit= each time); the binaries take turns, ROUNDS rounds, so that a
// burst of load hits both alike. Prints, per binary: CPU ms per request (mean over the rounds),
// and the wall-clock p50 / p99 of the requests (load included).
//
//   node bench/search-cpu.mjs <label>=<bpmc binary>:<database> [...]
//   e.g. node bench/search-cpu.mjs before=/tmp/main/bpmc:/tmp/a.db after=build/bpmc:/tmp/b.db
//
// Environment: ROUNDS (default 3), QUERIES (per round, default 300), MIX (issue12: a quarter of
// the queries are issue #12's shapes, the default; plain: only bench/search-scale's words;
// match: GET /api/v1/needs/{id}/matches of QUERIES public open needs, read from the first
// database with the sqlite3 shell). Linux only (/proc). Always
// exits 0 unless the arguments are wrong: a figure, never a failed test.
import { spawn, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { freePort } from '../tests/free-port.mjs';

const ROUNDS = Number(process.env.ROUNDS || 3);
const PER_ROUND = Number(process.env.QUERIES || 300);
const TICK = 1000 / 100; // ms per clock tick (USER_HZ is 100 on Linux)

const targets = process.argv.slice(2).map((a) => {
  const m = /^([^=]+)=([^:]+):(.+)$/.exec(a);
  if (!m) {
    console.error('usage: node bench/search-cpu.mjs <label>=<bpmc binary>:<database> [...]');
    process.exit(2);
  }
  return { label: m[1], bin: m[2], db: m[3], cpu: [], lat: [] };
});
if (!targets.length) {
  console.error('usage: node bench/search-cpu.mjs <label>=<bpmc binary>:<database> [...]');
  process.exit(2);
}

// The words of bench/search-scale's generator (its rows are made of them), and the shapes issue
// #12 added: Korean typos one jamo off, compounds written without their space, questions.
const ko = ['유전체', '의료영상', '인공지능', '빅데이터', '신약', '세포치료제', '유전자치료', '디지털', '웨어러블',
  '체외진단', '바이오마커', '임상시험', '전임상', '독성시험', '동물실험', '인허가', '재생의료', '줄기세포', '면역항암제',
  '항체', '백신', '원격의료', '병리', '오가노이드', '마이크로바이옴', '액체생검', '동반진단', '치매', '건강보험',
  '분석', '데이터를', '영상', '임상', '병원과', '협력', '연구', '장비', '자문', '공동연구', '진단'];
const en = ['genome', 'imaging', 'diagnostics', 'cell therapy', 'biomarker', 'clinical trial', 'oncology',
  'antibody', 'pathology', 'organoids', 'microbiome', 'healthcare', 'dementia', 'oncolgy', 'telemedecine', 'ai'];
const issue12 = ['면역항암재', '바이오마거', '의약퓸', '시퀸싱', '독성시엄', '디지털병니', '항체신약개발', '뇌오가노이드',
  '디지털병리', '임상시험을 맡겨', '의뢰할 수 있는 독성시험', '생산하는 곳', '유전체 분석해 주는 곳', '비임상'];
const names = ['한빛바이오', '누리메디컬', 'hanbit bio', '김민준', 'kim', 'ㅎㅂ', 'ㄴㄹ'];

function queries() {
  let seed = 12345;
  const rnd = (n) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const pick = (t) => t[rnd(t.length)];
  const out = [];
  for (let i = 0; i < PER_ROUND; i++) {
    const r = rnd(100);
    const shapes = process.env.MIX === 'plain' ? [ko, en, names] : [ko, en, issue12, names];
    out.push(r < 30 ? pick(ko) : r < 40 ? `${pick(ko)} ${pick(ko)}` : pick(shapes[rnd(shapes.length - 1) + 1]));
  }
  return out;
}

function cpuTicks(pid) {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return Number(f[11]) + Number(f[12]); // utime, stime (fields 14, 15)
}

async function serve(t) {
  const port = await freePort();
  const proc = spawn(t.bin, ['serve', '--db', t.db, '--listen', `127.0.0.1:${port}`, '--access-log', 'off', '--sweep-seconds', '0', '--anonymous-rate', '0'], { stdio: 'ignore' });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) return { proc, base };
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 50));
  }
  proc.kill();
  throw new Error(`${t.label}: no answer from ${t.bin}`);
}

const MATCH = process.env.MIX === 'match';
const qs = MATCH
  ? execFileSync('sqlite3', [targets[0].db, `SELECT id FROM needs WHERE visibility='public' AND status='open' ORDER BY (id * 7919) % 10007 LIMIT ${PER_ROUND}`], { encoding: 'utf8' }).split('\n').filter(Boolean)
  : queries();
let limit = 1;
for (let round = 0; round < ROUNDS; round++) {
  for (const t of targets) {
    const { proc, base } = await serve(t);
    await fetch(`${base}/api/v1/search?q=warmup&limit=1`);
    const before = cpuTicks(proc.pid);
    for (const q of qs) {
      limit = (limit % 50) + 1; // a distinct query string each time: never from the answer cache
      const t0 = performance.now();
      const r = await fetch(MATCH ? `${base}/api/v1/needs/${q}/matches`
        : `${base}/api/v1/search?limit=${limit}&q=${encodeURIComponent(q)}&kind=${round % 2 ? 'orgs' : 'needs'}`);
      await r.arrayBuffer();
      t.lat.push(performance.now() - t0);
    }
    t.cpu.push(((cpuTicks(proc.pid) - before) * TICK) / qs.length);
    proc.kill();
    await new Promise((r) => proc.on('exit', r));
  }
}

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
console.log(`mix ${process.env.MIX || 'issue12'}: ${ROUNDS} rounds of ${qs.length} uncached ${MATCH ? 'matchings' : 'searches'}, one at a time, binaries taking turns; load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
console.log('label       CPU ms/request (per round)        wall p50 ms  wall p99 ms');
for (const t of targets) {
  const mean = t.cpu.reduce((a, b) => a + b, 0) / t.cpu.length;
  console.log(`${t.label.padEnd(12)}${mean.toFixed(2).padStart(6)} (${t.cpu.map((c) => c.toFixed(2)).join(', ')})`.padEnd(46) +
    `${pct(t.lat, 50).toFixed(2).padStart(11)}  ${pct(t.lat, 99).toFixed(2).padStart(11)}`);
}
