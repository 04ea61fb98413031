/*
 * server: `bpmc serve`. One h2o event loop per core, each accepting on its own SO_REUSEPORT
 * socket with its own read-only database connection; the writer and workers of jobs.h;
 * graceful shutdown on SIGTERM/SIGINT. The only file that includes h2o.h.
 */
#ifndef BP_SERVER_H
#define BP_SERVER_H

#include <stddef.h>

#include "core/err.h"

struct server_config {
    const char *db_path;
    const char *listen; /* "127.0.0.1:8080" */
    const char *access_log; /* path, "-" for stdout, NULL for none */
    int threads;
    int workers;
    size_t body_max;
    int max_connections;
    int session_idle_s, session_absolute_s;
    int admin_totp_grace_days; /* operator-admins without TOTP may work this long, then must enrol */
    int secure_cookies;
    int trust_proxy; /* take the client's address and scheme from X-Forwarded-For/-Proto */
    const char *smtp_url;   /* e-mail the outbox through this SMTP server (NULL: do not) */
    const char *mail_from;  /* sender of those e-mails */
    const char *public_url; /* the address people reach bpmc at, in front of links in e-mails */
};

/* Serve until a signal asks to stop; BP_OK after a clean shutdown. */
BP_MUST_USE enum bp_err server_run(const struct server_config *cfg);
/* Settings handlers need. */
const struct server_config *server_config(void);

#endif
