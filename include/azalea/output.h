/*
 * output.h: machine-readable results (docs/output-format.md).
 *
 * Writers never leave a partial file that looks complete, nor mix two
 * runs: a regular file is written to a temporary of its own next to it
 * (".NAME.tmp-PID-RAND"), fsync'd and renamed over it; a device, a FIFO
 * or "-" (standard output) is written in place; a symbolic link's target
 * is replaced and the link kept (az_outfile_open).
 *
 * Failures: AZ_EIO, with the path and the system's reason in err, or
 * AZ_ENOMEM, unless a comment below names another. A writer that fails
 * leaves a file or directory target as it was; what already went to
 * standard output, a device or a FIFO stays written. Writers only read
 * the model, summary, meta (which may be NULL) and the caller's strings,
 * during the call; they keep no pointer to them.
 */
#ifndef AZALEA_OUTPUT_H
#define AZALEA_OUTPUT_H

#include <stdint.h>
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

/* ---- replacing a file (every writer below goes through these) ---- */

typedef struct az_outfile az_outfile;

/* Starts writing the whole of path: "-" is standard output; a character
 * device or a FIFO is opened and written in place; a symbolic link is
 * followed to its final target; anything else (a regular file, or none
 * yet) gets a new temporary file in the target's directory, and stale
 * temporaries of killed writers of that target are removed. `what` names
 * the content in messages about standard output ("JSON"; may be NULL).
 * On AZ_OK *out is yours: write to az_outfile_stream, then end with
 * az_outfile_commit or az_outfile_abort, which free it. On error (AZ_EIO,
 * "PATH: reason", or AZ_ENOMEM) *out is NULL and nothing is left behind. */
az_status az_outfile_open(const char *path, const char *what,
                          az_outfile **out, az_error *err);
/* The stream to write to; owned by f (do not fclose it). */
FILE *az_outfile_stream(az_outfile *f);
/* Flushes and checks every write; for a temporary, fsyncs it, renames it
 * over the target and fsyncs the directory. On AZ_EIO (with the reason,
 * e.g. "PATH: No space left on device") the target is as it was and the
 * temporary is removed. Frees f either way; NULL is AZ_OK. */
az_status az_outfile_commit(az_outfile *f, az_error *err);
/* Drops what was written (removes the temporary) and frees f; NULL is
 * allowed. Standard output and devices keep what already went out. */
void az_outfile_abort(az_outfile *f);

typedef enum az_output_kind { AZ_OUT_FILE, AZ_OUT_DIR } az_output_kind;
/* Checks, without leaving anything behind, that a result file (or, for
 * AZ_OUT_DIR, the CSV set's directory) could be written at path now: its
 * directory exists (for a set: can be created), takes a new file and has
 * room for a block. Lets a caller fail in a second rather than after a
 * long run. AZ_EIO with the reason otherwise. "-" is AZ_OK. */
az_status az_output_check(const char *path, az_output_kind kind,
                          az_error *err);

/* ---- I/O fault injection, for tests ---- */

typedef enum az_io_op {
    AZ_IO_OPEN,   /* creating or opening a file or temporary directory */
    AZ_IO_WRITE,  /* one write(2) of a stream's buffer; SQLite's writes */
    AZ_IO_SYNC,   /* fsync of a file; SQLite's syncs */
    AZ_IO_RENAME, /* a rename that installs a result */
    AZ_IO_NOPS
} az_io_op;
/* From now on, the n-th call (from 1) of kind op made by the writers of
 * this header fails as the system would with EIO; n = 0 disarms op.
 * Process-wide (a testing aid, like SQLite's test controls): arm it only
 * in tests, and not while another thread writes results. */
void az_io_fault(az_io_op op, unsigned long n);
/* 1 if an armed fault has fired since the last az_io_fault call. */
int az_io_fault_fired(void);

/* ---- the writers ---- */

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
 * replications.csv (every metric of every replication, one per row). The
 * files are written to temporaries first and put in place only once all
 * are complete; on error none is left behind and the old set stays. AZ_EIO
 * with the system's reason if the directory or a file cannot be written.
 * Directories created for it may remain after an error. */
az_status az_output_csv(const char *dir, const az_model *m,
                        const az_summary *s, const az_output_meta *meta,
                        az_error *err);

/* A table of the caller's in a CSV set: write(f, ctx) writes the whole of
 * file `name` (a plain file name such as "comparison.csv") to f, which it
 * must not close. Used only during az_output_csv_set. */
typedef struct az_csv_table {
    const char *name;
    void (*write)(FILE *f, void *ctx);
    void *ctx;
} az_csv_table;
enum { AZ_CSV_MAX_EXTRA = 8 };

/* az_output_csv's set plus up to AZ_CSV_MAX_EXTRA tables of the caller's,
 * all replaced together, all or nothing, as az_output_csv describes.
 * s NULL (m and meta unused): only the caller's tables (sweep.csv). A name
 * of the run set's, a name with a '/', or too many tables: AZ_EINVAL, with
 * nothing written. Other failures as az_output_csv. */
az_status az_output_csv_set(const char *dir, const az_model *m,
                            const az_summary *s, const az_output_meta *meta,
                            const az_csv_table *extra, size_t nextra,
                            az_error *err);

/* Writes x as the CSV writers do: the fewest digits (15 to 17) that read
 * back as the same double; nothing (an empty field) if x is not finite. */
void az_csv_number(FILE *f, double x);

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

/* ---- what-ifs: compare, improve and sweep (docs/output-format.md) ---- */

/* The headline figures of a what-if, in this order in the arrays below:
 * throughput per hour, mean lead time (model time unit), WIP (units). */
enum { AZ_WI_THROUGHPUT, AZ_WI_LEAD_TIME, AZ_WI_WIP, AZ_WI_NFIG };

/* A mean and its 95 % confidence interval; NAN where one does not exist
 * (a CI with one replication, a difference of the base to itself). */
typedef struct az_whatif_fig {
    double mean, low, high;
} az_whatif_fig;

/* One run of a what-if: the base, a scenario (compare), a single change
 * (improve) or a grid point (sweep), and how it compares with the base.
 * Plain data: the caller owns every pointer, the writers only read them. */
typedef struct az_whatif_run {
    const char *role;    /* "base", "scenario" or "point" */
    const char *label;   /* as the terminal table shows it */
    const char *changes; /* the model values changed from the base,
                          * "path=value; ..."; NULL: none, or not given as
                          * paths (improve's +1 machine) */
    const char *const *values; /* sweep: the point's value of each
                                * parameter; else NULL */
    const char *bottleneck;    /* sweep: the station most often the
                                * bottleneck; else NULL */
    const az_model *model;     /* what ran; with summary, needed by the
                                * SQLite writer and for the JSON's base */
    const az_summary *summary;
    az_output_meta meta;  /* the run's model file, hash, overrides, time */
    double cost;          /* improve: what the change costs; < 0: unknown */
    int unstable;         /* the line cannot keep up (az_diagnose_unstable) */
    az_whatif_fig fig[AZ_WI_NFIG];  /* the run's own figures */
    az_whatif_fig diff[AZ_WI_NFIG]; /* run - base, paired by replication */
} az_whatif_run;

/* Fills r->fig from s (model m) and, when base is not NULL, r->diff with
 * the paired differences s - base (common random numbers: the same
 * replications). Every CI is at 95 %, as in the JSON of a run. AZ_EINVAL
 * (from az_summary_paired_diff) if the two do not pair; r->diff is then
 * NAN. */
az_status az_whatif_figures(const az_model *m, const az_summary *base,
                            const az_summary *s, az_whatif_run *r,
                            az_error *err);

/* Writes a what-if as one JSON document to path ("-": standard output),
 * replaced atomically. kind is "compare", "improve" or "sweep". With a
 * base (compare, improve): {"kind", "base": the base's results as
 * az_output_json writes them, "scenarios": [{"label", "changes", "cost",
 * "unstable", "throughput_per_hour", "lead_time_mean", "wip", "paired":
 * {the same three as differences}}]}; without (sweep): {"kind",
 * "parameters": [paths], "points": [{"values", "bottleneck", figures}]}.
 * Each figure is {"mean", "ci95": [low, high] or null}. Deterministic:
 * wall times only in the base's "timing". AZ_EIO as az_output_json. */
az_status az_output_whatif_json(const char *path, const char *kind,
                                 const az_whatif_run *base,
                                 const az_whatif_run *runs, size_t n,
                                 const char *const *params, size_t nparam,
                                 az_error *err);

/* Appends a what-if to the results database at path: a row in
 * `comparisons` (kind "compare", "improve" or "sweep"; model_sha256 may
 * be NULL), and each of runs[0..n) appended as az_output_sqlite appends a
 * run (so model and summary must be set) and linked to it in
 * `comparison_runs` with its role, label and paired differences; all in
 * one transaction, so on error nothing is added. n may be 0 (a sweep
 * starts so, then adds its points). *id (may be NULL) gets the new
 * comparison_id; on error it is not written. Failures and migration as
 * az_output_sqlite. */
az_status az_output_sqlite_whatif(const char *path, const char *kind,
                                  const char *model_sha256,
                                  const az_whatif_run *runs, size_t n,
                                  int64_t *id, az_error *err);

/* Appends one more run to comparison id, in a transaction of its own (a
 * sweep point as soon as it is done). AZ_EIO, adding nothing, if the
 * database has no comparison id, and as az_output_sqlite. */
az_status az_output_sqlite_whatif_add(const char *path, int64_t id,
                                      const az_whatif_run *run,
                                      az_error *err);

/* SHA-256 of the bytes of a file (or of a buffer) as 64 lowercase hex
 * digits and a NUL; equal to what `sha256sum FILE` prints. AZ_EIO with the
 * system's reason if the file cannot be read; hex is then unchanged. */
az_status az_sha256_file(const char *path, char hex[65], az_error *err);
void az_sha256_hex(const void *data, size_t len, char hex[65]);

#endif
