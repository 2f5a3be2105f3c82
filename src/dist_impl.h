/*
 * dist_impl.h: inline fast path of az_dist_sample for the engine: the
 * exponential, the commonest interarrival time, the lognormal, the
 * commonest process time of a line, and the constant (a cycle time) are
 * drawn without a call, by the same ziggurats (zig.h) and the same
 * expressions as az_dist_sample, so both give the same number; every
 * other kind goes to dist.c.
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
    if (d->kind_ == AZ_DIST_LOGNORMAL && d->p_[1] != 0)
        return exp(d->p_[2] + d->p_[3] * azi_zig_norm(r));
    if (d->kind_ == AZ_DIST_CONSTANT)
        return d->p_[0];
    return az_dist_sample(d, r);
}

#endif
