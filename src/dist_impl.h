/*
 * dist_impl.h: inline fast path of az_dist_sample for the engine: the
 * exponential, the commonest process and interarrival time in queueing
 * models, is drawn without a call; every other kind goes to dist.c. Its
 * log(u) comes from the stream's lookahead (rng_impl.h): the same number as
 * az_dist_sample's -mean * log(u), computed one draw earlier.
 */
#ifndef AZALEA_DIST_IMPL_H
#define AZALEA_DIST_IMPL_H

#include <math.h>

#include "azalea/dist.h"
#include "rng_impl.h"

static inline double azi_dist_sample(const az_dist *d, az_rng *r)
{
    if (d->kind_ == AZ_DIST_EXPONENTIAL)
        return -d->p_[0] * azi_rng_log_uniform(r);
    return az_dist_sample(d, r);
}

#endif
