// The booking calendar's drag (issue #13, item 4) in a real browser with Playwright's mouse: a
// member of a company drags over free time of an instrument to book it (the form comes
// pre-filled, snapped to the slots), drags the booking's bottom edge to make it longer, drags it
// to a later time up to another company's booking (end == its start: allowed), then onto that
// booking (409: it snaps back and the server's reason is shown), moves it with the keyboard
// through the move form, and cannot drag the other company's booking at all; a finger's drag
// (touch, through the DevTools protocol) books too. The page passes axe with zero violations.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addUser, apiAs, assertNoViolations, launchBrowser, screenshot, signIn, startServer, watchPage } from './harness.mjs';

const TIMEOUT = 15000;
const stamp = Date.now().toString(36);
const A = { email: `drag-a-${stamp}@company.test`, name: '박드래그' };
const B = { email: `drag-b-${stamp}@company.test`, name: '최다른' };
const ORG_A = 103;
const ORG_B = 104;

let server, browser, page, base, res, other;
const problems = [];
const patches = [];
const p2 = (n) => String(n).padStart(2, '0');
// two days from now, Seoul: a column of the per-resource view, wholly in the future
const D = new Date(Date.now() + 9 * 3600e3 + 2 * 86400e3).toISOString().slice(0, 10);
const at = (hh, mm = 0) => `${D}T${p2(hh)}:${p2(mm)}`;
const cell = (hh, mm = 0) => page.locator(`.fac-cal .fac-slot[data-resource="${res.id}"][data-start="${at(hh, mm)}"]`);

/** Drag with the mouse from the centre of one element (or a point in it) to the centre of another. */
async function drag(from, to, fromY = 0.5) {
  await from.scrollIntoViewIfNeeded();
  const a = await from.boundingBox();
  const b = await to.boundingBox();
  await page.mouse.move(a.x + a.width / 2, a.y + a.height * fromY);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 6 });
  await page.mouse.up();
}
const booking = async (id) => (await page.evaluate(async (i) => (await fetch(`/api/v1/bookings/${i}`)).json(), id));

describe('dragging in the booking calendar', { timeout: 240000 }, () => {
  before(async () => {
    server = await startServer();
    base = server.base;
    addUser(server, A, 'org-member', ORG_A);
    addUser(server, B, 'org-member', ORG_B);
    const op = await apiAs(base, server.email, server.password);
    const hours = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [`hours_${d}`, '09:00-13:00']));
    const r = await op('POST', 'resources', { name: `드래그 분광기 ${stamp}`, kind: 'instrument', ...hours, slot_minutes: 30, min_minutes: 30, max_minutes: 240, lead_days: 30, hourly_fee: 20000, closed_on_holidays: false });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    res = r.body;
    // the other company's booking, 11:00-12:00
    const b = await apiAs(base, B.email);
    const o = await b('POST', 'bookings', { resource_id: res.id, starts_at: `${at(11)}:00+09:00`, ends_at: `${at(12)}:00+09:00`, purpose: '다른 회사 분석' });
    assert.equal(o.status, 201, JSON.stringify(o.body));
    other = o.body;
    browser = await launchBrowser();
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.setDefaultTimeout(TIMEOUT);
    watchPage(page, problems);
    page.on('request', (q) => {
      if (q.method() === 'PATCH' && q.url().includes('/api/v1/bookings/')) patches.push(q.url());
    });
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('drags over free time to book it: the form comes filled with the resource and the snapped times', async () => {
    await signIn(page, base, A.email);
    await page.goto(`${base}/booking-calendar`);
    await page.getByRole('heading', { name: '예약 달력' }).waitFor();
    await page.getByRole('button', { name: '장비·공간별 (7일)' }).click();
    await page.getByLabel('장비·공간').selectOption(String(res.id));
    await cell(9).waitFor();
    await assertNoViolations(page, 'calendar-drag');
    await drag(cell(9), cell(9, 30));
    const form = page.getByRole('form', { name: '예약하기' });
    await form.waitFor();
    assert.equal(await form.locator('input[name=starts_at]').inputValue(), at(9));
    assert.equal(await form.locator('input[name=ends_at]').inputValue(), at(10));
    assert.match(await form.textContent(), new RegExp(`드래그 분광기 ${stamp}`));
    await form.locator('input[name=purpose]').fill('끌어서 예약');
    const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/bookings') && r.request().method() === 'POST');
    await form.getByRole('button', { name: '예약 신청' }).click();
    const r = await answer;
    assert.equal(r.status(), 201);
    const made = await r.json();
    assert.deepEqual([made.starts_at, made.ends_at, made.purpose], [new Date(`${at(9)}:00+09:00`).toISOString().replace('.000', ''), new Date(`${at(10)}:00+09:00`).toISOString().replace('.000', ''), '끌어서 예약']);
    await page.locator(`.fac-cal .fac-slot.mine-approved.movable[data-start="${at(9, 30)}"]`).waitFor();
    A.booking = made.id;
  });

  it('drags the bottom edge to make it longer, then the booking up to the next one (adjacent is fine)', async () => {
    const edge = cell(9, 30).locator('.fac-edge.end');
    let answer = page.waitForResponse((r) => r.url().endsWith(`/api/v1/bookings/${A.booking}`) && r.request().method() === 'PATCH');
    await drag(edge, cell(10));
    assert.equal((await answer).status(), 200);
    await page.locator(`.fac-cal .fac-slot.mine-approved[data-start="${at(10)}"]`).waitFor();
    let b = await booking(A.booking);
    assert.deepEqual([b.minutes, b.fee], [90, 30000]);
    // grab the middle and drag half an hour later: 09:30-11:00, ending where 11:00 starts
    answer = page.waitForResponse((r) => r.url().endsWith(`/api/v1/bookings/${A.booking}`) && r.request().method() === 'PATCH');
    await drag(cell(9, 30), cell(10));
    assert.equal((await answer).status(), 200);
    await page.locator('.banner-success').filter({ hasText: `#${A.booking}` }).waitFor();
    await page.locator(`.fac-cal .fac-slot.mine-approved[data-start="${at(9)}"]`).waitFor({ state: 'detached' });
    b = await booking(A.booking);
    assert.deepEqual([b.starts_at, b.ends_at], [new Date(`${at(9, 30)}:00+09:00`).toISOString().replace('.000', ''), new Date(`${at(11)}:00+09:00`).toISOString().replace('.000', '')]);
    await screenshot(page, '74-calendar-dragged', { fullPage: true });
  });

  it('a move onto the other company\'s booking is refused: it snaps back and the server\'s reason is shown', async () => {
    const answer = page.waitForResponse((r) => r.url().endsWith(`/api/v1/bookings/${A.booking}`) && r.request().method() === 'PATCH');
    await drag(cell(10), cell(10, 30));
    assert.equal((await answer).status(), 409);
    const banner = page.locator('.banner-error').filter({ hasText: `#${A.booking}` });
    await banner.waitFor();
    const text = await banner.textContent();
    assert.match(text, /옮기지 못했습니다/);
    assert.match(text, new RegExp(`다른 예약\\(#${other.id}`));
    // where it was
    await page.locator(`.fac-cal .fac-slot.mine-approved[data-start="${at(9, 30)}"]`).waitFor();
    assert.equal(await page.locator(`.fac-cal .fac-slot.mine-approved[data-start="${at(11)}"]`).count(), 0);
    const b = await booking(A.booking);
    assert.equal(b.starts_at, new Date(`${at(9, 30)}:00+09:00`).toISOString().replace('.000', ''));
    await screenshot(page, '75-calendar-move-refused', { fullPage: true });
    await assertNoViolations(page, 'calendar-move-refused');
  });

  it('the other company\'s booking cannot be dragged; the keyboard moves ours through the move form', async () => {
    const theirs = cell(11, 30);
    assert.equal(await theirs.getAttribute('data-movable'), null);
    assert.equal(await theirs.locator('.fac-edge, button').count(), 0);
    const before = patches.length;
    await drag(theirs, cell(12, 30));
    await page.locator('.fac-cal').waitFor();
    assert.equal(patches.length, before, 'no PATCH for a booking of another organisation');
    assert.equal((await booking(A.booking)).starts_at, new Date(`${at(9, 30)}:00+09:00`).toISOString().replace('.000', ''));
    // the other company's booking is where it was (read by its own member)
    const b = await apiAs(base, B.email);
    assert.equal((await b('GET', `bookings/${other.id}`)).body.starts_at, other.starts_at);
    // keyboard: the booking's button opens the move form with the times in date-time fields
    const button = page.getByRole('button', { name: new RegExp(`예약 #${A.booking} .* 시간 변경`) });
    await button.focus();
    await page.keyboard.press('Enter');
    const form = page.getByRole('form', { name: `예약 #${A.booking} 시간 변경` });
    await form.waitFor();
    assert.equal(await form.locator('input[name=move_starts_at]').inputValue(), at(9, 30));
    await assertNoViolations(page, 'calendar-move-form');
    await form.locator('input[name=move_starts_at]').fill(at(12));
    await form.locator('input[name=move_ends_at]').fill(at(13));
    const answer = page.waitForResponse((r) => r.url().endsWith(`/api/v1/bookings/${A.booking}`) && r.request().method() === 'PATCH');
    await page.keyboard.press('Enter');
    assert.equal((await answer).status(), 200);
    await page.locator(`.fac-cal .fac-slot.mine-approved[data-start="${at(12, 30)}"]`).waitFor();
  });

  it('the week view shows the chosen resource Monday to Sunday, with the booking draggable there too', async () => {
    // this week's Monday (Seoul); the booking's day is in this week or the next
    const today = new Date(Date.now() + 9 * 3600e3);
    const monday = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - ((today.getUTCDay() + 6) % 7)));
    const ymd = (d) => d.toISOString().slice(0, 10);
    await page.getByRole('button', { name: '주간 (월–일)' }).click();
    await page.locator(`.fac-cal .fac-slot[data-start="${ymd(monday)}T09:00"]`).waitFor();
    await page.locator(`.fac-cal .fac-slot[data-start="${ymd(new Date(monday.getTime() + 6 * 86400e3))}T09:00"]`).waitFor();
    assert.equal(await page.locator('.fac-cal .fac-day').count(), 7);
    assert.match(await page.locator('.fac-cal .fac-day').first().textContent(), /\(월\)/);
    assert.match(await page.locator('.fac-cal .fac-day').last().textContent(), /\(일\)/);
    if (D >= ymd(new Date(monday.getTime() + 7 * 86400e3))) await page.getByRole('button', { name: '다음', exact: true }).click();
    await page.locator(`.fac-cal .fac-slot.mine-approved.movable[data-start="${at(12, 30)}"]`).waitFor();
    await assertNoViolations(page, 'calendar-week');
  });

  it('a finger drags too (touch pointer events): over free time, the form comes filled', async () => {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: true, maxTouchPoints: 1 });
    await cell(9).scrollIntoViewIfNeeded();
    const a = await cell(9).boundingBox();
    const b = await cell(10).boundingBox();
    const point = (box) => [{ x: box.x + box.width / 2, y: box.y + box.height / 2 }];
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: point(a) });
    for (let k = 1; k <= 5; k++)
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: point({ ...a, y: a.y + ((b.y - a.y) * k) / 5 }) });
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    const form = page.getByRole('form', { name: '예약하기' });
    await form.waitFor();
    assert.equal(await form.locator('input[name=starts_at]').inputValue(), at(9));
    assert.equal(await form.locator('input[name=ends_at]').inputValue(), at(10, 30));
    await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: false });
    assert.deepEqual(problems, []);
  });
});
