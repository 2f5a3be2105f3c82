/*
 * whatif.h: what compare and improve (whatif.c) share with the writers of
 * their result files (whatif_out.c) and their HTML page
 * (report_whatif.c).
 */
#ifndef AZALEA_CLI_WHATIF_H
#define AZALEA_CLI_WHATIF_H

#include "azalea/output.h"
#include "cli.h"

/* One result line: a scenario's figures and their differences to the
 * base. outcome[0] is the base. */
typedef struct outcome {
    char what[160];
    char changes[512]; /* the model paths it changes ("p=v; q=w"), or "" */
    cli_headline h;  /* throughput per hour, lead time, WIP */
    double dtp, dtp_half, dlt, dlt_half; /* differences at the run's level */
    double cost; /* improve: < 0 unknown */
    int unstable; /* the line cannot keep up (diagnose.h) */
    az_model *model;  /* the changed model, yours; NULL for the base */
    az_summary *sum;  /* its results, yours */
    double wall;      /* seconds its experiment took */
    /* Figures and differences at 95 % for the files (az_whatif_figures);
     * its pointers are set just before writing (outcomes move in qsort). */
    az_whatif_run wr;
} outcome;

/* Before the runs: checks --json, --csv, --db and --report (gnuplot too)
 * and hashes the model (cli_results_prepare). 0, or the exit status
 * having said why; free res with cli_results_free either way. */
int wi_outputs_check(const options *o, cli_results *res);
/* Writes every result file asked for: out[0] the base (model m), then n
 * scenarios. 0, or EXIT_RUNTIME having said why. */
int wi_outputs_write(const options *o, const cli_results *res,
                     const char *kind, const az_model *m, const char *source,
                     const az_experiment_config *cfg, outcome *out,
                     size_t n);
void wi_outcomes_free(outcome *out, size_t n);

/* report_whatif.c: the HTML page of a comparison: a table of the
 * scenarios against the base and a chart of their paired throughput
 * differences with 95 % CIs. 0, or an exit status having said why. */
int report_whatif(const char *path, const char *kind, const az_model *m,
                  const char *source, const az_experiment_config *cfg,
                  const az_whatif_run *base, const az_whatif_run *runs,
                  size_t n);

#endif
