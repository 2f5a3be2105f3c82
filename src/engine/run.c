/*
 * run.c: a run of a compiled model (az_sim_run). It resets the tables and
 * the random streams for the replication (reset_run: every stream keyed by
 * seed, replication and the object's name, so a run's results depend on
 * nothing else), puts the machines in their start state, pushes the first
 * events (shift changes, plan days or arrivals, and the first of WARMUP,
 * THIRD, END, which follow one another: ctl_add), and
 * runs the loop (loop.c) until END, handling the engine's own events here:
 *   SHIFT   the shift calendar (shift.c)
 *   WARMUP  the statistics restart (reset_stats): counts clear, time
 *           averages keep their value and restart their areas
 *   THIRD   the growth statistics' areas at a third and two thirds of the
 *           window, at whole calendar cycles (metrics.c)
 *   END     conservation is checked (released = completed + scrapped +
 *           consumed + inside, else AZ_ERUNTIME), and the results are
 *           collected (metrics.c).
 * Ties pop in (priority, insertion) order: WARMUP before, THIRD and END
 * after anything else at their time, so a statistic does not depend on
 * the changes at its instant. Of these run's own events only the next is
 * in the calendar (s->ctl holds the rest, in order; ctl_add, ctl_arm):
 * a single-server queue's calendar then holds 2 or 3 events, not 4 or 5.
 * Their priorities (-128, 126, 127) are no flow event's, so when one is
 * pushed does not change the order of anything: results are the same.
 *
 * A per-period series (az_sim_run_periods) is sampled before every event,
 * so while one is recorded the events come one at a time (azi_loop_event);
 * the state is constant between events, so a period's values are exact.
 *
 * A run from a state of the shop floor (az_sim_set_initial) starts its
 * clock at the state's time t0, on the model's calendar: the horizon,
 * warm-up and periods count from t0, and initial.c puts the state's units
 * and machines in place once the machines and orders have started. With
 * the engine's own section (a snapshot, snapshot.c), replication 0 is
 * restored instead, exactly as the snapshot's run stood. A snapshot's run
 * (az_sim_snapshot) has no end: it stops at EV_SNAPSHOT.
 */
#include <math.h>
#include <stdio.h>

#include "calendar_impl.h"
#include "engine/engine.h"
#include "rng_impl.h"
#include "state_impl.h"
#include "stats_impl.h"

/* Adds one of the run's own events (WARMUP, THIRD, END, SNAPSHOT) to
 * those to come, after any at the same time and priority, as a push would
 * order them. ctl has room for 4; at most 3 are ever pending. */
static void ctl_add(az_sim *s, double t, int8_t priority, uint32_t type,
                    uint32_t obj)
{
    assert(s->nctl < sizeof s->ctl / sizeof s->ctl[0]); /* 3 at most */
    uint32_t i = s->nctl++;
    for (; i > 0 && (s->ctl[i - 1].t > t ||
                     (s->ctl[i - 1].t == t && s->ctl[i - 1].priority > priority));
         i--)
        s->ctl[i] = s->ctl[i - 1];
    s->ctl[i] = (struct azi_ctl_ev){t, priority, type, obj};
}

/* Pushes the next of the run's own events, if any, taking it from ctl. */
static az_status ctl_arm(az_sim *s, az_error *err)
{
    if (!s->nctl)
        return AZ_OK;
    struct azi_ctl_ev e = s->ctl[0];
    for (uint32_t i = 1; i < s->nctl; i++)
        s->ctl[i - 1] = s->ctl[i];
    s->nctl--;
    return az_calendar_push(s->cal, e.t, e.priority, e.type, e.obj, 0, NULL,
                            err);
}

/* Clears what is counted since warm-up; time averages keep their value. */
static void reset_stats(az_sim *s, double now)
{
    s->released = s->completed = s->scrapped = s->cartons = 0;
    for (uint32_t p = 0; p < s->nproduct; p++) {
        s->prod[p].lead_sum = 0;
        az_hist_reset(s->prod[p].hist);
        s->prod[p].released = s->prod[p].completed = 0;
        s->prod[p].scrapped = s->prod[p].reworks = s->prod[p].cartons = 0;
        s->prod[p].consumed = 0;
    }
    for (uint32_t p = 0; p < s->npool; p++) {
        az_timeavg_restart(&s->pools[p].used, now);
        az_timeavg_restart(&s->pools[p].staffed, now);
    }
    azi_bn_restart(&s->bn, azi_bn_clock(s, now));
    az_timeavg_restart(&s->backlog_avg, now);
    az_timeavg_restart(&s->queue_avg, now);
    s->window_from = now;
    for (uint32_t i = 0; i < s->nmachine; i++) {
        machine_rt *m = &s->mach[i];
        for (int k = 0; k < AZ_MS_COUNT; k++)
            m->in_state[k] = 0;
        s->mcold[i].before = m->in_since;
        m->in_since = now;
    }
    for (uint32_t i = 0; i < s->nstation; i++) {
        station_rt *st = &s->st[i];
        station_cold *sc = &s->stc[i];
        azi_count_restart(&st->queue, now);
        st->queue_max = st->queue.value;
        az_timeavg_restart(&sc->packed, now);
        azi_count_restart(&st->onmach, now);
        for (uint32_t j = 0; j < st->ncomp; j++) {
            store_rt *k = &sc->store[j];
            az_timeavg_restart(&k->content, now);
            az_timeavg_restart(&k->lacking, now);
            k->max = k->have;
            k->in = k->scrapped = 0;
        }
        az_timeavg_restart(&sc->parts_wait, now);
        st->time_sum = st->wait_sum = 0;
        st->visits = st->starts = sc->failures = sc->setups = 0;
        sc->rejects = 0;
    }
}

/* Puts every unit back on the free list and every object in its start
 * state, so that a run depends only on its config. */
static void reset_run(az_sim *s, const az_run_config *cfg)
{
    double t0 = s->t0;
    for (uint32_t i = 0; i < s->nmachine; i++) /* no change before t0 */
        s->mach[i].in_since = t0;
    az_calendar_reset(s->cal);
    s->free_head = NONE;
    for (uint32_t i = s->nunit_cap; i-- > 0;) {
        s->units[i].next = s->free_head;
        s->free_head = i;
    }
    s->released_all = s->completed_all = s->scrapped_all = 0;
    s->backlog = 0;
    s->thirds_seen = 0;
    az_timeavg_init(&s->backlog_avg, t0, 0);
    az_timeavg_init(&s->queue_avg, t0, 0);
    s->consumed_all = 0;
    s->lots_begun = s->lot_next = 0;
    s->capped = 0;
    for (uint32_t p = 0; p < s->npool; p++) {
        s->pools[p].busy = 0;
        s->pools[p].size = s->pools[p].base;
        s->pools[p].whead = s->pools[p].wtail = NONE;
        az_timeavg_init(&s->pools[p].used, t0, 0);
        az_timeavg_init(&s->pools[p].staffed, t0, s->pools[p].base);
    }
    s->events = 0;
    for (uint32_t i = 0; i < s->nstation; i++) {
        station_rt *st = &s->st[i];
        station_cold *sc = &s->stc[i];
        st->nq = 0;
        st->nidle = st->ninactive = st->machines;
        sc->batch_pending = 0;
        sc->ntransit = 0;
        az_timeavg_init(&sc->packed, t0, 0);
        azi_count_init(&st->onmach, t0, 0);
        for (uint32_t j = 0; j < st->ncomp; j++) {
            store_rt *k = &sc->store[j];
            k->have = k->owed = 0;
            k->whead = k->wtail = NONE;
            az_timeavg_init(&k->content, t0, 0);
            az_timeavg_init(&k->lacking, t0, 1); /* empty at the start */
        }
        az_timeavg_init(&sc->parts_wait, t0, 0);
        for (uint32_t p = 0; st->carton && p < s->nproduct; p++) {
            sc->carton_head[p] = NONE;
            sc->carton_n[p] = 0;
        }
        st->qhead = st->qtail = st->whead = st->wtail = NONE;
        az_rng_init(&st->rng, cfg->seed, cfg->replication,
                    s->model->station[i].stream);
        az_rng_init(&sc->trng, cfg->seed, cfg->replication,
                    s->model->station[i].stream ^
                        az_rng_stream_id("conveyor"));
        azi_count_init(&st->queue, t0, 0);
        st->queue_max = 0;
        for (uint32_t j = 0; j < st->machines; j++) {
            char what[32];
            snprintf(what, sizeof what, "m%u/failure", (unsigned)j + 1);
            s->mcold[st->first_machine + j].packing = 0; /* carton.c */
            az_rng_init(&s->mcold[st->first_machine + j].rng, cfg->seed,
                        cfg->replication,
                        s->model->station[i].stream ^ az_rng_stream_id(what));
            if (!s->maint)
                continue;
            snprintf(what, sizeof what, "m%u/maintenance", (unsigned)j + 1);
            az_rng_init(&s->maint[st->first_machine + j].rng, cfg->seed,
                        cfg->replication,
                        s->model->station[i].stream ^ az_rng_stream_id(what));
        }
    }
    uint32_t g = 0;
    for (uint32_t p = 0; p < s->nproduct; p++)
        for (uint32_t j = 0; j < s->model->product[p].nstep; j++, g++)
            az_rng_init(&s->step[g].rng, cfg->seed, cfg->replication,
                        s->model->product[p].step[j].stream);
    for (g = 0; g < s->nstep; g++)
        s->step[g].sampled = 0;
    for (uint32_t i = 0; i < s->nsource; i++) {
        uint64_t id = s->model->source[i].stream;
        s->src[i].held = NONE;
        s->src[i].paused = 0;
        for (uint32_t k = 0; s->src[i].multi && k < s->nproduct; k++) {
            s->src[i].hold[k] = NONE;
            s->src[i].backlog[k] = 0;
        }
        s->src[i].seq_pos = 0;
        s->src[i].camp_pos = 0;
        s->src[i].camp_started = 0;
        s->src[i].lot_left = 0;
        s->src[i].lot_id = 0;
        if (s->src[i].lot_together) /* a replication starts between lots */
            s->src[i].ia = s->src[i].lot_ia;
        s->src[i].plan_pos = s->src[i].plan_due = s->src[i].plan_left = 0;
        s->src[i].plan_idle = 1; /* until the plan's first day */
        s->src[i].shift_wait = 0;
        az_rng_init(&s->src[i].rng, cfg->seed, cfg->replication, id);
        /* The mix stream is a substream of the source's, so changing the
         * mix never changes the interarrival times. */
        az_rng_init(&s->src[i].mix_rng, cfg->seed, cfg->replication, id);
        az_rng_substream(&s->src[i].mix_rng, 1);
    }
    reset_stats(s, t0);
}

/* ---- per-period series (az_sim_run_periods) ----
 * Sampled when the loop pops the first event at or after a period's end,
 * before handling it: the state is constant between events, so the
 * cumulative completions and WIP area at the boundary are exact. Without a
 * warm-up every time average covers [t0, t], so its area is mean x
 * (t - t0). */
typedef struct period_rec {
    uint32_t n;            /* periods; 0: not recording */
    double *tp, *wip;
    uint32_t next;         /* next period to close */
    uint64_t done0;        /* completions at its start */
    double area0;          /* WIP area at its start */
} period_rec;

static void record_periods(az_sim *s, double horizon, period_rec *pr,
                           double now)
{
    double len = horizon / pr->n, t0 = s->t0;
    while (pr->next < pr->n &&
           (pr->next + 1 == pr->n ? now >= t0 + horizon
                                  : now >= t0 + (pr->next + 1) * len)) {
        double end = t0 + (pr->next + 1 == pr->n ? horizon
                                                 : (pr->next + 1) * len);
        double area = 0;
        for (uint32_t i = 0; i < s->nstation; i++)
            area += azi_metrics_station_number(s, &s->st[i], end) *
                    (end - t0);
        pr->tp[pr->next] = (double)(s->completed_all - pr->done0) / len;
        pr->wip[pr->next] = (area - pr->area0) / len;
        pr->done0 = s->completed_all;
        pr->area0 = area;
        pr->next++;
    }
}

/* At the end of a run: when the line stopped for good, or NaN. Units
 * wait in it, it is on shift (off shift, the next shift's start could move
 * them), and either no event is pending at all (END popped, the calendar
 * is empty), or no machine works, sets up, is repaired or maintained and
 * none changed
 * state for the last third of the window (only arrivals go on: units
 * pile up in front of a dead line). It stopped at its machines' last
 * change, which the warm-up's reset does not hide (machine_cold.before). */
static double stalled_at(const az_sim *s, double end)
{
    int inside = 0, busy = 0;
    for (uint32_t i = 0; i < s->nstation && !inside; i++)
        inside = s->st[i].queue.value > 0 || s->st[i].onmach.value > 0;
    if (!s->on_shift || !inside)
        return NAN;
    for (uint32_t c = 0; c < s->ncal; c++) /* a calendar's start could too */
        if (!s->cals[c].on)
            return NAN;
    double t = 0;
    for (uint32_t i = 0; i < s->nmachine; i++) {
        const machine_rt *m = &s->mach[i];
        double ch = m->in_since > s->window_from || s->window_from == 0
                        ? m->in_since
                        : s->mcold[i].before;
        if (ch > t)
            t = ch;
        busy |= m->state == AZ_MS_SETUP || m->state == AZ_MS_WORKING ||
                m->state == AZ_MS_FAILED || m->state == AZ_MS_MAINTENANCE;
    }
    if (az_calendar_size(s->cal) == 0)
        return t;
    return !busy && end - t >= (end - s->window_from) / 3 ? t : NAN;
}

static az_status run(az_sim *s, const az_run_config *cfg, period_rec *prec,
                     az_error *err);

az_status az_sim_run(az_sim *s, const az_run_config *cfg, az_error *err)
{
    period_rec none = {0};
    return run(s, cfg, &none, err);
}

az_status az_sim_run_periods(az_sim *s, const az_run_config *cfg,
                             uint32_t nperiod, double *throughput,
                             double *wip, az_error *err)
{
    if (nperiod < 1 || cfg->warmup != 0 || !throughput || !wip)
        return az_error_set(err, AZ_EINVAL, "a per-period series needs "
                            "warm-up 0, 1 or more periods and both arrays");
    period_rec rec = {nperiod, throughput, wip, 0, 0, 0};
    return run(s, cfg, &rec, err);
}

/* A run: start state, the first events, then the loop (loop.c) until END,
 * with the engine's own events handled here. */
static az_status run(az_sim *s, const az_run_config *cfg, period_rec *prec,
                     az_error *err)
{
    if (!(cfg->horizon > 0) || !isfinite(cfg->horizon))
        return az_error_set(err, AZ_EINVAL, "horizon must be > 0 and finite");
    if (!(cfg->warmup >= 0 && cfg->warmup < cfg->horizon))
        return az_error_set(err, AZ_EINVAL,
                            "warm-up must be in [0, horizon) (got %g)",
                            cfg->warmup);
    double t0 = s->t0 = s->init ? az_state_time(s->init) : 0;
    /* a snapshot's run goes on until its time: no end to its shifts */
    int snap = !isnan(s->snap_at);
    double end = snap ? INFINITY : t0 + cfg->horizon;
    reset_run(s, cfg);
    s->stop = cfg->stop;
    azi_bn_reset(&s->bn, t0);
    s->bn_w0 = s->bn_t0 = t0;
    s->bn_stopped = 0;
    s->on_shift = 1;
    /* first of all at its time: the state before anything happens then */
    s->nctl = 0;
    if (snap)
        ctl_add(s, s->snap_at, -128, EV_SNAPSHOT, 0);
    az_status rc = AZ_OK;
    if (s->init)
        azi_initial_reset(s);
    if (s->init && s->init->engine && cfg->replication == 0) {
        /* where the snapshot's run stood, exactly; then its statistics
         * restart at t0, as a warm-up ending there would */
        if (!(rc = azi_snapshot_restore(s, end, err)))
            reset_stats(s, t0);
        goto started;
    }
    if (!rc)
        rc = azi_flow_start(s, err);
    if (!rc && s->obs)
        azi_obs_start(s);
    /* The orders first: a state's units carry theirs (initial.c). Their
     * releases' priority orders them after the shifts' changes anyway. */
    if (!rc && s->nord)
        rc = azi_orders_start(s, err);
    if (!rc && s->init)
        rc = azi_initial_place(s, err);
    /* Shifts: the line starts as its calendar says at t0. */
    if (!rc)
        rc = azi_shift_begin(s, end, err);
    for (uint32_t i = 0; i < s->nsource && !rc; i++) {
        source_rt *so = &s->src[i];
        if (so->nord) /* azi_orders_start pushed its releases */
            continue;
        if (!so->plan) {
            rc = azi_source_schedule(s, i, t0, err);
            continue;
        }
        /* from a state: the plan's days before t0 are done */
        while (so->plan_due < so->nplan &&
               azi_shift_day_start(&s->shifts, so->plan[so->plan_due].day) <
                   t0)
            so->plan_pos = ++so->plan_due;
        if (so->plan_due < so->nplan)
            rc = az_calendar_push(
                s->cal,
                azi_shift_day_start(&s->shifts, so->plan[so->plan_due].day),
                -2, EV_PLAN_DAY, i, 0, NULL, err);
    }
started:
    if (!rc && s->obs && s->init && s->init->engine && cfg->replication == 0)
        azi_obs_start(s);
    if (cfg->warmup > 0)
        ctl_add(s, t0 + cfg->warmup, -128, EV_WARMUP, 0);
    /* After the flow's events at their time, as END is: an area does not
     * depend on the changes at its instant. One pending at a time: the
     * second is pushed when the first falls due (a slot less in the
     * calendar for the whole run). */
    s->third_len = azi_metrics_third_length(s, cfg->horizon - cfg->warmup);
    if (s->third_len > 0 && !snap) /* a snapshot's run ends at it */
        ctl_add(s, t0 + cfg->warmup + s->third_len, 126, EV_THIRD, 0);
    if (!snap)
        ctl_add(s, end, 127, EV_END, 0);
    if (!rc)
        rc = ctl_arm(s, err);
    az_event ev;
    /* The flow's events run in loop.c's loop, which returns on the
     * engine's own. A per-period series is sampled before every event, so
     * while one is recorded the events come one at a time. */
    while (!rc) {
        if (prec->n) {
            if (az_calendar_pop(s->cal, &ev) != AZ_OK)
                return az_error_set(err, AZ_ERUNTIME, "calendar ran empty");
            if (!(++s->events & 0xffff) && s->stop && *s->stop)
                return az_error_set(err, AZ_ESTOPPED, "stopped on request");
            record_periods(s, cfg->horizon, prec, ev.time);
            if (azi_loop_owns(ev.type)) {
                rc = azi_loop_event(s, &ev, err);
                continue;
            }
        } else if ((rc = azi_loop_run(s, &ev, err))) {
            break;
        }
        switch (ev.type) {
        case EV_SHIFT:
            rc = azi_shift_event(s, ev.obj, ev.time, end, err);
            break;
        case EV_WARMUP:
            reset_stats(s, ev.time);
            rc = ctl_arm(s, err);
            break;
        case EV_SNAPSHOT:
            return azi_snapshot_write(s, ev.time, err);
        case EV_THIRD:
            azi_metrics_areas(s, ev.time, s->third_area[ev.obj]);
            s->thirds_seen++;
            /* the next point; the third's is the end's when it is */
            if (ev.obj < 2 &&
                cfg->warmup + (ev.obj + 2) * s->third_len < cfg->horizon)
                ctl_add(s, t0 + cfg->warmup + (ev.obj + 2) * s->third_len,
                        126, EV_THIRD, ev.obj + 1);
            rc = ctl_arm(s, err);
            break;
        case EV_END: {
            if (s->bn_on && (rc = azi_bn_finish(&s->bn,
                                                azi_bn_clock(s, ev.time), err)))
                return rc;
            /* Every run checks that no unit was lost or made up. */
            az_flow f = az_sim_flow(s);
            if (f.released != f.completed + f.scrapped + f.consumed + f.wip)
                return az_error_set(err, AZ_ERUNTIME,
                                    "internal error: units not conserved "
                                    "(released %llu, completed %llu, scrapped "
                                    "%llu, consumed %llu, inside %llu)",
                                    (unsigned long long)f.released,
                                    (unsigned long long)f.completed,
                                    (unsigned long long)f.scrapped,
                                    (unsigned long long)f.consumed,
                                    (unsigned long long)f.wip);
            s->stalled_at = stalled_at(s, ev.time);
            azi_metrics_collect(s, ev.time, cfg->horizon - cfg->warmup);
            return AZ_OK;
        }
        }
    }
    return rc;
}
