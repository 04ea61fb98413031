// The audit checkpoint file (issue #10 item 7) is compacted so it does not grow forever: the
// first checkpoint (the seal of rows from before the key), the newest, every one of the last
// hour, then the newest of each minute up to a day, of each hour up to 30 days, of each day
// beyond. The server does it every 1 024 lines, `bpmc audit compact-checkpoints` on demand; the
// file is rewritten whole (renamed over), and `bpmc audit verify` still passes after it and
// still finds edits, deletions and truncation. History is made by signing backdated
// checkpoints with the key file's signing key, as the server would have written them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createPrivateKey, sign } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, rmSync, mkdtempSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { tmpdir } from 'node:os';
import { startServer, BIN, orgBody, dbSql, dbFile, copyDatabase } from './helpers.mjs';

let srv, dir, rows, realLines;
before(async () => {
  srv = await startServer();
  const op = await srv.login();
  for (let i = 0; i < 4; i++) {
    const r = await srv.post('/api/v1/orgs', orgBody({ name: `압축 기관 ${i}` }), op);
    assert.equal(r.status, 201, r.text);
  }
  await srv.stop({ keepDir: true });
  dir = mkdtempSync(join(tmpdir(), 'bpmc-cp-'));
  rows = sql(srv.db, 'SELECT id, hash FROM audit ORDER BY id').split('\n').map((l) => {
    const [id, hash] = l.split('|');
    return { id: Number(id), hash };
  });
  realLines = readFileSync(dbFile(srv.db) + '.audit-checkpoints', 'utf8').trim().split('\n');
});
after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  if (srv?.dir) rmSync(srv.dir, { recursive: true, force: true });
});

const sql = dbSql;
const run = (args) => {
  const r = spawnSync(BIN, args, { encoding: 'utf8' });
  return { code: r.status, out: r.stdout + r.stderr };
};

let copies = 0;
const copy = () => copyDatabase(srv.db, dir, `c${copies++}.db`);

/** A checkpoint line of (id, hash) made at `at`, signed with db's key as the server signs. */
function signer(db) {
  const seed = Buffer.from(/^sign ([0-9a-f]{64})$/m.exec(readFileSync(dbFile(db) + '.audit-key', 'utf8'))[1], 'hex');
  const key = createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]), format: 'der', type: 'pkcs8' });
  return ({ id, hash }, at) => {
    const sig = sign(null, Buffer.from(`bpmc-audit-checkpoint 1 ${id} ${hash} ${at}`), key).toString('hex');
    return `${id} ${hash} ${at} ${sig}`;
  };
}

const ago = (s) => new Date(Date.now() - s * 1000).toISOString();
const H = 3600, D = 24 * H;

/**
 * A history of backdated checkpoints before the real ones, each marked whether compaction keeps
 * it: {line, keep}. Ids rise through the file as they would.
 */
function history(db) {
  const line = signer(db);
  const plan = [];
  // older than 30 days: the newest of each day (and the very first line, the seal)
  for (const d of [40, 39, 38, 36, 35]) {
    const midnight = Math.floor((Date.now() - d * D * 1000) / (D * 1000)) * D * 1000;
    for (const h of [1, 2, 3]) plan.push({ at: new Date(midnight + h * H * 1000).toISOString(), keep: h === 3 });
  }
  plan[0].keep = true;
  // up to 30 days: the newest of each hour
  for (const d of [20, 10, 2]) {
    const base = Math.floor((Date.now() - d * D * 1000) / (H * 1000)) * H * 1000; // an hour's start
    for (const [min, keep] of [[10, false], [20, true]]) plan.push({ at: new Date(base - H * 1000 + min * 60000).toISOString(), keep });
    plan.push({ at: new Date(base + 30 * 60000).toISOString(), keep: true });
  }
  // up to a day: the newest of each minute
  for (const minutesAgo of [4 * 60, 3 * 60]) {
    const base = Math.floor((Date.now() - minutesAgo * 60000) / 60000) * 60000;
    for (let s = 1; s <= 5; s++) plan.push({ at: new Date(base + s * 1000).toISOString(), keep: s === 5 });
  }
  // the last hour: every one
  for (let s = 4; s >= 1; s--) plan.push({ at: ago(10 * 60 + s), keep: true });
  return plan.map((p, i) => ({ line: line(rows[Math.floor((i * rows.length) / (plan.length + 1))], p.at), keep: p.keep }));
}

test('compact-checkpoints keeps the first, the newest, the last hour and the newest of each minute, hour and day', () => {
  const db = copy();
  const plan = history(db);
  const all = [...plan.map((p) => p.line), ...realLines];
  writeFileSync(dbFile(db) + '.audit-checkpoints', all.join('\n') + '\n');
  const okBefore = run(['audit', 'verify', '--db', db]);
  assert.equal(okBefore.code, 0, okBefore.out);

  const c = run(['audit', 'compact-checkpoints', '--db', db]);
  assert.equal(c.code, 0, c.out);
  const expected = [...plan.filter((p) => p.keep).map((p) => p.line), ...realLines];
  assert.match(c.out, new RegExp(`compacted: ${expected.length} of ${all.length} kept`));
  const kept = readFileSync(dbFile(db) + '.audit-checkpoints', 'utf8').trim().split('\n');
  assert.deepEqual(kept, expected, 'kept verbatim, in order');
  assert.ok(!readdirSync(dirname(dbFile(db))).some((f) => f.endsWith('.compacting')), 'no temporary file left');

  const v = run(['audit', 'verify', '--db', db]);
  assert.equal(v.code, 0, v.out);
  assert.match(v.out, new RegExp(`${expected.length} checkpoints, the last at row ${rows.at(-1).id};`));
  // again: nothing more to drop
  assert.match(run(['audit', 'compact-checkpoints', '--db', db]).out, new RegExp(`compacted: ${expected.length} of ${expected.length} kept`));
});

test('after compaction verify still finds an edited row, a deleted one and the last rows removed', () => {
  const compacted = () => {
    const db = copy();
    writeFileSync(dbFile(db) + '.audit-checkpoints', [...history(db).map((p) => p.line), ...realLines].join('\n') + '\n');
    assert.equal(run(['audit', 'compact-checkpoints', '--db', db]).code, 0);
    return db;
  };
  const last = rows.at(-1).id;
  let db = compacted();
  sql(db, `UPDATE audit SET after='{}' WHERE id=${last - 3}`);
  let v = run(['audit', 'verify', '--db', db]);
  assert.equal(v.code, 1, v.out);
  assert.match(v.out, new RegExp(`chain broken at audit row ${last - 3} `));

  db = compacted();
  sql(db, `DELETE FROM audit WHERE id=${last - 5}`);
  v = run(['audit', 'verify', '--db', db]);
  assert.equal(v.code, 1, v.out);
  assert.match(v.out, new RegExp(`chain broken at audit row ${last - 4} `));

  db = compacted();
  sql(db, `DELETE FROM audit WHERE id > ${last - 2}`);
  v = run(['audit', 'verify', '--db', db]);
  assert.equal(v.code, 1, v.out);
  assert.match(v.out, new RegExp(`the audit log ends at row ${last - 2} but a checkpoint recorded row ${last}`));
});

test('the server compacts the file by itself once it has grown by 1 024 lines', async () => {
  const db = copy();
  const line = signer(db);
  const midnight = Math.floor((Date.now() - 50 * D * 1000) / (D * 1000)) * D * 1000;
  const old = Array.from({ length: 1100 }, (_, i) =>
    line(rows[Math.floor((i * (rows.length - 1)) / 1100)], new Date(midnight + (600 + i) * 1000).toISOString()));
  writeFileSync(dbFile(db) + '.audit-checkpoints', [...old, ...realLines].join('\n') + '\n');
  const s2 = await startServer({ db });
  try {
    const op = await s2.login();
    assert.equal((await s2.post('/api/v1/orgs', orgBody({ name: '압축 뒤 기관' }), op)).status, 201);
  } finally {
    await s2.stop();
  }
  const kept = readFileSync(dbFile(db) + '.audit-checkpoints', 'utf8').trim().split('\n');
  // 1 100 lines of one day 50 days ago: the first and the day's newest stay, then the real ones
  // and those the sign-in and the write added
  assert.deepEqual(kept.slice(0, 2), [old[0], old.at(-1)]);
  assert.deepEqual(kept.slice(2, 2 + realLines.length), realLines);
  assert.ok(kept.length < 2 + realLines.length + 5, `${kept.length} lines`);
  const v = run(['audit', 'verify', '--db', db]);
  assert.equal(v.code, 0, v.out);
});
