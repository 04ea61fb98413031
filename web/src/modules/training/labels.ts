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
