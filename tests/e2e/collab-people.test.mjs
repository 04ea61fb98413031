// Collaboration as people work (issue #11, point 5), in a real browser against a real
// `bpmc serve` on the demo cluster. A member of the tenant 진로드바이오 (101) asks three partners
// at once from its need's page; two accept on their boards (one names the collaboration, one
// keeps the proposed "need — partner"); the need stays open and shows both collaborations until
// the company closes it with an outcome, after which it offers no request and says why, and the
// third partner is told why it can no longer accept. In a collaboration the company adds a
// milestone with a due date (past: highlighted) and an owner of the partner organisation, and an
// action item whose owner is picked among the two organisations' people only. (An action item
// inside a collaboration is private to its two organisations: both read it, docs/privacy.md.)
// Every page is checked with axe (no violation at all) and photographed.
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
const WORD = `엑솜${stamp}`; // a word only this test's need and capabilities share
const COMPANY = 101;
const MEMBER = { email: `cp-m-${stamp}@generoad.test`, name: '협력회원' };
const PARTNERS = [
  { org: 1, user: { email: `cp-p1-${stamp}@ncc.test`, name: '첫째파트너' }, cap: `희귀질환 ${WORD} 임상 분석` },
  { org: 2, user: { email: `cp-p2-${stamp}@dgu.test`, name: '둘째파트너' }, cap: `${WORD} 변이 해석 서비스` },
  { org: 3, user: { email: `cp-p3-${stamp}@third.test`, name: '셋째파트너' }, cap: `${WORD} 시퀀싱 장비` },
];
const OUTSIDER = { email: `cp-x-${stamp}@other.test`, name: '바깥사람' };
const NEED = `희귀질환 ${WORD} 분석 파트너`;

let server;
let browser;
let page;
let base;
let needId;
const orgName = {};
const collabIds = [];
const problems = [];

const addUser = (u, role, org) => addTo(server, u, role, org);
const login = (email) => signIn(page, base, email);
const logout = () => signOut(page);
const noViolations = (name) => assertNoViolations(page, name);

/** The board's section titled like name. */
function section(name) {
  return page.locator('.board-section').filter({ has: page.getByRole('heading', { name }) });
}

describe('collaboration as people work', { timeout: 240000 }, () => {
  before(async () => {
    server = await startServer();
    base = server.base;
    addUser(MEMBER, 'org-member', COMPANY);
    addUser(OUTSIDER, 'org-admin', 5);
    for (const p of PARTNERS) addUser(p.user, 'org-admin', p.org);
    const member = await apiOn(base, MEMBER.email);
    const need = await member('POST', 'needs', { title: NEED, description: `${WORD} 데이터 분석 협력`, fields: ['genomics'], visibility: 'cluster' });
    assert.equal(need.status, 201, JSON.stringify(need.body));
    needId = need.body.id;
    orgName[COMPANY] = (await member('GET', `orgs/${COMPANY}`)).body.name;
    for (const p of PARTNERS) {
      const api = await apiOn(base, p.user.email);
      const cap = await api('POST', 'capabilities', { title: p.cap, description: `${WORD} 분석`, kind: 'research-service', fields: ['genomics'], visibility: 'cluster' });
      assert.equal(cap.status, 201, JSON.stringify(cap.body));
      orgName[p.org] = (await api('GET', `orgs/${p.org}`)).body.name;
    }
    browser = await launchBrowser();
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.setDefaultTimeout(TIMEOUT);
    watchPage(page, problems);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('the company asks three partners at once from its need', async () => {
    await login(MEMBER.email);
    await page.goto(`${base}/needs/${needId}`);
    for (const p of PARTNERS) {
      const item = page.locator('.match-list > li').filter({ hasText: p.cap });
      await item.getByRole('button', { name: /협력 요청/ }).click();
      await item.getByLabel('요청 내용').fill(`${p.cap} 협력을 요청합니다.`);
      await item.getByRole('button', { name: '요청 보내기' }).click();
      await item.locator('.request-state .badge').getByText('협력 요청: 요청됨').waitFor();
    }
    // still open: the other candidates can be asked too, and the company may close it
    await page.getByRole('button', { name: '수요 종료' }).waitFor();
    await noViolations('a need asked of three partners');
    await screenshot(page, 'collab-people-1-asked', { fullPage: true });
    await logout();
  });

  it('two partners accept, one naming the collaboration; the need stays open and shows both', async () => {
    for (const [i, p] of PARTNERS.slice(0, 2).entries()) {
      await login(p.user.email);
      await page.goto(`${base}/collaboration`);
      const card = section(/받은 요청/).locator('.request').filter({ hasText: p.cap });
      const title = card.getByLabel('협력명');
      assert.equal(await title.inputValue(), `${NEED} — ${orgName[p.org]}`);
      if (i === 0) await title.fill(`${WORD} 공동 분석`);
      if (i === 0) {
        await noViolations('a request with the collaboration title asked for');
        await screenshot(page, 'collab-people-2-accept', { fullPage: true });
      }
      await card.getByRole('button', { name: '수락' }).click();
      await card.locator('.badge').getByText('수락됨').waitFor();
      const link = card.getByRole('link', { name: '협력 보기' });
      collabIds.push(Number(/\/collaborations\/(\d+)/.exec(await link.getAttribute('href'))[1]));
      await logout();
    }
    await login(MEMBER.email);
    await page.goto(`${base}/needs/${needId}`);
    const collabs = page.locator('.need-collaborations');
    await collabs.getByRole('heading', { name: '이 수요에서 시작된 협력 2건' }).waitFor();
    await collabs.getByRole('link', { name: `${WORD} 공동 분석` }).waitFor();
    await collabs.getByRole('link', { name: `${NEED} — ${orgName[PARTNERS[1].org]}` }).waitFor();
  });

  it('the company closes the need with an outcome; no request is offered any more, and it says why', async () => {
    await page.getByRole('button', { name: '수요 종료' }).click();
    await page.locator('#need-outcome').fill('두 기관과 협력 시작');
    await noViolations('closing a need');
    await page.getByRole('button', { name: '종료하기' }).click();
    const notice = page.locator('.need-closed');
    await notice.getByText('이 수요는 종료되어 새 협력 요청을 받지 않습니다.').waitFor();
    await notice.getByText('두 기관과 협력 시작').waitFor();
    assert.equal(await page.locator('.match-list').getByRole('button', { name: /협력 요청/ }).count(), 0, 'no request offered on a closed need');
    assert.equal(await page.getByRole('button', { name: '수요 종료' }).count(), 0);
    await noViolations('a closed need');
    await screenshot(page, 'collab-people-3-closed', { fullPage: true });
    await logout();
    // the third partner sees why it can no longer accept (declining still works)
    await login(PARTNERS[2].user.email);
    await page.goto(`${base}/collaboration`);
    const card = section(/받은 요청/).locator('.request').filter({ hasText: PARTNERS[2].cap });
    await card.getByText('요청한 기관이 이 수요를 종료해 더는 수락할 수 없습니다. 거절로 답할 수 있습니다.').waitFor();
    assert.equal(await card.getByRole('button', { name: '수락' }).isDisabled(), true);
    assert.equal(await card.getByRole('button', { name: '거절' }).isDisabled(), false);
    await noViolations('a request on a closed need');
    await screenshot(page, 'collab-people-4-closed-request', { fullPage: true });
    await card.getByRole('button', { name: '거절' }).click();
    await card.locator('.badge').getByText('거절됨').waitFor();
    await logout();
  });

  it('a milestone with a due date and an owner, and an action item owned by someone of the two organisations', async () => {
    await login(MEMBER.email);
    await page.goto(`${base}/collaborations/${collabIds[0]}`);
    await page.getByRole('heading', { name: `${WORD} 공동 분석`, level: 1 }).waitFor();
    // the owners offered: the people of the two organisations, by organisation, no one else
    const groups = await page.locator('#milestone-owner optgroup').evaluateAll((gs) =>
      gs.map((g) => [g.label, [...g.querySelectorAll('option')].map((o) => o.textContent)]));
    assert.deepEqual(groups.map((g) => g[0]), [orgName[COMPANY], orgName[PARTNERS[0].org]]);
    assert.ok(groups[0][1].includes(MEMBER.name), JSON.stringify(groups));
    assert.ok(groups[1][1].includes(PARTNERS[0].user.name), JSON.stringify(groups));
    assert.ok(!groups.flatMap((g) => g[1]).some((n) => [OUTSIDER.name, PARTNERS[1].user.name].includes(n)), JSON.stringify(groups));
    await page.locator('#milestone-title').fill('IRB 승인');
    await page.locator('#milestone-due').fill('2026-01-15');
    await page.locator('#milestone-owner').selectOption({ label: PARTNERS[0].user.name });
    await page.getByRole('button', { name: '추가', exact: true }).click();
    const ms = page.locator('.milestones li').filter({ hasText: 'IRB 승인' });
    await ms.getByText(PARTNERS[0].user.name).waitFor();
    await ms.getByText('2026. 1. 15.').waitFor();
    await ms.locator('.overdue-badge').getByText('기한 지남').waitFor();
    assert.match(await ms.getAttribute('class'), /overdue/);
    // an action item, its owner picked among the two organisations' people
    await page.getByRole('button', { name: '후속 조치 추가' }).click();
    await page.locator('#action-title').fill('가명처리 데이터 반출 신청');
    await page.locator('#action-due').fill('2027-01-31');
    await page.locator('#action-owner').selectOption({ label: PARTNERS[0].user.name });
    await noViolations('a collaboration with its people');
    await page.locator('.action-form').getByRole('button', { name: '추가', exact: true }).click();
    const row = page.locator('.actions-table tr').filter({ hasText: '가명처리 데이터 반출 신청' });
    await row.getByText(PARTNERS[0].user.name).waitFor();
    await row.getByText('2027. 1. 31.').waitFor();
    // done: the milestone is no longer overdue
    await ms.getByRole('checkbox').check();
    await page.locator('.milestones li.done').filter({ hasText: 'IRB 승인' }).waitFor();
    assert.equal(await ms.locator('.overdue-badge').count(), 0);
    await noViolations('a collaboration with a milestone done');
    await screenshot(page, 'collab-people-5-collaboration', { fullPage: true });
    await logout();
    // the partner sees the same milestone, its owner named; an outsider sees none
    await login(PARTNERS[0].user.email);
    await page.goto(`${base}/collaborations/${collabIds[0]}`);
    await page.locator('.milestones li.done').filter({ hasText: 'IRB 승인' }).getByText(PARTNERS[0].user.name).waitFor();
    await logout();
    const outsider = await apiOn(base, OUTSIDER.email);
    assert.equal((await outsider('GET', `collaboration-milestones?collaboration_id=${collabIds[0]}`)).body.total, 0);
    assert.equal((await outsider('GET', `collaborations/${collabIds[0]}/members`)).status, 404);
    assert.deepEqual(problems, []);
  });
});
