// The import page (/imports, operators): a CSV or XLSX file of organisations, people or
// capabilities is sent as it is to POST /api/v1/imports?mode=preview, which answers how each
// column is read and what would happen to every row, with its errors by column; "import" sends
// the same bytes with mode=commit, which writes all rows in one transaction or none (422 with
// the rows at fault), or, with rows=valid, the rows without errors only; mode=report answers an
// XLSX of the rows with errors to fix and import again. A template of each collection
// (GET /api/v1/imports/template) is offered for download. Messages come in both languages and
// follow the language of the moment.
import { useState } from 'preact/hooks';
import { ApiError, request, type FieldError } from '../../api/client';
import { collectionLabel, fieldLabel, type Model } from '../../api/openapi';
import { formatNumber, lang } from '../../i18n';
import { Txt } from '../../generic/values';
import { isOperator, sessionStore } from '../../session';
import { useStore } from '../../store';
import { announce, Banner, Loading, useTitle } from '../../ui';
import { ti, type ImportKey } from './strings';

const COLLECTIONS = ['orgs', 'people', 'capabilities'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const ROWS_SHOWN = 300;
const REASONS = ['unknown', 'read-only', 'duplicate'];

interface ImportError extends FieldError {
  column?: string;
  line?: number;
}

interface Column {
  header: string;
  field: string | null;
  label_ko?: string;
  label_en?: string;
  reason?: string;
}

interface PreviewRow {
  line: number;
  action: 'create' | 'update' | 'unchanged';
  id?: number;
  changed?: string[];
  cells: string[];
  error_count: number;
  errors: ImportError[];
}

interface Preview {
  collection: string;
  format: string;
  encoding?: string;
  key?: string;
  columns: Column[];
  missing: string[];
  rows: PreviewRow[];
  creates: number;
  updates: number;
  unchanged: number;
  errors: number;
  error_count: number;
}

interface Done {
  created: number;
  updated: number;
  unchanged: number;
  refused: number;
}

function say(e: FieldError): string {
  return (lang() === 'en' ? e.message_en : e.message_ko) || e.message;
}

function typeOf(file: File): string {
  const name = file.name.toLowerCase();
  if (name.endsWith('.xlsx')) return XLSX;
  if (name.endsWith('.csv') || name.endsWith('.txt')) return 'text/csv';
  return file.type || 'application/octet-stream';
}

export function ImportPage(props: { m: Model | null }) {
  const session = useStore(sessionStore);
  const [collection, setCollection] = useState('orgs');
  const [file, setFile] = useState<File | null>(null);
  const [bytes, setBytes] = useState<{ body: ArrayBuffer; type: string } | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [done, setDone] = useState<Done | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [fileError, setFileError] = useState(false);
  const [busy, setBusy] = useState<'' | 'preview' | 'commit' | 'valid' | 'report'>('');
  const [onlyErrors, setOnlyErrors] = useState(false);
  const [formKey, setFormKey] = useState(0);
  useTitle(ti('import.title'));
  const m = props.m;
  if (!session.checked || !m) return <Loading />;
  const head = (
    <h1 id="page-title" tabIndex={-1}>
      {ti('import.title')}
    </h1>
  );
  if (!isOperator(session.user)) {
    return (
      <section aria-labelledby="page-title">
        {head}
        <Banner kind="info">{ti('import.operators')}</Banner>
      </section>
    );
  }
  const available = COLLECTIONS.filter((n) => m.collections[n]);
  const c = m.collections[collection];
  const label = (field: string) => (c?.byName[field] ? fieldLabel(c.byName[field]) : field);

  const reset = () => {
    setPreview(null);
    setDone(null);
    setError(null);
  };

  /* The XLSX of the rows with errors, built by the server from the same bytes, saved. */
  const downloadReport = async () => {
    if (!bytes) return;
    setBusy('report');
    setError(null);
    try {
      const a = await request<Blob>('POST', 'imports', {
        query: { collection, mode: 'report' },
        raw: bytes,
        blob: true,
      });
      const url = URL.createObjectURL(a.data);
      const link = document.createElement('a');
      link.href = url;
      link.download = `${ti('import.reportName')}-${collection}.xlsx`;
      document.body.append(link);
      link.click();
      link.remove();
      window.setTimeout(() => URL.revokeObjectURL(url), 10000);
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError({ status: 0 }));
      window.setTimeout(() => document.getElementById('import-error')?.focus());
    } finally {
      setBusy('');
    }
  };

  const send = async (mode: 'preview' | 'commit', validOnly = false) => {
    if (!bytes) {
      setFileError(true);
      document.getElementById('import-file')?.focus();
      return;
    }
    setBusy(validOnly ? 'valid' : mode);
    setError(null);
    setDone(null);
    try {
      const a = await request<Preview | Done>('POST', 'imports', {
        query: { collection, mode, rows: validOnly ? 'valid' : undefined },
        raw: bytes,
      });
      if (mode === 'preview') {
        const p = a.data as Preview;
        setPreview(p);
        setOnlyErrors(p.errors > 0 && p.rows.length > 20);
        announce(
          `${ti('import.summary')}: ${ti('import.creates')} ${p.creates}, ${ti('import.updates')} ${p.updates}, ${ti('import.errorRows')} ${p.errors}`,
        );
        window.setTimeout(() => document.getElementById('import-summary')?.focus());
      } else {
        const d = a.data as Done;
        setDone(d);
        setPreview(null);
        setOnlyErrors(false);
        announce(ti('import.done', d as unknown as Record<string, number>));
        window.setTimeout(() => document.getElementById('import-done')?.focus());
      }
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError({ status: 0 });
      setError(err);
      // a refused commit carries the rows at fault, as the preview shows them
      const rows = (err.problem as unknown as { rows?: PreviewRow[] }).rows;
      if (mode === 'commit' && rows && preview) {
        const bad = new Map(rows.map((r) => [r.line, r]));
        setPreview({
          ...preview,
          rows: preview.rows.map((r) => bad.get(r.line) ?? r),
          errors: rows.length,
        });
        setOnlyErrors(true);
      }
      window.setTimeout(() => document.getElementById('import-error')?.focus());
    } finally {
      setBusy('');
    }
  };

  const colOfField = new Map<string, number>();
  preview?.columns.forEach((col, i) => col.field && colOfField.set(col.field, i));
  const colOfHeader = new Map<string, number>();
  preview?.columns.forEach((col, i) => colOfHeader.set(col.header, i));
  const writable = preview ? preview.creates + preview.updates : 0;
  const canCommit =
    !!preview && preview.errors === 0 && !preview.missing.length && writable > 0 && !busy;
  // with errors: the valid rows may be written alone, and the others downloaded to fix
  const canCommitValid =
    !!preview && preview.errors > 0 && !preview.missing.length && writable > 0 && !busy;
  const reportButton = (
    <button type="button" disabled={!!busy} onClick={() => void downloadReport()}>
      {busy === 'report' ? ti('import.reporting') : ti('import.report')}
    </button>
  );
  const rows = preview
    ? preview.rows.filter((r, i) =>
        onlyErrors ? r.error_count > 0 : i < ROWS_SHOWN || r.error_count > 0,
      )
    : [];
  const problemErrors = (error?.problem.errors ?? []) as ImportError[];
  const actionKey = (a: string) => `import.action.${a}` as ImportKey;

  return (
    <section class="import-page" aria-labelledby="page-title">
      {head}
      <p class="lead">{ti('import.lead')}</p>
      <form
        key={formKey}
        class="card import-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void send('preview');
        }}
      >
        <fieldset class="choice-row">
          <legend>{ti('import.collection')}</legend>
          {available.map((n) => (
            <span key={n} class="check">
              <input
                type="radio"
                id={`import-c-${n}`}
                name="import-collection"
                value={n}
                checked={collection === n}
                onChange={() => {
                  setCollection(n);
                  reset();
                }}
              />
              <label for={`import-c-${n}`}>{collectionLabel(m.collections[n])}</label>
            </span>
          ))}
        </fieldset>
        <div class="import-template">
          <a
            class="button"
            href={`/api/v1/imports/template?collection=${collection}&lang=${lang()}`}
            download
            data-native
            aria-describedby="import-template-hint"
          >
            {ti('import.template', { label: c ? collectionLabel(c) : collection })}
          </a>
          <p class="hint" id="import-template-hint">
            {ti('import.templateHint')}
          </p>
        </div>
        <div class={`form-field${fileError ? ' has-error' : ''}`}>
          <label for="import-file">{ti('import.file')}</label>
          <input
            id="import-file"
            type="file"
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            aria-invalid={fileError ? 'true' : undefined}
            aria-describedby={`${fileError ? 'import-file-error ' : ''}import-file-hint`}
            onChange={async (e) => {
              const f = (e.currentTarget as HTMLInputElement).files?.[0] ?? null;
              setFile(f);
              setFileError(false);
              reset();
              setBytes(f ? { body: await f.arrayBuffer(), type: typeOf(f) } : null);
            }}
          />
          {fileError ? (
            <p class="field-error" id="import-file-error">
              {ti('import.chooseFile')}
            </p>
          ) : null}
          <p class="hint" id="import-file-hint">
            {ti('import.fileHint')} {ti('import.keys')}
          </p>
        </div>
        <div class="button-row">
          <button type="submit" class="primary" disabled={!!busy}>
            {busy === 'preview' ? ti('import.previewing') : ti('import.preview')}
          </button>
        </div>
      </form>

      <div id="import-error" tabIndex={-1}>
        {error ? (
          <Banner kind="error">
            {busy === '' && problemErrors.length && preview
              ? `${error.text()} — ${ti('import.rejected')}`
              : error.text()}
            {problemErrors.length && !preview ? (
              <ul>
                {problemErrors.slice(0, 20).map((x, i) => (
                  <li key={i}>
                    {x.line ? `${ti('import.line')} ${x.line}: ` : ''}
                    {x.column ?? x.field}: {say(x)}
                  </li>
                ))}
              </ul>
            ) : null}
          </Banner>
        ) : null}
      </div>

      {done ? (
        <div id="import-done" tabIndex={-1}>
          <Banner kind="success">
            {ti('import.done', {
              created: formatNumber(done.created),
              updated: formatNumber(done.updated),
              unchanged: formatNumber(done.unchanged),
            })}{' '}
            {done.refused ? `${ti('import.doneRefused', { n: formatNumber(done.refused) })} ` : ''}
            <a href={`/${collection}`}>
              {ti('import.see', { label: c ? collectionLabel(c) : collection })}
            </a>
          </Banner>
          <p class="button-row">
            {done.refused ? reportButton : null}
            <button
              type="button"
              onClick={() => {
                setDone(null);
                setFile(null);
                setBytes(null);
                setFormKey((k) => k + 1);
              }}
            >
              {ti('import.again')}
            </button>
          </p>
        </div>
      ) : null}

      {preview ? (
        <section class="import-preview" aria-labelledby="import-summary">
          <h2 id="import-summary" tabIndex={-1}>
            {ti('import.summary')}
            {file ? <span class="muted small"> · {file.name}</span> : null}
          </h2>
          <p class="muted small">
            {ti('import.format', {
              format: preview.format.toUpperCase(),
              encoding: preview.encoding ?? '—',
              key: preview.key ? label(preview.key) : '—',
            })}
          </p>
          <ul class="stats import-stats">
            <li class="stat">
              <span class="stat-value">{formatNumber(preview.creates)}</span>
              <span class="stat-label">{ti('import.creates')}</span>
            </li>
            <li class="stat">
              <span class="stat-value">{formatNumber(preview.updates)}</span>
              <span class="stat-label">{ti('import.updates')}</span>
            </li>
            <li class="stat">
              <span class="stat-value">{formatNumber(preview.unchanged)}</span>
              <span class="stat-label">{ti('import.unchanged')}</span>
            </li>
            <li class={`stat${preview.errors ? ' stat-bad' : ''}`}>
              <span class="stat-value">{formatNumber(preview.errors)}</span>
              <span class="stat-label">
                {ti('import.errorRows')}
                {preview.error_count
                  ? ` (${ti('import.errorCount', { n: formatNumber(preview.error_count) })})`
                  : ''}
              </span>
            </li>
          </ul>
          {preview.missing.length ? (
            <Banner kind="warning">
              {ti('import.missing', { fields: preview.missing.map(label).join(', ') })}
            </Banner>
          ) : null}
          <div class="commit-bar">
            <button
              type="button"
              class="primary"
              disabled={!canCommit}
              aria-describedby="commit-why"
              onClick={() => void send('commit')}
            >
              {busy === 'commit'
                ? ti('import.committing')
                : ti('import.commit', { n: formatNumber(writable) })}
            </button>
            {preview.errors ? (
              <button
                type="button"
                disabled={!canCommitValid}
                aria-describedby="commit-valid-why"
                onClick={() => void send('commit', true)}
              >
                {busy === 'valid'
                  ? ti('import.committing')
                  : ti('import.commitValid', { n: formatNumber(writable) })}
              </button>
            ) : null}
            {preview.errors ? reportButton : null}
            <span id="commit-why" class="muted small">
              {preview.errors || preview.missing.length
                ? ti('import.fixFirst')
                : writable
                  ? ''
                  : ti('import.nothing')}
            </span>
          </div>
          {preview.errors ? (
            <p id="commit-valid-why" class="muted small">
              {ti('import.validHint', { n: formatNumber(preview.errors) })}
            </p>
          ) : null}

          <h3>{ti('import.columns')}</h3>
          <ul class="column-map">
            {preview.columns.map((col, i) => (
              <li key={i} class={col.field ? undefined : 'ignored'}>
                <span class="col-header">
                  <Txt s={col.header || `#${i + 1}`} />
                </span>
                <span aria-hidden="true"> → </span>
                {col.field ? (
                  <span>
                    {lang() === 'en' ? col.label_en : col.label_ko}{' '}
                    <code class="small">{col.field}</code>
                  </span>
                ) : (
                  <span class="muted">
                    {ti('import.ignored')} (
                    {REASONS.includes(col.reason ?? '')
                      ? ti(`import.reason.${col.reason}` as ImportKey)
                      : col.reason}
                    )
                  </span>
                )}
              </li>
            ))}
          </ul>

          <div class="section-head">
            <h3 id="import-rows-title">{ti('import.rows')}</h3>
            {preview.errors ? (
              <span class="check">
                <input
                  type="checkbox"
                  id="import-only-errors"
                  checked={onlyErrors}
                  onChange={(e) => setOnlyErrors((e.currentTarget as HTMLInputElement).checked)}
                />
                <label for="import-only-errors">{ti('import.onlyErrors')}</label>
              </span>
            ) : null}
          </div>
          {preview.rows.length > ROWS_SHOWN && !onlyErrors ? (
            <p class="muted small">{ti('import.shown', { n: formatNumber(ROWS_SHOWN) })}</p>
          ) : null}
          <div
            class="table-wrap import-table"
            role="region"
            aria-labelledby="import-rows-title"
            tabIndex={0}
          >
            <table>
              <caption class="visually-hidden">{ti('import.table')}</caption>
              <thead>
                <tr>
                  <th scope="col">{ti('import.line')}</th>
                  <th scope="col">{ti('import.action')}</th>
                  {preview.columns.map((col, i) => (
                    <th scope="col" key={i} class={col.field ? undefined : 'ignored'}>
                      <Txt s={col.header || `#${i + 1}`} />
                    </th>
                  ))}
                  <th scope="col">{ti('import.errors')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => {
                  const bad = new Set(
                    r.errors.map((x) =>
                      x.column !== undefined ? colOfHeader.get(x.column) : colOfField.get(x.field),
                    ),
                  );
                  const changed = new Set((r.changed ?? []).map((f) => colOfField.get(f)));
                  return (
                    <tr key={r.line} class={r.error_count ? 'row-error' : undefined}>
                      <th scope="row">{r.line}</th>
                      <td>
                        <span class={`badge action-${r.action}`}>{ti(actionKey(r.action))}</span>
                      </td>
                      {preview.columns.map((col, i) => (
                        <td
                          key={i}
                          class={
                            bad.has(i)
                              ? 'cell-error'
                              : r.action === 'update' && changed.has(i)
                                ? 'cell-changed'
                                : col.field
                                  ? undefined
                                  : 'ignored'
                          }
                        >
                          <Txt s={r.cells[i] ?? ''} />
                        </td>
                      ))}
                      <td class="row-errors">
                        {r.errors.length ? (
                          <ul>
                            {r.errors.map((x, i) => (
                              <li key={i}>
                                <strong>{x.column ?? label(x.field)}</strong>: {say(x)}
                              </li>
                            ))}
                          </ul>
                        ) : null}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
    </section>
  );
}
