/*
 * value.c: the values of a model file: names, integers, numbers,
 * durations and distributions, each a reader for the table-driven mapping
 * reader (azi_fields_read).
 *
 * Numbers are decimal only (sign, digits, fraction, exponent): no hex, no
 * inf or nan, whatever strtod would accept. Durations are converted to
 * seconds by az_parse_duration and then to the model's time unit
 * (L->unit_s), so every time a reader stores is in model time units. A
 * distribution of counts (cycles: azi_value_count_dist) is read by the
 * same tables with plain numbers where times would be (L->counting).
 *
 * Prefix azi_value_ (and the public az_parse_duration). Above fields.c,
 * whose azi_fields_read reads a distribution's parameters through this
 * file's tables: fields.c calls these readers only through the pointers
 * a caller gives it, so there is no cycle between the two files.
 */
#include "load/value.h"
#include "util/suggest.h"
#include "util/alloc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DURATION_EXPECTED                                                     \
    "expected a duration with a unit (ms, s, min, h, d, week, year), like "  \
    "'30 s'"
#define DIST_EXPECTED                                                         \
    "a distribution (a duration like '30 s', or a mapping like "             \
    "{exponential: {mean: 30 s}})"

/* ---- numbers ------------------------------------------------------------- */

static int is_digit(char c) { return c >= '0' && c <= '9'; }
static int is_space(char c) { return c == ' ' || c == '\t'; }

/* Length of the decimal number at the start of s, or 0. */
static size_t number_len(const char *s)
{
    size_t i = 0, digits = 0;
    if (s[i] == '+' || s[i] == '-')
        i++;
    for (; is_digit(s[i]); i++)
        digits++;
    if (s[i] == '.')
        for (i++; is_digit(s[i]); i++)
            digits++;
    if (!digits)
        return 0;
    if (s[i] == 'e' || s[i] == 'E') {
        size_t j = i + 1;
        if (s[j] == '+' || s[j] == '-')
            j++;
        if (is_digit(s[j])) {
            while (is_digit(s[j]))
                j++;
            i = j;
        }
    }
    return i;
}

/* Parses s[0..len), already known to be a number; may give +-inf, and
 * NaN if memory runs out. The copy stops strtod from reading on (0x1p3). */
static double number_value(const char *s, size_t len)
{
    char small[64], *buf = len < sizeof small ? small : azi_malloc(len + 1);
    if (!buf)
        return NAN;
    memcpy(buf, s, len);
    buf[len] = '\0';
    double v = strtod(buf, NULL);
    if (buf != small)
        free(buf);
    return v;
}

/* A whole scalar that is a finite number, surrounding blanks allowed. */
static int parse_number(const char *s, double *out)
{
    while (is_space(*s))
        s++;
    size_t len = number_len(s);
    if (!len)
        return 0;
    const char *e = s + len;
    while (is_space(*e))
        e++;
    if (*e)
        return 0;
    double v = number_value(s, len);
    if (!isfinite(v))
        return 0;
    *out = v == 0 ? 0 : v; /* no -0 */
    return 1;
}

/* 0: ok; -1: not a whole number >= 0; 1: larger than max. */
static int parse_uint(const char *s, uint64_t max, uint64_t *out)
{
    uint64_t v = 0;
    int big = 0;
    if (*s == '+')
        s++;
    if (!is_digit(*s))
        return -1;
    for (; is_digit(*s); s++) {
        unsigned d = (unsigned)(*s - '0');
        if (v > (UINT64_MAX - d) / 10)
            big = 1;
        else
            v = v * 10 + d;
    }
    if (*s)
        return -1;
    if (big || v > max)
        return 1;
    *out = v;
    return 0;
}

int azi_value_parse_uint(const char *s, uint64_t max, uint64_t *out)
{
    char small[32];
    while (is_space(*s))
        s++;
    size_t n = strlen(s);
    while (n && is_space(s[n - 1]))
        n--;
    if (n == strlen(s))
        return parse_uint(s, max, out);
    /* A number is short; anything longer is no number or too large. */
    if (n >= sizeof small) {
        size_t i = *s == '+';
        while (i < n && is_digit(s[i]))
            i++;
        return i == n && n > (*s == '+') ? 1 : -1;
    }
    memcpy(small, s, n);
    small[n] = '\0';
    return parse_uint(small, max, out);
}

/* ---- durations ----------------------------------------------------------- */

az_status az_parse_duration(const char *text, double *seconds, az_error *err)
{
    char shown[80], unit[40];
    const char *s = text ? text : "";
    azi_text_clean(s, shown, sizeof shown);
    while (is_space(*s))
        s++;
    size_t len = number_len(s);
    const char *u = s + len, *ue;
    while (is_space(*u))
        u++;
    for (ue = u + strlen(u); ue > u && is_space(ue[-1]); ue--)
        ;
    if (!len || ue == u)
        return az_error_set(err, AZ_EINVAL, DURATION_EXPECTED ", got '%s'",
                            shown);
    double us = azi_type_unit_seconds(u, (size_t)(ue - u));
    char hint[128];
    if (us == 0 && *azi_fields_comma_hint(s, hint, sizeof hint))
        return az_error_set(err, AZ_EINVAL, "expected a duration, got "
                            "'%s'%s", shown, hint);
    if (us == 0) {
        size_t ul = (size_t)(ue - u) < sizeof unit ? (size_t)(ue - u)
                                                   : sizeof unit - 1;
        char raw[40], cleaned[48];
        memcpy(raw, u, ul);
        raw[ul] = '\0';
        azi_text_clean(raw, cleaned, sizeof cleaned);
        const char *meant = azi_type_unit_meant(u, (size_t)(ue - u));
        if (meant && len < 40)
            return az_error_set(err, AZ_EINVAL,
                                "unknown unit '%s' in '%s'; write '%.*s %s' "
                                "(units: ms, s, min, h, d, week, year)",
                                cleaned, shown, (int)len, s, meant);
        return az_error_set(err, AZ_EINVAL,
                            "unknown unit '%s' in '%s'; expected ms, s, min, "
                            "h, d, week or year",
                            cleaned, shown);
    }
    double v = number_value(s, len);
    if (s[0] == '-' && v != 0)
        return az_error_set(err, AZ_EINVAL,
                            "a duration must not be negative, got '%s'", shown);
    v *= us;
    if (!isfinite(v))
        return az_error_set(err, AZ_EINVAL,
                            "expected a finite duration, got '%s'", shown);
    if (seconds)
        *seconds = v == 0 ? 0 : v;
    return AZ_OK;
}

/* ---- readers ------------------------------------------------------------- */

static int is_scalar(const azi_load_node *v)
{
    return v->kind == AZI_LOAD_SCALAR && !azi_yaml_is_null(v);
}

static int expected(azi_load *L, const azi_load_node *v, const char *what)
{
    char got[64], hint[128] = "";
    if (v->kind == AZI_LOAD_SCALAR)
        azi_fields_comma_hint(v->text, hint, sizeof hint);
    azi_load_report(L, v->loc, "expected %s, got %s%s", what,
                    azi_yaml_desc(v, got, sizeof got), hint);
    return 0;
}

int azi_value_name(azi_load *L, const azi_load_node *v, void *slot)
{
    if (!is_scalar(v) || !*v->text)
        return expected(L, v, "a name");
    *(const char **)slot = v->text;
    return 1;
}

int azi_value_text(azi_load *L, const azi_load_node *v, void *slot)
{
    if (v->kind != AZI_LOAD_SCALAR)
        return expected(L, v, "text");
    *(const char **)slot = v->text;
    return 1;
}

int azi_value_node(azi_load *L, const azi_load_node *v, void *slot)
{
    (void)L;
    *(const azi_load_node **)slot = v;
    return 1;
}

int azi_value_time_unit(azi_load *L, const azi_load_node *v, void *slot)
{
    const char *const *ok = azi_type_time_unit.names;
    for (size_t i = 0; v->kind == AZI_LOAD_SCALAR &&
                       i < azi_type_time_unit.nnames; i++)
        if (!strcmp(v->text, ok[i])) {
            L->unit = ok[i];
            L->unit_s = azi_type_unit_seconds(ok[i], strlen(ok[i]));
            *(const char **)slot = ok[i];
            return 1;
        }
    return expected(L, v, "a time unit (s, min or h)");
}

static int read_uint(azi_load *L, const azi_load_node *v, uint64_t min,
                     uint64_t max, uint64_t *out)
{
    char what[80], shown[64];
    int r = is_scalar(v) ? parse_uint(v->text, max, out) : -1;
    if (r == 0 && *out >= min)
        return 1;
    if (r == 1) {
        azi_load_report(L, v->loc,
                        "expected an integer from %llu to %llu, got '%s'",
                        (unsigned long long)min, (unsigned long long)max,
                        azi_text_clean(v->text, shown, sizeof shown));
        return 0;
    }
    snprintf(what, sizeof what, "an integer >= %llu", (unsigned long long)min);
    return expected(L, v, what);
}

/* read_uint into a uint32_t at slot; on failure (reported) slot is as it
 * was. */
static int read_u32(azi_load *L, const azi_load_node *v, uint32_t min,
                    uint32_t max, void *slot)
{
    uint64_t x;
    if (!read_uint(L, v, min, max, &x))
        return 0;
    *(uint32_t *)slot = (uint32_t)x;
    return 1;
}

int azi_value_u32_min1(azi_load *L, const azi_load_node *v, void *slot)
{
    return read_u32(L, v, (uint32_t)azi_type_u32_min1.min,
                    (uint32_t)azi_type_u32_min1.max, slot);
}

int azi_value_u32_min0(azi_load *L, const azi_load_node *v, void *slot)
{
    return read_u32(L, v, (uint32_t)azi_type_u32_min0.min,
                    (uint32_t)azi_type_u32_min0.max, slot);
}

int azi_value_capacity(azi_load *L, const azi_load_node *v, void *slot)
{
    char shown[64];
    uint64_t x;
    if (v->kind == AZI_LOAD_SCALAR &&
        !strcmp(v->text, azi_type_unlimited.names[0])) {
        *(uint32_t *)slot = AZ_UNLIMITED;
        return 1;
    }
    int r = is_scalar(v) ? parse_uint(v->text, (uint64_t)azi_type_u32_min0.max,
                                      &x)
                         : -1;
    if (r == 0) {
        *(uint32_t *)slot = (uint32_t)x;
        return 1;
    }
    if (r == 1) {
        azi_load_report(L, v->loc, "expected an integer from 0 to %u or "
                        "'unlimited', got '%s'", (unsigned)(UINT32_MAX - 1),
                        azi_text_clean(v->text, shown, sizeof shown));
        return 0;
    }
    char got[64], sug[256];
    azi_suggest sg;
    azi_suggest_init(&sg, v->kind == AZI_LOAD_SCALAR ? v->text : "");
    azi_suggest_add(&sg, "unlimited");
    azi_load_report(L, v->loc, "expected an integer >= 0 or 'unlimited', got "
                    "%s%s", azi_yaml_desc(v, got, sizeof got),
                    azi_suggest_text(&sg, sug, sizeof sug));
    return 0;
}

int azi_value_u64(azi_load *L, const azi_load_node *v, void *slot)
{
    return read_uint(L, v, 0, UINT64_MAX, slot);
}

int azi_value_number(azi_load *L, const azi_load_node *v, void *slot)
{
    if (!is_scalar(v) || !parse_number(v->text, slot))
        return expected(L, v, "a number");
    return 1;
}

/* A number x in the range of type t stored at slot (min and max are
 * excluded as its flags say). Else reports "expected <what>" and returns
 * 0, leaving slot as it was. */
static int number_in(azi_load *L, const azi_load_node *v, void *slot,
                     const azi_load_type *t, const char *what)
{
    double x, lo = t->min, hi = t->max;
    if (!is_scalar(v) || !parse_number(v->text, &x) ||
        (t->flags & AZI_T_OPEN_MIN ? x <= lo : x < lo) ||
        (t->flags & AZI_T_OPEN_MAX ? x >= hi : x > hi))
        return expected(L, v, what);
    *(double *)slot = x;
    return 1;
}

int azi_value_share(azi_load *L, const azi_load_node *v, void *slot)
{
    return number_in(L, v, slot, &azi_type_share, "a number in [0, 1]");
}

int azi_value_level(azi_load *L, const azi_load_node *v, void *slot)
{
    return number_in(L, v, slot, &azi_type_level, "a number in (0, 1)");
}

int azi_value_fraction(azi_load *L, const azi_load_node *v, void *slot)
{
    return number_in(L, v, slot, &azi_type_fraction, "a number in (0, 1]");
}

int azi_value_positive(azi_load *L, const azi_load_node *v, void *slot)
{
    return number_in(L, v, slot, &azi_type_positive, "a number > 0");
}

/* YAML 1.1 also reads yes/no/on/off as booleans; a model does not, so that
 * `family_pure: no` cannot mean one thing here and another elsewhere. */
int azi_value_bool(azi_load *L, const azi_load_node *v, void *slot)
{
    static const char *const t[] = {"true", "True", "TRUE"};
    static const char *const f[] = {"false", "False", "FALSE"};
    for (size_t i = 0; is_scalar(v) && i < 3; i++) {
        if (!strcmp(v->text, t[i]) || !strcmp(v->text, f[i])) {
            *(int *)slot = !strcmp(v->text, t[i]);
            return 1;
        }
    }
    return expected(L, v, "true or false");
}

/* Finds v's text among n names, name i being the const char * at
 * (char *)names + i * stride: stride is sizeof *names for an array of
 * names, a row's size for a table of rows that each hold a name. 1 with
 * *out its index; else reports "unknown <what> '<text>'" at v, with a
 * suggestion or the list of names, and returns 0. */
static int find_name(azi_load *L, const azi_load_node *v, const char *what,
                     const char *const *names, size_t stride, size_t n,
                     size_t *out)
{
    char shown[64], extra[256];
    azi_suggest s;
#define NAME(i) (*(const char *const *)((const char *)names + (i) * stride))
    azi_suggest_init(&s, v->text);
    for (size_t i = 0; i < n; i++) {
        if (!strcmp(v->text, NAME(i))) {
            *out = i;
            return 1;
        }
        azi_suggest_add(&s, NAME(i));
    }
    azi_suggest_text(&s, extra, sizeof extra);
    if (!*extra) {
        size_t o = (size_t)snprintf(extra, sizeof extra, "; expected one of: ");
        for (size_t i = 0; i < n && o < sizeof extra; i++)
            o += (size_t)snprintf(extra + o, sizeof extra - o, "%s%s",
                                  i ? ", " : "", NAME(i));
    }
#undef NAME
    azi_load_report(L, v->loc, "unknown %s '%s'%s", what,
                    azi_text_clean(v->text, shown, sizeof shown), extra);
    return 0;
}

int azi_value_choice(azi_load *L, const azi_load_node *v, const char *what,
                     const char *const *names, size_t n, int *out)
{
    char a[64];
    size_t i;
    if (!is_scalar(v)) {
        snprintf(a, sizeof a, "a %s", what);
        return expected(L, v, a);
    }
    if (!find_name(L, v, what, names, sizeof *names, n, &i))
        return 0;
    *out = (int)i;
    return 1;
}

/* A count where L->counting says one is read: a number >= 0, and a
 * duration refused with what to write instead. */
static int count_of(azi_load *L, const azi_load_node *v, double *out)
{
    char shown[64];
    if (is_scalar(v) && parse_number(v->text, out)) {
        if (*out >= 0)
            return 1;
        return expected(L, v, "a count >= 0");
    }
    if (is_scalar(v) && az_parse_duration(v->text, NULL, NULL) == AZ_OK) {
        azi_load_report(L, v->loc, "'%s' counts cycles here: write a number, "
                        "not '%s'", L->counting,
                        azi_text_clean(v->text, shown, sizeof shown));
        return 0;
    }
    return expected(L, v, "a number of cycles");
}

/* A duration in model time units (a count while L->counting). */
static int duration(azi_load *L, const azi_load_node *v, double *out)
{
    az_error e;
    double s;
    if (L->counting)
        return count_of(L, v, out);
    if (!is_scalar(v))
        return expected(L, v, DURATION_EXPECTED);
    if (az_parse_duration(v->text, &s, &e)) {
        azi_load_report(L, v->loc, "%s", e.msg);
        return 0;
    }
    *out = s / L->unit_s;
    return 1;
}

int azi_value_duration(azi_load *L, const azi_load_node *v, void *slot)
{
    return duration(L, v, slot);
}

int azi_value_duration_pos(azi_load *L, const azi_load_node *v,
                           void *slot)
{
    double x;
    if (!duration(L, v, &x))
        return 0;
    if (x == 0)
        return expected(L, v, "a duration > 0");
    *(double *)slot = x;
    return 1;
}

/* ---- distributions ------------------------------------------------------- */

typedef struct dist_params {
    double mean, cv, min, mode, max, value, scale, shape;
    uint32_t k;
    double unit; /* seconds per unit of plain `values`, 0 if not given */
    const azi_load_node *values, *probs, *cum;
} dist_params;

static int read_unit(azi_load *L, const azi_load_node *v, void *slot)
{
    double s = is_scalar(v) ? azi_type_unit_seconds(v->text, strlen(v->text))
                            : 0;
    if (s == 0)
        return expected(L, v, "a time unit (ms, s, min, h, d, week or year)");
    *(double *)slot = s;
    return 1;
}

#define P(name) offsetof(dist_params, name)
#define DUR(key, name, doc) AZI_FIELD(key, duration, P(name), 1, NULL, doc)
#define NUMF(key, name, doc) AZI_FIELD(key, number, P(name), 1, NULL, doc)

/* `values`: durations, or plain numbers with `unit` (read_list). */
static const azi_load_type T_NUMBERS = {.kind = AZI_T_LIST,
                                        .item = &azi_type_number};
static const azi_load_type T_DURATIONS = {.kind = AZI_T_LIST,
                                          .item = &azi_type_duration};
static const azi_load_type *const VALUES[] = {&T_DURATIONS, &T_NUMBERS};
static const azi_load_type T_VALUES = {.kind = AZI_T_ONE_OF, .alt = VALUES,
                                       .nalt = 2};
static const azi_load_field F_VALUE[] = {DUR("value", value, "the value")};
static const azi_load_field F_MINMAX[] = {DUR("min", min, "the least"),
                                          DUR("max", max, "the most")};
static const azi_load_field F_TRI[] = {DUR("min", min, "the least"),
                                       DUR("mode", mode, "the most likely"),
                                       DUR("max", max, "the most")};
static const azi_load_field F_MEAN[] = {DUR("mean", mean, "the mean")};
static const azi_load_field F_MEANCV[] = {
    DUR("mean", mean, "the mean"),
    NUMF("cv", cv, "coefficient of variation: standard deviation / mean")};
static const azi_load_field F_ERLANG[] = {
    AZI_FIELD("k", u32_min1, P(k), 1, NULL, "the number of phases"),
    DUR("mean", mean, "the total mean")};
static const azi_load_field F_WEIBULL[] = {
    NUMF("shape", shape, "the shape, a number"),
    DUR("scale", scale, "the scale, a duration")};
static const azi_load_field F_DISCRETE[] = {
    AZI_NODE("values", P(values), 1, &T_VALUES, NULL, "the values: "
             "durations, or plain numbers with `unit`"),
    AZI_NODE("probs", P(probs), 1, &T_NUMBERS, NULL, "the probability of "
             "each value; they sum to 1"),
    {"unit", read_unit, P(unit), 0, &azi_type_dist_unit, NULL,
     "the unit of plain numbers in `values`"}};
static const azi_load_field F_EMPIRICAL[] = {
    AZI_NODE("values", P(values), 1, &T_VALUES, NULL, "the values: "
             "durations, or plain numbers with `unit`"),
    AZI_NODE("cum", P(cum), 1, &T_NUMBERS, NULL, "the cumulative "
             "probability at each value, rising from 0 to 1"),
    {"unit", read_unit, P(unit), 0, &azi_type_dist_unit, NULL,
     "the unit of plain numbers in `values`"}};

/* Each builder returns 1, or 0 after reporting at n (the distribution). */
typedef int (*build_fn)(azi_load *L, const azi_load_node *n,
                        const dist_params *p, az_dist *d);

static int dist_rc(azi_load *L, const azi_load_node *n, az_status rc,
                   const az_error *e)
{
    if (rc == AZ_ENOMEM)
        L->oom = 1;
    else if (rc)
        azi_load_report(L, n->loc, "%s", e->msg);
    return rc == AZ_OK;
}

/* Defines b_<kind>, the builder of az_dist_<kind> from the parameters
 * given after the kind (expressions of p); it reports the library's
 * refusal at n through dist_rc. A macro: the builders differ only in the
 * constructor called and its arguments, which a function cannot take. */
#define BUILDER(kind, ...)                                                  \
    static int b_##kind(azi_load *L, const azi_load_node *n,                 \
                        const dist_params *p, az_dist *d)                    \
    {                                                                        \
        az_error e;                                                          \
        return dist_rc(L, n, az_dist_##kind(d, __VA_ARGS__, &e), &e);        \
    }
BUILDER(constant, p->value)
BUILDER(uniform, p->min, p->max)
BUILDER(triangular, p->min, p->mode, p->max)
BUILDER(exponential, p->mean)
BUILDER(normal, p->mean, p->cv)
BUILDER(lognormal, p->mean, p->cv)
BUILDER(gamma, p->mean, p->cv)
BUILDER(erlang, p->k, p->mean)
BUILDER(weibull, p->shape, p->scale)
BUILDER(pert, p->min, p->mode, p->max)
#undef BUILDER

/* The list `list` as numbers (times in model units when `times`, plain
 * numbers times `unit` seconds when unit > 0). NULL after reporting. */
static double *read_list(azi_load *L, const azi_load_node *list, int times,
                         double unit)
{
    int ok = 1;
    if (list->kind != AZI_LOAD_LIST) {
        expected(L, list, times && !unit ? "a list of durations"
                                         : "a list of numbers");
        return NULL;
    }
    double *x = azi_load_alloc(L, (list->n ? list->n : 1) * sizeof *x);
    if (!x)
        return NULL;
    for (size_t i = 0; i < list->n; i++) {
        const azi_load_node *v = list->item[i];
        if (times && unit && L->counting) {
            azi_load_report(L, list->loc, "'%s' counts cycles here: the "
                            "values take no 'unit'", L->counting);
            return NULL;
        }
        if (times && !unit)
            ok &= duration(L, v, &x[i]);
        else if (!is_scalar(v) || !parse_number(v->text, &x[i]))
            ok &= expected(L, v, times ? "a number (the unit is given by "
                                         "'unit')"
                                       : "a number");
        else if (times)
            x[i] = x[i] * unit / L->unit_s;
    }
    return ok ? x : NULL;
}

/* discrete (cum == 0) or empirical (cum == 1). */
static int b_table(azi_load *L, const azi_load_node *n, const dist_params *p,
                   az_dist *d, int cum)
{
    const azi_load_node *pn = cum ? p->cum : p->probs;
    const char *pname = cum ? "cum" : "probs";
    double *x = read_list(L, p->values, 1, p->unit);
    double *q = read_list(L, pn, 0, 0);
    az_error e;
    if (!x || !q)
        return 0;
    if (pn->n != p->values->n) {
        azi_load_report(L, pn->loc, "'%s' has %zu value%s but 'values' has "
                        "%zu", pname, pn->n, pn->n == 1 ? "" : "s",
                        p->values->n);
        return 0;
    }
    az_status rc = cum ? az_dist_empirical(d, x, q, pn->n, &e)
                       : az_dist_discrete(d, x, q, pn->n, &e);
    return dist_rc(L, n, rc, &e);
}
static int b_discrete(azi_load *L, const azi_load_node *n,
                      const dist_params *p, az_dist *d)
{
    return b_table(L, n, p, d, 0);
}
static int b_empirical(azi_load *L, const azi_load_node *n,
                       const dist_params *p, az_dist *d)
{
    return b_table(L, n, p, d, 1);
}

#define KIND(name, f, b, doc) {name, f, sizeof f / sizeof *f, b, doc}
/* doc: the meaning in docs/model-format.md's table of distributions. */
static const struct dist_kind {
    const char *name;
    const azi_load_field *fields;
    size_t nfields;
    build_fn build;
    const char *doc;
} KINDS[] = {
    KIND("constant", F_VALUE, b_constant, "always `value`"),
    KIND("uniform", F_MINMAX, b_uniform, "uniform on [min, max]"),
    KIND("triangular", F_TRI, b_triangular, "triangular"),
    KIND("exponential", F_MEAN, b_exponential, "exponential"),
    KIND("normal", F_MEANCV, b_normal,
         "normal with sd = cv * mean, redrawn while negative"),
    KIND("lognormal", F_MEANCV, b_lognormal,
         "lognormal with this mean and coefficient of variation"),
    KIND("gamma", F_MEANCV, b_gamma, "gamma with this mean and cv"),
    KIND("erlang", F_ERLANG, b_erlang,
         "sum of k exponential phases, total mean `mean`"),
    KIND("weibull", F_WEIBULL, b_weibull,
         "Weibull; `shape` is a number, `scale` a duration"),
    KIND("pert", F_TRI, b_pert, "beta-PERT (lambda 4)"),
    KIND("discrete", F_DISCRETE, b_discrete,
         "`values[i]` with probability `probs[i]`"),
    KIND("empirical", F_EMPIRICAL, b_empirical,
         "piecewise-linear CDF through (`values[i]`, `cum[i]`)"),
};
#define NKINDS (sizeof KINDS / sizeof *KINDS)

int azi_value_dist_kind(size_t i, const char **name,
                        const azi_load_field **fields, size_t *nfields,
                        const char **doc)
{
    if (i >= NKINDS)
        return 0;
    *name = KINDS[i].name;
    *fields = KINDS[i].fields;
    *nfields = KINDS[i].nfields;
    *doc = KINDS[i].doc;
    return 1;
}

/* Keeps d to be cleared by azi_load_free. */
static int register_dist(azi_load *L, az_dist *d)
{
    if (L->ndist == L->capdist) {
        size_t cap = L->capdist ? L->capdist * 2 : 16;
        az_dist **nd = azi_realloc(L->dists, cap * sizeof *nd);
        if (!nd) {
            L->oom = 1;
            return 0;
        }
        L->dists = nd;
        L->capdist = cap;
    }
    L->dists[L->ndist++] = d;
    return 1;
}

static const struct dist_kind *find_kind(azi_load *L, const azi_load_node *key)
{
    size_t i;
    return find_name(L, key, "distribution", &KINDS[0].name, sizeof *KINDS,
                     NKINDS, &i)
               ? &KINDS[i]
               : NULL;
}

int azi_value_dist(azi_load *L, const azi_load_node *v, void *slot)
{
    az_dist *d = slot;
    char what[32], got[64];
    if (!register_dist(L, d))
        return 0;
    if (v->kind == AZI_LOAD_SCALAR && !azi_yaml_is_null(v)) {
        double t = 0;
        az_error e;
        return duration(L, v, &t) &&
               dist_rc(L, v, az_dist_constant(d, t, &e), &e);
    }
    if (v->kind != AZI_LOAD_MAP || v->n == 0)
        return expected(L, v, DIST_EXPECTED);
    if (v->n > 1) {
        azi_load_report(L, v->loc,
                        "a distribution is a mapping with one key, its kind "
                        "(like 'exponential'); got %zu keys", v->n);
        return 0;
    }
    const struct dist_kind *k = find_kind(L, v->pair[0].key);
    const azi_load_node *params = v->pair[0].val;
    if (!k)
        return 0;
    if (params->kind != AZI_LOAD_MAP) {
        azi_load_report(L, params->loc,
                        "expected a mapping of parameters for '%s', like "
                        "{%s: ...}, got %s",
                        k->name, k->fields[0].key,
                        azi_yaml_desc(params, got, sizeof got));
        return 0;
    }
    dist_params p;
    azi_load_seen seen;
    uint32_t need = 0;
    memset(&p, 0, sizeof p);
    for (size_t i = 0; i < k->nfields; i++)
        if (k->fields[i].required)
            need |= 1u << i;
    snprintf(what, sizeof what, "'%s'", k->name);
    azi_fields_read(L, params, k->fields, k->nfields, &p, what, 0, &seen);
    if (seen.valid != seen.present || (seen.valid & need) != need)
        return 0;
    return k->build(L, v, &p, d);
}

int azi_value_count_dist(azi_load *L, const azi_load_node *v,
                         const char *key, az_dist *d)
{
    L->counting = key;
    int ok = azi_value_dist(L, v, d);
    L->counting = NULL;
    return ok;
}

int azi_value_count(azi_load *L, const azi_load_node *v, const char *key,
                    uint32_t *out)
{
    char shown[64];
    if (is_scalar(v) && az_parse_duration(v->text, NULL, NULL) == AZ_OK) {
        azi_load_report(L, v->loc, "'%s' counts cycles here: write a number, "
                        "not '%s'", key,
                        azi_text_clean(v->text, shown, sizeof shown));
        return 0;
    }
    return azi_value_u32_min1(L, v, out);
}
