/*
 * ical: iCalendar feeds (RFC 5545, libical) of bookings at a secret, revocable address. The
 * calendar-feeds entry keeps a user's feeds (name, a resource or none, the token); GET
 * /api/v1/feeds/{token} answers the calendar to anyone holding the token: a resource's bookings
 * that hold its time and its maintenance periods (times only, as availability shows them), or
 * the user's own bookings with their resource and purpose. Deleting the feed revokes it.
 */
#ifndef BP_MODULE_FACILITIES_ICAL_H
#define BP_MODULE_FACILITIES_ICAL_H

#include "engine/resource.h"

extern const struct resource facilities_calendar_feeds;

#endif
