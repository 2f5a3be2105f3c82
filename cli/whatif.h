/*
 * whatif.h: what compare, improve (whatif.c) and sweep (sweep.c) share
 * with the writers of their result files (whatif_out.c) and their HTML
 * page (report_whatif.c). The what-ifs themselves run in the library
 * (azalea/whatif.h); the CLI prints their tables and writes their files.
 */
#ifndef AZALEA_CLI_WHATIF_H
#define AZALEA_CLI_WHATIF_H

#include "azalea/optimize.h"
#include "azalea/output.h"
#include "azalea/whatif.h"
#include "cli.h"

/* The model source of a what-if from the command line: the file, or the
 * built-in example, with the --set changes; problems of a changed model
 * are printed, counted in *count. 0, or the exit status having said why. */
int wi_source(const options *o, az_whatif_source *src, int *count);
/* Says why a what-if failed (its err, and the count of problems printed)
 * and returns the exit status. */
int wi_failed(az_status rc, const az_error *err, int count);
/* Progress on stderr while a what-if runs: "base: ", then "NOUN i/n: "
 * before each run's replications (a sweep, noun "point", has no base). */
typedef struct wi_progress {
    cli_progress p;
    const char *noun; /* "scenario", "change" or "point" */
} wi_progress;
void wi_on_start(void *ctx, size_t i, size_t n, const char *label);
/* Before a what-if runs: prog's progress (its noun) on cfg, wo with
 * wi_on_start (other fields 0: the caller sets its own), and the graceful
 * stop (cfg->stop, the signals caught). wi_end puts both away. */
void wi_begin(wi_progress *prog, const char *noun, az_experiment_config *cfg,
              az_whatif_options *wo);
void wi_end(wi_progress *prog);
/* After an interrupted what-if: says how many runs it finished, and that
 * no result file is written. Returns the exit status 128 + signal. */
int wi_interrupted(const az_whatif *w, const char *what);

/* One row of a table: a run and its figures at the table's level. */
typedef struct outcome {
    const az_whatif_run *r;
    cli_headline h;
    double dtp, dtp_half, dlt, dlt_half; /* differences to the base */
} outcome;
/* The rows of w: the base first, then its runs in the order given (NULL:
 * as they are); yours (free). NULL when out of memory, having said so. */
outcome *wi_rows(const az_whatif *w, const size_t *order);
/* The table of rows o[0..n): figures at cfg's level, changes against the
 * base (o[0]), and with costs a cost column. */
void wi_print_table(const az_model *m, const az_experiment_config *cfg,
                    const outcome *o, size_t n, int costs);
/* What the what-if commands share: the options (cli_open_run), --select
 * into *sp (NULL: the command has none), the source, the result files
 * checked, the warm-up. 0 with *src ready, or
 * the exit status having said why (everything freed). */
int wi_open(int argc, char **argv, const char *cmd, int scen, int steps,
            options *o, az_model **m, az_experiment_config *cfg,
            const char **source, az_whatif_source *src, int *count,
            cli_results *res, az_select_spec *sp);
/* Runs KN on w's base and first k runs and prints it (the CLI's
 * --select). 0, or the exit status having said why. */
int wi_run_selection(az_whatif *w, size_t k, const az_select_spec *sp,
                     cli_progress *prog);

/* Before the runs: checks --json, --csv, --db and --report (gnuplot too)
 * and hashes the model (cli_results_prepare). 0, or the exit status
 * having said why; free res with cli_results_free either way. */
int wi_outputs_check(const options *o, cli_results *res);
/* Writes every result file asked for, of what-if w (compare or improve)
 * on base model m. 0, or EXIT_RUNTIME having said why. */
int wi_outputs_write(const options *o, const az_whatif *w, const char *source);

/* report_whatif.c: the HTML page of a comparison: a table of the
 * scenarios against the base and a chart of their paired throughput
 * differences with 95 % CIs. 0, or an exit status having said why. */
int report_whatif(const char *path, const char *kind, const az_model *m,
                  const char *source, const az_experiment_config *cfg,
                  const az_whatif_run *base, const az_whatif_run *runs,
                  size_t n, const az_opt_eval *ev, size_t nev);

#endif
