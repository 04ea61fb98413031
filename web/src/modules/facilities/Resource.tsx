// A resource's page (/resources/:id): what it is and its rules, its week as a calendar of
// 30-minute (its slot) rows by seven days, free slots to pick and booked ones shaded
// (GET /resources/:id/availability), and the booking form. Times are Korea's (KST, UTC+9, no
// daylight saving) whatever the browser's zone: the date-time inputs say Seoul's wall clock,
// which the server reads as such when no offset is given. A refusal shows its reason: the
// booking it collides with (409) or the rule it breaks (422).
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, request, type Row } from '../../api/client';
import { RecordTabs } from '../../generic/DetailView';
import { Txt } from '../../generic/values';
import { enumLabel, formatWon, lang } from '../../i18n';
import { sessionStore } from '../../session';
import { useStore } from '../../store';
import { announce, Banner, Loading, useTitle } from '../../ui';
import { bookingError } from './Facilities';
import { tf } from './strings';

const KST = 9 * 3600e3;
const DAY = 24 * 3600e3;
const DAYS = [
  'hours_mon',
  'hours_tue',
  'hours_wed',
  'hours_thu',
  'hours_fri',
  'hours_sat',
  'hours_sun',
];

interface Interval {
  starts_at: string;
  ends_at: string;
}
interface Closure extends Interval {
  kind: 'holiday' | 'maintenance' | 'blackout';
  reason: string;
}
interface Availability {
  free: Interval[];
  busy: Interval[];
  open: Interval[];
  closed?: Closure[];
  slot_minutes: number;
  min_minutes: number;
}

/** Monday 00:00 in Seoul of the week holding t (epoch ms). */
function weekStart(t: number): number {
  const day = Math.floor((t + KST) / DAY);
  const weekday = (day + 3) % 7; // 1970-01-01 was a Thursday; 0 is Monday
  return (day - weekday) * DAY - KST;
}
const p2 = (n: number) => String(n).padStart(2, '0');
/** Seoul's wall clock of t as YYYY-MM-DDTHH:MM (a datetime-local value). */
function local(t: number): string {
  const d = new Date(t + KST);
  return `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}T${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}`;
}
const hm = (t: number) => local(t).slice(11);
const inAny = (a: number, b: number, xs: Interval[]) =>
  xs.some((x) => Date.parse(x.starts_at) <= a && b <= Date.parse(x.ends_at));
const touches = (a: number, b: number, xs: Interval[]) =>
  xs.some((x) => Date.parse(x.starts_at) < b && a < Date.parse(x.ends_at));

function Week(props: { av: Availability; from: number; onPick: (t: number) => void }) {
  const { av, from } = props;
  const slot = Math.max(15, av.slot_minutes || 30) * 60e3;
  // the rows: from the earliest opening to the latest closing of the week (Seoul)
  let lo = DAY,
    hi = 0;
  for (const o of av.open) {
    const a = Date.parse(o.starts_at),
      b = Date.parse(o.ends_at);
    const day = Math.floor((a - from) / DAY) * DAY + from;
    lo = Math.min(lo, a - day);
    hi = Math.max(hi, b - day >= DAY ? DAY : b - day);
  }
  if (hi <= lo) return <p class="muted">{tf('res.legendClosed')}</p>;
  lo = Math.floor(lo / slot) * slot;
  const rows: number[] = [];
  for (let m = lo; m < hi; m += slot) rows.push(m);
  const days = [0, 1, 2, 3, 4, 5, 6].map((i) => from + i * DAY);
  const dayName = (t: number) =>
    new Date(t + KST).toLocaleDateString(lang() === 'en' ? 'en-GB' : 'ko-KR', {
      weekday: 'short',
      month: 'numeric',
      day: 'numeric',
      timeZone: 'UTC',
    });
  return (
    <div
      class="fac-week"
      role="grid"
      aria-label={tf('res.week')}
      style={{ gridTemplateColumns: `4.5rem repeat(7, minmax(4.5rem, 1fr))` }}
    >
      <div class="fac-row" role="row">
        <div class="fac-corner" role="columnheader">
          <span class="visually-hidden">{tf('res.time')}</span>
        </div>
        {days.map((d) => (
          <div key={d} class="fac-day" role="columnheader">
            {dayName(d)}
          </div>
        ))}
      </div>
      {rows.map((m) => (
        <div key={m} class="fac-row" role="row">
          <div class="fac-time" role="rowheader">
            {hm(from + m)}
          </div>
          {days.map((d) => {
            const a = d + m,
              b = a + slot;
            const free = inAny(a, b, av.free) && a > Date.now();
            const busy = touches(a, b, av.busy);
            const cls = busy ? 'busy' : free ? 'free' : 'closed';
            const time = `${dayName(d)} ${hm(a)}`;
            return (
              <div
                key={d}
                class={`fac-slot ${cls}`}
                data-start={local(a)}
                role="gridcell"
                aria-label={busy ? tf('res.slotBusy', { time }) : undefined}
              >
                {free ? (
                  <button
                    type="button"
                    aria-label={tf('res.slotFree', { time })}
                    onClick={() => props.onPick(a)}
                  />
                ) : null}
              </div>
            );
          })}
        </div>
      ))}
    </div>
  );
}

export function ResourcePage(props: { id: number }) {
  const session = useStore(sessionStore);
  const me = session.user;
  const [row, setRow] = useState<Row | null>(null);
  const [missing, setMissing] = useState(false);
  const [from, setFrom] = useState(() => weekStart(Date.now()));
  const [av, setAv] = useState<Availability | null>(null);
  const [starts, setStarts] = useState('');
  const [ends, setEnds] = useState('');
  const [purpose, setPurpose] = useState('');
  const [until, setUntil] = useState('');
  const [feed, setFeed] = useState<string | null>(null);
  const [taken, setTaken] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  useTitle(row ? String(row.name ?? '') : null);

  useEffect(() => {
    api
      .get('resources', props.id, { expand: 'manager_org' })
      .then((a) => setRow(a.data))
      .catch(() => setMissing(true));
  }, [props.id]);
  const loadWeek = () => {
    request<Availability>('GET', `resources/${props.id}/availability`, {
      query: { from: new Date(from).toISOString(), to: new Date(from + 7 * DAY).toISOString() },
    })
      .then((a) => setAv(a.data))
      .catch(() => setAv({ free: [], busy: [], open: [], slot_minutes: 30, min_minutes: 30 }));
  };
  useEffect(loadWeek, [props.id, from]);

  if (missing) return <Banner kind="error">{tf('fac.resourcesNone')}</Banner>;
  if (!row) return <Loading />;

  const pick = (t: number) => {
    const len = Math.max(Number(row.min_minutes ?? 30), Number(row.slot_minutes ?? 30)) * 60e3;
    setStarts(local(t));
    setEnds(local(t + len));
    setDone(null);
    setError(null);
    document.getElementById('fac-starts')?.focus();
  };
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const a = await api.create('bookings', {
        resource_id: props.id,
        starts_at: `${starts}:00`,
        ends_at: `${ends}:00`,
        purpose: purpose.trim() || undefined,
        repeat_until: until || undefined,
      });
      let msg = tf('res.booked', {
        id: a.data.id,
        status: enumLabel('bookings', 'status', String(a.data.status)),
      });
      if (a.data.series_id) {
        const series = await api.list('bookings', {
          series_id: Number(a.data.series_id),
          limit: 1,
        });
        msg = tf('res.seriesBooked', { n: series.total ?? 1, series: Number(a.data.series_id) });
      }
      setDone(msg);
      announce(msg);
      loadWeek();
    } catch (err) {
      setError(bookingError(err));
      // a time another booking holds may be waited for (POST /waitlist)
      setTaken(err instanceof ApiError && err.status === 409 && !until);
    } finally {
      setBusy(false);
    }
  };
  const wait = async () => {
    setError(null);
    setTaken(false);
    try {
      const a = await api.create('waitlist', {
        resource_id: props.id,
        starts_at: `${starts}:00`,
        ends_at: `${ends}:00`,
        note: purpose.trim() || undefined,
      });
      const msg = tf('res.waiting', { id: a.data.id });
      setDone(msg);
      announce(msg);
    } catch (err) {
      setError(bookingError(err));
    }
  };
  const makeFeed = async () => {
    setError(null);
    try {
      const a = await api.create('calendar-feeds', {
        name: String(row.name ?? ''),
        resource_id: props.id,
      });
      setFeed(`${window.location.origin}/api/v1/feeds/${String(a.data.token)}.ics`);
    } catch (err) {
      setError(bookingError(err));
    }
  };
  const fee = Number(row.hourly_fee ?? 0);
  const cancelHours = Number(row.cancel_hours ?? 0);
  const noshow = Number(row.noshow_minutes ?? 0);
  const mayBook = !!me && me.org_id != null && me.role !== 'trainee';

  return (
    <div class="page fac-resource-page">
      <p>
        <a href="/facilities">← {tf('fac.title')}</a>
      </p>
      <h1 id="page-title" tabIndex={-1}>
        <Txt s={String(row.name ?? '')} />
      </h1>
      <RecordTabs c={{ name: 'resources' }} id={props.id} />
      <p class="muted">
        {enumLabel('resources', 'kind', String(row.kind ?? ''))}
        {row.location ? ` · ${tf('res.location')}: ${String(row.location)}` : ''}
        {' · '}
        {fee > 0 ? tf('fac.fee', { fee: formatWon(fee) }) : tf('fac.free')}
        {row.requires_approval ? <span class="badge">{tf('fac.approval')}</span> : null}
        {row.requires_qualification ? <span class="badge">{tf('fac.qualification')}</span> : null}
      </p>
      {row.description ? (
        <p>
          <Txt s={String(row.description)} />
        </p>
      ) : null}
      <p class="muted">
        {tf('res.rules', {
          slot: Number(row.slot_minutes ?? 0),
          min: Number(row.min_minutes ?? 0),
          max: Number(row.max_minutes ?? 0),
          lead: Number(row.lead_days ?? 0),
        })}
        {cancelHours > 0 ? ` · ${tf('res.cancelRule', { hours: cancelHours })}` : ''}
        {noshow > 0 ? ` · ${tf('res.noshowRule', { minutes: noshow })}` : ''}
        {row.fee_basis === 'used' ? ` · ${tf('res.usedBasis')}` : ''}
      </p>
      <p class="fac-links">
        <a href={`/api/v1/resources/${props.id}/qr.svg`}>{tf('res.qr')}</a>
        {me ? (
          <>
            {' · '}
            <button type="button" class="small secondary" onClick={() => void makeFeed()}>
              {tf('res.feed')}
            </button>
          </>
        ) : null}
      </p>
      {feed ? (
        <Banner kind="success">
          <span class="fac-feed">{tf('res.feedMade', { url: feed })}</span>
        </Banner>
      ) : null}
      <details>
        <summary>{tf('res.hours')}</summary>
        <ul>
          {DAYS.map((d) => (
            <li key={d}>
              {d.slice(6)}: {row[d] ? String(row[d]) : tf('res.closed')}
            </li>
          ))}
        </ul>
      </details>
      <section class="card" aria-labelledby="fac-week-title">
        <div class="section-head">
          <h2 id="fac-week-title">{tf('res.week')}</h2>
          <span class="actions">
            <button type="button" class="small secondary" onClick={() => setFrom(from - 7 * DAY)}>
              {tf('res.prev')}
            </button>
            <button
              type="button"
              class="small secondary"
              onClick={() => setFrom(weekStart(Date.now()))}
            >
              {tf('res.thisWeek')}
            </button>
            <button type="button" class="small secondary" onClick={() => setFrom(from + 7 * DAY)}>
              {tf('res.next')}
            </button>
          </span>
        </div>
        <p class="muted">
          {tf('res.timezone')} <span class="fac-legend free">{tf('res.legendFree')}</span>{' '}
          <span class="fac-legend busy">{tf('res.legendBusy')}</span>{' '}
          <span class="fac-legend closed">{tf('res.legendClosed')}</span>
        </p>
        {av ? <Week av={av} from={from} onPick={pick} /> : <Loading />}
        <h3>{tf('res.closures')}</h3>
        {av && !(av.closed ?? []).length ? <p class="muted">{tf('res.closuresNone')}</p> : null}
        {av && (av.closed ?? []).length ? (
          <ul class="fac-closures">
            {(av.closed ?? []).map((c) => (
              <li key={`${c.kind}${c.starts_at}`}>
                <span class={`badge closure-${c.kind}`}>{tf(`res.kind.${c.kind}`)}</span>{' '}
                {local(Date.parse(c.starts_at)).replace('T', ' ')} –{' '}
                {local(Date.parse(c.ends_at)).replace('T', ' ')} · <Txt s={c.reason} />
              </li>
            ))}
          </ul>
        ) : null}
      </section>
      <section class="card" aria-labelledby="fac-book-title">
        <h2 id="fac-book-title">{tf('res.book')}</h2>
        {!mayBook ? <p class="muted">{tf('res.login')}</p> : null}
        {done ? <Banner kind="success">{done}</Banner> : null}
        {error ? (
          <Banner kind="error" id="fac-book-error">
            {error}
          </Banner>
        ) : null}
        {taken && mayBook ? (
          <p>
            <button type="button" class="secondary" onClick={() => void wait()}>
              {tf('res.wait')}
            </button>
          </p>
        ) : null}
        {mayBook ? (
          <form class="fac-form" onSubmit={(e) => void submit(e)}>
            <label>
              {tf('res.starts')}
              <input
                id="fac-starts"
                type="datetime-local"
                name="starts_at"
                required
                value={starts}
                onInput={(e) => setStarts((e.target as HTMLInputElement).value)}
              />
            </label>
            <label>
              {tf('res.ends')}
              <input
                type="datetime-local"
                name="ends_at"
                required
                value={ends}
                onInput={(e) => setEnds((e.target as HTMLInputElement).value)}
              />
            </label>
            <label>
              {tf('res.purpose')}
              <input
                type="text"
                name="purpose"
                maxLength={500}
                value={purpose}
                onInput={(e) => setPurpose((e.target as HTMLInputElement).value)}
              />
            </label>
            <label>
              {tf('res.repeat')}
              <input
                type="date"
                name="repeat_until"
                value={until}
                onInput={(e) => setUntil((e.target as HTMLInputElement).value)}
              />
            </label>
            <button type="submit" disabled={busy}>
              {tf('res.submit')}
            </button>
          </form>
        ) : null}
      </section>
    </div>
  );
}
