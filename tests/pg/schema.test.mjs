// The schema on PostgreSQL, as the migrations build it from their one source (db/migrate.c):
// the version row, the exclusion constraint that makes a double booking impossible, the
// statement triggers written for PostgreSQL, identities numbered past the demo's ids. Runs with
// BPMC_TEST_DB=postgres (tests/pg/run-api.mjs); on SQLite the same rules are the triggers that
// tests/api/facilities*.test.mjs exercise.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { bpmc, freshDatabase, ON_PG } from '../api/helpers.mjs';

let db;
const skip = ON_PG ? false : 'PostgreSQL only (BPMC_TEST_DB=postgres: tests/pg/run-api.mjs)';

/** psql's answer to sql: {ok, out, err}; the SQLSTATE is in err with VERBOSITY verbose. */
function psql(sql) {
  try {
    const out = execFileSync('psql', ['-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1', '-v', 'VERBOSITY=verbose', db, '-c', sql],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return { ok: true, out: out.trim(), err: '' };
  } catch (e) {
    return { ok: false, out: '', err: String(e.stderr) };
  }
}

before(() => {
  if (!ON_PG) return;
  db = freshDatabase(null); // a database of the cluster: no folder (one was left in /tmp each run)
  bpmc(['init', '--db', db, '--demo']);
});

test('the schema version is a row, at the newest migration the binary knows', { skip }, () => {
  const latest = Number(bpmc(['migrate', '--db', db]).match(/at schema (\d+)/)[1]);
  assert.deepEqual(psql('SELECT version FROM schema_version'), { ok: true, out: String(latest), err: '' });
  assert.equal(psql('SELECT count(*) FROM schema_version').out, '1');
});

test('a booking that overlaps another holding its time is refused by the database', { skip }, () => {
  const r = psql("SELECT resource_id, org_id, starts_at, ends_at FROM bookings WHERE status = 'approved' ORDER BY id LIMIT 1");
  const [resource, org, starts, ends] = r.out.split('|');
  const insert = (s, e, status = 'requested') =>
    psql(`INSERT INTO bookings (resource_id, org_id, starts_at, ends_at, status) VALUES (${resource}, ${org}, '${s}', '${e}', '${status}') RETURNING id`);
  const overlap = insert(starts, ends);
  assert.equal(overlap.ok, false);
  assert.match(overlap.err, /23P01/);
  assert.match(overlap.err, /"bookings\.starts_at"/);
  // half-open: ending where the other starts is no overlap; a declined booking holds no time
  const before = new Date(Date.parse(starts) - 3600e3).toISOString().replace('.000', '');
  const adjacent = insert(before, starts);
  assert.equal(adjacent.ok, true, adjacent.err);
  assert.equal(insert(starts, ends, 'declined').ok, true);
  // moving a booking onto another is refused too
  const moved = psql(`UPDATE bookings SET starts_at = '${starts}', ends_at = '${ends}' WHERE id = ${adjacent.out}`);
  assert.equal(moved.ok, false);
  assert.match(moved.err, /23P01/);
});

test("a statement's totals are the sums of its lines, and only a draft's lines change", { skip }, () => {
  const id = psql("SELECT id FROM statements WHERE status = 'draft' ORDER BY id LIMIT 1").out;
  const sums = () => psql(`SELECT total_fee, (SELECT coalesce(sum(fee), 0) FROM statement_lines WHERE statement_id = ${id}) FROM statements WHERE id = ${id}`).out.split('|');
  const [total, lines] = sums();
  assert.equal(total, lines);
  const forced = psql(`UPDATE statements SET total_fee = total_fee + 1 WHERE id = ${id}`);
  assert.equal(forced.ok, false);
  assert.match(forced.err, /23505.*statements\.total_fee/s);
  const org = psql(`SELECT org_id FROM statements WHERE id = ${id}`).out;
  const added = psql(`INSERT INTO statement_lines (statement_id, org_id, description, fee, company_part) VALUES (${id}, ${org}, '수기 항목', 1000, 1000)`);
  assert.equal(added.ok, true, added.err);
  const [total2, lines2] = sums();
  assert.equal(Number(total2), Number(total) + 1000);
  assert.equal(total2, lines2);
  assert.equal(psql(`UPDATE statements SET status = 'issued' WHERE id = ${id}`).ok, true);
  const late = psql(`INSERT INTO statement_lines (statement_id, org_id, description, fee, company_part) VALUES (${id}, ${org}, '늦은 항목', 10, 10)`);
  assert.equal(late.ok, false);
  assert.match(late.err, /statement not a draft: statement_lines\.statement_id/);
});

test('identities continue after the ids the demo data gave', { skip }, () => {
  const max = Number(psql('SELECT max(id) FROM orgs').out);
  const r = psql("INSERT INTO orgs (name, kind) VALUES ('새 기관', 'company') RETURNING id");
  assert.equal(r.ok, true, r.err);
  assert.equal(Number(r.out), max + 1);
});

test('the index filled from nothing keeps the postings\' foreign key, checked once at the end: the same index, the key as made', { skip }, () => {
  // filled by init --demo without the key's check per posting (search_pg_fill_begin/end)
  const fk = "SELECT conname || '|' || pg_get_constraintdef(oid) || '|' || convalidated FROM pg_constraint WHERE conrelid = 'search_postings'::regclass AND contype = 'f'";
  const key = 'search_postings_rowid_fkey|FOREIGN KEY (rowid) REFERENCES search(rowid) ON DELETE CASCADE|true';
  assert.deepEqual(psql(fk), { ok: true, out: key, err: '' });
  const digest = "SELECT count(*) || ' ' || md5(string_agg(m.collection || ':' || m.row_id || ':' || p.term || ':' || p.pos::text, ',' ORDER BY m.collection, m.row_id, p.term)) FROM search_postings p JOIN search_rows m ON m.rowid = p.rowid";
  // (the tests above wrote rows behind bpmc's back: made again once, then compared)
  assert.match(bpmc(['reindex', '--db', db]), /search index made again, [1-9]\d* rows/);
  const before = psql(digest);
  assert.ok(before.ok && /^[1-9]\d* [0-9a-f]{32}$/.test(before.out), before.out + before.err);
  assert.deepEqual(psql(fk), { ok: true, out: key, err: '' });
  assert.match(bpmc(['reindex', '--db', db]), /search index made again, [1-9]\d* rows/);
  assert.deepEqual(psql(digest), before);
  assert.deepEqual(psql(fk), { ok: true, out: key, err: '' });
  // and it holds: a posting of no index row is refused
  const bad = psql("INSERT INTO search_postings (term, rowid, pos) VALUES ('zz', -1, '{1}')");
  assert.equal(bad.ok, false);
  assert.match(bad.err, /23503/);
});
