/*
 * test_snapshot.c: exact continuation from a snapshot (engine/snapshot.c).
 *
 * For each shipped example and the reference factory: one run over
 * [0, 2T) with warm-up T, and a run snapshotted at T and resumed for T
 * from the written file, must give every metric bit for bit (NaNs where
 * the other has NaNs). T is Wednesday 14:00 (62 h), where shifts change.
 * The examples between them use every block: failures on each clock,
 * batches, changeovers, operators, cartons, maintenance, shifts and
 * breaks, assembly with stores, conveyors, plans, lots, campaigns,
 * orders and dispatching rules.
 *
 * So that the comparison can fail: the resumed run with another seed
 * than the snapshot's still starts where the snapshot stood (the engine
 * section holds the streams), but a snapshot taken one second later must
 * differ; and the same state without its engine section (a state written
 * by hand) continues with fresh clocks: statistically the same, not bit
 * for bit. For an M/M/1 queue (arrival rate 0.8, service rate 1), runs
 * from such a state average 4 = rho / (1 - rho) units in the system over
 * a long horizon (the 99 % CI must hold it and reject 5 % off).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "azalea/sim.h"
#include "azalea/state.h"
#include "validation_fixture.h"

/* The metrics of replication 0 of m over horizon h, warm-up w, from st. */
static double *run_one(const az_model *m, const az_state *st, double h,
                       double w, uint64_t seed, size_t *n)
{
    az_sim *s;
    az_error err;
    assert_int_equal(az_sim_create(m, &s, &err), AZ_OK);
    assert_int_equal(az_sim_set_initial(s, st, &err), AZ_OK);
    az_run_config c = {h, w, seed, 0, NULL};
    if (az_sim_run(s, &c, &err))
        fail_msg("%s", err.msg);
    *n = az_sim_metric_count(s);
    double *v = malloc(*n * sizeof *v);
    assert_non_null(v);
    memcpy(v, az_sim_results(s), *n * sizeof *v);
    az_sim_free(s);
    return v;
}

/* The state of replication 0 at time t, loaded back. */
static az_state *snapshot(const az_model *m, double t, uint64_t seed)
{
    az_sim *s;
    az_error err;
    char *text;
    az_state *st;
    assert_int_equal(az_sim_create(m, &s, &err), AZ_OK);
    az_run_config c = {t, 0, seed, 0, NULL};
    if (az_sim_snapshot(s, &c, t, &text, &err))
        fail_msg("snapshot: %s", err.msg);
    az_sim_free(s);
    if (az_state_load_string(m, text, strlen(text), "snap.yaml", NULL, &st,
                             &err))
        fail_msg("the snapshot does not load: %s", err.msg);
    free(text);
    return st;
}

/* How many of the n metrics differ (NaN equals NaN). */
static size_t differ(const double *a, const double *b, size_t n)
{
    size_t d = 0;
    for (size_t i = 0; i < n; i++)
        d += !(a[i] == b[i] || (isnan(a[i]) && isnan(b[i])));
    return d;
}

static void check_example(const char *path)
{
    az_model *m;
    az_experiment_config cfg;
    az_error err;
    if (az_model_load_file(path, NULL, &m, &cfg, &err))
        fail_msg("%s", err.msg);
    double t = 62 * 3600 / az_model_time_unit_seconds(m);
    size_t n, n2;
    double *a = run_one(m, NULL, 2 * t, t, cfg.seed, &n);
    az_state *st = snapshot(m, t, cfg.seed);
    double *b = run_one(m, st, t, 0, cfg.seed, &n2);
    /* then the state's entries (a unit each) and all: when each left */
    uint64_t units = az_state_units(st);
    assert_int_equal(n2, n + units + 1);
    double all = b[n + units], last = 0;
    for (uint64_t k = 0; k < units; k++) {
        double x = b[n + k];
        assert_true(isnan(x) || (x >= t && x <= 2 * t));
        if (!isnan(all))
            assert_true(!isnan(x) && x <= all);
        last = isnan(x) || x > last ? x : last;
    }
    assert_true(isnan(all) || all == last);
    size_t d = differ(a, b, n);
    print_message("  %-40s %zu metrics, %zu differ\n", path, n, d);
    assert_int_equal(d, 0);
    /* a snapshot a second later is another state: the check can fail */
    az_state *late = snapshot(m, t + 1 / az_model_time_unit_seconds(m),
                              cfg.seed);
    double *c = run_one(m, late, t, 0, cfg.seed, &n2);
    assert_true(differ(a, c, n) > 0);
    free(a);
    free(b);
    free(c);
    az_state_free(st);
    az_state_free(late);
    az_model_free(m);
}

static void test_examples(void **state)
{
    (void)state;
    static const char *const ex[] = {
        "examples/tutorial-line.yaml", "examples/line-blocks.yaml",
        "examples/line-assembly.yaml", "examples/smt-orders.yaml",
        "examples/smt-lots.yaml",      "examples/line-optimize.yaml",
        "examples/smartphone-factory.yaml"};
    for (size_t i = 0; i < sizeof ex / sizeof *ex; i++)
        check_example(ex[i]);
}

/* Other replications start from the shop floor with their own streams:
 * replication 1 differs from replication 0 and from a run from time 0. */
static void test_other_replications(void **state)
{
    (void)state;
    az_model *m;
    az_experiment_config cfg;
    az_error err;
    assert_int_equal(az_model_load_file("examples/line-blocks.yaml", NULL,
                                        &m, &cfg, &err), AZ_OK);
    az_state *st = snapshot(m, 62 * 3600, cfg.seed);
    cfg.initial = st;
    cfg.horizon = 24 * 3600;
    cfg.warmup = 0;
    cfg.replications = 3;
    cfg.threads = 2;
    az_summary *s;
    assert_int_equal(az_experiment_run(m, &cfg, &s, &err), AZ_OK);
    size_t i = az_summary_metric_index(s, AZ_SCOPE_SYSTEM, 0, AZ_M_WIP);
    assert_true(az_summary_value(s, 0, i) != az_summary_value(s, 1, i));
    assert_true(az_summary_value(s, 1, i) != az_summary_value(s, 2, i));
    az_summary_free(s);
    az_state_free(st);
    az_model_free(m);
}

/* A state without its engine section: fresh clocks, the same process. */
static void test_fresh_clocks_mm1(void **state)
{
    (void)state;
    static const char model[] =
        "name: mm1\n"
        "time_unit: s\n"
        "run: {horizon: 1 d, replications: 5, seed: 9}\n"
        "products: [{name: a, mix: 1}]\n"
        "release: {interarrival: {exponential: {mean: 1.25 s}}}\n"
        "stations: {q: {process: {exponential: {mean: 1 s}}}}\n"
        "routes: {a: [q]}\n";
    az_model *m;
    az_experiment_config cfg;
    az_error err;
    assert_int_equal(az_model_load_string(model, strlen(model), "mm1", NULL,
                                          &m, &cfg, &err), AZ_OK);
    /* a snapshot, its engine section cut off */
    az_sim *s;
    char *text;
    assert_int_equal(az_sim_create(m, &s, &err), AZ_OK);
    az_run_config c = {5000, 0, 9, 0, NULL};
    assert_int_equal(az_sim_snapshot(s, &c, 5000, &text, &err), AZ_OK);
    az_sim_free(s);
    *strstr(text, "\nengine:") = '\0';
    az_state *hand;
    assert_int_equal(az_state_load_string(m, text, strlen(text), "h", NULL,
                                          &hand, &err), AZ_OK);
    free(text);
    cfg.initial = hand;
    cfg.horizon = 2e5;
    cfg.warmup = 0;
    cfg.replications = 40;
    cfg.threads = 2;
    az_summary *sum;
    assert_int_equal(az_experiment_run(m, &cfg, &sum, &err), AZ_OK);
    vx_inside(sum, AZ_SCOPE_SYSTEM, 0, AZ_M_WIP, 4.0,
              "M/M/1 WIP from a state without the engine section");
    az_summary_free(sum);
    az_state_free(hand);
    az_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_examples),
        cmocka_unit_test(test_other_replications),
        cmocka_unit_test(test_fresh_clocks_mm1),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
