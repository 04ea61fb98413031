// Shared helpers of the HTTP API tests: start bpmc on a free port with a fresh demo database,
// add users through the command line, log in, and make requests with global fetch.
// No npm dependencies; runs on Node 18 and 20.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import net from 'node:net';
import assert from 'node:assert/strict';
import { exitProblem } from '../server-exit.mjs';
import { freePort } from '../free-port.mjs';

export const BIN = process.env.BPMC_BIN || fileURLToPath(new URL('../../build/bpmc', import.meta.url));

/** BPMC_TEST_DB=postgres, with BPMC_TEST_PG the base URL of a cluster (tests/pg/cluster.sh;
 * tests/pg/run-api.mjs starts one): every fresh server gets a database of its own there
 * instead of a SQLite file, and the files kept beside a database (the audit key) go to a
 * temporary folder of this process. */
export const ON_PG = process.env.BPMC_TEST_DB === 'postgres';
let pgSerial = 0;
if (ON_PG && !process.env.BPMC_PG_FILES) process.env.BPMC_PG_FILES = mkdtempSync(join(tmpdir(), 'bpmc-pgfiles-'));

/** The name of a new database of this process: BPMC_PG_DB_PREFIX (tests/pg/run-api.mjs gives
 * each file one, and drops the file's databases when it ends), the pid, a serial. */
const pgNewName = () => `${process.env.BPMC_PG_DB_PREFIX || 't_'}${process.pid}_${++pgSerial}`;

/** A new, empty database: a file in dir, or on PostgreSQL a new database on the test cluster. */
export function freshDatabase(dir, name = 'bpmc.db') {
  if (!ON_PG) return join(dir, name);
  const base = process.env.BPMC_TEST_PG;
  if (!base) throw new Error('BPMC_TEST_DB=postgres needs BPMC_TEST_PG (tests/pg/cluster.sh start prints it)');
  const db = pgNewName();
  execFileSync('psql', ['-X', '-q', base, '-c', `CREATE DATABASE ${db}`], { stdio: ['ignore', 'pipe', 'pipe'] });
  return base.replace(/\/bpmc\?/, `/${db}?`);
}

/** Run SQL on a test's database outside bpmc, as another program would (ageing a session, moving
 * a booking into the past): the sqlite3 shell on a file, psql on PostgreSQL. Statements are
 * separated by ';'. Answers the rows as text, one a line, columns joined by '|', trimmed: the
 * same on both. The SQL itself must be spelled for the database in use (ON_PG) where the two
 * differ (date arithmetic, PRAGMA).
 *
 * On PostgreSQL a change of rows by hand is followed, as docs/postgresql.md tells an operator, by
 * the raise of the database's data version (bpmc_data_version, when the database has it), so that
 * the servers' answer caches learn of it; SQLite's data_version moves by itself. bump: false
 * leaves it out (what a bare psql UPDATE does). */
const BUMP_BY_HAND = "DO $$BEGIN IF to_regclass('bpmc_data_version') IS NOT NULL THEN " +
  'UPDATE bpmc_data_version SET version = version + 1; END IF; END$$';
export function dbSql(db, sql, { timeoutMs = 10000, bump = true } = {}) {
  const pg = /^postgres(ql)?:/.test(db);
  const writes = bump && /\b(insert|update|delete|truncate|merge|copy|alter|drop|create)\b/i.test(sql);
  const args = pg
    ? ['-X', '-q', '-At', '-F', '|', '-v', 'ON_ERROR_STOP=1', '-c', `SET lock_timeout = ${timeoutMs}; SET client_min_messages = warning`, '-f', '-', ...(writes ? ['-c', BUMP_BY_HAND] : []), db]
    : ['-bail', '-cmd', `.timeout ${timeoutMs}`, db];
  return execFileSync(pg ? 'psql' : 'sqlite3', args, { input: sql, encoding: 'utf8', maxBuffer: 1 << 28 }).trim();
}

/** The database name of a PostgreSQL URL made by freshDatabase (postgresql:///NAME?host=…). */
function pgName(db) {
  return /^postgres(?:ql)?:\/\/[^/?]*\/([^?]+)/.exec(db)[1];
}

/** The path that stands for db for the files kept beside it (the audit key: + '.audit-key', its
 * checkpoints: + '.audit-checkpoints'): the SQLite file itself; on PostgreSQL
 * $BPMC_PG_FILES/<database name>, as the server's db_filename (src/db/db.h). */
export function dbFile(db) {
  if (!/^postgres(ql)?:/.test(db)) return db;
  return join(process.env.BPMC_PG_FILES || 'data', pgName(db));
}

/** A copy of a database no server has open, with its audit key and checkpoint files: the SQLite
 * file copied to dir/name, or on PostgreSQL a new database of the test cluster made from it
 * (CREATE DATABASE … TEMPLATE). Answers the copy's --db. */
export function copyDatabase(db, dir, name) {
  let to;
  if (/^postgres(ql)?:/.test(db)) {
    const copy = pgNewName();
    execFileSync('psql', ['-X', '-q', db.replace(/\/[^/?]+\?/, '/postgres?'), '-c', `CREATE DATABASE ${copy} TEMPLATE ${pgName(db)}`], { stdio: ['ignore', 'pipe', 'pipe'] });
    to = db.replace(/\/[^/?]+\?/, `/${copy}?`);
  } else {
    to = join(dir, name);
    copyFileSync(db, to);
  }
  for (const ext of ['.audit-key', '.audit-checkpoints']) {
    if (existsSync(dbFile(db) + ext)) copyFileSync(dbFile(db) + ext, dbFile(to) + ext);
  }
  return to;
}

export const ADMIN = { email: 'admin@bpmc.test', name: '관리자', password: 'Password-2026' };

const children = new Set();
process.on('exit', () => {
  for (const c of children) {
    try { c.kill('SIGKILL'); } catch { /* already gone */ }
  }
});

export { freePort };

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Poll fn (async or not) every `every` ms until it returns a truthy value, which is returned;
 * fail naming what was awaited after `ms` (a deadline, never a fixed sleep). */
export async function until(fn, what, { ms = 5000, every = 10 } = {}) {
  const deadline = Date.now() + ms;
  let last;
  for (;;) {
    last = await fn();
    if (last) return last;
    if (Date.now() > deadline) assert.fail(`waited ${ms} ms for ${what}`);
    await sleep(every);
  }
}

/** Run a bpmc command; returns stdout. Throws with stderr on a non-zero exit. */
export function bpmc(args, input) {
  return execFileSync(BIN, args, { input: input ?? '', encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
}

/** Add a user through the CLI (password from stdin). Returns {email, password, role}. */
export function addUser(dbPath, { email, name = '사용자', role, org, password = ADMIN.password }) {
  const args = ['user', 'add', '--db', dbPath, '--email', email, '--name', name, '--role', role];
  if (org) args.push('--org', String(org));
  bpmc(args, password + '\n');
  return { email, password, role };
}

/**
 * Start a server on a free port with a fresh database (init --demo unless demo:false) and an
 * operator-admin user ADMIN (unless admin:false). The sweeper is off (--sweep-seconds 0: no
 * no-shows, escalations or reminders behind a test's back) unless extraArgs, which go to
 * `bpmc serve` after it, give --sweep-seconds. With db (the
 * database of a running server), a second process serves that database; stopping it leaves
 * the database alone.
 */
export async function startServer({ demo = true, admin = true, extraArgs = [], db: shared, env = {} } = {}) {
  if (!existsSync(BIN)) throw new Error(`bpmc binary not found at ${BIN} (build with make or set BPMC_BIN)`);
  const dir = shared ? null : mkdtempSync(join(tmpdir(), 'bpmc-api-'));
  const db = shared || freshDatabase(dir);
  if (!shared) bpmc(['init', '--db', db, ...(demo ? ['--demo'] : [])]);
  if (admin && !shared) addUser(db, { email: ADMIN.email, name: ADMIN.name, role: 'operator-admin' });

  let lastErr;
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const proc = spawn(BIN, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, '--access-log', 'off', '--sweep-seconds', '0', ...extraArgs], {
      stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env },
    });
    children.add(proc);
    let stderr = '';
    proc.stderr.on('data', (d) => { stderr += d; });
    proc.stdout.on('data', () => {});
    let exited = null;
    const exitPromise = new Promise((resolve) => {
      proc.on('exit', (code, signal) => {
        exited = { code, signal };
        children.delete(proc);
        resolve(exited);
      });
    });
    const base = `http://127.0.0.1:${port}`;
    // a server checks every entry against its table before it listens: on PostgreSQL some
    // thousand statements, each a round trip, which on a busy two-core machine took over 20 s
    const deadline = Date.now() + (ON_PG ? 60000 : 10000);
    let up = false;
    while (Date.now() < deadline && !exited) {
      try {
        const r = await fetch(base + '/healthz');
        await r.arrayBuffer();
        // another test's server may hold the port our bind lost: ours says so once it listens
        if (r.status === 200 && stderr.includes(`bpmc: serving ${base}/`)) { up = true; break; }
      } catch { /* not listening yet */ }
      await sleep(30);
    }
    if (up) {
      const server = new Server({ base, port, db, dir, proc, exitPromise, stderrRef: () => stderr });
      return server;
    }
    lastErr = new Error(`bpmc serve did not start (port ${port}): ${stderr || JSON.stringify(exited)}`);
    if (!exited) {
      proc.kill('SIGKILL');
      await exitPromise;
    }
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
  throw lastErr;
}

export class Server {
  constructor({ base, port, db, dir, proc, exitPromise, stderrRef }) {
    Object.assign(this, { base, port, db, dir, proc, exitPromise, stderrRef });
  }

  get stderr() { return this.stderrRef(); }

  /** SIGTERM, wait for the exit (SIGKILL after 5 s); returns {code, signal}; removes the temp dir.
   * Throws (once) when the server did not exit 0 or printed a sanitizer report (server-exit.mjs):
   * the test, or the after() hook, that stops it fails. */
  async stop({ keepDir = false } = {}) {
    let result;
    if (this.proc.exitCode === null && this.proc.signalCode === null) {
      this.proc.kill('SIGTERM');
      const timer = setTimeout(() => this.proc.kill('SIGKILL'), 5000);
      result = await this.exitPromise;
      clearTimeout(timer);
    } else {
      result = await this.exitPromise;
    }
    if (!keepDir && this.dir) rmSync(this.dir, { recursive: true, force: true });
    const problem = this.exitChecked ? '' : exitProblem(result, this.stderr);
    this.exitChecked = true;
    if (problem) throw new Error(`bpmc serve on port ${this.port}: ${problem}`);
    return result;
  }

  addUser(opts) { return addUser(this.db, opts); }

  /**
   * One request. opts: method, json (object, sent as application/json), body (raw string or
   * Uint8Array), headers, session ({cookie, csrf}), csrf (false: leave X-CSRF-Token out;
   * a string: send that instead). Returns {status, headers, text, json, bytes}.
   */
  async req(path, opts = {}) {
    const method = opts.method || 'GET';
    const headers = { ...(opts.headers || {}) };
    let body = opts.body;
    if (opts.json !== undefined) {
      body = JSON.stringify(opts.json);
      if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
    }
    if (opts.session) {
      headers.cookie = opts.session.cookie;
      if (method !== 'GET' && method !== 'HEAD') {
        if (opts.csrf === undefined) headers['x-csrf-token'] = opts.session.csrf;
        else if (opts.csrf !== false) headers['x-csrf-token'] = opts.csrf;
      }
    }
    let res;
    try {
      res = await fetch(this.base + path, { method, headers, body, redirect: 'manual' }).catch((e) => {
        // A keep-alive connection the server closed while it was idle (its 10 s deadline) and
        // this process did not see close, its event loop blocked in a synchronous step (addUser
        // runs the CLI): the request went out on a dead socket and never reached the server.
        // Node 20 says 'other side closed', Node 18 'write EPIPE' (or a reset). Sent again once,
        // on a new connection; any other failure is the test's.
        const c = e.cause || {};
        const dead = (c.code === 'UND_ERR_SOCKET' && /other side closed/.test(c.message)) || c.code === 'EPIPE' || c.code === 'ECONNRESET';
        if (!dead) throw e;
        return fetch(this.base + path, { method, headers, body, redirect: 'manual' });
      });
    } catch (e) {
      await sleep(50);
      const dead = this.proc.exitCode !== null || this.proc.signalCode !== null;
      const why = dead ? `; the server DIED (exit ${this.proc.exitCode}, signal ${this.proc.signalCode}); stderr: ${this.stderr.slice(-2000)}` : '';
      throw new Error(`${method} ${path}: ${e.message}${e.cause ? ' (' + e.cause.message + ')' : ''}${why}`);
    }
    const bytes = Buffer.from(await res.arrayBuffer());
    const text = bytes.toString('utf8');
    let json;
    const ct = res.headers.get('content-type') || '';
    if (ct.includes('json') && text.length) {
      try { json = JSON.parse(text); } catch { json = undefined; }
    }
    return { status: res.status, headers: res.headers, text, json, bytes };
  }

  get(path, session) { return this.req(path, { session }); }
  post(path, json, session, opts = {}) { return this.req(path, { method: 'POST', json, session, ...opts }); }
  patch(path, json, session, etag, opts = {}) {
    const headers = { ...(opts.headers || {}) };
    if (etag !== undefined && etag !== null) headers['if-match'] = etag;
    return this.req(path, { method: 'PATCH', json, session, ...opts, headers });
  }
  del(path, session, opts = {}) { return this.req(path, { method: 'DELETE', session, ...opts }); }

  /** Log in; returns {cookie, csrf, user, setCookie}. Fails the test if the login does not succeed. */
  async login(email = ADMIN.email, password = ADMIN.password) {
    const r = await this.req('/api/v1/session', { method: 'POST', json: { email, password } });
    assert.equal(r.status, 200, `login of ${email} failed: ${r.status} ${r.text}`);
    const setCookie = r.headers.get('set-cookie') || '';
    const m = /bpmc_session=([^;,\s]+)/.exec(setCookie);
    assert.ok(m, `no bpmc_session cookie in ${setCookie}`);
    return { cookie: `bpmc_session=${m[1]}`, csrf: r.json.csrf_token, user: r.json.user, setCookie };
  }

  /** total of a list as the given session sees it. */
  async total(collection, session, query = '') {
    const r = await this.get(`/api/v1/${collection}?limit=1${query ? '&' + query : ''}`, session);
    assert.equal(r.status, 200, `list ${collection}: ${r.status} ${r.text}`);
    return r.json.total;
  }

  /** Every item of a list, walking the cursor pages. */
  async all(collection, query = '', session, limit = 200) {
    const items = [];
    let cursor = null;
    let total;
    for (let pages = 0; pages < 10000; pages++) {
      const q = [`limit=${limit}`];
      if (query) q.push(query);
      if (cursor) q.push(`cursor=${encodeURIComponent(cursor)}`);
      const r = await this.get(`/api/v1/${collection}?${q.join('&')}`, session);
      assert.equal(r.status, 200, `page of ${collection}: ${r.status} ${r.text}`);
      items.push(...r.json.items);
      total = r.json.total;
      cursor = r.json.next_cursor;
      if (!cursor) break;
    }
    return { items, total };
  }

  /** The server still answers /healthz. */
  async assertAlive() {
    const r = await this.get('/healthz');
    assert.equal(r.status, 200, `/healthz after the request: ${r.status}`);
  }
}

/**
 * A raw HTTP/1.1 request over a plain socket, for cases fetch cannot express or where the server
 * answers before reading the whole body and closes (413): write errors are ignored and whatever
 * answer arrives is parsed. Resolves {status, headers (lower-case names), text, json}.
 */
export function rawRequest(server, { method = 'GET', path = '/', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const sock = net.connect(server.port, '127.0.0.1');
    const chunks = [];
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sock.destroy();
      const buf = Buffer.concat(chunks);
      const sep = buf.indexOf('\r\n\r\n');
      if (sep < 0) { reject(new Error(`no HTTP answer (${buf.length} bytes)`)); return; }
      const head = buf.subarray(0, sep).toString('latin1').split('\r\n');
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(head[0]);
      if (!m) { reject(new Error(`bad status line ${head[0]}`)); return; }
      const hdrs = {};
      for (const line of head.slice(1)) {
        const i = line.indexOf(':');
        const k = line.slice(0, i).trim().toLowerCase();
        const v = line.slice(i + 1).trim();
        hdrs[k] = k in hdrs ? `${hdrs[k]}, ${v}` : v;
      }
      let rest = buf.subarray(sep + 4);
      if (hdrs['content-length'] !== undefined) rest = rest.subarray(0, Number(hdrs['content-length']));
      const text = rest.toString('utf8');
      let json;
      try { json = JSON.parse(text); } catch { json = undefined; }
      resolve({ status: Number(m[1]), headers: hdrs, text, json });
    };
    const timer = setTimeout(finish, 10000);
    sock.on('data', (d) => {
      chunks.push(d);
      // complete when the whole body (by Content-Length) has arrived
      const buf = Buffer.concat(chunks);
      const sep = buf.indexOf('\r\n\r\n');
      if (sep >= 0) {
        const cl = /\r\ncontent-length:\s*(\d+)/i.exec(buf.subarray(0, sep).toString('latin1'));
        if (cl && buf.length - sep - 4 >= Number(cl[1])) finish();
      }
    });
    sock.on('end', finish);
    sock.on('close', finish);
    sock.on('error', () => { /* EPIPE/ECONNRESET while sending: the answer may already be here */ });
    sock.on('connect', () => {
      const payload = body === undefined ? Buffer.alloc(0) : Buffer.from(body);
      const h = { host: `127.0.0.1:${server.port}`, connection: 'close', ...headers };
      const chunked = Object.keys(h).some((k) => k.toLowerCase() === 'transfer-encoding');
      if (!chunked && body !== undefined && !Object.keys(h).some((k) => k.toLowerCase() === 'content-length')) h['content-length'] = String(payload.length);
      let head = `${method} ${path} HTTP/1.1\r\n`;
      for (const [k, v] of Object.entries(h)) head += `${k}: ${v}\r\n`;
      sock.write(head + '\r\n');
      // Send the body in pieces and stop as soon as an answer starts: a server that refuses a
      // body early (413) closes the connection, and a reset would lose its answer.
      const pieces = [];
      for (let i = 0; i < payload.length; i += 65536) {
        const part = payload.subarray(i, i + 65536);
        if (chunked) pieces.push(Buffer.concat([Buffer.from(part.length.toString(16) + '\r\n'), part, Buffer.from('\r\n')]));
        else pieces.push(part);
      }
      if (chunked) pieces.push(Buffer.from('0\r\n\r\n'));
      const pump = () => {
        if (done || chunks.length || sock.destroyed) return;
        const next = pieces.shift();
        if (!next) return;
        if (sock.write(next)) setTimeout(pump, 0);
        else sock.once('drain', pump);
      };
      setTimeout(pump, payload.length > 65536 ? 50 : 0);
    });
  });
}

/** Assert an answer is a problem+json with the given status; returns the problem. */
export function assertProblem(r, status, msg = '') {
  assert.equal(r.status, status, `${msg} expected ${status}, got ${r.status}: ${r.text.slice(0, 500)}`);
  const ct = r.headers.get ? r.headers.get('content-type') : r.headers['content-type'];
  assert.match(ct || '', /^application\/problem\+json/, `${msg} content-type ${ct}`);
  const p = r.json ?? JSON.parse(r.text);
  for (const k of ['type', 'title', 'status', 'detail']) assert.ok(k in p, `${msg} problem lacks ${k}: ${r.text}`);
  assert.equal(p.status, status, `${msg} problem.status`);
  assert.ok(Array.isArray(p.errors), `${msg} problem.errors must be an array: ${r.text}`);
  return p;
}

/** The field names of a problem's errors. */
export function problemFields(p) {
  return p.errors.map((e) => e.field);
}

/** Assert a 422 naming exactly the given fields (at least those), each with message/ko/en. */
export function assertInvalid(r, fields, msg = '') {
  const p = assertProblem(r, 422, msg);
  const named = problemFields(p);
  for (const f of [].concat(fields)) assert.ok(named.includes(f), `${msg} 422 should name "${f}", named ${JSON.stringify(named)}: ${r.text}`);
  for (const e of p.errors) {
    assert.equal(typeof e.message, 'string', `${msg} errors[].message`);
    assert.equal(typeof e.message_ko, 'string', `${msg} errors[].message_ko`);
    assert.equal(typeof e.message_en, 'string', `${msg} errors[].message_en`);
  }
  return p;
}

let seq = 0;
/** A unique suffix for names, slugs, keys. */
export function uniq(prefix = 'x') {
  seq += 1;
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${seq}`;
}

/** A minimal valid org body. */
export function orgBody(extra = {}) {
  return { name: `테스트 기관 ${uniq('org')}`, kind: 'company', ...extra };
}

/** A minimal valid need body for org orgId. */
export function needBody(orgId, extra = {}) {
  return { org_id: orgId, title: `테스트 수요 ${uniq('need')}`, ...extra };
}
