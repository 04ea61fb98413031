// The demo's council (src/db/demo/0155_collaboration_council.sql): meetings with minutes and the
// action items that follow from them, each role reading what its visibility allows (public: all;
// cluster: signed-in members; private: the meeting's organisation and operators), invented text
// marked [데모], open items due after today (nothing overdue in a fresh demo), and search's 회의 /
// 후속 조치 groups answering the same rows.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './helpers.mjs';

let srv;
let op, hospital, other;
before(async () => {
  srv = await startServer();
  op = await srv.login();
  srv.addUser({ email: 'dumc@bpmc.test', role: 'org-member', org: 2 }); // 동국대학교 일산병원
  srv.addUser({ email: 'nhis@bpmc.test', role: 'org-member', org: 3 }); // 국민건강보험 일산병원
  hospital = await srv.login('dumc@bpmc.test');
  other = await srv.login('nhis@bpmc.test');
});
after(async () => {
  if (srv) await srv.stop();
});

const ids = async (path, who) => {
  const r = await srv.get(path, who);
  assert.equal(r.status, 200, r.text);
  return r.json.items.map((x) => x.id).sort((a, b) => a - b);
};

test('each role reads the meetings and action items its visibility allows', async () => {
  assert.deepEqual(await ids('/api/v1/meetings?limit=50', op), [1, 2, 3, 4]);
  assert.deepEqual(await ids('/api/v1/meetings?limit=50', hospital), [1, 2, 3, 4]);
  assert.deepEqual(await ids('/api/v1/meetings?limit=50', other), [1, 2, 3]);
  assert.deepEqual(await ids('/api/v1/meetings?limit=50'), [1]);
  assert.deepEqual(await ids('/api/v1/action-items?limit=50', op), [1, 2, 3, 4, 5, 6, 7, 8]);
  assert.deepEqual(await ids('/api/v1/action-items?limit=50', hospital), [1, 2, 3, 4, 5, 6, 7, 8]);
  assert.deepEqual(await ids('/api/v1/action-items?limit=50', other), [1, 2, 3, 4, 5, 6, 7]);
  assert.deepEqual(await ids('/api/v1/action-items?limit=50'), [1]);
  assert.equal((await srv.get('/api/v1/meetings/4', other)).status, 404);
  assert.equal((await srv.get('/api/v1/action-items/8', other)).status, 404);
});

test('every meeting has minutes marked [데모]; open items are due after today and follow a meeting', async () => {
  const meetings = (await srv.get('/api/v1/meetings?limit=50', op)).json.items;
  for (const m of meetings) {
    assert.match(m.minutes, /^\[데모\] /, m.title);
    assert.ok(m.attendees.length > 0, m.title);
    assert.ok(m.agenda, m.title);
  }
  const today = new Date(Date.now() + 9 * 3600 * 1000).toISOString().slice(0, 10); // Korea
  const items = (await srv.get('/api/v1/action-items?limit=50', op)).json.items;
  for (const a of items) {
    assert.match(a.notes, /^\[데모\] /, a.title);
    assert.ok(meetings.some((m) => m.id === a.meeting_id), a.title);
    if (a.status === 'open') assert.ok(a.due_on > today, `${a.title} ${a.due_on}`);
  }
  assert.deepEqual(items.map((a) => a.status).sort(), ['done', 'done', 'open', 'open', 'open', 'open', 'open', 'open']);
  // what the council page asks for: the open items by due date
  const open = await srv.get('/api/v1/action-items?status=open&sort=due_on&limit=50', other);
  assert.equal(open.json.total, 5);
});

test('search finds them for exactly those who read them', async () => {
  const found = async (q, who, kind) => {
    const r = await srv.get(`/api/v1/search?q=${encodeURIComponent(q)}&kind=${kind}&limit=50`, who);
    assert.equal(r.status, 200, r.text);
    return r.json.items.map((x) => x.id).sort((a, b) => a - b);
  };
  assert.deepEqual(await found('간담회', op, 'meetings'), [1, 2]);
  assert.deepEqual(await found('간담회', undefined, 'meetings'), [1]);
  assert.deepEqual(await found('재식별', hospital, 'action-items'), [8]);
  assert.deepEqual(await found('재식별', other, 'action-items'), []);
  assert.deepEqual(await found('재식별', hospital, 'meetings'), [4]);
  assert.deepEqual(await found('재식별', other, 'meetings'), []);
  assert.deepEqual(await found('수요조사', other, 'action-items'), [6]);
});
