// Issue #10 item 9, consent: a member could create an active collaboration with any visible
// organisation, and mark an agreement signed, alone. Now each of the two organisations confirms
// (an org-admin or org-member of each side): one side alone leaves the collaboration proposed
// and the agreement a draft, saying which side has (docs/collaboration.md).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertProblem, assertInvalid } from './helpers.mjs';

let srv, op, company, member, partner, partnerTrainee;
const COMPANY = 101, PARTNER = 2;

before(async () => {
  srv = await startServer();
  op = await srv.login();
  srv.addUser({ email: 'c-admin@bpmc.test', role: 'org-admin', org: COMPANY });
  srv.addUser({ email: 'c-member@bpmc.test', role: 'org-member', org: COMPANY });
  srv.addUser({ email: 'p-member@bpmc.test', role: 'org-member', org: PARTNER });
  srv.addUser({ email: 'p-trainee@bpmc.test', role: 'trainee', org: PARTNER });
  company = await srv.login('c-admin@bpmc.test');
  member = await srv.login('c-member@bpmc.test');
  partner = await srv.login('p-member@bpmc.test');
  partnerTrainee = await srv.login('p-trainee@bpmc.test');
});
after(async () => { await srv?.stop(); });

async function propose(title = '공동 연구') {
  const r = await srv.post('/api/v1/collaborations', { title, partner_org_id: PARTNER }, member);
  assert.equal(r.status, 201, r.text);
  return r;
}

test('a member alone cannot start an active collaboration: it is proposed, confirmed by its side only', async () => {
  assertInvalid(await srv.post('/api/v1/collaborations', { title: '단독 협력', partner_org_id: PARTNER, status: 'active' }, member), ['status']);
  const r = await propose();
  assert.equal(r.json.status, 'proposed');
  assert.equal(r.json.org_id, COMPANY);
  assert.match(r.json.org_confirmed_at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  assert.equal(r.json.partner_confirmed_at, null);
  // the same side asking again is told it waits for the other
  const again = await srv.patch(`/api/v1/collaborations/${r.json.id}`, { status: 'active' }, company, r.headers.get('etag'));
  const p = assertInvalid(again, ['status']);
  assert.match(p.errors[0].message_en, /waiting for the other organisation/);
  // nor can the confirmation be written by hand
  assertInvalid(await srv.patch(`/api/v1/collaborations/${r.json.id}`, { partner_confirmed_at: '2026-12-06T00:00:00Z' }, company, r.headers.get('etag')), ['partner_confirmed_at']);
  assert.equal((await srv.get(`/api/v1/collaborations/${r.json.id}`, partner)).json.status, 'proposed');
});

test('the other side\'s org-member confirms: then it is active; a trainee or an operator confirms for no one', async () => {
  const r = await propose('영상 데이터 공동 분석');
  const t = await srv.patch(`/api/v1/collaborations/${r.json.id}`, { status: 'active' }, partnerTrainee, r.headers.get('etag'));
  assert.equal(assertProblem(t, 403).detail_en, 'you may not change this'); // a trainee changes nothing here
  const o = await srv.patch(`/api/v1/collaborations/${r.json.id}`, { status: 'active' }, op, r.headers.get('etag'));
  assert.deepEqual(assertProblem(o, 403).errors.map((e) => e.field), ['status']);
  assert.equal((await srv.get(`/api/v1/collaborations/${r.json.id}`, op)).json.status, 'proposed');
  const ok = await srv.patch(`/api/v1/collaborations/${r.json.id}`, { status: 'active' }, partner, r.headers.get('etag'));
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.status, 'active');
  assert.ok(ok.json.org_confirmed_at && ok.json.partner_confirmed_at, ok.text);
  const audit = await srv.get(`/api/v1/audit?collection=collaborations&row_id=${r.json.id}&sort=id`, op);
  assert.deepEqual(audit.json.items.map((x) => [x.action, x.actor_id]), [['create', member.user.id], ['transition', partner.user.id]]);
});

test('the other side may decline a proposal (terminated); nothing else moves it before both agree', async () => {
  const r = await propose('거절될 제안');
  assertInvalid(await srv.patch(`/api/v1/collaborations/${r.json.id}`, { status: 'paused' }, partner, r.headers.get('etag')), ['status']);
  const no = await srv.patch(`/api/v1/collaborations/${r.json.id}`, { status: 'terminated' }, partner, r.headers.get('etag'));
  assert.equal(no.status, 200, no.text);
  assert.equal(no.json.status, 'terminated');
});

test('an agreement is signed only when both organisations have signed; one side alone leaves it a draft', async () => {
  const c = await propose('협약 대상 협력');
  const act = await srv.patch(`/api/v1/collaborations/${c.json.id}`, { status: 'active' }, partner, c.headers.get('etag'));
  assert.equal(act.status, 200, act.text);
  assertInvalid(await srv.post('/api/v1/agreements', { collaboration_id: c.json.id, kind: 'mou', title: '업무협약', status: 'signed' }, member), ['status']);
  const a = await srv.post('/api/v1/agreements', { collaboration_id: c.json.id, kind: 'mou', title: '업무협약' }, member);
  assert.equal(a.status, 201, a.text);
  const one = await srv.patch(`/api/v1/agreements/${a.json.id}`, { status: 'signed' }, member, a.headers.get('etag'));
  assert.equal(one.status, 200, one.text);
  assert.equal(one.json.status, 'draft');
  assert.ok(one.json.org_signed_at && one.json.partner_signed_at === null, one.text);
  assertInvalid(await srv.patch(`/api/v1/agreements/${a.json.id}`, { status: 'signed' }, company, one.headers.get('etag')), ['status']);
  const two = await srv.patch(`/api/v1/agreements/${a.json.id}`, { status: 'signed' }, partner, one.headers.get('etag'));
  assert.equal(two.status, 200, two.text);
  assert.equal(two.json.status, 'signed');
  assert.ok(two.json.partner_signed_at);
});
