/*
 * test_engine_carton.c: packaging (src/engine/carton.c). Units finishing
 * at a packing station wait in their product's open carton; a full carton
 * leaves with all its units: completed = carton size x cartons.
 */
#include "engine_fixture.h"

static void cartons(void **state)
{
    (void)state;
    az_model *m = fx_load("name: pack\n"
                          "time_unit: s\n"
                          "products: [{name: p}]\n"
                          "release: {interarrival: 10 s}\n"
                          "stations: {pack: {process: 1 s, carton: 10}}\n"
                          "routes: {default: [pack]}\n");
    az_sim *s;
    /* arrivals at 10, 20, ..., 990 (the first comes one interarrival
     * after 0), each packed 1 s later: 99 units, 9 full cartons, 9 units
     * in the open carton at the end, inside the line */
    fx_results(m, 995, 0, &s);
    assert_true(FX_SYS(s, AZ_M_CARTONS) == 9);
    assert_true(FX_SYS(s, AZ_M_COMPLETED) == 90);
    assert_true(az_sim_flow(s).wip == 9);
    /* a carton's units all leave when its tenth is packed: the first
     * waits 90 s, the last none; lead times 1 + 90, ..., 1 + 0 */
    FX_NEAR(FX_SYS(s, AZ_M_LEAD_MEAN), 1 + 45.0);
    az_sim_free(s);
    az_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(cartons),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
