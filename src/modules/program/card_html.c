/*
 * card_html: the project card as one self-contained HTML page in the seed's layout, for the
 * browser and for printing (A4, tables never split inside a row, every heading kept with what
 * follows it).
 */
#include "modules/program/card.h"

#include <string.h>

#include "base/banned.h"

static void esc(struct buf *b, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '&': (void)buf_adds(b, "&amp;"); break;
        case '<': (void)buf_adds(b, "&lt;"); break;
        case '>': (void)buf_adds(b, "&gt;"); break;
        case '"': (void)buf_adds(b, "&quot;"); break;
        case '\'': (void)buf_adds(b, "&#39;"); break;
        case '\n': (void)buf_adds(b, "<br>"); break;
        default: (void)buf_addch(b, *s);
        }
    }
}

static void money_cell(struct buf *b, long long won, const char *cls)
{
    char m[48];
    program_millions(won, m, sizeof(m));
    (void)buf_addf(b, "<td class=\"num%s%s\">%s</td>", cls ? " " : "", cls ? cls : "", m);
}

static const char style[] =
    "<style>"
    "@page{size:A4;margin:15mm 12mm}"
    "body{font-family:'Noto Sans CJK KR','Nanum Gothic','Malgun Gothic',sans-serif;font-size:10.5pt;"
    "line-height:1.5;color:#000;max-width:190mm;margin:0 auto;padding:8mm 0}"
    "h1{font-size:17pt;text-align:center;margin:0 0 4mm}"
    "h2{font-size:12pt;margin:5mm 0 1.5mm;break-after:avoid}"
    "h3{font-size:11pt;margin:3mm 0 1mm;font-weight:600;break-after:avoid}"
    "p,li{margin:.5mm 0}ul{margin:0;padding-left:5mm;list-style:none}"
    "ul li::before{content:'- ';margin-left:-3.5mm}ul.sub li::before{content:'· '}"
    "table{border-collapse:collapse;width:100%;margin:1mm 0 2mm}"
    "th,td{border:1px solid #000;padding:1mm 1.5mm;vertical-align:middle}"
    "th{background:#e8e8e8;font-weight:600;text-align:center}"
    "tr{break-inside:avoid}td.num{text-align:right;font-variant-numeric:tabular-nums}"
    "td.mark{text-align:center}td.total,tr.total td{font-weight:700}"
    ".unit{text-align:right;font-size:9.5pt;margin:0}"
    ".note{font-size:9.5pt}.issue-detail{padding-left:5mm}"
    "section{break-inside:auto}"
    "@media screen{body{padding:8mm}}"
    "</style>";

static void header_table(const struct card *c, struct buf *b)
{
    char m[48];
    (void)buf_adds(b, "<table class=\"header\"><tr><th>사업구분</th><td>");
    esc(b, c->category);
    (void)buf_adds(b, "</td><td>");
    esc(b, c->kind_ko);
    (void)buf_adds(b, "</td><th>총사업비</th><td>");
    if (c->total_cost >= 0) {
        program_millions(c->total_cost, m, sizeof(m));
        (void)buf_addf(b, "%s 백만원", m);
    }
    if (c->total_cost_note) {
        if (c->total_cost >= 0)
            (void)buf_adds(b, " ");
        esc(b, c->total_cost_note);
    }
    (void)buf_adds(b, "</td></tr></table>\n");
}

static void para(struct buf *b, const char *heading, const char *text)
{
    (void)buf_addf(b, "<section><h2>□ %s</h2><ul><li>", heading);
    esc(b, text);
    (void)buf_adds(b, "</li></ul></section>\n");
}

static void plan(const struct card *c, struct buf *b)
{
    (void)buf_adds(b, "<section class=\"plan\"><h2>□ 추진계획</h2>\n");
    for (size_t i = 0; i < c->nunits; i++) {
        const struct card_unit *u = &c->units[i];
        (void)buf_adds(b, "<h3>○ ");
        esc(b, u->name);
        (void)buf_adds(b, "</h3><ul>");
        if (u->description) {
            (void)buf_adds(b, "<li>주요내용 : ");
            esc(b, u->description);
            (void)buf_adds(b, "</li>");
        }
        if (u->detail) {
            (void)buf_adds(b, "<li>");
            esc(b, u->detail_label ? u->detail_label : "세부내용");
            (void)buf_adds(b, " : ");
            esc(b, u->detail);
            (void)buf_adds(b, "</li>");
        }
        (void)buf_adds(b, "</ul>");
        if (u->note) {
            (void)buf_adds(b, "<p class=\"note\">");
            esc(b, u->note);
            (void)buf_adds(b, "</p>");
        }
        (void)buf_adds(b, "\n");
    }
    (void)buf_adds(b, "</section>\n");
}

static void schedule(const struct card *c, struct buf *b)
{
    (void)buf_adds(b, "<section><h2>□ 연도별 추진계획</h2><table class=\"schedule\"><thead><tr><th>단위사업</th>");
    for (size_t k = 1; k < c->nperiods; k++) {
        (void)buf_adds(b, "<th>");
        esc(b, c->periods[k].label);
        (void)buf_adds(b, "</th>");
    }
    (void)buf_adds(b, "</tr></thead><tbody>\n");
    for (size_t i = 0; i < c->nunits; i++) {
        (void)buf_adds(b, "<tr><td>");
        esc(b, c->units[i].name);
        (void)buf_adds(b, "</td>");
        for (size_t k = 1; k < c->nperiods; k++)
            (void)buf_addf(b, "<td class=\"mark\">%s</td>", c->units[i].active[k] ? "○" : "");
        (void)buf_adds(b, "</tr>\n");
    }
    (void)buf_adds(b, "</tbody></table></section>\n");
}

static void budget(const struct card *c, struct buf *b)
{
    (void)buf_adds(b, "<section><h2>□ 연도별 사업비");
    if (c->total_cost_note) {
        (void)buf_adds(b, " : ");
        esc(b, c->total_cost_note);
    }
    (void)buf_adds(b, "</h2><p class=\"unit\">(단위 : 백만원)</p><table class=\"budget\"><thead><tr>"
                      "<th>단위사업</th><th>구분</th><th>계</th>");
    for (size_t k = 0; k < c->nperiods; k++) {
        (void)buf_adds(b, "<th>");
        esc(b, c->periods[k].label);
        (void)buf_adds(b, "</th>");
    }
    (void)buf_adds(b, "</tr></thead><tbody>\n<tr class=\"total\"><td>합계</td><td></td>");
    money_cell(b, c->grand_total, "total");
    for (size_t k = 0; k < c->nperiods; k++)
        money_cell(b, c->period_total[k], NULL);
    (void)buf_adds(b, "</tr>\n");
    for (size_t i = 0; i < c->nitems; i++) {
        const struct card_item *it = &c->items[i];
        for (size_t s = 0; s < CARD_SOURCES; s++) {
            (void)buf_adds(b, "<tr>");
            if (s == 0) {
                (void)buf_addf(b, "<td rowspan=\"%d\">", CARD_SOURCES);
                esc(b, it->name);
                (void)buf_adds(b, "</td>");
            }
            (void)buf_addf(b, "<td>%s</td>", card_source_ko[s]);
            money_cell(b, it->total[s], "total");
            for (size_t k = 0; k < c->nperiods; k++)
                money_cell(b, it->amount[s][k], NULL);
            (void)buf_adds(b, "</tr>\n");
        }
    }
    (void)buf_adds(b, "</tbody></table></section>\n");
}

static void achievements(const struct card *c, struct buf *b)
{
    (void)buf_adds(b, "<section><h2>□ 그간 추진사항</h2><ul>\n");
    const char *theme = NULL;
    bool open = false;
    for (size_t i = 0; i < c->nachievements; i++) {
        const struct card_achievement *x = &c->achievements[i];
        if (x->theme && (!theme || strcmp(theme, x->theme) != 0)) {
            if (open)
                (void)buf_adds(b, "</ul></li>\n");
            (void)buf_adds(b, "<li>");
            esc(b, x->theme);
            (void)buf_adds(b, "<ul class=\"sub\">");
            theme = x->theme;
            open = true;
        } else if (!x->theme && open) {
            (void)buf_adds(b, "</ul></li>\n");
            open = false;
            theme = NULL;
        }
        (void)buf_adds(b, "<li>");
        esc(b, x->summary);
        if (x->occurred_on) {
            (void)buf_adds(b, " (");
            esc(b, x->occurred_on);
            (void)buf_adds(b, ")");
        }
        (void)buf_adds(b, "</li>\n");
    }
    if (open)
        (void)buf_adds(b, "</ul></li>\n");
    (void)buf_adds(b, "</ul></section>\n");
}

static void issues(const struct card *c, struct buf *b)
{
    (void)buf_adds(b, "<section><h2>□ 쟁점 및 대책</h2><h3>○ 쟁점</h3><ul>\n");
    for (size_t i = 0; i < c->nissues; i++) {
        (void)buf_adds(b, "<li>");
        esc(b, c->issues[i].issue);
        if (c->issues[i].detail) {
            (void)buf_adds(b, "<div class=\"issue-detail\">☞ ");
            esc(b, c->issues[i].detail);
            (void)buf_adds(b, "</div>");
        }
        (void)buf_adds(b, "</li>\n");
    }
    (void)buf_adds(b, "</ul><h3>○ 대책</h3><ul>\n");
    for (size_t i = 0; i < c->nissues; i++)
        if (c->issues[i].countermeasures) {
            (void)buf_adds(b, "<li>");
            esc(b, c->issues[i].countermeasures);
            (void)buf_adds(b, "</li>\n");
        }
    (void)buf_adds(b, "</ul></section>\n");
}

static void contacts(const struct card *c, struct buf *b)
{
    (void)buf_adds(b, "<table class=\"contacts\"><tr><th>주관부서</th>");
    for (size_t i = 0; i < c->ncontacts; i++) {
        (void)buf_adds(b, "<td>");
        esc(b, c->contacts[i].title);
        (void)buf_adds(b, ":");
        esc(b, c->contacts[i].name);
        if (c->contacts[i].extension) {
            (void)buf_adds(b, " ☎");
            esc(b, c->contacts[i].extension);
        }
        (void)buf_adds(b, "</td>");
    }
    (void)buf_adds(b, "</tr></table>\n");
}

enum bp_err card_html(const struct card *c, struct buf *b)
{
    char term[64];
    card_term(c, term, sizeof(term));
    (void)buf_adds(b, "<!DOCTYPE html>\n<html lang=\"ko\"><head><meta charset=\"utf-8\">"
                      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>");
    esc(b, c->name);
    (void)buf_adds(b, " — 사업 카드</title>");
    (void)buf_adds(b, style);
    (void)buf_adds(b, "</head><body><article class=\"project-card\">\n<h1>");
    esc(b, c->name);
    (void)buf_adds(b, "</h1>\n");
    header_table(c, b);
    para(b, "사업개요", c->overview);
    para(b, "목 표", c->goal);
    para(b, "추진체계", c->structure);
    plan(c, b);
    (void)buf_addf(b, "<section><h2>□ 사업기간 : %s</h2></section>\n", term);
    schedule(c, b);
    budget(c, b);
    achievements(c, b);
    issues(c, b);
    contacts(c, b);
    (void)buf_adds(b, "</article></body></html>\n");
    return b->failed ? BP_ERR_TOO_LARGE : BP_OK;
}
