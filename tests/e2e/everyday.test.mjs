// Everyday use at scale (issue #11, points 1, 2, 7 and 8), in a real browser against a real
// `bpmc serve` on the demo cluster with 2 000 more organisations (imported through the CLI, as
// an operator would): per role (operator, org-admin of a company, member, partner hospital
// researcher, anonymous), the buttons offered are exactly what the API's Allow says, and the
// refused verbs are refused; the org-admin edits its own organisation's profile; reference
// fields are searchable pickers (뉴로, 초성, 사업자등록번호; keyboard); the lists take several
// values of a facet, number their pages, keep the page in the URL, come back to the same page
// and scroll position, keep what 더 보기 loaded, and put the search box under `/`; a failed
// load says what failed and retries; offline is said as offline; a form checks a field when it
// is left and sums its errors up with links. Every page is checked with axe-core (zero
// violations) and photographed (desktop and phone); the time to draw each list is printed.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { axe, launchBrowser, screenshot, signIn, signOut, startServer, watchPage } from './harness.mjs';

const TIMEOUT = 15000;
const PW = 'Password-2026';
const stamp = Date.now().toString(36);
const NEUROPHARM = 145; // 뉴로팜, a tenant company of the demo (사업자등록번호 211-87-13256)
const HOSPITAL = 2; // 동국대학교 일산병원, a partner hospital
const EXTRA = 2000;

let server;
let browser;
let page;
let base;
const problems = [];
const users = {
  'org-admin': { email: `admin-${stamp}@neuropharm.test`, name: '김관리', role: 'org-admin', org: NEUROPHARM },
  member: { email: `member-${stamp}@neuropharm.test`, name: '이구성', role: 'org-member', org: NEUROPHARM },
  researcher: { email: `res-${stamp}@hospital.test`, name: '박연구', role: 'partner', org: HOSPITAL },
};

async function checkA11y(name) {
  const v = await axe(page);
  for (const x of v) console.log(`# axe ${name}: ${x.impact} ${x.id} — ${x.help} @ ${x.nodes.join(', ')}`);
  assert.deepEqual(v.map((x) => `${x.id} (${x.impact}): ${x.nodes.join(', ')}`), [], `accessibility violations on ${name}`);
}

const login = (email, password) => signIn(page, base, email, password);
const logout = () => signOut(page);

/** The API as the browser's session sees it: status and Allow of a GET; status of a write. */
async function api(method, path, body) {
  return page.evaluate(async ({ method, path, body }) => {
    const headers = { 'content-type': 'application/json' };
    if (method !== 'GET') {
      const s = await fetch('/api/v1/session');
      if (s.ok) headers['x-csrf-token'] = (await s.json()).csrf_token;
    }
    // a change names the version it was read at, as the web's edits do
    if (method === 'PATCH') headers['if-match'] = (await fetch(path)).headers.get('etag') ?? '';
    const r = await fetch(path, { method, headers, body: body ? JSON.stringify(body) : undefined });
    const allow = (r.headers.get('allow') ?? '').split(/,\s*/).filter(Boolean).sort();
    return { status: r.status, allow };
  }, { method, path, body });
}

/** Time from a navigation to the rows of a list, in ms (printed, not asserted). */
async function timeList(url, name) {
  const t0 = Date.now();
  await page.goto(url);
  await page.locator('table tbody tr').first().waitFor();
  await page.waitForFunction(() => document.querySelector('table')?.getAttribute('aria-busy') === 'false');
  const ms = Date.now() - t0;
  console.log(`# timing ${name}: ${ms} ms to the rows (${EXTRA} extra organisations)`);
  return ms;
}

describe('everyday use at scale in the web application', { timeout: 600000 }, () => {
  let ownNeed;
  let otherNeed;

  before(async () => {
    server = await startServer();
    base = server.base;
    for (const u of Object.values(users)) {
      server.bpmc(['user', 'add', '--db', server.db, '--email', u.email, '--name', u.name, '--role', u.role, '--org', String(u.org)], `${PW}\n`);
    }
    // 2 000 more organisations, through the import an operator runs
    const csv = ['name,name_en,kind,visibility'];
    for (let i = 0; i < EXTRA; i++) csv.push(`가상기업 ${String(i).padStart(4, '0')},Virtual Company ${i},company,public`);
    const file = join(server.dir, 'extra-orgs.csv');
    writeFileSync(file, csv.join('\n') + '\n');
    const out = server.bpmc(['import', '--db', server.db, '--collection', 'orgs', file, '--commit']);
    assert.match(out, new RegExp(`created ${EXTRA},`));
    browser = await launchBrowser();
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.setDefaultTimeout(TIMEOUT);
    watchPage(page, problems);
    // a need of 뉴로팜 and one of another company, public, made by the operator
    await login(server.email, server.password);
    const mk = (org, title) =>
      page.evaluate(async ({ org, title }) => {
        const s = await (await fetch('/api/v1/session')).json();
        const r = await fetch('/api/v1/needs', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-csrf-token': s.csrf_token },
          body: JSON.stringify({ org_id: org, title, visibility: 'public' }),
        });
        return (await r.json()).id;
      }, { org, title });
    ownNeed = await mk(NEUROPHARM, '치매 조기진단 임상 데이터');
    otherNeed = await mk(116, '뇌 MR 판독 협력');
    await logout();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  // what each page offers against what the API says the caller may do
  const offered = {
    edit: () => page.getByRole('link', { name: '수정', exact: true }).count(),
    del: () => page.getByRole('button', { name: '삭제', exact: true }).count(),
  };

  async function checkRole(role) {
    const pages = [
      [`/orgs/${NEUROPHARM}`, `/api/v1/orgs/${NEUROPHARM}`],
      [`/orgs/${HOSPITAL}`, `/api/v1/orgs/${HOSPITAL}`],
      [`/needs/${ownNeed}`, `/api/v1/needs/${ownNeed}`],
      [`/needs/${otherNeed}`, `/api/v1/needs/${otherNeed}`],
    ];
    for (const [path, apiPath] of pages) {
      await page.goto(base + path);
      await page.locator('h1#page-title').waitFor();
      await page.locator('.meta').first().waitFor();
      const { status, allow } = await api('GET', apiPath);
      assert.equal(status, 200, `${role} GET ${apiPath}`);
      assert.equal((await offered.edit()) > 0, allow.includes('PATCH'), `${role} ${path}: 수정 offered iff Allow has PATCH (${allow})`);
      assert.equal((await offered.del()) > 0, allow.includes('DELETE'), `${role} ${path}: 삭제 offered iff Allow has DELETE (${allow})`);
      // what is not offered is refused by the API
      if (!allow.includes('DELETE')) {
        const d = await api('DELETE', apiPath);
        assert.ok([401, 403].includes(d.status), `${role} DELETE ${apiPath} refused: ${d.status}`);
      }
      if (!allow.includes('PATCH')) {
        const p = await api('PATCH', apiPath, { description: 'x' });
        assert.ok([401, 403].includes(p.status), `${role} PATCH ${apiPath} refused: ${p.status}`);
      }
      if (allow.includes('PATCH')) {
        // the edit page is a form, never "권한이 없습니다"
        await page.goto(`${base}${path}/edit`);
        await page.locator('form.record-form').waitFor();
        assert.equal(await page.getByText('이 작업을 할 권한이 없습니다.').count(), 0, `${role} ${path}/edit`);
      }
    }
    // the lists: 새 수요 offered iff Allow has POST
    await page.goto(`${base}/needs`);
    await page.locator('table tbody tr').first().waitFor();
    const { allow } = await api('GET', '/api/v1/needs?limit=1');
    assert.equal(await page.getByRole('link', { name: '새 수요' }).count() > 0, allow.includes('POST'), `${role} /needs: 새 수요 iff POST (${allow})`);
    await page.goto(`${base}/orgs`);
    await page.locator('table tbody tr').first().waitFor();
    const orgsAllow = (await api('GET', '/api/v1/orgs?limit=1')).allow;
    assert.equal(await page.getByRole('link', { name: '새 기관' }).count() > 0, orgsAllow.includes('POST'), `${role} /orgs: 새 기관 iff POST (${orgsAllow})`);
  }

  it('offers each role what the API allows it and nothing it refuses', async () => {
    await checkRole('anonymous');
    await screenshot(page, '80-orgs-anonymous', { fullPage: false });
    for (const [role, u] of Object.entries(users)) {
      await login(u.email, PW);
      await checkRole(role);
      await logout();
    }
    await login(server.email, server.password);
    // an operator-admin without a second factor is told, days before, when it will be required
    const due = page.locator('#totp-due');
    await due.filter({ hasText: /2단계 인증.*까지 설정하세요 \([67]일 남음\)/ }).waitFor();
    await checkA11y('second factor due');
    await screenshot(page, '89-totp-due', { fullPage: false });
    await checkRole('operator');
    await logout();
  });

  it('lets an org-admin edit its own organisation, and says why it does not delete it', async () => {
    const u = users['org-admin'];
    await login(u.email, PW);
    await page.goto(`${base}/orgs/${NEUROPHARM}`);
    await page.locator('h1#page-title').filter({ hasText: '뉴로팜' }).waitFor();
    assert.equal(await offered.del(), 0, '삭제 is not offered to the member');
    await page.getByRole('link', { name: '수정', exact: true }).click();
    await page.locator('form.record-form').waitFor();
    // 사업자등록번호 as people write it
    assert.equal(await page.locator('#f-brn').inputValue(), '211-87-13256');
    await checkA11y('own organisation edit');
    await screenshot(page, '81-own-org-edit', { fullPage: true });
    // a field is checked when left: a wrong 사업자등록번호 says so at once, with a valid example
    await page.locator('#f-brn').fill('123-45-67890');
    await page.locator('#f-name').focus();
    await page.locator('#f-brn-error').filter({ hasText: '220-81-62517' }).waitFor();
    assert.equal(await page.getAttribute('#f-brn', 'aria-invalid'), 'true');
    // saving sums the errors up, each a link to its field
    await page.locator('#f-name').fill('');
    await page.getByRole('button', { name: '저장' }).click();
    const summary = page.locator('.error-summary');
    await summary.waitFor();
    assert.equal(await summary.getByRole('link').count(), 2);
    await checkA11y('error summary');
    await screenshot(page, '82-error-summary', { fullPage: false });
    await summary.getByRole('link', { name: /사업자등록번호/ }).click();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'f-brn');
    await page.locator('#f-brn').fill('2118713256');
    await page.locator('#f-name').fill('뉴로팜');
    await page.locator('#f-description').fill('퇴행성 뇌질환 치료제를 임상 개발한다.');
    await page.getByRole('button', { name: '저장' }).click();
    await page.waitForURL(new RegExp(`/orgs/${NEUROPHARM}$`));
    await page.getByText('퇴행성 뇌질환 치료제를 임상 개발한다.').waitFor();
    // 사업자등록번호 shown as 000-00-00000
    await page.getByText('211-87-13256').first().waitFor();
    await logout();
  });

  it('finds organisations by name, 초성 and 사업자등록번호 in a picker, with the keyboard', async () => {
    await login(server.email, server.password);
    await page.goto(`${base}/users/new`);
    const box = page.getByRole('combobox', { name: /소속 기관/ });
    await box.waitFor();
    await box.fill('뉴로');
    const list = page.locator('#ui-org_id-listbox');
    await list.getByRole('option', { name: /뉴로팜/ }).waitFor();
    // names, never ids
    for (const text of await list.getByRole('option').allTextContents()) assert.doesNotMatch(text, /^#?\d+$/);
    await checkA11y('picker open');
    await screenshot(page, '83-picker', { fullPage: false });
    // keyboard: down to 뉴로팜, Enter chooses it
    const names = await list.getByRole('option').allTextContents();
    const at = names.findIndex((n) => n.startsWith('뉴로팜'));
    assert.ok(at >= 0, `options: ${names}`);
    for (let i = 0; i < at; i++) await box.press('ArrowDown');
    assert.match(await box.getAttribute('aria-activedescendant'), new RegExp(`-opt-${NEUROPHARM}$`));
    await box.press('Enter');
    assert.equal(await box.inputValue(), '뉴로팜');
    assert.equal(await box.getAttribute('aria-expanded'), 'false');
    // 초성 and 사업자등록번호
    await box.fill('ㄴㄹㅍ');
    await list.getByRole('option', { name: /뉴로팜/ }).waitFor();
    await box.fill('211-87-13256');
    await page.waitForFunction(() => {
      const o = [...document.querySelectorAll('#ui-org_id-listbox [role="option"]')];
      return o.length === 1 && o[0].textContent.startsWith('뉴로팜');
    });
    await box.press('Escape');
    // the list's filter by organisation is a picker too, of several values
    await page.goto(`${base}/needs`);
    const filter = page.getByRole('combobox', { name: /요청 기관/ });
    await filter.fill('뉴로');
    await page.getByRole('option', { name: /뉴로팜/ }).click();
    await page.waitForURL(new RegExp(`org_id=${NEUROPHARM}`));
    await filter.fill('뉴로비전');
    await page.getByRole('option', { name: /뉴로비전AI/ }).click();
    await page.waitForURL(new RegExp(`org_id=${NEUROPHARM}%2C116|org_id=${NEUROPHARM},116`));
    await page.locator('table tbody tr').filter({ hasText: '뇌 MR 판독 협력' }).waitFor();
    await page.locator('table tbody tr').filter({ hasText: '치매 조기진단 임상 데이터' }).waitFor();
    await checkA11y('needs by two organisations');
    await logout();
    // a member choosing a need's organisation sees only the one it may write for
    await login(users.member.email, PW);
    await page.goto(`${base}/needs/new`);
    const own = page.getByRole('combobox', { name: /요청 기관/ });
    await own.click();
    await page.locator('#f-org_id-listbox').getByRole('option').first().waitFor();
    assert.deepEqual(await page.locator('#f-org_id-listbox').getByRole('option').allTextContents(), ['뉴로팜']);
    await checkA11y('need form, member');
    // an action item's owner is chosen among the organisation's members (only operators list
    // users): the member sees its own organisation's people, and the item saves with one
    await page.goto(`${base}/action-items/new`);
    await page.getByRole('combobox', { name: /담당 기관/ }).click();
    await page.locator('#f-org_id-listbox').getByRole('option', { name: /뉴로팜/ }).click();
    const owner = page.getByRole('combobox', { name: /담당자/ });
    await owner.click();
    const people = page.locator('#f-owner_id-listbox').getByRole('option');
    await people.first().waitFor();
    const owners = await people.allTextContents();
    assert.ok(owners.includes(users['org-admin'].name) && owners.includes(users.member.name), owners.join(', '));
    await owner.fill('김관');
    await page.locator('#f-owner_id-listbox').getByRole('option', { name: users['org-admin'].name }).click();
    await page.locator('#f-title').fill(`담당자 고르기 ${stamp}`);
    await page.getByRole('button', { name: '저장' }).click();
    await page.waitForURL(/\/action-items\/\d+$/);
    await page.getByText(users['org-admin'].name).first().waitFor();
    await checkA11y('action item with an owner, member');
    await logout();
  });

  it('keeps a list at scale: facets of several values, numbered pages in the URL, Back to the same place, 더 보기, /', async () => {
    await timeList(`${base}/orgs`, 'organisations, first page (a full load of the app)');
    // the API alone, and a page drawn within the app
    const apiMs = await page.evaluate(async () => {
      const t0 = performance.now();
      const r = await fetch('/api/v1/orgs?limit=20&page=50&sort=name');
      await r.json();
      return Math.round(performance.now() - t0);
    });
    console.log(`# timing GET /api/v1/orgs?limit=20&page=50: ${apiMs} ms`);
    const count = await page.locator('.list-bar .count').textContent();
    assert.match(count, /총 2,\d{3}건/, count);
    await checkA11y('organisations at scale');
    await screenshot(page, '84-orgs-2000', { fullPage: false });
    // `/` goes to the search box
    await page.locator('body').press('/');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'q-orgs');
    await page.locator('#q-orgs').press('Escape');
    // two kinds at once (OR), and tenants (AND)
    await page.getByRole('checkbox', { name: '병원' }).check();
    await page.waitForURL(/kind=hospital/);
    await page.getByRole('checkbox', { name: '대학' }).check();
    await page.waitForURL(/kind=hospital%2Cuniversity|kind=hospital,university/);
    await page.waitForFunction(() => document.querySelector('table')?.getAttribute('aria-busy') === 'false');
    const kinds = new Set(await page.locator('tbody td[data-label="유형"]').allTextContents());
    assert.deepEqual([...kinds].sort(), ['대학', '병원'].sort());
    await page.getByRole('button', { name: '조건 초기화' }).click();
    await page.waitForURL((u) => !/kind=/.test(u.search));
    // numbered pages: page 7 of ~100, in the URL
    await page.waitForFunction(() => document.querySelector('table')?.getAttribute('aria-busy') === 'false');
    const t0 = Date.now();
    await page.getByRole('navigation', { name: '페이지 이동' }).getByRole('link', { name: '다음' }).click();
    await page.waitForURL(/page=2/);
    await page.waitForFunction(() => document.querySelector('table')?.getAttribute('aria-busy') === 'false' && /^21–/.test(document.querySelector('.list-bar .count')?.textContent ?? ''));
    console.log(`# timing organisations, next page: ${Date.now() - t0} ms`);
    await page.goto(`${base}/orgs?sort=name&page=7`);
    await page.waitForFunction(() => /^121–140 /.test(document.querySelector('.list-bar .count')?.textContent ?? ''));
    assert.match(await page.locator('.pager [aria-current="page"]').textContent(), /^7쪽$/);
    const onSeven = await page.locator('tbody tr .row-link').allTextContents();
    // 더 보기: page 8 under page 7, kept in the URL
    await page.getByRole('button', { name: '더 보기' }).click();
    await page.waitForURL(/more=1/);
    await page.waitForFunction(() => document.querySelectorAll('tbody tr').length === 40);
    assert.deepEqual((await page.locator('tbody tr .row-link').allTextContents()).slice(0, 20), onSeven);
    // scroll down, open a row, come Back: the same 40 rows, the same scroll position
    const link = page.locator('tbody tr .row-link').nth(30);
    await link.scrollIntoViewIfNeeded();
    const y = await page.evaluate(() => window.scrollY);
    assert.ok(y > 200, `scrolled ${y}`);
    const name = await link.textContent();
    await link.click();
    await page.locator('h1#page-title').filter({ hasText: name }).waitFor();
    await page.goBack();
    await page.waitForURL(/page=7.*more=1|more=1.*page=7/);
    await page.waitForFunction(() => document.querySelectorAll('tbody tr').length === 40);
    await page.waitForFunction((want) => Math.abs(window.scrollY - want) < 5, y);
    await screenshot(page, '85-orgs-back', { fullPage: false });
    await checkA11y('organisations, pages 7 and 8');
    // the same page drawn on a phone: no Korean word cut in the middle
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${base}/orgs?kind=hospital`);
    await page.locator('tbody tr').first().waitFor();
    const cut = await page.evaluate(() => {
      const bad = [];
      for (const el of document.querySelectorAll('td, .chip, .badge')) {
        const s = getComputedStyle(el);
        if (s.wordBreak !== 'keep-all' || s.overflowWrap === 'anywhere') bad.push(el.textContent.slice(0, 20));
      }
      return bad.slice(0, 5);
    });
    assert.deepEqual(cut, [], 'cells and chips keep Korean words whole');
    await screenshot(page, '86-orgs-phone', { fullPage: true });
    await checkA11y('organisations on a phone');
    await page.setViewportSize({ width: 1366, height: 768 });
  });

  it('says what failed and retries, and says offline rather than signed out', async () => {
    await login(users.researcher.email, PW);
    // the list's load fails once: the message names it and 다시 시도 loads it
    let fail = true;
    await page.route('**/api/v1/capabilities?*', (route) => (fail ? route.abort() : route.continue()));
    await page.goto(`${base}/capabilities`);
    const banner = page.locator('.banner-error').filter({ hasText: '역량 목록을 불러오지 못했습니다' });
    await banner.waitFor();
    assert.equal(await page.getByText('불러오는 중…').count(), 0, 'no stale loading text');
    await checkA11y('failed list');
    await screenshot(page, '87-failed-load', { fullPage: false });
    fail = false;
    await banner.getByRole('button', { name: '다시 시도' }).click();
    await page.locator('table tbody tr').first().waitFor();
    await page.unroute('**/api/v1/capabilities?*');
    // offline: said as offline; still signed in
    await browser.context.setOffline(true);
    await page.locator('#offline').filter({ hasText: '오프라인' }).waitFor();
    assert.equal(await page.getByRole('button', { name: '로그아웃' }).count(), 1, 'still signed in');
    await screenshot(page, '88-offline', { fullPage: false });
    await browser.context.setOffline(false);
    await page.locator('#offline').waitFor({ state: 'detached' });
    await logout();
    assert.deepEqual(problems.filter((p) => !/net::ERR_(FAILED|INTERNET_DISCONNECTED)/.test(p)), []);
  });
});
