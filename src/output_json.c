/*
 * output_json.c: the JSON results file, built with jansson so that strings
 * are escaped and numbers printed exactly (17 significant digits, so a
 * double read back is the same double).
 */
#include "util/date.h"
#include "azalea/output.h"
#include "azalea/state.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "azalea/diagnose.h"
#include "azalea/version.h"
#include "output_impl.h"

#define YEAR_S (365.0 * 24 * 3600)

/* A finite number, or null (JSON has no inf or nan). */
static json_t *num(double x)
{
    return isfinite(x) ? json_real(x) : json_null();
}

/* The spread of one figure over the replications: mean, P10, P50, P90. */
static json_t *spread(const az_summary *s, size_t i)
{
    json_t *o = json_object();
    json_object_set_new(o, "mean", num(az_summary_mean(s, i)));
    json_object_set_new(o, "p10", num(az_summary_quantile(s, i, 0.1)));
    json_object_set_new(o, "p50", num(az_summary_quantile(s, i, 0.5)));
    json_object_set_new(o, "p90", num(az_summary_quantile(s, i, 0.9)));
    return o;
}

/* A run from a state (docs/twin.md, Forecasts): units finished by the
 * horizon per product and in all, and each open order's completion
 * (null: after the horizon) and share on time. */
static json_t *forecast_json(const az_model *m, const az_summary *s,
                             const az_state *st)
{
    json_t *f = json_object();
    double t0 = az_state_time(st);
    json_object_set_new(f, "from", num(t0));
    json_object_set_new(f, "to", num(t0 + az_summary_config(s)->horizon));
    json_object_set_new(f, "units_at_start",
                        json_integer((json_int_t)az_state_units(st)));
    json_t *prods = json_array();
    for (uint32_t p = 0; p < az_model_product_count(m); p++) {
        json_t *o = spread(s, az_summary_metric_index(s, AZ_SCOPE_PRODUCT, p,
                                                      AZ_M_COMPLETED));
        json_object_set_new(o, "product",
                            json_string(az_model_product_name(m, p)));
        json_array_append_new(prods, o);
    }
    json_object_set_new(f, "finished", prods);
    json_object_set_new(f, "finished_all",
                        spread(s, az_summary_metric_index(
                                      s, AZ_SCOPE_SYSTEM, 0, AZ_M_COMPLETED)));
    json_t *ords = json_array();
    for (size_t k = 0; k < az_model_order_count(m); k++) {
        az_order o;
        az_order_forecast fo;
        az_model_order(m, k, &o, NULL);
        if (az_forecast_order(st, s, k, &fo, NULL) || !fo.open)
            continue;
        json_t *j = json_object();
        json_object_set_new(j, "order", json_string(o.id));
        json_object_set_new(j, "due", num(o.due));
        json_object_set_new(j, "p10", num(fo.p10));
        json_object_set_new(j, "p50", num(fo.p50));
        json_object_set_new(j, "p90", num(fo.p90));
        json_object_set_new(j, "on_time", num(fo.on_time));
        json_object_set_new(j, "undecided", json_integer(fo.undecided));
        json_array_append_new(ords, j);
    }
    json_object_set_new(f, "orders", ords);
    /* the units in the line at the start: when each entry's are out */
    json_t *ents = json_array(), *all = NULL;
    size_t ne = az_state_entries(st);
    for (size_t k = 0; k <= ne; k++) {
        double q[3];
        if (az_forecast_entry(st, s, k, &q[0], &q[1], &q[2], NULL))
            continue;
        json_t *j = json_object();
        if (k < ne) {
            uint32_t x, p, n;
            az_state_entry(st, k, &x, &p, &n);
            json_object_set_new(j, "entry", json_integer((json_int_t)k + 1));
            json_object_set_new(j, "station",
                                json_string(az_model_station_name(m, x)));
            json_object_set_new(j, "product",
                                json_string(az_model_product_name(m, p)));
            json_object_set_new(j, "count", json_integer(n));
        }
        json_object_set_new(j, "p10", num(q[0]));
        json_object_set_new(j, "p50", num(q[1]));
        json_object_set_new(j, "p90", num(q[2]));
        if (k < ne)
            json_array_append_new(ents, j);
        else
            all = j;
    }
    json_object_set_new(f, "in_line",
                        json_pack("{s:o,s:o}", "all", all ? all : json_null(),
                                  "entries", ents));
    return f;
}

/* How `warmup: auto` chose: the value, the series' period and MSER-5's
 * cut in each series, in periods. */
static json_t *warmup_json(const az_summary *s)
{
    az_warmup_result w;
    az_summary_warmup(s, &w);
    return json_pack("{sbsosososIsIsI}", "auto", 1, "value", num(w.warmup),
                     "period", num(w.period), "pilots",
                     json_integer(w.pilots), "cut_throughput",
                     (json_int_t)w.cut_throughput, "cut_wip",
                     (json_int_t)w.cut_wip, "periods", (json_int_t)w.periods);
}

/* {"mean": m, "ci95": [lo, hi], "n": n} for metric i, scaled by k. */
static json_t *stat(const az_summary *s, size_t i, double k)
{
    double m = az_summary_mean(s, i) * k;
    double h = az_summary_halfwidth_at(s, i, 0.95) * fabs(k);
    json_t *o = json_object();
    json_object_set_new(o, "mean", num(m));
    json_object_set_new(o, "ci95", isfinite(h) ? json_pack("[oo]", num(m - h),
                                                           num(m + h))
                                               : json_null());
    json_object_set_new(o, "n", json_integer(az_summary_count(s, i)));
    return o;
}

/* Adds every metric of one scope and object to obj; throughputs also per
 * hour and per year. */
static void add_metrics(json_t *obj, const az_model *m, const az_summary *s,
                        az_scope scope, uint32_t object)
{
    double unit = az_model_time_unit_seconds(m);
    for (size_t i = 0; i < az_summary_metric_count(s); i++) {
        az_metric mt = az_summary_metric(s, i);
        if (mt.scope != scope || mt.object != object)
            continue;
        const char *name = az_metric_kind_name(mt.kind);
        json_object_set_new(obj, name, stat(s, i, 1));
        if (mt.kind == AZ_M_THROUGHPUT_WORKING)
            json_object_set_new(obj, "throughput_per_working_hour",
                                stat(s, i, 3600.0 / unit));
        if (mt.kind == AZ_M_THROUGHPUT) {
            json_object_set_new(obj, "throughput_per_hour",
                                stat(s, i, 3600.0 / unit));
            json_object_set_new(obj, "throughput_per_year",
                                stat(s, i, YEAR_S / unit));
        }
    }
}

static void add_warning(void *ctx, const az_diagnostic *d)
{
    json_t *w = json_object();
    json_object_set_new(w, "kind", json_string(az_diag_kind_name(d->kind)));
    json_object_set_new(w, "message", json_string(d->msg));
    json_array_append_new((json_t *)ctx, w);
}

/* A capacity: null for unlimited. */
static json_t *capacity(uint32_t cap)
{
    return cap == AZ_UNLIMITED ? json_null() : json_integer(cap);
}

/* The fields of object i that come before its metrics; 0 to leave the
 * object out (a product that is no component has no store). */
typedef int (*fields_fn)(json_t *o, const az_model *m, uint32_t i);

static int product_fields(json_t *o, const az_model *m, uint32_t p)
{
    json_object_set_new(o, "name", json_string(az_model_product_name(m, p)));
    json_object_set_new(o, "family",
                        json_string(az_model_product_family(m, p)));
    return 1;
}

static int station_fields(json_t *o, const az_model *m, uint32_t t)
{
    json_object_set_new(o, "name", json_string(az_model_station_name(m, t)));
    json_object_set_new(o, "machines",
                        json_integer(az_model_station_machines(m, t)));
    json_object_set_new(o, "buffer", capacity(az_model_station_buffer(m, t)));
    return 1;
}

static int pool_fields(json_t *o, const az_model *m, uint32_t q)
{
    json_object_set_new(o, "name", json_string(az_model_pool_name(m, q)));
    json_object_set_new(o, "size", json_integer(az_model_pool_size(m, q)));
    return 1;
}

static int store_fields(json_t *o, const az_model *m, uint32_t p)
{
    uint32_t t = az_model_store_station(m, p);
    if (t == AZ_NO_STATION)
        return 0;
    json_object_set_new(o, "component",
                        json_string(az_model_product_name(m, p)));
    json_object_set_new(o, "station", json_string(az_model_station_name(m, t)));
    json_object_set_new(o, "capacity", capacity(az_model_store_capacity(m, p)));
    return 1;
}

static int order_fields(json_t *o, const az_model *m, uint32_t i)
{
    az_order x;
    if (az_model_order(m, i, &x, NULL))
        return 0;
    json_object_set_new(o, "id", json_string(x.id));
    json_object_set_new(o, "product",
                        json_string(az_model_product_name(m, x.product)));
    json_object_set_new(o, "quantity", json_integer(x.quantity));
    json_object_set_new(o, "release", num(x.release));
    json_object_set_new(o, "due", num(x.due));
    json_object_set_new(o, "priority",
                        x.priority ? json_integer(x.priority) : json_null());
    return 1;
}

/* A day's or week's number and, with a start date, the date it begins. */
static int period_fields_of(json_t *o, const az_model *m, az_scope sc,
                            uint32_t i)
{
    char buf[AZI_OUT_NAME_MAX];
    json_object_set_new(o, "index", json_integer(i));
    if (az_model_start(m, NULL))
        json_object_set_new(o, "date",
                            json_string(azi_out_object_name(m, sc, i, buf)));
    return 1;
}

static int day_fields(json_t *o, const az_model *m, uint32_t i)
{
    return period_fields_of(o, m, AZ_SCOPE_DAY, i);
}

static int week_fields(json_t *o, const az_model *m, uint32_t i)
{
    return period_fields_of(o, m, AZ_SCOPE_WEEK, i);
}

/* root[key]: an array of the n objects of scope, each with its fields and
 * then its metrics. */
static void add_objects(json_t *root, const char *key, const az_model *m,
                        const az_summary *s, az_scope scope, uint32_t n,
                        fields_fn fields)
{
    json_t *a = json_array();
    for (uint32_t i = 0; i < n; i++) {
        json_t *o = json_object();
        if (!fields(o, m, i)) {
            json_decref(o);
            continue;
        }
        add_metrics(o, m, s, scope, i);
        json_array_append_new(a, o);
    }
    json_object_set_new(root, key, a);
}

json_t *azi_json_build(const az_model *m, const az_summary *s,
                       const az_output_meta *meta)
{
    const az_experiment_config *c = az_summary_config(s);
    json_t *root = json_object();
    json_object_set_new(root, "azalea_version", json_string(az_version()));
    json_t *model = json_object();
    json_object_set_new(model, "name", json_string(az_model_name(m)));
    json_object_set_new(model, "file", meta && meta->model_file
                                           ? json_string(meta->model_file)
                                           : json_null());
    json_object_set_new(model, "time_unit", json_string(az_model_time_unit(m)));
    json_object_set_new(root, "model", model);
    json_t *run = json_object();
    json_object_set_new(run, "seed", json_integer((json_int_t)c->seed));
    json_object_set_new(run, "replications", json_integer(c->replications));
    json_object_set_new(run, "horizon", num(c->horizon));
    if (c->warmup_auto) /* chosen by MSER-5: say so, and how */
        json_object_set_new(run, "warmup",
                            warmup_json(s));
    else
        json_object_set_new(run, "warmup", num(c->warmup));
    json_object_set_new(run, "confidence", num(c->level));
    int64_t t0;
    char date[32];
    if (az_model_start(m, &t0)) /* only then: other files unchanged */
        json_object_set_new(run, "start", json_string(azi_date_format(
                                              t0, date, sizeof date)));
    /* Only when it happened, so a complete run's file is unchanged. */
    uint32_t asked;
    if (az_summary_interrupted(s, &asked)) {
        json_object_set_new(run, "interrupted", json_true());
        json_object_set_new(run, "replications_asked", json_integer(asked));
    }
    if (az_summary_failure_count(s)) {
        json_t *fails = json_array();
        for (uint32_t k = 0; k < az_summary_failure_count(s); k++) {
            const char *msg;
            uint32_t r = az_summary_failure(s, k, &msg);
            json_array_append_new(fails, json_pack("{sIss}", "replication",
                                                   (json_int_t)r, "error",
                                                   msg));
        }
        json_object_set_new(run, "failed_replications", fails);
    }
    json_object_set_new(root, "run", run);

    json_t *sys = json_object();
    add_metrics(sys, m, s, AZ_SCOPE_SYSTEM, 0);
    json_object_set_new(root, "system", sys);

    add_objects(root, "products", m, s, AZ_SCOPE_PRODUCT,
                az_model_product_count(m), product_fields);
    add_objects(root, "stations", m, s, AZ_SCOPE_STATION,
                az_model_station_count(m), station_fields);
    add_objects(root, "pools", m, s, AZ_SCOPE_POOL, az_model_pool_count(m),
                pool_fields);
    /* one per component, at its station */
    add_objects(root, "stores", m, s, AZ_SCOPE_STORE,
                az_model_product_count(m), store_fields);
    if (az_model_order_count(m)) { /* only then: other files unchanged */
        add_objects(root, "orders", m, s, AZ_SCOPE_ORDER,
                    (uint32_t)az_model_order_count(m), order_fields);
        add_objects(root, "days", m, s, AZ_SCOPE_DAY,
                    azi_out_periods(s, AZ_SCOPE_DAY), day_fields);
        add_objects(root, "weeks", m, s, AZ_SCOPE_WEEK,
                    azi_out_periods(s, AZ_SCOPE_WEEK), week_fields);
    }

    if (c->initial) /* only then: other files unchanged */
        json_object_set_new(root, "forecast", forecast_json(m, s, c->initial));

    json_t *warnings = json_array(); /* figures that may mislead */
    az_diagnose(m, s, add_warning, warnings);
    json_object_set_new(root, "warnings", warnings);

    az_precision pr;
    int reached;
    if (az_summary_sequential(s, &pr, &reached)) {
        json_t *o = json_object();
        json_object_set_new(o, "target", num(pr.relative));
        json_object_set_new(o, "achieved", num(az_summary_precision(s)));
        json_object_set_new(o, "reached", json_boolean(reached));
        json_object_set_new(o, "replications",
                            json_integer(az_summary_replications(s)));
        json_object_set_new(o, "pilot", json_integer(pr.pilot));
        json_object_set_new(o, "max_replications", json_integer(pr.max_reps));
        json_object_set_new(root, "precision", o);
    }

    /* Everything that varies between identical runs lives here, so tools
     * comparing results can drop this one object. */
    json_t *timing = json_object();
    json_object_set_new(timing, "events",
                        json_integer((json_int_t)az_summary_events(s)));
    if (meta && meta->wall_seconds >= 0)
        json_object_set_new(timing, "wall_seconds", num(meta->wall_seconds));
    json_object_set_new(root, "timing", timing);
    return root;
}

az_status azi_json_write(const char *path, json_t *root, az_error *err)
{
    if (!root)
        return az_error_set(err, AZ_ENOMEM, "out of memory building JSON");
    size_t flags = JSON_INDENT(2) | JSON_REAL_PRECISION(17);
    az_outfile *o;
    az_status rc = az_outfile_open(path, "JSON", &o, err);
    if (!rc) {
        FILE *f = az_outfile_stream(o);
        /* A failed write shows in the commit's check of the stream; a
         * failure with none is jansson's memory (every string was checked
         * as UTF-8 when the tree was built, and no number is NaN). */
        if (json_dumpf(root, f, flags) != 0 && !ferror(f)) {
            az_outfile_abort(o);
            rc = az_error_set(err, AZ_ENOMEM, "%s: out of memory encoding "
                              "the JSON", path);
        } else {
            fputc('\n', f);
            rc = az_outfile_commit(o, err);
        }
    }
    json_decref(root);
    return rc;
}

az_status az_output_json(const char *path, const az_model *m,
                         const az_summary *s, const az_output_meta *meta,
                         az_error *err)
{
    return azi_json_write(path, azi_json_build(m, s, meta), err);
}
