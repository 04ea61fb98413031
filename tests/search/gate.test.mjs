// The quality gate (gate.mjs) on a throwaway git repository: a commit that lowers baseline.json
// loosens nothing, only an entry in docs/search.md does, and a case taken out needs one too.
//   node --test tests/search/gate.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reference, loweredEntries, judge, baselineText, BASELINE_REL } from './gate.mjs';

function repo() {
  const dir = mkdtempSync(join(tmpdir(), 'bpmc-gate-')) + '/';
  const git = (...a) => execFileSync('git', ['-C', dir, ...a], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 't@example.org');
  git('config', 'user.name', 't');
  mkdirSync(dir + 'tests/search', { recursive: true });
  const commit = (now, msg) => {
    writeFileSync(dir + BASELINE_REL, baselineText(now));
    git('add', '-A');
    git('commit', '-q', '-m', msg);
  };
  return { dir, git, commit, done: () => rmSync(dir, { recursive: true, force: true }) };
}

const NOW = (x, y) => ({ demo: { 영상: x, 임상: y }, second: {}, 'match-needs': { 'demo 101': 0.9 }, 'match-capabilities': {} });
const NO_ENTRIES = { entries: new Map(), problems: [] };

test('a later commit that lowers baseline.json does not lower the reference', () => {
  const r = repo();
  try {
    r.commit(NOW(0.9, 0.8), 'first');
    r.commit(NOW(0.5, 0.8), 'lowered in a later commit');
    const ref = reference({ root: r.dir });
    assert.equal(ref.error, '');
    assert.equal(ref.versions, 2);
    assert.equal(ref.ref.demo['영상'].score, 0.9);
    const v = judge(NOW(0.5, 0.8), ref, NO_ENTRIES);
    assert.equal(v.ok, false);
    assert.deepEqual(v.lines, ['FAIL demo "영상": 0.5000 vs 0.9000 (' + ref.ref.demo['영상'].from + '), lower by 0.4000; to accept it, docs/search.md must name it: - demo "영상" 0.500: <why>']);
    // the working tree's file alone cannot lower it either
    writeFileSync(r.dir + BASELINE_REL, baselineText(NOW(0.1, 0.1)));
    assert.equal(reference({ root: r.dir }).ref.demo['임상'].score, 0.8);
  } finally {
    r.done();
  }
});

test('an entry in docs/search.md lowers a case to its floor, no further', () => {
  const r = repo();
  try {
    r.commit(NOW(0.9, 0.8), 'first');
    const ref = reference({ root: r.dir });
    const doc = '# Search\n\n### Lowered judged cases\n\n- demo "영상" 0.600: the demo gained ten imaging rows judged 0 by design\n\n## Next\n- demo "임상" 0.1: not in the section\n';
    const lowered = loweredEntries(doc);
    assert.deepEqual(lowered.problems, []);
    assert.equal(lowered.entries.size, 1);
    assert.equal(judge(NOW(0.6, 0.8), ref, lowered).ok, true);
    assert.equal(judge(NOW(0.59, 0.8), ref, lowered).ok, false);
    assert.equal(judge(NOW(0.9, 0.7), ref, lowered).ok, false);
    assert.equal(judge(NOW(0.8995, 0.8), ref, lowered).ok, true); // within the tolerance
  } finally {
    r.done();
  }
});

test('a case taken out, an entry without a reason, a case never written: all fail', () => {
  const r = repo();
  try {
    r.commit(NOW(0.9, 0.8), 'first');
    const ref = reference({ root: r.dir });
    const gone = { demo: { 영상: 0.9 }, second: {}, 'match-needs': { 'demo 101': 0.9 }, 'match-capabilities': {} };
    assert.equal(judge(gone, ref, NO_ENTRIES).ok, false);
    assert.equal(judge(gone, ref, loweredEntries('### Lowered judged cases\n- demo "임상" removed: merged into the query 임상시험 of the same intent\n')).ok, true);
    assert.equal(loweredEntries('### Lowered judged cases\n- demo "임상" 0.5: x\n').problems.length, 1);
    const more = { ...NOW(0.9, 0.8), second: { 항체: 0.7 } };
    assert.equal(judge(more, ref, NO_ENTRIES).ok, false);
    assert.equal(judge(more, ref, NO_ENTRIES, { updating: true }).ok, true);
  } finally {
    r.done();
  }
});

test('a shallow clone is held to the versions it holds, and says so', () => {
  const r = repo();
  const clone = mkdtempSync(join(tmpdir(), 'bpmc-gate-shallow-')) + '/';
  try {
    r.commit(NOW(0.9, 0.8), 'first');
    r.commit(NOW(0.5, 0.8), 'second');
    execFileSync('git', ['clone', '-q', '--depth', '1', 'file://' + r.dir, clone], { stdio: 'ignore' });
    const ref = reference({ root: clone });
    assert.equal(ref.error, '');
    assert.match(ref.note, /shallow clone/);
    assert.equal(ref.versions, 1, 'only HEAD\'s version is there');
    assert.equal(judge(NOW(0.5, 0.8), ref, NO_ENTRIES).ok, true);
    assert.equal(judge(NOW(0.4, 0.8), ref, NO_ENTRIES).ok, false, 'still below HEAD\'s version fails');
  } finally {
    r.done();
    rmSync(clone, { recursive: true, force: true });
  }
});
