// /healthz latency under the attacks of issue #10 item 6: 32 hostile keep-alive connections from
// one address send 1 MiB JSON bodies of ~94 000 keys to POST /api/v1/session, long Korean search
// queries (anonymous) and over-long query parameters, as fast as they are answered; meanwhile a
// client on another address asks /healthz every 2 ms on one keep-alive connection and records
// each latency. The hostile clients run in a worker thread, so the probe's event loop measures
// the server, not the attackers' own work. Prints p50/p99/max of /healthz alone (a quiet
// baseline first) and under attack, and what the hostile requests were answered. Run with BPMC_BIN=path/to/bpmc:
//   node bench/hostile.mjs [seconds] [--no-limits]
// --no-limits serves with --anonymous-rate 0 (the rate limit off) to show its share. It starts its
// own server on a fresh demo database (tests/api/helpers.mjs) and removes it. Target: p99 < 5 ms.
// It prints the load average (1, 5, 15 min) before and after: on a busy machine the p99 is the
// machine's, not the server's (compare with the quiet baseline's).
import net from 'node:net';
import os from 'node:os';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';

const seconds = Number(process.argv.find((a) => /^\d+$/.test(a)) || 5);
const noLimits = process.argv.includes('--no-limits');
const srv = isMainThread
  ? await (await import('../tests/api/helpers.mjs')).startServer({ extraArgs: noLimits ? ['--anonymous-rate', '0'] : [] })
  : { port: workerData.port };

const keys = [];
for (let i = 0, n = 0; n < 1024 * 1000; i++) n += keys.push(`"k${i}":1`) && keys[i].length + 1;
const bigBody = `{${keys.join(',')}}`;
const korean = encodeURIComponent('정밀의료 바이오 클러스터 유전체 분석 장비 공동연구 '.repeat(3).slice(0, 66));
const tooLong = encodeURIComponent('가'.repeat(400));
const only = process.env.ATTACK ? Number(process.env.ATTACK) : -1;
const allAttacks = [
  () => `POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${bigBody.length}\r\n\r\n${bigBody}`,
  () => `GET /api/v1/search?q=${korean}${Math.random().toString(36).slice(2, 6)} HTTP/1.1\r\nHost: x\r\n\r\n`,
  () => `GET /api/v1/orgs?q=${tooLong} HTTP/1.1\r\nHost: x\r\n\r\n`,
];
const attacks = only >= 0 ? [allAttacks[only]] : allAttacks;

/* One hostile connection: send an attack, read its answer (by Content-Length), send the next;
 * reconnect when the server closes. Counts answers by status. */
function hostile(id, until, counts) {
  return new Promise((resolve) => {
    let sock, buf = Buffer.alloc(0), n = 0;
    const next = () => {
      if (Date.now() >= until) { sock.destroy(); resolve(); return; }
      sock.write(attacks[(id + n++) % attacks.length]());
    };
    const connect = () => {
      sock = net.connect({ port: srv.port, host: '127.0.0.1', localAddress: '127.0.0.2' });
      buf = Buffer.alloc(0);
      sock.on('connect', next);
      sock.on('error', () => {});
      sock.on('data', (d) => {
        buf = Buffer.concat([buf, d]);
        for (;;) {
          const sep = buf.indexOf('\r\n\r\n');
          if (sep < 0) return;
          const head = buf.subarray(0, sep).toString('latin1');
          const len = Number((/\r\ncontent-length: *(\d+)/i.exec(head) || [0, 0])[1]);
          if (buf.length < sep + 4 + len) return;
          const status = head.slice(9, 12);
          counts[status] = (counts[status] || 0) + 1;
          buf = buf.subarray(sep + 4 + len);
          next();
        }
      });
      sock.on('close', () => { if (Date.now() < until) setImmediate(connect); else resolve(); });
    };
    connect();
  });
}

/* /healthz every 2 ms on one keep-alive connection from another address; latencies in ms. */
function probe(until) {
  return new Promise((resolve) => {
    const lat = [];
    const sock = net.connect({ port: srv.port, host: '127.0.0.1', localAddress: '127.0.0.3' });
    let t0 = 0, buf = '';
    const ask = () => {
      if (Date.now() >= until) { sock.destroy(); resolve(lat); return; }
      t0 = performance.now();
      sock.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    };
    sock.on('connect', ask);
    sock.on('data', (d) => {
      buf += d.toString('latin1');
      const sep = buf.indexOf('\r\n\r\n');
      if (sep < 0) return;
      const len = Number((/\r\ncontent-length: *(\d+)/i.exec(buf.slice(0, sep)) || [0, 0])[1]);
      if (buf.length < sep + 4 + len) return;
      lat.push(performance.now() - t0);
      buf = buf.slice(sep + 4 + len);
      setTimeout(ask, 2);
    });
    sock.on('error', () => resolve(lat));
  });
}

const stats = (lat) => {
  lat.sort((a, b) => a - b);
  const p = (f) => +lat[Math.min(lat.length - 1, Math.floor(f * lat.length))].toFixed(2);
  return { n: lat.length, p50: p(0.5), p99: p(0.99), max: +lat.at(-1).toFixed(2) };
};

if (!isMainThread) {
  const counts = {};
  await Promise.all(Array.from({ length: 32 }, (_, i) => hostile(i, workerData.until, counts)));
  parentPort.postMessage(counts);
} else {
  try {
    // the machine may be shared: the load average (1, 5, 15 min) before and after says how busy
    const load = () => os.loadavg().map((l) => +l.toFixed(2));
    const loadBefore = load();
    const quiet = stats(await probe(Date.now() + 2000));
    const until = Date.now() + seconds * 1000;
    const worker = new Worker(new URL(import.meta.url), { workerData: { port: srv.port, until }, argv: process.argv.slice(2) });
    const countsP = new Promise((resolve) => worker.once('message', resolve));
    const lat = await probe(until);
    const counts = await countsP;
    const under = stats(lat);
    console.log(JSON.stringify({
      binary: process.env.BPMC_BIN, seconds, limits: !noLimits, cpus: os.cpus().length,
      load_average_before: loadBefore, load_average_after: load(), healthz_quiet_ms: quiet,
      healthz_under_attack_ms: under, hostile_answers_by_status: counts,
      target_p99_under_5ms: under.p99 < 5,
    }, null, 1));
  } finally {
    await srv.stop();
  }
}
