/*
 * test_alloc_fault.c: the library under failing allocations, as SQLite's
 * malloc tests do it. Every allocation of azalea's own goes through
 * src/util/alloc.c, which can refuse the n-th one and every one after it.
 * For each step below, a dry run counts the allocations the step makes;
 * then, for n from 1 to that count, the step runs with allocations failing
 * from the n-th on and must end in AZ_ENOMEM with a message, leave no
 * output file and no temporary behind, and (the ASan build of this program)
 * leak nothing and not crash. Where the count is large, n is sampled: all
 * of the first SMALL and an even spread of the rest, at most BUDGET runs.
 *
 * The steps: loading the reference factory; one day of running it (create,
 * run, collect, summarise); and each writer of its results (JSON, CSV,
 * SQLite, the trace, and a what-if's JSON and SQLite); the what-ifs
 * themselves (compare, improve, sweep, optimize); and the line diagram's
 * DOT text with the day's figures, drawn whole and as a summary. Growing an
 * experiment (az_experiment_extend) must also leave its summary as it was. jansson's and
 * SQLite's allocations are routed through the same hook here (in this test
 * program only: the library leaves their allocators alone), so the JSON and
 * SQLite writers meet a failure in the library they call, too. libyaml's
 * and GSL's allocations cannot be routed and are not failed.
 *
 * The failure hook is process-wide, so the steps run one after another,
 * and the experiment runs in the calling thread.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>
#include <sqlite3.h>

#include "azalea/draw.h"
#include "azalea/experiment.h"
#include "azalea/load.h"
#include "azalea/output.h"
#include "azalea/trace.h"
#include "azalea/optimize.h"
#include "azalea/whatif.h"
#include "output_fixture.h"
#include "util/alloc.h"

#define FACTORY "examples/smartphone-factory.yaml"
enum { SMALL = 64, BUDGET = 1000 };

typedef struct ctx {
    az_model *m;         /* the factory */
    az_summary *s;       /* one day of it, two replications */
    az_experiment_config cfg;
    char dir[64];        /* scratch directory */
    char path[128];      /* the output of the writer under test */
} ctx;

typedef az_status (*step_fn)(ctx *c, az_error *err);

static void rm_rf(const char *path)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", path);
    assert_int_equal(system(cmd), 0);
}

/* Runs f with allocations failing from every (sampled) n, checks each
 * ends cleanly, and returns how many runs it made. clean: remove what a
 * successful dry run wrote, so that a failed run's leftovers show. */
static unsigned sweep(const char *what, step_fn f, ctx *c)
{
    az_error err;
    /* Twice: the first run may make one-time allocations (SQLite's own
     * initialisation: 2), which later runs do not repeat, and a failure
     * planned for one of them would then never come. */
    for (int k = 0; k < 2; k++) {
        azi_alloc_fail_from(0);
        assert_int_equal(f(c, &err), AZ_OK);
        rm_rf(c->dir);
        assert_int_equal(mkdir(c->dir, 0700), 0);
    }
    uint64_t total = azi_alloc_count();
    assert_true(total > 0);
    unsigned runs = 0;
    uint64_t step = total <= BUDGET ? 1 : (total - SMALL) / (BUDGET - SMALL) + 1;
    for (uint64_t n = 1; n <= total; n += n < SMALL ? 1 : step) {
        az_error_clear(&err);
        azi_alloc_fail_from(n);
        az_status rc = f(c, &err);
        azi_alloc_fail_from(0);
        runs++;
        if (rc != AZ_ENOMEM || err.msg[0] == '\0' || fx_left_in(c->dir, NULL)) {
            print_error("%s: allocation %llu of %llu failed: status %d (%s), "
                        "message \"%s\"\n", what, (unsigned long long)n,
                        (unsigned long long)total, rc, az_strerror(rc),
                        err.msg);
            fail();
        }
    }
    print_message("%s: %llu allocations, %u failing runs\n", what,
                  (unsigned long long)total, runs);
    return runs;
}

static int setup(void **state)
{
    ctx *c = calloc(1, sizeof *c);
    assert_non_null(c);
    az_error err;
    assert_int_equal(az_model_load_file(FACTORY, NULL, &c->m, NULL, &err),
                     AZ_OK);
    c->cfg = az_experiment_defaults();
    c->cfg.seed = 7;
    c->cfg.replications = 2;
    c->cfg.horizon = 86400; /* the factory's time unit is the second */
    c->cfg.warmup = 3600;
    c->cfg.threads = 1;
    assert_int_equal(az_experiment_run(c->m, &c->cfg, &c->s, &err), AZ_OK);
    strcpy(c->dir, "/tmp/azalea-alloc-XXXXXX");
    assert_non_null(mkdtemp(c->dir));
    *state = c;
    return 0;
}

static int teardown(void **state)
{
    ctx *c = *state;
    rm_rf(c->dir);
    az_summary_free(c->s);
    az_model_free(c->m);
    free(c);
    return 0;
}

/* ---- the steps ---- */


/* Loads path; a failed load leaves no model. */
static az_status load_one(const char *path, az_error *err)
{
    az_model *m = NULL;
    az_status rc = az_model_load_file(path, NULL, &m, NULL, err);
    if (rc == AZ_OK)
        az_model_free(m);
    else
        assert_null(m);
    return rc;
}

static az_status load(ctx *c, az_error *err)
{
    (void)c;
    return load_one(FACTORY, err);
}

/* The other examples: every block of the model file (line-blocks) and a
 * production plan read from CSV (line-assembly). */
static az_status load_blocks(ctx *c, az_error *err)
{
    (void)c;
    return load_one("examples/line-blocks.yaml", err);
}

static az_status load_plan(ctx *c, az_error *err)
{
    (void)c;
    return load_one("examples/line-assembly.yaml", err);
}

static az_status run_day(ctx *c, az_error *err)
{
    az_summary *s = NULL;
    az_status rc = az_experiment_run(c->m, &c->cfg, &s, err);
    if (rc == AZ_OK)
        az_summary_free(s);
    else
        assert_null(s);
    return rc;
}

static const az_output_meta meta = {FACTORY, 1.5, NULL, "run.horizon=1 d"};

static az_status json(ctx *c, az_error *err)
{
    snprintf(c->path, sizeof c->path, "%s/r.json", c->dir);
    return az_output_json(c->path, c->m, c->s, &meta, err);
}

static az_status csv(ctx *c, az_error *err)
{
    snprintf(c->path, sizeof c->path, "%s/csv", c->dir);
    return az_output_csv(c->path, c->m, c->s, &meta, err);
}

static az_status sqlite(ctx *c, az_error *err)
{
    snprintf(c->path, sizeof c->path, "%s/r.db", c->dir);
    return az_output_sqlite(c->path, c->m, c->s, &meta, err);
}

static az_status trace(ctx *c, az_error *err)
{
    snprintf(c->path, sizeof c->path, "%s/t.csv", c->dir);
    az_experiment_config cfg = c->cfg;
    cfg.horizon = 7200;
    cfg.warmup = 0;
    return az_trace_csv(c->path, c->m, &cfg, 0, err);
}

/* The line diagram with the day's figures, whole and as a summary (the
 * factory has 20 stations: a summary past 5). */
static az_status draw(ctx *c, az_error *err)
{
    char *dot = NULL;
    az_draw_options o = {c->s, 0};
    az_status rc = az_draw_dot(c->m, &o, &dot, NULL, err);
    free(dot);
    if (rc)
        return rc;
    o.detail_max = 5;
    rc = az_draw_dot(c->m, &o, &dot, NULL, err);
    free(dot);
    return rc;
}

/* A compare of the day with itself: a base and one scenario. */
static void whatif_runs(ctx *c, az_whatif_run r[2])
{
    memset(r, 0, 2 * sizeof *r);
    r[0] = (az_whatif_run){.role = "base", .label = "base", .model = c->m,
                           .summary = c->s, .meta = meta, .cost = -1};
    r[1] = r[0];
    r[1].role = "scenario";
    r[1].label = "same again";
    r[1].changes = "run.seed=7";
    assert_int_equal(az_whatif_figures(c->m, NULL, c->s, &r[0], NULL), AZ_OK);
    assert_int_equal(az_whatif_figures(c->m, c->s, c->s, &r[1], NULL), AZ_OK);
}

static az_status whatif_json(ctx *c, az_error *err)
{
    az_whatif_run r[2];
    whatif_runs(c, r);
    snprintf(c->path, sizeof c->path, "%s/w.json", c->dir);
    return az_output_whatif_json(c->path, "compare", &r[0], &r[1], 1, NULL,
                                 0, err);
}

static az_status whatif_sqlite(ctx *c, az_error *err)
{
    az_whatif_run r[2];
    whatif_runs(c, r);
    snprintf(c->path, sizeof c->path, "%s/w.db", c->dir);
    int64_t id;
    return az_output_sqlite_whatif(c->path, "compare", NULL, r, 2, &id, err);
}

/* The what-ifs of the library (whatif.h) on the tutorial line: a compare,
 * an improve and a sweep of two points, each run a day. */
#define TUTORIAL "examples/tutorial-line.yaml"

static az_experiment_config day(void)
{
    az_experiment_config cfg = az_experiment_defaults();
    cfg.replications = 2;
    cfg.horizon = 86400;
    cfg.threads = 1;
    return cfg;
}

static az_status whatif_done(az_status rc, az_whatif *w)
{
    if (rc == AZ_OK)
        az_whatif_free(w);
    else
        assert_null(w);
    return rc;
}

static az_status compare(ctx *c, az_error *err)
{
    (void)c;
    az_whatif_source src = {.path = TUTORIAL};
    az_experiment_config cfg = day();
    const char *scen[] = {"stations.placer.machines=3"};
    az_whatif *w = NULL;
    az_status rc = az_compare(&src, &cfg, scen, 1, NULL, &w, err);
    return whatif_done(rc, w); /* w read after the call */
}

static az_status improve(ctx *c, az_error *err)
{
    (void)c;
    az_whatif_source src = {.path = TUTORIAL};
    az_experiment_config cfg = day();
    az_whatif *w = NULL;
    az_status rc = az_improve(&src, &cfg, NULL, &w, err);
    return whatif_done(rc, w);
}

static az_status sweep2(ctx *c, az_error *err)
{
    (void)c;
    az_whatif_source src = {.path = TUTORIAL};
    az_experiment_config cfg = day();
    const char *par[] = {"stations.placer.machines=2,3"};
    az_whatif *w = NULL;
    az_status rc = az_sweep(&src, &cfg, par, 1, NULL, &w, err);
    return whatif_done(rc, w);
}

/* A small optimisation: one decision of two values, a few screenings. */
static az_status optimize(ctx *c, az_error *err)
{
    (void)c;
    static const char text[] =
        "name: o\ntime_unit: s\nproducts: [{name: p}]\n"
        "release: {interarrival: {exponential: {mean: 10 s}}}\n"
        "stations: {a: {process: {exponential: {mean: 8 s}}}}\n"
        "routes: {p: [a]}\n"
        "optimize: {budget: 5, decisions: [{set: stations.a.machines, to: 2, "
        "cost: 5}], search: {evaluations: 4, screen_replications: 2}}\n";
    az_whatif_source src = {.text = text, .len = sizeof text - 1,
                            .name = "o.yaml"};
    az_experiment_config cfg = day();
    cfg.horizon = 3600;
    az_whatif *w = NULL;
    az_status rc = az_optimize(&src, &cfg, NULL, &w, err);
    return whatif_done(rc, w);
}

static void test_optimize(void **state)
{
    sweep("optimize", optimize, *state);
}

static void test_compare(void **state)
{
    sweep("what-if compare", compare, *state);
}
static void test_improve(void **state)
{
    sweep("what-if improve", improve, *state);
}
static void test_sweep(void **state) { sweep("what-if sweep", sweep2, *state); }

static void test_load(void **state) { sweep("load", load, *state); }
static void test_load_blocks(void **state)
{
    sweep("load line-blocks", load_blocks, *state);
}
static void test_load_plan(void **state)
{
    sweep("load line-assembly (plan)", load_plan, *state);
}
static void test_run_day(void **state) { sweep("run a day", run_day, *state); }
static void test_json(void **state) { sweep("JSON", json, *state); }
static void test_csv(void **state) { sweep("CSV", csv, *state); }
static void test_sqlite(void **state) { sweep("SQLite", sqlite, *state); }
static void test_trace(void **state) { sweep("trace", trace, *state); }
static void test_draw(void **state) { sweep("draw", draw, *state); }
static void test_whatif_json(void **state)
{
    sweep("what-if JSON", whatif_json, *state);
}
static void test_whatif_sqlite(void **state)
{
    sweep("what-if SQLite", whatif_sqlite, *state);
}

/* Growing an experiment: a failure leaves the summary as it was, and it
 * grows afterwards exactly as one that never failed. */
static void test_extend(void **state)
{
    ctx *c = *state;
    az_experiment_config cfg = c->cfg;
    cfg.horizon = 7200;
    cfg.warmup = 600;
    az_summary *want, *s;
    az_error err;
    cfg.replications = 3;
    assert_int_equal(az_experiment_run(c->m, &cfg, &want, &err), AZ_OK);
    cfg.replications = 2;
    unsigned fails = 0;
    for (uint64_t n = 1;; n++) {
        assert_int_equal(az_experiment_run(c->m, &cfg, &s, &err), AZ_OK);
        azi_alloc_fail_from(n);
        az_status rc = az_experiment_extend(c->m, s, 1, &err);
        azi_alloc_fail_from(0);
        if (rc == AZ_OK) {
            az_summary_free(s);
            break;
        }
        fails++;
        assert_int_equal(rc, AZ_ENOMEM);
        assert_int_equal(az_summary_replications(s), 2);
        assert_false(az_summary_interrupted(s, NULL));
        assert_int_equal(az_experiment_extend(c->m, s, 1, &err), AZ_OK);
        for (size_t i = 0; i < az_summary_metric_count(s); i++)
            for (uint32_t r = 0; r < 3; r++) {
                double a = az_summary_value(s, r, i),
                       b = az_summary_value(want, r, i);
                assert_true(a == b || (isnan(a) && isnan(b)));
            }
        az_summary_free(s);
    }
    assert_true(fails > 0);
    print_message("extend: %u failing runs\n", fails);
    az_summary_free(want);
}

/* A what-if's base must have its model and summary: a bad argument, not
 * a lack of memory. */
static void test_whatif_no_base(void **state)
{
    ctx *c = *state;
    az_whatif_run r[2];
    whatif_runs(c, r);
    r[0].summary = NULL;
    az_error err;
    snprintf(c->path, sizeof c->path, "%s/w.json", c->dir);
    assert_int_equal(az_output_whatif_json(c->path, "compare", &r[0], &r[1],
                                           1, NULL, 0, &err), AZ_EINVAL);
    assert_int_equal(fx_left_in(c->dir, NULL), 0);
}

/* The hook itself: it fails exactly from the n-th call and counts. */
static void test_hook(void **state)
{
    (void)state;
    azi_alloc_fail_from(3);
    void *a = azi_malloc(8), *b = azi_calloc(1, 8), *d = azi_malloc(8);
    char *e = azi_strdup("x");
    assert_non_null(a);
    assert_non_null(b);
    assert_null(d);
    assert_null(e);
    assert_int_equal(azi_alloc_count(), 4);
    azi_alloc_fail_from(0);
    void *r = azi_realloc(a, 16);
    assert_non_null(r);
    assert_int_equal(azi_alloc_count(), 1);
    free(r);
    free(b);
}

/* SQLite's allocator over the hook: a header of 16 bytes keeps the size
 * (xSize) and the alignment of what follows. */
static void *sq_malloc(int n)
{
    uint64_t *p = azi_malloc((size_t)n + 16);
    if (!p)
        return NULL;
    p[0] = (uint64_t)n;
    return p + 2;
}
static void sq_free(void *p)
{
    if (p)
        free((uint64_t *)p - 2);
}
static int sq_size(void *p) { return p ? (int)((uint64_t *)p - 2)[0] : 0; }
static void *sq_realloc(void *p, int n)
{
    uint64_t *q = azi_realloc((uint64_t *)p - 2, (size_t)n + 16);
    if (!q)
        return NULL;
    q[0] = (uint64_t)n;
    return q + 2;
}
static int sq_roundup(int n) { return (n + 7) & ~7; }
static int sq_init(void *a) { (void)a; return SQLITE_OK; }
static void sq_shutdown(void *a) { (void)a; }

int main(void)
{
    static const sqlite3_mem_methods mem = {sq_malloc, sq_free, sq_realloc,
        sq_size, sq_roundup, sq_init, sq_shutdown, NULL};
    if (sqlite3_config(SQLITE_CONFIG_MALLOC, &mem) != SQLITE_OK ||
        sqlite3_config(SQLITE_CONFIG_LOOKASIDE, 0, 0) != SQLITE_OK) {
        fprintf(stderr, "test_alloc_fault: cannot route SQLite's allocator\n");
        return 1;
    }
    json_set_alloc_funcs(azi_malloc, free);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hook),
        cmocka_unit_test(test_load),
        cmocka_unit_test(test_load_blocks),
        cmocka_unit_test(test_load_plan),
        cmocka_unit_test(test_run_day),
        cmocka_unit_test(test_json),
        cmocka_unit_test(test_csv),
        cmocka_unit_test(test_sqlite),
        cmocka_unit_test(test_trace),
        cmocka_unit_test(test_draw),
        cmocka_unit_test(test_whatif_json),
        cmocka_unit_test(test_whatif_sqlite),
        cmocka_unit_test(test_extend),
        cmocka_unit_test(test_whatif_no_base),
        cmocka_unit_test(test_compare),
        cmocka_unit_test(test_improve),
        cmocka_unit_test(test_sweep),
        cmocka_unit_test(test_optimize),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
