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

#endif
