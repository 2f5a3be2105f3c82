/*
 * whatif.c: `azalea compare` and `azalea improve`: the same experiment on
 * changed models, each paired with the base by replication (common random
 * numbers), so that a difference comes with its own confidence interval.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "azalea/diagnose.h"
#include "azalea/experiment.h"
#include "azalea/improve.h"
#include "azalea/model.h"
#include "cli.h"
#include "whatif.h"

enum { MAX_PARTS = 64 };

/* Runs m; o keeps its summary (o->sum), for the result files. */
static az_status measure(const az_model *m, const az_experiment_config *cfg,
                         const az_summary *base, outcome *o, az_error *err)
{
    az_summary *s = NULL;
    az_status rc = cli_run_timed(m, cfg, &s, &o->wall, err);
    if (rc)
        return rc;
    o->sum = s;
    cli_headline_of(m, s, &o->h);
    o->unstable = az_diagnose_unstable(m, s);
    o->dtp = o->dtp_half = o->dlt = o->dlt_half = 0;
    if (base) {
        if ((rc = az_summary_paired_diff(base, s, o->h.it, cfg->level,
                                         &o->dtp, &o->dtp_half, err)) ||
            (rc = az_summary_paired_diff(base, s, o->h.il, cfg->level,
                                         &o->dlt, &o->dlt_half, err)))
            return rc;
        o->dtp *= o->h.per_h;
        o->dtp_half *= o->h.per_h;
    }
    /* The files' figures, at 95 % whatever the table's level. */
    return az_whatif_figures(m, base, s, &o->wr, err);
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
    return o->cost > 0 ? o->dtp / (o->cost / 1000) : NAN;
}

/* improve's replications unless --reps says otherwise (see cmd_improve). */
enum { IMPROVE_REPS = 5 };

static void print_table(const az_model *m, const az_experiment_config *cfg,
                        const outcome *o, size_t n, int costs)
{
    int w = 40; /* as wide as the longest label: none is cut */
    for (size_t i = 0; i < n; i++)
        if (cli_columns(o[i].what) > w)
            w = cli_columns(o[i].what);
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
        cli_pad(o[i].what, w);
        if (i == 0) {
            printf(" %21s %20s %21s %20s%s\n", a, "", c, "",
                   o[i].unstable ? "  UNSTABLE" : "");
            continue;
        }
        pm(b, sizeof b, o[i].dtp, o[i].dtp_half, 1);
        pm(d, sizeof d, o[i].dlt, o[i].dlt_half, 1);
        printf(" %21s %23s %21s %23s", a, b, c, d);
        if (costs && o[i].cost >= 0)
            printf(" %12.0f %14.4g", o[i].cost, per_cost(&o[i]));
        else if (costs)
            printf(" %12s %14s", "-", "-");
        if (o[i].unstable)
            printf("  UNSTABLE");
        putchar('\n');
    }
    int any = 0;
    for (size_t i = 0; i < n; i++)
        any |= o[i].unstable;
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

/* Splits "p=v; q=w" into trimmed parts, in place. */
static size_t split(char *s, const char **part)
{
    size_t n = 0;
    for (char *tok = strtok(s, ";"); tok && n < MAX_PARTS;
         tok = strtok(NULL, ";")) {
        while (*tok == ' ' || *tok == '\t')
            tok++;
        char *e = tok + strlen(tok);
        while (e > tok && (e[-1] == ' ' || e[-1] == '\t'))
            *--e = '\0';
        if (*tok)
            part[n++] = tok;
    }
    return n;
}


int cmd_compare(int argc, char **argv)
{
    options o = {0};
    az_model *m = NULL;
    az_experiment_config cfg;
    const char *source;
    int code = cli_open_run(argc, argv, "compare", 1, 0, &o, &m, &cfg,
                            &source);
    if (code)
        return code;
    if (o.nscen == 0) {
        fprintf(stderr, "azalea: compare needs at least one --scenario "
                        "\"path=value; path=value\"\n");
        az_model_free(m);
        return EXIT_USAGE;
    }
    /* Every result file is checked before the runs. */
    cli_results out = {0};
    if ((code = wi_outputs_check(&o, &out)) ||
        (code = cli_resolve_warmup(m, &cfg))) {
        cli_results_free(&out);
        az_model_free(m);
        return code;
    }
    outcome *res = calloc(o.nscen + 1, sizeof *res);
    az_summary *base = NULL;
    az_error err;
    az_status rc = res ? AZ_OK : AZ_ENOMEM;
    cli_progress prog;
    cli_progress_start(&prog, &cfg);
    if (!rc) {
        snprintf(res[0].what, sizeof res[0].what, "base");
        res[0].cost = -1;
        cli_progress_label(&prog, "base: ");
        rc = measure(m, &cfg, NULL, &res[0], &err);
        base = res[0].sum;
    }
    for (size_t i = 0; i < o.nscen && !rc; i++) {
        char buf[4096];
        const char *part[MAX_PARTS];
        snprintf(buf, sizeof buf, "%s", o.scenarios[i]);
        size_t n = split(buf, part);
        if (n == 0) {
            fprintf(stderr, "azalea: scenario %zu is empty\n", i + 1);
            rc = AZ_EINVAL;
            break;
        }
        az_model *alt = NULL;
        az_experiment_config acfg;
        if ((rc = cli_load(&o, part, n, &alt, &acfg, &source)))
            break; /* the loader said why */
        snprintf(res[i + 1].what, sizeof res[i + 1].what, "%s",
                 o.scenarios[i]);
        snprintf(res[i + 1].changes, sizeof res[i + 1].changes, "%s",
                 o.scenarios[i]);
        res[i + 1].cost = -1;
        res[i + 1].model = alt;
        char label[96];
        snprintf(label, sizeof label, "scenario %zu/%zu: ", i + 1, o.nscen);
        cli_progress_label(&prog, label);
        rc = measure(alt, &cfg, base, &res[i + 1], &err);
        if (rc)
            fprintf(stderr, "azalea: scenario %zu: %s\n", i + 1, err.msg);
    }
    cli_progress_end(&prog);
    if (!rc) {
        print_table(m, &cfg, res, o.nscen + 1, 0);
        code = wi_outputs_write(&o, &out, "compare", m, source, &cfg, res,
                                o.nscen);
    } else if (rc == AZ_ENOMEM || (base == NULL && res))
        fprintf(stderr, "azalea: %s\n", rc == AZ_ENOMEM ? "out of memory"
                                                         : err.msg);
    if (res)
        wi_outcomes_free(res, o.nscen + 1);
    free(res);
    cli_results_free(&out);
    az_model_free(m);
    return rc ? cli_exit_code(rc) : code;
}

/* One candidate change of `improve`, applied to a freshly loaded model. */
typedef struct change {
    enum { MACHINE, BUFFER, PERSON, LISTED } kind;
    uint32_t index, to; /* LISTED: index of the model's candidate */
} change;

static az_status apply(az_model *m, const change *c, az_error *err)
{
    switch (c->kind) {
    case MACHINE: return az_model_set_machines(m, c->index, c->to, err);
    case BUFFER: return az_model_set_buffer(m, c->index, c->to, err);
    case PERSON: return az_model_set_pool_size(m, c->index, c->to, err);
    case LISTED: return AZ_OK; /* loaded with its overrides */
    }
    return AZ_EINVAL;
}

/* Most throughput first; among equals, the shortest lead time. */
/* 0: a significant throughput gain; 1: no significant throughput loss
 * and a significant lead-time cut (a change that buys time, not units);
 * 2: the rest. */
static int gain_class(const outcome *o)
{
    if (isfinite(o->dtp_half) && o->dtp - o->dtp_half > 0)
        return 0;
    if (isfinite(o->dlt_half) && o->dlt + o->dlt_half < 0 &&
        !(o->dtp + o->dtp_half < 0))
        return 1;
    return 2;
}

/* Significant throughput gains first (largest first), then significant
 * lead-time cuts (largest first), then the rest by throughput gain and
 * lead time: noise in the throughput of changes that do not move it must
 * not bury one that shortens the lead time. */
static int by_gain(const void *x, const void *y)
{
    const outcome *a = x, *b = y;
    int ca = gain_class(a), cb = gain_class(b);
    if (ca != cb)
        return ca - cb;
    if (ca == 1 && a->dlt != b->dlt)
        return (a->dlt > b->dlt) - (a->dlt < b->dlt);
    if (a->dtp != b->dtp)
        return (a->dtp < b->dtp) - (a->dtp > b->dtp);
    return (a->dlt > b->dlt) - (a->dlt < b->dlt);
}

/* Most throughput per cost first; changes without a cost or without a
 * significant gain last (by gain among them). */
static int by_value(const void *x, const void *y)
{
    const outcome *a = x, *b = y;
    int ga = a->cost > 0 && isfinite(a->dtp_half) && a->dtp > a->dtp_half;
    int gb = b->cost > 0 && isfinite(b->dtp_half) && b->dtp > b->dtp_half;
    if (ga != gb)
        return gb - ga;
    if (ga && per_cost(a) != per_cost(b))
        return (per_cost(a) < per_cost(b)) - (per_cost(a) > per_cost(b));
    return by_gain(x, y);
}

/* The model's own candidates load with their changes, checked before
 * anything runs; a bad one is reported where the file states it. */
static int check_candidates(const options *o, const az_model *m,
                            const char *source)
{
    for (size_t i = 0; i < az_model_candidate_count(m); i++) {
        az_candidate c = az_model_candidate(m, i);
        az_model *alt = NULL;
        az_experiment_config acfg;
        const char *src;
        az_status rc = cli_load(o, c.sets, c.nset, &alt, &acfg, &src);
        az_model_free(alt);
        if (rc) {
            fprintf(stderr, "%s:%d:%d: improve candidate '%s' does not give a "
                    "valid model (above)\n", source, c.line, c.col, c.name);
            return cli_exit_code(rc);
        }
    }
    return 0;
}

int cmd_improve(int argc, char **argv)
{
    options o = {0};
    az_model *m = NULL;
    az_experiment_config cfg;
    const char *source;
    int code = cli_open_run(argc, argv, "improve", 0, 1, &o, &m, &cfg,
                            &source);
    if (code)
        return code;
    uint64_t step = 5, top = 10;
    if ((o.buffer_step &&
         !cli_parse_uint("--buffer-step", o.buffer_step, 1, 1000000, &step)) ||
        (o.top && !cli_parse_uint("--top", o.top, 1, 1000000, &top))) {
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
    if (!o.reps && cfg.replications > IMPROVE_REPS) {
        cfg.replications = IMPROVE_REPS;
        screened = 1;
    }
    cli_results out = {0};
    if ((code = check_candidates(&o, m, source)) ||
        (code = wi_outputs_check(&o, &out)) ||
        (code = cli_resolve_warmup(m, &cfg))) {
        cli_results_free(&out);
        az_model_free(m);
        return code;
    }
    size_t ns = az_model_station_count(m), np = az_model_pool_count(m);
    size_t nc = az_model_candidate_count(m), max = 2 * ns + np + nc;
    az_improve_costs costs = az_model_improve_costs(m);
    change *ch = calloc(max ? max : 1, sizeof *ch);
    outcome *res = calloc(max + 1, sizeof *res);
    size_t n = 0;
    for (uint32_t i = 0; ch && i < ns; i++) {
        ch[n++] = (change){MACHINE, i, az_model_station_machines(m, i) + 1};
        uint32_t cap = az_model_station_buffer(m, i);
        if (cap != AZ_UNLIMITED)
            ch[n++] = (change){BUFFER, i, cap + (uint32_t)step};
    }
    for (uint32_t q = 0; ch && q < np; q++)
        ch[n++] = (change){PERSON, q, az_model_pool_size(m, q) + 1};
    for (uint32_t k = 0; ch && k < nc; k++)
        ch[n++] = (change){LISTED, k, 0};
    az_summary *base = NULL;
    az_error err;
    az_status rc = ch && res ? AZ_OK : AZ_ENOMEM;
    cli_progress prog;
    cli_progress_start(&prog, &cfg);
    if (!rc) {
        snprintf(res[0].what, sizeof res[0].what, "as it is");
        res[0].cost = -1;
        cli_progress_label(&prog, "as it is: ");
        rc = measure(m, &cfg, NULL, &res[0], &err);
        base = res[0].sum;
    }
    int any_cost = 0;
    for (size_t i = 0; i < n && !rc; i++) {
        az_model *alt = NULL;
        az_experiment_config acfg;
        outcome *r = &res[i + 1];
        az_candidate c = {0};
        if (ch[i].kind == LISTED)
            c = az_model_candidate(m, ch[i].index);
        if ((rc = cli_load(&o, c.sets, c.nset, &alt, &acfg, &source)))
            break;
        r->cost = -1;
        r->model = alt;
        if (ch[i].kind == MACHINE) {
            snprintf(r->what, sizeof r->what, "+1 machine at %s (%u)",
                     az_model_station_name(m, ch[i].index), (unsigned)ch[i].to);
            snprintf(r->changes, sizeof r->changes, "stations.%s.machines=%u",
                     az_model_station_name(m, ch[i].index),
                     (unsigned)ch[i].to);
            r->cost = az_model_machine_cost(m, ch[i].index);
        } else if (ch[i].kind == BUFFER) {
            snprintf(r->what, sizeof r->what, "+%u places before %s (%u)",
                     (unsigned)step, az_model_station_name(m, ch[i].index),
                     (unsigned)ch[i].to);
            if (costs.buffer_place >= 0)
                r->cost = costs.buffer_place * (double)step;
        } else if (ch[i].kind == PERSON) {
            snprintf(r->what, sizeof r->what, "+1 person in %s (%u)",
                     az_model_pool_name(m, ch[i].index), (unsigned)ch[i].to);
            r->cost = costs.person;
        } else {
            snprintf(r->what, sizeof r->what, "%s", c.name);
            for (size_t k = 0; k < c.nset; k++) {
                size_t len = strlen(r->changes);
                snprintf(r->changes + len, sizeof r->changes - len, "%s%s",
                         k ? "; " : "", c.sets[k]);
            }
            r->cost = c.cost;
        }
        any_cost |= r->cost >= 0;
        char label[96];
        snprintf(label, sizeof label, "change %zu/%zu: ", i + 1, n);
        cli_progress_label(&prog, label);
        if (!(rc = apply(alt, &ch[i], &err)))
            rc = measure(alt, &cfg, base, r, &err);
    }
    cli_progress_end(&prog);
    if (rc) {
        fprintf(stderr, "azalea: %s\n", rc == AZ_ENOMEM ? "out of memory"
                                                         : err.msg);
    } else {
        size_t shown = 1 + (n < (size_t)top ? n : (size_t)top);
        qsort(res + 1, n, sizeof *res, by_gain);
        printf("single changes ranked by throughput gain, then lead-time cut "
               "(%zu tried)\n", n);
        if (screened)
            printf("screening with %u replications (the model asks for %u; "
                   "--reps N for more)\n", (unsigned)cfg.replications,
                   (unsigned)model_reps);
        print_table(m, &cfg, res, shown, any_cost);
        if (any_cost) {
            qsort(res + 1, n, sizeof *res, by_value);
            printf("\nthe same ranked by throughput gained per 1000 of cost "
                   "(significant gains with a cost first)\n");
            print_table(m, &cfg, res, shown, any_cost);
            qsort(res + 1, n, sizeof *res, by_gain); /* the files' order */
        }
        code = wi_outputs_write(&o, &out, "improve", m, source, &cfg, res, n);
    }
    if (res)
        wi_outcomes_free(res, max + 1);
    free(ch);
    free(res);
    cli_results_free(&out);
    az_model_free(m);
    return rc ? cli_exit_code(rc) : code;
}
