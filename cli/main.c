/*
 * main.c: the azalea command line. A thin layer: it parses arguments, calls
 * the public API and prints; every rule lives in the library.
 *
 * Exit status: 0 success, 1 runtime failure, 2 bad model or bad usage.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "azalea/experiment.h"
#include "azalea/model.h"
#include "azalea/report.h"
#include "azalea/version.h"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: azalea run [options]     run the built-in example line\n"
            "       azalea version\n"
            "options:\n"
            "  --reps N       replications (default 10)\n"
            "  --seed S       experiment seed (default 42)\n"
            "  --horizon T    simulated time per replication, seconds\n"
            "  --warmup T     warm-up discarded from statistics, seconds\n"
            "  --threads N    replications in parallel (default 1)\n");
}

/* The tutorial line: placement (2 machines), screw robot, functional test
 * with 5 % of units reworked through the test again. Times in seconds. */
static int build_example(az_model **out, az_error *err)
{
    az_model *m = NULL;
    az_dist ia, place, screw, test;
    uint32_t s_place = 0, s_screw = 0, s_test = 0, p = 0, step = 0, src = 0;
    az_status rc = az_model_create("Three-station tutorial line", &m, err);
    if (!rc) rc = az_dist_exponential(&ia, 40, err);          /* a unit every 40 s */
    if (!rc) rc = az_dist_lognormal(&place, 70, 0.3, err);    /* 2 placers, 35 s each */
    if (!rc) rc = az_dist_gamma(&screw, 30, 0.5, err);
    if (!rc) rc = az_dist_triangular(&test, 20, 30, 45, err);
    if (!rc) rc = az_model_add_station(m, "placer", 2, &place, &s_place, err);
    if (!rc) rc = az_model_add_station(m, "screw", 1, &screw, &s_screw, err);
    if (!rc) rc = az_model_add_station(m, "test", 1, &test, &s_test, err);
    if (!rc) rc = az_model_add_product(m, "phone", &p, err);
    if (!rc) rc = az_model_add_step(m, p, s_place, NULL, err);
    if (!rc) rc = az_model_add_step(m, p, s_screw, NULL, err);
    if (!rc) rc = az_model_add_step(m, p, s_test, &step, err);
    if (!rc) rc = az_model_add_branch(m, p, step, step, 0.05, err);
    if (!rc) rc = az_model_add_branch(m, p, step, AZ_EXIT, 0.95, err);
    if (!rc) rc = az_model_add_source(m, "release", &ia, &src, err);
    if (!rc) rc = az_model_source_add_product(m, src, p, 1, err);
    if (rc) {
        az_model_free(m);
        return rc;
    }
    *out = m;
    return AZ_OK;
}

static int parse_num(const char *opt, const char *s, double lo, double *v)
{
    char *end;
    errno = 0;
    double x = strtod(s, &end);
    if (errno || end == s || *end || !(x >= lo)) {
        fprintf(stderr, "azalea: %s expects a number >= %g, got '%s'\n", opt,
                lo, s);
        return 0;
    }
    *v = x;
    return 1;
}

static int cmd_run(int argc, char **argv)
{
    az_experiment_config cfg = az_experiment_defaults();
    cfg.seed = 42;
    cfg.horizon = 30 * 86400.0;
    cfg.warmup = 2 * 86400.0;
    for (int i = 0; i < argc; i++) {
        const char *o = argv[i];
        double v;
        if (i + 1 >= argc) {
            fprintf(stderr, "azalea: unknown or incomplete option '%s'\n", o);
            return 2;
        }
        const char *a = argv[++i];
        if (!strcmp(o, "--reps") && parse_num(o, a, 1, &v))
            cfg.replications = (uint32_t)v;
        else if (!strcmp(o, "--seed") && parse_num(o, a, 0, &v))
            cfg.seed = (uint64_t)v;
        else if (!strcmp(o, "--horizon") && parse_num(o, a, 0, &v))
            cfg.horizon = v;
        else if (!strcmp(o, "--warmup") && parse_num(o, a, 0, &v))
            cfg.warmup = v;
        else if (!strcmp(o, "--threads") && parse_num(o, a, 1, &v))
            cfg.threads = (unsigned)v;
        else {
            if (strcmp(o, "--reps") && strcmp(o, "--seed") &&
                strcmp(o, "--horizon") && strcmp(o, "--warmup") &&
                strcmp(o, "--threads"))
                fprintf(stderr, "azalea: unknown option '%s'\n", o);
            return 2;
        }
    }
    az_error err;
    az_model *m = NULL;
    if (build_example(&m, &err)) {
        fprintf(stderr, "azalea: %s\n", err.msg);
        return 2;
    }
    az_summary *s = NULL;
    az_status rc = az_experiment_run(m, &cfg, &s, &err);
    if (rc) {
        fprintf(stderr, "azalea: %s\n", err.msg);
        az_model_free(m);
        return rc == AZ_EBADMODEL || rc == AZ_EINVAL ? 2 : 1;
    }
    az_report_text(stdout, m, s);
    az_summary_free(s);
    az_model_free(m);
    return 0;
}

int main(int argc, char **argv)
{
    /* GSL's default handler aborts (e.g. on out of memory inside a sampler
     * table); the library checks every GSL return, so turn it off. It is
     * process-wide, hence the application's call, not the library's. */
    gsl_set_error_handler_off();
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (!strcmp(argv[1], "run"))
        return cmd_run(argc - 2, argv + 2);
    if (!strcmp(argv[1], "version") || !strcmp(argv[1], "--version")) {
        printf("azalea %s\n", az_version());
        return 0;
    }
    if (!strcmp(argv[1], "help") || !strcmp(argv[1], "--help")) {
        usage(stdout);
        return 0;
    }
    fprintf(stderr, "azalea: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return 2;
}
