/*
 * plan.c: the production plan of a model file, `release: {plan:
 * FILE}`: a CSV file of the units due per day and product,
 *
 *     day,product,quantity
 *     0,phone,120
 *     0,display,120
 *     1,phone,80
 *
 * parsed by libcsv (this is the only file that includes csv.h). FILE is
 * relative to the model file's directory. Its problems are located in the
 * CSV file (its name as opened, line and column 1-based, the column in
 * characters) and collected with the model's, all of them: a header that
 * is not day,product,quantity, a missing or extra column, a value that is
 * not an integer >= 0, days going back, an empty plan, and (pass 2) a
 * product that is not one of the model's.
 *
 * libcsv says what a field holds, not where it was: so the text is fed to
 * it one byte at a time. A field ends, and its callback runs, while the
 * byte just after it (a comma, a line end) is fed, and the field began
 * after the previous one ended: that locates it exactly, whatever its
 * quotes, blanks and line ends.
 *
 * Prefix azi_plan_. Calls names.c, value.c and the document layers; no
 * other section (sections.c, the release, calls it).
 */
#include "load/sections.h"
#include "util/alloc.h"

#include <csv.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HEADER "day,product,quantity"

enum { COL_DAY, COL_PRODUCT, COL_QUANTITY, NCOL };
static const char *const COLUMN[NCOL] = {"day", "product", "quantity"};

typedef struct plan_parse {
    azi_load *L;
    const char *text; /* the file after a UTF-8 byte order mark */
    size_t len;
    int src;
    size_t pos;    /* the byte being fed to libcsv; len at the end */
    size_t fstart; /* where the current field's text may start */
    size_t coff;   /* location cursor: byte coff is at cline:ccol */
    int cline, ccol;
    /* the row being read */
    int header;     /* it is the header */
    size_t nfield;  /* its fields so far */
    plan_row cur;
    int has_product;
    /* the plan so far */
    int seen_header;   /* the first row was read (header or not) */
    azi_load_loc head; /* where the first row starts */
    size_t ndata;      /* data rows read, valid or not */
    plan_row *row;     /* rows with a product name (malloc'd) */
    size_t nrow, cap;
    int have_day;
    uint32_t last_day; /* the latest valid day */
    int ok;            /* no problem so far */
} plan_parse;

/* ---- locations ----------------------------------------------------------- */

static int clamp_int(size_t v)
{
    return v > INT32_MAX ? INT32_MAX : (int)v;
}

static int is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/* The location of byte off. Lines end at LF, CR LF or a lone CR (as
 * libcsv's rows); columns count characters, not UTF-8 continuation bytes.
 * Queries come in file order, so the cursor only moves forward. */
static azi_load_loc loc_at(plan_parse *pp, size_t off)
{
    if (off < pp->coff) {
        pp->coff = 0;
        pp->cline = pp->ccol = 1;
    }
    size_t line = (size_t)pp->cline, col = (size_t)pp->ccol;
    for (; pp->coff < off; pp->coff++) {
        char c = pp->text[pp->coff];
        if (c == '\n' || (c == '\r' && (pp->coff + 1 >= pp->len ||
                                        pp->text[pp->coff + 1] != '\n')))
            line++, col = 1;
        else if (((unsigned char)c & 0xC0) != 0x80)
            col++;
    }
    pp->cline = clamp_int(line);
    pp->ccol = clamp_int(col);
    azi_load_loc at = {pp->src, pp->cline, pp->ccol};
    return at;
}

/* Where the field ending at byte end starts: its first character after
 * the blanks (and the empty lines) libcsv skips; the end itself for an
 * empty field. */
static azi_load_loc field_loc(plan_parse *pp, size_t end)
{
    size_t i = pp->fstart;
    while (i < end && (is_blank(pp->text[i]) || pp->text[i] == '\r' ||
                       pp->text[i] == '\n'))
        i++;
    return loc_at(pp, i);
}

/* The offset of the first byte that is no part of UTF-8 text (or is a
 * NUL), or n. */
static size_t bad_text(const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        unsigned char c = s[i];
        size_t k;
        if (c == 0)
            return i;
        if (c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF)
            k = 1;
        else if (c >= 0xE0 && c <= 0xEF)
            k = 2;
        else if (c >= 0xF0 && c <= 0xF4)
            k = 3;
        else
            return i;
        if (n - i <= k)
            return i;
        uint32_t cp = c & (0x3Fu >> k);
        for (size_t j = 1; j <= k; j++) {
            if ((s[i + j] & 0xC0) != 0x80)
                return i;
            cp = cp << 6 | (s[i + j] & 0x3Fu);
        }
        if ((k == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
            (k == 3 && (cp < 0x10000 || cp > 0x10FFFF)))
            return i;
        i += k + 1;
    }
    return n;
}

/* ---- rows ---------------------------------------------------------------- */

/* "'x'" or "nothing", for "got ...". */
static const char *shown(const char *f, size_t len, char *buf, size_t size)
{
    char tmp[64];
    if (!len)
        snprintf(buf, size, "nothing");
    else
        snprintf(buf, size, "'%s'", azi_text_clean(f, tmp, sizeof tmp));
    return buf;
}

static void problem(plan_parse *pp, azi_load_loc at, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Reports a problem of the plan's text. */
static void problem(plan_parse *pp, azi_load_loc at, const char *fmt, ...)
{
    char msg[AZ_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    azi_load_report(pp->L, at, "%s", msg);
    pp->ok = 0;
}

/* An integer >= 0 of column col into *out; 0 after reporting. */
static int read_count(plan_parse *pp, azi_load_loc at, const char *f,
                      size_t len, size_t col, uint32_t *out)
{
    char got[80], what[64];
    uint64_t v;
    int r = azi_value_parse_uint(f, UINT32_MAX, &v);
    if (r == 0) {
        *out = (uint32_t)v;
        return 1;
    }
    if (r == 1)
        snprintf(what, sizeof what, "a %s from 0 to %u", COLUMN[col],
                 (unsigned)UINT32_MAX);
    else
        snprintf(what, sizeof what, "a %s (an integer >= 0)", COLUMN[col]);
    problem(pp, at, "expected %s, got %s", what, shown(f, len, got,
                                                      sizeof got));
    return 0;
}

static void header_field(plan_parse *pp, azi_load_loc at, const char *f,
                         size_t len, size_t k)
{
    char got[80];
    if (k < NCOL && (len != strlen(COLUMN[k]) || memcmp(f, COLUMN[k], len)))
        problem(pp, at, "expected '%s' (the header is " HEADER "), got %s",
                COLUMN[k], shown(f, len, got, sizeof got));
    else if (k == NCOL)
        problem(pp, at, "unexpected column %zu in the header, got %s; the "
                "header is " HEADER, k + 1, shown(f, len, got, sizeof got));
}

static void data_field(plan_parse *pp, azi_load_loc at, const char *f,
                       size_t len, size_t k)
{
    char got[80];
    azi_load *L = pp->L;
    switch (k) {
    case COL_DAY: {
        uint32_t day;
        if (!read_count(pp, at, f, len, k, &day))
            break;
        pp->cur.day = day;
        if (pp->have_day && day < pp->last_day) {
            problem(pp, at, "day %u comes after day %u: the days of a plan "
                    "must not go back (sort it by day)", (unsigned)day,
                    (unsigned)pp->last_day);
            break;
        }
        pp->have_day = 1;
        pp->last_day = day;
        break;
    }
    case COL_PRODUCT: {
        if (!len) {
            problem(pp, at, "expected a product name, got nothing");
            break;
        }
        char *name = azi_load_strdup(L, f, len);
        if (!name)
            break;
        azi_load_node *n = &pp->cur.product;
        n->kind = AZI_LOAD_SCALAR;
        n->loc = at;
        n->text = name; /* not plain: "null" is a (wrong) name here */
        pp->has_product = 1;
        break;
    }
    case COL_QUANTITY:
        read_count(pp, at, f, len, k, &pp->cur.quantity);
        break;
    case NCOL:
        problem(pp, at, "unexpected column %zu, got %s; a row is " HEADER,
                k + 1, shown(f, len, got, sizeof got));
        break;
    default: /* later columns: the first extra one was reported */
        break;
    }
}

/* libcsv's field callback; f is NUL-terminated (CSV_APPEND_NULL). */
static void on_field(void *field, size_t len, void *data)
{
    plan_parse *pp = data;
    const char *f = field ? field : "";
    size_t k = pp->nfield++;
    azi_load_loc at = field_loc(pp, pp->pos);
    pp->fstart = pp->pos + 1;
    if (pp->L->oom)
        return;
    if (k == 0 && !pp->seen_header) {
        uint64_t v;
        pp->seen_header = 1;
        pp->head = at;
        /* A first line of data: report the header missing once, then
         * check the line as the data it is. */
        pp->header = azi_value_parse_uint(f, UINT64_MAX, &v) < 0;
        if (!pp->header)
            problem(pp, at, "the first line of a plan must be the header "
                    HEADER ", got a line of data");
    }
    if (pp->header)
        header_field(pp, at, f, len, k);
    else
        data_field(pp, at, f, len, k);
}

/* libcsv's row callback: the row ended at byte pp->pos. */
static void on_row(int c, void *data)
{
    plan_parse *pp = data;
    (void)c;
    if (!pp->L->oom && pp->nfield < NCOL) {
        azi_load_loc at = loc_at(pp, pp->pos);
        if (pp->header)
            problem(pp, at, "missing column '%s' in the header; the header "
                    "is %s", COLUMN[pp->nfield], HEADER);
        else
            problem(pp, at, "missing column '%s'; a row is %s",
                    COLUMN[pp->nfield], HEADER);
    }
    if (!pp->header) {
        pp->ndata++;
        /* Rows with a product are kept even when broken, so that every
         * unknown product is found in pass 2. */
        if (pp->has_product && !pp->L->oom) {
            if (pp->nrow == pp->cap) {
                size_t cap = pp->cap ? pp->cap * 2 : 64;
                plan_row *nr = azi_realloc(pp->row, cap * sizeof *nr);
                if (!nr) {
                    pp->L->oom = 1;
                    goto next;
                }
                pp->row = nr;
                pp->cap = cap;
            }
            pp->cur.prod = -1;
            pp->row[pp->nrow++] = pp->cur;
        }
    }
next:
    pp->header = 0;
    pp->nfield = 0;
    pp->has_product = 0;
    memset(&pp->cur, 0, sizeof pp->cur);
    pp->fstart = pp->pos + 1;
}

/* ---- the file ------------------------------------------------------------ */

/* Excel saves "CSV" with ';' between fields where the decimal separator
 * is a comma (German, French...): a first line with ';' and no ',' is
 * told once, instead of a problem per row. 1 if so. */
static int semicolons(plan_parse *pp)
{
    size_t n = 0;
    int semi = 0;
    while (n < pp->len && pp->text[n] != '\n' && pp->text[n] != ',')
        semi |= pp->text[n++] == ';';
    if (!semi || (n < pp->len && pp->text[n] == ','))
        return 0;
    azi_load_report(pp->L, pp->head, "the fields are separated by ';', as "
                    "Excel saves CSV where the decimal separator is a comma "
                    "(German and other locales); a plan separates them by "
                    "',' (" HEADER "): save it with commas, or replace each "
                    "';' by ','");
    return 1;
}

/* Feeds text to libcsv; returns 0 if it is no CSV (a problem reported, or
 * memory ran out). */
static int parse(plan_parse *pp)
{
    azi_load *L = pp->L;
    struct csv_parser p;
    size_t blk = 128, i;
    int ok = 1;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL)) {
        L->oom = 1;
        return 0;
    }
    for (i = 0; i < pp->len && !L->oom; i++) {
        /* libcsv grows a field's buffer by the block size: keep that at
         * the buffer's size, so that a long field costs linear time. */
        if (csv_get_buffer_size(&p) > blk)
            csv_set_blk_size(&p, blk = csv_get_buffer_size(&p));
        pp->pos = i;
        if (csv_parse(&p, pp->text + i, 1, on_field, on_row, pp) == 1)
            continue;
        if (csv_error(&p) != CSV_EPARSE)
            L->oom = 1;
        else if (p.quoted) /* after the closing quote of a quoted value */
            azi_load_report(L, loc_at(pp, i), "unexpected text after the "
                            "closing quote of a value; inside quotes, write "
                            "a quote as \"\"");
        else
            azi_load_report(L, loc_at(pp, i), "a quote inside a value that "
                            "does not start with one; quote the whole value "
                            "and write each quote in it as \"\"");
        ok = 0;
        break;
    }
    if (ok && !L->oom) {
        pp->pos = pp->len;
        azi_load_loc open = field_loc(pp, pp->len);
        if (csv_fini(&p, on_field, on_row, pp)) {
            azi_load_report(L, open, "a quoted value is not closed: its "
                            "closing quote is missing");
            ok = 0;
        }
    }
    csv_free(&p);
    return ok && !L->oom;
}

/* path as FILE names it: relative to the model's directory. */
static const char *plan_path(azi_load *L, const char *file)
{
    size_t nd = L->dir ? strlen(L->dir) : 0, nf = strlen(file);
    if (file[0] == '/' || !nd)
        return file;
    int sep = L->dir[nd - 1] != '/';
    char *p = azi_load_alloc(L, nd + (size_t)sep + nf + 1);
    if (!p)
        return NULL;
    memcpy(p, L->dir, nd);
    if (sep)
        p[nd] = '/';
    memcpy(p + nd + (size_t)sep, file, nf + 1);
    return p;
}

void azi_plan_read(azi_load *L, model_spec *ms)
{
    release_spec *r = &ms->release;
    const azi_load_node *v = r->plan;
    char got[64], q[300], why[128];
    size_t len = 0;
    int too_big = 0;
    if (v->kind != AZI_LOAD_SCALAR || azi_yaml_is_null(v) || !*v->text) {
        azi_load_report(L, v->loc, "expected a file name (a CSV production "
                        "plan), got %s", azi_yaml_desc(v, got, sizeof got));
        return;
    }
    const char *path = plan_path(L, v->text);
    if (!path)
        return;
    errno = 0;
    char *text = L->reader(L->reader_ctx, path, &len, &too_big);
    if (!text) {
        if (errno == ENOMEM && !too_big) {
            L->oom = 1;
            return;
        }
        if (too_big)
            snprintf(why, sizeof why, "it is too large");
        else if (!errno || strerror_r(errno, why, sizeof why))
            snprintf(why, sizeof why, "read error");
        azi_load_report(L, v->loc, "cannot read the plan '%s': %s",
                        azi_text_clean(path, q, sizeof q), why);
        return;
    }
    plan_parse pp = {.L = L, .text = text, .len = len, .coff = 0, .cline = 1,
                     .ccol = 1, .ok = 1};
    if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) { /* a BOM (Excel) */
        pp.text += 3;
        pp.len -= 3;
    }
    if (azi_load_add_file(L, path, &pp.src))
        goto cleanup;
    pp.head = loc_at(&pp, 0);
    size_t bad = bad_text((const unsigned char *)pp.text, pp.len);
    if (bad < pp.len) {
        if (pp.text[bad])
            azi_load_report(L, loc_at(&pp, bad), "invalid text: not UTF-8 "
                            "(byte 0x%02X)" AZI_LOAD_HINT_LATIN1,
                            (unsigned char)pp.text[bad]);
        else
            azi_load_report(L, loc_at(&pp, bad), "invalid text: a NUL "
                            "character");
        goto cleanup;
    }
    if (semicolons(&pp))
        goto cleanup;
    if (!parse(&pp))
        goto cleanup;
    if (!pp.seen_header)
        azi_load_report(L, pp.head, "the plan is empty; expected the header "
                        HEADER " and a line per day and product");
    else if (!pp.ndata)
        azi_load_report(L, loc_at(&pp, pp.len), "the plan has no rows after "
                        "its header");
    if (!pp.seen_header || !pp.ndata)
        goto cleanup;
    if (pp.nrow && !(r->row = azi_load_alloc(L, pp.nrow * sizeof *r->row)))
        goto cleanup;
    if (pp.nrow)
        memcpy(r->row, pp.row, pp.nrow * sizeof *r->row);
    r->nrow = pp.nrow;
    int some = 0;
    for (size_t i = 0; i < pp.nrow; i++)
        some |= pp.row[i].quantity > 0;
    if (pp.ok && !some)
        azi_load_report(L, pp.head, "the plan releases nothing: every "
                        "quantity is 0");
    r->plan_read = pp.ok && some;
cleanup:
    free(pp.row);
    free(text);
}

/* ---- pass 2 and 3 -------------------------------------------------------- */

void azi_plan_resolve(azi_load *L, model_spec *ms)
{
    release_spec *r = &ms->release;
    if (!ms->products_ok)
        return;
    int ok = r->plan_read;
    for (size_t i = 0; i < r->nrow; i++) {
        r->row[i].prod = azi_names_resolve_product(L, ms, &r->row[i].product,
                                                   "the plan");
        ok &= r->row[i].prod >= 0;
    }
    r->plan_ok = ok;
}

az_status azi_plan_build(azi_load *L, const model_spec *ms, az_model *m,
                         uint32_t source)
{
    const release_spec *r = &ms->release;
    az_error e;
    az_plan_entry *pe = azi_load_alloc(L, r->nrow * sizeof *pe);
    if (!pe)
        return AZ_ENOMEM;
    for (size_t i = 0; i < r->nrow; i++) {
        pe[i].day = r->row[i].day;
        pe[i].product = ms->prod[r->row[i].prod].idx;
        pe[i].quantity = r->row[i].quantity;
    }
    /* At most 64 MiB of text: far fewer than 2^32 rows. */
    return azi_names_api(L, r->plan, az_model_set_plan(m, source, pe,
                                                       (uint32_t)r->nrow, &e),
                        &e);
}
