/*
 * worktime.c: when the line works, from its weekly shift pattern, daily
 * breaks and holidays.
 *
 * The week's working time is computed once as sorted, disjoint intervals of
 * [0, week): every shift on every weekday it applies to (an overnight shift
 * runs into the next day, and Sunday's into Monday), less every break on
 * every day. Holidays remove whole days at run time. The engine asks two
 * questions: is the line working at t, and when does that next change.
 */
#include "worktime.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define DAY_S 86400.0
#define WEEK_S (7 * DAY_S)

/* Adds [a, b) to the list, splitting at the end of the week. */
static int add(double **iv, uint32_t *n, uint32_t *cap, double a, double b)
{
    if (b > WEEK_S) {
        if (!add(iv, n, cap, a, WEEK_S))
            return 0;
        a = 0;
        b -= WEEK_S;
    }
    if (b <= a)
        return 1;
    if (*n == *cap) {
        uint32_t nc = *cap ? 2 * *cap : 16;
        double *p = realloc(*iv, 2 * nc * sizeof *p);
        if (!p)
            return 0;
        *iv = p;
        *cap = nc;
    }
    (*iv)[2 * *n] = a;
    (*iv)[2 * *n + 1] = b;
    (*n)++;
    return 1;
}

static int by_start(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

/* Sorts and merges overlapping or touching intervals in place. */
static void merge(double *iv, uint32_t *n)
{
    qsort(iv, *n, 2 * sizeof *iv, by_start);
    uint32_t k = 0;
    for (uint32_t i = 0; i < *n; i++) {
        if (k && iv[2 * i] <= iv[2 * k - 1]) {
            if (iv[2 * i + 1] > iv[2 * k - 1])
                iv[2 * k - 1] = iv[2 * i + 1];
        } else {
            iv[2 * k] = iv[2 * i];
            iv[2 * k + 1] = iv[2 * i + 1];
            k++;
        }
    }
    *n = k;
}

/* Removes [a, b) (within one week) from the merged list. */
static int cut(double **iv, uint32_t *n, uint32_t *cap, double a, double b)
{
    uint32_t n0 = *n;
    for (uint32_t i = 0; i < n0; i++) {
        double s = (*iv)[2 * i], e = (*iv)[2 * i + 1];
        if (e <= a || s >= b)
            continue;
        (*iv)[2 * i + 1] = s < a ? a : s; /* keep the left part (maybe empty) */
        if (e > b && !add(iv, n, cap, b, e))
            return 0;
    }
    return 1;
}

az_status azi_worktime_build(azi_worktime *w, const az_model *m,
                             az_error *err)
{
    memset(w, 0, sizeof *w);
    double u = m->unit_s;
    w->day = DAY_S / u;
    w->week = WEEK_S / u;
    if (m->nshift == 0) {
        w->always = 1;
        return AZ_OK;
    }
    uint32_t cap = 0;
    for (uint32_t i = 0; i < m->nshift; i++) {
        const azi_shift *sh = &m->shift[i];
        for (unsigned d = 0; d < 7; d++) {
            if (!(sh->days >> d & 1))
                continue;
            double a = d * DAY_S + sh->start;
            double b = d * DAY_S + sh->end + (sh->end <= sh->start ? DAY_S : 0);
            if (!add(&w->iv, &w->n, &cap, a, b))
                goto nomem;
        }
    }
    merge(w->iv, &w->n);
    for (uint32_t i = 0; i < m->nbreak; i++)
        for (unsigned d = 0; d < 7; d++) {
            double a = d * DAY_S + m->brk[i].start, b = a + m->brk[i].duration;
            if (!cut(&w->iv, &w->n, &cap, a, b < WEEK_S ? b : WEEK_S) ||
                (b > WEEK_S && !cut(&w->iv, &w->n, &cap, 0, b - WEEK_S)))
                goto nomem;
        }
    merge(w->iv, &w->n);
    uint32_t k = 0; /* drop intervals the breaks emptied */
    for (uint32_t i = 0; i < w->n; i++)
        if (w->iv[2 * i + 1] > w->iv[2 * i]) {
            w->iv[2 * k] = w->iv[2 * i] / u;
            w->iv[2 * k + 1] = w->iv[2 * i + 1] / u;
            k++;
        }
    w->n = k;
    if (m->nholiday) {
        w->hol = malloc(m->nholiday * sizeof *w->hol);
        if (!w->hol)
            goto nomem;
        memcpy(w->hol, m->holiday, m->nholiday * sizeof *w->hol);
        w->nhol = m->nholiday;
    }
    return AZ_OK;
nomem:
    azi_worktime_free(w);
    return az_error_set(err, AZ_ENOMEM, "out of memory building the shifts");
}

void azi_worktime_free(azi_worktime *w)
{
    free(w->iv);
    free(w->hol);
    memset(w, 0, sizeof *w);
}

static int holiday(const azi_worktime *w, double t)
{
    double d = floor(t / w->day);
    for (uint32_t i = 0; i < w->nhol; i++)
        if (w->hol[i] == d)
            return 1;
    return 0;
}

int azi_worktime_on(const azi_worktime *w, double t)
{
    if (w->always)
        return 1;
    if (holiday(w, t))
        return 0;
    double o = t - floor(t / w->week) * w->week;
    for (uint32_t i = 0; i < w->n; i++)
        if (o >= w->iv[2 * i] && o < w->iv[2 * i + 1])
            return 1;
    return 0;
}

/* The first interval boundary or (with holidays) day boundary after t. */
static double next_boundary(const azi_worktime *w, double t)
{
    double k = floor(t / w->week), o = t - k * w->week;
    double best = (k + 1) * w->week + (w->n ? w->iv[0] : 0);
    for (uint32_t i = 0; i < 2 * w->n; i++)
        if (w->iv[i] > o) {
            best = k * w->week + w->iv[i];
            break;
        }
    if (w->nhol) {
        double d = (floor(t / w->day) + 1) * w->day;
        if (d < best)
            best = d;
    }
    return best;
}

double azi_worktime_next(const azi_worktime *w, double t)
{
    if (w->always || w->n == 0)
        return INFINITY;
    int on = azi_worktime_on(w, t);
    /* A change comes within a week and a run of holidays; the bound only
     * stops a pathological holiday list from looping long. */
    for (int i = 0; i < 100000; i++) {
        double c = next_boundary(w, t);
        if (azi_worktime_on(w, c) != on)
            return c;
        t = c;
    }
    return INFINITY;
}
