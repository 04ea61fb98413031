// The program's budget and schedule views and the cluster dashboard (issue #15): who reads
// which, the figures against the rows they come from, every budget edit audited, and the public
// dashboard that never counts a private or cluster-only row.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertProblem } from './helpers.mjs';

let srv;
let admin;
let member;
before(async () => {
  srv = await startServer();
  admin = await srv.login();
  srv.addUser({ email: 'dash-member@bpmc.test', role: 'org-admin', org: 12 });
  member = await srv.login('dash-member@bpmc.test');
});
after(async () => {
  if (srv) await srv.stop();
});

const PERIODS = ['기투자', "'22.7.", "'23", "'24", "'25", "'26.6.", '임기후'];
const zeros = () => PERIODS.map(() => 0);

test('program budget: plan vs execution by period and source with the rates, for signed-in callers', async () => {
  assertProblem(await srv.get('/api/v1/program/budget'), 401, 'the budget is not public');
  const r = await srv.get('/api/v1/program/budget', member);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.periods.map((p) => p.label), PERIODS);
  assert.deepEqual(r.json.sources.map((s) => s.source), ['national', 'provincial', 'city', 'other']);
  const city = r.json.sources[2];
  assert.deepEqual(city.planned, [0, 150000000, 0, 0, 0, 0, 0]);
  assert.deepEqual(city.executed, [0, 138000000, 0, 0, 0, 0, 0]);
  assert.equal(city.rate, 0.92);
  assert.equal(r.json.sources[0].rate, null, 'nothing planned: no rate');
  assert.deepEqual(r.json.total, {
    planned: [0, 150000000, 0, 0, 0, 0, 0], executed: [0, 138000000, 0, 0, 0, 0, 0],
    rates: [null, 0.92, null, null, null, null, null],
    planned_total: 150000000, executed_total: 138000000, rate: 0.92,
  });
  assertProblem(await srv.get('/api/v1/program/budget?project=999', member), 404);
  const bad = assertProblem(await srv.get('/api/v1/program/budget?project=x', member), 400);
  assert.deepEqual(bad.errors.map((e) => e.field), ['project']);
  const unknown = assertProblem(await srv.get('/api/v1/program/budget?year=2023', member), 400);
  assert.deepEqual(unknown.errors.map((e) => e.field), ['query']);
});

test('program budget: a new, changed and removed line changes the view, and every edit is audited', async () => {
  const line = await srv.post('/api/v1/budget-lines', {
    project_id: 1, item: '협력지원센터 설계', source: 'national', kind: 'planned', starts_on: '2024-03-01', amount: 2000000000,
  }, admin);
  assert.equal(line.status, 201, line.text);
  const spent = await srv.post('/api/v1/budget-lines', {
    project_id: 1, item: '협력지원센터 설계', source: 'national', kind: 'executed', starts_on: '2024-11-15', amount: 500000000,
  }, admin);
  assert.equal(spent.status, 201, spent.text);
  let r = await srv.get('/api/v1/program/budget', admin);
  const national = r.json.sources[0];
  const want = zeros();
  want[3] = 2000000000;
  assert.deepEqual(national.planned, want);
  want[3] = 500000000;
  assert.deepEqual(national.executed, want);
  assert.equal(national.rate, 0.25);
  assert.equal(r.json.total.planned_total, 2150000000);
  assert.equal(r.json.total.executed_total, 638000000);
  assert.equal(r.json.total.rate, Number((638 / 2150).toFixed(4)));

  const changed = await srv.patch(`/api/v1/budget-lines/${spent.json.id}`, { amount: 1000000000 }, admin, '"1"');
  assert.equal(changed.status, 200, changed.text);
  r = await srv.get('/api/v1/program/budget', admin);
  assert.equal(r.json.sources[0].rate, 0.5);
  const dash = await srv.get('/api/v1/dashboard', admin);
  assert.deepEqual(dash.json.budget.by_source[0], { source: 'national', planned: 2000000000, executed: 1000000000, rate: 0.5 });

  for (const id of [line.json.id, spent.json.id]) assert.equal((await srv.del(`/api/v1/budget-lines/${id}`, admin)).status, 204);
  const audit = await srv.get(`/api/v1/audit?collection=budget-lines&row_id=${spent.json.id}&sort=id`, admin);
  assert.equal(audit.status, 200, audit.text);
  assert.deepEqual(audit.json.items.map((a) => a.action), ['create', 'update', 'delete']);
  const update = audit.json.items[1];
  const amounts = [update.before, update.after].map((x) => (typeof x === 'string' ? JSON.parse(x) : x).amount);
  assert.deepEqual(amounts, [500000000, 1000000000], 'the audit row holds the amount before and after');
  r = await srv.get('/api/v1/program/budget', admin);
  assert.equal(r.json.total.planned_total, 150000000);
});

test('program budget: an invalid source, kind or period is refused 422 and the view does not change', async () => {
  const before = (await srv.get('/api/v1/program/budget', admin)).text;
  for (const [body, field] of [
    [{ source: 'federal' }, 'source'],
    [{ kind: 'spent' }, 'kind'],
    [{ starts_on: '2024-13-01' }, 'starts_on'],
    [{ starts_on: '2024-06-01', ends_on: '2024-01-01' }, 'ends_on'],
  ]) {
    const r = await srv.post('/api/v1/budget-lines', {
      project_id: 1, item: '시험', source: 'city', starts_on: '2024-01-01', amount: 1, ...body,
    }, admin);
    const p = assertProblem(r, 422);
    assert.deepEqual(p.errors.map((e) => e.field), [field]);
  }
  assert.equal((await srv.get('/api/v1/program/budget', admin)).text, before);
});

test('program schedule: the ○ matrix and the rows, for anyone, as the card prints them', async () => {
  const r = await srv.get('/api/v1/program/schedule');
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.periods.map((p) => p.label), PERIODS);
  assert.equal(r.json.units.length, 5);
  assert.equal(r.json.units.flatMap((u) => u.marks).filter(Boolean).length, 13, 'the seed\'s 13 ○');
  assert.equal(r.json.units.flatMap((u) => u.rows).length, 13);
  assert.deepEqual(r.json.units[0].marks, [false, false, false, true, true, true, false]);
  const card = await srv.get('/api/v1/reports/project-card?format=html', admin);
  assert.equal((card.text.match(/<td class="mark">○<\/td>/g) || []).length, 13);
  // a row after the term marks 임기후
  const row = await srv.post('/api/v1/schedule', { unit_project_id: 1, label: '임기후', starts_on: '2026-07-01' }, admin);
  assert.equal(row.status, 201, row.text);
  const after = await srv.get('/api/v1/program/schedule');
  assert.deepEqual(after.json.units[0].marks, [false, false, false, true, true, true, true]);
  assert.deepEqual(after.json.units[0].rows.at(-1), { id: row.json.id, label: '임기후', starts_on: '2026-07-01', ends_on: null });
  assert.equal((await srv.del(`/api/v1/schedule/${row.json.id}`, admin)).status, 204);
  assertProblem(await srv.get('/api/v1/program/schedule?project=42'), 404);
});

test('dashboard: operators only; every figure equals the rows it counts', async () => {
  assertProblem(await srv.get('/api/v1/dashboard'), 401);
  assertProblem(await srv.get('/api/v1/dashboard', member), 403);
  const bad = assertProblem(await srv.get('/api/v1/dashboard?x=1', admin), 400);
  assert.deepEqual(bad.errors.map((e) => e.field), ['query']);
  const r = await srv.get('/api/v1/dashboard', admin);
  assert.equal(r.status, 200, r.text);
  const d = r.json;
  assert.deepEqual(Object.keys(d), ['scope', 'generated_at', 'month', 'tenants', 'new_orgs', 'needs', 'matches',
    'collaborations', 'deals', 'bookings', 'budget', 'achievements', 'enrollments']);
  assert.equal(d.scope, 'operator');
  const tenants = (await srv.all('orgs', 'is_tenant=true', admin)).items;
  assert.equal(d.tenants.total, tenants.length);
  const byStage = {};
  for (const o of tenants) byStage[o.stage ?? 'null'] = (byStage[o.stage ?? 'null'] ?? 0) + 1;
  assert.deepEqual(Object.fromEntries(d.tenants.by_stage.map((s) => [s.stage ?? 'null', s.count])), byStage);
  const byField = {};
  for (const o of tenants) for (const f of o.fields) byField[f] = (byField[f] ?? 0) + 1;
  assert.deepEqual(Object.fromEntries(d.tenants.by_field.map((s) => [s.field, s.count])), byField);
  assert.ok(d.tenants.by_field.every((f) => f.ko && f.en), 'fields carry their labels');
  assert.equal(d.new_orgs.length, 12);
  assert.equal(d.new_orgs.at(-1).month, d.month);
  assert.equal(d.new_orgs.reduce((a, m) => a + m.count, 0), await srv.total('orgs', admin), 'the demo orgs were created this month');
  assert.equal(d.needs.total, await srv.total('needs', admin));
  assert.equal(d.needs.by_status.find((s) => s.status === 'open').count, await srv.total('needs', admin, 'status=open'));
  assert.equal(d.matches.total, await srv.total('matches', admin));
  assert.equal(d.collaborations.total, await srv.total('collaborations', admin));
  // investment: the deals by stage (the demo's six, one invested)
  assert.equal(d.deals.total, await srv.total('deals', admin));
  assert.equal(d.deals.by_status.find((s) => s.status === 'invested').count, await srv.total('deals', admin, 'stage=invested'));
  // training: enrollments by status (the demo's 21, of its invited trainees), as the list counts them
  assert.equal(d.enrollments.total, await srv.total('enrollments', admin));
  assert.ok(d.enrollments.total > 0, 'the demo has enrollments');
  for (const s of ['applied', 'approved', 'completed']) {
    assert.equal(d.enrollments.by_status.find((x) => x.status === s)?.count, await srv.total('enrollments', admin, `status=${s}`), s);
  }
  assert.deepEqual(d.budget.by_year, [{ year: 2022, planned: 150000000, executed: 138000000, rate: 0.92 }]);
  assert.equal(d.budget.rate, 0.92);
  assert.equal(d.achievements.total, 4);
  assert.equal(d.achievements.year, Number(d.month.slice(0, 4)));

  // bookings this month and utilisation, recomputed from the bookings and the resources
  const [y, m] = d.month.split('-').map(Number);
  const ms = Date.UTC(y, m - 1, 1) - 9 * 3600e3;
  const me = Date.UTC(y, m, 1) - 9 * 3600e3;
  const bookings = (await srv.all('bookings', '', admin)).items;
  const resources = (await srv.all('resources', '', admin)).items;
  const held = bookings.filter((b) => ['approved', 'completed'].includes(b.status));
  let bookedS = 0;
  const perRes = {};
  for (const b of held) {
    const s = Math.max(Date.parse(b.starts_at), ms);
    const e = Math.min(Date.parse(b.ends_at), me);
    if (e > s) {
      bookedS += (e - s) / 1000;
      perRes[b.resource_id] = (perRes[b.resource_id] ?? 0) + (e - s) / 1000;
    }
  }
  const days = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
  const minutes = (h) => (h && h.length === 11 ? (+h.slice(6, 8) * 60 + +h.slice(9, 11)) - (+h.slice(0, 2) * 60 + +h.slice(3, 5)) : 0);
  let openM = 0;
  const ndays = new Date(Date.UTC(y, m, 0)).getUTCDate();
  for (const res of resources.filter((x) => x.status !== 'retired')) {
    let o = 0;
    for (let day = 1; day <= ndays; day++) o += minutes(res[`hours_${days[new Date(Date.UTC(y, m - 1, day)).getUTCDay()]}`]);
    openM += o;
    const got = d.bookings.utilisation.by_resource.find((x) => x.resource_id === res.id);
    assert.equal(got.open_hours, Math.round(o / 6) / 10, res.name);
    assert.equal(got.booked_hours, Math.round((perRes[res.id] ?? 0) / 360) / 10, res.name);
  }
  assert.ok(bookedS > 0, 'the demo has approved bookings this month');
  assert.equal(d.bookings.utilisation.rate, Number((bookedS / 60 / openM).toFixed(4)));
  const thisMonth = bookings.filter((b) => Date.parse(b.starts_at) >= ms && Date.parse(b.starts_at) < me);
  assert.equal(d.bookings.this_month_by_status.reduce((a, s) => a + s.count, 0), thisMonth.length);
  assert.equal(d.bookings.by_month.at(-1).count, thisMonth.filter((b) => !['declined', 'cancelled'].includes(b.status)).length);
});

test('public dashboard: anyone; only public rows are counted, a private or cluster-only row never', async () => {
  const keys = ['scope', 'generated_at', 'month', 'tenants', 'new_orgs', 'needs', 'achievements'];
  const pub = await srv.get('/api/v1/dashboard/public');
  assert.equal(pub.status, 200, pub.text);
  assert.deepEqual(Object.keys(pub.json), keys, 'no bookings, budget, matches or collaborations');
  assert.equal(pub.json.scope, 'public');
  const anonTenants = (await srv.all('orgs', 'is_tenant=true&visibility=public')).items;
  assert.equal(pub.json.tenants.total, anonTenants.length);
  const strip = (d) => JSON.stringify({ ...d, generated_at: 0 });

  // a private tenant with a public-looking need, and a cluster-only one: the public figures stay
  const opBefore = (await srv.get('/api/v1/dashboard', admin)).json;
  const orgs = [];
  for (const visibility of ['private', 'cluster']) {
    const o = await srv.post('/api/v1/orgs', {
      name: `숨은 입주기업 ${visibility}`, kind: 'company', is_tenant: true, fields: ['genomics'], stage: 'rnd', visibility,
    }, admin);
    assert.equal(o.status, 201, o.text);
    orgs.push(o.json);
    const n = await srv.post('/api/v1/needs', { org_id: o.json.id, title: `숨은 수요 ${visibility}`, visibility: 'public' }, admin);
    assert.equal(n.status, 201, n.text);
  }
  const privNeed = await srv.post('/api/v1/needs', { org_id: anonTenants[0].id, title: '비공개 수요', visibility: 'private' }, admin);
  assert.equal(privNeed.status, 201, privNeed.text);
  const pubAfter = await srv.get('/api/v1/dashboard/public');
  assert.equal(strip(pubAfter.json), strip(pub.json), 'not one public figure moved');
  const opAfter = (await srv.get('/api/v1/dashboard', admin)).json;
  assert.equal(opAfter.tenants.total, opBefore.tenants.total + 2, 'operators count them');
  assert.equal(opAfter.needs.total, opBefore.needs.total + 3);

  // made public, the org is counted: the check above could fail
  const o = orgs[0];
  const made = await srv.patch(`/api/v1/orgs/${o.id}`, { visibility: 'public' }, admin, `"${o.version}"`);
  assert.equal(made.status, 200, made.text);
  const now = (await srv.get('/api/v1/dashboard/public')).json;
  assert.equal(now.tenants.total, pub.json.tenants.total + 1);
  assert.equal(now.needs.total, pub.json.needs.total + 1, 'its public need now counts');
  assert.equal(now.new_orgs.at(-1).count, pub.json.new_orgs.at(-1).count + 1);
  const genomics = (d) => d.tenants.by_field.find((f) => f.field === 'genomics').count;
  assert.equal(genomics(now), genomics(pub.json) + 1);
});
