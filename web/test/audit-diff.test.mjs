// The audit pages' comparison of an entry's before and after images (src/modules/audit/diff.ts).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { transformSync } from 'esbuild';

const src = readFileSync(new URL('../src/modules/audit/diff.ts', import.meta.url), 'utf8');
const { code } = transformSync(src, { loader: 'ts', format: 'esm' });
const d = await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);

describe('audit diff', () => {
  it('lists only the fields that changed, in their order, without bookkeeping', () => {
    const before = {
      id: 1,
      name: '국립암센터',
      phone: null,
      fields: ['a'],
      version: 1,
      updated_at: 'x',
    };
    const after = {
      id: 1,
      name: '국립암센터',
      phone: '031-000-1111',
      fields: ['a', 'b'],
      version: 2,
      updated_at: 'y',
    };
    assert.deepEqual(d.changes(before, after), [
      { field: 'phone', before: null, after: '031-000-1111' },
      { field: 'fields', before: ['a'], after: ['a', 'b'] },
    ]);
  });
  it('treats empty text and null alike', () => {
    assert.deepEqual(d.changes({ email: '', tags: [] }, { email: null }), []);
  });
  it('lists every filled field of a creation and of a deletion', () => {
    assert.deepEqual(d.changes(null, { id: 3, title: 'PCR', budget: 0, note: null }), [
      { field: 'title', before: null, after: 'PCR' },
      { field: 'budget', before: null, after: 0 },
    ]);
    assert.deepEqual(d.changes({ id: 3, title: 'PCR' }, null), [
      { field: 'title', before: 'PCR', after: null },
    ]);
  });
  it('reads the images the server keeps, and nothing else', () => {
    assert.deepEqual(d.parseImage('{"a":1}'), { a: 1 });
    assert.equal(d.parseImage(null), null);
    assert.equal(d.parseImage(''), null);
    assert.equal(d.parseImage('[1]'), null);
    assert.equal(d.parseImage('{broken'), null);
  });
});
