/*
 * test_experiment.c: growing an experiment (az_experiment_extend), the
 * progress callback, sequential runs to a precision, per-period series and
 * the automatic warm-up (experiment.h, az_sim_run_periods), and the model's
 * improve data (improve.h).
 */
#include <math.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "azalea/experiment.h"
#include "experiment_fixture.h"
#include "azalea/improve.h"
#include "azalea/load.h"
#include "azalea/sim.h"

static const char LINE[] =
    "name: two stations\n"
    "products: [{name: p, mix: 1}]\n"
    "release: {interarrival: {exponential: {mean: 1 s}}}\n"
    "stations:\n"
    "  a: {machines: 2, process: {lognormal: {mean: 1.5 s, cv: 0.4}}}\n"
    "  b: {process: {gamma: {mean: 0.6 s, cv: 0.8}}}\n"
    "routes: {default: [a, b]}\n";

static az_model *load(const char *text, const char **sets, size_t nset,
                      az_experiment_config *cfg)
{
    az_model *m = NULL;
    az_error err;
    az_load_options lo = {sets, nset, NULL, NULL, NULL};
    if (az_model_load_string(text, strlen(text), "t.yaml", &lo, &m, cfg, &err))
        fail_msg("load: %s", err.msg);
    return m;
}

static void test_extend_equals_one_run(void **state)
{
    (void)state;
    az_model *m = load(LINE, NULL, 0, NULL);
    az_error err;
    for (unsigned t = 1; t <= 3; t += 2) {
        az_experiment_config c4 = ex_config(4, t), c9 = ex_config(9, 1);
        az_summary *grown = NULL, *whole = NULL;
        assert_int_equal(az_experiment_run(m, &c4, &grown, &err), AZ_OK);
        assert_int_equal(az_experiment_extend(m, grown, 3, &err), AZ_OK);
        assert_int_equal(az_experiment_extend(m, grown, 0, &err), AZ_OK);
        assert_int_equal(az_experiment_extend(m, grown, 2, &err), AZ_OK);
        assert_int_equal(az_experiment_run(m, &c9, &whole, &err), AZ_OK);
        ex_assert_same(grown, whole);
        az_summary_free(grown);
        az_summary_free(whole);
    }
    az_model_free(m);
}

/* The bottleneck share is sole plus shifting, and over the stations of a
 * line that is always busy somewhere it sums to the whole time. */
static void test_bottleneck_share(void **state)
{
    (void)state;
    az_model *m = load(LINE, NULL, 0, NULL);
    az_error err;
    az_experiment_config c = ex_config(3, 1);
    az_summary *s = NULL;
    assert_int_equal(az_experiment_run(m, &c, &s, &err), AZ_OK);
    double total = 0;
    for (uint32_t t = 0; t < az_model_station_count(m); t++) {
        double sole = az_summary_mean(s, az_summary_metric_index(
                          s, AZ_SCOPE_STATION, t, AZ_M_BN_SOLE));
        double shift = az_summary_mean(s, az_summary_metric_index(
                           s, AZ_SCOPE_STATION, t, AZ_M_BN_SHIFT));
        assert_true(az_summary_bottleneck_share(s, t) == sole + shift);
        total += sole + shift;
    }
    assert_true(total > 0.5 && total <= 1 + 1e-9);
    az_summary_free(s);
    az_model_free(m);
}

/* Paired differences (common random numbers): a model against itself
 * differs by exactly 0 in every replication; against a run with another
 * replication count, or for a metric that does not exist, the call says
 * why. With one machine more at the bottleneck, the throughput's paired
 * difference is the difference of the means (the same replications). */
static void test_paired_diff(void **state)
{
    (void)state;
    az_model *m = load(LINE, NULL, 0, NULL);
    az_error err;
    az_experiment_config c3 = ex_config(3, 1), c4 = ex_config(4, 1);
    az_summary *a = NULL, *b = NULL, *d = NULL;
    assert_int_equal(az_experiment_run(m, &c3, &a, &err), AZ_OK);
    assert_int_equal(az_experiment_run(m, &c3, &b, &err), AZ_OK);
    assert_int_equal(az_experiment_run(m, &c4, &d, &err), AZ_OK);
    size_t th = az_summary_metric_index(a, AZ_SCOPE_SYSTEM, 0,
                                        AZ_M_THROUGHPUT);
    double mean = -1, half = -1;
    assert_int_equal(az_summary_paired_diff(a, b, th, 0.95, &mean, &half,
                                            &err), AZ_OK);
    assert_true(mean == 0 && half == 0);
    assert_int_equal(az_summary_paired_diff(a, d, th, 0.95, &mean, &half,
                                            &err), AZ_EINVAL);
    assert_string_equal(err.msg, "paired comparison needs the same "
                                 "replications and metrics");
    assert_int_equal(az_summary_paired_diff(a, b, az_summary_metric_count(a),
                                            0.95, &mean, &half, &err),
                     AZ_EINVAL);
    az_summary_free(b);
    b = NULL;
    uint32_t st = 0;
    for (uint32_t t = 1; t < az_model_station_count(m); t++)
        if (az_summary_bottleneck_share(a, t) > az_summary_bottleneck_share(a, st))
            st = t;
    assert_int_equal(az_model_set_machines(
                         m, st, az_model_station_machines(m, st) + 1, NULL),
                     AZ_OK);
    assert_int_equal(az_experiment_run(m, &c3, &b, &err), AZ_OK);
    assert_int_equal(az_summary_paired_diff(a, b, th, 0.95, &mean, &half,
                                            &err), AZ_OK);
    assert_true(fabs(mean - (az_summary_mean(b, th) - az_summary_mean(a, th))) <
                1e-12 * az_summary_mean(a, th));
    assert_true(half >= 0);
    az_summary_free(a);
    az_summary_free(b);
    az_summary_free(d);
    az_model_free(m);
}

typedef struct calls {
    pthread_mutex_t lock;
    uint32_t n, last, total, bad;
} calls;

static void count(void *ctx, uint32_t done, uint32_t total)
{
    calls *c = ctx;
    pthread_mutex_lock(&c->lock); /* a second lock: must not deadlock */
    c->bad += done != c->last + 1 || done > total; /* serialised, in order */
    c->n++;
    c->last = done;
    c->total = total;
    pthread_mutex_unlock(&c->lock);
}

static void test_progress_called_per_replication(void **state)
{
    (void)state;
    az_model *m = load(LINE, NULL, 0, NULL);
    az_error err;
    calls c = {PTHREAD_MUTEX_INITIALIZER, 0, 0, 0, 0};
    az_experiment_config cfg = ex_config(7, 3);
    cfg.progress = count;
    cfg.progress_ctx = &c;
    az_summary *s = NULL;
    assert_int_equal(az_experiment_run(m, &cfg, &s, &err), AZ_OK);
    assert_int_equal(c.n, 7);
    assert_int_equal(c.last, 7);
    assert_int_equal(c.total, 7);
    /* Extending counts on from the replications already there. */
    assert_int_equal(az_experiment_extend(m, s, 5, &err), AZ_OK);
    assert_int_equal(c.n, 12);
    assert_int_equal(c.last, 12);
    assert_int_equal(c.total, 12);
    assert_int_equal(c.bad, 0);
    az_summary_free(s);
    az_model_free(m);
}

static void test_precision_reached_and_reproducible(void **state)
{
    (void)state;
    az_model *m = load(LINE, NULL, 0, NULL);
    az_error err;
    az_precision p = {0.01, 10, 1000};
    az_summary *s1 = NULL, *s2 = NULL, *plain = NULL;
    int reached = 0;
    az_experiment_config c1 = ex_config(3, 1), c2 = ex_config(3, 2);
    assert_int_equal(az_experiment_run_precise(m, &c1, &p, &s1, &reached,
                                               &err), AZ_OK);
    assert_true(reached);
    uint32_t n = az_summary_replications(s1);
    assert_true(n > 10 && n < 1000); /* the pilot alone is not enough */
    assert_true(az_summary_precision(s1) <= 0.01);
    az_precision got;
    int r2;
    assert_int_equal(az_summary_sequential(s1, &got, &r2), 1);
    assert_true(r2 && got.relative == 0.01 && got.max_reps == 1000);
    /* The same count whatever the threads, and the same as a plain run. */
    assert_int_equal(az_experiment_run_precise(m, &c2, &p, &s2, NULL, &err),
                     AZ_OK);
    ex_assert_same(s1, s2);
    az_experiment_config cn = ex_config(n, 2);
    assert_int_equal(az_experiment_run(m, &cn, &plain, &err), AZ_OK);
    ex_assert_same(s1, plain);
    assert_int_equal(az_summary_sequential(plain, NULL, NULL), 0);
    /* The precision is the worst of the headline metrics. */
    size_t it = az_summary_metric_index(s1, AZ_SCOPE_SYSTEM, 0,
                                        AZ_M_THROUGHPUT);
    assert_true(az_summary_precision(s1) >=
                az_summary_halfwidth(s1, it) / az_summary_mean(s1, it));
    az_summary_free(s1);
    az_summary_free(s2);
    az_summary_free(plain);
    az_model_free(m);
}

static void test_precision_cap_and_bad_targets(void **state)
{
    (void)state;
    az_model *m = load(LINE, NULL, 0, NULL);
    az_error err;
    az_experiment_config c = ex_config(3, 2);
    az_summary *s = NULL;
    int reached = 1;
    az_precision tight = {1e-6, 4, 11};
    assert_int_equal(az_experiment_run_precise(m, &c, &tight, &s, &reached,
                                               &err), AZ_OK);
    assert_int_equal(az_summary_replications(s), 11); /* 4, 8, 11 */
    assert_false(reached);
    az_summary_free(s);
    const az_precision bad[] = {
        {0, 10, 100}, {1, 10, 100}, {NAN, 10, 100}, {0.1, 1, 100},
        {0.1, 10, 9}};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        s = (az_summary *)&c; /* must be reset to NULL */
        assert_int_equal(az_experiment_run_precise(m, &c, &bad[i], &s, NULL,
                                                   &err), AZ_EINVAL);
        assert_null(s);
    }
    az_model_free(m);
}

static void test_period_series_add_up(void **state)
{
    (void)state;
    az_model *m = load(LINE, NULL, 0, NULL);
    az_sim *sim = NULL;
    az_error err;
    double tp[50], wip[50];
    assert_int_equal(az_sim_create(m, &sim, &err), AZ_OK);
    az_run_config rc = {5000, 0, 9, 2, NULL};
    assert_int_equal(az_sim_run_periods(sim, &rc, 50, tp, wip, &err), AZ_OK);
    double done = 0, area = 0;
    for (int k = 0; k < 50; k++) {
        done += tp[k] * 100;
        area += wip[k] * 100;
        assert_true(tp[k] >= 0 && wip[k] >= 0);
    }
    const double *r = az_sim_results(sim);
    size_t ic = az_sim_metric_index(sim, AZ_SCOPE_SYSTEM, 0, AZ_M_COMPLETED);
    size_t iw = az_sim_metric_index(sim, AZ_SCOPE_SYSTEM, 0, AZ_M_WIP);
    assert_true(fabs(done - r[ic]) < 1e-6);
    assert_true(fabs(area / 5000 - r[iw]) < 1e-9 * r[iw]);
    /* The series does not change the run. */
    double with[256];
    assert_true(az_sim_metric_count(sim) <= 256);
    memcpy(with, r, az_sim_metric_count(sim) * sizeof *r);
    assert_int_equal(az_sim_run(sim, &rc, &err), AZ_OK);
    assert_memory_equal(with, az_sim_results(sim),
                        az_sim_metric_count(sim) * sizeof *r);
    az_run_config warm = {5000, 10, 9, 2, NULL};
    assert_int_equal(az_sim_run_periods(sim, &warm, 50, tp, wip, &err),
                     AZ_EINVAL);
    assert_int_equal(az_sim_run_periods(sim, &rc, 0, tp, wip, &err),
                     AZ_EINVAL);
    az_sim_free(sim);
    az_model_free(m);
}

/* A line behind a 2 h conveyor starts empty: nothing leaves for 2 h. */
static void test_warmup_covers_known_transient(void **state)
{
    (void)state;
    az_experiment_config cfg;
    az_model *m = NULL;
    az_error err;
    if (az_model_load_file("tests/models/good/warmup-conveyor.yaml", NULL, &m,
                           &cfg, &err))
        fail_msg("%s", err.msg);
    assert_true(cfg.warmup_auto);
    cfg.threads = 2;
    az_warmup_result w;
    assert_int_equal(az_experiment_warmup(m, &cfg, &w, &err), AZ_OK);
    assert_true(w.warmup >= 120 && w.warmup <= 600); /* minutes */
    assert_true(fmod(w.warmup, w.period) == 0);
    assert_int_equal(w.pilots, AZ_WARMUP_PILOTS);
    assert_false(w.at_limit);
    /* The same with one thread. */
    az_warmup_result w1;
    cfg.threads = 1;
    assert_int_equal(az_experiment_warmup(m, &cfg, &w1, &err), AZ_OK);
    assert_true(w1.warmup == w.warmup);
    /* az_experiment_run picks it itself and says so. */
    az_summary *s = NULL;
    cfg.replications = 2;
    assert_int_equal(az_experiment_run(m, &cfg, &s, &err), AZ_OK);
    assert_true(az_summary_config(s)->warmup == w.warmup);
    assert_int_equal(az_summary_warmup(s, &w1), 1);
    assert_true(w1.warmup == w.warmup);
    az_summary_free(s);
    /* One limit for replications, the file's and --reps's. */
    cfg.replications = AZ_MAX_REPLICATIONS + 1;
    assert_int_equal(az_experiment_run(m, &cfg, &s, &err), AZ_EINVAL);
    assert_null(s);
    assert_string_equal(err.msg, "replications must be a whole number from 1 "
                                 "to 10000000, got 10000001");
    cfg.replications = 2;
    /* A fixed warm-up is left alone. */
    cfg.warmup_auto = 0;
    cfg.warmup = 30;
    assert_int_equal(az_experiment_run(m, &cfg, &s, &err), AZ_OK);
    assert_true(az_summary_config(s)->warmup == 30);
    assert_int_equal(az_summary_warmup(s, NULL), 0);
    az_summary_free(s);
    az_model_free(m);
}

/* A run's cost before it starts, and the runs refused: a horizon that
 * double precision cannot resolve against the shortest mean time (0.6 s
 * here: the limit is 0.6e-3 / DBL_EPSILON = 2.7e12 s), in the experiment
 * itself and not only in the loader. */
static void test_check_scale(void **state)
{
    (void)state;
    az_model *m = load(LINE, NULL, 0, NULL);
    az_experiment_config c = az_experiment_defaults();
    az_run_estimate est;
    az_error err;
    c.horizon = 1e6;
    c.replications = 3;
    assert_int_equal(az_experiment_check_scale(m, &c, &est, &err), AZ_OK);
    assert_true(fabs(est.releases - 1e6) < 1);      /* horizon / 1 s */
    assert_true(fabs(est.events - 1.5e7) < 10);     /* x (1 + 2 x 2 steps) x 3 */
    assert_true(est.peak_units == 0 && est.bytes == 0); /* the line keeps up */
    c.horizon = 2.6e12;
    assert_int_equal(az_experiment_check_scale(m, &c, NULL, &err), AZ_OK);
    c.horizon = 2.8e12;
    assert_int_equal(az_experiment_check_scale(m, &c, NULL, &err), AZ_EINVAL);
    assert_non_null(strstr(err.msg, "use a horizon below 2.7e+12 s"));
    az_summary *s = NULL;
    c.horizon = 1e19;
    assert_int_equal(az_experiment_run(m, &c, &s, &err), AZ_EINVAL);
    assert_null(s);
    assert_non_null(strstr(err.msg, "a horizon of 1e+19 s is too long"));
    az_model_free(m);
}

static void test_improve_section(void **state)
{
    (void)state;
    az_experiment_config cfg;
    az_model *m = NULL;
    az_error err;
    if (az_model_load_file("tests/models/good/improve.yaml", NULL, &m, &cfg,
                           &err))
        fail_msg("%s", err.msg);
    az_improve_costs c = az_model_improve_costs(m);
    assert_true(c.machine == 100000 && c.buffer_place == 400 &&
                c.person == -1);
    assert_true(az_model_machine_cost(m, 0) == 250000); /* placer's own */
    assert_true(az_model_machine_cost(m, 1) == 100000);
    assert_int_equal(az_model_candidate_count(m), 2);
    az_candidate a = az_model_candidate(m, 0), b = az_model_candidate(m, 1);
    assert_string_equal(a.name, "faster placer heads");
    assert_int_equal(a.nset, 1);
    assert_true(a.cost == 60000);
    assert_true(a.line > 0 && a.col > 0);
    assert_string_equal(b.name, "stations.screw.machines=2; "
                                "buffers.before_test.capacity=10");
    assert_int_equal(b.nset, 2);
    assert_true(b.cost == -1);
    assert_int_equal(az_model_add_candidate(m, "x", b.sets, 0, 1, 0, 0, &err),
                     AZ_EINVAL);
    assert_int_equal(az_model_add_candidate(m, "x", b.sets, 1, -2, 0, 0, &err),
                     AZ_EINVAL);
    assert_int_equal(az_model_set_machine_cost(m, 99, 1, &err), AZ_EINVAL);
    az_model_free(m);
    /* A model without the section knows no costs. */
    m = load(LINE, NULL, 0, NULL);
    assert_int_equal(az_model_candidate_count(m), 0);
    assert_true(az_model_improve_costs(m).machine == -1);
    assert_true(az_model_machine_cost(m, 0) == -1);
    az_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_extend_equals_one_run),
        cmocka_unit_test(test_bottleneck_share),
        cmocka_unit_test(test_paired_diff),
        cmocka_unit_test(test_progress_called_per_replication),
        cmocka_unit_test(test_precision_reached_and_reproducible),
        cmocka_unit_test(test_precision_cap_and_bad_targets),
        cmocka_unit_test(test_period_series_add_up),
        cmocka_unit_test(test_warmup_covers_known_transient),
        cmocka_unit_test(test_check_scale),
        cmocka_unit_test(test_improve_section),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
