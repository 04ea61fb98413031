// Each role's home (issue #11, point 4), in a real browser against a real `bpmc serve` on the
// demo cluster. A member of the tenant 진로드바이오 (101) asks 국립암센터 (1) for a
// collaboration; on the start page it sees 우리 기관 with what its profile lacks, the request
// it sent and its open need. A researcher of 국립암센터 sees the request awaiting its answer and
// its capabilities, not a company's needs panel. An operator sees the queues: the organisation
// registered today and the bookings awaiting approval. An anonymous visitor sees no role home.
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
const MEMBER = { email: `h-m-${stamp}@generoad.test`, name: '홈회원' };
const DOCTOR = { email: `h-d-${stamp}@ncc.test`, name: '홈연구원' };
const OP = { email: `h-op-${stamp}@center.test`, name: '홈운영' };
const ORG = `홈테스트바이오 ${stamp}`;

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

/** The panel of the home titled name (a region labelled by its heading). */
function panel(name) {
  return page.locator('section.home-panel').filter({ has: page.getByRole('heading', { name, level: 3 }) });
}

describe('each role has a home', { timeout: 180000 }, () => {
  before(async () => {
    server = await startServer();
    base = server.base;
    addUser(MEMBER, 'org-member', 101);
    addUser(DOCTOR, 'org-member', 1);
    addUser(OP, 'operator-staff');
    const member = await apiAs(MEMBER.email);
    const asked = await member('POST', 'matches', { need_id: 124, capability_id: 1, message: `유전체 패널 임상 검증 협력 요청 ${stamp}` });
    assert.equal(asked.status, 201, JSON.stringify(asked.body));
    const op = await apiAs(OP.email);
    const org = await op('POST', 'orgs', { name: ORG, kind: 'company' });
    assert.equal(org.status, 201, JSON.stringify(org.body));
    browser = await launchBrowser();
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.setDefaultTimeout(TIMEOUT);
    watchPage(page, problems);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('a company member lands on 우리 기관', async () => {
    await login(MEMBER.email);
    await page.goto(`${base}/`);
    await page.getByRole('heading', { name: '우리 기관', level: 2 }).waitFor();
    await page.getByText('진로드바이오의 일').waitFor();
    assert.match(await page.locator('.home-profile').innerText(), /비어 있는 항목: /);
    const sent = panel('보낸 협력 요청');
    await sent.getByRole('link', { name: new RegExp(`협력 요청 ${stamp}`) }).waitFor();
    assert.match(await sent.innerText(), /국립암센터/);
    await panel('우리 수요 (진행 중)').getByRole('link', { name: '희귀질환 유전체 분석 패널 임상 검증' }).waitFor();
    assert.equal(await panel('우리 역량').count(), 0, 'a company is shown its needs, not a capabilities panel');
    await page.locator('.home-panel[aria-busy="false"]').nth(5).waitFor();
    await noViolations('a company member’s home');
    await screenshot(page, 'home-company-member', { fullPage: true });
    await logout();
  });

  it('a partner hospital’s researcher sees the request to answer and its capabilities', async () => {
    await login(DOCTOR.email);
    await page.goto(`${base}/`);
    const awaiting = panel('답변을 기다리는 협력 요청');
    await awaiting.getByRole('link', { name: new RegExp(`협력 요청 ${stamp}`) }).waitFor();
    assert.match(await awaiting.innerText(), /진로드바이오/);
    await panel('우리 역량').getByRole('link', { name: '항암관련 R&D 및 사업화' }).waitFor();
    assert.equal(await panel('우리 수요 (진행 중)').count(), 0);
    await noViolations('a partner’s home');
    await screenshot(page, 'home-partner', { fullPage: true });
    await logout();
  });

  it('an operator sees the queues', async () => {
    await login(OP.email);
    await page.goto(`${base}/`);
    await page.getByRole('heading', { name: '처리할 일', level: 2 }).waitFor();
    await panel('최근 30일에 등록된 기관').getByRole('link', { name: ORG }).waitFor();
    const bookings = panel('승인을 기다리는 예약');
    await bookings.locator('li').first().waitFor();
    assert.equal(await panel('일주일 넘게 답이 없는 협력 요청').getByText('일주일 넘게 답이 없는 요청이 없습니다.').count(), 1);
    // incomplete profiles: the organisation registered with a name and a kind only comes first,
    // saying what it lacks; the whole list is the organisations' list with ?missing=
    const incomplete = panel('프로필이 덜 채워진 기관');
    const first = incomplete.locator('li').first();
    await first.getByRole('link', { name: ORG }).waitFor();
    assert.equal((await first.locator('.home-missing').textContent()).trim(), '· 빠진 항목: 소개, 분야, 주소, 홈페이지, 대표전화, 대표 이메일');
    // recent imports: none yet; an import that wrote appears with who did it
    const imports = panel('최근 가져오기');
    await imports.getByText('아직 가져온 파일이 없습니다.').waitFor();
    const imported = await page.evaluate(async (name) => {
      const s = await (await fetch('/api/v1/session')).json();
      const r = await fetch('/api/v1/imports?collection=orgs&mode=commit&rows=valid', {
        method: 'POST',
        headers: { 'content-type': 'text/csv; charset=utf-8', 'x-csrf-token': s.csrf_token },
        body: `기관명,유형\r\n${name} 가져옴,기업\r\n${name} 잘못,우주선\r\n`,
      });
      return r.status;
    }, ORG);
    assert.equal(imported, 200);
    await page.reload();
    const run = panel('최근 가져오기').locator('li').first();
    await run.getByRole('link', { name: '기관: 1행 추가, 0행 수정, 1행 실패' }).waitFor();
    await run.getByText(OP.name).waitFor();
    await page.locator('.home-panel[aria-busy="false"]').nth(5).waitFor();
    await noViolations('an operator’s home');
    await screenshot(page, 'home-operator', { fullPage: true });
    // the incomplete profiles' whole list
    await panel('프로필이 덜 채워진 기관').getByRole('link', { name: /전체 보기/ }).click();
    await page.waitForURL(/\/orgs\?missing=/);
    await page.locator('.list-missing').getByText('소개, 분야, 주소, 홈페이지, 대표전화, 대표 이메일 중 비어 있는 항목이 있는 행만 봅니다.').waitFor();
    await page.getByRole('link', { name: ORG, exact: true }).waitFor();
    await noViolations('incomplete profiles');
    await screenshot(page, 'home-operator-incomplete', { fullPage: true });
    await logout();
  });

  it('an anonymous visitor sees the cluster, no role home', async () => {
    await page.goto(`${base}/`);
    await page.getByRole('heading', { name: '클러스터 한눈에 보기', level: 1 }).waitFor();
    assert.equal(await page.locator('.role-home').count(), 0);
    assert.deepEqual(problems, []);
  });
});
