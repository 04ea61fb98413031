/*
 * program: the resource entries of the program module. Each entity is one declaration; the
 * engine does the rest (docs/modules.md walks through the contacts entry as the worked example
 * of adding an entity).
 */
#include "modules/program/program.h"

#include "engine/resource.h"
#include "base/banned.h"

/* clang-format off */
static const struct field contact_fields[] = {
    TEXT("department", F_REQUIRED | F_SORT | F_SEARCH | F_FILTER, 1, 100, "부서", "Department"),
    TEXT("title",      F_REQUIRED | F_SEARCH, 1, 100, "직위", "Title"),
    TEXT("name",       F_REQUIRED | F_SORT | F_SEARCH, 1, 100, "이름", "Name"),
    TEXT("extension",  0, 0, 20, "전화(내선)", "Phone (extension)"),
    REF("person_id",   "people", F_FILTER, "인물", "Person"),
    INT("position",    F_SORT, 0, 1000, "표시 순서", "Order shown"),
    END_FIELDS,
};
/* clang-format on */

/* The contacts of the lead department: anyone reads them (the project card is public), only
 * operators change them (an entry without R_*_WRITES is written by operators alone). They are
 * people of the directory, where search finds them: their own list's ?q= is enough. */
static const struct resource contacts = {
    .name = "contacts", .table = "contacts", .label_ko = "담당자", .label_en = "Contacts",
    .fields = contact_fields, .title_field = "name", .flags = R_PUBLIC_READ | R_NOT_INDEXED,
    .default_sort = "position",
};

const struct resource *const program_entries[] = {&contacts, NULL};
