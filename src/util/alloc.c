/*
 * alloc.c: counted allocation with injectable failure (alloc.h).
 *
 * Invariant: `calls` counts every allocation attempt since the last
 * azi_alloc_fail_from; an attempt fails iff fail_from != 0 and its number
 * (calls after the increment) is >= fail_from. Relaxed atomics suffice: the
 * count orders nothing else, and allocation is never on the event path.
 */
#include "util/alloc.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

static _Atomic uint64_t calls;
static _Atomic uint64_t fail_from; /* 0: never fail */

/* 1 if this attempt must fail. */
static int refused(void)
{
    uint64_t k = atomic_fetch_add_explicit(&calls, 1, memory_order_relaxed) + 1;
    uint64_t f = atomic_load_explicit(&fail_from, memory_order_relaxed);
    if (f == 0 || k < f)
        return 0;
    errno = ENOMEM;
    return 1;
}

void *azi_malloc(size_t size) { return refused() ? NULL : malloc(size); }

void *azi_calloc(size_t n, size_t size)
{
    return refused() ? NULL : calloc(n, size);
}

void *azi_realloc(void *p, size_t size)
{
    return refused() ? NULL : realloc(p, size);
}

void *azi_aligned_alloc(size_t align, size_t size)
{
    return refused() ? NULL : aligned_alloc(align, size);
}

char *azi_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *c = azi_malloc(n);
    return c ? memcpy(c, s, n) : NULL;
}

void azi_alloc_fail_from(uint64_t n)
{
    atomic_store_explicit(&fail_from, n, memory_order_relaxed);
    atomic_store_explicit(&calls, 0, memory_order_relaxed);
}

uint64_t azi_alloc_count(void)
{
    return atomic_load_explicit(&calls, memory_order_relaxed);
}
