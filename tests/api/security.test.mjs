// Issue #10, tried as an attacker would: each test reproduces an attack of the issue over HTTP
// and checks that it now does no harm (docs/security.md).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertProblem, assertInvalid, ADMIN, bpmc, dbSql, freshDatabase, addUser, ON_PG, until } from './helpers.mjs';

let srv, op, member, trainee;
before(async () => {
  srv = await startServer();
  srv.addUser({ email: 'sec-member@bpmc.test', name: '회원', role: 'org-member', org: 101 });
  srv.addUser({ email: 'sec-trainee@bpmc.test', name: '연수생', role: 'trainee', org: 101 });
  op = await srv.login();
  member = await srv.login('sec-member@bpmc.test', ADMIN.password);
  trainee = await srv.login('sec-trainee@bpmc.test', ADMIN.password);
});
after(async () => {
  if (srv) await srv.stop();
});

const hasPersonal = (row) => ['email', 'phone'].some((f) => row[f] !== null && row[f] !== undefined && row[f] !== '');

async function accessRows(query) {
  const items = [];
  let cursor = '';
  for (;;) {
    const r = await srv.get(`/api/v1/access-log?limit=200&${query}${cursor ? '&cursor=' + encodeURIComponent(cursor) : ''}`, op);
    assert.equal(r.status, 200, r.text);
    items.push(...r.json.items);
    if (!r.json.next_cursor) return items;
    cursor = r.json.next_cursor;
  }
}

/* --- 1. the access log --- */

test('a read flood with long and ever-changing queries leaves a few small rows, drops no viewing and starves no write', async () => {
  const long = 'x'.repeat(190);
  let viewed = 0, sent = 0;
  const reader = async (c) => {
    for (let i = 0; i < 60; i++) {
      const q = `limit=${1 + ((c * 60 + i) % 50)}&q=${long}${i}&sort=name&org_id=101`;
      const plain = `limit=${1 + ((c * 60 + i) % 50)}&sort=name`;
      const r = await srv.get(`/api/v1/people?${i % 2 ? q : plain}`, trainee);
      assert.equal(r.status, 200, r.text.slice(0, 300));
      sent++;
      if (r.json.items.some(hasPersonal)) viewed += r.json.items.filter(hasPersonal).length;
    }
  };
  const writer = async () => {
    const statuses = [];
    for (let i = 0; i < 15; i++) {
      const r = await srv.post('/api/v1/capabilities', { org_id: 101, title: `장비 ${i}`, kind: 'equipment', visibility: 'cluster' }, member);
      statuses.push(r.status);
    }
    return statuses;
  };
  const [statuses] = await Promise.all([writer(), reader(0), reader(1), reader(2)]);
  assert.ok(statuses.every((s) => s === 201), `every write of another user succeeds: ${statuses}`);
  // every viewing is counted (written within a window or so)
  let rows = [];
  const total = (f) => rows.reduce((n, x) => n + x[f], 0);
  await until(async () => {
    rows = await accessRows(`actor_id=${trainee.user.id}`);
    return total('rows') >= viewed;
  }, `${viewed} viewings logged`, { ms: 10000, every: 50 });
  assert.equal(total('rows'), viewed, 'no viewing dropped');
  assert.ok(total('viewings') <= sent);
  assert.ok(rows.length < sent / 2, `coalesced: ${rows.length} rows for ${sent} requests`);
  for (const x of rows) assert.ok((x.detail ?? '').length <= 260, `a small detail: ${x.detail}`);
  assert.ok(!rows.some((x) => (x.detail ?? '').includes('cursor=')));
});

test('retention: --access-log-retention-days refuses less than a year; the purge deletes only older rows and is audited', async () => {
  assert.throws(() => bpmc(['serve', '--db', srv.db, '--access-log-retention-days', '30']), /365/);
  const old = new Date(Date.now() - 400 * 86400e3).toISOString();
  const young = new Date(Date.now() - 300 * 86400e3).toISOString();
  dbSql(srv.db, `INSERT INTO access_log(at,actor_id,action,collection,rows) VALUES ('${old}',1,'read','people',1),('${old}',1,'read','people',1),('${young}',1,'read','people',1)`);
  const out = bpmc(['audit', 'purge-access-log', '--db', srv.db]);
  assert.match(out, /2 access-log rows/);
  const left = dbSql(srv.db, `SELECT count(*) FROM access_log WHERE at < '${young.slice(0, 10)}Z'`);
  assert.equal(left.trim(), '1');
  const audit = await srv.get('/api/v1/audit?action=access-log-purge', op);
  assert.equal(audit.status, 200, audit.text);
  assert.equal(audit.json.items.length, 1);
  assert.match(audit.json.items[0].after, /"rows":2/);
  assert.match(bpmc(['audit', 'verify', '--db', srv.db]), /chain ok/);
});

/* --- 2, 3, 11. API tokens --- */

const bearer = (token) => ({ headers: { authorization: `Bearer ${token}` } });

function totp(b32, t = Date.now() / 1000) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of b32.replace(/=+$/, '')) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.alloc(Math.floor(bits.length / 8));
  for (let i = 0; i < key.length; i++) key[i] = parseInt(bits.slice(i * 8, i * 8 + 8), 2);
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(t / 30)));
  const { createHmac } = require_crypto;
  const h = createHmac('sha1', key).update(counter).digest();
  const o = h[h.length - 1] & 15;
  const n = ((h[o] & 0x7f) << 24) | (h[o + 1] << 16) | (h[o + 2] << 8) | h[o + 3];
  return String(n % 1e6).padStart(6, '0');
}
const require_crypto = await import('node:crypto');

test('a token limited to a module, or any token, cannot mint another token', async () => {
  const limited = await srv.post('/api/v1/api-tokens', { name: 'dir only', scope: 'read-write', modules: ['directory'] }, member);
  assert.equal(limited.status, 201, limited.text);
  const all = await srv.post('/api/v1/api-tokens', { name: 'all', scope: 'read-write' }, member);
  for (const t of [limited.json.token, all.json.token]) {
    const r = await srv.req('/api/v1/api-tokens', { method: 'POST', json: { name: 'wider', scope: 'read-write', modules: [], expires_on: '2099-01-01' }, ...bearer(t) });
    assert.ok(r.status === 403, `${r.status} ${r.text}`);
  }
  const mine = await srv.get(`/api/v1/api-tokens?limit=200&user_id=${member.user.id}`, member);
  assert.ok(!mine.json.items.some((x) => x.name === 'wider'));
});

test('a token\'s expiry has a ceiling: 365 days by default, --token-max-days to change it', async () => {
  const far = new Date(Date.now() + 400 * 86400e3).toISOString().slice(0, 10);
  const r = await srv.post('/api/v1/api-tokens', { name: 'forever', expires_on: '2099-01-01' }, member);
  assertProblem(r, 422);
  assert.ok(r.json.errors.some((e) => e.field === 'expires_on'));
  assertProblem(await srv.post('/api/v1/api-tokens', { name: 'far', expires_on: far }, member), 422);
  const near = new Date(Date.now() + 300 * 86400e3).toISOString().slice(0, 10);
  assert.equal((await srv.post('/api/v1/api-tokens', { name: 'near', expires_on: near }, member)).status, 201);
  const short = await startServer({ extraArgs: ['--token-max-days', '30'] });
  try {
    const o = await short.login();
    assertProblem(await short.post('/api/v1/api-tokens', { name: 'x', expires_on: near }, o), 422);
    const ok = await short.post('/api/v1/api-tokens', { name: 'x' }, o);
    assert.equal(ok.status, 201);
    assert.ok(ok.json.expires_on <= new Date(Date.now() + 31 * 86400e3).toISOString().slice(0, 10));
  } finally {
    await short.stop();
  }
});

test('a revoked, expired or garbage bearer token answers 401 invalid_token, never anonymously', async () => {
  const t = await srv.post('/api/v1/api-tokens', { name: 'to revoke', scope: 'read' }, member);
  assert.equal((await srv.req('/api/v1/orgs?limit=1', bearer(t.json.token))).status, 200);
  assert.equal((await srv.patch(`/api/v1/api-tokens/${t.json.id}`, { revoked: true }, member, t.headers.get('etag'))).status, 200);
  for (const token of [t.json.token, 'bpmc_garbage', 'x'.repeat(300)]) {
    for (const path of ['/api/v1/orgs?limit=1', '/api/v1/search?q=병원', '/healthz']) {
      const r = await srv.req(path, bearer(token));
      assertProblem(r, 401, path);
      assert.equal(r.headers.get('www-authenticate'), 'Bearer error="invalid_token"');
    }
  }
});

test('a password change, a reset and the enrolment of a second factor revoke the user\'s tokens', async () => {
  const email = `tok-${Date.now()}@bpmc.test`;
  srv.addUser({ email, role: 'org-member', org: 101 });
  let s = await srv.login(email, ADMIN.password);
  const make = async () => (await srv.post('/api/v1/api-tokens', { name: 't', scope: 'read' }, s)).json.token;
  const works = async (t) => (await srv.req('/api/v1/orgs?limit=1', bearer(t))).status;
  // password change
  let t = await make();
  assert.equal(await works(t), 200);
  const ch = await srv.post('/api/v1/session/password', { current_password: ADMIN.password, new_password: 'Changed-pass-2026' }, s);
  assert.equal(ch.status, 200, ch.text);
  assert.equal(await works(t), 401);
  s = await srv.login(email, 'Changed-pass-2026');
  // reset
  t = await make();
  assert.equal((await srv.post('/api/v1/password-resets', { email })).status, 202);
  const mails = bpmc(['outbox', '--db', srv.db]).trim().split('\n').map((l) => JSON.parse(l)).filter((m) => m.to === email && m.kind === 'password-reset');
  const token = /token=([A-Za-z0-9_-]+)/.exec(mails.at(-1).link)[1];
  assert.equal((await srv.post('/api/v1/password-resets/confirm', { token, password: 'Reset-pass-2026x' })).status, 204);
  assert.equal(await works(t), 401);
  s = await srv.login(email, 'Reset-pass-2026x');
  // second factor
  t = await make();
  const begin = await srv.post('/api/v1/session/totp', undefined, s);
  const ok = await srv.post('/api/v1/session/totp/confirm', { code: totp(begin.json.secret) }, s);
  assert.equal(ok.status, 200, ok.text);
  assert.equal(await works(t), 401);
  const audit = await srv.get(`/api/v1/audit?action=tokens-revoked&actor_id=${s.user.id}`, op);
  assert.equal(audit.json.items.length, 3);
});

test('an operator-admin\'s token obeys the second-factor rule once the grace has ended', async () => {
  const email = `admin2-${Date.now()}@bpmc.test`;
  srv.addUser({ email, role: 'operator-admin' });
  const s = await srv.login(email, ADMIN.password);
  const t = (await srv.post('/api/v1/api-tokens', { name: 'made in the grace', scope: 'read-write' }, s)).json.token;
  assert.equal((await srv.req('/api/v1/orgs?limit=1', bearer(t))).status, 200);
  dbSql(srv.db, `UPDATE users SET created_at='2020-01-01T00:00:00.000Z' WHERE email='${email}'`);
  const r = await srv.req('/api/v1/users', { method: 'POST', json: { email: `x-${Date.now()}@bpmc.test`, name: '새 관리자', role: 'operator-admin' }, ...bearer(t) });
  assertProblem(r, 403);
  assertProblem(await srv.req('/api/v1/orgs?limit=1', bearer(t)), 403);
});

/* --- 15. the last operator-admin --- */

test('the last active operator-admin can neither demote nor deactivate itself: 409', async () => {
  const solo = await startServer({ demo: false });
  try {
    const o = await solo.login();
    const me = await solo.get(`/api/v1/users/${o.user.id}`, o);
    assertProblem(await solo.patch(`/api/v1/users/${o.user.id}`, { role: 'operator-staff' }, o, me.headers.get('etag')), 409);
    assertProblem(await solo.patch(`/api/v1/users/${o.user.id}`, { active: false }, o, me.headers.get('etag')), 409);
    assert.equal((await solo.get(`/api/v1/users/${o.user.id}`, o)).json.role, 'operator-admin');
    // with a second one, the first may step down
    solo.addUser({ email: 'second-admin@bpmc.test', role: 'operator-admin' });
    const ok = await solo.patch(`/api/v1/users/${o.user.id}`, { role: 'operator-staff' }, o, me.headers.get('etag'));
    assert.equal(ok.status, 200, ok.text);
  } finally {
    await solo.stop();
  }
});

/* --- 4. lockout --- */

test('failures from one address lock that address out of the account, not the owner elsewhere; each lock grows', async () => {
  const proxied = await startServer({ extraArgs: ['--trust-proxy'] });
  try {
    const from = (ip, password, email = ADMIN.email) => proxied.req('/api/v1/session', { method: 'POST', json: { email, password }, headers: { 'x-forwarded-for': ip } });
    let last;
    for (let i = 0; i < 5; i++) last = await from('203.0.113.66', `Wrong-pass-${i}`);
    assertProblem(last, 429);
    const first = Number(last.headers.get('retry-after'));
    assertProblem(await from('203.0.113.66', ADMIN.password), 429); // the guesser stays locked
    assert.equal((await from('198.51.100.5', ADMIN.password)).status, 200); // the owner is not
    // the lock ends; the guesser's next five failures lock it twice as long
    const now = ON_PG ? 'extract(epoch FROM now())::bigint' : "CAST(strftime('%s','now') AS INTEGER)";
    dbSql(proxied.db, `UPDATE login_throttle SET locked_until=${now}-1 WHERE key LIKE 'pair:%203.0.113.66'`);
    for (let i = 0; i < 5; i++) last = await from('203.0.113.66', `Wrong-again-${i}`);
    assertProblem(last, 429);
    assert.ok(Number(last.headers.get('retry-after')) >= 2 * first - 1, `${first} then ${last.headers.get('retry-after')}`);
    assert.equal((await from('198.51.100.5', ADMIN.password)).status, 200);
  } finally {
    await proxied.stop();
  }
});

/* --- 16. a read-only database --- */

// SQLite: a copy of the file made immutable. PostgreSQL: a database its administrator set
// read-only (ALTER DATABASE … SET default_transaction_read_only), which the server takes as it
// takes a standby: seen at start, the same answers.
test('a read-only database: /readyz not ready, writes a clear 503 problem, a log line', async (t) => {
  const { execFileSync } = await import('node:child_process');
  const { rmSync } = await import('node:fs');
  let ro;
  if (ON_PG) {
    ro = freshDatabase(null);
    bpmc(['init', '--db', ro]);
    addUser(ro, { email: ADMIN.email, name: ADMIN.name, role: 'operator-admin' });
    dbSql(ro, `ALTER DATABASE ${/\/([^/?]+)\?/.exec(ro)[1]} SET default_transaction_read_only = on`);
  } else {
    ro = srv.db.replace(/bpmc\.db$/, 'ro.db');
    dbSql(srv.db, `.backup '${ro}'`);
    try {
      execFileSync('chattr', ['+i', ro], { stdio: 'ignore' }); // root ignores chmod; the immutable flag holds
    } catch {
      t.skip('chattr +i is not available here');
      return;
    }
  }
  // started as every test's server is (up when /healthz answers, with a deadline: a server on
  // PostgreSQL checks its tables first, which takes a while on a busy machine)
  let ros;
  try {
    ros = await startServer({ db: ro });
    const ready = await ros.get('/readyz');
    assert.equal(ready.status, 503);
    assert.match(ready.headers.get('content-type'), /problem\+json/);
    assert.match(ready.json.detail_en, /read-only/);
    const w = await ros.req('/api/v1/session', { method: 'POST', json: { email: ADMIN.email, password: 'Wrong-pass-2026' } });
    assert.equal(w.status, 503);
    assert.match(w.json.detail_en, /read-only/);
    assert.equal((await ros.get('/api/v1/orgs?limit=1')).status, 200, 'reads still work');
    assert.match(ros.stderr, /read-only/);
  } finally {
    try {
      await ros?.stop(); // fails the test when the server did not exit cleanly
    } finally {
      if (!ON_PG) {
        execFileSync('chattr', ['-i', ro]);
        rmSync(ro, { force: true });
      }
    }
  }
});

/* --- 17. smaller ones --- */

test('uploads: HTML, SVG and unknown types are served as application/octet-stream attachments under a sandboxing CSP', async () => {
  const up = (type, name, body) => srv.req(`/api/v1/files?name=${name}&org_id=101&visibility=cluster`, { method: 'POST', body, headers: { 'content-type': type }, session: member });
  const cases = [
    ['text/html', 'x.html', '<script>alert(document.cookie)</script>', 'application/octet-stream'],
    ['image/svg+xml', 'x.svg', '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', 'application/octet-stream'],
    ['application/x-whatever', 'x.bin', 'abc', 'application/octet-stream'],
    ['application/pdf', 'x.pdf', '%PDF-1.4', 'application/pdf'],
    ['image/png', 'x.png', '\x89PNG', 'image/png'],
  ];
  for (const [type, name, body, served] of cases) {
    const r = await up(type, name, body);
    assert.equal(r.status, 201, r.text);
    const d = await srv.req(`/api/v1/files/${r.json.id}/content`, { session: member });
    assert.equal(d.status, 200);
    assert.equal(d.headers.get('content-type'), served, type);
    assert.match(d.headers.get('content-disposition'), /^attachment;/);
    assert.match(d.headers.get('content-security-policy'), /sandbox/);
    assert.equal(d.headers.get('x-content-type-options'), 'nosniff');
  }
});

test('Idempotency-Key is honoured when creating API tokens, and a replay never shows the token again', async () => {
  const key = `tok-${Date.now()}`;
  const body = { name: 'idem', scope: 'read' };
  const a = await srv.post('/api/v1/api-tokens', body, member, { headers: { 'idempotency-key': key } });
  assert.equal(a.status, 201, a.text);
  assert.match(a.json.token, /^bpmc_/);
  const b = await srv.post('/api/v1/api-tokens', body, member, { headers: { 'idempotency-key': key } });
  assert.equal(b.status, 201);
  assert.equal(b.headers.get('idempotent-replayed'), 'true');
  assert.equal(b.json.id, a.json.id);
  assert.ok(!('token' in b.json), 'the secret is shown once');
  const list = await srv.get('/api/v1/api-tokens?limit=200', member);
  assert.equal(list.json.items.filter((x) => x.name === 'idem').length, 1);
  assertProblem(await srv.post('/api/v1/api-tokens', { name: 'other', scope: 'read' }, member, { headers: { 'idempotency-key': key } }), 409);
  const secret = dbSql(srv.db, `SELECT count(*) FROM idempotency WHERE body LIKE '%${a.json.token}%'`);
  assert.equal(secret.trim(), '0', 'the token is not kept in the idempotency table');
});

test('/metrics: operators, their tokens and the configured address only', async () => {
  const proxied = await startServer({ extraArgs: ['--trust-proxy', '--metrics-from', '192.0.2.10'] });
  try {
    const from = (ip, opts = {}) => proxied.req('/metrics', { ...opts, headers: { 'x-forwarded-for': ip, ...(opts.headers || {}) } });
    assertProblem(await from('203.0.113.20'), 401);
    assert.equal((await from('192.0.2.10')).status, 200);
    const o = await proxied.login();
    assert.equal((await from('203.0.113.20', { session: o })).status, 200);
    const t = (await proxied.post('/api/v1/api-tokens', { name: 'prometheus', scope: 'read' }, o)).json.token;
    assert.equal((await from('203.0.113.20', { headers: { authorization: `Bearer ${t}` } })).status, 200);
    proxied.addUser({ email: 'm@bpmc.test', role: 'org-member', org: 101 });
    const m = await proxied.login('m@bpmc.test', ADMIN.password);
    assertProblem(await from('203.0.113.20', { session: m }), 403);
  } finally {
    await proxied.stop();
  }
  // by default, loopback (the scraper on the same host) still reads it
  assert.equal((await srv.get('/metrics')).status, 200);
});

test('the password policy refuses low-entropy passwords like aaaaaaaaaa1', async () => {
  const email = `pw-${Date.now()}@bpmc.test`;
  srv.addUser({ email, role: 'org-member', org: 101 });
  const s = await srv.login(email, ADMIN.password);
  for (const bad of ['aaaaaaaaaa1', 'abcdefgh12', '1234567890a', 'abababababab1', 'Aaaaaaaaaa1!']) {
    const r = await srv.post('/api/v1/session/password', { current_password: ADMIN.password, new_password: bad }, s);
    assertProblem(r, 422, bad);
    assert.ok(r.json.errors.some((e) => e.field === 'new_password'), r.text);
  }
  assert.throws(() => bpmc(['user', 'add', '--db', srv.db, '--email', `pw2-${Date.now()}@bpmc.test`, '--name', 'x', '--role', 'org-member', '--org', '101'], 'aaaaaaaaaa1\n'));
});

/* --- 12. module limits across /search and /shares --- */

test('a token limited to modules neither searches nor shares outside them', async () => {
  const orgAdmin = `sh-admin-${Date.now()}@bpmc.test`;
  srv.addUser({ email: orgAdmin, role: 'org-admin', org: 101 });
  const s = await srv.login(orgAdmin, ADMIN.password);
  const need = (await srv.post('/api/v1/needs', { title: '모듈 공유 시험', visibility: 'private' }, s)).json;
  assert.ok(need.id);
  const platform = (await srv.post('/api/v1/api-tokens', { name: 'platform', scope: 'read-write', modules: ['platform'] }, s)).json.token;
  const directory = (await srv.post('/api/v1/api-tokens', { name: 'directory', scope: 'read-write', modules: ['directory'] }, s)).json.token;
  // search: the token's own collections only
  assertProblem(await srv.req('/api/v1/search?q=병원', bearer(directory)), 403);
  const orgs = await srv.req('/api/v1/search?q=병원&kind=orgs', bearer(directory));
  assert.equal(orgs.status, 200);
  assert.ok(orgs.json.items.every((x) => x.collection === 'orgs'));
  assertProblem(await srv.req('/api/v1/search?q=병원&kind=files', bearer(directory)), 403);
  // shares: a platform token cannot share (or list, or stop sharing) a directory record
  assertProblem(await srv.req('/api/v1/shares', { method: 'POST', json: { collection: 'needs', row_id: need.id, org_id: 102 }, ...bearer(platform) }), 403);
  assertProblem(await srv.req(`/api/v1/shares?collection=needs&row_id=${need.id}`, bearer(platform)), 403);
  const g = await srv.req('/api/v1/shares', { method: 'POST', json: { collection: 'needs', row_id: need.id, org_id: 102 }, ...bearer(directory) });
  assert.equal(g.status, 201, g.text);
  assertProblem(await srv.req(`/api/v1/shares/${g.json.id}`, { method: 'DELETE', ...bearer(platform) }), 404);
  assert.equal((await srv.req(`/api/v1/shares/${g.json.id}`, { method: 'DELETE', ...bearer(directory) })).status, 204);
});

/* --- 14. invitations --- */

test('invitations are rate-limited per inviter: 429 with Retry-After beyond 30 an hour', async () => {
  const email = `inviter-${Date.now()}@bpmc.test`;
  srv.addUser({ email, role: 'org-admin', org: 102 });
  const s = await srv.login(email, ADMIN.password);
  const statuses = [];
  for (let i = 0; i < 35; i++) {
    const r = await srv.post('/api/v1/orgs/102/members', { email: `spam${i}-${Date.now()}@example.com`, name: '스팸', role: 'org-member' }, s);
    statuses.push(r.status);
    if (r.status === 429) {
      assertProblem(r, 429);
      assert.ok(Number(r.headers.get('retry-after')) > 0);
      break;
    }
  }
  assert.equal(statuses.filter((x) => x === 201).length, 30, statuses.join(','));
  assert.equal(statuses.at(-1), 429);
  // another inviter is not affected
  const other = await srv.post('/api/v1/orgs/101/members', { email: `ok-${Date.now()}@example.com`, name: '정상', role: 'org-member' }, op);
  assert.equal(other.status, 201, other.text);
});

/* --- 13. enumeration --- */

test('signing in to an invited account without a password does the same password work as a wrong password', async () => {
  // The same argon2id verification at the same parameters on every path, so the time of the
  // answer does not tell an invited (or unknown) address from a real one. The times themselves
  // are measured by bench/signin-timing.mjs.
  const invited = `invited-${Date.now()}@example.com`;
  assert.equal((await srv.post('/api/v1/orgs/101/members', { email: invited, name: '초대', role: 'org-member' }, op)).status, 201);
  assert.equal(dbSql(srv.db, `SELECT coalesce(password_hash, 'NULL') FROM users WHERE email='${invited}'`).trim().startsWith('$argon2'), false);
  const checks = async () => {
    const text = (await srv.get('/metrics')).text;
    const at = (params) => Number(text.match(new RegExp(`^bpmc_password_checks_total\\{params="${params}"\\} (\\d+)$`, 'm'))?.[1]);
    return { current: at('current'), older: at('older') };
  };
  const bodies = [];
  for (const email of [invited, 'sec-member@bpmc.test', `nobody-${Date.now()}@example.com`]) {
    const before = await checks();
    assert.ok(Number.isInteger(before.current) && Number.isInteger(before.older), JSON.stringify(before));
    const r = await srv.post('/api/v1/session', { email, password: 'Not-the-pass-2026' });
    assert.equal(r.status, 401, r.text);
    assert.deepEqual(await checks(), { current: before.current + 1, older: before.older }, email);
    bodies.push(r.json);
  }
  // and the answers are the same
  assert.deepEqual(bodies[0], bodies[1]);
  assert.deepEqual(bodies[2], bodies[1]);
});

/* --- 8. a party cannot widen the owner's privacy --- */

test('the partner of a private org-link cannot make it public; the owner can', async () => {
  const ownerEmail = `owner-${Date.now()}@bpmc.test`, partyEmail = `party-${Date.now()}@bpmc.test`;
  srv.addUser({ email: ownerEmail, role: 'org-admin', org: 101 });
  srv.addUser({ email: partyEmail, role: 'org-admin', org: 102 });
  const owner = await srv.login(ownerEmail, ADMIN.password);
  const party = await srv.login(partyEmail, ADMIN.password);
  let link; // the demo may hold some links between 101 and 102 already: take a free kind
  for (const kind of ['supplies', 'services', 'data', 'research', 'investment', 'other']) {
    const r = await srv.post('/api/v1/org-links', { org_id: 101, to_org_id: 102, kind, visibility: 'private' }, owner);
    if (r.status === 201) { link = r; break; }
  }
  assert.ok(link, 'an org-link was made');
  const etag = (await srv.get(`/api/v1/org-links/${link.json.id}`, party)).headers.get('etag');
  const widen = await srv.patch(`/api/v1/org-links/${link.json.id}`, { visibility: 'public' }, party, etag);
  assertProblem(widen, 403);
  assert.ok(widen.json.errors.some((e) => e.field === 'visibility'));
  assertProblem(await srv.get(`/api/v1/org-links/${link.json.id}`), 404, 'still invisible to anonymous callers');
  // the party may still change what it may change, and narrow
  assert.equal((await srv.patch(`/api/v1/org-links/${link.json.id}`, { description: '협력' }, party, etag)).status, 200);
  const e2 = (await srv.get(`/api/v1/org-links/${link.json.id}`, owner)).headers.get('etag');
  assert.equal((await srv.patch(`/api/v1/org-links/${link.json.id}`, { visibility: 'public' }, owner, e2)).status, 200);
});

test('an action item or meeting saved inside a collaboration without a visibility is private', async () => {
  const c = await srv.post('/api/v1/collaborations', { title: '비공개 협력', org_id: 101, partner_org_id: 102 }, op);
  assert.equal(c.status, 201, c.text);
  const item = await srv.post('/api/v1/action-items', { title: '내부 조치', org_id: 101, collaboration_id: c.json.id }, op);
  assert.equal(item.status, 201, item.text);
  assert.equal(item.json.visibility, 'private');
  const m = await srv.post('/api/v1/meetings', { title: '내부 회의', org_id: 101, held_on: '2026-12-01', collaboration_id: c.json.id }, op);
  assert.equal(m.status, 201, m.text);
  assert.equal(m.json.visibility, 'private');
  const inMeeting = await srv.post('/api/v1/action-items', { title: '회의 조치', org_id: 101, meeting_id: m.json.id }, op);
  assert.equal(inMeeting.json.visibility, 'private');
  // an item of the collaboration's meeting is inside the collaboration too
  assert.deepEqual([inMeeting.json.collaboration_id, inMeeting.json.partner_org_id], [c.json.id, 102]);
  assertProblem(await srv.get(`/api/v1/action-items/${item.json.id}`), 404);
  // asked for explicitly, a wider visibility inside a collaboration is refused (docs/privacy.md,
  // "Rows inside a record"); outside a collaboration the default is unchanged
  const open = await srv.post('/api/v1/action-items', { title: '공개 조치', org_id: 101, collaboration_id: c.json.id, visibility: 'cluster' }, op);
  assertInvalid(open, 'visibility');
  const plain = await srv.post('/api/v1/action-items', { title: '일반 조치', org_id: 101 }, op);
  assert.equal(plain.json.visibility, 'cluster');
});
