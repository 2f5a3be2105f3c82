/*
 * test_release_queue.c: what a release does when its first station is
 * full (issue 16, part 5), against queueing theory.
 *
 * Poisson arrivals at 0.5 a second, one machine with exponential times
 * of mean 1 s (rho = 0.5), a buffer of 2.
 * - blocked: queue. Arrivals never stop: the queue in front of the line
 *   and the buffer together are M/M/1's unlimited queue, and the queue
 *   counts in the WIP: L = rho / (1 - rho) = 1 and W = 1 / (mu - lambda)
 *   = 2 s, throughput 0.5 a second.
 * - blocked: hold (the default). The held arrival is a fourth place (the
 *   machine, two in the buffer, one held), and arrivals pause while it is
 *   held, which for Poisson arrivals is as if they were lost: M/M/1/4,
 *   throughput lambda (1 - P4), P4 = rho^4 (1 - rho) / (1 - rho^5),
 *   0.5 x (1 - 1/31) = 0.483871 a second.
 * Each: 20 replications, the exact value inside the 99 % CI, 5 % off
 * rejected.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "validation_fixture.h"

static az_summary *run(const char *blocked, az_model **m)
{
    char text[1024];
    snprintf(text, sizeof text,
             "name: queue\ntime_unit: s\n"
             "run: {horizon: 10 d, warmup: 1 h, replications: 20, seed: 4}\n"
             "products: [{name: a}]\n"
             "release: {interarrival: {exponential: {mean: 2 s}}, "
             "blocked: %s}\n"
             "stations:\n  m: {process: {exponential: {mean: 1 s}}}\n"
             "buffers: {in: {to: m, capacity: 2}}\n"
             "routes: {default: [m]}\n",
             blocked);
    return vx_run(text, "queue.yaml", m);
}

static void test_queue_is_mm1(void **state)
{
    (void)state;
    az_model *m;
    az_summary *s = run("queue", &m);
    vx_inside(s, AZ_SCOPE_SYSTEM, 0, AZ_M_WIP, 1.0, "WIP (M/M/1 L)");
    vx_inside(s, AZ_SCOPE_SYSTEM, 0, AZ_M_LEAD_MEAN, 2.0,
              "lead time (M/M/1 W)");
    vx_inside(s, AZ_SCOPE_SYSTEM, 0, AZ_M_THROUGHPUT, 0.5, "throughput");
    az_summary_free(s);
    az_model_free(m);
}

static void test_hold_is_mm1k(void **state)
{
    (void)state;
    az_model *m;
    az_summary *s = run("hold", &m);
    double p4 = pow(0.5, 4) * 0.5 / (1 - pow(0.5, 5));
    vx_inside(s, AZ_SCOPE_SYSTEM, 0, AZ_M_THROUGHPUT, 0.5 * (1 - p4),
              "throughput (M/M/1/4)");
    az_summary_free(s);
    az_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_queue_is_mm1),
        cmocka_unit_test(test_hold_is_mm1k),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
