/*
 * output.h: machine-readable results (docs/output-format.md).
 *
 * Writers never leave a partial file that looks complete: they write to
 * "<path>.tmp" and rename it over <path> only when everything was written.
 */
#ifndef AZALEA_OUTPUT_H
#define AZALEA_OUTPUT_H

#include "azalea/error.h"
#include "azalea/experiment.h"
#include "azalea/model.h"

/* What the results do not say about themselves. */
typedef struct az_output_meta {
    const char *model_file; /* path the model came from, or NULL */
    double wall_seconds;    /* run time; < 0 to leave it out */
} az_output_meta;

/* Writes the experiment's summary as JSON to path ("-" for stdout). Every
 * statistic is {"mean": m, "ci95": [low, high], "n": replications}; with
 * one replication ci95 is null. AZ_EIO with the system's reason if the file
 * cannot be written. */
az_status az_output_json(const char *path, const az_model *m,
                         const az_summary *s, const az_output_meta *meta,
                         az_error *err);

#endif
