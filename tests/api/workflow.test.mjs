// Workflows write through the engine: the rows an acceptance leads to (its collaboration, its
// need matched) are checked, audited with full images and indexed like an API write.
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
  assert.equal(image.title, `${need.title} × ${cap.title}`);
  // the audit log exports (a malformed image once made this 500)
  const csv = await srv.get(`/api/v1/audit?collection=collaborations&row_id=${collab.id}&format=csv`, op);
  assert.equal(csv.status, 200, csv.text);
  assert.ok(csv.text.includes(need.title));
});

test("the need's change is audited before and after, and the index follows it", async () => {
  const word = uniq('워크플로색인');
  const { need } = await accepted(`${word} 수요`, uniq('색인 역량'));
  const rows = await auditOf('needs', need.id);
  assert.deepEqual(rows.map((r) => r.action), ['create', 'transition']);
  const [b, a] = [JSON.parse(rows[1].before), JSON.parse(rows[1].after)];
  assert.equal(b.status, 'open');
  assert.equal(a.status, 'matched');
  assert.equal(a.version, b.version + 1);
  assert.equal(a.title, need.title);
  assert.equal(rows[1].actor_id, partner.user.id);
  const now = await srv.get(`/api/v1/needs/${need.id}`, company);
  assert.equal(now.json.status, 'matched');
  assert.equal(now.headers.get('etag'), `"${a.version}"`);
  // the index holds the need as it is now: found by its words with the new status
  const found = await srv.get(`/api/v1/needs?q=${encodeURIComponent(word)}&status=matched`, company);
  assert.equal(found.status, 200, found.text);
  assert.deepEqual(found.json.items.map((n) => n.id), [need.id]);
  const search = await srv.get(`/api/v1/search?q=${encodeURIComponent(word)}`, company);
  assert.equal(search.status, 200, search.text);
  assert.ok(JSON.stringify(search.json).includes(`"id":${need.id}`), search.text);
});

test('an acceptance makes a valid collaboration whatever the titles; a need no longer open stays so', async () => {
  // a need whose title fills the collaboration's title on its own still makes a valid one
  const { match } = await accepted('가'.repeat(200), uniq('긴 제목 역량'));
  const collab = (await srv.get(`/api/v1/collaborations/${match.collaboration_id}`, company)).json;
  assert.equal([...collab.title].length, 200);
  // an acceptance of a need someone closed meanwhile leaves the need as it is
  const need = (await srv.post('/api/v1/needs', { title: uniq('닫힐 수요') }, company)).json;
  const cap = (await srv.post('/api/v1/capabilities', { title: uniq('역량'), kind: 'data-set' }, partner)).json;
  const r = await srv.post('/api/v1/matches', { need_id: need.id, capability_id: cap.id }, company);
  const closed = await srv.patch(`/api/v1/needs/${need.id}`, { status: 'closed' }, company, '"1"');
  assert.equal(closed.status, 200, closed.text);
  const yes = await srv.patch(`/api/v1/matches/${r.json.id}`, { status: 'accepted' }, partner, r.headers.get('etag'));
  assert.equal(yes.status, 200, yes.text);
  assert.equal((await srv.get(`/api/v1/needs/${need.id}`, company)).json.status, 'closed');
  assert.deepEqual((await auditOf('needs', need.id)).map((x) => x.action), ['create', 'transition']);
  // the partner still may not write the asking side's message
  assertInvalid(await srv.patch(`/api/v1/matches/${r.json.id}`, { message: 'x' }, partner, yes.headers.get('etag')), ['message']);
});
