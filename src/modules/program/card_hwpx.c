/*
 * card_hwpx: the project card as HWPX, the open OWPML package (KS X 6101) that 한글 opens: a
 * zip written with libzip whose first entry is the uncompressed mimetype, then version.xml,
 * META-INF/container.xml and manifest.xml, Contents/content.hpf (the package's manifest and
 * spine), Contents/header.xml (fonts, borders, character and paragraph shapes, the one style),
 * Contents/section0.xml (the text and the tables), settings.xml and Preview/PrvText.txt. The
 * header is the least a reader needs: one font face per script (함초롬바탕), three character
 * shapes (body, title, heading), two paragraph shapes (justified, centred), two border fills
 * (none, thin solid for table cells). Lengths are HWPUNIT, 1/7200 inch; the page is A4.
 */
#include "modules/program/card.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "base/banned.h"

#define TEXT_WIDTH 42520 /* A4 (59528) less 30 mm margins each side */
#define ROW_HEIGHT 1800
enum { CHAR_BODY, CHAR_TITLE, CHAR_HEADING, CHAR_BOLD };
enum { PARA_BODY, PARA_CENTER, PARA_RIGHT };

static void esc(struct buf *b, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '&': (void)buf_adds(b, "&amp;"); break;
        case '<': (void)buf_adds(b, "&lt;"); break;
        case '>': (void)buf_adds(b, "&gt;"); break;
        case '"': (void)buf_adds(b, "&quot;"); break;
        default: (void)buf_addch(b, *s);
        }
    }
}

/* ids of paragraphs and tables, counted per document (workers render at once) */
static _Thread_local unsigned paragraph_id;

/* One paragraph; each line of text is its own paragraph (OWPML has no line break in hp:t). */
static void para(struct buf *b, int para_pr, int char_pr, const char *prefix, const char *text)
{
    const char *s = text ? text : "";
    do {
        const char *nl = strchr(s, '\n');
        size_t n = nl ? (size_t)(nl - s) : strlen(s);
        (void)buf_addf(b, "<hp:p id=\"%u\" paraPrIDRef=\"%d\" styleIDRef=\"0\" pageBreak=\"0\" "
                          "columnBreak=\"0\" merged=\"0\"><hp:run charPrIDRef=\"%d\"><hp:t>",
                       paragraph_id++, para_pr, char_pr);
        esc(b, prefix);
        char line[8192];
        snprintf(line, sizeof(line), "%.*s", (int)(n < sizeof(line) - 1 ? n : sizeof(line) - 1), s);
        esc(b, line);
        (void)buf_adds(b, "</hp:t></hp:run></hp:p>\n");
        s = nl ? nl + 1 : NULL;
        prefix = "";
    } while (s);
}

struct table {
    struct buf *b;
    int rows, cols, row;
    int widths[LIMIT_CARD_PERIODS + 4];
};

static _Thread_local unsigned table_id = 1;

static void table_open(struct table *t, struct buf *b, int rows, int cols, const int *widths)
{
    t->b = b;
    t->rows = rows;
    t->cols = cols;
    t->row = -1;
    int total = 0;
    for (int i = 0; i < cols; i++)
        total += t->widths[i] = widths[i];
    (void)buf_addf(b, "<hp:p id=\"%u\" paraPrIDRef=\"0\" styleIDRef=\"0\" pageBreak=\"0\" columnBreak=\"0\" "
                      "merged=\"0\"><hp:run charPrIDRef=\"0\">",
                   paragraph_id++);
    (void)buf_addf(b, "<hp:tbl id=\"%u\" zOrder=\"0\" numberingType=\"TABLE\" textWrap=\"TOP_AND_BOTTOM\" "
                      "textFlow=\"BOTH_SIDES\" lock=\"0\" dropcapstyle=\"None\" pageBreak=\"CELL\" "
                      "repeatHeader=\"1\" rowCnt=\"%d\" colCnt=\"%d\" cellSpacing=\"0\" "
                      "borderFillIDRef=\"2\" noAdjust=\"0\">"
                      "<hp:sz width=\"%d\" widthRelTo=\"ABSOLUTE\" height=\"%d\" heightRelTo=\"ABSOLUTE\" protect=\"0\"/>"
                      "<hp:pos treatAsChar=\"1\" affectLSpacing=\"0\" flowWithText=\"1\" allowOverlap=\"0\" "
                      "holdAnchorAndSO=\"0\" vertRelTo=\"PARA\" horzRelTo=\"PARA\" vertAlign=\"TOP\" "
                      "horzAlign=\"LEFT\" vertOffset=\"0\" horzOffset=\"0\"/>"
                      "<hp:outMargin left=\"0\" right=\"0\" top=\"0\" bottom=\"0\"/>"
                      "<hp:inMargin left=\"510\" right=\"510\" top=\"141\" bottom=\"141\"/>\n",
                   table_id++, rows, cols, total, rows * ROW_HEIGHT);
}

static void table_row(struct table *t)
{
    if (t->row >= 0)
        (void)buf_adds(t->b, "</hp:tr>\n");
    (void)buf_adds(t->b, "<hp:tr>");
    t->row++;
}

static void cell(struct table *t, int col, int colspan, int rowspan, int para_pr, int char_pr,
                 const char *text)
{
    int width = 0;
    for (int i = col; i < col + colspan && i < t->cols; i++)
        width += t->widths[i];
    (void)buf_adds(t->b, "<hp:tc name=\"\" header=\"0\" hasMargin=\"0\" protect=\"0\" editable=\"0\" "
                         "dirty=\"0\" borderFillIDRef=\"2\"><hp:subList id=\"\" textDirection=\"HORIZONTAL\" "
                         "lineWrap=\"BREAK\" vertAlign=\"CENTER\" linkListIDRef=\"0\" "
                         "linkListNextIDRef=\"0\" textWidth=\"0\" textHeight=\"0\" hasTextRef=\"0\" "
                         "hasNumRef=\"0\">");
    para(t->b, para_pr, char_pr, "", text);
    (void)buf_addf(t->b, "</hp:subList><hp:cellAddr colAddr=\"%d\" rowAddr=\"%d\"/>"
                         "<hp:cellSpan colSpan=\"%d\" rowSpan=\"%d\"/>"
                         "<hp:cellSz width=\"%d\" height=\"%d\"/>"
                         "<hp:cellMargin left=\"510\" right=\"510\" top=\"141\" bottom=\"141\"/></hp:tc>",
                   col, t->row, colspan, rowspan, width, ROW_HEIGHT * rowspan);
}

static void table_close(struct table *t)
{
    (void)buf_adds(t->b, "</hp:tr>\n</hp:tbl><hp:t/></hp:run></hp:p>\n");
}

static void money(struct table *t, int col, long long won, int char_pr)
{
    char m[48];
    program_millions(won, m, sizeof(m));
    cell(t, col, 1, 1, PARA_RIGHT, char_pr, m);
}

static void section(const struct card *c, struct buf *b)
{
    paragraph_id = 0;
    table_id = 1;
    (void)buf_adds(b, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                      "<hs:sec xmlns:hs=\"http://www.hancom.co.kr/hwpml/2011/section\" "
                      "xmlns:hp=\"http://www.hancom.co.kr/hwpml/2011/paragraph\" "
                      "xmlns:hc=\"http://www.hancom.co.kr/hwpml/2011/core\">\n");
    /* the first paragraph carries the section's page settings */
    (void)buf_addf(b, "<hp:p id=\"%u\" paraPrIDRef=\"%d\" styleIDRef=\"0\" pageBreak=\"0\" columnBreak=\"0\" "
                      "merged=\"0\"><hp:run charPrIDRef=\"%d\">"
                      "<hp:secPr id=\"\" textDirection=\"HORIZONTAL\" spaceColumns=\"1134\" tabStop=\"8000\" "
                      "tabStopVal=\"4000\" tabStopUnit=\"HWPUNIT\" outlineShapeIDRef=\"0\" memoShapeIDRef=\"0\" "
                      "textVerticalWidthHead=\"0\" masterPageCnt=\"0\">"
                      "<hp:grid lineGrid=\"0\" charGrid=\"0\" wonggojiFormat=\"0\"/>"
                      "<hp:startNum pageStartsOn=\"BOTH\" page=\"0\" pic=\"0\" tbl=\"0\" equation=\"0\"/>"
                      "<hp:visibility hideFirstHeader=\"0\" hideFirstFooter=\"0\" hideFirstMasterPage=\"0\" "
                      "border=\"SHOW_ALL\" fill=\"SHOW_ALL\" hideFirstPageNum=\"0\" hideFirstEmptyLine=\"0\" "
                      "showLineNumber=\"0\"/>"
                      "<hp:pagePr landscape=\"WIDELY\" width=\"59528\" height=\"84186\" gutterType=\"LEFT_ONLY\">"
                      "<hp:margin header=\"4252\" footer=\"4252\" gutter=\"0\" left=\"8504\" right=\"8504\" "
                      "top=\"5668\" bottom=\"4252\"/></hp:pagePr></hp:secPr><hp:t>",
                   paragraph_id++, PARA_CENTER, CHAR_TITLE);
    esc(b, c->name);
    (void)buf_adds(b, "</hp:t></hp:run></hp:p>\n");

    struct table t;
    char cost[160] = "", m[48];
    if (c->total_cost >= 0) {
        program_millions(c->total_cost, m, sizeof(m));
        snprintf(cost, sizeof(cost), "%s 백만원 ", m);
    }
    snprintf(cost + strlen(cost), sizeof(cost) - strlen(cost), "%s",
             c->total_cost_note ? c->total_cost_note : "");
    static const int head_w[] = {7000, 8000, 6000, 7000, 14520};
    table_open(&t, b, 1, 5, head_w);
    table_row(&t);
    cell(&t, 0, 1, 1, PARA_CENTER, CHAR_BOLD, "사업구분");
    cell(&t, 1, 1, 1, PARA_CENTER, CHAR_BODY, c->category);
    cell(&t, 2, 1, 1, PARA_CENTER, CHAR_BODY, c->kind_ko);
    cell(&t, 3, 1, 1, PARA_CENTER, CHAR_BOLD, "총사업비");
    cell(&t, 4, 1, 1, PARA_CENTER, CHAR_BODY, cost);
    table_close(&t);

    para(b, PARA_BODY, CHAR_HEADING, "□ 사업개요", NULL);
    para(b, PARA_BODY, CHAR_BODY, "- ", c->overview);
    para(b, PARA_BODY, CHAR_HEADING, "□ 목 표", NULL);
    para(b, PARA_BODY, CHAR_BODY, "- ", c->goal);
    para(b, PARA_BODY, CHAR_HEADING, "□ 추진체계", NULL);
    para(b, PARA_BODY, CHAR_BODY, "- ", c->structure);
    para(b, PARA_BODY, CHAR_HEADING, "□ 추진계획", NULL);
    for (size_t i = 0; i < c->nunits; i++) {
        const struct card_unit *u = &c->units[i];
        para(b, PARA_BODY, CHAR_BOLD, "○ ", u->name);
        if (u->description)
            para(b, PARA_BODY, CHAR_BODY, "- 주요내용 : ", u->description);
        if (u->detail) {
            char head[96];
            snprintf(head, sizeof(head), "- %s : ", u->detail_label ? u->detail_label : "세부내용");
            para(b, PARA_BODY, CHAR_BODY, head, u->detail);
        }
        if (u->note)
            para(b, PARA_BODY, CHAR_BODY, "", u->note);
    }
    char term[64];
    card_term(c, term, sizeof(term));
    para(b, PARA_BODY, CHAR_HEADING, "□ 사업기간 : ", term);

    para(b, PARA_BODY, CHAR_HEADING, "□ 연도별 추진계획", NULL);
    int sched_w[LIMIT_CARD_PERIODS + 1];
    int periods = (int)c->nperiods - 1, pw = 3800;
    sched_w[0] = TEXT_WIDTH - pw * periods;
    for (int k = 1; k <= periods; k++)
        sched_w[k] = pw;
    table_open(&t, b, (int)c->nunits + 1, periods + 1, sched_w);
    table_row(&t);
    cell(&t, 0, 1, 1, PARA_CENTER, CHAR_BOLD, "단위사업");
    for (int k = 1; k <= periods; k++)
        cell(&t, k, 1, 1, PARA_CENTER, CHAR_BOLD, c->periods[k].label);
    for (size_t i = 0; i < c->nunits; i++) {
        table_row(&t);
        cell(&t, 0, 1, 1, PARA_BODY, CHAR_BODY, c->units[i].name);
        for (int k = 1; k <= periods; k++)
            cell(&t, k, 1, 1, PARA_CENTER, CHAR_BODY, c->units[i].active[k] ? "○" : "");
    }
    table_close(&t);

    para(b, PARA_BODY, CHAR_HEADING, "□ 연도별 사업비 : ", c->total_cost_note);
    para(b, PARA_RIGHT, CHAR_BODY, "(단위 : 백만원)", NULL);
    int budget_w[LIMIT_CARD_PERIODS + 3];
    int ncols = (int)c->nperiods + 3, nw = 3400;
    budget_w[0] = TEXT_WIDTH - 3000 - nw * (ncols - 2);
    budget_w[1] = 3000;
    for (int k = 2; k < ncols; k++)
        budget_w[k] = nw;
    table_open(&t, b, 2 + (int)c->nitems * CARD_SOURCES, ncols, budget_w);
    table_row(&t);
    cell(&t, 0, 1, 1, PARA_CENTER, CHAR_BOLD, "단위사업");
    cell(&t, 1, 1, 1, PARA_CENTER, CHAR_BOLD, "구분");
    cell(&t, 2, 1, 1, PARA_CENTER, CHAR_BOLD, "계");
    for (size_t k = 0; k < c->nperiods; k++)
        cell(&t, 3 + (int)k, 1, 1, PARA_CENTER, CHAR_BOLD, c->periods[k].label);
    table_row(&t);
    cell(&t, 0, 1, 1, PARA_CENTER, CHAR_BOLD, "합계");
    cell(&t, 1, 1, 1, PARA_CENTER, CHAR_BODY, "");
    money(&t, 2, c->grand_total, CHAR_BOLD);
    for (size_t k = 0; k < c->nperiods; k++)
        money(&t, 3 + (int)k, c->period_total[k], CHAR_BODY);
    for (size_t i = 0; i < c->nitems; i++)
        for (size_t s = 0; s < CARD_SOURCES; s++) {
            table_row(&t);
            if (s == 0) /* the covered cells below are left out, as OWPML merges them */
                cell(&t, 0, 1, CARD_SOURCES, PARA_BODY, CHAR_BODY, c->items[i].name);
            cell(&t, 1, 1, 1, PARA_CENTER, CHAR_BODY, card_source_ko[s]);
            money(&t, 2, c->items[i].total[s], CHAR_BOLD);
            for (size_t k = 0; k < c->nperiods; k++)
                money(&t, 3 + (int)k, c->items[i].amount[s][k], CHAR_BODY);
        }
    table_close(&t);

    para(b, PARA_BODY, CHAR_HEADING, "□ 그간 추진사항", NULL);
    const char *theme = NULL;
    for (size_t i = 0; i < c->nachievements; i++) {
        const struct card_achievement *x = &c->achievements[i];
        if (x->theme && (!theme || strcmp(theme, x->theme) != 0))
            para(b, PARA_BODY, CHAR_BODY, "- ", x->theme);
        theme = x->theme;
        para(b, PARA_BODY, CHAR_BODY, x->theme ? "   - " : "- ", x->summary);
    }
    para(b, PARA_BODY, CHAR_HEADING, "□ 쟁점 및 대책", NULL);
    para(b, PARA_BODY, CHAR_BOLD, "○ 쟁점", NULL);
    for (size_t i = 0; i < c->nissues; i++) {
        para(b, PARA_BODY, CHAR_BODY, "- ", c->issues[i].issue);
        if (c->issues[i].detail)
            para(b, PARA_BODY, CHAR_BODY, "   ☞ ", c->issues[i].detail);
    }
    para(b, PARA_BODY, CHAR_BOLD, "○ 대책", NULL);
    for (size_t i = 0; i < c->nissues; i++)
        if (c->issues[i].countermeasures)
            para(b, PARA_BODY, CHAR_BODY, "- ", c->issues[i].countermeasures);

    int contact_w[LIMIT_CARD_ROWS + 1];
    int nc = c->ncontacts > 8 ? 8 : (int)c->ncontacts;
    contact_w[0] = 6000;
    for (int i = 1; i <= nc; i++)
        contact_w[i] = (TEXT_WIDTH - 6000) / (nc ? nc : 1);
    table_open(&t, b, 1, nc + 1, contact_w);
    table_row(&t);
    cell(&t, 0, 1, 1, PARA_CENTER, CHAR_BOLD, "주관부서");
    for (int i = 0; i < nc; i++) {
        char who[256];
        snprintf(who, sizeof(who), "%s:%s%s%s", c->contacts[i].title, c->contacts[i].name,
                 c->contacts[i].extension ? " ☎" : "",
                 c->contacts[i].extension ? c->contacts[i].extension : "");
        cell(&t, 1 + i, 1, 1, PARA_CENTER, CHAR_BODY, who);
    }
    table_close(&t);
    (void)buf_adds(b, "</hs:sec>\n");
}

static const char *const scripts[] = {"HANGUL", "LATIN", "HANJA", "JAPANESE", "OTHER", "SYMBOL", "USER"};

static void char_pr(struct buf *b, int id, int height, bool bold)
{
    (void)buf_addf(b, "<hh:charPr id=\"%d\" height=\"%d\" textColor=\"#000000\" shadeColor=\"none\" "
                      "useFontSpace=\"0\" useKerning=\"0\" symMark=\"NONE\" borderFillIDRef=\"1\">"
                      "<hh:fontRef hangul=\"0\" latin=\"0\" hanja=\"0\" japanese=\"0\" other=\"0\" symbol=\"0\" user=\"0\"/>"
                      "<hh:ratio hangul=\"100\" latin=\"100\" hanja=\"100\" japanese=\"100\" other=\"100\" symbol=\"100\" user=\"100\"/>"
                      "<hh:spacing hangul=\"0\" latin=\"0\" hanja=\"0\" japanese=\"0\" other=\"0\" symbol=\"0\" user=\"0\"/>"
                      "<hh:relSz hangul=\"100\" latin=\"100\" hanja=\"100\" japanese=\"100\" other=\"100\" symbol=\"100\" user=\"100\"/>"
                      "<hh:offset hangul=\"0\" latin=\"0\" hanja=\"0\" japanese=\"0\" other=\"0\" symbol=\"0\" user=\"0\"/>"
                      "%s<hh:underline type=\"NONE\" shape=\"SOLID\" color=\"#000000\"/>"
                      "<hh:strikeout shape=\"NONE\" color=\"#000000\"/><hh:outline type=\"NONE\"/>"
                      "<hh:shadow type=\"NONE\" color=\"#B2B2B2\" offsetX=\"10\" offsetY=\"10\"/></hh:charPr>\n",
                   id, height, bold ? "<hh:bold/>" : "");
}

static void para_pr(struct buf *b, int id, const char *align)
{
    (void)buf_addf(b, "<hh:paraPr id=\"%d\" tabPrIDRef=\"0\" condense=\"0\" fontLineHeight=\"0\" "
                      "snapToGrid=\"1\" suppressLineNumbers=\"0\" checked=\"0\">"
                      "<hh:align horizontal=\"%s\" vertical=\"BASELINE\"/>"
                      "<hh:heading type=\"NONE\" idRef=\"0\" level=\"0\"/>"
                      "<hh:breakSetting breakLatinWord=\"KEEP_WORD\" breakNonLatinWord=\"KEEP_WORD\" "
                      "widowOrphan=\"0\" keepWithNext=\"0\" keepLines=\"0\" pageBreakBefore=\"0\" lineWrap=\"BREAK\"/>"
                      "<hh:autoSpacing eAsianEng=\"0\" eAsianNum=\"0\"/>"
                      "<hh:margin><hc:intent value=\"0\" unit=\"HWPUNIT\"/><hc:left value=\"0\" unit=\"HWPUNIT\"/>"
                      "<hc:right value=\"0\" unit=\"HWPUNIT\"/><hc:prev value=\"0\" unit=\"HWPUNIT\"/>"
                      "<hc:next value=\"0\" unit=\"HWPUNIT\"/></hh:margin>"
                      "<hh:lineSpacing type=\"PERCENT\" value=\"160\" unit=\"HWPUNIT\"/>"
                      "<hh:border borderFillIDRef=\"1\" offsetLeft=\"0\" offsetRight=\"0\" offsetTop=\"0\" "
                      "offsetBottom=\"0\" connect=\"0\" ignoreMargin=\"0\"/></hh:paraPr>\n",
                   id, align);
}

static void border_fill(struct buf *b, int id, const char *type)
{
    (void)buf_addf(b, "<hh:borderFill id=\"%d\" threeD=\"0\" shadow=\"0\" centerLine=\"NONE\" "
                      "breakCellSeparateLine=\"0\"><hh:slash type=\"NONE\" Crooked=\"0\" isCounter=\"0\"/>"
                      "<hh:backSlash type=\"NONE\" Crooked=\"0\" isCounter=\"0\"/>",
                   id);
    static const char *const sides[] = {"leftBorder", "rightBorder", "topBorder", "bottomBorder"};
    for (size_t i = 0; i < 4; i++)
        (void)buf_addf(b, "<hh:%s type=\"%s\" width=\"0.12 mm\" color=\"#000000\"/>", sides[i], type);
    (void)buf_adds(b, "<hh:diagonal type=\"SOLID\" width=\"0.1 mm\" color=\"#000000\"/></hh:borderFill>\n");
}

static void header(struct buf *b)
{
    (void)buf_adds(b, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                      "<hh:head xmlns:hh=\"http://www.hancom.co.kr/hwpml/2011/head\" "
                      "xmlns:hc=\"http://www.hancom.co.kr/hwpml/2011/core\" version=\"1.4\" secCnt=\"1\">"
                      "<hh:beginNum page=\"1\" footnote=\"1\" endnote=\"1\" pic=\"1\" tbl=\"1\" equation=\"1\"/>"
                      "<hh:refList><hh:fontfaces itemCnt=\"7\">");
    for (size_t i = 0; i < sizeof(scripts) / sizeof(scripts[0]); i++)
        (void)buf_addf(b, "<hh:fontface lang=\"%s\" fontCnt=\"1\"><hh:font id=\"0\" face=\"함초롬바탕\" "
                          "type=\"TTF\" isEmbedded=\"0\"/></hh:fontface>",
                       scripts[i]);
    (void)buf_adds(b, "</hh:fontfaces>\n<hh:borderFills itemCnt=\"2\">");
    border_fill(b, 1, "NONE");
    border_fill(b, 2, "SOLID");
    (void)buf_adds(b, "</hh:borderFills>\n<hh:charProperties itemCnt=\"4\">");
    char_pr(b, CHAR_BODY, 1000, false);
    char_pr(b, CHAR_TITLE, 1600, true);
    char_pr(b, CHAR_HEADING, 1200, true);
    char_pr(b, CHAR_BOLD, 1000, true);
    (void)buf_adds(b, "</hh:charProperties>\n<hh:tabProperties itemCnt=\"1\"><hh:tabPr id=\"0\" "
                      "autoTabLeft=\"0\" autoTabRight=\"0\"/></hh:tabProperties>\n"
                      "<hh:paraProperties itemCnt=\"3\">");
    para_pr(b, PARA_BODY, "JUSTIFY");
    para_pr(b, PARA_CENTER, "CENTER");
    para_pr(b, PARA_RIGHT, "RIGHT");
    (void)buf_adds(b, "</hh:paraProperties>\n<hh:styles itemCnt=\"1\"><hh:style id=\"0\" type=\"PARA\" "
                      "name=\"바탕글\" engName=\"Normal\" paraPrIDRef=\"0\" charPrIDRef=\"0\" "
                      "nextStyleIDRef=\"0\" langID=\"1042\" lockForm=\"0\"/></hh:styles>\n"
                      "</hh:refList><hh:compatibleDocument targetProgram=\"HWP201X\">"
                      "<hh:layoutCompatibility/></hh:compatibleDocument>"
                      "<hh:docOption><hh:linkinfo path=\"\" pageInherit=\"0\" footnoteInherit=\"0\"/></hh:docOption>"
                      "</hh:head>\n");
}

static void content_hpf(const struct card *c, struct buf *b)
{
    (void)buf_adds(b, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                      "<opf:package xmlns:opf=\"http://www.idpf.org/2007/opf/\" "
                      "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" version=\"\" unique-identifier=\"\" id=\"\">"
                      "<opf:metadata><opf:title>");
    esc(b, c->name);
    (void)buf_adds(b, "</opf:title><opf:language>ko</opf:language>"
                      "<opf:meta name=\"creator\" content=\"text\">bpmc</opf:meta></opf:metadata>"
                      "<opf:manifest>"
                      "<opf:item id=\"header\" href=\"Contents/header.xml\" media-type=\"application/xml\"/>"
                      "<opf:item id=\"section0\" href=\"Contents/section0.xml\" media-type=\"application/xml\"/>"
                      "<opf:item id=\"settings\" href=\"settings.xml\" media-type=\"application/xml\"/>"
                      "</opf:manifest><opf:spine><opf:itemref idref=\"header\" linear=\"yes\"/>"
                      "<opf:itemref idref=\"section0\" linear=\"yes\"/></opf:spine></opf:package>\n");
}

static const char mimetype[] = "application/hwp+zip";
static const char version_xml[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<hv:HCFVersion xmlns:hv=\"http://www.hancom.co.kr/hwpml/2011/version\" tagetApplication=\"WORDPROCESSOR\" "
    "major=\"5\" minor=\"1\" micro=\"0\" buildNumber=\"1\" os=\"1\" xmlVersion=\"1.4\" "
    "application=\"bpmc\" appVersion=\"1\"/>\n";
static const char container_xml[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<ocf:container xmlns:ocf=\"urn:oasis:names:tc:opendocument:xmlns:container\" "
    "xmlns:hpf=\"http://www.hancom.co.kr/schema/2011/hpf\"><ocf:rootfiles>"
    "<ocf:rootfile full-path=\"Contents/content.hpf\" media-type=\"application/hwpml-package+xml\"/>"
    "<ocf:rootfile full-path=\"Preview/PrvText.txt\" media-type=\"text/plain\"/>"
    "</ocf:rootfiles></ocf:container>\n";
static const char manifest_xml[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<odf:manifest xmlns:odf=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\"/>\n";
static const char settings_xml[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<ha:HWPApplicationSetting xmlns:ha=\"http://www.hancom.co.kr/hwpml/2011/app\" "
    "xmlns:config=\"urn:oasis:names:tc:opendocument:xmlns:config:1.0\">"
    "<ha:CaretPosition listIDRef=\"0\" paraIDRef=\"0\" pos=\"0\"/></ha:HWPApplicationSetting>\n";

static bool add(zip_t *z, const char *name, const char *data, size_t len, bool store)
{
    zip_source_t *src = zip_source_buffer(z, data, len, 0);
    if (!src)
        return false;
    zip_int64_t i = zip_file_add(z, name, src, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE);
    if (i < 0) {
        zip_source_free(src);
        return false;
    }
    return zip_set_file_compression(z, (zip_uint64_t)i, store ? ZIP_CM_STORE : ZIP_CM_DEFLATE, 0) == 0;
}

enum bp_err card_hwpx(const struct card *c, struct buf *out)
{
    struct buf head, sec, hpf, preview;
    buf_init(&head, NULL, 1u << 20);
    buf_init(&sec, NULL, 16u << 20);
    buf_init(&hpf, NULL, 1u << 16);
    buf_init(&preview, NULL, 1u << 12);
    header(&head);
    section(c, &sec);
    content_hpf(c, &hpf);
    (void)buf_adds(&preview, c->name ? c->name : "");
    (void)buf_adds(&preview, "\r\n");
    enum bp_err e = head.failed || sec.failed || hpf.failed ? BP_ERR_TOO_LARGE : BP_OK;
    char path[] = "/tmp/bpmc-card-XXXXXX";
    int fd = e ? -1 : mkstemp(path);
    if (!e && fd < 0)
        e = BP_ERR_IO;
    if (!e) {
        close(fd);
        int err = 0;
        zip_t *z = zip_open(path, ZIP_TRUNCATE, &err);
        /* the mimetype first and stored, as in every OCF package */
        bool ok = z && add(z, "mimetype", mimetype, sizeof(mimetype) - 1, true) &&
                  add(z, "version.xml", version_xml, sizeof(version_xml) - 1, false) &&
                  add(z, "Contents/header.xml", head.data, head.len, false) &&
                  add(z, "Contents/section0.xml", sec.data, sec.len, false) &&
                  add(z, "Preview/PrvText.txt", preview.data, preview.len, false) &&
                  add(z, "settings.xml", settings_xml, sizeof(settings_xml) - 1, false) &&
                  add(z, "META-INF/container.xml", container_xml, sizeof(container_xml) - 1, false) &&
                  add(z, "META-INF/manifest.xml", manifest_xml, sizeof(manifest_xml) - 1, false) &&
                  add(z, "Contents/content.hpf", hpf.data, hpf.len, false);
        if (z && !ok)
            zip_discard(z);
        else if (z && zip_close(z) != 0)
            ok = false;
        e = ok ? BP_OK : BP_ERR_IO;
        FILE *f = ok ? fopen(path, "rb") : NULL;
        if (ok && !f)
            e = BP_ERR_IO;
        if (f) {
            char chunk[65536];
            size_t n;
            while (!e && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
                e = buf_add(out, chunk, n);
            fclose(f);
        }
        unlink(path);
    }
    buf_release(&head);
    buf_release(&sec);
    buf_release(&hpf);
    buf_release(&preview);
    return e;
}
