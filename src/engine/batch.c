/*
 * batch.c: batch machines (an oven, a wash) take up to batch_max units at
 * once, worked as one: one process time, one changeover, one end event,
 * and the units move on together (a chain through unit.next; flow.c,
 * azi_flow_done sends each on). Units wait in the buffer until a batch
 * starts: a full one as soon as a machine is idle, else one of at least
 * batch_min units once the oldest has waited max_wait (an EV_BATCH_WAIT
 * looks again then), or whatever the buffer holds when it is full, which
 * would otherwise stop the line. A pure batch takes one family only: the
 * oldest unit's, or with a dispatch rule the family of the unit the rule
 * would take, when a batch of it can start now (dispatch.c).
 *
 * What follows: a deterministic oven fed faster than it works runs full
 * batches back to back, batch_max units per cycle.
 */
#include <math.h>

#include "calendar_impl.h"
#include "engine/engine.h"
#include "stats_impl.h"

/* Takes up to `take` units of family fam (NONE: any) from the buffer, in
 * FIFO order, chained through next; returns the first. */
static uint32_t take_batch(az_sim *s, station_rt *st, uint32_t fam,
                           uint32_t take, double now)
{
    uint32_t head = NONE, tail = NONE, prev = NONE, u = st->qhead;
    while (u != NONE && take > 0) {
        uint32_t nx = s->units[u].next;
        if (fam == NONE || s->prod_family[azi_unit_product(s, u)] == fam) {
            if (prev == NONE) /* unlink u from the buffer */
                st->qhead = nx;
            else
                s->units[prev].next = nx;
            if (st->qtail == u)
                st->qtail = prev;
            st->nq--;
            queue_add(s, st, u, now, -1);
            st->wait_sum += now - s->units[u].enter_t;
            st->starts++;
            azi_count_add(&st->onmach, now, 1);
            list_push(s, &head, &tail, u);
            take--;
        } else {
            prev = u;
        }
        u = nx;
    }
    return head;
}

/* Starts every batch the buffer allows on idle machines; if a batch could
 * start later on max_wait, makes sure an event will look again then. */
/* Units of family fam (NONE: any) among the first batch_max of the
 * buffer that could go in one batch. */
static uint32_t family_count(const az_sim *s, const station_rt *st,
                             uint32_t fam)
{
    if (fam == NONE)
        return st->nq;
    uint32_t count = 0;
    for (uint32_t u = st->qhead; u != NONE && count < st->batch_max;
         u = s->units[u].next)
        count += s->prod_family[azi_unit_product(s, u)] == fam;
    return count;
}

/* How many units of a batch of `count` to start now, or 0 to wait. */
static uint32_t to_take(const station_rt *st, const station_cold *sc,
                        uint32_t count, double due, double now)
{
    if (count >= st->batch_max)
        return st->batch_max;
    if (count >= sc->batch_min && due <= now)
        return count;
    if (count > 0 && st->nq >= st->cap)
        return count; /* a full buffer would otherwise stop the line */
    return 0;
}

az_status azi_batch_try(az_sim *s, uint32_t x, double now, az_error *err)
{
    station_rt *st = &s->st[x];
    station_cold *sc = azi_sc(s, st);
    while (st->nidle > 0 && st->qhead != NONE) {
        double due = s->units[st->qhead].enter_t + sc->batch_wait;
        uint32_t fam = NONE, take = 0;
        if (sc->batch_pure && (st->feat & SF_DISPATCH)) {
            /* the rule's family, if a batch of it can start now */
            uint32_t lead = azi_dispatch_lead(s, st, idle_machine(s, st));
            fam = s->prod_family[azi_unit_product(s, lead)];
            take = to_take(st, sc, family_count(s, st, fam), due, now);
        }
        uint32_t count = 0;
        if (!take) { /* the oldest unit's family (any, if not pure) */
            fam = sc->batch_pure
                      ? s->prod_family[azi_unit_product(s, st->qhead)]
                      : NONE;
            count = family_count(s, st, fam);
            take = to_take(st, sc, count, due, now);
        }
        if (!take) {
            if (count >= sc->batch_min && due < INFINITY &&
                !sc->batch_pending) {
                sc->batch_pending = 1;
                return azi_cal_push(s->cal, due, 0, EV_BATCH_WAIT, x, 0,
                                    NULL, err);
            }
            return AZ_OK;
        }
        machine_rt *m = idle_machine(s, st);
        m->unit = take_batch(s, st, fam, take, now);
        if (AZI_UNLIKELY(s->obs != NULL))
            azi_obs_batch(s, m, take, now);
        az_status rc = setup_then_work(s, m, now, err);
        if (rc)
            return rc;
    }
    return AZ_OK;
}

/* Out of line: inlined into azi_flow_done, it made the realistic line 4 %
 * slower through the CLI (the setup and start it pulls in). */
AZI_NOINLINE az_status azi_batch_full(az_sim *s, machine_rt *m, double now,
                                      az_error *err)
{
    station_rt *st = &s->st[m->station];
    m->unit = take_batch(s, st, NONE, st->batch_max, now);
    if (AZI_UNLIKELY(s->obs != NULL))
        azi_obs_batch(s, m, st->batch_max, now);
    return setup_then_work(s, m, now, err);
}

az_status azi_batch_wait(az_sim *s, uint32_t x, double now, az_error *err)
{
    s->stc[x].batch_pending = 0;
    return azi_flow_fill(s, x, now, err);
}
