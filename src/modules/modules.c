/*
 * modules: registers every module's entries with the engine, under the module's name (API
 * tokens may be limited to some modules). Adding a module is one line here.
 */
#include "modules/modules.h"

#include "engine/resource.h"
#include "modules/attraction/attraction.h"
#include "modules/collaboration/collaboration.h"
#include "modules/directory/directory.h"
#include "modules/facilities/facilities.h"
#include "modules/import/plan.h"
#include "modules/investment/investment.h"
#include "modules/lifecycle/lifecycle.h"
#include "modules/platform/platform.h"
#include "modules/program/program.h"
#include "modules/training/training.h"
#include "base/banned.h"

enum bp_err modules_register(void)
{
    static const struct resource *const notification_entries[] = {&api_notifications_entry, NULL};
    enum bp_err e;
    if ((e = resource_register("directory", directory_entries)) ||
        (e = resource_register("directory", api_value_chain_entries)) ||
        (e = resource_register("collaboration", api_collaboration_entries)) ||
        (e = resource_register("lifecycle", lifecycle_entries)) ||
        (e = resource_register("platform", api_platform_entries)) ||
        (e = resource_register("platform", notification_entries)) ||
        (e = resource_register("platform", import_entries)) ||
        (e = resource_register("facilities", facilities_entries)) ||
        (e = resource_register("program", program_entries)) ||
        (e = resource_register("attraction", attraction_entries)) ||
        (e = resource_register("investment", investment_entries)) ||
        (e = resource_register("training", training_entries)))
        return e;
    return BP_OK;
}
