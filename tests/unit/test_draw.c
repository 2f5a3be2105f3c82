/*
 * test_draw.c: the line diagram's DOT text (draw.h) and the getters it
 * reads the model by (model.h, model_read.c), on models built in code:
 * a probabilistic branch and a loop back, a test with rework, a sampled
 * destructive step, an assembly with its component, merged edges of many
 * products, a run's figures, a long line folded into rows, and the
 * summary of a longer one. The layout
 * itself is Graphviz's and is tested end to end (tests/cli/test_draw.sh).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "azalea/draw.h"
#include "azalea/experiment.h"
#include "azalea/model.h"

static az_dist one(void)
{
    az_dist d;
    assert_int_equal(az_dist_constant(&d, 1, NULL), AZ_OK);
    return d;
}

static uint32_t station(az_model *m, const char *name, uint32_t machines)
{
    az_dist d = one();
    uint32_t x;
    assert_int_equal(az_model_add_station(m, name, machines, &d, &x, NULL),
                     AZ_OK);
    return x;
}

static char *dot_of(const az_model *m, const az_draw_options *o,
                    az_draw_info *info)
{
    char *dot = NULL;
    az_error err;
    assert_int_equal(az_draw_dot(m, o, &dot, info, &err), AZ_OK);
    assert_non_null(dot);
    return dot;
}

static void has(const char *dot, const char *what)
{
    if (!strstr(dot, what)) {
        print_error("missing: %s\nin:\n%s\n", what, dot);
        fail();
    }
}

/* a -> b, then b goes back to a with 0.2 or on to exit; b tests with
 * rework at r; a sampled destructive step d after b for product 2. */
static void test_routes(void **state)
{
    (void)state;
    az_model *m;
    az_dist ia = one();
    assert_int_equal(az_model_create("routes", &m, NULL), AZ_OK);
    uint32_t a = station(m, "a", 3), b = station(m, "b", 1),
             r = station(m, "r", 1), d = station(m, "d", 1);
    assert_int_equal(az_model_set_buffer(m, b, 7, NULL), AZ_OK);
    uint32_t p, q, src, s0, s1, s2;
    assert_int_equal(az_model_add_product(m, "p", &p, NULL), AZ_OK);
    assert_int_equal(az_model_add_product(m, "q", &q, NULL), AZ_OK);
    assert_int_equal(az_model_add_step(m, p, a, &s0, NULL), AZ_OK);
    assert_int_equal(az_model_add_step(m, p, b, &s1, NULL), AZ_OK);
    assert_int_equal(az_model_add_branch(m, p, s1, s0, 0.2, NULL), AZ_OK);
    assert_int_equal(az_model_add_branch(m, p, s1, AZ_EXIT, 0.8, NULL), AZ_OK);
    assert_int_equal(az_model_add_step(m, q, a, &s0, NULL), AZ_OK);
    assert_int_equal(az_model_add_step(m, q, b, &s1, NULL), AZ_OK);
    assert_int_equal(az_model_set_step_test(m, q, s1, 0.9, r, 2, NULL), AZ_OK);
    assert_int_equal(az_model_add_step(m, q, d, &s2, NULL), AZ_OK);
    assert_int_equal(az_model_set_step_sample(m, q, s2, 10, 1, NULL), AZ_OK);
    assert_int_equal(az_model_add_source(m, "in", &ia, &src, NULL), AZ_OK);
    assert_int_equal(az_model_source_add_product(m, src, p, 0.5, NULL), AZ_OK);
    assert_int_equal(az_model_source_add_product(m, src, q, 0.5, NULL), AZ_OK);
    assert_int_equal(az_model_check(m, NULL), AZ_OK);

    /* the getters */
    az_step_view v;
    assert_int_equal(az_model_step_count(m, q), 3);
    assert_true(az_model_step_view(m, q, 1, &v));
    assert_int_equal(v.station, b);
    assert_true(fabs(v.yield - 0.9) < 1e-12);
    assert_int_equal(v.rework, r);
    assert_int_equal(v.max_rework, 2);
    assert_true(az_model_step_view(m, q, 2, &v));
    assert_int_equal(v.sample_every, 10);
    assert_true(v.destructive);
    assert_false(az_model_step_view(m, q, 3, &v));
    assert_int_equal(v.station, 0); /* zeroed */
    assert_true(az_model_step_view(m, p, 1, &v));
    assert_int_equal(v.branches, 2);
    uint32_t to;
    double prob;
    assert_true(az_model_step_branch(m, p, 1, 0, &to, &prob));
    assert_int_equal(to, 0);
    assert_true(az_model_step_branch(m, p, 1, 1, &to, &prob));
    assert_int_equal(to, AZ_EXIT);
    assert_false(az_model_step_branch(m, p, 1, 2, &to, &prob));
    assert_string_equal(az_model_source_name(m, 0), "in");
    assert_null(az_model_source_name(m, 1));
    assert_true(az_model_source_releases(m, src, q));
    az_source_view rv;
    assert_true(az_model_source_view(m, src, &rv));
    assert_true(rv.interarrival == 1 && !rv.wip_cap && !rv.plan);
    assert_false(az_model_source_view(m, 1, &rv));
    assert_false(az_model_source_releases(m, 5, q));
    az_station_view sv;
    assert_true(az_model_station_view(m, b, &sv));
    assert_int_equal(sv.buffer, 7);
    assert_false(az_model_station_view(m, 9, &sv));

    az_draw_info info;
    char *dot = dot_of(m, NULL, &info);
    assert_false(info.summary);
    has(dot, "id=\"st-a\"");
    has(dot, "label=\"in\\nevery 1 s\"");
    has(dot, "label=\"a ×3\"");
    has(dot, "id=\"buf-b\", class=\"buffer\"");
    has(dot, "id=\"edge-in-a\", class=\"route\"];"); /* both products */
    has(dot, "id=\"edge-a-b\"");
    has(dot, "id=\"feed-b\"");
    has(dot, "id=\"edge-b-a\", class=\"route\", label=\"p\""); /* the loop */
    has(dot, "id=\"exit-b\"");
    has(dot, "id=\"rework-b-r\"");
    has(dot, "rework (≤ 2)");
    has(dot, "id=\"rework-r-b\"");
    has(dot, "id=\"scrap-b\"");
    has(dot, "id=\"edge-b-d\", class=\"route\", label=\"q\", style=dashed, "
             "headlabel=\"1 in 10\"");
    has(dot, "id=\"scrap-d\"");
    has(dot, "class=\"station test\", shape=hexagon");
    has(dot, "yield 90 %");
    /* the destructive step sends nothing on: q leaves from b when not
     * sampled, never from d */
    assert_null(strstr(dot, "exit-d"));
    assert_int_equal(info.edges, 10);
    free(dot);

    /* A run's figures: a fill per station, the bottleneck, buffer content;
     * results of another model are refused. */
    az_experiment_config cfg = az_experiment_defaults();
    cfg.horizon = 500;
    cfg.replications = 2;
    cfg.threads = 1;
    az_summary *s;
    assert_int_equal(az_experiment_run(m, &cfg, &s, NULL), AZ_OK);
    az_draw_options o = {s, 0};
    dot = dot_of(m, &o, NULL);
    has(dot, "working ");
    has(dot, "BOTTLENECK");
    has(dot, "penwidth=3");
    has(dot, " / 7\"");
    free(dot);
    az_model *other;
    assert_int_equal(az_model_create("other", &other, NULL), AZ_OK);
    for (int k = 0; k < 6; k++) {
        char name[16];
        snprintf(name, sizeof name, "x%d", k);
        station(other, name, 1);
    }
    az_error err;
    dot = (char *)1;
    assert_int_equal(az_draw_dot(other, &o, &dot, NULL, &err), AZ_EINVAL);
    assert_null(dot);
    has(err.msg, "not those of model 'other'");
    az_model_free(other);
    az_summary_free(s);
    az_model_free(m);
}

/* An assembly: the component's route ends in the store, in blue, and
 * never at the exit. A quote in a name stays inside its DOT string. */
static void test_assembly(void **state)
{
    (void)state;
    az_model *m;
    az_dist ia = one();
    assert_int_equal(az_model_create("asm \"1\"", &m, NULL), AZ_OK);
    uint32_t prep = station(m, "prep", 1), join = station(m, "join", 2);
    uint32_t main_p, comp, src, st;
    assert_int_equal(az_model_add_product(m, "board", &main_p, NULL), AZ_OK);
    assert_int_equal(az_model_add_product(m, "display", &comp, NULL), AZ_OK);
    assert_int_equal(az_model_add_step(m, main_p, join, &st, NULL), AZ_OK);
    assert_int_equal(az_model_add_step(m, comp, prep, &st, NULL), AZ_OK);
    assert_int_equal(az_model_add_step(m, comp, join, &st, NULL), AZ_OK);
    assert_int_equal(az_model_set_assembly(m, join, comp, 2, NULL), AZ_OK);
    assert_int_equal(az_model_add_source(m, "in", &ia, &src, NULL), AZ_OK);
    assert_int_equal(az_model_source_add_product(m, src, main_p, 0.5, NULL),
                     AZ_OK);
    assert_int_equal(az_model_source_add_product(m, src, comp, 0.5, NULL),
                     AZ_OK);
    uint32_t cp, qty;
    assert_true(az_model_station_component(m, join, 0, &cp, &qty));
    assert_int_equal(cp, comp);
    assert_int_equal(qty, 2);
    assert_false(az_model_station_component(m, join, 1, &cp, &qty));
    char *dot = dot_of(m, NULL, NULL);
    has(dot, "label=\"asm \\\"1\\\"\"");
    has(dot, "class=\"station assembly\", shape=trapezium");
    has(dot, "id=\"edge-prep-join\", class=\"component\"");
    has(dot, "label=\"display ×2\"");
    has(dot, "id=\"exit-join\"");
    assert_null(strstr(dot, "exit-prep"));
    free(dot);
    az_model_free(m);
}

/* 40 products on one serial line give one edge per pair; a line longer
 * than detail_max is a summary of boxes of stations in series. */
static void test_merge_and_summary(void **state)
{
    (void)state;
    az_model *m;
    az_dist ia = one();
    assert_int_equal(az_model_create("long", &m, NULL), AZ_OK);
    enum { N = 300, P = 40 };
    for (int k = 0; k < N; k++) {
        char name[16];
        snprintf(name, sizeof name, "s%03d", k);
        station(m, name, 1);
    }
    uint32_t src;
    assert_int_equal(az_model_add_source(m, "in", &ia, &src, NULL), AZ_OK);
    for (int j = 0; j < P; j++) {
        char name[16];
        uint32_t p, st;
        snprintf(name, sizeof name, "p%d", j);
        assert_int_equal(az_model_add_product(m, name, &p, NULL), AZ_OK);
        for (uint32_t k = 0; k < N; k++)
            assert_int_equal(az_model_add_step(m, p, k, &st, NULL), AZ_OK);
        assert_int_equal(az_model_source_add_product(m, src, p, 1.0 / P,
                                                     NULL), AZ_OK);
    }
    az_draw_info info;
    char *dot = dot_of(m, NULL, &info);
    assert_false(info.summary);
    assert_int_equal(info.edges, N + 1); /* release, N - 1 links, exit */
    assert_int_equal(info.nodes, N + 2);
    /* 302 columns fold into 11 rows of 28 */
    has(dot, "f0 -> f1 -> f2");
    has(dot, "{ rank=same; f0; n0; n28; n56;");
    has(dot, "id=\"edge-s026-s027\", class=\"route\", constraint=false");
    assert_null(strstr(dot, "f28"));
    free(dot);
    az_draw_options o = {NULL, 100};
    dot = dot_of(m, &o, &info);
    assert_true(info.summary);
    has(info.note, "Summary: 300 stations, more than 100");
    has(dot, "Summary: 300 stations");
    has(dot, "id=\"group-1\"");
    has(dot, "label=\"s000 … s004\\n5 stations, 5 machines\"");
    assert_int_equal(info.nodes, 60 + 2);
    assert_null(strstr(dot, "id=\"st-"));
    free(dot);
    az_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_routes),
        cmocka_unit_test(test_assembly),
        cmocka_unit_test(test_merge_and_summary),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
