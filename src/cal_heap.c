/*
 * cal_heap.c: implicit d-ary min-heaps (d = 2 and d = 4) for the calendar.
 *
 * Invariant: for 0 < i < n, heap[parent(i)] <= heap[i] in (time, key) order,
 * parent(i) = (i - 1) / d, and pos[heap[i].slot] == i, which is what makes
 * cancel and reschedule O(log n). Moves use a hole instead of swaps, so each
 * level costs one entry copy and one pos[] write.
 *
 * The code is written once for a compile-time d and instantiated twice; a
 * constant d turns the child scan into straight-line compares.
 */
#include "calendar_impl.h"

#include <stdlib.h>

/* The template functions must be inlined into each instance, or d stops
 * being a constant. */
#if defined(__GNUC__)
#define HOT static inline __attribute__((always_inline))
#else
#define HOT static inline
#endif

HOT bool hless(const azi_cal_hent *a, const azi_cal_hent *b)
{
    return azi_cal_less(a->time, a->key, b->time, b->key);
}

HOT void put(az_calendar *c, size_t i, azi_cal_hent x)
{
    c->heap[i] = x;
    c->pos[x.slot] = (uint32_t)i;
}

/* Fills hole i with x, moving x up past larger ancestors. */
HOT void sift_up(az_calendar *c, size_t i, azi_cal_hent x, size_t d)
{
    azi_cal_hent *h = c->heap;
    while (i > 0) {
        size_t p = (i - 1) / d;
        if (!hless(&x, &h[p]))
            break;
        put(c, i, h[p]);
        i = p;
    }
    put(c, i, x);
}

/* Index of the smallest of the children first .. min(first + d, n) - 1. */
HOT size_t min_child(const azi_cal_hent *h, size_t first, size_t n, size_t d)
{
    size_t best = first;
    if (first + d <= n) {
        if (d == 4) { /* tournament: two independent compares, then one */
            size_t a = first + hless(&h[first + 1], &h[first]);
            size_t b = first + 2 + hless(&h[first + 3], &h[first + 2]);
            return hless(&h[b], &h[a]) ? b : a;
        }
        for (size_t j = first + 1; j < first + d; j++)
            best = hless(&h[j], &h[best]) ? j : best;
    } else {
        for (size_t j = first + 1; j < n; j++)
            if (hless(&h[j], &h[best]))
                best = j;
    }
    return best;
}

/* Fills hole i of a heap of n entries with x, moving x down. */
HOT void sift_down(az_calendar *c, size_t i, azi_cal_hent x, size_t n,
                   size_t d)
{
    azi_cal_hent *h = c->heap;
    for (;;) {
        size_t first = d * i + 1;
        if (first >= n)
            break;
        size_t b = min_child(h, first, n, d);
        if (!hless(&h[b], &x))
            break;
        put(c, i, h[b]);
        i = b;
    }
    put(c, i, x);
}

/* Root removal, bottom-up (Floyd): the hole runs down to a leaf along the
 * smallest children without comparing against x, then x (the old last entry,
 * usually large) sifts up the short way. Saves one compare per level. */
HOT void pop_root(az_calendar *c, size_t n, size_t d)
{
    azi_cal_hent *h = c->heap;
    azi_cal_hent x = h[n - 1];
    size_t m = n - 1, i = 0;
    if (m == 0)
        return;
    for (;;) {
        size_t first = d * i + 1;
        if (first >= m)
            break;
        size_t b = min_child(h, first, m, d);
        put(c, i, h[b]);
        i = b;
    }
    sift_up(c, i, x, d);
}

HOT void insert_d(az_calendar *c, uint32_t s, double time, uint64_t key,
                  size_t d)
{
    azi_cal_hent x = {time, key, s};
    sift_up(c, c->n, x, d);
}

HOT uint32_t pop_d(az_calendar *c, double *time, size_t d)
{
    uint32_t s = c->heap[0].slot;
    *time = c->heap[0].time;
    pop_root(c, c->n, d);
    return s;
}

HOT void remove_d(az_calendar *c, uint32_t s, size_t d)
{
    size_t i = c->pos[s], m = c->n - 1;
    if (i == m)
        return;
    azi_cal_hent x = c->heap[m];
    if (hless(&x, &c->heap[i]))
        sift_up(c, i, x, d);
    else
        sift_down(c, i, x, m, d);
}

HOT void update_d(az_calendar *c, uint32_t s, double time, uint64_t key,
                  size_t d)
{
    size_t i = c->pos[s];
    azi_cal_hent x = {time, key, s};
    if (hless(&x, &c->heap[i]))
        sift_up(c, i, x, d);
    else
        sift_down(c, i, x, c->n, d);
}

static double time_of(const az_calendar *c, uint32_t s)
{
    return c->heap[c->pos[s]].time;
}

static double min_time(const az_calendar *c) { return c->heap[0].time; }

static bool grow(az_calendar *c, size_t newcap)
{
    azi_cal_hent *h = realloc(c->heap, newcap * sizeof *h);
    if (!h)
        return false;
    c->heap = h;
    return true;
}

static bool check_d(const az_calendar *c, size_t d)
{
    const azi_cal_hent *h = c->heap;
    for (size_t i = 0; i < c->n; i++) {
        uint32_t s = h[i].slot;
        if (s >= c->cap || !(c->slot[s].gen & 1) || c->pos[s] != i)
            return false;
        if (i > 0 && hless(&h[i], &h[(i - 1) / d]))
            return false;
    }
    return true;
}

/* One instance per d: thin wrappers whose only job is to fix d. */
#define AZI_CAL_HEAP_OPS(D)                                                 \
    void azi_cal_heap##D##_insert(az_calendar *c, uint32_t s, double t,     \
                                  uint64_t k)                               \
    {                                                                       \
        insert_d(c, s, t, k, D);                                            \
    }                                                                       \
    uint32_t azi_cal_heap##D##_pop(az_calendar *c, double *t)               \
    {                                                                       \
        return pop_d(c, t, D);                                              \
    }                                                                       \
    static void remove##D(az_calendar *c, uint32_t s)                       \
    {                                                                       \
        remove_d(c, s, D);                                                  \
    }                                                                       \
    static void update##D(az_calendar *c, uint32_t s, double t, uint64_t k) \
    {                                                                       \
        update_d(c, s, t, k, D);                                            \
    }                                                                       \
    static bool check##D(const az_calendar *c) { return check_d(c, D); }    \
    const azi_cal_ops azi_cal_heap##D##_ops = {                             \
        azi_cal_heap##D##_insert, azi_cal_heap##D##_pop, remove##D,         \
        update##D,                                                          \
        time_of,   min_time, grow,   check##D};

AZI_CAL_HEAP_OPS(2)
AZI_CAL_HEAP_OPS(4)
