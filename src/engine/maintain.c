/*
 * maintain.c: planned (preventive) maintenance. A machine of a station
 * with maintenance (SF_MAINTAIN) stops for a drawn duration when its
 * maintenance falls due: after `every` of operating time (SETUP or
 * WORKING: SF_MCLOCK), after `every` of any time since its last
 * maintenance ended (the calendar clock), or after `cycles` cycles (a
 * unit, or a batch at a batch station: flow.c calls azi_maintain_cycle at
 * the end of each). It stops as for a failure (azi_flow_suspend: work in
 * progress keeps its time left, its person leaves), is in MAINTENANCE and
 * calls a technician if the station names a pool for it (do_activity,
 * ACT_MAINTAIN; it waits in MAINTENANCE). At the end (EV_MAINT_END) the
 * clock starts again and the machine resumes what it did, as after a
 * repair (failure.c, azi_failure_resume).
 *
 * When maintenance falls due (docs/model-format.md, the rules):
 *   - with finish_unit, a machine in the middle of a unit (setting up,
 *     working, waiting for its operator, or failed or paused off shift in
 *     the middle of one) finishes the unit first: `due` waits for the end
 *     of the cycle;
 *   - a failed machine is maintained right after its repair (failure.c
 *     asks azi_maintain_after_repair);
 *   - any other machine (idle, blocked, off shift) stops at once:
 *     maintenance goes on on and off shift alike, as a repair does.
 * A calendar-clock failure that falls due in maintenance strikes at its
 * end (fail_after); the operating and processing clocks of failures stand
 * still in it. Invariant: a machine is never failed and in maintenance at
 * once, and every maintenance ends in its EV_MAINT_END, never cancelled.
 *
 * The operating clock works as failure.c's (azi_failure_clock): EV_MAINT
 * is a lower bound that stays where it was pushed; when it falls due the
 * handler begins the maintenance, pushes the event on to the due time, or
 * (the machine not running) drops it for the next start to push again.
 * While `due` nothing is pushed.
 *
 * What follows: a machine that always has work, maintained for d after
 * every T of operating time, works T of every T + d (availability
 * T / (T + d)); maintained every N cycles of t, it makes N units in
 * N t + d.
 */
#include "calendar_impl.h"
#include "dist_impl.h"
#include "engine/engine.h"

static const az_maintenance *spec_of(const az_sim *s, const machine_rt *m)
{
    return s->stc[m->station].maint;
}

/* The interval starts again at now: in time or cycles, and on the
 * calendar clock the event is pushed. */
static az_status restart(az_sim *s, uint32_t mi, double now, az_error *err)
{
    maint_rt *mt = &s->maint[mi];
    const az_maintenance *p = spec_of(s, &s->mach[mi]);
    mt->stop_t = -1; /* a new clock, not a pause of the old one */
    mt->left = p->clock == AZ_MAINT_CYCLES ? (double)p->cycles : p->every;
    if (p->clock != AZ_MAINT_CALENDAR)
        return AZ_OK;
    return azi_cal_push(s->cal, now + p->every, 0, EV_MAINT, mi, 0, &mt->ev,
                        err);
}

az_status azi_maintain_arm(az_sim *s, uint32_t mi, az_error *err)
{
    maint_rt *mt = &s->maint[mi];
    mt->ev = 0;
    mt->due = mt->fail_after = 0;
    mt->since = s->t0;
    return restart(s, mi, s->t0, err);
}

az_status azi_maintain_clock(az_sim *s, machine_rt *m, int runs, double now,
                             az_error *err)
{
    uint32_t mi = (uint32_t)(m - s->mach);
    maint_rt *mt = &s->maint[mi];
    if (!runs) {
        mt->left_before = mt->left;
        mt->stop_t = now;
        mt->left -= now - mt->since;
        return AZ_OK;
    }
    if (now == mt->stop_t) /* a stop of no length: as if it had run on */
        mt->left = mt->left_before;
    else
        mt->since = now;
    if (mt->ev || mt->due)
        return AZ_OK;
    double at = mt->since + mt->left;
    return azi_cal_push(s->cal, at > now ? at : now, 0, EV_MAINT, mi, 0,
                        &mt->ev, err);
}

/* Whether machine m is in the middle of a unit: setting up, working or
 * waiting for its operator, or failed or off shift in the middle of one. */
static int mid_unit(const machine_rt *m)
{
    az_machine_state k = m->state;
    if (k == AZ_MS_FAILED || k == AZ_MS_OFF_SHIFT)
        k = m->resume;
    return running(k) || k == AZ_MS_WAIT_OPERATOR;
}

az_status azi_maintain_due(az_sim *s, uint32_t mi, double now, az_error *err)
{
    machine_rt *m = &s->mach[mi];
    maint_rt *mt = &s->maint[mi];
    mt->ev = 0;
    if (spec_of(s, m)->clock == AZ_MAINT_OPERATING) {
        if (!running(m->state))
            return AZ_OK; /* the next start pushes it again */
        double at = mt->since + mt->left;
        if (at > now)
            return azi_cal_push(s->cal, at, 0, EV_MAINT, mi, 0, &mt->ev, err);
    }
    mt->due = 1;
    if (m->state == AZ_MS_FAILED || (spec_of(s, m)->finish_unit && mid_unit(m)))
        return AZ_OK; /* after the repair, or at the end of the unit */
    return azi_maintain_begin(s, m, now, err);
}

int azi_maintain_cycle(az_sim *s, const machine_rt *m)
{
    maint_rt *mt = &s->maint[m - s->mach];
    if (spec_of(s, m)->clock == AZ_MAINT_CYCLES && --mt->left <= 0)
        mt->due = 1;
    return mt->due;
}

int azi_maintain_after_repair(const az_sim *s, const machine_rt *m)
{
    return s->maint[m - s->mach].due &&
           !(spec_of(s, m)->finish_unit && mid_unit(m));
}

void azi_maintain_defer_failure(az_sim *s, const machine_rt *m)
{
    s->maint[m - s->mach].fail_after = 1;
}

az_status azi_maintain_begin(az_sim *s, machine_rt *m, double now,
                             az_error *err)
{
    maint_rt *mt = &s->maint[m - s->mach];
    station_rt *st = &s->st[m->station];
    mt->due = 0;
    az_status rc = azi_flow_suspend(s, m, now, err);
    if (rc || (rc = set_state(s, m, AZ_MS_MAINTENANCE, now, err)))
        return rc;
    if (st->feat & SF_ASSEMBLY) /* an idle one may stop */
        azi_assembly_parts_wait(s, st, now);
    mt->duration = azi_dist_sample(s->stc[m->station].maint_duration,
                                   &mt->rng);
    return do_activity(s, m, ACT_MAINTAIN, now, err);
}

az_status azi_maintain_end(az_sim *s, uint32_t mi, double now, az_error *err)
{
    machine_rt *m = &s->mach[mi];
    maint_rt *mt = &s->maint[mi];
    az_status rc = return_person(s, m, ACT_MAINTAIN, now, err);
    if (rc || (rc = restart(s, mi, now, err)))
        return rc;
    if (mt->fail_after) {
        mt->fail_after = 0;
        return azi_failure_strike(s, m, now, err);
    }
    return azi_failure_resume(s, m, now, err);
}
