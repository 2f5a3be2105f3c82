/*
 * test_lots.c: lots in the release against their arithmetic (issue 16).
 *
 * One machine with constant process time t and a changeover of `setup`
 * whenever the family changes, fed without pause (zero interarrival, a
 * finite buffer). A lot of L units of one product costs L t, plus a setup
 * if its family differs from the lot before:
 *   - lots that always change family (an alternating sequence written
 *     with counts): TH = L / (L t + setup);
 *   - lots drawn by a mix with shares p_f: two successive lots differ with
 *     probability q = 1 - sum p_f^2, so TH = L / (L t + q setup);
 *   - lots of their own size L_f per product: lots are drawn with weights
 *     w_f = (p_f / L_f) / sum (p_g / L_g), so that the units keep the mix's
 *     shares p_f; TH = E[L] / (E[L] t + q_w setup), E[L] = sum w_f L_f,
 *     q_w = 1 - sum w_f^2.
 * The random cases: the exact value inside the 99 % CI over 20
 * replications and a value 5 % off rejected; the deterministic one within
 * a part in a thousand (the horizon cuts a lot).
 * A lot arriving together, 5 units every 100 s on a 10 s machine, has lead
 * times 10, 20, ..., 50: mean 30 exactly.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "validation_fixture.h"

#define REPS 20
#define T 10.0
#define SETUP 30.0

/* The model around a release block and the products' lines. */
static az_summary *run_text(const char *products, const char *release,
                            az_model **out)
{
    char text[2048];
    snprintf(text, sizeof text,
             "name: lots\ntime_unit: s\n"
             "run: {horizon: 30 d, warmup: 1 d, replications: %d, seed: 11}\n"
             "products:\n%s"
             "release:\n%s"
             "stations:\n"
             "  m: {process: {constant: {value: %g s}}, "
             "setup: {other_family: %g s}}\n"
             "buffers: {q: {to: m, capacity: 2}}\n"
             "routes: {default: [m]}\n",
             REPS, products, release, T, SETUP);
    return vx_run(text, "lots.yaml", out);
}

static void test_alternating_lots(void **state)
{
    (void)state;
    az_model *m;
    az_summary *s = run_text("  - {name: a, family: A}\n"
                             "  - {name: b, family: B}\n",
                             "  interarrival: 0 s\n"
                             "  sequence: [{a: 10}, {b: 10}]\n", &m);
    double want = 10 / (10 * T + SETUP);
    double got = az_summary_mean(s, az_summary_metric_index(
                                        s, AZ_SCOPE_SYSTEM, 0,
                                        AZ_M_THROUGHPUT));
    print_message("  alternating: TH theory %.6f sim %.6f per s\n", want,
                  got);
    assert_true(fabs(got - want) < 1e-3 * want);
    assert_false(fabs(got - 1.05 * want) < 1e-3 * want);
    az_summary_free(s);
    az_model_free(m);
}

static void test_lots_by_mix(void **state)
{
    (void)state;
    az_model *m;
    az_summary *s = run_text("  - {name: a, family: A, mix: 0.5}\n"
                             "  - {name: b, family: B, mix: 0.3}\n"
                             "  - {name: c, family: C, mix: 0.2}\n",
                             "  interarrival: 0 s\n"
                             "  lot: 10\n", &m);
    double q = 1 - (0.25 + 0.09 + 0.04);
    vx_inside(s, AZ_SCOPE_SYSTEM, 0, AZ_M_THROUGHPUT,
              10 / (10 * T + q * SETUP), "lots of 10 by mix");
    az_summary_free(s);
    az_model_free(m);
}

static void test_lots_of_their_own_size(void **state)
{
    (void)state;
    az_model *m;
    az_summary *s = run_text("  - {name: a, family: A, mix: 0.5}\n"
                             "  - {name: b, family: B, mix: 0.5, lot: 40}\n",
                             "  interarrival: 0 s\n"
                             "  lot: 10\n", &m);
    double wa = (0.5 / 10) / (0.5 / 10 + 0.5 / 40), wb = 1 - wa;
    double lot = wa * 10 + wb * 40, q = 1 - (wa * wa + wb * wb);
    vx_inside(s, AZ_SCOPE_SYSTEM, 0, AZ_M_THROUGHPUT,
              lot / (lot * T + q * SETUP), "lots of 10 and 40");
    /* The units keep the mix's shares: half each. */
    double a, ha, tot, ht;
    vx_ci99(s, AZ_SCOPE_PRODUCT, 0, AZ_M_THROUGHPUT, &a, &ha);
    vx_ci99(s, AZ_SCOPE_SYSTEM, 0, AZ_M_THROUGHPUT, &tot, &ht);
    print_message("  share of a: %.4f (+/- %.4f), mix 0.5\n", a / tot,
                  ha / tot);
    assert_true(fabs(a / tot - 0.5) <= ha / tot);
    assert_false(fabs(a / tot - 0.8) <= ha / tot); /* the lots' share */
    az_summary_free(s);
    az_model_free(m);
}

static void test_lot_together(void **state)
{
    (void)state;
    static const char text[] =
        "name: together\ntime_unit: s\n"
        "run: {horizon: 10 d, warmup: 1 d, replications: 2, seed: 3}\n"
        "products: [{name: a}]\n"
        "release: {interarrival: {constant: {value: 100 s}}, lot: 5, "
        "lot_arrival: together}\n"
        "stations: {m: {process: {constant: {value: 10 s}}}}\n"
        "routes: {default: [m]}\n";
    az_model *m;
    az_experiment_config cfg;
    az_error err;
    if (az_model_load_string(text, sizeof text - 1, "t.yaml", NULL, &m, &cfg,
                             &err))
        fail_msg("%s", err.msg);
    int together;
    assert_int_equal(az_model_source_lot(m, 0, 0, &together), 5);
    assert_true(together);
    az_summary *s;
    assert_int_equal(az_experiment_run(m, &cfg, &s, &err), AZ_OK);
    double lead = az_summary_mean(s, az_summary_metric_index(
                                         s, AZ_SCOPE_SYSTEM, 0,
                                         AZ_M_LEAD_MEAN));
    double th = az_summary_mean(s, az_summary_metric_index(
                                       s, AZ_SCOPE_SYSTEM, 0,
                                       AZ_M_THROUGHPUT));
    print_message("  together: lead time %.6f (30), TH %.6f (0.05)\n", lead,
                  th);
    assert_true(fabs(lead - 30) < 1e-9);
    assert_true(fabs(th - 0.05) < 1e-4);
    az_summary_free(s);
    az_model_free(m);
}

/* A lot that arrives together releases the lot at each arrival: the run's
 * size check counts it so, and refuses 1,000 units a second for 30 days
 * (2.6e9 units in the line) as it would the same rate without lots. */
static void test_scale_counts_lots(void **state)
{
    (void)state;
    static const char text[] =
        "name: big\ntime_unit: s\n"
        "run: {horizon: 30 d, replications: 1, seed: 1}\n"
        "products: [{name: a}]\n"
        "release: {interarrival: {constant: {value: 1 s}}, lot: 1000, "
        "lot_arrival: together}\n"
        "stations: {m: {process: {constant: {value: 1 s}}}}\n"
        "routes: {default: [m]}\n";
    az_model *m = NULL;
    az_error err;
    /* The loader checks the run's size: refused there, with the figure. */
    assert_int_not_equal(az_model_load_string(text, sizeof text - 1,
                                              "big.yaml", NULL, &m, NULL,
                                              &err), AZ_OK);
    assert_null(m);
    print_message("  %s\n", err.msg);
    assert_non_null(strstr(err.msg, "would hold about 2.59e+09 units"));
}

/* The C API: lot 0 refused, the model unchanged; lots with a sequence
 * refused by the check. */
static void test_api(void **state)
{
    (void)state;
    az_model *m;
    az_dist ia, t;
    uint32_t st, p, src;
    az_error err;
    assert_int_equal(az_model_create("api", &m, NULL), AZ_OK);
    assert_int_equal(az_dist_exponential(&ia, 10, NULL), AZ_OK);
    assert_int_equal(az_dist_constant(&t, 5, NULL), AZ_OK);
    assert_int_equal(az_model_add_station(m, "m", 1, &t, &st, NULL), AZ_OK);
    assert_int_equal(az_model_add_product(m, "a", &p, NULL), AZ_OK);
    assert_int_equal(az_model_add_step(m, p, st, NULL, NULL), AZ_OK);
    assert_int_equal(az_model_add_source(m, "in", &ia, &src, NULL), AZ_OK);
    assert_int_equal(az_model_source_add_product(m, src, p, 1, NULL), AZ_OK);
    assert_int_equal(az_model_set_lot(m, src, 0, 0, &err), AZ_EINVAL);
    assert_int_equal(az_model_source_lot(m, src, p, NULL), 0);
    assert_int_equal(az_model_set_lot(m, src, 8, 0, &err), AZ_OK);
    assert_int_equal(az_model_set_product_lot(m, src, p, 0, &err), AZ_EINVAL);
    assert_int_equal(az_model_set_product_lot(m, src, p, 3, &err), AZ_OK);
    assert_int_equal(az_model_source_lot(m, src, p, NULL), 3);
    assert_int_equal(az_model_check(m, &err), AZ_OK);
    assert_int_equal(az_model_set_sequence(m, src, &p, 1, &err), AZ_OK);
    assert_int_equal(az_model_check(m, &err), AZ_EBADMODEL);
    assert_non_null(strstr(err.msg, "lots go with a mix"));
    az_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_alternating_lots),
        cmocka_unit_test(test_lots_by_mix),
        cmocka_unit_test(test_lots_of_their_own_size),
        cmocka_unit_test(test_lot_together),
        cmocka_unit_test(test_scale_counts_lots),
        cmocka_unit_test(test_api),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
