/*
 * zig.h: the exponential sampler of the engine and of az_dist_sample, by the
 * ziggurat method (zig.c has the algorithm and the tables' invariant). One
 * stream word a draw in about 99 % of draws, and no log: the commonest
 * draw of a queueing model at a fraction of -log(u)'s cost.
 */
#ifndef AZALEA_ZIG_H
#define AZALEA_ZIG_H

#include <stdint.h>

#include "rng_impl.h"

/* r, where the tail begins: the value the tables were set up with, so
 * that the base layer and the tail meet exactly. */
#define AZI_ZIG_R 7.697117470131487

extern const uint64_t azi_zig_ke[256];
extern const double azi_zig_we[256];
extern const double azi_zig_fe[256];

/* Word u's point in its layer (the low 8 bits pick the layer, the high
 * 56 the position), and whether it lies under the curve for sure. */
static inline double azi_zig_x(uint64_t u)
{
    return (double)(int64_t)(u >> 8) * azi_zig_we[u & 0xff];
}

static inline int azi_zig_sure(uint64_t u)
{
    return (u >> 8) < azi_zig_ke[u & 0xff];
}

/* The rare case: u's point was not surely under the curve. */
double azi_zig_exp_slow(az_rng *r, uint64_t u);

/* A standard exponential (mean 1) from stream r. */
static inline double azi_zig_exp(az_rng *r)
{
    uint64_t u = azi_rng_u64(r);
#if defined(__GNUC__)
    if (__builtin_expect(azi_zig_sure(u), 1))
#else
    if (azi_zig_sure(u))
#endif
        return azi_zig_x(u);
    return azi_zig_exp_slow(r, u);
}

#endif
