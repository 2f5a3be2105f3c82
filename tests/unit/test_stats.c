/* test_stats.c: tallies, time averages, histogram, t quantiles and CIs,
 * MSER-5. Random data come from az_rng with fixed seeds, so every test is
 * deterministic. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "azalea/rng.h"
#include "azalea/stats.h"

/* ---- helpers ---- */

#define assert_near(a, b, tol) near_at((a), (b), (tol), __FILE__, __LINE__)
#define assert_rel(a, b, rel) \
    near_at((a), (b), (rel) * fabs((double)(b)), __FILE__, __LINE__)

static void near_at(double a, double b, double tol, const char *file,
                    int line)
{
    if (!(fabs(a - b) <= tol)) {
        print_error("%.17g != %.17g (tolerance %g)\n", a, b, tol);
        _fail(file, line);
    }
}

static const double two_pi = 6.283185307179586;

/* Box-Muller, cosine half only: simple, and the uniforms are in (0,1). */
static double normal(az_rng *r)
{
    double u = az_rng_uniform(r), v = az_rng_uniform(r);
    return sqrt(-2.0 * log(u)) * cos(two_pi * v);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void two_pass(const double *x, size_t n, double *mean, double *var)
{
    double s = 0.0, ss = 0.0;
    for (size_t i = 0; i < n; i++)
        s += x[i];
    *mean = s / (double)n;
    for (size_t i = 0; i < n; i++)
        ss += (x[i] - *mean) * (x[i] - *mean);
    *var = ss / (double)(n - 1);
}

/* ---- tally ---- */

static void tally_known_data(void **state)
{
    (void)state;
    const double x[] = {2, 4, 4, 4, 5, 5, 7, 9};
    az_tally t;
    az_tally_init(&t);
    for (size_t i = 0; i < 8; i++)
        az_tally_add(&t, x[i]);
    assert_int_equal(az_tally_count(&t), 8);
    assert_near(az_tally_mean(&t), 5.0, 1e-15);
    assert_near(az_tally_variance(&t), 32.0 / 7.0, 1e-14);
    assert_near(az_tally_stddev(&t), sqrt(32.0 / 7.0), 1e-14);
    assert_true(az_tally_min(&t) == 2.0);
    assert_true(az_tally_max(&t) == 9.0);
}

/* 1e5 values with a large offset, where sum(x^2) - n mean^2 would lose
 * about 12 digits; Welford must agree with the two-pass result. */
static void tally_random_vs_two_pass(void **state)
{
    (void)state;
    enum { N = 100000 };
    double *x = malloc(N * sizeof *x);
    assert_non_null(x);
    az_rng r;
    az_rng_init(&r, 42, 0, 1);
    az_tally t;
    az_tally_init(&t);
    double lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < N; i++) {
        x[i] = 1e6 + 100.0 * az_rng_uniform(&r);
        az_tally_add(&t, x[i]);
        lo = fmin(lo, x[i]);
        hi = fmax(hi, x[i]);
    }
    double m, v;
    two_pass(x, N, &m, &v);
    assert_int_equal(az_tally_count(&t), N);
    assert_rel(az_tally_mean(&t), m, 1e-13);
    assert_rel(az_tally_variance(&t), v, 1e-9);
    assert_true(az_tally_min(&t) == lo);
    assert_true(az_tally_max(&t) == hi);
    free(x);
}

static void tally_merge_halves(void **state)
{
    (void)state;
    enum { N = 100000 };
    az_rng r;
    az_rng_init(&r, 7, 0, 2);
    az_tally all, a, b;
    az_tally_init(&all);
    az_tally_init(&a);
    az_tally_init(&b);
    for (size_t i = 0; i < N; i++) {
        /* Halves with different means, so the cross term matters. */
        double x = (i < N / 3 ? 3.0 : 20.0) + 5.0 * normal(&r);
        az_tally_add(&all, x);
        az_tally_add(i < N / 3 ? &a : &b, x);
    }
    az_tally_merge(&a, &b);
    assert_int_equal(az_tally_count(&a), N);
    assert_rel(az_tally_mean(&a), az_tally_mean(&all), 1e-12);
    assert_rel(az_tally_variance(&a), az_tally_variance(&all), 1e-12);
    assert_true(az_tally_min(&a) == az_tally_min(&all));
    assert_true(az_tally_max(&a) == az_tally_max(&all));

    /* Empty on either side is the identity. */
    az_tally e, c = all;
    az_tally_init(&e);
    az_tally_merge(&c, &e);
    assert_memory_equal(&c, &all, sizeof c);
    az_tally_merge(&e, &all);
    assert_int_equal(az_tally_count(&e), N);
    assert_true(az_tally_mean(&e) == az_tally_mean(&all));
    assert_true(az_tally_variance(&e) == az_tally_variance(&all));
}

static void tally_empty_and_single(void **state)
{
    (void)state;
    az_tally t;
    az_tally_init(&t);
    assert_int_equal(az_tally_count(&t), 0);
    assert_true(az_tally_mean(&t) == 0.0);
    assert_true(az_tally_variance(&t) == 0.0);
    assert_true(az_tally_stddev(&t) == 0.0);
    assert_true(az_tally_min(&t) == 0.0);
    assert_true(az_tally_max(&t) == 0.0);
    az_tally_add(&t, -3.5);
    assert_int_equal(az_tally_count(&t), 1);
    assert_true(az_tally_mean(&t) == -3.5);
    assert_true(az_tally_variance(&t) == 0.0);
    assert_true(az_tally_min(&t) == -3.5);
    assert_true(az_tally_max(&t) == -3.5);
}

/* ---- time-weighted average ---- */

static void timeavg_steps(void **state)
{
    (void)state;
    az_timeavg a;
    az_timeavg_init(&a, 0.0, 2.0); /* 2 on [0,3), 5 on [3,4), 0 after */
    az_timeavg_set(&a, 3.0, 5.0);
    az_timeavg_set(&a, 4.0, 0.0);
    assert_near(az_timeavg_mean(&a, 4.0), 11.0 / 4.0, 1e-15);
    assert_near(az_timeavg_mean(&a, 10.0), 11.0 / 10.0, 1e-15);
    assert_true(az_timeavg_max(&a) == 5.0);
    assert_true(az_timeavg_value(&a) == 0.0);
    /* A window not starting at 0: 1 on [2,6), 3 on [6,8]. */
    az_timeavg_init(&a, 2.0, 1.0);
    az_timeavg_set(&a, 6.0, 3.0);
    assert_near(az_timeavg_mean(&a, 8.0), 10.0 / 6.0, 1e-15);
}

static void timeavg_add_deltas(void **state)
{
    (void)state;
    az_timeavg a;
    az_timeavg_init(&a, 1.0, 0.0); /* 0 on [1,2), 1 on [2,4), 3 on [4,5) */
    az_timeavg_add(&a, 2.0, 1.0);
    az_timeavg_add(&a, 4.0, 2.0);
    az_timeavg_add(&a, 5.0, -3.0);
    az_timeavg_add(&a, 5.0, 0.0); /* same instant: no area, no change */
    assert_true(az_timeavg_value(&a) == 0.0);
    assert_near(az_timeavg_mean(&a, 9.0), 5.0 / 8.0, 1e-15);
    assert_true(az_timeavg_max(&a) == 3.0);
}

static void timeavg_restart_window(void **state)
{
    (void)state;
    az_timeavg a;
    az_timeavg_init(&a, 0.0, 10.0);
    az_timeavg_set(&a, 5.0, 2.0);
    az_timeavg_set(&a, 6.0, 4.0);
    az_timeavg_restart(&a, 8.0); /* warm-up ends while the value is 4 */
    assert_true(az_timeavg_value(&a) == 4.0);
    assert_true(az_timeavg_max(&a) == 4.0); /* the 10 is forgotten */
    az_timeavg_set(&a, 10.0, 1.0);
    assert_near(az_timeavg_mean(&a, 12.0), (4.0 * 2 + 1.0 * 2) / 4.0, 1e-15);
    assert_true(az_timeavg_max(&a) == 4.0);
    az_timeavg_set(&a, 12.0, 7.0);
    assert_true(az_timeavg_max(&a) == 7.0);
}

static void timeavg_zero_length(void **state)
{
    (void)state;
    az_timeavg a;
    az_timeavg_init(&a, 3.0, 7.0);
    assert_true(az_timeavg_mean(&a, 3.0) == 7.0);
    az_timeavg_set(&a, 3.0, 9.0);
    assert_true(az_timeavg_mean(&a, 3.0) == 9.0);
    az_timeavg_set(&a, 5.0, 1.0);
    az_timeavg_restart(&a, 5.0);
    assert_true(az_timeavg_mean(&a, 5.0) == 1.0);
    assert_true(az_timeavg_max(&a) == 1.0);
}

/* ---- histogram ---- */

enum { HN = 100000 };

/* exp(N(0,1)): a right-skewed sample spread over about 8 octaves each way. */
static double *lognormal_sample(uint64_t seed)
{
    double *x = malloc(HN * sizeof *x);
    assert_non_null(x);
    az_rng r;
    az_rng_init(&r, seed, 0, 3);
    for (size_t i = 0; i < HN; i++)
        x[i] = exp(normal(&r));
    return x;
}

/* Exact sample quantile matching the histogram's definition: x_(ceil(p n)). */
static double exact_quantile(const double *sorted, size_t n, double p)
{
    size_t k = (size_t)ceil(p * (double)n);
    if (k < 1)
        k = 1;
    return sorted[k - 1];
}

static void hist_quantiles_within_bound(void **state)
{
    (void)state;
    double *x = lognormal_sample(11);
    double *s = malloc(HN * sizeof *s);
    assert_non_null(s);
    memcpy(s, x, HN * sizeof *s);
    qsort(s, HN, sizeof *s, cmp_double);
    const double ps[] = {0.5, 0.9, 0.95, 0.99, 0.001, 0.3};
    const int bits[] = {1, 3, 7, 10};
    for (size_t b = 0; b < 4; b++) {
        az_hist *h;
        assert_int_equal(az_hist_create(1e-3, 1e4, bits[b], &h, NULL), AZ_OK);
        for (size_t i = 0; i < HN; i++)
            az_hist_add(h, x[i]);
        assert_int_equal(az_hist_count(h), HN);
        double bound = ldexp(1.0, -bits[b]);
        for (size_t j = 0; j < sizeof ps / sizeof ps[0]; j++) {
            double e = exact_quantile(s, HN, ps[j]);
            assert_rel(az_hist_quantile(h, ps[j]), e, bound);
        }
        assert_true(az_hist_quantile(h, 0.0) == s[0]);
        assert_true(az_hist_quantile(h, 1.0) == s[HN - 1]);
        az_hist_free(h);
    }
    free(s);
    free(x);
}

static void hist_under_and_overflow(void **state)
{
    (void)state;
    az_hist *h;
    assert_int_equal(az_hist_create(1.0, 100.0, 4, &h, NULL), AZ_OK);
    const double x[] = {0.25, -0.5, 2.0, 3.0, 50.0, 100.0, 150.0, 1000.0};
    for (size_t i = 0; i < 8; i++)
        az_hist_add(h, x[i]);
    az_hist_add(h, NAN); /* ignored */
    assert_int_equal(az_hist_count(h), 8);

    size_t nb = az_hist_buckets(h);
    double lo, hi;
    uint64_t c;
    az_hist_bucket(h, 0, &lo, &hi, &c);
    assert_true(lo == 0.0 && hi == 1.0);
    assert_int_equal(c, 2);
    az_hist_bucket(h, nb - 1, &lo, &hi, &c);
    assert_true(lo == 100.0 && hi == 1000.0);
    assert_int_equal(c, 2);
    az_hist_bucket(h, nb - 2, &lo, &hi, &c); /* highest itself is regular */
    assert_true(hi == 100.0);
    assert_int_equal(c, 1);

    assert_true(az_hist_quantile(h, 0.0) == -0.5);
    assert_true(az_hist_quantile(h, 1.0) == 1000.0);
    /* Rank 1 of 8 is in the underflow bucket, clipped to [min, lowest]. */
    assert_near(az_hist_quantile(h, 0.125), -0.5 + 0.5 * 1.5, 1e-15);
    /* Rank 7.6 is in the overflow bucket [100, 1000]: 80% of the way. */
    assert_near(az_hist_quantile(h, 0.95), 100.0 + 0.8 * 900.0, 1e-12);

    /* Only negatives: all underflow, and the exact extremes still hold. */
    az_hist_reset(h);
    az_hist_add(h, -3.0);
    az_hist_add(h, -2.0);
    assert_true(az_hist_quantile(h, 0.0) == -3.0);
    assert_true(az_hist_quantile(h, 1.0) == -2.0);
    assert_near(az_hist_quantile(h, 0.5), -2.5, 1e-15);
    az_hist_free(h);
}

/* A rank that falls exactly on a bucket's cumulative count belongs to that
 * bucket, not to the next non-empty one: x_(2) of {1, 1, 50, 50} is 1. */
static void hist_quantile_rank_boundary(void **state)
{
    (void)state;
    az_hist *h;
    assert_int_equal(az_hist_create(0.5, 100.0, 4, &h, NULL), AZ_OK);
    az_hist_add(h, 1.0);
    az_hist_add(h, 1.0);
    az_hist_add(h, 50.0);
    az_hist_add(h, 50.0);
    assert_rel(az_hist_quantile(h, 0.5), 1.0, ldexp(1.0, -4));
    assert_rel(az_hist_quantile(h, 0.25), 1.0, ldexp(1.0, -4));
    assert_rel(az_hist_quantile(h, 0.51), 50.0, ldexp(1.0, -4));
    az_hist_free(h);
}

static void hist_merge_equals_one(void **state)
{
    (void)state;
    double *x = lognormal_sample(12);
    az_hist *one, *a, *b;
    assert_int_equal(az_hist_create(0.01, 50.0, 6, &one, NULL), AZ_OK);
    assert_int_equal(az_hist_create(0.01, 50.0, 6, &a, NULL), AZ_OK);
    assert_int_equal(az_hist_create(0.01, 50.0, 6, &b, NULL), AZ_OK);
    for (size_t i = 0; i < HN; i++) {
        az_hist_add(one, x[i]);
        az_hist_add(i % 3 ? a : b, x[i]);
    }
    az_error err;
    assert_int_equal(az_hist_merge(a, b, &err), AZ_OK);
    assert_int_equal(az_hist_count(a), HN);
    assert_int_equal(az_hist_buckets(a), az_hist_buckets(one));
    for (size_t i = 0; i < az_hist_buckets(one); i++) {
        uint64_t ca, co;
        az_hist_bucket(a, i, NULL, NULL, &ca);
        az_hist_bucket(one, i, NULL, NULL, &co);
        assert_int_equal(ca, co);
    }
    for (double p = 0.0; p <= 1.0; p += 0.125)
        assert_true(az_hist_quantile(a, p) == az_hist_quantile(one, p));

    az_hist *other;
    assert_int_equal(az_hist_create(0.01, 50.0, 5, &other, NULL), AZ_OK);
    assert_int_equal(az_hist_merge(a, other, &err), AZ_EINVAL);
    assert_int_equal(err.code, AZ_EINVAL);
    assert_string_equal(err.msg, "histograms differ in shape: [0.01, 50] with "
                                 "6 sub-bits vs [0.01, 50] with 5");
    assert_int_equal(az_hist_count(a), HN); /* unchanged */
    az_hist_free(other);
    az_hist_free(one);
    az_hist_free(a);
    az_hist_free(b);
    free(x);
}

/* Buckets tile [0, max] in order, each regular one no wider than 2^-bits of
 * its lower bound, their counts sum to the total, and a value lands in the
 * bucket whose range holds it. */
static void hist_buckets(void **state)
{
    (void)state;
    enum { BITS = 5 };
    az_hist *h;
    assert_int_equal(az_hist_create(0.3, 700.0, BITS, &h, NULL), AZ_OK);
    double *x = lognormal_sample(13);
    for (size_t i = 0; i < HN; i++)
        az_hist_add(h, x[i] * 10.0);
    size_t nb = az_hist_buckets(h);
    uint64_t sum = 0;
    double prev_hi = 0.0;
    for (size_t i = 0; i < nb; i++) {
        double lo, hi;
        uint64_t c;
        az_hist_bucket(h, i, &lo, &hi, &c);
        sum += c;
        assert_true(lo == prev_hi);
        assert_true(lo <= hi);
        if (i > 0 && i < nb - 1)
            assert_true(hi - lo <= ldexp(lo, -BITS));
        prev_hi = hi;
    }
    assert_int_equal(sum, az_hist_count(h));
    assert_int_equal(sum, HN);

    /* Where single values land. */
    for (size_t j = 0; j < 200; j++) {
        double v = x[j] * 10.0;
        az_hist_reset(h);
        az_hist_add(h, v);
        size_t found = 0;
        for (size_t i = 0; i < nb; i++) {
            double lo, hi;
            uint64_t c;
            az_hist_bucket(h, i, &lo, &hi, &c);
            if (c) {
                found++;
                assert_true(lo <= v && (v < hi || i == nb - 1 ||
                                        (i == nb - 2 && v == hi)));
            }
        }
        assert_int_equal(found, 1);
    }
    az_hist_free(h);
    free(x);
}

static void hist_reset_and_empty(void **state)
{
    (void)state;
    az_hist *h;
    assert_int_equal(az_hist_create(1.0, 10.0, 2, &h, NULL), AZ_OK);
    assert_true(az_hist_quantile(h, 0.5) == 0.0);
    for (int i = 0; i < 50; i++)
        az_hist_add(h, 0.5 * i);
    az_hist_reset(h);
    assert_int_equal(az_hist_count(h), 0);
    assert_true(az_hist_quantile(h, 0.5) == 0.0);
    for (size_t i = 0; i < az_hist_buckets(h); i++) {
        uint64_t c;
        az_hist_bucket(h, i, NULL, NULL, &c);
        assert_int_equal(c, 0);
    }
    az_hist_add(h, 4.0); /* min and max start over too */
    assert_true(az_hist_quantile(h, 0.0) == 4.0);
    assert_true(az_hist_quantile(h, 1.0) == 4.0);
    assert_true(az_hist_quantile(h, 0.5) == 4.0);
    az_hist_free(h);
    az_hist_free(NULL); /* cleanup paths rely on this */
}

static void check_bad_create(double lowest, double highest, int bits,
                             const char *msg)
{
    az_hist *h = (az_hist *)&h; /* any non-NULL: must come back NULL */
    az_error err;
    assert_int_equal(az_hist_create(lowest, highest, bits, &h, &err),
                     AZ_EINVAL);
    assert_null(h);
    assert_int_equal(err.code, AZ_EINVAL);
    assert_string_equal(err.msg, msg);
    assert_int_equal(az_hist_create(lowest, highest, bits, &h, NULL),
                     AZ_EINVAL);
}

static void hist_bad_create(void **state)
{
    (void)state;
    check_bad_create(0.0, 1.0, 4,
                     "histogram lowest must be finite and > 0 (got 0)");
    check_bad_create(-1.0, 1.0, 4,
                     "histogram lowest must be finite and > 0 (got -1)");
    check_bad_create(INFINITY, 1.0, 4,
                     "histogram lowest must be finite and > 0 (got inf)");
    check_bad_create(1e-310, 1.0, 4,
                     "histogram lowest must be at least 2.22507e-308 "
                     "(got 1e-310)");
    check_bad_create(10.0, 5.0, 4,
                     "histogram highest must be finite and > lowest "
                     "(got lowest 10, highest 5)");
    check_bad_create(10.0, 10.0, 4,
                     "histogram highest must be finite and > lowest "
                     "(got lowest 10, highest 10)");
    check_bad_create(1.0, INFINITY, 4,
                     "histogram highest must be finite and > lowest "
                     "(got lowest 1, highest inf)");
    check_bad_create(1.0, 2.0, 0,
                     "histogram sub_bits must be in 1..10 (got 0)");
    check_bad_create(1.0, 2.0, 11,
                     "histogram sub_bits must be in 1..10 (got 11)");
}

/* The widest legal shape still allocates and works at both ends. */
static void hist_extreme_range(void **state)
{
    (void)state;
    az_hist *h;
    assert_int_equal(az_hist_create(DBL_MIN, DBL_MAX, 1, &h, NULL), AZ_OK);
    az_hist_add(h, DBL_MIN);
    az_hist_add(h, DBL_MAX);
    az_hist_add(h, INFINITY);
    assert_int_equal(az_hist_count(h), 3);
    uint64_t c;
    az_hist_bucket(h, 1, NULL, NULL, &c);
    assert_int_equal(c, 1);
    az_hist_bucket(h, az_hist_buckets(h) - 2, NULL, NULL, &c);
    assert_int_equal(c, 1);
    az_hist_bucket(h, az_hist_buckets(h) - 1, NULL, NULL, &c);
    assert_int_equal(c, 1);
    az_hist_free(h);
}

/* ---- t quantiles and confidence intervals ---- */

static void t_quantile_table(void **state)
{
    (void)state;
    assert_near(az_t_quantile(0.95, 10), 2.262157, 1e-5);
    assert_near(az_t_quantile(0.95, 2), 12.706205, 1e-5);
    assert_near(az_t_quantile(0.99, 20), 2.860935, 1e-5);
    assert_true(isinf(az_t_quantile(0.95, 1)));
    assert_true(isnan(az_t_quantile(1.0, 10)));
    assert_true(isnan(az_t_quantile(0.0, 10)));
}

static void ci_hand_checked(void **state)
{
    (void)state;
    /* mean 3, s^2 = 10/4, so s / sqrt(5) = sqrt(0.5); t_{4,0.975} =
     * 2.776445 (tables): half-width 1.963243. */
    const double x[] = {1, 2, 3, 4, 5};
    double m, hw;
    az_error err;
    assert_int_equal(az_ci_mean(x, 5, 0.95, &m, &hw, &err), AZ_OK);
    assert_near(m, 3.0, 1e-15);
    assert_near(hw, 1.963243, 1e-5);
    az_tally t;
    az_tally_init(&t);
    for (size_t i = 0; i < 5; i++)
        az_tally_add(&t, x[i]);
    assert_near(az_tally_ci_halfwidth(&t, 0.95), hw, 1e-12);
}

static void ci_single_replication(void **state)
{
    (void)state;
    const double x[] = {4.25};
    double m, hw;
    assert_int_equal(az_ci_mean(x, 1, 0.95, &m, &hw, NULL), AZ_OK);
    assert_true(m == 4.25);
    assert_true(isinf(hw) && hw > 0);
    az_tally t;
    az_tally_init(&t);
    assert_true(isinf(az_tally_ci_halfwidth(&t, 0.95)));
    az_tally_add(&t, 4.25);
    assert_true(isinf(az_tally_ci_halfwidth(&t, 0.95)));
    assert_true(isnan(az_tally_ci_halfwidth(&t, 1.5)));
}

static void ci_errors(void **state)
{
    (void)state;
    const double x[] = {1, 2};
    double m = -1, hw = -1;
    az_error err;
    assert_int_equal(az_ci_mean(x, 0, 0.95, &m, &hw, &err), AZ_EINVAL);
    assert_string_equal(err.msg,
                        "confidence interval of no replications (n == 0)");
    assert_int_equal(az_ci_mean(x, 2, 1.0, &m, &hw, &err), AZ_EINVAL);
    assert_string_equal(err.msg, "confidence level must be in (0, 1) (got 1)");
    assert_int_equal(az_ci_mean(x, 2, 0.0, &m, &hw, &err), AZ_EINVAL);
    assert_string_equal(err.msg, "confidence level must be in (0, 1) (got 0)");
    assert_int_equal(az_ci_mean(x, 2, NAN, &m, &hw, NULL), AZ_EINVAL);
    assert_true(m == -1 && hw == -1); /* outputs untouched on error */
}

/*
 * The CI check has power: 200 replications of N(10, 1) give a 95 % CI that
 * covers 10 but excludes 10.5, a 5 % bias. The half-width is about
 * 1.97 / sqrt(200) = 0.14, so 10.5 would be inside only if the sample mean
 * were 0.36 above 10, a 5-sigma event (p ~ 3e-7); with the fixed seed the
 * outcome is deterministic, and it would be so for nearly any seed. (Covering
 * 10 holds for 95 % of seeds, and for this one.) Hence a model whose mean is
 * 5 % off fails a validation test built this way.
 */
static void ci_detects_five_percent_bias(void **state)
{
    (void)state;
    enum { N = 200 };
    double x[N];
    az_rng r;
    az_rng_init(&r, 2024, 0, 4);
    for (size_t i = 0; i < N; i++)
        x[i] = 10.0 + normal(&r);
    double m, hw;
    assert_int_equal(az_ci_mean(x, N, 0.95, &m, &hw, NULL), AZ_OK);
    assert_true(hw > 0.10 && hw < 0.18);
    assert_true(fabs(m - 10.0) <= hw);
    assert_false(fabs(m - 10.5) <= hw);
    assert_false(fabs(m - 9.5) <= hw);
}

/* ---- MSER-5 ---- */

/* The definition in stats.h, computed naively: two-pass SS for every d. */
static size_t mser5_naive(const double *x, size_t n)
{
    size_t nb = n / 5, best_d = 0;
    double best = INFINITY;
    for (size_t d = 0; d <= nb / 2; d++) {
        double s = 0.0, ss = 0.0, k = (double)(nb - d);
        for (size_t j = d; j < nb; j++)
            s += (x[5 * j] + x[5 * j + 1] + x[5 * j + 2] + x[5 * j + 3] +
                  x[5 * j + 4]) / 5.0;
        double m = s / k;
        for (size_t j = d; j < nb; j++) {
            double b = (x[5 * j] + x[5 * j + 1] + x[5 * j + 2] +
                        x[5 * j + 3] + x[5 * j + 4]) / 5.0;
            ss += (b - m) * (b - m);
        }
        if (ss / (k * k) < best) {
            best = ss / (k * k);
            best_d = d;
        }
    }
    return 5 * best_d;
}

/* Linear decay 50 -> 0 over the first 200 observations, then N(0,1). */
static void decaying_series(double *x, size_t n, uint64_t seed)
{
    az_rng r;
    az_rng_init(&r, seed, 0, 5);
    for (size_t i = 0; i < n; i++)
        x[i] = (i < 200 ? 50.0 * (1.0 - (double)i / 200.0) : 0.0) +
               normal(&r);
}

static void mser5_transient(void **state)
{
    (void)state;
    enum { N = 2000 };
    double x[N];
    for (uint64_t seed = 1; seed <= 5; seed++) {
        decaying_series(x, N, seed);
        size_t trunc = 0;
        assert_int_equal(az_mser5(x, N, &trunc, NULL), AZ_OK);
        assert_true(trunc >= 150 && trunc <= 300);
        assert_int_equal(trunc % 5, 0);
        assert_int_equal(trunc, mser5_naive(x, N));
    }
}

static void mser5_stationary(void **state)
{
    (void)state;
    enum { N = 2000 };
    double x[N];
    az_rng r;
    az_rng_init(&r, 99, 0, 6);
    for (size_t i = 0; i < N; i++)
        x[i] = 3.0 + normal(&r);
    size_t trunc = 12345;
    assert_int_equal(az_mser5(x, N, &trunc, NULL), AZ_OK);
    /* Without a transient MSER usually cuts little but not nothing: over
     * seeds 90..110 the cut ranged 0..110; for this seed it is 0. */
    assert_true(trunc <= N / 20);
    assert_int_equal(trunc, mser5_naive(x, N));
}

static void mser5_definition_details(void **state)
{
    (void)state;
    /* A constant series ties everywhere: the lowest d wins. */
    double c[40];
    for (size_t i = 0; i < 40; i++)
        c[i] = 2.5;
    size_t trunc = 99;
    assert_int_equal(az_mser5(c, 40, &trunc, NULL), AZ_OK);
    assert_int_equal(trunc, 0);

    /* An incomplete last batch is ignored: 4 wild values change nothing. */
    double x[24];
    az_rng r;
    az_rng_init(&r, 5, 0, 7);
    for (size_t i = 0; i < 20; i++)
        x[i] = (i < 5 ? 8.0 : 0.0) + normal(&r);
    size_t t20, t24;
    assert_int_equal(az_mser5(x, 20, &t20, NULL), AZ_OK);
    for (size_t i = 20; i < 24; i++)
        x[i] = 1e6;
    assert_int_equal(az_mser5(x, 24, &t24, NULL), AZ_OK);
    assert_int_equal(t20, t24);
    assert_int_equal(t20, mser5_naive(x, 20));

    /* Agreement with the naive definition on short and long random series
     * (d runs over 0 .. nb/2 inclusive). */
    double y[503];
    for (size_t n = 10; n <= 503; n += 7) {
        for (size_t i = 0; i < n; i++)
            y[i] = 5.0 * exp(-(double)i / 30.0) + normal(&r);
        size_t t;
        assert_int_equal(az_mser5(y, n, &t, NULL), AZ_OK);
        assert_int_equal(t, mser5_naive(y, n));
        assert_true(t <= 5 * ((n / 5) / 2));
    }
}

static void mser5_too_short(void **state)
{
    (void)state;
    double x[9] = {0};
    size_t trunc = 77;
    az_error err;
    assert_int_equal(az_mser5(x, 9, &trunc, &err), AZ_EINVAL);
    assert_int_equal(err.code, AZ_EINVAL);
    assert_string_equal(err.msg,
                        "MSER-5 needs at least 10 observations (got 9)");
    assert_int_equal(trunc, 77);
    assert_int_equal(az_mser5(x, 0, &trunc, NULL), AZ_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tally_known_data),
        cmocka_unit_test(tally_random_vs_two_pass),
        cmocka_unit_test(tally_merge_halves),
        cmocka_unit_test(tally_empty_and_single),
        cmocka_unit_test(timeavg_steps),
        cmocka_unit_test(timeavg_add_deltas),
        cmocka_unit_test(timeavg_restart_window),
        cmocka_unit_test(timeavg_zero_length),
        cmocka_unit_test(hist_quantiles_within_bound),
        cmocka_unit_test(hist_under_and_overflow),
        cmocka_unit_test(hist_quantile_rank_boundary),
        cmocka_unit_test(hist_merge_equals_one),
        cmocka_unit_test(hist_buckets),
        cmocka_unit_test(hist_reset_and_empty),
        cmocka_unit_test(hist_bad_create),
        cmocka_unit_test(hist_extreme_range),
        cmocka_unit_test(t_quantile_table),
        cmocka_unit_test(ci_hand_checked),
        cmocka_unit_test(ci_single_replication),
        cmocka_unit_test(ci_errors),
        cmocka_unit_test(ci_detects_five_percent_bias),
        cmocka_unit_test(mser5_transient),
        cmocka_unit_test(mser5_stationary),
        cmocka_unit_test(mser5_definition_details),
        cmocka_unit_test(mser5_too_short),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
