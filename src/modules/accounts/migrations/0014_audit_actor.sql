-- 0014_audit_actor: the audit rows of one actor and action, newest last, so that the number of
-- invitations someone sent in the last hour (a rate limit) is read without scanning the log.
CREATE INDEX audit_actor ON audit(actor_id, action, created_at);
