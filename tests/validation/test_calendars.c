/*
 * test_calendars.c: calendars of their own (issue 16, part 4) against
 * figures worked out by hand. Time unit: minutes; time 0 is a Monday
 * 00:00; the horizon is 4 weeks = 40320 min.
 *
 * 1. A station on one 8 h shift, fed by a line on three. The line works
 *    06:00-14:00, 14:00-22:00 and 22:00-06:00 (the night shift starting
 *    Monday to Friday): 24 h from Monday 06:00 to Saturday 06:00, 120 h a
 *    week. A (1 min a unit) feeds B (2 min a unit) through a buffer of
 *    100; B follows `day_only`, 06:00-14:00 Monday to Friday, 40 h a week.
 *    A is twice as fast as B, so in B's hours the buffer only fills, and
 *    outside them A fills it (16 h at 1 a minute is far more than 100)
 *    and is then blocked: B is never short of work but for its first
 *    minute (Monday 06:00 of week 1, when A makes the line's first unit).
 *    So B makes 480 / 2 = 240 units a day: it starts at 06:01 on the
 *    first Monday and its 240th unit, started at 13:59, finishes at 14:01
 *    (off_shift: finish); on every other day it starts at 06:00 and the
 *    240th unit ends at 14:00 sharp. Out of the line per week:
 *        5 x 8 h x 60 / 2 = 1200,  in 4 weeks 4800 (exact).
 *    B is off shift outside its 40 h, less the minute it finished past
 *    14:00 on the first Monday:
 *        off_shift(B) = (4 x 128 x 60 - 1) / 40320 = 30719 / 40320.
 *    throughput_working stays the line's: 4800 / (4 x 120 x 60) = 1/6
 *    a minute. A is blocked at B's full buffer most of its working time:
 *    it works 4800 + 100 (the buffer, full at the end) + 0 (B holds no
 *    unit off shift) = 4900 min (checked as a share, 4900 / 40320, +1
 *    for the unit A holds blocked at the end: A works it and is blocked
 *    with it, so 4901 / 40320).
 *    With B uniform on [1, 3] min (mean 2) and off_shift: pause, B's
 *    working time is 40 h a week stitched end to end, 9600 min in all
 *    (less its first minute: its working share is 9599 / 40320 in every
 *    replication), and a renewal count over it has mean
 *    9600 / 2 - (mu^2 - sigma^2) / (2 mu^2) = 4800 - 0.46: throughput
 *    4800 / 40320 a minute (the 0.46 and the first minute are far inside
 *    the interval: sd of the count ~ sqrt(9600 sigma^2 / mu^3) = 20 per
 *    replication).
 *
 * 2. A pool on its own calendar. The line works round the clock (shifts
 *    gives calendars alone); station S needs one inspector of a pool of 1
 *    on `day_only`. Released saturated (zero interarrival, a buffer of 1):
 *    S works only while the inspector is there, and the inspector, who
 *    leaves at 14:00, finishes the unit in hand (the pool is 0 outside
 *    its calendar, and people leaving finish what they hold). Each day
 *    the starts in [06:00, 14:00) are a renewal process from 06:00:
 *    - constant 2 min: starts at 06:00, ..., 13:58, 240 a day, the last
 *      ending at 14:00 sharp; 4800 in 20 working days, and the inspector
 *      is busy all the 9600 min there (busy share 1), S waits for
 *      them the rest of the time: wait_operator = 1 - 9600 / 40320.
 *    - exponential, mean 2 min: 1 + M(480) starts a day with M(t) = t / 2
 *      exactly (Poisson), 241 a day, 4820 in 20 days; sd ~ sqrt(20 x 240)
 *      = 69 per replication.
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
#define HORIZON 40320.0

#define DAY_ONLY                                                              \
    "  calendars:\n"                                                          \
    "    day_only:\n"                                                         \
    "      pattern: [{start: \"06:00\", end: \"14:00\", days: [mon, tue, "    \
    "wed, thu, fri]}]\n"

static double value(const az_summary *s, az_scope scope, uint32_t obj,
                    az_metric_kind k, uint32_t rep)
{
    return az_summary_value(s, rep,
                            az_summary_metric_index(s, scope, obj, k));
}

/* Test 1's line: A, then B on day_only; B's process, off_shift mode. */
static az_summary *line(const char *b_process, const char *mode,
                        uint32_t reps, az_model **out)
{
    char text[2048];
    snprintf(text, sizeof text,
             "name: calendars\ntime_unit: min\n"
             "run: {horizon: 4 week, replications: %u, seed: 16}\n"
             "products: [{name: p}]\n"
             "release: {interarrival: 0 s}\n"
             "stations:\n"
             "  a: {process: 1 min}\n"
             "  b: {process: %s, calendar: day_only}\n"
             "buffers:\n"
             "  into_a: {to: a, capacity: 1}\n"
             "  a_to_b: {from: a, to: b, capacity: 100}\n"
             "routes: {default: [a, b]}\n"
             "shifts:\n"
             "  off_shift: %s\n"
             "  pattern:\n"
             "    - {start: \"06:00\", end: \"14:00\", days: [mon, tue, wed, "
             "thu, fri]}\n"
             "    - {start: \"14:00\", end: \"22:00\", days: [mon, tue, wed, "
             "thu, fri]}\n"
             "    - {start: \"22:00\", end: \"06:00\", days: [mon, tue, wed, "
             "thu, fri]}\n" DAY_ONLY,
             reps, b_process, mode);
    return vx_run(text, "calendars.yaml", out);
}

static void test_station_one_shift_exact(void **state)
{
    (void)state;
    az_model *m;
    az_summary *s = line("2 min", "finish", 2, &m);
    for (uint32_t r = 0; r < 2; r++) {
        assert_true(value(s, AZ_SCOPE_SYSTEM, 0, AZ_M_COMPLETED, r) == 4800);
        assert_true(fabs(value(s, AZ_SCOPE_STATION, 1, AZ_M_OFF, r) -
                         30719 / HORIZON) < 1e-12);
        assert_true(fabs(value(s, AZ_SCOPE_SYSTEM, 0,
                               AZ_M_THROUGHPUT_WORKING, r) -
                         1 / 6.0) < 1e-12);
        assert_true(fabs(value(s, AZ_SCOPE_STATION, 0, AZ_M_UTIL, r) -
                         4901 / HORIZON) < 1e-12);
        /* A follows the line: off shift 48 h a week */
        assert_true(fabs(value(s, AZ_SCOPE_STATION, 0, AZ_M_OFF, r) -
                         48.0 / 168) < 1e-12);
    }
    print_message("  B's output: theory 4800 sim %.0f; B off shift: theory "
                  "%.6f sim %.6f\n",
                  value(s, AZ_SCOPE_SYSTEM, 0, AZ_M_COMPLETED, 0),
                  30719 / HORIZON, value(s, AZ_SCOPE_STATION, 1, AZ_M_OFF, 0));
    az_summary_free(s);
    az_model_free(m);
}

static void test_station_one_shift_random(void **state)
{
    (void)state;
    az_model *m;
    az_summary *s = line("{uniform: {min: 1 min, max: 3 min}}", "pause", REPS,
                         &m);
    vx_inside(s, AZ_SCOPE_SYSTEM, 0, AZ_M_THROUGHPUT, 4800 / HORIZON,
              "throughput, B on 1 shift of 3");
    /* pause: B works all of its hours but its first minute, whatever its
     * times, in every replication */
    for (uint32_t r = 0; r < REPS; r++)
        assert_true(fabs(value(s, AZ_SCOPE_STATION, 1, AZ_M_UTIL, r) -
                         9599 / HORIZON) < 1e-9);
    az_summary_free(s);
    az_model_free(m);
}

/* Test 2's line: S needs an inspector of a pool on day_only. */
static az_summary *pool_line(const char *process, uint32_t reps,
                             az_model **out)
{
    char text[2048];
    snprintf(text, sizeof text,
             "name: pool calendar\ntime_unit: min\n"
             "run: {horizon: 4 week, replications: %u, seed: 17}\n"
             "products: [{name: p}]\n"
             "release: {interarrival: 0 s}\n"
             "operators:\n"
             "  inspectors: {size: 1, calendar: day_only}\n"
             "stations:\n"
             "  s: {process: %s, operator: inspectors}\n"
             "buffers:\n"
             "  into_s: {to: s, capacity: 1}\n"
             "routes: {default: [s]}\n"
             "shifts:\n" DAY_ONLY,
             reps, process);
    return vx_run(text, "pool_calendar.yaml", out);
}

static void test_pool_calendar_exact(void **state)
{
    (void)state;
    az_model *m;
    az_summary *s = pool_line("2 min", 2, &m);
    for (uint32_t r = 0; r < 2; r++) {
        assert_true(value(s, AZ_SCOPE_SYSTEM, 0, AZ_M_COMPLETED, r) == 4800);
        assert_true(fabs(value(s, AZ_SCOPE_POOL, 0, AZ_M_UTIL, r) - 1) <
                    1e-12);
        assert_true(fabs(value(s, AZ_SCOPE_STATION, 0, AZ_M_WAIT_OP, r) -
                         (1 - 9600 / HORIZON)) < 1e-12);
        assert_true(value(s, AZ_SCOPE_STATION, 0, AZ_M_OFF, r) == 0);
    }
    print_message("  S's output: theory 4800 sim %.0f\n",
                  value(s, AZ_SCOPE_SYSTEM, 0, AZ_M_COMPLETED, 0));
    az_summary_free(s);
    az_model_free(m);
}

static void test_pool_calendar_random(void **state)
{
    (void)state;
    az_model *m;
    az_summary *s = pool_line("{exponential: {mean: 2 min}}", REPS, &m);
    vx_inside(s, AZ_SCOPE_SYSTEM, 0, AZ_M_COMPLETED, 4820,
              "units out, inspector on 1 shift");
    az_summary_free(s);
    az_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_station_one_shift_exact),
        cmocka_unit_test(test_station_one_shift_random),
        cmocka_unit_test(test_pool_calendar_exact),
        cmocka_unit_test(test_pool_calendar_random),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
