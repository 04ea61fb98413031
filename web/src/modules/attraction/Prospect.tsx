// A prospect's page (/prospects/:id, operators): its fields, its stage with the moves the
// rules allow (each through the move form that asks what the stage needs), its value chain (the
// organisations named up- and downstream, and the organisation it became once moved in), and
// its activity timeline (그간 추진사항) with a form to log a call, meeting, visit or event.
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, type Row } from '../../api/client';
import { collectionLabel, rowTitle, type Collection } from '../../api/openapi';
import {
  DeleteButton,
  FieldList,
  MetaLine,
  RecordTabs,
  may,
  useRow,
} from '../../generic/DetailView';
import { RefPicker } from '../../generic/RefPicker';
import { StatusBadge, Txt } from '../../generic/values';
import { enumLabel, formatDate, pick, t } from '../../i18n';
import { canWrite, isOperator, sessionStore } from '../../session';
import { useStore } from '../../store';
import { announce, Banner, Loading, useTitle } from '../../ui';
import { OperatorsOnly } from './Pipeline';
import { MoveForm, movesFrom, refusalText, stageLabel } from './shared';

const LOGGED_KINDS = [
  'call',
  'meeting',
  'visit',
  'investor_meeting',
  'attraction',
  'event',
  'other',
];

/** The organisations of a value-chain list (ids as text), with their names. */
function OrgList(props: { ids: unknown }) {
  const ids = Array.isArray(props.ids) ? props.ids.map(String) : [];
  const [names, setNames] = useState<Record<string, string>>({});
  useEffect(() => {
    let live = true;
    Promise.all(
      ids.map((id) =>
        api
          .get<Row>('orgs', id)
          .then((a): [string, string] => [id, String(a.data.name)])
          .catch((): [string, string] => [id, `#${id}`]),
      ),
    ).then((pairs) => live && setNames(Object.fromEntries(pairs)));
    return () => {
      live = false;
    };
  }, [ids.join(',')]);
  if (!ids.length) return <p class="muted">{pick('없음', 'None')}</p>;
  return (
    <ul>
      {ids.map((id) => (
        <li key={id}>
          <a href={`/orgs/${id}`}>{names[id] ?? `#${id}`}</a>
        </li>
      ))}
    </ul>
  );
}

function Timeline(props: { prospect: Row; version: unknown }) {
  const { prospect } = props;
  const [items, setItems] = useState<Row[] | null>(null);
  const [kind, setKind] = useState('meeting');
  const [day, setDay] = useState('');
  const [summary, setSummary] = useState('');
  const [people, setPeople] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const load = () =>
    api
      .list('activities', { prospect_id: prospect.id, sort: '-occurred_on,-id', limit: 200 })
      .then((a) => setItems(a.items))
      .catch(() => setItems([]));
  useEffect(() => {
    void load();
  }, [prospect.id, props.version]);
  const errs = error?.fieldErrors() ?? {};
  async function add(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.create('activities', {
        prospect_id: prospect.id,
        kind,
        summary,
        occurred_on: day || undefined,
        people: people || undefined,
      });
      setSummary('');
      setPeople('');
      announce(pick('활동을 기록했습니다', 'Activity logged'));
      await load();
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError({ status: 0 }));
    } finally {
      setBusy(false);
    }
  }
  return (
    <section class="card" aria-labelledby="timeline-title">
      <h2 id="timeline-title">{pick('활동 기록(그간 추진사항)', 'Activity timeline')}</h2>
      {!items ? (
        <Loading />
      ) : items.length ? (
        <ol class="timeline">
          {items.map((a) => (
            <li key={a.id} class={a.stage_to ? 'stage-change' : undefined}>
              <span class="when">
                {a.occurred_on ? formatDate(String(a.occurred_on)) : pick('일자 없음', 'Undated')}
              </span>
              <span class="badge kind">{enumLabel('activities', 'kind', String(a.kind))}</span>{' '}
              <a href={`/activities/${a.id}`}>
                <Txt s={String(a.summary)} />
              </a>
              {a.people ? (
                <span class="muted">
                  {' '}
                  — <Txt s={String(a.people)} />
                </span>
              ) : null}
              {a.file_id ? (
                <>
                  {' '}
                  <a href={`/api/v1/files/${String(a.file_id)}/content`}>
                    {pick('증빙 파일', 'Evidence')}
                  </a>
                </>
              ) : null}
            </li>
          ))}
        </ol>
      ) : (
        <p class="muted">{pick('아직 기록이 없습니다.', 'Nothing logged yet.')}</p>
      )}
      <form class="move-form" onSubmit={add} aria-labelledby="log-title">
        <h3 id="log-title">{pick('활동 기록하기', 'Log an activity')}</h3>
        {error && !Object.keys(errs).length ? (
          <Banner kind="error">{refusalText(error)}</Banner>
        ) : null}
        <div class="fields">
          <label>
            <span>{pick('종류', 'Kind')}</span>
            <select value={kind} onChange={(e) => setKind((e.target as HTMLSelectElement).value)}>
              {LOGGED_KINDS.map((k) => (
                <option key={k} value={k}>
                  {enumLabel('activities', 'kind', k)}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span>{pick('일자', 'Date')}</span>
            <input
              type="date"
              value={day}
              onInput={(e) => setDay((e.target as HTMLInputElement).value)}
            />
            {errs.occurred_on ? <span class="field-error">{errs.occurred_on}</span> : null}
          </label>
          <label>
            <span>
              {pick('내용', 'Summary')}
              <span aria-hidden="true"> *</span>
            </span>
            <input
              type="text"
              required
              value={summary}
              aria-invalid={errs.summary ? 'true' : undefined}
              onInput={(e) => setSummary((e.target as HTMLInputElement).value)}
            />
            {errs.summary ? <span class="field-error">{errs.summary}</span> : null}
          </label>
          <label>
            <span>{pick('참석자', 'People')}</span>
            <input
              type="text"
              value={people}
              onInput={(e) => setPeople((e.target as HTMLInputElement).value)}
            />
          </label>
        </div>
        <button type="submit" disabled={busy}>
          {pick('기록', 'Log')}
        </button>
      </form>
    </section>
  );
}

const ids = (v: unknown) => (Array.isArray(v) ? v.map(Number).filter((n) => n > 0) : []);

/** The value chain's two lists, organisations of the directory chosen by name, saved with the
 * row's version (before it moves in: moving in links them, docs/attraction.md). */
function ChainEditor(props: { row: Row; onSaved: () => void }) {
  const { row } = props;
  const [up, setUp] = useState<number[]>(() => ids(row.upstream_org_ids));
  const [down, setDown] = useState<number[]>(() => ids(row.downstream_org_ids));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  async function save(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const fresh = await api.get('prospects', row.id);
      await api.patch(
        'prospects',
        row.id,
        { upstream_org_ids: up.map(String), downstream_org_ids: down.map(String) },
        fresh.etag,
      );
      announce(pick('가치사슬을 저장했습니다', 'Value chain saved'));
      props.onSaved();
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError({ status: 0 }));
    } finally {
      setBusy(false);
    }
  }
  return (
    <details class="chain-editor">
      <summary>{pick('가치사슬 고치기', 'Edit the value chain')}</summary>
      <form onSubmit={save}>
        {error ? <Banner kind="error">{refusalText(error)}</Banner> : null}
        <label for="chain-up">{pick('후방 기업(공급·상류)', 'Upstream (suppliers)')}</label>
        <RefPicker id="chain-up" collection="orgs" multiple value={up} onChange={setUp} />
        <label for="chain-down">{pick('전방 기업(수요·하류)', 'Downstream (customers)')}</label>
        <RefPicker id="chain-down" collection="orgs" multiple value={down} onChange={setDown} />
        <button type="submit" disabled={busy}>
          {pick('가치사슬 저장', 'Save the value chain')}
        </button>
      </form>
    </details>
  );
}

export function ProspectPage(props: { c: Collection; id: number }) {
  const { c, id } = props;
  const session = useStore(sessionStore);
  const rs = useRow(c, id);
  const [moving, setMoving] = useState<string | null>(null);
  const title = rs.row ? rowTitle(c, rs.row) : null;
  useTitle(title ?? collectionLabel(c));
  if (!session.checked) return <Loading />;
  if (!isOperator(session.user)) return <OperatorsOnly what={collectionLabel(c)} />;
  if (rs.loading && !rs.row) return <Loading />;
  if (rs.error || !rs.row)
    return (
      <section>
        <h1 id="page-title" tabIndex={-1}>
          {collectionLabel(c)}
        </h1>
        <Banner kind="error">
          {rs.error?.status === 404 ? t('detail.notFound') : (rs.error?.text() ?? '')}
        </Banner>
      </section>
    );
  const row = rs.row;
  const writable = c.canPatch && may(rs.allow, 'PATCH', () => canWrite(c, row));
  const moves = writable ? movesFrom(c, String(row.stage)) : [];
  return (
    <article class="detail prospect" aria-labelledby="page-title">
      <p class="crumbs">
        <a href="/attraction">{pick('유치 파이프라인', 'Attraction pipeline')}</a> ·{' '}
        <a href="/prospects">{t('detail.back', { label: collectionLabel(c) })}</a>
      </p>
      <div class="page-head">
        <h1 id="page-title" tabIndex={-1}>
          <Txt s={title ?? ''} />
          {row.is_anchor ? <span class="badge anchor">{pick('앵커 후보', 'Anchor')}</span> : null}
        </h1>
        <div class="actions">
          {writable ? (
            <a class="button primary" href={`/prospects/${row.id}/edit`}>
              {t('detail.edit')}
            </a>
          ) : null}
          <DeleteButton c={c} row={row} allow={rs.allow} />
        </div>
      </div>
      <RecordTabs c={c} id={row.id} />
      <section class="transitions" aria-labelledby="stage-title">
        <h2 id="stage-title">{pick('단계', 'Stage')}</h2>
        <p>
          <StatusBadge collection="prospects" field="stage" value={String(row.stage)} />
        </p>
        {moves.length ? (
          <div class="button-row" role="group" aria-label={pick('옮길 단계', 'Move to')}>
            {moves.map((to) => (
              <button key={to} type="button" onClick={() => setMoving(to)}>
                {pick(`${stageLabel(to)}(으)로`, `To ${stageLabel(to)}`)}
              </button>
            ))}
          </div>
        ) : writable ? (
          <p class="muted">
            {pick('입주한 대상은 더 옮기지 않습니다.', 'A moved-in prospect stays.')}
          </p>
        ) : null}
        {moving ? (
          <MoveForm
            key={moving}
            row={row}
            to={moving}
            onCancel={() => setMoving(null)}
            onDone={() => {
              setMoving(null);
              void rs.reload();
            }}
          />
        ) : null}
      </section>
      <section class="card" aria-labelledby="chain-title">
        <h2 id="chain-title">{pick('가치사슬(전·후방 기업)', 'Value chain')}</h2>
        <h3>{pick('후방 기업(공급·상류)', 'Upstream (suppliers)')}</h3>
        <OrgList ids={row.upstream_org_ids} />
        <h3>{pick('전방 기업(수요·하류)', 'Downstream (customers)')}</h3>
        <OrgList ids={row.downstream_org_ids} />
        {writable && row.stage !== 'moved_in' ? (
          <ChainEditor row={row} onSaved={() => void rs.reload()} />
        ) : null}
        {row.org_id ? (
          <p>
            {pick('입주 기관: ', 'Moved in as: ')}
            <a href={`/orgs/${String(row.org_id)}`}>{pick('기관 정보', 'the organisation')}</a>
            {row.stage === 'moved_in'
              ? pick(
                  ' (입주하면서 가치사슬 연결이 만들어졌습니다)',
                  ' (its value-chain links were made when it moved in)',
                )
              : null}
          </p>
        ) : null}
      </section>
      <Timeline prospect={row} version={row.version} />
      <section class="card" aria-labelledby="fields-title">
        <h2 id="fields-title">{pick('상세 정보', 'Details')}</h2>
        <FieldList c={c} row={row} skip={['stage', 'upstream_org_ids', 'downstream_org_ids']} />
      </section>
      <MetaLine row={row} />
    </article>
  );
}
