/*
 * experiment.h: replications of a model and their summary with confidence
 * intervals.
 *
 * Replication r always runs from the streams (seed, r, ...), whichever thread
 * runs it, and results are combined in replication order, so the summary is
 * bit-identical for any thread count.
 */
#ifndef AZALEA_EXPERIMENT_H
#define AZALEA_EXPERIMENT_H

#include <stddef.h>
#include <stdint.h>

#include "azalea/error.h"
#include "azalea/model.h"
#include "azalea/sim.h"

typedef struct az_experiment_config {
    uint64_t seed;
    uint32_t replications; /* >= 1; >= 2 for finite CIs */
    double horizon;        /* model time units */
    double warmup;         /* model time units, < horizon */
    double level;          /* confidence level, e.g. 0.95 */
    unsigned threads;      /* 0 or 1: run in the caller's thread */
} az_experiment_config;

/* Sensible defaults: seed 1, 10 replications, 95 %, 1 thread; horizon and
 * warm-up 0 (the caller must set the horizon). */
az_experiment_config az_experiment_defaults(void);

typedef struct az_summary az_summary;

/* Runs cfg->replications replications. On AZ_OK *out is yours; free it with
 * az_summary_free. On error *out is NULL, err says which replication failed
 * and why, and nothing leaks. */
az_status az_experiment_run(const az_model *m, const az_experiment_config *cfg,
                            az_summary **out, az_error *err);
void az_summary_free(az_summary *s);

size_t az_summary_metric_count(const az_summary *s);
az_metric az_summary_metric(const az_summary *s, size_t i);
size_t az_summary_metric_index(const az_summary *s, az_scope scope,
                               uint32_t object, az_metric_kind kind);
uint32_t az_summary_replications(const az_summary *s);
const az_experiment_config *az_summary_config(const az_summary *s);
/* Mean over replications of metric i, and the half-width of its CI at the
 * configured level (+inf with one replication). */
double az_summary_mean(const az_summary *s, size_t i);
double az_summary_halfwidth(const az_summary *s, size_t i);
/* Half-width at another confidence level (e.g. 0.95 for JSON's ci95). */
double az_summary_halfwidth_at(const az_summary *s, size_t i, double level);
/* Metric i of replication r. */
double az_summary_value(const az_summary *s, uint32_t r, size_t i);
/* The mean and CI half-width at `level` of (alt - base) for metric i,
 * paired by replication. Run both with the same seed and replication count,
 * so replication r of each shares its random numbers (common random
 * numbers) and the difference is sharper than the two CIs suggest.
 * AZ_EINVAL if the replication counts or metric layouts differ. */
az_status az_summary_paired_diff(const az_summary *base, const az_summary *alt,
                                 size_t i, double level, double *mean,
                                 double *half, az_error *err);

/* Events processed over all replications. */
uint64_t az_summary_events(const az_summary *s);

#endif
