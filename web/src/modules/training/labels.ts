import { api, type Row } from '../../api/client';

// The curriculum's axes in the server's order (src/modules/training/entries.c): the fields
// (업종) and levels (수준); their labels come from the OpenAPI document (enumLabel).
export const FIELDS = [
  'genomics',
  'medical-devices',
  'ai-data',
  'drug-discovery',
  'clinical-regulatory',
  'commercialization',
] as const;
export const LEVELS = ['basic', 'intermediate', 'advanced'] as const;

/** Today in Seoul, YYYY-MM-DD. */
export function todayInKorea(): string {
  return new Date(Date.now() + 9 * 3600e3).toISOString().slice(0, 10);
}

/** What the training pages need of a cohort beyond an expanded reference's {id, name}. */
export interface CohortInfo {
  course: string;
  sessions: number;
}

/** The given cohorts' courses and sessions: one request for the latest 200 cohorts (with their
 * course expanded), and one per cohort only for an older one outside them. */
export async function cohortInfo(ids: number[]): Promise<Record<number, CohortInfo>> {
  const out: Record<number, CohortInfo> = {};
  const keep = (k: Row) => {
    const c = k.course as { title?: string } | undefined;
    out[k.id] = { course: String(c?.title ?? ''), sessions: Number(k.sessions ?? 0) };
  };
  const want = [...new Set(ids.filter((id) => id > 0))];
  if (!want.length) return out;
  const a = await api.list('cohorts', { expand: 'course', sort: '-id', limit: 200 });
  a.items.forEach(keep);
  const older = want.filter((id) => !out[id]);
  const rest = await Promise.all(
    older.map((id) => api.get<Row>('cohorts', id, { expand: 'course' })),
  );
  rest.forEach((r) => keep(r.data));
  return out;
}

/** A cohort as people name it: its course's title, then its own name ("유전체 분석 2026년 1기"). */
export function cohortTitle(
  info: CohortInfo | undefined,
  cohort: { name?: string } | undefined,
  id: unknown,
): string {
  const name = cohort?.name ?? `#${String(id)}`;
  return info?.course ? `${info.course} ${name}` : name;
}
