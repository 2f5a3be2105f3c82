/*
 * initial.c: a run that starts from a state of the shop floor
 * (azalea/state.h) instead of an empty line. run.c resets the tables, puts
 * the machines in their start state at the state's time t0 (their failure
 * and maintenance clocks start then), starts the orders, and calls
 * azi_initial_place, which puts in, in this order:
 *   1. each machine's changeover state (set_up_for);
 *   2. the units: in a buffer (behind one another in the file's order), on
 *      a conveyor (arriving after the travel left, else a fresh draw), or
 *      on a machine, which works them (a batch at a batch station; one
 *      unit a machine elsewhere), set up for them;
 *   3. the machines down, which stop what they hold until the repair ends;
 *   4. the components in assembly stores, and the orders' counts.
 * Then run.c applies the shift calendar at t0 (a machine off shift stops
 * as at any shift's end) and starts the sources.
 *
 * Work and repair left: given, or the rest of a fresh draw given the time
 * already spent (`done`, `repair_elapsed`): a draw from the distribution
 * conditioned on exceeding it, by rejection (at most RESIDUAL_TRIES draws;
 * past that the time is over, and the work ends at t0). For an exponential
 * time that is a fresh exponential draw, as memorylessness says; nothing
 * given is a whole fresh draw.
 *
 * The units of a state count as released before the run: they are in the
 * whole-run conservation (released = completed + scrapped + consumed +
 * inside), not in the run's released figures; their lead times count from
 * their release time (t0 if the state gives none).
 *
 * Prefix azi_initial_. Reads the state's tables (state_impl.h), whose
 * invariants the loader guarantees.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "calendar_impl.h"
#include "engine/engine.h"
#include "state_impl.h"
#include "stats_impl.h"
#include "util/alloc.h"

#define RESIDUAL_TRIES 64

/* The rest of a time drawn from d given that `spent` of it has passed. */
static double residual(const az_dist *d, double spent, az_rng *r)
{
    for (int i = 0; i < RESIDUAL_TRIES; i++) {
        double x = azi_dist_sample(d, r);
        if (x > spent)
            return x - spent;
    }
    return 0;
}

/* The engine's step of the visit-th visit of product p to station x: a
 * route step, or after them the hidden rework step of a test that sends
 * units there (the loader's visit_step order). */
static uint32_t step_of(const az_sim *s, uint32_t p, uint32_t x,
                        uint32_t visit)
{
    const azi_product *pr = &s->model->product[p];
    uint32_t first = s->prod[p].first_step, k = 0;
    for (uint32_t j = 0; j < pr->nstep; j++)
        if (pr->step[j].station == x && k++ == visit)
            return first + j;
    for (uint32_t j = 0; j < pr->nstep; j++)
        if (pr->step[j].rework == x && k++ == visit)
            return s->step[first + j].rework;
    return NONE;
}

/* A new unit of entry e, in the line since its release. */
static az_status new_unit(az_sim *s, const azi_state_unit *e, uint32_t g,
                          uint32_t *out, az_error *err)
{
    az_status rc = azi_source_unit(s, g, out, err);
    if (rc)
        return rc;
    azi_initial_mark(s, *out, (uint32_t)(e - s->init->unit));
    unit *un = &s->units[*out];
    un->tries = e->reworks;
    un->release_t = isnan(e->released) ? s->t0 : e->released;
    un->enter_t = s->t0;
    un->holder = NONE;
    s->released_all++;
    if (s->unit_order)
        s->unit_order[*out] = e->order;
    if (s->unit_lot) {
        s->unit_lot[*out] = e->lot;
        if (e->lot > s->lots_begun) /* new lots take new ids */
            s->lots_begun = e->lot;
    }
    if (s->obs)
        azi_obs_enter(s, *out, s->t0);
    return AZ_OK;
}

/* Machine m (idle) works the chain of n units from head. */
static az_status work(az_sim *s, machine_rt *m, uint32_t head, uint32_t n,
                      const azi_state_unit *e, az_error *err)
{
    station_rt *st = &s->st[m->station];
    machine_cold *c = azi_mc(s, m);
    uint32_t p = azi_unit_product(s, head);
    st->starts += n;
    azi_count_add(&st->onmach, s->t0, n);
    m->unit = head;
    c->product = p; /* set up for it: it is being worked */
    c->family = s->prod_family[p];
    const az_dist *d = &s->step[s->units[head].step].process;
    if (!isnan(e->remaining))
        m->remaining = e->remaining;
    else if (!isnan(e->done))
        m->remaining = residual(d, e->done / m->inv_speed, &st->rng) *
                       m->inv_speed;
    else
        m->remaining = azi_dist_sample(d, &st->rng) * m->inv_speed;
    return do_activity(s, m, ACT_WORK, s->t0, err);
}

/* The idle machine of station x the entry names, or the first idle one. */
static machine_rt *machine_for(az_sim *s, uint32_t x, uint32_t idx)
{
    station_rt *st = &s->st[x];
    if (idx != NONE)
        return &s->mach[st->first_machine + idx];
    for (uint32_t k = 0; k < st->machines; k++) {
        machine_rt *m = &s->mach[st->first_machine + k];
        if (m->state == AZ_MS_STARVED && m->unit == NONE)
            return m;
    }
    return NULL; /* the loader counted the machines: not reached */
}

static az_status place_units(az_sim *s, const azi_state_unit *e,
                             az_error *err)
{
    uint32_t g = step_of(s, e->product, e->station, e->visit);
    station_rt *st = &s->st[e->station];
    station_cold *sc = azi_sc(s, st);
    az_status rc = AZ_OK;
    if ((e->where == AZI_STATE_MACHINE && st->batch_max) ||
        e->where == AZI_STATE_PACKING)
        return AZ_OK; /* a batch or a carton packed: place_gathered */
    for (uint32_t i = 0; i < e->count && !rc; i++) {
        uint32_t u;
        if ((rc = new_unit(s, e, g, &u, err)))
            return rc;
        if (e->where == AZI_STATE_MACHINE) {
            machine_rt *m = machine_for(s, e->station, e->machine);
            s->units[u].next = NONE;
            rc = m ? work(s, m, u, 1, e, err) : AZ_OK;
        } else if (e->where == AZI_STATE_CARTON) {
            uint32_t p = e->product; /* azi_carton_pack's, never full */
            s->units[u].next = sc->carton_head[p];
            sc->carton_head[p] = u;
            sc->carton_n[p]++;
            azi_timeavg_add(&sc->packed, s->t0, 1);
            if (s->obs)
                azi_obs_place(s, AZ_PLACE_CARTON, e->station, p, 1,
                              sc->carton_n[p], u, s->t0);
        } else if (e->where == AZI_STATE_CONVEYOR) {
            st->nq++;
            queue_add(s, st, u, s->t0, 1);
            sc->ntransit++;
            if (s->obs)
                azi_obs_place(s, AZ_PLACE_CONVEYOR, e->station, UINT32_MAX, 1,
                              sc->ntransit, u, s->t0);
            double left = isnan(e->remaining)
                              ? azi_dist_sample(sc->transport, &sc->trng)
                              : e->remaining;
            rc = azi_cal_push(s->cal, s->t0 + left, 0, EV_TRANSIT,
                              e->station, u, NULL, err);
        } else {
            list_push(s, &st->qhead, &st->qtail, u);
            st->nq++;
            queue_add(s, st, u, s->t0, 1);
        }
    }
    return rc;
}

/* A full carton being packed on machine m: its first unit is the one
 * that closed it (on the machine), the others the carton (carton.c). */
static az_status packing(az_sim *s, machine_rt *m, uint32_t head,
                         const azi_state_unit *e, az_error *err)
{
    station_rt *st = &s->st[m->station];
    station_cold *sc = azi_sc(s, st);
    machine_cold *c = azi_mc(s, m);
    uint32_t p = azi_unit_product(s, head), n = 0;
    for (uint32_t u = s->units[head].next; u != NONE; u = s->units[u].next)
        n++;
    st->starts++;
    azi_count_add(&st->onmach, s->t0, 1);
    azi_timeavg_add(&sc->packed, s->t0, n);
    m->unit = head;
    c->pack_chain = s->units[head].next;
    s->units[head].next = NONE;
    c->packing = 1;
    c->product = p;
    c->family = s->prod_family[p];
    m->remaining = !isnan(e->remaining)
                       ? e->remaining
                       : azi_dist_sample(sc->pack, &st->rng) * m->inv_speed;
    return do_activity(s, m, ACT_WORK, s->t0, err);
}

/* The entries gathered on one machine (the loader named the machine of
 * each): a batch station's make one batch, worked with the first entry's
 * times; a packaging station's packing ones one carton being packed. */
static az_status place_gathered(az_sim *s, az_error *err)
{
    const az_state *sta = s->init;
    az_status rc = AZ_OK;
    for (uint32_t mi = 0; mi < s->nmachine && !rc; mi++) {
        machine_rt *m = &s->mach[mi];
        station_rt *st = &s->st[m->station];
        if (!st->batch_max && !st->carton)
            continue;
        int where = st->batch_max ? AZI_STATE_MACHINE : AZI_STATE_PACKING;
        uint32_t k = mi - st->first_machine, head = NONE, tail = NONE, n = 0;
        const azi_state_unit *first = NULL;
        for (uint32_t i = 0; i < sta->nunit && !rc; i++) {
            const azi_state_unit *e = &sta->unit[i];
            if (e->where != where || e->station != m->station ||
                e->machine != k)
                continue;
            first = first ? first : e;
            uint32_t g = step_of(s, e->product, e->station, e->visit);
            for (uint32_t j = 0; j < e->count && !rc; j++, n++) {
                uint32_t u;
                if ((rc = new_unit(s, e, g, &u, err)))
                    break;
                list_push(s, &head, &tail, u);
            }
        }
        if (!rc && first)
            rc = where == AZI_STATE_PACKING ? packing(s, m, head, first, err)
                                            : work(s, m, head, n, first, err);
    }
    return rc;
}

static az_status machine_down(az_sim *s, const azi_state_machine *e,
                              az_error *err)
{
    machine_rt *m = &s->mach[s->st[e->station].first_machine + e->machine];
    machine_cold *c = azi_mc(s, m);
    const station_cold *sc = &s->stc[e->station];
    /* the calendar clock's first failure: the repair's end draws anew */
    if (c->fail_ev)
        az_calendar_cancel(s->cal, c->fail_ev);
    c->fail_ev = 0;
    double left = !isnan(e->repair_left) ? e->repair_left
                  : !isnan(e->repair_elapsed)
                      ? residual(sc->fail_repair, e->repair_elapsed, &c->rng)
                      : -1;
    return azi_failure_down(s, m, left, s->t0, err);
}

az_status az_sim_set_initial(az_sim *s, const az_state *st, az_error *err)
{
    if (st && az_state_model(st) != s->model)
        return az_error_set(err, AZ_EINVAL, "the state was loaded against "
                            "another model than the sim's");
    uint32_t n = st ? st->nunit : 0;
    uint32_t *of = NULL, *left = NULL;
    double *done = NULL;
    if (st && (!(of = azi_malloc((s->nunit_cap ? s->nunit_cap : 1) *
                                 sizeof *of)) ||
               !(left = azi_calloc(n + 1, sizeof *left)) ||
               !(done = azi_calloc(n + 1, sizeof *done)))) {
        free(of);
        free(left);
        return az_error_set(err, AZ_ENOMEM, "out of memory");
    }
    const az_state *was = s->init;
    uint32_t *of0 = s->init_of, *left0 = s->entry_left, nentry0 = s->nentry;
    double *done0 = s->entry_done;
    s->init = st;
    s->init_of = of;
    s->entry_left = left;
    s->entry_done = done;
    s->nentry = n;
    if (azi_metrics_layout(s)) { /* the entries' block comes and goes;
                                  * the old layout is kept whole */
        free(of);
        free(left);
        free(done);
        s->init = was;
        s->init_of = of0;
        s->entry_left = left0;
        s->entry_done = done0;
        s->nentry = nentry0;
        return az_error_set(err, AZ_ENOMEM, "out of memory");
    }
    free(of0);
    free(left0);
    free(done0);
    return AZ_OK;
}

void azi_initial_reset(az_sim *s)
{
    for (uint32_t u = 0; u < s->nunit_cap; u++)
        s->init_of[u] = NONE;
    memset(s->entry_left, 0, (s->nentry + 1) * sizeof *s->entry_left);
    for (uint32_t k = 0; k <= s->nentry; k++)
        s->entry_done[k] = NAN;
    s->init_left = 0;
}

az_status azi_initial_units(az_sim *s, uint32_t from, uint32_t to)
{
    if (!s->init_of)
        return AZ_OK;
    uint32_t *of = azi_realloc(s->init_of, (size_t)to * sizeof *of);
    if (!of)
        return AZ_ENOMEM;
    for (uint32_t u = from; u < to; u++)
        of[u] = NONE;
    s->init_of = of;
    return AZ_OK;
}

void azi_initial_mark(az_sim *s, uint32_t u, uint32_t k)
{
    s->init_of[u] = k;
    s->entry_left[k]++;
    s->init_left++;
}

void azi_initial_out(az_sim *s, uint32_t u, double now)
{
    uint32_t k = s->init_of[u];
    if (k == NONE)
        return;
    s->init_of[u] = NONE;
    if (!--s->entry_left[k])
        s->entry_done[k] = now;
    if (!--s->init_left)
        s->entry_done[s->nentry] = now;
}

az_status azi_initial_place(az_sim *s, az_error *err)
{
    const az_state *st = s->init;
    az_status rc = AZ_OK;
    for (uint32_t i = 0; i < st->nmach; i++) {
        const azi_state_machine *e = &st->mach[i];
        if (e->set_up_for == NONE)
            continue;
        machine_cold *c = &s->mcold[s->st[e->station].first_machine +
                                    e->machine];
        c->product = e->set_up_for;
        c->family = s->prod_family[e->set_up_for];
    }
    for (uint32_t i = 0; i < st->nunit && !rc; i++)
        rc = place_units(s, &st->unit[i], err);
    if (!rc)
        rc = place_gathered(s, err);
    for (uint32_t i = 0; i < st->nmach && !rc; i++)
        if (st->mach[i].down)
            rc = machine_down(s, &st->mach[i], err);
    for (uint32_t i = 0; i < st->nstore && !rc; i++) {
        const azi_state_store *e = &st->store[i];
        station_rt *x = &s->st[e->station];
        int j = component(s, x, e->product);
        store_rt *k = &azi_sc(s, x)->store[j];
        k->have = e->count;
        s->released_all += e->count; /* in the line (az_sim_flow) */
        if (s->obs && e->count)
            azi_obs_place(s, AZ_PLACE_STORE, e->station, e->product,
                          (int32_t)e->count, e->count, NONE, s->t0);
        az_timeavg_init(&k->content, s->t0, e->count);
        az_timeavg_init(&k->lacking, s->t0, k->have < k->qty);
        k->max = k->have;
    }
    for (uint32_t i = 0; i < st->nord; i++) {
        const azi_state_order *e = &st->ord[i];
        order_rt *r = &s->ord[e->order];
        r->pre = e->released;
        /* out before t0: done, and on time unless t0 is past the due date
         * (the state does not say when each went out) */
        r->out = r->done = e->out;
        r->on_time = s->t0 <= r->due ? e->out : 0;
        if (r->out == r->quantity)
            r->completed = s->t0;
    }
    /* units in buffers with an idle machine: those machines start now */
    for (uint32_t x = 0; x < s->nstation && !rc; x++)
        if (s->st[x].nq && s->st[x].nidle)
            rc = azi_flow_fill(s, x, s->t0, err);
    return rc;
}
