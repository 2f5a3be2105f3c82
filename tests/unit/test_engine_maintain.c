/*
 * test_engine_maintain.c: planned maintenance (src/engine/maintain.c) and
 * wear failures (failure.c, the cycle clock), with deterministic times so
 * that each expected share is exact arithmetic: the three clocks, finish
 * unit, the rules with failures (a failure due in maintenance strikes at
 * its end; maintenance due in a failure follows the repair), off shift,
 * technicians, batches, and az_model_set_maintenance's refusals.
 */
#include "engine_fixture.h"

#include "azalea/model.h"

/* A saturated machine m (process `proc`) with the station keys `extra`. */
static az_model *machine(const char *proc, const char *extra)
{
    char text[1024];
    snprintf(text, sizeof text,
             "name: maintenance\n"
             "time_unit: s\n"
             "products: [{name: p}]\n"
             "release: {interarrival: 0 s}\n"
             "operators: {techs: {size: 1}}\n"
             "stations:\n"
             "  m:\n"
             "    process: %s\n"
             "%s"
             "buffers: {into_m: {to: m, capacity: 1}}\n"
             "routes: {default: [m]}\n",
             proc, extra);
    return fx_load(text);
}

/* Runs m over [0, horizon] and checks m's shares of working, failed and
 * maintenance, and the units done. */
static void expect(az_model *m, double horizon, double work, double failed,
                   double maint, double done)
{
    az_sim *s;
    fx_results(m, horizon, 0, &s);
    FX_NEAR(FX_ST(s, 0, AZ_M_UTIL), work);
    FX_NEAR(FX_ST(s, 0, AZ_M_DOWN), failed);
    FX_NEAR(FX_ST(s, 0, AZ_M_MAINT), maint);
    if (done >= 0)
        FX_NEAR(FX_SYS(s, AZ_M_COMPLETED), done);
    az_sim_free(s);
    az_model_free(m);
}

/* Every 90 s of operating time, 10 s: works 90 of every 100 s, and the
 * unit interrupted at 90 resumes after. */
static void operating_clock(void **state)
{
    (void)state;
    expect(machine("1 s", "    maintenance: {every: 90 s, duration: 10 s}\n"),
           10000, 0.9, 0, 0.1, 9000);
}

/* Every 9 cycles of 1 s, 1 s of maintenance: 9 units per 10 s. */
static void cycle_clock(void **state)
{
    (void)state;
    expect(machine("1 s", "    maintenance: {every: 9, clock: cycles, "
                          "duration: 1 s}\n"),
           1000, 0.9, 0, 0.1, 900);
}

/* finish_unit: due at 25 s of operating time in the third 10 s unit, the
 * machine finishes it first: maintenance at 30, 65 and 100; without it, at
 * 25, 55 and 85, the unit resumed after. */
static void finish_unit(void **state)
{
    (void)state;
    expect(machine("10 s", "    maintenance: {every: 25 s, duration: 5 s, "
                           "finish_unit: true}\n"),
           100, 0.9, 0, 0.1, 9);
    expect(machine("10 s", "    maintenance: {every: 25 s, duration: 5 s}\n"),
           100, 0.85, 0, 0.15, 8);
}

/* Calendar clocks for both. Maintenance [50, 70); the failure due at 60
 * strikes at 70, repaired by 75; maintenance due at 120 (50 s after the
 * last ended), [120, 140); the failure due at 135 (60 s after the repair)
 * strikes at 140; maintenance from 190 on: 50 s of 200 in maintenance,
 * 10 failed. 140 s of work, but the unit due at 190 s is stopped with no
 * time left (maintenance falls due first: it was pushed earlier) and
 * finishes after the horizon. */
static void failure_in_maintenance(void **state)
{
    (void)state;
    expect(machine("1 s", "    maintenance: {every: 50 s, clock: calendar, "
                          "duration: 20 s}\n"
                          "    failures: {between: 60 s, repair: 5 s, "
                          "clock: calendar}\n"),
           200, 0.7, 0.05, 0.25, 139);
}

/* Failed [50, 70); maintenance due at 55 follows the repair, [70, 80);
 * failed [120, 140), maintenance due at 135, [140, 150); failed from 190:
 * 50 s failed, 20 s in maintenance; 130 s of work, the unit due at 190 s
 * stopped by the failure with no time left. */
static void maintenance_after_repair(void **state)
{
    (void)state;
    expect(machine("1 s", "    maintenance: {every: 55 s, clock: calendar, "
                          "duration: 10 s}\n"
                          "    failures: {between: 50 s, repair: 20 s, "
                          "clock: calendar}\n"),
           200, 0.65, 0.25, 0.1, 129);
}

/* Wear: every 9 cycles of 1 s the machine fails for 1 s. A draw is
 * rounded up (8.2: 9 cycles), and is at least 1 cycle (a draw in [0, 0.5]:
 * a failure after every unit). */
static void wear_failures(void **state)
{
    (void)state;
    expect(machine("1 s", "    failures: {between: 9, repair: 1 s, "
                          "clock: cycles}\n"),
           1000, 0.9, 0.1, 0, 900);
    expect(machine("1 s", "    failures: {between: {constant: {value: 8.2}}, "
                          "repair: 1 s, clock: cycles}\n"),
           1000, 0.9, 0.1, 0, 900);
    expect(machine("1 s", "    failures: {between: {uniform: {min: 0, "
                          "max: 0.5}}, repair: 1 s, clock: cycles}\n"),
           1000, 0.5, 0.5, 0, 500);
}

/* Maintenance every 9 cycles and a failure every 18: the failure comes
 * at the end of cycle 18, with maintenance due; the maintenance follows
 * the repair. 18 units, 2 maintenances and a repair of 1 s: 21 s. */
static void wear_and_maintenance(void **state)
{
    (void)state;
    expect(machine("1 s", "    maintenance: {every: 9, clock: cycles, "
                          "duration: 1 s}\n"
                          "    failures: {between: 18, repair: 1 s, "
                          "clock: cycles}\n"),
           2100, 18.0 / 21, 1.0 / 21, 2.0 / 21, 1800);
}

/* One technician, two machines due at 100 s (calendar): the second waits
 * for the first's 10 s, in maintenance; from then on they no longer meet.
 * Over 1000 s: the first is maintained at 100, 210, ..., 980 (90 s), the
 * second in [100, 120) and at 220, ..., 990 (100 s); the technician works
 * 180 s. */
static void technician(void **state)
{
    (void)state;
    az_model *m = fx_load("name: techs\n"
                          "time_unit: s\n"
                          "products: [{name: p}]\n"
                          "release: {interarrival: 0 s}\n"
                          "operators: {techs: {size: 1}}\n"
                          "stations:\n"
                          "  m:\n"
                          "    machines: 2\n"
                          "    process: 1 s\n"
                          "    maintenance: {every: 100 s, clock: calendar, "
                          "duration: 10 s, operator: techs}\n"
                          "buffers: {into_m: {to: m, capacity: 1}}\n"
                          "routes: {default: [m]}\n");
    az_sim *s;
    fx_results(m, 1000, 0, &s);
    FX_NEAR(FX_ST(s, 0, AZ_M_MAINT), 190.0 / 2000);
    FX_NEAR(fx_get(s, AZ_SCOPE_POOL, 0, AZ_M_UTIL), 0.18);
    FX_NEAR(FX_ST(s, 0, AZ_M_WAIT_OP), 0);
    az_sim_free(s);
    az_model_free(m);
}

/* In hours, a shift 06:00-14:00 daily; maintenance every 10 h (calendar)
 * for 1 h: at 10 and 32 on shift, at 21 and 43 off shift, where the
 * machine goes back to OFF_SHIFT. Over 48 h: 16 h on shift less 2 h of
 * maintenance worked, 4 h maintained, 30 h off shift. */
static void off_shift(void **state)
{
    (void)state;
    az_model *m = fx_load("name: shifts\n"
                          "time_unit: h\n"
                          "products: [{name: p}]\n"
                          "release: {interarrival: 0 h}\n"
                          "stations:\n"
                          "  m:\n"
                          "    process: 30 min\n"
                          "    maintenance: {every: 10 h, clock: calendar, "
                          "duration: 1 h}\n"
                          "buffers: {into_m: {to: m, capacity: 1}}\n"
                          "routes: {default: [m]}\n"
                          "shifts:\n"
                          "  pattern: [{start: \"06:00\", end: \"14:00\"}]\n"
                          "  off_shift: finish\n");
    az_sim *s;
    fx_results(m, 48, 0, &s);
    FX_NEAR(FX_ST(s, 0, AZ_M_UTIL), 14.0 / 48);
    FX_NEAR(FX_ST(s, 0, AZ_M_MAINT), 4.0 / 48);
    FX_NEAR(FX_ST(s, 0, AZ_M_OFF), 30.0 / 48);
    FX_NEAR(FX_SYS(s, AZ_M_COMPLETED), 28);
    az_sim_free(s);
    az_model_free(m);
}

/* The operating clock stands still while the machine is blocked: a 1 s
 * machine feeding a 3 s one works a third of the time, and is maintained
 * (10 s after every 20 s of work) accordingly, not after every 20 s. */
static void blocked_is_not_operating(void **state)
{
    (void)state;
    az_model *m = fx_load("name: blocked\n"
                          "time_unit: s\n"
                          "products: [{name: p}]\n"
                          "release: {interarrival: 0 s}\n"
                          "stations:\n"
                          "  a:\n"
                          "    process: 1 s\n"
                          "    maintenance: {every: 20 s, duration: 10 s}\n"
                          "  b: {process: 3 s}\n"
                          "buffers:\n"
                          "  into_a: {to: a, capacity: 1}\n"
                          "  into_b: {to: b, capacity: 0}\n"
                          "routes: {default: [a, b]}\n");
    az_sim *s;
    double horizon = 100000;
    fx_results(m, horizon, 0, &s);
    double work = FX_ST(s, 0, AZ_M_UTIL), maint = FX_ST(s, 0, AZ_M_MAINT);
    print_message("  a: working %.6f, blocked %.6f, maintenance %.6f\n", work,
                  FX_ST(s, 0, AZ_M_BLOCKED), maint);
    /* one maintenance of 10 s per 20 s worked, give or take the last */
    assert_true(fabs(maint - work * 10 / 20) <= 10 / horizon);
    assert_true(FX_ST(s, 0, AZ_M_BLOCKED) > 0.3);
    az_sim_free(s);
    az_model_free(m);
}

/* A batch station counts batches: 3 batches of 10 s, then 30 s. */
static void batches_are_cycles(void **state)
{
    (void)state;
    az_model *m = fx_load("name: oven\n"
                          "time_unit: s\n"
                          "products: [{name: p}]\n"
                          "release: {interarrival: 0 s}\n"
                          "stations:\n"
                          "  oven:\n"
                          "    process: 10 s\n"
                          "    batch: {max: 10}\n"
                          "    maintenance: {every: 3, clock: cycles, "
                          "duration: 30 s}\n"
                          "buffers: {into_oven: {to: oven, capacity: 20}}\n"
                          "routes: {default: [oven]}\n");
    az_sim *s;
    fx_results(m, 600, 0, &s);
    FX_NEAR(FX_ST(s, 0, AZ_M_MAINT), 0.5);
    FX_NEAR(FX_ST(s, 0, AZ_M_UTIL), 0.5);
    FX_NEAR(FX_SYS(s, AZ_M_COMPLETED), 300);
    az_sim_free(s);
    az_model_free(m);
}

/* The setter refuses what cannot be, and leaves the model as it was. */
static void setter_refuses(void **state)
{
    (void)state;
    az_model *m;
    az_dist t, d, big;
    uint32_t st, p, src, pool;
    az_error err;
    assert_int_equal(az_model_create("api", &m, NULL), AZ_OK);
    assert_int_equal(az_dist_constant(&t, 1, NULL), AZ_OK);
    assert_int_equal(az_dist_constant(&d, 10, NULL), AZ_OK);
    assert_int_equal(az_dist_exponential(&big, 200, NULL), AZ_OK);
    assert_int_equal(az_model_add_station(m, "m", 1, &t, &st, NULL), AZ_OK);
    assert_int_equal(az_model_add_product(m, "p", &p, NULL), AZ_OK);
    assert_int_equal(az_model_add_step(m, p, st, NULL, NULL), AZ_OK);
    assert_int_equal(az_model_add_source(m, "in", &t, &src, NULL), AZ_OK);
    assert_int_equal(az_model_source_add_product(m, src, p, 1, NULL), AZ_OK);
    assert_int_equal(az_model_add_pool(m, "techs", 1, &pool, NULL), AZ_OK);

    az_maintenance ok = {AZ_MAINT_OPERATING, 100, 0, &d, 0};
    assert_int_equal(az_model_set_maintenance(m, st, &ok, &err), AZ_OK);
    /* dur: 0 none, 1 d (10), 2 big (mean 200) */
    static const struct {
        uint32_t station;
        az_maintenance_clock clock;
        double every;
        uint32_t cycles;
        int dur;
        const char *msg;
    } bad[] = {
        {7, AZ_MAINT_OPERATING, 100, 0, 1, "no station 7"},
        {0, (az_maintenance_clock)9, 100, 0, 1, "no maintenance clock 9"},
        {0, AZ_MAINT_OPERATING, 0, 0, 1, "interval must be finite and > 0"},
        {0, AZ_MAINT_CALENDAR, -5, 0, 1, "interval must be finite and > 0"},
        {0, AZ_MAINT_CALENDAR, INFINITY, 0, 1, "interval must be finite"},
        {0, AZ_MAINT_OPERATING, NAN, 0, 1, "interval must be finite"},
        {0, AZ_MAINT_CYCLES, 100, 0, 1, "every 0 cycles"},
        {0, AZ_MAINT_CYCLES, 0, 5, 0, "needs a duration"},
        {0, AZ_MAINT_CALENDAR, 100, 0, 2, "longer than its interval"},
    };
    const az_dist *durs[] = {NULL, &d, &big};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        az_maintenance sp = {bad[i].clock, bad[i].every, bad[i].cycles,
                             durs[bad[i].dur], 0};
        assert_int_equal(az_model_set_maintenance(m, bad[i].station ? 7 : st,
                                                  &sp, &err),
                         AZ_EINVAL);
        if (!strstr(err.msg, bad[i].msg))
            fail_msg("case %zu: '%s' lacks '%s'", i, err.msg, bad[i].msg);
    }
    /* Refused, the model kept the first: from the first arrival at 1 s the
     * machine works on, and is maintained at 101, 211, ..., 1091 s. */
    az_sim *sim;
    fx_results(m, 1101, 0, &sim);
    FX_NEAR(FX_ST(sim, 0, AZ_M_MAINT), 100.0 / 1101);
    az_sim_free(sim);
    /* Cycles ignore `every`, and a long duration is fine there. */
    az_maintenance cyc = {AZ_MAINT_CYCLES, 0, 5, &big, 1};
    assert_int_equal(az_model_set_maintenance(m, st, &cyc, &err), AZ_OK);
    assert_int_equal(az_model_set_operator(m, st, AZ_ACT_MAINTAIN, pool,
                                           &err), AZ_OK);
    assert_int_equal(az_model_set_operator(m, st, (az_activity)4, pool,
                                           &err), AZ_EINVAL);
    assert_int_equal(az_model_set_failures(m, st, &d, &t, AZ_FAIL_CYCLES,
                                           &err), AZ_OK);
    assert_int_equal(az_model_set_failures(m, st, &d, &t,
                                           (az_failure_clock)4, &err),
                     AZ_EINVAL);
    assert_int_equal(az_model_check(m, &err), AZ_OK);
    /* NULL takes it away again. */
    assert_int_equal(az_model_set_maintenance(m, st, NULL, &err), AZ_OK);
    assert_int_equal(az_model_check(m, &err), AZ_OK);
    az_dist_clear(&big);
    az_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(operating_clock),
        cmocka_unit_test(cycle_clock),
        cmocka_unit_test(finish_unit),
        cmocka_unit_test(failure_in_maintenance),
        cmocka_unit_test(maintenance_after_repair),
        cmocka_unit_test(wear_failures),
        cmocka_unit_test(wear_and_maintenance),
        cmocka_unit_test(technician),
        cmocka_unit_test(off_shift),
        cmocka_unit_test(blocked_is_not_operating),
        cmocka_unit_test(batches_are_cycles),
        cmocka_unit_test(setter_refuses),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
