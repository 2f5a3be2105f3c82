/*
 * test_lines.c: production-line results with exact answers
 * (shared/REFERENCES.md, "Production lines").
 *
 * Two exponential machines, rates mu1 and mu2, buffer B between them,
 * blocking after service, the first never starved: the parts between them
 * form a birth-death chain on 0..K, K = B + 2, so
 *   TH = mu2 (1 - 1 / sum_{n=0..K} r^n), r = mu1 / mu2.
 * Checked for B = 0, 2, 10 and mu1 <, =, > mu2: inside the 99 % CI, with a
 * value 5 % off rejected.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "azalea/experiment.h"
#include "azalea/stats.h"

#define REPS 20

static double two_machine_th(double mu1, double mu2, unsigned B)
{
    double r = mu1 / mu2, sum = 0, term = 1;
    for (unsigned n = 0; n <= B + 2; n++, term *= r)
        sum += term;
    return mu2 * (1 - 1 / sum);
}

/* Mean and 99 % half-width of a system metric over the replications. */
static void ci99(const az_summary *s, az_metric_kind k, double *mean,
                 double *half, double *rel95)
{
    size_t i = az_summary_metric_index(s, AZ_SCOPE_SYSTEM, 0, k);
    double x[REPS];
    for (uint32_t r = 0; r < REPS; r++)
        x[r] = az_summary_value(s, r, i);
    assert_int_equal(az_ci_mean(x, REPS, 0.99, mean, half, NULL), AZ_OK);
    *rel95 = az_summary_halfwidth(s, i) / *mean;
}

static void two_machines(double mu1, double mu2, unsigned B)
{
    az_model *m;
    az_dist zero, d1, d2;
    uint32_t a, b, p, src;
    assert_int_equal(az_model_create("two machines", &m, NULL), AZ_OK);
    assert_int_equal(az_dist_constant(&zero, 0, NULL), AZ_OK);
    assert_int_equal(az_dist_exponential(&d1, 1 / mu1, NULL), AZ_OK);
    assert_int_equal(az_dist_exponential(&d2, 1 / mu2, NULL), AZ_OK);
    assert_int_equal(az_model_add_station(m, "m1", 1, &d1, &a, NULL), AZ_OK);
    assert_int_equal(az_model_add_station(m, "m2", 1, &d2, &b, NULL), AZ_OK);
    assert_int_equal(az_model_set_buffer(m, a, 0, NULL), AZ_OK);
    assert_int_equal(az_model_set_buffer(m, b, B, NULL), AZ_OK);
    assert_int_equal(az_model_add_product(m, "part", &p, NULL), AZ_OK);
    assert_int_equal(az_model_add_step(m, p, a, NULL, NULL), AZ_OK);
    assert_int_equal(az_model_add_step(m, p, b, NULL, NULL), AZ_OK);
    assert_int_equal(az_model_add_source(m, "saturated", &zero, &src, NULL),
                     AZ_OK);
    assert_int_equal(az_model_source_add_product(m, src, p, 1, NULL), AZ_OK);

    az_experiment_config cfg = az_experiment_defaults();
    cfg.seed = 5;
    cfg.replications = REPS;
    cfg.horizon = 4e4;
    cfg.warmup = 500;
    cfg.threads = 2;
    az_summary *s;
    az_error err;
    if (az_experiment_run(m, &cfg, &s, &err))
        fail_msg("%s", err.msg);
    double th = two_machine_th(mu1, mu2, B), mean, half, rel;
    ci99(s, AZ_M_THROUGHPUT, &mean, &half, &rel);
    print_message("  mu1 %.2f mu2 %.2f B %2u: TH theory %.5f sim %.5f +/- %.5f\n",
                  mu1, mu2, B, th, mean, half);
    if (fabs(mean - th) > half)
        fail_msg("throughput %g outside 99%% CI %g +/- %g", th, mean, half);
    if (fabs(mean - 1.05 * th) <= half || fabs(mean - 0.95 * th) <= half)
        fail_msg("a throughput 5%% off was not rejected");
    assert_true(rel < 0.02);
    az_summary_free(s);
    az_model_free(m);
}

static void test_two_machines_buffer0(void **state)
{
    (void)state;
    two_machines(0.8, 1.0, 0);
    two_machines(1.0, 1.0, 0);
    two_machines(1.25, 1.0, 0);
}

static void test_two_machines_buffer2(void **state)
{
    (void)state;
    two_machines(0.8, 1.0, 2);
    two_machines(1.0, 1.0, 2);
    two_machines(1.25, 1.0, 2);
}

static void test_two_machines_buffer10(void **state)
{
    (void)state;
    two_machines(0.8, 1.0, 10);
    two_machines(1.0, 1.0, 10);
    two_machines(1.25, 1.0, 10);
}

/* One saturated machine (process time t) whose failures and repairs are
 * given; returns the summary. */
static az_summary *saturated(const az_dist *proc, az_failure_clock clock,
                             double mtbf, double mttr, int two_families,
                             const az_dist *setup)
{
    az_model *m;
    az_dist zero, between, repair;
    uint32_t st, p, q, src;
    assert_int_equal(az_model_create("saturated", &m, NULL), AZ_OK);
    assert_int_equal(az_dist_constant(&zero, 0, NULL), AZ_OK);
    assert_int_equal(az_model_add_station(m, "m", 1, proc, &st, NULL), AZ_OK);
    assert_int_equal(az_model_set_buffer(m, st, 0, NULL), AZ_OK);
    if (mtbf > 0) {
        assert_int_equal(az_dist_exponential(&between, mtbf, NULL), AZ_OK);
        assert_int_equal(az_dist_lognormal(&repair, mttr, 0.8, NULL), AZ_OK);
        assert_int_equal(az_model_set_failures(m, st, &between, &repair, clock,
                                               NULL), AZ_OK);
    }
    assert_int_equal(az_model_add_source(m, "in", &zero, &src, NULL), AZ_OK);
    assert_int_equal(az_model_add_product(m, "p", &p, NULL), AZ_OK);
    assert_int_equal(az_model_add_step(m, p, st, NULL, NULL), AZ_OK);
    if (two_families) {
        assert_int_equal(az_model_add_product(m, "q", &q, NULL), AZ_OK);
        assert_int_equal(az_model_add_step(m, q, st, NULL, NULL), AZ_OK);
        assert_int_equal(az_model_source_add_product(m, src, q, 0.5, NULL),
                         AZ_OK);
        assert_int_equal(az_model_set_setup(m, st, NULL, setup, NULL), AZ_OK);
    }
    assert_int_equal(az_model_source_add_product(m, src, p,
                                                 two_families ? 0.5 : 1, NULL),
                     AZ_OK);
    az_experiment_config cfg = az_experiment_defaults();
    cfg.seed = 17;
    cfg.replications = REPS;
    cfg.horizon = 2e5;
    cfg.warmup = 1e3;
    cfg.threads = 2;
    az_summary *s;
    az_error err;
    if (az_experiment_run(m, &cfg, &s, &err))
        fail_msg("%s", err.msg);
    az_model_free(m);
    return s;
}

static void expect_th(const az_summary *s, double th, const char *what)
{
    double mean, half, rel;
    ci99(s, AZ_M_THROUGHPUT, &mean, &half, &rel);
    print_message("  %-34s TH theory %.5f sim %.5f +/- %.5f\n", what, th,
                  mean, half);
    if (fabs(mean - th) > half)
        fail_msg("%s: throughput %g outside 99%% CI %g +/- %g", what, th,
                 mean, half);
    if (fabs(mean - 1.05 * th) <= half || fabs(mean - 0.95 * th) <= half)
        fail_msg("%s: a throughput 5%% off was not rejected", what);
    assert_true(rel < 0.02);
}

/* Operation-dependent failures: TH = (1/t) MTBF / (MTBF + MTTR), whatever
 * the distributions (renewal-reward). */
static void test_failures_operating_clock(void **state)
{
    (void)state;
    az_dist t;
    assert_int_equal(az_dist_constant(&t, 2.0, NULL), AZ_OK);
    az_summary *s = saturated(&t, AZ_FAIL_OPERATING, 100, 20, 0, NULL);
    expect_th(s, 0.5 * 100 / 120, "operating-clock failures");
    size_t i = az_summary_metric_index(s, AZ_SCOPE_STATION, 0, AZ_M_DOWN);
    assert_true(fabs(az_summary_mean(s, i) - 20.0 / 120) < 0.01);
    az_summary_free(s);
}

/* A saturated machine is never idle, so on the calendar clock too it is
 * up MTBF / (MTBF + MTTR) of the time. */
static void test_failures_calendar_clock(void **state)
{
    (void)state;
    az_dist t;
    assert_int_equal(az_dist_gamma(&t, 1.0, 0.5, NULL), AZ_OK);
    az_summary *s = saturated(&t, AZ_FAIL_CALENDAR, 60, 15, 0, NULL);
    expect_th(s, 1.0 * 60 / 75, "calendar-clock failures");
    az_summary_free(s);
}

/* Two products of different families, released at random half and half:
 * a changeover before half the units, so a cycle is t + S / 2. */
static void test_changeovers(void **state)
{
    (void)state;
    az_dist t, setup;
    assert_int_equal(az_dist_constant(&t, 1.0, NULL), AZ_OK);
    assert_int_equal(az_dist_constant(&setup, 1.0, NULL), AZ_OK);
    az_summary *s = saturated(&t, AZ_FAIL_OPERATING, 0, 0, 1, &setup);
    expect_th(s, 1 / 1.5, "changeovers on product change");
    size_t i = az_summary_metric_index(s, AZ_SCOPE_STATION, 0, AZ_M_SETUP);
    assert_true(fabs(az_summary_mean(s, i) - 1.0 / 3) < 0.01);
    az_summary_free(s);
}

/* The theory itself: with equal rates TH = mu K / (K + 1). */
static void test_formula(void **state)
{
    (void)state;
    assert_true(fabs(two_machine_th(1, 1, 2) - 4.0 / 5) < 1e-12);
    assert_true(fabs(two_machine_th(2, 1, 0) - (1 - 1.0 / 7)) < 1e-12);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_formula),
        cmocka_unit_test(test_two_machines_buffer0),
        cmocka_unit_test(test_two_machines_buffer2),
        cmocka_unit_test(test_two_machines_buffer10),
        cmocka_unit_test(test_failures_operating_clock),
        cmocka_unit_test(test_failures_calendar_clock),
        cmocka_unit_test(test_changeovers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
