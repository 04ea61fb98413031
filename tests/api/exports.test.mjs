// CSV and XLSX exports of lists.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { inflateRawSync } from 'node:zlib';
import { startServer, assertProblem, orgBody } from './helpers.mjs';

let srv;
let admin;
before(async () => {
  srv = await startServer();
  admin = await srv.login();
});
after(async () => {
  if (srv) await srv.stop();
});

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** RFC 4180 parser: rows of cells; quoted cells may hold commas, quotes and line breaks. */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let cell = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') { cell += '"'; i += 2; continue; }
        quoted = false; i++; continue;
      }
      cell += c; i++; continue;
    }
    if (c === '"' && cell === '') { quoted = true; i++; continue; }
    if (c === ',') { row.push(cell); cell = ''; i++; continue; }
    if (c === '\r' && text[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i += 2; continue; }
    if (c === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i++; continue; }
    cell += c; i++;
  }
  assert.ok(!quoted, 'CSV ends inside a quoted cell');
  if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

/** A CSV export as scripts read it: the API's names and codes (labels=false), unless labels. */
async function csv(path, session, { labels = false } = {}) {
  const r = await srv.get(labels ? path : `${path}&labels=false`, session);
  assert.equal(r.status, 200, `${path}: ${r.text.slice(0, 300)}`);
  assert.match(r.headers.get('content-type'), /^text\/csv/);
  assert.ok(r.bytes.subarray(0, 3).equals(BOM), 'CSV must start with a UTF-8 BOM');
  const rows = parseCsv(r.bytes.subarray(3).toString('utf8'));
  const header = rows.shift();
  for (const row of rows) assert.equal(row.length, header.length, `row ${row[0]} has ${row.length} cells, header ${header.length}`);
  const objs = rows.map((row) => Object.fromEntries(header.map((h, i) => [h, row[i]])));
  return { r, header, rows, objs };
}

/** Entries of a zip file (stored or deflated), by name. */
function unzip(buf) {
  let eocd = -1;
  for (let i = buf.length - 22; i >= 0; i--) if (buf.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  assert.ok(eocd >= 0, 'no end of central directory: not a zip');
  const n = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out = {};
  for (let k = 0; k < n; k++) {
    assert.equal(buf.readUInt32LE(p), 0x02014b50, 'bad central directory entry');
    const method = buf.readUInt16LE(p + 10);
    const csize = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    const lNameLen = buf.readUInt16LE(local + 26);
    const lExtraLen = buf.readUInt16LE(local + 28);
    const data = buf.subarray(local + 30 + lNameLen + lExtraLen, local + 30 + lNameLen + lExtraLen + csize);
    out[name] = method === 0 ? data : inflateRawSync(data);
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

test('CSV export of orgs: BOM, header, every row, Korean text', async () => {
  const { r, header, objs } = await csv('/api/v1/orgs?format=csv', admin);
  assert.match(r.headers.get('content-disposition') || '', /attachment/);
  assert.match(r.headers.get('content-disposition') || '', /orgs\.csv/);
  assert.equal(header[0], 'id');
  for (const f of ['name', 'kind', 'fields', 'brn', 'visibility']) assert.ok(header.includes(f), `header lacks ${f}`);
  const total = await srv.total('orgs', admin);
  assert.equal(objs.length, total, 'CSV rows = list total');
  assert.ok(r.text.includes('국립암센터'), 'Korean text in the CSV');
  const one = objs.find((o) => o.id === '1');
  assert.equal(one.name, '국립암센터');
  assert.equal(one.kind, 'hospital');
  const list = (await srv.get('/api/v1/orgs/1', admin)).json;
  for (const f of list.fields) assert.ok(one.fields.includes(f), `fields cell ${one.fields} lacks ${f}`);
  assert.equal(new Set(objs.map((o) => o.id)).size, objs.length, 'duplicate rows');
});

test('CSV export follows filters, q and sort', async () => {
  const { objs } = await csv('/api/v1/orgs?format=csv&kind=hospital&sort=-id', admin);
  const list = await srv.all('orgs', 'kind=hospital&sort=-id', admin);
  assert.deepEqual(objs.map((o) => Number(o.id)), list.items.map((o) => o.id));
  assert.ok(objs.every((o) => o.kind === 'hospital'));
  const q = await csv(`/api/v1/orgs?format=csv&q=${encodeURIComponent('병원')}`, admin);
  const ql = await srv.all('orgs', `q=${encodeURIComponent('병원')}`, admin);
  assert.equal(q.objs.length, ql.total);
  const needs = await csv('/api/v1/needs?format=csv&status=open&fields=ai', admin);
  const nl = await srv.all('needs', 'status=open&fields=ai', admin);
  assert.deepEqual(needs.objs.map((o) => Number(o.id)).sort((a, b) => a - b), nl.items.map((n) => n.id).sort((a, b) => a - b));
});

test('CSV export for anonymous callers: public rows only, no private fields', async () => {
  const { objs } = await csv('/api/v1/orgs?format=csv');
  assert.equal(objs.length, await srv.total('orgs'));
  assert.ok(objs.every((o) => o.visibility === 'public'));
  const people = await csv('/api/v1/people?format=csv');
  assert.ok(!people.header.includes('email'), 'email column for anonymous');
  assert.ok(!people.header.includes('phone'), 'phone column for anonymous');
  assert.ok(!people.r.text.includes('@demo.invalid'));
  assert.equal(people.objs.length, await srv.total('people'));
  const op = await csv('/api/v1/people?format=csv', admin);
  assert.ok(op.header.includes('email'), 'operators get the email column');
});

test('CSV keeps commas, quotes and line breaks inside cells', async () => {
  const name = `쉼표, "따옴표" 그리고\n줄바꿈 ${Date.now()}`;
  const c = await srv.post('/api/v1/orgs', orgBody({ name, description: 'a,b\r\nc' }), admin);
  assert.equal(c.status, 201, c.text);
  const { objs } = await csv(`/api/v1/orgs?format=csv&sort=-id&limit=5`, admin);
  const row = objs.find((o) => o.id === String(c.json.id));
  assert.ok(row, 'the new row is exported');
  assert.equal(row.name, name);
  assert.equal(row.description, 'a,b\r\nc');
});

test('CSV cells that would be spreadsheet formulas are neutralised', async () => {
  const evil = ['=HYPERLINK("http://evil.example","x")', '+1+2', '-2+3', '@SUM(A1)'];
  const ids = [];
  for (const name of evil) {
    const c = await srv.post('/api/v1/orgs', orgBody({ name }), admin);
    assert.equal(c.status, 201, c.text);
    ids.push(String(c.json.id));
  }
  const { objs } = await csv('/api/v1/orgs?format=csv', admin);
  for (const id of ids) {
    const row = objs.find((o) => o.id === id);
    assert.ok(!/^[=+\-@]/.test(row.name), `cell ${JSON.stringify(row.name)} starts like a formula`);
  }
});

test('CSV export of every public collection works', async () => {
  for (const c of ['orgs', 'people', 'tags', 'capabilities', 'needs']) {
    const { objs } = await csv(`/api/v1/${c}?format=csv`, admin);
    assert.equal(objs.length, await srv.total(c, admin), c);
  }
  const tags = await csv('/api/v1/tags?format=csv');
  assert.ok(tags.objs.some((t) => t.slug === 'medical-imaging'));
});

test('XLSX export is a zip workbook with the rows and Korean text', async () => {
  const r = await srv.get('/api/v1/orgs?format=xlsx', admin);
  assert.equal(r.status, 200, r.text.slice(0, 200));
  assert.match(r.headers.get('content-type'), /^application\/vnd\.openxmlformats-officedocument\.spreadsheetml\.sheet/);
  assert.match(r.headers.get('content-disposition') || '', /attachment/);
  assert.match(r.headers.get('content-disposition') || '', /orgs\.xlsx/);
  assert.equal(r.bytes.subarray(0, 2).toString('latin1'), 'PK', 'XLSX must start with PK');
  const files = unzip(r.bytes);
  assert.ok(files['[Content_Types].xml'], 'no [Content_Types].xml');
  const sheetName = Object.keys(files).find((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n));
  assert.ok(sheetName, `no worksheet in ${Object.keys(files)}`);
  const sheet = files[sheetName].toString('utf8');
  const rows = (sheet.match(/<row /g) || []).length;
  const total = await srv.total('orgs', admin);
  assert.equal(rows, total + 1, 'header + one row per org');
  const strings = (files['xl/sharedStrings.xml'] || Buffer.alloc(0)).toString('utf8') + sheet;
  assert.ok(strings.includes('국립암센터'), 'Korean text in the workbook');
});

test('XLSX export follows filters and visibility', async () => {
  const anon = await srv.get('/api/v1/orgs?format=xlsx&kind=company');
  assert.equal(anon.status, 200);
  assert.equal(anon.bytes.subarray(0, 2).toString('latin1'), 'PK');
  const files = unzip(anon.bytes);
  const sheet = files[Object.keys(files).find((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n))].toString('utf8');
  assert.equal((sheet.match(/<row /g) || []).length, (await srv.total('orgs', undefined, 'kind=company')) + 1);
});

test('an unknown format is 400; a bad filter on an export is 400', async () => {
  assertProblem(await srv.get('/api/v1/orgs?format=pdf'), 400);
  assertProblem(await srv.get('/api/v1/orgs?format=CSV'), 400);
  assertProblem(await srv.get('/api/v1/orgs?format=csv&kind=nope'), 400);
  assertProblem(await srv.get('/api/v1/orgs?format=xlsx&bogus=1'), 400);
  assertProblem(await srv.get('/api/v1/nosuch?format=csv'), 404);
});

test('exports see writes immediately', async () => {
  const before = (await csv('/api/v1/orgs?format=csv', admin)).objs.length;
  const c = await srv.post('/api/v1/orgs', orgBody({ name: `내보내기 확인 ${Date.now()}` }), admin);
  assert.equal(c.status, 201);
  const after = await csv('/api/v1/orgs?format=csv', admin);
  assert.equal(after.objs.length, before + 1);
  assert.ok(after.objs.some((o) => o.name === c.json.name));
});
