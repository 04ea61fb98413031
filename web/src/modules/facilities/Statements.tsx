// The monthly statements (/fee-statements): the statements the caller may read (an
// organisation its own, operators all), and for operators the form that generates a month's
// statements from the bookings (POST /statements/generate). A statement's page
// (/statements/:id): its totals and lines, the downloads (CSV, XLSX, PDF) and, for operators on
// a draft, the adjustment of a line's fee with a reason and the issue of the statement.
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, request, type ListAnswer, type Row } from '../../api/client';
import { RecordTabs } from '../../generic/DetailView';
import { Txt } from '../../generic/values';
import { enumLabel, formatDateTime, formatDuration, formatWon } from '../../i18n';
import { isOperator, sessionStore } from '../../session';
import { useStore } from '../../store';
import { announce, Banner, DataTable, Loading, RequiredMark, useTitle } from '../../ui';
import { tm } from './money-strings';

const errorText = (e: unknown) => {
  const err = e instanceof ApiError ? e : new ApiError({ status: 0 });
  return Object.values(err.fieldErrors()).join(' · ') || err.text();
};

/** This month in Seoul, "YYYY-MM", moved by k months. */
export function seoulMonth(k = 0): string {
  const now = new Date(Date.now() + 9 * 3600e3);
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + k, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

const orgName = (r: Row) => {
  const o = r.org as { name?: string } | undefined;
  return o?.name ?? `#${String(r.org_id)}`;
};

function Generate(props: { done: () => void }) {
  const [month, setMonth] = useState(seoulMonth(-1));
  const [busy, setBusy] = useState(false);
  const [msg, setMsg] = useState<{ kind: 'error' | 'ok'; text: string } | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setMsg(null);
    try {
      const a = await request<{ created: number; replaced: number; kept: number }>(
        'POST',
        'statements/generate',
        { body: { month } },
      );
      const text = tm('st.generateDone', { month, ...a.data });
      setMsg({ kind: 'ok', text });
      announce(text);
      props.done();
    } catch (err) {
      setMsg({ kind: 'error', text: errorText(err) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="card" aria-labelledby="st-generate">
      <h2 id="st-generate">{tm('st.generate')}</h2>
      <p class="muted">{tm('st.generateLead')}</p>
      <form class="inline-form" onSubmit={(e) => void submit(e)}>
        <label for="st-month">
          {tm('st.month')}
          <RequiredMark />
        </label>
        <input
          id="st-month"
          type="month"
          required
          value={month}
          onInput={(e) => setMonth((e.target as HTMLInputElement).value)}
        />
        <button type="submit" disabled={busy}>
          {tm('st.generate')}
        </button>
      </form>
      {msg ? <Banner kind={msg.kind === 'ok' ? 'info' : 'error'}>{msg.text}</Banner> : null}
    </section>
  );
}

export function StatementsPage() {
  useTitle(tm('st.title'));
  const me = useStore(sessionStore).user;
  const [rows, setRows] = useState<Row[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = () => {
    if (!me) return;
    api
      .list('statements', { sort: '-month', expand: 'org', limit: 200 })
      .then((a) => setRows(a.items))
      .catch((e: unknown) => {
        setRows([]);
        setError(errorText(e));
      });
  };
  useEffect(load, [me?.id, me?.org_id]);
  return (
    <div class="page fac-money">
      <h1>{tm('st.title')}</h1>
      <p class="lead">{tm('st.lead')}</p>
      {error ? <Banner kind="error">{error}</Banner> : null}
      {me && isOperator(me) ? <Generate done={load} /> : null}
      {me && rows === null ? <Loading /> : null}
      {rows && !rows.length ? <p class="muted">{tm('st.none')}</p> : null}
      {rows && rows.length ? (
        <DataTable
          label={tm('st.title')}
          head={[
            tm('st.month'),
            tm('st.org'),
            tm('st.status'),
            tm('st.lines'),
            tm('st.total'),
            tm('st.voucher'),
            tm('st.company'),
          ]}
        >
          {rows.map((r) => (
            <tr key={r.id} data-statement={r.id}>
              <td>
                <a href={`/statements/${r.id}`}>{String(r.month)}</a>
              </td>
              <td>
                <Txt s={orgName(r)} />
              </td>
              <td>
                <span class={`badge status-${String(r.status)}`}>
                  {enumLabel('statements', 'status', String(r.status))}
                </span>
              </td>
              <td class="num">{String(r.bookings)}</td>
              <td class="num">{formatWon(Number(r.total_fee))}</td>
              <td class="num">{formatWon(Number(r.voucher_part))}</td>
              <td class="num">{formatWon(Number(r.company_part))}</td>
            </tr>
          ))}
        </DataTable>
      ) : null}
    </div>
  );
}

/** Every line of statement id, page after page (a statement has at most 5000). */
async function allLines(id: number): Promise<Row[]> {
  const out: Row[] = [];
  let cursor: string | null = null;
  do {
    const a: ListAnswer = await api.list('statement-lines', {
      statement_id: id,
      sort: 'starts_at',
      limit: 200,
      cursor,
    });
    out.push(...a.items);
    cursor = a.next_cursor ?? null;
  } while (cursor && out.length < 5000);
  return out;
}

function Adjust(props: { line: Row; done: (msg: string) => void; close: () => void }) {
  const { line } = props;
  const [fee, setFee] = useState(String(line.fee));
  const [reason, setReason] = useState(String(line.adjust_reason ?? ''));
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      const cur = await api.get('statement-lines', line.id);
      await api.patch(
        'statement-lines',
        line.id,
        { fee: Number(fee), adjust_reason: reason },
        cur.etag,
      );
      props.done(tm('st.adjusted', { id: line.id }));
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <form class="card st-adjust" onSubmit={(e) => void submit(e)} aria-labelledby="st-adjust-h">
      <h2 id="st-adjust-h">{tm('st.adjustTitle', { id: line.id })}</h2>
      {error ? <Banner kind="error">{error}</Banner> : null}
      <label for="st-fee">
        {tm('st.newFee')}
        <RequiredMark />
      </label>
      <input
        id="st-fee"
        type="number"
        min="0"
        step="1"
        required
        value={fee}
        onInput={(e) => setFee((e.target as HTMLInputElement).value)}
      />
      <label for="st-reason">
        {tm('st.reason')}
        <RequiredMark />
      </label>
      <input
        id="st-reason"
        type="text"
        required
        maxLength={1000}
        value={reason}
        onInput={(e) => setReason((e.target as HTMLInputElement).value)}
      />
      <span class="actions">
        <button type="submit">{tm('st.save')}</button>
        <button type="button" class="secondary" onClick={props.close}>
          {tm('st.cancel')}
        </button>
      </span>
    </form>
  );
}

export function StatementPage(props: { id: number }) {
  const me = useStore(sessionStore).user;
  const [st, setSt] = useState<Row | null>(null);
  const [lines, setLines] = useState<Row[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [info, setInfo] = useState<string | null>(null);
  const [editing, setEditing] = useState<Row | null>(null);
  useTitle(st ? `${tm('st.title')} ${String(st.month)}` : tm('st.title'));
  const load = () => {
    api
      .get('statements', props.id, { expand: 'org' })
      .then((a) => setSt(a.data))
      .catch((e: unknown) => setError(errorText(e)));
    void allLines(props.id)
      .then(setLines)
      .catch(() => setLines([]));
  };
  useEffect(load, [props.id, me?.id]);
  const operator = !!me && isOperator(me);
  const draft = st?.status === 'draft';
  const issue = async () => {
    setError(null);
    try {
      const cur = await api.get('statements', props.id);
      await api.patch('statements', props.id, { status: 'issued' }, cur.etag);
      setInfo(tm('st.issued'));
      announce(tm('st.issued'));
      load();
    } catch (e) {
      setError(errorText(e));
    }
  };
  const doc = (f: string) => `/api/v1/statements/${props.id}/document?format=${f}`;
  return (
    <div class="page fac-money">
      <p>
        <a href="/fee-statements">{tm('st.back')}</a>
      </p>
      <h1>{st ? <Txt s={String(st.title || tm('st.title'))} /> : tm('st.title')}</h1>
      <RecordTabs c={{ name: 'statements' }} id={props.id} />
      {error ? <Banner kind="error">{error}</Banner> : null}
      {info ? <Banner kind="info">{info}</Banner> : null}
      {!st && !error ? <Loading /> : null}
      {st ? (
        <>
          <dl class="st-head">
            <dt>{tm('st.org')}</dt>
            <dd>
              <Txt s={orgName(st)} />
            </dd>
            <dt>{tm('st.month')}</dt>
            <dd>{String(st.month)}</dd>
            <dt>{tm('st.status')}</dt>
            <dd>
              <span class={`badge status-${String(st.status)}`}>
                {enumLabel('statements', 'status', String(st.status))}
              </span>
              {!draft ? <span class="muted"> {tm('st.issuedNote')}</span> : null}
            </dd>
            <dt>{tm('st.total')}</dt>
            <dd class="num">{formatWon(Number(st.total_fee))}</dd>
            <dt>{tm('st.voucher')}</dt>
            <dd class="num">{formatWon(Number(st.voucher_part))}</dd>
            <dt>{tm('st.company')}</dt>
            <dd class="num">{formatWon(Number(st.company_part))}</dd>
          </dl>
          <p class="actions" aria-label={tm('st.download')}>
            <a class="button secondary" href={doc('pdf')} download>
              PDF
            </a>
            <a class="button secondary" href={doc('xlsx')} download>
              XLSX
            </a>
            <a class="button secondary" href={doc('csv')} download>
              CSV
            </a>
            {operator && draft ? (
              <button type="button" onClick={() => void issue()}>
                {tm('st.issue')}
              </button>
            ) : null}
          </p>
        </>
      ) : null}
      {editing ? (
        <Adjust
          line={editing}
          close={() => setEditing(null)}
          done={(msg) => {
            setEditing(null);
            setInfo(msg);
            announce(msg);
            load();
          }}
        />
      ) : null}
      {st && lines === null ? <Loading /> : null}
      {st && lines ? (
        <section aria-labelledby="st-lines">
          <h2 id="st-lines">{tm('st.linesTitle')}</h2>
          <DataTable
            label={tm('st.linesTitle')}
            head={[
              tm('st.resource'),
              tm('st.when'),
              tm('st.minutes'),
              tm('st.basis'),
              tm('st.class'),
              tm('st.rate'),
              tm('st.fee'),
              tm('st.voucher'),
              tm('st.company'),
              tm('st.reason'),
              ...(operator && draft ? [tm('st.adjust')] : []),
            ]}
          >
            {lines.map((l) => (
              <tr key={l.id} data-line={l.id}>
                <td>
                  <Txt s={String(l.description ?? '')} />
                </td>
                <td>{l.starts_at ? formatDateTime(String(l.starts_at)) : ''}</td>
                <td>{Number(l.minutes) ? formatDuration(Number(l.minutes)) : ''}</td>
                <td>
                  {l.fee_basis
                    ? enumLabel('statement-lines', 'fee_basis', String(l.fee_basis))
                    : ''}
                </td>
                <td>
                  {l.fee_class
                    ? enumLabel('statement-lines', 'fee_class', String(l.fee_class))
                    : ''}
                </td>
                <td class="num">{l.hourly_rate != null ? formatWon(Number(l.hourly_rate)) : ''}</td>
                <td class="num">
                  {formatWon(Number(l.fee))}
                  {l.original_fee != null ? (
                    <span class="muted">
                      {' '}
                      ({tm('st.original', { fee: formatWon(Number(l.original_fee)) })})
                    </span>
                  ) : null}
                </td>
                <td class="num">{formatWon(Number(l.voucher_part))}</td>
                <td class="num">{formatWon(Number(l.company_part))}</td>
                <td>
                  <Txt s={String(l.adjust_reason ?? '')} />
                </td>
                {operator && draft ? (
                  <td>
                    <button type="button" class="small secondary" onClick={() => setEditing(l)}>
                      {tm('st.adjust')}
                      <span class="visually-hidden"> #{l.id}</span>
                    </button>
                  </td>
                ) : null}
              </tr>
            ))}
            {st ? (
              <tr class="sum">
                <th scope="row">{tm('st.sum')}</th>
                <td />
                <td />
                <td />
                <td />
                <td class="num">{formatWon(Number(st.total_fee))}</td>
                <td class="num">{formatWon(Number(st.voucher_part))}</td>
                <td class="num">{formatWon(Number(st.company_part))}</td>
                <td />
                {operator && draft ? <td /> : null}
              </tr>
            ) : null}
          </DataTable>
        </section>
      ) : null}
    </div>
  );
}
