/*
 * statement_pdf: a monthly statement as an A4 PDF (engine/pdfdoc.h: Korean in 나눔고딕,
 * embedded): the title, the organisation and month, the totals, then one row per line with the
 * fee, the voucher's part and the company's part, and the 합계 row.
 */
#include "modules/facilities/statements.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/pdfdoc.h"
#include "base/banned.h"

static int atoi_2(const char *s) { return (s[0] - '0') * 10 + (s[1] - '0'); }

/* v won with thousands separators: "1,234,500". */
static void won(long long v, char out[32])
{
    char digits[24];
    int n = snprintf(digits, sizeof(digits), "%lld", v < 0 ? -v : v), o = 0;
    if (v < 0)
        out[o++] = '-';
    for (int i = 0; i < n; i++) {
        if (i && (n - i) % 3 == 0)
            out[o++] = ',';
        out[o++] = digits[i];
    }
    out[o] = '\0';
}

/* "YYYY-MM-DD HH:MM" as Koreans write it, "2026. 12. 3. 14:00", or its time alone. */
static void korean_time(const char *s, bool time_only, char *out, size_t size)
{
    if (strlen(s) < 16) {
        snprintf(out, size, "%s", s);
        return;
    }
    if (time_only)
        snprintf(out, size, "%.5s", s + 11);
    else
        snprintf(out, size, "%.4s. %d. %d. %.5s", s, atoi_2(s + 5), atoi_2(s + 8), s + 11);
}

#define COLS 8

struct line_text {
    char minutes[24], rate[32], fee[32], vpart[32], cpart[32], when[80], what[700];
};

static void render(struct pdfdoc *p, const struct statement_doc *d, struct line_text *t)
{
    char line[1000], a[32], b[32], c[32];
    pdfdoc_new_page(p);
    const char *title = d->title[0] ? d->title : "장비·공간 이용료 정산서";
    float tw = pdfdoc_width(p->bold, 16, title, strlen(title));
    p->y -= 16 * PDFDOC_LEAD;
    pdfdoc_show(p, p->bold, 16, (PDFDOC_PAGE_W - tw) / 2, p->y, title, strlen(title));
    p->y -= 10;
    pdfdoc_text(p, false, PDFDOC_BODY + 0.5f, 0, "기관: ", d->org_name);
    snprintf(line, sizeof(line), "%s   (정산서 번호 %lld, %s)", d->month, d->id, d->status);
    pdfdoc_text(p, false, PDFDOC_BODY + 0.5f, 0, "정산 월: ", line);
    pdfdoc_text(p, false, PDFDOC_BODY + 0.5f, 0, "발행: ", "고양 바이오 정밀의료 협력지원센터");
    p->y -= 6;
    won(d->total_fee, a);
    won(d->voucher_part, b);
    won(d->company_part, c);
    static const struct pdfdoc_col sum_cols[] = {
        {PDFDOC_TEXT_W / 3, PDFDOC_CENTER}, {PDFDOC_TEXT_W / 3, PDFDOC_CENTER}, {PDFDOC_TEXT_W / 3, PDFDOC_CENTER}};
    struct pdfdoc_cell sum_head[] = {{"이용료 합계(원)", true, 1}, {"바우처 부담(원)", true, 1}, {"기업 부담(원)", true, 1}};
    struct pdfdoc_cell sum_row[] = {{a, true, 1}, {b, true, 1}, {c, true, 1}};
    pdfdoc_table(p, sum_cols, 3, sum_head, sum_row, 1);
    pdfdoc_heading(p, "□ 이용 내역", NULL);
    static const struct pdfdoc_col cols[COLS] = {
        {118, PDFDOC_LEFT}, {92, PDFDOC_CENTER}, {36, PDFDOC_RIGHT}, {56, PDFDOC_RIGHT},
        {58, PDFDOC_RIGHT}, {56, PDFDOC_RIGHT}, {58, PDFDOC_RIGHT}, {PDFDOC_TEXT_W - 474, PDFDOC_LEFT}};
    struct pdfdoc_cell head[COLS] = {{"장비·공간", true, 1}, {"이용 일시", true, 1}, {"분", true, 1},
                                     {"시간당(원)", true, 1}, {"이용료(원)", true, 1}, {"바우처(원)", true, 1},
                                     {"기업(원)", true, 1}, {"비고", true, 1}};
    size_t nrows = d->n + 1;
    struct pdfdoc_cell *rows = calloc(nrows * COLS, sizeof(*rows));
    if (!rows) {
        p->failed = true;
        return;
    }
    for (size_t i = 0; i < d->n; i++) {
        const struct statement_line *l = &d->lines[i];
        struct line_text *x = &t[i];
        struct pdfdoc_cell *r = rows + i * COLS;
        snprintf(x->what, sizeof(x->what), "%s%s%s%s%s", l->resource, l->fee_class[0] ? "\n" : "",
                 l->fee_class, l->basis[0] ? " · " : "", l->basis);
        char a0[32], b0[32];
        korean_time(l->starts, false, a0, sizeof(a0));
        korean_time(l->ends, strncmp(l->starts, l->ends, 10) == 0, b0, sizeof(b0));
        snprintf(x->when, sizeof(x->when), "%s\n~ %s", a0, b0);
        snprintf(x->minutes, sizeof(x->minutes), "%lld", l->minutes);
        if (l->hourly_rate >= 0)
            won(l->hourly_rate, x->rate);
        won(l->fee, x->fee);
        won(l->voucher_part, x->vpart);
        won(l->company_part, x->cpart);
        r[0] = (struct pdfdoc_cell){x->what, false, 1};
        r[1] = (struct pdfdoc_cell){l->starts[0] ? x->when : "", false, 1};
        r[2] = (struct pdfdoc_cell){x->minutes, false, 1};
        r[3] = (struct pdfdoc_cell){x->rate, false, 1};
        r[4] = (struct pdfdoc_cell){x->fee, false, 1};
        r[5] = (struct pdfdoc_cell){x->vpart, false, 1};
        r[6] = (struct pdfdoc_cell){x->cpart, false, 1};
        r[7] = (struct pdfdoc_cell){l->reason, false, 1};
    }
    struct pdfdoc_cell *r = rows + d->n * COLS;
    r[0] = (struct pdfdoc_cell){"합계", true, 1};
    for (int k = 1; k < COLS; k++)
        r[k] = (struct pdfdoc_cell){"", true, 1};
    r[4].text = a;
    r[5].text = b;
    r[6].text = c;
    pdfdoc_table(p, cols, COLS, head, rows, nrows);
    free(rows);
    p->y -= 4;
    pdfdoc_text(p, false, PDFDOC_BODY - 0.5f, 0, "",
                "이용료는 예약 시간(이용 시간 기준 장비는 예약 시간 안에서 체크인부터 체크아웃까지, "
                "체크아웃이 없으면 예약 종료까지)과 기관의 요금 구분(입주기업·클러스터 협력기관·외부 "
                "기관)에 따른 시간당 요금으로 계산하며 원 단위로 올립니다. 바우처는 지원 비율만큼 연간 한도 안에서 "
                "부담하고, 나머지는 기업이 부담합니다.");
}

enum bp_err statement_pdf(const struct statement_doc *d, struct buf *out)
{
    struct pdfdoc p;
    struct line_text *t = calloc(d->n + 1, sizeof(*t));
    if (!t)
        return BP_ERR_NOMEM;
    enum bp_err e = pdfdoc_open(&p, d->title[0] ? d->title : "정산서");
    if (!e) {
        render(&p, d, t);
        e = pdfdoc_finish(&p, out);
    }
    pdfdoc_free(&p);
    free(t);
    return e;
}
