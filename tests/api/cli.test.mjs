// The command line contract (ARCHITECTURE.md): init, migrate, serve, user add, backup, audit
// verify, version, --help everywhere, exit codes 0/1/2 with one-line errors on stderr; and what
// serve does with its options: access log, config file, graceful stop with requests in flight.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, readFileSync, writeFileSync, existsSync, copyFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, startServer, ADMIN, needBody, ON_PG, freshDatabase, dbSql } from './helpers.mjs';

const dir = mkdtempSync(join(tmpdir(), 'bpmc-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const run = (args, input = '') => spawnSync(BIN, args, { input, encoding: 'utf8' });
const oneLine = (s) => s.trim().split('\n').length === 1;

test('--help everywhere exits 0; unknown commands and options exit 2 with one line on stderr', () => {
  for (const args of [['--help'], ['init', '--help'], ['migrate', '--help'], ['serve', '--help'],
    ['user', 'add', '--help'], ['backup', '--help'], ['audit', 'verify', '--help']]) {
    const r = run(args);
    assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stdout, /usage: bpmc/);
  }
  for (const args of [['frobnicate'], ['init', '--nope'], ['serve', '--threads', '0'], ['user'], ['backup']]) {
    const r = run(args);
    assert.equal(r.status, 2, `${args.join(' ')}`);
    assert.ok(oneLine(r.stderr), `one line: ${r.stderr}`);
  }
  assert.equal(run([]).status, 2);
  assert.match(run(['version']).stdout, /^bpmc \d+\.\d+\.\d+/);
});

test('init creates the database (schema, demo once); migrate is idempotent; a missing database exits 1', () => {
  const db = join(dir, 'a.db');
  const r1 = run(['init', '--db', db, '--demo']);
  assert.equal(r1.status, 0, r1.stderr);
  assert.match(r1.stdout, /demo cluster loaded/);
  assert.ok(existsSync(join(dir, 'demo-login.txt')));
  const r2 = run(['init', '--db', db, '--demo']);
  assert.equal(r2.status, 0, r2.stderr);
  assert.match(r2.stdout, /not loaded again/);
  assert.equal(run(['migrate', '--db', db]).status, 0);
  const m = run(['migrate', '--db', join(dir, 'missing.db')]);
  assert.equal(m.status, 1);
  assert.ok(oneLine(m.stderr));
  const env = spawnSync(BIN, ['migrate'], { encoding: 'utf8', env: { ...process.env, BPMC_DB: db } });
  assert.equal(env.status, 0, 'BPMC_DB sets the database');
});

test('user add: password from stdin with its policy; bad role 2; duplicate e-mail and unknown org 1', () => {
  const db = join(dir, 'u.db');
  run(['init', '--db', db, '--demo']);
  const add = (extra, pw) => run(['user', 'add', '--db', db, '--name', '사용자', ...extra], pw);
  assert.equal(add(['--email', 'a@b.kr', '--role', 'org-member', '--org', '101'], 'Good-pass-2026\n').status, 0);
  assert.equal(add(['--email', 'a@b.kr', '--role', 'org-member'], 'Good-pass-2026\n').status, 1);
  assert.equal(add(['--email', 'c@b.kr', '--role', 'org-member'], 'short\n').status, 1);
  assert.equal(add(['--email', 'd@b.kr', '--role', 'org-member'], 'password123\n').status, 1);
  assert.equal(add(['--email', 'e@b.kr', '--role', 'emperor'], 'Good-pass-2026\n').status, 2);
  assert.equal(add(['--email', 'not-an-email', '--role', 'trainee'], 'Good-pass-2026\n').status, 2);
  const r = add(['--email', 'f@b.kr', '--role', 'trainee', '--org', '999999'], 'Good-pass-2026\n');
  assert.equal(r.status, 1);
  assert.ok(oneLine(r.stderr));
});

test('backup while the server takes writes gives a consistent copy', async () => {
  const srv = await startServer();
  try {
    const op = await srv.login();
    const writes = [];
    for (let i = 0; i < 40; i++) writes.push(srv.post('/api/v1/needs', needBody(101), op));
    const to = join(dir, ON_PG ? 'backup.dump' : 'backup.db');
    const b = run(['backup', '--db', srv.db, '--to', to]);
    assert.equal(b.status, 0, b.stderr);
    await Promise.all(writes);
    // the copy: a SQLite file, or on PostgreSQL pg_dump's custom format restored as
    // docs/postgresql.md says (pg_restore into a new database, the checkpoints beside it)
    let copy = to;
    let key = srv.db + '.audit-key';
    if (ON_PG) {
      copy = freshDatabase(dir);
      execFileSync('pg_restore', ['--no-owner', '--exit-on-error', '-d', copy, to]);
      const files = process.env.BPMC_PG_FILES;
      const name = (url) => /^postgres(?:ql)?:\/\/[^/]*\/([^?]+)/.exec(url)[1];
      copyFileSync(to + '.audit-checkpoints', join(files, `${name(copy)}.audit-checkpoints`));
      key = join(files, `${name(srv.db)}.audit-key`);
    } else {
      assert.equal(execFileSync('sqlite3', [to, 'PRAGMA integrity_check'], { encoding: 'utf8' }).trim(), 'ok');
    }
    const orgs = Number(dbSql(copy, 'SELECT count(*) FROM orgs'));
    assert.ok(orgs >= 80);
    // the copy carries the checkpoints up to its last row, not the key, kept apart (docs/privacy.md)
    assert.equal(run(['audit', 'verify', '--db', copy]).status, 1);
    const v = spawnSync(BIN, ['audit', 'verify', '--db', copy], { encoding: 'utf8', env: { ...process.env, BPMC_AUDIT_KEY: key } });
    assert.equal(v.status, 0, v.stderr);
    // --key-to copies the key to a place of its own (owner-only), never beside the copy
    const keyCopy = join(dir, 'kept-apart.audit-key');
    const k = run(['backup', '--db', srv.db, '--to', to + '.2', '--key-to', keyCopy]);
    assert.equal(k.status, 0, k.stderr);
    assert.equal(readFileSync(keyCopy, 'utf8'), readFileSync(key, 'utf8'));
    assert.equal(statSync(keyCopy).mode & 0o777, 0o600);
    assert.equal(existsSync(to + '.2.audit-key'), false);
  } finally {
    await srv.stop();
  }
});

test('the access log is JSON lines: time, method, route, status, bytes, us, user', async () => {
  const log = join(dir, 'access.log');
  const srv = await startServer({ extraArgs: ['--access-log', log] });
  try {
    const op = await srv.login();
    await srv.get('/api/v1/orgs?limit=2', op);
    await srv.get('/api/v1/nope/1/2/3');
  } finally {
    await srv.stop();
  }
  const lines = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  const list = lines.find((l) => l.route === '/api/v1/:collection' && l.method === 'GET');
  assert.ok(list, JSON.stringify(lines));
  assert.match(list.time, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  assert.equal(list.status, 200);
  assert.ok(list.bytes > 0 && list.us >= 0);
  assert.ok(list.user > 0, 'the signed-in user is logged');
  assert.ok(lines.some((l) => l.status === 404));
});

test('serve reads an INI config file; flags win over it', async () => {
  const cfg = join(dir, 'bpmc.ini');
  writeFileSync(cfg, 'body_max = 2048\nsession_idle_s = 600\n');
  const srv = await startServer({ extraArgs: ['--config', cfg] });
  try {
    const op = await srv.login();
    const r = await srv.post('/api/v1/needs', needBody(101, { description: 'x'.repeat(4000) }), op);
    assert.equal(r.status, 413);
  } finally {
    await srv.stop();
  }
  writeFileSync(cfg, 'no_such_setting = 1\n');
  const bad = run(['serve', '--db', join(dir, 'a.db'), '--config', cfg]);
  assert.equal(bad.status, 1);
});

test('SIGTERM lets requests in flight finish (a login hashing its password) and exits 0', async () => {
  const srv = await startServer();
  const pending = fetch(`${srv.base}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: ADMIN.email, password: ADMIN.password }),
  });
  // argon2id takes tens of milliseconds: the login is still being answered when the signal comes
  await new Promise((r) => setTimeout(r, 30));
  srv.proc.kill('SIGTERM');
  const r = await pending;
  assert.equal(r.status, 200);
  const { code } = await srv.stop();
  assert.equal(code, 0);
  assert.match(srv.stderr, /stopped cleanly/);
});
