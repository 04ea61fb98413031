// Viewing or exporting personal data is logged (who, when, what, how many rows) in access_log,
// which operators read (with filters and exports) at /api/v1/access-log; and --trust-proxy,
// without which a forged X-Forwarded-For changes neither the throttled nor the logged address.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, assertProblem, ADMIN, until } from './helpers.mjs';

let srv, op, memberA, memberB;
before(async () => {
  srv = await startServer();
  // demo people: 101 belongs to org 101 (cluster), 103 to org 102 (cluster), 102 to org 102 (public)
  srv.addUser({ email: 'member-a@bpmc.test', name: '회원A', role: 'org-member', org: 101 });
  srv.addUser({ email: 'member-b@bpmc.test', name: '회원B', role: 'org-member', org: 101 });
  op = await srv.login();
  memberA = await srv.login('member-a@bpmc.test', ADMIN.password);
  memberB = await srv.login('member-b@bpmc.test', ADMIN.password);
});
after(async () => {
  if (srv) await srv.stop();
});

const hasPersonal = (row) => ['email', 'phone'].some((f) => row[f] !== null && row[f] !== undefined && row[f] !== '');

/** The access-log rows matching query (as the operator sees them), newest first. */
async function logRows(server, session, query) {
  const r = await server.get(`/api/v1/access-log?limit=200&${query}`, session);
  assert.equal(r.status, 200, `access-log?${query}: ${r.status} ${r.text}`);
  return r.json.items;
}

/** Wait until pick(rows) finds n rows (the log is written after the answer); returns them. */
async function waitRows(server, session, query, n, pick = () => true) {
  let rows = [];
  await until(async () => (rows = (await logRows(server, session, query)).filter(pick)).length >= n, `${n} access-log rows of ${query}`, { every: 30 });
  return rows;
}

/** What matched once every viewing noted so far is written (for "nothing logged"): a barrier
 * viewing is made after them (an operator's list of people, with a query of its own) and
 * awaited; the writer takes the viewings noted before it in the same window or earlier. The
 * barrier rows themselves are left out. */
let barriers = 0;
async function settledRows(server, session, query, pick = () => true) {
  const detail = `limit=${150 + (barriers++ % 50)}&sort=-id`;
  const b = await server.get(`/api/v1/people?${detail}`, session);
  assert.equal(b.status, 200, b.text);
  const seen = await waitRows(server, session, `actor_id=${session.user.id}&action=list&collection=people`, 1, (x) => x.detail === detail);
  assert.equal(seen.length, 1, `the barrier viewing (people?${detail}) was not logged`);
  return (await logRows(server, session, query)).filter((x) => !(x.actor_id === session.user.id && x.detail === detail)).filter(pick);
}

test('an operator listing people gets one log row counting the rows with personal data', async () => {
  const query = 'limit=50&sort=name';
  const r = await srv.get(`/api/v1/people?${query}`, op);
  assert.equal(r.status, 200);
  const expected = r.json.items.filter(hasPersonal).length;
  assert.ok(expected > 0, 'the demo people carry e-mails and phones');
  const rows = await waitRows(srv, op, `actor_id=${op.user.id}&action=list&collection=people`, 1, (x) => x.detail === query);
  assert.equal(rows.length, 1, JSON.stringify(rows));
  const row = rows[0];
  assert.equal(row.rows, expected);
  assert.equal(row.row_id, null);
  assert.equal(row.address, '127.0.0.1');
  assert.match(row.at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/);
});

test('a second identical list, served from the answer cache, is logged again', async () => {
  const query = 'limit=13&sort=-name';
  // Two requests pipelined on one connection: the second is answered by the same loop right
  // after the first, from the cache the first filled.
  const raw = await new Promise((resolve, reject) => {
    const sock = net.connect(srv.port, '127.0.0.1');
    const chunks = [];
    const get = (close) => `GET /api/v1/people?${query} HTTP/1.1\r\nhost: x\r\ncookie: ${op.cookie}\r\n` +
      `connection: ${close ? 'close' : 'keep-alive'}\r\n\r\n`;
    sock.on('connect', () => sock.write(get(false) + get(true)));
    sock.on('data', (d) => chunks.push(d));
    sock.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    sock.on('error', reject);
  });
  assert.equal((raw.match(/HTTP\/1\.1 200/g) || []).length, 2, raw.slice(0, 300));
  const page = await srv.get(`/api/v1/people?${query}`, op); // and a third, sequentially
  const expected = page.json.items.filter(hasPersonal).length;
  // alike viewings within a window are coalesced into one row counting them (issue #10)
  let rows = [];
  const sum = (f) => rows.reduce((n, x) => n + x[f], 0);
  await until(async () => {
    rows = (await logRows(srv, op, `actor_id=${op.user.id}&action=list`)).filter((x) => x.detail === query);
    return sum('viewings') >= 3;
  }, 'the three viewings logged', { every: 30 });
  assert.equal(sum('viewings'), 3, JSON.stringify(rows));
  assert.equal(sum('rows'), 3 * expected);
  assert.ok(rows.length <= 3);
});

test('a member reading a person of their organisation is logged with their organisation', async () => {
  const r = await srv.get('/api/v1/people/101', memberA);
  assert.equal(r.status, 200);
  assert.ok(hasPersonal(r.json), 'members see their own organisation\'s personal fields');
  const rows = await waitRows(srv, op, `actor_id=${memberA.user.id}&action=read&row_id=101`, 1);
  assert.equal(rows.length, 1);
  assert.equal(rows[0].collection, 'people');
  assert.equal(rows[0].org_id, 101);
  assert.equal(rows[0].rows, 1);
  assert.equal(rows[0].detail, null);
  // a read answered 304 from the browser's copy is another viewing
  const again = await srv.req('/api/v1/people/101', { session: memberA, headers: { 'if-none-match': r.headers.get('etag') } });
  assert.equal(again.status, 304);
  assert.equal((await waitRows(srv, op, `actor_id=${memberA.user.id}&action=read&row_id=101`, 2)).length, 2);
});

test('a member reading another organisation\'s people, where nothing personal is shown, is not logged', async () => {
  const one = await srv.get('/api/v1/people/103', memberB); // org 102, visibility cluster
  assert.equal(one.status, 200);
  assert.equal(one.json.email, null);
  assert.equal(one.json.phone, null);
  const list = await srv.get('/api/v1/people?org_id=102&visibility=cluster', memberB);
  assert.equal(list.status, 200);
  assert.ok(list.json.items.length > 0);
  assert.ok(!list.json.items.some(hasPersonal));
  assert.deepEqual(await settledRows(srv, op, `actor_id=${memberB.user.id}`), []);
  // a list mixing them counts only the rows that showed personal data (own org and public rows)
  const mixed = await srv.get('/api/v1/people?limit=200', memberB);
  const expected = mixed.json.items.filter(hasPersonal).length;
  assert.ok(expected > 0 && expected < mixed.json.items.length);
  const rows = await waitRows(srv, op, `actor_id=${memberB.user.id}&action=list`, 1);
  assert.equal(rows[0].rows, expected);
});

test('anonymous callers are never logged', async () => {
  const before = (await logRows(srv, op, 'collection=people')).length;
  assert.equal((await srv.get('/api/v1/people?limit=100')).status, 200);
  assert.equal((await srv.get('/api/v1/people/102')).status, 200); // a public person
  assert.equal((await srv.get('/api/v1/people?format=csv')).status, 200);
  const after = await settledRows(srv, op, 'collection=people');
  assert.equal(after.length, before);
  assert.ok(!after.some((x) => x.actor_id === null || x.actor_id === 0));
});

test('an export is logged as export with the rows it carried', async () => {
  const { items } = await srv.all('people', '', op);
  const expected = items.filter(hasPersonal).length;
  const csv = await srv.get('/api/v1/people?format=csv', op);
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type'), /text\/csv/);
  const rows = await waitRows(srv, op, `actor_id=${op.user.id}&action=export&collection=people`, 1);
  assert.equal(rows.length, 1);
  assert.equal(rows[0].rows, expected);
  assert.equal(rows[0].detail, 'format=csv');
  const xlsx = await srv.get('/api/v1/people?format=xlsx&org_id=101', memberA);
  assert.equal(xlsx.status, 200);
  const own = items.filter((p) => p.org_id === 101 && hasPersonal(p)).length;
  const memberRows = await waitRows(srv, op, `actor_id=${memberA.user.id}&action=export`, 1);
  assert.equal(memberRows[0].rows, own);
  assert.equal(memberRows[0].detail, 'format=xlsx&org_id=101');
});

test('users (whose e-mail is personal) are logged when operators list them', async () => {
  const r = await srv.get('/api/v1/users?limit=200', op);
  assert.equal(r.status, 200);
  const rows = await waitRows(srv, op, `actor_id=${op.user.id}&collection=users`, 1);
  assert.equal(rows[0].rows, r.json.items.length);
});

test('only operators read the access log; it is read-only', async () => {
  assertProblem(await srv.get('/api/v1/access-log'), 401);
  assertProblem(await srv.get('/api/v1/access-log', memberA), 403);
  assertProblem(await srv.get('/api/v1/access-log?format=csv', memberA), 403);
  // a row of an operators' collection is absent or invisible to a member, as any row they may not see
  assertProblem(await srv.get('/api/v1/access-log/1', memberA), 404);
  assertProblem(await srv.post('/api/v1/access-log', { collection: 'people', action: 'list' }, op), 405);
  const doc = await srv.get('/api/v1/openapi.json');
  assert.equal(doc.status, 200);
  assert.ok(doc.json.paths['/api/v1/access-log'], 'access-log is in the OpenAPI document');
  assert.ok(doc.json.paths['/api/v1/access-log/{id}']);
});

test('the access log filters, sorts and exports', async () => {
  await waitRows(srv, op, 'action=export', 2);
  const exports = await logRows(srv, op, 'action=export');
  assert.ok(exports.length >= 2 && exports.every((x) => x.action === 'export'));
  const members = await logRows(srv, op, `actor_id=${memberA.user.id}`);
  assert.ok(members.length >= 2 && members.every((x) => x.actor_id === memberA.user.id));
  const org = await logRows(srv, op, 'org_id=101');
  assert.ok(org.length >= 2 && org.every((x) => x.org_id === 101));
  const users = await logRows(srv, op, 'collection=users');
  assert.ok(users.length >= 1 && users.every((x) => x.collection === 'users'));
  const both = await logRows(srv, op, `collection=people&action=read&actor_id=${memberA.user.id}`);
  assert.ok(both.length >= 1 && both.every((x) => x.action === 'read' && x.collection === 'people'));
  assertProblem(await srv.get('/api/v1/access-log?action=delete', op), 400);
  assertProblem(await srv.get('/api/v1/access-log?detail=x', op), 400);
  // newest first by default; sort by at and by id either way
  const ids = (await logRows(srv, op, '')).map((x) => x.id);
  assert.deepEqual(ids, [...ids].sort((a, b) => b - a));
  const asc = await logRows(srv, op, 'sort=at');
  for (let i = 1; i < asc.length; i++) assert.ok(asc[i - 1].at <= asc[i].at);
  const byId = (await logRows(srv, op, 'sort=id')).map((x) => x.id);
  assert.deepEqual(byId, [...byId].sort((a, b) => a - b));
  const page = await srv.get('/api/v1/access-log?limit=2&sort=-at', op);
  assert.equal(page.json.items.length, 2);
  assert.ok(page.json.next_cursor);
  const next = await srv.get(`/api/v1/access-log?limit=2&sort=-at&cursor=${encodeURIComponent(page.json.next_cursor)}`, op);
  assert.equal(next.status, 200);
  assert.ok(!next.json.items.some((x) => page.json.items.some((y) => y.id === x.id)));
  const csv = await srv.get('/api/v1/access-log?format=csv&action=export&labels=false', op);
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type'), /text\/csv/);
  const lines = csv.text.replace(/^\uFEFF/, '').trim().split('\r\n');
  assert.match(lines[0], /^id,at,actor_id,org_id,action,collection,row_id,rows,detail,address/);
  assert.equal(lines.length - 1, exports.length);
  const xlsx = await srv.get('/api/v1/access-log?format=xlsx', op);
  assert.equal(xlsx.status, 200);
  assert.equal(xlsx.bytes.subarray(0, 2).toString('latin1'), 'PK');
  // reading the log is not itself logged as a viewing of personal data
  assert.deepEqual(await logRows(srv, op, 'collection=access-log'), []);
});

/* --- the client's address behind a proxy --- */

const loginFrom = (server, email, password, xff) =>
  server.req('/api/v1/session', { method: 'POST', json: { email, password }, headers: xff ? { 'x-forwarded-for': xff } : {} });

test('without --trust-proxy a forged X-Forwarded-For changes neither the throttled nor the logged address', async () => {
  const plain = await startServer();
  try {
    const o = await plain.login();
    const r = await plain.req('/api/v1/people?limit=5', { session: o, headers: { 'x-forwarded-for': '198.51.100.9', 'x-forwarded-proto': 'https' } });
    assert.equal(r.status, 200);
    const rows = await waitRows(plain, o, 'collection=people', 1);
    assert.equal(rows[0].address, '127.0.0.1');
    // every attempt claims a new address: the socket's address is still the one throttled
    let status = 0;
    for (let i = 0; i < 25 && status !== 429; i++) {
      status = (await loginFrom(plain, `spray${i}@bpmc.test`, 'Spray-pass-2026', `203.0.113.${i + 1}`)).status;
    }
    assert.equal(status, 429);
    assertProblem(await loginFrom(plain, ADMIN.email, ADMIN.password, '198.51.100.77'), 429);
  } finally {
    await plain.stop();
  }
});

test('with --trust-proxy the last X-Forwarded-For entry is the client: throttled and logged', async () => {
  const proxied = await startServer({ extraArgs: ['--trust-proxy'] });
  try {
    // the client forged the first entry; the proxy appended the address it saw
    let status = 0;
    for (let i = 0; i < 25 && status !== 429; i++) {
      status = (await loginFrom(proxied, `spray${i}@bpmc.test`, 'Spray-pass-2026', `198.51.100.${i + 1}, 203.0.113.7`)).status;
    }
    assert.equal(status, 429);
    assertProblem(await loginFrom(proxied, ADMIN.email, ADMIN.password, '203.0.113.7'), 429);
    // another client behind the same proxy is not throttled
    const ok = await loginFrom(proxied, ADMIN.email, ADMIN.password, '203.0.113.8');
    assert.equal(ok.status, 200);
    const o = { cookie: /bpmc_session=[^;,\s]+/.exec(ok.headers.get('set-cookie'))[0], csrf: ok.json.csrf_token, user: ok.json.user };
    const r = await proxied.req('/api/v1/people?limit=5', { session: o, headers: { 'x-forwarded-for': '2001:DB8::0:1' } });
    assert.equal(r.status, 200);
    const rows = await waitRows(proxied, o, 'collection=people', 1);
    assert.equal(rows[0].address, '2001:db8::1'); // canonical form
    // an entry that is not an address leaves the socket's
    await proxied.req('/api/v1/people?limit=6', { session: o, headers: { 'x-forwarded-for': '203.0.113.8, unknown' } });
    const more = await waitRows(proxied, o, 'collection=people', 2);
    assert.equal(more[0].address, '127.0.0.1');
  } finally {
    await proxied.stop();
  }
});

test('trust_proxy = true in the config file does the same', async () => {
  const dir = (await import('node:os')).tmpdir();
  const ini = join(dir, `bpmc-trust-${process.pid}.ini`);
  writeFileSync(ini, '[server]\ntrust_proxy = true\n');
  const proxied = await startServer({ extraArgs: ['--config', ini] });
  try {
    const o = await proxied.login();
    await proxied.req('/api/v1/people?limit=5', { session: o, headers: { 'x-forwarded-for': '192.0.2.44' } });
    const rows = await waitRows(proxied, o, 'collection=people', 1);
    assert.equal(rows[0].address, '192.0.2.44');
  } finally {
    await proxied.stop();
  }
});

test('listing an organisation\'s members (with their e-mails) is logged', async () => {
  const r = await srv.get(`/api/v1/orgs/${memberA.user.org_id}/members`, memberA);
  assert.equal(r.status, 200, r.text);
  const rows = await waitRows(srv, op, `actor_id=${memberA.user.id}&collection=users`, 1);
  assert.equal(rows[0].rows, r.json.total);
  assert.equal(rows[0].action, 'list');
  assert.match(rows[0].detail, new RegExp(`org_id=${memberA.user.org_id}`));
});
