// How long a failed sign-in takes on each path (issue #10, 13: enumeration): an invited account
// that has no password yet, a real account with a wrong password, and an address no account
// has. All three should cost one argon2id verification (a dummy hash where there is no password),
// so their medians should be close; tests/api/security.test.mjs checks the work itself
// (bpmc_password_checks_total), this prints the times. Timed from the client over loopback, the
// three paths taken in turn in each round so that a busy moment of the machine hits all alike.
// The login throttle (5 failures per account and address, 20 per address) is emptied between
// rounds, outside the timed part. Prints the figures; never fails.
// Run: BPMC_BIN=build/bpmc node bench/signin-timing.mjs [rounds]
import { startServer, dbSql } from '../tests/api/helpers.mjs';

const rounds = Number(process.argv[2] || 30);
const srv = await startServer();
try {
  const op = await srv.login();
  const invited = `bench-invited-${process.pid}@example.com`;
  const real = `bench-real-${process.pid}@bpmc.test`;
  srv.addUser({ email: real, name: '실계정', role: 'org-member', org: 101 });
  const inv = await srv.post('/api/v1/orgs/101/members', { email: invited, name: '초대', role: 'org-member' }, op);
  if (inv.status !== 201) throw new Error(`invitation: ${inv.status} ${inv.text}`);
  const paths = { 'invited, no password': invited, 'real, wrong password': real, 'no such account': `bench-nobody-${process.pid}@example.com` };
  const times = Object.fromEntries(Object.keys(paths).map((k) => [k, []]));
  const checks = async () => Number((await srv.get('/metrics')).text.match(/^bpmc_password_checks_total\{params="current"\} (\d+)$/m)?.[1]);
  const before = await checks();
  const names = Object.keys(paths);
  for (let i = 0; i < rounds; i++) {
    dbSql(srv.db, 'DELETE FROM login_throttle');
    for (let j = 0; j < names.length; j++) {
      const name = names[(i + j) % names.length]; // each path first in a third of the rounds
      const t0 = process.hrtime.bigint();
      const r = await srv.post('/api/v1/session', { email: paths[name], password: 'Not-the-pass-2026' });
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (r.status !== 401) throw new Error(`${name}: ${r.status} ${r.text}`);
      times[name].push(ms);
    }
  }
  const checked = (await checks()) - before;
  const q = (xs, f) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(f * xs.length))];
  console.log(`failed sign-ins, ${rounds} of each, ms from the client (argon2id checks at today's parameters: ${checked} for ${rounds * names.length} sign-ins)`);
  console.log(`${'path'.padEnd(22)} ${'median'.padStart(7)} ${'p10'.padStart(7)} ${'p90'.padStart(7)}`);
  for (const name of names)
    console.log(`${name.padEnd(22)} ${q(times[name], 0.5).toFixed(1).padStart(7)} ${q(times[name], 0.1).toFixed(1).padStart(7)} ${q(times[name], 0.9).toFixed(1).padStart(7)}`);
  const m = (name) => q(times[name], 0.5);
  console.log(`invited / real median: ${(m('invited, no password') / m('real, wrong password')).toFixed(2)}; unknown / real: ${(m('no such account') / m('real, wrong password')).toFixed(2)}`);
} finally {
  await srv.stop();
}
