/*
 * fit.h: what `azalea fit` (fit.c) shares with its HTML page
 * (report_fit.c).
 */
#ifndef AZALEA_CLI_FIT_H
#define AZALEA_CLI_FIT_H

#include <stddef.h>

#include "azalea/fit.h"

/* Writes the page to path: the histogram with the top three fits'
 * densities, their Q-Q and P-P plots (gnuplot, inline SVG). 0, or the
 * exit status having said why. */
int report_fit(const char *path, const char *source, const char *unit,
               const double *x, size_t n, const az_fit_result *r);

#endif
