/*
 * test_engine_loop.c: the event loop and a run (src/engine/loop.c,
 * run.c). Every event is popped and counted once; the per-period path
 * (one event at a time) gives the same results as the loop; the run's
 * own events are in the calendar one at a time; a stop request ends a
 * run with AZ_ESTOPPED; bad run settings are refused.
 */
#include <signal.h>

#include "engine_fixture.h"
#include "engine/engine.h"

static const char *const LINE =
    "name: loop\n"
    "time_unit: s\n"
    "products: [{name: p}]\n"
    "release: {interarrival: 10 s}\n"
    "stations: {m: {process: 1 s}}\n"
    "routes: {default: [m]}\n";

/* Arrivals at 10, ..., 990 and their ends at 11, ..., 991: 99 + 99
 * events, two THIRD (growth statistics) and END. */
static void counts_events(void **state)
{
    (void)state;
    az_model *m = fx_load(LINE);
    az_sim *s;
    fx_results(m, 995, 0, &s);
    assert_int_equal(az_sim_events(s), 99 + 99 + 2 + 1);
    assert_true(FX_SYS(s, AZ_M_COMPLETED) == 99);
    az_sim_free(s);
    az_model_free(m);
}

/* The run's own events (WARMUP, THIRD, END) wait in run.c, one at a time
 * in the calendar: seen at every machine change, a line of one machine
 * holds its arrival, its end of work and one of them, never more, where
 * all pushed at the start made 5. The events and results are the same. */
typedef struct cal_watch {
    az_sim *s;
    size_t most;
} cal_watch;

static void watch_machine(void *ctx, double t, uint32_t station,
                          uint32_t machine, az_machine_state st,
                          uint32_t product, uint32_t u)
{
    (void)t, (void)station, (void)machine, (void)st, (void)product, (void)u;
    cal_watch *w = ctx;
    size_t n = az_calendar_size(w->s->cal);
    if (n > w->most)
        w->most = n;
}

static void one_own_event_pending(void **state)
{
    (void)state;
    az_model *m = fx_load(LINE);
    az_sim *s, *plain;
    az_error err;
    fx_results(m, 995, 0, &plain);
    double done = FX_SYS(plain, AZ_M_COMPLETED);
    assert_int_equal(az_sim_create(m, &s, &err), AZ_OK);
    cal_watch w = {s, 0};
    az_observer obs = {.version = AZ_OBSERVER_VERSION,
                       .machine = watch_machine};
    assert_int_equal(az_sim_set_observer(s, &obs, &w, &err), AZ_OK);
    az_run_config cfg = {995, 100, 1, 0, NULL}; /* WARMUP, 2 THIRD, END */
    assert_int_equal(az_sim_run(s, &cfg, &err), AZ_OK);
    assert_true(w.most >= 2 && w.most <= 3);
    assert_int_equal(az_sim_events(s), 99 + 99 + 1 + 2 + 1);
    /* without the warm-up, the same completions as the run above */
    cfg.warmup = 0;
    assert_int_equal(az_sim_run(s, &cfg, &err), AZ_OK);
    assert_true(FX_SYS(s, AZ_M_COMPLETED) == done);
    az_sim_free(s);
    az_sim_free(plain);
    az_model_free(m);
}

/* The per-period series takes the events one at a time (azi_loop_event):
 * the same results, and the periods' completions add up. */
static void periods_match(void **state)
{
    (void)state;
    az_model *m = fx_load(LINE);
    az_sim *s;
    az_error err;
    fx_results(m, 995, 0, &s);
    double done = FX_SYS(s, AZ_M_COMPLETED), lead = FX_SYS(s, AZ_M_LEAD_MEAN);
    az_run_config cfg = {995, 0, 1, 0, NULL};
    double tp[5], wip[5];
    assert_int_equal(az_sim_run_periods(s, &cfg, 5, tp, wip, &err), AZ_OK);
    assert_true(FX_SYS(s, AZ_M_COMPLETED) == done);
    assert_true(FX_SYS(s, AZ_M_LEAD_MEAN) == lead);
    double sum = 0;
    for (int k = 0; k < 5; k++)
        sum += tp[k] * (995 / 5.0);
    FX_NEAR(sum, done);
    az_sim_free(s);
    az_model_free(m);
}

static void stops_on_request(void **state)
{
    (void)state;
    az_model *m = fx_load(LINE);
    az_sim *s;
    az_error err;
    assert_int_equal(az_sim_create(m, &s, &err), AZ_OK);
    static volatile sig_atomic_t stop = 1;
    /* 2 events per 10 s: 200,000 over 10^6 s, past the first look at
     * 65,536 */
    az_run_config cfg = {1e6, 0, 1, 0, &stop};
    assert_int_equal(az_sim_run(s, &cfg, &err), AZ_ESTOPPED);
    assert_int_equal(az_sim_events(s), 65536);
    stop = 0; /* the same sim runs on afterwards */
    assert_int_equal(az_sim_run(s, &cfg, &err), AZ_OK);
    assert_true(az_sim_results(s)[az_sim_metric_index(
                    s, AZ_SCOPE_SYSTEM, 0, AZ_M_COMPLETED)] == 99999);
    az_sim_free(s);
    az_model_free(m);
}

static void refuses_bad_runs(void **state)
{
    (void)state;
    az_model *m = fx_load(LINE);
    az_sim *s;
    az_error err;
    assert_int_equal(az_sim_create(m, &s, &err), AZ_OK);
    az_run_config bad_h = {0, 0, 1, 0, NULL};
    assert_int_equal(az_sim_run(s, &bad_h, &err), AZ_EINVAL);
    az_run_config bad_w = {100, 100, 1, 0, NULL};
    assert_int_equal(az_sim_run(s, &bad_w, &err), AZ_EINVAL);
    az_sim_free(s);
    az_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(counts_events),
        cmocka_unit_test(periods_match),
        cmocka_unit_test(one_own_event_pending),
        cmocka_unit_test(stops_on_request),
        cmocka_unit_test(refuses_bad_runs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
