// From a match to a collaboration: a company asks a partner about a capability for its need;
// the partner accepts or declines; an accepted request becomes a collaboration of the two,
// with agreements; both are told. Meetings and action items of the council; value-chain links.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertProblem, assertInvalid, uniq } from './helpers.mjs';

let srv, op, company, partner, outsider, trainee;
const COMPANY = 101, PARTNER = 2, OUTSIDER = 5; // a synthetic company, a hospital, another org
let need, capability;

before(async () => {
  srv = await startServer();
  op = await srv.login();
  srv.addUser({ email: 'co@bpmc.test', role: 'org-admin', org: COMPANY });
  srv.addUser({ email: 'hosp@bpmc.test', role: 'org-admin', org: PARTNER });
  srv.addUser({ email: 'out@bpmc.test', role: 'org-admin', org: OUTSIDER });
  srv.addUser({ email: 'trainee@bpmc.test', role: 'trainee', org: COMPANY });
  company = await srv.login('co@bpmc.test');
  partner = await srv.login('hosp@bpmc.test');
  outsider = await srv.login('out@bpmc.test');
  trainee = await srv.login('trainee@bpmc.test');
  need = (await srv.post('/api/v1/needs', { title: uniq('영상 데이터 수요'), visibility: 'cluster' }, company)).json;
  capability = (await srv.post('/api/v1/capabilities', { title: uniq('뇌 MR 영상 데이터'), kind: 'data-set' }, partner)).json;
  assert.ok(need.id && capability.id);
});
after(async () => { await srv?.stop(); });

const notes = async (s) => (await srv.get('/api/v1/notifications', s)).json.items;

test('a request, accepted, becomes a collaboration of the two; both are told', async () => {
  const r = await srv.post('/api/v1/matches', { need_id: need.id, capability_id: capability.id, message: '데이터 이용 조건을 알고 싶습니다' }, company);
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.org_id, COMPANY);
  assert.equal(r.json.partner_org_id, PARTNER);
  assert.equal(r.json.status, 'requested');
  // the partner is told; the outsider sees nothing of it
  assert.ok((await notes(partner)).some((n) => n.kind === 'match-request' && n.link === `/matches/${r.json.id}`));
  assertProblem(await srv.get(`/api/v1/matches/${r.json.id}`, outsider), 404);
  assert.equal((await srv.get('/api/v1/matches', outsider)).json.total, 0);
  assertProblem(await srv.get(`/api/v1/matches/${r.json.id}`), 401);
  assert.equal((await srv.get(`/api/v1/matches/${r.json.id}`, partner)).status, 200);
  // one request under way per pair
  assertProblem(await srv.post('/api/v1/matches', { need_id: need.id, capability_id: capability.id }, company), 409);

  // the asking side may not answer; the partner may not rewrite the message
  const row = await srv.get(`/api/v1/matches/${r.json.id}`, company);
  assertInvalid(await srv.patch(`/api/v1/matches/${r.json.id}`, { status: 'accepted' }, company, row.headers.get('etag')), ['status']);
  assertInvalid(await srv.patch(`/api/v1/matches/${r.json.id}`, { message: 'x' }, partner, row.headers.get('etag')), ['message']);
  assertProblem(await srv.patch(`/api/v1/matches/${r.json.id}`, { status: 'accepted' }, outsider, row.headers.get('etag')), 404);
  assertProblem(await srv.del(`/api/v1/matches/${r.json.id}`, partner, { headers: { 'if-match': row.headers.get('etag') } }), 403);

  const yes = await srv.patch(`/api/v1/matches/${r.json.id}`, { status: 'accepted', response: '가능합니다. IRB 승인이 필요합니다.' }, partner, row.headers.get('etag'));
  assert.equal(yes.status, 200, yes.text);
  const accepted = await srv.get(`/api/v1/matches/${r.json.id}`, company);
  assert.ok(accepted.json.collaboration_id, accepted.text);
  const collab = await srv.get(`/api/v1/collaborations/${accepted.json.collaboration_id}`, company);
  assert.equal(collab.status, 200, collab.text);
  assert.equal(collab.json.org_id, COMPANY);
  assert.equal(collab.json.partner_org_id, PARTNER);
  assert.equal(collab.json.status, 'active');
  assert.match(collab.json.started_on, /^\d{4}-\d{2}-\d{2}$/);
  assert.equal((await srv.get(`/api/v1/collaborations/${collab.json.id}`, partner)).status, 200);
  assertProblem(await srv.get(`/api/v1/collaborations/${collab.json.id}`, outsider), 404);
  assert.equal((await srv.get(`/api/v1/needs/${need.id}`, company)).json.status, 'matched');
  assert.ok((await notes(company)).some((n) => n.kind === 'collaboration'));
  // the answered request is final
  assertInvalid(await srv.patch(`/api/v1/matches/${r.json.id}`, { status: 'declined' }, partner, accepted.headers.get('etag')), ['status']);

  // either side records agreements; both see them; the outsider cannot attach one
  const nda = await srv.post('/api/v1/agreements', { collaboration_id: collab.json.id, kind: 'nda', title: '비밀유지계약' }, partner);
  assert.equal(nda.status, 201, nda.text);
  assert.equal(nda.json.org_id, COMPANY);
  assert.equal(nda.json.partner_org_id, PARTNER);
  assert.equal(nda.json.status, 'draft');
  // each side signs (docs/collaboration.md, consent): one alone leaves it a draft
  const half = await srv.patch(`/api/v1/agreements/${nda.json.id}`, { status: 'signed', signed_on: '2026-11-27' }, company, nda.headers.get('etag'));
  assert.equal(half.status, 200, half.text);
  assert.equal(half.json.status, 'draft');
  assert.ok(half.json.org_signed_at && !half.json.partner_signed_at, half.text);
  const signed = await srv.patch(`/api/v1/agreements/${nda.json.id}`, { status: 'signed' }, partner, half.headers.get('etag'));
  assert.equal(signed.status, 200, signed.text);
  assert.equal(signed.json.status, 'signed');
  assert.ok((await notes(partner)).some((n) => n.kind === 'agreement-signed'));
  assertInvalid(await srv.post('/api/v1/agreements', { collaboration_id: collab.json.id, kind: 'mou', title: 'x' }, outsider), ['collaboration_id']);
  assertInvalid(await srv.post('/api/v1/agreements', { collaboration_id: collab.json.id, kind: 'lease', title: 'x' }, company), ['kind']);
  // the collaboration moves through its states, and keeps milestones
  const c2 = await srv.patch(`/api/v1/collaborations/${collab.json.id}`, { milestones: ['2026-12 데이터 반출 심의', '2027-03 모델 검증'] }, partner, collab.headers.get('etag'));
  assert.equal(c2.status, 200, c2.text);
  assertInvalid(await srv.patch(`/api/v1/collaborations/${collab.json.id}`, { status: 'draft' }, company, c2.headers.get('etag')), ['status']);
  assert.equal((await srv.patch(`/api/v1/collaborations/${collab.json.id}`, { status: 'completed' }, company, c2.headers.get('etag'))).status, 200);
});

test('a declined request tells the asking side; a withdrawn one the partner', async () => {
  const cap2 = (await srv.post('/api/v1/capabilities', { title: uniq('임상시험 지원'), kind: 'clinical-trial' }, partner)).json;
  const need2 = (await srv.post('/api/v1/needs', { title: uniq('임상 수요') }, company)).json;
  const r = await srv.post('/api/v1/matches', { need_id: need2.id, capability_id: cap2.id }, company);
  assert.equal(r.status, 201, r.text);
  const no = await srv.patch(`/api/v1/matches/${r.json.id}`, { status: 'declined', response: '올해는 여력이 없습니다' }, partner, r.headers.get('etag'));
  assert.equal(no.status, 200, no.text);
  assert.equal(no.json.collaboration_id, null);
  assert.ok((await notes(company)).some((n) => n.kind === 'match-declined'));
  // asking again after a decline is allowed; then withdrawn by the asking side
  const again = await srv.post('/api/v1/matches', { need_id: need2.id, capability_id: cap2.id }, company);
  assert.equal(again.status, 201, again.text);
  const gone = await srv.patch(`/api/v1/matches/${again.json.id}`, { status: 'withdrawn' }, company, again.headers.get('etag'));
  assert.equal(gone.status, 200, gone.text);
  assert.ok((await notes(partner)).some((n) => n.kind === 'match-withdrawn'));
});

test('requests are refused when they make no sense, naming the field', async () => {
  const own = (await srv.post('/api/v1/capabilities', { title: uniq('자사 역량'), kind: 'expertise' }, company)).json;
  const open = (await srv.post('/api/v1/needs', { title: uniq('열린 수요') }, company)).json;
  assertInvalid(await srv.post('/api/v1/matches', { need_id: open.id, capability_id: own.id }, company), ['capability_id']);
  assertInvalid(await srv.post('/api/v1/matches', { need_id: need.id, capability_id: capability.id + 0 }, company), ['need_id'], 'a matched need takes no new requests');
  const other = (await srv.post('/api/v1/needs', { title: uniq('남의 수요') }, outsider)).json;
  assertInvalid(await srv.post('/api/v1/matches', { need_id: other.id, capability_id: capability.id }, company), ['need_id']);
  assertInvalid(await srv.post('/api/v1/matches', { need_id: 99999999, capability_id: capability.id }, company), ['need_id']);
  assertInvalid(await srv.post('/api/v1/matches', { capability_id: capability.id }, company), ['need_id']);
  const fresh = (await srv.post('/api/v1/needs', { title: uniq('새 수요') }, company)).json;
  assertInvalid(await srv.post('/api/v1/matches', { need_id: fresh.id, capability_id: capability.id, response: 'x' }, company), ['response']);
  assertInvalid(await srv.post('/api/v1/matches', { need_id: fresh.id, capability_id: capability.id, org_id: PARTNER }, company), ['org_id']);
  assertProblem(await srv.post('/api/v1/matches', { need_id: fresh.id, capability_id: capability.id }, trainee), 403);
  assertProblem(await srv.post('/api/v1/matches', { need_id: fresh.id, capability_id: capability.id }), 401);
});

test('the council keeps meetings with minutes and action items with owners and due dates', async () => {
  const m = await srv.post('/api/v1/meetings', {
    title: '산학연병 협의체 정기회의', org_id: 7, held_on: '2026-12-03', place: '고양시청',
    attendees: ['동국대병원', '일산병원', '고양시 기업지원과'], agenda: '데이터 공동 활용', minutes: '영상 데이터 반출 절차를 정리하기로 함',
  }, op);
  assert.equal(m.status, 201, m.text);
  const item = await srv.post('/api/v1/action-items', { title: '데이터 반출 절차 초안', org_id: 7, meeting_id: m.json.id, due_on: '2026-12-20' }, op);
  assert.equal(item.status, 201, item.text);
  assert.equal(item.json.status, 'open');
  const list = await srv.get('/api/v1/action-items?status=open&sort=due_on', company);
  assert.ok(list.json.items.some((x) => x.id === item.json.id), 'a cluster member sees the council items');
  const found = await srv.get(`/api/v1/search?q=${encodeURIComponent('반출 절차')}`, company);
  assert.ok(found.json.items.some((x) => x.collection === 'meetings' || x.collection === 'action-items'), found.text);
  assertInvalid(await srv.post('/api/v1/meetings', { title: 'x', org_id: 7 }, op), ['held_on']);
  const done = await srv.patch(`/api/v1/action-items/${item.json.id}`, { status: 'done' }, op, item.headers.get('etag'));
  assert.equal(done.status, 200, done.text);
});

test('value-chain links: upstream declares whom it supplies; both see private links', async () => {
  const l = await srv.post('/api/v1/org-links', { to_org_id: PARTNER, kind: 'services', description: 'AI 판독 보조', visibility: 'private' }, company);
  assert.equal(l.status, 201, l.text);
  assert.equal(l.json.org_id, COMPANY);
  assert.equal((await srv.get(`/api/v1/org-links/${l.json.id}`, partner)).status, 200);
  assertProblem(await srv.get(`/api/v1/org-links/${l.json.id}`, outsider), 404);
  assertInvalid(await srv.post('/api/v1/org-links', { to_org_id: COMPANY, kind: 'data' }, company), ['to_org_id']);
  assertProblem(await srv.post('/api/v1/org-links', { to_org_id: PARTNER, kind: 'services' }, company), 409);
  const down = await srv.get(`/api/v1/org-links?to_org_id=${PARTNER}`, partner);
  assert.ok(down.json.items.some((x) => x.id === l.json.id));
});
