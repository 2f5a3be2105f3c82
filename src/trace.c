/*
 * trace.c: the CSV trace of one replication (trace.h), written by an
 * observer (sim.h) as the run goes. Rows come in time order, so a reader can
 * replay the line by reading the file once.
 */
#include "azalea/trace.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "azalea/output.h"
#include "azalea/sim.h"
#include "experiment_impl.h"

typedef struct tracer {
    FILE *f;
    const az_model *m;
} tracer;

/* time,object,state: the first three columns. */
static void row_start(FILE *f, double t, const char *object, uint32_t machine,
                      const char *state)
{
    char obj[700];
    fprintf(f, "%.12g,", t);
    if (machine) { /* one field: a quoted name must include the suffix */
        snprintf(obj, sizeof obj, "%s/m%u", object, (unsigned)machine);
        object = obj;
    }
    az_csv_field(f, object);
    fputc(',', f);
    fputs(state, f);
    fputc(',', f);
}

/* product,unit,count: the last three (product and unit empty when there
 * is no unit; count empty where it means nothing). */
static void row_count(const tracer *tr, uint32_t product, uint32_t unit,
                      int has_count, uint32_t count)
{
    if (unit) {
        az_csv_field(tr->f, az_model_product_name(tr->m, product));
        fprintf(tr->f, ",%u,", (unsigned)unit);
    } else {
        fputs(",,", tr->f);
    }
    if (has_count)
        fprintf(tr->f, "%u", (unsigned)count);
    fputc('\n', tr->f);
}

static void row_end(const tracer *tr, uint32_t product, uint32_t unit)
{
    row_count(tr, product, unit, 0, 0);
}

static void on_machine(void *ctx, double t, uint32_t station, uint32_t machine,
                       az_machine_state state, uint32_t product, uint32_t unit)
{
    tracer *tr = ctx;
    row_start(tr->f, t, az_model_station_name(tr->m, station), machine + 1,
              az_machine_state_name(state));
    row_end(tr, product, unit);
}

static void on_enter(void *ctx, double t, uint32_t product, uint32_t unit)
{
    tracer *tr = ctx;
    row_start(tr->f, t, "line", 0, "enter");
    row_end(tr, product, unit);
}

static void on_leave(void *ctx, double t, uint32_t product, uint32_t unit,
                     az_unit_exit how, double lead)
{
    tracer *tr = ctx;
    (void)lead; /* the reader has the entry row */
    row_start(tr->f, t, "line", 0, az_unit_exit_name(how));
    row_end(tr, product, unit);
}

/* A unit of a lot or an order: a row per group it belongs to, its object
 * "lot 12" or "order A-100", state "enter". */
static void on_tag(void *ctx, double t, uint32_t product, uint32_t unit,
                   uint32_t lot, uint32_t order)
{
    tracer *tr = ctx;
    char name[64];
    if (lot) {
        snprintf(name, sizeof name, "lot %u", (unsigned)lot);
        row_start(tr->f, t, name, 0, "enter");
        row_end(tr, product, unit);
    }
    az_order o;
    if (order && az_model_order(tr->m, order - 1, &o, NULL) == AZ_OK) {
        char obj[300];
        snprintf(obj, sizeof obj, "order %s", o.id);
        row_start(tr->f, t, obj, 0, "enter");
        row_end(tr, product, unit);
    }
}

/* A place's content: "STATION/buffer", "STATION/conveyor",
 * "STATION/carton PRODUCT", "STATION/store COMPONENT", "pool NAME", with
 * state "in" or "out"; a batch starting: "STATION/mN", state "batch". */
static void on_place(void *ctx, double t, const az_place_change *c)
{
    tracer *tr = ctx;
    const char *name = c->place == AZ_PLACE_POOL
                           ? az_model_pool_name(tr->m, c->object)
                           : az_model_station_name(tr->m, c->object);
    char obj[600];
    uint32_t machine = 0;
    const char *state = c->delta > 0 ? "in" : "out";
    switch (c->place) {
    case AZ_PLACE_CARTON:
    case AZ_PLACE_STORE:
        snprintf(obj, sizeof obj, "%s/%s %s", name, az_place_name(c->place),
                 az_model_product_name(tr->m, c->part));
        break;
    case AZ_PLACE_POOL:
        snprintf(obj, sizeof obj, "pool %s", name);
        break;
    case AZ_PLACE_BATCH:
        snprintf(obj, sizeof obj, "%s", name);
        machine = c->part + 1;
        state = "batch";
        break;
    default:
        snprintf(obj, sizeof obj, "%s/%s", name, az_place_name(c->place));
    }
    row_start(tr->f, t, obj, machine, state);
    row_count(tr, c->product, c->unit, 1, c->count);
}

/* A unit sent back from a test: "TEST/mN", state "rework", count: the
 * trip's number. */
static void on_rework(void *ctx, double t, uint32_t from, uint32_t machine,
                      uint32_t to, uint32_t product, uint32_t unit,
                      uint32_t trip)
{
    tracer *tr = ctx;
    (void)to; /* the step's rework station: in the model */
    row_start(tr->f, t, az_model_station_name(tr->m, from), machine + 1,
              "rework");
    row_count(tr, product, unit, 1, trip);
}

static const az_observer trace_observer = {
    .machine = on_machine, .enter = on_enter, .leave = on_leave,
    .tag = on_tag, .place = on_place, .rework = on_rework};

/* Runs the replication with the tracer on f. */
static az_status run(FILE *f, const az_model *m,
                     const az_experiment_config *cfg, uint32_t replication,
                     az_error *err)
{
    az_sim *s;
    az_status rc = azi_experiment_sim(m, cfg, &s, err);
    if (rc)
        return rc;
    tracer tr = {f, m};
    az_sim_set_observer(s, &trace_observer, &tr);
    fputs("time,object,state,product,unit,count\n", f);
    az_run_config rc_cfg = {cfg->horizon, cfg->warmup, cfg->seed, replication, NULL};
    rc = az_sim_run(s, &rc_cfg, err);
    az_sim_free(s);
    return rc;
}

az_status az_trace_csv(const char *path, const az_model *m,
                       const az_experiment_config *cfg, uint32_t replication,
                       az_error *err)
{
    az_outfile *o;
    az_status rc = az_outfile_open(path, "the trace", &o, err);
    if (rc)
        return rc;
    if ((rc = run(az_outfile_stream(o), m, cfg, replication, err)))
        az_outfile_abort(o);
    else
        rc = az_outfile_commit(o, err);
    return rc;
}
