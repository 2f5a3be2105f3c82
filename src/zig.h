/*
 * zig.h: the exponential and normal samplers of the engine and of
 * az_dist_sample, by the ziggurat method (zig.c and zig_norm.c have the
 * algorithms and the tables' invariants). One stream word a draw in about
 * 99 % of draws, and no log: the commonest draws of a line model (the
 * exponential, and the normal under every lognormal) at a fraction of the
 * cost of -log(u) or of GSL's ziggurat.
 */
#ifndef AZALEA_ZIG_H
#define AZALEA_ZIG_H

#include <stdint.h>
#include <string.h>

#include "rng_impl.h"

/* The sure case, nearly every draw, is the path laid out straight. */
#if defined(__GNUC__)
#define AZI_ZIG_LIKELY(x) __builtin_expect(!!(x), 1)
#else
#define AZI_ZIG_LIKELY(x) (x)
#endif

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
    if (AZI_ZIG_LIKELY(azi_zig_sure(u)))
        return azi_zig_x(u);
    return azi_zig_exp_slow(r, u);
}

/* The normal's r, tables and layer test: as the exponential's, with 55
 * bits of position (bit 8 is the sign). */
#define AZI_ZIG_NR 3.6541528853610088

extern const uint64_t azi_zig_kn[256];
extern const double azi_zig_wn[256];
extern const double azi_zig_fn[256];

static inline double azi_zig_nx(uint64_t u)
{
    return (double)(int64_t)(u >> 9) * azi_zig_wn[u & 0xff];
}

static inline int azi_zig_nsure(uint64_t u)
{
    return (u >> 9) < azi_zig_kn[u & 0xff];
}

/* x with the sign of bit 8 of word u, the bit the layer did not use:
 * flipped without a branch, which half the draws would mispredict. */
static inline double azi_zig_nsign(uint64_t u, double x)
{
    uint64_t b;
    memcpy(&b, &x, sizeof b);
    b ^= (u & 0x100) << 55;
    memcpy(&x, &b, sizeof b);
    return x;
}

double azi_zig_norm_slow(az_rng *r, uint64_t u);

/* A standard normal (mean 0, sd 1) from stream r. */
static inline double azi_zig_norm(az_rng *r)
{
    uint64_t u = azi_rng_u64(r);
    if (AZI_ZIG_LIKELY(azi_zig_nsure(u)))
        return azi_zig_nsign(u, azi_zig_nx(u));
    return azi_zig_norm_slow(r, u);
}

#endif
