/*
 * test_whatif.c: the library's what-ifs (whatif.h). A comparison pairs
 * each scenario with the base by replication, and its figures are those of
 * a plain run of the changed model; it does not depend on the threads;
 * improve tries every single change and ranks them; a sweep's grid runs in
 * order with its values; a stop keeps the runs finished whole; a changed
 * model that does not load fails before anything runs.
 */
#include <math.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "azalea/improve.h"
#include "azalea/load.h"
#include "azalea/whatif.h"

#define TUTORIAL "examples/tutorial-line.yaml"

static az_experiment_config day(unsigned threads)
{
    az_experiment_config cfg = az_experiment_defaults();
    cfg.seed = 11;
    cfg.replications = 4;
    cfg.horizon = 2 * 86400;
    cfg.warmup = 3600;
    cfg.threads = threads;
    return cfg;
}

static const az_whatif_source tutorial = {.path = TUTORIAL};

static void test_compare_pairs_with_the_base(void **state)
{
    (void)state;
    az_experiment_config cfg = day(1);
    const char *scen[] = {"stations.placer.machines=3",
                          "buffers.before_screw.capacity=20; "
                          "stations.screw.machines=2"};
    az_whatif *w = NULL;
    az_error err;
    assert_int_equal(az_compare(&tutorial, &cfg, scen, 2, NULL, &w, &err),
                     AZ_OK);
    assert_string_equal(az_whatif_kind(w), "compare");
    assert_int_equal(az_whatif_count(w), 2);
    assert_false(az_whatif_interrupted(w, NULL));
    const az_whatif_run *b = az_whatif_base(w), *r = az_whatif_runs(w);
    assert_string_equal(b->role, "base");
    assert_string_equal(r[0].role, "scenario");
    assert_string_equal(r[1].label, scen[1]);
    assert_string_equal(r[1].meta.overrides, scen[1]);
    assert_string_equal(b->meta.model_file, TUTORIAL);
    assert_int_equal(strlen(az_whatif_sha256(w)), 64);
    /* The scenario's figures are a plain run's of the changed model. */
    const char *sets[] = {"stations.placer.machines=3"};
    az_load_options lo = {sets, 1, NULL, NULL, NULL};
    az_model *m = NULL;
    az_summary *s = NULL;
    assert_int_equal(az_model_load_file(TUTORIAL, &lo, &m, NULL, &err), AZ_OK);
    assert_int_equal(az_experiment_run(m, &cfg, &s, &err), AZ_OK);
    az_whatif_run plain = {0};
    assert_int_equal(az_whatif_figures(m, b->summary, s, &plain, &err), AZ_OK);
    for (int k = 0; k < AZ_WI_NFIG; k++) {
        assert_true(r[0].fig[k].mean == plain.fig[k].mean);
        assert_true(r[0].diff[k].mean == plain.diff[k].mean);
        assert_true(r[0].diff[k].low == plain.diff[k].low);
    }
    /* A third placer (utilisation 0.875 with two) cuts the lead time. */
    assert_true(r[0].diff[AZ_WI_LEAD_TIME].high < 0);
    az_summary_free(s);
    az_model_free(m);
    az_whatif_free(w);
}

static void test_compare_same_on_any_threads(void **state)
{
    (void)state;
    const char *scen[] = {"stations.screw.machines=2"};
    az_whatif *w[2] = {NULL, NULL};
    az_error err;
    for (int t = 0; t < 2; t++) {
        az_experiment_config cfg = day(t ? 2 : 1);
        assert_int_equal(az_compare(&tutorial, &cfg, scen, 1, NULL, &w[t],
                                    &err), AZ_OK);
    }
    const az_whatif_run *a = az_whatif_runs(w[0]), *b = az_whatif_runs(w[1]);
    for (int k = 0; k < AZ_WI_NFIG; k++) {
        assert_memory_equal(&a->fig[k], &b->fig[k], sizeof a->fig[k]);
        assert_memory_equal(&a->diff[k], &b->diff[k], sizeof a->diff[k]);
    }
    az_whatif_free(w[0]);
    az_whatif_free(w[1]);
}

static int problems;
static void count_problem(void *ctx, const az_error *e)
{
    (void)ctx;
    (void)e;
    problems++;
}

static void test_compare_refuses_bad_scenarios(void **state)
{
    (void)state;
    az_experiment_config cfg = day(1);
    az_whatif *w = (az_whatif *)&cfg; /* must come back NULL */
    az_error err;
    const char *empty[] = {" ; "};
    assert_int_equal(az_compare(&tutorial, &cfg, empty, 1, NULL, &w, &err),
                     AZ_EINVAL);
    assert_null(w);
    assert_string_equal(err.msg, "scenario 1 is empty");
    assert_int_equal(az_compare(&tutorial, &cfg, empty, 0, NULL, &w, &err),
                     AZ_EINVAL);
    /* A bad path fails before any run, its problems told. */
    az_whatif_source src = tutorial;
    src.on_problem = count_problem;
    problems = 0;
    const char *bad[] = {"stations.placer.machines=3",
                         "stations.placr.machines=3"};
    az_status rc = az_compare(&src, &cfg, bad, 2, NULL, &w, &err);
    assert_int_not_equal(rc, AZ_OK);
    assert_null(w);
    assert_true(problems >= 1);
    assert_non_null(strstr(err.msg, "scenario 2"));
}

static void test_improve_tries_and_ranks(void **state)
{
    (void)state;
    az_experiment_config cfg = day(2);
    az_whatif *w = NULL;
    az_error err;
    az_whatif_options opt = {.buffer_step = 3};
    assert_int_equal(az_improve(&tutorial, &cfg, &opt, &w, &err), AZ_OK);
    const az_model *m = az_whatif_base(w)->model;
    size_t want = 0;
    for (uint32_t i = 0; i < az_model_station_count(m); i++)
        want += 1 + (az_model_station_buffer(m, i) != AZ_UNLIMITED);
    want += az_model_pool_count(m) + az_model_candidate_count(m);
    assert_int_equal(az_whatif_count(w), want);
    assert_string_equal(az_whatif_base(w)->label, "as it is");
    /* Significant gains first, largest first. */
    const az_whatif_run *r = az_whatif_runs(w);
    int in_gains = 1;
    for (size_t i = 0; i < az_whatif_count(w); i++) {
        int gain = r[i].diff[AZ_WI_THROUGHPUT].low > 0;
        if (!gain)
            in_gains = 0;
        assert_true(in_gains || !gain || i == 0);
    }
    assert_non_null(strstr(r[0].label, "+1 machine at placer"));
    assert_string_equal(r[0].changes, "stations.placer.machines=3");
    int seen_buffer = 0;
    for (size_t i = 0; i < az_whatif_count(w); i++)
        seen_buffer |= strstr(r[i].label, "+3 places before") != NULL;
    assert_true(seen_buffer);
    size_t order[64];
    assert_true(az_whatif_count(w) <= 64);
    az_whatif_rank_by_value(w, order);
    int hit[64] = {0};
    for (size_t i = 0; i < az_whatif_count(w); i++)
        hit[order[i]]++;
    for (size_t i = 0; i < az_whatif_count(w); i++)
        assert_int_equal(hit[i], 1);
    az_whatif_free(w);
}

typedef struct seen {
    size_t starts, dones;
    char first[128];
    int had_summary;
    volatile sig_atomic_t stop;
    size_t stop_after; /* set stop once this many are done (0: never) */
} seen;

static void on_start(void *ctx, size_t i, size_t n, const char *label)
{
    seen *s = ctx;
    (void)n;
    if (i == 0)
        snprintf(s->first, sizeof s->first, "%s", label);
    s->starts++;
}

static az_status on_done(void *ctx, size_t i, const az_whatif_run *r,
                         az_error *err)
{
    seen *s = ctx;
    (void)i;
    (void)err;
    s->had_summary += r->summary != NULL && r->model != NULL;
    if (++s->dones == s->stop_after)
        s->stop = 1;
    return AZ_OK;
}

static void test_sweep_grid(void **state)
{
    (void)state;
    az_experiment_config cfg = day(1);
    const char *par[] = {"buffers.before_screw.capacity=5..9:2",
                         "stations.placer.machines=2,3"};
    seen s = {0};
    az_whatif_options opt = {.on_start = on_start, .on_done = on_done,
                             .ctx = &s};
    az_whatif *w = NULL;
    az_error err;
    assert_int_equal(az_sweep(&tutorial, &cfg, par, 2, &opt, &w, &err), AZ_OK);
    assert_int_equal(az_whatif_count(w), 6);
    assert_int_equal(s.starts, 6);
    assert_int_equal(s.dones, 6);
    assert_int_equal(s.had_summary, 6); /* given to on_done ... */
    assert_null(az_whatif_base(w));
    const az_whatif_run *r = az_whatif_runs(w);
    assert_null(r[0].summary); /* ... but not kept */
    /* The last parameter varies fastest. */
    assert_string_equal(r[1].values[0], "5");
    assert_string_equal(r[1].values[1], "3");
    assert_string_equal(r[2].values[0], "7");
    assert_string_equal(r[5].label, "buffers.before_screw.capacity=9; "
                                    "stations.placer.machines=3");
    assert_non_null(r[0].bottleneck);
    assert_true(isnan(r[0].diff[AZ_WI_THROUGHPUT].mean));
    size_t np;
    const char *const *paths = az_whatif_params(w, &np);
    assert_int_equal(np, 2);
    assert_string_equal(paths[1], "stations.placer.machines");
    az_whatif_free(w);
    /* keep_points keeps each point's model and summary. */
    opt.keep_points = 1;
    const char *one[] = {"stations.placer.machines=2,3"};
    assert_int_equal(az_sweep(&tutorial, &cfg, one, 1, &opt, &w, &err), AZ_OK);
    assert_non_null(az_whatif_runs(w)[1].summary);
    az_whatif_free(w);
}

static void test_sweep_refuses(void **state)
{
    (void)state;
    az_experiment_config cfg = day(1);
    az_whatif *w = NULL;
    az_error err;
    static const struct {
        const char *par, *says;
    } bad[] = {
        {"buffers.before_screw.capacity=1..x", "expected a range a..b:step"},
        {"buffers.before_screw.capacity=9..1", "is empty"},
        {"buffers.before_screw.capacity=1..9:0", "the step must be above 0"},
        {"buffers.before_screw.capacity=1,,2", "an empty value"},
        {"=1..2", "expects PATH=a..b:step"},
        {"run.horizon=1..2", "keeps the run settings"},
        {"buffers.before_screw.capacity=1..5000", "more than 1000 values"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        assert_int_equal(az_sweep(&tutorial, &cfg, &bad[i].par, 1, NULL, &w,
                                  &err), AZ_EINVAL);
        assert_null(w);
        if (!strstr(err.msg, bad[i].says))
            fail_msg("%s: %s", bad[i].par, err.msg);
    }
    const char *twice[] = {"stations.placer.machines=2,3",
                           "stations.placer.machines=4"};
    assert_int_equal(az_sweep(&tutorial, &cfg, twice, 2, NULL, &w, &err),
                     AZ_EINVAL);
    assert_non_null(strstr(err.msg, "given twice"));
    const char *bad_value[] = {"buffers.before_screw.capacity=-1,2"};
    assert_int_not_equal(az_sweep(&tutorial, &cfg, bad_value, 1, NULL, &w,
                                  &err), AZ_OK);
    assert_non_null(strstr(err.msg, "is not a valid model"));
}

static void test_stop_keeps_whole_runs(void **state)
{
    (void)state;
    az_experiment_config cfg = day(1);
    const char *scen[] = {"stations.placer.machines=3",
                          "stations.screw.machines=2",
                          "stations.test.machines=2"};
    seen s = {.stop_after = 2}; /* the base and one scenario */
    cfg.stop = &s.stop;
    az_whatif_options opt = {.on_start = on_start, .on_done = on_done,
                             .ctx = &s};
    az_whatif *w = NULL;
    az_error err;
    assert_int_equal(az_compare(&tutorial, &cfg, scen, 3, &opt, &w, &err),
                     AZ_OK);
    size_t asked = 0;
    assert_true(az_whatif_interrupted(w, &asked));
    assert_int_equal(asked, 3);
    assert_int_equal(az_whatif_count(w), 1);
    assert_string_equal(s.first, "base");
    az_whatif_free(w);
    /* Stopped before the base finished: nothing. */
    s.stop = 1;
    s.stop_after = 0;
    assert_int_equal(az_compare(&tutorial, &cfg, scen, 3, &opt, &w, &err),
                     AZ_ESTOPPED);
    assert_null(w);
}

static az_status refuse(void *ctx, size_t i, const az_whatif_run *r,
                        az_error *err)
{
    (void)ctx;
    (void)r;
    if (i == 1)
        return az_error_set(err, AZ_EIO, "the caller refuses point %zu", i);
    return AZ_OK;
}

static void test_on_done_failure_ends_it(void **state)
{
    (void)state;
    az_experiment_config cfg = day(1);
    const char *par[] = {"stations.placer.machines=2,3,4"};
    az_whatif_options opt = {.on_done = refuse};
    az_whatif *w = NULL;
    az_error err;
    assert_int_equal(az_sweep(&tutorial, &cfg, par, 1, &opt, &w, &err),
                     AZ_EIO);
    assert_null(w);
    assert_string_equal(err.msg, "the caller refuses point 1");
}

static void test_warmup_auto_once(void **state)
{
    (void)state;
    az_experiment_config cfg = day(1);
    cfg.warmup_auto = 1;
    const char *scen[] = {"stations.placer.machines=3"};
    az_whatif *w = NULL;
    az_error err;
    assert_int_equal(az_compare(&tutorial, &cfg, scen, 1, NULL, &w, &err),
                     AZ_OK);
    const az_experiment_config *used = az_whatif_config(w);
    assert_int_equal(used->warmup_auto, 0);
    assert_true(used->warmup >= 0 && used->warmup < cfg.horizon);
    assert_true(az_summary_config(az_whatif_runs(w)[0].summary)->warmup ==
                used->warmup);
    az_whatif_free(w);
}

static void test_source_text(void **state)
{
    (void)state;
    static const char text[] =
        "name: two stations\n"
        "time_unit: s\n"
        "products: [{name: p}]\n"
        "release: {interarrival: {exponential: {mean: 10 s}}}\n"
        "stations:\n"
        "  a: {process: {exponential: {mean: 6 s}}}\n"
        "  b: {process: {exponential: {mean: 8 s}}}\n"
        "routes: {p: [a, b]}\n";
    const char *base_sets[] = {"stations.a.machines=1"};
    az_whatif_source src = {.text = text, .len = sizeof text - 1,
                            .name = "two.yaml", .overrides = base_sets,
                            .noverrides = 1};
    az_experiment_config cfg = day(1);
    const char *scen[] = {"stations.b.machines=2"};
    az_whatif *w = NULL;
    az_error err;
    assert_int_equal(az_compare(&src, &cfg, scen, 1, NULL, &w, &err), AZ_OK);
    assert_string_equal(az_whatif_base(w)->meta.model_file, "two.yaml");
    assert_string_equal(az_whatif_base(w)->meta.overrides,
                        "stations.a.machines=1");
    assert_string_equal(az_whatif_runs(w)[0].meta.overrides,
                        "stations.a.machines=1; stations.b.machines=2");
    /* A second machine at b (utilisation 0.8) cuts the lead time. */
    assert_true(az_whatif_runs(w)[0].diff[AZ_WI_LEAD_TIME].high < 0);
    az_whatif_free(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_compare_pairs_with_the_base),
        cmocka_unit_test(test_compare_same_on_any_threads),
        cmocka_unit_test(test_compare_refuses_bad_scenarios),
        cmocka_unit_test(test_improve_tries_and_ranks),
        cmocka_unit_test(test_sweep_grid),
        cmocka_unit_test(test_sweep_refuses),
        cmocka_unit_test(test_stop_keeps_whole_runs),
        cmocka_unit_test(test_on_done_failure_ends_it),
        cmocka_unit_test(test_warmup_auto_once),
        cmocka_unit_test(test_source_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
