/*
 * state.c: a shop-floor state's life and accessors (azalea/state.h). Its
 * loader is load/state.c; the engine reads its tables (state_impl.h) in
 * engine/initial.c.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "azalea/load.h"
#include "engine/shift.h"
#include "model_impl.h"
#include "util/date.h"
#include "state_impl.h"

void az_state_free(az_state *st)
{
    if (!st)
        return;
    free(st->unit);
    free(st->mach);
    free(st->store);
    free(st->ord);
    free(st->engine);
    free(st);
}

double az_state_time(const az_state *st)
{
    return st->t0;
}

uint64_t az_state_units(const az_state *st)
{
    return st->units;
}

int az_state_engine(const az_state *st)
{
    return st->engine != NULL;
}

const az_model *az_state_model(const az_state *st)
{
    return st->model;
}

/* The end of the shift instance working at t (model units), which began
 * on day d - 1 or d (a night shift crosses midnight), or -1. */
static double shift_end(const az_model *m, const azi_shift_cal *w, int k,
                        double t)
{
    const azi_shift *sh = &m->shift[k];
    double d = floor((t + w->clock) / w->day);
    double len = sh->end > sh->start ? sh->end - sh->start
                                     : sh->end + 86400 - sh->start;
    for (int back = 1; back >= 0; back--) {
        double start = (d - back) * w->day - w->clock + sh->start / m->unit_s;
        if (start <= t && t < start + len / m->unit_s)
            return start + len / m->unit_s;
    }
    return -1;
}

az_status az_state_horizon(const az_state *st, const char *what,
                           double *horizon, az_error *err)
{
    const az_model *m = st->model;
    double t0 = st->t0, sec;
    if (!strcmp(what, "end of shift") || !strcmp(what, "end of day") ||
        !strcmp(what, "end of week")) {
        azi_shift_cal w;
        az_status rc = azi_shift_build(&w, m, err);
        if (rc)
            return rc;
        double end = -1;
        if (what[7] == 'd')
            end = (floor((t0 + w.clock) / w.day) + 1) * w.day - w.clock;
        else if (what[7] == 'w')
            end = (floor((t0 + w.off) / w.week) + 1) * w.week - w.off;
        else if (!w.always) {
            double t = t0;
            int k = azi_shift_at(&w, t);
            for (int i = 0; k < 0 && i < 1000 && isfinite(t); i++)
                k = azi_shift_at(&w, t = azi_shift_next(&w, t));
            if (k >= 0)
                end = shift_end(m, &w, k, t);
        }
        azi_shift_free(&w);
        if (end <= t0)
            return az_error_set(err, AZ_EINVAL, "'%s': the line %s", what,
                                w.always ? "has no shifts (it works round "
                                           "the clock)"
                                         : "has no shift after the state's "
                                           "time");
        *horizon = end - t0;
        return AZ_OK;
    }
    if (az_parse_duration(what, &sec, err))
        return az_error_set(err, AZ_EINVAL, "expected 'end of shift', 'end "
                            "of day', 'end of week' or a duration such as "
                            "'3 d', got '%s'", what);
    if (!(sec > 0))
        return az_error_set(err, AZ_EINVAL, "the horizon must be > 0");
    *horizon = sec / m->unit_s;
    return AZ_OK;
}

az_status az_state_parse_time(const az_model *m, const char *text,
                              double *t, az_error *err)
{
    double sec;
    az_error e;
    if (azi_date_point(text, m->has_start, m->start, &sec) != 1 &&
        az_parse_duration(text, &sec, &e))
        return az_error_set(err, AZ_EINVAL, "expected a time: a run day and "
                            "a clock time such as '2 14:00', %sor a duration "
                            "from the start such as '2.5 d', got '%s'",
                            m->has_start ? "a date-time such as "
                                           "'2026-12-09T14:00', "
                                         : "",
                            text);
    if (!(sec >= 0))
        return az_error_set(err, AZ_EINVAL, "'%s' is before the run's start",
                            text);
    *t = sec / m->unit_s;
    return AZ_OK;
}

az_status az_forecast_order(const az_state *st, const az_summary *s,
                            size_t i, az_order_forecast *out, az_error *err)
{
    az_order o;
    if (az_model_order(st->model, i, &o, err))
        return AZ_EINVAL;
    size_t ic = az_summary_metric_index(s, AZ_SCOPE_ORDER, (uint32_t)i,
                                        AZ_M_COMPLETION);
    size_t io = az_summary_metric_index(s, AZ_SCOPE_ORDER, (uint32_t)i,
                                        AZ_M_ON_TIME);
    if (ic == (size_t)-1 || io == (size_t)-1)
        return az_error_set(err, AZ_EINVAL, "the summary has no order %zu",
                            i);
    double end = st->t0 + az_summary_config(s)->horizon;
    *out = (az_order_forecast){0};
    /* complete at t0 in every replication: done before the forecast */
    out->open = az_summary_quantile(s, ic, 1) > st->t0 && o.release < end;
    out->p10 = az_summary_quantile(s, ic, 0.1);
    out->p50 = az_summary_quantile(s, ic, 0.5);
    out->p90 = az_summary_quantile(s, ic, 0.9);
    uint32_t n = az_summary_replications(s), on = 0;
    for (uint32_t r = 0; r < n; r++) {
        double v = az_summary_value(s, r, io);
        on += v == 1;
        out->undecided += isnan(v);
    }
    out->on_time = n ? (double)on / n : NAN;
    return AZ_OK;
}

size_t az_state_entries(const az_state *st)
{
    return st->nunit;
}

void az_state_entry(const az_state *st, size_t k, uint32_t *station,
                    uint32_t *product, uint32_t *count)
{
    const azi_state_unit *e = &st->unit[k];
    *station = e->station;
    *product = e->product;
    *count = e->count;
}

az_status az_forecast_entry(const az_state *st, const az_summary *s,
                            size_t k, double *p10, double *p50, double *p90,
                            az_error *err)
{
    size_t i = k > st->nunit ? (size_t)-1
                             : az_summary_metric_index(
                                   s, AZ_SCOPE_INITIAL,
                                   k == st->nunit ? UINT32_MAX : (uint32_t)k,
                                   AZ_M_COMPLETION);
    if (i == (size_t)-1 || az_summary_config(s)->initial != st)
        return az_error_set(err, AZ_EINVAL, "no entry %zu in a run from "
                            "this state", k);
    *p10 = az_summary_quantile(s, i, 0.1);
    *p50 = az_summary_quantile(s, i, 0.5);
    *p90 = az_summary_quantile(s, i, 0.9);
    return AZ_OK;
}
