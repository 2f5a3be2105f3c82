/*
 * failure.c: machines fail and are repaired. A machine with failures draws
 * its time to failure (ttf) and, at a failure (EV_FAIL), stops what it
 * does (azi_flow_suspend: work in progress keeps its time left, a person
 * goes back to the pool), is FAILED, and asks for its repair, an activity
 * that may wait for a technician (engine.h, do_activity). At the repair's
 * end (EV_REPAIR) it draws a new ttf and resumes what it did: the
 * interrupted setup or work (with a person again), blocked or idle. Off
 * shift, an idle or blocked machine, or one whose work pauses off shift,
 * goes OFF_SHIFT instead and resumes at the next shift (shift.c).
 *
 * Four clocks: on the calendar clock the ttf runs always, so the next
 * failure is scheduled at the repair; on the operating clock it runs only
 * while the machine is in SETUP or WORKING, on the processing clock only
 * in WORKING (set_state calls azi_failure_clock when that changes), and
 * the failure event is a lower bound checked when it falls due. On the
 * cycle clock (wear, SF_CYCLES) the ttf is a count, ceil of the draw and
 * at least 1, less one at the end of each cycle (a unit, or a batch:
 * flow.c calls azi_failure_cycle); at 0 the machine fails, after its unit
 * has gone on or blocked. No event is pending then.
 *
 * Planned maintenance (maintain.c) stops the operating and processing
 * clocks (a machine in MAINTENANCE is not running); a calendar-clock
 * failure that falls due during it strikes at its end, and maintenance
 * that fell due during a failure is done right after the repair.
 *
 * What follows: a deterministic machine on the calendar clock with
 * MTTF f and MTTR r is up f of every f + r time units, availability
 * f / (f + r); failing while idle costs it no work.
 */
#include <math.h>

#include "calendar_impl.h"
#include "dist_impl.h"
#include "engine/engine.h"

/* A time to failure for machine m: a time, or on the cycle clock a count
 * of cycles, ceil of the draw and at least 1. */
static double draw_ttf(const az_sim *s, const machine_rt *m, machine_cold *c)
{
    double t = azi_dist_sample(s->stc[m->station].fail_between, &c->rng);
    if (!(s->st[m->station].feat & SF_CYCLES))
        return t;
    t = ceil(t);
    return t >= 1 ? t : 1;
}

int azi_failure_cycle(az_sim *s, const machine_rt *m)
{
    return --azi_mc(s, m)->ttf <= 0;
}

az_status azi_failure_arm(az_sim *s, uint32_t mi, az_error *err)
{
    machine_cold *c = &s->mcold[mi];
    const station_cold *sc = &s->stc[s->mach[mi].station];
    c->ttf = draw_ttf(s, &s->mach[mi], c);
    /* the first start pushes the event; cycles need none */
    if (sc->operating_clock || (s->st[s->mach[mi].station].feat & SF_CYCLES))
        return AZ_OK;
    return azi_cal_push(s->cal, s->t0 + c->ttf, 0, EV_FAIL, mi, 0,
                        &c->fail_ev, err);
}

/* The operating clock of machine m starts (it runs) or stops. Only the
 * running time left (ttf) follows each start and stop: the failure event is
 * not moved with them, which took a cancel and a push at every unit's start
 * and end (a tenth of the reference factory's run). It stays where it was
 * pushed, no later than the failure can come, and when it falls due
 * azi_failure_fail fails the machine, pushes the event on to the failure's
 * time, or, if the machine is not running, drops it; the next start then
 * pushes it again. A stop and a start at the same instant (one unit done,
 * the next begun) leave the clock as it was, so the failure comes exactly
 * at the time the event was pushed for if the machine runs on. */
az_status azi_failure_clock(az_sim *s, machine_rt *m, int runs, double now,
                            az_error *err)
{
    machine_cold *c = azi_mc(s, m);
    if (!runs) {
        c->ttf_before = c->ttf;
        c->stop_t = now;
        c->ttf -= now - c->since;
        return AZ_OK;
    }
    if (now == c->stop_t) /* a stop of no length: as if it had run on */
        c->ttf = c->ttf_before;
    else
        c->since = now;
    if (c->fail_ev)
        return AZ_OK;
    double due = c->since + c->ttf;
    return azi_cal_push(s->cal, due > now ? due : now, 0, EV_FAIL,
                        (uint32_t)(m - s->mach), 0, &c->fail_ev, err);
}

az_status azi_failure_fail(az_sim *s, uint32_t mi, double now, az_error *err)
{
    machine_rt *m = &s->mach[mi];
    machine_cold *c = azi_mc(s, m);
    station_cold *sc = &s->stc[m->station];
    c->fail_ev = 0;
    if (sc->operating_clock) { /* the event may come early (azi_failure_clock) */
        if (!(state_flags[m->state] & sc->clock_bit))
            return AZ_OK; /* the next start pushes it again */
        double due = c->since + c->ttf;
        if (due > now)
            return azi_cal_push(s->cal, due, 0, EV_FAIL, mi, 0, &c->fail_ev,
                                err);
    }
    if (m->state == AZ_MS_MAINTENANCE) { /* on the calendar clock */
        azi_maintain_defer_failure(s, m);
        return AZ_OK;
    }
    return azi_failure_strike(s, m, now, err);
}

az_status azi_failure_strike(az_sim *s, machine_rt *m, double now,
                             az_error *err)
{
    s->stc[m->station].failures++;
    return azi_failure_down(s, m, -1, now, err);
}

az_status azi_failure_down(az_sim *s, machine_rt *m, double repair,
                           double now, az_error *err)
{
    machine_cold *c = azi_mc(s, m);
    station_cold *sc = &s->stc[m->station];
    az_status rc = azi_flow_suspend(s, m, now, err);
    if (rc || (rc = set_state(s, m, AZ_MS_FAILED, now, err)))
        return rc;
    if (s->st[m->station].feat & SF_ASSEMBLY) /* an idle one may fail */
        azi_assembly_parts_wait(s, &s->st[m->station], now);
    c->repair = repair >= 0 ? repair
                            : azi_dist_sample(sc->fail_repair, &c->rng);
    return do_activity(s, m, ACT_REPAIR, now, err);
}

az_status azi_failure_repair(az_sim *s, uint32_t mi, double now,
                             az_error *err)
{
    machine_rt *m = &s->mach[mi];
    machine_cold *c = azi_mc(s, m);
    station_cold *sc = &s->stc[m->station];
    az_status rc = return_person(s, m, ACT_REPAIR, now, err);
    if (rc)
        return rc;
    /* A new clock: the stop at the failure is not a pause of it, even if
     * the repair took no time (azi_failure_clock would restore the old
     * ttf). None at a station that never fails, whose machine a state of
     * the shop floor put down (initial.c). */
    c->stop_t = -1;
    if (sc->fail_between) {
        c->ttf = draw_ttf(s, m, c);
        if (!sc->operating_clock && !(s->st[m->station].feat & SF_CYCLES) &&
            (rc = azi_cal_push(s->cal, now + c->ttf, 0, EV_FAIL, mi, 0,
                               &c->fail_ev, err)))
            return rc;
    }
    if ((s->st[m->station].feat & SF_MAINTAIN) &&
        azi_maintain_after_repair(s, m))
        return azi_maintain_begin(s, m, now, err);
    return azi_failure_resume(s, m, now, err);
}

az_status azi_failure_resume(az_sim *s, machine_rt *m, double now,
                             az_error *err)
{
    az_status rc;
    az_machine_state k = m->resume;
    if (!station_on(s, &s->st[m->station]) && (k == AZ_MS_STARVED || k == AZ_MS_BLOCKED ||
                         (running(k) && s->pause_off_shift)))
        return set_state(s, m, AZ_MS_OFF_SHIFT, now, err); /* resume kept */
    if (running(k)) /* resume the interrupted work, with a person again */
        return do_activity(s, m, k == AZ_MS_WORKING ? ACT_WORK : ACT_SETUP,
                           now, err);
    if ((rc = set_state(s, m, k, now, err)))
        return rc;
    return k == AZ_MS_STARVED ? azi_flow_fill(s, m->station, now, err) : AZ_OK;
}
