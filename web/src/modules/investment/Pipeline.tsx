// The deal pipeline (/investment): the deals the caller may read (an investor's and a company's
// own, every deal for operators) in columns by stage. Either party (not trainees) and operators
// move a deal to its next stage or end it (declined), and take a declined deal up again; an
// investment asks for its amount and date first, as the server does. Each move is a PATCH with
// the If-Match of a fresh GET: a deal that changed meanwhile is shown as it is now.
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, type Row } from '../../api/client';
import { Txt } from '../../generic/values';
import { enumLabel, formatDate, formatNumber, formatWonCompact, pick } from '../../i18n';
import { isOperator, sessionStore } from '../../session';
import { useStore } from '../../store';
import { announce, Banner, Loading, useTitle } from '../../ui';
import { myWritingOrg, orgName, refusalText } from './shared';

const STAGES = [
  'sourced',
  'contacted',
  'ir_meeting',
  'due_diligence',
  'term_sheet',
  'invested',
  'declined',
];
const NEXT: Record<string, string> = {
  sourced: 'contacted',
  contacted: 'ir_meeting',
  ir_meeting: 'due_diligence',
  due_diligence: 'term_sheet',
  term_sheet: 'invested',
};
const QUERY = { expand: 'investor_org,company_org', sort: '-id', limit: 200 };

function mayMove(row: Row): boolean {
  if (isOperator(sessionStore.get().user)) return true;
  const org = myWritingOrg();
  return org > 0 && (row.investor_org_id === org || row.company_org_id === org);
}

function DealCard(props: { row: Row; onChanged: (row: Row) => void }) {
  const { row } = props;
  const stage = String(row.stage ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [investing, setInvesting] = useState(false);
  const [amount, setAmount] = useState(row.amount != null ? String(row.amount) : '');
  const [day, setDay] = useState(row.invested_on ? String(row.invested_on) : '');
  const id = `deal-${row.id}`;
  const may = mayMove(row);

  const move = async (to: string) => {
    setBusy(true);
    setError(null);
    try {
      const cur = await api.get('deals', row.id, QUERY);
      if (cur.data.stage !== row.stage) {
        props.onChanged(cur.data);
        announce(
          pick(
            '그사이 딜이 바뀌었습니다. 최신 상태를 불러왔습니다.',
            'The deal changed meanwhile: shown as it is now.',
          ),
        );
        return;
      }
      const body: Record<string, unknown> = { stage: to };
      if (to === 'invested') {
        body.amount = amount.trim() === '' ? null : Number(amount.replace(/[,\s]/g, ''));
        body.invested_on = day || null;
      }
      await api.patch('deals', row.id, body, cur.etag);
      const fresh = await api.get('deals', row.id, QUERY);
      props.onChanged(fresh.data);
      setInvesting(false);
      announce(
        pick(
          `${enumLabel('deals', 'stage', to)} 단계로 옮겼습니다.`,
          `Moved to ${enumLabel('deals', 'stage', to)}.`,
        ),
      );
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError({ status: 0 }));
    } finally {
      setBusy(false);
    }
  };

  const next = NEXT[stage];
  const fe = error?.fieldErrors() ?? {};
  return (
    <li class="deal-card card" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} class="deal-title">
        <a href={`/deals/${row.id}`}>
          <Txt s={String(row.title ?? '')} />
        </a>
      </h3>
      <p class="small">
        <span class="muted">{pick('투자기관', 'Investor')}: </span>
        <Txt s={orgName(row, 'investor_org')} />
        <br />
        <span class="muted">{pick('기업', 'Company')}: </span>
        <Txt s={orgName(row, 'company_org')} />
      </p>
      {row.amount != null ? (
        <p class="small">
          <span class="muted">{pick('투자 금액', 'Amount')}: </span>
          {formatWonCompact(Number(row.amount))}
          {row.invested_on ? ` · ${formatDate(String(row.invested_on))}` : ''}
        </p>
      ) : null}
      {error ? <Banner kind="error">{refusalText(error)}</Banner> : null}
      {may && investing ? (
        <form
          class="deal-invest"
          onSubmit={(e) => {
            e.preventDefault();
            void move('invested');
          }}
        >
          <div class={`form-field${fe.amount ? ' has-error' : ''}`}>
            <label for={`${id}-amount`}>{pick('투자 금액(원)', 'Amount (KRW)')}</label>
            <input
              id={`${id}-amount`}
              inputMode="numeric"
              value={amount}
              aria-invalid={fe.amount ? 'true' : undefined}
              onInput={(e) => setAmount((e.currentTarget as HTMLInputElement).value)}
            />
          </div>
          <div class={`form-field${fe.invested_on ? ' has-error' : ''}`}>
            <label for={`${id}-day`}>{pick('투자일', 'Invested on')}</label>
            <input
              id={`${id}-day`}
              type="date"
              value={day}
              aria-invalid={fe.invested_on ? 'true' : undefined}
              onInput={(e) => setDay((e.currentTarget as HTMLInputElement).value)}
            />
          </div>
          <div class="actions">
            <button type="submit" class="primary" disabled={busy}>
              {pick('투자 완료로 기록', 'Record the investment')}
            </button>
            <button type="button" disabled={busy} onClick={() => setInvesting(false)}>
              {pick('취소', 'Cancel')}
            </button>
          </div>
        </form>
      ) : null}
      {may && !investing ? (
        <div class="actions">
          {next ? (
            <button
              type="button"
              class="small"
              disabled={busy}
              onClick={() => (next === 'invested' ? setInvesting(true) : void move(next))}
            >
              {pick(
                `다음: ${enumLabel('deals', 'stage', next)}`,
                `Next: ${enumLabel('deals', 'stage', next)}`,
              )}
            </button>
          ) : null}
          {next ? (
            <button
              type="button"
              class="small"
              disabled={busy}
              onClick={() => void move('declined')}
            >
              {pick('중단', 'Decline')}
            </button>
          ) : null}
          {stage === 'declined' ? (
            <button
              type="button"
              class="small"
              disabled={busy}
              onClick={() => void move('sourced')}
            >
              {pick('다시 진행', 'Take up again')}
            </button>
          ) : null}
        </div>
      ) : null}
    </li>
  );
}

export function PipelinePage() {
  const session = useStore(sessionStore);
  const [rows, setRows] = useState<Row[] | null>(null);
  const [mayCreate, setMayCreate] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  useTitle(pick('딜 파이프라인', 'Deal pipeline'));
  useEffect(() => {
    if (!session.user) return;
    api
      .list('deals', QUERY)
      .then((page) => {
        setRows(page.items);
        // a deal's investor side is an investor (an organisation of kind investor, or one that
        // keeps an investor profile; the API refuses any other): operators and an investor's
        // members start one, other companies' members do not
        const allowed = !!page.allow?.has('POST');
        const mine = myWritingOrg();
        if (!allowed || isOperator(sessionStore.get().user) || !mine) {
          setMayCreate(allowed && isOperator(sessionStore.get().user));
          return;
        }
        Promise.all([
          api.get('orgs', mine),
          api.list('investor-profiles', { org_id: mine, limit: 1 }),
        ])
          .then(([o, p]) => setMayCreate(o.data.kind === 'investor' || p.items.length > 0))
          .catch(() => setMayCreate(false));
      })
      .catch((e: unknown) => setError(e instanceof ApiError ? e : new ApiError({ status: 0 })));
  }, [session.user?.id, session.user?.org_id]);
  const changed = (row: Row) => setRows((rs) => (rs ?? []).map((r) => (r.id === row.id ? row : r)));

  return (
    <section class="deal-pipeline" aria-labelledby="page-title">
      <h1 id="page-title" tabIndex={-1}>
        {pick('투자 딜 파이프라인', 'Investment deal pipeline')}
      </h1>
      <p class="lead">
        {pick(
          '투자기관과 기업 사이의 딜을 단계별로 봅니다. 딜은 두 기관과 운영자만 봅니다.',
          'Deals between an investor and a company, by stage. Only the two organisations and operators see a deal.',
        )}
      </p>
      <p class="page-links">
        <a href="/ir-events">{pick('IR 행사·데모데이', 'IR events and demo days')}</a>
        {' · '}
        <a href="/investor-matching">{pick('투자자–기업 매칭', 'Investor–company matching')}</a>
        {session.user ? (
          <>
            {/* signed-in callers' collections: a visitor would get a 401 */}
            {' · '}
            <a href="/investor-profiles">{pick('투자자 프로필', 'Investor profiles')}</a>
            {' · '}
            <a href="/fundraisings">{pick('투자 유치', 'Fundraising rounds')}</a>
          </>
        ) : null}
      </p>
      {!session.checked ? <Loading /> : null}
      {session.checked && !session.user ? (
        <Banner kind="info">
          {pick(
            '딜 파이프라인은 로그인한 투자기관·기업 구성원과 운영자가 봅니다. IR 행사는 누구나 볼 수 있습니다.',
            'The deal pipeline is for signed-in members of investors and companies, and operators. IR events are open to all.',
          )}
        </Banner>
      ) : null}
      {error ? <Banner kind="error">{error.text()}</Banner> : null}
      {session.user && !rows && !error ? <Loading /> : null}
      {rows ? (
        <>
          {mayCreate ? (
            <p>
              <a class="button" href="/deals/new">
                {pick('새 딜', 'New deal')}
              </a>
            </p>
          ) : null}
          {!rows.length ? (
            <p class="muted">{pick('볼 수 있는 딜이 없습니다.', 'No deal to show.')}</p>
          ) : null}
          <div class="kanban deal-kanban">
            {STAGES.map((s) => {
              const col = rows.filter((r) => r.stage === s);
              const label = enumLabel('deals', 'stage', s);
              return (
                <section key={s} class={`kanban-col col-${s}`} aria-labelledby={`col-${s}`}>
                  <h2 id={`col-${s}`} class="kanban-head">
                    <span class={`badge stage-${s}`}>{label}</span>
                    <span class="count-badge">{formatNumber(col.length)}</span>
                  </h2>
                  <ul>
                    {col.map((r) => (
                      <DealCard key={r.id} row={r} onChanged={changed} />
                    ))}
                  </ul>
                </section>
              );
            })}
          </div>
        </>
      ) : null}
    </section>
  );
}
