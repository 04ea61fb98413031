// A read that fails on the HTTP reader connection is a 500 problem+json, never taken for "no
// row": not a 404 for an organisation's members the caller belongs to (role_in,
// src/modules/accounts/members.c), nor for a calendar feed that exists (src/modules/facilities/
// ical.c). Each read is made to fail outside bpmc (dbSql): the feeds' table renamed; the
// memberships table swapped for a view whose role, for one organisation's rows only, is an
// expression the database refuses to evaluate (the session's own read of the caller's
// organisation still works).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertProblem, dbSql, ON_PG } from './helpers.mjs';

let srv;
const ORG = 101, OTHER = 102;
before(async () => {
  srv = await startServer();
});
after(async () => {
  if (srv) await srv.stop();
});

test('a failed read of the caller\'s role in an organisation is 500, not 404', async () => {
  srv.addUser({ email: 'two@bpmc.test', role: 'org-member', org: ORG });
  const me = await srv.login('two@bpmc.test');
  dbSql(srv.db, `INSERT INTO memberships (user_id, org_id, role, active) VALUES (${me.user.id}, ${OTHER}, 'org-member', 1)`);
  // it works before
  const ok = await srv.get(`/api/v1/orgs/${OTHER}/members`, me);
  assert.equal(ok.status, 200, ok.text);
  const cols = dbSql(srv.db, ON_PG
    ? "SELECT column_name FROM information_schema.columns WHERE table_name='memberships' ORDER BY ordinal_position"
    : "SELECT name FROM pragma_table_info('memberships')").split('\n');
  const bad = ON_PG ? '(role || \'}\')::json::text' : "json(role || '}')";
  const list = cols.map((c) => (c === 'role' ? `CASE WHEN org_id=${OTHER} THEN ${bad} ELSE role END AS role` : c)).join(', ');
  dbSql(srv.db, `ALTER TABLE memberships RENAME TO memberships_kept; CREATE VIEW memberships AS SELECT ${list} FROM memberships_kept`);
  try {
    // the caller's session (its own organisation's row) still reads
    const own = await srv.get(`/api/v1/orgs/${ORG}/members`, me);
    assert.equal(own.status, 200, own.text);
    const r = await srv.get(`/api/v1/orgs/${OTHER}/members`, me);
    assertProblem(r, 500);
    assert.equal(r.headers.get('content-type'), 'application/problem+json; charset=utf-8');
  } finally {
    dbSql(srv.db, 'DROP VIEW memberships; ALTER TABLE memberships_kept RENAME TO memberships');
  }
  assert.equal((await srv.get(`/api/v1/orgs/${OTHER}/members`, me)).status, 200);
});

test('a failed read of a calendar feed is 500, not "no such feed"', async () => {
  srv.addUser({ email: 'feed@bpmc.test', role: 'org-member', org: ORG });
  const me = await srv.login('feed@bpmc.test');
  const f = await srv.post('/api/v1/calendar-feeds', { name: '내 예약' }, me);
  assert.equal(f.status, 201, f.text);
  assert.equal((await srv.get(`/api/v1/feeds/${f.json.token}.ics`)).status, 200);
  dbSql(srv.db, 'ALTER TABLE calendar_feeds RENAME TO calendar_feeds_kept');
  try {
    const r = await srv.get(`/api/v1/feeds/${f.json.token}.ics`);
    assertProblem(r, 500);
    assert.equal(r.headers.get('content-type'), 'application/problem+json; charset=utf-8');
  } finally {
    dbSql(srv.db, 'ALTER TABLE calendar_feeds_kept RENAME TO calendar_feeds');
  }
  assert.equal((await srv.get(`/api/v1/feeds/${f.json.token}.ics`)).status, 200);
  assertProblem(await srv.get(`/api/v1/feeds/${'0'.repeat(48)}.ics`), 404);
});
