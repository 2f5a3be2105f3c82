/*
 * whatif.h: the what-ifs of `azalea compare`, `azalea improve` and
 * `azalea sweep`, for any caller: the same experiment on changed models,
 * each run with the base's seed and replications (common random numbers),
 * so that a difference to the base comes with its own confidence interval
 * (docs/statistics.md, "Comparing scenarios" and "Sweeps").
 *
 * A what-if loads every model from one source, a model file or a text,
 * with changes as `--set` states them ("path=value"), so a scenario is any
 * change the model file can state. Every changed model is loaded before
 * anything runs: a bad value fails in seconds, not after hours. Results
 * are bit-identical on any number of threads (cfg->threads).
 *
 * Graceful stop: cfg->stop, as az_experiment_run reads it. Once it is set
 * no further run starts; the run under way is dropped (its replications
 * would not pair with the base's), and the what-if returns AZ_OK with the
 * runs finished whole, az_whatif_interrupted saying so; AZ_ESTOPPED if the
 * base (compare, improve) or the first point (sweep) did not finish.
 *
 * Failures: AZ_EINVAL for a bad argument (an empty scenario, a bad sweep
 * range: err says which), the loader's status for a changed model that
 * does not load (each problem goes to src->on_problem first), a run's own
 * failure, AZ_ENOMEM; *out is then NULL and nothing is kept.
 */
#ifndef AZALEA_WHATIF_H
#define AZALEA_WHATIF_H

#include <stddef.h>
#include <stdint.h>

#include "azalea/error.h"
#include "azalea/experiment.h"
#include "azalea/load.h"
#include "azalea/model.h"
#include "azalea/output.h"

/* Where the models come from. Every string is the caller's and must live
 * until the what-if call returns. */
typedef struct az_whatif_source {
    const char *path;  /* the model file; NULL: the text below */
    const char *text;  /* with path NULL: the model, len bytes */
    size_t len;
    const char *name;  /* the text's name in messages and results */
    const char *const *overrides; /* the base's own changes, as --set */
    size_t noverrides;
    az_problem_fn on_problem; /* each problem of a model that does not
                               * load; may be NULL */
    void *ctx;
} az_whatif_source;

/* improve's screening: it ranks changes with at most this many
 * replications unless the caller asks for more (the CLI's --reps). */
#define AZ_IMPROVE_REPS 5u

typedef struct az_whatif_options {
    uint32_t buffer_step; /* improve: places added to a finite buffer; 0: 5 */
    /* sweep: keep each point's model and summary in the result (memory
     * grows with the grid); 0: only its figures, the model and summary
     * being given to on_done alone. compare and improve keep them all. */
    int keep_points;
    /* Before run i of n (i = 0 is the base, or a sweep's first point),
     * with its label. May be NULL. */
    void (*on_start)(void *ctx, size_t i, size_t n, const char *label);
    /* After run i, with its figures, model and summary (valid during the
     * call). A status other than AZ_OK (err filled) ends the what-if with
     * it. May be NULL. */
    az_status (*on_done)(void *ctx, size_t i, const az_whatif_run *r,
                         az_error *err);
    void *ctx;
} az_whatif_options;

/* A what-if's result: the base and the runs finished. Yours on AZ_OK;
 * free it with az_whatif_free. */
typedef struct az_whatif az_whatif;

/* Runs the base, then each scenario, a string "path=value; path=value"
 * (n >= 1), in order. Labels are the scenarios as given. */
az_status az_compare(const az_whatif_source *src,
                     const az_experiment_config *cfg,
                     const char *const *scenarios, size_t n,
                     const az_whatif_options *opt, az_whatif **out,
                     az_error *err);

/* Runs the base ("as it is") and each single change: +1 machine at every
 * station, +buffer_step places before every station with a finite buffer,
 * +1 person in every pool, then the model's own candidates
 * (az_model_candidate), with their costs (improve.h). The runs come back
 * ranked: significant throughput gains first (largest first), then
 * significant lead-time cuts with no significant throughput loss, then
 * the rest by throughput gain and lead time. A candidate that does not
 * load fails with err located where the model file states it. */
az_status az_improve(const az_whatif_source *src,
                     const az_experiment_config *cfg,
                     const az_whatif_options *opt, az_whatif **out,
                     az_error *err);

/* Runs every point of the grid of nparam (1 or 2) parameters, each
 * "path=a..b:step", "path=a..b" (step 1) or "path=x,y,z"
 * (az_sweep_param_parse), at most AZ_SWEEP_MAX_POINTS points, the last
 * parameter varying fastest.
 * `run.*` paths are refused: a sweep keeps the run settings. There is no
 * base; each point's diff is NAN. */
az_status az_sweep(const az_whatif_source *src,
                   const az_experiment_config *cfg,
                   const char *const *params, size_t nparam,
                   const az_whatif_options *opt, az_whatif **out,
                   az_error *err);

/* One sweep parameter, expanded: its path and its values as text, in
 * order. az_sweep_param_parse fills p from "path=a..b:step",
 * "path=a..b" or "path=x,y,z"; AZ_EINVAL saying what is wrong (free p
 * all the same), AZ_ENOMEM. Free with az_sweep_param_free. */
#define AZ_SWEEP_MAX_VALUES 1000
#define AZ_SWEEP_MAX_POINTS 10000
typedef struct az_sweep_param {
    char path[256];
    char (*values)[64];
    size_t n;
} az_sweep_param;
az_status az_sweep_param_parse(const char *spec, az_sweep_param *p,
                               az_error *err);
void az_sweep_param_free(az_sweep_param *p);

/* ---- selection of the best with a guarantee ---- */

/* What a selection looks for: the scenario whose figure `metric`
 * (AZ_WI_THROUGHPUT, maximised; AZ_WI_LEAD_TIME or AZ_WI_WIP, minimised)
 * is best, with probability at least pcs whenever the best is at least
 * delta better than the next (delta: the indifference zone, in the
 * figure's unit: units per hour, model time units, units). */
typedef struct az_select_spec {
    int metric;
    double delta;      /* > 0 */
    double pcs;        /* in (0.5, 1), and above 1 / (the scenarios) */
    uint32_t max_reps; /* replications a scenario may get; 0: 1000 */
    int without_base;  /* leave the base out (e.g. it breaks a limit): its
                        * entry then has no replications and is marked
                        * eliminated */
} az_select_spec;

/* One scenario of a selection: the replications it got (until it was
 * eliminated, or to the end), and its figure over them. */
typedef struct az_select_entry {
    uint32_t reps;
    double mean, half; /* half: the 95 % CI half-width, NAN under 2 reps */
    int eliminated;    /* 0: in contention to the end */
} az_select_entry;

typedef struct az_selection {
    az_select_spec spec;
    size_t n;          /* scenarios in the selection, the base first */
    const az_select_entry *entry; /* n of them: the base, then runs 0.. */
    size_t best;       /* index into entry */
    uint32_t first;    /* first-stage replications (the what-if's) */
    uint64_t total_reps; /* replications used, over every scenario */
    int capped;        /* max_reps ended it with more than one left: the
                        * best of those by mean, without the guarantee */
} az_selection;

/* KN (Kim and Nelson 2001), fully sequential with common random numbers,
 * on a compare's or improve's base and its first k runs (compare: its
 * scenarios; improve: the top of its ranking; k >= 1). The what-if's
 * replications are the first stage; then each scenario still in
 * contention gets one more replication at a time, and a scenario is
 * eliminated as soon as it is worse than another by more than the
 * procedure's bound. The decisions do not depend on cfg.threads, which
 * only sets how many replications run at once. AZ_EINVAL for a bad spec
 * or a what-if without kept models (a sweep) or with under 2 first-stage
 * replications; AZ_ESTOPPED on cfg.stop (no selection is kept); a run's
 * failure; AZ_ENOMEM. */
az_status az_whatif_select(az_whatif *w, size_t k, const az_select_spec *spec,
                           az_error *err);
/* The selection made, or NULL. Valid until az_whatif_free. */
const az_selection *az_whatif_selection(const az_whatif *w);

/* Writes what-if w as one JSON document to path ("-": standard output),
 * as az_output_whatif_json does, with its "selection" when one was made
 * (docs/output-format.md). Failures as az_output_json's. */
az_status az_output_whatif(const char *path, const az_whatif *w,
                           az_error *err);

void az_whatif_free(az_whatif *w);

/* "compare", "improve" or "sweep". */
const char *az_whatif_kind(const az_whatif *w);
/* The base's run (role "base"; its model is the base model), or NULL for
 * a sweep. */
const az_whatif_run *az_whatif_base(const az_whatif *w);
/* The runs after the base, finished whole: scenarios in order, changes
 * ranked, points in grid order. az_whatif_count of them, contiguous, so
 * that they go to az_output_whatif_json and az_output_sqlite_whatif as
 * they are. Pointers are valid until az_whatif_free. */
const az_whatif_run *az_whatif_runs(const az_whatif *w);
size_t az_whatif_count(const az_whatif *w);
/* 1 if cfg->stop ended the what-if early; *asked (may be NULL) gets how
 * many runs after the base were asked for. */
int az_whatif_interrupted(const az_whatif *w, size_t *asked);
/* The settings every run used: with `warmup: auto`, the warm-up chosen on
 * the base (warmup_auto then 0). */
const az_experiment_config *az_whatif_config(const az_whatif *w);
/* A sweep's parameter paths (*n of them); NULL and 0 otherwise. */
const char *const *az_whatif_params(const az_whatif *w, size_t *n);
/* The SHA-256 of the model text, as az_sha256_file gives it. */
const char *az_whatif_sha256(const az_whatif *w);
/* improve: fills order[0..count) with the runs' indices ranked by
 * throughput gained per cost, significant gains with a known cost first,
 * the rest as ranked by gain. Returns whether any change has a cost. */
int az_whatif_rank_by_value(const az_whatif *w, size_t *order);

#endif
