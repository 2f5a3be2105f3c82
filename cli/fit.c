/*
 * fit.c: `azalea fit`: fits distributions to observed durations (a column
 * of a CSV file) and prints them ranked by AIC with the best as the model
 * file's YAML, or, with --downtime, fits each station's times between
 * failures and repair times from a downtime log and prints its failures
 * block. The fitting is the library's (azalea/fit.h); --report draws the
 * page with gnuplot (report_fit.c).
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "azalea/fit.h"
#include "azalea/load.h"
#include "cli.h"
#include "fit.h"

typedef struct fit_opts {
    const char *file, *column, *unit, *downtime, *model, *end, *report;
    const char *bootstrap, *seed;
} fit_opts;

static int parse(int argc, char **argv, fit_opts *o)
{
    static const struct {
        const char *name;
        size_t off;
    } valued[] = {
        {"--column", offsetof(fit_opts, column)},
        {"--unit", offsetof(fit_opts, unit)},
        {"--downtime", offsetof(fit_opts, downtime)},
        {"--model", offsetof(fit_opts, model)},
        {"--end", offsetof(fit_opts, end)},
        {"--report", offsetof(fit_opts, report)},
        {"--bootstrap", offsetof(fit_opts, bootstrap)},
        {"--seed", offsetof(fit_opts, seed)},
    };
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (a[0] != '-' || a[1] == '\0') {
            if (o->file) {
                fprintf(stderr, "azalea: fit: more than one data file "
                        "('%s', '%s')\n", o->file, a);
                return 0;
            }
            o->file = a;
            continue;
        }
        size_t k = 0, n = sizeof valued / sizeof valued[0];
        while (k < n && strcmp(a, valued[k].name))
            k++;
        if (k == n) {
            fprintf(stderr, "azalea: fit: unknown option '%s' (see 'azalea "
                    "help')\n", a);
            return 0;
        }
        if (i + 1 >= argc) {
            fprintf(stderr, "azalea: option '%s' needs a value\n", a);
            return 0;
        }
        *(const char **)((char *)o + valued[k].off) = argv[++i];
    }
    return 1;
}

static void print_error(const az_error *e)
{
    if (e->file[0] && e->line)
        fprintf(stderr, "%s:%d: %s\n", e->file, e->line, e->msg);
    else
        fprintf(stderr, "azalea: %s\n", e->msg);
}

static void on_problem(void *ctx, const az_error *e)
{
    (void)ctx;
    print_error(e);
}

/* A figure with 4 significant digits in a column of width w. */
static void fig(double v, int w)
{
    if (!isfinite(v))
        printf(" %*s", w, "-");
    else
        printf(" %*.4g", w, v);
}

/* The ranked table of r, fits in unit. */
static void print_table(const az_fit_result *r, const char *unit,
                        const fit_opts *o, uint32_t boot)
{
    char y[512];
    printf("%-4s %-12s %10s %10s %9s %8s %8s  %s\n", "rank", "distribution",
           "loglik", "AIC", "dAIC", "A-D", "p", "parameters");
    double best = r->nranked ? r->fit[r->rank[0]].aic : 0;
    for (uint32_t i = 0; i < r->nranked; i++) {
        const az_fit *f = &r->fit[r->rank[i]];
        az_fit_yaml(f, unit, y, sizeof y);
        printf("%4u %-12s %10.2f %10.2f %9.2f", i + 1,
               az_fit_family_name(f->family), f->loglik, f->aic,
               f->aic - best);
        fig(f->ad, 8);
        fig(f->p_value, 8);
        printf("  %s\n", y);
    }
    for (int k = 0; k < AZ_FIT_NFAMILY; k++)
        if (!r->fit[k].fitted)
            printf("   - %-12s not fitted: %s\n",
                   az_fit_family_name((az_fit_family)k), r->fit[k].why);
    if (boot)
        printf("A-D: Anderson-Darling A^2 of the data against the fit; p: "
               "its p-value by parametric bootstrap (%u data sets a family, "
               "seed %s)\n", boot, o->seed ? o->seed : "1");
    else
        printf("A-D: Anderson-Darling A^2 of the data against the fit "
               "(--bootstrap 0: no p-values)\n");
}

static int options_common(const fit_opts *o, uint32_t *boot, uint64_t *seed)
{
    uint64_t v = 99;
    if (o->bootstrap && !cli_parse_uint("--bootstrap", o->bootstrap, 0,
                                        100000, &v))
        return 0;
    *boot = (uint32_t)v;
    *seed = 1;
    return !o->seed || cli_parse_uint("--seed", o->seed, 0, UINT64_MAX, seed);
}

static int fit_times(const fit_opts *o)
{
    const char *unit = o->unit ? o->unit : "s";
    char spec[64];
    double usec;
    az_error err;
    uint32_t boot;
    uint64_t seed;
    snprintf(spec, sizeof spec, "1 %s", unit);
    if (az_parse_duration(spec, &usec, &err)) {
        fprintf(stderr, "azalea: --unit: expected a duration unit (ms, s, "
                "min, h, d, week, year), got '%s'\n", unit);
        return EXIT_USAGE;
    }
    if (!options_common(o, &boot, &seed))
        return EXIT_USAGE;
    if (o->model || o->end) {
        fprintf(stderr, "azalea: fit: %s goes with --downtime\n",
                o->model ? "--model" : "--end");
        return EXIT_USAGE;
    }
    az_fit_sample s;
    if (az_fit_read_sample(o->file, o->column, 1.0, &s, &err)) {
        print_error(&err);
        return cli_exit_code(err.code);
    }
    az_fit_result r;
    az_fit_options fo = {boot, seed};
    az_status rc = az_fit_data(s.x, NULL, s.n, &fo, &r, &err);
    if (rc) {
        print_error(&err);
        az_fit_sample_free(&s);
        return cli_exit_code(rc);
    }
    printf("%s", o->file);
    if (s.column[0])
        printf(", column '%s'", s.column);
    printf(": %zu values in %s; mean %.4g, sd %.4g (cv %.3g), min %.4g, "
           "max %.4g\n\n", s.n, unit, r.mean, r.sd, r.sd / r.mean, r.min,
           r.max);
    print_table(&r, unit, o, boot);
    char y[1024];
    if (r.nranked) {
        const az_fit *b = &r.fit[r.rank[0]];
        az_fit_yaml(b, unit, y, sizeof y);
        printf("\nbest fit (lowest AIC), for the model file:\n  %s\n", y);
    }
    az_fit_empirical_yaml(&r, unit, y, sizeof y);
    printf("\nempirical table (not ranked: it always fits best; %u "
           "quantiles):\n  %s\n", r.nemp, y);
    int code = 0;
    if (o->report)
        code = report_fit(o->report, o->file, unit, s.x, s.n, &r);
    az_fit_sample_free(&s);
    return code;
}

/* A unit that shows mean m (seconds) as a readable number. */
static const char *unit_for(double m, double *sec)
{
    static const struct {
        const char *u;
        double s;
    } units[] = {{"d", 86400}, {"h", 3600}, {"min", 60}, {"s", 1}};
    for (size_t i = 0; i < 4; i++)
        if (m >= 2 * units[i].s || i == 3) {
            *sec = units[i].s;
            return units[i].u;
        }
    return "s";
}

/* Fits x (seconds) and prints its best as "KEY: YAML" with indent;
 * 0, or the exit status. */
static int fit_one(const char *station, const char *what, const double *x,
                   const unsigned char *cens, size_t n, uint32_t boot,
                   uint64_t seed, char *yaml, size_t size)
{
    az_error err;
    if (n < AZ_FIT_MIN_N) {
        fprintf(stderr, "azalea: station '%s': %zu %s in the log; at least "
                "%d are needed to fit a distribution\n", station, n, what,
                AZ_FIT_MIN_N);
        return EXIT_USAGE;
    }
    double mean = 0, sec;
    for (size_t i = 0; i < n; i++)
        mean += x[i] / (double)n;
    const char *unit = unit_for(mean, &sec);
    double *y = malloc(n * sizeof *y);
    if (!y)
        return EXIT_RUNTIME;
    for (size_t i = 0; i < n; i++)
        y[i] = x[i] / sec;
    az_fit_result r;
    az_fit_options fo = {boot, seed};
    az_status rc = az_fit_data(y, cens, n, &fo, &r, &err);
    free(y);
    if (rc) {
        fprintf(stderr, "azalea: station '%s', %s: %s\n", station, what,
                err.msg);
        return cli_exit_code(rc);
    }
    printf("\n%s, %s (%zu, %zu censored, in %s):\n", station, what, n,
           r.ncensored, unit);
    fit_opts dummy = {0};
    print_table(&r, unit, &dummy, boot);
    if (!r.nranked) {
        fprintf(stderr, "azalea: station '%s': no distribution fits its %s\n",
                station, what);
        return EXIT_USAGE;
    }
    az_fit_yaml(&r.fit[r.rank[0]], unit, yaml, size);
    return 0;
}

static int fit_downtime(const fit_opts *o)
{
    uint32_t boot;
    uint64_t seed;
    az_error err;
    if (!options_common(o, &boot, &seed))
        return EXIT_USAGE;
    if (o->file || o->column || o->unit || o->report) {
        fprintf(stderr, "azalea: fit --downtime takes the log, --model, "
                "--end, --bootstrap and --seed only\n");
        return EXIT_USAGE;
    }
    az_model *m = NULL;
    if (o->model) {
        az_load_options lo = {0};
        lo.on_problem = cli_print_problem;
        int count = 0;
        lo.ctx = &count;
        if (az_model_load_file(o->model, &lo, &m, NULL, &err)) {
            if (!count)
                fprintf(stderr, "azalea: %s\n", err.msg);
            return cli_exit_code(err.code);
        }
    }
    az_fit_downtime d;
    az_status rc = az_fit_read_downtime(o->downtime, m, o->end, on_problem,
                                        NULL, &d, &err);
    az_model_free(m);
    if (rc) {
        if (rc != AZ_EINVAL || !err.file[0])
            print_error(&err);
        return cli_exit_code(rc);
    }
    printf("%s: %zu downtimes, %zu station%s; the log ends at %.0f s%s.\n"
           "Clock: calendar. A plain log gives all time between a repair's "
           "end and the next failure, working or not, so the fits are for "
           "clock: calendar; the time before a machine's first failure is "
           "not counted (its last repair is not in the log), its last "
           "up-time is censored at the log's end.\n",
           o->downtime, d.rows, d.nst, d.nst == 1 ? "" : "s", d.end,
           d.end_given ? " (--end)" : " (its latest end)");
    char (*between)[512] = calloc(d.nst ? d.nst : 1, sizeof *between);
    char (*repair)[512] = calloc(d.nst ? d.nst : 1, sizeof *repair);
    int code = between && repair ? 0 : EXIT_RUNTIME;
    for (size_t i = 0; i < d.nst && !code; i++) {
        const az_fit_station_log *s = &d.st[i];
        printf("\n%s: %u machine%s, %u failures", s->name, s->machines,
               s->machines == 1 ? "" : "s", s->failures);
        if (s->other)
            printf(", %u other downtimes (not failures: not fitted)",
                   s->other);
        printf("\n");
        code = fit_one(s->name, "times between failures", s->up,
                       s->up_censored, s->nup, boot, seed, between[i], 512);
        if (!code)
            code = fit_one(s->name, "repair times", s->repair, NULL,
                           s->failures, boot, seed, repair[i], 512);
    }
    if (!code) {
        printf("\nfor the model file (clock: calendar):\nstations:\n");
        for (size_t i = 0; i < d.nst; i++)
            printf("  %s:\n    failures:\n      between: %s\n      repair: "
                   "%s\n      clock: calendar\n", d.st[i].name, between[i],
                   repair[i]);
    }
    free(between);
    free(repair);
    az_fit_downtime_free(&d);
    return code;
}

int cmd_fit(int argc, char **argv)
{
    fit_opts o = {0};
    if (!parse(argc, argv, &o))
        return EXIT_USAGE;
    if (o.downtime)
        return fit_downtime(&o);
    if (!o.file) {
        fprintf(stderr, "azalea: fit needs a data file (azalea fit "
                "times.csv) or --downtime log.csv\n");
        return EXIT_USAGE;
    }
    return fit_times(&o);
}
