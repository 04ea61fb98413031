// The training module (docs/training.md), for every role: demand surveys and their private
// answers with the operators' summary by field and level; the curriculum (courses, cohorts) that
// anyone reads; enrollments that are the trainee's, their organisation's and the operators',
// approved within capacity (two approvals at once cannot both take the last seat), with
// attendance that completes them and the completion certificate as PDF; PBL projects private to
// the company, the university team and operators.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertProblem, assertInvalid, uniq } from './helpers.mjs';

let srv;
const s = {}; // role -> session
const org = {}; // A (company), B (company), U (university), V (investor)
const users = {}; // role -> user id
const PW = 'Password-2026';
const today = () => new Date(Date.now() + 9 * 3600e3).toISOString().slice(0, 10);
const days = (n) => new Date(Date.now() + 9 * 3600e3 + n * 86400e3).toISOString().slice(0, 10);

before(async () => {
  srv = await startServer({ demo: false });
  s['operator-admin'] = await srv.login();
  const mk = async (name, kind) => {
    const r = await srv.post('/api/v1/orgs', { name: `${name} ${uniq('o')}`, kind, visibility: 'cluster' }, s['operator-admin']);
    assert.equal(r.status, 201, r.text);
    return r.json.id;
  };
  org.A = await mk('교육 기업 가', 'company');
  org.B = await mk('교육 기업 나', 'company');
  org.U = await mk('교육 대학', 'university');
  org.V = await mk('교육 투자사', 'investor');
  const people = [
    ['operator-staff', null], ['org-admin', org.A], ['org-member', org.A], ['other-admin', org.B],
    ['partner', org.U], ['investor', org.V], ['trainee', null],
  ];
  for (const [role, o] of people) {
    const email = `${role}-${uniq('u')}@example.com`;
    srv.addUser({ email, name: `${role} 사용자`, role: role === 'other-admin' ? 'org-admin' : role, org: o ?? undefined, password: PW });
    s[role] = await srv.login(email, PW);
    users[role] = s[role].user.id;
  }
  users['operator-admin'] = s['operator-admin'].user.id;
});
after(async () => { if (srv) await srv.stop(); });

const op = () => s['operator-admin'];
async function created(path, body, who = op()) {
  const r = await srv.post(path, body, who);
  assert.equal(r.status, 201, `POST ${path} ${JSON.stringify(body)}: ${r.text}`);
  return r.json;
}
async function patch(path, body, who = op()) {
  const g = await srv.get(path, who);
  assert.equal(g.status, 200, `GET ${path}: ${g.text}`);
  return srv.patch(path, body, who, g.headers.get('etag'));
}

test('surveys: operators run them, anyone reads them, bad periods and fields are refused', async () => {
  const body = { title: `2027 교육훈련 수요조사 ${uniq('s')}`, opens_on: today(), closes_on: days(30) };
  for (const role of ['org-admin', 'org-member', 'partner', 'investor', 'trainee']) {
    assertProblem(await srv.post('/api/v1/surveys', body, s[role]), 403, role);
  }
  assertProblem(await srv.post('/api/v1/surveys', body), 401, 'anonymous');
  const bad = await srv.post('/api/v1/surveys', { ...body, closes_on: days(-1), fields: ['robotics'], levels: ['expert'] }, op());
  assertInvalid(bad, ['closes_on', 'fields', 'levels']);
  assert.equal((await srv.get('/api/v1/surveys')).json.total, 0, 'nothing written');
  const sv = await created('/api/v1/surveys', body, s['operator-staff']);
  assert.equal(sv.status, 'draft');
  const pub = await srv.get(`/api/v1/surveys/${sv.id}`);
  assert.equal(pub.status, 200);
  assert.equal(pub.json.title, body.title);
});

test('survey-responses: one per organisation while open, private to it and operators; the summary is for operators', async () => {
  const sv = await created('/api/v1/surveys', { title: `수요조사 ${uniq('s')}`, opens_on: today(), closes_on: days(10), fields: ['genomics', 'ai-data'], levels: ['basic', 'advanced'] });
  const answer = { survey_id: sv.id, field: 'genomics', level: 'basic', headcount: 4, preferred_period: '2027 상반기' };
  // a draft survey takes no answers
  assertInvalid(await srv.post('/api/v1/survey-responses', answer, s['org-admin']), ['survey_id']);
  assert.equal((await patch(`/api/v1/surveys/${sv.id}`, { status: 'open' })).status, 200);
  // a field or level the survey does not ask about
  assertInvalid(await srv.post('/api/v1/survey-responses', { ...answer, field: 'medical-devices', level: 'intermediate' }, s['org-admin']), ['field', 'level']);
  const a = await created('/api/v1/survey-responses', answer, s['org-admin']);
  assert.equal(a.org_id, org.A);
  assert.equal(a.submitted_by, users['org-admin']);
  // a second answer of the same organisation: 409, the first one is to be changed
  const again = assertProblem(await srv.post('/api/v1/survey-responses', { ...answer, headcount: 9 }, s['org-member']), 409);
  assert.deepEqual(again.errors.map((e) => e.field), ['survey_id']);
  // for another organisation: 422 naming org_id
  assertInvalid(await srv.post('/api/v1/survey-responses', { ...answer, org_id: org.B }, s['org-member']), ['org_id']);
  const b = await created('/api/v1/survey-responses', { ...answer, field: 'ai-data', level: 'advanced', headcount: 2 }, s['other-admin']);
  const u = await created('/api/v1/survey-responses', { ...answer, headcount: 6 }, s.partner);
  const v = await created('/api/v1/survey-responses', { ...answer, level: 'advanced', field: 'ai-data', headcount: 1 }, s.investor);
  // a trainee acts for no organisation; anonymous callers need a session
  assertProblem(await srv.post('/api/v1/survey-responses', answer, s.trainee), 403);
  assertProblem(await srv.post('/api/v1/survey-responses', answer), 401);
  // each organisation sees its own answer, operators all four
  const ids = async (who) => (await srv.all('survey-responses', `survey_id=${sv.id}`, who)).items.map((x) => x.id).sort();
  assert.deepEqual(await ids(s['org-member']), [a.id]);
  assert.deepEqual(await ids(s['other-admin']), [b.id]);
  assert.deepEqual(await ids(s.partner), [u.id]);
  assert.deepEqual(await ids(s.investor), [v.id]);
  assert.deepEqual(await ids(s.trainee), []);
  assert.deepEqual(await ids(s['operator-staff']), [a.id, b.id, u.id, v.id].sort());
  assertProblem(await srv.get(`/api/v1/survey-responses/${b.id}`, s['org-admin']), 404);
  assertProblem(await srv.get('/api/v1/survey-responses'), 401);
  // the organisation changes its answer while the survey is open
  const ch = await patch(`/api/v1/survey-responses/${a.id}`, { headcount: 5 }, s['org-member']);
  assert.equal(ch.status, 200, ch.text);
  assert.equal(ch.json.headcount, 5);
  // the summary: demand by field and level
  const sum = await srv.get(`/api/v1/surveys/${sv.id}/summary`, s['operator-staff']);
  assert.equal(sum.status, 200, sum.text);
  assert.deepEqual(sum.json, {
    survey_id: sv.id, title: sv.title, status: 'open',
    cells: [
      { field: 'ai-data', field_ko: 'AI·빅데이터', level: 'advanced', level_ko: '고급', responses: 2, headcount: 3 },
      { field: 'genomics', field_ko: '유전공학', level: 'basic', level_ko: '입문', responses: 2, headcount: 11 },
    ],
    responses: 4, headcount: 14,
  });
  for (const role of ['org-admin', 'org-member', 'partner', 'investor', 'trainee']) {
    assertProblem(await srv.get(`/api/v1/surveys/${sv.id}/summary`, s[role]), 403, role);
  }
  assertProblem(await srv.get(`/api/v1/surveys/${sv.id}/summary`), 401);
  assertProblem(await srv.get('/api/v1/surveys/999999/summary', op()), 404);
  // once closed, answers are neither made nor changed
  assert.equal((await patch(`/api/v1/surveys/${sv.id}`, { status: 'closed' })).status, 200);
  assertInvalid(await patch(`/api/v1/survey-responses/${a.id}`, { headcount: 7 }, s['org-member']), ['survey_id']);
  assert.equal((await srv.get(`/api/v1/survey-responses/${a.id}`, op())).json.headcount, 5);
});

async function course(extra = {}) {
  return created('/api/v1/courses', { title: `유전체 분석 입문 ${uniq('c')}`, field: 'genomics', level: 'basic', kind: 'lecture', hours: 24, ...extra });
}
async function cohort(courseId, extra = {}) {
  return created('/api/v1/cohorts', { course_id: courseId, name: `1기 ${uniq('k')}`, starts_on: days(20), ends_on: days(50), capacity: 10, sessions: 10, ...extra });
}

test('courses and cohorts: public reading, operators writing, dates checked', async () => {
  const c = await course({ kind: 'smart-lab', level: 'advanced' });
  for (const role of ['org-admin', 'org-member', 'partner', 'investor', 'trainee']) {
    assertProblem(await srv.post('/api/v1/courses', { title: 'x', field: 'genomics', level: 'basic', kind: 'lecture' }, s[role]), 403, role);
    assertProblem(await srv.post('/api/v1/cohorts', { course_id: c.id, name: 'x', starts_on: days(1), ends_on: days(2), capacity: 1, sessions: 1 }, s[role]), 403, role);
  }
  assertInvalid(await srv.post('/api/v1/courses', { title: '', field: 'robotics', level: 'expert', kind: 'lecture', hours: 0 }, op()), ['title', 'field', 'level', 'hours']);
  const k = await cohort(c.id);
  assert.equal(k.pass_percent, 80);
  assert.equal(k.status, 'planned');
  assertInvalid(await srv.post('/api/v1/cohorts', { course_id: c.id, name: '2기', starts_on: days(10), ends_on: days(5), capacity: 1, sessions: 1 }, op()), ['ends_on']);
  assertInvalid(await srv.post('/api/v1/cohorts', { course_id: c.id, name: '2기', starts_on: days(10), ends_on: days(15), capacity: 0, sessions: 0 }, op()), ['capacity', 'sessions']);
  // the matrix's filters, for anyone
  const m = await srv.get(`/api/v1/courses?field=genomics&level=advanced&kind=smart-lab`);
  assert.equal(m.status, 200);
  assert.deepEqual(m.json.items.map((x) => x.id), [c.id]);
  assert.equal((await srv.get(`/api/v1/cohorts/${k.id}?expand=course`)).json.course.title, c.title);
});

test('enrollments: apply for oneself, seen by oneself, one\'s organisation\'s admins and operators; operators decide', async () => {
  const c = await course();
  const k = await cohort(c.id, { capacity: 3 });
  // a planned cohort does not take applications from trainees
  assertInvalid(await srv.post('/api/v1/enrollments', { cohort_id: k.id }, s.trainee), ['cohort_id']);
  assert.equal((await patch(`/api/v1/cohorts/${k.id}`, { status: 'recruiting' })).status, 200);
  const t = await created('/api/v1/enrollments', { cohort_id: k.id, motivation: '유전체 분석을 배우고 싶습니다' }, s.trainee);
  assert.equal(t.trainee_id, users.trainee);
  assert.equal(t.org_id, null);
  assert.equal(t.status, 'applied');
  const m = await created('/api/v1/enrollments', { cohort_id: k.id }, s['org-member']);
  assert.equal(m.org_id, org.A);
  assert.equal(m.trainee_id, users['org-member']);
  const ad = await created('/api/v1/enrollments', { cohort_id: k.id }, s['org-admin']);
  assert.equal(ad.org_id, org.A);
  // once per cohort; not for someone else; no attendance or status of one's own making
  assertProblem(await srv.post('/api/v1/enrollments', { cohort_id: k.id }, s.trainee), 409);
  assertInvalid(await srv.post('/api/v1/enrollments', { cohort_id: k.id, trainee_id: users.partner }, s.trainee), ['trainee_id']);
  assertInvalid(await srv.post('/api/v1/enrollments', { cohort_id: k.id, attended: 3 }, s.partner), ['attended']);
  assertProblem(await srv.post('/api/v1/enrollments', { cohort_id: k.id }), 401);
  // who sees which
  const ids = async (who) => (await srv.all('enrollments', `cohort_id=${k.id}`, who)).items.map((x) => x.id).sort((x, y) => x - y);
  assert.deepEqual(await ids(s.trainee), [t.id]);
  // a member sees its own, not a colleague's (not even its admin's); the admin sees its members'
  assert.deepEqual(await ids(s['org-member']), [m.id]);
  assert.deepEqual(await ids(s['org-admin']), [m.id, ad.id], 'the organisation\'s admin');
  assertProblem(await srv.get(`/api/v1/enrollments/${ad.id}`, s['org-member']), 404);
  assert.deepEqual(await ids(s['other-admin']), []);
  assert.deepEqual(await ids(s.partner), []);
  assert.deepEqual(await ids(s.investor), []);
  assert.deepEqual(await ids(s['operator-staff']), [t.id, m.id, ad.id]);
  assertProblem(await srv.get(`/api/v1/enrollments/${t.id}`, s['org-admin']), 404);
  assertProblem(await srv.get('/api/v1/enrollments'), 401);
  // the trainee does not approve; the operator does
  assertInvalid(await patch(`/api/v1/enrollments/${t.id}`, { status: 'approved' }, s.trainee), ['status']);
  assertInvalid(await patch(`/api/v1/enrollments/${t.id}`, { attended: 9 }, s.trainee), ['attended']);
  const ap = await patch(`/api/v1/enrollments/${t.id}`, { status: 'approved' }, s['operator-staff']);
  assert.equal(ap.status, 200, ap.text);
  assert.equal(ap.json.status, 'approved');
  assert.match(ap.json.decided_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  // the organisation's admin cancels its member's application
  const cx = await patch(`/api/v1/enrollments/${m.id}`, { status: 'cancelled' }, s['org-admin']);
  assert.equal(cx.status, 200, cx.text);
  // operators are told of applications, the trainee of the decision
  const notes = await srv.get('/api/v1/notifications', s.trainee);
  assert.ok(notes.json.items.some((n) => n.kind === 'enrollment' && n.link === `/enrollments/${t.id}`), notes.text);
});

test('capacity: an application holds a seat; two applications at once cannot both take the last one', async () => {
  const k = await cohort((await course()).id, { capacity: 2 });
  assert.equal((await patch(`/api/v1/cohorts/${k.id}`, { status: 'recruiting' })).status, 200);
  const a = await created('/api/v1/enrollments', { cohort_id: k.id }, s.investor);
  // one seat left, two applications at once: one takes it, the other is refused naming cohort_id
  const both = await Promise.all([
    srv.post('/api/v1/enrollments', { cohort_id: k.id }, s.trainee),
    srv.post('/api/v1/enrollments', { cohort_id: k.id }, s['org-member']),
  ]);
  assert.deepEqual(both.map((r) => r.status).sort(), [201, 409], both.map((r) => r.text).join(' '));
  const refused = both.find((r) => r.status === 409);
  assert.deepEqual(assertProblem(refused, 409).errors.map((e) => e.field), ['cohort_id']);
  assert.match(refused.json.errors[0].message_ko, /정원이 찼습니다/);
  const won = both.find((r) => r.status === 201).json;
  const held = (await srv.all('enrollments', `cohort_id=${k.id}`, op())).items;
  assert.equal(held.length, 2, 'never past the capacity');
  // a cancellation frees the seat; the cohort takes the next application
  assert.equal((await patch(`/api/v1/enrollments/${a.id}`, { status: 'cancelled' }, s.investor)).status, 200);
  const next = await created('/api/v1/enrollments', { cohort_id: k.id }, s.partner);
  // now full again: the cancelled one cannot come back, not even by an operator
  const back = await patch(`/api/v1/enrollments/${a.id}`, { status: 'applied' }, s.investor);
  assert.deepEqual(assertProblem(back, 409).errors.map((e) => e.field), ['status']);
  assertProblem(await patch(`/api/v1/enrollments/${a.id}`, { status: 'applied' }), 409);
  // approvals take no more seats than the applications held
  for (const e of [won, next]) assert.equal((await patch(`/api/v1/enrollments/${e.id}`, { status: 'approved' })).status, 200);
  // a rejection frees a seat too
  assert.equal((await patch(`/api/v1/enrollments/${next.id}`, { status: 'rejected' })).status, 200);
  assert.equal((await patch(`/api/v1/enrollments/${a.id}`, { status: 'applied' }, s.investor)).status, 200);
  assert.equal((await srv.all('enrollments', `cohort_id=${k.id}&status=applied,approved,completed`, op())).items.length, 2);
});

test('attendance completes an enrollment by the cohort\'s rule, and the certificate is a PDF for its readers', async () => {
  const c = await course({ title: `임상시험 실무 ${uniq('c')}`, field: 'clinical-regulatory', level: 'intermediate', hours: 30 });
  const k = await cohort(c.id, { sessions: 10, pass_percent: 80 });
  assert.equal((await patch(`/api/v1/cohorts/${k.id}`, { status: 'recruiting' })).status, 200);
  const e = await created('/api/v1/enrollments', { cohort_id: k.id }, s['org-member']);
  // attendance is for an approved enrollment
  assertInvalid(await patch(`/api/v1/enrollments/${e.id}`, { attended: 3 }), ['attended']);
  assert.equal((await patch(`/api/v1/enrollments/${e.id}`, { status: 'approved' })).status, 200);
  // not yet: the certificate waits
  assertProblem(await srv.get(`/api/v1/enrollments/${e.id}/certificate`, s['org-member']), 409);
  let r = await patch(`/api/v1/enrollments/${e.id}`, { attended: 7 });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'approved');
  const early = assertInvalid(await patch(`/api/v1/enrollments/${e.id}`, { status: 'completed' }), ['attended']);
  assert.match(early.errors[0].message_ko, /10회 중 8회 이상/);
  assertInvalid(await patch(`/api/v1/enrollments/${e.id}`, { attended: 11 }), ['attended']);
  r = await patch(`/api/v1/enrollments/${e.id}`, { attended: 8 });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'completed');
  assert.equal(r.json.completed_on, today());
  assert.equal(r.json.certificate_no, `BPMC-TR-${today().slice(0, 4)}-${String(e.id).padStart(5, '0')}`);
  for (const role of ['org-member', 'org-admin', 'operator-staff', 'operator-admin']) {
    const pdf = await srv.get(`/api/v1/enrollments/${e.id}/certificate`, s[role]);
    assert.equal(pdf.status, 200, `${role}: ${pdf.text.slice(0, 200)}`);
    assert.equal(pdf.headers.get('content-type'), 'application/pdf');
    assert.equal(pdf.headers.get('content-disposition'), `attachment; filename="certificate-${e.id}.pdf"`);
    assert.equal(pdf.bytes.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.ok(pdf.bytes.includes(Buffer.from('NanumGothic')), 'the Korean font is embedded');
  }
  for (const role of ['other-admin', 'partner', 'investor', 'trainee']) {
    assertProblem(await srv.get(`/api/v1/enrollments/${e.id}/certificate`, s[role]), 404, role);
  }
  assertProblem(await srv.get(`/api/v1/enrollments/${e.id}/certificate`), 401);
  // a completion stays on record: the trainee's side neither deletes nor cancels it
  assertInvalid(await srv.del(`/api/v1/enrollments/${e.id}`, s['org-member']), ['status']);
  assertInvalid(await patch(`/api/v1/enrollments/${e.id}`, { status: 'cancelled' }, s['org-member']), ['status']);
  // attendance corrected below the rule undoes the completion
  r = await patch(`/api/v1/enrollments/${e.id}`, { attended: 6 });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'approved');
  assert.equal(r.json.certificate_no, null);
  assert.equal(r.json.completed_on, null);
});

test('pbl-projects: the company, its university team and operators', async () => {
  const p = await created('/api/v1/pbl-projects', { title: `영상 AI 판독 보조 ${uniq('p')}`, problem: '뇌MR 영상 분류 정확도' }, s['org-admin']);
  assert.equal(p.org_id, org.A);
  assert.equal(p.status, 'proposed');
  // the company does not pick its team: operators match one
  assertInvalid(await srv.post('/api/v1/pbl-projects', { title: 'x', team_org_id: org.U }, s['org-admin']), ['team_org_id']);
  assertProblem(await srv.get(`/api/v1/pbl-projects/${p.id}`, s.partner), 404, 'the university before the match');
  const mt = await patch(`/api/v1/pbl-projects/${p.id}`, { team_org_id: org.U, status: 'matched' }, s['operator-staff']);
  assert.equal(mt.status, 200, mt.text);
  assertInvalid(await srv.post('/api/v1/pbl-projects', { title: 'x', org_id: org.B }, s['org-admin']), ['org_id']);
  for (const role of ['org-admin', 'org-member', 'partner', 'operator-staff']) {
    assert.equal((await srv.get(`/api/v1/pbl-projects/${p.id}`, s[role])).status, 200, role);
  }
  for (const role of ['other-admin', 'investor', 'trainee']) {
    assertProblem(await srv.get(`/api/v1/pbl-projects/${p.id}`, s[role]), 404, role);
  }
  assertProblem(await srv.get(`/api/v1/pbl-projects/${p.id}`), 401);
  assertProblem(await srv.post('/api/v1/pbl-projects', { title: 'x' }, s.trainee), 403);
  // the team writes the outcome; only the company deletes
  const o = await patch(`/api/v1/pbl-projects/${p.id}`, { outcome: '분류 정확도 92% 모델', status: 'running' }, s.partner);
  assert.equal(o.status, 200, o.text);
  assertInvalid(await patch(`/api/v1/pbl-projects/${p.id}`, { status: 'proposed' }, s.partner), ['status']);
  assertInvalid(await patch(`/api/v1/pbl-projects/${p.id}`, { team_org_id: org.B }, s.partner), ['team_org_id']);
  assertProblem(await srv.del(`/api/v1/pbl-projects/${p.id}`, s.partner), 403);
  assert.equal((await srv.del(`/api/v1/pbl-projects/${p.id}`, s['org-member'])).status, 204);
});

test('the dashboard counts the enrollments by status, for operators', async () => {
  const d = await srv.get('/api/v1/dashboard', op());
  assert.equal(d.status, 200, d.text);
  const all = (await srv.all('enrollments', '', op())).items;
  const by = {};
  for (const e of all) by[e.status] = (by[e.status] ?? 0) + 1;
  assert.equal(d.json.enrollments.total, all.length);
  assert.deepEqual(Object.fromEntries(d.json.enrollments.by_status.map((x) => [x.status, x.count])), by);
  assert.ok(Object.keys(by).length >= 3, JSON.stringify(by));
  assertProblem(await srv.get('/api/v1/dashboard', s.trainee), 403);
});
