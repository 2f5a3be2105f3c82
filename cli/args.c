/*
 * args.c: what every azalea command shares: its options, loading the model
 * they name (printing every problem), and exit codes.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "azalea/load.h"
#include "cli.h"
#include "examples.h"

/* ---- arguments ---- */



int cli_parse_args(int argc, char **argv, options *o)
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
        {"--buffer-step", offsetof(options, buffer_step)},
        {"--top", offsetof(options, top)},
        {"--csv", offsetof(options, csv)},
        {"--db", offsetof(options, db)},
        {"--report", offsetof(options, report)},
        {"--trace", offsetof(options, trace)},
        {"--precision", offsetof(options, precision)},
        {"--max-reps", offsetof(options, max_reps)},
        {"--on-error", offsetof(options, on_error)},
        {"--select", offsetof(options, select)},
        {"--delta", offsetof(options, delta)},
        {"--pcs", offsetof(options, pcs)},
        {"--budget", offsetof(options, budget)},
        {"--target", offsetof(options, target)},
        {"--initial", offsetof(options, initial)},
        {"--snapshot-at", offsetof(options, snapshot_at)},
        {"--snapshot", offsetof(options, snapshot)},
        {"-o", offsetof(options, output)},
        {"--output", offsetof(options, output)},
        {"--format", offsetof(options, format)},
        {"--from", offsetof(options, from)},
        {"--to", offsetof(options, to)},
        {"--rep", offsetof(options, rep)},
        {"--max-mb", offsetof(options, max_mb)},
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
        int list = !strcmp(a, "--set") || !strcmp(a, "--scenario") ||
                   !strcmp(a, "--param");
        if (k == n && !list) {
            fprintf(stderr, "azalea: unknown option '%s' (see 'azalea help')\n", a);
            return 0;
        }
        if (i + 1 >= argc) {
            fprintf(stderr, "azalea: option '%s' needs a value\n", a);
            return 0;
        }
        if (k == n) { /* --set, --scenario or --param: repeatable */
            int set = !strcmp(a, "--set"), par = !strcmp(a, "--param");
            size_t *cnt = set ? &o->nset : par ? &o->nparam : &o->nscen;
            if (*cnt == MAX_SETS) {
                fprintf(stderr, "azalea: more than %d %s options\n", MAX_SETS, a);
                return 0;
            }
            (set ? o->sets : par ? o->params : o->scenarios)[(*cnt)++] =
                argv[++i];
            continue;
        }
        *(const char **)((char *)o + valued[k].off) = argv[++i];
    }
    return 1;
}

/* A whole number in [lo, hi], or 0 after saying what is wrong. */
int cli_parse_uint(const char *opt, const char *s, uint64_t lo, uint64_t hi,
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

/* Whether s is a plain zero ("0", "0.0", " 0 ", "+0"): the same in every
 * unit, so --warmup takes it without one. Only zeros: "1e-400", which
 * strtod would round to 0, is a number that needs a unit. */
static int is_zero(const char *s)
{
    int zeros = 0;
    s += strspn(s, " \t");
    s += *s == '+' || *s == '-';
    for (; *s == '0'; s++)
        zeros++;
    if (*s == '.')
        for (s++; *s == '0'; s++)
            zeros++;
    s += strspn(s, " \t");
    return zeros > 0 && *s == '\0';
}

/* Applies the command line's run settings over the model file's. */
int cli_apply_run_options(const options *o, const az_model *m,
                             az_experiment_config *cfg)
{
    uint64_t v;
    if (o->reps) {
        if (!cli_parse_uint("--reps", o->reps, 1, AZ_MAX_REPLICATIONS, &v))
            return 0;
        cfg->replications = (uint32_t)v;
    }
    if (o->seed) {
        if (!cli_parse_uint("--seed", o->seed, 0, UINT64_MAX, &v))
            return 0;
        cfg->seed = v;
    }
    /* Results do not depend on the thread count, so use every core unless
     * told otherwise. */
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    cfg->threads = cores > 0 ? (unsigned)cores : 1;
    if (o->threads) {
        if (!cli_parse_uint("--threads", o->threads, 1, 1024, &v))
            return 0;
        cfg->threads = (unsigned)v;
    }
    /* from a state (run --initial) the horizon may be words: cmd_run */
    if (o->horizon && !o->initial && !strncmp(o->horizon, "end of", 6)) {
        fprintf(stderr, "azalea: --horizon '%s' counts from a state of the "
                "shop floor: give it with --initial STATE\n", o->horizon);
        return 0;
    }
    if (o->horizon && !o->initial &&
        !parse_dur("--horizon", o->horizon, m, &cfg->horizon))
        return 0;
    if (o->warmup && !strcmp(o->warmup, "auto")) {
        cfg->warmup_auto = 1;
        cfg->warmup = 0;
    } else if (o->warmup && is_zero(o->warmup)) {
        cfg->warmup_auto = 0; /* "no warm-up": 0 needs no unit */
        cfg->warmup = 0;
    } else if (o->warmup) {
        if (!parse_dur("--warmup ('auto', 0 or a duration)", o->warmup, m,
                       &cfg->warmup))
            return 0;
        cfg->warmup_auto = 0;
    }
    return 1;
}

/* ---- a state to start from (--initial) ---- */

int cli_open_initial(const options *o, const az_model *m,
                     az_experiment_config *cfg, az_state **st)
{
    int count = 0;
    az_error err;
    az_load_options lo = {NULL, 0, cli_print_problem, &count, NULL};
    az_status rc = az_state_load_file(m, o->initial, &lo, st, &err);
    if (rc) {
        if (!count)
            fprintf(stderr, "azalea: %s\n", err.msg);
        else if (count > 1)
            fprintf(stderr, "azalea: %d problems in %s\n", count, o->initial);
        return rc == AZ_EBADMODEL || rc == AZ_EIO ? EXIT_USAGE : EXIT_RUNTIME;
    }
    if (o->horizon && az_state_horizon(*st, o->horizon, &cfg->horizon, &err)) {
        fprintf(stderr, "azalea: --horizon: %s\n", err.msg);
        return EXIT_USAGE;
    }
    if (!o->warmup) {
        cfg->warmup = 0;
        cfg->warmup_auto = 0;
    }
    if (!(cfg->warmup < cfg->horizon)) {
        fprintf(stderr, "azalea: the warm-up must be shorter than the "
                "horizon from the state\n");
        return EXIT_USAGE;
    }
    cfg->initial = *st;
    return 0;
}

/* ---- loading ---- */

void cli_print_problem(void *ctx, const az_error *e)
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

/* "FILE:LINE:COL: warning: ..." on stderr; the model runs all the same. */
static void print_warning(void *ctx, const az_error *e)
{
    (void)ctx;
    if (e->file[0] && e->line > 0)
        fprintf(stderr, "%s:%d:%d: warning: %s\n", e->file, e->line, e->col,
                e->msg);
    else
        fprintf(stderr, "azalea: warning: %s\n", e->msg);
}

az_status cli_load(const options *o, const char *const *extra, size_t nextra,
                   az_model **m, az_experiment_config *cfg,
                   const char **source)
{
    int count = 0;
    const char *sets[2 * MAX_SETS];
    size_t n = 0;
    for (size_t i = 0; i < o->nset; i++)
        sets[n++] = o->sets[i];
    for (size_t i = 0; i < nextra && n < 2 * MAX_SETS; i++)
        sets[n++] = extra[i];
    /* Warnings once, for the model as given: compare, improve and sweep
     * load it again with each change (extra), which would repeat them. */
    az_load_options lo = {sets, n, cli_print_problem, &count,
                          nextra ? NULL : print_warning};
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
        cli_print_problem(&count, &err);
    /* Past AZ_LOAD_MAX_PROBLEMS the last line says how many in all. */
    if (rc && count > 1 && count <= AZ_LOAD_MAX_PROBLEMS)
        fprintf(stderr, "azalea: %d problems\n", count);
    return rc;
}

int cli_exit_code(az_status rc)
{
    return rc == AZ_EBADMODEL || rc == AZ_EINVAL || rc == AZ_ENOTFOUND ||
                   rc == AZ_EIO
               ? EXIT_USAGE
               : EXIT_RUNTIME;
}

/* ---- commands ---- */

double cli_seconds_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

az_status cli_run_timed(const az_model *m, const az_experiment_config *cfg,
                        az_summary **out, double *wall, az_error *err)
{
    double t0 = cli_seconds_now();
    az_status rc = az_experiment_run(m, cfg, out, err);
    *wall = cli_seconds_now() - t0;
    return rc;
}

int cli_columns(const char *s)
{
    int cols = 0;
    for (; *s; s++)
        cols += ((unsigned char)*s & 0xC0) != 0x80;
    return cols;
}

void cli_pad(const char *s, int w)
{
    int cols = cli_columns(s);
    printf("%s%*s", s, w > cols ? w - cols : 0, "");
}

void cli_headline_of(const az_model *m, const az_summary *s, cli_headline *h)
{
    h->per_h = 3600.0 / az_model_time_unit_seconds(m);
    h->it = az_summary_metric_index(s, AZ_SCOPE_SYSTEM, 0, AZ_M_THROUGHPUT);
    h->il = az_summary_metric_index(s, AZ_SCOPE_SYSTEM, 0, AZ_M_LEAD_MEAN);
    h->iw = az_summary_metric_index(s, AZ_SCOPE_SYSTEM, 0, AZ_M_WIP);
    h->tp = az_summary_mean(s, h->it) * h->per_h;
    h->tp_half = az_summary_halfwidth(s, h->it) * h->per_h;
    h->lt = az_summary_mean(s, h->il);
    h->lt_half = az_summary_halfwidth(s, h->il);
    h->wip = az_summary_mean(s, h->iw);
    h->wip_half = az_summary_halfwidth(s, h->iw);
}

int cli_model_named(const options *o, const char *cmd, int need)
{
    if (o->file && o->example) {
        fprintf(stderr, "azalea: give a model file or --example, not both\n");
        return EXIT_USAGE;
    }
    if (need && !o->file && !o->example) {
        fprintf(stderr, "azalea: %s needs a model file (or --example "
                "NAME)\n", cmd);
        return EXIT_USAGE;
    }
    return 0;
}

/* The commands' common start: arguments, then the model they name. Returns
 * 0 with *m loaded, or the exit status, having said why. */
int cli_open_model(int argc, char **argv, int need_source, options *o,
                      az_model **m, az_experiment_config *cfg,
                      const char **source)
{
    if (!cli_parse_args(argc, argv, o))
        return EXIT_USAGE;
    if (cli_model_named(o, "check", need_source))
        return EXIT_USAGE;
    az_status rc = cli_load(o, NULL, 0, m, cfg, source);
    return rc ? cli_exit_code(rc) : 0;
}


int cli_reject(const options *o, const char *cmd, int results,
               int scenarios, int steps)
{
    /* Result files: --json, --csv and --db for run and the what-ifs;
     * --report for run, compare and improve; --trace is run's alone. */
    int run = !strcmp(cmd, "run"), sweep = !strcmp(cmd, "sweep");
    int draw = !strcmp(cmd, "draw"), anim = !strcmp(cmd, "animate");
    const char *bad = !results && o->json         ? "--json"
                      : (!results || sweep) && o->report ? "--report"
                      : !run && o->trace          ? "--trace"
                      : !scenarios && o->nscen    ? "--scenario"
                      : !steps && o->buffer_step  ? "--buffer-step"
                      : !steps && o->top          ? "--top"
                      : !results && o->csv        ? "--csv"
                      : !results && o->db         ? "--db"
                      : !run && o->precision      ? "--precision"
                      : !run && !o->select && o->max_reps ? "--max-reps"
                      : !scenarios && !steps && o->select ? "--select"
                      : !scenarios && !steps && o->delta ? "--delta"
                      : !scenarios && !steps && o->pcs   ? "--pcs"
                      : strcmp(cmd, "optimize") && o->budget ? "--budget"
                      : strcmp(cmd, "optimize") && o->target ? "--target"
                      : !run && o->on_error       ? "--on-error"
                      : !run && strcmp(cmd, "check") && !anim &&
                                o->initial        ? "--initial"
                      : !run && o->snapshot       ? "--snapshot"
                      : !run && o->snapshot_at    ? "--snapshot-at"
                      : !sweep && o->nparam       ? "--param"
                      : !draw && !anim && o->output ? "--output"
                      : !draw && o->format        ? "--format"
                      : !anim && o->from          ? "--from"
                      : !anim && o->to            ? "--to"
                      : !anim && o->rep           ? "--rep"
                      : !anim && o->max_mb        ? "--max-mb"
                                                  : NULL;
    if (bad)
        fprintf(stderr, "azalea: %s is not an option of '%s'\n", bad, cmd);
    return bad != NULL;
}

int cli_open_run(int argc, char **argv, const char *cmd, int scenarios,
                 int steps, options *o, az_model **m,
                 az_experiment_config *cfg, const char **source)
{
    int code = cli_open_model(argc, argv, 0, o, m, cfg, source);
    if (code)
        return code;
    if (cli_reject(o, cmd, 1, scenarios, steps) ||
        !cli_apply_run_options(o, *m, cfg)) {
        az_model_free(*m);
        *m = NULL;
        return EXIT_USAGE;
    }
    return 0;
}
