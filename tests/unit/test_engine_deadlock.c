/*
 * test_engine_deadlock.c: deadlock detection (src/engine/deadlock.c). A
 * route that revisits a station, with no buffers, locks up as soon as two
 * units are in: each station's machine holds a unit for the other. The
 * run must stop with AZ_ERUNTIME naming both, not run on with a dead line;
 * the same route with room to spare runs to its end.
 */
#include "engine_fixture.h"

static az_model *loop(unsigned cap)
{
    char text[1024];
    snprintf(text, sizeof text,
             "name: loop\n"
             "time_unit: s\n"
             "products: [{name: p}]\n"
             "release: {interarrival: %s}\n"
             "stations: {a: {process: 10 s}, b: {process: 10 s}}\n"
             "buffers:\n"
             "  into_a: {to: a, capacity: %u}\n"
             "  into_b: {to: b, capacity: %u}\n"
             "routes: {default: [a, b, a]}\n",
             cap ? "100 s" : "0 s", cap, cap);
    return fx_load(text);
}

static void full_loop_deadlocks(void **state)
{
    (void)state;
    az_model *m = loop(0);
    az_sim *s;
    az_error err;
    /* unit 1: a 0-10, b 10-20, then back to a, which holds unit 2
     * (a 10-20) finished and waiting for b: at 20 both are blocked
     * (a saturated source's first unit comes at 0) */
    assert_int_equal(fx_run(m, 1000, 0, &s, &err), AZ_ERUNTIME);
    assert_non_null(strstr(err.msg, "deadlock at time 20"));
    assert_non_null(strstr(err.msg, "'a'"));
    assert_non_null(strstr(err.msg, "'b'"));
    az_sim_free(s);
    az_model_free(m);
}

static void room_runs_on(void **state)
{
    (void)state;
    az_model *m = loop(5);
    az_sim *s;
    az_error err;
    assert_int_equal(fx_run(m, 1000, 0, &s, &err), AZ_OK);
    /* arrivals at 100, ..., 1000, 30 s each: all but the last done */
    assert_true(FX_SYS(s, AZ_M_COMPLETED) == 9);
    az_sim_free(s);
    az_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(full_loop_deadlocks),
        cmocka_unit_test(room_runs_on),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
