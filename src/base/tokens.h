/*
 * tokens: how bpmc cuts Korean and English text into search tokens, the same way for what is
 * stored (documents) and for what a person types in a search box (queries). Hangul is indexed
 * as overlapping syllable bigrams plus a 초성 (initial consonant) string, so that a query finds
 * words inside compounds ("영상" in "뇌영상데이터") and "ㄷㄱㄷ" finds "동국대"; Latin letters and
 * digits are folded to lower-case ASCII without accents, so "CELLTRION" finds "Celltrion" and
 * "Ünïcödé" finds "unicode". A pure function of (bytes, len): no allocation, no state, nothing
 * read past len; the FTS5 tokenizer is a thin wrapper around it.
 */
#ifndef BP_TOKENS_H
#define BP_TOKENS_H

#include <stdbool.h>
#include <stddef.h>

#include "base/limits.h"


/* In stored text, a token right after this byte counts in no column's length: the FTS5 tokenizer
 * (db/sqlite.c) gives it the position of the token before it (colocated). The meta column's rowid
 * bucket (engine/search.c) is written so: BM25's lengths stay those of the row's words. */
#define TOKENS_UNCOUNTED '\x1d'

/* What the text is: stored text to index, or a query a person typed. Queries drop a trailing
 * Korean particle (조사) or verb ending (어미), mark the tokens that should match as prefixes, and
 * derive no 초성; TOKENS_QUERY_WHOLE is a query read with its runs whole (a name such as 최예은
 * that ends like a particle). */
enum tokens_mode { TOKENS_DOCUMENT, TOKENS_QUERY, TOKENS_QUERY_WHOLE };

/* Called for each token; return 0 to go on, non-zero to stop (tokens_split returns that value).
 * tok is NUL-free UTF-8 of len bytes (1 <= len <= TOKENS_MAX_BYTES), valid only during the
 * call; start/end are byte offsets of the source text the token comes from (for highlighting);
 * prefix is true for query tokens that should match as a prefix (see tokens_split); it is
 * always false in TOKENS_DOCUMENT mode. */
typedef int (*tokens_emit)(void *ctx, const char *tok, size_t len, size_t start, size_t end,
                           bool prefix);

/* Split len bytes of text (any bytes; invalid UTF-8 separates tokens like a space does) and call
 * emit(ctx, ...) for each token, in text order. text may be NULL when len is 0; emit must not be
 * NULL. The rules:
 *  - Runs of one kind of character make tokens; anything else separates them:
 *    Hangul syllables (U+AC00..U+D7A3, also when written decomposed as conjoining jamo);
 *    compatibility jamo consonants (U+3131..U+314E, typed for 초성 queries);
 *    "word" characters: ASCII letters and digits, Latin letters U+00C0..U+024F (folded to their
 *    base letter: é→e, ß→ss, æ→ae, ø→o, þ→th; the few with no Latin base letter, such as ezh,
 *    yogh, wynn, clicks and tone letters, separate like × and ÷ do), fullwidth letters and
 *    digits, and combining accents U+0300..U+036F after one of them (dropped).
 *  - A word run is one token, lower-cased and folded: "CELLTRION" → "celltrion".
 *  - A Hangul run of 1 syllable is one token; of n >= 2, its n-1 overlapping bigrams in order
 *    ("영상데이터" → 영상 상데 데이 이터), then, in TOKENS_DOCUMENT mode and for n <= 20, its
 *    초성 string in compatibility jamo ("동국대" → ㄷㄱㄷ).
 *  - A jamo run is one token as typed.
 *  - Runs longer than TOKENS_MAX_BYTES are cut at character boundaries into several tokens.
 *  - TOKENS_QUERY: a Hangul run of >= 3 syllables first loses one trailing particle or verb
 *    ending, never leaving fewer than 2 syllables: a 3-syllable one (하나요 합니다 할까요 …),
 *    else a 2-syllable one (에서 으로 … 하는 하기 하고 해서 되는 …), else one of 을 를 이 가 은 는
 *    의 에 로 과 와 도 만 할 한 해 된 될 ("데이터를" → 데이 이터, "측정하는" → 측정).
 *  - TOKENS_QUERY and TOKENS_QUERY_WHOLE: a single-syllable token, a jamo token and the last
 *    token of the query when it is a word token have prefix = true.
 *  - Offsets never overlap: a bigram spans its first syllable (the last bigram of a run both),
 *    a 초성 token its whole run, a word token the
 *    source bytes it was folded from.
 * Returns 0 when every token was emitted, or the first non-zero value emit returned. */
int tokens_split(const char *text, size_t len, enum tokens_mode mode, tokens_emit emit, void *ctx);

#endif
