/*
 * test_engine_metrics.c: the metric layout and collection
 * (src/engine/metrics.c). The layout has a fixed number of entries per
 * scope, sorted by (scope, object) so that every entry is found by its
 * (scope, object, kind); the machine-state shares of a station add to 1.
 */
#include "engine_fixture.h"

static const char *const MODEL =
    "name: layout\n"
    "time_unit: s\n"
    "products: [{name: board}, {name: cover}, {name: screw}]\n"
    "release: {interarrival: 10 s,"
    " sequence: [cover, screw, screw, screw, screw, board]}\n"
    "operators: {op: {size: 1}, tech: {size: 2}}\n"
    "stations:\n"
    "  a: {process: 2 s, operator: op}\n"
    "  b: {process: 3 s, assemble: {cover: 1, screw: 4}}\n"
    "  c: {process: 1 s}\n"
    "routes: {board: [a, b, c], cover: [b], screw: [b]}\n";

/* Per scope: 17 system, 9 per product, 24 per station, 1 per pool, 6 per
 * store. */
static void layout(void **state)
{
    (void)state;
    az_model *m = fx_load(MODEL);
    az_sim *s;
    az_error err;
    assert_int_equal(az_sim_create(m, &s, &err), AZ_OK);
    size_t n = az_sim_metric_count(s);
    assert_int_equal(n, 17 + 3 * 9 + 3 * 24 + 2 + 2 * 6);
    for (size_t i = 0; i < n; i++) {
        az_metric k = az_sim_metric(s, i);
        assert_int_equal(az_sim_metric_index(s, k.scope, k.object, k.kind),
                         i);
        if (i > 0) { /* sorted by (scope, object) */
            az_metric p = az_sim_metric(s, i - 1);
            assert_true(p.scope < k.scope ||
                        (p.scope == k.scope && p.object <= k.object));
        }
    }
    /* the stores are the components': cover (1) and screw (2) */
    assert_true(az_sim_metric_index(s, AZ_SCOPE_STORE, 1,
                                    AZ_M_STORE_CONTENT) != (size_t)-1);
    assert_true(az_sim_metric_index(s, AZ_SCOPE_STORE, 0,
                                    AZ_M_STORE_CONTENT) == (size_t)-1);
    assert_true(az_sim_metric_index(s, AZ_SCOPE_STATION, 3, AZ_M_UTIL) ==
                (size_t)-1);
    assert_true(az_sim_metric_index(s, AZ_SCOPE_POOL, 1, AZ_M_QUEUE) ==
                (size_t)-1);
    assert_string_equal(az_metric_kind_name(AZ_M_UTIL), "utilisation");
    assert_string_equal(az_metric_kind_name(AZ_M_WAIT_PARTS),
                        "waiting_components");
    az_sim_free(s);
    az_model_free(m);
}

/* After a run: each station's machine-state shares add to 1, and a
 * deterministic station's share of work is exact. */
static void shares(void **state)
{
    (void)state;
    az_model *m = fx_load(MODEL);
    az_sim *s;
    fx_results(m, 3000, 300, &s);
    static const az_metric_kind kinds[] = {
        AZ_M_UTIL, AZ_M_SETUP, AZ_M_BLOCKED, AZ_M_DOWN, AZ_M_MAINT,
        AZ_M_WAIT_OP, AZ_M_OFF, AZ_M_IDLE};
    for (uint32_t x = 0; x < 3; x++) {
        double sum = 0;
        for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
            sum += FX_ST(s, x, kinds[k]);
        FX_NEAR(sum, 1.0);
    }
    /* one board in six arrivals, every 60 s; a works 2 s of each, with
     * its operator; b joins the board's kit as it arrives */
    FX_NEAR(FX_ST(s, 0, AZ_M_UTIL), 2.0 / 60);
    FX_NEAR(fx_get(s, AZ_SCOPE_POOL, 0, AZ_M_UTIL), 2.0 / 60);
    FX_NEAR(FX_ST(s, 1, AZ_M_UTIL), 3.0 / 60);
    az_sim_free(s);
    az_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(layout),
        cmocka_unit_test(shares),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
