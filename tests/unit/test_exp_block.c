/*
 * test_exp_block.c: running an experiment in blocks of replications and
 * combining the rows (what each MPI rank and rank 0 do) gives exactly
 * az_experiment_run's summary; bad blocks and failing replications are
 * reported.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "azalea/experiment.h"
#include "experiment_fixture.h"

/* Source -> a -> b, where b sends a share `back` of units to a again. With
 * no buffers (cap 0) such a loop can deadlock. */
static az_model *loop(double back, uint32_t cap)
{
    az_model *m;
    az_dist ia, t;
    uint32_t a, b, p, s0, s1, src;
    assert_int_equal(az_model_create("loop", &m, NULL), AZ_OK);
    assert_int_equal(az_dist_exponential(&ia, 5, NULL), AZ_OK);
    assert_int_equal(az_dist_exponential(&t, 2, NULL), AZ_OK);
    assert_int_equal(az_model_add_station(m, "a", 2, &t, &a, NULL), AZ_OK);
    assert_int_equal(az_model_add_station(m, "b", 1, &t, &b, NULL), AZ_OK);
    assert_int_equal(az_model_set_buffer(m, a, cap, NULL), AZ_OK);
    assert_int_equal(az_model_set_buffer(m, b, cap, NULL), AZ_OK);
    assert_int_equal(az_model_add_product(m, "p", &p, NULL), AZ_OK);
    assert_int_equal(az_model_add_step(m, p, a, &s0, NULL), AZ_OK);
    assert_int_equal(az_model_add_step(m, p, b, &s1, NULL), AZ_OK);
    assert_int_equal(az_model_add_branch(m, p, s1, s0, back, NULL), AZ_OK);
    assert_int_equal(az_model_add_branch(m, p, s1, AZ_EXIT, 1 - back, NULL),
                     AZ_OK);
    assert_int_equal(az_model_add_source(m, "in", &ia, &src, NULL), AZ_OK);
    assert_int_equal(az_model_source_add_product(m, src, p, 1, NULL), AZ_OK);
    return m;
}

/* 7 replications as blocks 0-2 (2 threads), 3-4, 5-6 (1 thread) and an
 * empty one, like 3 ranks and an idle fourth. */
static void test_blocks_give_the_summary(void **state)
{
    (void)state;
    az_model *m = loop(0.2, AZ_UNLIMITED);
    az_experiment_config cfg = ex_config(7, 3);
    az_summary *whole = NULL, *parts = NULL;
    az_error err;
    assert_int_equal(az_experiment_run(m, &cfg, &whole, &err), AZ_OK);
    size_t n = 0;
    assert_int_equal(az_experiment_metric_count(m, &n, &err), AZ_OK);
    assert_int_equal(n, az_summary_metric_count(whole));
    double *rows = malloc(7 * n * sizeof *rows);
    assert_non_null(rows);
    const uint32_t first[] = {0, 3, 5, 7}, count[] = {3, 2, 2, 0};
    const unsigned threads[] = {2, 1, 1, 4};
    uint64_t total = 0;
    for (int b = 0; b < 4; b++) {
        az_experiment_config c = cfg;
        c.threads = threads[b];
        uint64_t ev = 99;
        assert_int_equal(az_experiment_run_block(m, &c, first[b], count[b],
                                                 rows + first[b] * n, &ev,
                                                 &err),
                         AZ_OK);
        assert_true(count[b] ? ev > 0 : ev == 0);
        total += ev;
    }
    assert_int_equal(
        az_summary_from_values(m, &cfg, NULL, rows, total, &parts, &err),
        AZ_OK);
    free(rows); /* the summary keeps its own copy */
    ex_assert_same(whole, parts);
    az_summary_free(whole);
    az_summary_free(parts);
    az_model_free(m);
}

static void test_bad_blocks(void **state)
{
    (void)state;
    az_model *m = loop(0.2, AZ_UNLIMITED);
    az_experiment_config cfg = ex_config(4, 1);
    double rows[1];
    uint64_t ev = 7;
    az_error err;
    assert_int_equal(az_experiment_run_block(m, &cfg, 3, 2, rows, &ev, &err),
                     AZ_EINVAL);
    assert_string_equal(err.msg, "block of 2 replications from 3 is not "
                                 "within the experiment's 4");
    assert_int_equal(ev, 0);
    assert_int_equal(
        az_experiment_run_block(m, &cfg, 5, 0, rows, &ev, &err), AZ_EINVAL);
    /* A first + count that wraps around is caught too. */
    assert_int_equal(az_experiment_run_block(m, &cfg, 2, UINT32_MAX, rows, &ev,
                                             &err),
                     AZ_EINVAL);
    cfg.horizon = 0;
    assert_int_equal(az_experiment_run_block(m, &cfg, 0, 1, rows, &ev, &err),
                     AZ_EINVAL);
    assert_string_equal(err.msg, "horizon must be > 0 and finite");
    az_summary *s = (az_summary *)rows; /* not NULL: must be reset */
    assert_int_equal(az_summary_from_values(m, &cfg, NULL, rows, 0, &s, &err),
                     AZ_EINVAL);
    assert_null(s);
    az_model_free(m);
}

/* A replication that deadlocks is named, as in az_experiment_run. */
static void test_block_failure_named(void **state)
{
    (void)state;
    az_model *m = loop(0.5, 0);
    az_experiment_config cfg = ex_config(3, 2);
    cfg.horizon = 1e5;
    size_t n = 0;
    az_error err;
    assert_int_equal(az_experiment_metric_count(m, &n, &err), AZ_OK);
    double *rows = malloc(2 * n * sizeof *rows);
    assert_non_null(rows);
    uint64_t ev;
    assert_int_equal(az_experiment_run_block(m, &cfg, 1, 2, rows, &ev, &err),
                     AZ_ERUNTIME);
    assert_non_null(strstr(err.msg, "replication 1: deadlock at time "));
    free(rows);
    az_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_blocks_give_the_summary),
        cmocka_unit_test(test_bad_blocks),
        cmocka_unit_test(test_block_failure_named),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
