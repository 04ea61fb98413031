// The booking calendar (/booking-calendar): a day of every resource side by side (day view)
// or one resource's next seven days (per-resource view), besides each resource's own week on
// its page. Slots are the availability answer's (GET /resources/:id/availability): free, closed
// (hours, holidays, maintenance) and booked; the caller's organisation's bookings (GET
// /bookings, which only shows them their own) are coloured by status. Selecting a free slot
// fills the booking form below, offered only to members who may book (not trainees, not
// anonymous callers), as the API allows. Times are Seoul's.
import { useEffect, useState } from 'preact/hooks';
import { api, request, type Row } from '../../api/client';
import { enumLabel, lang } from '../../i18n';
import { sessionStore } from '../../session';
import { useStore } from '../../store';
import { announce, Banner, Loading, useTitle } from '../../ui';
import { bookingError } from './Facilities';
import { tf } from './strings';

const KST = 9 * 3600e3;
const DAY = 24 * 3600e3;
const SLOT = 30 * 60e3;

interface Interval {
  starts_at: string;
  ends_at: string;
}
interface Availability {
  free: Interval[];
  busy: Interval[];
  open: Interval[];
  closed?: (Interval & { kind: string; reason: string })[];
  min_minutes: number;
}
/** One column of the grid: a resource on a day. */
interface Column {
  key: string;
  label: string;
  resource: Row;
  day: number; // Seoul midnight, epoch ms
  av: Availability | null;
}

const p2 = (n: number) => String(n).padStart(2, '0');
/** Seoul midnight of the day holding t. */
const dayOf = (t: number) => Math.floor((t + KST) / DAY) * DAY - KST;
/** Seoul's wall clock of t as YYYY-MM-DDTHH:MM. */
function local(t: number): string {
  const d = new Date(t + KST);
  return `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}T${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}`;
}
const within = (a: number, b: number, xs: Interval[]) =>
  xs.some((x) => Date.parse(x.starts_at) <= a && b <= Date.parse(x.ends_at));
const meets = (a: number, b: number, x: Interval) =>
  Date.parse(x.starts_at) < b && a < Date.parse(x.ends_at);
const dayName = (t: number) =>
  new Date(t + KST).toLocaleDateString(lang() === 'en' ? 'en-GB' : 'ko-KR', {
    weekday: 'short',
    month: 'numeric',
    day: 'numeric',
    timeZone: 'UTC',
  });

async function availability(id: number, day: number, days: number): Promise<Availability | null> {
  try {
    const a = await request<Availability>('GET', `resources/${id}/availability`, {
      query: { from: new Date(day).toISOString(), to: new Date(day + days * DAY).toISOString() },
    });
    return a.data;
  } catch {
    return null;
  }
}

export function CalendarPage() {
  useTitle(tf('cal.title'));
  const session = useStore(sessionStore);
  const me = session.user;
  const [mode, setMode] = useState<'day' | 'resource'>('day');
  const [day, setDay] = useState(() => dayOf(Date.now()));
  const [resources, setResources] = useState<Row[] | null>(null);
  const [chosen, setChosen] = useState<number>(0);
  const [cols, setCols] = useState<Column[] | null>(null);
  const [mine, setMine] = useState<Row[]>([]);
  const [pick, setPick] = useState<{ resource: Row; start: number; end: number } | null>(null);
  const [purpose, setPurpose] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const mayBook = !!me && me.org_id != null && me.role !== 'trainee';

  useEffect(() => {
    api
      .list('resources', { sort: 'name', status: 'active', limit: 200 })
      .then((a) => {
        setResources(a.items);
        if (a.items.length) setChosen((c) => c || a.items[0].id);
      })
      .catch(() => setResources([]));
  }, []);
  const load = () => {
    if (!resources) return;
    setCols(null);
    const span = mode === 'day' ? 1 : 7;
    const wanted: Column[] =
      mode === 'day'
        ? resources.map((r) => ({
            key: `r${r.id}`,
            label: String(r.name ?? ''),
            resource: r,
            day,
            av: null,
          }))
        : [0, 1, 2, 3, 4, 5, 6].flatMap((i) => {
            const r = resources.find((x) => x.id === chosen);
            return r
              ? [
                  {
                    key: `d${i}`,
                    label: dayName(day + i * DAY),
                    resource: r,
                    day: day + i * DAY,
                    av: null,
                  },
                ]
              : [];
          });
    const ids = mode === 'day' ? resources.map((r) => r.id) : [chosen];
    Promise.all(ids.map((id) => availability(id, day, span))).then((avs) => {
      setCols(
        wanted.map((c) => ({ ...c, av: avs[mode === 'day' ? ids.indexOf(c.resource.id) : 0] })),
      );
    });
    if (me?.org_id != null)
      api
        .list('bookings', {
          org_id: me.org_id,
          starts_at_from: new Date(day - DAY).toISOString(),
          starts_at_to: new Date(day + span * DAY).toISOString(),
          limit: 200,
        })
        .then((a) => setMine(a.items))
        .catch(() => setMine([]));
  };
  useEffect(load, [resources, mode, day, chosen, me?.org_id]);

  // the rows: from the earliest opening to the latest closing among the columns (Seoul)
  let lo = DAY,
    hi = 0;
  for (const c of cols ?? [])
    for (const o of c.av?.open ?? []) {
      lo = Math.min(lo, Math.max(0, Date.parse(o.starts_at) - c.day));
      hi = Math.max(hi, Math.min(DAY, Date.parse(o.ends_at) - c.day));
    }
  const rows: number[] = [];
  for (let m = Math.floor(lo / SLOT) * SLOT; m < hi; m += SLOT) rows.push(m);

  const choose = (c: Column, a: number) => {
    const len = Math.max(Number(c.resource.min_minutes ?? 30), 30) * 60e3;
    setPick({ resource: c.resource, start: a, end: a + len });
    setDone(null);
    setError(null);
  };
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!pick) return;
    setError(null);
    try {
      const a = await api.create('bookings', {
        resource_id: pick.resource.id,
        starts_at: `${local(pick.start)}:00`,
        ends_at: `${local(pick.end)}:00`,
        purpose: purpose.trim() || undefined,
      });
      const msg = tf('res.booked', {
        id: a.data.id,
        status: enumLabel('bookings', 'status', String(a.data.status)),
      });
      setDone(msg);
      announce(msg);
      setPick(null);
      load();
    } catch (err) {
      setError(bookingError(err));
    }
  };

  return (
    <div class="page fac-calendar-page">
      <h1>{tf('cal.title')}</h1>
      <div class="section-head">
        <span class="actions" role="group" aria-label={tf('cal.view')}>
          <button
            type="button"
            class={`small ${mode === 'day' ? '' : 'secondary'}`}
            aria-pressed={mode === 'day'}
            onClick={() => setMode('day')}
          >
            {tf('cal.day')}
          </button>
          <button
            type="button"
            class={`small ${mode === 'resource' ? '' : 'secondary'}`}
            aria-pressed={mode === 'resource'}
            onClick={() => setMode('resource')}
          >
            {tf('cal.resource')}
          </button>
        </span>
        <span class="actions">
          <button
            type="button"
            class="small secondary"
            onClick={() => setDay(day - (mode === 'day' ? 1 : 7) * DAY)}
          >
            {tf('cal.prev')}
          </button>
          <button type="button" class="small secondary" onClick={() => setDay(dayOf(Date.now()))}>
            {tf('cal.today')}
          </button>
          <button
            type="button"
            class="small secondary"
            onClick={() => setDay(day + (mode === 'day' ? 1 : 7) * DAY)}
          >
            {tf('cal.next')}
          </button>
        </span>
      </div>
      {mode === 'resource' && resources ? (
        <label>
          {tf('fac.resources')}{' '}
          <select
            value={String(chosen)}
            onChange={(e) => setChosen(Number((e.target as HTMLSelectElement).value))}
          >
            {resources.map((r) => (
              <option key={r.id} value={String(r.id)}>
                {String(r.name ?? '')}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <p class="muted">
        {mode === 'day' ? dayName(day) : ''} {tf('res.timezone')}{' '}
        <span class="fac-legend free">{tf('res.legendFree')}</span>{' '}
        <span class="fac-legend busy">{tf('res.legendBusy')}</span>{' '}
        {['requested', 'approved', 'completed', 'no-show'].map((s) => (
          <span key={s} class={`fac-legend mine-${s}`}>
            {tf('cal.mine', { status: enumLabel('bookings', 'status', s) })}
          </span>
        ))}{' '}
        <span class="fac-legend closed">{tf('res.legendClosed')}</span>
      </p>
      {done ? <Banner kind="success">{done}</Banner> : null}
      {error ? <Banner kind="error">{error}</Banner> : null}
      {!cols ? <Loading /> : null}
      {cols && !rows.length ? <p class="muted">{tf('res.legendClosed')}</p> : null}
      {cols && rows.length ? (
        <div
          class="fac-week fac-cal"
          role="grid"
          aria-label={tf('cal.title')}
          style={{ gridTemplateColumns: `4.5rem repeat(${cols.length}, minmax(5.5rem, 1fr))` }}
        >
          <div class="fac-row" role="row">
            <div class="fac-corner" role="columnheader">
              <span class="visually-hidden">{tf('res.time')}</span>
            </div>
            {cols.map((c) => (
              <div key={c.key} class="fac-day" role="columnheader">
                {mode === 'day' ? <a href={`/resources/${c.resource.id}`}>{c.label}</a> : c.label}
              </div>
            ))}
          </div>
          {rows.map((m) => (
            <div key={m} class="fac-row" role="row">
              <div class="fac-time" role="rowheader">
                {local(day + m).slice(11)}
              </div>
              {cols.map((c) => {
                const a = c.day + m,
                  b = a + SLOT;
                const av = c.av ?? { free: [], busy: [], open: [], min_minutes: 30 };
                const own = mine.find(
                  (x) =>
                    x.resource_id === c.resource.id &&
                    x.status !== 'cancelled' &&
                    x.status !== 'declined' &&
                    meets(a, b, x as unknown as Interval),
                );
                const busy = av.busy.some((x) => meets(a, b, x));
                const free = !busy && within(a, b, av.free) && a > Date.now();
                const cls = own
                  ? `busy mine-${String(own.status)}`
                  : busy
                    ? 'busy'
                    : free
                      ? 'free'
                      : 'closed';
                const time = `${c.label} ${local(a).slice(11)}`;
                return (
                  <div
                    key={c.key}
                    class={`fac-slot ${cls}`}
                    data-start={local(a)}
                    data-resource={c.resource.id}
                    role="gridcell"
                    aria-label={
                      own
                        ? `${time} ${enumLabel('bookings', 'status', String(own.status))}`
                        : busy
                          ? tf('res.slotBusy', { time })
                          : undefined
                    }
                  >
                    {free && mayBook ? (
                      <button
                        type="button"
                        aria-label={tf('res.slotFree', { time })}
                        onClick={() => choose(c, a)}
                      />
                    ) : null}
                  </div>
                );
              })}
            </div>
          ))}
        </div>
      ) : null}
      {!mayBook ? <p class="muted">{tf('res.login')}</p> : null}
      {pick && mayBook ? (
        <form class="fac-form card" onSubmit={(e) => void submit(e)} aria-label={tf('res.book')}>
          <p>
            <strong>{String(pick.resource.name ?? '')}</strong>{' '}
            {local(pick.start).replace('T', ' ')} – {local(pick.end).slice(11)}
          </p>
          <label>
            {tf('res.ends')}
            <input
              type="datetime-local"
              name="ends_at"
              required
              value={local(pick.end)}
              onInput={(e) => {
                const v = Date.parse(`${(e.target as HTMLInputElement).value}:00+09:00`);
                if (Number.isFinite(v)) setPick({ ...pick, end: v });
              }}
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
          <button type="submit">{tf('res.submit')}</button>
        </form>
      ) : null}
    </div>
  );
}
