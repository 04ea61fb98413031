// The attraction module in a real browser against `bpmc serve` on the demo cluster: the
// operator's pipeline board (a column per stage; moving a card by its stage choice or by
// dragging it opens the form that asks what the stage needs, and the move is the server's
// workflow: the stage, the dates, the activity row), a prospect's page (value chain, activity
// timeline, logging an activity, moving in), the funnel figures as the API gives them; another
// role is told the pipeline is the operators' and is offered none of its lists. Every page
// passes axe with no violation; screenshots go to build/screenshots/.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addUser, apiAs, axe, launchBrowser, screenshot, signIn, signOut, startServer, submitSignIn, watchPage } from './harness.mjs';

const TIMEOUT = 20000;
let server;
let browser;
let page;
let base;
let api;
const problems = [];

async function noViolations(name) {
  const v = await axe(page);
  assert.deepEqual(v.map((x) => `${x.id} (${x.impact}): ${x.help} @ ${x.nodes.join(', ')}`), [], `axe on ${name}`);
}

/** The cards' names in the column of a stage (its heading's label). */
function column(label) {
  return page.locator('.pipeline .kanban-col').filter({ has: page.getByRole('heading', { name: new RegExp(`^${label.replace(/[()]/g, '\\$&')} \\(`) }) });
}
const namesIn = (label) => column(label).locator('.prospect-card .collab-title').allTextContents();

async function prospectByName(name) {
  const r = await api('GET', `prospects?q=${encodeURIComponent(name)}`);
  return r.body.items.find((p) => p.name === name);
}

describe('the attraction pipeline in the web application', { timeout: 300000 }, () => {
  before(async () => {
    server = await startServer();
    base = server.base;
    addUser(server, { email: 'member@attraction.test', name: '입주기업 직원' }, 'org-member', 109);
    browser = await launchBrowser();
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.setDefaultTimeout(TIMEOUT);
    watchPage(page, problems);
    api = await apiAs(base, server.email, server.password);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('the operator\'s board: a column per stage with the demo\'s prospects', async () => {
    await submitSignIn(page, base, server.email, server.password);
    await page.getByRole('button', { name: '로그아웃' }).waitFor();
    // the operator's dashboard carries the pipeline's headline, from the funnel
    await page.waitForURL(`${base}/dashboard`);
    const headline = page.locator('[data-headline="attraction"]');
    await headline.waitFor();
    assert.equal((await headline.textContent()).replace(/\s+/g, ' ').trim(), '기업유치 진행 중 11곳(앵커 후보 3곳), 입주의향서 이상 4곳, 입주 1곳 유치 현황');
    assert.equal(await headline.getByRole('link', { name: '유치 현황' }).getAttribute('href'), '/attraction/funnel');
    await page.getByRole('navigation', { name: '주 메뉴' }).getByRole('link', { name: '기업유치', exact: true }).click();
    await page.waitForURL(`${base}/attraction`);
    await page.getByRole('heading', { name: '유치 파이프라인', level: 1 }).waitFor();
    const heads = await page.locator('.pipeline .kanban-col h2').allTextContents();
    assert.deepEqual(heads, ['발굴 (3)', '접촉 (3)', '면담 (2)', '입주의향서(LOI) (2)', '업무협약(MOU) (1)', '입주 (1)', '중단 (2)']);
    assert.deepEqual(await namesIn('업무협약(MOU)'), ['노바젠 바이오로직스']);
    // the module's tabs: the board, the funnel, and the two lists
    const tabs = await page.locator('.sub-nav a').allTextContents();
    assert.deepEqual(tabs, ['유치 파이프라인', '유치 현황', '유치 대상', '유치 활동 기록']);
    await noViolations('pipeline');
    await screenshot(page, '90-attraction-pipeline', { fullPage: true });
  });

  it('moving a card by its stage choice asks for the LOI date, then the server records the move', async () => {
    const card = page.locator('.prospect-card').filter({ hasText: '웨어러블메드' });
    await card.getByRole('combobox').selectOption('loi');
    await card.getByRole('button', { name: '옮기기' }).click();
    const form = page.locator('form.move-form');
    await form.getByRole('heading', { name: /웨어러블메드 — 발굴 → 입주의향서\(LOI\)/ }).waitFor();
    // the date is asked for, and focused
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('name')), 'loi_on');
    await noViolations('move form');
    await screenshot(page, '91-attraction-move-form');
    await form.getByLabel('입주의향서 일자').fill('2026-12-03');
    await form.getByRole('button', { name: '입주의향서(LOI)(으)로 옮기기' }).click();
    await form.waitFor({ state: 'detached' });
    await column('입주의향서(LOI)').getByRole('link', { name: '웨어러블메드' }).waitFor();
    const p = await prospectByName('웨어러블메드');
    assert.equal(p.stage, 'loi');
    assert.equal(p.loi_on, '2026-12-03');
    const log = (await api('GET', `activities?prospect_id=${p.id}`)).body.items;
    assert.deepEqual(log.map((a) => [a.kind, a.occurred_on, a.stage_from, a.stage_to]), [['loi', '2026-12-03', 'identified', 'loi']]);
  });

  it('dragging a card to 중단 asks for the reason; a move the rules refuse is not offered', async () => {
    const card = page.locator('.prospect-card').filter({ hasText: '씨엔에이 정밀진단' });
    await card.dragTo(column('중단'));
    const form = page.locator('form.move-form');
    await form.getByRole('heading', { name: /씨엔에이 정밀진단 — 면담 → 중단/ }).waitFor();
    await form.getByLabel('중단 사유').fill('해외 본사 이전으로 보류');
    await form.getByRole('button', { name: '중단(으)로 옮기기' }).click();
    await column('중단').getByRole('link', { name: '씨엔에이 정밀진단' }).waitFor();
    const p = await prospectByName('씨엔에이 정밀진단');
    assert.deepEqual([p.stage, p.dropped_from, p.drop_reason], ['dropped', 'meeting', '해외 본사 이전으로 보류']);
    // a move the transitions do not allow: dragged onto 입주 from 접촉 is refused on the page
    await page.locator('.prospect-card').filter({ hasText: '뉴럴패스 AI' }).dragTo(column('입주'));
    await page.getByText('뉴럴패스 AI: 접촉에서 입주(으)로는 옮길 수 없습니다.').waitFor();
    assert.equal(await page.locator('form.move-form').count(), 0);
    assert.equal((await prospectByName('뉴럴패스 AI')).stage, 'contacted');
    // and the choices of a card are the allowed moves only
    const options = await page.locator('.prospect-card').filter({ hasText: '뉴럴패스 AI' }).locator('option').allTextContents();
    assert.deepEqual(options, ['발굴', '면담', '입주의향서(LOI)', '업무협약(MOU)', '중단']);
  });

  it('a new prospect through the board\'s form: it starts identified and shows in the first column', async () => {
    await page.getByRole('link', { name: '새 유치 대상' }).click();
    await page.waitForURL(`${base}/prospects/new`);
    await page.locator('#f-name').fill('테스트 메디컬 AI');
    await page.locator('#f-kind').selectOption('company');
    await page.locator('#f-country').fill('대한민국');
    await noViolations('prospect form');
    await page.getByRole('button', { name: '저장' }).click();
    await page.waitForURL(/\/prospects\/\d+$/);
    await page.getByRole('heading', { name: '테스트 메디컬 AI', level: 1 }).waitFor();
    const p = await prospectByName('테스트 메디컬 AI');
    assert.equal(p.stage, 'identified');
    await page.getByRole('button', { name: '접촉(으)로' }).waitFor();
    await page.goto(`${base}/attraction`);
    await column('발굴').getByRole('link', { name: '테스트 메디컬 AI' }).waitFor();
  });

  it('a prospect\'s page: value chain, activity timeline, logging an activity, moving in', async () => {
    const p = await prospectByName('노바젠 바이오로직스');
    await page.locator('.prospect-card .collab-title', { hasText: '노바젠 바이오로직스' }).click();
    await page.waitForURL(`${base}/prospects/${p.id}`);
    await page.getByRole('heading', { name: /노바젠 바이오로직스/, level: 1 }).waitFor();
    const chain = page.locator('section').filter({ has: page.getByRole('heading', { name: '가치사슬(전·후방 기업)' }) });
    await chain.getByRole('link', { name: '진로드바이오' }).waitFor();
    await chain.getByRole('link', { name: '딥패솔로지' }).waitFor();
    const timeline = page.locator('ol.timeline li');
    assert.equal(await timeline.count(), 5);
    assert.match(await timeline.first().textContent(), /2026\. 6\. 15\..*업무협약\(MOU\).*입주의향서\(LOI\) → 업무협약\(MOU\)/);
    // log a visit
    const log = page.locator('form').filter({ has: page.getByRole('heading', { name: '활동 기록하기' }) });
    await log.getByLabel('종류').selectOption('visit');
    await log.getByLabel('일자').fill('2026-12-04');
    await log.getByLabel('내용').fill('노바젠 아시아 본부 실사단 센터 방문');
    await log.getByLabel('참석자').fill('유치팀, 노바젠 실사단');
    await log.getByRole('button', { name: '기록' }).click();
    await timeline.filter({ hasText: '실사단 센터 방문' }).waitFor();
    assert.equal(await timeline.count(), 6);
    await noViolations('prospect');
    await screenshot(page, '92-attraction-prospect', { fullPage: true });
    // move in: the organisation is registered and linked
    await page.getByRole('button', { name: '입주(으)로' }).click();
    const form = page.locator('form.move-form').filter({ has: page.getByRole('heading', { name: /단계 옮기기/ }) });
    await form.getByLabel('입주일(비우면 오늘)').fill('2026-12-05');
    await form.getByRole('button', { name: '입주(으)로 옮기기' }).click();
    await page.locator('.transitions .badge, .transitions [class*="status"]').filter({ hasText: '입주' }).first().waitFor();
    await page.getByText('입주한 대상은 더 옮기지 않습니다.').waitFor();
    const after = await prospectByName('노바젠 바이오로직스');
    assert.equal(after.stage, 'moved_in');
    const org = await api('GET', `orgs/${after.org_id}`);
    assert.deepEqual([org.body.name, org.body.is_tenant, org.body.is_anchor], ['노바젠 바이오로직스', true, true]);
    await page.getByRole('link', { name: '기관 정보' }).waitFor();
    await timeline.filter({ hasText: '업무협약(MOU) → 입주' }).waitFor();
    // moving in as an organisation of the directory, chosen by name on the board
    await page.goto(`${base}/attraction`);
    const card = page.locator('.prospect-card').filter({ hasText: '헬릭스진 코리아' });
    await card.getByRole('combobox').selectOption('moved_in');
    await card.getByRole('button', { name: '옮기기' }).click();
    const move = page.locator('form.move-form');
    const orgBox = move.getByRole('combobox', { name: '기존 기관(비우면 새로 등록)' });
    await orgBox.fill('오믹스');
    await page.getByRole('option', { name: /오믹스브릿지/ }).click();
    await noViolations('move-in form');
    await screenshot(page, '95-attraction-move-in');
    await move.getByRole('button', { name: '입주(으)로 옮기기' }).click();
    await column('입주').getByRole('link', { name: '헬릭스진 코리아' }).waitFor();
    const helix = await prospectByName('헬릭스진 코리아');
    assert.equal(helix.org_id, 104);
    assert.equal((await api('GET', 'orgs/104')).body.is_tenant, true);
    // the value chain of a prospect still in the pipeline: organisations chosen by name
    const scan = await prospectByName('메디스캔 로보틱스');
    await page.goto(`${base}/prospects/${scan.id}`);
    const chain2 = page.locator('section').filter({ has: page.getByRole('heading', { name: '가치사슬(전·후방 기업)' }) });
    await chain2.getByRole('link', { name: '일산메디텍' }).waitFor();
    await page.getByText('가치사슬 고치기').click();
    const downBox = page.getByRole('combobox', { name: '전방 기업(수요·하류)' });
    await downBox.fill('딥패');
    await page.getByRole('option', { name: /딥패솔로지/ }).click();
    await noViolations('value chain editor');
    await page.getByRole('button', { name: '가치사슬 저장' }).click();
    await chain2.getByRole('link', { name: '딥패솔로지' }).waitFor();
    const saved = await prospectByName('메디스캔 로보틱스');
    assert.deepEqual([saved.upstream_org_ids, saved.downstream_org_ids], [['109'], ['117']]);
  });

  it('the funnel: the API\'s figures in tables', async () => {
    await page.goto(`${base}/attraction/funnel`);
    await page.getByRole('heading', { name: '유치 현황', level: 1 }).waitFor();
    const f = (await api('GET', 'attraction/funnel')).body;
    const rows = await page.locator('table').first().evaluate((t) => [...t.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((c) => c.textContent.trim())));
    assert.deepEqual(rows, f.stages.map((s) => [s.label_ko, String(s.count), s.reached == null ? '—' : String(s.reached),
      s.conversion_to_next == null ? '—' : `${(Math.round(s.conversion_to_next * 1000) / 10).toLocaleString('ko-KR')}%`]));
    assert.deepEqual(rows[0], ['발굴', '3', '15', '80%']); // 웨어러블메드 went on to the LOI, one new
    await noViolations('funnel');
    await screenshot(page, '93-attraction-funnel', { fullPage: true });
  });

  it('another role is told the pipeline is the operators\' and is offered none of its lists', async () => {
    await signOut(page);
    await signIn(page, base, 'member@attraction.test');
    await page.goto(`${base}/attraction`);
    await page.getByText('기업유치 파이프라인은 운영자(협력지원센터·시 담당 부서)의 업무 자료입니다. 운영자만 봅니다.').waitFor();
    assert.equal(await page.locator('.pipeline').count(), 0);
    assert.equal(await page.locator('.sub-nav').count(), 0);
    assert.equal(await page.locator('a[href="/prospects"], a[href="/activities"]').count(), 0);
    // nor is the module in the main navigation (nor among the home page's module cards)
    assert.equal(await page.getByRole('navigation', { name: '주 메뉴' }).getByRole('link', { name: '기업유치', exact: true }).count(), 0);
    await noViolations('attraction (member)');
    await screenshot(page, '94-attraction-member');
    await page.goto(`${base}/`);
    await page.locator('.module-card').first().waitFor();
    assert.equal(await page.locator('.module-card a[href="/attraction"]').count(), 0);
    await page.goto(`${base}/attraction`);
    await page.goto(`${base}/attraction/funnel`);
    await page.getByText('운영자만 봅니다.').waitFor();
    // the public figures carry no pipeline headline
    await page.goto(`${base}/dashboard`);
    await page.getByRole('heading', { name: '클러스터 현황', level: 1 }).waitFor();
    await page.locator('.figure-grid').waitFor();
    assert.equal(await page.locator('[data-headline="attraction"]').count(), 0);
    assert.deepEqual(problems, []);
  });
});
