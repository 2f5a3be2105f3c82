/*
 * setup.c: changeovers. A machine remembers the product (and its family)
 * it last set up for; when it starts a unit (or batch) of another product
 * it first changes over, for a time the station draws from its process
 * stream: same family, other family, or a from-to table by family
 * (setup_pair), which wins where it has an entry. The first unit after a
 * run's start needs none (the machine has set up for nothing yet), or the
 * station's first-part setup (setup_first) if it has one.
 *
 * A changeover is an activity like work (engine.h, do_activity): it may
 * need a person of a pool, a failure interrupts it and the repair resumes
 * what is left, and its end (EV_SETUP_DONE) starts the process. So a
 * deterministic line with products alternating pays exactly one setup time
 * per change of product.
 */
#include "dist_impl.h"
#include "engine/engine.h"

az_status azi_setup_begin(az_sim *s, machine_rt *m, double now,
                          az_error *err)
{
    station_rt *st = &s->st[m->station];
    machine_cold *c = azi_mc(s, m);
    uint32_t p = azi_unit_product(s, m->unit), f = s->prod_family[p];
    const az_dist *setup = azi_setup_for(s, st, m, p, f);
    c->product = p;
    c->family = f;
    if (!setup)
        return begin_work(s, m, now, err);
    azi_sc(s, st)->setups++;
    m->remaining = azi_dist_sample(setup, &st->rng);
    return do_activity(s, m, ACT_SETUP, now, err);
}

az_status azi_setup_done(az_sim *s, uint32_t mi, double now, az_error *err)
{
    machine_rt *m = &s->mach[mi];
    m->ev = 0;
    az_status rc = return_person(s, m, ACT_SETUP, now, err);
    return rc ? rc : begin_work(s, m, now, err);
}
