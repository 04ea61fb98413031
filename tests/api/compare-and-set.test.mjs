// Compare and set: a PATCH or DELETE with If-Match changes the row only if its version is still
// the one named, checked in the UPDATE (DELETE) itself, so two processes serving one database
// lose no update: of racing changes with one ETag exactly one wins, the others answer 412.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, orgBody } from './helpers.mjs';

let a, b, sa, sb;

before(async () => {
  a = await startServer();
  b = await startServer({ db: a.db }); // a second process on the same database file
  sa = await a.login();
  sb = await b.login();
});
after(async () => {
  await b?.stop();
  await a?.stop();
});

test('two processes racing PATCHes with one If-Match: one 200, the rest 412, no lost update', async () => {
  for (let round = 0; round < 8; round++) {
    const c = await a.post('/api/v1/orgs', orgBody(), sa);
    assert.equal(c.status, 201, c.text);
    const path = new URL(c.headers.get('location'), a.base).pathname;
    const etag = c.headers.get('etag');
    const rs = await Promise.all([0, 1, 2, 3].map((i) =>
      (i % 2 ? b : a).patch(path, { name: `경쟁 수정 ${round}-${i}` }, i % 2 ? sb : sa, etag)));
    const statuses = rs.map((r) => r.status);
    const ok = rs.filter((r) => r.status === 200);
    assert.equal(ok.length, 1, statuses.join(','));
    assert.equal(rs.filter((r) => r.status === 412).length, 3, statuses.join(','));
    // both processes read the winner's row, at version 2, and one update in the audit log
    for (const [s, sess] of [[a, sa], [b, sb]]) {
      const g = await s.get(path, sess);
      assert.equal(g.json.name, ok[0].json.name);
      assert.equal(g.headers.get('etag'), '"2"');
    }
    const id = c.json.id;
    const audit = (await a.get(`/api/v1/audit?collection=orgs&row_id=${id}`, sa)).json.items;
    assert.equal(audit.filter((r) => r.action === 'update').length, 1);
  }
});

test('two processes racing DELETE and PATCH with one If-Match: exactly one wins', async () => {
  for (let round = 0; round < 6; round++) {
    const c = await b.post('/api/v1/orgs', orgBody(), sb);
    assert.equal(c.status, 201, c.text);
    const path = new URL(c.headers.get('location'), b.base).pathname;
    const etag = c.headers.get('etag');
    const [d, p] = await Promise.all([
      a.del(path, sa, { headers: { 'if-match': etag } }),
      b.patch(path, { name: `지우기 경쟁 ${round}` }, sb, etag),
    ]);
    const won = [d.status === 204, p.status === 200].filter(Boolean).length;
    assert.equal(won, 1, `${d.status} ${p.status}`);
    assert.ok([d.status, p.status].some((s) => s === 412 || s === 404), `${d.status} ${p.status}`);
    const g = await a.get(path, sa);
    assert.equal(g.status, d.status === 204 ? 404 : 200);
  }
});
