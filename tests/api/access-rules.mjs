// The access rules as x-bpmc-access states them (GET /api/v1/openapi.json, src/engine/openapi.c):
// what every role may do to every kind of row of a collection. The authorisation matrix
// (authz-matrix.test.mjs) computes every expected answer with these functions, and the reviewed
// policy table (access-policy.md, access-policy.mjs) is printed with them, so the table says
// exactly what the matrix asserts.
//
// A row is {owner, party, vis, user, sharedWith, named, parent, selfOf, absent}: owner, party,
// vis and user are the values of the entry's owner_field, party_field, visibility_field and
// user_field; named[key] the organisations or users a reader with a via or a link names for the
// row (key: readerKey(x)); parent, the row its `within` reference names ({acc, row}, or null).
// me is {orgId, userId} of the caller (0 and 0 for anonymous callers).

export const ROLES = ['anonymous', 'operator-admin', 'operator-staff', 'org-admin', 'org-member', 'partner', 'investor', 'trainee'];
export const isOp = (role) => role === 'operator-admin' || role === 'operator-staff';

/** The key of a reader in row.named: "field", "field.via", "field[link]" or "field.via[link]". */
export const readerKey = (x) => `${x.field}${x.via ? `.${x.via}` : ''}${x.link ? `[${x.link.table}]` : ''}`;

/** Whether reader x names a field of the row directly (no via, no link). */
const direct = (x) => !x.via && !x.link;

/** The organisations or users reader x (kind org or user) names for row. */
function named(acc, x, row) {
  const key = readerKey(x);
  if (row.named && key in row.named) return [].concat(row.named[key]);
  if (direct(x)) {
    if (x.kind === 'org' && x.field === acc.owner_field) return [row.owner];
    if (x.kind === 'org' && x.field === acc.party_field) return [row.party];
    if (x.kind === 'user' && x.field === acc.user_field) return [row.user];
  }
  return [];
}

/** Whether reader x admits the caller (me) to row; personal: to its personal fields. */
function admits(acc, x, role, row, me, personal) {
  const anon = role === 'anonymous';
  switch (x.kind) {
    case 'all': return true;
    case 'public-rows':
      if (personal || anon) return row.vis === 'public';
      return row.vis !== 'private';
    // a reader with a role admits only the organisation's members in that role
    case 'org': return !anon && named(acc, x, row).includes(me.orgId) && (!x.role || x.role === role);
    case 'user': return !anon && named(acc, x, row).includes(me.userId);
    case 'shared': return !anon && (row.sharedWith || []).includes(me.orgId);
    default: throw new Error(`x-bpmc-access: a reader of kind ${JSON.stringify(x.kind)} the tests do not know: teach tests/api/access-rules.mjs`);
  }
}

export const canRead = (acc, role) => acc.read_roles.includes(role);

/** Whether role (me) sees row, the collection being readable aside. */
export function visible(acc, role, row, me) {
  if (row.absent) return false;
  if (row.selfOf === role) return true; // one's own user record
  if (isOp(role)) return acc.operator_rows === 'all' || row.user === me.userId;
  // a collection with a user field binds every other caller to their own rows
  if (acc.user_field && row.user !== me.userId) return false;
  if (!acc.readers.some((x) => admits(acc, x, role, row, me, false))) return false;
  // no more people than see the parent row
  if (acc.within && row.parent) return seen(row.parent.acc, role, row.parent.row, me);
  return true;
}

export const seen = (acc, role, row, me) => row.selfOf === role || (canRead(acc, role) && visible(acc, role, row, me));

/** Whether role sees the personal field values (F_PRIVATE) of row: a reader with .personal
 * admits it (operators see them everywhere, anonymous callers nowhere). */
export function seesPrivate(acc, role, row, me) {
  if (!seen(acc, role, row, me) || role === 'anonymous') return false;
  if (isOp(role)) return true;
  return acc.readers.some((x) => x.personal && admits(acc, x, role, row, me, true));
}

/** Whether role's organisation owns row / is its party. */
export const ownsRow = (acc, role, row, me) => role !== 'anonymous' && acc.owner_field !== null && row.owner === me.orgId;
export const partyOf = (acc, role, row, me) => role !== 'anonymous' && acc.party_field !== null && row.party === me.orgId;
export const orgBound = (acc, role) => acc.write_rows === 'org' && !isOp(role);

/** The answer to a request on the collection (a list, a create) before any row is looked at:
 * 0 when the request gets that far. */
export function gate(acc, role, writing) {
  if (writing && role === 'anonymous') return 401; // changes need a session (route table)
  if (!canRead(acc, role)) return role === 'anonymous' ? 401 : 403;
  if (writing && acc.write === 'none') return 405;
  if (writing && !acc.write_roles.includes(role)) return 403;
  return 0;
}

/** The answer to a request on a row before its fields are looked at (0: it gets that far). A
 * row the caller may not see answers 404 as an absent one does, "absent or invisible to you":
 * in a collection they may not read at all too; 403 is for a row they see but may not change. */
export function gateRow(acc, role, row, writing, me) {
  if (writing && role === 'anonymous') return 401; // changes need a session (route table)
  if (!canRead(acc, role)) return role === 'anonymous' ? 401 : 404;
  if (writing && acc.write === 'none') return 405;
  if (!visible(acc, role, row, me)) return 404;
  if (writing && !acc.write_roles.includes(role)) return 403;
  return 0;
}

/** The status of a read ('read'), change ('patch') or delete ('delete') of row by role. */
export function expectRow(acc, role, row, op, me) {
  const g = gateRow(acc, role, row, op !== 'read', me);
  if (g) return g;
  if (op === 'read') return 200;
  // the party changes the row as the owner does, but only the owner deletes it
  if (orgBound(acc, role) && row.owner !== me.orgId && (op === 'delete' || !partyOf(acc, role, row, me))) return 403;
  // Organisations are registered and removed by operators: a member changes its own
  // organisation's profile but does not delete it (as create_roles leaves members out).
  if (op === 'delete' && acc.owner_field === 'id' && orgBound(acc, role)) return 403;
  // An operator deleting its own organisation is refused by its references: the caller's user
  // row still belongs to it.
  if (op === 'delete' && acc.owner_field === 'id' && !row.absent && row.id === me.orgId) return 409;
  // Anonymising one's own account is refused (members.c: 409).
  if (op === 'delete' && row.selfOf === role) return 409;
  return op === 'patch' ? 200 : 204;
}

/** The status of a create of a row owned by the organisation owner. */
export function expectCreate(acc, role, owner, me) {
  const g = gate(acc, role, true);
  if (g) return g;
  if (!acc.create_roles.includes(role)) return 403;
  if (orgBound(acc, role) && acc.owner_field !== 'id' && owner !== me.orgId) return 422;
  return 201;
}

const VISIBILITIES = ['private', 'cluster', 'public'];
export const SHARED_KINDS = ['other-private-shared', 'other-private-shared-elsewhere'];

/** 'own-private' -> {who: 'own', vis: 'private'}; 'public' -> {who: null, vis: 'public'}; 'own' -> {who: 'own', vis: null} */
export function parseKind(kind) {
  const [a, b] = kind.split('-');
  if (b) return { who: a, vis: b };
  return VISIBILITIES.includes(a) ? { who: null, vis: a } : { who: a, vis: null };
}

/** The readers that name organisations or users through a via or a link table: each needs rows
 * that name the caller that way ("via:<key>") and rows that name someone else. */
export const indirectReaders = (acc) => acc.readers.filter((x) => (x.kind === 'org' || x.kind === 'user') && !direct(x));
/** The readers that name a field other than the owner, party and user fields directly. */
export const otherDirectReaders = (acc) => acc.readers.filter((x) => (x.kind === 'org' || x.kind === 'user') && direct(x) &&
  x.field !== acc.owner_field && x.field !== acc.party_field && x.field !== acc.user_field);

/** The kinds of rows (relations to the callers) of a collection: whose (own: the callers'
 * organisation A; other: B, with a party that is not A; party: B's, with A as the party; mine:
 * the caller's; theirs: another user's) and how visible; rows that name the caller through a
 * reader of the read table ("reader:<key>"), and rows inside a parent the callers see or do not
 * ("within-seen", "within-unseen"). */
export function kindsOf(acc) {
  let kinds;
  if (acc.user_field) kinds = ['mine', 'theirs'];
  else if (acc.owner_field && acc.visibility_field) {
    kinds = ['own-private', 'other-private', 'other-cluster', 'other-public', ...(acc.party_field ? ['party-private'] : []), ...(acc.shareable ? SHARED_KINDS : [])];
  } else if (acc.visibility_field) kinds = [...VISIBILITIES];
  else if (acc.owner_field) kinds = ['own', 'other', ...(acc.party_field ? ['party'] : [])];
  else kinds = ['shared'];
  for (const x of [...otherDirectReaders(acc), ...indirectReaders(acc)]) kinds.push(`reader:${readerKey(x)}`);
  if (acc.within) kinds.push('within-seen', 'within-unseen');
  return kinds;
}

/** The row of a kind as the policy table pictures it: the callers are in organisation 'A' (user
 * 'U'), others are 'B', 'C' and user 'V'. For the kinds inside a parent, the parent is the
 * parent collection's own private row (seen) or another organisation's private row (unseen). */
export function abstractRow(acc, kind, parentAcc) {
  const { who, vis } = parseKind(kind);
  const row = { owner: null, party: null, vis: null, user: null, sharedWith: [], named: {} };
  if (acc.owner_field) row.owner = who === 'own' ? 'A' : 'B';
  if (acc.party_field) row.party = who === 'party' ? 'A' : 'C';
  if (acc.visibility_field) row.vis = vis || 'cluster';
  if (acc.user_field) row.user = kind === 'mine' ? 'U' : 'V';
  if (kind === 'other-private-shared') row.sharedWith = ['A'];
  if (kind === 'other-private-shared-elsewhere') row.sharedWith = ['C'];
  if (kind.startsWith('reader:')) {
    // another organisation's private row that the reader alone admits the caller to
    if (acc.visibility_field) row.vis = 'private';
    const key = kind.slice('reader:'.length);
    const x = acc.readers.find((r) => readerKey(r) === key);
    row.named[key] = x.kind === 'user' ? ['U'] : ['A'];
  }
  if (kind.startsWith('within-')) {
    row.owner = acc.owner_field ? 'A' : null; // a row the callers would see but for its parent
    if (acc.visibility_field) row.vis = 'cluster';
    if (acc.user_field) row.user = 'U';
    const seenParent = kind === 'within-seen';
    const pacc = parentAcc;
    const prow = pacc ? abstractRow(pacc, pacc.owner_field && pacc.visibility_field ? (seenParent ? 'own-private' : 'other-private')
      : pacc.owner_field ? (seenParent ? 'own' : 'other') : pacc.user_field ? (seenParent ? 'mine' : 'theirs') : (seenParent ? 'public' : 'private')) : null;
    row.parent = pacc ? { acc: pacc, row: prow } : null;
  }
  return row;
}
