// The server's sweeper runs the lifecycle's SLA escalation and KPI reminders (issue #14) beside
// the facilities' no-show marking: two server processes sweeping one database escalate a
// deadline and remind a company once; a fresh demo gives the sweeper nothing to do (its
// overdue requests were escalated and its last quarter's reminders sent when it was loaded),
// and it has a request near its deadline for the SLA board. The harness starts servers with
// the sweeper off (--sweep-seconds 0); the tests here ask for it.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, until, uniq, orgBody, dbSql, ON_PG } from './helpers.mjs';

const servers = [];
after(async () => { for (const s of servers.reverse()) await s.stop(); });
const start = async (opts) => { const s = await startServer(opts); servers.push(s); return s; };

/** The sweeper's counters of one server's /metrics (loopback reads it unsigned). */
async function sweepMetrics(s) {
  const r = await fetch(s.base + '/metrics');
  assert.equal(r.status, 200);
  const text = await r.text();
  const num = (re) => Number(re.exec(text)?.[1] ?? NaN);
  const m = { sweeps: num(/^bpmc_sweeps_total (\d+)$/m) };
  for (const kind of ['runs', 'items', 'failures'])
    for (const task of ['noshow', 'escalate', 'remind'])
      m[`${kind}.${task}`] = num(new RegExp(`^bpmc_sweep_${kind}_total\\{task="${task}"\\} (\\d+)$`, 'm'));
  return m;
}

/** Wait until every server has finished two more sweeps than it had: each of them has looked
 * at the database at least once after what came before the call. */
async function sweptAgain(list) {
  const before = await Promise.all(list.map(sweepMetrics));
  await until(async () => {
    const now = await Promise.all(list.map(sweepMetrics));
    return now.every((m, i) => m.sweeps >= before[i].sweeps + 2);
  }, 'two more sweeps of each server', { ms: 15000, every: 100 });
}

/** The quarter whose KPI report is last due on the day in Korea (kpi_due_quarter in rules.c:
 * due on the 20th of the month after the quarter). */
function dueQuarter(date = new Date()) {
  const k = new Date(date.getTime() + 9 * 3600 * 1000);
  const y = k.getUTCFullYear(), m = k.getUTCMonth() + 1, d = k.getUTCDate();
  const q = Math.floor((m - 1) / 3) + 1;
  let index = y * 4 + (q - 1) - 1; // the previous quarter
  if (m === 3 * q - 2 && d < 20) index -= 1; // not due yet in its first month before the 20th
  return { year: Math.floor(index / 4), quarter: (index % 4) + 1 };
}

test('sweep 0 is off; two sweeping servers escalate a deadline and remind a company once', async () => {
  const srv = await start(); // the harness's server: --sweep-seconds 0
  const op = await srv.login();
  const o = await srv.post('/api/v1/orgs', orgBody({ is_tenant: true, visibility: 'public' }), op);
  assert.equal(o.status, 201, o.text);
  const CO = o.json.id;
  srv.addUser({ email: 'sw-admin@bpmc.test', role: 'org-admin', org: CO });
  const company = await srv.login('sw-admin@bpmc.test');
  // a normal consulting request: the first answer is due in two working days (within 240 hours),
  // the resolution in ten (beyond them)
  const r = await srv.post('/api/v1/support-requests', { org_id: CO, title: uniq('계약 검토'), category: 'consulting' }, company);
  assert.equal(r.status, 201, r.text);
  const link = `/support-requests/${r.json.id}`;
  const ours = async () => (await srv.all('notifications', '', op)).items.filter((n) => n.kind === 'sla-escalation' && n.link === link);
  const reminders = async () => (await srv.all('notifications', '', company)).items.filter((n) => n.kind === 'kpi-reminder');
  assert.equal((await ours()).length, 0);
  assert.equal((await reminders()).length, 0);

  const args = ['--sweep-seconds', '1', '--sla-hours', '240'];
  const [s2, s3] = await Promise.all([start({ db: srv.db, extraArgs: args }), start({ db: srv.db, extraArgs: args })]);
  await until(async () => (await srv.get(link.replace('/support-requests', '/api/v1/support-requests'), op)).json.escalated_at,
    'the request escalated by a sweeper', { ms: 15000, every: 100 });
  await until(async () => (await reminders()).length > 0, 'the company reminded by a sweeper', { ms: 15000, every: 100 });
  await sweptAgain([s2, s3]);

  const told = await ours();
  assert.equal(told.length, 1, JSON.stringify(told)); // the first answer, once; not the resolution
  assert.match(told[0].subject, /첫 답변/);
  const { year, quarter } = dueQuarter();
  const sent = await reminders();
  assert.equal(sent.length, 1, JSON.stringify(sent));
  assert.equal(sent[0].subject, `${year}년 ${quarter}분기 KPI 보고서를 제출해 주세요 / Your ${year} Q${quarter} KPI report is due`);
  const late = await srv.get(`/api/v1/lifecycle/late-reports?quarter=${year}-Q${quarter}`, op);
  assert.equal(late.status, 200, late.text);
  assert.equal(late.json.items.find((x) => x.org_id === CO).reminded, true);

  // the sweepers counted it: one escalation of ours among theirs, no failure; sweep 0 swept never
  const [m2, m3, m1] = await Promise.all([s2, s3, srv].map(sweepMetrics));
  assert.ok(m2['items.escalate'] + m3['items.escalate'] >= 1);
  assert.ok(m2['items.remind'] + m3['items.remind'] >= 1);
  for (const m of [m2, m3])
    for (const task of ['noshow', 'escalate', 'remind']) assert.equal(m[`failures.${task}`], 0, task);
  assert.equal(m1.sweeps, 0);
  assert.equal(m1['runs.escalate'], 0);
});

test('a fresh demo gives the sweeper nothing to escalate or remind, and one request is due within a day', async () => {
  const srv = await start({ extraArgs: ['--sweep-seconds', '1'] });
  const op = await srv.login();
  await sweptAgain([srv]);
  const m = await sweepMetrics(srv);
  assert.equal(m['runs.escalate'], 0);
  assert.equal(m['runs.remind'], 0);
  assert.equal(m['failures.escalate'] + m['failures.remind'] + m['failures.noshow'], 0);
  const told = (await srv.all('notifications', '', op)).items.filter((n) => n.kind === 'sla-escalation' || n.kind === 'kpi-reminder');
  assert.deepEqual(told, []);
  // the SLA board has something real: an open request due within a day, more than the
  // escalation's four hours away
  const now = Date.now();
  const iso = (ms) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
  const soon = await srv.all('support-requests', `status=in-progress&resolution_due_from=${iso(now + 4 * 3600e3)}&resolution_due_to=${iso(now + 24 * 3600e3)}`, op);
  assert.equal(soon.items.length, 1, JSON.stringify(soon.items.map((x) => [x.id, x.resolution_due])));
  assert.equal(soon.items[0].escalated_at, null);
  // the demo's escalated requests: late, and escalated when the demo was loaded
  const escalated = await srv.all('support-requests', 'escalated_at_from=2000-01-01T00:00:00Z', op);
  assert.equal(escalated.items.length, 2);
  // the last quarter due: the demo's companies were reminded of it, the reports of six are in
  const { year, quarter } = dueQuarter();
  const late = await srv.get(`/api/v1/lifecycle/late-reports?quarter=${year}-Q${quarter}`, op);
  assert.equal(late.status, 200, late.text);
  const missing = late.json.items.filter((x) => !['submitted', 'accepted'].includes(x.status));
  assert.ok(missing.length > 0);
  assert.deepEqual(missing.filter((x) => !x.reminded), []);
});

test('a sweep task that fails is logged and counted, is tried again, and the others go on', async () => {
  const srv = await start();
  const op = await srv.login();
  const o = await srv.post('/api/v1/orgs', orgBody({ is_tenant: true, visibility: 'public' }), op);
  assert.equal(o.status, 201, o.text);
  srv.addUser({ email: 'sw-fail@bpmc.test', role: 'org-admin', org: o.json.id });
  const company = await srv.login('sw-fail@bpmc.test');
  const r = await srv.post('/api/v1/support-requests', { org_id: o.json.id, title: uniq('실패 시험'), category: 'consulting' }, company);
  assert.equal(r.status, 201, r.text);
  const request = `/api/v1/support-requests/${r.json.id}`;
  // the database refuses every escalation (a trigger of the test's own)
  dbSql(srv.db, ON_PG
    ? `CREATE FUNCTION sweep_test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'escalation refused by the test'; END $$;
       CREATE TRIGGER sweep_test_refuse BEFORE INSERT ON sla_escalations FOR EACH ROW EXECUTE FUNCTION sweep_test_refuse()`
    : "CREATE TRIGGER sweep_test_refuse BEFORE INSERT ON sla_escalations BEGIN SELECT RAISE(ABORT, 'escalation refused by the test'); END");
  const s2 = await start({ db: srv.db, extraArgs: ['--sweep-seconds', '1', '--sla-hours', '240'] });
  const reminded = async () => (await srv.all('notifications', '', company)).items.filter((n) => n.kind === 'kpi-reminder').length;
  await until(async () => (await sweepMetrics(s2))['failures.escalate'] >= 2 && (await reminded()) === 1,
    'two failed escalations and the reminder sent', { ms: 15000, every: 100 });
  assert.match(s2.stderr, /bpmc: sweeper: escalate failed \(escalation refused by the test\); tried again at the next sweep/);
  assert.equal((await srv.get(request, op)).json.escalated_at, null); // rolled back whole
  const m = await sweepMetrics(s2);
  assert.equal(m['failures.remind'], 0);
  assert.equal(m['failures.noshow'], 0);
  assert.ok(m['items.remind'] >= 1);
  assert.equal(m['items.escalate'], 0);
  // the refusal lifted: a later sweep escalates it
  dbSql(srv.db, ON_PG ? 'DROP TRIGGER sweep_test_refuse ON sla_escalations; DROP FUNCTION sweep_test_refuse()' : 'DROP TRIGGER sweep_test_refuse');
  await until(async () => (await srv.get(request, op)).json.escalated_at, 'the escalation once the database takes it', { ms: 15000, every: 100 });
  assert.ok((await sweepMetrics(s2))['items.escalate'] >= 1);
});
