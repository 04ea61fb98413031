// The lifecycle pages in a real browser against a real `bpmc serve` on the demo cluster (issue
// #14): a member of the synthetic tenant 진로드바이오 (101) opens its journey (stage history from
// the demo data), asks for support with the form and sees the request with its SLA state; a
// member of another company (크리스퍼랩, 103) sees nothing of it, not even by its address; an
// operator finds it in the support-request queue and triages it. Steps build on each other.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { axe, launchBrowser, screenshot, signIn, signOut, startServer, watchPage } from './harness.mjs';

const TIMEOUT = 15000;
const PW = 'Password-2026';
const stamp = Date.now().toString(36);
const A = { email: `lc-a-${stamp}@generoad.test`, name: '박기업' };
const B = { email: `lc-b-${stamp}@crispr.test`, name: '최타사' };
const OP = { email: `lc-op-${stamp}@center.test`, name: '이운영' };
const TITLE = `식약처 허가 상담 ${stamp}`;

let server;
let browser;
let page;
let base;
const problems = [];
let requestId;

async function checkA11y(name) {
  const v = await axe(page);
  for (const x of v) console.log(`# axe ${name}: ${x.impact} ${x.id} — ${x.help} @ ${x.nodes.join(', ')}`);
  const bad = v.filter((x) => x.impact === 'serious' || x.impact === 'critical');
  assert.deepEqual(bad.map((x) => `${x.id} (${x.impact}): ${x.nodes.join(', ')}`), [], `serious or critical accessibility violations on ${name}`);
}

function addUser(u, role, org) {
  const args = ['user', 'add', '--db', server.db, '--email', u.email, '--name', u.name, '--role', role];
  if (org) args.push('--org', String(org));
  server.bpmc(args, `${PW}\n`);
}

const login = (email) => signIn(page, base, email, PW);
const logout = () => signOut(page);

describe('the lifecycle pages in the web application', { timeout: 180000 }, () => {
  before(async () => {
    server = await startServer();
    base = server.base;
    addUser(A, 'org-member', 101);
    addUser(B, 'org-member', 103);
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

  it('shows a member its company’s journey, and files a support request from it', async () => {
    await login(A.email);
    await page.goto(`${base}/lifecycle`);
    await page.getByRole('heading', { level: 1, name: /진로드바이오의 전주기/ }).waitFor();
    // the demo history: basic research, then R&D (accepted), and a proposal waiting
    const timeline = page.locator('.timeline li');
    await timeline.first().waitFor();
    assert.ok((await timeline.count()) >= 3, 'three stage events');
    assert.match(await page.locator('.stage-badge').textContent(), /연구개발/);
    // a planned milestone past its date is marked overdue
    await page.locator('#lc-milestones').waitFor();
    assert.ok((await page.locator('section[aria-labelledby="lc-milestones"] .overdue-badge').count()) >= 1, 'an overdue milestone');
    await checkA11y('lifecycle journey');
    await screenshot(page, '60-lifecycle-journey', { fullPage: true });

    await page.getByLabel('제목').fill(TITLE);
    await page.getByLabel('지원 분야').selectOption('regulatory');
    await page.getByLabel('긴급도').selectOption('urgent');
    await page.getByLabel('요청 내용').fill('체외진단 의료기기 3등급 허가 절차를 알고 싶습니다.');
    await page.getByRole('button', { name: '요청 보내기' }).click();
    const link = page.locator('section[aria-labelledby="lc-requests"] a', { hasText: TITLE });
    await link.waitFor();
    requestId = Number(/\/support-requests\/(\d+)/.exec(await link.getAttribute('href'))[1]);
    assert.ok(requestId > 0);
    const row = page.locator('section[aria-labelledby="lc-requests"] tr', { hasText: TITLE });
    assert.match(await row.textContent(), /접수/);
    assert.match(await row.locator('.badge').first().textContent(), /기한/);
    // it is there after a reload too (the server has it), with its deadline
    await page.reload();
    await page.locator('section[aria-labelledby="lc-requests"] a', { hasText: TITLE }).waitFor();
    await screenshot(page, '61-lifecycle-request-sent', { fullPage: true });
    await logout();
  });

  it('shows another company nothing of it', async () => {
    await login(B.email);
    await page.goto(`${base}/lifecycle`);
    await page.getByRole('heading', { level: 1, name: /크리스퍼랩의 전주기/ }).waitFor();
    await page.locator('#lc-requests').waitFor();
    assert.equal(await page.getByText(TITLE).count(), 0, 'the other company does not see the request');
    const status = await page.evaluate(async (id) => (await fetch(`/api/v1/support-requests/${id}`)).status, requestId);
    assert.equal(status, 404);
    await page.goto(`${base}/support-requests`);
    await page.waitForLoadState('networkidle');
    assert.equal(await page.getByText(TITLE).count(), 0, 'nor in the list');
    await logout();
  });

  it('lets an operator find it in the queue and triage it', async () => {
    await login(OP.email);
    await page.goto(`${base}/support-queue`);
    await page.getByRole('heading', { level: 1, name: '지원 요청 처리' }).waitFor();
    const row = page.locator('tr', { hasText: TITLE });
    await row.waitFor();
    assert.match(await row.textContent(), /진로드바이오/);
    await checkA11y('support queue');
    await screenshot(page, '62-lifecycle-queue', { fullPage: true });
    await row.getByRole('button', { name: /분류 완료/ }).click();
    await row.locator('.badge', { hasText: '분류됨' }).waitFor();
    const st = await page.evaluate(async (id) => (await (await fetch(`/api/v1/support-requests/${id}`)).json()).status, requestId);
    assert.equal(st, 'triaged');
    assert.deepEqual(problems.filter((p) => !/40[134]/.test(p)), [], 'no console errors or failed requests');
  });
});
