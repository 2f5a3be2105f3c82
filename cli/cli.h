/*
 * cli.h: what the azalea commands share (args.c).
 */
#ifndef AZALEA_CLI_H
#define AZALEA_CLI_H

#include <signal.h>
#include <stdio.h>
#include <stdint.h>

#include "azalea/experiment.h"
#include "azalea/model.h"
#include "azalea/output.h"
#include "azalea/state.h"

enum { EXIT_RUNTIME = 1, EXIT_USAGE = 2, MAX_SETS = 256 };

/* The options of every command; a command rejects what it does not use. */
typedef struct options {
    const char *file, *example, *json;
    const char *sets[MAX_SETS];
    size_t nset;
    const char *scenarios[MAX_SETS]; /* compare: "path=value; path=value" */
    size_t nscen;
    const char *reps, *seed, *horizon, *warmup, *threads;
    const char *buffer_step, *top;   /* improve */
    const char *csv, *db;            /* result files: CSV set, database */
    const char *report, *trace;      /* HTML report; run: CSV trace */
    const char *precision, *max_reps; /* run: sequential replications */
    const char *on_error;             /* run: "stop" or "continue" */
    const char *initial;              /* run: a state to start from */
    const char *snapshot_at, *snapshot; /* run: the state at a time */
    const char *select, *delta, *pcs; /* compare, improve: KN selection */
    const char *budget, *target;      /* optimize: over the model's */
    const char *params[MAX_SETS];     /* sweep: "path=a..b:step" or a list */
    const char *output, *format;      /* draw: -o FILE, svg or dot */
    const char *from, *to, *rep;      /* animate: the window, replication */
    const char *max_mb;               /* animate: the cap on the replay's data */
    size_t nparam;
} options;

/* Reads "--name value" pairs and one optional positional FILE. Returns 0 on
 * a usage error, having said why. */
int cli_parse_args(int argc, char **argv, options *o);
/* Applies the command line's run settings over the model file's; 0 on a
 * bad value, having said why. */
int cli_apply_run_options(const options *o, const az_model *m,
                          az_experiment_config *cfg);

/* --initial (run, check, animate): loads the state, the horizon from its
 * time (words such as 'end of day' allowed), and no warm-up unless asked
 * for: the state is the line as it is. Sets cfg->initial and *st (yours:
 * az_state_free). 0, or the exit code after saying why. */
int cli_open_initial(const options *o, const az_model *m,
                     az_experiment_config *cfg, az_state **st);
/* Loads the file, or the named (or default) built-in example, with the
 * --set overrides plus `extra` ones; prints every problem. */
az_status cli_load(const options *o, const char *const *extra, size_t nextra,
                   az_model **m, az_experiment_config *cfg,
                   const char **source);
/* Prints a model problem as FILE:LINE:COL: message (or "azalea: ..."
 * without a place) and counts it in *(int *)ctx: az_problem_fn. */
void cli_print_problem(void *ctx, const az_error *e);
/* Whether the options name one model (a file, or --example NAME; with
 * `need`, one is required for command `cmd`): 0, or EXIT_USAGE having said
 * why. */
int cli_model_named(const options *o, const char *cmd, int need);
/* Arguments, then the model they name: 0 with *m loaded, or the exit status
 * having said why. need_source: a file or --example is required. */
int cli_open_model(int argc, char **argv, int need_source, options *o,
                   az_model **m, az_experiment_config *cfg,
                   const char **source);
/* cli_open_model for the commands that run the model (run, compare,
 * improve, sweep): also rejects options `cmd` does not take (cli_reject)
 * and applies the run options. */
int cli_open_run(int argc, char **argv, const char *cmd, int scenarios,
                 int steps, options *o, az_model **m,
                 az_experiment_config *cfg, const char **source);
/* A whole number in [lo, hi], or 0 after saying what is wrong. */
int cli_parse_uint(const char *opt, const char *s, uint64_t lo, uint64_t hi,
                   uint64_t *v);
int cli_exit_code(az_status rc);
/* Says so and returns 1 if `o` has an option command `cmd` does not take
 * (nothing on the command line is silently ignored). results: it writes
 * result files (--json, --csv, --db; --report but for sweep). */
int cli_reject(const options *o, const char *cmd, int results,
               int scenarios, int steps);
double cli_seconds_now(void);
/* az_experiment_run, and the wall-clock seconds it took in *wall. */
az_status cli_run_timed(const az_model *m, const az_experiment_config *cfg,
                        az_summary **out, double *wall, az_error *err);
/* Terminal columns of UTF-8 text (printf pads by bytes, so "±" or a
 * Korean station name would push a column out of line). */
int cli_columns(const char *s);
/* Prints s left-aligned in w columns; longer text is printed whole. */
void cli_pad(const char *s, int w);
/* A run's headline figures: system throughput per hour, mean lead time
 * and WIP, each with its CI half-width, and where they are in the summary
 * (for paired differences). What compare, improve and sweep report. */
typedef struct cli_headline {
    double per_h;     /* multiplies a rate per model time unit to per hour */
    size_t it, il, iw; /* metric indices: throughput, lead time, WIP */
    double tp, tp_half, lt, lt_half, wip, wip_half;
} cli_headline;
void cli_headline_of(const az_model *m, const az_summary *s, cli_headline *h);

/* results.c: --csv and --db. */
typedef struct cli_results {
    char sha256[65]; /* of the model text, when hashed */
    int hashed;
    char *overrides; /* the --set options, "p=v; p=v", or NULL */
} cli_results;
/* Before the run: whether a result file (or the --csv directory) can be
 * written at path (az_output_check); NULL passes. 0, or EXIT_USAGE having
 * said why. */
int cli_check_output(const char *path, az_output_kind kind);
/* cli_check_output of a file for a command whose table is on standard
 * output (compare, improve, sweep): "-" is refused. */
int cli_check_output_table(const char *opt, const char *path);
/* Before the run: checks --csv and --db (so a file azalea cannot append to fails
 * now, not after the run) and hashes the model text. 0, or the exit status
 * having said why; free r with cli_results_free either way. */
int cli_results_prepare(const options *o, cli_results *r);
/* Writes --csv and --db; 0, or EXIT_RUNTIME having said why. */
int cli_results_write(const options *o, const cli_results *r,
                      const az_model *m, const az_summary *s,
                      az_output_meta meta);
void cli_results_free(cli_results *r);

/* help.c: the whole help, and one command's (NULL: the whole); 0, or
 * EXIT_USAGE for an unknown command, having said so. */
void cli_usage(FILE *out);
int cli_help(const char *cmd, FILE *out);

/* forecast.c: time t (model units from time 0) on the plant's clock,
 * "2026-12-09 14:00" or "day 2 14:00", or "after the horizon" for an
 * infinite t, into buf (n >= 40); returns it. */
const char *cli_when(const az_model *m, double t, char *buf, size_t n);
/* The same to the second ("day 1 06:00:30") when t has seconds. */
const char *cli_when_exact(const az_model *m, double t, char *buf,
                           size_t n);
/* forecast.c: run --initial's forecast table (after the run's). */
struct az_state;
void cli_forecast_text(FILE *f, const az_model *m, const az_summary *s,
                       const struct az_state *st);

/* whatif.c */
int cmd_compare(int argc, char **argv);
int cmd_improve(int argc, char **argv);
/* optimize.c */
int cmd_optimize(int argc, char **argv);
/* sweep.c */
int cmd_sweep(int argc, char **argv);
/* fit.c */
int cmd_fit(int argc, char **argv);
/* draw.c */
int cmd_draw(int argc, char **argv);
/* animate.c */
int cmd_animate(int argc, char **argv);

/* progress.c: a progress line on stderr while replications run, only when
 * stderr is a terminal; at most a few updates a second, erased at the end. */
typedef struct cli_progress {
    int on;
    char label[96];
    double t0, last;
    int shown;
} cli_progress;
/* Starts reporting the replications of experiments run with cfg (sets its
 * callback) if stderr is a terminal. */
void cli_progress_start(cli_progress *p, az_experiment_config *cfg);
/* A new experiment: what the line says before its counts; restarts the
 * clock of the ETA. */
void cli_progress_label(cli_progress *p, const char *label);
/* Erases the line. */
void cli_progress_end(cli_progress *p);
/* Picks the warm-up once on the base model if cfg asks for `auto`, says
 * so on stdout, and makes cfg fixed (what-ifs share one warm-up). 0, or
 * the exit status having said why. */
int cli_resolve_warmup(const az_model *m, az_experiment_config *cfg);

/* stop.c: the first SIGINT or SIGTERM sets cli_stop_signal (the signal),
 * which commands pass to the library as cfg.stop; a second one stops at
 * once. cli_catch_stop_signals(1) installs the handler, (0) puts the
 * default back. cli_stop_name: "SIGINT" or "SIGTERM". */
extern volatile sig_atomic_t cli_stop_signal;
void cli_catch_stop_signals(int on);
const char *cli_stop_name(void);

/* MPI (cli/mpi.c, built with make MPI=1): main runs dispatch on every rank;
 * `run` agrees on the ranks' opening (cli_ranks_agree: 0, or the first
 * failing rank's exit code on every rank) and spreads its replications
 * (cli_experiment_run: on ranks other than 0, AZ_OK with *out NULL, and
 * nothing to print). Without MPI these are the one-process calls. */
#ifdef AZ_MPI
int cli_mpi_main(int argc, char **argv, int (*dispatch)(int, char **));
int cli_ranks_agree(int code);
int cli_rank(void);  /* this process's rank; 0 without mpirun */
int cli_ranks(void); /* the number of ranks; 1 without mpirun */
az_status cli_experiment_run(const az_model *m, const az_experiment_config *cfg,
                             az_summary **out, az_error *err);
#else
static inline int cli_ranks_agree(int code) { return code; }
static inline int cli_rank(void) { return 0; }
static inline int cli_ranks(void) { return 1; }
#define cli_experiment_run az_experiment_run
#endif

#endif
