// Every role through the three newest modules (investment, training, attraction) in a real
// browser against a real `bpmc serve` on the demo cluster: what the browser offers a role is
// what the API allows it, both ways ("what the API allows a role, the browser offers; what it
// refuses, the browser does not offer").
//
// Table-driven by role: an operator, the org-admin and an org-member of a company (진로드바이오,
// 101), a researcher of a partner hospital (국립암센터, 1), an investor (고양바이오인베스트먼트,
// 169), a trainee of a company (한빛유전체, 102) and an anonymous visitor. For each role:
//  - every collection of the three modules: its list page offers "새 …" exactly when the list's
//    Allow (GET /api/v1/{collection} as the role) has POST; a row the role sees offers 수정 and
//    삭제 exactly when that row's Allow has PATCH and DELETE; a collection the role may not read
//    offers nothing;
//  - every page of the three modules: each link it shows to a collection, a row, a new row or a
//    row's edit form is one the API answers for the role (the list or the row 200, POST or
//    PATCH in the Allow); the pages' own actions (IR registration, applying for a cohort, the
//    attraction pipeline's forms, deciding applications) are there exactly when the API lets
//    the role do them;
//  - no page error or unexpected console error; a screenshot of every page
//    (build/screenshots/9x-roles-<role>-<page>.png).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addUser, launchBrowser, screenshot, signIn, startServer, TEST_PASSWORD, watchPage } from './harness.mjs';

const TIMEOUT = 15000;
const stamp = Date.now().toString(36);

const ROLES = [
  { key: 'operator', role: 'operator-staff', org: null, name: '이운영' },
  { key: 'company-admin', role: 'org-admin', org: 101, name: '김대표' },
  { key: 'company-member', role: 'org-member', org: 101, name: '박연구' },
  { key: 'researcher', role: 'partner', org: 1, name: '정임상' },
  { key: 'investor', role: 'investor', org: 169, name: '윤투자' },
  { key: 'trainee', role: 'trainee', org: 102, name: '한연수' },
  { key: 'anonymous', role: null },
];

const COLLECTIONS = [
  'investor-profiles', 'fundraisings', 'deals', 'events', 'registrations',
  'surveys', 'survey-responses', 'courses', 'cohorts', 'enrollments', 'pbl-projects',
  'prospects', 'activities',
];

// the module pages (the cohort page: the demo's running cohort 3 and recruiting cohort 4)
const PAGES = [
  '/investment', '/ir-events', '/investor-matching', '/high-growth',
  '/training', '/training-cohort?id=4', '/training-cohort?id=3', '/my-courses', '/training-demand', '/training-applications',
  '/attraction', '/attraction/funnel',
];

let server;
let browser;
let page;
let base;
let collections; // every collection name the API has
const problems = [];
const findings = []; // what the browser offers that the API refuses, or the reverse

/** A client of the API as role r ({email} or anonymous): {status, allow, json}. */
async function client(r) {
  let cookie = '';
  if (r.email) {
    const s = await fetch(`${base}/api/v1/session`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: r.email, password: TEST_PASSWORD }),
    });
    assert.equal(s.status, 200, `sign-in of ${r.email}`);
    cookie = s.headers.get('set-cookie').split(';')[0];
  }
  const cache = new Map();
  return async (path) => {
    if (cache.has(path)) return cache.get(path);
    const a = await fetch(`${base}/api/v1/${path}`, { headers: cookie ? { cookie } : {} });
    const allow = new Set((a.headers.get('allow') || '').split(',').map((x) => x.trim()).filter(Boolean));
    const out = { status: a.status, allow, json: await a.json().catch(() => null) };
    cache.set(path, out);
    return out;
  };
}

/** What an app path asks of the API: {what, check(api) → '' or why it is refused}, or null for
 * a path that is no collection's. */
function apiOf(href) {
  const u = new URL(href, base);
  if (u.origin !== new URL(base).origin) return null;
  const parts = u.pathname.split('/').filter(Boolean);
  if (!parts.length || !collections.has(parts[0])) return null;
  const [c, id, verb] = parts;
  if (parts.length === 1) return { what: `list ${c}`, check: async (api) => { const a = await api(`${c}?limit=1`); return a.status === 200 ? '' : `GET /api/v1/${c} answers ${a.status}`; } };
  if (id === 'new') return { what: `create in ${c}`, check: async (api) => { const a = await api(`${c}?limit=1`); return a.status === 200 && a.allow.has('POST') ? '' : `GET /api/v1/${c}: ${a.status}, Allow ${[...a.allow]}`; } };
  if (!/^\d+$/.test(id)) return null;
  if (!verb) return { what: `read ${c}/${id}`, check: async (api) => { const a = await api(`${c}/${id}`); return a.status === 200 ? '' : `GET /api/v1/${c}/${id} answers ${a.status}`; } };
  if (verb === 'edit') return { what: `edit ${c}/${id}`, check: async (api) => { const a = await api(`${c}/${id}`); return a.status === 200 && a.allow.has('PATCH') ? '' : `GET /api/v1/${c}/${id}: ${a.status}, Allow ${[...a.allow]}`; } };
  return null;
}

/** Open path and wait until its title is there and its requests are done. */
async function open(path) {
  await page.goto(`${base}${path}`);
  try {
    await page.locator('#page-title').first().waitFor();
  } catch (e) {
    await screenshot(page, `9x-roles-no-title-${path.replace(/[/?=]+/g, '-')}`, { fullPage: true });
    throw new Error(`${path}: no #page-title after ${TIMEOUT} ms (${e.message.split('\n')[0]})`);
  }
  await page.waitForLoadState('networkidle').catch(() => {});
  // lists and forms load after the title: let a pending "불러오는 중" finish
  await page.locator('[aria-busy="true"]').first().waitFor({ state: 'detached', timeout: 5000 }).catch(() => {});
}

function found(role, where, what) {
  findings.push(`${role.key} ${where}: ${what}`);
}

/** Every link of the page to a collection, a row, a new row or an edit form: allowed for api. */
async function checkLinks(role, api, where) {
  const hrefs = await page.locator('#main a[href], main a[href]').evaluateAll((as) => [...new Set(as.map((a) => a.getAttribute('href')))]);
  for (const href of hrefs) {
    const x = href && apiOf(href);
    if (!x) continue;
    const why = await x.check(api);
    if (why) found(role, where, `offers ${href} (${x.what}) but ${why}`);
  }
}

const count = (locator) => locator.count();

describe('every role through investment, training and attraction', { timeout: 1500000 }, () => {
  before(async () => {
    server = await startServer();
    base = server.base;
    for (const r of ROLES) {
      if (!r.role) continue;
      r.email = `roles-${r.key}-${stamp}@roles.test`;
      addUser(server, { email: r.email, name: r.name }, r.role, r.org ?? undefined);
    }
    const doc = await (await fetch(`${base}/api/v1/openapi.json`)).json();
    collections = new Set(Object.keys(doc.paths).map((p) => /^\/api\/v1\/([a-z0-9-]+)$/.exec(p)?.[1]).filter(Boolean));
    for (const c of COLLECTIONS) assert.ok(collections.has(c), `the API has no ${c}`);
    browser = await launchBrowser();
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.setDefaultTimeout(TIMEOUT);
    watchPage(page, problems);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  // BPMC_E2E_ROLES=trainee,anonymous walks only those (while fixing what one role finds)
  const only = process.env.BPMC_E2E_ROLES?.split(',');
  for (const role of ROLES.filter((r) => !only || only.includes(r.key))) {
    describe(`as ${role.key}`, () => {
      let api;
      before(async () => {
        await browser.context.clearCookies();
        if (role.email) await signIn(page, base, role.email);
        api = await client(role);
        role.userId = role.email ? (await api('session')).json?.user?.id : null;
      });

      it('offers on each collection\'s pages what the API allows, and nothing it refuses', async () => {
        const start = findings.length;
        for (const c of COLLECTIONS) {
          const list = await api(`${c}?limit=5`);
          await open(`/${c}`);
          const newLinks = await count(page.locator(`main a[href^="/${c}/new"]`));
          const mayCreate = list.status === 200 && list.allow.has('POST');
          if (mayCreate && !newLinks) found(role, `/${c}`, `the API allows POST /api/v1/${c} (Allow ${[...list.allow]}) but the list offers no 새 항목`);
          if (!mayCreate && newLinks) found(role, `/${c}`, `offers a new row but the API answers ${list.status}, Allow ${[...list.allow]}`);
          if (list.status !== 200) {
            // nothing of the collection: no rows, no actions
            const rows = await count(page.locator(`main a[href^="/${c}/"]`));
            if (rows) found(role, `/${c}`, `shows ${rows} links into the collection, which the API answers ${list.status}`);
            continue;
          }
          await checkLinks(role, api, `/${c}`);
          const row = list.json?.items?.[0];
          if (!row || c === 'prospects') continue; // a prospect's own page: checked with /attraction
          const one = await api(`${c}/${row.id}`);
          await open(`/${c}/${row.id}`);
          const edit = await count(page.locator(`main a[href="/${c}/${row.id}/edit"]`));
          const del = await count(page.getByRole('button', { name: '삭제', exact: true }));
          if (one.allow.has('PATCH') !== edit > 0) found(role, `/${c}/${row.id}`, `Allow ${[...one.allow]} but 수정 is ${edit ? '' : 'not '}offered`);
          if (one.allow.has('DELETE') !== del > 0) found(role, `/${c}/${row.id}`, `Allow ${[...one.allow]} but 삭제 is ${del ? '' : 'not '}offered`);
          await checkLinks(role, api, `/${c}/${row.id}`);
        }
        assert.deepEqual(findings.slice(start), []);
      });

      it('offers on the module pages what the API allows, and nothing it refuses', async () => {
        const start = findings.length;
        for (const path of PAGES) {
          await open(path);
          await checkLinks(role, api, path);
          const name = path.replace(/[/?=]+/g, '-').replace(/^-|-$/g, '');
          await screenshot(page, `9x-roles-${role.key}-${name}`, { fullPage: true });
        }
        assert.deepEqual(findings.slice(start), []);
      });

      it('offers the pages\' own actions exactly when the API allows them', async () => {
        const start = findings.length;
        const signedIn = !!role.email;
        const operator = role.role === 'operator-staff';
        // IR registration: an open event with seats left; the role registers when it may POST
        // registrations and its organisation has none there yet
        const regs = await api('registrations?limit=1');
        await open('/ir-events');
        const register = await count(page.getByRole('button', { name: '참가 신청', exact: true }));
        const mayRegister = regs.status === 200 && regs.allow.has('POST') && !operator; // operators decide, they do not attend
        if (register && !mayRegister) found(role, '/ir-events', `offers 참가 신청 but GET /api/v1/registrations answers ${regs.status}, Allow ${[...regs.allow]}`);
        // an event whose window is open, with seats left, that the organisation holds no seat at
        const now = new Date().toISOString();
        const events = (await api('events?limit=200')).json?.items ?? [];
        const held = new Set(((await api('registrations?limit=200')).json?.items ?? [])
          .filter((x) => x.org_id === role.org && ['requested', 'approved', 'attended'].includes(x.status)).map((x) => x.event_id));
        const openOne = events.some((e) => e.status === 'scheduled' && !held.has(e.id) && e.capacity > e.seats_taken &&
          (!e.registration_opens_at || e.registration_opens_at <= now) && (!e.registration_closes_at || now <= e.registration_closes_at) && e.starts_at > now);
        if (!register && mayRegister && openOne) found(role, '/ir-events', 'the API takes registrations from the role but no event offers 참가 신청');

        // applying for the recruiting cohort 4: the API takes one's own application
        const enr = await api('enrollments?limit=1');
        await open('/training-cohort?id=4');
        const apply = await count(page.getByRole('button', { name: '수강 신청', exact: true }));
        const applied = (await api('enrollments?cohort_id=4&limit=200')).json?.items?.some((x) => x.trainee_id === role.userId && x.status !== 'cancelled');
        const mayApply = signedIn && enr.status === 200 && enr.allow.has('POST') && !applied;
        if (apply && !mayApply) found(role, '/training-cohort?id=4', `offers 수강 신청 but GET /api/v1/enrollments answers ${enr.status}, Allow ${[...enr.allow]}`);
        if (!apply && mayApply) found(role, '/training-cohort?id=4', 'the API takes an application from the role but 수강 신청 is not offered');
        if (!signedIn && !(await count(page.getByRole('link', { name: '로그인하면 신청할 수 있습니다.' })))) found(role, '/training-cohort?id=4', 'a visitor is not asked to sign in to apply to a recruiting cohort');

        // a new deal: an investor (kind investor, or keeping an investor profile) starts one as its
        // investor side, operators any (the API refuses any other investor side: another company's
        // members may write deals, Allow POST, but never create one)
        const deals = await api('deals?limit=1');
        await open('/investment');
        const newDeal = await count(page.getByRole('link', { name: '새 딜' }));
        const investorOrg = role.org != null && ((await api(`orgs/${role.org}`)).json?.kind === 'investor' ||
          ((await api(`investor-profiles?org_id=${role.org}&limit=1`)).json?.items?.length ?? 0) > 0);
        const mayDeal = deals.status === 200 && deals.allow.has('POST') && (role.role === 'operator-staff' || investorOrg);
        if (newDeal && !mayDeal) found(role, '/investment', `offers 새 딜 but GET /api/v1/deals answers ${deals.status}, Allow ${[...deals.allow]}`);
        if (!newDeal && mayDeal) found(role, '/investment', 'the API takes a new deal from the role but 새 딜 is not offered');

        // the running cohort 3 takes no application: nobody is asked to apply, nor to sign in to
        await open('/training-cohort?id=3');
        const late = await count(page.getByRole('button', { name: '수강 신청', exact: true })) +
          await count(page.getByRole('link', { name: '로그인하면 신청할 수 있습니다.' }));
        if (late) found(role, '/training-cohort?id=3', 'offers to apply to a running cohort, which the API refuses (422 naming cohort_id)');

        // deciding applications: operators approve and reject (PATCH of others' enrollments)
        await open('/training-applications');
        const approve = await count(page.getByRole('button', { name: '승인' }));
        const pending = await api('enrollments?status=applied&limit=1');
        const other = pending.json?.items?.[0];
        const mayDecide = !!other && (await api(`enrollments/${other.id}`)).allow.has('PATCH') && operator;
        if (approve && !operator) found(role, '/training-applications', 'offers 승인 to a role that decides no application');
        if (!approve && mayDecide) found(role, '/training-applications', 'operators decide applications but 승인 is not offered');

        // the attraction pipeline: operators' working file; a prospect's page and its forms
        const prospects = await api('prospects?limit=1');
        await open('/attraction');
        const cards = await count(page.locator('main a[href^="/prospects/"]'));
        if (prospects.status !== 200 && cards) found(role, '/attraction', `shows prospects, which the API answers ${prospects.status}`);
        if (prospects.status === 200) {
          const p = prospects.json.items[0];
          const one = await api(`prospects/${p.id}`);
          const acts = await api('activities?limit=1');
          await open(`/prospects/${p.id}`);
          const log = await count(page.getByRole('heading', { name: '활동 기록하기' }));
          if (acts.allow.has('POST') !== log > 0) found(role, `/prospects/${p.id}`, `activities Allow ${[...acts.allow]} but 활동 기록하기 is ${log ? '' : 'not '}offered`);
          // the kinds offered are the ones the API takes: never the server's stage change
          const kinds = await page.locator('form.move-form select').first().locator('option').evaluateAll((os) => os.map((o) => o.value)).catch(() => []);
          if (kinds.includes('stage_change')) found(role, `/prospects/${p.id}`, 'offers the activity kind stage_change, which only the server writes');
          if (!one.allow.has('PATCH') && (await count(page.locator('main form').filter({ hasText: '단계' }))) > 1) found(role, `/prospects/${p.id}`, 'offers to move a prospect the role may not change');
          // the generic form of an activity neither
          await open('/activities/new');
          const generic = await page.locator('main select').evaluateAll((ss) => ss.flatMap((s) => [...s.options].map((o) => o.value)));
          if (generic.includes('stage_change')) found(role, '/activities/new', 'offers the activity kind stage_change, which only the server writes');
        }
        assert.deepEqual(findings.slice(start), []);
      });
    });
  }

  it('raised no page error and no unexpected console error', () => {
    assert.deepEqual(problems, []);
  });
});
