// People's accounts in a real browser against a real `bpmc serve` (issue #3 item 8): the second
// factor (set up from a QR code that must decode to the server's otpauth link, then asked at
// login, with a recovery code as the way back in), an operator-admin sent to set it up first,
// password change and reset through the link the outbox holds, invitations, an org-admin
// managing members (the last admin stays), notifications with the unread badge, the
// organisation switcher, and the operators' users, audit and access-log pages. Steps build on
// each other, in order. Every new page is checked with axe-core and photographed.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import jsQR from 'jsqr';
import { axe, launchBrowser, outbox, screenshot, signOut, startServer, submitSignIn, totp, watchPage } from './harness.mjs';

const TIMEOUT = 15000;
const PW = 'Password-2026';
const A = { email: 'kim@org3.test', name: '김관리', org: 3, orgName: '국민건강보험 일산병원' };
const B = { email: 'lee@org5.test', name: '이협력', org: 5, orgName: '일산차병원' };
const C = { email: 'jung@org3.test', name: '정구성', org: 3 };

let server;
let browser;
let page;
let base;
const problems = [];
const codes = {}; // recovery codes by e-mail
const secrets = {};

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

async function heading() {
  return (await page.locator('#page-title').first().textContent())?.trim() ?? '';
}

/** Signs in up to the next step: the caller waits for what should come (a code asked, an error). */
const login = (email, password) => submitSignIn(page, base, email, password);
const logout = () => signOut(page);

/** The modules of the QR code drawn on the page (parsed from its SVG path), decoded. */
async function decodeQr() {
  const d = await page.locator('svg.qr path').getAttribute('d');
  const cells = [...d.matchAll(/M(\d+) (\d+)h(\d+)/g)].map((m) => m.slice(1).map(Number));
  const n = Math.max(...cells.map(([x, , w]) => x + w), ...cells.map(([, y]) => y + 1));
  const scale = 4;
  const quiet = 4;
  const w = (n + 2 * quiet) * scale;
  const rgba = new Uint8ClampedArray(w * w * 4).fill(255);
  for (const [x0, y, len] of cells)
    for (let x = x0; x < x0 + len; x++)
      for (let dy = 0; dy < scale; dy++)
        for (let dx = 0; dx < scale; dx++) {
          const i = (((y + quiet) * scale + dy) * w + (x + quiet) * scale + dx) * 4;
          rgba[i] = rgba[i + 1] = rgba[i + 2] = 0;
        }
  return jsQR(rgba, w, w)?.data ?? null;
}

/** On /account: set up the second factor; keeps the secret and the recovery codes. */
async function enrolTotp(email, shotName) {
  await page.locator('#totp').getByRole('button', { name: '2단계 인증 설정' }).click();
  const key = page.locator('.totp-key');
  await key.waitFor();
  const grouped = (await key.textContent()).trim();
  assert.match(grouped, /^([A-Z2-7]{4} )+[A-Z2-7]{1,4}$/, `key in groups of four: ${grouped}`);
  const secret = grouped.replace(/\s/g, '');
  secrets[email] = secret;
  const link = await page.locator('a[href^="otpauth:"]').getAttribute('href');
  assert.ok(link.includes(`secret=${secret}`), link);
  await page.locator('svg.qr path').waitFor();
  assert.equal(await decodeQr(), link, 'the QR code holds the otpauth link');
  if (shotName) {
    await screenshot(page, shotName, { fullPage: true });
    await checkA11y(shotName);
  }
  // a code from an hour ago is refused at the field
  await page.locator('#totp-code').fill(totp(secret, Date.now() / 1000 - 3600));
  await page.getByRole('button', { name: '확인하고 켜기' }).click();
  await page.locator('#totp-code-error').waitFor();
  assert.equal(await page.getAttribute('#totp-code', 'aria-invalid'), 'true');
  await page.locator('#totp-code').fill(totp(secret));
  await page.getByRole('button', { name: '확인하고 켜기' }).click();
  await page.locator('main').getByText('아래 복구 코드를 지금 저장하세요').waitFor();
  const list = (await page.locator('.recovery-codes code').allTextContents()).map((s) => s.trim());
  assert.equal(list.length, 10);
  for (const c of list) assert.match(c, /^[a-z2-9]{5}-[a-z2-9]{5}$/);
  codes[email] = list;
  // the download holds the same codes
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: '텍스트 파일로 내려받기' }).click(),
  ]);
  const text = readFileSync(await download.path(), 'utf8');
  for (const c of list) assert.ok(text.includes(c), `the file holds ${c}`);
  assert.equal(download.suggestedFilename(), 'bpmc-recovery-codes.txt');
  if (shotName) await screenshot(page, `${shotName}-codes`, { fullPage: true });
  await page.getByRole('button', { name: '저장했습니다' }).click();
  await page.locator('#totp').getByText('사용 중').waitFor();
}

describe('accounts in the web application', { timeout: 240000 }, () => {
  before(async () => {
    server = await startServer({ extraArgs: ['--admin-totp-grace-days', '0'] });
    base = server.base;
    for (const u of [A, B, C])
      server.bpmc(
        ['user', 'add', '--db', server.db, '--email', u.email, '--name', u.name, '--role', u === A ? 'org-admin' : 'org-member', '--org', String(u.org)],
        `${PW}\n`,
      );
    browser = await launchBrowser();
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.setDefaultTimeout(TIMEOUT);
    watchPage(page, problems);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('sends an operator-admin without a second factor to set it up first', async () => {
    await login(server.email, server.password);
    await page.waitForURL(/\/account$/);
    await page.locator('main').getByText('2단계 인증을 먼저 설정해야 다른 기능을 쓸 수 있습니다').waitFor();
    // every other page leads back here until it is done
    await page.getByRole('navigation', { name: '주 메뉴' }).getByRole('link', { name: '디렉토리' }).click();
    await page.waitForURL(/\/account$/);
    await page.locator('#totp').waitFor();
    await enrolTotp(server.email, '20-account-totp-setup');
    assert.equal(await page.locator('main').getByText('2단계 인증을 먼저 설정해야').count(), 0);
    // the second factor of an operator-admin cannot be turned off
    assert.equal(await page.getByRole('button', { name: '2단계 인증 끄기' }).count(), 0);
    await page.goto(`${base}/orgs`);
    await page.locator('tbody tr').first().waitFor();
  });

  it('lets operators invite a user, with errors at the fields', async () => {
    await page.goto(`${base}/users`);
    await page.locator('tbody tr').first().waitFor();
    await page.getByRole('link', { name: '사용자 초대' }).click();
    await page.waitForURL(/\/users\/new$/);
    await page.locator('#page-title').getByText('사용자 초대').waitFor();
    await page.getByRole('button', { name: '초대하기' }).click();
    await page.locator('#ui-email-error').waitFor();
    await page.locator('#ui-name-error').waitFor();
    await screenshot(page, '21-user-invite-errors', { fullPage: true });
    await checkA11y('user-invite');
    await page.getByLabel('이메일').fill('park@org4.test');
    await page.getByLabel('이름').fill('박신입');
    // the organisation is searched by name (a picker: any number of organisations)
    await page.getByRole('combobox', { name: /소속 기관/ }).fill('명지');
    await page.getByRole('option', { name: /명지병원/ }).click();
    await page.getByRole('button', { name: '초대하기' }).click();
    // no mail server here: the invitation is not said to be sent; it waits, with its link to copy
    await page.locator('main').getByText(/메일 서버가 설정되어 있지 않아 park@org4\.test에게 초대 메일은 가지 않았습니다/).waitFor();
    assert.equal(await page.getByText('초대 메일을 보냈습니다').count(), 0);
    const mail = outbox(server).find((m) => m.to === 'park@org4.test');
    assert.equal(mail?.kind, 'invitation');
    assert.match(mail.link, /^\/reset\?token=[^&]+&invite=1$/);
    assert.equal(await page.locator('#invite-link').inputValue(), base + mail.link);
    await page.getByRole('button', { name: '링크 복사' }).waitFor();
    await screenshot(page, '21b-user-invite-waiting', { fullPage: false });
    await checkA11y('user-invite waiting');
    // someone who leaves is anonymised, after a clear question
    await page.getByLabel('이메일').fill('gone@org4.test');
    await page.getByLabel('이름').fill('퇴사자');
    await page.getByRole('button', { name: '초대하기' }).click();
    await page.locator('main').getByRole('link', { name: '등록한 항목 보기' }).click();
    await page.waitForURL(/\/users\/\d+$/);
    const userUrl = page.url();
    assert.equal(await heading(), '퇴사자');
    let asked = '';
    page.once('dialog', (d) => {
      asked = d.message();
      void d.accept();
    });
    await page.getByRole('button', { name: '익명화' }).click();
    await page.waitForURL(/\/users$/);
    assert.match(asked, /이름과 이메일을 지우고/);
    await page.goto(userUrl);
    await page.locator('#page-title').getByText('(삭제된 사용자)').waitFor();
    assert.equal(await page.getByRole('button', { name: '익명화' }).count(), 0);
  });

  it('shows operators the audit log and the access log, filtered and exported', async () => {
    await page.goto(`${base}/audit?action=invite`);
    await page.locator('tbody tr').first().waitFor();
    await page.locator('#page-title').getByText('감사 기록').waitFor();
    const csv = await page.getByRole('link', { name: 'CSV 내려받기' }).getAttribute('href');
    // the filters of the list, its columns (and the id) and the language of the page
    assert.match(csv, /^\/api\/v1\/audit\?action=invite&columns=id%2C[a-z_%2C]+&format=csv&lang=ko$/);
    const text = await page.evaluate(async (u) => (await fetch(u)).text(), csv);
    assert.match(text, /invite/);
    await screenshot(page, '22-audit', { fullPage: true });
    await checkA11y('audit');
    await page.goto(`${base}/access-log`);
    await page.locator('#page-title').getByText('개인정보 열람 기록').waitFor();
    await page.locator('tbody tr').first().waitFor();
    await page.locator('#filter-access-log-collection').fill('users');
    await page.locator('#filter-access-log-collection').press('Enter');
    await page.waitForURL(/collection=users/);
    await page.locator('tbody tr').first().waitFor();
    assert.match(
      await page.getByRole('link', { name: 'CSV 내려받기' }).getAttribute('href'),
      /^\/api\/v1\/access-log\?collection=users&columns=id%2C[a-z_%2C]+&format=csv&lang=ko$/,
    );
    await screenshot(page, '23-access-log', { fullPage: true });
    await checkA11y('access-log');
    await logout();
  });

  it('changes a password, with the refusals at their fields', async () => {
    await login(B.email, PW);
    await page.getByRole('link', { name: new RegExp(B.name) }).click();
    await page.locator('#page-title').getByText('내 계정').waitFor();
    await page.locator('#pw-current').fill('wrong-Password-1');
    await page.locator('#pw-next').fill('Another-2026-pw');
    await page.locator('#pw-again').fill('Another-2026-pw');
    await page.getByRole('button', { name: '비밀번호 변경' }).click();
    await page.locator('#pw-current-error').waitFor();
    await page.locator('#pw-current').fill(PW);
    await page.locator('#pw-next').fill('short');
    await page.locator('#pw-again').fill('short');
    await page.getByRole('button', { name: '비밀번호 변경' }).click();
    await page.locator('#pw-next-error').waitFor();
    assert.match(await page.locator('#pw-next-error').textContent(), /10자 이상/);
    await page.locator('#pw-next').fill('Another-2026-pw');
    await page.locator('#pw-again').fill('Another-2026-px');
    await page.getByRole('button', { name: '비밀번호 변경' }).click();
    await page.locator('#pw-again-error').getByText('두 비밀번호가 같지 않습니다.').waitFor();
    await page.locator('#pw-again').fill('Another-2026-pw');
    await page.getByRole('button', { name: '비밀번호 변경' }).click();
    await page.locator('main').getByText('비밀번호를 바꿨습니다. 다른 기기의 로그인은 모두 끝났습니다.').waitFor();
    // still signed in, with the new session's CSRF token: a change works
    await page.getByLabel('English').check();
    await page.getByRole('heading', { name: 'My account' }).waitFor();
    // what was said follows the language
    await page.locator('main').getByText('Password changed. Logins on other devices have ended.').waitFor();
    await screenshot(page, '24-account-english', { fullPage: true });
    await page.getByLabel('한국어').check();
    await page.getByRole('heading', { name: '내 계정' }).waitFor();
    // an API token: shown once, works as a bearer token until revoked
    await page.locator('#tokens').getByText('새 토큰 만들기').click();
    await page.locator('#tk-name').fill('통계 연동');
    await page.locator('#tk-scope').selectOption('read-write');
    await page.getByRole('button', { name: '토큰 만들기' }).click();
    const token = (await page.locator('#new-token').textContent()).trim();
    assert.match(token, /^bpmc_/);
    const asBearer = () =>
      fetch(`${base}/api/v1/session`, { headers: { Authorization: `Bearer ${token}` } }).then((r) => r.status);
    assert.equal(await asBearer(), 200);
    const row = page.locator('.token-list li').filter({ hasText: '통계 연동' });
    await row.getByText('사용 가능').waitFor();
    await row.getByText('읽기·쓰기').waitFor();
    await screenshot(page, '24-account', { fullPage: true });
    await checkA11y('account');
    await page.getByRole('button', { name: '다 복사했습니다' }).click();
    assert.equal(await page.locator('#new-token').count(), 0);
    await row.getByRole('button', { name: /^폐기\s*:\s*통계 연동$/ }).click();
    await row.getByText('폐기됨').waitFor();
    assert.equal(await asBearer(), 401);
    page.once('dialog', (d) => void d.accept());
    await row.getByRole('button', { name: /^삭제\s*:\s*통계 연동$/ }).click();
    await page.locator('#tokens').getByText('만든 토큰이 없습니다.').waitFor();
    await logout();
    await login(B.email, 'Another-2026-pw');
    await page.getByRole('button', { name: '로그아웃' }).waitFor();
    await logout();
  });

  it('resets a forgotten password through the e-mailed link', async () => {
    await page.goto(`${base}/login`);
    await page.getByRole('link', { name: '비밀번호를 잊으셨나요?' }).click();
    await page.waitForURL(/\/forgot$/);
    await page.getByLabel('이메일').fill(B.email);
    await checkA11y('forgot');
    await page.getByRole('button', { name: '재설정 링크 받기' }).click();
    await page.locator('main').getByText('입력한 주소가 등록되어 있다면 재설정 링크를 보냈습니다.', { exact: false }).waitFor();
    await screenshot(page, '25-forgot-sent');
    const mail = outbox(server).find((m) => m.to === B.email && m.kind === 'password-reset');
    assert.ok(mail, 'a reset message waits in the outbox');
    await page.goto(base + mail.link);
    await page.locator('#page-title').getByText('새 비밀번호 정하기').waitFor();
    await page.locator('#reset-password').fill('Reset-2026-pass');
    await page.locator('#reset-again').fill('Reset-2026-pasS');
    await page.getByRole('button', { name: '비밀번호 저장' }).click();
    await page.locator('#reset-again-error').waitFor();
    await page.locator('#reset-password').fill('password1');
    await page.locator('#reset-again').fill('password1');
    await page.getByRole('button', { name: '비밀번호 저장' }).click();
    await page.locator('#reset-password-error').waitFor();
    await screenshot(page, '26-reset-error');
    await checkA11y('reset');
    await page.locator('#reset-password').fill('Reset-2026-pass');
    await page.locator('#reset-again').fill('Reset-2026-pass');
    await page.getByRole('button', { name: '비밀번호 저장' }).click();
    await page.waitForURL(/\/login\?reset=1$/);
    await page.locator('main').getByText('비밀번호를 바꿨습니다. 새 비밀번호로 로그인하세요.').waitFor();
    await page.locator('#login-email').fill(B.email);
    await page.locator('#login-password').fill('Reset-2026-pass');
    await page.getByRole('button', { name: '로그인', exact: true }).click();
    await page.getByRole('button', { name: '로그아웃' }).waitFor();
    await logout();
    // the link works once
    await page.goto(base + mail.link);
    await page.locator('#reset-password').fill('Reset-2026-again');
    await page.locator('#reset-again').fill('Reset-2026-again');
    await page.getByRole('button', { name: '비밀번호 저장' }).click();
    await page.locator('main').getByText('링크가 올바르지 않거나, 만료되었거나, 이미 쓰였습니다.').waitFor();
    await page.getByRole('link', { name: '재설정 링크 다시 받기' }).waitFor();
  });

  it('lets an org-admin invite, change and remove members, keeping one admin', async () => {
    await login(A.email, PW);
    await page.getByRole('button', { name: '로그아웃' }).waitFor();
    assert.equal(await page.locator('.org-switcher').count(), 0, 'one organisation: no switcher');
    await page.goto(`${base}/members`);
    await page.locator('#page-title').getByText(`${A.orgName} 구성원`).waitFor();
    const table = page.getByRole('table');
    await table.getByRole('rowheader', { name: `${A.name} (나)` }).waitFor();
    // someone new: an invitation by e-mail
    await page.getByLabel('이메일').fill('choi@new.test');
    await page.getByLabel('이름').fill('최신규');
    await page.getByRole('button', { name: '초대하기' }).click();
    await page.locator('main').getByText(/choi@new\.test에게 초대 메일은 가지 않았습니다/).waitFor();
    assert.equal(
      await page.locator('#invite-link').inputValue(),
      base + outbox(server).find((m) => m.to === 'choi@new.test').link,
    );
    const choi = table.getByRole('row').filter({ hasText: '최신규' });
    await choi.getByText('초대 수락 대기').waitFor();
    // someone known: told the same (tests/e2e/invitations.test.mjs), pending until accepted
    await page.getByLabel('이메일').fill(B.email);
    await page.getByLabel('이름').fill(B.name);
    await page.getByRole('button', { name: '초대하기' }).click();
    await page.locator('main').getByText(/lee@org5\.test에게 초대 메일은 가지 않았습니다/).waitFor();
    await table.getByRole('row').filter({ hasText: B.name }).getByText('초대 수락 대기').waitFor();
    // already a member: the refusal sits at the e-mail field
    await page.getByLabel('이메일').fill(C.email);
    await page.getByLabel('이름').fill(C.name);
    await page.getByRole('button', { name: '초대하기' }).click();
    await page.locator('#inv-email-error').getByText('이미 이 기관의 구성원입니다').waitFor();
    // a role change
    const jung = table.getByRole('row').filter({ hasText: C.name });
    await jung.getByLabel(`${C.name}의 역할`).selectOption('partner');
    await jung.getByRole('button', { name: new RegExp(`^변경\\s*:\\s*${C.name}$`) }).click();
    await page.locator('main').getByText(`${C.name}님의 역할을 ‘협력기관’(으)로 바꿨습니다.`).waitFor();
    await screenshot(page, '27-members-admin', { fullPage: true });
    await checkA11y('members-admin');
    // an invitation withdrawn: asked first
    page.once('dialog', (d) => void d.accept());
    await choi.getByRole('button', { name: /^초대 취소\s*:\s*최신규$/ }).click();
    await page.locator('main').getByText('최신규님에게 보낸 초대를 취소했습니다.').waitFor();
    await table.getByRole('row').filter({ hasText: '최신규' }).waitFor({ state: 'detached' });
    // removing: asked first
    page.once('dialog', (d) => void d.accept());
    await jung.getByRole('button', { name: new RegExp(`^제외\\s*:\\s*${C.name}$`) }).click();
    await page.locator('main').getByText(`${C.name}님을 기관에서 제외했습니다.`).waitFor();
    await table.getByRole('row').filter({ hasText: C.name }).waitFor({ state: 'detached' });
    await page.getByLabel('제외된 구성원도 보기').check();
    await table.getByRole('row').filter({ hasText: C.name }).getByText('제외됨').waitFor();
    // the only org-admin cannot remove themself
    page.once('dialog', (d) => void d.accept());
    await table.getByRole('row').filter({ hasText: A.name }).getByRole('button', { name: new RegExp(`^제외\\s*:\\s*${A.name}$`) }).click();
    await page.locator('main').getByText('기관 관리자가 한 명은 있어야 합니다').waitFor();
    await logout();
  });

  it('lets an invited person choose a password and log in', async () => {
    const mail = outbox(server).find((m) => m.to === 'park@org4.test' && m.kind === 'invitation');
    await page.goto(base + mail.link);
    await page.locator('#page-title').getByText('초대 수락: 비밀번호 정하기').waitFor();
    await screenshot(page, '28-invitation');
    await checkA11y('invitation');
    await page.locator('#reset-password').fill('Welcome-2026-park');
    await page.locator('#reset-again').fill('Welcome-2026-park');
    await page.getByRole('button', { name: '비밀번호 저장' }).click();
    await page.waitForURL(/\/login\?invited=1$/);
    await page.locator('main').getByText('비밀번호를 정했습니다. 이제 로그인하세요.').waitFor();
    await page.locator('#login-email').fill('park@org4.test');
    await page.locator('#login-password').fill('Welcome-2026-park');
    await page.getByRole('button', { name: '로그인', exact: true }).click();
    await page.getByRole('link', { name: /박신입/ }).waitFor();
    await logout();
  });

  it('shows a member their notifications, and switches between their organisations', async () => {
    await login(B.email, 'Reset-2026-pass');
    // invited to A's organisation, and the password changed earlier
    const bell = page.getByRole('link', { name: /^알림\s*:\s*읽지 않은 알림 2건$/ });
    await bell.waitFor();
    await bell.click();
    await page.locator('#page-title').getByText('알림').waitFor();
    const note = page.locator('.note-list li').first();
    await note.getByRole('heading', { name: /기관 초대/ }).waitFor();
    assert.doesNotMatch(await note.textContent(), /Invitation to an organisation/, 'one language at a time');
    await screenshot(page, '29-notifications');
    await checkA11y('notifications');
    await page.getByRole('button', { name: '모두 읽음으로 표시' }).click();
    await page.locator('main').getByText('읽지 않은 알림이 없습니다.').waitFor();
    await page.getByRole('link', { name: '알림', exact: true }).waitFor();
    // the invitation accepted from where the notification leads
    await note.getByRole('link', { name: '바로 가기' }).click();
    await page.waitForURL(/\/invitations$/);
    await page.getByRole('button', { name: new RegExp(`^수락\\s*:\\s*${A.orgName}$`) }).click();
    await page.locator('main').getByText(`${A.orgName}의 구성원이 되었습니다.`).waitFor();
    // two organisations: the header offers the other one
    const switcher = page.locator('.org-switcher');
    await switcher.locator('summary').getByText(B.orgName).waitFor();
    await switcher.locator('summary').click();
    await screenshot(page, '30-org-switcher');
    await checkA11y('org-switcher');
    await switcher.getByRole('button', { name: new RegExp(A.orgName) }).click();
    await switcher.locator('summary').getByText(A.orgName).waitFor();
    await page.goto(`${base}/members`);
    await page.locator('#page-title').getByText(`${A.orgName} 구성원`).waitFor();
    await page.getByRole('table').getByRole('rowheader', { name: A.name }).waitFor();
    // a member sees the list, does not manage it
    assert.equal(await page.getByRole('heading', { name: '구성원 초대' }).count(), 0);
    assert.equal(await page.getByRole('button', { name: /^제외/ }).count(), 0);
    await screenshot(page, '31-members-member', { fullPage: true });
    await checkA11y('members-member');
    await page.goto(`${base}/account`);
    await page.locator('.membership-list li').filter({ hasText: A.orgName }).getByText('작업 중').waitFor();
    await page.locator('.membership-list li').filter({ hasText: B.orgName }).getByRole('button', { name: new RegExp(`^이 기관으로 전환\\s*:\\s*${B.orgName}$`) }).click();
    await page.locator('.org-switcher summary').getByText(B.orgName).waitFor();
    await logout();
  });

  it('asks for the second factor at login: a code, or a recovery code', async () => {
    await login(A.email, PW);
    await page.getByRole('link', { name: new RegExp(A.name) }).click();
    await page.locator('#totp').waitFor();
    await enrolTotp(A.email);
    await logout();
    await login(A.email, PW);
    await page.locator('#page-title').getByText('2단계 인증').waitFor();
    await page.locator('#login-otp').waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'login-otp');
    await screenshot(page, '32-login-otp');
    await checkA11y('login-otp');
    const secret = secrets[A.email];
    await page.locator('#login-otp').fill(totp(secret, Date.now() / 1000 - 3600));
    await page.getByRole('button', { name: '확인' }).click();
    await page.locator('#login-otp-error').waitFor();
    assert.equal(await page.getAttribute('#login-otp', 'aria-invalid'), 'true');
    // the code used to turn it on is spent: the next one
    await page.locator('#login-otp').fill(totp(secret, Date.now() / 1000 + 30));
    await page.getByRole('button', { name: '확인' }).click();
    await page.getByRole('link', { name: new RegExp(A.name) }).waitFor();
    await logout();
    await login(A.email, PW);
    await page.locator('#login-otp').fill(codes[A.email][0]);
    await page.getByRole('button', { name: '확인' }).click();
    await page.getByRole('link', { name: new RegExp(A.name) }).waitFor();
    // a member may turn it off again, with the password
    await page.goto(`${base}/account`);
    await page.locator('#totp-password').fill(PW);
    await page.getByRole('button', { name: '2단계 인증 끄기' }).click();
    await page.locator('#totp').getByText('사용 안 함').waitFor();
  });

  it('fits the account pages on a phone', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    for (const [path, name] of [
      ['/account', '33-phone-account'],
      ['/members', '34-phone-members'],
    ]) {
      await page.goto(base + path);
      await page.locator('#page-title').waitFor();
      await page.locator('.card').first().waitFor();
      await screenshot(page, name, { fullPage: true });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 1, `no horizontal scrolling of ${path} (${overflow}px)`);
    }
    await page.setViewportSize({ width: 1366, height: 768 });
  });

  it('had no script errors', () => {
    assert.deepEqual(problems, []);
  });
});
