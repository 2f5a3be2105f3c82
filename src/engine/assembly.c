/*
 * assembly.c: an assembly station joins components to each unit it works.
 * Each component product has a store at the station (store_rt): its units
 * arrive through the line like any other, and on admission go into the
 * store instead of the buffer (azi_assembly_store; their units return to
 * the pool, and they count again as "consumed" when joined). A machine
 * starts a unit only when every store holds the quantity one unit needs
 * (engine.h, parts_ready), and then takes one kit (azi_assembly_join).
 *
 * Invariants: a store holds at most its capacity; components that find it
 * full wait on the store's own list, never on the station's (a component
 * must not queue behind a unit that waits for that component); a unit
 * waits in the buffer while a machine is idle only for components
 * (azi_assembly_parts_wait keeps that as a time average). With scrap_kits,
 * a unit scrapped on its way to the station takes one kit with it: what
 * the stores hold now, and what they lack from the next components to
 * arrive (store_rt.owed).
 */
#include "engine/engine.h"
#include "stats_impl.h"

/* Store k of station x's content changes by d at now (u: the component
 * that came in, or NONE): its time averages, and the observer. */
static void store_add(az_sim *s, uint32_t x, store_rt *k, double now,
                      int64_t d, uint32_t u)
{
    int lacked = k->have < k->qty;
    k->have = (uint32_t)((int64_t)k->have + d);
    azi_timeavg_add(&k->content, now, (double)d);
    int lacks = k->have < k->qty;
    if (lacks != lacked)
        azi_timeavg_add(&k->lacking, now, lacks - lacked);
    if (s->obs && d)
        azi_obs_place(s, AZ_PLACE_STORE, x, k->product, (int32_t)d, k->have,
                      u, now);
}

/* Assembly station st: whether units wait in its buffer while a machine
 * is idle (they can only be waiting for components: fill starts a unit
 * whenever the stores allow), as a time average. Called where the buffer,
 * the idle count or the stores settle: the end of fill, a unit queued by
 * admit, a shift change. */
void azi_assembly_parts_wait(az_sim *s, station_rt *st, double now)
{
    station_cold *sc = azi_sc(s, st);
    double w = st->nidle > 0 && st->qhead != NONE;
    if (w != sc->parts_wait.value_)
        azi_timeavg_add(&sc->parts_wait, now, w - sc->parts_wait.value_);
}

/* Assembly station x: the first component waiting for a store that has
 * room now, taken off its list, or NONE. */
uint32_t azi_assembly_waiter(az_sim *s, const station_rt *st)
{
    store_rt *k = azi_sc(s, st)->store;
    for (uint32_t j = 0; j < st->ncomp; j++)
        if (k[j].whead != NONE && k[j].have < k[j].cap)
            return list_pop(s, &k[j].whead, &k[j].wtail);
    return NONE;
}

/* A unit bound for assembly station x was scrapped before it: one kit of
 * its components goes with it, from the stores, and what they lack from
 * the next components to arrive (store_rt.owed). */
void azi_assembly_scrap_kit(az_sim *s, uint32_t x, double now)
{
    const station_rt *st = &s->st[x];
    for (uint32_t j = 0; j < st->ncomp; j++) {
        store_rt *k = &azi_sc(s, st)->store[j];
        uint32_t take = k->have < k->qty ? k->have : k->qty;
        store_add(s, x, k, now, -(int64_t)take, NONE);
        k->owed += k->qty - take;
        k->scrapped += take;
        s->prod[k->product].scrapped += take; /* not the line's units */
        s->scrapped_all += take;
    }
}

/* Component u arrives for store j of station x: into the store (its
 * journey is over, its unit goes back to the pool), or, if a kit is owed
 * for a unit scrapped upstream, scrapped with it. */
az_status azi_assembly_store(az_sim *s, uint32_t x, int j, uint32_t u,
                             double now, az_error *err)
{
    store_rt *k = &s->stc[x].store[j];
    int owed = k->owed > 0; /* its kit's unit was scrapped upstream */
    if (owed) { /* a component: counted by its product, not the line */
        k->owed--;
        k->scrapped++;
        s->prod[k->product].scrapped++;
        s->scrapped_all++;
    } else {
        store_add(s, x, k, now, 1, u);
        k->in++;
        if (k->have > k->max)
            k->max = k->have;
    }
    if (s->unit_order) /* an order's component is delivered, or scrapped */
        azi_orders_out(s, u, !owed, now);
    if (s->init_of) /* a run from a state */
        azi_initial_out(s, u, now);
    if (s->obs)
        azi_obs_leave(s, u, owed ? AZ_EXIT_SCRAPPED : AZ_EXIT_JOINED, now);
    s->units[u].next = s->free_head;
    s->free_head = u;
    return owed ? AZ_OK : azi_flow_fill(s, x, now, err);
}

/* Station st starts a unit: it takes one kit from the stores (consumed). */
void azi_assembly_join(az_sim *s, const station_rt *st, double now)
{
    for (uint32_t j = 0; j < st->ncomp; j++) {
        store_rt *k = &azi_sc(s, st)->store[j];
        store_add(s, (uint32_t)(st - s->st), k, now, -(int64_t)k->qty, NONE);
        s->prod[k->product].consumed += k->qty;
        s->consumed_all += k->qty;
    }
}
