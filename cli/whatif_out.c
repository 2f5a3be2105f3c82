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
#include "azalea/optimize.h"
#include "azalea/whatif.h"
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

/* ---- comparison.csv ---- */

typedef struct csv_ctx {
    const az_whatif_run *runs; /* the base first */
    size_t n;                  /* scenarios after the base */
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
        const az_whatif_run *r = &c->runs[i];
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

/* optimize: optimization.csv, every configuration screened in order,
 * with its screening figures and whether it is on the cost/throughput
 * front. */
static void write_evaluations(FILE *f, void *p)
{
    const az_whatif *w = p;
    size_t n;
    const az_opt_eval *e = az_whatif_evaluations(w, &n);
    fputs("changes,cost,throughput_per_hour,lead_time_mean,wip,feasible,"
          "pareto\r\n", f);
    for (size_t i = 0; i < n; i++) {
        az_csv_field(f, e[i].changes);
        fputc(',', f);
        az_csv_number(f, e[i].cost);
        for (int k = 0; k < AZ_WI_NFIG; k++) {
            fputc(',', f);
            az_csv_number(f, e[i].fig[k]);
        }
        fprintf(f, ",%d,%d\r\n", e[i].feasible != 0, e[i].pareto != 0);
    }
}

int wi_outputs_write(const options *o, const az_whatif *w, const char *source)
{
    az_error err;
    int code = 0;
    const char *kind = az_whatif_kind(w);
    const az_whatif_run *base = az_whatif_base(w);
    const az_model *m = base->model;
    size_t n = az_whatif_count(w);
    /* One array, the base first, for the database and the CSV. */
    az_whatif_run *runs = malloc((n + 1) * sizeof *runs);
    if (!runs) {
        fprintf(stderr, "azalea: out of memory\n");
        return EXIT_RUNTIME;
    }
    runs[0] = *base;
    memcpy(runs + 1, az_whatif_runs(w), n * sizeof *runs);
    if (o->json && az_output_whatif(o->json, w, &err)) {
        fprintf(stderr, "azalea: %s\n", err.msg);
        code = EXIT_RUNTIME;
    }
    csv_ctx cc = {runs, n};
    az_csv_table t[2] = {{"comparison.csv", write_comparison, &cc},
                         {"optimization.csv", write_evaluations, (void *)w}};
    az_opt_info info;
    size_t nt = az_whatif_optimize_info(w, &info) ? 2 : 1;
    if (o->csv && az_output_csv_set(o->csv, m, base->summary, &base->meta, t,
                                    nt, &err)) {
        fprintf(stderr, "azalea: %s\n", err.msg);
        code = EXIT_RUNTIME;
    }
    if (o->db && (nt == 2 ? az_output_sqlite_optimize(o->db, w, NULL, &err)
                          : az_output_sqlite_whatif(o->db, kind,
                                                    az_whatif_sha256(w), runs,
                                                    n + 1, NULL, &err))) {
        fprintf(stderr, "azalea: %s\n", err.msg);
        code = EXIT_RUNTIME;
    }
    size_t nev = 0;
    const az_opt_eval *ev = nt == 2 ? az_whatif_evaluations(w, &nev) : NULL;
    if (o->report && report_whatif(o->report, kind, m, source,
                                   az_whatif_config(w), &runs[0], runs + 1,
                                   n, ev, nev))
        code = EXIT_RUNTIME;
    free(runs);
    return code;
}
