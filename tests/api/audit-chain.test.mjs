// Issue #10 item 7: the audit chain is keyed with a secret outside the database file and its
// head is signed into checkpoints outside it too. One who can write the database but not read
// the key edits, deletes or truncates rows and recomputes the hashes as the old plain SHA-256
// chain did: `bpmc audit verify` finds each. And a database from before the key keeps its rows,
// sealed by the first checkpoint (docs/privacy.md).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, rmSync, mkdtempSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { startServer, bpmc, BIN, orgBody, dbSql, dbFile, copyDatabase, ON_PG } from './helpers.mjs';

let srv, dir;
before(async () => {
  srv = await startServer();
  const op = await srv.login();
  for (let i = 0; i < 6; i++) {
    const r = await srv.post('/api/v1/orgs', orgBody({ name: `감사 기관 ${i}` }), op);
    assert.equal(r.status, 201, r.text);
  }
  await srv.stop({ keepDir: true });
  dir = mkdtempSync(join(tmpdir(), 'bpmc-audit-'));
});
after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  if (srv?.dir) rmSync(srv.dir, { recursive: true, force: true });
});

const sql = dbSql;

/* A copy of the database with its key and checkpoints, as an attacker's starting point. */
let copies = 0;
const copy = () => copyDatabase(srv.db, dir, `c${copies++}.db`);

function verify(db, env = {}) {
  const r = spawnSync(BIN, ['audit', 'verify', '--db', db], { encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: r.status, out: r.stdout + r.stderr };
}

/* The plain SHA-256 row hash the chain used before the key (all an attacker can compute). */
function plainHash(prev, row) {
  const h = createHash('sha256');
  const feed = (v) => { const b = Buffer.from(v ?? '', 'utf8'); h.update(`${b.length}:`); h.update(b); };
  feed(prev); feed(String(row.id)); feed(String(row.actor_id ?? 0)); feed(row.action); feed(row.collection);
  feed(String(row.row_id ?? 0)); feed(row.before); feed(row.after); feed(row.created_at);
  return h.digest('hex');
}

/* Recompute every hash from the first row, as the attacker would, and write them back. */
function recompute(db) {
  const fields = "'id',id,'actor_id',actor_id,'action',action,'collection',collection,'row_id',row_id,'before',before,'after',after,'created_at',created_at";
  const rows = JSON.parse(sql(db, ON_PG
    ? `SELECT coalesce(json_agg(json_build_object(${fields}) ORDER BY id), '[]') FROM audit`
    : `SELECT json_group_array(json_object(${fields})) FROM (SELECT * FROM audit ORDER BY id)`));
  let prev = '0'.repeat(64);
  const updates = [];
  for (const row of rows) {
    const hash = plainHash(prev, row);
    updates.push(`UPDATE audit SET prev_hash='${prev}', hash='${hash}' WHERE id=${row.id};`);
    prev = hash;
  }
  sql(db, `BEGIN; ${updates.join(' ')} COMMIT;`);
  return rows.length;
}

test('init makes the key file beside the database (0600) and the server signs checkpoints of the head; verify says ok', () => {
  assert.ok(existsSync(dbFile(srv.db) + '.audit-key'));
  assert.equal(statSync(dbFile(srv.db) + '.audit-key').mode & 0o777, 0o600);
  const key = readFileSync(dbFile(srv.db) + '.audit-key', 'utf8');
  assert.match(key, /^bpmc-audit-key 1\n/);
  const last = Number(sql(srv.db, 'SELECT max(id) FROM audit'));
  const cps = readFileSync(dbFile(srv.db) + '.audit-checkpoints', 'utf8').trim().split('\n');
  assert.equal(Number(cps.at(-1).split(' ')[0]), last, 'the last checkpoint is the head');
  const v = verify(copy());
  assert.equal(v.code, 0, v.out);
  assert.match(v.out, new RegExp(`audit chain ok \\(${last} rows\\); \\d+ checkpoints, the last at row ${last}; 0 rows from before the key`));
});

test('an edited row, its hashes recomputed without the key, is found', () => {
  const db = copy();
  sql(db, "UPDATE audit SET after=replace(after, '감사 기관 2', '다른 기관') WHERE id=(SELECT min(id)+3 FROM audit)");
  recompute(db);
  const v = verify(db);
  assert.equal(v.code, 1, v.out);
  assert.match(v.out, /chain broken at audit row 1 /); // the first keyed row no longer matches
  // edited without recomputing: found at that row
  const db2 = copy();
  const id = Number(sql(db2, 'SELECT min(id)+3 FROM audit'));
  sql(db2, `UPDATE audit SET after='{}' WHERE id=${id}`);
  assert.match(verify(db2).out, new RegExp(`chain broken at audit row ${id} .*edited`));
});

test('a deleted row in the middle is found, recomputed or not', () => {
  const db = copy();
  const id = Number(sql(db, 'SELECT min(id)+2 FROM audit'));
  sql(db, `DELETE FROM audit WHERE id=${id}`);
  const v = verify(db);
  assert.equal(v.code, 1, v.out);
  assert.match(v.out, new RegExp(`chain broken at audit row ${id + 1} `));
  recompute(db);
  assert.equal(verify(db).code, 1);
});

test('the last rows truncated are found through the checkpoint, recomputed or not', () => {
  const db = copy();
  const last = Number(sql(db, 'SELECT max(id) FROM audit'));
  sql(db, `DELETE FROM audit WHERE id > ${last - 2}`);
  const v = verify(db);
  assert.equal(v.code, 1, v.out);
  assert.match(v.out, new RegExp(`the audit log ends at row ${last - 2} but a checkpoint recorded row ${last}: rows were removed from its end`));
  recompute(db);
  assert.equal(verify(db).code, 1);
  // a forged checkpoint line (not signed by the key) is refused
  const db2 = copy();
  execFileSync('sh', ['-c', `echo "${last - 2} ${'a'.repeat(64)} 2026-01-01T00:00:00.000Z ${'b'.repeat(128)}" >> ${dbFile(db2)}.audit-checkpoints`]);
  assert.match(verify(db2).out, /is not signed by this key/);
});

test('without the key file verify refuses to say ok; --audit-key elsewhere (BPMC_AUDIT_KEY) is honoured', () => {
  const db = copy();
  const moved = join(dir, 'elsewhere.key');
  copyFileSync(dbFile(db) + '.audit-key', moved);
  rmSync(dbFile(db) + '.audit-key');
  const v = verify(db);
  assert.equal(v.code, 1, v.out);
  assert.match(v.out, /the audit key .* is missing/);
  const w = verify(db, { BPMC_AUDIT_KEY: moved });
  assert.equal(w.code, 0, w.out);
});

test('a database from before the key: its rows stay (plain SHA-256), the first start (or write) makes the key and a checkpoint sealing them; a later edit of them is found', async () => {
  // the state of a database written by the previous release: plain hashes, no key, no checkpoints
  const db = copy();
  const n = recompute(db);
  rmSync(dbFile(db) + '.audit-key');
  rmSync(dbFile(db) + '.audit-checkpoints');
  assert.match(verify(db).out, /the audit key .* is missing/);
  const up = await startServer({ db });
  const op = await up.login();
  const r = await up.post('/api/v1/orgs', orgBody({ name: '업그레이드 후 기관' }), op);
  assert.equal(r.status, 201, r.text);
  await up.stop();
  assert.match(readFileSync(dbFile(db) + '.audit-key', 'utf8'), new RegExp(`\\nlegacy ${n}\\n`));
  const v = verify(db);
  assert.equal(v.code, 0, v.out);
  assert.match(v.out, new RegExp(`; ${n} rows from before the key\n`));
  // the legacy rows edited and the whole chain recomputed without the key: found
  const bad = copyDatabase(db, dir, 'legacy-bad.db');
  sql(bad, "UPDATE audit SET after='{}' WHERE id=2");
  recompute(bad);
  assert.equal(verify(bad).code, 1);
  // only the legacy rows recomputed (the keyed ones left as they are): found at the first keyed row or the checkpoint
  const bad2 = copyDatabase(db, dir, 'legacy-bad2.db');
  sql(bad2, `DELETE FROM audit WHERE id > ${n}`);
  sql(bad2, "UPDATE audit SET after='{}' WHERE id=2");
  recompute(bad2);
  assert.match(verify(bad2).out, /chain broken/);
});
