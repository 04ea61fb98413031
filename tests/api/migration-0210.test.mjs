// Migration 0210 (docs/privacy.md, "Rows inside a record") on a database made before it: a
// meeting inside a collaboration gains its other organisation (partner_org_id) and becomes
// private, as does an action item inside a collaboration or a private meeting; a public action
// item of a cluster meeting becomes cluster; grants of rows inside a collaboration, and of items
// of a private meeting to an organisation the meeting is not shared with, are taken back; the
// search index is made again with the rows as they now are. The database is a fresh one (bpmc
// init) taken back to schema 190 outside bpmc (dbSql: sqlite3, or psql on PostgreSQL), filled,
// then migrated. Runs on SQLite and PostgreSQL (tests/pg/run-api.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, dbSql, freshDatabase, ON_PG } from './helpers.mjs';

test('0210: rows inside a collaboration or a private meeting become no wider than it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bpmc-mig0210-'));
  try {
    const db = freshDatabase(dir, 'old.db');
    execFileSync(BIN, ['init', '--db', db], { stdio: 'ignore' });
    dbSql(db, `
      DROP INDEX meetings_partner;
      ALTER TABLE meetings DROP COLUMN partner_org_id;
      DROP TABLE search_pending;
      ${ON_PG ? 'UPDATE schema_version SET version = 190' : 'PRAGMA user_version=190'};
      INSERT INTO orgs (id, name, kind) VALUES (1, '주관 기업', 'company'), (2, '협력 병원', 'hospital'), (3, '다른 기관', 'institute');
      INSERT INTO collaborations (id, title, org_id, partner_org_id) VALUES (1, '공동 연구', 1, 2);
      INSERT INTO meetings (id, title, org_id, held_on, collaboration_id, visibility) VALUES
        (1, '협력 회의', 2, '2026-12-01', 1, 'cluster'), (2, '내부 회의', 1, '2026-12-02', NULL, 'private'),
        (3, '열린 회의', 1, '2026-12-03', NULL, 'cluster');
      INSERT INTO action_items (id, title, org_id, collaboration_id, partner_org_id, meeting_id, visibility) VALUES
        (1, '협력 조치', 1, 1, 2, NULL, 'cluster'), (2, '내부 조치', 1, NULL, NULL, 2, 'public'),
        (3, '공개 조치', 1, NULL, NULL, 3, 'public'), (4, '그대로 조치', 1, NULL, NULL, NULL, 'public');
      INSERT INTO shares (collection, row_id, org_id) VALUES
        ('action-items', 1, 3), ('meetings', 1, 3), ('meetings', 2, 3), ('action-items', 2, 3), ('action-items', 2, 2),
        ('action-items', 4, 3)`);
    const m = spawnSync(BIN, ['migrate', '--db', db], { encoding: 'utf8' });
    assert.equal(m.status, 0, m.stderr);
    assert.match(m.stdout, /at schema 220 \(2 applied\)/);
    assert.equal(dbSql(db, 'SELECT id, partner_org_id, visibility FROM meetings WHERE id <= 3 ORDER BY id'), '1|1|private\n2||private\n3||cluster');
    assert.equal(dbSql(db, 'SELECT id, visibility FROM action_items WHERE id <= 4 ORDER BY id'), '1|private\n2|private\n3|cluster\n4|public');
    // kept: the private meeting's grant, its item's grant to the same organisation, and grants
    // of rows inside nothing
    assert.equal(dbSql(db, "SELECT collection, row_id, org_id FROM shares ORDER BY collection, row_id, org_id"),
      'action-items|2|3\naction-items|4|3\nmeetings|2|3');
    // the index, made again at the next start (migrate fills it): the rows as they now are
    assert.equal(dbSql(db, "SELECT row_id, visibility, coalesce(party_org_id, 0) FROM search_rows WHERE collection='meetings' AND row_id <= 3 ORDER BY row_id"),
      '1|private|1\n2|private|0\n3|cluster|0');
    assert.equal(dbSql(db, "SELECT row_id, visibility FROM search_rows WHERE collection='action-items' AND row_id <= 4 ORDER BY row_id"),
      '1|private\n2|private\n3|cluster\n4|public');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
