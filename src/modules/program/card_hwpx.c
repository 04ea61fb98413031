#include "modules/program/card.h"

#include "base/banned.h"

enum bp_err card_hwpx(const struct card *c, struct buf *out)
{
    (void)c;
    (void)out;
    return BP_ERR_INVALID;
}
