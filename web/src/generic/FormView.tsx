// Create and edit form of any collection: an input by field kind (text, textarea, number, date,
// checkbox, select for enums and references, checkbox list for tags). Required and maxLength are
// hints; the server is the judge: its problem+json errors are shown at their fields (linked with
// aria-describedby) and the rest in a banner. An edit sends only what changed, with If-Match; a
// 412 offers a reload. Leaving with unsaved changes asks first.
import type { JSX } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api, ApiError, collectionAllow, request, type Row } from '../api/client';
import {
  collectionLabel,
  ensureOrder,
  fieldLabel,
  model,
  rowTitle,
  type Collection,
  type Field,
} from '../api/openapi';
import { invalidateRefs, tagLabel, useTags } from '../api/refs';
import { formatBrn, fromSeoulLocal, parseWon, seoulLocal } from '../format';
import { enumLabel, formatDuration, formatNumber, formatWon, t } from '../i18n';
import { navigate, setGuard, useLocation } from '../router';
import { canWrite, isOperator, refreshSession, sessionStore } from '../session';
import { announce, Banner, Loading, RequiredMark, useTitle } from '../ui';
import { ConflictBanner, may } from './DetailView';
import { FileInput } from './files';
import { RefPicker, type Choice } from './RefPicker';
import { expandedTitle } from './values';

type FormValue = string | boolean | string[];
type Values = Record<string, FormValue>;

function toForm(f: Field, v: unknown): FormValue {
  if (f.kind === 'boolean') return v === true;
  if (f.kind === 'tags' || f.kind === 'refs') return Array.isArray(v) ? v.map(String) : [];
  if (f.kind === 'list') return Array.isArray(v) ? v.map(String).join('\n') : '';
  if (v === null || v === undefined) return '';
  // an instant is edited as its date and time in Seoul (a datetime-local input)
  if (f.kind === 'datetime') return seoulLocal(String(v)) ?? String(v);
  if (f.kind === 'money' && typeof v === 'number') return formatNumber(v);
  if (f.kind === 'brn') return formatBrn(String(v));
  return String(v);
}

function toJson(f: Field, v: FormValue): unknown {
  if (f.kind === 'boolean') return v === true;
  if (f.kind === 'tags') return Array.isArray(v) ? v : [];
  if (f.kind === 'refs') return Array.isArray(v) ? v.map(Number) : [];
  if (f.kind === 'list')
    return String(v)
      .split('\n')
      .map((s) => s.trim())
      .filter(Boolean);
  const s = String(v);
  const single = f.kind !== 'longtext';
  const text = single ? s.trim() : s;
  if (text === '') return f.nullable ? null : '';
  if (f.kind === 'datetime') return fromSeoulLocal(text) ?? text;
  if (f.kind === 'money') return parseWon(text) ?? text;
  if (
    f.kind === 'integer' ||
    f.kind === 'duration' ||
    f.kind === 'reference' ||
    f.kind === 'number' ||
    f.kind === 'decimal'
  ) {
    const clean = text.replace(/,/g, '');
    return /^-?\d+(\.\d+)?$/.test(clean) ? Number(clean) : text;
  }
  return text;
}

function isEmpty(v: unknown): boolean {
  return v === null || v === '' || (Array.isArray(v) && v.length === 0);
}

/**
 * The fields a form shows: writable ones, those only operators set left out for others; on
 * create the status is left to the server.
 */
/** Visibilities from the narrowest; a row inside another is never shown more widely. */
const VISIBILITIES = ['private', 'cluster', 'public'];

/** The widest visibility the rows a form's row is inside allow (x-bpmc-within references that
 * are set): a collection without a visibility (a collaboration: its organisations' rows only)
 * allows private only, one with a visibility (a meeting) its row's. seen holds the parents'
 * visibilities read so far ("meetings/5" → "private"); undefined while one is unknown. */
function widestInside(
  c: Collection,
  values: Values,
  seen: Record<string, string>,
): number | undefined {
  let widest = VISIBILITIES.length - 1;
  for (const f of c.fields) {
    const id = values[f.name];
    if (!f.schema['x-bpmc-within'] || !f.references || typeof id !== 'string' || !id) continue;
    const target = model()?.collections[f.references];
    if (!target?.byName.visibility) widest = 0;
    else {
      const vis = seen[`${f.references}/${id}`];
      if (vis === undefined) return undefined;
      widest = Math.min(widest, Math.max(0, VISIBILITIES.indexOf(vis)));
    }
  }
  return widest;
}

function formFields(c: Collection, editing: boolean): Field[] {
  const operator = isOperator(sessionStore.get().user);
  return c.fields.filter((f) => {
    if (f.readOnly) return false;
    if (f.operatorOnly && !operator) return false;
    if (!editing && f.isStatus && c.transitions.length && !f.required) return false;
    return true;
  });
}

const fid = (name: string) => `f-${name}`;

/**
 * The choices a member has for the field that names the owning organisation: its own only (the
 * server refuses any other, resource_check_rights); null when every visible row may be chosen.
 */
function ownerChoices(c: Collection, f: Field): Choice[] | null {
  const user = sessionStore.get().user;
  if (!user || isOperator(user) || !c.orgWrites || c.ownerField !== f.name || !user.org_id)
    return null;
  const m = user.memberships?.find((x) => x.org_id === user.org_id);
  return [{ id: user.org_id, title: m?.org_name ?? String(user.org_id) }];
}

/**
 * The choices for a field naming a user (an owner) when the caller may not list users (only
 * operators may): the active members of the record's organisation, or of the caller's own
 * (GET /orgs/{id}/members, which members may read). null: search users as any collection.
 */
function useMemberChoices(c: Collection, f: Field, row: Row | null): Choice[] | null {
  const user = sessionStore.get().user;
  const org = (c.ownerField && row ? Number(row[c.ownerField]) : 0) || user?.org_id || 0;
  const wanted = f.references === 'users' && !!user && !isOperator(user) && org > 0;
  const [choices, setChoices] = useState<Choice[] | null>(null);
  useEffect(() => {
    if (!wanted) return;
    let live = true;
    request<{ items: { user_id: number | null; name: string; active: boolean }[] }>(
      'GET',
      `orgs/${org}/members`,
    )
      .then((a) => {
        if (!live) return;
        const people = a.data.items.filter((m) => m.active && m.user_id !== null);
        setChoices(people.map((m) => ({ id: m.user_id as number, title: m.name })));
      })
      .catch(() => live && setChoices([]));
    return () => {
      live = false;
    };
  }, [wanted, org]);
  return wanted ? (choices ?? []) : null;
}

function RefInput(props: {
  c: Collection;
  f: Field;
  value: string;
  row: Row | null;
  onChange: (v: string) => void;
  onBlur: () => void;
  describedBy?: string;
  invalid: boolean;
  disabled: boolean;
}) {
  const { c, f, value } = props;
  const owners = useMemo(() => ownerChoices(c, f), [c, f]);
  const members = useMemberChoices(c, f, props.row);
  const only = owners ?? members;
  const id = /^\d+$/.test(value) ? Number(value) : null;
  const known = props.row && id !== null ? expandedTitle(props.row, f) : undefined;
  if (!f.references) return null;
  return (
    <RefPicker
      id={fid(f.name)}
      collection={f.references}
      value={id === null ? [] : [id]}
      onChange={(ids) => props.onChange(ids.length ? String(ids[0]) : '')}
      only={only ?? undefined}
      known={known && id !== null ? { [id]: known } : undefined}
      describedBy={props.describedBy}
      invalid={props.invalid}
      required={f.required}
      disabled={props.disabled}
      onBlur={props.onBlur}
    />
  );
}

function TagsInput(props: {
  f: Field;
  value: string[];
  onChange: (v: string[]) => void;
  describedBy?: string;
  invalid: boolean;
  disabled: boolean;
}) {
  const tags = useTags();
  const { f, value } = props;
  const list = [...(tags?.keys() ?? [])]
    .map((slug) => [slug, tagLabel(tags, slug)] as const)
    .sort((a, b) => a[1].localeCompare(b[1], 'ko'));
  for (const v of value) if (tags && !tags.has(v)) list.push([v, v]);
  return (
    <fieldset
      class="tag-choices"
      id={fid(f.name)}
      aria-describedby={props.describedBy}
      aria-invalid={props.invalid ? 'true' : undefined}
      disabled={props.disabled}
    >
      <legend>
        {fieldLabel(f)}
        {f.required ? <RequiredMark /> : null}
      </legend>
      {tags === null ? <Loading /> : null}
      <div class="tag-grid">
        {list.map(([slug, name]) => {
          const id = `${fid(f.name)}-${slug}`;
          return (
            <div class="check" key={slug}>
              <input
                type="checkbox"
                id={id}
                checked={value.includes(slug)}
                onChange={(e) => {
                  const on = (e.currentTarget as HTMLInputElement).checked;
                  props.onChange(on ? [...value, slug] : value.filter((x) => x !== slug));
                }}
              />
              <label for={id}>{name}</label>
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}

function hintOf(c: Collection, f: Field, value: FormValue): string | null {
  const parts: string[] = [];
  const p = f.schema;
  if (f.kind === 'brn') parts.push(t('form.brnHint'));
  if (f.kind === 'phone') parts.push(t('form.phoneHint'));
  if (f.kind === 'list') parts.push(t('form.listHint'));
  if (p.maxLength && (f.kind === 'text' || f.kind === 'longtext')) {
    const len = typeof value === 'string' ? value.length : 0;
    parts.push(
      `${t('form.maxLength', { n: formatNumber(p.maxLength) })}${len ? ` (${formatNumber(len)})` : ''}`,
    );
  }
  const won = f.kind === 'money' && typeof value === 'string' ? parseWon(value) : null;
  const minutes = f.kind === 'duration' && typeof value === 'string' ? Number(value) : NaN;
  if (f.kind === 'datetime') parts.push(t('form.seoulTime'));
  if (f.kind === 'duration') parts.push(t('form.minutes'));
  if (won !== null && won >= 0) {
    parts.push(`= ${formatWon(won)}`);
  } else if (value !== '' && Number.isInteger(minutes) && minutes > 0) {
    parts.push(`= ${formatDuration(minutes)}`);
  } else if (
    (f.kind === 'integer' || f.kind === 'money') &&
    p.minimum !== undefined &&
    p.maximum !== undefined &&
    p.maximum < 1e12
  ) {
    parts.push(t('form.range', { min: formatNumber(p.minimum), max: formatNumber(p.maximum) }));
  }
  void c;
  return parts.length ? parts.join(' · ') : null;
}

/** The check digit of a 사업자등록번호 (as the server checks it, base/validate.c). */
export function validBrn(s: string): boolean {
  const d = s.replace(/-/g, '');
  if (!/^\d{10}$/.test(d) || !/^(\d{3}-?\d{2}-?\d{5})$/.test(s.trim())) return false;
  const w = [1, 3, 7, 1, 3, 7, 1, 3, 5];
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(d[i]) * w[i];
  sum += Math.floor((Number(d[8]) * 5) / 10);
  return (10 - (sum % 10)) % 10 === Number(d[9]);
}

/** What is wrong with a field's value that the browser can tell (the server still judges). */
function checkField(f: Field, v: FormValue): string | null {
  const empty = v === '' || (Array.isArray(v) && v.length === 0);
  if (f.required && empty && f.kind !== 'boolean') return t('form.requiredMissing');
  if (typeof v !== 'string' || v.trim() === '') return null;
  const s = v.trim();
  if (f.kind === 'brn' && !validBrn(s)) return t('form.brnInvalid');
  if (f.kind === 'email' && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(s)) return t('form.emailInvalid');
  if (
    (f.kind === 'text' || f.kind === 'longtext') &&
    f.schema.maxLength &&
    [...v].length > f.schema.maxLength
  )
    return t('form.tooLong', { n: formatNumber(f.schema.maxLength) });
  if (
    (f.kind === 'integer' || f.kind === 'decimal' || f.kind === 'number') &&
    !/^-?[\d,]+(\.\d+)?$/.test(s)
  )
    return t('form.numberInvalid');
  return null;
}

function FieldInput(props: {
  c: Collection;
  f: Field;
  value: FormValue;
  error?: string;
  editing: boolean;
  row: Row | null;
  /** enum values the API accepts here (a visibility inside a private record), or all */
  only?: string[];
  /** every field's value (a file's readers follow the record's organisation and visibility) */
  values: Values;
  onChange: (v: FormValue) => void;
  /** the field was left: check it */
  onLeave: () => void;
  /** a message for this field from the server outside a save (an upload refused), or null */
  onError: (message: string | null) => void;
}) {
  const { c, f, value, error, editing, onChange } = props;
  const id = fid(f.name);
  const hint = hintOf(c, f, value);
  const hintId = hint ? `${id}-hint` : undefined;
  const errId = error ? `${id}-error` : undefined;
  const describedBy = [errId, hintId].filter(Boolean).join(' ') || undefined;
  const disabled = editing && f.immutable;
  const invalid = !!error;
  const common = {
    id,
    'aria-describedby': describedBy,
    'aria-invalid': invalid ? ('true' as const) : undefined,
    'aria-required': f.required ? ('true' as const) : undefined,
    disabled,
    onBlur: props.onLeave,
  };
  const str = typeof value === 'string' ? value : '';
  const onText = (e: Event) => onChange((e.currentTarget as HTMLInputElement).value);
  let input: JSX.Element;
  switch (f.kind) {
    case 'tags':
      return (
        <div class={`form-field${invalid ? ' has-error' : ''}`}>
          <TagsInput
            f={f}
            value={Array.isArray(value) ? value : []}
            onChange={onChange}
            describedBy={describedBy}
            invalid={invalid}
            disabled={disabled}
          />
          {error ? (
            <p class="field-error" id={errId}>
              {error}
            </p>
          ) : null}
          {hint ? (
            <p class="hint" id={hintId}>
              {hint}
            </p>
          ) : null}
        </div>
      );
    case 'boolean':
      return (
        <div class={`form-field check${invalid ? ' has-error' : ''}`}>
          <input
            {...common}
            type="checkbox"
            checked={value === true}
            onChange={(e) => onChange((e.currentTarget as HTMLInputElement).checked)}
          />
          <label for={id}>{fieldLabel(f)}</label>
          {error ? (
            <p class="field-error" id={errId}>
              {error}
            </p>
          ) : null}
        </div>
      );
    case 'enum': {
      // what the server alone writes is not offered (but a row's own value stays shown)
      const cur = String(props.row?.[f.name] ?? '');
      let values = (f.enumValues ?? []).filter((v) => !f.serverValues?.includes(v) || v === cur);
      if (props.only) values = values.filter((v) => props.only!.includes(v));
      if (f.isStatus && editing && props.row && c.transitions.length) {
        values = values.filter(
          (v) => v === cur || c.transitions.some((x) => x.from === cur && x.to === v),
        );
      }
      input = (
        <select {...common} value={str} onChange={onText}>
          {!f.required || f.nullable || !str ? (
            <option value="">{f.required ? t('form.choose') : t('form.unset')}</option>
          ) : null}
          {values.map((v) => (
            <option key={v} value={v}>
              {enumLabel(c.name, f.name, v)}
            </option>
          ))}
        </select>
      );
      break;
    }
    case 'refs':
      input = f.references ? (
        <RefPicker
          id={id}
          collection={f.references}
          multiple
          value={(Array.isArray(value) ? value : []).map(Number)}
          onChange={(ids) => onChange(ids.map(String))}
          describedBy={describedBy}
          invalid={invalid}
          required={f.required}
          disabled={disabled}
          onBlur={props.onLeave}
          max={f.schema.maxItems}
        />
      ) : (
        <span />
      );
      break;
    case 'reference':
      input =
        f.references === 'files' ? (
          <FileInput
            c={c}
            f={f}
            value={str}
            values={props.values}
            row={props.row}
            onChange={onChange}
            onError={props.onError}
            describedBy={describedBy}
            invalid={invalid}
            disabled={disabled}
          />
        ) : (
          <RefInput
            c={c}
            f={f}
            row={props.row}
            value={str}
            onChange={onChange}
            onBlur={props.onLeave}
            describedBy={describedBy}
            invalid={invalid}
            disabled={disabled}
          />
        );
      break;
    case 'longtext':
    case 'list':
      input = (
        <textarea {...common} rows={f.kind === 'list' ? 4 : 6} value={str} onInput={onText} />
      );
      break;
    case 'integer':
    case 'number':
    case 'decimal':
    case 'duration':
      input = (
        <input
          {...common}
          type="text"
          inputMode={f.kind === 'decimal' || f.kind === 'number' ? 'decimal' : 'numeric'}
          value={str}
          onInput={onText}
          class="num"
        />
      );
      break;
    case 'money':
      // digits with or without commas; shown with them once the field is left
      input = (
        <input
          {...common}
          type="text"
          inputMode="numeric"
          value={str}
          onInput={onText}
          onBlur={() => {
            const w = parseWon(str);
            if (w !== null && formatNumber(w) !== str) onChange(formatNumber(w));
            props.onLeave();
          }}
          class="num"
        />
      );
      break;
    case 'date':
      input = <input {...common} type="date" value={str} onInput={onText} />;
      break;
    case 'datetime':
      input = <input {...common} type="datetime-local" value={str} onInput={onText} />;
      break;
    case 'email':
      input = <input {...common} type="email" autoComplete="off" value={str} onInput={onText} />;
      break;
    case 'uri':
      input = <input {...common} type="url" value={str} onInput={onText} />;
      break;
    case 'phone':
      input = <input {...common} type="tel" value={str} onInput={onText} />;
      break;
    case 'brn':
      input = (
        <input
          {...common}
          type="text"
          inputMode="numeric"
          autoComplete="off"
          value={str}
          onInput={onText}
          onBlur={() => {
            if (validBrn(str) && formatBrn(str) !== str) onChange(formatBrn(str));
            props.onLeave();
          }}
        />
      );
      break;
    default:
      input = (
        <input
          {...common}
          type="text"
          value={str}
          onInput={onText}
          lang={/_en$/.test(f.name) ? 'en' : undefined}
        />
      );
  }
  return (
    <div class={`form-field${invalid ? ' has-error' : ''} kind-${f.kind}`}>
      <label for={f.kind === 'reference' && f.references === 'files' ? `${id}-choose` : id}>
        {fieldLabel(f)}
        {f.required ? <RequiredMark /> : null}
      </label>
      {input}
      {error ? (
        <p class="field-error" id={errId}>
          {error}
        </p>
      ) : null}
      {hint ? (
        <p class="hint" id={hintId}>
          {hint}
        </p>
      ) : null}
    </div>
  );
}

export function FormView(props: { c: Collection; id?: number }) {
  const { c, id } = props;
  const editing = id !== undefined;
  const loc = useLocation();
  const [ready, setReady] = useState(false);
  const [row, setRow] = useState<Row | null>(null);
  const [etag, setEtag] = useState<string | null>(null);
  const [values, setValues] = useState<Values>({});
  const [initial, setInitial] = useState<Values>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [banner, setBanner] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const [saving, setSaving] = useState(false);
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const [, setOrderTick] = useState(0);
  const [allowed, setAllowed] = useState<boolean | null>(null);
  const [summary, setSummary] = useState(false);
  const [created, setCreated] = useState<{ id: number; once: [string, string][] } | null>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  const fields = useMemo(() => formFields(c, editing), [c, editing, ready]);

  // the records the row is inside (x-bpmc-within): their visibility bounds the row's
  const [parents, setParents] = useState<Record<string, string>>({});
  const insideKeys = c.fields
    .filter(
      (f) =>
        f.schema['x-bpmc-within'] &&
        f.references &&
        model()?.collections[f.references]?.byName.visibility,
    )
    .map((f) =>
      typeof values[f.name] === 'string' && values[f.name]
        ? `${f.references}/${values[f.name]}`
        : '',
    )
    .filter((k) => k && !(k in parents));
  useEffect(() => {
    for (const key of insideKeys) {
      const [coll, rid] = key.split('/');
      api
        .get(coll, rid)
        .then((a) =>
          setParents((cur) => ({ ...cur, [key]: String(a.data.visibility ?? 'private') })),
        )
        .catch(() => setParents((cur) => ({ ...cur, [key]: 'private' })));
    }
  }, [insideKeys.join(',')]);
  const widest = widestInside(c, values, parents);
  useEffect(() => {
    // a visibility wider than the record the row is inside allows becomes the widest it allows
    const v = values.visibility;
    if (widest === undefined || typeof v !== 'string' || !v) return;
    if (VISIBILITIES.indexOf(v) > widest)
      setValues((cur) => ({ ...cur, visibility: VISIBILITIES[widest] }));
  }, [widest, values.visibility]);

  const fill = (r: Row | null): Values => {
    const v: Values = {};
    const prefill = new URLSearchParams(loc.search);
    for (const f of formFields(c, editing)) {
      if (r) v[f.name] = toForm(f, r[f.name]);
      else {
        const p = prefill.get(f.name);
        v[f.name] =
          p !== null && f.kind !== 'tags' && f.kind !== 'refs' && f.kind !== 'boolean'
            ? p
            : toForm(f, (f.kind === 'tags' || f.kind === 'refs') && p ? p.split(',') : null);
      }
    }
    return v;
  };

  const load = async () => {
    await ensureOrder(c);
    setOrderTick((n) => n + 1);
    if (editing) {
      try {
        const a = await api.get(c.name, id!);
        // may I change it: the row's Allow, by the server's rules (issue #11)
        setAllowed(c.canPatch && may(a.allow, 'PATCH', () => canWrite(c, a.data)));
        setRow(a.data);
        setEtag(a.etag);
        const v = fill(a.data);
        setValues(v);
        setInitial(v);
      } catch (e) {
        setLoadError(e instanceof ApiError ? e : new ApiError({ status: 0 }));
      }
    } else {
      try {
        const allow = await collectionAllow(c.name);
        setAllowed(c.canCreate && allow.has('POST'));
      } catch (e) {
        setLoadError(e instanceof ApiError ? e : new ApiError({ status: 0 }));
      }
      const v = fill(null);
      setValues(v);
      setInitial(fill(null));
    }
    setReady(true);
  };

  useEffect(() => {
    setReady(false);
    void load();
  }, [c, id]);
  const retryLoad = async () => {
    setLoadError(null);
    setReady(false);
    await load();
  };

  /** Check field f as the user leaves it: its message shows (or goes) at once. */
  const leave = (f: Field) => {
    const m = checkField(f, values[f.name] ?? toForm(f, null));
    setErrors((cur) => {
      if ((cur[f.name] ?? null) === m) return cur;
      const next = { ...cur };
      if (m) next[f.name] = m;
      else delete next[f.name];
      return next;
    });
  };

  const dirty = ready && JSON.stringify(values) !== JSON.stringify(initial);
  useEffect(() => {
    setGuard(dirty ? () => window.confirm(t('form.unsaved')) : null);
    return () => setGuard(null);
  }, [dirty]);

  const label = collectionLabel(c);
  const heading = editing
    ? t('form.edit', { title: row ? rowTitle(c, row) : label })
    : t('form.new', { label });
  useTitle(heading);

  if (!ready && !loadError) return <Loading />;
  if (ready && allowed === false && !loadError) {
    return (
      <section>
        <h1 id="page-title" tabIndex={-1}>
          {heading}
        </h1>
        <Banner kind="error">{t('error.forbidden')}</Banner>
      </section>
    );
  }
  if (loadError) {
    return (
      <section>
        <h1 id="page-title" tabIndex={-1}>
          {heading}
        </h1>
        <Banner kind="error">
          {loadError.text()}{' '}
          <button type="button" onClick={() => void retryLoad()}>
            {t('retry')}
          </button>
        </Banner>
      </section>
    );
  }
  if (created) {
    return (
      <section class="form-page" aria-labelledby="page-title">
        <h1 id="page-title" tabIndex={-1}>
          {heading}
        </h1>
        <Banner kind="success">{t('form.saved')}</Banner>
        <Banner kind="warning">{t('form.onceOnly')}</Banner>
        <dl class="fields card">
          {created.once.map(([k, v]) => (
            <div class="field" key={k}>
              <dt>{k}</dt>
              <dd>
                <code class="secret">{v}</code>
              </dd>
            </div>
          ))}
        </dl>
        <p>
          <a class="button primary" href={`/${c.name}/${created.id}`}>
            {t('form.viewCreated')}
          </a>
        </p>
      </section>
    );
  }

  const submit = async (e: Event) => {
    e.preventDefault();
    if (saving) return;
    setBanner(null);
    setConflict(false);
    // what the browser can tell is checked first, every field at once
    const local: Record<string, string> = {};
    for (const f of fields) {
      if (editing && f.immutable) continue;
      const m = checkField(f, values[f.name] ?? toForm(f, null));
      if (m) local[f.name] = m;
    }
    if (Object.keys(local).length) {
      setErrors(local);
      setSummary(true);
      window.setTimeout(() => summaryRef.current?.focus(), 0);
      return;
    }
    const body: Record<string, unknown> = {};
    for (const f of fields) {
      if (editing && f.immutable) continue;
      const v = toJson(f, values[f.name]);
      if (editing) {
        if (JSON.stringify(values[f.name]) !== JSON.stringify(initial[f.name])) body[f.name] = v;
      } else if (f.kind === 'boolean') {
        // an untouched checkbox leaves the server's default
        if (values[f.name] !== initial[f.name]) body[f.name] = v;
      } else if (!isEmpty(v)) {
        body[f.name] = v;
      }
    }
    if (editing && Object.keys(body).length === 0) {
      announce(t('form.nothing'));
      setBanner(t('form.nothing'));
      return;
    }
    setSaving(true);
    try {
      const a = editing ? await api.patch(c.name, id!, body, etag) : await api.create(c.name, body);
      invalidateRefs(c.name);
      setErrors({});
      setGuard(null);
      announce(t('form.saved'));
      const newId = a.data?.id ?? id;
      // values the server shows only in this answer (e.g. a new API token): keep them on screen
      const once = Object.entries(a.data ?? {}).filter(
        ([k, v]) => !(k in c.byName) && typeof v !== 'object',
      );
      if (!editing && once.length) {
        setInitial(values);
        setCreated({ id: Number(newId), once: once.map(([k, v]) => [k, String(v)]) });
        return;
      }
      navigate(`/${c.name}/${newId}`, { force: true });
    } catch (err) {
      if (err instanceof ApiError) {
        if (err.status === 412) {
          setConflict(true);
          setErrors({});
        } else if (err.status === 401) {
          // the session ended: say so, and let the header offer the login again
          setBanner(err.text());
          void refreshSession();
        } else {
          const fe = err.fieldErrors();
          const shown: Record<string, string> = {};
          const rest: string[] = [];
          for (const [k, m] of Object.entries(fe)) {
            if (fields.some((f) => f.name === k)) shown[k] = m;
            else rest.push(`${c.byName[k] ? fieldLabel(c.byName[k]) : k}: ${m}`);
          }
          setErrors(shown);
          const n = Object.keys(shown).length;
          setSummary(n > 0);
          const other = [n ? '' : err.text(), ...rest].filter(Boolean).join(' · ');
          setBanner(other || null);
          window.setTimeout(() => summaryRef.current?.focus(), 0);
        }
      } else {
        setBanner(String(err));
      }
    } finally {
      setSaving(false);
    }
  };

  const reloadLatest = async () => {
    try {
      const a = await api.get(c.name, id!);
      setRow(a.data);
      setEtag(a.etag);
      const v = fill(a.data);
      setValues(v);
      setInitial(v);
      setConflict(false);
      setBanner(null);
      announce(t('conflict.reloaded'));
    } catch (e) {
      setBanner(e instanceof ApiError ? e.text() : String(e));
    }
  };

  const summaryShown = summary && fields.some((f) => errors[f.name]);
  const cancelHref = editing ? `/${c.name}/${id}` : `/${c.name}`;
  return (
    <section class="form-page" aria-labelledby="page-title">
      <p class="crumbs">
        <a href={`/${c.name}`}>{t('detail.back', { label })}</a>
      </p>
      <h1 id="page-title" tabIndex={-1}>
        {heading}
      </h1>
      <p class="muted">{t('form.requiredNote')}</p>
      <div
        ref={summaryRef}
        tabIndex={-1}
        aria-labelledby={summaryShown ? 'error-summary-title' : undefined}
      >
        {conflict ? <ConflictBanner onReload={reloadLatest} /> : null}
        {summaryShown ? (
          <div class="error-summary banner banner-error" role="alert">
            <h2 id="error-summary-title">{t('form.summary')}</h2>
            <ul>
              {fields
                .filter((f) => errors[f.name])
                .map((f) => (
                  <li key={f.name}>
                    <a
                      href={`#${fid(f.name)}`}
                      onClick={(e) => {
                        e.preventDefault();
                        const el = document.getElementById(fid(f.name));
                        (f.kind === 'tags' ? el?.querySelector('input') : el)?.focus();
                      }}
                    >
                      {fieldLabel(f)}: {errors[f.name]}
                    </a>
                  </li>
                ))}
            </ul>
          </div>
        ) : null}
        {banner ? <Banner kind="error">{banner}</Banner> : null}
      </div>
      <form noValidate onSubmit={submit} class="record-form">
        {fields.map((f) => (
          <FieldInput
            key={f.name}
            c={c}
            f={f}
            value={values[f.name] ?? toForm(f, null)}
            error={errors[f.name]}
            editing={editing}
            row={row}
            only={
              f.name === 'visibility' && widest !== undefined
                ? VISIBILITIES.slice(0, widest + 1)
                : undefined
            }
            values={values}
            onChange={(v) => {
              setValues((cur) => ({ ...cur, [f.name]: v }));
            }}
            onLeave={() => leave(f)}
            onError={(m) =>
              setErrors((cur) => {
                const next = { ...cur };
                if (m) next[f.name] = m;
                else delete next[f.name];
                return next;
              })
            }
          />
        ))}
        <div class="button-row form-actions">
          <button type="submit" class="primary" disabled={saving}>
            {saving ? t('form.saving') : t('form.save')}
          </button>
          <a class="button" href={cancelHref}>
            {t('form.cancel')}
          </a>
        </div>
      </form>
    </section>
  );
}
