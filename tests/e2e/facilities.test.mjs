// Facilities in a real browser against `bpmc serve` on the demo cluster (issue #13): a member of
// a company opens the R&D 연구소 세미나실, picks a free slot of next week in its calendar and books
// it; the slot turns booked; booking an overlapping time shows the collision message naming the
// booking, and the member joins the waitlist for that time; the booking is among "my bookings", and the list shows only what the API gives the
// member. At the instrument, the QR code of its door (decoded here as a phone would) opens the
// check-in page, where the member checks in to a booking starting now. The pages are checked with
// axe-core and photographed.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import jsQR from 'jsqr';
import { axe, launchBrowser, screenshot, signIn, startServer, watchPage } from './harness.mjs';

const TIMEOUT = 15000;
const PW = 'Password-2026';
const stamp = Date.now().toString(36);
const MEMBER = { email: `fac-${stamp}@company.test`, name: '김예약' };
const ORG = 103;
const ROOM = 3; // R&D 연구소 세미나실 (demo): weekdays 09:00-18:00, no approval

let server;
let browser;
let page;
let base;
const problems = [];
let bookingId;

async function checkA11y(name) {
  const v = await axe(page);
  for (const x of v) console.log(`# axe ${name}: ${x.impact} ${x.id} — ${x.help} @ ${x.nodes.join(', ')}`);
  const bad = v.filter((x) => x.impact === 'serious' || x.impact === 'critical');
  assert.deepEqual(bad.map((x) => `${x.id} (${x.impact}): ${x.nodes.join(', ')}`), [], `serious or critical accessibility violations on ${name}`);
}

describe('booking a room in the web application', { timeout: 240000 }, () => {
  before(async () => {
    server = await startServer();
    base = server.base;
    server.bpmc(['user', 'add', '--db', server.db, '--email', MEMBER.email, '--name', MEMBER.name, '--role', 'org-member', '--org', String(ORG)], `${PW}\n`);
    browser = await launchBrowser();
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.setDefaultTimeout(TIMEOUT);
    watchPage(page, problems);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('a member books a free slot of next week from the calendar', async () => {
    await signIn(page, base, MEMBER.email, PW);
    await page.goto(`${base}/facilities`);
    await page.getByRole('heading', { name: '시설·장비 예약' }).waitFor();
    await page.locator('.fac-resource').first().waitFor();
    await checkA11y('facilities');
    await page.getByRole('link', { name: 'R&D 연구소 세미나실' }).click();
    await page.waitForURL(new RegExp(`/resources/${ROOM}$`));
    await page.getByRole('button', { name: '다음 주' }).click();
    const slot = page.locator('.fac-week .fac-slot.free').first();
    await slot.waitFor();
    const start = await slot.getAttribute('data-start');
    await slot.locator('button').click();
    assert.equal(await page.locator('#fac-starts').inputValue(), start);
    await page.locator('input[name=purpose]').fill('투자 설명회 리허설');
    await screenshot(page, '70-resource-week', { fullPage: true });
    await checkA11y('resource');
    const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/bookings') && r.request().method() === 'POST');
    await page.getByRole('button', { name: '예약 신청' }).click();
    const r = await answer;
    assert.equal(r.status(), 201);
    bookingId = (await r.json()).id;
    await page.locator('.banner-success').filter({ hasText: `#${bookingId}` }).waitFor();
    // the slot is booked now
    await page.locator(`.fac-week .fac-slot.busy[data-start="${start}"]`).waitFor();
  });

  it('an overlapping booking shows the collision message naming the booking', async () => {
    // the form still holds the booked slot: the same start, an hour long, overlaps it
    const start = await page.locator('#fac-starts').inputValue();
    await page.locator('input[name=ends_at]').fill(start.replace(/T(\d\d)/, (_, h) => `T${String(Number(h) + 1).padStart(2, '0')}`));
    const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/bookings') && r.request().method() === 'POST');
    await page.getByRole('button', { name: '예약 신청' }).click();
    assert.equal((await answer).status(), 409);
    const banner = page.locator('#fac-book-error');
    await banner.waitFor();
    const text = await banner.textContent();
    assert.match(text, /겹칩니다/);
    assert.match(text, new RegExp(`#${bookingId}`));
    await screenshot(page, '71-resource-collision', { fullPage: true });
    // the taken time may be waited for
    const joined = page.waitForResponse((r) => r.url().endsWith('/api/v1/waitlist') && r.request().method() === 'POST');
    await page.getByRole('button', { name: '이 시간 대기 등록 (비면 알려 드립니다)' }).click();
    assert.equal((await joined).status(), 201);
    await page.locator('.banner-success').filter({ hasText: '대기 등록했습니다' }).waitFor();
  });

  it('the calendar shows the booking in its status colour per resource and books a selected slot', async () => {
    await page.goto(`${base}/booking-calendar`);
    await page.getByRole('heading', { name: '예약 달력' }).waitFor();
    await page.locator('.fac-cal').waitFor();
    await checkA11y('calendar-day');
    await page.getByRole('button', { name: '장비·공간별 (7일)' }).click();
    await page.locator('select').selectOption(String(ROOM));
    // the member's booking of next week, in its status's colour: the seven days start today in
    // Seoul, so next week's Monday is in this view or the next (on a Tuesday in Seoul, in this one)
    const booked = await page.evaluate(async (id) => (await (await fetch(`/api/v1/bookings/${id}`)).json()).starts_at, bookingId);
    const kst = new Date(Date.parse(booked) + 9 * 3600e3).toISOString().slice(0, 16);
    const mine = page.locator(`.fac-cal .fac-slot.mine-approved[data-start="${kst}"][data-resource="${ROOM}"]`);
    await page.locator(`.fac-cal .fac-slot[data-resource="${ROOM}"]`).first().waitFor();
    await page.waitForLoadState('networkidle');
    if (!(await mine.count())) await page.getByRole('button', { name: '다음', exact: true }).click();
    await mine.waitFor();
    await screenshot(page, '73-calendar-resource', { fullPage: true });
    await checkA11y('calendar-resource');
    // select a free slot: the form books it
    const slot = page.locator('.fac-cal .fac-slot.free').last();
    const start = await slot.getAttribute('data-start');
    await slot.locator('button').click();
    await page.locator('input[name=purpose]').fill('달력에서 예약');
    const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/bookings') && r.request().method() === 'POST');
    await page.getByRole('button', { name: '예약 신청' }).click();
    assert.equal((await answer).status(), 201);
    await page.locator(`.fac-cal .fac-slot.mine-approved[data-start="${start}"]`).waitFor();
  });

  it('the QR code on the door opens the check-in page, where the member checks in', async () => {
    // an operator declares an instrument open round the clock; the member books it from now
    const signIn = async (email, password) => {
      const r = await fetch(`${base}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
      assert.equal(r.status, 200);
      return { cookie: /bpmc_session=[^;]+/.exec(r.headers.get('set-cookie'))[0], csrf: (await r.json()).csrf_token };
    };
    const post = async (s, path, body) => {
      const r = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: s.cookie, 'x-csrf-token': s.csrf }, body: JSON.stringify(body) });
      const json = await r.json();
      assert.equal(r.status, 201, JSON.stringify(json));
      return json;
    };
    const op = await signIn(server.email, server.password);
    const hours = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [`hours_${d}`, '00:00-24:00']));
    const res = await post(op, '/api/v1/resources', { name: `체크인 장비 ${stamp}`, kind: 'instrument', ...hours, slot_minutes: 5, min_minutes: 5, max_minutes: 240, closed_on_holidays: false, noshow_minutes: 15, fee_basis: 'used', hourly_fee: 60000 });
    const start = Math.ceil((Date.now() + 60e3) / 300e3) * 300e3;
    const iso = (t) => new Date(t).toISOString().replace('.000Z', 'Z');
    const me = await signIn(MEMBER.email, PW);
    const b = await post(me, '/api/v1/bookings', { resource_id: res.id, starts_at: iso(start), ends_at: iso(start + 30 * 60e3), purpose: '체크인 시험' });
    // the door's QR code, read as a phone's camera would
    const svg = await (await fetch(`${base}/api/v1/resources/${res.id}/qr.svg`)).text();
    const cells = [...svg.matchAll(/M(\d+) (\d+)h(\d+)/g)].map((m) => m.slice(1).map(Number));
    const n = Math.max(...cells.map(([x, , w]) => x + w), ...cells.map(([, y]) => y + 1)) + 4;
    const scale = 4;
    const w = n * scale;
    const rgba = new Uint8ClampedArray(w * w * 4).fill(255);
    for (const [x0, y, len] of cells)
      for (let x = x0; x < x0 + len; x++)
        for (let dy = 0; dy < scale; dy++)
          for (let dx = 0; dx < scale; dx++) {
            const i = ((y * scale + dy) * w + x * scale + dx) * 4;
            rgba[i] = rgba[i + 1] = rgba[i + 2] = 0;
          }
    const url = jsQR(rgba, w, w)?.data;
    assert.equal(url, `${base}/resources/${res.id}/check-in`);
    await page.goto(url);
    await page.getByRole('heading', { name: `체크인: 체크인 장비 ${stamp}` }).waitFor();
    const item = page.locator(`li[data-booking="${b.id}"]`);
    await item.waitFor();
    await checkA11y('check-in');
    await screenshot(page, '72-check-in', { fullPage: true });
    const answer = page.waitForResponse((r) => r.url().endsWith(`/api/v1/bookings/${b.id}/check-in`));
    await item.getByRole('button', { name: '체크인' }).click();
    assert.equal((await answer).status(), 200);
    await page.locator('.banner-success').filter({ hasText: `#${b.id}` }).waitFor();
    await item.locator('.badge').filter({ hasText: '체크인됨' }).waitFor();
    // checked out again before the start: billed on used time, that is no minute of the booking
    const out = page.waitForResponse((r) => r.url().endsWith(`/api/v1/bookings/${b.id}/check-out`));
    await item.getByRole('button', { name: '체크아웃' }).click();
    assert.equal((await out).status(), 200);
    await item.locator('.badge').filter({ hasText: '체크아웃됨' }).waitFor();
    await item.getByText('청구 0분 · 0원').waitFor();
    await checkA11y('check-out');
  });

  it('"my bookings" lists the booking, and only what the API gives the member', async () => {
    await page.goto(`${base}/facilities`);
    await page.locator(`tr[data-booking="${bookingId}"]`).waitFor();
    const api = await page.evaluate(async () => (await (await fetch('/api/v1/bookings?limit=200')).json()).items.map((b) => b.org_id));
    assert.ok(api.length >= 1 && api.every((o) => o === 103), `the member sees its organisation's bookings only: ${api}`);
    const shown = await page.locator('tr[data-booking]').count();
    assert.ok(shown <= api.length, `${shown} rows shown of ${api.length}`);
    assert.deepEqual(problems, []);
  });
});
