// The quality gate of tests/search/run.mjs: every judged case (a search query of any set, a
// matching case of either direction) keeps the score it has ever had in the committed history of
// tests/search/baseline.json, within TOLERANCE, unless docs/search.md names it under "Lowered
// judged cases" with the floor it may fall to and why.
//
// "The baseline on main" is read from git, not only from the working tree: the reference of a case
// is the highest score any committed version of baseline.json reachable from HEAD or from the
// branch `main` gives it (and the working tree's, when higher). So a commit that lowers
// baseline.json loosens nothing: the versions before it still count, on a branch, on main after a
// merge (fast-forward or not), and on CI's clean clone of main. Only an entry in docs/search.md
// lowers a case, and that entry is a reviewed line of the diff. A shallow clone sees only the
// versions it holds (a CI that clones with --depth 1: HEAD's), and says so; a copy without git
// (a tarball) is held to its own baseline.json.
import { readFileSync, existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BASELINE_REL = 'tests/search/baseline.json';
export const BASELINE = ROOT + BASELINE_REL;
export const DOC = ROOT + 'docs/search.md';
/** Scores are stored with 4 decimals; a case may be lower by at most this much (rounding). */
export const TOLERANCE = 0.001;
/** The judged sets of baseline.json, each a map from the case's text to its score. */
export const SETS = ['demo', 'second', 'third', 'match-needs', 'match-capabilities'];

function git(args, root = ROOT) {
  return execFileSync('git', ['-C', root, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
}

/** Per-case scores of a baseline.json text; null when it predates per-case scores. */
function cases(text) {
  let data;
  try {
    data = JSON.parse(text);
  } catch {
    return null;
  }
  if (!data || typeof data.cases !== 'object' || !data.cases) return null;
  return data.cases;
}

/**
 * The reference: for every set and case, the highest score in any committed version of
 * baseline.json (reachable from HEAD or main) and in the working tree's.
 * Returns { ref: {set: {case: {score, from}}}, versions, note, error }.
 */
export function reference({ root = ROOT } = {}) {
  const g = (args) => git(args, root);
  const ref = Object.fromEntries(SETS.map((s) => [s, {}]));
  const add = (data, from) => {
    for (const s of SETS) {
      for (const [c, v] of Object.entries(data?.[s] ?? {})) {
        if (typeof v !== 'number') continue;
        if (!ref[s][c] || v > ref[s][c].score) ref[s][c] = { score: v, from };
      }
    }
  };
  let versions = 0, note = '', error = '';
  let inGit = false;
  try {
    inGit = g(['rev-parse', '--is-inside-work-tree']).trim() === 'true';
  } catch {
    inGit = false;
  }
  if (!inGit) {
    note = 'not a git checkout: held to the working tree\'s baseline.json only';
  } else {
    if (g(['rev-parse', '--is-shallow-repository']).trim() === 'true')
      note = 'a shallow clone: held to the versions of baseline.json it holds (a full clone, or git fetch --unshallow, holds every committed one)';
    const heads = ['HEAD'];
    try {
      g(['rev-parse', '--verify', '--quiet', 'refs/heads/main']);
      heads.push('refs/heads/main');
    } catch { /* no branch main here */ }
    const commits = g(['log', '--format=%H', ...heads, '--', BASELINE_REL]).split('\n').filter(Boolean);
    for (const h of commits) {
      let text;
      try {
        text = g(['show', `${h}:${BASELINE_REL}`]);
      } catch {
        continue; /* the commit deleted it */
      }
      const data = cases(text);
      if (data) {
        versions++;
        add(data, h.slice(0, 10));
      }
    }
  }
  const file = root + BASELINE_REL;
  if (existsSync(file)) add(cases(readFileSync(file, 'utf8')), 'working tree');
  return { ref, versions, note, error };
}

/**
 * The entries of docs/search.md's "Lowered judged cases": lines
 *   - <set> "<case>" <floor>: <why>        (floor: the score it may fall to, e.g. 0.412)
 *   - <set> "<case>" removed: <why>        (a judged case taken out of its set)
 * Returns { entries: Map "set\u0000case" -> {floor|null, removed, why}, problems: [] }.
 */
export function loweredEntries(docText = existsSync(DOC) ? readFileSync(DOC, 'utf8') : '') {
  const entries = new Map();
  const problems = [];
  const at = docText.search(/^### Lowered judged cases/m);
  if (at < 0) return { entries, problems };
  const rest = docText.slice(at).split('\n').slice(1);
  for (const line of rest) {
    if (/^#/.test(line)) break;
    if (!line.startsWith('- ')) continue;
    const m = /^- (\S+) "([^"]+)" (removed|[01](?:\.\d+)?): (.*\S.*)$/.exec(line);
    if (!m || !SETS.includes(m[1]) || m[4].trim().length < 10) {
      problems.push(`docs/search.md: an entry must read - <set> "<case>" <floor|removed>: <why, in words> (set one of ${SETS.join(', ')}): ${line}`);
      continue;
    }
    entries.set(`${m[1]}\u0000${m[2]}`, { floor: m[3] === 'removed' ? null : Number(m[3]), removed: m[3] === 'removed', why: m[4] });
  }
  return { entries, problems };
}

/**
 * Compare the scores measured now ({set: {case: score}}) with the reference.
 * Returns { ok, lines, lowered } where lines explain every failure.
 */
export function judge(now, { ref, error }, { entries, problems }, { updating = false } = {}) {
  const lines = [...problems];
  if (error) lines.push(error);
  let ok = !error && problems.length === 0;
  let checked = 0, raised = 0;
  for (const s of SETS) {
    const cur = now[s] ?? {};
    const fresh = Object.keys(cur).filter((c) => !ref[s][c]);
    if (fresh.length && updating) {
      lines.push(`new in tests/search/baseline.json: ${s}: ${fresh.length} case(s)`);
    } else if (fresh.length) {
      ok = false;
      lines.push(`FAIL ${s}: ${fresh.length} judged case(s) not in tests/search/baseline.json, so not held (write it with --update-baseline): ${fresh.slice(0, 5).map((c) => JSON.stringify(c)).join(', ')}${fresh.length > 5 ? ' …' : ''}`);
    }
    for (const [c, { score: base, from }] of Object.entries(ref[s])) {
      const e = entries.get(`${s}\u0000${c}`);
      if (!(c in cur)) {
        if (!e?.removed) {
          ok = false;
          lines.push(`FAIL ${s} "${c}": judged before (${base.toFixed(4)}, ${from}) and gone from the set; docs/search.md must name it: - ${s} "${c}" removed: <why>`);
        }
        continue;
      }
      checked++;
      const v = cur[c];
      if (v > base + TOLERANCE) raised++;
      if (v >= base - TOLERANCE) continue;
      if (e && !e.removed && v >= e.floor - TOLERANCE) continue;
      ok = false;
      lines.push(e && !e.removed
        ? `FAIL ${s} "${c}": ${v.toFixed(4)}, under the floor ${e.floor} that docs/search.md allows (reference ${base.toFixed(4)}, ${from})`
        : `FAIL ${s} "${c}": ${v.toFixed(4)} vs ${base.toFixed(4)} (${from}), lower by ${(base - v).toFixed(4)}; to accept it, docs/search.md must name it: - ${s} "${c}" ${v.toFixed(3)}: <why>`);
    }
  }
  return { ok, lines, checked, raised };
}

/** The baseline to write: every case's score now. Refused (null) when the gate fails. */
export function baselineText(now) {
  const out = { about: 'per-case scores of tests/search/run.mjs (nDCG@10 of a search query, nDCG@5 of a matching case); the gate holds every case to the highest score of any committed version of this file (tests/search/gate.mjs), lowering one needs an entry in docs/search.md', cases: {} };
  for (const s of SETS) {
    out.cases[s] = {};
    for (const c of Object.keys(now[s] ?? {}).sort()) out.cases[s][c] = Number(now[s][c].toFixed(4));
  }
  return JSON.stringify(out, null, 1) + '\n';
}
