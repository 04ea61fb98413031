// The booking calendar (/booking-calendar): a day of every resource side by side (day view), a
// chosen resource's calendar week, Monday to Sunday (week view), or its next seven days
// (per-resource view), besides each resource's own week on its page. Slots are the availability
// answer's (GET /resources/:id/availability): free, closed (hours, holidays, maintenance) and
// booked; the caller's organisation's bookings (GET /bookings, which only shows them their own)
// are coloured by status.
//
// Booking: selecting a free slot, or dragging over free time of one resource (pointer events:
// mouse, pen and touch), fills the booking form below, snapped to the resource's slot grid;
// offered only to members who may book (not trainees, not anonymous callers), as the API allows.
// Moving: a booking the caller may change (movable(): the rule the API enforces on a PATCH of
// starts_at/ends_at) is dragged to another time of its resource, or by its top or bottom edge to
// resize it; the drop is that PATCH, so the server's rules decide, and a refusal leaves the
// booking where it was with the server's reason shown. Each such booking has a button that opens
// the same move as a form with date-time fields, for keyboards and for people who cannot drag.
// Times are Seoul's.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, request, type Row, type SessionUser } from '../../api/client';
import { enumLabel, lang } from '../../i18n';
import { isOperator, sessionStore } from '../../session';
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
/** Seoul's Monday midnight of the week holding t. */
const mondayOf = (t: number) => {
  const d = dayOf(t);
  return d - ((new Date(d + KST).getUTCDay() + 6) % 7) * DAY;
};
/** t snapped down (or up) to the slot grid of its Seoul day. */
function snap(t: number, slot: number, up: boolean): number {
  const d = dayOf(t);
  const k = (t - d) / slot;
  return d + (up ? Math.ceil(k) : Math.floor(k)) * slot;
}
/** Whether the API lets me move booking b of resource r (prepare_booking_move in entries.c):
 * requested or confirmed, not started, not checked in; the booking organisation's members (not
 * trainees) before the resource's cancellation deadline, operators until the start. */
export function movable(b: Row, r: Row | undefined, me: SessionUser | null, now = Date.now()) {
  if (!me || !r || (b.status !== 'requested' && b.status !== 'approved') || b.checked_in_at)
    return false;
  const start = Date.parse(String(b.starts_at));
  if (!(start > now)) return false;
  if (isOperator(me)) return true;
  const deadline = start - Number(r.cancel_hours ?? 0) * 3600e3;
  return me.role !== 'trainee' && me.org_id === b.org_id && now < deadline;
}
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

/** A drag in progress: a new booking over free time, or a move or resize of a booking. */
interface Drag {
  kind: 'new' | 'move' | 'start' | 'end';
  resource: Row;
  pointer: number;
  grab: number; // the slot the pointer went down on
  booking?: Row;
  a: number; // the interval the drop would give, snapped to the rows
  b: number;
  moved: boolean;
}

const iso = (t: number) => `${local(t)}:00+09:00`;
const fromLocal = (v: string) => Date.parse(`${v}:00+09:00`);

export function CalendarPage() {
  useTitle(tf('cal.title'));
  const session = useStore(sessionStore);
  const me = session.user;
  const [mode, setMode] = useState<'day' | 'week' | 'resource'>('day');
  const [day, setDay] = useState(() => dayOf(Date.now()));
  const [resources, setResources] = useState<Row[] | null>(null);
  const [chosen, setChosen] = useState<number>(0);
  const [cols, setCols] = useState<Column[] | null>(null);
  const [mine, setMine] = useState<Row[]>([]);
  const [pick, setPick] = useState<{ resource: Row; start: number; end: number } | null>(null);
  const [purpose, setPurpose] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [drag, setDrag] = useState<Drag | null>(null);
  const [moving, setMoving] = useState<{ booking: Row; start: number; end: number } | null>(null);
  const dragRef = useRef<Drag | null>(null);
  const clickAfterDrag = useRef(false);
  const moveFirst = useRef<HTMLInputElement>(null);
  const mayBook = !!me && me.org_id != null && me.role !== 'trainee';
  const first = mode === 'week' ? mondayOf(day) : day;
  const span = mode === 'day' ? 1 : 7;

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
    const r = resources.find((x) => x.id === chosen);
    const wanted: Column[] =
      mode === 'day'
        ? resources.map((x) => ({
            key: `r${x.id}`,
            label: String(x.name ?? ''),
            resource: x,
            day: first,
            av: null,
          }))
        : r
          ? [0, 1, 2, 3, 4, 5, 6].map((i) => ({
              key: `d${i}`,
              label: dayName(first + i * DAY),
              resource: r,
              day: first + i * DAY,
              av: null,
            }))
          : [];
    const ids = mode === 'day' ? resources.map((x) => x.id) : [chosen];
    Promise.all(ids.map((id) => availability(id, first, span))).then((avs) => {
      setCols(
        wanted.map((c) => ({ ...c, av: avs[mode === 'day' ? ids.indexOf(c.resource.id) : 0] })),
      );
    });
    if (me?.org_id != null)
      api
        .list('bookings', {
          org_id: me.org_id,
          starts_at_from: new Date(first - DAY).toISOString(),
          starts_at_to: new Date(first + span * DAY).toISOString(),
          limit: 200,
        })
        .then((a) => setMine(a.items))
        .catch(() => setMine([]));
  };
  useEffect(load, [resources, mode, day, chosen, me?.org_id]);
  useEffect(() => {
    if (moving) moveFirst.current?.focus();
  }, [moving?.booking.id]);

  // the rows: from the earliest opening to the latest closing among the columns (Seoul)
  let lo = DAY,
    hi = 0;
  for (const c of cols ?? [])
    for (const o of c.av?.open ?? []) {
      lo = Math.min(lo, Math.max(0, Date.parse(o.starts_at) - c.day));
      hi = Math.max(hi, Math.min(DAY, Date.parse(o.ends_at) - c.day));
    }
  // a booking of ours outside the opening hours (made by an operator) still shows
  for (const c of cols ?? [])
    for (const x of mine)
      if (x.resource_id === c.resource.id) {
        const a = Date.parse(String(x.starts_at)) - c.day,
          b = Date.parse(String(x.ends_at)) - c.day;
        if (b > 0 && a < DAY) {
          lo = Math.min(lo, Math.max(0, a));
          hi = Math.max(hi, Math.min(DAY, b));
        }
      }
  const rows: number[] = [];
  for (let m = Math.floor(lo / SLOT) * SLOT; m < hi; m += SLOT) rows.push(m);

  const holding = (x: Row) => x.status !== 'cancelled' && x.status !== 'declined';
  const resourceOf = (id: unknown) => resources?.find((x) => x.id === id);
  const slotMs = (r: Row) => Math.max(Number(r.slot_minutes ?? 0) || 30, 1) * 60e3;
  const minMs = (r: Row) => Math.max(Number(r.min_minutes ?? 0), 0) * 60e3;

  const choose = (c: Column, a: number) => {
    const len = Math.max(Number(c.resource.min_minutes ?? 30), 30) * 60e3;
    setPick({ resource: c.resource, start: a, end: a + len });
    setMoving(null);
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
  /** The move: a PATCH of the times with the booking's current ETag. Refused, the booking
   * stays where it was (nothing is changed here before the server answers) and the server's
   * reason is shown. */
  const sendMove = async (b: Row, start: number, end: number) => {
    setError(null);
    setDone(null);
    try {
      const cur = await api.get('bookings', b.id);
      const a = await api.patch(
        'bookings',
        b.id,
        { starts_at: iso(start), ends_at: iso(end) },
        cur.etag,
      );
      const msg = tf('cal.moved', {
        id: b.id,
        time: `${local(start).replace('T', ' ')}–${local(end).slice(11)}`,
        status: enumLabel('bookings', 'status', String(a.data.status)),
      });
      setDone(msg);
      announce(msg);
      setMoving(null);
    } catch (err) {
      const msg = tf('cal.moveRefused', { id: b.id, reason: bookingError(err) });
      setError(msg);
      announce(msg);
    }
    load();
  };

  /* --- dragging (pointer events: mouse, pen, touch) --- */
  const cellAt = (x: number, y: number) =>
    (document.elementFromPoint(x, y)?.closest('.fac-slot') as HTMLElement | null) ?? null;
  const onDown = (e: PointerEvent) => {
    if (e.button !== 0 || !cols) return;
    const target = e.target as HTMLElement;
    const cell = target.closest('.fac-slot') as HTMLElement | null;
    if (!cell) return;
    const t = Number(cell.dataset.t);
    const r = resourceOf(Number(cell.dataset.resource));
    if (!r || !Number.isFinite(t)) return;
    const id = Number(cell.dataset.booking);
    const b = id ? mine.find((x) => x.id === id) : undefined;
    let d: Drag | null = null;
    if (b && cell.dataset.movable === 'true') {
      const edge = (target.closest('[data-edge]') as HTMLElement | null)?.dataset.edge;
      d = {
        kind: edge === 'start' ? 'start' : edge === 'end' ? 'end' : 'move',
        resource: r,
        pointer: e.pointerId,
        grab: t,
        booking: b,
        a: Date.parse(String(b.starts_at)),
        b: Date.parse(String(b.ends_at)),
        moved: false,
      };
    } else if (cell.classList.contains('free') && mayBook) {
      d = {
        kind: 'new',
        resource: r,
        pointer: e.pointerId,
        grab: t,
        a: t,
        b: t + SLOT,
        moved: false,
      };
    }
    if (!d) return;
    e.preventDefault();
    (e.currentTarget as HTMLElement).setPointerCapture?.(e.pointerId);
    dragRef.current = d;
    setDrag(d);
  };
  const onMove = (e: PointerEvent) => {
    const d = dragRef.current;
    if (!d || e.pointerId !== d.pointer) return;
    const cell = cellAt(e.clientX, e.clientY);
    if (!cell || Number(cell.dataset.resource) !== d.resource.id) return;
    const t = Number(cell.dataset.t);
    if (!Number.isFinite(t)) return;
    const b0 = d.booking ? Date.parse(String(d.booking.starts_at)) : 0;
    const b1 = d.booking ? Date.parse(String(d.booking.ends_at)) : 0;
    let a = d.a,
      b = d.b;
    if (d.kind === 'new') {
      a = Math.min(d.grab, t);
      b = Math.max(d.grab, t) + SLOT;
    } else if (d.kind === 'move') {
      a = b0 + (t - d.grab);
      b = b1 + (t - d.grab);
    } else if (d.kind === 'start') {
      a = Math.min(t, b1 - SLOT);
      b = b1;
    } else {
      a = b0;
      b = Math.max(t + SLOT, b0 + SLOT);
    }
    if (a === d.a && b === d.b) return;
    const next = { ...d, a, b, moved: true };
    dragRef.current = next;
    setDrag(next);
  };
  const onUp = (e: PointerEvent) => {
    const d = dragRef.current;
    if (!d || e.pointerId !== d.pointer) return;
    dragRef.current = null;
    setDrag(null);
    clickAfterDrag.current = d.moved;
    const slot = slotMs(d.resource);
    if (d.kind === 'new') {
      const start = snap(d.a, slot, false);
      const end = Math.max(snap(d.b, slot, true), start + Math.max(minMs(d.resource), slot));
      setPick({ resource: d.resource, start, end });
      setMoving(null);
      setDone(null);
      setError(null);
      return;
    }
    if (!d.moved || !d.booking) return;
    const start = snap(d.a, slot, false);
    const end = d.kind === 'move' ? start + (d.b - d.a) : snap(d.b, slot, true);
    if (
      start === Date.parse(String(d.booking.starts_at)) &&
      end === Date.parse(String(d.booking.ends_at))
    )
      return;
    void sendMove(d.booking, start, end);
  };
  const onCancel = () => {
    dragRef.current = null;
    setDrag(null);
  };
  /** A click that ends a drag is not also a click on the slot or booking below. */
  const onClickCapture = (e: Event) => {
    if (clickAfterDrag.current) {
      clickAfterDrag.current = false;
      e.stopPropagation();
      e.preventDefault();
    }
  };

  const viewButton = (m: 'day' | 'week' | 'resource', label: string) => (
    <button
      type="button"
      class={`small ${mode === m ? '' : 'secondary'}`}
      aria-pressed={mode === m}
      onClick={() => setMode(m)}
    >
      {label}
    </button>
  );

  return (
    <div class="page fac-calendar-page">
      <h1>{tf('cal.title')}</h1>
      <div class="section-head">
        <span class="actions" role="group" aria-label={tf('cal.view')}>
          {viewButton('day', tf('cal.day'))}
          {viewButton('week', tf('cal.week'))}
          {viewButton('resource', tf('cal.resource'))}
        </span>
        <span class="actions">
          <button type="button" class="small secondary" onClick={() => setDay(first - span * DAY)}>
            {tf('cal.prev')}
          </button>
          <button type="button" class="small secondary" onClick={() => setDay(dayOf(Date.now()))}>
            {tf('cal.today')}
          </button>
          <button type="button" class="small secondary" onClick={() => setDay(first + span * DAY)}>
            {tf('cal.next')}
          </button>
        </span>
      </div>
      {mode !== 'day' && resources ? (
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
        {mode === 'day' ? dayName(day) : `${dayName(first)} – ${dayName(first + 6 * DAY)}`}{' '}
        {tf('res.timezone')} <span class="fac-legend free">{tf('res.legendFree')}</span>{' '}
        <span class="fac-legend busy">{tf('res.legendBusy')}</span>{' '}
        {['requested', 'approved', 'completed', 'no-show'].map((s) => (
          <span key={s} class={`fac-legend mine-${s}`}>
            {tf('cal.mine', { status: enumLabel('bookings', 'status', s) })}
          </span>
        ))}{' '}
        <span class="fac-legend closed">{tf('res.legendClosed')}</span>
      </p>
      {mayBook ? <p class="muted">{tf('cal.dragHelp')}</p> : null}
      {done ? <Banner kind="success">{done}</Banner> : null}
      {error ? <Banner kind="error">{error}</Banner> : null}
      {!cols ? <Loading /> : null}
      {cols && !rows.length ? <p class="muted">{tf('res.legendClosed')}</p> : null}
      {cols && rows.length ? (
        <div
          class={`fac-week fac-cal${drag ? ' fac-dragging' : ''}`}
          role="grid"
          aria-label={tf('cal.title')}
          style={{ gridTemplateColumns: `4.5rem repeat(${cols.length}, minmax(5.5rem, 1fr))` }}
          onPointerDown={onDown}
          onPointerMove={onMove}
          onPointerUp={onUp}
          onPointerCancel={onCancel}
          onClickCapture={onClickCapture}
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
                {local(first + m).slice(11)}
              </div>
              {cols.map((c) => {
                const a = c.day + m,
                  b = a + SLOT;
                const av = c.av ?? { free: [], busy: [], open: [], min_minutes: 30 };
                const own = mine.find(
                  (x) =>
                    x.resource_id === c.resource.id &&
                    holding(x) &&
                    meets(a, b, x as unknown as Interval),
                );
                const busy = av.busy.some((x) => meets(a, b, x));
                const free = !busy && within(a, b, av.free) && a > Date.now();
                const canMove = !!own && movable(own, c.resource, me);
                const s0 = own ? Date.parse(String(own.starts_at)) : 0;
                const s1 = own ? Date.parse(String(own.ends_at)) : 0;
                const head = !!own && (a <= s0 || m === rows[0]);
                const tail = !!own && b >= s1;
                const drop =
                  drag &&
                  drag.moved &&
                  drag.resource.id === c.resource.id &&
                  a < drag.b &&
                  drag.a < b;
                const cls = own
                  ? `busy mine-${String(own.status)}${canMove ? ' movable' : ''}`
                  : busy
                    ? 'busy'
                    : free
                      ? 'free'
                      : 'closed';
                const time = `${c.label} ${local(a).slice(11)}`;
                return (
                  <div
                    key={c.key}
                    class={`fac-slot ${cls}${drop ? ' fac-drop' : ''}`}
                    data-start={local(a)}
                    data-t={String(a)}
                    data-resource={c.resource.id}
                    data-booking={own ? String(own.id) : undefined}
                    data-movable={canMove ? 'true' : undefined}
                    role="gridcell"
                    aria-label={
                      own
                        ? `${time} #${own.id} ${enumLabel('bookings', 'status', String(own.status))}`
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
                    {canMove && head && own ? (
                      <>
                        <span class="fac-edge start" data-edge="start" aria-hidden="true" />
                        <button
                          type="button"
                          class="fac-move"
                          aria-label={tf('cal.moveLabel', {
                            id: own.id,
                            time: `${local(s0).replace('T', ' ')}–${local(s1).slice(11)}`,
                          })}
                          onClick={() => {
                            setMoving({ booking: own, start: s0, end: s1 });
                            setPick(null);
                          }}
                        >
                          #{own.id}
                        </button>
                      </>
                    ) : null}
                    {canMove && tail ? (
                      <span class="fac-edge end" data-edge="end" aria-hidden="true" />
                    ) : null}
                  </div>
                );
              })}
            </div>
          ))}
        </div>
      ) : null}
      {!mayBook ? <p class="muted">{tf('res.login')}</p> : null}
      {moving ? (
        <form
          class="fac-form card"
          aria-label={tf('cal.moveTitle', { id: moving.booking.id })}
          onSubmit={(e) => {
            e.preventDefault();
            void sendMove(moving.booking, moving.start, moving.end);
          }}
        >
          <p>
            <strong>{String(resourceOf(moving.booking.resource_id)?.name ?? '')}</strong>{' '}
            {tf('cal.moveTitle', { id: moving.booking.id })}
          </p>
          <label>
            {tf('res.starts')}
            <input
              ref={moveFirst}
              type="datetime-local"
              name="move_starts_at"
              required
              value={local(moving.start)}
              onInput={(e) => {
                const v = fromLocal((e.target as HTMLInputElement).value);
                if (Number.isFinite(v)) setMoving({ ...moving, start: v });
              }}
            />
          </label>
          <label>
            {tf('res.ends')}
            <input
              type="datetime-local"
              name="move_ends_at"
              required
              value={local(moving.end)}
              onInput={(e) => {
                const v = fromLocal((e.target as HTMLInputElement).value);
                if (Number.isFinite(v)) setMoving({ ...moving, end: v });
              }}
            />
          </label>
          <button type="submit">{tf('cal.moveSubmit')}</button>
          <button type="button" class="secondary" onClick={() => setMoving(null)}>
            {tf('cal.moveClose')}
          </button>
        </form>
      ) : null}
      {pick && mayBook ? (
        <form class="fac-form card" onSubmit={(e) => void submit(e)} aria-label={tf('res.book')}>
          <p>
            <strong>{String(pick.resource.name ?? '')}</strong>{' '}
            {local(pick.start).replace('T', ' ')} – {local(pick.end).slice(11)}
          </p>
          <label>
            {tf('res.starts')}
            <input
              type="datetime-local"
              name="starts_at"
              required
              value={local(pick.start)}
              onInput={(e) => {
                const v = fromLocal((e.target as HTMLInputElement).value);
                if (Number.isFinite(v)) setPick({ ...pick, start: v });
              }}
            />
          </label>
          <label>
            {tf('res.ends')}
            <input
              type="datetime-local"
              name="ends_at"
              required
              value={local(pick.end)}
              onInput={(e) => {
                const v = fromLocal((e.target as HTMLInputElement).value);
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
