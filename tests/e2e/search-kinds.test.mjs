// The search page (/search?q=) groups every collection /api/v1/search indexes, programs,
// resources, spaces and files included, in a real browser against a real `bpmc serve` on the
// demo cluster: each role sees in each group exactly the rows the API gives it (a member's
// private file: its organisation and operators, nobody else), each row links to its page.
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
  TEST_PASSWORD,
  watchPage,
} from './harness.mjs';

const TIMEOUT = 15000;
const stamp = Date.now().toString(36);
const WORD = `qzkinds${stamp}`; // a word no demo row holds
const MEMBER = { email: `sk-m-${stamp}@generoad.test`, name: '검색회원' };
const OTHER = { email: `sk-o-${stamp}@hanbit.test`, name: '다른회원' };
const OP = { email: `sk-op-${stamp}@center.test`, name: '검색운영' };
const KINDS = ['programs', 'resources', 'spaces', 'files'];

let server;
let browser;
let page;
let base;
const problems = [];
const made = {}; // kind → {id, title}

/** A file uploaded as email (raw bytes, as the web app's upload does). */
async function upload(email, query) {
  const s = await fetch(`${base}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: TEST_PASSWORD }),
  });
  assert.equal(s.status, 200);
  const cookie = s.headers.get('set-cookie').split(';')[0];
  const { csrf_token: csrf } = await s.json();
  const r = await fetch(`${base}/api/v1/files?${query}`, {
    method: 'POST',
    headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/pdf' },
    body: new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x0a]),
  });
  return { status: r.status, body: await r.json() };
}

/** The search page's group of kind: the titles and links it shows, or null when it has none. */
async function group(kind) {
  const g = page.locator(`section.search-group[aria-labelledby="sg-${kind}"]`);
  if (!(await g.count())) return null;
  return g.locator('ul.hit-list > li > a:first-child').evaluateAll((as) =>
    as.map((a) => [a.textContent, a.getAttribute('href')]),
  );
}

/** What the API gives the page's caller (its cookie) for q in kind. */
function answer(kind) {
  return page.evaluate(
    async ([q, kind]) => (await fetch(`/api/v1/search?q=${encodeURIComponent(q)}&kind=${kind}&limit=10`)).json(),
    [WORD, kind],
  );
}

/** Open the search page for WORD and compare each of the four groups with the API's answer. */
async function compare(role) {
  await page.goto(`${base}/search?q=${encodeURIComponent(WORD)}`);
  // the groups, or the line that says nothing was found: the answers have arrived
  await page.locator('.search-groups, section[aria-labelledby="page-title"] > p.muted:not(.loading)').first().waitFor();
  const seen = {};
  for (const kind of KINDS) {
    const a = await answer(kind);
    const shown = await group(kind);
    const want = a.items.map((h) => [h.title, `/${kind}/${h.id}`]);
    assert.deepEqual(shown, want.length ? want : null, `${role}: ${kind}`);
    seen[kind] = want.map(([, href]) => href);
  }
  return seen;
}

describe('the search page groups programs, resources, spaces and files', { timeout: 180000 }, () => {
  before(async () => {
    server = await startServer();
    base = server.base;
    addTo(server, MEMBER, 'org-member', 101);
    addTo(server, OTHER, 'org-member', 102);
    addTo(server, OP, 'operator-staff');
    const admin = await apiOn(base, server.email, server.password);
    for (const [kind, body] of [
      ['programs', { title: `${WORD} 사업화 컨설팅`, category: 'consulting' }],
      ['resources', { name: `${WORD} 분석 장비`, kind: 'instrument' }],
      ['spaces', { name: `${WORD} 입주 실험실`, kind: 'lab' }],
    ]) {
      const r = await admin('POST', kind, body);
      assert.equal(r.status, 201, `${kind}: ${JSON.stringify(r.body)}`);
      made[kind] = { id: r.body.id, title: body.title ?? body.name };
      if (kind === 'programs') { // a new program is a draft, which only operators read: open it
        const o = await admin('PATCH', `programs/${r.body.id}`, { status: 'open' }, { 'if-match': r.etag });
        assert.equal(o.status, 200, JSON.stringify(o.body));
      }
    }
    const f = await upload(MEMBER.email, `name=${encodeURIComponent(`${WORD} 협약서.pdf`)}&org_id=101&visibility=private`);
    assert.equal(f.status, 201, JSON.stringify(f.body));
    made.files = { id: f.body.id, title: f.body.name };
    browser = await launchBrowser();
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.setDefaultTimeout(TIMEOUT);
    watchPage(page, problems);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('an anonymous visitor sees the public rows, not the private file', async () => {
    const seen = await compare('anonymous');
    assert.deepEqual(seen.resources, [`/resources/${made.resources.id}`]);
    assert.deepEqual(seen.spaces, [`/spaces/${made.spaces.id}`]);
    assert.deepEqual(seen.files, []);
    await assertNoViolations(page, 'search kinds (anonymous)');
  });

  it('a member of another organisation does not see the private file either', async () => {
    await signIn(page, base, OTHER.email);
    const seen = await compare('other member');
    assert.deepEqual(seen.files, []);
    assert.deepEqual(seen.programs, [`/programs/${made.programs.id}`]);
    await signOut(page);
  });

  it("the file's organisation sees it, and its link opens the file's page", async () => {
    await signIn(page, base, MEMBER.email);
    const seen = await compare('member');
    assert.deepEqual(seen.files, [`/files/${made.files.id}`]);
    await screenshot(page, '50-search-kinds', { fullPage: true });
    await assertNoViolations(page, 'search kinds (member)');
    const files = page.locator('section.search-group[aria-labelledby="sg-files"]');
    await files.getByRole('link', { name: made.files.title }).click();
    await page.waitForURL(new RegExp(`/files/${made.files.id}$`));
    await page.getByRole('heading', { level: 1, name: made.files.title }).waitFor();
    await signOut(page);
  });

  it("an operator sees every group, and each row's link opens its page", async () => {
    await signIn(page, base, OP.email);
    const seen = await compare('operator');
    for (const kind of KINDS) assert.deepEqual(seen[kind], [`/${kind}/${made[kind].id}`], kind);
    for (const kind of KINDS) {
      await page.goto(`${base}/search?q=${encodeURIComponent(WORD)}`);
      const g = page.locator(`section.search-group[aria-labelledby="sg-${kind}"]`);
      await g.getByRole('link', { name: made[kind].title }).click();
      await page.waitForURL(new RegExp(`/${kind}/${made[kind].id}$`));
      await page.getByRole('heading', { level: 1, name: made[kind].title }).waitFor();
    }
    assert.deepEqual(problems, []);
  });
});
