/*
 * strmap.c: the string hash table (strmap.h), used by the model's name
 * set (model.c) and the loader's name indices (src/load/).
 *
 * Open addressing with linear probing in a power-of-two array of slots,
 * hashed by FNV-1a with a multiply-xorshift finaliser.
 *
 * Invariants:
 *  1. the table is at most half full: n * 2 <= cap after every put (a
 *     put grows it first when (n + 1) * 2 > cap), so there is always an
 *     empty slot and a probe ends;
 *  2. a key sits in the first empty-or-equal slot of its probe sequence
 *     from hash & (cap - 1); with no removal, no slot is ever emptied, so a
 *     lookup that reaches an empty slot has seen every place the key could
 *     be;
 *  3. growing rebuilds the table into a new array before the old one is
 *     freed, so a failed allocation leaves the map untouched.
 * From 1 and 2: put and lookups take O(1) expected probes. From 3: the
 * failure guarantee of strmap.h.
 */
#include "util/strmap.h"
#include "util/alloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

size_t azi_strmap_hash(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 16777619u;
    }
    /* FNV's low bits are its weakest: mix the high ones in (the
     * finaliser of MurmurHash3's fmix32). */
    h ^= h >> 16;
    h *= 0x85ebca6bu;
    h ^= h >> 13;
    h *= 0xc2b2ae35u;
    h ^= h >> 16;
    return (size_t)h;
}

/* The slot of key: its own, or the empty one where it would go. */
static azi_strmap_slot *probe(azi_strmap_slot *slot, size_t cap,
                              const char *key)
{
    size_t h = azi_strmap_hash(key) & (cap - 1);
    while (slot[h].key && strcmp(slot[h].key, key))
        h = (h + 1) & (cap - 1);
    return &slot[h];
}

static int grow(azi_strmap *m)
{
    if (m->cap > SIZE_MAX / 2 / sizeof *m->slot)
        return -1;
    size_t cap = m->cap ? m->cap * 2 : 16;
    azi_strmap_slot *t = azi_calloc(cap, sizeof *t);
    if (!t)
        return -1;
    for (size_t i = 0; i < m->cap; i++)
        if (m->slot[i].key)
            *probe(t, cap, m->slot[i].key) = m->slot[i];
    free(m->slot);
    m->slot = t;
    m->cap = cap;
    return 0;
}

int azi_strmap_put(azi_strmap *m, const char *key, long val)
{
    azi_strmap_slot *s = m->cap ? probe(m->slot, m->cap, key) : NULL;
    if (s && s->key) { /* there: a new value needs no room */
        s->val = val;
        return 0;
    }
    if ((m->n + 1) * 2 > m->cap) {
        if (grow(m))
            return -1;
        s = probe(m->slot, m->cap, key);
    }
    s->key = key;
    s->val = val;
    m->n++;
    return 0;
}

int azi_strmap_find(const azi_strmap *m, const char *key, long *val)
{
    if (!m->cap)
        return 0;
    const azi_strmap_slot *s = probe(m->slot, m->cap, key);
    if (!s->key)
        return 0;
    if (val)
        *val = s->val;
    return 1;
}

long azi_strmap_get(const azi_strmap *m, const char *key, long missing)
{
    long v;
    return azi_strmap_find(m, key, &v) ? v : missing;
}

size_t azi_strmap_count(const azi_strmap *m) { return m->n; }

void azi_strmap_free(azi_strmap *m)
{
    free(m->slot);
    m->slot = NULL;
    m->cap = m->n = 0;
}
