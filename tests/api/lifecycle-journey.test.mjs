// The tenant lifecycle, second part (issue #14): stage definitions and the graph they enforce,
// the stage after a deleted event, program applications with capacity, SLA escalation once with
// two senders at once, attachments of one's own files, late KPI reports and each program's
// companies' KPIs before and after.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startServer, assertProblem, assertInvalid, uniq, orgBody, BIN } from './helpers.mjs';

let srv, op, a, b, outsider;
let A, B; // two fresh tenant companies
const OUTSIDER = 103;

const today = () => new Date(Date.now() + 9 * 3600e3).toISOString().slice(0, 10);
const day = (delta) => new Date(Date.now() + 9 * 3600e3 + delta * 86400e3).toISOString().slice(0, 10);

before(async () => {
  srv = await startServer();
  op = await srv.login();
  for (const [i, stage] of [[0, 'rnd'], [1, 'marketing']]) {
    const o = await srv.post('/api/v1/orgs', orgBody({ is_tenant: true, visibility: 'public', stage }), op);
    assert.equal(o.status, 201, o.text);
    if (i === 0) A = o.json.id; else B = o.json.id;
  }
  srv.addUser({ email: 'lj-a@bpmc.test', role: 'org-admin', org: A });
  srv.addUser({ email: 'lj-b@bpmc.test', role: 'org-admin', org: B });
  srv.addUser({ email: 'lj-out@bpmc.test', role: 'org-admin', org: OUTSIDER });
  a = await srv.login('lj-a@bpmc.test');
  b = await srv.login('lj-b@bpmc.test');
  outsider = await srv.login('lj-out@bpmc.test');
});
after(async () => { await srv?.stop(); });

/** A program open today for applications (programs start as drafts). */
async function openProgram(body) {
  const p = await srv.post('/api/v1/programs', body, op);
  assert.equal(p.status, 201, p.text);
  const o = await srv.patch(`/api/v1/programs/${p.json.id}`, { status: 'open' }, op, p.headers.get('etag'));
  assert.equal(o.status, 200, o.text);
  return o;
}

const notes = async (s) => (await srv.get('/api/v1/notifications?limit=200', s)).json.items;
const stageOf = async (id) => (await srv.get(`/api/v1/orgs/${id}`, op)).json.stage;

test('stage definitions: anyone reads them, operators edit them, and the graph they draw is enforced', async () => {
  const list = await srv.get('/api/v1/stage-definitions?valid_from_to=2000-01-01');
  assert.equal(list.status, 200, list.text);
  assert.deepEqual(list.json.items.map((d) => d.stage), ['basic-research', 'rnd', 'education', 'clinical', 'marketing', 'commercialization']);
  const rnd = list.json.items[1];
  assert.deepEqual(rnd.next_stages, ['basic-research', 'education', 'clinical']);
  assert.equal(rnd.name_ko, '연구개발');
  const etag = (await srv.get(`/api/v1/stage-definitions/${rnd.id}`, op)).headers.get('etag');
  assertProblem(await srv.patch(`/api/v1/stage-definitions/${rnd.id}`, { next_stages: ['clinical'] }, a, etag), 403);
  assertInvalid(await srv.patch(`/api/v1/stage-definitions/${rnd.id}`, { next_stages: ['moon'] }, op, etag), ['next_stages']);
  assertProblem(await srv.post('/api/v1/stage-definitions', { stage: 'rnd', valid_from: '2000-01-01', position: 9, name_ko: 'x', name_en: 'x' }, op), 409);

  await srv.post('/api/v1/stage-events', { org_id: A, stage: 'rnd', entered_on: '2025-01-10', evidence: '과제 선정' }, op);
  // education is allowed after R&D today; the operators take it out of the graph
  const ed = await srv.post('/api/v1/stage-events', { org_id: A, stage: 'education', entered_on: '2025-05-01', evidence: '교육과정' }, a);
  assert.equal(ed.status, 201, ed.text);
  const cur = await srv.get(`/api/v1/stage-definitions/${rnd.id}`, op);
  const ch = await srv.patch(`/api/v1/stage-definitions/${rnd.id}`, { next_stages: ['basic-research', 'clinical'], entry_criteria: '정부 R&D 과제 선정' }, op, cur.headers.get('etag'));
  assert.equal(ch.status, 200, ch.text);
  const refused = assertInvalid(await srv.post('/api/v1/stage-events', { org_id: A, stage: 'education', entered_on: '2025-06-01', evidence: '교육과정' }, a), ['stage']);
  assert.match(refused.errors[0].message_en, /stage definition/);
  // accepting the proposal made under the old graph is refused too: the graph decides when it stands
  const e1 = await srv.get(`/api/v1/stage-events/${ed.json.id}`, op);
  assertInvalid(await srv.patch(`/api/v1/stage-events/${ed.json.id}`, { status: 'accepted' }, op, e1.headers.get('etag')), ['stage']);
  // a leap the graph never allowed; the same stage again is always allowed
  assertInvalid(await srv.post('/api/v1/stage-events', { org_id: A, stage: 'commercialization', entered_on: '2025-06-01', evidence: 'x' }, op), ['stage']);
  assert.equal((await srv.post('/api/v1/stage-events', { org_id: A, stage: 'rnd', entered_on: '2025-06-01', evidence: '새 증빙' }, op)).status, 201);
  // a definition in force from a later day rules the events from that day on only
  const later = await srv.post('/api/v1/stage-definitions', { stage: 'rnd', valid_from: '2025-09-01', position: 2, name_ko: '연구개발', name_en: 'R&D', next_stages: ['basic-research', 'education', 'clinical'] }, op);
  assert.equal(later.status, 201, later.text);
  assertInvalid(await srv.post('/api/v1/stage-events', { org_id: A, stage: 'education', entered_on: '2025-08-31', evidence: '교육과정' }, op), ['stage']);
  const okLater = await srv.post('/api/v1/stage-events', { org_id: A, stage: 'education', entered_on: '2025-09-02', evidence: '교육과정' }, op);
  assert.equal(okLater.status, 201, okLater.text);
  assert.equal((await srv.del(`/api/v1/stage-events/${okLater.json.id}`, op)).status, 204);
  assert.equal((await srv.del(`/api/v1/stage-definitions/${later.json.id}`, op)).status, 204);
  // restore
  const again = await srv.get(`/api/v1/stage-definitions/${rnd.id}`, op);
  assert.equal((await srv.patch(`/api/v1/stage-definitions/${rnd.id}`, { next_stages: ['basic-research', 'education', 'clinical'] }, op, again.headers.get('etag'))).status, 200);
});

test('the current stage follows the history: deleting or correcting an event moves it back', async () => {
  const co = (await srv.post('/api/v1/orgs', orgBody({ is_tenant: true }), op)).json.id;
  const e1 = await srv.post('/api/v1/stage-events', { org_id: co, stage: 'rnd', entered_on: '2025-01-10', evidence: '과제' }, op);
  const e2 = await srv.post('/api/v1/stage-events', { org_id: co, stage: 'clinical', entered_on: '2025-09-01', evidence: 'IND 승인' }, op);
  assert.equal(e2.status, 201, e2.text);
  assert.equal(await stageOf(co), 'clinical');
  const del = await srv.del(`/api/v1/stage-events/${e2.json.id}`, op);
  assert.equal(del.status, 204, del.text);
  assert.equal(await stageOf(co), 'rnd');
  // a correction of the date that makes another event the latest moves the stage too
  const e3 = await srv.post('/api/v1/stage-events', { org_id: co, stage: 'basic-research', entered_on: '2025-03-01', evidence: '재설계' }, op);
  assert.equal(e3.status, 201, e3.text);
  assert.equal(await stageOf(co), 'basic-research');
  const fix = await srv.patch(`/api/v1/stage-events/${e3.json.id}`, { entered_on: '2024-12-01' }, op, e3.headers.get('etag'));
  assert.equal(fix.status, 200, fix.text);
  assert.equal(await stageOf(co), 'rnd');
  // the audit log has the platform's write of the stage
  const audit = await srv.get(`/api/v1/audit?collection=orgs&row_id=${co}&limit=50`, op);
  assert.equal(audit.status, 200, audit.text);
  assert.ok(audit.json.items.length >= 4, audit.text);
  void e1;
});

test('program applications: eligibility, window, once per company, decisions with reasons, capacity never exceeded', async () => {
  const p = await openProgram({ title: uniq('임상 설계 캠프'), category: 'clinical-design', eligible_stages: ['rnd', 'clinical'], capacity: 1, opens_on: day(-1), closes_on: day(10) });
  const closed = await openProgram({ title: uniq('지난 프로그램'), category: 'ip', opens_on: day(-30), closes_on: day(-2) });

  const before = (await notes(op)).filter((n) => n.kind === 'program-application').length;
  const ap = await srv.post('/api/v1/program-applications', { program_id: p.json.id, org_id: A, motivation: '1상 설계 자문이 필요합니다' }, a);
  assert.equal(ap.status, 201, ap.text);
  assert.equal(ap.json.status, 'submitted');
  assert.equal((await notes(op)).filter((n) => n.kind === 'program-application').length, before + 1);
  assertProblem(await srv.post('/api/v1/program-applications', { program_id: p.json.id, org_id: A, motivation: '다시' }, a), 409);
  // B is in marketing: not eligible; a closed window refuses everyone
  assertInvalid(await srv.post('/api/v1/program-applications', { program_id: p.json.id, org_id: B, motivation: 'x' }, b), ['program_id']);
  assertInvalid(await srv.post('/api/v1/program-applications', { program_id: closed.json.id, org_id: A, motivation: 'x' }, a), ['program_id']);
  assertInvalid(await srv.post('/api/v1/program-applications', { program_id: p.json.id, org_id: A, motivation: 'x', decision_note: 'x' }, a), ['decision_note']);
  // private: another company does not see it; anonymous callers are asked to log in
  assertProblem(await srv.get(`/api/v1/program-applications/${ap.json.id}`, outsider), 404);
  assertProblem(await srv.get(`/api/v1/program-applications/${ap.json.id}`), 401);
  assert.equal((await srv.get('/api/v1/program-applications?limit=200', outsider)).json.items.some((x) => x.id === ap.json.id), false);

  // the operator applies for B anyway (eligibility is the company's rule, not the center's)
  const apB = await srv.post('/api/v1/program-applications', { program_id: p.json.id, org_id: B, motivation: '운영기관 추천' }, op);
  assert.equal(apB.status, 201, apB.text);

  // the company may not select itself; a decision needs a reason
  assertInvalid(await srv.patch(`/api/v1/program-applications/${ap.json.id}`, { status: 'selected' }, a, ap.headers.get('etag')), ['status']);
  assertInvalid(await srv.patch(`/api/v1/program-applications/${ap.json.id}`, { status: 'selected' }, op, ap.headers.get('etag')), ['decision_note']);
  const sel = await srv.patch(`/api/v1/program-applications/${ap.json.id}`, { status: 'selected', decision_note: '임상 계획이 구체적임' }, op, ap.headers.get('etag'));
  assert.equal(sel.status, 200, sel.text);
  assert.match(sel.json.decided_at, /Z$/);
  assert.ok((await notes(a)).some((n) => n.kind === 'program-application' && n.link === `/program-applications/${ap.json.id}`));
  // the one seat is taken: the second selection is refused, naming status, and nothing changed
  const full = assertInvalid(await srv.patch(`/api/v1/program-applications/${apB.json.id}`, { status: 'selected', decision_note: '추가 선정' }, op, apB.headers.get('etag')), ['status']);
  assert.match(full.errors[0].message_en, /capacity/);
  assert.equal((await srv.get(`/api/v1/program-applications/${apB.json.id}`, op)).json.status, 'submitted');
  const dec = await srv.patch(`/api/v1/program-applications/${apB.json.id}`, { status: 'declined', decision_note: '단계 미충족' }, op, apB.headers.get('etag'));
  assert.equal(dec.status, 200, dec.text);
  // a decided application is not deleted by the company
  assertInvalid(await srv.del(`/api/v1/program-applications/${ap.json.id}`, a), ['status']);
  // A withdraws: the seat frees, B may be selected after all
  const w = await srv.patch(`/api/v1/program-applications/${ap.json.id}`, { status: 'withdrawn' }, a, sel.headers.get('etag'));
  assert.equal(w.status, 200, w.text);
  const selB = await srv.patch(`/api/v1/program-applications/${apB.json.id}`, { status: 'selected', decision_note: '결원 충원' }, op, dec.headers.get('etag'));
  assert.equal(selB.status, 200, selB.text);
  assert.equal((await srv.get(`/api/v1/program-applications?program_id=${p.json.id}&status=selected`, op)).json.items.length, 1);
});

test('capacity holds when many selections arrive at once', async () => {
  const p = await openProgram({ title: uniq('IR 캠프'), category: 'funding', capacity: 2, opens_on: day(-1), closes_on: day(5) });
  const apps = [];
  for (let i = 0; i < 6; i++) {
    const co = (await srv.post('/api/v1/orgs', orgBody({ is_tenant: true, stage: 'rnd' }), op)).json.id;
    const r = await srv.post('/api/v1/program-applications', { program_id: p.json.id, org_id: co, motivation: 'IR 준비' }, op);
    assert.equal(r.status, 201, r.text);
    apps.push(r);
  }
  const answers = await Promise.all(apps.map((r) => srv.patch(`/api/v1/program-applications/${r.json.id}`, { status: 'selected', decision_note: '선정' }, op, r.headers.get('etag'))));
  assert.deepEqual(answers.map((r) => r.status).sort(), [200, 200, 422, 422, 422, 422]);
  assert.equal((await srv.get(`/api/v1/program-applications?program_id=${p.json.id}&status=selected`, op)).json.items.length, 2);
});

test('support programs: each selected company\'s KPIs before and after, for operators', async () => {
  const p = await openProgram({ title: uniq('수출 바우처'), category: 'export', capacity: 5, opens_on: day(-1), closes_on: day(5) });
  const co = (await srv.post('/api/v1/orgs', orgBody({ is_tenant: true, stage: 'marketing' }), op)).json.id;
  const ap = await srv.post('/api/v1/program-applications', { program_id: p.json.id, org_id: co, motivation: '수출' }, op);
  const sel = await srv.patch(`/api/v1/program-applications/${ap.json.id}`, { status: 'selected', decision_note: '선정' }, op, ap.headers.get('etag'));
  assert.equal(sel.status, 200, sel.text);
  const y = Number(today().slice(0, 4)), q = Math.floor((Number(today().slice(5, 7)) - 1) / 3) + 1;
  const prev = q === 1 ? [y - 1, 4] : [y, q - 1], next = q === 4 ? [y + 1, 1] : [y, q + 1];
  for (const [[yy, qq], revenue] of [[prev, 100000000], [[y, q], 120000000], [next, 300000000]]) {
    const r = await srv.post('/api/v1/kpi-reports', { org_id: co, year: yy, quarter: qq, revenue, employees: 10 }, op);
    assert.equal(r.status, 201, r.text);
    const s = await srv.patch(`/api/v1/kpi-reports/${r.json.id}`, { status: 'submitted' }, op, r.headers.get('etag'));
    assert.equal(s.status, 200, s.text);
  }
  const out = await srv.get(`/api/v1/programs/${p.json.id}/outcomes`, op);
  assert.equal(out.status, 200, out.text);
  assert.equal(out.json.items.length, 1);
  const [it] = out.json.items;
  assert.equal(it.org_id, co);
  assert.equal(it.before.period, `${prev[0]}-Q${prev[1]}`);
  assert.equal(it.before.revenue, 100000000);
  assert.equal(it.after.period, `${next[0]}-Q${next[1]}`);
  assert.equal(it.after.revenue, 300000000);
  assertProblem(await srv.get(`/api/v1/programs/${p.json.id}/outcomes`, a), 403);
  assertProblem(await srv.get(`/api/v1/programs/${p.json.id}/outcomes`), 401);
  assertProblem(await srv.get('/api/v1/programs/99999999/outcomes', op), 404);
});

test('SLA escalation: the assignee and operators are told once per deadline, even by two senders at once', async () => {
  srv.addUser({ email: 'lj-staff@bpmc.test', role: 'operator-staff' });
  srv.addUser({ email: 'lj-partner@bpmc.test', role: 'org-admin', org: 2 });
  const staff = await srv.login('lj-staff@bpmc.test');
  const partner = await srv.login('lj-partner@bpmc.test');
  const r = await srv.post('/api/v1/support-requests', { org_id: A, title: uniq('긴급 시설 요청'), category: 'facilities', urgency: 'urgent' }, a);
  assert.equal(r.status, 201, r.text);
  const asg = await srv.patch(`/api/v1/support-requests/${r.json.id}`, { assignee_id: staff.user.id, assignee_org_id: 2 }, op, r.headers.get('etag'));
  assert.equal(asg.status, 200, asg.text);
  const run = (...args) => promisify(execFile)(BIN, ['sla-escalate', '--db', srv.db, ...args]);
  // long before the deadlines: nothing of ours
  await run('--now', '2020-01-01T00:00:00Z');
  const link = `/support-requests/${r.json.id}`;
  const ours = async (s) => (await notes(s)).filter((n) => n.kind === 'sla-escalation' && n.link === link);
  assert.equal((await ours(partner)).length, 0);
  // after both deadlines, two senders at once
  const far = '2099-01-01T00:00:00Z';
  const [x, y] = await Promise.all([run('--now', far), run('--now', far)]);
  const counts = [x.stdout, y.stdout].map((o) => Number(/(\d+) deadlines escalated/.exec(o)[1]));
  assert.ok(counts.includes(0), `one sender found nothing left: ${x.stdout} ${y.stdout}`);
  assert.equal((await ours(partner)).length, 2); // the first answer and the resolution
  assert.equal((await ours(staff)).length, 2);
  assert.equal((await ours(op)).length, 2);
  assert.equal((await ours(a)).length, 0); // the company is not the one to act
  assert.match((await srv.get(`/api/v1/support-requests/${r.json.id}`, op)).json.escalated_at, /Z$/);
  assert.match((await run('--now', far)).stdout, /^sla-escalate: 0 deadlines escalated/);
  assert.equal((await ours(partner)).length, 2);
  // escalated requests are a list filter
  const list = await srv.get('/api/v1/support-requests?escalated_at_from=2000-01-01T00:00:00Z&limit=200', op);
  assert.ok(list.json.items.some((x) => x.id === r.json.id));
  await assert.rejects(run('--hours', '0'), (e) => e.code === 2 && /--hours/.test(e.stderr));
});

test('attachments: a company attaches files of its own organisation', async () => {
  const up = (s) => srv.req('/api/v1/files?name=evidence.pdf&visibility=private', { method: 'POST', body: Buffer.from('%PDF-1.4 x'), headers: { 'content-type': 'application/pdf' }, session: s });
  const mine = await up(a), theirs = await up(outsider);
  assert.equal(mine.status, 201, mine.text);
  assert.equal(theirs.status, 201, theirs.text);
  const ok = await srv.post('/api/v1/support-requests', { org_id: A, title: uniq('첨부'), category: 'ip', attachment_id: mine.json.id }, a);
  assert.equal(ok.status, 201, ok.text);
  assertInvalid(await srv.post('/api/v1/support-requests', { org_id: A, title: uniq('첨부'), category: 'ip', attachment_id: theirs.json.id }, a), ['attachment_id']);
  assertInvalid(await srv.patch(`/api/v1/support-requests/${ok.json.id}`, { attachment_id: theirs.json.id }, a, ok.headers.get('etag')), ['attachment_id']);
});

test('late KPI reports: the quarter\'s missing, unsubmitted and late ones, for operators', async () => {
  const draft = await srv.post('/api/v1/kpi-reports', { org_id: B, year: 2025, quarter: 3, revenue: 5000000 }, b);
  assert.equal(draft.status, 201, draft.text);
  const late = await srv.patch(`/api/v1/kpi-reports/${draft.json.id}`, { status: 'submitted' }, b, draft.headers.get('etag'));
  assert.equal(late.status, 200, late.text);
  assert.equal(late.json.is_late, true);
  assert.equal(late.json.due_on, '2025-10-20');
  const r = await srv.get('/api/v1/lifecycle/late-reports?quarter=2025-Q3', op);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.quarter, '2025-Q3');
  assert.equal(r.json.due_on, '2025-10-20');
  assert.equal(r.json.overdue, true);
  const byOrg = new Map(r.json.items.map((x) => [x.org_id, x]));
  assert.deepEqual({ ...byOrg.get(B), org_name: undefined }, { org_id: B, org_name: undefined, report_id: late.json.id, status: 'submitted', submitted_at: late.json.submitted_at, is_late: true, reminded: false });
  assert.equal(byOrg.get(A).report_id, null);
  assert.equal(byOrg.get(A).is_late, true);
  // reminded companies say so
  await promisify(execFile)(BIN, ['kpi-remind', '--db', srv.db, '--quarter', '2025-Q3']);
  assert.equal((await srv.get('/api/v1/lifecycle/late-reports?quarter=2025-Q3', op)).json.items.find((x) => x.org_id === A).reminded, true);
  assertProblem(await srv.get('/api/v1/lifecycle/late-reports', a), 403);
  assertProblem(await srv.get('/api/v1/lifecycle/late-reports?quarter=2025-Q5', op), 400);
  const dflt = await srv.get('/api/v1/lifecycle/late-reports', op);
  assert.equal(dflt.status, 200, dflt.text);
  assert.match(dflt.json.quarter, /^\d{4}-Q[1-4]$/);
});
