/*
 * test_bottleneck_shifts.c: the active-period method on box-build lines
 * with shifts, where capacity arithmetic names the bottleneck: kitting
 * (40 s), a screwing robot (44 s), test (two testers of 110 s: 55 s a
 * unit, 95 % yield), pack (20 s), two shifts with a break (15.5 working
 * hours a day).
 *
 * - A day's lot of 900 boxes each morning, unlimited buffers: stable
 *   (test needs 900 x 55 s = 13.75 h of 15.5). Test is the bottleneck.
 *   When shifts and breaks cut the active periods, kitting, which starts
 *   first each morning and stops with the others at the break, was named
 *   a quarter of the time (every morning until the break).
 * - A box every 45 s on average (80/h against test's 65.5/h): overloaded,
 *   test's queue grows; the robot's does not (81.8/h). Test is the
 *   bottleneck; with off_shift: pause the robot, active the whole shift
 *   on some days, tied with test at each break (both cut there and
 *   resumed together) and, the lower index, was named a third of the
 *   time.
 * - A saturated release and unlimited buffers: kitting, the robot and
 *   test never wait, and their periods run through the run. The method
 *   has no ranking for them (test limits the line: only a third tester
 *   would add output, but the periods cannot show it); kitting, the lowest
 *   index, was named 100 %. Now the time is shared and a warning says so.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "azalea/diagnose.h"
#include "validation_fixture.h"

enum { KITTING, SCREWING, TEST, PACK };

static const char *const names[] = {"kitting", "screwing", "test", "pack"};

/* The line, with release and off_shift mode filled in. */
static void line(char *buf, size_t size, const char *release,
                 const char *buffers, const char *off_shift)
{
    snprintf(buf, size,
             "name: box build with shifts\n"
             "time_unit: s\n"
             "run: {horizon: 3 week, warmup: 1 week, replications: 5, "
             "seed: 5}\n"
             "products: [{name: box, mix: 1}]\n"
             "release: %s\n"
             "stations:\n"
             "  kitting: {process: {lognormal: {mean: 40 s, cv: 0.3}}}\n"
             "  screwing: {process: {gamma: {mean: 44 s, cv: 0.2}}}\n"
             "  test: {machines: 2, process: {lognormal: {mean: 110 s, "
             "cv: 0.25}}}\n"
             "  pack: {process: 20 s}\n"
             "%s"
             "routes:\n"
             "  box: [kitting, screwing, {station: test, yield: 0.95}, "
             "pack]\n"
             "shifts:\n"
             "  pattern:\n"
             "    - {name: early, start: \"06:00\", end: \"14:00\"}\n"
             "    - {name: late, start: \"14:00\", end: \"22:00\"}\n"
             "  breaks: [{start: \"10:00\", duration: 30 min}]\n"
             "  off_shift: %s\n",
             release, buffers, off_shift);
}

/* Mean share (sole + shifting) of each station. */
static void shares(const az_summary *s, double *out)
{
    for (uint32_t x = 0; x < 4; x++) {
        out[x] = az_summary_bottleneck_share(s, x);
        print_message("  %-8s %6.2f %% (tied %.2f %%)\n", names[x],
                      100 * out[x],
                      100 * az_summary_mean(
                                s, az_summary_metric_index(
                                       s, AZ_SCOPE_STATION, x,
                                       AZ_M_BN_TIED)));
    }
}

static void note_tied(void *ctx, const az_diagnostic *d)
{
    if (d->kind == AZ_DIAG_BN_TIED)
        snprintf(ctx, 400, "%s", d->msg);
}

/* Runs the line; test must be the bottleneck at least `least` of the
 * time and kitting and the robot at most 2 % each, with no tie warning. */
static void test_named(const char *release, const char *buffers,
                       const char *off_shift, double least)
{
    char text[2000], warned[400] = "";
    line(text, sizeof text, release, buffers, off_shift);
    print_message("%s, off_shift: %s\n", release, off_shift);
    az_model *m;
    az_summary *s = vx_run(text, "box_shifts.yaml", &m);
    double sh[4];
    shares(s, sh);
    az_diagnose(m, s, note_tied, warned);
    if (!(sh[TEST] >= least))
        fail_msg("test is the bottleneck %.1f %% of the time, expected "
                 "%.0f %% or more", 100 * sh[TEST], 100 * least);
    for (uint32_t x = KITTING; x <= SCREWING; x++)
        if (!(sh[x] <= 0.02))
            fail_msg("%s is the bottleneck %.1f %% of the time: the "
                     "shifts make it look like one", names[x], 100 * sh[x]);
    if (warned[0])
        fail_msg("a tie was reported: %s", warned);
    az_summary_free(s);
    az_model_free(m);
}

static void test_daily_lot(void **state)
{
    (void)state;
    const char *lot = "{interarrival: 1 d, lot: 900, lot_arrival: together}";
    test_named(lot, "", "pause", 0.85);
    test_named(lot, "", "finish", 0.85);
}

static void test_overloaded(void **state)
{
    (void)state;
    const char *arr = "{interarrival: {exponential: {mean: 45 s}}}";
    test_named(arr, "", "pause", 0.95);
    test_named(arr, "", "finish", 0.95);
}

/* Kitting, the robot and test never wait: no station may be named by its
 * index or its start a few seconds earlier; the time is shared and the
 * results warn. */
static void test_saturated_tie(void **state)
{
    (void)state;
    static const char *const modes[] = {"pause", "finish"};
    for (int i = 0; i < 2; i++) {
        char text[2000], warned[400] = "";
        line(text, sizeof text, "{interarrival: 0 s}",
             "buffers: {into_kitting: {to: kitting, capacity: 20}}\n",
             modes[i]);
        print_message("saturated, off_shift: %s\n", modes[i]);
        az_model *m;
        az_summary *s = vx_run(text, "box_shifts.yaml", &m);
        double sh[4];
        shares(s, sh);
        for (uint32_t x = KITTING; x <= TEST; x++)
            if (!(fabs(sh[x] - 1.0 / 3) < 0.01))
                fail_msg("%s: %.2f %% of the time, expected a third: the "
                         "three stations never wait", names[x], 100 * sh[x]);
        az_diagnose(m, s, note_tied, warned);
        print_message("  warning: %s\n", warned);
        assert_non_null(strstr(warned, "'kitting', 'screwing', 'test'"));
        az_summary_free(s);
        az_model_free(m);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_daily_lot),
        cmocka_unit_test(test_overloaded),
        cmocka_unit_test(test_saturated_tie),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
