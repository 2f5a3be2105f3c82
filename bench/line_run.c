/*
 * line_run.c: one replication of a model file through az_sim alone, for the
 * growth benchmark (bench/compare, item 4). The CLI's run adds a report
 * and JSON output around the engine; this times the engine only.
 *
 * Usage: build/rel/bench/line_run FILE [HORIZON_S] [SEED]
 * HORIZON_S is in the model's time unit (default: the file's run.horizon);
 * the warm-up is the file's. Prints one JSON object: stations, station
 * completions (visits completed, summed over stations, after the warm-up),
 * events, the run's thread CPU and wall seconds, and the process's peak
 * resident memory in KiB (VmHWM of /proc/self/status: getrusage's ru_maxrss
 * would also count the pages of the parent the process was forked from).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "azalea/load.h"
#include "azalea/sim.h"

static double seconds(clockid_t clk)
{
    struct timespec ts;
    clock_gettime(clk, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* Peak resident set of this process image, KiB; -1 if unknown. */
static long peak_rss_kb(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kb = -1;
    if (!f)
        return -1;
    while (fgets(line, sizeof line, f))
        if (strncmp(line, "VmHWM:", 6) == 0) {
            kb = strtol(line + 6, NULL, 10);
            break;
        }
    fclose(f);
    return kb;
}

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 4) {
        fprintf(stderr, "usage: line_run FILE [HORIZON] [SEED]\n");
        return 2;
    }
    az_error err;
    az_model *m = NULL;
    az_experiment_config run;
    az_sim *sim = NULL;
    if (az_model_load_file(argv[1], NULL, &m, &run, &err) ||
        az_sim_create(m, &sim, &err)) {
        fprintf(stderr, "line_run: %s:%d:%d: %s\n", err.file, err.line, err.col,
                err.msg);
        az_model_free(m);
        return 1;
    }
    az_run_config cfg = {run.horizon, run.warmup, run.seed, 0, NULL};
    if (argc > 2)
        cfg.horizon = atof(argv[2]);
    if (argc > 3)
        cfg.seed = strtoull(argv[3], NULL, 10);
    double c0 = seconds(CLOCK_THREAD_CPUTIME_ID), w0 = seconds(CLOCK_MONOTONIC);
    if (az_sim_run(sim, &cfg, &err)) {
        fprintf(stderr, "line_run: %s\n", err.msg);
        az_sim_free(sim);
        az_model_free(m);
        return 1;
    }
    double cpu = seconds(CLOCK_THREAD_CPUTIME_ID) - c0;
    double wall = seconds(CLOCK_MONOTONIC) - w0;
    /* One pass over the layout: a lookup per station would be a linear
     * search each (az_sim_metric_index), quadratic in the model's size. */
    const double *res = az_sim_results(sim);
    double visits = 0, stations = 0;
    for (size_t i = 0; i < az_sim_metric_count(sim); i++) {
        az_metric mt = az_sim_metric(sim, i);
        if (mt.scope == AZ_SCOPE_STATION && mt.kind == AZ_M_VISITS) {
            visits += res[i];
            stations++;
        }
    }
    printf("{\"stations\": %.0f, \"horizon\": %.17g, \"completions\": %.0f, "
           "\"events\": %llu, \"cpu_seconds\": %.6f, \"wall_seconds\": %.6f, "
           "\"maxrss_kb\": %ld}\n",
           stations, cfg.horizon, visits * (cfg.horizon - cfg.warmup),
           (unsigned long long)az_sim_events(sim), cpu, wall, peak_rss_kb());
    az_sim_free(sim);
    az_model_free(m);
    return 0;
}
