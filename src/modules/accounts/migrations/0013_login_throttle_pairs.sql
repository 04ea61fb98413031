-- 0013_login_throttle_pairs: failed logins are counted per account and client address together
-- ('pair:<email>|<address>') and per address ('ip:<address>'), no longer per account alone, so
-- that a guesser cannot lock the owner out; locks counts a key's locks, each twice as long.
DELETE FROM login_throttle WHERE key LIKE 'email:%';
ALTER TABLE login_throttle ADD COLUMN locks INTEGER NOT NULL DEFAULT 0;
