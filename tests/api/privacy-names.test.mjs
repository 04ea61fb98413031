// A reader never learns the name of a row it may not read through a reference on a row it may
// read (docs/access-policy.md, "Names through references"). The rows below are readable by every
// signed-in member (a cluster action item, a public capability) and name rows that are not: a
// private organisation, a private person, a private collaboration. Their names must not show in
// the item's GET, its list, ?expand=, the CSV and XLSX exports, or /search (its owner and its
// snippet), to anyone but those who read the named row. The one reference that is part of its
// row (F_REF_NAMED, x-bpmc-expand: with-row) is an action item's or milestone's owner (a user):
// shown to the row's readers, and only them, since the owner is a user of the row's own
// organisations (checked on write). Runs on SQLite and PostgreSQL (tests/pg/run-api.mjs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startServer, orgBody } from './helpers.mjs';

const READER = fileURLToPath(new URL('./fixtures/read_xlsx.py', import.meta.url));
/** A workbook's cells as text (fixtures/read_xlsx.py, openpyxl). */
const xlsxText = (bytes) => execFileSync('/usr/bin/python3', [READER], { input: bytes, maxBuffer: 64 << 20 }).toString('utf8');

const OTHER = 5;
const ORG_NAME = '비밀기관qznameorg', PERSON = '비공개인물qznameperson', COLLAB = '비밀협력qznamecollab', OWNER_NAME = '담당자qznameowner';
const SECRETS = [ORG_NAME, PERSON, COLLAB];
let srv, op, member, outsider;
const rows = {};

before(async () => {
  srv = await startServer();
  op = await srv.login();
  const org = await srv.post('/api/v1/orgs', orgBody({ name: ORG_NAME, visibility: 'private' }), op);
  assert.equal(org.status, 201, org.text);
  rows.org = org.json.id;
  srv.addUser({ email: 'secret@privname.test', name: OWNER_NAME, role: 'org-admin', org: rows.org });
  srv.addUser({ email: 'out@privname.test', role: 'org-member', org: OTHER });
  member = await srv.login('secret@privname.test');
  outsider = await srv.login('out@privname.test');
  const add = async (collection, body) => {
    const r = await srv.post(`/api/v1/${collection}`, body, member);
    assert.equal(r.status, 201, `${collection}: ${r.text}`);
    return r.json.id;
  };
  rows.person = await add('people', { org_id: rows.org, name: PERSON, visibility: 'private' });
  rows.collab = await add('collaborations', { title: COLLAB, partner_org_id: OTHER + 1 });
  rows.capability = await add('capabilities', { org_id: rows.org, title: '공개 역량 qznamecap', kind: 'data-set', contact_id: rows.person, visibility: 'public' });
  rows.item = await add('action-items', { org_id: rows.org, title: '클러스터 조치 qznameitem', owner_id: member.user.id, visibility: 'cluster' });
});
after(async () => {
  if (srv) await srv.stop();
});

/** Whether any secret name shows in text; the names found. */
const leaked = (text) => SECRETS.filter((s) => text.includes(s));

test('a readable row names an unreadable organisation, person or collaboration without its name', async () => {
  const cases = [
    ['capabilities', rows.capability, 'org,contact'],
    ['action-items', rows.item, 'org,collaboration,owner,meeting'],
  ];
  for (const [who, session] of [['outsider', outsider], ['anonymous', undefined]]) {
    for (const [collection, id, expand] of cases) {
      const g = await srv.get(`/api/v1/${collection}/${id}?expand=${expand}`, session);
      if (collection === 'action-items' && !session) {
        assert.equal(g.status, 404, g.text); // cluster rows are the members'
        continue;
      }
      assert.equal(g.status, 200, `${who} ${collection}: ${g.text}`);
      assert.deepEqual(leaked(g.text), [], `${who} GET ${collection}/${id}: ${g.text}`);
      assert.equal(g.json.org, null, `${who}: the private organisation is not expanded`);
      const list = await srv.get(`/api/v1/${collection}?org_id=${rows.org}&expand=${expand}`, session);
      assert.equal(list.status, 200, list.text);
      assert.ok(list.json.items.some((i) => i.id === id), `${who} lists ${collection}/${id}`);
      assert.deepEqual(leaked(list.text), [], `${who} list ${collection}`);
      for (const format of ['csv', 'xlsx']) {
        const f = await srv.get(`/api/v1/${collection}?org_id=${rows.org}&format=${format}&expand=${expand}`, session);
        assert.equal(f.status, 200, `${who} ${format} ${collection}: ${f.text.slice(0, 300)}`);
        const text = format === 'csv' ? f.text : xlsxText(Buffer.from(f.bytes));
        assert.ok(text.includes('qzname'), `${who} ${format}: the row is exported`);
        assert.deepEqual(leaked(text), [], `${who} ${format} ${collection}`);
      }
    }
    // the contact's name (a private person's) is not shown; the capability is
    const cap = await srv.get(`/api/v1/capabilities/${rows.capability}?expand=contact`, session);
    assert.equal(cap.json.contact, null);
    // search: the owner organisation is not named, nor is it in the snippet
    const s = await srv.get('/api/v1/search?q=qznamecap', session);
    assert.equal(s.status, 200, s.text);
    const hit = s.json.items.find((i) => i.collection === 'capabilities' && i.id === rows.capability);
    assert.ok(hit, `${who} finds the public capability`);
    assert.equal(hit.org, null);
    assert.deepEqual(leaked(s.text), [], `${who} search`);
    // searching for the private names finds nothing of theirs
    for (const secret of ['qznameorg', 'qznameperson', 'qznamecollab']) {
      const q = await srv.get(`/api/v1/search?q=${secret}`, session);
      assert.equal(q.json.total, 0, `${who} finds ${secret}: ${q.text}`);
    }
  }
  // the organisation's own members read every name
  const mine = await srv.get(`/api/v1/capabilities/${rows.capability}?expand=org,contact`, member);
  assert.deepEqual([mine.json.org?.name, mine.json.contact?.name], [ORG_NAME, PERSON]);
});

test("an owner's name is shown with the row to its readers only", async () => {
  // a member of another organisation reads the cluster item, with its owner's name (part of it)
  const g = await srv.get(`/api/v1/action-items/${rows.item}?expand=owner`, outsider);
  assert.equal(g.json.owner?.name, OWNER_NAME);
  // made private, the item and its owner's name are the organisation's again
  const p = await srv.patch(`/api/v1/action-items/${rows.item}`, { visibility: 'private' }, member, g.headers.get('etag'));
  assert.equal(p.status, 200, p.text);
  const after = await srv.get(`/api/v1/action-items/${rows.item}?expand=owner`, outsider);
  assert.equal(after.status, 404);
  assert.ok(!after.text.includes(OWNER_NAME));
  const list = await srv.get('/api/v1/action-items?expand=owner&limit=200', outsider);
  assert.ok(!list.text.includes(OWNER_NAME), 'not in lists');
  const csv = await srv.get('/api/v1/action-items?format=csv&expand=owner', outsider);
  assert.ok(!csv.text.includes(OWNER_NAME), 'not in exports');
  // inside a private collaboration an item names its owner to the two organisations only
  const m = await srv.post('/api/v1/collaboration-milestones', { collaboration_id: rows.collab, title: '이정표 qznamems', owner_id: member.user.id }, member);
  assert.equal(m.status, 201, m.text);
  const hidden = await srv.get(`/api/v1/collaboration-milestones/${m.json.id}?expand=owner,collaboration`, outsider);
  assert.equal(hidden.status, 404);
  assert.deepEqual(leaked(hidden.text), []);
  assert.ok(!hidden.text.includes(OWNER_NAME));
});
