// The investment pages in a real browser against a real `bpmc serve` on the demo cluster: the
// deal pipeline board, the IR events with their register button, and investor ↔ company
// matching. An investor of the synthetic VC 고양바이오인베스트먼트 (169) and an admin of the
// company 진로드바이오 (101) move their deal through the pipeline (an investment asks for its
// amount and date); a member of another company (크리스퍼랩, 103) sees nothing of it; a trainee
// sees the deal but no button; anonymous callers see the events but register nothing; operators
// alone find the high-growth companies. Every page passes axe with no violation. Steps build on
// each other.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addUser, assertNoViolations, launchBrowser, screenshot, signIn, signOut, startServer, watchPage } from './harness.mjs';

const TIMEOUT = 15000;
const stamp = Date.now().toString(36);
const INV = { email: `inv-${stamp}@goyang-bio.test`, name: '윤투자' };
const CO = { email: `co-${stamp}@generoad.test`, name: '김대표' };
const OUT = { email: `out-${stamp}@crispr.test`, name: '최타사' };
const TR = { email: `tr-${stamp}@generoad.test`, name: '한연수' };
const OP = { email: `op-${stamp}@center.test`, name: '이운영' };
const DEAL = '[데모] 고양바이오인베스트먼트 × 진로드바이오';

let server;
let browser;
let page;
let base;
const problems = [];

const card = (title) => page.locator('.deal-card', { hasText: title });
const column = (stage) => page.locator(`.kanban-col.col-${stage}`);

describe('the investment pages in the web application', { timeout: 240000 }, () => {
  before(async () => {
    server = await startServer();
    base = server.base;
    addUser(server, INV, 'investor', 169);
    addUser(server, CO, 'org-admin', 101);
    addUser(server, OUT, 'org-member', 103);
    addUser(server, TR, 'trainee', 101);
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

  it('shows anyone the IR events, and offers registration to no one signed out', async () => {
    await page.goto(`${base}/ir-events`);
    await page.getByRole('heading', { level: 1, name: 'IR 행사·데모데이' }).waitFor();
    const demo = page.locator('.event-card', { hasText: '[데모] 바이오 정밀의료 데모데이' });
    await demo.waitFor();
    assert.match(await demo.textContent(), /정원 80석 중 75석 남음/);
    assert.equal(await page.getByRole('button', { name: '참가 신청' }).count(), 0);
    await page.getByText('참가 신청은 로그인한 기관 구성원이 합니다.').waitFor();
    await assertNoViolations(page, 'IR events, signed out');
    await screenshot(page, '80-investment-events-public', { fullPage: true });
    await page.goto(`${base}/investment`);
    await page.getByText('딜 파이프라인은 로그인한 투자기관·기업 구성원과 운영자가 봅니다.', { exact: false }).waitFor();
    assert.equal(await page.locator('.deal-card').count(), 0);
  });

  it('moves the deal along the pipeline for its company and its investor, asking an investment for its amount and date', async () => {
    await signIn(page, base, CO.email);
    await page.goto(`${base}/investment`);
    await card(DEAL).waitFor();
    assert.equal(await column('ir_meeting').locator('.deal-card', { hasText: DEAL }).count(), 1);
    // another investor's deal with another company is not on this board
    assert.equal(await card('한강헬스케어벤처스 × 딥패솔로지').count(), 0);
    await assertNoViolations(page, 'deal pipeline (company)');
    await screenshot(page, '81-investment-pipeline-company', { fullPage: true });
    await card(DEAL).getByRole('button', { name: '다음: 실사' }).click();
    await column('due_diligence').locator('.deal-card', { hasText: DEAL }).waitFor();
    await signOut(page);

    await signIn(page, base, INV.email);
    await page.goto(`${base}/investment`);
    await column('due_diligence').locator('.deal-card', { hasText: DEAL }).waitFor();
    await card(DEAL).getByRole('button', { name: '다음: 텀시트' }).click();
    await column('term_sheet').locator('.deal-card', { hasText: DEAL }).waitFor();
    await card(DEAL).getByRole('button', { name: '다음: 투자 완료' }).click();
    // the server's refusal names the amount; nothing moves
    await card(DEAL).getByRole('button', { name: '투자 완료로 기록' }).click();
    await card(DEAL).locator('.banner-error', { hasText: '투자 금액과 투자일' }).waitFor();
    await assertNoViolations(page, 'deal pipeline, an investment refused');
    await card(DEAL).getByLabel('투자 금액(원)').fill('1500000000');
    await card(DEAL).getByLabel('투자일').fill('2026-12-01');
    await card(DEAL).getByRole('button', { name: '투자 완료로 기록' }).click();
    const done = column('invested').locator('.deal-card', { hasText: DEAL });
    await done.waitFor();
    assert.match(await done.textContent(), /15억원/);
    await page.getByRole('link', { name: '새 딜' }).waitFor(); // an investor's member starts a deal
    await assertNoViolations(page, 'deal pipeline (investor)');
    await screenshot(page, '82-investment-pipeline-investor', { fullPage: true });
    await signOut(page);
  });

  it('keeps the deal from another company and gives a trainee no button', async () => {
    await signIn(page, base, OUT.email);
    await page.goto(`${base}/investment`);
    await page.getByRole('heading', { level: 1, name: '투자 딜 파이프라인' }).waitFor();
    await page.locator('.deal-kanban').waitFor();
    assert.equal(await card(DEAL).count(), 0);
    // a deal's investor side is an investor organisation: a company's member is not offered one
    await page.locator('.kanban-col').first().waitFor();
    await page.waitForLoadState('networkidle');
    assert.equal(await page.getByRole('link', { name: '새 딜' }).count(), 0, 'a company member does not start a deal');
    await page.goto(`${base}/deals/1`);
    await page.getByText('찾을 수 없', { exact: false }).first().waitFor();
    await signOut(page);

    await signIn(page, base, TR.email);
    await page.goto(`${base}/investment`);
    await card(DEAL).waitFor();
    assert.equal(await card(DEAL).getByRole('button').count(), 0);
    assert.equal(await page.getByRole('link', { name: '새 딜' }).count(), 0);
    await page.goto(`${base}/ir-events`);
    await page.locator('.event-card').first().waitFor();
    assert.equal(await page.getByRole('button', { name: '참가 신청' }).count(), 0);
    await assertNoViolations(page, 'IR events (trainee)');
    await signOut(page);
  });

  it('registers another company for the demo day and cancels; operators get the registrations list', async () => {
    await signIn(page, base, OUT.email);
    await page.goto(`${base}/ir-events`);
    const demo = page.locator('.event-card', { hasText: '[데모] 바이오 정밀의료 데모데이' });
    await demo.getByRole('button', { name: '참가 신청' }).click();
    await demo.getByLabel('인원').fill('3');
    await demo.getByLabel('참석자(대표)').fill('최타사');
    await assertNoViolations(page, 'IR events, the registration form');
    await demo.getByRole('button', { name: '신청하기' }).click();
    await demo.getByText('정원 80석 중 72석 남음').waitFor();
    assert.match(await demo.textContent(), /우리 기관의 신청: 신청/);
    // the IR round table's registration has not opened: no button there
    const later = page.locator('.event-card', { hasText: '[데모] 디지털헬스 IR 라운드테이블' });
    assert.equal(await later.getByRole('button', { name: '참가 신청' }).count(), 0);
    await screenshot(page, '83-investment-events-registered', { fullPage: true });
    page.once('dialog', (d) => d.accept());
    await demo.getByRole('button', { name: '신청 취소' }).click();
    await demo.getByText('정원 80석 중 75석 남음').waitFor();
    await signOut(page);

    await signIn(page, base, OP.email);
    await page.goto(`${base}/ir-events`);
    await demo.getByRole('link', { name: '참가 신청 관리(승인·참석)' }).waitFor();
    assert.equal(await page.getByRole('button', { name: '참가 신청' }).count(), 0);
    await signOut(page);
  });

  it('ranks open rounds for the investor and investors for the company’s round, with reasons', async () => {
    await signIn(page, base, INV.email);
    await page.goto(`${base}/investor-matching`);
    await page.getByRole('heading', { level: 1, name: '투자자–기업 매칭' }).waitFor();
    const round = page.locator('.match-card', { hasText: '[데모] 진로드바이오 시리즈 A' });
    await round.waitFor();
    assert.match(await round.textContent(), /투자 단계 일치: 시리즈 A/);
    assert.match(await round.textContent(), /공통 분야: 유전공학/);
    // a draft round is no candidate
    assert.equal(await page.locator('.match-card', { hasText: '큐어알고리즘 시드' }).count(), 0);
    await assertNoViolations(page, 'matching (investor)');
    await screenshot(page, '84-investment-matching-investor', { fullPage: true });
    await signOut(page);

    await signIn(page, base, CO.email);
    await page.goto(`${base}/investor-matching`);
    const vc = page.locator('.match-card', { hasText: '[데모] 고양바이오 초기기업 1호 투자조합' });
    await vc.waitFor();
    assert.match(await vc.textContent(), /유치 희망 금액이 투자 규모 범위 안에 있습니다/);
    await assertNoViolations(page, 'matching (company)');
    await screenshot(page, '85-investment-matching-company', { fullPage: true });
    // high-growth discovery is the operators': a company is told so, and gets no figures
    await page.goto(`${base}/high-growth`);
    await page.getByText('고성장 기업 발굴은 운영자가 봅니다.').waitFor();
    assert.equal(await page.locator('table').count(), 0);
    await signOut(page);
  });

  it('serves the generic views of the collections: a round’s record to its company, an event to anyone, the deal form', async () => {
    await page.goto(`${base}/events/1`);
    await page.locator('#page-title', { hasText: '[데모] 바이오 정밀의료 데모데이' }).waitFor();
    assert.equal(await page.getByRole('link', { name: '편집' }).count(), 0, 'no edit link for anonymous callers');
    await assertNoViolations(page, 'an event (generic record)');
    await signIn(page, base, CO.email);
    await page.goto(`${base}/fundraisings/1`);
    await page.locator('#page-title', { hasText: '[데모] 진로드바이오 시리즈 A' }).waitFor();
    await assertNoViolations(page, 'a fundraising round (generic record)');
    await screenshot(page, '87-investment-fundraising', { fullPage: true });
    await signOut(page);
    await signIn(page, base, INV.email);
    await page.goto(`${base}/deals/new`);
    await page.getByLabel('딜 이름').first().waitFor();
    await assertNoViolations(page, 'a new deal (generic form)');
    await screenshot(page, '88-investment-deal-form', { fullPage: true });
    await signOut(page);
  });

  it('finds the high-growth companies for operators from the KPI reports', async () => {
    await signIn(page, base, OP.email);
    await page.goto(`${base}/high-growth`);
    const row = page.locator('tr', { hasText: '진로드바이오' });
    await row.waitFor();
    assert.match(await row.textContent(), /매출 연 32% 성장/);
    assert.match(await row.textContent(), /1\.8억원 → 2\.2억원|1억 8,000만원 → 2억 2,320만원/);
    await assertNoViolations(page, 'high-growth discovery');
    await screenshot(page, '86-investment-high-growth', { fullPage: true });
    await signOut(page);
    assert.deepEqual(problems, []);
  });
});
