/*
 * test_engine_source.c: sources (src/engine/source.c). A release sequence
 * is followed exactly; a WIP cap holds the line's content at the cap; a
 * source blocked by a full first station waits and resumes (no unit is
 * lost or made up).
 */
#include "engine_fixture.h"

/* A, B, B every 10 s: the first arrival comes at 10 (one interarrival
 * after 0), so 300 arrivals up to 3000, a third of them A. */
static void sequence(void **state)
{
    (void)state;
    az_model *m = fx_load("name: seq\n"
                          "time_unit: s\n"
                          "products: [{name: A}, {name: B}]\n"
                          "release: {interarrival: 10 s, sequence: [A, B, B]}\n"
                          "stations: {m: {process: 1 s}}\n"
                          "routes: {default: [m]}\n");
    az_sim *s;
    fx_results(m, 3000, 0, &s);
    assert_true(fx_get(s, AZ_SCOPE_PRODUCT, 0, AZ_M_RELEASED) == 100);
    assert_true(fx_get(s, AZ_SCOPE_PRODUCT, 1, AZ_M_RELEASED) == 200);
    assert_true(FX_SYS(s, AZ_M_RELEASED) == 300);
    az_sim_free(s);
    az_model_free(m);
}

/* A saturated release capped at 3 units in the line, one machine of 10 s:
 * the line always holds exactly 3, and one leaves every 10 s. */
static void wip_cap(void **state)
{
    (void)state;
    az_model *m = fx_load("name: conwip\n"
                          "time_unit: s\n"
                          "products: [{name: p}]\n"
                          "release: {interarrival: 0 s, wip_cap: 3}\n"
                          "stations: {m: {process: 10 s}}\n"
                          "routes: {default: [m]}\n");
    az_sim *s;
    fx_results(m, 1000, 100, &s);
    FX_NEAR(FX_SYS(s, AZ_M_WIP), 3.0);
    FX_NEAR(FX_ST(s, 0, AZ_M_QUEUE), 2.0);
    /* Little: lead time = WIP / throughput = 3 / 0.1 */
    FX_NEAR(FX_SYS(s, AZ_M_LEAD_MEAN), 30.0);
    az_sim_free(s);
    az_model_free(m);
}

/* A source faster than its first station, whose buffer holds 2: it waits
 * for room, so released = completed + inside, and the release rate is the
 * station's. */
static void blocked_source_waits(void **state)
{
    (void)state;
    az_model *m = fx_load("name: blocked source\n"
                          "time_unit: s\n"
                          "products: [{name: p}]\n"
                          "release: {interarrival: 1 s}\n"
                          "stations: {m: {process: 10 s}}\n"
                          "buffers: {into_m: {to: m, capacity: 2}}\n"
                          "routes: {default: [m]}\n");
    az_sim *s;
    fx_results(m, 1000, 0, &s);
    az_flow f = az_sim_flow(s);
    assert_true(f.released == f.completed + f.wip);
    assert_true(f.wip == 3); /* one on the machine, two in the buffer */
    /* the machine is never starved after the first arrival at 1 s */
    FX_NEAR(FX_ST(s, 0, AZ_M_UTIL), 999.0 / 1000);
    az_sim_free(s);
    az_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sequence),
        cmocka_unit_test(wip_cap),
        cmocka_unit_test(blocked_source_waits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
