// The directory, the search and the collaboration pages in a real browser against a real
// `bpmc serve` on the demo cluster (issue #5): the directory narrowed by facets; the header's
// instant search chosen with the keyboard; the demo need 101 (brain MR) whose first match is
// 동국대병원's imaging data, for which a member of the need's organisation asks; a member of the
// capability's organisation (found from the match) accepts on the board and the collaboration
// appears for both; an agreement and a milestone are added; the council; an import whose
// preview shows a bad row, then a good file committed. Every new page is checked with axe-core
// and photographed. Steps build on each other, in order.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { axe, launchBrowser, screenshot, signIn, signOut, startServer, watchPage } from './harness.mjs';

const TIMEOUT = 15000;
const PW = 'Password-2026';
const stamp = Date.now().toString(36);
const A = { email: `need-${stamp}@neuro.test`, name: '정수요' };
const B = { email: `cap-${stamp}@hospital.test`, name: '한역량' };

let server;
let browser;
let page;
let base;
const problems = [];
let capOrg;
let collabId;

async function checkA11y(name) {
  const v = await axe(page);
  for (const x of v) console.log(`# axe ${name}: ${x.impact} ${x.id} — ${x.help} @ ${x.nodes.join(', ')}`);
  const bad = v.filter((x) => x.impact === 'serious' || x.impact === 'critical');
  assert.deepEqual(
    bad.map((x) => `${x.id} (${x.impact}): ${x.nodes.join(', ')}`),
    [],
    `serious or critical accessibility violations on ${name}`,
  );
}

function addUser(u, org) {
  server.bpmc(
    ['user', 'add', '--db', server.db, '--email', u.email, '--name', u.name, '--role', 'org-member', '--org', String(org)],
    `${PW}\n`,
  );
}

const login = (email, password) => signIn(page, base, email, password);
const logout = () => signOut(page);

/** The number in "기관 N곳". */
async function dirCount() {
  const s = await page.locator('.dir-summary .count').textContent();
  const m = /기관 ([\d,]+)곳/.exec(s);
  assert.ok(m, `a count: ${s}`);
  return Number(m[1].replace(/,/g, ''));
}

/** A CSV file as the browser's file input takes it. */
function csv(name, lines) {
  return { name, mimeType: 'text/csv', buffer: Buffer.from(lines.join('\r\n') + '\r\n', 'utf8') };
}

describe('directory, search and collaboration in the web application', { timeout: 300000 }, () => {
  before(async () => {
    server = await startServer();
    base = server.base;
    browser = await launchBrowser();
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.setDefaultTimeout(TIMEOUT);
    watchPage(page, problems);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('narrows the directory with facets, each value with its count', async () => {
    await page.goto(`${base}/`);
    await page.getByRole('navigation', { name: '주 메뉴' }).getByRole('link', { name: '디렉토리' }).click();
    await page.waitForURL(/\/directory$/);
    await page.locator('.org-card').first().waitFor();
    const all = await dirCount();
    // the counts arrive after the list: the hospitals' count is on its radio button
    const hospital = page.getByRole('radio', { name: /^병원/ });
    await page.locator('#facet-kind-hospital + label .count-badge').waitFor();
    const shown = Number((await page.locator('#facet-kind-hospital + label .count-badge').textContent()).replace(/,/g, ''));
    await screenshot(page, '40-directory', { fullPage: true });
    await checkA11y('directory');
    await hospital.check();
    await page.waitForURL(/kind=hospital/);
    await page.waitForFunction((n) => /기관 [\d,]+곳/.test(document.querySelector('.dir-summary .count')?.textContent ?? '') &&
      Number(document.querySelector('.dir-summary .count').textContent.replace(/\D/g, '')) === n, shown);
    const hospitals = await dirCount();
    assert.ok(hospitals > 0 && hospitals < all, `${hospitals} hospitals of ${all}`);
    for (const b of await page.locator('.org-card .badge.kind').allTextContents()) assert.equal(b, '병원');
    // a field narrows further, and the chosen conditions can be taken back one by one
    await page.getByRole('button', { name: /분야 \d+개 더 보기/ }).click();
    await page.getByRole('radio', { name: /^의료영상/ }).check();
    await page.waitForURL(/fields=medical-imaging/);
    await page.locator('.org-card').filter({ hasText: '동국대학교 일산병원' }).waitFor();
    await page.waitForFunction((n) => Number(document.querySelector('.dir-summary .count')?.textContent.replace(/\D/g, '')) < n, hospitals);
    await page.getByRole('button', { name: '병원 조건 빼기' }).click();
    await page.waitForURL((u) => !/kind=/.test(u.search) && /fields=medical-imaging/.test(u.search));
    // tenants only
    await page.getByRole('checkbox', { name: /입주기업/ }).check();
    await page.waitForURL(/is_tenant=true/);
    await page.locator('.org-card .badge.tenant').first().waitFor();
    const cards = await page.locator('.org-card').count();
    assert.equal(await page.locator('.org-card .badge.tenant').count(), cards, 'every card is a tenant');
    await screenshot(page, '41-directory-narrowed', { fullPage: true });
    await page.getByRole('link', { name: '조건 모두 지우기' }).click();
    await page.waitForURL(/\/directory$/);
    await page.waitForFunction((n) => Number(document.querySelector('.dir-summary .count')?.textContent.replace(/\D/g, '')) === n, all);
    // the search box narrows by name as one types
    await page.locator('#dir-q').fill('동국대');
    await page.waitForURL(/q=/);
    await page.locator('.org-card').filter({ hasText: '동국대학교 일산병원' }).waitFor();
    assert.ok((await dirCount()) <= 3);
  });

  it('shows search results as one types, safely, and opens the one chosen with the keyboard', async () => {
    // a need whose text looks like HTML: it must show as text
    const needOrg = (await (await fetch(`${base}/api/v1/needs/101`)).json()).org_id;
    addUser(A, needOrg);
    await login(A.email, PW);
    const made = await page.evaluate(async (org) => {
      const s = await (await fetch('/api/v1/session')).json();
      const r = await fetch('/api/v1/needs', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': s.csrf_token },
        body: JSON.stringify({ org_id: org, title: '꺾쇠 <b>시험</b> 수요', description: '<img src=x onerror=alert(1)> 꺾쇠괄호 영상 분석' }),
      });
      return r.status;
    }, needOrg);
    assert.equal(made, 201);
    const q = page.locator('#global-q');
    await q.fill('꺾쇠');
    const panel = page.locator('#global-search-panel');
    const opt = panel.getByRole('option', { name: /꺾쇠 <b>시험<\/b> 수요/ });
    await opt.waitFor();
    assert.equal(await panel.locator('b, img').count(), 0, 'no HTML from the data in the page');
    assert.ok((await panel.locator('mark').count()) > 0, 'the matches are marked');
    // another query: 영상 finds 동국대학교 일산병원 among others; ↓ reaches it, Enter opens it
    await q.fill('영상');
    const target = panel.getByRole('option', { name: /동국대학교 일산병원/ }).first();
    await target.waitFor();
    assert.equal(await q.getAttribute('aria-expanded'), 'true');
    const id = await target.getAttribute('id');
    const index = Number(/gs-opt-(\d+)/.exec(id)[1]);
    for (let i = 0; i <= index; i++) await q.press('ArrowDown');
    assert.equal(await q.getAttribute('aria-activedescendant'), id);
    assert.equal(await target.getAttribute('aria-selected'), 'true');
    assert.match(await target.locator('.hit-kind').textContent(), /기관|역량/);
    await screenshot(page, '42-search-instant');
    await checkA11y('search-instant');
    const href = await target.evaluate((el) => el.textContent);
    await q.press('Enter');
    await page.waitForURL(/\/(orgs|capabilities)\/\d+$/);
    assert.match(href, /동국대학교 일산병원/);
    // Escape closes; Enter without a choice opens the results page
    await q.fill('동국대');
    await panel.getByRole('option').first().waitFor();
    await q.press('Escape');
    assert.equal(await q.getAttribute('aria-expanded'), 'false');
    await q.press('Enter');
    await page.waitForURL(/\/search\?q=/);
    await page.locator('.hit-list a').first().waitFor();
  });

  it("ranks need 101's matches: 동국대병원's imaging data first, and its organisation asks for a partnership", async () => {
    await page.goto(`${base}/needs/101`);
    const first = page.locator('.match-list > li').first();
    await first.waitFor();
    assert.match(await first.locator('.match-title').textContent(), /뇌 MR 영상데이터 지원/);
    assert.match(await first.locator('.reasons').textContent(), /같은 분야: 의료영상/);
    const orgLink = first.locator('.match-org a');
    await orgLink.waitFor();
    assert.match(await orgLink.textContent(), /동국대학교 일산병원/);
    capOrg = Number(/\/orgs\/(\d+)/.exec(await orgLink.getAttribute('href'))[1]);
    // the score's parts
    await first.locator('.score-parts summary').click();
    await first.locator('.score-parts dt').getByText('분야').waitFor();
    await first.getByRole('button', { name: /협력 요청/ }).click();
    const msg = first.getByLabel('요청 내용');
    await msg.waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'TEXTAREA');
    await msg.fill('판독 소견이 연계된 뇌 MR 영상 데이터 협력을 요청드립니다.');
    await screenshot(page, '43-need-ask', { fullPage: true });
    await checkA11y('need-ask');
    await first.getByRole('button', { name: '요청 보내기' }).click();
    await first.locator('.request-state .badge').getByText('협력 요청: 요청됨').waitFor();
    assert.equal(await first.getByRole('button', { name: /협력 요청/ }).count(), 0, 'asked once');
    // the board shows it as sent
    await page.getByRole('navigation', { name: '주 메뉴' }).getByRole('link', { name: '협력' }).click();
    await page.waitForURL(/\/collaboration$/);
    const sent = page.locator('.board-section').filter({ has: page.getByRole('heading', { name: /보낸 요청/ }) });
    await sent.locator('.request').filter({ hasText: '뇌 MR 영상데이터 지원' }).waitFor();
    await sent.getByRole('button', { name: '요청 철회' }).waitFor();
  });

  it('the capability’s organisation accepts on the board, and the collaboration appears for both', async () => {
    await logout();
    addUser(B, capOrg);
    await login(B.email, PW);
    // the notification leads to the request
    await page.goto(`${base}/collaboration`);
    const incoming = page.locator('.board-section').filter({ has: page.getByRole('heading', { name: /받은 요청/ }) });
    const card = incoming.locator('.request').filter({ hasText: '판독 소견이 연계된' });
    await card.waitFor();
    await screenshot(page, '44-board-incoming', { fullPage: true });
    await checkA11y('board');
    await card.getByLabel('답변').fill('IRB 승인 후 데이터 이용 협약을 진행하겠습니다.');
    // the collaboration's title is asked for here: "need — partner" by default, editable
    const title = card.getByLabel('협력명');
    assert.match(await title.inputValue(), /^뇌 MR 영상 데이터.* — 동국대학교 일산병원$/);
    await title.fill('뇌 MR 영상데이터 지원 협력');
    await card.getByRole('button', { name: '수락' }).click();
    await card.locator('.badge').getByText('수락됨').waitFor();
    await card.getByText('IRB 승인 후 데이터 이용 협약을 진행하겠습니다.').waitFor();
    const active = page.locator('.kanban-col.col-active');
    await active.locator('.collab-card').filter({ hasText: '뇌 MR 영상데이터 지원' }).waitFor();
    await screenshot(page, '45-board-accepted', { fullPage: true });
    // and for the asking organisation
    await logout();
    await login(A.email, PW);
    await page.goto(`${base}/collaboration`);
    const mine = page.locator('.kanban-col.col-active .collab-card').filter({ hasText: '뇌 MR 영상데이터 지원' });
    await mine.waitFor();
    assert.match(await mine.textContent(), /상대: 동국대학교 일산병원/);
    await page.locator('.request .badge').getByText('수락됨').first().waitFor();
    await mine.getByRole('link').click();
    await page.waitForURL(/\/collaborations\/\d+$/);
    collabId = Number(/\/collaborations\/(\d+)$/.exec(page.url())[1]);
  });

  it('adds an agreement (fixing its errors first) and a milestone to the collaboration', async () => {
    await page.locator('.parties').getByRole('link', { name: '동국대학교 일산병원' }).waitFor();
    await page.getByRole('button', { name: '협약 추가' }).click();
    await page.getByRole('button', { name: '저장' }).click();
    await page.locator('#agr-kind-error').waitFor();
    await page.locator('#agr-title-error').waitFor();
    assert.equal(await page.getAttribute('#agr-kind', 'aria-invalid'), 'true');
    await screenshot(page, '46-agreement-errors', { fullPage: true });
    await page.locator('#agr-kind').selectOption({ label: '데이터 이용 협약' });
    await page.locator('#agr-title').fill('뇌 MR 영상데이터 이용 협약');
    await page.locator('#agr-starts_on').fill('2026-12-01');
    await page.locator('#agr-ends_on').fill('2027-11-30');
    await page.getByRole('button', { name: '저장' }).click();
    const agr = page.locator('.agreements > li').filter({ hasText: '뇌 MR 영상데이터 이용 협약' });
    await agr.locator('.badge').getByText('초안').waitFor();
    // consent (issue #10 item 9): our signature alone leaves it a draft, waiting for the partner
    await agr.getByRole('button', { name: '우리 기관으로 서명' }).click();
    await agr.getByText('우리 기관은 서명했습니다. 상대 기관의 서명을 기다립니다.').waitFor();
    assert.equal(await agr.getByRole('button', { name: '우리 기관으로 서명' }).count(), 0);
    await agr.locator('.badge').getByText('초안').waitFor();
    // the agreement's own page does not offer our side to sign again either
    const agrHref = await agr.locator('a.agreement-title').getAttribute('href');
    await page.goto(`${base}${agrHref}`);
    await page.getByRole('button', { name: '‘해지’ 상태로 변경' }).waitFor();
    assert.equal(await page.getByRole('button', { name: '‘체결’ 상태로 변경' }).count(), 0);
    await logout();
    await login(B.email, PW);
    await page.goto(`${base}${agrHref}`);
    await page.getByRole('button', { name: '‘체결’ 상태로 변경' }).waitFor(); // the partner has not signed
    await page.goto(`${base}/collaborations/${collabId}`);
    const theirs = page.locator('.agreements > li').filter({ hasText: '뇌 MR 영상데이터 이용 협약' });
    await theirs.getByText('상대 기관이 서명했습니다. 우리 기관의 서명을 기다립니다.').waitFor();
    await theirs.getByRole('button', { name: '우리 기관으로 서명' }).click();
    await theirs.locator('.badge').getByText('체결').waitFor();
    await logout();
    await login(A.email, PW);
    await page.goto(`${base}/collaborations/${collabId}`);
    await agr.locator('.badge').getByText('체결').waitFor();
    // milestones: rows with a due date, in due order
    await page.locator('#milestone-title').fill('가명처리 데이터 이전');
    await page.locator('#milestone-due').fill('2027-02-28');
    await page.getByRole('button', { name: '추가', exact: true }).click();
    await page.locator('.milestones .milestone-text').getByText('가명처리 데이터 이전').waitFor();
    await page.locator('#milestone-title').fill('IRB 승인');
    await page.locator('#milestone-due').fill('2027-01-15');
    await page.getByRole('button', { name: '추가', exact: true }).click();
    await page.locator('.milestones li').nth(0).locator('.milestone-text').getByText('IRB 승인').waitFor();
    const saved = await page.evaluate(
      async (id) => (await (await fetch(`/api/v1/collaboration-milestones?collaboration_id=${id}&sort=due_on`)).json()).items.map((m) => [m.title, m.due_on]),
      collabId,
    );
    assert.deepEqual(saved, [['IRB 승인', '2027-01-15'], ['가명처리 데이터 이전', '2027-02-28']]);
    await screenshot(page, '47-collaboration', { fullPage: true });
    await checkA11y('collaboration');
  });

  it('shows the council: meetings and open action items by due date', async () => {
    const org = (await (await fetch(`${base}/api/v1/needs/101`)).json()).org_id;
    const status = await page.evaluate(async (org) => {
      const s = await (await fetch('/api/v1/session')).json();
      const post = (path, body) =>
        fetch(path, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-csrf-token': s.csrf_token },
          body: JSON.stringify(body),
        }).then(async (r) => [r.status, await r.json()]);
      const [m, meeting] = await post('/api/v1/meetings', {
        title: '산학연병 협의체 정기회의', org_id: org, held_on: '2026-11-20', place: '협력지원센터 회의실',
        attendees: ['정수요', '한역량'], agenda: '뇌 MR 데이터 공동 활용', visibility: 'cluster',
      });
      const [a, item] = await post('/api/v1/action-items', {
        title: '데이터 이용 절차 정리', org_id: org, meeting_id: meeting.id, due_on: '2020-01-15', visibility: 'cluster',
      });
      return [m, a, meeting.id, item.id];
    }, org);
    assert.deepEqual(status.slice(0, 2), [201, 201]);
    const [, , meetingId, itemId] = status;
    await page.goto(`${base}/council`);
    await page.locator('#page-title').getByText('협의체').waitFor();
    await page.locator('.meeting-cards').getByRole('link', { name: '산학연병 협의체 정기회의' }).waitFor();
    const row = page.locator('.actions-table tr').filter({ hasText: '데이터 이용 절차 정리' });
    await row.getByText('기한 지남').waitFor();
    await screenshot(page, '48-council', { fullPage: true });
    await checkA11y('council');
    await row.getByRole('button', { name: /완료로 표시/ }).click();
    await row.locator('.badge').getByText('완료').waitFor();
    // the search page finds the meeting by its agenda and the action item by its title, each in
    // its own group, with a link that opens it
    await page.goto(`${base}/search?q=${encodeURIComponent('뇌 MR 데이터 공동 활용')}`);
    const meetings = page.locator('.search-group').filter({ has: page.getByRole('heading', { name: /^회의/ }) });
    await meetings.getByRole('link', { name: '산학연병 협의체 정기회의' }).click();
    await page.waitForURL(new RegExp(`/meetings/${meetingId}$`));
    await page.locator('#page-title').getByText('산학연병 협의체 정기회의').waitFor();
    await page.goto(`${base}/search?q=${encodeURIComponent('데이터 이용 절차')}`);
    const items = page.locator('.search-group').filter({ has: page.getByRole('heading', { name: /^후속 조치/ }) });
    await items.getByRole('link', { name: '데이터 이용 절차 정리' }).waitFor();
    await screenshot(page, '49-search-council', { fullPage: true });
    await checkA11y('search: council');
    await items.getByRole('link', { name: '데이터 이용 절차 정리' }).click();
    await page.waitForURL(new RegExp(`/action-items/${itemId}$`));
    await page.locator('#page-title').getByText('데이터 이용 절차 정리').waitFor();
  });

  it('reads in English', async () => {
    await page.goto(`${base}/collaboration`);
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Collaboration board' }).waitFor();
    await page.getByRole('heading', { name: /Requests sent/ }).waitFor();
    await page.locator('.kanban-col.col-active .badge').getByText('Active').waitFor();
    await screenshot(page, '49-board-english', { fullPage: true });
    await checkA11y('board-english');
    await page.getByRole('button', { name: '한국어' }).click();
    await page.getByRole('heading', { name: '협력 보드' }).waitFor();
  });

  it('previews an import with a bad row, then commits a good file', async () => {
    await logout();
    await login(server.email, server.password);
    await page.goto(`${base}/imports`);
    await page.locator('#page-title').getByText('엑셀·CSV 가져오기').waitFor();
    await checkA11y('import');
    const name = `가져오기시험${stamp}`;
    await page.locator('#import-file').setInputFiles(
      csv('기관목록.csv', [
        '기관명,유형,사업자등록번호,분야,비고',
        `${name}바이오,company,,인공지능,메모`,
        `${name}오류,rocket,123,genomics,x`,
      ]),
    );
    await page.getByRole('button', { name: '미리 보기' }).click();
    await page.locator('.import-stats').waitFor();
    const bad = page.locator('tr.row-error');
    await bad.waitFor();
    assert.match(await bad.locator('.row-errors').textContent(), /사업자등록번호/);
    assert.equal(await bad.locator('td.cell-error').count(), 2);
    await page.locator('.column-map').getByText('알 수 없는 열').waitFor();
    assert.ok(await page.getByRole('button', { name: /^\d+행 가져오기/ }).isDisabled(), 'a file with errors is not imported whole');
    await screenshot(page, '50-import-errors', { fullPage: true });
    await checkA11y('import-preview');
    // the good file
    await page.locator('#import-file').setInputFiles(
      csv('기관목록-수정.csv', [
        '기관명,유형,분야,비고',
        `${name}바이오,company,인공지능,메모`,
        `${name}랩,institute,"genomics, 정밀의료",`,
      ]),
    );
    await page.getByRole('button', { name: '미리 보기' }).click();
    const commit = page.getByRole('button', { name: '2행 가져오기' });
    await commit.waitFor();
    assert.equal(await page.locator('tr.row-error').count(), 0);
    await commit.click();
    await page.locator('.banner-success').getByText('가져왔습니다: 새로 등록 2건, 수정 0건, 변경 없음 0건.').waitFor();
    await screenshot(page, '51-import-done', { fullPage: true });
    const seen = await page.evaluate(
      async (n) => (await (await fetch(`/api/v1/orgs?q=${encodeURIComponent(n)}&limit=5`)).json()).total,
      name,
    );
    assert.equal(seen, 2);
    // imported without a visibility column, they are the cluster's, not public (issue #10 item 8)
    const anonymous = await (await fetch(`${base}/api/v1/orgs?q=${encodeURIComponent(name)}&limit=5`)).json();
    assert.equal(anonymous.total, 0);
  });

  it('shows aliases and value-chain links on a profile', async () => {
    const made = await page.evaluate(async (to) => {
      const s = await (await fetch('/api/v1/session')).json();
      const r = await fetch('/api/v1/org-links', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': s.csrf_token },
        body: JSON.stringify({ org_id: 2, to_org_id: to, kind: 'data', description: '뇌 MR 영상데이터 제공', visibility: 'public' }),
      });
      return r.status;
    }, (await (await fetch(`${base}/api/v1/needs/101`)).json()).org_id);
    assert.equal(made, 201);
    await page.goto(`${base}/orgs/2`);
    await page.locator('#page-title').getByText('동국대학교 일산병원').waitFor();
    await page.locator('.aliases').getByText(/동국대병원/).waitFor();
    const down = page.locator('.chain-side').filter({ has: page.getByRole('heading', { name: /전방/ }) });
    await down.getByRole('link', { name: '뉴로비전AI' }).waitFor();
    await down.getByText('데이터').first().waitFor();
    await screenshot(page, '52-profile-value-chain', { fullPage: true });
    await checkA11y('profile-value-chain');
  });

  it('fits a phone', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    for (const [path, shot] of [
      ['/directory?kind=hospital', '53-phone-directory'],
      ['/collaboration', '54-phone-board'],
      [`/collaborations/${collabId}`, '55-phone-collaboration'],
    ]) {
      await page.goto(`${base}${path}`);
      await page.locator('#page-title').waitFor();
      await page.waitForLoadState('networkidle');
      await screenshot(page, shot, { fullPage: true });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 1, `${path}: no horizontal scrolling of the page (${overflow}px)`);
    }
    await page.setViewportSize({ width: 1366, height: 768 });
  });

  it('had no script errors', () => {
    assert.deepEqual(problems, []);
  });
});
