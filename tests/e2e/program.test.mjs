// The program module and the dashboard in a real browser against `bpmc serve` on the demo
// cluster (issue #15): the operator lands on the dashboard, whose charts (ECharts, loaded on
// first use) stand beside tables holding the API's figures; the budget view (plan vs
// execution), the schedule view (○ matrix and Gantt) and the project card page; each page
// passes axe with no violation at all. The card's HWPX is read back with an independent reader
// (@ssabrojs/hwpxjs), and the PDF's pages are rendered to images (pdftoppm) kept with the
// screenshots under build/screenshots/ as CI artefacts. An anonymous visitor sees the public
// figures only.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { HwpxReader } from '@ssabrojs/hwpxjs';
import { axe, launchBrowser, screenshot, screenshotDir, startServer, submitSignIn, watchPage } from './harness.mjs';

const TIMEOUT = 20000;
const UNITS = [
  '고양 바이오 정밀의료 협력지원센터(공공지원센터) 건립',
  '국내·외 의료기관(기업) 유치',
  '병원·대학교·연구소 협의체',
  '바이오 메디컬 전문 VC 유치',
  '바이오 정밀의료클러스터 구축을 위한 전문인력 양성시스템 구축',
];
// the seed's 연도별 추진계획: '22.7. '23 '24 '25 '26.6. 임기후 of each unit project
const MARKS = [
  ['', '', '○', '○', '○', ''],
  ['○', '○', '○', '○', '○', ''],
  ['○', '', '', '', '', ''],
  ['', '', '○', '○', '○', ''],
  ['', '', '○', '', '', ''],
];

let server;
let browser;
let page;
let base;
const problems = [];

async function noViolations(name) {
  const v = await axe(page);
  assert.deepEqual(v.map((x) => `${x.id} (${x.impact}): ${x.help} @ ${x.nodes.join(', ')}`), [], `axe on ${name}`);
}

/** Every chart on the page drawn (ECharts loaded and the option set). */
async function chartsDrawn(min) {
  await page.waitForFunction((n) => {
    const charts = [...document.querySelectorAll('.chart')];
    return charts.length >= n && charts.every((c) => c.dataset.ready === 'true' && c.querySelector('svg'));
  }, min);
}

/** The cells of a table, by rows, as text. */
function cells(selector) {
  return page.locator(selector).evaluate((t) =>
    [...t.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((c) => c.textContent.trim())),
  );
}

async function get(path) {
  const r = await page.request.get(`${base}${path}`);
  assert.equal(r.status(), 200, `${path}: ${r.status()}`);
  return r;
}

describe('the program pages and the dashboard in the web application', { timeout: 300000 }, () => {
  before(async () => {
    server = await startServer();
    base = server.base;
    browser = await launchBrowser();
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.setDefaultTimeout(TIMEOUT);
    watchPage(page, problems);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('an operator signs in and lands on the dashboard: charts with the same numbers in tables, links to the lists', async () => {
    await submitSignIn(page, base, server.email, server.password);
    await page.waitForURL(`${base}/dashboard`);
    await page.getByRole('heading', { name: '대시보드', level: 1 }).waitFor();
    const d = await (await get('/api/v1/dashboard')).json();
    const figures = ['tenants-field', 'tenants-stage', 'new-orgs', 'needs', 'matches', 'collaborations', 'deals', 'bookings', 'utilisation', 'budget', 'achievements', 'enrollments'];
    assert.deepEqual(await page.locator('[data-figure]').evaluateAll((xs) => xs.map((x) => x.dataset.figure)), figures);
    // the demo has no match, no collaboration and no achievement dated this year: those say so
    // (its trainees' enrollments are charted, src/db/demo/0230_training_enrollments.sql)
    await chartsDrawn(figures.length - 3);
    assert.equal(await page.locator('.chart').count(), figures.length - 3);
    await page.getByRole('heading', { name: `분야별 입주기업 (${d.tenants.total}곳)` }).waitFor();
    const fields = await cells('[data-figure="tenants-field"] table');
    assert.deepEqual(fields, d.tenants.by_field.map((f) => [f.ko, String(f.count)]));
    const budget = await cells('[data-figure="budget"] table');
    assert.deepEqual(budget[2], ['시비', '1억 5,000만원', '1억 3,800만원', '92.0%']);
    await page.getByRole('heading', { name: '사업비 집행률 92.0%' }).waitFor();
    const util = await cells('[data-figure="utilisation"] table');
    assert.equal(util.length, d.bookings.utilisation.by_resource.length);
    assert.equal(util[0][0], d.bookings.utilisation.by_resource[0].name);
    const links = await page.locator('.figure-link a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    assert.deepEqual(links, ['/orgs?is_tenant=true', '/orgs?is_tenant=true', '/orgs?sort=-created_at', '/needs', '/matches', '/collaborations', '/investment', '/bookings', '/resources', '/program/budget', '/achievements', '/enrollments']);
    await noViolations('dashboard');
    await screenshot(page, '80-dashboard', { fullPage: true });
    // ECharts came as a chunk of its own, after the page
    const scripts = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name).filter((n) => /\/assets\/.*\.js$/.test(n)));
    assert.ok(scripts.some((s) => /echarts-.*\.js$/.test(s)), scripts.join(' '));
  });

  it('the budget view: plan vs execution by period and source, the rates, in charts and tables', async () => {
    await page.locator('.figure-link a[href="/program/budget"]').click();
    await page.waitForURL(`${base}/program/budget`);
    await page.getByRole('heading', { name: '사업비 계획 대비 집행', level: 1 }).waitFor();
    await chartsDrawn(2);
    const periods = await cells('[data-figure="budget-period"] table');
    assert.deepEqual(periods[1], ["'22.7.", '1억 5,000만원', '1억 3,800만원', '92.0%']);
    assert.deepEqual(periods.at(-1), ['계', '1억 5,000만원', '1억 3,800만원', '92.0%']);
    const matrix = await cells('table.budget-matrix');
    assert.deepEqual(matrix[4], ['시비', '계획', '', '150', '', '', '', '', '', '150', '']);
    assert.deepEqual(matrix[5], ['시비', '집행', '', '138', '', '', '', '', '', '138', '92.0%']);
    assert.equal(await page.getByRole('link', { name: '사업비 항목 추가' }).getAttribute('href'), '/budget-lines/new');
    await noViolations('budget');
    await screenshot(page, '81-program-budget', { fullPage: true });
  });

  it('the schedule view: the seed\'s ○ matrix and a Gantt of the same rows', async () => {
    await page.goto(`${base}/program/schedule`);
    await page.getByRole('heading', { name: '연도별 추진계획', level: 1 }).waitFor();
    const rows = await cells('table.schedule-matrix');
    assert.deepEqual(rows.map((r) => r[0]), UNITS);
    // 기투자 first, then the seed's columns; a ○ reads "○추진" (the word is for screen readers)
    assert.deepEqual(rows.map((r) => r.slice(3).map((c) => (c ? '○' : ''))), MARKS);
    assert.equal(await page.locator('table.schedule-matrix td.mark .visually-hidden').count(), 13);
    await page.locator('.gantt-box[data-ready="true"] svg').waitFor();
    assert.equal(await page.locator('.gantt-box .bar-wrapper').count(), 13);
    await noViolations('schedule');
    await screenshot(page, '82-program-schedule', { fullPage: true });
  });

  it('the card page: the card in a frame and its downloads', async () => {
    await page.goto(`${base}/program/card`);
    await page.getByRole('heading', { name: '사업 카드', level: 1 }).waitFor();
    const frame = page.frameLocator('iframe.project-card');
    await frame.getByText('연도별 사업비').first().waitFor();
    assert.deepEqual(await page.locator('.downloads a').evaluateAll((as) => as.map((a) => a.getAttribute('href'))),
      ['hwpx', 'pdf', 'xlsx', 'html'].map((f) => `/api/v1/reports/project-card?format=${f}`));
    await noViolations('card');
    await screenshot(page, '83-project-card', { fullPage: true });
  });

  it('the HWPX card read back with an independent reader (hwpxjs): the same text and figures', async () => {
    const bytes = await (await get('/api/v1/reports/project-card?format=hwpx')).body();
    const reader = new HwpxReader();
    await reader.loadFromArrayBuffer(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    const info = await reader.getDocumentInfo();
    assert.equal(info.metadata.title, '바이오 정밀의료클러스터 조성 추진');
    assert.equal(info.summary.hasEncryptionInfo, false);
    const text = await reader.extractText();
    let at = 0;
    for (const s of ['□ 사업개요', '□ 목 표', '□ 추진체계', '□ 추진계획', '□ 사업기간 : 2022년 7. ~ 2026년 6. (계속)', '□ 연도별 추진계획', '□ 연도별 사업비', '(단위 : 백만원)', '□ 그간 추진사항', '□ 쟁점 및 대책']) {
      const i = text.indexOf(s, at);
      assert.ok(i >= at, `${s} in order in the reader's text`);
      at = i;
    }
    for (const u of UNITS) assert.ok(text.includes(`○ ${u}`), u);
    assert.ok(text.includes('한국 신약개발연구조합과의(국내 526개 신약개발기업 회원) MOU체결'));
    assert.ok(text.includes('총 사업비 1,200억원'));
    // hwpxjs 0.2's extractText/extractHtml skip tables nested in a paragraph's run, which is where
    // OWPML (and 한글) put them; its own XML parse of the section reads them
    const xml = reader.parseXml(reader.getTextFile('Contents/section0.xml'));
    const arr = (x) => (x == null ? [] : Array.isArray(x) ? x : [x]);
    const texts = (n, out = []) => {
      if (n && typeof n === 'object')
        for (const [k, v] of Object.entries(n)) {
          if (k === 't') for (const t of arr(v)) out.push(typeof t === 'object' ? String(t['#text'] ?? '') : String(t));
          else if (!k.startsWith('@')) for (const c of arr(v)) texts(c, out);
        }
      return out;
    };
    const tables = [];
    (function walk(n) {
      if (n && typeof n === 'object')
        for (const [k, v] of Object.entries(n)) {
          if (k === 'tbl') for (const t of arr(v)) tables.push(arr(t.tr).map((tr) => arr(tr.tc).map((tc) => texts(tc).join(''))));
          else if (!k.startsWith('@')) for (const c of arr(v)) walk(c);
        }
    })(xml);
    const schedule = tables.find((t) => t[0][0] === '단위사업' && t[0][1] === "'22.7.");
    assert.deepEqual(schedule.slice(1).map((r) => r[0]), UNITS);
    assert.deepEqual(schedule.slice(1).map((r) => r.slice(1)), MARKS);
    const budget = tables.find((t) => t[0][1] === '구분');
    assert.deepEqual(budget[0], ['단위사업', '구분', '계', '기투자', "'22.7.", "'23", "'24", "'25", "'26.6.", '임기후']);
    assert.deepEqual(budget[1], ['합계', '', '150', '', '150', '', '', '', '', '']);
    assert.deepEqual(budget.slice(2).map((r) => r.at(-9)), ['국비', '도비', '시비', '기타']);
    assert.deepEqual(budget[4], ['시비', '150', '', '150', '', '', '', '', '']);
    const contacts = tables.find((t) => t[0][0] === '주관부서');
    assert.deepEqual(contacts[0].slice(1), ['기업지원과장:김동원 ☎8075-3570', '기업유치팀장:김성은 ☎3215', '담당자:김복수 ☎3216']);
  });

  it('the PDF card\'s pages as images (pdftoppm), kept with the screenshots', async () => {
    const bytes = await (await get('/api/v1/reports/project-card?format=pdf')).body();
    const dir = join(screenshotDir, 'project-card-pdf');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const pdf = join(dir, 'project-card.pdf');
    writeFileSync(pdf, bytes);
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }))[1]);
    assert.ok(pages >= 2, `${pages} pages`);
    execFileSync('pdftoppm', ['-r', '80', '-png', pdf, join(dir, 'page')], { stdio: ['ignore', 'ignore', 'ignore'] });
    const images = readdirSync(dir).filter((f) => f.endsWith('.png')).sort();
    assert.equal(images.length, pages);
    for (const f of images) {
      const png = readFileSync(join(dir, f));
      assert.equal(png.subarray(1, 4).toString(), 'PNG', f);
      assert.ok(png.length > 10000, `${f} has content (${png.length} bytes)`);
    }
  });

  it('anonymous visitors see the cluster\'s public figures only, and are asked to sign in for the budget', async () => {
    await page.getByRole('button', { name: '로그아웃' }).click();
    await page.getByRole('link', { name: '로그인' }).first().waitFor();
    await page.goto(`${base}/dashboard`);
    await page.getByRole('heading', { name: '클러스터 현황', level: 1 }).waitFor();
    const pub = await (await get('/api/v1/dashboard/public')).json();
    assert.deepEqual(await page.locator('[data-figure]').evaluateAll((xs) => xs.map((x) => x.dataset.figure)),
      ['tenants-field', 'tenants-stage', 'new-orgs', 'needs', 'achievements']);
    await chartsDrawn(4);
    await page.getByRole('heading', { name: `분야별 입주기업 (${pub.tenants.total}곳)` }).waitFor();
    assert.equal((await page.request.get(`${base}/api/v1/dashboard`)).status(), 401);
    await noViolations('public dashboard');
    await screenshot(page, '84-public-dashboard', { fullPage: true });
    await page.goto(`${base}/program/budget`);
    await page.getByRole('link', { name: '로그인' }).last().waitFor();
    assert.equal(await page.locator('.figure-card').count(), 0);
    await noViolations('budget, anonymous');
    assert.deepEqual(problems, []);
  });
});
