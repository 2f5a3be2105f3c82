/*
 * validation_fixture.h: what the validation tests against an exact figure
 * share: a model run from its YAML text, the 99 % CI of a metric over the
 * replications, and the check that the exact value lies inside it while a
 * value 5 % off does not (so the check can fail). Marked unused, so a test
 * that uses only some of them compiles without warnings.
 */
#ifndef AZALEA_TEST_VALIDATION_FIXTURE_H
#define AZALEA_TEST_VALIDATION_FIXTURE_H

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "azalea/experiment.h"
#include "azalea/load.h"
#include "azalea/stats.h"

#define VX_UNUSED __attribute__((unused))

/* Loads text (named name in messages) and runs it with the file's run
 * settings on two threads; *out gets the model, for the caller to free. */
VX_UNUSED static az_summary *vx_run(const char *text, const char *name,
                                    az_model **out)
{
    az_model *m;
    az_experiment_config cfg;
    az_error err;
    if (az_model_load_string(text, strlen(text), name, NULL, &m, &cfg, &err))
        fail_msg("%s", err.msg);
    cfg.threads = 2;
    az_summary *s;
    if (az_experiment_run(m, &cfg, &s, &err))
        fail_msg("%s", err.msg);
    *out = m;
    return s;
}

/* Mean and 99 % half-width of a metric over the replications. */
VX_UNUSED static void vx_ci99(const az_summary *s, az_scope scope,
                              uint32_t obj, az_metric_kind k, double *mean,
                              double *half)
{
    size_t i = az_summary_metric_index(s, scope, obj, k);
    uint32_t n = az_summary_replications(s);
    double *x = malloc(n * sizeof *x);
    assert_non_null(x);
    for (uint32_t r = 0; r < n; r++)
        x[r] = az_summary_value(s, r, i);
    assert_int_equal(az_ci_mean(x, n, 0.99, mean, half, NULL), AZ_OK);
    free(x);
}

/* want inside the metric's 99 % CI, and want +/- 5 % outside it. */
VX_UNUSED static void vx_inside(const az_summary *s, az_scope scope,
                                uint32_t obj, az_metric_kind k, double want,
                                const char *what)
{
    double mean, half;
    vx_ci99(s, scope, obj, k, &mean, &half);
    print_message("  %s: theory %.6f sim %.6f +/- %.6f\n", what, want, mean,
                  half);
    if (fabs(mean - want) > half)
        fail_msg("%s: %g outside the 99%% CI %g +/- %g", what, want, mean,
                 half);
    if (fabs(mean - 1.05 * want) <= half || fabs(mean - 0.95 * want) <= half)
        fail_msg("%s: a value 5%% off was not rejected", what);
}

#endif
