/*
 * dist_impl.h: inline fast path of az_dist_sample for the engine: the
 * exponential, the commonest process and interarrival time in queueing
 * models, is drawn without a call, by the same ziggurat (zig.h) as
 * az_dist_sample, so both give the same number; every other kind goes to
 * dist.c.
 */
#ifndef AZALEA_DIST_IMPL_H
#define AZALEA_DIST_IMPL_H

#include <math.h>

#include "azalea/dist.h"
#include "zig.h"

static inline double azi_dist_sample(const az_dist *d, az_rng *r)
{
    if (d->kind_ == AZ_DIST_EXPONENTIAL)
        return d->p_[0] * azi_zig_exp(r);
    return az_dist_sample(d, r);
}

#endif
