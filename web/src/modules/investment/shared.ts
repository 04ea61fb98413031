// What the investment pages share: who the signed-in user works for, and a refusal's text.
import type { ApiError } from '../../api/client';
import { isOperator, sessionStore } from '../../session';

/** The organisation the signed-in user works in and may write for (not trainees), or 0. */
export function myWritingOrg(): number {
  const u = sessionStore.get().user;
  if (!u || isOperator(u) || u.role === 'trainee' || u.org_id == null) return 0;
  return Number(u.org_id);
}

/** What a refusal says: the messages at its fields, else its detail. */
export function refusalText(e: ApiError): string {
  return Object.values(e.fieldErrors()).join(' · ') || e.text();
}

/** A row's expanded organisation name, or its id. */
export function orgName(row: Record<string, unknown>, stem: string): string {
  const x = row[stem] as { name?: string; title?: string } | null | undefined;
  const id = row[`${stem}_id`];
  return x?.name ?? x?.title ?? (id != null ? `#${String(id)}` : '—');
}
