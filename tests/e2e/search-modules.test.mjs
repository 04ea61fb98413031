// The investment, training and program modules' public rows in the search box and on the search
// page (docs/search.md, "What is found"), in a real browser against a real `bpmc serve` on the
// demo cluster: a visitor types an IR event's name in the header's box and reaches its page; the
// search page has a group, labelled in Korean and in English, for IR events, courses, demand
// surveys, pledge projects and unit projects, each the API's answer for its kind= with links
// to the rows' pages.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  apiAs,
  assertNoViolations,
  launchBrowser,
  screenshot,
  startServer,
  watchPage,
} from './harness.mjs';

const TIMEOUT = 15000;
const stamp = Date.now().toString(36);
const WORD = `qzmods${stamp}`; // a word no demo row holds
const KINDS = {
  events: ['IR 행사', 'IR events'],
  courses: ['교육 과정', 'Courses'],
  surveys: ['수요조사', 'Demand surveys'],
  'pledge-projects': ['공약 사업', 'Pledge projects'],
  'unit-projects': ['단위사업', 'Unit projects'],
};
const EVENT = `바이오 헬스 투자 쇼케이스 ${WORD}`;

let server;
let browser;
let page;
let base;
const problems = [];
const made = {}; // kind → {id, title}

/** The search page's group of kind: its heading and the titles and links it shows, or null. */
async function group(kind) {
  const g = page.locator(`section.search-group[aria-labelledby="sg-${kind}"]`);
  if (!(await g.count())) return null;
  return {
    heading: (await g.locator('h2').textContent()).trim(),
    rows: await g.locator('ul.hit-list > li > a:first-child').evaluateAll((as) =>
      as.map((a) => [a.textContent, a.getAttribute('href')]),
    ),
  };
}

/** What the API gives the page's caller for WORD in kind. */
function answer(kind) {
  return page.evaluate(
    async ([q, kind]) => (await fetch(`/api/v1/search?q=${encodeURIComponent(q)}&kind=${kind}&limit=10`)).json(),
    [WORD, kind],
  );
}

describe('IR events, courses, surveys and the program in the search box and page', { timeout: 180000 }, () => {
  before(async () => {
    server = await startServer();
    base = server.base;
    const admin = await apiAs(base, server.email, server.password);
    const add = async (kind, body) => {
      const r = await admin('POST', kind, body);
      assert.equal(r.status, 201, `${kind}: ${JSON.stringify(r.body)}`);
      made[kind] = { id: r.body.id, title: body.title ?? body.name };
      return r.body;
    };
    await add('events', { title: EVENT, kind: 'demo_day', starts_at: '2027-04-01T05:00:00Z', capacity: 40 });
    await add('courses', { title: `세포치료제 공정 실습 ${WORD}`, field: 'drug-discovery', level: 'basic', kind: 'smart-lab' });
    await add('surveys', { title: `2028 인력 수요조사 ${WORD}`, opens_on: '2027-01-04', closes_on: '2027-01-29' });
    const p = await add('pledge-projects', { name: `바이오 실증 특구 ${WORD}`, starts_on: '2027-01-01', ends_on: '2030-12-31' });
    await add('unit-projects', { project_id: p.id, name: `실증 장비 도입 ${WORD}` });
    browser = await launchBrowser();
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.setDefaultTimeout(TIMEOUT);
    watchPage(page, problems);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("a visitor types an IR event's name in the search box and reaches it where registering is", async () => {
    await page.goto(`${base}/`);
    const q = page.locator('#global-q');
    await q.fill('헬스 투자 쇼케이스');
    const panel = page.locator('#global-search-panel');
    const option = panel.getByRole('option', { name: new RegExp(EVENT) });
    await option.waitFor();
    assert.equal((await option.locator('.hit-kind').textContent()).trim(), 'IR 행사');
    await screenshot(page, '52-search-ir-event');
    await option.click();
    // the IR events page, where a visitor reads the event and registers: that one event alone
    await page.waitForURL(new RegExp(`/ir-events\\?id=${made.events.id}$`));
    await page.getByRole('heading', { level: 2, name: EVENT }).waitFor();
    assert.equal(await page.locator('.event-card').count(), 1);
    await page.getByText('참가 신청은 로그인한 기관 구성원이 합니다.').waitFor();
    await page.getByRole('link', { name: '모든 IR 행사 보기' }).waitFor();
    assert.deepEqual(problems, []);
  });

  /** Where a result leads: an IR event to /ir-events, where a visitor reads it and registers. */
  const pageOf = (kind, id) => (kind === 'events' ? `/ir-events?id=${id}` : `/${kind}/${id}`);

  it('the search page shows a group per new kind, as the API answers it, in Korean and English', async () => {
    for (const lang of ['ko', 'en']) {
      if (lang === 'en') await page.evaluate(() => localStorage.setItem('bpmc.lang', 'en'));
      await page.goto(`${base}/search?q=${encodeURIComponent(WORD)}`);
      await page.locator('.search-groups').waitFor();
      for (const [kind, labels] of Object.entries(KINDS)) {
        const a = await answer(kind);
        const want = a.items.map((h) => [h.title, pageOf(kind, h.id)]);
        assert.deepEqual(want, [[made[kind].title, pageOf(kind, made[kind].id)]], kind);
        const g = await group(kind);
        assert.deepEqual(g?.rows, want, `${lang}: ${kind}`);
        assert.match(g.heading, new RegExp(`^${labels[lang === 'ko' ? 0 : 1]}\\s`), `${lang}: ${kind}`);
      }
      if (lang === 'ko') await assertNoViolations(page, 'search modules');
    }
    await page.evaluate(() => localStorage.removeItem('bpmc.lang'));
  });

  it("each group's link opens the row's page (an IR event's: the IR events page)", async () => {
    for (const kind of Object.keys(KINDS)) {
      await page.goto(`${base}/search?q=${encodeURIComponent(WORD)}`);
      const g = page.locator(`section.search-group[aria-labelledby="sg-${kind}"]`);
      await g.getByRole('link', { name: made[kind].title }).click();
      await page.waitForURL((u) => `${u.pathname}${u.search}` === pageOf(kind, made[kind].id));
      // an IR event's page is the IR events page with that one event: its title is the card's
      await page.getByRole('heading', { level: kind === 'events' ? 2 : 1, name: made[kind].title }).waitFor();
    }
    assert.deepEqual(problems, []);
  });
});
