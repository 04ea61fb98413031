// Migration 0101 (collaboration: an action item inside a collaboration is shared with its other
// organisation, partner_org_id) on PostgreSQL: a database made by bpmc init, taken back to its
// shape at schema 100 with psql, holding action items of both sides of a collaboration, of an
// organisation that is neither, and outside any collaboration; `bpmc migrate` applies 0101 alone
// and fills partner_org_id as on SQLite (tests/api/migration-collaboration.test.mjs), with its
// partial index and its foreign key.
//
// Runs with or without the PostgreSQL tier: BPMC_TEST_PG names a cluster, else the test starts
// one of its own (tests/pg/cluster.sh).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BIN, dbSql } from '../api/helpers.mjs';

const cluster = fileURLToPath(new URL('./cluster.sh', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'bpmc-mig0101-'));
if (!process.env.BPMC_PG_FILES) process.env.BPMC_PG_FILES = dir;
let base = process.env.BPMC_TEST_PG;
let ownCluster = null;

before(() => {
  if (!base) {
    base = execFileSync(cluster, ['start'], { encoding: 'utf8' }).trim();
    ownCluster = /[?&]host=([^&]+)/.exec(base)[1];
  }
});
after(() => {
  if (ownCluster) execFileSync(cluster, ['stop', ownCluster]);
  rmSync(dir, { recursive: true, force: true });
});

test('0101 on PostgreSQL: partner_org_id filled from the collaboration, its index and key made', () => {
  const name = `m0101_${process.pid}`;
  execFileSync('psql', ['-X', '-q', base, '-c', `CREATE DATABASE ${name}`], { stdio: ['ignore', 'pipe', 'pipe'] });
  const db = base.replace(/\/bpmc\?/, `/${name}?`);
  const init = spawnSync(BIN, ['init', '--db', db], { encoding: 'utf8' });
  assert.equal(init.status, 0, init.stderr);
  // the migrations after 0101 are taken back too, and applied again with it: 0113 (search's
  // postings), 0121 (search_df), 0130 (the postings' covering key), 0135 (SQLite's index
  // merged: nothing on PostgreSQL), 0138 (the data version), 0155 (search's map: party_org_id),
  // 0160 (the investment module's tables), 0170 (training's tables), 0180 (attraction's tables), 0190 (search_pair_terms),
  // 0210 (meetings' partner_org_id) and 0220 (search_pending)
  assert.match(init.stdout, /\(schema 220, /, 'the latest migration is 0220: teach this test the ones after it');
  dbSql(db, `
    DROP TABLE activities;
    DROP TABLE prospects;
    DROP TRIGGER investor_audience_write ON orgs;
    DROP TRIGGER investor_audience_delete ON orgs;
    DROP FUNCTION investor_audience_sync();
    DROP TABLE invest_registrations, invest_events, deals, fundraisings, investor_audience, investor_profiles;
    DROP TABLE search_pair_terms;
    DROP TABLE search_pending;
    DROP TABLE enrollments, pbl_projects, cohorts, courses, survey_responses, surveys;
    DROP TABLE bpmc_data_version;
    ALTER TABLE search_rows DROP COLUMN party_org_id;
    DROP TABLE search_df;
    DROP FUNCTION search_list_rows(text);
    DROP VIEW search_vocab;
    DROP TABLE search_postings;
    DROP INDEX action_items_partner;
    ALTER TABLE action_items DROP COLUMN partner_org_id;
    DROP INDEX meetings_partner;
    ALTER TABLE meetings DROP COLUMN partner_org_id;
    UPDATE schema_version SET version = 100;
    INSERT INTO orgs (id, name, kind) VALUES (1, '주관 기업', 'company'), (2, '협력 병원', 'hospital'), (3, '다른 기관', 'institute');
    INSERT INTO collaborations (id, title, org_id, partner_org_id) VALUES (1, '공동 연구', 1, 2);
    INSERT INTO action_items (id, title, org_id, collaboration_id) VALUES
      (1, '주관 측 조치', 1, 1), (2, '협력 측 조치', 2, 1), (3, '협력 밖 조치', 1, NULL), (4, '제3자 조치', 3, 1)`);
  const m = spawnSync(BIN, ['migrate', '--db', db], { encoding: 'utf8' });
  assert.equal(m.status, 0, m.stderr);
  assert.match(m.stdout, /at schema 220 \(13 applied\)/);
  assert.equal(dbSql(db, 'SELECT id, partner_org_id FROM action_items ORDER BY id'), '1|2\n2|1\n3|\n4|');
  assert.equal(dbSql(db, 'SELECT version FROM schema_version'), '220');
  assert.equal(dbSql(db, "SELECT indexdef FROM pg_indexes WHERE indexname = 'action_items_partner'"),
    'CREATE INDEX action_items_partner ON public.action_items USING btree (partner_org_id) WHERE (partner_org_id IS NOT NULL)');
  assert.throws(() => dbSql(db, 'UPDATE action_items SET partner_org_id = 999 WHERE id = 1'), /violates foreign key constraint/);
  // migrating again changes nothing
  const again = spawnSync(BIN, ['migrate', '--db', db], { encoding: 'utf8' });
  assert.match(again.stdout, /\(0 applied\)/);
});
