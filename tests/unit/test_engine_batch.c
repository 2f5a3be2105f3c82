/*
 * test_engine_batch.c: batch machines (src/engine/batch.c). A saturated
 * oven runs full batches back to back: throughput batch size / cycle; a
 * part batch starts once its oldest unit has waited max_wait.
 */
#include "engine_fixture.h"

static void full_batches(void **state)
{
    (void)state;
    az_model *m = fx_load("name: oven\n"
                          "time_unit: s\n"
                          "products: [{name: p}]\n"
                          "release: {interarrival: 0 s}\n"
                          "stations:\n"
                          "  oven: {process: 100 s, batch: {max: 4}}\n"
                          "buffers: {into_oven: {to: oven, capacity: 10}}\n"
                          "routes: {default: [oven]}\n");
    az_sim *s;
    fx_results(m, 10000, 1000, &s);
    /* The first unit goes alone at 0 (min 1, no max_wait); from 100 on
     * batches are full, and end at 200, 300, ..., 10000. The window
     * [1000, 10000] counts both ends (WARMUP goes before anything at its
     * time, END after): 91 batches of 4. */
    assert_true(FX_SYS(s, AZ_M_COMPLETED) == 4 * 91);
    FX_NEAR(FX_SYS(s, AZ_M_THROUGHPUT), 4.0 * 91 / 9000);
    FX_NEAR(FX_ST(s, 0, AZ_M_UTIL), 1.0);
    /* The oven's own content is its batch of 4 all the time; the buffer
     * (10, saturated) holds the rest: 14 units at the station. */
    FX_NEAR(FX_ST(s, 0, AZ_M_IN_PROCESS), 4.0);
    FX_NEAR(FX_ST(s, 0, AZ_M_QUEUE), 10.0);
    FX_NEAR(FX_ST(s, 0, AZ_M_NUMBER), 14.0);
    az_sim_free(s);
    az_model_free(m);
}

/* One unit every 30 s into an oven of up to 10 that waits at most 60 s:
 * each batch goes when its oldest unit has waited 60 s. The unit arriving
 * at that instant comes after the batch (its event was pushed later), so
 * a batch holds two units, which waited 60 and 30 s. */
static void max_wait(void **state)
{
    (void)state;
    az_model *m = fx_load("name: oven wait\n"
                          "time_unit: s\n"
                          "products: [{name: p}]\n"
                          "release: {interarrival: 30 s}\n"
                          "stations:\n"
                          "  oven: {process: 10 s,"
                          " batch: {max: 10, min: 1, max_wait: 60 s}}\n"
                          "routes: {default: [oven]}\n");
    az_sim *s;
    fx_results(m, 9000, 0, &s);
    FX_NEAR(FX_ST(s, 0, AZ_M_WAIT), 45.0);
    FX_NEAR(FX_ST(s, 0, AZ_M_TIME), 55.0);
    /* batches go at 60, 120, ..., 8940 (the last ends at 8950) */
    assert_true(FX_SYS(s, AZ_M_COMPLETED) == 2 * 149);
    az_sim_free(s);
    az_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(full_batches),
        cmocka_unit_test(max_wait),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
