// The program module (issue #15): the seed's program as data (unit projects, schedule, budget
// lines, achievements, issues), who reads which, the refusals, and the project card printed from
// it in every format (HTML, XLSX, HWPX, PDF) for operators only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, assertProblem, assertInvalid, bpmc } from './helpers.mjs';

let srv;
let admin;
let member;
const dir = mkdtempSync(join(tmpdir(), 'bpmc-card-'));
before(async () => {
  srv = await startServer();
  admin = await srv.login();
  srv.addUser({ email: 'card-member@bpmc.test', role: 'org-admin', org: 12 });
  member = await srv.login('card-member@bpmc.test');
});
after(async () => {
  if (srv) await srv.stop();
});

const UNITS = [
  '고양 바이오 정밀의료 협력지원센터(공공지원센터) 건립',
  '국내·외 의료기관(기업) 유치',
  '병원·대학교·연구소 협의체',
  '바이오 메디컬 전문 VC 유치',
  '바이오 정밀의료클러스터 구축을 위한 전문인력 양성시스템 구축',
];

// Runs python3 over a file written from the answer's bytes; prints JSON.
function py(bytes, ext, script) {
  const file = join(dir, `card-${Math.random().toString(36).slice(2)}.${ext}`);
  writeFileSync(file, bytes);
  return JSON.parse(execFileSync('python3', ['-c', script, file], { encoding: 'utf8' }));
}

test('program: the seed is loaded as data: five unit projects, the ○ marks, 150 백만원 시비, four achievements, two issues', async () => {
  const units = await srv.get('/api/v1/unit-projects?sort=position');
  assert.equal(units.status, 200, units.text);
  assert.deepEqual(units.json.items.map((u) => u.name), UNITS);
  const marks = await srv.get('/api/v1/schedule?limit=100');
  assert.equal(marks.json.total, 13);
  const budget = await srv.get('/api/v1/budget-lines', member);
  assert.equal(budget.status, 200, budget.text);
  assert.deepEqual(budget.json.items.map((b) => [b.source, b.kind, b.amount, b.starts_on]), [
    ['city', 'planned', 150000000, '2022-07-01'],
    ['city', 'executed', 138000000, '2022-12-20'], // demo (0055): the budget view's execution, not on the card
  ]);
  const ach = await srv.get('/api/v1/achievements');
  assert.equal(ach.json.total, 4);
  assert.ok(ach.json.items.some((a) => a.kind === 'mou' && /526개/.test(a.summary)));
  const issues = await srv.get('/api/v1/program-issues', admin);
  assert.equal(issues.json.total, 2);
  assert.match(issues.json.items[0].detail, /1,200억원/);
});

test('program: anyone reads the card\'s public parts, members the budget, operators the issues', async () => {
  assert.equal((await srv.get('/api/v1/unit-projects')).status, 200);
  assert.equal((await srv.get('/api/v1/achievements')).status, 200);
  assertProblem(await srv.get('/api/v1/budget-lines'), 401, 'the budget is not public');
  assertProblem(await srv.get('/api/v1/program-issues', member), 403, 'issues are for operators');
  assertProblem(await srv.post('/api/v1/unit-projects', { project_id: 1, name: 'x' }, member), 403);
  const doc = (await srv.get('/api/v1/openapi.json')).json;
  for (const c of ['unit-projects', 'schedule', 'budget-lines', 'achievements', 'program-issues', 'contacts'])
    assert.equal(doc.paths[`/api/v1/${c}`]['x-bpmc-access'].write, 'operator', c);
  assert.ok(JSON.stringify(doc).includes('"national":{"en":"National","ko":"국비"}'), 'the sources carry their labels');
});

test('program: an invalid period or source is refused naming the field, and nothing is written', async () => {
  const before = await srv.total('budget-lines', admin);
  const bad = await srv.post('/api/v1/budget-lines', {
    project_id: 1, item: '시험', source: 'federal', starts_on: '2023-01-01', amount: 1,
  }, admin);
  assertInvalid(bad, ['source']);
  const order = await srv.post('/api/v1/budget-lines', {
    project_id: 1, item: '시험', source: 'city', starts_on: '2023-06-01', ends_on: '2023-01-01', amount: 1,
  }, admin);
  assertInvalid(order, ['ends_on']);
  const date = await srv.post('/api/v1/schedule', { unit_project_id: 1, starts_on: '2023-02-30' }, admin);
  assertInvalid(date, ['starts_on']);
  const patch = await srv.patch('/api/v1/schedule/1', { ends_on: '2020-01-01' }, admin, '"1"');
  assertInvalid(patch, ['ends_on'], 'the stored start is later');
  assert.equal(await srv.total('budget-lines', admin), before);
});

test('project card: operators only (401 anonymous, 403 members), a bad format is 400', async () => {
  assertProblem(await srv.get('/api/v1/reports/project-card'), 401);
  assertProblem(await srv.get('/api/v1/reports/project-card?format=pdf', member), 403);
  const bad = assertProblem(await srv.get('/api/v1/reports/project-card?format=docx', admin), 400);
  assert.ok(bad.errors.some((e) => e.field === 'format'), JSON.stringify(bad));
  assertProblem(await srv.get('/api/v1/reports/project-card?project=999', admin), 404);
});

test('project card HTML: the seed\'s sections in order, unit projects, ○ matrix, budget in 백만원', async () => {
  const r = await srv.get('/api/v1/reports/project-card?format=html', admin);
  assert.equal(r.status, 200, r.text);
  assert.match(r.headers.get('content-type'), /^text\/html/);
  const sections = ['사업개요', '목 표', '추진체계', '추진계획', '사업기간', '연도별 추진계획', '연도별 사업비', '그간 추진사항', '쟁점 및 대책', '주관부서'];
  let at = 0;
  for (const s of sections) {
    const i = r.text.indexOf(s, at);
    assert.ok(i > at, `${s} after the previous section`);
    at = i;
  }
  for (const u of UNITS) assert.ok(r.text.includes(u), u);
  assert.match(r.text, /2022년 7\. ~ 2026년 6\. \(계속\)/);
  assert.match(r.text, /<td class="num total">150<\/td>/);
  for (const p of ["'22.7.", "'23", "'24", "'25", "'26.6.", '임기후', '기투자']) assert.ok(r.text.includes(p.replace(/'/g, '&#39;')), p);
  assert.equal((r.text.match(/<td class="mark">○<\/td>/g) || []).length, 13);
  assert.ok(r.text.includes('한국 신약개발연구조합과의(국내 526개 신약개발기업 회원) MOU체결'));
  assert.ok(r.text.includes('1,200억원'));
  assert.ok(r.text.includes('기업지원과장:김동원 ☎8075-3570'));
});

test('project card: a changed budget line changes the card, totals computed', async () => {
  const line = await srv.post('/api/v1/budget-lines', {
    project_id: 1, unit_project_id: 1, item: '바이오컴플렉스 건립 타당성조사 및 기본계획 수립',
    source: 'national', starts_on: '2023-03-01', amount: 1234500000,
  }, admin);
  assert.equal(line.status, 201, line.text);
  const r = await srv.get('/api/v1/reports/project-card', admin);
  assert.match(r.text, /<td class="num total">1,384\.5<\/td>/, 'the grand total is 150 + 1,234.5');
  const x = await srv.get('/api/v1/reports/project-card?format=xlsx', admin);
  const cells = py(x.bytes, 'xlsx', `
import sys, zipfile, json, re
z = zipfile.ZipFile(sys.argv[1])
s = z.read('xl/worksheets/sheet1.xml').decode()
shared = re.findall(r'<t[^>]*>([^<]*)</t>', z.read('xl/sharedStrings.xml').decode())
print(json.dumps({'formulas': re.findall(r'<c r="([A-Z]+[0-9]+)"[^>]*><f>([^<]*)</f><v>([^<]*)</v>', s),
  'merged': re.findall(r'<mergeCell ref="([^"]+)"', s), 'strings': shared}))
`);
  const total = cells.formulas.find(([, f]) => /^SUM\(C\d+:C\d+\)$/.test(f));
  assert.ok(total, JSON.stringify(cells.formulas));
  assert.equal(Number(total[2]), 1384.5);
  assert.ok(cells.formulas.some(([, f, v]) => /^SUM\(D\d+:J\d+\)$/.test(f) && Number(v) === 1234.5), 'a row\'s 계 is a formula');
  assert.ok(cells.merged.some((m) => /^A(\d+):A(\d+)$/.test(m) && m.split(':').map((c) => +c.slice(1)).reduce((a, b) => b - a) === 3), 'the item spans its four sources');
  for (const u of UNITS) assert.ok(cells.strings.includes(u), u);
  assert.equal((await srv.del(`/api/v1/budget-lines/${line.json.id}`, admin)).status, 204);
  const back = await srv.get('/api/v1/reports/project-card', admin);
  assert.match(back.text, /<td class="num total">150<\/td>/);
});

test('project card XLSX: every total is a formula that openpyxl reads, and it evaluates to its cached value and to the lines', async () => {
  const line = await srv.post('/api/v1/budget-lines', {
    project_id: 1, item: '협력지원센터 설계', source: 'provincial', starts_on: '2024-05-01', amount: 300000000,
  }, admin);
  assert.equal(line.status, 201, line.text);
  const x = await srv.get('/api/v1/reports/project-card?format=xlsx', admin);
  assert.equal(x.status, 200);
  // /usr/bin/python3 with openpyxl (python3-openpyxl): the reader Excel users' scripts use
  const file = join(dir, 'openpyxl.xlsx');
  writeFileSync(file, x.bytes);
  const got = JSON.parse(execFileSync('/usr/bin/python3', ['-c', `
import sys, json, re
from openpyxl import load_workbook
from openpyxl.utils import range_boundaries
f = load_workbook(sys.argv[1])
v = load_workbook(sys.argv[1], data_only=True)
ws, wv = f.active, v.active
out = {'formulas': [], 'merged': [str(m) for m in ws.merged_cells.ranges], 'rows': []}
for row in ws.iter_rows():
    for c in row:
        if isinstance(c.value, str) and c.value.startswith('='):
            m = re.fullmatch(r'=SUM\\(([A-Z]+[0-9]+:[A-Z]+[0-9]+)\\)', c.value)
            total = None
            if m:
                c1, r1, c2, r2 = range_boundaries(m.group(1))
                total = sum((wv.cell(r, k).value or 0) for r in range(r1, r2 + 1) for k in range(c1, c2 + 1)
                            if isinstance(wv.cell(r, k).value, (int, float)))
            out['formulas'].append([c.coordinate, c.value, wv[c.coordinate].value, total])
for row in wv.iter_rows(values_only=True):
    out['rows'].append([x if isinstance(x, (int, float)) or x is None else str(x) for x in row])
print(json.dumps(out, ensure_ascii=False))
`, file], { encoding: 'utf8' }));
  assert.ok(got.formulas.length >= 6, JSON.stringify(got.formulas));
  for (const [cell, formula, cached, evaluated] of got.formulas) {
    assert.match(formula, /^=SUM\([A-Z]+\d+:[A-Z]+\d+\)$/, `${cell} is a SUM`);
    assert.equal(typeof evaluated, 'number', `${cell}: evaluated`);
    assert.ok(Math.abs(cached - evaluated) < 1e-9, `${cell} ${formula}: cached ${cached}, evaluates to ${evaluated}`);
  }
  const total = got.rows.find((r) => r.includes('합계'));
  assert.ok(total, 'the 합계 row');
  const nums = total.filter((v) => typeof v === 'number');
  assert.equal(nums[0], 450, 'the grand total: 150 (시비) + 300 (도비), in 백만원');
  assert.ok(nums.includes(150) && nums.includes(300), 'the periods\' totals');
  const provincial = got.rows.find((r) => r.includes('도비') && r.some((v) => v === 300));
  assert.ok(provincial, 'the 도비 row of the new item');
  assert.ok(got.merged.some((m) => /^A\d+:A\d+$/.test(m)), 'the item\'s cell merged over its sources');
  assert.equal((await srv.del(`/api/v1/budget-lines/${line.json.id}`, admin)).status, 204);
});

test('project card HWPX: the OWPML parts, mimetype first and stored, XML well-formed with the Korean text', async () => {
  const r = await srv.get('/api/v1/reports/project-card?format=hwpx', admin);
  assert.equal(r.status, 200, r.text.slice(0, 200));
  assert.equal(r.headers.get('content-type'), 'application/hwp+zip');
  assert.match(r.headers.get('content-disposition'), /project-card\.hwpx/);
  const got = py(r.bytes, 'hwpx', `
import sys, zipfile, json
import xml.etree.ElementTree as ET
z = zipfile.ZipFile(sys.argv[1])
info = z.infolist()
texts = []
for n in z.namelist():
    if n.endswith('.xml') or n.endswith('.hpf'):
        root = ET.fromstring(z.read(n))
        if n == 'Contents/section0.xml':
            texts = [t.text or '' for t in root.iter('{http://www.hancom.co.kr/hwpml/2011/paragraph}t')]
            tables = [(t.get('rowCnt'), t.get('colCnt')) for t in root.iter('{http://www.hancom.co.kr/hwpml/2011/paragraph}tbl')]
print(json.dumps({'names': [i.filename for i in info], 'first_stored': info[0].compress_type == 0,
  'mimetype': z.read('mimetype').decode(), 'texts': texts, 'tables': tables}))
`);
  for (const part of ['mimetype', 'version.xml', 'META-INF/container.xml', 'Contents/content.hpf', 'Contents/header.xml', 'Contents/section0.xml', 'settings.xml'])
    assert.ok(got.names.includes(part), part);
  assert.equal(got.names[0], 'mimetype');
  assert.ok(got.first_stored);
  assert.equal(got.mimetype, 'application/hwp+zip');
  for (const u of UNITS) assert.ok(got.texts.some((t) => t.includes(u)), u);
  assert.ok(got.texts.includes('시비') && got.texts.includes('150'), 'the budget figures');
  assert.ok(got.texts.some((t) => t.includes('1,200억원')));
  assert.equal(got.texts.filter((t) => t === '○').length, 13);
  assert.deepEqual(got.tables[2], ['6', '10'], 'the budget: header, 합계 and four sources × ten columns');
});

test('project card PDF: %PDF with the Korean text extractable (pdftotext), and the CLI writes the same card', async () => {
  const r = await srv.get('/api/v1/reports/project-card?format=pdf', admin);
  assert.equal(r.status, 200, r.text.slice(0, 200));
  assert.equal(r.headers.get('content-type'), 'application/pdf');
  assert.equal(r.bytes.subarray(0, 5).toString(), '%PDF-');
  const file = join(dir, 'card.pdf');
  writeFileSync(file, r.bytes);
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  for (const s of ['바이오 정밀의료클러스터 조성 추진', '연도별 사업비', '바이오컴플렉스 건립', '150', '1,200억원', '김동원'])
    assert.ok(text.includes(s), `${s} in the PDF's text`);
  const out = join(dir, 'cli.html');
  assert.match(bpmc(['report', 'project-card', '--format', 'html', '--out', out, '--db', srv.db]), /written to/);
  assert.ok(readFileSync(out, 'utf8').includes(UNITS[4]));
  assert.throws(() => bpmc(['report', 'project-card', '--format', 'doc', '--out', out, '--db', srv.db]),
    (e) => e.status === 2);
});
