// The Excel round trip (docs/import.md): exports in the user's language with labels, real
// Excel dates and numbers, the chosen columns, frozen header, autofilter and widths; the
// template of each importable collection with its drop-down lists and example row; imports of
// labels, 예/아니오 and dates as people type them; "import the valid rows" and the report of the
// others; and a file exported with labels imports back unchanged. Workbooks are read back with
// openpyxl (/usr/bin/python3, python3-openpyxl), the reader Excel users' scripts use.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startServer, assertProblem, uniq, orgBody, needBody } from './helpers.mjs';
import { xlsx } from './fixtures/xlsx.mjs';

const READER = fileURLToPath(new URL('./fixtures/read_xlsx.py', import.meta.url));
const CSV = 'text/csv; charset=utf-8';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

let srv;
let op;
let org;
before(async () => {
  srv = await startServer();
  op = await srv.login();
  const c = await srv.post('/api/v1/orgs', orgBody({
    name: `엑셀 왕복 ${uniq('o')}`, kind: 'hospital', is_tenant: true, founded: '2019-04-01',
    employees: 1234, floor_area_m2: 77.5,
  }), op);
  assert.equal(c.status, 201, c.text);
  org = c.json;
});
after(async () => {
  if (srv) await srv.stop();
});

/** The workbook as openpyxl reads it (fixtures/read_xlsx.py). */
function openpyxl(bytes) {
  return JSON.parse(execFileSync('/usr/bin/python3', [READER], { input: bytes, maxBuffer: 64 << 20 }).toString('utf8'));
}

async function download(path, { lang, session = op } = {}) {
  const r = await srv.req(path, { session, headers: lang ? { 'accept-language': lang } : {} });
  assert.equal(r.status, 200, `${path}: ${r.text.slice(0, 300)}`);
  return r;
}

/** RFC 4180 rows of a CSV answer (after its BOM). */
function csvRows(bytes) {
  const text = bytes.subarray(3).toString('utf8');
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; } else if (c === '\r' && text[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i++; } else cell += c;
  }
  if (cell || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

function upload(collection, body, { mode = 'preview', type = CSV, query = '', lang } = {}) {
  const headers = { 'content-type': type };
  if (lang) headers['accept-language'] = lang;
  return srv.req(`/api/v1/imports?collection=${collection}&mode=${mode}${query}`, {
    method: 'POST', body, headers, session: op,
  });
}

/** Seoul's wall clock of a UTC instant, as exports write it. */
function seoul(iso) {
  const d = new Date(Date.parse(iso) + 9 * 3600 * 1000);
  return d.toISOString().slice(0, 19).replace('T', ' ');
}

test('CSV export: headers and choices as the app labels them, 예/아니오, Seoul times, in the language asked', async () => {
  const r = await download(`/api/v1/orgs?format=csv&columns=id,name,kind,is_tenant,founded,employees,created_at&sort=-id`);
  const [header, ...rows] = csvRows(r.bytes);
  assert.deepEqual(header, ['ID', '기관명', '유형', '입주기업', '임직원 수', '설립일', '등록일시']);
  const mine = rows.find((x) => x[0] === String(org.id));
  assert.deepEqual(mine, [String(org.id), org.name, '병원', '예', '1234', '2019-04-01', seoul(org.created_at)]);
  // English: by Accept-Language, or by lang= whatever the browser says
  for (const [path, lang] of [['/api/v1/orgs?format=csv&columns=kind,is_tenant&sort=-id', 'en-GB,en'],
    ['/api/v1/orgs?format=csv&columns=kind,is_tenant&sort=-id&lang=en', 'ko']]) {
    const e = csvRows((await download(path, { lang })).bytes);
    assert.deepEqual(e[0], ['Kind', 'Tenant']);
    assert.deepEqual(e[1], ['Hospital', 'Yes']);
  }
  // tags by their names in the language asked
  const tags = (await srv.all('tags', '', op)).items;
  const one = (await srv.all('orgs', 'fields=genomics', op)).items[0];
  const names = (lang) => one.fields.map((slug) => tags.find((t) => t.slug === slug)[lang === 'en' ? 'name_en' : 'name_ko']).join(', ');
  for (const lang of ['ko', 'en']) {
    const f = csvRows((await download(`/api/v1/orgs?format=csv&columns=id,fields&lang=${lang}`)).bytes);
    assert.deepEqual(f.find((x) => x[0] === String(one.id)), [String(one.id), names(lang)]);
  }
  // labels=false: the API's names and codes, for scripts (times still in Seoul for fields)
  const codes = csvRows((await download(`/api/v1/orgs?format=csv&columns=id,kind,is_tenant&labels=false&sort=-id`)).bytes);
  assert.deepEqual(codes[0], ['id', 'kind', 'is_tenant']);
  assert.deepEqual(codes[1], [String(org.id), 'hospital', 'true']);
});

test('?columns= exports only the chosen columns, in the entry order; a bad one is 400 naming columns', async () => {
  const r = await download('/api/v1/orgs?format=csv&columns=kind,name');
  assert.deepEqual(csvRows(r.bytes)[0], ['기관명', '유형']);
  const p = assertProblem(await srv.get('/api/v1/orgs?format=csv&columns=name,password', op), 400);
  assert.equal(p.errors[0].field, 'columns');
  assertProblem(await srv.get('/api/v1/orgs?format=csv&labels=maybe', op), 400);
  assertProblem(await srv.get('/api/v1/orgs?format=csv&lang=fr', op), 400);
  // a private column is not exported to whom it is hidden, even when asked for
  const anon = csvRows((await download('/api/v1/people?format=csv&columns=name,email', { session: null })).bytes);
  assert.deepEqual(anon[0], ['이름']);
});

test('CSV with labels stays safe against formulas', async () => {
  const c = await srv.post('/api/v1/orgs', orgBody({ name: '=HYPERLINK("http://evil.example","x")' }), op);
  assert.equal(c.status, 201, c.text);
  const rows = csvRows((await download('/api/v1/orgs?format=csv&columns=id,name&sort=-id')).bytes);
  const row = rows.find((x) => x[0] === String(c.json.id));
  assert.equal(row[1], `'=HYPERLINK("http://evil.example","x")`);
});

test('XLSX export read by openpyxl: labels, real dates and numbers, won format, frozen header, autofilter, widths', async () => {
  const n = await srv.total('orgs', op);
  const wb = openpyxl((await download('/api/v1/orgs?format=xlsx&sort=-id')).bytes);
  const s = wb.sheets[0];
  assert.equal(s.freeze, 'A2');
  const header = s.rows[0].map((c) => c.v);
  assert.equal(header[0], 'ID');
  assert.ok(header.includes('기관명') && header.includes('설립일') && header.includes('등록일시'), header.join(','));
  const last = String.fromCharCode(64 + header.length);
  assert.equal(s.autofilter, `A1:${last}${n + 1}`);
  assert.equal(s.rows.length, n + 1);
  for (let i = 0; i < header.length; i++) {
    const col = String.fromCharCode(65 + i);
    assert.ok(s.widths[col] >= 6 && s.widths[col] <= 62, `width of ${col} (${header[i]}): ${s.widths[col]}`);
  }
  const at = (name) => header.indexOf(name);
  const row = s.rows.find((r) => r[0] && r[0].v === org.id);
  assert.ok(row, 'the org is exported');
  assert.deepEqual([row[0].t, row[at('기관명')].v, row[at('유형')].v, row[at('입주기업')].v], ['number', org.name, '병원', '예']);
  assert.deepEqual([row[at('설립일')].t, row[at('설립일')].v], ['datetime', '2019-04-01T00:00:00']);
  assert.equal(row[at('설립일')].fmt, 'yyyy-mm-dd');
  assert.deepEqual([row[at('임직원 수')].t, row[at('임직원 수')].v], ['number', 1234]);
  assert.deepEqual([row[at('입주 면적(㎡)')].t, row[at('입주 면적(㎡)')].v], ['number', 77.5]);
  assert.equal(row[at('등록일시')].t, 'datetime');
  assert.equal(row[at('등록일시')].v, seoul(org.created_at).replace(' ', 'T'));
  // money: a number shown in won
  const need = await srv.post('/api/v1/needs', needBody(org.id, { budget_min: 24000000 }), op);
  assert.equal(need.status, 201, need.text);
  const nb = openpyxl((await download(`/api/v1/needs?format=xlsx&columns=id,title,budget_min&sort=-id`)).bytes).sheets[0];
  assert.deepEqual(nb.rows[0].map((c) => c.v), ['ID', '수요', '예산 하한(원)']);
  const nrow = nb.rows.find((r) => r[0] && r[0].v === need.json.id);
  assert.deepEqual([nrow[2].t, nrow[2].v], ['number', 24000000]);
  assert.match(nrow[2].fmt, /원/);
});

test('the template of each collection: labelled header, drop-down lists, example row, widths, frozen header', async () => {
  for (const collection of ['orgs', 'people', 'capabilities']) {
    const r = await download(`/api/v1/imports/template?collection=${collection}`);
    assert.equal(r.headers.get('content-type'), XLSX);
    assert.match(r.headers.get('content-disposition'), new RegExp(`${collection}-template\\.xlsx`));
    const s = openpyxl(r.bytes).sheets[0];
    assert.equal(s.freeze, 'A2');
    assert.equal(s.rows.length, 2, 'the header and one example row');
    assert.ok(Object.keys(s.widths).length >= s.rows[0].length);
    // an empty template imports as nothing: its example row is skipped
    const p = await upload(collection, r.bytes, { type: XLSX });
    assert.equal(p.status, 200, p.text);
    assert.equal(p.json.rows.length, 0);
    assert.equal(p.json.examples, 1);
    assert.ok(p.json.columns.every((c) => c.field), JSON.stringify(p.json.columns.filter((c) => !c.field)));
  }
  const s = openpyxl((await download('/api/v1/imports/template?collection=orgs')).bytes).sheets[0];
  const header = s.rows[0].map((c) => c.v);
  assert.equal(header[0], '기관명 *');
  assert.ok(header.includes('유형 *') && header.includes('입주기업') && header.includes('설립일'), header.join(','));
  const col = (h) => String.fromCharCode(65 + header.indexOf(h));
  const dv = (h) => s.validations.find((v) => v.sqref.split(' ').some((ref) => ref.startsWith(`${col(h)}2:`)));
  assert.deepEqual(dv('유형 *'), { type: 'list', formula1: '"기업,병원,대학,연구기관,투자기관,공공기관,협회·단체"', sqref: `${col('유형 *')}2:${col('유형 *')}20001` });
  assert.equal(dv('입주기업').formula1, '"예,아니오"');
  assert.equal(s.rows[1][header.indexOf('유형 *')].v, '기업');
  assert.equal(s.rows[1][header.indexOf('입주기업')].v, '예');
  // in English
  const en = openpyxl((await download('/api/v1/imports/template?collection=orgs&lang=en')).bytes).sheets[0];
  assert.equal(en.rows[0][0].v, 'Name *');
  assert.ok(en.validations.some((v) => v.formula1 === '"Yes,No"'));
  assertProblem(await srv.get('/api/v1/imports/template?collection=users', op), 400);
  assertProblem(await srv.get('/api/v1/imports/template?collection=orgs'), 401);
});

test('a filled template imports: its example row is left out, the rows under it are created', async () => {
  const t = openpyxl((await download('/api/v1/imports/template?collection=orgs')).bytes).sheets[0];
  const header = t.rows[0].map((c) => c.v);
  const example = t.rows[1].map((c) => (c ? c.v : null));
  const name = uniq('양식기관');
  const row = header.map((h) => ({ '기관명 *': name, '유형 *': '대학', '입주기업': '아니오', '설립일': '2021. 3. 5.' })[h] ?? null);
  const p = await upload('orgs', xlsx([header, example, row]), { type: XLSX, mode: 'commit' });
  assert.equal(p.status, 200, p.text);
  assert.deepEqual(p.json, { created: 1, updated: 0, unchanged: 0, refused: 0 });
  const made = (await srv.all('orgs', `q=${encodeURIComponent(name)}`, op)).items;
  assert.equal(made.length, 1);
  assert.deepEqual([made[0].kind, made[0].is_tenant, made[0].founded], ['university', false, '2021-03-05']);
});

test('cells as people write them: labels or codes in either language, 예/아니오 Y/N O/X true/false, dates, won', async () => {
  const names = [uniq('라벨'), uniq('라벨'), uniq('라벨'), uniq('라벨')];
  const text = '기관명,Kind,입주기업,설립일,임직원 수\r\n'
    + `${names[0]},기업,예,2020-01-02,"1,234명"\r\n`
    + `${names[1]},company,N,2020. 1. 2.,12\r\n`
    + `${names[2]},Company,O,2020년 1월 2일,0\r\n`
    + `${names[3]},HOSPITAL,false,43832,"3,000"\r\n`;
  const p = await upload('orgs', text);
  assert.equal(p.status, 200, p.text);
  assert.equal(p.json.errors, 0, p.text);
  const c = await upload('orgs', text, { mode: 'commit' });
  assert.equal(c.status, 200, c.text);
  const got = [];
  for (const n of names) got.push((await srv.all('orgs', `q=${encodeURIComponent(n)}`, op)).items[0]);
  assert.deepEqual(got.map((o) => [o.kind, o.is_tenant, o.founded, o.employees]), [
    ['company', true, '2020-01-02', 1234], ['company', false, '2020-01-02', 12],
    ['company', true, '2020-01-02', 0], ['hospital', false, '2020-01-02', 3000]]);
});

test('per-cell errors name the line and the column, in Korean and English', async () => {
  const text = `기관명,유형,입주기업,설립일\r\n${uniq('오류')},로봇,아마도,어제\r\n`;
  const p = await upload('orgs', text);
  assert.equal(p.status, 200);
  const errs = p.json.rows[0].errors;
  assert.deepEqual(errs.map((e) => [e.field, e.column]), [['kind', '유형'], ['is_tenant', '입주기업'], ['founded', '설립일']]);
  assert.equal(errs[0].message_ko, '다음 중 하나여야 합니다: 기업, 병원, 대학, 연구기관, 투자기관, 공공기관, 협회·단체');
  assert.equal(errs[0].message_en, 'must be one of: Company, Hospital, University, Institute, Investor, Public body, Association');
  assert.match(errs[1].message_ko, /예\/아니오/);
  const c = assertProblem(await upload('orgs', text, { mode: 'commit' }), 422);
  assert.deepEqual(c.errors.map((e) => [e.line, e.column]), [[2, '유형'], [2, '입주기업'], [2, '설립일']]);
});

test('import the valid rows: one transaction for those, the others counted and reported in an XLSX to fix and import again', async () => {
  const good = [uniq('유효'), uniq('유효')];
  const bad = uniq('무효');
  const text = `기관명,유형,입주기업\r\n${good[0]},기업,예\r\n${bad},로봇,예\r\n${good[1]},병원,아니오\r\n`;
  const before = await srv.total('orgs', op);
  // all or nothing by default
  assertProblem(await upload('orgs', text, { mode: 'commit' }), 422);
  assert.equal(await srv.total('orgs', op), before);
  const c = await upload('orgs', text, { mode: 'commit', query: '&rows=valid' });
  assert.equal(c.status, 200, c.text);
  assert.deepEqual(c.json, { created: 2, updated: 0, unchanged: 0, refused: 1 });
  assert.equal(await srv.total('orgs', op), before + 2);
  assert.equal((await srv.all('orgs', `q=${encodeURIComponent(bad)}`, op)).total, 0);
  // the report: the refused row as it was, the cell at fault marked and explained
  const r = await upload('orgs', text, { mode: 'report' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.headers.get('content-type'), XLSX);
  const s = openpyxl(r.bytes).sheets[0];
  assert.equal(s.freeze, 'A2');
  assert.deepEqual(s.rows[0].map((x) => x.v), ['기관명', '유형', '입주기업', '오류 (가져오지 않음)']);
  assert.equal(s.rows.length, 2);
  const [name, kind, tenant, why] = s.rows[1];
  assert.deepEqual([name.v, kind.v, tenant.v], [bad, '로봇', '예']);
  assert.equal(kind.fill, 'FFF8D7DA');
  assert.match(kind.comment, /다음 중 하나여야 합니다/);
  assert.equal(name.fill, undefined);
  assert.match(why.v, /^3행\n유형: 다음 중 하나여야 합니다/);
  const en = openpyxl((await upload('orgs', text, { mode: 'report', query: '&lang=en' })).bytes).sheets[0];
  assert.equal(en.rows[0][3].v, 'Errors (not imported)');
  assert.match(en.rows[1][3].v, /^line 3\n유형: must be one of/);
  // fixed in the report and imported again: the reasons column is ignored
  const fixed = xlsx([s.rows[0].map((x) => x.v), [bad, '기업', '예', why.v]]);
  const again = await upload('orgs', fixed, { type: XLSX });
  assert.equal(again.status, 200, again.text);
  assert.equal(again.json.columns[3].reason, 'unknown');
  assert.equal(again.json.errors, 0, again.text);
  const done = await upload('orgs', fixed, { type: XLSX, mode: 'commit' });
  assert.deepEqual(done.json, { created: 1, updated: 0, unchanged: 0, refused: 0 });
  assertProblem(await upload('orgs', text, { query: '&rows=some' }), 400);
});

test('round trip: orgs and people exported with labels (CSV and XLSX) import back unchanged', async () => {
  for (const collection of ['orgs', 'people']) {
    const total = await srv.total(collection, op);
    for (const format of ['csv', 'xlsx']) {
      for (const lang of ['ko', 'en']) {
        const exp = await download(`/api/v1/${collection}?format=${format}&lang=${lang}`);
        const p = await upload(collection, exp.bytes, { type: format === 'csv' ? CSV : XLSX });
        assert.equal(p.status, 200, p.text.slice(0, 500));
        assert.equal(p.json.errors, 0, `${collection} ${format} ${lang}: ${JSON.stringify(p.json.rows.filter((r) => r.errors.length).slice(0, 2))}`);
        assert.equal(p.json.rows.length, total);
        assert.equal(p.json.creates, 0);
        const moved = p.json.rows.filter((r) => r.changed && r.changed.length);
        assert.deepEqual(moved.slice(0, 3), [], `${collection} ${format} ${lang}: rows would change`);
        assert.equal(p.json.unchanged, total);
      }
    }
  }
});
