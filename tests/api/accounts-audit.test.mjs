// The audit rows of accounts' actions (failed sign-ins, invitations, members' roles and
// removal, shares, the language, API tokens revoked by a password change): each image is one
// valid JSON object with the expected keys and values, whatever a person typed, and the chain
// verifies (`bpmc audit verify`).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { startServer, addUser, BIN, uniq } from './helpers.mjs';

let srv, op;
const PW = 'Password-2026';
const ORG_A = 3, ORG_B = 4;

before(async () => {
  srv = await startServer();
  op = await srv.login();
});
after(async () => { await srv?.stop(); });

async function newUser(role, org, email = `${uniq('u')}@bpmc.test`) {
  addUser(srv.db, { email, role, org, password: PW });
  return { email, s: await srv.login(email, PW) };
}

/** The audit rows matching query, newest first, read as the operator. */
async function rows(query) {
  const r = await srv.get(`/api/v1/audit?${query}&limit=200`, op);
  assert.equal(r.status, 200, r.text);
  return r.json.items;
}

/** An image of a row: null, or one JSON object (parsed) that has exactly keys. */
function image(text, keys, what) {
  if (keys === null) {
    assert.equal(text ?? null, null, `${what}: no image expected, got ${text}`);
    return null;
  }
  assert.equal(typeof text, 'string', `${what}: an image expected`);
  let j;
  assert.doesNotThrow(() => { j = JSON.parse(text); }, `${what}: not JSON: ${text}`);
  assert.equal(typeof j, 'object', `${what}: ${text}`);
  assert.ok(j && !Array.isArray(j), `${what}: not an object: ${text}`);
  assert.deepEqual(Object.keys(j), keys, `${what}: keys of ${text}`);
  return j;
}

/** The one row of action in query (the newest), its before and after images checked. */
async function one(query, action, beforeKeys, afterKeys) {
  const row = (await rows(query)).find((x) => x.action === action);
  assert.ok(row, `no ${action} row for ${query}`);
  return { row, before: image(row.before, beforeKeys, action), after: image(row.after, afterKeys, action) };
}

test('a failed sign-in is noted as typed, quotes, backslashes, controls and Hangul included', async () => {
  const typed = `김"},"role":"operator-admin","x":"\\\t\u0001${uniq('q')}@bpmc.test`;
  const r = await srv.post('/api/v1/session', { email: typed, password: 'wrong-Password-1' });
  assert.equal(r.status, 401, r.text);
  const { after } = await one('action=login-failed&collection=sessions', 'login-failed', null, ['email', 'address']);
  assert.equal(after.email, typed.toLowerCase());
  assert.equal(after.address, '127.0.0.1');
});

test('inviting, changing a role and removing a member are noted with their values', async () => {
  const admin = await newUser('org-admin', ORG_A);
  const invitee = await newUser('org-member', ORG_B);
  const inv = await srv.post(`/api/v1/orgs/${ORG_A}/members`, { email: invitee.email, name: '홍"길동\\', role: 'org-member' }, admin.s);
  assert.equal(inv.status, 201, inv.text);
  const user = invitee.s.user.id;
  let { row, after } = await one(`collection=memberships&row_id=${user}`, 'invite', null, ['user_id', 'org_id', 'role']);
  assert.deepEqual(after, { user_id: user, org_id: ORG_A, role: 'org-member' });
  assert.equal(row.actor_id, admin.s.user.id);
  // the invitation waits until the invitee accepts it, which is noted too
  assert.equal((await srv.post(`/api/v1/invitations/${ORG_A}/accept`, undefined, invitee.s)).status, 200);
  ({ row, after } = await one(`collection=memberships&row_id=${user}`, 'invitation-accepted', null, ['org_id']));
  assert.deepEqual(after, { org_id: ORG_A });
  assert.equal(row.actor_id, user);

  const ch = await srv.req(`/api/v1/orgs/${ORG_A}/members/${user}`, { method: 'PATCH', json: { role: 'partner' }, session: admin.s });
  assert.equal(ch.status, 200, ch.text);
  ({ after } = await one(`collection=memberships&row_id=${user}`, 'member-role', null, ['org_id', 'role']));
  assert.deepEqual(after, { org_id: ORG_A, role: 'partner' });

  assert.equal((await srv.del(`/api/v1/orgs/${ORG_A}/members/${user}`, admin.s)).status, 204);
  ({ after } = await one(`collection=memberships&row_id=${user}`, 'member-removed', null, ['org_id', 'active']));
  assert.deepEqual(after, { org_id: ORG_A, active: false });

  // an operator's invitation of a user without an organisation
  const u = await srv.post('/api/v1/users', { email: `${uniq('o')}@bpmc.test`, name: 'o', role: 'operator-staff' }, op);
  assert.equal(u.status, 201, u.text);
  ({ after } = await one(`collection=users&row_id=${u.json.id}`, 'invite', null, ['user_id', 'org_id', 'role']));
  assert.deepEqual(after, { user_id: u.json.id, org_id: 0, role: 'operator-staff' });
});

test('sharing and unsharing a private row are noted with the organisation', async () => {
  const a = await newUser('org-admin', ORG_A);
  const need = await srv.post('/api/v1/needs', { title: `공유 감사 ${uniq('n')}`, visibility: 'private' }, a.s);
  assert.equal(need.status, 201, need.text);
  const g = await srv.post('/api/v1/shares', { collection: 'needs', row_id: need.json.id, org_id: ORG_B }, a.s);
  assert.equal(g.status, 201, g.text);
  let { after } = await one(`collection=needs&row_id=${need.json.id}`, 'share', null, ['org_id']);
  assert.deepEqual(after, { org_id: ORG_B });
  assert.equal((await srv.del(`/api/v1/shares/${g.json.id}`, a.s)).status, 204);
  const { before } = await one(`collection=needs&row_id=${need.json.id}`, 'unshare', ['org_id'], null);
  assert.deepEqual(before, { org_id: ORG_B });
});

test('a language change is noted; a password change revokes tokens through the engine', async () => {
  const m = await newUser('org-member', ORG_A);
  const lang = await srv.req('/api/v1/session', { method: 'PATCH', json: { lang: 'en' }, session: m.s });
  assert.equal(lang.status, 200, lang.text);
  const { after } = await one(`collection=users&row_id=${m.s.user.id}&action=update`, 'update', null, ['lang']);
  assert.deepEqual(after, { lang: 'en' });

  const t = await srv.post('/api/v1/api-tokens', { name: '감사 "토큰"', scope: 'read' }, m.s);
  assert.equal(t.status, 201, t.text);
  const pw = await srv.post('/api/v1/session/password', { current_password: PW, new_password: 'Another-pass-26' }, m.s);
  assert.equal(pw.status, 200, pw.text);
  // the token's own row, as a PATCH {"revoked":true} writes it: full images before and after
  const upd = (await rows(`collection=api-tokens&row_id=${t.json.id}&action=update`))[0];
  assert.ok(upd, 'the revocation is the token\'s own audited update');
  assert.equal(upd.actor_id, m.s.user.id);
  const b = JSON.parse(upd.before), a = JSON.parse(upd.after);
  assert.equal(b.revoked, false);
  assert.equal(a.revoked, true);
  assert.equal(a.name, '감사 "토큰"');
  assert.equal(a.version, b.version + 1);
  assert.ok(!upd.after.includes(t.json.token.slice(8)), 'no secret in the image');
  const { after: note } = await one(`action=tokens-revoked&actor_id=${m.s.user.id}`, 'tokens-revoked', null, ['revoked']);
  assert.deepEqual(note, { revoked: 1 });
  const tok = await srv.get(`/api/v1/api-tokens/${t.json.id}`, op);
  assert.equal(tok.json.revoked, true);
});

test('every audit row\'s images are JSON objects, and the chain verifies', async () => {
  let cursor = '', n = 0;
  for (;;) {
    const r = await srv.get(`/api/v1/audit?limit=200&sort=id${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, op);
    assert.equal(r.status, 200, r.text);
    for (const row of r.json.items) {
      for (const side of ['before', 'after']) {
        if (row[side] === null || row[side] === undefined) continue;
        let j;
        assert.doesNotThrow(() => { j = JSON.parse(row[side]); }, `audit #${row.id} (${row.action}) ${side}: ${row[side]}`);
        assert.ok(j && typeof j === 'object' && !Array.isArray(j), `audit #${row.id} ${side}`);
      }
      n++;
    }
    if (!r.json.next_cursor) break;
    cursor = r.json.next_cursor;
  }
  assert.ok(n > 10, `${n} rows read`);
  const v = spawnSync(BIN, ['audit', 'verify', '--db', srv.db], { encoding: 'utf8' });
  assert.equal(v.status, 0, v.stderr);
  assert.match(v.stdout, /audit chain ok \((\d+) rows\)/);
});
