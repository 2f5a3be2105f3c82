/*
 * test_state.c: the shop-floor state (azalea/state.h) under both builds
 * (the sanitizers watch engine/initial.c put every kind of entry in
 * place): the shipped state of line-blocks (batches, changeovers, a
 * machine down, reworks, operators, cartons) and a state of the assembly
 * line (a conveyor's units, components in stores) run and conserve their
 * units; a run from a state reports each machine's first state at its
 * time; the accessors; a bad state leaks nothing; a state that fails
 * the snapshot's checks is an internal error, not a file.
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
#include "azalea/load.h"
#include "azalea/sim.h"
#include "azalea/state.h"
#include "engine/engine.h"

static az_model *load(const char *path)
{
    az_model *m;
    az_error err;
    if (az_model_load_file(path, NULL, &m, NULL, &err))
        fail_msg("%s", err.msg);
    return m;
}

/* Runs two replications of m from st for horizon; the engine checks
 * conservation at each end. */
static void run2(const az_model *m, const az_state *st, double horizon)
{
    az_sim *s;
    az_error err;
    assert_int_equal(az_sim_create(m, &s, &err), AZ_OK);
    assert_int_equal(az_sim_set_initial(s, st, &err), AZ_OK);
    for (uint64_t r = 0; r < 2; r++) {
        az_run_config c = {horizon, 0, 11, r, NULL};
        if (az_sim_run(s, &c, &err))
            fail_msg("replication %u: %s", (unsigned)r, err.msg);
        az_flow f = az_sim_flow(s);
        assert_true(f.released >= az_state_units(st));
    }
    az_sim_free(s);
}

static void test_line_blocks(void **state)
{
    (void)state;
    az_model *m = load("examples/line-blocks.yaml");
    az_state *st;
    az_error err;
    assert_int_equal(az_state_load_file(m, "examples/state/line-blocks-"
                                           "wednesday.yaml",
                                        NULL, &st, &err),
                     AZ_OK);
    assert_int_equal(az_state_units(st), 71);
    assert_true(az_state_time(st) == 2 * 86400 + 14 * 3600); /* in s */
    assert_ptr_equal(az_state_model(st), m);
    double h;
    assert_int_equal(az_state_horizon(st, "end of week", &h, &err), AZ_OK);
    assert_true(h == 4 * 86400 + 10 * 3600);
    run2(m, st, h);
    az_state_free(st);
    az_model_free(m);
}

static void test_assembly(void **state)
{
    (void)state;
    az_model *m = load("examples/line-assembly.yaml");
    const char *t = "at: 1 07:00\n"
                    "units:\n"
                    "  - {station: assembly, product: board, where: "
                    "conveyor, count: 3, remaining: 1 min}\n"
                    "  - {station: assembly, product: board, where: "
                    "conveyor, count: 2}\n"
                    "  - {station: assembly, product: board, count: 4}\n"
                    "  - {station: assembly, product: board, where: machine, "
                    "count: 2, done: 30 s}\n"
                    "  - {station: display_prep, product: display, count: 5}\n"
                    "stores:\n"
                    "  - {station: assembly, component: display, count: 6}\n"
                    "  - {station: assembly, component: housing, count: 1}\n";
    az_state *st;
    az_error err;
    if (az_state_load_string(m, t, strlen(t), "a.yaml", NULL, &st, &err))
        fail_msg("%s", err.msg);
    run2(m, st, 600); /* 10 h, in minutes */
    az_state_free(st);
    az_model_free(m);
}

typedef struct seen {
    double first;
    int n;
} seen;

static void on_machine(void *ctx, double t, uint32_t x, uint32_t k,
                       az_machine_state st, uint32_t p, uint32_t u)
{
    (void)x, (void)k, (void)st, (void)p, (void)u;
    seen *s = ctx;
    if (!s->n++ || t < s->first)
        s->first = t;
}

static void test_observed_from_t0(void **state)
{
    (void)state;
    az_model *m = load("examples/tutorial-line.yaml");
    const char *t = "at: 3 06:00\n"
                    "units: [{station: screw, product: phone, count: 3}]\n";
    az_state *st;
    az_error err;
    assert_int_equal(az_state_load_string(m, t, strlen(t), "t", NULL, &st,
                                          &err), AZ_OK);
    az_sim *s;
    assert_int_equal(az_sim_create(m, &s, &err), AZ_OK);
    seen sn = {0, 0};
    az_observer obs = {.version = AZ_OBSERVER_VERSION, .machine = on_machine};
    assert_int_equal(az_sim_set_observer(s, &obs, &sn, NULL), AZ_OK);
    assert_int_equal(az_sim_set_initial(s, st, &err), AZ_OK);
    az_run_config c = {3600, 0, 1, 0, NULL};
    assert_int_equal(az_sim_run(s, &c, &err), AZ_OK);
    assert_true(sn.n > 0);
    assert_true(sn.first >= az_state_time(st));
    /* back to an empty line at 0 */
    assert_int_equal(az_sim_set_initial(s, NULL, &err), AZ_OK);
    sn.n = 0;
    assert_int_equal(az_sim_run(s, &c, &err), AZ_OK);
    assert_true(sn.first < az_state_time(st));
    az_sim_free(s);
    az_state_free(st);
    az_model_free(m);
}

static void test_bad_state_no_leak(void **state)
{
    (void)state;
    az_model *m = load("examples/tutorial-line.yaml");
    const char *t = "at: 3 06:00\n"
                    "units: [{station: nowhere, product: phone}]\n"
                    "machines: [{station: screw, machine: 9}]\n";
    az_state *st = (az_state *)1;
    az_error err;
    assert_int_equal(az_state_load_string(m, t, strlen(t), "t", NULL, &st,
                                          &err), AZ_EBADMODEL);
    assert_null(st);
    assert_int_equal(az_state_load_file(m, "/nonexistent/state.yaml", NULL,
                                        &st, &err), AZ_EIO);
    assert_int_equal(az_state_load_string(NULL, t, strlen(t), "t", NULL, &st,
                                          &err), AZ_EINVAL);
    az_state_free(NULL);
    az_model_free(m);
}

/* Fault injection: a run whose state fails the snapshot's own checks (a
 * unit index past the pool, planted by an observer) gets an internal
 * error that says so, not "out of memory", and no text. */
static void plant(void *ctx, double t, uint32_t station, uint32_t machine,
                  az_machine_state st, uint32_t product, uint32_t u)
{
    (void)t, (void)station, (void)machine, (void)st, (void)product, (void)u;
    az_sim *s = ctx;
    s->mcold[0].pack_chain = 0x7ffffff0; /* no carton here: never read */
}

static void test_snapshot_range_fault(void **state)
{
    (void)state;
    az_model *m = load("examples/tutorial-line.yaml");
    az_sim *s;
    az_error err;
    assert_int_equal(az_sim_create(m, &s, &err), AZ_OK);
    az_observer obs = {.version = AZ_OBSERVER_VERSION, .machine = plant};
    assert_int_equal(az_sim_set_observer(s, &obs, s, &err), AZ_OK);
    az_run_config c = {7200, 0, 5, 0, NULL};
    char *text = NULL;
    assert_int_equal(az_sim_snapshot(s, &c, 3600, &text, &err),
                     AZ_ERUNTIME);
    assert_null(text);
    assert_non_null(strstr(err.msg, "failed the snapshot's own checks"));
    az_sim_free(s);
    az_model_free(m);
}

/* A snapshot under the sanitizers: written, loaded, replication 0
 * restored and the others placed; a changed engine section is refused. */
static void test_snapshot_round_trip(void **state)
{
    (void)state;
    static const char *const ex[] = {"examples/line-blocks.yaml",
                                     "examples/line-assembly.yaml"};
    for (int k = 0; k < 2; k++) {
        az_model *m = load(ex[k]);
        az_sim *s;
        az_error err;
        char *text;
        assert_int_equal(az_sim_create(m, &s, &err), AZ_OK);
        double t = 30 * 3600 / az_model_time_unit_seconds(m);
        az_run_config c = {t, 0, 5, 0, NULL};
        assert_int_equal(az_sim_snapshot(s, &c, t, &text, &err), AZ_OK);
        az_state *st;
        if (az_state_load_string(m, text, strlen(text), "s", NULL, &st,
                                 &err))
            fail_msg("%s", err.msg);
        assert_true(az_state_time(st) == t);
        run2(m, st, t);
        az_state_free(st);
        /* one number more in the engine's data: refused, not misread */
        char *d = strstr(text, "  data: |\n    ");
        assert_non_null(d);
        size_t len = strlen(text);
        char *bad = malloc(len + 8);
        assert_non_null(bad);
        size_t at = (size_t)(d - text) + strlen("  data: |\n    ");
        memcpy(bad, text, at);
        memcpy(bad + at, "7 ", 2);
        memcpy(bad + at + 2, text + at, len - at + 1);
        assert_int_equal(az_state_load_string(m, bad, strlen(bad), "b", NULL,
                                              &st, &err), AZ_EBADMODEL);
        assert_non_null(strstr(err.msg, "data was changed after it was"));
        free(bad);
        /* the same file against a model with a machine more: the shop
         * floor fits, the engine section does not */
        const char *more = k ? "stations.smt.machines=2"
                             : "stations.inspection.machines=4";
        az_load_options lo = {&more, 1, NULL, NULL, NULL};
        az_model *m2;
        az_sim *s2;
        assert_int_equal(az_model_load_file(ex[k], &lo, &m2, NULL, &err),
                         AZ_OK);
        assert_int_equal(az_state_load_string(m2, text, strlen(text), "s",
                                              NULL, &st, &err), AZ_OK);
        assert_int_equal(az_sim_create(m2, &s2, &err), AZ_OK);
        assert_int_equal(az_sim_set_initial(s2, st, &err), AZ_OK);
        az_run_config c0 = {t, 0, 5, 0, NULL};
        assert_int_equal(az_sim_run(s2, &c0, &err), AZ_EINVAL);
        assert_non_null(strstr(err.msg, "engine section does not fit"));
        az_sim_free(s2);
        az_state_free(st);
        az_model_free(m2);
        free(text);
        az_sim_free(s);
        az_model_free(m);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_line_blocks),
        cmocka_unit_test(test_assembly),
        cmocka_unit_test(test_observed_from_t0),
        cmocka_unit_test(test_bad_state_no_leak),
        cmocka_unit_test(test_snapshot_round_trip),
        cmocka_unit_test(test_snapshot_range_fault),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
