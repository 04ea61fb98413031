// Failed logins: an account locks after 5 failures (429 + Retry-After, even with the right
// password), an address after 20; unknown e-mails get the same answers as wrong passwords.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertProblem, ADMIN } from './helpers.mjs';

let srv;
before(async () => {
  srv = await startServer();
  srv.addUser({ email: 'victim@bpmc.test', name: '피해자', role: 'org-member', org: 101 });
});
after(async () => {
  if (srv) await srv.stop();
});

const login = (email, password) => srv.post('/api/v1/session', { email, password });

test('unknown e-mail and wrong password get the same 401 answer', async () => {
  const a = await login('nobody@bpmc.test', 'Wrong-pass-2026');
  const b = await login(ADMIN.email, 'Wrong-pass-2026');
  assertProblem(a, 401);
  assertProblem(b, 401);
  assert.equal(a.text, b.text);
});

test('five failures lock the account: 429 with Retry-After, even for the right password', async () => {
  for (let i = 0; i < 4; i++) assertProblem(await login('victim@bpmc.test', `Wrong-pass-${i}`), 401);
  const fifth = await login('victim@bpmc.test', 'Wrong-pass-5');
  assertProblem(fifth, 429);
  const retry = Number(fifth.headers.get('retry-after'));
  assert.ok(retry > 0 && retry <= 900, `Retry-After ${retry}`);
  const right = await login('victim@bpmc.test', ADMIN.password);
  assertProblem(right, 429);
  assert.ok(Number(right.headers.get('retry-after')) > 0);
  // other accounts are not affected
  assert.equal((await login(ADMIN.email, ADMIN.password)).status, 200);
  // and the lockout is in the audit log
  const op = await srv.login();
  const audit = await srv.get('/api/v1/audit?collection=sessions&action=login-locked', op);
  assert.ok(audit.json.total >= 1);
  assert.ok(audit.json.items.some((r) => r.after.includes('victim@bpmc.test')));
});

test('a successful login clears the account counter', async () => {
  for (let i = 0; i < 3; i++) assertProblem(await login(ADMIN.email, `Wrong-${i}-pass`), 401);
  assert.equal((await login(ADMIN.email, ADMIN.password)).status, 200);
  for (let i = 0; i < 3; i++) assertProblem(await login(ADMIN.email, `Wrong-${i}-pass`), 401);
  assert.equal((await login(ADMIN.email, ADMIN.password)).status, 200);
});

test('an address trying many accounts is throttled after 20 failures', async () => {
  let status = 0;
  for (let i = 0; i < 25 && status !== 429; i++) status = (await login(`spray${i}@bpmc.test`, 'Spray-pass-2026')).status;
  assert.equal(status, 429);
  const r = await login(ADMIN.email, ADMIN.password);
  assertProblem(r, 429);
  assert.ok(Number(r.headers.get('retry-after')) > 0);
});
