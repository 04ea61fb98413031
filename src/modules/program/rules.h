/*
 * program rules: the pure parts of the project card, no SQL, no HTTP (tests/unit/test_program.c).
 * The card's period columns come from the program's term the way the city writes them: what was
 * spent before the term (기투자), the first part-year ('22.7.), whole years ('23), the last
 * part-year ('26.6.), and after the term (임기후).
 */
#ifndef BP_PROGRAM_RULES_H
#define BP_PROGRAM_RULES_H

#include <stdbool.h>
#include <stddef.h>

#include "base/limits.h"

struct program_period {
    char label[16];      /* '22.7., '23, 기투자, 임기후 */
    char from[11], to[11]; /* inclusive, YYYY-MM-DD */
};

/* The columns of a term from start to end (YYYY-MM-DD each, start <= end): out[0] is 기투자
 * (before start), out[n-1] 임기후 (after end). Returns how many, 0 when the dates do not parse
 * or the term has more years than LIMIT_CARD_PERIODS allows. */
size_t program_periods(const char *start, const char *end, struct program_period *out, size_t max);

/* The column a date falls in (the first when before every column, the last when after). */
size_t program_period_of(const struct program_period *p, size_t n, const char *date);

/* Won as 백만원 the way the card prints them: 150000000 → "150", 1234500000 → "1,234.5",
 * 0 → "" (an empty cell, as the seed leaves them). out holds at least 32 bytes. */
void program_millions(long long won, char *out, size_t size);

/* Won as 백만원 with one decimal, for a spreadsheet number cell: 150000000 → 150.0. */
double program_millions_value(long long won);

#endif
