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
#include "cli.h"

enum { MAX_PARAMS = 2, MAX_VALUES = 1000, MAX_POINTS = 10000, VAL_LEN = 64 };

typedef struct param {
    char path[256];
    char (*val)[VAL_LEN];
    size_t n;
} param;

/* Results of one grid point, in the units shown (per hour, model time). */
typedef struct point {
    cli_headline h;   /* system throughput per hour, lead time, WIP */
    az_whatif_fig fig[AZ_WI_NFIG]; /* the same at 95 %, for --json */
    double *prod_tp; /* per product, units/h */
    uint32_t bottleneck;
} point;

static int num(const char *s, const char *end, double *x)
{
    char buf[64], *e;
    size_t n = (size_t)(end - s);
    if (n == 0 || n >= sizeof buf)
        return 0;
    memcpy(buf, s, n);
    buf[n] = '\0';
    errno = 0;
    *x = strtod(buf, &e);
    return !errno && e != buf && !*e && isfinite(*x);
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    char *e = s + strlen(s);
    while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
        *--e = '\0';
    return s;
}

/* "path=a..b:step", "path=a..b" (step 1) or "path=x,y,z" into p; 0 after
 * saying what is wrong. */
static int parse_param(const char *arg, param *p)
{
    const char *eq = strchr(arg, '=');
    char spec[4096];
    if (!eq || eq == arg || (size_t)(eq - arg) >= sizeof p->path) {
        fprintf(stderr, "azalea: --param expects PATH=a..b:step or "
                "PATH=x,y,z, got '%s'\n", arg);
        return 0;
    }
    char path[sizeof p->path];
    memcpy(path, arg, (size_t)(eq - arg));
    path[eq - arg] = '\0';
    snprintf(p->path, sizeof p->path, "%s", trim(path));
    if (!strncmp(p->path, "run.", 4) || !strcmp(p->path, "run")) {
        fprintf(stderr, "azalea: --param %s: a sweep keeps the run settings; "
                "give them with --reps, --horizon, --warmup, --seed\n",
                p->path);
        return 0;
    }
    snprintf(spec, sizeof spec, "%s", eq + 1);
    char *s = trim(spec);
    char *dots = strstr(s, "..");
    p->val = calloc(MAX_VALUES, sizeof *p->val);
    if (!p->val) {
        fprintf(stderr, "azalea: out of memory\n");
        return 0;
    }
    if (dots) {
        char *colon = strchr(dots, ':');
        double a, b, step = 1;
        if (!num(s, dots, &a) ||
            !num(dots + 2, colon ? colon : dots + strlen(dots), &b) ||
            (colon && !num(colon + 1, colon + strlen(colon), &step))) {
            fprintf(stderr, "azalea: --param %s: expected a range a..b:step "
                    "of numbers, such as 5..50:5, got '%s'\n", p->path, s);
            return 0;
        }
        if (step <= 0) {
            fprintf(stderr, "azalea: --param %s: the step must be above 0, "
                    "got '%s'\n", p->path, s);
            return 0;
        }
        if (a > b) {
            fprintf(stderr, "azalea: --param %s: the range '%s' is empty "
                    "(it starts above its end)\n", p->path, s);
            return 0;
        }
        /* Tolerate rounding in (b - a) / step (0.1..0.5:0.1 has 5). */
        double count = floor((b - a) / step * (1 + 1e-12) + 1e-9) + 1;
        if (count > MAX_VALUES) {
            fprintf(stderr, "azalea: --param %s: more than %d values in "
                    "'%s'\n", p->path, MAX_VALUES, s);
            return 0;
        }
        for (p->n = 0; p->n < (size_t)count; p->n++)
            snprintf(p->val[p->n], VAL_LEN, "%.12g", a + (double)p->n * step);
        return 1;
    }
    for (char *tok = s, *next; tok; tok = next) {
        next = strchr(tok, ',');
        if (next)
            *next++ = '\0';
        tok = trim(tok);
        if (!*tok || strlen(tok) >= VAL_LEN) {
            fprintf(stderr, "azalea: --param %s: %s value in the list '%s'\n",
                    p->path, *tok ? "too long a" : "an empty", eq + 1);
            return 0;
        }
        if (p->n == MAX_VALUES) {
            fprintf(stderr, "azalea: --param %s: more than %d values\n",
                    p->path, MAX_VALUES);
            return 0;
        }
        snprintf(p->val[p->n++], VAL_LEN, "%s", tok);
    }
    return 1;
}

/* The overrides of grid point k: "path=value" for each parameter. */
static void overrides(const param *par, size_t np, size_t k,
                      char (*buf)[512], const char **ov)
{
    for (size_t j = np; j-- > 0;) {
        snprintf(buf[j], 512, "%s=%s", par[j].path, par[j].val[k % par[j].n]);
        ov[j] = buf[j];
        k /= par[j].n;
    }
}

static const char *value_of(const param *par, size_t np, size_t k, size_t j)
{
    for (size_t i = np; i-- > j + 1;)
        k /= par[i].n;
    return par[j].val[k % par[j].n];
}

/* Where --db puts a point: NULL db for none; id: the sweep's comparison. */
typedef struct db_out {
    const char *db;
    int64_t id;
    az_output_meta meta;
} db_out;

static az_status measure(const az_model *m, const az_experiment_config *cfg,
                         const db_out *out, point *pt, az_error *err)
{
    az_summary *s = NULL;
    double wall;
    az_status rc = cli_run_timed(m, cfg, &s, &wall, err);
    if (rc)
        return rc;
    az_whatif_run wr = {0};
    wr.role = "point";
    wr.label = wr.changes = out->meta.overrides;
    wr.model = m;
    wr.summary = s;
    wr.meta = out->meta;
    wr.meta.wall_seconds = wall;
    wr.cost = -1;
    wr.unstable = az_diagnose_unstable(m, s);
    if ((rc = az_whatif_figures(m, NULL, s, &wr, err)) ||
        (out->db && (rc = az_output_sqlite_whatif_add(out->db, out->id, &wr,
                                                      err)))) {
        az_summary_free(s);
        return rc;
    }
    memcpy(pt->fig, wr.fig, sizeof pt->fig);
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
    az_summary_free(s);
    return AZ_OK;
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
static int write_json(const char *path, const az_model *m, const param *par,
                      size_t np, size_t npt, const point *pt)
{
    az_whatif_run *r = calloc(npt ? npt : 1, sizeof *r);
    const char **val = calloc((npt ? npt : 1) * np, sizeof *val);
    char (*lab)[600] = calloc(npt ? npt : 1, sizeof *lab);
    const char *paths[MAX_PARAMS];
    int ok = r && val && lab;
    for (size_t k = 0; ok && k < npt; k++) {
        size_t len = 0;
        for (size_t j = 0; j < np; j++) {
            val[k * np + j] = value_of(par, np, k, j);
            len += (size_t)snprintf(lab[k] + len, sizeof lab[k] - len,
                                    "%s%s=%s", j ? "; " : "", par[j].path,
                                    val[k * np + j]);
            if (len >= sizeof lab[k])
                len = sizeof lab[k] - 1;
        }
        r[k].role = "point";
        r[k].label = r[k].changes = lab[k];
        r[k].values = val + k * np;
        r[k].bottleneck = az_model_station_name(m, pt[k].bottleneck);
        r[k].cost = -1;
        memcpy(r[k].fig, pt[k].fig, sizeof r[k].fig);
        for (int f = 0; f < AZ_WI_NFIG; f++)
            r[k].diff[f] = (az_whatif_fig){NAN, NAN, NAN};
    }
    for (size_t j = 0; j < np; j++)
        paths[j] = par[j].path;
    az_error err;
    if (!ok)
        fprintf(stderr, "azalea: out of memory\n");
    else if (az_output_whatif_json(path, "sweep", NULL, r, npt, paths, np,
                                   &err)) {
        fprintf(stderr, "azalea: %s\n", err.msg);
        ok = 0;
    }
    free(r);
    free(val);
    free(lab);
    return ok;
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
            if (cli_columns(par[j].val[i]) > w)
                w = cli_columns(par[j].val[i]);
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
    code = EXIT_USAGE;
    if (np == 0 || np > MAX_PARAMS) {
        fprintf(stderr, "azalea: sweep needs one or two --param "
                "PATH=a..b:step (or PATH=x,y,z)\n");
        goto done;
    }
    for (size_t j = 0; j < np; j++) {
        if (!parse_param(o.params[j], &par[j]))
            goto done;
        npt *= par[j].n;
    }
    if (np == 2 && !strcmp(par[0].path, par[1].path)) {
        fprintf(stderr, "azalea: --param %s is given twice\n", par[0].path);
        goto done;
    }
    if (npt > MAX_POINTS) {
        fprintf(stderr, "azalea: the grid has %zu points, more than %d\n", npt,
                MAX_POINTS);
        goto done;
    }
    /* Every point loads before anything runs: a bad value is found in
     * seconds, not after hours. */
    char buf[MAX_PARAMS][512];
    const char *ov[MAX_PARAMS];
    for (size_t k = 0; k < npt; k++) {
        az_model *alt = NULL;
        az_experiment_config acfg;
        overrides(par, np, k, buf, ov);
        az_status rc = cli_load(&o, ov, np, &alt, &acfg, &source);
        az_model_free(alt);
        if (rc) {
            fprintf(stderr, "azalea: sweep point %s%s%s is not a valid "
                    "model\n", ov[0], np > 1 ? "; " : "", np > 1 ? ov[1] : "");
            code = cli_exit_code(rc);
            goto done;
        }
    }
    /* Result files: checked now, not after the first point; each point's
     * run row records the --set changes and its grid values. */
    if ((code = old_csv_form(o.csv)) ||
        (code = cli_check_output_table("--json", o.json)) ||
        (code = cli_results_prepare(&o, &res)))
        goto done;
    db_out out = {o.db, 0, {source, -1, res.hashed ? res.sha256 : NULL,
                            NULL}};
    az_error derr;
    if (o.db && az_output_sqlite_whatif(o.db, "sweep", out.meta.model_sha256,
                                        NULL, 0, &out.id, &derr)) {
        fprintf(stderr, "azalea: %s\n", derr.msg);
        code = EXIT_RUNTIME;
        goto done;
    }
    char ovs[2048];
    if ((code = cli_resolve_warmup(m, &cfg)))
        goto done;
    size_t nprod = az_model_product_count(m);
    pt = calloc(npt, sizeof *pt);
    prod = calloc(npt * (nprod ? nprod : 1), sizeof *prod);
    if (!pt || !prod) {
        fprintf(stderr, "azalea: out of memory\n");
        code = EXIT_RUNTIME;
        goto done;
    }
    printf("sweep of %zu points, each %u replications with seed %llu "
           "(common random numbers)\nfigures: mean ± half-width of the "
           "%g %% CI\n\n", npt, (unsigned)cfg.replications,
           (unsigned long long)cfg.seed, 100 * cfg.level);
    const char *head[MAX_PARAMS];
    for (size_t j = 0; j < np; j++)
        head[j] = par[j].path;
    char lt[40];
    snprintf(lt, sizeof lt, "lead time (%s)", az_model_time_unit(m));
    print_params(par, np, head);
    printf(" %20s %20s %20s  %s\n", "units/h", lt, "WIP (units)",
           "bottleneck");
    fflush(stdout);
    cli_progress prog;
    cli_progress_start(&prog, &cfg);
    code = 0;
    for (size_t k = 0; k < npt && !code; k++) {
        az_model *alt = NULL;
        az_experiment_config acfg;
        az_error err;
        char label[96];
        overrides(par, np, k, buf, ov);
        snprintf(label, sizeof label, "point %zu/%zu: ", k + 1, npt);
        cli_progress_label(&prog, label);
        pt[k].prod_tp = prod + k * nprod;
        snprintf(ovs, sizeof ovs, "%s%s%s%s%s", res.overrides ? res.overrides : "",
                 res.overrides ? "; " : "", ov[0], np > 1 ? "; " : "",
                 np > 1 ? ov[1] : "");
        out.meta.overrides = ovs;
        az_status rc = cli_load(&o, ov, np, &alt, &acfg, &source);
        if (!rc && (rc = measure(alt, &cfg, &out, &pt[k], &err)))
            fprintf(stderr, "azalea: sweep point %zu: %s\n", k + 1, err.msg);
        if (rc) {
            code = cli_exit_code(rc);
        } else {
            cli_progress_end(&prog);
            print_row(alt, par, np, k, &pt[k]);
            fflush(stdout);
        }
        az_model_free(alt);
    }
    cli_progress_end(&prog);
    sweep_csv sc = {m, &cfg, par, np, npt, pt};
    if (!code && o.csv && !write_csv(o.csv, &sc))
        code = EXIT_RUNTIME;
    if (!code && o.json && !write_json(o.json, m, par, np, npt, pt))
        code = EXIT_RUNTIME;
done:
    cli_results_free(&res);
    for (size_t j = 0; j < MAX_PARAMS; j++)
        free(par[j].val);
    free(pt);
    free(prod);
    az_model_free(m);
    return code;
}
