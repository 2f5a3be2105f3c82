/*
 * mpi.c: azalea under mpirun (built only with MPI: make MPI=1).
 *
 * Every rank parses the same command line and loads the same model; `run`
 * spreads its replications over the ranks (az_experiment_run_mpi) and rank 0
 * alone prints and writes files. The other ranks' stdout and stderr go to
 * /dev/null: what goes wrong on them is agreed on and said once, by rank 0.
 * Started without mpirun (one rank), azalea behaves as the plain build.
 */
#include <stdio.h>
#include <string.h>

#include <mpi.h>

#include "azalea/experiment_mpi.h"
#include "cli.h"

int cli_mpi_main(int argc, char **argv, int (*dispatch)(int, char **))
{
    if (MPI_Init(&argc, &argv) != MPI_SUCCESS) {
        fprintf(stderr, "azalea: MPI could not start\n");
        return EXIT_RUNTIME;
    }
    int rank = 0, size = 1, code;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    if (size == 1) {
        code = dispatch(argc, argv);
    } else {
        if (rank != 0 && (!freopen("/dev/null", "w", stdout) ||
                          !freopen("/dev/null", "w", stderr)))
            MPI_Abort(MPI_COMM_WORLD, EXIT_RUNTIME);
        const char *cmd = argc > 1 ? argv[1] : "";
        if (!strcmp(cmd, "compare") || !strcmp(cmd, "improve") ||
            !strcmp(cmd, "sweep")) {
            fprintf(stderr, "azalea: '%s' runs on one machine; start it "
                    "without mpirun (only 'run' spreads over MPI ranks)\n",
                    cmd);
            code = EXIT_USAGE;
        } else {
            code = dispatch(argc, argv);
        }
        /* Every rank exits as rank 0 does (e.g. its --json failed). */
        MPI_Bcast(&code, 1, MPI_INT, 0, MPI_COMM_WORLD);
    }
    MPI_Finalize();
    return code;
}

int cli_ranks_agree(int code)
{
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    if (size == 1)
        return code;
    int me = code ? rank : size, bad = size;
    MPI_Allreduce(&me, &bad, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    if (bad == size)
        return 0;
    MPI_Bcast(&code, 1, MPI_INT, bad, MPI_COMM_WORLD);
    /* Rank 0 said what was wrong if it failed itself; a rank alone failing
     * is almost always a file missing on its machine. */
    if (rank == 0 && bad != 0)
        fprintf(stderr, "azalea: rank %d of %d could not open the model or "
                "its options (exit %d); every machine needs the model file, "
                "and any plan it names, at the same path\n", bad, size, code);
    return code;
}

az_status cli_experiment_run(const az_model *m, const az_experiment_config *cfg,
                             az_summary **out, az_error *err)
{
    int size = 1;
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    if (size == 1)
        return az_experiment_run(m, cfg, out, err);
    return az_experiment_run_mpi(m, cfg, MPI_COMM_WORLD, out, err);
}

int cli_rank(void)
{
    int rank = 0;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    return rank;
}

int cli_ranks(void)
{
    int size = 1;
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    return size;
}
