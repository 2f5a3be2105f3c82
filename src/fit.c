/*
 * fit.c: maximum-likelihood fits of the distributions azalea draws, one
 * family at a time, with right-censored values (which add log S(x)).
 * Closed forms where they exist (exponential; lognormal and uniform
 * without censoring), a profile equation solved in one dimension (gamma
 * without censoring, Weibull), else GSL's Nelder-Mead simplex
 * (gsl_multimin) on unconstrained parameters, restarted from its own
 * optimum until it stops improving. Densities and CDFs are GSL's
 * (gsl_sf_*, gsl_cdf_*); triangular's are written out (GSL has none).
 *
 * Prefix azi_fit_ (fit_impl.h); the public calls are in fit_rank.c.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_multimin.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_sf_psi.h>

#include "fit_impl.h"

uint32_t azi_fit_npar(az_fit_family f)
{
    static const uint32_t np[AZ_FIT_NFAMILY] = {1, 2, 2, 2, 2, 2, 3, 3};
    return np[f];
}

void azi_fit_data_init(azi_fit_data *d, const double *x,
                       const unsigned char *cens, size_t n)
{
    memset(d, 0, sizeof *d);
    d->x = x;
    d->cens = cens;
    d->n = n;
    d->min = d->umin = INFINITY;
    d->max = d->umax = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        d->min = fmin(d->min, x[i]);
        d->max = fmax(d->max, x[i]);
        if (!cens || !cens[i]) {
            d->r++;
            d->umin = fmin(d->umin, x[i]);
            d->umax = fmax(d->umax, x[i]);
        }
    }
}

static int censored(const azi_fit_data *d, size_t i)
{
    return d->cens && d->cens[i];
}

/* ---- densities and distribution functions ---- */

/* PERT's beta exponents. */
static void pert_ab(const double *th, double *a, double *b)
{
    double w = th[2] - th[0];
    *a = 1 + 4 * (th[1] - th[0]) / w;
    *b = 1 + 4 * (th[2] - th[1]) / w;
}

double azi_fit_logpdf(az_fit_family f, const double *th, double x)
{
    switch (f) {
    case AZ_FIT_EXPONENTIAL:
        return x < 0 ? -INFINITY : -log(th[0]) - x / th[0];
    case AZ_FIT_GAMMA:
        if (x <= 0)
            return x == 0 && th[0] == 1 ? -log(th[1]) : -INFINITY;
        return (th[0] - 1) * log(x) - x / th[1] - gsl_sf_lngamma(th[0]) -
               th[0] * log(th[1]);
    case AZ_FIT_LOGNORMAL: {
        if (x <= 0)
            return -INFINITY;
        double z = (log(x) - th[0]) / th[1];
        return -0.5 * z * z - log(th[1] * x) - 0.5 * log(2 * M_PI);
    }
    case AZ_FIT_WEIBULL: {
        if (x <= 0)
            return x == 0 && th[0] == 1 ? -log(th[1]) : -INFINITY;
        double y = x / th[1];
        return log(th[0] / th[1]) + (th[0] - 1) * log(y) - pow(y, th[0]);
    }
    case AZ_FIT_NORMAL: {
        if (x < 0)
            return -INFINITY;
        double z = (x - th[0]) / th[1];
        return -0.5 * z * z - log(th[1]) - 0.5 * log(2 * M_PI) -
               log(gsl_cdf_ugaussian_P(th[0] / th[1]));
    }
    case AZ_FIT_UNIFORM:
        return x < th[0] || x > th[1] ? -INFINITY : -log(th[1] - th[0]);
    case AZ_FIT_TRIANGULAR: {
        double a = th[0], c = th[1], b = th[2];
        if (x < a || x > b)
            return -INFINITY;
        if (x < c || (x == c && c > a))
            return log(2 * (x - a) / ((b - a) * (c - a)));
        return log(2 * (b - x) / ((b - a) * (b - c)));
    }
    case AZ_FIT_PERT: {
        double al, be, w = th[2] - th[0], y = (x - th[0]) / w;
        if (y < 0 || y > 1)
            return -INFINITY;
        pert_ab(th, &al, &be);
        return (al - 1) * log(y) + (be - 1) * log1p(-y) -
               gsl_sf_lnbeta(al, be) - log(w);
    }
    default:
        return NAN;
    }
}

double azi_fit_cdf(az_fit_family f, const double *th, double x)
{
    if (x <= 0 && f != AZ_FIT_UNIFORM && f != AZ_FIT_TRIANGULAR &&
        f != AZ_FIT_PERT)
        return 0;
    switch (f) {
    case AZ_FIT_EXPONENTIAL:
        return gsl_cdf_exponential_P(x, th[0]);
    case AZ_FIT_GAMMA:
        return gsl_cdf_gamma_P(x, th[0], th[1]);
    case AZ_FIT_LOGNORMAL:
        return gsl_cdf_lognormal_P(x, th[0], th[1]);
    case AZ_FIT_WEIBULL:
        return gsl_cdf_weibull_P(x, th[1], th[0]);
    case AZ_FIT_NORMAL: {
        double p0 = gsl_cdf_ugaussian_P(-th[0] / th[1]);
        return (gsl_cdf_ugaussian_P((x - th[0]) / th[1]) - p0) / (1 - p0);
    }
    case AZ_FIT_UNIFORM:
        return x <= th[0] ? 0 : x >= th[1] ? 1 : (x - th[0]) / (th[1] - th[0]);
    case AZ_FIT_TRIANGULAR: {
        double a = th[0], c = th[1], b = th[2];
        if (x <= a)
            return 0;
        if (x >= b)
            return 1;
        if (x < c)
            return (x - a) * (x - a) / ((b - a) * (c - a));
        return 1 - (b - x) * (b - x) / ((b - a) * (b - c));
    }
    case AZ_FIT_PERT: {
        double al, be, y = (x - th[0]) / (th[2] - th[0]);
        if (y <= 0)
            return 0;
        if (y >= 1)
            return 1;
        pert_ab(th, &al, &be);
        return gsl_cdf_beta_P(y, al, be);
    }
    default:
        return NAN;
    }
}

/* 1 - F, computed so that the upper tail keeps its precision. */
double azi_fit_sf(az_fit_family f, const double *th, double x)
{
    if (x <= 0 && f != AZ_FIT_UNIFORM && f != AZ_FIT_TRIANGULAR &&
        f != AZ_FIT_PERT)
        return 1;
    switch (f) {
    case AZ_FIT_EXPONENTIAL:
        return exp(-x / th[0]);
    case AZ_FIT_GAMMA:
        return gsl_cdf_gamma_Q(x, th[0], th[1]);
    case AZ_FIT_LOGNORMAL:
        return gsl_cdf_lognormal_Q(x, th[0], th[1]);
    case AZ_FIT_WEIBULL:
        return exp(-pow(x / th[1], th[0]));
    case AZ_FIT_NORMAL:
        return gsl_cdf_ugaussian_Q((x - th[0]) / th[1]) /
               gsl_cdf_ugaussian_P(th[0] / th[1]);
    case AZ_FIT_PERT: {
        double al, be, y = (x - th[0]) / (th[2] - th[0]);
        if (y <= 0)
            return 1;
        if (y >= 1)
            return 0;
        pert_ab(th, &al, &be);
        return gsl_cdf_beta_Q(y, al, be);
    }
    default:
        return 1 - azi_fit_cdf(f, th, x);
    }
}

/* The uncensored part of the log-likelihood with each family's
 * constants taken out of the loop (the bootstrap refits thousands of
 * times). */
static double loglik_unc(az_fit_family f, const double *th,
                         const azi_fit_data *d)
{
    double s = 0, sl = 0, k = 0, c = 0;
    size_t r = 0;
    switch (f) {
    case AZ_FIT_GAMMA:
    case AZ_FIT_WEIBULL:
    case AZ_FIT_LOGNORMAL:
    case AZ_FIT_NORMAL:
        for (size_t i = 0; i < d->n; i++) {
            if (censored(d, i))
                continue;
            double x = d->x[i];
            if (x <= 0 && f != AZ_FIT_NORMAL)
                return azi_fit_logpdf(f, th, x) == -INFINITY ? -INFINITY
                                                             : NAN;
            r++;
            if (f == AZ_FIT_GAMMA) {
                sl += log(x);
                s += x;
            } else if (f == AZ_FIT_WEIBULL) {
                double y = x / th[1];
                sl += log(y);
                s += pow(y, th[0]);
            } else if (f == AZ_FIT_LOGNORMAL) {
                double lx = log(x), z = (lx - th[0]) / th[1];
                sl += lx;
                s += z * z;
            } else {
                if (x < 0)
                    return -INFINITY;
                double z = (x - th[0]) / th[1];
                s += z * z;
            }
        }
        k = (double)r;
        if (f == AZ_FIT_GAMMA)
            return (th[0] - 1) * sl - s / th[1] -
                   k * (gsl_sf_lngamma(th[0]) + th[0] * log(th[1]));
        if (f == AZ_FIT_WEIBULL)
            return k * log(th[0] / th[1]) + (th[0] - 1) * sl - s;
        c = -0.5 * log(2 * M_PI);
        if (f == AZ_FIT_LOGNORMAL)
            return -0.5 * s - sl + k * (c - log(th[1]));
        return -0.5 * s + k * (c - log(th[1]) -
                               log(gsl_cdf_ugaussian_P(th[0] / th[1])));
    case AZ_FIT_PERT: {
        double al, be, w = th[2] - th[0], s1 = 0, s2 = 0;
        pert_ab(th, &al, &be);
        for (size_t i = 0; i < d->n; i++) {
            if (censored(d, i))
                continue;
            double y = (d->x[i] - th[0]) / w;
            if (y < 0 || y > 1)
                return -INFINITY;
            s1 += log(y);
            s2 += log1p(-y);
            r++;
        }
        return (al - 1) * s1 + (be - 1) * s2 -
               (double)r * (gsl_sf_lnbeta(al, be) + log(w));
    }
    default:
        for (size_t i = 0; i < d->n; i++)
            if (!censored(d, i))
                s += azi_fit_logpdf(f, th, d->x[i]);
        return s;
    }
}

double azi_fit_loglik(az_fit_family f, const double *th,
                      const azi_fit_data *d)
{
    double ll = loglik_unc(f, th, d);
    if (d->r < d->n)
        for (size_t i = 0; i < d->n; i++)
            if (censored(d, i))
                ll += log(azi_fit_sf(f, th, d->x[i]));
    return isnan(ll) ? -INFINITY : ll;
}

/* ---- parameters ---- */

void azi_fit_to_par(az_fit_family f, const double *th, double *par)
{
    par[0] = par[1] = par[2] = NAN;
    switch (f) {
    case AZ_FIT_EXPONENTIAL:
        par[0] = th[0];
        break;
    case AZ_FIT_GAMMA:
        par[0] = th[0] * th[1];
        par[1] = 1 / sqrt(th[0]);
        break;
    case AZ_FIT_LOGNORMAL:
        par[0] = exp(th[0] + th[1] * th[1] / 2);
        par[1] = sqrt(expm1(th[1] * th[1]));
        break;
    case AZ_FIT_NORMAL:
        par[0] = th[0];
        par[1] = th[1] / th[0];
        break;
    default:
        memcpy(par, th, azi_fit_npar(f) * sizeof *par);
    }
}

void azi_fit_from_par(az_fit_family f, const double *par, double *th)
{
    switch (f) {
    case AZ_FIT_EXPONENTIAL:
        th[0] = par[0];
        break;
    case AZ_FIT_GAMMA:
        th[0] = 1 / (par[1] * par[1]);
        th[1] = par[0] / th[0];
        break;
    case AZ_FIT_LOGNORMAL:
        th[1] = sqrt(log1p(par[1] * par[1]));
        th[0] = log(par[0]) - th[1] * th[1] / 2;
        break;
    case AZ_FIT_NORMAL:
        th[0] = par[0];
        th[1] = par[1] * par[0];
        break;
    default:
        memcpy(th, par, azi_fit_npar(f) * sizeof *th);
    }
}

/* ---- the simplex ---- */

typedef struct nm_ctx {
    az_fit_family f;
    const azi_fit_data *d;
} nm_ctx;

static double logistic(double u)
{
    return 1 / (1 + exp(-u));
}

/* Unconstrained u to theta: every theta so made is valid for the data. */
static void u_to_theta(const nm_ctx *c, const double *u, double *th)
{
    const azi_fit_data *d = c->d;
    switch (c->f) {
    case AZ_FIT_LOGNORMAL:
        th[0] = u[0];
        th[1] = exp(u[1]);
        break;
    case AZ_FIT_GAMMA:
    case AZ_FIT_WEIBULL:
    case AZ_FIT_NORMAL:
        th[0] = exp(u[0]);
        th[1] = exp(u[1]);
        break;
    case AZ_FIT_UNIFORM:
        th[0] = d->min - d->min * logistic(u[0]);
        th[1] = d->max + exp(u[1]);
        break;
    default: /* triangular, PERT */
        th[0] = d->min - d->min * logistic(u[0]);
        th[2] = d->max + exp(u[1]);
        th[1] = th[0] + (th[2] - th[0]) * logistic(u[2]);
    }
}

/* The u of a lower end a in [0, min): a = min - min logistic(u). */
static double gap_u(const azi_fit_data *d, double a)
{
    if (!(d->min > 0))
        return 0;
    double g = (d->min - a) / d->min;
    g = fmin(fmax(g, 1e-12), 1 - 1e-12);
    return log(g / (1 - g));
}

static void theta_to_u(const nm_ctx *c, const double *th, double *u)
{
    const azi_fit_data *d = c->d;
    double tiny = 1e-9 * (d->max - d->min);
    switch (c->f) {
    case AZ_FIT_LOGNORMAL:
        u[0] = th[0];
        u[1] = log(th[1]);
        break;
    case AZ_FIT_GAMMA:
    case AZ_FIT_WEIBULL:
    case AZ_FIT_NORMAL:
        u[0] = log(th[0]);
        u[1] = log(th[1]);
        break;
    case AZ_FIT_UNIFORM:
        u[0] = gap_u(d, th[0]);
        u[1] = log(fmax(th[1] - d->max, tiny));
        break;
    default: {
        double a = th[0], b = fmax(th[2], d->max + tiny);
        double q = (th[1] - a) / (b - a);
        q = fmin(fmax(q, 1e-6), 1 - 1e-6);
        u[0] = gap_u(d, a);
        u[1] = log(b - d->max);
        u[2] = log(q / (1 - q));
    }
    }
}

static double nm_f(const gsl_vector *v, void *p)
{
    const nm_ctx *c = p;
    double u[3], th[3];
    for (size_t k = 0; k < v->size; k++)
        u[k] = gsl_vector_get(v, k);
    u_to_theta(c, u, th);
    double ll = azi_fit_loglik(c->f, th, c->d);
    return isfinite(ll) ? -ll : 1e300;
}

/* Nelder-Mead from th; th improved in place. 0 when out of memory. */
static int simplex(az_fit_family f, const azi_fit_data *d, double *th)
{
    nm_ctx c = {f, d};
    size_t k = azi_fit_npar(f);
    double u[3];
    theta_to_u(&c, th, u);
    gsl_multimin_function fn = {nm_f, k, &c};
    gsl_vector *x = gsl_vector_alloc(k), *step = gsl_vector_alloc(k);
    gsl_multimin_fminimizer *s =
        gsl_multimin_fminimizer_alloc(gsl_multimin_fminimizer_nmsimplex2, k);
    if (!x || !step || !s) {
        gsl_vector_free(x);
        gsl_vector_free(step);
        gsl_multimin_fminimizer_free(s);
        return 0;
    }
    for (size_t j = 0; j < k; j++)
        gsl_vector_set(x, j, u[j]);
    double best = nm_f(x, &c);
    /* Restarts from the last optimum, with a fresh simplex, until one
     * gains less than 1e-9 in the log-likelihood. */
    for (int round = 0; round < 4; round++) {
        for (size_t j = 0; j < k; j++)
            gsl_vector_set(step, j, round ? 0.05 : 0.5);
        gsl_multimin_fminimizer_set(s, &fn, x, step);
        for (int it = 0; it < 4000; it++) {
            if (gsl_multimin_fminimizer_iterate(s))
                break;
            if (gsl_multimin_test_size(gsl_multimin_fminimizer_size(s),
                                       1e-8) != GSL_CONTINUE)
                break;
        }
        double v = gsl_multimin_fminimizer_minimum(s);
        gsl_vector_memcpy(x, gsl_multimin_fminimizer_x(s));
        int done = !(v < best - 1e-7);
        best = fmin(best, v);
        if (done)
            break;
    }
    for (size_t j = 0; j < k; j++)
        u[j] = gsl_vector_get(x, j);
    u_to_theta(&c, u, th);
    gsl_vector_free(x);
    gsl_vector_free(step);
    gsl_multimin_fminimizer_free(s);
    return 1;
}

/* ---- the families ---- */

/* Mean and sd of the uncensored values (sd with n - 1). */
static void moments(const azi_fit_data *d, double *mean, double *sd)
{
    double s = 0, ss = 0;
    size_t r = 0;
    for (size_t i = 0; i < d->n; i++)
        if (!censored(d, i)) {
            s += d->x[i];
            r++;
        }
    *mean = s / (double)r;
    for (size_t i = 0; i < d->n; i++)
        if (!censored(d, i))
            ss += (d->x[i] - *mean) * (d->x[i] - *mean);
    *sd = r > 1 ? sqrt(ss / (double)(r - 1)) : 0;
}

/* Gamma's shape from s = ln(mean) - mean(ln x) (Newton on
 * ln k - psi(k) = s, from Minka's start). */
static double gamma_shape(double s)
{
    double k = (3 - s + sqrt((s - 3) * (s - 3) + 24 * s)) / (12 * s);
    for (int it = 0; it < 100; it++) {
        double g = log(k) - gsl_sf_psi(k) - s;
        double dg = 1 / k - gsl_sf_psi_1(k);
        double nk = k - g / dg;
        if (!(nk > 0))
            nk = k / 2;
        if (fabs(nk - k) <= 1e-13 * k) {
            k = nk;
            break;
        }
        k = nk;
    }
    return k;
}

/* Weibull, censored or not: the profile equation in the shape k,
 * 1/k + mean over the uncensored of ln y - sum y^k ln y / sum y^k = 0
 * (y = x / max), decreasing in k, by bisection on ln k; then
 * scale^k = sum x^k / r. */
static void weibull_mle(const azi_fit_data *d, double *th)
{
    double mlog = 0;
    for (size_t i = 0; i < d->n; i++)
        if (!censored(d, i))
            mlog += log(d->x[i] / d->max);
    mlog /= (double)d->r;
    double lo = log(1e-3), hi = log(1e3);
    for (int it = 0; it < 200 && hi - lo > 1e-14; it++) {
        double lk = (lo + hi) / 2, k = exp(lk), s0 = 0, s1 = 0;
        for (size_t i = 0; i < d->n; i++) {
            double y = d->x[i] / d->max;
            if (y > 0) {
                double p = pow(y, k);
                s0 += p;
                s1 += p * log(y);
            }
        }
        double g = 1 / k + mlog - s1 / s0;
        if (g > 0)
            lo = lk;
        else
            hi = lk;
    }
    double k = exp((lo + hi) / 2), s0 = 0;
    for (size_t i = 0; i < d->n; i++)
        s0 += pow(d->x[i] / d->max, k);
    th[0] = k;
    th[1] = d->max * pow(s0 / (double)d->r, 1 / k);
}

int azi_fit_mle(az_fit_family f, const azi_fit_data *d, double *th,
                char *why, size_t whysize)
{
    double mean, sd;
    int cens = d->r < d->n;
    moments(d, &mean, &sd);
    if (d->r < 2 || !(d->umax > d->umin)) {
        snprintf(why, whysize, "fewer than two different uncensored values");
        return 0;
    }
    int positive = d->umin > 0;
    switch (f) {
    case AZ_FIT_EXPONENTIAL: {
        double s = 0;
        for (size_t i = 0; i < d->n; i++)
            s += d->x[i];
        th[0] = s / (double)d->r;
        return 1;
    }
    case AZ_FIT_GAMMA:
    case AZ_FIT_LOGNORMAL:
    case AZ_FIT_WEIBULL: {
        if (!positive) {
            snprintf(why, whysize, "a value is 0, where its density is %s",
                     f == AZ_FIT_LOGNORMAL ? "0" : "0 or infinite");
            return 0;
        }
        double ml = 0, vl = 0;
        for (size_t i = 0; i < d->n; i++)
            if (!censored(d, i))
                ml += log(d->x[i]);
        ml /= (double)d->r;
        for (size_t i = 0; i < d->n; i++)
            if (!censored(d, i))
                vl += (log(d->x[i]) - ml) * (log(d->x[i]) - ml);
        vl /= (double)d->r;
        if (f == AZ_FIT_WEIBULL) {
            weibull_mle(d, th);
            return 1;
        }
        if (f == AZ_FIT_LOGNORMAL) {
            th[0] = ml;
            th[1] = sqrt(vl);
        } else {
            th[0] = gamma_shape(log(mean) - ml);
            th[1] = mean / th[0];
        }
        return cens ? simplex(f, d, th) : 1;
    }
    case AZ_FIT_NORMAL:
        th[0] = mean;
        th[1] = sd;
        return simplex(f, d, th);
    case AZ_FIT_UNIFORM:
        if (!cens) {
            th[0] = d->min;
            th[1] = d->max;
            return 1;
        }
        th[0] = fmax(d->min - 1e-3 * (d->max - d->min), d->min / 2);
        th[1] = d->max + 1e-3 * (d->max - d->min);
        return simplex(f, d, th);
    default: { /* triangular, PERT: start from the moments */
        double w = d->max - d->min;
        th[0] = fmax(d->min - w / (double)d->n, d->min / 2);
        th[2] = d->max + w / (double)d->n;
        double mode = f == AZ_FIT_TRIANGULAR ? 3 * mean - th[0] - th[2]
                                             : (6 * mean - th[0] - th[2]) / 4;
        th[1] = fmin(fmax(mode, th[0] + 0.01 * w), th[2] - 0.01 * w);
        return simplex(f, d, th);
    }
    }
}
