/* rng.c: Philox4x64-10 streams keyed by (seed, stream id). See rng.h. */
#include "rng_impl.h"

void az_rng_init(az_rng *r, uint64_t seed, uint64_t replication,
                 uint64_t stream)
{
    r->key_[0] = seed;
    r->key_[1] = stream;
    r->ctr_[0] = 0;
    r->ctr_[1] = replication;
    r->ctr_[2] = 0;
    r->ctr_[3] = 0;
    r->next_ = 4;
}

void az_rng_substream(az_rng *r, uint64_t substream)
{
    r->ctr_[0] = 0;
    r->ctr_[2] = substream;
    r->next_ = 4;
}

uint64_t az_rng_stream_id(const char *name)
{
    /* FNV-1a, then the splitmix64 finaliser so that names differing in one
     * character give keys differing in about half their bits. */
    uint64_t h = 0xcbf29ce484222325u;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        h ^= *p;
        h *= 0x100000001b3u;
    }
    h ^= h >> 30;
    h *= 0xbf58476d1ce4e5b9u;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebu;
    h ^= h >> 31;
    return h;
}

uint64_t az_rng_u64(az_rng *r) { return azi_rng_u64(r); }

double az_rng_uniform(az_rng *r) { return azi_rng_uniform(r); }
