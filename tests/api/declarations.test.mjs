// The declaration language through the API (issue #9 item 4): the field types date-time
// (meetings.starts_at), money (needs.budget_*), decimal (orgs.floor_area_m2) and duration
// (meetings.duration_minutes) in and out, in exports and imports; range filters
// ?<field>_from=&<field>_to= (inclusive) on lists, totals and exports; enum labels in the
// OpenAPI document; and the start-up check that refuses a database its entries disagree with.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, assertProblem, assertInvalid, problemFields, orgBody, needBody, uniq, bpmc, BIN, freshDatabase, dbSql, ON_PG } from './helpers.mjs';

let srv;
let op;
before(async () => {
  srv = await startServer();
  op = await srv.login();
});
after(async () => {
  if (srv) await srv.stop();
});

const meeting = (extra = {}) => ({ title: `협의체 ${uniq('m')}`, org_id: 7, held_on: '2026-12-07', ...extra });

test('date-time: an offset or Korean time in, UTC with Z out; a bad one is a 422 naming the field', async () => {
  const c = await srv.post('/api/v1/meetings', meeting({ starts_at: '2026-12-07T14:00:00+09:00' }), op);
  assert.equal(c.status, 201, c.text);
  assert.equal(c.json.starts_at, '2026-12-07T05:00:00Z');
  const g = await srv.get(`/api/v1/meetings/${c.json.id}`, op);
  assert.equal(g.json.starts_at, '2026-12-07T05:00:00Z');
  // no offset: Asia/Seoul (+09:00, no daylight saving)
  const p = await srv.patch(`/api/v1/meetings/${c.json.id}`, { starts_at: '2026-07-01T09:30' }, op, g.headers.get('etag'));
  assert.equal(p.status, 200, p.text);
  assert.equal(p.json.starts_at, '2026-07-01T00:30:00Z');
  const z = await srv.post('/api/v1/meetings', meeting({ starts_at: '2026-12-07T23:30:00-05:00' }), op);
  assert.equal(z.json.starts_at, '2026-12-08T04:30:00Z');
  for (const bad of ['2026-12-07T25:00', '2026-12-07', 'tomorrow 2pm', '2026-02-30T10:00', 1765083600]) {
    assertInvalid(await srv.post('/api/v1/meetings', meeting({ starts_at: bad }), op), 'starts_at', JSON.stringify(bad));
  }
  const none = await srv.post('/api/v1/meetings', meeting(), op);
  assert.equal(none.status, 201, none.text);
  assert.equal(none.json.starts_at, null, 'optional');
});

test('duration: minutes, or ISO 8601 accepted and answered as minutes', async () => {
  const c = await srv.post('/api/v1/meetings', meeting({ duration_minutes: 'PT1H30M' }), op);
  assert.equal(c.status, 201, c.text);
  assert.equal(c.json.duration_minutes, 90);
  const m = await srv.post('/api/v1/meetings', meeting({ duration_minutes: 45 }), op);
  assert.equal(m.json.duration_minutes, 45);
  for (const bad of ['1h', 'PT30S', -5, 1.5, 1441]) {
    assertInvalid(await srv.post('/api/v1/meetings', meeting({ duration_minutes: bad }), op), 'duration_minutes', JSON.stringify(bad));
  }
  // the demo's council has meetings too: these two, in the order of their durations
  const sorted = await srv.get('/api/v1/meetings?sort=-duration_minutes&limit=50', op);
  assert.deepEqual(sorted.json.items.filter((x) => x.id === c.json.id || x.id === m.json.id).map((x) => x.duration_minutes), [90, 45]);
});

test('money: whole won as a JSON integer, in and out', async () => {
  const c = await srv.post('/api/v1/needs', needBody(1, { budget_min: 1200000, budget_max: 1000000000000 }), op);
  assert.equal(c.status, 201, c.text);
  assert.ok(Number.isInteger(c.json.budget_min));
  assert.equal(c.json.budget_min, 1200000);
  assert.equal(c.json.budget_max, 1000000000000);
  for (const bad of [1200000.5, '1200000', -1, 1000000000001]) {
    assertInvalid(await srv.post('/api/v1/needs', needBody(1, { budget_min: bad }), op), 'budget_min', JSON.stringify(bad));
  }
});

test('decimal: exact to its scale, a JSON number in and out', async () => {
  const c = await srv.post('/api/v1/orgs', orgBody({ floor_area_m2: 132.25 }), op);
  assert.equal(c.status, 201, c.text);
  assert.equal(c.json.floor_area_m2, 132.25);
  const g = await srv.get(`/api/v1/orgs/${c.json.id}`, op);
  assert.equal(g.json.floor_area_m2, 132.25);
  assert.match(g.text, /"floor_area_m2":132\.25[,}]/, 'a number, not a string');
  const p = await srv.patch(`/api/v1/orgs/${c.json.id}`, { floor_area_m2: 0.07 }, op, g.headers.get('etag'));
  assert.equal(p.status, 200, p.text);
  assert.equal(p.json.floor_area_m2, 0.07);
  const big = await srv.post('/api/v1/orgs', orgBody({ floor_area_m2: 999999.99 }), op);
  assert.equal(big.json.floor_area_m2, 999999.99);
  for (const bad of [132.255, -1, 1000000.01, 'lots', true]) {
    assertInvalid(await srv.post('/api/v1/orgs', orgBody({ floor_area_m2: bad }), op), 'floor_area_m2', JSON.stringify(bad));
  }
});

/** The ids a list returns for query, every page. */
async function ids(collection, query) {
  return (await srv.all(collection, query, op)).items.map((x) => x.id).sort((a, b) => a - b);
}

test('range filters: both ends inclusive, the same rows as filtering every row by hand', async () => {
  // needs: deadline (date) and budget_max (money)
  const needs = (await srv.all('needs', '', op)).items;
  const budgets = [...new Set(needs.map((n) => n.budget_max).filter((b) => b !== null))].sort((a, b) => a - b);
  assert.ok(budgets.length >= 3, 'the demo has budgets');
  const [lo, hi] = [budgets[1], budgets[budgets.length - 2]];
  const want = needs.filter((n) => n.budget_max !== null && n.budget_max >= lo && n.budget_max <= hi).map((n) => n.id).sort((a, b) => a - b);
  assert.deepEqual(await ids('needs', `budget_max_from=${lo}&budget_max_to=${hi}`), want);
  assert.ok(want.length >= 2);
  const exact = needs.filter((n) => n.budget_max === lo).map((n) => n.id).sort((a, b) => a - b);
  assert.deepEqual(await ids('needs', `budget_max_from=${lo}&budget_max_to=${lo}`), exact, 'inclusive at both ends');
  const dates = needs.map((n) => n.deadline).filter(Boolean).sort();
  assert.ok(dates.length >= 3);
  const [d0, d1] = [dates[0], dates[Math.floor(dates.length / 2)]];
  const byDate = needs.filter((n) => n.deadline && n.deadline >= d0 && n.deadline <= d1).map((n) => n.id).sort((a, b) => a - b);
  assert.deepEqual(await ids('needs', `deadline_from=${d0}&deadline_to=${d1}`), byDate);
  const r = await srv.get(`/api/v1/needs?deadline_from=${d0}&deadline_to=${d1}&limit=1`, op);
  assert.equal(r.json.total, byDate.length, 'the total counts the range');
  // with the other filters and q at once
  const open = needs.filter((n) => n.status === 'open' && n.deadline && n.deadline >= d0).map((n) => n.id).sort((a, b) => a - b);
  assert.deepEqual(await ids('needs', `status=open&deadline_from=${d0}`), open);

  // meetings: starts_at (date-time), in any offset; a date means the whole day in Seoul
  const day = '2031-05-20';
  const made = [];
  for (const t of ['00:00:00', '09:00:00', '23:59:59']) {
    const c = await srv.post('/api/v1/meetings', meeting({ held_on: day, starts_at: `${day}T${t}+09:00` }), op);
    assert.equal(c.status, 201, c.text);
    made.push(c.json.id);
  }
  const before = await srv.post('/api/v1/meetings', meeting({ starts_at: '2031-05-19T23:59:59+09:00' }), op);
  const afterDay = await srv.post('/api/v1/meetings', meeting({ starts_at: '2031-05-21T00:00:00+09:00' }), op);
  assert.deepEqual(await ids('meetings', `starts_at_from=${day}&starts_at_to=${day}`), made);
  // the same instants written in UTC
  assert.deepEqual(await ids('meetings', `starts_at_from=2031-05-19T15:00:00Z&starts_at_to=2031-05-20T14:59:59Z`), made);
  assert.deepEqual(await ids('meetings', `starts_at_from=${encodeURIComponent('2031-05-20T09:00:00+09:00')}&starts_at_to=${day}`), made.slice(1));
  assert.deepEqual(await ids('meetings', 'starts_at_to=2031-05-19T14:59:59Z&starts_at_from=2031-05-19'), [before.json.id]);
  assert.deepEqual(await ids('meetings', 'starts_at_from=2031-05-21'), [afterDay.json.id]);

  // orgs: floor_area_m2 (decimal)
  const a = await srv.post('/api/v1/orgs', orgBody({ floor_area_m2: 5000.5 }), op);
  const b = await srv.post('/api/v1/orgs', orgBody({ floor_area_m2: 5000.75 }), op);
  await srv.post('/api/v1/orgs', orgBody({ floor_area_m2: 5000.76 }), op);
  assert.deepEqual(await ids('orgs', 'floor_area_m2_from=5000.5&floor_area_m2_to=5000.75'), [a.json.id, b.json.id]);
});

test('every list takes created_at and updated_at ranges, to the millisecond the rows keep', async () => {
  const made = await srv.post('/api/v1/orgs', orgBody(), op);
  assert.equal(made.status, 201, made.text);
  const at = made.json.created_at; // "…T…:..\.\d{3}Z"
  assert.match(at, /\.\d{3}Z$/);
  const second = `${at.slice(0, 19)}Z`;
  const has = async (q) => (await ids('orgs', q)).includes(made.json.id);
  assert.equal(await has(`created_at_from=${second}`), true, 'from its own second');
  assert.equal(await has(`created_at_to=${second}`), true, 'to its own second');
  assert.equal(await has(`created_at_from=${second}&created_at_to=${second}`), true);
  const later = new Date(Date.parse(second) + 1000).toISOString().replace('.000Z', 'Z');
  const earlier = new Date(Date.parse(second) - 1000).toISOString().replace('.000Z', 'Z');
  assert.equal(await has(`created_at_from=${later}`), false);
  assert.equal(await has(`created_at_to=${earlier}`), false);
  // a date is a whole day in Seoul
  const seoulDay = new Date(Date.parse(at) + 9 * 3600 * 1000).toISOString().slice(0, 10);
  assert.equal(await has(`created_at_from=${seoulDay}&created_at_to=${seoulDay}`), true);
  assert.equal(await has(`updated_at_from=${seoulDay}`), true);
  const r = await srv.get('/api/v1/audit?created_at_from=2000-01-01&collection=orgs&row_id=' + made.json.id, op);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.total, 1, 'the audit log too');
  for (const [q, name] of [['created_at_from=yesterday', 'created_at_from'], ['updated_at_to=2026-02-30', 'updated_at_to'], ['created_at=2026-01-01', 'created_at']]) {
    const p = assertProblem(await srv.get(`/api/v1/orgs?${q}`, op), 400, q);
    assert.deepEqual(problemFields(p), [name], q);
  }
  const doc = (await srv.get('/api/v1/openapi.json')).json;
  const names = doc.paths['/api/v1/needs'].get.parameters.map((p) => p.name ?? p.$ref);
  for (const n of ['created_at_from', 'created_at_to', 'updated_at_from', 'updated_at_to']) assert.ok(names.includes(n), n);
});

test('range filters: a bad value or a field without a range is a 400 naming the parameter', async () => {
  const cases = [
    ['needs', 'deadline_from=2026-13-01', 'deadline_from'],
    ['needs', 'deadline_to=soon', 'deadline_to'],
    ['needs', 'budget_min_from=abc', 'budget_min_from'],
    ['needs', 'budget_max_to=1.5', 'budget_max_to'],
    ['needs', 'deadline_from=2026-01-01&deadline_from=2026-02-01', 'deadline_from'],
    ['meetings', 'starts_at_from=yesterday', 'starts_at_from'],
    ['meetings', `starts_at_to=${encodeURIComponent('2026-12-07T14:00+25:00')}`, 'starts_at_to'],
    ['orgs', 'floor_area_m2_from=1.234', 'floor_area_m2_from'],
    ['needs', 'title_from=a', 'title_from'],
    ['needs', 'status_to=open', 'status_to'],
  ];
  for (const [collection, query, param] of cases) {
    const r = await srv.get(`/api/v1/${collection}?${query}`, op);
    const p = assertProblem(r, 400, `${collection}?${query}`);
    assert.ok(problemFields(p).includes(param), `${collection}?${query} names ${param}: ${r.text}`);
  }
});

test('exports: a range applies; money and decimals are numbers, date-times in Seoul time', async () => {
  const day = '2032-03-03';
  const c = await srv.post('/api/v1/meetings', meeting({ held_on: day, starts_at: `${day}T14:00:00+09:00`, duration_minutes: 'PT2H' }), op);
  assert.equal(c.status, 201, c.text);
  const r = await srv.get(`/api/v1/meetings?format=csv&labels=false&starts_at_from=${day}&starts_at_to=${day}`, op);
  assert.equal(r.status, 200, r.text);
  const lines = r.text.replace(/^\uFEFF/, '').trim().split('\r\n');
  assert.equal(lines.length, 2, r.text);
  const header = lines[0].split(',');
  const cells = lines[1].split(',');
  assert.equal(cells[header.indexOf('starts_at')], `${day} 14:00:00`);
  assert.equal(cells[header.indexOf('duration_minutes')], '120');
  const o = await srv.post('/api/v1/orgs', orgBody({ floor_area_m2: 77.5, name: `면적 ${uniq('o')}` }), op);
  const e = await srv.get(`/api/v1/orgs?format=csv&floor_area_m2_from=77.5&floor_area_m2_to=77.5`, op);
  assert.match(e.text, new RegExp(`${o.json.name}.*,77\\.5,`));
});

test('imports read a decimal and an enum label as people write them', async () => {
  const org = uniq('기관');
  const orgs = `name,kind,floor_area_m2\r\n${org},병원,"1,234.5"\r\n`;
  const p = await srv.req('/api/v1/imports?collection=orgs&mode=preview', {
    method: 'POST', body: orgs, headers: { 'content-type': 'text/csv; charset=utf-8' }, session: op,
  });
  assert.equal(p.status, 200, p.text);
  assert.equal(p.json.rows[0].errors.length, 1, 'a decimal is written without thousands separators');
  const ok = `name,kind,floor_area_m2\r\n${org},병원,1234.5\r\n`;
  const q = await srv.req('/api/v1/imports?collection=orgs&mode=commit', {
    method: 'POST', body: ok, headers: { 'content-type': 'text/csv; charset=utf-8' }, session: op,
  });
  assert.equal(q.status, 200, q.text);
  const made = (await srv.get(`/api/v1/orgs?q=${encodeURIComponent(org)}`, op)).json.items[0];
  assert.equal(made.kind, 'hospital', 'a Korean enum label imports as its value');
  assert.equal(made.floor_area_m2, 1234.5);
});

test('OpenAPI: the new types, range parameters and every enum value with its labels', async () => {
  const doc = (await srv.get('/api/v1/openapi.json')).json;
  const s = doc.components.schemas;
  assert.deepEqual(s.orgs.properties.kind['x-bpmc-enum-labels'].company, { ko: '기업', en: 'Company' });
  assert.deepEqual(s.orgs.properties.kind['x-bpmc-enum-labels'].association, { ko: '협회·단체', en: 'Association' });
  assert.deepEqual(s.needs.properties.status['x-bpmc-enum-labels'].open, { ko: '진행 중', en: 'Open' });
  assert.deepEqual(s.meetings.properties.visibility['x-bpmc-enum-labels'].cluster, { ko: '클러스터 공개', en: 'Cluster members' });
  for (const [name, schema] of Object.entries(s)) {
    if (!schema['x-title-field']) continue; // the collections' schemas: the entries
    for (const [field, prop] of Object.entries(schema.properties || {})) {
      if (!prop.enum) continue;
      const labels = prop['x-bpmc-enum-labels'];
      assert.ok(labels, `${name}.${field} has labels`);
      for (const v of prop.enum) {
        if (v === null) continue;
        assert.equal(typeof labels[v]?.ko, 'string', `${name}.${field}.${v} ko`);
        assert.equal(typeof labels[v]?.en, 'string', `${name}.${field}.${v} en`);
      }
    }
  }
  assert.equal(s.meetings.properties.starts_at.format, 'date-time');
  assert.deepEqual([s.needs.properties.budget_min['x-bpmc-type'], s.needs.properties.budget_min['x-bpmc-unit']], ['money', 'KRW']);
  assert.deepEqual([].concat(s.needs.properties.budget_min.type)[0], 'integer');
  assert.deepEqual([s.orgs.properties.floor_area_m2['x-bpmc-type'], s.orgs.properties.floor_area_m2['x-bpmc-scale']], ['decimal', 2]);
  assert.deepEqual([].concat(s.orgs.properties.floor_area_m2.type)[0], 'number');
  assert.deepEqual([s.meetings.properties.duration_minutes['x-bpmc-type'], s.meetings.properties.duration_minutes['x-bpmc-unit']], ['duration', 'minutes']);
  const params = doc.paths['/api/v1/meetings'].get.parameters.map((p) => p.name);
  for (const p of ['starts_at_from', 'starts_at_to', 'held_on_from', 'held_on_to']) assert.ok(params.includes(p), `${p} in ${params}`);
  assert.ok(!params.includes('title_from'));
});

test('start-up: bpmc refuses (exit 1) a database its entries disagree with, naming entry, field and mismatch', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bpmc-decl-'));
  try {
    const serve = (db) => spawnSync(BIN, ['serve', '--db', db, '--listen', '127.0.0.1:0', '--access-log', 'off'], { encoding: 'utf8', timeout: 10000 });
    // a column gone
    const a = freshDatabase(dir, 'a.db');
    bpmc(['init', '--db', a]);
    dbSql(a, 'DROP INDEX meetings_starts; ALTER TABLE meetings DROP COLUMN starts_at;');
    let r = serve(a);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /entry meetings, field starts_at: table meetings has no such column/);
    // an enum value the table's CHECK refuses
    // (SQLite: the table's text edited; PostgreSQL: its constraint made again without the value,
    // NOT VALID so that the rows already there stay)
    const b = freshDatabase(dir, 'b.db');
    bpmc(['init', '--db', b]);
    dbSql(b, ON_PG
      ? `DO $$ DECLARE n text; d text; BEGIN
           SELECT conname, pg_get_constraintdef(oid) INTO n, d FROM pg_constraint
            WHERE conrelid = 'orgs'::regclass AND contype = 'c' AND pg_get_constraintdef(oid) LIKE '%''hospital''%';
           EXECUTE format('ALTER TABLE orgs DROP CONSTRAINT %I', n);
           EXECUTE format('ALTER TABLE orgs ADD CONSTRAINT %I %s NOT VALID', n, replace(d, '''hospital''::text, ', ''));
         END $$`
      : "PRAGMA writable_schema=ON; UPDATE sqlite_schema SET sql=replace(sql, '''hospital'',', '') WHERE name='orgs';");
    r = serve(b);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /entry orgs, field kind: table orgs refuses the value 'hospital'/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
