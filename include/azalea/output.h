/*
 * output.h: machine-readable results (docs/output-format.md).
 *
 * Writers never leave a partial file that looks complete: they write to
 * "<path>.tmp" and rename it over <path> only when everything was written.
 */
#ifndef AZALEA_OUTPUT_H
#define AZALEA_OUTPUT_H

#include <stdio.h>

#include "azalea/error.h"
#include "azalea/experiment.h"
#include "azalea/model.h"

/* What the results do not say about themselves. */
typedef struct az_output_meta {
    const char *model_file; /* path the model came from, or NULL */
    double wall_seconds;    /* run time; < 0 to leave it out */
    /* Used by the CSV and SQLite writers (NULL: unknown, left empty): */
    const char *model_sha256; /* SHA-256 of the model text, 64 lowercase hex
                               * digits (az_sha256_file) */
    const char *overrides;    /* changes applied over the file (--set),
                               * "path=value; path=value" */
} az_output_meta;

/* Writes the experiment's summary as JSON to path ("-" for stdout). Every
 * statistic is {"mean": m, "ci95": [low, high], "n": replications}; with
 * one replication ci95 is null. AZ_EIO with the system's reason if the file
 * cannot be written. */
az_status az_output_json(const char *path, const az_model *m,
                         const az_summary *s, const az_output_meta *meta,
                         az_error *err);

/* Writes the summary as CSV files into dir, created (with its parents) if
 * missing: run.csv, system.csv, products.csv, stations.csv, buffers.csv,
 * pools.csv (one row per object, mean and ci95 bounds of each metric) and
 * replications.csv (every metric of every replication, one per row). Each
 * file is written to "<file>.tmp" first; they are renamed only once all
 * are complete, and on error none is left behind. AZ_EIO with the
 * system's reason if the directory or a file cannot be written. */
az_status az_output_csv(const char *dir, const az_model *m,
                        const az_summary *s, const az_output_meta *meta,
                        az_error *err);

/* Writes s as one CSV field (RFC 4180), quoted only when it must be: it
 * holds a comma, a quote or a line break, or starts or ends with a space
 * (which many readers trim). NULL writes an empty field. Every CSV azalea
 * writes quotes through this, so all read back alike. */
void az_csv_field(FILE *f, const char *s);

/* Appends the run to the SQLite results database at path (created if
 * missing): a row in `runs`, and the objects, summary statistics and
 * per-replication values, all in one transaction, so on error nothing is
 * added. A database of an older schema is migrated first (in the same
 * transaction). AZ_EIO, leaving the file as it was, if it cannot be
 * opened or written, is not an SQLite database, belongs to another
 * program, or has a newer schema than this version knows. Safe to call
 * from several processes on one file: writers wait for each other. */
az_status az_output_sqlite(const char *path, const az_model *m,
                           const az_summary *s, const az_output_meta *meta,
                           az_error *err);

/* The checks az_output_sqlite makes before writing, without writing: AZ_OK
 * if path does not exist or is a results database it can append to. Lets
 * a caller fail before a long run rather than after it. */
az_status az_output_sqlite_check(const char *path, az_error *err);

/* The schema version az_output_sqlite writes (PRAGMA user_version). */
int az_output_sqlite_schema_version(void);

/* SHA-256 of the bytes of a file (or of a buffer) as 64 lowercase hex
 * digits and a NUL; equal to what `sha256sum FILE` prints. AZ_EIO with the
 * system's reason if the file cannot be read. */
az_status az_sha256_file(const char *path, char hex[65], az_error *err);
void az_sha256_hex(const void *data, size_t len, char hex[65]);

#endif
