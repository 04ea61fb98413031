/*
 * search: index maintenance and queries over the FTS5 table "search" and its map "search_rows".
 *
 * A row of the index has four columns: title (what names the row, shown in results), names
 * (its other names: an English name or title, aliases, synonyms), body (the other searchable
 * text, and the names and synonyms of the row's field tags) and meta, which holds tokens no
 * one types: the collection ("0cneeds"), the visibility ("0vpublic") and the owning
 * organisation ("0o12"). Filtering by kind and by what the caller may see is then part of the
 * full-text query, a merge of posting lists, instead of a lookup of every match in search_rows.
 *
 * A query is cut into words (a Hangul run, a Latin word, a 초성 run). Words that are a tag's
 * name or synonym become an OR group of all the tag's names and synonyms; a Latin word of five
 * letters or more that the index (nearly) lacks also matches the index's words one or two edits
 * away (Damerau-Levenshtein), found in search_df, which counts the rows holding each token of
 * the index. Ranking is BM25 with weights 10 (title), 5 (names), 1 (body), 0 (meta), each
 * phrase's rows counted by search_df (bpmc_bm25: no posting list is read for an IDF); rows with
 * the typed words themselves come before rows found only through a typo's corrections. Ranked
 * are the first SEARCH_RANK_WINDOW matches in index order that the caller may see, and the
 * title and names matches of one word after them, over a bounded span (rank). The total is exact
 * up to SEARCH_TOTAL_EXACT matches and estimated beyond (count_matches).
 */
#include "engine/search.h"

#include <ctype.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/resource_int.h"
#include "engine/search_int.h"
#include "engine/search_pg.h"
#include "base/tokens.h"
#include "base/banned.h"

#define MARK_OPEN '\x01'
#define MARK_CLOSE '\x02'
/* In an indexed body, between the row's own text and what it carries from elsewhere (its fields'
 * names, its organisation's names). */
#define OWN_TEXT_END '\x1f'

/* A tag's name or synonym matched in a query spans at most this many words ("in vitro
 * diagnostics"), and a word gets at most this many alternatives (a tag's names and synonyms). */
#define SEARCH_SPAN_WORDS 4
/* A tag's name or synonym held by more than this share of the index's rows (and more than
 * SEARCH_BROAD_MIN rows) is too broad to stand in for a word. */
#define SEARCH_BROAD_PERCENT 2
#define SEARCH_BROAD_MIN 200
/* Typo tolerance: words of this many Latin letters or more, when the index has fewer than
 * TYPO_FEW_HITS rows with them; two edits from this length on. At most TYPO_SCAN_MAX
 * vocabulary terms are read per range and TYPO_CANDIDATES_MAX kept (the most frequent of the
 * nearest), so a typo costs a bounded, small read of the vocabulary. */
/* The share of its BM25 a row keeps when it holds a word of the query behind a negating
 * prefix (비임상 for 임상); BM25 is negative in SQLite, lower is better, so it is scaled down. */
#ifndef SEARCH_NEGATED_WEIGHT
#define SEARCH_NEGATED_WEIGHT 0.5
#endif
/* The share of its BM25 a need keeps when the query asks for providers (asks_for_providers). */
#ifndef SEARCH_NEEDS_WEIGHT
#define SEARCH_NEEDS_WEIGHT 0.25
#endif
/* The share of its BM25 a need keeps for any other query: a need asks for help, and a person
 * searching a field's word looks first for who works in it (measured: 0.7–0.9 all raise the
 * three judged sets; 0.9 lowers the fewest cases). */
#ifndef SEARCH_NEEDS_PLAIN_WEIGHT
#define SEARCH_NEEDS_PLAIN_WEIGHT 0.9
#endif
/* The share of its BM25 a row keeps when the query matches none of its own text (title, names,
 * the body before the unit separator, the meta tokens of the tags it carries), only the names
 * appended to its body: of the fields it carries and of the organisation that owns it. A weak
 * signal: every row of 한국임상지원재단 holds 임상 that way. People are exempt: a person is known
 * by the organisation they work at (고양시 finds the city's contacts). */
#ifndef SEARCH_APPENDED_WEIGHT
#define SEARCH_APPENDED_WEIGHT 0.5
#endif
/* The share of its BM25 a row of an entry with R_SEARCH_AFTER keeps (IR events, courses, surveys,
 * the program's projects): a field's word (유전체, 의료 AI) asks first for who works in it; the
 * course or the event comes in its own group of the search page, and under them in the header's
 * list (measured on the demo set, which does not judge them: at 1.0 they took its nDCG@10 from
 * 0.901 to 0.880, 24 cases lower; 0.5: 0.900, 7 lower; 0.3 and 0.15: 0.901, the same two lower,
 * where they hold every word of the query as typed: docs/search.md, "Lowered judged cases"). */
#ifndef SEARCH_AFTER_WEIGHT
#define SEARCH_AFTER_WEIGHT 0.3
#endif
/* The factor on the BM25 of a row whose title is the query as typed (case aside): a person's
 * or an organisation's whole name (정이, not 정이서, for 정이). */
#ifndef SEARCH_EXACT_TITLE_WEIGHT
#define SEARCH_EXACT_TITLE_WEIGHT 2.0
#endif
/* Strata of the estimate of a total beyond SEARCH_TOTAL_EXACT (count_matches), and how many
 * matches it reads at most to find SEARCH_TOTAL_EXACT the caller may see before it counts the
 * rest with the scoped expression instead. */
#define SEARCH_TOTAL_STRATA 4
#define SEARCH_TOTAL_SCAN 1000
/* Every row's meta holds its rowid's bucket, "0b" and rowid >> SEARCH_BUCKET_SHIFT (65 536 rows a
 * bucket), and a count's statement from a rowid on ANDs its expression with the buckets from
 * that rowid's to the index's last (bucket_expr), at most SEARCH_BUCKETS_MAX of them (else a
 * window's own). */
#define SEARCH_BUCKET_SHIFT 16
#define SEARCH_BUCKETS_MAX 32
#define TYPO_MIN_LETTERS 5
#define TYPO_TWO_EDITS_LETTERS 8
#define TYPO_FEW_HITS 3

#define USER_COLUMNS "{title names body} : "

bool search_indexed(const struct resource *r)
{
    /* the index's map must be able to say who sees each row (access.h) */
    if (!r->title_field || (r->flags & R_NOT_INDEXED) || !access_searchable(r))
        return false;
    for (const struct field *f = r->fields; f->name; f++)
        if ((f->flags & F_SEARCH) && f->type == FT_TEXT && !(f->flags & (F_PRIVATE | F_HIDDEN)))
            return true;
    return false;
}

/* --- the index --- */

/* Whether f holds other names of the row: the title's English twin (name_en beside name or
 * name_ko, title_en beside title) and a list of aliases. (A tag's synonyms stay in the body:
 * as names they made every row tagged with it outrank rows that say the word.) */
static bool is_name_field(const struct resource *r, const struct field *f)
{
    if (f->type == FT_LIST)
        return strcmp(f->name, "aliases") == 0;
    size_t stem = strlen(r->title_field), n = strlen(f->name);
    if (stem > 3 && strcmp(r->title_field + stem - 3, "_ko") == 0)
        stem -= 3;
    return f->type == FT_TEXT && n == stem + 3 && strncmp(f->name, r->title_field, stem) == 0 &&
           strcmp(f->name + stem, "_en") == 0;
}

static bool field_searchable(const struct field *f)
{
    return ((f->flags & F_SEARCH) && (f->type == FT_TEXT || f->type == FT_LIST)) ||
           f->type == FT_TAGS;
}

/* The SQL of the index's rows in the database's spelling: SQLite's, and PostgreSQL's for
 * search_pg.c (the same text: array elements in their order). */
struct spelling {
    const char *nl, *nl_own_end, *list, *tags, *org;
};

static const struct spelling *spelling(void)
{
    static const struct spelling sqlite = {
        "char(10)", "char(10, 31)",
        "coalesce((SELECT group_concat(value, ' ') FROM json_each(t.%s)),'')",
        "coalesce((SELECT group_concat(g.name_ko || ' ' || g.name_en, ' ') "
        "FROM json_each(t.%s) f JOIN tags g ON g.slug=f.value),'')",
        "coalesce((SELECT o.name || ' ' || coalesce(o.name_en,'') || ' ' || coalesce((SELECT "
        "group_concat(value, ' ') FROM json_each(o.aliases)),'') FROM orgs o WHERE o.id=t.%s AND "
        "o.visibility='public'),'')",
    };
    static const struct spelling pg = {
        "chr(10)", "chr(10) || chr(31)",
        "coalesce((SELECT string_agg(e.value, ' ' ORDER BY e.n) FROM "
        "json_array_elements_text(t.%s::json) WITH ORDINALITY AS e(value, n)),'')",
        "coalesce((SELECT string_agg(g.name_ko || ' ' || g.name_en, ' ' ORDER BY f.n) FROM "
        "json_array_elements_text(t.%s::json) WITH ORDINALITY AS f(value, n) JOIN tags g ON "
        "g.slug=f.value),'')",
        "coalesce((SELECT o.name || ' ' || coalesce(o.name_en,'') || ' ' || coalesce((SELECT "
        "string_agg(e.value, ' ' ORDER BY e.n) FROM json_array_elements_text(o.aliases::json) "
        "WITH ORDINALITY AS e(value, n)),'') FROM orgs o WHERE o.id=t.%s AND "
        "o.visibility='public'),'')",
    };
    return dialect_fts5() ? &sqlite : &pg;
}

/* A spelling's template with its one "%s" replaced by name (a declared column). */
static void add_spelled(struct buf *sql, const char *tmpl, const char *name)
{
    const char *at = strstr(tmpl, "%s");
    (void)buf_add(sql, tmpl, (size_t)(at - tmpl));
    (void)buf_adds(sql, name);
    (void)buf_adds(sql, at + 2);
}

/* The SQL text of a searchable field of t. */
static void field_text_sql(const struct field *f, struct buf *sql)
{
    if (f->type == FT_TEXT)
        (void)buf_addf(sql, "coalesce(t.%s,'')", f->name);
    else if (f->type == FT_LIST) /* synonyms, aliases */
        add_spelled(sql, spelling()->list, f->name);
    else /* the fields' names: 의료영상 finds what carries the field (its synonyms are read by
          * queries, through the tag's meta token) */
        add_spelled(sql, spelling()->tags, f->name);
}

/* Whether r's rows belong to an organisation (other than the organisation itself). */
static bool owned_by_org(const struct resource *r)
{
    if (!r->owner_field || strcmp(r->owner_field, "id") == 0)
        return false;
    const struct field *f = resource_field(r, r->owner_field, strlen(r->owner_field));
    return f && f->type == FT_REF && f->ref && strcmp(f->ref, "orgs") == 0;
}

/* SELECT title, names, body, org, visibility, tags, party FROM the entry's table for one row. */
static enum bp_err row_sql(const struct resource *r, struct buf *sql)
{
    (void)buf_addf(sql, "SELECT coalesce(t.%s,''), ''", r->title_field);
    /* names; then the body: its text, and last the fields' names, so that a snippet shows
     * the row's own words before them */
    for (int pass = 0; pass < 3; pass++) {
        if (pass == 1)
            (void)buf_adds(sql, ", ''");
        if (pass == 2) /* what the row does not say itself comes after a unit separator: a
                        * snippet shows it only when the row's own text has no word of the query */
            (void)buf_addf(sql, " || %s", spelling()->nl_own_end);
        for (const struct field *f = r->fields; f->name; f++) {
            if ((f->flags & (F_PRIVATE | F_HIDDEN)) || strcmp(f->name, r->title_field) == 0 ||
                !field_searchable(f) || is_name_field(r, f) != (pass == 0) ||
                (pass && (f->type == FT_TAGS) != (pass == 2)))
                continue;
            (void)buf_addf(sql, " || %s || ", spelling()->nl);
            field_text_sql(f, sql);
        }
    }
    if (owned_by_org(r)) /* the organisation's names, when anyone may see them: 동국대병원 finds
                          * its brain MR data, NCC its capabilities */
    {
        (void)buf_addf(sql, " || %s || ", spelling()->nl);
        add_spelled(sql, spelling()->org, r->owner_field);
    }
    (void)buf_addf(sql, ", %s%s, %s%s, ''", r->owner_field ? "t." : "",
                   r->owner_field ? r->owner_field : "NULL", r->visibility_field ? "t." : "",
                   r->visibility_field ? r->visibility_field : "'public'");
    for (const struct field *f = r->fields; f->name; f++) /* the slugs of the row's tags */
        if (f->type == FT_TAGS && !(f->flags & (F_PRIVATE | F_HIDDEN)))
        {
            (void)buf_adds(sql, " || ' ' || ");
            add_spelled(sql, spelling()->list, f->name);
        }
    /* the second organisation that reads the row (party_field: a collaboration's other side) */
    (void)buf_addf(sql, ", %s%s", r->party_field ? "t." : "", r->party_field ? r->party_field : "NULL");
    (void)buf_addf(sql, " FROM %s t", r->table);
    return sql->failed ? BP_ERR_NOMEM : BP_OK;
}

/* A name as meta tokens take it: its letters and digits (needs, medicalimaging). */
size_t meta_name(const char *name, size_t len, char *out, size_t size)
{
    size_t n = 0;
    for (size_t i = 0; i < len && n + 1 < size; i++)
        if ((name[i] >= 'a' && name[i] <= 'z') || (name[i] >= '0' && name[i] <= '9'))
            out[n++] = name[i];
        else if (name[i] >= 'A' && name[i] <= 'Z')
            out[n++] = (char)(name[i] - 'A' + 'a');
    out[n] = '\0';
    return n;
}

/* The meta column's tokens: collection, visibility, owner (and the party, which reads the row
 * as the owner does: the count's scope filter admits a private row by either) and the row's
 * tags. */
static void meta_text(const struct resource *r, const char *vis, size_t vis_len, bool has_org,
                      long long org, long long party, const char *tags, size_t tags_len,
                      struct buf *out)
{
    char name[128];
    meta_name(r->name, strlen(r->name), name, sizeof(name));
    (void)buf_addf(out, "0c%s", name);
    meta_name(vis, vis_len, name, sizeof(name));
    (void)buf_addf(out, " 0v%s", name);
    if (has_org)
        (void)buf_addf(out, " 0o%lld", org);
    if (party && party != org)
        (void)buf_addf(out, " 0o%lld", party);
    while (tags_len) {
        struct str all = {tags, tags_len}, slug;
        struct str rest = str_cut(all, ' ', &slug);
        if (slug.len && meta_name(slug.ptr, slug.len, name, sizeof(name)))
            (void)buf_addf(out, " 0t%s", name);
        tags = rest.ptr;
        tags_len = rest.ptr ? rest.len : 0;
    }
}

/* --- how many rows hold each token: search_df ---
 *
 * BM25 weighs each phrase of a query by how many rows hold it (its IDF). FTS5's bm25() counts
 * them by reading every phrase's whole posting list before it scores the first row, which for a
 * common word (연구: half the index) is most of a query's time; the vocabulary's counts
 * (fts5vocab) are read the same way. search_df keeps, for every token of the index, how many
 * rows hold it, in the transaction that indexes or removes a row; the index is built without it
 * and search_df filled from the vocabulary in one pass at the end (search_fill_if_empty). A
 * phrase is then weighed by its rarest token (bpmc_bm25, db/sqlite.c), and the typo
 * tolerance's scans of the vocabulary are a range of a b-tree. */

#define TERM_REC (TOKENS_MAX_BYTES + 1)

static int collect_term(void *ctx, const char *tok, size_t len, size_t start, size_t end, bool prefix)
{
    char rec[TERM_REC];
    (void)start;
    (void)end;
    (void)prefix;
    memset(rec, 0, sizeof(rec));
    memcpy(rec, tok, len < TOKENS_MAX_BYTES ? len : TOKENS_MAX_BYTES);
    return buf_add(ctx, rec, sizeof(rec)) == BP_OK ? 0 : 1;
}

static int term_rec_cmp(const void *a, const void *b) { return strcmp(a, b); }

/* Add delta (+1 or -1) to the count of each distinct token of a row's four texts. */
static enum bp_err df_update(struct db *db, const char *const text[4], const size_t len[4], int delta)
{
    struct buf b;
    enum bp_err e = BP_OK;
    buf_init(&b, NULL, (size_t)1 << 28);
    for (int c = 0; c < 4; c++)
        if (text[c] && len[c])
            (void)tokens_split(text[c], len[c], TOKENS_DOCUMENT, collect_term, &b);
    if (b.failed)
        e = BP_ERR_NOMEM;
    size_t n = b.len / TERM_REC;
    if (!e && n)
        qsort(b.data, n, TERM_REC, term_rec_cmp);
    struct db_stmt *st = NULL, *drop = NULL;
    if (!e && n)
        e = db_prepare(db,
                       delta > 0 ? "INSERT INTO search_df(term, docs) VALUES (?1, 1) "
                                   "ON CONFLICT(term) DO UPDATE SET docs = search_df.docs + 1"
                                 : "UPDATE search_df SET docs = docs - 1 WHERE term = ?1",
                       &st);
    if (!e && n && delta < 0)
        e = db_prepare(db, "DELETE FROM search_df WHERE term = ?1 AND docs <= 1", &drop);
    for (size_t i = 0; !e && i < n; i++) {
        const char *t = b.data + i * TERM_REC;
        if (i && strcmp(t, t - TERM_REC) == 0)
            continue;
        size_t tl = strlen(t);
        if (drop) { /* the last row with it: no row holds it any more */
            db_bind_text(drop, 1, t, tl);
            e = db_step(drop) == DB_DONE ? BP_OK : BP_ERR_DB;
            db_reset(drop);
        }
        db_bind_text(st, 1, t, tl);
        if (!e)
            e = db_step(st) == DB_DONE ? BP_OK : BP_ERR_DB;
        db_reset(st);
    }
    buf_release(&b);
    return e;
}

/* --- pair tokens: two common words that meet rarely, from one short list ---
 *
 * Two common words that few rows hold together (임상 웨어러블: 190 000 and 36 000 rows, 1 600
 * together at a million) cost a read of most of both posting lists: FTS5's AND walks them to
 * the window's hundredth match, a count to its end. The tags are the index's common words (a
 * tag's names and synonyms are what people type: 임상, 웨어러블, 유전체, liquid biopsy), so
 * for the first SEARCH_PAIR_TAGS tags, search_pair_terms (written when the index is made from
 * nothing, read by every row indexed since) holds their terms, and a row holds in meta, in no
 * length, "0p<a>x<b>" for every two of them a < b it "holds": tag a's meta token, or for one of
 * its terms, a token starting with each of the term's tokens (each word of the term as FTS5
 * reads it quoted; "starting with": so that a prefix phrase of it implies the tag too), in any
 * column; a row anonymous callers may see holds "0q<a>x<b>" as well (their scope's). A query
 * whose two groups each match only rows that hold a tag (pair_implied: every alternative of the
 * group is one of its terms, or its meta token, or words holding one) ANDs their pair token to
 * the expression: the same rows, and FTS5's AND, which moves every list to the largest rowid
 * of them, seeks the long lists along the short one. The token is a condition the expression
 * implies (a superset: a row with both words anywhere holds it), never one that narrows it. */
#define SEARCH_PAIR_TAGS 32
#define PAIR_TERM_TOKENS 8
#define PAIR_EXPR_MAX 256
/* At most this many pair tokens ANDed to an expression (three words: three pairs). */
#define SEARCH_PAIRS_ANDED 4
_Static_assert(SEARCH_PAIR_TAGS == 32, "pairs_write's statement says 32");

struct pair_term {
    unsigned tag;
    size_t ntok;
    char tok[PAIR_TERM_TOKENS][TOKENS_MAX_BYTES + 1];
};

/* The list an index was made with: immutable once published (pairs_acquire), kept for the
 * process's life in a chain (a rebuild makes a new one; few a process). */
struct pairs {
    long long stamp_max; /* the list's largest id (pairs_acquire) */
    size_t ntags, nterms;
    char slug[SEARCH_PAIR_TAGS][128]; /* meta_name of each tag's slug: its "0t" token */
    struct pair_term *term;
    struct pairs *older;
};

static pthread_mutex_t pairs_lock = PTHREAD_MUTEX_INITIALIZER;
static struct pairs *pairs_current;

struct term_tokens {
    struct pair_term *t;
    bool over;
};

static int collect_term_token(void *ctx, const char *tok, size_t len, size_t start, size_t end, bool prefix)
{
    struct term_tokens *tt = ctx;
    (void)start;
    (void)end;
    (void)prefix; /* a quoted word's last token is no prefix ("…" without *) */
    if (tt->t->ntok == PAIR_TERM_TOKENS || len > TOKENS_MAX_BYTES) {
        tt->over = true;
        return 1;
    }
    memcpy(tt->t->tok[tt->t->ntok], tok, len);
    tt->t->tok[tt->t->ntok++][len] = '\0';
    return 0;
}

/* The tokens a row must hold for FTS5 to match text as a tag's term (add_term: each word quoted,
 * read again by the tokenizer as a query), into t; false when there are none or too many. */
static bool term_tokens(const char *text, size_t len, struct parsed *scratch, struct pair_term *t)
{
    struct term_tokens tt = {t, false};
    t->ntok = 0;
    parse_query(text, len, scratch);
    for (size_t w = 0; w < scratch->nword && !tt.over; w++)
        (void)tokens_split(text + scratch->word[w].start, scratch->word[w].end - scratch->word[w].start,
                           TOKENS_QUERY, collect_term_token, &tt);
    return !tt.over && t->ntok > 0;
}

static struct pairs *pairs_load(struct db *db, long long n, long long max)
{
    struct db_stmt *st;
    struct pairs *ps = calloc(1, sizeof(*ps));
    struct parsed *scratch = malloc(sizeof(*scratch));
    if (ps)
        ps->term = calloc((size_t)(n > 0 ? n : 1), sizeof(*ps->term));
    if (!ps || !ps->term || !scratch ||
        db_prepare(db, "SELECT tag, slug, term FROM search_pair_terms ORDER BY id", &st)) {
        free(scratch);
        if (ps)
            free(ps->term);
        free(ps);
        return NULL;
    }
    ps->stamp_max = max;
    enum db_step s;
    while ((s = db_step(st)) == DB_ROW && ps->nterms < (size_t)n) {
        long long tag = db_column_int(st, 0);
        size_t slen, tlen;
        const char *slug = db_column_text(st, 1, &slen);
        const char *term = db_column_text(st, 2, &tlen);
        if (tag < 0 || tag >= SEARCH_PAIR_TAGS)
            continue;
        if ((size_t)tag >= ps->ntags) {
            for (size_t k = ps->ntags; k <= (size_t)tag; k++)
                ps->slug[k][0] = '\0';
            ps->ntags = (size_t)tag + 1;
        }
        /* a "0t" token longer than a token is cut in two by the tokenizer: then none */
        if (meta_name(slug, slen, ps->slug[tag], sizeof(ps->slug[tag])) + 2 > TOKENS_MAX_BYTES)
            ps->slug[tag][0] = '\0';
        struct pair_term *t = &ps->term[ps->nterms];
        t->tag = (unsigned)tag;
        if (term_tokens(term, tlen, scratch, t))
            ps->nterms++;
    }
    db_reset(st);
    free(scratch);
    if (s == DB_FAIL) {
        free(ps->term);
        free(ps);
        return NULL;
    }
    return ps;
}

/* The list the index was made with, or NULL when it holds none (an index made before 0190 is
 * made again by it; an empty list: no tags then) or on PostgreSQL (which counts whole). */
static const struct pairs *pairs_acquire(struct db *db)
{
    if (!dialect_fts5())
        return NULL;
    long long n = 0, max = 0;
    /* the list is written whole, with ids past every earlier one (AUTOINCREMENT): its largest id
     * tells it, read from the b-tree's end (once a row indexed, once a search) */
    if (db_query_int(db, "SELECT coalesce(max(id), 0) FROM search_pair_terms", 0, &max) || max <= 0)
        return NULL;
    pthread_mutex_lock(&pairs_lock);
    struct pairs *ps = pairs_current;
    pthread_mutex_unlock(&pairs_lock);
    if (ps && ps->stamp_max == max)
        return ps;
    if (db_query_int(db, "SELECT count(*) FROM search_pair_terms", 0, &n) || n <= 0 || !(ps = pairs_load(db, n, max)))
        return NULL;
    pthread_mutex_lock(&pairs_lock);
    ps->older = pairs_current;
    pairs_current = ps;
    pthread_mutex_unlock(&pairs_lock);
    return ps;
}

/* The list from the tags as they are (at the start of a fill from nothing, SQLite): the first
 * SEARCH_PAIR_TAGS tags by id, each with its Korean and English names and its synonyms. */
static enum bp_err pairs_write(struct db *db)
{
    enum bp_err e = db_exec(db, "DELETE FROM search_pair_terms");
    if (!e)
        e = db_exec(db, "INSERT INTO search_pair_terms(tag, slug, term) "
                        "SELECT k, slug, term FROM (SELECT (SELECT count(*) FROM tags h WHERE h.id < g.id) AS k, "
                        "g.id AS id, g.slug AS slug, g.name_ko AS term, 0 AS o FROM tags g UNION ALL "
                        "SELECT (SELECT count(*) FROM tags h WHERE h.id < g.id), g.id, g.slug, g.name_en, 1 FROM tags g "
                        "UNION ALL SELECT (SELECT count(*) FROM tags h WHERE h.id < g.id), g.id, g.slug, s.value, 2 + s.key "
                        "FROM tags g, json_each(g.synonyms) s WHERE s.type = 'text') x "
                        "WHERE k < 32 ORDER BY id, o"); /* SEARCH_PAIR_TAGS */
    return e;
}

#define TOKEN_REC (TOKENS_MAX_BYTES + 1)

static int collect_row_token(void *ctx, const char *tok, size_t len, size_t start, size_t end, bool prefix)
{
    char rec[TOKEN_REC];
    (void)start;
    (void)end;
    (void)prefix;
    memset(rec, 0, sizeof(rec));
    memcpy(rec, tok, len < TOKENS_MAX_BYTES ? len : TOKENS_MAX_BYTES);
    return buf_add(ctx, rec, sizeof(rec)) == BP_OK ? 0 : 1;
}

static int token_rec_cmp(const void *a, const void *b) { return strcmp(a, b); }

/* Whether the sorted tokens [0, n) of b hold one that starts with t (one that a phrase of t as a
 * prefix matches, t itself first). */
static bool holds_prefix(const struct buf *b, size_t n, const char *t)
{
    size_t lo = 0, hi = n, tl = strlen(t);
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(b->data + mid * TOKEN_REC, t) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && strncmp(b->data + lo * TOKEN_REC, t, tl) == 0;
}

/* Appends to meta the row's pair tokens (in no length): the row's texts are its four columns
 * (meta without them); open: anonymous callers may see the row (its visibility is neither
 * private nor cluster, scope_expr's), which holds each pair twice, "0p" and "0q". */
static void add_pair_tokens(const struct pairs *ps, const char *const text[4], const size_t len[4], bool open,
                            struct buf *meta)
{
    struct buf b;
    bool held[SEARCH_PAIR_TAGS] = {false};
    buf_init(&b, NULL, (size_t)1 << 28);
    for (int c = 0; c < 4; c++)
        if (text[c] && len[c])
            (void)tokens_split(text[c], len[c], TOKENS_DOCUMENT, collect_row_token, &b);
    size_t n = b.failed ? 0 : b.len / TOKEN_REC;
    if (n)
        qsort(b.data, n, TOKEN_REC, token_rec_cmp);
    for (size_t i = 0; i < ps->nterms; i++) {
        const struct pair_term *t = &ps->term[i];
        bool all = !held[t->tag];
        for (size_t k = 0; all && k < t->ntok; k++)
            all = holds_prefix(&b, n, t->tok[k]);
        held[t->tag] |= all;
    }
    for (size_t a = 0; a < ps->ntags; a++) {
        char key[TOKEN_REC];
        if (held[a] || !ps->slug[a][0] || !n)
            continue;
        memset(key, 0, sizeof(key));
        snprintf(key, sizeof(key), "0t%s", ps->slug[a]);
        held[a] = bsearch(key, b.data, n, TOKEN_REC, token_rec_cmp) != NULL;
    }
    for (size_t a = 0; a < ps->ntags; a++)
        for (size_t c = a + 1; held[a] && c < ps->ntags; c++)
            if (held[c])
                (void)buf_addf(meta, open ? " %c0p%zux%zu %c0q%zux%zu" : " %c0p%zux%zu", TOKENS_UNCOUNTED, a, c,
                               TOKENS_UNCOUNTED, a, c);
    buf_release(&b);
}

/* search_remove_row; counts: keep search_df (not while the index is built from nothing). */
static enum bp_err remove_row(struct db *db, const struct resource *r, long long id, bool counts)
{
    struct db_stmt *st;
    enum bp_err e = BP_OK;
    if (counts) { /* the tokens the row held */
        if ((e = db_prepare(db, "SELECT title, names, body, meta FROM search WHERE rowid = (SELECT rowid "
                                "FROM search_rows WHERE collection=?1 AND row_id=?2)",
                            &st)))
            return e;
        db_bind_text(st, 1, r->name, strlen(r->name));
        db_bind_int(st, 2, id);
        if (db_step(st) == DB_ROW) {
            const char *text[4];
            size_t len[4];
            for (int c = 0; c < 4; c++)
                text[c] = db_column_text(st, c, &len[c]);
            e = df_update(db, text, len, -1);
        }
        db_reset(st);
        if (e)
            return e;
    }
    e = db_prepare(db,
                   "DELETE FROM search WHERE rowid = (SELECT rowid FROM search_rows "
                   "WHERE collection=?1 AND row_id=?2)",
                   &st);
    if (e)
        return e;
    db_bind_text(st, 1, r->name, strlen(r->name));
    db_bind_int(st, 2, id);
    enum db_step s = db_step(st);
    db_reset(st);
    if (s != DB_DONE || (e = db_prepare(db, "DELETE FROM search_rows WHERE collection=?1 AND row_id=?2", &st)))
        return e ? e : BP_ERR_DB;
    db_bind_text(st, 1, r->name, strlen(r->name));
    db_bind_int(st, 2, id);
    s = db_step(st);
    db_reset(st);
    return s == DB_DONE ? BP_OK : BP_ERR_DB;
}

enum bp_err search_remove_row(struct db *db, const struct resource *r, long long id)
{
    if (!dialect_text_index()) /* no index on PostgreSQL yet: nothing to keep */
        return BP_OK;
    if (!search_indexed(r))
        return BP_OK;
    return remove_row(db, r, id, true);
}

static enum bp_err index_row(struct db *db, const struct resource *r, long long id, bool counts);
static enum bp_err index_one(struct db *db, const struct resource *r, long long id, bool counts);

/* An organisation's names and visibility as the index holds them (what its rows carry). */
static bool org_names(struct db *db, long long id, struct buf *out)
{
    struct db_stmt *st;
    bool found = false;
    if (db_prepare(db, dialect_fts5()
                           ? "SELECT s.title || char(10) || s.names || char(10) || m.visibility FROM "
                             "search_rows m CROSS JOIN search s ON s.rowid=m.rowid WHERE "
                             "m.collection='orgs' AND m.row_id=?1"
                           : "SELECT s.title || chr(10) || s.names || chr(10) || m.visibility FROM "
                             "search_rows m JOIN search s ON s.rowid=m.rowid WHERE "
                             "m.collection='orgs' AND m.row_id=?1",
                   &st))
        return false;
    db_bind_int(st, 1, id);
    if (db_step(st) == DB_ROW) {
        size_t len;
        const char *t = db_column_text(st, 0, &len);
        found = buf_add(out, t, len) == BP_OK;
    }
    db_reset(st);
    return found;
}

/* Index again the rows of r whose ids st (prepared and bound) lists; *rows (when not NULL)
 * counts them. */
static enum bp_err index_listed(struct db *db, const struct resource *r, struct db_stmt *st,
                                long long *rows, bool counts)
{
    enum bp_err e = BP_OK;
    struct buf ids; /* first: indexing runs other statements on the connection */
    buf_init(&ids, NULL, (size_t)1 << 30);
    while (db_step(st) == DB_ROW) {
        long long id = db_column_int(st, 0);
        (void)buf_add(&ids, &id, sizeof(id));
    }
    db_reset(st);
    for (size_t i = 0; !e && i + sizeof(long long) <= ids.len; i += sizeof(long long)) {
        long long id;
        memcpy(&id, ids.data + i, sizeof(id));
        e = index_one(db, r, id, counts);
        if (rows)
            (*rows)++;
    }
    if (!e && ids.failed)
        e = BP_ERR_NOMEM;
    buf_release(&ids);
    return e;
}

/* The rows an organisation owns carry its names: index them again when the names changed. */
static enum bp_err reindex_owned(struct db *db, long long org, bool counts)
{
    enum bp_err e = BP_OK;
    for (const struct resource *const *r = resource_all(); *r && !e; r++) {
        if (!search_indexed(*r) || !owned_by_org(*r))
            continue;
        char sql[256];
        struct db_stmt *st;
        snprintf(sql, sizeof(sql), "SELECT id FROM %s WHERE %s=?1 ORDER BY id", (*r)->table,
                 (*r)->owner_field);
        if ((e = db_prepare(db, sql, &st)))
            break;
        db_bind_int(st, 1, org);
        e = index_listed(db, *r, st, NULL, counts);
    }
    return e;
}

enum bp_err search_index_row(struct db *db, const struct resource *r, long long id)
{
    if (!search_indexed(r))
        return BP_OK;
    return index_one(db, r, id, true);
}

/* search_index_row; counts: keep search_df. */
static enum bp_err index_one(struct db *db, const struct resource *r, long long id, bool counts)
{
    if (!search_indexed(r))
        return BP_OK;
    bool is_org = strcmp(r->name, "orgs") == 0;
    struct buf before, after;
    buf_init(&before, NULL, 64 * 1024);
    buf_init(&after, NULL, 64 * 1024);
    bool had = is_org && org_names(db, id, &before);
    enum bp_err e = index_row(db, r, id, counts);
    if (!e && had && org_names(db, id, &after) &&
        (before.len != after.len || memcmp(before.data, after.data, before.len) != 0))
        e = reindex_owned(db, id, counts);
    buf_release(&before);
    buf_release(&after);
    return e;
}

/* Index one row (search_index_row without what follows from it). */
static enum bp_err index_row(struct db *db, const struct resource *r, long long id, bool counts)
{
    enum bp_err e = remove_row(db, r, id, counts);
    struct buf sql, meta;
    struct db_stmt *st, *ins;
    buf_init(&sql, NULL, 8192);
    buf_init(&meta, NULL, 64 * 1024);
    if (!e)
        e = row_sql(r, &sql);
    (void)buf_adds(&sql, " WHERE t.id=?1");
    if (e || (e = db_prepare(db, sql.data, &st)))
        goto out;
    db_bind_int(st, 1, id);
    if (db_step(st) != DB_ROW) {
        db_reset(st);
        goto out; /* gone: nothing to index */
    }
    if ((e = db_prepare(db, "INSERT INTO search_rows(collection,row_id,org_id,visibility,party_org_id) "
                            "VALUES (?1,?2,?3,?4,?5)", &ins)))
        goto out_reset;
    bool has_org = !db_column_is_null(st, 3);
    long long org = has_org ? db_column_int(st, 3) : 0;
    long long party = db_column_is_null(st, 6) ? 0 : db_column_int(st, 6);
    db_bind_text(ins, 1, r->name, strlen(r->name));
    db_bind_int(ins, 2, id);
    if (has_org)
        db_bind_int(ins, 3, org);
    if (party)
        db_bind_int(ins, 5, party);
    size_t len, tags_len;
    const char *vis = db_column_text(st, 4, &len);
    const char *tags = db_column_text(st, 5, &tags_len);
    meta_text(r, vis, len, has_org, org, party, tags, tags_len, &meta);
    char vname[64]; /* anonymous callers may see the row (scope_expr): its pairs twice */
    meta_name(vis, len, vname, sizeof(vname));
    bool open = strcmp(vname, "private") != 0 && strcmp(vname, "cluster") != 0;
    db_bind_text(ins, 4, vis, len);
    e = db_step(ins) == DB_DONE ? BP_OK : BP_ERR_DB;
    db_reset(ins);
    long long rowid = db_last_id(db);
    if (!e && !dialect_fts5()) { /* PostgreSQL: bpmc's own postings (search_pg.c) */
        const char *text[4];
        size_t lens[4];
        for (int col = 0; col < 3; col++)
            text[col] = db_column_text(st, col, &lens[col]);
        text[3] = meta.data ? meta.data : "";
        lens[3] = meta.len;
        e = meta.failed ? BP_ERR_NOMEM : search_pg_put(db, rowid, text, lens);
        if (!e && counts) /* search_df, as on SQLite below */
            e = df_update(db, text, lens, 1);
        goto out_reset;
    }
    /* SQLite: the rowid's bucket (count_matches; PostgreSQL counts whole), in no length */
    (void)buf_addf(&meta, " %c0b%lld", TOKENS_UNCOUNTED, rowid >> SEARCH_BUCKET_SHIFT);
    const struct pairs *ps = e ? NULL : pairs_acquire(db);
    if (ps) { /* and the pairs of common words it holds (pair tokens above) */
        const char *text[4];
        size_t tl[4];
        for (int col = 0; col < 3; col++)
            text[col] = db_column_text(st, col, &tl[col]);
        text[3] = meta.data;
        tl[3] = meta.len;
        add_pair_tokens(ps, text, tl, open, &meta);
    }
    if (e || (e = db_prepare(db, "INSERT INTO search(rowid,title,names,body,meta) VALUES (?1,?2,?3,?4,?5)", &ins)))
        goto out_reset;
    db_bind_int(ins, 1, rowid);
    for (int col = 0; col < 3; col++) {
        const char *text = db_column_text(st, col, &len);
        db_bind_text(ins, col + 2, text, len);
    }
    db_bind_text(ins, 5, meta.data, meta.len);
    e = meta.failed ? BP_ERR_NOMEM : (db_step(ins) == DB_DONE ? BP_OK : BP_ERR_DB);
    db_reset(ins);
    if (!e && counts) {
        const char *text[4];
        size_t tl[4];
        for (int col = 0; col < 3; col++)
            text[col] = db_column_text(st, col, &tl[col]);
        text[3] = meta.data;
        tl[3] = meta.len;
        e = df_update(db, text, tl, 1);
    }
out_reset:
    db_reset(st);
out:
    buf_release(&meta);
    buf_release(&sql);
    return e;
}

/* Whether some indexed collection has a row (*any: 1 or 0). */
static enum bp_err any_indexed_row(struct db *db, long long *any)
{
    enum bp_err e = BP_OK;
    *any = 0;
    for (const struct resource *const *r = resource_all(); *r && !e && !*any; r++) {
        char sql[160];
        if (!search_indexed(*r))
            continue;
        snprintf(sql, sizeof(sql), "SELECT count(*) FROM (SELECT 1 FROM %s LIMIT 1) one", (*r)->table);
        e = db_query_int(db, sql, 0, any);
    }
    return e;
}

/* Index the rows of the collections search_pending names (a migration that brings new
 * collections into the index, 0220) as writes index rows, into an index that holds the others,
 * and empty it; *rows counts them. */
static enum bp_err index_pending(struct db *db, long long *rows)
{
    long long n;
    enum bp_err e = db_query_int(db, "SELECT count(*) FROM search_pending", 0, &n);
    if (e || n == 0)
        return e;
    struct buf names; /* first: indexing runs other statements on the connection */
    struct db_stmt *st;
    buf_init(&names, NULL, 64 * 1024);
    if ((e = db_prepare(db, "SELECT collection FROM search_pending ORDER BY collection", &st)))
        goto out;
    while (db_step(st) == DB_ROW) {
        size_t len;
        const char *name = db_column_text(st, 0, &len);
        (void)buf_add(&names, name, len + 1);
    }
    db_reset(st);
    e = names.failed ? BP_ERR_NOMEM : BP_OK;
    for (size_t at = 0; !e && at < names.len; at += strlen(names.data + at) + 1) {
        const struct resource *r = resource_find(names.data + at, strlen(names.data + at));
        if (!r || !search_indexed(r))
            continue;
        char sql[160];
        snprintf(sql, sizeof(sql), "SELECT id FROM %s ORDER BY id", r->table);
        if (!(e = db_prepare(db, sql, &st)))
            e = index_listed(db, r, st, rows, true);
    }
    if (!e)
        e = db_exec(db, "DELETE FROM search_pending");
out:
    buf_release(&names);
    return e;
}

enum bp_err search_fill_if_empty(struct db *db, long long *rows)
{
    long long n;
    *rows = 0;
    enum bp_err e = db_query_int(db, "SELECT count(*) FROM search_rows", 0, &n);
    if (!e && n > 0) /* the index is there: only the collections brought into it since */
        return index_pending(db, rows);
    if (e)
        return e;
    /* PostgreSQL: the postings written without their foreign key's check per row, checked once
     * at the end (search_pg.h); not when no row is to be indexed, so a read-only database with
     * no rows still starts (the key's drop is a write) */
    struct search_pg_fill fk = {0};
    if (!dialect_fts5() && (e = any_indexed_row(db, &n)) == BP_OK && n)
        e = search_pg_fill_begin(db, &fk);
    /* SQLite: the pair tokens' list, which every row indexed from now on reads (not when no row
     * is to be indexed: a read-only database with no rows still starts; its first row's index
     * then holds no pairs, nor do those after it until `bpmc reindex`, and no query uses them) */
    if (!e && dialect_fts5() && (e = any_indexed_row(db, &n)) == BP_OK && n)
        e = pairs_write(db);
    for (const struct resource *const *r = resource_all(); *r && !e; r++) {
        if (!search_indexed(*r))
            continue;
        char sql[160];
        struct db_stmt *st;
        snprintf(sql, sizeof(sql), "SELECT id FROM %s ORDER BY id", (*r)->table);
        if ((e = db_prepare(db, sql, &st)))
            break;
        e = index_listed(db, *r, st, rows, false);
    }
    if (!e)
        e = search_pg_fill_end(db, &fk);
    /* the tokens' counts in one pass over the index built (none: nothing to write, so a
     * read-only database with no rows still starts) */
    if (!e && *rows > 0)
        e = db_exec(db, "DELETE FROM search_df");
    if (!e && *rows > 0)
        e = db_exec(db, "INSERT INTO search_df(term, docs) SELECT term, doc FROM search_vocab");
    /* one segment instead of the dozen a fill leaves (0135_search_optimize.sql says why) */
    if (!e && *rows > 0 && dialect_fts5())
        e = db_exec(db, "INSERT INTO search(search) VALUES ('optimize')");
    /* the collections a migration brought into the index are in it now (a write: not when the
     * table is empty, so a read-only database still starts) */
    long long pending = 0;
    if (!e && !(e = db_query_int(db, "SELECT count(*) FROM search_pending", 0, &pending)) && pending)
        e = db_exec(db, "DELETE FROM search_pending");
    return e;
}

enum bp_err search_rebuild(struct db *db, long long *rows)
{
    *rows = 0;
    enum bp_err e = db_exec(db, "DELETE FROM search_rows");
    if (!e)
        e = db_exec(db, "DELETE FROM search_df");
    if (!e) /* PostgreSQL: the postings go with their rows */
        e = db_exec(db, dialect_fts5() ? "DELETE FROM search" : "TRUNCATE search_postings, search");
    if (!e) /* which ends with FTS5's optimize: one segment, without the deleted rows' tombstones */
        e = search_fill_if_empty(db, rows);
    return e;
}

bool search_may_be_slow(struct db *db, long long inline_rows)
{
    long long n = 0;
    /* the span of the rowids: a bound on the rows indexed, read from both ends of the b-tree
     * (exact after a rebuild, where PostgreSQL's identity goes on counting from the last
     * rowid: the largest alone said twice the rows there after one). Two subqueries: SQLite
     * reads a lone min() or max() from one end, but min() and max() together in one query
     * from every row (80 ms on the loop at a million rows). */
    if (db_query_int(db,
                     "SELECT coalesce((SELECT max(rowid) FROM search_rows) - "
                     "(SELECT min(rowid) FROM search_rows) + 1, 0)",
                     0, &n))
        return true;
    return n > inline_rows;
}

/* --- the words of a query --- */

static bool is_hangul_bigram(const char *t, size_t len)
{
    const unsigned char *u = (const unsigned char *)t;
    return len == 6 && u[0] >= 0xEA && u[0] <= 0xED && u[3] >= 0xEA && u[3] <= 0xED;
}

/* Tokens of one Hangul run come as overlapping bigrams whose source bytes touch; any other
 * token starts a word. */
static int collect_token(void *ctx, const char *tok, size_t len, size_t start, size_t end,
                         bool prefix)
{
    struct parsed *p = ctx;
    if (p->ntok == SEARCH_TOKENS_MAX)
        return 1;
    struct qtoken *t = &p->tok[p->ntok];
    memcpy(t->text, tok, len);
    t->len = len;
    t->start = start;
    t->end = end;
    t->prefix = prefix;
    const struct qtoken *prev = p->ntok ? &p->tok[p->ntok - 1] : NULL;
    if (prev && is_hangul_bigram(prev->text, prev->len) && is_hangul_bigram(tok, len) &&
        prev->end == start && memcmp(prev->text + 3, tok, 3) == 0) {
        p->word[p->nword - 1].ntok++;
        p->word[p->nword - 1].end = end;
    } else {
        p->word[p->nword++] = (struct qword){p->ntok, 1, start, end};
    }
    p->ntok++;
    return 0;
}

void parse_query(const char *text, size_t len, struct parsed *p)
{
    p->ntok = p->nword = 0;
    (void)tokens_split(text, len, TOKENS_QUERY, collect_token, p);
}

/* Words of a question that say nothing about what is wanted: a query "검사해 줄 병원" or
 * "의뢰할 수 있는 곳" must not match 줄(기세포) or 수(술) as prefixes. Dropped unless every word
 * of the query is one of them. */
static const char *const function_words[] = {
    "수", "줄", "곳", "데", "것", "좀", "등", "및", "더", "또", "해", "할", "한", "된", "곳은",
    "곳이", "곳을", "데가", "있는", "있나요", "있을까요", "있어요", "있습니다", "있는지", "없나요",
    "주는", "줄까요", "주세요", "주실", "찾고", "찾는", "찾아요", "찾습니다", "원합니다", "어디",
    "어디에", "어디서", "어떤", "무엇", "누가", "맡길", "맡겨", "맡기고", "맡기려면", "하려면",
    "있을", "싶어요", "싶습니다", "필요해요", "알려", "추천", "바꾸려면", "문의하나요", "빌릴",
    "쓰는", "관련", "위한", "대한",
};

/* The Hangul run of the query that starts at byte start (NFC syllables), as typed. */
static size_t run_len(const char *text, size_t len, size_t start)
{
    size_t i = start;
    while (i + 3 <= len && (unsigned char)text[i] >= 0xEA && (unsigned char)text[i] <= 0xED)
        i += 3;
    return i - start;
}

static bool is_function_word(const char *w, size_t n)
{
    for (size_t k = 0; k < sizeof(function_words) / sizeof(function_words[0]); k++)
        if (strlen(function_words[k]) == n && memcmp(function_words[k], w, n) == 0)
            return true;
    return false;
}

/* names_hold's answers, process-wide (a slot per phrase hash; a collision replaces), each with
 * the index's largest rowid then: a row indexed since (a new or written row takes a new rowid)
 * makes it asked again. The question costs a read of every row holding the phrase's tokens in
 * any column when no title holds it: 병원과 is in the description of every organisation of a
 * large cluster, in no name, and asking cost 12 ms at a million rows. */
#define NAMES_HELD_SLOTS 256
struct name_held {
    char expr[160];
    size_t len;
    long long index_rows;
    bool found;
};
static pthread_mutex_t names_lock = PTHREAD_MUTEX_INITIALIZER;
static struct name_held *names_held;

/* Whether a title or a name of the index holds the phrase of tokens [tok, tok + n). index_rows:
 * the index's largest rowid. */
static bool names_hold(struct db *db, const struct parsed *p, size_t tok, size_t n, long long index_rows)
{
    char expr[SEARCH_TOKENS_MAX * (TOKENS_MAX_BYTES + 1) + 32];
    size_t at = (size_t)snprintf(expr, sizeof(expr), "{title names} : \"");
    for (size_t k = 0; k < n && at + TOKENS_MAX_BYTES + 4 < sizeof(expr); k++) {
        if (k)
            expr[at++] = ' ';
        memcpy(expr + at, p->tok[tok + k].text, p->tok[tok + k].len);
        at += p->tok[tok + k].len;
    }
    expr[at++] = '"';
    struct db_stmt *st;
    bool found = false;
    if (!dialect_fts5()) /* PostgreSQL: search_pg.c evaluates it as FTS5 would */
        return search_pg_count(db, expr, at, 1) > 0;
    size_t slot = (size_t)(token_hash(expr, at) % NAMES_HELD_SLOTS);
    bool cacheable = at <= sizeof(names_held[0].expr) && index_rows > 0;
    pthread_mutex_lock(&names_lock);
    if (!names_held)
        names_held = calloc(NAMES_HELD_SLOTS, sizeof(*names_held)); /* lives as long as the process */
    struct name_held *h = names_held && cacheable ? &names_held[slot] : NULL;
    bool known = h && h->len == at && h->index_rows == index_rows && memcmp(h->expr, expr, at) == 0;
    found = known && h->found;
    pthread_mutex_unlock(&names_lock);
    if (known)
        return found;
    if (db_prepare(db, "SELECT 1 FROM search WHERE search MATCH ?1 LIMIT 1", &st))
        return false;
    db_bind_text(st, 1, expr, at);
    enum db_step s = db_step(st);
    found = s == DB_ROW;
    db_reset(st);
    if (h && s != DB_FAIL) {
        pthread_mutex_lock(&names_lock);
        memcpy(h->expr, expr, at);
        h->len = at;
        h->index_rows = index_rows;
        h->found = found;
        pthread_mutex_unlock(&names_lock);
    }
    return found;
}

/* A query as search reads it: endings and particles dropped, unless a title or name holds the
 * run as typed (최예은 is a person, not 최예 + 은); function words of a question left out. */
static void parse_search_query(struct db *db, const char *text, size_t len, struct parsed *p,
                               struct parsed *whole, long long index_rows)
{
    parse_query(text, len, p);
    (void)tokens_split(text, len, TOKENS_QUERY_WHOLE, collect_token, (whole->ntok = whole->nword = 0, whole));
    bool aligned = whole->nword == p->nword;
    size_t keep = 0;
    for (size_t w = 0; w < p->nword; w++) {
        size_t rl = run_len(text, len, p->word[w].start);
        keep += !(rl && is_function_word(text + p->word[w].start, rl));
    }
    struct parsed tmp;
    tmp.ntok = tmp.nword = 0;
    for (size_t w = 0; w < p->nword; w++) {
        size_t rl = run_len(text, len, p->word[w].start);
        if (keep && rl && is_function_word(text + p->word[w].start, rl))
            continue;
        const struct parsed *src = p;
        size_t sw = w;
        if (aligned && whole->word[w].ntok > p->word[w].ntok &&
            names_hold(db, whole, whole->word[w].tok, whole->word[w].ntok, index_rows))
            src = whole;
        if (tmp.ntok + src->word[sw].ntok > SEARCH_TOKENS_MAX)
            break;
        tmp.word[tmp.nword] = src->word[sw];
        tmp.word[tmp.nword].tok = tmp.ntok;
        memcpy(&tmp.tok[tmp.ntok], &src->tok[src->word[sw].tok],
               sizeof(struct qtoken) * src->word[sw].ntok);
        tmp.ntok += src->word[sw].ntok;
        tmp.nword++;
    }
    memcpy(p, &tmp, sizeof(tmp));
}

/* The key that compares words: their tokens, \1 between tokens and \2 between words. */
static size_t words_key(const struct parsed *p, size_t first, size_t nwords, char *out, size_t size)
{
    size_t n = 0;
    for (size_t w = first; w < first + nwords; w++) {
        for (size_t k = 0; k < p->word[w].ntok; k++) {
            const struct qtoken *t = &p->tok[p->word[w].tok + k];
            if (n + t->len + 1 > size)
                return 0;
            if (n)
                out[n++] = k ? '\1' : '\2';
            memcpy(out + n, t->text, t->len);
            n += t->len;
        }
    }
    return n;
}

/* --- the synonyms: names and synonyms of tags, shared by every thread until tags change --- */

struct syn_term {
    unsigned tag;
    const char *key, *text, *slug; /* in strings */
    size_t key_off, key_len, text_off, text_len, slug_off, slug_len;
    /* the rows with the term, counted up to a bound, and the index's size class then: a term
     * of more rows than SEARCH_BROAD_PERCENT of the index does not stand in for a word */
    _Atomic long long rows, rows_class;
    /* with rows, when fewer than counted up to: the first and the last row holding the term as
     * a query writes it, and the largest rowid of the index then (else 0, INT64_MAX and 0):
     * which of a total's sampling windows may hold it */
    _Atomic long long rows_first, rows_last, rows_upto;
};

struct synonyms {
    char stamp[128];
    unsigned refs;
    bool retired;
    char *strings;
    struct syn_term *terms; /* sorted by key */
    size_t nterms;
};

static pthread_mutex_t syn_lock = PTHREAD_MUTEX_INITIALIZER;
static struct synonyms *syn_current;

static void synonyms_free(struct synonyms *s)
{
    if (!s)
        return;
    free(s->strings);
    free(s->terms);
    free(s);
}

static int key_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
    int c = memcmp(a, b, alen < blen ? alen : blen);
    return c ? c : (alen < blen ? -1 : alen > blen);
}

static int term_cmp(const void *x, const void *y)
{
    const struct syn_term *a = x, *b = y;
    int c = key_cmp(a->key, a->key_len, b->key, b->key_len);
    return c ? c : (a->tag < b->tag ? -1 : a->tag > b->tag);
}

/* Every name and synonym of every tag, with its key; NULL when out of memory or the database
 * fails (search then goes on without synonyms). */
static struct synonyms *synonyms_load(struct db *db, const char *stamp)
{
    struct db_stmt *st;
    if (db_prepare(db,
                   dialect_fts5()
                       ? "SELECT g.id, g.slug, g.name_ko FROM tags g UNION ALL SELECT g.id, g.slug, g.name_en "
                         "FROM tags g UNION ALL SELECT g.id, g.slug, s.value FROM tags g, "
                         "json_each(g.synonyms) s WHERE s.type='text' ORDER BY 1"
                       : "SELECT g.id, g.slug, g.name_ko FROM tags g UNION ALL SELECT g.id, g.slug, g.name_en "
                         "FROM tags g UNION ALL SELECT g.id, g.slug, j.v #>> '{}' FROM tags g, "
                         "json_array_elements(g.synonyms::json) AS j(v) WHERE json_typeof(j.v)='string' "
                         "ORDER BY 1",
                   &st))
        return NULL;
    struct synonyms *s = calloc(1, sizeof(*s));
    struct buf strings, terms; /* offsets first: strings moves while it grows */
    buf_init(&strings, NULL, (size_t)16 << 20);
    buf_init(&terms, NULL, (size_t)16 << 20);
    struct parsed *p = malloc(sizeof(*p));
    long long last_tag = -1;
    unsigned tag = 0;
    enum db_step r = DB_DONE;
    while (s && p && (r = db_step(st)) == DB_ROW) {
        size_t len, slug_len;
        long long id = db_column_int(st, 0);
        const char *slug = db_column_text(st, 1, &slug_len);
        const char *text = db_column_text(st, 2, &len);
        char key[SEARCH_TOKENS_MAX * (TOKENS_MAX_BYTES + 1)];
        if (len > 200 || slug_len > 100)
            continue;
        parse_query(text, len, p);
        size_t key_len = words_key(p, 0, p->nword, key, sizeof(key));
        if (!key_len || p->nword > SEARCH_SPAN_WORDS)
            continue;
        if (id != last_tag)
            tag += last_tag >= 0;
        last_tag = id;
        struct syn_term t = {.tag = tag, .key_off = strings.len, .key_len = key_len,
                             .text_off = strings.len + key_len, .text_len = len,
                             .slug_off = strings.len + key_len + len, .slug_len = slug_len};
        (void)buf_add(&strings, key, key_len);
        (void)buf_add(&strings, text, len);
        (void)buf_add(&strings, slug, slug_len);
        (void)buf_add(&terms, &t, sizeof(t));
    }
    db_reset(st);
    free(p);
    if (!s || r == DB_FAIL || strings.failed || terms.failed) {
        buf_release(&strings);
        buf_release(&terms);
        free(s);
        return NULL;
    }
    size_t n;
    s->strings = buf_detach(&strings, &n);
    s->terms = (struct syn_term *)(void *)buf_detach(&terms, &n);
    s->nterms = n / sizeof(struct syn_term);
    for (size_t i = 0; i < s->nterms; i++) {
        s->terms[i].key = s->strings + s->terms[i].key_off;
        s->terms[i].text = s->strings + s->terms[i].text_off;
        s->terms[i].slug = s->strings + s->terms[i].slug_off;
        atomic_init(&s->terms[i].rows, 0);
        atomic_init(&s->terms[i].rows_class, -1);
    }
    qsort(s->terms, s->nterms, sizeof(*s->terms), term_cmp);
    snprintf(s->stamp, sizeof(s->stamp), "%s", stamp);
    return s;
}

/* The synonyms as the tags are now, held until synonyms_release; NULL when unavailable. */
static struct synonyms *synonyms_acquire(struct db *db)
{
    struct db_stmt *st;
    char stamp[128] = "";
    /* every change of a tag through bpmc bumps its version; a delete lowers the count */
    if (db_prepare(db, "SELECT count(*) || ':' || coalesce(max(id),0) || ':' || "
                       "coalesce(sum(version),0) || ':' || coalesce(max(updated_at),'') FROM tags",
                   &st))
        return NULL;
    if (db_step(st) == DB_ROW)
        snprintf(stamp, sizeof(stamp), "%s", db_column_text(st, 0, NULL));
    db_reset(st);
    pthread_mutex_lock(&syn_lock);
    struct synonyms *s = syn_current;
    if (s && strcmp(s->stamp, stamp) == 0)
        s->refs++;
    pthread_mutex_unlock(&syn_lock);
    if (s && strcmp(s->stamp, stamp) == 0)
        return s;
    struct synonyms *fresh = synonyms_load(db, stamp);
    if (!fresh)
        return NULL;
    pthread_mutex_lock(&syn_lock);
    struct synonyms *old = syn_current;
    if (old && old->refs == 0)
        synonyms_free(old);
    else if (old)
        old->retired = true; /* freed by its last user */
    syn_current = fresh;
    fresh->refs = 1;
    pthread_mutex_unlock(&syn_lock);
    return fresh;
}

static void synonyms_release(struct synonyms *s)
{
    if (!s)
        return;
    pthread_mutex_lock(&syn_lock);
    bool drop = --s->refs == 0 && s->retired;
    pthread_mutex_unlock(&syn_lock);
    if (drop)
        synonyms_free(s);
}

/* The index of the first term with this key, or nterms. */
static size_t synonyms_find(const struct synonyms *s, const char *key, size_t len)
{
    size_t lo = 0, hi = s->nterms;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (key_cmp(s->terms[mid].key, s->terms[mid].key_len, key, len) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < s->nterms && key_cmp(s->terms[lo].key, s->terms[lo].key_len, key, len) == 0
               ? lo
               : s->nterms;
}

/* " NOT meta : ..." (rows who may not see: private ones, and for anonymous callers cluster
 * ones too, but for members not their organisation's) and " AND meta : ..." for the
 * collection asked for, or "". The short posting lists of private and cluster rows make a NOT
 * cheaper than an AND with the long one of public rows. It only narrows what the count reads:
 * the map's read table (access_search_scope) decides, and count_shared adds the shared rows. */
static void scope_expr(const struct principal *who, const struct resource *only, char *out,
                       size_t size)
{
    size_t n = 0;
    out[0] = '\0';
    if (who->user_id == 0)
        n = (size_t)snprintf(out, size, " NOT meta : (\"0vprivate\" OR \"0vcluster\")");
    else if (!principal_is_operator(who) && who->org_id > 0)
        n = (size_t)snprintf(out, size, " NOT (meta : \"0vprivate\" NOT meta : \"0o%lld\")",
                             who->org_id);
    else if (!principal_is_operator(who))
        n = (size_t)snprintf(out, size, " NOT meta : \"0vprivate\"");
    if (only && n + 20 < size) {
        n += (size_t)snprintf(out + n, size - n, " AND meta : \"0c");
        for (const char *c = only->name; *c && n + 2 < size; c++)
            if (*c != '-' && *c != '_')
                out[n++] = *c;
        out[n++] = '"';
        out[n] = '\0';
    }
}

/* --- typos --- */

/* Damerau-Levenshtein distance (optimal string alignment) of a and b, or max + 1 when it is
 * more than max. Both at most TOKENS_MAX_BYTES long. */
static size_t edit_distance(const char *a, size_t n, const char *b, size_t m, size_t max)
{
    size_t d[TOKENS_MAX_BYTES + 1][TOKENS_MAX_BYTES + 1];
    if ((n > m ? n - m : m - n) > max)
        return max + 1;
    for (size_t i = 0; i <= n; i++)
        d[i][0] = i;
    for (size_t j = 0; j <= m; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= n; i++) {
        size_t row_min = max + 1;
        for (size_t j = 1; j <= m; j++) {
            size_t cost = a[i - 1] != b[j - 1];
            size_t v = d[i - 1][j - 1] + cost;
            if (d[i - 1][j] + 1 < v)
                v = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < v)
                v = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < v)
                v = d[i - 2][j - 2] + 1;
            d[i][j] = v;
            if (v < row_min)
                row_min = v;
        }
        if (row_min > max)
            return max + 1;
    }
    return d[n][m] > max ? max + 1 : d[n][m];
}

static bool latin_word(const struct qtoken *t)
{
    if (t->len < TYPO_MIN_LETTERS)
        return false;
    for (size_t i = 0; i < t->len; i++)
        if (t->text[i] < 'a' || t->text[i] > 'z')
            return false;
    return true;
}

struct candidate {
    char term[TOKENS_MAX_BYTES + 1];
    size_t dist;
    long long docs;
};

/* Rows with the token t as a word (or as the start of one when prefix), counted up to
 * TYPO_FEW_HITS. */
static long long token_hits(struct db *db, const struct qtoken *t, bool prefix, const char *scope)
{
    struct db_stmt *st;
    char expr[512];
    long long n = TYPO_FEW_HITS;
    snprintf(expr, sizeof(expr), USER_COLUMNS "\"%.*s\"%s%s", (int)t->len, t->text,
             prefix ? "*" : "", scope);
    if (!dialect_fts5()) {
        long long c = search_pg_count(db, expr, strlen(expr), TYPO_FEW_HITS);
        return c < 0 ? n : c;
    }
    if (db_prepare(db, "SELECT count(*) FROM (SELECT 1 FROM search WHERE search MATCH ?1 LIMIT ?2)", &st))
        return n;
    db_bind_text(st, 1, expr, strlen(expr));
    db_bind_int(st, 2, TYPO_FEW_HITS);
    if (db_step(st) == DB_ROW)
        n = db_column_int(st, 0);
    db_reset(st);
    return n;
}

/* Terms of the vocabulary in [from, to) within max edits of t (for a prefix, of t's length of
 * them), into c (at most TYPO_CANDIDATES_MAX, nearest and most frequent first). */
static void typo_scan(struct db *db, const struct qtoken *t, const char *from, const char *to,
                      size_t max, struct candidate *c, size_t *nc)
{
    struct db_stmt *st;
    if (db_prepare(db, "SELECT term, docs FROM search_df WHERE term >= ?1 AND term < ?2 LIMIT ?3", &st))
        return;
    db_bind_text(st, 1, from, strlen(from));
    db_bind_text(st, 2, to, strlen(to));
    db_bind_int(st, 3, TYPO_SCAN_MAX);
    while (db_step(st) == DB_ROW) {
        size_t len;
        const char *term = db_column_text(st, 0, &len);
        if (len > TOKENS_MAX_BYTES || len + max < t->len || (len == t->len && memcmp(term, t->text, len) == 0))
            continue;
        size_t d = edit_distance(t->text, t->len, term, len, max);
        if (t->prefix && len > t->len) {
            size_t dp = edit_distance(t->text, t->len, term, t->len, max);
            d = dp < d ? dp : d;
        }
        if (d > max)
            continue;
        long long docs = db_column_int(st, 1);
        bool dup = false;
        for (size_t i = 0; i < *nc && !dup; i++)
            dup = strlen(c[i].term) == len && memcmp(c[i].term, term, len) == 0;
        if (dup)
            continue;
        /* keep the nearest, then the most frequent */
        size_t at = *nc;
        while (at > 0 && (c[at - 1].dist > d || (c[at - 1].dist == d && c[at - 1].docs < docs)))
            at--;
        if (at >= TYPO_CANDIDATES_MAX)
            continue;
        if (*nc < TYPO_CANDIDATES_MAX)
            (*nc)++;
        memmove(&c[at + 1], &c[at], (*nc - 1 - at) * sizeof(*c));
        memcpy(c[at].term, term, len);
        c[at].term[len] = '\0';
        c[at].dist = d;
        c[at].docs = docs;
    }
    db_reset(st);
}

/* Corrections of a Latin word the index (nearly) lacks: words of the index within one edit
 * (two from TYPO_TWO_EDITS_LETTERS letters) that start with its first letter and whose second
 * letter is its second or third (which covers edits from the third letter on and a swap of the
 * second and third). */
static size_t typo_candidates(struct db *db, const struct qtoken *t, const char *scope,
                              struct candidate *c)
{
    size_t nc = 0, max = t->len >= TYPO_TWO_EDITS_LETTERS ? 2 : 1;
    if (token_hits(db, t, false, scope) >= TYPO_FEW_HITS ||
        (t->prefix && token_hits(db, t, true, scope) >= TYPO_FEW_HITS))
        return 0;
    for (int second = 1; second <= 2; second++) {
        if (second == 2 && t->text[2] == t->text[1])
            break;
        char from[3] = {t->text[0], t->text[second], '\0'};
        char to[3] = {t->text[0], (char)(t->text[second] + 1), '\0'};
        typo_scan(db, t, from, to, max, c, &nc);
    }
    return nc;
}

/* --- the MATCH expression --- */

/* What each word becomes: a group of words [word, word + nwords) with alternatives: the rows
 * of the tags whose name or synonym it is, their other names and synonyms (those that are not
 * too broad) and the corrections of a typo. */
struct group {
    size_t word, nwords;
    struct synonyms *syn; /* counts are cached in its terms */
    size_t syn_tags[4], nsyn_tags;
    size_t alts[SEARCH_ALTS_MAX], nalts; /* indexes of syn->terms */
    struct candidate typos[TYPO_CANDIDATES_MAX];
    size_t ntypos;
    bool split; /* a Hangul word of 3+ syllables that few rows hold: also its parts apart */
    bool hangul; /* typos[] are corrections of a Hangul word (phrases of bigrams) */
};

struct query {
    struct parsed p;
    long long index_rows; /* about how many rows the index holds */
    struct group g[SEARCH_TOKENS_MAX];
    size_t ng;
    bool expanded; /* some word has other names or corrections */
    bool corrected; /* some Hangul word has corrections or parts apart */
    bool relaxable; /* several groups, or a word of three tokens or more */
    /* a total's sampling window [window_lo, window_hi) being counted (count_matches), or 0 */
    long long window_lo, window_hi;
    /* per reading, the pair tokens ANDed to its expression (plan_pairs), or "", and those of the
     * rows anonymous callers may see */
    char pairs[4][PAIR_EXPR_MAX], open_pairs[4][PAIR_EXPR_MAX];
};

void add_quoted(struct buf *e, const char *s, size_t len, bool prefix)
{
    (void)buf_addch(e, '"');
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '"')
            (void)buf_addch(e, '"');
        (void)buf_addch(e, s[i]);
    }
    (void)buf_adds(e, prefix ? "\"*" : "\"");
}

/* The words as typed, all required: each a phrase of its tokens (the bigrams of a Hangul run
 * follow each other in the index as in the word). */
static void add_words(struct buf *e, const struct parsed *p, size_t first, size_t n)
{
    for (size_t w = first; w < first + n; w++) {
        if (w > first)
            (void)buf_adds(e, " AND ");
        (void)buf_addch(e, '"');
        for (size_t k = 0; k < p->word[w].ntok; k++) {
            const struct qtoken *t = &p->tok[p->word[w].tok + k];
            if (k)
                (void)buf_addch(e, ' ');
            (void)buf_add(e, t->text, t->len); /* tokens hold no '"' */
        }
        (void)buf_adds(e, p->tok[p->word[w].tok + p->word[w].ntok - 1].prefix ? "\"*" : "\"");
    }
}

/* The query's Hangul words behind a negating prefix (임상 → 비임상, 무임상, 미임상), as one FTS5
 * expression (each a phrase of its bigrams, any of them) into e; nothing when the query has no
 * Hangul word of two syllables or more. A row holding one ranks at SEARCH_NEGATED_WEIGHT of its
 * BM25: 임상 finds 비임상 less strongly than 임상. */
static long long vocab_docs(struct db *db, const char *t, size_t len);

static void negated_words(struct db *db, const struct parsed *p, struct buf *e)
{
    static const char *const prefixes[] = {"비", "무", "미"};
    for (size_t w = 0; w < p->nword; w++) {
        const struct qtoken *first = &p->tok[p->word[w].tok];
        if (!is_hangul_bigram(first->text, first->len))
            continue;
        for (size_t x = 0; x < sizeof(prefixes) / sizeof(prefixes[0]); x++) {
            char neg[6];
            memcpy(neg, prefixes[x], 3);
            memcpy(neg + 3, first->text, 3);
            if (memcmp(first->text, prefixes[x], 3) == 0 || vocab_docs(db, neg, 6) == 0)
                continue; /* 비비임상 is no word; nor is a negated form no row holds */
            (void)buf_adds(e, e->len ? " OR \"" : "\"");
            (void)buf_adds(e, prefixes[x]);
            (void)buf_add(e, first->text, 3);
            for (size_t k = 0; k < p->word[w].ntok; k++) {
                (void)buf_addch(e, ' ');
                (void)buf_add(e, p->tok[p->word[w].tok + k].text, p->tok[p->word[w].tok + k].len);
            }
            (void)buf_addch(e, '"');
        }
    }
}

/* Whether a query asks for someone who does something rather than for what is needed: "임상시험을
 * 맡겨", "의뢰할 수 있는 독성시험", "생산하는 곳", "시퀀싱해 주는", "투자하는". Needs (requests
 * for help) then rank at SEARCH_NEEDS_WEIGHT of their BM25, under the organisations and
 * capabilities that offer it. */
static bool asks_for_providers(const char *q, size_t len)
{
    static const char *const markers[] = {"맡겨", "맡길", "맡기", "의뢰할", "해 주", "해주", "해 줄",
                                          "해줄", "하는 곳", "할 곳", "하는 기관", "하는 회사",
                                          "하는 업체", "할 수 있는", "하는"};
    for (size_t i = 0; i < sizeof(markers) / sizeof(markers[0]); i++) {
        size_t n = strlen(markers[i]);
        for (size_t at = 0; at + n <= len; at++) {
            if (memcmp(q + at, markers[i], n) != 0)
                continue;
            /* 하는 only as a word's ending (예측하는), before a space or the end */
            if (strcmp(markers[i], "하는") == 0 && at + n < len && q[at + n] != ' ')
                continue;
            return true;
        }
    }
    return false;
}

/* A tag's name or synonym as an alternative: each of its words as a phrase, all required. */
static void add_term(struct buf *e, const struct syn_term *t, struct parsed *scratch)
{
    parse_query(t->text, t->text_len, scratch);
    (void)buf_addch(e, '(');
    for (size_t w = 0; w < scratch->nword; w++) {
        if (w)
            (void)buf_adds(e, " AND ");
        add_quoted(e, t->text + scratch->word[w].start, scratch->word[w].end - scratch->word[w].start,
                   false);
    }
    (void)buf_addch(e, ')');
}

/* A word of three tokens or more, relaxed: all its tokens but one (건강보험빅데이터 finds
 * "건강보험 빅데이터", which lacks the bigram 험빅). */
static void add_word_relaxed(struct buf *e, const struct parsed *p, size_t w)
{
    const struct qword *wd = &p->word[w];
    (void)buf_addch(e, '(');
    for (size_t skip = 0; skip < wd->ntok; skip++) {
        (void)buf_adds(e, skip ? " OR (" : "(");
        bool first = true;
        for (size_t k = 0; k < wd->ntok; k++) {
            const struct qtoken *t = &p->tok[wd->tok + k];
            if (k == skip)
                continue;
            (void)buf_adds(e, first ? "" : " AND ");
            add_quoted(e, t->text, t->len, t->prefix);
            first = false;
        }
        (void)buf_addch(e, ')');
    }
    /* the word's pieces written apart: every other bigram (and the last), in any place
     * (항체신약개발 finds "항체 신약 개발", which lacks 체신 and 약개) */
    if (wd->ntok >= 4) {
        (void)buf_adds(e, " OR (");
        for (size_t k = 0; k < wd->ntok; k++) {
            if (k % 2 && k + 1 != wd->ntok)
                continue;
            const struct qtoken *t = &p->tok[wd->tok + k];
            (void)buf_adds(e, k ? " AND " : "");
            add_quoted(e, t->text, t->len, t->prefix);
        }
        (void)buf_addch(e, ')');
    }
    (void)buf_addch(e, ')');
}

/* A Hangul word's part: syllables [from, to) of the word of tokens tok (bigrams), as a phrase:
 * one syllable is a token of its own (a run of one syllable), more are their bigrams. */
static void add_part(struct buf *e, const struct qtoken *tok, size_t ntok, size_t from, size_t to)
{
    (void)buf_addch(e, '"');
    if (to - from == 1) /* the syllable: first of its bigram, or second of the last one */
        (void)buf_add(e, from < ntok ? tok[from].text : tok[ntok - 1].text + 3, 3);
    for (size_t k = from; to - from > 1 && k + 1 < to; k++) {
        if (k > from)
            (void)buf_addch(e, ' ');
        (void)buf_add(e, tok[k].text, tok[k].len);
    }
    (void)buf_addch(e, '"');
}

/* A Hangul word of three syllables or more written as two words: for every place to cut it,
 * both parts next to each other (뇌오가노이드 finds "뇌 오가노이드", 디지털병리 "디지털 병리"). */
static void add_word_split(struct buf *e, const struct parsed *p, size_t w)
{
    const struct qword *wd = &p->word[w];
    const struct qtoken *tok = &p->tok[wd->tok];
    size_t syllables = wd->ntok + 1;
    for (size_t cut = 1; cut < syllables; cut++) {
        (void)buf_adds(e, " OR NEAR(");
        add_part(e, tok, wd->ntok, 0, cut);
        (void)buf_addch(e, ' ');
        add_part(e, tok, wd->ntok, cut, syllables);
        (void)buf_adds(e, ", 1)");
    }
}

/* How much of a query an expression asks for. */
enum reading {
    READ_EXACT,     /* every word as typed */
    READ_CORRECTED, /* every word as typed, or a Hangul word's corrections and parts apart */
    READ_EXPANDED,  /* every word, or one of its other names or corrections */
    READ_RELAXED,  /* any word as typed (a long one with one bigram missing) */
};

/* The user's part of the expression. */
static void add_groups(struct buf *e, struct query *q, enum reading how, struct parsed *scratch)
{
    for (size_t i = 0; i < q->ng; i++) {
        const struct group *g = &q->g[i];
        if (i)
            (void)buf_adds(e, how == READ_RELAXED ? " OR " : " AND ");
        bool corr = (how == READ_CORRECTED || how == READ_EXPANDED) && (g->hangul || g->split);
        bool alts = corr || (how == READ_EXPANDED && (g->nsyn_tags || g->ntypos));
        bool relax = how == READ_RELAXED && q->ng == 1 && q->p.word[g->word].ntok >= 3;
        if (!alts && !relax) {
            (void)buf_addch(e, '(');
            add_words(e, &q->p, g->word, g->nwords);
            (void)buf_addch(e, ')');
            continue;
        }
        (void)buf_addch(e, '(');
        if (relax) {
            add_word_relaxed(e, &q->p, g->word);
        } else {
            (void)buf_addch(e, '(');
            add_words(e, &q->p, g->word, g->nwords);
            (void)buf_addch(e, ')');
        }
        for (size_t k = 0; how == READ_EXPANDED && k < g->nsyn_tags; k++) { /* the rows that carry the tag */
            const struct syn_term *t = NULL;
            for (size_t j = 0; j < g->syn->nterms && !t; j++)
                if (g->syn->terms[j].tag == g->syn_tags[k])
                    t = &g->syn->terms[j];
            char name[128];
            if (t && meta_name(t->slug, t->slug_len, name, sizeof(name)))
                (void)buf_addf(e, " OR meta : \"0t%s\"", name);
        }
        for (size_t j = 0; how == READ_EXPANDED && j < g->nalts; j++) {
            struct syn_term *t = &g->syn->terms[g->alts[j]];
            if (q->window_lo > 0 && q->window_hi <= atomic_load(&t->rows_upto) + 1 &&
                (atomic_load(&t->rows_last) < q->window_lo || atomic_load(&t->rows_first) >= q->window_hi))
                continue; /* no row of the window holds it (count_matches) */
            (void)buf_adds(e, " OR ");
            add_term(e, t, scratch);
        }
        for (size_t k = 0; (how == READ_EXPANDED || g->hangul) && alts && k < g->ntypos; k++) {
            (void)buf_adds(e, " OR ");
            add_quoted(e, g->typos[k].term, strlen(g->typos[k].term), false);
            if (g->hangul) { /* the corrected word's parts apart too (디지털병니: "디지털 병리") */
                struct parsed *c = scratch;
                c->ntok = c->nword = 0;
                for (const char *t = g->typos[k].term; *t && c->ntok < SEARCH_TOKENS_MAX; t += t[6] ? 7 : 6) {
                    memcpy(c->tok[c->ntok].text, t, 6);
                    c->tok[c->ntok].len = 6;
                    c->tok[c->ntok++].prefix = false;
                    if (!t[6])
                        break;
                }
                c->word[0] = (struct qword){0, c->ntok, 0, 0};
                c->nword = 1;
                if (c->ntok >= 2)
                    add_word_split(e, c, 0);
            }
        }
        if (alts && g->split)
            add_word_split(e, &q->p, g->word);
        (void)buf_addch(e, ')');
    }
}

/* Whether every row that holds the tokens have (each as itself or as a prefix: a token starting
 * with it) holds tag's words as add_pair_tokens counts them: for one of its terms, a token
 * starting with each of its tokens (one of have starts with it). */
static bool term_implies(const struct pairs *ps, size_t tag, const struct pair_term *have)
{
    for (size_t i = 0; i < ps->nterms; i++) {
        const struct pair_term *t = &ps->term[i];
        if (t->tag != tag)
            continue;
        bool all = true;
        for (size_t k = 0; all && k < t->ntok; k++) {
            bool found = false;
            for (size_t j = 0; !found && j < have->ntok; j++)
                found = strncmp(have->tok[j], t->tok[k], strlen(t->tok[k])) == 0;
            all = found;
        }
        if (all)
            return true;
    }
    return false;
}

/* Whether every row that group g matches in reading how (add_groups) holds tag's words as the
 * index's pairs count them: the words as typed (a prefix's rows hold a token starting with it),
 * and, with other names, each of them (the tag's own meta token, or a term holding one of
 * tag's); never with corrections, a word's parts apart or the relaxed reading. */
static bool pair_implied(const struct pairs *ps, const struct query *q, const struct group *g, enum reading how,
                         size_t tag, struct parsed *scratch)
{
    if (how == READ_RELAXED || tag >= ps->ntags)
        return false;
    bool corr = (how == READ_CORRECTED || how == READ_EXPANDED) && (g->hangul || g->split);
    bool alts = corr || (how == READ_EXPANDED && (g->nsyn_tags || g->ntypos));
    if (corr || (alts && g->ntypos))
        return false;
    struct pair_term typed = {0};
    for (size_t w = g->word; w < g->word + g->nwords; w++)
        for (size_t k = 0; k < q->p.word[w].ntok; k++) {
            const struct qtoken *t = &q->p.tok[q->p.word[w].tok + k];
            if (t->len > TOKENS_MAX_BYTES)
                continue;
            if (typed.ntok == PAIR_TERM_TOKENS)
                return false;
            memcpy(typed.tok[typed.ntok], t->text, t->len);
            typed.tok[typed.ntok++][t->len] = '\0';
        }
    if (!term_implies(ps, tag, &typed))
        return false;
    if (!alts)
        return true;
    for (size_t k = 0; k < g->nsyn_tags; k++) { /* its meta token: the tag's own */
        const struct syn_term *t = NULL;
        for (size_t j = 0; j < g->syn->nterms && !t; j++)
            if (g->syn->terms[j].tag == g->syn_tags[k])
                t = &g->syn->terms[j];
        char name[128];
        if (t && meta_name(t->slug, t->slug_len, name, sizeof(name)) &&
            (!ps->slug[tag][0] || strcmp(name, ps->slug[tag]) != 0))
            return false;
    }
    for (size_t j = 0; j < g->nalts; j++) {
        const struct syn_term *t = &g->syn->terms[g->alts[j]];
        struct pair_term alt = {0};
        if (!term_tokens(t->text, t->text_len, scratch, &alt) || !term_implies(ps, tag, &alt))
            return false;
    }
    return true;
}

/* The pair tokens every reading of q may AND to its expression (q->pairs; q->open_pairs for
 * anonymous callers' scoped expressions: those of the rows they may see): for each two groups, a
 * tag each implies (pair_implied), different tags. */
static void plan_pairs(const struct pairs *ps, struct query *q, struct parsed *scratch)
{
    for (int how = 0; how < 4; how++) {
        struct buf b, o;
        size_t n = 0;
        q->pairs[how][0] = q->open_pairs[how][0] = '\0';
        if (!ps || q->ng < 2 || how == READ_RELAXED)
            continue;
        buf_init(&b, NULL, PAIR_EXPR_MAX - 1);
        buf_init(&o, NULL, PAIR_EXPR_MAX - 1);
        for (size_t i = 0; i < q->ng && n < SEARCH_PAIRS_ANDED; i++)
            for (size_t a = 0; a < ps->ntags && n < SEARCH_PAIRS_ANDED; a++) {
                if (!pair_implied(ps, q, &q->g[i], (enum reading)how, a, scratch))
                    continue;
                for (size_t j = i + 1; j < q->ng && n < SEARCH_PAIRS_ANDED; j++)
                    for (size_t c = 0; c < ps->ntags && n < SEARCH_PAIRS_ANDED; c++) {
                        if (c == a || !pair_implied(ps, q, &q->g[j], (enum reading)how, c, scratch))
                            continue;
                        (void)buf_addf(&b, " AND meta : \"0p%zux%zu\"", a < c ? a : c, a < c ? c : a);
                        (void)buf_addf(&o, " AND meta : \"0q%zux%zu\"", a < c ? a : c, a < c ? c : a);
                        n++;
                    }
            }
        if (!b.failed && !o.failed && b.len) {
            memcpy(q->pairs[how], b.data, b.len + 1);
            memcpy(q->open_pairs[how], o.data, o.len + 1);
        }
        buf_release(&b);
        buf_release(&o);
    }
}

/* How many rows hold every token of a tag's name or synonym, counted up to limit; cached in the
 * term for the index's current size class, with, when fewer, the first and the last row that
 * hold it as a query writes it (rows_first, rows_last) and the index's largest rowid then
 * (index_rows, rows_upto). */
static long long term_rows(struct db *db, struct syn_term *t, long long size_class, long long index_rows,
                           long long limit, struct parsed *scratch)
{
    if (atomic_load(&t->rows_class) == size_class)
        return atomic_load(&t->rows);
    char expr[1024];
    size_t n = 0;
    parse_query(t->text, t->text_len, scratch);
    for (size_t k = 0; k < scratch->ntok && n + TOKENS_MAX_BYTES + 8 < sizeof(expr); k++)
        n += (size_t)snprintf(expr + n, sizeof(expr) - n, "%s\"%.*s\"", k ? " AND " : "",
                              (int)scratch->tok[k].len, scratch->tok[k].text);
    struct db_stmt *st;
    long long rows = limit, last = INT64_MAX;
    if (n && !dialect_fts5()) {
        long long c = search_pg_count(db, expr, n, limit);
        rows = c < 0 ? limit : c;
    } else if (n && !db_prepare(db, "SELECT count(*) FROM (SELECT 1 FROM search WHERE search MATCH ?1 LIMIT ?2)", &st)) {
        db_bind_text(st, 1, expr, n);
        db_bind_int(st, 2, limit);
        if (db_step(st) == DB_ROW)
            rows = db_column_int(st, 0);
        db_reset(st);
    }
    /* the last row holding it as a query writes it (add_term: each word a phrase), which may
     * come before the last row holding its tokens */
    struct buf e;
    buf_init(&e, NULL, 1024);
    add_term(&e, t, scratch);
    long long first = 0;
    if (n && rows < limit && dialect_fts5() && !e.failed &&
        !db_prepare(db, "SELECT (SELECT rowid FROM search WHERE search MATCH ?1 ORDER BY rowid LIMIT 1), "
                        "(SELECT rowid FROM search WHERE search MATCH ?1 ORDER BY rowid DESC LIMIT 1)",
                    &st)) {
        db_bind_text(st, 1, e.data, e.len);
        if (db_step(st) == DB_ROW) {
            first = db_column_int(st, 0);
            last = db_column_int(st, 1); /* 0 (NULL) when none */
        }
        db_reset(st);
    }
    buf_release(&e);
    atomic_store(&t->rows_first, first);
    atomic_store(&t->rows_last, last);
    atomic_store(&t->rows_upto, last == INT64_MAX ? 0 : index_rows);
    atomic_store(&t->rows, rows);
    atomic_store(&t->rows_class, size_class);
    return rows;
}

/* The other names and synonyms of the group's tags that stand in for its words: not the words
 * themselves, each once, and none held by more than SEARCH_BROAD_PERCENT of the index's rows
 * (헬스케어, a synonym of digital health, is in every tenth record of a large cluster: as a
 * stand-in for 원격의료 it would cost a scan of them and bury the answer). The rows that carry
 * the tag come through its meta token instead. */
static void choose_alternatives(struct db *db, struct query *q, struct group *g, const char *key,
                                size_t key_len, struct parsed *scratch)
{
    long long broad = q->index_rows * SEARCH_BROAD_PERCENT / 100;
    if (broad < SEARCH_BROAD_MIN)
        broad = SEARCH_BROAD_MIN;
    struct synonyms *syn = g->syn;
    for (size_t j = 0; j < syn->nterms && g->nalts < SEARCH_ALTS_MAX; j++) {
        struct syn_term *t = &syn->terms[j];
        bool mine = false, dup = false;
        for (size_t k = 0; k < g->nsyn_tags && !mine; k++)
            mine = t->tag == g->syn_tags[k];
        if (!mine || key_cmp(t->key, t->key_len, key, key_len) == 0)
            continue;
        for (size_t k = 0; k < g->nalts && !dup; k++) /* the same words under two tags */
            dup = key_cmp(syn->terms[g->alts[k]].key, syn->terms[g->alts[k]].key_len, t->key,
                          t->key_len) == 0;
        if (dup || term_rows(db, t, q->index_rows / 1024, q->index_rows, broad + 1, scratch) > broad)
            continue;
        g->alts[g->nalts++] = j;
    }
}

/* How many rows the caller may see hold word w of p as typed (a phrase of its tokens),
 * counted up to TYPO_FEW_HITS. */
static long long word_hits(struct db *db, const struct parsed *p, size_t w, const char *scope)
{
    struct db_stmt *st;
    char expr[SEARCH_TOKENS_MAX * (TOKENS_MAX_BYTES + 1) + 256];
    size_t n = (size_t)snprintf(expr, sizeof(expr), USER_COLUMNS "\"");
    for (size_t k = 0; k < p->word[w].ntok && n + TOKENS_MAX_BYTES + 2 < sizeof(expr); k++) {
        const struct qtoken *t = &p->tok[p->word[w].tok + k];
        n += (size_t)snprintf(expr + n, sizeof(expr) - n, "%s%.*s", k ? " " : "", (int)t->len, t->text);
    }
    snprintf(expr + n, sizeof(expr) - n, "\"%s", scope);
    long long hits = TYPO_FEW_HITS;
    if (!dialect_fts5()) {
        long long c = search_pg_count(db, expr, strlen(expr), TYPO_FEW_HITS);
        return c < 0 ? hits : c;
    }
    if (db_prepare(db, "SELECT count(*) FROM (SELECT 1 FROM search WHERE search MATCH ?1 LIMIT ?2)", &st))
        return hits;
    db_bind_text(st, 1, expr, strlen(expr));
    db_bind_int(st, 2, TYPO_FEW_HITS);
    if (db_step(st) == DB_ROW)
        hits = db_column_int(st, 0);
    db_reset(st);
    return hits;
}

/* --- Hangul typos: one jamo off in a syllable --- */

/* The jamo (initial, vowel, final) of the syllable at s (3 bytes of UTF-8); false if s is no
 * Hangul syllable. */
static bool jamo_of(const char *s, int j[3])
{
    const unsigned char *u = (const unsigned char *)s;
    if ((u[0] & 0xF0) != 0xE0)
        return false;
    unsigned cp = ((u[0] & 0x0Fu) << 12) | ((u[1] & 0x3Fu) << 6) | (u[2] & 0x3Fu);
    if (cp < 0xAC00 || cp > 0xD7A3)
        return false;
    cp -= 0xAC00;
    j[0] = (int)(cp / (21 * 28));
    j[1] = (int)(cp / 28 % 21);
    j[2] = (int)(cp % 28);
    return true;
}

/* Whether two syllables differ in exactly one jamo (면역항암재/제, 바이오마거/커, 의약퓸/품). */
static bool one_jamo_off(const char *a, const char *b)
{
    int x[3], y[3];
    if (!jamo_of(a, x) || !jamo_of(b, y))
        return false;
    return (x[0] != y[0]) + (x[1] != y[1]) + (x[2] != y[2]) == 1;
}

/* How many rows hold the term t (a bigram, say), by the index's vocabulary; 0 when none. */
static long long vocab_docs(struct db *db, const char *t, size_t len)
{
    struct db_stmt *st;
    long long docs = 0;
    if (db_prepare(db, "SELECT docs FROM search_df WHERE term = ?1", &st))
        return 0;
    db_bind_text(st, 1, t, len);
    if (db_step(st) == DB_ROW)
        docs = db_column_int(st, 0);
    db_reset(st);
    return docs;
}

/* Insert the correction phrase (n bytes) into c[0..*nc), the most frequent first. */
static void add_candidate(struct candidate *c, size_t *nc, const char *phrase, size_t n, long long docs)
{
    size_t at = *nc;
    while (at > 0 && c[at - 1].docs < docs)
        at--;
    memmove(&c[at + 1], &c[at], (*nc - at) * sizeof(*c));
    memcpy(c[at].term, phrase, n);
    c[at].term[n] = '\0';
    c[at].dist = 1;
    c[at].docs = docs;
    (*nc)++;
}

/* The UTF-8 of the Hangul syllable of jamo j (3 bytes into out). */
static void syllable_of(const int j[3], char out[3])
{
    unsigned cp = 0xAC00u + (unsigned)((j[0] * 21 + j[1]) * 28 + j[2]);
    out[0] = (char)(0xE0 | (cp >> 12));
    out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[2] = (char)(0x80 | (cp & 0x3F));
}

/* Whether some row matches expr: held is "SELECT 1 … MATCH ?1 LIMIT 1" on SQLite; on
 * PostgreSQL search_pg.c evaluates expr. */
static bool held_match(struct db *db, struct db_stmt *held, const char *expr, size_t len)
{
    if (!held)
        return search_pg_count(db, expr, len, 1) > 0;
    db_bind_text(held, 1, expr, len);
    bool found = db_step(held) == DB_ROW;
    db_reset(held);
    return found;
}

/* Corrections of the word's first syllable (벡신 → 백신, 제활로봇 → 재활로봇): each syllable one
 * jamo off it (18 initials, 20 vowels, 27 finals: 65 at most) that makes, with the second, a
 * bigram the index holds; looked up one by one in the vocabulary, as no range holds them. */
static void first_syllable_typos(struct db *db, struct db_stmt *held, const struct qtoken *tok,
                                 size_t ntok, struct candidate *c, size_t *nc)
{
    int j[3];
    if (!jamo_of(tok[0].text, j))
        return;
    static const int count[3] = {19, 21, 28};
    for (int part = 0; part < 3; part++)
        for (int v = 0; v < count[part] && *nc < TYPO_CANDIDATES_MAX; v++) {
            if (v == j[part])
                continue;
            int alt[3] = {j[0], j[1], j[2]};
            alt[part] = v;
            char phrase[TOKENS_MAX_BYTES + 1];
            syllable_of(alt, phrase);
            memcpy(phrase + 3, tok[0].text + 3, 3);
            long long docs = vocab_docs(db, phrase, 6);
            if (docs == 0)
                continue;
            size_t n = 6;
            for (size_t b = 1; b < ntok && n + 8 < sizeof(phrase); b++) {
                phrase[n++] = ' ';
                memcpy(phrase + n, tok[b].text, 6);
                n += 6;
            }
            if (ntok > 1) { /* the whole word held, not only its first bigram */
                char expr[TOKENS_MAX_BYTES + 32];
                int len = snprintf(expr, sizeof(expr), USER_COLUMNS "\"%.*s\"", (int)n, phrase);
                if (!held_match(db, held, expr, (size_t)len))
                    continue;
            }
            add_candidate(c, nc, phrase, n, docs);
        }
}

/* Corrections of Hangul word w of p that few rows hold as typed: the word with one syllable
 * one jamo off, such that the index holds the bigrams the new syllable makes; into c as the
 * phrase of the corrected word's bigrams (space between), nearest to the most frequent first.
 * A syllable after the first: reads the index's bigrams that start with the syllable before
 * (at most TYPO_SCAN_MAX for each); the first: first_syllable_typos. */
static size_t hangul_typos(struct db *db, const struct parsed *p, size_t w, struct candidate *c)
{
    const struct qword *wd = &p->word[w];
    const struct qtoken *tok = &p->tok[wd->tok];
    size_t nc = 0;
    if (wd->ntok < 1 || wd->ntok > 8 || !is_hangul_bigram(tok[0].text, tok[0].len))
        return 0;
    for (size_t k = 0; k < wd->ntok; k++) /* the word's syllables k+1 follow bigram k */
        if (!is_hangul_bigram(tok[k].text, tok[k].len))
            return 0;
    struct db_stmt *st;
    if (db_prepare(db, "SELECT term, docs FROM search_df WHERE term >= ?1 AND term < ?2 LIMIT ?3", &st))
        return 0;
    for (size_t k = 0; k < wd->ntok; k++) {
        /* syllable k+1 replaced: bigram k is (syllable k, new); bigram k+1 (new, syllable k+2) */
        char from[4], to[4];
        memcpy(from, tok[k].text, 3);
        from[3] = '\0';
        memcpy(to, tok[k].text, 3);
        to[3] = '\0';
        to[2] = (char)(to[2] + 1); /* the next code point: every bigram starting with from */
        if ((unsigned char)from[2] == 0xBF)
            continue; /* the range would cross a lead byte: leave that syllable */
        db_bind_text(st, 1, from, 3);
        db_bind_text(st, 2, to, 3);
        db_bind_int(st, 3, TYPO_SCAN_MAX);
        while (db_step(st) == DB_ROW && nc < TYPO_CANDIDATES_MAX) {
            size_t len;
            const char *term = db_column_text(st, 0, &len);
            if (len != 6 || !one_jamo_off(term + 3, tok[k].text + 3))
                continue;
            long long docs = db_column_int(st, 1);
            if (k + 1 < wd->ntok) { /* the next bigram with the new syllable */
                char next[6];
                memcpy(next, term + 3, 3);
                memcpy(next + 3, tok[k + 1].text + 3, 3);
                long long d = vocab_docs(db, next, 6);
                if (d == 0)
                    continue;
                docs = d < docs ? d : docs;
            }
            char phrase[TOKENS_MAX_BYTES + 1];
            size_t n = 0;
            for (size_t b = 0; b < wd->ntok && n + 8 < sizeof(phrase); b++) {
                if (b)
                    phrase[n++] = ' ';
                if (b == k) {
                    memcpy(phrase + n, term, 6);
                } else if (b == k + 1) {
                    memcpy(phrase + n, term + 3, 3);
                    memcpy(phrase + n + 3, tok[b].text + 3, 3);
                } else {
                    memcpy(phrase + n, tok[b].text, 6);
                }
                n += 6;
            }
            add_candidate(c, &nc, phrase, n, docs);
        }
        db_reset(st);
    }
    /* keep only corrections some row holds as a word (a last syllable has no next bigram to
     * check: 뇌오가노이드 must not become 뇌오가노이브 and mark 라이브러리); the first syllable
     * is looked at only when no later one gives a word (a word has one typo, and the first
     * syllable's variants are many: 바 → 마이, 아이, 파이 …) */
    size_t kept = 0;
    struct db_stmt *held = NULL; /* none on PostgreSQL: held_match */
    if (dialect_fts5() && db_prepare(db, "SELECT 1 FROM search WHERE search MATCH ?1 LIMIT 1", &held))
        return 0;
    for (int round = 0; round < 2; round++) {
        if (round == 1) {
            if (kept)
                break;
            nc = 0;
            first_syllable_typos(db, held, tok, wd->ntok, c, &nc);
        }
        for (size_t i = 0; i < nc; i++) {
            char expr[TOKENS_MAX_BYTES + 32];
            snprintf(expr, sizeof(expr), USER_COLUMNS "\"%s\"", c[i].term);
            if (held_match(db, held, expr, strlen(expr)))
                c[kept++] = c[i];
        }
    }
    return kept;
}

/* Cut the query into groups: the longest run of words (up to SEARCH_SPAN_WORDS) that is a
 * tag's name or synonym becomes one group; other words are groups of one, with corrections
 * when they look like a typo. */
static void plan_query(struct db *db, struct query *q, struct synonyms *syn, const char *scope,
                       struct parsed *scratch)
{
    char key[SEARCH_TOKENS_MAX * (TOKENS_MAX_BYTES + 1)];
    q->ng = 0;
    for (size_t w = 0; w < q->p.nword;) {
        struct group *g = &q->g[q->ng++];
        size_t hangul = 0; /* Hangul corrections found */
        memset(g, 0, sizeof(*g));
        g->word = w;
        g->nwords = 1;
        for (size_t n = SEARCH_SPAN_WORDS; syn && n >= 1; n--) {
            if (w + n > q->p.nword)
                continue;
            size_t len = words_key(&q->p, w, n, key, sizeof(key));
            size_t at = len ? synonyms_find(syn, key, len) : syn->nterms;
            if (at == syn->nterms)
                continue;
            g->nwords = n;
            g->syn = syn;
            for (; at < syn->nterms && g->nsyn_tags < 4 &&
                   key_cmp(syn->terms[at].key, syn->terms[at].key_len, key, len) == 0;
                 at++) {
                bool seen = false; /* a tag's name that is also its synonym */
                for (size_t k = 0; k < g->nsyn_tags && !seen; k++)
                    seen = g->syn_tags[k] == syn->terms[at].tag;
                if (!seen)
                    g->syn_tags[g->nsyn_tags++] = syn->terms[at].tag;
            }
            q->expanded = true;
            choose_alternatives(db, q, g, key, len, scratch);
            break;
        }
        if (g->nwords == 1 && q->p.word[w].ntok >= 2 &&
            is_hangul_bigram(q->p.tok[q->p.word[w].tok].text, q->p.tok[q->p.word[w].tok].len) &&
            !q->p.tok[q->p.word[w].tok + q->p.word[w].ntok - 1].prefix &&
            word_hits(db, &q->p, w, scope) < TYPO_FEW_HITS) {
            g->split = true;
            q->expanded = q->corrected = true;
            if (!g->nsyn_tags)
                hangul = g->ntypos = hangul_typos(db, &q->p, w, g->typos);
        } else if (g->nwords == 1 && !g->nsyn_tags && q->p.word[w].ntok == 1 &&
                   is_hangul_bigram(q->p.tok[q->p.word[w].tok].text, q->p.tok[q->p.word[w].tok].len) &&
                   !q->p.tok[q->p.word[w].tok].prefix && word_hits(db, &q->p, w, scope) == 0) {
            /* a word of two syllables that no row holds (벡신): one jamo off, no parts apart */
            hangul = g->ntypos = hangul_typos(db, &q->p, w, g->typos);
            q->corrected |= hangul > 0;
            q->expanded |= hangul > 0;
        }
        bool latin = !g->nsyn_tags && q->p.word[w].ntok == 1 && latin_word(&q->p.tok[q->p.word[w].tok]);
        if (latin || hangul) {
            if (latin)
                g->ntypos = typo_candidates(db, &q->p.tok[q->p.word[w].tok], scope, g->typos);
            q->expanded |= g->ntypos > 0;
            g->hangul = hangul > 0;
            /* a synonym's key: a Hangul correction's bigrams are apart by \1, not a space */
            for (size_t t = 0; hangul && t < g->ntypos; t++)
                for (char *x = g->typos[t].term; *x; x++)
                    *x = *x == ' ' ? '\1' : *x;
            /* a correction that is a tag's name or synonym brings the tag's other names, as
             * the word spelt right would (telemedecine: telemedicine, 원격의료, …) */
            for (size_t t = 0; syn && latin && t < g->ntypos && g->nsyn_tags < 4; t++) {
                size_t len = strlen(g->typos[t].term);
                for (size_t at = synonyms_find(syn, g->typos[t].term, len);
                     at < syn->nterms && g->nsyn_tags < 4 &&
                     key_cmp(syn->terms[at].key, syn->terms[at].key_len, g->typos[t].term, len) == 0;
                     at++) {
                    bool seen = false;
                    for (size_t k = 0; k < g->nsyn_tags && !seen; k++)
                        seen = g->syn_tags[k] == syn->terms[at].tag;
                    if (!seen) {
                        g->syn = syn;
                        g->syn_tags[g->nsyn_tags++] = syn->terms[at].tag;
                    }
                }
            }
            for (size_t t = 0; hangul && t < g->ntypos; t++)
                for (char *x = g->typos[t].term; *x; x++)
                    *x = *x == '\1' ? ' ' : *x;
            if (g->nsyn_tags) {
                size_t len = words_key(&q->p, w, 1, key, sizeof(key));
                choose_alternatives(db, q, g, key, latin ? q->p.tok[q->p.word[w].tok].len : len, scratch);
            }
        }
        w += g->nwords;
    }
    q->relaxable = q->ng > 1 || q->p.word[0].ntok >= 3;
}

size_t search_list_match(struct str q, const struct resource *r, char *out, size_t size)
{
    struct parsed p;
    struct buf e;
    struct arena a;
    size_t n = 0;
    if (size == 0)
        return 0;
    out[0] = '\0';
    parse_query(q.ptr, q.len, &p);
    if (p.nword == 0)
        return 0;
    arena_init(&a, SEARCH_EXPR_MAX * 2);
    buf_init(&e, &a, SEARCH_EXPR_MAX);
    /* the longest run of words whose expression fits */
    for (size_t nw = p.nword; nw >= 1 && n == 0; nw--) {
        buf_reset(&e);
        (void)buf_adds(&e, USER_COLUMNS "(");
        add_words(&e, &p, 0, nw);
        (void)buf_addch(&e, ')');
        if (r && dialect_fts5()) { /* r's rows only, merged in the index rather than looked
                                    * up in the map (PostgreSQL's search_list_rows takes the
                                    * collection: dialect_text_rows) */
            char name[128];
            meta_name(r->name, strlen(r->name), name, sizeof(name));
            (void)buf_addf(&e, " AND meta : \"0c%s\"", name);
        }
        if (!e.failed && e.len < size) {
            memcpy(out, e.data, e.len + 1);
            n = e.len;
        }
    }
    arena_release(&a);
    return n;
}

/* --- running a query --- */

/* A phrase's figure in bpmc_bm25's blob that makes it part of the phrase before it (db/sqlite.c):
 * the tokens a prefix phrase was settled into count as that one phrase. */
#define BM25_SAME_PHRASE (-3.0)

/* The rows that hold a token by search_df; for a prefix, the counts of the tokens it starts
 * added up (a row with two of them counts twice: an upper bound), over at most
 * SEARCH_DF_PREFIX_TERMS of them. */
static double term_docs(struct db *db, const char *t, size_t len, bool prefix)
{
    if (!prefix)
        return (double)vocab_docs(db, t, len);
    char to[TERM_REC];
    struct db_stmt *st;
    double docs = 0;
    if (len == 0 || len >= sizeof(to))
        return 0;
    memcpy(to, t, len);
    to[len - 1] = (char)((unsigned char)to[len - 1] + 1); /* tokens are UTF-8: never 0xFF */
    if (db_prepare(db, "SELECT coalesce(sum(docs), 0) FROM (SELECT docs FROM search_df WHERE term >= ?1 "
                       "AND term < ?2 LIMIT ?3) AS d",
                   &st))
        return 0;
    db_bind_text(st, 1, t, len);
    db_bind_text(st, 2, to, len);
    db_bind_int(st, 3, SEARCH_DF_PREFIX_TERMS);
    if (db_step(st) == DB_ROW)
        docs = (double)db_column_int(st, 0);
    db_reset(st);
    return docs;
}

struct phrase_tokens {
    char text[SEARCH_TOKENS_MAX][TERM_REC];
    size_t len[SEARCH_TOKENS_MAX], n;
};

static int collect_phrase_token(void *ctx, const char *tok, size_t len, size_t start, size_t end, bool prefix)
{
    struct phrase_tokens *p = ctx;
    (void)start;
    (void)end;
    (void)prefix; /* FTS5 asks for a prefix with the phrase's "*", not the tokenizer's flag */
    if (p->n == SEARCH_TOKENS_MAX)
        return 1;
    memcpy(p->text[p->n], tok, len);
    p->len[p->n++] = len;
    return 0;
}

/* For each phrase of the MATCH expression expr, in the order FTS5 numbers them (the order of
 * the quoted strings: every phrase of our expressions is quoted), how many rows hold it, by its
 * rarest token: a blob of doubles for bpmc_bm25 into out. A phrase's text is cut by the
 * tokenizer as FTS5 cuts it (TOKENS_QUERY); one with more tokens than we look at is counted
 * by FTS5 itself (-1). */
void phrase_dfs(struct db *db, const char *expr, size_t len, struct buf *out)
{
    struct phrase_tokens toks;
    for (size_t i = 0; i < len; i++) {
        if (expr[i] != '"')
            continue;
        size_t from = ++i;
        while (i < len && (expr[i] != '"' || (i + 1 < len && expr[i + 1] == '"'))) /* "" is a quote */
            i += expr[i] == '"' ? 2 : 1;
        bool prefix = i + 1 < len && expr[i + 1] == '*';
        toks.n = 0;
        double docs = -1.0;
        if (tokens_split(expr + from, i - from, TOKENS_QUERY, collect_phrase_token, &toks) == 0) {
            docs = toks.n ? -2.0 : 0.0;
            for (size_t k = 0; k < toks.n; k++) {
                double d = term_docs(db, toks.text[k], toks.len[k], prefix && k + 1 == toks.n);
                docs = docs < -1.5 || d < docs ? d : docs;
            }
        }
        (void)buf_add(out, &docs, sizeof(docs));
    }
}

struct hit {
    long long rowid;
    double score;
    int tier; /* enum reading: as typed; Hangul corrections; other names and corrections; relaxed */
};

struct hits {
    struct hit *h;
    size_t n, cap;
    /* the last window ranked on SQLite, in the index's order: its tier, how many matches it
     * held, how many of them scope_map_sql admits (what the count asks), the largest rowid */
    int win_tier;
    size_t win_n, win_scoped;
    long long win_last;
};

static bool hits_has(const struct hits *hs, long long rowid)
{
    for (size_t i = 0; i < hs->n; i++)
        if (hs->h[i].rowid == rowid)
            return true;
    return false;
}

static int hit_cmp(const void *x, const void *y)
{
    const struct hit *a = x, *b = y;
    if (a->tier != b->tier)
        return a->tier < b->tier ? -1 : 1;
    if (a->score != b->score)
        return a->score < b->score ? -1 : 1; /* bm25: lower is better */
    return a->rowid < b->rowid ? -1 : (a->rowid > b->rowid);
}

/* How many rows match expr among rowids [lo, hi), counted up to limit; *last gets the largest
 * rowid counted. expr holds what the caller may see (scope_expr's meta filter). */
static long long count_range(struct db *db, const struct buf *expr, long long lo, long long hi, long long limit,
                             long long *last, enum bp_err *e)
{
    struct db_stmt *st;
    long long n = 0;
    *last = 0;
    if ((*e = db_prepare(db, "SELECT count(*), coalesce(max(rowid), 0) FROM (SELECT rowid FROM search "
                             "WHERE search MATCH ?1 AND rowid >= ?2 AND rowid < ?3 ORDER BY rowid LIMIT ?4)",
                         &st)))
        return 0;
    db_bind_text(st, 1, expr->data, expr->len);
    db_bind_int(st, 2, lo);
    db_bind_int(st, 3, hi);
    db_bind_int(st, 4, limit);
    if (db_step(st) == DB_ROW) {
        n = db_column_int(st, 0);
        *last = db_column_int(st, 1);
    } else {
        *e = BP_ERR_DB;
    }
    db_reset(st);
    return n;
}

/* What scope_expr's meta filter asks of a row, on the map's columns (m): the same rows. */
static void scope_map_sql(const struct principal *who, struct buf *sql)
{
    if (who->user_id == 0)
        (void)buf_adds(sql, "m.visibility NOT IN ('private','cluster')");
    else if (!principal_is_operator(who) && who->org_id > 0)
        (void)buf_addf(sql, "(m.visibility <> 'private' OR m.org_id IS %lld OR m.party_org_id IS %lld)",
                       who->org_id, who->org_id);
    else if (!principal_is_operator(who))
        (void)buf_adds(sql, "m.visibility <> 'private'");
    else
        (void)buf_adds(sql, "1");
}

/* The matches of expr (without scope_expr's meta filter, which FTS5 merges slowly: its posting
 * lists are most of the index's rows, read page by page at every match) among rowids [lo, hi),
 * in the index's order, read until want of them are the caller's or cap are read: how many are
 * the caller's (checked on the map). *last gets the largest rowid of the caller's counted,
 * *read how many were read, *end the largest rowid read. *next gets the first match at or
 * after hi (INT64_MAX when there is none) when every match of [lo, hi) was read, else 0: FTS5
 * (3.40) stops a statement at its upper rowid only at the first match past it, so a window
 * without matches reads the posting lists on to the next one or to their end (the whole rest
 * of the index for two words that meet early and never after); the statement has no upper
 * bound and that match is read and told, so a later window of the same expression that lies
 * before it is known to hold none without a statement of its own. */
static long long count_mapped(struct db *db, const struct buf *expr, const struct principal *who, long long lo,
                              long long hi, long long want, long long cap, long long *last, long long *read,
                              long long *end, long long *next, struct arena *arena, enum bp_err *e)
{
    struct buf sql;
    struct db_stmt *st;
    long long n = 0;
    *last = *read = *end = *next = 0;
    buf_init(&sql, arena, 512);
    (void)buf_adds(&sql, "SELECT search.rowid, ");
    scope_map_sql(who, &sql);
    (void)buf_adds(&sql, " FROM search CROSS JOIN search_rows m ON m.rowid=search.rowid WHERE search MATCH ?1 "
                         "AND search.rowid >= ?2 ORDER BY search.rowid");
    if ((*e = sql.failed ? BP_ERR_NOMEM : db_prepare(db, sql.data, &st)))
        return 0;
    db_bind_text(st, 1, expr->data, expr->len);
    db_bind_int(st, 2, lo);
    enum db_step s = DB_ROW;
    while (n < want && *read < cap && (s = db_step(st)) == DB_ROW) {
        long long rowid = db_column_int(st, 0);
        if (rowid >= hi) {
            *next = rowid;
            break;
        }
        (*read)++;
        *end = rowid;
        if (db_column_int(st, 1)) {
            n++;
            *last = *end;
        }
    }
    if (s == DB_DONE)
        *next = INT64_MAX;
    db_reset(st);
    if (s == DB_FAIL)
        *e = BP_ERR_DB;
    return n;
}

/* How many rows match expr that who may see (scoped: expr with scope_expr's meta filter, for
 * PostgreSQL and for a caller who may see few of many matches): counted up to
 * SEARCH_TOTAL_EXACT; beyond, *estimate is set and the rest estimated by sampling: the rowids
 * after the last one counted are cut in SEARCH_TOTAL_STRATA equal strata, and in a window at the
 * middle of each (as wide as the part counted exactly holds SEARCH_TOTAL_EXACT / 2 /
 * SEARCH_TOTAL_STRATA of the caller's matches; read up to twice that of theirs, or
 * SEARCH_TOTAL_EXACT matches) the caller's matches give the stratum's density. The strata follow the index's order, where
 * collections come in blocks (orgs, then people, …), so a word common in one collection and rare
 * in another is weighed in both. Counting every match of a common word reads its whole posting
 * list: at a million rows, hundreds of milliseconds for a number. The caller's rows are told on
 * the map, not by the meta filter in the expression: that filter's posting lists are read page
 * by page at every match, about 4 ms a query at a million rows whatever its window, while a
 * look-up in the map is a microsecond. Only when the caller may see fewer than
 * SEARCH_TOTAL_EXACT of the first SEARCH_TOTAL_SCAN matches are the rest counted with the
 * scoped expression. index_rows: the largest rowid. Rounded to two significant digits: it reads as
 * the estimate it is. */
static void add_groups(struct buf *e, struct query *q, enum reading how, struct parsed *scratch);
static void settle_prefixes(struct db *db, struct buf *expr, bool any, struct arena *arena, struct buf *spans);

/* expr for the rows [lo, hi) alone, into out: without the alternatives no row of them holds
 * (term_rows knows their last row), whose posting lists FTS5 would read past hi looking for
 * one. The reading how of q, with coll (scope_expr's collection) after it. */
static void window_expr(struct db *db, struct query *q, enum reading how, const char *coll, long long lo,
                        long long hi, struct parsed *scratch, struct arena *arena, struct buf *out)
{
    buf_reset(out);
    q->window_lo = lo;
    q->window_hi = hi;
    (void)buf_addch(out, '(');
    add_groups(out, q, how, scratch);
    (void)buf_addch(out, ')');
    (void)buf_adds(out, q->pairs[how]);
    (void)buf_adds(out, coll);
    q->window_lo = q->window_hi = 0;
    settle_prefixes(db, out, true, arena, NULL);
}

/* Whether every row of the index holds its bucket in meta (an index made by an older bpmc holds
 * none until `bpmc reindex`): whether the row with the smallest rowid does. A row is indexed with
 * a rowid past every one the index holds then (indexed again, it takes a new one), so rows
 * indexed before the buckets came all lie before those indexed since. */
static bool buckets_held(struct db *db)
{
    long long first = 0, n = 0;
    if (db_query_int(db, "SELECT coalesce(min(rowid), 0) FROM search_rows", 0, &first) || first <= 0)
        return false;
    char sql[192];
    snprintf(sql, sizeof(sql), "SELECT count(*) FROM search WHERE search MATCH 'meta : \"0b%lld\"' AND rowid = %lld",
             first >> SEARCH_BUCKET_SHIFT, first);
    return db_query_int(db, sql, 0, &n) == BP_OK && n > 0;
}

/* Appends to out " AND meta : (...)", the buckets that hold the rowids [lo, hi): an expression
 * ANDed with it matches the same rows there, and FTS5, which begins a statement by finding the
 * expression's first match from rowid 0 and only then skips to the statement's lowest rowid
 * (3.40), starts at the first of those buckets: its AND moves every phrase to the largest of
 * their rowids, the bucket's first. Returns the first rowid past the buckets (a statement without
 * an upper rowid reads no match beyond it), or 0 with out unchanged when they are more than
 * SEARCH_BUCKETS_MAX. */
static long long bucket_expr(long long lo, long long hi, struct buf *out)
{
    long long first = lo >> SEARCH_BUCKET_SHIFT, last = (hi - 1) >> SEARCH_BUCKET_SHIFT;
    if (lo < 0 || hi <= lo || last - first >= SEARCH_BUCKETS_MAX)
        return 0;
    (void)buf_adds(out, " AND meta : (");
    for (long long k = first; k <= last; k++)
        (void)buf_addf(out, "%s\"0b%lld\"", k > first ? " OR " : "", k);
    (void)buf_addch(out, ')');
    return (last + 1) << SEARCH_BUCKET_SHIFT;
}

static enum bp_err count_matches(struct db *db, const struct buf *scoped, const struct buf *expr,
                                 const struct principal *who, const struct hits *seed, int tier, long long index_rows,
                                 struct query *q, const char *coll, struct parsed *scratch, struct arena *arena,
                                 long long *n, bool *estimate)
{
    if (!dialect_fts5()) { /* PostgreSQL: counted whole (search_pg.c) */
        *n = search_pg_count(db, scoped->data, scoped->len, 0);
        return *n < 0 ? (*n = 0, BP_ERR_DB) : BP_OK;
    }
    enum bp_err e = BP_OK;
    long long last = 0, read = 0, end = 0, start = 0;
    *n = 0;
    if (seed->win_tier == tier && seed->win_n > 0) { /* the ranking read these matches already */
        *n = (long long)seed->win_scoped;
        read = (long long)seed->win_n;
        start = seed->win_last + 1;
        last = *n >= SEARCH_TOTAL_EXACT ? seed->win_last : 0;
    }
    struct buf bexpr; /* an expression with its buckets (bucket_expr) */
    buf_init(&bexpr, arena, SEARCH_EXPR_MAX);
    int buckets = -1; /* buckets_held, once asked */
    if (*n < SEARCH_TOTAL_EXACT) {
        long long got_last, got_read, next;
        const struct buf *ce = expr; /* after the rank window: from its last match's bucket on */
        if (start > 0 && (buckets = buckets_held(db))) {
            (void)buf_addf(&bexpr, "(%.*s)", (int)expr->len, expr->data); /* whatever its top operator */
            if (bucket_expr(start, index_rows + 1, &bexpr) && !bexpr.failed)
                ce = &bexpr;
        }
        *n += count_mapped(db, ce, who, start, INT64_MAX, SEARCH_TOTAL_EXACT - *n, SEARCH_TOTAL_SCAN - read,
                           &got_last, &got_read, &end, &next, arena, &e);
        read += got_read;
        if (got_last)
            last = got_last;
        if (got_read)
            start = end + 1;
    }
    if (!e && *n < SEARCH_TOTAL_EXACT && read >= SEARCH_TOTAL_SCAN) { /* few of many are the caller's: the
                                                                        * rest counted by the scoped expression */
        long long more_last, more = count_range(db, scoped, start, INT64_MAX, SEARCH_TOTAL_EXACT - *n, &more_last, &e);
        *n += more;
        if (more)
            last = more_last;
    }
    if (e || *n < SEARCH_TOTAL_EXACT || last <= 0 || index_rows <= last)
        return e;
    long long span = index_rows - last, per = SEARCH_TOTAL_EXACT / 2 / SEARCH_TOTAL_STRATA;
    long long width = last / 2 / SEARCH_TOTAL_STRATA;
    double est = (double)*n;
    struct buf wexpr, known;
    long long none_from = 0, none_to = 0; /* rowids where known's expression matches nothing */
    buf_init(&wexpr, arena, SEARCH_EXPR_MAX);
    buf_init(&known, arena, SEARCH_EXPR_MAX);
    if (buckets < 0)
        buckets = buckets_held(db);
    for (long long i = 0; i < SEARCH_TOTAL_STRATA && !e; i++) {
        long long from = last + 1 + span * i / SEARCH_TOTAL_STRATA;
        long long to = last + 1 + span * (i + 1) / SEARCH_TOTAL_STRATA;
        long long w = width < 1 ? 1 : width > to - from ? to - from : width;
        long long lo = from + (to - from - w) / 2, got_last, next = 0, got = 0;
        window_expr(db, q, (enum reading)tier, coll, lo, lo + w, scratch, arena, &wexpr);
        const struct buf *we = wexpr.failed ? expr : &wexpr, *run = we;
        long long past = 0; /* the first rowid past the window's buckets, when run has them */
        if (buckets) {
            buf_reset(&bexpr);
            (void)buf_addf(&bexpr, "(%.*s)", (int)we->len, we->data);
            /* from the window's bucket to the index's last: a window without matches reads on
             * to the next one as before (a later window before it gets no statement), but
             * from its bucket's first row, not from rowid 0 */
            past = bucket_expr(lo, index_rows + 1, &bexpr);
            if (!past)
                past = bucket_expr(lo, lo + w, &bexpr);
            if (past && !bexpr.failed)
                run = &bexpr;
            else
                past = 0;
        }
        if (lo >= none_from && lo + w <= none_to && we->len == known.len && !known.failed &&
            memcmp(we->data, known.data, we->len) == 0) {
            read = end = 0; /* what its statement would have read: nothing */
        } else {
            got = count_mapped(db, run, who, lo, lo + w, per * 2, SEARCH_TOTAL_EXACT, &got_last, &read, &end, &next,
                               arena, &e);
        }
        if (past && next > past) /* its buckets' end: they hold no match of we before it, and say
                                  * nothing of the rowids after */
            next = past;
        if (next > 0) { /* every match of [lo, lo + w) read: none of we's in [lo + w, next) */
            none_from = lo + w;
            none_to = next;
            buf_reset(&known);
            (void)buf_add(&known, we->data, we->len);
        }
        if (got < per * 2 && read < SEARCH_TOTAL_EXACT) /* the whole window read */
            est += (double)got * (double)(to - from) / (double)w;
        else if (got > 0 && end >= lo) /* dense: the window's part read */
            est += (double)got * (double)(to - from) / (double)(end - lo + 1);
    }
    long long unit = 1;
    while (est / (double)unit >= 100.0)
        unit *= 10;
    *n = (long long)(est / (double)unit + 0.5) * unit;
    if (*n < SEARCH_TOTAL_EXACT)
        *n = SEARCH_TOTAL_EXACT;
    *estimate = true;
    return e;
}

/* A ranked match: its rowid and BM25 (lower is better), and whether the caller may see it. */
struct ranked {
    long long rowid;
    double score;
    bool visible;
};

static int ranked_cmp(const void *x, const void *y)
{
    const struct ranked *a = x, *b = y;
    if (a->visible != b->visible)
        return a->visible ? -1 : 1;
    if (a->score != b->score)
        return a->score < b->score ? -1 : 1;
    return a->rowid < b->rowid ? -1 : (a->rowid > b->rowid);
}

/* What a row's collection weighs (weighed): the SQL of its class, over the map m. */
enum row_class { ROW_PLAIN, ROW_NEED, ROW_AFTER };
static char row_class_text[2048];
static pthread_once_t row_class_once = PTHREAD_ONCE_INIT;

static void row_class_init(void)
{
    struct buf b;
    buf_init(&b, NULL, sizeof(row_class_text) - 1);
    (void)buf_adds(&b, "CASE WHEN m.collection='needs' THEN 1");
    size_t n = 0;
    for (const struct resource *const *r = resource_all(); *r; r++)
        if (((*r)->flags & R_SEARCH_AFTER) && search_indexed(*r))
            (void)buf_addf(&b, "%s'%s'", n++ ? "," : " WHEN m.collection IN (", (*r)->name);
    (void)buf_adds(&b, n ? ") THEN 2 ELSE 0 END" : " ELSE 0 END");
    snprintf(row_class_text, sizeof(row_class_text), "%s",
             b.failed ? "CASE WHEN m.collection='needs' THEN 1 ELSE 0 END" : b.data);
    buf_release(&b);
}

static const char *row_class_sql(void)
{
    pthread_once(&row_class_once, row_class_init);
    return row_class_text;
}

/* A match's BM25 weighed by the ranking's rules, the same on both databases: a negated word's
 * rows, needs (against providers' questions or plain) and the rows of R_SEARCH_AFTER, rows
 * matched only by text appended from their organisation, an exact title. */
static double weighed(double bm25, bool negated, int cls, bool providers, bool appended, bool exact)
{
    if (negated)
        bm25 *= SEARCH_NEGATED_WEIGHT;
    if (cls == ROW_NEED)
        bm25 *= providers ? SEARCH_NEEDS_WEIGHT : SEARCH_NEEDS_PLAIN_WEIGHT;
    else if (cls == ROW_AFTER)
        bm25 *= SEARCH_AFTER_WEIGHT;
    if (appended)
        bm25 *= SEARCH_APPENDED_WEIGHT;
    if (exact)
        bm25 *= SEARCH_EXACT_TITLE_WEIGHT;
    return bm25;
}

/* The best k of the n ranked matches r into hs at tier (every one of them the caller's: the
 * window's in index order, then those of the title and names columns after it); when the window
 * held every match the caller may see (window < SEARCH_RANK_WINDOW), *total is how many. */
static void take_ranked(struct ranked *r, size_t n, size_t window, size_t k, int tier, struct hits *hs,
                        long long *total, bool *counted)
{
    if (window < SEARCH_RANK_WINDOW) {
        *total = (long long)window;
        *counted = true;
    }
    qsort(r, n, sizeof(*r), ranked_cmp);
    for (size_t i = 0, added = 0; i < n && added < k && hs->n < hs->cap; i++)
        if (r[i].visible && !hits_has(hs, r[i].rowid)) {
            hs->h[hs->n++] = (struct hit){r[i].rowid, r[i].score, tier};
            added++;
        }
}

/* Whether rank looks past the window at the title and names columns for expr: for one word
 * (with its other names and corrections as alternatives), not for words together (AND) or a
 * word's parts written apart (NEAR: corrections, long compounds). FTS5 stops a statement at its
 * last rowid only when the expression's root yields a row: an AND or NEAR whose parts never meet
 * in a title reads every posting to the end of its lists (임상 연구, 6-8 ms at a million rows for
 * no row; 바이오마거's NEAR groups 13 ms). */
static bool named_wanted(const struct buf *expr)
{
    return !memmem(expr->data, expr->len, "NEAR(", 5) && !memmem(expr->data, expr->len, " AND ", 5);
}

/* The expression of the rows ranked besides the window: the matches of expr (without the
 * collection's meta filter, only's) in the title and names columns, the likeliest best (BM25
 * weighs them 10 and 5 against the body's 1), into out. */
static void named_expr(const struct buf *expr, const struct resource *only, struct buf *out)
{
    (void)buf_adds(out, "{title names} : (");
    (void)buf_add(out, expr->data, expr->len);
    (void)buf_addch(out, ')');
    if (only) {
        char name[128];
        meta_name(only->name, strlen(only->name), name, sizeof(name));
        (void)buf_addf(out, " AND meta : \"0c%s\"", name);
    }
}

/* How far after the window rank looks for matches in the title and names columns: a span of
 * rowids that holds about SEARCH_RANK_NAMED_POSTINGS postings of expr's phrases (each phrase's
 * rows by search_df, phrase_dfs, added up, spread over the index's rows), or the whole index
 * when it holds at most SEARCH_RANK_NAMED_SPAN rows, so that the look reads a bounded part of
 * the posting lists however common the words are (FTS5 reads a column filter's postings whole:
 * a word held in few titles and many bodies, read to the end, cost 10-60 ms at a million rows;
 * 4 000 postings of 바이오마커, 4 ms). The whole index when the words are rare. */
static long long named_span(struct db *db, const struct buf *expr, struct arena *arena)
{
    long long rows = 0;
    struct buf dfs;
    if (db_query_int(db, "SELECT coalesce(max(rowid), 0) FROM search_rows", 0, &rows) || rows <= 0)
        return 0;
    if (rows <= SEARCH_RANK_NAMED_SPAN)
        return rows;
    buf_init(&dfs, arena, sizeof(double) * 1024);
    phrase_dfs(db, expr->data, expr->len, &dfs);
    double sum = 0.0;
    for (size_t i = 0; !dfs.failed && i + sizeof(double) <= dfs.len; i += sizeof(double)) {
        double d;
        memcpy(&d, dfs.data + i, sizeof(d));
        sum += d >= 0.0 ? d : (double)rows; /* counted by FTS5: as if every row */
    }
    if (dfs.failed)
        sum = (double)rows;
    double span = (double)SEARCH_RANK_NAMED_POSTINGS * (double)rows / (sum < 1.0 ? 1.0 : sum);
    return span >= (double)rows ? rows : (long long)span;
}

static enum bp_err rank_pg(struct db *db, const struct buf *expr, const struct buf *neg, struct str typed,
                           bool providers, const struct principal *who, const struct resource *only,
                           size_t k, int tier, struct arena *arena, struct hits *hs, long long *total,
                           bool *counted);

/* expr as rank gives it to FTS5, into out, and each of its phrases' rows (bpmc_bm25's blob) into
 * dfs: its long prefixes settled (settle_prefixes), the phrases a prefix became weighing as the
 * prefix did, one phrase counted by its rows. dfs fails (bpmc_bm25 then counts) when they cannot
 * be told apart. */
static void rank_expr(struct db *db, const char *expr, size_t len, struct arena *arena, struct buf *out,
                      struct buf *dfs)
{
    struct buf raw, spans, grouped;
    buf_init(&raw, arena, sizeof(double) * 1024);
    buf_init(&spans, arena, 4096);
    buf_init(&grouped, arena, sizeof(double) * 1024);
    phrase_dfs(db, expr, len, &raw);
    (void)buf_add(out, expr, len);
    settle_prefixes(db, out, true, arena, &spans);
    bool same = !raw.failed && !spans.failed && !out->failed && spans.len * sizeof(double) == raw.len;
    for (size_t i = 0; same && i < spans.len; i++) {
        const double joined = BM25_SAME_PHRASE;
        (void)buf_add(&grouped, raw.data + i * sizeof(double), sizeof(double));
        for (unsigned char j = 1; j < (unsigned char)spans.data[i]; j++)
            (void)buf_add(&grouped, &joined, sizeof(joined));
    }
    if (same && !grouped.failed) {
        *dfs = grouped;
    } else { /* the expression as given */
        buf_reset(out);
        (void)buf_add(out, expr, len);
        *dfs = raw;
    }
}

/* --- a reading that matches nothing, told cheaply ---
 *
 * FTS5 (3.40) finds a phrase of several tokens by moving all of them to the same row and reading
 * their positions there: where one of them is in most rows (바이 이오 of 바이오프린팅, 의료 of
 * 재생의료), every step seeks along that long list. Two such phrases that never meet (재생의료
 * 바이오프린팅: 0 rows of 1 000 000) cost the ranking's statement a walk of both to the end of the
 * index, 20-40 ms of CPU at a million rows, for no row at all, and the expanded reading walks it
 * again. The same expression with each phrase cut to its rarest token (by search_df: 재생 AND
 * 프린) matches every row the expression matches and more, and FTS5 walks single tokens several
 * times faster (2-3 ms for that pair). So when the skeleton matches nothing, neither does the
 * expression, and its statement is not run (matches_nothing, in rank); when it matches
 * something, the statement runs as before (one LIMIT 1 lookup more). */

/* The tokens a quoted string reads as: the first, and how many. */
struct skeleton_tok {
    char tok[TOKENS_MAX_BYTES + 1];
    size_t len;
    size_t n;
};

static int skeleton_collect(void *ctx, const char *tok, size_t len, size_t start, size_t end, bool prefix)
{
    struct skeleton_tok *st = ctx;
    (void)start;
    (void)end;
    (void)prefix; /* FTS5 reads a prefix from the expression's '*', not from the tokenizer */
    if (st->n == 0 && len <= TOKENS_MAX_BYTES) {
        memcpy(st->tok, tok, len);
        st->len = len;
    }
    st->n++;
    return 0;
}

/* Each token of a phrase into a struct parsed (text and length only). */
static int skeleton_all(void *ctx, const char *tok, size_t len, size_t start, size_t end, bool prefix)
{
    struct parsed *p = ctx;
    (void)start;
    (void)end;
    (void)prefix;
    if (p->ntok == SEARCH_TOKENS_MAX || len > TOKENS_MAX_BYTES)
        return 1; /* too many or too long: the phrase stays whole */
    memcpy(p->tok[p->ntok].text, tok, len);
    p->tok[p->ntok++].len = len;
    return 0;
}

/* The phrase text[0, len) (a quoted string's contents, as FTS5 reads them: the query tokenizer's
 * tokens, fts_tokenize) cut to its rarest token that, quoted alone, reads as itself, appended to
 * out quoted; false when the phrase is one token or none qualifies (it then stays whole). prefix:
 * its last token is a prefix, never the one kept. */
static bool skeleton_phrase(struct db *db, const char *text, size_t len, bool prefix, struct parsed *p,
                            struct buf *out)
{
    p->ntok = 0;
    if (tokens_split(text, len, TOKENS_QUERY, skeleton_all, p) != 0 || p->ntok < 2)
        return false;
    const struct qtoken *best = NULL;
    long long best_docs = 0;
    for (size_t i = 0; i < p->ntok; i++) {
        const struct qtoken *t = &p->tok[i];
        if (prefix && i == p->ntok - 1)
            continue;
        struct skeleton_tok alone = {.n = 0};
        (void)tokens_split(t->text, t->len, TOKENS_QUERY, skeleton_collect, &alone);
        if (alone.n != 1 || alone.len != t->len || memcmp(alone.tok, t->text, t->len) != 0)
            continue; /* quoted alone it would read as another token */
        long long docs = vocab_docs(db, t->text, t->len);
        if (!best || docs < best_docs) {
            best = t;
            best_docs = docs;
        }
    }
    if (!best)
        return false;
    add_quoted(out, best->text, best->len, false);
    return true;
}

static bool keyword_at(const char *x, size_t len, size_t i, const char *kw)
{
    size_t n = strlen(kw);
    return i + n <= len && memcmp(x + i, kw, n) == 0 && (i == 0 || !isalnum((unsigned char)x[i - 1])) &&
           (i + n == len || !isalnum((unsigned char)x[i + n]));
}

/* The skeleton of the MATCH expression x[0, len) into out: each phrase of several tokens cut to
 * its rarest (skeleton_phrase), everything else as it is, so that it matches every row x matches
 * (AND, OR and a column filter keep that; a phrase under NOT, or after one, stays whole, so that
 * what NOT takes away is never more). False when no phrase was cut, or x holds NEAR (a phrase's
 * tokens apart are another distance) or cannot be read. */
static bool skeleton_expr(struct db *db, const char *x, size_t len, struct buf *out)
{
    bool cut = false, negated = false;
    struct parsed *p = malloc(sizeof(*p));
    struct buf text;
    if (!p)
        return false;
    buf_init(&text, NULL, SEARCH_EXPR_MAX);
    for (size_t i = 0; i < len;) {
        if (x[i] != '"') {
            if (keyword_at(x, len, i, "NEAR")) {
                cut = false;
                break;
            }
            if (keyword_at(x, len, i, "NOT"))
                negated = true;
            (void)buf_addch(out, x[i++]);
            continue;
        }
        size_t from = i++; /* the quoted string: "" is a quote inside it */
        buf_reset(&text);
        for (;;) {
            if (i >= len)
                goto unreadable;
            if (x[i] == '"' && i + 1 < len && x[i + 1] == '"') {
                (void)buf_addch(&text, '"');
                i += 2;
            } else if (x[i] == '"') {
                i++;
                break;
            } else {
                (void)buf_addch(&text, x[i++]);
            }
        }
        bool prefix = i < len && x[i] == '*';
        if (prefix)
            i++;
        if (!negated && !text.failed && skeleton_phrase(db, text.data ? text.data : "", text.len, prefix, p, out))
            cut = true;
        else
            (void)buf_add(out, x + from, i - from);
    }
    free(p);
    buf_release(&text);
    return cut && !out->failed;
unreadable:
    free(p);
    buf_release(&text);
    return false;
}

static bool buckets_held(struct db *db);
static long long bucket_expr(long long lo, long long hi, struct buf *out);

/* Whether the MATCH expression x[0, len) surely matches no row after rowid after: its skeleton
 * (skeleton_expr) matches none. False when it has no skeleton (a lookup would tell nothing the
 * statement does not) or the lookup fails. After a rowid, the skeleton is ANDed with the buckets
 * from its on (bucket_expr): FTS5 would otherwise walk it from rowid 0 (an anonymous caller's
 * read-on starts far into the index). */
static bool matches_nothing(struct db *db, const char *x, size_t len, long long after, struct arena *arena)
{
    struct buf sk;
    struct db_stmt *st;
    long long top = 0;
    buf_init(&sk, arena, SEARCH_EXPR_MAX);
    (void)buf_addch(&sk, '(');
    if (!skeleton_expr(db, x, len, &sk))
        return false;
    (void)buf_addch(&sk, ')');
    if (after > 0 && !db_query_int(db, "SELECT coalesce(max(rowid), 0) FROM search_rows", 0, &top) && top > after &&
        buckets_held(db))
        (void)bucket_expr(after + 1, top + 1, &sk);
    if (sk.failed || db_prepare(db, "SELECT 1 FROM search WHERE search MATCH ?1 AND rowid > ?2 LIMIT 1", &st))
        return false;
    db_bind_text(st, 1, sk.data, sk.len);
    db_bind_int(st, 2, after);
    enum db_step s = db_step(st);
    db_reset(st);
    return s == DB_DONE;
}

/* rank's statement: every match of ?1 after rowid ?2 in index order, or (rows) those of rowids
 * ?8 to ?9 that the JSON array ?10 lists; per row its rowid, whether who may see it, whether
 * scope_map_sql admits it (what the count asks), and for the rows who may see: BM25, whether it
 * holds a negated word, whether it is a need, whether its own text holds a match, whether its
 * title is the query. */
static void rank_sql(const struct principal *who, const struct resource *only, bool neg, bool rows,
                     struct buf *sql)
{
    struct buf vis;
    buf_init(&vis, NULL, 512);
    (void)buf_adds(&vis, "(1");
    err_ignore(access_search_scope(who, "m", &vis));
    (void)buf_addch(&vis, ')');
    (void)buf_adds(sql, "SELECT search.rowid, ");
    (void)buf_add(sql, vis.data, vis.len);
    (void)buf_adds(sql, ", ");
    scope_map_sql(who, sql);
    (void)buf_adds(sql, ", CASE WHEN ");
    (void)buf_add(sql, vis.data, vis.len);
    (void)buf_adds(sql, " THEN " BM25 " ELSE 0 END, ");
    if (neg) /* whether the row holds a word of the query negated */
        (void)buf_adds(sql, "search.rowid IN (SELECT rowid FROM search WHERE search MATCH ?5)");
    else
        (void)buf_adds(sql, "0");
    (void)buf_adds(sql, ", ");
    (void)buf_adds(sql, row_class_sql());
    /* whether the row's own text holds a match (SEARCH_APPENDED_WEIGHT): its title, its names,
     * the tags it carries (meta's 0t tokens, not the collection's) or its body before the unit
     * separator; highlight marks the phrases matched in a column (it reads the row's text again:
     * only for rows who may see) */
    (void)buf_adds(sql, ", CASE WHEN NOT ");
    (void)buf_add(sql, vis.data, vis.len);
    (void)buf_adds(sql, " THEN 0 WHEN m.collection='people' OR instr(highlight(search, 0, char(1), ''), char(1)) OR "
                        "instr(highlight(search, 1, char(1), ''), char(1)) OR "
                        "instr(highlight(search, 3, char(1), ''), char(1) || '0t') THEN 1 ELSE "
                        "instr(highlight(search, 2, char(1), ''), char(1)) BETWEEN 1 AND "
                        "instr(search.body, char(31)) END");
    (void)buf_adds(sql, ", lower(search.title) = lower(?6)"); /* the title is the query as typed */
    (void)buf_adds(sql, " FROM search CROSS JOIN search_rows m ON m.rowid=search.rowid WHERE search MATCH ?1");
    if (only)
        (void)buf_adds(sql, " AND m.collection=?4");
    if (rows) /* FTS5 reads the range; the list is a filter (+: not offered to FTS5 as rowids) */
        (void)buf_adds(sql, " AND search.rowid BETWEEN ?8 AND ?9 AND "
                            "+search.rowid IN (SELECT value FROM json_each(?10))");
    else
        (void)buf_adds(sql, " AND search.rowid > ?2");
    (void)buf_adds(sql, " ORDER BY search.rowid");
    if (vis.failed)
        sql->failed = true;
    buf_release(&vis);
}

/* Reads rank's statement st into r (at most want rows who may see, of at most cap read; cap 0:
 * no bound), the window's figures into hs when window. *done: every row of st read. */
static enum bp_err rank_read(struct db_stmt *st, bool providers, struct ranked *r, size_t *n, size_t want,
                             long long cap, bool window, struct hits *hs, bool *done)
{
    enum db_step s = DB_DONE;
    long long read = 0;
    *done = false;
    while (*n < want && (cap == 0 || read < cap) && (s = db_step(st)) == DB_ROW) {
        read++;
        if (window) {
            hs->win_n++;
            hs->win_scoped += db_column_int(st, 2) != 0;
            hs->win_last = db_column_int(st, 0);
        }
        if (!db_column_int(st, 1))
            continue;
        /* bm25 is a REAL: read it as text for precision */
        double bm25 = strtod(db_column_text(st, 3, NULL), NULL);
        r[*n] = (struct ranked){db_column_int(st, 0),
                                weighed(bm25, db_column_int(st, 4) != 0, (int)db_column_int(st, 5), providers,
                                        !db_column_int(st, 6), db_column_int(st, 7) != 0),
                                true};
        (*n)++;
    }
    if (s == DB_DONE)
        *done = true;
    db_reset(st);
    return s == DB_FAIL ? BP_ERR_DB : BP_OK;
}

/* Prepares rank's statement (rank_sql) for expr and binds it. */
static enum bp_err rank_stmt(struct db *db, const struct buf *sql, const struct buf *expr, const struct buf *dfs,
                             const struct buf *neg, struct str typed, const struct principal *who,
                             const struct resource *only, long long after, const struct buf *rows, long long first,
                             long long last, struct db_stmt **st)
{
    enum bp_err e = sql->failed || expr->failed ? BP_ERR_NOMEM : db_prepare(db, sql->data, st);
    if (e)
        return e;
    db_bind_text(*st, 1, expr->data, expr->len);
    db_bind_int(*st, 2, after);
    if (only)
        db_bind_text(*st, 4, only->name, strlen(only->name));
    if (neg && neg->len)
        db_bind_text(*st, 5, neg->data, neg->len);
    db_bind_text(*st, 6, typed.ptr, typed.len);
    if (dfs->failed)
        db_bind_null(*st, 7); /* bpmc_bm25 counts them itself */
    else
        db_bind_blob(*st, 7, dfs->data, dfs->len);
    if (rows) {
        db_bind_int(*st, 8, first);
        db_bind_int(*st, 9, last);
        db_bind_text(*st, 10, rows->data, rows->len);
    }
    access_bind(*st, who);
    return BP_OK;
}

/* The best k rows of the matches of expr that who may see, into hs at tier. Ranked are the
 * window, the first SEARCH_RANK_WINDOW matches in index order that who may see (all of them
 * unless the query is broad), and when more match, the first SEARCH_RANK_NAMED after it that hold
 * the query in their title or names, the likeliest best whatever their age. What who may see is
 * checked on the map, in the window: a row who may not see never takes a place in it. When the
 * first SEARCH_RANK_SCAN matches read hold fewer than a window of theirs and who has no
 * organisation (so no shares: the meta filter of scope_expr is their scope exactly), the window
 * reads on with that filter in the expression (and, for an anonymous caller, open_pairs: the
 * pair tokens of the rows they may see). When the window held every match, *total gets how
 * many the caller may see (the count is then free); else it is left alone. */
static enum bp_err rank(struct db *db, const struct buf *expr, const struct buf *neg, struct str typed,
                        bool providers, const struct principal *who, const struct resource *only, size_t k,
                        int tier, struct arena *arena, struct hits *hs, long long *total,
                        bool *counted, const char *open_pairs)
{
    if (!dialect_fts5()) /* PostgreSQL: search_pg.c */
        return rank_pg(db, expr, neg, typed, providers, who, only, k, tier, arena, hs, total, counted);
    struct buf sql, mine, ready, dfs;
    struct db_stmt *st;
    struct ranked *r = arena_alloc(arena, sizeof(*r) * (SEARCH_RANK_WINDOW + SEARCH_RANK_NAMED));
    const struct buf *given = expr;
    if (!r)
        return BP_ERR_NOMEM;
    if (only) { /* the collection's rows only, merged in the index: its meta token weighs 0 in
                 * BM25, and its count comes from search_df like every phrase's */
        char name[128];
        meta_name(only->name, strlen(only->name), name, sizeof(name));
        buf_init(&mine, arena, expr->len + sizeof(name) + 32);
        (void)buf_addf(&mine, "%.*s AND meta : \"0c%s\"", (int)expr->len, expr->data, name);
        if (mine.failed)
            return BP_ERR_NOMEM;
        expr = &mine;
    }
    bool has_neg = neg && neg->len;
    buf_init(&sql, arena, 4096);
    buf_init(&ready, arena, SEARCH_EXPR_MAX);
    rank_sql(who, only, has_neg, false, &sql);
    rank_expr(db, expr->data, expr->len, arena, &ready, &dfs);
    size_t n = 0;
    bool done = false, alone = who->user_id == 0 || (!principal_is_operator(who) && who->org_id <= 0);
    hs->win_tier = tier;
    hs->win_n = hs->win_scoped = 0;
    hs->win_last = 0;
    enum bp_err e = BP_OK;
    if (!ready.failed && matches_nothing(db, ready.data, ready.len, 0, arena)) {
        done = true; /* what the statement would have read: no row (a reading that matches nothing) */
    } else {
        if ((e = rank_stmt(db, &sql, &ready, &dfs, neg, typed, who, only, 0, NULL, 0, 0, &st)))
            return e;
        e = rank_read(st, providers, r, &n, SEARCH_RANK_WINDOW, alone ? SEARCH_RANK_SCAN : 0, true, hs, &done);
    }
    if (!e && !done && n < SEARCH_RANK_WINDOW) { /* few of many are theirs: read on with their scope */
        char scope[160];
        struct buf scoped, sready, sdfs;
        scope_expr(who, NULL, scope, sizeof(scope));
        buf_init(&scoped, arena, expr->len + sizeof(scope) + strlen(open_pairs) + 4);
        buf_init(&sready, arena, SEARCH_EXPR_MAX);
        (void)buf_addf(&scoped, "(%.*s)%s%s", (int)expr->len, expr->data, scope, who->user_id == 0 ? open_pairs : "");
        rank_expr(db, scoped.data, scoped.len, arena, &sready, &sdfs);
        if (!scoped.failed && !sready.failed && matches_nothing(db, sready.data, sready.len, hs->win_last, arena))
            done = true; /* none of theirs after the first ones read (the same skeleton, scoped) */
        else if (!(e = scoped.failed ? BP_ERR_NOMEM : rank_stmt(db, &sql, &sready, &sdfs, neg, typed, who, only,
                                                                hs->win_last, NULL, 0, 0, &st)))
            e = rank_read(st, providers, r, &n, SEARCH_RANK_WINDOW, 0, true, hs, &done);
    }
    size_t window = n;
    if (!e && !done && named_wanted(given)) { /* more match: the title and names columns' after it */
        struct buf nready, ids;
        struct db_stmt *nst;
        long long span = named_span(db, given, arena), first = 0, last = 0;
        buf_init(&nready, arena, SEARCH_EXPR_MAX);
        buf_init(&ids, arena, 24 * SEARCH_RANK_NAMED + 4);
        named_expr(given, only, &nready);
        settle_prefixes(db, &nready, true, arena, NULL);
        buf_reset(&sql);
        (void)buf_adds(&sql, "SELECT search.rowid FROM search CROSS JOIN search_rows m ON m.rowid=search.rowid "
                             "WHERE search MATCH ?1 AND search.rowid > ?2 AND search.rowid <= ?4");
        err_ignore(access_search_scope(who, "m", &sql));
        (void)buf_adds(&sql, " ORDER BY search.rowid LIMIT ?3");
        e = sql.failed || nready.failed ? BP_ERR_NOMEM : db_prepare(db, sql.data, &nst);
        size_t found = 0;
        if (!e) {
            db_bind_text(nst, 1, nready.data, nready.len);
            db_bind_int(nst, 2, hs->win_last);
            db_bind_int(nst, 3, SEARCH_RANK_NAMED);
            db_bind_int(nst, 4, hs->win_last > INT64_MAX - span ? INT64_MAX : hs->win_last + span);
            access_bind(nst, who);
            enum db_step s;
            (void)buf_addch(&ids, '[');
            while ((s = db_step(nst)) == DB_ROW) {
                last = db_column_int(nst, 0);
                if (!found)
                    first = last;
                (void)buf_addf(&ids, "%s%lld", found++ ? "," : "", last);
            }
            (void)buf_addch(&ids, ']');
            db_reset(nst);
            if (s == DB_FAIL)
                e = BP_ERR_DB;
        }
        if (!e && found) { /* ranked by the whole expression, as the window's rows */
            buf_reset(&sql);
            rank_sql(who, only, has_neg, true, &sql);
            if (!(e = ids.failed ? BP_ERR_NOMEM
                                 : rank_stmt(db, &sql, &ready, &dfs, neg, typed, who, only, 0, &ids, first, last, &st)))
                e = rank_read(st, providers, r, &n, SEARCH_RANK_WINDOW + SEARCH_RANK_NAMED, 0, false, hs, &done);
        }
    }
    if (e)
        return e;
    take_ranked(r, n, window, k, tier, hs, total, counted);
    return BP_OK;
}

/* The matched rowids of m as a PostgreSQL array literal ({1,2,3}), into ids. */
void rowid_array(const long long *rowids, size_t n, struct buf *ids)
{
    (void)buf_addch(ids, '{');
    for (size_t i = 0; i < n; i++)
        (void)buf_addf(ids, "%s%lld", i ? "," : "", rowids[i]);
    (void)buf_addch(ids, '}');
}

/* Whether rowid is one of rows (ascending). */
static bool rowid_in(const long long *rows, size_t n, long long rowid)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (rows[mid] < rowid)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && rows[lo] == rowid;
}

/* Whether title is the query as typed, ASCII letters' case aside (SQLite's lower()). */
static bool same_title(const char *title, size_t len, struct str typed)
{
    if (len != typed.len)
        return false;
    for (size_t i = 0; i < len; i++) {
        unsigned char a = (unsigned char)title[i], b = (unsigned char)typed.ptr[i];
        if (a >= 'A' && a <= 'Z')
            a = (unsigned char)(a - 'A' + 'a');
        if (b >= 'A' && b <= 'Z')
            b = (unsigned char)(b - 'A' + 'a');
        if (a != b)
            return false;
    }
    return true;
}

/* rank_pg's rows of ids (a PostgreSQL array literal) after rowid after that who may see, at most
 * want, in rowid order, into the arrays from *n on. */
static enum bp_err rank_pg_rows(struct db *db, const struct buf *ids, long long after, size_t want,
                                const struct principal *who, const struct resource *only, struct str typed,
                                struct arena *arena, long long *rowids, int *needs, bool *people, bool *exact,
                                size_t *n)
{
    struct buf sql;
    struct db_stmt *st;
    buf_init(&sql, arena, 2048);
    (void)buf_adds(&sql, "SELECT m.rowid, ");
    (void)buf_adds(&sql, row_class_sql());
    (void)buf_adds(&sql, ", CASE WHEN m.collection='people' THEN 1 ELSE 0 END, s.title "
                         "FROM search_rows m JOIN search s ON s.rowid=m.rowid WHERE m.rowid = ANY(?1::bigint[]) "
                         "AND m.rowid > ?2");
    err_ignore(access_search_scope(who, "m", &sql)); /* only the rows who may see */
    if (only)
        (void)buf_adds(&sql, " AND m.collection=?4");
    (void)buf_adds(&sql, " ORDER BY m.rowid LIMIT ?3");
    enum bp_err e = sql.failed || ids->failed ? BP_ERR_NOMEM : db_prepare(db, sql.data, &st);
    if (e)
        return e;
    db_bind_text(st, 1, ids->data, ids->len);
    db_bind_int(st, 2, after);
    db_bind_int(st, 3, (long long)want);
    if (only)
        db_bind_text(st, 4, only->name, strlen(only->name));
    access_bind(st, who);
    enum db_step s = DB_DONE;
    for (size_t got = 0; got < want && (s = db_step(st)) == DB_ROW; got++, (*n)++) {
        size_t len;
        const char *title = db_column_text(st, 3, &len);
        rowids[*n] = db_column_int(st, 0);
        needs[*n] = (int)db_column_int(st, 1);
        people[*n] = db_column_int(st, 2) != 0;
        exact[*n] = same_title(title, len, typed);
    }
    db_reset(st);
    return s == DB_FAIL ? BP_ERR_DB : BP_OK;
}

/* rank on PostgreSQL: the same rows, factors and order, the matches and their BM25 from
 * search_pg.c (the statements of rank, as FTS5 answers them): the first SEARCH_RANK_WINDOW
 * matches who may see, and when there are that many, the first SEARCH_RANK_NAMED after them
 * that hold the query in their title or names. */
static enum bp_err rank_pg(struct db *db, const struct buf *expr, const struct buf *neg, struct str typed,
                           bool providers, const struct principal *who, const struct resource *only,
                           size_t k, int tier, struct arena *arena, struct hits *hs, long long *total,
                           bool *counted)
{
    enum { RANKED = SEARCH_RANK_WINDOW + SEARCH_RANK_NAMED };
    struct search_pg_match *m = NULL, *nm = NULL, *named = NULL;
    struct ranked *r = arena_alloc(arena, sizeof(*r) * RANKED);
    long long rowids[RANKED];
    int needs[RANKED]; /* the row's class (row_class_sql) */
    bool people[RANKED], exact[RANKED], own[RANKED];
    double bm25[RANKED];
    struct buf ids;
    size_t n = 0;
    if (!r)
        return BP_ERR_NOMEM;
    enum bp_err e = search_pg_run(db, expr->data, expr->len, &m);
    if (!e && neg && neg->len)
        e = search_pg_run(db, neg->data, neg->len, &nm);
    const long long *all = NULL, *negs = NULL;
    size_t nall = m ? search_pg_rows(m, &all) : 0, nneg = nm ? search_pg_rows(nm, &negs) : 0;
    buf_init(&ids, NULL, (size_t)1 << 28);
    rowid_array(all, nall, &ids);
    if (!e)
        e = rank_pg_rows(db, &ids, 0, SEARCH_RANK_WINDOW, who, only, typed, arena, rowids, needs, people, exact, &n);
    size_t window = n;
    if (!e && window == SEARCH_RANK_WINDOW && named_wanted(expr)) { /* more may match: the title and
                                                                         * names columns' after it */
        struct buf nx;
        const long long *nrows = NULL;
        buf_init(&nx, arena, expr->len + 160);
        named_expr(expr, only, &nx);
        e = nx.failed ? BP_ERR_NOMEM : search_pg_run(db, nx.data, nx.len, &named);
        size_t nnamed = named ? search_pg_rows(named, &nrows) : 0, kept = 0;
        buf_reset(&ids);
        (void)buf_addch(&ids, '{');
        long long span = named_span(db, expr, arena), after = rowids[window - 1];
        long long upto = after > INT64_MAX - span ? INT64_MAX : after + span;
        for (size_t i = 0; !e && i < nnamed; i++)
            if (nrows[i] > after && nrows[i] <= upto && rowid_in(all, nall, nrows[i]))
                (void)buf_addf(&ids, "%s%lld", kept++ ? "," : "", nrows[i]);
        (void)buf_addch(&ids, '}');
        if (!e && kept)
            e = rank_pg_rows(db, &ids, rowids[window - 1], SEARCH_RANK_NAMED, who, only, typed, arena, rowids, needs,
                             people, exact, &n);
    }
    struct buf dfs; /* each phrase's rows by its rarest token, as bpmc_bm25 takes them */
    buf_init(&dfs, arena, sizeof(double) * 1024);
    if (!e && n)
        phrase_dfs(db, expr->data, expr->len, &dfs);
    if (!e)
        e = search_pg_score(db, m, dfs.failed ? NULL : dfs.data,
                            dfs.len / sizeof(double), rowids, n, bm25, own);
    for (size_t i = 0; !e && i < n; i++) {
        r[i].rowid = rowids[i];
        r[i].score = weighed(bm25[i], nm && rowid_in(negs, nneg, rowids[i]), needs[i], providers,
                             !people[i] && !own[i], exact[i]);
        r[i].visible = true;
    }
    buf_release(&ids);
    search_pg_free(m);
    search_pg_free(nm);
    search_pg_free(named);
    if (e)
        return e;
    take_ranked(r, n, window, k, tier, hs, total, counted);
    return BP_OK;
}

/* count_shared on PostgreSQL. */
static enum bp_err count_shared_pg(struct db *db, const struct buf *user_expr, const struct resource *only,
                                   const struct principal *who, long long *count)
{
    struct search_pg_match *m;
    const long long *rows;
    struct buf ids;
    struct db_stmt *st;
    *count = 0;
    enum bp_err e = search_pg_run(db, user_expr->data, user_expr->len, &m);
    if (e)
        return e;
    buf_init(&ids, NULL, (size_t)1 << 28);
    size_t nrows = search_pg_rows(m, &rows);
    rowid_array(rows, nrows, &ids);
    e = ids.failed ? BP_ERR_NOMEM
                   : db_prepare(db, "SELECT count(*) FROM shares g JOIN search_rows m ON "
                                    "m.collection=g.collection AND m.row_id=g.row_id WHERE g.org_id=?2 "
                                    "AND m.visibility='private' AND m.org_id IS DISTINCT FROM ?2 AND "
                                    "m.party_org_id IS DISTINCT FROM ?2 AND "
                                    "(?3::text IS NULL OR m.collection=?3::text) AND "
                                    "m.rowid = ANY(?1::bigint[])",
                                &st);
    if (!e) {
        db_bind_text(st, 1, ids.data, ids.len);
        db_bind_int(st, 2, who->org_id);
        if (only)
            db_bind_text(st, 3, only->name, strlen(only->name));
        enum db_step s = db_step(st);
        if (s == DB_ROW)
            *count = db_column_int(st, 0);
        db_reset(st);
        e = s == DB_ROW ? BP_OK : BP_ERR_DB;
    }
    buf_release(&ids);
    search_pg_free(m);
    return e;
}

/* How many private rows shared with the caller's organisation match user_expr: rows the
 * count's meta filter does not reach (private, and another organisation's). */
static enum bp_err count_shared(struct db *db, const struct buf *user_expr, const struct resource *only,
                                const struct principal *who, long long *count)
{
    if (!dialect_fts5()) /* PostgreSQL: search_pg.c */
        return count_shared_pg(db, user_expr, only, who, count);
    struct db_stmt *st;
    *count = 0;
    enum bp_err e = db_prepare(
        db,
        "SELECT count(*) FROM shares g JOIN search_rows m ON m.collection=g.collection AND "
        "m.row_id=g.row_id CROSS JOIN search ON search.rowid=m.rowid WHERE g.org_id=?2 AND "
        "m.visibility='private' AND m.org_id IS NOT ?2 AND m.party_org_id IS NOT ?2 AND "
        "(?3 IS NULL OR m.collection=?3) AND "
        "search MATCH ?1",
        &st);
    if (e)
        return e;
    db_bind_text(st, 1, user_expr->data, user_expr->len);
    db_bind_int(st, 2, who->org_id);
    if (only)
        db_bind_text(st, 3, only->name, strlen(only->name));
    enum db_step s = db_step(st);
    if (s == DB_ROW)
        *count = db_column_int(st, 0);
    db_reset(st);
    return s == DB_ROW ? BP_OK : BP_ERR_DB;
}

/* The snippet as JSON string text: HTML-escaped, with the match markers as <mark>. */
static void add_snippet(struct buf *out, const char *s, size_t len)
{
    struct buf html;
    buf_init(&html, out->arena, len * 6 + 32);
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == MARK_OPEN && html.len >= 7 && memcmp(html.data + html.len - 7, "</mark>", 7) == 0)
            html.data[html.len -= 7] = '\0'; /* touching highlights become one */
        else if (c == MARK_OPEN)
            (void)buf_adds(&html, "<mark>");
        else if (c == MARK_CLOSE)
            (void)buf_adds(&html, "</mark>");
        else if (c == '<')
            (void)buf_adds(&html, "&lt;");
        else if (c == '>')
            (void)buf_adds(&html, "&gt;");
        else if (c == '&')
            (void)buf_adds(&html, "&amp;");
        else if (c == '\n')
            (void)buf_addch(&html, ' ');
        else if (c == OWN_TEXT_END) /* follows a line break, shown as a space */
            continue;
        else
            (void)buf_addch(&html, c);
    }
    (void)buf_add_json_str(out, html.data, html.len);
    if (!out->arena)
        buf_release(&html);
}

/* The statement that shows one result: collection, id, title, snippet and organisation. */
/* --- snippets --- */

/* A token a snippet marks: a token of the query (one typed last, as a prefix), of a tag's other
 * names, or a correction. */
struct mark {
    char text[TOKENS_MAX_BYTES];
    size_t len;
    bool prefix;
};

struct marks {
    struct mark *m;
    size_t n, cap;
};

static int add_mark(void *ctx, const char *tok, size_t len, size_t start, size_t end, bool prefix)
{
    struct marks *ms = ctx;
    (void)start, (void)end;
    for (size_t i = 0; i < ms->n; i++)
        if (ms->m[i].len == len && memcmp(ms->m[i].text, tok, len) == 0)
            return 0;
    if (ms->n == ms->cap)
        return 1;
    memcpy(ms->m[ms->n].text, tok, len);
    ms->m[ms->n].len = len;
    ms->m[ms->n].prefix = prefix;
    ms->n++;
    return 0;
}

/* Every token any reading of the query looks for. */
static void query_marks(const struct query *q, struct marks *ms)
{
    for (size_t i = 0; i < q->p.ntok; i++)
        (void)add_mark(ms, q->p.tok[i].text, q->p.tok[i].len, 0, 0, q->p.tok[i].prefix);
    for (size_t i = 0; i < q->ng; i++) {
        const struct group *g = &q->g[i];
        for (size_t j = 0; j < g->nalts; j++) {
            struct parsed alt;
            parse_query(g->syn->terms[g->alts[j]].text, g->syn->terms[g->alts[j]].text_len, &alt);
            for (size_t t = 0; t < alt.ntok; t++)
                (void)add_mark(ms, alt.tok[t].text, alt.tok[t].len, 0, 0, false);
        }
        for (size_t j = 0; j < g->ntypos; j++) {
            const char *t = g->typos[j].term; /* a word, or a phrase of bigrams */
            for (const char *sp; (sp = strchr(t, ' ')); t = sp + 1)
                (void)add_mark(ms, t, (size_t)(sp - t), 0, 0, false);
            (void)add_mark(ms, t, strlen(t), 0, 0, false);
        }
    }
}

/* The tokens of one column with the mark each carries (-1: none). */
struct stok {
    size_t start, end;
    int mark;
};

struct scol {
    const struct marks *ms;
    struct stok *t;
    size_t n, cap;
};

static int collect_stok(void *ctx, const char *tok, size_t len, size_t start, size_t end, bool prefix)
{
    struct scol *c = ctx;
    (void)prefix;
    if (c->n == c->cap)
        return 1;
    int mark = -1;
    for (size_t i = 0; i < c->ms->n && mark < 0; i++) {
        const struct mark *m = &c->ms->m[i];
        if (m->len == len ? memcmp(m->text, tok, len) == 0
                          : m->prefix && m->len < len && memcmp(m->text, tok, m->len) == 0)
            mark = (int)i;
    }
    c->t[c->n++] = (struct stok){start, end, mark};
    return 0;
}


/* The best window of SNIPPET_TOKENS tokens of a column: most distinct marks, then most marks.
 * Returns its score (0: no mark). */
static long long best_window(const struct scol *c, size_t *first)
{
    long long best = 0;
    *first = 0;
    for (size_t i = 0; i < c->n; i++) {
        if (c->t[i].mark < 0)
            continue; /* a window worth having starts at a mark */
        long long distinct = 0, hits = 0;
        size_t end = i + SNIPPET_TOKENS < c->n ? i + SNIPPET_TOKENS : c->n;
        for (size_t j = i; j < end; j++) {
            if (c->t[j].mark < 0)
                continue;
            hits++;
            bool seen = false;
            for (size_t k = i; k < j && !seen; k++)
                seen = c->t[k].mark == c->t[j].mark;
            distinct += !seen;
        }
        if (distinct * 1000 + hits > best) {
            best = distinct * 1000 + hits;
            *first = i;
        }
    }
    return best;
}

/* Whether the byte at i of s belongs to a word: an ASCII letter or digit, or a byte of a Hangul
 * syllable or of a Latin letter with a mark (é); spaces, punctuation, · and 「」 end words. */
static bool word_byte(const char *s, size_t i)
{
    unsigned char c = (unsigned char)s[i];
    if (c < 0x80)
        return isalnum(c) != 0;
    size_t lead = i; /* the character's first byte */
    while (lead > 0 && ((unsigned char)s[lead] & 0xC0) == 0x80 && i - lead < 3)
        lead--;
    unsigned char l = (unsigned char)s[lead];
    return (l >= 0xEA && l <= 0xED) || (l >= 0xC3 && l <= 0xC5);
}

/* The snippet of a row: SNIPPET_TOKENS tokens of its title, names or body around the most marks,
 * with the marked tokens between MARK_OPEN and MARK_CLOSE ("…" where text is left out), as
 * JSON string text through add_snippet. */
static void row_snippet(struct arena *arena, const char *const text[3], const size_t len[3],
                        const struct marks *ms, struct buf *out)
{
    struct scol cols[3];
    long long best = -1;
    size_t pick = 2, first = 0;
    for (size_t c = 0; c < 3; c++) {
        cols[c] = (struct scol){ms, NULL, 0, len[c] + 1};
        cols[c].t = arena_alloc(arena, sizeof(struct stok) * cols[c].cap);
        if (!cols[c].t) {
            cols[c].cap = 0;
            continue;
        }
        (void)tokens_split(text[c], len[c], TOKENS_DOCUMENT, collect_stok, &cols[c]);
        size_t f;
        long long score = best_window(&cols[c], &f);
        const char *own_end = c == 2 ? memchr(text[c], OWN_TEXT_END, len[c]) : NULL;
        if (own_end && score > 0) { /* the row's own words first: the rest only if none */
            struct scol own = cols[c];
            size_t cut = (size_t)(own_end - text[c]), fo;
            own.n = 0;
            while (own.n < cols[c].n && cols[c].t[own.n].start < cut)
                own.n++;
            long long own_score = best_window(&own, &fo);
            if (own_score > 0) {
                score = own_score;
                f = fo;
                cols[c].n = own.n; /* the window ends with the row's own text */
            } else if (best > 0) {
                score = 0; /* the title or names hold a word of the query */
            }
        }
        if (score > best || (best == 0 && score == 0 && c == 2 && cols[c].n)) {
            best = score;
            pick = c;
            first = f;
        }
    }
    const struct scol *c = &cols[pick];
    struct buf s;
    buf_init(&s, arena, len[pick] + 2 * SNIPPET_TOKENS + 16);
    if (c->n == 0) {
        add_snippet(out, "", 0);
        return;
    }
    /* a couple of tokens before the first mark, for context, when the window has room */
    size_t last = first + SNIPPET_TOKENS < c->n ? first + SNIPPET_TOKENS : c->n;
    while (first > 0 && last - first < SNIPPET_TOKENS)
        first--;
    size_t lead = 0;
    while (first > 0 && lead < 2 && c->t[last - 1].mark < 0 && last > first + 1) {
        first--, last--, lead++;
    }
    size_t from = c->t[first].start, to = 0;
    while (from > 0 && word_byte(text[pick], from - 1)) /* from the start of its word */
        from--;
    while (from < c->t[first].start && ((unsigned char)text[pick][from] & 0xC0) == 0x80)
        from++;
    for (size_t i = first; i < last; i++)
        to = c->t[i].end > to ? c->t[i].end : to;
    bool before = false; /* text left out before the window (not only a field's line break) */
    for (size_t i = 0; i < from && !before; i++)
        before = !isspace((unsigned char)text[pick][i]);
    if (before)
        (void)buf_adds(&s, "…");
    size_t at = from;
    for (size_t i = first; i < last; i++) {
        if (c->t[i].mark < 0 || c->t[i].start < at)
            continue;
        size_t mend = c->t[i].end; /* marks that overlap or touch become one */
        for (size_t j = i + 1; j < last && c->t[j].mark >= 0 && c->t[j].start <= mend; j++)
            mend = c->t[j].end > mend ? c->t[j].end : mend;
        /* the whole word: 임상시험, not 임 of a bigram; 서울대학교병원, not 서울 */
        size_t mstart = c->t[i].start;
        while (mstart > at && word_byte(text[pick], mstart - 1))
            mstart--;
        while (mstart < c->t[i].start && ((unsigned char)text[pick][mstart] & 0xC0) == 0x80)
            mstart++; /* never inside a character */
        while (mend < len[pick] && word_byte(text[pick], mend))
            mend++;
        while (mend < len[pick] && ((unsigned char)text[pick][mend] & 0xC0) == 0x80)
            mend++;
        (void)buf_add(&s, text[pick] + at, mstart - at);
        (void)buf_addch(&s, MARK_OPEN);
        (void)buf_add(&s, text[pick] + mstart, mend - mstart);
        (void)buf_addch(&s, MARK_CLOSE);
        at = mend;
    }
    if (to > at)
        (void)buf_add(&s, text[pick] + at, to - at);
    else
        to = at; /* a word marked whole ran past the window */
    if (last < c->n)
        (void)buf_adds(&s, "…");
    add_snippet(out, s.data, s.len);
}

static void item_sql(const struct principal *who, struct buf *sql)
{
    if (!dialect_fts5()) { /* PostgreSQL: its JSON and joins */
        (void)buf_adds(sql, "SELECT m.collection, m.row_id, s.title, s.names, s.body, (SELECT ");
        dialect_json_object_begin(sql);
        dialect_json_key(sql, "id", 2, NULL, true);
        (void)buf_adds(sql, "o.id");
        dialect_json_key(sql, "name", 4, NULL, false);
        (void)buf_adds(sql, "o.name");
        dialect_json_object_end(sql);
        (void)buf_adds(sql, " FROM orgs o WHERE o.id=m.org_id");
        const struct resource *orgs = resource_find("orgs", 4);
        if (orgs)
            err_ignore(access_scope(orgs, who, "o", sql));
        else
            (void)buf_adds(sql, " AND false");
        (void)buf_adds(sql, ") FROM search_rows m JOIN search s ON s.rowid=m.rowid WHERE m.rowid=?1");
        return;
    }
    (void)buf_adds(sql, "SELECT m.collection, m.row_id, s.title, s.names, s.body, "
                        "(SELECT json_object('id',o.id,'name',o.name) FROM orgs o WHERE o.id=m.org_id");
    const struct resource *orgs = resource_find("orgs", 4);
    if (orgs) /* the organisation, when who may see it */
        err_ignore(access_scope(orgs, who, "o", sql));
    else
        (void)buf_adds(sql, " AND 0");
    (void)buf_adds(sql, ") FROM search_rows m CROSS JOIN search s ON s.rowid=m.rowid WHERE m.rowid=?1");
}

/* One result; BP_ERR_NOT_FOUND when the row is not there. */
static enum bp_err add_item(struct db *db, const char *sql, const struct principal *who,
                            const struct marks *ms, long long rowid, bool first,
                            struct arena *arena, struct buf *out)
{
    struct db_stmt *st;
    enum bp_err e = db_prepare(db, sql, &st);
    if (e)
        return e;
    db_bind_int(st, 1, rowid);
    access_bind(st, who);
    enum db_step s = db_step(st);
    if (s == DB_ROW) {
        size_t len[3];
        const char *text[3], *t;
        (void)buf_adds(out, first ? "{\"collection\":" : ",{\"collection\":");
        t = db_column_text(st, 0, &len[0]);
        (void)buf_add_json_str(out, t, len[0]);
        (void)buf_addf(out, ",\"id\":%lld,\"title\":", db_column_int(st, 1));
        for (int c = 0; c < 3; c++)
            text[c] = db_column_text(st, 2 + c, &len[c]);
        (void)buf_add_json_str(out, text[0], len[0]);
        (void)buf_adds(out, ",\"org\":");
        (void)buf_adds(out, db_column_is_null(st, 5) ? "null" : db_column_text(st, 5, NULL));
        (void)buf_adds(out, ",\"snippet\":");
        row_snippet(arena, text, len, ms, out);
        (void)buf_addch(out, '}');
    }
    db_reset(st);
    return s == DB_FAIL ? BP_ERR_DB : (s == DB_ROW ? BP_OK : BP_ERR_NOT_FOUND);
}

/* A phrase of one token typed as a prefix ("medical"*) with tokens of more than three
 * characters (the index keeps prefixes of 1–3 only) costs FTS5 a merge of the whole posting
 * lists of every token it starts, at every query that holds it, before the first row: about
 * 3 ms a query for a common word at a million rows, whatever rows the query asks for. Such a
 * phrase is rewritten in expr from search_df's tokens: as the token alone when it is the only
 * one of the index that the prefix starts (the same rows, positions and BM25: its phrase counts
 * the same rows), or, when any is true and it stands outside a NEAR group, as an OR of the at
 * most SEARCH_PREFIX_OR tokens it starts (the same rows and positions). spans, when not NULL,
 * gets a byte per phrase of expr: how many phrases it became (rank's BM25 counts them as one,
 * bpmc_bm25's BM25_SAME_PHRASE). SQLite only: PostgreSQL reads its own postings. */
#define SEARCH_PREFIX_OR 64
static void settle_prefixes(struct db *db, struct buf *expr, bool any, struct arena *arena, struct buf *spans)
{
    if (!dialect_fts5() || !memchr(expr->data, '*', expr->len))
        return;
    struct buf out;
    struct db_stmt *st;
    struct phrase_tokens toks;
    char terms[SEARCH_PREFIX_OR + 1][TERM_REC];
    size_t lens[SEARCH_PREFIX_OR + 1];
    if (db_prepare(db, "SELECT term FROM search_df WHERE term >= ?1 AND term < ?2 AND docs > 0 ORDER BY term LIMIT ?3",
                   &st))
        return;
    buf_init(&out, arena, SEARCH_EXPR_MAX);
    int near = 0; /* inside NEAR( … ) */
    const char *x = expr->data;
    for (size_t i = 0; i < expr->len;) {
        if (x[i] != '"') {
            if (x[i] == '(' && i >= 4 && memcmp(x + i - 4, "NEAR", 4) == 0)
                near = 1;
            else if (x[i] == ')')
                near = 0;
            (void)buf_addch(&out, x[i++]);
            continue;
        }
        size_t from = i++, text = i;
        while (i < expr->len && (x[i] != '"' || (i + 1 < expr->len && x[i + 1] == '"')))
            i += x[i] == '"' ? 2 : 1;
        size_t close = i++; /* x[close] is the closing quote */
        bool prefix = i < expr->len && x[i] == '*';
        size_t n = 0, chars = 0;
        toks.n = 0;
        if (prefix && !memchr(x + text, '"', close - text) &&
            tokens_split(x + text, close - text, TOKENS_QUERY, collect_phrase_token, &toks) == 0 && toks.n == 1) {
            for (size_t k = 0; k < toks.len[0]; k++)
                chars += ((unsigned char)toks.text[0][k] & 0xC0) != 0x80;
        }
        if (chars > 3 && toks.len[0] < TERM_REC) {
            char to[TERM_REC];
            memcpy(to, toks.text[0], toks.len[0]);
            to[toks.len[0] - 1] = (char)((unsigned char)to[toks.len[0] - 1] + 1);
            db_bind_text(st, 1, toks.text[0], toks.len[0]);
            db_bind_text(st, 2, to, toks.len[0]);
            db_bind_int(st, 3, SEARCH_PREFIX_OR + 1);
            while (n <= SEARCH_PREFIX_OR && db_step(st) == DB_ROW) {
                const char *t = db_column_text(st, 0, &lens[n]);
                if (!t || lens[n] >= TERM_REC)
                    break;
                memcpy(terms[n], t, lens[n]);
                n++;
            }
            db_reset(st);
        }
        bool alone = n == 1 && lens[0] == toks.len[0] && memcmp(terms[0], toks.text[0], lens[0]) == 0;
        bool ors = any && !near && n >= 1 && n <= SEARCH_PREFIX_OR;
        for (size_t k = 0; ors && !alone && k < n; k++) { /* each token read back as itself */
            struct phrase_tokens back;
            back.n = 0;
            ors = !memchr(terms[k], '"', lens[k]) &&
                  tokens_split(terms[k], lens[k], TOKENS_QUERY, collect_phrase_token, &back) == 0 && back.n == 1 &&
                  back.len[0] == lens[k] && memcmp(back.text[0], terms[k], lens[k]) == 0;
        }
        unsigned char span = ors && !alone ? (unsigned char)n : 1;
        if (spans)
            (void)buf_add(spans, &span, 1);
        if (alone) {
            (void)buf_add(&out, x + from, close - from + 1);
            i++; /* the '*' */
        } else if (ors) {
            (void)buf_addch(&out, '(');
            for (size_t k = 0; k < n; k++) {
                (void)buf_adds(&out, k ? " OR \"" : "\"");
                (void)buf_add(&out, terms[k], lens[k]);
                (void)buf_addch(&out, '"');
            }
            (void)buf_addch(&out, ')');
            i++;
        } else {
            (void)buf_add(&out, x + from, close - from + 1);
        }
    }
    if (!out.failed && out.len < SEARCH_EXPR_MAX) {
        buf_reset(expr);
        (void)buf_add(expr, out.data, out.len);
    }
    buf_release(&out);
}

enum bp_err search_query(struct db *db, struct str q, const struct resource *only, long long limit,
                         const struct principal *who, struct arena *arena, struct buf *out)
{
    size_t k = (size_t)limit, cap = 3 * k;
    struct query *qy = arena_alloc(arena, sizeof(*qy));
    struct parsed *scratch = arena_alloc(arena, sizeof(*scratch));
    struct hits hs = {arena_alloc(arena, sizeof(struct hit) * cap), 0, cap, -1, 0, 0, 0};
    if (!qy || !scratch || !hs.h)
        return BP_ERR_NOMEM;
    memset(qy, 0, sizeof(*qy));
    struct str typed = q; /* the query without the spaces around it */
    while (typed.len && isspace((unsigned char)typed.ptr[0]))
        typed.ptr++, typed.len--;
    while (typed.len && isspace((unsigned char)typed.ptr[typed.len - 1]))
        typed.len--;
    if (db_query_int(db, "SELECT coalesce(max(rowid),0) FROM search_rows", 0, &qy->index_rows))
        qy->index_rows = 0;
    parse_search_query(db, q.ptr, q.len, &qy->p, scratch, qy->index_rows);
    if (qy->p.nword == 0) {
        (void)buf_adds(out, "{\"items\":[],\"total\":0}");
        return out->failed ? BP_ERR_TOO_LARGE : BP_OK;
    }
    char scope[160], coll[160];
    bool e_nomem = false;
    scope_expr(who, only, scope, sizeof(scope));
    scope_expr(&(struct principal){.user_id = 1, .role = ROLE_OPERATOR_STAFF}, only, coll, sizeof(coll));
    struct synonyms *syn = synonyms_acquire(db);
    plan_query(db, qy, syn, scope, scratch);
    plan_pairs(pairs_acquire(db), qy, scratch);

    /* Each reading of the query (exact: the words as typed, whose rows come first; expanded:
     * with their other names and corrections; relaxed: any of the words, for rows that come
     * last when the others are too few) as four expressions: to count, with what the caller
     * may see in meta; to rank, without it (filtered through the map instead); to highlight,
     * in the text columns only; to count told on the map, with only the collection asked for. */
    enum { TO_COUNT, TO_RANK, TO_SHOW, TO_TELL };
    struct buf x[4][4], sql;
    bool wanted[4] = {qy->expanded, qy->corrected, true, qy->relaxable};
    for (int how = 0; how < 4; how++)
        for (int use = 0; use < 4; use++) {
            buf_init(&x[how][use], arena, SEARCH_EXPR_MAX);
            if (!wanted[how])
                continue;
            (void)buf_adds(&x[how][use], use == TO_SHOW ? USER_COLUMNS "(" : "(");
            add_groups(&x[how][use], qy, (enum reading)how, scratch);
            (void)buf_addch(&x[how][use], ')');
            if (use != TO_SHOW) /* the same rows, from the pair tokens' short lists (not in a
                                 * column filter: meta is none of the text columns); with an
                                 * anonymous caller's scope, from those of the rows they see */
                (void)buf_adds(&x[how][use], use == TO_COUNT && who->user_id == 0 ? qy->open_pairs[how] : qy->pairs[how]);
            if (use == TO_COUNT)
                (void)buf_adds(&x[how][use], scope);
            else if (use == TO_TELL)
                (void)buf_adds(&x[how][use], coll);
            if (use == TO_COUNT || use == TO_TELL) /* rank settles its own (BM25 needs to know) */
                settle_prefixes(db, &x[how][use], true, arena, NULL);
            if (x[how][use].failed)
                e_nomem = true;
        }
    struct buf neg;
    buf_init(&neg, arena, SEARCH_EXPR_MAX);
    negated_words(db, &qy->p, &neg);
    bool providers = asks_for_providers(q.ptr, q.len);
    if (neg.failed)
        buf_reset(&neg);
    struct marks ms = {arena_alloc(arena, sizeof(struct mark) * 256), 0, 256};
    if (!ms.m)
        return BP_ERR_NOMEM;
    query_marks(qy, &ms);
    synonyms_release(syn);
    buf_init(&sql, arena, 4096);
    item_sql(who, &sql);
    if (e_nomem || sql.failed)
        return BP_ERR_NOMEM;

    /* the total counts the expanded reading (or the relaxed one when its rows are shown): from
     * the ranking when its window held every match, else with a count */
    long long total = 0, unused = 0, shared = 0;
    bool counted = false, estimate = false, members = who->user_id != 0 && !principal_is_operator(who) && who->org_id > 0;
    enum bp_err e = BP_OK;
    if (qy->expanded) {
        bool c = false;
        e = rank(db, &x[READ_EXACT][TO_RANK], &neg, typed, providers, who, only, k, READ_EXACT, arena, &hs, &unused, &c, qy->open_pairs[READ_EXACT]);
    }
    if (!e && qy->corrected && hs.n < k) { /* a Hangul word spelt right, or its parts apart */
        bool c = false;
        e = rank(db, &x[READ_CORRECTED][TO_RANK], &neg, typed, providers, who, only, k, READ_CORRECTED, arena,
                 &hs, &unused, &c, qy->open_pairs[READ_CORRECTED]);
    }
    if (!e && hs.n < k) /* else the rows of other names and corrections come after the page */
        e = rank(db, &x[READ_EXPANDED][TO_RANK], &neg, typed, providers, who, only, k, READ_EXPANDED, arena, &hs, &total,
                 &counted, qy->open_pairs[READ_EXPANDED]);
    if (!e && !counted)
        e = count_matches(db, &x[READ_EXPANDED][TO_COUNT], &x[READ_EXPANDED][TO_TELL], who, &hs, READ_EXPANDED,
                          qy->index_rows, qy, coll, scratch, arena, &total, &estimate);
    if (!e && !counted && members)
        e = count_shared(db, &x[READ_EXPANDED][TO_SHOW], only, who, &shared);
    if (!e && hs.n < k && qy->relaxable) {
        counted = estimate = false;
        shared = 0;
        e = rank(db, &x[READ_RELAXED][TO_RANK], &neg, typed, providers, who, only, k, READ_RELAXED, arena, &hs, &total,
                 &counted, qy->open_pairs[READ_RELAXED]);
        if (!e && !counted)
            e = count_matches(db, &x[READ_RELAXED][TO_COUNT], &x[READ_RELAXED][TO_TELL], who, &hs, READ_RELAXED,
                              qy->index_rows, qy, coll, scratch, arena, &total, &estimate);
        if (!e && !counted && members)
            e = count_shared(db, &x[READ_RELAXED][TO_SHOW], only, who, &shared);
    }
    if (e)
        return e;
    qsort(hs.h, hs.n, sizeof(*hs.h), hit_cmp);

    (void)buf_adds(out, "{\"items\":[");
    size_t shown = 0;
    for (size_t i = 0; i < hs.n && shown < k && !e; i++) {
        e = add_item(db, sql.data, who, &ms, hs.h[i].rowid, shown == 0, arena, out);
        if (e == BP_OK)
            shown++;
        else if (e == BP_ERR_NOT_FOUND)
            e = BP_OK; /* the index's row without its map row: skip it */
    }
    if (e)
        return e;
    (void)buf_addf(out, "],\"total\":%lld%s}", total + shared, estimate ? ",\"total_is_estimate\":true" : "");
    return out->failed ? BP_ERR_TOO_LARGE : BP_OK;
}
