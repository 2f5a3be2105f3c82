/*
 * pool.c: operators and technicians. A station may draw a person from a
 * pool for each activity (setup, work, repair, maintenance:
 * station_cold.pool). A machine that needs one calls (azi_pool_call): it
 * starts at once if the pool has a free person, else it waits in the
 * pool's FIFO queue of machines (pool_rt.whead..wtail, linked through
 * machine_cold.next_wait), in WAIT_OPERATOR, or, waiting for a repair or
 * maintenance, still FAILED or in MAINTENANCE. When the
 * activity ends the person returns (azi_pool_return) and goes straight to
 * the machine that has waited longest, or back to the pool.
 *
 * Invariants: busy counts people at machines; a machine waits in a queue
 * only while busy >= size; busy may exceed size just after a shift makes
 * the pool smaller (those people finish what they do and go home). Shifts
 * set each pool's size (azi_pool_staff), and new people serve the queue; a
 * pool on a calendar of its own has its size inside it and nobody outside.
 *
 * What follows: one person shared by two machines works one at a time, so
 * the pair's throughput is that of one machine.
 */
#include "engine/engine.h"
#include "stats_impl.h"

/* A person of pool p (already counted busy) goes to the machine that has
 * waited longest for one, which starts its pending activity. */
static az_status serve_next(az_sim *s, uint32_t p, double now, az_error *err)
{
    pool_rt *pl = &s->pools[p];
    machine_rt *w = &s->mach[pl->whead];
    machine_cold *c = azi_mc(s, w);
    pl->whead = c->next_wait;
    if (pl->whead == NONE)
        pl->wtail = NONE;
    c->holds = p;
    return begin_activity(s, w, c->pending, now, err);
}

az_status azi_pool_call(az_sim *s, machine_rt *m, activity a, double now,
                        az_error *err)
{
    uint32_t p = s->stc[m->station].pool[a];
    if (p != NONE) {
        pool_rt *pl = &s->pools[p];
        if (pl->busy >= pl->size) {
            machine_cold *c = azi_mc(s, m);
            c->pending = a;
            c->next_wait = NONE;
            uint32_t mi = (uint32_t)(m - s->mach);
            if (pl->wtail == NONE)
                pl->whead = mi;
            else
                s->mcold[pl->wtail].next_wait = mi;
            pl->wtail = mi;
            /* A machine failed or in maintenance stays so while it waits
             * for a technician. */
            return a >= ACT_REPAIR
                       ? AZ_OK
                       : set_state(s, m, AZ_MS_WAIT_OPERATOR, now, err);
        }
        pl->busy++;
        azi_timeavg_add(&pl->used, now, 1);
        azi_mc(s, m)->holds = p;
        if (s->obs)
            azi_obs_place(s, AZ_PLACE_POOL, p, UINT32_MAX, 1, pl->busy, NONE,
                          now);
    }
    return begin_activity(s, m, a, now, err);
}

az_status azi_pool_return(az_sim *s, machine_rt *m, double now,
                          az_error *err)
{
    machine_cold *c = azi_mc(s, m);
    uint32_t p = c->holds;
    if (p == NONE)
        return AZ_OK;
    c->holds = NONE;
    pool_rt *pl = &s->pools[p];
    if (pl->whead == NONE || pl->busy > pl->size) { /* goes, or goes home */
        pl->busy--;
        azi_timeavg_add(&pl->used, now, -1);
        if (s->obs)
            azi_obs_place(s, AZ_PLACE_POOL, p, UINT32_MAX, -1, pl->busy, NONE,
                          now);
        return AZ_OK;
    }
    return serve_next(s, p, now, err);
}

/* Takes machine m (waiting for a person, and failing or going off shift)
 * out of its pool's queue. */
void azi_pool_cancel_wait(az_sim *s, machine_rt *m)
{
    machine_cold *c = azi_mc(s, m);
    pool_rt *pl = &s->pools[s->stc[m->station].pool[c->pending]];
    uint32_t mi = (uint32_t)(m - s->mach), prev = NONE;
    for (uint32_t w = pl->whead; w != NONE; prev = w, w = s->mcold[w].next_wait)
        if (w == mi) {
            if (prev == NONE)
                pl->whead = c->next_wait;
            else
                s->mcold[prev].next_wait = c->next_wait;
            if (pl->wtail == mi)
                pl->wtail = prev;
            return;
        }
}

az_status azi_pool_staff(az_sim *s, uint32_t cal, int k, double now,
                         az_error *err)
{
    for (uint32_t q = 0; q < s->npool; q++) {
        pool_rt *pl = &s->pools[q];
        if (pl->cal != cal)
            continue;
        uint32_t size = pl->base;
        if (cal != NONE) /* its own calendar: its people only inside */
            size = k >= 0 ? pl->base : 0;
        else if (k >= 0 && (uint32_t)k < pl->nshift &&
                 pl->by_shift[k] != AZ_UNLIMITED)
            size = pl->by_shift[k];
        azi_timeavg_set(&pl->staffed, now, size);
        pl->size = size;
        while (pl->busy < pl->size && pl->whead != NONE) { /* new people */
            pl->busy++;
            azi_timeavg_add(&pl->used, now, 1);
            if (s->obs)
                azi_obs_place(s, AZ_PLACE_POOL, q, UINT32_MAX, 1, pl->busy,
                              NONE, now);
            az_status rc = serve_next(s, q, now, err);
            if (rc)
                return rc;
        }
    }
    return AZ_OK;
}
