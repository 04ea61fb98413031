-- 0003_login_throttle: failed logins counted per e-mail and per client address, so that an
-- account locks after 5 failures in 15 minutes and an address is throttled after 20.
CREATE TABLE login_throttle (
    key           TEXT PRIMARY KEY,   -- 'email:<address>' or 'ip:<address>'
    failures      INTEGER NOT NULL,
    window_start  INTEGER NOT NULL,   -- unix seconds of the first failure counted
    locked_until  INTEGER NOT NULL DEFAULT 0
) STRICT, WITHOUT ROWID;
