// Ranked, explained matches on a need's page (capabilities that could serve it) and on a
// capability's page (needs it could serve): GET /api/v1/{needs|capabilities}/{id}/matches, each
// with its score, the parts of the score and the reasons in Korean and English. On a need's page
// the members of the need's organisation ask a capability's organisation for a partnership
// (POST /api/v1/matches); a request already made shows its status (GET /api/v1/matches?need_id).
// A need stays open while its company asks several partners, each acceptance a collaboration of
// its own (listed here, GET /api/v1/collaborations?need_id); the company closes it, with an
// outcome or without (PATCH status closed); a closed need is asked no more, and says so.
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, request, type Row } from '../../api/client';
import { model } from '../../api/openapi';
import { loadRefRow } from '../../api/refs';
import { enumLabel, formatNumber, lang, t, type Key } from '../../i18n';
import { Txt } from '../../generic/values';
import { sessionStore } from '../../session';
import { useStore } from '../../store';
import { announce, Banner } from '../../ui';

interface MatchItem {
  capability?: Row & { title: string; org_id?: number };
  need?: Row & { title: string; org_id?: number };
  score: number;
  parts?: Record<string, number>;
  reasons: { ko: string; en: string }[];
}

const PARTS = ['text', 'fields', 'kind', 'stage', 'availability'] as const;

/** The request of a need for a capability, and the state of its form. */
interface Ask {
  open: boolean;
  message: string;
  busy: boolean;
  /** the server's refusal, kept whole so that it follows a change of language */
  error: ApiError | null;
}

/** What a refusal says: the messages at its fields, else its detail. */
function problemText(e: ApiError): string {
  return Object.values(e.fieldErrors()).join(' · ') || e.text();
}

function pct(x: number): string {
  return formatNumber(Math.round(x * 100));
}

function Parts(props: { parts: Record<string, number> }) {
  return (
    <details class="score-parts">
      <summary>{t('matches.parts')}</summary>
      <dl>
        {PARTS.filter((p) => props.parts[p] !== undefined).map((p) => (
          <div key={p}>
            <dt>{t(`matches.part.${p}` as Key)}</dt>
            <dd>
              <span class="part-bar" aria-hidden="true">
                <span style={{ width: `${Math.round(props.parts[p] * 100)}%` }} />
              </span>
              {pct(props.parts[p])}
            </dd>
          </div>
        ))}
      </dl>
    </details>
  );
}

/** The form that asks a capability's organisation for a partnership. */
function AskForm(props: {
  capId: number;
  title: string;
  ask: Ask;
  set: (a: Partial<Ask>) => void;
  send: () => void;
}) {
  const { ask, capId } = props;
  const id = `ask-${capId}`;
  const fe = ask.error?.fieldErrors() ?? {};
  const msgErr = fe.message;
  const rest = ask.error
    ? Object.entries(fe)
        .filter(([k]) => k !== 'message')
        .map(([, m]) => m)
    : [];
  const banner = ask.error ? (rest.length ? rest.join(' · ') : msgErr ? '' : ask.error.text()) : '';
  return (
    <form
      class="ask-form"
      aria-label={t('matches.askTitle', { title: props.title })}
      onSubmit={(e) => {
        e.preventDefault();
        props.send();
      }}
    >
      <div class={`form-field${msgErr ? ' has-error' : ''}`}>
        <label for={id}>{t('matches.message')}</label>
        <textarea
          id={id}
          rows={3}
          value={ask.message}
          aria-invalid={msgErr ? 'true' : undefined}
          aria-describedby={`${msgErr ? `${id}-error ` : ''}${id}-hint`}
          onInput={(e) => props.set({ message: (e.currentTarget as HTMLTextAreaElement).value })}
        />
        {msgErr ? (
          <p class="field-error" id={`${id}-error`}>
            {msgErr}
          </p>
        ) : null}
        <p class="hint" id={`${id}-hint`}>
          {t('matches.messageHint')}
        </p>
      </div>
      {banner ? <Banner kind="error">{banner}</Banner> : null}
      <div class="button-row">
        <button type="submit" class="primary" disabled={ask.busy}>
          {ask.busy ? t('matches.sending') : t('matches.send')}
        </button>
        <button type="button" onClick={() => props.set({ open: false, error: null })}>
          {t('form.cancel')}
        </button>
      </div>
    </form>
  );
}

/** The collaborations a need led to (each acceptance one), as far as the caller may see. */
function NeedCollaborations(props: { id: number }) {
  const [items, setItems] = useState<Row[] | null>(null);
  useEffect(() => {
    let live = true;
    api
      .list('collaborations', { need_id: props.id, expand: 'partner_org', sort: 'id', limit: 100 })
      .then((a) => live && setItems(a.items))
      .catch(() => live && setItems([]));
    return () => {
      live = false;
    };
  }, [props.id]);
  if (!items || !items.length) return null;
  return (
    <section class="need-collaborations" aria-labelledby="need-collabs-title">
      <h3 id="need-collabs-title">{t('need.collaborations', { n: formatNumber(items.length) })}</h3>
      <ul>
        {items.map((c) => (
          <li key={c.id}>
            <a href={`/collaborations/${c.id}`}>
              <Txt s={String(c.title ?? '')} />
            </a>{' '}
            <span class={`badge status-${String(c.status)}`}>
              {enumLabel('collaborations', 'status', String(c.status))}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Closing a need: its company says it is done asking, with an outcome or without. */
function CloseNeed(props: { id: number; onClosed: () => void }) {
  const [open, setOpen] = useState(false);
  const [outcome, setOutcome] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  if (!open) {
    return (
      <p>
        <button type="button" onClick={() => setOpen(true)}>
          {t('need.close')}
        </button>{' '}
        <span class="muted small">{t('need.closeHint')}</span>
      </p>
    );
  }
  const fe = error?.fieldErrors() ?? {};
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const cur = await api.get('needs', props.id);
      const body: Record<string, unknown> = { status: 'closed' };
      if (outcome.trim()) body.outcome = outcome.trim();
      await api.patch('needs', props.id, body, cur.etag);
      announce(t('need.closed'));
      props.onClosed();
    } catch (x) {
      setError(x instanceof ApiError ? x : new ApiError({ status: 0 }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="close-need" aria-label={t('need.close')} onSubmit={(e) => void submit(e)}>
      <div class={`form-field${fe.outcome ? ' has-error' : ''}`}>
        <label for="need-outcome">{t('need.outcome')}</label>
        <textarea
          id="need-outcome"
          rows={2}
          value={outcome}
          aria-invalid={fe.outcome ? 'true' : undefined}
          aria-describedby={`${fe.outcome ? 'need-outcome-error ' : ''}need-outcome-hint`}
          onInput={(e) => setOutcome((e.currentTarget as HTMLTextAreaElement).value)}
        />
        {fe.outcome ? (
          <p class="field-error" id="need-outcome-error">
            {fe.outcome}
          </p>
        ) : null}
        <p class="hint" id="need-outcome-hint">
          {t('need.outcomeHint')}
        </p>
      </div>
      {error && !fe.outcome ? <Banner kind="error">{problemText(error)}</Banner> : null}
      <div class="button-row">
        <button type="submit" class="primary" disabled={busy}>
          {t('need.closeConfirm')}
        </button>
        <button type="button" onClick={() => setOpen(false)}>
          {t('form.cancel')}
        </button>
      </div>
    </form>
  );
}

export function Matches(props: {
  collection: 'needs' | 'capabilities';
  id: number;
  /** the organisation of the need or capability */
  orgId?: number | null;
  /** the need's status and outcome: a closed (or withdrawn) need takes no request */
  status?: string | null;
  outcome?: string | null;
  /** whether the caller may change the need (close it) */
  canClose?: boolean;
  onChanged?: () => void | Promise<void>;
}) {
  const session = useStore(sessionStore);
  const [items, setItems] = useState<MatchItem[] | null>(null);
  const [error, setError] = useState<ApiError | string | null>(null);
  const [requests, setRequests] = useState<Map<number, Row>>(new Map());
  const [asks, setAsks] = useState<Record<number, Ask>>({});
  const user = session.user;
  const isNeed = props.collection === 'needs';
  // members of the need's organisation ask; trainees do not write
  const needOpen = !isNeed || props.status === 'open' || props.status === 'matched';
  const canAsk =
    isNeed &&
    needOpen &&
    !!user &&
    !!props.orgId &&
    user.org_id === props.orgId &&
    user.role !== 'trainee' &&
    !!model()?.collections.matches?.canCreate;

  useEffect(() => {
    let live = true;
    request<{ items: MatchItem[] }>('GET', `${props.collection}/${props.id}/matches`, {
      query: { limit: 5 },
    })
      .then((a) => live && setItems(a.data.items))
      .catch((e: unknown) => live && setError(e instanceof ApiError ? e : String(e)));
    return () => {
      live = false;
    };
  }, [props.collection, props.id]);

  const loadRequests = async () => {
    if (!isNeed || !user || !model()?.collections.matches) return;
    try {
      const a = await api.list('matches', { need_id: props.id, limit: 100, sort: 'id' });
      const map = new Map<number, Row>();
      // the latest request for each capability (a declined one may be asked again)
      for (const r of a.items) map.set(Number(r.capability_id), r);
      setRequests(map);
    } catch {
      /* the statuses are a help, not the page */
    }
  };
  useEffect(() => {
    void loadRequests();
  }, [props.id, user?.id, user?.org_id]);

  const setAsk = (capId: number, a: Partial<Ask>) =>
    setAsks((cur) => ({
      ...cur,
      [capId]: { ...(cur[capId] ?? { open: false, message: '', busy: false, error: null }), ...a },
    }));

  const send = async (capId: number) => {
    const a = asks[capId];
    setAsk(capId, { busy: true, error: null });
    try {
      const r = await api.create('matches', {
        need_id: props.id,
        capability_id: capId,
        message: a?.message.trim() || null,
      });
      setRequests((cur) => new Map(cur).set(capId, r.data));
      setAsk(capId, { open: false, busy: false, message: '' });
      announce(t('matches.sent'));
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError({ status: 0 });
      if (err.status === 409) {
        // a request is already under way: say so beside it
        setAsk(capId, { busy: false, open: false, error: err });
        void loadRequests();
        announce(problemText(err));
        return;
      }
      setAsk(capId, { busy: false, error: err });
      window.setTimeout(() => document.getElementById(`ask-${capId}`)?.focus(), 0);
    }
  };

  const other = isNeed ? 'capabilities' : 'needs';
  const errText = error instanceof ApiError ? error.text() : error;
  return (
    <section class="matches" aria-labelledby="matches-title">
      <h2 id="matches-title">{t(isNeed ? 'matches.forNeed' : 'matches.forCapability')}</h2>
      {isNeed && !needOpen ? (
        <div class="notice need-closed" role="status">
          <p>{t(props.status === 'withdrawn' ? 'need.withdrawnNotice' : 'need.closedNotice')}</p>
          {props.outcome ? (
            <p>
              <span class="muted">{t('need.outcome')}: </span>
              <Txt s={props.outcome} />
            </p>
          ) : null}
        </div>
      ) : null}
      {isNeed ? <NeedCollaborations id={props.id} /> : null}
      {isNeed && needOpen && props.canClose && user && user.org_id === props.orgId ? (
        <CloseNeed id={props.id} onClosed={() => void props.onChanged?.()} />
      ) : null}
      {errText ? <p class="muted">{errText}</p> : null}
      {items === null && !error ? <p class="muted">{t('matches.loading')}</p> : null}
      {items && !items.length ? <p class="muted">{t('matches.none')}</p> : null}
      {items && items.length ? (
        <ol class="match-list">
          {items.map((m) => {
            const row = (m.capability ?? m.need) as Row & { title: string };
            const title = lang() === 'en' && row.title_en ? String(row.title_en) : row.title;
            const req = isNeed ? requests.get(row.id) : undefined;
            const st = req ? String(req.status) : '';
            const ask = asks[row.id];
            // a declined or withdrawn request may be made again
            const askable = canAsk && (!req || st === 'declined' || st === 'withdrawn');
            return (
              <li key={row.id} class="match">
                <div class="match-head">
                  <span class="score" title={t('matches.score')}>
                    <span class="visually-hidden">{t('matches.score')}: </span>
                    {pct(m.score)}
                  </span>
                  <div>
                    <a href={`/${other}/${row.id}`} class="match-title">
                      <Txt s={title} />
                    </a>
                    {row.org_id ? <OrgName id={Number(row.org_id)} /> : null}
                  </div>
                </div>
                <ul class="reasons">
                  {m.reasons.map((r, i) => (
                    <li key={i}>{lang() === 'en' ? r.en : r.ko}</li>
                  ))}
                </ul>
                {m.parts ? <Parts parts={m.parts} /> : null}
                {req ? (
                  <p class="request-state">
                    <span class={`badge status-${st}`}>
                      {t('matches.status', { status: enumLabel('matches', 'status', st) })}
                    </span>{' '}
                    {req.response ? (
                      <span class="muted">
                        {t('matches.response', { text: String(req.response) })}{' '}
                      </span>
                    ) : null}
                    {req.collaboration_id ? (
                      <a href={`/collaborations/${Number(req.collaboration_id)}`}>
                        {t('matches.collaboration')}
                      </a>
                    ) : (
                      <a href={`/matches/${req.id}`}>{t('matches.toBoard')}</a>
                    )}
                  </p>
                ) : null}
                {askable && !ask?.open ? (
                  <p>
                    <button
                      type="button"
                      class="small primary"
                      onClick={() => {
                        setAsk(row.id, { open: true });
                        window.setTimeout(() => document.getElementById(`ask-${row.id}`)?.focus());
                      }}
                    >
                      {t('matches.ask')}
                      <span class="visually-hidden">: {title}</span>
                    </button>
                  </p>
                ) : null}
                {ask?.open ? (
                  <AskForm
                    capId={row.id}
                    title={title}
                    ask={ask}
                    set={(a) => setAsk(row.id, a)}
                    send={() => void send(row.id)}
                  />
                ) : null}
                {ask?.error && !ask.open ? (
                  <Banner kind="error">{problemText(ask.error)}</Banner>
                ) : null}
              </li>
            );
          })}
        </ol>
      ) : null}
    </section>
  );
}

/** "offered by X": the organisation's name, from the cache of referenced rows. */
function OrgName(props: { id: number }) {
  const [name, setName] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    loadRefRow('orgs', props.id).then((row) => live && row && setName(String(row.name ?? '')));
    return () => {
      live = false;
    };
  }, [props.id]);
  if (!name) return null;
  return (
    <span class="match-org muted">
      {' · '}
      <a href={`/orgs/${props.id}`}>
        <Txt s={name} />
      </a>
    </span>
  );
}
