/*
 * experiment_mpi.c: replications on MPI ranks (built only with MPI).
 *
 * Each rank runs one contiguous block with az_experiment_run_block, so
 * replication r uses the streams (seed, r, ...) wherever it runs; rank 0
 * gathers the rows into the full replications x metrics matrix and reduces
 * it with az_summary_from_values, in replication order as the threaded run
 * does. Failures are agreed on before anything is gathered, so no rank is
 * left waiting in a collective another has skipped.
 */
#include "azalea/experiment_mpi.h"
#include "util/alloc.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static az_status mpi_error(int mrc, az_error *err)
{
    char text[MPI_MAX_ERROR_STRING];
    int len = 0;
    if (MPI_Error_string(mrc, text, &len) != MPI_SUCCESS)
        snprintf(text, sizeof text, "error %d", mrc);
    return az_error_set(err, AZ_ERUNTIME, "MPI: %s", text);
}

/* Collective: AZ_OK if rc is AZ_OK on every rank; otherwise the lowest
 * failing rank's status and message (from mine on that rank), on every
 * rank. */
static az_status agree(az_status rc, const az_error *mine, int rank, int size,
                       MPI_Comm comm, az_error *err)
{
    int me = rc ? rank : size, bad = size;
    int mrc = MPI_Allreduce(&me, &bad, 1, MPI_INT, MPI_MIN, comm);
    if (mrc != MPI_SUCCESS)
        return mpi_error(mrc, err);
    if (bad == size)
        return AZ_OK;
    struct {
        int code;
        char msg[AZ_ERROR_MSG_MAX];
    } what = {(int)rc, ""};
    if (rank == bad)
        snprintf(what.msg, sizeof what.msg, "%s", mine->msg);
    if ((mrc = MPI_Bcast(&what.code, 1, MPI_INT, bad, comm)) != MPI_SUCCESS ||
        (mrc = MPI_Bcast(what.msg, AZ_ERROR_MSG_MAX, MPI_CHAR, bad, comm)) !=
            MPI_SUCCESS)
        return mpi_error(mrc, err);
    what.msg[AZ_ERROR_MSG_MAX - 1] = '\0';
    return az_error_set(err, (az_status)what.code, "rank %d: %.490s", bad,
                        what.msg);
}

/* Rank r's block: [n r / p, n (r + 1) / p). */
static int block_first(uint32_t n, int r, int p)
{
    return (int)((uint64_t)n * (uint64_t)r / (uint64_t)p);
}

az_status az_experiment_run_mpi(const az_model *m,
                                const az_experiment_config *cfg, MPI_Comm comm,
                                az_summary **out, az_error *err)
{
    *out = NULL;
    int rank = 0, size = 1, mrc;
    if ((mrc = MPI_Comm_rank(comm, &rank)) != MPI_SUCCESS ||
        (mrc = MPI_Comm_size(comm, &size)) != MPI_SUCCESS)
        return mpi_error(mrc, err);
    if (cfg->replications > INT_MAX) /* the same on every rank */
        return az_error_set(err, AZ_EINVAL,
                            "more than %d replications cannot be gathered "
                            "over MPI", INT_MAX);
    uint32_t n = cfg->replications;
    int first = block_first(n, rank, size);
    int count = block_first(n, rank + 1, size) - first;

    /* Everything that can fail locally comes before the agreement: the
     * rank's own rows, and on rank 0 the whole matrix and the layout of
     * the gather. */
    az_error mine;
    az_error_clear(&mine);
    size_t nmetric = 0;
    double *rows = NULL, *all = NULL;
    int *counts = NULL, *firsts = NULL;
    uint64_t events = 0, total = 0;
    az_experiment_config c = *cfg;
    az_warmup_result wr = {0};
    az_status rc = AZ_OK;
    if (c.warmup_auto) { /* every rank runs the same pilots: the same cut */
        c.warmup = 0;
        rc = az_experiment_warmup(m, &c, &wr, &mine);
        c.warmup = wr.warmup;
    }
    if (!rc)
        rc = az_experiment_metric_count(m, &nmetric, &mine);
    if (!rc && nmetric > INT_MAX)
        rc = az_error_set(&mine, AZ_EINVAL, "too many metrics for MPI");
    if (!rc) {
        rows = azi_malloc(((size_t)count * nmetric + 1) * sizeof *rows);
        if (rank == 0) {
            all = azi_malloc(((size_t)n * nmetric + 1) * sizeof *all);
            counts = azi_malloc((size_t)size * sizeof *counts);
            firsts = azi_malloc((size_t)size * sizeof *firsts);
        }
        if (!rows || (rank == 0 && (!all || !counts || !firsts)))
            rc = az_error_set(&mine, AZ_ENOMEM, "out of memory");
    }
    if (!rc)
        rc = az_experiment_run_block(m, &c, (uint32_t)first, (uint32_t)count,
                                     rows, &events, &mine);
    if ((rc = agree(rc, &mine, rank, size, comm, err)))
        goto done;

    /* One MPI element is one replication's row, so counts stay small. */
    MPI_Datatype row;
    if ((mrc = MPI_Type_contiguous((int)nmetric, MPI_DOUBLE, &row)) !=
        MPI_SUCCESS) {
        rc = mpi_error(mrc, err);
        goto done;
    }
    if ((mrc = MPI_Type_commit(&row)) == MPI_SUCCESS) {
        if (rank == 0)
            for (int r = 0; r < size; r++) {
                firsts[r] = block_first(n, r, size);
                counts[r] = block_first(n, r + 1, size) - firsts[r];
            }
        mrc = MPI_Gatherv(rows, count, row, all, counts, firsts, row, 0, comm);
        if (mrc == MPI_SUCCESS)
            mrc = MPI_Reduce(&events, &total, 1, MPI_UINT64_T, MPI_SUM, 0,
                             comm);
    }
    MPI_Type_free(&row);
    if (mrc != MPI_SUCCESS) {
        rc = mpi_error(mrc, err);
        goto done;
    }
    if (rank == 0)
        rc = az_summary_from_values(m, &c, c.warmup_auto ? &wr : NULL, all,
                                    total, out, &mine);
    /* Rank 0 alone could fail here (out of memory); every rank hears it. */
    if ((rc = agree(rc, &mine, rank, size, comm, err))) {
        az_summary_free(*out);
        *out = NULL;
    }
done:
    free(rows);
    free(all);
    free(counts);
    free(firsts);
    return rc;
}
