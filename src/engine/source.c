/*
 * source.c: how units enter the line. A source's arrival (EV_ARRIVE) makes
 * a unit of the product its mix, sequence or plan says, and offers it to
 * the station of the unit's first step: it is released into the line if
 * the WIP cap and that station allow, else the source holds it and pauses
 * until the station has room (the unit waits on the station's list, and
 * the flow's fill admits it: flow.c, take_waiting) or the line drops below
 * the cap (azi_source_uncap). A paused source schedules no arrival, so at
 * most one unit per source and product waits outside the line.
 *
 * Several products (multi): each waits for room on its own, so that a
 * product whose first station is full does not hold back the others. Its
 * due units count in backlog[p]; the source pauses only when every product
 * is blocked (all_blocked), and a released held unit lets the product's
 * backlog follow (release_backlog).
 *
 * Orders (orders.c) are drawn as a plan's days are: EV_ORDER adds an
 * order's units to the backlog, and a source with none left waits idle.
 *
 * A queue source (source_rt.queue) never holds: a unit that finds no room
 * is released at once and waits on the station's list, counted in the
 * release backlog and in queue_avg (the WIP), and the arrivals go on.
 *
 * Plans: EV_PLAN_DAY adds a day's quantities to the source's backlog; the
 * arrivals draw them in order, and a source with nothing due waits idle
 * for the next day. Everything due and not released counts in s->backlog,
 * whose growth tells an overloaded line (metrics.c).
 *
 * A unit of a lot carries the lot's id (az_sim.unit_lot), told to an
 * observer (observe.c).
 *
 * The unit pool lives here too: units are born at sources. It doubles
 * when empty (grow_units), which happens only while a run warms up.
 *
 * A fixed source (engine.h, source_rt.fixed: one product, no plan,
 * sequence, mix draw or WIP cap) takes the short way (azi_source_arrive_fixed).
 */
#include <stdlib.h>
#include <string.h>

#include "calendar_impl.h"
#include "dist_impl.h"
#include "engine/engine.h"
#include "stats_impl.h"
#include "util/alloc.h"

/* The units due at source so and not released change by d (a time
 * average for the overload check, metrics.c). A saturated source (zero
 * interarrival) always has a unit ready by design: its backlog means
 * nothing and is not counted. */
static inline void backlog_add(az_sim *s, const source_rt *so, double now,
                               double d)
{
    if (so->saturated)
        return;
    s->backlog += (uint64_t)(int64_t)d;
    azi_timeavg_add(&s->backlog_avg, now, d);
}

/* The interarrival time within a lot that arrives together. */
static const az_dist no_gap;

/* ---- several products ---- */

/* Whether every product of multi source so is blocked now: it has a unit
 * waiting for room, or its first station has no room for it and holds a
 * unit of so already, whose admission will wake the source (fill). A
 * product blocked at a station where so holds nothing does not count: no
 * event would tell the source when it has room. When all the products
 * start at one station that assembles none of them (so->shared), one held
 * unit blocks them all. */
static int all_blocked(const az_sim *s, const source_rt *so)
{
    if (so->shared)
        return 1;
    for (uint32_t i = 0; i < so->nprods; i++) {
        uint32_t p = so->prods[i];
        if (so->hold[p] != NONE)
            continue;
        uint32_t y = s->first_station[p];
        const station_rt *sy = &s->st[y];
        /* a held unit wakes the source only for products that wait on
         * its list: the station's, or the same component's store */
        int jp = sy->feat & SF_ASSEMBLY ? component(s, sy, p) : -1;
        int holds_there = 0;
        for (uint32_t k = 0; k < so->nprods && !holds_there; k++) {
            uint32_t h = so->hold[so->prods[k]];
            holds_there =
                h != NONE && s->step[s->units[h].step].station == y &&
                (!(sy->feat & SF_ASSEMBLY) ||
                 component(s, sy, azi_unit_product(s, h)) == jp);
        }
        if (!holds_there || !no_room_for(s, &s->st[y], p))
            return 0;
    }
    return 1;
}

/* Multi source src presents unit u, of a product with no unit waiting, at
 * station x: released into it if there is room, else it waits there (the
 * source's hold). Returns AZ_OK or the calendar's error; *held says which. */
static az_status present(az_sim *s, uint32_t src, uint32_t u, uint32_t x,
                         double now, int *held, az_error *err)
{
    source_rt *so = &s->src[src];
    station_rt *st = &s->st[x];
    uint32_t p = azi_unit_product(s, u);
    *held = no_room(s, st, u);
    if (*held) {
        so->hold[p] = u;
        s->units[u].holder = s->nmachine + src;
        wait_at(s, st, u);
        return AZ_OK;
    }
    so->backlog[p]--;
    backlog_add(s, so, now, -1);
    release(s, u, now);
    return azi_flow_admit(s, x, u, now, err);
}

/* Forward: a new unit of product p at its first step, or NONE when every
 * step is sampled out (the unit is then released and done). */
static az_status new_unit(az_sim *s, uint32_t p, double now, uint32_t *out,
                          az_error *err);

/* Multi source src: the units of product p due and not yet released go in
 * while their first station has room; the first that finds none waits. */
static az_status release_backlog(az_sim *s, uint32_t src, uint32_t p,
                                 double now, az_error *err)
{
    source_rt *so = &s->src[src];
    az_status rc = AZ_OK;
    int held = 0;
    while (!rc && !held && so->backlog[p] > 0) {
        uint32_t u;
        if ((rc = new_unit(s, p, now, &u, err)))
            break;
        if (u == NONE) {
            so->backlog[p]--;
            backlog_add(s, so, now, -1);
        } else
            rc = present(s, src, u, s->step[s->units[u].step].station, now,
                         &held, err);
    }
    return rc;
}

/* Source src offers unit u to the line at station x (that of u's step):
 * it is released if the WIP cap and x allow, else the source holds it
 * (and pauses; a multi source pauses only if all its products are
 * blocked). */
HOT az_status offer(az_sim *s, uint32_t src, uint32_t u, uint32_t x,
                    double now, az_error *err)
{
    source_rt *so = &s->src[src];
    unit *un = &s->units[u];
    if (so->multi) {
        int held;
        so->backlog[azi_unit_product(s, u)]++;
        backlog_add(s, so, now, 1);
        az_status rc = present(s, src, u, x, now, &held, err);
        if (rc)
            return rc;
        if (held && all_blocked(s, so)) {
            so->paused = 1;
            return AZ_OK;
        }
        return schedule_arrival(s, src, now, err);
    }
    /* Components joined by assembly have left the count: the cap is on
     * units in the line. */
    if (so->wip_cap && s->released_all - s->completed_all - s->scrapped_all -
                               s->consumed_all >= so->wip_cap) {
        so->held = u;
        un->holder = NONE; /* waiting for the cap, on no list */
        s->capped++;
        return AZ_OK;
    }
    station_rt *st = &s->st[x];
    if (no_room(s, st, u)) {
        if (so->queue) { /* it enters the line, queued in front of x */
            release(s, u, now);
            un->holder = s->nmachine + src;
            wait_at(s, st, u);
            azi_timeavg_add(&s->queue_avg, now, 1);
            backlog_add(s, so, now, 1);
            return schedule_arrival(s, src, now, err);
        }
        so->held = u;
        un->holder = s->nmachine + src;
        wait_at(s, st, u);
        return AZ_OK;
    }
    so->held = NONE; /* it held u if u came back from the WIP cap */
    release(s, u, now);
    az_status rc = azi_flow_admit(s, x, u, now, err);
    return rc ? rc : schedule_arrival(s, src, now, err);
}

/* A unit left the line: a source held back by its WIP cap may go on. */
az_status azi_source_uncap(az_sim *s, double now, az_error *err)
{
    for (uint32_t i = 0; i < s->nsource && s->capped; i++) {
        source_rt *so = &s->src[i];
        if (so->held == NONE || s->units[so->held].holder != NONE)
            continue;
        s->capped--;
        uint32_t u = so->held;
        az_status rc = offer(s, i, u, s->step[s->units[u].step].station, now,
                             err);
        if (rc)
            return rc;
    }
    return AZ_OK;
}

/* Unit u of multi source src, waiting at station x, enters it: its
 * product goes on with the units due after it, and a paused source
 * resumes. Called by the flow's fill (flow.c, take_waiting), which
 * handles a single-product source's unit itself. */
az_status azi_source_take_multi(az_sim *s, uint32_t x, uint32_t u,
                                uint32_t src, double now, az_error *err)
{
    source_rt *so = &s->src[src];
    uint32_t p = azi_unit_product(s, u);
    az_status rc;
    so->hold[p] = NONE;
    so->backlog[p]--;
    backlog_add(s, so, now, -1);
    release(s, u, now);
    if ((rc = azi_flow_admit(s, x, u, now, err)) ||
        (rc = release_backlog(s, src, p, now, err)))
        return rc;
    if (!so->paused)
        return AZ_OK;
    so->paused = 0;
    return schedule_arrival(s, src, now, err);
}

az_status azi_source_take_queued(az_sim *s, uint32_t x, uint32_t u,
                                 double now, az_error *err)
{
    const source_rt *so = &s->src[s->units[u].holder - s->nmachine];
    azi_timeavg_add(&s->queue_avg, now, -1);
    backlog_add(s, so, now, -1);
    return azi_flow_admit(s, x, u, now, err);
}

az_status azi_source_schedule(az_sim *s, uint32_t src, double now,
                              az_error *err)
{
    return schedule_arrival(s, src, now, err);
}

/* Doubles the unit pool: rare, and never once a run has warmed up. */
static az_status grow_units(az_sim *s, az_error *err)
{
    uint32_t ncap = s->nunit_cap ? s->nunit_cap * 2 : 256;
    /* aligned_alloc, not realloc, which keeps only malloc's alignment */
    unit *nu = ncap > s->nunit_cap
                   ? azi_aligned_alloc(64, (size_t)ncap * sizeof *nu)
                   : NULL;
    uint32_t *nid = nu ? azi_realloc(s->unit_id, (size_t)ncap * sizeof *nid)
                       : NULL;
    if (nid)
        s->unit_id = nid; /* a larger array is as good if the next fails */
    uint32_t *nlot = nid && s->unit_lot
                         ? azi_realloc(s->unit_lot, (size_t)ncap * sizeof *nlot)
                         : NULL;
    if (nlot)
        s->unit_lot = nlot;
    if (!nid || (s->unit_lot && !nlot) ||
        azi_orders_units(s, s->nunit_cap, ncap) ||
        azi_initial_units(s, s->nunit_cap, ncap)) {
        free(nu);
        return az_error_set(err, AZ_ENOMEM,
                            "out of memory growing the unit pool");
    }
    if (s->nunit_cap)
        memcpy(nu, s->units, (size_t)s->nunit_cap * sizeof *nu);
    free(s->units);
    memset(nid + s->nunit_cap, 0, (size_t)(ncap - s->nunit_cap) * sizeof *nid);
    /* every field defined, not only the link: a snapshot writes a unit's
     * fields whole, and memory left as allocated made its files differ
     * from run to run */
    for (uint32_t i = s->nunit_cap; i < ncap; i++)
        nu[i] = (unit){.next = i + 1 < ncap ? i + 1 : NONE, .holder = NONE};
    s->free_head = s->nunit_cap;
    s->units = nu;
    s->nunit_cap = ncap;
    return AZ_OK;
}

/* A unit off the free list (the pool grows if it is empty), at step g
 * with no reworks used. Forced inline: a fixed source's every release. */
HOT az_status fresh_unit(az_sim *s, uint32_t g, uint32_t *out, az_error *err)
{
    az_status rc;
    if (s->free_head == NONE && (rc = grow_units(s, err)))
        return rc;
    uint32_t u = s->free_head;
    unit *un = &s->units[u];
    s->free_head = un->next;
    un->tries = 0;
    un->step = g;
    *out = u;
    return AZ_OK;
}

az_status azi_source_grow(az_sim *s, az_error *err)
{
    return grow_units(s, err);
}

az_status azi_source_unit(az_sim *s, uint32_t g, uint32_t *out,
                          az_error *err)
{
    return fresh_unit(s, g, out, err);
}

/* An arrival on shift at a fixed source (engine.h): a new unit of its
 * product is offered at its first step. */
AZI_HOT_EXTERN az_status azi_source_arrive_fixed(az_sim *s, uint32_t src,
                                                  double now, az_error *err)
{
    source_rt *so = &s->src[src];
    uint32_t u;
    az_status rc = fresh_unit(s, so->step, &u, err);
    return rc ? rc : offer(s, src, u, so->station, now, err);
}

static az_status new_unit(az_sim *s, uint32_t p, double now, uint32_t *out,
                          az_error *err)
{
    uint32_t u;
    *out = NONE;
    /* the first step, sampled or not, tells the unit's product */
    az_status rc = fresh_unit(s, s->prod[p].first_step, &u, err);
    if (rc)
        return rc;
    if (s->unit_order) { /* the order being drawn, or none */
        s->unit_order[u] = s->order_next;
        s->order_next = NONE;
    }
    if (s->unit_lot) { /* the lot being drawn, or none */
        s->unit_lot[u] = s->lot_next;
        s->lot_next = 0;
    }
    unit *un = &s->units[u];
    uint32_t g = skip_unsampled(s, un->step);
    if (g == NONE) { /* every step sampled out: done as soon as released */
        release(s, u, now);
        return azi_flow_leave(s, u, 0, now, err);
    }
    un->step = g;
    *out = u;
    return AZ_OK;
}

az_status azi_source_arrive(az_sim *s, uint32_t src, double now,
                            az_error *err)
{
    source_rt *so = &s->src[src];
    az_status rc;
    if (!s->on_shift) { /* nothing is released off shift */
        so->shift_wait = 1;
        return AZ_OK;
    }
    if (so->fixed)
        return azi_source_arrive_fixed(s, src, now, err);
    uint32_t p;
    if (so->nord) { /* the next unit of the orders released, if any */
        if ((p = azi_orders_draw(s, so)) == NONE)
            return AZ_OK;
        backlog_add(s, so, now, -1);
    } else if (so->plan) { /* the next unit due, if any */
        while (so->plan_pos < so->plan_due && so->plan_left == 0)
            if (++so->plan_pos < so->plan_due)
                so->plan_left = so->plan[so->plan_pos].quantity;
        if (so->plan_pos >= so->plan_due) {
            so->plan_idle = 1; /* done for now: wait for the next day */
            return AZ_OK;
        }
        p = so->plan[so->plan_pos].product;
        so->plan_left--;
        backlog_add(s, so, now, -1); /* drawn: out of the plan's backlog */
    } else if (so->camp) { /* the campaign's family, by the mix */
        const az_campaign *c = &so->camp[so->camp_pos];
        if (so->camp_started &&
            (c->units ? so->camp_left == 0 : now >= so->camp_end)) {
            so->camp_pos = so->camp_pos + 1 < so->ncamp ? so->camp_pos + 1
                                                        : 0;
            c = &so->camp[so->camp_pos];
            so->camp_started = 0;
        }
        if (!so->camp_started) { /* a campaign begins at its first unit */
            so->camp_started = 1;
            so->camp_left = c->units;
            so->camp_end = now + c->time;
        }
        if (c->units)
            so->camp_left--;
        uint32_t k = so->nmix == 1
                         ? 0
                         : pick(so->camp_cum + (size_t)so->camp_pos *
                                                   so->nmix,
                                so->nmix, &so->mix_rng);
        p = s->mix_product[so->first + k];
    } else if (so->seq) {
        p = so->seq[so->seq_pos];
        so->seq_pos = so->seq_pos + 1 < so->nseq ? so->seq_pos + 1 : 0;
    } else if (so->lot_size) { /* a product drawn per lot */
        if (so->lot_left == 0) {
            so->lot_k = so->nmix == 1 ? 0
                                      : pick(&s->mix_cum[so->first],
                                             so->nmix, &so->mix_rng);
            so->lot_left = so->lot_size[so->lot_k];
            so->lot_id = ++s->lots_begun;
        }
        so->lot_left--;
        s->lot_next = so->lot_id; /* the unit carries its lot */
        p = s->mix_product[so->first + so->lot_k];
        /* A lot together: the next arrival comes at once while the lot
         * has units left (a zero-filled az_dist is the constant 0, which
         * draws nothing), so schedule_arrival needs no test of its own. */
        if (so->lot_together)
            so->ia = so->lot_left ? &no_gap : so->lot_ia;
    } else {
        uint32_t k = so->nmix == 1 ? 0
                                   : pick(&s->mix_cum[so->first], so->nmix,
                                          &so->mix_rng);
        p = s->mix_product[so->first + k];
    }
    if (so->multi && so->backlog[p] > 0) {
        /* Its product is blocked: the unit is due, and waits its turn
         * behind the product's others; the other products go on. */
        so->backlog[p]++;
        backlog_add(s, so, now, 1);
        if (all_blocked(s, so)) { /* the others may have been held since */
            so->paused = 1;
            return AZ_OK;
        }
        return schedule_arrival(s, src, now, err);
    }
    uint32_t u;
    if ((rc = new_unit(s, p, now, &u, err)))
        return rc;
    if (u == NONE)
        return schedule_arrival(s, src, now, err);
    return offer(s, src, u, s->step[s->units[u].step].station, now, err);
}

az_status azi_source_order(az_sim *s, uint32_t src, double now,
                           az_error *err)
{
    int wake;
    az_status rc;
    uint32_t units = azi_orders_release(s, src, now, &wake, &rc, err);
    backlog_add(s, &s->src[src], now, units);
    if (!rc && wake)
        rc = azi_source_arrive(s, src, now, err);
    return rc;
}

az_status azi_source_plan_day(az_sim *s, uint32_t src, double now,
                              az_error *err)
{
    source_rt *so = &s->src[src];
    uint32_t day = so->plan[so->plan_due].day;
    if (so->plan_pos == so->plan_due) /* the backlog was empty */
        so->plan_left = so->plan[so->plan_pos].quantity;
    double due = 0; /* the day's units join the release backlog */
    while (so->plan_due < so->nplan && so->plan[so->plan_due].day == day)
        due += so->plan[so->plan_due++].quantity;
    backlog_add(s, so, now, due);
    az_status rc = AZ_OK;
    if (so->plan_due < so->nplan)
        rc = azi_cal_push(s->cal,
                          azi_shift_day_start(&s->shifts,
                                              so->plan[so->plan_due].day),
                          -2, EV_PLAN_DAY, src, 0, NULL, err);
    if (!rc && so->plan_idle) {
        so->plan_idle = 0;
        rc = azi_source_arrive(s, src, now, err);
    }
    return rc;
}
