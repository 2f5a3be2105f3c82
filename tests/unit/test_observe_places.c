/*
 * test_observe_places.c: what the observer hears of places (buffers,
 * conveyors, cartons, stores, pools, batches) and rework trips (sim.h,
 * az_observer.place and .rework). Each place's changes must chain (count =
 * the count before + delta, never below zero), their time averages must
 * give the run's own metrics (buffer and store content, queue maximum),
 * a conveyor never holds more than its buffer, rework trips must number
 * the products' reworks, and listening must not change a result. A run
 * resumed from a snapshot must be told, at its start, what each place
 * held when the snapshot was taken.
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

#include "azalea/experiment.h"
#include "azalea/load.h"
#include "azalea/sim.h"
#include "azalea/state.h"

#include "observe_fixture.h"

enum { MAXS = 64, MAXP = 32 };

/* One place's running content and its area after the warm-up. */
typedef struct level {
    int64_t count;
    double since, area, max;
    uint64_t ins, outs;
} level;

typedef struct tally {
    double warmup, last_t;
    int out_of_order, below_zero, broken_chain, over_buffer, bad_part;
    level buf[MAXS], conv[MAXS], carton[MAXS][MAXP], store[MAXS][MAXP],
        pool[MAXS];
    uint64_t batches, batch_units, reworks, reworks_after, bad_rework;
    uint64_t batch_at[MAXS];  /* units taken in batches, per station */
    uint32_t carton_size;     /* the packing station's (one in these) */
    uint64_t cartons_closed, bad_carton;
    uint64_t rows;
} tally;

/* The part of [since, t) after the warm-up, at the level's count. */
static void level_to(level *v, double warmup, double t)
{
    double a = v->since > warmup ? v->since : warmup;
    if (t > a)
        v->area += (double)v->count * (t - a);
    v->since = t;
}

static void on_place(void *ctx, double t, const az_place_change *c)
{
    tally *k = ctx;
    k->rows++;
    k->out_of_order += t < k->last_t;
    k->last_t = t;
    if (c->object >= MAXS) {
        k->bad_part++;
        return;
    }
    level *v = NULL;
    switch (c->place) {
    case AZ_PLACE_BUFFER: v = &k->buf[c->object]; break;
    case AZ_PLACE_CONVEYOR: v = &k->conv[c->object]; break;
    case AZ_PLACE_POOL: v = &k->pool[c->object]; break;
    case AZ_PLACE_CARTON:
    case AZ_PLACE_STORE:
        if (c->part >= MAXP) {
            k->bad_part++;
            return;
        }
        v = c->place == AZ_PLACE_CARTON ? &k->carton[c->object][c->part]
                                        : &k->store[c->object][c->part];
        break;
    default:
        k->bad_part++;
        return;
    }
    level_to(v, k->warmup, t);
    /* a carton leaves full, all at once: none of it stays behind */
    if (c->place == AZ_PLACE_CARTON && c->delta < 0) {
        k->cartons_closed++;
        k->bad_carton += v->count != (int64_t)k->carton_size ||
                         c->delta != -(int64_t)k->carton_size || c->count;
    }
    if (c->place == AZ_PLACE_CARTON)
        k->bad_carton += c->count > k->carton_size;
    k->broken_chain += v->count + c->delta != (int64_t)c->count;
    k->below_zero += v->count + c->delta < 0;
    v->count = (int64_t)c->count;
    v->ins += c->delta > 0;
    v->outs += c->delta < 0;
    if (t >= k->warmup && v->count > v->max)
        v->max = (double)v->count;
    /* A unit moved in or out one at a time names itself. */
    if ((c->place == AZ_PLACE_BUFFER || c->place == AZ_PLACE_CONVEYOR) &&
        (c->unit == 0 || c->product == UINT32_MAX) && t > 0)
        k->bad_part++;
    k->over_buffer += k->conv[c->object].count > k->buf[c->object].count &&
                      c->place != AZ_PLACE_POOL;
}

static void on_batch(void *ctx, double t, uint32_t station, uint32_t machine,
                     uint32_t product, uint32_t unit, uint32_t size)
{
    tally *k = ctx;
    (void)t;
    k->batches++;
    k->batch_units += size;
    if (station < MAXS)
        k->batch_at[station] += size;
    /* the units a batch takes have just left the buffer, one row each */
    k->bad_part += station >= MAXS || machine > 64 || size == 0 ||
                   unit == 0 || product == UINT32_MAX;
}

static void on_rework(void *ctx, double t, uint32_t from, uint32_t machine,
                      uint32_t to, uint32_t product, uint32_t unit,
                      uint32_t trip)
{
    tally *k = ctx;
    (void)machine;
    k->reworks++;
    k->reworks_after += t >= k->warmup;
    k->bad_rework += from == to || unit == 0 || product == UINT32_MAX ||
                     trip == 0;
}

static const az_observer obs = {.version = AZ_OBSERVER_VERSION,
                                .place = on_place,
                                .batch = on_batch,
                                .rework = on_rework};

static void near(double got, double want, double tol, const char *what,
                 uint32_t object)
{
    if (!(fabs(got - want) <= tol))
        fail_msg("%s of %u: got %.17g, want %.17g", what, (unsigned)object,
                 got, want);
}

typedef struct expect {
    int conveyor, carton, store, pool, batch, rework;
} expect;

/* The packing station's carton size (0: none), and with pack_s > 0 a pack
 * time of pack_s seconds set on it. */
static uint32_t cartons(az_model *m, double pack_s)
{
    uint32_t size = 0;
    for (uint32_t x = 0; x < az_model_station_count(m); x++) {
        az_station_view view;
        assert_true(az_model_station_view(m, x, &view));
        if (!view.carton)
            continue;
        size = view.carton;
        if (pack_s > 0) {
            az_dist d;
            assert_int_equal(az_dist_constant(&d, pack_s /
                                              az_model_time_unit_seconds(m),
                                              NULL), AZ_OK);
            assert_int_equal(az_model_set_carton_time(m, x, &d, NULL), AZ_OK);
        }
    }
    return size;
}

/* Runs `path` for `horizon` days (warm-up: one day) with and without the
 * observer: identical results, and the places add up. With pack_s > 0
 * its cartons take that long to pack. */
static void check_model(const char *path, double days, expect want,
                        double pack_s)
{
    az_experiment_config run;
    az_model *m = load(path, &run);
    uint32_t carton_size = cartons(m, pack_s);
    double day = 86400.0 / az_model_time_unit_seconds(m);
    double horizon = days * day, warmup = day;
    az_sim *plain, *watched;
    assert_int_equal(az_sim_create(m, &plain, NULL), AZ_OK);
    assert_int_equal(az_sim_create(m, &watched, NULL), AZ_OK);
    tally *k = calloc(1, sizeof *k);
    assert_non_null(k);
    k->warmup = warmup;
    k->carton_size = carton_size;
    assert_int_equal(az_sim_set_observer(watched, &obs, k, NULL), AZ_OK);
    az_run_config cfg = {horizon, warmup, 11, 2, NULL};
    az_error err;
    assert_int_equal(az_sim_run(plain, &cfg, &err), AZ_OK);
    assert_int_equal(az_sim_run(watched, &cfg, &err), AZ_OK);
    size_t n = az_sim_metric_count(plain);
    assert_memory_equal(az_sim_results(plain), az_sim_results(watched),
                        n * sizeof(double));

    assert_true(k->rows > 1000);
    assert_int_equal(k->out_of_order, 0);
    assert_int_equal(k->broken_chain, 0);
    assert_int_equal(k->below_zero, 0);
    assert_int_equal(k->over_buffer, 0);
    assert_int_equal(k->bad_part, 0);
    assert_int_equal(k->bad_rework, 0);
    assert_int_equal(k->bad_carton, 0);
    assert_true(!want.carton || k->cartons_closed > 10);

    size_t ns = az_model_station_count(m), np = az_model_product_count(m);
    assert_true(ns <= MAXS && np <= MAXP);
    double span = horizon - warmup;
    expect seen = {0};
    for (uint32_t x = 0; x < ns; x++) {
        level *v = &k->buf[x];
        level_to(v, warmup, horizon);
        near(v->area / span,
             metric(watched, AZ_SCOPE_STATION, x, AZ_M_QUEUE), 1e-9,
             "mean buffer content", x);
        if (v->since <= warmup || v->max == 0) /* still at its warm-up count */
            v->max = fmax(v->max, (double)v->count);
        near(v->max, metric(watched, AZ_SCOPE_STATION, x, AZ_M_QUEUE_MAX), 0,
             "buffer maximum", x);
        seen.conveyor |= k->conv[x].ins > 0;
        if (k->batch_at[x]) /* a batch station's units leave its buffer
                             * only in batches */
            assert_int_equal(v->outs, k->batch_at[x]);
        for (uint32_t p = 0; p < np; p++) {
            seen.carton |= k->carton[x][p].ins > 0;
            level *w = &k->store[x][p];
            if (!w->ins)
                continue;
            seen.store = 1;
            assert_int_equal(az_model_store_station(m, p), x);
            level_to(w, warmup, horizon);
            near(w->area / span,
                 metric(watched, AZ_SCOPE_STORE, p, AZ_M_STORE_CONTENT), 1e-9,
                 "mean store content", p);
        }
    }
    for (uint32_t p = 0; p < az_model_pool_count(m); p++)
        seen.pool |= k->pool[p].ins > 0;
    seen.batch = k->batches > 0;
    seen.rework = k->reworks > 0;
    assert_int_equal(seen.conveyor, want.conveyor);
    assert_int_equal(seen.carton, want.carton);
    assert_int_equal(seen.store, want.store);
    assert_int_equal(seen.pool, want.pool);
    assert_int_equal(seen.batch, want.batch);
    assert_int_equal(seen.rework, want.rework);
    double reworks = 0;
    for (uint32_t p = 0; p < np; p++)
        reworks += metric(watched, AZ_SCOPE_PRODUCT, p, AZ_M_REWORKS);
    assert_int_equal(k->reworks_after, (uint64_t)reworks);

    free(k);
    az_sim_free(plain);
    az_sim_free(watched);
    az_model_free(m);
}

static void test_assembly_places(void **state)
{
    (void)state; /* a conveyor, stores, cartons, testers, repair */
    check_model("examples/line-assembly.yaml", 5,
                (expect){1, 1, 1, 1, 0, 1}, 0);
}

static void test_blocks_places(void **state)
{
    (void)state; /* an oven, cartons, operators, rework */
    check_model("examples/line-blocks.yaml", 8, (expect){0, 1, 0, 1, 1, 1}, 0);
}

static void test_factory_places(void **state)
{
    (void)state;
    check_model("examples/smartphone-factory.yaml", 4,
                (expect){0, 1, 0, 1, 1, 1}, 0);
}

static void test_packed_cartons(void **state)
{
    (void)state; /* a pack time: the last unit fills the carton, then it
                  * goes to be packed */
    check_model("examples/line-assembly.yaml", 4, (expect){1, 1, 1, 1, 0, 1},
                45);
}

/* A table of another version, or one left unset, is refused: the library
 * would read callbacks the caller never declared. */
static void test_version(void **state)
{
    (void)state;
    az_experiment_config run;
    az_model *m = load("examples/tutorial-line.yaml", &run);
    az_sim *s;
    assert_int_equal(az_sim_create(m, &s, NULL), AZ_OK);
    az_observer old = {.place = on_place};
    az_error err;
    assert_int_equal(az_sim_set_observer(s, &old, NULL, &err), AZ_EINVAL);
    assert_non_null(strstr(err.msg, "observer version 0, expected 2"));
    old.version = AZ_OBSERVER_VERSION + 1;
    assert_int_equal(az_sim_set_observer(s, &old, NULL, &err), AZ_EINVAL);
    /* refused, it left the sim unobserved: a run calls nothing */
    az_run_config cfg = {3600, 0, 1, 0, NULL};
    assert_int_equal(az_sim_run(s, &cfg, &err), AZ_OK);
    az_sim_free(s);
    az_model_free(m);
}

static void test_simple_places(void **state)
{
    (void)state; /* buffers only */
    check_model("examples/tutorial-line.yaml", 3, (expect){0, 0, 0, 0, 0, 0},
                0);
}

/* What each place holds at the end of a run, by the observer's count. */
typedef struct ends {
    int64_t buf[MAXS], conv[MAXS], pool[MAXS];
    int64_t carton[MAXS][MAXP], store[MAXS][MAXP];
    double t0;
    int told_at_start, later;
} ends;

static void on_end_place(void *ctx, double t, const az_place_change *c)
{
    ends *e = ctx;
    if (c->object >= MAXS || (c->part >= MAXP && c->part != UINT32_MAX))
        return;
    switch (c->place) {
    case AZ_PLACE_BUFFER: e->buf[c->object] = c->count; break;
    case AZ_PLACE_CONVEYOR: e->conv[c->object] = c->count; break;
    case AZ_PLACE_POOL: e->pool[c->object] = c->count; break;
    case AZ_PLACE_CARTON: e->carton[c->object][c->part] = c->count; break;
    case AZ_PLACE_STORE: e->store[c->object][c->part] = c->count; break;
    default: break;
    }
    if (t == e->t0 && c->delta == (int64_t)c->count)
        e->told_at_start++;
    else
        e->later++;
}

/* A snapshot at T (a time at which nothing happens), and a run resumed
 * from it for an instant: told at its start, the places hold what the
 * first run's places held at T. */
static void check_resume(const char *path, double days)
{
    az_experiment_config run;
    az_model *m = load(path, &run);
    double at = days * 86400.0 / az_model_time_unit_seconds(m) + 0.0123;
    az_sim *s;
    az_error err;
    char *text;
    assert_int_equal(az_sim_create(m, &s, NULL), AZ_OK);
    ends *before = calloc(1, sizeof *before), *after = calloc(1, sizeof *after);
    assert_true(before && after);
    static const az_observer eobs = {.version = AZ_OBSERVER_VERSION,
                                     .place = on_end_place};
    assert_int_equal(az_sim_set_observer(s, &eobs, before, NULL), AZ_OK);
    az_run_config cfg = {at, 0, 3, 0, NULL};
    assert_int_equal(az_sim_snapshot(s, &cfg, at, &text, &err), AZ_OK);
    az_sim_free(s);

    az_state *st = NULL;
    if (az_state_load_string(m, text, strlen(text), "snap", NULL, &st, &err))
        fail_msg("the snapshot does not load: %s", err.msg);
    free(text);
    assert_int_equal(az_sim_create(m, &s, NULL), AZ_OK);
    assert_int_equal(az_sim_set_initial(s, st, &err), AZ_OK);
    after->t0 = az_state_time(st);
    assert_true(after->t0 == at);
    assert_int_equal(az_sim_set_observer(s, &eobs, after, NULL), AZ_OK);
    az_run_config cfg2 = {1e-6, 0, 3, 0, NULL};
    if (az_sim_run(s, &cfg2, &err))
        fail_msg("resumed: %s", err.msg);
    assert_true(after->told_at_start > 0);
    assert_int_equal(after->later, 0);
    assert_memory_equal(before->buf, after->buf, sizeof before->buf);
    assert_memory_equal(before->conv, after->conv, sizeof before->conv);
    assert_memory_equal(before->pool, after->pool, sizeof before->pool);
    assert_memory_equal(before->carton, after->carton, sizeof before->carton);
    assert_memory_equal(before->store, after->store, sizeof before->store);
    az_sim_free(s);
    az_state_free(st);
    free(before);
    free(after);
    az_model_free(m);
}

static void test_resume_assembly(void **state)
{
    (void)state;
    check_resume("examples/line-assembly.yaml", 1.4);
}

static void test_resume_blocks(void **state)
{
    (void)state;
    check_resume("examples/line-blocks.yaml", 2.6);
}

static void test_place_names(void **state)
{
    (void)state;
    assert_string_equal(az_place_name(AZ_PLACE_BUFFER), "buffer");
    assert_string_equal(az_place_name(AZ_PLACE_CONVEYOR), "conveyor");
    assert_string_equal(az_place_name(AZ_PLACE_CARTON), "carton");
    assert_string_equal(az_place_name(AZ_PLACE_STORE), "store");
    assert_string_equal(az_place_name(AZ_PLACE_POOL), "pool");
    assert_string_equal(az_place_name((az_place)AZ_PLACE_KINDS), "?");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_assembly_places),
        cmocka_unit_test(test_blocks_places),
        cmocka_unit_test(test_factory_places),
        cmocka_unit_test(test_simple_places),
        cmocka_unit_test(test_packed_cartons),
        cmocka_unit_test(test_version),
        cmocka_unit_test(test_resume_assembly),
        cmocka_unit_test(test_resume_blocks),
        cmocka_unit_test(test_place_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
