// Create and edit form of any collection: an input by field kind (text, textarea, number, date,
// checkbox, select for enums and references, checkbox list for tags). Required and maxLength are
// hints; the server is the judge: its problem+json errors are shown at their fields (linked with
// aria-describedby) and the rest in a banner. An edit sends only what changed, with If-Match; a
// 412 offers a reload. Leaving with unsaved changes asks first.
import type { JSX } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api, ApiError, type Row } from '../api/client';
import {
  collectionLabel,
  ensureOrder,
  fieldLabel,
  rowTitle,
  model,
  type Collection,
  type Field,
} from '../api/openapi';
import { invalidateRefs, tagLabel, useRefOptions, useRefTitle, useTags } from '../api/refs';
import { fromSeoulLocal, parseWon, seoulLocal } from '../format';
import { enumLabel, formatDuration, formatNumber, formatWon, t } from '../i18n';
import { navigate, setGuard, useLocation } from '../router';
import { canWrite, isOperator, refreshSession, sessionStore } from '../session';
import { announce, Banner, Loading, RequiredMark, useTitle } from '../ui';
import { ConflictBanner } from './DetailView';

type FormValue = string | boolean | string[];
type Values = Record<string, FormValue>;

function toForm(f: Field, v: unknown): FormValue {
  if (f.kind === 'boolean') return v === true;
  if (f.kind === 'tags') return Array.isArray(v) ? v.map(String) : [];
  if (f.kind === 'list') return Array.isArray(v) ? v.map(String).join('\n') : '';
  if (v === null || v === undefined) return '';
  // an instant is edited as its date and time in Seoul (a datetime-local input)
  if (f.kind === 'datetime') return seoulLocal(String(v)) ?? String(v);
  if (f.kind === 'money' && typeof v === 'number') return formatNumber(v);
  return String(v);
}

function toJson(f: Field, v: FormValue): unknown {
  if (f.kind === 'boolean') return v === true;
  if (f.kind === 'tags') return Array.isArray(v) ? v : [];
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

function RefInput(props: {
  f: Field;
  value: string;
  onChange: (v: string) => void;
  describedBy?: string;
  invalid: boolean;
  disabled: boolean;
}) {
  const { f, value, onChange } = props;
  const opts = useRefOptions(f.references);
  const idNum = /^\d+$/.test(value) ? Number(value) : null;
  const title = useRefTitle(opts === null ? f.references : undefined, idNum);
  const target = f.references ? model()?.collections[f.references] : undefined;
  const common = {
    id: fid(f.name),
    'aria-describedby': props.describedBy,
    'aria-invalid': props.invalid ? ('true' as const) : undefined,
    'aria-required': f.required ? ('true' as const) : undefined,
    disabled: props.disabled,
  };
  if (opts === undefined) {
    return (
      <select {...common} value={value} disabled>
        <option value={value}>{t('list.loading')}</option>
      </select>
    );
  }
  if (opts === null) {
    return (
      <span class="ref-number">
        <input
          {...common}
          type="number"
          inputMode="numeric"
          min={1}
          value={value}
          onInput={(e) => onChange((e.currentTarget as HTMLInputElement).value)}
        />
        {title ? <span class="muted"> {title}</span> : null}
      </span>
    );
  }
  const known = opts.some((o) => String(o.id) === value);
  return (
    <select
      {...common}
      value={value}
      onChange={(e) => onChange((e.currentTarget as HTMLSelectElement).value)}
    >
      <option value="">{f.required ? t('form.choose') : t('form.unset')}</option>
      {opts
        .map((o) => [o.id, rowTitle(target, o.row)] as const)
        .sort((a, b) => a[1].localeCompare(b[1], 'ko'))
        .map(([id, title]) => (
          <option key={id} value={String(id)}>
            {title}
          </option>
        ))}
      {value && !known ? <option value={value}>#{value}</option> : null}
    </select>
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

function FieldInput(props: {
  c: Collection;
  f: Field;
  value: FormValue;
  error?: string;
  editing: boolean;
  row: Row | null;
  onChange: (v: FormValue) => void;
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
      let values = f.enumValues ?? [];
      if (f.isStatus && editing && props.row && c.transitions.length) {
        const cur = String(props.row[f.name] ?? '');
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
    case 'reference':
      input = (
        <RefInput
          f={f}
          value={str}
          onChange={onChange}
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
      input = <input {...common} type="text" inputMode="numeric" value={str} onInput={onText} />;
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
      <label for={id}>
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
  const [created, setCreated] = useState<{ id: number; once: [string, string][] } | null>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  const fields = useMemo(() => formFields(c, editing), [c, editing, ready]);

  const fill = (r: Row | null): Values => {
    const v: Values = {};
    const prefill = new URLSearchParams(loc.search);
    for (const f of formFields(c, editing)) {
      if (r) v[f.name] = toForm(f, r[f.name]);
      else {
        const p = prefill.get(f.name);
        v[f.name] =
          p !== null && f.kind !== 'tags' && f.kind !== 'boolean'
            ? p
            : toForm(f, f.kind === 'tags' && p ? [p] : null);
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
        setRow(a.data);
        setEtag(a.etag);
        const v = fill(a.data);
        setValues(v);
        setInitial(v);
      } catch (e) {
        setLoadError(e instanceof ApiError ? e : new ApiError({ status: 0 }));
      }
    } else {
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

  if (!canWrite(c)) {
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
        <Banner kind="error">{loadError.text()}</Banner>
      </section>
    );
  }
  if (!ready) return <Loading />;
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
          setBanner(
            [n ? t('form.errors', { n }) : err.text(), ...rest].filter(Boolean).join(' · '),
          );
          window.setTimeout(() => {
            const firstBad = fields.find((f) => shown[f.name]);
            const el = firstBad
              ? (document.getElementById(fid(firstBad.name)) as HTMLElement | null)
              : summaryRef.current;
            (firstBad?.kind === 'tags' ? el?.querySelector('input') : el)?.focus();
          }, 0);
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
      <div ref={summaryRef} tabIndex={-1}>
        {conflict ? <ConflictBanner onReload={reloadLatest} /> : null}
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
            onChange={(v) => {
              setValues((cur) => ({ ...cur, [f.name]: v }));
            }}
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
