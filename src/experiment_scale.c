/*
 * experiment_scale.c: what a run would cost, estimated from the model's
 * means before it starts, and the runs refused outright (experiment.h,
 * az_experiment_check_scale):
 *
 *  - time resolution: simulated times are doubles, so at time t the
 *    smallest step is about t x DBL_EPSILON. When that passes
 *    AZ_TIME_RESOLUTION of the shortest mean time (a process or an
 *    interarrival), times are rounded to nonsense (a horizon of 1e19 s
 *    made a 4 s lead time 0.0119 s) or stop advancing (an interarrival of
 *    1e-300 s: now + 1e-300 == now, an endless run);
 *  - units at once: a plan releases each day's units at the start of the
 *    day, all at once into an unlimited first buffer; more than
 *    AZ_MAX_UNITS cannot be held (4e9 units would need about 150 GB).
 *
 * The estimates are rough on purpose (means, no queueing): they are to
 * tell an hour from a year, not to predict.
 */
#include "azalea/experiment.h"
#include "model_impl.h"

#include <float.h>
#include <math.h>
#include <stdio.h>

/* A unit in the engine's pool and the number it is known by (engine/engine.h). */
#define UNIT_BYTES 36.0

/* The shortest positive mean time of m (process or interarrival), its
 * owner's name in *who; INFINITY if there is none. */
/* Units one arrival of source i releases on average: 1, or for lots that
 * arrive together the mean lot, 1 / sum(share / lot) (lots are drawn with
 * weights share / lot). */
static double units_per_arrival(const az_model *m, uint32_t i)
{
    const azi_source *src = &m->source[i];
    if (!src->lot || !src->lot_together)
        return 1;
    double w = 0;
    for (uint32_t k = 0; k < src->nmix; k++)
        w += src->mix_share[k] /
             az_model_source_lot(m, i, src->mix_product[k], NULL);
    return w > 0 ? 1 / w : 1;
}

static double shortest_mean(const az_model *m, const char **who)
{
    double best = INFINITY;
    for (uint32_t x = 0; x < m->nstation; x++) {
        const azi_station *s = &m->station[x];
        double v = az_dist_mean(&s->process);
        if (v > 0 && v < best)
            best = v, *who = s->name;
        for (uint32_t k = 0; k < s->nover; k++) {
            v = az_dist_mean(&s->over[k].process);
            if (v > 0 && v < best)
                best = v, *who = s->name;
        }
    }
    for (uint32_t i = 0; i < m->nsource; i++) {
        double v = az_dist_mean(&m->source[i].interarrival);
        if (v > 0 && v < best)
            best = v, *who = m->source[i].name;
    }
    return best;
}

/* Units per time unit the line can finish at most: its slowest station's
 * machines over its mean process time. */
static double capacity(const az_model *m)
{
    double cap = INFINITY;
    for (uint32_t x = 0; x < m->nstation; x++) {
        double v = az_dist_mean(&m->station[x].process);
        if (v > 0 && m->station[x].machines / v < cap)
            cap = m->station[x].machines / v;
    }
    return cap;
}

static void estimate(const az_model *m, const az_experiment_config *cfg,
                     az_run_estimate *e)
{
    double day = 86400 / m->unit_s, steps = 0;
    for (uint32_t p = 0; p < m->nproduct; p++)
        steps += m->product[p].nstep;
    steps = m->nproduct ? steps / m->nproduct : 0;
    e->releases = e->peak_units = 0;
    for (uint32_t i = 0; i < m->nsource; i++) {
        const azi_source *src = &m->source[i];
        double ia = az_dist_mean(&src->interarrival);
        if (src->plan) {
            /* Each day's units at the start of the day: all at once when
             * they go straight into an unlimited buffer. */
            double today = 0;
            for (uint32_t k = 0; k < src->nplan; k++) {
                const az_plan_entry *pe = &src->plan[k];
                if (pe->day * day >= cfg->horizon)
                    break;
                today = k && pe->day == src->plan[k - 1].day ? today : 0;
                today += pe->quantity;
                e->releases += pe->quantity;
                const azi_product *pr = &m->product[pe->product];
                int open = ia == 0 && pr->nstep &&
                           m->station[pr->step[0].station].buffer ==
                               AZ_UNLIMITED;
                if (open && today > e->peak_units)
                    e->peak_units = today;
            }
        } else if (ia > 0) {
            e->releases += cfg->horizon / ia * units_per_arrival(m, i);
        } else {
            e->releases += cfg->horizon * capacity(m); /* as fast as taken */
        }
    }
    /* A release faster than the line piles up in front of it. */
    double done = cfg->horizon * capacity(m);
    if (isfinite(done) && e->releases - done > e->peak_units)
        e->peak_units = e->releases - done;
    e->events = e->releases * (1 + 2 * steps) * cfg->replications;
    e->bytes = e->peak_units * UNIT_BYTES;
}

az_status az_experiment_check_scale(const az_model *m,
                                    const az_experiment_config *cfg,
                                    az_run_estimate *est, az_error *err)
{
    az_run_estimate e;
    const char *who = "";
    estimate(m, cfg, &e);
    if (est)
        *est = e;
    double t = shortest_mean(m, &who);
    if (cfg->horizon * DBL_EPSILON > AZ_TIME_RESOLUTION * t)
        return az_error_set(err, AZ_EINVAL,
                            "a horizon of %g %s is too long for the model's "
                            "shortest mean time, %g %s ('%s'): double "
                            "precision resolves times to horizon x 2.2e-16, "
                            "which must stay below %g of it; use a horizon "
                            "below %.3g %s, or times of at least %.3g %s",
                            cfg->horizon, m->unit, t, m->unit, who,
                            AZ_TIME_RESOLUTION,
                            AZ_TIME_RESOLUTION * t / DBL_EPSILON, m->unit,
                            cfg->horizon * DBL_EPSILON / AZ_TIME_RESOLUTION,
                            m->unit);
    if (e.peak_units > AZ_MAX_UNITS)
        return az_error_set(err, AZ_EINVAL,
                            "the line would hold about %.3g units at once "
                            "(a release or plan day larger than the line "
                            "takes, into an unlimited buffer), more than "
                            "the %.0f the engine can hold; that is about "
                            "%.3g GB: give the first station's buffer a "
                            "capacity, or release fewer units",
                            e.peak_units, AZ_MAX_UNITS, e.bytes / 1e9);
    return AZ_OK;
}
