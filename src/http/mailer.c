/*
 * mailer: delivers the outbox by SMTP (libcurl) when `smtp_url` is configured. One thread
 * looks every few seconds for messages not yet sent, sends each, and records the outcome
 * through the writer (sent, or one more attempt; a failed message is tried again after 1, 2,
 * 4 ... minutes, at most MAIL_MAX_ATTEMPTS times). Links in messages are paths: the public URL is
 * put in front. Without SMTP the outbox waits for `bpmc outbox`.
 */
#include "http/mailer.h"

#include <curl/curl.h>
#include <pthread.h>
#include <semaphore.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/buf.h"
#include "db/db.h"
#include "db/dialect.h"
#include "base/limits.h"
#include "http/jobs.h"
#include "base/banned.h"

#define POLL_MS 2000

static struct {
    const struct mailer_config *cfg;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    bool stop, running;
} m = {.lock = PTHREAD_MUTEX_INITIALIZER, .wake = PTHREAD_COND_INITIALIZER};

struct mark {
    long long id;
    bool sent;
    sem_t done;
};

static enum bp_err run_mark(struct job *job, struct db *db)
{
    struct mark *k = job->payload;
    job->ans.status = 204;
    return db_run(db, NULL,
                  k->sent ? DIALECT_SQL("UPDATE outbox SET sent_at={now}, attempts=attempts+1 "
                                        "WHERE id=?1")
                          : DIALECT_SQL("UPDATE outbox SET attempts=attempts+1, updated_at={now} "
                                        "WHERE id=?1"),
                  "i", k->id);
}

static void mark_done(struct job *job)
{
    struct mark *k = job->payload;
    sem_post(&k->done);
}

/* Record the outcome through the writer and wait for it, so the next look sees it. */
static void record(long long id, bool sent)
{
    struct mark k = {.id = id, .sent = sent};
    sem_init(&k.done, 0, 0);
    struct job *job = job_new(JOB_WRITER, run_mark, &k, NULL);
    if (job) {
        job->done = mark_done;
        if (jobs_submit(job)) {
            while (sem_wait(&k.done) != 0) {
            }
        } else {
            job->done = NULL;
        }
        job_free(job);
    }
    sem_destroy(&k.done);
}

/* RFC 2047 encoded word for a UTF-8 header value. */
static void add_encoded_word(struct buf *out, const char *s)
{
    size_t len = strlen(s);
    size_t b64 = sodium_base64_ENCODED_LEN(len, sodium_base64_VARIANT_ORIGINAL);
    char *enc = malloc(b64);
    if (!enc) {
        out->failed = true;
        return;
    }
    sodium_bin2base64(enc, b64, (const unsigned char *)s, len, sodium_base64_VARIANT_ORIGINAL);
    (void)buf_addf(out, "=?UTF-8?B?%s?=", enc);
    free(enc);
}

/* The whole message (headers and a base64 body in 76-character lines). */
static void compose(struct buf *out, const char *to, const char *subject, const char *body,
                    const char *link, long long id)
{
    char date[64];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S +0000", &tm);
    (void)buf_addf(out, "Date: %s\r\nFrom: %s\r\nTo: <%s>\r\nSubject: ", date, m.cfg->mail_from, to);
    add_encoded_word(out, subject);
    (void)buf_addf(out, "\r\nMessage-ID: <outbox-%lld-%lld@bpmc>\r\nMIME-Version: 1.0\r\n"
                        "Content-Type: text/plain; charset=UTF-8\r\n"
                        "Content-Transfer-Encoding: base64\r\n\r\n",
                   id, (long long)now);
    struct buf text;
    buf_init(&text, NULL, 1 << 20);
    (void)buf_adds(&text, body);
    if (link && *link)
        (void)buf_addf(&text, "\n\n%s%s\n", m.cfg->public_url, link);
    size_t b64 = sodium_base64_ENCODED_LEN(text.len, sodium_base64_VARIANT_ORIGINAL);
    char *enc = text.failed ? NULL : malloc(b64);
    if (enc) {
        sodium_bin2base64(enc, b64, (const unsigned char *)text.data, text.len,
                          sodium_base64_VARIANT_ORIGINAL);
        for (size_t i = 0, n = strlen(enc); i < n; i += 76)
            (void)buf_addf(out, "%.76s\r\n", enc + i);
        free(enc);
    } else {
        out->failed = true;
    }
    buf_release(&text);
}

struct reader {
    const struct buf *msg;
    size_t at;
};

static size_t read_message(char *dst, size_t size, size_t n, void *arg)
{
    struct reader *r = arg;
    size_t left = r->msg->len - r->at, want = size * n;
    size_t take = left < want ? left : want;
    memcpy(dst, r->msg->data + r->at, take);
    r->at += take;
    return take;
}

static bool send_one(CURL *curl, const char *to, const struct buf *msg)
{
    struct reader rd = {msg, 0};
    struct curl_slist *rcpt = curl_slist_append(NULL, to);
    if (!rcpt)
        return false;
    curl_easy_reset(curl);
    curl_easy_setopt(curl, CURLOPT_URL, m.cfg->smtp_url);
    curl_easy_setopt(curl, CURLOPT_MAIL_FROM, m.cfg->mail_from);
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_message);
    curl_easy_setopt(curl, CURLOPT_READDATA, &rd);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, (long)MAIL_SEND_TIMEOUT_S);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 10L);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    CURLcode rc = curl_easy_perform(curl);
    curl_slist_free_all(rcpt);
    if (rc != CURLE_OK)
        fprintf(stderr, "bpmc: mailer: sending to %s failed: %s\n", to, curl_easy_strerror(rc));
    return rc == CURLE_OK;
}

/* One look at the outbox; false when the database could not be read. */
static bool deliver(struct db *db, CURL *curl)
{
    struct db_stmt *st;
    if (db_prepare(db,
                   /* a failed one waits 1, 2, 4 … minutes after its last attempt */
                   DIALECT_SQL("SELECT id, to_email, subject, body, coalesce(link,'') FROM outbox "
                               "WHERE sent_at IS NULL AND to_email<>'' AND attempts<?1 AND "
                               "(attempts=0 OR {epoch:updated_at} <= ?3 - 60*(CAST(1 AS BIGINT) << CAST(attempts-1 AS INTEGER))) "
                               "ORDER BY id LIMIT ?2"),
                   &st))
        return false;
    db_bind_int(st, 1, MAIL_MAX_ATTEMPTS);
    db_bind_int(st, 2, MAIL_BATCH);
    db_bind_int(st, 3, (long long)time(NULL));
    struct item {
        long long id;
        char to[256];
        struct buf msg;
    } items[MAIL_BATCH];
    int n = 0;
    while (n < MAIL_BATCH && db_step(st) == DB_ROW) {
        struct item *it = &items[n++];
        it->id = db_column_int(st, 0);
        snprintf(it->to, sizeof(it->to), "%s", db_column_text(st, 1, NULL));
        buf_init(&it->msg, NULL, 1 << 20);
        compose(&it->msg, it->to, db_column_text(st, 2, NULL), db_column_text(st, 3, NULL),
                db_column_text(st, 4, NULL), it->id);
    }
    db_reset(st); /* no read transaction held while talking to the SMTP server */
    for (int i = 0; i < n; i++) {
        bool sent = !items[i].msg.failed && send_one(curl, items[i].to, &items[i].msg);
        record(items[i].id, sent);
        buf_release(&items[i].msg);
    }
    return true;
}

static void *mailer_main(void *arg)
{
    (void)arg;
    thread_role(THREAD_BACKGROUND, "bpmc-mailer");
    struct db *db = NULL;
    CURL *curl = curl_easy_init();
    if (!curl || db_open(m.cfg->db_path, DB_READ, false, &db)) {
        fprintf(stderr, "bpmc: mailer: cannot start; the outbox is not e-mailed\n");
        if (curl)
            curl_easy_cleanup(curl);
        return NULL;
    }
    pthread_mutex_lock(&m.lock);
    while (!m.stop) {
        pthread_mutex_unlock(&m.lock);
        (void)deliver(db, curl);
        pthread_mutex_lock(&m.lock);
        if (m.stop)
            break;
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_sec += POLL_MS / 1000;
        ts.tv_nsec += (POLL_MS % 1000) * 1000000L;
        if (ts.tv_nsec >= 1000000000L) {
            ts.tv_sec++;
            ts.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&m.wake, &m.lock, &ts);
    }
    pthread_mutex_unlock(&m.lock);
    db_close(db);
    curl_easy_cleanup(curl);
    return NULL;
}

enum bp_err mailer_start(const struct mailer_config *cfg)
{
    if (!cfg->smtp_url || !*cfg->smtp_url)
        return BP_OK;
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
        return BP_ERR_IO;
    m.cfg = cfg;
    m.stop = false;
    if (pthread_create(&m.thread, NULL, mailer_main, NULL) != 0) {
        curl_global_cleanup();
        return BP_ERR_NOMEM;
    }
    m.running = true;
    return BP_OK;
}

void mailer_stop(void)
{
    if (!m.running)
        return;
    pthread_mutex_lock(&m.lock);
    m.stop = true;
    pthread_cond_signal(&m.wake);
    pthread_mutex_unlock(&m.lock);
    pthread_join(m.thread, NULL);
    m.running = false;
    curl_global_cleanup();
}
