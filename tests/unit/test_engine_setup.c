/*
 * test_engine_setup.c: changeovers (src/engine/setup.c). A machine changes
 * over when the product changes, for the time its family change says, and
 * never for a unit of the product it last ran: on a deterministic line the
 * setup share is setup time x changes / time.
 */
#include "engine_fixture.h"

/* One station, 5 s a unit, a unit every 20 s in the order of %s; a
 * changeover of 3 s within a family, 7 s across families. */
static az_model *line(const char *sequence)
{
    char text[1024];
    snprintf(text, sizeof text,
             "name: setups\n"
             "time_unit: s\n"
             "products:\n"
             "  - {name: A, family: f}\n"
             "  - {name: B, family: f}\n"
             "  - {name: C, family: g}\n"
             "release: {interarrival: 20 s, sequence: %s}\n"
             "stations:\n"
             "  m:\n"
             "    process: 5 s\n"
             "    setup: {same_family: 3 s, other_family: 7 s}\n"
             "routes: {default: [m]}\n",
             sequence);
    return fx_load(text);
}

/* A, B alternate: a same-family changeover before every unit. */
static void every_unit_changes(void **state)
{
    (void)state;
    az_model *m = line("[A, B]");
    az_sim *s;
    fx_results(m, 2100, 100, &s); /* 100 units in the window */
    FX_NEAR(FX_ST(s, 0, AZ_M_SETUP), 3.0 / 20);
    FX_NEAR(FX_ST(s, 0, AZ_M_UTIL), 5.0 / 20);
    az_sim_free(s);
    az_model_free(m);
}

/* A, A, C, C: one changeover per change of product, across families,
 * every 40 s; none between the two units of a product. */
static void once_per_change(void **state)
{
    (void)state;
    az_model *m = line("[A, A, C, C]");
    az_sim *s;
    fx_results(m, 4100, 100, &s);
    FX_NEAR(FX_ST(s, 0, AZ_M_SETUP), 7.0 / 40);
    FX_NEAR(FX_ST(s, 0, AZ_M_UTIL), 5.0 / 20);
    /* the unit's time in the station includes its changeover */
    FX_NEAR(FX_ST(s, 0, AZ_M_TIME), (5 + 5 + 7) / 2.0);
    az_sim_free(s);
    az_model_free(m);
}

/* One product: no changeover at all (the first unit needs none). */
static void one_product_never(void **state)
{
    (void)state;
    az_model *m = line("[A]");
    az_sim *s;
    fx_results(m, 2000, 0, &s);
    assert_true(FX_ST(s, 0, AZ_M_SETUP) == 0);
    az_sim_free(s);
    az_model_free(m);
}

/* A first-part setup: each machine's first unit of a run needs 30 s,
 * then none for its own product. Two machines of 10 s a unit, saturated,
 * over 1,000 s: each sets up once (30 s) and makes 97 units. Without it
 * no setup at all and 100 units each. */
static void first_part(void **state)
{
    (void)state;
    static const char *const text =
        "name: first\n"
        "time_unit: s\n"
        "products: [{name: A}]\n"
        "release: {interarrival: 0 s}\n"
        "stations:\n"
        "  m:\n"
        "    machines: 2\n"
        "    process: 10 s\n"
        "    setup: {%s}\n"
        "buffers: {into_m: {to: m, capacity: 1}}\n"
        "routes: {default: [m]}\n";
    char buf[512];
    snprintf(buf, sizeof buf, text, "first: 30 s");
    az_model *m = fx_load(buf);
    az_sim *s;
    fx_results(m, 1000, 0, &s);
    FX_NEAR(FX_ST(s, 0, AZ_M_SETUP), 30.0 / 1000);
    FX_NEAR(FX_SYS(s, AZ_M_COMPLETED), 2 * 97);
    az_sim_free(s);
    az_model_free(m);
    /* A same-family time alone changes nothing for one product. */
    snprintf(buf, sizeof buf, text, "same_family: 30 s");
    m = fx_load(buf);
    fx_results(m, 1000, 0, &s);
    assert_true(FX_ST(s, 0, AZ_M_SETUP) == 0);
    FX_NEAR(FX_SYS(s, AZ_M_COMPLETED), 2 * 100);
    az_sim_free(s);
    az_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(first_part),
        cmocka_unit_test(every_unit_changes),
        cmocka_unit_test(once_per_change),
        cmocka_unit_test(one_product_never),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
