/*
 * fit_impl.h: what the fitting files share (prefix azi_fit_): each
 * family's density, survival and fit in its natural parameters theta
 * (fit.c), used by the ranking and the bootstrap (fit_rank.c).
 *
 * theta per family: exponential {mean}; gamma {shape, scale}; lognormal
 * {mu, sigma} of the logarithm; Weibull {shape, scale}; normal {mu,
 * sigma} before the truncation at 0; uniform {min, max}; triangular and
 * PERT {min, mode, max}.
 */
#ifndef AZALEA_FIT_IMPL_H
#define AZALEA_FIT_IMPL_H

#include "azalea/fit.h"

/* The data of a fit: x[0..n), cens[i] != 0 for a right-censored value
 * (cens may be NULL); r uncensored values. */
typedef struct azi_fit_data {
    const double *x;
    const unsigned char *cens;
    size_t n, r;
    double min, max;   /* over all values */
    double umin, umax; /* over the uncensored values */
} azi_fit_data;

void azi_fit_data_init(azi_fit_data *d, const double *x,
                       const unsigned char *cens, size_t n);
uint32_t azi_fit_npar(az_fit_family f);
double azi_fit_logpdf(az_fit_family f, const double *th, double x);
double azi_fit_cdf(az_fit_family f, const double *th, double x);
double azi_fit_sf(az_fit_family f, const double *th, double x);
double azi_fit_loglik(az_fit_family f, const double *th,
                      const azi_fit_data *d);
/* The maximum-likelihood theta: 1, or 0 with why filled when the family
 * cannot take the data. */
int azi_fit_mle(az_fit_family f, const azi_fit_data *d, double *th,
                char *why, size_t whysize);
/* theta to the model file's parameters and back. */
void azi_fit_to_par(az_fit_family f, const double *th, double *par);
void azi_fit_from_par(az_fit_family f, const double *par, double *th);

#endif
