/*
 * test_campaigns.c: campaigns in the release (issue 16, part 1), against
 * the campaign arithmetic.
 *
 * A saturated cell, 10 s a unit, with a 100 s changeover between
 * families. Campaigns of 50 units of family A, then 50 of B, change family
 * once per campaign: 50 units in 50 x 10 + 100 s, 1/12 a second exactly.
 * Campaigns A 30, B 20, A 10 change family twice a cycle of 60 units (the
 * last A runs into the first): 60 / (600 + 200) = 0.075 a second.
 * Within a campaign the products of its family are drawn by the mix
 * renormalised: a1 and a2 (shares 0.25 each) split campaign A half and
 * half, so each makes a quarter of the output, within the 99 % CI of 20
 * replications (and 5 % off rejected), while b makes exactly half.
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

static az_summary *run(const char *products, const char *campaigns,
                       int reps, az_model **m)
{
    char text[1536];
    snprintf(text, sizeof text,
             "name: campaigns\ntime_unit: s\n"
             "run: {horizon: 10 d, replications: %d, seed: 3}\n"
             "products:\n%s"
             "release:\n  interarrival: 0 s\n  campaigns: %s\n"
             "stations:\n  m: {process: 10 s, "
             "setup: {other_family: 100 s}}\n"
             "buffers: {in: {to: m, capacity: 5}}\n"
             "routes: {default: [m]}\n",
             reps, products, campaigns);
    return vx_run(text, "campaigns.yaml", m);
}

static const char *two =
    "  - {name: a, family: A, mix: 0.5}\n"
    "  - {name: b, family: B, mix: 0.5}\n";

static double throughput(const az_summary *s)
{
    return az_summary_mean(
        s, az_summary_metric_index(s, AZ_SCOPE_SYSTEM, 0, AZ_M_THROUGHPUT));
}

static void test_units_campaigns(void **state)
{
    (void)state;
    az_model *m;
    az_summary *s = run(two, "[{family: A, units: 50}, {family: B, "
                             "units: 50}]", 2, &m);
    /* 10 d = 864000 s is 1440 cycles of 600 s exactly */
    assert_float_equal(throughput(s), 1.0 / 12, 1e-12);
    az_summary_free(s);
    az_model_free(m);
    s = run(two, "[{family: A, units: 30}, {family: B, units: 20}, "
                 "{family: A, units: 10}]", 2, &m);
    assert_float_equal(throughput(s), 0.075, 1e-12);
    az_summary_free(s);
    az_model_free(m);
}

static void test_family_mix_within_campaign(void **state)
{
    (void)state;
    az_model *m;
    az_summary *s = run("  - {name: a1, family: A, mix: 0.25}\n"
                        "  - {name: a2, family: A, mix: 0.25}\n"
                        "  - {name: b, family: B, mix: 0.5}\n",
                        "[{family: A, units: 50}, {family: B, units: 50}]",
                        20, &m);
    vx_inside(s, AZ_SCOPE_PRODUCT, 0, AZ_M_THROUGHPUT, 0.25 / 12,
              "a1 throughput (a quarter)");
    /* b has campaigns of its own: exactly half, every replication */
    assert_float_equal(
        az_summary_mean(s, az_summary_metric_index(s, AZ_SCOPE_PRODUCT, 2,
                                                   AZ_M_THROUGHPUT)),
        0.5 / 12, 1e-12);
    az_summary_free(s);
    az_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_units_campaigns),
        cmocka_unit_test(test_family_mix_within_campaign),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
