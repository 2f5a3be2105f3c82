/*
 * test_dist.c: distributions. For each kind, 1e5 draws from a fixed stream
 * are checked against the exact mean, variance and CDF; then bad input,
 * ownership (copy/clear) and reproducibility.
 *
 * The streams are fixed, so every test is deterministic. The thresholds
 * (4.5 standard errors, KS p > 0.001) say how unlikely a pass would be if the
 * sampler were wrong; they are not tuned to the seeds.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "azalea/dist.h"

enum { N = 100000 };
static const uint64_t SEED = 20240611u;

/* ---- helpers ------------------------------------------------------------- */

static void stream(az_rng *r, const char *name)
{
    az_rng_init(r, SEED, 0, az_rng_stream_id(name));
}

/* N draws; every one finite and >= 0. Caller frees. */
static double *draw(const az_dist *d, const char *name)
{
    az_rng r;
    double *x = malloc(N * sizeof *x);
    assert_non_null(x);
    stream(&r, name);
    for (size_t i = 0; i < N; i++) {
        x[i] = az_dist_sample(d, &r);
        if (!isfinite(x[i]) || x[i] < 0)
            fail_msg("%s: draw %zu is %g", name, i, x[i]);
    }
    return x;
}

/* Mean within 4.5 standard errors, sqrt(var / N) with the exact variance.
 *
 * Variance: the sample variance s2 is asymptotically normal with standard
 * error sqrt((m4 - s2^2) / N), m4 the fourth central moment (estimated from
 * the same draws). We require |s2 - var| < 4.5 of those. For our parameters
 * that is 2-6 % of var (about sqrt(8 / N) * 4.5 = 4 % for the exponential);
 * the check on `rel` keeps the test from going vacuous if a distribution with
 * a heavier tail is added. */
static void check_moments(const double *x, const az_dist *d, const char *name)
{
    double mean = az_dist_mean(d), var = az_dist_variance(d);
    double m = 0, s2 = 0, m4 = 0;
    for (size_t i = 0; i < N; i++)
        m += x[i];
    m /= N;
    for (size_t i = 0; i < N; i++) {
        double e = (x[i] - m) * (x[i] - m);
        s2 += e;
        m4 += e * e;
    }
    s2 /= N - 1;
    m4 /= N;

    double se_mean = sqrt(var / N);
    double se_var = sqrt((m4 - s2 * s2) / N);
    double rel = 4.5 * se_var / var;
    print_message("  %-12s mean %.5g (exact %.5g, %+.2f se)  var %.5g "
                  "(exact %.5g, tol %.1f%%)\n",
                  name, m, mean, (m - mean) / se_mean, s2, var, 100 * rel);
    if (!(fabs(m - mean) < 4.5 * se_mean))
        fail_msg("%s: sample mean %g, exact %g (%g se)", name, m, mean,
                 (m - mean) / se_mean);
    if (!(fabs(s2 - var) < 4.5 * se_var))
        fail_msg("%s: sample variance %g, exact %g (tol %g)", name, s2, var,
                 4.5 * se_var);
    if (!(rel < 0.10))
        fail_msg("%s: variance tolerance %g is too loose", name, rel);
}

/* Kolmogorov's limit law: P(sqrt(n) D > lambda) -> 2 sum_{j>=1}
 * (-1)^(j-1) exp(-2 j^2 lambda^2). The terms fall off fast except for small
 * lambda, where the p-value is 1 to double precision anyway. */
static double kolmogorov_q(double lambda)
{
    if (lambda < 0.2)
        return 1;
    double sum = 0;
    for (int j = 1; j <= 100; j++) {
        double t = exp(-2.0 * j * j * lambda * lambda);
        sum += (j % 2 ? 2 : -2) * t;
        if (t < 1e-16)
            break;
    }
    return fmin(fmax(sum, 0), 1);
}

typedef double (*cdf_fn)(double x, const double *p);

/* KS p-value of draws x (sorted in place) against cdf; Stephens' small-n
 * correction to lambda (negligible at N = 1e5). */
static int cmp_double(const void *a, const void *b)
{
    double u = *(const double *)a, v = *(const double *)b;
    return (u > v) - (u < v);
}

static double ks_pvalue(double *x, size_t n, cdf_fn cdf, const double *p)
{
    double dmax = 0;
    qsort(x, n, sizeof *x, cmp_double);
    for (size_t i = 0; i < n; i++) {
        double f = cdf(x[i], p);
        dmax = fmax(dmax, fmax(f - (double)i / n, (double)(i + 1) / n - f));
    }
    double sn = sqrt((double)n);
    return kolmogorov_q((sn + 0.12 + 0.11 / sn) * dmax);
}

/* The full check of a continuous distribution. */
static void check_continuous(const az_dist *d, const char *name, cdf_fn cdf,
                             const double *p)
{
    double *x = draw(d, name);
    check_moments(x, d, name);
    double pv = ks_pvalue(x, N, cdf, p);
    print_message("  %-12s KS p = %.4f\n", name, pv);
    free(x);
    if (!(pv > 0.001))
        fail_msg("%s: KS p-value %g", name, pv);
}

static void must(az_status rc, const az_error *e)
{
    if (rc != AZ_OK)
        fail_msg("unexpected error %d: %s", (int)rc, e->msg);
}

/* ---- exact CDFs (written here, independently of src/dist.c) ------------ */

static double cdf_uniform(double x, const double *p)
{
    return gsl_cdf_flat_P(x, p[0], p[1]);
}

static double cdf_triangular(double x, const double *p)
{
    double a = p[0], c = p[1], b = p[2];
    if (x <= a)
        return 0;
    if (x >= b)
        return 1;
    if (x <= c)
        return (x - a) * (x - a) / ((b - a) * (c - a));
    return 1 - (b - x) * (b - x) / ((b - a) * (b - c));
}

static double cdf_exponential(double x, const double *p)
{
    return gsl_cdf_exponential_P(x, p[0]);
}

/* N(mu, sd^2) conditioned on X >= 0; p = {mu, sd}. */
static double cdf_truncnormal(double x, const double *p)
{
    if (x <= 0)
        return 0;
    double below0 = gsl_cdf_gaussian_P(-p[0], p[1]);
    return (gsl_cdf_gaussian_P(x - p[0], p[1]) - below0) / (1 - below0);
}

/* p = {mean, cv}: ln X ~ N(zeta, sigma^2), sigma^2 = ln(1 + cv^2). */
static double cdf_lognormal(double x, const double *p)
{
    double s2 = log(1 + p[1] * p[1]);
    return gsl_cdf_lognormal_P(x, log(p[0]) - s2 / 2, sqrt(s2));
}

/* p = {shape, scale}. */
static double cdf_gamma(double x, const double *p)
{
    return gsl_cdf_gamma_P(x, p[0], p[1]);
}

/* p = {shape, scale}; GSL's Weibull takes (scale, shape). */
static double cdf_weibull(double x, const double *p)
{
    return gsl_cdf_weibull_P(x, p[1], p[0]);
}

/* p = {min, mode, max}: Beta(a, b) on [min, max], lambda = 4. */
static double cdf_pert(double x, const double *p)
{
    double w = p[2] - p[0];
    double a = 1 + 4 * (p[1] - p[0]) / w, b = 1 + 4 * (p[2] - p[1]) / w;
    double t = (x - p[0]) / w;
    return t <= 0 ? 0 : t >= 1 ? 1 : gsl_cdf_beta_P(t, a, b);
}

/* Table used by the empirical test; p unused. Zero-probability stretch
 * between 2 and 4 on purpose. */
static const double emp_x[] = {1, 2, 4, 7, 8};
static const double emp_c[] = {0, 0.3, 0.3, 0.9, 1};
enum { EMP_N = 5 };

static double cdf_empirical(double x, const double *p)
{
    (void)p;
    if (x <= emp_x[0])
        return 0;
    for (int i = 1; i < EMP_N; i++)
        if (x <= emp_x[i])
            return emp_c[i - 1] + (emp_c[i] - emp_c[i - 1]) *
                                      (x - emp_x[i - 1]) /
                                      (emp_x[i] - emp_x[i - 1]);
    return 1;
}

/* ---- one test per distribution ------------------------------------------ */

static void test_constant(void **state)
{
    (void)state;
    az_dist d;
    az_error e;
    az_rng r;
    must(az_dist_constant(&d, 2.5, &e), &e);
    assert_int_equal(az_dist_get_kind(&d), AZ_DIST_CONSTANT);
    assert_true(az_dist_mean(&d) == 2.5 && az_dist_variance(&d) == 0);
    stream(&r, "constant");
    for (int i = 0; i < 1000; i++)
        assert_true(az_dist_sample(&d, &r) == 2.5);
    must(az_dist_constant(&d, 0, &e), &e);
    assert_true(az_dist_sample(&d, &r) == 0);
}

static void test_uniform(void **state)
{
    (void)state;
    az_dist d;
    az_error e;
    const double p[] = {2, 5};
    must(az_dist_uniform(&d, p[0], p[1], &e), &e);
    assert_int_equal(az_dist_get_kind(&d), AZ_DIST_UNIFORM);
    check_continuous(&d, "uniform", cdf_uniform, p);
}

static void test_uniform_degenerate(void **state)
{
    (void)state;
    az_dist d;
    az_error e;
    az_rng r;
    must(az_dist_uniform(&d, 3, 3, &e), &e);
    assert_true(az_dist_mean(&d) == 3 && az_dist_variance(&d) == 0);
    stream(&r, "uniform33");
    for (int i = 0; i < 1000; i++)
        assert_true(az_dist_sample(&d, &r) == 3);
}

static void test_triangular(void **state)
{
    (void)state;
    az_dist d;
    az_error e;
    const double p[] = {1, 2, 6};
    must(az_dist_triangular(&d, p[0], p[1], p[2], &e), &e);
    assert_int_equal(az_dist_get_kind(&d), AZ_DIST_TRIANGULAR);
    check_continuous(&d, "triangular", cdf_triangular, p);
}

static void test_exponential(void **state)
{
    (void)state;
    az_dist d;
    az_error e;
    const double p[] = {3};
    must(az_dist_exponential(&d, p[0], &e), &e);
    assert_int_equal(az_dist_get_kind(&d), AZ_DIST_EXPONENTIAL);
    check_continuous(&d, "exponential", cdf_exponential, p);
}

/* cv 0.25: truncation removes Phi(-4) = 3e-5 of the mass. */
static void test_normal(void **state)
{
    (void)state;
    az_dist d;
    az_error e;
    const double p[] = {10, 2.5};
    must(az_dist_normal(&d, 10, 0.25, &e), &e);
    assert_int_equal(az_dist_get_kind(&d), AZ_DIST_NORMAL);
    check_continuous(&d, "normal", cdf_truncnormal, p);
}

/* cv 0.8: Phi(-1.25) = 11 % redrawn, the mean moves from 2 to 2.33, so the
 * truncated moments in az_dist_mean/variance are really exercised. */
static void test_normal_truncated(void **state)
{
    (void)state;
    az_dist d;
    az_error e;
    const double p[] = {2, 1.6};
    must(az_dist_normal(&d, 2, 0.8, &e), &e);
    assert_true(fabs(az_dist_mean(&d) - 2.3265) < 1e-3);
    check_continuous(&d, "normal-trunc", cdf_truncnormal, p);
}

static void test_lognormal(void **state)
{
    (void)state;
    az_dist d;
    az_error e;
    const double p[] = {4, 0.5};
    must(az_dist_lognormal(&d, p[0], p[1], &e), &e);
    assert_int_equal(az_dist_get_kind(&d), AZ_DIST_LOGNORMAL);
    check_continuous(&d, "lognormal", cdf_lognormal, p);
}

/* mean 5, cv 0.5: shape 4, scale 1.25. */
static void test_gamma(void **state)
{
    (void)state;
    az_dist d;
    az_error e;
    const double p[] = {4, 1.25};
    must(az_dist_gamma(&d, 5, 0.5, &e), &e);
    assert_int_equal(az_dist_get_kind(&d), AZ_DIST_GAMMA);
    check_continuous(&d, "gamma", cdf_gamma, p);
}

/* mean 5, cv 1.5: shape 4/9 < 1, GSL's other branch. */
static void test_gamma_small_shape(void **state)
{
    (void)state;
    az_dist d;
    az_error e;
    const double p[] = {1 / 2.25, 5 * 2.25};
    must(az_dist_gamma(&d, 5, 1.5, &e), &e);
    check_continuous(&d, "gamma-cv1.5", cdf_gamma, p);
}

/* 3 phases, mean 6: Gamma(3, 2). */
static void test_erlang(void **state)
{
    (void)state;
    az_dist d;
    az_error e;
    const double p[] = {3, 2};
    must(az_dist_erlang(&d, 3, 6, &e), &e);
    assert_int_equal(az_dist_get_kind(&d), AZ_DIST_ERLANG);
    assert_true(az_dist_mean(&d) == 6 && az_dist_variance(&d) == 12);
    check_continuous(&d, "erlang", cdf_gamma, p);
}

static void test_weibull(void **state)
{
    (void)state;
    az_dist d;
    az_error e;
    const double p[] = {1.5, 4};
    must(az_dist_weibull(&d, p[0], p[1], &e), &e);
    assert_int_equal(az_dist_get_kind(&d), AZ_DIST_WEIBULL);
    check_continuous(&d, "weibull", cdf_weibull, p);
}

/* Shape < 1: decreasing density, as for early failures. */
static void test_weibull_small_shape(void **state)
{
    (void)state;
    az_dist d;
    az_error e;
    const double p[] = {0.8, 2};
    must(az_dist_weibull(&d, p[0], p[1], &e), &e);
    check_continuous(&d, "weibull-0.8", cdf_weibull, p);
}

static void test_pert(void **state)
{
    (void)state;
    az_dist d;
    az_error e;
    const double p[] = {2, 3, 10};
    must(az_dist_pert(&d, p[0], p[1], p[2], &e), &e);
    assert_int_equal(az_dist_get_kind(&d), AZ_DIST_PERT);
    assert_true(fabs(az_dist_mean(&d) - (2 + 4 * 3 + 10) / 6.0) < 1e-12);
    check_continuous(&d, "pert", cdf_pert, p);
}

static void test_empirical(void **state)
{
    (void)state;
    az_dist d;
    az_error e;
    must(az_dist_empirical(&d, emp_x, emp_c, EMP_N, &e), &e);
    assert_int_equal(az_dist_get_kind(&d), AZ_DIST_EMPIRICAL);
    check_continuous(&d, "empirical", cdf_empirical, NULL);

    /* Nothing may land in the zero-probability stretch (2, 4). */
    double *x = draw(&d, "empirical-gap");
    for (size_t i = 0; i < N; i++)
        assert_false(x[i] > 2 && x[i] < 4);
    free(x);
    az_dist_clear(&d);
}

/* Per value: frequency within 4.5 binomial SE; overall: chi-square p > 0.001
 * over the values with p > 0 (a zero-probability value must never come). */
static void test_discrete(void **state)
{
    (void)state;
    const double v[] = {1, 2.5, 4, 7, 10};
    const double pr[] = {0.1, 0.4, 0.3, 0.0, 0.2};
    enum { K = 5 };
    az_dist d;
    az_error e;
    size_t count[K] = {0};

    must(az_dist_discrete(&d, v, pr, K, &e), &e);
    assert_int_equal(az_dist_get_kind(&d), AZ_DIST_DISCRETE);
    double *x = draw(&d, "discrete");
    check_moments(x, &d, "discrete");
    for (size_t i = 0; i < N; i++) {
        int k = 0;
        while (k < K && x[i] != v[k])
            k++;
        if (k == K)
            fail_msg("discrete: drew %g, not a table value", x[i]);
        count[k]++;
    }
    free(x);

    double chi2 = 0;
    int df = -1;
    for (int k = 0; k < K; k++) {
        double expect = N * pr[k];
        if (pr[k] == 0) {
            assert_int_equal(count[k], 0);
            continue;
        }
        double se = sqrt(N * pr[k] * (1 - pr[k]));
        if (!(fabs(count[k] - expect) < 4.5 * se))
            fail_msg("discrete: value %g drawn %zu times, expected %g", v[k],
                     count[k], expect);
        chi2 += (count[k] - expect) * (count[k] - expect) / expect;
        df++;
    }
    double pv = gsl_cdf_chisq_Q(chi2, df);
    print_message("  %-12s chi2 = %.3f (df %d), p = %.4f\n", "discrete", chi2,
                  df, pv);
    assert_true(pv > 0.001);
    az_dist_clear(&d);
}

/* cv = 0 is a constant: exactly the mean, every time. */
static void test_cv_zero(void **state)
{
    (void)state;
    az_status (*ctor[])(az_dist *, double, double, az_error *) = {
        az_dist_normal, az_dist_lognormal, az_dist_gamma};
    az_error e;
    az_rng r;
    stream(&r, "cv0");
    for (size_t c = 0; c < sizeof ctor / sizeof *ctor; c++) {
        az_dist d;
        must(ctor[c](&d, 7.3, 0, &e), &e);
        assert_true(az_dist_mean(&d) == 7.3 && az_dist_variance(&d) == 0);
        for (int i = 0; i < 100; i++)
            assert_true(az_dist_sample(&d, &r) == 7.3);
    }
}

/* ---- the tests can fail ------------------------------------------------- */

static void test_ks_helper(void **state)
{
    (void)state;
    /* Textbook critical values of the Kolmogorov distribution. */
    assert_true(fabs(kolmogorov_q(1.3581) - 0.05) < 1e-4);
    assert_true(fabs(kolmogorov_q(1.6276) - 0.01) < 1e-4);
    assert_true(fabs(kolmogorov_q(1.9495) - 0.001) < 1e-5);
    assert_true(kolmogorov_q(0.1) == 1);
}

/* Exponential draws against an exponential CDF whose mean is 5 % too large:
 * D is about 0.05 / e = 0.018, sqrt(N) D about 5.8, so it must be rejected. */
static void test_ks_rejects_wrong_mean(void **state)
{
    (void)state;
    az_dist d;
    az_error e;
    const double wrong[] = {2 * 1.05};
    must(az_dist_exponential(&d, 2, &e), &e);
    double *x = draw(&d, "ks-power");
    double pv = ks_pvalue(x, N, cdf_exponential, wrong);
    free(x);
    print_message("  %-12s KS p = %.3g against mean 2.1\n", "exp(2)", pv);
    assert_true(pv < 0.001);
}

/* ---- bad input ---------------------------------------------------------- */

/* The call was rejected with msg, and left d the constant 0 owning nothing. */
static void expect_bad(int line, az_status rc, az_dist *d, const az_error *e,
                       const char *msg)
{
    az_rng r;
    if (rc != AZ_EINVAL || e->code != AZ_EINVAL || strcmp(e->msg, msg) != 0)
        fail_msg("line %d: got rc %d, \"%s\"; expected \"%s\"", line, (int)rc,
                 e->msg, msg);
    assert_int_equal(az_dist_get_kind(d), AZ_DIST_CONSTANT);
    assert_null(d->x_);
    assert_null(d->q_);
    assert_null(d->aux_);
    assert_int_equal(d->n_, 0);
    stream(&r, "bad");
    assert_true(az_dist_sample(d, &r) == 0 && az_dist_mean(d) == 0);
    az_dist_clear(d);
}

/* d starts as garbage: a constructor must not read or free it. */
#define BAD(call, msg)                                                         \
    do {                                                                       \
        memset(&d, 0x5a, sizeof d);                                            \
        az_error_clear(&e);                                                    \
        expect_bad(__LINE__, (call), &d, &e, (msg));                           \
    } while (0)

static void test_bad_constant(void **state)
{
    (void)state;
    az_dist d;
    az_error e;
    BAD(az_dist_constant(&d, -1, &e), "constant: value must be >= 0 (got -1)");
    BAD(az_dist_constant(&d, NAN, &e),
        "constant: value must be finite (got nan)");
    BAD(az_dist_constant(&d, INFINITY, &e),
        "constant: value must be finite (got inf)");
}

static void test_bad_uniform(void **state)
{
    (void)state;
    az_dist d;
    az_error e;
    BAD(az_dist_uniform(&d, -1, 3, &e), "uniform: min must be >= 0 (got -1)");
    BAD(az_dist_uniform(&d, 5, 3, &e),
        "uniform: min must be <= max (got min 5, max 3)");
    BAD(az_dist_uniform(&d, 1, NAN, &e),
        "uniform: max must be finite (got nan)");
}

static void test_bad_triangular(void **state)
{
    (void)state;
    az_dist d;
    az_error e;
    BAD(az_dist_triangular(&d, 5, 4, 3, &e),
        "triangular: min must be <= max (got min 5, max 3)");
    BAD(az_dist_triangular(&d, 1, 7, 5, &e),
        "triangular: mode must be in [min, max] (got mode 7, min 1, max 5)");
    BAD(az_dist_triangular(&d, 1, 0.5, 5, &e),
        "triangular: mode must be in [min, max] (got mode 0.5, min 1, max 5)");
    BAD(az_dist_triangular(&d, 2, 2, 2, &e),
        "triangular: min must be < max (got min 2, max 2)");
    BAD(az_dist_triangular(&d, -1, 0, 1, &e),
        "triangular: min must be >= 0 (got -1)");
    BAD(az_dist_triangular(&d, 1, NAN, 3, &e),
        "triangular: mode must be finite (got nan)");
}

static void test_bad_exponential(void **state)
{
    (void)state;
    az_dist d;
    az_error e;
    BAD(az_dist_exponential(&d, -2, &e),
        "exponential: mean must be > 0 (got -2)");
    BAD(az_dist_exponential(&d, 0, &e),
        "exponential: mean must be > 0 (got 0)");
    BAD(az_dist_exponential(&d, NAN, &e),
        "exponential: mean must be finite (got nan)");
    BAD(az_dist_exponential(&d, -INFINITY, &e),
        "exponential: mean must be finite (got -inf)");
    /* err may be NULL: the code still comes back. */
    assert_int_equal(az_dist_exponential(&d, -2, NULL), AZ_EINVAL);
}

static void test_bad_normal(void **state)
{
    (void)state;
    az_dist d;
    az_error e;
    BAD(az_dist_normal(&d, -1, 0.2, &e), "normal: mean must be > 0 (got -1)");
    BAD(az_dist_normal(&d, 10, -0.2, &e), "normal: cv must be >= 0 (got -0.2)");
    BAD(az_dist_normal(&d, 10, NAN, &e), "normal: cv must be finite (got nan)");
}

static void test_bad_lognormal(void **state)
{
    (void)state;
    az_dist d;
    az_error e;
    BAD(az_dist_lognormal(&d, -3, 0.2, &e),
        "lognormal: mean must be > 0 (got -3)");
    BAD(az_dist_lognormal(&d, 3, -0.2, &e),
        "lognormal: cv must be >= 0 (got -0.2)");
    BAD(az_dist_lognormal(&d, NAN, 0.2, &e),
        "lognormal: mean must be finite (got nan)");
}

static void test_bad_gamma(void **state)
{
    (void)state;
    az_dist d;
    az_error e;
    BAD(az_dist_gamma(&d, -3, 0.5, &e), "gamma: mean must be > 0 (got -3)");
    BAD(az_dist_gamma(&d, 3, -0.5, &e), "gamma: cv must be >= 0 (got -0.5)");
    BAD(az_dist_gamma(&d, 3, INFINITY, &e),
        "gamma: cv must be finite (got inf)");
    /* Finite but absurd: 1 / cv^2 overflows. */
    BAD(az_dist_gamma(&d, 3, 1e-200, &e),
        "gamma: parameters out of range (mean or variance not finite)");
}

static void test_bad_erlang(void **state)
{
    (void)state;
    az_dist d;
    az_error e;
    BAD(az_dist_erlang(&d, 0, 5, &e), "erlang: k must be >= 1 (got 0)");
    BAD(az_dist_erlang(&d, 2, -5, &e), "erlang: mean must be > 0 (got -5)");
    BAD(az_dist_erlang(&d, 2, NAN, &e),
        "erlang: mean must be finite (got nan)");
}

static void test_bad_weibull(void **state)
{
    (void)state;
    az_dist d;
    az_error e;
    BAD(az_dist_weibull(&d, 0, 2, &e), "weibull: shape must be > 0 (got 0)");
    BAD(az_dist_weibull(&d, 1.5, -2, &e),
        "weibull: scale must be > 0 (got -2)");
    BAD(az_dist_weibull(&d, NAN, 2, &e),
        "weibull: shape must be finite (got nan)");
    /* Gamma(1 + 2 / 0.001) overflows. */
    BAD(az_dist_weibull(&d, 0.001, 2, &e),
        "weibull: parameters out of range (mean or variance not finite)");
}

static void test_bad_pert(void **state)
{
    (void)state;
    az_dist d;
    az_error e;
    BAD(az_dist_pert(&d, 10, 3, 2, &e),
        "pert: min must be <= max (got min 10, max 2)");
    BAD(az_dist_pert(&d, 2, 11, 10, &e),
        "pert: mode must be in [min, max] (got mode 11, min 2, max 10)");
    BAD(az_dist_pert(&d, -2, 3, 10, &e), "pert: min must be >= 0 (got -2)");
    BAD(az_dist_pert(&d, 2, 3, INFINITY, &e),
        "pert: max must be finite (got inf)");
}

static void test_bad_discrete(void **state)
{
    (void)state;
    az_dist d;
    az_error e;
    const double v[] = {1, 2, 3};
    const double p09[] = {0.2, 0.3, 0.4};
    const double pneg[] = {0.6, -0.1, 0.5};
    const double vneg[] = {1, -2, 3};
    const double vnan[] = {1, NAN, 3};
    const double pnan[] = {NAN, 0.5, 0.5};
    const double p_ok[] = {0.2, 0.3, 0.5};
    const double p_off[] = {0.2, 0.3, 0.5 + 2e-9};

    BAD(az_dist_discrete(&d, v, p09, 3, &e),
        "discrete: probabilities sum to 0.9, expected 1");
    BAD(az_dist_discrete(&d, v, p_off, 3, &e),
        "discrete: probabilities sum to 1.000000002, expected 1");
    BAD(az_dist_discrete(&d, v, pneg, 3, &e),
        "discrete: probabilities[1] must be >= 0 (got -0.1)");
    BAD(az_dist_discrete(&d, vneg, p_ok, 3, &e),
        "discrete: values[1] must be >= 0 (got -2)");
    BAD(az_dist_discrete(&d, vnan, p_ok, 3, &e),
        "discrete: values[1] must be finite (got nan)");
    BAD(az_dist_discrete(&d, v, pnan, 3, &e),
        "discrete: probabilities[0] must be finite (got nan)");
    BAD(az_dist_discrete(&d, v, p_ok, 0, &e),
        "discrete: needs at least 1 value (got 0)");
    BAD(az_dist_discrete(&d, NULL, p_ok, 3, &e), "discrete: values is NULL");
}

static void test_bad_empirical(void **state)
{
    (void)state;
    az_dist d;
    az_error e;
    const double x[] = {1, 2, 3};
    const double c[] = {0, 0.5, 1};
    const double xeq[] = {1, 2, 2};
    const double xdown[] = {1, 3, 2};
    const double cdown[] = {0, 0.5, 0.4};
    const double c_start[] = {0.1, 0.5, 1};
    const double c_end[] = {0, 0.5, 0.9};
    const double xneg[] = {-1, 2, 3};
    const double xnan[] = {1, NAN, 3};

    BAD(az_dist_empirical(&d, xeq, c, 3, &e),
        "empirical: x must be strictly increasing (x[2] = 2 after x[1] = 2)");
    BAD(az_dist_empirical(&d, xdown, c, 3, &e),
        "empirical: x must be strictly increasing (x[2] = 2 after x[1] = 3)");
    BAD(az_dist_empirical(&d, x, cdown, 3, &e),
        "empirical: cum must be non-decreasing (cum[2] = 0.4 after cum[1] = "
        "0.5)");
    BAD(az_dist_empirical(&d, x, c_start, 3, &e),
        "empirical: cum must start at 0 (got cum[0] = 0.1)");
    BAD(az_dist_empirical(&d, x, c_end, 3, &e),
        "empirical: cum must end at 1 (got cum[2] = 0.9)");
    BAD(az_dist_empirical(&d, xneg, c, 3, &e),
        "empirical: x[0] must be >= 0 (got -1)");
    BAD(az_dist_empirical(&d, xnan, c, 3, &e),
        "empirical: x[1] must be finite (got nan)");
    BAD(az_dist_empirical(&d, x, c, 1, &e),
        "empirical: needs at least 2 points (got 1)");
}

/* Inputs just inside the limits are accepted. */
static void test_edges_accepted(void **state)
{
    (void)state;
    az_dist d;
    az_error e;
    az_rng r;
    const double v[] = {1, 2, 3};
    const double p_in[] = {0.2, 0.3, 0.5 + 5e-10};
    const double x[] = {0, 1, 3};
    const double c_in[] = {1e-10, 0.5, 1 - 5e-10};

    stream(&r, "edges");
    must(az_dist_discrete(&d, v, p_in, 3, &e), &e);
    az_dist_clear(&d);

    /* cum ends a hair below 1: still every draw lands inside [0, 3]. */
    must(az_dist_empirical(&d, x, c_in, 3, &e), &e);
    for (int i = 0; i < 10000; i++) {
        double s = az_dist_sample(&d, &r);
        assert_true(s >= 0 && s <= 3);
    }
    az_dist_clear(&d);

    must(az_dist_triangular(&d, 1, 1, 4, &e), &e);
    must(az_dist_triangular(&d, 1, 4, 4, &e), &e);
    must(az_dist_pert(&d, 0, 0, 4, &e), &e);
    for (int i = 0; i < 1000; i++) {
        double s = az_dist_sample(&d, &r);
        assert_true(s >= 0 && s <= 4);
    }
    must(az_dist_erlang(&d, 1, 2, &e), &e);
    assert_true(az_dist_variance(&d) == 4);
}

/* ---- ownership and reproducibility -------------------------------------- */

/* One of each kind, so the loops below cover every sampler. */
static void make_all(az_dist *d, int *n)
{
    static const double v[] = {1, 2.5, 4};
    static const double p[] = {0.5, 0.25, 0.25};
    az_error e;
    int i = 0;
    must(az_dist_constant(&d[i++], 1.5, &e), &e);
    must(az_dist_uniform(&d[i++], 1, 2, &e), &e);
    must(az_dist_triangular(&d[i++], 1, 2, 4, &e), &e);
    must(az_dist_exponential(&d[i++], 2, &e), &e);
    must(az_dist_normal(&d[i++], 2, 0.5, &e), &e);
    must(az_dist_lognormal(&d[i++], 2, 0.5, &e), &e);
    must(az_dist_gamma(&d[i++], 2, 0.5, &e), &e);
    must(az_dist_erlang(&d[i++], 4, 2, &e), &e);
    must(az_dist_weibull(&d[i++], 2, 3, &e), &e);
    must(az_dist_pert(&d[i++], 1, 2, 5, &e), &e);
    must(az_dist_discrete(&d[i++], v, p, 3, &e), &e);
    must(az_dist_empirical(&d[i++], emp_x, emp_c, EMP_N, &e), &e);
    *n = i;
}

enum { NKIND = 12, NREP = 2000 };

static void draws(const az_dist *d, const char *name, double *out)
{
    az_rng r;
    stream(&r, name);
    for (int i = 0; i < NREP; i++)
        out[i] = az_dist_sample(d, &r);
}

static void test_reproducible(void **state)
{
    (void)state;
    az_dist d[NKIND];
    int n;
    static double a[NREP], b[NREP];
    make_all(d, &n);
    assert_int_equal(n, NKIND);
    for (int k = 0; k < n; k++) {
        draws(&d[k], "repro", a);
        draws(&d[k], "repro", b);
        assert_memory_equal(a, b, sizeof a);
        if (k > 0) { /* any non-constant kind: another stream differs */
            draws(&d[k], "repro-other", b);
            assert_memory_not_equal(a, b, sizeof a);
        }
        az_dist_clear(&d[k]);
    }
}

/* The copy draws bit-identical values and survives the original's clear
 * (ASan would catch a shallow copy). */
static void test_copy_clear(void **state)
{
    (void)state;
    az_dist d[NKIND], c[NKIND];
    az_error e;
    int n;
    static double a[NREP], b[NREP];
    make_all(d, &n);
    for (int k = 0; k < n; k++) {
        memset(&c[k], 0, sizeof c[k]);
        must(az_dist_copy(&c[k], &d[k], &e), &e);
        assert_int_equal(az_dist_get_kind(&c[k]), az_dist_get_kind(&d[k]));
        assert_true(az_dist_mean(&c[k]) == az_dist_mean(&d[k]));
        assert_true(az_dist_variance(&c[k]) == az_dist_variance(&d[k]));
        draws(&d[k], "copy", a);
        az_dist_clear(&d[k]);
        az_dist_clear(&d[k]); /* twice is safe */
        assert_int_equal(az_dist_get_kind(&d[k]), AZ_DIST_CONSTANT);
        assert_true(az_dist_mean(&d[k]) == 0);
        draws(&c[k], "copy", b);
        assert_memory_equal(a, b, sizeof a);
        az_dist_clear(&c[k]);
    }
    /* A zero-filled az_dist is the constant 0 and may be cleared. */
    az_dist z;
    memset(&z, 0, sizeof z);
    assert_true(az_dist_mean(&z) == 0 && az_dist_variance(&z) == 0);
    az_dist_clear(&z);
}

static void test_kind_names(void **state)
{
    (void)state;
    static const char *names[] = {
        "constant", "uniform", "triangular", "exponential", "normal",
        "lognormal", "gamma", "erlang", "weibull", "pert", "discrete",
        "empirical"};
    for (int k = AZ_DIST_CONSTANT; k <= AZ_DIST_EMPIRICAL; k++)
        assert_string_equal(az_dist_kind_name((az_dist_kind)k), names[k]);
    assert_string_equal(az_dist_kind_name((az_dist_kind)99), "unknown");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_constant),
        cmocka_unit_test(test_uniform),
        cmocka_unit_test(test_uniform_degenerate),
        cmocka_unit_test(test_triangular),
        cmocka_unit_test(test_exponential),
        cmocka_unit_test(test_normal),
        cmocka_unit_test(test_normal_truncated),
        cmocka_unit_test(test_lognormal),
        cmocka_unit_test(test_gamma),
        cmocka_unit_test(test_gamma_small_shape),
        cmocka_unit_test(test_erlang),
        cmocka_unit_test(test_weibull),
        cmocka_unit_test(test_weibull_small_shape),
        cmocka_unit_test(test_pert),
        cmocka_unit_test(test_empirical),
        cmocka_unit_test(test_discrete),
        cmocka_unit_test(test_cv_zero),
        cmocka_unit_test(test_ks_helper),
        cmocka_unit_test(test_ks_rejects_wrong_mean),
        cmocka_unit_test(test_bad_constant),
        cmocka_unit_test(test_bad_uniform),
        cmocka_unit_test(test_bad_triangular),
        cmocka_unit_test(test_bad_exponential),
        cmocka_unit_test(test_bad_normal),
        cmocka_unit_test(test_bad_lognormal),
        cmocka_unit_test(test_bad_gamma),
        cmocka_unit_test(test_bad_erlang),
        cmocka_unit_test(test_bad_weibull),
        cmocka_unit_test(test_bad_pert),
        cmocka_unit_test(test_bad_discrete),
        cmocka_unit_test(test_bad_empirical),
        cmocka_unit_test(test_edges_accepted),
        cmocka_unit_test(test_reproducible),
        cmocka_unit_test(test_copy_clear),
        cmocka_unit_test(test_kind_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
