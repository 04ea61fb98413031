-- 0004_api_tokens: tokens for integrations (Authorization: Bearer). Shown once at creation;
-- only the SHA-256 is stored. Read-only or read-write, expiring, revocable, last use recorded.
CREATE TABLE api_tokens (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id       INTEGER NOT NULL REFERENCES users(id),
    name          TEXT NOT NULL,
    scope         TEXT NOT NULL DEFAULT 'read' CHECK (scope IN ('read','read-write')),
    prefix        TEXT NOT NULL,
    token_hash    TEXT NOT NULL UNIQUE,
    expires_on    TEXT NOT NULL,
    revoked       INTEGER NOT NULL DEFAULT 0 CHECK (revoked IN (0,1)),
    last_used_at  TEXT,
    created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    version       INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX api_tokens_user ON api_tokens(user_id, id);
