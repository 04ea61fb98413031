#!/usr/bin/env node
// bench/search-mix.mjs: the CPU time of an uncached search over bench/search-scale's own query
// mix, every query of it, weighted as the scale bench draws them, for binaries side by side.
//
// bench/search-scale draws each request from ten shapes (section 3: 25 % one Korean word, 10 %
// two, 15 % an English word, 5 % an English prefix, 8 % org-name compounds, 7 % English names,
// 7 % people, 4 % 초성, 9 % English typos, 10 % a Korean and an English word). This one asks
// every query each shape can draw (about 5 700: the 2 704 pairs of Korean words and 2 184 mixed
// ones are most of them) once, after a pass over the one-word shapes to warm the servers, and
// weighs each query by its shape's share over the shape's queries, so the percentiles are those
// of the scale bench's draw without its sampling noise. CPU is every server thread's run time
// (/proc/<pid>/task/*/schedstat) around the request, as bench/search-cpu-each.mjs reads it.
// Prints per binary the weighted p50, p90, p99, p99.9 and the share of the mix over 10 ms, per
// shape the share over 10 ms and the worst queries. Linux only; always exits 0 unless the
// arguments are wrong.
//
//   node bench/search-mix.mjs <label>=<bpmc binary>:<database> [...]
//   SHAPES=ko2,mixed limits to those shapes; SAMPLE=n asks every n-th query of each; OUT=file
//   writes every query's figures (tsv).
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { freePort } from '../tests/free-port.mjs';

const ko = ['유전체', '의료영상', '인공지능', '빅데이터', '신약', '세포치료제', '유전자치료', '디지털', '웨어러블',
  '체외진단', '바이오마커', '임상시험', '전임상', '독성시험', '동물실험', '인허가', '재생의료', '줄기세포', '면역항암제',
  '항체', '백신', '원격의료', '수술로봇', '초음파', '병리', '오가노이드', '마이크로바이옴', '방사성의약품', '액체생검',
  '동반진단', '보건의료', '만성질환', '치매', '뇌질환', '심혈관', '당뇨', '재활', '바이오프린팅', '약물전달', '엑소좀',
  '건강보험', '분석', '데이터를', '영상', '임상', '병원과', '협력', '연구', '장비', '자문', '공동연구', '진단'];
const en = ['genome', 'imaging', 'diagnostics', 'big data', 'drug', 'cell therapy', 'gene therapy', 'therapeutics',
  'wearable', 'biomarker', 'clinical trial', 'preclinical', 'toxicology', 'animal', 'regenerative', 'stem cell',
  'oncology', 'antibody', 'vaccine', 'telemedicine', 'surgical', 'ultrasound', 'pathology', 'organoids', 'microbiome',
  'radiopharma', 'liquid biopsy', 'companion', 'healthcare', 'dementia', 'neurology', 'cardiovascular', 'diabetes',
  'rehabilitation', 'bioprinting', 'nanoparticle', 'exosomes', 'insurance', 'partner', 'equipment', 'validation', 'ai'];
const typo = ['genme', 'imagng', 'diagnotics', 'theraphy', 'wearabel', 'biomarkr', 'toxicolgy', 'regenrative',
  'oncolgy', 'antibdy', 'telemedecine', 'ultrasond', 'patholgy', 'organiods', 'microbiom', 'demetia', 'neurolgy',
  'cardiovasculr', 'diabets', 'rehabilitaton', 'bioprintng', 'nanoparticel', 'exosmes', 'insurence', 'equipmnet'];
const namesKo = ['한빛', '누리', '새솔', '다온', '가람', '하늘', '온새', '미르', '푸른', '솔빛', '진로드', '메디큐브', '셀로',
  '뉴로', '젠바이오', '라이프', '케어젠', '바이오넷', '오믹스', '큐라', '메디젠', '아이진', '웰니스', '넥스트', '스마트'];
const domKo = ['바이오', '메디컬', '헬스케어', '데이터', '제약', '진단', '로보틱스', '인공지능', '유전체', '세포', '이미징'];
const namesEn = ['hanbit', 'nuri', 'saesol', 'daon', 'garam', 'haneul', 'onsae', 'mir', 'pureun', 'solbit', 'jinrod',
  'medicube', 'cello', 'neuro', 'genbio', 'caregen', 'bionet', 'omics', 'cura', 'medigen', 'igene', 'wellness', 'prime'];
const domEn = ['bio', 'medical', 'healthcare', 'data', 'pharma', 'diagnostics', 'robotics', 'genomics', 'cell', 'imaging'];
const people = ['김민준', '이서연', '박도윤', '최지우', '정하준', '강서윤', '조예준', '윤하은', '장시우', '임지민',
  'kim', 'lee min', 'park do', 'choi', 'jung ha', 'kang seo', 'hong', 'song ji'];
const cho = ['ㅎㅂ', 'ㄴㄹ', 'ㅅㅅ', 'ㅁㄷㅋㅂ', 'ㅇㅈㅈㄷ', 'ㅈㄹㄷ', 'ㅂㅇㅇ', 'ㅇㅈㄱ', 'ㄷㅇ'];
const cross = (a, b, sep) => a.flatMap((x) => b.map((y) => x + sep + y));
// the prefix shape: w:sub(1, max(3, #w - r)) for r in 0..3, each r equally likely
const prefixes = en.flatMap((w) => [0, 1, 2, 3].map((r) => w.slice(0, Math.max(3, w.length - r))));

// [shape, share of the draw, queries (a query drawn k times as likely appears k times)]
const shapes = [
  ['ko1', 25, ko], ['ko2', 10, cross(ko, ko, ' ')], ['en', 15, en], ['prefix', 5, prefixes],
  ['org-ko', 8, cross(namesKo, domKo, '')], ['org-en', 7, cross(namesEn, domEn, ' ')], ['people', 7, people],
  ['cho', 4, cho], ['typo', 9, typo], ['mixed', 10, cross(ko, en, ' ')],
].filter(([s]) => !process.env.SHAPES || process.env.SHAPES.split(',').includes(s))
  // SAMPLE=n: every n-th query of each shape (a quicker, noisier figure)
  .map(([s, share, list]) => [s, share, list.filter((_, i) => i % Number(process.env.SAMPLE || 1) === 0)]);

const args = process.argv.slice(2);
const targets = args.map((a) => {
  const m = /^([^=]+)=([^:]+):(.+)$/.exec(a);
  if (!m) {
    console.error('usage: node bench/search-mix.mjs <label>=<bpmc binary>:<database> [...]');
    process.exit(2);
  }
  return { label: m[1], bin: m[2], db: m[3], cpu: [] };
});
if (!targets.length) {
  console.error('usage: node bench/search-mix.mjs <label>=<bpmc binary>:<database> [...]');
  process.exit(2);
}

function cpuMs(pid) {
  let ns = 0;
  for (const t of readdirSync(`/proc/${pid}/task`)) {
    try {
      ns += Number(readFileSync(`/proc/${pid}/task/${t}/schedstat`, 'utf8').split(' ')[0]);
    } catch { /* a thread gone */ }
  }
  return ns / 1e6;
}

for (const t of targets) {
  const port = await freePort();
  t.proc = spawn(t.bin, ['serve', '--db', t.db, '--listen', `127.0.0.1:${port}`, '--access-log', 'off',
    '--sweep-seconds', '0', '--anonymous-rate', '0'], { stdio: 'ignore' });
  t.base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60000;
  for (;;) {
    try {
      if ((await fetch(`${t.base}/healthz`)).ok) break;
    } catch { /* not up yet */ }
    if (Date.now() > deadline) {
      console.error(`${t.label}: no answer from ${t.bin}`);
      for (const u of targets) u.proc?.kill();
      process.exit(0);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

const ask = async (t, q, limit) => {
  const c0 = cpuMs(t.proc.pid);
  const r = await fetch(`${t.base}/api/v1/search?limit=${limit}&q=${encodeURIComponent(q)}`);
  await r.arrayBuffer();
  return cpuMs(t.proc.pid) - c0;
};

const load0 = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
// warm-up: the one-word shapes once (page cache, names held, prepared statements)
for (const q of [...ko, ...en])
  for (const t of targets) await ask(t, q, 31);

const rows = []; // [shape, query, weight]
for (const [shape, share, list] of shapes)
  for (const q of list) rows.push([shape, q, share / list.length]);
for (let i = 0; i < rows.length; i++) {
  const limit = 5 + (i % 26);
  for (const t of i % 2 ? targets : [...targets].reverse()) t.cpu[i] = await ask(t, rows[i][1], limit);
}
const load1 = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

const wsum = rows.reduce((a, r) => a + r[2], 0);
function wpct(idx, cpu, p) {
  const s = [...idx].sort((a, b) => cpu[a] - cpu[b]);
  const total = s.reduce((a, i) => a + rows[i][2], 0);
  let acc = 0;
  for (const i of s) {
    acc += rows[i][2];
    if (acc >= total * p) return cpu[i];
  }
  return cpu[s[s.length - 1]];
}
console.log(`${rows.length} uncached searches (anonymous), the scale bench's mix weighted; load average ${load0} → ${load1}`);
console.log('label        CPU ms per search, weighted:   p50    p90    p99  p99.9   over 10 ms');
const all = rows.map((_, i) => i);
for (const t of targets) {
  const over = all.filter((i) => t.cpu[i] > 10).reduce((a, i) => a + rows[i][2], 0) / wsum;
  console.log(`${t.label.padEnd(40)}${[0.5, 0.9, 0.99, 0.999].map((p) => wpct(all, t.cpu, p).toFixed(1).padStart(7)).join('')}${(100 * over).toFixed(2).padStart(10)} %`);
  for (const [shape, share] of shapes) {
    const idx = all.filter((i) => rows[i][0] === shape);
    const n = idx.filter((i) => t.cpu[i] > 10).length;
    const worst = [...idx].sort((a, b) => t.cpu[b] - t.cpu[a]).slice(0, 4);
    console.log(`  ${shape.padEnd(7)} ${String(share).padStart(2)} %: p99 ${wpct(idx, t.cpu, 0.99).toFixed(1).padStart(5)}, ${n} of ${idx.length} over 10 ms; worst ${worst.map((i) => `${rows[i][1]} ${t.cpu[i].toFixed(1)}`).join(', ')}`);
  }
  t.proc.kill();
}
if (process.env.OUT)
  writeFileSync(process.env.OUT, rows.map((r, i) => [r[0], r[1], ...targets.map((t) => t.cpu[i].toFixed(2))].join('\t')).join('\n') + '\n');
