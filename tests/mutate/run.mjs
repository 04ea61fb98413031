#!/usr/bin/env node
// make mutate: does the suite catch the bugs it claims to? Each mutant of tests/mutate/mutants.json
// is a small, realistic bug (a literal edit of one or two source files); for each, the edit is
// applied in place, build/bpmc rebuilt, and the test files that should see it run against it. A
// mutant is killed when a test fails (or the build does). The files are restored afterwards, also
// on an error or ^C, and build/bpmc is rebuilt from them. Prints each mutant's fate and time, the
// kill rate and the total time; exits 1 when a mutant survives.
//
//   node tests/mutate/run.mjs                 every mutant
//   MUTANTS=id,id node tests/mutate/run.mjs   those only
//
// Adding one: an entry {id, why, file, from, to, nth?, also?, tests} — from must occur in file
// (nth: which occurrence, from 1), also: a second edit {file, from, to}; tests: the test files
// that must fail. Keep it small and realistic: the edit a tired engineer could make.
import { readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const root = fileURLToPath(new URL('../..', import.meta.url));
const all = JSON.parse(readFileSync(join(root, 'tests/mutate/mutants.json'), 'utf8'));
const only = process.env.MUTANTS ? process.env.MUTANTS.split(',') : null;
const mutants = only ? all.filter((m) => only.includes(m.id)) : all;
const bin = join(root, 'build/bpmc');

const saved = new Map(); // path -> original text
function restore() {
  for (const [p, text] of saved) writeFileSync(p, text);
  saved.clear();
}
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => { restore(); process.exit(130); });

function apply({ file, from, to, nth = 1 }) {
  const p = join(root, file);
  const text = saved.get(p) ?? readFileSync(p, 'utf8');
  let at = -1;
  for (let i = 0; i < nth; i++) {
    at = text.indexOf(from, at + 1);
    if (at < 0) throw new Error(`${file}: "${from}" does not occur ${nth} time(s): the mutant is stale, update tests/mutate/mutants.json`);
  }
  if (!saved.has(p)) saved.set(p, text);
  writeFileSync(p, text.slice(0, at) + to + text.slice(at + from.length));
}

const build = () => spawnSync('make', ['-s', '-j2', 'build/bpmc'], { cwd: root, encoding: 'utf8' });

const t0 = Date.now();
const rows = [];
let broken = 0;
try {
  for (const m of mutants) {
    const s0 = Date.now();
    let fate;
    try {
      apply(m);
      if (m.also) apply(m.also);
      const b = build();
      if (b.status !== 0) {
        fate = 'killed (does not build)';
      } else {
        const failing = [];
        for (const t of m.tests) {
          const r = spawnSync(process.execPath, ['--test', t], { cwd: root, encoding: 'utf8', env: { ...process.env, BPMC_BIN: bin } });
          if (r.status !== 0) failing.push(t.replace(/^tests\//, ''));
        }
        fate = failing.length ? `killed by ${failing.join(', ')}` : 'SURVIVED';
      }
    } catch (e) {
      fate = `BROKEN: ${e.message}`;
      broken++;
    } finally {
      restore();
    }
    const secs = ((Date.now() - s0) / 1000).toFixed(0);
    rows.push({ m, fate });
    console.log(`${fate.startsWith('killed') ? 'ok    ' : 'FAIL  '} ${m.id.padEnd(30)} ${secs.padStart(4)} s  ${fate}  (${m.why})`);
  }
} finally {
  restore();
  const b = build();
  if (b.status !== 0) console.error(`rebuilding build/bpmc from the restored sources failed:\n${b.stderr}`);
}
const killed = rows.filter((r) => r.fate.startsWith('killed')).length;
const total = rows.length - broken;
console.log(`mutate: ${killed} of ${total} mutants killed (${total ? Math.round((100 * killed) / total) : 0} %)` +
  `${broken ? `, ${broken} stale` : ''} in ${((Date.now() - t0) / 60000).toFixed(1)} min`);
process.exit(killed === total && !broken ? 0 : 1);
