// The answer cache holds its byte bound (LIMIT_CACHE_BYTES a loop): distinct list pages past it
// are evicted, never kept, and /metrics shows the cache's bytes, entries and evictions.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './helpers.mjs';

let srv;
before(async () => {
  // its floods of anonymous reads are the cache's load, not an attack: no per-address rate. On
  // PostgreSQL its database sits on the shared test cluster, whose other databases the other test
  // files write meanwhile: their commits do not move this database's data version
  // (bpmc_data_version, docs/postgresql.md), so they leave the cache as it is.
  srv = await startServer({ admin: false, extraArgs: ['--threads', '1', '--anonymous-rate', '0'] });
});
after(async () => {
  if (srv) await srv.stop();
});

async function figures() {
  const r = await srv.get('/metrics');
  assert.equal(r.status, 200);
  const get = (name) => {
    const m = r.text.match(new RegExp(`^${name} (\\d+)$`, 'm'));
    assert.ok(m, `/metrics has no ${name}`);
    return Number(m[1]);
  };
  return {
    bytes: get('bpmc_answer_cache_bytes'),
    max: get('bpmc_answer_cache_max_bytes'),
    entries: get('bpmc_answer_cache_entries'),
    maxEntries: get('bpmc_answer_cache_max_entries'),
    hits: get('bpmc_answer_cache_hits_total'),
    evictions: get('bpmc_answer_cache_evictions_total'),
  };
}

// The first page of the orgs, under a distinct URL each time: every id is past -n.
const page = (n) => `/api/v1/orgs?sort=id&limit=200&cursor=${Buffer.from(`[-${n}]`).toString('base64url')}`;

test('/metrics shows the answer cache and its bounds', async () => {
  const f = await figures();
  assert.ok(f.max > 0 && f.maxEntries > 0, JSON.stringify(f));
  assert.ok(f.bytes <= f.max && f.entries <= f.maxEntries, JSON.stringify(f));
});

test('distinct list pages beyond the byte bound are evicted; the bytes stay within it', async () => {
  const one = await srv.get(page(1));
  assert.equal(one.status, 200);
  const size = one.bytes.length;
  assert.ok(size > 10000, `a 200-row page of the demo is ${size} bytes`);
  const start = await figures();
  const n = Math.ceil((start.max / size) * 1.5); // half as many again as fit
  for (let i = 2; i <= n; i += 8) {
    const batch = [];
    for (let j = i; j < i + 8 && j <= n; j++) batch.push(srv.get(page(j)));
    for (const r of await Promise.all(batch)) assert.equal(r.status, 200);
  }
  const f = await figures();
  assert.ok(f.bytes <= f.max, `cache holds ${f.bytes} bytes, more than its bound ${f.max}`);
  assert.ok(f.bytes >= f.max / 2, `cache holds only ${f.bytes} of ${f.max} bytes`);
  assert.ok(f.entries <= f.maxEntries);
  assert.ok(f.evictions > start.evictions, `no evictions: ${JSON.stringify(f)}`);
  // the newest page is still an answer from the cache
  const again = await srv.get(page(n));
  assert.equal(again.status, 200);
  assert.ok((await figures()).hits > f.hits, 'the page just cached was not served from the cache');
});
