#!/usr/bin/env node
// The access policy as a table people review: every collection × role × operation × kind of row,
// and the field rules, printed from x-bpmc-access (GET /api/v1/openapi.json) with the functions
// the authorisation matrix computes its expected answers with (access-rules.mjs).
// tests/api/access-policy.test.mjs fails when the served policy differs from the committed
// tests/api/access-policy.md; a change of policy is therefore a change of that file, seen in
// review.
//
//   node tests/api/access-policy.mjs            print the table (from `bpmc openapi`)
//   node tests/api/access-policy.mjs --write    rewrite tests/api/access-policy.md
//   node tests/api/access-policy.mjs doc.json   print the table of a saved openapi.json
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ROLES, isOp, canRead, expectRow, expectCreate, seesPrivate, kindsOf, abstractRow } from './access-rules.mjs';

export const POLICY_FILE = fileURLToPath(new URL('./access-policy.md', import.meta.url));

const KIND_TEXT = {
  'own-private': 'a private row of the callers\' organisation (A)',
  'other-private': 'a private row of another organisation (B)',
  'other-cluster': 'a cluster row of another organisation',
  'other-public': 'a public row of another organisation',
  'party-private': 'a private row of B with A as its party',
  'other-private-shared': 'a private row of B shared with A',
  'other-private-shared-elsewhere': 'a private row of B shared with C',
  own: 'a row of A', other: 'a row of B', party: 'a row of B with A as its party',
  mine: 'the caller\'s own row', theirs: 'another user\'s row',
  private: 'a private row', cluster: 'a cluster row', public: 'a public row', shared: 'any row',
  self: 'the caller\'s own user record',
  'within-seen': 'a row of A inside a parent row the callers see',
  'within-unseen': 'a row of A inside a parent row of B (private)',
};

function readerText(x) {
  let s = x.kind;
  if (x.field) s += `(${x.field}${x.via ? ` → ${x.via}` : ''}${x.link ? ` ⋈ ${x.link.table}.${x.link.key} → ${x.link.member}` : ''})`;
  return s + (x.role ? ` [${x.role}]` : '') + (x.personal ? ' +personal' : '');
}
const list = (a) => (a && a.length ? a.join(', ') : '—');

/** Me (the caller) in the pictured rows: organisation A and user U (operators: no organisation). */
const meOf = (role) => (role === 'anonymous' ? { orgId: 0, userId: 0 } : { orgId: isOp(role) ? 0 : 'A', userId: 'U' });

export function collectionsOf(doc) {
  const out = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    const m = /^\/api\/v1\/([a-z0-9-]+)$/.exec(path);
    if (m && item['x-bpmc-access']) out.push({ name: m[1], acc: item['x-bpmc-access'] });
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The parent collection of a collection with `within` (the reference's x-references). */
function parentOf(doc, name, acc) {
  if (!acc.within) return null;
  const target = doc.components.schemas[name]?.properties?.[acc.within]?.['x-references'];
  return collectionsOf(doc).find((c) => c.name === target)?.acc ?? null;
}

export function renderPolicy(doc) {
  const L = [];
  L.push('# Access policy (generated: `node tests/api/access-policy.mjs --write`)', '',
    'Printed from `x-bpmc-access` of `GET /api/v1/openapi.json` with the rules the authorisation',
    'matrix (tests/api/authz-matrix.test.mjs) asserts; tests/api/access-policy.test.mjs fails when',
    'the served policy differs from this file. Review a change here as a change of who sees what.', '',
    'Each cell: read · patch · delete of one row of the kind, as HTTP statuses; `pf`: its',
    'personal fields are shown. `list` is the answer to listing the collection; `create A` / `create B`',
    'to creating a row of the callers\' organisation A / of another organisation B. The callers are',
    'members of A (user U); operators have no organisation. A row the caller may not see answers',
    '404 as an absent row does, in a collection the caller may not read at all too; 403 is for a',
    'row the caller sees but may not change, or a collection it may not list or create in.', '',
    'A row inside a private record never becomes visible to more people than its parent. `within`',
    'names a parent the engine checks on every read (a row is seen only by who sees that parent too);',
    '`inside` names the references a row is inside that its entry keeps it within on every write: its',
    'visibility is never wider than the parent\'s (a meeting or an action item inside a collaboration',
    'is private, read by the collaboration\'s two organisations through its party), and a share of it',
    'to an organisation that cannot read the parent is refused (422 naming org_id). docs/privacy.md',
    'explains the rule; tests/api/privacy-children.test.mjs checks every parent/child pair per role.', '');
  for (const { name, acc } of collectionsOf(doc)) {
    L.push(`## ${name}`, '');
    L.push(`- read: **${acc.read}** (${list(acc.read_roles)})`);
    L.push(`- write: **${acc.write}**${acc.write_role ? ` (its ${acc.write_role}s only)` : ''} (${list(acc.write_roles)}); rows: ${acc.write_rows}; create: ${list(acc.create_roles)}`);
    L.push(`- readers: ${acc.readers.map(readerText).join(' | ')}`);
    L.push(`- bound to the caller's own rows by: ${acc.user_field ?? '—'}; operators see: ${acc.operator_rows} rows; within: ${acc.within ?? '—'}`);
    L.push(`- owner: ${acc.owner_field ?? '—'}; party: ${acc.party_field ?? '—'}; visibility: ${acc.visibility_field ?? '—'}; shareable: ${acc.shareable ? 'yes' : 'no'}; searched: ${acc.search ? 'yes' : 'no'}`);
    if (acc.inside?.length) L.push(`- inside (never wider than, never shared beyond): ${acc.inside.map((f) => `${f} (${doc.components.schemas[name]?.properties?.[f]?.['x-references'] ?? '?'})`).join(', ')}`);
    L.push(`- operator-only fields: ${list(acc.operator_fields)}`);
    L.push(`- personal fields: ${list(acc.private_fields)}`);
    if (acc.undescribed_flags) L.push(`- UNDESCRIBED FLAGS: ${acc.undescribed_flags.join(', ')}`);
    L.push('', `| row | ${ROLES.join(' | ')} |`, `|---|${ROLES.map(() => '---').join('|')}|`);
    L.push(`| list | ${ROLES.map((r) => (canRead(acc, r) ? '200' : r === 'anonymous' ? '401' : '403')).join(' | ')} |`);
    const owners = acc.owner_field && acc.owner_field !== 'id' ? [['create A', 'A'], ['create B', 'B']] : [['create', undefined]];
    for (const [what, owner] of owners) L.push(`| ${what} | ${ROLES.map((r) => expectCreate(acc, r, owner, meOf(r))).join(' | ')} |`);
    const parent = parentOf(doc, name, acc);
    const kinds = [...kindsOf(acc), ...(name === 'users' ? ['self'] : [])];
    for (const kind of kinds) {
      const cells = ROLES.map((role) => {
        const me = meOf(role);
        const row = kind === 'self' ? { owner: 'A', selfOf: role, sharedWith: [], named: {} } : abstractRow(acc, kind, parent);
        const s = ['read', 'patch', 'delete'].map((op) => expectRow(acc, role, row, op, me)).join('·');
        return s + (seesPrivate(acc, role, row, me) && acc.private_fields.length ? ' pf' : '');
      });
      const text = KIND_TEXT[kind] ?? (kind.startsWith('reader:') ? `a private row of B naming the caller through ${kind.slice(7)}` : kind);
      L.push(`| ${kind}: ${text} | ${cells.join(' | ')} |`);
    }
    L.push('');
  }
  return L.join('\n');
}

/** The document `bpmc openapi` prints (what the server serves). */
export function builtDoc(bin) {
  return JSON.parse(execFileSync(bin, ['openapi'], { encoding: 'utf8', maxBuffer: 1 << 28 }));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const file = args.find((a) => !a.startsWith('--'));
  const bin = process.env.BPMC_BIN || fileURLToPath(new URL('../../build/bpmc', import.meta.url));
  const doc = file ? JSON.parse(readFileSync(file, 'utf8')) : builtDoc(bin);
  const text = renderPolicy(doc);
  if (args.includes('--write')) writeFileSync(POLICY_FILE, text);
  else process.stdout.write(text);
}
