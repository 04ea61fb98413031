/*
 * principal: roles and visibility scopes.
 */
#include "engine/principal.h"

#include <stdio.h>
#include <string.h>

#include "base/banned.h"

static const char *const role_names[ROLE__COUNT] = {
    [ROLE_PUBLIC] = "public",
    [ROLE_OPERATOR_ADMIN] = "operator-admin",
    [ROLE_OPERATOR_STAFF] = "operator-staff",
    [ROLE_ORG_ADMIN] = "org-admin",
    [ROLE_ORG_MEMBER] = "org-member",
    [ROLE_PARTNER] = "partner",
    [ROLE_INVESTOR] = "investor",
    [ROLE_TRAINEE] = "trainee",
};

const char *role_name(enum role r) { return (unsigned)r < ROLE__COUNT ? role_names[r] : "public"; }

bool role_parse(const char *name, enum role *out)
{
    for (int r = ROLE_PUBLIC + 1; r < ROLE__COUNT; r++) {
        if (strcmp(name, role_names[r]) == 0) {
            *out = (enum role)r;
            return true;
        }
    }
    return false;
}

bool principal_is_operator(const struct principal *p)
{
    return p->role == ROLE_OPERATOR_ADMIN || p->role == ROLE_OPERATOR_STAFF;
}

void principal_scope_key(const struct principal *p, char *out, size_t size)
{
    if (p->user_id == 0)
        snprintf(out, size, "anon");
    else if (principal_is_operator(p)) /* per user too: rows of R_OWN_ROWS entries */
        snprintf(out, size, "op:%lld", p->user_id);
    else /* per user: some rows belong to one user (resource.user_field) */
        snprintf(out, size, "u:%lld:%lld", p->org_id, p->user_id);
}
