/*
 * observe.c: the optional observer of a run (sim.h). The engine calls these
 * only behind `if (s->obs)`, so an unobserved run pays one branch per
 * machine state change, per unit entering or leaving, and per change of a
 * place's content; everything else (names, the unit ids, the lead time)
 * is worked out here, out of line.
 */
#include "azalea/sim.h"

#include "engine/engine.h"

void az_sim_set_observer(az_sim *s, const az_observer *obs, void *ctx)
{
    s->obs = obs;
    s->obs_ctx = ctx;
}

const char *az_machine_state_name(az_machine_state k)
{
    static const char *const names[AZ_MS_COUNT] = {
        "starved", "setup", "working", "blocked",
        "failed", "waiting_operator", "off_shift", "maintenance"};
    return (unsigned)k < AZ_MS_COUNT ? names[k] : "?";
}

const char *az_place_name(az_place p)
{
    static const char *const names[AZ_PLACE_COUNT] = {
        "buffer", "conveyor", "carton", "store", "pool", "batch"};
    return (unsigned)p < AZ_PLACE_COUNT ? names[p] : "?";
}

const char *az_unit_exit_name(az_unit_exit how)
{
    switch (how) {
    case AZ_EXIT_DONE: return "done";
    case AZ_EXIT_SCRAPPED: return "scrapped";
    case AZ_EXIT_JOINED: return "joined";
    }
    return "?";
}

static void tell_machine(az_sim *s, const machine_rt *m, double now)
{
    const station_rt *st = &s->st[m->station];
    uint32_t product = UINT32_MAX, id = 0;
    if (m->unit != NONE) { /* NONE once it lets go of its last unit */
        product = azi_unit_product(s, m->unit);
        id = s->unit_id[m->unit];
    }
    s->obs->machine(s->obs_ctx, now, m->station,
                    (uint32_t)(m - s->mach) - st->first_machine,
                    (az_machine_state)m->state, product, id);
}

/* Every place that holds something at the start (a run resumed from a
 * snapshot's engine section; a fresh run's places are empty, and a
 * state's units are told as they are placed). */
static void tell_places(az_sim *s)
{
    double t = s->t0;
    for (uint32_t x = 0; x < s->nstation; x++) {
        const station_rt *st = &s->st[x];
        const station_cold *sc = &s->stc[x];
        if (st->nq)
            azi_obs_place(s, AZ_PLACE_BUFFER, x, UINT32_MAX,
                          (int32_t)st->nq, st->nq, NONE, t);
        if (sc->ntransit)
            azi_obs_place(s, AZ_PLACE_CONVEYOR, x, UINT32_MAX,
                          (int32_t)sc->ntransit, sc->ntransit, NONE, t);
        for (uint32_t p = 0; st->carton && p < s->nproduct; p++)
            if (sc->carton_n[p])
                azi_obs_place(s, AZ_PLACE_CARTON, x, p,
                              (int32_t)sc->carton_n[p], sc->carton_n[p],
                              NONE, t);
        for (uint32_t j = 0; j < st->ncomp; j++)
            if (sc->store[j].have)
                azi_obs_place(s, AZ_PLACE_STORE, x, sc->store[j].product,
                              (int32_t)sc->store[j].have, sc->store[j].have,
                              NONE, t);
    }
    for (uint32_t p = 0; p < s->npool; p++)
        if (s->pools[p].busy)
            azi_obs_place(s, AZ_PLACE_POOL, p, UINT32_MAX,
                          (int32_t)s->pools[p].busy, s->pools[p].busy, NONE,
                          t);
}

void azi_obs_start(az_sim *s)
{
    for (uint32_t i = 0; s->obs->machine && i < s->nmachine; i++)
        tell_machine(s, &s->mach[i], s->t0);
    if (s->obs->place)
        tell_places(s);
}

void azi_obs_place(az_sim *s, az_place kind, uint32_t object, uint32_t part,
                   int32_t delta, uint32_t count, uint32_t u, double now)
{
    if (!s->obs->place)
        return;
    az_place_change c = {kind, object, part, delta, count, UINT32_MAX, 0};
    if (u != NONE) {
        c.product = azi_unit_product(s, u);
        c.unit = s->unit_id[u];
    }
    s->obs->place(s->obs_ctx, now, &c);
}

void azi_obs_rework(az_sim *s, const machine_rt *m, uint32_t u, uint32_t to,
                    double now)
{
    if (!s->obs->rework)
        return;
    const station_rt *st = &s->st[m->station];
    s->obs->rework(s->obs_ctx, now, m->station,
                   (uint32_t)(m - s->mach) - st->first_machine, to,
                   azi_unit_product(s, u), s->unit_id[u],
                   s->units[u].tries);
}

void azi_obs_state(az_sim *s, const machine_rt *m, double now)
{
    if (s->obs->machine)
        tell_machine(s, m, now);
}

void azi_obs_enter(az_sim *s, uint32_t u, double now)
{
    s->unit_id[u] = (uint32_t)s->released_all; /* counted just before */
    if (s->obs->enter)
        s->obs->enter(s->obs_ctx, now, azi_unit_product(s, u),
                      s->unit_id[u]);
    uint32_t lot = s->unit_lot ? s->unit_lot[u] : 0;
    uint32_t o = s->unit_order ? s->unit_order[u] : NONE;
    if (s->obs->tag && (lot || o != NONE))
        s->obs->tag(s->obs_ctx, now, azi_unit_product(s, u), s->unit_id[u],
                    lot, o == NONE ? 0 : o + 1);
}

void azi_obs_leave(az_sim *s, uint32_t u, az_unit_exit how, double now)
{
    if (s->obs->leave)
        s->obs->leave(s->obs_ctx, now, azi_unit_product(s, u), s->unit_id[u],
                      how, now - s->units[u].release_t);
}
