/*
 * test_orders.c: orders with due dates (issue 16, part 2), against
 * figures computed by hand. Deterministic times, so every replication
 * gives the same figures, and each is checked exactly.
 *
 * One machine, 1 min a unit, orders released at once (interarrival 0):
 *   O1  a  60  released 0 00:00  due 0 02:00  -> out at 60 min, on time
 *   O2  b 120  released 0 00:00  due 0 02:00  -> 180 min, 60 min late
 *   O3  a  30  released 1 08:00  due 1 09:00  -> 1950 min, on time
 * Orders on time 2/3; units done by their due date 60 + 60 + 30 = 150 of
 * 210; mean tardiness 20 min; mean flow time (60 + 180 + 30) / 3 = 90.
 *
 * Earliest due date: O1 (due late) and O2 (due early) of 10 units each,
 * released together. The first unit (O1's) finds the machine idle; then
 * EDD takes O2's ten: O2 is out at 11 min, O1 at 20. FIFO: 10 and 20.
 *
 * By priority: O1 (5 units) is released at 0, one unit a minute; O2
 * (priority 2) and O3 (priority 1) at 0 00:02, while O1 still releases.
 * order_by: priority starts O3 after O1: O3 out at 10 min (units 6-10),
 * O2 at 15; by release time O2 is out at 10 and O3 at 15.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "validation_fixture.h"

static char dir[] = "/tmp/azalea-orders-XXXXXX";

static const char *write_csv(const char *name, const char *text)
{
    static char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return path;
}

static az_summary *run(const char *csv, const char *extra, const char *ia,
                       const char *dispatch, az_model **m)
{
    char text[2048];
    snprintf(text, sizeof text,
             "name: orders\ntime_unit: min\n"
             "run: {horizon: 5 d, replications: 3}\n"
             "products: [{name: a}, {name: b}]\n"
             "release: {orders: %s, interarrival: %s%s}\n"
             "stations:\n  cell: {process: 1 min, dispatch: %s}\n"
             "routes: {default: [cell]}\n",
             csv, ia, extra, dispatch);
    return vx_run(text, "orders.yaml", m);
}

static double mean(const az_summary *s, az_scope sc, uint32_t o,
                   az_metric_kind k)
{
    return az_summary_mean(s, az_summary_metric_index(s, sc, o, k));
}

static void test_hand_figures(void **state)
{
    (void)state;
    const char *csv = write_csv("hand.csv",
                                "order,product,quantity,release,due\n"
                                "O1,a,60,0 00:00,0 02:00\n"
                                "O2,b,120,0 00:00,0 02:00\n"
                                "O3,a,30,1 08:00,1 09:00\n");
    az_model *m;
    az_summary *s = run(csv, "", "0 min", "fifo", &m);
    const double done[] = {60, 180, 1950}, late[] = {0, 60, 0},
                 flow[] = {60, 180, 30}, on[] = {1, 0, 1};
    for (uint32_t o = 0; o < 3; o++) {
        assert_float_equal(mean(s, AZ_SCOPE_ORDER, o, AZ_M_COMPLETION),
                           done[o], 1e-9);
        assert_float_equal(mean(s, AZ_SCOPE_ORDER, o, AZ_M_TARDINESS),
                           late[o], 1e-9);
        assert_float_equal(mean(s, AZ_SCOPE_ORDER, o, AZ_M_FLOW_TIME),
                           flow[o], 1e-9);
        assert_float_equal(mean(s, AZ_SCOPE_ORDER, o, AZ_M_ON_TIME), on[o],
                           1e-9);
    }
    assert_float_equal(mean(s, AZ_SCOPE_SYSTEM, 0, AZ_M_ON_TIME), 2.0 / 3,
                       1e-9);
    assert_float_equal(mean(s, AZ_SCOPE_SYSTEM, 0, AZ_M_UNITS_ON_TIME),
                       150.0 / 210, 1e-9);
    assert_float_equal(mean(s, AZ_SCOPE_SYSTEM, 0, AZ_M_TARDINESS), 20,
                       1e-9);
    assert_float_equal(mean(s, AZ_SCOPE_SYSTEM, 0, AZ_M_FLOW_TIME), 90,
                       1e-9);
    assert_float_equal(mean(s, AZ_SCOPE_SYSTEM, 0, AZ_M_ORDERS_OPEN), 0,
                       1e-9);
    /* day 0: O1 and O2 due, 120 of 180 units on time; day 1: all;
     * week 0: 150 of 210; no backlog at either day's end */
    assert_float_equal(mean(s, AZ_SCOPE_DAY, 0, AZ_M_ADHERENCE), 120.0 / 180,
                       1e-9);
    assert_float_equal(mean(s, AZ_SCOPE_DAY, 1, AZ_M_ADHERENCE), 1, 1e-9);
    assert_float_equal(mean(s, AZ_SCOPE_WEEK, 0, AZ_M_ADHERENCE),
                       150.0 / 210, 1e-9);
    assert_float_equal(mean(s, AZ_SCOPE_DAY, 0, AZ_M_ORDER_BACKLOG), 0,
                       1e-9);
    az_summary_free(s);
    az_model_free(m);
}

static void test_earliest_due(void **state)
{
    (void)state;
    const char *csv = write_csv("edd.csv",
                                "order,product,quantity,release,due\n"
                                "O1,a,10,0 00:00,0 20:00\n"
                                "O2,b,10,0 00:00,0 00:15\n");
    az_model *m, *mf;
    az_summary *s = run(csv, "", "0 min", "earliest_due", &m);
    az_summary *f = run(csv, "", "0 min", "fifo", &mf);
    assert_float_equal(mean(s, AZ_SCOPE_ORDER, 1, AZ_M_COMPLETION), 11,
                       1e-9);
    assert_float_equal(mean(s, AZ_SCOPE_ORDER, 0, AZ_M_COMPLETION), 20,
                       1e-9);
    assert_float_equal(mean(s, AZ_SCOPE_SYSTEM, 0, AZ_M_ON_TIME), 1, 1e-9);
    assert_float_equal(mean(f, AZ_SCOPE_ORDER, 1, AZ_M_COMPLETION), 20,
                       1e-9);
    assert_float_equal(mean(f, AZ_SCOPE_ORDER, 1, AZ_M_TARDINESS), 5, 1e-9);
    az_summary_free(s);
    az_summary_free(f);
    az_model_free(m);
    az_model_free(mf);
}

static void test_order_by_priority(void **state)
{
    (void)state;
    const char *csv = write_csv("prio.csv",
                                "order,product,quantity,release,due,priority\n"
                                "O1,a,5,0 00:00,1 00:00,\n"
                                "O2,a,5,0 00:02,1 00:00,2\n"
                                "O3,b,5,0 00:02,1 00:00,1\n");
    az_model *m, *mr;
    az_summary *s = run(csv, ", order_by: priority", "1 min", "fifo", &m);
    az_summary *r = run(csv, "", "1 min", "fifo", &mr);
    assert_float_equal(mean(s, AZ_SCOPE_ORDER, 2, AZ_M_COMPLETION), 10,
                       1e-9);
    assert_float_equal(mean(s, AZ_SCOPE_ORDER, 1, AZ_M_COMPLETION), 15,
                       1e-9);
    assert_float_equal(mean(r, AZ_SCOPE_ORDER, 1, AZ_M_COMPLETION), 10,
                       1e-9);
    assert_float_equal(mean(r, AZ_SCOPE_ORDER, 2, AZ_M_COMPLETION), 15,
                       1e-9);
    az_summary_free(s);
    az_summary_free(r);
    az_model_free(m);
    az_model_free(mr);
}

static int setup(void **state)
{
    (void)state;
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    const char *f[] = {"hand.csv", "edd.csv", "prio.csv"};
    char p[256];
    for (size_t i = 0; i < 3; i++) {
        snprintf(p, sizeof p, "%s/%s", dir, f[i]);
        unlink(p);
    }
    return rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hand_figures),
        cmocka_unit_test(test_earliest_due),
        cmocka_unit_test(test_order_by_priority),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
