// Migration 0095 on a database made before it (docs/collaboration.md): the old list of milestone
// texts of each collaboration becomes rows of collaboration-milestones (in order, not done, the
// collaboration's two organisations), the column goes; an action item's owner that was a person
// with a user's e-mail becomes that user, any other is emptied; needs and requests gain their
// new columns. The database is a fresh one (bpmc init) taken back to its shape before 0095
// with the sqlite3 shell (the tables 0095, 0097, 0100 and 0101 change, and the version), then migrated.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..'); // import.meta.dirname is Node 20's; Debian 12 has Node 18
const BIN = process.env.BPMC_BIN || join(ROOT, 'build', 'bpmc');

/** The migrations from number n on, as file names. */
function migrationsFrom(n) {
  const dirs = [join(ROOT, 'src/db/migrations'), ...readdirSync(join(ROOT, 'src/modules')).map((m) => join(ROOT, 'src/modules', m, 'migrations'))];
  const files = [];
  for (const d of dirs) {
    let names = [];
    try { names = readdirSync(d); } catch { continue; }
    for (const f of names) if (/^\d{4}_.*\.sql$/.test(f) && Number(f.slice(0, 4)) >= n) files.push(f);
  }
  return files.sort();
}

const sql = (db, text) => execFileSync('sqlite3', [db], { input: text, encoding: 'utf8' });

test('0095: milestones move into rows, action-item owners become users', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bpmc-mig-'));
  try {
    const db = join(dir, 'old.db');
    const later = migrationsFrom(95);
    assert.deepEqual(later.filter((f) => !/^(009[57]|010[01]|0121)_/.test(f)), [], 'this test takes a database back to before 0095: teach it the migrations after');
    execFileSync(BIN, ['init', '--db', db], { stdio: 'ignore' });
    sql(db, `
      PRAGMA foreign_keys=OFF;
      DROP TABLE collaboration_milestones;
      DROP TABLE import_runs;
      ALTER TABLE collaborations ADD COLUMN milestones TEXT NOT NULL DEFAULT '[]';
      ALTER TABLE needs DROP COLUMN outcome;
      ALTER TABLE matches DROP COLUMN collaboration_title;
      DROP INDEX action_items_owner;
      ALTER TABLE action_items RENAME TO action_items_new;
      CREATE TABLE action_items (
          id INTEGER PRIMARY KEY AUTOINCREMENT, title TEXT NOT NULL,
          org_id INTEGER NOT NULL REFERENCES orgs(id), meeting_id INTEGER REFERENCES meetings(id),
          collaboration_id INTEGER REFERENCES collaborations(id), owner_id INTEGER REFERENCES people(id),
          due_on TEXT, status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','done','dropped')),
          notes TEXT, visibility TEXT NOT NULL DEFAULT 'cluster' CHECK (visibility IN ('private','cluster','public')),
          created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
          updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
          version INTEGER NOT NULL DEFAULT 1) STRICT;
      DROP TABLE action_items_new;
      DROP INDEX IF EXISTS action_items_due;
      DROP INDEX IF EXISTS action_items_meeting;
      DROP INDEX memberships_pending;
      ALTER TABLE memberships DROP COLUMN pending;
      ALTER TABLE memberships DROP COLUMN invited_name;
      ALTER TABLE memberships DROP COLUMN joined;
      DROP TABLE search_df;
      PRAGMA user_version=94;
    `);
    sql(db, `
      INSERT INTO orgs (id, name, kind) VALUES (1, '요청기업', 'company'), (2, '상대병원', 'hospital');
      INSERT INTO users (id, email, name, password_hash, role, org_id) VALUES (7, 'Owner@Example.kr', '담당자', '!', 'org-member', 2);
      INSERT INTO people (id, org_id, name, email) VALUES (1, 2, '담당자', 'owner@example.kr'), (2, 2, '메일 없는 사람', NULL);
      INSERT INTO collaborations (id, title, org_id, partner_org_id, status, milestones, org_confirmed_at, partner_confirmed_at)
        VALUES (1, '옛 협력', 1, 2, 'active', '["IRB 승인","","가명처리 데이터 이전"]', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),
               (2, '이정표 없는 협력', 1, 2, 'active', '[]', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
      INSERT INTO action_items (id, title, org_id, collaboration_id, owner_id) VALUES (1, '사람이 맡은 일', 2, 1, 1), (2, '메일 없는 사람의 일', 2, 1, 2), (3, '담당 없는 일', 1, NULL, NULL);
      INSERT INTO needs (id, org_id, title) VALUES (1, 1, '옛 수요');
    `);
    const r = spawnSync(BIN, ['migrate', '--db', db], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const rows = JSON.parse(sql(db, ".mode json\nSELECT collaboration_id, org_id, partner_org_id, title, done, due_on, owner_id FROM collaboration_milestones ORDER BY id;") || '[]');
    assert.deepEqual(rows, [
      { collaboration_id: 1, org_id: 1, partner_org_id: 2, title: 'IRB 승인', done: 0, due_on: null, owner_id: null },
      { collaboration_id: 1, org_id: 1, partner_org_id: 2, title: '가명처리 데이터 이전', done: 0, due_on: null, owner_id: null },
    ]);
    assert.equal(sql(db, "SELECT count(*) FROM pragma_table_info('collaborations') WHERE name='milestones';").trim(), '0');
    assert.equal(sql(db, 'SELECT group_concat(id || ":" || coalesce(owner_id, "-")) FROM (SELECT * FROM action_items ORDER BY id);').trim(), '1:7,2:-,3:-');
    assert.equal(sql(db, "SELECT count(*) FROM pragma_table_info('needs') WHERE name='outcome';").trim(), '1');
    assert.equal(sql(db, "SELECT count(*) FROM pragma_table_info('matches') WHERE name='collaboration_title';").trim(), '1');
    assert.equal(sql(db, 'PRAGMA foreign_key_check;').trim(), '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
