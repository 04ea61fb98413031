// GET /api/v1/search with two common words: the pair tokens (docs/search.md "Pairs": on SQLite a
// row's meta holds "0p<a>x<b>" for two tags of the index's list whose words it holds, and a query
// whose two words each stand for such a tag ANDs it to its expression) must never take a row
// away from an answer: not one found through a word's prefix, nor through its parts written
// apart, nor through a synonym given to the tag after the index was made. Each case below is one
// where a pair ANDed wrongly would move the row out of its reading into the relaxed one (any of
// the words, ranked last) or out of the answer. Runs on SQLite and PostgreSQL (which keeps no
// pairs: the same answers; node tests/pg/run-api.mjs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, dbSql, bpmc, freshDatabase, addUser, orgBody, ADMIN, ON_PG } from './helpers.mjs';

const FIRST = 70000;
// the organisations written before the index is made (serve makes it from them, and the pairs'
// list from the three tags); all public but members
const ROWS = {
  both: [1, '착용기기 임상검증 협력 기관', '착용기기와 임상검증을 함께 합니다', '[]'],
  one: [2, '착용기기만 다루는 기관', '센서를 만듭니다', '[]'],
  prefix: [3, '검증 전문 기관', '임상검증 wearwidgetry 플랫폼', '[]'],
  tagged: [4, '태그 기관', '임상검증 서비스', '["pairwear"]'],
  apart: [5, '판독 기관', '영상 판독기 임상검증 서비스', '[]'],
  scan: [7, '영상판독기 기관', '영상판독기 임상검증 지원', '[]'],
  scattered: [9, '흩어진 기관', '착용 임상 검증 기기 판매', '[]'],
  members: [10, '회원 기관', '착용기기 임상검증 회원 전용', '[]'],
};
// then HIDDEN private ones with both words, and three public ones after them: an anonymous
// caller's ranking reads the first thousand matches and then reads on with their scope (and the
// pairs of the rows they may see)
const HIDDEN = 1200;
const AFTER = 80000;
const id = (name) => FIRST + ROWS[name][0];
let dir;
let srv;
let admin;
let late; // the organisation written after the tag got the synonym 손목밴드

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bpmc-pairs-'));
  const db = freshDatabase(dir);
  bpmc(['init', '--db', db]);
  dbSql(db, `
    INSERT INTO tags (slug, name_ko, name_en, synonyms) VALUES
      ('pairwear', '착용기기', 'wearwidget', '["착용센서","wearwidgets"]'),
      ('pairtrial', '임상검증', 'trialcheck', '["임상검증시험"]'),
      ('pairscan', '영상판독기', 'scanreader', '[]');
    INSERT INTO orgs (id, name, kind, fields, is_tenant, stage, employees, description, visibility, is_synthetic) VALUES
      ${Object.values(ROWS).map(([n, name, desc, fields]) => `(${FIRST + n}, '${name}', 'company', '${fields}', 0, 'rnd', 10, '${desc}', '${n === 10 ? 'cluster' : 'public'}', 1)`).join(',\n      ')};
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${HIDDEN + 3})
    INSERT INTO orgs (id, name, kind, fields, is_tenant, stage, employees, description, visibility, is_synthetic)
    SELECT ${AFTER} + i, '비공개 기관 ' || i, 'company', '[]', 0, 'rnd', 10, '착용기기 임상검증 과제 ' || i,
      CASE WHEN i <= ${HIDDEN} THEN 'private' ELSE 'public' END, 1 FROM n;`);
  addUser(db, { email: ADMIN.email, name: ADMIN.name, role: 'operator-admin' });
  srv = await startServer({ db });
  admin = await srv.login();
  // the tag gets a synonym after the index was made, and a row says it
  const tag = (await srv.get('/api/v1/tags?slug=pairwear', admin)).json.items[0];
  const g = await srv.get(`/api/v1/tags/${tag.id}`, admin);
  const p = await srv.patch(`/api/v1/tags/${tag.id}`, { synonyms: [...g.json.synonyms, '손목밴드'] }, admin, g.headers.get('etag'));
  assert.equal(p.status, 200, p.text);
  const c = await srv.post('/api/v1/orgs', orgBody({ description: '손목밴드 임상검증 연구' }), admin);
  assert.equal(c.status, 201, c.text);
  late = c.json.id;
});
after(async () => {
  if (srv) await srv.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// the organisations of an answer, in its order
async function orgs(q) {
  const r = await srv.get(`/api/v1/search?q=${encodeURIComponent(q)}&limit=50`);
  assert.equal(r.status, 200, r.text);
  return r.json.items.filter((i) => i.collection === 'orgs').map((i) => i.id);
}

test('the index holds a pair for the rows that hold both tags\' words, by the list made with it', { skip: ON_PG && 'PostgreSQL keeps no pairs' }, () => {
  const list = dbSql(srv.db, "SELECT tag || ':' || slug || ':' || term FROM search_pair_terms ORDER BY id").trim().split('\n');
  assert.deepEqual(list, ['0:pairwear:착용기기', '0:pairwear:wearwidget', '0:pairwear:착용센서', '0:pairwear:wearwidgets',
    '1:pairtrial:임상검증', '1:pairtrial:trialcheck', '1:pairtrial:임상검증시험',
    '2:pairscan:영상판독기', '2:pairscan:scanreader'], 'the synonym given later is not in the list');
  const df = dbSql(srv.db, "SELECT term || '=' || docs FROM search_df WHERE term LIKE '0p%' OR term LIKE '0q%' ORDER BY term").trim().split('\n');
  // 0 and 1: both, tagged (its description and its tag's names), prefix (wearwidgetry starts
  // with the tag's wearwidget: a prefix phrase of it matches), members and the hidden and public
  // ones after them; not late (손목밴드 came after the list); 1 and 2: scan, not apart. "0q":
  // the same of the rows anonymous callers may see (not members, nor the private ones).
  assert.deepEqual(df, [`0p0x1=${4 + HIDDEN + 3}`, '0p1x2=1', '0q0x1=6', '0q1x2=1']);
});

const behind = [1, 2, 3].map((i) => AFTER + HIDDEN + i);

test('a synonym given to a tag after the index was made finds its rows with the words', async () => {
  const found = await orgs('착용기기 임상검증');
  // the words as typed (the public ones behind the hidden found by the anonymous caller's scope
  // and the pairs of the rows they may see), then the new synonym, then either word
  assert.deepEqual(found.slice(0, 5).sort(), [id('both'), id('tagged'), ...behind].sort(), `both words first: ${found}`);
  assert.equal(found[5], late, `then the new synonym: ${found}`);
  assert.deepEqual(found.slice(6).sort(), [id('one'), id('prefix'), id('apart'), id('scan')].sort(), `then either: ${found}`);
  assert.ok(!found.includes(id('scattered')), 'syllables apart in another order are neither word');
});

test('the last word as a prefix finds a longer word that is none of the tag\'s', async () => {
  const found = await orgs('임상검증 wearwidget');
  // prefix holds 임상검증 and wearwidgetry: the words as typed, with tagged (the tag's English name)
  assert.deepEqual(found.slice(0, 2).sort(), [id('prefix'), id('tagged')].sort(), `${found}`);
  // then the tag's other names: both, late (손목밴드; 착용기기, in most rows, is too broad to stand
  // in for the word, docs/search.md); then either word as typed
  assert.deepEqual(found.slice(2, 4).sort(), [id('both'), late].sort(), `${found}`);
  assert.deepEqual(found.slice(4).sort(), [id('apart'), id('scan'), ...behind].sort(), `${found}`);
});

test('a rare word\'s parts written apart come right after the word itself', async () => {
  const found = await orgs('영상판독기 임상검증');
  assert.deepEqual(found.slice(0, 2), [id('scan'), id('apart')], `${found}`);
  assert.deepEqual(found.slice(2).sort(), [id('both'), id('prefix'), id('tagged'), ...behind, late].sort(), `then 임상검증 alone: ${found}`);
});
