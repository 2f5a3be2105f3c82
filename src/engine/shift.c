/*
 * shift.c: the shift calendar, when the line works, and its events.
 *
 * The calendar (shift.h): the week's working time is computed once as
 * sorted, disjoint intervals of [0, week), each tagged with its shift:
 * every shift on every weekday it applies to (an overnight shift runs into
 * the next day, and Sunday's into Monday), less every break on every day.
 * Holidays remove whole days at run time. The calendar's own time is
 * from a Monday at 00:00; time 0 is `off` into it (a Monday at 00:00
 * unless the model has a start date), and the public functions add off
 * going in and take it off coming out.
 * Everything asks three questions: which shift works at t (azi_shift_at,
 * -1: none), when that next changes (azi_shift_next: the first interval
 * or, with holidays, day boundary at which the answer differs), and how
 * much working time lies in [a, b) (azi_shift_between, summed between
 * changes). Invariant: intervals never overlap, so at most one shift works
 * at any time, and a change of shift at a boundary is a change even when
 * the line works on.
 *
 * The events: at time 0 and at every change (EV_SHIFT, pushed one at a
 * time, before the flow's events at its time) the pools take the new
 * shift's size (pool.c, azi_pool_staff), and if the line starts or stops
 * working every machine follows (shift_change): off shift an idle,
 * waiting or blocked machine (and a working one when work pauses off
 * shift) is suspended and goes OFF_SHIFT; at the next start it resumes
 * what it did, stations fill, and arrivals that fell off shift come.
 *
 * Calendars of their own (model_calendar.c) are built the same way, each
 * with its own EV_SHIFT stream (obj = calendar + 1; 0 is the line's). A
 * station on one has SF_CAL and its calendar in station_cold.cal, and
 * station_on() answers for it from cal_rt.on instead of s->on_shift; a
 * change of a calendar moves only the machines of its stations and staffs
 * only its pools (nobody outside it). Sources follow the line's calendar
 * alone. A model without calendars has no SF_CAL station, no extra event,
 * and the line's events do exactly what they did.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "calendar_impl.h"
#include "engine/engine.h"
#include "engine/shift.h"
#include "util/alloc.h"
#include "util/date.h"

#define DAY_S 86400.0
#define WEEK_S (7 * DAY_S)

/* Adds [a, b) of shift k to the list, splitting at the end of the week. */
static int add(azi_shift_interval **iv, uint32_t *n, uint32_t *cap, double a,
               double b, uint32_t k)
{
    if (b > WEEK_S) {
        if (!add(iv, n, cap, a, WEEK_S, k))
            return 0;
        a = 0;
        b -= WEEK_S;
    }
    if (b <= a)
        return 1;
    if (*n == *cap) {
        uint32_t nc = *cap ? 2 * *cap : 16;
        azi_shift_interval *p = azi_realloc(*iv, nc * sizeof *p);
        if (!p)
            return 0;
        *iv = p;
        *cap = nc;
    }
    (*iv)[(*n)++] = (azi_shift_interval){a, b, k};
    return 1;
}

static int by_start(const void *x, const void *y)
{
    const azi_shift_interval *a = x, *b = y;
    return (a->start > b->start) - (a->start < b->start);
}

/* Sorts, drops empty intervals and joins touching ones of the same shift
 * (an overnight shift split at the week's end). */
static void merge(azi_shift_interval *iv, uint32_t *n)
{
    qsort(iv, *n, sizeof *iv, by_start);
    uint32_t k = 0;
    for (uint32_t i = 0; i < *n; i++) {
        if (iv[i].end <= iv[i].start)
            continue;
        if (k && iv[i].shift == iv[k - 1].shift &&
            iv[i].start <= iv[k - 1].end) {
            if (iv[i].end > iv[k - 1].end)
                iv[k - 1].end = iv[i].end;
        } else {
            iv[k++] = iv[i];
        }
    }
    *n = k;
}

/* Removes [a, b) (within one week) from every interval. */
static int cut(azi_shift_interval **iv, uint32_t *n, uint32_t *cap, double a,
               double b)
{
    uint32_t n0 = *n;
    for (uint32_t i = 0; i < n0; i++) {
        azi_shift_interval x = (*iv)[i];
        if (x.end <= a || x.start >= b)
            continue;
        (*iv)[i].end = x.start < a ? a : x.start; /* the left part, maybe empty */
        if (x.end > b && !add(iv, n, cap, b, x.end, x.shift))
            return 0;
    }
    return 1;
}

/* The week of shifts sh[0..nsh) less breaks br[0..nbr), with m's
 * holidays and start. */
static az_status build(azi_shift_cal *w, const az_model *m,
                       const azi_shift *sh, uint32_t nsh, const azi_break *br,
                       uint32_t nbr, az_error *err)
{
    memset(w, 0, sizeof *w);
    double u = m->unit_s;
    w->day = DAY_S / u;
    w->week = WEEK_S / u;
    int wday = 0;
    if (m->has_start) {
        wday = azi_date_weekday(m->start);
        w->clock = (double)azi_date_clock(m->start) / u;
        w->off = wday * w->day + w->clock;
    }
    if (nsh == 0) {
        w->always = 1;
        return AZ_OK;
    }
    uint32_t cap = 0;
    for (uint32_t i = 0; i < nsh; i++) {
        for (unsigned d = 0; d < 7; d++) {
            if (!(sh[i].days >> d & 1))
                continue;
            double a = d * DAY_S + sh[i].start;
            double b = d * DAY_S + sh[i].end +
                       (sh[i].end <= sh[i].start ? DAY_S : 0);
            if (!add(&w->iv, &w->n, &cap, a, b, i))
                goto nomem;
        }
    }
    for (uint32_t i = 0; i < nbr; i++)
        for (unsigned d = 0; d < 7; d++) {
            double a = d * DAY_S + br[i].start, b = a + br[i].duration;
            if (!cut(&w->iv, &w->n, &cap, a, b < WEEK_S ? b : WEEK_S) ||
                (b > WEEK_S && !cut(&w->iv, &w->n, &cap, 0, b - WEEK_S)))
                goto nomem;
        }
    merge(w->iv, &w->n);
    for (uint32_t i = 0; i < w->n; i++) {
        w->iv[i].start /= u;
        w->iv[i].end /= u;
    }
    if (m->nholiday) {
        w->hol = azi_malloc(m->nholiday * sizeof *w->hol);
        if (!w->hol)
            goto nomem;
        for (uint32_t i = 0; i < m->nholiday; i++) /* to the calendar's days */
            w->hol[i] = m->holiday[i] > UINT32_MAX - (uint32_t)wday
                            ? UINT32_MAX /* past any run */
                            : m->holiday[i] + (uint32_t)wday;
        w->nhol = m->nholiday;
    }
    return AZ_OK;
nomem:
    azi_shift_free(w);
    return az_error_set(err, AZ_ENOMEM, "out of memory building the shifts");
}

az_status azi_shift_build(azi_shift_cal *w, const az_model *m,
                          az_error *err)
{
    return build(w, m, m->shift, m->nshift, m->brk, m->nbreak, err);
}

az_status azi_shift_build_cal(azi_shift_cal *w, const az_model *m,
                              uint32_t cal, az_error *err)
{
    const azi_calendar *c = &m->cal[cal];
    return build(w, m, c->shift, c->nshift, c->brk, c->nbreak, err);
}

void azi_shift_free(azi_shift_cal *w)
{
    free(w->iv);
    free(w->hol);
    memset(w, 0, sizeof *w);
}

static int holiday(const azi_shift_cal *w, double t)
{
    double d = floor(t / w->day);
    for (uint32_t i = 0; i < w->nhol; i++)
        if (w->hol[i] == d)
            return 1;
    return 0;
}

/* The questions in the calendar's own time (from its Monday 00:00). */
static int at_cal(const azi_shift_cal *w, double t)
{
    if (w->always)
        return 0;
    if (holiday(w, t))
        return -1;
    double o = t - floor(t / w->week) * w->week;
    for (uint32_t i = 0; i < w->n; i++)
        if (o >= w->iv[i].start && o < w->iv[i].end)
            return (int)w->iv[i].shift;
    return -1;
}

int azi_shift_at(const azi_shift_cal *w, double t)
{
    return at_cal(w, t + w->off);
}

int azi_shift_on(const azi_shift_cal *w, double t)
{
    return azi_shift_at(w, t) >= 0;
}

/* The first interval boundary or (with holidays) day boundary after t. */
static double next_boundary(const azi_shift_cal *w, double t)
{
    double k = floor(t / w->week), o = t - k * w->week;
    double best = (k + 1) * w->week + (w->n ? w->iv[0].start : 0);
    for (uint32_t i = 0; i < w->n; i++) {
        double c = w->iv[i].start > o ? w->iv[i].start
                   : w->iv[i].end > o ? w->iv[i].end
                                      : -1;
        if (c >= 0 && k * w->week + c < best)
            best = k * w->week + c;
    }
    if (w->nhol) {
        double d = (floor(t / w->day) + 1) * w->day;
        if (d < best)
            best = d;
    }
    return best;
}

double azi_shift_next(const azi_shift_cal *w, double t)
{
    if (w->always || w->n == 0)
        return INFINITY;
    t += w->off;
    int k = at_cal(w, t);
    /* A change comes within a week and a run of holidays; the bound only
     * stops a pathological holiday list from looping long. */
    for (int i = 0; i < 100000; i++) {
        double c = next_boundary(w, t);
        if (at_cal(w, c) != k)
            return c - w->off;
        t = c;
    }
    return INFINITY;
}

double azi_shift_between(const azi_shift_cal *w, double a, double b)
{
    if (w->always)
        return b > a ? b - a : 0;
    double sum = 0;
    for (double t = a; t < b;) {
        double next = azi_shift_next(w, t);
        double end = next < b ? next : b;
        if (azi_shift_on(w, t))
            sum += end - t;
        if (!(next > t)) /* no progress: a degenerate calendar */
            break;
        t = end;
    }
    return sum;
}

az_status az_model_working_time(const az_model *m, double from, double to,
                                 double *out, az_error *err)
{
    azi_shift_cal w;
    *out = 0;
    az_status rc = azi_shift_build(&w, m, err);
    if (rc)
        return rc;
    *out = azi_shift_between(&w, from, to);
    azi_shift_free(&w);
    return AZ_OK;
}

/* ---- the events ---- */

/* The calendar station x follows: its own (SF_CAL), else NONE, the
 * line's. */
static uint32_t cal_of(const az_sim *s, uint32_t x)
{
    return s->st[x].feat & SF_CAL ? s->stc[x].cal : NONE;
}

/* The bottleneck detector's clock (engine.h, azi_bn_clock) stops when no
 * station works any more and runs on when one does again, before any
 * machine follows the change: the periods cut at a shift's end and resumed
 * at the next start then meet at one instant of working time, and the
 * detector joins them. A station on a calendar of its own that is off
 * while others work still ends its period (it waits for its shift). */
static void bn_clock(az_sim *s, double now)
{
    int any = 0;
    for (uint32_t x = 0; x < s->nstation && !any; x++)
        any = station_on(s, &s->st[x]);
    if (any == !s->bn_stopped)
        return;
    s->bn_w0 = azi_bn_clock(s, now);
    s->bn_t0 = now;
    s->bn_stopped = !any;
}

/* Calendar cal (NONE: the line's) starts (on) or stops working at now:
 * the machines of the stations on it follow; at the line's start the
 * sources' arrivals that fell off shift come. */
static az_status shift_change(az_sim *s, uint32_t cal, int on, double now,
                              az_error *err)
{
    az_status rc = AZ_OK;
    if (cal == NONE)
        s->on_shift = on;
    else
        s->cals[cal].on = on;
    bn_clock(s, now);
    for (uint32_t i = 0; i < s->nmachine && !rc; i++) {
        machine_rt *m = &s->mach[i];
        if (cal_of(s, m->station) != cal)
            continue;
        if (!on) {
            /* Idle, waiting for a person (work not begun), blocked (off-shift
             * time is reported as such), or working in pause mode. */
            if (m->state == AZ_MS_STARVED || m->state == AZ_MS_WAIT_OPERATOR ||
                m->state == AZ_MS_BLOCKED ||
                (running(m->state) && s->pause_off_shift)) {
                if (!(rc = azi_flow_suspend(s, m, now, err)))
                    rc = set_state(s, m, AZ_MS_OFF_SHIFT, now, err);
            }
        } else if (m->state == AZ_MS_OFF_SHIFT) {
            az_machine_state k = m->resume;
            if (running(k))
                rc = do_activity(s, m,
                                 k == AZ_MS_WORKING ? ACT_WORK : ACT_SETUP,
                                 now, err);
            else /* blocked only if its units still wait for room */
                rc = set_state(s, m,
                               k == AZ_MS_BLOCKED && m->nheld
                                   ? AZ_MS_BLOCKED
                                   : AZ_MS_STARVED,
                               now, err);
        }
    }
    for (uint32_t x = 0; x < s->nstation && !on; x++) /* now off shift */
        if ((s->st[x].feat & SF_ASSEMBLY) && cal_of(s, x) == cal)
            azi_assembly_parts_wait(s, &s->st[x], now);
    if (!on || rc)
        return rc;
    for (uint32_t x = 0; x < s->nstation && !rc; x++)
        if (cal == NONE || cal_of(s, x) == cal)
            rc = azi_flow_fill(s, x, now, err);
    for (uint32_t i = 0; i < s->nsource && !rc && cal == NONE; i++)
        if (s->src[i].shift_wait) {
            s->src[i].shift_wait = 0;
            rc = azi_source_arrive(s, i, now, err);
        }
    return rc;
}

/* Calendar obj (0: the line's, c + 1: calendar c) at the run's start
 * (s->t0): its pools' sizes, its stations' machines, and its first
 * change. */
static az_status begin_one(az_sim *s, uint32_t obj, double horizon,
                           az_error *err)
{
    uint32_t cal = obj ? obj - 1 : NONE;
    const azi_shift_cal *w = obj ? &s->cals[cal].w : &s->shifts;
    if (obj)
        s->cals[cal].on = 1;
    if (w->always)
        return AZ_OK;
    int k = azi_shift_at(w, s->t0);
    az_status rc = azi_pool_staff(s, cal, k, s->t0, err);
    if (!rc && k < 0)
        rc = shift_change(s, cal, 0, s->t0, err);
    double next = azi_shift_next(w, s->t0);
    if (!rc && next < horizon)
        rc = az_calendar_push(s->cal, next, -1, EV_SHIFT, obj, 0, NULL, err);
    return rc;
}

az_status azi_shift_begin(az_sim *s, double horizon, az_error *err)
{
    az_status rc = AZ_OK;
    for (uint32_t c = 0; c <= s->ncal && !rc; c++)
        rc = begin_one(s, c, horizon, err);
    return rc;
}

az_status azi_shift_event(az_sim *s, uint32_t obj, double now,
                          double horizon, az_error *err)
{
    uint32_t cal = obj ? obj - 1 : NONE;
    const azi_shift_cal *w = obj ? &s->cals[cal].w : &s->shifts;
    int was = obj ? s->cals[cal].on : s->on_shift;
    double next = azi_shift_next(w, now);
    int k = azi_shift_at(w, now);
    az_status rc = azi_pool_staff(s, cal, k, now, err);
    if (!rc && (k >= 0) != was)
        rc = shift_change(s, cal, k >= 0, now, err);
    if (!rc && next < horizon)
        rc = az_calendar_push(s->cal, next, -1, EV_SHIFT, obj, 0, NULL, err);
    return rc;
}

/* ---- compiling ---- */

void azi_shift_free_cals(az_sim *s)
{
    for (uint32_t c = 0; c < s->ncal; c++)
        azi_shift_free(&s->cals[c].w);
    free(s->cals);
    s->cals = NULL;
    s->ncal = 0;
}

az_status azi_shift_compile(az_sim *s, const az_model *m, az_error *err)
{
    az_status rc = azi_shift_build(&s->shifts, m, err);
    if (rc || !m->ncal)
        return rc;
    if (!(s->cals = azi_calloc(m->ncal, sizeof *s->cals)))
        return az_error_set(err, AZ_ENOMEM, "out of memory compiling model");
    for (; s->ncal < m->ncal; s->ncal++)
        if ((rc = azi_shift_build_cal(&s->cals[s->ncal].w, m, s->ncal, err)))
            return rc;
    for (uint32_t x = 0; x < m->nstation; x++)
        if (m->station[x].calendar) {
            s->st[x].feat |= SF_CAL;
            s->stc[x].cal = m->station[x].calendar - 1;
        }
    for (uint32_t p = 0; p < m->npool; p++)
        if (m->pool[p].calendar)
            s->pools[p].cal = m->pool[p].calendar - 1;
    return AZ_OK;
}
