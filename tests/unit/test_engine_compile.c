/*
 * test_engine_compile.c: the compile step (src/engine/compile.c). What it
 * decides once so that the event path need not: each station's feature
 * bits (none: the fast path), plain and exiting steps, hidden rework
 * steps, fixed sources, the machines' records. Reads the tables through
 * the engine's header.
 */
#include "engine_fixture.h"

#include "engine/engine.h"

static const char *const MODEL =
    "name: features\n"
    "time_unit: s\n"
    "products: [{name: A, family: f, mix: 0.5},"
    " {name: B, family: g, mix: 0.5}]\n"
    "release: {interarrival: 10 s}\n"
    "operators: {op: {size: 1}}\n"
    "stations:\n"
    "  plain: {machines: 3, process: 1 s}\n"
    "  setup: {process: 1 s, setup: {other_family: 2 s}}\n"
    "  fails: {process: 1 s, failures: {between: 100 s, repair: 1 s,"
    " clock: operating}}\n"
    "  oven: {process: 1 s, batch: {max: 4}}\n"
    "  staffed: {process: 1 s, operator: op}\n"
    "  fix: {process: 1 s}\n"
    "  pack: {process: 1 s, carton: 5}\n"
    "routes:\n"
    "  default: [plain, setup, fails, oven,"
    " {station: staffed, yield: 0.9, rework: fix}, pack]\n";

static void features(void **state)
{
    (void)state;
    az_model *m = fx_load(MODEL);
    az_sim *s;
    az_error err;
    assert_int_equal(az_sim_create(m, &s, &err), AZ_OK);
    assert_int_equal(s->nstation, 7);
    assert_int_equal(s->st[0].feat, 0); /* simple: the fast path */
    assert_int_equal(s->st[0].machines, 3);
    assert_int_equal(s->nmachine, 9);
    assert_int_equal(s->st[1].feat, SF_SETUP);
    assert_int_equal(s->st[2].feat, SF_FAIL | SF_OPCLOCK);
    assert_int_equal(s->st[3].feat, SF_BATCH);
    assert_int_equal(s->st[3].batch_max, 4);
    assert_int_equal(s->st[4].feat, SF_POOL | SF_POOLW); /* works with op */
    assert_int_equal(s->st[5].feat, 0);
    assert_int_equal(s->st[6].feat, SF_CARTON);
    assert_int_equal(s->st[6].carton, 5);
    /* every machine knows its station */
    for (uint32_t i = 0; i < s->nmachine; i++)
        assert_int_equal(s->mach_st[i], s->mach[i].station);
    az_sim_free(s);
    az_model_free(m);

    /* a pool for changeovers and repairs only: a unit's work does not
     * call on it (do_activity), and the end of a unit returns no one */
    m = fx_load("name: techs\n"
                "time_unit: s\n"
                "products: [{name: A, family: f, mix: 0.5},"
                " {name: B, family: g, mix: 0.5}]\n"
                "release: {interarrival: 10 s}\n"
                "operators: {tech: {size: 1}}\n"
                "stations:\n"
                "  cell: {process: 1 s, setup: {other_family: 2 s,"
                " operator: tech}, failures: {between: 100 s,"
                " repair: 1 s, operator: tech}}\n"
                "routes: {default: [cell]}\n");
    assert_int_equal(az_sim_create(m, &s, &err), AZ_OK);
    assert_int_equal(s->st[0].feat,
                     SF_SETUP | SF_POOL | SF_FAIL | SF_OPCLOCK);
    az_sim_free(s);
    az_model_free(m);
}

static void steps_and_sources(void **state)
{
    (void)state;
    az_model *m = fx_load(MODEL);
    az_sim *s;
    az_error err;
    assert_int_equal(az_sim_create(m, &s, &err), AZ_OK);
    /* two products of six steps, and one hidden rework step each */
    assert_int_equal(s->nstep, 2 * 6 + 2);
    const step_rt *a = &s->step[s->prod[0].first_step];
    assert_true(a[0].plain && !a[0].exits);
    assert_int_equal(a[0].next_station, 1);
    assert_false(a[4].plain); /* the test draws */
    assert_true(a[5].plain && a[5].exits);
    const step_rt *h = &s->step[a[4].rework];
    assert_true(h->hidden && h->plain);
    assert_int_equal(h->station, 5);
    assert_int_equal(h->next, s->prod[0].first_step + 4);
    /* a mix of two: drawn at each arrival, not fixed */
    assert_false(s->src[0].fixed);
    az_sim_free(s);
    az_model_free(m);

    m = fx_load("name: one\n"
                "time_unit: s\n"
                "products: [{name: p}]\n"
                "release: {interarrival: 10 s}\n"
                "stations: {a: {process: 1 s}, b: {process: 1 s}}\n"
                "routes: {default: [b, a]}\n");
    assert_int_equal(az_sim_create(m, &s, &err), AZ_OK);
    assert_true(s->src[0].fixed); /* one product, no plan, cap or draw */
    assert_int_equal(s->src[0].station, 1);
    az_sim_free(s);
    az_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(features),
        cmocka_unit_test(steps_and_sources),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
