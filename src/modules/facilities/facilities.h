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
/* checkin.c: POST /api/v1/bookings/{id}/check-out (who may check in, after checking in and
 * before the end; the used time is billed on a resource whose fee_basis is 'used') */
void api_booking_checkout(struct http_req *r);
void api_resource_qr(struct http_req *r);

/* ical.c: GET /api/v1/feeds/{token} (an iCalendar feed at its secret address) */
void api_calendar_feed(struct http_req *r);
/* statements.c: POST /api/v1/statements/generate {"month","org_id"?} (operators: a month's
 * statements made from the bookings, idempotent) and GET /api/v1/statements/{id}/document
 * ?format=csv|xlsx|pdf (whoever may read the statement) */
void api_statements_generate(struct http_req *r);
void api_statement_document(struct http_req *r);

/* utilisation.c: GET /api/v1/facilities/utilisation?month= (per resource: booked and open
 * hours, no-shows, top users for operators and the resource's managers) and
 * GET /api/v1/spaces/occupancy?on= (the leased share of the center's spaces by floor) */
void api_facilities_utilisation(struct http_req *r);
void api_spaces_occupancy(struct http_req *r);

#endif
