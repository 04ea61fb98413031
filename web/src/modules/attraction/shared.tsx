// What the attraction pages share: the stages, the move form that asks what a stage needs,
// and the message of a refusal.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, type Row } from '../../api/client';
import type { Collection } from '../../api/openapi';
import { RefPicker } from '../../generic/RefPicker';
import { enumLabel, pick } from '../../i18n';
import { announce, Banner } from '../../ui';

/** The stages in pipeline order (the server's prospect_stages, rules.c). */
export const STAGES = ['identified', 'contacted', 'meeting', 'loi', 'mou', 'moved_in', 'dropped'];

export const stageLabel = (s: string) => enumLabel('prospects', 'stage', s);

/** The stages a prospect at stage `from` may move to, as the collection's transitions say. */
export function movesFrom(c: Collection | undefined, from: string): string[] {
  const to = (c?.transitions ?? []).filter((t) => t.from === from).map((t) => t.to);
  return STAGES.filter((s) => to.includes(s));
}

/** What a refusal says: the messages at its fields, else its detail. */
export function refusalText(e: ApiError): string {
  return Object.values(e.fieldErrors()).join(' · ') || e.text();
}

/** The form of a move of `row` to stage `to`: it asks what the stage needs (the LOI's or MOU's
 * date, a drop's reason, the move-in date and the organisation it is) and sends the PATCH with
 * the row's version; `done` gets the row as it now is. */
export function MoveForm(props: {
  row: Row;
  to: string;
  onDone: (row: Row) => void;
  onCancel: () => void;
}) {
  const { row, to } = props;
  const [values, setValues] = useState<Record<string, string>>(() => ({
    loi_on: String(row.loi_on ?? ''),
    mou_on: String(row.mou_on ?? ''),
    moved_in_on: String(row.moved_in_on ?? ''),
    org_id: row.org_id != null ? String(row.org_id) : '',
    drop_reason: '',
  }));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const first = useRef<HTMLElement>(null);
  useEffect(() => first.current?.focus(), [to]);
  const set = (k: string) => (e: Event) =>
    setValues({ ...values, [k]: (e.target as HTMLInputElement).value });
  const fieldError = (k: string) => error?.fieldErrors()[k];
  const id = `move-${row.id}`;
  const input = (
    k: string,
    ko: string,
    en: string,
    type: 'date' | 'text' | 'number',
    required: boolean,
  ) => (
    <label key={k}>
      <span>
        {pick(ko, en)}
        {required ? <span aria-hidden="true"> *</span> : null}
      </span>
      <input
        ref={k === fields[0] ? (first as never) : undefined}
        type={type}
        name={k}
        value={values[k]}
        required={required}
        onInput={set(k)}
        aria-invalid={fieldError(k) ? 'true' : undefined}
        aria-describedby={fieldError(k) ? `${id}-${k}-err` : undefined}
      />
      {fieldError(k) ? (
        <span class="field-error" id={`${id}-${k}-err`}>
          {fieldError(k)}
        </span>
      ) : null}
    </label>
  );
  /* the organisation it becomes: one of the directory's, chosen by name (empty: a new one) */
  const orgPicker = () => (
    <div key="org_id" class="ref-field">
      <label for={`${id}-org_id`}>
        {pick('기존 기관(비우면 새로 등록)', 'Existing organisation (empty: register one)')}
      </label>
      <RefPicker
        id={`${id}-org_id`}
        collection="orgs"
        value={values.org_id ? [Number(values.org_id)] : []}
        onChange={(ids) => setValues({ ...values, org_id: ids[0] ? String(ids[0]) : '' })}
        invalid={!!fieldError('org_id')}
        describedBy={fieldError('org_id') ? `${id}-org_id-err` : undefined}
      />
      {fieldError('org_id') ? (
        <span class="field-error" id={`${id}-org_id-err`}>
          {fieldError('org_id')}
        </span>
      ) : null}
    </div>
  );
  const fields =
    to === 'loi'
      ? ['loi_on']
      : to === 'mou'
        ? ['mou_on']
        : to === 'dropped'
          ? ['drop_reason']
          : to === 'moved_in'
            ? ['moved_in_on', 'org_id']
            : [];
  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const body: Record<string, unknown> = { stage: to };
    for (const k of fields) {
      const v = values[k].trim();
      if (k === 'org_id') {
        if (v) body.org_id = Number(v);
      } else if (v) body[k] = v;
    }
    try {
      const fresh = await api.get('prospects', row.id);
      const a = await api.patch('prospects', row.id, body, fresh.etag);
      announce(
        pick(
          `${String(row.name)}: ${stageLabel(to)}(으)로 옮겼습니다`,
          `${String(row.name)} moved to ${stageLabel(to)}`,
        ),
      );
      props.onDone(a.data);
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError({ status: 0 }));
    } finally {
      setBusy(false);
    }
  }
  return (
    <form class="move-form" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>
        {pick('단계 옮기기', 'Move')}: {String(row.name)} — {stageLabel(String(row.stage))} →{' '}
        {stageLabel(to)}
      </h2>
      <p class="muted">
        {pick(
          '옮기면 활동 기록에 단계 변경이 남습니다.',
          'The move is recorded in the activity log.',
        )}
        {to === 'moved_in'
          ? pick(
              ' 입주하면 기관(입주기업)이 등록되거나, 기존 기관을 고르면 그 기관이 입주기업이 됩니다. 후방·전방 기업과의 가치사슬 연결도 만들어집니다.',
              ' Moving in registers the organisation as a tenant (or marks the existing organisation you choose), and links its value chain.',
            )
          : ''}
      </p>
      {error ? <Banner kind="error">{refusalText(error)}</Banner> : null}
      <div class="fields">
        {fields.map((k) =>
          k === 'loi_on'
            ? input(k, '입주의향서 일자', 'LOI date', 'date', true)
            : k === 'mou_on'
              ? input(k, 'MOU 체결일', 'MOU date', 'date', true)
              : k === 'drop_reason'
                ? input(k, '중단 사유', 'Reason dropped', 'text', true)
                : k === 'moved_in_on'
                  ? input(k, '입주일(비우면 오늘)', 'Moved in on (empty: today)', 'date', false)
                  : orgPicker(),
        )}
      </div>
      <div class="button-row">
        <button
          type="submit"
          class="primary"
          disabled={busy}
          ref={fields.length ? undefined : (first as never)}
        >
          {pick(`${stageLabel(to)}(으)로 옮기기`, `Move to ${stageLabel(to)}`)}
        </button>
        <button type="button" onClick={props.onCancel} disabled={busy}>
          {pick('취소', 'Cancel')}
        </button>
      </div>
    </form>
  );
}
