/*
 * facilities: the support center's shared labs, rooms and instruments booked by the hour
 * (resources, bookings: never two bookings of one resource at once), the training a user needs
 * before booking (qualifications), the center's spaces leased to tenants (spaces, leases),
 * subsidy vouchers and monthly statements. docs/facilities.md.
 */
#ifndef BP_MODULE_FACILITIES_H
#define BP_MODULE_FACILITIES_H

#include "engine/http.h"

/* entries.c */
extern const struct resource *const facilities_entries[];

/* bookings.c: GET /api/v1/resources/{id}/availability?from=&to= (the free intervals) and
 * POST /api/v1/bookings/{id}/decision (a resource manager's approval, decline, completion or
 * no-show) */
void api_resource_availability(struct http_req *r);
void api_booking_decision(struct http_req *r);

/* series.c: POST /api/v1/bookings/{id}/cancel-series (the rest of a weekly series: the booker's
 * before the cancellation deadline, the manager's before the start) */
void api_booking_cancel_series(struct http_req *r);

/* checkin.c: POST /api/v1/bookings/{id}/check-in (the booking organisation, from 15 minutes
 * before the start to the end) and GET /api/v1/resources/{id}/qr.svg (the QR code of the
 * resource's check-in page, for its door) */
void api_booking_checkin(struct http_req *r);
void api_resource_qr(struct http_req *r);

/* ical.c: GET /api/v1/feeds/{token} (an iCalendar feed at its secret address) */
void api_calendar_feed(struct http_req *r);

#endif
