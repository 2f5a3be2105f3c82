/*
 * mm1.c: M/M/1 at rho = 0.9 through the full engine (model, sim, calendar,
 * random streams, statistics), 1e7 customers by default.
 *
 * Usage: build/rel/bench/mm1 [customers] [replications]
 * Prints customers/s and events/s of the best replication (the machine's
 * noise only ever slows a run down) and the mean over all.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "azalea/sim.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    double customers = argc > 1 ? atof(argv[1]) : 1e7;
    int reps = argc > 2 ? atoi(argv[2]) : 3;
    const double lambda = 0.9, mu = 1.0;
    az_error err;
    az_model *m;
    az_dist ia, svc;
    uint32_t st = 0, p = 0, src = 0;
    if (az_model_create("mm1", &m, &err) || az_dist_exponential(&ia, 1 / lambda, &err) ||
        az_dist_exponential(&svc, 1 / mu, &err) ||
        az_model_add_station(m, "server", 1, &svc, &st, &err) ||
        az_model_add_product(m, "customer", &p, &err) ||
        az_model_add_step(m, p, st, NULL, &err) ||
        az_model_add_source(m, "arrivals", &ia, &src, &err) ||
        az_model_source_add_product(m, src, p, 1, &err)) {
        fprintf(stderr, "mm1: %s\n", err.msg);
        return 1;
    }
    az_sim *sim;
    if (az_sim_create(m, &sim, &err)) {
        fprintf(stderr, "mm1: %s\n", err.msg);
        return 1;
    }
    size_t iW = az_sim_metric_index(sim, AZ_SCOPE_SYSTEM, 0, AZ_M_LEAD_MEAN);
    size_t iN = az_sim_metric_index(sim, AZ_SCOPE_SYSTEM, 0, AZ_M_COMPLETED);
    double best = 0, sum = 0, best_ev = 0;
    printf("M/M/1 rho=0.9, %.3g customers per replication\n", customers);
    for (int r = 0; r < reps; r++) {
        az_run_config cfg = {customers / lambda, 0, 42, (uint64_t)r, NULL};
        double t0 = now_s();
        if (az_sim_run(sim, &cfg, &err)) {
            fprintf(stderr, "mm1: %s\n", err.msg);
            return 1;
        }
        double dt = now_s() - t0;
        double n = az_sim_results(sim)[iN];
        double cps = n / dt, eps = az_sim_events(sim) / dt;
        printf("rep %d: %.0f customers in %.3f s: %.2f M customers/s, "
               "%.2f M events/s, W = %.3f (theory 10)\n",
               r, n, dt, cps / 1e6, eps / 1e6, az_sim_results(sim)[iW]);
        sum += cps;
        if (cps > best) {
            best = cps;
            best_ev = eps;
        }
    }
    printf("best: %.2f M customers/s (%.2f M events/s); mean %.2f M customers/s\n",
           best / 1e6, best_ev / 1e6, sum / reps / 1e6);
    az_sim_free(sim);
    az_model_free(m);
    return 0;
}
