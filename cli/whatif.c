/*
 * whatif.c: `azalea compare` and `azalea improve` on the library's
 * what-ifs (azalea/whatif.h): the options, the tables at the run's
 * confidence level, the graceful stop. The runs, their pairing with the
 * base and improve's ranking are the library's.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "azalea/diagnose.h"
#include "azalea/experiment.h"
#include "azalea/improve.h"
#include "azalea/load.h"
#include "azalea/model.h"
#include "cli.h"
#include "examples.h"
#include "whatif.h"

/* One row of a table: a run and its figures at the table's level. */
typedef struct outcome {
    const az_whatif_run *r;
    cli_headline h;
    double dtp, dtp_half, dlt, dlt_half; /* differences to the base */
} outcome;

/* The row of run r, paired with base (NULL: r is the base). */
static az_status row_of(const az_whatif_run *r, const az_whatif_run *base,
                        double level, outcome *o, az_error *err)
{
    az_status rc = AZ_OK;
    o->r = r;
    cli_headline_of(r->model, r->summary, &o->h);
    o->dtp = o->dtp_half = o->dlt = o->dlt_half = 0;
    if (base &&
        !(rc = az_summary_paired_diff(base->summary, r->summary, o->h.it,
                                      level, &o->dtp, &o->dtp_half, err)) &&
        !(rc = az_summary_paired_diff(base->summary, r->summary, o->h.il,
                                      level, &o->dlt, &o->dlt_half, err))) {
        o->dtp *= o->h.per_h;
        o->dtp_half *= o->h.per_h;
    }
    return rc;
}

/* "a ± b", or "a" when b is not finite (one replication); a change (sign)
 * gets a star when its interval excludes 0. */
static void pm(char *buf, size_t n, double a, double b, int sign)
{
    const char *star = sign && isfinite(b) && fabs(a) > b ? " *" : "  ";
    if (isfinite(b))
        snprintf(buf, n, sign ? "%+.2f ± %.2f%s" : "%.2f ± %.2f", a, b,
                 star);
    else
        snprintf(buf, n, sign ? "%+.2f%s" : "%.2f", a, star);
}

/* Throughput gained per 1000 of cost (units/h), or NAN without a cost. */
static double per_cost(const outcome *o)
{
    return o->r->cost > 0 ? o->dtp / (o->r->cost / 1000) : NAN;
}

/* improve's replications unless --reps says otherwise (see cmd_improve). */
enum { IMPROVE_REPS = 5 };

static void print_table(const az_model *m, const az_experiment_config *cfg,
                        const outcome *o, size_t n, int costs)
{
    int w = 40; /* as wide as the longest label: none is cut */
    for (size_t i = 0; i < n; i++)
        if (cli_columns(o[i].r->label) > w)
            w = cli_columns(o[i].r->label);
    const char *u = az_model_time_unit(m);
    char h1[40], h2[40];
    snprintf(h1, sizeof h1, "lead time (%s)", u);
    snprintf(h2, sizeof h2, "change (%s)", u);
    printf("replications: %u, each paired with the base's (common random "
           "numbers)\nfigures: mean ± half-width of the %g %% CI; * the "
           "change is significant (its CI excludes 0)\n\n",
           (unsigned)cfg->replications, 100 * cfg->level);
    printf("%-*s %20s %22s %20s %22s", w, "scenario", "units/h",
           "change units/h", h1, h2);
    if (costs)
        printf(" %12s %14s", "cost", "units/h per 1k");
    putchar('\n');
    for (size_t i = 0; i < n; i++) {
        char a[48], b[48], c[48], d[48];
        pm(a, sizeof a, o[i].h.tp, o[i].h.tp_half, 0);
        pm(c, sizeof c, o[i].h.lt, o[i].h.lt_half, 0);
        cli_pad(o[i].r->label, w);
        if (i == 0) {
            printf(" %21s %20s %21s %20s%s\n", a, "", c, "",
                   o[i].r->unstable ? "  UNSTABLE" : "");
            continue;
        }
        pm(b, sizeof b, o[i].dtp, o[i].dtp_half, 1);
        pm(d, sizeof d, o[i].dlt, o[i].dlt_half, 1);
        printf(" %21s %23s %21s %23s", a, b, c, d);
        if (costs && o[i].r->cost >= 0)
            printf(" %12.0f %14.4g", o[i].r->cost, per_cost(&o[i]));
        else if (costs)
            printf(" %12s %14s", "-", "-");
        if (o[i].r->unstable)
            printf("  UNSTABLE");
        putchar('\n');
    }
    int any = 0;
    for (size_t i = 0; i < n; i++)
        any |= o[i].r->unstable;
    if (any)
        printf("UNSTABLE: the line cannot keep up with its release there "
               "(a queue or the release backlog grows through the run): its "
               "lead time and WIP depend on the horizon, and so do their "
               "changes\n");
}

int cli_resolve_warmup(const az_model *m, az_experiment_config *cfg)
{
    if (!cfg->warmup_auto)
        return 0;
    az_warmup_result wr;
    az_error err;
    az_status rc = az_experiment_warmup(m, cfg, &wr, &err);
    if (rc) {
        fprintf(stderr, "azalea: %s\n", err.msg);
        return cli_exit_code(rc);
    }
    printf("warm-up: auto (MSER-5 on %u pilot replications of the base), "
           "%g %s, used for every run below\n", (unsigned)wr.pilots,
           wr.warmup, az_model_time_unit(m));
    if (wr.at_limit)
        fprintf(stderr, "azalea: the automatic warm-up is at the end of "
                "MSER-5's search (half the horizon): the horizon is "
                "probably too short for the line to settle\n");
    cfg->warmup = wr.warmup;
    cfg->warmup_auto = 0;
    return 0;
}


int wi_source(const options *o, az_whatif_source *src, int *count)
{
    memset(src, 0, sizeof *src);
    src->overrides = o->sets;
    src->noverrides = o->nset;
    src->on_problem = cli_print_problem;
    src->ctx = count;
    if (o->file) {
        src->path = o->file;
        return 0;
    }
    const struct az_cli_example *ex = az_cli_examples;
    while (o->example && ex->name && strcmp(ex->name, o->example))
        ex++;
    if (!ex->name) { /* cli_open_run found it: not reached */
        fprintf(stderr, "azalea: no built-in example '%s'\n", o->example);
        return EXIT_USAGE;
    }
    src->text = ex->text;
    src->len = ex->len;
    src->name = ex->file;
    return 0;
}

int wi_failed(az_status rc, const az_error *err, int count)
{
    /* Past AZ_LOAD_MAX_PROBLEMS the loader's last line says how many. */
    if (count > 1 && count <= AZ_LOAD_MAX_PROBLEMS)
        fprintf(stderr, "azalea: %d problems\n", count);
    if (rc == AZ_ENOMEM)
        fprintf(stderr, "azalea: out of memory\n");
    else if (rc == AZ_ESTOPPED)
        fprintf(stderr, "azalea: interrupted (%s) before the first run "
                "finished: nothing to report\n", cli_stop_name());
    else {
        int n = 0;
        cli_print_problem(&n, err);
    }
    return rc == AZ_ESTOPPED ? 128 + cli_stop_signal : cli_exit_code(rc);
}

void wi_on_start(void *ctx, size_t i, size_t n, const char *label)
{
    char text[96];
    wi_progress *p = ctx;
    int base = strcmp(p->noun, "point") != 0;
    if (base && i == 0)
        snprintf(text, sizeof text, "%.80s: ", label); /* base, as it is */
    else
        snprintf(text, sizeof text, "%s %zu/%zu: ", p->noun, i + 1 - base,
                 n - base);
    cli_progress_label(&p->p, text);
}

int wi_interrupted(const az_whatif *w, const char *what)
{
    size_t asked = 0;
    az_whatif_interrupted(w, &asked);
    fprintf(stderr, "azalea: interrupted (%s): %zu of %zu %s finished and "
            "shown; no result file is written (they would be partial)\n",
            cli_stop_name(), az_whatif_count(w), asked, what);
    return 128 + cli_stop_signal;
}

/* The rows of w: the base first, then its runs in the order given (NULL:
 * as they are). NULL when out of memory, having said so. */
static outcome *rows_of(const az_whatif *w, const size_t *order)
{
    size_t n = az_whatif_count(w);
    const az_whatif_run *base = az_whatif_base(w), *runs = az_whatif_runs(w);
    double level = az_whatif_config(w)->level;
    outcome *o = calloc(n + 1, sizeof *o);
    az_error err;
    if (!o) {
        fprintf(stderr, "azalea: out of memory\n");
        return NULL;
    }
    az_status rc = row_of(base, NULL, level, &o[0], &err);
    for (size_t i = 0; i < n && !rc; i++)
        rc = row_of(&runs[order ? order[i] : i], base, level, &o[i + 1], &err);
    if (rc) {
        fprintf(stderr, "azalea: %s\n", err.msg);
        free(o);
        return NULL;
    }
    return o;
}

/* What compare and improve share: the options, the source, the result
 * files checked, the warm-up, the stop signals. 0 with *src ready, or
 * the exit status having said why (everything freed). */
static int open_whatif(int argc, char **argv, const char *cmd, int scen,
                       int steps, options *o, az_model **m,
                       az_experiment_config *cfg, const char **source,
                       az_whatif_source *src, int *count, cli_results *res)
{
    int code = cli_open_run(argc, argv, cmd, scen, steps, o, m, cfg, source);
    if (code)
        return code;
    if (scen && o->nscen == 0) {
        fprintf(stderr, "azalea: compare needs at least one --scenario "
                        "\"path=value; path=value\"\n");
        code = EXIT_USAGE;
    }
    if (!code)
        code = wi_source(o, src, count);
    /* Every result file is checked before the runs. */
    if (!code && !(code = wi_outputs_check(o, res)))
        code = cli_resolve_warmup(*m, cfg);
    if (code) {
        cli_results_free(res);
        az_model_free(*m);
        *m = NULL;
    }
    return code;
}

int cmd_compare(int argc, char **argv)
{
    options o = {0};
    az_model *m = NULL;
    az_experiment_config cfg;
    const char *source;
    az_whatif_source src;
    cli_results out = {0};
    int count = 0;
    int code = open_whatif(argc, argv, "compare", 1, 0, &o, &m, &cfg,
                           &source, &src, &count, &out);
    if (code)
        return code;
    wi_progress prog = {.noun = "scenario"};
    cli_progress_start(&prog.p, &cfg);
    az_whatif_options wo = {0};
    wo.on_start = wi_on_start;
    wo.ctx = &prog;
    cfg.stop = &cli_stop_signal;
    cli_catch_stop_signals(1);
    az_whatif *w = NULL;
    az_error err;
    az_status rc = az_compare(&src, &cfg, o.scenarios, o.nscen, &wo, &w, &err);
    cli_progress_end(&prog.p);
    cli_catch_stop_signals(0);
    outcome *rows = rc ? NULL : rows_of(w, NULL);
    if (rc)
        code = wi_failed(rc, &err, count);
    else if (!rows)
        code = EXIT_RUNTIME;
    else {
        print_table(m, az_whatif_config(w), rows, az_whatif_count(w) + 1, 0);
        code = az_whatif_interrupted(w, NULL)
                   ? wi_interrupted(w, "scenarios")
                   : wi_outputs_write(&o, w, source);
    }
    free(rows);
    az_whatif_free(w);
    cli_results_free(&out);
    az_model_free(m);
    return code;
}

int cmd_improve(int argc, char **argv)
{
    options o = {0};
    az_model *m = NULL;
    az_experiment_config cfg;
    const char *source;
    az_whatif_source src;
    cli_results out = {0};
    int count = 0;
    int code = open_whatif(argc, argv, "improve", 0, 1, &o, &m, &cfg,
                           &source, &src, &count, &out);
    if (code)
        return code;
    uint64_t step = 5, top = 10;
    if ((o.buffer_step &&
         !cli_parse_uint("--buffer-step", o.buffer_step, 1, 1000000, &step)) ||
        (o.top && !cli_parse_uint("--top", o.top, 1, 1000000, &top))) {
        cli_results_free(&out);
        az_model_free(m);
        return EXIT_USAGE;
    }
    /* A screening: every change is paired with the base by replication, so
     * a few replications rank them sharply (on the reference factory the
     * gains' half-widths are a hundredth of a unit per hour), and twenty
     * changes of a model with many replications would otherwise take
     * minutes. Said in the output; --reps asks for more. */
    int screened = 0;
    uint32_t model_reps = cfg.replications;
    if (!o.reps && cfg.replications > AZ_IMPROVE_REPS) {
        cfg.replications = AZ_IMPROVE_REPS;
        screened = 1;
    }
    wi_progress prog = {.noun = "change"};
    cli_progress_start(&prog.p, &cfg);
    az_whatif_options wo = {0};
    wo.buffer_step = (uint32_t)step;
    wo.on_start = wi_on_start;
    wo.ctx = &prog;
    cfg.stop = &cli_stop_signal;
    cli_catch_stop_signals(1);
    az_whatif *w = NULL;
    az_error err;
    az_status rc = az_improve(&src, &cfg, &wo, &w, &err);
    cli_progress_end(&prog.p);
    cli_catch_stop_signals(0);
    size_t n = rc ? 0 : az_whatif_count(w);
    size_t *order = rc ? NULL : malloc((n ? n : 1) * sizeof *order);
    outcome *rows = rc ? NULL : rows_of(w, NULL);
    if (rc) {
        code = wi_failed(rc, &err, count);
    } else if (!rows || !order) {
        if (!order)
            fprintf(stderr, "azalea: out of memory\n");
        code = EXIT_RUNTIME;
    } else {
        size_t shown = 1 + (n < (size_t)top ? n : (size_t)top);
        printf("single changes ranked by throughput gain, then lead-time cut "
               "(%zu tried)\n", n);
        if (screened)
            printf("screening with %u replications (the model asks for %u; "
                   "--reps N for more)\n", (unsigned)cfg.replications,
                   (unsigned)model_reps);
        int any_cost = az_whatif_rank_by_value(w, order);
        print_table(m, az_whatif_config(w), rows, shown, any_cost);
        if (any_cost) {
            outcome *by_value = rows_of(w, order);
            if (!by_value) {
                code = EXIT_RUNTIME;
            } else {
                printf("\nthe same ranked by throughput gained per 1000 of "
                       "cost (significant gains with a cost first)\n");
                print_table(m, az_whatif_config(w), by_value, shown,
                            any_cost);
            }
            free(by_value);
        }
        if (!code)
            code = az_whatif_interrupted(w, NULL)
                       ? wi_interrupted(w, "changes")
                       : wi_outputs_write(&o, w, source);
    }
    free(order);
    free(rows);
    az_whatif_free(w);
    cli_results_free(&out);
    az_model_free(m);
    return code;
}
