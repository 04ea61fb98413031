// The formatters of src/format.ts (money, date-times in Asia/Seoul, durations, amounts typed with
// commas). `npm test` in web/: node --test, the TypeScript stripped by esbuild (vite's own).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { transformSync } from 'esbuild';

const src = readFileSync(new URL('../src/format.ts', import.meta.url), 'utf8');
const { code } = transformSync(src, { loader: 'ts', format: 'esm' });
const f = await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);

describe('money', () => {
  it('writes whole 만원 amounts in 억 and 만, others in full', () => {
    assert.equal(f.won(1234000, 'ko'), '1,234,000원');
    assert.equal(f.won(240000000, 'ko'), '2억 4,000만원');
    assert.equal(f.won(50000000, 'ko'), '5,000만원');
    assert.equal(f.won(120000000000, 'ko'), '1,200억원');
    assert.equal(f.won(0, 'ko'), '0원');
    assert.equal(f.won(-50000, 'ko'), '-5만원');
    assert.equal(f.won(1234000, 'en'), 'KRW 1,234,000');
  });
  it('shortens amounts of 1억 and more that are not whole 만원 to tenths of 억', () => {
    assert.equal(f.wonCompact(123456789, 'ko'), '1.2억원');
    assert.equal(f.wonCompact(1234567890, 'ko'), '12.3억원');
    assert.equal(f.wonCompact(240000000, 'ko'), '2억 4,000만원');
    assert.equal(f.wonCompact(1234000, 'ko'), '1,234,000원');
    assert.equal(f.wonCompact(123456789, 'en'), 'KRW 123.5 million');
    assert.equal(f.wonCompact(2400000000, 'en'), 'KRW 2.4 billion');
    assert.equal(f.wonCompact(50000000, 'en'), 'KRW 50,000,000');
  });
  it('reads amounts typed with commas, spaces or 원', () => {
    assert.equal(f.parseWon('1,234,000'), 1234000);
    assert.equal(f.parseWon(' 1 234 000원 '), 1234000);
    assert.equal(f.parseWon('12.5'), null);
    assert.equal(f.parseWon('abc'), null);
  });
  it('writes budgets in 백만원', () => {
    assert.equal(f.millionWon(50000000, 'ko'), '50백만원');
    assert.equal(f.millionWon(50000000, 'en'), 'KRW 50 million');
  });
});

describe('date-times in Asia/Seoul', () => {
  it('shows an instant in Seoul time, whatever its offset', () => {
    assert.equal(f.dateTime('2026-12-07T05:00:00Z', 'ko'), '2026. 12. 7. 14:00');
    assert.equal(f.dateTime('2026-12-07T14:00:00+09:00', 'ko'), '2026. 12. 7. 14:00');
    assert.equal(f.dateTime('2026-12-06T20:30:00-05:00', 'ko'), '2026. 12. 7. 10:30');
    assert.equal(f.dateTime('2026-12-07T05:00:00Z', 'en'), '7 Dec 2026, 14:00');
    assert.equal(f.dateTime('2026-12-31T15:00:00Z', 'ko'), '2027. 1. 1. 00:00');
    assert.equal(f.dateTime('2026-12-07 05:00:00', 'ko'), '2026. 12. 7. 14:00');
    assert.equal(f.dateTime('2026-12-07T05:00:00.123Z', 'ko'), '2026. 12. 7. 14:00');
    assert.equal(f.dateTime('not a time', 'ko'), 'not a time');
  });
  it('turns a datetime-local value into an instant at +09:00 and back', () => {
    assert.equal(f.fromSeoulLocal('2026-12-07T14:00'), '2026-12-07T14:00:00+09:00');
    assert.equal(f.fromSeoulLocal('2026-12-07'), null);
    assert.equal(f.seoulLocal('2026-12-07T05:00:00Z'), '2026-12-07T14:00');
    assert.equal(f.seoulLocal(f.fromSeoulLocal('2026-03-29T02:30')), '2026-03-29T02:30');
  });
  it('writes dates the Korean way', () => {
    assert.equal(f.date('2026-11-25', 'ko'), '2026. 11. 25.');
    assert.equal(f.date('2026-11-25', 'en'), '25 Nov 2026');
  });
});

describe('durations and decimals', () => {
  it('writes minutes as hours and minutes', () => {
    assert.equal(f.duration(90, 'ko'), '1시간 30분');
    assert.equal(f.duration(45, 'ko'), '45분');
    assert.equal(f.duration(120, 'ko'), '2시간');
    assert.equal(f.duration(0, 'ko'), '0분');
    assert.equal(f.duration(90, 'en'), '1 h 30 min');
  });
  it('writes a decimal with its scale', () => {
    assert.equal(f.decimal(3.5, 2), '3.50');
    assert.equal(f.decimal(1234.5678, 2), '1,234.57');
  });
});
