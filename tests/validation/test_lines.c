/*
 * test_lines.c: production-line results with exact answers (Buzacott and
 * Shanthikumar, Stochastic Models of Manufacturing Systems; Hopp and
 * Spearman, Factory Physics, for CONWIP's practical worst case).
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
#include <string.h>

#include <cmocka.h>

#include "azalea/experiment.h"
#include "azalea/load.h"
#include "azalea/stats.h"

#define REPS 20

static double two_machine_th(double mu1, double mu2, unsigned B)
{
    double r = mu1 / mu2, sum = 0, term = 1;
    for (unsigned n = 0; n <= B + 2; n++, term *= r)
        sum += term;
    return mu2 * (1 - 1 / sum);
}

/* Mean and 99 % half-width of a metric over the replications. */
static void ci99_of(const az_summary *s, az_scope scope, uint32_t obj,
                    az_metric_kind k, double *mean, double *half,
                    double *rel95)
{
    size_t i = az_summary_metric_index(s, scope, obj, k);
    double x[REPS];
    for (uint32_t r = 0; r < REPS; r++)
        x[r] = az_summary_value(s, r, i);
    assert_int_equal(az_ci_mean(x, REPS, 0.99, mean, half, NULL), AZ_OK);
    *rel95 = az_summary_halfwidth(s, i) / *mean;
}

static void ci99(const az_summary *s, az_metric_kind k, double *mean,
                 double *half, double *rel95)
{
    ci99_of(s, AZ_SCOPE_SYSTEM, 0, k, mean, half, rel95);
}

/* REPS replications of the given horizon, warm-up a hundredth of it. */
static az_summary *run_model(az_model *m, double horizon, uint64_t seed)
{
    az_experiment_config cfg = az_experiment_defaults();
    cfg.seed = seed;
    cfg.replications = REPS;
    cfg.horizon = horizon;
    cfg.warmup = horizon / 100;
    cfg.threads = 2;
    az_summary *s;
    az_error err;
    if (az_experiment_run(m, &cfg, &s, &err))
        fail_msg("%s", err.msg);
    return s;
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

/* The theory's value lies in the 99 % CI, and values 5 % off do not. */
static void expect_theory(const char *what, double theory, double mean,
                          double half)
{
    print_message("  %-34s theory %.5f sim %.5f +/- %.5f\n", what, theory,
                  mean, half);
    if (fabs(mean - theory) > half)
        fail_msg("%s: %g outside 99%% CI %g +/- %g", what, theory, mean,
                 half);
    if (fabs(mean - 1.05 * theory) <= half ||
        fabs(mean - 0.95 * theory) <= half)
        fail_msg("%s: a value 5%% off was not rejected", what);
}

static void expect_th(const az_summary *s, double th, const char *what)
{
    double mean, half, rel;
    ci99(s, AZ_M_THROUGHPUT, &mean, &half, &rel);
    expect_theory(what, th, mean, half);
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

/* Two stations, a then b with no buffer between them (a is blocked, b
 * starved), arrivals at rate 0.3, process times exponential with mean 1,
 * failures every MTBF = 60 (exponential) on the given clock, lognormal
 * repairs with mean 10: checks the throughput (the release rate) and
 * that each station is down `down` of the time, on machines that are idle
 * a good part of it. */
static void idle_pair_failures(az_failure_clock clock, double horizon,
                               uint64_t seed, double down, const char *what)
{
    az_model *m;
    az_dist ia, proc, between, repair;
    uint32_t st[2], p, src;
    assert_int_equal(az_model_create("idle failures", &m, NULL), AZ_OK);
    assert_int_equal(az_dist_exponential(&ia, 1 / 0.3, NULL), AZ_OK);
    assert_int_equal(az_dist_exponential(&proc, 1.0, NULL), AZ_OK);
    assert_int_equal(az_dist_exponential(&between, 60, NULL), AZ_OK);
    assert_int_equal(az_dist_lognormal(&repair, 10, 0.8, NULL), AZ_OK);
    assert_int_equal(az_model_add_product(m, "p", &p, NULL), AZ_OK);
    for (int k = 0; k < 2; k++) {
        assert_int_equal(az_model_add_station(m, k ? "b" : "a", 1, &proc,
                                              &st[k], NULL), AZ_OK);
        assert_int_equal(az_model_set_failures(m, st[k], &between, &repair,
                                               clock, NULL), AZ_OK);
        assert_int_equal(az_model_add_step(m, p, st[k], NULL, NULL), AZ_OK);
    }
    assert_int_equal(az_model_set_buffer(m, st[1], 0, NULL), AZ_OK);
    assert_int_equal(az_model_add_source(m, "in", &ia, &src, NULL), AZ_OK);
    assert_int_equal(az_model_source_add_product(m, src, p, 1, NULL), AZ_OK);
    az_summary *s = run_model(m, horizon, seed);
    expect_th(s, 0.3, what);
    for (int k = 0; k < 2; k++) {
        double mean, half, rel;
        ci99_of(s, AZ_SCOPE_STATION, st[k], AZ_M_DOWN, &mean, &half, &rel);
        expect_theory(k ? "  station b down" : "  station a down", down,
                      mean, half);
        size_t i = az_summary_metric_index(s, AZ_SCOPE_STATION, st[k],
                                           AZ_M_IDLE);
        assert_true(az_summary_mean(s, i) > 0.3);
    }
    az_summary_free(s);
    az_model_free(m);
}

/* Calendar-clock failures strike whatever the machine is doing, often an
 * idle machine or one blocked by its neighbour here. Each is down
 * MTTR / (MTBF + MTTR) = 10 / 70 of the time all the same (renewal-reward
 * on the calendar). */
static void test_failures_calendar_clock_idle(void **state)
{
    (void)state;
    idle_pair_failures(AZ_FAIL_CALENDAR, 2e5, 23, 10.0 / 70,
                       "calendar-clock failures, idle");
}

/* On the operating clock a machine fails only after MTBF of running
 * time, so per unit of time it fails (running share) / MTBF times and is
 * down 0.3 x MTTR / MTBF = 0.05 of the time, against 10 / 70 had the
 * failures struck waiting machines too. The engine lets a failure event
 * fall due early and pushes it on, or drops it while the machine waits
 * (azi_failure_clock in src/engine/failure.c): this is where that shows. */
static void test_failures_operating_clock_idle(void **state)
{
    (void)state;
    idle_pair_failures(AZ_FAIL_OPERATING, 4e5, 29, 0.3 * 10.0 / 60,
                       "operating-clock failures, idle");
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

/* A test with yield p and a repair station; max_rework as given. Returns
 * per replication: test visits per unit that left, and the scrap share. */
static void test_station(double p, uint32_t max_rework, double *visits,
                         double *scrap_share, double *vhalf, double *shalf)
{
    az_model *m;
    az_dist ia, t, r;
    uint32_t test, repair, prod, src;
    assert_int_equal(az_model_create("test and rework", &m, NULL), AZ_OK);
    assert_int_equal(az_dist_exponential(&ia, 1.0, NULL), AZ_OK);
    assert_int_equal(az_dist_constant(&t, 0.5, NULL), AZ_OK);
    assert_int_equal(az_dist_exponential(&r, 0.3, NULL), AZ_OK);
    assert_int_equal(az_model_add_station(m, "test", 1, &t, &test, NULL), AZ_OK);
    assert_int_equal(az_model_add_station(m, "repair", 1, &r, &repair, NULL),
                     AZ_OK);
    assert_int_equal(az_model_add_product(m, "p", &prod, NULL), AZ_OK);
    assert_int_equal(az_model_add_step(m, prod, test, NULL, NULL), AZ_OK);
    assert_int_equal(az_model_set_step_test(m, prod, 0, p, repair, max_rework,
                                            NULL), AZ_OK);
    assert_int_equal(az_model_add_source(m, "in", &ia, &src, NULL), AZ_OK);
    assert_int_equal(az_model_source_add_product(m, src, prod, 1, NULL), AZ_OK);
    az_experiment_config cfg = az_experiment_defaults();
    cfg.seed = 23;
    cfg.replications = REPS;
    cfg.horizon = 2e5;
    cfg.warmup = 1e3;
    cfg.threads = 2;
    az_summary *s;
    assert_int_equal(az_experiment_run(m, &cfg, &s, NULL), AZ_OK);
    size_t iv = az_summary_metric_index(s, AZ_SCOPE_STATION, test, AZ_M_VISITS);
    size_t it = az_summary_metric_index(s, AZ_SCOPE_SYSTEM, 0, AZ_M_THROUGHPUT);
    size_t ic = az_summary_metric_index(s, AZ_SCOPE_SYSTEM, 0, AZ_M_COMPLETED);
    size_t ix = az_summary_metric_index(s, AZ_SCOPE_SYSTEM, 0, AZ_M_SCRAPPED);
    double v[REPS], sh[REPS], mean;
    for (uint32_t k = 0; k < REPS; k++) {
        double c = az_summary_value(s, k, ic), x = az_summary_value(s, k, ix);
        /* Every unit that left visited the test; scrapped ones too. */
        v[k] = az_summary_value(s, k, iv) / az_summary_value(s, k, it) *
               c / (c + x);
        sh[k] = x / (c + x);
    }
    assert_int_equal(az_ci_mean(v, REPS, 0.99, visits, vhalf, NULL), AZ_OK);
    assert_int_equal(az_ci_mean(sh, REPS, 0.99, scrap_share, shalf, NULL),
                     AZ_OK);
    (void)mean;
    az_summary_free(s);
    az_model_free(m);
}

/* Unlimited rework: a unit visits the test 1/p times on average, and no
 * unit is scrapped. */
static void test_yield_unlimited_rework(void **state)
{
    (void)state;
    double v, vh, sc, sh;
    test_station(0.8, AZ_UNLIMITED, &v, &sc, &vh, &sh);
    print_message("  test visits per unit: theory %.5f sim %.5f +/- %.5f\n",
                  1 / 0.8, v, vh);
    assert_true(fabs(v - 1 / 0.8) <= vh);
    assert_true(fabs(v - 1.05 / 0.8) > vh); /* 5 % off is rejected */
    assert_true(sc == 0);
}

/* At most k reworks: a unit is scrapped when it fails k + 1 times. */
static void test_yield_limited_rework(void **state)
{
    (void)state;
    double v, vh, sc, sh, p = 0.7;
    unsigned k = 2;
    double want = pow(1 - p, k + 1);
    double visits = (1 - pow(1 - p, k + 1)) / p; /* truncated geometric */
    test_station(p, k, &v, &sc, &vh, &sh);
    print_message("  scrap share: theory %.5f sim %.5f +/- %.5f\n", want, sc, sh);
    print_message("  test visits per unit: theory %.5f sim %.5f +/- %.5f\n",
                  visits, v, vh);
    assert_true(fabs(sc - want) <= sh);
    assert_true(fabs(sc - 1.05 * want) > sh && fabs(sc - 0.95 * want) > sh);
    assert_true(fabs(v - visits) <= vh);
}

/* A destructive sample of 1 unit in 25: exactly every 25th unit is taken
 * and scrapped, the others skip the station. */
static void test_destructive_sampling(void **state)
{
    (void)state;
    az_model *m;
    az_dist ia, t;
    uint32_t a, shock, p, src;
    assert_int_equal(az_model_create("sampling", &m, NULL), AZ_OK);
    assert_int_equal(az_dist_exponential(&ia, 1.0, NULL), AZ_OK);
    assert_int_equal(az_dist_constant(&t, 0.5, NULL), AZ_OK);
    assert_int_equal(az_model_add_station(m, "a", 1, &t, &a, NULL), AZ_OK);
    assert_int_equal(az_model_add_station(m, "shock", 1, &t, &shock, NULL), AZ_OK);
    assert_int_equal(az_model_add_product(m, "p", &p, NULL), AZ_OK);
    assert_int_equal(az_model_add_step(m, p, a, NULL, NULL), AZ_OK);
    assert_int_equal(az_model_add_step(m, p, shock, NULL, NULL), AZ_OK);
    assert_int_equal(az_model_set_step_sample(m, p, 1, 25, 1, NULL), AZ_OK);
    assert_int_equal(az_model_add_source(m, "in", &ia, &src, NULL), AZ_OK);
    assert_int_equal(az_model_source_add_product(m, src, p, 1, NULL), AZ_OK);
    az_sim *sim;
    assert_int_equal(az_sim_create(m, &sim, NULL), AZ_OK);
    az_run_config cfg = {1e4, 0, 1, 0, NULL};
    assert_int_equal(az_sim_run(sim, &cfg, NULL), AZ_OK);
    uint64_t rel, done, scrap, wip;
    az_flow fl = az_sim_flow(sim);
    rel = fl.released; done = fl.completed; scrap = fl.scrapped; wip = fl.wip;
    assert_int_equal(rel, done + scrap + wip);
    /* Units past station a: done + scrap (+ at most the few inside). */
    uint64_t passed = done + scrap;
    assert_true(scrap == passed / 25 || scrap + 1 == (passed + wip) / 25 ||
                scrap == (passed + wip) / 25);
    double visits = az_sim_results(sim)[az_sim_metric_index(
        sim, AZ_SCOPE_STATION, shock, AZ_M_VISITS)] * 1e4;
    assert_true(fabs(visits - (double)scrap) < 0.5);
    az_sim_free(sim);
    az_model_free(m);
}

/* A saturated batch oven: TH = max / mean process time. */
static void test_batch_oven(void **state)
{
    (void)state;
    az_model *m;
    az_dist zero, t;
    uint32_t oven, p, src;
    assert_int_equal(az_model_create("oven", &m, NULL), AZ_OK);
    assert_int_equal(az_dist_constant(&zero, 0, NULL), AZ_OK);
    assert_int_equal(az_dist_gamma(&t, 10, 0.3, NULL), AZ_OK);
    assert_int_equal(az_model_add_station(m, "oven", 1, &t, &oven, NULL), AZ_OK);
    assert_int_equal(az_model_set_batch(m, oven, 4, 12, INFINITY, 0, NULL), AZ_OK);
    assert_int_equal(az_model_set_buffer(m, oven, 12, NULL), AZ_OK);
    assert_int_equal(az_model_add_product(m, "p", &p, NULL), AZ_OK);
    assert_int_equal(az_model_add_step(m, p, oven, NULL, NULL), AZ_OK);
    assert_int_equal(az_model_add_source(m, "in", &zero, &src, NULL), AZ_OK);
    assert_int_equal(az_model_source_add_product(m, src, p, 1, NULL), AZ_OK);
    az_summary *s = run_model(m, 2e5, 1);
    expect_th(s, 12.0 / 10, "saturated batch oven");
    az_summary_free(s);
    az_model_free(m);
}

/* A batch that starts on max_wait: Poisson arrivals at rate 1, min 1,
 * max 100, max_wait 5 on an oven with 0 process time: every batch closes
 * exactly 5 after its first unit, so a unit waits 5 - (its arrival - the
 * first's), and each batch holds 1 + Poisson(5) units: mean wait
 * 5 - E[sum of arrival offsets] / E[size] = 5 - (5 * 5 / 2) / 6. */
static void test_batch_max_wait(void **state)
{
    (void)state;
    az_model *m;
    az_dist ia, zero;
    uint32_t oven, p, src;
    assert_int_equal(az_model_create("oven", &m, NULL), AZ_OK);
    assert_int_equal(az_dist_exponential(&ia, 1, NULL), AZ_OK);
    assert_int_equal(az_dist_constant(&zero, 0, NULL), AZ_OK);
    assert_int_equal(az_model_add_station(m, "oven", 1, &zero, &oven, NULL), AZ_OK);
    assert_int_equal(az_model_set_batch(m, oven, 1, 100, 5, 0, NULL), AZ_OK);
    assert_int_equal(az_model_add_product(m, "p", &p, NULL), AZ_OK);
    assert_int_equal(az_model_add_step(m, p, oven, NULL, NULL), AZ_OK);
    assert_int_equal(az_model_add_source(m, "in", &ia, &src, NULL), AZ_OK);
    assert_int_equal(az_model_source_add_product(m, src, p, 1, NULL), AZ_OK);
    az_summary *s = run_model(m, 2e5, 2);
    size_t i = az_summary_metric_index(s, AZ_SCOPE_STATION, 0, AZ_M_WAIT);
    double want = 5 - (5.0 * 5 / 2) / 6, x[REPS], mean, half;
    for (uint32_t r = 0; r < REPS; r++)
        x[r] = az_summary_value(s, r, i);
    assert_int_equal(az_ci_mean(x, REPS, 0.99, &mean, &half, NULL), AZ_OK);
    print_message("  batch wait: theory %.5f sim %.5f +/- %.5f\n", want, mean,
                  half);
    assert_true(fabs(mean - want) <= half);
    assert_true(fabs(mean - 1.05 * want) > half);
    az_summary_free(s);
    az_model_free(m);
}

/* Alternating families in a fixed sequence, constant times: the setup
 * arithmetic is exact. P, Q alternate: a changeover before every unit;
 * P, P, Q, Q: before every other unit. */
static void alternating(const uint32_t *seq, uint32_t n, double want)
{
    az_model *m;
    az_dist zero, t, setup;
    uint32_t st, p, q, src;
    assert_int_equal(az_model_create("alternating", &m, NULL), AZ_OK);
    assert_int_equal(az_dist_constant(&zero, 0, NULL), AZ_OK);
    assert_int_equal(az_dist_constant(&t, 2, NULL), AZ_OK);
    assert_int_equal(az_dist_constant(&setup, 3, NULL), AZ_OK);
    assert_int_equal(az_model_add_station(m, "m", 1, &t, &st, NULL), AZ_OK);
    assert_int_equal(az_model_set_buffer(m, st, 0, NULL), AZ_OK);
    assert_int_equal(az_model_set_setup(m, st, NULL, &setup, NULL), AZ_OK);
    assert_int_equal(az_model_add_product(m, "P", &p, NULL), AZ_OK);
    assert_int_equal(az_model_add_product(m, "Q", &q, NULL), AZ_OK);
    assert_int_equal(az_model_add_step(m, p, st, NULL, NULL), AZ_OK);
    assert_int_equal(az_model_add_step(m, q, st, NULL, NULL), AZ_OK);
    assert_int_equal(az_model_add_source(m, "in", &zero, &src, NULL), AZ_OK);
    assert_int_equal(az_model_set_sequence(m, src, seq, n, NULL), AZ_OK);
    az_sim *sim;
    assert_int_equal(az_sim_create(m, &sim, NULL), AZ_OK);
    az_run_config cfg = {1e4, 1e3, 1, 0, NULL};
    assert_int_equal(az_sim_run(sim, &cfg, NULL), AZ_OK);
    double th = az_sim_results(sim)[az_sim_metric_index(
        sim, AZ_SCOPE_SYSTEM, 0, AZ_M_THROUGHPUT)];
    print_message("  sequence of %u: TH exact %.6f sim %.6f\n", (unsigned)n,
                  want, th);
    /* Only the unit cut by each end of the window can differ. */
    assert_true(fabs(th - want) * 9e3 <= 1);
    az_sim_free(sim);
    az_model_free(m);
}

static void test_alternating_families(void **state)
{
    (void)state;
    const uint32_t pq[] = {0, 1}, ppqq[] = {0, 0, 1, 1};
    alternating(pq, 2, 1.0 / (2 + 3));
    alternating(ppqq, 4, 2.0 / (2 * 2 + 3));
}

/* CONWIP on a balanced line of n exponential stations, rate rb each, WIP w:
 * TH = w rb / (n + w - 1), CT = n / rb + (w - 1) / rb (Factory Physics'
 * practical worst case, exact here). */
static void test_conwip_balanced(void **state)
{
    (void)state;
    const unsigned n = 3, w = 4;
    az_model *m;
    az_dist zero, t;
    uint32_t p, src, st;
    assert_int_equal(az_model_create("conwip", &m, NULL), AZ_OK);
    assert_int_equal(az_dist_constant(&zero, 0, NULL), AZ_OK);
    assert_int_equal(az_dist_exponential(&t, 1, NULL), AZ_OK);
    assert_int_equal(az_model_add_product(m, "p", &p, NULL), AZ_OK);
    const char *names[] = {"a", "b", "c"};
    for (unsigned i = 0; i < n; i++) {
        assert_int_equal(az_model_add_station(m, names[i], 1, &t, &st, NULL),
                         AZ_OK);
        assert_int_equal(az_model_add_step(m, p, st, NULL, NULL), AZ_OK);
    }
    assert_int_equal(az_model_add_source(m, "in", &zero, &src, NULL), AZ_OK);
    assert_int_equal(az_model_set_wip_cap(m, src, w, NULL), AZ_OK);
    assert_int_equal(az_model_source_add_product(m, src, p, 1, NULL), AZ_OK);
    az_summary *s = run_model(m, 1e5, 4);
    expect_th(s, (double)w / (n + w - 1), "CONWIP balanced line");
    size_t i = az_summary_metric_index(s, AZ_SCOPE_SYSTEM, 0, AZ_M_WIP);
    assert_true(fabs(az_summary_mean(s, i) - w) < 1e-9); /* always full */
    i = az_summary_metric_index(s, AZ_SCOPE_SYSTEM, 0, AZ_M_LEAD_MEAN);
    assert_true(fabs(az_summary_mean(s, i) - (n + w - 1.0)) < 0.05);
    az_summary_free(s);
    az_model_free(m);
}

/* Packaging: units leave only in full cartons of one product. */
static void test_cartons(void **state)
{
    (void)state;
    az_model *m;
    az_dist ia, t;
    uint32_t pack, p, q, src;
    assert_int_equal(az_model_create("pack", &m, NULL), AZ_OK);
    assert_int_equal(az_dist_exponential(&ia, 1, NULL), AZ_OK);
    assert_int_equal(az_dist_constant(&t, 0.5, NULL), AZ_OK);
    assert_int_equal(az_model_add_station(m, "pack", 1, &t, &pack, NULL), AZ_OK);
    assert_int_equal(az_model_set_carton(m, pack, 20, NULL), AZ_OK);
    assert_int_equal(az_model_add_product(m, "p", &p, NULL), AZ_OK);
    assert_int_equal(az_model_add_product(m, "q", &q, NULL), AZ_OK);
    assert_int_equal(az_model_add_step(m, p, pack, NULL, NULL), AZ_OK);
    assert_int_equal(az_model_add_step(m, q, pack, NULL, NULL), AZ_OK);
    assert_int_equal(az_model_add_source(m, "in", &ia, &src, NULL), AZ_OK);
    assert_int_equal(az_model_source_add_product(m, src, p, 0.7, NULL), AZ_OK);
    assert_int_equal(az_model_source_add_product(m, src, q, 0.3, NULL), AZ_OK);
    az_sim *sim;
    assert_int_equal(az_sim_create(m, &sim, NULL), AZ_OK);
    az_run_config cfg = {1e4, 0, 1, 0, NULL};
    assert_int_equal(az_sim_run(sim, &cfg, NULL), AZ_OK);
    const double *x = az_sim_results(sim);
    for (uint32_t k = 0; k < 2; k++) {
        double done = x[az_sim_metric_index(sim, AZ_SCOPE_PRODUCT, k,
                                            AZ_M_COMPLETED)];
        double cartons = x[az_sim_metric_index(sim, AZ_SCOPE_PRODUCT, k,
                                               AZ_M_CARTONS)];
        assert_true(cartons > 100 && done == 20 * cartons);
    }
    uint64_t rel, done, scrap, wip;
    az_flow fl = az_sim_flow(sim);
    rel = fl.released; done = fl.completed; scrap = fl.scrapped; wip = fl.wip;
    assert_int_equal(rel, done + scrap + wip);
    assert_true(wip < 2 * 20 + 5); /* open cartons and a few in process */
    az_sim_free(sim);
    az_model_free(m);
}

/* The machine-repairman model: N saturated machines fail at rate l each
 * (exponential, operating clock: a saturated machine always runs when up),
 * and one technician repairs them at rate r, one at a time. The number down
 * is a birth-death chain with p_n ~ N! / (N - n)! (l / r)^n; with process
 * time 1, TH = N - E[down]. */
static void test_machine_repairman(void **state)
{
    (void)state;
    const unsigned N = 3;
    const double l = 1.0 / 20, r = 1.0 / 5;
    az_model *m;
    az_dist zero, t, between, repair;
    uint32_t st, p, src, tech;
    assert_int_equal(az_model_create("repairman", &m, NULL), AZ_OK);
    assert_int_equal(az_dist_constant(&zero, 0, NULL), AZ_OK);
    assert_int_equal(az_dist_constant(&t, 1, NULL), AZ_OK);
    assert_int_equal(az_dist_exponential(&between, 1 / l, NULL), AZ_OK);
    assert_int_equal(az_dist_exponential(&repair, 1 / r, NULL), AZ_OK);
    assert_int_equal(az_model_add_station(m, "cell", N, &t, &st, NULL), AZ_OK);
    assert_int_equal(az_model_set_buffer(m, st, 0, NULL), AZ_OK);
    assert_int_equal(az_model_set_failures(m, st, &between, &repair,
                                           AZ_FAIL_OPERATING, NULL), AZ_OK);
    assert_int_equal(az_model_add_pool(m, "technicians", 1, &tech, NULL), AZ_OK);
    assert_int_equal(az_model_set_operator(m, st, AZ_ACT_REPAIR, tech, NULL),
                     AZ_OK);
    assert_int_equal(az_model_add_product(m, "p", &p, NULL), AZ_OK);
    assert_int_equal(az_model_add_step(m, p, st, NULL, NULL), AZ_OK);
    assert_int_equal(az_model_add_source(m, "in", &zero, &src, NULL), AZ_OK);
    assert_int_equal(az_model_source_add_product(m, src, p, 1, NULL), AZ_OK);
    double w[8], sum = 0, down = 0;
    w[0] = 1;
    for (unsigned n = 1; n <= N; n++)
        w[n] = w[n - 1] * (N - n + 1) * (l / r);
    for (unsigned n = 0; n <= N; n++) {
        sum += w[n];
        down += n * w[n];
    }
    az_summary *s = run_model(m, 2e5, 9);
    expect_th(s, N - down / sum, "machine-repairman, 1 technician");
    size_t i = az_summary_metric_index(s, AZ_SCOPE_POOL, tech, AZ_M_UTIL);
    assert_true(fabs(az_summary_mean(s, i) - (1 - w[0] / sum)) < 0.01);
    az_summary_free(s);
    az_model_free(m);
}

/* Three inspection machines but two inspectors, who must run the process:
 * the station behaves as an M/M/2 queue (Erlang C). */
static void test_operators_limit_servers(void **state)
{
    (void)state;
    const double lambda = 1.5, mu = 1;
    az_model *m;
    az_dist ia, t;
    uint32_t st, p, src, insp;
    assert_int_equal(az_model_create("inspection", &m, NULL), AZ_OK);
    assert_int_equal(az_dist_exponential(&ia, 1 / lambda, NULL), AZ_OK);
    assert_int_equal(az_dist_exponential(&t, 1 / mu, NULL), AZ_OK);
    assert_int_equal(az_model_add_station(m, "inspect", 3, &t, &st, NULL), AZ_OK);
    assert_int_equal(az_model_add_pool(m, "inspectors", 2, &insp, NULL), AZ_OK);
    assert_int_equal(az_model_set_operator(m, st, AZ_ACT_PROCESS, insp, NULL),
                     AZ_OK);
    assert_int_equal(az_model_add_product(m, "p", &p, NULL), AZ_OK);
    assert_int_equal(az_model_add_step(m, p, st, NULL, NULL), AZ_OK);
    assert_int_equal(az_model_add_source(m, "in", &ia, &src, NULL), AZ_OK);
    assert_int_equal(az_model_source_add_product(m, src, p, 1, NULL), AZ_OK);
    az_summary *s = run_model(m, 2e5, 10);
    /* Erlang C for c = 2, a = 1.5: P(wait) = a^2/2 / (1 - a/2) over
     * (1 + a + a^2/2 / (1 - a/2)). */
    double a = lambda / mu, top = a * a / 2 / (1 - a / 2);
    double W = top / (1 + a + top) / (2 * mu - lambda) + 1 / mu;
    size_t i = az_summary_metric_index(s, AZ_SCOPE_SYSTEM, 0, AZ_M_LEAD_MEAN);
    double x[REPS], mean, half;
    for (uint32_t r = 0; r < REPS; r++)
        x[r] = az_summary_value(s, r, i);
    assert_int_equal(az_ci_mean(x, REPS, 0.99, &mean, &half, NULL), AZ_OK);
    print_message("  2 inspectors for 3 machines: W theory %.5f sim %.5f +/- "
                  "%.5f\n", W, mean, half);
    assert_true(fabs(mean - W) <= half);
    assert_true(fabs(mean - 1.05 * W) > half && fabs(mean - 0.95 * W) > half);
    i = az_summary_metric_index(s, AZ_SCOPE_POOL, insp, AZ_M_UTIL);
    assert_true(fabs(az_summary_mean(s, i) - a / 2) < 0.01);
    az_summary_free(s);
    az_model_free(m);
}

/* A saturated three-station line with constant times produces, working
 * two 8-hour shifts a day, 2/3 of its round-the-clock output (within 0.5 %,
 * over a long horizon); a holiday a week takes 1/7 of that off again. */
/* A saturated line of single machines with constant times, a (50 s) ->
 * b (70 s) [-> c (50 s) when three], no buffer before a and `buf_b` places
 * before b. Stations are numbered a = 0, b = 1, c = 2. */
static az_model *constant_line(const char *name, int three, uint32_t buf_b)
{
    az_model *m;
    az_dist zero, t1, t2;
    uint32_t x, p, src;
    assert_int_equal(az_model_create(name, &m, NULL), AZ_OK);
    assert_int_equal(az_dist_constant(&zero, 0, NULL), AZ_OK);
    assert_int_equal(az_dist_constant(&t1, 50, NULL), AZ_OK);
    assert_int_equal(az_dist_constant(&t2, 70, NULL), AZ_OK);
    assert_int_equal(az_model_add_product(m, "p", &p, NULL), AZ_OK);
    for (int i = 0; i < 2 + three; i++) {
        const char *names[3] = {"a", "b", "c"};
        assert_int_equal(az_model_add_station(m, names[i], 1,
                                              i == 1 ? &t2 : &t1, &x, NULL),
                         AZ_OK);
        assert_int_equal(x, (uint32_t)i);
        if (i < 2)
            assert_int_equal(az_model_set_buffer(m, x, i ? buf_b : 0, NULL),
                             AZ_OK);
        assert_int_equal(az_model_add_step(m, p, x, NULL, NULL), AZ_OK);
    }
    assert_int_equal(az_model_add_source(m, "in", &zero, &src, NULL), AZ_OK);
    assert_int_equal(az_model_source_add_product(m, src, p, 1, NULL), AZ_OK);
    return m;
}

static double shift_output(int shifts, int holidays, az_off_shift mode)
{
    az_model *m = constant_line("shifts", 1, 3);
    if (shifts) {
        assert_int_equal(az_model_add_shift(m, 6 * 3600, 14 * 3600, 0x7f, NULL),
                         AZ_OK);
        assert_int_equal(az_model_add_shift(m, 14 * 3600, 22 * 3600, 0x7f, NULL),
                         AZ_OK);
        assert_int_equal(az_model_set_off_shift(m, mode, NULL), AZ_OK);
    }
    for (uint32_t d = 6; holidays && d < 400; d += 7)
        assert_int_equal(az_model_add_holiday(m, d, NULL), AZ_OK);
    az_sim *sim;
    assert_int_equal(az_sim_create(m, &sim, NULL), AZ_OK);
    az_run_config cfg = {364 * 86400.0, 0, 1, 0, NULL};
    assert_int_equal(az_sim_run(sim, &cfg, NULL), AZ_OK);
    double th = az_sim_results(sim)[az_sim_metric_index(
        sim, AZ_SCOPE_SYSTEM, 0, AZ_M_THROUGHPUT)];
    az_sim_free(sim);
    az_model_free(m);
    return th;
}

static void test_two_of_three_shifts(void **state)
{
    (void)state;
    double full = shift_output(0, 0, AZ_OFF_FINISH);
    double fin = shift_output(1, 0, AZ_OFF_FINISH);
    double pause = shift_output(1, 0, AZ_OFF_PAUSE);
    double hol = shift_output(1, 1, AZ_OFF_PAUSE);
    print_message("  round the clock %.6f, 2 shifts finish %.6f (ratio %.5f), "
                  "pause %.6f (%.5f), with Sundays off %.5f\n", full, fin,
                  fin / full, pause, pause / full, hol / full);
    assert_true(fabs(fin / full - 2.0 / 3) < 0.005 * 2 / 3);
    assert_true(fabs(pause / full - 2.0 / 3) < 0.005 * 2 / 3);
    assert_true(fabs(hol / full - 2.0 / 3 * 6 / 7) < 0.005 * 2 / 3);
    assert_true(fabs(full - 1.0 / 70) < 1e-4); /* the bottleneck's rate */
}

/* Off-shift time is off shift, not blocked: in a saturated line a -> b
 * (constant 50 s and 70 s, no buffer before b) working 06:00-14:00 and
 * finishing started work, a's last unit of the day is done after 14:00
 * but cannot pass to b, which is off shift. a is blocked 20 s of every
 * 70 s on shift (2/7 of 1/3 of the day) and off shift the other 2/3; the
 * blocked share does not swallow the night. */
static void test_off_shift_not_blocked(void **state)
{
    (void)state;
    az_model *m = constant_line("nights", 0, 0);
    const uint32_t a = 0;
    assert_int_equal(az_model_add_shift(m, 6 * 3600, 14 * 3600, 0x7f, NULL),
                     AZ_OK);
    assert_int_equal(az_model_set_off_shift(m, AZ_OFF_FINISH, NULL), AZ_OK);
    az_sim *sim;
    assert_int_equal(az_sim_create(m, &sim, NULL), AZ_OK);
    az_run_config cfg = {28 * 86400.0, 0, 1, 0, NULL};
    assert_int_equal(az_sim_run(sim, &cfg, NULL), AZ_OK);
    const double *r = az_sim_results(sim);
    double blocked = r[az_sim_metric_index(sim, AZ_SCOPE_STATION, a,
                                           AZ_M_BLOCKED)];
    double off = r[az_sim_metric_index(sim, AZ_SCOPE_STATION, a, AZ_M_OFF)];
    print_message("  station a: blocked %.5f (theory %.5f), off shift %.5f "
                  "(theory %.5f)\n", blocked, 2.0 / 21, off, 2.0 / 3);
    assert_true(fabs(blocked - 2.0 / 21) < 0.002);
    assert_true(fabs(off - 2.0 / 3) < 0.002);
    az_sim_free(sim);
    az_model_free(m);
}

/* A saturated line a -> b -> c; returns each station's sole and shifting
 * bottleneck shares (means over replications). */
static void bottlenecks(const az_dist *da, const az_dist *db, const az_dist *dc,
                        double sole[3], double shift[3])
{
    az_model *m;
    az_dist zero;
    uint32_t st[3], p, src;
    const az_dist *d[3] = {da, db, dc};
    const char *names[3] = {"a", "b", "c"};
    assert_int_equal(az_model_create("bottleneck", &m, NULL), AZ_OK);
    assert_int_equal(az_dist_constant(&zero, 0, NULL), AZ_OK);
    assert_int_equal(az_model_add_product(m, "p", &p, NULL), AZ_OK);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(az_model_add_station(m, names[i], 1, d[i], &st[i],
                                              NULL), AZ_OK);
        assert_int_equal(az_model_set_buffer(m, st[i], i ? 5 : 0, NULL), AZ_OK);
        assert_int_equal(az_model_add_step(m, p, st[i], NULL, NULL), AZ_OK);
    }
    assert_int_equal(az_model_add_source(m, "in", &zero, &src, NULL), AZ_OK);
    assert_int_equal(az_model_source_add_product(m, src, p, 1, NULL), AZ_OK);
    az_summary *s = run_model(m, 5e4, 12);
    double total = 0;
    for (int i = 0; i < 3; i++) {
        sole[i] = az_summary_mean(
            s, az_summary_metric_index(s, AZ_SCOPE_STATION, i, AZ_M_BN_SOLE));
        shift[i] = az_summary_mean(
            s, az_summary_metric_index(s, AZ_SCOPE_STATION, i, AZ_M_BN_SHIFT));
        total += sole[i] + shift[i];
        print_message("  station %s: sole %.4f shifting %.4f\n", names[i],
                      sole[i], shift[i]);
    }
    /* One momentary bottleneck at a time. */
    assert_true(total <= 1 + 1e-9);
    az_summary_free(s);
    az_model_free(m);
}

/* Constant times: the slowest station never waits, so its active period
 * spans the whole run and it is the sole bottleneck all the time. */
static void test_bottleneck_deterministic(void **state)
{
    (void)state;
    az_dist one, two;
    double sole[3], shift[3];
    assert_int_equal(az_dist_constant(&one, 1, NULL), AZ_OK);
    assert_int_equal(az_dist_constant(&two, 2, NULL), AZ_OK);
    bottlenecks(&one, &two, &one, sole, shift);
    assert_true(sole[1] > 0.999 && shift[1] < 1e-9);
    assert_true(sole[0] < 1e-9 && sole[2] < 1e-9);
}

/* Exponential times with the middle station 50 % slower: it is the
 * bottleneck most of the time, the faster ones less, and the ranking does
 * not follow the order of the line. */
static void test_bottleneck_ranking(void **state)
{
    (void)state;
    az_dist fast, slow;
    double sole[3], shift[3];
    assert_int_equal(az_dist_exponential(&fast, 1.0, NULL), AZ_OK);
    assert_int_equal(az_dist_exponential(&slow, 1.5, NULL), AZ_OK);
    bottlenecks(&fast, &slow, &fast, sole, shift);
    assert_true(sole[1] + shift[1] > 0.5);
    assert_true(sole[1] + shift[1] > 2 * (sole[0] + shift[0]));
    assert_true(sole[1] + shift[1] > 2 * (sole[2] + shift[2]));
    /* Moving the slow station to the front moves the bottleneck with it. */
    bottlenecks(&slow, &fast, &fast, sole, shift);
    assert_true(sole[0] + shift[0] > 2 * (sole[1] + shift[1]));
}

/* A conveyor of constant length T in front of an M/M/1 station (unlimited
 * room): a unit's time at the station is T plus the M/M/1 sojourn. */
static void test_conveyor_transport(void **state)
{
    (void)state;
    const double lambda = 0.5, mu = 1, T = 3;
    az_model *m;
    az_dist ia, t, conv;
    uint32_t st, p, src;
    assert_int_equal(az_model_create("conveyor", &m, NULL), AZ_OK);
    assert_int_equal(az_dist_exponential(&ia, 1 / lambda, NULL), AZ_OK);
    assert_int_equal(az_dist_exponential(&t, 1 / mu, NULL), AZ_OK);
    assert_int_equal(az_dist_constant(&conv, T, NULL), AZ_OK);
    assert_int_equal(az_model_add_station(m, "s", 1, &t, &st, NULL), AZ_OK);
    assert_int_equal(az_model_set_transport(m, st, &conv, NULL), AZ_OK);
    assert_int_equal(az_model_add_product(m, "p", &p, NULL), AZ_OK);
    assert_int_equal(az_model_add_step(m, p, st, NULL, NULL), AZ_OK);
    assert_int_equal(az_model_add_source(m, "in", &ia, &src, NULL), AZ_OK);
    assert_int_equal(az_model_source_add_product(m, src, p, 1, NULL), AZ_OK);
    az_summary *s = run_model(m, 1e5, 13);
    double want = T + 1 / (mu - lambda), x[REPS], mean, half;
    size_t i = az_summary_metric_index(s, AZ_SCOPE_STATION, 0, AZ_M_TIME);
    for (uint32_t r = 0; r < REPS; r++)
        x[r] = az_summary_value(s, r, i);
    assert_int_equal(az_ci_mean(x, REPS, 0.99, &mean, &half, NULL), AZ_OK);
    print_message("  conveyor + M/M/1: W theory %.5f sim %.5f +/- %.5f\n",
                  want, mean, half);
    assert_true(fabs(mean - want) <= half);
    assert_true(fabs(mean - 1.05 * want) > half && fabs(mean - 0.95 * want) > half);
    az_summary_free(s);
    az_model_free(m);
}

/* Assembly: housings and display modules released in a fixed ratio meet
 * at the assembly station; every finished phone consumed exactly `qty`
 * displays, and the flow balances: released = completed + scrapped +
 * consumed + WIP. */
static void assembly(uint32_t qty)
{
    az_model *m;
    az_dist ia, t, t2;
    uint32_t prep, lcd, asm_, test, housing, display, src;
    assert_int_equal(az_model_create("assembly", &m, NULL), AZ_OK);
    assert_int_equal(az_dist_exponential(&ia, 1, NULL), AZ_OK);
    assert_int_equal(az_dist_exponential(&t, 0.5, NULL), AZ_OK);
    assert_int_equal(az_dist_exponential(&t2, 0.3, NULL), AZ_OK);
    assert_int_equal(az_model_add_station(m, "prep", 1, &t, &prep, NULL), AZ_OK);
    assert_int_equal(az_model_add_station(m, "lcd", 1, &t2, &lcd, NULL), AZ_OK);
    assert_int_equal(az_model_add_station(m, "assemble", 1, &t, &asm_, NULL),
                     AZ_OK);
    assert_int_equal(az_model_add_station(m, "test", 1, &t, &test, NULL), AZ_OK);
    assert_int_equal(az_model_add_product(m, "housing", &housing, NULL), AZ_OK);
    assert_int_equal(az_model_add_product(m, "display", &display, NULL), AZ_OK);
    assert_int_equal(az_model_add_step(m, housing, prep, NULL, NULL), AZ_OK);
    assert_int_equal(az_model_add_step(m, housing, asm_, NULL, NULL), AZ_OK);
    assert_int_equal(az_model_add_step(m, housing, test, NULL, NULL), AZ_OK);
    assert_int_equal(az_model_add_step(m, display, lcd, NULL, NULL), AZ_OK);
    assert_int_equal(az_model_add_step(m, display, asm_, NULL, NULL), AZ_OK);
    assert_int_equal(az_model_set_assembly(m, asm_, display, qty, NULL), AZ_OK);
    assert_int_equal(az_model_add_source(m, "in", &ia, &src, NULL), AZ_OK);
    uint32_t seq[3] = {housing, display, display};
    assert_int_equal(az_model_set_sequence(m, src, seq, 1 + qty, NULL), AZ_OK);
    az_sim *sim;
    assert_int_equal(az_sim_create(m, &sim, NULL), AZ_OK);
    az_run_config cfg = {2e4, 0, 1, 0, NULL};
    assert_int_equal(az_sim_run(sim, &cfg, NULL), AZ_OK);
    az_flow f = az_sim_flow(sim);
    const double *x = az_sim_results(sim);
    double done = x[az_sim_metric_index(sim, AZ_SCOPE_PRODUCT, housing,
                                        AZ_M_COMPLETED)];
    double used = x[az_sim_metric_index(sim, AZ_SCOPE_PRODUCT, display,
                                        AZ_M_CONSUMED)];
    print_message("  assembly x%u: %.0f phones, %.0f displays delivered, "
                  "flow %llu = %llu + %llu + %llu + %llu\n", (unsigned)qty,
                  done, used, (unsigned long long)f.released,
                  (unsigned long long)f.completed,
                  (unsigned long long)f.scrapped,
                  (unsigned long long)f.consumed, (unsigned long long)f.wip);
    assert_int_equal(f.released, f.completed + f.scrapped + f.consumed + f.wip);
    assert_true(done > 4000);
    /* Displays delivered = those joined + the few waiting in the store. */
    assert_true(fabs(used - qty * done) <= 20);
    assert_true(x[az_sim_metric_index(sim, AZ_SCOPE_PRODUCT, display,
                                      AZ_M_COMPLETED)] == 0);
    az_sim_free(sim);
    az_model_free(m);
}

static void test_assembly(void **state)
{
    (void)state;
    assembly(1);
    assembly(2);
}

/* A production plan: 100 A and 50 B a day for 10 days. A fast line
 * releases exactly the plan, in plan order; a slow one carries a backlog. */
static void test_production_plan(void **state)
{
    (void)state;
    for (int slow = 0; slow < 2; slow++) {
        az_model *m;
        az_dist zero, t;
        uint32_t st, a, b, src;
        assert_int_equal(az_model_create("plan", &m, NULL), AZ_OK);
        assert_int_equal(az_dist_constant(&zero, 0, NULL), AZ_OK);
        assert_int_equal(az_dist_constant(&t, slow ? 900 : 60, NULL), AZ_OK);
        assert_int_equal(az_model_add_station(m, "s", 1, &t, &st, NULL), AZ_OK);
        assert_int_equal(az_model_set_buffer(m, st, 2, NULL), AZ_OK);
        assert_int_equal(az_model_add_product(m, "A", &a, NULL), AZ_OK);
        assert_int_equal(az_model_add_product(m, "B", &b, NULL), AZ_OK);
        assert_int_equal(az_model_add_step(m, a, st, NULL, NULL), AZ_OK);
        assert_int_equal(az_model_add_step(m, b, st, NULL, NULL), AZ_OK);
        assert_int_equal(az_model_add_source(m, "in", &zero, &src, NULL), AZ_OK);
        az_plan_entry plan[20];
        for (uint32_t d = 0; d < 10; d++) {
            plan[2 * d] = (az_plan_entry){d, a, 100};
            plan[2 * d + 1] = (az_plan_entry){d, b, 50};
        }
        assert_int_equal(az_model_set_plan(m, src, plan, 20, NULL), AZ_OK);
        az_sim *sim;
        assert_int_equal(az_sim_create(m, &sim, NULL), AZ_OK);
        az_run_config cfg = {12 * 86400.0, 0, 1, 0, NULL};
        assert_int_equal(az_sim_run(sim, &cfg, NULL), AZ_OK);
        const double *x = az_sim_results(sim);
        double ra = x[az_sim_metric_index(sim, AZ_SCOPE_PRODUCT, a, AZ_M_RELEASED)];
        double rb = x[az_sim_metric_index(sim, AZ_SCOPE_PRODUCT, b, AZ_M_RELEASED)];
        double da = x[az_sim_metric_index(sim, AZ_SCOPE_PRODUCT, a, AZ_M_COMPLETED)];
        print_message("  plan, %s line: released A %.0f B %.0f, done A %.0f\n",
                      slow ? "slow" : "fast", ra, rb, da);
        if (!slow) {
            assert_true(ra == 1000 && rb == 500 && da == 1000);
        } else {
            /* 12 days at 96 units a day: 1152 units, A before B each day. */
            double done = x[az_sim_metric_index(sim, AZ_SCOPE_SYSTEM, 0,
                                                AZ_M_COMPLETED)];
            assert_true(fabs(done - 12 * 86400.0 / 900) <= 1);
            assert_true(ra + rb <= done + 3 && ra > rb);
        }
        az_sim_free(sim);
        az_model_free(m);
    }
}

/* Inspectors per shift: two on the day shift, one at night, three saturated
 * machines needing one each, process time 60 s: 2/60 per s by day and
 * 1/60 at night, half the time each. */
static void test_pool_size_by_shift(void **state)
{
    (void)state;
    az_model *m;
    az_dist zero, t;
    uint32_t st, p, src, insp;
    assert_int_equal(az_model_create("crew", &m, NULL), AZ_OK);
    assert_int_equal(az_dist_constant(&zero, 0, NULL), AZ_OK);
    assert_int_equal(az_dist_constant(&t, 60, NULL), AZ_OK);
    assert_int_equal(az_model_add_station(m, "inspect", 3, &t, &st, NULL), AZ_OK);
    assert_int_equal(az_model_set_buffer(m, st, 0, NULL), AZ_OK);
    assert_int_equal(az_model_add_pool(m, "inspectors", 2, &insp, NULL), AZ_OK);
    assert_int_equal(az_model_set_operator(m, st, AZ_ACT_PROCESS, insp, NULL),
                     AZ_OK);
    assert_int_equal(az_model_add_shift(m, 6 * 3600, 18 * 3600, 0x7f, NULL),
                     AZ_OK);
    assert_int_equal(az_model_add_shift(m, 18 * 3600, 6 * 3600, 0x7f, NULL),
                     AZ_OK);
    assert_int_equal(az_model_set_pool_shift_size(m, insp, 1, 1, NULL), AZ_OK);
    assert_int_equal(az_model_add_product(m, "p", &p, NULL), AZ_OK);
    assert_int_equal(az_model_add_step(m, p, st, NULL, NULL), AZ_OK);
    assert_int_equal(az_model_add_source(m, "in", &zero, &src, NULL), AZ_OK);
    assert_int_equal(az_model_source_add_product(m, src, p, 1, NULL), AZ_OK);
    az_sim *sim;
    assert_int_equal(az_sim_create(m, &sim, NULL), AZ_OK);
    az_run_config cfg = {70 * 86400.0, 0, 1, 0, NULL};
    assert_int_equal(az_sim_run(sim, &cfg, NULL), AZ_OK);
    const double *x = az_sim_results(sim);
    double th = x[az_sim_metric_index(sim, AZ_SCOPE_SYSTEM, 0, AZ_M_THROUGHPUT)];
    double want = 0.5 * 2 / 60 + 0.5 * 1 / 60;
    print_message("  inspectors 2 by day, 1 by night: TH %.6f want %.6f\n", th,
                  want);
    assert_true(fabs(th / want - 1) < 0.005);
    /* Every inspector there is busy all the time. */
    double u = x[az_sim_metric_index(sim, AZ_SCOPE_POOL, insp, AZ_M_UTIL)];
    assert_true(u > 0.999);
    az_sim_free(sim);
    az_model_free(m);
}

/* The theory itself: with equal rates TH = mu K / (K + 1). */
static void test_formula(void **state)
{
    (void)state;
    assert_true(fabs(two_machine_th(1, 1, 2) - 4.0 / 5) < 1e-12);
    assert_true(fabs(two_machine_th(2, 1, 0) - (1 - 1.0 / 7)) < 1e-12);
}

/* OEE as ISO 22400-2 defines it, on a saturated machine that runs at 0.8
 * of nominal speed, fails every 1000 s of running on average for 100 s,
 * and tests its units with a yield of 0.9: availability = 1000 / 1100,
 * performance = 0.8, quality = 0.9, OEE their product. */
static void test_oee_factors(void **state)
{
    (void)state;
    const char *text =
        "name: oee\ntime_unit: s\nproducts: [{name: p}]\n"
        "release: {interarrival: 0 s}\n"
        "stations:\n"
        "  cell: {process: 10 s, speeds: [0.8], failures: {between: "
        "{exponential: {mean: 1000 s}}, repair: {exponential: {mean: "
        "100 s}}}}\n"
        "  sink: {process: 1 s}\n"
        "buffers: {into_cell: {to: cell, capacity: 2}}\n"
        "routes: {p: [{station: cell, yield: 0.9}, sink]}\n";
    az_model *m;
    az_error err;
    if (az_model_load_string(text, strlen(text), "oee.yaml", NULL, &m, NULL,
                             &err))
        fail_msg("%s", err.msg);
    az_summary *s = run_model(m, 1e6, 5);
    const az_metric_kind k[] = {AZ_M_AVAILABILITY, AZ_M_QUALITY, AZ_M_OEE};
    const double want[] = {1000.0 / 1100, 0.9, 1000.0 / 1100 * 0.8 * 0.9};
    const char *what[] = {"availability", "quality", "OEE"};
    for (int j = 0; j < 3; j++) {
        size_t i = az_summary_metric_index(s, AZ_SCOPE_STATION, 0, k[j]);
        expect_theory(what[j], want[j], az_summary_mean(s, i),
                      az_summary_halfwidth_at(s, i, 0.99));
    }
    size_t ip = az_summary_metric_index(s, AZ_SCOPE_STATION, 0,
                                        AZ_M_PERFORMANCE);
    assert_true(fabs(az_summary_mean(s, ip) - 0.8) < 1e-12);
    az_summary_free(s);
    az_model_free(m);
}

/* One 8-hour shift on weekdays: a saturated 60 s machine makes 60 units
 * per working hour, and 60 x 40 / 168 per calendar hour. The bottleneck
 * shares are shares of working time: the only machine is the sole
 * bottleneck of a one-station line all the time it works. */
static void test_working_hours(void **state)
{
    (void)state;
    const char *text =
        "name: shifts\ntime_unit: s\nproducts: [{name: p}]\n"
        "release: {interarrival: 0 s}\n"
        "stations:\n  cell: {process: 60 s}\n"
        "buffers: {into_cell: {to: cell, capacity: 1}}\n"
        "routes: {p: [cell]}\n"
        "shifts:\n  pattern:\n"
        "    - {start: \"06:00\", end: \"14:00\", days: [mon, tue, wed, thu, "
        "fri]}\n";
    az_model *m;
    az_error err;
    if (az_model_load_string(text, strlen(text), "w.yaml", NULL, &m, NULL,
                             &err))
        fail_msg("%s", err.msg);
    az_experiment_config c = az_experiment_defaults();
    c.replications = 2;
    c.horizon = 4 * 7 * 86400.0;
    az_summary *s;
    assert_int_equal(az_experiment_run(m, &c, &s, NULL), AZ_OK);
    size_t iw = az_summary_metric_index(s, AZ_SCOPE_SYSTEM, 0,
                                        AZ_M_THROUGHPUT_WORKING);
    size_t it = az_summary_metric_index(s, AZ_SCOPE_SYSTEM, 0,
                                        AZ_M_THROUGHPUT);
    assert_true(fabs(az_summary_mean(s, iw) * 3600 - 60) < 1e-9);
    assert_true(fabs(az_summary_mean(s, it) * 3600 - 60.0 * 40 / 168) <
                1e-9);
    double wt;
    assert_int_equal(az_model_working_time(m, 0, 7 * 86400.0, &wt, NULL),
                     AZ_OK);
    assert_true(wt == 40 * 3600.0);
    size_t ib = az_summary_metric_index(s, AZ_SCOPE_STATION, 0,
                                        AZ_M_BN_SOLE);
    assert_true(fabs(az_summary_mean(s, ib) - 1) < 1e-9);
    az_summary_free(s);
    az_model_free(m);
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
        cmocka_unit_test(test_failures_calendar_clock_idle),
        cmocka_unit_test(test_failures_operating_clock_idle),
        cmocka_unit_test(test_changeovers),
        cmocka_unit_test(test_yield_unlimited_rework),
        cmocka_unit_test(test_yield_limited_rework),
        cmocka_unit_test(test_destructive_sampling),
        cmocka_unit_test(test_batch_oven),
        cmocka_unit_test(test_batch_max_wait),
        cmocka_unit_test(test_alternating_families),
        cmocka_unit_test(test_conwip_balanced),
        cmocka_unit_test(test_cartons),
        cmocka_unit_test(test_machine_repairman),
        cmocka_unit_test(test_operators_limit_servers),
        cmocka_unit_test(test_two_of_three_shifts),
        cmocka_unit_test(test_off_shift_not_blocked),
        cmocka_unit_test(test_bottleneck_deterministic),
        cmocka_unit_test(test_bottleneck_ranking),
        cmocka_unit_test(test_conveyor_transport),
        cmocka_unit_test(test_assembly),
        cmocka_unit_test(test_production_plan),
        cmocka_unit_test(test_pool_size_by_shift),
        cmocka_unit_test(test_oee_factors),
        cmocka_unit_test(test_working_hours),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
