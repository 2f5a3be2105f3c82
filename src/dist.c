/*
 * dist.c: distributions of times, drawn from an az_rng stream. See dist.h and
 * docs/distributions.md.
 *
 * Exponential, uniform, triangular and the empirical table are sampled here by
 * inversion of one uniform. The others call GSL's samplers through a gsl_rng
 * built on the stack around the caller's az_rng (philox_type below), so no
 * GSL generator is ever allocated and every draw comes from the az_rng stream.
 *
 * Layout of p_ by kind (unused slots are 0):
 *   constant     value
 *   uniform      min, max, max - min
 *   triangular   min, mode, max
 *   exponential  mean
 *   normal       mean, cv, sd = mean * cv       (cv == 0: constant mean)
 *   lognormal    mean, cv, zeta, sigma          (cv == 0: constant mean)
 *   gamma        mean, cv, shape, scale         (cv == 0: constant mean)
 *   erlang       k, mean, scale = mean / k
 *   weibull      shape, scale
 *   pert         min, max, a, b                 (Beta(a, b) on [min, max])
 *   discrete     x_ values, q_ probabilities normalised to sum 1, aux_ alias
 *   empirical    x_ values, q_ cumulative with q_[0] = 0 and q_[n-1] = 1
 *
 * Invariant: a zero-filled az_dist is the constant 0 and owns nothing, which
 * is also the state every constructor leaves on error.
 */
#include "azalea/dist.h"
#include "util/alloc.h"

#include "rng_impl.h"
#include "zig.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sf_gamma.h>

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Tolerance on probabilities summing to 1 and on the ends of a CDF table. */
#define SUM_TOL 1e-9

/* Parameters are printed with 15 significant digits: enough to tell apart
 * any two decimals an engineer typed, without the noise of %.17g. */
#define NUM "%.15g"

/* ---- GSL adapter --------------------------------------------------------- */

/* state is the caller's az_rng. max = 2^32 - 1 so that GSL's ziggurat takes
 * its single-word path (8 bits of layer, 24 bits of position). */
static unsigned long philox_get(void *state)
{
    return (unsigned long)(azi_rng_u64(state) >> 32);
}

static double philox_get_double(void *state)
{
    return azi_rng_uniform(state);
}

/* Seeding is az_rng_init's job; GSL never calls this on our generator. */
static void philox_set(void *state, unsigned long seed)
{
    (void)state;
    (void)seed;
}

static const gsl_rng_type philox_type = {
    "azalea-philox4x64", 0xffffffffUL, 0, sizeof(az_rng),
    philox_set, philox_get, philox_get_double
};

/* ---- helpers ------------------------------------------------------------- */

static void set_zero(az_dist *d)
{
    memset(d, 0, sizeof *d);
    d->kind_ = AZ_DIST_CONSTANT;
}

/* A fresh d of kind k with parameters p0..p3 (what each means: the
 * sampler of k). */
static void set_params(az_dist *d, az_dist_kind k, double p0, double p1,
                       double p2, double p3)
{
    set_zero(d);
    d->kind_ = k;
    d->p_[0] = p0;
    d->p_[1] = p1;
    d->p_[2] = p2;
    d->p_[3] = p3;
}

/* Each check returns AZ_OK or fills err; callers chain them with ||. */
static az_status need_finite(az_dist *d, az_error *err, const char *dist,
                             const char *param, double v)
{
    if (isfinite(v))
        return AZ_OK;
    set_zero(d);
    return az_error_set(err, AZ_EINVAL, "%s: %s must be finite (got %g)", dist,
                        param, v);
}

static az_status need_positive(az_dist *d, az_error *err, const char *dist,
                               const char *param, double v)
{
    if (v > 0)
        return AZ_OK;
    set_zero(d);
    return az_error_set(err, AZ_EINVAL, "%s: %s must be > 0 (got " NUM ")",
                        dist, param, v);
}

static az_status need_nonneg(az_dist *d, az_error *err, const char *dist,
                             const char *param, double v)
{
    if (v >= 0)
        return AZ_OK;
    set_zero(d);
    return az_error_set(err, AZ_EINVAL, "%s: %s must be >= 0 (got " NUM ")",
                        dist, param, v);
}

/* min <= mode <= max, min >= 0 and, unless equal_ok, min < max. */
static az_status need_range(az_dist *d, az_error *err, const char *dist,
                            double min, double mode, double max, int equal_ok)
{
    az_status rc;
    if ((rc = need_finite(d, err, dist, "min", min)) ||
        (rc = need_finite(d, err, dist, "mode", mode)) ||
        (rc = need_finite(d, err, dist, "max", max)) ||
        (rc = need_nonneg(d, err, dist, "min", min)))
        return rc;
    set_zero(d);
    if (min > max)
        return az_error_set(err, AZ_EINVAL,
                            "%s: min must be <= max (got min " NUM ", max " NUM
                            ")",
                            dist, min, max);
    if (!equal_ok && min == max)
        return az_error_set(err, AZ_EINVAL,
                            "%s: min must be < max (got min " NUM ", max " NUM
                            ")",
                            dist, min, max);
    if (mode < min || mode > max)
        return az_error_set(err, AZ_EINVAL,
                            "%s: mode must be in [min, max] (got mode " NUM
                            ", min " NUM ", max " NUM ")",
                            dist, mode, min, max);
    return AZ_OK;
}

/* Extreme but finite inputs can still overflow a derived quantity (cv^2,
 * 1/cv^2, Gamma(1 + 2/shape), a sum of huge values): refuse them here rather
 * than draw inf or NaN later. */
static az_status need_sane(az_dist *d, az_error *err, const char *dist)
{
    int ok = isfinite(az_dist_mean(d)) && isfinite(az_dist_variance(d));
    for (int i = 0; i < 4; i++)
        ok = ok && isfinite(d->p_[i]);
    if (ok)
        return AZ_OK;
    set_zero(d);
    return az_error_set(err, AZ_EINVAL,
                        "%s: parameters out of range (mean or variance "
                        "not finite)",
                        dist);
}

static double *dup_array(const double *a, size_t n)
{
    if (n > SIZE_MAX / sizeof *a)
        return NULL;
    double *c = azi_malloc(n * sizeof *c);
    if (c)
        memcpy(c, a, n * sizeof *c);
    return c;
}

/* Weibull: mean = scale G1, var = scale^2 (G2 - G1^2) with Gk = Gamma(1+k/s).
 * The variance is written G1^2 expm1(ln G2 - 2 ln G1) to avoid cancelling
 * G2 - G1^2 for large shapes. gsl_sf_lngamma, not lgamma: lgamma writes the
 * global signgam, a data race between threads. */
static void weibull_moments(double shape, double scale, double *mean,
                            double *var)
{
    double l1 = gsl_sf_lngamma(1 + 1 / shape);
    double l2 = gsl_sf_lngamma(1 + 2 / shape);
    *mean = scale * exp(l1);
    *var = scale * scale * exp(2 * l1) * expm1(l2 - 2 * l1);
}

/* Truncated normal N(mu, sd^2 | X >= 0), t = mu / sd = 1 / cv. With
 * lambda = phi(t) / Phi(t): mean = mu + sd lambda and
 * var = sd^2 (1 - t lambda - lambda^2). */
static void truncnorm_moments(double mu, double cv, double *mean, double *var)
{
    if (cv == 0) {
        *mean = mu;
        *var = 0;
        return;
    }
    double sd = mu * cv, t = 1 / cv;
    double lambda = gsl_ran_ugaussian_pdf(t) / gsl_cdf_ugaussian_P(t);
    *mean = mu + sd * lambda;
    /* lambda == 0 (t huge): no truncation; also avoids 0 * inf. */
    *var = lambda == 0 ? sd * sd : sd * sd * (1 - lambda * (t + lambda));
}

/* Two passes: the variance as sum p (x - mean)^2, free of cancellation. */
static void discrete_moments(const double *x, const double *p, size_t n,
                             double *mean, double *var)
{
    double m = 0, v = 0;
    for (size_t i = 0; i < n; i++)
        m += p[i] * x[i];
    for (size_t i = 0; i < n; i++)
        v += p[i] * (x[i] - m) * (x[i] - m);
    *mean = m;
    *var = v;
}

/* Piecewise-linear CDF = mixture of uniforms on [x_i, x_i+1] with weights
 * dq_i: var = sum dq ((mid - mean)^2 + width^2 / 12). */
static void empirical_moments(const double *x, const double *q, size_t n,
                              double *mean, double *var)
{
    double m = 0, v = 0;
    for (size_t i = 0; i + 1 < n; i++)
        m += (q[i + 1] - q[i]) * 0.5 * (x[i] + x[i + 1]);
    for (size_t i = 0; i + 1 < n; i++) {
        double mid = 0.5 * (x[i] + x[i + 1]), w = x[i + 1] - x[i];
        v += (q[i + 1] - q[i]) * ((mid - m) * (mid - m) + w * w / 12);
    }
    *mean = m;
    *var = v;
}

/* ---- constructors ------------------------------------------------------- */

az_status az_dist_constant(az_dist *d, double value, az_error *err)
{
    az_status rc;
    if ((rc = need_finite(d, err, "constant", "value", value)) ||
        (rc = need_nonneg(d, err, "constant", "value", value)))
        return rc;
    set_zero(d);
    d->p_[0] = value;
    return AZ_OK;
}

az_status az_dist_uniform(az_dist *d, double min, double max, az_error *err)
{
    az_status rc;
    if ((rc = need_range(d, err, "uniform", min, min, max, 1)))
        return rc;
    set_params(d, AZ_DIST_UNIFORM, min, max, max - min, 0);
    return need_sane(d, err, "uniform");
}

az_status az_dist_triangular(az_dist *d, double min, double mode, double max,
                             az_error *err)
{
    az_status rc;
    if ((rc = need_range(d, err, "triangular", min, mode, max, 0)))
        return rc;
    set_params(d, AZ_DIST_TRIANGULAR, min, mode, max, 0);
    return need_sane(d, err, "triangular");
}

az_status az_dist_exponential(az_dist *d, double mean, az_error *err)
{
    az_status rc;
    if ((rc = need_finite(d, err, "exponential", "mean", mean)) ||
        (rc = need_positive(d, err, "exponential", "mean", mean)))
        return rc;
    set_params(d, AZ_DIST_EXPONENTIAL, mean, 0, 0, 0);
    return need_sane(d, err, "exponential");
}

/* Shared checks of the (mean, cv) families; on success d is of kind k
 * with p_[0] = mean, p_[1] = cv, and the rest 0 for the caller to set. */
static az_status mean_cv(az_dist *d, az_error *err, const char *dist,
                         az_dist_kind k, double mean, double cv)
{
    az_status rc;
    if ((rc = need_finite(d, err, dist, "mean", mean)) ||
        (rc = need_finite(d, err, dist, "cv", cv)) ||
        (rc = need_positive(d, err, dist, "mean", mean)) ||
        (rc = need_nonneg(d, err, dist, "cv", cv)))
        return rc;
    set_params(d, k, mean, cv, 0, 0);
    return AZ_OK;
}

az_status az_dist_normal(az_dist *d, double mean, double cv, az_error *err)
{
    az_status rc;
    if ((rc = mean_cv(d, err, "normal", AZ_DIST_NORMAL, mean, cv)))
        return rc;
    d->p_[2] = mean * cv;
    return need_sane(d, err, "normal");
}

/* If Y = ln X ~ N(zeta, sigma^2) then E X = exp(zeta + sigma^2 / 2) and
 * cv^2 = exp(sigma^2) - 1, which inverts to the values below. */
az_status az_dist_lognormal(az_dist *d, double mean, double cv, az_error *err)
{
    az_status rc;
    if ((rc = mean_cv(d, err, "lognormal", AZ_DIST_LOGNORMAL, mean, cv)))
        return rc;
    double s2 = log1p(cv * cv);
    d->p_[2] = log(mean) - 0.5 * s2;
    d->p_[3] = sqrt(s2);
    return need_sane(d, err, "lognormal");
}

/* Gamma(shape, scale) has mean shape * scale and cv 1 / sqrt(shape). */
az_status az_dist_gamma(az_dist *d, double mean, double cv, az_error *err)
{
    az_status rc;
    if ((rc = mean_cv(d, err, "gamma", AZ_DIST_GAMMA, mean, cv)))
        return rc;
    if (cv > 0) {
        d->p_[2] = 1 / (cv * cv);
        d->p_[3] = mean * cv * cv;
        if (!(d->p_[3] > 0))
            d->p_[3] = INFINITY; /* cv^2 underflowed: refused below */
    }
    return need_sane(d, err, "gamma");
}

az_status az_dist_erlang(az_dist *d, unsigned k, double mean, az_error *err)
{
    az_status rc;
    if (k < 1) {
        set_zero(d);
        return az_error_set(err, AZ_EINVAL, "erlang: k must be >= 1 (got %u)",
                            k);
    }
    if ((rc = need_finite(d, err, "erlang", "mean", mean)) ||
        (rc = need_positive(d, err, "erlang", "mean", mean)))
        return rc;
    set_params(d, AZ_DIST_ERLANG, k, mean, mean / k, 0);
    if (!(d->p_[2] > 0))
        d->p_[2] = INFINITY; /* mean / k underflowed: refused below */
    return need_sane(d, err, "erlang");
}

az_status az_dist_weibull(az_dist *d, double shape, double scale,
                          az_error *err)
{
    az_status rc;
    if ((rc = need_finite(d, err, "weibull", "shape", shape)) ||
        (rc = need_finite(d, err, "weibull", "scale", scale)) ||
        (rc = need_positive(d, err, "weibull", "shape", shape)) ||
        (rc = need_positive(d, err, "weibull", "scale", scale)))
        return rc;
    set_params(d, AZ_DIST_WEIBULL, shape, scale, 0, 0);
    return need_sane(d, err, "weibull");
}

/* Beta-PERT with lambda = 4: a + b = 6, mean (min + 4 mode + max) / 6. */
az_status az_dist_pert(az_dist *d, double min, double mode, double max,
                       az_error *err)
{
    az_status rc;
    if ((rc = need_range(d, err, "pert", min, mode, max, 0)))
        return rc;
    double w = max - min;
    set_params(d, AZ_DIST_PERT, min, max, 1 + 4 * (mode - min) / w,
               1 + 4 * (max - mode) / w);
    return need_sane(d, err, "pert");
}

/* d (already zeroed) takes the tables *x and *q of n entries as a
 * distribution of kind k; the caller's pointers become NULL, so its
 * cleanup frees nothing that d now owns. */
static void adopt_table(az_dist *d, az_dist_kind k, double **x, double **q,
                        size_t n)
{
    d->kind_ = k;
    d->x_ = *x;
    d->q_ = *q;
    d->n_ = n;
    *x = *q = NULL;
}

/* A table's moments must be finite (huge values can overflow them). */
static az_status need_moments(az_error *err, const char *dist, double mean,
                              double var)
{
    if (isfinite(mean) && isfinite(var))
        return AZ_OK;
    return az_error_set(err, AZ_EINVAL, "%s: parameters out of range (mean "
                        "or variance not finite)", dist);
}

az_status az_dist_discrete(az_dist *d, const double *values,
                           const double *probs, size_t n, az_error *err)
{
    const char *dn = "discrete";
    az_status rc = AZ_OK;
    double *x = NULL, *q = NULL;
    gsl_ran_discrete_t *alias = NULL;
    double sum = 0, mean, var;

    set_zero(d);
    if (n < 1)
        return az_error_set(err, AZ_EINVAL,
                            "discrete: needs at least 1 value (got 0)");
    if (!values || !probs)
        return az_error_set(err, AZ_EINVAL, "discrete: %s is NULL",
                            values ? "probabilities" : "values");
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(values[i]))
            return az_error_set(err, AZ_EINVAL,
                                "%s: values[%zu] must be finite (got %g)", dn,
                                i, values[i]);
        if (!isfinite(probs[i]))
            return az_error_set(err, AZ_EINVAL,
                                "%s: probabilities[%zu] must be finite "
                                "(got %g)",
                                dn, i, probs[i]);
        if (values[i] < 0)
            return az_error_set(err, AZ_EINVAL,
                                "%s: values[%zu] must be >= 0 (got " NUM ")",
                                dn, i, values[i]);
        if (probs[i] < 0)
            return az_error_set(err, AZ_EINVAL,
                                "%s: probabilities[%zu] must be >= 0 (got " NUM
                                ")",
                                dn, i, probs[i]);
        sum += probs[i];
    }
    if (!(fabs(sum - 1) <= SUM_TOL))
        return az_error_set(err, AZ_EINVAL,
                            "%s: probabilities sum to " NUM ", expected 1", dn,
                            sum);

    if (!(x = dup_array(values, n)) || !(q = dup_array(probs, n))) {
        rc = az_error_set(err, AZ_ENOMEM, "%s: out of memory", dn);
        goto cleanup;
    }
    /* Normalised, so that q_ (and the mean) describe exactly what the alias
     * table draws; GSL normalises the same way. */
    for (size_t i = 0; i < n; i++)
        q[i] /= sum;
    discrete_moments(x, q, n, &mean, &var);
    if ((rc = need_moments(err, dn, mean, var)))
        goto cleanup;
    if (!(alias = gsl_ran_discrete_preproc(n, q))) {
        rc = az_error_set(err, AZ_ENOMEM, "%s: out of memory", dn);
        goto cleanup;
    }
    adopt_table(d, AZ_DIST_DISCRETE, &x, &q, n);
    d->aux_ = alias;

cleanup:
    free(x);
    free(q);
    return rc;
}

az_status az_dist_empirical(az_dist *d, const double *x, const double *cum,
                            size_t n, az_error *err)
{
    const char *dn = "empirical";
    az_status rc = AZ_OK;
    double *xs = NULL, *qs = NULL;
    double mean, var;

    set_zero(d);
    if (n < 2)
        return az_error_set(err, AZ_EINVAL,
                            "%s: needs at least 2 points (got %zu)", dn, n);
    if (!x || !cum)
        return az_error_set(err, AZ_EINVAL, "%s: %s is NULL", dn,
                            x ? "cum" : "x");
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(x[i]))
            return az_error_set(err, AZ_EINVAL,
                                "%s: x[%zu] must be finite (got %g)", dn, i,
                                x[i]);
        if (!isfinite(cum[i]))
            return az_error_set(err, AZ_EINVAL,
                                "%s: cum[%zu] must be finite (got %g)", dn, i,
                                cum[i]);
    }
    if (x[0] < 0)
        return az_error_set(err, AZ_EINVAL,
                            "%s: x[0] must be >= 0 (got " NUM ")", dn, x[0]);
    for (size_t i = 1; i < n; i++) {
        if (!(x[i] > x[i - 1]))
            return az_error_set(
                err, AZ_EINVAL,
                "%s: x must be strictly increasing (x[%zu] = " NUM
                " after x[%zu] = " NUM ")",
                dn, i, x[i], i - 1, x[i - 1]);
        if (cum[i] < cum[i - 1])
            return az_error_set(
                err, AZ_EINVAL,
                "%s: cum must be non-decreasing (cum[%zu] = " NUM
                " after cum[%zu] = " NUM ")",
                dn, i, cum[i], i - 1, cum[i - 1]);
    }
    if (!(fabs(cum[0]) <= SUM_TOL))
        return az_error_set(err, AZ_EINVAL,
                            "%s: cum must start at 0 (got cum[0] = " NUM ")",
                            dn, cum[0]);
    if (!(fabs(cum[n - 1] - 1) <= SUM_TOL))
        return az_error_set(err, AZ_EINVAL,
                            "%s: cum must end at 1 (got cum[%zu] = " NUM ")",
                            dn, n - 1, cum[n - 1]);

    if (!(xs = dup_array(x, n)) || !(qs = dup_array(cum, n))) {
        rc = az_error_set(err, AZ_ENOMEM, "%s: out of memory", dn);
        goto cleanup;
    }
    /* Exact ends, clamped inside (clamping keeps the order): the sampler's
     * binary search relies on q_[0] = 0 <= u < 1 = q_[n-1]. */
    for (size_t i = 0; i < n; i++)
        qs[i] = fmin(fmax(qs[i], 0), 1);
    qs[0] = 0;
    qs[n - 1] = 1;
    empirical_moments(xs, qs, n, &mean, &var);
    if ((rc = need_moments(err, dn, mean, var)))
        goto cleanup;
    adopt_table(d, AZ_DIST_EMPIRICAL, &xs, &qs, n);

cleanup:
    free(xs);
    free(qs);
    return rc;
}

/* ---- ownership ---------------------------------------------------------- */

void az_dist_clear(az_dist *d)
{
    if (d->kind_ == AZ_DIST_DISCRETE)
        gsl_ran_discrete_free(d->aux_);
    free(d->x_);
    free(d->q_);
    set_zero(d);
}

az_status az_dist_copy(az_dist *dst, const az_dist *src, az_error *err)
{
    az_status rc = AZ_OK;
    az_dist c = *src;

    if (src->kind_ != AZ_DIST_DISCRETE && src->kind_ != AZ_DIST_EMPIRICAL) {
        *dst = c;
        return AZ_OK;
    }
    /* Arrays copied bit for bit (not through the constructor, which would
     * renormalise), so the copy draws exactly what the original draws. */
    c.x_ = c.q_ = NULL;
    c.aux_ = NULL;
    if (!(c.x_ = dup_array(src->x_, src->n_)) ||
        !(c.q_ = dup_array(src->q_, src->n_)) ||
        (src->kind_ == AZ_DIST_DISCRETE &&
         !(c.aux_ = gsl_ran_discrete_preproc(c.n_, c.q_)))) {
        rc = az_error_set(err, AZ_ENOMEM, "%s: out of memory",
                          az_dist_kind_name(src->kind_));
        goto cleanup;
    }
    *dst = c;
    return AZ_OK;

cleanup:
    free(c.x_);
    free(c.q_);
    set_zero(dst);
    return rc;
}

/* ---- sampling ----------------------------------------------------------- */

static double sample_empirical(const az_dist *d, double u)
{
    const double *x = d->x_, *q = d->q_;
    size_t lo = 0, hi = d->n_ - 1;
    /* Invariant q[lo] <= u < q[hi], so q[hi] - q[lo] > 0 at the end, even
     * across flat (zero-probability) stretches of the table. */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (q[mid] <= u)
            lo = mid;
        else
            hi = mid;
    }
    return x[lo] + (x[hi] - x[lo]) * ((u - q[lo]) / (q[hi] - q[lo]));
}

double az_dist_sample(const az_dist *d, az_rng *r)
{
    gsl_rng g = {&philox_type, r};
    const double *p = d->p_;

    switch (d->kind_) {
    /* The hot kinds first: one uniform, no call into GSL. The engine's
     * inline copy of the exponential is in dist_impl.h. */
    case AZ_DIST_EXPONENTIAL:
        return p[0] * azi_zig_exp(r);
    case AZ_DIST_UNIFORM:
        return p[0] + p[2] * azi_rng_uniform(r);
    case AZ_DIST_CONSTANT:
        return p[0];
    case AZ_DIST_TRIANGULAR: {
        double u = azi_rng_uniform(r), w = p[2] - p[0];
        if (u * w < p[1] - p[0])
            return p[0] + sqrt(u * w * (p[1] - p[0]));
        return p[2] - sqrt((1 - u) * w * (p[2] - p[1]));
    }
    case AZ_DIST_NORMAL: {
        if (p[1] == 0)
            return p[0];
        /* Redraw below 0: at least half the mass is above 0 since mean > 0,
         * so this takes under 2 draws on average. */
        double x;
        do
            x = p[0] + p[2] * azi_zig_norm(r);
        while (x < 0);
        return x;
    }
    case AZ_DIST_LOGNORMAL:
        /* exp of the ziggurat normal (zig_norm.c): one stream word and
         * one exp a draw, where gsl_ran_lognormal's polar method takes
         * 2.5 uniforms, a log and a sqrt. dist_impl.h has the same line. */
        return p[1] == 0 ? p[0] : exp(p[2] + p[3] * azi_zig_norm(r));
    case AZ_DIST_GAMMA:
        return p[1] == 0 ? p[0] : gsl_ran_gamma(&g, p[2], p[3]);
    case AZ_DIST_ERLANG:
        return gsl_ran_gamma(&g, p[0], p[2]);
    case AZ_DIST_WEIBULL:
        return gsl_ran_weibull(&g, p[1], p[0]);
    case AZ_DIST_PERT:
        return p[0] + (p[1] - p[0]) * gsl_ran_beta(&g, p[2], p[3]);
    case AZ_DIST_DISCRETE:
        return d->x_[gsl_ran_discrete(&g, d->aux_)];
    case AZ_DIST_EMPIRICAL:
        return sample_empirical(d, azi_rng_uniform(r));
    }
    return 0;
}

/* ---- moments ------------------------------------------------------------ */

/* The exact mean and variance of what az_dist_sample draws. One switch for
 * both, so the two can never describe different distributions. */
static void moments(const az_dist *d, double *m, double *v)
{
    const double *p = d->p_;
    switch (d->kind_) {
    case AZ_DIST_CONSTANT:
        *m = p[0];
        *v = 0;
        return;
    case AZ_DIST_EXPONENTIAL:
        *m = p[0];
        *v = p[0] * p[0];
        return;
    case AZ_DIST_UNIFORM:
        *m = 0.5 * (p[0] + p[1]);
        *v = p[2] * p[2] / 12;
        return;
    case AZ_DIST_TRIANGULAR: {
        double a = p[0], c = p[1], b = p[2];
        *m = (a + c + b) / 3;
        *v = (a * a + b * b + c * c - a * b - a * c - b * c) / 18;
        return;
    }
    case AZ_DIST_NORMAL:
        truncnorm_moments(p[0], p[1], m, v);
        return;
    case AZ_DIST_LOGNORMAL:
    case AZ_DIST_GAMMA:
        *m = p[0];
        *v = (p[0] * p[1]) * (p[0] * p[1]);
        return;
    case AZ_DIST_ERLANG:
        *m = p[1];
        *v = p[1] * p[2];
        return;
    case AZ_DIST_WEIBULL:
        weibull_moments(p[0], p[1], m, v);
        return;
    case AZ_DIST_PERT: {
        double w = p[1] - p[0], a = p[2], b = p[3];
        *m = p[0] + w * a / (a + b);
        *v = w * w * a * b / ((a + b) * (a + b) * (a + b + 1));
        return;
    }
    case AZ_DIST_DISCRETE:
        discrete_moments(d->x_, d->q_, d->n_, m, v);
        return;
    case AZ_DIST_EMPIRICAL:
        empirical_moments(d->x_, d->q_, d->n_, m, v);
        return;
    }
    *m = *v = 0;
}

double az_dist_mean(const az_dist *d)
{
    double m, v;
    moments(d, &m, &v);
    return m;
}

double az_dist_variance(const az_dist *d)
{
    double m, v;
    moments(d, &m, &v);
    return v;
}

az_dist_kind az_dist_get_kind(const az_dist *d) { return d->kind_; }

const char *az_dist_kind_name(az_dist_kind kind)
{
    switch (kind) {
    case AZ_DIST_CONSTANT: return "constant";
    case AZ_DIST_UNIFORM: return "uniform";
    case AZ_DIST_TRIANGULAR: return "triangular";
    case AZ_DIST_EXPONENTIAL: return "exponential";
    case AZ_DIST_NORMAL: return "normal";
    case AZ_DIST_LOGNORMAL: return "lognormal";
    case AZ_DIST_GAMMA: return "gamma";
    case AZ_DIST_ERLANG: return "erlang";
    case AZ_DIST_WEIBULL: return "weibull";
    case AZ_DIST_PERT: return "pert";
    case AZ_DIST_DISCRETE: return "discrete";
    case AZ_DIST_EMPIRICAL: return "empirical";
    }
    return "unknown";
}
