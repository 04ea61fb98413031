// The project card page (/program/card, operators): the card as the server prints it
// (GET /api/v1/reports/project-card?format=html, shown in a frame as it is) and its downloads in
// the formats a city office opens (HWPX for 한글, PDF, XLSX). Others are told it is for
// operators, and are offered nothing the API would refuse.
import { lang } from '../../i18n';
import { isOperator, sessionStore } from '../../session';
import { useStore } from '../../store';
import { Banner, useTitle } from '../../ui';

const BASE = '/api/v1/reports/project-card';
const FORMATS = [
  { format: 'hwpx', ko: '한글(HWPX)', en: 'Hangul (HWPX)' },
  { format: 'pdf', ko: 'PDF', en: 'PDF' },
  { format: 'xlsx', ko: '엑셀(XLSX)', en: 'Excel (XLSX)' },
  { format: 'html', ko: 'HTML', en: 'HTML' },
];

export function CardPage() {
  const session = useStore(sessionStore);
  const en = lang() === 'en';
  useTitle(en ? 'Project card' : '사업 카드');
  if (!isOperator(session.user))
    return (
      <section>
        <h1>{en ? 'Project card' : '사업 카드'}</h1>
        <Banner kind="info">
          {en ? 'The project card is for operators.' : '사업 카드는 운영자만 볼 수 있습니다.'}
        </Banner>
      </section>
    );
  return (
    <section class="project-card-page">
      <h1>{en ? 'Project card' : '사업 카드'}</h1>
      <p class="muted">
        {en
          ? 'Printed from the live data of the program: unit projects, schedule, budget, achievements, issues, contacts.'
          : '단위사업, 추진계획, 사업비, 추진실적, 쟁점 및 대책, 담당자의 현재 자료로 만든 사업 카드입니다.'}
      </p>
      <ul class="downloads" aria-label={en ? 'Downloads' : '내려받기'}>
        {FORMATS.map((f) => (
          <li key={f.format}>
            <a
              href={`${BASE}?format=${f.format}`}
              download={f.format !== 'html' ? `project-card.${f.format}` : undefined}
            >
              {en ? f.en : f.ko}
            </a>
          </li>
        ))}
      </ul>
      <iframe
        class="project-card"
        title={en ? 'Project card' : '사업 카드'}
        src={`${BASE}?format=html`}
        style={{ width: '100%', height: '80vh', border: '1px solid #ccc', background: '#fff' }}
      />
    </section>
  );
}
