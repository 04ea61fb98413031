// The cast and the clock of the facilities tests (facilities*.test.mjs, scale-out.test.mjs):
// the organisations and people who book, the Seoul wall-clock times they book at, the opening
// hours of the resources, and a resource made by an operator.
import assert from 'node:assert/strict';

/** A tenant company, another company, and the center that manages resources (demo data). */
export const COMPANY = 101, OTHER = 102, CENTER = 12;

const p2 = (n) => String(n).padStart(2, '0');
/** The Seoul wall clock of the next Monday at least 3 days from now, plus days, at hh:mm. */
export function seoul(days, hh, mm = 0) {
  const now = new Date(Date.now() + 9 * 3600e3);
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 3));
  while (d.getUTCDay() !== 1) d.setUTCDate(d.getUTCDate() + 1);
  d.setUTCDate(d.getUTCDate() + days);
  return `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}T${p2(hh)}:${p2(mm)}:00+09:00`;
}
/** The date (YYYY-MM-DD, Seoul) of seoul(days, …). */
export const day = (days) => seoul(days, 0).slice(0, 10);
/** A time as the API answers it: UTC, no milliseconds. */
export const utc = (s) => new Date(s).toISOString().replace('.000Z', 'Z');

/** Opening hours: weekdays 09-18, or round the clock every day. */
export const WEEKDAYS = { hours_mon: '09:00-18:00', hours_tue: '09:00-18:00', hours_wed: '09:00-18:00', hours_thu: '09:00-18:00', hours_fri: '09:00-18:00' };
export const ROUND_CLOCK = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [`hours_${d}`, '00:00-24:00']));

/** Who books: the name of each in a test, the end of their e-mail address, role and organisation. */
const PEOPLE = {
  company: ['co', 'org-admin', COMPANY],
  member: ['member', 'org-member', COMPANY],
  other: ['other', 'org-admin', OTHER],
  manager: ['center', 'org-member', CENTER],
  trainee: ['trainee', 'trainee', COMPANY],
};

/**
 * Adds the people named (`<prefix>-<end>@bpmc.test`), then signs each in, in that order, and
 * answers their sessions by name: company (org-admin of COMPANY), member (org-member of
 * COMPANY), other (org-admin of OTHER), manager (org-member of the CENTER), trainee (of COMPANY).
 */
export async function cast(srv, prefix, names = Object.keys(PEOPLE)) {
  const email = (name) => `${prefix}-${PEOPLE[name][0]}@bpmc.test`;
  for (const name of names) srv.addUser({ email: email(name), role: PEOPLE[name][1], org: PEOPLE[name][2] });
  const sessions = {};
  for (const name of names) sessions[name] = await srv.login(email(name));
  return sessions;
}

/** A resource the operator creates: an instrument, not closed on holidays (the seeded ones may
 * fall in the weeks the tests book) unless the fields say so; 201 or the test fails. */
export async function newResource(srv, op, fields) {
  const r = await srv.post('/api/v1/resources', { kind: 'instrument', closed_on_holidays: false, ...fields }, op);
  assert.equal(r.status, 201, r.text);
  return r.json;
}
