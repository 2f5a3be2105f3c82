/*
 * test_engine_failure.c: failures and repairs (src/engine/failure.c). A
 * deterministic machine failing MTTF after its last repair and repaired in
 * MTTR is down MTTR / (MTTF + MTTR) of the time, and works the rest when
 * never starved; on the operating clock only working time counts.
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(availability),
        cmocka_unit_test(operating_clock),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
