// Investor ↔ company matching (/investor-matching): for an investor profile, the open
// fundraising rounds ranked (GET /api/v1/investor-profiles/{id}/matches); for a round, the
// investors ranked (GET /api/v1/fundraisings/{id}/matches), each with its score and reasons
// (the stage, the shared fields, the amount within the ticket range). A member of an investor
// picks among its organisation's profiles, a company's member among its rounds, operators among
// all; only what the caller may read is ranked (the server's rule).
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, request, type Row } from '../../api/client';
import { Txt } from '../../generic/values';
import { enumLabel, formatNumber, formatWonCompact, lang, pick } from '../../i18n';
import { isOperator, sessionStore } from '../../session';
import { useStore } from '../../store';
import { Banner, Loading, useTitle } from '../../ui';
import { myWritingOrg } from './shared';

interface Reason {
  kind: string;
  ko: string;
  en: string;
}
interface Item {
  score: number;
  reasons: Reason[];
  fundraising?: Row;
  investor?: Row;
}
interface Answer {
  items: Item[];
}

function ticket(row: Row): string {
  const lo = row.ticket_min != null ? formatWonCompact(Number(row.ticket_min)) : '';
  const hi = row.ticket_max != null ? formatWonCompact(Number(row.ticket_max)) : '';
  return lo || hi ? `${lo} ~ ${hi}` : '—';
}

function Ranked(props: { path: string }) {
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    setAnswer(null);
    setError(null);
    request<Answer>('GET', props.path, { query: { limit: 50 } })
      .then((a) => setAnswer(a.data))
      .catch((e: unknown) => setError(e instanceof ApiError ? e : new ApiError({ status: 0 })));
  }, [props.path]);
  if (error) return <Banner kind="error">{error.text()}</Banner>;
  if (!answer) return <Loading />;
  if (!answer.items.length)
    return <p class="muted">{pick('맞는 상대가 아직 없습니다.', 'No match yet.')}</p>;
  return (
    <ol class="invest-matches">
      {answer.items.map((it) => {
        const row = (it.fundraising ?? it.investor) as Row;
        const href = it.fundraising ? `/fundraisings/${row.id}` : `/investor-profiles/${row.id}`;
        const title = String(it.fundraising ? row.title : row.fund_name);
        return (
          <li key={row.id} class="card match-card">
            <div class="match-head">
              <h3>
                <a href={href}>
                  <Txt s={title} />
                </a>
              </h3>
              <span class="score" aria-label={pick(`점수 ${it.score}점`, `score ${it.score}`)}>
                {formatNumber(it.score)}
              </span>
            </div>
            <p class="small muted">
              {it.fundraising
                ? `${enumLabel('fundraisings', 'stage', String(row.stage))} · ${formatWonCompact(Number(row.amount_sought))}`
                : `${pick('투자 규모', 'Ticket')} ${ticket(row)}`}
            </p>
            <ul class="reasons">
              {it.reasons.map((r) => (
                <li key={r.kind}>{lang() === 'en' ? r.en : r.ko}</li>
              ))}
            </ul>
          </li>
        );
      })}
    </ol>
  );
}

export function MatchingPage() {
  const session = useStore(sessionStore);
  const [profiles, setProfiles] = useState<Row[] | null>(null);
  const [rounds, setRounds] = useState<Row[] | null>(null);
  const [profile, setProfile] = useState(0);
  const [round, setRound] = useState(0);
  const [kind, setKind] = useState('');
  // what the server lets the caller add (Allow of each list): an organisation's admins
  const [addProfile, setAddProfile] = useState(false);
  const [addRound, setAddRound] = useState(false);
  useTitle(pick('투자자–기업 매칭', 'Investor–company matching'));
  const user = session.user;
  const operator = isOperator(user);
  const org = user?.org_id ?? 0;
  useEffect(() => {
    if (!user) return;
    // an organisation's own profiles and rounds; operators see every profile and open round
    api
      .list(
        'investor-profiles',
        operator ? { limit: 200, sort: 'fund_name' } : { org_id: Number(org), limit: 200 },
      )
      .then((p) => {
        setProfiles(p.items);
        setAddProfile(!!p.allow?.has('POST'));
      })
      .catch(() => setProfiles([]));
    api
      .list(
        'fundraisings',
        operator ? { status: 'open', limit: 200 } : { org_id: Number(org), limit: 200 },
      )
      .then((p) => {
        setRounds(p.items);
        setAddRound(!!p.allow?.has('POST'));
      })
      .catch(() => setRounds([]));
    // what the organisation may add: a profile (an investor), a round (a company)
    const mine = myWritingOrg();
    if (mine)
      api
        .get('orgs', mine)
        .then((a) => setKind(String(a.data.kind ?? '')))
        .catch(() => setKind(''));
    else setKind('');
  }, [user?.id, org]);
  useEffect(() => {
    if (profiles?.length && !profile) setProfile(profiles[0].id);
  }, [profiles]);
  useEffect(() => {
    if (rounds?.length && !round) setRound(rounds[0].id);
  }, [rounds]);

  return (
    <section class="invest-matching" aria-labelledby="page-title">
      <h1 id="page-title" tabIndex={-1}>
        {pick('투자자–기업 매칭', 'Investor–company matching')}
      </h1>
      <p class="lead">
        {pick(
          '투자 단계가 맞으면 40점, 공통 분야 하나에 15점(최대 45점), 유치 희망 금액이 투자 규모 안이면 15점입니다. 볼 수 있는 것만 순위에 오릅니다.',
          'A stage the investor invests in scores 40, each shared field 15 (at most 45), an amount within the ticket range 15. Only what you may read is ranked.',
        )}
      </p>
      {session.checked && !user ? (
        <Banner kind="info">
          {pick(
            '매칭은 로그인한 투자기관·기업 구성원과 운영자가 봅니다.',
            'Matching is for signed-in members of investors and companies, and operators.',
          )}
        </Banner>
      ) : null}
      {user && (!profiles || !rounds) ? <Loading /> : null}
      {profiles && profiles.length ? (
        <section class="card" aria-labelledby="for-investor">
          <h2 id="for-investor">{pick('투자자에게 맞는 투자 유치', 'Rounds for an investor')}</h2>
          <div class="form-field">
            <label for="pick-profile">{pick('투자자 프로필', 'Investor profile')}</label>
            <select
              id="pick-profile"
              value={String(profile)}
              onChange={(e) => setProfile(Number((e.currentTarget as HTMLSelectElement).value))}
            >
              {profiles.map((p) => (
                <option key={p.id} value={String(p.id)}>
                  {String(p.fund_name)}
                </option>
              ))}
            </select>
          </div>
          {profile ? <Ranked path={`investor-profiles/${profile}/matches`} /> : null}
        </section>
      ) : null}
      {rounds && rounds.length ? (
        <section class="card" aria-labelledby="for-company">
          <h2 id="for-company">{pick('투자 유치에 맞는 투자자', 'Investors for a round')}</h2>
          <div class="form-field">
            <label for="pick-round">{pick('투자 유치', 'Fundraising round')}</label>
            <select
              id="pick-round"
              value={String(round)}
              onChange={(e) => setRound(Number((e.currentTarget as HTMLSelectElement).value))}
            >
              {rounds.map((r) => (
                <option key={r.id} value={String(r.id)}>
                  {String(r.title)}
                </option>
              ))}
            </select>
          </div>
          {round ? <Ranked path={`fundraisings/${round}/matches`} /> : null}
        </section>
      ) : null}
      {user && profiles && rounds && !profiles.length && !rounds.length ? (
        <p class="muted">
          {pick(
            '우리 기관의 투자자 프로필이나 투자 유치가 없습니다. ',
            'Your organisation has no investor profile and no fundraising round. ',
          )}
          {kind === 'investor' && addProfile ? (
            <a href="/investor-profiles/new">
              {pick('투자자 프로필 등록', 'Add an investor profile')}
            </a>
          ) : null}
          {kind === 'company' && addRound ? (
            <a href="/fundraisings/new">{pick('투자 유치 등록', 'Add a fundraising round')}</a>
          ) : null}
          {(kind === 'investor' && !addProfile) || (kind === 'company' && !addRound)
            ? pick('기관 관리자가 등록합니다.', "Your organisation's admins add them.")
            : null}
        </p>
      ) : null}
    </section>
  );
}
