// The generic forms' pickers as a person uses them, in a real browser against `bpmc serve` on
// the demo cluster: a reference to a file is a file chooser that uploads at once (a private file
// of no organisation for the operators' attraction pipeline), shows the file's name and size,
// and the record's page downloads it; a refused upload shows the server's message beside the
// field; a list of organisations (a prospect's value chain) is picked by name and 초성 as chips
// and shown as links; each picker's placeholder says what that target is searched by; no create
// form asks about demo data. Every page passes axe; screenshots go to build/screenshots/.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addUser, apiAs, axe, launchBrowser, screenshot, signIn, signOut, startServer, watchPage } from './harness.mjs';

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

/** Type text into the picker #id and choose the option whose title is title. */
async function pick(id, text, title) {
  const box = page.locator(`#${id}`);
  await box.click();
  await box.fill(text);
  const option = page.locator(`#${id}-listbox [role="option"]`).filter({ has: page.locator('.picker-title', { hasText: new RegExp(`^${title}$`) }) });
  await option.first().click();
}

describe('the generic forms\' pickers in the web application', { timeout: 300000 }, () => {
  before(async () => {
    server = await startServer();
    base = server.base;
    browser = await launchBrowser();
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.setDefaultTimeout(TIMEOUT);
    watchPage(page, problems);
    api = await apiAs(base, server.email, server.password);
    addUser(server, { email: 'member@forms.test', name: '진로드 직원' }, 'org-member', 101);
    await signIn(page, base, server.email, server.password);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('each picker says what its target is searched by, and no create form asks about demo data', async () => {
    await page.goto(`${base}/prospects/new`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.locator('#f-org_id').waitFor();
    assert.equal(await page.locator('#f-org_id').getAttribute('placeholder'), '기관명, 초성, 사업자등록번호로 검색');
    assert.equal(await page.locator('#f-upstream_org_ids').getAttribute('placeholder'), '기관명, 초성, 사업자등록번호로 검색');
    assert.match(await page.locator('#f-owner_id').getAttribute('placeholder'), /^이름.*이메일로 검색$/);
    await page.locator('#f-loi_file_id').getByRole('button', { name: '이미 올린 파일에서 고르기' }).click();
    assert.match(await page.locator('#f-loi_file_id-existing').getAttribute('placeholder'), /^파일명(, 초성)?으로 검색$/);
    assert.equal(await page.getByLabel('데모 데이터').count(), 0, 'no 데모 데이터 checkbox');
    // many matches: the first page, how many in all, and the next page on request
    const box = page.locator('#f-org_id');
    await box.click();
    await box.fill('바이오');
    const total = (await api('GET', `orgs?q=${encodeURIComponent('바이오')}&limit=1`)).body.total;
    assert.ok(total > 20, `the demo has more than a page of 바이오 (${total})`);
    const more = page.locator('#f-org_id-listbox .picker-more').filter({ hasText: `${total}개 중` });
    await more.waitFor();
    assert.equal((await more.textContent()).replace(/\s+/g, ' ').trim(), `${total}개 중 20개: 더 입력하면 좁혀집니다. 더 보기`);
    await more.getByRole('button', { name: '더 보기' }).click();
    await page.waitForFunction((n) => document.querySelectorAll('#f-org_id-listbox [role="option"]').length === n, Math.min(total, 40));
    await screenshot(page, 'forms-picker-more');
    await box.press('Escape');
    await page.goto(`${base}/deals/new`);
    await page.locator('#f-fundraising_id').waitFor();
    const fr = await page.locator('#f-fundraising_id').getAttribute('placeholder');
    assert.ok(/으?로 검색$/.test(fr) && !/사업자등록번호/.test(fr), `the fundraising picker: ${fr}`);
    assert.equal(await page.getByLabel('데모 데이터').count(), 0, 'no 데모 데이터 checkbox on deals');
    // in English
    await page.locator('.lang-toggle').click();
    await page.goto(`${base}/prospects/new`);
    await page.locator('#f-org_id[placeholder^="Search by"]').waitFor();
    assert.equal(await page.locator('#f-org_id').getAttribute('placeholder'), 'Search by name, Korean initials or business registration number');
    assert.equal(await page.locator('#f-owner_id').getAttribute('placeholder'), 'Search by name or e-mail');
    await page.locator('.lang-toggle').click();
    await page.locator('#f-org_id[placeholder="기관명, 초성, 사업자등록번호로 검색"]').waitFor();
  });

  it('a prospect: two upstream organisations picked by name and 초성, an LOI file uploaded, shown and downloaded', async () => {
    await page.goto(`${base}/prospects/new`);
    await page.locator('#f-name').fill('바이오폼 테스트');
    await page.locator('#f-kind').selectOption('company');
    await pick('f-upstream_org_ids', '진로', '진로드바이오');
    await pick('f-upstream_org_ids', 'ㅎㅂㅇㅈㅊ', '한빛유전체');
    const chips = page.locator('#f-upstream_org_ids').locator('xpath=..').locator('.chips .chip');
    assert.deepEqual((await chips.allTextContents()).map((s) => s.replace('×', '').trim()), ['진로드바이오', '한빛유전체']);
    // a refused upload: the server's message beside the field, nothing set
    await page.locator('#f-loi_file_id-upload').setInputFiles({ name: 'empty.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(0) });
    await page.locator('#f-loi_file_id-error').waitFor();
    assert.match(await page.locator('#f-loi_file_id-error').textContent(), /빈 파일/);
    // the file from the computer
    const bytes = Buffer.from('%PDF-1.4\n입주의향서 본문\n', 'utf8');
    await page.locator('#f-loi_file_id-upload').setInputFiles({ name: '입주의향서.pdf', mimeType: 'application/pdf', buffer: bytes });
    await page.locator('#f-loi_file_id .file-chosen a').waitFor();
    assert.equal(await page.locator('#f-loi_file_id-error').count(), 0, 'the error went');
    assert.match(await page.locator('#f-loi_file_id .file-chosen').textContent(), new RegExp(`입주의향서\\.pdf \\(${bytes.length}바이트\\)`));
    assert.match(await page.locator('#f-loi_file_id-where').textContent(), /운영기관 직원만/);
    await noViolations('prospect form with a file and two organisations');
    await screenshot(page, 'forms-prospect-new', { fullPage: true });
    await page.getByRole('button', { name: '저장' }).click();
    await page.waitForURL(/\/prospects\/\d+$/);
    const id = Number(page.url().split('/').pop());
    const saved = (await api('GET', `prospects/${id}`)).body;
    assert.deepEqual(saved.upstream_org_ids, ['101', '102']);
    assert.ok(saved.loi_file_id > 0);
    const file = (await api('GET', `files/${saved.loi_file_id}`)).body;
    assert.equal(file.visibility, 'private', 'evidence of the pipeline is private');
    assert.equal(file.org_id, null, 'of no organisation');
    assert.equal(file.size, bytes.length);
    // the record's page: the file's name and size, a download; the organisations as links
    const link = page.getByRole('link', { name: '입주의향서.pdf' });
    await link.waitFor();
    assert.match(await link.locator('xpath=..').textContent(), new RegExp(`\\(${bytes.length}바이트\\)`));
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const { readFileSync } = await import('node:fs');
    assert.deepEqual(readFileSync(await download.path()), bytes);
    await page.getByRole('link', { name: '진로드바이오' }).first().waitFor();
    await page.getByRole('link', { name: '한빛유전체' }).first().waitFor();
    await noViolations('prospect page with its file');
    await screenshot(page, 'forms-prospect-page', { fullPage: true });
    // clear the file in the edit form
    await page.goto(`${base}/prospects/${id}/edit`);
    await page.locator('#f-loi_file_id .file-chosen a').waitFor();
    await page.getByRole('button', { name: '파일 빼기' }).click();
    await page.getByRole('button', { name: '저장' }).click();
    await page.waitForURL(new RegExp(`/prospects/${id}$`));
    assert.equal((await api('GET', `prospects/${id}`)).body.loi_file_id, null);
    assert.deepEqual(problems, []);
  });

  it('a company member attaches a file to its support request: a private file of its organisation', async () => {
    await signOut(page);
    await signIn(page, base, 'member@forms.test');
    await page.goto(`${base}/support-requests/new`);
    await page.locator('#f-title').fill('시제품 시험 장비 지원');
    await pick('f-org_id', '진로', '진로드바이오');
    await page.locator('#f-category').selectOption({ index: 1 });
    assert.match(await page.locator('#f-attachment_id-where').textContent(), /이 기관 구성원과 운영기관/);
    const bytes = Buffer.from('요청서 첨부', 'utf8');
    await page.locator('#f-attachment_id-upload').setInputFiles({ name: '요청서.txt', mimeType: 'text/plain', buffer: bytes });
    await page.locator('#f-attachment_id .file-chosen a').waitFor();
    await noViolations('support request form with a file');
    await screenshot(page, 'forms-support-request-new', { fullPage: true });
    await page.getByRole('button', { name: '저장' }).click();
    await page.waitForURL(/\/support-requests\/\d+$/);
    const id = Number(page.url().split('/').pop());
    const saved = (await api('GET', `support-requests/${id}`)).body;
    const file = (await api('GET', `files/${saved.attachment_id}`)).body;
    assert.deepEqual([file.visibility, file.org_id, file.name], ['private', 101, '요청서.txt']);
    await page.getByRole('link', { name: '요청서.txt' }).waitFor();
    // anyone else is told nothing of it
    const anon = await fetch(`${base}/api/v1/files/${saved.attachment_id}`);
    assert.equal(anon.status, 404);
    assert.deepEqual(problems, []);
  });
});
