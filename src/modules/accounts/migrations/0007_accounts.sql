-- 0007_accounts: a user belongs to one or more organisations with a role per membership; a
-- session works in one of them at a time. Invitations and password resets are single-use,
-- expiring tokens (only their SHA-256 stored) delivered through the outbox. TOTP second factor
-- with recovery codes. A log of who viewed or exported personal data.

CREATE TABLE memberships (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id     INTEGER NOT NULL REFERENCES users(id),
    org_id      INTEGER NOT NULL REFERENCES orgs(id),
    role        TEXT NOT NULL CHECK (role IN ('org-admin','org-member','partner','investor','trainee')),
    active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
    invited_by  INTEGER REFERENCES users(id),
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    version     INTEGER NOT NULL DEFAULT 1,
    UNIQUE (user_id, org_id)
) STRICT;
CREATE INDEX memberships_org ON memberships(org_id, active);

-- Every existing user with an organisation is a member of it, in the role it had.
INSERT INTO memberships(user_id, org_id, role)
    SELECT id, org_id, role FROM users
    WHERE org_id IS NOT NULL AND role NOT IN ('operator-admin','operator-staff');

-- API tokens limited to some modules ([] : all).
ALTER TABLE api_tokens ADD COLUMN modules TEXT NOT NULL DEFAULT '[]';

-- The organisation a session works in (NULL: the user's own, users.org_id).
ALTER TABLE sessions ADD COLUMN org_id INTEGER;

ALTER TABLE users ADD COLUMN totp_secret TEXT;           -- hex; set while enrolling or enrolled
ALTER TABLE users ADD COLUMN totp_enabled INTEGER NOT NULL DEFAULT 0 CHECK (totp_enabled IN (0,1));
ALTER TABLE users ADD COLUMN totp_last_step INTEGER NOT NULL DEFAULT 0; -- no code used twice
ALTER TABLE users ADD COLUMN password_changed_at TEXT;
ALTER TABLE users ADD COLUMN anonymised_at TEXT;

CREATE TABLE recovery_codes (
    user_id     INTEGER NOT NULL REFERENCES users(id),
    code_hash   TEXT NOT NULL,
    used_at     TEXT,
    PRIMARY KEY (user_id, code_hash)
) STRICT, WITHOUT ROWID;

CREATE TABLE account_tokens (
    token_hash  TEXT PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users(id),
    kind        TEXT NOT NULL CHECK (kind IN ('invite','reset')),
    expires_at  INTEGER NOT NULL,
    used_at     INTEGER,
    created_at  INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX account_tokens_user ON account_tokens(user_id);

-- Messages to people: shown in the app to user_id (unless secret), e-mailed when SMTP is set.
CREATE TABLE outbox (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id     INTEGER REFERENCES users(id),
    to_email    TEXT NOT NULL,
    kind        TEXT NOT NULL,
    subject     TEXT NOT NULL,
    body        TEXT NOT NULL,
    secret      INTEGER NOT NULL DEFAULT 0 CHECK (secret IN (0,1)), -- carries a token: mail only
    link        TEXT,
    read_at     TEXT,
    sent_at     TEXT,
    attempts    INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    version     INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX outbox_user ON outbox(user_id, id);
CREATE INDEX outbox_unsent ON outbox(id) WHERE sent_at IS NULL;

-- Who viewed or exported personal data, when, what and how many rows. Kept at least two years
-- (bpmc never deletes from it).
CREATE TABLE access_log (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    at          TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    actor_id    INTEGER,
    org_id      INTEGER,
    action      TEXT NOT NULL CHECK (action IN ('list','read','export','search')),
    collection  TEXT NOT NULL,
    row_id      INTEGER,
    rows        INTEGER NOT NULL DEFAULT 0,
    detail      TEXT,
    address     TEXT
) STRICT;
CREATE INDEX access_log_actor ON access_log(actor_id, id);
CREATE INDEX access_log_at ON access_log(at);
