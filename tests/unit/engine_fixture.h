/*
 * engine_fixture.h: what the engine's unit tests (test_engine_*.c) share:
 * a model from YAML text, one replication of it, and a metric by name.
 * Models use deterministic times, so that the expected numbers are exact
 * arithmetic, not estimates.
 */
#ifndef AZALEA_ENGINE_FIXTURE_H
#define AZALEA_ENGINE_FIXTURE_H

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "azalea/load.h"
#include "azalea/sim.h"

static inline az_model *fx_load(const char *text)
{
    az_model *m;
    az_error err;
    if (az_model_load_string(text, strlen(text), "engine.yaml", NULL, &m,
                             NULL, &err))
        fail_msg("load: %s:%d:%d: %s", err.file, err.line, err.col, err.msg);
    return m;
}

/* One replication (seed 1, replication 0) of m over [0, horizon], the
 * statistics from `warmup`; returns the run's status, *sim set. */
static inline az_status fx_run(az_model *m, double horizon, double warmup,
                               az_sim **sim, az_error *err)
{
    if (az_sim_create(m, sim, err))
        fail_msg("create: %s", err->msg);
    az_run_config cfg = {horizon, warmup, 1, 0, NULL};
    return az_sim_run(*sim, &cfg, err);
}

/* As fx_run, failing the test on an error. */
static inline const double *fx_results(az_model *m, double horizon,
                                       double warmup, az_sim **sim)
{
    az_error err;
    if (fx_run(m, horizon, warmup, sim, &err))
        fail_msg("run: %s", err.msg);
    return az_sim_results(*sim);
}

static inline double fx_get(const az_sim *s, az_scope sc, uint32_t o,
                            az_metric_kind k)
{
    size_t i = az_sim_metric_index(s, sc, o, k);
    assert_true(i != (size_t)-1);
    return az_sim_results(s)[i];
}

/* A station's metric / the system's. */
#define FX_ST(s, x, k) fx_get((s), AZ_SCOPE_STATION, (x), (k))
#define FX_SYS(s, k) fx_get((s), AZ_SCOPE_SYSTEM, 0, (k))

/* Exact up to the rounding of sums of time spans. */
#define FX_NEAR(a, b) fx_near((double)(a), (double)(b), #a, __LINE__)
static inline void fx_near(double a, double b, const char *what, int line)
{
    if (!(fabs(a - b) <= 1e-9 * (1 + fabs(b))))
        fail_msg("line %d: %s = %.17g, expected %.17g", line, what, a, b);
}

#endif
