#!/usr/bin/env node
// Search-quality test of bpmc over three judged sets:
//  - "demo": tests/search/queries.json against a fresh demo database (ids of the demo data);
//  - "second": tests/search/second/ (corpus.mjs, queries.mjs), a cluster written apart from the
//    demo, loaded into a fresh empty database through the API; judgments name rows by ref;
//  - "third": tests/search/third/, the same way: another cluster, written and judged before the
//    search was tuned on it (the check that tuning on the first two generalises).
// Every query runs as the operator (GET /api/v1/search?q=&limit=10) and is scored against its
// graded judgments: nDCG@10 (gain 2^grade - 1, log2 discount), recall@10 (share of the grade >= 1
// rows in the top 10) and MRR (1 / rank of the first grade >= 1 row). The same queries also run
// through two baselines computed here on the same rows: BM25 over Hangul bigrams plus Latin words
// (bm25-bigram, in JS) and SQLite FTS5's trigram tokenizer (fts5-trigram, through the sqlite3
// command-line shell; skipped when it is missing). It also scores explained matching
// (tests/search/matching.mjs: needs → capabilities and capabilities → needs, nDCG@5) on the same
// two databases. The tool prints per-category means for each set and engine, the worst queries
// and cases, and holds EVERY judged case (each query of each set, each matching case) to the
// highest score the committed history of tests/search/baseline.json gives it (gate.mjs): it FAILS
// when one is lower by more than gate.TOLERANCE and docs/search.md ("Lowered judged cases") does
// not name it with a reason. `--update-baseline` writes the scores of now, and refuses to when a
// case is lower than before without such an entry.
//
//   node tests/search/run.mjs [--update-baseline] [--verbose]
//
// Needs build/bpmc (make -s NO_WEB=1) or BPMC_BIN; Node 18+, no npm dependencies.
// The last line is always `search quality: N passed, M failed`; the exit status is 0 only if it passed.
import { readFileSync, writeFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../api/helpers.mjs';
import * as secondCorpus from './second/corpus.mjs';
import * as thirdCorpus from './third/corpus.mjs';
import { queries as secondQueries, categories as secondCategories } from './second/queries.mjs';
import { queries as thirdQueries, categories as thirdCategories } from './third/queries.mjs';
import { demoNeeds, demoCapabilities, secondNeeds, secondCapabilities } from './matching.mjs';
import { reference, loweredEntries, judge, baselineText, TOLERANCE } from './gate.mjs';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const QUERIES = HERE + 'queries.json';
const BASELINE = HERE + 'baseline.json';
const K = 10;
const MATCH_K = 5;
const LANGS = ['ko', 'en', 'mixed'];
const COLLECTIONS = ['orgs', 'people', 'tags', 'capabilities', 'needs'];
const TITLE_FIELD = { orgs: 'name', people: 'name', tags: 'name_ko', capabilities: 'title', needs: 'title', files: 'name', resources: 'name' };
// The text a baseline indexes for a row: what bpmc's index holds (the F_SEARCH text fields and
// lists, the organisation's names, the fields' names), as plain text.
const TEXT_FIELDS = {
  orgs: ['name', 'name_en', 'aliases', 'address', 'description'],
  people: ['name', 'name_en', 'title', 'department'],
  tags: ['slug', 'name_ko', 'name_en', 'synonyms'],
  capabilities: ['title', 'title_en', 'description'],
  needs: ['title', 'description'],
  resources: ['name', 'location', 'description'],
};

const args = new Set(process.argv.slice(2));
const UPDATE = args.has('--update-baseline');
const VERBOSE = args.has('--verbose') || args.has('-v');
for (const a of args) {
  if (!['--update-baseline', '--verbose', '-v'].includes(a)) {
    console.error(`unknown argument ${a}; usage: node tests/search/run.mjs [--update-baseline] [--verbose]`);
    console.log('search quality: 0 passed, 1 failed');
    process.exit(2);
  }
}

const key = (collection, id) => `${collection}:${id}`;

/** Check queries.json: every query has text, a known lang and at least one grade >= 1 judgment. */
function loadDemoQueries() {
  const data = JSON.parse(readFileSync(QUERIES, 'utf8'));
  const qs = data.queries;
  if (!Array.isArray(qs) || qs.length === 0) throw new Error(`${QUERIES}: no queries`);
  for (const q of qs) {
    if (!LANGS.includes(q.lang)) throw new Error(`query ${JSON.stringify(q.q)}: lang must be one of ${LANGS.join(', ')}`);
    q.category = q.lang;
  }
  checkQueries(qs, (j) => Number.isInteger(j.id));
  return qs;
}

function checkQueries(qs, idOk) {
  const seen = new Set();
  for (const q of qs) {
    if (typeof q.q !== 'string' || !q.q.trim()) throw new Error(`a query without text: ${JSON.stringify(q)}`);
    if (seen.has(q.q)) throw new Error(`query ${JSON.stringify(q.q)} appears twice`);
    seen.add(q.q);
    if (!Array.isArray(q.judgments) || !q.judgments.some((j) => j.grade >= 1)) {
      throw new Error(`query ${JSON.stringify(q.q)}: no judgment with grade >= 1`);
    }
    const keys = new Set();
    for (const j of q.judgments) {
      if (!TITLE_FIELD[j.collection] || !idOk(j) || ![0, 1, 2, 3].includes(j.grade)) {
        throw new Error(`query ${JSON.stringify(q.q)}: bad judgment ${JSON.stringify(j)}`);
      }
      const k = key(j.collection, j.id ?? j.ref);
      if (keys.has(k)) throw new Error(`query ${JSON.stringify(q.q)}: ${k} judged twice`);
      keys.add(k);
    }
  }
}

/** nDCG@k, recall@k and reciprocal rank of one ranked answer against the judgments. */
export function score(items, judgments, k = K) {
  const grade = new Map(judgments.map((j) => [key(j.collection, j.id), j.grade]));
  const top = items.slice(0, k);
  let dcg = 0, rr = 0;
  top.forEach((it, i) => {
    const g = grade.get(key(it.collection, it.id)) || 0;
    dcg += (2 ** g - 1) / Math.log2(i + 2);
    if (g >= 1 && rr === 0) rr = 1 / (i + 1);
  });
  const ideal = judgments.map((j) => j.grade).filter((g) => g > 0).sort((a, b) => b - a).slice(0, k);
  const idcg = ideal.reduce((s, g, i) => s + (2 ** g - 1) / Math.log2(i + 2), 0);
  const relevant = judgments.filter((j) => j.grade >= 1);
  const found = new Set(top.map((it) => key(it.collection, it.id)));
  const hits = relevant.filter((j) => found.has(key(j.collection, j.id))).length;
  return { ndcg: idcg > 0 ? dcg / idcg : 0, recall: relevant.length ? hits / relevant.length : 0, mrr: rr };
}

const mean = (xs) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
const f3 = (x) => x.toFixed(3);
const width = (s) => [...s].reduce((w, ch) => w + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1), 0);
const pad = (s, n) => {
  let t = s;
  while (width(t) > n) t = [...t].slice(0, -1).join('');
  return t + ' '.repeat(n - width(t));
};

// --- loading a written corpus (second, third) through the API ---

async function post(srv, op, path, body) {
  const r = await srv.req(path, { method: 'POST', json: body, session: op });
  if (r.status !== 201 && r.status !== 200) throw new Error(`POST ${path} ${JSON.stringify(body).slice(0, 200)}: ${r.status} ${r.text.slice(0, 300)}`);
  return r.json.id;
}

/** Load a corpus.mjs into the server; returns Map "collection/ref" -> id. */
async function loadCorpus(srv, op, corpus) {
  const ids = new Map();
  const slug = new Map(corpus.tags.map((t) => [t.ref, t.slug]));
  const fields = (refs) => refs.map((r) => {
    if (!slug.has(r)) throw new Error(`unknown tag ${r}`);
    return slug.get(r);
  });
  const ref = (coll, r) => {
    const id = ids.get(`${coll}/${r}`);
    if (!id) throw new Error(`unknown ${coll} ${r}`);
    return id;
  };
  for (const { ref: r, ...t } of corpus.tags) ids.set(`tags/${r}`, await post(srv, op, '/api/v1/tags', t));
  for (const { ref: r, fields: f, ...o } of corpus.orgs) {
    ids.set(`orgs/${r}`, await post(srv, op, '/api/v1/orgs', { ...o, fields: fields(f), visibility: 'public' }));
  }
  for (const { ref: r, org, ...p } of corpus.people) {
    ids.set(`people/${r}`, await post(srv, op, '/api/v1/people', { ...p, org_id: ref('orgs', org), visibility: 'public' }));
  }
  for (const { ref: r, org, fields: f, ...c } of corpus.capabilities) {
    ids.set(`capabilities/${r}`, await post(srv, op, '/api/v1/capabilities', { ...c, org_id: ref('orgs', org), fields: fields(f), visibility: 'public' }));
  }
  for (const { ref: r, org, fields: f, ...n } of corpus.needs) {
    ids.set(`needs/${r}`, await post(srv, op, '/api/v1/needs', { ...n, org_id: ref('orgs', org), fields: fields(f), visibility: 'public' }));
  }
  return ids;
}

/** Every row of the indexed collections, as the text a baseline indexes. */
async function fetchDocs(srv, op) {
  const rows = {};
  for (const c of COLLECTIONS) {
    rows[c] = [];
    let cursor = null;
    do {
      const r = await srv.get(`/api/v1/${c}?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, op);
      if (r.status !== 200) throw new Error(`GET /api/v1/${c}: ${r.status} ${r.text.slice(0, 200)}`);
      rows[c].push(...r.json.items);
      cursor = r.json.next_cursor;
    } while (cursor);
  }
  const orgs = new Map(rows.orgs.map((o) => [o.id, o]));
  const tags = new Map(rows.tags.map((t) => [t.slug, t]));
  const flat = (v) => (Array.isArray(v) ? v.join(' ') : v ?? '');
  const docs = [];
  for (const c of COLLECTIONS) {
    for (const row of rows[c]) {
      const parts = TEXT_FIELDS[c].map((f) => flat(row[f]));
      const org = row.org_id != null ? orgs.get(row.org_id) : null;
      if (org) parts.push(org.name, org.name_en ?? '', flat(org.aliases));
      for (const s of row.fields ?? []) if (tags.has(s)) parts.push(tags.get(s).name_ko, tags.get(s).name_en);
      docs.push({ collection: c, id: row.id, title: String(row[TITLE_FIELD[c]] ?? ''), text: parts.filter(Boolean).join('\n') });
    }
  }
  return docs;
}

// --- baseline 1: BM25 over Hangul bigrams and Latin words ---

function bigramTokens(text) {
  const out = [];
  for (const run of text.normalize('NFC').toLowerCase().match(/[\uac00-\ud7a3]+|[a-z0-9]+/g) ?? []) {
    if (/^[a-z0-9]/.test(run)) out.push(run);
    else if (run.length === 1) out.push(run);
    else for (let i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2));
  }
  return out;
}

function bm25Engine(docs) {
  const k1 = 1.2, b = 0.75;
  const tf = docs.map((d) => {
    const m = new Map();
    for (const t of bigramTokens(d.text)) m.set(t, (m.get(t) || 0) + 1);
    return m;
  });
  const len = tf.map((m) => [...m.values()].reduce((a, x) => a + x, 0));
  const avg = mean(len);
  const df = new Map();
  for (const m of tf) for (const t of m.keys()) df.set(t, (df.get(t) || 0) + 1);
  const N = docs.length;
  return (q) => {
    const terms = [...new Set(bigramTokens(q))];
    const scored = [];
    tf.forEach((m, i) => {
      let s = 0;
      for (const t of terms) {
        const f = m.get(t);
        if (!f) continue;
        const idf = Math.log(1 + (N - df.get(t) + 0.5) / (df.get(t) + 0.5));
        s += idf * (f * (k1 + 1)) / (f + k1 * (1 - b + b * len[i] / avg));
      }
      if (s > 0) scored.push([s, i]);
    });
    scored.sort((x, y) => y[0] - x[0] || x[1] - y[1]);
    return scored.slice(0, K).map(([, i]) => docs[i]);
  };
}

// --- baseline 2: SQLite FTS5 trigram, through the sqlite3 shell ---

function hasSqlite3() {
  try {
    execFileSync('sqlite3', ['-version'], { stdio: ['ignore', 'pipe', 'ignore'] });
    return true;
  } catch {
    return false;
  }
}

/** Ranked answers of every query: words of 3+ characters as trigram phrases (any of them),
 * ranked by bm25; a query with only shorter words is a substring scan of the text, shortest rows first. */
function trigramRun(docs, queries) {
  const dir = mkdtempSync(join(tmpdir(), 'bpmc-trigram-'));
  const sq = (s) => `'${s.replace(/'/g, "''")}'`;
  const lines = ['CREATE VIRTUAL TABLE d USING fts5(k UNINDEXED, text, tokenize=\'trigram\');', 'BEGIN;'];
  docs.forEach((d, i) => lines.push(`INSERT INTO d(rowid,k,text) VALUES (${i},${sq(String(i))},${sq(d.text)});`));
  lines.push('COMMIT;');
  queries.forEach((q, n) => {
    const words = q.q.normalize('NFC').split(/\s+/).filter(Boolean);
    const long = words.filter((w) => [...w].length >= 3);
    if (long.length) {
      const expr = long.map((w) => `"${w.replace(/"/g, '""')}"`).join(' OR ');
      lines.push(`SELECT ${n}, rowid FROM d WHERE d MATCH ${sq(expr)} ORDER BY bm25(d), rowid LIMIT ${K};`);
    } else {
      // (the trigram index answers no LIKE of fewer than 3 characters: a scan instead)
      const where = words.map((w) => `instr(lower(text), ${sq(w.toLowerCase())}) > 0`).join(' OR ');
      lines.push(`SELECT ${n}, rowid FROM d WHERE ${where} ORDER BY length(text), rowid LIMIT ${K};`);
    }
  });
  try {
    const out = execFileSync('sqlite3', ['-batch', '-bail', join(dir, 't.db')], { input: lines.join('\n'), encoding: 'utf8', maxBuffer: 64 << 20 });
    const res = queries.map(() => []);
    for (const line of out.split('\n')) {
      const m = /^(\d+)\|(\d+)$/.exec(line.trim());
      if (m) res[Number(m[1])].push(docs[Number(m[2])]);
    }
    return res;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// --- one set ---

/** Matching cases of one corpus: [source, "target:grade …"] with ids (demo) or refs (second). */
function matchCases(list, from, to, idOf) {
  return list.map(([src, judged]) => ({
    name: String(src),
    id: idOf(from, src),
    judgments: judged.trim().split(/\s+/).map((t) => {
      const m = /^(.+):([0-3])$/.exec(t);
      if (!m) throw new Error(`matching case ${src}: bad judgment ${t}`);
      return { collection: to, id: idOf(to, m[1]), grade: Number(m[2]) };
    }),
  }));
}

/** nDCG@5 of GET /{from}/{id}/matches?limit=5 for every case. */
async function runMatching(srv, op, cases, from, to) {
  const side = to === 'capabilities' ? 'capability' : 'need';
  const out = [];
  for (const c of cases) {
    const r = await srv.get(`/api/v1/${from}/${c.id}/matches?limit=${MATCH_K}`, op);
    if (r.status !== 200 || !Array.isArray(r.json?.items)) throw new Error(`matches of ${from}/${c.id}: ${r.status} ${r.text.slice(0, 300)}`);
    const items = r.json.items.map((it) => ({ collection: to, id: it[side].id, title: it[side].title, score: it.score }));
    const src = await srv.get(`/api/v1/${from}/${c.id}`, op);
    out.push({ ...c, title: src.json?.title ?? '', items, ...score(items, c.judgments, MATCH_K) });
  }
  return out;
}

async function runSet(name, queries, { demo, corpus = null, needs = [], capabilities = [] }) {
  const srv = await startServer({ demo });
  const results = { bpmc: [], 'bm25-bigram': [], 'fts5-trigram': [] };
  const titles = new Map();
  const matching = {};
  try {
    const op = await srv.login();
    let ids = null;
    const idOf = (coll, ref) => {
      if (demo) {
        if (!Number.isInteger(Number(ref))) throw new Error(`demo matching case: ${coll} ${ref} is not an id`);
        return Number(ref);
      }
      const id = ids.get(`${coll}/${ref}`);
      if (!id) throw new Error(`matching case: no ${coll} ${ref} in the corpus`);
      return id;
    };
    if (!demo) {
      ids = await loadCorpus(srv, op, corpus);
      for (const q of queries) {
        for (const j of q.judgments) {
          j.id = ids.get(`${j.collection}/${j.ref}`);
          if (!j.id) throw new Error(`query ${JSON.stringify(q.q)}: no ${j.collection} ${j.ref} in the corpus`);
        }
      }
    }
    // Every judged item must exist (a stale id would silently score 0).
    const judged = new Map();
    for (const q of queries) for (const j of q.judgments) judged.set(key(j.collection, j.id), j);
    const missing = [];
    await Promise.all([...judged.values()].map(async (j) => {
      const r = await srv.get(`/api/v1/${j.collection}/${j.id}`, op);
      if (r.status !== 200) missing.push(`${key(j.collection, j.id)} (${r.status})`);
      else titles.set(key(j.collection, j.id), String(r.json?.[TITLE_FIELD[j.collection]] ?? ''));
    }));
    if (missing.length) throw new Error(`${name}: judged items not in the data: ${missing.sort().join(', ')}`);

    for (const q of queries) {
      const r = await srv.get(`/api/v1/search?q=${encodeURIComponent(q.q)}&limit=${K}`, op);
      if (r.status !== 200 || !r.json || !Array.isArray(r.json.items)) {
        throw new Error(`search ${JSON.stringify(q.q)}: ${r.status} ${r.text.slice(0, 300)}`);
      }
      results.bpmc.push({ ...q, items: r.json.items, total: r.json.total, ...score(r.json.items, q.judgments) });
    }
    matching.needs = await runMatching(srv, op, matchCases(needs, 'needs', 'capabilities', idOf), 'needs', 'capabilities');
    matching.capabilities = await runMatching(srv, op, matchCases(capabilities, 'capabilities', 'needs', idOf), 'capabilities', 'needs');
    const docs = await fetchDocs(srv, op);
    const bm25 = bm25Engine(docs);
    for (const q of queries) {
      const items = bm25(q.q);
      results['bm25-bigram'].push({ ...q, items, ...score(items, q.judgments) });
    }
    if (hasSqlite3()) {
      const all = trigramRun(docs, queries);
      queries.forEach((q, i) => results['fts5-trigram'].push({ ...q, items: all[i], ...score(all[i], q.judgments) }));
    } else {
      delete results['fts5-trigram'];
      console.log('(no sqlite3 shell: the fts5-trigram baseline is left out)');
    }
  } finally {
    await srv.stop();
  }
  return { name, results, titles, matching };
}

function report({ name, results, titles }, categories) {
  const ours = results.bpmc;
  const grades = (q) => new Map(q.judgments.map((j) => [key(j.collection, j.id), j.grade]));
  const label = (it, g) => `[${g ?? 0}] ${it.collection}:${it.id} ${it.title}`;
  console.log(`\n=== set "${name}": ${ours.length} queries (operator, limit=${K}) ===\n`);
  if (VERBOSE) {
    console.log(`${pad('category', 14)}${pad('query', 30)}${pad('nDCG@10', 9)}${pad('rec@10', 8)}${pad('MRR', 7)}total`);
    for (const r of ours) {
      console.log(`${pad(r.category, 14)}${pad(r.q, 30)}${pad(f3(r.ndcg), 9)}${pad(f3(r.recall), 8)}${pad(f3(r.mrr), 7)}${r.total}`);
      const g = grades(r);
      for (const it of r.items) console.log(`${' '.repeat(16)}${label(it, g.get(key(it.collection, it.id)))}`);
    }
  }
  const worst = [...ours].sort((a, b) => a.ndcg - b.ndcg || a.recall - b.recall || a.q.localeCompare(b.q)).slice(0, 10);
  console.log(`the 10 worst queries (top 3 answers with [grade]; grade-3 rows missing from the top ${K}):`);
  for (const r of worst) {
    const g = grades(r);
    console.log(`\n  ${JSON.stringify(r.q)} (${r.category}): nDCG@10 ${f3(r.ndcg)}, recall@10 ${f3(r.recall)}, total ${r.total}`);
    if (r.items.length === 0) console.log('      (no results)');
    for (const it of r.items.slice(0, 3)) console.log(`      ${label(it, g.get(key(it.collection, it.id)))}`);
    const got = new Set(r.items.slice(0, K).map((it) => key(it.collection, it.id)));
    const lost = r.judgments.filter((j) => j.grade === 3 && !got.has(key(j.collection, j.id)));
    if (lost.length) console.log(`      missing: ${lost.map((j) => `${key(j.collection, j.id)} ${titles.get(key(j.collection, j.id))}`).join('; ')}`);
  }
  const engines = Object.keys(results);
  console.log(`\nper category: nDCG@10 / recall@10 / MRR for ${engines.join(', ')} (* a baseline beats bpmc's nDCG@10)`);
  console.log(`${pad('category', 14)}${pad('n', 5)}${engines.map((e) => pad(e, 22)).join('')}`);
  const means = {};
  const beaten = [];
  for (const c of [...categories, 'all']) {
    const row = {};
    for (const e of engines) {
      const rs = results[e].filter((r) => c === 'all' || r.category === c);
      row[e] = { ndcg10: mean(rs.map((r) => r.ndcg)), recall10: mean(rs.map((r) => r.recall)), mrr: mean(rs.map((r) => r.mrr)), n: rs.length };
    }
    means[c] = row;
    const lost = engines.some((e) => e !== 'bpmc' && row[e].ndcg10 > row.bpmc.ndcg10 + 1e-9);
    if (lost) beaten.push(c);
    console.log(`${pad(c, 14)}${pad(String(row.bpmc.n), 5)}${engines.map((e) => pad(`${f3(row[e].ndcg10)} ${f3(row[e].recall10)} ${f3(row[e].mrr)}`, 22)).join('')}${lost ? '*' : ''}`);
  }
  const empty = ours.filter((r) => r.items.length === 0);
  console.log(`\nqueries with no results: ${empty.length} of ${ours.length}${empty.length ? ': ' + empty.map((r) => JSON.stringify(r.q)).join(', ') : ''}`);
  console.log(`categories where a baseline beats bpmc: ${beaten.length ? beaten.join(', ') : 'none'}`);
  return means.all.bpmc;
}

function reportMatching(set, matching) {
  const means = {};
  for (const [dir, rows] of Object.entries(matching)) {
    const label = dir === 'needs' ? 'needs → capabilities' : 'capabilities → needs';
    console.log(`\nmatching, set "${set}", ${label}: ${rows.length} cases, nDCG@5 ${f3(mean(rows.map((r) => r.ndcg)))}, recall@5 ${f3(mean(rows.map((r) => r.recall)))}, MRR ${f3(mean(rows.map((r) => r.mrr)))}`);
    means[dir] = { n: rows.length, ndcg5: mean(rows.map((r) => r.ndcg)), recall5: mean(rows.map((r) => r.recall)), mrr: mean(rows.map((r) => r.mrr)) };
    const show = VERBOSE ? rows : [...rows].sort((a, b) => a.ndcg - b.ndcg).slice(0, 3);
    if (!VERBOSE) console.log('  the 3 worst:');
    for (const r of show) {
      const g = new Map(r.judgments.map((j) => [key(j.collection, j.id), j.grade]));
      console.log(`  ${pad(r.name, 20)}${pad(f3(r.ndcg), 7)}${r.title}`);
      for (const it of r.items) console.log(`${' '.repeat(26)}[${g.get(key(it.collection, it.id)) ?? 0}] ${it.score.toFixed(3)} ${it.collection}:${it.id} ${it.title}`);
    }
  }
  return means;
}

async function main() {
  const t0 = Date.now();
  const demoQueries = loadDemoQueries();
  checkQueries(secondQueries, (j) => typeof j.ref === 'string');
  checkQueries(thirdQueries, (j) => typeof j.ref === 'string');
  const demo = await runSet('demo', demoQueries, { demo: true, needs: demoNeeds, capabilities: demoCapabilities });
  const second = await runSet('second', secondQueries, { demo: false, corpus: secondCorpus, needs: secondNeeds, capabilities: secondCapabilities });
  const third = await runSet('third', thirdQueries, { demo: false, corpus: thirdCorpus });
  const a = report(demo, LANGS);
  const b = report(second, secondCategories);
  const c = report(third, thirdCategories);
  const md = reportMatching('demo', demo.matching);
  const ms = reportMatching('second', second.matching);
  const both = (dir) => [...demo.matching[dir], ...second.matching[dir]];
  for (const dir of ['needs', 'capabilities']) {
    const rows = both(dir);
    console.log(`matching, both sets, ${dir === 'needs' ? 'needs → capabilities' : 'capabilities → needs'}: ${rows.length} cases, nDCG@5 ${f3(mean(rows.map((r) => r.ndcg)))}`);
  }
  void md; void ms;
  console.log(`\noverall nDCG@10 / recall@10: demo ${f3(a.ndcg10)} ${f3(a.recall10)}, second ${f3(b.ndcg10)} ${f3(b.recall10)}, third ${f3(c.ndcg10)} ${f3(c.recall10)}`);

  // every judged case, as the gate (gate.mjs) compares it with the committed history
  const now = { demo: {}, second: {}, third: {}, 'match-needs': {}, 'match-capabilities': {} };
  for (const r of demo.results.bpmc) now.demo[r.q] = r.ndcg;
  for (const r of second.results.bpmc) now.second[r.q] = r.ndcg;
  for (const r of third.results.bpmc) now.third[r.q] = r.ndcg;
  for (const [set, runs] of [['demo', demo], ['second', second]]) {
    for (const r of runs.matching.needs) now['match-needs'][`${set} ${r.name}`] = r.ndcg;
    for (const r of runs.matching.capabilities) now['match-capabilities'][`${set} ${r.name}`] = r.ndcg;
  }
  const ref = reference();
  if (ref.note) console.log(`(${ref.note})`);
  const lowered = loweredEntries();
  const verdict = judge(now, ref, lowered, { updating: UPDATE });
  console.log(`\ngate: ${verdict.checked} judged cases against the highest of ${ref.versions} committed versions of tests/search/baseline.json and the working tree's (tolerance ${TOLERANCE}; ${lowered.entries.size} lowered in docs/search.md); ${verdict.raised} higher now`);
  for (const l of verdict.lines) console.log(l);
  let ok = verdict.ok;
  if (UPDATE) {
    if (!ok) {
      console.log('baseline NOT written: a case is lower than before and docs/search.md does not name it (see above)');
    } else {
      writeFileSync(BASELINE, baselineText(now));
      console.log('baseline written to tests/search/baseline.json (every case as measured now)');
    }
  }
  console.log(`\n(${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  return ok;
}

main().then(
  (ok) => {
    console.log(`search quality: ${ok ? 1 : 0} passed, ${ok ? 0 : 1} failed`);
    process.exitCode = ok ? 0 : 1;
  },
  (e) => {
    console.error(e && e.stack ? e.stack : e);
    console.log('search quality: 0 passed, 1 failed');
    process.exitCode = 1;
  },
);
