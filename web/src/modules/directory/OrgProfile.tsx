// Directory pages that the domain needs beyond the generic views: the organisation profile
// (/orgs/:id) with its capabilities, needs and people, and the directory home (/orgs) with
// counts per kind.
import { useEffect, useState } from 'preact/hooks';
import { api, type ListAnswer, type Query, type Row } from '../../api/client';
import { collectionLabel, fieldLabel, model, rowTitle, type Collection } from '../../api/openapi';
import { ListView } from '../../generic/ListView';
import {
  DeleteButton,
  FieldList,
  MetaLine,
  may,
  RecordTabs,
  Transitions,
  useRow,
} from '../../generic/DetailView';
import { StatusBadge, TagChips, Txt, Value } from '../../generic/values';
import { enumLabel, formatNumber, t, type Key } from '../../i18n';
import { useLocation } from '../../router';
import { canWrite, isOperator, sessionStore } from '../../session';
import { useStore } from '../../store';
import { Banner, Loading, useTitle } from '../../ui';

function RelatedList(props: {
  collection: string;
  orgId: number;
  title: Key;
  empty: Key;
  add: Key;
}) {
  const session = useStore(sessionStore);
  const c = model()?.collections[props.collection];
  const [answer, setAnswer] = useState<ListAnswer | null>(null);
  const [error, setError] = useState(false);
  useEffect(() => {
    if (!c) return;
    let live = true;
    api
      .list(props.collection, { org_id: props.orgId, limit: 50 })
      .then((a) => live && setAnswer(a))
      .catch(() => live && setError(true));
    return () => {
      live = false;
    };
  }, [c, props.collection, props.orgId, session.user?.id]);
  if (!c) return null;
  const hid = `rel-${props.collection}`;
  const kindField = c.byName.kind?.kind === 'enum' ? 'kind' : null;
  return (
    <section class="related" aria-labelledby={hid}>
      <div class="section-head">
        <h2 id={hid}>
          {t(props.title)}
          {answer ? <span class="count-badge">{formatNumber(answer.total)}</span> : null}
        </h2>
        {canWrite(c, { [c.ownerField ?? 'org_id']: props.orgId }) && c.canCreate ? (
          <a class="button small" href={`/${c.name}/new?org_id=${props.orgId}`}>
            {t(props.add)}
          </a>
        ) : null}
      </div>
      {error ? <Banner kind="error">{t('error.generic', { status: '' })}</Banner> : null}
      {!answer && !error ? <Loading /> : null}
      {answer && !answer.items.length ? <p class="muted">{t(props.empty)}</p> : null}
      {answer && answer.items.length ? (
        <ul class="related-list">
          {answer.items.map((r: Row) => (
            <li key={r.id}>
              <a href={`/${c.name}/${r.id}`}>
                <Txt s={rowTitle(c, r)} />
              </a>
              {kindField && r[kindField] ? (
                <span class="tag-kind">{enumLabel(c.name, kindField, String(r[kindField]))}</span>
              ) : null}
              {c.statusField && r[c.statusField] ? (
                <StatusBadge
                  collection={c.name}
                  field={c.statusField}
                  value={String(r[c.statusField])}
                />
              ) : null}
              {props.collection === 'people' && r.title ? (
                <span class="muted"> · {String(r.title)}</span>
              ) : null}
              {Array.isArray(r.fields) && r.fields.length ? (
                <TagChips slugs={r.fields.map(String)} />
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {answer && answer.total > answer.items.length ? (
        <p>
          <a href={`/${c.name}?org_id=${props.orgId}`}>
            {t('org.seeAll', { n: formatNumber(answer.total) })}
          </a>
        </p>
      ) : null}
    </section>
  );
}

/** The organisation's place in the value chain: who supplies it (upstream, org-links whose
 * to_org_id is this one) and whom it supplies (downstream, whose org_id is this one). */
function ValueChain(props: { orgId: number }) {
  const session = useStore(sessionStore);
  const c = model()?.collections['org-links'];
  const [links, setLinks] = useState<{ up: Row[]; down: Row[] } | null>(null);
  useEffect(() => {
    if (!c) return undefined;
    let live = true;
    const q = { limit: 50, sort: 'kind' };
    Promise.all([
      api.list('org-links', { ...q, to_org_id: props.orgId, expand: 'org' }),
      api.list('org-links', { ...q, org_id: props.orgId, expand: 'to_org' }),
    ])
      .then(([up, down]) => live && setLinks({ up: up.items, down: down.items }))
      .catch(() => live && setLinks({ up: [], down: [] }));
    return () => {
      live = false;
    };
  }, [c, props.orgId, session.user?.id]);
  if (!c || !links) return null;
  const side = (rows: Row[], other: 'org' | 'to_org', id: string, title: Key) => (
    <div class="chain-side">
      <h3 id={id}>{t(title)}</h3>
      {rows.length ? (
        <ul class="chain-list" aria-labelledby={id}>
          {rows.map((r) => {
            const o = r[other] as { id: number; name?: string } | undefined;
            const oid = Number(r[`${other}_id`]);
            return (
              <li key={r.id}>
                <a href={`/orgs/${oid}`}>
                  <Txt s={o?.name ?? `#${oid}`} />
                </a>{' '}
                <span class="tag-kind">{enumLabel('org-links', 'kind', String(r.kind))}</span>
                {r.description ? (
                  <span class="muted small chain-note">
                    <Txt s={String(r.description)} />
                  </span>
                ) : null}
              </li>
            );
          })}
        </ul>
      ) : (
        <p class="muted small">{t('org.noLinks')}</p>
      )}
    </div>
  );
  const writable = canWrite(c, { org_id: props.orgId }) && c.canCreate;
  const empty = !links.up.length && !links.down.length;
  if (empty && !writable) return null;
  return (
    <section class="related value-chain" aria-labelledby="chain-title">
      <div class="section-head">
        <h2 id="chain-title">{t('org.valueChain')}</h2>
        {writable ? (
          <a class="button small" href={`/org-links/new?org_id=${props.orgId}`}>
            {t('org.addLink')}
          </a>
        ) : null}
      </div>
      {empty ? (
        <p class="muted">{t('org.noLinks')}</p>
      ) : (
        <div class="chain">
          {side(links.up, 'org', 'chain-up', 'org.upstream')}
          {side(links.down, 'to_org', 'chain-down', 'org.downstream')}
        </div>
      )}
    </section>
  );
}

const HEAD_FIELDS = [
  'name',
  'name_en',
  'aliases',
  'kind',
  'fields',
  'is_tenant',
  'is_anchor',
  'description',
  'is_synthetic',
  'stage',
];
const CONTACT_FIELDS = ['address', 'homepage', 'phone', 'email'];

export function OrgProfile(props: { c: Collection; id: number }) {
  const { c, id } = props;
  const session = useStore(sessionStore);
  const rs = useRow(c, id);
  const row = rs.row;
  useTitle(row ? rowTitle(c, row) : t('org.profile'));
  if (rs.loading && !row) return <Loading />;
  if (!row) {
    return (
      <section>
        <h1 id="page-title" tabIndex={-1}>
          {t('org.profile')}
        </h1>
        <Banner kind="error">
          {rs.error?.status === 404 ? t('detail.notFound') : rs.error?.text()}
        </Banner>
      </section>
    );
  }
  const name = String(row.name ?? '');
  const nameEn = row.name_en ? String(row.name_en) : '';
  const aliases = Array.isArray(row.aliases) ? row.aliases.map(String).filter(Boolean) : [];
  const f = (n: string) => c.byName[n];
  const contactFields = CONTACT_FIELDS.filter((n) => f(n) && row[n] != null && row[n] !== '');
  return (
    <article class="profile" aria-labelledby="page-title">
      <p class="crumbs">
        <a href="/orgs">{t('detail.back', { label: collectionLabel(c) })}</a>
      </p>
      <header class="profile-head">
        <div>
          <h1 id="page-title" tabIndex={-1}>
            <span lang="ko">{name}</span>
          </h1>
          {nameEn ? (
            <p class="name-en" lang="en">
              {nameEn}
            </p>
          ) : null}
          {aliases.length ? (
            <p class="aliases">
              <span class="muted">{t('org.aliases')}: </span>
              <Txt s={aliases.join(' · ')} />
            </p>
          ) : null}
          <p class="badges">
            {row.kind ? (
              <span class="badge kind">{enumLabel('orgs', 'kind', String(row.kind))}</span>
            ) : null}
            {row.is_tenant ? <span class="badge tenant">{t('org.tenant')}</span> : null}
            {row.is_anchor ? <span class="badge anchor">{t('org.anchor')}</span> : null}
            {row.stage ? (
              <span class="badge stage">
                {f('stage') ? `${fieldLabel(f('stage')!)}: ` : ''}
                {enumLabel('orgs', 'stage', String(row.stage))}
              </span>
            ) : null}
            {row.is_synthetic ? <span class="badge synthetic">{t('org.synthetic')}</span> : null}
          </p>
          {Array.isArray(row.fields) ? (
            <TagChips slugs={row.fields.map(String)} linkTo="orgs" />
          ) : null}
        </div>
        <div class="actions">
          {isOperator(session.user) ||
          session.user?.memberships?.some((x) => x.org_id === row.id) ? (
            <a class="button" href={`/orgs/${row.id}/members`}>
              {t('org.members')}
            </a>
          ) : null}
          {c.canPatch && may(rs.allow, 'PATCH', () => canWrite(c, row)) ? (
            <a class="button primary" href={`/orgs/${row.id}/edit`}>
              {t('detail.edit')}
            </a>
          ) : null}
          <DeleteButton c={c} row={row} allow={rs.allow} />
        </div>
      </header>
      <RecordTabs c={c} id={row.id} />
      <Transitions c={c} rs={rs} />
      <div class="profile-grid">
        <div>
          {row.description ? (
            <section aria-labelledby="about-title">
              <h2 id="about-title">{t('org.about')}</h2>
              <p class="prewrap">
                <Txt s={String(row.description)} />
              </p>
            </section>
          ) : null}
          <RelatedList
            collection="capabilities"
            orgId={row.id}
            title="org.capabilities"
            empty="org.noCapabilities"
            add="org.addCapability"
          />
          <RelatedList
            collection="needs"
            orgId={row.id}
            title="org.needs"
            empty="org.noNeeds"
            add="org.addNeed"
          />
          <ValueChain orgId={row.id} />
          <RelatedList
            collection="people"
            orgId={row.id}
            title="org.people"
            empty="org.noPeople"
            add="org.addPerson"
          />
        </div>
        <aside>
          {contactFields.length ? (
            <section aria-labelledby="contact-title" class="card">
              <h2 id="contact-title">{t('org.contact')}</h2>
              <dl class="fields">
                {contactFields.map((n) => (
                  <div key={n} class="field">
                    <dt>{fieldLabel(f(n)!)}</dt>
                    <dd>
                      <Value c={c} field={f(n)!} row={row} />
                    </dd>
                  </div>
                ))}
              </dl>
            </section>
          ) : null}
          <section aria-labelledby="details-title" class="card">
            <h2 id="details-title">{t('org.details')}</h2>
            <FieldList c={c} row={row} skip={[...HEAD_FIELDS, ...CONTACT_FIELDS]} />
            <MetaLine row={row} />
          </section>
        </aside>
      </div>
    </article>
  );
}

/** /orgs: counts by kind (from `total` of kind-filtered lists) above the generic list. */
export function OrgsHome(props: { c: Collection }) {
  const { c } = props;
  const loc = useLocation();
  const session = useStore(sessionStore);
  const kinds = c.byName.kind?.enumValues ?? [];
  const [counts, setCounts] = useState<Record<string, number> | null>(null);
  useTitle(collectionLabel(c));
  useEffect(() => {
    let live = true;
    const probes: [string, Query][] = [
      ['all', {}],
      ...kinds.map((k): [string, Query] => [`kind:${k}`, { kind: k }]),
    ];
    if (c.byName.is_tenant?.filter) probes.push(['tenant', { is_tenant: 'true' }]);
    if (c.byName.is_anchor?.filter) probes.push(['anchor', { is_anchor: 'true' }]);
    Promise.all(
      probes.map(([k, q]) =>
        api
          .list(c.name, { ...q, limit: 1 })
          .then((a): [string, number] => [k, a.total])
          .catch((): [string, number] => [k, -1]),
      ),
    ).then((pairs) => live && setCounts(Object.fromEntries(pairs)));
    return () => {
      live = false;
    };
  }, [c, session.user?.id]);
  const params = new URLSearchParams(loc.search);
  const activeKind = params.get('kind') ?? '';
  const href = (changes: Record<string, string | null>) => {
    const p = new URLSearchParams(loc.search);
    // another facet starts at the first page
    p.delete('page');
    p.delete('more');
    for (const [k, v] of Object.entries(changes)) {
      if (v === null) p.delete(k);
      else p.set(k, v);
    }
    const s = p.toString();
    return `/orgs${s ? `?${s}` : ''}`;
  };
  const count = (k: string) =>
    counts && counts[k] !== undefined && counts[k] >= 0 ? (
      <span class="count-badge">{formatNumber(counts[k])}</span>
    ) : null;
  const intro = (
    <div class="facets">
      <p class="muted">{t('dir.intro')}</p>
      <nav aria-label={t('dir.byKind')}>
        <ul class="facet-list">
          <li>
            <a href={href({ kind: null })} aria-current={!activeKind ? 'true' : undefined}>
              {t('dir.allKinds')} {count('all')}
            </a>
          </li>
          {kinds.map((k) => (
            <li key={k}>
              <a href={href({ kind: k })} aria-current={activeKind === k ? 'true' : undefined}>
                {enumLabel('orgs', 'kind', k)} {count(`kind:${k}`)}
              </a>
            </li>
          ))}
          {counts && counts.tenant !== undefined ? (
            <li class="facet-flag">
              <a
                href={href({ is_tenant: 'true' })}
                aria-current={params.get('is_tenant') === 'true' ? 'true' : undefined}
              >
                {t('org.tenant')} {count('tenant')}
              </a>
            </li>
          ) : null}
          {counts && counts.anchor !== undefined ? (
            <li class="facet-flag">
              <a
                href={href({ is_anchor: 'true' })}
                aria-current={params.get('is_anchor') === 'true' ? 'true' : undefined}
              >
                {t('org.anchor')} {count('anchor')}
              </a>
            </li>
          ) : null}
        </ul>
      </nav>
    </div>
  );
  return <ListView c={c} intro={intro} heading={`${t('dir.title')} · ${collectionLabel(c)}`} />;
}
