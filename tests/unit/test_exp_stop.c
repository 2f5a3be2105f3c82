/*
 * test_exp_stop.c: an experiment asked to stop (cfg.stop) keeps the
 * longest run of finished replications from the first, bit for bit the
 * summary of a run with that many; stopped before any, AZ_ESTOPPED. With
 * cfg.keep_going a failing replication is left out and named, and the
 * others are reported under their own replication numbers.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "azalea/experiment.h"
#include "experiment_fixture.h"
#include "azalea/load.h"

static az_model *load(const char *path, az_experiment_config *cfg)
{
    az_model *m = NULL;
    az_error err;
    if (az_model_load_file(path, NULL, &m, cfg, &err))
        fail_msg("%s", err.msg);
    return m;
}

/* Sets the stop flag once `after` replications are done. */
typedef struct stopper {
    volatile sig_atomic_t flag;
    uint32_t after;
} stopper;

static void stop_after(void *ctx, uint32_t done, uint32_t total)
{
    stopper *st = ctx;
    (void)total;
    if (done >= st->after)
        st->flag = 1;
}

static void test_stop_before_start(void **state)
{
    (void)state;
    az_experiment_config cfg;
    az_model *m = load("examples/tutorial-line.yaml", &cfg);
    volatile sig_atomic_t stop = 1;
    cfg.stop = &stop;
    cfg.replications = 4;
    az_summary *s = NULL;
    az_error err;
    assert_int_equal(az_experiment_run(m, &cfg, &s, &err), AZ_ESTOPPED);
    assert_null(s);
    assert_non_null(strstr(err.msg, "stopped before any replication"));
    az_model_free(m);
}

static void test_stop_keeps_a_prefix(void **state)
{
    (void)state;
    for (unsigned threads = 1; threads <= 3; threads += 2) {
        az_experiment_config cfg;
        az_model *m = load("examples/tutorial-line.yaml", &cfg);
        cfg.horizon = 5 * 86400.0;
        cfg.warmup = 86400.0;
        cfg.replications = 12;
        cfg.threads = threads;
        stopper st = {0, 3};
        cfg.stop = &st.flag;
        cfg.progress = stop_after;
        cfg.progress_ctx = &st;
        az_summary *s = NULL;
        az_error err;
        assert_int_equal(az_experiment_run(m, &cfg, &s, &err), AZ_OK);
        uint32_t asked = 0, k = az_summary_replications(s);
        assert_true(az_summary_interrupted(s, &asked));
        assert_int_equal(asked, 12);
        assert_true(k >= 3 && k < 12);
        /* Exactly a run of k replications. */
        az_experiment_config plain = cfg;
        plain.stop = NULL;
        plain.progress = NULL;
        plain.replications = k;
        az_summary *ref = NULL;
        assert_int_equal(az_experiment_run(m, &plain, &ref, &err), AZ_OK);
        assert_false(az_summary_interrupted(ref, NULL));
        ex_assert_same(s, ref);
        az_summary_free(s);
        az_summary_free(ref);
        az_model_free(m);
    }
}

static void test_keep_going_leaves_out_a_failure(void **state)
{
    (void)state;
    az_experiment_config cfg;
    /* With its seed, replication 4 of 7 deadlocks. */
    az_model *m = load("tests/models/good/deadlock-sometimes.yaml", &cfg);
    az_summary *s = NULL;
    az_error err;
    assert_int_equal(az_experiment_run(m, &cfg, &s, &err), AZ_ERUNTIME);
    assert_non_null(strstr(err.msg, "replication 4: deadlock"));
    for (unsigned threads = 1; threads <= 2; threads++) {
        cfg.keep_going = 1;
        cfg.threads = threads;
        assert_int_equal(az_experiment_run(m, &cfg, &s, &err), AZ_OK);
        assert_int_equal(az_summary_replications(s), 6);
        assert_int_equal(az_summary_failure_count(s), 1);
        const char *msg;
        assert_int_equal(az_summary_failure(s, 0, &msg), 4);
        assert_non_null(strstr(msg, "deadlock"));
        assert_false(az_summary_interrupted(s, NULL));
        static const uint32_t ids[] = {0, 1, 2, 3, 5, 6};
        for (uint32_t r = 0; r < 6; r++)
            assert_int_equal(az_summary_replication_id(s, r), ids[r]);
        az_summary_free(s);
    }
    az_model_free(m);
}

/* Adding replications after a left-out one numbers them on from the last
 * one run (7, 8, 9): kept and failed together are 0..9, each once. */
static void test_keep_going_extend(void **state)
{
    (void)state;
    az_experiment_config cfg;
    az_model *m = load("tests/models/good/deadlock-sometimes.yaml", &cfg);
    cfg.keep_going = 1;
    cfg.replications = 7;
    az_summary *s = NULL;
    az_error err;
    assert_int_equal(az_experiment_run(m, &cfg, &s, &err), AZ_OK);
    assert_int_equal(az_experiment_extend(m, s, 3, &err), AZ_OK);
    uint32_t n = az_summary_replications(s), nf = az_summary_failure_count(s);
    assert_int_equal(n + nf, 10);
    int seen[10] = {0};
    for (uint32_t r = 0; r < n; r++) {
        uint32_t id = az_summary_replication_id(s, r);
        assert_true(id < 10 && (r == 0 || id > az_summary_replication_id(s, r - 1)));
        seen[id]++;
    }
    for (uint32_t k = 0; k < nf; k++)
        seen[az_summary_failure(s, k, NULL)]++;
    for (int r = 0; r < 10; r++)
        assert_int_equal(seen[r], 1);
    assert_int_equal(az_summary_replication_id(s, 4), 5);
    az_summary_free(s);
    az_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stop_before_start),
        cmocka_unit_test(test_stop_keeps_a_prefix),
        cmocka_unit_test(test_keep_going_leaves_out_a_failure),
        cmocka_unit_test(test_keep_going_extend),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
