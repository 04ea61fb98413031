// Issue #10 items 5, 6 and 10, over raw sockets as an attacker sends them: ambiguous framing,
// cleartext HTTP/2, idle sockets piling up from one address, big bodies to the sign-in, long
// query parameters and anonymous floods. Each test replays the attack and checks that it does
// no harm (docs/security.md).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { readFileSync, readdirSync } from 'node:fs';
import { startServer, assertProblem, until, ADMIN, ON_PG } from './helpers.mjs';

let srv;
before(async () => {
  srv = await startServer();
});
after(async () => {
  if (srv) await srv.stop();
});

/* A raw connection: send bytes, collect everything the server sends until it closes (or `ms`). */
function raw(server, bytes, { ms = 8000, localAddress } = {}) {
  return new Promise((resolve) => {
    const sock = net.connect({ port: server.port, host: '127.0.0.1', localAddress });
    const chunks = [];
    let closed = false;
    const timer = setTimeout(() => { sock.destroy(); resolve({ text: Buffer.concat(chunks).toString('latin1'), closed }); }, ms);
    sock.on('data', (d) => chunks.push(d));
    sock.on('error', () => {});
    sock.on('close', () => { closed = true; clearTimeout(timer); resolve({ text: Buffer.concat(chunks).toString('latin1'), closed }); });
    sock.on('connect', () => sock.write(bytes));
  });
}

/* The answers in a stream of bytes: status codes, in order. */
const statuses = (text) => [...text.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => Number(m[1]));
/* The JSON body of the first answer in a stream (by its Content-Length). */
function bodyOf(text) {
  const sep = text.indexOf('\r\n\r\n');
  const len = Number(/\r\ncontent-length: *(\d+)/i.exec(text.slice(0, sep))[1]);
  return JSON.parse(Buffer.from(text.slice(sep + 4), 'latin1').subarray(0, len).toString('utf8'));
}

/* --- 10. HTTP framing --- */

test('two different Content-Length values: 400 naming the header, the connection closed, the smuggled request never runs', async () => {
  const smuggled = 'GET /api/v1/session HTTP/1.1\r\nHost: x\r\n\r\n';
  const body = '{}' + smuggled;
  const r = await raw(srv,
    'POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
    `Content-Length: 2\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
  assert.deepEqual(statuses(r.text), [400], r.text);
  assert.ok(r.closed, 'the server closed the connection');
  assert.match(r.text, /\r\nconnection: close\r\n/i);
  const p = bodyOf(r.text);
  assert.equal(p.status, 400);
  assert.deepEqual(p.errors.map((e) => e.field), ['content-length']);
});

test('the same Content-Length twice is one length: answered, kept alive', async () => {
  const r = await raw(srv,
    'POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
    'Content-Length: 2\r\nContent-Length: 2\r\n\r\n{}' + 'GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  assert.deepEqual(statuses(r.text), [422, 200], r.text);
});

test('Content-Length with chunked Transfer-Encoding: 400 and close, the rest never runs', async () => {
  const chunked = '2\r\n{}\r\n0\r\n\r\n';
  const r = await raw(srv,
    'POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
    `Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n${chunked}` +
    'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
  assert.deepEqual(statuses(r.text), [400], r.text);
  assert.ok(r.closed);
  assert.deepEqual(bodyOf(r.text).errors.map((e) => e.field), ['content-length']);
  // the same body chunked alone is fine
  const ok = await raw(srv,
    'POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
    `Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n${chunked}`);
  assert.deepEqual(statuses(ok.text), [422], ok.text);
});

test('cleartext HTTP/2: prior knowledge is a 400 and a close; an h2c Upgrade is ignored (HTTP/1.1 answers)', async () => {
  const preface = 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n';
  const settings = Buffer.from([0, 0, 0, 4, 0, 0, 0, 0, 0]);
  const r = await raw(srv, Buffer.concat([Buffer.from(preface), settings]));
  assert.deepEqual(statuses(r.text), [400], JSON.stringify(r.text));
  assert.ok(r.closed);
  const u = await raw(srv, 'GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: Upgrade, HTTP2-Settings, close\r\n' +
    'Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAoAAAAAIAAAAA\r\n\r\n');
  assert.deepEqual(statuses(u.text), [200], u.text);
  assert.doesNotMatch(u.text, /101 Switching/);
});

/* --- 5. connections --- */

function openIdle(server, n, localAddress) {
  return Promise.all(Array.from({ length: n }, () => new Promise((resolve) => {
    const s = net.connect({ port: server.port, host: '127.0.0.1', localAddress });
    s.data = '';
    s.closedAt = null;
    s.on('data', (d) => { s.data += d.toString('latin1'); });
    s.on('error', () => {});
    s.on('close', () => { s.closedAt = Date.now(); });
    s.on('connect', () => resolve(s));
  })));
}

test('idle sockets from one address: beyond --max-connections-per-address a 503 problem and a close; another address is served meanwhile', async () => {
  const small = await startServer({ extraArgs: ['--max-connections-per-address', '8', '--threads', '2'] });
  const socks = [];
  try {
    socks.push(...await openIdle(small, 24, '127.0.0.2'));
    // 16 of them are refused with a 503 and closed; 8 stay open and idle
    await until(() => socks.filter((s) => s.closedAt).length === 16, 'the 16 over the limit closed', { ms: 8000 });
    const refused = socks.filter((s) => s.closedAt);
    for (const s of refused) {
      assert.deepEqual(statuses(s.data), [503], s.data);
      assert.match(s.data, /\r\nretry-after: 10\r\n/i);
      const p = bodyOf(s.data);
      assert.equal(p.status, 503);
      assert.match(p.detail_en, /too many connections from this address/);
    }
    // another address still gets answers, signing in included
    for (let i = 0; i < 5; i++) {
      const r = await raw(small, 'GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', { localAddress: '127.0.0.3' });
      assert.deepEqual(statuses(r.text), [200], r.text);
    }
    const body = JSON.stringify({ email: ADMIN.email, password: ADMIN.password });
    const login = await raw(small, 'POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
      `Connection: close\r\nContent-Length: ${body.length}\r\n\r\n${body}`, { localAddress: '127.0.0.3' });
    assert.deepEqual(statuses(login.text), [200], login.text);
    // closing the idle ones frees the address's places
    for (const s of socks) s.destroy();
    await until(async () => {
      const r = await raw(small, 'GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', { localAddress: '127.0.0.2' });
      return statuses(r.text)[0] === 200;
    }, 'the address is served again once its sockets closed');
  } finally {
    for (const s of socks) s.destroy();
    await small.stop();
  }
});

test('a connection that has not sent a whole request head is closed at --header-timeout, without an answer', async () => {
  const quick = await startServer({ extraArgs: ["--header-timeout", "1"] })
  try {
    const [idle, partial] = await openIdle(quick, 2, '127.0.0.4');
    partial.write('GET /healthz HTTP/1.1\r\nHost: x\r\n'); // never the blank line
    const trickle = setInterval(() => { if (!partial.destroyed) partial.write('X-A: b\r\n'); }, 200);
    try {
      await until(() => idle.closedAt && partial.closedAt, 'both closed by the header deadline', { ms: 8000 });
    } finally {
      clearInterval(trickle);
    }
    assert.equal(idle.data, '');
    assert.equal(partial.data, '');
    const r = await quick.get('/healthz');
    assert.equal(r.status, 200);
  } finally {
    await quick.stop();
  }
});

/* --- 6. loop stalls --- */

test('a sign-in body of 1 MiB and 90 000 keys is a 413 problem before its JSON is read; a normal one works', async () => {
  const keys = [];
  for (let i = 0, n = 0; n < 1024 * 1000; i++) n += keys.push(`"k${i}":1`) && keys[i].length + 1;
  const big = `{${keys.join(',')}}`;
  const r = await srv.req('/api/v1/session', { method: 'POST', body: big, headers: { 'content-type': 'application/json' } });
  const p = assertProblem(r, 413);
  assert.equal(p.type, 'https://bpmc.kr/problems/too-large');
  // a body just over the sign-in's limit, far under --body-max, is refused too
  const over = JSON.stringify({ email: ADMIN.email, password: ADMIN.password, pad: 'x'.repeat(4096) });
  assertProblem(await srv.req('/api/v1/session', { method: 'POST', body: over, headers: { 'content-type': 'application/json' } }), 413);
  for (const path of ['/api/v1/password-resets', '/api/v1/password-resets/confirm']) {
    const x = await srv.req(path, { method: 'POST', body: JSON.stringify({ email: 'a'.repeat(5000) }), headers: { 'content-type': 'application/json' } });
    assertProblem(x, 413, path);
  }
  const ok = await srv.login();
  assert.ok(ok.cookie);
});

test('a long query parameter is a 400 problem naming it; a long cursor is the cursor\'s own rule', async () => {
  const q = '가'.repeat(400); // 1 200 bytes, 3 600 percent-encoded
  const r = await srv.get(`/api/v1/orgs?sort=name&q=${encodeURIComponent(q)}`);
  const p = assertProblem(r, 400);
  assert.deepEqual(p.errors.map((e) => e.field), ['q']);
  const s = await srv.get(`/api/v1/search?q=${encodeURIComponent(q)}`);
  assert.deepEqual(assertProblem(s, 400).errors.map((e) => e.field), ['q']);
  const w = await srv.get(`/api/v1/orgs?${'a'.repeat(17000)}=1`);
  assert.deepEqual(assertProblem(w, 400).errors.map((e) => e.field), ['query']);
});

test('anonymous API requests from one address are limited: 429 with Retry-After; signed-in callers and other addresses are not', async () => {
  const lim = await startServer({ extraArgs: ['--anonymous-rate', '5'] });
  try {
    const user = await lim.login(); // anonymous: one of the first 20
    let refused = null;
    for (let i = 0; i < 40 && !refused; i++) {
      const r = await lim.get('/api/v1/orgs?limit=1');
      if (r.status === 429) refused = r;
      else assert.equal(r.status, 200, r.text);
    }
    assert.ok(refused, 'the anonymous flood met a 429');
    const p = assertProblem(refused, 429);
    assert.match(p.detail_en, /too many requests without signing in/);
    const after = Number(refused.headers.get('retry-after'));
    assert.ok(after >= 1 && after <= 2, `Retry-After ${after}`);
    // a 429 is held LIMIT_THROTTLE_DELAY_MS (1 s) before it goes out (docs/security.md), which
    // gives the address 5 tokens back: ten clients that each give up after 50 ms read no 429,
    // at most the 200s of those tokens; those that leave before their held answer cost nothing
    // (the server answers on, and stops cleanly: sanitizer builds check the held answers)
    const one = 'GET /api/v1/orgs?limit=1 HTTP/1.1\r\nHost: x\r\n\r\n';
    const quick = await Promise.all(Array.from({ length: 10 }, () => raw(lim, one, { ms: 50 })));
    const early = quick.flatMap((q) => statuses(q.text));
    assert.ok(early.length < 10, `some of the ten were throttled: ${early}`);
    assert.deepEqual(early.filter((x) => x !== 200), [], `no 429 within 50 ms: ${early}`);
    assert.equal((await lim.get('/healthz')).status, 200);
    // the signed-in user is not limited, nor are /healthz and the web application
    for (let i = 0; i < 30; i++) {
      const r = await lim.get('/api/v1/orgs?limit=1', user);
      assert.equal(r.status, 200, r.text);
    }
    assert.equal((await lim.get('/healthz')).status, 200);
    // another address is served
    const other = await raw(lim, 'GET /api/v1/orgs?limit=1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', { localAddress: '127.0.0.5' });
    assert.deepEqual(statuses(other.text), [200], other.text);
  } finally {
    await lim.stop();
  }
});

test('anonymous work beyond the workers\' bound is a 503 problem with Retry-After; signed-in callers still get theirs', async () => {
  const user = await srv.login();
  process.env.BPMC_ANONYMOUS_JOBS = '0'; // every anonymous job is over the bound
  let busy;
  try {
    busy = await startServer({ db: srv.db });
  } finally {
    delete process.env.BPMC_ANONYMOUS_JOBS;
  }
  try {
    const q = `/api/v1/search?q=${encodeURIComponent('바이오 정밀의료')}`;
    const r = await busy.get(q);
    const p = assertProblem(r, 503);
    assert.match(p.detail_en, /too many requests without signing in right now/);
    assert.equal(r.headers.get('retry-after'), '1');
    // a sign-in's password check is anonymous work too: refused before any hashing
    const s = await busy.req('/api/v1/session', { method: 'POST', json: { email: ADMIN.email, password: ADMIN.password } });
    assert.equal(assertProblem(s, 503).status, 503);
    assert.equal(s.headers.get('retry-after'), '1');
    // the signed-in caller's search runs on the workers as before
    const mine = await busy.get(q, user);
    assert.equal(mine.status, 200, mine.text);
    assert.ok(Array.isArray(mine.json.items), mine.text);
    // on a server with the default bound the anonymous search is answered
    assert.equal((await srv.get(q)).status, 200);
  } finally {
    await busy.stop();
  }
});

/* A thread's nice value and scheduling policy, from /proc/PID/task/TID/stat (fields 19 and 41). */
function schedOf(pid, tid) {
  const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // f[0] is field 3
  return { nice: Number(f[19 - 3]), policy: Number(f[41 - 3]) };
}

test('the event loops and the writer keep the process\'s priority; the workers and the background threads yield to them', { skip: process.platform !== 'linux' }, async () => {
  const pid = srv.proc.pid;
  const base = schedOf(pid, pid).nice; // loop 0 is the main thread
  const threads = readdirSync(`/proc/${pid}/task`).map((tid) => ({
    name: readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim(), ...schedOf(pid, tid),
  }));
  const of = (name) => threads.filter((t) => t.name === name).map(({ nice, policy }) => ({ nice, policy }));
  const OTHER = 0, BATCH = 3;
  const at = (n) => Math.min(19, base + n);
  for (const t of threads.filter((x) => x.name.startsWith('bpmc-loop '))) assert.deepEqual({ nice: t.nice, policy: t.policy }, { nice: base, policy: OTHER }, t.name);
  // one writer on SQLite; a pool on PostgreSQL (BPMC_WRITERS, 4 by default), none with a WAL to
  // checkpoint
  const writers = ON_PG ? Number(process.env.BPMC_WRITERS || 4) : 1;
  assert.deepEqual(of('bpmc-writer'), Array(writers).fill({ nice: base, policy: OTHER }));
  assert.deepEqual(of('bpmc-worker'), [{ nice: at(3), policy: BATCH }, { nice: at(3), policy: BATCH }]);
  if (!ON_PG) assert.deepEqual(of('bpmc-checkpoint'), [{ nice: at(10), policy: BATCH }]);
  for (const t of of('bpmc-checkpoint')) assert.deepEqual(t, { nice: at(10), policy: BATCH });
  // every thread is one of these; the main thread (loop 0) keeps the process's name
  const known = /^(bpmc-loop \d+|bpmc-writer|bpmc-worker|bpmc-checkpoint)$/;
  assert.deepEqual(threads.filter((t) => !known.test(t.name)).map((t) => t.name), ['bpmc']);
});
