/*
 * test_assembly.c: assembly stations and their stores. A unit waiting for
 * its components takes room in the input buffer, so the buffer keeps its
 * capacity and blocking reaches upstream; components keep flowing while a
 * source is blocked on another product; stores report their content, may
 * be limited, and may scrap a kit with each unit scrapped upstream; the
 * headline WIP counts units in the line, not components in stores.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "azalea/load.h"
#include "azalea/sim.h"

/* The issue's model: boards through smt and ict to asm, which joins one
 * cover each; covers through prep; small buffers. The %s are the mix, the
 * interarrival, the component's entry, more of asm, and ict's step. */
static const char *const BOARD_COVER =
    "name: assembly buffer test\n"
    "time_unit: s\n"
    "products: [{name: board, mix: %s}, {name: cover, mix: %s}]\n"
    "release: {interarrival: %s}\n"
    "stations:\n"
    "  smt: {process: 10 s}\n"
    "  ict: {process: 5 s}\n"
    "  prep: {process: 5 s}\n"
    "  asm: {process: 10 s, assemble: {cover: %s}%s}\n"
    "buffers:\n"
    "  into_smt: {to: smt, capacity: 5}\n"
    "  before_asm: {from: ict, to: asm, capacity: 5}\n"
    "routes: {board: [smt, %s, asm], cover: [prep, asm]}\n";

static az_model *load(const char *board, const char *cover, const char *ia,
                      const char *comp, const char *extra, const char *ict)
{
    char text[2048];
    snprintf(text, sizeof text, BOARD_COVER, board, cover, ia, comp, extra,
             ict);
    az_model *m;
    az_error err;
    if (az_model_load_string(text, strlen(text), "asm.yaml", NULL, &m, NULL, &err))
        fail_msg("load: %s:%d:%d: %s", err.file, err.line, err.col, err.msg);
    return m;
}

/* One replication of m over `horizon` seconds; the caller frees *sim. */
static const double *run(az_model *m, double horizon, az_sim **sim)
{
    az_error err;
    if (az_sim_create(m, sim, &err))
        fail_msg("create: %s", err.msg);
    az_run_config cfg = {horizon, 0, 1, 0, NULL};
    if (az_sim_run(*sim, &cfg, &err))
        fail_msg("run: %s", err.msg);
    return az_sim_results(*sim);
}

static double get(az_sim *s, const double *x, az_scope sc, uint32_t o,
                  az_metric_kind k)
{
    size_t i = az_sim_metric_index(s, sc, o, k);
    assert_true(i != (size_t)-1);
    return x[i];
}

enum { SMT, ICT, PREP, ASM }; /* station indices, in file order */
enum { BOARD, COVER };        /* product indices */

/* Every buffer of the model stays within its capacity. */
static void assert_buffers_hold(az_sim *s, const double *x)
{
    assert_true(get(s, x, AZ_SCOPE_STATION, SMT, AZ_M_QUEUE_MAX) <= 5);
    assert_true(get(s, x, AZ_SCOPE_STATION, ASM, AZ_M_QUEUE_MAX) <= 5);
}

/* Short of covers (mix 0.9/0.1): boards wait in the buffer before asm,
 * which stays at its capacity (the old engine let it grow to 15,165 in
 * two days), smt upstream is blocked, and the covers still flow: asm makes
 * one board per cover released, 0.1 per 5 s = 72 per hour. */
static void test_buffer_keeps_capacity(void **state)
{
    (void)state;
    az_model *m = load("0.9", "0.1", "5 s", "1", "", "ict");
    az_sim *s;
    const double *x = run(m, 2 * 86400.0, &s);
    assert_buffers_hold(s, x);
    assert_true(get(s, x, AZ_SCOPE_STATION, ASM, AZ_M_QUEUE_MAX) == 5);
    assert_true(get(s, x, AZ_SCOPE_STATION, ICT, AZ_M_BLOCKED) > 0.5);
    double per_h = get(s, x, AZ_SCOPE_SYSTEM, 0, AZ_M_THROUGHPUT) * 3600;
    assert_true(fabs(per_h - 72) < 72 * 0.05);
    /* the consumed covers are the released ones, less the few on the way */
    double rel = get(s, x, AZ_SCOPE_PRODUCT, COVER, AZ_M_RELEASED);
    double used = get(s, x, AZ_SCOPE_PRODUCT, COVER, AZ_M_CONSUMED);
    assert_true(rel - used <= 3 && used > 0);
    az_sim_free(s);
    az_model_free(m);
}

/* Boards and covers 1:1 in a fixed alternation, every 6 s (a board every
 * 12 s against smt's 10): no deadlock, every buffer within its capacity,
 * and the line makes exactly what is released, 300 boards an hour. */
static void test_balanced_runs(void **state)
{
    (void)state;
    const char *text =
        "name: balanced\ntime_unit: s\n"
        "products: [{name: board}, {name: cover}]\n"
        "release: {interarrival: 6 s, sequence: [board, cover]}\n"
        "stations:\n  smt: {process: 10 s}\n  ict: {process: 5 s}\n"
        "  prep: {process: 5 s}\n"
        "  asm: {process: 10 s, assemble: {cover: 1}}\n"
        "buffers:\n  into_smt: {to: smt, capacity: 5}\n"
        "  before_asm: {from: ict, to: asm, capacity: 5}\n"
        "routes: {board: [smt, ict, asm], cover: [prep, asm]}\n";
    az_model *m;
    assert_int_equal(az_model_load_string(text, strlen(text), "b.yaml", NULL,
                                          &m, NULL, NULL), AZ_OK);
    az_sim *s;
    const double *x = run(m, 30 * 86400.0, &s);
    assert_buffers_hold(s, x);
    double per_h = get(s, x, AZ_SCOPE_SYSTEM, 0, AZ_M_THROUGHPUT) * 3600;
    assert_true(fabs(per_h - 300) < 0.5);
    /* one cover waits at most a board's time through the line */
    assert_true(get(s, x, AZ_SCOPE_STORE, COVER, AZ_M_STORE_MAX) <= 5);
    az_sim_free(s);
    az_model_free(m);
}

/* A random 1:1 mix drifts (its running imbalance is a random walk), but
 * never deadlocks and never overfills a buffer: a blocked board never
 * holds back the covers. */
static void test_random_mix_never_deadlocks(void **state)
{
    (void)state;
    az_model *m = load("0.5", "0.5", "{exponential: {mean: 6 s}}", "1", "",
                       "ict");
    az_sim *s;
    const double *x = run(m, 60 * 86400.0, &s);
    assert_buffers_hold(s, x);
    assert_true(get(s, x, AZ_SCOPE_SYSTEM, 0, AZ_M_COMPLETED) > 100000);
    az_sim_free(s);
    az_model_free(m);
}

/* A store of 3 covers with too many covers (0.3/0.7): it never holds more,
 * prep is blocked instead, and the units are conserved (az_sim_run checks
 * that at the end of every run). */
static void test_store_capacity_blocks(void **state)
{
    (void)state;
    az_model *m = load("0.3", "0.7", "5 s", "{quantity: 1, store: 3}", "",
                       "ict");
    az_sim *s;
    const double *x = run(m, 7 * 86400.0, &s);
    assert_true(get(s, x, AZ_SCOPE_STORE, COVER, AZ_M_STORE_MAX) == 3);
    assert_true(get(s, x, AZ_SCOPE_STATION, PREP, AZ_M_BLOCKED) > 0.2);
    /* every board released is made: 0.3 per 5 s, 216 an hour */
    double per_h = get(s, x, AZ_SCOPE_SYSTEM, 0, AZ_M_THROUGHPUT) * 3600;
    assert_true(fabs(per_h - 216) < 216 * 0.03);
    az_sim_free(s);
    az_model_free(m);
    /* the C API says what it refuses */
    assert_int_equal(az_model_create("x", &m, NULL), AZ_OK);
    az_dist t;
    uint32_t a, p;
    assert_int_equal(az_dist_constant(&t, 1, NULL), AZ_OK);
    assert_int_equal(az_model_add_station(m, "a", 1, &t, &a, NULL), AZ_OK);
    assert_int_equal(az_model_add_product(m, "p", &p, NULL), AZ_OK);
    az_error err;
    assert_int_equal(az_model_set_store(m, a, p, 3, &err), AZ_EINVAL);
    assert_string_equal(err.msg, "station 'a' does not assemble product 0");
    assert_int_equal(az_model_set_assembly(m, a, p, 1, NULL), AZ_OK);
    assert_int_equal(az_model_set_store(m, a, p, 0, &err), AZ_EINVAL);
    assert_int_equal(az_model_set_store(m, a, p, 3, NULL), AZ_OK);
    assert_int_equal(az_model_store_capacity(m, p), 3);
    assert_int_equal(az_model_store_station(m, p), a);
    az_model_free(m);
}

/* A test before asm scraps 20 % of the boards; covers come 1:1. Without
 * scrap_kits a fifth of the covers are left over and the store grows
 * through the run; with it, each scrapped board takes its cover and the
 * store stays small. */
static void test_scrap_kits(void **state)
{
    (void)state;
    const char *ict = "{station: ict, yield: 0.8}";
    /* a fixed alternation: one cover released per board */
    const char *mix = "0.5}, {name: cover}]\n#";
    az_model *keep = load(mix, "", "6 s, sequence: [board, cover]", "1", "",
                          ict);
    az_model *kits = load(mix, "", "6 s, sequence: [board, cover]", "1",
                          ", scrap_kits: true", ict);
    az_sim *s1, *s2;
    const double *x1 = run(keep, 30 * 86400.0, &s1);
    const double *x2 = run(kits, 30 * 86400.0, &s2);
    double grown = get(s1, x1, AZ_SCOPE_STORE, COVER, AZ_M_STORE_MAX);
    double kept = get(s2, x2, AZ_SCOPE_STORE, COVER, AZ_M_STORE_MAX);
    assert_true(grown > 1000);
    assert_true(kept < 100);
    /* each scrapped board took one cover */
    double boards = get(s2, x2, AZ_SCOPE_PRODUCT, BOARD, AZ_M_SCRAPPED);
    double covers = get(s2, x2, AZ_SCOPE_STORE, COVER, AZ_M_SCRAPPED);
    assert_true(boards > 1000);
    assert_true(fabs(boards - covers) <= 1);
    assert_true(get(s1, x1, AZ_SCOPE_STORE, COVER, AZ_M_SCRAPPED) == 0);
    az_sim_free(s1);
    az_sim_free(s2);
    az_model_free(keep);
    az_model_free(kits);
}

/* The headline WIP is the sum of the stations' contents; components in
 * stores are reported apart, and their sum is the stores' total. */
static void test_wip_excludes_stores(void **state)
{
    (void)state;
    az_model *m = load("0.5", "0.5", "6 s", "1", "", "{station: ict, "
                       "yield: 0.8}");
    az_sim *s;
    const double *x = run(m, 10 * 86400.0, &s);
    double sum = 0;
    for (uint32_t t = 0; t < 4; t++)
        sum += get(s, x, AZ_SCOPE_STATION, t, AZ_M_NUMBER);
    double wip = get(s, x, AZ_SCOPE_SYSTEM, 0, AZ_M_WIP);
    assert_true(fabs(wip - sum) <= 1e-9 * sum);
    double stored = get(s, x, AZ_SCOPE_SYSTEM, 0, AZ_M_IN_STORES);
    assert_true(stored > 100); /* the leftover covers of the scrapped */
    assert_true(stored ==
                get(s, x, AZ_SCOPE_STORE, COVER, AZ_M_STORE_CONTENT));
    assert_true(wip < 30); /* units in the line: small buffers */
    az_sim_free(s);
    az_model_free(m);
}

/* A zero interarrival releases covers straight into asm's store: only a
 * finite store stops that at one instant. */
static void test_zero_interarrival_needs_a_store_limit(void **state)
{
    (void)state;
    const char *text =
        "name: z\ntime_unit: s\n"
        "products: [{name: board, mix: 0.5}, {name: cover, mix: 0.5}]\n"
        "release: {interarrival: 0 s}\n"
        "stations:\n  smt: {process: 10 s}\n"
        "  asm: {process: 10 s, assemble: {cover: 1}}\n"
        "buffers:\n  into_smt: {to: smt, capacity: 5}\n"
        "routes: {board: [smt, asm], cover: [asm]}\n";
    az_model *m;
    az_error err;
    assert_int_equal(az_model_load_string(text, strlen(text), "z.yaml", NULL,
                                          &m, NULL, &err), AZ_EBADMODEL);
    assert_non_null(strstr(err.msg, "the store of 'cover' at station 'asm' "
                                    "needs a finite capacity"));
}

/* Covers that go through smt with the boards wait behind them there: once
 * asm's buffer is full of boards waiting for covers, smt is blocked on a
 * board and the covers behind it can never come. Nothing is pending any
 * more: the run says when the line stopped, instead of averaging a dead
 * line silently. */
static void test_deadlock_is_named(void **state)
{
    (void)state;
    const char *text =
        "name: stuck\ntime_unit: s\n"
        "products: [{name: board, mix: 0.9}, {name: cover, mix: 0.1}]\n"
        "release: {interarrival: 5 s}\n"
        "stations:\n  smt: {process: 10 s}\n"
        "  asm: {process: 10 s, assemble: {cover: 1}}\n"
        "buffers:\n  into_smt: {to: smt, capacity: 5}\n"
        "  before_asm: {from: smt, to: asm, capacity: 5}\n"
        "routes: {board: [smt, asm], cover: [smt, asm]}\n";
    az_model *m;
    assert_int_equal(az_model_load_string(text, strlen(text), "s.yaml", NULL,
                                          &m, NULL, NULL), AZ_OK);
    az_sim *s;
    const double *x = run(m, 86400.0, &s);
    double at = get(s, x, AZ_SCOPE_SYSTEM, 0, AZ_M_STALLED);
    assert_true(at > 0 && at < 86400.0);
    /* a warm-up after the stop does not move it (its reset of the
     * machines' clocks hid it once) */
    az_run_config warm = {86400.0, at + 1000, 1, 0, NULL};
    assert_int_equal(az_sim_run(s, &warm, NULL), AZ_OK);
    assert_true(az_sim_results(s)[az_sim_metric_index(
                    s, AZ_SCOPE_SYSTEM, 0, AZ_M_STALLED)] == at);
    az_sim_free(s);
    az_model_free(m);
    /* the same line with unlimited first buffers: arrivals go on, but no
     * machine moves for the last third of the run */
    const char *open_ended =
        "name: stuck\ntime_unit: s\n"
        "products: [{name: board, mix: 0.9}, {name: cover, mix: 0.1}]\n"
        "release: {interarrival: 5 s}\n"
        "stations:\n  smt: {process: 10 s}\n"
        "  asm: {process: 10 s, assemble: {cover: 1}}\n"
        "buffers:\n  before_asm: {from: smt, to: asm, capacity: 5}\n"
        "routes: {board: [smt, asm], cover: [smt, asm]}\n";
    assert_int_equal(az_model_load_string(open_ended, strlen(open_ended),
                                          "o.yaml", NULL, &m, NULL, NULL),
                     AZ_OK);
    x = run(m, 86400.0, &s);
    at = get(s, x, AZ_SCOPE_SYSTEM, 0, AZ_M_STALLED);
    assert_true(at > 0 && at < 86400.0 * 2 / 3);
    az_sim_free(s);
    az_model_free(m);
    /* a line that runs on has no stop */
    m = load("0.5", "0.5", "6 s", "1", "", "ict");
    x = run(m, 86400.0, &s);
    assert_true(isnan(get(s, x, AZ_SCOPE_SYSTEM, 0, AZ_M_STALLED)));
    az_sim_free(s);
    az_model_free(m);
}

/* Found in review, each a dead line before its fix:
 * - a board held at asm's buffer kept its source paused for the cover,
 *   which waits on the store's list, not the buffer's: the cover was never
 *   released (the buffer's room went to a rework unit instead);
 * - a kit scrapped from a store of 1 left the cover waiting for that
 *   store asleep;
 * - a store smaller than one unit's quantity could never start a unit. */
static void test_review_deadlocks(void **state)
{
    (void)state;
    static const char *const models[] = {
        "name: paused\ntime_unit: s\n"
        "products: [{name: board, mix: 0.5}, {name: cover, mix: 0.5}]\n"
        "release: {interarrival: {exponential: {mean: 30 s}}}\n"
        "stations:\n"
        "  asm: {process: 20 s, assemble: {cover: {quantity: 1, store: 1}}}\n"
        "  test: {process: 10 s}\n"
        "buffers: {into_asm: {to: asm, capacity: 1}}\n"
        "routes: {board: [asm, {station: test, yield: 0.5, rework: asm}], "
        "cover: [asm]}\n",
        "name: kit\ntime_unit: s\n"
        "products: [{name: board, mix: 0.5}, {name: cover, mix: 0.5}]\n"
        "release: {interarrival: {exponential: {mean: 60 s}}}\n"
        "stations:\n  test: {process: 10 s}\n"
        "  asm: {process: 20 s, assemble: {cover: {quantity: 1, store: 1}}, "
        "scrap_kits: true}\n"
        "  prep: {process: 10 s}\n"
        "buffers: {into_asm: {from: test, to: asm, capacity: 5}}\n"
        "routes: {board: [{station: test, yield: 0.7}, asm], "
        "cover: [prep, asm]}\n"};
    for (size_t k = 0; k < 2; k++) {
        az_model *m;
        az_error err;
        if (az_model_load_string(models[k], strlen(models[k]), "r.yaml",
                                 NULL, &m, NULL, &err))
            fail_msg("%s", err.msg);
        az_sim *s;
        const double *x = run(m, 2 * 86400.0, &s);
        assert_true(isnan(get(s, x, AZ_SCOPE_SYSTEM, 0, AZ_M_STALLED)));
        assert_true(get(s, x, AZ_SCOPE_SYSTEM, 0, AZ_M_COMPLETED) > 500);
        az_sim_free(s);
        az_model_free(m);
    }
    const char *small =
        "name: small\ntime_unit: s\nproducts: [{name: p}, {name: screw}]\n"
        "release: {interarrival: 10 s, sequence: [p, screw, screw, screw]}\n"
        "stations:\n"
        "  asm: {process: 5 s, assemble: {screw: {quantity: 3, store: 2}}}\n"
        "routes: {p: [asm], screw: [asm]}\n";
    az_model *m;
    az_error err;
    assert_int_equal(az_model_load_string(small, strlen(small), "s.yaml",
                                          NULL, &m, NULL, &err),
                     AZ_EBADMODEL);
    assert_non_null(strstr(err.msg, "the store of 'screw' holds 2, but a "
                                    "unit needs 3"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_buffer_keeps_capacity),
        cmocka_unit_test(test_balanced_runs),
        cmocka_unit_test(test_random_mix_never_deadlocks),
        cmocka_unit_test(test_store_capacity_blocks),
        cmocka_unit_test(test_scrap_kits),
        cmocka_unit_test(test_wip_excludes_stores),
        cmocka_unit_test(test_zero_interarrival_needs_a_store_limit),
        cmocka_unit_test(test_deadlock_is_named),
        cmocka_unit_test(test_review_deadlocks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
