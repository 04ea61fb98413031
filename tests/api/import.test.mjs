// Imports (docs/import.md): POST /api/v1/imports?collection=&mode=preview|commit with the raw
// bytes of a CSV (UTF-8 or CP949) or XLSX file. A preview lists every row's action and errors
// by column and writes nothing; a commit writes every row in one transaction or nothing; a
// second import of the same file updates the rows it finds instead of duplicating them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, assertProblem, rawRequest, uniq, bpmc } from './helpers.mjs';
import { xlsx, zip, xlsxEntries } from './fixtures/xlsx.mjs';

let srv;
let op;
before(async () => {
  srv = await startServer();
  op = await srv.login();
});
after(async () => {
  if (srv) await srv.stop();
});

const CSV = 'text/csv; charset=utf-8';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function upload(collection, body, { mode = 'preview', type = CSV, session = op, query = '' } = {}) {
  return srv.req(`/api/v1/imports?collection=${collection}&mode=${mode}${query}`, {
    method: 'POST', body, headers: type ? { 'content-type': type } : {}, session,
  });
}

const cp949 = (text) => execFileSync('iconv', ['-f', 'UTF-8', '-t', 'CP949'], { input: text });

// 사업자등록번호 with a correct check digit, distinct per call: the last digit is the check.
let brnSeq = 100;
function brn() {
  const w = [1, 3, 7, 1, 3, 7, 1, 3, 5];
  const d = `${220 + (brnSeq % 500)}81${String(10000 + brnSeq++).slice(-4)}`.slice(0, 9).split('').map(Number);
  let s = d.reduce((acc, x, i) => acc + x * w[i], 0);
  s += Math.floor((d[8] * 5) / 10);
  const check = (10 - (s % 10)) % 10;
  const digits = d.join('') + check;
  return `${digits.slice(0, 3)}-${digits.slice(3, 5)}-${digits.slice(5)}`;
}

async function count(collection, query = '') {
  return srv.total(collection, op, query);
}

test('a CP949 CSV, as Korean Excel saves it: Korean headers, preview, then commit', async () => {
  const a = uniq('가나바이오');
  const b = brn();
  const text = `기관명,유형,사업자등록번호,분야,입주기업,설립일,임직원 수\r\n${a},company,${b},"인공지능, genomics",예,2021.3.5,"1,234"\r\n${a} 병원,hospital,,,아니오,,\r\n`;
  const before = await count('orgs');
  const p = await upload('orgs', cp949(text));
  assert.equal(p.status, 200, p.text);
  assert.equal(p.json.encoding, 'cp949');
  assert.equal(p.json.format, 'csv');
  assert.deepEqual(p.json.columns.map((c) => c.field), ['name', 'kind', 'brn', 'fields', 'is_tenant', 'founded', 'employees']);
  assert.equal(p.json.columns[0].header, '기관명');
  assert.deepEqual(p.json.rows.map((r) => [r.line, r.action, r.errors.length]), [[2, 'create', 0], [3, 'create', 0]]);
  assert.equal(p.json.rows[0].cells[0], a);
  assert.equal(p.json.creates, 2);
  assert.equal(p.json.errors, 0);
  assert.equal(await count('orgs'), before, 'a preview writes nothing');
  const c = await upload('orgs', cp949(text), { mode: 'commit' });
  assert.equal(c.status, 200, c.text);
  assert.deepEqual(c.json, { created: 2, updated: 0, unchanged: 0, refused: 0 });
  assert.equal(await count('orgs'), before + 2);
  const digits = b.replace(/-/g, '');
  const row = (await srv.get(`/api/v1/orgs?brn=${digits}`, op)).json.items[0];
  assert.equal(row.name, a);
  assert.deepEqual(row.fields, ['ai', 'genomics'], 'a tag by its Korean name becomes its slug');
  assert.equal(row.is_tenant, true);
  assert.equal(row.founded, '2021-03-05');
  assert.equal(row.employees, 1234);
  // audited as the operator, and found by search (the index is written with the row)
  const audit = await srv.get(`/api/v1/audit?collection=orgs&row_id=${row.id}`, op);
  assert.equal(audit.json.items[0].action, 'create');
  assert.equal(audit.json.items[0].actor_id, op.user.id);
  const s = await srv.get(`/api/v1/search?q=${encodeURIComponent(a)}&kind=orgs`, op);
  assert.ok(s.json.items.some((i) => i.id === row.id), `search finds the imported org: ${s.text}`);
});

test('the preview names every error of every row by field and column', async () => {
  const text = `name,Kind,사업자등록번호,홈페이지,설립일,입주기업,비고\n` +
    `좋은 행 ${uniq('x')},company,,,,,메모\n` +
    `,alien,123-45-67890,ftp://x,2024-02-30,글쎄,\n` +
    `세번째 ${uniq('x')},university,,,,Y,\n`;
  const p = await upload('orgs', text);
  assert.equal(p.status, 200, p.text);
  assert.deepEqual(p.json.columns.at(-1), { header: '비고', field: null, reason: 'unknown' }, 'an unknown column is reported, not fatal');
  assert.equal(p.json.columns[1].field, 'kind', 'a header by its English label');
  assert.equal(p.json.errors, 1);
  assert.equal(p.json.creates, 2);
  const bad = p.json.rows[1];
  assert.equal(bad.line, 3);
  const byField = Object.fromEntries(bad.errors.map((e) => [e.field, e]));
  assert.deepEqual(Object.keys(byField).sort(), ['brn', 'founded', 'homepage', 'is_tenant', 'kind', 'name']);
  assert.equal(byField.brn.column, '사업자등록번호');
  assert.equal(byField.kind.column, 'Kind');
  assert.equal(byField.name.column, 'name');
  for (const e of bad.errors) {
    assert.equal(typeof e.message_ko, 'string');
    assert.equal(typeof e.message_en, 'string');
    assert.equal(e.message, e.message_ko, 'the message follows Accept-Language (Korean by default)');
  }
  assert.match(byField.is_tenant.message_en, /yes or no/);
  assert.match(byField.founded.message_en, /date/);
  assert.equal(bad.error_count, 6);
});

test('a file without a required column: "missing" names it and every row says so', async () => {
  const p = await upload('orgs', `기관명\n${uniq('무유형')}\n`);
  assert.equal(p.status, 200, p.text);
  assert.deepEqual(p.json.missing, ['kind']);
  assert.equal(p.json.rows[0].errors[0].field, 'kind');
  assert.equal(p.json.rows[0].errors[0].column, null);
});

test('a bad row in the middle: the commit answers 422 with the rows at fault and writes nothing', async () => {
  const names = [uniq('첫째'), uniq('둘째'), uniq('셋째')];
  const text = `기관명,유형\n${names[0]},company\n${names[1]},no-such-kind\n${names[2]},company\n`;
  const orgs = await count('orgs');
  const audit = await count('audit');
  const r = await upload('orgs', text, { mode: 'commit' });
  const p = assertProblem(r, 422);
  assert.match(p.detail_en, /1 row with errors: nothing was written/);
  assert.deepEqual(p.errors.map((e) => [e.line, e.field, e.column]), [[3, 'kind', '유형']]);
  assert.deepEqual(p.rows.map((x) => x.line), [3]);
  assert.equal(await count('orgs'), orgs);
  assert.equal(await count('audit'), audit);
  for (const n of names) assert.equal(await count('orgs', `q=${encodeURIComponent(n)}`), 0);
});

test('the same file twice: the second import updates what the first created, no duplicates', async () => {
  const org = uniq('두번');
  const b = brn();
  const orgsCsv = `기관명,유형,사업자등록번호\n${org},company,${b}\n`;
  assert.equal((await upload('orgs', orgsCsv, { mode: 'commit' })).status, 200);
  const people = `이름,소속 기관,이메일,직위\n` +
    `${uniq('홍')},${org},${uniq('hong')}@example.kr,소장\n` +
    `${uniq('김')},${b},${uniq('kim')}@example.kr,연구원\n`;
  const caps = `제공 기관,역량,유형\n${org},유전체 분석 ${uniq('c')},research-service\n${b},임상 ${uniq('c')},clinical-trial\n`;
  for (const [collection, text, n] of [['orgs', orgsCsv, 1], ['people', people, 2], ['capabilities', caps, 2]]) {
    const before = await count(collection);
    if (collection !== 'orgs') {
      const first = await upload(collection, text, { mode: 'commit' });
      assert.equal(first.status, 200, `${collection}: ${first.text}`);
      assert.equal(first.json.created, n);
    }
    const again = await upload(collection, text);
    assert.equal(again.status, 200, again.text);
    assert.ok(again.json.rows.every((r) => r.action === 'update' && r.id > 0 && r.changed.length === 0),
      `${collection}: every row is found again: ${again.text}`);
    assert.equal(again.json.creates, 0);
    assert.equal(again.json.unchanged, n);
    const second = await upload(collection, text, { mode: 'commit' });
    assert.deepEqual(second.json, { created: 0, updated: 0, unchanged: n, refused: 0 });
    assert.equal(await count(collection), collection === 'orgs' ? before : before + n, `${collection}: no duplicates`);
  }
  // a changed cell updates that field only, audited as an update
  const changed = people.replace('소장', '센터장');
  const p = await upload('people', changed);
  assert.deepEqual(p.json.rows.map((r) => r.changed), [['title'], []]);
  const c = await upload('people', changed, { mode: 'commit' });
  assert.deepEqual(c.json, { created: 0, updated: 1, unchanged: 1, refused: 0 });
  const id = p.json.rows[0].id;
  const audit = await srv.get(`/api/v1/audit?collection=people&row_id=${id}`, op);
  assert.equal(audit.json.items[0].action, 'update');
  // e-mails match whatever their case
  const upper = people.replace(/([a-z0-9.-]+)@example\.kr/g, (m) => m.toUpperCase());
  assert.equal((await upload('people', upper)).json.creates, 0);
});

test('an XLSX workbook: shared and inline strings, numbers, booleans, dates as serial numbers', async () => {
  const name = uniq('엑셀');
  const rows = [
    ['기관명', 'Kind', '사업자등록번호', '분야', '입주기업', '설립일', '임직원 수', null, '메모'],
    [name, 'company', brn(), '인공지능; big-data', true, 45292, 12, null, '무시'],
    [`${name} 둘`, 'Hospital', null, null, false, '2020.1.2', 3000, null, null],
  ];
  for (const inline of [false, true]) {
    const bytes = xlsx(inline ? rows.map((r, i) => (i ? r.map((v) => (v === name ? `${name} 인라인` : v)) : r)) : rows, { inline });
    const p = await upload('orgs', bytes, { type: XLSX });
    assert.equal(p.status, 200, p.text);
    assert.equal(p.json.format, 'xlsx');
    assert.equal(p.json.errors, 0, p.text);
    assert.deepEqual(p.json.columns.map((c) => c.field), ['name', 'kind', 'brn', 'fields', 'is_tenant', 'founded', 'employees', null, null]);
    assert.deepEqual(p.json.columns.slice(7).map((c) => c.reason), ['blank', 'unknown']);
    if (inline) continue;
    const c = await upload('orgs', bytes, { type: XLSX, mode: 'commit' });
    assert.equal(c.status, 200, c.text);
    assert.equal(c.json.created, 2);
  }
  const row = (await srv.get(`/api/v1/orgs?q=${encodeURIComponent(name)}&sort=name`, op)).json.items[0];
  assert.equal(row.founded, '2024-01-01');
  assert.equal(row.kind, 'company');
  assert.deepEqual(row.fields, ['ai', 'big-data']);
  assert.equal(row.is_tenant, true);
  // a file sent as application/octet-stream (or with no type) is recognised by its bytes
  assert.equal((await upload('orgs', xlsx(rows), { type: 'application/octet-stream' })).json.format, 'xlsx');
});

test('round trip: an export (CSV and XLSX, labels or codes) imports back as unchanged rows matched by id', async () => {
  for (const [format, labels] of [['csv', true], ['xlsx', true], ['csv', false], ['xlsx', false]]) {
    const exp = await srv.req(`/api/v1/capabilities?format=${format}${labels ? '' : '&labels=false'}`, { session: op });
    assert.equal(exp.status, 200);
    const p = await upload('capabilities', exp.bytes, { type: format === 'csv' ? CSV : XLSX });
    assert.equal(p.status, 200, p.text.slice(0, 2000));
    const total = await count('capabilities');
    assert.equal(p.json.rows.length, total);
    assert.equal(p.json.errors, 0, JSON.stringify(p.json.rows.filter((r) => r.errors.length).slice(0, 3)));
    assert.equal(p.json.creates, 0);
    assert.equal(p.json.unchanged, total, `${format}: nothing would change`);
    assert.equal(p.json.columns.find((c) => c.header === (labels ? 'ID' : 'id')).field, 'id');
    assert.equal(p.json.columns.find((c) => c.header === (labels ? '등록일시' : 'created_at')).reason, 'read-only');
  }
});

test('bad files: wrong type 415, binary 415, damaged XLSX 422, empty 422, unbalanced quote 422', async () => {
  assertProblem(await upload('orgs', 'name\nx\n', { type: 'image/png' }), 415, 'image/png');
  assertProblem(await upload('orgs', 'name\nx\n', { type: 'application/json' }), 415, 'json');
  assertProblem(await upload('orgs', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2])), 415, 'PNG bytes as CSV');
  assertProblem(await upload('orgs', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), { type: 'application/vnd.ms-excel' }), 415, '.xls');
  assertProblem(await upload('orgs', 'name\nx\n', { type: XLSX }), 415, 'CSV bytes sent as XLSX');
  assertProblem(await upload('orgs', Buffer.from('PK\x03\x04 not really a zip'), { type: XLSX }), 422, 'damaged zip');
  assertProblem(await upload('orgs', zip([{ name: 'content.xml', data: '<x/>' }]), { type: XLSX }), 415, 'an .ods-like zip');
  const e = assertProblem(await upload('orgs', ''), 422, 'empty');
  assert.equal(e.errors[0].field, 'file');
  const q = assertProblem(await upload('orgs', 'name,kind\n"open,company\n'), 422, 'quote');
  assert.match(q.detail_en, /line 2/);
  assertProblem(await upload('orgs', Buffer.from('name\n\x80\xff\xfe\n', 'latin1')), 422, 'neither UTF-8 nor CP949');
  await srv.assertAlive();
});

test('XLSX zip bombs: a part declared over the bound is refused unread, one that lies is damaged, a real one stops at the rows bound (422 saying which)', async () => {
  const entries = xlsxEntries([['name'], ['x']]);
  const sheet = entries.find((e) => e.name === 'xl/worksheets/sheet1.xml');
  sheet.declaredSize = 100 * 1024 * 1024;
  const d = assertProblem(await upload('orgs', zip(entries), { type: XLSX }), 422, 'declared 100 MiB');
  assert.match(d.detail_en, /64 MiB/);
  sheet.declaredSize = 10;
  assertProblem(await upload('orgs', zip(entries), { type: XLSX }), 422, 'more bytes than declared');
  // a real bomb: 40 MiB of one repeated cell, inflated only up to the bound, refused for its rows
  const rowXml = '<row><c t="inlineStr"><is><t>x</t></is></c></row>';
  const big = `<worksheet><sheetData><row><c t="inlineStr"><is><t>name</t></is></c></row>${rowXml.repeat(Math.ceil((40 << 20) / rowXml.length))}</sheetData></worksheet>`;
  sheet.declaredSize = undefined;
  sheet.data = big;
  const bytes = zip(entries);
  assert.ok(bytes.length < 1024 * 1024, `the bomb is small: ${bytes.length}`);
  const r = assertProblem(await upload('orgs', bytes, { type: XLSX }), 422, 'rows over the bound');
  assert.match(r.detail_en, /more than 20000 rows/);
  await srv.assertAlive();
});

test('bad requests: collection, mode and parameters (400), who may import (401, 403), over the body limit (413)', async () => {
  assertProblem(await upload('users', 'email\nx@y.kr\n'), 400, 'users');
  assertProblem(await upload('nope', 'x\n'), 400, 'unknown collection');
  assertProblem(await srv.req('/api/v1/imports', { method: 'POST', body: 'name\nx\n', headers: { 'content-type': CSV }, session: op }), 400, 'no collection');
  assertProblem(await upload('orgs', 'name\nx\n', { mode: 'later' }), 400, 'mode');
  assertProblem(await upload('orgs', 'name\nx\n', { query: '&bogus=1' }), 400, 'unknown parameter');
  assertProblem(await upload('orgs', 'name\nx\n', { session: null }), 401, 'anonymous');
  const member = srv.addUser({ email: `${uniq('member')}@bpmc.test`, role: 'org-admin', org: 1 });
  const ms = await srv.login(member.email, member.password);
  assertProblem(await upload('orgs', 'name\nx\n', { session: ms }), 403, 'an org-admin');
  const big = 'name\n' + 'x'.repeat(1024 * 1024) + '\n';
  const r = await rawRequest(srv, {
    method: 'POST', path: '/api/v1/imports?collection=orgs',
    headers: { 'content-type': CSV, cookie: op.cookie, 'x-csrf-token': op.csrf, 'content-length': String(big.length) },
    body: big,
  }).catch((e) => ({ status: 0, text: String(e) }));
  assert.equal(r.status, 413, `over --body-max: ${r.text}`);
});

test('API tokens: a read-write token of the directory module imports; one of another module or read-only may not (403)', async () => {
  const token = async (body) => (await srv.post('/api/v1/api-tokens', { name: uniq('t'), ...body }, op)).json.token;
  const send = (t) => srv.req('/api/v1/imports?collection=orgs', {
    method: 'POST', body: `기관명,유형\n${uniq('토큰')},company\n`, headers: { 'content-type': CSV, authorization: `Bearer ${t}` },
  });
  assert.equal((await send(await token({ scope: 'read-write', modules: ['directory'] }))).status, 200);
  assertProblem(await send(await token({ scope: 'read-write', modules: ['platform'] })), 403, 'another module');
  assertProblem(await send(await token({ scope: 'read' })), 403, 'read-only');
});

test('with --body-max raised, a file over 10 MiB is still refused (413); one of 10 MiB is read', async () => {
  const s = await startServer({ demo: false, extraArgs: ['--body-max', String(12 * 1024 * 1024)] });
  try {
    const session = await s.login();
    const big = Buffer.alloc(10 * 1024 * 1024 + 1, 'a');
    const r = await s.req('/api/v1/imports?collection=orgs', { method: 'POST', body: big, headers: { 'content-type': CSV }, session });
    assertProblem(r, 413);
    const fits = await s.req('/api/v1/imports?collection=orgs', { method: 'POST', body: big.subarray(1), headers: { 'content-type': CSV }, session });
    const p = assertProblem(fits, 422, '10 MiB in one cell');
    assert.match(p.detail_en, /cell of line 1 is too long/);
  } finally {
    await s.stop();
  }
});

test('bpmc import: a preview table, JSON lines, and --commit as the system', async () => {
  const name = uniq('명령줄');
  const file = `${srv.dir}/cli.csv`;
  const { writeFileSync } = await import('node:fs');
  writeFileSync(file, cp949(`기관명,유형\n${name},company\n`));
  const preview = bpmc(['import', '--db', srv.db, '--collection', 'orgs', file]);
  assert.match(preview, /CSV \(CP949\)/);
  assert.match(preview, /line 2: create/);
  const json = JSON.parse(bpmc(['import', '--db', srv.db, '--collection', 'orgs', file, '--json']));
  assert.equal(json.rows[0].action, 'create');
  const done = bpmc(['import', '--db', srv.db, '--collection', 'orgs', file, '--commit']);
  assert.match(done, /created 1, updated 0, unchanged 0/);
  const items = (await srv.get(`/api/v1/orgs?q=${encodeURIComponent(name)}`, op)).json.items;
  assert.equal(items.length, 1, 'the server sees the CLI commit');
  const audit = await srv.get(`/api/v1/audit?collection=orgs&row_id=${items[0].id}`, op);
  assert.equal(audit.json.items[0].actor_id, null, 'audited as the system');
  writeFileSync(file, `기관명,유형\n${uniq('x')},company\n${uniq('y')},alien\n`);
  assert.throws(() => bpmc(['import', '--db', srv.db, '--collection', 'orgs', file, '--commit']), /nothing was written/);
  assert.throws(() => bpmc(['import', '--db', srv.db, file]), (e) => e.status === 2);
  // the valid rows only (exit 1: some were refused), and the report of the others
  const good = uniq('유효행');
  writeFileSync(file, `기관명,유형\n${good},기업\n${uniq('y')},alien\n`);
  const report = `${srv.dir}/report.xlsx`;
  assert.throws(() => bpmc(['import', '--db', srv.db, '--collection', 'orgs', file, '--commit', '--valid-only', '--report', report]),
    (e) => e.status === 1 && /created 1, updated 0, unchanged 0\nrefused 1/.test(e.stdout));
  assert.equal((await srv.get(`/api/v1/orgs?q=${encodeURIComponent(good)}`, op)).json.total, 1);
  const { readFileSync } = await import('node:fs');
  const p = await upload('orgs', readFileSync(report), { type: XLSX });
  assert.equal(p.json.rows.length, 1);
  assert.equal(p.json.rows[0].cells[1], 'alien');
  assert.throws(() => bpmc(['import', '--db', srv.db, '--collection', 'orgs', file, '--valid-only']), (e) => e.status === 2);
});

test('import-runs: each import that wrote is recorded (who, when, collection, rows); a refused one is not; operators only', async () => {
  const before = (await srv.get('/api/v1/import-runs?limit=1', op)).json.total;
  const a = uniq('기록바이오');
  const ok = await upload('orgs', `기관명,유형\r\n${a},company\r\n${a} 둘,company\r\n`, { mode: 'commit' });
  assert.equal(ok.status, 200, ok.text);
  const runs = await srv.get('/api/v1/import-runs?expand=actor', op);
  assert.equal(runs.status, 200, runs.text);
  assert.equal(runs.json.total, before + 1);
  const last = runs.json.items[0];
  assert.equal(last.collection, 'orgs');
  assert.deepEqual([last.rows_total, last.created, last.updated, last.unchanged, last.failed], [2, 2, 0, 0, 0]);
  const me = (await srv.get('/api/v1/session', op)).json.user;
  assert.equal(last.actor_id, me.id);
  assert.equal(last.actor.name, me.name);
  // rows=valid: the valid row is written, the other counted as refused
  const b = uniq('반쪽바이오');
  const half = await upload('orgs', `기관명,유형\r\n${b},company\r\n${b} 둘,spaceship\r\n`, { mode: 'commit', query: '&rows=valid' });
  assert.equal(half.status, 200, half.text);
  const last2 = (await srv.get('/api/v1/import-runs', op)).json.items[0];
  assert.deepEqual([last2.rows_total, last2.created, last2.failed], [2, 1, 1]);
  // an import refused as a whole writes nothing, its record neither
  const bad = await upload('orgs', `기관명,유형\r\n${uniq('x')},spaceship\r\n`, { mode: 'commit' });
  assert.equal(bad.status, 422, bad.text);
  assert.equal((await srv.get('/api/v1/import-runs?limit=1', op)).json.total, before + 2);
  // a preview is no import
  assert.equal((await upload('orgs', `기관명,유형\r\n${uniq('y')},company\r\n`)).status, 200);
  assert.equal((await srv.get('/api/v1/import-runs?limit=1', op)).json.total, before + 2);
  // read by operators only; written by no one through the API
  srv.addUser({ email: 'runs-member@bpmc.test', role: 'org-admin', org: 101 });
  const member = await srv.login('runs-member@bpmc.test');
  assertProblem(await srv.get('/api/v1/import-runs', member), 403);
  assertProblem(await srv.post('/api/v1/import-runs', { collection: 'orgs' }, op), 405);
});
