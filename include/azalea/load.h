/*
 * load.h: reading a model file (YAML, see docs/model-format.md).
 *
 * The loader reports every problem it finds, not just the first, each with
 * file, line and column (1-based) and what was expected. Overrides
 * ("path=value", as the CLI's --set) are applied to the document before it
 * is checked, so an override is checked exactly like the file itself.
 */
#ifndef AZALEA_LOAD_H
#define AZALEA_LOAD_H

#include <stddef.h>

#include "azalea/error.h"
#include "azalea/experiment.h"
#include "azalea/model.h"

/* Called once per problem found, in file order where possible. `problem`
 * is only valid during the call. */
typedef void (*az_problem_fn)(void *ctx, const az_error *problem);

typedef struct az_load_options {
    const char *const *overrides; /* "path=value" strings, may be NULL */
    size_t noverrides;
    az_problem_fn on_problem;     /* may be NULL */
    void *ctx;
} az_load_options;

/* Loads a model file. On AZ_OK *out is yours (free it with az_model_free)
 * and *run holds the file's run settings (defaults where the file is
 * silent). On error *out is NULL, nothing leaks, err holds the first
 * problem and on_problem has been called for each one; the status is
 * AZ_EBADMODEL for a bad model, AZ_EIO if the file cannot be read,
 * AZ_ENOMEM. opt may be NULL. */
az_status az_model_load_file(const char *path, const az_load_options *opt,
                             az_model **out, az_experiment_config *run,
                             az_error *err);

/* The same from a buffer of len bytes; `name` is used as the file name in
 * messages. */
az_status az_model_load_string(const char *text, size_t len, const char *name,
                               const az_load_options *opt, az_model **out,
                               az_experiment_config *run, az_error *err);

/* Parses a duration such as "2.5 min" into seconds. AZ_EINVAL, with a
 * message, for a missing or unknown unit or a negative value. */
az_status az_parse_duration(const char *text, double *seconds, az_error *err);

#endif
