-- 0052_sla_escalations: a support request whose first answer or resolution is about to be late
-- is escalated once per deadline: the row is written in the same transaction as the
-- notifications, so two senders at once (two processes) escalate it once.
CREATE TABLE sla_escalations (
    request_id  INTEGER NOT NULL REFERENCES support_requests(id) ON DELETE CASCADE,
    deadline    TEXT NOT NULL CHECK (deadline IN ('first-response','resolution')),
    notified    INTEGER NOT NULL DEFAULT 0 CHECK (notified IN (0,1)),
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    PRIMARY KEY (request_id, deadline)
) STRICT, WITHOUT ROWID;
ALTER TABLE support_requests ADD COLUMN escalated_at TEXT;
