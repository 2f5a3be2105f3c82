/*
 * stats.h: the statistics a simulation collects and the output analysis over
 * replications.
 *
 *  - az_tally: count, mean, variance (Welford), min, max of observations.
 *  - az_timeavg: time-weighted average of a piecewise-constant quantity
 *    (WIP, queue length, busy machines).
 *  - az_hist: log-linear histogram for quantiles with bounded memory and a
 *    bounded relative error; histograms of equal shape merge.
 *  - az_ci_*: Student-t confidence intervals over replications.
 *  - az_mser5: warm-up truncation point (White 1997).
 *
 * az_tally and az_timeavg are value types (embed them); their fields are
 * private. az_hist is opaque and allocated once, before the run.
 * Functions returning az_status fail only with AZ_EINVAL (az_hist_create
 * also with AZ_ENOMEM); az_hist_merge, az_ci_mean and az_mser5 then leave
 * their objects and out-parameters unchanged.
 */
#ifndef AZALEA_STATS_H
#define AZALEA_STATS_H

#include <stddef.h>
#include <stdint.h>

#include "azalea/error.h"

/* ---- tally ---- */

typedef struct az_tally {
    uint64_t n_;
    double mean_, m2_, min_, max_;
} az_tally;

void az_tally_init(az_tally *t);
void az_tally_add(az_tally *t, double x);
/* Adds everything in `from` to `into` (Chan et al.'s pairwise update). */
void az_tally_merge(az_tally *into, const az_tally *from);
uint64_t az_tally_count(const az_tally *t);
double az_tally_mean(const az_tally *t);     /* 0 when empty */
double az_tally_variance(const az_tally *t); /* sample variance, n-1; 0 if n<2 */
double az_tally_stddev(const az_tally *t);
double az_tally_min(const az_tally *t);      /* 0 when empty */
double az_tally_max(const az_tally *t);      /* 0 when empty */

/* ---- time-weighted average ---- */

typedef struct az_timeavg {
    double t0_;     /* start of the observation window */
    double last_t_; /* time of the last change */
    double value_;  /* current value */
    double area_;   /* integral of value over [t0_, last_t_] */
    double max_;    /* largest value seen in the window */
} az_timeavg;

/* Starts observing at time t0 with value v0. */
void az_timeavg_init(az_timeavg *a, double t0, double v0);
/* The value becomes v at time t (t >= last change). */
void az_timeavg_set(az_timeavg *a, double t, double v);
/* Adds delta to the value at time t. */
void az_timeavg_add(az_timeavg *a, double t, double delta);
/* Discards the history before t, keeping the current value (warm-up end):
 * the window becomes [t, ...) and its max restarts at the current value. */
void az_timeavg_restart(az_timeavg *a, double t);
/* Time average over [t0, t_end]; the current value if t_end == t0. */
double az_timeavg_mean(const az_timeavg *a, double t_end);
double az_timeavg_max(const az_timeavg *a); /* over the current window */
double az_timeavg_value(const az_timeavg *a);

/* ---- histogram and quantiles ---- */

typedef struct az_hist az_hist;

/* A histogram for values in [0, inf) whose quantiles are within a relative
 * error of 2^-sub_bits of the exact sample quantile for values in
 * [lowest, highest]; values below lowest count in one bucket at 0..lowest,
 * values above highest in one bucket at the top. sub_bits in 1..10; lowest
 * at least DBL_MIN. Memory: about 2^sub_bits * log2(highest/lowest) counters.
 * On AZ_OK *out is yours; free it with az_hist_free. On error (AZ_EINVAL,
 * AZ_ENOMEM) *out is NULL and nothing leaks. */
az_status az_hist_create(double lowest, double highest, int sub_bits,
                         az_hist **out, az_error *err);
void az_hist_free(az_hist *h); /* NULL is a no-op */
/* O(1), no allocation. Negatives count as underflow; NaN is ignored. */
void az_hist_add(az_hist *h, double x);
void az_hist_reset(az_hist *h);
uint64_t az_hist_count(const az_hist *h);
/* The p-quantile, 0 <= p <= 1: the bucket holding the order statistic
 * x_(ceil(p n)), interpolated linearly inside it. p = 0 and p = 1 give the
 * exact min and max. 0 if empty. */
double az_hist_quantile(const az_hist *h, double p);
/* Adds from's counts to into; AZ_EINVAL unless both have the same shape. */
az_status az_hist_merge(az_hist *into, const az_hist *from, az_error *err);
/* Bucket access, for drawing a histogram: number of buckets, and bucket i's
 * lower bound, upper bound and count (any OUT pointer may be NULL). Bucket 0
 * is the underflow [0, lowest); the last is the overflow, from highest to the
 * largest value seen. Bounds increase with i. */
size_t az_hist_buckets(const az_hist *h);
void az_hist_bucket(const az_hist *h, size_t i, double *lo, double *hi,
                    uint64_t *count);

/* ---- confidence intervals over replications ---- */

/* The two-sided Student-t quantile t_{n-1, (1+level)/2} (from GSL); +inf
 * for n < 2, NAN for a level outside (0,1). */
double az_t_quantile(double level, uint64_t n);

/* Mean and half-width of the level CI (e.g. 0.95) of the mean of x[0..n-1],
 * treating the x as independent replications. n >= 2 for a finite width;
 * with n == 1 the half-width is +inf. mean and halfwidth may be NULL.
 * AZ_EINVAL for n == 0 or level outside (0,1). */
az_status az_ci_mean(const double *x, size_t n, double level, double *mean,
                     double *halfwidth, az_error *err);

/* Half-width of the level CI of the mean from a tally of replication means;
 * +inf when fewer than 2, NAN for a level outside (0,1). */
double az_tally_ci_halfwidth(const az_tally *t, double level);

/* ---- warm-up ---- */

/* MSER-5: averages the series in batches of 5 and returns in *trunc the
 * number of leading observations (a multiple of 5) whose removal minimises
 * the standard error of the mean of the rest, searching the first half.
 * Exactly: nb = n/5 batch means b_j (an incomplete last batch is ignored);
 * for d = 0 .. nb/2, MSER(d) = sum_{j>=d} (b_j - mean_d)^2 / (nb-d)^2;
 * *trunc = 5 d for the minimising d, the lowest on ties. No allocation.
 * AZ_EINVAL when n < 10. */
az_status az_mser5(const double *x, size_t n, size_t *trunc, az_error *err);

#endif
