// bpmc migrate-to-postgres (docs/postgresql.md "Switching from SQLite"): the demo database plus a
// write of every module, served on SQLite, copied into a new PostgreSQL database; a server on
// the copy answers every list and record as the SQLite one did (the same bytes), the old
// session still signs in, the audit chain verifies, the files' bytes are the same; a copy
// tampered with afterwards is found by --verify (a row) and by audit verify (an audit row); and
// the refusals change nothing: a target already used, a source at another schema version, a
// source locked by a writer.
//
// Runs with or without the PostgreSQL tier: BPMC_TEST_PG (tests/pg/run-api.mjs) names a
// cluster, else the test starts one of its own (tests/pg/cluster.sh).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, copyFileSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BIN, startServer, addUser, ADMIN, dbSql, uniq, orgBody, needBody, until } from '../api/helpers.mjs';
import { seoul } from '../api/facilities-cast.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cluster = join(root, 'tests/pg/cluster.sh');
const dir = mkdtempSync(join(tmpdir(), 'bpmc-migrate-pg-'));
if (!process.env.BPMC_PG_FILES) process.env.BPMC_PG_FILES = join(dir, 'pgfiles');
execFileSync('mkdir', ['-p', process.env.BPMC_PG_FILES]);
let base = process.env.BPMC_TEST_PG;
let ownCluster = null;
let serial = 0;

before(() => {
  if (!base) {
    base = execFileSync(cluster, ['start'], { encoding: 'utf8' }).trim();
    ownCluster = new URL(base.replace(/^postgresql:/, 'http:')).searchParams.get('host');
  }
});
after(() => {
  if (ownCluster) execFileSync(cluster, ['stop', ownCluster]);
  rmSync(dir, { recursive: true, force: true });
});

/** A new, empty PostgreSQL database on the cluster: its URL and name. */
function newDatabase() {
  const name = `mig_${process.pid}_${++serial}`;
  execFileSync('psql', ['-X', '-q', base, '-c', `CREATE DATABASE ${name}`], { stdio: ['ignore', 'pipe', 'pipe'] });
  return { url: base.replace(/\/bpmc\?/, `/${name}?`), name };
}

const migrate = (args) => spawnSync(BIN, ['migrate-to-postgres', ...args], { encoding: 'utf8' });
const bpmcRun = (args) => spawnSync(BIN, args, { encoding: 'utf8' });

// The lists every module answers (GET /api/v1/<path> without a parameter in the path), except
// those whose answer is not the data's: search and matching's suggestions (no index on
// PostgreSQL yet, docs/postgresql.md "Search"), the server's own health and metrics, and the
// access log (it records the snapshot's own reads of personal data).
const NOT_DATA = /search|suggest|healthz|metrics|openapi|readyz|session$|events$|access-log/;
const body = (r) => ((r.headers.get('content-type') || '').includes('json') ? r.text : r.bytes.toString('base64'));

async function snapshot(srv, op, records) {
  const doc = (await srv.get('/api/v1/openapi.json')).json;
  const paths = Object.keys(doc.paths).filter((p) => doc.paths[p].get && !p.includes('{') && !NOT_DATA.test(p)).sort();
  assert.ok(paths.length >= 30, `lists: ${paths.join(' ')}`);
  const out = {};
  for (const p of paths) {
    const r = await srv.get(`${p.replace(/^\/api\/v1/, '/api/v1')}${p.includes('?') ? '&' : '?'}limit=200`, op);
    out[p] = { status: r.status, body: body(r) };
  }
  const answered = Object.values(out).filter((x) => x.status === 200 && /"items":\[\{/.test(x.body)).length;
  assert.ok(answered >= 25, `lists with rows: ${answered}`);
  for (const path of records) {
    const r = await srv.get(path, op);
    out[path] = { status: r.status, body: body(r), etag: r.headers.get('etag') };
  }
  return out;
}

test('a SQLite database with a write of every module, copied to PostgreSQL, answers the same there; the copy verifies; tampering is found', async () => {
  const src = join(dir, 'src.db');
  assert.equal(bpmcRun(['init', '--db', src, '--demo']).status, 0);
  addUser(src, { email: ADMIN.email, name: ADMIN.name, role: 'operator-admin' });
  const srv = await startServer({ db: src });
  let op, records, before;
  try {
    op = await srv.login();
    const created = async (path, body, opts) => {
      const r = await srv.post(path, body, op, opts);
      assert.equal(r.status, 201, `${path}: ${r.status} ${r.text}`);
      return r.json;
    };
    // directory, matching, collaboration (with 0101's partner_org_id on an action item),
    // facilities, lifecycle, program, platform (a file's bytes), accounts
    const org = await created('/api/v1/orgs', orgBody());
    const need = await created('/api/v1/needs', needBody(101));
    const person = await created('/api/v1/people', { org_id: 101, name: '이전 확인', visibility: 'public' });
    const cap = await created('/api/v1/capabilities', { org_id: 101, title: uniq('역량'), kind: 'expertise' });
    const collab = await created('/api/v1/collaborations', { title: '이전 협력', org_id: 101, partner_org_id: 102 });
    const item = await created('/api/v1/action-items', { title: '반출 신청', org_id: 101, collaboration_id: collab.id });
    const meeting = await created('/api/v1/meetings', { title: '내부 회의', org_id: 101, held_on: '2026-12-01', collaboration_id: collab.id });
    const res = (await srv.get('/api/v1/resources?limit=1', op)).json.items[0];
    const booking = await created('/api/v1/bookings', { resource_id: res.id, starts_at: seoul(7, 10), ends_at: seoul(7, 11), purpose: '이전 시험', org_id: 101 });
    const holiday = await created('/api/v1/holidays', { date: '2031-01-01', name_ko: '신정', name_en: "New Year's Day" });
    const support = await created('/api/v1/support-requests', { org_id: 101, title: uniq('이전 요청'), category: 'facilities', urgency: 'urgent' });
    const bytes = Buffer.from([0, 1, 2, 255, 254, 0x89, 0x50, 0x4e, 0x47, 10, 13, 0]);
    const file = await created('/api/v1/files?name=scan.bin&org_id=101&visibility=cluster', undefined, { body: bytes, headers: { 'content-type': 'application/octet-stream' } });
    const token = await created('/api/v1/api-tokens', { name: '이전 토큰', scope: 'read' });
    // an update and a delete, so versions and the audit chain have more than inserts
    const got = await srv.get(`/api/v1/needs/${need.id}`, op);
    assert.equal((await srv.patch(`/api/v1/needs/${need.id}`, { title: '고친 수요' }, op, got.headers.get('etag'))).status, 200);
    assert.equal((await srv.del(`/api/v1/capabilities/${cap.id}`, op, { headers: { 'if-match': (await srv.get(`/api/v1/capabilities/${cap.id}`, op)).headers.get('etag') } })).status, 204);
    records = [`/api/v1/orgs/${org.id}`, `/api/v1/needs/${need.id}`, `/api/v1/people/${person.id}`,
      `/api/v1/collaborations/${collab.id}`, `/api/v1/action-items/${item.id}`, `/api/v1/meetings/${meeting.id}`,
      `/api/v1/bookings/${booking.id}`, `/api/v1/holidays/${holiday.id}`, `/api/v1/support-requests/${support.id}`,
      `/api/v1/files/${file.id}`, `/api/v1/files/${file.id}/content`, `/api/v1/api-tokens/${token.id}`,
      `/api/v1/capabilities/${cap.id}`, '/api/v1/orgs/101', '/api/v1/me'];
    before = await snapshot(srv, op, records);
    assert.equal(before[`/api/v1/action-items/${item.id}`].status, 200);
    assert.equal(JSON.parse(before[`/api/v1/action-items/${item.id}`].body).partner_org_id, 102);
    assert.equal(before[`/api/v1/files/${file.id}/content`].body, bytes.toString('base64'));
  } finally {
    await srv.stop({ keepDir: true });
  }
  const srcAudit = Number(dbSql(src, 'SELECT count(*) FROM audit'));
  assert.ok(srcAudit >= 14, `audit rows: ${srcAudit}`);

  const target = newDatabase();
  const m = migrate(['--from', src, '--to', target.url]);
  assert.equal(m.status, 0, m.stderr + m.stdout);
  assert.equal(m.stderr, '');
  const tables = Number(/copied and verified: (\d+) tables, (\d+) rows/.exec(m.stdout)?.[1]);
  assert.ok(tables >= 50, m.stdout);
  assert.match(m.stdout, /^ {2}audit +\d+ rows {2}[0-9a-f]{16} = [0-9a-f]{16} {2}next id \d+$/m);
  assert.match(m.stdout, /uploaded files: 1 \(12 bytes\), each matching its sha256/);
  assert.match(m.stdout, new RegExp(`audit chain verified on the target: ${srcAudit} rows`));
  // search's index is made in the copy's transaction from every row the source indexed
  const srcIndexed = Number(dbSql(src, 'SELECT count(*) FROM search_rows'));
  assert.ok(srcIndexed > 0);
  assert.match(m.stdout, new RegExp(`search index: made from the rows, ${srcIndexed} rows indexed`));
  assert.equal(Number(dbSql(target.url, 'SELECT count(*) FROM search_rows')), srcIndexed);
  assert.equal(readFileSync(join(process.env.BPMC_PG_FILES, `${target.name}.audit-key`), 'utf8'), readFileSync(`${src}.audit-key`, 'utf8'));
  // ids kept, identities past them (and past SQLite's sequence)
  assert.equal(dbSql(target.url, 'SELECT max(id) FROM audit'), dbSql(src, 'SELECT max(id) FROM audit'));
  const orgSeq = Number(dbSql(src, "SELECT seq FROM sqlite_sequence WHERE name = 'orgs'"));
  assert.equal(Number(dbSql(target.url, "SELECT nextval(pg_get_serial_sequence('orgs', 'id'))")), orgSeq + 1);
  assert.equal(bpmcRun(['audit', 'verify', '--db', target.url]).status, 0);

  // a server on the copy answers the same lists and records, to the same (copied) session
  const pg = await startServer({ db: target.url });
  try {
    const afterSnap = await snapshot(pg, op, records);
    for (const k of Object.keys(before)) assert.deepEqual(afterSnap[k], before[k], k);
    // and takes writes, with ids after the copied ones
    const r = await pg.post('/api/v1/orgs', orgBody(), op);
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.id, orgSeq + 2); // (nextval above took one)
  } finally {
    await pg.stop();
  }
  const v = bpmcRun(['audit', 'verify', '--db', target.url]);
  assert.equal(v.status, 0, v.stderr);

  // a target that was used is refused, and left as it was
  const auditRows = dbSql(target.url, 'SELECT count(*) FROM audit');
  const again = migrate(['--from', src, '--to', target.url]);
  assert.equal(again.status, 1);
  assert.match(again.stderr, /is not empty \(audit \(\d+ rows\), users \(\d+ rows\), orgs \(\d+ rows\)\); nothing was copied\n$/);
  assert.equal(dbSql(target.url, 'SELECT count(*) FROM audit'), auditRows);

  // a fresh copy compares equal; tampered with, --verify names the table and audit verify the row
  const second = newDatabase();
  assert.equal(migrate(['--from', src, '--to', second.url]).status, 0);
  const same = migrate(['--from', src, '--to', second.url, '--verify']);
  assert.equal(same.status, 0, same.stderr);
  assert.match(same.stdout, /^the same: \d+ tables, \d+ rows/m);
  dbSql(second.url, "UPDATE people SET name = '바뀐 이름' WHERE id = (SELECT min(id) FROM people)");
  const found = migrate(['--from', src, '--to', second.url, '--verify']);
  assert.equal(found.status, 1);
  assert.match(found.stderr, /differs from .*: table people: the rows differ/);
  assert.match(found.stdout, /^ {2}people +\d+ rows {2}[0-9a-f]{16} ≠ [0-9a-f]{16}/m);
  dbSql(second.url, "UPDATE audit SET after = replace(after, '이전', '위조') WHERE id = (SELECT max(id) FROM audit WHERE after LIKE '%이전%')");
  const chain = bpmcRun(['audit', 'verify', '--db', second.url]);
  assert.equal(chain.status, 1);
  assert.match(chain.stderr, /chain broken at audit row \d+/);
  dbSql(second.url, 'DELETE FROM sessions');
  const fewer = migrate(['--from', src, '--to', second.url, '--verify']);
  assert.equal(fewer.status, 1);
  assert.match(fewer.stderr, /table (people|audit): /); // the first table that differs, in order
});

test('refusals change nothing: a source at another schema version, a source a writer holds', async () => {
  const src = join(dir, 'refuse.db');
  assert.equal(bpmcRun(['init', '--db', src, '--demo']).status, 0);
  const old = join(dir, 'old.db');
  copyFileSync(src, old);
  dbSql(old, 'PRAGMA user_version = 100');
  const target = newDatabase();
  const r = migrate(['--from', old, '--to', target.url]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /old\.db is at schema 100, this bpmc at \d+: run bpmc migrate --db on it first; nothing was copied\n$/);
  assert.equal(dbSql(target.url, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"), '0');
  assert.equal(existsSync(join(process.env.BPMC_PG_FILES, `${target.name}.audit-key`)), false);

  // a writer holding the file's lock (a transaction left open by another process)
  const holder = spawn('sqlite3', [src], { stdio: ['pipe', 'pipe', 'inherit'] });
  let said = '';
  holder.stdout.on('data', (d) => { said += d; });
  holder.stdin.write("BEGIN IMMEDIATE;\nINSERT INTO holidays(date, name_ko, name_en) VALUES ('2040-01-01', '시험', 'test');\nSELECT 'locked';\n");
  try {
    await until(() => said.includes('locked'), 'the sqlite3 shell holds the write lock');
    const locked = await new Promise((resolve) => {
      const p = spawn(BIN, ['migrate-to-postgres', '--from', src, '--to', target.url], { stdio: ['ignore', 'pipe', 'pipe'] });
      let err = '';
      p.stderr.on('data', (d) => { err += d; });
      p.on('exit', (code) => resolve({ code, err }));
    });
    assert.equal(locked.code, 1);
    assert.match(locked.err, /refuse\.db is locked by a writer \(a running bpmc serve\?\): stop it and run again; nothing was copied\n$/);
    assert.equal(dbSql(target.url, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"), '0');
  } finally {
    holder.stdin.end('ROLLBACK;\n');
    await new Promise((resolve) => holder.on('exit', resolve));
  }
  // usage
  assert.equal(migrate(['--from', src]).status, 2);
  assert.equal(migrate(['--from', src, '--to', join(dir, 'x.db')]).status, 2);
  // once the lock is gone the same target takes the copy
  const ok = migrate(['--from', src, '--to', target.url]);
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /^schema \d+ made in /m);
});
