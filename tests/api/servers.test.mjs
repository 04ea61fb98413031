// Several servers on one database (several `bpmc serve` on one SQLite file, or on one PostgreSQL
// database with BPMC_TEST_DB=postgres: tests/pg/run-api.mjs): what one commits, the others'
// answer caches learn (db_data_version), and the state kept in tables (sessions, sign-out,
// idempotency keys, the login throttle) holds across them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, orgBody, uniq, until, dbSql, ON_PG } from './helpers.mjs';

let a, b, sa, sb;
// Each loop looks at the data version before every cached read (BPMC_CACHE_POLL_MS=0; by default
// every 20 ms): what a commit answered before a read begins is then in that read's answer, exactly.
// One event loop each: a loop has a cache of its own, and /metrics counts them all.
const opts = { env: { BPMC_CACHE_POLL_MS: '0' }, extraArgs: ['--threads', '1'] };

before(async () => {
  a = await startServer(opts);
  b = await startServer({ db: a.db, ...opts });
});
// signed in on each server when a test first needs it (the anonymous test needs no accounts)
async function signIn() {
  sa ??= await a.login();
  sb ??= await b.login();
}
after(async () => {
  await b?.stop();
  await a?.stop();
});

test("a server's cached list learns of another server's commit", async () => {
  await signIn();
  const path = '/api/v1/orgs?sort=-id&limit=5';
  const first = await b.get(path, sb);
  assert.equal(first.status, 200, first.text);
  const again = await b.get(path, sb); // now from b's answer cache
  assert.equal(again.text, first.text);
  const made = await a.post('/api/v1/orgs', orgBody(), sa);
  assert.equal(made.status, 201, made.text);
  // b's cache is keyed by the data version: the commit on a changes it, so b reads again
  const seen = await until(async () => {
    const r = await b.get(path, sb);
    return r.json.items[0].id === made.json.id && r;
  }, "b's list showing a's new organisation");
  assert.equal(seen.json.items[0].name, made.json.name);
});

async function cacheFigures(s) {
  const r = await s.get('/metrics');
  assert.equal(r.status, 200, r.text);
  const get = (name) => Number(r.text.match(new RegExp(`^${name} (\\d+)$`, 'm'))[1]);
  return { hits: get('bpmc_answer_cache_hits_total'), misses: get('bpmc_answer_cache_misses_total') };
}

test("a write answered by one server is in the other server's next cached read, at once", async () => {
  await signIn();
  const path = '/api/v1/orgs?sort=-id&limit=4';
  const first = await b.get(path, sb);
  assert.equal(first.status, 200, first.text);
  const before = await cacheFigures(b);
  const again = await b.get(path, sb);
  assert.equal(again.text, first.text);
  const warm = await cacheFigures(b);
  assert.ok(warm.hits > before.hits && warm.misses === before.misses, `the second read came from the cache: ${JSON.stringify({ before, warm })}`);
  const made = await a.post('/api/v1/orgs', orgBody(), sa);
  assert.equal(made.status, 201, made.text);
  // no waiting: a's commit moved the data version before its 201 was sent
  const seen = await b.get(path, sb);
  assert.equal(seen.status, 200, seen.text);
  assert.equal(seen.json.items[0].id, made.json.id);
  assert.equal(seen.json.items[0].name, made.json.name);
  const after = await cacheFigures(b);
  assert.equal(after.hits, warm.hits, 'the read after the write was not answered from the cache');
  assert.ok(after.misses > warm.misses, JSON.stringify({ warm, after }));
});

test("a commit from outside bpmc (psql, sqlite3) reaches every server's cached answers", async () => {
  const path = '/api/v1/orgs?sort=-id&limit=3'; // anonymous: public rows
  const first = await b.get(path);
  assert.equal(first.status, 200, first.text);
  assert.equal((await a.get(path)).text, first.text);
  const name = uniq('바깥에서 넣은 기관');
  const sql = `INSERT INTO orgs (name, kind, visibility) VALUES ('${name}', 'company', 'public')`;
  if (ON_PG) {
    // PostgreSQL: a change by hand does not move the database's data version (only bpmc's own
    // transactions raise it): the caches keep their answers until the operator raises it, as
    // docs/postgresql.md says, or bpmc next writes
    dbSql(a.db, sql, { bump: false });
    assert.equal((await b.get(path)).text, first.text, "b's cached answer, the hand edit not raised");
    dbSql(a.db, 'UPDATE bpmc_data_version SET version = version + 1', { bump: false });
  } else {
    dbSql(a.db, sql); // SQLite's data_version moves with any connection's commit
  }
  for (const s of [a, b]) {
    const r = await s.get(path);
    assert.equal(r.json.items[0].name, name, `${s.base} listing the row another program committed`);
    assert.equal(r.json.items[0].kind, 'company');
  }
});

test("a write in another database (on PostgreSQL: of the same cluster) leaves this one's cache warm", async () => {
  const path = '/api/v1/orgs?sort=-id&limit=6'; // anonymous
  const first = await a.get(path);
  assert.equal(first.status, 200, first.text);
  const neighbour = await startServer(opts);
  try {
    const sn = await neighbour.login();
    const warm = await cacheFigures(a);
    for (let i = 0; i < 5; i++) {
      const made = await neighbour.post('/api/v1/orgs', orgBody(), sn);
      assert.equal(made.status, 201, made.text);
    }
    dbSql(neighbour.db, `INSERT INTO orgs (name, kind, visibility) VALUES ('${uniq('이웃 기관')}', 'company', 'public')`);
    for (let i = 0; i < 3; i++) assert.equal((await a.get(path)).text, first.text);
    const after = await cacheFigures(a);
    assert.deepEqual(after, { hits: warm.hits + 3, misses: warm.misses }, 'every read came from the cache');
  } finally {
    await neighbour.stop();
  }
});

test('a change on one server is the row every server answers, with its ETag', async () => {
  await signIn();
  const made = await a.post('/api/v1/orgs', orgBody(), sa);
  assert.equal(made.status, 201, made.text);
  const path = new URL(made.headers.get('location'), a.base).pathname;
  assert.equal((await b.get(path, sb)).headers.get('etag'), '"1"');
  const p = await b.patch(path, { name: uniq('다른 서버 수정') }, sb, '"1"');
  assert.equal(p.status, 200, p.text);
  const g = await until(async () => {
    const r = await a.get(path, sa);
    return r.headers.get('etag') === '"2"' && r;
  }, "a answering b's change");
  assert.equal(g.json.name, p.json.name);
  assert.equal((await a.patch(path, { name: 'stale' }, sa, '"1"')).status, 412);
});

test('a session made on one server signs in on the other, and signing out ends it on both', async () => {
  await signIn();
  const s = await a.login();
  const onB = await b.get('/api/v1/session', s);
  assert.equal(onB.status, 200, onB.text);
  assert.equal(onB.json.user.email, s.user.email);
  const out = await b.req('/api/v1/session', { method: 'DELETE', session: s });
  assert.equal(out.status, 204, out.text);
  assert.equal((await a.get('/api/v1/session', s)).status, 401);
});

test('an Idempotency-Key used on one server replays on the other and creates one row', async () => {
  await signIn();
  const key = uniq('idem-servers');
  const body = orgBody();
  const total = await a.total('orgs', sa);
  const first = await a.post('/api/v1/orgs', body, sa, { headers: { 'idempotency-key': key } });
  assert.equal(first.status, 201, first.text);
  const retry = await b.post('/api/v1/orgs', body, sb, { headers: { 'idempotency-key': key } });
  assert.equal(retry.status, 201, retry.text);
  assert.equal(retry.headers.get('location'), first.headers.get('location'));
  assert.deepEqual(retry.json, first.json);
  assert.equal(await a.total('orgs', sa), total + 1);
});

test('failed sign-ins count on every server: the fifth, on the other server, locks the account', async () => {
  const victim = a.addUser({ email: `${uniq('locked')}@bpmc.test`, name: '잠김', role: 'org-member', org: 101 });
  const login = (s, password) => s.post('/api/v1/session', { email: victim.email, password });
  for (let i = 0; i < 4; i++) assert.equal((await login(i % 2 ? b : a, `Wrong-pass-${i}`)).status, 401);
  const fifth = await login(b, 'Wrong-pass-5');
  assert.equal(fifth.status, 429, fifth.text);
  assert.ok(Number(fifth.headers.get('retry-after')) > 0);
  assert.equal((await login(a, victim.password)).status, 429); // locked on a too, right password or not
});
