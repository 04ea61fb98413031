/*
 * fees: which hourly fee of a resource a booking organisation pays. The class follows from the
 * organisation's directory record, so nobody keeps it twice: a tenant (is_tenant, 입주기업)
 * pays the tenants' fee; a cluster member (one of the council's kinds: a hospital, university,
 * institute, public body or association) the members' fee; everyone else (a company that is
 * not a tenant, an investor) the external fee. docs/facilities.md.
 */
#include "modules/facilities/bookable.h"

#include <string.h>

#include "base/banned.h"

static const char sql_org_class[] =
    "SELECT CASE WHEN is_tenant=1 THEN 0 "
    "WHEN kind IN ('hospital','university','institute','public','association') THEN 1 "
    "ELSE 2 END FROM orgs WHERE id=?1";

enum bp_err facilities_org_class(struct db *db, long long org, enum fee_class *out)
{
    long long cls = FEE_EXTERNAL;
    struct db_stmt *st;
    *out = FEE_EXTERNAL;
    enum bp_err e = db_prepare(db, sql_org_class, &st);
    if (e)
        return e;
    db_bind_int(st, 1, org);
    enum db_step s = db_step(st);
    if (s == DB_ROW)
        cls = db_column_int(st, 0);
    db_reset(st);
    if (s == DB_FAIL)
        return BP_ERR_DB;
    *out = cls == 0 ? FEE_TENANT : cls == 1 ? FEE_MEMBER : FEE_EXTERNAL;
    return BP_OK;
}
