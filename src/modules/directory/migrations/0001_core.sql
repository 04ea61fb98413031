-- 0001_core: the platform core and the directory module.
-- Every entity table carries id, created_at, updated_at and version (the ETag; bumped by every
-- change). Arrays of tag slugs are JSON text. Amounts are integer won. Times are UTC ISO 8601.

CREATE TABLE orgs (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    name        TEXT NOT NULL,
    name_en     TEXT,
    kind        TEXT NOT NULL CHECK (kind IN ('company','hospital','university','institute','investor','public','association')),
    fields      TEXT NOT NULL DEFAULT '[]',
    is_tenant   INTEGER NOT NULL DEFAULT 0 CHECK (is_tenant IN (0,1)),
    is_anchor   INTEGER NOT NULL DEFAULT 0 CHECK (is_anchor IN (0,1)),
    stage       TEXT CHECK (stage IN ('basic-research','rnd','education','clinical','marketing','commercialization')),
    brn         TEXT UNIQUE,
    address     TEXT,
    homepage    TEXT,
    phone       TEXT,
    email       TEXT,
    employees   INTEGER,
    founded     TEXT,
    description TEXT,
    visibility  TEXT NOT NULL DEFAULT 'public' CHECK (visibility IN ('private','cluster','public')),
    is_synthetic INTEGER NOT NULL DEFAULT 0 CHECK (is_synthetic IN (0,1)),
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    version     INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX orgs_kind ON orgs(kind, id);
CREATE INDEX orgs_name ON orgs(name, id);

CREATE TABLE people (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id      INTEGER REFERENCES orgs(id),
    name        TEXT NOT NULL,
    name_en     TEXT,
    title       TEXT,
    department  TEXT,
    email       TEXT,
    phone       TEXT,
    bio         TEXT,
    visibility  TEXT NOT NULL DEFAULT 'cluster' CHECK (visibility IN ('private','cluster','public')),
    is_synthetic INTEGER NOT NULL DEFAULT 0 CHECK (is_synthetic IN (0,1)),
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    version     INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX people_org ON people(org_id, id);

CREATE TABLE tags (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    slug        TEXT NOT NULL UNIQUE,
    name_ko     TEXT NOT NULL,
    name_en     TEXT NOT NULL,
    synonyms    TEXT NOT NULL DEFAULT '[]',
    parent_id   INTEGER REFERENCES tags(id),
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    version     INTEGER NOT NULL DEFAULT 1
) STRICT;

CREATE TABLE capabilities (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id      INTEGER NOT NULL REFERENCES orgs(id),
    title       TEXT NOT NULL,
    title_en    TEXT,
    kind        TEXT NOT NULL CHECK (kind IN ('data-set','clinical-trial','research-service','equipment','expertise','space')),
    fields      TEXT NOT NULL DEFAULT '[]',
    description TEXT,
    conditions  TEXT,
    contact_id  INTEGER REFERENCES people(id),
    status      TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','paused','retired')),
    visibility  TEXT NOT NULL DEFAULT 'public' CHECK (visibility IN ('private','cluster','public')),
    is_synthetic INTEGER NOT NULL DEFAULT 0 CHECK (is_synthetic IN (0,1)),
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    version     INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX capabilities_org ON capabilities(org_id, id);

CREATE TABLE needs (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id      INTEGER NOT NULL REFERENCES orgs(id),
    title       TEXT NOT NULL,
    description TEXT,
    fields      TEXT NOT NULL DEFAULT '[]',
    stage       TEXT CHECK (stage IN ('basic-research','rnd','education','clinical','marketing','commercialization')),
    deadline    TEXT,
    budget_min  INTEGER,
    budget_max  INTEGER,
    status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','matched','closed','withdrawn')),
    visibility  TEXT NOT NULL DEFAULT 'cluster' CHECK (visibility IN ('private','cluster','public')),
    is_synthetic INTEGER NOT NULL DEFAULT 0 CHECK (is_synthetic IN (0,1)),
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    version     INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX needs_org ON needs(org_id, id);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    email         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('operator-admin','operator-staff','org-admin','org-member','partner','investor','trainee')),
    org_id        INTEGER REFERENCES orgs(id),
    active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
    created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    version       INTEGER NOT NULL DEFAULT 1
) STRICT;

-- Server-side sessions: the cookie holds a random token; only its SHA-256 is stored.
CREATE TABLE sessions (
    token_hash  TEXT PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users(id),
    csrf_token  TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    last_seen   INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX sessions_user ON sessions(user_id);

-- Every change: who, when, what, before and after (JSON). Append-only and tamper-evident: each
-- row carries the SHA-256 of its content and of the previous row's hash (core/audit.c), which
-- `bpmc audit verify` checks.
CREATE TABLE audit (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    actor_id    INTEGER,
    action      TEXT NOT NULL,
    collection  TEXT NOT NULL,
    row_id      INTEGER,
    before      TEXT,
    after       TEXT,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL,
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    version     INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX audit_row ON audit(collection, row_id);

-- A POST with Idempotency-Key: its first answer, replayed for retries of the same request.
CREATE TABLE idempotency (
    user_id      INTEGER NOT NULL,
    key          TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status       INTEGER NOT NULL,
    location     TEXT,
    body         TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (user_id, key)
) STRICT, WITHOUT ROWID;
