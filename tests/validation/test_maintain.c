/*
 * test_maintain.c: planned maintenance and wear failures (issue 16, part
 * 4) against renewal-reward figures. Each machine is saturated (a release
 * with zero interarrival into a buffer of one), so it is never starved or
 * blocked, and its time splits into cycles of work and one stop:
 *   every T of operating time for d:  works T of every T + E[d], so
 *       throughput (1/t) T / (T + E[d]), maintenance E[d] / (T + E[d]);
 *   every N cycles of t for d:        N units per N t + E[d];
 *   wear, N cycles between failures, repair r: N units per N t + E[r].
 * Work interrupted by maintenance resumes where it stopped, so the
 * figures hold for random process times too. A random duration (or
 * process time) makes the replications differ, so the confidence interval
 * means something: each figure, over 20 replications, must hold the exact
 * value inside its 99 % CI and reject a value 5 % off.
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

/* A saturated machine m: `proc` a unit, and the station keys `extra`. */
static az_summary *run(const char *proc, const char *extra, az_model **out)
{
    char text[1024];
    snprintf(text, sizeof text,
             "name: maintenance\ntime_unit: s\n"
             "run: {horizon: 41 d, warmup: 1 d, replications: %d, seed: 16}\n"
             "products: [{name: p}]\n"
             "release: {interarrival: 0 s}\n"
             "stations:\n"
             "  m:\n"
             "    process: %s\n"
             "%s"
             "buffers: {into_m: {to: m, capacity: 1}}\n"
             "routes: {default: [m]}\n",
             REPS, proc, extra);
    return vx_run(text, "maintain.yaml", out);
}

/* Every T = 1 h of operating time, d = 20 min on average; t = 60 s on
 * average: 45 units an hour, a quarter of the time in maintenance. */
static void test_operating_clock(void **state)
{
    (void)state;
    az_model *m;
    az_summary *s = run("{uniform: {min: 30 s, max: 90 s}}",
                        "    maintenance: {every: 1 h, duration: "
                        "{uniform: {min: 10 min, max: 30 min}}}\n",
                        &m);
    double T = 3600, d = 1200, t = 60;
    vx_inside(s, AZ_SCOPE_SYSTEM, 0, AZ_M_THROUGHPUT, 1 / t * T / (T + d),
              "throughput, every 1 h operating");
    vx_inside(s, AZ_SCOPE_STATION, 0, AZ_M_MAINT, d / (T + d),
              "maintenance share, every 1 h operating");
    vx_inside(s, AZ_SCOPE_STATION, 0, AZ_M_UTIL, T / (T + d),
              "availability, every 1 h operating");
    az_summary_free(s);
    az_model_free(m);
}

/* The same with a constant d = 20 min: the maintenance stretches are
 * 60 + 20 min cycles from time 0, and the window (1 d to 41 d) holds
 * whole cycles, so the share is exactly d / (T + d) in every replication
 * (no interval to speak of: checked as a number). */
static void test_operating_clock_constant(void **state)
{
    (void)state;
    az_model *m;
    az_summary *s = run("{uniform: {min: 30 s, max: 90 s}}",
                        "    maintenance: {every: 1 h, duration: 20 min}\n",
                        &m);
    double T = 3600, d = 1200, t = 60, mean, half;
    vx_inside(s, AZ_SCOPE_SYSTEM, 0, AZ_M_THROUGHPUT, 1 / t * T / (T + d),
              "throughput, every 1 h operating, d constant");
    vx_ci99(s, AZ_SCOPE_STATION, 0, AZ_M_MAINT, &mean, &half);
    print_message("  maintenance share, d constant: theory %.6f sim %.9f\n",
                  d / (T + d), mean);
    assert_true(fabs(mean - d / (T + d)) < 1e-9);
    az_summary_free(s);
    az_model_free(m);
}

/* Every N = 100 cycles of t = 30 s, d exponential with mean 10 min: 100
 * units per 3600 s. */
static void test_cycle_clock(void **state)
{
    (void)state;
    az_model *m;
    az_summary *s = run("30 s",
                        "    maintenance: {every: 100, clock: cycles, "
                        "duration: {exponential: {mean: 10 min}}}\n",
                        &m);
    double N = 100, t = 30, d = 600;
    vx_inside(s, AZ_SCOPE_SYSTEM, 0, AZ_M_THROUGHPUT, N / (N * t + d),
              "throughput, every 100 cycles");
    vx_inside(s, AZ_SCOPE_STATION, 0, AZ_M_MAINT, d / (N * t + d),
              "maintenance share, every 100 cycles");
    az_summary_free(s);
    az_model_free(m);
}

/* Wear: a failure every N = 50 cycles of t = 30 s, repaired in r
 * exponential with mean 10 min: 50 units per 2100 s. */
static void test_wear_failures(void **state)
{
    (void)state;
    az_model *m;
    az_summary *s = run("30 s",
                        "    failures: {between: 50, clock: cycles, "
                        "repair: {exponential: {mean: 10 min}}}\n",
                        &m);
    double N = 50, t = 30, r = 600;
    vx_inside(s, AZ_SCOPE_SYSTEM, 0, AZ_M_THROUGHPUT, N / (N * t + r),
              "throughput, wear every 50 cycles");
    vx_inside(s, AZ_SCOPE_STATION, 0, AZ_M_DOWN, r / (N * t + r),
              "failed share, wear every 50 cycles");
    az_summary_free(s);
    az_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_operating_clock),
        cmocka_unit_test(test_operating_clock_constant),
        cmocka_unit_test(test_cycle_clock),
        cmocka_unit_test(test_wear_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
