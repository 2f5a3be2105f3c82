/*
 * trace.h: every state change of one replication as CSV, for people who
 * animate a run or debug a model (columns in docs/output-format.md).
 */
#ifndef AZALEA_TRACE_H
#define AZALEA_TRACE_H

#include <stdint.h>

#include "azalea/error.h"
#include "azalea/experiment.h"
#include "azalea/model.h"

/* Runs replication `replication` (0-based) of m with cfg's seed, horizon
 * and warm-up, exactly as az_experiment_run runs it, and writes one row per
 * machine state change, per unit entering or leaving the line, per change
 * of a place's content and per rework trip (the observer's calls) to path
 * ("-" for stdout). cfg->warmup is used as given (warmup_auto does not
 * pick one here) and cfg->stop is not read. The file is replaced as
 * output.h's writers replace theirs (az_outfile_open): on any failure a
 * regular file is as it was. AZ_EIO or AZ_ENOMEM if it cannot be written,
 * or the error of az_sim_create or az_sim_run. */
az_status az_trace_csv(const char *path, const az_model *m,
                       const az_experiment_config *cfg, uint32_t replication,
                       az_error *err);

#endif
