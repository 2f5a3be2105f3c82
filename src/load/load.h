/*
 * load.h: the loader's top (load.c, prefix azi_model_load), for the public
 * entry points of azalea/load.h and for tests and the fuzzer, which serve
 * plan files from memory.
 */
#ifndef AZALEA_LOAD_LOAD_H
#define AZALEA_LOAD_LOAD_H

#include "load/doc.h" /* azi_load_reader */

/* The whole of a loader's work: az_model_load_string, with the files the
 * model names (plans) relative to dir (NULL: the current directory) and
 * read by `reader` (NULL: from the file system). */
az_status azi_model_load(const char *text, size_t len, const char *name,
                         const char *dir, azi_load_reader reader,
                         void *reader_ctx, const az_load_options *opt,
                         az_model **out, az_experiment_config *run,
                         az_error *err);
/* The model file's type (doc.h): its keys, read by load_tree, and below
 * them every section's, for the schema (schema.c). */
extern const azi_load_type azi_model_load_type;
/* The default reader: the file system, at most the loader's file size. */
char *azi_model_load_read_file(void *ctx, const char *path, size_t *len,
                               int *too_big);

#endif
