/*
 * csv.c: a table a model file names (a plan, an order list), read with
 * every problem located in it. The table is a CSV file with a header
 * whose columns are the spec's (the first nreq required, the others
 * optional but in order), parsed by libcsv (this is the only file that
 * includes csv.h); its problems are located in the CSV file (its name as
 * opened, line and column 1-based, the column in characters) and
 * collected with the model's, all of them: text that is not UTF-8, ';'
 * separators, a header that is not the spec's, a missing or extra
 * column, a stray quote, an empty table. What a field must hold is the
 * caller's (azi_csv_spec.field), which reports through azi_csv_problem.
 *
 * libcsv says what a field holds, not where it was: so the text is fed to
 * it one byte at a time. A field ends, and its callback runs, while the
 * byte just after it (a comma, a line end) is fed, and the field began
 * after the previous one ended: that locates it exactly, whatever its
 * quotes, blanks and line ends.
 *
 * Prefix azi_csv_. Calls value.c and the document layers.
 */
#include "load/csv.h"
#include "util/alloc.h"

#include <csv.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct azi_csv {
    azi_load *L;
    const azi_csv_spec *spec;
    void *ctx;
    const char *text; /* the file after a UTF-8 byte order mark */
    size_t len;
    int src;
    size_t pos;    /* the byte being fed to libcsv; len at the end */
    size_t fstart; /* where the current field's text may start */
    size_t coff;   /* location cursor: byte coff is at cline:ccol */
    int cline, ccol;
    size_t ncol;   /* columns of the header (nreq until it is read) */
    int header;    /* the row being read is the header */
    size_t nfield; /* fields of the row so far */
    int seen_header;   /* the first row was read (header or not) */
    azi_load_loc head; /* where the first row starts */
    size_t ndata;      /* data rows read, valid or not */
    int ok;            /* no problem so far */
    char header_text[256]; /* "day,product,quantity" */
};

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
static azi_load_loc loc_at(azi_csv *c, size_t off)
{
    if (off < c->coff) {
        c->coff = 0;
        c->cline = c->ccol = 1;
    }
    size_t line = (size_t)c->cline, col = (size_t)c->ccol;
    for (; c->coff < off; c->coff++) {
        char ch = c->text[c->coff];
        if (ch == '\n' || (ch == '\r' && (c->coff + 1 >= c->len ||
                                          c->text[c->coff + 1] != '\n')))
            line++, col = 1;
        else if (((unsigned char)ch & 0xC0) != 0x80)
            col++;
    }
    c->cline = clamp_int(line);
    c->ccol = clamp_int(col);
    azi_load_loc at = {c->src, c->cline, c->ccol};
    return at;
}

/* Where the field ending at byte end starts: its first character after
 * the blanks (and the empty lines) libcsv skips; the end itself for an
 * empty field. */
static azi_load_loc field_loc(azi_csv *c, size_t end)
{
    size_t i = c->fstart;
    while (i < end && (is_blank(c->text[i]) || c->text[i] == '\r' ||
                       c->text[i] == '\n'))
        i++;
    return loc_at(c, i);
}

/* The offset of the first byte that is no part of UTF-8 text (or is a
 * NUL), or n. */
static size_t bad_text(const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        unsigned char ch = s[i];
        size_t k;
        if (ch == 0)
            return i;
        if (ch < 0x80) {
            i++;
            continue;
        }
        if (ch >= 0xC2 && ch <= 0xDF)
            k = 1;
        else if (ch >= 0xE0 && ch <= 0xEF)
            k = 2;
        else if (ch >= 0xF0 && ch <= 0xF4)
            k = 3;
        else
            return i;
        if (n - i <= k)
            return i;
        uint32_t cp = ch & (0x3Fu >> k);
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

/* ---- what callers use ---------------------------------------------------- */

const char *azi_csv_shown(const char *f, size_t len, char *buf, size_t size)
{
    char tmp[64];
    if (!len)
        snprintf(buf, size, "nothing");
    else
        snprintf(buf, size, "'%s'", azi_text_clean(f, tmp, sizeof tmp));
    return buf;
}

void azi_csv_problem(azi_csv *c, azi_load_loc at, const char *fmt, ...)
{
    char msg[AZ_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    azi_load_report(c->L, at, "%s", msg);
    c->ok = 0;
}

int azi_csv_count(azi_csv *c, azi_load_loc at, const char *f, size_t len,
                  size_t k, uint32_t *out)
{
    char got[80], what[64];
    uint64_t v;
    int r = azi_value_parse_uint(f, UINT32_MAX, &v);
    if (r == 0) {
        *out = (uint32_t)v;
        return 1;
    }
    if (r == 1)
        snprintf(what, sizeof what, "a %s from 0 to %u", c->spec->column[k],
                 (unsigned)UINT32_MAX);
    else
        snprintf(what, sizeof what, "a %s (an integer >= 0)",
                 c->spec->column[k]);
    azi_csv_problem(c, at, "expected %s, got %s", what,
                    azi_csv_shown(f, len, got, sizeof got));
    return 0;
}

azi_load_node azi_csv_name_node(azi_csv *c, azi_load_loc at, const char *f,
                                size_t len)
{
    azi_load_node n = {0};
    n.kind = AZI_LOAD_SCALAR;
    n.loc = at;
    n.text = azi_load_strdup(c->L, f, len); /* NULL when out of memory */
    return n;
}

const char *azi_csv_header(const azi_csv *c)
{
    return c->header_text;
}

azi_load *azi_csv_load(const azi_csv *c)
{
    return c->L;
}

/* ---- rows ---------------------------------------------------------------- */

static void header_field(azi_csv *c, azi_load_loc at, const char *f,
                         size_t len, size_t k)
{
    const azi_csv_spec *sp = c->spec;
    char got[80];
    int named = k < sp->ncol && len == strlen(sp->column[k]) &&
                !memcmp(f, sp->column[k], len);
    if (named && k >= c->ncol)
        c->ncol = k + 1; /* an optional column, in its place */
    else if (!named && k < sp->nreq)
        azi_csv_problem(c, at, "expected '%s' (the header is %s), got %s",
                        sp->column[k], c->header_text,
                        azi_csv_shown(f, len, got, sizeof got));
    else if (!named && k == c->ncol)
        azi_csv_problem(c, at, "unexpected column %zu in the header, got %s; "
                        "the header is %s", k + 1,
                        azi_csv_shown(f, len, got, sizeof got),
                        c->header_text);
}

/* libcsv's field callback; f is NUL-terminated (CSV_APPEND_NULL). */
static void on_field(void *field, size_t len, void *data)
{
    azi_csv *c = data;
    const azi_csv_spec *sp = c->spec;
    const char *f = field ? field : "";
    size_t k = c->nfield++;
    azi_load_loc at = field_loc(c, c->pos);
    char got[80];
    c->fstart = c->pos + 1;
    if (c->L->oom)
        return;
    if (k == 0 && !c->seen_header) {
        c->seen_header = 1;
        c->head = at;
        /* A first line of data: report the header missing once, then
         * check the line as the data it is. */
        c->header = !sp->is_data || !sp->is_data(f);
        if (!c->header)
            azi_csv_problem(c, at, "the first line of %s must be the header "
                            "%s, got a line of data", sp->a_what,
                            c->header_text);
    }
    if (c->header)
        header_field(c, at, f, len, k);
    else if (k < c->ncol)
        sp->field(c, c->ctx, at, f, len, k);
    else if (k == c->ncol)
        azi_csv_problem(c, at, "unexpected column %zu, got %s; a row is %s",
                        k + 1, azi_csv_shown(f, len, got, sizeof got),
                        c->header_text);
    /* later columns: the first extra one was reported */
}

/* libcsv's row callback: the row ended at byte c->pos. */
static void on_row(int ch, void *data)
{
    azi_csv *c = data;
    (void)ch;
    size_t need = c->header ? c->spec->nreq : c->ncol;
    if (!c->L->oom && c->nfield < need) {
        azi_load_loc at = loc_at(c, c->pos);
        if (c->header)
            azi_csv_problem(c, at, "missing column '%s' in the header; the "
                            "header is %s", c->spec->column[c->nfield],
                            c->header_text);
        else
            azi_csv_problem(c, at, "missing column '%s'; a row is %s",
                            c->spec->column[c->nfield], c->header_text);
    }
    if (c->header) { /* the data's columns are the header's */
        size_t n = 0;
        for (size_t k = 0; k < c->ncol; k++)
            n += (size_t)snprintf(c->header_text + n,
                                  sizeof c->header_text - n, "%s%s",
                                  k ? "," : "", c->spec->column[k]);
    } else {
        c->ndata++;
        if (!c->L->oom)
            c->spec->row(c, c->ctx, c->nfield >= c->ncol);
    }
    c->header = 0;
    c->nfield = 0;
    c->fstart = c->pos + 1;
}

/* ---- the file ------------------------------------------------------------ */

/* Excel saves "CSV" with ';' between fields where the decimal separator
 * is a comma (German, French...): a first line with ';' and no ',' is
 * told once, instead of a problem per row. 1 if so. */
static int semicolons(azi_csv *c)
{
    size_t n = 0;
    int semi = 0;
    while (n < c->len && c->text[n] != '\n' && c->text[n] != ',')
        semi |= c->text[n++] == ';';
    if (!semi || (n < c->len && c->text[n] == ','))
        return 0;
    azi_load_report(c->L, c->head, "the fields are separated by ';', as "
                    "Excel saves CSV where the decimal separator is a comma "
                    "(German and other locales); %s separates them by "
                    "',' (%s): save it with commas, or replace each "
                    "';' by ','", c->spec->a_what, c->header_text);
    return 1;
}

/* Feeds text to libcsv; returns 0 if it is no CSV (a problem reported, or
 * memory ran out). */
static int parse(azi_csv *c)
{
    azi_load *L = c->L;
    struct csv_parser p;
    size_t blk = 128, i;
    int ok = 1;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL)) {
        L->oom = 1;
        return 0;
    }
    for (i = 0; i < c->len && !L->oom; i++) {
        /* libcsv grows a field's buffer by the block size: keep that at
         * the buffer's size, so that a long field costs linear time. */
        if (csv_get_buffer_size(&p) > blk)
            csv_set_blk_size(&p, blk = csv_get_buffer_size(&p));
        c->pos = i;
        if (csv_parse(&p, c->text + i, 1, on_field, on_row, c) == 1)
            continue;
        if (csv_error(&p) != CSV_EPARSE)
            L->oom = 1;
        else if (p.quoted) /* after the closing quote of a quoted value */
            azi_load_report(L, loc_at(c, i), "unexpected text after the "
                            "closing quote of a value; inside quotes, write "
                            "a quote as \"\"");
        else
            azi_load_report(L, loc_at(c, i), "a quote inside a value that "
                            "does not start with one; quote the whole value "
                            "and write each quote in it as \"\"");
        ok = 0;
        break;
    }
    if (ok && !L->oom) {
        c->pos = c->len;
        azi_load_loc open = field_loc(c, c->len);
        if (csv_fini(&p, on_field, on_row, c)) {
            azi_load_report(L, open, "a quoted value is not closed: its "
                            "closing quote is missing");
            ok = 0;
        }
    }
    csv_free(&p);
    return ok && !L->oom;
}

/* path as FILE names it: relative to the model's directory. */
static const char *table_path(azi_load *L, const char *file)
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

int azi_csv_read(azi_load *L, const azi_load_node *v, const azi_csv_spec *sp,
                 void *ctx, azi_load_loc *head)
{
    char got[64], q[300], why[128];
    size_t len = 0;
    int too_big = 0, done = 0;
    if (v->kind != AZI_LOAD_SCALAR || azi_yaml_is_null(v) || !*v->text) {
        azi_load_report(L, v->loc, "expected a file name (%s), got %s",
                        sp->desc, azi_yaml_desc(v, got, sizeof got));
        return 0;
    }
    const char *path = table_path(L, v->text);
    if (!path)
        return 0;
    errno = 0;
    char *text = L->reader(L->reader_ctx, path, &len, &too_big);
    if (!text) {
        if (errno == ENOMEM && !too_big) {
            L->oom = 1;
            return 0;
        }
        if (too_big)
            snprintf(why, sizeof why, "it is too large");
        else if (!errno || strerror_r(errno, why, sizeof why))
            snprintf(why, sizeof why, "read error");
        azi_load_report(L, v->loc, "cannot read %s '%s': %s", sp->the_what,
                        azi_text_clean(path, q, sizeof q), why);
        return 0;
    }
    azi_csv c = {.L = L, .spec = sp, .ctx = ctx, .text = text, .len = len,
                 .coff = 0, .cline = 1, .ccol = 1, .ncol = sp->nreq,
                 .ok = 1};
    size_t n = 0;
    for (size_t k = 0; k < sp->nreq; k++)
        n += (size_t)snprintf(c.header_text + n, sizeof c.header_text - n,
                              "%s%s", k ? "," : "", sp->column[k]);
    if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) { /* a BOM (Excel) */
        c.text += 3;
        c.len -= 3;
    }
    if (azi_load_add_file(L, path, &c.src))
        goto cleanup;
    c.head = loc_at(&c, 0);
    size_t bad = bad_text((const unsigned char *)c.text, c.len);
    if (bad < c.len) {
        if (c.text[bad])
            azi_load_report(L, loc_at(&c, bad), "invalid text: not UTF-8 "
                            "(byte 0x%02X)" AZI_LOAD_HINT_LATIN1,
                            (unsigned char)c.text[bad]);
        else
            azi_load_report(L, loc_at(&c, bad), "invalid text: a NUL "
                            "character");
        goto cleanup;
    }
    if (semicolons(&c) || !parse(&c))
        goto cleanup;
    if (!c.seen_header)
        azi_load_report(L, c.head, "%s is empty; expected the header %s and "
                        "%s", sp->the_what, c.header_text, sp->rows);
    else if (!c.ndata)
        azi_load_report(L, loc_at(&c, c.len), "%s has no rows after its "
                        "header", sp->the_what);
    done = c.seen_header && c.ndata;
    if (head)
        *head = c.head;
cleanup:
    free(text);
    return done ? (c.ok ? 1 : -1) : 0;
}
