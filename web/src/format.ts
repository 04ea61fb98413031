// The Korean conventions for numbers, money, dates, times and durations, as pure functions of
// the value and the language (i18n.ts binds them to the chosen language; test/format.test.mjs
// checks them). No imports: the unit test runs this file alone.
//
// Money (KRW, an integer of won):
//   full     Korean: whole 만원 amounts with 억 and 만 units: 240,000,000 → 2억 4,000만원,
//            50,000,000 → 5,000만원; any other amount in full: 1,234,000원.
//            English: KRW 1,234,000.
//   compact  (lists, cards) the same, except amounts of 1억 and more that are not whole 만원,
//            rounded to a tenth of 억: 123,456,789 → 1.2억원 (English KRW 123.5 million). The
//            exact amount goes in the title.
// Date-times are instants (UTC in the API) shown in Asia/Seoul (UTC+9 all year, no summer
// time): 2026-12-07T05:00:00Z → 2026. 12. 7. 14:00 (Korean), 7 Dec 2026, 14:00 (English).

export type Lang = 'ko' | 'en';

const nf = new Intl.NumberFormat('ko-KR');

/** 1234567 → "1,234,567" (the same in both languages). */
export function number(n: number): string {
  return nf.format(n);
}

/** n with exactly `scale` digits after the point: (3.5, 2) → "3.50". */
export function decimal(n: number, scale: number): string {
  return new Intl.NumberFormat('ko-KR', {
    minimumFractionDigits: scale,
    maximumFractionDigits: scale,
  }).format(n);
}

/** Won in full (the rule above). */
export function won(amount: number, lang: Lang): string {
  if (lang === 'en') return `KRW ${nf.format(amount)}`;
  const neg = amount < 0 ? '-' : '';
  const a = Math.abs(amount);
  if (a === 0) return '0원';
  if (a % 10000 !== 0) return `${neg}${nf.format(a)}원`;
  const eok = Math.floor(a / 100000000);
  const man = (a % 100000000) / 10000;
  const parts: string[] = [];
  if (eok) parts.push(`${nf.format(eok)}억`);
  if (man) parts.push(`${nf.format(man)}만`);
  return `${neg}${parts.join(' ')}원`;
}

/** Won, short where it fits a table cell or a card (the rule above). */
export function wonCompact(amount: number, lang: Lang): string {
  const a = Math.abs(amount);
  const neg = amount < 0 ? '-' : '';
  if (lang === 'en') {
    if (a >= 1e9) return `${neg}KRW ${tenths(a / 1e9)} billion`;
    if (a >= 1e6 && a % 1e6 !== 0) return `${neg}KRW ${tenths(a / 1e6)} million`;
    return won(amount, lang);
  }
  if (a >= 1e8 && a % 10000 !== 0) return `${neg}${tenths(a / 1e8)}억원`;
  return won(amount, lang);
}

function tenths(x: number): string {
  return new Intl.NumberFormat('ko-KR', { maximumFractionDigits: 1 }).format(
    Math.round(x * 10) / 10,
  );
}

/** Won → 백만원, as the seed's budget tables: 50,000,000 → "50백만원" ("KRW 50 million"). */
export function millionWon(amount: number, lang: Lang): string {
  const s = nf.format(Math.round((amount / 1000000) * 10) / 10);
  return lang === 'en' ? `KRW ${s} million` : `${s}백만원`;
}

/** What a person typed as an amount ("1,234,000", "1 234 000원") → won, or null. */
export function parseWon(text: string): number | null {
  const s = text.replace(/[,\s]/g, '').replace(/원$/, '');
  return /^-?\d+$/.test(s) ? Number(s) : null;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2026-11-25" (or the date part of a timestamp) → "2026. 11. 25." / "25 Nov 2026". */
export function date(value: string, lang: Lang): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (!m) return value;
  const [, y, mo, d] = m;
  if (lang === 'en') return `${Number(d)} ${MONTHS[Number(mo) - 1] ?? mo} ${y}`;
  return `${y}. ${Number(mo)}. ${Number(d)}.`;
}

const SEOUL_MS = 9 * 3600 * 1000;
const p2 = (n: number) => String(n).padStart(2, '0');

/** An instant (ISO 8601 with its offset) → "YYYY-MM-DDTHH:MM" in Asia/Seoul, or null. */
export function seoulLocal(value: string): string | null {
  // a time without an offset is UTC, as the API writes them (never the browser's own zone)
  const zoned = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value)
    ? `${value.replace(' ', 'T')}Z`
    : value;
  const t = Date.parse(zoned);
  if (Number.isNaN(t)) return null;
  const d = new Date(t + SEOUL_MS);
  return `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}T${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}`;
}

/** "YYYY-MM-DDTHH:MM" meant in Asia/Seoul (a datetime-local input) → ISO 8601 with +09:00. */
export function fromSeoulLocal(local: string): string | null {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2})?$/.exec(local);
  return m ? `${m[1]}T${m[2]}${m[3] ?? ':00'}+09:00` : null;
}

/** An instant → its date and time in Asia/Seoul: "2026. 12. 7. 14:00" / "7 Dec 2026, 14:00". */
export function dateTime(value: string, lang: Lang): string {
  const local = seoulLocal(value);
  if (!local) return value;
  const [day, time] = local.split('T');
  return lang === 'en' ? `${date(day, lang)}, ${time}` : `${date(day, lang)} ${time}`;
}

/** Minutes → "1시간 30분" / "1 h 30 min" ("45분", "2시간"). */
export function duration(minutes: number, lang: Lang): string {
  const neg = minutes < 0 ? '-' : '';
  const a = Math.abs(Math.round(minutes));
  const h = Math.floor(a / 60);
  const m = a % 60;
  const parts: string[] = [];
  if (h) parts.push(lang === 'en' ? `${nf.format(h)} h` : `${nf.format(h)}시간`);
  if (m || !h) parts.push(lang === 'en' ? `${m} min` : `${m}분`);
  return neg + parts.join(' ');
}

/** A 사업자등록번호 as people write it: 2208162517 → 220-81-62517 (anything else as given). */
export function formatBrn(value: string): string {
  const d = value.replace(/\D/g, '');
  return d.length === 10 ? `${d.slice(0, 3)}-${d.slice(3, 5)}-${d.slice(5)}` : value;
}
