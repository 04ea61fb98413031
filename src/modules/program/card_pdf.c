#include "modules/program/card.h"

#include "base/banned.h"

enum bp_err card_pdf(const struct card *c, struct buf *out)
{
    (void)c;
    (void)out;
    return BP_ERR_INVALID;
}
