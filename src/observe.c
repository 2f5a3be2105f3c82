/*
 * observe.c: the optional observer of a run (sim.h). The engine calls these
 * only behind `if (s->obs)`, so an unobserved run pays one branch per
 * machine state change and per unit entering or leaving; everything else
 * (names, the unit ids, the lead time) is worked out here, out of line.
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

void azi_obs_start(az_sim *s)
{
    if (!s->obs->machine)
        return;
    for (uint32_t i = 0; i < s->nmachine; i++)
        tell_machine(s, &s->mach[i], s->t0);
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
