/*
 * search_pg: search's index on PostgreSQL, evaluated as FTS5 evaluates it (search_pg.h).
 *
 * Storage (migration 0113): search(rowid, title, names, body, meta, ntok, own_tokens) holds the
 * text and the row's size in tokens (every column: FTS5's document length) and how many tokens
 * of its body come before the unit separator (its own text); search_postings(term, rowid, pos)
 * a term's positions in a row, each column << 24 | offset; search_vocab(term, doc) the terms
 * with how many rows hold them (FTS5's fts5vocab 'row' table).
 *
 * A query: the expression is parsed (the FTS5 syntax search.c writes: "phrases", a prefix "x"*,
 * column filters col : and {a b} :, AND, OR, NOT, NEAR(…, n), parentheses; NOT binds tighter
 * than AND, AND than OR), each phrase's rows are read from the postings of its tokens (the
 * query's own tokenizer run over the quoted text, as FTS5 runs it), and the tree is evaluated
 * over the candidate rows in rowid order. Reading: search_df tells how many rows hold each
 * token; the cover of the expression (phrases whose rows hold every candidate: the rarer side
 * of an AND, both sides of an OR) is read first, each cover phrase by its rarest token and its
 * other tokens among that token's rows, and every other phrase only among the cover's rows
 * (rowid = ANY(…) on the postings' key) when they are fewer than its token's: a common word next
 * to a rare one is not read whole. Every row evaluated is one of the cover's, where each phrase's
 * rows are exact, so the matches are the same. BM25 is bpmc_bm25's (db/sqlite.c), FTS5's with the
 * phrases' rows given: for each phrase of the expression, IDF log((N - n + 0.5) / (n + 0.5))
 * (1e-6 when not positive; n: the rows holding the phrase by search_df, as search.c's phrase_dfs
 * gives them, or counted when it gives none) times f·(k1 + 1) / (f + k1·(1 − b + b·D / avgdl)),
 * k1 1.2, b 0.75, f the sum of the column weights over the phrase's instances in the row that
 * the match uses (a phrase under an OR branch or a NOT that did not decide the row has none), D
 * the row's tokens, avgdl the index's tokens per row; negated, lower is better.
 */
#include "engine/search_pg.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/limits.h"
#include "base/tokens.h"
#include "base/banned.h"

#define COLS 4
#define OWN_TEXT_END '\x1f'
/* a position: column << 24 | offset (a column of fewer than 16 million tokens) */
#define POS_COL(p) ((int)((p) >> 24))
#define POS_OFF(p) ((p) & 0xFFFFFF)

static const double col_weight[COLS] = {10.0, 5.0, 1.0, 0.0};
static const char *const col_name[COLS] = {"title", "names", "body", "meta"};

/* --- writing --- */

struct posting {
    char term[TOKENS_MAX_BYTES + 1];
    int pos;
};

struct collect {
    struct posting *p;
    size_t n, cap;
    int col, off;
    size_t own_end, own; /* body: the separator's byte and the tokens before it */
};

static int collect_posting(void *ctx, const char *tok, size_t len, size_t start, size_t end,
                           bool prefix)
{
    struct collect *c = ctx;
    (void)end, (void)prefix;
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 256;
        struct posting *p = realloc(c->p, cap * sizeof(*p));
        if (!p)
            return 1;
        c->p = p;
        c->cap = cap;
    }
    memcpy(c->p[c->n].term, tok, len);
    c->p[c->n].term[len] = '\0';
    c->p[c->n].pos = (c->col << 24) | c->off++;
    if (start < c->own_end)
        c->own++;
    c->n++;
    return 0;
}

static int posting_cmp(const void *x, const void *y)
{
    const struct posting *a = x, *b = y;
    int c = strcmp(a->term, b->term);
    return c ? c : (a->pos > b->pos) - (a->pos < b->pos);
}

enum bp_err search_pg_put(struct db *db, long long rowid, const char *const text[4],
                          const size_t len[4])
{
    struct collect c = {0};
    int ntok = 0;
    size_t own = 0;
    for (int col = 0; col < COLS; col++) {
        const char *sep = col == 2 ? memchr(text[col], OWN_TEXT_END, len[col]) : NULL;
        c.col = col;
        c.off = 0;
        c.own = 0;
        c.own_end = sep ? (size_t)(sep - text[col]) : 0;
        if (tokens_split(text[col], len[col], TOKENS_DOCUMENT, collect_posting, &c)) {
            free(c.p);
            return BP_ERR_NOMEM;
        }
        ntok += c.off;
        if (col == 2)
            own = c.own;
    }
    qsort(c.p, c.n, sizeof(*c.p), posting_cmp);
    struct buf lines; /* term \t {pos,pos} \n … */
    buf_init(&lines, NULL, (size_t)1 << 30);
    for (size_t i = 0; i < c.n; i++) {
        bool first = i == 0 || strcmp(c.p[i].term, c.p[i - 1].term) != 0;
        if (first)
            (void)buf_addf(&lines, "%s%s\t{%d", i ? "}\n" : "", c.p[i].term, c.p[i].pos);
        else
            (void)buf_addf(&lines, ",%d", c.p[i].pos);
    }
    if (c.n)
        (void)buf_addch(&lines, '}');
    free(c.p);
    struct db_stmt *st;
    enum bp_err e = lines.failed ? BP_ERR_NOMEM : BP_OK;
    if (!e)
        e = db_prepare(db, "INSERT INTO search(rowid, title, names, body, meta, ntok, own_tokens) "
                           "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                       &st);
    if (!e) {
        db_bind_int(st, 1, rowid);
        for (int col = 0; col < COLS; col++)
            db_bind_text(st, col + 2, text[col], len[col]);
        db_bind_int(st, 6, ntok);
        db_bind_int(st, 7, (long long)own);
        e = db_step(st) == DB_DONE ? BP_OK : BP_ERR_DB;
        db_reset(st);
    }
    if (!e && lines.len)
        e = db_prepare(db, "INSERT INTO search_postings(term, rowid, pos) SELECT split_part(l, chr(9), 1), "
                           "?1::bigint, split_part(l, chr(9), 2)::integer[] FROM "
                           "unnest(string_to_array(?2::text, chr(10))) AS u(l)",
                       &st);
    if (!e && lines.len) {
        db_bind_int(st, 1, rowid);
        db_bind_text(st, 2, lines.data, lines.len);
        e = db_step(st) == DB_DONE ? BP_OK : BP_ERR_DB;
        db_reset(st);
    }
    buf_release(&lines);
    return e;
}

/* --- a fill from nothing --- */

enum bp_err search_pg_fill_begin(struct db *db, struct search_pg_fill *fk)
{
    struct db_stmt *st;
    char drop[SEARCH_PG_FK_SQL] = "";
    fk->add[0] = '\0';
    /* the catalogue's own words: the same constraint is made again (name, columns, ON DELETE) */
    enum bp_err e = db_prepare(db,
                               "SELECT format('ALTER TABLE search_postings DROP CONSTRAINT %I', "
                               "conname), format('ALTER TABLE search_postings ADD CONSTRAINT %I %s', "
                               "conname, pg_get_constraintdef(oid)) FROM pg_constraint WHERE "
                               "conrelid = 'search_postings'::regclass AND contype = 'f' AND "
                               "confrelid = 'search'::regclass",
                               &st);
    if (e)
        return e;
    enum db_step s = db_step(st);
    if (s == DB_ROW) {
        size_t dl, al;
        const char *d = db_column_text(st, 0, &dl), *a = db_column_text(st, 1, &al);
        if (dl < sizeof(drop) && al < sizeof(fk->add)) {
            memcpy(drop, d, dl);
            drop[dl] = '\0';
            memcpy(fk->add, a, al);
            fk->add[al] = '\0';
        } else {
            e = BP_ERR_NOMEM;
        }
        /* a second such key: not ours to drop */
        if (!e && db_step(st) != DB_DONE)
            e = BP_ERR_DB;
    } else if (s == DB_FAIL) {
        e = BP_ERR_DB;
    }
    db_reset(st);
    if (!e && drop[0])
        e = db_exec(db, drop);
    if (e)
        fk->add[0] = '\0';
    return e;
}

enum bp_err search_pg_fill_end(struct db *db, struct search_pg_fill *fk)
{
    if (!fk->add[0])
        return BP_OK;
    enum bp_err e = db_exec(db, fk->add); /* checks every posting: one join, not a trigger each */
    fk->add[0] = '\0';
    return e;
}

/* --- the expression --- */

struct term {
    char text[TOKENS_MAX_BYTES + 1];
    size_t len;
    bool prefix;
    double docs; /* how many rows hold it, by search_df (a prefix: its terms' added up) */
};

/* A term's rows: rowid and positions, rows ascending, positions ascending. */
struct rowpos {
    long long rowid;
    int *pos;
    size_t npos;
};

struct list {
    struct rowpos *r;
    size_t n;
    int *pool; /* the positions of every row */
};

struct phrase {
    struct term *t;
    size_t nt;
    unsigned cols; /* bit per column */
    struct list rows; /* where the phrase is, in its columns: its instances' first offsets */
    bool cover; /* its rows read whole: one of the phrases whose rows hold every match */
};

/* A term's rows as read: all of them, or those among the match's cover (on_cover). */
struct cached {
    struct term t;
    struct list l;
    bool on_cover;
};

/* A set of rowids (ascending) and the same as a PostgreSQL array literal. */
struct rowset {
    const long long *id;
    size_t n;
    const char *literal;
    size_t len;
};

enum kind { N_PHRASE, N_NEAR, N_AND, N_OR, N_NOT };

struct node {
    enum kind kind;
    struct node *a, *b;
    size_t first, nphrase; /* N_PHRASE, N_NEAR: phrases [first, first + nphrase) */
    int near;
};

struct search_pg_match {
    struct phrase *ph;
    size_t nph, cap;
    struct node *root;
    struct cached **cache; /* the terms read, each once */
    size_t ncache, capcache;
    /* the rows of the cover phrases (every match is among them): the other phrases' terms are
     * read there only */
    long long *cover;
    size_t ncover;
    struct buf cover_literal;
    bool has_cover;
    long long *rows;
    size_t nrows;
    /* scratch for one row: NEAR-filtered positions */
    int *near_buf[16];
    size_t near_n[16];
};

struct parser {
    const char *s, *end;
    struct search_pg_match *m;
    bool failed;
};

static void skip_space(struct parser *p)
{
    while (p->s < p->end && (*p->s == ' ' || *p->s == '\t' || *p->s == '\n' || *p->s == '\r'))
        p->s++;
}

static bool bare_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           (unsigned char)c >= 0x80;
}

/* The bareword at the cursor (without taking it), its length. */
static size_t bareword(struct parser *p)
{
    size_t n = 0;
    while (p->s + n < p->end && bare_char(p->s[n]))
        n++;
    return n;
}

static bool keyword(struct parser *p, const char *kw)
{
    skip_space(p);
    size_t n = bareword(p);
    if (n != strlen(kw) || memcmp(p->s, kw, n) != 0)
        return false;
    p->s += n;
    return true;
}

static int column_of(const char *s, size_t n)
{
    for (int c = 0; c < COLS; c++)
        if (strlen(col_name[c]) == n && memcmp(col_name[c], s, n) == 0)
            return c;
    return -1;
}

static struct node *new_node(struct parser *p, enum kind kind)
{
    struct node *n = calloc(1, sizeof(*n));
    if (!n)
        p->failed = true;
    else
        n->kind = kind;
    return n;
}

static void free_node(struct node *n)
{
    if (!n)
        return;
    free_node(n->a);
    free_node(n->b);
    free(n);
}

static int add_query_token(void *ctx, const char *tok, size_t len, size_t start, size_t end,
                           bool prefix)
{
    struct phrase *ph = ctx;
    (void)start, (void)end, (void)prefix;
    struct term *t = realloc(ph->t, (ph->nt + 1) * sizeof(*t));
    if (!t)
        return 1;
    ph->t = t;
    memcpy(t[ph->nt].text, tok, len);
    t[ph->nt].text[len] = '\0';
    t[ph->nt].len = len;
    t[ph->nt].prefix = false;
    ph->nt++;
    return 0;
}

/* A quoted string (at the cursor) as a new phrase, the query tokenizer run over its text; an
 * asterisk after it makes its last token a prefix. Returns the phrase's index. */
static size_t parse_phrase(struct parser *p)
{
    struct search_pg_match *m = p->m;
    if (m->nph == m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 16;
        struct phrase *ph = realloc(m->ph, cap * sizeof(*ph));
        if (!ph) {
            p->failed = true;
            return 0;
        }
        m->ph = ph;
        m->cap = cap;
    }
    struct phrase *ph = &m->ph[m->nph];
    memset(ph, 0, sizeof(*ph));
    ph->cols = (1u << COLS) - 1;
    struct buf text;
    buf_init(&text, NULL, SEARCH_EXPR_MAX);
    p->s++; /* the opening quote */
    while (p->s < p->end) {
        if (*p->s == '"' && p->s + 1 < p->end && p->s[1] == '"') {
            (void)buf_addch(&text, '"');
            p->s += 2;
        } else if (*p->s == '"') {
            break;
        } else {
            (void)buf_addch(&text, *p->s++);
        }
    }
    if (p->s >= p->end || text.failed)
        p->failed = true;
    else
        p->s++;
    if (!p->failed && tokens_split(text.data, text.len, TOKENS_QUERY, add_query_token, ph))
        p->failed = true;
    buf_release(&text);
    skip_space(p);
    if (p->s < p->end && *p->s == '*') {
        p->s++;
        if (ph->nt)
            ph->t[ph->nt - 1].prefix = true;
    }
    return m->nph++;
}

static struct node *parse_or(struct parser *p);

/* Apply a column filter to every phrase under n: the intersection with its own. */
static void set_columns(struct search_pg_match *m, struct node *n, unsigned cols)
{
    if (!n)
        return;
    for (size_t i = n->first; (n->kind == N_PHRASE || n->kind == N_NEAR) && i < n->first + n->nphrase; i++)
        m->ph[i].cols &= cols;
    set_columns(m, n->a, cols);
    set_columns(m, n->b, cols);
}

/* A phrase, a NEAR group, a parenthesized expression, or one of them after a column filter. */
static struct node *parse_unary(struct parser *p)
{
    skip_space(p);
    if (p->s >= p->end || p->failed) {
        p->failed = true;
        return NULL;
    }
    unsigned cols = 0;
    bool filter = false;
    if (*p->s == '{') { /* {title names body} : */
        p->s++;
        for (;;) {
            skip_space(p);
            if (p->s < p->end && *p->s == '}') {
                p->s++;
                break;
            }
            size_t n = bareword(p);
            int c = n ? column_of(p->s, n) : -1;
            if (c < 0) {
                p->failed = true;
                return NULL;
            }
            cols |= 1u << c;
            p->s += n;
        }
        filter = true;
    } else if (bare_char(*p->s)) {
        size_t n = bareword(p);
        int c = column_of(p->s, n);
        const char *after = p->s + n;
        while (after < p->end && *after == ' ')
            after++;
        if (c >= 0 && after < p->end && *after == ':') {
            cols = 1u << c;
            p->s += n;
            filter = true;
        }
    }
    if (filter) {
        skip_space(p);
        if (p->s >= p->end || *p->s != ':') {
            p->failed = true;
            return NULL;
        }
        p->s++;
        struct node *n = parse_unary(p);
        set_columns(p->m, n, cols);
        return n;
    }
    if (*p->s == '(') {
        p->s++;
        struct node *n = parse_or(p);
        skip_space(p);
        if (p->s >= p->end || *p->s != ')')
            p->failed = true;
        else
            p->s++;
        return n;
    }
    if (*p->s == '"') {
        struct node *n = new_node(p, N_PHRASE);
        size_t i = parse_phrase(p);
        if (n) {
            n->first = i;
            n->nphrase = 1;
        }
        return n;
    }
    if (keyword(p, "NEAR")) {
        skip_space(p);
        struct node *n = new_node(p, N_NEAR);
        if (!n || p->s >= p->end || *p->s != '(') {
            p->failed = true;
            return n;
        }
        p->s++;
        n->first = p->m->nph;
        n->near = 10;
        for (;;) {
            skip_space(p);
            if (p->failed || p->s >= p->end) {
                p->failed = true;
                return n;
            }
            if (*p->s == '"') {
                parse_phrase(p);
                n->nphrase++;
            } else if (*p->s == ',') {
                p->s++;
                skip_space(p);
                n->near = 0;
                while (p->s < p->end && *p->s >= '0' && *p->s <= '9')
                    n->near = n->near * 10 + (*p->s++ - '0');
            } else if (*p->s == ')') {
                p->s++;
                break;
            } else {
                p->failed = true;
                return n;
            }
        }
        if (n->nphrase > 16)
            p->failed = true;
        return n;
    }
    p->failed = true;
    return NULL;
}

static struct node *binary(struct parser *p, enum kind kind, struct node *a, struct node *b)
{
    struct node *n = new_node(p, kind);
    if (!n) {
        free_node(a);
        free_node(b);
        return NULL;
    }
    n->a = a;
    n->b = b;
    return n;
}

static struct node *parse_not(struct parser *p)
{
    struct node *n = parse_unary(p);
    while (!p->failed && keyword(p, "NOT"))
        n = binary(p, N_NOT, n, parse_unary(p));
    return n;
}

static struct node *parse_and(struct parser *p)
{
    struct node *n = parse_not(p);
    while (!p->failed && keyword(p, "AND"))
        n = binary(p, N_AND, n, parse_not(p));
    return n;
}

static struct node *parse_or(struct parser *p)
{
    struct node *n = parse_and(p);
    while (!p->failed && keyword(p, "OR"))
        n = binary(p, N_OR, n, parse_and(p));
    return n;
}

/* --- reading postings --- */

static void list_free(struct list *l)
{
    free(l->r);
    free(l->pool);
    l->r = NULL;
    l->pool = NULL;
    l->n = 0;
}

static int int_cmp(const void *x, const void *y)
{
    int a = *(const int *)x, b = *(const int *)y;
    return (a > b) - (a < b);
}

static int rowid_cmp(const void *x, const void *y)
{
    long long a = *(const long long *)x, b = *(const long long *)y;
    return (a > b) - (a < b);
}

/* The rows of a term (or of every term it starts, a prefix), merged by row; among the rows of
 * among only, when not NULL. */
static enum bp_err read_term(struct db *db, const struct term *t, const struct rowset *among,
                             struct list *out)
{
    struct db_stmt *st;
#define READ "SELECT rowid, array_to_string(pos, ',') FROM search_postings WHERE "
#define RANGE "term >= ?1::text AND term < ?1::text || chr(1114111)"
    static const char *const sql[2][2] = {
        {READ "term = ?1::text ORDER BY rowid",
         READ "term = ?1::text AND rowid = ANY(?2::bigint[]) ORDER BY rowid"},
        {READ RANGE " ORDER BY rowid", READ RANGE " AND rowid = ANY(?2::bigint[]) ORDER BY rowid"}};
#undef READ
#undef RANGE
    memset(out, 0, sizeof(*out));
    if (among && among->n == 0)
        return BP_OK; /* among no rows: none */
    enum bp_err e = db_prepare(db, sql[t->prefix][among != NULL], &st);
    if (e)
        return e;
    db_bind_text(st, 1, t->text, t->len);
    if (among)
        db_bind_text(st, 2, among->literal, among->len);
    size_t cap_r = 0, cap_p = 0, npool = 0;
    enum db_step s;
    size_t *starts = NULL; /* offsets into pool, fixed up at the end */
    while ((s = db_step(st)) == DB_ROW) {
        long long rowid = db_column_int(st, 0);
        size_t len;
        const char *v = db_column_text(st, 1, &len);
        bool same = out->n && out->r[out->n - 1].rowid == rowid; /* a prefix's other term */
        if (!same) {
            if (out->n == cap_r) {
                cap_r = cap_r ? cap_r * 2 : 64;
                struct rowpos *r = realloc(out->r, cap_r * sizeof(*r));
                size_t *x = realloc(starts, cap_r * sizeof(*x));
                if (r)
                    out->r = r;
                if (x)
                    starts = x;
                if (!r || !x) {
                    e = BP_ERR_NOMEM;
                    break;
                }
            }
            out->r[out->n] = (struct rowpos){rowid, NULL, 0};
            starts[out->n++] = npool;
        }
        for (const char *c = v; c < v + len;) {
            if (npool == cap_p) {
                cap_p = cap_p ? cap_p * 2 : 256;
                int *pool = realloc(out->pool, cap_p * sizeof(*pool));
                if (!pool) {
                    e = BP_ERR_NOMEM;
                    break;
                }
                out->pool = pool;
            }
            char *next;
            out->pool[npool++] = (int)strtol(c, &next, 10);
            out->r[out->n - 1].npos++;
            c = *next == ',' ? next + 1 : v + len;
        }
        if (e)
            break;
    }
    db_reset(st);
    if (!e && s == DB_FAIL)
        e = BP_ERR_DB;
    for (size_t i = 0; !e && i < out->n; i++) {
        out->r[i].pos = out->pool + starts[i];
        if (t->prefix) /* several terms' positions of one row */
            qsort(out->r[i].pos, out->r[i].npos, sizeof(int), int_cmp);
    }
    free(starts);
    if (e)
        list_free(out);
    return e;
}

/* Whether reading a term's postings among n rows rather than all of them is worth a probe of
 * the index per row: when they are well under the rows holding it. */
static bool narrower(size_t n, const struct term *t)
{
    return (double)n * 2.0 < t->docs;
}

/* The term's rows, read once per expression (kept until search_pg_free: *out stays valid): all
 * of them, or (on_cover) those among the match's cover rows when that is fewer to read. */
static enum bp_err term_rows(struct db *db, struct search_pg_match *m, const struct term *t,
                             bool on_cover, const struct list **out)
{
    for (size_t i = 0; i < m->ncache; i++)
        if (m->cache[i]->t.prefix == t->prefix && strcmp(m->cache[i]->t.text, t->text) == 0 &&
            (!m->cache[i]->on_cover || on_cover)) {
            *out = &m->cache[i]->l;
            return BP_OK;
        }
    on_cover = on_cover && m->has_cover && narrower(m->ncover, t);
    struct rowset among = {m->cover, m->ncover, m->cover_literal.data, m->cover_literal.len};
    if (on_cover && m->cover_literal.failed)
        return BP_ERR_NOMEM;
    if (m->ncache == m->capcache) {
        size_t cap = m->capcache ? m->capcache * 2 : 16;
        struct cached **c = realloc(m->cache, cap * sizeof(*c));
        if (!c)
            return BP_ERR_NOMEM;
        m->cache = c;
        m->capcache = cap;
    }
    struct cached *c = malloc(sizeof(*c));
    if (!c)
        return BP_ERR_NOMEM;
    enum bp_err e = read_term(db, t, on_cover ? &among : NULL, &c->l);
    if (e) {
        free(c);
        return e;
    }
    c->t = *t;
    c->on_cover = on_cover;
    m->cache[m->ncache++] = c;
    *out = &c->l;
    return BP_OK;
}

static const struct rowpos *find_row(const struct list *l, long long rowid)
{
    size_t lo = 0, hi = l->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (l->r[mid].rowid < rowid)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < l->n && l->r[lo].rowid == rowid ? &l->r[lo] : NULL;
}

static bool has_pos(const struct rowpos *r, int pos)
{
    size_t lo = 0, hi = r->npos;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (r->pos[mid] < pos)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < r->npos && r->pos[lo] == pos;
}

/* rows as a PostgreSQL array literal into out. */
static void rows_literal(const struct list *rows, struct buf *out)
{
    (void)buf_addch(out, '{');
    for (size_t i = 0; i < rows->n; i++)
        (void)buf_addf(out, "%s%lld", i ? "," : "", rows->r[i].rowid);
    (void)buf_addch(out, '}');
}

static enum bp_err phrase_join(struct phrase *ph, const struct list *const *l);

/* The phrase's rows: where its tokens follow each other, in one of its columns. A cover phrase's
 * rows are read whole, its rarest token's first and the others' among those rows when that is
 * fewer; another phrase's tokens are read among the cover's rows (exact there: every row the
 * expression is evaluated on is one of them). */
static enum bp_err phrase_rows(struct db *db, struct search_pg_match *m, struct phrase *ph)
{
    memset(&ph->rows, 0, sizeof(ph->rows));
    if (ph->nt == 0 || ph->cols == 0 || ph->nt > 64)
        return BP_OK; /* matches nothing */
    const struct list *l[64] = {NULL};
    struct list local[64]; /* tokens read among the rarest one's rows: this phrase's only */
    size_t nlocal = 0, rare = 0;
    enum bp_err e = BP_OK;
    for (size_t k = 1; k < ph->nt; k++)
        if (ph->t[k].docs < ph->t[rare].docs)
            rare = k;
    if (!ph->cover) {
        for (size_t k = 0; k < ph->nt && !e; k++)
            e = term_rows(db, m, &ph->t[k], true, &l[k]);
    } else if (!(e = term_rows(db, m, &ph->t[rare], false, &l[rare]))) {
        struct buf lit; /* the rarest token's rows, made when a token is read among them */
        buf_init(&lit, NULL, (size_t)1 << 28);
        struct rowset among = {NULL, l[rare]->n, NULL, 0};
        for (size_t k = 0; k < ph->nt && !e; k++) {
            if (k == rare)
                continue;
            for (size_t i = 0; i < m->ncache && !l[k]; i++) /* already read whole */
                if (!m->cache[i]->on_cover && m->cache[i]->t.prefix == ph->t[k].prefix &&
                    strcmp(m->cache[i]->t.text, ph->t[k].text) == 0)
                    l[k] = &m->cache[i]->l;
            if (l[k])
                continue;
            if (!narrower(l[rare]->n, &ph->t[k])) {
                e = term_rows(db, m, &ph->t[k], false, &l[k]);
                continue;
            }
            if (!among.literal) {
                rows_literal(l[rare], &lit);
                among.literal = lit.data;
                among.len = lit.len;
            }
            e = lit.failed ? BP_ERR_NOMEM : read_term(db, &ph->t[k], &among, &local[nlocal]);
            if (!e)
                l[k] = &local[nlocal++];
        }
        buf_release(&lit);
    }
    if (!e)
        e = phrase_join(ph, l);
    for (size_t i = 0; i < nlocal; i++)
        list_free(&local[i]);
    return e;
}

/* The phrase's rows from its tokens' rows l (each exact where the phrase is looked for). */
static enum bp_err phrase_join(struct phrase *ph, const struct list *const *l)
{
    size_t total = 0;
    for (size_t i = 0; i < l[0]->n; i++)
        total += l[0]->r[i].npos;
    ph->rows.r = malloc(sizeof(struct rowpos) * (l[0]->n + 1));
    ph->rows.pool = malloc(sizeof(int) * (total + 1));
    size_t *starts = malloc(sizeof(size_t) * (l[0]->n + 1));
    if (!ph->rows.r || !ph->rows.pool || !starts) {
        free(starts);
        list_free(&ph->rows);
        return BP_ERR_NOMEM;
    }
    size_t npool = 0;
    for (size_t i = 0; i < l[0]->n; i++) {
        const struct rowpos *r0 = &l[0]->r[i];
        const struct rowpos *rk[64];
        bool all = true;
        for (size_t k = 1; k < ph->nt && all; k++)
            all = (rk[k] = find_row(l[k], r0->rowid)) != NULL;
        if (!all)
            continue;
        size_t at = npool;
        for (size_t j = 0; j < r0->npos; j++) {
            int pos = r0->pos[j];
            if (!(ph->cols & (1u << POS_COL(pos))))
                continue;
            bool ok = true;
            for (size_t k = 1; k < ph->nt && ok; k++)
                ok = has_pos(rk[k], pos + (int)k);
            if (ok)
                ph->rows.pool[npool++] = pos;
        }
        if (npool > at) {
            starts[ph->rows.n] = at;
            ph->rows.r[ph->rows.n++] = (struct rowpos){r0->rowid, NULL, npool - at};
        }
    }
    for (size_t i = 0; i < ph->rows.n; i++)
        ph->rows.r[i].pos = ph->rows.pool + starts[i];
    free(starts);
    return BP_OK;
}

/* --- evaluating --- */

/* Whether the NEAR group matches row rowid; its phrases' positions that take part, into
 * m->near_buf (as FTS5's fts5ExprNearIsMatch keeps them) when keep. */
static bool near_match(struct search_pg_match *m, const struct node *n, long long rowid, bool keep)
{
    struct reader {
        const int *pos;
        size_t npos, at;
    } a[16];
    size_t np = n->nphrase;
    if (np == 0 || np > 16)
        return false;
    for (size_t i = 0; i < np; i++) {
        const struct rowpos *r = find_row(&m->ph[n->first + i].rows, rowid);
        if (!r)
            return false;
        a[i] = (struct reader){r->pos, r->npos, 0};
        if (keep) {
            free(m->near_buf[i]);
            m->near_buf[i] = malloc(sizeof(int) * r->npos);
            m->near_n[i] = 0;
            if (!m->near_buf[i])
                return false;
        }
    }
    /* positions compare across columns as FTS5's (column << 32 | offset) do: far apart */
#define P(i) ((long long)POS_COL(a[i].pos[a[i].at]) << 32 | POS_OFF(a[i].pos[a[i].at]))
#define LOOKAHEAD(i) (a[i].at + 1 < a[i].npos ? ((long long)POS_COL(a[i].pos[a[i].at + 1]) << 32 | POS_OFF(a[i].pos[a[i].at + 1])) : (long long)INT64_MAX)
    bool matched = false;
    for (;;) {
        long long max = P(0);
        bool match;
        do {
            match = true;
            for (size_t i = 0; i < np; i++) {
                long long min = max - (long long)m->ph[n->first + i].nt - n->near;
                if (P(i) < min || P(i) > max) {
                    match = false;
                    while (P(i) < min) {
                        if (++a[i].at >= a[i].npos)
                            goto out;
                    }
                    if (P(i) > max)
                        max = P(i);
                }
            }
        } while (!match);
        matched = true;
        if (!keep)
            goto out;
        for (size_t i = 0; i < np; i++) {
            int pos = a[i].pos[a[i].at];
            if (m->near_n[i] == 0 || m->near_buf[i][m->near_n[i] - 1] != pos)
                m->near_buf[i][m->near_n[i]++] = pos;
        }
        size_t adv = 0;
        long long min = LOOKAHEAD(0);
        for (size_t i = 0; i < np; i++)
            if (LOOKAHEAD(i) < min) {
                min = LOOKAHEAD(i);
                adv = i;
            }
        if (++a[adv].at >= a[adv].npos)
            goto out;
    }
out:
#undef P
#undef LOOKAHEAD
    return matched;
}

static bool node_match(struct search_pg_match *m, const struct node *n, long long rowid)
{
    switch (n->kind) {
    case N_PHRASE:
        return find_row(&m->ph[n->first].rows, rowid) != NULL;
    case N_NEAR:
        return near_match(m, n, rowid, false);
    case N_AND:
        return node_match(m, n->a, rowid) && node_match(m, n->b, rowid);
    case N_OR:
        return node_match(m, n->a, rowid) || node_match(m, n->b, rowid);
    case N_NOT:
        return node_match(m, n->a, rowid) && !node_match(m, n->b, rowid);
    }
    return false;
}

/* The candidate rows of n (a superset of its matches), ascending, into *out. */
static enum bp_err candidates(struct search_pg_match *m, const struct node *n, long long **out,
                              size_t *nout)
{
    *out = NULL;
    *nout = 0;
    if (n->kind == N_PHRASE || n->kind == N_NEAR) {
        const struct list *l = &m->ph[n->first].rows;
        *out = malloc(sizeof(long long) * (l->n + 1));
        if (!*out)
            return BP_ERR_NOMEM;
        for (size_t i = 0; i < l->n; i++)
            (*out)[i] = l->r[i].rowid;
        *nout = l->n;
        return BP_OK;
    }
    long long *a, *b;
    size_t na, nb;
    enum bp_err e = candidates(m, n->a, &a, &na);
    if (e)
        return e;
    if (n->kind == N_NOT) {
        *out = a;
        *nout = na;
        return BP_OK;
    }
    if ((e = candidates(m, n->b, &b, &nb))) {
        free(a);
        return e;
    }
    long long *r = malloc(sizeof(long long) * (na + nb + 1));
    if (!r) {
        free(a);
        free(b);
        return BP_ERR_NOMEM;
    }
    size_t i = 0, j = 0, k = 0;
    while (i < na || j < nb) {
        if (j >= nb || (i < na && a[i] < b[j])) {
            if (n->kind == N_OR)
                r[k++] = a[i];
            i++;
        } else if (i >= na || b[j] < a[i]) {
            if (n->kind == N_OR)
                r[k++] = b[j];
            j++;
        } else {
            r[k++] = a[i];
            i++, j++;
        }
    }
    free(a);
    free(b);
    *out = r;
    *nout = k;
    return BP_OK;
}

void search_pg_free(struct search_pg_match *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->nph; i++) {
        free(m->ph[i].t);
        list_free(&m->ph[i].rows);
    }
    for (size_t i = 0; i < m->ncache; i++) {
        list_free(&m->cache[i]->l);
        free(m->cache[i]);
    }
    free(m->cache);
    free(m->cover);
    if (m->has_cover)
        buf_release(&m->cover_literal);
    for (size_t i = 0; i < 16; i++)
        free(m->near_buf[i]);
    free(m->ph);
    free_node(m->root);
    free(m->rows);
    free(m);
}

/* How many rows hold each term of the expression, by search_df (what it costs to read them):
 * the terms one statement, a prefix's range one each. A term search_df lacks counts 0. */
static enum bp_err term_docs(struct db *db, struct search_pg_match *m)
{
    struct buf terms;
    struct db_stmt *st;
    enum bp_err e = BP_OK;
    buf_init(&terms, NULL, (size_t)1 << 20);
    for (size_t i = 0; i < m->nph; i++)
        for (size_t k = 0; k < m->ph[i].nt; k++)
            if (!m->ph[i].t[k].prefix)
                (void)buf_addf(&terms, "%s%s", terms.len ? "\n" : "", m->ph[i].t[k].text);
    if (terms.failed)
        e = BP_ERR_NOMEM;
    if (!e && terms.len)
        e = db_prepare(db, "SELECT term, docs FROM search_df WHERE term = "
                           "ANY(string_to_array(?1::text, chr(10)))",
                       &st);
    if (!e && terms.len) {
        db_bind_text(st, 1, terms.data, terms.len);
        enum db_step s;
        while ((s = db_step(st)) == DB_ROW) {
            size_t n;
            const char *term = db_column_text(st, 0, &n);
            double docs = (double)db_column_int(st, 1);
            for (size_t i = 0; i < m->nph; i++)
                for (size_t k = 0; k < m->ph[i].nt; k++) {
                    struct term *t = &m->ph[i].t[k];
                    if (!t->prefix && t->len == n && memcmp(t->text, term, n) == 0)
                        t->docs = docs;
                }
        }
        db_reset(st);
        e = s == DB_FAIL ? BP_ERR_DB : BP_OK;
    }
    buf_release(&terms);
    for (size_t i = 0; i < m->nph && !e; i++)
        for (size_t k = 0; k < m->ph[i].nt && !e; k++) {
            struct term *t = &m->ph[i].t[k];
            if (!t->prefix)
                continue;
            if ((e = db_prepare(db, "SELECT coalesce(sum(docs), 0) FROM search_df WHERE "
                                    "term >= ?1::text AND term < ?1::text || chr(1114111)",
                                &st)))
                break;
            db_bind_text(st, 1, t->text, t->len);
            enum db_step s = db_step(st);
            if (s == DB_ROW)
                t->docs = (double)db_column_int(st, 0);
            db_reset(st);
            e = s == DB_ROW ? BP_OK : BP_ERR_DB;
        }
    return e;
}

/* A phrase's rows as its rarest token's (an upper bound; a phrase that matches nothing: 0). */
static double phrase_docs(const struct phrase *ph)
{
    if (ph->nt == 0 || ph->cols == 0 || ph->nt > 64)
        return 0;
    double d = ph->t[0].docs;
    for (size_t k = 1; k < ph->nt; k++)
        if (ph->t[k].docs < d)
            d = ph->t[k].docs;
    return d;
}

/* The cover of n: phrases whose rows hold every row of candidates(n) (a phrase: itself; a NEAR
 * group: its first phrase, whose rows are its candidates; AND: the cheaper of its sides'; NOT:
 * its left side's; OR: both sides'), marked in sel; what reading them costs, in rows. */
static double cover_of(const struct search_pg_match *m, const struct node *n, bool *sel)
{
    switch (n->kind) {
    case N_PHRASE:
    case N_NEAR:
        sel[n->first] = true;
        return phrase_docs(&m->ph[n->first]);
    case N_NOT:
        return cover_of(m, n->a, sel);
    case N_OR:
        return cover_of(m, n->a, sel) + cover_of(m, n->b, sel);
    case N_AND: {
        bool *a = calloc(m->nph + 1, sizeof(bool)), *b = calloc(m->nph + 1, sizeof(bool));
        double ca = 0, cb = 0;
        if (a && b) {
            ca = cover_of(m, n->a, a);
            cb = cover_of(m, n->b, b);
        }
        bool *take = !a || !b ? NULL : ca <= cb ? a : b;
        for (size_t i = 0; i < m->nph; i++) /* out of memory: every phrase, read whole */
            sel[i] = sel[i] || !take || take[i];
        free(a);
        free(b);
        return take ? (ca <= cb ? ca : cb) : 0;
    }
    }
    return 0;
}

/* The rows of the cover's phrases (read first), merged, into m->cover and its literal. */
static enum bp_err cover_rows(struct search_pg_match *m)
{
    size_t total = 0;
    for (size_t i = 0; i < m->nph; i++)
        if (m->ph[i].cover)
            total += m->ph[i].rows.n;
    m->cover = malloc(sizeof(long long) * (total + 1));
    if (!m->cover)
        return BP_ERR_NOMEM;
    for (size_t i = 0; i < m->nph; i++)
        for (size_t j = 0; m->ph[i].cover && j < m->ph[i].rows.n; j++)
            m->cover[m->ncover++] = m->ph[i].rows.r[j].rowid;
    qsort(m->cover, m->ncover, sizeof(long long), rowid_cmp);
    size_t k = 0;
    for (size_t i = 0; i < m->ncover; i++)
        if (k == 0 || m->cover[k - 1] != m->cover[i])
            m->cover[k++] = m->cover[i];
    m->ncover = k;
    buf_init(&m->cover_literal, NULL, (size_t)1 << 28);
    (void)buf_addch(&m->cover_literal, '{');
    for (size_t i = 0; i < m->ncover; i++)
        (void)buf_addf(&m->cover_literal, "%s%lld", i ? "," : "", m->cover[i]);
    (void)buf_addch(&m->cover_literal, '}');
    m->has_cover = true;
    return m->cover_literal.failed ? BP_ERR_NOMEM : BP_OK;
}

/* Parse expr and read its phrases' rows: those of its cover first (whole), then the others'
 * among the cover's rows, which hold every row the expression is evaluated on (candidates). */
static enum bp_err prepare(struct db *db, const char *expr, size_t len, struct search_pg_match **out)
{
    struct search_pg_match *m = calloc(1, sizeof(*m));
    *out = NULL;
    if (!m)
        return BP_ERR_NOMEM;
    struct parser p = {expr, expr + len, m, false};
    m->root = parse_or(&p);
    skip_space(&p);
    if (p.failed || !m->root || p.s != p.end) {
        search_pg_free(m);
        return BP_ERR_DB; /* FTS5 refuses it: "fts5: syntax error" */
    }
    enum bp_err e = term_docs(db, m);
    bool *sel = e ? NULL : calloc(m->nph + 1, sizeof(bool));
    if (!e && !sel)
        e = BP_ERR_NOMEM;
    size_t ncover = 0;
    if (!e)
        cover_of(m, m->root, sel);
    for (size_t i = 0; i < m->nph && !e; i++) {
        m->ph[i].cover = sel[i];
        ncover += sel[i];
    }
    free(sel);
    for (size_t i = 0; i < m->nph && !e; i++) /* the cover first, read whole */
        if (m->ph[i].cover)
            e = phrase_rows(db, m, &m->ph[i]);
    if (!e && ncover < m->nph)
        e = cover_rows(m);
    for (size_t i = 0; i < m->nph && !e; i++)
        if (!m->ph[i].cover)
            e = phrase_rows(db, m, &m->ph[i]);
    if (e) {
        search_pg_free(m);
        return e;
    }
    *out = m;
    return BP_OK;
}

enum bp_err search_pg_run(struct db *db, const char *expr, size_t len, struct search_pg_match **out)
{
    struct search_pg_match *m;
    enum bp_err e = prepare(db, expr, len, &m);
    *out = NULL;
    if (e)
        return e;
    long long *c;
    size_t nc;
    if ((e = candidates(m, m->root, &c, &nc))) {
        search_pg_free(m);
        return e;
    }
    size_t k = 0;
    for (size_t i = 0; i < nc; i++)
        if (node_match(m, m->root, c[i]))
            c[k++] = c[i];
    m->rows = c;
    m->nrows = k;
    *out = m;
    return BP_OK;
}

size_t search_pg_rows(const struct search_pg_match *m, const long long **rowids)
{
    *rowids = m->rows;
    return m->nrows;
}

long long search_pg_count(struct db *db, const char *expr, size_t len, long long limit)
{
    struct search_pg_match *m;
    if (search_pg_run(db, expr, len, &m))
        return -1;
    long long n = (long long)m->nrows;
    search_pg_free(m);
    return limit > 0 && n > limit ? limit : n;
}

/* The instances of the phrases under n that the match of row rowid uses: FTS5 reports a
 * phrase's positions in a row when its node sits on the row, which is when each node above it
 * matches the row (an OR's branch that does not match, a NOT's right side: none). freq gets
 * the column weights summed per phrase, *own whether an instance is in the row's own text. */
static void collect(struct search_pg_match *m, const struct node *n, long long rowid, int own_tokens,
                    double *freq, bool *own)
{
    switch (n->kind) {
    case N_PHRASE: {
        const struct rowpos *r = find_row(&m->ph[n->first].rows, rowid);
        for (size_t j = 0; r && j < r->npos; j++) {
            int col = POS_COL(r->pos[j]);
            freq[n->first] += col_weight[col];
            *own |= col != 2 || POS_OFF(r->pos[j]) < own_tokens;
        }
        return;
    }
    case N_NEAR:
        if (!near_match(m, n, rowid, true))
            return;
        for (size_t i = 0; i < n->nphrase; i++)
            for (size_t j = 0; j < m->near_n[i]; j++) {
                int pos = m->near_buf[i][j], col = POS_COL(pos);
                freq[n->first + i] += col_weight[col];
                *own |= col != 2 || POS_OFF(pos) < own_tokens;
            }
        return;
    case N_AND:
        collect(m, n->a, rowid, own_tokens, freq, own);
        collect(m, n->b, rowid, own_tokens, freq, own);
        return;
    case N_OR:
        if (node_match(m, n->a, rowid))
            collect(m, n->a, rowid, own_tokens, freq, own);
        if (node_match(m, n->b, rowid))
            collect(m, n->b, rowid, own_tokens, freq, own);
        return;
    case N_NOT:
        collect(m, n->a, rowid, own_tokens, freq, own);
        return;
    }
}

enum bp_err search_pg_score(struct db *db, struct search_pg_match *m, const void *dfs,
                            size_t ndfs, const long long *rowids, size_t n, double *bm25, bool *own)
{
    if (n == 0)
        return BP_OK;
    long long nrow = 0, ntoken = 0;
    struct db_stmt *st;
    enum bp_err e = db_prepare(db, "SELECT count(*), coalesce(sum(ntok),0) FROM search", &st);
    if (e)
        return e;
    if (db_step(st) == DB_ROW) {
        nrow = db_column_int(st, 0);
        ntoken = db_column_int(st, 1);
    } else {
        e = BP_ERR_DB;
    }
    db_reset(st);
    if (e)
        return e;
    double avgdl = (double)ntoken / (double)(nrow ? nrow : 1);
    double *idf = malloc(sizeof(double) * (m->nph + 1)), *freq = malloc(sizeof(double) * (m->nph + 1));
    struct buf ids;
    buf_init(&ids, NULL, (size_t)1 << 26);
    if (!idf || !freq) {
        free(idf);
        free(freq);
        return BP_ERR_NOMEM;
    }
    bool given = dfs && ndfs == m->nph; /* bpmc_bm25: one figure a phrase, or none taken */
    for (size_t i = 0; i < m->nph; i++) {
        double df = -1.0;
        if (given)
            memcpy(&df, (const char *)dfs + i * sizeof(double), sizeof(df));
        double hits = df >= 0.0 ? df : (double)m->ph[i].rows.n;
        if (!(df >= 0.0) && !m->ph[i].cover && m->has_cover) {
            /* read among the cover's rows only: counted whole (as bpmc_bm25 counts it) */
            struct phrase whole = m->ph[i];
            whole.cover = true;
            if ((e = phrase_rows(db, m, &whole))) {
                buf_release(&ids);
                free(idf);
                free(freq);
                return e;
            }
            hits = (double)whole.rows.n;
            list_free(&whole.rows);
        }
        if (hits > (double)nrow)
            hits = (double)nrow;
        idf[i] = log(((double)nrow - hits + 0.5) / (hits + 0.5));
        if (idf[i] <= 0.0)
            idf[i] = 1e-6;
    }
    (void)buf_addch(&ids, '{');
    for (size_t i = 0; i < n; i++)
        (void)buf_addf(&ids, "%s%lld", i ? "," : "", rowids[i]);
    (void)buf_addch(&ids, '}');
    e = ids.failed ? BP_ERR_NOMEM
                   : db_prepare(db, "SELECT rowid, ntok, own_tokens FROM search WHERE rowid = "
                                    "ANY(?1::bigint[]) ORDER BY rowid",
                                &st);
    size_t at = 0;
    if (!e) {
        db_bind_text(st, 1, ids.data, ids.len);
        enum db_step s;
        while ((s = db_step(st)) == DB_ROW) {
            long long rowid = db_column_int(st, 0);
            while (at < n && rowids[at] < rowid) { /* gone meanwhile */
                bm25[at] = 0.0;
                if (own)
                    own[at] = false;
                at++;
            }
            if (at == n || rowids[at] != rowid)
                continue;
            double d = (double)db_column_int(st, 1);
            bool mine = false;
            memset(freq, 0, sizeof(double) * m->nph);
            collect(m, m->root, rowid, (int)db_column_int(st, 2), freq, &mine);
            double score = 0.0;
            const double k1 = 1.2, b = 0.75;
            for (size_t i = 0; i < m->nph; i++)
                score += idf[i] * ((freq[i] * (k1 + 1.0)) / (freq[i] + k1 * (1 - b + b * d / avgdl)));
            bm25[at] = -1.0 * score;
            if (own)
                own[at] = mine;
            at++;
        }
        db_reset(st);
        if (s == DB_FAIL)
            e = BP_ERR_DB;
    }
    for (; at < n; at++) {
        bm25[at] = 0.0;
        if (own)
            own[at] = false;
    }
    buf_release(&ids);
    free(idf);
    free(freq);
    return e;
}
