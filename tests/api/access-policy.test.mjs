// The served access policy equals the reviewed one: x-bpmc-access of every collection (GET
// /api/v1/openapi.json), printed as a table by access-policy.mjs with the rules the authorisation
// matrix asserts, must be exactly tests/api/access-policy.md. A change of who may do what is a
// change of that file, made with `node tests/api/access-policy.mjs --write` and seen in review.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from './helpers.mjs';
import { renderPolicy, POLICY_FILE, collectionsOf } from './access-policy.mjs';
import { kindsOf } from './access-rules.mjs';

const srv = await startServer({ demo: false, admin: false });
after(() => srv.stop());

/** A unified diff of the committed table (a) and the served one (b). */
function diff(a, b) {
  const dir = mkdtempSync(join(tmpdir(), 'bpmc-policy-'));
  try {
    writeFileSync(join(dir, 'committed'), a);
    writeFileSync(join(dir, 'served'), b);
    try {
      execFileSync('diff', ['-u', 'committed', 'served'], { cwd: dir, encoding: 'utf8' });
      return '';
    } catch (e) {
      return e.stdout || String(e);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('the served access policy is the reviewed one (tests/api/access-policy.md)', async () => {
  const r = await srv.get('/api/v1/openapi.json');
  assert.equal(r.status, 200);
  const served = renderPolicy(r.json);
  const committed = readFileSync(POLICY_FILE, 'utf8');
  if (served !== committed) {
    assert.fail(`the served policy differs from tests/api/access-policy.md (if the change is meant, ` +
      `run \`node tests/api/access-policy.mjs --write\` and have it reviewed):\n${diff(committed, served)}`);
  }
});

test('the table names every collection and every kind of row the matrix checks', async () => {
  const doc = (await srv.get('/api/v1/openapi.json')).json;
  const text = readFileSync(POLICY_FILE, 'utf8');
  const colls = collectionsOf(doc);
  assert.ok(colls.length >= 10, `only ${colls.length} collections`);
  for (const { name, acc } of colls) {
    const section = text.split(`\n## ${name}\n`)[1]?.split('\n## ')[0];
    assert.ok(section, `no section for ${name}`);
    for (const kind of kindsOf(acc)) assert.ok(section.includes(`\n| ${kind}: `), `${name}: no line for ${kind}`);
  }
});

// The read-table declarations no module makes yet are understood: a reader through a referenced
// row (via), a link table, a user field, and a parent row (within).
test('the rules understand via, link, user readers and within', () => {
  const base = { read: 'signed-in', read_roles: ['operator-admin', 'operator-staff', 'org-admin', 'org-member', 'partner', 'investor', 'trainee'],
    write: 'org', write_roles: ['operator-admin', 'org-admin'], create_roles: ['operator-admin', 'org-admin'], write_rows: 'org', rows: 'org', operator_rows: 'all',
    owner_field: 'org_id', visibility_field: null, user_field: null, party_field: null, title_field: 'title', operator_fields: [], private_fields: ['phone'], search: false, shareable: false };
  const parent = { ...base, readers: [{ kind: 'org', field: 'org_id', personal: true }], within: null };
  const child = { ...base, within: 'parent_id', readers: [{ kind: 'org', field: 'org_id', personal: true },
    { kind: 'org', field: 'resource_id', via: 'manager_org_id', personal: false },
    { kind: 'user', field: 'cohort_id', link: { table: 'cohort_instructors', key: 'cohort_id', member: 'user_id' }, personal: true },
    { kind: 'user', field: 'trainee_id', personal: true }] };
  const doc = { paths: { '/api/v1/parents': { 'x-bpmc-access': parent }, '/api/v1/children': { 'x-bpmc-access': child } },
    components: { schemas: { children: { properties: { parent_id: { 'x-references': 'parents' } } } } } };
  const text = renderPolicy(doc);
  const line = (kind) => text.split('\n## children\n')[1].split('\n').find((l) => l.startsWith(`| ${kind}: `))?.split(' | ').slice(1);
  // columns: anonymous, operator-admin, operator-staff, org-admin, org-member, ...
  assert.deepEqual(line('reader:resource_id.manager_org_id')?.slice(3, 5), ['200·403·403', '200·403·403']);
  assert.deepEqual(line('reader:cohort_id[cohort_instructors]')?.slice(3, 5), ['200·403·403 pf', '200·403·403 pf']);
  assert.deepEqual(line('reader:trainee_id')?.slice(3, 5), ['200·403·403 pf', '200·403·403 pf']);
  // a row the caller does not see answers 404 to a change too, whether or not its role writes
  assert.deepEqual(line('other')?.slice(3, 5), ['404·404·404', '404·404·404']);
  assert.deepEqual(line('within-seen')?.slice(3, 5), ['200·200·204 pf', '200·403·403 pf']);
  assert.deepEqual(line('within-unseen')?.slice(1, 5), ['200·200·204 pf', '200·403·403 pf', '404·404·404', '404·404·404']);
});
