/*
 * results.c: `azalea run`'s result files besides the JSON: --csv DIR and
 * --db FILE (docs/output-format.md).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "azalea/output.h"
#include "cli.h"
#include "examples.h"

/* The text the model came from: the file, or the built-in example. */
static void hash_model(const options *o, cli_results *r)
{
    az_error err;
    if (o->file) {
        if (az_sha256_file(o->file, r->sha256, &err) == AZ_OK)
            r->hashed = 1;
        else /* it was read a moment ago; say so, but keep the run */
            fprintf(stderr, "azalea: warning: %s\n", err.msg);
        return;
    }
    const struct az_cli_example *ex = az_cli_examples;
    while (o->example && ex->name && strcmp(ex->name, o->example))
        ex++;
    if (ex->name) {
        az_sha256_hex(ex->text, ex->len, r->sha256);
        r->hashed = 1;
    }
}

int cli_check_output_table(const char *opt, const char *path)
{
    /* The what-ifs print their table on standard output, as they go. */
    if (path && !strcmp(path, "-")) {
        fprintf(stderr, "azalea: %s - would mix the file with the table on "
                "standard output; give a file (only run takes '-')\n", opt);
        return EXIT_USAGE;
    }
    return cli_check_output(path, AZ_OUT_FILE);
}

int cli_check_output(const char *path, az_output_kind kind)
{
    az_error err;
    if (path && az_output_check(path, kind, &err)) {
        fprintf(stderr, "azalea: %s\n", err.msg);
        return EXIT_USAGE;
    }
    return 0;
}

int cli_results_prepare(const options *o, cli_results *r)
{
    memset(r, 0, sizeof *r);
    if (!o->csv && !o->db)
        return 0;
    az_error err;
    /* Refused now rather than after the whole run. */
    if (cli_check_output(o->csv, AZ_OUT_DIR))
        return EXIT_USAGE;
    if (o->db && az_output_sqlite_check(o->db, &err)) {
        fprintf(stderr, "azalea: %s\n", err.msg);
        return EXIT_USAGE;
    }
    /* Hashed before the run, so an edit during it is not attributed to
     * results of the old text. */
    hash_model(o, r);
    size_t len = 0;
    for (size_t i = 0; i < o->nset; i++)
        len += strlen(o->sets[i]) + 2;
    if (len) {
        if (!(r->overrides = malloc(len + 1))) {
            fprintf(stderr, "azalea: out of memory\n");
            return EXIT_RUNTIME;
        }
        r->overrides[0] = '\0';
        for (size_t i = 0; i < o->nset; i++) {
            if (i)
                strcat(r->overrides, "; ");
            strcat(r->overrides, o->sets[i]);
        }
    }
    return 0;
}

int cli_results_write(const options *o, const cli_results *r,
                      const az_model *m, const az_summary *s,
                      az_output_meta meta)
{
    az_error err;
    int code = 0;
    meta.model_sha256 = r->hashed ? r->sha256 : NULL;
    meta.overrides = r->overrides;
    if (o->csv && az_output_csv(o->csv, m, s, &meta, &err)) {
        fprintf(stderr, "azalea: %s\n", err.msg);
        code = EXIT_RUNTIME;
    }
    if (o->db && az_output_sqlite(o->db, m, s, &meta, &err)) {
        fprintf(stderr, "azalea: %s\n", err.msg);
        code = EXIT_RUNTIME;
    }
    return code;
}

void cli_results_free(cli_results *r)
{
    free(r->overrides);
    r->overrides = NULL;
}
