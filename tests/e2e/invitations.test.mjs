// Invitations that wait for the invitee (issue #10 item 13), in a real browser against a real
// `bpmc serve`: an org-admin invites someone who has an account and someone new, and is told
// the same for both (no mail server here: the link to hand over); the members page shows both
// pending, and the admin withdraws one. The invitee with an account opening the e-mailed link is
// told to sign in and accept instead of choosing a password; signed in, the notification leads
// to the invitations page, where accepting makes the organisation theirs (the organisation
// menu offers it). Each page passes axe with no violation at all.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  addUser as addTo,
  assertNoViolations,
  launchBrowser,
  outbox,
  screenshot,
  signIn,
  signOut,
  startServer,
  watchPage,
} from './harness.mjs';

const TIMEOUT = 15000;
const stamp = Date.now().toString(36);
const ADMIN = { email: `inv-admin-${stamp}@org3.test`, name: '초대관리', org: 3, orgName: '국민건강보험 일산병원' };
const KNOWN = { email: `inv-known-${stamp}@org5.test`, name: '기존회원', org: 5 };
const NEW = { email: `inv-new-${stamp}@new.test`, name: '새로운분' };

let server;
let browser;
let page;
let base;
const problems = [];

describe('invitations that wait for the invitee', { timeout: 180000 }, () => {
  before(async () => {
    server = await startServer();
    base = server.base;
    addTo(server, ADMIN, 'org-admin', ADMIN.org);
    addTo(server, KNOWN, 'org-member', KNOWN.org);
    browser = await launchBrowser();
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.setDefaultTimeout(TIMEOUT);
    watchPage(page, problems);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('tells the org-admin the same for a known and a new person, and shows both pending', async () => {
    await signIn(page, base, ADMIN.email);
    await page.goto(`${base}/members`);
    await page.locator('#page-title').getByText(`${ADMIN.orgName} 구성원`).waitFor();
    const said = [];
    for (const who of [KNOWN, NEW]) {
      await page.getByLabel('이메일').fill(who.email);
      await page.getByLabel('이름').fill(who.name);
      await page.getByRole('button', { name: '초대하기' }).click();
      const banner = page.locator('main .banner').filter({ hasText: who.email });
      await banner.waitFor();
      said.push((await banner.textContent()).replace(who.email, 'E'));
      const link = await page.locator('#invite-link').inputValue();
      assert.equal(link, base + outbox(server).find((m) => m.to === who.email && m.kind === 'invitation').link);
    }
    assert.equal(said[0], said[1], 'the same message whether or not the e-mail had an account');
    const table = page.getByRole('table');
    for (const who of [KNOWN, NEW])
      await table.getByRole('row').filter({ hasText: who.name }).getByText('초대 수락 대기').waitFor();
    await screenshot(page, 'inv-1-members-pending', { fullPage: true });
    await assertNoViolations(page, 'members with pending invitations');
    // the new person's invitation withdrawn
    page.once('dialog', (d) => void d.accept());
    await table.getByRole('row').filter({ hasText: NEW.name }).getByRole('button', { name: new RegExp(`^초대 취소\\s*:\\s*${NEW.name}$`) }).click();
    await page.locator('main').getByText(`${NEW.name}님에게 보낸 초대를 취소했습니다.`).waitFor();
    await table.getByRole('row').filter({ hasText: NEW.name }).waitFor({ state: 'detached' });
    await signOut(page);
  });

  it('sends the invitee who has an account to sign in and accept, from the link and the notification', async () => {
    // the e-mailed link does not let anyone choose a password for an existing account
    const mail = outbox(server).find((m) => m.to === KNOWN.email && m.kind === 'invitation');
    await page.goto(base + mail.link);
    await page.locator('#page-title').getByText('초대 수락: 비밀번호 정하기').waitFor();
    await page.getByText('이미 bpmc 계정이 있다면').waitFor();
    await assertNoViolations(page, 'invitation link');
    await page.locator('#reset-password').fill('Takeover-2026-pw');
    await page.locator('#reset-again').fill('Takeover-2026-pw');
    await page.getByRole('button', { name: '비밀번호 저장' }).click();
    await page.locator('main').getByText('이 초대는 이미 bpmc 계정이 있는 분께 보낸 것입니다').waitFor();
    await screenshot(page, 'inv-2-link-has-account');
    await assertNoViolations(page, 'invitation link of an account');
    await page.getByRole('link', { name: '로그인해서 초대 수락하기' }).click();
    await page.waitForURL(/\/login\?next=\/invitations$/);
    // the password was not changed: the old one signs in, and lands on the invitations
    await page.locator('#login-email').fill(KNOWN.email);
    await page.locator('#login-password').fill('Password-2026');
    await page.getByRole('button', { name: '로그인', exact: true }).click();
    await page.waitForURL(/\/invitations$/);
    await page.locator('#page-title').getByText('받은 초대').waitFor();
    const row = page.getByRole('table').getByRole('row').filter({ hasText: ADMIN.orgName });
    await row.waitFor();
    assert.equal(await page.locator('.org-switcher').count(), 0, 'not a member of it yet');
    // the notification leads here too
    await page.goto(`${base}/notifications`);
    const note = page.locator('.note-list li').filter({ hasText: '기관 초대' });
    await note.getByRole('link', { name: '바로 가기' }).click();
    await page.waitForURL(/\/invitations$/);
    await row.waitFor();
    await screenshot(page, 'inv-3-invitations', { fullPage: true });
    await assertNoViolations(page, 'my invitations');
    await row.getByRole('button', { name: new RegExp(`^수락\\s*:\\s*${ADMIN.orgName}$`) }).click();
    await page.locator('main').getByText(`${ADMIN.orgName}의 구성원이 되었습니다.`).waitFor();
    await page.locator('main').getByText('기다리는 초대가 없습니다.').waitFor();
    await page.locator('.org-switcher').waitFor();
    await assertNoViolations(page, 'my invitations, answered');
    await signOut(page);
    // the org-admin sees them active now, by their own name
    await signIn(page, base, ADMIN.email);
    await page.goto(`${base}/members`);
    await page.getByRole('table').getByRole('row').filter({ hasText: KNOWN.name }).getByText('활동 중').waitFor();
    await signOut(page);
    assert.deepEqual(problems, []);
  });
});
