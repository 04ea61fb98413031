// The tenant lifecycle (issue #14): stage events and the organisation's derived stage; support
// requests with SLA deadlines, triage, assignment to a partner, the rating at close and a
// notification at each step; milestones with the overdue filter; quarterly KPI reports with
// warnings against the previous quarter, private unless shared; support programs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startServer, assertProblem, assertInvalid, uniq, orgBody, BIN } from './helpers.mjs';

let srv, op, company, member, partner, outsider, trainee, anon;
let CO; // a fresh tenant company, so that no demo history is in the way
const PARTNER = 2, OUTSIDER = 103; // a hospital; another (synthetic) company

before(async () => {
  srv = await startServer();
  op = await srv.login();
  const o = await srv.post('/api/v1/orgs', orgBody({ is_tenant: true, visibility: 'public' }), op);
  assert.equal(o.status, 201, o.text);
  CO = o.json.id;
  srv.addUser({ email: 'lc-admin@bpmc.test', role: 'org-admin', org: CO });
  srv.addUser({ email: 'lc-member@bpmc.test', role: 'org-member', org: CO });
  srv.addUser({ email: 'lc-partner@bpmc.test', role: 'org-admin', org: PARTNER });
  srv.addUser({ email: 'lc-out@bpmc.test', role: 'org-admin', org: OUTSIDER });
  srv.addUser({ email: 'lc-trainee@bpmc.test', role: 'trainee', org: CO });
  company = await srv.login('lc-admin@bpmc.test');
  member = await srv.login('lc-member@bpmc.test');
  partner = await srv.login('lc-partner@bpmc.test');
  outsider = await srv.login('lc-out@bpmc.test');
  trainee = await srv.login('lc-trainee@bpmc.test');
  anon = undefined;
});
after(async () => { await srv?.stop(); });

const notes = async (s) => (await srv.get('/api/v1/notifications', s)).json.items;
const stageOf = async () => (await srv.get(`/api/v1/orgs/${CO}`, op)).json.stage;
const fresh = async (path, s) => srv.get(path, s);

test('stage events: operators record, the company proposes, orgs.stage follows the latest accepted one', async () => {
  const first = await srv.post('/api/v1/stage-events', { org_id: CO, stage: 'basic-research', entered_on: '2025-01-10', evidence: '기술이전 계약 체결' }, op);
  assert.equal(first.status, 201, first.text);
  assert.equal(first.json.status, 'accepted');
  assert.ok(Number.isInteger(first.json.recorded_by));
  assert.equal(await stageOf(), 'basic-research');
  const v1 = (await srv.get(`/api/v1/orgs/${CO}`, op)).json.version;

  // the company proposes; a proposal does not move the stage, nor may it accept itself
  const prop = await srv.post('/api/v1/stage-events', { org_id: CO, stage: 'rnd', entered_on: '2025-06-01', evidence: '시제품 설계 착수' }, member);
  assert.equal(prop.status, 201, prop.text);
  assert.equal(prop.json.status, 'proposed');
  assert.equal(await stageOf(), 'basic-research');
  assertInvalid(await srv.post('/api/v1/stage-events', { org_id: CO, stage: 'rnd', entered_on: '2025-06-01', evidence: 'x', status: 'accepted' }, member), ['status']);
  assertInvalid(await srv.patch(`/api/v1/stage-events/${prop.json.id}`, { status: 'accepted' }, member, prop.headers.get('etag')), ['status']);
  // only along the graph: no leap from basic research to commercialisation
  const leap = assertInvalid(await srv.post('/api/v1/stage-events', { org_id: CO, stage: 'commercialization', entered_on: '2025-07-01', evidence: 'x' }, member), ['stage']);
  assert.match(leap.errors[0].message_ko, /단계/);
  assert.match(leap.errors[0].message_en, /stage/);
  // another organisation's history is not the company's to write, nor to see
  assertInvalid(await srv.post('/api/v1/stage-events', { org_id: OUTSIDER, stage: 'rnd', entered_on: '2025-06-01', evidence: 'x' }, member), ['org_id']);
  assertProblem(await srv.get(`/api/v1/stage-events/${prop.json.id}`, outsider), 404);
  assert.equal((await srv.get(`/api/v1/stage-events?org_id=${CO}`, outsider)).json.total, 0);
  assertProblem(await srv.get('/api/v1/stage-events'), 401);

  // the operator accepts: the stage moves (an audited write on orgs) and the company is told
  const ok = await srv.patch(`/api/v1/stage-events/${prop.json.id}`, { status: 'accepted', review_note: '확인' }, op, prop.headers.get('etag'));
  assert.equal(ok.status, 200, ok.text);
  assert.equal(await stageOf(), 'rnd');
  assert.ok((await srv.get(`/api/v1/orgs/${CO}`, op)).json.version > v1);
  assert.ok((await notes(company)).some((n) => n.kind === 'stage-event' && n.link === `/stage-events/${prop.json.id}`));
  const audit = await srv.get(`/api/v1/audit?collection=orgs&row_id=${CO}`, op);
  if (audit.status === 200) assert.ok(audit.json.items.length >= 2, audit.text);

  // education may be skipped; a setback back to R&D is allowed and moves the stage back
  const clin = await srv.post('/api/v1/stage-events', { org_id: CO, stage: 'clinical', entered_on: '2026-01-05', evidence: 'IND 승인' }, op);
  assert.equal(clin.status, 201, clin.text);
  assert.equal(await stageOf(), 'clinical');
  const back = await srv.post('/api/v1/stage-events', { org_id: CO, stage: 'rnd', entered_on: '2026-05-05', evidence: '1상 중단, 후보물질 재설계' }, op);
  assert.equal(back.status, 201, back.text);
  assert.equal(await stageOf(), 'rnd');
  // the history, newest first
  const list = await srv.get(`/api/v1/stage-events?org_id=${CO}`, member);
  assert.deepEqual(list.json.items.map((x) => x.stage), ['rnd', 'clinical', 'rnd', 'basic-research']);
});

test('support requests: filed, triaged to a partner, worked, resolved, rated and reopened; others see nothing', async () => {
  const r = await srv.post('/api/v1/support-requests', { title: uniq('식약처 품목허가 상담'), category: 'regulatory', description: '체외진단 의료기기 3등급 허가 절차 문의', urgency: 'urgent' }, member);
  assert.equal(r.status, 201, r.text);
  const id = r.json.id;
  assert.equal(r.json.org_id, CO);
  assert.equal(r.json.status, 'new');
  assert.match(r.json.first_response_due, /^\d{4}-\d{2}-\d{2}T09:00:00Z$/); // 18:00 in Korea
  assert.match(r.json.resolution_due, /^\d{4}-\d{2}-\d{2}T09:00:00Z$/);
  assert.ok(r.json.resolution_due > r.json.first_response_due);
  assert.ok(Date.parse(r.json.first_response_due) > Date.now() - 1000);
  assert.ok((await notes(company)).some((n) => n.kind === 'support-request' && n.link === `/support-requests/${id}`));

  // the company may not triage, answer, assign or rate before the close
  let etag = r.headers.get('etag');
  assertInvalid(await srv.patch(`/api/v1/support-requests/${id}`, { status: 'triaged' }, member, etag), ['status']);
  assertInvalid(await srv.patch(`/api/v1/support-requests/${id}`, { response: '셀프 답변' }, member, etag), ['response']);
  assertInvalid(await srv.patch(`/api/v1/support-requests/${id}`, { assignee_org_id: PARTNER }, member, etag), ['assignee_org_id']);
  assertInvalid(await srv.patch(`/api/v1/support-requests/${id}`, { rating: 5 }, member, etag), ['rating']);
  assertInvalid(await srv.post('/api/v1/support-requests', { title: 'x', category: 'astrology' }, member), ['category']);
  assertInvalid(await srv.post('/api/v1/support-requests', { title: 'x', category: 'ip', org_id: OUTSIDER }, member), ['org_id']);
  assertProblem(await srv.post('/api/v1/support-requests', { title: 'x', category: 'ip' }, trainee), 403);
  // nobody else sees it: another company, the partner before assignment, anonymous callers
  assertProblem(await srv.get(`/api/v1/support-requests/${id}`, outsider), 404);
  assertProblem(await srv.get(`/api/v1/support-requests/${id}`, partner), 404);
  assert.ok(!(await srv.get('/api/v1/support-requests?limit=200', outsider)).json.items.some((x) => x.id === id));
  assertProblem(await srv.get(`/api/v1/support-requests/${id}`), 401);

  // the operators' queue: new requests by deadline
  const queue = await srv.get('/api/v1/support-requests?status=new&sort=first_response_due&limit=200', op);
  assert.ok(queue.json.items.some((x) => x.id === id));

  // triage and assignment: the first answer is stamped; the partner sees it and is told
  const t = await srv.patch(`/api/v1/support-requests/${id}`, { status: 'triaged', assignee_org_id: PARTNER, response: '임상 자문 협력기관에 배정했습니다' }, op, etag);
  assert.equal(t.status, 200, t.text);
  assert.match(t.json.first_response_at, /Z$/);
  assert.equal((await srv.get(`/api/v1/support-requests/${id}`, partner)).status, 200);
  assert.ok((await notes(partner)).some((n) => n.kind === 'support-assigned' && n.link === `/support-requests/${id}`));
  assert.ok((await notes(company)).some((n) => n.kind === 'support-request' && n.subject.includes('updated')));
  assertProblem(await srv.get(`/api/v1/support-requests/${id}`, outsider), 404);

  // the partner works and resolves it, but neither closes nor rates it
  etag = t.headers.get('etag');
  assertInvalid(await srv.patch(`/api/v1/support-requests/${id}`, { title: '바꾼 제목' }, partner, etag), ['title']);
  const w = await srv.patch(`/api/v1/support-requests/${id}`, { status: 'in-progress' }, partner, etag);
  assert.equal(w.status, 200, w.text);
  const res = await srv.patch(`/api/v1/support-requests/${id}`, { status: 'resolved', response: '허가 로드맵을 전달했습니다' }, partner, w.headers.get('etag'));
  assert.equal(res.status, 200, res.text);
  assert.match(res.json.resolved_at, /Z$/);
  etag = res.headers.get('etag');
  assertInvalid(await srv.patch(`/api/v1/support-requests/${id}`, { status: 'closed' }, partner, etag), ['status']);
  assertInvalid(await srv.patch(`/api/v1/support-requests/${id}`, { rating: 4 }, op, etag), ['rating']);
  assertInvalid(await srv.patch(`/api/v1/support-requests/${id}`, { status: 'closed', rating: 6 }, member, etag), ['rating']);
  assertProblem(await srv.del(`/api/v1/support-requests/${id}`, partner, { headers: { 'if-match': etag } }), 403);

  // the company closes it with its rating, then reopens it: the rating goes, the clock runs on
  const c = await srv.patch(`/api/v1/support-requests/${id}`, { status: 'closed', rating: 5 }, member, etag);
  assert.equal(c.status, 200, c.text);
  assert.equal(c.json.rating, 5);
  assert.match(c.json.closed_at, /Z$/);
  const again = await srv.patch(`/api/v1/support-requests/${id}`, { status: 'in-progress' }, company, c.headers.get('etag'));
  assert.equal(again.status, 200, again.text);
  assert.equal(again.json.rating, null);
  assert.equal(again.json.closed_at, null);
  assert.ok((await notes(partner)).some((n) => n.kind === 'support-reopened'));

  // overdue: a range on the deadline with the open statuses
  const late = await srv.get(`/api/v1/support-requests?status=in-progress&resolution_due_to=2100-01-01`, op);
  assert.ok(late.json.items.some((x) => x.id === id));
  const none = await srv.get(`/api/v1/support-requests?status=in-progress&resolution_due_to=2020-01-01`, op);
  assert.ok(!none.json.items.some((x) => x.id === id));
});

test('support requests: urgency and category set the deadlines', async () => {
  const a = await srv.post('/api/v1/support-requests', { title: uniq('공간'), category: 'facilities', urgency: 'low' }, member);
  const b = await srv.post('/api/v1/support-requests', { title: uniq('임상'), category: 'clinical-design' }, member);
  assert.equal(a.status, 201, a.text);
  assert.equal(b.json.urgency, 'normal');
  assert.ok(a.json.resolution_due < b.json.resolution_due, `${a.json.resolution_due} < ${b.json.resolution_due}`);
  // an operator raises the urgency: the deadlines are computed again from the filing time
  const u = await srv.patch(`/api/v1/support-requests/${b.json.id}`, { urgency: 'urgent' }, op, b.headers.get('etag'));
  assert.equal(u.status, 200, u.text);
  assert.ok(u.json.resolution_due < b.json.resolution_due);
  assert.ok(u.json.first_response_due <= b.json.first_response_due);
});

test('support requests: the SLA clock skips the public holidays of the holidays table, and weekends', async () => {
  // a request filed now: its first answer is due on a working day D1
  const r = await srv.post('/api/v1/support-requests', { title: uniq('휴일 계산'), category: 'consulting' }, member);
  assert.equal(r.status, 201, r.text);
  const d1 = r.json.first_response_due, r1 = r.json.resolution_due;
  const dayOf = (iso) => new Date(Date.parse(iso) + 9 * 3600e3).toISOString().slice(0, 10); // in Korea
  // operators make D1 a public holiday (the platform's one list, also the facilities' calendar)
  const h = await srv.post('/api/v1/holidays', { date: dayOf(d1), name_ko: '임시공휴일', name_en: 'Temporary holiday' }, op);
  assert.equal(h.status, 201, h.text);
  // a change of category computes the deadlines again from the filing time: each moves to the
  // next working day, past D1 and any weekend or holiday of the table after it
  const holidays = new Set((await srv.all('holidays', '', op)).items.map((x) => x.date));
  const nextWorking = (iso) => {
    let t = Date.parse(iso);
    for (;;) {
      t += 86400e3;
      const d = new Date(t + 9 * 3600e3);
      if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6 && !holidays.has(d.toISOString().slice(0, 10))) return new Date(t).toISOString().replace(/\.\d+Z$/, 'Z');
    }
  };
  const u = await srv.patch(`/api/v1/support-requests/${r.json.id}`, { category: 'marketing' }, op, r.headers.get('etag'));
  assert.equal(u.status, 200, u.text);
  assert.equal(u.json.first_response_due, nextWorking(d1));
  assert.equal(u.json.resolution_due, nextWorking(r1));
  assert.equal((await srv.del(`/api/v1/holidays/${h.json.id}`, op, { headers: { 'if-match': h.headers.get('etag') } })).status, 204);
});

test('milestones: planned vs achieved; overdue is a range on planned_on with the status', async () => {
  const m = await srv.post('/api/v1/milestones', { org_id: CO, kind: 'ind-filing', title: uniq('IND 신청'), planned_on: '2025-03-31' }, member);
  assert.equal(m.status, 201, m.text);
  assert.equal(m.json.status, 'planned');
  const today = new Date(Date.now() + 9 * 3600e3).toISOString().slice(0, 10);
  const overdue = await srv.get(`/api/v1/milestones?status=planned&planned_on_to=${today}`, member);
  assert.ok(overdue.json.items.some((x) => x.id === m.json.id));
  assertProblem(await srv.get(`/api/v1/milestones/${m.json.id}`, outsider), 404);
  assertInvalid(await srv.patch(`/api/v1/milestones/${m.json.id}`, { status: 'missed', achieved_on: '2025-04-01' }, member, m.headers.get('etag')), ['achieved_on']);
  const a = await srv.patch(`/api/v1/milestones/${m.json.id}`, { status: 'achieved' }, member, m.headers.get('etag'));
  assert.equal(a.status, 200, a.text);
  assert.equal(a.json.achieved_on, today);
  assert.ok(!(await srv.get(`/api/v1/milestones?status=planned&planned_on_to=${today}`, member)).json.items.some((x) => x.id === m.json.id));
  const b = await srv.post('/api/v1/milestones', { org_id: CO, kind: 'series-a', title: uniq('시리즈 A'), planned_on: '2027-06-30', achieved_on: '2026-11-30' }, member);
  assert.equal(b.status, 201, b.text);
  assert.equal(b.json.status, 'achieved');
  assertInvalid(await srv.post('/api/v1/milestones', { org_id: CO, kind: 'unicorn', title: 'x', planned_on: '2027-01-01' }, member), ['kind']);
});

test('KPI reports: warnings against the previous quarter, submit and review, private unless shared', async () => {
  const q1 = await srv.post('/api/v1/kpi-reports', { org_id: CO, year: 2026, quarter: 1, revenue: 120000000, employees: 8, patents: 3 }, member);
  assert.equal(q1.status, 201, q1.text);
  assert.equal(q1.json.period, '2026-Q1');
  assert.equal(q1.json.visibility, 'private');
  assert.deepEqual(q1.json.warnings, []);
  // a tenfold jump is refused, naming the figure, until the company confirms it
  const jump = { org_id: CO, year: 2026, quarter: 2, revenue: 130000000, employees: 85, patents: 2 };
  const refused = assertInvalid(await srv.post('/api/v1/kpi-reports', jump, member), ['employees']);
  assert.match(refused.errors[0].message_ko, /confirm_outliers/);
  assert.match(refused.errors[0].message_en, /\(8\)/);
  assert.equal((await srv.get(`/api/v1/kpi-reports?org_id=${CO}&year=2026&quarter=2`, member)).json.items.length, 0);
  const q2 = await srv.post('/api/v1/kpi-reports', { ...jump, confirm_outliers: true }, member);
  assert.equal(q2.status, 201, q2.text);
  assert.equal(q2.json.confirm_outliers, true);
  assert.equal(q2.json.due_on, '2026-07-20');
  assert.equal(q2.json.is_late, false);
  assert.equal(q2.json.warnings.length, 2, JSON.stringify(q2.json.warnings));
  assert.ok(q2.json.warnings.some((w) => w.startsWith('employees:')));
  assert.ok(q2.json.warnings.some((w) => w.startsWith('patents:')));
  // the fix clears the warning
  const fixed = await srv.patch(`/api/v1/kpi-reports/${q2.json.id}`, { employees: 9 }, member, q2.headers.get('etag'));
  assert.equal(fixed.status, 200, fixed.text);
  assert.ok(!fixed.json.warnings.some((w) => w.startsWith('employees:')));
  assertProblem(await srv.post('/api/v1/kpi-reports', { org_id: CO, year: 2026, quarter: 2 }, member), 409);
  assertInvalid(await srv.post('/api/v1/kpi-reports', { org_id: CO, year: 2026, quarter: 5 }, member), ['quarter']);
  assertInvalid(await srv.post('/api/v1/kpi-reports', { org_id: CO, year: 2026, quarter: 3, revenue: -1 }, member), ['revenue']);

  // private: the outsider, the partner and anonymous callers do not see it
  for (const s of [outsider, partner]) assertProblem(await srv.get(`/api/v1/kpi-reports/${q1.json.id}`, s), 404);
  assertProblem(await srv.get(`/api/v1/kpi-reports/${q1.json.id}`), 401);
  assert.equal((await srv.get(`/api/v1/kpi-reports/${q1.json.id}`, op)).status, 200);
  // shared with an investor-like outsider: it sees the one report, not the other
  const g = await srv.post('/api/v1/shares', { collection: 'kpi-reports', row_id: q1.json.id, org_id: OUTSIDER }, company);
  assert.equal(g.status, 201, g.text);
  assert.equal((await srv.get(`/api/v1/kpi-reports/${q1.json.id}`, outsider)).status, 200);
  assertProblem(await srv.get(`/api/v1/kpi-reports/${q2.json.id}`, outsider), 404);

  // submit, then the center reviews; the company may not accept, nor change submitted figures
  const s = await srv.patch(`/api/v1/kpi-reports/${q2.json.id}`, { status: 'submitted' }, member, fixed.headers.get('etag'));
  assert.equal(s.status, 200, s.text);
  assert.match(s.json.submitted_at, /Z$/);
  assert.equal(s.json.is_late, true); // 2026-Q2 was due on 2026-07-20
  assert.deepEqual((await srv.get(`/api/v1/kpi-reports?org_id=${CO}&is_late=true`, member)).json.items.map((x) => x.id), [q2.json.id]);
  assertInvalid(await srv.patch(`/api/v1/kpi-reports/${q2.json.id}`, { status: 'accepted' }, member, s.headers.get('etag')), ['status']);
  assertInvalid(await srv.patch(`/api/v1/kpi-reports/${q2.json.id}`, { revenue: 1 }, member, s.headers.get('etag')), ['status']);
  const acc = await srv.patch(`/api/v1/kpi-reports/${q2.json.id}`, { status: 'accepted' }, op, s.headers.get('etag'));
  assert.equal(acc.status, 200, acc.text);
  assert.ok((await notes(company)).some((n) => n.kind === 'kpi-report'));
});

test('programs: the center publishes them; eligibility by stage; anyone reads them', async () => {
  const p = await srv.post('/api/v1/programs', { title: uniq('해외 인허가 컨설팅'), category: 'regulatory', eligible_stages: ['clinical', 'marketing'], capacity: 10, opens_on: '2026-12-01', closes_on: '2027-01-31' }, op);
  assert.equal(p.status, 201, p.text);
  assert.equal(p.json.status, 'draft');
  assertInvalid(await srv.post('/api/v1/programs', { title: 'x', category: 'ip', eligible_stages: ['moon'] }, op), ['eligible_stages']);
  assertInvalid(await srv.post('/api/v1/programs', { title: 'x', category: 'ip', opens_on: '2027-02-01', closes_on: '2027-01-01' }, op), ['closes_on']);
  assertProblem(await srv.post('/api/v1/programs', { title: 'x', category: 'ip' }, company), 403);
  const list = await srv.get('/api/v1/programs?eligible_stages=clinical&limit=200');
  assert.equal(list.status, 200, list.text);
  assert.ok(list.json.items.some((x) => x.id === p.json.id));
});

test('KPI reminders: a company without the quarter’s report is reminded once, even by two senders at once', async () => {
  const run = (...args) => promisify(execFile)(BIN, ['kpi-remind', '--db', srv.db, ...args]);
  // 2026-Q2 was accepted above; 2026-Q3 is missing
  const [a, b] = await Promise.all([run('--quarter', '2026-Q3'), run('--quarter', '2026-Q3')]);
  const counts = [a.stdout, b.stdout].map((o) => Number(/(\d+) companies reminded/.exec(o)[1]));
  assert.ok(counts.includes(0), `one of the two senders found no one left: ${a.stdout} ${b.stdout}`);
  const reminders = (await notes(company)).filter((n) => n.kind === 'kpi-reminder');
  assert.equal(reminders.length, 1, JSON.stringify(reminders));
  assert.match(reminders[0].subject, /2026년 3분기/);
  // again later: no one twice; a submitted quarter is not reminded
  assert.match((await run('--quarter', '2026-Q3')).stdout, / 0 companies reminded/);
  await run('--quarter', '2026-Q2');
  assert.equal((await notes(company)).filter((n) => n.kind === 'kpi-reminder').length, 1);
  // the last quarter due from a day; a bad quarter is a usage error
  assert.match((await run('--today', '2027-01-19')).stdout, /^kpi-remind: 2026-Q3:/);
  await assert.rejects(run('--quarter', '2026-Q5'), (e) => e.code === 2 && /YYYY-QN/.test(e.stderr));
});
