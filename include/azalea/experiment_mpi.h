/*
 * experiment_mpi.h: an experiment's replications spread over the ranks of
 * an MPI communicator. Built only with MPI (make MPI=1; src/experiment_mpi.c);
 * MPI_Init and MPI_Finalize are the program's.
 *
 * Rank r of P runs the block of replications [N r / P, N (r + 1) / P) on
 * cfg->threads threads; rank 0 gathers the rows in replication order and
 * alone gets the summary, bit-identical to az_experiment_run's.
 */
#ifndef AZALEA_EXPERIMENT_MPI_H
#define AZALEA_EXPERIMENT_MPI_H

#include <mpi.h>

#include "azalea/experiment.h"

/* Collective: every rank of comm calls it with the same model and cfg
 * (with warmup_auto, each rank runs the same pilots and so picks the same
 * warm-up). On AZ_OK rank 0's *out is the summary (yours; az_summary_free)
 * and the other ranks' *out is NULL. If any rank fails, every rank returns
 * the status of the lowest failing rank, and err holds its message after
 * "rank R: "; *out is NULL everywhere and nothing leaks. AZ_EINVAL for
 * more than INT_MAX replications (MPI counts are ints); AZ_ERUNTIME ("MPI:
 * ...") if an MPI call fails; otherwise the failures of az_experiment_run
 * (the replications ignore cfg->stop and keep_going). */
az_status az_experiment_run_mpi(const az_model *m,
                                const az_experiment_config *cfg, MPI_Comm comm,
                                az_summary **out, az_error *err);

#endif
