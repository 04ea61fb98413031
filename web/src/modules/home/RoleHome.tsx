// Each role's home (issue #11, point 4): a member of a company lands on 우리 기관 (the
// profile and what it lacks, requests awaiting an answer and those sent, open needs,
// collaborations, tasks); a partner hospital, university or institute sees the requests to
// answer and its capabilities; an operator sees the queues to work through (requests unanswered
// for a week, new organisations, organisations whose profile lacks main fields (?missing=),
// the recent imports, new support requests, bookings to approve) and the dashboard.
// Every panel is a list the server scopes to the caller, with its total and a link to the full
// list with the same filters; a panel that fails to load says so and offers to try again.
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, type Query, type Row } from '../../api/client';
import { collectionLabel, fieldLabel, rowTitle, type Model } from '../../api/openapi';
import { formatNumber } from '../../i18n';
import { canWrite, type SessionState } from '../../session';
import { Banner } from '../../ui';
import { Txt, Value } from '../../generic/values';
import { th, type HomeKey } from './strings';

const PANEL_ROWS = 5;

/** "YYYY-MM-DDTHH:MM:SSZ" of days before now (the API's date-time form, to the second). */
function daysAgo(days: number): string {
  return `${new Date(Date.now() - days * 86400000).toISOString().slice(0, 19)}Z`;
}

function href(collection: string, q: Query): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== null) p.set(k, String(v));
  const s = p.toString();
  return `/${collection}${s ? `?${s}` : ''}`;
}

interface PanelSpec {
  title: HomeKey;
  empty: HomeKey;
  collection: string;
  query: Query;
  /** fields shown after the row's title */
  details: string[];
  /** the full list's address, when it differs from the collection's list with the query */
  more?: string;
  /** what a row is called, when its title field does not say it */
  rowText?: (r: Row, m: Model) => string;
  /** the fields whose emptiness is the point of the list (each row says which it lacks) */
  missing?: string[];
}

function isEmpty(v: unknown): boolean {
  return v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
}

/** One list of the home: its first rows, its total and the way to the rest. */
function Panel(props: { m: Model; spec: PanelSpec }) {
  const { m, spec } = props;
  const c = m.collections[spec.collection];
  const [rows, setRows] = useState<Row[] | null>(null);
  const [total, setTotal] = useState(0);
  const [error, setError] = useState<ApiError | null>(null);
  const key = JSON.stringify(spec.query);
  const load = () => {
    setError(null);
    const refs = spec.details.filter((n) => c?.byName[n]?.kind === 'reference');
    api
      .list(spec.collection, {
        ...spec.query,
        limit: PANEL_ROWS,
        expand: refs.length ? refs.join(',') : undefined,
      })
      .then((a) => {
        setRows(a.items);
        setTotal(a.total);
      })
      .catch((e: unknown) => setError(e instanceof ApiError ? e : new ApiError({ status: 0 })));
  };
  useEffect(() => {
    if (c) load();
  }, [spec.collection, key]);
  if (!c || !c.canList) return null;
  const id = `panel-${spec.title.replace(/\./g, '-')}`;
  return (
    <section class="home-panel" aria-labelledby={id} aria-busy={!rows && !error}>
      <h3 id={id}>
        {th(spec.title)}
        {rows ? <span class="count-badge">{formatNumber(total)}</span> : null}
      </h3>
      {error ? (
        <Banner kind="error">
          <span>
            {th('home.failed', { what: th(spec.title) })} {error.text()}
          </span>{' '}
          <button type="button" onClick={load}>
            {th('home.retry')}
          </button>
        </Banner>
      ) : !rows ? (
        <p class="muted">…</p>
      ) : !rows.length ? (
        <p class="muted">{th(spec.empty)}</p>
      ) : (
        <>
          <ul class="home-rows">
            {rows.map((r) => (
              <li key={r.id}>
                <a href={`/${c.name}/${r.id}`}>
                  <Txt s={spec.rowText ? spec.rowText(r, m) : rowTitle(c, r)} />
                </a>
                {spec.missing ? (
                  <span class="home-detail home-missing">
                    {' · '}
                    {th('home.lacks', {
                      fields: spec.missing
                        .filter((n) => c.byName[n] && isEmpty(r[n]))
                        .map((n) => fieldLabel(c.byName[n]))
                        .join(', '),
                    })}
                  </span>
                ) : null}
                {spec.details
                  .filter((n) => c.byName[n] && r[n] !== null && r[n] !== undefined)
                  .map((n) => (
                    <span key={n} class="muted home-detail">
                      {' · '}
                      <span class="visually-hidden">{fieldLabel(c.byName[n])}: </span>
                      <Value c={c} field={c.byName[n]} row={r} compact />
                    </span>
                  ))}
              </li>
            ))}
          </ul>
          {total > rows.length ? (
            <p>
              <a href={spec.more ?? href(spec.collection, spec.query)}>
                {th('home.all', { n: formatNumber(total) })}
              </a>
            </p>
          ) : null}
        </>
      )}
    </section>
  );
}

/** The main fields of a profile, and those a company has besides. */
const PROFILE_FIELDS = ['description', 'fields', 'address', 'homepage', 'phone', 'email'];
const COMPANY_FIELDS = ['brn', 'employees', 'founded'];

function OrgHome(props: { m: Model; session: SessionState }) {
  const { m, session } = props;
  const orgId = session.user!.org_id!;
  const orgs = m.collections.orgs;
  const [org, setOrg] = useState<Row | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const load = () =>
    api
      .get('orgs', orgId)
      .then((a) => {
        setOrg(a.data);
        setError(null);
      })
      .catch((e: unknown) => setError(e instanceof ApiError ? e : new ApiError({ status: 0 })));
  useEffect(() => {
    void load();
  }, [orgId]);
  const company = org?.kind === 'company';
  const wanted = [...PROFILE_FIELDS, ...(company ? COMPANY_FIELDS : [])].filter(
    (n) => orgs?.byName[n],
  );
  const missing = org
    ? wanted.filter((n) => {
        const v = org[n];
        return v === null || v === undefined || v === '' || (Array.isArray(v) && !v.length);
      })
    : [];
  const panels: PanelSpec[] = [
    {
      title: 'home.awaiting',
      empty: 'home.awaitingNone',
      collection: 'matches',
      query: { partner_org_id: orgId, status: 'requested', sort: 'id' },
      details: ['org_id', 'need_id', 'created_at'],
    },
    {
      title: 'home.sent',
      empty: 'home.sentNone',
      collection: 'matches',
      query: { org_id: orgId, sort: '-id' },
      details: ['partner_org_id', 'status'],
    },
    ...(company || !org
      ? [
          {
            title: 'home.needs' as const,
            empty: 'home.needsNone' as const,
            collection: 'needs',
            query: { org_id: orgId, status: 'open' },
            details: ['deadline'],
          },
        ]
      : []),
    ...(!company
      ? [
          {
            title: 'home.capabilities' as const,
            empty: 'home.capabilitiesNone' as const,
            collection: 'capabilities',
            query: { org_id: orgId },
            details: ['kind'],
          },
        ]
      : []),
    {
      title: 'home.collabs',
      empty: 'home.collabsNone',
      collection: 'collaborations',
      query: { org_id: orgId, status: 'active' },
      details: ['partner_org_id', 'started_on'],
    },
    {
      title: 'home.collabsPartner',
      empty: 'home.collabsPartnerNone',
      collection: 'collaborations',
      query: { partner_org_id: orgId, status: 'active' },
      details: ['org_id', 'started_on'],
    },
    {
      title: 'home.tasks',
      empty: 'home.tasksNone',
      collection: 'action-items',
      query: { org_id: orgId, status: 'open', sort: 'due_on' },
      details: ['due_on', 'collaboration_id'],
    },
  ];
  const name = org ? rowTitle(orgs, org) : '';
  return (
    <section class="role-home" aria-labelledby="home-mine">
      <h2 id="home-mine">{th('home.mine')}</h2>
      {error ? (
        <Banner kind="error">
          <span>
            {th('home.failed', { what: th('home.profile') })} {error.text()}
          </span>{' '}
          <button type="button" onClick={() => void load()}>
            {th('home.retry')}
          </button>
        </Banner>
      ) : null}
      {org ? (
        <div class="home-profile">
          <p class="lead">{th('home.mineLead', { name })}</p>
          <p>
            <a href={`/orgs/${orgId}`}>{th('home.profileOpen')}</a>
            {missing.length && canWrite(orgs, org) && orgs.canPatch ? (
              <>
                {' · '}
                <a href={`/orgs/${orgId}/edit`}>{th('home.profileEdit')}</a>
              </>
            ) : null}
          </p>
          <p class={missing.length ? 'notice' : 'muted'}>
            {missing.length
              ? th('home.profileMissing', {
                  fields: missing.map((n) => fieldLabel(orgs.byName[n])).join(', '),
                })
              : th('home.profileComplete')}
          </p>
        </div>
      ) : null}
      <div class="home-panels">
        {panels.map((p) => (
          <Panel key={`${p.collection}-${JSON.stringify(p.query)}`} m={m} spec={p} />
        ))}
      </div>
    </section>
  );
}

function OperatorHome(props: { m: Model; dashboard: string | null }) {
  const { m } = props;
  const panels: PanelSpec[] = [
    {
      title: 'home.stale',
      empty: 'home.staleNone',
      collection: 'matches',
      query: { status: 'requested', created_at_to: daysAgo(7), sort: 'id' },
      details: ['org_id', 'partner_org_id', 'created_at'],
    },
    {
      title: 'home.newOrgs',
      empty: 'home.newOrgsNone',
      collection: 'orgs',
      query: { created_at_from: daysAgo(30), sort: '-id' },
      details: ['kind', 'created_at'],
    },
    {
      title: 'home.incomplete',
      empty: 'home.incompleteNone',
      collection: 'orgs',
      query: { missing: PROFILE_FIELDS.join(','), sort: '-id' },
      details: ['kind'],
      missing: PROFILE_FIELDS,
    },
    {
      title: 'home.imports',
      empty: 'home.importsNone',
      collection: 'import-runs',
      query: { sort: '-id' },
      details: ['actor_id', 'created_at'],
      rowText: (r, model) =>
        th('home.importRow', {
          collection: model.collections[String(r.collection)]
            ? collectionLabel(model.collections[String(r.collection)])
            : String(r.collection),
          created: formatNumber(Number(r.created ?? 0)),
          updated: formatNumber(Number(r.updated ?? 0)),
          failed: formatNumber(Number(r.failed ?? 0)),
        }),
    },
    {
      title: 'home.support',
      empty: 'home.supportNone',
      collection: 'support-requests',
      query: { status: 'new', sort: 'id' },
      details: ['org_id', 'category', 'created_at'],
      more: '/support-queue',
    },
    {
      title: 'home.bookings',
      empty: 'home.bookingsNone',
      collection: 'bookings',
      query: { status: 'requested', sort: 'starts_at' },
      details: ['resource_id', 'org_id', 'starts_at'],
    },
  ];
  return (
    <section class="role-home" aria-labelledby="home-queues">
      <h2 id="home-queues">{th('home.queues')}</h2>
      <p class="lead">
        {th('home.queuesLead')}
        {props.dashboard ? (
          <>
            {' '}
            <a href={props.dashboard}>{th('home.dashboard')}</a>
          </>
        ) : null}
      </p>
      <div class="home-panels">
        {panels.map((p) => (
          <Panel key={p.title} m={m} spec={p} />
        ))}
      </div>
    </section>
  );
}

/** The home of the signed-in user's role (nothing for an anonymous visitor). */
export function RoleHome(props: {
  m: Model;
  session: SessionState;
  operator: boolean;
  dashboard: string | null;
}) {
  const { m, session } = props;
  if (!session.user) return null;
  if (props.operator) return <OperatorHome m={m} dashboard={props.dashboard} />;
  if (!session.user.org_id)
    return (
      <section class="role-home" aria-labelledby="home-mine">
        <h2 id="home-mine">{th('home.mine')}</h2>
        <p class="muted">{th('home.noOrg')}</p>
      </section>
    );
  return <OrgHome key={session.user.org_id} m={m} session={session} />;
}
