/*
 * main.c: the azalea command line. A thin layer: it parses arguments, calls
 * the public API and prints; every rule about models lives in the library.
 *
 * Exit status: 0 success, 1 runtime failure, 2 bad model or bad usage.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gsl/gsl_errno.h>

#include "azalea/experiment.h"
#include "azalea/load.h"
#include "azalea/model.h"
#include "azalea/output.h"
#include "azalea/report.h"
#include "azalea/trace.h"
#include "azalea/version.h"
#include "cli.h"
#include "examples.h"
#include "report.h"


static void usage(FILE *out)
{
    fprintf(out,
        "usage: azalea run [FILE] [options]   simulate a model (default: the built-in example)\n"
        "       azalea check FILE [--set P=V]  validate a model, print every problem\n"
        "       azalea compare FILE --scenario \"P=V; P=V\"...   what-ifs against the base\n"
        "       azalea improve FILE            rank single changes (+1 machine, bigger\n"
        "                                      buffers, +1 person) by what they buy\n"
        "       azalea examples                list the built-in examples\n"
        "       azalea version\n"
        "\n"
        "run options:\n"
        "  --example NAME     run a built-in example instead of a file\n"
        "  --reps N           replications (default: the model's run.replications)\n"
        "  --seed S           experiment seed\n"
        "  --horizon T        simulated time per replication, e.g. '1 year'\n"
        "  --warmup T         warm-up dropped from the statistics, e.g. '2 d'\n"
        "  --threads N        replications in parallel (default: every core;\n"
        "                     results do not change)\n"
        "  --set PATH=VALUE   change a model value, e.g. stations.screw.machines=3\n"
        "  --json FILE        also write the results as JSON ('-' for stdout)\n"
        "  --csv DIR          also write the results as CSV files into DIR\n"
        "  --db FILE          also append the run to an SQLite results database\n"
        "  --report FILE      also write an HTML report with charts (needs gnuplot)\n"
        "  --trace FILE       also write every state change of replication 1 as CSV\n"
        "compare / improve options: the run options, and\n"
        "  --scenario \"P=V; P=V\"  a what-if (compare; repeatable)\n"
        "  --buffer-step K    places added to each finite buffer (improve; 5)\n"
        "  --top N            lines shown (improve; 10)\n");
}

static int cmd_run(int argc, char **argv)
{
    options o = {0};
    az_model *m = NULL;
    az_experiment_config cfg;
    const char *source;
    int code = cli_open_run(argc, argv, "run", 0, 0, &o, &m, &cfg, &source);
    if (code)
        return code;
    if (o.report && !plot_program()) { /* say so before a long run */
        az_model_free(m);
        return EXIT_RUNTIME;
    }
    cli_results res;
    if ((code = cli_results_prepare(&o, &res))) {
        cli_results_free(&res);
        az_model_free(m);
        return code;
    }
    az_error err;
    az_summary *s = NULL;
    double t0 = cli_seconds_now();
    az_status rc = az_experiment_run(m, &cfg, &s, &err);
    double wall = cli_seconds_now() - t0;
    if (rc) {
        fprintf(stderr, "azalea: %s\n", err.msg);
        code = rc == AZ_EINVAL ? EXIT_USAGE : EXIT_RUNTIME;
    } else {
        az_report_text(stdout, m, s);
        printf("\n%llu events in %.2f s wall time\n",
               (unsigned long long)az_summary_events(s), wall);
        az_output_meta meta = {source, wall, NULL, NULL};
        if (o.json && az_output_json(o.json, m, s, &meta, &err)) {
            fprintf(stderr, "azalea: %s\n", err.msg);
            code = EXIT_RUNTIME;
        }
        if (cli_results_write(&o, &res, m, s, meta))
            code = EXIT_RUNTIME;
        if (!code && o.trace && az_trace_csv(o.trace, m, &cfg, 0, &err)) {
            fprintf(stderr, "azalea: %s\n", err.msg);
            code = EXIT_RUNTIME;
        }
        if (!code && o.report)
            code = report_html(o.report, m, s, source);
    }
    cli_results_free(&res);
    az_summary_free(s);
    az_model_free(m);
    return code;
}

static int cmd_check(int argc, char **argv)
{
    options o = {0};
    az_model *m = NULL;
    az_experiment_config cfg;
    const char *source;
    int code = cli_open_model(argc, argv, 1, &o, &m, &cfg, &source);
    if (code)
        return code;
    if (cli_reject(&o, "check", 0, 0, 0)) {
        az_model_free(m);
        return EXIT_USAGE;
    }
    printf("%s: ok: '%s', %zu stations, %zu products\n", source,
           az_model_name(m), az_model_station_count(m),
           az_model_product_count(m));
    az_model_free(m);
    return 0;
}

static int cmd_examples(void)
{
    for (const struct az_cli_example *ex = az_cli_examples; ex->name; ex++)
        printf("%-12s %s%s\n", ex->name, ex->file,
               ex == az_cli_examples ? " (default)" : "");
    return 0;
}

int main(int argc, char **argv)
{
    /* GSL's default handler aborts (e.g. on out of memory inside a sampler
     * table); the library checks every GSL return, so turn it off. It is
     * process-wide, hence the application's call, not the library's. */
    gsl_set_error_handler_off();
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "run"))
        return cmd_run(argc - 2, argv + 2);
    if (!strcmp(cmd, "check"))
        return cmd_check(argc - 2, argv + 2);
    if (!strcmp(cmd, "compare"))
        return cmd_compare(argc - 2, argv + 2);
    if (!strcmp(cmd, "improve"))
        return cmd_improve(argc - 2, argv + 2);
    if (!strcmp(cmd, "examples"))
        return cmd_examples();
    if (!strcmp(cmd, "version") || !strcmp(cmd, "--version")) {
        printf("azalea %s\n", az_version());
        return 0;
    }
    if (!strcmp(cmd, "help") || !strcmp(cmd, "--help") || !strcmp(cmd, "-h")) {
        usage(stdout);
        return 0;
    }
    fprintf(stderr, "azalea: unknown command '%s'\n", cmd);
    usage(stderr);
    return EXIT_USAGE;
}
