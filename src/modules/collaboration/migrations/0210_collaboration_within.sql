-- 0210_collaboration_within: a row inside a private record never reaches more people than it
-- (docs/collaboration.md, "Rows inside a record"). A meeting inside a collaboration is read by
-- both its organisations: partner_org_id, the other one, kept by the server as for action items
-- (0101). A meeting or an action item inside a collaboration is private (a cluster or public one
-- was read by every member before), an action item is never more visible than its meeting, and
-- a grant (shares) of such a row to an organisation that cannot read the record it is inside is
-- taken back. The index is made again, empty (as 0155: a new table, not its rows deleted), and
-- filled by `bpmc migrate`, `init` and `serve` right after the migrations, with the rows'
-- visibility and second organisation as they now are.
ALTER TABLE meetings ADD COLUMN partner_org_id INTEGER REFERENCES orgs(id);
UPDATE meetings SET partner_org_id = (
    SELECT CASE meetings.org_id WHEN c.org_id THEN c.partner_org_id
                                WHEN c.partner_org_id THEN c.org_id END
      FROM collaborations c WHERE c.id = meetings.collaboration_id)
 WHERE collaboration_id IS NOT NULL;
CREATE INDEX meetings_partner ON meetings(partner_org_id) WHERE partner_org_id IS NOT NULL;
UPDATE meetings SET visibility = 'private'
 WHERE collaboration_id IS NOT NULL AND visibility <> 'private';
UPDATE action_items SET visibility = 'private'
 WHERE visibility <> 'private' AND (collaboration_id IS NOT NULL OR meeting_id IN
       (SELECT id FROM meetings WHERE visibility = 'private'));
UPDATE action_items SET visibility = 'cluster'
 WHERE visibility = 'public' AND meeting_id IN (SELECT id FROM meetings WHERE visibility = 'cluster');
DELETE FROM shares
 WHERE (collection = 'meetings' AND row_id IN
        (SELECT id FROM meetings WHERE collaboration_id IS NOT NULL))
    OR (collection = 'action-items' AND row_id IN
        (SELECT id FROM action_items WHERE collaboration_id IS NOT NULL));
DELETE FROM shares
 WHERE collection = 'action-items' AND row_id IN
       (SELECT a.id FROM action_items a JOIN meetings m ON m.id = a.meeting_id
         WHERE m.visibility = 'private' AND m.org_id <> shares.org_id AND NOT EXISTS
               (SELECT 1 FROM shares g WHERE g.collection = 'meetings' AND g.row_id = m.id
                   AND g.org_id = shares.org_id));
-- [sqlite]
DROP TABLE search_vocab;
DROP TABLE search;
DELETE FROM search_rows;
DELETE FROM search_df;
CREATE VIRTUAL TABLE search USING fts5(title, names, body, meta, tokenize = 'bpmc', prefix = '1 2 3');
INSERT INTO search(search, rank) VALUES ('rank', 'bm25(10.0, 5.0, 1.0, 0.0)');
CREATE VIRTUAL TABLE search_vocab USING fts5vocab(search, row);
-- [postgres]
TRUNCATE search_postings, search;
DELETE FROM search_rows;
DELETE FROM search_df;
