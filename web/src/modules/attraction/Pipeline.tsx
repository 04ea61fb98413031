// The pipeline board (/attraction, operators): one column per stage, a card per prospect.
// Moving a card (by its "옮기기" choice, or by dragging it onto another column) is the
// workflow: the form asks what the target stage needs (the LOI's or MOU's date, a drop's
// reason, the move-in) and the PATCH goes with the row's version; the server refuses a move
// its rules do not allow, and the board offers only the moves the collection's transitions
// list. Others are told the pipeline is the operators'.
import { useEffect, useState } from 'preact/hooks';
import { api, type ListAnswer, type Row } from '../../api/client';
import { model } from '../../api/openapi';
import { Txt } from '../../generic/values';
import { enumLabel, formatDate, formatNumber, pick } from '../../i18n';
import { isOperator, sessionStore } from '../../session';
import { useStore } from '../../store';
import { Banner, Loading, useTitle } from '../../ui';
import { MoveForm, movesFrom, STAGES, stageLabel } from './shared';

const BOARD_PAGES_MAX = 50; /* 10 000 prospects: far beyond a city's pipeline */

export function OperatorsOnly(props: { what: string }) {
  return (
    <section>
      <h1 id="page-title" tabIndex={-1}>
        {props.what}
      </h1>
      <Banner kind="info">
        {pick(
          '기업유치 파이프라인은 운영자(협력지원센터·시 담당 부서)의 업무 자료입니다. 운영자만 봅니다.',
          'The attraction pipeline is the operators’ working file (support center and city staff): for operators only.',
        )}
      </Banner>
    </section>
  );
}

function Card(props: { row: Row; onMove: (row: Row, to: string) => void }) {
  const { row } = props;
  const c = model()?.collections.prospects;
  const moves = movesFrom(c, String(row.stage));
  // the next stage forward is offered first
  const here = STAGES.indexOf(String(row.stage));
  const [to, setTo] = useState(
    moves.find((s) => s !== 'dropped' && STAGES.indexOf(s) > here) ?? moves[0] ?? '',
  );
  const sel = `move-to-${row.id}`;
  return (
    <li
      class="collab-card prospect-card"
      draggable={moves.length > 0}
      onDragStart={(e) => e.dataTransfer?.setData('text/plain', String(row.id))}
    >
      <a class="collab-title" href={`/prospects/${row.id}`}>
        <Txt s={String(row.name)} />
      </a>
      {row.is_anchor ? <span class="badge anchor">{pick('앵커 후보', 'Anchor')}</span> : null}
      <p class="meta muted">
        {[
          row.country ? String(row.country) : null,
          row.kind ? enumLabel('prospects', 'kind', String(row.kind)) : null,
          row.size ? enumLabel('prospects', 'size', String(row.size)) : null,
        ]
          .filter(Boolean)
          .join(' · ')}
      </p>
      {row.stage === 'loi' && row.loi_on ? (
        <p class="meta">
          {pick('입주의향서', 'LOI')} {formatDate(String(row.loi_on))}
        </p>
      ) : null}
      {row.stage === 'mou' && row.mou_on ? (
        <p class="meta">MOU {formatDate(String(row.mou_on))}</p>
      ) : null}
      {row.stage === 'dropped' && row.drop_reason ? (
        <p class="meta">
          <Txt s={String(row.drop_reason)} />
        </p>
      ) : null}
      {row.expected_move_in && row.stage !== 'moved_in' && row.stage !== 'dropped' ? (
        <p class="meta">
          {pick('입주 예정', 'Move-in expected')} {formatDate(String(row.expected_move_in))}
        </p>
      ) : null}
      {row.stage === 'moved_in' && row.org_id ? (
        <p class="meta">
          <a href={`/orgs/${String(row.org_id)}`}>{pick('입주 기관', 'Organisation')}</a>
        </p>
      ) : null}
      {moves.length ? (
        <div class="move">
          <label for={sel} class="visually-hidden">
            {pick(`${String(row.name)}을(를) 옮길 단계`, `Stage to move ${String(row.name)} to`)}
          </label>
          <select
            id={sel}
            value={to}
            onChange={(e) => setTo((e.target as HTMLSelectElement).value)}
          >
            {moves.map((s) => (
              <option key={s} value={s}>
                {stageLabel(s)}
              </option>
            ))}
          </select>
          <button type="button" class="small" onClick={() => props.onMove(row, to)}>
            {pick('옮기기', 'Move')}
          </button>
        </div>
      ) : null}
    </li>
  );
}

/** Every prospect, page after page (the board shows the whole pipeline). */
async function allProspects(): Promise<Row[]> {
  const rows: Row[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < BOARD_PAGES_MAX; pages++) {
    const a: ListAnswer = await api.list('prospects', { sort: 'name', limit: 200, cursor });
    rows.push(...a.items);
    cursor = a.next_cursor;
    if (!cursor) break;
  }
  return rows;
}

export function PipelinePage() {
  const session = useStore(sessionStore);
  const operator = isOperator(session.user);
  const [rows, setRows] = useState<Row[] | null>(null);
  const [failed, setFailed] = useState(false);
  const [moving, setMoving] = useState<{ row: Row; to: string } | null>(null);
  const [over, setOver] = useState<string | null>(null);
  const [refused, setRefused] = useState('');
  useTitle(pick('유치 파이프라인', 'Attraction pipeline'));
  useEffect(() => {
    if (!operator) return;
    allProspects()
      .then(setRows)
      .catch(() => setFailed(true));
  }, [operator]);
  if (!session.checked) return <Loading />;
  if (!operator) return <OperatorsOnly what={pick('유치 파이프라인', 'Attraction pipeline')} />;
  if (failed)
    return (
      <Banner kind="error">
        {pick('파이프라인을 읽지 못했습니다.', 'The pipeline could not be read.')}
      </Banner>
    );
  if (!rows) return <Loading />;
  const c = model()?.collections.prospects;
  function drop(stage: string, id: string) {
    setOver(null);
    const row = rows!.find((r) => String(r.id) === id);
    if (!row || row.stage === stage) return;
    if (!movesFrom(c, String(row.stage)).includes(stage)) {
      setRefused(
        pick(
          `${String(row.name)}: ${stageLabel(String(row.stage))}에서 ${stageLabel(stage)}(으)로는 옮길 수 없습니다.`,
          `${String(row.name)} cannot move from ${stageLabel(String(row.stage))} to ${stageLabel(stage)}.`,
        ),
      );
      return;
    }
    setRefused('');
    setMoving({ row, to: stage });
  }
  return (
    <div class="page attraction-pipeline">
      <h1 id="page-title" tabIndex={-1}>
        {pick('유치 파이프라인', 'Attraction pipeline')}
      </h1>
      <p class="lead">
        {pick(
          '발굴 → 접촉 → 면담 → 입주의향서 → MOU → 입주. 카드를 옮기면(선택하거나 끌어다 놓으면) 단계가 바뀌고 활동 기록이 남습니다.',
          'Identified → contacted → meeting → LOI → MOU → moved in. Moving a card (choose a stage, or drag it) changes its stage and logs the move.',
        )}
      </p>
      <p class="button-row">
        <a class="button primary" href="/prospects/new">
          {pick('새 유치 대상', 'New prospect')}
        </a>
        <a class="button" href="/attraction/funnel">
          {pick('유치 현황', 'Funnel')}
        </a>
        <a class="button" href="/activities">
          {pick('활동 기록', 'Activity log')}
        </a>
      </p>
      {refused ? <Banner kind="warning">{refused}</Banner> : null}
      {moving ? (
        <MoveForm
          key={`${moving.row.id}-${moving.to}`}
          row={moving.row}
          to={moving.to}
          onCancel={() => setMoving(null)}
          onDone={(row) => {
            setRows(rows.map((r) => (r.id === row.id ? row : r)));
            setMoving(null);
          }}
        />
      ) : null}
      <div class="pipeline">
        {STAGES.map((s) => {
          const here = rows.filter((r) => r.stage === s);
          return (
            <section
              key={s}
              class={`kanban-col col-${s}${over === s ? ' drop-target' : ''}`}
              aria-labelledby={`col-${s}`}
              onDragOver={(e) => {
                e.preventDefault();
                setOver(s);
              }}
              onDragLeave={() => setOver(null)}
              onDrop={(e) => {
                e.preventDefault();
                drop(s, e.dataTransfer?.getData('text/plain') ?? '');
              }}
            >
              <h2 id={`col-${s}`}>
                {stageLabel(s)} <span class="muted">({formatNumber(here.length)})</span>
              </h2>
              <ul>
                {here.map((r) => (
                  <Card
                    key={`${r.id}-${String(r.version)}`}
                    row={r}
                    onMove={(row, to) => setMoving({ row, to })}
                  />
                ))}
              </ul>
            </section>
          );
        })}
      </div>
    </div>
  );
}
