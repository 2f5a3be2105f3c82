/*
 * carton.c: packaging. At a station with a carton size n, a unit that
 * finishes its route there (its last step) goes into the open carton of
 * its product instead of leaving; the n-th closes the carton, which
 * leaves the line with all its units (each counted completed then, with
 * its own lead time). Units in open cartons count as inside the line.
 *
 * What follows: units completed = n x cartons, and a carton's units all
 * leave at the instant it closes.
 */
#include "engine/engine.h"
#include "stats_impl.h"

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
    if (++sc->carton_n[p] < st->carton)
        return AZ_OK;
    azi_timeavg_add(&sc->packed, now, -(double)st->carton);
    s->prod[p].cartons++;
    s->cartons++;
    uint32_t v = sc->carton_head[p];
    sc->carton_head[p] = NONE;
    sc->carton_n[p] = 0;
    az_status rc = AZ_OK;
    while (v != NONE && !rc) {
        uint32_t nx = s->units[v].next;
        rc = azi_flow_leave(s, v, 0, now, err);
        v = nx;
    }
    return rc;
}
