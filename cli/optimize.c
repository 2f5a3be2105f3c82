/*
 * optimize.c: `azalea optimize`: the library's az_optimize on the model's
 * `optimize:` section; prints the search, the confirmation paired with
 * today's line, the selection, the choice as --set lines and as YAML, and
 * the cost/throughput front of what was screened. Result files as
 * compare's (--json with its "optimization").
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "azalea/optimize.h"
#include "cli.h"
#include "whatif.h"

/* The choice's changes as --set lines and as the model file's YAML:
 * "a.b.c=v" under its section, "a: {b: {c: v}, ...}", a line a section. */
static void print_choice(const char *changes)
{
    if (!changes || !*changes) {
        printf("  (none: today's line)\n");
        return;
    }
    enum { MAX = 64 };
    char buf[4096], *part[MAX];
    size_t n = 0;
    snprintf(buf, sizeof buf, "%s", changes);
    for (char *save = NULL, *t = strtok_r(buf, ";", &save); t && n < MAX;
         t = strtok_r(NULL, ";", &save))
        part[n++] = t + strspn(t, " ");
    printf("as --set:\n");
    for (size_t i = 0; i < n; i++)
        printf("  --set %s\n", part[i]);
    printf("in the model file:\n");
    int done[MAX] = {0};
    for (size_t i = 0; i < n; i++) {
        if (done[i])
            continue;
        const char *dot = strchr(part[i], '.');
        size_t len = dot ? (size_t)(dot - part[i]) : 0;
        printf("  %.*s: {", (int)len, part[i]);
        int first = 1;
        for (size_t j = i; j < n; j++) {
            if (done[j] || strncmp(part[j], part[i], len) ||
                part[j][len] != '.')
                continue;
            done[j] = 1;
            /* b.c=v -> b: {c: v} */
            char rest[512];
            snprintf(rest, sizeof rest, "%s", part[j] + len + 1);
            char *eq = strchr(rest, '=');
            if (!eq)
                continue;
            *eq = '\0';
            int depth = 0;
            printf("%s", first ? "" : ", ");
            first = 0;
            for (char *save = NULL, *k = strtok_r(rest, ".", &save); k;
                 k = strtok_r(NULL, ".", &save))
                printf("%s%s: ", depth++ ? "{" : "", k);
            printf("%s", eq + 1);
            for (int d = 1; d < depth; d++)
                putchar('}');
        }
        printf("}\n");
    }
}

static int optimize_main(int argc, char **argv);

static void print_front(const az_whatif *w)
{
    size_t n;
    const az_opt_eval *e = az_whatif_evaluations(w, &n);
    size_t *idx = malloc((n ? n : 1) * sizeof *idx), k = 0;
    if (!idx)
        return;
    for (size_t i = 0; i < n; i++)
        if (e[i].pareto)
            idx[k++] = i;
    /* By cost (an insertion sort: the front is short). */
    for (size_t i = 1; i < k; i++)
        for (size_t j = i; j > 0 && e[idx[j]].cost < e[idx[j - 1]].cost; j--) {
            size_t t = idx[j];
            idx[j] = idx[j - 1];
            idx[j - 1] = t;
        }
    printf("\ncost/throughput front of the configurations screened "
           "(screening figures)\n%12s %12s  %s\n", "cost", "units/h",
           "changes");
    for (size_t i = 0; i < k; i++)
        printf("%12.0f %12.2f  %s\n", e[idx[i]].cost,
               e[idx[i]].fig[AZ_WI_THROUGHPUT],
               e[idx[i]].changes[0] ? e[idx[i]].changes : "(today's line)");
    free(idx);
}

/* --budget B and --target T are the model's objective changed, as
 * --set would change it: rewritten into those --set options (argv is
 * copied into args, of room for 2 * argc + 4 entries, and buf). Returns
 * the new argc. */
static int objective_options(int argc, char **argv, char **args,
                             char (*buf)[300])
{
    int n = 0, k = 0;
    for (int i = 0; i < argc; i++) {
        int budget = !strcmp(argv[i], "--budget");
        if ((budget || !strcmp(argv[i], "--target")) && i + 1 < argc) {
            snprintf(buf[k], sizeof buf[k], "optimize.objective=%s",
                     budget ? "max_throughput" : "min_cost");
            args[n++] = "--set";
            args[n++] = buf[k++];
            snprintf(buf[k], sizeof buf[k], "optimize.%s=%s",
                     budget ? "budget" : "target", argv[++i]);
            args[n++] = "--set";
            args[n++] = buf[k++];
        } else {
            args[n++] = argv[i];
        }
    }
    args[n] = NULL;
    return n;
}

int cmd_optimize(int argc, char **argv)
{
    char **args = malloc((size_t)(2 * argc + 4) * sizeof *args);
    char (*buf)[300] = malloc((size_t)(2 * argc + 4) * sizeof *buf);
    int code;
    if (!args || !buf) {
        fprintf(stderr, "azalea: out of memory\n");
        code = EXIT_RUNTIME;
    } else {
        code = optimize_main(objective_options(argc, argv, args, buf), args);
    }
    free(args);
    free(buf);
    return code;
}

static int optimize_main(int argc, char **argv)
{
    options o = {0};
    az_model *m = NULL;
    az_experiment_config cfg;
    const char *source;
    az_whatif_source src;
    cli_results out = {0};
    int count = 0;
    int code = wi_open(argc, argv, "optimize", 0, 0, &o, &m, &cfg, &source,
                       &src, &count, &out);
    if (code)
        return code;
    az_opt_problem p;
    if (!az_model_optimize(m, &p)) {
        fprintf(stderr, "azalea: %s has no `optimize:` section: it says what "
                "may change and what to look for (docs/model-format.md, "
                "\"Optimisation\")\n", source);
        cli_results_free(&out);
        az_model_free(m);
        return EXIT_USAGE;
    }
    if (p.objective == AZ_OPT_MAX_THROUGHPUT)
        printf("optimize: the most throughput for a budget of %g\n",
               p.budget);
    else
        printf("optimize: the least cost reaching %g units/h\n", p.target);
    printf("search: at most %u configurations, each screened with %u "
           "replications of %g %s (common random numbers); then the best "
           "confirmed with %u replications of %g %s\n",
           (unsigned)p.evaluations, (unsigned)p.screen_reps,
           p.screen_horizon > 0 ? p.screen_horizon : cfg.horizon,
           az_model_time_unit(m), (unsigned)cfg.replications, cfg.horizon,
           az_model_time_unit(m));
    fflush(stdout);
    wi_progress prog = {.noun = "confirmation"};
    cli_progress_start(&prog.p, &cfg);
    az_whatif_options wo = {0};
    wo.on_start = wi_on_start;
    wo.ctx = &prog;
    cfg.stop = &cli_stop_signal;
    cli_catch_stop_signals(1);
    az_whatif *w = NULL;
    az_error err;
    az_status rc = az_optimize(&src, &cfg, &wo, &w, &err);
    cli_progress_end(&prog.p);
    cli_catch_stop_signals(0);
    if (rc) {
        code = wi_failed(rc, &err, count);
        cli_results_free(&out);
        az_model_free(m);
        return code;
    }
    az_opt_info info;
    az_whatif_optimize_info(w, &info);
    printf("%zu configurations screened, %llu replications in all; the "
           "search %s\n\n", info.evaluated,
           (unsigned long long)info.replications,
           strcmp(info.stopped, "converged")
               ? "stopped at its budget of evaluations"
               : "converged (no neighbour of its last configuration does "
                 "better)");
    outcome *rows = wi_rows(w, NULL);
    if (!rows) {
        code = EXIT_RUNTIME;
    } else {
        wi_print_table(m, az_whatif_config(w), rows, az_whatif_count(w) + 1,
                       1);
        const az_selection *sel = az_whatif_selection(w);
        const az_whatif_run *best = info.best ? &az_whatif_runs(w)[info.best - 1]
                                              : az_whatif_base(w);
        if (sel)
            printf("\nthe choice (KN among these and today's line): with "
                   "probability at least %g it is the best of them, or "
                   "within %g units/h of it\n", p.pcs, p.delta);
        else
            printf("\nthe choice: the cheapest of these whose throughput "
                   "reaches %g units/h at full length\n", p.target);
        printf("best: %s\n  cost %.0f, %.2f units/h (95 %% CI %.2f to "
               "%.2f)\n", best->label, info.best_cost,
               best->fig[AZ_WI_THROUGHPUT].mean,
               best->fig[AZ_WI_THROUGHPUT].low,
               best->fig[AZ_WI_THROUGHPUT].high);
        print_choice(best->changes);
        /* The guarantee is on throughput; the same throughput for less is
         * worth a line. */
        const az_whatif_run *runs = az_whatif_runs(w), *cheap = NULL;
        for (size_t i = 0; sel && i < az_whatif_count(w); i++)
            if (runs[i].cost < info.best_cost &&
                runs[i].fig[AZ_WI_THROUGHPUT].mean >=
                    best->fig[AZ_WI_THROUGHPUT].mean - p.delta &&
                (!cheap || runs[i].cost < cheap->cost))
                cheap = &runs[i];
        if (cheap)
            printf("for less: %s\n  cost %.0f, %.2f units/h, within %g "
                   "units/h of the best's mean (the guarantee is the "
                   "best's)\n", cheap->label, cheap->cost,
                   cheap->fig[AZ_WI_THROUGHPUT].mean, p.delta);
        print_front(w);
        code = wi_outputs_write(&o, w, source);
    }
    free(rows);
    az_whatif_free(w);
    cli_results_free(&out);
    az_model_free(m);
    return code;
}
