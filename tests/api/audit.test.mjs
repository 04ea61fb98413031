// The audit log: one row per change, hash-chained; `bpmc audit verify` finds tampering.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { startServer, needBody, BIN, dbSql } from './helpers.mjs';

let srv;
let op;
before(async () => {
  srv = await startServer();
  op = await srv.login();
});
after(async () => {
  if (srv) await srv.stop();
});

const verify = () => spawnSync(BIN, ['audit', 'verify', '--db', srv.db], { encoding: 'utf8' });

test('every change is chained; audit verify passes while the server runs', async () => {
  const c = await srv.post('/api/v1/needs', needBody(101), op);
  assert.equal(c.status, 201, c.text);
  const p = await srv.patch(`/api/v1/needs/${c.json.id}`, { status: 'matched' }, op, c.headers.get('etag'));
  assert.equal(p.status, 200, p.text);
  const d = await srv.del(`/api/v1/needs/${c.json.id}`, op);
  assert.equal(d.status, 204, d.text);
  const rows = await srv.get(`/api/v1/audit?collection=needs&row_id=${c.json.id}&sort=id`, op);
  assert.deepEqual(rows.json.items.map((r) => r.action), ['create', 'transition', 'delete']);
  const v = verify();
  assert.equal(v.status, 0, v.stderr);
  assert.match(v.stdout, /audit chain ok \((\d+) rows\)/);
});

test('editing an audit row outside bpmc (sqlite3, psql) is detected and the row is named', async () => {
  const c = await srv.post('/api/v1/needs', needBody(101), op);
  assert.equal(c.status, 201, c.text);
  const row = (await srv.get(`/api/v1/audit?collection=needs&row_id=${c.json.id}`, op)).json.items[0];
  await srv.post('/api/v1/needs', needBody(101), op); // a later row, so the break is in the middle
  dbSql(srv.db, `UPDATE audit SET after = replace(after, 'open', 'closed') WHERE id = ${row.id}`);
  const v = verify();
  assert.equal(v.status, 1);
  assert.match(v.stderr, new RegExp(`audit row ${row.id}\\b`));
});

test('audit verify usage: --help exits 0, a missing database exits 1, bad usage exits 2', () => {
  assert.equal(spawnSync(BIN, ['audit', 'verify', '--help']).status, 0);
  assert.equal(spawnSync(BIN, ['audit', 'verify', '--db', '/nonexistent/x.db']).status, 1);
  assert.equal(spawnSync(BIN, ['audit', 'frobnicate']).status, 2);
});

test('the audit log keeps no personal data: e-mails and phones of people are marked, not stored', async () => {
  const email = `audit-${Date.now()}@example.kr`;
  const c = await srv.post('/api/v1/people', { org_id: 3, name: '감사 확인', email, phone: '010-1234-5678' }, op);
  assert.equal(c.status, 201, c.text);
  const p = await srv.patch(`/api/v1/people/${c.json.id}`, { phone: '010-8765-4321' }, op, c.headers.get('etag'));
  assert.equal(p.status, 200, p.text);
  const d = await srv.del(`/api/v1/people/${c.json.id}`, op, { headers: { 'if-match': p.headers.get('etag') } });
  assert.equal(d.status, 204, d.text);
  const rows = await srv.get(`/api/v1/audit?collection=people&row_id=${c.json.id}`, op);
  assert.equal(rows.json.items.length, 3);
  assert.ok(!rows.text.includes(email) && !rows.text.includes('1234-5678') && !rows.text.includes('8765'), rows.text);
  assert.ok(rows.text.includes('[personal]'));
  assert.ok(rows.text.includes('감사 확인'), 'the rest of the row is kept');
});
