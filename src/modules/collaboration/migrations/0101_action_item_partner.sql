-- 0101_action_item_partner: an action item inside a collaboration is shared with the
-- collaboration's other organisation (partner_org_id, kept by the server), so that both sides
-- see it and its owner, a user of either, can read and close it. Items outside a collaboration
-- keep no partner.
ALTER TABLE action_items ADD COLUMN partner_org_id INTEGER REFERENCES orgs(id);
UPDATE action_items SET partner_org_id = (
    SELECT CASE action_items.org_id WHEN c.org_id THEN c.partner_org_id
                                    WHEN c.partner_org_id THEN c.org_id END
      FROM collaborations c WHERE c.id = action_items.collaboration_id)
 WHERE collaboration_id IS NOT NULL;
CREATE INDEX action_items_partner ON action_items(partner_org_id) WHERE partner_org_id IS NOT NULL;
