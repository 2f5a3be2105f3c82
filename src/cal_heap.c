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

#include <math.h>
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
    return c->heap[azi_cal_heap_first(c)].time;
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
    bool split = c->lin == AZI_CAL_SPLIT;
    if (c->lin > AZI_CAL_SPLIT ||
        (c->lin == AZI_CAL_FLAT &&
         (c->n <= AZI_CAL_SMALL || c->n >= AZI_CAL_SPLIT_MIN)) ||
        (split && (c->nnear > c->n || c->n < AZI_CAL_SPLIT_BACK)))
        return false;
    for (size_t i = 0; i < c->n; i++) {
        uint32_t s = h[i].slot;
        if (s >= c->cap || !(c->slot[s].gen & 1) || c->pos[s] != i)
            return false;
        if (split && (h[i].time < c->lin_t) != (i < c->nnear))
            return false;
        if (!c->lin && i > 0 && azi_cal_hless(&h[i], &h[(i - 1) / d]))
            return false;
        if (c->lin && c->lt[i] != h[i].time)
            return false;
    }
    for (size_t i = c->n; c->lin && i < AZI_CAL_LIN_MAX; i++)
        if (c->lt[i] != INFINITY)
            return false;
    if (c->lin == AZI_CAL_FLAT) { /* the rescan's length, the least known
                                    (note 9) */
        if (c->lhw % 4 || c->lhw < c->n || c->lhw > AZI_CAL_LIN_MAX)
            return false;
        size_t b = azi_cal_lin_min(h, c->lt, c->n);
        if (c->lmin != b || c->lmin_tb != azi_cal_tbits(h[b].time) ||
            c->lmin_k != h[b].key)
            return false;
    }
    return true;
}

/* A heap enters the array at most AZI_CAL_LIN_BACK entries long, always
 * flat; a split is entered only by a flat push (calendar_impl.h). */
_Static_assert(AZI_CAL_LIN_BACK < AZI_CAL_SPLIT_MIN,
               "a heap dropping back must enter the flat array");

void azi_cal_lin_enter(az_calendar *c, size_t n)
{
    assert(n > AZI_CAL_SMALL && n <= AZI_CAL_LIN_BACK);
    for (size_t i = 0; i < n; i++)
        c->lt[i] = c->heap[i].time;
    for (size_t i = n; i < AZI_CAL_LIN_MAX; i++)
        c->lt[i] = INFINITY;
    c->lin = AZI_CAL_FLAT;
    c->lhw = (uint32_t)((n + 3) & ~(size_t)3);
    azi_cal_lin_set_min(c, n);
}

void azi_cal_heap4_build(az_calendar *c)
{
    if (!c->lin)
        return;
    c->lin = 0;
    for (size_t i = c->n > 1 ? (c->n - 2) / 4 + 1 : 0; i-- > 0;)
        sift_down(c, i, c->heap[i], c->n, 4);
}

/* Moves h[j] to h[i] and h[i] to h[j], and their times in lt (note 8). */
static void swap(az_calendar *c, size_t i, size_t j)
{
    azi_cal_hent *h = c->heap, x = h[i], y = h[j];
    h[i] = y;
    h[j] = x;
    c->lt[i] = y.time;
    c->lt[j] = x.time;
    c->pos[y.slot] = (uint32_t)i;
    c->pos[x.slot] = (uint32_t)j;
}

#if defined(__GNUC__)
#define popcount64(x) ((size_t)__builtin_popcountll(x))
#define ctz64(x) ((size_t)__builtin_ctzll(x))
#else
static size_t popcount64(uint64_t x)
{
    size_t k = 0;
    for (; x; x &= x - 1)
        k++;
    return k;
}
static size_t ctz64(uint64_t x)
{
    size_t k = 0;
    for (; !(x & 1); x >>= 1)
        k++;
    return k;
}
#endif

/* Moves the entries of h[0..len), len <= 64, before time t to the front
 * and returns their count nn; moves nothing if none is before t. One pass
 * marks them in a bit mask, without a branch on the data (near or far is
 * a coin flip); then each near entry at nn or beyond swaps with a far one
 * before nn, and only those move. A split's near part is a handful of a
 * few dozen events, so this is a few swaps where a partition that moves
 * every entry (Lomuto's, branch-free) cost 26 instructions an entry. */
static size_t partition(az_calendar *c, size_t len, double t)
{
    const double *lt = c->lt;
    assert(len <= 64);
    uint64_t near = 0;
#ifdef AZI_CAL_SSE2
    /* four times a step from lt (note 8); past len, up to a multiple of
     * 4, lt holds +inf or times of entries already far: masked anyway */
    __m128d tt = _mm_set1_pd(t);
    for (size_t j = 0; j < len; j += 4) {
        __m128 x = _mm_castpd_ps(_mm_cmplt_pd(_mm_load_pd(lt + j), tt));
        __m128 y = _mm_castpd_ps(_mm_cmplt_pd(_mm_load_pd(lt + j + 2), tt));
        near |= (uint64_t)_mm_movemask_ps(
                    _mm_shuffle_ps(x, y, _MM_SHUFFLE(2, 0, 2, 0))) << j;
    }
    near &= len < 64 ? (UINT64_C(1) << len) - 1 : ~UINT64_C(0);
#else
    for (size_t j = 0; j < len; j++)
        near |= (uint64_t)(lt[j] < t) << j;
#endif
    size_t nn = popcount64(near);
    uint64_t front = nn < 64 ? (UINT64_C(1) << nn) - 1 : ~UINT64_C(0);
    uint64_t in = near & ~front, out = ~near & front; /* as many of each */
    for (; in; in &= in - 1, out &= out - 1)
        swap(c, ctz64(out), ctz64(in));
    return nn;
}

/* lin_w, doubled until start + lin_w > start (or 2^1000): a width below
 * the clock's resolution at start would give lin_t = infinity, every
 * event near, and no split ever after. */
static double wide_enough(az_calendar *c, double start)
{
    while (!(start + c->lin_w > start) && c->lin_w < 0x1p1000)
        c->lin_w *= 2;
    return c->lin_w;
}

/* calendar_impl.h, note 7. Called when no event is near, or a split is
 * due. The next window is [lin_t, lin_t + lin_w), which usually holds the
 * least event, as the clock has just crossed lin_t; if it is
 * empty (a gap, or lin_t = 0 on entry), or events were near, the window
 * starts at the least event instead.
 *   A split costs about n steps; between splits k pops scan about k / 2
 * near entries each (the near part drains as the clock nears lin_t), so a
 * pop costs about k / 2 + n / k, least at k = sqrt(2n). lin_w steers the
 * pops since the last split (each pop follows a push, on average, so seq
 * counts them) into [sqrt(n / 2), sqrt(8n)], a factor of 2 at a time,
 * within [2^-1000, 2^1000] and never below the clock's resolution
 * (wide_enough): a clock in any unit. A width far too large (the
 * first split, or a change of pace) would make every event near until
 * the clock crossed lin_t: so while more than sqrt(8n) are near, lin_t
 * comes down at once; and since pushes before lin_t can keep the near
 * part from ever draining, a split is also due after 4 sqrt(8n) pushes
 * (at least 4 times the pops a window should take). */
size_t azi_cal_lin_split(az_calendar *c)
{
    uint64_t pops = c->seq - c->split_seq;
    size_t n = c->n, nn = 0;
    bool fresh = c->nnear == 0;
    c->split_seq = c->seq;
    pops = pops < 1024 ? pops : 1024; /* n <= 64: only the band matters */
    if (2 * pops * pops < n && c->lin_w < 0x1p1000)
        c->lin_w *= 2;
    else if (pops * pops > 8 * n && c->lin_w > 0x1p-1000)
        c->lin_w /= 2;
    double start = c->lin_t, t = start + wide_enough(c, start);
    if (fresh && t > start)
        nn = partition(c, n, t);
    if (nn == 0) {
        start = c->heap[azi_cal_lin_min(c->heap, c->lt, n)].time;
        t = start + wide_enough(c, start);
        t = t > start ? t : INFINITY; /* the least is always near */
        nn = partition(c, n, t);
    }
    /* Too many near: bisect between the least and the greatest near time,
     * which moves the greatest to far and keeps the least, so each step
     * shrinks the near part; the width becomes the window's. A group of
     * ties stays near whole. */
    while (nn * nn > 8 * n) {
        const double *lt = c->lt;
        double lo = lt[0], hi = lo;
        for (size_t i = 1; i < nn; i++) {
            lo = lt[i] < lo ? lt[i] : lo;
            hi = lt[i] > hi ? lt[i] : hi;
        }
        if (!(hi > lo))
            break;
        double mid = lo + (hi - lo) / 2;
        t = mid > lo ? mid : hi;
        nn = partition(c, nn, t);
        c->lin_w = t - lo;
    }
    c->lin_t = t;
    c->nnear = (uint32_t)nn;
    c->split_due = c->seq + 4 * (uint64_t)sqrt(8.0 * (double)n);
    return nn;
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
