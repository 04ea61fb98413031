// Workflows write through the engine: the row an acceptance leads to (its collaboration) is
// checked, audited with a full image and indexed like an API write; the need stays as it is
// until its company closes it, and that change is audited and indexed too.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertInvalid, uniq } from './helpers.mjs';

let srv, op, company, partner;
const COMPANY = 101, PARTNER = 2;

before(async () => {
  srv = await startServer();
  op = await srv.login();
  srv.addUser({ email: 'wf-co@bpmc.test', role: 'org-admin', org: COMPANY });
  srv.addUser({ email: 'wf-hosp@bpmc.test', role: 'org-admin', org: PARTNER });
  company = await srv.login('wf-co@bpmc.test');
  partner = await srv.login('wf-hosp@bpmc.test');
});
after(async () => { await srv?.stop(); });

/** A request of a fresh need of COMPANY to a fresh capability of PARTNER, accepted. */
async function accepted(needTitle, capTitle) {
  const need = (await srv.post('/api/v1/needs', { title: needTitle, visibility: 'cluster' }, company)).json;
  const cap = (await srv.post('/api/v1/capabilities', { title: capTitle, kind: 'data-set' }, partner)).json;
  const r = await srv.post('/api/v1/matches', { need_id: need.id, capability_id: cap.id }, company);
  assert.equal(r.status, 201, r.text);
  const yes = await srv.patch(`/api/v1/matches/${r.json.id}`, { status: 'accepted' }, partner, r.headers.get('etag'));
  assert.equal(yes.status, 200, yes.text);
  assert.ok(yes.json.collaboration_id, yes.text);
  return { need, cap, match: yes.json };
}

const auditOf = async (collection, id) =>
  (await srv.get(`/api/v1/audit?collection=${collection}&row_id=${id}&sort=id`, op)).json.items;

test('the collaboration an acceptance creates has an audit row with its full image', async () => {
  const { need, cap, match } = await accepted(uniq('감사 수요'), uniq('감사 역량'));
  const collab = (await srv.get(`/api/v1/collaborations/${match.collaboration_id}`, company)).json;
  const rows = await auditOf('collaborations', collab.id);
  assert.equal(rows.length, 1, JSON.stringify(rows));
  assert.equal(rows[0].action, 'create');
  assert.equal(rows[0].actor_id, partner.user.id, 'in the name of the one who accepted');
  assert.equal(rows[0].before, null);
  const image = JSON.parse(rows[0].after); // valid JSON
  assert.deepEqual(image, collab, 'the after-image is the row as it was stored');
  assert.equal(image.need_id, need.id);
  assert.equal(image.capability_id, cap.id);
  const partnerName = (await srv.get(`/api/v1/orgs/${PARTNER}`, company)).json.name;
  assert.equal(image.title, `${need.title} — ${partnerName}`, 'need — partner when the partner gave no title');
  // the audit log exports (a malformed image once made this 500)
  const csv = await srv.get(`/api/v1/audit?collection=collaborations&row_id=${collab.id}&format=csv`, op);
  assert.equal(csv.status, 200, csv.text);
  assert.ok(csv.text.includes(need.title));
});

test("an acceptance leaves the need open; its company's close is audited before and after, and the index follows it", async () => {
  const word = uniq('워크플로색인');
  const { need } = await accepted(`${word} 수요`, uniq('색인 역량'));
  assert.deepEqual((await auditOf('needs', need.id)).map((r) => r.action), ['create'], 'the acceptance did not touch the need');
  const cur = await srv.get(`/api/v1/needs/${need.id}`, company);
  assert.equal(cur.json.status, 'open');
  const closed = await srv.patch(`/api/v1/needs/${need.id}`, { status: 'closed', outcome: '협력 1건 시작' }, company, cur.headers.get('etag'));
  assert.equal(closed.status, 200, closed.text);
  const rows = await auditOf('needs', need.id);
  assert.deepEqual(rows.map((r) => r.action), ['create', 'transition']);
  const [b, a] = [JSON.parse(rows[1].before), JSON.parse(rows[1].after)];
  assert.equal(b.status, 'open');
  assert.equal(a.status, 'closed');
  assert.equal(b.outcome, null);
  assert.equal(a.outcome, '협력 1건 시작');
  assert.equal(a.version, b.version + 1);
  assert.equal(rows[1].actor_id, company.user.id);
  // the index holds the need as it is now: found by its words with the new status
  const found = await srv.get(`/api/v1/needs?q=${encodeURIComponent(word)}&status=closed`, company);
  assert.equal(found.status, 200, found.text);
  assert.deepEqual(found.json.items.map((n) => n.id), [need.id]);
  const search = await srv.get(`/api/v1/search?q=${encodeURIComponent(word)}`, company);
  assert.equal(search.status, 200, search.text);
  assert.ok(JSON.stringify(search.json).includes(`"id":${need.id}`), search.text);
});

test('an acceptance makes a valid collaboration whatever the titles; a need closed meanwhile refuses it', async () => {
  // a need whose title fills the collaboration's title on its own still makes a valid one
  const { match } = await accepted('가'.repeat(200), uniq('긴 제목 역량'));
  const collab = (await srv.get(`/api/v1/collaborations/${match.collaboration_id}`, company)).json;
  assert.equal([...collab.title].length, 200);
  // an acceptance of a need its company closed meanwhile is refused, and nothing changes
  const need = (await srv.post('/api/v1/needs', { title: uniq('닫힐 수요') }, company)).json;
  const cap = (await srv.post('/api/v1/capabilities', { title: uniq('역량'), kind: 'data-set' }, partner)).json;
  const r = await srv.post('/api/v1/matches', { need_id: need.id, capability_id: cap.id }, company);
  const closed = await srv.patch(`/api/v1/needs/${need.id}`, { status: 'closed' }, company, '"1"');
  assert.equal(closed.status, 200, closed.text);
  assertInvalid(await srv.patch(`/api/v1/matches/${r.json.id}`, { status: 'accepted' }, partner, r.headers.get('etag')), ['status']);
  const after = await srv.get(`/api/v1/matches/${r.json.id}`, partner);
  assert.equal(after.json.status, 'requested');
  assert.equal(after.json.collaboration_id, null);
  assert.equal((await srv.get(`/api/v1/collaborations?need_id=${need.id}`, company)).json.total, 0);
  assert.equal((await srv.get(`/api/v1/needs/${need.id}`, company)).json.status, 'closed');
  assert.deepEqual((await auditOf('needs', need.id)).map((x) => x.action), ['create', 'transition']);
  assert.deepEqual((await auditOf('matches', r.json.id)).map((x) => x.action), ['create']);
  // the partner still may not write the asking side's message
  assertInvalid(await srv.patch(`/api/v1/matches/${r.json.id}`, { message: 'x' }, partner, after.headers.get('etag')), ['message']);
});
