/*
 * fit.h: input modelling: fits every distribution azalea can draw to
 * observed durations by maximum likelihood, ranks the fits by AIC, tests
 * each with the Anderson-Darling statistic (p-value by a parametric
 * bootstrap), and writes the winner as the model file's YAML
 * (docs/twin.md, "Fitting inputs").
 *
 * Data are plain doubles in one unit (the caller's: the YAML is written
 * with that unit's name). A value may be right-censored (censored[i] != 0:
 * the true value is larger than x[i], as the up-time of a machine that was
 * still running when the log ended); it then adds log S(x) to the
 * log-likelihood, not log f(x).
 *
 * Also the readers of the two kinds of file `azalea fit` takes, with every
 * bad value located (file, line): a column of durations, and a downtime
 * log (machine,start,end[,kind]) turned into up-times and repair times
 * per station.
 *
 * Output is deterministic: the bootstrap draws from az_rng streams of the
 * options' seed.
 */
#ifndef AZALEA_FIT_H
#define AZALEA_FIT_H

#include <stddef.h>
#include <stdint.h>

#include "azalea/dist.h"
#include "azalea/error.h"
#include "azalea/load.h"
#include "azalea/model.h"

typedef enum az_fit_family {
    AZ_FIT_EXPONENTIAL, /* par: mean */
    AZ_FIT_GAMMA,       /* par: mean, cv */
    AZ_FIT_LOGNORMAL,   /* par: mean, cv (of the lognormal itself) */
    AZ_FIT_WEIBULL,     /* par: shape, scale */
    AZ_FIT_NORMAL,      /* par: mean, cv of the normal before its
                         * truncation at 0, as the model file gives them */
    AZ_FIT_UNIFORM,     /* par: min, max */
    AZ_FIT_TRIANGULAR,  /* par: min, mode, max */
    AZ_FIT_PERT,        /* par: min, mode, max (beta-PERT, lambda 4) */
    AZ_FIT_NFAMILY
} az_fit_family;

/* At least this many values (uncensored and censored) to fit. */
enum { AZ_FIT_MIN_N = 10, AZ_FIT_EMPIRICAL_MAX = 21 };

typedef struct az_fit {
    az_fit_family family;
    int fitted;         /* 0: the family cannot take the data (why says
                         * so, e.g. a value of 0 for the lognormal) */
    char why[128];
    uint32_t npar;
    double par[3];      /* the model file's parameters (see above) */
    double se[3];       /* their standard errors from the observed
                         * information; NaN for uniform, triangular and
                         * PERT, whose ends are not regular */
    double loglik, aic; /* aic = 2 npar - 2 loglik */
    double ad;          /* Anderson-Darling A^2 of the uncensored values */
    double p_value;     /* P(A^2 >= ad) under the fit, by parametric
                         * bootstrap; NaN without one */
    double mean, cv;    /* of the distribution as azalea draws it */
} az_fit;

typedef struct az_fit_options {
    uint32_t bootstrap; /* data sets per family for the p-value; 0: none */
    uint64_t seed;      /* of the bootstrap's streams */
} az_fit_options;

typedef struct az_fit_result {
    size_t n, ncensored;
    double mean, sd, min, max; /* of the uncensored values */
    az_fit fit[AZ_FIT_NFAMILY];  /* indexed by family */
    uint32_t rank[AZ_FIT_NFAMILY]; /* fitted families, best AIC first */
    uint32_t nranked;
    /* The empirical table (never ranked): the piecewise-linear CDF
     * through the quantiles at cum = 0, 0.05, ..., 1 of the uncensored
     * values (ties merged), nemp points. */
    uint32_t nemp;
    double emp_x[AZ_FIT_EMPIRICAL_MAX], emp_cum[AZ_FIT_EMPIRICAL_MAX];
} az_fit_result;

const char *az_fit_family_name(az_fit_family f);

/* Checks that x can be fitted: n >= AZ_FIT_MIN_N, every value finite and
 * >= 0, not all equal. AZ_EINVAL with a message otherwise. */
az_status az_fit_check(const double *x, const unsigned char *censored,
                       size_t n, az_error *err);

/* The maximum-likelihood fit of one family (censored may be NULL). AZ_OK
 * with out->fitted 0 when the family cannot take the data; AZ_EINVAL for
 * data az_fit_check refuses; AZ_ENOMEM. */
az_status az_fit_family_mle(az_fit_family f, const double *x,
                            const unsigned char *censored, size_t n,
                            az_fit *out, az_error *err);

/* Every family, ranked by AIC, with A^2 and its bootstrap p-value, and
 * the empirical table. opt may be NULL (no bootstrap). */
az_status az_fit_data(const double *x, const unsigned char *censored,
                      size_t n, const az_fit_options *opt,
                      az_fit_result *out, az_error *err);

/* The fitted distribution as azalea draws it (parameters in the data's
 * unit). */
az_status az_fit_dist(const az_fit *f, az_dist *d, az_error *err);
double az_fit_cdf(const az_fit *f, double x);
double az_fit_pdf(const az_fit *f, double x);
double az_fit_quantile(const az_fit *f, double p);

/* The fit as the model file writes it, "{gamma: {mean: 41.2 s, cv:
 * 0.31}}", with unit (a duration unit of the model file: "s", "min",
 * ...) after each duration. Returns the length snprintf would write. */
int az_fit_yaml(const az_fit *f, const char *unit, char *buf, size_t size);
/* The empirical table as "{empirical: {values: [...], cum: [...], unit:
 * s}}". */
int az_fit_empirical_yaml(const az_fit_result *r, const char *unit,
                          char *buf, size_t size);

/* ---- reading the data (fit_data.c) ---- */

/* A column of durations: x[i] read at line[i] of the file. */
typedef struct az_fit_sample {
    double *x;
    int *line;
    size_t n;
    char column[64]; /* the column read ("" for a file of bare numbers) */
} az_fit_sample;

/* Reads path: a CSV file with a header (the column named `column`, or
 * the first one if column is NULL), or one number a line (no header;
 * column must then be NULL). Each value is multiplied by scale. Bad data
 * (a value that is not a number, a negative one; fewer than AZ_FIT_MIN_N
 * values; all equal) is AZ_EINVAL with err's file and line; AZ_EIO if the
 * file cannot be read. Free with az_fit_sample_free. */
az_status az_fit_read_sample(const char *path, const char *column,
                             double scale, az_fit_sample *out,
                             az_error *err);
void az_fit_sample_free(az_fit_sample *s);

/* One station's downtimes from a log. */
typedef struct az_fit_station_log {
    char *name;
    uint32_t machines;    /* machines seen in the log */
    uint32_t failures;    /* rows of failures */
    uint32_t other;       /* rows of another kind (not fitted) */
    double *up;           /* [nup] times between failures: from a repair's
                           * end to the next failure's start, calendar */
    unsigned char *up_censored; /* [nup]: the last up-time of a machine,
                                 * from its last repair to the log's end */
    size_t nup;
    double *repair;       /* [failures] repair times */
    int first_line;       /* of its first row */
} az_fit_station_log;

typedef struct az_fit_downtime {
    az_fit_station_log *st;
    size_t nst;
    double end;          /* the log's end (seconds from the anchor) */
    int end_given;       /* from end_text, else the latest end in the log */
    size_t rows;
} az_fit_downtime;

/* Reads a downtime log, machine,start,end[,kind]: machine is "station" or
 * "station/index" (index from 1); start and end are date-times
 * ("2026-12-07 06:00", seconds from the model's run.start, or from
 * 1970-01-01 without one) or seconds from that anchor; kind, when the
 * column is there, is "failure" (or empty) for a breakdown, anything else
 * (planned maintenance...) is kept out of the fit. end_text (NULL: the
 * latest end) is where the log ends: a date-time, or seconds. With m,
 * every machine must name a station of m and an index within its
 * machines. Every problem goes to on_problem (with file and line) and
 * the call returns AZ_EINVAL; times are in seconds. Free with
 * az_fit_downtime_free. */
az_status az_fit_read_downtime(const char *path, const az_model *m,
                               const char *end_text, az_problem_fn on_problem,
                               void *ctx, az_fit_downtime *out,
                               az_error *err);
void az_fit_downtime_free(az_fit_downtime *d);

#endif
