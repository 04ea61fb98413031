#!/usr/bin/env node
// bench/search-same.mjs: whether two binaries answer bench/search-queries.mjs's queries the same,
// byte for byte (items, scores' order, snippets, total and total_is_estimate), at limits 10 and
// 30, anonymously: for a change meant to make search cheaper without changing what it finds.
// Each binary serves its own database (copies of one: `bench/search-scale` with BENCH_KEEP_DB);
// prints each answer that differs (its first 300 bytes, both sides) and a count. Always exits 0
// unless the arguments are wrong: a figure, not a test (tests/search holds the judged sets).
//
//   node bench/search-same.mjs <bpmc binary>:<database> <bpmc binary>:<database> [path]
//   e.g. node bench/search-same.mjs /tmp/main/bpmc:/tmp/a.db build/bpmc:/tmp/b.db
//        (path: /api/v1/search by default; /api/v1/orgs compares a list's q=)
import { spawn } from 'node:child_process';
import { qs } from './search-queries.mjs';
import { freePort } from '../tests/free-port.mjs';

const [a, b, path = '/api/v1/search'] = process.argv.slice(2);
const parse = (x) => /^([^:]+):(.+)$/.exec(x || '');
if (!parse(a) || !parse(b)) {
  console.error('usage: node bench/search-same.mjs <bpmc binary>:<database> <bpmc binary>:<database> [path]');
  process.exit(2);
}

const servers = [];
for (const x of [a, b]) {
  const [, bin, db] = parse(x);
  const port = await freePort();
  const proc = spawn(bin, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, '--access-log', 'off',
    '--sweep-seconds', '0', '--anonymous-rate', '0'], { stdio: 'ignore' });
  servers.push({ proc, base: `http://127.0.0.1:${port}` });
}
const deadline = Date.now() + 60000;
for (const s of servers) {
  for (;;) {
    try {
      if ((await fetch(`${s.base}/healthz`)).ok) break;
    } catch { /* not up yet */ }
    if (Date.now() > deadline) {
      console.error('a server did not answer within 60 s');
      for (const t of servers) t.proc.kill();
      process.exit(0);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

let same = 0;
let differ = 0;
for (const q of qs) {
  for (const limit of [10, 30]) {
    const bodies = [];
    for (const s of servers)
      bodies.push(await (await fetch(`${s.base}${path}?limit=${limit}&q=${encodeURIComponent(q)}`)).text());
    if (bodies[0] === bodies[1]) {
      same++;
    } else {
      differ++;
      console.log(`differs: ${q} (limit ${limit})\n  first:  ${bodies[0].slice(0, 300)}\n  second: ${bodies[1].slice(0, 300)}`);
    }
  }
}
console.log(`${path}: ${same} answers the same, ${differ} different (${qs.length} queries at limits 10 and 30)`);
for (const s of servers) s.proc.kill();
