// How a field's value is shown, by its kind in the OpenAPI model: enum labels, 예/아니오, Korean
// dates, thousands separators, money in 억/만원, tag names as chips, references as links titled
// with the referenced row.
import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { Row } from '../api/client';
import { model, type Collection, type Field } from '../api/openapi';
import { decimal, formatBrn } from '../format';
import { loadRefRow, tagLabel, useRefReadable, useRefTitle, useTags } from '../api/refs';
import { offered, sessionStore } from '../session';
import {
  enumLabel,
  formatDate,
  formatDateTime,
  formatDuration,
  formatNumber,
  formatWon,
  formatWonCompact,
  knownLabel,
  lang,
  t,
} from '../i18n';

const HANGUL = /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]/;

/** Text from the data: marked lang="ko" when it is Korean on an English page (and the reverse
 * is done by the *_en fields), so that screen readers pronounce it right. */
export function Txt(props: { s: string }) {
  if (lang() === 'en' && HANGUL.test(props.s)) return <span lang="ko">{props.s}</span>;
  return <>{props.s}</>;
}

export function Empty() {
  return (
    <span class="muted" aria-label={t('none')}>
      —
    </span>
  );
}

/** The title carried by an expanded reference (`org: {id, name}`), if the row has one. */
export function expandedTitle(row: Row, field: Field): string | undefined {
  const stem = field.name.endsWith('_id') ? field.name.slice(0, -3) : `${field.name}_ref`;
  const x = row[stem];
  if (!x || typeof x !== 'object') return undefined;
  for (const [k, v] of Object.entries(x as Record<string, unknown>)) {
    if (k !== 'id' && typeof v === 'string' && v) return v;
  }
  return undefined;
}

/** "1.2 MB", "340 KB", "12 바이트" */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return t('file.bytes', { n: formatNumber(n) });
}

/** The URL that downloads a file's bytes. */
export const fileContentUrl = (id: number) => `/api/v1/files/${id}/content`;

function useFileRow(id: number | null): Row | null | undefined {
  const [row, setRow] = useState<Row | null | undefined>(undefined);
  useEffect(() => {
    if (id === null) {
      setRow(undefined);
      return undefined;
    }
    let live = true;
    setRow(undefined);
    loadRefRow('files', id).then((r) => live && setRow(r));
    return () => {
      live = false;
    };
  }, [id]);
  return row;
}

/** A file named by a record: its name as a download link, its size (detail pages, forms). */
export function FileLink(props: { id: number; known?: string }) {
  const row = useFileRow(props.id);
  const name = (row?.name as string | undefined) ?? props.known ?? `#${props.id}`;
  if (row === null) return <span class="muted">{t('file.unreadable', { id: props.id })}</span>;
  return (
    <span class="file-link">
      <a href={fileContentUrl(props.id)} download={name}>
        <Txt s={name} />
      </a>
      {typeof row?.size === 'number' ? <span class="muted"> ({formatBytes(row.size)})</span> : null}
    </span>
  );
}

export function RefLink(props: {
  collection?: string;
  id: number;
  known?: string;
  /** the known title is carried with the referring row (x-bpmc-expand "with-row"), so it
   * says nothing of whether the user may open the row itself */
  named?: boolean;
}) {
  const title = useRefTitle(props.collection, props.id, props.known);
  const text = title ?? `#${props.id}`;
  // a link only to a row the API shows the user: never into a collection only operators read,
  // and to a row it expanded for them or answered when asked (no link to a 404)
  const target = props.collection ? model()?.collections[props.collection] : undefined;
  const open = !!props.collection && (!target || offered(target, sessionStore.get().user));
  const readable = useRefReadable(
    open ? props.collection : undefined,
    props.id,
    open && !!props.known && !props.named,
  );
  if (!props.collection || !readable) return <Txt s={text} />;
  return (
    <a href={`/${props.collection}/${props.id}`}>
      <Txt s={text} />
    </a>
  );
}

export function TagChips(props: { slugs: string[]; linkTo?: string }) {
  const tags = useTags();
  if (!props.slugs.length) return <Empty />;
  return (
    <ul class="chips">
      {props.slugs.map((s) => (
        <li key={s} class="chip">
          {props.linkTo ? (
            <a href={`/${props.linkTo}?fields=${encodeURIComponent(s)}`}>{tagLabel(tags, s)}</a>
          ) : (
            tagLabel(tags, s)
          )}
        </li>
      ))}
    </ul>
  );
}

export function StatusBadge(props: { collection: string; field: string; value: string }) {
  return (
    <span class={`badge status-${props.value}`}>
      {enumLabel(props.collection, props.field, props.value)}
    </span>
  );
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

/** One field of one row, as text and links. `compact` shortens long text (for tables). */
export function Value(props: {
  c: Collection;
  field: Field;
  row: Row;
  compact?: boolean;
}): JSX.Element {
  const { c, field, row, compact } = props;
  const v = row[field.name];
  if (v === null || v === undefined || v === '') return <Empty />;
  let out: ComponentChildren;
  switch (field.kind) {
    case 'enum':
      out = field.isStatus ? (
        <StatusBadge collection={c.name} field={field.name} value={String(v)} />
      ) : (
        enumLabel(c.name, field.name, String(v))
      );
      break;
    case 'boolean':
      out = v ? t('yes') : t('no');
      break;
    case 'date':
      out = <time dateTime={String(v)}>{formatDate(String(v))}</time>;
      break;
    case 'datetime':
      out = <time dateTime={String(v)}>{formatDateTime(String(v))}</time>;
      break;
    case 'integer':
    case 'number':
      out = typeof v === 'number' ? formatNumber(v) : String(v);
      break;
    case 'decimal':
      out = typeof v === 'number' ? decimal(v, field.scale ?? 2) : String(v);
      break;
    case 'duration':
      out = typeof v === 'number' ? formatDuration(v) : String(v);
      break;
    case 'money':
      // in full on a record; short in a table, where the exact amount is the title
      out =
        typeof v === 'number' ? (
          <span title={`${formatNumber(v)}원`}>{compact ? formatWonCompact(v) : formatWon(v)}</span>
        ) : (
          String(v)
        );
      break;
    case 'reference':
      out =
        typeof v === 'number' && field.references === 'files' ? (
          <FileLink id={v} known={expandedTitle(row, field)} />
        ) : typeof v === 'number' ? (
          <RefLink
            collection={field.references}
            id={v}
            known={expandedTitle(row, field)}
            named={field.namedRef}
          />
        ) : (
          String(v)
        );
      break;
    case 'tags':
      out = Array.isArray(v) ? (
        <TagChips slugs={v.map(String)} linkTo={compact ? undefined : c.name} />
      ) : (
        String(v)
      );
      break;
    case 'refs':
      // each id a link titled with the row's name
      out = Array.isArray(v) ? (
        v.length ? (
          <ul class="ref-list">
            {v.map((id) => (
              <li key={String(id)}>
                <RefLink collection={field.references} id={Number(id)} />
              </li>
            ))}
          </ul>
        ) : (
          <Empty />
        )
      ) : (
        String(v)
      );
      break;
    case 'list':
      out = Array.isArray(v) ? v.map(String).join(', ') : String(v);
      break;
    case 'brn':
      // as people write it: 000-00-00000, never broken across lines
      out = <span class="nowrap">{formatBrn(String(v))}</span>;
      break;
    case 'email':
      out = <a href={`mailto:${String(v)}`}>{String(v)}</a>;
      break;
    case 'phone':
      out = <a href={`tel:${String(v).replace(/[^0-9+]/g, '')}`}>{String(v)}</a>;
      break;
    case 'uri': {
      const s = String(v);
      out = /^https?:\/\//i.test(s) ? (
        <a href={s} target="_blank" rel="noopener noreferrer">
          {compact ? truncate(s.replace(/^https?:\/\//, ''), 40) : s}
        </a>
      ) : (
        s
      );
      break;
    }
    case 'longtext':
      out =
        knownLabel(c.name, field.name, String(v)) ??
        (compact ? (
          <Txt s={truncate(String(v), 80)} />
        ) : (
          <span class="prewrap">
            <Txt s={String(v)} />
          </span>
        ));
      break;
    default:
      out = knownLabel(c.name, field.name, String(v)) ?? (
        <Txt s={compact ? truncate(String(v), 120) : String(v)} />
      );
  }
  if (/_en$/.test(field.name)) return <span lang="en">{out}</span>;
  return <>{out}</>;
}
