/*
 * output_impl.h: what the CSV and SQLite writers share: the statistics
 * they report for each metric, named and scaled as in the JSON.
 */
#ifndef AZALEA_OUTPUT_IMPL_H
#define AZALEA_OUTPUT_IMPL_H

#include <stddef.h>

#include "azalea/experiment.h"
#include "azalea/model.h"
#include "azalea/output.h"

/* Metric i of a summary, multiplied by k, reported under name. */
typedef struct azi_out_stat {
    size_t i;
    double k;
    const char *name; /* static */
} azi_out_stat;

/* The statistics metric i is reported as: itself, and for a throughput
 * also per hour and per year (as the JSON). Returns how many (1 or 3). */
size_t azi_out_stats(const az_model *m, const az_summary *s, size_t i,
                     azi_out_stat out[3]);

/* Mean and 95 % CI bounds of st; NAN where a value does not exist (a CI
 * with one replication, a mean of no observations). */
void azi_out_ci95(const az_summary *s, const azi_out_stat *st, double *mean,
                  double *lo, double *hi);

/* "system", "product", "station", "pool". */
const char *azi_out_scope_name(az_scope scope);

/* Name of object `object` of `scope` (the model's name for the system,
 * an order's id, "day 3" or "week 1" written into buf, which has
 * AZI_OUT_NAME_MAX bytes; with a start date the date the day or week
 * begins, "2026-12-07"). */
#define AZI_OUT_NAME_MAX 32
/* The days (scope AZ_SCOPE_DAY) or weeks the summary has order figures
 * for: objects 0 to the result - 1. */
uint32_t azi_out_periods(const az_summary *s, az_scope scope);
const char *azi_out_object_name(const az_model *m, az_scope scope,
                                uint32_t object, char *buf);

/* output_json.c, for output_whatif.c. jansson's json_t, declared here so
 * that only the JSON writers include jansson. */
struct json_t;
/* A run's JSON document as az_output_json writes it; NULL when out of
 * memory. The caller owns it (json_decref). */
struct json_t *azi_json_build(const az_model *m, const az_summary *s,
                              const az_output_meta *meta);
/* Writes root to path as az_output_json does and frees it (root NULL:
 * AZ_ENOMEM). */
az_status azi_json_write(const char *path, struct json_t *root, az_error *err);

#endif
