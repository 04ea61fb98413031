/*
 * stubs: what the fuzz targets link against but never reach. They parse and validate; they
 * submit no jobs to the writer (the HTTP layer's job queue is not linked in).
 */
#include <stdlib.h>

#include "modules/accounts/accounts.h"

void account_submit(struct http_req *r, enum job_where where,
                    enum bp_err (*run)(struct job *, struct db *), void *payload)
{
    (void)r;
    (void)where;
    (void)run;
    (void)payload;
    abort(); /* a fuzz target that gets here is doing more than it should */
}
