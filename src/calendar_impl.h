/*
 * calendar_impl.h: the calendar's internals, shared by calendar.c (pool,
 * handles, public API) and the structures (cal_heap.c: binary and 4-ary heaps;
 * cal_pairing.c: pairing heap). Library modules and unit tests only.
 *
 * Design notes.
 *  1. Pool. An event lives in slot s of parallel arrays indexed by slot:
 *     slot[s] holds the payload and generation, pos[s] the heap position
 *     (heaps) or, while s is free, the next free slot. Arrays grow by doubling
 *     with realloc, so everything refers to slots by index, never by pointer.
 *  2. Generation. slot[s].gen is odd while s holds a pending event and even
 *     while it is free; push and free each add 1. A handle is
 *     (gen << 32) | s, so a handle is never 0 and goes stale as soon as its
 *     event pops or is cancelled. (A stale handle could alias only after 2^31
 *     reuses of one slot.)
 *  3. Order key. Entries carry (time, key) inline, key = (priority + 128) << 56
 *     | seq, so one integer compare breaks time ties by priority, then FIFO.
 *     seq is unique per calendar, hence the order is total and every
 *     structure pops the same sequence.
 *  4. The structure operations below see c->n as the number of pending events
 *     *before* the operation; calendar.c updates c->n after calling them.
 *  5. Hot path. Push and pop of the default structure (4-ary heap) are
 *     inline functions in this header, and the public az_calendar_push/pop
 *     are thin wrappers over them, so that link-time optimisation puts one
 *     straight run of code per event into the engine instead of calls that
 *     save registers and pass 8 arguments. Anything unusual (a bad time, a
 *     full pool, another kind, an empty calendar) branches to the generic
 *     azi_cal_push_slow/azi_cal_pop_slow in calendar.c. A heap of at most 5
 *     entries, such as a single-server queue's, has a short path of its own.
 *     The calendar queue, which the engine picks for large models, has one
 *     too: a push at a bucket's end and a pop from the current bucket are
 *     inline, the rest calls cal_queue.c (about 180 instructions per event
 *     down to about 100 at 10,000 stations; docs/performance.md).
 *  6. Mid-sized calendars (4-ary heap only). From 6 up to AZI_CAL_LIN_MAX
 *     pending events, h[0..n) is kept in no order (c->lin != 0): a push
 *     appends, a pop takes the smallest (note 9) and moves the last entry
 *     into its place (AZI_CAL_FLAT from 6 to 47 events; split in two
 *     from 48, down to 40, note 7). No compare decides a branch, where a heap's sift turns on
 *     coin flips: a 10-station line ran 19 % faster (docs/performance.md).
 *     A push beyond the bound builds the heap (O(n)); a heap popped down
 *     to AZI_CAL_LIN_BACK drops back (any heap is such an array); at 5 or
 *     fewer the smallest moves to the front and the small heap's path
 *     (note 5) takes over, which is faster for a single-server queue.
 *     Everything but the fast push and pop builds the heap first
 *     (azi_cal_heap4_build). The pop sequence is that of the total (time,
 *     key) order whatever the layout, so results do not change.
 *  7. Near and far (the unordered array of note 6, from
 *     AZI_CAL_SPLIT_MIN events; c->lin says which). A big line's calendar
 *     holds the next process ends, seconds ahead, and as many failures,
 *     shifts and lot releases hours ahead, which almost never pop. So the
 *     array is split: h[0..nnear) holds the events before lin_t, h[nnear..n)
 *     the rest, and a pop scans the near part only. Invariant: every near
 *     time < lin_t <= every far time, so the least near event is the least
 *     of all; ties in time never straddle the bound. A push goes to the
 *     side its time picks, by selects, not a branch. A pop that finds no
 *     near event, or a window that has not closed within several times
 *     the pops it should take, splits again (azi_cal_lin_split): lin_t
 *     moves on by lin_w, which doubles or halves so that about sqrt(2n)
 *     events pop between splits, keeping the near part a handful of events
 *     at any time scale. Entering the split sets lin_t = 0: all far. Below
 *     AZI_CAL_SPLIT_MIN the flat array is faster: its pop knows the least
 *     at once (note 9), where the split's pop scans and, every few pops,
 *     splits again; the reference factory's 25 to 37 events ran 3 % faster
 *     flat (docs/performance.md).
 *  8. Times apart. While the array is unordered (notes 6, 7), c->lt holds
 *     its times a second time, contiguous, and +inf past its last entry:
 *     a scan reads them 16 bytes a load, four to a step, with no tail
 *     loop, where 24-byte entries took two loads for two times. A move in
 *     the array moves its time in lt too; entering the array fills lt
 *     (azi_cal_lin_enter), and leaving it lets lt go stale.
 *  9. The least known ahead (AZI_CAL_FLAT only). c->lmin is the position
 *     of the array's least entry, so a pop takes it at once and scans for
 *     the next least only after the removal. The next event's handler,
 *     all of whose loads wait on which event it is, then does not wait
 *     for a scan: the scan runs beside the handler, and the handler's
 *     pushes only compare their entry with the least known (selects, no
 *     branch). The least's time bits and key are kept with it, so that a
 *     push compares without a load that waits on lmin (reading h[lmin]
 *     instead made the realistic line 6 % slower than without note 9).
 *     The rescan reads lt[0..lhw), lhw a multiple of 4 that grows with n
 *     and falls only when the array turns flat again: a loop of the same
 *     length from pop to pop, whose exit is predicted, where one of
 *     n / 4 steps mispredicted whenever n crossed a multiple of 4 (the
 *     entries past n are +inf, note 8). Invariant, checked by
 *     azi_cal_check: lmin, lmin_tb and lmin_k are those of the least
 *     (time, key) among h[0..n), and n <= lhw <= AZI_CAL_LIN_MAX.
 */
#ifndef AZALEA_CALENDAR_IMPL_H
#define AZALEA_CALENDAR_IMPL_H

#include "azalea/calendar.h"

#include <assert.h>
#include <float.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

/* The scans use SSE2 (every x86-64) where GCC or Clang compiles them;
 * AZI_CAL_NO_SIMD forces the scalar code elsewhere too, for the tests
 * that must run it (Makefile: test_calendar_scalar). */
#if defined(__SSE2__) && defined(__GNUC__) && !defined(AZI_CAL_NO_SIMD)
#define AZI_CAL_SSE2 1
#include <emmintrin.h>
#endif

#define AZI_CAL_NIL UINT32_MAX
/* Slot and heap indices stay below AZI_CAL_NIL. */
#define AZI_CAL_MAX_CAP ((size_t)UINT32_MAX - 1)
#define AZI_CAL_SEQ_BITS 56

typedef struct azi_cal_slot {
    uint64_t data;
    uint32_t type, obj;
    uint32_t gen;     /* odd: pending; even: free (note 2) */
    int8_t priority;  /* kept for reschedule, which takes a fresh seq */
} azi_cal_slot;

/* d-ary heap entry: the whole comparison key plus the slot, so sifting reads
 * only the heap array (and writes pos[]), never the payload. obj (a copy of
 * the payload's, in what was padding) tells the engine which object the
 * next event concerns before it pops (azi_cal_next_obj). */
typedef struct azi_cal_hent {
    double time;
    uint64_t key;
    uint32_t slot;
    uint32_t obj;
} azi_cal_hent;

/* Pairing heap node, indexed by slot. prev is the parent for a first child,
 * the left sibling otherwise, AZI_CAL_NIL for the root. */
typedef struct azi_cal_pnode {
    double time;
    uint64_t key;
    uint32_t child, sib, prev;
} azi_cal_pnode;

/* Calendar queue (cal_queue.c): a node per slot, in its bucket's list. The
 * event's object rides along for azi_cal_next_obj, as in heap entries. */
typedef struct azi_cal_qnode {
    double time;
    uint64_t key;
    uint32_t next;        /* bucket list, in (time, key) order */
    uint32_t obj;
} azi_cal_qnode;

/* A bucket's first (smallest) and last node, or NIL: together, so a push
 * or pop reads one line of the bucket array. */
typedef struct azi_cal_bucket {
    uint32_t head, tail;
} azi_cal_bucket;

struct azi_cal_cq {
    azi_cal_qnode *node;  /* per slot */
    azi_cal_bucket *bucket;
    size_t nbmax;         /* buckets allocated */
    size_t nb;            /* buckets in use, a power of 2 */
    double width, inv;    /* bucket width and its inverse */
    uint64_t cur;         /* virtual bucket no pending event precedes */
    uint64_t work, ops;   /* since the last check of the width */
};

/* The virtual bucket of time t: floor(t / width), capped, computed as a
 * product, which rounds monotonically, so it never decreases with t. */
static inline uint64_t azi_cal_vbucket(const struct azi_cal_cq *q, double t)
{
    double v = t * q->inv;
    return v < 0x1p62 ? (uint64_t)v : UINT64_C(1) << 62;
}

typedef struct azi_cal_ops {
    void (*insert)(az_calendar *c, uint32_t s, double time, uint64_t key);
    /* Removes the first event; returns its slot and sets *time. n >= 1. */
    uint32_t (*pop)(az_calendar *c, double *time);
    /* Removes pending slot s. */
    void (*remove)(az_calendar *c, uint32_t s);
    /* Gives pending slot s a new (time, key). */
    void (*update)(az_calendar *c, uint32_t s, double time, uint64_t key);
    double (*time_of)(const az_calendar *c, uint32_t s);
    double (*min_time)(const az_calendar *c); /* n >= 1 */
    /* Grows the structure's own array to newcap; false if out of memory. */
    bool (*grow)(az_calendar *c, size_t newcap);
    /* Checks every structural invariant (tests only; O(n)). */
    bool (*check)(const az_calendar *c);
    /* Optional (NULL: nothing to do): forget every event (az_calendar_reset
     * has dropped them from the pool); free the structure's own memory. */
    void (*reset)(az_calendar *c);
    void (*destroy)(az_calendar *c);
} azi_cal_ops;

/* The small heap (note 5: the root and its 4 children) and the bounds of
 * the unordered array above it (note 6), and of its split (note 7): split
 * from AZI_CAL_SPLIT_MIN events on, flat again below AZI_CAL_SPLIT_BACK. */
enum {
    AZI_CAL_SMALL = 5,
    AZI_CAL_LIN_MAX = 64,
    AZI_CAL_LIN_BACK = 32,
    AZI_CAL_SPLIT_MIN = 48,
    AZI_CAL_SPLIT_BACK = 40
};
enum { AZI_CAL_FLAT = 1, AZI_CAL_SPLIT = 2 }; /* c->lin */

struct az_calendar {
    const azi_cal_ops *ops;
    az_calendar_kind kind; /* never AZ_CAL_DEFAULT */
    double now;
    uint64_t seq;          /* next seq; < 2^56 */
    size_t n;              /* pending events */
    size_t cap;            /* slots in the pool (and heap/node arrays) */
    uint32_t free_head;    /* first free slot or AZI_CAL_NIL */
    uint32_t root;         /* pairing heap root or AZI_CAL_NIL */
    uint8_t lin;           /* 4-ary heap: 0, or h[0..n) in no order:
                              AZI_CAL_FLAT or AZI_CAL_SPLIT (notes 6, 7) */
    uint32_t nnear;        /* split: h[0..nnear) are near (note 7) */
    uint64_t split_seq;    /* seq at the last split */
    uint64_t split_due;    /* seq at which to split again if not before */
    double lin_t, lin_w;   /* near: time < lin_t; the split's width */
    /* While c->lin: lt[i] = heap[i].time for i < n, +inf from n to the
     * end, so that a scan reads times alone, contiguous, four at a time
     * (note 8). Stale otherwise. */
    _Alignas(16) double lt[AZI_CAL_LIN_MAX];
    /* While c->lin == AZI_CAL_FLAT: the least entry's position, time bits
     * and key, and how many of lt a rescan reads (note 9). Stale
     * otherwise. */
    uint32_t lmin, lhw;
    uint64_t lmin_tb, lmin_k;
    azi_cal_slot *slot;
    uint32_t *pos;
    azi_cal_hent *heap;    /* d-ary heaps only */
    azi_cal_pnode *node;   /* pairing heap only */
    struct azi_cal_cq *cq; /* calendar queue only (cal_queue.c) */
};

extern const azi_cal_ops azi_cal_heap2_ops;
extern const azi_cal_ops azi_cal_heap4_ops;
extern const azi_cal_ops azi_cal_pairing_ops;
extern const azi_cal_ops azi_cal_queue_ops;

#if defined(__GNUC__)
#define AZI_CAL_UNLIKELY(x) __builtin_expect(!!(x), 0)
#define AZI_CAL_INLINE static inline __attribute__((always_inline))
#else
#define AZI_CAL_UNLIKELY(x) (x)
#define AZI_CAL_INLINE static inline
#endif

/* Strict (time, key) order shared by all structures, as integer arithmetic.
 * Times are finite and >= +0.0 (push turns -0.0 into +0.0), and for such
 * doubles the IEEE-754 bit patterns, read as uint64, order exactly like the
 * values. So (ta, ka) < (tb, kb) iff bits(ta) < bits(tb) + (ka < kb): the
 * carry breaks the tie, and bits(tb) + 1 cannot overflow for a finite time.
 * Two integer compares and no branch: which of two entries is smaller is a
 * coin flip that a branch predictor cannot learn, and the float version
 * (compare, equality, unordered check) is a longer dependency chain. */
static inline uint64_t azi_cal_tbits(double t)
{
    uint64_t u;
    memcpy(&u, &t, sizeof u);
    return u;
}

static inline bool azi_cal_less(double ta, uint64_t ka, double tb, uint64_t kb)
{
    return azi_cal_tbits(ta) < azi_cal_tbits(tb) + (ka < kb);
}

AZI_CAL_INLINE bool azi_cal_hless(const azi_cal_hent *a, const azi_cal_hent *b)
{
    return azi_cal_less(a->time, a->key, b->time, b->key);
}

/* ---- d-ary heap moves (cal_heap.c has the invariant) ----------------------
 * Written for a compile-time d (always inlined, so the child scan becomes
 * straight-line code). They take the heap and position arrays as arguments:
 * stores through them cannot then be taken to modify the calendar's own
 * fields, which the compiler would otherwise reload after every store. */

/* Fills hole i with x, moving x up past larger ancestors. */
AZI_CAL_INLINE void azi_cal_sift_up(azi_cal_hent *h, uint32_t *pos, size_t i,
                                    azi_cal_hent x, size_t d)
{
    while (i > 0) {
        size_t p = (i - 1) / d;
        azi_cal_hent y = h[p];
        if (!azi_cal_hless(&x, &y))
            break;
        h[i] = y;
        pos[y.slot] = (uint32_t)i;
        i = p;
    }
    h[i] = x;
    pos[x.slot] = (uint32_t)i;
}

/* Removes the root of a heap of m + 1 entries, bottom-up (Floyd): the hole
 * runs down to a leaf along the smallest children without comparing against
 * x (the old last entry, usually large), then x sifts up the short way. This
 * saves one compare per level. While a hole has d children they are compared
 * as a tournament (for d = 4: two independent compares, then one); the last
 * group may be partial. */
AZI_CAL_INLINE void azi_cal_pop_root(azi_cal_hent *h, uint32_t *pos, size_t m,
                                     size_t d)
{
    azi_cal_hent x = h[m];
    size_t i = 0, first = 1;
    while (first + d <= m) {
        size_t b;
        if (d == 4) {
            size_t a0 = first + azi_cal_hless(&h[first + 1], &h[first]);
            size_t a1 = first + 2 + azi_cal_hless(&h[first + 3], &h[first + 2]);
            b = azi_cal_hless(&h[a1], &h[a0]) ? a1 : a0;
        } else {
            b = first;
            for (size_t j = first + 1; j < first + d; j++)
                b = azi_cal_hless(&h[j], &h[b]) ? j : b;
        }
        azi_cal_hent y = h[b];
        h[i] = y;
        pos[y.slot] = (uint32_t)i;
        i = b;
        first = d * i + 1;
    }
    if (first < m) { /* a partial last group: first .. m - 1 */
        size_t b = first;
        for (size_t j = first + 1; j < m; j++)
            b = azi_cal_hless(&h[j], &h[b]) ? j : b;
        azi_cal_hent y = h[b];
        h[i] = y;
        pos[y.slot] = (uint32_t)i;
        i = b;
    }
    azi_cal_sift_up(h, pos, i, x, d);
}

/* The same for a 4-ary heap of m + 1 <= 5 entries, where every entry left is
 * a child of the root (x = h[m] included): the smallest, h[b], becomes the
 * root and x fills its place unless it is h[b] itself. Same result as
 * azi_cal_pop_root, with less code and no loop. A single-server queue's
 * calendar never leaves this case. */
AZI_CAL_INLINE void azi_cal_pop_root_small(azi_cal_hent *h, uint32_t *pos,
                                           size_t m)
{
    if (m == 0)
        return;
    size_t b = 1;
    if (m >= 2) { /* unrolled: m is the same from pop to pop, so predicted */
        b += azi_cal_hless(&h[2], &h[1]);
        if (m >= 3) {
            b = azi_cal_hless(&h[3], &h[b]) ? 3 : b;
            if (m == 4)
                b = azi_cal_hless(&h[4], &h[b]) ? 4 : b;
        }
    }
    azi_cal_hent y = h[b];
    h[0] = y;
    pos[y.slot] = 0;
    if (b != m) {
        azi_cal_hent x = h[m];
        h[b] = x;
        pos[x.slot] = (uint32_t)b;
    }
}

/* The calendar queue's slow cases, compiled once (cal_queue.c): links node
 * s (time and key set), which goes before bucket bk's tail, by walking the
 * bucket; and the resizing and width check after an operation that leaves
 * n events. */
void azi_cal_cq_link_inside(struct azi_cal_cq *q, azi_cal_bucket *bk,
                            uint32_t s);
void azi_cal_cq_tune(az_calendar *c, size_t n);

/* azi_cal_cq_tune after an operation leaving n events, inline where it
 * has nothing to do but count the operation: n is within the bucket
 * count's band and the width check is not due. Otherwise it decides from
 * scratch. */
AZI_CAL_INLINE void azi_cal_cq_tune_inline(az_calendar *c, size_t n)
{
    struct azi_cal_cq *q = c->cq;
    if (n <= 2 * q->nb && 2 * n >= q->nb && q->ops + 1 < q->nb)
        q->ops++;
    else
        azi_cal_cq_tune(c, n);
}

/* azi_cal_pop_root for the 4-ary heap, compiled once (cal_heap.c). */
void azi_cal_heap4_pop_root(azi_cal_hent *h, uint32_t *pos, size_t m);


/* The split's width at the start (note 7). */
#define AZI_CAL_LIN_W0 1.0

/* Splits the unordered array from now on (note 7), every entry far. */
AZI_CAL_INLINE void azi_cal_split_enter(az_calendar *c)
{
    c->lin = AZI_CAL_SPLIT;
    c->nnear = 0;
    c->split_due = c->seq;
    c->lin_t = 0.0;
    c->split_seq = c->seq; /* pops are counted from here */
}

/* Takes a heap of AZI_CAL_SMALL < n <= AZI_CAL_LIN_BACK entries into the
 * flat array, filling c->lt and the least known (notes 8, 9): rare, so
 * out of line (cal_heap.c). */
void azi_cal_lin_enter(az_calendar *c, size_t n);

/* Splits the unordered array into near and far (note 7) when no event is
 * near, or when one is due; returns the new near count, at least 1.
 * n >= 1 (cal_heap.c). */
size_t azi_cal_lin_split(az_calendar *c);

/* Makes the 4-ary heap's entries a heap again if they are in no order
 * (note 6); nothing to do otherwise (cal_heap.c). */
void azi_cal_heap4_build(az_calendar *c);

/* The position of the smallest of h[0..n), n >= 1, scanned with the best
 * key in registers, so that each step waits on one compare, not a load. */
AZI_CAL_INLINE size_t azi_cal_lin_scan(const azi_cal_hent *h, size_t n)
{
    size_t b = 0;
    uint64_t bt = azi_cal_tbits(h[0].time), bk = h[0].key;
    for (size_t i = 1; i < n; i++) {
        uint64_t t = azi_cal_tbits(h[i].time), k = h[i].key;
        bool lt = t < bt + (k < bk);
        b = lt ? i : b;
        bt = lt ? t : bt;
        bk = lt ? k : bk;
    }
    return b;
}

/* The position of the least (time, key) of h[0..n), reading lt[0..g):
 * 1 <= n <= g <= 64, g a multiple of 4, lt 16-byte aligned, with lt[i] =
 * h[i].time for i < n and, from n to g, greater times than the least
 * (+inf past the array's end, or far times: notes 7, 8). With SSE2, passes
 * with no chain of dependent selects: the least time, four at a time in
 * two independent chains (minpd, exact for the finite times >= +0.0 a
 * calendar holds, and +inf); then a bit mask of the entries that hold
 * it, one bit being the answer and several a tie in time, broken by key.
 * The (time, key) order is total, so every scan gives the same answer.
 * Inline: called out of line, an earlier scan of the 24-byte entries
 * gained the realistic line 3.8 % instead of 4.7 % (docs/performance.md). */
AZI_CAL_INLINE size_t azi_cal_lin_min_read(const azi_cal_hent *h,
                                           const double *lt, size_t n,
                                           size_t g)
{
    assert(n >= 1 && n <= g && g <= 64 && g % 4 == 0);
#ifdef AZI_CAL_SSE2
    (void)n;
    __m128d m0 = _mm_load_pd(lt), m1 = _mm_load_pd(lt + 2);
    for (size_t i = 4; i < g; i += 4) {
        m0 = _mm_min_pd(m0, _mm_load_pd(lt + i));
        m1 = _mm_min_pd(m1, _mm_load_pd(lt + i + 2));
    }
    m0 = _mm_min_pd(m0, m1);
    m0 = _mm_min_sd(m0, _mm_unpackhi_pd(m0, m0));
    __m128d mt = _mm_unpacklo_pd(m0, m0);
    uint64_t mask = 0;
    for (size_t i = 0; i < g; i += 4) {
        /* the low halves of the two compares' four lanes: one bit each */
        __m128 x = _mm_castpd_ps(_mm_cmpeq_pd(_mm_load_pd(lt + i), mt));
        __m128 y = _mm_castpd_ps(_mm_cmpeq_pd(_mm_load_pd(lt + i + 2), mt));
        mask |= (uint64_t)_mm_movemask_ps(
                    _mm_shuffle_ps(x, y, _MM_SHUFFLE(2, 0, 2, 0))) << i;
    }
    size_t b = (size_t)__builtin_ctzll(mask);
    for (mask &= mask - 1; AZI_CAL_UNLIKELY(mask); mask &= mask - 1) {
        size_t j = (size_t)__builtin_ctzll(mask);
        b = h[j].key < h[b].key ? j : b;
    }
    return b;
#else
    (void)lt;
    (void)g;
    return azi_cal_lin_scan(h, n);
#endif
}

/* The same, reading lt up to n rounded up to 4. */
AZI_CAL_INLINE size_t azi_cal_lin_min_wide(const azi_cal_hent *h,
                                           const double *lt, size_t n)
{
    return azi_cal_lin_min_read(h, lt, n, (n + 3) & ~(size_t)3);
}

/* The same, by the scalar scan below AZI_CAL_WIDE entries: it waits
 * about 4 cycles an entry on its own selects, but the passes' latency is
 * longer for a few entries, and a split's pop waits for the answer. */
enum { AZI_CAL_WIDE = 16 };
AZI_CAL_INLINE size_t azi_cal_lin_min(const azi_cal_hent *h, const double *lt,
                                      size_t n)
{
    return n < AZI_CAL_WIDE ? azi_cal_lin_scan(h, n)
                            : azi_cal_lin_min_wide(h, lt, n);
}

/* Sets the least known (note 9) to the least of h[0..m), 1 <= m <=
 * c->lhw, lt[m..lhw) being +inf: with the passes at any length, as here
 * no event waits for the answer, and they take fewer instructions than
 * the scalar scan. */
AZI_CAL_INLINE void azi_cal_lin_set_min(az_calendar *c, size_t m)
{
    size_t b = azi_cal_lin_min_read(c->heap, c->lt, m, c->lhw);
    c->lmin = (uint32_t)b;
    c->lmin_tb = azi_cal_tbits(c->heap[b].time);
    c->lmin_k = c->heap[b].key;
}

/* Takes the entry at position a, of time bits tb and key k, as the least
 * known if it is less (note 9): selects, as less or not is a coin flip. */
AZI_CAL_INLINE void azi_cal_lin_offer(az_calendar *c, size_t a, uint64_t tb,
                                      uint64_t k)
{
    bool less = tb < c->lmin_tb + (k < c->lmin_k);
    c->lmin = less ? (uint32_t)a : c->lmin;
    c->lmin_tb = less ? tb : c->lmin_tb;
    c->lmin_k = less ? k : c->lmin_k;
}

/* The position in c->heap (d-ary heaps) of the event that pops next,
 * c->n >= 1: the root of a heap, else the least of the array, of its
 * near part when split and that is not empty (note 7). Peeks only; a pop
 * may split first. */
AZI_CAL_INLINE size_t azi_cal_heap_first(const az_calendar *c)
{
    if (!c->lin)
        return 0;
    if (c->lin == AZI_CAL_FLAT)
        return c->lmin;
    return azi_cal_lin_min(c->heap, c->lt, c->nnear ? c->nnear : c->n);
}

/* ---- the hot path of the default structure (note 5) ----------------------
 * azi_cal_push and azi_cal_pop are az_calendar_push and az_calendar_pop, with
 * the same contracts; azi_cal_*_slow behave exactly like them too, for every
 * kind and case, and are what the fast paths fall back to. */
az_status azi_cal_push_slow(az_calendar *c, double time, int8_t priority,
                            uint32_t type, uint32_t obj, uint64_t data,
                            az_event_id *id, az_error *err);
az_status azi_cal_pop_slow(az_calendar *c, az_event *ev);

/* The order key of a new event (note 3). 2^56 pushes take decades; the
 * assert documents the limit. */
static inline uint64_t azi_cal_next_key(az_calendar *c, int8_t priority)
{
    assert(c->seq < (UINT64_C(1) << AZI_CAL_SEQ_BITS));
    return ((uint64_t)(priority + 128) << AZI_CAL_SEQ_BITS) | c->seq++;
}

/* az_calendar_push. */
AZI_CAL_INLINE az_status azi_cal_push(az_calendar *c, double time,
                                      int8_t priority, uint32_t type,
                                      uint32_t obj, uint64_t data,
                                      az_event_id *id, az_error *err)
{
    uint32_t s = c->free_head;
    bool cq = c->kind == AZ_CAL_CALENDAR_QUEUE;
    if (AZI_CAL_UNLIKELY(!(time >= c->now && time <= DBL_MAX) ||
                         s == AZI_CAL_NIL ||
                         (c->kind != AZ_CAL_QUAD_HEAP && !cq)))
        return azi_cal_push_slow(c, time, priority, type, obj, data, id, err);
    time += 0.0; /* -0.0 (allowed while the clock is 0) becomes +0.0 */
    uint32_t *pos = c->pos;
    azi_cal_slot *sl = &c->slot[s];
    uint32_t gen = sl->gen + 1;
    c->free_head = pos[s];
    sl->gen = gen;
    sl->data = data;
    sl->type = type;
    sl->obj = obj;
    sl->priority = priority;
    uint64_t key = azi_cal_next_key(c, priority);
    if (id)
        *id = ((uint64_t)gen << 32) | s;
    if (cq) { /* cal_queue.c's insert, its commonest cases inline */
        struct azi_cal_cq *q = c->cq;
        azi_cal_qnode *nd = q->node, *x = &nd[s];
        x->time = time;
        x->key = key;
        x->obj = obj;
        x->next = AZI_CAL_NIL;
        azi_cal_bucket *bk =
            &q->bucket[azi_cal_vbucket(q, time) & (q->nb - 1)];
        uint32_t tail = bk->tail;
        if (tail == AZI_CAL_NIL) {
            bk->head = bk->tail = s;
        } else if (!azi_cal_less(time, key, nd[tail].time, nd[tail].key)) {
            nd[tail].next = s;
            bk->tail = s;
        } else {
            azi_cal_cq_link_inside(q, bk, s);
        }
        azi_cal_cq_tune_inline(c, c->n + 1);
        c->n++;
        return AZ_OK;
    }
    azi_cal_hent x = {time, key, s, obj};
    size_t n = c->n;
    azi_cal_hent *h = c->heap;
    if (c->lin) {
        if (c->lin == AZI_CAL_FLAT) { /* append (note 6) */
            h[n] = x;
            c->lt[n] = time;
            pos[s] = (uint32_t)n;
            azi_cal_lin_offer(c, n, azi_cal_tbits(time), key);
            if (AZI_CAL_UNLIKELY(n + 1 > c->lhw)) /* n grows by 1 */
                c->lhw += 4;
            c->n = n + 1;
            if (AZI_CAL_UNLIKELY(n + 1 >= AZI_CAL_SPLIT_MIN))
                azi_cal_split_enter(c);
            return AZ_OK;
        }
        if (n < AZI_CAL_LIN_MAX) { /* append (note 7) */
            /* A near x swaps with the first far y, a far one stays at
             * the end: selects, not a branch, as near or far is a coin
             * flip. y is x itself when no event is far. */
            bool near = time < c->lin_t;
            size_t f = c->nnear, a = near ? f : n, b = near ? n : f;
            h[n] = x;
            azi_cal_hent y = h[f];
            h[b] = y;
            h[a] = x; /* after: y may be x */
            double ty = c->lt[f]; /* +inf if y is x */
            c->lt[b] = ty;
            c->lt[a] = time;
            pos[y.slot] = (uint32_t)b;
            pos[s] = (uint32_t)a;
            c->nnear = (uint32_t)(f + near);
            c->n = n + 1;
            return AZ_OK;
        }
        azi_cal_heap4_build(c);
    }
    c->n = n + 1;
    if (n >= AZI_CAL_SMALL && n < AZI_CAL_LIN_BACK) { /* past the small heap */
        h[n] = x;
        pos[s] = (uint32_t)n;
        azi_cal_lin_enter(c, n + 1);
        return AZ_OK;
    }
    if (n - 1 < 4) { /* a child of the root: one compare, no loop */
        azi_cal_hent r = h[0];
        if (azi_cal_hless(&x, &r)) {
            h[n] = r;
            pos[r.slot] = (uint32_t)n;
            h[0] = x;
            pos[s] = 0;
        } else {
            h[n] = x;
            pos[s] = (uint32_t)n;
        }
    } else {
        azi_cal_sift_up(h, pos, n, x, 4);
    }
    return AZ_OK;
}

/* az_calendar_pop. */
AZI_CAL_INLINE az_status azi_cal_pop(az_calendar *c, az_event *ev)
{
    size_t n = c->n;
    uint32_t *pos = c->pos, s;
    double t;
    if (c->kind == AZ_CAL_CALENDAR_QUEUE && n > 0) {
        /* cal_queue.c's pop when the current bucket's head is the
         * minimum, which is the common case; else the generic path */
        struct azi_cal_cq *q = c->cq;
        azi_cal_bucket *bk = &q->bucket[q->cur & (q->nb - 1)];
        s = bk->head;
        if (AZI_CAL_UNLIKELY(s == AZI_CAL_NIL ||
                             azi_cal_vbucket(q, q->node[s].time) != q->cur))
            return azi_cal_pop_slow(c, ev);
        bk->head = q->node[s].next;
        if (bk->head == AZI_CAL_NIL)
            bk->tail = AZI_CAL_NIL;
        t = q->node[s].time;
        /* tuned before the clock moves, as the generic pop does */
        azi_cal_cq_tune_inline(c, n - 1);
        c->n = n - 1;
        c->now = t;
    } else {
        if (AZI_CAL_UNLIKELY(n == 0 || c->kind != AZ_CAL_QUAD_HEAP))
            return azi_cal_pop_slow(c, ev);
        azi_cal_hent *h = c->heap;
        if (!c->lin) {
            s = h[0].slot;
            t = h[0].time;
            if (n - 1 <= 4) {
                azi_cal_pop_root_small(h, pos, n - 1);
            } else {
                azi_cal_heap4_pop_root(h, pos, n - 1);
                if (n - 1 <= AZI_CAL_LIN_BACK && n - 1 > AZI_CAL_SMALL)
                    azi_cal_lin_enter(c, n - 1);
            }
        } else if (c->lin == AZI_CAL_SPLIT) { /* the least near (note 7) */
            size_t nn = c->nnear;
            if (AZI_CAL_UNLIKELY(nn == 0 || c->seq >= c->split_due))
                nn = azi_cal_lin_split(c);
            double *lt = c->lt;
            size_t b = azi_cal_lin_min(h, lt, nn);
            s = h[b].slot;
            t = h[b].time;
            /* the last near into b, the last far into the last near's
             * place; in this order of writes for when some coincide */
            azi_cal_hent v = h[nn - 1], x = h[n - 1];
            double tv = lt[nn - 1], tx = lt[n - 1];
            h[b] = v;
            h[nn - 1] = x;
            lt[b] = tv;
            lt[nn - 1] = tx;
            lt[n - 1] = INFINITY;
            pos[x.slot] = (uint32_t)(nn - 1);
            pos[v.slot] = (uint32_t)b;
            c->nnear = (uint32_t)nn - 1;
            if (AZI_CAL_UNLIKELY(n - 1 < AZI_CAL_SPLIT_BACK)) {
                c->lin = AZI_CAL_FLAT;
                c->lhw = (uint32_t)((n - 1 + 3) & ~(size_t)3);
                azi_cal_lin_set_min(c, n - 1);
            }
        } else { /* the least, and the last into its place */
            double *lt = c->lt;
            size_t b = c->lmin;
            s = h[b].slot;
            t = h[b].time;
            azi_cal_hent x = h[n - 1];
            h[b] = x;
            lt[b] = lt[n - 1];
            lt[n - 1] = INFINITY;
            pos[x.slot] = (uint32_t)b;
            if (n - 1 > AZI_CAL_SMALL) {
                azi_cal_lin_set_min(c, n - 1);
            } else { /* the small heap: least first */
                c->lin = 0;
                if (n > 2) {
                    size_t f = azi_cal_lin_min(h, lt, n - 1);
                    azi_cal_hent y = h[f], z = h[0];
                    h[0] = y;
                    pos[y.slot] = 0;
                    h[f] = z;
                    pos[z.slot] = (uint32_t)f;
                }
            }
        }
        c->n = n - 1;
        c->now = t;
    }
    azi_cal_slot *sl = &c->slot[s];
    uint32_t gen = sl->gen;
    if (ev) {
        ev->time = t;
        ev->type = sl->type;
        ev->obj = sl->obj;
        ev->data = sl->data;
        ev->id = ((uint64_t)gen << 32) | s;
    }
    /* Back to the free list; the odd-to-even generation makes the handle
     * stale (note 2). */
    sl->gen = gen + 1;
    pos[s] = c->free_head;
    c->free_head = s;
    return AZ_OK;
}

/* The object (payload obj) of the event that pops next, or AZI_CAL_NIL if
 * none is pending or the structure is not a heap. A hint, for prefetching
 * what that event will touch while the current one is handled: a push may
 * still come before it. */
AZI_CAL_INLINE uint32_t azi_cal_next_obj(const az_calendar *c)
{
    if (!c->n)
        return AZI_CAL_NIL;
    if (c->heap)
        return c->heap[azi_cal_heap_first(c)].obj;
    if (c->cq) { /* the current bucket's first event, if any */
        uint32_t h = c->cq->bucket[c->cq->cur & (c->cq->nb - 1)].head;
        return h != AZI_CAL_NIL ? c->cq->node[h].obj : AZI_CAL_NIL;
    }
    return AZI_CAL_NIL;
}

/* Pool capacity in events: lets tests prove push/pop stop allocating. */
size_t azi_cal_capacity(const az_calendar *c);

/* Checks pool, free list and structure invariants (tests only; O(cap)). */
bool azi_cal_check(const az_calendar *c);

#endif
