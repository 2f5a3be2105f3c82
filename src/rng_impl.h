/*
 * rng_impl.h: inline fast path of the random streams, for library modules
 * only (the public functions in rng.c wrap it). Kept out of the public header
 * so that Random123 stays an implementation detail.
 */
#ifndef AZALEA_RNG_IMPL_H
#define AZALEA_RNG_IMPL_H

#include "azalea/rng.h"

#include <Random123/philox.h>

static inline void azi_rng_refill(az_rng *r)
{
    philox4x64_ctr_t c = {{r->ctr_[0], r->ctr_[1], r->ctr_[2], 0}};
    philox4x64_key_t k = {{r->key_[0], r->key_[1]}};
    philox4x64_ctr_t o = philox4x64(c, k);
    r->out_[0] = o.v[0];
    r->out_[1] = o.v[1];
    r->out_[2] = o.v[2];
    r->out_[3] = o.v[3];
    r->ctr_[0]++;
    r->next_ = 0;
}

static inline uint64_t azi_rng_u64(az_rng *r)
{
    if (r->next_ >= 4)
        azi_rng_refill(r);
    return r->out_[r->next_++];
}

/* Random123's u01fixedpt_open_open_64_double, (0.5 + (i >> 12)) * 2^-52,
 * written as (2k + 1) * 2^-53 with k = i >> 12: every step is exact in
 * both (k < 2^52), so the value is the same, with one constant instead of
 * two to keep in a register across the calls around it. */
static inline double azi_rng_u01(uint64_t i)
{
    return (double)(int64_t)((i >> 11) | 1) * 0x1p-53;
}

static inline double azi_rng_uniform(az_rng *r)
{
    return azi_rng_u01(azi_rng_u64(r));
}

#endif
