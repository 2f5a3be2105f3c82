/*
 * test_initial.c: runs from a state of the shop floor (azalea/state.h)
 * against figures known exactly.
 *
 * - Clearing a queue: one machine, exponential work of mean 1 min, 30
 *   units waiting and one on the machine (its work drawn afresh: the
 *   exponential forgets), nothing released after. Units finished in 10
 *   min are min(31, Poisson(10)): mean 10.000 (to 1e-6), P10 6, P50 10,
 *   P90 14. The mean must lie in the 99 % CI and 5 % off must not; the
 *   spread's quantiles must be the Poisson's within one unit.
 * - Work done: a constant 10 min step with 4 min done ends at 6 min, in
 *   every replication: 1 unit by 6.5 min, 0 by 5.9.
 * - A machine down with 5 min of repair left, constant 1 min work, 3
 *   units waiting: they end at 6, 7 and 8 min; 3 by 8.5 min, and the
 *   entry of three is out at 8 min. The work done's unit is out at 6.
 * - The clock starts at the state's time on the shift calendar: a shift
 *   06:00-14:00, a state at 13:00 with 100 units waiting and constant 1
 *   min work: "end of shift" is 1 h, and exactly 60 finish by then.
 * - A state loaded against one model is refused by another's sim.
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

/* Runs model text from state text for horizon (a duration or words). */
static az_summary *run_from(const char *model, const char *state,
                            const char *horizon, uint32_t reps,
                            az_model **mout, az_state **sout)
{
    az_model *m;
    az_state *st;
    az_experiment_config cfg;
    az_error err;
    if (az_model_load_string(model, strlen(model), "m.yaml", NULL, &m, &cfg,
                             &err))
        fail_msg("model: %s", err.msg);
    if (az_state_load_string(m, state, strlen(state), "s.yaml", NULL, &st,
                             &err))
        fail_msg("state: %s", err.msg);
    if (az_state_horizon(st, horizon, &cfg.horizon, &err))
        fail_msg("horizon: %s", err.msg);
    cfg.warmup = 0;
    cfg.replications = reps;
    cfg.threads = 2;
    cfg.initial = st;
    az_summary *s;
    if (az_experiment_run(m, &cfg, &s, &err))
        fail_msg("run: %s", err.msg);
    *mout = m;
    *sout = st;
    return s;
}

static const char *const ONE =
    "name: one machine\n"
    "time_unit: min\n"
    "run: {horizon: 1 d, replications: 5, seed: 3}\n"
    "products: [{name: a, mix: 1}]\n"
    "release: {interarrival: 1000 week}\n"
    "stations:\n"
    "  m: {process: %s%s}\n"
    "routes: {a: [m]}\n"
    "%s";

/* The line with m's process time, more keys of m, more top-level keys. */
static void model_one(char *buf, size_t n, const char *process,
                      const char *extra, const char *top)
{
    snprintf(buf, n, ONE, process, extra, top);
}

static double completed(const az_summary *s, double q)
{
    size_t i = az_summary_metric_index(s, AZ_SCOPE_SYSTEM, 0, AZ_M_COMPLETED);
    return q < 0 ? az_summary_mean(s, i) : az_summary_quantile(s, i, q);
}

static void test_clearing_poisson(void **state)
{
    (void)state;
    char model[1024];
    model_one(model, sizeof model, "{exponential: {mean: 1 min}}", "", "");
    az_model *m;
    az_state *st;
    az_summary *s = run_from(model,
                             "at: 0 08:00\n"
                             "units:\n"
                             "  - {station: m, product: a, count: 30}\n"
                             "  - {station: m, product: a, where: machine}\n",
                             "10 min", 2000, &m, &st);
    assert_int_equal(az_state_units(st), 31);
    /* E[min(31, N)], N ~ Poisson(10): 10 less a tail below 1e-6 */
    vx_inside(s, AZ_SCOPE_SYSTEM, 0, AZ_M_COMPLETED, 10.0,
              "units finished in 10 mean services");
    print_message("  P10 %g P50 %g P90 %g (Poisson: 6, 10, 14)\n",
                  completed(s, 0.1), completed(s, 0.5), completed(s, 0.9));
    assert_true(fabs(completed(s, 0.1) - 6) <= 1);
    assert_true(fabs(completed(s, 0.5) - 10) <= 1);
    assert_true(fabs(completed(s, 0.9) - 14) <= 1);
    az_summary_free(s);
    az_state_free(st);
    az_model_free(m);
}

static void test_work_done(void **state)
{
    (void)state;
    char model[1024];
    model_one(model, sizeof model, "10 min", "", "");
    const char *st_text = "at: 1 09:00\n"
                          "units: [{station: m, product: a, where: machine, "
                          "done: 4 min}]\n";
    for (int k = 0; k < 2; k++) {
        az_model *m;
        az_state *st;
        az_summary *s = run_from(model, st_text, k ? "6.5 min" : "5.9 min",
                                 4, &m, &st);
        assert_true(completed(s, 0) == k && completed(s, 1) == k);
        /* when the state's unit left: 6 min after the state's time */
        double p10, p50, p90, want = az_state_time(st) + 6;
        assert_int_equal(az_forecast_entry(st, s, 0, &p10, &p50, &p90, NULL),
                         AZ_OK);
        assert_true(k ? p10 == want && p90 == want : isinf(p10));
        assert_int_equal(az_forecast_entry(st, s, 1, &p10, &p50, &p90, NULL),
                         AZ_OK); /* all: the same one unit */
        assert_true(k ? p50 == want : isinf(p50));
        assert_int_equal(az_forecast_entry(st, s, 2, &p10, &p50, &p90, NULL),
                         AZ_EINVAL);
        az_summary_free(s);
        az_state_free(st);
        az_model_free(m);
    }
}

static void test_machine_down(void **state)
{
    (void)state;
    char model[1024];
    model_one(model, sizeof model, "1 min",
              ", failures: {between: {exponential: {mean: 1000 week}}, "
              "repair: 1 h}", "");
    az_model *m;
    az_state *st;
    az_summary *s = run_from(model,
                             "at: 0 10:00\n"
                             "units: [{station: m, product: a, count: 3}]\n"
                             "machines: [{station: m, machine: 1, state: "
                             "down, repair_left: 5 min}]\n",
                             "8.5 min", 4, &m, &st);
    assert_true(completed(s, 0) == 3 && completed(s, 1) == 3);
    /* the entry of three is out with its last, at 8 min */
    double p10, p50, p90;
    assert_int_equal(az_forecast_entry(st, s, 0, &p10, &p50, &p90, NULL),
                     AZ_OK);
    assert_true(p10 == az_state_time(st) + 8 && p90 == p10);
    az_summary_free(s);
    az_state_free(st);
    az_model_free(m);
}

static void test_end_of_shift(void **state)
{
    (void)state;
    char model[1024];
    model_one(model, sizeof model, "1 min", "",
              "shifts: {pattern: [{name: day, start: \"06:00\", end: "
              "\"14:00\"}]}\n");
    az_model *m;
    az_state *st;
    az_summary *s = run_from(model,
                             "at: 0 13:00\n"
                             "units: [{station: m, product: a, count: 100}]\n",
                             "end of shift", 3, &m, &st);
    assert_true(az_summary_config(s)->horizon == 60);
    assert_true(completed(s, 0) == 60 && completed(s, 1) == 60);
    az_summary_free(s);
    az_state_free(st);
    az_model_free(m);
}

static void test_other_model(void **state)
{
    (void)state;
    char model[1024];
    model_one(model, sizeof model, "1 min", "", "");
    az_model *a, *b;
    az_state *st;
    az_error err;
    az_sim *sim;
    assert_int_equal(az_model_load_string(model, strlen(model), "a", NULL, &a,
                                          NULL, &err), AZ_OK);
    assert_int_equal(az_model_load_string(model, strlen(model), "b", NULL, &b,
                                          NULL, &err), AZ_OK);
    const char *t = "at: 0 00:00\n";
    assert_int_equal(az_state_load_string(a, t, strlen(t), "s", NULL, &st,
                                          &err), AZ_OK);
    assert_int_equal(az_sim_create(b, &sim, &err), AZ_OK);
    assert_int_equal(az_sim_set_initial(sim, st, &err), AZ_EINVAL);
    az_sim_free(sim);
    az_state_free(st);
    az_model_free(a);
    az_model_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clearing_poisson),
        cmocka_unit_test(test_work_done),
        cmocka_unit_test(test_machine_down),
        cmocka_unit_test(test_end_of_shift),
        cmocka_unit_test(test_other_model),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
