/*
 * test_calendar.c: the event calendar. Every behavioural test runs once per
 * structure (binary heap, 4-ary heap, pairing heap); a differential test
 * checks all of them against a linear-scan reference.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "azalea/calendar.h"
#include "azalea/rng.h"
#include "calendar_impl.h"

static az_calendar_kind kinds[] = {AZ_CAL_BINARY_HEAP, AZ_CAL_QUAD_HEAP,
                                   AZ_CAL_PAIRING_HEAP, AZ_CAL_CALENDAR_QUEUE};
enum { NKINDS = 4 };

static az_calendar_kind kind_of(void **state)
{
    return *(const az_calendar_kind *)*state;
}

static az_calendar *make(void **state, size_t hint)
{
    az_calendar *c = NULL;
    az_error err;
    assert_int_equal(az_calendar_create(kind_of(state), hint, &c, &err),
                     AZ_OK);
    assert_non_null(c);
    assert_int_equal(az_calendar_get_kind(c), kind_of(state));
    return c;
}

static az_event_id push(az_calendar *c, double t, int8_t prio, uint64_t data)
{
    az_event_id id = 0;
    assert_int_equal(
        az_calendar_push(c, t, prio, 7, (uint32_t)data, data, &id, NULL),
        AZ_OK);
    assert_true(id != 0);
    return id;
}

static az_event pop(az_calendar *c)
{
    az_event ev;
    assert_int_equal(az_calendar_pop(c, &ev), AZ_OK);
    assert_true(az_calendar_now(c) == ev.time);
    assert_int_equal(ev.type, 7);
    assert_int_equal(ev.obj, (uint32_t)ev.data);
    return ev;
}

/* ---- order ---------------------------------------------------------- */

static void test_order_by_time(void **state)
{
    az_calendar *c = make(state, 16);
    az_rng r;
    az_rng_init(&r, 1, 0, 0);
    enum { N = 1000 };
    int seen[N] = {0};
    for (int i = 0; i < N; i++)
        push(c, 100.0 * az_rng_uniform(&r), 0, (uint64_t)i);
    double last = 0.0;
    for (int i = 0; i < N; i++) {
        az_event ev = pop(c);
        assert_true(ev.time >= last);
        last = ev.time;
        assert_true(ev.data < N);
        seen[ev.data]++;
    }
    for (int i = 0; i < N; i++)
        assert_int_equal(seen[i], 1);
    assert_int_equal(az_calendar_pop(c, NULL), AZ_EEMPTY);
    az_calendar_free(c);
}

static void test_ties_priority_then_fifo(void **state)
{
    az_calendar *c = make(state, 0);
    push(c, 5.0, 0, 0);
    push(c, 5.0, -1, 1);
    push(c, 5.0, 0, 2);
    push(c, 5.0, 1, 3);
    push(c, 5.0, INT8_MIN, 4);
    push(c, 5.0, INT8_MAX, 5);
    push(c, 5.0, -1, 6);
    push(c, 4.0, INT8_MAX, 7);
    push(c, 5.0, 0, 8);
    const uint64_t want[] = {7, 4, 1, 6, 0, 2, 8, 3, 5};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        assert_int_equal(pop(c).data, want[i]);
    assert_int_equal(az_calendar_size(c), 0);
    az_calendar_free(c);
}

/* Subnormals, DBL_MAX and signed zero: the order compares IEEE bit patterns
 * (calendar_impl.h), which is only right once -0.0 is stored as +0.0. */
static void test_extreme_times(void **state)
{
    az_calendar *c = make(state, 0);
    push(c, DBL_MAX, 0, 0);
    push(c, 0.0, 0, 1);
    push(c, 5e-324, 0, 2);
    push(c, -0.0, 0, 3);
    push(c, 1e308, 0, 4);
    push(c, DBL_MIN, 0, 5);
    push(c, 0.0, -1, 6);
    push(c, 1.0, 0, 7);
    az_event_id h = push(c, 2.0, 0, 8);
    assert_int_equal(az_calendar_reschedule(c, h, -0.0, NULL), AZ_OK);
    const uint64_t want[] = {6, 1, 3, 8, 2, 5, 7, 4, 0};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        az_event ev = pop(c);
        assert_int_equal(ev.data, want[i]);
        assert_false(signbit(ev.time));
    }
    az_calendar_free(c);
}

/* ---- differential test against a linear-scan reference -------------- */

typedef struct ref_ev {
    double t;
    int8_t prio;
    uint64_t seq, data;
    az_event_id id[NKINDS]; /* handle in each calendar under test */
} ref_ev;

typedef struct ref {
    ref_ev *ev;
    size_t n;
    uint64_t seq;
} ref;

static int ref_less(const ref_ev *a, const ref_ev *b)
{
    if (a->t != b->t)
        return a->t < b->t;
    if (a->prio != b->prio)
        return a->prio < b->prio;
    return a->seq < b->seq;
}

static size_t ref_min(const ref *rf)
{
    size_t m = 0;
    for (size_t i = 1; i < rf->n; i++)
        if (ref_less(&rf->ev[i], &rf->ev[m]))
            m = i;
    return m;
}

static void ref_remove(ref *rf, size_t i) { rf->ev[i] = rf->ev[--rf->n]; }

/* Runs `ops` random operations on k calendars in lockstep with the reference:
 * times are integers near the clock, so ties are frequent. Every result (pop
 * order, handles, error codes, sizes, peeks) must match. With max_n > 0 the
 * calendars never hold more than max_n events (a push becomes a pop). */
static void run_differential(az_calendar **cal, size_t k, uint64_t seed,
                             int ops, size_t max_n)
{
    az_rng r;
    az_rng_init(&r, seed, 0, 0);
    ref rf = {calloc((size_t)ops, sizeof(ref_ev)), 0, 0};
    enum { NSTALE = 64 };
    az_event_id stale[NSTALE][NKINDS] = {{0}};
    size_t nstale = 0;
    assert_non_null(rf.ev);
    uint64_t data = 0;
    for (int op = 0; op < ops; op++) {
        unsigned what = (unsigned)(az_rng_u64(&r) % 100);
        double now = az_calendar_now(cal[0]);
        if (max_n > 0 && rf.n >= max_n && what < 45)
            what = 50;
        if (what < 45 || rf.n == 0) {
            ref_ev e = {0};
            e.t = now + (double)(az_rng_u64(&r) % 8);
            e.prio = (int8_t)((int)(az_rng_u64(&r) % 3) - 1);
            e.seq = rf.seq++;
            e.data = data++;
            if (az_rng_u64(&r) % 16 == 0)
                e.prio = (int8_t)(az_rng_u64(&r) % 256 - 128);
            for (size_t j = 0; j < k; j++)
                e.id[j] = push(cal[j], e.t, e.prio, e.data);
            rf.ev[rf.n++] = e;
        } else if (what < 75) {
            size_t m = ref_min(&rf);
            for (size_t j = 0; j < k; j++) {
                az_event ev = pop(cal[j]);
                assert_true(ev.time == rf.ev[m].t);
                assert_int_equal(ev.data, rf.ev[m].data);
                assert_int_equal(ev.id, rf.ev[m].id[j]);
            }
            memcpy(stale[nstale++ % NSTALE], rf.ev[m].id, sizeof stale[0]);
            ref_remove(&rf, m);
        } else if (what < 85) {
            /* Cancel a pending event, or try a stale handle. */
            if (nstale > 0 && az_rng_u64(&r) % 4 == 0) {
                size_t i = az_rng_u64(&r) % (nstale < NSTALE ? nstale : NSTALE);
                for (size_t j = 0; j < k; j++)
                    assert_int_equal(az_calendar_cancel(cal[j], stale[i][j]),
                                     AZ_ENOTFOUND);
            } else {
                size_t i = az_rng_u64(&r) % rf.n;
                for (size_t j = 0; j < k; j++)
                    assert_int_equal(az_calendar_cancel(cal[j], rf.ev[i].id[j]),
                                     AZ_OK);
                memcpy(stale[nstale++ % NSTALE], rf.ev[i].id, sizeof stale[0]);
                ref_remove(&rf, i);
            }
        } else {
            size_t i = az_rng_u64(&r) % rf.n;
            double t = now + (double)(az_rng_u64(&r) % 8);
            for (size_t j = 0; j < k; j++) {
                double got;
                assert_int_equal(
                    az_calendar_reschedule(cal[j], rf.ev[i].id[j], t, NULL),
                    AZ_OK);
                assert_int_equal(
                    az_calendar_event_time(cal[j], rf.ev[i].id[j], &got),
                    AZ_OK);
                assert_true(got == t);
            }
            rf.ev[i].t = t;
            rf.ev[i].seq = rf.seq++;
        }
        for (size_t j = 0; j < k; j++) {
            assert_int_equal(az_calendar_size(cal[j]), rf.n);
            double peek = rf.n ? rf.ev[ref_min(&rf)].t : INFINITY;
            assert_true(az_calendar_peek_time(cal[j]) == peek);
            if (op % 64 == 0)
                assert_true(azi_cal_check(cal[j]));
        }
    }
    while (rf.n > 0) {
        size_t m = ref_min(&rf);
        for (size_t j = 0; j < k; j++) {
            az_event ev = pop(cal[j]);
            assert_true(ev.time == rf.ev[m].t);
            assert_int_equal(ev.data, rf.ev[m].data);
        }
        ref_remove(&rf, m);
    }
    for (size_t j = 0; j < k; j++)
        assert_true(azi_cal_check(cal[j]));
    free(rf.ev);
}

static void test_differential(void **state)
{
    az_calendar *c = make(state, 0);
    run_differential(&c, 1, 42, 20000, 0);
    az_calendar_free(c);
}

/* Calendars of a few events, like a single-server queue's or a short
 * line's: the 4-ary heap keeps up to AZI_CAL_LIN_MAX entries in no order
 * and has a path of its own while every event but the first is a leaf (at
 * most 5); the sizes cross both bounds, and AZI_CAL_LIN_BACK, back and
 * forth. */
static void test_small_sizes(void **state)
{
    for (size_t max_n = 1; max_n <= 2 * AZI_CAL_LIN_MAX + 2; max_n++) {
        az_calendar *c = make(state, 0);
        run_differential(&c, 1, 100 + max_n, 4000, max_n);
        az_calendar_free(c);
    }
}

/* The 4-ary heap's unordered array split into near and far events
 * (calendar_impl.h, note 7), as a line's calendar is: process ends a few
 * time units ahead, with ties, and failures or shifts tens ahead; now
 * and then one far off, a gap that empties the near part, and
 * clocks of very different scales. Push and pop only, which keep the
 * array unordered, against the reference; the partition and the peeks
 * are checked after every operation, and the array must be seen split
 * (some near, some far), else the test proves nothing about it. A broken
 * partition must fail the check. */
static void test_near_far(void **state)
{
    (void)state;
    static const double scale[] = {1.0, 1e-9, 1e9};
    enum { op_count = 20000 };
    for (size_t sc = 0; sc < 3; sc++) {
        for (size_t max_n = AZI_CAL_SPLIT_MIN + 6; max_n <= AZI_CAL_LIN_MAX;
             max_n += (AZI_CAL_LIN_MAX - AZI_CAL_SPLIT_MIN - 6) / 2) {
            az_calendar *c = NULL;
            assert_int_equal(
                az_calendar_create(AZ_CAL_QUAD_HEAP, 0, &c, NULL), AZ_OK);
            az_rng r;
            az_rng_init(&r, 5 + max_n, (uint64_t)sc, 0);
            ref rf = {calloc(op_count, sizeof(ref_ev)), 0, 0};
            assert_non_null(rf.ev);
            size_t split = 0;
            for (int op = 0; op < op_count; op++) {
                double now = az_calendar_now(c);
                uint64_t u = az_rng_u64(&r);
                bool do_push = rf.n < max_n && (u % 2 || rf.n < max_n / 2);
                if (do_push) {
                    double d = (double)(u / 2 % 8);
                    if (u / 16 % 4 == 0)
                        d = 20.0 + (double)(u / 64 % 40);
                    else if (u / 16 % 2048 == 1)
                        d = 1e6;
                    ref_ev e = {.t = now + d * scale[sc],
                                .prio = 0,
                                .seq = rf.seq++,
                                .data = u};
                    e.id[0] = push(c, e.t, 0, e.data);
                    rf.ev[rf.n++] = e;
                } else {
                    size_t m = ref_min(&rf);
                    az_event ev = pop(c);
                    assert_true(ev.time == rf.ev[m].t);
                    assert_int_equal(ev.data, rf.ev[m].data);
                    ref_remove(&rf, m);
                }
                assert_true(azi_cal_check(c));
                if (rf.n > 0) { /* the peeks agree with the next pop */
                    size_t m = ref_min(&rf);
                    assert_true(az_calendar_peek_time(c) == rf.ev[m].t);
                    assert_int_equal(azi_cal_next_obj(c),
                                     (uint32_t)rf.ev[m].data);
                }
                split += c->lin == AZI_CAL_SPLIT && c->nnear > 0 &&
                         c->nnear < c->n;
            }
            assert_true(split > op_count / 8);
            while (c->lin != AZI_CAL_SPLIT) /* wherever the run ended */
                if (!c->lin && c->n > AZI_CAL_LIN_BACK)
                    pop(c);
                else
                    push(c, az_calendar_now(c), 0, 0);
            double keep = c->lin_t; /* the first entry on the wrong side */
            c->lin_t = c->nnear ? c->heap[0].time : INFINITY;
            assert_false(azi_cal_check(c));
            c->lin_t = keep;
            assert_true(azi_cal_check(c));
            free(rf.ev);
            az_calendar_free(c);
        }
    }
}

/* The split must not collapse into every event near (a scan of all n a
 * pop) when it starts on a group of ties: dozens of events at time 0, as
 * a model's start schedules them, then a steady flow 1 to 100 ahead. The
 * first split's halvings used to shrink the width below the clock's
 * resolution, lin_t became infinity and no split came again. Measured:
 * the mean near part at a pop, at the clock scales of test_near_far, and
 * the pop order against the times. */
static void test_near_far_ties(void **state)
{
    (void)state;
    static const double scale[] = {1.0, 1e-9, 1e290};
    for (size_t sc = 0; sc < 3; sc++) {
        for (size_t n0 = AZI_CAL_SPLIT_MIN; n0 <= AZI_CAL_LIN_MAX - 4;
             n0 += 12) {
            az_calendar *c = NULL;
            assert_int_equal(
                az_calendar_create(AZ_CAL_QUAD_HEAP, 0, &c, NULL), AZ_OK);
            for (size_t i = 0; i < n0; i++)
                push(c, 0.0, 0, i);
            az_rng r;
            az_rng_init(&r, 17, (uint64_t)n0, 0);
            double last = 0.0, near = 0.0;
            enum { POPS = 20000 };
            for (int k = 0; k < POPS; k++) {
                assert_int_equal(c->lin, AZI_CAL_SPLIT);
                near += c->nnear ? c->nnear : c->n;
                az_event ev = pop(c);
                assert_true(ev.time >= last);
                last = ev.time;
                double d = 1.0 + (double)(az_rng_u64(&r) % 1000) / 10.0;
                push(c, ev.time + d * scale[sc], 0, ev.data);
                if (k % 256 == 0)
                    assert_true(azi_cal_check(c));
            }
            assert_true(near / POPS < (double)n0 / 2);
            az_calendar_free(c);
        }
    }
}

/* azi_cal_lin_min and azi_cal_lin_min_wide, which scan the unordered
 * array's times (c->lt, four at a time with SSE2), find the least (time, key) at every length
 * up to AZI_CAL_LIN_MAX: times from a few values, so that ties in time
 * are common and keys must break them; +0.0, tiny and huge times; the
 * least first, last and anywhere between. Past n, up to the next multiple
 * of 4, lt holds +inf or, as a split's far part does, later times, which
 * must not be taken. */
static void test_lin_min(void **state)
{
    (void)state;
    static const double vals[] = {0.0, 5e-324, 1.0, 1.0, 2.5, 1e300};
    az_rng r;
    az_rng_init(&r, 23, 0, 0);
    azi_cal_hent h[AZI_CAL_LIN_MAX];
    _Alignas(16) double lt[AZI_CAL_LIN_MAX];
    for (size_t n = 1; n <= AZI_CAL_LIN_MAX; n++) {
        for (int trial = 0; trial < 400; trial++) {
            size_t nv = 1 + az_rng_u64(&r) % 6; /* values in play */
            for (size_t i = 0; i < n; i++) {
                h[i].time = lt[i] = vals[6 - nv + az_rng_u64(&r) % nv];
                /* unique keys, in no order */
                h[i].key = (az_rng_u64(&r) & ~UINT64_C(63)) | i;
                h[i].slot = (uint32_t)i;
                h[i].obj = 0;
            }
            size_t want = 0;
            for (size_t i = 1; i < n; i++)
                if (h[i].time < h[want].time ||
                    (h[i].time == h[want].time && h[i].key < h[want].key))
                    want = i;
            for (size_t i = n; i < AZI_CAL_LIN_MAX; i++) {
                double later = vals[az_rng_u64(&r) % 6];
                lt[i] = trial % 2 && later > h[want].time ? later : INFINITY;
            }
            assert_int_equal(azi_cal_lin_min(h, lt, n), want);
            assert_int_equal(azi_cal_lin_min_wide(h, lt, n), want);
        }
    }
}

/* The unordered array's copies (calendar_impl.h, notes 8 and 9) are
 * checked: the times in c->lt and +inf past them, the least known and
 * the rescan's length.
 * Each spoiled copy must fail azi_cal_check, and a peek must read the
 * least known, not rescan. */
static void test_lin_copies(void **state)
{
    (void)state;
    az_calendar *c = NULL;
    assert_int_equal(az_calendar_create(AZ_CAL_QUAD_HEAP, 0, &c, NULL), AZ_OK);
    static const double t[] = {5, 3, 8, 3, 9, 1, 7, 4, 6, 2};
    for (size_t i = 0; i < 10; i++)
        push(c, t[i], 0, i);
    assert_int_equal(c->lin, AZI_CAL_FLAT);
    assert_true(azi_cal_check(c));
    assert_int_equal(c->lmin, 5); /* time 1 */
    assert_true(az_calendar_peek_time(c) == 1.0);
    uint32_t keep = c->lmin;
    c->lmin = 1;
    assert_false(azi_cal_check(c));
    assert_true(c->heap[1].time > 1.0);
    assert_true(az_calendar_peek_time(c) == c->heap[1].time);
    c->lmin = keep;
    c->lmin_k ^= 1;
    assert_false(azi_cal_check(c));
    c->lmin_k ^= 1;
    c->lmin_tb += 1;
    assert_false(azi_cal_check(c));
    c->lmin_tb -= 1;
    c->lt[4] = 9.5;
    assert_false(azi_cal_check(c));
    c->lt[4] = 9.0;
    c->lt[10] = 0.0;
    assert_false(azi_cal_check(c));
    c->lt[10] = INFINITY;
    c->lt[AZI_CAL_LIN_MAX - 1] = 1e300;
    assert_false(azi_cal_check(c));
    c->lt[AZI_CAL_LIN_MAX - 1] = INFINITY;
    assert_int_equal(c->lhw, 12); /* the rescan's length: n up to 4 */
    c->lhw = 8;
    assert_false(azi_cal_check(c));
    c->lhw = 14;
    assert_false(azi_cal_check(c));
    c->lhw = AZI_CAL_LIN_MAX + 4;
    assert_false(azi_cal_check(c));
    c->lhw = 12;
    assert_true(azi_cal_check(c));
    /* a later tie with a higher priority becomes the least */
    push(c, 1.0, -1, 10);
    assert_int_equal(c->lmin, 10);
    assert_true(azi_cal_check(c));
    static const uint64_t order[] = {10, 5, 9, 1, 3, 7, 0, 8, 6, 2, 4};
    for (size_t i = 0; i < 11; i++) {
        assert_int_equal(pop(c).data, order[i]);
        assert_true(azi_cal_check(c));
    }
    az_calendar_free(c);
}

/* All structures, fed the same operations, pop the same sequence. */
static void test_kinds_agree(void **state)
{
    (void)state;
    az_calendar *c[NKINDS];
    for (size_t j = 0; j < NKINDS; j++)
        assert_int_equal(az_calendar_create(kinds[j], 0, &c[j], NULL), AZ_OK);
    run_differential(c, NKINDS, 7, 20000, 0);
    for (size_t j = 0; j < NKINDS; j++)
        az_calendar_free(c[j]);
}

/* All structures pop the same sequence when the pending events grow to
 * tens of thousands and shrink again, with times that are dense (ties),
 * spread exponentially, heavy-tailed, or far off (like a run's end): the
 * calendar queue resizes, re-estimates its width and scans whole years
 * without an event on the way. Every pop is also checked to be in
 * (time, push order) order. */
static void test_kinds_agree_spread(void **state)
{
    (void)state;
    az_calendar *c[NKINDS];
    for (size_t j = 0; j < NKINDS; j++)
        assert_int_equal(az_calendar_create(kinds[j], 0, &c[j], NULL), AZ_OK);
    az_rng r;
    az_rng_init(&r, 99, 0, 1);
    uint64_t data = 0;
    size_t n = 0;
    for (int phase = 0; phase < 8; phase++) {
        size_t target = phase % 2 ? 20 : 30000; /* grow, then shrink */
        while (phase % 2 ? n > target : n < target) {
            int do_push = phase % 2 ? az_rng_u64(&r) % 4 == 0
                                    : az_rng_u64(&r) % 4 != 0;
            if (do_push || n == 0) {
                double now = az_calendar_now(c[0]), u = az_rng_uniform(&r), t;
                switch (phase / 2) {
                case 0: t = now + (double)(az_rng_u64(&r) % 4); break;
                case 1: t = now - log1p(-u); break;
                case 2: t = now + pow(u, -3.0); break;
                default:
                    t = az_rng_u64(&r) % 1000 == 0 ? 1e300 : now + u * 1e-6;
                }
                for (size_t j = 0; j < NKINDS; j++)
                    push(c[j], t, 0, data);
                data++;
                n++;
            } else {
                az_event first = pop(c[0]);
                for (size_t j = 1; j < NKINDS; j++) {
                    az_event ev = pop(c[j]);
                    assert_true(ev.time == first.time);
                    assert_int_equal(ev.data, first.data);
                }
                n--;
            }
        }
        for (size_t j = 0; j < NKINDS; j++) {
            assert_int_equal(az_calendar_size(c[j]), n);
            assert_true(azi_cal_check(c[j]));
        }
    }
    double last = -1;
    uint64_t last_data = 0;
    while (n-- > 0) {
        az_event first = pop(c[0]);
        assert_true(first.time > last ||
                    (first.time == last && first.data > last_data));
        last = first.time;
        last_data = first.data;
        for (size_t j = 1; j < NKINDS; j++) {
            az_event ev = pop(c[j]);
            assert_true(ev.time == first.time);
            assert_int_equal(ev.data, first.data);
        }
    }
    for (size_t j = 0; j < NKINDS; j++)
        az_calendar_free(c[j]);
}

/* ---- handles and errors --------------------------------------------- */

static void test_stale_handles(void **state)
{
    az_calendar *c = make(state, 0);
    az_error err;
    double t;
    az_event_id a = push(c, 1.0, 0, 0);
    az_event_id b = push(c, 2.0, 0, 1);
    az_event_id d = push(c, 3.0, 0, 2);
    assert_int_equal(pop(c).id, a);
    assert_int_equal(az_calendar_cancel(c, a), AZ_ENOTFOUND);  /* popped */
    assert_int_equal(az_calendar_cancel(c, b), AZ_OK);
    assert_int_equal(az_calendar_cancel(c, b), AZ_ENOTFOUND);  /* cancelled */
    assert_int_equal(az_calendar_cancel(c, 0), AZ_ENOTFOUND);
    assert_int_equal(az_calendar_cancel(c, UINT64_MAX), AZ_ENOTFOUND);
    assert_int_equal(az_calendar_cancel(c, d + 2), AZ_ENOTFOUND); /* slot */
    assert_int_equal(az_calendar_cancel(c, d + (UINT64_C(2) << 32)),
                     AZ_ENOTFOUND); /* generation */
    assert_int_equal(az_calendar_cancel(c, d + (UINT64_C(1) << 32)),
                     AZ_ENOTFOUND); /* even generation: a free slot's */
    assert_int_equal(az_calendar_event_time(c, b, &t), AZ_ENOTFOUND);
    assert_int_equal(az_calendar_reschedule(c, a, 5.0, &err), AZ_ENOTFOUND);
    assert_int_equal(err.code, AZ_ENOTFOUND);
    assert_true(strlen(err.msg) > 0);
    /* Reusing the freed slots must not revive the old handles. */
    az_event_id e = push(c, 4.0, 0, 3);
    az_event_id f = push(c, 5.0, 0, 4);
    assert_true(e != a && e != b && f != a && f != b);
    assert_int_equal(az_calendar_cancel(c, a), AZ_ENOTFOUND);
    assert_int_equal(az_calendar_cancel(c, b), AZ_ENOTFOUND);
    assert_int_equal(az_calendar_size(c), 3);
    assert_int_equal(az_calendar_event_time(c, d, &t), AZ_OK);
    assert_true(t == 3.0);
    assert_int_equal(pop(c).data, 2);
    assert_int_equal(pop(c).data, 3);
    assert_int_equal(pop(c).data, 4);
    assert_true(azi_cal_check(c));
    az_calendar_free(c);
}

static void test_bad_times(void **state)
{
    az_calendar *c = make(state, 0);
    az_error err;
    az_event_id sentinel = 12345, id = sentinel;
    push(c, 10.0, 0, 0);
    az_event_id b = push(c, 20.0, 0, 1);
    assert_true(pop(c).time == 10.0);

    const double bad[] = {NAN, INFINITY, -INFINITY};
    for (size_t i = 0; i < 3; i++) {
        az_error_clear(&err);
        assert_int_equal(az_calendar_push(c, bad[i], 0, 0, 0, 0, &id, &err),
                         AZ_EINVAL);
        assert_int_equal(err.code, AZ_EINVAL);
        assert_non_null(strstr(err.msg, "finite"));
        az_error_clear(&err);
        assert_int_equal(az_calendar_reschedule(c, b, bad[i], &err),
                         AZ_EINVAL);
        assert_true(strlen(err.msg) > 0);
    }
    az_error_clear(&err);
    assert_int_equal(az_calendar_push(c, 9.999, 0, 0, 0, 0, &id, &err),
                     AZ_EPAST);
    assert_int_equal(err.code, AZ_EPAST);
    assert_non_null(strstr(err.msg, "before the clock"));
    assert_int_equal(az_calendar_push(c, -1.0, 0, 0, 0, 0, &id, NULL),
                     AZ_EPAST);
    az_error_clear(&err);
    assert_int_equal(az_calendar_reschedule(c, b, 5.0, &err), AZ_EPAST);
    assert_non_null(strstr(err.msg, "before the clock"));

    /* Unchanged: no handle written, same size, peek, clock and event. */
    double t;
    assert_int_equal(id, sentinel);
    assert_int_equal(az_calendar_size(c), 1);
    assert_true(az_calendar_peek_time(c) == 20.0);
    assert_true(az_calendar_now(c) == 10.0);
    assert_int_equal(az_calendar_event_time(c, b, &t), AZ_OK);
    assert_true(t == 20.0);
    assert_true(azi_cal_check(c));

    push(c, 10.0, 0, 2); /* at the clock is allowed */
    assert_int_equal(pop(c).data, 2);
    assert_int_equal(pop(c).data, 1);
    az_event ev = {0};
    assert_int_equal(az_calendar_pop(c, &ev), AZ_EEMPTY);
    assert_true(az_calendar_now(c) == 20.0);
    az_calendar_free(c);
}

/* ---- reschedule, queries -------------------------------------------- */

static void test_reschedule(void **state)
{
    az_calendar *c = make(state, 0);
    az_event_id h[6];
    for (int i = 0; i < 6; i++)
        h[i] = push(c, (double)(i + 1), 0, (uint64_t)i); /* times 1..6 */
    /* Later: the root (1) moves behind everything. */
    assert_int_equal(az_calendar_reschedule(c, h[0], 10.0, NULL), AZ_OK);
    /* Earlier: 5 moves to the front. */
    assert_int_equal(az_calendar_reschedule(c, h[4], 0.5, NULL), AZ_OK);
    /* Earlier onto a tie: 3 -> 2 takes a fresh seq, so it follows event 1. */
    assert_int_equal(az_calendar_reschedule(c, h[2], 2.0, NULL), AZ_OK);
    /* Same time: 4 goes behind anything else at 4 pushed before now. */
    push(c, 4.0, 0, 6);
    assert_int_equal(az_calendar_reschedule(c, h[3], 4.0, NULL), AZ_OK);
    /* Later, from the middle. */
    assert_int_equal(az_calendar_reschedule(c, h[5], 7.0, NULL), AZ_OK);
    assert_true(azi_cal_check(c));
    const uint64_t want[] = {4, 1, 2, 6, 3, 5, 0};
    const double when[] = {0.5, 2.0, 2.0, 4.0, 4.0, 7.0, 10.0};
    for (size_t i = 0; i < 7; i++) {
        az_event ev = pop(c);
        assert_int_equal(ev.data, want[i]);
        assert_true(ev.time == when[i]);
        if (ev.data < 6)
            assert_int_equal(ev.id, h[ev.data]); /* handle kept */
    }
    az_calendar_free(c);
}

static void test_event_time(void **state)
{
    az_calendar *c = make(state, 0);
    double t = -1.0;
    az_event_id a = push(c, 3.5, 0, 0);
    push(c, 1.0, 0, 1);
    assert_int_equal(az_calendar_event_time(c, a, &t), AZ_OK);
    assert_true(t == 3.5);
    assert_int_equal(az_calendar_reschedule(c, a, 7.0, NULL), AZ_OK);
    assert_int_equal(az_calendar_event_time(c, a, &t), AZ_OK);
    assert_true(t == 7.0);
    pop(c);
    pop(c);
    t = -1.0;
    assert_int_equal(az_calendar_event_time(c, a, &t), AZ_ENOTFOUND);
    assert_true(t == -1.0);
    az_calendar_free(c);
}

static void test_peek_size_now(void **state)
{
    az_calendar *c = make(state, 0);
    assert_true(isinf(az_calendar_peek_time(c)));
    assert_int_equal(az_calendar_size(c), 0);
    assert_true(az_calendar_now(c) == 0.0);
    push(c, 3.0, 0, 0);
    push(c, 2.0, 0, 1);
    assert_true(az_calendar_peek_time(c) == 2.0);
    assert_int_equal(az_calendar_size(c), 2);
    assert_true(az_calendar_now(c) == 0.0); /* pushes do not move the clock */
    pop(c);
    assert_true(az_calendar_now(c) == 2.0);
    assert_true(az_calendar_peek_time(c) == 3.0);
    assert_int_equal(az_calendar_size(c), 1);
    pop(c);
    assert_true(isinf(az_calendar_peek_time(c)));
    assert_int_equal(az_calendar_size(c), 0);
    assert_true(az_calendar_now(c) == 3.0);
    az_calendar_free(c);
}

/* ---- memory --------------------------------------------------------- */

static void test_growth(void **state)
{
    az_calendar *c = make(state, 0);
    size_t cap0 = azi_cal_capacity(c);
    az_rng r;
    az_rng_init(&r, 3, 0, 0);
    enum { N = 100000 };
    int8_t *prio = malloc(N);
    assert_non_null(prio);
    for (uint64_t i = 0; i < N; i++) {
        double t = (double)(az_rng_u64(&r) % 1000);
        prio[i] = (int8_t)((int)(az_rng_u64(&r) % 5) - 2);
        push(c, t, prio[i], i);
    }
    assert_int_equal(az_calendar_size(c), N);
    assert_true(azi_cal_capacity(c) >= N && cap0 < N);
    assert_true(azi_cal_check(c));
    /* data is the insertion index, so (time, priority, data) must ascend. */
    az_event prev = pop(c);
    for (size_t i = 1; i < N; i++) {
        az_event ev = pop(c);
        assert_true(ev.time >= prev.time);
        if (ev.time == prev.time) {
            assert_true(prio[ev.data] >= prio[prev.data]);
            if (prio[ev.data] == prio[prev.data])
                assert_true(ev.data > prev.data);
        }
        prev = ev;
    }
    free(prio);
    assert_int_equal(az_calendar_size(c), 0);
    az_calendar_free(c);
}

/* After the pool has grown to the working-set size, push/pop/cancel/
 * reschedule never allocate: grow() is the only allocation site and the
 * capacity, which it always raises, stays put. */
static void test_no_alloc_after_warmup(void **state)
{
    az_calendar *c = make(state, 0);
    az_rng r;
    az_rng_init(&r, 4, 0, 0);
    enum { N = 5000 };
    static az_event_id ids[N];
    size_t cap = 0;
    for (int cycle = 0; cycle < 4; cycle++) {
        for (size_t i = 0; i < N; i++)
            ids[i] = push(c, az_calendar_now(c) + az_rng_uniform(&r), 0, i);
        for (size_t i = 0; i < N; i += 7)
            assert_int_equal(az_calendar_cancel(c, ids[i]), AZ_OK);
        for (size_t i = 3; i < N; i += 7)
            assert_int_equal(az_calendar_reschedule(
                                 c, ids[i], az_calendar_now(c) + 2.0, NULL),
                             AZ_OK);
        while (az_calendar_size(c) > 0)
            pop(c);
        if (cycle == 0)
            cap = azi_cal_capacity(c);
        assert_int_equal(azi_cal_capacity(c), cap);
    }
    az_calendar_free(c);
}

static void test_reset(void **state)
{
    az_calendar *fresh = make(state, 0), *used = make(state, 0);
    az_rng r;
    az_rng_init(&r, 5, 0, 0);
    /* Dirty `used`: clock, seq, pending events, handles. */
    az_event_id old[300];
    for (int i = 0; i < 300; i++)
        old[i] = push(used, (double)(az_rng_u64(&r) % 50), 0, 1000);
    for (int i = 0; i < 100; i++)
        pop(used);
    az_calendar_reset(used);
    assert_int_equal(az_calendar_size(used), 0);
    assert_true(az_calendar_now(used) == 0.0);
    assert_true(isinf(az_calendar_peek_time(used)));
    assert_int_equal(az_calendar_pop(used, NULL), AZ_EEMPTY);
    assert_int_equal(used->seq, 0); /* not observable through the API */
    for (int i = 0; i < 300; i++) {
        double t;
        assert_int_equal(az_calendar_cancel(used, old[i]), AZ_ENOTFOUND);
        assert_int_equal(az_calendar_event_time(used, old[i], &t),
                         AZ_ENOTFOUND);
    }
    assert_true(azi_cal_check(used));
    /* Same script on both: equal times and priorities, so FIFO order shows
     * whether seq restarted. */
    az_calendar *cal[2] = {fresh, used};
    for (int j = 0; j < 2; j++) {
        az_rng_init(&r, 6, 0, 0);
        for (uint64_t i = 0; i < 500; i++) {
            double t = (double)(az_rng_u64(&r) % 10);
            push(cal[j], t, (int8_t)(az_rng_u64(&r) % 2), i);
        }
    }
    for (int i = 0; i < 500; i++) {
        az_event a = pop(fresh), b = pop(used);
        assert_true(a.time == b.time);
        assert_int_equal(a.data, b.data);
    }
    az_calendar_free(fresh);
    az_calendar_free(used);
}

/* ---- creation ------------------------------------------------------- */

static void test_create(void **state)
{
    (void)state;
    az_calendar *c = (az_calendar *)&c; /* must be set to NULL on error */
    az_error err;
    assert_int_equal(az_calendar_create((az_calendar_kind)99, 0, &c, &err),
                     AZ_EINVAL);
    assert_null(c);
    assert_true(strlen(err.msg) > 0);
    assert_int_equal(az_calendar_create(AZ_CAL_BINARY_HEAP, SIZE_MAX, &c,
                                        &err),
                     AZ_ENOMEM);
    assert_null(c);
    assert_int_equal(az_calendar_create(AZ_CAL_DEFAULT, 0, &c, NULL), AZ_OK);
    assert_true(az_calendar_get_kind(c) != AZ_CAL_DEFAULT);
    assert_string_equal(az_calendar_kind_name(AZ_CAL_DEFAULT),
                        az_calendar_kind_name(az_calendar_get_kind(c)));
    az_calendar_free(c);
    assert_string_equal(az_calendar_kind_name(AZ_CAL_BINARY_HEAP),
                        "binary-heap");
    assert_string_equal(az_calendar_kind_name(AZ_CAL_QUAD_HEAP), "quad-heap");
    assert_string_equal(az_calendar_kind_name(AZ_CAL_PAIRING_HEAP),
                        "pairing-heap");
    assert_string_equal(az_calendar_kind_name(AZ_CAL_CALENDAR_QUEUE),
                        "calendar-queue");
    assert_string_equal(az_calendar_kind_name((az_calendar_kind)99),
                        "unknown");
    az_calendar_free(NULL);
}

#define PER_KIND(f)                                                          \
    {#f "/binary-heap", f, NULL, NULL, &kinds[0]},                           \
        {#f "/quad-heap", f, NULL, NULL, &kinds[1]},                         \
        {#f "/pairing-heap", f, NULL, NULL, &kinds[2]},                      \
        {#f "/calendar-queue", f, NULL, NULL, &kinds[3]}

int main(void)
{
    const struct CMUnitTest tests[] = {
        PER_KIND(test_order_by_time),
        PER_KIND(test_ties_priority_then_fifo),
        PER_KIND(test_extreme_times),
        PER_KIND(test_differential),
        PER_KIND(test_small_sizes),
        PER_KIND(test_stale_handles),
        PER_KIND(test_bad_times),
        PER_KIND(test_reschedule),
        PER_KIND(test_event_time),
        PER_KIND(test_peek_size_now),
        PER_KIND(test_growth),
        PER_KIND(test_no_alloc_after_warmup),
        PER_KIND(test_reset),
        cmocka_unit_test(test_near_far),
        cmocka_unit_test(test_near_far_ties),
        cmocka_unit_test(test_lin_min),
        cmocka_unit_test(test_lin_copies),
        cmocka_unit_test(test_kinds_agree),
        cmocka_unit_test(test_kinds_agree_spread),
        cmocka_unit_test(test_create),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
