/*
 * dist.h: probability distributions for process, setup, failure and repair
 * times, drawing from an az_rng stream.
 *
 * Engineers give times as a mean and a coefficient of variation (cv = sd /
 * mean), so normal, lognormal and gamma take (mean, cv). Every constructor
 * checks its parameters and returns AZ_EINVAL with a message naming the bad
 * one (the table ones also AZ_ENOMEM); on error *d is left as the constant
 * 0 and owns nothing, and nothing leaks.
 *
 * Samples are times, so they are never negative: the normal is truncated at 0
 * by redrawing (see docs/distributions.md for the effect on the mean).
 *
 * az_dist is a value type (embed it, no allocation) whose fields are private.
 * A zero-filled az_dist is the constant 0. Table distributions (discrete,
 * empirical) own a copy of their table: release it with az_dist_clear, and
 * copy with az_dist_copy, never with `=`. Constructors overwrite *d without
 * freeing it, so clear a d that owns a table before reusing it.
 *
 * Sampling and the moments only read d: one d may be sampled by several
 * threads at once, each with its own az_rng.
 *
 * GSL's error handler. Sampling and the Weibull and t-quantile arithmetic
 * call GSL, whose default error handler calls abort(). The library checks
 * every argument it passes, so GSL should never complain; but a library must
 * not decide for its host how the process ends, and the handler is the
 * process's, so azalea does not touch it. A program that wants a bad value
 * to come back as an error rather than end the process calls
 * gsl_set_error_handler_off() once, before any other azalea call; the
 * `azalea` command does (cli/main.c).
 */
#ifndef AZALEA_DIST_H
#define AZALEA_DIST_H

#include <stddef.h>

#include "azalea/error.h"
#include "azalea/rng.h"

typedef enum az_dist_kind {
    AZ_DIST_CONSTANT,
    AZ_DIST_UNIFORM,     /* min, max */
    AZ_DIST_TRIANGULAR,  /* min, mode, max */
    AZ_DIST_EXPONENTIAL, /* mean */
    AZ_DIST_NORMAL,      /* mean, cv; truncated at 0 */
    AZ_DIST_LOGNORMAL,   /* mean, cv of the lognormal itself */
    AZ_DIST_GAMMA,       /* mean, cv */
    AZ_DIST_ERLANG,      /* k phases, mean of the sum */
    AZ_DIST_WEIBULL,     /* shape, scale */
    AZ_DIST_PERT,        /* min, mode, max (beta-PERT, lambda = 4) */
    AZ_DIST_DISCRETE,    /* values with probabilities */
    AZ_DIST_EMPIRICAL    /* continuous: piecewise-linear cumulative table */
} az_dist_kind;

typedef struct az_dist {
    az_dist_kind kind_;
    double p_[4];   /* parameters, meaning depends on kind_ */
    double *x_;     /* table values (discrete, empirical), owned */
    double *q_;     /* table probabilities / cumulative, owned */
    void *aux_;     /* sampler table (e.g. alias table), owned */
    size_t n_;      /* table length */
} az_dist;

az_status az_dist_constant(az_dist *d, double value, az_error *err);
az_status az_dist_uniform(az_dist *d, double min, double max, az_error *err);
az_status az_dist_triangular(az_dist *d, double min, double mode, double max,
                             az_error *err);
az_status az_dist_exponential(az_dist *d, double mean, az_error *err);
az_status az_dist_normal(az_dist *d, double mean, double cv, az_error *err);
az_status az_dist_lognormal(az_dist *d, double mean, double cv, az_error *err);
az_status az_dist_gamma(az_dist *d, double mean, double cv, az_error *err);
az_status az_dist_erlang(az_dist *d, unsigned k, double mean, az_error *err);
az_status az_dist_weibull(az_dist *d, double shape, double scale,
                          az_error *err);
az_status az_dist_pert(az_dist *d, double min, double mode, double max,
                       az_error *err);

/* values[i] is drawn with probability probs[i]; probs must be >= 0 and sum to
 * 1 within 1e-9. The arrays are copied. */
az_status az_dist_discrete(az_dist *d, const double *values,
                           const double *probs, size_t n, az_error *err);

/* Continuous empirical: cumulative probability cum[i] at value x[i], linear in
 * between. x strictly increasing, cum non-decreasing from 0 to 1 (within
 * 1e-9), n >= 2. The arrays are copied. */
az_status az_dist_empirical(az_dist *d, const double *x, const double *cum,
                            size_t n, az_error *err);

/* Frees what d owns and leaves it the constant 0. Safe on any initialised d. */
void az_dist_clear(az_dist *d);

/* Deep copy; dst must not own anything yet (fresh or cleared). The copy
 * draws bit-identical values from the same stream. On AZ_ENOMEM dst is the
 * constant 0 and nothing leaks. */
az_status az_dist_copy(az_dist *dst, const az_dist *src, az_error *err);

/* One draw (>= 0). Never fails for an initialised d. */
double az_dist_sample(const az_dist *d, az_rng *r);

/* The exact mean and variance of what az_dist_sample draws (for the
 * truncated normal, of the truncated distribution). */
double az_dist_mean(const az_dist *d);
double az_dist_variance(const az_dist *d);

az_dist_kind az_dist_get_kind(const az_dist *d);

/* "exponential", "lognormal", ...: the names the model file uses;
 * "unknown" for any other value. Static strings. */
const char *az_dist_kind_name(az_dist_kind kind);

#endif
