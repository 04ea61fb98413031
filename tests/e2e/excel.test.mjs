// The Excel round trip in a real browser, as an operator of 기업지원과 does it (issue #11, point
// 3): the organisations list exports the columns shown, labelled in Korean, as a workbook that
// imports back with nothing to change; the import page gives the template of a collection, shows
// the errors of a filled template per cell, imports the valid rows only, hands over the report of
// the refused row, which imports once fixed. Workbooks are read with openpyxl; every page is
// checked with axe-core (zero violations) and photographed.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { axe, launchBrowser, screenshot, signIn, startServer, watchPage } from './harness.mjs';
import { xlsx } from '../api/fixtures/xlsx.mjs';

const TIMEOUT = 20000;
const READER = fileURLToPath(new URL('../api/fixtures/read_xlsx.py', import.meta.url));
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const stamp = Date.now().toString(36);

let server;
let browser;
let page;
let base;
const problems = [];

function openpyxl(bytes) {
  return JSON.parse(execFileSync('/usr/bin/python3', [READER], { input: bytes }).toString('utf8')).sheets[0];
}

async function checkA11y(name) {
  const v = await axe(page);
  for (const x of v) console.log(`# axe ${name}: ${x.impact} ${x.id} — ${x.help} @ ${x.nodes.join(', ')}`);
  assert.deepEqual(v.map((x) => `${x.id} (${x.impact}): ${x.nodes.join(', ')}`), [], `accessibility violations on ${name}`);
}

/** Click what starts a download and return the downloaded bytes and file name. */
async function download(locator) {
  const [dl] = await Promise.all([page.waitForEvent('download'), locator.click()]);
  return { bytes: readFileSync(await dl.path()), name: dl.suggestedFilename() };
}

async function choose(bytes, name) {
  await page.locator('#import-file').setInputFiles({ name, mimeType: XLSX, buffer: bytes });
}

describe('the Excel round trip in the web application', { timeout: 300000 }, () => {
  before(async () => {
    server = await startServer();
    base = server.base;
    browser = await launchBrowser();
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.setDefaultTimeout(TIMEOUT);
    watchPage(page, problems);
    await signIn(page, base, server.email, server.password);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('exports the organisations with the columns shown, in Korean, and imports the file back unchanged', async () => {
    await page.goto(`${base}/orgs`);
    await page.locator('tbody tr').first().waitFor();
    // one more column chosen: the export follows the list
    await page.locator('details.columns summary').click();
    const founded = page.locator('#col-orgs-founded');
    if (!(await founded.isChecked())) await founded.check();
    await page.locator('thead th', { hasText: '설립일' }).waitFor();
    // the heads' text without their sort arrows
    const shown = (await page.locator('thead th').allInnerTexts()).map((s) => s.split('\n')[0].trim()).filter(Boolean);
    const link = page.getByRole('link', { name: 'XLSX 내려받기' });
    assert.match(await link.getAttribute('href'), /columns=id%2C.*founded.*&format=xlsx&lang=ko/);
    const { bytes } = await download(link);
    const sheet = openpyxl(bytes);
    const header = sheet.rows[0].map((c) => c.v);
    assert.equal(header[0], 'ID');
    assert.deepEqual(header.slice(1), shown, 'the columns of the list, labelled as the list heads them');
    assert.equal(sheet.freeze, 'A2');
    assert.ok(sheet.autofilter.startsWith('A1:'));
    const at = header.indexOf('설립일');
    assert.ok(sheet.rows.slice(1).some((r) => r[at] && r[at].t === 'datetime'), 'founding dates are Excel dates');
    await checkA11y('orgs list');

    await page.goto(`${base}/imports`);
    await page.locator('#page-title').getByText('엑셀·CSV 가져오기').waitFor();
    await choose(bytes, 'orgs.xlsx');
    await page.getByRole('button', { name: '미리 보기', exact: true }).click();
    await page.locator('#import-summary').waitFor();
    const stat = async (label) => Number((await page.locator('.stat', { hasText: label }).locator('.stat-value').innerText()).replace(/,/g, ''));
    assert.equal(await stat('새로 등록'), 0);
    assert.equal(await stat('오류 있는 행'), 0);
    assert.equal(await stat('변경 없음'), sheet.rows.length - 1, 'every exported row imports back unchanged');
    await checkA11y('import preview of an export');
    await screenshot(page, 'excel-01-round-trip', { fullPage: false });
  });

  it('fills the template, imports the valid rows, fixes the refused one from the report', async () => {
    await page.goto(`${base}/imports`);
    await page.locator('#page-title').getByText('엑셀·CSV 가져오기').waitFor();
    await checkA11y('import page');
    const template = await download(page.getByRole('link', { name: /양식 내려받기/ }));
    assert.equal(template.name, 'orgs-template.xlsx');
    const t = openpyxl(template.bytes);
    const header = t.rows[0].map((c) => c.v);
    assert.equal(header[0], '기관명 *');
    assert.ok(t.validations.some((v) => v.formula1 === '"예,아니오"'));
    const example = t.rows[1].map((c) => (c ? c.v : null));
    const row = (cells) => header.map((h) => cells[h] ?? null);
    const names = [`양식 바이오 ${stamp}`, `양식 병원 ${stamp}`, `양식 오류 ${stamp}`];
    const filled = xlsx([
      header,
      example,
      row({ '기관명 *': names[0], '유형 *': '기업', '입주기업': '예', '설립일': '2024. 3. 2.' }),
      row({ '기관명 *': names[1], '유형 *': 'Hospital', '입주기업': 'N' }),
      row({ '기관명 *': names[2], '유형 *': '로봇', '입주기업': '예' }),
    ]);
    await choose(filled, '기관 양식.xlsx');
    await page.getByRole('button', { name: '미리 보기', exact: true }).click();
    await page.locator('#import-summary').waitFor();
    // the error is on its cell, with the labels it may be
    const bad = page.locator('tr.row-error');
    assert.equal(await bad.count(), 1);
    assert.equal(await bad.locator('td.cell-error').innerText(), '로봇');
    assert.match(await bad.locator('.row-errors').innerText(), /유형 \*: 다음 중 하나여야 합니다: 기업, 병원/);
    await checkA11y('import preview with an error');
    await screenshot(page, 'excel-02-preview-errors', { fullPage: true });
    assert.ok(await page.getByRole('button', { name: /^2행 가져오기/ }).isDisabled(), 'all-or-nothing is not offered with errors');
    await page.getByRole('button', { name: '유효한 행만 가져오기 (2행)' }).click();
    const done = page.locator('#import-done');
    await done.getByText('새로 등록 2건').waitFor();
    await done.getByText('오류가 있는 1행은 가져오지 않았습니다').waitFor();
    await checkA11y('import done with refused rows');
    await screenshot(page, 'excel-03-valid-rows', { fullPage: false });
    const report = await download(done.getByRole('button', { name: '오류 행 보고서 내려받기 (XLSX)' }));
    assert.equal(report.name, '가져오기-오류-orgs.xlsx');
    const r = openpyxl(report.bytes);
    assert.equal(r.rows.length, 2);
    const rh = r.rows[0].map((c) => c.v);
    assert.equal(rh[rh.length - 1], '오류 (가져오지 않음)');
    const refused = r.rows[1].map((c) => (c ? c.v : null));
    assert.equal(refused[0], names[2]);
    // fixed where the report marks it, and imported again
    refused[rh.indexOf('유형 *')] = '기업';
    await page.getByRole('button', { name: '다른 파일 가져오기' }).click();
    await choose(xlsx([rh, refused]), '보고서 수정.xlsx');
    await page.getByRole('button', { name: '미리 보기', exact: true }).click();
    await page.locator('#import-summary').waitFor();
    await page.getByRole('button', { name: '1행 가져오기' }).click();
    await page.locator('#import-done').getByText('새로 등록 1건').waitFor();
    for (const n of names) {
      const a = await page.evaluate(async (q) => (await fetch(`/api/v1/orgs?q=${encodeURIComponent(q)}`)).json(), n);
      assert.equal(a.total, 1, `${n} is imported once`);
    }
    await checkA11y('import done');
    assert.deepEqual(problems, []);
  });
});
