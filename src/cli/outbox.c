/*
 * outbox: the messages waiting for delivery, one JSON object per line, oldest first. Without
 * SMTP this is how an operator hands an invitation or reset link to a person (and how tests
 * read them); --mark-sent records them as delivered.
 */
#include "cli/cli.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "db/db.h"
#include "db/dialect.h"
#include "base/banned.h"

int cmd_outbox(int argc, char **argv)
{
    bool mark = false;
    int kept = 0;
    for (int i = 1; i < argc; i++) { /* --mark-sent is ours; the rest is [--db PATH] */
        if (strcmp(argv[i], "--mark-sent") == 0)
            mark = true;
        else
            argv[++kept] = argv[i];
    }
    const char *path;
    int rc = cli_db_only_args(kept + 1, argv, "outbox",
                              "Print messages waiting for delivery as JSON lines "
                              "(id, to, kind, subject, body, link, created_at);\n"
                              "--mark-sent records them as delivered.",
                              &path);
    if (rc >= 0)
        return rc;
    struct db *db;
    if (db_open(path, DB_WRITE, false, &db))
        return 1;
    struct db_stmt *st;
    long long last = 0;
    if (db_prepare(db,
                   DIALECT_SQL("SELECT {obj:id=id|to=to_email|kind=kind|subject=subject|"
                               "body=body|link=link|created_at=created_at}, id FROM outbox "
                               "WHERE sent_at IS NULL AND to_email<>'' ORDER BY id"),
                   &st)) {
        db_close(db);
        return 1;
    }
    enum db_step s;
    while ((s = db_step(st)) == DB_ROW) {
        printf("%s\n", db_column_text(st, 0, NULL));
        last = db_column_int(st, 1);
    }
    db_reset(st);
    rc = s == DB_FAIL ? 1 : 0;
    if (!rc && mark && last &&
        db_run(db, NULL,
               DIALECT_SQL("UPDATE outbox SET sent_at={now} WHERE sent_at IS NULL AND id<=?1"),
               "i", last))
        rc = 1;
    db_close(db);
    return rc;
}
