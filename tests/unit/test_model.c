/* test_model.c: building models in code, and every check's exact message. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "azalea/model.h"

typedef struct fixture {
    az_model *m;
    az_dist exp1;
    uint32_t st, p, src;
} fixture;

/* A valid one-station model: the tests break one thing at a time. */
static int setup(void **state)
{
    static fixture f;
    memset(&f, 0, sizeof f);
    if (az_model_create("t", &f.m, NULL) ||
        az_dist_exponential(&f.exp1, 1, NULL) ||
        az_model_add_station(f.m, "s", 1, &f.exp1, &f.st, NULL) ||
        az_model_add_product(f.m, "p", &f.p, NULL) ||
        az_model_add_step(f.m, f.p, f.st, NULL, NULL) ||
        az_model_add_source(f.m, "in", &f.exp1, &f.src, NULL))
        return -1;
    *state = &f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    az_model_free(f->m);
    return 0;
}

static void expect(az_status got, az_status want, const az_error *err,
                   const char *msg)
{
    assert_int_equal(got, want);
    assert_int_equal(err->code, want);
    assert_string_equal(err->msg, msg);
}

static void test_valid_model_checks(void **state)
{
    fixture *f = *state;
    az_error err;
    assert_int_equal(az_model_source_add_product(f->m, f->src, f->p, 1, &err),
                     AZ_OK);
    assert_int_equal(az_model_check(f->m, &err), AZ_OK);
    assert_int_equal(az_model_station_count(f->m), 1);
    assert_string_equal(az_model_station_name(f->m, 0), "s");
    assert_null(az_model_station_name(f->m, 1));
    assert_int_equal(az_model_station_machines(f->m, 0), 1);
    assert_int_equal(az_model_product_count(f->m), 1);
    assert_string_equal(az_model_product_name(f->m, 0), "p");
    assert_int_equal(az_model_source_count(f->m), 1);
    assert_string_equal(az_model_name(f->m), "t");
    assert_string_equal(az_model_time_unit(f->m), "s");
}

/* Names are unique across stations, products, sources and pools, however
 * many there are and in whatever order the kinds grow (the check is a hash
 * set that is rebuilt as it grows). */
static void test_many_names(void **state)
{
    fixture *f = *state;
    az_error err;
    uint32_t i;
    char nm[32];
    for (int k = 0; k < 3000; k++) {
        snprintf(nm, sizeof nm, "st%d", k);
        assert_int_equal(az_model_add_station(f->m, nm, 1, &f->exp1, &i, &err),
                         AZ_OK);
        if (k % 100 == 0) {
            snprintf(nm, sizeof nm, "pr%d", k);
            assert_int_equal(az_model_add_product(f->m, nm, &i, &err), AZ_OK);
        }
    }
    assert_int_equal(az_model_add_pool(f->m, "crew", 2, &i, &err), AZ_OK);
    expect(az_model_add_station(f->m, "st0", 1, &f->exp1, &i, &err),
           AZ_EINVAL, &err, "duplicate name 'st0'");
    expect(az_model_add_station(f->m, "st2999", 1, &f->exp1, &i, &err),
           AZ_EINVAL, &err, "duplicate name 'st2999'");
    expect(az_model_add_product(f->m, "pr2900", &i, &err), AZ_EINVAL, &err,
           "duplicate name 'pr2900'");
    expect(az_model_add_pool(f->m, "st1234", 1, &i, &err), AZ_EINVAL, &err,
           "duplicate name 'st1234'");
    expect(az_model_add_station(f->m, "crew", 1, &f->exp1, &i, &err),
           AZ_EINVAL, &err, "duplicate name 'crew'");
    expect(az_model_add_product(f->m, "s", &i, &err), AZ_EINVAL, &err,
           "duplicate name 's'");
    assert_int_equal(az_model_add_product(f->m, "st3000", &i, &err), AZ_OK);
}

static void test_builder_errors(void **state)
{
    fixture *f = *state;
    az_error err;
    uint32_t i;
    expect(az_model_add_station(f->m, "x", 0, &f->exp1, &i, &err), AZ_EINVAL,
           &err, "station 'x': machines must be >= 1");
    expect(az_model_add_station(f->m, "s", 1, &f->exp1, &i, &err), AZ_EINVAL,
           &err, "duplicate name 's'");
    expect(az_model_add_product(f->m, "in", &i, &err), AZ_EINVAL, &err,
           "duplicate name 'in'");
    expect(az_model_add_product(f->m, "", &i, &err), AZ_EINVAL, &err,
           "a name must not be empty");
    expect(az_model_add_step(f->m, 7, f->st, &i, &err), AZ_EINVAL, &err,
           "no product 7");
    expect(az_model_add_step(f->m, f->p, 9, &i, &err), AZ_EINVAL, &err,
           "no station 9");
    expect(az_model_add_branch(f->m, f->p, 0, 3, 0.5, &err), AZ_EINVAL, &err,
           "product 'p': branch names a step that does not exist");
    expect(az_model_add_branch(f->m, f->p, 0, AZ_EXIT, 1.5, &err), AZ_EINVAL,
           &err, "product 'p': branch probability must be in [0, 1] (got 1.5)");
    expect(az_model_source_add_product(f->m, f->src, f->p, -0.1, &err),
           AZ_EINVAL, &err, "source 'in': share must be in [0, 1] (got -0.1)");
    expect(az_model_source_add_product(f->m, 5, f->p, 1, &err), AZ_EINVAL,
           &err, "no source 5");
    expect(az_model_set_time_unit(f->m, "min", 0, &err), AZ_EINVAL, &err,
           "time unit must be a positive number of seconds");
}

/* Every setter's argument checks, with their exact messages. */
static void test_setter_errors(void **state)
{
    fixture *f = *state;
    az_error err;
    az_dist zero;
    uint32_t q, pool, g = 0;
    assert_int_equal(az_dist_constant(&zero, 0, NULL), AZ_OK);
    assert_int_equal(az_model_set_machines(f->m, f->st, 2, NULL), AZ_OK);
    assert_int_equal(az_model_add_product(f->m, "q", &q, NULL), AZ_OK);
    assert_int_equal(az_model_add_pool(f->m, "ops", 2, &pool, NULL), AZ_OK);
    const double one[1] = {1}, two[2] = {1, 0};
    expect(az_model_set_machine_speeds(f->m, f->st, one, 1, &err), AZ_EINVAL,
           &err, "station 's': 1 speeds for 2 machines");
    expect(az_model_set_machine_speeds(f->m, f->st, two, 2, &err), AZ_EINVAL,
           &err, "station 's': speed of machine 2 must be > 0 (got 0)");
    assert_int_equal(az_model_set_product_process(f->m, f->st, f->p,
                                                  &f->exp1, NULL), AZ_OK);
    expect(az_model_set_product_process(f->m, f->st, f->p, &f->exp1, &err),
           AZ_EINVAL, &err,
           "station 's': product 'p' already has its own process time");
    expect(az_model_set_setup_between(f->m, f->st, "", "b", &f->exp1, &err),
           AZ_EINVAL, &err, "a family name must not be empty");
    assert_int_equal(az_model_set_setup_between(f->m, f->st, "a", "b",
                                                &f->exp1, NULL), AZ_OK);
    expect(az_model_set_setup_between(f->m, f->st, "a", "b", &f->exp1, &err),
           AZ_EINVAL, &err, "station 's': setup from 'a' to 'b' given twice");
    expect(az_model_set_batch(f->m, f->st, 3, 2, INFINITY, 0, &err),
           AZ_EINVAL, &err,
           "station 's': batch needs 1 <= min <= max (got min 3, max 2)");
    expect(az_model_set_batch(f->m, f->st, 1, 2, -1, 0, &err), AZ_EINVAL,
           &err, "station 's': batch max_wait must be >= 0");
    expect(az_model_set_assembly(f->m, f->st, q, 0, &err), AZ_EINVAL, &err,
           "station 's': a component quantity must be >= 1");
    assert_int_equal(az_model_set_assembly(f->m, f->st, q, 1, NULL), AZ_OK);
    expect(az_model_set_assembly(f->m, f->st, q, 1, &err), AZ_EINVAL, &err,
           "station 's' assembles 'q' twice");
    expect(az_model_set_carton(f->m, f->st, 0, &err), AZ_EINVAL, &err,
           "station 's': carton size must be >= 1");
    expect(az_model_add_pool(f->m, "x", 0, &q, &err), AZ_EINVAL, &err,
           "pool 'x': size must be >= 1");
    expect(az_model_set_pool_shift_size(f->m, 9, 0, 1, &err), AZ_EINVAL, &err,
           "no pool 9");
    expect(az_model_set_pool_shift_size(f->m, pool, 0, 1, &err), AZ_EINVAL,
           &err, "no shift 0");
    expect(az_model_set_operator(f->m, f->st, (az_activity)7, pool, &err),
           AZ_EINVAL, &err, "no activity 7");
    expect(az_model_set_operator(f->m, f->st, AZ_ACT_PROCESS, 9, &err),
           AZ_EINVAL, &err, "no pool 9");
    expect(az_model_add_shift(f->m, -1, 100, 1, &err), AZ_EINVAL, &err,
           "shift times must be within the day (got -1 to 100 s)");
    expect(az_model_add_shift(f->m, 0, 100, 0, &err), AZ_EINVAL, &err,
           "a shift needs at least one weekday");
    expect(az_model_add_shift(f->m, 100, 100, 1, &err), AZ_EINVAL, &err,
           "a shift cannot start when it ends");
    expect(az_model_add_break(f->m, 0, 0, &err), AZ_EINVAL, &err,
           "a break must start within the day and last less than a day");
    expect(az_model_add_break(f->m, -5, 60, &err), AZ_EINVAL, &err,
           "a break must start within the day and last less than a day");
    expect(az_model_set_step_test(f->m, f->p, g, 1.5, AZ_NO_STATION, 0, &err),
           AZ_EINVAL, &err, "product 'p': test yield must be in (0, 1] (got 1.5)");
    expect(az_model_set_step_sample(f->m, f->p, g, 0, 0, &err), AZ_EINVAL,
           &err, "product 'p': sample every must be >= 1");
    expect(az_model_set_step_sample(f->m, f->p, g, 1, 1, &err), AZ_EINVAL,
           &err, "product 'p': a destructive test of every unit would scrap "
                 "them all (sample every >= 2)");
    assert_int_equal(az_model_set_step_sample(f->m, f->p, g, 2, 1, NULL), AZ_OK);
    expect(az_model_set_wip_cap(f->m, 9, 1, &err), AZ_EINVAL, &err,
           "no source 9");
    expect(az_model_set_wip_cap(f->m, f->src, 0, &err), AZ_EINVAL, &err,
           "source 'in': WIP cap must be >= 1");
    expect(az_model_set_sequence(f->m, f->src, NULL, 0, &err), AZ_EINVAL,
           &err, "source 'in': empty sequence");
    const az_plan_entry plan[2] = {{2, 0, 1}, {1, 0, 1}};
    expect(az_model_set_plan(f->m, f->src, plan, 0, &err), AZ_EINVAL, &err,
           "source 'in': empty plan");
    expect(az_model_set_plan(f->m, f->src, plan, 2, &err), AZ_EINVAL, &err,
           "source 'in': plan days must not go back (day 1 after day 2)");
    expect(az_model_set_failures(f->m, f->st, &zero, &f->exp1,
                                 AZ_FAIL_CALENDAR, &err), AZ_EINVAL, &err,
           "station 's': mean time between failures must be > 0");
}

static void test_check_saturated_source_needs_buffer(void **state)
{
    fixture *f = *state;
    az_error err;
    az_dist zero;
    uint32_t z;
    assert_int_equal(az_dist_constant(&zero, 0, NULL), AZ_OK);
    assert_int_equal(az_model_add_source(f->m, "z", &zero, &z, &err), AZ_OK);
    assert_int_equal(az_model_source_add_product(f->m, f->src, f->p, 1, NULL),
                     AZ_OK);
    assert_int_equal(az_model_source_add_product(f->m, z, f->p, 1, NULL), AZ_OK);
    expect(az_model_check(f->m, &err), AZ_EBADMODEL, &err,
           "source 'z' releases with zero interarrival time, so station 's' "
           "needs a finite buffer");
    assert_int_equal(az_model_set_buffer(f->m, f->st, 0, &err), AZ_OK);
    assert_int_equal(az_model_check(f->m, &err), AZ_OK);
    assert_int_equal(az_model_station_buffer(f->m, f->st), 0);
}

static void test_check_no_product_released(void **state)
{
    fixture *f = *state;
    az_error err;
    expect(az_model_check(f->m, &err), AZ_EBADMODEL, &err,
           "source 'in' releases no product");
}

static void test_check_shares(void **state)
{
    fixture *f = *state;
    az_error err;
    assert_int_equal(az_model_source_add_product(f->m, f->src, f->p, 0.5, NULL),
                     AZ_OK);
    assert_int_equal(az_model_source_add_product(f->m, f->src, f->p, 0.4, NULL),
                     AZ_OK);
    expect(az_model_check(f->m, &err), AZ_EBADMODEL, &err,
           "source 'in': product shares sum to 0.9, expected 1");
}

static void test_check_branch_sum(void **state)
{
    fixture *f = *state;
    az_error err;
    assert_int_equal(az_model_source_add_product(f->m, f->src, f->p, 1, NULL),
                     AZ_OK);
    assert_int_equal(az_model_add_branch(f->m, f->p, 0, AZ_EXIT, 0.7, NULL),
                     AZ_OK);
    expect(az_model_check(f->m, &err), AZ_EBADMODEL, &err,
           "product 'p', step 0 (s): branch probabilities sum to 0.7, "
           "expected 1");
}

static void test_check_trapped_route(void **state)
{
    fixture *f = *state;
    az_error err;
    uint32_t s2;
    assert_int_equal(az_model_source_add_product(f->m, f->src, f->p, 1, NULL),
                     AZ_OK);
    assert_int_equal(az_model_add_step(f->m, f->p, f->st, &s2, NULL), AZ_OK);
    /* step 1 loops back to step 0 for ever: nothing ever leaves. */
    assert_int_equal(az_model_add_branch(f->m, f->p, s2, 0, 1, NULL), AZ_OK);
    expect(az_model_check(f->m, &err), AZ_EBADMODEL, &err,
           "product 'p': from step 0 (s) the route can never leave the system");
}

/* The checks of batches, packaging and assembly that the loader makes
 * first for a file, reached here through the C API. */
static void test_check_station_kinds(void **state)
{
    fixture *f = *state;
    az_error err;
    uint32_t c, s2;
    assert_int_equal(az_model_source_add_product(f->m, f->src, f->p, 1, NULL),
                     AZ_OK);
    assert_int_equal(az_model_set_batch(f->m, f->st, 2, 4, INFINITY, 0, NULL),
                     AZ_OK);
    assert_int_equal(az_model_check(f->m, &err), AZ_OK); /* unlimited */
    assert_int_equal(az_model_set_buffer(f->m, f->st, 3, NULL), AZ_OK);
    expect(az_model_check(f->m, &err), AZ_EBADMODEL, &err,
           "station 's': its buffer (3) cannot hold a full batch (4)");
    assert_int_equal(az_model_set_buffer(f->m, f->st, 4, NULL), AZ_OK);
    assert_int_equal(az_model_check(f->m, &err), AZ_OK);
    assert_int_equal(az_model_set_carton(f->m, f->st, 10, NULL), AZ_OK);
    expect(az_model_check(f->m, &err), AZ_EBADMODEL, &err,
           "station 's' cannot both batch and pack");

    /* a second model: assembly, and packaging in the middle of a route */
    az_model *m;
    uint32_t a, b, p, src;
    assert_int_equal(az_model_create("kinds", &m, NULL), AZ_OK);
    assert_int_equal(az_model_add_station(m, "a", 1, &f->exp1, &a, NULL), AZ_OK);
    assert_int_equal(az_model_add_station(m, "b", 1, &f->exp1, &b, NULL), AZ_OK);
    assert_int_equal(az_model_add_product(m, "phone", &p, NULL), AZ_OK);
    assert_int_equal(az_model_add_product(m, "lcd", &c, NULL), AZ_OK);
    assert_int_equal(az_model_add_step(m, p, a, NULL, NULL), AZ_OK);
    assert_int_equal(az_model_add_step(m, p, b, &s2, NULL), AZ_OK);
    assert_int_equal(az_model_add_step(m, c, a, NULL, NULL), AZ_OK);
    assert_int_equal(az_model_add_source(m, "in", &f->exp1, &src, NULL), AZ_OK);
    assert_int_equal(az_model_source_add_product(m, src, p, 0.5, NULL), AZ_OK);
    assert_int_equal(az_model_source_add_product(m, src, c, 0.5, NULL), AZ_OK);
    assert_int_equal(az_model_set_assembly(m, b, c, 1, NULL), AZ_OK);
    expect(az_model_check(m, &err), AZ_EBADMODEL, &err,
           "station 'b' assembles 'lcd', but the route of 'lcd' does not end "
           "there");
    assert_int_equal(az_model_add_step(m, c, b, NULL, NULL), AZ_OK);
    assert_int_equal(az_model_check(m, &err), AZ_OK);
    assert_int_equal(az_model_set_batch(m, b, 1, 1, INFINITY, 0, NULL), AZ_OK);
    expect(az_model_check(m, &err), AZ_EBADMODEL, &err,
           "station 'b' cannot both batch and assemble");
    az_model_free(m);

    assert_int_equal(az_model_create("pack", &m, NULL), AZ_OK);
    assert_int_equal(az_model_add_station(m, "a", 1, &f->exp1, &a, NULL), AZ_OK);
    assert_int_equal(az_model_add_station(m, "b", 1, &f->exp1, &b, NULL), AZ_OK);
    assert_int_equal(az_model_add_product(m, "phone", &p, NULL), AZ_OK);
    assert_int_equal(az_model_add_step(m, p, a, NULL, NULL), AZ_OK);
    assert_int_equal(az_model_add_step(m, p, b, NULL, NULL), AZ_OK);
    assert_int_equal(az_model_add_source(m, "in", &f->exp1, &src, NULL), AZ_OK);
    assert_int_equal(az_model_source_add_product(m, src, p, 1, NULL), AZ_OK);
    assert_int_equal(az_model_set_carton(m, a, 10, NULL), AZ_OK);
    expect(az_model_check(m, &err), AZ_EBADMODEL, &err,
           "product 'phone': packaging station 'a' must be the last step of "
           "the route");
    az_model_free(m);
}

static void test_check_no_route_no_source(void **state)
{
    (void)state;
    az_model *m;
    az_error err;
    uint32_t p;
    assert_int_equal(az_model_create(NULL, &m, NULL), AZ_OK);
    assert_string_equal(az_model_name(m), "model");
    expect(az_model_check(m, &err), AZ_EBADMODEL, &err,
           "the model has no source");
    assert_int_equal(az_model_add_product(m, "lonely", &p, NULL), AZ_OK);
    az_dist d;
    assert_int_equal(az_dist_exponential(&d, 2, NULL), AZ_OK);
    uint32_t src;
    assert_int_equal(az_model_add_source(m, "in", &d, &src, NULL), AZ_OK);
    assert_int_equal(az_model_source_add_product(m, src, p, 1, NULL), AZ_OK);
    expect(az_model_check(m, &err), AZ_EBADMODEL, &err,
           "product 'lonely' has no route");
    az_model_free(m);
    az_model_free(NULL);
}

/* The error record: every status has its own description, a cleared
 * record is empty, and a message too long for the record is cut, not
 * overrun. */
static void test_error_record(void **state)
{
    (void)state;
    const char *seen[AZ_ERUNTIME + 1];
    for (int c = AZ_OK; c <= AZ_ERUNTIME; c++) {
        seen[c] = az_strerror((az_status)c);
        assert_true(seen[c][0] != '\0');
        assert_string_not_equal(seen[c], "unknown error");
        for (int d = AZ_OK; d < c; d++)
            assert_string_not_equal(seen[c], seen[d]);
    }
    assert_string_equal(az_strerror((az_status)99), "unknown error");
    az_error e;
    char big[2 * AZ_ERROR_MSG_MAX];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    assert_int_equal(az_error_set_at(&e, AZ_EIO, big, 3, 4, "%s", big), AZ_EIO);
    assert_int_equal(strlen(e.msg), AZ_ERROR_MSG_MAX - 1);
    assert_int_equal(strlen(e.file), AZ_ERROR_FILE_MAX - 1);
    assert_int_equal(e.line, 3);
    az_error_clear(&e);
    assert_int_equal(e.code, AZ_OK);
    assert_string_equal(e.msg, "");
    assert_string_equal(e.file, "");
    assert_int_equal(e.line, 0);
    az_error_clear(NULL); /* allowed, like free(NULL) */
    assert_int_equal(az_error_set(NULL, AZ_EINVAL, "nobody asked"), AZ_EINVAL);
}

static void test_time_unit(void **state)
{
    fixture *f = *state;
    assert_int_equal(az_model_set_time_unit(f->m, "min", 60, NULL), AZ_OK);
    assert_string_equal(az_model_time_unit(f->m), "min");
    assert_true(az_model_time_unit_seconds(f->m) == 60);
    assert_int_equal(az_model_set_time_unit(f->m, "", 60, NULL), AZ_EINVAL);
}

/* Orders: each bad argument is refused with its message, the model
 * unchanged; a good list is kept sorted by release, stably. */
static void test_orders(void **state)
{
    fixture *f = *state;
    az_error e;
    az_order o[3] = {{"A", f->p, 5, 10, 20, 0}, {"B", f->p, 5, 0, 30, 2},
                     {"C", f->p, 5, 10, 15, 1}};
    expect(az_model_set_orders(f->m, f->src, o, 0, 0, &e), AZ_EINVAL, &e,
           "source 'in': no orders");
    az_order bad = o[0];
    bad.quantity = 0;
    expect(az_model_set_orders(f->m, f->src, &bad, 1, 0, &e), AZ_EINVAL, &e,
           "order 'A': quantity must be >= 1");
    bad = o[0];
    bad.release = -1;
    expect(az_model_set_orders(f->m, f->src, &bad, 1, 0, &e), AZ_EINVAL, &e,
           "order 'A': release must be a finite time >= 0");
    bad = o[0];
    bad.id = "";
    expect(az_model_set_orders(f->m, f->src, &bad, 1, 0, &e), AZ_EINVAL, &e,
           "source 'in': an order needs an id");
    bad = o[0];
    bad.product = 7;
    expect(az_model_set_orders(f->m, f->src, &bad, 1, 0, &e), AZ_EINVAL, &e,
           "order 'A': no product 7");
    az_order twice[2] = {o[0], o[0]};
    expect(az_model_set_orders(f->m, f->src, twice, 2, 0, &e), AZ_EINVAL, &e,
           "order 'A' is given twice: an order's id must be unique");
    assert_int_equal(az_model_order_count(f->m), 0);
    assert_int_equal(az_model_set_orders(f->m, f->src, o, 3, 1, &e), AZ_OK);
    assert_int_equal(az_model_order_count(f->m), 3);
    const char *want[] = {"B", "A", "C"}; /* by release, A before C */
    for (size_t i = 0; i < 3; i++) {
        az_order got;
        assert_int_equal(az_model_order(f->m, i, &got, NULL), AZ_OK);
        assert_string_equal(got.id, want[i]);
    }
    az_order none;
    assert_int_equal(az_model_order(f->m, 3, &none, NULL), AZ_EINVAL);
    /* orders beside a sequence are az_model_check's error */
    assert_int_equal(az_model_set_sequence(f->m, f->src, &f->p, 1, NULL),
                     AZ_OK);
    expect(az_model_check(f->m, &e), AZ_EBADMODEL, &e,
           "source 'in': its orders say what it releases, so it has no "
           "sequence");
}

/* Campaigns: bad arguments refused; a family outside the mix is
 * az_model_check's error. */
static void test_campaigns(void **state)
{
    fixture *f = *state;
    az_error e;
    az_campaign c[2] = {{"p", 10, 0}, {"q", 0, 5}};
    expect(az_model_set_campaigns(f->m, f->src, c, 0, &e), AZ_EINVAL, &e,
           "source 'in': no campaigns");
    az_campaign both = {"p", 10, 5}, neither = {"p", 0, 0}, none = {"", 1, 0};
    expect(az_model_set_campaigns(f->m, f->src, &both, 1, &e), AZ_EINVAL, &e,
           "source 'in': campaign 1 (family 'p') needs either units >= 1 "
           "or a time > 0, not both");
    expect(az_model_set_campaigns(f->m, f->src, &neither, 1, &e), AZ_EINVAL,
           &e, "source 'in': campaign 1 (family 'p') needs either units >= "
           "1 or a time > 0, not both");
    expect(az_model_set_campaigns(f->m, f->src, &none, 1, &e), AZ_EINVAL, &e,
           "source 'in': campaign 1 names no family");
    assert_int_equal(az_model_source_add_product(f->m, f->src, f->p, 1, NULL),
                     AZ_OK);
    assert_int_equal(az_model_set_campaigns(f->m, f->src, c, 2, &e), AZ_OK);
    expect(az_model_check(f->m, &e), AZ_EBADMODEL, &e,
           "source 'in': campaign 2 releases family 'q', which no product "
           "of its mix belongs to");
    assert_int_equal(az_model_set_campaigns(f->m, f->src, c, 1, &e), AZ_OK);
    assert_int_equal(az_model_check(f->m, &e), AZ_OK);
}

/* The start date: 1970 to 9999, read back as set. */
static void test_start(void **state)
{
    fixture *f = *state;
    az_error e;
    int64_t t = 0;
    assert_int_equal(az_model_start(f->m, &t), 0);
    expect(az_model_set_start(f->m, -1, &e), AZ_EINVAL, &e,
           "the start must be from 1970 to 9999");
    assert_int_equal(az_model_set_start(f->m, 1796968800, &e), AZ_OK);
    assert_int_equal(az_model_start(f->m, &t), 1);
    assert_true(t == 1796968800);
}

/* The line's shifts and holidays read back, shift names set and unset. */
static void test_shift_views(void **state)
{
    fixture *f = *state;
    az_error e;
    az_shift_view v;
    assert_int_equal(az_model_shift_count(f->m), 0);
    assert_int_equal(az_model_shift_view(f->m, 0, &v), 0);
    expect(az_model_set_shift_name(f->m, 0, "day", &e), AZ_EINVAL, &e,
           "no shift 0");
    assert_int_equal(az_model_add_shift(f->m, 21600, 50400, 0x3f, &e), AZ_OK);
    assert_int_equal(az_model_add_shift(f->m, 79200, 21600, 0x1f, &e), AZ_OK);
    assert_int_equal(az_model_shift_count(f->m), 2);
    assert_int_equal(az_model_shift_view(f->m, 1, &v), 1);
    assert_true(v.start == 79200 && v.end == 21600 && v.days == 0x1f);
    assert_null(v.name);
    assert_int_equal(az_model_set_shift_name(f->m, 1, "night", &e), AZ_OK);
    assert_int_equal(az_model_shift_view(f->m, 1, &v), 1);
    assert_string_equal(v.name, "night");
    assert_int_equal(az_model_shift_view(f->m, 0, &v), 1);
    assert_null(v.name); /* only the one named */
    assert_true(v.start == 21600 && v.end == 50400 && v.days == 0x3f);
    assert_int_equal(az_model_set_shift_name(f->m, 1, NULL, &e), AZ_OK);
    assert_int_equal(az_model_shift_view(f->m, 1, &v), 1);
    assert_null(v.name);
    assert_int_equal(az_model_is_holiday(f->m, 3), 0);
    assert_int_equal(az_model_add_holiday(f->m, 3, &e), AZ_OK);
    assert_int_equal(az_model_is_holiday(f->m, 3), 1);
    assert_int_equal(az_model_is_holiday(f->m, 4), 0);
}

/* Calendars of their own: the setters' bad arguments, the getters, and
 * az_model_check's two calendar problems. */
static void test_calendars(void **state)
{
    fixture *f = *state;
    az_error err;
    uint32_t c = 99, c2, pool;
    assert_int_equal(az_model_source_add_product(f->m, f->src, f->p, 1, &err),
                     AZ_OK);
    expect(az_model_add_calendar(f->m, "", &c, &err), AZ_EINVAL, &err,
           "a calendar needs a name");
    expect(az_model_add_calendar(f->m, NULL, &c, &err), AZ_EINVAL, &err,
           "a calendar needs a name");
    assert_int_equal(c, 99); /* not written on failure */
    assert_int_equal(az_model_add_calendar(f->m, "day", &c, &err), AZ_OK);
    assert_int_equal(c, 0);
    expect(az_model_add_calendar(f->m, "day", &c2, &err), AZ_EINVAL, &err,
           "duplicate calendar 'day'");
    /* a namespace of its own: a station's name is fine */
    assert_int_equal(az_model_add_calendar(f->m, "s", &c2, &err), AZ_OK);
    assert_int_equal(c2, 1);
    assert_int_equal(az_model_calendar_count(f->m), 2);
    assert_string_equal(az_model_calendar_name(f->m, 0), "day");
    assert_null(az_model_calendar_name(f->m, 2));
    expect(az_model_add_calendar_shift(f->m, 2, 0, 100, 1, &err), AZ_EINVAL,
           &err, "no calendar 2");
    expect(az_model_add_calendar_shift(f->m, c, -1, 100, 1, &err), AZ_EINVAL,
           &err, "shift times must be within the day (got -1 to 100 s)");
    expect(az_model_add_calendar_shift(f->m, c, 0, 100, 0x80, &err),
           AZ_EINVAL, &err, "a shift needs at least one weekday");
    expect(az_model_add_calendar_shift(f->m, c, 100, 100, 1, &err), AZ_EINVAL,
           &err, "a shift cannot start when it ends");
    expect(az_model_add_calendar_break(f->m, 7, 0, 60, &err), AZ_EINVAL, &err,
           "no calendar 7");
    expect(az_model_add_calendar_break(f->m, c, 0, 86400, &err), AZ_EINVAL,
           &err, "a break must start within the day and last less than a "
                 "day");
    expect(az_model_set_station_calendar(f->m, 9, c, &err), AZ_EINVAL, &err,
           "no station 9");
    expect(az_model_set_station_calendar(f->m, f->st, 5, &err), AZ_EINVAL,
           &err, "no calendar 5");
    assert_int_equal(az_model_station_calendar(f->m, f->st),
                     AZ_LINE_CALENDAR);
    assert_int_equal(az_model_set_station_calendar(f->m, f->st, c, &err),
                     AZ_OK);
    assert_int_equal(az_model_station_calendar(f->m, f->st), c);
    assert_int_equal(az_model_station_calendar(f->m, 9), AZ_LINE_CALENDAR);
    assert_int_equal(az_model_add_pool(f->m, "ops", 2, &pool, &err), AZ_OK);
    expect(az_model_set_pool_calendar(f->m, 9, c, &err), AZ_EINVAL, &err,
           "no pool 9");
    expect(az_model_set_pool_calendar(f->m, pool, 5, &err), AZ_EINVAL, &err,
           "no calendar 5");
    assert_int_equal(az_model_set_pool_calendar(f->m, pool, c, &err), AZ_OK);
    /* no shifts in "day" (nor in "s") */
    expect(az_model_check(f->m, &err), AZ_EBADMODEL, &err,
           "calendar 'day' has no shifts: it would never work");
    assert_int_equal(az_model_add_calendar_shift(f->m, c, 6 * 3600.0,
                                                 14 * 3600.0, 0x1f, &err),
                     AZ_OK);
    assert_int_equal(az_model_add_calendar_break(f->m, c, 10 * 3600.0, 1800,
                                                 &err), AZ_OK);
    assert_int_equal(az_model_add_calendar_shift(f->m, c2, 0, 86400, 0x7f,
                                                 &err), AZ_OK);
    assert_int_equal(az_model_check(f->m, &err), AZ_OK);
    /* a pool on its own calendar with sizes by the line's shifts */
    assert_int_equal(az_model_add_shift(f->m, 0, 43200, 0x7f, &err), AZ_OK);
    assert_int_equal(az_model_set_pool_shift_size(f->m, pool, 0, 1, &err),
                     AZ_OK);
    expect(az_model_check(f->m, &err), AZ_EBADMODEL, &err,
           "pool 'ops' follows calendar 'day' and has sizes by the line's "
           "shifts: give one or the other");
    assert_int_equal(az_model_set_pool_calendar(f->m, pool, AZ_LINE_CALENDAR,
                                                &err), AZ_OK);
    assert_int_equal(az_model_check(f->m, &err), AZ_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_valid_model_checks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_builder_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_setter_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_check_no_product_released, setup, teardown),
        cmocka_unit_test_setup_teardown(test_check_shares, setup, teardown),
        cmocka_unit_test_setup_teardown(test_check_branch_sum, setup, teardown),
        cmocka_unit_test_setup_teardown(test_check_trapped_route, setup, teardown),
        cmocka_unit_test(test_check_no_route_no_source),
        cmocka_unit_test(test_error_record),
        cmocka_unit_test_setup_teardown(test_check_station_kinds, setup, teardown),
        cmocka_unit_test_setup_teardown(test_many_names, setup, teardown),
        cmocka_unit_test_setup_teardown(test_check_saturated_source_needs_buffer, setup, teardown),
        cmocka_unit_test_setup_teardown(test_time_unit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_orders, setup, teardown),
        cmocka_unit_test_setup_teardown(test_campaigns, setup, teardown),
        cmocka_unit_test_setup_teardown(test_start, setup, teardown),
        cmocka_unit_test_setup_teardown(test_calendars, setup, teardown),
        cmocka_unit_test_setup_teardown(test_shift_views, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
