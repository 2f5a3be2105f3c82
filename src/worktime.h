/*
 * worktime.h: the line's working time (shifts, breaks, holidays), for the
 * engine. Times are in model time units; time 0 is a Monday at 00:00.
 */
#ifndef AZALEA_WORKTIME_H
#define AZALEA_WORKTIME_H

#include "model_impl.h"

typedef struct azi_interval {
    double start, end; /* within a week */
    uint32_t shift;    /* the shift it belongs to, in the model's order */
} azi_interval;

typedef struct azi_worktime {
    int always;      /* no shifts: the line works round the clock */
    double day, week;
    azi_interval *iv; /* n sorted, disjoint intervals */
    uint32_t n;
    uint32_t *hol;   /* holiday day numbers */
    uint32_t nhol;
} azi_worktime;

/* Builds the working time of model m. On error nothing is held. */
az_status azi_worktime_build(azi_worktime *w, const az_model *m,
                             az_error *err);
void azi_worktime_free(azi_worktime *w);
/* Whether the line works at time t. */
int azi_worktime_on(const azi_worktime *w, double t);
/* The shift working at time t, or -1 outside working time (0 for a line
 * without shifts). */
int azi_worktime_shift(const azi_worktime *w, double t);
/* The first time after t at which the working shift changes (or work
 * starts or stops); INFINITY if never. */
double azi_worktime_next(const azi_worktime *w, double t);
/* The working time in [a, b): on shift, less breaks and holidays. */
double azi_worktime_between(const azi_worktime *w, double a, double b);

#endif
