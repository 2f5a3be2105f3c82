/*
 * main.c: the azalea command line. A thin layer: it parses arguments, calls
 * the public API and prints; every rule about models lives in the library.
 *
 * Exit status: 0 success, 1 runtime failure, 2 bad model or bad usage.
 */
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <csv.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_version.h>
#include <jansson.h>
#include <nettle/version.h>
#include <sqlite3.h>
#include <yaml.h>

#include "azalea/experiment.h"
#include "azalea/load.h"
#include "azalea/model.h"
#include "azalea/output.h"
#include "azalea/report.h"
#include "azalea/state.h"
#include "azalea/trace.h"
#include "azalea/version.h"
#include "cli.h"
#include "examples.h"
#include "report.h"


/* --precision: "1%" or a fraction such as 0.01, in (0, 100 %). */
static int parse_precision(const char *s, double *v)
{
    char *end;
    errno = 0;
    double x = strtod(s, &end);
    if (end != s && *end == '%' && end[1] == '\0')
        x /= 100;
    else if (end == s || *end)
        x = -1;
    if (errno || !(x > 0 && x < 1)) {
        fprintf(stderr, "azalea: --precision expects a relative half-width "
                "above 0 and below 100 %%, such as 1%% or 0.01, got '%s'\n", s);
        return 0;
    }
    *v = x;
    return 1;
}

/* --precision and --max-reps into p; 0 after saying what is wrong. */
static int precision_options(const options *o, az_precision *p)
{
    uint64_t cap = 1000;
    if (!o->precision) {
        if (o->max_reps)
            fprintf(stderr, "azalea: --max-reps goes with --precision\n");
        return !o->max_reps;
    }
    if (o->reps) {
        fprintf(stderr, "azalea: give --precision or --reps, not both "
                        "(--max-reps caps a --precision run)\n");
        return 0;
    }
    if (!parse_precision(o->precision, &p->relative) ||
        (o->max_reps &&
         !cli_parse_uint("--max-reps", o->max_reps, 2, AZ_MAX_REPLICATIONS,
                         &cap)))
        return 0;
    p->max_reps = (uint32_t)cap;
    p->pilot = cap < 10 ? (uint32_t)cap : 10;
    return 1;
}

/* Above these a run is worth a word before it starts: about 15 minutes at
 * 1e7 events per second, or a gigabyte of units. */
#define LARGE_EVENTS 1e10
#define LARGE_BYTES 1e9

/* Refuses what cannot run right (az_experiment_check_scale) and warns of
 * a run that will take long or much memory, with the estimate. 0 after
 * saying why it is refused. */
static int scale_ok(const az_model *m, const az_experiment_config *cfg)
{
    az_run_estimate est;
    az_error err;
    if (az_experiment_check_scale(m, cfg, &est, &err)) {
        fprintf(stderr, "azalea: %s\n", err.msg);
        return 0;
    }
    if (est.events > LARGE_EVENTS || est.bytes > LARGE_BYTES)
        fprintf(stderr, "azalea: warning: a large run: about %.3g events "
                "(%u replications of %.3g units released), about %.2g "
                "hours at 1e7 events per second on one core, and %.3g GB "
                "of units in the line at once\n", est.events,
                (unsigned)cfg->replications, est.releases,
                est.events / 1e7 / 3600, est.bytes / 1e9);
    return 1;
}

/* run --snapshot-at T --snapshot FILE: replication 1 to T, and its state
 * then into FILE, whole or not at all. 0 or the exit code. */
static int write_snapshot(const options *o, const az_model *m,
                          const az_experiment_config *cfg, double at)
{
    az_sim *sim = NULL;
    az_error err;
    char *text = NULL;
    az_outfile *f = NULL;
    az_run_config rc = {cfg->horizon, cfg->warmup, cfg->seed, 0, cfg->stop};
    az_status st = az_sim_create(m, &sim, &err);
    if (!st && cfg->initial)
        st = az_sim_set_initial(sim, cfg->initial, &err);
    if (!st)
        st = az_sim_snapshot(sim, &rc, at, &text, &err);
    if (!st)
        st = az_outfile_open(o->snapshot, "the snapshot", &f, &err);
    if (!st) {
        fputs(text, az_outfile_stream(f));
        st = az_outfile_commit(f, &err);
    }
    free(text);
    az_sim_free(sim);
    if (st == AZ_ESTOPPED) /* cmd_run's interrupted line says so */
        return 128 + cli_stop_signal;
    if (st) {
        fprintf(stderr, "azalea: --snapshot: %s\n", err.msg);
        return EXIT_RUNTIME;
    }
    return 0;
}

static int cmd_run(int argc, char **argv)
{
    options o = {0};
    az_model *m = NULL;
    az_experiment_config cfg;
    const char *source;
    az_precision prec = {0};
    int code = cli_open_run(argc, argv, "run", 0, 0, &o, &m, &cfg, &source);
    az_state *init = NULL;
    double snap_at = 0;
    if (!code && o.initial)
        code = cli_open_initial(&o, m, &cfg, &init);
    if (!code && !o.snapshot != !o.snapshot_at) {
        fprintf(stderr, "azalea: --snapshot-at T and --snapshot FILE go "
                "together\n");
        code = EXIT_USAGE;
    }
    if (!code && o.snapshot_at) {
        az_error e;
        if (az_state_parse_time(m, o.snapshot_at, &snap_at, &e)) {
            fprintf(stderr, "azalea: --snapshot-at: %s\n", e.msg);
            code = EXIT_USAGE;
        } else if (init && snap_at <= az_state_time(init)) {
            fprintf(stderr, "azalea: --snapshot-at: before the state the "
                    "run starts from\n");
            code = EXIT_USAGE;
        }
    }
    cli_results res = {0};
    /* Result files are rank 0's alone (the only rank without MPI). */
    int root = cli_rank() == 0;
    if (!code && o.report && root && !plot_program()) /* before a long run */
        code = EXIT_RUNTIME;
    if (!code && !precision_options(&o, &prec))
        code = EXIT_USAGE;
    if (!code && o.on_error) {
        if (!strcmp(o.on_error, "continue") && cli_ranks() == 1) {
            cfg.keep_going = 1;
        } else if (strcmp(o.on_error, "stop")) {
            fprintf(stderr, "azalea: --on-error expects 'stop' or 'continue'"
                    "%s, got '%s'\n", cli_ranks() > 1 ? " (continue: not "
                    "under mpirun)" : "", o.on_error);
            code = EXIT_USAGE;
        }
    }
    /* '-' sends JSON or the trace to standard output, which must then hold
     * that alone: the table for people goes to standard error. */
    int json_out = o.json && !strcmp(o.json, "-");
    int trace_out = o.trace && !strcmp(o.trace, "-");
    FILE *human = json_out || trace_out ? stderr : stdout;
    if (!code && json_out && trace_out) {
        fprintf(stderr, "azalea: --json - and --trace - would both write to "
                "standard output; give one of them a file\n");
        code = EXIT_USAGE;
    }
    if (!code && (o.initial || o.snapshot) && cli_ranks() > 1) {
        fprintf(stderr, "azalea: --initial and --snapshot run on one "
                "machine; start them without mpirun\n");
        code = EXIT_USAGE;
    }
    if (!code && o.precision && cli_ranks() > 1) {
        fprintf(stderr, "azalea: --precision runs on one machine; start it "
                "without mpirun\n");
        code = EXIT_USAGE;
    }
    if (!code && root && !scale_ok(m, &cfg))
        code = EXIT_USAGE;
    /* Every result file is checked before a run that may be long. */
    if (!code && root)
        code = cli_check_output(o.json, AZ_OUT_FILE);
    if (!code && root)
        code = cli_check_output(o.trace, AZ_OUT_FILE);
    if (!code && root)
        code = cli_check_output(o.report, AZ_OUT_FILE);
    if (!code && root)
        code = cli_check_output(o.snapshot, AZ_OUT_FILE);
    if (!code && root)
        code = cli_results_prepare(&o, &res);
    if ((code = cli_ranks_agree(code))) {
        cli_results_free(&res);
        az_state_free(init);
        az_model_free(m); /* NULL, or opened here but failed on another rank */
        return code;
    }
    az_error err;
    az_summary *s = NULL;
    /* One process: Ctrl-C reports what is done. Under mpirun, ranks stop
     * as mpirun stops them. */
    if (cli_ranks() == 1) {
        cfg.stop = &cli_stop_signal;
        cli_catch_stop_signals(1);
    }
    cli_progress prog;
    cli_progress_start(&prog, &cfg);
    double t0 = cli_seconds_now();
    int reached = 0;
    az_status rc = o.precision
                       ? az_experiment_run_precise(m, &cfg, &prec, &s,
                                                   &reached, &err)
                       : cli_experiment_run(m, &cfg, &s, &err);
    double wall = cli_seconds_now() - t0;
    cli_progress_end(&prog);
    if (rc) {
        fprintf(stderr, "azalea: %s\n", err.msg);
        code = rc == AZ_EINVAL ? EXIT_USAGE : EXIT_RUNTIME;
    } else if (s) { /* NULL on MPI ranks other than 0 */
        for (uint32_t k = 0; k < az_summary_failure_count(s); k++) {
            const char *msg;
            uint32_t r = az_summary_failure(s, k, &msg);
            fprintf(stderr, "azalea: replication %u failed and is left out: "
                    "%s\n", (unsigned)r, msg);
        }
        az_report_text(human, m, s);
        if (init)
            cli_forecast_text(human, m, s, init);
        az_warmup_result wr;
        if (az_summary_warmup(s, &wr) && wr.at_limit)
            fprintf(stderr, "azalea: the automatic warm-up is at the end of "
                    "MSER-5's search (half the horizon): the horizon is "
                    "probably too short for the line to settle\n");
        if (o.precision)
            fprintf(human, "\nprecision: target %g %%, %s after %u "
                    "replications (largest headline half-width: %.3g %% of "
                    "its mean)\n", 100 * prec.relative,
                    reached ? "reached" : "NOT reached (the --max-reps cap)",
                    (unsigned)az_summary_replications(s),
                    100 * az_summary_precision(s));
        fprintf(human, "\n%llu events in %.2f s wall time\n",
                (unsigned long long)az_summary_events(s), wall);
        fflush(human); /* the table now, before the files, which may take
                        * long (a trace, a report, a snapshot) */
        az_output_meta meta = {source, wall, NULL, NULL};
        if (o.json && az_output_json(o.json, m, s, &meta, &err)) {
            fprintf(stderr, "azalea: %s\n", err.msg);
            code = EXIT_RUNTIME;
        }
        if (cli_results_write(&o, &res, m, s, meta))
            code = EXIT_RUNTIME;
        /* the summary's config: with `warmup: auto`, the warm-up chosen */
        if (!code && o.trace &&
            az_trace_csv(o.trace, m, az_summary_config(s), 0, &err)) {
            fprintf(stderr, "azalea: %s\n", err.msg);
            code = EXIT_RUNTIME;
        }
        if (!code && o.report)
            code = report_html(o.report, m, s, source);
        if (!code && o.snapshot)
            code = write_snapshot(&o, m, &cfg, snap_at);
    }
    /* a stop during the snapshot's replication leaves its file out */
    int snap_lost = o.snapshot && cli_stop_signal &&
                    code == 128 + cli_stop_signal;
    if (cli_stop_signal) {
        uint32_t asked = 0;
        if (s && az_summary_interrupted(s, &asked))
            fprintf(stderr, "azalea: interrupted (%s): %u of %u replications "
                    "reported\n", cli_stop_name(),
                    (unsigned)az_summary_replications(s), (unsigned)asked);
        else if (s)
            fprintf(stderr, "azalea: interrupted (%s) after the last "
                    "replication: the results are complete%s\n",
                    cli_stop_name(),
                    snap_lost ? ", but no snapshot was written" : "");
        code = 128 + cli_stop_signal;
    }
    cli_catch_stop_signals(0);
    cli_results_free(&res);
    az_summary_free(s);
    az_state_free(init);
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
    if (o.initial) { /* a state an MES wrote, before a run needs it */
        az_state *st = NULL;
        az_experiment_config c2 = cfg;
        options o2 = o;
        o2.horizon = NULL;
        o2.warmup = "0 s";
        o2.report = NULL;
        if (!(code = cli_open_initial(&o2, m, &c2, &st)))
            printf("%s: ok: %llu units in the line, %s engine section\n",
                   o.initial, (unsigned long long)az_state_units(st),
                   az_state_engine(st) ? "with an" : "no");
        az_state_free(st);
    }
    az_model_free(m);
    return code;
}

/* The model file's JSON Schema, for editors (docs/model-format.md). */
static int cmd_schema(int argc, char **argv)
{
    char *json = NULL;
    az_error e;
    (void)argv;
    if (argc) {
        fprintf(stderr, "azalea: schema takes no arguments\n");
        return EXIT_USAGE;
    }
    if (az_model_schema(&json, &e)) {
        fprintf(stderr, "azalea: %s\n", e.msg);
        return EXIT_RUNTIME;
    }
    fputs(json, stdout);
    free(json);
    return 0;
}

static int cmd_examples(void)
{
    for (const struct az_cli_example *ex = az_cli_examples; ex->name; ex++)
        printf("%-12s %s%s\n", ex->name, ex->file,
               ex == az_cli_examples ? " (default)" : "");
    return 0;
}

/* azalea's version, then each library's as built against and as running
 * (a bug report needs both: a distribution may update one under us);
 * libyaml says only which one runs. */
static void print_versions(FILE *f)
{
    fprintf(f, "azalea %s\n", az_version());
    fprintf(f, "  %-8s running %s\n", "libyaml", yaml_get_version_string());
    fprintf(f, "  %-8s built %-8s running %s\n", "GSL", GSL_VERSION,
            gsl_version);
    fprintf(f, "  %-8s built %-8s running %s\n", "SQLite", SQLITE_VERSION,
            sqlite3_libversion());
    fprintf(f, "  %-8s built %-8s running %s\n", "jansson", JANSSON_VERSION,
            jansson_version_str());
    fprintf(f, "  %-8s built %d.%-6d running %d.%d\n", "nettle",
            NETTLE_VERSION_MAJOR, NETTLE_VERSION_MINOR, nettle_version_major(),
            nettle_version_minor());
    fprintf(f, "  %-8s built %d.%d.%d\n", "libcsv", CSV_MAJOR, CSV_MINOR,
            CSV_RELEASE);
}

static int dispatch(int argc, char **argv)
{
    if (argc < 2) {
        cli_usage(stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    /* azalea CMD --help: the command's help. */
    for (int i = 2; i < argc; i++)
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
            return cli_help(cmd, stdout);
    if (!strcmp(cmd, "run"))
        return cmd_run(argc - 2, argv + 2);
    if (!strcmp(cmd, "check"))
        return cmd_check(argc - 2, argv + 2);
    if (!strcmp(cmd, "compare"))
        return cmd_compare(argc - 2, argv + 2);
    if (!strcmp(cmd, "improve"))
        return cmd_improve(argc - 2, argv + 2);
    if (!strcmp(cmd, "sweep"))
        return cmd_sweep(argc - 2, argv + 2);
    if (!strcmp(cmd, "optimize"))
        return cmd_optimize(argc - 2, argv + 2);
    if (!strcmp(cmd, "fit"))
        return cmd_fit(argc - 2, argv + 2);
    if (!strcmp(cmd, "draw"))
        return cmd_draw(argc - 2, argv + 2);
    if (!strcmp(cmd, "animate"))
        return cmd_animate(argc - 2, argv + 2);
    if (!strcmp(cmd, "examples"))
        return cmd_examples();
    if (!strcmp(cmd, "schema"))
        return cmd_schema(argc - 2, argv + 2);
    if (!strcmp(cmd, "version") || !strcmp(cmd, "--version")) {
        print_versions(stdout);
        return 0;
    }
    if (!strcmp(cmd, "help") || !strcmp(cmd, "--help") || !strcmp(cmd, "-h")) {
        if (argc > 3) {
            fprintf(stderr, "azalea: help takes one command at most\n");
            return EXIT_USAGE;
        }
        return cli_help(argc > 2 ? argv[2] : NULL, stdout);
    }
    fprintf(stderr, "azalea: unknown command '%s'\n", cmd);
    cli_usage(stderr);
    return EXIT_USAGE;
}

/* The results table is the point of most commands: a standard output
 * that could not take it (a full disk, a closed pipe) is a failure, not
 * a success with the table lost. */
static int run_command(int argc, char **argv)
{
    int code = dispatch(argc, argv);
    errno = 0;
    if ((fflush(stdout) != 0 || ferror(stdout)) && !code) {
        fprintf(stderr, "azalea: cannot write to standard output: %s\n",
                errno ? strerror(errno) : "write error");
        code = EXIT_RUNTIME;
    }
    return code;
}

/* AZALEA_IO_FAULT=OP:N (OP open, write, sync or rename): the N-th such
 * call of the result writers fails with EIO (az_io_fault), for the tests
 * (tests/cli/test_outputs.sh) to show what a failing disk leaves. */
static void io_fault_from_env(void)
{
    static const char *const ops[AZ_IO_NOPS] = {"open", "write", "sync",
                                                "rename"};
    const char *v = getenv("AZALEA_IO_FAULT");
    const char *colon = v ? strchr(v, ':') : NULL;
    if (!colon)
        return;
    for (int k = 0; k < AZ_IO_NOPS; k++)
        if (!strncmp(v, ops[k], (size_t)(colon - v)) &&
            strlen(ops[k]) == (size_t)(colon - v))
            az_io_fault((az_io_op)k, strtoul(colon + 1, NULL, 10));
}

int main(int argc, char **argv)
{
    /* GSL's default handler aborts (e.g. on out of memory inside a sampler
     * table); the library checks every GSL return, so turn it off. It is
     * process-wide, hence the application's call, not the library's. */
    gsl_set_error_handler_off();
    io_fault_from_env();
#ifdef AZ_MPI
    return cli_mpi_main(argc, argv, run_command);
#else
    return run_command(argc, argv);
#endif
}
