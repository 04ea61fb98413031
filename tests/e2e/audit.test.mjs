// The audit log as a person reads it (issue #11, point 6), in a real browser against a real
// `bpmc serve` on the demo cluster: an operator changes an organisation's phone and a need's
// title through the API, then finds the changes in the audit log by its drop-down filters and
// date range, each entry naming its record with a link and showing before → after field by
// field; the need's page has a 변경 이력 tab listing its creation and its change. A member of a
// company, whom the server refuses the log, is offered neither the tab nor the log.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  addUser as addTo,
  apiAs as apiOn,
  assertNoViolations,
  launchBrowser,
  screenshot,
  signIn,
  signOut,
  startServer,
  watchPage,
} from './harness.mjs';

const TIMEOUT = 15000;
const stamp = Date.now().toString(36);
const OP = { email: `au-op-${stamp}@center.test`, name: '감사운영' };
const MEMBER = { email: `au-m-${stamp}@generoad.test`, name: '감사회원' };
const PHONE = '031-555-0123';
const TITLE = `오가노이드 독성 평가 ${stamp}`;

let server;
let browser;
let page;
let base;
const problems = [];

const addUser = (u, role, org) => addTo(server, u, role, org);
const apiAs = (email) => apiOn(base, email);
const login = (email) => signIn(page, base, email);
const logout = () => signOut(page);
const noViolations = (name) => assertNoViolations(page, name);
let needId;

describe('the audit log and change history in the web application', { timeout: 180000 }, () => {
  before(async () => {
    server = await startServer();
    base = server.base;
    addUser(OP, 'operator-staff');
    addUser(MEMBER, 'org-member', 101);
    const call = await apiAs(OP.email);
    const org = await call('GET', 'orgs/1');
    assert.equal(org.status, 200);
    const p = await call('PATCH', 'orgs/1', { phone: PHONE }, { 'if-match': org.etag });
    assert.equal(p.status, 200, JSON.stringify(p.body));
    const n = await call('POST', 'needs', { org_id: 101, title: `${TITLE} 초안`, description: '간 오가노이드로 독성을 평가할 협력 기관을 찾습니다.' });
    assert.equal(n.status, 201, JSON.stringify(n.body));
    needId = n.body.id;
    const n2 = await call('PATCH', `needs/${needId}`, { title: TITLE }, { 'if-match': n.etag });
    assert.equal(n2.status, 200, JSON.stringify(n2.body));
    browser = await launchBrowser();
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.setDefaultTimeout(TIMEOUT);
    watchPage(page, problems);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('an operator finds a change by the drop-downs and reads it field by field', async () => {
    await login(OP.email);
    await page.goto(`${base}/audit`);
    await page.getByRole('heading', { name: '감사 기록', level: 1 }).waitFor();
    await page.getByLabel('대상').selectOption({ label: '기관' });
    await page.getByLabel('동작').selectOption({ label: '수정' });
    await page.waitForURL(/collection=orgs.*action=update|action=update.*collection=orgs/);
    const row = page.getByRole('row').filter({ hasText: '국립암센터' });
    await row.waitFor();
    assert.match(await row.innerText(), /감사운영[\s\S]*수정[\s\S]*기관[\s\S]*국립암센터[\s\S]*대표전화/);
    assert.equal(await row.getByRole('link', { name: '국립암센터' }).getAttribute('href'), '/orgs/1');
    await noViolations('the audit log');
    await screenshot(page, 'audit-log');

    // a range that ends before today leaves nothing
    await page.getByLabel('종료일').fill('2020-01-01');
    await page.getByText('조건에 맞는 기록이 없습니다.').waitFor();
    await page.getByRole('button', { name: '조건 지우기' }).click();
    await page.waitForURL(`${base}/audit`);

    await page.goto(`${base}/audit?collection=orgs&action=update`);
    await page.getByRole('row').filter({ hasText: '국립암센터' }).getByRole('link', { name: /자세히/ }).click();
    await page.getByRole('heading', { name: /감사 기록 #\d+/, level: 1 }).waitFor();
    const diff = page.getByRole('table', { name: '변경 내용' });
    const phone = diff.getByRole('row').filter({ hasText: '대표전화' });
    assert.equal(await phone.locator('td').nth(1).innerText(), PHONE);
    assert.equal((await diff.getByRole('row').count()) - 1, 1, 'only the phone changed');
    await noViolations('an audit entry');
    await screenshot(page, 'audit-entry');
  });

  it('every record has a 변경 이력 tab for operators', async () => {
    await page.goto(`${base}/needs/${needId}`);
    await page.getByRole('heading', { name: TITLE, level: 1 }).waitFor();
    await page.getByRole('navigation', { name: '항목 보기' }).getByRole('link', { name: '변경 이력' }).click();
    await page.waitForURL(`${base}/needs/${needId}/history`);
    await page.getByRole('heading', { name: `${TITLE} — 변경 이력`, level: 1 }).waitFor();
    const entries = page.locator('ol.history > li');
    await entries.nth(1).waitFor();
    assert.equal(await entries.count(), 2);
    // the actor's name comes with its own request: wait for it, then read the heading
    await entries.nth(0).locator('h2', { hasText: '감사운영' }).waitFor();
    await entries.nth(1).locator('h2', { hasText: '감사운영' }).waitFor();
    assert.match(await entries.nth(0).locator('h2').innerText(), /수정 · 감사운영/);
    assert.match(await entries.nth(1).locator('h2').innerText(), /등록 · 감사운영/);
    const change = entries.nth(0).getByRole('row').filter({ hasText: '수요' });
    assert.equal(await change.locator('td').nth(0).innerText(), `${TITLE} 초안`);
    assert.equal(await change.locator('td').nth(1).innerText(), TITLE);
    await noViolations('a change history');
    await screenshot(page, 'audit-history');
    await logout();
  });

  it('a member of a company is offered neither the tab nor the log', async () => {
    await login(MEMBER.email);
    await page.goto(`${base}/needs/${needId}`);
    await page.getByRole('heading', { name: TITLE, level: 1 }).waitFor();
    assert.equal(await page.getByRole('link', { name: '변경 이력' }).count(), 0);
    // typed by hand, the address shows the server's refusal and no entry
    await page.goto(`${base}/audit`);
    await page.getByText('권한이 없습니다').waitFor();
    assert.equal(await page.getByRole('table').count(), 0);
    await logout();
    assert.deepEqual(problems, []);
  });
});
