// Attached files in the generic views: a field that references `files` is shown as the file's
// name (a download of /files/{id}/content) with its size, and edited by choosing a file from the
// computer, which is uploaded at once (POST /files, the raw bytes) and named by the field; it can
// be replaced or cleared, or an already uploaded file chosen instead.
//
// Who may read the uploaded file follows the record it is attached to, never wider (docs/
// modules.md "Attachments"): a record only operators read gets a private file of no
// organisation (what the attraction pipeline's evidence must be); a record with a visibility
// gets the same visibility, owned by the record's organisation; a record of an organisation
// (and of a second one taking part) gets a private file of that organisation, shared with the
// second (POST /shares); a record anyone reads gets a public file, one every signed-in user
// reads a cluster file. The server checks each module's own rules and its answer is shown.
import { useRef, useState } from 'preact/hooks';
import { ApiError, request, type Row } from '../api/client';
import { type Collection, type Field } from '../api/openapi';
import { invalidateRefs } from '../api/refs';
import { enumLabel, t } from '../i18n';
import { isOperator, sessionStore } from '../session';
import { RefPicker } from './RefPicker';
import { FileLink } from './values';

export interface FileTarget {
  visibility: 'private' | 'cluster' | 'public';
  /** the organisation that owns the file (none: 0) */
  org: number;
  /** an organisation to share the private file with (the record's second party), or 0 */
  share: number;
}

/**
 * Who may read a file attached to a record of c with the form's values (and the record's row
 * when editing): the narrowest that lets the record's readers read it, never wider.
 */
export function fileTarget(
  c: Collection,
  values: Record<string, unknown>,
  row: Row | null,
): FileTarget {
  const num = (name: string | undefined): number => {
    if (!name) return 0;
    const v = values[name] ?? row?.[name];
    const n = Number(v);
    return Number.isInteger(n) && n > 0 ? n : 0;
  };
  const user = sessionStore.get().user;
  const own = user && !isOperator(user) ? (user.org_id ?? 0) : 0;
  if (c.readRule === 'operator') return { visibility: 'private', org: 0, share: 0 };
  if (c.visibilityField) {
    const v = String(values[c.visibilityField] ?? row?.[c.visibilityField] ?? '');
    const visibility = v === 'public' || v === 'cluster' ? v : 'private';
    return { visibility, org: num(c.ownerField) || own, share: 0 };
  }
  if (c.ownerField) {
    const org = num(c.ownerField) || own;
    const party = num(c.partyField);
    return { visibility: 'private', org, share: party && party !== org ? party : 0 };
  }
  if (c.readRule === 'public') return { visibility: 'public', org: own, share: 0 };
  return { visibility: 'cluster', org: own, share: 0 };
}

/** The file chooser of a reference to `files` in a form. */
export function FileInput(props: {
  c: Collection;
  f: Field;
  /** the chosen file's id ('' for none) */
  value: string;
  values: Record<string, unknown>;
  row: Row | null;
  onChange: (v: string) => void;
  /** the server's message when an upload is refused (null: none) */
  onError: (message: string | null) => void;
  describedBy?: string;
  invalid: boolean;
  disabled: boolean;
}) {
  const { c, f, value } = props;
  const id = `f-${f.name}`;
  const chosen = /^\d+$/.test(value) ? Number(value) : null;
  const [busy, setBusy] = useState(false);
  const [picking, setPicking] = useState(false);
  const file = useRef<HTMLInputElement>(null);
  const target = fileTarget(c, props.values, props.row);
  const where =
    target.visibility === 'private'
      ? target.org
        ? t(target.share ? 'file.privateShared' : 'file.privateOrg')
        : t('file.privateOperators')
      : enumLabel('files', 'visibility', target.visibility);

  const upload = async (picked: File) => {
    setBusy(true);
    props.onError(null);
    try {
      const query: Record<string, string | number> = {
        name: picked.name,
        visibility: target.visibility,
      };
      if (target.org) query.org_id = target.org;
      const a = await request<Row>('POST', 'files', {
        query,
        raw: { body: picked, type: picked.type || 'application/octet-stream' },
      });
      const newId = a.data.id;
      if (target.share) {
        try {
          await request('POST', 'shares', {
            body: { collection: 'files', row_id: newId, org_id: target.share },
          });
        } catch {
          // the file stays private to its organisation: narrower, never wider
        }
      }
      invalidateRefs('files');
      props.onChange(String(newId));
    } catch (e) {
      if (e instanceof ApiError) {
        const fe = Object.values(e.fieldErrors());
        const detail = e.problem.detail_ko || e.problem.detail_en || e.problem.detail;
        const text =
          e.status === 413 && !detail
            ? t('file.tooLarge')
            : fe.length && e.status === 422
              ? fe.join(' · ')
              : e.text();
        props.onError(text);
      } else {
        props.onError(String(e));
      }
    } finally {
      setBusy(false);
      if (file.current) file.current.value = '';
    }
  };

  return (
    <div class="file-input" id={id} aria-describedby={props.describedBy}>
      {chosen !== null ? (
        <p class="file-chosen">
          <FileLink id={chosen} />
        </p>
      ) : (
        <p class="muted file-none">{t('file.none')}</p>
      )}
      <div class="button-row">
        <button
          type="button"
          id={`${id}-choose`}
          disabled={busy || props.disabled}
          aria-invalid={props.invalid ? 'true' : undefined}
          aria-describedby={[props.describedBy, `${id}-where`].filter(Boolean).join(' ')}
          onClick={() => file.current?.click()}
        >
          {busy ? t('file.uploading') : chosen !== null ? t('file.replace') : t('file.upload')}
        </button>
        <input
          ref={file}
          id={`${id}-upload`}
          class="visually-hidden"
          type="file"
          tabIndex={-1}
          aria-hidden="true"
          disabled={busy || props.disabled}
          onChange={(e) => {
            const picked = (e.currentTarget as HTMLInputElement).files?.[0];
            if (picked) void upload(picked);
          }}
        />
        {chosen !== null && !f.required ? (
          <button
            type="button"
            disabled={busy || props.disabled}
            onClick={() => {
              props.onError(null);
              props.onChange('');
            }}
          >
            {t('file.clear')}
          </button>
        ) : null}
        <button
          type="button"
          class="link"
          aria-expanded={picking ? 'true' : 'false'}
          disabled={props.disabled}
          onClick={() => setPicking((x) => !x)}
        >
          {t('file.pickExisting')}
        </button>
      </div>
      <p class="hint" id={`${id}-where`}>
        {t('file.who', { who: where })}
      </p>
      {picking ? (
        <RefPicker
          id={`${id}-existing`}
          collection="files"
          value={chosen === null ? [] : [chosen]}
          onChange={(ids) => {
            props.onError(null);
            props.onChange(ids.length ? String(ids[0]) : '');
          }}
          describedBy={props.describedBy}
          invalid={props.invalid}
          disabled={props.disabled}
        />
      ) : null}
    </div>
  );
}
