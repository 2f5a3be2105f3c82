/*
 * carton.c: packaging. At a station with a carton size n, a unit that
 * finishes its route there (its last step) goes into the open carton of
 * its product instead of leaving; the n-th closes the carton, which
 * leaves the line with all its units (each counted completed then, with
 * its own lead time). Units in open cartons count as inside the line.
 *
 * With a pack time, the machine that finishes a carton's last unit packs
 * it: the open carton is taken off its product (the next unit opens a new
 * one) into the machine (machine_cold.pack_chain), which works for the
 * pack time (a failure interrupts it as any work), and then the carton
 * leaves with the machine's unit.
 *
 * What follows: units completed = n x cartons, and a carton's units all
 * leave at the instant it closes (with a pack time: once packed).
 */
#include "calendar_impl.h"
#include "dist_impl.h"
#include "engine/engine.h"
#include "stats_impl.h"

/* The carton's units leave the line, the chain from v on: each counted
 * completed with its own lead time. */
static az_status ship(az_sim *s, uint32_t v, double now, az_error *err)
{
    az_status rc = AZ_OK;
    while (v != NONE && !rc) {
        uint32_t nx = s->units[v].next;
        rc = azi_flow_leave(s, v, 0, now, err);
        v = nx;
    }
    return rc;
}

az_status azi_carton_done(az_sim *s, machine_rt *m, double now, int *busy,
                          az_error *err)
{
    station_rt *st = &s->st[m->station];
    station_cold *sc = azi_sc(s, st);
    machine_cold *c = azi_mc(s, m);
    *busy = 0;
    if (!sc->pack || m->unit == NONE)
        return AZ_OK;
    uint32_t u = m->unit, p = azi_unit_product(s, u);
    if (c->packing) { /* packed: the carton leaves with u */
        c->packing = 0;
        end_visit(s, m->station, u, now);
        azi_timeavg_add(&sc->packed, now, -(double)(st->carton - 1));
        s->prod[p].cartons++;
        s->cartons++;
        s->units[u].next = c->pack_chain;
        m->unit = NONE;
        return ship(s, u, now, err);
    }
    /* u closes its carton only if it leaves here: the last step, no test */
    if (!s->step[s->units[u].step].exits || sc->carton_n[p] + 1 < st->carton)
        return AZ_OK;
    c->packing = 1;
    c->pack_chain = sc->carton_head[p];
    sc->carton_head[p] = NONE;
    if (AZI_UNLIKELY(s->obs != NULL)) /* off to be packed */
        azi_obs_place(s, AZ_PLACE_CARTON, m->station, p,
                      -(int32_t)sc->carton_n[p], 0, NONE, now);
    sc->carton_n[p] = 0;
    *busy = 1;
    m->remaining = azi_dist_sample(sc->pack, &st->rng) * m->inv_speed;
    m->ev_time = now + m->remaining;
    return azi_cal_push(s->cal, m->ev_time, 0, EV_DONE, (uint32_t)(m - s->mach),
                        u, &m->ev, err);
}

/* Unit u, finished at packaging station x, goes into its product's open
 * carton; a full carton leaves the line with all its units. */
az_status azi_carton_pack(az_sim *s, uint32_t x, uint32_t u, double now,
                          az_error *err)
{
    station_rt *st = &s->st[x];
    station_cold *sc = azi_sc(s, st);
    uint32_t p = azi_unit_product(s, u);
    s->units[u].next = sc->carton_head[p];
    sc->carton_head[p] = u;
    azi_timeavg_add(&sc->packed, now, 1);
    ++sc->carton_n[p];
    if (AZI_UNLIKELY(s->obs != NULL))
        azi_obs_place(s, AZ_PLACE_CARTON, x, p, 1, sc->carton_n[p], u, now);
    if (sc->carton_n[p] < st->carton)
        return AZ_OK;
    if (AZI_UNLIKELY(s->obs != NULL)) /* closed: it leaves the line */
        azi_obs_place(s, AZ_PLACE_CARTON, x, p, -(int32_t)st->carton, 0,
                      NONE, now);
    azi_timeavg_add(&sc->packed, now, -(double)st->carton);
    s->prod[p].cartons++;
    s->cartons++;
    uint32_t v = sc->carton_head[p];
    sc->carton_head[p] = NONE;
    sc->carton_n[p] = 0;
    return ship(s, v, now, err);
}
