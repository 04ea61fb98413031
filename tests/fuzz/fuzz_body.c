/*
 * fuzz_body: request body -> validation, for every resource entry, as create and as update;
 * and query string -> list query. Any crash, leak or undefined behaviour is a bug; each one
 * found becomes a unit test.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <stdlib.h>

#include "modules/modules.h"
#include "engine/resource.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int registered;
    if (!registered) {
        if (modules_register())
            abort();
        registered = 1;
    }
    for (const struct resource *const *r = resource_all(); *r; r++) {
        for (int kind = WRITE_CREATE; kind <= WRITE_UPDATE; kind++) {
            struct write_op op;
            struct problem p;
            problem_init(&p);
            memset(&op, 0, sizeof(op));
            err_ignore(resource_validate(*r, (enum write_kind)kind, (const char *)data, size, &op, &p));
            write_op_free(&op);
            struct buf out;
            buf_init(&out, NULL, 1 << 20);
            err_ignore(problem_render(&p, kind == WRITE_UPDATE, &out));
            buf_release(&out);
        }
        struct arena arena;
        struct list_query q;
        struct problem p;
        problem_init(&p);
        arena_init(&arena, 1 << 20);
        err_ignore(resource_parse_query(*r, (struct str){(const char *)data, size}, &arena, &q, &p));
        arena_release(&arena);
    }
    return 0;
}
