/*
 * whatif_impl.h: what compare, improve and sweep (whatif.c,
 * whatif_improve.c, whatif_sweep.c) share: the result being built, the
 * loading of changed models from one source, and the paired run.
 */
#ifndef AZALEA_WHATIF_IMPL_H
#define AZALEA_WHATIF_IMPL_H

#include "azalea/optimize.h"
#include "azalea/whatif.h"

/* What a run owns, beside its az_whatif_run (which only points). */
typedef struct azi_wi_own {
    char *label, *changes, *overrides; /* overrides: the base's and changes */
    char **values;                     /* sweep: one per parameter */
    char *bottleneck;                  /* sweep: the top station's name */
    az_model *model;                   /* NULL for the base (w->model) */
    az_summary *summary;
    /* Paired differences at the run's level (cfg.level), for ranking:
     * throughput per model time unit and mean lead time. */
    double dtp, dtp_half, dlt, dlt_half;
} azi_wi_own;

struct az_whatif {
    const char *kind;
    az_experiment_config cfg;
    az_model *model;         /* the base model, as loaded */
    az_whatif_run base;      /* compare, improve */
    azi_wi_own base_own;
    int has_base;
    az_whatif_run *run;      /* the runs after the base, n of cap */
    azi_wi_own *own;
    size_t n, cap, asked;
    int interrupted;
    char **params;           /* sweep */
    size_t nparam;
    az_opt_eval *evals;      /* optimize: the configurations screened */
    size_t nevals;
    az_opt_info info;        /* optimize: how it went (info.stopped set) */
    az_selection sel;        /* sel.entry: NULL when none was made */
    az_select_entry *sel_entry;
    char sha256[65];
    const char *model_file;  /* the source's path or name (the caller's) */
};

/* A new result: loads the base with the source's own changes, resolves
 * `warmup: auto` on it, hashes the model text. NULL with err set (the
 * loader's status, AZ_EIO for the hash, AZ_ENOMEM). */
az_whatif *azi_wi_new(const char *kind, const az_whatif_source *src,
                      const az_experiment_config *cfg, az_error *err);
/* Loads the base with changes sets[0..n) after the source's own. AZ_OK
 * with *m yours, or the loader's status (problems to src->on_problem). */
az_status azi_wi_load(const az_whatif_source *src, const char *const *sets,
                      size_t n, az_model **m, az_error *err);
/* Room for n runs after the base (w->asked = n), zeroed. AZ_ENOMEM. */
az_status azi_wi_alloc(az_whatif *w, size_t n, az_error *err);
/* Runs model m for slot k (k < 0: the base, m being w->model): fills the
 * run's figures (paired with the base when there is one) and metadata
 * from own[k]'s label and changes, calls opt->on_done, and counts it
 * (w->n). AZ_ESTOPPED, counting nothing, if cfg.stop is set before or
 * during the run. Takes m for a slot: the run keeps it (keep), or it is
 * freed, whatever the outcome. */
az_status azi_wi_measure(az_whatif *w, long slot, az_model *m,
                         const az_whatif_options *opt, int keep,
                         az_error *err);
/* opt->on_start, if any. */
void azi_wi_start(const az_whatif_options *opt, size_t i, size_t n,
                  const char *label);
/* Splits "p=v; q=w" into trimmed parts in s (changed in place), at most
 * max; returns how many. */
size_t azi_wi_split(char *s, const char **part, size_t max);
/* "a; b" of two lists of changes, either may be NULL or empty; yours (NULL
 * if both are empty). *ok = 0 when out of memory. */
char *azi_wi_join(const char *a, const char *b, int *ok);
/* The source's own changes as "p=v; q=w", or NULL; *ok as azi_wi_join. */
char *azi_wi_base_changes(const az_whatif_source *src, int *ok);
/* A run's label, its changes (NULL or "": none) and its overrides (the
 * source's and the changes) into o, copied. AZ_ENOMEM. */
az_status azi_wi_describe(azi_wi_own *o, const az_whatif_source *src,
                          const char *label, const char *changes,
                          az_error *err);

#endif
