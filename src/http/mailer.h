/*
 * mailer: e-mails the outbox through SMTP when configured (see mailer.c).
 */
#ifndef BP_MAILER_H
#define BP_MAILER_H

#include "base/err.h"

struct mailer_config {
    const char *db_path;
    const char *smtp_url;   /* smtp://host:25, smtps://user:pass@host:465; NULL or "": off */
    const char *mail_from;  /* the sender address */
    const char *public_url; /* put in front of links: "https://bpmc.goyang.go.kr" */
};

/* Start delivering (nothing when smtp_url is unset). cfg must outlive mailer_stop. */
BP_MUST_USE enum bp_err mailer_start(const struct mailer_config *cfg);
/* Finish the message being sent and stop. */
void mailer_stop(void);

#endif
