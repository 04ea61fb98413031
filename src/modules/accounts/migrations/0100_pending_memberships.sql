-- 0100_pending_memberships: an invitation to an organisation makes a membership that waits for
-- the invitee to accept (pending = 1, active = 0: no access until then), whether or not the
-- e-mail already had an account, so that the inviter cannot tell which (issue #10, item 13).
-- invited_name is the name the inviter typed: a pending member is shown by it, never by the
-- account's own name. joined says the membership was active once: an invitation withdrawn or
-- declined before that is not listed among former members (that would show the account). An invitation of someone who has an account sends a 'join' link: it
-- leads to signing in and accepting, and never sets a password.
ALTER TABLE memberships ADD COLUMN pending INTEGER NOT NULL DEFAULT 0 CHECK (pending IN (0,1));
ALTER TABLE memberships ADD COLUMN invited_name TEXT;
ALTER TABLE memberships ADD COLUMN joined INTEGER NOT NULL DEFAULT 1 CHECK (joined IN (0,1));
CREATE INDEX memberships_pending ON memberships(user_id) WHERE pending = 1;

CREATE TABLE account_tokens_new (
    token_hash  TEXT PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users(id),
    kind        TEXT NOT NULL CHECK (kind IN ('invite','reset','join')),
    expires_at  INTEGER NOT NULL,
    used_at     INTEGER,
    created_at  INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
INSERT INTO account_tokens_new SELECT token_hash, user_id, kind, expires_at, used_at, created_at
  FROM account_tokens;
DROP TABLE account_tokens;
ALTER TABLE account_tokens_new RENAME TO account_tokens;
CREATE INDEX account_tokens_user ON account_tokens(user_id);

-- Members invited before, who have not chosen a password yet, are waiting too.
UPDATE memberships SET pending = 1, active = 0, joined = 0, invited_name = (SELECT name FROM
  users u WHERE u.id = memberships.user_id)
 WHERE active = 1 AND user_id IN (SELECT id FROM users WHERE password_hash = '!' AND active = 1
                                  AND anonymised_at IS NULL);
