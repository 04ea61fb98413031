// Facilities money in a real browser against `bpmc serve` on the demo cluster (issue #13): an
// operator generates last month's statements, opens a draft one, adjusts a line's fee with a
// reason (the totals follow) and sees the downloads; the organisation's member sees its own
// statement only and no operator controls; the utilisation page draws its chart (ECharts, loaded
// lazily) with the numbers in a table beside it; the spaces page shows the occupancy by floor
// and the lease ending soon. Every page is checked with axe-core and photographed.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { axe, launchBrowser, screenshot, signIn, startServer, watchPage } from './harness.mjs';

const TIMEOUT = 15000;
const PW = 'Password-2026';
const stamp = Date.now().toString(36);
const OPERATOR = { email: `money-op-${stamp}@center.test`, name: '정산 담당' };
const MEMBER = { email: `money-${stamp}@company.test`, name: '김정산' };
const ORG = 103; // 크리스퍼랩: a tenant with a demo voucher and last month's draft statement

let server;
let browser;
let page;
let base;
const problems = [];

const p2 = (n) => String(n).padStart(2, '0');
const lastMonth = (() => {
  const now = new Date(Date.now() + 9 * 3600e3);
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}`;
})();

async function checkA11y(name) {
  const v = await axe(page);
  for (const x of v) console.log(`# axe ${name}: ${x.impact} ${x.id} — ${x.help} @ ${x.nodes.join(', ')}`);
  assert.deepEqual(v.map((x) => `${x.id} (${x.impact}): ${x.nodes.join(', ')}`), [], `accessibility violations on ${name}`);
}

const login = (who) => signIn(page, base, who.email, PW);

describe('statements, utilisation and spaces in the web application', { timeout: 240000 }, () => {
  before(async () => {
    server = await startServer();
    base = server.base;
    server.bpmc(['user', 'add', '--db', server.db, '--email', OPERATOR.email, '--name', OPERATOR.name, '--role', 'operator-staff'], `${PW}\n`);
    server.bpmc(['user', 'add', '--db', server.db, '--email', MEMBER.email, '--name', MEMBER.name, '--role', 'org-member', '--org', String(ORG)], `${PW}\n`);
    browser = await launchBrowser();
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.setDefaultTimeout(TIMEOUT);
    watchPage(page, problems);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('an operator generates last month, opens a draft statement and adjusts a line with a reason', async () => {
    await login(OPERATOR);
    await page.goto(`${base}/fee-statements`);
    await page.getByRole('heading', { name: '월별 정산서' }).waitFor();
    await page.locator('tr[data-statement]').first().waitFor();
    assert.equal(await page.locator('#st-month').inputValue(), lastMonth);
    const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/statements/generate'));
    await page.getByRole('button', { name: '정산서 생성' }).click();
    assert.equal((await answer).status(), 200);
    await page.locator('.banner').filter({ hasText: '발행되어 유지 2건' }).waitFor();
    await checkA11y('statements');
    await screenshot(page, '80-statements', { fullPage: true });
    const row = page.locator('tr[data-statement]').filter({ hasText: '크리스퍼랩' }).filter({ hasText: lastMonth });
    await row.getByRole('link').click();
    await page.waitForURL(/\/statements\/\d+$/);
    const first = page.locator('tr[data-line]').first();
    await first.waitFor();
    assert.ok((await page.locator('tr[data-line]').count()) > 5);
    for (const f of ['PDF', 'XLSX', 'CSV']) assert.equal(await page.getByRole('link', { name: f, exact: true }).count(), 1);
    await checkA11y('statement');
    const totalBefore = await page.locator('tr.sum td.num').first().textContent();
    await first.getByRole('button', { name: /조정/ }).click();
    await page.locator('#st-fee').fill('1000');
    await page.locator('#st-reason').fill('장비 오류로 감면');
    await checkA11y('statement adjustment');
    const patch = page.waitForResponse((r) => /\/api\/v1\/statement-lines\/\d+$/.test(r.url()) && r.request().method() === 'PATCH');
    await page.getByRole('button', { name: '저장' }).click();
    assert.equal((await patch).status(), 200);
    await page.locator('.banner').filter({ hasText: '조정했습니다' }).waitFor();
    await page.locator('tr[data-line]').first().filter({ hasText: '장비 오류로 감면' }).waitFor();
    const totalAfter = await page.locator('tr.sum td.num').first().textContent();
    assert.notEqual(totalAfter, totalBefore);
    await screenshot(page, '81-statement', { fullPage: true });
  });

  it('the utilisation page draws its chart lazily, with the numbers in a table beside it', async () => {
    // the chart's chunk comes with the page that draws it (this month's chart, when the month
    // has bookings, or last month's below), not with the shell
    const chunk = page.waitForResponse((r) => /\/assets\/chart-[^/]+\.js$/.test(r.url()));
    await page.goto(`${base}/utilisation`);
    await page.getByRole('heading', { name: '장비·공간 이용률' }).waitFor();
    await page.locator('#ut-month').fill(lastMonth);
    await page.locator('#ut-month').dispatchEvent('change');
    await chunk;
    await page.locator('.ut-canvas svg').waitFor();
    const rows = page.locator('tr[data-resource]');
    await rows.first().waitFor();
    assert.ok((await rows.count()) >= 9);
    assert.match(await page.locator('tr[data-resource]').filter({ hasText: '질량분석기' }).textContent(), /시간.*%/);
    await checkA11y('utilisation');
    await screenshot(page, '82-utilisation', { fullPage: true });
  });

  it('the spaces page shows occupancy by floor and the lease ending soon', async () => {
    await page.goto(`${base}/occupancy`);
    await page.getByRole('heading', { name: '입주 공간과 계약' }).waitFor();
    await page.locator('.sp-big').waitFor();
    await page.locator('tr[data-lease]').first().waitFor();
    assert.match(await page.locator('tr[data-lease]').first().textContent(), /협력기관 입주실 601호/);
    await checkA11y('spaces');
    await screenshot(page, '83-spaces', { fullPage: true });
  });

  it('a member sees its own statements only, without the operator controls', async () => {
    await page.getByRole('button', { name: '로그아웃' }).click();
    await login(MEMBER);
    await page.goto(`${base}/fee-statements`);
    await page.locator('tr[data-statement]').first().waitFor();
    const orgs = await page.evaluate(async () => (await (await fetch('/api/v1/statements?limit=200')).json()).items.map((s) => s.org_id));
    assert.ok(orgs.length >= 1 && orgs.every((o) => o === 103), `${orgs}`);
    assert.equal(await page.locator('tr[data-statement]').count(), orgs.length);
    assert.equal(await page.getByRole('button', { name: '정산서 생성' }).count(), 0);
    await page.locator('tr[data-statement] a').first().click();
    await page.locator('tr[data-line]').first().waitFor();
    assert.equal(await page.getByRole('button', { name: /조정/ }).count(), 0);
    assert.equal(await page.getByRole('button', { name: '발행' }).count(), 0);
    await checkA11y('statement (member)');
    assert.deepEqual(problems, []);
  });
});
