/*
 * fit_data.c: reads what `azalea fit` fits: a column of durations, and a
 * downtime log turned into each station's up-times (the last one of each
 * machine right-censored) and repair times, every bad value located by
 * file and line (fit.h).
 *
 * The files are parsed by libcsv, fed one byte at a time so that each row
 * is known by the line it starts on (as src/load/csv.c does; that reader
 * is bound to the model loader and to fixed headers, so this one is its
 * small sibling for free-form tables).
 */
#include <csv.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "azalea/fit.h"
#include "util/alloc.h"
#include "util/date.h"
#include "util/text.h"

/* ---- a table with the line of each field ---- */

typedef struct table {
    char **f;     /* fields, row by row */
    int *line;    /* [nf] the line each field starts on */
    size_t *row;  /* [nf] its row */
    size_t nf, cap, nrow;
    int cur_line, start_line, pending;
    int oom;
} table;

static void on_field(void *s, size_t len, void *data)
{
    table *t = data;
    if (t->oom)
        return;
    if (t->nf == t->cap) {
        size_t c = t->cap ? 2 * t->cap : 64;
        char **f = azi_realloc(t->f, c * sizeof *f);
        if (f)
            t->f = f;
        int *l = f ? azi_realloc(t->line, c * sizeof *l) : NULL;
        if (l)
            t->line = l;
        size_t *r = l ? azi_realloc(t->row, c * sizeof *r) : NULL;
        if (!r) {
            t->oom = 1;
            return;
        }
        t->row = r;
        t->cap = c;
    }
    char *copy = azi_malloc(len + 1);
    if (!copy) {
        t->oom = 1;
        return;
    }
    memcpy(copy, s ? s : "", len);
    copy[len] = '\0';
    t->f[t->nf] = copy;
    t->line[t->nf] = t->pending ? t->cur_line : t->start_line;
    t->row[t->nf++] = t->nrow;
    t->pending = 1;
}

static void on_row(int c, void *data)
{
    table *t = data;
    (void)c;
    t->nrow++;
    t->pending = 1;
}

static void table_free(table *t)
{
    for (size_t i = 0; i < t->nf; i++)
        free(t->f[i]);
    free(t->f);
    free(t->line);
    free(t->row);
}

/* Reads path into t. */
static az_status table_read(const char *path, table *t, az_error *err)
{
    memset(t, 0, sizeof *t);
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return az_error_set(err, AZ_EIO, "cannot read '%s': %s", path,
                            strerror(errno));
    struct csv_parser p;
    if (csv_init(&p, CSV_APPEND_NULL)) {
        fclose(fp);
        return az_error_set(err, AZ_ENOMEM, "out of memory");
    }
    t->cur_line = 1;
    t->pending = 1;
    int ch, prev = 0;
    while ((ch = getc(fp)) != EOF && !t->oom) {
        char c = (char)ch;
        /* a field starts at its first byte that is no separator */
        if (t->pending && c != ',' && c != '\n' && c != '\r') {
            t->start_line = t->cur_line;
            t->pending = 0;
        }
        if (csv_parse(&p, &c, 1, on_field, on_row, t) != 1) {
            if (csv_error(&p) != CSV_EPARSE)
                t->oom = 1;
            break;
        }
        if (c == '\n' || (prev == '\r' && c != '\n'))
            t->cur_line++;
        prev = ch;
    }
    int bad = ferror(fp);
    fclose(fp);
    csv_fini(&p, on_field, on_row, t);
    csv_free(&p);
    if (t->oom) {
        table_free(t);
        return az_error_set(err, AZ_ENOMEM, "out of memory");
    }
    if (bad) {
        table_free(t);
        return az_error_set(err, AZ_EIO, "cannot read '%s'", path);
    }
    return AZ_OK;
}

static const char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}

/* A number, the whole text: 1 and *v, else 0. */
static int number(const char *s, double *v)
{
    char *end;
    errno = 0;
    *v = strtod(s, &end);
    return end != s && !*end && !errno && isfinite(*v);
}

static const char *shown(const char *s, char *buf, size_t size)
{
    char tmp[48];
    snprintf(buf, size, "'%s'", azi_text_clean(s, tmp, sizeof tmp));
    return buf;
}

/* ---- a column of durations ---- */

void az_fit_sample_free(az_fit_sample *s)
{
    free(s->x);
    free(s->line);
    memset(s, 0, sizeof *s);
}

az_status az_fit_read_sample(const char *path, const char *column,
                             double scale, az_fit_sample *out, az_error *err)
{
    table t;
    memset(out, 0, sizeof *out);
    az_status rc = table_read(path, &t, err);
    if (rc)
        return rc;
    size_t col = 0, first = 0; /* first: the first data field */
    double v;
    char got[64];
    if (!t.nf) {
        table_free(&t);
        return az_error_set_at(err, AZ_EINVAL, path, 1, 0, "the file is "
                               "empty; expected one duration a line, or a "
                               "CSV table with a header");
    }
    int header = column || !number(trim(t.f[0]), &v);
    if (header) {
        size_t ncol = 0;
        while (ncol < t.nf && t.row[ncol] == 0)
            ncol++;
        first = ncol;
        col = ncol;
        for (size_t k = 0; k < ncol && column; k++)
            if (!strcmp(trim(t.f[k]), column))
                col = k;
        if (!column)
            col = 0;
        if (col == ncol) {
            char hdr[160] = "";
            for (size_t k = 0, n = 0; k < ncol && n < sizeof hdr; k++)
                n += (size_t)snprintf(hdr + n, sizeof hdr - n, "%s%s",
                                      k ? "," : "", t.f[k]);
            rc = az_error_set_at(err, AZ_EINVAL, path, t.line[0], 0,
                                 "no column '%s' in the header (%s)", column,
                                 hdr);
            goto done;
        }
        snprintf(out->column, sizeof out->column, "%s", trim(t.f[col]));
    }
    size_t nrow = t.nrow - (header ? 1 : 0), cap = nrow ? nrow : 1;
    out->x = azi_malloc(cap * sizeof *out->x);
    out->line = azi_malloc(cap * sizeof *out->line);
    if (!out->x || !out->line) {
        rc = az_error_set(err, AZ_ENOMEM, "out of memory");
        goto done;
    }
    /* each data row: its field col */
    size_t i = first;
    for (size_t r = header ? 1 : 0; r < t.nrow; r++) {
        while (i < t.nf && t.row[i] < r)
            i++;
        size_t k = 0;
        while (i + k < t.nf && t.row[i + k] == r && k < col)
            k++;
        if (i + k >= t.nf || t.row[i + k] != r) {
            rc = az_error_set_at(err, AZ_EINVAL, path,
                                 i < t.nf ? t.line[i] : t.cur_line, 0,
                                 "no value in column %zu ('%s')", col + 1,
                                 out->column);
            goto done;
        }
        const char *s = trim(t.f[i + k]);
        int line = t.line[i + k];
        if (!number(s, &v)) {
            rc = az_error_set_at(err, AZ_EINVAL, path, line, 0,
                                 "expected a number (a duration), got %s",
                                 shown(s, got, sizeof got));
            goto done;
        }
        if (v < 0) {
            rc = az_error_set_at(err, AZ_EINVAL, path, line, 0,
                                 "a negative duration, %s: durations are "
                                 ">= 0", s);
            goto done;
        }
        out->x[out->n] = v * scale;
        out->line[out->n++] = line;
    }
    if (out->n < AZ_FIT_MIN_N) {
        rc = az_error_set_at(err, AZ_EINVAL, path,
                             out->n ? out->line[out->n - 1] : t.line[0], 0,
                             "only %zu values; at least %d are needed to "
                             "fit a distribution", out->n, AZ_FIT_MIN_N);
        goto done;
    }
    size_t j = 1;
    while (j < out->n && out->x[j] == out->x[0])
        j++;
    if (j == out->n)
        rc = az_error_set_at(err, AZ_EINVAL, path, out->line[0], 0,
                             "all %zu values are %g (lines %d to %d): that "
                             "is a constant, not a distribution; write it "
                             "as one, such as '%g s'", out->n,
                             out->x[0] / scale, out->line[0],
                             out->line[out->n - 1], out->x[0] / scale);
done:
    table_free(&t);
    if (rc)
        az_fit_sample_free(out);
    return rc;
}

/* ---- a downtime log ---- */

typedef struct dt_row {
    size_t st;       /* station index in the log's list */
    uint32_t index;  /* machine: 1-based, 0 when the name has none */
    double start, end;
    int failure, line;
} dt_row;

typedef struct dt_ctx {
    const char *path;
    az_problem_fn on_problem;
    void *ctx;
    int problems;
} dt_ctx;

static void problem(dt_ctx *c, int line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
static void problem(dt_ctx *c, int line, const char *fmt, ...)
{
    az_error e;
    char msg[AZ_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    az_error_set_at(&e, AZ_EINVAL, c->path, line, 0, "%s", msg);
    c->problems++;
    if (c->on_problem)
        c->on_problem(c->ctx, &e);
}

/* A time: a date-time (*dated 1) or seconds (*dated 0). */
static int parse_time(const char *s, double *v, int *dated)
{
    int64_t t;
    if (azi_date_parse(s, &t)) {
        *v = (double)t;
        *dated = 1;
        return 1;
    }
    *dated = 0;
    return number(s, v);
}

void az_fit_downtime_free(az_fit_downtime *d)
{
    for (size_t i = 0; i < d->nst; i++) {
        free(d->st[i].name);
        free(d->st[i].up);
        free(d->st[i].up_censored);
        free(d->st[i].repair);
    }
    free(d->st);
    memset(d, 0, sizeof *d);
}

static int cmp_row(const void *a, const void *b)
{
    const dt_row *x = a, *y = b;
    if (x->st != y->st)
        return x->st < y->st ? -1 : 1;
    if (x->index != y->index)
        return x->index < y->index ? -1 : 1;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return x->line - y->line;
}

/* The station named name[0..len), added if new; SIZE_MAX when out of
 * memory. */
static size_t station_of(az_fit_downtime *d, const char *name, size_t len,
                         size_t *cap, int line)
{
    for (size_t i = 0; i < d->nst; i++)
        if (strlen(d->st[i].name) == len && !memcmp(d->st[i].name, name, len))
            return i;
    if (d->nst == *cap) {
        size_t c = *cap ? 2 * *cap : 8;
        az_fit_station_log *s = azi_realloc(d->st, c * sizeof *s);
        if (!s)
            return SIZE_MAX;
        d->st = s;
        *cap = c;
    }
    az_fit_station_log *s = &d->st[d->nst];
    memset(s, 0, sizeof *s);
    if (!(s->name = azi_malloc(len + 1)))
        return SIZE_MAX;
    memcpy(s->name, name, len);
    s->name[len] = '\0';
    s->first_line = line;
    return d->nst++;
}

/* Checks the machine names against the model: every problem reported. */
static void check_names(dt_ctx *c, const az_fit_downtime *d,
                        const dt_row *rows, size_t n, const az_model *m)
{
    size_t ns = az_model_station_count(m);
    for (size_t i = 0; i < d->nst; i++) {
        size_t k = 0;
        while (k < ns && strcmp(az_model_station_name(m, k), d->st[i].name))
            k++;
        for (size_t r = 0; r < n; r++) {
            if (rows[r].st != i)
                continue;
            if (k == ns) {
                problem(c, rows[r].line, "no station '%s' in the model",
                        d->st[i].name);
                continue;
            }
            uint32_t mach = az_model_station_machines(m, k);
            if (rows[r].index > mach)
                problem(c, rows[r].line, "station '%s' has %u machine%s, "
                        "not %u", d->st[i].name, (unsigned)mach,
                        mach == 1 ? "" : "s", (unsigned)rows[r].index);
            else if (!rows[r].index && mach > 1)
                problem(c, rows[r].line, "station '%s' has %u machines: "
                        "name one, as '%s/1' to '%s/%u'", d->st[i].name,
                        (unsigned)mach, d->st[i].name, d->st[i].name,
                        (unsigned)mach);
        }
    }
}

static int push(double **a, unsigned char **c, size_t *n, double v,
                int censored)
{
    double *x = azi_realloc(*a, (*n + 1) * sizeof *x);
    if (!x)
        return 0;
    *a = x;
    if (c) {
        unsigned char *f = azi_realloc(*c, *n + 1);
        if (!f)
            return 0;
        *c = f;
        f[*n] = (unsigned char)censored;
    }
    x[(*n)++] = v;
    return 1;
}

/* From the rows, sorted by machine and start: overlaps, then each
 * station's up-times (from a failure's end to the next failure's start,
 * calendar time; the last from the last failure's end to the log's end,
 * censored) and repairs. 0 when out of memory. */
static int gather(dt_ctx *c, az_fit_downtime *d, const dt_row *rows,
                  size_t n)
{
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && rows[j].st == rows[i].st &&
               rows[j].index == rows[i].index)
            j++;
        az_fit_station_log *s = &d->st[rows[i].st];
        s->machines++;
        double last_end = NAN, prev_end = -INFINITY;
        int prev_line = 0;
        for (size_t k = i; k < j; k++) {
            const dt_row *r = &rows[k];
            if (r->start < prev_end)
                problem(c, r->line, "this downtime of machine '%s%s%.0u' "
                        "starts before the one on line %d ends: downtimes "
                        "of one machine cannot overlap", s->name,
                        r->index ? "/" : "", r->index, prev_line);
            if (r->end > prev_end) {
                prev_end = r->end;
                prev_line = r->line;
            }
            if (!r->failure) {
                s->other++;
                continue;
            }
            size_t nrep = s->failures++;
            if (!push(&s->repair, NULL, &nrep, r->end - r->start, 0))
                return 0;
            if (!isnan(last_end) &&
                !push(&s->up, &s->up_censored, &s->nup, r->start - last_end,
                      0))
                return 0;
            last_end = r->end;
        }
        if (!isnan(last_end) && d->end > last_end &&
            !push(&s->up, &s->up_censored, &s->nup, d->end - last_end, 1))
            return 0;
        i = j;
    }
    return 1;
}

az_status az_fit_read_downtime(const char *path, const az_model *m,
                               const char *end_text, az_problem_fn on_problem,
                               void *ctx, az_fit_downtime *out,
                               az_error *err)
{
    static const char *const cols[] = {"machine", "start", "end", "kind"};
    table t;
    dt_ctx c = {path, on_problem, ctx, 0};
    memset(out, 0, sizeof *out);
    az_status rc = table_read(path, &t, err);
    if (rc)
        return rc;
    size_t ncol = 0, cap = 0;
    while (ncol < t.nf && t.row[ncol] == 0)
        ncol++;
    int header_ok = ncol == 3 || ncol == 4;
    for (size_t k = 0; k < ncol && k < 4; k++)
        header_ok &= !strcmp(trim(t.f[k]), cols[k]);
    if (!header_ok) {
        table_free(&t);
        return az_error_set_at(err, AZ_EINVAL, path, 1, 0, "expected the "
                               "header machine,start,end or "
                               "machine,start,end,kind");
    }
    int64_t anchor = 0;
    int anchored = m && az_model_start(m, &anchor);
    dt_row *rows = azi_calloc(t.nrow ? t.nrow : 1, sizeof *rows);
    if (!rows) {
        table_free(&t);
        return az_error_set(err, AZ_ENOMEM, "out of memory");
    }
    size_t n = 0;
    int seen_dated = 0, seen_plain = 0, mixed_line = 0;
    double latest = -INFINITY;
    char got[64];
    for (size_t i = ncol; i < t.nf;) {
        size_t r = t.row[i], k = 0;
        while (i + k < t.nf && t.row[i + k] == r)
            k++;
        int line = t.line[i];
        if (k < 3 || k > ncol) {
            problem(&c, line, "expected %zu fields (%s), got %zu", ncol,
                    ncol == 3 ? "machine,start,end" : "machine,start,end,kind",
                    k);
            i += k;
            continue;
        }
        const char *name = trim(t.f[i]);
        const char *slash = strchr(name, '/');
        size_t len = slash ? (size_t)(slash - name) : strlen(name);
        dt_row *row = &rows[n];
        row->line = line;
        row->failure = 1;
        int ok = 1;
        if (!len) {
            problem(&c, line, "no machine name");
            ok = 0;
        }
        if (slash) {
            double idx;
            if (!number(slash + 1, &idx) || idx < 1 || idx > 1e6 ||
                idx != floor(idx)) {
                problem(&c, line, "expected a machine as 'station' or "
                        "'station/index' (index from 1), got %s",
                        shown(name, got, sizeof got));
                ok = 0;
            } else
                row->index = (uint32_t)idx;
        }
        double tv[2];
        for (int e = 0; e < 2; e++) {
            int dated;
            const char *s = trim(t.f[i + 1 + (size_t)e]);
            if (!parse_time(s, &tv[e], &dated)) {
                problem(&c, t.line[i + 1 + (size_t)e], "expected the %s as "
                        "a date-time (2026-12-07 06:00) or seconds, got %s",
                        e ? "end" : "start", shown(s, got, sizeof got));
                ok = 0;
                continue;
            }
            seen_dated |= dated;
            seen_plain |= !dated;
            if (dated && anchored)
                tv[e] -= (double)anchor;
            if (seen_dated && seen_plain && !anchored && !mixed_line)
                mixed_line = line;
        }
        if (ok && tv[1] < tv[0]) {
            problem(&c, line, "the end, %s, is before the start, %s",
                    trim(t.f[i + 2]), trim(t.f[i + 1]));
            ok = 0;
        }
        if (k == 4) {
            const char *kind = trim(t.f[i + 3]);
            row->failure = !*kind || !strcmp(kind, "failure");
        }
        if (ok) {
            row->start = tv[0];
            row->end = tv[1];
            row->st = station_of(out, name, len, &cap, line);
            if (row->st == SIZE_MAX) {
                rc = az_error_set(err, AZ_ENOMEM, "out of memory");
                goto done;
            }
            latest = fmax(latest, tv[1]);
            n++;
        }
        i += k;
    }
    out->rows = n;
    if (mixed_line)
        problem(&c, mixed_line, "date-times and plain seconds in one log: "
                "seconds count from the run's start, which only a model "
                "with run.start gives (--model)");
    if (!n && !c.problems)
        problem(&c, t.nrow ? t.line[0] : 1, "the log has no downtimes "
                "after its header");
    if (c.problems)
        goto done;
    out->end = latest;
    if (end_text) {
        int dated;
        double e;
        az_error de;
        if (parse_time(end_text, &e, &dated)) {
            if (dated && anchored)
                e -= (double)anchor;
            if (dated != seen_dated && !anchored) {
                rc = az_error_set(err, AZ_EINVAL, "--end: give it as the "
                                  "log gives its times (%s)", seen_dated
                                  ? "a date-time" : "seconds");
                goto done;
            }
        } else if (az_parse_duration(end_text, &e, &de) || seen_dated) {
            rc = az_error_set(err, AZ_EINVAL, "--end: expected a date-time "
                              "(2026-12-07 06:00) or seconds, got '%s'",
                              end_text);
            goto done;
        }
        if (e < latest) {
            rc = az_error_set(err, AZ_EINVAL, "--end: %s is before the "
                              "log's last end", end_text);
            goto done;
        }
        out->end = e;
        out->end_given = 1;
    }
    if (m)
        check_names(&c, out, rows, n, m);
    qsort(rows, n, sizeof *rows, cmp_row);
    if (!gather(&c, out, rows, n))
        rc = az_error_set(err, AZ_ENOMEM, "out of memory");
done:
    if (!rc && c.problems)
        rc = az_error_set(err, AZ_EINVAL, "%d problem%s in %s", c.problems,
                          c.problems == 1 ? "" : "s", path);
    free(rows);
    table_free(&t);
    if (rc)
        az_fit_downtime_free(out);
    return rc;
}
