/*
 * limits: every bound bpmc puts on input, each with its reason. Changing one is a decision:
 * the tests name these constants, never the numbers.
 */
#ifndef BP_LIMITS_H
#define BP_LIMITS_H

/* A JSON body: generous for a form with long text, small enough that 64 concurrent bodies stay
 * far under the 60 MB RSS budget. Configurable with --body-max. */
#define LIMIT_BODY_DEFAULT (1024 * 1024)

/* JSON nesting: our documents are flat objects with small arrays; 64 refuses stack games. */
#define LIMIT_JSON_DEPTH 64

/* Per-request arena: a 200-row page of the widest entity fits in well under 1 MiB of JSON;
 * the cap stops one request from eating the process. */
#define LIMIT_ARENA_BYTES (8 * 1024 * 1024)

/* Default and largest page size of a list (ARCHITECTURE.md: limit <= 200). */
#define LIMIT_PAGE_DEFAULT 20
#define LIMIT_PAGE_MAX 200

/* The columns of a table an entry is checked against at start (engine/resource.c). */
#define LIMIT_TABLE_COLUMNS 128
/* The last page number a list answers (?page=): 10 000 pages of 200 rows. */
#define LIMIT_PAGE_NUMBER 10000

/* A text field unless its declaration says less: a long description fits in 20 000 chars. */
#define LIMIT_TEXT_MAX 20000

/* A search query: longer queries are not questions people type. */
#define LIMIT_QUERY_TEXT 200

/* An opaque page cursor: base64 of the last row's sort keys (up to LIMIT_SORT_KEYS texts of a
 * few hundred characters each, JSON-escaped). */
#define LIMIT_CURSOR 12288

/* The whole query string of a request: a cursor plus filters; more is an attack or a bug. */
#define LIMIT_QUERY_STRING 16384

/* Items in a tag-like array field, and bytes per item. */
#define LIMIT_ARRAY_ITEMS 64
#define LIMIT_ARRAY_ITEM_BYTES 100

/* Sort keys in ?sort=: three are plenty for any list a person reads. */
#define LIMIT_SORT_KEYS 3

/* Rows in one export: an Excel sheet people can open; more belongs in a backup. */
#define LIMIT_EXPORT_ROWS 100000

/* Writes the writer commits in one transaction (group commit). Bounded so one batch's latency
 * stays a few milliseconds. */
#define LIMIT_WRITE_BATCH 256

/* Writes waiting for the writer; past this the server answers 503 rather than queue forever. */
#define LIMIT_WRITE_QUEUE 4096

/* Connections at once, all loops together; beyond it new connections are closed. */
#define LIMIT_CONNECTIONS_DEFAULT 4096

/* Seconds a connection may take to send one request head, and idle keep-alive seconds
 * (--header-timeout). Short, so idle sockets do not pile up. */
#define LIMIT_REQ_TIMEOUT_S 10

/* Open connections from one client address (--max-connections-per-address): a browser opens
 * six, an office of forty behind one NAT a few hundred; 4 096 sockets from one client were the attack
 * of issue #10 item 5. Beyond it a 503 problem, then close. */
#define LIMIT_CONNECTIONS_PER_ADDRESS 256

/* The body of a sign-in, a password change or reset, a second factor's code: a few hundred
 * bytes. A 1 MiB JSON of 90 000 keys there cost ~50 ms of a loop (issue #10 item 6). */
#define LIMIT_BODY_AUTH 4096

/* A query parameter's value other than the cursor: filters and sorts are short. */
#define LIMIT_QUERY_PARAM 1024

/* API requests a second from one address without signing in (--anonymous-rate), and how many
 * seconds of them may come at once: a page's public reads are a handful. */
#define LIMIT_ANONYMOUS_RATE 50
#define LIMIT_ANONYMOUS_BURST_S 4
/* How long a connection waits for its 429 of the anonymous rate (it would wait at least a
 * second before trying again anyway): a keep-alive flood of 32 connections got 9 600 of them a
 * second, 22 us of a loop each; held, it gets 32. */
#define LIMIT_THROTTLE_DELAY_MS 1000

/* Jobs of anonymous callers (searches, sign-ins' password checks) queued or running on the
 * workers at once, from every address: beyond it a 503 with Retry-After, so that a flood from
 * many addresses fills neither the workers' queue nor its wait for signed-in users (2 workers
 * do a search in 1-4 ms, a password check in tens). BPMC_ANONYMOUS_JOBS overrides it (tests). */
#define LIMIT_ANONYMOUS_JOBS 32

/* How long a refused connection is read and dropped after its 503, so it reads the answer
 * rather than a reset. */
#define LIMIT_LINGER_MS 2000

/* Idempotency keys are opaque client strings of modest size. */
#define LIMIT_IDEMPOTENCY_KEY 200

/* Sessions: idle and absolute lifetime in seconds (configurable). */
#define LIMIT_SESSION_IDLE_S (30 * 60)
#define LIMIT_SESSION_ABSOLUTE_S (12 * 60 * 60)
/* An operator-admin account may work without a second factor this many days after creation. */
#define LIMIT_ADMIN_TOTP_GRACE_DAYS 7
/* Invitation and password-reset links */
#define LIMIT_INVITE_TTL_S (7 * 24 * 60 * 60)
#define LIMIT_RESET_TTL_S (60 * 60)

/* Failed logins: an account locks for one client address after LOGIN_ACCOUNT_FAILURES from it
 * in the window (for LOGIN_LOCK_BASE_S, doubled at each lock up to LOGIN_LOCK_MAX_S, so a
 * guesser slows himself while the owner signs in from elsewhere), a client address for every
 * account after LOGIN_ADDRESS_FAILURES (a password-spraying client tries many accounts), for
 * LOGIN_LOCK_S doubled likewise. */
#define LIMIT_LOGIN_WINDOW_S (15 * 60)
#define LIMIT_LOGIN_ACCOUNT_FAILURES 5
#define LIMIT_LOGIN_ADDRESS_FAILURES 20
#define LIMIT_LOGIN_LOCK_BASE_S 60
#define LIMIT_LOGIN_LOCK_S (15 * 60)
#define LIMIT_LOGIN_LOCK_MAX_S (24 * 60 * 60)

/* The personal-data access log (engine/access_log.c). A viewing's detail is its query without
 * the cursor, each value cut to ACCESS_VALUE bytes and the whole to ACCESS_DETAIL, so a row
 * stays small whatever the client sends. Viewings are coalesced in memory per caller, action,
 * collection, row, query and address for ACCESS_WINDOW_MS, then written by the writer in the
 * transaction of other writes (or one of their own per window when there are none), at most
 * ACCESS_FLUSH_ROWS per transaction so that users' writes never wait long behind them. A caller
 * has ACCESS_KEYS_PER_ACTOR distinct keys a window; beyond them its viewings are counted in one
 * row per action and collection (detail "*"). ACCESS_PENDING distinct keys at most in memory. */
#define LIMIT_ACCESS_DETAIL 256
#define LIMIT_ACCESS_VALUE 64
#define LIMIT_ACCESS_WINDOW_MS 1000
#define LIMIT_ACCESS_FLUSH_ROWS 512
#define LIMIT_ACCESS_KEYS_PER_ACTOR 16
#define LIMIT_ACCESS_PENDING 2048
/* Days the access log keeps a row (configurable, never less: 개인정보의 안전성 확보조치 기준
 * art. 8 asks for at least a year), purged an hour apart, ACCESS_PURGE_ROWS per transaction. */
#define LIMIT_ACCESS_RETENTION_DAYS 365
#define LIMIT_ACCESS_PURGE_ROWS 1000
#define LIMIT_ACCESS_PURGE_EVERY_S 3600

/* The longest an API token may live, in days (configurable: --token-max-days). */
#define LIMIT_TOKEN_MAX_DAYS 365

/* Invitations (each an e-mail) one person may send per window: 429 beyond. */
#define LIMIT_INVITES_PER_WINDOW 30
#define LIMIT_INVITE_WINDOW_S 3600
/* An audit note built from a workflow's values (engine/audit.h audit_json: ids, a role, an
 * e-mail; a few hundred bytes): 64 KiB refuses a runaway value instead of logging it. */
/* The audit checkpoint file is compacted every so many lines (one a commit that audits): every
 * checkpoint of the last hour stays, then the newest of each minute up to a day, of each hour
 * up to 30 days, of each day beyond (engine/audit.c), so it grows by a line a day once old. */
#define LIMIT_AUDIT_CP_COMPACT_EVERY 1024
#define LIMIT_AUDIT_CP_ALL_S 3600
#define LIMIT_AUDIT_CP_HOURLY_DAYS 30
#define LIMIT_AUDIT_NOTE_BYTES (64 * 1024)
/* A limit as a string literal (for SQL modifiers and headers). */
#define LIMIT_STR_(x) #x
#define LIMIT_STR(x) LIMIT_STR_(x)

/* Cached answers per event loop, each one list page, count, search or matching, counted with
 * its key and LIMIT_CACHE_ENTRY_OVERHEAD: 16 MiB a loop keeps two loops within the RSS budget
 * (bench/cache-rss). Past either bound the oldest unused answers are evicted (http_cache_put). */
#define LIMIT_CACHE_ENTRIES 1024
#define LIMIT_CACHE_BYTES (16 * 1024 * 1024)

/* Prepared statements kept per connection. */
#define LIMIT_STMT_CACHE 128

/* Spreadsheet imports (docs/import.md). A file: the cluster's registers are a few thousand rows
 * (a few hundred KiB); 10 MiB is 20x the largest, and still parses in well under a second. */
#define LIMIT_IMPORT_BYTES (10 * 1024 * 1024)
/* Data rows of one import: one transaction that the writer runs in a few seconds at most. */
#define LIMIT_IMPORT_ROWS 20000
/* Columns: an entity has at most 64 fields (struct write_op); exports add id and times. */
#define LIMIT_IMPORT_COLUMNS 100
/* Bytes of one cell: the longest text field (20 000 characters) in UTF-8 Korean. */
#define LIMIT_IMPORT_CELL_BYTES (LIMIT_TEXT_MAX * 3)
/* Uncompressed bytes of one part of an XLSX file (a sheet, the shared strings): a zip bomb
 * stops here, checked against the declared size and again while inflating. */
#define LIMIT_IMPORT_XML_BYTES (64 * 1024 * 1024)
/* Shared strings of one XLSX file: every distinct text of a full import, 50 columns wide. */
#define LIMIT_IMPORT_STRINGS (LIMIT_IMPORT_ROWS * 50)
/* Memory of one parsed file (cells, shared strings): the file's text several times over. */
#define LIMIT_IMPORT_ARENA (96 * 1024 * 1024)
/* Row errors listed in an answer: past this the rest are counted, not described. */
#define LIMIT_IMPORT_ERRORS 2000

/* ---- the engine's registry and entries ------------------------------------------------------ */

/* Entries registered, all modules together: the nine modules hold about 60, and the unit tests
 * register theirs on top. One more refuses start-up (resource_register), never drops the entry. */
#define LIMIT_ENTRIES 128
/* Fields of one entry (struct write_op holds a value per field; an export adds two columns). An
 * entry with more refuses start-up. */
#define LIMIT_ENTRY_FIELDS 64
/* Reference fields of one entry: ?expand= is a bit per reference in an unsigned. An entry with
 * more refuses start-up. */
#define LIMIT_ENTRY_REFS 32
/* Filter values in one list query (a facet's several values count one each): one per
 * filterable field of any entry we have, and then some. */
#define LIST_MAX_FILTERS 24
/* Values bound to one generated statement: filters, cursor keys, scope and q together. */
#define SQL_MAX_BINDS 48
/* Field errors listed in one problem answer: a form shows the first few; a body with more
 * faults is still refused, only the list stops (problem_field). */
#define PROBLEM_MAX_ERRORS 32

/* ---- HTTP ------------------------------------------------------------------------------------ */

/* Headers one answer adds (etag, location, content-disposition, retry-after, ...): a handler
 * adding more answers 500 and says so on stderr, never sends the answer without one. */
#define HTTP_MAX_HEADERS 8
/* Event loops (--threads) and worker threads (--workers): more than the cores we deploy on. */
#define LOOPS_MAX 16
#define WORKERS_MAX 8
/* The largest --body-max: an import file (LIMIT_IMPORT_BYTES) with room to spare. */
#define LIMIT_BODY_CEILING (64 * 1024 * 1024)
/* A cached answer's bytes beyond its key and body: its slot, two allocations' headers and
 * alignment. Counted against LIMIT_CACHE_BYTES so that many tiny answers cannot exceed it. */
#define LIMIT_CACHE_ENTRY_OVERHEAD 96
/* The largest answer worth caching: a 200-row page of the widest entity; larger ones are
 * computed each time rather than evict a sixty-fourth of the cache. */
#define LIMIT_CACHE_ANSWER_BYTES (LIMIT_CACHE_BYTES / 64)

/* ---- search and matching --------------------------------------------------------------------- */

/* Words of a query that count: enough for any question, and a bound on the expression. */
#define SEARCH_TOKENS_MAX 32
/* Alternatives of one word (a tag's names and synonyms). */
#define SEARCH_ALTS_MAX 24
/* Typo tolerance reads at most TYPO_SCAN_MAX vocabulary terms per range and keeps
 * TYPO_CANDIDATES_MAX (the most frequent of the nearest): a typo costs a small, bounded read. */
#define TYPO_SCAN_MAX 500
#define TYPO_CANDIDATES_MAX 6
/* Ranking computes BM25 (about 1 µs a row plus each phrase's posting list) for the first
 * SEARCH_RANK_WINDOW matches in index order that the caller may see (all of them unless the
 * query is broad) and, when more match, for the first SEARCH_RANK_NAMED after them that hold the
 * query in their title or names, within a bounded span (below; engine/search.c rank). The
 * window reads at most SEARCH_RANK_SCAN matches, told on the map, before it reads on with the
 * caller's scope in the expression (callers without an organisation). */
#define SEARCH_RANK_WINDOW 100
#define SEARCH_RANK_NAMED 100
/* The title and names columns are looked at after the window over a span of rowids that holds
 * about SEARCH_RANK_NAMED_POSTINGS postings of the query's phrases (by search_df); an index of
 * at most SEARCH_RANK_NAMED_SPAN rows is looked at whole: a bounded read. */
#define SEARCH_RANK_NAMED_POSTINGS 1000
#define SEARCH_RANK_NAMED_SPAN 10000
#define SEARCH_RANK_SCAN 1000
/* A search's total is counted up to SEARCH_TOTAL_EXACT matches, and estimated beyond
 * ("total_is_estimate": true): as many as ranking reads (SEARCH_RANK_WINDOW), since each
 * match read costs tens of microseconds at a million rows. */
#define SEARCH_TOTAL_EXACT 100
/* A prefix's rows (for BM25's IDF) add up the counts of at most this many tokens it starts. */
#define SEARCH_DF_PREFIX_TERMS 2000
/* The longest MATCH expression: SEARCH_TOKENS_MAX words with their alternatives. */
#define SEARCH_EXPR_MAX 16384
/* The MATCH expression of a list's q (at most LIMIT_QUERY_TEXT bytes, a few alternatives). */
#define LIMIT_LIST_MATCH_BYTES 4096
/* Tokens of a search hit's snippet: a line of a result list. */
#define SNIPPET_TOKENS 14
/* Token counts cached for matching, process-wide (a slot per token hash; a collision
 * replaces): the common tokens of a few collections. */
#define TOKEN_COUNTS 4096
/* Related rows of one matching: the rarest SEARCH_RELATED_WORDS words of the source, and at
 * most SEARCH_RELATED_MAX candidate rows (in rowid order; the rest are not scored). */
#define SEARCH_RELATED_WORDS 12
#define SEARCH_RELATED_MAX 20000
/* Results of GET /api/v1/search: a page people read; more is paging, not searching. */
#define SEARCH_LIMIT_DEFAULT 20
#define SEARCH_LIMIT_MAX 50
/* Matches of one need or capability: a short list people act on. */
#define MATCH_LIMIT_DEFAULT 10
#define MATCH_LIMIT_MAX 50
/* The working memory of one matching: up to SEARCH_RELATED_MAX candidates of a few dozen bytes
 * each, and the rows read of those that come close. */
#define MATCH_WORK_BYTES (32 * 1024 * 1024)
/* Candidates whose rows one statement reads: its IN list stays a few hundred bytes. */
#define MATCH_READ_BATCH 48
/* Tag slugs of one side and words of a need that a match explanation lists. */
#define MATCH_MAX_FIELDS 16
#define MATCH_MAX_WORDS 12

/* ---- text ------------------------------------------------------------------------------------ */

/* The longest search token, in bytes. A 20-syllable 초성 string is 60 bytes, a bigram 6; a
 * longer run of letters (a pasted hash, a URL) is cut into several tokens, since nobody
 * searches for 65 characters of one word and FTS5 keeps every distinct token in its index. */
#define TOKENS_MAX_BYTES 64
/* 초성 tokens are derived for runs of at most this many syllables: 20 jamo are 60 bytes, within
 * TOKENS_MAX_BYTES, and nobody types the initials of a longer run. */
#define TOKENS_CHOSEONG_RUN_MAX 20
/* The longest URL every browser and proxy still handles; longer ones are not typed by people. */
#define VALIDATE_URL_MAX 2000
/* A phone number as typed: "+82 10-1234-5678" is 16 bytes; anything much longer is not one. */
#define VALIDATE_PHONE_INPUT_MAX 24
/* A password, in bytes: a passphrase fits; Argon2 hashes any length, so the bound is on work. */
#define LIMIT_PASSWORD_BYTES 1024

/* ---- accounts and mail ----------------------------------------------------------------------- */

/* An API token's lifetime unless its creator says otherwise, in days. */
#define TOKEN_DEFAULT_DAYS 90
/* A password-reset mail to one address at most once in this many seconds. */
#define RESET_AGAIN_AFTER_S 60
/* Outgoing mail: tries per message (backing off 1, 2, 4 ... minutes), messages per poll, and
 * seconds one SMTP exchange may take. */
#define MAIL_MAX_ATTEMPTS 8
#define MAIL_BATCH 20
#define MAIL_SEND_TIMEOUT_S 30

/* Access (engine/access.h). Kinds of reader of one entry: the derived tables have at most four
 * (visibility, party, owner, shares); a declared one names each way a row is shared. */
#define LIMIT_ACCESS_READERS 8
/* Grants of rows inside a record taken back with the record's grant, read per batch (shares.c):
 * a meeting holds tens of action items; a larger one takes several batches, none is left. */
#define LIMIT_SHARES_INSIDE 64
/* Parents a row's visibility is bounded by (within, and the parent's within...): a chain of
 * records inside records; each is one more EXISTS in every read of the collection. */
#define LIMIT_ACCESS_DEPTH 4

/* The project card (modules/program): period columns of a term (기투자, each year, 임기후; a
 * term of up to 14 years: a mayor's pledge spans one or two), and rows per section (unit
 * projects, budget items, achievements, issues, contacts): a card is a few printed pages, a
 * section longer than this is not one a city prints. */
#define LIMIT_CARD_PERIODS 16
#define LIMIT_CARD_ROWS 200

/* Facilities (modules/facilities): one availability answer covers at most 62 days (a month's
 * calendar with the weeks around it) and lists at most 4096 bookings in them (a slot every 15
 * minutes round the clock for six weeks), so that it stays one bounded query. */
#define LIMIT_AVAILABILITY_DAYS 62
#define LIMIT_AVAILABILITY_BUSY 4096
/* ... and at most 256 closures (public holidays, maintenance and blackout periods) */
#define LIMIT_AVAILABILITY_CLOSED 256
/* A monthly statement has at most 5000 lines (a booking every 15 minutes round the clock on
 * two instruments for a month is under 6000: no organisation books like that), and one
 * generation covers at most 10000 organisations (the cluster has a few hundred). */
#define LIMIT_STATEMENT_LINES 5000
#define LIMIT_STATEMENT_ORGS 10000

#endif
