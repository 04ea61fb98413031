/*
 * principal: who is asking. Anonymous callers have role ROLE_PUBLIC and user_id 0. The roles are
 * those of ARCHITECTURE.md; the scope key names what a caller may see, so that any cache of
 * answers is keyed by it and can never serve one caller's rows to another.
 */
#ifndef BP_PRINCIPAL_H
#define BP_PRINCIPAL_H

#include <stdbool.h>
#include <stddef.h>

enum role {
    ROLE_PUBLIC = 0,
    ROLE_OPERATOR_ADMIN,
    ROLE_OPERATOR_STAFF,
    ROLE_ORG_ADMIN,
    ROLE_ORG_MEMBER,
    ROLE_PARTNER,
    ROLE_INVESTOR,
    ROLE_TRAINEE,
    ROLE__COUNT
};

struct principal {
    long long user_id; /* 0: anonymous */
    enum role role;
    long long org_id; /* 0: none */
};

/* "operator-admin" ... ; "public" for ROLE_PUBLIC. */
const char *role_name(enum role r);
/* Parse a role name (not "public"); false when unknown. */
bool role_parse(const char *name, enum role *out);
bool principal_is_operator(const struct principal *p);
/* Writes a short key of what p may see into out (e.g. "anon", "op", "u:org:12"). */
void principal_scope_key(const struct principal *p, char *out, size_t size);

#endif
