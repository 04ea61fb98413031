// A row inside a private record is never offered wider than it (docs/privacy.md, "Rows inside a
// record"), in a real browser against a real `bpmc serve` on the demo cluster: the generic form
// of a meeting or an action item inside a collaboration offers only 비공개 as its visibility (the
// API refuses cluster and public there), one of a private meeting too, one of a cluster meeting
// cluster at most, and a form outside any of them all three. The partner organisation reads the
// meeting its collaboration holds. Pages checked with axe and photographed.
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
const COMPANY = 101, PARTNER = 2;
const MEMBER = { email: `pv-m-${stamp}@generoad.test`, name: '비공개회원' };
const PARTNERU = { email: `pv-p-${stamp}@hospital.test`, name: '상대회원' };

let server;
let browser;
let page;
let base;
const problems = [];
const made = {};

/** The visibility options the open form offers (values, the empty "unset" one left out). */
async function offered() {
  const select = page.locator('#f-visibility');
  await select.waitFor();
  return (await select.locator('option').evaluateAll((os) => os.map((o) => o.value))).filter((v) => v);
}

/** The options once they settle (the form reads the parent's visibility first). */
async function settled(want) {
  for (let i = 0; i < 50; i++) {
    const got = await offered();
    if (JSON.stringify(got) === JSON.stringify(want)) return got;
    await page.waitForTimeout(100);
  }
  return offered();
}

describe('a row inside a private record is offered no wider visibility', { timeout: 180000 }, () => {
  before(async () => {
    server = await startServer();
    base = server.base;
    addTo(server, MEMBER, 'org-member', COMPANY);
    addTo(server, PARTNERU, 'org-member', PARTNER);
    const member = await apiOn(base, MEMBER.email);
    const c = await member('POST', 'collaborations', { title: `비공개 협력 ${stamp}`, partner_org_id: PARTNER });
    assert.equal(c.status, 201, JSON.stringify(c.body));
    made.collab = c.body.id;
    const m = await member('POST', 'meetings', { title: `내부 회의 ${stamp}`, org_id: COMPANY, held_on: '2026-12-03', visibility: 'private' });
    assert.equal(m.status, 201, JSON.stringify(m.body));
    made.privateMeeting = m.body.id;
    const o = await member('POST', 'meetings', { title: `열린 회의 ${stamp}`, org_id: COMPANY, held_on: '2026-12-04' });
    assert.equal(o.status, 201, JSON.stringify(o.body));
    made.clusterMeeting = o.body.id;
    const cm = await member('POST', 'meetings', { title: `협력 회의 ${stamp}`, org_id: COMPANY, held_on: '2026-12-05', collaboration_id: made.collab });
    assert.equal(cm.status, 201, JSON.stringify(cm.body));
    made.collabMeeting = cm.body.id;
    browser = await launchBrowser();
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.setDefaultTimeout(TIMEOUT);
    watchPage(page, problems);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('inside a collaboration or a private meeting only 비공개 is offered; outside, all three', async () => {
    await signIn(page, base, MEMBER.email);
    await page.goto(`${base}/meetings/new?collaboration_id=${made.collab}&org_id=${COMPANY}`);
    assert.deepEqual(await settled(['private']), ['private'], 'a meeting inside a collaboration');
    await assertNoViolations(page, 'meeting form inside a collaboration');
    await screenshot(page, 'privacy-meeting-in-collaboration');
    await page.goto(`${base}/action-items/new?collaboration_id=${made.collab}&org_id=${COMPANY}`);
    assert.deepEqual(await settled(['private']), ['private'], 'an action item inside a collaboration');
    await page.goto(`${base}/action-items/new?meeting_id=${made.privateMeeting}&org_id=${COMPANY}`);
    assert.deepEqual(await settled(['private']), ['private'], 'an action item of a private meeting');
    await page.goto(`${base}/action-items/new?meeting_id=${made.clusterMeeting}&org_id=${COMPANY}`);
    assert.deepEqual(await settled(['private', 'cluster']), ['private', 'cluster'], 'an action item of a cluster meeting');
    await page.goto(`${base}/meetings/new?org_id=${COMPANY}`);
    assert.deepEqual(await settled(['private', 'cluster', 'public']), ['private', 'cluster', 'public'], 'a meeting of no collaboration');
    await signOut(page);
  });

  it("the partner reads the collaboration's meeting", async () => {
    await signIn(page, base, PARTNERU.email);
    await page.goto(`${base}/meetings/${made.collabMeeting}`);
    await page.getByRole('heading', { name: `협력 회의 ${stamp}` }).waitFor();
    await assertNoViolations(page, "the partner's view of a collaboration's meeting");
    await signOut(page);
    assert.deepEqual(problems, []);
  });
});
