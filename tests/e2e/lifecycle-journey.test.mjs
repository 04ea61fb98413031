// The lifecycle pages of issue #14's second part in a real browser against `bpmc serve` on the
// demo cluster, per role, each page checked with axe at zero violations:
// - a member of 시퀀스원 (105, marketing): its timeline (the KPI chart drawn by ECharts, the
//   numbers in a table, the support it got from 공용 장비·실험실 이용 지원 in both), its requests,
//   its reports (a tenfold jump is asked about before it is sent), a program application; the
//   operators' pages are not offered to it, and their API refuses it;
// - an operator: the SLA board (the demo's escalated requests), the late reports of the last
//   quarter due (the demo's late 크리스퍼랩), the cohorts, the decision on the member's
//   application, and the before/after view of program 6.
// The demo's dates are relative to the day it is loaded (src/db/demo/0090_lifecycle_today.sql):
// its four quarters of reports end at the last quarter due today, named here from today.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { axe, launchBrowser, screenshot, signIn, signOut, startServer, watchPage } from './harness.mjs';

const TIMEOUT = 15000;
const PW = 'Password-2026';
const stamp = Date.now().toString(36);
const M = { email: `lj-m-${stamp}@sequence.test`, name: '정기업' };
const OP = { email: `lj-op-${stamp}@center.test`, name: '한운영' };
const MOTIVATION = `식약처 상담 신청 ${stamp}`;

let server;
let browser;
let page;
let base;
const problems = [];

async function zeroViolations(name) {
  const v = await axe(page);
  assert.deepEqual(v.map((x) => `${x.id} (${x.impact}): ${x.help} @ ${x.nodes.join(', ')}`), [], `accessibility violations on ${name}`);
}

function addUser(u, role, org) {
  const args = ['user', 'add', '--db', server.db, '--email', u.email, '--name', u.name, '--role', role];
  if (org) args.push('--org', String(org));
  server.bpmc(args, `${PW}\n`);
}

const login = (email) => signIn(page, base, email, PW);
const logout = () => signOut(page);

const status = (path) => page.evaluate(async (p) => (await fetch(p)).status, path);

/** The quarter k quarters from the one whose KPI report is last due today in Korea (due on the
 * 20th of the month after it: kpi_due_quarter in rules.c), as {year, quarter, label}. */
function dueQuarter(k = 0) {
  const t = new Date(Date.now() + 9 * 3600 * 1000);
  const y = t.getUTCFullYear(), m = t.getUTCMonth() + 1, d = t.getUTCDate();
  const q = Math.floor((m - 1) / 3) + 1;
  const index = y * 4 + (q - 1) - 1 - (m === 3 * q - 2 && d < 20 ? 1 : 0) + k;
  const year = Math.floor(index / 4), quarter = (index % 4) + 1;
  return { year, quarter, label: `${year}-Q${quarter}` };
}
const DUE = dueQuarter(0), SELECTED = dueQuarter(-2), FIRST = dueQuarter(-3), NEXT = dueQuarter(1);

describe('the lifecycle timeline, applications and operator views', { timeout: 240000 }, () => {
  before(async () => {
    server = await startServer();
    base = server.base;
    addUser(M, 'org-admin', 105);
    addUser(OP, 'operator-staff');
    browser = await launchBrowser();
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.setDefaultTimeout(TIMEOUT);
    watchPage(page, problems);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows a company member its timeline with the KPI chart, the support marked and the numbers in a table', async () => {
    await login(M.email);
    await page.goto(`${base}/company-timeline`);
    await page.getByRole('heading', { level: 1, name: /시퀀스원의 타임라인/ }).waitFor();
    await page.locator('.kpi-chart svg').first().waitFor(); // ECharts drew it (its own chunk)
    assert.equal(await page.locator('.kpi-chart').getAttribute('role'), 'img');
    const table = page.getByRole('table', { name: '분기별 KPI' });
    await table.waitFor();
    const rows = table.locator('tbody tr');
    assert.equal(await rows.count(), 4, 'four submitted or accepted quarters');
    // the support received: selected for program 6 two quarters before the last one due,
    // marked on that quarter's row
    assert.match(await rows.filter({ hasText: SELECTED.label }).textContent(), /공용 장비·실험실 이용 지원/);
    assert.match(await rows.filter({ hasText: FIRST.label }).textContent(), /21억/);
    const items = page.locator('ol.timeline li');
    assert.ok((await items.count()) >= 8, 'stages, support, requests, milestones and reports');
    assert.ok((await page.locator('ol.timeline li.timeline-support').count()) >= 1);
    await zeroViolations('timeline');
    await screenshot(page, '63-lifecycle-timeline', { fullPage: true });
  });

  it('lists its requests and reports, and asks before a tenfold jump is sent', async () => {
    await page.goto(`${base}/my-requests`);
    await page.getByRole('heading', { level: 1, name: '나의 지원 요청' }).waitFor();
    await page.locator('tr', { hasText: '태국 FDA' }).waitFor();
    await zeroViolations('my requests');
    await page.goto(`${base}/my-reports`);
    await page.getByRole('heading', { level: 1, name: '나의 KPI 보고' }).waitFor();
    await page.locator('tr', { hasText: DUE.label }).waitFor();
    await zeroViolations('my reports');
    // the next quarter with ten times the employees of the last one due (70): the page asks,
    // then sends it
    await page.locator('select[name="quarter"]').selectOption(String(NEXT.quarter));
    await page.locator('input[name="year"]').fill(String(NEXT.year));
    await page.getByLabel('임직원 수').fill('700');
    await page.getByRole('button', { name: '보고서 저장' }).click();
    const ask = page.getByRole('alert').filter({ hasText: '10배' });
    await ask.waitFor();
    assert.match(await ask.textContent(), /임직원 수/);
    assert.equal(await page.getByRole('button', { name: '보고서 저장' }).isDisabled(), true);
    await zeroViolations('my reports, asking');
    await page.getByLabel('네, 맞습니다').check();
    await page.getByRole('button', { name: '보고서 저장' }).click();
    await page.locator('tr', { hasText: NEXT.label }).waitFor();
    const saved = await page.evaluate(async (q) => (await (await fetch(`/api/v1/kpi-reports?org_id=105&year=${q.year}&quarter=${q.quarter}`)).json()).items[0], NEXT);
    assert.equal(saved.employees, 700);
    assert.equal(saved.confirm_outliers, true);
  });

  it('lets the member apply to an open program, and offers it none of the operators’ pages', async () => {
    await page.goto(`${base}/support-programs`);
    await page.getByRole('heading', { level: 1, name: '지원 프로그램 신청' }).waitFor();
    const row = page.locator('tr', { hasText: '식약처 인허가 전주기 컨설팅' });
    await row.getByLabel(/신청 사유/).fill(MOTIVATION);
    await zeroViolations('programs, member');
    await row.getByRole('button', { name: '신청하기' }).click();
    await page.locator('section[aria-labelledby="pg-apps"] tr', { hasText: MOTIVATION }).waitFor();
    // no select or decline for the company, no before/after view
    assert.equal(await page.getByRole('button', { name: '선정' }).count(), 0);
    assert.equal(await page.getByRole('link', { name: '지원 전후 KPI' }).count(), 0);
    // the operators' tabs are not offered; their answers refuse the member
    assert.equal(await page.getByRole('link', { name: 'SLA 현황판' }).count(), 0);
    assert.equal(await page.getByRole('link', { name: '늦은 KPI 보고' }).count(), 0);
    assert.equal(await status('/api/v1/lifecycle/late-reports'), 403);
    assert.equal(await status('/api/v1/programs/6/outcomes'), 403);
    await page.goto(`${base}/sla-board`);
    await page.getByText('운영자가 봅니다').waitFor();
    await logout();
  });

  it('gives an operator the SLA board, the late reports and the cohorts', async () => {
    await login(OP.email);
    await page.goto(`${base}/sla-board`);
    await page.getByRole('heading', { level: 1, name: 'SLA 현황판' }).waitFor();
    const esc = page.getByRole('table', { name: /기한 임박 알림/ });
    await esc.locator('tr', { hasText: '동남아 수출 인증' }).waitFor();
    await esc.locator('tr', { hasText: '기술이전 계약 검토' }).waitFor();
    await zeroViolations('SLA board');
    await screenshot(page, '64-lifecycle-sla-board', { fullPage: true });

    await page.goto(`${base}/late-reports?quarter=${DUE.label}`);
    await page.getByRole('heading', { level: 2, name: new RegExp(DUE.label) }).waitFor();
    const late = page.locator('tr', { hasText: '크리스퍼랩' });
    await late.waitFor();
    assert.match(await late.textContent(), /늦음/);
    assert.match(await page.locator('tr', { hasText: '메디웨이브' }).textContent(), /작성 중/);
    await zeroViolations('late reports');

    await page.goto(`${base}/tenant-cohorts`);
    const cohorts = page.getByRole('table', { name: '단계·분야별 기업 수' });
    await cohorts.waitFor();
    assert.equal(await cohorts.locator('tbody tr').count(), 6);
    await zeroViolations('cohorts');
  });

  it('lets the operator decide the application and see a program’s KPIs before and after', async () => {
    await page.goto(`${base}/support-programs`);
    const row = page.locator('section[aria-labelledby="pg-apps"] tr', { hasText: '시퀀스원' }).filter({ hasText: '식약처' });
    await row.waitFor();
    await zeroViolations('programs, operator');
    await row.getByLabel('사유').fill('허가 경로가 명확함');
    await row.getByRole('button', { name: '선정', exact: true }).click();
    await row.locator('.badge', { hasText: '선정' }).waitFor();

    await page.goto(`${base}/program-outcomes?program=6`);
    await page.getByRole('heading', { level: 1, name: /공용 장비·실험실 이용 지원: 지원 전후 KPI/ }).waitFor();
    const each = page.getByRole('table', { name: '기업별 지원 전후 KPI' });
    await each.waitFor();
    assert.equal(await each.locator('tbody tr').count(), 3);
    assert.match(await each.locator('tr', { hasText: '시퀀스원' }).textContent(), new RegExp(`${FIRST.label} → ${DUE.label}`));
    await zeroViolations('outcomes');
    await screenshot(page, '65-lifecycle-outcomes', { fullPage: true });
    assert.deepEqual(problems.filter((p) => !/40[134]/.test(p)), [], 'no console errors or failed requests');
  });
});
