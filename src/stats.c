/*
 * stats.c: tallies, time averages, the log-linear histogram, Student-t
 * confidence intervals and the MSER-5 warm-up rule. See docs/statistics.md
 * for the formulas and the error bound of the histogram.
 *
 * Nothing here allocates during a run: az_hist takes all its memory in
 * az_hist_create and the rest are value types or work in place.
 */
#include "stats_impl.h"
#include "util/alloc.h"

#include <assert.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

/* ======================================================================== */
/* tally                                                                     */
/* ======================================================================== */

/* Invariant: m2_ is the sum of squared deviations from mean_ of the n_
 * observations. Welford's update keeps it without the cancellation of
 * sum(x^2) - n mean^2. min_/max_ are only meaningful when n_ > 0. */

void az_tally_init(az_tally *t)
{
    t->n_ = 0;
    t->mean_ = t->m2_ = 0.0;
    t->min_ = INFINITY;
    t->max_ = -INFINITY;
}

void az_tally_add(az_tally *t, double x)
{
    t->n_++;
    double d = x - t->mean_;
    t->mean_ += d / (double)t->n_;
    t->m2_ += d * (x - t->mean_);
    if (x < t->min_)
        t->min_ = x;
    if (x > t->max_)
        t->max_ = x;
}

void az_tally_merge(az_tally *into, const az_tally *from)
{
    if (from->n_ == 0)
        return;
    if (into->n_ == 0) {
        *into = *from;
        return;
    }
    /* Chan, Golub & LeVeque: the pooled M2 is both M2s plus the term for the
     * distance between the two means. */
    double na = (double)into->n_, nb = (double)from->n_, n = na + nb;
    double d = from->mean_ - into->mean_;
    into->mean_ += d * (nb / n);
    into->m2_ += from->m2_ + d * d * (na * nb / n);
    into->n_ += from->n_;
    if (from->min_ < into->min_)
        into->min_ = from->min_;
    if (from->max_ > into->max_)
        into->max_ = from->max_;
}

uint64_t az_tally_count(const az_tally *t) { return t->n_; }

double az_tally_mean(const az_tally *t) { return t->n_ ? t->mean_ : 0.0; }

double az_tally_variance(const az_tally *t)
{
    return t->n_ < 2 ? 0.0 : t->m2_ / (double)(t->n_ - 1);
}

double az_tally_stddev(const az_tally *t)
{
    return sqrt(az_tally_variance(t));
}

double az_tally_min(const az_tally *t) { return t->n_ ? t->min_ : 0.0; }

double az_tally_max(const az_tally *t) { return t->n_ ? t->max_ : 0.0; }

/* ======================================================================== */
/* time-weighted average                                                     */
/* ======================================================================== */

/* Invariant: t0_ <= last_t_, and area_ is the integral of the step function
 * over [t0_, last_t_]; the value value_ holds from last_t_ on. Times must not
 * go backwards: the engine's clock never does, so an assert catches our bug. */

void az_timeavg_init(az_timeavg *a, double t0, double v0)
{
    a->t0_ = a->last_t_ = t0;
    a->value_ = v0;
    a->area_ = 0.0;
    a->max_ = v0;
}

void az_timeavg_set(az_timeavg *a, double t, double v)
{
    azi_timeavg_set(a, t, v);
}

void az_timeavg_add(az_timeavg *a, double t, double delta)
{
    azi_timeavg_add(a, t, delta);
}

void az_timeavg_restart(az_timeavg *a, double t)
{
    assert(t >= a->last_t_);
    az_timeavg_init(a, t, a->value_);
}

double az_timeavg_mean(const az_timeavg *a, double t_end)
{
    assert(t_end >= a->last_t_);
    double span = t_end - a->t0_;
    if (span <= 0.0)
        return a->value_;
    return (a->area_ + a->value_ * (t_end - a->last_t_)) / span;
}

double az_timeavg_max(const az_timeavg *a) { return a->max_; }

double az_timeavg_value(const az_timeavg *a) { return a->value_; }

/* ======================================================================== */
/* log-linear histogram                                                      */
/* ======================================================================== */

/*
 * The bucket of a positive normal double is its IEEE-754 bit pattern shifted
 * right by 52 - sub_bits: the exponent plus the top sub_bits of the
 * mantissa. That splits every octave [2^e, 2^(e+1)) into 2^sub_bits equal
 * parts, costs one shift to compute, and is monotone in the value, so
 * key(x) - key(lowest) is a dense index. A bucket [lo, hi) has
 * hi - lo = 2^(e - sub_bits) <= lo * 2^-sub_bits, hence the error bound.
 *
 * Layout of counts[]: 0 is the underflow bucket (x < lowest, and negatives),
 * 1 .. nbuckets-2 are the regular buckets, nbuckets-1 is the overflow bucket
 * (x > highest). The first and last regular buckets are clipped to
 * [lowest, highest].
 */
struct az_hist {
    double lowest, highest;
    int sub_bits;
    unsigned shift;   /* 52 - sub_bits */
    uint64_t key_lo;  /* key(lowest) */
    size_t nbuckets;  /* including underflow and overflow */
    uint64_t count;   /* sum of counts[] */
    double min, max;  /* exact extremes; +inf/-inf when empty */
    uint64_t counts[];
};

static uint64_t dbits(double x)
{
    uint64_t b;
    memcpy(&b, &x, sizeof b);
    return b;
}

static double bitsd(uint64_t b)
{
    double x;
    memcpy(&x, &b, sizeof x);
    return x;
}

static uint64_t key(const az_hist *h, double x) { return dbits(x) >> h->shift; }

az_status az_hist_create(double lowest, double highest, int sub_bits,
                         az_hist **out, az_error *err)
{
    *out = NULL;
    if (!isfinite(lowest) || !(lowest > 0.0))
        return az_error_set(err, AZ_EINVAL,
                            "histogram lowest must be finite and > 0 (got %g)",
                            lowest);
    /* Subnormals have linear, not logarithmic, spacing: no error bound. */
    if (lowest < DBL_MIN)
        return az_error_set(err, AZ_EINVAL,
                            "histogram lowest must be at least %g (got %g)",
                            DBL_MIN, lowest);
    if (!isfinite(highest) || !(highest > lowest))
        return az_error_set(err, AZ_EINVAL,
                            "histogram highest must be finite and > lowest "
                            "(got lowest %g, highest %g)",
                            lowest, highest);
    if (sub_bits < 1 || sub_bits > 10)
        return az_error_set(err, AZ_EINVAL,
                            "histogram sub_bits must be in 1..10 (got %d)",
                            sub_bits);

    unsigned shift = 52u - (unsigned)sub_bits;
    uint64_t klo = dbits(lowest) >> shift, khi = dbits(highest) >> shift;
    /* At most 2046 octaves of 1024 buckets: the size fits in size_t. */
    size_t nb = (size_t)(khi - klo) + 3;
    az_hist *h = azi_malloc(sizeof *h + nb * sizeof h->counts[0]);
    if (!h)
        return az_error_set(err, AZ_ENOMEM,
                            "histogram of %zu buckets: out of memory", nb);
    h->lowest = lowest;
    h->highest = highest;
    h->sub_bits = sub_bits;
    h->shift = shift;
    h->key_lo = klo;
    h->nbuckets = nb;
    az_hist_reset(h);
    *out = h;
    return AZ_OK;
}

void az_hist_free(az_hist *h) { free(h); }

void az_hist_reset(az_hist *h)
{
    memset(h->counts, 0, h->nbuckets * sizeof h->counts[0]);
    h->count = 0;
    h->min = INFINITY;
    h->max = -INFINITY;
}

/* O(1): two compares and a shift; called once per finished unit. */
void az_hist_add(az_hist *h, double x)
{
    if (isnan(x))
        return; /* no bucket and no rank: not counted */
    size_t i;
    if (x < h->lowest)
        i = 0;
    else if (x > h->highest)
        i = h->nbuckets - 1;
    else
        i = (size_t)(key(h, x) - h->key_lo) + 1;
    h->counts[i]++;
    h->count++;
    if (x < h->min)
        h->min = x;
    if (x > h->max)
        h->max = x;
}

uint64_t az_hist_count(const az_hist *h) { return h->count; }

size_t az_hist_buckets(const az_hist *h) { return h->nbuckets; }

/* Bounds of bucket i as drawn: underflow [0, lowest), overflow from highest
 * to the largest value seen (highest while the overflow bucket is empty). */
static void bounds(const az_hist *h, size_t i, double *lo, double *hi)
{
    if (i == 0) {
        *lo = 0.0;
        *hi = h->lowest;
    } else if (i == h->nbuckets - 1) {
        *lo = h->highest;
        *hi = h->counts[i] && h->max > h->highest ? h->max : h->highest;
    } else {
        uint64_t k = h->key_lo + (i - 1);
        *lo = fmax(bitsd(k << h->shift), h->lowest);
        *hi = fmin(bitsd((k + 1) << h->shift), h->highest);
    }
}

void az_hist_bucket(const az_hist *h, size_t i, double *lo, double *hi,
                    uint64_t *count)
{
    assert(i < h->nbuckets);
    double l, u;
    bounds(h, i, &l, &u);
    if (lo)
        *lo = l;
    if (hi)
        *hi = u;
    if (count)
        *count = h->counts[i];
}

/*
 * The p-quantile at continuous rank r = p * count: the bucket where the
 * cumulative count first reaches r, linearly interpolated inside it. That
 * bucket holds the order statistic x_(ceil(r)), so the answer is within one
 * bucket width of it. Bucket ranges are clipped to the exact [min, max], which
 * makes p = 0 and p = 1 exact and bounds the under- and overflow buckets.
 */
double az_hist_quantile(const az_hist *h, double p)
{
    if (h->count == 0)
        return 0.0;
    if (!(p > 0.0))
        return h->min;
    if (p >= 1.0)
        return h->max;
    double r = p * (double)h->count;
    uint64_t cum = 0;
    size_t i = 0;
    /* r <= count, so the loop stops on a non-empty bucket at the latest on
     * the last non-empty one. */
    while ((double)(cum + h->counts[i]) < r)
        cum += h->counts[i++];
    double lo, hi;
    bounds(h, i, &lo, &hi);
    if (i == 0)
        lo = h->min; /* the underflow bucket may hold negatives */
    lo = fmax(lo, h->min);
    hi = fmin(hi, h->max);
    double f = (r - (double)cum) / (double)h->counts[i];
    return lo + f * (hi - lo);
}

az_status az_hist_merge(az_hist *into, const az_hist *from, az_error *err)
{
    if (into->lowest != from->lowest || into->highest != from->highest ||
        into->sub_bits != from->sub_bits)
        return az_error_set(err, AZ_EINVAL,
                            "histograms differ in shape: [%g, %g] with %d "
                            "sub-bits vs [%g, %g] with %d",
                            into->lowest, into->highest, into->sub_bits,
                            from->lowest, from->highest, from->sub_bits);
    for (size_t i = 0; i < into->nbuckets; i++)
        into->counts[i] += from->counts[i];
    into->count += from->count;
    into->min = fmin(into->min, from->min);
    into->max = fmax(into->max, from->max);
    return AZ_OK;
}

/* ======================================================================== */
/* confidence intervals                                                      */
/* ======================================================================== */

/* GSL's default error handler aborts, so arguments are checked here and GSL
 * is only called inside its domain (P in (0,1), nu >= 1). */
double az_t_quantile(double level, uint64_t n)
{
    if (!(level > 0.0 && level < 1.0))
        return NAN;
    if (n < 2)
        return INFINITY; /* no degrees of freedom: the interval is unbounded */
    return gsl_cdf_tdist_Pinv(0.5 * (1.0 + level), (double)(n - 1));
}

static az_status check_level(double level, az_error *err)
{
    if (!(level > 0.0 && level < 1.0))
        return az_error_set(err, AZ_EINVAL,
                            "confidence level must be in (0, 1) (got %g)",
                            level);
    return AZ_OK;
}

az_status az_ci_mean(const double *x, size_t n, double level, double *mean,
                     double *halfwidth, az_error *err)
{
    if (n == 0)
        return az_error_set(err, AZ_EINVAL,
                            "confidence interval of no replications (n == 0)");
    az_status rc = check_level(level, err);
    if (rc != AZ_OK)
        return rc;
    /* Two passes: n is a number of replications, small, and this is exact
     * to rounding whatever the spread. */
    double s = 0.0;
    for (size_t i = 0; i < n; i++)
        s += x[i];
    double m = s / (double)n, hw = INFINITY;
    if (n > 1) {
        double ss = 0.0;
        for (size_t i = 0; i < n; i++)
            ss += (x[i] - m) * (x[i] - m);
        hw = az_t_quantile(level, n) * sqrt(ss / (double)(n - 1) / (double)n);
    }
    if (mean)
        *mean = m;
    if (halfwidth)
        *halfwidth = hw;
    return AZ_OK;
}

/* +inf for fewer than 2 replications, NAN for a level outside (0, 1). */
double az_tally_ci_halfwidth(const az_tally *t, double level)
{
    if (!(level > 0.0 && level < 1.0))
        return NAN;
    if (t->n_ < 2)
        return INFINITY;
    return az_t_quantile(level, t->n_) *
           sqrt(az_tally_variance(t) / (double)t->n_);
}

/* ======================================================================== */
/* MSER-5                                                                    */
/* ======================================================================== */

/*
 * With nb batch means b_0..b_{nb-1} (an incomplete last batch is dropped),
 * MSER(d) = sum_{j>=d} (b_j - mean_d)^2 / (nb - d)^2 for d = 0 .. nb/2, and
 * the answer is 5 * argmin, lowest d on ties. The suffix sums are built
 * backwards with Welford's update, so one pass and no allocation suffice;
 * going from high d to low d, "<=" keeps the lowest d among ties.
 */
az_status az_mser5(const double *x, size_t n, size_t *trunc, az_error *err)
{
    if (n < 10)
        return az_error_set(err, AZ_EINVAL,
                            "MSER-5 needs at least 10 observations (got %zu)",
                            n);
    size_t nb = n / 5, dmax = nb / 2, best_d = 0;
    double mean = 0.0, m2 = 0.0, best = INFINITY;
    for (size_t j = nb; j-- > 0;) {
        const double *b = x + 5 * j;
        double bm = (b[0] + b[1] + b[2] + b[3] + b[4]) / 5.0;
        double k = (double)(nb - j);
        double dev = bm - mean;
        mean += dev / k;
        m2 += dev * (bm - mean);
        if (j <= dmax) {
            double stat = m2 / (k * k);
            if (stat <= best) {
                best = stat;
                best_d = j;
            }
        }
    }
    *trunc = 5 * best_d;
    return AZ_OK;
}
