// The SLA state of a support request, from its deadlines (set by the server's rule) and status:
// what the journey page and the operators' queue show beside each request.
import type { Row } from '../../api/client';

export type SlaState = 'done' | 'first-late' | 'late' | 'soon' | 'ok';

const OPEN = ['new', 'triaged', 'in-progress'];
const SOON_MS = 24 * 3600 * 1000; // a deadline within a day is "due soon"

export function slaState(r: Row, now = Date.now()): SlaState {
  const st = String(r.status ?? '');
  if (!OPEN.includes(st)) return 'done';
  const due = r.resolution_due ? Date.parse(String(r.resolution_due)) : NaN;
  const first = r.first_response_due ? Date.parse(String(r.first_response_due)) : NaN;
  if (due < now) return 'late';
  if (!r.first_response_at && first < now) return 'first-late';
  if (due - now < SOON_MS || (!r.first_response_at && first - now < SOON_MS)) return 'soon';
  return 'ok';
}

/** Open requests first by how urgent their state is, then by deadline. */
export function bySla(a: Row, b: Row, now = Date.now()): number {
  const rank: Record<SlaState, number> = { late: 0, 'first-late': 1, soon: 2, ok: 3, done: 4 };
  const d = rank[slaState(a, now)] - rank[slaState(b, now)];
  if (d) return d;
  return String(a.resolution_due ?? '').localeCompare(String(b.resolution_due ?? ''));
}
