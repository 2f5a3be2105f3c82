/*
 * shift.h: the shift calendar, the line's working time (shifts, breaks,
 * holidays), for the engine (shift.c) and the loader's checks. Times are
 * in model time units; time 0 is a Monday at 00:00, or the model's start
 * (az_model_set_start), `off` into its week.
 */
#ifndef AZALEA_ENGINE_SHIFT_H
#define AZALEA_ENGINE_SHIFT_H

#include "model_impl.h"

typedef struct azi_shift_interval {
    double start, end; /* within a week */
    uint32_t shift;    /* the shift it belongs to, in the model's order */
} azi_shift_interval;

typedef struct azi_shift_cal {
    int always;      /* no shifts: the line works round the clock */
    double day, week;
    azi_shift_interval *iv; /* n sorted, disjoint intervals */
    uint32_t n;
    uint32_t *hol;   /* holiday day numbers, from the Monday of time 0's
                      * week */
    uint32_t nhol;
    double off;      /* time 0 from the Monday 00:00 of its week */
    double clock;    /* time 0 from its midnight: day d begins at
                      * d * day - clock */
} azi_shift_cal;

/* When day d of the run begins (day 0: time 0's date), at the earliest 0. */
static inline double azi_shift_day_start(const azi_shift_cal *w, uint32_t d)
{
    double t = d * w->day - w->clock;
    return t > 0 ? t : 0;
}

/* Builds the working time of model m. On error nothing is held. */
az_status azi_shift_build(azi_shift_cal *w, const az_model *m,
                          az_error *err);
/* The same for calendar `cal` of m (its shifts and breaks, m's holidays
 * and start). */
az_status azi_shift_build_cal(azi_shift_cal *w, const az_model *m,
                              uint32_t cal, az_error *err);
void azi_shift_free(azi_shift_cal *w);
/* Whether the line works at time t. */
int azi_shift_on(const azi_shift_cal *w, double t);
/* The shift working at time t, or -1 outside working time (0 for a line
 * without shifts). */
int azi_shift_at(const azi_shift_cal *w, double t);
/* The first time after t at which the working shift changes (or work
 * starts or stops); INFINITY if never. */
double azi_shift_next(const azi_shift_cal *w, double t);
/* The working time in [a, b): on shift, less breaks and holidays. */
double azi_shift_between(const azi_shift_cal *w, double a, double b);

#endif
