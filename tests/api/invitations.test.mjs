// Invitations wait for the invitee (issue #10 item 13): an org-admin's invitation answers alike
// whether the e-mail is new, an ordinary account, an operator's or a deactivated one; the
// membership is pending (no access) until the invitee accepts, signed in (someone known) or by
// choosing a password at the link (someone new); the organisation sees it pending and may
// withdraw it; the invitee may decline. docs/accounts.md, docs/security.md.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, bpmc, ADMIN, assertProblem, assertInvalid, uniq, dbSql } from './helpers.mjs';

let srv, admin, orgAdmin;
const PW = 'Password-2026';
const ORG_A = 3, ORG_B = 4;

before(async () => {
  srv = await startServer();
  admin = await srv.login();
  const email = `${uniq('inviter')}@bpmc.test`;
  srv.addUser({ email, role: 'org-admin', org: ORG_A, password: PW });
  orgAdmin = await srv.login(email, PW);
});
after(async () => { await srv?.stop(); });

function outboxFor(email) {
  return bpmc(['outbox', '--db', srv.db]).trim().split('\n').filter(Boolean).map((l) => JSON.parse(l))
    .filter((m) => m.to === email);
}

function tokenFrom(link) {
  const m = /token=([A-Za-z0-9_-]+)/.exec(link || '');
  assert.ok(m, `no token in ${link}`);
  return m[1];
}

async function member(org, email = `${uniq('m')}@bpmc.test`, role = 'org-member') {
  srv.addUser({ email, role, org, password: PW });
  return { email, s: await srv.login(email, PW) };
}

const invite = (email, name = '초대 받은 사람', org = ORG_A, s = orgAdmin) =>
  srv.post(`/api/v1/orgs/${org}/members`, { email, name, role: 'org-member' }, s);

/** The answer with what differs by nature (ids, the e-mail, times, the secret) blanked. */
function shape(r) {
  const j = { ...r.json };
  for (const k of ['id', 'email', 'since']) { assert.ok(k in j, `${k} in ${r.text}`); j[k] = k; }
  assert.match(j.invite_link, /^\/reset\?token=[A-Za-z0-9_-]{20,}&invite=1$/);
  j.invite_link = 'link';
  return { status: r.status, location: r.headers.get('location').replace(/\d+/g, 'N'), body: j,
    keys: Object.keys(r.json).join(',') };
}

test('an invitation answers alike for a new e-mail, an account, an operator and a deactivated account', async () => {
  const known = await member(ORG_B);
  const gone = await member(ORG_B);
  const etag = (await srv.get(`/api/v1/users/${gone.s.user.id}`, admin)).headers.get('etag');
  assert.equal((await srv.patch(`/api/v1/users/${gone.s.user.id}`, { active: false }, admin, etag)).status, 200);
  const answers = [];
  for (const email of [`${uniq('new')}@bpmc.test`, known.email, ADMIN.email, gone.email]) {
    const r = await invite(email);
    assert.equal(r.status, 201, `${email}: ${r.text}`);
    assert.equal(r.json.email, email);
    answers.push(shape(r));
  }
  for (const a of answers.slice(1)) assert.deepEqual(a, answers[0]);
  assert.equal(answers[0].body.user_id, null, 'no user id while pending: ids would tell old accounts from new');
  assert.equal(answers[0].body.name, '초대 받은 사람', 'the typed name, never the account\'s own');
  assert.equal(answers[0].body.pending, true);
  assert.equal(answers[0].body.active, false);
  assert.equal(answers[0].body.invited, true);
  assert.equal(answers[0].body.delivery, 'waiting');
  // the organisation's list shows each of them pending, by the typed name
  const list = await srv.get(`/api/v1/orgs/${ORG_A}/members`, orgAdmin);
  for (const email of [known.email, ADMIN.email, gone.email]) {
    const row = list.json.items.find((m) => m.email === email);
    assert.deepEqual([row.pending, row.active, row.user_id, row.name], [true, false, null, '초대 받은 사람'], email);
  }
  // an invitation of someone already an active member is a conflict (the list shows them anyway)
  assertProblem(await invite(orgAdmin.user.email), 409);
  assertInvalid(await invite('nope'), ['email']);
});

test('someone known: pending means no access; they accept signed in, from the notification', async () => {
  const known = await member(ORG_B);
  const r = await invite(known.email, '알려진 사람');
  assert.equal(r.status, 201, r.text);
  // no access while pending
  let s = await srv.login(known.email, PW);
  assert.deepEqual(s.user.memberships.map((m) => m.org_id), [ORG_B]);
  assertProblem(await srv.get(`/api/v1/orgs/${ORG_A}/members`, s), 404);
  assertInvalid(await srv.req('/api/v1/session', { method: 'PATCH', json: { org_id: ORG_A }, session: s }), ['org_id']);
  // the notification in the app, and the invitation in their list
  const notes = await srv.get('/api/v1/notifications', s);
  const note = notes.json.items.find((n) => n.kind === 'invitation');
  assert.ok(note, notes.text);
  assert.equal(note.link, '/invitations');
  const mine = await srv.get('/api/v1/invitations', s);
  assert.equal(mine.status, 200, mine.text);
  assert.deepEqual(mine.json.items.map((i) => [i.org_id, i.role]), [[ORG_A, 'org-member']]);
  assert.equal(typeof mine.json.items[0].org_name, 'string');
  // the e-mailed link never sets the password of an existing account
  const mail = outboxFor(known.email).find((m) => m.kind === 'invitation');
  assert.equal(mail.link, r.json.invite_link);
  const viaLink = await srv.post('/api/v1/password-resets/confirm', { token: tokenFrom(mail.link), password: 'Another-pass-2026' });
  assertProblem(viaLink, 409);
  assert.deepEqual(viaLink.json.errors.map((e) => e.field), ['token']);
  s = await srv.login(known.email, PW); // the password is unchanged
  // an API token may list, not accept
  const tok = await srv.post('/api/v1/api-tokens', { name: 't', scope: 'read-write' }, s);
  assert.equal(tok.status, 201, tok.text);
  const bearer = { headers: { authorization: `Bearer ${tok.json.token}` } };
  assert.equal((await srv.req('/api/v1/invitations', bearer)).status, 200);
  assertProblem(await srv.req(`/api/v1/invitations/${ORG_A}/accept`, { method: 'POST', ...bearer }), 403);
  // accepted: a member of both
  const ok = await srv.post(`/api/v1/invitations/${ORG_A}/accept`, undefined, s);
  assert.equal(ok.status, 200, ok.text);
  assert.deepEqual([ok.json.org_id, ok.json.user_id, ok.json.name, ok.json.active, ok.json.pending],
    [ORG_A, s.user.id, s.user.name, true, false]);
  const after = await srv.get('/api/v1/session', s);
  assert.deepEqual(after.json.user.memberships.map((m) => m.org_id).sort(), [ORG_A, ORG_B].sort());
  assert.equal((await srv.get(`/api/v1/orgs/${ORG_A}/members`, s)).status, 200);
  assert.equal((await srv.get('/api/v1/invitations', s)).json.total, 0);
  assertProblem(await srv.post(`/api/v1/invitations/${ORG_A}/accept`, undefined, s), 404);
  const audit = await srv.get(`/api/v1/audit?collection=memberships&row_id=${s.user.id}`, admin);
  assert.ok(audit.json.items.some((a) => a.action === 'invitation-accepted'), audit.text);
});

test('someone new accepts by choosing a password at the link; until then no sign-in', async () => {
  const email = `${uniq('new')}@bpmc.test`;
  const r = await invite(email, '새 사람');
  assert.equal(r.status, 201, r.text);
  assertProblem(await srv.post('/api/v1/session', { email, password: PW }), 401);
  const ok = await srv.post('/api/v1/password-resets/confirm', { token: tokenFrom(r.json.invite_link), password: PW });
  assert.equal(ok.status, 204, ok.text);
  const s = await srv.login(email, PW);
  assert.equal(s.user.org_id, ORG_A);
  assert.equal(s.user.role, 'org-member');
  const row = (await srv.get(`/api/v1/orgs/${ORG_A}/members`, orgAdmin)).json.items.find((m) => m.email === email);
  assert.deepEqual([row.active, row.pending, row.user_id, row.name], [true, false, s.user.id, '새 사람']);
});

test('the invitee declines; the organisation withdraws; an operator cannot accept', async () => {
  const a = await member(ORG_B), b = await member(ORG_B);
  const ra = await invite(a.email), rb = await invite(b.email);
  assert.equal(ra.status, 201, ra.text);
  // the organisation reads and withdraws b's invitation
  const loc = rb.headers.get('location');
  assert.match(loc, new RegExp(`^/api/v1/orgs/${ORG_A}/invitations/${rb.json.id}$`));
  const got = await srv.get(loc, orgAdmin);
  assert.equal(got.status, 200, got.text);
  assert.equal(got.json.pending, true);
  assertProblem(await srv.get(loc, a.s), 404, 'not a member of A');
  assertProblem(await srv.del(loc, (await member(ORG_A)).s), 403, 'org-members do not manage');
  assert.equal((await srv.del(loc, orgAdmin)).status, 204);
  assertProblem(await srv.get(loc, orgAdmin), 404);
  assertProblem(await srv.del(loc, orgAdmin), 404);
  assert.equal((await srv.get('/api/v1/invitations', b.s)).json.total, 0);
  assertProblem(await srv.post(`/api/v1/invitations/${ORG_A}/accept`, undefined, b.s), 404);
  // a declines
  assert.equal((await srv.del(`/api/v1/invitations/${ORG_A}`, a.s)).status, 204);
  assertProblem(await srv.post(`/api/v1/invitations/${ORG_A}/accept`, undefined, a.s), 404);
  const list = await srv.get(`/api/v1/orgs/${ORG_A}/members`, orgAdmin);
  assert.ok(!list.json.items.some((m) => m.email === a.email || m.email === b.email));
  // nor among former members, where the account's own name and id would show
  const former = await srv.get(`/api/v1/orgs/${ORG_A}/members?all=1`, orgAdmin);
  assert.ok(!former.json.items.some((m) => m.email === a.email || m.email === b.email), former.text);
  // invited again after declining: pending again
  assert.equal((await invite(a.email)).status, 201);
  assert.equal((await srv.get('/api/v1/invitations', a.s)).json.total, 1);
  // the operator invited in the first test (or now) cannot become a member
  await invite(ADMIN.email);
  assertProblem(await srv.post(`/api/v1/invitations/${ORG_A}/accept`, undefined, admin), 409);
  assert.ok(!(await srv.get('/api/v1/session', admin)).json.user.memberships.length);
});

test('operator-admins adding someone through /users make them a member at once', async () => {
  const known = await member(ORG_B);
  const r = await srv.post('/api/v1/users', { email: known.email, name: '운영자 추가', role: 'org-member', org_id: ORG_A }, admin);
  assert.equal(r.status, 201, r.text);
  assert.deepEqual([r.json.user_id, r.json.pending, r.json.active, r.json.org_id], [known.s.user.id, false, true, ORG_A]);
  assert.equal(r.headers.get('location'), `/api/v1/orgs/${ORG_A}/members/${known.s.user.id}`);
  const s = await srv.login(known.email, PW);
  assert.deepEqual(s.user.memberships.map((m) => m.org_id).sort(), [ORG_A, ORG_B].sort());
  // operators see every user: an operator's e-mail is refused to them by name
  assertInvalid(await srv.post('/api/v1/users', { email: ADMIN.email, name: 'x', role: 'org-member', org_id: ORG_A }, admin), ['email']);
});

// Several writers (PostgreSQL: a pool of them in each of two servers) invite one new e-mail at
// once: one of them makes the account; on PostgreSQL the others' INSERT of the same e-mail fails
// (a unique violation, after waiting for the first's COMMIT), which ends a PostgreSQL transaction.
// The invitation goes on from a savepoint as for someone known, so every invitation is made, as
// on SQLite, whose one writer takes them in turn.
test('invitations of one new e-mail at once, through two servers: one account, every invitation made', async () => {
  const other = await startServer({ db: srv.db });
  try {
    // an operator-admin signed in on each server, a new one for each part (invitations are
    // throttled per inviter)
    const operators = async () => {
      const email = `${uniq('op')}@bpmc.test`;
      srv.addUser({ email, role: 'operator-admin', password: PW });
      return [await srv.login(email, PW), await other.login(email, PW)];
    };
    let ops = await operators();
    const orgs = [1, 2, 3, 4, 5, 6, 7, 8];
    for (let round = 0; round < 3; round++) {
      const invitee = `${uniq(`together${round}`)}@bpmc.test`;
      const answers = await Promise.all(orgs.map((org, i) =>
        [srv, other][i % 2].post(`/api/v1/orgs/${org}/members`, { email: invitee, name: '함께 초대', role: 'org-member' }, ops[i % 2])));
      for (const r of answers) {
        assert.equal(r.status, 201, r.text);
        assert.equal(r.json.pending, true);
      }
      assert.equal(dbSql(srv.db, `SELECT count(*) FROM users WHERE email = '${invitee}'`), '1');
      assert.equal(dbSql(srv.db, `SELECT count(*) FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = '${invitee}' AND m.pending = 1 AND m.active = 0`), String(orgs.length));
      const pending = await Promise.all(orgs.map((org) => srv.get(`/api/v1/orgs/${org}/members`, admin)));
      for (const m of pending) assert.equal(m.json.items.filter((x) => x.email === invitee && x.pending).length, 1, m.text);
    }
    // operator-admins adding one new e-mail to several organisations at once through /users:
    // one account, a member of each
    ops = await operators();
    const added = `${uniq('added-together')}@bpmc.test`;
    const adds = await Promise.all(orgs.map((org, i) =>
      [srv, other][i % 2].post('/api/v1/users', { email: added, name: '함께 추가', role: 'org-member', org_id: org }, ops[i % 2])));
    for (const r of adds) assert.equal(r.status, 201, r.text);
    assert.equal(dbSql(srv.db, `SELECT count(*) FROM users WHERE email = '${added}'`), '1');
    assert.equal(dbSql(srv.db, `SELECT count(*) FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = '${added}' AND m.active = 1`), String(orgs.length));
    // operator-admins creating one operator account at once: one 201, the others 409 naming the
    // e-mail, never a failure
    ops = await operators();
    const operator = `${uniq('new-operator')}@bpmc.test`;
    const made = await Promise.all([0, 1, 2, 3, 4, 5].map((i) =>
      [srv, other][i % 2].post('/api/v1/users', { email: operator, name: '새 운영자', role: 'operator-staff' }, ops[i % 2])));
    assert.deepEqual(made.map((r) => r.status).sort(), [201, 409, 409, 409, 409, 409], made.map((r) => r.text).join('\n'));
    for (const r of made.filter((x) => x.status === 409)) {
      assert.deepEqual(assertProblem(r, 409).errors.map((e) => e.field), ['email'], r.text);
    }
    assert.equal(dbSql(srv.db, `SELECT count(*) FROM users WHERE email = '${operator}'`), '1');
  } finally {
    await other.stop();
  }
});
