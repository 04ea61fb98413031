-- 0044_facilities_feeds: iCalendar feeds at a secret address that Google Calendar and Outlook
-- subscribe to: a resource's bookings (times only), or the user's own bookings (resource_id
-- NULL). The token is the secret; deleting the row revokes the address.

CREATE TABLE calendar_feeds (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id     INTEGER NOT NULL REFERENCES users(id),
    resource_id INTEGER REFERENCES resources(id),
    name        TEXT NOT NULL,
    token       TEXT NOT NULL UNIQUE,
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    version     INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX calendar_feeds_user ON calendar_feeds(user_id);
