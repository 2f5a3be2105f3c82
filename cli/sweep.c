/*
 * sweep.c: `azalea sweep`: the same experiment over a grid of one or two
 * model values (--param PATH=a..b:step or PATH=x,y,z), every point with
 * the same seed and replications (common random numbers), so neighbouring
 * points differ by the change and not by luck. One row per point on
 * stdout; with --csv DIR in DIR/sweep.csv (written whole or not at all,
 * as run's CSV set), with --json FILE as one document; with --db each
 * point is appended to the results database as its own run as soon as it
 * is done, its grid values in the run's overrides, linked to the sweep's
 * row in `comparisons`, so an interrupted sweep keeps the points it
 * finished.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/stat.h>

#include "azalea/diagnose.h"
#include "azalea/experiment.h"
#include "azalea/model.h"
#include "azalea/output.h"
#include "azalea/whatif.h"
#include "cli.h"
#include "whatif.h"

enum { MAX_PARAMS = 2 };

typedef az_sweep_param param;

/* Results of one grid point, in the units shown (per hour, model time). */
typedef struct point {
    cli_headline h;   /* system throughput per hour, lead time, WIP */
    double *prod_tp; /* per product, units/h */
    uint32_t bottleneck;
} point;

static const char *value_of(const param *par, size_t np, size_t k, size_t j)
{
    for (size_t i = np; i-- > j + 1;)
        k /= par[i].n;
    return par[j].values[k % par[j].n];
}

static void csv_num(FILE *f, double x)
{
    if (isfinite(x))
        fprintf(f, ",%.10g", x);
    else
        fputc(',', f); /* one replication: no half-width */
}

/* What sweep.csv is written from. */
typedef struct sweep_csv {
    const az_model *m;
    const az_experiment_config *cfg;
    const param *par;
    size_t np, npt;
    const point *pt;
} sweep_csv;

/* sweep.csv: one row per point, its grid values first. */
static void write_rows(FILE *f, void *ctx)
{
    const sweep_csv *c = ctx;
    const az_model *m = c->m;
    const param *par = c->par;
    size_t np = c->np;
    const point *pt = c->pt;
    const char *u = az_model_time_unit(m);
    for (size_t j = 0; j < np; j++) {
        az_csv_field(f, par[j].path);
        fputc(',', f);
    }
    fprintf(f, "replications,throughput_per_hour,throughput_per_hour_halfwidth,"
            "lead_time_mean_%s,lead_time_mean_%s_halfwidth,wip,wip_halfwidth,"
            "bottleneck", u, u);
    for (uint32_t p = 0; p < az_model_product_count(m); p++) {
        char h[128];
        snprintf(h, sizeof h, "throughput_per_hour:%s",
                 az_model_product_name(m, p));
        fputc(',', f);
        az_csv_field(f, h);
    }
    fputc('\n', f);
    for (size_t k = 0; k < c->npt; k++) {
        for (size_t j = 0; j < np; j++) {
            az_csv_field(f, value_of(par, np, k, j));
            fputc(',', f);
        }
        fprintf(f, "%u", (unsigned)c->cfg->replications);
        csv_num(f, pt[k].h.tp);
        csv_num(f, pt[k].h.tp_half);
        csv_num(f, pt[k].h.lt);
        csv_num(f, pt[k].h.lt_half);
        csv_num(f, pt[k].h.wip);
        csv_num(f, pt[k].h.wip_half);
        fputc(',', f);
        az_csv_field(f, az_model_station_name(m, pt[k].bottleneck));
        for (uint32_t p = 0; p < az_model_product_count(m); p++)
            csv_num(f, pt[k].prod_tp[p]);
        fputc('\n', f);
    }
}

/* DIR/sweep.csv, replaced as run's CSV set is (az_output_csv_set); 0
 * after saying why not. */
static int write_csv(const char *dir, const sweep_csv *c)
{
    az_error err;
    az_csv_table t = {"sweep.csv", write_rows, (void *)c};
    if (az_output_csv_set(dir, NULL, NULL, NULL, &t, 1, &err)) {
        fprintf(stderr, "azalea: %s\n", err.msg);
        return 0;
    }
    return 1;
}

/* --json: the parameters and every point; 0 after saying why not. */
static int write_json(const char *path, const az_whatif *w)
{
    az_error err;
    if (az_output_whatif(path, w, &err)) {
        fprintf(stderr, "azalea: %s\n", err.msg);
        return 0;
    }
    return 1;
}

/* --csv takes a directory, as run's does (before it took the CSV file):
 * a path ending in .csv that is not a directory is refused with the new
 * form, rather than made a directory a script would not expect. */
static int old_csv_form(const char *csv)
{
    size_t n = csv ? strlen(csv) : 0;
    struct stat sb;
    if (n < 4 || strcmp(csv + n - 4, ".csv") ||
        (stat(csv, &sb) == 0 && S_ISDIR(sb.st_mode)))
        return 0;
    fprintf(stderr, "azalea: sweep --csv takes a directory, as run's does, "
            "and writes DIR/sweep.csv in it; '%s' looks like a file: give "
            "the directory, e.g. --csv %.*s\n", csv, (int)(n - 4), csv);
    return EXIT_USAGE;
}

/* The table's first columns, one per parameter, each as wide as its path
 * or its longest value, and together at least 30 wide: text[j] is
 * parameter j's path (the heading) or value (a row). */
static void print_params(const param *par, size_t np, const char *const *text)
{
    int used = 0;
    for (size_t j = 0; j < np; j++) {
        int w = cli_columns(par[j].path);
        for (size_t i = 0; i < par[j].n; i++)
            if (cli_columns(par[j].values[i]) > w)
                w = cli_columns(par[j].values[i]);
        if (j)
            fputs("  ", stdout);
        cli_pad(text[j], w);
        used += w + (j ? 2 : 0);
    }
    if (used < 30)
        printf("%*s", 30 - used, "");
}

static void print_row(const az_model *m, const param *par, size_t np,
                      size_t k, const point *pt)
{
    char a[48], b[48], c[48];
    const char *val[MAX_PARAMS];
    for (size_t j = 0; j < np; j++)
        val[j] = value_of(par, np, k, j);
    print_params(par, np, val);
    const cli_headline *h = &pt->h;
    snprintf(a, sizeof a, isfinite(h->tp_half) ? "%.2f ± %.2f" : "%.2f",
             h->tp, h->tp_half);
    snprintf(b, sizeof b, isfinite(h->lt_half) ? "%.2f ± %.2f" : "%.2f",
             h->lt, h->lt_half);
    snprintf(c, sizeof c, isfinite(h->wip_half) ? "%.2f ± %.2f" : "%.2f",
             h->wip, h->wip_half);
    /* "±" is two bytes and one column: widths are one more. */
    printf(" %21s %21s %21s  %s\n", a, b, c,
           az_model_station_name(m, pt->bottleneck));
}

/* What the sweep's callbacks need. */
typedef struct sweep_run {
    wi_progress prog;
    const param *par;
    size_t np, npt;
    point *pt;
    const az_experiment_config *cfg;
    const char *db;  /* --db, or NULL */
    int64_t id;      /* the sweep's row in `comparisons`, once made */
    const char *sha256;
    const az_model *m; /* the base, for the time unit */
} sweep_run;

/* Before the first point, the table's head; before each, the progress. */
static void on_start(void *ctx, size_t k, size_t n, const char *label)
{
    sweep_run *sr = ctx;
    if (k == 0) {
        printf("sweep of %zu points, each %u replications with seed %llu "
               "(common random numbers)\nfigures: mean ± half-width of the "
               "%g %% CI\n\n", n, (unsigned)sr->cfg->replications,
               (unsigned long long)sr->cfg->seed, 100 * sr->cfg->level);
        const char *head[MAX_PARAMS];
        for (size_t j = 0; j < sr->np; j++)
            head[j] = sr->par[j].path;
        print_params(sr->par, sr->np, head);
        char lt[40];
        snprintf(lt, sizeof lt, "lead time (%s)", az_model_time_unit(sr->m));
        printf(" %20s %20s %20s  %s\n", "units/h", lt, "WIP (units)",
               "bottleneck");
        fflush(stdout);
    }
    wi_on_start(&sr->prog, k, n, label);
}

/* A point done: its row, on the terminal and (--db) in the database, at
 * once, so an interrupted sweep keeps the points it finished. The sweep's
 * row in `comparisons` is made with the first point: a sweep that fails
 * before it leaves the database as it was. */
static az_status on_done(void *ctx, size_t k, const az_whatif_run *r,
                         az_error *err)
{
    sweep_run *sr = ctx;
    const az_model *m = r->model;
    const az_summary *s = r->summary;
    point *pt = &sr->pt[k];
    cli_headline_of(m, s, &pt->h);
    for (uint32_t p = 0; p < az_model_product_count(m); p++)
        pt->prod_tp[p] = az_summary_mean(
                             s, az_summary_metric_index(s, AZ_SCOPE_PRODUCT, p,
                                                        AZ_M_THROUGHPUT)) *
                         pt->h.per_h;
    double best = -1;
    for (uint32_t t = 0; t < az_model_station_count(m); t++) {
        double v = az_summary_bottleneck_share(s, t);
        if (v > best) {
            best = v;
            pt->bottleneck = t;
        }
    }
    az_status rc = AZ_OK;
    if (sr->db && k == 0)
        rc = az_output_sqlite_whatif(sr->db, "sweep", sr->sha256, NULL, 0,
                                     &sr->id, err);
    if (!rc && sr->db)
        rc = az_output_sqlite_whatif_add(sr->db, sr->id, r, err);
    if (rc)
        return rc;
    cli_progress_end(&sr->prog.p);
    print_row(m, sr->par, sr->np, k, pt);
    fflush(stdout);
    return AZ_OK;
}

int cmd_sweep(int argc, char **argv)
{
    options o = {0};
    az_model *m = NULL;
    az_experiment_config cfg;
    const char *source;
    int code = cli_open_run(argc, argv, "sweep", 0, 0, &o, &m, &cfg, &source);
    if (code)
        return code;
    param par[MAX_PARAMS] = {0};
    size_t np = o.nparam, npt = 1;
    point *pt = NULL;
    double *prod = NULL;
    cli_results res = {0};
    az_whatif *w = NULL;
    az_whatif_source src;
    int count = 0;
    az_error err;
    code = EXIT_USAGE;
    if (np == 0 || np > MAX_PARAMS) {
        fprintf(stderr, "azalea: sweep needs one or two --param "
                "PATH=a..b:step (or PATH=x,y,z)\n");
        goto done;
    }
    /* Parsed here too, for the table's columns; az_sweep checks the rest. */
    for (size_t j = 0; j < np; j++) {
        az_status rc = az_sweep_param_parse(o.params[j], &par[j], &err);
        if (rc) {
            fprintf(stderr, "azalea: %s\n", err.msg);
            code = cli_exit_code(rc);
            goto done;
        }
        npt *= par[j].n;
    }
    /* Result files: checked now, before the points run. */
    if ((code = old_csv_form(o.csv)) ||
        (code = cli_check_output_table("--json", o.json)) ||
        (code = cli_results_prepare(&o, &res)) ||
        (code = wi_source(&o, &src, &count)) ||
        (code = cli_resolve_warmup(m, &cfg)))
        goto done;
    size_t nprod = az_model_product_count(m);
    pt = calloc(npt ? npt : 1, sizeof *pt);
    prod = calloc((npt ? npt : 1) * (nprod ? nprod : 1), sizeof *prod);
    if (!pt || !prod) {
        fprintf(stderr, "azalea: out of memory\n");
        code = EXIT_RUNTIME;
        goto done;
    }
    for (size_t k = 0; k < npt; k++)
        pt[k].prod_tp = prod + k * nprod;
    sweep_run sr = {{.noun = "point"}, par, np, npt, pt, &cfg, o.db, 0, NULL,
                    m};
    az_whatif_options wo;
    wi_begin(&sr.prog, "point", &cfg, &wo);
    wo.on_start = on_start; /* the table's head, then wi_on_start */
    wo.on_done = on_done;
    wo.ctx = &sr;
    const char *params[MAX_PARAMS];
    for (size_t j = 0; j < np; j++)
        params[j] = o.params[j];
    if (res.hashed)
        sr.sha256 = res.sha256;
    az_status rc = az_sweep(&src, &cfg, params, np, &wo, &w, &err);
    wi_end(&sr.prog);
    if (rc) {
        code = wi_failed(rc, &err, count);
        goto done;
    }
    if (az_whatif_interrupted(w, NULL)) {
        code = wi_interrupted(w, "points");
        goto done;
    }
    sweep_csv sc = {m, &cfg, par, np, npt, pt};
    code = 0;
    if (o.csv && !write_csv(o.csv, &sc))
        code = EXIT_RUNTIME;
    if (!code && o.json && !write_json(o.json, w))
        code = EXIT_RUNTIME;
done:
    az_whatif_free(w);
    cli_results_free(&res);
    for (size_t j = 0; j < MAX_PARAMS; j++)
        az_sweep_param_free(&par[j]);
    free(pt);
    free(prod);
    az_model_free(m);
    return code;
}
