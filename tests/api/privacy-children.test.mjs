// A row inside a private record never reaches more people than its parent (PRODUCT.md, "Private
// stays private"; docs/access-policy.md, "Rows inside a record"). Table-driven over every
// parent/child pair of the modules:
//
// 1. Private parents made here, each with a child carrying a marker word: a collaboration of
//    OWNER and PARTNER with its milestone, agreement, meeting, action item and the action item
//    of its meeting; a private meeting of OWNER (outside any collaboration) with its action item.
//    For every role (operator, org-admin and member of the owner, org-admin of the partner, a
//    member of an unrelated organisation, an investor, a trainee, anonymous) the child is read
//    (GET), listed under its parent (?{field}={parent}, items and total), exported (CSV) and
//    found (/search, for collections in the index) exactly when the role reads the parent.
// 2. Every child collection of every module against the rows the demo holds: each row a role
//    lists whose parent reference is set names a parent the role reads (GET 200). Parents that
//    cannot be private (events, surveys, cohorts, programs, resources, spaces, unit projects:
//    public records) are covered here; prospects and their activities are operators' alone.
//    A deal names a fundraising round without being inside it (the investor's and company's own
//    record): the round's title is never shown to a side that cannot read the round.
// 3. What the API refuses so that no child is wider: a wider visibility inside a collaboration or
//    a private meeting (422 visibility), a share beyond the parent (422 org_id).
// Runs on SQLite and PostgreSQL (tests/pg/run-api.mjs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertInvalid } from './helpers.mjs';

const OWNER = 101, PARTNER = 2, OTHER = 5, INVESTOR = 169; // a company, a hospital, another org, a VC
const WORD = 'qzprivkid'; // no demo row holds it
let srv;
const who = {}; // role -> session (undefined: anonymous)
const ROLES = ['operator', 'owner-admin', 'owner-member', 'partner-admin', 'outsider', 'investor', 'trainee', 'anonymous'];
const parents = {}; // name -> {collection, id}
const children = []; // {name, collection, id, field, parent (name), marker, indexed}

before(async () => {
  srv = await startServer();
  who.operator = await srv.login();
  const users = [
    ['owner-admin', 'org-admin', OWNER], ['owner-member', 'org-member', OWNER], ['partner-admin', 'org-admin', PARTNER],
    ['outsider', 'org-member', OTHER], ['investor', 'investor', INVESTOR], ['trainee', 'trainee', OWNER],
  ];
  for (const [name, role, org] of users) {
    srv.addUser({ email: `${name}@privkid.test`, role, org });
    who[name] = await srv.login(`${name}@privkid.test`);
  }
  who.anonymous = undefined;
  const make = async (collection, body, session = who['owner-admin']) => {
    const r = await srv.post(`/api/v1/${collection}`, body, session);
    assert.equal(r.status, 201, `${collection}: ${r.text}`);
    return r.json;
  };
  const c = await make('collaborations', { title: `비공개 협력 ${WORD}p1`, partner_org_id: PARTNER });
  parents.collab = { collection: 'collaborations', id: c.id };
  const m = await make('meetings', { title: `내부 회의 ${WORD}p2`, org_id: OWNER, held_on: '2026-12-03', visibility: 'private' });
  parents.meeting = { collection: 'meetings', id: m.id };
  const cm = await make('meetings', { title: `협력 회의 ${WORD}c3`, org_id: OWNER, held_on: '2026-12-04', collaboration_id: c.id });
  parents.collabMeeting = { collection: 'meetings', id: cm.id };
  const child = async (name, collection, field, parent, body, indexed) => {
    const marker = `${WORD}${name}`;
    const row = await make(collection, { ...body, title: `${body.title} ${marker}` });
    children.push({ name, collection, id: row.id, field, parent, marker, indexed, row });
  };
  await child('c1', 'collaboration-milestones', 'collaboration_id', 'collab', { collaboration_id: c.id, title: '이정표' }, false);
  await child('c2', 'agreements', 'collaboration_id', 'collab', { collaboration_id: c.id, title: '협약', kind: 'nda' }, false);
  children.push({ name: 'c3', collection: 'meetings', id: cm.id, field: 'collaboration_id', parent: 'collab', marker: `${WORD}c3`, indexed: true, row: cm });
  await child('c4', 'action-items', 'collaboration_id', 'collab', { collaboration_id: c.id, org_id: OWNER, title: '협력 조치' }, true);
  await child('c5', 'action-items', 'meeting_id', 'collabMeeting', { meeting_id: cm.id, org_id: OWNER, title: '협력 회의의 조치' }, true);
  await child('c6', 'action-items', 'meeting_id', 'meeting', { meeting_id: m.id, org_id: OWNER, title: '내부 회의의 조치' }, true);
});
after(async () => {
  if (srv) await srv.stop();
});

const readable = async (collection, id, session) => {
  const r = await srv.get(`/api/v1/${collection}/${id}`, session);
  assert.ok([200, 401, 404].includes(r.status), `${collection}/${id}: ${r.status} ${r.text}`);
  return r.status === 200;
};

test('each role reads, lists, exports and finds a child exactly when it reads the parent', async () => {
  for (const role of ROLES) {
    const session = who[role];
    for (const k of children) {
      const p = parents[k.parent];
      const sees = await readable(p.collection, p.id, session);
      const what = `${role}: ${k.collection}/${k.id} inside ${p.collection}/${p.id}`;
      assert.equal(await readable(k.collection, k.id, session), sees, `${what}: GET`);
      const list = await srv.get(`/api/v1/${k.collection}?${k.field}=${p.id}&limit=200`, session);
      if (list.status === 200) {
        assert.equal(list.json.items.some((i) => i.id === k.id), sees, `${what}: list`);
        if (!sees) assert.equal(list.json.total, 0, `${what}: total`);
        const csv = await srv.get(`/api/v1/${k.collection}?${k.field}=${p.id}&format=csv`, session);
        assert.equal(csv.status, 200, `${what}: csv ${csv.text}`);
        assert.equal(csv.text.includes(k.marker), sees, `${what}: csv`);
      } else {
        assert.ok(!sees && [401, 403].includes(list.status), `${what}: list ${list.status}`);
      }
      if (k.indexed) {
        const s = await srv.get(`/api/v1/search?q=${k.marker}&limit=50`, session);
        assert.equal(s.status, 200, s.text);
        assert.equal(s.json.items.some((i) => i.collection === k.collection && i.id === k.id), sees, `${what}: search`);
      }
    }
  }
});

test('both parties of a collaboration read its meetings; nobody else does, however asked', async () => {
  const cm = parents.collabMeeting;
  const expect = { operator: true, 'owner-admin': true, 'owner-member': true, 'partner-admin': true, outsider: false, investor: false, trainee: true, anonymous: false };
  for (const role of ROLES) assert.equal(await readable('meetings', cm.id, who[role]), expect[role], role);
  const row = (await srv.get(`/api/v1/meetings/${cm.id}`, who['partner-admin'])).json;
  assert.deepEqual([row.visibility, row.partner_org_id], ['private', PARTNER]);
  // the partner finds it among the collaboration's meetings
  const l = await srv.get(`/api/v1/meetings?collaboration_id=${parents.collab.id}`, who['partner-admin']);
  assert.deepEqual(l.json.items.map((i) => i.id), [cm.id]);
});

test('nothing makes a child wider than its parent: wider visibility and third-party shares are refused', async () => {
  const owner = who['owner-admin'];
  const c = parents.collab.id;
  // asked for cluster or public inside a collaboration: refused, naming visibility, nothing made
  for (const vis of ['cluster', 'public']) {
    assertInvalid(await srv.post('/api/v1/action-items', { title: `넓은 조치 qzwidewide`, org_id: OWNER, collaboration_id: c, visibility: vis }, owner), 'visibility');
    assertInvalid(await srv.post('/api/v1/meetings', { title: `넓은 회의 qzwidewide`, org_id: OWNER, held_on: '2026-12-05', collaboration_id: c, visibility: vis }, owner), 'visibility');
    assertInvalid(await srv.post('/api/v1/action-items', { title: `넓은 조치 qzwidewide`, org_id: OWNER, meeting_id: parents.meeting.id, visibility: vis }, owner), 'visibility');
  }
  assert.equal((await srv.get(`/api/v1/search?q=qzwidewide`, who.operator)).json.total, 0);
  const item = children.find((k) => k.name === 'c4');
  const got = await srv.get(`/api/v1/action-items/${item.id}`, owner);
  assertInvalid(await srv.patch(`/api/v1/action-items/${item.id}`, { visibility: 'cluster' }, owner, got.headers.get('etag')), 'visibility');
  // an action item of a private meeting is the meeting organisation's (to the partner, which
  // cannot read the meeting, it is no such meeting; an operator is told why)
  assertInvalid(await srv.post('/api/v1/action-items', { title: `남의 조치 qzwidewide`, org_id: PARTNER, meeting_id: parents.meeting.id }, who['partner-admin']), ['meeting_id']);
  assertInvalid(await srv.post('/api/v1/action-items', { title: `남의 조치 qzwidewide`, org_id: PARTNER, meeting_id: parents.meeting.id }, who.operator), ['org_id']);
  // a private meeting whose action item is cluster cannot be made private before it
  const open = await srv.post('/api/v1/meetings', { title: `열린 회의 ${WORD}o`, org_id: OWNER, held_on: '2026-12-06' }, owner);
  assert.equal(open.json.visibility, 'cluster');
  const oi = await srv.post('/api/v1/action-items', { title: `열린 조치 ${WORD}o`, org_id: OWNER, meeting_id: open.json.id }, owner);
  assert.equal(oi.json.visibility, 'cluster', oi.text);
  assertInvalid(await srv.patch(`/api/v1/meetings/${open.json.id}`, { visibility: 'private' }, owner, open.headers.get('etag')), 'visibility');
  assertInvalid(await srv.patch(`/api/v1/meetings/${open.json.id}`, { collaboration_id: c }, owner, open.headers.get('etag')), 'collaboration_id');
  // shares: never to an organisation outside the collaboration, nor one that cannot read the meeting
  for (const k of children.filter((x) => x.collection === 'action-items' || x.collection === 'meetings')) {
    const r = await srv.post('/api/v1/shares', { collection: k.collection, row_id: k.id, org_id: OTHER }, owner);
    assertInvalid(r, 'org_id', `share of ${k.collection}/${k.id}`);
    assert.equal(await readable(k.collection, k.id, who.outsider), false);
  }
  // a private meeting shared with OTHER: its action item may follow it there, and only there
  const s = await srv.post('/api/v1/shares', { collection: 'meetings', row_id: parents.meeting.id, org_id: OTHER }, owner);
  assert.equal(s.status, 201, s.text);
  const c6 = children.find((k) => k.name === 'c6');
  assert.equal((await srv.post('/api/v1/shares', { collection: 'action-items', row_id: c6.id, org_id: OTHER }, owner)).status, 201);
  assert.equal(await readable('action-items', c6.id, who.outsider), true);
  assertInvalid(await srv.post('/api/v1/shares', { collection: 'action-items', row_id: c6.id, org_id: INVESTOR }, owner), 'org_id');
  // the meeting's grant taken back takes the item's with it
  assert.equal((await srv.del(`/api/v1/shares/${s.json.id}`, owner)).status, 204);
  assert.equal(await readable('meetings', parents.meeting.id, who.outsider), false);
  assert.equal(await readable('action-items', c6.id, who.outsider), false, 'the item follows its meeting');
  const grants = await srv.get(`/api/v1/shares?collection=action-items&row_id=${c6.id}`, owner);
  assert.deepEqual(grants.json.items, []);
  // a cluster meeting whose item is shared with OTHER is not made private under it
  const om = await srv.post('/api/v1/meetings', { title: `공유 회의 ${WORD}g`, org_id: OWNER, held_on: '2026-12-07' }, owner);
  const og = await srv.post('/api/v1/action-items', { title: `공유 조치 ${WORD}g`, org_id: OWNER, meeting_id: om.json.id, visibility: 'private' }, owner);
  assert.equal(og.status, 201, og.text);
  assert.equal((await srv.post('/api/v1/shares', { collection: 'action-items', row_id: og.json.id, org_id: OTHER }, owner)).status, 201);
  assertInvalid(await srv.patch(`/api/v1/meetings/${om.json.id}`, { visibility: 'private' }, owner, om.headers.get('etag')), 'visibility');
  // a shared private item does not move inside a collaboration (its grant would reach beyond it)
  const own = await srv.post('/api/v1/action-items', { title: `공유된 조치 ${WORD}s`, org_id: OWNER, visibility: 'private' }, owner);
  assert.equal((await srv.post('/api/v1/shares', { collection: 'action-items', row_id: own.json.id, org_id: OTHER }, owner)).status, 201);
  assertInvalid(await srv.patch(`/api/v1/action-items/${own.json.id}`, { collaboration_id: c }, owner, own.headers.get('etag')), 'collaboration_id');
  // one moved inside without a visibility becomes private
  const free = await srv.post('/api/v1/action-items', { title: `옮길 조치 ${WORD}m`, org_id: OWNER }, owner);
  assert.equal(free.json.visibility, 'cluster');
  const moved = await srv.patch(`/api/v1/action-items/${free.json.id}`, { collaboration_id: c }, owner, free.headers.get('etag'));
  assert.equal(moved.status, 200, moved.text);
  assert.deepEqual([moved.json.visibility, moved.json.partner_org_id], ['private', PARTNER]);
  assert.equal(await readable('action-items', free.json.id, who.outsider), false);
});

/** Child collections and their parent references: every reference to a record other rows are
 * inside (the collections below), read from the OpenAPI document so a new one is covered. */
const PARENT_COLLECTIONS = new Set(['collaborations', 'meetings', 'fundraisings', 'events', 'surveys', 'cohorts', 'courses',
  'prospects', 'programs', 'resources', 'spaces', 'statements', 'bookings', 'unit-projects', 'matches', 'support-requests']);
// references that name a record without being inside it, with the reason
const LINKS = {
  'deals.fundraising_id': "a deal is its investor's and company's record; it names the round, whose title only the round's readers see",
};

test('every row any role lists in a child collection names a parent that role reads', async () => {
  const doc = (await srv.get('/api/v1/openapi.json')).json;
  const pairs = [];
  for (const [name, schema] of Object.entries(doc.components.schemas)) {
    for (const [field, p] of Object.entries(schema.properties ?? {})) {
      const target = p['x-references'];
      if (target && PARENT_COLLECTIONS.has(target) && target !== name && !LINKS[`${name}.${field}`]) pairs.push({ name, field, target });
    }
  }
  for (const want of ['collaboration-milestones.collaboration_id', 'agreements.collaboration_id', 'meetings.collaboration_id',
    'action-items.collaboration_id', 'action-items.meeting_id', 'registrations.event_id', 'survey-responses.survey_id',
    'enrollments.cohort_id', 'activities.prospect_id', 'program-applications.program_id', 'bookings.resource_id', 'statement-lines.statement_id']) {
    assert.ok(pairs.some((x) => `${x.name}.${x.field}` === want), `the pair ${want} is covered`);
  }
  let checked = 0;
  for (const role of ROLES) {
    const session = who[role];
    const cache = new Map();
    for (const { name, field, target } of pairs) {
      const r = await srv.get(`/api/v1/${name}?limit=200`, session);
      if (r.status !== 200) continue; // the collection is closed to the role
      for (const row of r.json.items) {
        const id = row[field];
        if (id === null || id === undefined) continue;
        const key = `${target}/${id}`;
        if (!cache.has(key)) cache.set(key, await readable(target, id, session));
        assert.ok(cache.get(key), `${role} reads ${name}/${row.id} but not the ${target}/${id} it is inside (${field})`);
        checked++;
      }
    }
  }
  assert.ok(checked > 50, `the demo has children to check (${checked})`);
});

test('a deal names its round; a side that cannot read the round never learns its title', async () => {
  const inv = who.investor;
  const deals = await srv.get('/api/v1/deals?expand=fundraising&limit=200', inv);
  assert.equal(deals.status, 200, deals.text);
  for (const d of deals.json.items.filter((x) => x.fundraising_id)) {
    const sees = await readable('fundraisings', d.fundraising_id, inv);
    if (!sees) assert.equal(d.fundraising, null, `deal ${d.id}: the round's title is not shown`);
    else assert.equal(typeof d.fundraising.title, 'string');
  }
});
