/*
 * test_engine_failure.c: failures and repairs (src/engine/failure.c). A
 * deterministic machine failing MTTF after its last repair and repaired in
 * MTTR is down MTTR / (MTTF + MTTR) of the time, and works the rest when
 * never starved; on the operating clock only working time counts, on the
 * processing clock only processing (not setups).
 */
#include "engine_fixture.h"

static az_model *machine(const char *extra)
{
    char text[1024];
    snprintf(text, sizeof text,
             "name: failures\n"
             "time_unit: s\n"
             "products: [{name: p}]\n"
             "release: {interarrival: 0 s}\n"
             "stations:\n"
             "  m:\n"
             "    process: 1 s\n"
             "    failures: {between: 90 s, repair: 10 s%s}\n"
             "buffers: {into_m: {to: m, capacity: 1}}\n"
             "routes: {default: [m]}\n",
             extra);
    return fx_load(text);
}

/* Calendar clock: down at 90, up at 100, down at 190, ...: 10 % down over
 * whole cycles, and the machine works whenever it is up. */
static void availability(void **state)
{
    (void)state;
    az_model *m = machine(", clock: calendar");
    az_sim *s;
    fx_results(m, 10000, 0, &s);
    FX_NEAR(FX_ST(s, 0, AZ_M_DOWN), 10.0 / 100);
    FX_NEAR(FX_ST(s, 0, AZ_M_UTIL), 90.0 / 100);
    FX_NEAR(FX_ST(s, 0, AZ_M_AVAILABILITY), 0.9);
    /* 1 s a unit while up: 9,000 units, give or take the one a failure
     * and a completion at the same instant decide */
    double done = FX_SYS(s, AZ_M_COMPLETED);
    assert_true(done >= 8999 && done <= 9000);
    az_sim_free(s);
    az_model_free(m);
}

/* A machine that works 1 s in the whole run: on the calendar clock it
 * still fails every 100 s, on the operating clock never (its time to
 * failure runs only while it works). */
static void operating_clock(void **state)
{
    (void)state;
    static const char *const text =
        "name: opclock\n"
        "time_unit: s\n"
        "products: [{name: p}]\n"
        "release: {interarrival: 100000 s}\n"
        "stations:\n"
        "  m:\n"
        "    process: 1 s\n"
        "    failures: {between: 90 s, repair: 10 s, clock: %s}\n"
        "routes: {default: [m]}\n";
    char buf[512];
    snprintf(buf, sizeof buf, text, "operating");
    az_model *m = fx_load(buf);
    az_sim *s;
    fx_results(m, 10000, 0, &s);
    assert_true(FX_ST(s, 0, AZ_M_DOWN) == 0);
    az_sim_free(s);
    az_model_free(m);
    snprintf(buf, sizeof buf, text, "calendar");
    m = fx_load(buf);
    fx_results(m, 10000, 0, &s);
    FX_NEAR(FX_ST(s, 0, AZ_M_DOWN), 0.1);
    az_sim_free(s);
    az_model_free(m);
}

/* Setups do not wear a processing-clock part. A saturated machine
 * alternates families (10 s setup, 10 s process a unit) and fails after
 * 100 s on its clock, repaired in 50 s. On the processing clock a failure
 * comes every 10 units: 10 x 20 + 50 = 250 s for 10 units, 0.04 a second;
 * on the operating clock setups count too, every 5 units: 150 s for 5,
 * 1/30 a second. */
static void processing_clock(void **state)
{
    (void)state;
    static const char *const text =
        "name: pclock\n"
        "time_unit: s\n"
        "products: [{name: a, family: A}, {name: b, family: B}]\n"
        "release: {interarrival: 0 s, sequence: [a, b]}\n"
        "stations:\n"
        "  m:\n"
        "    process: 10 s\n"
        "    setup: {other_family: 10 s}\n"
        "    failures: {between: 100 s, repair: 50 s, clock: %s}\n"
        "buffers: {into_m: {to: m, capacity: 1}}\n"
        "routes: {default: [m]}\n";
    static const struct {
        const char *clock;
        double th, down;
    } cases[] = {{"processing", 10.0 / 250, 50.0 / 250},
                 {"operating", 5.0 / 150, 50.0 / 150}};
    for (int k = 0; k < 2; k++) {
        char buf[512];
        snprintf(buf, sizeof buf, text, cases[k].clock);
        az_model *m = fx_load(buf);
        az_sim *s;
        fx_results(m, 1e6, 0, &s);
        double th = FX_SYS(s, AZ_M_THROUGHPUT);
        print_message("  %s clock: %.6f units/s (%.6f), down %.4f (%.4f)\n",
                      cases[k].clock, th, cases[k].th,
                      FX_ST(s, 0, AZ_M_DOWN), cases[k].down);
        assert_true(fabs(th - cases[k].th) < 1e-3 * cases[k].th);
        assert_true(fabs(FX_ST(s, 0, AZ_M_DOWN) - cases[k].down) < 1e-3);
        az_sim_free(s);
        az_model_free(m);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(availability),
        cmocka_unit_test(operating_clock),
        cmocka_unit_test(processing_clock),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
