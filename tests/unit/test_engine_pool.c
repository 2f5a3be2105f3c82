/*
 * test_engine_pool.c: operator pools (src/engine/pool.c). Two machines
 * that each need a person, with one person between them, work one at a
 * time: the station's throughput is one machine's, and the person is busy
 * all the time; with two people it doubles.
 */
#include "engine_fixture.h"

static az_sim *run_with(uint32_t people, az_model **m)
{
    char text[1024];
    snprintf(text, sizeof text,
             "name: pool\n"
             "time_unit: s\n"
             "products: [{name: p}]\n"
             "release: {interarrival: 0 s}\n"
             "operators: {op: {size: %u}}\n"
             "stations:\n"
             "  m: {machines: 2, process: 10 s, operator: op}\n"
             "buffers: {into_m: {to: m, capacity: 2}}\n"
             "routes: {default: [m]}\n",
             (unsigned)people);
    *m = fx_load(text);
    az_sim *s;
    fx_results(*m, 10000, 1000, &s);
    return s;
}

static void one_person_caps(void **state)
{
    (void)state;
    az_model *m;
    az_sim *s = run_with(1, &m);
    /* ends at 1000, 1010, ..., 10000 */
    assert_true(FX_SYS(s, AZ_M_COMPLETED) == 901);
    FX_NEAR(fx_get(s, AZ_SCOPE_POOL, 0, AZ_M_UTIL), 1.0);
    /* one machine works while the other waits for the person */
    FX_NEAR(FX_ST(s, 0, AZ_M_UTIL), 0.5);
    FX_NEAR(FX_ST(s, 0, AZ_M_WAIT_OP), 0.5);
    az_sim_free(s);
    az_model_free(m);
}

static void two_people_double(void **state)
{
    (void)state;
    az_model *m;
    az_sim *s = run_with(2, &m);
    assert_true(FX_SYS(s, AZ_M_COMPLETED) == 2 * 901);
    FX_NEAR(FX_ST(s, 0, AZ_M_UTIL), 1.0);
    FX_NEAR(FX_ST(s, 0, AZ_M_WAIT_OP), 0.0);
    az_sim_free(s);
    az_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(one_person_caps),
        cmocka_unit_test(two_people_double),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
