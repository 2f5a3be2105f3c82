/*
 * whatif_out.c: the result files of `azalea compare` and `azalea improve`,
 * the same options as run's (docs/output-format.md, "What-ifs"):
 * --json FILE one document (the base's run and each scenario paired with
 * it), --csv DIR comparison.csv with the base's run tables, --db FILE
 * each run appended and linked to a comparison, --report FILE.html.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "azalea/output.h"
#include "cli.h"
#include "report.h"
#include "whatif.h"

int wi_outputs_check(const options *o, cli_results *res)
{
    int code;
    memset(res, 0, sizeof *res);
    if (o->report && !plot_program()) /* before the runs, as run does */
        return EXIT_RUNTIME;
    if ((code = cli_check_output_table("--json", o->json)) ||
        (code = cli_check_output_table("--report", o->report)))
        return code;
    return cli_results_prepare(o, res);
}

void wi_outcomes_free(outcome *out, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        az_summary_free(out[i].sum);
        az_model_free(out[i].model);
        free((char *)out[i].wr.meta.overrides);
        out[i].sum = NULL;
        out[i].model = NULL;
        out[i].wr.meta.overrides = NULL;
    }
}

/* "a; b", either may be empty or NULL; yours, NULL if both are empty. */
static char *join(const char *a, const char *b)
{
    size_t la = a ? strlen(a) : 0, lb = b ? strlen(b) : 0;
    if (!la && !lb)
        return NULL;
    char *s = malloc(la + lb + 3);
    if (s)
        snprintf(s, la + lb + 3, "%s%s%s", la ? a : "", la && lb ? "; " : "",
                 lb ? b : "");
    return s;
}

/* Points r's text at its outcome's (outcomes move in qsort, so only now)
 * and fills what the database records of the run. */
static void fill(outcome *o, const az_model *m, const char *role,
                 const char *source, const cli_results *res)
{
    az_whatif_run *r = &o->wr;
    r->role = role;
    r->label = o->what;
    r->changes = o->changes[0] ? o->changes : NULL;
    r->model = o->model ? o->model : m;
    r->summary = o->sum;
    r->cost = o->cost;
    r->unstable = o->unstable;
    r->meta.model_file = source;
    r->meta.wall_seconds = o->wall;
    r->meta.model_sha256 = res->hashed ? res->sha256 : NULL;
    free((char *)r->meta.overrides);
    r->meta.overrides = join(res->overrides, o->changes);
}

/* ---- comparison.csv ---- */

typedef struct csv_ctx {
    const outcome *out;
    size_t n; /* scenarios after the base */
} csv_ctx;

static void fig3(FILE *f, const az_whatif_fig *x)
{
    fputc(',', f);
    az_csv_number(f, x->mean);
    fputc(',', f);
    az_csv_number(f, x->low);
    fputc(',', f);
    az_csv_number(f, x->high);
}

/* One row per run, the base first: its figures and, for a scenario, the
 * paired differences to the base, every CI at 95 %. */
static void write_comparison(FILE *f, void *p)
{
    static const char *const name[AZ_WI_NFIG] = {
        "throughput_per_hour", "lead_time_mean", "wip"};
    const csv_ctx *c = p;
    fputs("label,role,changes,cost,replications", f);
    for (int d = 0; d < 2; d++)
        for (int k = 0; k < AZ_WI_NFIG; k++)
            fprintf(f, ",%s%s_mean,%s%s_ci95_low,%s%s_ci95_high",
                    d ? "diff_" : "", name[k], d ? "diff_" : "", name[k],
                    d ? "diff_" : "", name[k]);
    fputs(",significant,unstable\r\n", f);
    for (size_t i = 0; i <= c->n; i++) {
        const az_whatif_run *r = &c->out[i].wr;
        az_csv_field(f, r->label);
        fputc(',', f);
        az_csv_field(f, r->role);
        fputc(',', f);
        az_csv_field(f, r->changes);
        fputc(',', f);
        az_csv_number(f, r->cost >= 0 ? r->cost : NAN);
        fprintf(f, ",%u", (unsigned)az_summary_replications(r->summary));
        for (int k = 0; k < AZ_WI_NFIG; k++)
            fig3(f, &r->fig[k]);
        for (int k = 0; k < AZ_WI_NFIG; k++)
            fig3(f, &r->diff[k]);
        /* The throughput change's 95 % CI excludes 0; empty for the base. */
        const az_whatif_fig *d = &r->diff[AZ_WI_THROUGHPUT];
        if (i == 0)
            fputc(',', f);
        else
            fprintf(f, ",%d", isfinite(d->low) && isfinite(d->high) &&
                                  (d->low > 0 || d->high < 0));
        fprintf(f, ",%d\r\n", r->unstable != 0);
    }
}

int wi_outputs_write(const options *o, const cli_results *res,
                     const char *kind, const az_model *m, const char *source,
                     const az_experiment_config *cfg, outcome *out, size_t n)
{
    az_error err;
    int code = 0;
    fill(&out[0], m, "base", source, res);
    for (size_t i = 1; i <= n; i++)
        fill(&out[i], m, "scenario", source, res);
    /* One array of the scenarios' runs, for the writers. */
    az_whatif_run *runs = malloc((n + 1) * sizeof *runs);
    if (!runs) {
        fprintf(stderr, "azalea: out of memory\n");
        return EXIT_RUNTIME;
    }
    for (size_t i = 0; i <= n; i++)
        runs[i] = out[i].wr;
    if (o->json && az_output_whatif_json(o->json, kind, &runs[0], runs + 1, n,
                                         NULL, 0, &err)) {
        fprintf(stderr, "azalea: %s\n", err.msg);
        code = EXIT_RUNTIME;
    }
    csv_ctx cc = {out, n};
    az_csv_table t = {"comparison.csv", write_comparison, &cc};
    if (o->csv && az_output_csv_set(o->csv, m, out[0].sum, &runs[0].meta, &t,
                                    1, &err)) {
        fprintf(stderr, "azalea: %s\n", err.msg);
        code = EXIT_RUNTIME;
    }
    if (o->db && az_output_sqlite_whatif(o->db, kind,
                                         res->hashed ? res->sha256 : NULL,
                                         runs, n + 1, NULL, &err)) {
        fprintf(stderr, "azalea: %s\n", err.msg);
        code = EXIT_RUNTIME;
    }
    if (o->report && report_whatif(o->report, kind, m, source, cfg, &runs[0],
                                   runs + 1, n))
        code = EXIT_RUNTIME;
    free(runs);
    return code;
}
