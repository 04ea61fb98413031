// The collaboration board (/collaboration) of the organisation one works in: partnership
// requests received (GET /matches?partner_org_id=&status=requested) to accept or decline with
// an answer, requests sent (?org_id=) to follow or withdraw, and the collaborations in columns
// by status. A request's own page (/matches/:id, where notifications lead) shows the same card.
// Answers are PATCHes with the If-Match of a fresh GET: a request that changed meanwhile is
// shown as it is now, never overwritten.
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, type Row } from '../../api/client';
import type { RowWith } from '../../api/types';
import type { Collection } from '../../api/openapi';
import { RecordTabs } from '../../generic/DetailView';
import { Txt } from '../../generic/values';
import { enumLabel, formatDate, formatNumber, t } from '../../i18n';
import { isOperator, sessionStore } from '../../session';
import { useStore } from '../../store';
import { announce, Banner, Loading, useTitle } from '../../ui';
import { tc } from './strings';

export const REQUEST_EXPAND = 'org,partner_org,need,capability';
const COLLAB_STATES = ['proposed', 'active', 'paused', 'completed', 'terminated'];
const COLLAB_QUERY = { expand: 'org,partner_org', sort: '-started_on', limit: 200 };

type Named = { id: number; name?: string; title?: string } | null | undefined;

export function named(row: Row, stem: string): string {
  const x = row[stem] as Named;
  const id = row[`${stem}_id`];
  return x?.name ?? x?.title ?? (id != null ? `#${String(id)}` : '—');
}

/** Whether the signed-in user works in the organisation `orgId` and may write for it. */
export function worksFor(orgId: unknown): boolean {
  const u = sessionStore.get().user;
  return !!u && u.org_id != null && u.org_id === orgId && u.role !== 'trainee';
}

/** What a refusal says: the messages at its fields, else its detail. */
export function refusalText(e: ApiError): string {
  return Object.values(e.fieldErrors()).join(' · ') || e.text();
}

/** A partnership request (a row of matches) and the fields the board reads of it. */
export type RequestRow = RowWith<
  'matches',
  'status' | 'org_id' | 'partner_org_id' | 'need_id' | 'capability_id' | 'message' | 'response'
>;

/** A partnership request with what its organisations may do with it. */
export function RequestCard(props: {
  row: RequestRow;
  onChanged: (row: RequestRow) => void;
  /** the heading level of the card's title */
  level?: 2 | 3;
}) {
  const { row } = props;
  const [response, setResponse] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [note, setNote] = useState(false);
  // the title the collaboration starts under: "need — partner", editable
  const [title, setTitle] = useState(() => {
    const need = named(row, 'need');
    const partnerName = named(row, 'partner_org');
    return `${need} — ${partnerName}`.slice(0, 200);
  });
  const st = String(row.status ?? '');
  const partner = worksFor(row.partner_org_id);
  const asker = worksFor(row.org_id);
  // whether the need still takes answers: read for a request the partner may still answer
  const [needState, setNeedState] = useState<string | null>(null);
  useEffect(() => {
    if (st !== 'requested' || !partner || !row.need_id) return undefined;
    let live = true;
    api
      .get('needs', Number(row.need_id))
      .then((a) => live && setNeedState(String(a.data.status ?? '')))
      .catch(() => live && setNeedState(null));
    return () => {
      live = false;
    };
  }, [row.id, st, partner]);
  const needClosed = needState === 'closed' || needState === 'withdrawn';
  const id = `req-${row.id}`;
  const H = props.level === 2 ? 'h2' : 'h3';

  const act = async (status: 'accepted' | 'declined' | 'withdrawn') => {
    if (status === 'withdrawn' && !window.confirm(tc('req.withdrawConfirm'))) return;
    setBusy(true);
    setError(null);
    setNote(false);
    try {
      const cur = await api.get<RequestRow>('matches', row.id, { expand: REQUEST_EXPAND });
      if (cur.data.status !== row.status) {
        props.onChanged(cur.data);
        setNote(true);
        return;
      }
      const body: Record<string, unknown> = { status };
      if (status !== 'withdrawn' && response.trim()) body.response = response.trim();
      if (status === 'accepted') body.collaboration_title = title.trim();
      await api.patch('matches', row.id, body, cur.etag);
      // read it again: the collaboration an acceptance started is in the row now
      const fresh = await api.get<RequestRow>('matches', row.id, { expand: REQUEST_EXPAND });
      props.onChanged(fresh.data);
      announce(
        tc(
          status === 'accepted'
            ? 'req.accepted'
            : status === 'declined'
              ? 'req.declined'
              : 'req.withdrawn',
        ),
      );
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError({ status: 0 });
      if (err.status === 412) {
        const cur = await api
          .get<RequestRow>('matches', row.id, { expand: REQUEST_EXPAND })
          .catch(() => null);
        if (cur) props.onChanged(cur.data);
        setNote(true);
      } else setError(err);
    } finally {
      setBusy(false);
    }
  };

  const respErr = error?.fieldErrors().response;
  const titleErr = error?.fieldErrors().collaboration_title;
  return (
    <article class={`request card status-line-${st}`} aria-labelledby={`${id}-title`}>
      <div class="request-head">
        <H id={`${id}-title`} class="request-title">
          <a href={`/capabilities/${Number(row.capability_id)}`}>
            <Txt s={named(row, 'capability')} />
          </a>
        </H>
        <span class={`badge status-${st}`}>{enumLabel('matches', 'status', st)}</span>
      </div>
      <p class="request-orgs">
        <a href={`/orgs/${Number(row.org_id)}`}>
          <Txt s={named(row, 'org')} />
        </a>
        <span aria-hidden="true"> → </span>
        <span class="visually-hidden">, {tc('req.to')}: </span>
        <a href={`/orgs/${Number(row.partner_org_id)}`}>
          <Txt s={named(row, 'partner_org')} />
        </a>
        {row.created_at ? (
          <span class="muted small">
            {' · '}
            {tc('req.sentOn', { date: formatDate(String(row.created_at)) })}
          </span>
        ) : null}
      </p>
      <p class="small">
        <span class="muted">{tc('req.need')}: </span>
        <a href={`/needs/${Number(row.need_id)}`}>
          <Txt s={named(row, 'need')} />
        </a>
      </p>
      {row.message ? (
        <blockquote class="request-message">
          <Txt s={String(row.message)} />
        </blockquote>
      ) : (
        <p class="muted small">{tc('req.noMessage')}</p>
      )}
      {row.response ? (
        <p class="request-response">
          <span class="muted">{tc('req.response')}: </span>
          <Txt s={String(row.response)} />
        </p>
      ) : null}
      {note ? <Banner kind="info">{tc('req.changed')}</Banner> : null}
      {st === 'requested' && partner ? (
        <div class="request-answer">
          <div class={`form-field${respErr ? ' has-error' : ''}`}>
            <label for={`${id}-response`}>{tc('req.response')}</label>
            <textarea
              id={`${id}-response`}
              rows={2}
              value={response}
              aria-invalid={respErr ? 'true' : undefined}
              aria-describedby={`${respErr ? `${id}-response-error ` : ''}${id}-response-hint`}
              onInput={(e) => setResponse((e.currentTarget as HTMLTextAreaElement).value)}
            />
            {respErr ? (
              <p class="field-error" id={`${id}-response-error`}>
                {respErr}
              </p>
            ) : null}
            <p class="hint" id={`${id}-response-hint`}>
              {tc('req.responseHint')}
            </p>
          </div>
          {needClosed ? (
            <p class="notice" id={`${id}-closed`}>
              {tc('req.needClosed')}
            </p>
          ) : (
            <div class={`form-field${titleErr ? ' has-error' : ''}`}>
              <label for={`${id}-title-input`}>{tc('req.collabTitle')}</label>
              <input
                id={`${id}-title-input`}
                type="text"
                maxLength={200}
                value={title}
                aria-invalid={titleErr ? 'true' : undefined}
                aria-describedby={`${titleErr ? `${id}-title-error ` : ''}${id}-title-hint`}
                onInput={(e) => setTitle((e.currentTarget as HTMLInputElement).value)}
              />
              {titleErr ? (
                <p class="field-error" id={`${id}-title-error`}>
                  {titleErr}
                </p>
              ) : null}
              <p class="hint" id={`${id}-title-hint`}>
                {tc('req.collabTitleHint')}
              </p>
            </div>
          )}
          <div class="button-row">
            <button
              type="button"
              class="primary"
              disabled={busy || needClosed}
              aria-describedby={needClosed ? `${id}-closed` : undefined}
              onClick={() => void act('accepted')}
            >
              {tc('req.accept')}
            </button>
            <button type="button" disabled={busy} onClick={() => void act('declined')}>
              {tc('req.decline')}
            </button>
          </div>
        </div>
      ) : null}
      {st === 'requested' && asker && !partner ? (
        <div class="button-row">
          <span class="muted small">{tc('req.waiting')}</span>
          <button type="button" class="small" disabled={busy} onClick={() => void act('withdrawn')}>
            {tc('req.withdraw')}
          </button>
        </div>
      ) : null}
      {row.collaboration_id ? (
        <p>
          <a class="button small" href={`/collaborations/${Number(row.collaboration_id)}`}>
            {tc('req.openCollab')}
          </a>
        </p>
      ) : null}
      {error && !respErr && !titleErr ? <Banner kind="error">{refusalText(error)}</Banner> : null}
    </article>
  );
}

function CollabCard(props: { row: Row; me: number | null }) {
  const r = props.row;
  const mine = props.me != null && (r.org_id === props.me || r.partner_org_id === props.me);
  const other = r.org_id === props.me ? 'partner_org' : 'org';
  return (
    <li class="collab-card">
      <a href={`/collaborations/${r.id}`} class="collab-title">
        <Txt s={String(r.title ?? `#${r.id}`)} />
      </a>
      <p class="small">
        {mine ? (
          <Txt s={tc('collab.with', { name: named(r, other) })} />
        ) : (
          <>
            <Txt s={named(r, 'org')} /> ↔ <Txt s={named(r, 'partner_org')} />
          </>
        )}
      </p>
      <p class="muted small">
        {r.started_on ? tc('collab.since', { date: formatDate(String(r.started_on)) }) : null}
      </p>
    </li>
  );
}

interface BoardData {
  incoming: RequestRow[];
  outgoing: RequestRow[];
  collabs: Row[];
}

export function BoardPage() {
  const session = useStore(sessionStore);
  const user = session.user;
  const org = user?.org_id ?? null;
  const [data, setData] = useState<BoardData | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useTitle(tc('board.title'));

  const load = async () => {
    if (!user) return;
    try {
      const none = Promise.resolve({ items: [] as RequestRow[] });
      const [incoming, outgoing, collabs] = await Promise.all([
        org
          ? api.list<RequestRow>('matches', {
              partner_org_id: org,
              status: 'requested',
              expand: REQUEST_EXPAND,
              sort: '-id',
              limit: 50,
            })
          : none,
        org
          ? api.list<RequestRow>('matches', {
              org_id: org,
              expand: REQUEST_EXPAND,
              sort: '-id',
              limit: 30,
            })
          : none,
        api.list('collaborations', COLLAB_QUERY),
      ]);
      setData({ incoming: incoming.items, outgoing: outgoing.items, collabs: collabs.items });
      setError(null);
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError({ status: 0 }));
    }
  };
  useEffect(() => {
    void load();
  }, [user?.id, org]);

  const head = (
    <>
      <h1 id="page-title" tabIndex={-1}>
        {tc('board.title')}
      </h1>
    </>
  );
  if (!session.checked) return <Loading />;
  if (!user) {
    return (
      <section aria-labelledby="page-title">
        {head}
        <p>
          {tc('board.login')} <a href="/login?next=/collaboration">{t('account.login')}</a>
        </p>
      </section>
    );
  }
  // a card changed: keep it where it is (an answered request stays in sight), and read the
  // collaborations again when one started
  const changed = (list: 'incoming' | 'outgoing') => (r: Row) => {
    setData((d) =>
      d ? { ...d, [list]: d[list].map((x) => (x.id === r.id ? { ...x, ...r } : x)) } : d,
    );
    if (r.collaboration_id)
      void api
        .list('collaborations', COLLAB_QUERY)
        .then((a) => setData((d) => (d ? { ...d, collabs: a.items } : d)))
        .catch(() => undefined);
  };
  const byStatus = (s: string) => (data?.collabs ?? []).filter((r) => r.status === s);
  return (
    <section class="board" aria-labelledby="page-title">
      <div class="page-head">
        {head}
        <div class="actions">
          {org ? (
            <a class="button" href={`/needs?org_id=${org}`}>
              {tc('board.myNeeds')}
            </a>
          ) : null}
          {isOperator(user) ? (
            <a class="button" href="/matches">
              {tc('board.allRequests')}
            </a>
          ) : null}
        </div>
      </div>
      <p class="lead">{isOperator(user) ? tc('board.leadOperator') : tc('board.lead')}</p>
      {error ? <Banner kind="error">{error.text()}</Banner> : null}
      {!data && !error ? <Loading /> : null}
      {data ? (
        <>
          <div class="board-requests">
            <section aria-labelledby="incoming-title" class="board-section">
              <h2 id="incoming-title">
                {tc('board.incoming')}
                <span class="count-badge">
                  {formatNumber(data.incoming.filter((r) => r.status === 'requested').length)}
                </span>
              </h2>
              {!org ? <p class="muted">{tc('board.noOrg')}</p> : null}
              {org && !data.incoming.length ? (
                <p class="muted">{tc('board.incomingNone')}</p>
              ) : null}
              {data.incoming.map((r) => (
                <RequestCard key={r.id} row={r} onChanged={changed('incoming')} />
              ))}
            </section>
            <section aria-labelledby="outgoing-title" class="board-section">
              <h2 id="outgoing-title">
                {tc('board.outgoing')}
                <span class="count-badge">{formatNumber(data.outgoing.length)}</span>
              </h2>
              {org && !data.outgoing.length ? (
                <p class="muted">{tc('board.outgoingNone')}</p>
              ) : null}
              {data.outgoing.map((r) => (
                <RequestCard key={r.id} row={r} onChanged={changed('outgoing')} />
              ))}
            </section>
          </div>
          <section aria-labelledby="collabs-title" class="board-collabs">
            <h2 id="collabs-title">
              {tc('board.collaborations')}
              <span class="count-badge">{formatNumber(data.collabs.length)}</span>
            </h2>
            {!data.collabs.length ? (
              <p class="muted">{tc('board.collaborationsNone')}</p>
            ) : (
              <div class="kanban">
                {COLLAB_STATES.map((s) => {
                  const rows = byStatus(s);
                  const label = enumLabel('collaborations', 'status', s);
                  return (
                    <section
                      key={s}
                      class={`kanban-col col-${s}`}
                      aria-label={tc('board.column', { status: label })}
                    >
                      <h3>
                        <span class={`badge status-${s}`}>{label}</span>
                        <span class="count-badge">{formatNumber(rows.length)}</span>
                      </h3>
                      <ul>
                        {rows.map((r) => (
                          <CollabCard key={r.id} row={r} me={org} />
                        ))}
                      </ul>
                    </section>
                  );
                })}
              </div>
            )}
          </section>
        </>
      ) : null}
    </section>
  );
}

/** /matches/:id: one request, where its notifications lead. */
export function RequestPage(props: { c: Collection; id: number }) {
  const session = useStore(sessionStore);
  const [row, setRow] = useState<RequestRow | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useTitle(tc('req.title'));
  useEffect(() => {
    api
      .get<RequestRow>('matches', props.id, { expand: REQUEST_EXPAND })
      .then((a) => setRow(a.data))
      .catch((e: unknown) => setError(e instanceof ApiError ? e : new ApiError({ status: 0 })));
  }, [props.id, session.user?.id]);
  return (
    <section class="request-page" aria-labelledby="page-title">
      <p class="crumbs">
        <a href="/collaboration">{tc('board.title')}</a>
      </p>
      <h1 id="page-title" tabIndex={-1}>
        {tc('req.title')}
      </h1>
      {error ? (
        <Banner kind="error">{error.status === 404 ? t('detail.notFound') : error.text()}</Banner>
      ) : null}
      {!row && !error ? <Loading /> : null}
      {row ? <RecordTabs c={props.c} id={row.id} /> : null}
      {row ? <RequestCard row={row} level={2} onChanged={setRow} /> : null}
    </section>
  );
}
