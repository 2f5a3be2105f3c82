/*
 * experiment_fixture.h: what the experiment tests share (test_experiment.c,
 * test_exp_block.c): a short run's configuration and the check that two
 * summaries agree bit for bit. Include after <cmocka.h>.
 */
#ifndef AZALEA_TEST_EXPERIMENT_FIXTURE_H
#define AZALEA_TEST_EXPERIMENT_FIXTURE_H

#include <stdint.h>

#include "azalea/experiment.h"

#define EX_UNUSED __attribute__((unused))

/* reps replications of 2000 time units after a warm-up of 100, seed 5. */
EX_UNUSED static az_experiment_config ex_config(uint32_t reps,
                                                unsigned threads)
{
    az_experiment_config c = az_experiment_defaults();
    c.replications = reps;
    c.horizon = 2000;
    c.warmup = 100;
    c.seed = 5;
    c.threads = threads;
    return c;
}

/* a and b agree bit for bit: the metrics, every mean and half-width (95 %
 * and 90 %), every replication's value, and the events. */
EX_UNUSED static void ex_assert_same(const az_summary *a, const az_summary *b)
{
    size_t n = az_summary_metric_count(a);
    uint32_t reps = az_summary_replications(a);
    assert_int_equal(n, az_summary_metric_count(b));
    assert_int_equal(reps, az_summary_replications(b));
    for (size_t i = 0; i < n; i++) {
        az_metric x = az_summary_metric(a, i), y = az_summary_metric(b, i);
        assert_memory_equal(&x, &y, sizeof x);
        double u[3] = {az_summary_mean(a, i), az_summary_halfwidth(a, i),
                       az_summary_halfwidth_at(a, i, 0.9)};
        double v[3] = {az_summary_mean(b, i), az_summary_halfwidth(b, i),
                       az_summary_halfwidth_at(b, i, 0.9)};
        assert_memory_equal(u, v, sizeof u);
        for (uint32_t r = 0; r < reps; r++) {
            double p = az_summary_value(a, r, i), q = az_summary_value(b, r, i);
            assert_memory_equal(&p, &q, sizeof p);
        }
    }
    assert_int_equal(az_summary_events(a), az_summary_events(b));
}

#endif
