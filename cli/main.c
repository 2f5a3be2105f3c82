/*
 * main.c: the azalea command line. A thin layer: it parses arguments, calls
 * the public API and prints; every rule about models lives in the library.
 *
 * Exit status: 0 success, 1 runtime failure, 2 bad model or bad usage.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gsl/gsl_errno.h>

#include "azalea/experiment.h"
#include "azalea/load.h"
#include "azalea/model.h"
#include "azalea/output.h"
#include "azalea/report.h"
#include "azalea/version.h"
#include "examples.h"

enum { EXIT_RUNTIME = 1, EXIT_USAGE = 2, MAX_SETS = 256 };

static void usage(FILE *out)
{
    fprintf(out,
        "usage: azalea run [FILE] [options]   simulate a model (default: the built-in example)\n"
        "       azalea check FILE [--set P=V]  validate a model, print every problem\n"
        "       azalea examples                list the built-in examples\n"
        "       azalea version\n"
        "\n"
        "run options:\n"
        "  --example NAME     run a built-in example instead of a file\n"
        "  --reps N           replications (default: the model's run.replications)\n"
        "  --seed S           experiment seed\n"
        "  --horizon T        simulated time per replication, e.g. '1 year'\n"
        "  --warmup T         warm-up dropped from the statistics, e.g. '2 d'\n"
        "  --threads N        replications in parallel (results do not change)\n"
        "  --set PATH=VALUE   change a model value, e.g. stations.screw.machines=3\n"
        "  --json FILE        also write the results as JSON ('-' for stdout)\n");
}

/* ---- arguments ---- */

typedef struct options {
    const char *file, *example, *json;
    const char *sets[MAX_SETS];
    size_t nset;
    const char *reps, *seed, *horizon, *warmup, *threads;
} options;

/* Reads "--name value" pairs and one optional positional FILE. Returns 0 on
 * a usage error, having said why. */
static int parse_args(int argc, char **argv, options *o)
{
    static const struct {
        const char *name;
        size_t off;
    } valued[] = {
        {"--example", offsetof(options, example)},
        {"--json", offsetof(options, json)},
        {"--reps", offsetof(options, reps)},
        {"--seed", offsetof(options, seed)},
        {"--horizon", offsetof(options, horizon)},
        {"--warmup", offsetof(options, warmup)},
        {"--threads", offsetof(options, threads)},
    };
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (a[0] != '-' || a[1] == '\0') {
            if (o->file) {
                fprintf(stderr, "azalea: more than one model file ('%s', '%s')\n",
                        o->file, a);
                return 0;
            }
            o->file = a;
            continue;
        }
        size_t k = 0, n = sizeof valued / sizeof valued[0];
        while (k < n && strcmp(a, valued[k].name))
            k++;
        if (k == n && strcmp(a, "--set")) {
            fprintf(stderr, "azalea: unknown option '%s' (see 'azalea help')\n", a);
            return 0;
        }
        if (i + 1 >= argc) {
            fprintf(stderr, "azalea: option '%s' needs a value\n", a);
            return 0;
        }
        if (k == n) { /* --set */
            if (o->nset == MAX_SETS) {
                fprintf(stderr, "azalea: more than %d --set options\n", MAX_SETS);
                return 0;
            }
            o->sets[o->nset++] = argv[++i];
            continue;
        }
        *(const char **)((char *)o + valued[k].off) = argv[++i];
    }
    return 1;
}

/* A whole number in [lo, hi], or 0 after saying what is wrong. */
static int parse_uint(const char *opt, const char *s, uint64_t lo, uint64_t hi,
                      uint64_t *v)
{
    char *end;
    errno = 0;
    unsigned long long x = strtoull(s, &end, 10);
    if (errno || end == s || *end || s[0] == '-' || x < lo || x > hi) {
        fprintf(stderr, "azalea: %s expects a whole number from %llu to %llu, "
                "got '%s'\n", opt, (unsigned long long)lo,
                (unsigned long long)hi, s);
        return 0;
    }
    *v = x;
    return 1;
}

/* A duration option in the model's time unit, or 0 after saying why. */
static int parse_dur(const char *opt, const char *s, const az_model *m,
                     double *v)
{
    az_error err;
    double sec;
    if (az_parse_duration(s, &sec, &err)) {
        fprintf(stderr, "azalea: %s: %s\n", opt, err.msg);
        return 0;
    }
    *v = sec / az_model_time_unit_seconds(m);
    return 1;
}

/* Applies the command line's run settings over the model file's. */
static int apply_run_options(const options *o, const az_model *m,
                             az_experiment_config *cfg)
{
    uint64_t v;
    if (o->reps) {
        if (!parse_uint("--reps", o->reps, 1, 10000000, &v))
            return 0;
        cfg->replications = (uint32_t)v;
    }
    if (o->seed) {
        if (!parse_uint("--seed", o->seed, 0, UINT64_MAX, &v))
            return 0;
        cfg->seed = v;
    }
    if (o->threads) {
        if (!parse_uint("--threads", o->threads, 1, 1024, &v))
            return 0;
        cfg->threads = (unsigned)v;
    }
    if (o->horizon && !parse_dur("--horizon", o->horizon, m, &cfg->horizon))
        return 0;
    if (o->warmup && !parse_dur("--warmup", o->warmup, m, &cfg->warmup))
        return 0;
    return 1;
}

/* ---- loading ---- */

static void print_problem(void *ctx, const az_error *e)
{
    int *count = ctx;
    ++*count;
    if (e->file[0] && e->line > 0)
        fprintf(stderr, "%s:%d:%d: %s\n", e->file, e->line, e->col, e->msg);
    else if (e->file[0] && e->col > 0)
        fprintf(stderr, "%s:%d: %s\n", e->file, e->col, e->msg);
    else if (e->file[0])
        fprintf(stderr, "%s: %s\n", e->file, e->msg);
    else
        fprintf(stderr, "azalea: %s\n", e->msg);
}

/* Loads the file, or the named (or default) built-in example. Prints every
 * problem; returns the status. */
static az_status load(const options *o, az_model **m,
                      az_experiment_config *cfg, const char **source)
{
    int count = 0;
    az_load_options lo = {o->sets, o->nset, print_problem, &count};
    az_error err;
    az_status rc;
    if (o->file) {
        *source = o->file;
        rc = az_model_load_file(o->file, &lo, m, cfg, &err);
    } else {
        const struct az_cli_example *ex = az_cli_examples;
        while (o->example && ex->name && strcmp(ex->name, o->example))
            ex++;
        if (!ex->name) {
            fprintf(stderr, "azalea: no built-in example '%s' (see 'azalea "
                    "examples')\n", o->example);
            return AZ_ENOTFOUND;
        }
        *source = ex->file;
        rc = az_model_load_string(ex->text, ex->len, ex->file, &lo, m, cfg,
                                  &err);
    }
    if (rc && count == 0)
        print_problem(&count, &err);
    if (rc && count > 1)
        fprintf(stderr, "azalea: %d problems\n", count);
    return rc;
}

static int exit_code(az_status rc)
{
    return rc == AZ_EBADMODEL || rc == AZ_EINVAL || rc == AZ_ENOTFOUND ||
                   rc == AZ_EIO
               ? EXIT_USAGE
               : EXIT_RUNTIME;
}

/* ---- commands ---- */

static double seconds_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* The commands' common start: arguments, then the model they name. Returns
 * 0 with *m loaded, or the exit status, having said why. */
static int open_model(int argc, char **argv, int need_source, options *o,
                      az_model **m, az_experiment_config *cfg,
                      const char **source)
{
    if (!parse_args(argc, argv, o))
        return EXIT_USAGE;
    if (o->file && o->example) {
        fprintf(stderr, "azalea: give a model file or --example, not both\n");
        return EXIT_USAGE;
    }
    if (need_source && !o->file && !o->example) {
        fprintf(stderr, "azalea: check needs a model file\n");
        return EXIT_USAGE;
    }
    az_status rc = load(o, m, cfg, source);
    return rc ? exit_code(rc) : 0;
}

static int cmd_run(int argc, char **argv)
{
    options o = {0};
    az_model *m = NULL;
    az_experiment_config cfg;
    const char *source;
    int code = open_model(argc, argv, 0, &o, &m, &cfg, &source);
    if (code)
        return code;
    if (!apply_run_options(&o, m, &cfg)) {
        az_model_free(m);
        return EXIT_USAGE;
    }
    az_error err;
    az_summary *s = NULL;
    double t0 = seconds_now();
    az_status rc = az_experiment_run(m, &cfg, &s, &err);
    double wall = seconds_now() - t0;
    if (rc) {
        fprintf(stderr, "azalea: %s\n", err.msg);
        code = rc == AZ_EINVAL ? EXIT_USAGE : EXIT_RUNTIME;
    } else {
        az_report_text(stdout, m, s);
        printf("\n%llu events in %.2f s wall time\n",
               (unsigned long long)az_summary_events(s), wall);
        az_output_meta meta = {source, wall};
        if (o.json && az_output_json(o.json, m, s, &meta, &err)) {
            fprintf(stderr, "azalea: %s\n", err.msg);
            code = EXIT_RUNTIME;
        }
    }
    az_summary_free(s);
    az_model_free(m);
    return code;
}

static int cmd_check(int argc, char **argv)
{
    options o = {0};
    az_model *m = NULL;
    az_experiment_config cfg;
    const char *source;
    int code = open_model(argc, argv, 1, &o, &m, &cfg, &source);
    if (code)
        return code;
    printf("%s: ok: '%s', %zu stations, %zu products\n", source,
           az_model_name(m), az_model_station_count(m),
           az_model_product_count(m));
    az_model_free(m);
    return 0;
}

static int cmd_examples(void)
{
    for (const struct az_cli_example *ex = az_cli_examples; ex->name; ex++)
        printf("%-12s %s%s\n", ex->name, ex->file,
               ex == az_cli_examples ? " (default)" : "");
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
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "run"))
        return cmd_run(argc - 2, argv + 2);
    if (!strcmp(cmd, "check"))
        return cmd_check(argc - 2, argv + 2);
    if (!strcmp(cmd, "examples"))
        return cmd_examples();
    if (!strcmp(cmd, "version") || !strcmp(cmd, "--version")) {
        printf("azalea %s\n", az_version());
        return 0;
    }
    if (!strcmp(cmd, "help") || !strcmp(cmd, "--help") || !strcmp(cmd, "-h")) {
        usage(stdout);
        return 0;
    }
    fprintf(stderr, "azalea: unknown command '%s'\n", cmd);
    usage(stderr);
    return EXIT_USAGE;
}
