/*
 * test_sim.c: the engine's contracts: reproducibility, reuse, common random
 * numbers, flow conservation, warm-up, thread-count independence, bad config.
 */
#include <math.h>
#include <signal.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "azalea/experiment.h"
#include "azalea/sim.h"

/* Source -> a (2 machines) -> b, with 20 % of units sent back to a.
 * With `extra`, a second, independent flow (source in2 -> station c). */
static az_model *line(int extra)
{
    az_model *m;
    az_dist ia, pa, pb;
    uint32_t a, b, p, s0, s1, src;
    assert_int_equal(az_model_create("line", &m, NULL), AZ_OK);
    assert_int_equal(az_dist_exponential(&ia, 1.0, NULL), AZ_OK);
    assert_int_equal(az_dist_lognormal(&pa, 1.5, 0.4, NULL), AZ_OK);
    assert_int_equal(az_dist_gamma(&pb, 0.6, 0.8, NULL), AZ_OK);
    assert_int_equal(az_model_add_station(m, "a", 2, &pa, &a, NULL), AZ_OK);
    assert_int_equal(az_model_add_station(m, "b", 1, &pb, &b, NULL), AZ_OK);
    assert_int_equal(az_model_add_product(m, "p", &p, NULL), AZ_OK);
    assert_int_equal(az_model_add_step(m, p, a, &s0, NULL), AZ_OK);
    assert_int_equal(az_model_add_step(m, p, b, &s1, NULL), AZ_OK);
    assert_int_equal(az_model_add_branch(m, p, s1, s0, 0.2, NULL), AZ_OK);
    assert_int_equal(az_model_add_branch(m, p, s1, AZ_EXIT, 0.8, NULL), AZ_OK);
    assert_int_equal(az_model_add_source(m, "in", &ia, &src, NULL), AZ_OK);
    assert_int_equal(az_model_source_add_product(m, src, p, 1, NULL), AZ_OK);
    if (extra) {
        uint32_t c, q, src2;
        assert_int_equal(az_model_add_station(m, "c", 1, &pb, &c, NULL), AZ_OK);
        assert_int_equal(az_model_add_product(m, "q", &q, NULL), AZ_OK);
        assert_int_equal(az_model_add_step(m, q, c, NULL, NULL), AZ_OK);
        assert_int_equal(az_model_add_source(m, "in2", &ia, &src2, NULL), AZ_OK);
        assert_int_equal(az_model_source_add_product(m, src2, q, 1, NULL), AZ_OK);
    }
    return m;
}

static void run(az_sim *s, uint64_t seed, uint64_t rep, double horizon,
                double warmup)
{
    az_run_config cfg = {horizon, warmup, seed, rep, NULL};
    az_error err;
    if (az_sim_run(s, &cfg, &err))
        fail_msg("run: %s", err.msg);
}

static void test_same_seed_bit_identical(void **state)
{
    (void)state;
    az_model *m = line(0);
    az_sim *s1, *s2;
    assert_int_equal(az_sim_create(m, &s1, NULL), AZ_OK);
    assert_int_equal(az_sim_create(m, &s2, NULL), AZ_OK);
    size_t n = az_sim_metric_count(s1);
    run(s1, 7, 3, 5000, 100);
    /* s2 runs other replications first: reuse must not leak into results. */
    run(s2, 7, 0, 8000, 0);
    run(s2, 9, 1, 3000, 10);
    run(s2, 7, 3, 5000, 100);
    assert_memory_equal(az_sim_results(s1), az_sim_results(s2),
                        n * sizeof(double));
    assert_int_equal(az_sim_events(s1), az_sim_events(s2));
    /* Another replication differs. */
    double w = az_sim_results(s1)[az_sim_metric_index(s1, AZ_SCOPE_SYSTEM, 0,
                                                      AZ_M_LEAD_MEAN)];
    run(s2, 7, 4, 5000, 100);
    assert_true(w != az_sim_results(s2)[az_sim_metric_index(
                         s2, AZ_SCOPE_SYSTEM, 0, AZ_M_LEAD_MEAN)]);
    az_sim_free(s1);
    az_sim_free(s2);
    az_model_free(m);
}

/* Models a and b, run alike (seed, replication, horizon, warm-up), give
 * their stations 0 .. n-1 bit-identical results, but for the bottleneck
 * shares, which are relative to the other stations by design; and station
 * n-1 did work, so the comparison can fail. */
static void same_stations(const az_model *a, const az_model *b, uint32_t n,
                          uint64_t seed, double horizon, double warmup)
{
    az_sim *sa, *sb;
    assert_int_equal(az_sim_create(a, &sa, NULL), AZ_OK);
    assert_int_equal(az_sim_create(b, &sb, NULL), AZ_OK);
    run(sa, seed, 1, horizon, warmup);
    run(sb, seed, 1, horizon, warmup);
    for (uint32_t st = 0; st < n; st++)
        for (az_metric_kind k = AZ_M_UTIL; k <= AZ_M_VISITS; k++) {
            if (k == AZ_M_BN_SOLE || k == AZ_M_BN_SHIFT)
                continue;
            double va = az_sim_results(sa)[az_sim_metric_index(
                sa, AZ_SCOPE_STATION, st, k)];
            double vb = az_sim_results(sb)[az_sim_metric_index(
                sb, AZ_SCOPE_STATION, st, k)];
            assert_memory_equal(&va, &vb, sizeof va);
        }
    assert_true(az_sim_results(sa)[az_sim_metric_index(
                    sa, AZ_SCOPE_STATION, n - 1, AZ_M_VISITS)] > 0);
    az_sim_free(sa);
    az_sim_free(sb);
}

/* Adding an unrelated flow must not change what station a and b see: each
 * element draws from its own named stream. */
static void test_common_random_numbers(void **state)
{
    (void)state;
    az_model *m1 = line(0), *m2 = line(1);
    same_stations(m1, m2, 2, 11, 4000, 0);
    az_model_free(m1);
    az_model_free(m2);
}

/* `lanes` independent lanes of 10 single-machine stations, each with its
 * own product and source (names "l<k>s<i>", "p<k>", "in<k>"). */
static az_model *lanes(uint32_t nlanes)
{
    az_model *m;
    az_dist ia, pt;
    assert_int_equal(az_model_create("lanes", &m, NULL), AZ_OK);
    assert_int_equal(az_dist_exponential(&ia, 1.25, NULL), AZ_OK);
    assert_int_equal(az_dist_exponential(&pt, 1.0, NULL), AZ_OK);
    for (uint32_t k = 0; k < nlanes; k++) {
        char name[32];
        uint32_t p, x, src;
        snprintf(name, sizeof name, "p%u", (unsigned)k);
        assert_int_equal(az_model_add_product(m, name, &p, NULL), AZ_OK);
        for (uint32_t i = 0; i < 10; i++) {
            snprintf(name, sizeof name, "l%us%u", (unsigned)k, (unsigned)i);
            assert_int_equal(az_model_add_station(m, name, 1, &pt, &x, NULL),
                             AZ_OK);
            assert_int_equal(az_model_add_step(m, p, x, NULL, NULL), AZ_OK);
        }
        snprintf(name, sizeof name, "in%u", (unsigned)k);
        assert_int_equal(az_model_add_source(m, name, &ia, &src, NULL), AZ_OK);
        assert_int_equal(az_model_source_add_product(m, src, p, 1, NULL),
                         AZ_OK);
    }
    return m;
}

/* A lane's results do not depend on how many other lanes the model has: its
 * streams are named, and nothing is shared. With 80 lanes (800 stations)
 * the engine also prefetches the next event's records and keeps its events
 * in a calendar queue instead of the 4-ary heap (src/engine/compile.c, AZI_PREFETCH_BYTES
 * and AZI_CQ_FROM), which must change nothing; 1 lane stays below both. */
static void test_large_model_same_lane(void **state)
{
    (void)state;
    az_model *m1 = lanes(1), *m80 = lanes(80);
    same_stations(m1, m80, 10, 5, 3000, 200);
    az_model_free(m1);
    az_model_free(m80);
}

static void test_flow_conservation(void **state)
{
    (void)state;
    az_model *m = line(1);
    az_sim *s;
    assert_int_equal(az_sim_create(m, &s, NULL), AZ_OK);
    for (uint64_t r = 0; r < 5; r++) {
        run(s, 3, r, 2000 + 500 * (double)r, 0);
        uint64_t rel, done, scrap, wip;
        az_flow fl = az_sim_flow(s);
        rel = fl.released; done = fl.completed; scrap = fl.scrapped; wip = fl.wip;
        assert_true(rel > 3000);
        assert_int_equal(scrap, 0);
        assert_int_equal(rel, done + wip);
        /* Without warm-up the metric counts are the whole-run counts. */
        const double *x = az_sim_results(s);
        assert_true(x[az_sim_metric_index(s, AZ_SCOPE_SYSTEM, 0,
                                          AZ_M_RELEASED)] == (double)rel);
        assert_true(x[az_sim_metric_index(s, AZ_SCOPE_SYSTEM, 0,
                                          AZ_M_COMPLETED)] == (double)done);
    }
    az_sim_free(s);
    az_model_free(m);
}

/* After a warm-up only the later part is counted: about rate * (H - W)
 * releases, and the system figures match the per-product ones. */
static void test_warmup_resets_counts(void **state)
{
    (void)state;
    az_model *m = line(0);
    az_sim *s;
    assert_int_equal(az_sim_create(m, &s, NULL), AZ_OK);
    run(s, 5, 0, 20000, 10000);
    const double *x = az_sim_results(s);
    double rel = x[az_sim_metric_index(s, AZ_SCOPE_SYSTEM, 0, AZ_M_RELEASED)];
    assert_true(fabs(rel - 10000) < 5 * sqrt(10000)); /* Poisson count */
    assert_true(rel == x[az_sim_metric_index(s, AZ_SCOPE_PRODUCT, 0,
                                             AZ_M_RELEASED)]);
    double tp = x[az_sim_metric_index(s, AZ_SCOPE_SYSTEM, 0, AZ_M_THROUGHPUT)];
    double done = x[az_sim_metric_index(s, AZ_SCOPE_SYSTEM, 0, AZ_M_COMPLETED)];
    assert_true(fabs(tp - done / 10000) < 1e-12);
    az_sim_free(s);
    az_model_free(m);
}

static void test_bad_config(void **state)
{
    (void)state;
    az_model *m = line(0);
    az_sim *s;
    az_error err;
    assert_int_equal(az_sim_create(m, &s, NULL), AZ_OK);
    az_run_config c = {0, 0, 1, 0, NULL};
    assert_int_equal(az_sim_run(s, &c, &err), AZ_EINVAL);
    assert_string_equal(err.msg, "horizon must be > 0 and finite");
    c.horizon = 10;
    c.warmup = 10;
    assert_int_equal(az_sim_run(s, &c, &err), AZ_EINVAL);
    assert_string_equal(err.msg, "warm-up must be in [0, horizon) (got 10)");
    c.horizon = INFINITY;
    c.warmup = 0;
    assert_int_equal(az_sim_run(s, &c, &err), AZ_EINVAL);
    az_sim_free(s);
    az_model_free(m);
}

static void test_create_rejects_bad_model(void **state)
{
    (void)state;
    az_model *m;
    az_sim *s = (az_sim *)&s;
    az_error err;
    assert_int_equal(az_model_create("empty", &m, NULL), AZ_OK);
    assert_int_equal(az_sim_create(m, &s, &err), AZ_EBADMODEL);
    assert_null(s);
    assert_string_equal(err.msg, "the model has no source");
    az_model_free(m);
}

static az_summary *experiment(const az_model *m, unsigned threads)
{
    az_experiment_config cfg = az_experiment_defaults();
    cfg.seed = 99;
    cfg.replications = 7;
    cfg.horizon = 3000;
    cfg.warmup = 300;
    cfg.threads = threads;
    az_summary *s;
    az_error err;
    if (az_experiment_run(m, &cfg, &s, &err))
        fail_msg("experiment: %s", err.msg);
    return s;
}

static void test_threads_bit_identical(void **state)
{
    (void)state;
    az_model *m = line(1);
    az_summary *s1 = experiment(m, 1), *s3 = experiment(m, 3),
               *s9 = experiment(m, 9);
    size_t n = az_summary_metric_count(s1);
    for (size_t i = 0; i < n; i++) {
        double a = az_summary_mean(s1, i), b = az_summary_mean(s3, i),
               c = az_summary_mean(s9, i);
        assert_memory_equal(&a, &b, sizeof a);
        assert_memory_equal(&a, &c, sizeof a);
        a = az_summary_halfwidth(s1, i);
        b = az_summary_halfwidth(s3, i);
        assert_memory_equal(&a, &b, sizeof a);
    }
    assert_int_equal(az_summary_events(s1), az_summary_events(s3));
    az_summary_free(s1);
    az_summary_free(s3);
    az_summary_free(s9);
    az_model_free(m);
}

static void test_experiment_bad_config(void **state)
{
    (void)state;
    az_model *m = line(0);
    az_experiment_config cfg = az_experiment_defaults();
    az_summary *s = NULL;
    az_error err;
    assert_int_equal(az_experiment_run(m, &cfg, &s, &err), AZ_EINVAL);
    assert_string_equal(err.msg, "horizon must be > 0 and finite");
    assert_null(s);
    cfg.horizon = 10;
    cfg.replications = 0;
    assert_int_equal(az_experiment_run(m, &cfg, &s, &err), AZ_EINVAL);
    assert_string_equal(err.msg, "replications must be >= 1");
    cfg.replications = 2;
    cfg.level = 1;
    assert_int_equal(az_experiment_run(m, &cfg, &s, &err), AZ_EINVAL);
    assert_string_equal(err.msg, "confidence level must be in (0, 1)");
    az_model_free(m);
}

/* A rework loop with no buffers: a unit on b that must go back to a meets
 * a's machine holding a unit for b. Reported, not left spinning. */
static void test_deadlock_detected(void **state)
{
    (void)state;
    az_model *m;
    az_dist ia, t;
    uint32_t a, b, p, s1, src;
    assert_int_equal(az_model_create("loop", &m, NULL), AZ_OK);
    assert_int_equal(az_dist_exponential(&ia, 5, NULL), AZ_OK);
    assert_int_equal(az_dist_exponential(&t, 1, NULL), AZ_OK);
    assert_int_equal(az_model_add_station(m, "a", 1, &t, &a, NULL), AZ_OK);
    assert_int_equal(az_model_add_station(m, "b", 1, &t, &b, NULL), AZ_OK);
    assert_int_equal(az_model_set_buffer(m, a, 0, NULL), AZ_OK);
    assert_int_equal(az_model_set_buffer(m, b, 0, NULL), AZ_OK);
    assert_int_equal(az_model_add_product(m, "p", &p, NULL), AZ_OK);
    assert_int_equal(az_model_add_step(m, p, a, NULL, NULL), AZ_OK);
    assert_int_equal(az_model_add_step(m, p, b, &s1, NULL), AZ_OK);
    assert_int_equal(az_model_add_branch(m, p, s1, 0, 0.5, NULL), AZ_OK);
    assert_int_equal(az_model_add_branch(m, p, s1, AZ_EXIT, 0.5, NULL), AZ_OK);
    assert_int_equal(az_model_add_source(m, "in", &ia, &src, NULL), AZ_OK);
    assert_int_equal(az_model_source_add_product(m, src, p, 1, NULL), AZ_OK);
    az_sim *sim;
    az_error err;
    assert_int_equal(az_sim_create(m, &sim, NULL), AZ_OK);
    az_run_config cfg = {1e5, 0, 1, 0, NULL};
    assert_int_equal(az_sim_run(sim, &cfg, &err), AZ_ERUNTIME);
    assert_non_null(strstr(err.msg, "deadlock at time "));
    assert_non_null(strstr(err.msg, ": stations 'a', 'b' are all blocked, "
                                    "each waiting for room the others hold"));
    az_sim_free(sim);
    /* With a buffer in front of a, the same loop keeps flowing. */
    assert_int_equal(az_model_set_buffer(m, a, 1000, NULL), AZ_OK);
    assert_int_equal(az_sim_create(m, &sim, NULL), AZ_OK);
    cfg.horizon = 1e3;
    assert_int_equal(az_sim_run(sim, &cfg, &err), AZ_OK);
    az_sim_free(sim);
    az_model_free(m);
}

/* WIP counts units, not busy machines: a CONWIP line keeps exactly its cap
 * inside, with batches (many units on one machine) too; with shifts it never
 * exceeds it (machines off shift hold nothing, and nothing is released off
 * shift, so it may fall below). */
static double conwip_wip(int shifts)
{
    az_model *m;
    az_dist zero, t, oven_t;
    uint32_t a, oven, p, src;
    assert_int_equal(az_model_create("wip", &m, NULL), AZ_OK);
    assert_int_equal(az_dist_constant(&zero, 0, NULL), AZ_OK);
    assert_int_equal(az_dist_exponential(&t, 30, NULL), AZ_OK);
    assert_int_equal(az_dist_constant(&oven_t, 300, NULL), AZ_OK);
    assert_int_equal(az_model_add_station(m, "a", 2, &t, &a, NULL), AZ_OK);
    assert_int_equal(az_model_add_station(m, "oven", 1, &oven_t, &oven, NULL),
                     AZ_OK);
    assert_int_equal(az_model_set_batch(m, oven, 2, 6, 600, 0, NULL), AZ_OK);
    assert_int_equal(az_model_add_product(m, "p", &p, NULL), AZ_OK);
    assert_int_equal(az_model_add_step(m, p, a, NULL, NULL), AZ_OK);
    assert_int_equal(az_model_add_step(m, p, oven, NULL, NULL), AZ_OK);
    assert_int_equal(az_model_add_source(m, "in", &zero, &src, NULL), AZ_OK);
    assert_int_equal(az_model_set_wip_cap(m, src, 12, NULL), AZ_OK);
    assert_int_equal(az_model_source_add_product(m, src, p, 1, NULL), AZ_OK);
    if (shifts)
        assert_int_equal(az_model_add_shift(m, 6 * 3600, 14 * 3600, 0x1f, NULL),
                         AZ_OK);
    az_sim *sim;
    assert_int_equal(az_sim_create(m, &sim, NULL), AZ_OK);
    az_run_config cfg = {14 * 86400.0, 86400, 1, 0, NULL};
    assert_int_equal(az_sim_run(sim, &cfg, NULL), AZ_OK);
    double wip = az_sim_results(sim)[az_sim_metric_index(sim, AZ_SCOPE_SYSTEM,
                                                         0, AZ_M_WIP)];
    az_sim_free(sim);
    az_model_free(m);
    return wip;
}

static void test_wip_counts_units(void **state)
{
    (void)state;
    assert_true(fabs(conwip_wip(0) - 12) < 1e-9);
    double w = conwip_wip(1);
    assert_true(w > 1 && w <= 12 + 1e-9);
}

/* A conveyor never holds more than its capacity, even with idle machines
 * behind it; CONWIP counts joined components out of the line, so a capped
 * line with assembly keeps flowing. */
static void test_conveyor_cap_and_conwip_assembly(void **state)
{
    (void)state;
    az_model *m;
    az_dist zero, t, conv;
    uint32_t a, asm_, p, c, src;
    assert_int_equal(az_model_create("cap", &m, NULL), AZ_OK);
    assert_int_equal(az_dist_constant(&zero, 0, NULL), AZ_OK);
    assert_int_equal(az_dist_exponential(&t, 1, NULL), AZ_OK);
    assert_int_equal(az_dist_constant(&conv, 5, NULL), AZ_OK);
    assert_int_equal(az_model_add_station(m, "a", 1, &t, &a, NULL), AZ_OK);
    assert_int_equal(az_model_add_station(m, "asm", 4, &t, &asm_, NULL), AZ_OK);
    assert_int_equal(az_model_set_buffer(m, asm_, 2, NULL), AZ_OK);
    assert_int_equal(az_model_set_transport(m, asm_, &conv, NULL), AZ_OK);
    assert_int_equal(az_model_add_product(m, "p", &p, NULL), AZ_OK);
    assert_int_equal(az_model_add_product(m, "c", &c, NULL), AZ_OK);
    assert_int_equal(az_model_add_step(m, p, a, NULL, NULL), AZ_OK);
    assert_int_equal(az_model_add_step(m, p, asm_, NULL, NULL), AZ_OK);
    assert_int_equal(az_model_add_step(m, c, asm_, NULL, NULL), AZ_OK);
    assert_int_equal(az_model_set_assembly(m, asm_, c, 1, NULL), AZ_OK);
    assert_int_equal(az_model_add_source(m, "in", &zero, &src, NULL), AZ_OK);
    assert_int_equal(az_model_set_wip_cap(m, src, 6, NULL), AZ_OK);
    uint32_t seq[2] = {p, c};
    assert_int_equal(az_model_set_sequence(m, src, seq, 2, NULL), AZ_OK);
    az_sim *sim;
    assert_int_equal(az_sim_create(m, &sim, NULL), AZ_OK);
    az_run_config cfg = {5000, 0, 1, 0, NULL};
    assert_int_equal(az_sim_run(sim, &cfg, NULL), AZ_OK);
    const double *x = az_sim_results(sim);
    assert_true(x[az_sim_metric_index(sim, AZ_SCOPE_STATION, asm_,
                                      AZ_M_QUEUE_MAX)] <= 2);
    assert_true(x[az_sim_metric_index(sim, AZ_SCOPE_PRODUCT, p,
                                      AZ_M_COMPLETED)] > 500);
    az_sim_free(sim);
    az_model_free(m);
}

/* A stop request ends a run within 65,536 events with AZ_ESTOPPED; a
 * stop flag that stays clear changes nothing. */
static void test_stop_request(void **state)
{
    (void)state;
    az_model *m = line(0);
    az_sim *sim;
    assert_int_equal(az_sim_create(m, &sim, NULL), AZ_OK);
    volatile sig_atomic_t flag = 0;
    az_run_config plain = {2000, 0, 5, 0, NULL};
    az_run_config watched = {2000, 0, 5, 0, &flag};
    assert_int_equal(az_sim_run(sim, &plain, NULL), AZ_OK);
    size_t n = az_sim_metric_count(sim);
    double *a = malloc(n * sizeof *a);
    assert_non_null(a);
    memcpy(a, az_sim_results(sim), n * sizeof *a);
    assert_int_equal(az_sim_run(sim, &watched, NULL), AZ_OK);
    assert_memory_equal(a, az_sim_results(sim), n * sizeof *a);
    free(a);
    flag = 1;
    az_run_config endless = {1e12, 0, 5, 0, &flag};
    az_error err;
    assert_int_equal(az_sim_run(sim, &endless, &err), AZ_ESTOPPED);
    assert_true(az_sim_events(sim) <= 65536);
    /* the sim is not spoilt: the next run is the plain one again */
    assert_int_equal(az_sim_run(sim, &plain, NULL), AZ_OK);
    az_sim_free(sim);
    az_model_free(m);
}

static void test_metric_names(void **state)
{
    (void)state;
    assert_string_equal(az_metric_kind_name(AZ_M_THROUGHPUT), "throughput");
    assert_string_equal(az_metric_kind_name(AZ_M_LEAD_P90), "lead_time_p90");
    assert_string_equal(az_metric_kind_name(AZ_M_UTIL), "utilisation");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_seed_bit_identical),
        cmocka_unit_test(test_common_random_numbers),
        cmocka_unit_test(test_large_model_same_lane),
        cmocka_unit_test(test_flow_conservation),
        cmocka_unit_test(test_warmup_resets_counts),
        cmocka_unit_test(test_bad_config),
        cmocka_unit_test(test_create_rejects_bad_model),
        cmocka_unit_test(test_threads_bit_identical),
        cmocka_unit_test(test_experiment_bad_config),
        cmocka_unit_test(test_deadlock_detected),
        cmocka_unit_test(test_wip_counts_units),
        cmocka_unit_test(test_conveyor_cap_and_conwip_assembly),
        cmocka_unit_test(test_stop_request),
        cmocka_unit_test(test_metric_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
