/*
 * cal_heap.c: implicit d-ary min-heaps (d = 2 and d = 4) for the calendar.
 * The engine uses d = 4; d = 2 is kept for the hold benchmark (bench/hold.c)
 * and the calendar tests.
 *
 * Invariant: for 0 < i < n, heap[parent(i)] <= heap[i] in (time, key) order,
 * parent(i) = (i - 1) / d, and pos[heap[i].slot] == i, which is what makes
 * cancel and reschedule O(log n). Moves use a hole instead of swaps, so each
 * level costs one entry copy and one pos[] write.
 *
 * The code is written once for a compile-time d and instantiated twice; a
 * constant d turns the child scan into straight-line compares. The moves that
 * push and pop need (sift up, root removal) are in calendar_impl.h, because
 * the 4-ary heap's push and pop are inlined into their callers; this file has
 * the rest (cancel, reschedule, checks) and the ops tables.
 */
#include "calendar_impl.h"
#include "util/alloc.h"

#include <stdlib.h>

#define HOT AZI_CAL_INLINE

/* Index of the smallest of the children first .. min(first + d, n) - 1. */
HOT size_t min_child(const azi_cal_hent *h, size_t first, size_t n, size_t d)
{
    size_t best = first;
    if (first + d <= n) {
        if (d == 4) { /* tournament: two independent compares, then one */
            size_t a = first + azi_cal_hless(&h[first + 1], &h[first]);
            size_t b = first + 2 + azi_cal_hless(&h[first + 3], &h[first + 2]);
            return azi_cal_hless(&h[b], &h[a]) ? b : a;
        }
        for (size_t j = first + 1; j < first + d; j++)
            best = azi_cal_hless(&h[j], &h[best]) ? j : best;
    } else {
        for (size_t j = first + 1; j < n; j++)
            if (azi_cal_hless(&h[j], &h[best]))
                best = j;
    }
    return best;
}

HOT void sift_up(az_calendar *c, size_t i, azi_cal_hent x, size_t d)
{
    azi_cal_sift_up(c->heap, c->pos, i, x, d);
}

/* Fills hole i of a heap of n entries with x, moving x down. */
HOT void sift_down(az_calendar *c, size_t i, azi_cal_hent x, size_t n,
                   size_t d)
{
    azi_cal_hent *h = c->heap;
    uint32_t *pos = c->pos;
    for (;;) {
        size_t first = d * i + 1;
        if (first >= n)
            break;
        size_t b = min_child(h, first, n, d);
        azi_cal_hent y = h[b];
        if (!azi_cal_hless(&y, &x))
            break;
        h[i] = y;
        pos[y.slot] = (uint32_t)i;
        i = b;
    }
    h[i] = x;
    pos[x.slot] = (uint32_t)i;
}

HOT void insert_d(az_calendar *c, uint32_t s, double time, uint64_t key,
                  size_t d)
{
    azi_cal_hent x = {time, key, s, c->slot[s].obj};
    sift_up(c, c->n, x, d);
}

HOT uint32_t pop_d(az_calendar *c, double *time, size_t d)
{
    uint32_t s = c->heap[0].slot;
    *time = c->heap[0].time;
    azi_cal_pop_root(c->heap, c->pos, c->n - 1, d);
    return s;
}

HOT void remove_d(az_calendar *c, uint32_t s, size_t d)
{
    size_t i = c->pos[s], m = c->n - 1;
    if (i == m)
        return;
    azi_cal_hent x = c->heap[m];
    if (azi_cal_hless(&x, &c->heap[i]))
        sift_up(c, i, x, d);
    else
        sift_down(c, i, x, m, d);
}

HOT void update_d(az_calendar *c, uint32_t s, double time, uint64_t key,
                  size_t d)
{
    size_t i = c->pos[s];
    azi_cal_hent x = {time, key, s, c->slot[s].obj};
    if (azi_cal_hless(&x, &c->heap[i]))
        sift_up(c, i, x, d);
    else
        sift_down(c, i, x, c->n, d);
}

static double time_of(const az_calendar *c, uint32_t s)
{
    return c->heap[c->pos[s]].time;
}

static double min_time(const az_calendar *c)
{
    return c->heap[c->lin ? azi_cal_lin_min(c->heap, c->n) : 0].time;
}

static bool grow(az_calendar *c, size_t newcap)
{
    azi_cal_hent *h = azi_realloc(c->heap, newcap * sizeof *h);
    if (!h)
        return false;
    c->heap = h;
    return true;
}

static bool check_d(const az_calendar *c, size_t d)
{
    /* in no order (calendar_impl.h, note 6): the 4-ary heap only, small */
    const azi_cal_hent *h = c->heap;
    if (c->lin && (d != 4 || c->n > AZI_CAL_LIN_MAX))
        return false;
    for (size_t i = 0; i < c->n; i++) {
        uint32_t s = h[i].slot;
        if (s >= c->cap || !(c->slot[s].gen & 1) || c->pos[s] != i)
            return false;
        if (!c->lin && i > 0 && azi_cal_hless(&h[i], &h[(i - 1) / d]))
            return false;
    }
    return true;
}

void azi_cal_heap4_build(az_calendar *c)
{
    if (!c->lin)
        return;
    c->lin = false;
    for (size_t i = c->n > 1 ? (c->n - 2) / 4 + 1 : 0; i-- > 0;)
        sift_down(c, i, c->heap[i], c->n, 4);
}

/* The fast pop's general case (a heap of more than 5 entries). */
void azi_cal_heap4_pop_root(azi_cal_hent *h, uint32_t *pos, size_t m)
{
    azi_cal_pop_root(h, pos, m, 4);
}

/* One instance per d: thin wrappers whose only job is to fix d. */
#define AZI_CAL_HEAP_OPS(D)                                                 \
    static void insert##D(az_calendar *c, uint32_t s, double t, uint64_t k) \
    {                                                                       \
        insert_d(c, s, t, k, D);                                            \
    }                                                                       \
    static uint32_t pop##D(az_calendar *c, double *t)                       \
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
        insert##D, pop##D,   remove##D, update##D,                          \
        time_of,   min_time, grow,   check##D, NULL, NULL};

AZI_CAL_HEAP_OPS(2)
AZI_CAL_HEAP_OPS(4)
