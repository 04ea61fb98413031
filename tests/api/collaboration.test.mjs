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
  // named "need — partner" when the partner gave no title; the need stays open for others
  const partnerName = (await srv.get(`/api/v1/orgs/${PARTNER}`, company)).json.name;
  assert.equal(collab.json.title, `${need.title} — ${partnerName}`);
  assert.equal(accepted.json.collaboration_title, collab.json.title);
  assert.equal((await srv.get(`/api/v1/needs/${need.id}`, company)).json.status, 'open');
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
  // milestones are rows of their own now: the old list field is gone
  assertInvalid(await srv.patch(`/api/v1/collaborations/${collab.json.id}`, { milestones: ['x'] }, partner, collab.headers.get('etag')), ['milestones']);
  const c2 = await srv.patch(`/api/v1/collaborations/${collab.json.id}`, { ends_on: '2027-12-31' }, partner, collab.headers.get('etag'));
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
  assertProblem(await srv.post('/api/v1/matches', { need_id: need.id, capability_id: capability.id }, company), 409, 'an accepted pair is not asked again');
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

test('a need asks several partners: two accept, each its own collaboration; the company closes it', async () => {
  srv.addUser({ email: 'cro@bpmc.test', name: '정수연', role: 'org-admin', org: 3 });
  srv.addUser({ email: 'lab@bpmc.test', name: '오민재', role: 'org-admin', org: 4 });
  srv.addUser({ email: 'co-member@bpmc.test', name: '한지우', role: 'org-member', org: COMPANY });
  const cro = await srv.login('cro@bpmc.test');
  const lab = await srv.login('lab@bpmc.test');
  const member = await srv.login('co-member@bpmc.test');
  const n = (await srv.post('/api/v1/needs', { title: uniq('유전체 분석 파트너'), visibility: 'cluster' }, company)).json;
  const caps = [];
  for (const [who, title] of [[partner, '임상 유전체 분석'], [cro, 'NGS 분석 서비스'], [lab, '생물정보 분석']])
    caps.push((await srv.post('/api/v1/capabilities', { title: uniq(title), kind: 'research-service' }, who)).json);
  const reqs = [];
  for (const c of caps) {
    const r = await srv.post('/api/v1/matches', { need_id: n.id, capability_id: c.id, message: '분석 협력을 요청합니다' }, member);
    assert.equal(r.status, 201, r.text);
    reqs.push(r);
  }
  // the asking side cannot name the collaboration; the partner names it when it accepts
  assertInvalid(await srv.post('/api/v1/matches', { need_id: n.id, capability_id: caps[0].id, collaboration_title: 'x' }, company), ['collaboration_title']);
  assertInvalid(await srv.patch(`/api/v1/matches/${reqs[0].json.id}`, { collaboration_title: '임상 분석 협력' }, partner, reqs[0].headers.get('etag')), ['collaboration_title']);
  assertInvalid(await srv.patch(`/api/v1/matches/${reqs[0].json.id}`, { status: 'accepted', collaboration_title: '' }, partner, reqs[0].headers.get('etag')), ['collaboration_title']);
  const a1 = await srv.patch(`/api/v1/matches/${reqs[0].json.id}`, { status: 'accepted', collaboration_title: '임상 유전체 분석 협력' }, partner, reqs[0].headers.get('etag'));
  assert.equal(a1.status, 200, a1.text);
  assert.equal((await srv.get(`/api/v1/needs/${n.id}`, company)).json.status, 'open');
  const a2 = await srv.patch(`/api/v1/matches/${reqs[1].json.id}`, { status: 'accepted' }, cro, reqs[1].headers.get('etag'));
  assert.equal(a2.status, 200, a2.text);
  const c1 = (await srv.get(`/api/v1/collaborations/${a1.json.collaboration_id}`, company)).json;
  const c2 = (await srv.get(`/api/v1/collaborations/${a2.json.collaboration_id}`, company)).json;
  assert.equal(c1.title, '임상 유전체 분석 협력');
  assert.equal(c2.title, `${n.title} — ${(await srv.get('/api/v1/orgs/3', company)).json.name}`);
  assert.notEqual(c1.id, c2.id);
  // the need shows its collaborations: to its company both, to each partner its own only
  const mine = await srv.get(`/api/v1/collaborations?need_id=${n.id}&sort=id`, company);
  assert.deepEqual(mine.json.items.map((x) => x.id), [c1.id, c2.id]);
  assert.deepEqual((await srv.get(`/api/v1/collaborations?need_id=${n.id}`, cro)).json.items.map((x) => x.id), [c2.id]);
  assert.equal((await srv.get(`/api/v1/collaborations?need_id=${n.id}`, lab)).json.total, 0);

  // the company closes the need with an outcome; the partner may not
  const cur = await srv.get(`/api/v1/needs/${n.id}`, member);
  assertProblem(await srv.patch(`/api/v1/needs/${n.id}`, { status: 'closed' }, partner, cur.headers.get('etag')), 403);
  const closed = await srv.patch(`/api/v1/needs/${n.id}`, { status: 'closed', outcome: '두 기관과 협력 시작' }, member, cur.headers.get('etag'));
  assert.equal(closed.status, 200, closed.text);
  assert.equal(closed.json.status, 'closed');
  assert.equal(closed.json.outcome, '두 기관과 협력 시작');
  // after the close: no new request, and the one still waiting can no longer be accepted
  const cap4 = (await srv.post('/api/v1/capabilities', { title: uniq('바이오뱅크'), kind: 'research-service' }, outsider)).json;
  assertInvalid(await srv.post('/api/v1/matches', { need_id: n.id, capability_id: cap4.id }, company), ['need_id']);
  const waiting = await srv.get(`/api/v1/matches/${reqs[2].json.id}`, lab);
  const late = await srv.patch(`/api/v1/matches/${reqs[2].json.id}`, { status: 'accepted' }, lab, waiting.headers.get('etag'));
  assertInvalid(late, ['status']);
  assert.equal((await srv.get(`/api/v1/matches/${reqs[2].json.id}`, lab)).json.status, 'requested', 'nothing changed');
  assert.equal((await srv.patch(`/api/v1/matches/${reqs[2].json.id}`, { status: 'declined' }, lab, waiting.headers.get('etag'))).status, 200);
  // closing without an outcome is fine too
  const n2 = (await srv.post('/api/v1/needs', { title: uniq('닫을 수요') }, company)).json;
  const n2c = await srv.get(`/api/v1/needs/${n2.id}`, company);
  const shut = await srv.patch(`/api/v1/needs/${n2.id}`, { status: 'closed' }, company, n2c.headers.get('etag'));
  assert.equal(shut.status, 200, shut.text);
  assert.equal(shut.json.outcome, null);
});

test('milestones: rows inside the collaboration, owned by a user of the two organisations, private as it', async () => {
  const n = (await srv.post('/api/v1/needs', { title: uniq('이정표 수요') }, company)).json;
  const cap = (await srv.post('/api/v1/capabilities', { title: uniq('이정표 역량'), kind: 'research-service' }, partner)).json;
  const r = await srv.post('/api/v1/matches', { need_id: n.id, capability_id: cap.id }, company);
  const yes = await srv.patch(`/api/v1/matches/${r.json.id}`, { status: 'accepted' }, partner, r.headers.get('etag'));
  const cid = yes.json.collaboration_id;
  // the people of the two organisations, names only, to the two and operators
  const people = await srv.get(`/api/v1/collaborations/${cid}/members`, company);
  assert.equal(people.status, 200, people.text);
  const orgsOf = new Set(people.json.items.map((x) => x.org_id));
  assert.deepEqual([...orgsOf].sort((a, b) => a - b), [PARTNER, COMPANY].sort((a, b) => a - b));
  for (const x of people.json.items) assert.deepEqual(Object.keys(x).sort(), ['id', 'name', 'org_id']);
  assert.equal(people.json.total, people.json.items.length);
  assert.equal((await srv.get(`/api/v1/collaborations/${cid}/members`, partner)).status, 200);
  assert.equal((await srv.get(`/api/v1/collaborations/${cid}/members`, op)).status, 200);
  assertProblem(await srv.get(`/api/v1/collaborations/${cid}/members`, outsider), 404);
  assertProblem(await srv.get('/api/v1/collaborations/99999999/members', company), 404);
  assertProblem(await srv.get(`/api/v1/collaborations/${cid}/members`), 401);
  const hosp = people.json.items.find((x) => x.org_id === PARTNER);
  const outsiderId = (await srv.get('/api/v1/session', outsider)).json.user.id;

  const m = await srv.post('/api/v1/collaboration-milestones', { collaboration_id: cid, title: 'IRB 승인', due_on: '2026-01-15', owner_id: hosp.id }, company);
  assert.equal(m.status, 201, m.text);
  assert.equal(m.json.org_id, COMPANY);
  assert.equal(m.json.partner_org_id, PARTNER);
  assert.equal(m.json.done, false);
  assertInvalid(await srv.post('/api/v1/collaboration-milestones', { collaboration_id: cid, title: 'x', owner_id: outsiderId }, company), ['owner_id']);
  assertInvalid(await srv.post('/api/v1/collaboration-milestones', { collaboration_id: cid, title: 'x', owner_id: 99999999 }, company), ['owner_id']);
  assertInvalid(await srv.post('/api/v1/collaboration-milestones', { collaboration_id: cid, title: 'x' }, outsider), ['collaboration_id']);
  assertInvalid(await srv.post('/api/v1/collaboration-milestones', { collaboration_id: cid, due_on: '2026-02-30' }, company), ['title', 'due_on']);
  // seen by the two and operators, by no one else (not counted either)
  assert.equal((await srv.get(`/api/v1/collaboration-milestones/${m.json.id}`, partner)).status, 200);
  assertProblem(await srv.get(`/api/v1/collaboration-milestones/${m.json.id}`, outsider), 404);
  assert.equal((await srv.get(`/api/v1/collaboration-milestones?collaboration_id=${cid}`, outsider)).json.total, 0);
  // overdue: not done, due before today
  const today = new Date(Date.now() + 9 * 3600e3).toISOString().slice(0, 10);
  const overdue = await srv.get(`/api/v1/collaboration-milestones?collaboration_id=${cid}&done=false&due_on_to=${today}`, partner);
  assert.deepEqual(overdue.json.items.map((x) => x.id), [m.json.id]);
  const done = await srv.patch(`/api/v1/collaboration-milestones/${m.json.id}`, { done: true }, partner, m.headers.get('etag'));
  assert.equal(done.status, 200, done.text);
  assert.equal(done.json.done, true);
  assertInvalid(await srv.patch(`/api/v1/collaboration-milestones/${m.json.id}`, { owner_id: outsiderId }, partner, done.headers.get('etag')), ['owner_id']);

  // action items of the collaboration: owned by a user of the two; others refused
  const item = await srv.post('/api/v1/action-items', { title: '데이터 반출 신청', org_id: COMPANY, collaboration_id: cid, owner_id: hosp.id, due_on: '2026-12-20' }, company);
  assert.equal(item.status, 201, item.text);
  assert.equal(item.json.visibility, 'private');
  assertInvalid(await srv.post('/api/v1/action-items', { title: 'x', org_id: COMPANY, collaboration_id: cid, owner_id: outsiderId }, company), ['owner_id']);
  const moved = await srv.patch(`/api/v1/action-items/${item.json.id}`, { owner_id: outsiderId }, company, item.headers.get('etag'));
  assertInvalid(moved, ['owner_id']);
  // shared with the other side: the partner (whose user owns it) sees it, lists it and closes it;
  // anyone else sees nothing of it; the partner field is the server's, refused in input
  assert.equal(item.json.partner_org_id, PARTNER);
  const seen = await srv.get(`/api/v1/action-items/${item.json.id}`, partner);
  assert.equal(seen.status, 200, seen.text);
  assert.deepEqual((await srv.get(`/api/v1/action-items?collaboration_id=${cid}`, partner)).json.items.map((x) => x.id), [item.json.id]);
  assertProblem(await srv.get(`/api/v1/action-items/${item.json.id}`, outsider), 404);
  assert.equal((await srv.get(`/api/v1/action-items?collaboration_id=${cid}`, outsider)).json.total, 0);
  const closed = await srv.patch(`/api/v1/action-items/${item.json.id}`, { status: 'done' }, partner, seen.headers.get('etag'));
  assert.equal(closed.status, 200, closed.text);
  assert.equal(closed.json.status, 'done');
  assertInvalid(await srv.post('/api/v1/action-items', { title: 'x', org_id: COMPANY, collaboration_id: cid, partner_org_id: COMPANY }, company), ['partner_org_id']);
  // the organisation responsible must be one of the two
  assertInvalid(await srv.post('/api/v1/action-items', { title: 'x', org_id: OUTSIDER, collaboration_id: cid }, op), ['collaboration_id']);
  // outside a collaboration, the owner is of the organisation responsible
  const own = await srv.post('/api/v1/action-items', { title: uniq('자체 조치'), org_id: COMPANY, owner_id: hosp.id }, company);
  assertInvalid(own, ['owner_id']);
});
