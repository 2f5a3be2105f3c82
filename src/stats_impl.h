/*
 * stats_impl.h: inline fast path of the time-weighted average, for the
 * engine's event path (stats.c's public functions are the same code).
 */
#ifndef AZALEA_STATS_IMPL_H
#define AZALEA_STATS_IMPL_H

#include <assert.h>

#include "azalea/stats.h"

/* The value becomes v at time t: integrate the old value up to t. Times
 * never go backwards (the engine's clock does not), so this is an assert. */
static inline void azi_timeavg_set(az_timeavg *a, double t, double v)
{
    assert(t >= a->last_t_);
    a->area_ += a->value_ * (t - a->last_t_);
    a->last_t_ = t;
    a->value_ = v;
    if (v > a->max_)
        a->max_ = v;
}

static inline void azi_timeavg_add(az_timeavg *a, double t, double delta)
{
    azi_timeavg_set(a, t, a->value_ + delta);
}

/* A count that changes at events, and its integral over time: what the
 * engine keeps for a station's buffer and machines. It is az_timeavg less
 * the window start, which is the run's (az_sim.window_from), and the
 * maximum: 24 bytes, so that it shares a cache line with the fields the
 * same events change. The arithmetic is az_timeavg's, to the bit. */
typedef struct azi_count {
    double last_t; /* time of the last change */
    double value;  /* current value */
    double area;   /* integral of value over [window start, last_t] */
} azi_count;

static inline void azi_count_init(azi_count *a, double t, double v)
{
    a->last_t = t;
    a->value = v;
    a->area = 0.0;
}

static inline void azi_count_add(azi_count *a, double t, double delta)
{
    assert(t >= a->last_t);
    a->area += a->value * (t - a->last_t);
    a->last_t = t;
    a->value += delta;
}

/* The window starts again at t, at the current value. */
static inline void azi_count_restart(azi_count *a, double t)
{
    azi_count_init(a, t, a->value);
}

/* Mean over [t0, t_end] (az_timeavg_mean's arithmetic). */
static inline double azi_count_mean(const azi_count *a, double t0,
                                    double t_end)
{
    assert(t_end >= a->last_t);
    double span = t_end - t0;
    if (span <= 0.0)
        return a->value;
    return (a->area + a->value * (t_end - a->last_t)) / span;
}

#endif
