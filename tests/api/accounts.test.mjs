// Accounts: memberships in several organisations, invitations, roles and removal by org-admins,
// password change and reset through the outbox, the TOTP second factor with recovery codes,
// operator-admins' required second factor, user deactivation and anonymisation, notifications.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { startServer, addUser, bpmc, ADMIN, assertProblem, assertInvalid, uniq, until } from './helpers.mjs';

let srv, admin;
const PW = 'Password-2026';
const ORG_A = 3, ORG_B = 4;

before(async () => {
  srv = await startServer();
  admin = await srv.login();
});
after(async () => { await srv?.stop(); });

/** The messages waiting in the outbox for an address (bpmc outbox). */
function outboxFor(email) {
  return bpmc(['outbox', '--db', srv.db]).trim().split('\n').filter(Boolean).map((l) => JSON.parse(l))
    .filter((m) => m.to === email);
}

function tokenFrom(link) {
  const m = /token=([A-Za-z0-9_-]+)/.exec(link || '');
  assert.ok(m, `no token in ${link}`);
  return m[1];
}

/** RFC 6238 code of a base32 secret at time t (seconds). */
export function totp(b32, t = Date.now() / 1000) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of b32.replace(/=+$/, '')) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.alloc(Math.floor(bits.length / 8));
  for (let i = 0; i < key.length; i++) key[i] = parseInt(bits.slice(i * 8, i * 8 + 8), 2);
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(t / 30)));
  const h = createHmac('sha1', key).update(counter).digest();
  const o = h[h.length - 1] & 15;
  const n = ((h[o] & 0x7f) << 24) | (h[o + 1] << 16) | (h[o + 2] << 8) | h[o + 3];
  return String(n % 1e6).padStart(6, '0');
}

async function newUser(role, org, email = `${uniq('u')}@bpmc.test`) {
  addUser(srv.db, { email, role, org, password: PW });
  const s = await srv.login(email, PW);
  return { email, s };
}

async function loginStatus(email, password, otp) {
  const json = { email, password };
  if (otp !== undefined) json.otp = otp;
  return srv.post('/api/v1/session', json);
}

test('a user added to an organisation is its member; the session shows memberships', async () => {
  const { s } = await newUser('org-admin', ORG_A);
  assert.equal(s.user.role, 'org-admin');
  assert.equal(s.user.org_id, ORG_A);
  assert.deepEqual(s.user.memberships.map((m) => [m.org_id, m.role]), [[ORG_A, 'org-admin']]);
  assert.equal(s.user.totp_enabled, false);
  const list = await srv.get(`/api/v1/orgs/${ORG_A}/members`, s);
  assert.equal(list.status, 200, list.text);
  assert.ok(list.json.items.some((m) => m.user_id === s.user.id && m.role === 'org-admin'));
});

test('an org-admin invites a new person, who sets a password through the link and signs in', async () => {
  const { s } = await newUser('org-admin', ORG_A);
  const email = `${uniq('inv')}@bpmc.test`;
  const r = await srv.post(`/api/v1/orgs/${ORG_A}/members`, { email, name: '초대 받은 사람', role: 'org-member' }, s);
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.role, 'org-member');
  assert.equal(r.json.invited, true);
  assert.equal(r.json.pending, true, 'waits for the invitee to accept (docs/accounts.md)');
  assert.match(r.headers.get('location'), new RegExp(`/api/v1/orgs/${ORG_A}/invitations/${r.json.id}$`));
  // not able to sign in before choosing a password
  assertProblem(await loginStatus(email, PW), 401);
  const mails = outboxFor(email);
  assert.equal(mails.length, 1);
  assert.equal(mails[0].kind, 'invitation');
  // no mail server here: the answer does not pretend an e-mail went out; the link is handed over
  assert.equal(r.json.delivery, 'waiting');
  assert.equal(r.json.invite_link, mails[0].link);
  const token = tokenFrom(mails[0].link);
  assertInvalid(await srv.post('/api/v1/password-resets/confirm', { token, password: 'short' }), ['password']);
  const ok = await srv.post('/api/v1/password-resets/confirm', { token, password: PW });
  assert.equal(ok.status, 204, ok.text);
  assertInvalid(await srv.post('/api/v1/password-resets/confirm', { token, password: PW + 'x' }), ['token']);
  const me = await srv.login(email, PW);
  assert.equal(me.user.org_id, ORG_A);
  assert.equal(me.user.role, 'org-member');
  // the same e-mail twice is a conflict; bad input is 422 naming the fields
  assertProblem(await srv.post(`/api/v1/orgs/${ORG_A}/members`, { email, name: 'x', role: 'org-member' }, s), 409);
  assertInvalid(await srv.post(`/api/v1/orgs/${ORG_A}/members`, { email: 'nope', name: '', role: 'operator-admin' }, s),
    ['email', 'name', 'role']);
  assertInvalid(await srv.post(`/api/v1/orgs/${ORG_A}/members`, { email: 'a@b.kr', name: 'x', role: 'org-member', admin: true }, s),
    ['admin']);
});

test('members, non-members and org-members: who may see and manage an organisation\'s members', async () => {
  const member = await newUser('org-member', ORG_A);
  const outsider = await newUser('org-admin', ORG_B);
  assert.equal((await srv.get(`/api/v1/orgs/${ORG_A}/members`, member.s)).status, 200);
  assertProblem(await srv.get(`/api/v1/orgs/${ORG_A}/members`, outsider.s), 404);
  assertProblem(await srv.get(`/api/v1/orgs/${ORG_A}/members`), 401);
  assertProblem(await srv.post(`/api/v1/orgs/${ORG_A}/members`, { email: `${uniq('x')}@bpmc.test`, name: 'x', role: 'org-member' }, member.s), 403);
  assertProblem(await srv.post(`/api/v1/orgs/${ORG_A}/members`, { email: `${uniq('x')}@bpmc.test`, name: 'x', role: 'org-member' }, outsider.s), 404);
  assertProblem(await srv.del(`/api/v1/orgs/${ORG_A}/members/${member.s.user.id}`, outsider.s), 404);
  assertProblem(await srv.req(`/api/v1/orgs/${ORG_A}/members/${member.s.user.id}`, { method: 'PATCH', json: { role: 'org-admin' }, session: member.s }), 403);
  assertProblem(await srv.post(`/api/v1/orgs/${ORG_A}/members`, { email: 'x@bpmc.test', name: 'x', role: 'org-member' }, { ...admin, csrf: 'wrong' }), 403);
});

test('a person in two organisations switches between them; roles follow the membership', async () => {
  const adminB = await newUser('org-admin', ORG_B);
  const both = await newUser('org-member', ORG_A);
  const add = await srv.post(`/api/v1/orgs/${ORG_B}/members`, { email: both.email, name: 'ignored', role: 'org-admin' }, adminB.s);
  assert.equal(add.status, 201, add.text);
  // answered as for someone new (tests/api/invitations.test.mjs): pending until accepted
  assert.deepEqual([add.json.invited, add.json.pending, add.json.user_id, add.json.name], [true, true, null, 'ignored']);
  assert.equal(add.json.delivery, 'waiting');
  const s = await srv.login(both.email, PW);
  assert.equal(s.user.memberships.length, 1);
  // the notification in the app, never a secret link
  const notes = await srv.get('/api/v1/notifications', s);
  assert.equal(notes.status, 200, notes.text);
  assert.ok(notes.json.items.some((n) => n.kind === 'invitation' && n.link === '/invitations'));
  assert.equal(s.user.unread >= 1, true);
  assert.equal((await srv.post(`/api/v1/invitations/${ORG_B}/accept`, undefined, s)).status, 200);
  const again = await srv.get('/api/v1/session', s);
  assert.equal(again.json.user.org_id, ORG_A, 'works in its own organisation first');
  assert.equal(again.json.user.memberships.length, 2);
  const sw = await srv.req('/api/v1/session', { method: 'PATCH', json: { org_id: ORG_B }, session: s });
  assert.equal(sw.status, 200, sw.text);
  assert.equal(sw.json.user.org_id, ORG_B);
  assert.equal(sw.json.user.role, 'org-admin');
  const me = await srv.get('/api/v1/session', s);
  assert.equal(me.json.user.org_id, ORG_B);
  // as org-admin of B it may manage B's members now, and writes are bound to B
  assert.equal((await srv.get(`/api/v1/orgs/${ORG_B}/members`, s)).status, 200);
  const need = await srv.post('/api/v1/needs', { title: uniq('B의 수요') }, s);
  assert.equal(need.status, 201, need.text);
  assert.equal(need.json.org_id, ORG_B);
  assertInvalid(await srv.req('/api/v1/session', { method: 'PATCH', json: { org_id: 5 }, session: s }), ['org_id']);
  assertInvalid(await srv.req('/api/v1/session', { method: 'PATCH', json: { org_id: 'x' }, session: s }), ['org_id']);
  const read = await srv.post('/api/v1/notifications/read', undefined, s);
  assert.equal(read.status, 204, read.text);
  assert.equal((await srv.get('/api/v1/session', s)).json.user.unread, 0);
  // operators see only their own notifications
  const theirs = await srv.get('/api/v1/notifications', admin);
  assert.ok(!theirs.json.items.some((n) => n.kind === 'invitation'));
});

test('an organisation keeps one org-admin; removing a member ends its sessions there', async () => {
  const lead = await newUser('org-admin', 6);
  const other = await newUser('org-member', 6);
  assertProblem(await srv.req(`/api/v1/orgs/6/members/${lead.s.user.id}`, { method: 'PATCH', json: { role: 'org-member' }, session: lead.s }), 409);
  assertProblem(await srv.del(`/api/v1/orgs/6/members/${lead.s.user.id}`, lead.s), 409);
  const promote = await srv.req(`/api/v1/orgs/6/members/${other.s.user.id}`, { method: 'PATCH', json: { role: 'org-admin' }, session: lead.s });
  assert.equal(promote.status, 200, promote.text);
  assert.equal(promote.json.role, 'org-admin');
  assertInvalid(await srv.req(`/api/v1/orgs/6/members/${other.s.user.id}`, { method: 'PATCH', json: { role: 'operator-admin' }, session: lead.s }), ['role']);
  const gone = await srv.del(`/api/v1/orgs/6/members/${other.s.user.id}`, lead.s);
  assert.equal(gone.status, 204, gone.text);
  assertProblem(await srv.get('/api/v1/session', other.s), 401);
  assertProblem(await srv.del(`/api/v1/orgs/6/members/${other.s.user.id}`, lead.s), 404);
  const history = await srv.get('/api/v1/orgs/6/members?all=1', lead.s);
  assert.ok(history.json.items.some((m) => m.user_id === other.s.user.id && m.active === false), 'history kept');
  const audit = await srv.get(`/api/v1/audit?collection=memberships&row_id=${other.s.user.id}`, admin);
  assert.ok(audit.json.items.some((a) => a.action === 'member-removed'));
  // without a membership it signs in, but works in no organisation and cannot write there
  const again = await srv.login(other.email, PW);
  assert.equal(again.user.org_id, null);
  assertProblem(await srv.post('/api/v1/needs', { title: 'x', org_id: 6 }, again), 403);
});

test('changing the password needs the current one, ends every session and opens a new one', async () => {
  const { email, s } = await newUser('org-member', ORG_A);
  const other = await srv.login(email, PW);
  assertInvalid(await srv.post('/api/v1/session/password', { current_password: 'wrong-password-1', new_password: 'Another-pass-26' }, s), ['current_password']);
  assertInvalid(await srv.post('/api/v1/session/password', { current_password: PW, new_password: 'password123' }, s), ['new_password']);
  assertInvalid(await srv.post('/api/v1/session/password', { current_password: PW }, s), ['new_password']);
  assertProblem(await srv.post('/api/v1/session/password', { current_password: PW, new_password: 'Another-pass-26' }, { ...s, csrf: 'x' }), 403);
  const r = await srv.post('/api/v1/session/password', { current_password: PW, new_password: 'Another-pass-26' }, s);
  assert.equal(r.status, 200, r.text);
  const cookie = /bpmc_session=([^;]+)/.exec(r.headers.get('set-cookie'))[1];
  assert.notEqual(`bpmc_session=${cookie}`, s.cookie, 'a new session id');
  assertProblem(await srv.get('/api/v1/session', s), 401);
  assertProblem(await srv.get('/api/v1/session', other), 401);
  assert.equal((await srv.get('/api/v1/session', { cookie: `bpmc_session=${cookie}`, csrf: r.json.csrf_token })).status, 200);
  assertProblem(await loginStatus(email, PW), 401);
  await srv.login(email, 'Another-pass-26');
});

test('a password reset answers the same for unknown e-mails, and its link works once', async () => {
  const { email } = await newUser('org-member', ORG_A);
  const unknown = await srv.post('/api/v1/password-resets', { email: 'nobody@bpmc.test' });
  const known = await srv.post('/api/v1/password-resets', { email: email.toUpperCase() });
  assert.equal(unknown.status, 202);
  assert.equal(known.status, 202);
  assert.equal(unknown.text, known.text);
  assert.equal(outboxFor('nobody@bpmc.test').length, 0);
  const mails = outboxFor(email).filter((m) => m.kind === 'password-reset');
  assert.equal(mails.length, 1);
  // a second request within a minute sends nothing more
  await srv.post('/api/v1/password-resets', { email });
  assert.equal(outboxFor(email).filter((m) => m.kind === 'password-reset').length, 1);
  const token = tokenFrom(mails[0].link);
  // secret links never show in the app
  const s = await srv.login(email, PW);
  const notes = await srv.get('/api/v1/notifications', s);
  assert.ok(!notes.text.includes(token));
  assertInvalid(await srv.post('/api/v1/password-resets/confirm', { token: 'x'.repeat(43), password: 'Reset-pass-2026' }), ['token']);
  assertInvalid(await srv.post('/api/v1/password-resets/confirm', { token, password: email }), ['password']);
  assertInvalid(await srv.post('/api/v1/password-resets/confirm', { token }), ['password']);
  assert.equal((await srv.post('/api/v1/password-resets/confirm', { token, password: 'Reset-pass-2026' })).status, 204);
  assertInvalid(await srv.post('/api/v1/password-resets/confirm', { token, password: 'Reset-pass-2027' }), ['token']);
  assertProblem(await srv.get('/api/v1/session', s), 401, 'sessions end with a reset');
  assertProblem(await loginStatus(email, PW), 401);
  await srv.login(email, 'Reset-pass-2026');
  assertInvalid(await srv.post('/api/v1/password-resets', {}), ['email']);
});

test('TOTP: enrol, sign in with a code once, recovery codes once, disable with the password', async () => {
  const { email, s } = await newUser('org-member', ORG_A);
  assertProblem(await srv.post('/api/v1/session/totp/confirm', { code: '123456' }, s), 409);
  const begin = await srv.post('/api/v1/session/totp', undefined, s);
  assert.equal(begin.status, 200, begin.text);
  assert.match(begin.json.secret, /^[A-Z2-7]{32}$/);
  assert.match(begin.json.otpauth_uri, /^otpauth:\/\/totp\/bpmc:.*secret=[A-Z2-7]{32}.*issuer=bpmc/);
  const now = Date.now() / 1000;
  const wrong = totp(begin.json.secret, now - 3600);
  assertInvalid(await srv.post('/api/v1/session/totp/confirm', { code: wrong }, s), ['code']);
  const on = await srv.post('/api/v1/session/totp/confirm', { code: totp(begin.json.secret, now) }, s);
  assert.equal(on.status, 200, on.text);
  assert.equal(on.json.recovery_codes.length, 10);
  assert.equal(new Set(on.json.recovery_codes).size, 10);
  assertProblem(await srv.post('/api/v1/session/totp', undefined, s), 409);
  assert.equal((await srv.get('/api/v1/session', s)).json.user.totp_enabled, true);

  const ask = await loginStatus(email, PW);
  assertProblem(ask, 401);
  assert.ok(ask.json.errors.some((e) => e.field === 'otp'), ask.text);
  assertProblem(await loginStatus(email, 'wrong-Password-1', totp(begin.json.secret)), 401);
  // the code of the step already used at enrolment cannot be used again; the next one can
  const next = totp(begin.json.secret, now + 30);
  const r = await loginStatus(email, PW, next);
  assert.equal(r.status, 200, r.text);
  assertProblem(await loginStatus(email, PW, next), 401, 'a code works once');
  const code = on.json.recovery_codes[0];
  assert.equal((await loginStatus(email, PW, code.toUpperCase())).status, 200);
  assertProblem(await loginStatus(email, PW, code), 401, 'a recovery code works once');
  assert.equal((await loginStatus(email, PW, on.json.recovery_codes[1].replace('-', ''))).status, 200);

  assertInvalid(await srv.post('/api/v1/session/totp/disable', { password: 'wrong-Password-1' }, s), ['password']);
  assert.equal((await srv.post('/api/v1/session/totp/disable', { password: PW }, s)).status, 204);
  assert.equal((await loginStatus(email, PW)).status, 200);
  const audit = await srv.get(`/api/v1/audit?collection=users&row_id=${s.user.id}`, admin);
  const actions = audit.json.items.map((a) => a.action);
  assert.ok(actions.includes('totp-enabled') && actions.includes('totp-disabled') && actions.includes('login-recovery-code'), actions.join());
});

test('operator-admins invite users, deactivate them, anonymise them; staff cannot', async () => {
  const email = `${uniq('op')}@bpmc.test`;
  const r = await srv.post('/api/v1/users', { email, name: '새 운영자', role: 'operator-staff' }, admin);
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.role, 'operator-staff');
  assert.equal(r.json.invited, true);
  assert.equal(outboxFor(email)[0].kind, 'invitation');
  assertInvalid(await srv.post('/api/v1/users', { email: `${uniq('m')}@bpmc.test`, name: 'm', role: 'org-member' }, admin), ['org_id']);
  const m = await srv.post('/api/v1/users', { email: `${uniq('m')}@bpmc.test`, name: 'm', role: 'partner', org_id: ORG_A }, admin);
  assert.equal(m.status, 201, m.text);
  assert.equal(m.json.role, 'partner');

  const staff = await newUser('operator-staff');
  assertProblem(await srv.post('/api/v1/users', { email: `${uniq('x')}@bpmc.test`, name: 'x', role: 'operator-admin' }, staff.s), 403);
  const member = await newUser('org-member', ORG_A);
  assertProblem(await srv.post('/api/v1/users', { email: `${uniq('x')}@bpmc.test`, name: 'x', role: 'org-member', org_id: ORG_A }, member.s), 403);

  // deactivation: only operator-admins; the person's sessions stop working at once
  const u = await srv.get(`/api/v1/users/${member.s.user.id}`, admin);
  assertProblem(await srv.patch(`/api/v1/users/${member.s.user.id}`, { active: false }, staff.s, u.headers.get('etag')), 403);
  const off = await srv.patch(`/api/v1/users/${member.s.user.id}`, { active: false }, admin, u.headers.get('etag'));
  assert.equal(off.status, 200, off.text);
  assertProblem(await srv.get('/api/v1/session', member.s), 401);
  assertProblem(await loginStatus(member.email, PW), 401);

  // anonymisation keeps the row and the audit, blanks the person
  const victim = await newUser('org-member', ORG_A);
  assertProblem(await srv.del(`/api/v1/users/${victim.s.user.id}`, staff.s), 403);
  // to a member, users are an operators' collection: a user is absent or invisible (404), never
  // refused with its shape
  for (const id of [admin.user.id, 2000000000]) {
    assertProblem(await srv.del(`/api/v1/users/${id}`, victim.s), 404);
    assertProblem(await srv.get(`/api/v1/users/${id}`, victim.s), 404);
  }
  assertProblem(await srv.del(`/api/v1/users/${admin.user.id}`, admin), 409);
  assert.equal((await srv.del(`/api/v1/users/${victim.s.user.id}`, admin)).status, 204);
  assertProblem(await srv.del(`/api/v1/users/${victim.s.user.id}`, admin), 404);
  const gone = await srv.get(`/api/v1/users/${victim.s.user.id}`, admin);
  assert.equal(gone.status, 200);
  assert.ok(!gone.text.includes(victim.email));
  assert.equal(gone.json.active, false);
  assert.ok(gone.json.anonymised_at);
  assertProblem(await loginStatus(victim.email, PW), 401);
  assertProblem(await srv.get('/api/v1/session', victim.s), 401);
  const members = await srv.get(`/api/v1/orgs/${ORG_A}/members`, admin);
  assert.ok(!members.text.includes(victim.email));
  const audit = await srv.get(`/api/v1/audit?collection=users&row_id=${victim.s.user.id}`, admin);
  assert.ok(audit.json.items.some((a) => a.action === 'anonymise'));
});

test('an operator-admin without a second factor is told when it will be required', async () => {
  // the default server: 7 grace days from the account's creation
  const r = await srv.get('/api/v1/session', admin);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.must_enrol_totp, undefined);
  const created = await srv.get(`/api/v1/users/${admin.user.id}`, admin);
  const due = Date.parse(r.json.totp_due);
  assert.match(r.json.totp_due, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.ok(Math.abs(due - Date.parse(created.json.created_at) - 7 * 86400000) < 2000, `${r.json.totp_due} vs ${created.json.created_at}`);
  // others are not told anything
  const { s } = await newUser('org-admin', ORG_A);
  assert.equal((await srv.get('/api/v1/session', s)).json.totp_due, undefined);
});

test('operator-admins must enrol a second factor after the grace days', async () => {
  const strict = await startServer({ extraArgs: ['--admin-totp-grace-days', '0'] });
  try {
    // created "now" with zero grace days: the second factor is due once the clock has moved on
    const s = await strict.login(ADMIN.email, ADMIN.password);
    const me = await until(async () => {
      const r = await strict.get('/api/v1/session', s);
      return r.json?.must_enrol_totp === true && r;
    }, 'the second factor to be due');
    assert.equal(me.status, 200);
    assert.equal(me.json.must_enrol_totp, true);
    assert.equal(me.json.totp_due, undefined, 'past the deadline: must_enrol_totp says it');
    assertProblem(await strict.get('/api/v1/orgs?limit=1', s), 403);
    assertProblem(await strict.post('/api/v1/tags', { slug: 'x', name_ko: 'x', name_en: 'x' }, s), 403);
    const begin = await strict.post('/api/v1/session/totp', undefined, s);
    assert.equal(begin.status, 200, begin.text);
    const on = await strict.post('/api/v1/session/totp/confirm', { code: totp(begin.json.secret) }, s);
    assert.equal(on.status, 200, on.text);
    assert.equal((await strict.get('/api/v1/orgs?limit=1', s)).status, 200);
    assertProblem(await strict.post('/api/v1/session/totp/disable', { password: ADMIN.password }, s), 403);
    // anonymous reads are unaffected
    assert.equal((await strict.get('/api/v1/orgs?limit=1')).status, 200);
  } finally {
    await strict.stop();
  }
});

/** A minimal SMTP server that keeps what it is sent. */
async function fakeSmtp() {
  const net = await import('node:net');
  const received = [];
  const server = net.createServer((sock) => {
    let buf = '', inData = false, mail = { rcpt: [] };
    sock.write('220 fake ESMTP\r\n');
    sock.on('data', (d) => {
      buf += d.toString('latin1');
      for (;;) {
        if (inData) {
          const end = buf.indexOf('\r\n.\r\n');
          if (end < 0) return;
          mail.data = buf.slice(0, end);
          buf = buf.slice(end + 5);
          inData = false;
          received.push(mail);
          mail = { rcpt: [] };
          sock.write('250 ok\r\n');
          continue;
        }
        const nl = buf.indexOf('\r\n');
        if (nl < 0) return;
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 2);
        const cmd = line.slice(0, 4).toUpperCase();
        if (cmd === 'EHLO' || cmd === 'HELO') sock.write('250 fake\r\n');
        else if (cmd === 'MAIL') { mail.from = line; sock.write('250 ok\r\n'); }
        else if (cmd === 'RCPT') { mail.rcpt.push(line); sock.write('250 ok\r\n'); }
        else if (cmd === 'DATA') { inData = true; sock.write('354 go\r\n'); }
        else if (cmd === 'QUIT') { sock.end('221 bye\r\n'); return; }
        else sock.write('250 ok\r\n');
      }
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { port: server.address().port, received, close: () => server.close() };
}

test('with SMTP configured the outbox is e-mailed, links under the public URL', async () => {
  const smtp = await fakeSmtp();
  const mailed = await startServer({
    extraArgs: ['--smtp-url', `smtp://127.0.0.1:${smtp.port}`, '--mail-from', 'noreply@bpmc.test',
      '--public-url', 'https://bpmc.example'],
  });
  try {
    const email = `${uniq('mail')}@bpmc.test`;
    addUser(mailed.db, { email, role: 'org-member', org: ORG_A, password: PW });
    assert.equal((await mailed.post('/api/v1/password-resets', { email })).status, 202);
    await until(() => smtp.received.length > 0, 'the message delivered', { ms: 10000, every: 100 });
    assert.equal(smtp.received.length, 1, 'one message delivered');
    const m = smtp.received[0];
    assert.match(m.from, /noreply@bpmc\.test/);
    assert.match(m.rcpt[0], new RegExp(email.replace('.', '\\.')));
    assert.match(m.data, /Subject: =\?UTF-8\?B\?/);
    const body = Buffer.from(m.data.split('\r\n\r\n').slice(1).join('').replace(/\s+/g, ''), 'base64').toString('utf8');
    assert.match(body, /https:\/\/bpmc\.example\/reset\?token=[A-Za-z0-9_-]{43}/);
    assert.match(body, /비밀번호/);
    // recorded as sent: nothing waits in the outbox any more
    await until(() => bpmc(['outbox', '--db', mailed.db]).trim() === '', 'the outbox sent', { every: 100 });
    // an invitation says it goes by e-mail, and hands no link to the inviter
    const op = await mailed.login();
    const inv = await mailed.post(`/api/v1/orgs/${ORG_A}/members`, { email: `${uniq('inv')}@bpmc.test`, name: '메일 초대', role: 'org-member' }, op);
    assert.equal(inv.status, 201, inv.text);
    assert.equal(inv.json.delivery, 'email');
    assert.equal(inv.json.invite_link, undefined);
  } finally {
    await mailed.stop();
    smtp.close();
  }
});

test('behind a trusted proxy that says https, the session cookie is Secure', async () => {
  const proxied = await startServer({ extraArgs: ['--trust-proxy'] });
  try {
    const r = await proxied.req('/api/v1/session', { method: 'POST', json: { email: ADMIN.email, password: ADMIN.password }, headers: { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.9' } });
    assert.equal(r.status, 200, r.text);
    assert.match(r.headers.get('set-cookie'), /;\s*Secure/i);
    const plain = await proxied.req('/api/v1/session', { method: 'POST', json: { email: ADMIN.email, password: ADMIN.password } });
    assert.doesNotMatch(plain.headers.get('set-cookie'), /Secure/i);
  } finally {
    await proxied.stop();
  }
  // without --trust-proxy the header is ignored
  const r = await srv.req('/api/v1/session', { method: 'POST', json: { email: ADMIN.email, password: ADMIN.password }, headers: { 'x-forwarded-proto': 'https' } });
  assert.doesNotMatch(r.headers.get('set-cookie'), /Secure/i);
});
