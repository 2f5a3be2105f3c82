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

/* The choice's changes as --set lines and as the model file's YAML: a
 * line a section, its entries by name, so no key is given twice:
 * "a.b.c=v; a.b.d=w; a.e=x" -> "a: {b: {c: v, d: w}, e: x}". Values are
 * as --set takes them (YAML flow text). */
static void print_choice(const char *changes)
{
    if (!changes || !*changes) {
        printf("  (none: today's line)\n");
        return;
    }
    enum { MAX = 64 };
    char buf[8192], *part[MAX];
    size_t n = 0;
    snprintf(buf, sizeof buf, "%s", changes);
    for (char *save = NULL, *t = strtok_r(buf, ";", &save); t && n < MAX;
         t = strtok_r(NULL, ";", &save))
        part[n++] = t + strspn(t, " ");
    printf("as --set:\n");
    for (size_t i = 0; i < n; i++) {
        /* Quoted for a shell when it must be: a space, braces, quotes. */
        int plain = 1;
        for (const char *c = part[i]; *c; c++)
            plain &= (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
                     (*c >= '0' && *c <= '9') || strchr("._-=:/+,", *c);
        if (plain) {
            printf("  --set %s\n", part[i]);
            continue;
        }
        printf("  --set '");
        for (const char *c = part[i]; *c; c++)
            fputs(*c == '\'' ? "'\\''" : (char[]){*c, 0}, stdout);
        printf("'\n");
    }
    /* Split each into its first key, its second (or none), the rest. */
    char *k1[MAX], *k2[MAX], *rest[MAX], *val[MAX];
    for (size_t i = 0; i < n; i++) {
        char *eq = strchr(part[i], '=');
        val[i] = eq ? eq + 1 : (char *)"";
        if (eq)
            *eq = '\0';
        k1[i] = part[i];
        char *d1 = strchr(k1[i], '.');
        k2[i] = rest[i] = NULL;
        if (d1) {
            *d1 = '\0';
            k2[i] = d1 + 1;
            char *d2 = strchr(k2[i], '.');
            if (d2) {
                *d2 = '\0';
                rest[i] = d2 + 1;
            }
        }
    }
    printf("in the model file:\n");
    int done1[MAX] = {0}, done2[MAX] = {0};
    for (size_t i = 0; i < n; i++) {
        if (done1[i] || !k2[i])
            continue;
        printf("  %s: {", k1[i]);
        int first = 1;
        for (size_t j = i; j < n; j++) {
            if (done1[j] || !k2[j] || strcmp(k1[j], k1[i]))
                continue;
            done1[j] = 1;
            if (done2[j])
                continue;
            printf("%s%s: ", first ? "" : ", ", k2[j]);
            first = 0;
            if (!rest[j]) {
                printf("%s", val[j]);
                continue;
            }
            /* every change under k1.k2, one mapping */
            printf("{");
            int f2 = 1;
            for (size_t q = j; q < n; q++) {
                if (!k2[q] || !rest[q] || strcmp(k1[q], k1[j]) ||
                    strcmp(k2[q], k2[j]) || done2[q])
                    continue;
                done2[q] = done1[q] = 1;
                /* c.d=v -> c: {d: v} */
                int depth = 0;
                printf("%s", f2 ? "" : ", ");
                f2 = 0;
                for (char *r = rest[q], *dot; r; r = dot ? dot + 1 : NULL) {
                    dot = strchr(r, '.');
                    printf("%s%.*s: ", depth++ ? "{" : "",
                           (int)(dot ? (size_t)(dot - r) : strlen(r)), r);
                }
                printf("%s", val[q]);
                for (int d = 1; d < depth; d++)
                    putchar('}');
            }
            printf("}");
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
                       &src, &count, &out, NULL);
    if (code)
        return code;
    az_opt_problem p;
    if (!az_model_optimize(m, &p)) {
        fprintf(stderr, "azalea: %s has no 'optimize' section: it says what "
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
    wi_progress prog;
    az_whatif_options wo;
    wi_begin(&prog, "confirmation", &cfg, &wo);

    az_whatif *w = NULL;
    az_error err;
    az_status rc = az_optimize(&src, &cfg, &wo, &w, &err);
    wi_end(&prog);
    if (rc == AZ_ESTOPPED) {
        fprintf(stderr, "azalea: interrupted (%s) before the optimisation "
                "finished: no choice is named\n", cli_stop_name());
        code = 128 + cli_stop_signal;
        cli_results_free(&out);
        az_model_free(m);
        return code;
    }
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
        if (sel && sel->capped)
            printf("\nthe choice (KN): the cap of %u replications ended the "
                   "selection with more than one in contention; the best "
                   "mean of those is named, WITHOUT the guarantee\n",
                   (unsigned)sel->spec.max_reps);
        else if (sel)
            printf("\nthe choice (KN among these%s): with probability at "
                   "least %g it is the best of them, or within %g units/h "
                   "of it\n", sel->spec.without_base
                                  ? "; today's line breaks a limit and is "
                                    "left out"
                                  : " and today's line",
                   p.pcs, p.delta);
        else
            printf("\nthe choice: the cheapest of these whose throughput "
                   "reaches %g units/h at full length\n", p.target);
        printf("best: %s\n  cost %.0f, %.2f units/h (95 %% CI %.2f to "
               "%.2f)\n", info.best ? best->label : "today's line",
               info.best_cost,
               best->fig[AZ_WI_THROUGHPUT].mean,
               best->fig[AZ_WI_THROUGHPUT].low,
               best->fig[AZ_WI_THROUGHPUT].high);
        /* The guarantee is on throughput: of those within delta of the
         * best's mean, the cheapest is the one to buy. */
        const az_whatif_run *runs = az_whatif_runs(w), *cheap = NULL;
        const az_whatif_run *today = az_whatif_base(w);
        if (sel && !sel->spec.without_base && info.best &&
            today->fig[AZ_WI_THROUGHPUT].mean >=
                best->fig[AZ_WI_THROUGHPUT].mean - p.delta)
            cheap = today;
        for (size_t i = 0; sel && !cheap && i < az_whatif_count(w); i++)
            if (runs[i].cost < info.best_cost &&
                runs[i].fig[AZ_WI_THROUGHPUT].mean >=
                    best->fig[AZ_WI_THROUGHPUT].mean - p.delta &&
                (!cheap || runs[i].cost < cheap->cost))
                cheap = &runs[i];
        const az_whatif_run *choice = cheap ? cheap : best;
        double choice_cost = cheap == today ? 0
                             : cheap        ? cheap->cost
                                            : info.best_cost;
        if (cheap)
            printf("the choice, for less: %s\n  cost %.0f, %.2f units/h "
                   "(95 %% CI %.2f to %.2f): within %g units/h of the best's "
                   "mean for %.0f less\n",
                   cheap == today ? "today's line" : cheap->label,
                   choice_cost, cheap->fig[AZ_WI_THROUGHPUT].mean,
                   cheap->fig[AZ_WI_THROUGHPUT].low,
                   cheap->fig[AZ_WI_THROUGHPUT].high, p.delta,
                   info.best_cost - choice_cost);
        if (choice->unstable)
            printf("UNSTABLE: the line cannot keep up with its release "
                   "there (a queue or the release backlog grows through the "
                   "run): its lead time and WIP depend on the horizon; set "
                   "max_lead_time or max_wip to keep such lines out\n");
        print_choice(choice->changes);
        print_front(w);
        code = wi_outputs_write(&o, w, source);
    }
    free(rows);
    az_whatif_free(w);
    cli_results_free(&out);
    az_model_free(m);
    return code;
}
