// Spaces and leases (/occupancy): the support center's spaces by floor with their area
// (㎡), the occupancy of the leasable ones by area (GET /spaces/occupancy, overall and per
// floor), and the leases ending within 90 days (GET /leases: a tenant sees its own, operators
// all).
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, request, type Row } from '../../api/client';
import { Txt } from '../../generic/values';
import { enumLabel, formatDate, formatNumber, formatWon } from '../../i18n';
import { sessionStore } from '../../session';
import { useStore } from '../../store';
import { Banner, DataTable, Loading, useTitle } from '../../ui';
import { tm } from './money-strings';

interface Floor {
  floor: number;
  spaces: number;
  leased: number;
  area_m2: number;
  leased_area_m2: number;
  rate: number;
}
interface Occupancy {
  on: string;
  floors: Floor[];
  spaces: number;
  leased: number;
  area_m2: number;
  leased_area_m2: number;
  rate: number;
  ending_until: string;
  ending_within_90_days: number;
}

const percent = (rate: number) => `${(rate * 100).toFixed(1)}%`;
const area = (m2: number) => formatNumber(Math.round(m2 * 100) / 100);
const named = (r: Row, stem: string) =>
  (r[stem] as { name?: string } | undefined)?.name ?? `#${String(r[`${stem}_id`])}`;

export function SpacesPage() {
  useTitle(tm('sp.title'));
  const me = useStore(sessionStore).user;
  const [occ, setOcc] = useState<Occupancy | null>(null);
  const [spaces, setSpaces] = useState<Row[] | null>(null);
  const [ending, setEnding] = useState<Row[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    request<Occupancy>('GET', 'spaces/occupancy')
      .then((a) => {
        setOcc(a.data);
        if (!me) return;
        return api
          .list('leases', {
            status: 'active',
            ends_on_from: a.data.on,
            ends_on_to: a.data.ending_until,
            sort: 'ends_on',
            expand: 'space,org',
            limit: 200,
          })
          .then((l) => setEnding(l.items));
      })
      .catch((e: unknown) => setError(e instanceof ApiError ? e.text() : String(e)));
    api
      .list('spaces', { sort: 'floor', limit: 200 })
      .then((a) => setSpaces(a.items))
      .catch(() => setSpaces([]));
  }, [me?.id, me?.org_id]);

  const days = (until: string) =>
    occ
      ? Math.round((Date.parse(`${until}T00:00:00Z`) - Date.parse(`${occ.on}T00:00:00Z`)) / 86400e3)
      : 0;
  const floors = [...new Set((spaces ?? []).map((s) => Number(s.floor ?? 0)))].sort(
    (a, b) => a - b,
  );

  return (
    <div class="page fac-money">
      <h1>{tm('sp.title')}</h1>
      <p class="lead">{tm('sp.lead')}</p>
      {error ? <Banner kind="error">{error}</Banner> : null}
      {!occ && !error ? <Loading /> : null}
      {occ ? (
        <section class="card sp-summary" aria-labelledby="sp-rate">
          <h2 id="sp-rate">
            {tm('sp.rate')}: <span class="sp-big">{percent(occ.rate)}</span>
          </h2>
          <p>
            {tm('sp.summary', {
              spaces: occ.spaces,
              leased: occ.leased,
              area: area(occ.area_m2),
              leasedArea: area(occ.leased_area_m2),
            })}
          </p>
          <DataTable
            label={tm('sp.byFloor')}
            caption
            head={[
              tm('sp.floor'),
              tm('sp.spaces'),
              tm('sp.leased'),
              tm('sp.area'),
              tm('sp.leasedArea'),
              tm('sp.rate'),
            ]}
          >
            {occ.floors.map((f) => (
              <tr key={f.floor}>
                <th scope="row">{tm('sp.floorN', { floor: f.floor })}</th>
                <td class="num">{f.spaces}</td>
                <td class="num">{f.leased}</td>
                <td class="num">{area(f.area_m2)}</td>
                <td class="num">{area(f.leased_area_m2)}</td>
                <td class="num">{percent(f.rate)}</td>
              </tr>
            ))}
          </DataTable>
        </section>
      ) : null}
      <section class="card" aria-labelledby="sp-ending">
        <h2 id="sp-ending">{tm('sp.ending')}</h2>
        {occ ? (
          <p>
            {occ.ending_within_90_days
              ? tm('sp.endingCount', {
                  n: occ.ending_within_90_days,
                  until: formatDate(occ.ending_until),
                })
              : tm('sp.endingNone')}
          </p>
        ) : null}
        {!me ? <p class="muted">{tm('sp.endingLogin')}</p> : null}
        {me && ending && ending.length ? (
          <DataTable
            label={tm('sp.ending')}
            head={[
              tm('sp.space'),
              tm('sp.tenant'),
              tm('sp.ends'),
              tm('sp.daysLeft'),
              tm('sp.rent'),
            ]}
          >
            {ending.map((l) => (
              <tr key={l.id} data-lease={l.id}>
                <td>
                  <Txt s={named(l, 'space')} />
                </td>
                <td>
                  <Txt s={named(l, 'org')} />
                </td>
                <td>{formatDate(String(l.ends_on))}</td>
                <td class="num">{tm('sp.days', { n: days(String(l.ends_on)) })}</td>
                <td class="num">{formatWon(Number(l.monthly_rent ?? 0))}</td>
              </tr>
            ))}
          </DataTable>
        ) : null}
      </section>
      <section aria-labelledby="sp-list">
        <h2 id="sp-list">{tm('sp.list')}</h2>
        {spaces === null ? <Loading /> : null}
        {floors.map((fl) => (
          <DataTable
            key={fl}
            label={tm('sp.floorN', { floor: fl })}
            caption
            head={[tm('sp.name'), tm('sp.kind'), tm('sp.area'), tm('sp.rent')]}
          >
            {(spaces ?? [])
              .filter((s) => Number(s.floor ?? 0) === fl)
              .map((s) => (
                <tr key={s.id}>
                  <td>
                    <Txt s={String(s.name)} />
                  </td>
                  <td>{enumLabel('spaces', 'kind', String(s.kind))}</td>
                  <td class="num">{s.area_m2 != null ? area(Number(s.area_m2)) : ''}</td>
                  <td class="num">
                    {s.monthly_rent != null ? formatWon(Number(s.monthly_rent)) : ''}
                  </td>
                </tr>
              ))}
          </DataTable>
        ))}
      </section>
    </div>
  );
}
