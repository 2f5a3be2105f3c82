/*
 * csv.h: tables a model file names, read with located problems (csv.c,
 * prefix azi_csv_). Beside value.h: above the document layers (doc.h),
 * below the sections that read a table (plan.c, orders.c).
 */
#ifndef AZALEA_LOAD_CSV_H
#define AZALEA_LOAD_CSV_H

#include "load/value.h"

typedef struct azi_csv azi_csv;

/* What a table is. Its header is column[0..nreq) and then, optionally,
 * column[nreq..ncol) in that order; every data row has the header's
 * columns. */
typedef struct azi_csv_spec {
    const char *a_what, *the_what; /* "a plan", "the plan" */
    const char *desc;    /* "a CSV production plan": what the file is */
    const char *rows;    /* "a line per day and product": what rows are */
    const char *const *column;
    size_t nreq, ncol;
    /* Whether a first field is data, not a header's (NULL: never): the
     * header is then reported missing once. */
    int (*is_data)(const char *f);
    /* Field k of a data row (k below the header's columns), its text f
     * NUL-terminated; reports its problems with azi_csv_problem. */
    void (*field)(azi_csv *c, void *ctx, azi_load_loc at, const char *f,
                  size_t len, size_t k);
    /* A data row ended; complete: it had all the header's columns. */
    void (*row)(azi_csv *c, void *ctx, int complete);
} azi_csv_spec;

/* Reads the table file v names (relative to the model's directory) with
 * spec's callbacks and ctx. Returns 1 when it was read with no problem, -1
 * when read with problems (its rows were all seen), 0 when it could not
 * be read as a table of rows (all reported; L->oom when out of memory).
 * *head (may be NULL) gets where its first row starts. */
int azi_csv_read(azi_load *L, const azi_load_node *v,
                 const azi_csv_spec *spec, void *ctx, azi_load_loc *head);

/* Reports a problem at `at` and marks the table as not valid. */
void azi_csv_problem(azi_csv *c, azi_load_loc at, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* An integer >= 0 of column k into *out; 0 after reporting. */
int azi_csv_count(azi_csv *c, azi_load_loc at, const char *f, size_t len,
                  size_t k, uint32_t *out);
/* "'x'" or "nothing", for "got ...". */
const char *azi_csv_shown(const char *f, size_t len, char *buf, size_t size);
/* A name in a table as a node of the model file's kind, so that names.c
 * resolves it and locates its problems (text NULL: out of memory). */
azi_load_node azi_csv_name_node(azi_csv *c, azi_load_loc at, const char *f,
                                size_t len);
/* The header's text, "day,product,quantity". */
const char *azi_csv_header(const azi_csv *c);
azi_load *azi_csv_load(const azi_csv *c);

#endif
