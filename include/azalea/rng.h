/*
 * rng.h: independent, reproducible random streams.
 *
 * The generator is Philox4x64-10 (Salmon et al., SC'11), a counter-based
 * generator taken from Debian's Random123 headers. A stream is named by three
 * numbers: the experiment seed, the replication index and a stream id. Key =
 * (seed, stream id), counter = (block, replication, substream, 0). So:
 *  - streams never overlap (each triple has its own 2^64 blocks of 4 words);
 *  - replication r can be computed on any thread or MPI rank with the same
 *    result, because nothing is shared between streams;
 *  - a model element's stream id is a hash of its name (az_rng_stream_id), so
 *    adding a station does not shift the numbers any other element draws, which
 *    gives common random numbers across scenarios.
 *
 * az_rng is a small value type so it can be embedded without allocation; its
 * fields are private. Nothing here allocates or fails. Drawing advances r,
 * so one az_rng serves one thread; streams on other threads are separate
 * az_rng values.
 */
#ifndef AZALEA_RNG_H
#define AZALEA_RNG_H

#include <stdint.h>

typedef struct az_rng {
    uint64_t key_[2];  /* seed, stream id */
    uint64_t ctr_[4];  /* block, replication, substream, and 0 (kept so that
                        * the layout and snapshots stay as they were) */
    uint64_t out_[4];  /* current output block */
    unsigned next_;    /* next unused word of out_; 4 when used up */
} az_rng;

/* Sets r to the start of stream (seed, replication, stream), substream 0. */
void az_rng_init(az_rng *r, uint64_t seed, uint64_t replication,
                 uint64_t stream);

/* Moves r to the start of one of its 2^64 substreams (e.g. one per unit). */
void az_rng_substream(az_rng *r, uint64_t substream);

/* A 64-bit stream id for a model element name (FNV-1a, then mixed). Stable
 * across versions and platforms: results depend on it. */
uint64_t az_rng_stream_id(const char *name);

/* The next 64 random bits. */
uint64_t az_rng_u64(az_rng *r);

/* A uniform double in the open interval (0, 1): never 0, never 1, with 53
 * significant bits, so log(u) and 1/u are always finite. */
double az_rng_uniform(az_rng *r);

#endif
