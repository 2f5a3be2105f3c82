/*
 * test_engine_flow.c: the flow (src/engine/flow.c). Units pass stations in
 * route order, a machine whose next station has no room keeps its unit
 * and is blocked (blocking after service), and blocking unwinds as room
 * appears. Deterministic times: the shares are exact.
 */
#include "engine_fixture.h"

/* a (5 s) feeds b (10 s) with no buffer between; a saturated source: a is
 * blocked half the time, b never starves, one unit leaves every 10 s. */
static const char *const BLOCKING =
    "name: blocking\n"
    "time_unit: s\n"
    "products: [{name: p}]\n"
    "release: {interarrival: 0 s}\n"
    "stations:\n"
    "  a: {process: 5 s}\n"
    "  b: {process: 10 s}\n"
    "buffers:\n"
    "  into_a: {to: a, capacity: 0}\n"
    "  into_b: {from: a, to: b, capacity: 0}\n"
    "routes: {p: [a, b]}\n";

static void blocking_after_service(void **state)
{
    (void)state;
    az_model *m = fx_load(BLOCKING);
    az_sim *s;
    fx_results(m, 1000, 100, &s); /* 90 cycles of b after the warm-up */
    FX_NEAR(FX_ST(s, 0, AZ_M_UTIL), 0.5);
    FX_NEAR(FX_ST(s, 0, AZ_M_BLOCKED), 0.5);
    FX_NEAR(FX_ST(s, 1, AZ_M_UTIL), 1.0);
    FX_NEAR(FX_ST(s, 1, AZ_M_IDLE), 0.0);
    /* b finishes at 10, 20, ..., 1000: 90 in (100, 1000] */
    assert_true(FX_SYS(s, AZ_M_COMPLETED) == 90);
    FX_NEAR(FX_SYS(s, AZ_M_THROUGHPUT), 0.1);
    /* released = completed + inside: a unit on each machine */
    az_flow f = az_sim_flow(s);
    assert_true(f.released == f.completed + f.scrapped + f.consumed + f.wip);
    assert_true(f.wip == 2);
    az_sim_free(s);
    az_model_free(m);
}

/* A paced line: one unit every 10 s through 4 s and 7 s: no blocking, no
 * queue; utilisation is process / interarrival. */
static void paced_line(void **state)
{
    (void)state;
    az_model *m = fx_load("name: paced\n"
                          "time_unit: s\n"
                          "products: [{name: p}]\n"
                          "release: {interarrival: 10 s}\n"
                          "stations: {a: {process: 4 s}, b: {process: 7 s}}\n"
                          "routes: {p: [a, b]}\n");
    az_sim *s;
    fx_results(m, 2000, 1000, &s);
    FX_NEAR(FX_ST(s, 0, AZ_M_UTIL), 0.4);
    FX_NEAR(FX_ST(s, 1, AZ_M_UTIL), 0.7);
    FX_NEAR(FX_ST(s, 0, AZ_M_BLOCKED), 0.0);
    FX_NEAR(FX_ST(s, 1, AZ_M_QUEUE), 0.0);
    FX_NEAR(FX_ST(s, 1, AZ_M_TIME), 7.0);
    FX_NEAR(FX_SYS(s, AZ_M_LEAD_MEAN), 11.0);
    az_sim_free(s);
    az_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(blocking_after_service),
        cmocka_unit_test(paced_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
