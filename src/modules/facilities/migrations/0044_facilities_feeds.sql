-- 0044_facilities_feeds: iCalendar feeds at a secret address that Google Calendar and Outlook
-- subscribe to: a resource's bookings (times only), or the user's own bookings (resource_id
-- NULL). The token is the secret; deleting the row revokes the address. Below: the waitlist.

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

-- The waitlist: an organisation waiting for a taken interval of a resource. When a booking that
-- held (part of) it is cancelled or declined and the interval is wholly free, the first in line
-- (by id) is offered it: the interval is held for that organisation until offered_until (the
-- resource's waitlist_hold_minutes), it is told, and it takes the time by booking it. An offer
-- not taken expires (the sweep) and passes to the next in line.
ALTER TABLE resources ADD COLUMN waitlist_hold_minutes INTEGER NOT NULL DEFAULT 120 CHECK (waitlist_hold_minutes > 0);
CREATE TABLE waitlist (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    resource_id   INTEGER NOT NULL REFERENCES resources(id),
    org_id        INTEGER NOT NULL REFERENCES orgs(id),
    user_id       INTEGER REFERENCES users(id),
    starts_at     TEXT NOT NULL,
    ends_at       TEXT NOT NULL,
    note          TEXT,
    status        TEXT NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting','offered','taken','expired','withdrawn')),
    offered_until TEXT,
    booking_id    INTEGER REFERENCES bookings(id),
    created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    version       INTEGER NOT NULL DEFAULT 1,
    CHECK (ends_at > starts_at)
) STRICT;
CREATE INDEX waitlist_slot ON waitlist(resource_id, status, starts_at);
CREATE INDEX waitlist_org ON waitlist(org_id);
