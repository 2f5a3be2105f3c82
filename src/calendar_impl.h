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
 */
#ifndef AZALEA_CALENDAR_IMPL_H
#define AZALEA_CALENDAR_IMPL_H

#include "azalea/calendar.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

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
 * only the heap array (and writes pos[]), never the payload. */
typedef struct azi_cal_hent {
    double time;
    uint64_t key;
    uint32_t slot;
} azi_cal_hent;

/* Pairing heap node, indexed by slot. prev is the parent for a first child,
 * the left sibling otherwise, AZI_CAL_NIL for the root. */
typedef struct azi_cal_pnode {
    double time;
    uint64_t key;
    uint32_t child, sib, prev;
} azi_cal_pnode;

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
} azi_cal_ops;

struct az_calendar {
    const azi_cal_ops *ops;
    az_calendar_kind kind; /* never AZ_CAL_DEFAULT */
    double now;
    uint64_t seq;          /* next seq; < 2^56 */
    size_t n;              /* pending events */
    size_t cap;            /* slots in the pool (and heap/node arrays) */
    uint32_t free_head;    /* first free slot or AZI_CAL_NIL */
    uint32_t root;         /* pairing heap root or AZI_CAL_NIL */
    azi_cal_slot *slot;
    uint32_t *pos;
    azi_cal_hent *heap;    /* d-ary heaps only */
    azi_cal_pnode *node;   /* pairing heap only */
};

extern const azi_cal_ops azi_cal_heap2_ops;
extern const azi_cal_ops azi_cal_heap4_ops;
extern const azi_cal_ops azi_cal_pairing_ops;

/* The default structure's hot operations, called directly (not through the
 * ops table) so that link-time optimisation can inline them into push/pop. */
void azi_cal_heap4_insert(az_calendar *c, uint32_t s, double t, uint64_t k);
uint32_t azi_cal_heap4_pop(az_calendar *c, double *t);

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

/* Pool capacity in events: lets tests prove push/pop stop allocating. */
size_t azi_cal_capacity(const az_calendar *c);

/* Checks pool, free list and structure invariants (tests only; O(cap)). */
bool azi_cal_check(const az_calendar *c);

#endif
