/*
 * fit_rank.c: fits every family to one data set and ranks them: the
 * log-likelihood and AIC, standard errors from the observed information,
 * the Anderson-Darling statistic with its p-value by a parametric
 * bootstrap (each family's fit redrawn, refitted and retested with
 * azalea's own samplers, on a fixed seed), the empirical table, and each
 * fit as the model file's YAML (include/azalea/fit.h).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fit_impl.h"
#include "util/alloc.h"

static const char *const names[AZ_FIT_NFAMILY] = {
    "exponential", "gamma", "lognormal", "weibull",
    "normal", "uniform", "triangular", "pert"};

const char *az_fit_family_name(az_fit_family f)
{
    return (unsigned)f < AZ_FIT_NFAMILY ? names[f] : "?";
}

az_status az_fit_check(const double *x, const unsigned char *censored,
                       size_t n, az_error *err)
{
    if (n < AZ_FIT_MIN_N)
        return az_error_set(err, AZ_EINVAL, "%zu values; at least %d are "
                            "needed to fit a distribution", n, AZ_FIT_MIN_N);
    int differ = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(x[i]) || x[i] < 0)
            return az_error_set(err, AZ_EINVAL, "value %zu is %g; a "
                                "duration must be finite and >= 0", i + 1,
                                x[i]);
        differ |= x[i] != x[0] && !(censored && (censored[i] || censored[0]));
    }
    if (!differ)
        return az_error_set(err, AZ_EINVAL, "all %zu values are %g: a "
                            "constant, not a distribution", n, x[0]);
    return AZ_OK;
}

static int regular(az_fit_family f)
{
    return f <= AZ_FIT_NORMAL;
}

/* Standard errors of the model file's parameters: the inverse of the
 * observed information, by central differences of the log-likelihood. */
static void std_errors(az_fit *out, const azi_fit_data *d)
{
    az_fit_family f = out->family;
    uint32_t k = out->npar;
    out->se[0] = out->se[1] = out->se[2] = NAN;
    if (!regular(f))
        return;
    double h[2] = {0, 0}, H[2][2], par[3], th[3];
    for (uint32_t i = 0; i < k; i++)
        h[i] = 1e-4 * fabs(out->par[i]);
#define LL(di, dj)                                                        \
    (memcpy(par, out->par, sizeof par), par[0] += (di) * h[0],            \
     par[k > 1] += (dj) * (k > 1 ? h[1] : 0),                             \
     azi_fit_from_par(f, par, th), azi_fit_loglik(f, th, d))
    double l0 = out->loglik;
    H[0][0] = (LL(1, 0) - 2 * l0 + LL(-1, 0)) / (h[0] * h[0]);
    if (k == 1) {
        if (H[0][0] < 0)
            out->se[0] = sqrt(-1 / H[0][0]);
        return;
    }
    H[1][1] = (LL(0, 1) - 2 * l0 + LL(0, -1)) / (h[1] * h[1]);
    H[0][1] = H[1][0] =
        (LL(1, 1) - LL(1, -1) - LL(-1, 1) + LL(-1, -1)) / (4 * h[0] * h[1]);
#undef LL
    /* covariance = (-H)^-1 */
    double a = -H[0][0], b = -H[0][1], c = -H[1][1], det = a * c - b * b;
    if (det > 0 && a > 0 && c > 0) {
        out->se[0] = sqrt(c / det);
        out->se[1] = sqrt(a / det);
    }
}

/* Fills out from theta. */
static void fill(az_fit *out, const double *th, const azi_fit_data *d)
{
    az_fit_family f = out->family;
    out->fitted = 1;
    azi_fit_to_par(f, th, out->par);
    /* The fit as written (and drawn) is par: the likelihood of that. */
    double t2[3];
    azi_fit_from_par(f, out->par, t2);
    out->loglik = azi_fit_loglik(f, t2, d);
    out->aic = 2.0 * out->npar - 2 * out->loglik;
    az_dist dist;
    if (az_fit_dist(out, &dist, NULL) == AZ_OK) {
        out->mean = az_dist_mean(&dist);
        out->cv = sqrt(az_dist_variance(&dist)) / out->mean;
    }
    std_errors(out, d);
}

static az_status fit_one(az_fit_family f, const azi_fit_data *d, az_fit *out)
{
    double th[3] = {0};
    memset(out, 0, sizeof *out);
    out->family = f;
    out->npar = azi_fit_npar(f);
    out->loglik = out->aic = out->ad = out->p_value = out->mean = out->cv =
        NAN;
    out->se[0] = out->se[1] = out->se[2] = NAN;
    out->par[0] = out->par[1] = out->par[2] = NAN;
    if (!azi_fit_mle(f, d, th, out->why, sizeof out->why))
        return AZ_OK;
    fill(out, th, d);
    if (!isfinite(out->loglik)) {
        out->fitted = 0;
        snprintf(out->why, sizeof out->why, "no parameters give every "
                 "value a density above 0");
    } else if (f == AZ_FIT_NORMAL && !(out->par[0] > 1e-6 * d->umax)) {
        /* the maximum is the half-normal, at mean 0, which the model
         * file cannot write (mean > 0) */
        out->fitted = 0;
        snprintf(out->why, sizeof out->why, "its best fit has mean 0 (a "
                 "half-normal), which the model file cannot take");
    }
    return AZ_OK;
}

az_status az_fit_family_mle(az_fit_family f, const double *x,
                            const unsigned char *censored, size_t n,
                            az_fit *out, az_error *err)
{
    if ((unsigned)f >= AZ_FIT_NFAMILY)
        return az_error_set(err, AZ_EINVAL, "no such family (%d)", (int)f);
    az_status rc = az_fit_check(x, censored, n, err);
    if (rc)
        return rc;
    azi_fit_data d;
    azi_fit_data_init(&d, x, censored, n);
    return fit_one(f, &d, out);
}

/* ---- Anderson-Darling ---- */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* A^2 of the sorted values u[0..r) against the family at theta. */
static double anderson_darling(az_fit_family f, const double *th,
                               const double *u, size_t r)
{
    double s = 0;
    for (size_t i = 0; i < r; i++) {
        double F = azi_fit_cdf(f, th, u[i]);
        double S = azi_fit_sf(f, th, u[r - 1 - i]);
        s += (2.0 * (double)i + 1) *
             (log(fmax(F, 1e-300)) + log(fmax(S, 1e-300)));
    }
    return -(double)r - s / (double)r;
}

/* The uncensored values of x, sorted, into u; their count. */
static size_t uncensored_sorted(const double *x, const unsigned char *cens,
                                size_t n, double *u)
{
    size_t r = 0;
    for (size_t i = 0; i < n; i++)
        if (!cens || !cens[i])
            u[r++] = x[i];
    qsort(u, r, sizeof *u, cmp_double);
    return r;
}

/* The p-value of fit->ad: B data sets drawn from the fit, censored where
 * the data are (a value censored at c is drawn, and censored at c if the
 * draw exceeds it), each refitted and tested. */
static az_status bootstrap(az_fit *fit, const double *x,
                           const unsigned char *cens, size_t n, uint32_t B,
                           uint64_t seed, az_error *err)
{
    az_dist dist;
    az_status rc = az_fit_dist(fit, &dist, err);
    if (rc)
        return rc;
    double *y = azi_malloc(2 * n * sizeof *y);
    unsigned char *c = cens ? azi_malloc(n) : NULL;
    if (!y || (cens && !c)) {
        free(y);
        free(c);
        return az_error_set(err, AZ_ENOMEM, "fit: out of memory");
    }
    double *u = y + n;
    az_rng rng;
    az_rng_init(&rng, seed, (uint64_t)fit->family,
                az_rng_stream_id("fit bootstrap"));
    uint32_t ge = 0, done = 0;
    for (uint32_t b = 0; b < B; b++) {
        for (size_t i = 0; i < n; i++) {
            y[i] = az_dist_sample(&dist, &rng);
            if (c) {
                c[i] = cens[i] && y[i] > x[i];
                if (c[i])
                    y[i] = x[i];
            }
        }
        azi_fit_data d;
        double th[3];
        char why[8];
        azi_fit_data_init(&d, y, c, n);
        if (!azi_fit_mle(fit->family, &d, th, why, sizeof why))
            continue;
        size_t r = uncensored_sorted(y, c, n, u);
        double a = anderson_darling(fit->family, th, u, r);
        done++;
        ge += !(a < fit->ad);
    }
    fit->p_value = (1.0 + ge) / (1.0 + done);
    free(y);
    free(c);
    return AZ_OK;
}

/* ---- all families ---- */

static void empirical(az_fit_result *out, const double *u, size_t r)
{
    uint32_t m = 0;
    for (int k = 0; k < AZ_FIT_EMPIRICAL_MAX; k++) {
        double p = (double)k / (AZ_FIT_EMPIRICAL_MAX - 1);
        double pos = p * (double)(r - 1);
        size_t i = (size_t)pos;
        double v = i + 1 < r ? u[i] + (pos - (double)i) * (u[i + 1] - u[i])
                             : u[r - 1];
        if (m && !(v > out->emp_x[m - 1])) {
            if (m > 1)
                out->emp_cum[m - 1] = p; /* a tie: one point, the later cum */
            continue;
        }
        out->emp_x[m] = v;
        out->emp_cum[m++] = p;
    }
    out->emp_cum[m - 1] = 1;
    out->nemp = m;
}

az_status az_fit_data(const double *x, const unsigned char *censored,
                      size_t n, const az_fit_options *opt,
                      az_fit_result *out, az_error *err)
{
    memset(out, 0, sizeof *out);
    az_status rc = az_fit_check(x, censored, n, err);
    if (rc)
        return rc;
    double *u = azi_malloc(n * sizeof *u);
    if (!u)
        return az_error_set(err, AZ_ENOMEM, "fit: out of memory");
    size_t r = uncensored_sorted(x, censored, n, u);
    out->n = n;
    out->ncensored = n - r;
    double s = 0, ss = 0;
    for (size_t i = 0; i < r; i++)
        s += u[i];
    out->mean = s / (double)r;
    for (size_t i = 0; i < r; i++)
        ss += (u[i] - out->mean) * (u[i] - out->mean);
    out->sd = r > 1 ? sqrt(ss / (double)(r - 1)) : 0;
    out->min = u[0];
    out->max = u[r - 1];
    azi_fit_data d;
    azi_fit_data_init(&d, x, censored, n);
    for (int f = 0; f < AZ_FIT_NFAMILY && !rc; f++) {
        az_fit *fit = &out->fit[f];
        rc = fit_one((az_fit_family)f, &d, fit);
        if (rc || !fit->fitted)
            continue;
        double th[3];
        azi_fit_from_par(fit->family, fit->par, th);
        fit->ad = anderson_darling(fit->family, th, u, r);
        if (opt && opt->bootstrap)
            rc = bootstrap(fit, x, censored, n, opt->bootstrap, opt->seed,
                           err);
        out->rank[out->nranked++] = (uint32_t)f;
    }
    /* by AIC, ties by family order (insertion sort: stable) */
    for (uint32_t i = 1; i < out->nranked; i++)
        for (uint32_t j = i; j > 0 && out->fit[out->rank[j]].aic <
                                          out->fit[out->rank[j - 1]].aic;
             j--) {
            uint32_t t = out->rank[j];
            out->rank[j] = out->rank[j - 1];
            out->rank[j - 1] = t;
        }
    if (!rc)
        empirical(out, u, r);
    free(u);
    return rc;
}

/* ---- the fitted distribution ---- */

az_status az_fit_dist(const az_fit *f, az_dist *d, az_error *err)
{
    const double *p = f->par;
    switch (f->family) {
    case AZ_FIT_EXPONENTIAL:
        return az_dist_exponential(d, p[0], err);
    case AZ_FIT_GAMMA:
        return az_dist_gamma(d, p[0], p[1], err);
    case AZ_FIT_LOGNORMAL:
        return az_dist_lognormal(d, p[0], p[1], err);
    case AZ_FIT_WEIBULL:
        return az_dist_weibull(d, p[0], p[1], err);
    case AZ_FIT_NORMAL:
        return az_dist_normal(d, p[0], p[1], err);
    case AZ_FIT_UNIFORM:
        return az_dist_uniform(d, p[0], p[1], err);
    case AZ_FIT_TRIANGULAR:
        return az_dist_triangular(d, p[0], p[1], p[2], err);
    case AZ_FIT_PERT:
        return az_dist_pert(d, p[0], p[1], p[2], err);
    default:
        return az_error_set(err, AZ_EINVAL, "no such family");
    }
}

double az_fit_cdf(const az_fit *f, double x)
{
    double th[3];
    azi_fit_from_par(f->family, f->par, th);
    return azi_fit_cdf(f->family, th, x);
}

double az_fit_pdf(const az_fit *f, double x)
{
    double th[3];
    azi_fit_from_par(f->family, f->par, th);
    return exp(azi_fit_logpdf(f->family, th, x));
}

/* By bisection on the CDF: every family's is continuous and
 * non-decreasing. */
double az_fit_quantile(const az_fit *f, double p)
{
    double th[3], lo = 0, hi = 1;
    if (!(p > 0 && p < 1))
        return NAN;
    azi_fit_from_par(f->family, f->par, th);
    while (azi_fit_cdf(f->family, th, hi) < p && hi < 1e300)
        hi *= 2;
    for (int it = 0; it < 200 && hi - lo > 1e-12 * hi; it++) {
        double mid = (lo + hi) / 2;
        if (azi_fit_cdf(f->family, th, mid) < p)
            lo = mid;
        else
            hi = mid;
    }
    return (lo + hi) / 2;
}

/* ---- YAML ---- */

/* v with sig significant digits, in plain notation (the model file's
 * durations take no exponent), trailing zeros dropped. */
static const char *num_sig(double v, int sig, char *buf, size_t size)
{
    if (v == 0 || !isfinite(v)) {
        snprintf(buf, size, "%g", v);
        return buf;
    }
    int e = (int)floor(log10(fabs(v)));
    int dec = sig - 1 - e;
    dec = dec < 0 ? 0 : dec > 15 ? 15 : dec;
    snprintf(buf, size, "%.*f", dec, v);
    if (strchr(buf, '.')) {
        char *z = buf + strlen(buf) - 1;
        while (*z == '0')
            *z-- = '\0';
        if (*z == '.')
            *z = '\0';
    }
    return buf;
}

static const char *num(double v, char *buf, size_t size)
{
    return num_sig(v, 4, buf, size);
}

int az_fit_yaml(const az_fit *f, const char *unit, char *buf, size_t size)
{
    char a[40], b[40], c[40];
    const double *p = f->par;
    const char *name = az_fit_family_name(f->family);
    switch (f->family) {
    case AZ_FIT_EXPONENTIAL:
        return snprintf(buf, size, "{exponential: {mean: %s %s}}",
                        num(p[0], a, sizeof a), unit);
    case AZ_FIT_GAMMA:
    case AZ_FIT_LOGNORMAL:
    case AZ_FIT_NORMAL:
        return snprintf(buf, size, "{%s: {mean: %s %s, cv: %s}}", name,
                        num(p[0], a, sizeof a), unit, num(p[1], b, sizeof b));
    case AZ_FIT_WEIBULL:
        return snprintf(buf, size, "{weibull: {shape: %s, scale: %s %s}}",
                        num(p[0], a, sizeof a), num(p[1], b, sizeof b), unit);
    case AZ_FIT_UNIFORM:
        return snprintf(buf, size, "{uniform: {min: %s %s, max: %s %s}}",
                        num(p[0], a, sizeof a), unit, num(p[1], b, sizeof b),
                        unit);
    default:
        return snprintf(buf, size, "{%s: {min: %s %s, mode: %s %s, max: %s "
                        "%s}}", name, num(p[0], a, sizeof a), unit,
                        num(p[1], b, sizeof b), unit, num(p[2], c, sizeof c),
                        unit);
    }
}

int az_fit_empirical_yaml(const az_fit_result *r, const char *unit,
                          char *buf, size_t size)
{
    size_t len = 0;
    char v[40];
#define PUT(...)                                                          \
    do {                                                                  \
        int k_ = snprintf(buf + (len < size ? len : size),                \
                          len < size ? size - len : 0, __VA_ARGS__);      \
        len += k_ > 0 ? (size_t)k_ : 0;                                   \
    } while (0)
    PUT("{empirical: {values: [");
    for (uint32_t i = 0; i < r->nemp; i++)
        PUT("%s%s", i ? ", " : "", num_sig(r->emp_x[i], 7, v, sizeof v));
    PUT("], cum: [");
    for (uint32_t i = 0; i < r->nemp; i++)
        PUT("%s%s", i ? ", " : "", num(r->emp_cum[i], v, sizeof v));
    PUT("], unit: %s}}", unit);
#undef PUT
    return (int)len;
}
