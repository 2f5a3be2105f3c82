/*
 * experiment_impl.h: the summary's record, shared by experiment.c (running
 * and reducing replications) and experiment_precise.c (the runs that choose
 * their own warm-up and number of replications). Library modules only.
 */
#ifndef AZALEA_EXPERIMENT_IMPL_H
#define AZALEA_EXPERIMENT_IMPL_H

#include "azalea/experiment.h"

/* A sim of m for the runs of c: created, and set to start from c's
 * initial state if it has one. az_sim_create's errors; *out NULL then. */
az_status azi_experiment_sim(const az_model *m,
                             const az_experiment_config *c, az_sim **out,
                             az_error *err);

/* A replication left out (keep_going). */
typedef struct azi_exp_failure {
    uint32_t rep;
    char msg[AZ_ERROR_MSG_MAX];
} azi_exp_failure;

struct az_summary {
    az_experiment_config cfg;
    size_t nmetric;
    az_metric *layout;
    double *values; /* [replication][metric] */
    double *mean, *half;
    uint64_t events;
    az_warmup_result warm; /* when cfg.warmup_auto */
    int sequential, reached;
    az_precision precision;
    uint32_t *rep_id;   /* [row]: the replication behind it */
    uint32_t asked;     /* replications asked for (interrupted) */
    int interrupted;
    uint32_t nfail;     /* keep_going: replications left out */
    azi_exp_failure *fail;
};

#endif
