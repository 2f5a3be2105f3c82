/*
 * test_engine_assembly.c: assembly (src/engine/assembly.c). Components go
 * into their store at the assembly station, and each unit started there
 * takes one kit: consumed = quantity x units started, and the store's
 * content follows the arrivals and the kits taken.
 */
#include "engine_fixture.h"

/* Every 10 s a cover, a cover, a board (the first at 10 s); asm joins two
 * covers to each board as it arrives: the store holds 0, 1, 2 covers for
 * 10 s each of every 30 s. */
static void kits(void **state)
{
    (void)state;
    az_model *m = fx_load("name: kits\n"
                          "time_unit: s\n"
                          "products: [{name: board}, {name: cover}]\n"
                          "release: {interarrival: 10 s,"
                          " sequence: [cover, cover, board]}\n"
                          "stations:\n"
                          "  asm: {process: 5 s, assemble: {cover: 2}}\n"
                          "routes: {board: [asm], cover: [asm]}\n");
    az_sim *s;
    fx_results(m, 3000, 0, &s);
    /* 100 boards released and started (the last at 3000), 99 done */
    assert_true(fx_get(s, AZ_SCOPE_PRODUCT, 0, AZ_M_RELEASED) == 100);
    assert_true(fx_get(s, AZ_SCOPE_PRODUCT, 1, AZ_M_CONSUMED) == 200);
    assert_true(FX_SYS(s, AZ_M_COMPLETED) == 99);
    FX_NEAR(fx_get(s, AZ_SCOPE_STORE, 1, AZ_M_STORE_CONTENT), 1.0);
    assert_true(fx_get(s, AZ_SCOPE_STORE, 1, AZ_M_STORE_MAX) == 2);
    /* the store lacks a kit (fewer than 2) two thirds of the time */
    FX_NEAR(fx_get(s, AZ_SCOPE_STORE, 1, AZ_M_STORE_LACKING), 2.0 / 3);
    /* components are not the line's units: the flow balances */
    az_flow f = az_sim_flow(s);
    assert_true(f.released == f.completed + f.scrapped + f.consumed + f.wip);
    az_sim_free(s);
    az_model_free(m);
}

/* Cover, board, cover: each board finds one cover of its two and waits
 * 10 s in the buffer for the second, the machine idle meanwhile. */
static void waits_for_kit(void **state)
{
    (void)state;
    az_model *m = fx_load("name: kit wait\n"
                          "time_unit: s\n"
                          "products: [{name: board}, {name: cover}]\n"
                          "release: {interarrival: 10 s,"
                          " sequence: [cover, board, cover]}\n"
                          "stations:\n"
                          "  asm: {process: 5 s, assemble: {cover: 2}}\n"
                          "routes: {board: [asm], cover: [asm]}\n");
    az_sim *s;
    fx_results(m, 3000, 0, &s);
    FX_NEAR(FX_ST(s, 0, AZ_M_WAIT), 10.0);
    FX_NEAR(FX_ST(s, 0, AZ_M_TIME), 15.0);
    FX_NEAR(FX_ST(s, 0, AZ_M_WAIT_PARTS), 1.0 / 3);
    assert_true(fx_get(s, AZ_SCOPE_PRODUCT, 1, AZ_M_CONSUMED) == 200);
    az_sim_free(s);
    az_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(kits),
        cmocka_unit_test(waits_for_kit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
