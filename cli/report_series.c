/*
 * report_series.c: replication 1 again, watched by an observer (sim.h), for
 * what the summary does not keep: units finished and the time-average work
 * in process per day, the lead time of each unit, and every machine's states
 * during the first day. Replaying a replication costs as much as running it
 * once, which is cheap next to the experiment. A run from a state of the
 * shop floor counts its days and times from the state's time.
 */
#include <stdio.h>
#include <stdlib.h>

#include "azalea/sim.h"
#include "azalea/state.h"
#include "report.h"

/* Adds the WIP level's area from the last change to t, split by day. */
static void wip_to(rep_series *r, double t)
{
    while (r->wip_t < t) {
        uint32_t d = (uint32_t)(r->wip_t / r->day);
        if (d >= r->ndays)
            d = r->ndays - 1;
        double end = (d + 1) * r->day;
        if (end > t || d == r->ndays - 1)
            end = t;
        if (end <= r->wip_t) /* rounding at a day's end */
            end = t;
        r->wip[d] += r->wip_now * (end - r->wip_t);
        r->wip_t = end;
    }
}

static void on_machine(void *ctx, double t, uint32_t station, uint32_t machine,
                       az_machine_state state, uint32_t product, uint32_t unit)
{
    rep_series *r = ctx;
    t -= r->t0; /* from a state: the series counts from its time */
    (void)product;
    (void)unit;
    uint32_t row = r->first_row[station] + machine;
    double t0 = r->since[row];
    if (t0 < t && t0 < r->gantt_end && !r->oom) {
        uint32_t d = (uint32_t)(t0 / r->day);
        if (r->cur[row] != AZ_MS_OFF_SHIFT && d < r->gantt_day) {
            r->gantt_day = d;
            r->gantt_end = (d + 1) * r->day;
        }
        if (r->nseg == r->capseg) {
            size_t cap = r->capseg ? 2 * r->capseg : 1024;
            rep_seg *g = realloc(r->seg, cap * sizeof *g);
            if (!g) {
                r->oom = 1;
                return;
            }
            r->seg = g;
            r->capseg = cap;
        }
        r->seg[r->nseg++] = (rep_seg){t0, t, row, r->cur[row]};
    }
    r->since[row] = t;
    r->cur[row] = state;
}

static void on_enter(void *ctx, double t, uint32_t product, uint32_t unit)
{
    rep_series *r = ctx;
    t -= r->t0;
    (void)product;
    (void)unit;
    wip_to(r, t);
    r->wip_now++;
}

static void on_leave(void *ctx, double t, uint32_t product, uint32_t unit,
                     az_unit_exit how, double lead)
{
    rep_series *r = ctx;
    t -= r->t0;
    (void)product;
    (void)unit;
    wip_to(r, t);
    r->wip_now--;
    if (how != AZ_EXIT_DONE)
        return;
    uint32_t d = (uint32_t)(t / r->day);
    r->done[d < r->ndays ? d : r->ndays - 1]++;
    if (t < r->warmup || r->oom)
        return;
    if (r->nlead == r->caplead) {
        size_t cap = r->caplead ? 2 * r->caplead : 4096;
        double *l = realloc(r->lead, cap * sizeof *l);
        if (!l) {
            r->oom = 1;
            return;
        }
        r->lead = l;
        r->caplead = cap;
    }
    r->lead[r->nlead++] = lead;
}

static const az_observer series_observer = {
    .version = AZ_OBSERVER_VERSION, .machine = on_machine, .enter = on_enter,
    .leave = on_leave};

void rep_series_free(rep_series *r)
{
    free(r->done);
    free(r->wip);
    free(r->lead);
    free(r->seg);
    free(r->first_row);
    free(r->since);
    free(r->cur);
}

int rep_series_run(rep_series *r, const az_model *m,
                   const az_experiment_config *cfg)
{
    *r = (rep_series){0};
    r->day = 86400.0 / az_model_time_unit_seconds(m);
    r->horizon = cfg->horizon;
    r->warmup = cfg->warmup;
    r->gantt_day = UINT32_MAX;
    r->gantt_end = 31 * r->day; /* no working day in a month: show day 1 */
    double nd = r->horizon / r->day;
    r->ndays = nd < 1 ? 1 : nd > 100000 ? 100000 : (uint32_t)nd + (nd > (uint32_t)nd);
    size_t ns = az_model_station_count(m);
    r->first_row = malloc((ns ? ns : 1) * sizeof *r->first_row);
    for (size_t i = 0; i < ns; i++) {
        r->first_row[i] = r->nrow;
        r->nrow += az_model_station_machines(m, i);
    }
    r->done = calloc(r->ndays, sizeof *r->done);
    r->wip = calloc(r->ndays, sizeof *r->wip);
    r->since = calloc(r->nrow ? r->nrow : 1, sizeof *r->since);
    r->cur = calloc(r->nrow ? r->nrow : 1, sizeof *r->cur);
    if (!r->first_row || !r->done || !r->wip || !r->since || !r->cur) {
        fprintf(stderr, "azalea: out of memory for the report\n");
        return 1;
    }
    az_sim *s;
    az_error err;
    az_status rc = az_sim_create(m, &s, &err); /* NULL on error */
    if (!rc && cfg->initial) {
        r->t0 = az_state_time(cfg->initial);
        rc = az_sim_set_initial(s, cfg->initial, &err);
    }
    if (!rc)
        rc = az_sim_set_observer(s, &series_observer, r, &err);
    if (!rc) {
        az_run_config rcfg = {cfg->horizon, cfg->warmup, cfg->seed, 0, NULL};
        rc = az_sim_run(s, &rcfg, &err);
    }
    az_sim_free(s);
    if (rc) {
        fprintf(stderr, "azalea: report: %s\n", err.msg);
        return 1;
    }
    if (r->oom) {
        fprintf(stderr, "azalea: out of memory for the report\n");
        return 1;
    }
    wip_to(r, r->horizon);
    for (uint32_t row = 0; row < r->nrow; row++) /* close the first day */
        on_machine(r, r->horizon, 0, row - r->first_row[0], r->cur[row],
                   UINT32_MAX, 0);
    for (uint32_t d = 0; d < r->ndays; d++) { /* the last day may be short */
        double len = r->horizon - d * r->day;
        len = len < r->day ? len : r->day;
        r->wip[d] = len > 0 ? r->wip[d] / len : 0;
    }
    if (r->gantt_day == UINT32_MAX)
        r->gantt_day = 0;
    return r->oom ? 1 : 0;
}
