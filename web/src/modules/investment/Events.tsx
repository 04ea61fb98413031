// IR events and demo days (/ir-events): every event, for anyone (GET /events is public), with
// its time, place, seats left and registration window. A member of a company or an investor
// (any organisation's member but trainees: what the registrations' rules allow) registers its
// organisation while the window is open and seats are left, and cancels its registration;
// operators approve, reject and mark attendance on the registrations' list, linked per event.
// /ir-events?id=N shows that one event, with its registration (the search's results link there).
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, type Row } from '../../api/client';
import { Txt } from '../../generic/values';
import { enumLabel, formatDateTime, formatNumber, pick } from '../../i18n';
import { isOperator, sessionStore } from '../../session';
import { useStore } from '../../store';
import { announce, Banner, Loading, useTitle } from '../../ui';
import { myWritingOrg, refusalText } from './shared';

const HOLDS = ['requested', 'approved', 'attended'];

/** Whether registration is open now for the event (as the server decides it). */
function windowOpen(ev: Row, now: string): boolean {
  if (ev.status !== 'scheduled') return false;
  if (ev.registration_opens_at && now < String(ev.registration_opens_at)) return false;
  if (ev.registration_closes_at && now > String(ev.registration_closes_at)) return false;
  return now < String(ev.starts_at);
}

function EventCard(props: { ev: Row; mine: Row | undefined; onChanged: () => void }) {
  const { ev, mine } = props;
  const session = useStore(sessionStore);
  const [open, setOpen] = useState(false);
  const [seats, setSeats] = useState('1');
  const [contact, setContact] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const id = `ev-${ev.id}`;
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const left = Math.max(0, Number(ev.capacity ?? 0) - Number(ev.seats_taken ?? 0));
  const org = myWritingOrg();
  const active = mine && HOLDS.includes(String(mine.status));
  const mayRegister = org > 0 && !active && windowOpen(ev, now) && left > 0;
  const mayCancel = org > 0 && mine && (mine.status === 'requested' || mine.status === 'approved');

  const register = async () => {
    setBusy(true);
    setError(null);
    try {
      const body: Record<string, unknown> = { event_id: ev.id, org_id: org, seats: Number(seats) };
      if (contact.trim()) body.contact_name = contact.trim();
      await api.create('registrations', body);
      setOpen(false);
      announce(pick('참가 신청을 했습니다.', 'Registered.'));
      props.onChanged();
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError({ status: 0 }));
    } finally {
      setBusy(false);
    }
  };
  const cancel = async () => {
    if (!mine || !window.confirm(pick('참가 신청을 취소할까요?', 'Cancel this registration?')))
      return;
    setBusy(true);
    setError(null);
    try {
      const cur = await api.get('registrations', mine.id);
      await api.patch('registrations', mine.id, { status: 'cancelled' }, cur.etag);
      announce(pick('참가 신청을 취소했습니다.', 'Registration cancelled.'));
      props.onChanged();
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError({ status: 0 }));
    } finally {
      setBusy(false);
    }
  };
  const fe = error?.fieldErrors() ?? {};
  return (
    <article class="card event-card" aria-labelledby={`${id}-title`}>
      <div class="event-head">
        <h2 id={`${id}-title`}>
          <a href={`/events/${ev.id}`}>
            <Txt s={String(ev.title ?? '')} />
          </a>
        </h2>
        <span class="badge kind">{enumLabel('events', 'kind', String(ev.kind))}</span>{' '}
        <span class={`badge status-${String(ev.status)}`}>
          {enumLabel('events', 'status', String(ev.status))}
        </span>
      </div>
      <dl class="event-facts">
        <div>
          <dt>{pick('일시', 'When')}</dt>
          <dd>
            {formatDateTime(String(ev.starts_at))}
            {ev.ends_at ? ` – ${formatDateTime(String(ev.ends_at))}` : ''}
          </dd>
        </div>
        {ev.place ? (
          <div>
            <dt>{pick('장소', 'Place')}</dt>
            <dd>
              <Txt s={String(ev.place)} />
            </dd>
          </div>
        ) : null}
        <div>
          <dt>{pick('좌석', 'Seats')}</dt>
          <dd>
            {ev.status === 'scheduled'
              ? pick(
                  `정원 ${formatNumber(Number(ev.capacity))}석 중 ${formatNumber(left)}석 남음`,
                  `${formatNumber(left)} of ${formatNumber(Number(ev.capacity))} left`,
                )
              : pick(
                  `정원 ${formatNumber(Number(ev.capacity))}석 · 신청 ${formatNumber(Number(ev.seats_taken ?? 0))}석`,
                  `${formatNumber(Number(ev.capacity))} seats · ${formatNumber(Number(ev.seats_taken ?? 0))} taken`,
                )}
          </dd>
        </div>
        {ev.registration_opens_at || ev.registration_closes_at ? (
          <div>
            <dt>{pick('신청 기간', 'Registration')}</dt>
            <dd>
              {ev.registration_opens_at ? formatDateTime(String(ev.registration_opens_at)) : ''}
              {' – '}
              {ev.registration_closes_at ? formatDateTime(String(ev.registration_closes_at)) : ''}
            </dd>
          </div>
        ) : null}
      </dl>
      {ev.description ? (
        <p>
          <Txt s={String(ev.description)} />
        </p>
      ) : null}
      {mine ? (
        <p>
          {pick('우리 기관의 신청', 'Our registration')}:{' '}
          <span class={`badge status-${String(mine.status)}`}>
            {enumLabel('registrations', 'status', String(mine.status))}
          </span>{' '}
          {pick(
            `${formatNumber(Number(mine.seats))}명`,
            `${formatNumber(Number(mine.seats))} seat(s)`,
          )}
        </p>
      ) : null}
      {error ? <Banner kind="error">{refusalText(error)}</Banner> : null}
      {mayRegister && !open ? (
        <button type="button" class="primary" onClick={() => setOpen(true)}>
          {pick('참가 신청', 'Register')}
        </button>
      ) : null}
      {mayRegister && open ? (
        <form
          class="event-register"
          onSubmit={(e) => {
            e.preventDefault();
            void register();
          }}
        >
          <div class={`form-field${fe.seats ? ' has-error' : ''}`}>
            <label for={`${id}-seats`}>{pick('인원', 'Seats')}</label>
            <input
              id={`${id}-seats`}
              type="number"
              min={1}
              max={Math.min(50, left)}
              value={seats}
              aria-invalid={fe.seats ? 'true' : undefined}
              onInput={(e) => setSeats((e.currentTarget as HTMLInputElement).value)}
            />
          </div>
          <div class="form-field">
            <label for={`${id}-contact`}>{pick('참석자(대표)', 'Attendee')}</label>
            <input
              id={`${id}-contact`}
              value={contact}
              maxLength={100}
              onInput={(e) => setContact((e.currentTarget as HTMLInputElement).value)}
            />
          </div>
          <div class="actions">
            <button type="submit" class="primary" disabled={busy}>
              {pick('신청하기', 'Register')}
            </button>
            <button type="button" disabled={busy} onClick={() => setOpen(false)}>
              {pick('닫기', 'Close')}
            </button>
          </div>
        </form>
      ) : null}
      {mayCancel ? (
        <button type="button" disabled={busy} onClick={() => void cancel()}>
          {pick('신청 취소', 'Cancel registration')}
        </button>
      ) : null}
      {isOperator(session.user) ? (
        <p>
          <a href={`/registrations?event_id=${ev.id}`}>
            {pick('참가 신청 관리(승인·참석)', 'Registrations (approve, attendance)')}
          </a>
        </p>
      ) : null}
    </article>
  );
}

export function EventsPage() {
  const session = useStore(sessionStore);
  const [events, setEvents] = useState<Row[] | null>(null);
  const [mine, setMine] = useState<Row[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [tick, setTick] = useState(0);
  useTitle(pick('IR 행사', 'IR events'));
  const org = session.user ? myWritingOrg() : 0;
  const one = Number(new URLSearchParams(window.location.search).get('id')) || 0;
  useEffect(() => {
    if (one)
      api
        .get<Row>('events', one)
        .then((a) => setEvents([a.data]))
        .catch((e: unknown) => setError(e instanceof ApiError ? e : new ApiError({ status: 0 })));
    else
      api
        .list('events', { sort: 'starts_at', limit: 200 })
        .then((p) => {
          // the coming ones first, soonest first; then those past, latest first
          const now = new Date().toISOString();
          const coming = p.items.filter((e) => String(e.starts_at) >= now);
          const past = p.items.filter((e) => String(e.starts_at) < now).reverse();
          setEvents([...coming, ...past]);
        })
        .catch((e: unknown) => setError(e instanceof ApiError ? e : new ApiError({ status: 0 })));
    if (org)
      api
        .list('registrations', { org_id: org, limit: 200, sort: '-id' })
        .then((p) => setMine(p.items))
        .catch(() => setMine([]));
    else setMine([]);
  }, [session.user?.id, org, tick, one]);
  const mineOf = (ev: Row) =>
    mine.find((r) => r.event_id === ev.id && HOLDS.includes(String(r.status))) ??
    mine.find((r) => r.event_id === ev.id);
  return (
    <section class="ir-events" aria-labelledby="page-title">
      <h1 id="page-title" tabIndex={-1}>
        {pick('IR 행사·데모데이', 'IR events and demo days')}
      </h1>
      <p class="lead">
        {pick(
          '클러스터의 IR 행사와 데모데이입니다. 기업과 투자기관의 구성원은 신청 기간에 기관으로 참가 신청을 합니다. 정원을 넘는 신청은 받지 않습니다.',
          'The cluster’s IR events and demo days. Members of companies and investors register their organisation while registration is open; no event takes more than its seats.',
        )}
      </p>
      {session.checked && !session.user ? (
        <Banner kind="info">
          {pick(
            '참가 신청은 로그인한 기관 구성원이 합니다.',
            'Sign in as a member of an organisation to register.',
          )}
        </Banner>
      ) : null}
      {one ? (
        <p>
          <a href="/ir-events">{pick('모든 IR 행사 보기', 'See every IR event')}</a>
        </p>
      ) : null}
      {error ? <Banner kind="error">{error.text()}</Banner> : null}
      {!events && !error ? <Loading /> : null}
      {events && !events.length ? (
        <p class="muted">{pick('행사가 없습니다.', 'No event yet.')}</p>
      ) : null}
      {(events ?? []).map((ev) => (
        <EventCard key={ev.id} ev={ev} mine={mineOf(ev)} onChanged={() => setTick((n) => n + 1)} />
      ))}
    </section>
  );
}
