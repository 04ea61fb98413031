#!/usr/bin/env node
// Search-quality test of bpmc: runs every query of tests/search/queries.json against a fresh demo
// database as the operator (GET /api/v1/search?q=&limit=10), scores the answers against the
// graded judgments (nDCG@10 with gain 2^grade - 1 and a log2 discount; recall@10 = share of the
// grade >= 1 items found in the top 10), prints a table, the 10 worst queries with their top 3,
// the means for ko / en / mixed / all and the queries that return nothing, and compares the
// means for "all" with tests/search/baseline.json: it FAILS when either is lower than the
// baseline by more than TOLERANCE. `--update-baseline` writes the current means there instead.
//
//   node tests/search/run.mjs [--update-baseline] [--verbose]
//
// Needs build/bpmc (make -s NO_WEB=1) or BPMC_BIN; Node 18+, no npm dependencies.
// The last line is always `search quality: N passed, M failed`; the exit status is 0 only if it passed.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startServer } from '../api/helpers.mjs';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const QUERIES = HERE + 'queries.json';
const BASELINE = HERE + 'baseline.json';
const K = 10;
const TOLERANCE = 0.005;
const LANGS = ['ko', 'en', 'mixed'];
const TITLE_FIELD = { orgs: 'name', people: 'name', tags: 'name_ko', capabilities: 'title', needs: 'title', files: 'name' };

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
function loadQueries() {
  const data = JSON.parse(readFileSync(QUERIES, 'utf8'));
  const qs = data.queries;
  if (!Array.isArray(qs) || qs.length === 0) throw new Error(`${QUERIES}: no queries`);
  const seen = new Set();
  for (const q of qs) {
    if (typeof q.q !== 'string' || !q.q.trim()) throw new Error(`a query without text: ${JSON.stringify(q)}`);
    if (seen.has(q.q)) throw new Error(`query ${JSON.stringify(q.q)} appears twice`);
    seen.add(q.q);
    if (!LANGS.includes(q.lang)) throw new Error(`query ${JSON.stringify(q.q)}: lang must be one of ${LANGS.join(', ')}`);
    if (!Array.isArray(q.judgments) || !q.judgments.some((j) => j.grade >= 1)) {
      throw new Error(`query ${JSON.stringify(q.q)}: no judgment with grade >= 1`);
    }
    const keys = new Set();
    for (const j of q.judgments) {
      if (!TITLE_FIELD[j.collection] || !Number.isInteger(j.id) || ![0, 1, 2, 3].includes(j.grade)) {
        throw new Error(`query ${JSON.stringify(q.q)}: bad judgment ${JSON.stringify(j)}`);
      }
      if (keys.has(key(j.collection, j.id))) throw new Error(`query ${JSON.stringify(q.q)}: ${key(j.collection, j.id)} judged twice`);
      keys.add(key(j.collection, j.id));
    }
  }
  return qs;
}

/** nDCG@k and recall@k of one ranked answer against the judgments. */
export function score(items, judgments, k = K) {
  const grade = new Map(judgments.map((j) => [key(j.collection, j.id), j.grade]));
  const top = items.slice(0, k);
  let dcg = 0;
  top.forEach((it, i) => {
    const g = grade.get(key(it.collection, it.id)) || 0;
    dcg += (2 ** g - 1) / Math.log2(i + 2);
  });
  const ideal = judgments.map((j) => j.grade).filter((g) => g > 0).sort((a, b) => b - a).slice(0, k);
  const idcg = ideal.reduce((s, g, i) => s + (2 ** g - 1) / Math.log2(i + 2), 0);
  const relevant = judgments.filter((j) => j.grade >= 1);
  const found = new Set(top.map((it) => key(it.collection, it.id)));
  const hits = relevant.filter((j) => found.has(key(j.collection, j.id))).length;
  return { ndcg: idcg > 0 ? dcg / idcg : 0, recall: relevant.length ? hits / relevant.length : 0 };
}

const mean = (xs) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
const f3 = (x) => x.toFixed(3);
const width = (s) => [...s].reduce((w, ch) => w + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1), 0);
const pad = (s, n) => {
  let t = s;
  while (width(t) > n) t = [...t].slice(0, -1).join('');
  return t + ' '.repeat(n - width(t));
};

async function main() {
  const t0 = Date.now();
  const queries = loadQueries();
  const srv = await startServer();
  let results;
  const titles = new Map(); // collection:id -> title of every judged item
  try {
    const op = await srv.login();

    // Every judged item must exist in the demo data (a stale id would silently score 0).
    const judged = new Map();
    for (const q of queries) for (const j of q.judgments) judged.set(key(j.collection, j.id), j);
    const missing = [];
    await Promise.all([...judged.values()].map(async (j) => {
      const r = await srv.get(`/api/v1/${j.collection}/${j.id}`, op);
      if (r.status !== 200) missing.push(`${key(j.collection, j.id)} (${r.status})`);
      else titles.set(key(j.collection, j.id), String(r.json?.[TITLE_FIELD[j.collection]] ?? ''));
    }));
    if (missing.length) throw new Error(`judged items not in the demo data: ${missing.sort().join(', ')}`);

    results = [];
    for (const q of queries) {
      const r = await srv.get(`/api/v1/search?q=${encodeURIComponent(q.q)}&limit=${K}`, op);
      if (r.status !== 200 || !r.json || !Array.isArray(r.json.items)) {
        throw new Error(`search ${JSON.stringify(q.q)}: ${r.status} ${r.text.slice(0, 300)}`);
      }
      const { ndcg, recall } = score(r.json.items, q.judgments);
      results.push({ ...q, items: r.json.items, total: r.json.total, ndcg, recall });
    }
  } finally {
    await srv.stop();
  }

  const grades = (q) => new Map(q.judgments.map((j) => [key(j.collection, j.id), j.grade]));
  const label = (it, g) => `[${g ?? 0}] ${it.collection}:${it.id} ${it.title}`;

  // The table.
  console.log(`search quality over ${results.length} queries (nDCG@${K}, recall@${K}; operator, limit=${K})\n`);
  console.log(`${pad('lang', 6)}${pad('query', 30)}${pad('nDCG@10', 9)}${pad('rec@10', 8)}${pad('found', 7)}total`);
  for (const r of results) {
    const g = grades(r);
    const rel = r.judgments.filter((j) => j.grade >= 1).length;
    const hit = r.items.filter((it) => (g.get(key(it.collection, it.id)) || 0) >= 1).length;
    console.log(`${pad(r.lang, 6)}${pad(r.q, 30)}${pad(f3(r.ndcg), 9)}${pad(f3(r.recall), 8)}${pad(`${hit}/${rel}`, 7)}${r.total}`);
    if (VERBOSE) for (const it of r.items) console.log(`${' '.repeat(8)}${label(it, g.get(key(it.collection, it.id)))}`);
  }

  // The 10 worst.
  const worst = [...results].sort((a, b) => a.ndcg - b.ndcg || a.recall - b.recall || a.q.localeCompare(b.q)).slice(0, 10);
  console.log(`\nthe 10 worst queries (top 3 answers with [grade]; the grade-3 items missing from the top ${K}):`);
  for (const r of worst) {
    const g = grades(r);
    console.log(`\n  ${JSON.stringify(r.q)} (${r.lang}): nDCG@10 ${f3(r.ndcg)}, recall@10 ${f3(r.recall)}, total ${r.total}`);
    if (r.items.length === 0) console.log('      (no results)');
    for (const it of r.items.slice(0, 3)) console.log(`      ${label(it, g.get(key(it.collection, it.id)))}`);
    const got = new Set(r.items.slice(0, K).map((it) => key(it.collection, it.id)));
    const lost = r.judgments.filter((j) => j.grade === 3 && !got.has(key(j.collection, j.id)));
    if (lost.length) console.log(`      missing: ${lost.map((j) => `${key(j.collection, j.id)} ${titles.get(key(j.collection, j.id))}`).join('; ')}`);
  }

  // Means.
  console.log('\nmeans:');
  const groups = [...LANGS.map((l) => [l, results.filter((r) => r.lang === l)]), ['all', results]];
  const means = {};
  for (const [name, rs] of groups) {
    means[name] = { ndcg10: mean(rs.map((r) => r.ndcg)), recall10: mean(rs.map((r) => r.recall)) };
    console.log(`  ${pad(name, 6)} ${pad(`(${rs.length} queries)`, 14)} nDCG@10 ${f3(means[name].ndcg10)}   recall@10 ${f3(means[name].recall10)}`);
  }
  const empty = results.filter((r) => r.items.length === 0);
  console.log(`\nqueries with no results: ${empty.length} of ${results.length}${empty.length ? ': ' + empty.map((r) => JSON.stringify(r.q)).join(', ') : ''}`);

  // Baseline.
  const now = { ndcg10: Number(means.all.ndcg10.toFixed(4)), recall10: Number(means.all.recall10.toFixed(4)) };
  let ok = true;
  if (UPDATE) {
    writeFileSync(BASELINE, JSON.stringify(now, null, 2) + '\n');
    console.log(`\nbaseline written to tests/search/baseline.json: nDCG@10 ${now.ndcg10}, recall@10 ${now.recall10}`);
  } else if (!existsSync(BASELINE)) {
    ok = false;
    console.log('\nFAIL: no tests/search/baseline.json (write one with --update-baseline)');
  } else {
    const base = JSON.parse(readFileSync(BASELINE, 'utf8'));
    for (const m of ['ndcg10', 'recall10']) {
      if (typeof base[m] !== 'number') {
        ok = false;
        console.log(`\nFAIL: baseline.json has no number ${m}`);
        continue;
      }
      const d = means.all[m] - base[m];
      const bad = d < -TOLERANCE;
      if (bad) ok = false;
      console.log(`${m === 'ndcg10' ? '\n' : ''}${bad ? 'FAIL' : 'ok  '} ${pad(m, 9)} ${means.all[m].toFixed(4)} vs baseline ${base[m].toFixed(4)} (${d >= 0 || d.toFixed(4) === '-0.0000' ? '+' : ''}${Math.abs(d) < 5e-5 ? '0.0000' : d.toFixed(4)}, tolerance -${TOLERANCE})`);
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
