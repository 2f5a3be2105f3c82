/*
 * load.h: reading a model file (YAML, see docs/model-format.md).
 *
 * The loader reports every problem it finds, not just the first, each with
 * file, line and column (1-based, columns in characters) and what was
 * expected. Overrides ("path=value", as the CLI's --set) are applied to the
 * document before it is checked, so an override is checked exactly like
 * the file itself; a problem located in an override has the file "--set",
 * line 0, the column in that override string, and a message starting
 * "--set PATH: ". Problems come in that order: overrides first (in the
 * order given), then the file in reading order.
 *
 * Nothing here keeps global state: loads may run in parallel threads.
 */
#ifndef AZALEA_LOAD_H
#define AZALEA_LOAD_H

#include <stddef.h>

#include "azalea/error.h"
#include "azalea/experiment.h"
#include "azalea/model.h"

/* Called once per problem found, in the order above, for the first
 * AZ_LOAD_MAX_PROBLEMS; if there are more, once more with no place (file
 * "", line and column 0) and the message "N more problems not listed (M in
 * all)", so a 100000-row bad plan is not 200000 lines. `problem` is only
 * valid during the call. */
typedef void (*az_problem_fn)(void *ctx, const az_error *problem);
#define AZ_LOAD_MAX_PROBLEMS 100

typedef struct az_load_options {
    const char *const *overrides; /* "path=value" strings, may be NULL */
    size_t noverrides;
    az_problem_fn on_problem;     /* may be NULL */
    void *ctx;
    /* Called once per warning, with the same ctx, only for a model that
     * loads: something that runs but is probably not meant (a station no
     * route visits, a pool no station uses). code is AZ_OK. May be NULL. */
    az_problem_fn on_warning;
} az_load_options;

/* Loads a model file. On AZ_OK *out is yours (free it with az_model_free)
 * and *run holds the file's run settings in model time units (defaults
 * where the file is silent; threads 1). On error *out is NULL, *run holds
 * the defaults of az_experiment_defaults (threads 1), nothing leaks, err
 * holds the first problem and on_problem has been called for each one; the
 * status is AZ_EBADMODEL for a bad model, AZ_EIO if the file cannot be read
 * (or is larger than 64 MiB), AZ_ENOMEM (err then says so), AZ_EINVAL if
 * path or out is NULL. opt and run may be NULL. */
az_status az_model_load_file(const char *path, const az_load_options *opt,
                             az_model **out, az_experiment_config *run,
                             az_error *err);

/* The same from a buffer of len bytes (no terminating NUL needed); `name`
 * (or "<string>" if NULL) is used as the file name in messages. The
 * caller keeps text. AZ_EINVAL if out is NULL, or text is NULL with
 * len > 0. */
az_status az_model_load_string(const char *text, size_t len, const char *name,
                               const az_load_options *opt, az_model **out,
                               az_experiment_config *run, az_error *err);

/* Parses a duration such as "2.5 min" or "18s" into seconds. Units: ms, s,
 * min, h, d, week, year (365 d). AZ_EINVAL, with a message quoting text,
 * for a missing or unknown unit, a negative value or one too large to be
 * finite; *seconds is then unchanged. seconds may be NULL (a check only). */
az_status az_parse_duration(const char *text, double *seconds, az_error *err);

/* The JSON Schema (draft-07) of the model file, as text ending in a
 * newline: every key, its type, range, words, default and meaning, made
 * from the loader's own tables (docs/azalea-model.schema.json is its
 * output). On AZ_OK *json is yours: free it with free(). On failure
 * *json is NULL: AZ_ENOMEM, or AZ_EINVAL if json is NULL. */
az_status az_model_schema(char **json, az_error *err);

#endif
