// The council's meetings and action items in /search (docs/search.md, docs/collaboration.md):
// found by their title, minutes, agenda and attendees, by exactly who may read them through
// their own API. An action item inside a collaboration is private to the collaboration's two
// organisations (the organisation responsible and partner_org_id): the partner's members find
// it, no one else but operators; a private meeting is its organisation's (and those it is
// shared with). Runs on SQLite and PostgreSQL (tests/pg/run-api.mjs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertProblem } from './helpers.mjs';

let srv, op, company, partner, outsider;
const COMPANY = 101, PARTNER = 2, OUTSIDER = 5; // a synthetic company, a hospital, another org
const WORD = 'qzcouncil'; // a word no demo row holds
const rows = {}; // name -> {collection, id}

const search = (q, session, extra = '') => srv.get(`/api/v1/search?q=${encodeURIComponent(q)}${extra}`, session);

before(async () => {
  srv = await startServer();
  op = await srv.login();
  srv.addUser({ email: 'co@bpmc.test', role: 'org-member', org: COMPANY });
  srv.addUser({ email: 'hosp@bpmc.test', role: 'org-member', org: PARTNER });
  srv.addUser({ email: 'out@bpmc.test', role: 'org-member', org: OUTSIDER });
  company = await srv.login('co@bpmc.test');
  partner = await srv.login('hosp@bpmc.test');
  outsider = await srv.login('out@bpmc.test');
  const c = await srv.post('/api/v1/collaborations', { title: '뇌 영상 공동연구', partner_org_id: PARTNER }, company);
  assert.equal(c.status, 201, c.text);
  const add = async (name, collection, body, who) => {
    const r = await srv.post(`/api/v1/${collection}`, body, who);
    assert.equal(r.status, 201, `${name}: ${r.text}`);
    rows[name] = { collection, id: r.json.id, etag: r.headers.get('etag'), json: r.json };
  };
  await add('item-collab', 'action-items', { title: `뇌MR 데이터 반출 신청 ${WORD}`, org_id: COMPANY, collaboration_id: c.json.id, due_on: '2026-12-20' }, company);
  await add('item-cluster', 'action-items', { title: `협의체 자료 정리 ${WORD}`, org_id: COMPANY }, company);
  await add('item-private', 'action-items', { title: `내부 점검 ${WORD}`, org_id: COMPANY, visibility: 'private' }, company);
  await add('item-public', 'action-items', { title: `공개 안내문 게시 ${WORD}`, org_id: OUTSIDER, visibility: 'public' }, outsider);
  await add('meeting-private', 'meetings', { title: '기업 내부 회의', org_id: COMPANY, held_on: '2026-12-03', minutes: `비공개 안건 ${WORD}`, visibility: 'private' }, company);
  await add('meeting-cluster', 'meetings', { title: '산학연병 협의체 정기회의', org_id: PARTNER, held_on: '2026-12-04', minutes: `뇌MR 데이터 공동 활용에 합의함 ${WORD}` }, partner);
  await add('meeting-public', 'meetings', { title: '공개 설명회', org_id: OUTSIDER, held_on: '2026-12-05', agenda: `클러스터 소개 ${WORD}`, visibility: 'public' }, outsider);
});
after(async () => {
  if (srv) await srv.stop();
});

/** What the caller finds of ours for WORD: ["collection/id", …] sorted. */
async function found(session, extra = '') {
  const r = await search(WORD, session, `&limit=50${extra}`);
  assert.equal(r.status, 200, r.text);
  return r.json.items.map((i) => `${i.collection}/${i.id}`).sort();
}

/** What the caller reads of ours through each collection's own API (GET /{collection}/{id}). */
async function readable(session) {
  const out = [];
  for (const x of Object.values(rows)) {
    const r = await srv.get(`/api/v1/${x.collection}/${x.id}`, session);
    assert.ok(r.status === 200 || r.status === 404 || r.status === 401, `${x.collection}/${x.id}: ${r.status} ${r.text}`);
    if (r.status === 200) out.push(`${x.collection}/${x.id}`);
  }
  return out.sort();
}

const key = (...names) => names.map((n) => `${rows[n].collection}/${rows[n].id}`).sort();

test('each role finds exactly the meetings and action items it reads through their own API', async () => {
  const cases = [
    ['operator', () => op, Object.keys(rows)],
    ['member of the organisation responsible', () => company,
      ['item-collab', 'item-cluster', 'item-private', 'item-public', 'meeting-private', 'meeting-cluster', 'meeting-public']],
    ['member of the collaboration partner', () => partner,
      ['item-collab', 'item-cluster', 'item-public', 'meeting-cluster', 'meeting-public']],
    ['member of another organisation', () => outsider, ['item-cluster', 'item-public', 'meeting-cluster', 'meeting-public']],
    ['anonymous', () => undefined, ['item-public', 'meeting-public']],
  ];
  for (const [role, who, names] of cases) {
    assert.deepEqual(await found(who()), key(...names), `${role}: search`);
    assert.deepEqual(await readable(who()), key(...names), `${role}: their own API`);
  }
  // the totals count the same rows
  const t = await search(WORD, partner, '&kind=action-items');
  assert.deepEqual([t.status, t.json.total], [200, 3]);
  assert.equal((await search(WORD, undefined, '&kind=action-items')).json.total, 1);
});

test('kind= knows meetings and action items; a hit carries its title, organisation and snippet', async () => {
  const items = (await search(WORD, company, '&kind=action-items&limit=50')).json.items;
  assert.deepEqual(items.map((i) => i.collection), ['action-items', 'action-items', 'action-items', 'action-items']);
  const mine = items.find((i) => i.id === rows['item-collab'].id);
  assert.deepEqual([mine.title, mine.org.id], [`뇌MR 데이터 반출 신청 ${WORD}`, COMPANY]);
  assert.match(mine.snippet, new RegExp(`<mark>${WORD}</mark>`));
  const meetings = await search(WORD, partner, '&kind=meetings');
  assert.deepEqual(meetings.json.items.map((i) => i.id).sort((a, b) => a - b), [rows['meeting-cluster'].id, rows['meeting-public'].id].sort((a, b) => a - b));
  // "the meeting where we agreed on 뇌MR 데이터": its minutes
  const agreed = await search('뇌MR 데이터 합의', outsider, '&kind=meetings');
  assert.equal(agreed.status, 200, agreed.text);
  assert.equal(agreed.json.items[0]?.id, rows['meeting-cluster'].id, agreed.text);
  assertProblem(await search(WORD, company, '&kind=collaboration-milestones'), 400);
});

test('a change of visibility or of the collaboration is searched at once, as it is read', async () => {
  const x = rows['item-cluster'];
  // made private: the partner (not its organisation) and other members no longer find it
  const p = await srv.patch(`/api/v1/action-items/${x.id}`, { visibility: 'private' }, company, x.etag);
  assert.equal(p.status, 200, p.text);
  assert.ok(!(await found(outsider)).includes(`action-items/${x.id}`));
  assertProblem(await srv.get(`/api/v1/action-items/${x.id}`, outsider), 404);
  assert.ok((await found(company)).includes(`action-items/${x.id}`));
  // moved into the collaboration: the partner reads it, and finds it
  const c = rows['item-collab'].json.collaboration_id;
  const m = await srv.patch(`/api/v1/action-items/${x.id}`, { collaboration_id: c }, company, p.headers.get('etag'));
  assert.equal(m.status, 200, m.text);
  assert.equal(m.json.partner_org_id, PARTNER);
  assert.equal((await srv.get(`/api/v1/action-items/${x.id}`, partner)).status, 200);
  assert.ok((await found(partner)).includes(`action-items/${x.id}`));
  assert.ok(!(await found(outsider)).includes(`action-items/${x.id}`));
  // and out of it again: the partner loses both
  const o = await srv.patch(`/api/v1/action-items/${x.id}`, { collaboration_id: null }, company, m.headers.get('etag'));
  assert.equal(o.status, 200, o.text);
  assertProblem(await srv.get(`/api/v1/action-items/${x.id}`, partner), 404);
  assert.ok(!(await found(partner)).includes(`action-items/${x.id}`));
  // a private meeting shared with another organisation: its members find it
  const s = await srv.post('/api/v1/shares', { collection: 'meetings', row_id: rows['meeting-private'].id, org_id: OUTSIDER }, company);
  assert.equal(s.status, 201, s.text);
  assert.equal((await srv.get(`/api/v1/meetings/${rows['meeting-private'].id}`, outsider)).status, 200);
  assert.ok((await found(outsider)).includes(`meetings/${rows['meeting-private'].id}`));
  assert.ok(!(await found(partner)).includes(`meetings/${rows['meeting-private'].id}`));
  // deleted: gone from search
  const d = await srv.del(`/api/v1/action-items/${rows['item-private'].id}`, company);
  assert.equal(d.status, 204, d.text);
  assert.ok(!(await found(op)).includes(`action-items/${rows['item-private'].id}`));
});
