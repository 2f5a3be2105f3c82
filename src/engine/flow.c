/*
 * flow.c: how units move through stations. A unit is admitted to a station
 * with room, started by an idle machine, worked, and sent on: to its next
 * station, out of the line, or, when the next station has no room, it
 * waits on the machine, which is blocked.
 *
 * Blocking after service: a machine that finishes a unit whose next station
 * has no room keeps the unit and is blocked; the unit joins that station's
 * waiting list (engine.h, invariant 3). Room appears only when a machine
 * frees or a unit leaves a buffer for a machine; azi_flow_fill then admits
 * waiting units in FIFO order, and each admission frees the machine (or
 * source) that held the unit, which may let that station fill in turn:
 * blocking unwinds upstream as a chain. Since only fill admits a waiting
 * unit, and fill runs wherever room appears, no unit waits while its
 * station has room.
 *
 * Features hook in behind their station bits (engine.h, SF_*): a batch
 * station's fill asks batch.c, an assembly station's admit and start ask
 * assembly.c, a packaging station's units go to carton.c, a person or a
 * changeover is asked for in the helpers of engine.h (pool.c, setup.c), a
 * block asks deadlock.c. A simple station (no bit) runs none of them.
 *
 * Fast path: at a simple station EV_DONE takes azi_flow_done_simple, and a
 * machine that takes the next unit of its own buffer goes from WORKING to
 * WORKING (restart). Both give the general path's results bit for bit.
 * The handlers here are called from loop.c's event loop. What other files'
 * hot paths call (azi_flow_admit from the sources, azi_flow_done_simple
 * from the loop) is forced inline across files (engine.h,
 * AZI_HOT_EXTERN); leave has an out-of-line twin (azi_flow_leave) for the
 * other files, as it was out of line before the split.
 */
#include <math.h>
#include <stdlib.h>

#include "calendar_impl.h"
#include "dist_impl.h"
#include "engine/engine.h"
#include "stats_impl.h"

/* A station's count of waiting machines crossed zero: its active period
 * starts or ends. Kept out of line: most changes do not cross. */
az_status azi_flow_active_change(az_sim *s, uint32_t x, int now_inactive,
                                 double now, az_error *err)
{
    double w = azi_bn_clock(s, now); /* working time (bottleneck.h) */
    return now_inactive ? azi_bn_inactive(&s->bn, x, w, err)
                        : azi_bn_active(&s->bn, x, w, err);
}

/* Idle machine m takes unit u. */
HOT az_status start(az_sim *s, machine_rt *m, uint32_t u,
                    double now, az_error *err)
{
    station_rt *st = &s->st[m->station];
    st->wait_sum += now - s->units[u].enter_t;
    st->starts++;
    azi_count_add(&st->onmach, now, 1);
    m->unit = u;
    s->units[u].next = NONE; /* a chain of one */
    if (st->feat & SF_ASSEMBLY) /* the unit joins its components */
        azi_assembly_join(s, st, now);
    return setup_then_work(s, m, now, err);
}

/* Unit u enters station x (which has room) for step u.step. Forced
 * inline into every caller, here and in source.c (AZI_HOT_EXTERN). */
AZI_HOT_EXTERN az_status azi_flow_admit(az_sim *s, uint32_t x, uint32_t u,
                                        double now, az_error *err)
{
    station_rt *st = &s->st[x];
    s->units[u].enter_t = now;
    if (!(st->feat & (SF_ASSEMBLY | SF_TRANSPORT | SF_BATCH))) {
        if (st->nidle > 0)
            return start(s, idle_machine(s, st), u, now, err);
        list_push(s, &st->qhead, &st->qtail, u);
        st->nq++;
        queue_add(s, st, u, now, 1);
        return AZ_OK;
    }
    station_cold *sc = azi_sc(s, st);
    int j = st->ncomp ? component(s, st, azi_unit_product(s, u)) : -1;
    if (j >= 0) /* a component: into the store, its journey is over */
        return azi_assembly_store(s, x, j, u, now, err);
    if (sc->transport) { /* on the conveyor first, taking buffer room */
        st->nq++;
        queue_add(s, st, u, now, 1);
        sc->ntransit++;
        if (AZI_UNLIKELY(s->obs != NULL))
            azi_obs_place(s, AZ_PLACE_CONVEYOR, x, UINT32_MAX, 1,
                          sc->ntransit, u, now);
        return azi_cal_push(s->cal,
                            now + azi_dist_sample(sc->transport, &sc->trng),
                            0, EV_TRANSIT, x, u, NULL, err);
    }
    if (st->nidle > 0 && !st->batch_max && parts_ready(s, st)) {
        az_status rc = start(s, idle_machine(s, st), u, now, err);
        /* the stores have room again for components waiting for it */
        return rc || !st->ncomp ? rc : azi_flow_fill(s, x, now, err);
    }
    list_push(s, &st->qhead, &st->qtail, u);
    st->nq++;
    queue_add(s, st, u, now, 1);
    if (st->ncomp)
        azi_assembly_parts_wait(s, st, now);
    return st->batch_max ? azi_flow_fill(s, x, now, err) : AZ_OK;
}

/* Machine m unloads: it gives up its last unit and becomes idle (off
 * shift: OFF_SHIFT), or stays FAILED or in MAINTENANCE and will come back
 * idle. */
HOT az_status unload(az_sim *s, machine_rt *m, double now,
                     az_error *err)
{
    m->unit = NONE;
    m->nheld = 0;
    m->resume = AZ_MS_STARVED;
    if (m->state == AZ_MS_FAILED || m->state == AZ_MS_MAINTENANCE)
        return AZ_OK;
    return set_state(s, m,
                     station_on(s, &s->st[m->station]) ? AZ_MS_STARVED
                                                       : AZ_MS_OFF_SHIFT,
                     now, err);
}

/* Unit u, taken off one of station x's waiting lists, enters x (which has
 * room for it), and what held it is freed: a source resumes its arrivals,
 * a machine unloads it (and its station may fill in turn). Forced
 * inline into fill: it runs once per blocked move. */
HOT az_status take_waiting(az_sim *s, uint32_t x, uint32_t u, double now,
                           az_error *err)
{
    uint32_t from = s->units[u].holder;
    az_status rc;
    if (from >= s->nmachine) {
        uint32_t src = from - s->nmachine;
        source_rt *so = &s->src[src];
        if (so->multi)
            return azi_source_take_multi(s, x, u, src, now, err);
        if (so->queue) /* released when it arrived */
            return azi_source_take_queued(s, x, u, now, err);
        so->held = NONE;
        release(s, u, now);
        if ((rc = azi_flow_admit(s, x, u, now, err)))
            return rc;
        return schedule_arrival(s, src, now, err);
    }
    machine_rt *m = &s->mach[from];
    end_visit(s, m->station, u, now);
    if (--m->nheld > 0)
        return azi_flow_admit(s, x, u, now, err);
    if ((rc = unload(s, m, now, err)) || (rc = azi_flow_admit(s, x, u, now, err)))
        return rc;
    return azi_flow_fill(s, m->station, now, err);
}

/* Room may have appeared at station x: idle machines take units from the
 * buffer, and room in the buffer (or in an assembly's stores) admits
 * waiting units, longest-waiting first. The assembly's work is in the
 * branch every call ends in, so that other stations pay nothing for it. */
az_status azi_flow_fill(az_sim *s, uint32_t x, double now, az_error *err)
{
    station_rt *st = &s->st[x];
    az_status rc = AZ_OK;
    for (;;) {
        if (st->feat & SF_BATCH) { /* batch_max lies off the hot lines */
            /* the call only when a batch may start: most fills of an
             * oven find it busy or its buffer empty, and the call's
             * prologue was most of their cost */
            if (st->nidle > 0 && st->qhead != NONE &&
                (rc = azi_batch_try(s, x, now, err)))
                return rc;
        } else if (st->nidle > 0 && st->qhead != NONE && parts_ready(s, st)) {
            machine_rt *m = idle_machine(s, st);
            uint32_t u = st->feat & SF_DISPATCH
                             ? azi_dispatch_take(s, st, m)
                             : list_pop(s, &st->qhead, &st->qtail);
            st->nq--;
            queue_add(s, st, u, now, -1);
            if ((rc = start(s, m, u, now, err)))
                return rc;
            continue;
        }
        uint32_t u;
        if (st->whead != NONE && has_room(s, st)) {
            u = list_pop(s, &st->whead, &st->wtail);
        } else if (!(st->feat & SF_ASSEMBLY)) {
            return AZ_OK;
        } else if ((u = azi_assembly_waiter(s, st)) == NONE) {
            azi_assembly_parts_wait(s, st, now); /* settled */
            return AZ_OK;
        }
        if ((rc = take_waiting(s, x, u, now, err)))
            return rc;
    }
}

/* Step g's visit is over: where unit u goes next, NONE to leave, or SCRAP.
 * Tests draw pass or fail; sampled steps are skipped by all but every n-th
 * unit (a rework visit goes straight back to its test, uncounted). */
#define SCRAP (NONE - 1)

static inline uint32_t after(az_sim *s, const machine_rt *m, uint32_t u,
                             double now)
{
    unit *un = &s->units[u];
    step_rt *sp = &s->step[un->step];
    if (sp->hidden)
        return sp->next;
    if (sp->yield < 1) {
        if (azi_rng_uniform(&sp->rng) >= sp->yield) {
            s->stc[sp->station].rejects++;
            if (sp->rework == NONE || un->tries >= sp->max_rework)
                return SCRAP;
            un->tries++;
            s->prod[s->step[un->step].product].reworks++;
            if (AZI_UNLIKELY(s->obs != NULL))
                azi_obs_rework(s, m, u, s->step[sp->rework].station, now);
            return sp->rework;
        }
        un->tries = 0;
    }
    if (sp->destructive && sp->sample_every)
        return SCRAP;
    uint32_t g = sp->next;
    if (sp->nbranch)
        g = s->br_to[sp->first + pick(&s->br_cum[sp->first], sp->nbranch,
                                      &sp->rng)];
    return skip_unsampled(s, g);
}

/* Unit u leaves the line: finished, or scrapped. */
HOT az_status leave(az_sim *s, uint32_t u, int scrapped, double now,
               az_error *err)
{
    unit *un = &s->units[u];
    product_rt *pr = &s->prod[s->step[un->step].product];
    uint32_t kit = NONE;
    if (scrapped) {
        pr->scrapped++;
        s->scrapped++;
        s->scrapped_all++;
        if (s->kit_of && (kit = s->kit_of[un->step]) != NONE)
            azi_assembly_scrap_kit(s, kit, now);
    } else {
        double lead = now - un->release_t;
        pr->lead_sum += lead;
        az_hist_add(pr->hist, lead);
        pr->completed++;
        s->completed++;
        s->completed_all++;
    }
    if (s->unit_order)
        azi_orders_out(s, u, !scrapped, now);
    if (AZI_UNLIKELY(s->init_of != NULL)) /* a run from a state */
        azi_initial_out(s, u, now);
    if (s->obs)
        azi_obs_leave(s, u, scrapped ? AZ_EXIT_SCRAPPED : AZ_EXIT_DONE, now);
    un->next = s->free_head;
    s->free_head = u;
    if (kit != NONE) { /* the stores have room for components waiting */
        az_status rc = azi_flow_fill(s, kit, now, err);
        if (rc)
            return rc;
    }
    return s->capped ? azi_source_uncap(s, now, err) : AZ_OK;
}

/* Unit u's visit to station x on machine m is over: it moves on, leaves,
 * or waits on the machine (m->nheld counts those). */
HOT az_status send_on(az_sim *s, machine_rt *m, uint32_t u,
                      double now, az_error *err)
{
    uint32_t x = m->station;
    unit *un = &s->units[u];
    const step_rt *sp = &s->step[un->step];
    uint32_t g, y;
    if (sp->plain) {
        g = sp->next;
        y = sp->next_station;
    } else {
        g = after(s, m, u, now);
        y = g < SCRAP ? s->step[g].station : NONE;
    }
    if (g == NONE || g == SCRAP) {
        end_visit(s, x, u, now);
        if (g == NONE && (s->st[x].feat & SF_CARTON))
            return azi_carton_pack(s, x, u, now, err);
        return leave(s, u, g == SCRAP, now, err);
    }
    station_rt *next = &s->st[y];
    un->step = g;
    if (no_room(s, next, u)) {
        /* Blocked: the machine keeps the unit until y has room. */
        un->holder = (uint32_t)(m - s->mach);
        wait_at(s, next, u);
        m->waits_on = m->nheld++ ? NONE : y; /* a batch may wait on several */
        return AZ_OK;
    }
    end_visit(s, x, u, now);
    return azi_flow_admit(s, y, u, now, err);
}

az_status azi_flow_leave(az_sim *s, uint32_t u, int scrapped, double now,
                         az_error *err)
{
    return leave(s, u, scrapped, now, err);
}

/* Machine m keeps units that found no room: it is blocked, which may close
 * a loop of stations waiting for each other. */
static az_status block(az_sim *s, machine_rt *m, double now, az_error *err)
{
    if (!station_on(s, &s->st[m->station])) {
        /* Work that ran past the shift's end: outside the shifts the time
         * is off shift, as for a machine blocked when the shift ended; it
         * is blocked again at the next shift start if it still holds the
         * unit (shift.c). */
        m->resume = AZ_MS_BLOCKED;
        return set_state(s, m, AZ_MS_OFF_SHIFT, now, err);
    }
    az_status rc = set_state(s, m, AZ_MS_BLOCKED, now, err);
    if (rc)
        return rc;
    return azi_deadlock_check(s, m->waits_on, now, err);
}

/* Machine m of simple station st, just done and rid of its unit, takes the
 * next unit of its own buffer: unload then fill, where m is the only idle
 * machine, without the round trip through STARVED. WORKING -> STARVED ->
 * WORKING at
 * one instant leaves the idle and waiting counts and the station's
 * active period as they were (the bottleneck detector undoes an
 * interruption of zero length), and the WORKING time average gains nothing over a zero span:
 * bringing it up to now is the same arithmetic. An observed run goes the
 * long way, so that its observer hears of both changes (set_state). */
HOT az_status restart(az_sim *s, uint32_t mi, machine_rt *m, station_rt *st,
                      double now, int visited, az_error *err)
{
    /* Not set, as unload and start would: m->resume (read only while the
     * machine is FAILED, in MAINTENANCE or OFF_SHIFT, which suspend or
     * block set it for) and the unit's chain link (simple stations take
     * single units, and every list sets its links on entry). Nor the
     * failure clock's stop time, which a stop sets before a start reads. */
    uint32_t u = list_pop(s, &st->qhead, &st->qtail);
    unit *un = &s->units[u];
    st->nq--;
    queue_add(s, st, u, now, -1);
    st->wait_sum += now - un->enter_t;
    st->starts++;
    /* visited: the unit done has ended its visit (end_visit) and left the
     * machines' count already, else -1 for it and +1 for this one fall on
     * the same instant: the count stays, and bringing its time average up
     * to now is the same arithmetic (as for WORKING below). */
    if (visited)
        azi_count_add(&st->onmach, now, 1);
    else
        azi_count_add(&st->onmach, now, 0);
    m->unit = u;
    m->remaining = azi_dist_sample(&s->step[un->step].process, &st->rng) *
                   m->inv_speed;
    m->in_state[AZ_MS_WORKING] += now - m->in_since;
    m->in_since = now;
    m->ev_time = now + m->remaining;
    az_status rc = azi_cal_push(s->cal, m->ev_time, 0, EV_DONE, mi, u,
                                &m->ev, err);
    /* fill's next round: the buffer has room again */
    if (rc || st->whead == NONE)
        return rc;
    return azi_flow_fill(s, m->station, now, err);
}

/* azi_flow_done at a simple station: one unit, no person, up (it may
 * fail, but not at its end of a visit: SF_DONE_SIMPLE).
 * loop.c calls it for the commonest event, inlined there by LTO (engine.h,
 * AZI_HOT_EXTERN). */
AZI_HOT_EXTERN az_status azi_flow_done_simple(az_sim *s, uint32_t mi,
                                               machine_rt *m, station_rt *st,
                                               double now, az_error *err)
{
    unit *un = &s->units[m->unit];
    if (s->step[un->step].exits && !s->capped && s->on_shift && !s->obs &&
        st->nidle == 0 && st->qhead != NONE) {
        /* The commonest end of a visit: the unit leaves the line (send_on,
         * less the machines' count: see restart), then m takes the next
         * unit, which gives m->ev its new value. No WIP cap waits for the
         * room it leaves. */
        st->time_sum += now - un->enter_t;
        st->visits++;
        leave(s, m->unit, 0, now, err);
        return restart(s, mi, m, st, now, 0, err);
    }
    m->ev = 0;
    m->nheld = 0;
    az_status rc = send_on(s, m, m->unit, now, err);
    if (rc)
        return rc;
    if (m->nheld)
        return block(s, m, now, err);
    if (s->on_shift && !s->obs && st->nidle == 0 && st->qhead != NONE)
        return restart(s, mi, m, st, now, 1, err);
    if ((rc = unload(s, m, now, err)))
        return rc;
    return azi_flow_fill(s, m->station, now, err);
}

/* Machine m, at a station whose failures or maintenance count cycles
 * (SF_CYCLES, SF_MAINTAIN), has sent its unit or batch on: a cycle ends.
 * It blocks or unloads as any machine, then fails (failure.c) or stops
 * for maintenance (maintain.c) if that falls due now; maintenance due with
 * a failure waits for the repair. */
static az_status cycle_done(az_sim *s, machine_rt *m, double now,
                            az_error *err)
{
    unsigned feat = s->st[m->station].feat;
    int fails = (feat & SF_CYCLES) && azi_failure_cycle(s, m);
    int maint = (feat & SF_MAINTAIN) && azi_maintain_cycle(s, m);
    int held = m->nheld != 0;
    az_status rc = held ? block(s, m, now, err) : unload(s, m, now, err);
    if (!rc && fails)
        rc = azi_failure_strike(s, m, now, err);
    else if (!rc && maint)
        rc = azi_maintain_begin(s, m, now, err);
    if (rc || held)
        return rc;
    return azi_flow_fill(s, m->station, now, err);
}

/* Stations whose machines again() does not serve: a dispatch rule picks
 * by the idle machine, an assembly joins parts, a packer may be packing.
 * A batch station is served only when a full batch of mixed families
 * waits (azi_batch_full): the general case, with the batch's plan taken
 * out of batch_try, ran the reference factory 2 to 4 % slower
 * (docs/performance.md). */
#define AGAIN_NOT (SF_DISPATCH | SF_ASSEMBLY | SF_CARTON)

/* Machine m of station st (not AGAIN_NOT), just done with nothing held,
 * would be the only idle machine and its buffer holds a unit (a batch
 * station: a full batch of mixed families): m takes the unit or batch
 * that fill would give it after unload, without going WORKING ->
 * STARVED -> (SETUP, WORKING or WAIT_OPERATOR) at one instant. The STARVED
 * leg's effects undo each other there (as for restart: the idle and
 * inactive counts, the bottleneck's active period, a failure clock's stop
 * of no length), so results are the same; the WORKING time is brought up
 * to now as set_state would. The caller goes on with fill, which finds no
 * idle machine and admits what waits for room. */
static az_status again(az_sim *s, machine_rt *m, station_rt *st, double now,
                       az_error *err)
{
    assert(m->state == AZ_MS_WORKING && m->unit != NONE);
    /* m->resume is not set, as unload would: restart says why; start sets
     * m->unit */
    m->in_state[AZ_MS_WORKING] += now - m->in_since;
    m->in_since = now;
    if (st->feat & SF_BATCH)
        return azi_batch_full(s, m, now, err);
    uint32_t u = list_pop(s, &st->qhead, &st->qtail);
    st->nq--;
    queue_add(s, st, u, now, -1);
    return start(s, m, u, now, err);
}

az_status azi_flow_done(az_sim *s, uint32_t mi, double now, az_error *err)
{
    machine_rt *m = &s->mach[mi];
    station_rt *st = &s->st[m->station];
    if (!(st->feat & ~SF_DONE_SIMPLE))
        return azi_flow_done_simple(s, mi, m, st, now, err);
    m->ev = 0;
    m->nheld = 0;
    az_status rc;
    if (st->feat & SF_CARTON) { /* a carton's pack time */
        int busy;
        if ((rc = azi_carton_done(s, m, now, &busy, err)) || busy)
            return rc;
    }
    uint32_t u = m->unit;
    rc = return_person(s, m, ACT_WORK, now, err);
    while (u != NONE && !rc) { /* one unit, or a batch's chain */
        uint32_t nx = s->units[u].next;
        rc = send_on(s, m, u, now, err);
        u = nx;
    }
    if (rc)
        return rc;
    if (st->feat & (SF_CYCLES | SF_MAINTAIN))
        return cycle_done(s, m, now, err);
    if (m->nheld)
        return block(s, m, now, err);
    if (!(st->feat & AGAIN_NOT) && !s->obs && st->nidle == 0 &&
        st->qhead != NONE && station_on(s, st) &&
        (!(st->feat & SF_BATCH) ||
         (st->nq >= st->batch_max && !azi_sc(s, st)->batch_pure)))
        return (rc = again(s, m, st, now, err))
                   ? rc
                   : azi_flow_fill(s, m->station, now, err);
    if ((rc = unload(s, m, now, err)))
        return rc;
    return azi_flow_fill(s, m->station, now, err);
}

az_status azi_flow_transit(az_sim *s, uint32_t x, uint32_t u, double now,
                           az_error *err)
{
    station_rt *st = &s->st[x];
    station_cold *sc = azi_sc(s, st);
    list_push(s, &st->qhead, &st->qtail, u); /* nq counted it already */
    sc->ntransit--;
    if (AZI_UNLIKELY(s->obs != NULL))
        azi_obs_place(s, AZ_PLACE_CONVEYOR, x, UINT32_MAX, -1, sc->ntransit,
                      u, now);
    return azi_flow_fill(s, x, now, err);
}

/* Machine m stops what it does (for a failure, maintenance or a shift's
 * end) and remembers what to resume: work in progress keeps its time left
 * and its person leaves for other work; a wait for a person ends, the work
 * not begun. The caller then moves m to FAILED, MAINTENANCE or OFF_SHIFT. */
az_status azi_flow_suspend(az_sim *s, machine_rt *m, double now,
                           az_error *err)
{
    /* Off shift it is suspended already, and resume says what it returns
     * to: a failure striking it then must not overwrite that (it did, and
     * a machine blocked at the shift's end came back idle at the next
     * start while its unit still waited for room: two units on it). So
     * is a machine failed or in maintenance, which the other may follow. */
    if (m->state == AZ_MS_OFF_SHIFT || m->state == AZ_MS_FAILED ||
        m->state == AZ_MS_MAINTENANCE)
        return AZ_OK;
    m->resume = m->state;
    if (running(m->state)) {
        az_calendar_cancel(s->cal, m->ev);
        m->ev = 0;
        m->remaining = m->ev_time - now;
        return return_person(s, m,
                             m->state == AZ_MS_WORKING ? ACT_WORK : ACT_SETUP,
                             now, err);
    }
    if (m->state == AZ_MS_WAIT_OPERATOR) {
        azi_pool_cancel_wait(s, m);
        m->resume = azi_mc(s, m)->pending == ACT_WORK ? AZ_MS_WORKING
                                                      : AZ_MS_SETUP;
    }
    return AZ_OK;
}

az_status azi_flow_start(az_sim *s, az_error *err)
{
    for (uint32_t i = 0; i < s->nmachine; i++) {
        machine_rt *m = &s->mach[i];
        machine_cold *c = azi_mc(s, m);
        station_cold *sc = &s->stc[m->station];
        m->state = AZ_MS_STARVED;
        m->resume = AZ_MS_STARVED;
        m->unit = c->product = c->family = NONE;
        c->holds = NONE;
        /* no carton being packed: a snapshot before the first unit checks
         * every unit index against a pool of 0 */
        c->packing = 0;
        c->pack_chain = NONE;
        m->ev = c->fail_ev = 0;
        c->stop_t = -1;
        az_status rc;
        if (sc->fail_between && (rc = azi_failure_arm(s, i, err)))
            return rc;
        if (sc->maint && (rc = azi_maintain_arm(s, i, err)))
            return rc;
    }
    return AZ_OK;
}
