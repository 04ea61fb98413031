// Issue #10, tried as an attacker would: each test reproduces an attack of the issue over HTTP
// and checks that it now does no harm (docs/security.md).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertProblem, ADMIN, bpmc } from './helpers.mjs';

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

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
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
  for (let i = 0; i < 100; i++) {
    rows = await accessRows(`actor_id=${trainee.user.id}`);
    if (total('rows') >= viewed) break;
    await sleep(50);
  }
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
  const { execFileSync } = await import('node:child_process');
  execFileSync('sqlite3', ['-cmd', '.timeout 5000', srv.db,
    `INSERT INTO access_log(at,actor_id,action,collection,rows) VALUES ('${old}',1,'read','people',1),('${old}',1,'read','people',1),('${young}',1,'read','people',1)`]);
  const out = bpmc(['audit', 'purge-access-log', '--db', srv.db]);
  assert.match(out, /2 access-log rows/);
  const left = execFileSync('sqlite3', ['-cmd', '.timeout 5000', srv.db, `SELECT count(*) FROM access_log WHERE at < '${young.slice(0, 10)}Z'`], { encoding: 'utf8' });
  assert.equal(left.trim(), '1');
  const audit = await srv.get('/api/v1/audit?action=access-log-purge', op);
  assert.equal(audit.status, 200, audit.text);
  assert.equal(audit.json.items.length, 1);
  assert.match(audit.json.items[0].after, /"rows":2/);
  assert.match(bpmc(['audit', 'verify', '--db', srv.db]), /chain ok/);
});
