/*
 * test_bottleneck.c: the streaming active-period method against a direct
 * computation. For every instant the bottleneck is the station whose
 * covering active period is longest (ties to the lower index); the stream
 * splits that time into sole and shifting, so their sum per station must
 * equal the time it was the longest, measured here from all periods at once.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "bottleneck.h"

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
            p[n++] = (azi_period){t, t + len, x};
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
        uint32_t best = 0;
        for (size_t i = 0; i < n; i++) {
            double len = p[i].end - p[i].start;
            if (p[i].start <= mid && mid < p[i].end &&
                (len > best_len ||
                 (len == best_len && p[i].station < best))) {
                best_len = len;
                best = p[i].station;
            }
        }
        if (best_len > 0)
            want[best] += e - a;
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
    p[n++] = (azi_period){0, 1, 0}; /* station 0: then waits to the end */
    uint64_t seed = 7;
    for (uint32_t x = 1; x < nst; x++)
        for (double t = uniform(&seed); n < cap;) {
            double len = 0.05 + uniform(&seed) * x;
            if (t + len >= horizon)
                break;
            p[n++] = (azi_period){t, t + len, x};
            t += len + 0.01 + uniform(&seed);
        }
    assert_true(n > 4000);
    uint64_t settles = check_periods(nst, horizon, p, n);
    assert_true(settles < 40); /* about log2(n / 42) + 1; was n - 42 */
    free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_few_stations),
        cmocka_unit_test(test_many_stations),
        cmocka_unit_test(test_frontier_held_back),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
