// The training pages in a real browser against a real `bpmc serve` on the demo cluster: anyone
// reads the curriculum matrix (field × level) and a cohort's page, which offers an anonymous
// visitor no application; a trainee applies to a recruiting cohort there; an operator reads the
// demand a survey found (by field and level), approves the application and records attendance,
// which completes it; the trainee then downloads the certificate (PDF) from "my courses". The
// operators' pages offer a trainee nothing. Every page passes axe with no violation. Steps build
// on each other.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addUser, assertNoViolations, launchBrowser, screenshot, signIn, signOut, startServer, watchPage } from './harness.mjs';

const TIMEOUT = 15000;
const stamp = Date.now().toString(36);
const T = { email: `tr-t-${stamp}@trainee.test`, name: '정교육' };
const OP = { email: `tr-op-${stamp}@center.test`, name: '한운영' };
const COHORT = 4; // demo: 유전체 데이터 분석 입문 2026년 2기, recruiting, 8 sessions at 80 %

let server;
let browser;
let page;
let base;
const problems = [];

describe('the training pages in the web application', { timeout: 180000 }, () => {
  before(async () => {
    server = await startServer();
    base = server.base;
    addUser(server, T, 'trainee');
    addUser(server, OP, 'operator-staff');
    browser = await launchBrowser();
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.setDefaultTimeout(TIMEOUT);
    watchPage(page, problems);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows anyone the curriculum by field and level, and a cohort without an application', async () => {
    await page.goto(`${base}/training`);
    await page.getByRole('heading', { level: 1, name: '업종별·수준별 커리큘럼' }).waitFor();
    const matrix = page.locator('table.training-matrix');
    await matrix.waitFor();
    assert.deepEqual(await matrix.locator('thead th').allTextContents(), ['분야', '입문', '중급', '고급']);
    const genomics = matrix.locator('tbody tr').first();
    assert.equal(await genomics.locator('th').textContent(), '유전공학');
    assert.match(await genomics.locator('td').nth(0).textContent(), /유전체 데이터 분석 입문.*오픈캠퍼스/);
    assert.match(await genomics.locator('td').nth(1).textContent(), /NGS 분석 실습.*스마트랩/);
    await assertNoViolations(page, 'training curriculum');
    await screenshot(page, '80-training-curriculum', { fullPage: true });
    await genomics.locator('td').nth(0).getByRole('link', { name: '2026년 2기' }).click();
    await page.waitForURL(`${base}/training-cohort?id=${COHORT}`);
    await page.getByRole('heading', { level: 1, name: /유전체 데이터 분석 입문 2026년 2기/ }).waitFor();
    await page.getByRole('link', { name: '로그인하면 신청할 수 있습니다.' }).waitFor();
    assert.equal(await page.getByRole('button', { name: '수강 신청' }).count(), 0, 'no application for an anonymous visitor');
    await assertNoViolations(page, 'training cohort (anonymous)');
  });

  it('lets a trainee apply to a recruiting cohort, and offers a trainee none of the operators’ pages', async () => {
    await signIn(page, base, T.email);
    await page.goto(`${base}/training-cohort?id=${COHORT}`);
    await page.getByLabel('신청 사유 (선택)').fill('유전체 분석 기초를 배우고 싶습니다.');
    await page.getByRole('button', { name: '수강 신청' }).click();
    await page.locator('section[aria-labelledby="tr-apply"] .badge', { hasText: '신청' }).waitFor();
    assert.equal(await page.getByRole('button', { name: '수강 신청' }).count(), 0, 'applied once');
    await assertNoViolations(page, 'training cohort (applied)');
    await screenshot(page, '81-training-cohort-applied', { fullPage: true });
    // the generic lists offer what the API allows a trainee: an application, not a course
    await page.goto(`${base}/courses`);
    await page.locator('#page-title', { hasText: '교육 과정' }).waitFor();
    await page.locator('table tbody tr').first().waitFor();
    assert.equal(await page.getByRole('link', { name: '새 교육 과정' }).count(), 0, 'no new course for a trainee');
    await page.goto(`${base}/enrollments`);
    await page.getByRole('link', { name: '새 수강' }).waitFor();
    await page.goto(`${base}/survey-responses`);
    await page.locator('#page-title', { hasText: '수요조사 응답' }).waitFor();
    assert.equal(await page.getByRole('link', { name: '새 수요조사 응답' }).count(), 0, 'a trainee answers no survey');
    for (const path of ['/training-applications', '/training-demand']) {
      await page.goto(`${base}${path}`);
      await page.locator('.banner', { hasText: /운영자/ }).waitFor();
      assert.equal(await page.locator('table').count(), 0, `${path}: nothing for a trainee`);
      assert.equal(await page.getByRole('button', { name: /승인|반려|저장/ }).count(), 0, `${path}: no decision offered`);
    }
    await signOut(page);
  });

  it('shows an operator the demand by field and level, and lets them approve and record attendance', async () => {
    await signIn(page, base, OP.email);
    await page.goto(`${base}/training-demand`);
    await page.getByRole('heading', { level: 1, name: '교육훈련 수요' }).waitFor();
    // the open survey first: 3 answers
    await page.getByRole('heading', { level: 2, name: '응답 3건, 교육 희망 9명' }).waitFor();
    await page.getByLabel('수요조사').selectOption({ label: '[데모] 2026 바이오 정밀의료 전문인력 교육훈련 수요조사 (마감)' });
    await page.getByRole('heading', { level: 2, name: '응답 11건, 교육 희망 68명' }).waitFor();
    const genomics = page.locator('table.training-matrix tbody tr').first();
    assert.deepEqual(await genomics.locator('td').allTextContents(), ['6명 (1곳)', '4명 (1곳)', '8명 (2곳)']);
    await assertNoViolations(page, 'training demand');
    await screenshot(page, '82-training-demand', { fullPage: true });

    await page.goto(`${base}/courses`);
    await page.getByRole('link', { name: '새 교육 과정' }).waitFor();
    await page.goto(`${base}/training-applications?cohort=${COHORT}`);
    const row = page.locator('tbody tr', { hasText: T.name });
    await row.waitFor();
    // the cohort is named with its course: "2026년 2기" alone is ambiguous across courses
    await row.getByRole('link', { name: '[데모] 유전체 데이터 분석 입문 2026년 2기', exact: true }).waitFor();
    await assertNoViolations(page, 'training applications');
    await row.getByRole('button', { name: new RegExp(`^승인\\s*: ${T.name}$`) }).click();
    await row.locator('.badge', { hasText: '승인' }).waitFor();
    // 80 % of 8 sessions: 7 complete it; no more than the cohort's 8 sessions is offered
    assert.equal(await row.getByLabel('출석 회차').getAttribute('max'), '8');
    await row.getByLabel('출석 회차').fill('6');
    await row.getByRole('button', { name: '저장' }).click();
    await page.locator('[aria-live]', { hasText: '출석을 기록했습니다.' }).waitFor({ state: 'attached' });
    assert.equal(await row.locator('.badge').textContent(), '승인');
    await row.getByLabel('출석 회차').fill('7');
    await row.getByRole('button', { name: '저장' }).click();
    await row.locator('.badge', { hasText: '수료' }).waitFor();
    // a completion's attendance is still corrected (the server accepts it): below the rule it
    // undoes the completion, as the row says, and meeting the rule again completes it
    await row.getByText('기준 미만으로 고치면 수료가 취소됩니다').waitFor();
    await row.getByLabel('출석 회차').fill('5');
    await row.getByRole('button', { name: '저장' }).click();
    await page.locator('[aria-live]', { hasText: '출석을 고쳤습니다: 수료 취소' }).waitFor({ state: 'attached' });
    assert.equal(await row.locator('.badge').textContent(), '승인');
    await row.getByLabel('출석 회차').fill('7');
    await row.getByRole('button', { name: '저장' }).click();
    await row.locator('.badge', { hasText: '수료' }).waitFor();
    await assertNoViolations(page, 'training applications (completed)');
    await screenshot(page, '83-training-applications', { fullPage: true });
    await signOut(page);
  });

  it('gives the trainee the certificate in my courses', async () => {
    await signIn(page, base, T.email);
    await page.goto(`${base}/my-courses`);
    await page.getByRole('heading', { level: 1, name: '내 교육' }).waitFor();
    const row = page.locator('tbody tr').first();
    await row.locator('.badge', { hasText: '수료' }).waitFor();
    await row.getByRole('link', { name: '[데모] 유전체 데이터 분석 입문 2026년 2기', exact: true }).waitFor();
    const link = row.getByRole('link', { name: /수료증 내려받기/ });
    const href = await link.getAttribute('href');
    assert.match(href, /^\/api\/v1\/enrollments\/\d+\/certificate$/);
    const pdf = await page.request.get(`${base}${href}`);
    assert.equal(pdf.status(), 200);
    assert.equal(pdf.headers()['content-type'], 'application/pdf');
    assert.equal((await pdf.body()).subarray(0, 5).toString('latin1'), '%PDF-');
    // a completion is not cancelled
    assert.equal(await row.getByRole('button', { name: /취소/ }).count(), 0);
    await assertNoViolations(page, 'my courses');
    await screenshot(page, '84-training-my-courses', { fullPage: true });
    assert.deepEqual(problems, [], 'no page errors');
  });
});
