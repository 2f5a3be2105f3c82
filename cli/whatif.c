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

/* improve --select: the changes of the ranking's top that KN confirms
 * among (with the base). */
enum { IMPROVE_SELECT = 5 };

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

void wi_print_table(const az_model *m, const az_experiment_config *cfg,
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

void wi_begin(wi_progress *prog, const char *noun, az_experiment_config *cfg,
              az_whatif_options *wo)
{
    memset(prog, 0, sizeof *prog);
    prog->noun = noun;
    cli_progress_start(&prog->p, cfg);
    memset(wo, 0, sizeof *wo);
    wo->on_start = wi_on_start;
    wo->ctx = prog;
    cfg->stop = &cli_stop_signal;
    cli_catch_stop_signals(1);
}

void wi_end(wi_progress *prog)
{
    cli_progress_end(&prog->p);
    cli_catch_stop_signals(0);
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
outcome *wi_rows(const az_whatif *w, const size_t *order)
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
static int select_spec(const options *o, const az_model *m,
                       uint32_t reps, az_select_spec *sp);

int wi_open(int argc, char **argv, const char *cmd, int scen, int steps,
            options *o, az_model **m, az_experiment_config *cfg,
            const char **source, az_whatif_source *src, int *count,
            cli_results *res, az_select_spec *sp)
{
    int code = cli_open_run(argc, argv, cmd, scen, steps, o, m, cfg, source);
    if (code)
        return code;
    if (scen && o->nscen == 0) {
        fprintf(stderr, "azalea: compare needs at least one --scenario "
                        "\"path=value; path=value\"\n");
        code = EXIT_USAGE;
    }
    if (!code && sp)
        code = select_spec(o, *m, cfg->replications, sp);
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

/* --select METRIC --delta X [--pcs P] [--max-reps N] into sp; 0 (also
 * without --select: sp->delta is then 0), or EXIT_USAGE having said why. */
static int select_spec(const options *o, const az_model *m,
                       uint32_t reps, az_select_spec *sp)
{
    memset(sp, 0, sizeof *sp);
    if (!o->select) {
        if (o->delta || o->pcs || o->max_reps) {
            fprintf(stderr, "azalea: --delta, --pcs and --max-reps go with "
                    "--select throughput|lead_time|wip\n");
            return EXIT_USAGE;
        }
        return 0;
    }
    if (!strcmp(o->select, "throughput"))
        sp->metric = AZ_WI_THROUGHPUT;
    else if (!strcmp(o->select, "lead_time"))
        sp->metric = AZ_WI_LEAD_TIME;
    else if (!strcmp(o->select, "wip"))
        sp->metric = AZ_WI_WIP;
    else {
        fprintf(stderr, "azalea: --select expects throughput, lead_time or "
                "wip, got '%s'\n", o->select);
        return EXIT_USAGE;
    }
    if (!o->delta) {
        fprintf(stderr, "azalea: --select needs --delta, the smallest "
                "difference worth finding (e.g. --delta 0.5/h)\n");
        return EXIT_USAGE;
    }
    char *end;
    double d = strtod(o->delta, &end);
    if (sp->metric == AZ_WI_LEAD_TIME) {
        az_error err;
        if (az_parse_duration(o->delta, &d, &err)) {
            fprintf(stderr, "azalea: --delta for lead_time is a duration "
                    "such as '5 min', got '%s'\n", o->delta);
            return EXIT_USAGE;
        }
        d /= az_model_time_unit_seconds(m);
    } else {
        while (*end == ' ')
            end++;
        if (sp->metric == AZ_WI_THROUGHPUT && !strcmp(end, "/h"))
            end += 2;
        if (end == o->delta || *end || !isfinite(d)) {
            fprintf(stderr, "azalea: --delta expects a number%s, got '%s'\n",
                    sp->metric == AZ_WI_THROUGHPUT ? " of units an hour "
                    "(e.g. 0.5/h)" : " of units", o->delta);
            return EXIT_USAGE;
        }
    }
    if (!(d > 0)) {
        fprintf(stderr, "azalea: --delta must be above 0, got '%s'\n",
                o->delta);
        return EXIT_USAGE;
    }
    sp->delta = d;
    sp->pcs = 0.95;
    if (o->pcs) {
        sp->pcs = strtod(o->pcs, &end);
        if (end == o->pcs || *end || !(sp->pcs > 0.5 && sp->pcs < 1)) {
            fprintf(stderr, "azalea: --pcs expects a probability above 0.5 "
                    "and below 1, such as 0.95, got '%s'\n", o->pcs);
            return EXIT_USAGE;
        }
    }
    uint64_t cap = 1000;
    if (o->max_reps &&
        !cli_parse_uint("--max-reps", o->max_reps, 2, 1000000, &cap))
        return EXIT_USAGE;
    sp->max_reps = (uint32_t)cap;
    if (cap < reps) {
        fprintf(stderr, "azalea: --select: the first stage is %u "
                "replications (--reps), above the cap of %u; give "
                "--max-reps N of at least %u\n", (unsigned)reps,
                (unsigned)cap, (unsigned)reps);
        return EXIT_USAGE;
    }
    return 0;
}

/* Runs the selection on w's base and first k runs and prints it. 0, or
 * the exit status having said why. */
int wi_run_selection(az_whatif *w, size_t k, const az_select_spec *sp,
                     cli_progress *prog)
{
    static const char *const fig[AZ_WI_NFIG] = {"throughput", "lead time",
                                                "WIP"};
    const az_model *m = az_whatif_base(w)->model;
    char unit[40];
    if (sp->metric == AZ_WI_THROUGHPUT)
        snprintf(unit, sizeof unit, "units/h");
    else if (sp->metric == AZ_WI_LEAD_TIME)
        snprintf(unit, sizeof unit, "%s", az_model_time_unit(m));
    else
        snprintf(unit, sizeof unit, "units");
    az_error err;
    /* The what-if's config still reports progress: under a label of its
     * own, erased when done. */
    cli_progress_label(prog, "selection: ");
    az_status rc = az_whatif_select(w, k, sp, &err);
    cli_progress_end(prog);
    if (rc) {
        if (rc == AZ_ESTOPPED)
            fprintf(stderr, "azalea: interrupted (%s) during the selection: "
                    "no scenario is named\n", cli_stop_name());
        else
            fprintf(stderr, "azalea: %s\n", err.msg);
        return rc == AZ_ESTOPPED ? 128 + cli_stop_signal : cli_exit_code(rc);
    }
    const az_selection *sel = az_whatif_selection(w);
    const az_whatif_run *runs = az_whatif_runs(w);
    printf("\nselection of the best by %s (KN, fully sequential, common "
           "random numbers)\nPCS %g, indifference zone %g %s; first stage "
           "%u replications, then one at a time to those still in "
           "contention\n\n", fig[sp->metric], sp->pcs, sp->delta, unit,
           (unsigned)sel->first);
    int w0 = 40;
    for (size_t i = 0; i < sel->n; i++) {
        const char *l = i ? runs[i - 1].label : az_whatif_base(w)->label;
        if (cli_columns(l) > w0)
            w0 = cli_columns(l);
    }
    char head[48];
    snprintf(head, sizeof head, "%s (%s)", fig[sp->metric], unit);
    cli_pad("scenario", w0);
    printf(" %12s %22s  %s\n", "replications", head, "outcome");
    for (size_t i = 0; i < sel->n; i++) {
        const az_select_entry *e = &sel->entry[i];
        char v[64];
        snprintf(v, sizeof v, isfinite(e->half) ? "%.2f ± %.2f" : "%.2f",
                 e->mean, e->half);
        cli_pad(i ? runs[i - 1].label : az_whatif_base(w)->label, w0);
        printf(" %12u %23s  %s\n", (unsigned)e->reps, v,
               i == sel->best ? "BEST"
               : e->eliminated ? "eliminated"
                               : "in contention at the cap");
    }
    const char *best = sel->best ? runs[sel->best - 1].label
                                 : az_whatif_base(w)->label;
    if (sel->capped)
        printf("\nthe cap of %u replications ended the selection with more "
               "than one in contention: '%s' has the best mean of those, "
               "WITHOUT the guarantee; a larger --max-reps or --delta "
               "decides\n", (unsigned)sp->max_reps, best);
    else
        printf("\nbest: '%s'. With probability at least %g it is the best, "
               "or within %g %s of it\n", best, sp->pcs, sp->delta, unit);
    printf("%llu replications in all\n",
           (unsigned long long)sel->total_reps);
    return 0;
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
    az_select_spec sp;
    int code = wi_open(argc, argv, "compare", 1, 0, &o, &m, &cfg,
                       &source, &src, &count, &out, &sp);
    if (code)
        return code;
    wi_progress prog;
    az_whatif_options wo;
    wi_begin(&prog, "scenario", &cfg, &wo);

    az_whatif *w = NULL;
    az_error err;
    az_status rc = az_compare(&src, &cfg, o.scenarios, o.nscen, &wo, &w, &err);
    wi_end(&prog);
    outcome *rows = rc ? NULL : wi_rows(w, NULL);
    if (rc)
        code = wi_failed(rc, &err, count);
    else if (!rows)
        code = EXIT_RUNTIME;
    else {
        wi_print_table(m, az_whatif_config(w), rows, az_whatif_count(w) + 1, 0);
        cli_catch_stop_signals(1);
        if (az_whatif_interrupted(w, NULL))
            code = wi_interrupted(w, "scenarios");
        else if (!(code = sp.delta > 0 ? wi_run_selection(w, az_whatif_count(w),
                                                        &sp, &prog.p)
                                        : 0))
            code = wi_outputs_write(&o, w, source);
        cli_catch_stop_signals(0);
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
    az_select_spec sp;
    int code = wi_open(argc, argv, "improve", 0, 1, &o, &m, &cfg,
                       &source, &src, &count, &out, &sp);
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
    wi_progress prog;
    az_whatif_options wo;
    wi_begin(&prog, "change", &cfg, &wo);
    wo.buffer_step = (uint32_t)step;

    az_whatif *w = NULL;
    az_error err;
    az_status rc = az_improve(&src, &cfg, &wo, &w, &err);
    wi_end(&prog);
    size_t n = rc ? 0 : az_whatif_count(w);
    size_t *order = rc ? NULL : malloc((n ? n : 1) * sizeof *order);
    outcome *rows = rc ? NULL : wi_rows(w, NULL);
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
        wi_print_table(m, az_whatif_config(w), rows, shown, any_cost);
        if (any_cost) {
            outcome *by_value = wi_rows(w, order);
            if (!by_value) {
                code = EXIT_RUNTIME;
            } else {
                printf("\nthe same ranked by throughput gained per 1000 of "
                       "cost (significant gains with a cost first)\n");
                wi_print_table(m, az_whatif_config(w), by_value, shown,
                            any_cost);
            }
            free(by_value);
        }
        /* --select confirms the top pick: KN among the base and the
         * first IMPROVE_SELECT changes of the ranking. */
        cli_catch_stop_signals(1);
        if (!code && az_whatif_interrupted(w, NULL))
            code = wi_interrupted(w, "changes");
        else if (!code && sp.delta > 0 && n > 0)
            code = wi_run_selection(w, n < IMPROVE_SELECT ? n : IMPROVE_SELECT,
                                 &sp, &prog.p);
        if (!code)
            code = wi_outputs_write(&o, w, source);
        cli_catch_stop_signals(0);
    }
    free(order);
    free(rows);
    az_whatif_free(w);
    cli_results_free(&out);
    az_model_free(m);
    return code;
}
