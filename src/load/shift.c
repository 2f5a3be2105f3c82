/*
 * shift.c: the `shifts` section of a model file: a weekly pattern of
 * shifts, daily breaks, holidays and what work in process does at the end
 * of a shift.
 *
 * Times of day are "H:MM" or "HH:MM", held as whole minutes after
 * midnight, so that overlaps are found exactly: each shift on each of its
 * days is an interval of a week of 7 * 1440 minutes (a shift past midnight
 * runs into the next day, Sunday's into Monday's morning), and two shifts
 * overlap when any of their intervals do. A shift that ends when it starts
 * lasts 24 hours; model.h has no such shift, so it is built as the part up
 * to midnight and the part after it on the next weekday: two of the
 * model's shifts, which operator pools' sizes by shift then both get.
 *
 * Shifts have names (default "shift1", "shift2", ... by position), unique
 * among the shifts, by which operator pools give their sizes.
 *
 * `calendars` names calendars of their own, each a pattern and breaks
 * read and checked as the line's (the line's holidays and off_shift hold
 * for them); stations and pools name theirs (station.c and operators.c
 * resolve the names), and pass 3 here adds the calendars and sets them.
 *
 * Prefix azi_shifts_. Calls names.c, value.c, the document layers and
 * the engine's shift calendar; no other section.
 */
#include "engine/shift.h"
#include "load/sections.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DAY_MIN 1440
#define WEEK_MIN (7 * DAY_MIN)
#define ALL_DAYS 0x7fu
#define TIME_EXPECTED "a time of day like \"06:00\""

static const char *const DAYS[] = {"mon", "tue", "wed", "thu",
                                   "fri", "sat", "sun"};

/* ---- values -------------------------------------------------------------- */

static int is_digit(char c) { return c >= '0' && c <= '9'; }

/* "H:MM" or "HH:MM" as minutes after midnight, at most max; blanks around
 * it are allowed. 0 if s is not such a time. */
static int parse_time(const char *s, int max, int *out)
{
    int h = 0, nd = 0;
    while (*s == ' ' || *s == '\t')
        s++;
    for (; is_digit(*s) && nd < 2; s++, nd++)
        h = h * 10 + (*s - '0');
    if (!nd || *s != ':' || !is_digit(s[1]) || !is_digit(s[2]))
        return 0;
    int m = (s[1] - '0') * 10 + (s[2] - '0');
    for (s += 3; *s == ' ' || *s == '\t'; s++)
        ;
    if (*s || m > 59 || h * 60 + m > max)
        return 0;
    *out = h * 60 + m;
    return 1;
}

static int read_time(azi_load *L, const azi_load_node *v, int max, int *out)
{
    char got[64];
    if (v->kind == AZI_LOAD_SCALAR && parse_time(v->text, max, out))
        return 1;
    azi_load_report(L, v->loc, "expected " TIME_EXPECTED ", got %s",
                    azi_yaml_desc(v, got, sizeof got));
    return 0;
}

/* A start: 00:00 to 23:59. */
static int read_start(azi_load *L, const azi_load_node *v, void *slot)
{
    return read_time(L, v, DAY_MIN - 1, slot);
}

/* An end may also be 24:00, the end of the day. */
static int read_end(azi_load *L, const azi_load_node *v, void *slot)
{
    return read_time(L, v, DAY_MIN, slot);
}

/* A break's length in seconds (shifts are clock times, whatever the
 * model's time unit): more than 0, less than a day. */
static int read_break_length(azi_load *L, const azi_load_node *v, void *slot)
{
    double s;
    char got[64];
    az_error e;
    if (v->kind != AZI_LOAD_SCALAR || azi_yaml_is_null(v)) {
        azi_load_report(L, v->loc, "expected a duration like '30 min', got "
                        "%s", azi_yaml_desc(v, got, sizeof got));
        return 0;
    }
    if (az_parse_duration(v->text, &s, &e)) {
        azi_load_report(L, v->loc, "%s", e.msg);
        return 0;
    }
    if (!(s > 0 && s < DAY_MIN * 60.0)) {
        azi_load_report(L, v->loc, "expected a duration > 0 and shorter than "
                        "a day, got %s", azi_yaml_desc(v, got, sizeof got));
        return 0;
    }
    *(double *)slot = s;
    return 1;
}

/* In the order of az_off_shift. */
static const char *const OFF_SHIFT[] = {"finish", "pause"};
static const azi_load_type T_OFF_SHIFT = {.kind = AZI_T_ENUM,
    .names = OFF_SHIFT, .nnames = 2};
static int read_off_shift(azi_load *L, const azi_load_node *v, void *slot)
{
    return azi_value_choice(L, v, "off_shift mode", T_OFF_SHIFT.names,
                            T_OFF_SHIFT.nnames, slot);
}

static const azi_load_type T_DAY = {.kind = AZI_T_ENUM, .names = DAYS,
                                    .nnames = 7};

/* A weekday's number (0 Monday). "Monday" or "MON" get 'mon' suggested. */
static int read_day(azi_load *L, const azi_load_node *v, int *d)
{
    char shown[64];
    if (v->kind == AZI_LOAD_SCALAR && strlen(v->text) >= 3) {
        for (int i = 0; i < 7; i++) {
            int k = 0;
            while (k < 3 && tolower((unsigned char)v->text[k]) == DAYS[i][k])
                k++;
            if (k == 3 && strcmp(v->text, DAYS[i])) {
                azi_load_report(L, v->loc, "unknown weekday '%s'; did you "
                                "mean '%s'?",
                                azi_text_clean(v->text, shown, sizeof shown),
                                DAYS[i]);
                return 0;
            }
        }
    }
    return azi_value_choice(L, v, "weekday", T_DAY.names, T_DAY.nnames, d);
}

/* ---- fields -------------------------------------------------------------- */

/* Times of day as parse_time reads them: a start up to 23:59, an end up
 * to 24:00. */
#define HH_MM "([01]?[0-9]|2[0-3]):[0-5][0-9]"
static const azi_load_type T_START = {.kind = AZI_T_STRING,
    .pattern = "^[ \\t]*" HH_MM "[ \\t]*$", .ref = "time_of_day",
    .doc = "a time of day, `H:MM` or `HH:MM`, 00:00 to 23:59"};
static const azi_load_type T_END = {.kind = AZI_T_STRING,
    .pattern = "^[ \\t]*(" HH_MM "|24:00)[ \\t]*$", .ref = "end_of_shift",
    .doc = "a time of day, `H:MM` or `HH:MM`, 00:00 to 24:00"};
static const azi_load_type T_DAYS = {.kind = AZI_T_LIST,
    .flags = AZI_T_NONEMPTY | AZI_T_UNIQUE, .item = &T_DAY};
/* More than 0, less than a day (read_break_length). */
static const azi_load_type T_BREAK_LENGTH = {.kind = AZI_T_DURATION,
                                             .flags = AZI_T_OPEN_MIN};

typedef struct shift_keys {
    int start, end;
    const azi_load_node *days;
    const char *name;
} shift_keys;

static const azi_load_field SHIFT_FIELDS[] = {
    {"start", read_start, OFF(shift_keys, start), 1, &T_START, NULL,
     "when the shift starts"},
    {"end", read_end, OFF(shift_keys, end), 1, &T_END, NULL,
     "when it ends; before `start`, it ends the next day"},
    AZI_NODE("days", OFF(shift_keys, days), 0, &T_DAYS, NULL,
             "the weekdays it starts on (default: every day)"),
    AZI_FIELD("name", name, OFF(shift_keys, name), 0, NULL,
              "its name, for pools' `by_shift` (default: shift1, shift2, "
              "... by position)"),
};
enum { SHIFT_NAME = BIT(3) };
static const azi_load_type T_SHIFT = {.kind = AZI_T_OBJECT,
    .fields = SHIFT_FIELDS, .nfields = NFIELDS(SHIFT_FIELDS), .ref = "shift",
    .doc = "a shift of a weekly pattern"};
static const azi_load_type T_PATTERN = {.kind = AZI_T_LIST,
    .flags = AZI_T_NONEMPTY, .item = &T_SHIFT};

static const azi_load_field BREAK_FIELDS[] = {
    {"start", read_start, OFF(break_spec, start), 1, &T_START, NULL,
     "when the break starts"},
    {"duration", read_break_length, OFF(break_spec, duration), 1,
     &T_BREAK_LENGTH, NULL, "how long it lasts, less than a day"},
};
static const azi_load_type T_BREAK = {.kind = AZI_T_OBJECT,
    .fields = BREAK_FIELDS, .nfields = NFIELDS(BREAK_FIELDS), .ref = "break",
    .doc = "a daily break"};
static const azi_load_type T_BREAKS = {.kind = AZI_T_LIST, .item = &T_BREAK};
static const azi_load_type T_HOLIDAYS = {.kind = AZI_T_LIST,
                                         .item = &azi_type_u32_min0};

/* A calendar of its own: the line's pattern and breaks; its holidays and
 * off_shift are the line's. */
static const azi_load_field CALENDAR_FIELDS[] = {
    AZI_NODE("pattern", OFF(shifts_spec, pattern), 1, &T_PATTERN, NULL,
             "the calendar's weekly shifts"),
    AZI_NODE("breaks", OFF(shifts_spec, breaks), 0, &T_BREAKS, NULL,
             "its daily breaks"),
};
static const azi_load_type T_CALENDAR = {.kind = AZI_T_OBJECT,
    .fields = CALENDAR_FIELDS, .nfields = NFIELDS(CALENDAR_FIELDS)};
static const azi_load_type T_CALENDARS = {.kind = AZI_T_MAP,
    .flags = AZI_T_NULL, .item = &T_CALENDAR};

/* `pattern` is required unless `calendars` is given (azi_shifts_read). */
static const azi_load_field SHIFTS_FIELDS[] = {
    AZI_NODE("pattern", OFF(shifts_spec, pattern), 0, &T_PATTERN, NULL,
             "the line's weekly shifts"),
    AZI_NODE("breaks", OFF(shifts_spec, breaks), 0, &T_BREAKS, NULL,
             "daily breaks, taken out of every shift they overlap"),
    AZI_NODE("holidays", OFF(shifts_spec, holidays), 0, &T_HOLIDAYS, NULL,
             "days of the run with no work (0 = the first Monday, or the "
             "date of `run.start`)"),
    {"off_shift", read_off_shift, OFF(shifts_spec, off_shift), 0,
     &T_OFF_SHIFT, NULL, "what work in process does when working time ends"},
    AZI_NODE("calendars", OFF(shifts_spec, calendars), 0, &T_CALENDARS, NULL,
             "calendars of their own for stations and pools (below)"),
};
const azi_load_type azi_shifts_type = {.kind = AZI_T_OBJECT,
    .flags = AZI_T_NULL, .fields = SHIFTS_FIELDS,
    .nfields = NFIELDS(SHIFTS_FIELDS)};

/* ---- pass 1 -------------------------------------------------------------- */

/* Room for the items of v, the list under `key` whose items are `like`:
 * zeroed, v->n items of size bytes each in the arena, and *n = v->n. NULL,
 * *n untouched, when v is no list (reported), is empty (reported when
 * `need`), or memory runs out (L->oom). */
static void *list_of(azi_load *L, const azi_load_node *v, const char *key,
                     const char *like, int need, size_t size, size_t *n)
{
    char got[64];
    void *items;
    if (v->kind == AZI_LOAD_LIST && v->n) {
        if ((items = azi_load_alloc(L, v->n * size)))
            *n = v->n;
        return items;
    }
    if (v->kind != AZI_LOAD_LIST)
        azi_load_report(L, v->loc, "expected a list of %s for '%s', got %s",
                        like, key, azi_yaml_desc(v, got, sizeof got));
    else if (need)
        azi_load_report(L, v->loc, "expected at least one item in '%s'", key);
    return NULL;
}

static unsigned read_days(azi_load *L, const azi_load_node *v)
{
    char got[64];
    unsigned days = 0;
    int ok = 1;
    if (v->kind != AZI_LOAD_LIST || !v->n) {
        azi_load_report(L, v->loc, "expected a list of weekdays like [mon, "
                        "tue, wed, thu, fri], got %s",
                        v->kind == AZI_LOAD_LIST
                            ? "an empty list"
                            : azi_yaml_desc(v, got, sizeof got));
        return 0;
    }
    for (size_t i = 0; i < v->n; i++) {
        int d;
        if (!read_day(L, v->item[i], &d)) {
            ok = 0;
            continue;
        }
        if (days & (1u << d)) {
            azi_load_report(L, v->item[i]->loc, "weekday '%s' is listed "
                            "twice", DAYS[d]);
            ok = 0;
        }
        days |= 1u << d;
    }
    return ok ? days : 0;
}

static const char *clock_text(int min, char *buf, size_t size)
{
    snprintf(buf, size, "%02d:%02d", min / 60, min % 60);
    return buf;
}

static int shift_length(const shift_spec *s)
{
    return s->end > s->start ? s->end - s->start
                             : s->end + DAY_MIN - s->start;
}

/* One working interval of a shift in [0, WEEK_MIN), end exclusive. */
typedef struct piece {
    int start, end;
    size_t shift;
} piece;

/* Two shifts (a < b) that overlap, and the days their common time starts. */
typedef struct meet {
    size_t a, b;
    unsigned days;
} meet;

static int piece_cmp(const void *x, const void *y)
{
    const piece *p = x, *q = y;
    if (p->start != q->start)
        return p->start < q->start ? -1 : 1;
    return p->shift < q->shift ? -1 : p->shift > q->shift;
}

static int meet_cmp(const void *x, const void *y)
{
    const meet *p = x, *q = y;
    if (p->b != q->b)
        return p->b < q->b ? -1 : 1;
    return p->a < q->a ? -1 : p->a > q->a;
}

/* A sweep over the week's intervals in start order: an interval that
 * starts before the furthest end seen so far overlaps the interval that
 * reaches there. Every overlap is found at least once and the work is
 * O(n log n), however many shifts a hostile file has; an interval that
 * overlaps several at once names the one reaching furthest. */
static void check_overlaps(azi_load *L, const shifts_spec *sh)
{
    char t[4][16], days[40];
    size_t np = 0, nm = 0;
    piece *pc = azi_load_alloc(L, 8 * sh->nshift * sizeof *pc);
    meet *mt = azi_load_alloc(L, 8 * sh->nshift * sizeof *mt);
    if (!pc || !mt)
        return;
    for (size_t i = 0; i < sh->nshift; i++) {
        const shift_spec *s = &sh->shift[i];
        for (int d = 0; s->ok && d < 7; d++) {
            if (!(s->days >> d & 1))
                continue;
            int a = d * DAY_MIN + s->start, b = a + shift_length(s);
            pc[np++] = (piece){a, b < WEEK_MIN ? b : WEEK_MIN, i};
            if (b > WEEK_MIN)
                pc[np++] = (piece){0, b - WEEK_MIN, i};
        }
    }
    qsort(pc, np, sizeof *pc, piece_cmp);
    int reach = 0;
    size_t owner = 0;
    for (size_t k = 0; k < np; k++) {
        if (pc[k].start < reach && owner != pc[k].shift) {
            size_t a = owner < pc[k].shift ? owner : pc[k].shift;
            size_t b = owner ^ pc[k].shift ^ a;
            mt[nm++] = (meet){a, b, 1u << (pc[k].start / DAY_MIN)};
        }
        if (pc[k].end > reach) {
            reach = pc[k].end;
            owner = pc[k].shift;
        }
    }
    qsort(mt, nm, sizeof *mt, meet_cmp);
    for (size_t k = 0; k < nm; k++) {
        unsigned on = mt[k].days;
        size_t o = 0;
        while (k + 1 < nm && mt[k + 1].a == mt[k].a && mt[k + 1].b == mt[k].b)
            on |= mt[++k].days;
        if (on == ALL_DAYS)
            snprintf(days, sizeof days, "every day");
        else
            for (int d = 0; d < 7; d++)
                if (on >> d & 1)
                    o += (size_t)snprintf(days + o, sizeof days - o, "%s%s",
                                          o ? ", " : "on ", DAYS[d]);
        const shift_spec *x = &sh->shift[mt[k].a], *y = &sh->shift[mt[k].b];
        azi_load_report(L, y->node->loc, "shift %zu (%s-%s) overlaps shift "
                        "%zu (%s-%s) %s", mt[k].b + 1,
                        clock_text(y->start, t[0], sizeof t[0]),
                        clock_text(y->end, t[1], sizeof t[1]), mt[k].a + 1,
                        clock_text(x->start, t[2], sizeof t[2]),
                        clock_text(x->end, t[3], sizeof t[3]), days);
    }
}

/* Names are unique; a default name counts too, so that naming shift 2
 * "shift1" is an error rather than a trap. */
static void check_names(azi_load *L, shifts_spec *sh)
{
    char q[80], where[48];
    sh->names_ok = 1;
    for (size_t i = 0; i < sh->nshift; i++) {
        const shift_spec *s = &sh->shift[i];
        if (!s->name) {
            sh->names_ok = 0;
            continue;
        }
        long first = azi_strmap_get(&sh->names, s->name, -1);
        if (first < 0) {
            if (azi_names_put(L, &sh->names, s->name, (long)i))
                return;
            continue;
        }
        const shift_spec *f = &sh->shift[first];
        if (f->name_node) {
            azi_names_where(f->name_node->loc, where, sizeof where);
            azi_load_report(L, (s->name_node ? s->name_node : s->node)->loc,
                            "duplicate shift name %s (already the name of "
                            "shift %ld at %s)",
                            azi_names_quoted(s->name, q, sizeof q), first + 1,
                            where);
        } else {
            azi_load_report(L, (s->name_node ? s->name_node : s->node)->loc,
                            "duplicate shift name %s (already the default "
                            "name of shift %ld)",
                            azi_names_quoted(s->name, q, sizeof q), first + 1);
        }
        sh->names_ok = 0;
    }
}

static void read_pattern(azi_load *L, shifts_spec *sh)
{
    const azi_load_node *list = sh->pattern;
    if (!(sh->shift = list_of(L, list, "pattern", "shifts like {start: "
                              "\"06:00\", end: \"14:00\"}", 1,
                              sizeof *sh->shift, &sh->nshift)))
        return;
    for (size_t i = 0; i < list->n; i++) {
        shift_spec *s = &sh->shift[i];
        shift_keys k = {0, 0, NULL, NULL};
        azi_load_seen seen;
        char what[32];
        s->node = list->item[i];
        snprintf(what, sizeof what, "shift %zu", i + 1);
        azi_fields_read(L, s->node, SHIFT_FIELDS, NFIELDS(SHIFT_FIELDS), &k,
                        what, 0, &seen);
        s->start = k.start;
        s->end = k.end;
        s->days = k.days ? read_days(L, k.days) : ALL_DAYS;
        s->ok = (seen.valid & 3) == 3 && s->days;
        if (seen.present & SHIFT_NAME) {
            s->name_node = azi_yaml_get(s->node, "name");
            s->name = seen.valid & SHIFT_NAME ? k.name : NULL;
        } else {
            char *d = azi_load_alloc(L, 32);
            if (!d)
                return;
            snprintf(d, 32, "shift%zu", i + 1);
            s->name = d;
        }
    }
    check_names(L, sh);
    check_overlaps(L, sh);
}

static void read_breaks(azi_load *L, shifts_spec *sh)
{
    const azi_load_node *list = sh->breaks;
    if (!(sh->brk = list_of(L, list, "breaks", "breaks like {start: "
                            "\"12:00\", duration: 30 min}", 0,
                            sizeof *sh->brk, &sh->nbreak)))
        return;
    for (size_t i = 0; i < list->n; i++) {
        azi_load_seen seen;
        char what[32];
        snprintf(what, sizeof what, "break %zu", i + 1);
        azi_fields_read(L, list->item[i], BREAK_FIELDS, NFIELDS(BREAK_FIELDS),
                        &sh->brk[i], what, 0, &seen);
        sh->brk[i].ok = seen.valid == 3;
    }
}

static void read_holidays(azi_load *L, shifts_spec *sh)
{
    const azi_load_node *list = sh->holidays;
    if (!(sh->holiday = list_of(L, list, "holidays", "day numbers (0 = the "
                                "run's first day)", 0, sizeof *sh->holiday,
                                &sh->nholiday)))
        return;
    for (size_t i = 0; i < list->n; i++)
        azi_value_u32_min0(L, list->item[i], &sh->holiday[i]);
}

/* `calendars`: names (a namespace of their own; a name twice is a
 * duplicate key of the mapping) to a pattern and breaks each. */
static void read_calendars(azi_load *L, shifts_spec *sh)
{
    const azi_load_node *map = sh->calendars;
    char what[96];
    if (!(sh->cal = azi_fields_map(L, map, "calendar names to calendars "
                                   "like {pattern: [{start: \"06:00\", "
                                   "end: \"14:00\"}]}", NULL,
                                   sizeof *sh->cal, &sh->ncal)))
        return;
    for (size_t i = 0; i < sh->ncal; i++) {
        calendar_spec *c = &sh->cal[i];
        c->key = map->pair[i].key;
        c->val = map->pair[i].val;
        if (azi_value_name(L, c->key, &c->name) &&
            azi_names_put(L, &sh->cal_names, c->name, (long)i))
            return;
        azi_names_naming("calendar", c->key->text, what, sizeof what);
        if (!azi_fields_read(L, c->val, CALENDAR_FIELDS,
                             NFIELDS(CALENDAR_FIELDS), &c->sh, what, 0, NULL))
            continue;
        if (c->sh.pattern)
            read_pattern(L, &c->sh);
        if (c->sh.breaks)
            read_breaks(L, &c->sh);
        /* its shift names serve nothing: no pool sizes by them */
        azi_strmap_free(&c->sh.names);
    }
}

void azi_shifts_read(azi_load *L, model_spec *ms)
{
    shifts_spec *sh = &ms->shifts;
    const azi_load_node *n = ms->top.shifts;
    if (!n || azi_yaml_is_null(n))
        return;
    sh->off_shift = AZ_OFF_FINISH;
    if (!azi_fields_read(L, n, SHIFTS_FIELDS, NFIELDS(SHIFTS_FIELDS), sh,
                         "'shifts'", 0, NULL))
        return;
    /* Calendars of their own alone: the line works round the clock. */
    if (!sh->pattern && !sh->calendars)
        azi_load_report(L, n->loc, "missing required key 'pattern' in "
                        "'shifts'");
    if (sh->calendars)
        read_calendars(L, sh);
    if (sh->pattern)
        read_pattern(L, sh);
    if (sh->breaks)
        read_breaks(L, sh);
    if (sh->holidays)
        read_holidays(L, sh);
}

/* ---- pass 3 -------------------------------------------------------------- */

/* A shift whose breaks take all of its time never works: surely a slip in
 * the file, which would otherwise run as a line that makes nothing in that
 * shift (or at all). Checked on the week the engine will use. */
static void check_working_time(azi_load *L, const shifts_spec *sh,
                               const az_model *m, uint32_t cal)
{
    azi_shift_cal w;
    az_error e;
    if (cal == AZ_LINE_CALENDAR ? azi_shift_build(&w, m, &e)
                                : azi_shift_build_cal(&w, m, cal, &e)) {
        L->oom = 1;
        return;
    }
    char t[2][16];
    for (size_t i = 0; i < sh->nshift; i++) {
        const shift_spec *x = &sh->shift[i];
        int works = 0;
        for (uint32_t k = 0; k < w.n && !works; k++)
            works = w.iv[k].shift >= x->first &&
                    w.iv[k].shift < x->first + x->count;
        if (!works)
            azi_load_report(L, x->node->loc,
                            "shift %zu (%s-%s) never works: the breaks "
                            "take all of its time", i + 1,
                            clock_text(x->start, t[0], sizeof t[0]),
                            clock_text(x->end, t[1], sizeof t[1]));
    }
    azi_shift_free(&w);
}

/* The model's shifts of the file's (a 24-hour shift is two) and its
 * breaks: the line's (cal AZ_LINE_CALENDAR) or calendar cal's. */
static az_status add_shift(az_model *m, uint32_t cal, double a, double b,
                           unsigned days, az_error *e)
{
    return cal == AZ_LINE_CALENDAR
               ? az_model_add_shift(m, a, b, days, e)
               : az_model_add_calendar_shift(m, cal, a, b, days, e);
}

static az_status add_pattern(azi_load *L, const shifts_spec *sh, az_model *m,
                             uint32_t cal)
{
    az_error e;
    az_status rc = AZ_OK;
    uint32_t added = 0; /* the model's shifts added so far */
    for (size_t i = 0; i < sh->nshift && !rc; i++) {
        shift_spec *s = &sh->shift[i];
        double a = s->start * 60.0, b = s->end * 60.0;
        s->first = added;
        s->count = s->start == s->end && s->start ? 2 : 1;
        added += s->count;
        if (s->count == 2) {
            unsigned next = ((s->days << 1) | (s->days >> 6)) & ALL_DAYS;
            rc = azi_names_api(L, s->node, add_shift(m, cal, a, DAY_MIN * 60.0,
                                                     s->days, &e), &e);
            if (!rc)
                rc = azi_names_api(L, s->node,
                                   add_shift(m, cal, 0, a, next, &e), &e);
            continue;
        }
        if (s->start == s->end)
            b = DAY_MIN * 60.0;
        rc = azi_names_api(L, s->node, add_shift(m, cal, a, b, s->days, &e),
                           &e);
    }
    /* the names the file gives the line's shifts, for its clock (a
     * 24-hour shift's two halves share one) */
    for (size_t i = 0; i < sh->nshift && !rc && cal == AZ_LINE_CALENDAR; i++)
        for (uint32_t k = 0; sh->shift[i].name_node && sh->shift[i].name &&
                             k < sh->shift[i].count && !rc; k++)
            rc = azi_names_api(L, sh->shift[i].node,
                               az_model_set_shift_name(m, sh->shift[i].first + k,
                                                       sh->shift[i].name, &e),
                               &e);
    for (size_t i = 0; i < sh->nbreak && !rc; i++)
        rc = azi_names_api(
            L, sh->breaks->item[i],
            cal == AZ_LINE_CALENDAR
                ? az_model_add_break(m, sh->brk[i].start * 60.0,
                                     sh->brk[i].duration, &e)
                : az_model_add_calendar_break(m, cal, sh->brk[i].start * 60.0,
                                              sh->brk[i].duration, &e),
            &e);
    if (!rc && sh->nbreak)
        check_working_time(L, sh, m, cal);
    return rc;
}

/* The calendars of their own, and the stations and pools on them (their
 * names resolved by station.c and operators.c). */
static az_status add_calendars(azi_load *L, const model_spec *ms,
                               az_model *m)
{
    az_error e;
    az_status rc = AZ_OK;
    for (size_t i = 0; i < ms->shifts.ncal && !rc; i++) {
        calendar_spec *c = &ms->shifts.cal[i];
        rc = azi_names_api(L, c->key, az_model_add_calendar(m, c->name,
                                                            &c->idx, &e), &e);
        if (!rc)
            rc = add_pattern(L, &c->sh, m, c->idx);
    }
    for (size_t i = 0; i < ms->nst && !rc; i++)
        if (ms->st[i].cal >= 0)
            rc = azi_names_api(L, ms->st[i].cal_node,
                               az_model_set_station_calendar(
                                   m, ms->st[i].idx,
                                   ms->shifts.cal[ms->st[i].cal].idx, &e),
                               &e);
    for (size_t i = 0; i < ms->npool && !rc; i++)
        if (ms->pool[i].cal >= 0)
            rc = azi_names_api(L, ms->pool[i].cal_node,
                               az_model_set_pool_calendar(
                                   m, ms->pool[i].idx,
                                   ms->shifts.cal[ms->pool[i].cal].idx, &e),
                               &e);
    return rc;
}

az_status azi_shifts_build(azi_load *L, const model_spec *ms,
                           az_model *m)
{
    const shifts_spec *sh = &ms->shifts;
    az_error e;
    az_status rc = add_calendars(L, ms, m);
    if (rc || !ms->top.shifts || azi_yaml_is_null(ms->top.shifts))
        return rc;
    if (sh->shift) /* else calendars of their own alone */
        rc = add_pattern(L, sh, m, AZ_LINE_CALENDAR);
    for (size_t i = 0; i < sh->nholiday && !rc; i++)
        rc = azi_names_api(L, sh->holidays->item[i],
                           az_model_add_holiday(m, sh->holiday[i], &e), &e);
    if (!rc)
        rc = azi_names_api(
            L, ms->top.shifts,
            az_model_set_off_shift(m, (az_off_shift)sh->off_shift, &e), &e);
    return rc;
}
