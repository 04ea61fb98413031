// The facilities page (/facilities): the labs, rooms and instruments to book (each links to its
// week, /resources/:id), the signed-in user's bookings (cancel before the resource's deadline,
// check in during the booking, cancel a weekly series), and the
// approval queue of the resources the user's organisation (or the user) manages: requested
// bookings to approve or decline (POST /bookings/:id/decision).
import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, request, type Row } from '../../api/client';
import { Txt } from '../../generic/values';
import { enumLabel, formatDateTime, formatWon } from '../../i18n';
import { isOperator, sessionStore } from '../../session';
import { useStore } from '../../store';
import { announce, Banner, Loading, useTitle } from '../../ui';
import { tf } from './strings';

type Named = { id: number; name?: string; title?: string } | null | undefined;
const nameOf = (row: Row, stem: string) => {
  const x = row[stem] as Named;
  return x?.name ?? x?.title ?? `#${String(row[`${stem}_id`] ?? '')}`;
};

export function bookingError(e: unknown): string {
  const err = e instanceof ApiError ? e : new ApiError({ status: 0 });
  if (err.status === 409) return tf('res.collision', { detail: err.text() });
  return Object.values(err.fieldErrors()).join(' · ') || err.text();
}

function ResourceCard(props: { r: Row }) {
  const { r } = props;
  const fee = Number(r.hourly_fee ?? 0);
  return (
    <li class="card fac-resource">
      <h3>
        <a href={`/resources/${r.id}`}>
          <Txt s={String(r.name ?? '')} />
        </a>
      </h3>
      <p class="muted">
        {enumLabel('resources', 'kind', String(r.kind ?? ''))}
        {r.location ? ` · ${String(r.location)}` : ''}
      </p>
      <p>
        {fee > 0 ? tf('fac.fee', { fee: formatWon(fee) }) : tf('fac.free')}
        {r.requires_approval ? <span class="badge">{tf('fac.approval')}</span> : null}
        {r.requires_qualification ? <span class="badge">{tf('fac.qualification')}</span> : null}
        {r.status !== 'active' ? (
          <span class={`badge status-${String(r.status)}`}>
            {enumLabel('resources', 'status', String(r.status))}
          </span>
        ) : null}
      </p>
    </li>
  );
}

function BookingTable(props: {
  rows: Row[];
  actions: (b: Row) => JSX.Element | null;
  label: string;
}) {
  return (
    <div class="table-wrap" role="region" aria-label={props.label} tabIndex={0}>
      <table>
        <thead>
          <tr>
            <th>{tf('fac.resources')}</th>
            <th>{tf('res.starts')}</th>
            <th>{tf('res.ends')}</th>
            <th>{tf('res.purpose')}</th>
            <th>{tf('fac.status')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {props.rows.map((b) => (
            <tr key={b.id} data-booking={b.id}>
              <td>
                <a href={`/resources/${String(b.resource_id)}`}>
                  <Txt s={nameOf(b, 'resource')} />
                </a>
              </td>
              <td>{formatDateTime(String(b.starts_at))}</td>
              <td>{formatDateTime(String(b.ends_at))}</td>
              <td>
                <Txt s={String(b.purpose ?? '')} />
              </td>
              <td>
                <span class={`badge status-${String(b.status)}`}>
                  {enumLabel('bookings', 'status', String(b.status))}
                </span>
              </td>
              <td>{props.actions(b)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function FacilitiesPage() {
  useTitle(tf('fac.title'));
  const session = useStore(sessionStore);
  const me = session.user;
  const [resources, setResources] = useState<Row[] | null>(null);
  const [mine, setMine] = useState<Row[] | null>(null);
  const [queue, setQueue] = useState<Row[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = () => {
    api
      .list('resources', { sort: 'name', limit: 200 })
      .then((a) => setResources(a.items))
      .catch(() => setResources([]));
    if (!me) return;
    api
      .list('bookings', { user_id: me.id, sort: '-starts_at', expand: 'resource', limit: 50 })
      .then((a) => setMine(a.items))
      .catch(() => setMine([]));
    api
      .list('bookings', {
        status: 'requested',
        sort: 'starts_at',
        expand: 'resource,org',
        limit: 100,
      })
      .then((a) => setQueue(a.items))
      .catch(() => setQueue([]));
  };
  useEffect(load, [me?.id, me?.org_id]);

  const managed = new Set(
    (resources ?? [])
      .filter(
        (r) =>
          !!me &&
          (isOperator(me) ||
            (r.manager_org_id != null && r.manager_org_id === me.org_id) ||
            r.manager_user_id === me.id),
      )
      .map((r) => r.id),
  );
  const waiting = (queue ?? []).filter((b) => managed.has(Number(b.resource_id)));

  const decide = async (b: Row, status: 'approved' | 'declined') => {
    setError(null);
    try {
      await request('POST', `bookings/${b.id}/decision`, { body: { status } });
      announce(tf('fac.decided', { id: b.id, status: enumLabel('bookings', 'status', status) }));
      load();
    } catch (e) {
      setError(bookingError(e));
    }
  };
  const cancel = async (b: Row) => {
    if (!window.confirm(tf('fac.cancelConfirm'))) return;
    setError(null);
    try {
      const cur = await api.get('bookings', b.id);
      await api.patch('bookings', b.id, { status: 'cancelled' }, cur.etag);
      announce(
        tf('fac.decided', { id: b.id, status: enumLabel('bookings', 'status', 'cancelled') }),
      );
      load();
    } catch (e) {
      setError(bookingError(e));
    }
  };
  const cancelSeries = async (b: Row) => {
    if (!window.confirm(tf('fac.cancelConfirm'))) return;
    setError(null);
    try {
      const a = await request<{ cancelled: number[] }>('POST', `bookings/${b.id}/cancel-series`);
      announce(tf('fac.seriesCancelled', { n: a.data.cancelled.length }));
      load();
    } catch (e) {
      setError(bookingError(e));
    }
  };
  const checkIn = async (b: Row) => {
    setError(null);
    try {
      await request('POST', `bookings/${b.id}/check-in`);
      announce(tf('fac.checkedIn'));
      load();
    } catch (e) {
      setError(bookingError(e));
    }
  };
  const nowMs = Date.now();
  /** What the booking organisation may still do with b, as the API allows it. */
  const myActions = (b: Row) => {
    const start = Date.parse(String(b.starts_at));
    const end = Date.parse(String(b.ends_at));
    const res = (b.resource ?? {}) as Row;
    const deadline = start - Number(res.cancel_hours ?? 0) * 3600e3;
    const holds = b.status === 'requested' || b.status === 'approved';
    const mayCancel = holds && nowMs < deadline && me?.role !== 'trainee';
    const mayCheckIn =
      b.status === 'approved' &&
      !b.checked_in_at &&
      nowMs >= start - 15 * 60e3 &&
      nowMs < end &&
      me?.role !== 'trainee';
    if (!mayCancel && !mayCheckIn && !(holds && b.series_id)) return null;
    return (
      <span class="actions">
        {mayCheckIn ? (
          <button type="button" class="small" onClick={() => void checkIn(b)}>
            {tf('fac.checkin')}
          </button>
        ) : null}
        {mayCancel ? (
          <button type="button" class="small secondary" onClick={() => void cancel(b)}>
            {tf('fac.cancel')}
          </button>
        ) : null}
        {holds && b.series_id && me?.role !== 'trainee' ? (
          <button type="button" class="small secondary" onClick={() => void cancelSeries(b)}>
            {tf('fac.cancelSeries')}
          </button>
        ) : null}
      </span>
    );
  };

  return (
    <div class="page fac-page">
      <h1>{tf('fac.title')}</h1>
      <p class="lead">{tf('fac.lead')}</p>
      {error ? <Banner kind="error">{error}</Banner> : null}
      <section aria-labelledby="fac-resources">
        <h2 id="fac-resources">{tf('fac.resources')}</h2>
        {resources === null ? <Loading /> : null}
        {resources && !resources.length ? <p class="muted">{tf('fac.resourcesNone')}</p> : null}
        <ul class="fac-resources">
          {(resources ?? []).map((r) => (
            <ResourceCard key={r.id} r={r} />
          ))}
        </ul>
      </section>
      {me && managed.size ? (
        <section class="card" aria-labelledby="fac-queue">
          <h2 id="fac-queue">{tf('fac.queue')}</h2>
          {queue === null ? <Loading /> : null}
          {queue && !waiting.length ? <p class="muted">{tf('fac.queueNone')}</p> : null}
          {waiting.length ? (
            <BookingTable
              rows={waiting}
              label={tf('fac.queue')}
              actions={(b) => (
                <span class="actions">
                  <button type="button" class="small" onClick={() => void decide(b, 'approved')}>
                    {tf('fac.approve')}
                  </button>
                  <button
                    type="button"
                    class="small secondary"
                    onClick={() => void decide(b, 'declined')}
                  >
                    {tf('fac.decline')}
                  </button>
                </span>
              )}
            />
          ) : null}
        </section>
      ) : null}
      <section class="card" aria-labelledby="fac-mine">
        <h2 id="fac-mine">{tf('fac.mine')}</h2>
        {!me ? <p class="muted">{tf('fac.mineLogin')}</p> : null}
        {me && mine === null ? <Loading /> : null}
        {me && mine && !mine.length ? <p class="muted">{tf('fac.mineNone')}</p> : null}
        {mine && mine.length ? (
          <BookingTable rows={mine} label={tf('fac.mine')} actions={myActions} />
        ) : null}
      </section>
    </div>
  );
}
