/*
 * test_bottleneck.c: the streaming active-period method against a direct
 * computation. For every instant the bottleneck is the station whose
 * covering active period is longest (equal longest ones share the instant
 * equally); the stream splits that time into sole and shifting, so their
 * sum per station must equal the time it was the longest, measured here
 * from all periods at once. Then ties and unbounded periods by hand, and
 * the engine's working-time clock on lines with shifts (engine_fixture.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "archive.h"
#include "bottleneck.h"
#include "engine_fixture.h"

typedef struct change {
    double t;
    uint32_t station;
    int active;
} change;

static int by_time(const void *a, const void *b)
{
    const change *x = a, *y = b;
    return x->t < y->t ? -1 : x->t > y->t;
}

static double uniform(uint64_t *s)
{
    *s = *s * 6364136223846793005u + 1442695040888963407u;
    return (double)(*s >> 11) * 0x1p-53;
}

/* Random disjoint active periods for nst stations over [0, horizon): busy
 * stretches of random length separated by random gaps, so periods overlap
 * across stations in every way. */
static size_t make_periods(uint32_t nst, double horizon, uint64_t seed,
                           azi_period **out)
{
    size_t n = 0, cap = 1024;
    azi_period *p = malloc(cap * sizeof *p);
    assert_non_null(p);
    for (uint32_t x = 0; x < nst; x++) {
        double t = uniform(&seed) * 5;
        for (;;) {
            double len = 0.1 + uniform(&seed) * (x % 7 + 1) * 3;
            if (t + len >= horizon)
                break;
            if (n == cap) {
                p = realloc(p, (cap *= 2) * sizeof *p);
                assert_non_null(p);
            }
            p[n++] = (azi_period){t, t + len, x, 0};
            t += len + 0.05 + uniform(&seed) * 4;
        }
    }
    *out = p;
    return n;
}

/* Runs periods p[0..n) through the stream and compares each station's
 * bottleneck time with the direct computation; returns the sweeps done. */
static uint64_t check_periods(uint32_t nst, double horizon, azi_period *p,
                              size_t n)
{
    change *c = malloc(2 * n * sizeof *c);
    assert_non_null(c);
    for (size_t i = 0; i < n; i++) {
        c[2 * i] = (change){p[i].start, p[i].station, 1};
        c[2 * i + 1] = (change){p[i].end, p[i].station, 0};
    }
    qsort(c, 2 * n, sizeof *c, by_time);

    azi_bneck b;
    az_error err;
    assert_int_equal(azi_bn_init(&b, nst, &err), AZ_OK);
    for (size_t i = 0; i < 2 * n; i++) {
        az_status rc = c[i].active ? azi_bn_active(&b, c[i].station, c[i].t, &err)
                                   : azi_bn_inactive(&b, c[i].station, c[i].t, &err);
        assert_int_equal(rc, AZ_OK);
    }
    assert_int_equal(azi_bn_finish(&b, horizon, &err), AZ_OK);

    /* Direct: between consecutive change times the covering set is fixed;
     * the longest covering period is the bottleneck there. */
    double *want = calloc(nst, sizeof *want);
    assert_non_null(want);
    for (size_t k = 0; k + 1 < 2 * n; k++) {
        double a = c[k].t, e = c[k + 1].t;
        if (e <= a)
            continue;
        double mid = 0.5 * (a + e), best_len = -1;
        uint32_t ntie = 0;
        for (size_t i = 0; i < n; i++) {
            double len = p[i].end - p[i].start;
            if (p[i].start <= mid && mid < p[i].end && len > best_len)
                best_len = len;
        }
        for (size_t i = 0; i < n; i++)
            ntie += p[i].start <= mid && mid < p[i].end &&
                 p[i].end - p[i].start == best_len;
        for (size_t i = 0; i < n && best_len > 0; i++)
            if (p[i].start <= mid && mid < p[i].end &&
                p[i].end - p[i].start == best_len)
                want[p[i].station] += (e - a) / ntie;
    }
    for (uint32_t x = 0; x < nst; x++)
        assert_float_equal(b.sole[x] + b.shifting[x], want[x],
                           1e-9 * horizon);
    uint64_t settles = b.settles;
    azi_bn_free(&b);
    free(want);
    free(c);
    return settles;
}

static void check_against_direct(uint32_t nst, double horizon, uint64_t seed)
{
    azi_period *p;
    size_t n = make_periods(nst, horizon, seed, &p);
    check_periods(nst, horizon, p, n);
    free(p);
}

static void test_few_stations(void **state)
{
    (void)state;
    check_against_direct(3, 200, 1);
    check_against_direct(10, 500, 2);
}

/* Many stations busy at once: the buffer is settled many times and the
 * sweep's heap holds hundreds of periods. */
static void test_many_stations(void **state)
{
    (void)state;
    check_against_direct(400, 60, 3);
}

/* Appends to p[0..n) (room for cap) short busy periods of stations 1 ..
 * nst - 1 from about `from` until `until`: station x's last up to x long,
 * with gaps of up to 1. Returns the new count. */
static size_t short_periods(azi_period *p, size_t n, size_t cap, uint32_t nst,
                            double from, double until, uint64_t *seed)
{
    for (uint32_t x = 1; x < nst; x++)
        for (double t = from + uniform(seed); n < cap;) {
            double len = 0.05 + uniform(seed) * x;
            if (t + len >= until)
                break;
            p[n++] = (azi_period){t, t + len, x, 0};
            t += len + 0.01 + uniform(seed);
        }
    return n;
}

/* A station that ends a period and then stays waiting (a test station
 * starved for hours, say) keeps its last period pending, which holds the
 * settled frontier back while the others go on: the buffer grows. Sweeps
 * must then come at doubling sizes, not at every new period (each sweep
 * passes over the whole buffer: that was quadratic, and a quarter of the
 * reference factory's run time). */
static void test_frontier_held_back(void **state)
{
    (void)state;
    uint32_t nst = 5;
    double horizon = 3000;
    size_t n = 0, cap = 16384;
    azi_period *p = malloc(cap * sizeof *p);
    assert_non_null(p);
    p[n++] = (azi_period){0, 1, 0, 0}; /* station 0: then waits to the end */
    uint64_t seed = 7;
    n = short_periods(p, n, cap, nst, 0, horizon, &seed);
    assert_true(n > 4000);
    uint64_t settles = check_periods(nst, horizon, p, n);
    assert_true(settles < 40); /* about log2(n / 42) + 1; was n - 42 */
    free(p);
}

/* A steady bottleneck: station 0 works almost all the time, in two long
 * periods, while the others come and go. A period inside station 0's
 * running one, and shorter than it is so far, is dropped as it closes
 * (bottleneck.c, note 2), also after the first long period ends and the
 * second takes over: the buffer stays nearly empty, so sweeps are rare
 * (about one per 44 periods before), and the shares are still exact. */
static void test_steady_bottleneck(void **state)
{
    (void)state;
    uint32_t nst = 6;
    double horizon = 2000;
    size_t n = 0, cap = 8192;
    azi_period *p = malloc(cap * sizeof *p);
    assert_non_null(p);
    p[n++] = (azi_period){0, 900, 0, 0};
    p[n++] = (azi_period){900.5, 1999, 0, 0};
    uint64_t seed = 11;
    n = short_periods(p, n, cap, nst, 1, horizon - 2, &seed);
    assert_true(n > 2000);
    uint64_t settles = check_periods(nst, horizon, p, n);
    print_message("  %zu periods, %llu sweeps\n", n,
                  (unsigned long long)settles);
    assert_true(settles < 4);
    free(p);
}

/* A detector written to a snapshot mid-stream and read back goes on as
 * the one never written: the same sweeps at the same times, hence the
 * same shares to the bit. The early drop's state (which station's
 * period dominates, and when it was last looked for) decides which
 * periods are buffered, so it must travel too: without it a resumed run
 * swept at other times and tied shares moved in their last bit. 40
 * stations (the look for a new dominator is rate-limited to one per 5
 * periods) on a grid of whole times, so that ties are many. */
static void test_snapshot_goes_on_alike(void **state)
{
    (void)state;
    uint32_t nst = 40;
    double horizon = 400;
    size_t n = 0, cap = 16384;
    change *c = malloc(cap * sizeof *c);
    assert_non_null(c);
    uint64_t seed = 5;
    for (uint32_t x = 0; x < nst; x++)
        for (double t = (double)(x % 3);;) {
            double len = 1 + (double)(uint32_t)(uniform(&seed) * 4);
            if (x == 7)
                len *= 9; /* a long-running one dominates at times */
            if (t + len >= horizon || n + 2 > cap)
                break;
            c[n++] = (change){t, x, 1};
            c[n++] = (change){t + len, x, 0};
            t += len + 1 + (double)(uint32_t)(uniform(&seed) * 3);
        }
    qsort(c, n, sizeof *c, by_time);
    azi_bneck a, b;
    az_error err;
    assert_int_equal(azi_bn_init(&a, nst, &err), AZ_OK);
    assert_int_equal(azi_bn_init(&b, nst, &err), AZ_OK);
    size_t half = n / 2;
    while (half < n && c[half].t == c[half - 1].t)
        half++; /* a cut between two instants, as a snapshot's */
    for (size_t i = 0; i < n; i++) {
        if (i == half) { /* b: written out, read into a fresh detector */
            azi_ar w, r;
            azi_ar_writer(&w);
            assert_int_equal(azi_bn_io(&b, &w, &err), AZ_OK);
            assert_false(w.bad);
            azi_bn_free(&b);
            assert_int_equal(azi_bn_init(&b, nst, &err), AZ_OK);
            azi_ar_reader(&r, w.buf);
            assert_int_equal(azi_bn_io(&b, &r, &err), AZ_OK);
            assert_false(r.bad);
            assert_true(azi_ar_done(&r));
            azi_ar_free(&r);
            azi_ar_free(&w);
        }
        azi_bneck *d[2] = {&a, &b};
        for (int k = 0; k < 2; k++) {
            az_status rc =
                c[i].active ? azi_bn_active(d[k], c[i].station, c[i].t, &err)
                            : azi_bn_inactive(d[k], c[i].station, c[i].t,
                                              &err);
            assert_int_equal(rc, AZ_OK);
        }
        /* the same periods buffered, step by step */
        assert_int_equal(a.n, b.n);
        assert_true(a.settles == b.settles);
    }
    assert_int_equal(azi_bn_finish(&a, horizon, &err), AZ_OK);
    assert_int_equal(azi_bn_finish(&b, horizon, &err), AZ_OK);
    print_message("  %zu changes, %llu and %llu sweeps\n", n,
                  (unsigned long long)a.settles,
                  (unsigned long long)b.settles);
    assert_true(a.settles == b.settles);
    for (uint32_t x = 0; x < nst; x++) {
        assert_true(a.sole[x] == b.sole[x]);
        assert_true(a.shifting[x] == b.shifting[x]);
        assert_true(a.tied[x] == b.tied[x]);
    }
    azi_bn_free(&a);
    azi_bn_free(&b);
    free(c);
}

/* Periods on a grid of whole numbers, so that many have equal lengths and
 * start or end together: every tie must be shared, none given to the
 * lower index (the direct computation shares them too). */
static void test_ties_shared(void **state)
{
    (void)state;
    uint64_t seed = 11;
    size_t n = 0, cap = 4096;
    azi_period *p = malloc(cap * sizeof *p);
    assert_non_null(p);
    for (uint32_t x = 0; x < 6; x++)
        for (double t = floor(uniform(&seed) * 3); n < cap;) {
            double len = 1 + floor(uniform(&seed) * 4);
            if (t + len >= 400)
                break;
            p[n++] = (azi_period){t, t + len, x, 0};
            t += len + 1 + floor(uniform(&seed) * 3);
        }
    check_periods(6, 400, p, n);
    free(p);
}

/* Two stations with one period each, of one length, at one time: each is
 * the bottleneck half of the time, all of it tied; before, the lower
 * index had all of it. */
static void test_equal_periods(void **state)
{
    (void)state;
    azi_bneck b;
    az_error err;
    assert_int_equal(azi_bn_init(&b, 3, &err), AZ_OK);
    assert_int_equal(azi_bn_active(&b, 1, 10, &err), AZ_OK);
    assert_int_equal(azi_bn_active(&b, 2, 10, &err), AZ_OK);
    assert_int_equal(azi_bn_inactive(&b, 2, 30, &err), AZ_OK);
    assert_int_equal(azi_bn_inactive(&b, 1, 30, &err), AZ_OK);
    assert_int_equal(azi_bn_finish(&b, 100, &err), AZ_OK);
    for (uint32_t x = 1; x < 3; x++) {
        FX_NEAR(b.sole[x], 0);
        FX_NEAR(b.shifting[x], 10);
        FX_NEAR(b.tied[x], 10);
    }
    FX_NEAR(b.shifting[0] + b.sole[0], 0);
    azi_bn_free(&b);
}

/* Stations that never wait after the start (as ahead of growing queues)
 * have periods open at the end that cover most of the window: their
 * lengths are unknown, and a start a few seconds apart must not rank
 * them. A station open at the end over less than half the window, and
 * one that waited, are ranked as always. */
static void test_unbounded_tie(void **state)
{
    (void)state;
    azi_bneck b;
    az_error err;
    assert_int_equal(azi_bn_init(&b, 4, &err), AZ_OK);
    /* 0 starts first and would contain 1 and 2 */
    assert_int_equal(azi_bn_active(&b, 0, 0, &err), AZ_OK);
    assert_int_equal(azi_bn_active(&b, 1, 2, &err), AZ_OK);
    assert_int_equal(azi_bn_active(&b, 2, 3, &err), AZ_OK);
    /* 3: short periods, and one open at the end, too short to count */
    assert_int_equal(azi_bn_active(&b, 3, 5, &err), AZ_OK);
    assert_int_equal(azi_bn_inactive(&b, 3, 8, &err), AZ_OK);
    assert_int_equal(azi_bn_active(&b, 3, 90, &err), AZ_OK);
    assert_int_equal(azi_bn_finish(&b, 100, &err), AZ_OK);
    /* [0, 2): 0 alone; [2, 3): 0 and 1 tie; [3, 100): 0, 1, 2 tie */
    FX_NEAR(b.sole[0], 2);
    FX_NEAR(b.tied[0], 0.5 + 97.0 / 3);
    FX_NEAR(b.tied[1], 0.5 + 97.0 / 3);
    FX_NEAR(b.tied[2], 97.0 / 3);
    FX_NEAR(b.sole[3] + b.shifting[3] + b.tied[3], 0);
    for (uint32_t x = 0; x < 3; x++)
        FX_NEAR(b.shifting[x] - b.tied[x] + b.sole[x],
                           x == 0 ? 2 : 0);
    azi_bn_free(&b);

    /* With a warm-up to 60 the window is [60, 100): a period open at the
     * end is unbounded from 20 long on, from 80; not from 81. */
    assert_int_equal(azi_bn_init(&b, 3, &err), AZ_OK);
    assert_int_equal(azi_bn_active(&b, 0, 0, &err), AZ_OK);
    azi_bn_restart(&b, 60);
    assert_int_equal(azi_bn_active(&b, 1, 81, &err), AZ_OK);
    assert_int_equal(azi_bn_active(&b, 2, 85, &err), AZ_OK);
    assert_int_equal(azi_bn_finish(&b, 100, &err), AZ_OK);
    FX_NEAR(b.sole[0], 40);
    FX_NEAR(b.tied[0] + b.tied[1] + b.shifting[1] + b.shifting[2], 0);
    azi_bn_free(&b);
    assert_int_equal(azi_bn_init(&b, 2, &err), AZ_OK);
    assert_int_equal(azi_bn_active(&b, 0, 0, &err), AZ_OK);
    azi_bn_restart(&b, 60);
    assert_int_equal(azi_bn_active(&b, 1, 80, &err), AZ_OK);
    assert_int_equal(azi_bn_finish(&b, 100, &err), AZ_OK);
    FX_NEAR(b.sole[0], 20);
    FX_NEAR(b.tied[0], 10);
    FX_NEAR(b.tied[1], 10);
    azi_bn_free(&b);
}

/* A period that ends at the very end (the run ends off shift, where the
 * clock stands at the last working instant) counts as open: it may go
 * on, so it can be unbounded. */
static void test_pending_at_end_is_open(void **state)
{
    (void)state;
    azi_bneck b;
    az_error err;
    assert_int_equal(azi_bn_init(&b, 2, &err), AZ_OK);
    assert_int_equal(azi_bn_active(&b, 0, 0, &err), AZ_OK);
    assert_int_equal(azi_bn_active(&b, 1, 1, &err), AZ_OK);
    assert_int_equal(azi_bn_inactive(&b, 0, 50, &err), AZ_OK);
    assert_int_equal(azi_bn_inactive(&b, 1, 50, &err), AZ_OK);
    assert_int_equal(azi_bn_finish(&b, 50, &err), AZ_OK);
    FX_NEAR(b.sole[0], 1);
    FX_NEAR(b.tied[0], 24.5);
    FX_NEAR(b.tied[1], 24.5);
    azi_bn_free(&b);
}

/* The engine's clock on a line with shifts: a lot of 20000 units comes
 * each day at 06:00; a (1 s) and b (1.2 s) work it off in the shift
 * 06:00-14:00 less a break at 10:00-10:30 (7.5 h, 27000 s). b is the
 * bottleneck: its period, 24000 s of working time from 1 s after a's, is
 * longer than a's (20000 s). Cut at the break, a's morning period would
 * have started first and ended with b's, and a was the bottleneck every
 * morning (4 h of 7.5, in either off_shift mode). Off-shift time neither
 * ends nor lengthens a period: b is the bottleneck 24000 s of 27000, a
 * its first second. */
static void daily_lot(const char *off_shift, double b_len)
{
    char text[1200];
    snprintf(text, sizeof text,
             "name: daily lot\n"
             "time_unit: s\n"
             "products: [{name: p, mix: 1}]\n"
             "release: {interarrival: 1 d, lot: 20000, "
             "lot_arrival: together}\n"
             "stations: {a: {process: 1 s}, b: {process: 1.2 s}}\n"
             "routes: {p: [a, b]}\n"
             "shifts:\n"
             "  pattern: [{start: \"06:00\", end: \"14:00\"}]\n"
             "  breaks: [{start: \"10:00\", duration: 30 min}]\n"
             "  off_shift: %s\n",
             off_shift);
    az_model *m = fx_load(text);
    az_sim *s;
    fx_results(m, 3 * 86400.0, 86400.0, &s); /* days 1 and 2 */
    double a = FX_ST(s, 0, AZ_M_BN_SOLE) + FX_ST(s, 0, AZ_M_BN_SHIFT);
    double b = FX_ST(s, 1, AZ_M_BN_SOLE) + FX_ST(s, 1, AZ_M_BN_SHIFT);
    FX_NEAR(b, b_len / 27000);
    FX_NEAR(a, 1.0 / 27000);
    FX_NEAR(FX_ST(s, 0, AZ_M_BN_TIED) + FX_ST(s, 1, AZ_M_BN_TIED), 0);
    az_sim_free(s);
    az_model_free(m);
}

static void test_shift_does_not_cut(void **state)
{
    (void)state;
    daily_lot("pause", 24000);
    /* b finishes off shift the unit it is in at 10:00, its last second,
     * outside working time: its period is a second shorter */
    daily_lot("finish", 23999);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_few_stations),
        cmocka_unit_test(test_many_stations),
        cmocka_unit_test(test_frontier_held_back),
        cmocka_unit_test(test_steady_bottleneck),
        cmocka_unit_test(test_snapshot_goes_on_alike),
        cmocka_unit_test(test_ties_shared),
        cmocka_unit_test(test_equal_periods),
        cmocka_unit_test(test_unbounded_tie),
        cmocka_unit_test(test_pending_at_end_is_open),
        cmocka_unit_test(test_shift_does_not_cut),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
