/*
 * loop.c: the event loop. Events (engine.h, EV_*) are popped from the
 * calendar in (time, priority, insertion) order and handed to the file
 * whose concern they are: DONE, TRANSIT to the flow, ARRIVE and PLAN_DAY
 * to the sources, SETUP_DONE to setup.c, FAIL and REPAIR to failure.c,
 * MAINT and MAINT_END to maintain.c, BATCH_WAIT to batch.c. The engine's
 * own events (SHIFT, WARMUP, THIRD, END) end azi_loop_run, which hands
 * them to run.c: they are rare, and the loop stays a tight
 * pop-and-dispatch.
 *
 * Invariants: every handler runs at the event's time and leaves the tables
 * in a state that satisfies engine.h's invariants; the next of the run's
 * own events (run.c: WARMUP, THIRD, END) is always pending until END
 * pops, so the calendar never runs empty in a correct run. DONE
 * and ARRIVE, nearly every event, are tested first: two predictable
 * compares instead of a jump table (docs/performance.md). A stop request
 * (az_run_config.stop) is looked at every 65,536 events.
 */
#include "calendar_impl.h"
#include "engine/engine.h"

/* Any of the flow's events; the loop below inlines the commonest. */
static az_status other_event(az_sim *s, uint32_t type, uint32_t obj,
                             uint64_t data, double now, az_error *err)
{
    switch (type) {
    case EV_SETUP_DONE:
        return azi_setup_done(s, obj, now, err);
    case EV_FAIL:
        return azi_failure_fail(s, obj, now, err);
    case EV_REPAIR:
        return azi_failure_repair(s, obj, now, err);
    case EV_MAINT:
        return azi_maintain_due(s, obj, now, err);
    case EV_MAINT_END:
        return azi_maintain_end(s, obj, now, err);
    case EV_PLAN_DAY:
        return azi_source_plan_day(s, obj, now, err);
    case EV_ORDER:
        return azi_source_order(s, obj, now, err);
    case EV_TRANSIT:
        return azi_flow_transit(s, obj, (uint32_t)data, now, err);
    case EV_BATCH_WAIT:
        return azi_batch_wait(s, obj, now, err);
    case EV_ARRIVE:
        return azi_source_arrive(s, obj, now, err);
    case EV_DONE:
        return azi_flow_done(s, obj, now, err);
    }
    return AZ_OK; /* not reached: the engine's events do not come here */
}

/* Prefetching, in large models only (s->prefetch). With thousands of
 * stations a machine's or station's record is rarely in the cache, and each
 * miss stalls the event that needs it. So while one event is handled, the
 * memory is asked for the records of the event after it: its machine's hot
 * lines and its station's. Only machine events are recognised; for others
 * the prefetch is merely wasted, and a prefetch never changes a result.
 * Measured (docs/performance.md, Growth): about 5 % at 10,000 stations;
 * also prefetching, one event ahead, what the next event's records point
 * to (its unit, step and downstream station) gained 1 % more, within the
 * noise, so it was left out. */
static inline void prefetch_next(const az_sim *s)
{
#if defined(__GNUC__)
    uint32_t mi = azi_cal_next_obj(s->cal);
    if (mi >= s->nmachine)
        return;
    const char *st = (const char *)&s->st[s->mach_st[mi]];
    __builtin_prefetch(&s->mach[mi], 1);
    __builtin_prefetch(s->mach[mi].in_state, 1);
    for (int k = 0; k < 4; k++)
        __builtin_prefetch(st + 64 * k, 1);
#else
    (void)s;
#endif
}

az_status azi_loop_run(az_sim *s, az_event *out, az_error *err)
{
    az_event ev;
    for (;;) {
        if (azi_cal_pop(s->cal, &ev) != AZ_OK) /* one of run.c's is pending */
            return az_error_set(err, AZ_ERUNTIME, "calendar ran empty");
        /* A stop request is looked at every 65,536 events: a test and a
         * predictable branch per event, and a stop within milliseconds. */
        if (!(++s->events & 0xffff) && s->stop && *s->stop)
            return az_error_set(err, AZ_ESTOPPED, "stopped on request");
        if (s->prefetch)
            prefetch_next(s);
        az_status rc;
        /* The commonest cases first and inlined: no call per event, and
         * two predictable compares instead of a jump table. */
        if (ev.type == EV_DONE) {
            machine_rt *m = &s->mach[ev.obj];
            station_rt *st = &s->st[m->station];
            rc = !(st->feat & ~SF_DONE_SIMPLE)
                     ? azi_flow_done_simple(s, ev.obj, m, st, ev.time, err)
                     : azi_flow_done(s, ev.obj, ev.time, err);
        } else if (ev.type == EV_ARRIVE) {
            rc = s->on_shift && s->src[ev.obj].fixed
                     ? azi_source_arrive_fixed(s, ev.obj, ev.time, err)
                     : azi_source_arrive(s, ev.obj, ev.time, err);
        } else if (!azi_loop_owns(ev.type)) {
            *out = ev;
            return AZ_OK;
        } else {
            rc = other_event(s, ev.type, ev.obj, ev.data, ev.time, err);
        }
        if (rc)
            return rc;
    }
}

/* The per-period series' way in (run.c): one event, no inlined cases. */
az_status azi_loop_event(az_sim *s, const az_event *ev, az_error *err)
{
    switch (ev->type) {
    case EV_ARRIVE:
        return azi_source_arrive(s, ev->obj, ev->time, err);
    case EV_DONE:
        return azi_flow_done(s, ev->obj, ev->time, err);
    }
    return other_event(s, ev->type, ev->obj, ev->data, ev->time, err);
}
