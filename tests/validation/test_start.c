/*
 * test_start.c: the run's start date (issue 16, part 0), against the
 * calendar worked by hand. Deterministic times: every figure is exact.
 *
 * A saturated cell, 1 min a unit, working Monday to Friday 06:00-14:00
 * (480 units a working day):
 * - from Monday 00:00 (no start), 3 days hold Mon, Tue, Wed: 1440 units;
 * - from Friday 2026-12-11 06:00, 3 days hold Friday's shift, then the
 *   weekend: 480;
 * - from that Friday for 5 days: Fri, Mon, Tue: 1440; with holiday 3 (day
 *   3 is the date of time 0 plus 3: Monday 14th) 960.
 * Orders read against the start: O1 released 05:00 that Friday (before
 * time 0: at 0), due 08:00 (120 min); O2 "0 06:00" (0) due "3 07:00"
 * (4380 min); O3 Monday 06:00 (4320), out at 4420.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "validation_fixture.h"

static char dir[] = "/tmp/azalea-start-XXXXXX";
static char csv[300];

static double units(const char *horizon, const char *start,
                    const char *holidays)
{
    char text[1024];
    snprintf(text, sizeof text,
             "name: start\ntime_unit: min\n"
             "run: {horizon: %s, replications: 2%s%s}\n"
             "products: [{name: a}]\nrelease: {interarrival: 0 min}\n"
             "stations:\n  cell: {process: 1 min}\n"
             "buffers: {in: {to: cell, capacity: 5}}\n"
             "routes: {default: [cell]}\n"
             "shifts:\n  pattern:\n"
             "    - {start: \"06:00\", end: \"14:00\", "
             "days: [mon, tue, wed, thu, fri]}\n%s",
             horizon, start ? ", start: " : "", start ? start : "",
             holidays ? holidays : "");
    az_model *m;
    az_summary *s = vx_run(text, "start.yaml", &m);
    double v = az_summary_mean(
        s, az_summary_metric_index(s, AZ_SCOPE_SYSTEM, 0, AZ_M_COMPLETED));
    az_summary_free(s);
    az_model_free(m);
    return v;
}

static void test_calendar_follows_start(void **state)
{
    (void)state;
    assert_float_equal(units("3 d", NULL, NULL), 1440, 1e-9);
    assert_float_equal(units("3 d", "2026-12-11T06:00", NULL), 480, 1e-9);
    assert_float_equal(units("5 d", "2026-12-11T06:00", NULL), 1440, 1e-9);
    assert_float_equal(units("5 d", "2026-12-11T06:00", "  holidays: [3]\n"),
                       960, 1e-9);
}

static void test_orders_read_against_start(void **state)
{
    (void)state;
    char text[1024];
    snprintf(text, sizeof text,
             "name: start\ntime_unit: min\n"
             "run: {horizon: 5 d, replications: 2, "
             "start: 2026-12-11T06:00}\n"
             "products: [{name: a}]\nrelease: {orders: %s}\n"
             "stations:\n  cell: {process: 1 min}\n"
             "routes: {default: [cell]}\n"
             "shifts:\n  pattern:\n"
             "    - {start: \"06:00\", end: \"14:00\", "
             "days: [mon, tue, wed, thu, fri]}\n",
             csv);
    az_model *m;
    az_summary *s = vx_run(text, "start.yaml", &m);
    az_order o[3];
    for (size_t i = 0; i < 3; i++)
        assert_int_equal(az_model_order(m, i, &o[i], NULL), AZ_OK);
    assert_float_equal(o[0].release, 0, 1e-9);
    assert_float_equal(o[0].due, 120, 1e-9);
    assert_float_equal(o[1].due, 4380, 1e-9);
    assert_float_equal(o[2].release, 4320, 1e-9);
    assert_float_equal(
        az_summary_mean(s, az_summary_metric_index(s, AZ_SCOPE_ORDER, 2,
                                                   AZ_M_COMPLETION)),
        4420, 1e-9);
    int64_t t0;
    assert_true(az_model_start(m, &t0));
    assert_int_equal(t0, INT64_C(1796968800)); /* 2026-12-11 06:00 */
    az_summary_free(s);
    az_model_free(m);
}

static int setup(void **state)
{
    (void)state;
    if (!mkdtemp(dir))
        return -1;
    snprintf(csv, sizeof csv, "%s/orders.csv", dir);
    FILE *f = fopen(csv, "w");
    if (!f)
        return -1;
    fputs("order,product,quantity,release,due\n"
          "O1,a,100,2026-12-11T05:00,2026-12-11T08:00\n"
          "O2,a,100,0 06:00,3 07:00\n"
          "O3,a,100,2026-12-14T06:00,2026-12-14T08:00\n", f);
    return fclose(f);
}

static int teardown(void **state)
{
    (void)state;
    unlink(csv);
    return rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_calendar_follows_start),
        cmocka_unit_test(test_orders_read_against_start),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
