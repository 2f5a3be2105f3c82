/*
 * whatif.c: `azalea compare` and `azalea improve`: the same experiment on
 * changed models, each paired with the base by replication (common random
 * numbers), so that a difference comes with its own confidence interval.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "azalea/experiment.h"
#include "azalea/model.h"
#include "cli.h"

enum { MAX_PARTS = 64 };

/* One result line: a scenario's throughput and lead time, and their
 * differences to the base. */
typedef struct outcome {
    char what[160];
    double tp, tp_half, dtp, dtp_half;
    double lt, lt_half, dlt, dlt_half;
} outcome;

static az_status measure(const az_model *m, const az_experiment_config *cfg,
                         const az_summary *base, outcome *o, az_summary **out,
                         az_error *err)
{
    az_summary *s = NULL;
    az_status rc = az_experiment_run(m, cfg, &s, err);
    if (rc)
        return rc;
    double per_h = 3600.0 / az_model_time_unit_seconds(m);
    size_t it = az_summary_metric_index(s, AZ_SCOPE_SYSTEM, 0, AZ_M_THROUGHPUT);
    size_t il = az_summary_metric_index(s, AZ_SCOPE_SYSTEM, 0, AZ_M_LEAD_MEAN);
    o->tp = az_summary_mean(s, it) * per_h;
    o->tp_half = az_summary_halfwidth(s, it) * per_h;
    o->lt = az_summary_mean(s, il);
    o->lt_half = az_summary_halfwidth(s, il);
    o->dtp = o->dtp_half = o->dlt = o->dlt_half = 0;
    if (base) {
        if ((rc = az_summary_paired_diff(base, s, it, cfg->level, &o->dtp,
                                         &o->dtp_half, err)) ||
            (rc = az_summary_paired_diff(base, s, il, cfg->level, &o->dlt,
                                         &o->dlt_half, err))) {
            az_summary_free(s);
            return rc;
        }
        o->dtp *= per_h;
        o->dtp_half *= per_h;
    }
    if (out)
        *out = s;
    else
        az_summary_free(s);
    return AZ_OK;
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

static void print_table(const az_model *m, const az_experiment_config *cfg,
                        const outcome *o, size_t n)
{
    const char *u = az_model_time_unit(m);
    char h1[40], h2[40];
    snprintf(h1, sizeof h1, "lead time (%s)", u);
    snprintf(h2, sizeof h2, "change (%s)", u);
    printf("replications: %u, each paired with the base's (common random "
           "numbers)\nfigures: mean ± half-width of the %g %% CI; * the "
           "change is significant (its CI excludes 0)\n\n",
           (unsigned)cfg->replications, 100 * cfg->level);
    printf("%-40s %20s %22s %20s %22s\n", "scenario", "units/h",
           "change units/h", h1, h2);
    for (size_t i = 0; i < n; i++) {
        char a[48], b[48], c[48], d[48];
        pm(a, sizeof a, o[i].tp, o[i].tp_half, 0);
        pm(c, sizeof c, o[i].lt, o[i].lt_half, 0);
        if (i == 0) {
            printf("%-40s %21s %20s %21s %20s\n", o[i].what, a, "", c, "");
            continue;
        }
        pm(b, sizeof b, o[i].dtp, o[i].dtp_half, 1);
        pm(d, sizeof d, o[i].dlt, o[i].dlt_half, 1);
        printf("%-40.40s %21s %23s %21s %23s\n", o[i].what, a, b, c, d);
    }
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
           "%g %s, used for every scenario\n", (unsigned)wr.pilots,
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
    outcome *res = calloc(o.nscen + 1, sizeof *res);
    az_summary *base = NULL;
    az_error err;
    az_status rc = res ? AZ_OK : AZ_ENOMEM;
    if (!rc) {
        snprintf(res[0].what, sizeof res[0].what, "base");
        rc = measure(m, &cfg, NULL, &res[0], &base, &err);
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
        rc = measure(alt, &cfg, base, &res[i + 1], NULL, &err);
        az_model_free(alt);
        if (rc)
            fprintf(stderr, "azalea: scenario %zu: %s\n", i + 1, err.msg);
    }
    if (!rc)
        print_table(m, &cfg, res, o.nscen + 1);
    else if (rc == AZ_ENOMEM || (base == NULL && res))
        fprintf(stderr, "azalea: %s\n", rc == AZ_ENOMEM ? "out of memory"
                                                         : err.msg);
    az_summary_free(base);
    free(res);
    az_model_free(m);
    return rc ? cli_exit_code(rc) : 0;
}

/* One candidate change of `improve`, applied to a freshly loaded model. */
typedef struct change {
    enum { MACHINE, BUFFER, PERSON } kind;
    uint32_t index, to;
} change;

static az_status apply(az_model *m, const change *c, az_error *err)
{
    switch (c->kind) {
    case MACHINE: return az_model_set_machines(m, c->index, c->to, err);
    case BUFFER: return az_model_set_buffer(m, c->index, c->to, err);
    case PERSON: return az_model_set_pool_size(m, c->index, c->to, err);
    }
    return AZ_EINVAL;
}

/* Most throughput first; among equals, the shortest lead time. */
static int by_gain(const void *x, const void *y)
{
    const outcome *a = x, *b = y;
    if (a->dtp != b->dtp)
        return (a->dtp < b->dtp) - (a->dtp > b->dtp);
    return (a->dlt > b->dlt) - (a->dlt < b->dlt);
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
    size_t ns = az_model_station_count(m), np = az_model_pool_count(m);
    change *ch = calloc(2 * ns + np, sizeof *ch);
    outcome *res = calloc(2 * ns + np + 1, sizeof *res);
    size_t n = 0;
    for (uint32_t i = 0; ch && i < ns; i++) {
        ch[n++] = (change){MACHINE, i, az_model_station_machines(m, i) + 1};
        uint32_t cap = az_model_station_buffer(m, i);
        if (cap != AZ_UNLIMITED)
            ch[n++] = (change){BUFFER, i, cap + (uint32_t)step};
    }
    for (uint32_t q = 0; ch && q < np; q++)
        ch[n++] = (change){PERSON, q, az_model_pool_size(m, q) + 1};
    az_summary *base = NULL;
    az_error err;
    az_status rc = ch && res ? AZ_OK : AZ_ENOMEM;
    if (!rc) {
        snprintf(res[0].what, sizeof res[0].what, "as it is");
        rc = measure(m, &cfg, NULL, &res[0], &base, &err);
    }
    for (size_t i = 0; i < n && !rc; i++) {
        az_model *alt = NULL;
        az_experiment_config acfg;
        if ((rc = cli_load(&o, NULL, 0, &alt, &acfg, &source)))
            break;
        outcome *r = &res[i + 1];
        if (ch[i].kind == MACHINE)
            snprintf(r->what, sizeof r->what, "+1 machine at %s (%u)",
                     az_model_station_name(m, ch[i].index), (unsigned)ch[i].to);
        else if (ch[i].kind == BUFFER)
            snprintf(r->what, sizeof r->what, "+%u places before %s (%u)",
                     (unsigned)step, az_model_station_name(m, ch[i].index),
                     (unsigned)ch[i].to);
        else
            snprintf(r->what, sizeof r->what, "+1 person in %s (%u)",
                     az_model_pool_name(m, ch[i].index), (unsigned)ch[i].to);
        if (!(rc = apply(alt, &ch[i], &err)))
            rc = measure(alt, &cfg, base, r, NULL, &err);
        az_model_free(alt);
    }
    if (rc) {
        fprintf(stderr, "azalea: %s\n", rc == AZ_ENOMEM ? "out of memory"
                                                         : err.msg);
    } else {
        qsort(res + 1, n, sizeof *res, by_gain);
        printf("single changes ranked by throughput gain (%zu tried)\n", n);
        print_table(m, &cfg, res, 1 + (n < (size_t)top ? n : (size_t)top));
    }
    az_summary_free(base);
    free(ch);
    free(res);
    az_model_free(m);
    return rc ? cli_exit_code(rc) : 0;
}
