// The check-in page of a resource (/resources/:id/check-in), which the QR code on its door opens
// (GET /resources/:id/qr.svg): the signed-in member's organisation's confirmed bookings of the
// resource around now, each with a check-in button while it may be checked in (from 15 minutes
// before its start until its end: POST /bookings/:id/check-in), then a check-out button until
// its end (POST /bookings/:id/check-out; a resource billed on used time bills from check-in to
// check-out, and the minutes and fee billed are shown).
import { useEffect, useState } from 'preact/hooks';
import { api, request, type Row } from '../../api/client';
import { Txt } from '../../generic/values';
import { formatDateTime, formatWon } from '../../i18n';
import { sessionStore } from '../../session';
import { useStore } from '../../store';
import { announce, Banner, Loading, useTitle } from '../../ui';
import { bookingError } from './Facilities';
import { tf } from './strings';

const EARLY = 15 * 60e3;
const iso = (t: number) => new Date(t).toISOString().replace(/\.\d+Z$/, 'Z');

export function CheckInPage(props: { id: number }) {
  const session = useStore(sessionStore);
  const me = session.user;
  const [row, setRow] = useState<Row | null>(null);
  const [missing, setMissing] = useState(false);
  const [bookings, setBookings] = useState<Row[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  useTitle(row ? tf('chk.title', { name: String(row.name ?? '') }) : null);

  useEffect(() => {
    api
      .get('resources', props.id)
      .then((a) => setRow(a.data))
      .catch(() => setMissing(true));
  }, [props.id]);
  const load = () => {
    if (!me?.org_id) {
      setBookings([]);
      return;
    }
    const now = Date.now();
    api
      .list('bookings', {
        resource_id: props.id,
        org_id: me.org_id,
        status: 'approved',
        starts_at_from: iso(now - 24 * 3600e3),
        starts_at_to: iso(now + EARLY),
        sort: 'starts_at',
        limit: 50,
      })
      .then((a) => setBookings(a.items.filter((b) => Date.parse(String(b.ends_at)) > now)))
      .catch(() => setBookings([]));
  };
  useEffect(load, [props.id, me?.org_id]);

  if (missing) return <Banner kind="error">{tf('fac.resourcesNone')}</Banner>;
  if (!row) return <Loading />;
  const check = async (b: Row, out: boolean) => {
    setError(null);
    setDone(null);
    try {
      await request('POST', `bookings/${b.id}/${out ? 'check-out' : 'check-in'}`);
      const msg = tf(out ? 'chk.outDone' : 'chk.done', { id: b.id });
      setDone(msg);
      announce(msg);
      load();
    } catch (e) {
      setError(bookingError(e));
    }
  };
  const mayCheckIn = !!me && me.org_id != null && me.role !== 'trainee';
  return (
    <div class="page fac-checkin-page">
      <p>
        <a href={`/resources/${props.id}`}>← {String(row.name ?? '')}</a>
      </p>
      <h1>{tf('chk.title', { name: String(row.name ?? '') })}</h1>
      <p class="lead">{tf('chk.lead')}</p>
      {done ? <Banner kind="success">{done}</Banner> : null}
      {error ? <Banner kind="error">{error}</Banner> : null}
      {!me ? (
        <p>
          <a href={`/login?next=${encodeURIComponent(`/resources/${props.id}/check-in`)}`}>
            {tf('chk.login')}
          </a>
        </p>
      ) : null}
      {me && bookings === null ? <Loading /> : null}
      {me && bookings && !bookings.length ? <p class="muted">{tf('chk.none')}</p> : null}
      {bookings && bookings.length ? (
        <ul class="fac-checkin">
          {bookings.map((b) => (
            <li key={b.id} class="card" data-booking={b.id}>
              <p>
                {formatDateTime(String(b.starts_at))} – {formatDateTime(String(b.ends_at))}
                {b.purpose ? (
                  <>
                    {' · '}
                    <Txt s={String(b.purpose)} />
                  </>
                ) : null}
              </p>
              {b.checked_in_at ? (
                <span class="badge status-completed">
                  {tf('fac.checkedIn')} {formatDateTime(String(b.checked_in_at))}
                </span>
              ) : mayCheckIn ? (
                <button type="button" onClick={() => void check(b, false)}>
                  {tf('fac.checkin')}
                </button>
              ) : null}{' '}
              {b.checked_out_at ? (
                <span class="badge status-completed">
                  {tf('fac.checkedOut')} {formatDateTime(String(b.checked_out_at))}
                </span>
              ) : b.checked_in_at && mayCheckIn ? (
                <button type="button" class="secondary" onClick={() => void check(b, true)}>
                  {tf('fac.checkout')}
                </button>
              ) : null}
              {b.billed_minutes != null ? (
                <p class="muted">
                  {tf('chk.billed', {
                    minutes: Number(b.billed_minutes),
                    fee: formatWon(Number(b.fee ?? 0)),
                  })}
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
