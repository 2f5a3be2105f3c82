/*
 * dispatch.c: how an idle machine chooses its next unit from the buffer
 * when its station has a rule other than FIFO (SF_DISPATCH; model.h,
 * az_dispatch_rule). The setup-avoiding rules take the longest-waiting
 * unit of the product (or family) the machine last set up for, found among
 * the first AZ_DISPATCH_LOOKAHEAD units of the buffer, and the head of the
 * buffer when none is there: FIFO is the fallback and the tie-break, so a
 * run stays reproducible, and a pick costs at most the lookahead however
 * long the queue.
 *
 * The rules by key (shortest_setup, earliest_due, priority,
 * shortest_process) take, among the same first units, the one with the
 * smallest key, the longest waiting of equal keys: the mean changeover
 * from what the machine last set up for (none: 0), the due date of the
 * unit's order (none: +inf), its priority (its order's, else its
 * product's; none: after every priority), the mean process time of its
 * step. Non-preemptive: a unit on a machine is never put back.
 *
 * A batch station with family_pure loads the family of the unit its rule
 * would take (azi_dispatch_lead), instead of the oldest unit's.
 *
 * Invariant kept: the buffer stays one FIFO list (qhead..qtail through
 * unit.next) with the chosen unit cut out, so every other reader of it
 * (statistics, blocking, conveyors) is unchanged. A machine that has set up
 * for nothing yet (the run's first unit) takes the head.
 */
#include <math.h>

#include "engine/engine.h"

/* Cuts unit u, which follows prev (NONE: u is the head), out of st's
 * buffer and returns it. */
static uint32_t cut(az_sim *s, station_rt *st, uint32_t prev, uint32_t u)
{
    if (prev == NONE)
        return list_pop(s, &st->qhead, &st->qtail);
    s->units[prev].next = s->units[u].next;
    if (st->qtail == u)
        st->qtail = prev;
    return u;
}

/* Unit u's key under rule r at machine m: the smaller goes first. */
static double key(const az_sim *s, const station_rt *st, const machine_rt *m,
                  int r, uint32_t u)
{
    const unit *un = &s->units[u];
    uint32_t p = s->step[un->step].product, o;
    switch (r) {
    case AZ_DISPATCH_SHORTEST_SETUP: {
        const az_dist *d = azi_setup_for(s, st, m, p, s->prod_family[p]);
        return d ? az_dist_mean(d) : 0;
    }
    case AZ_DISPATCH_EARLIEST_DUE:
        o = s->unit_order ? s->unit_order[u] : NONE;
        return o != NONE ? s->ord[o].due : INFINITY;
    case AZ_DISPATCH_PRIORITY: {
        o = s->unit_order ? s->unit_order[u] : NONE;
        uint32_t pr = o != NONE ? s->ord[o].priority
                                : s->model->product[p].priority;
        return pr ? (double)pr : INFINITY;
    }
    default: /* AZ_DISPATCH_SHORTEST_PROCESS */
        return s->step_mean[un->step];
    }
}

/* The unit machine m takes next by st's rule, and (in *prev) the unit
 * before it in the buffer, NONE for the head. */
static uint32_t choose(az_sim *s, station_rt *st, const machine_rt *m,
                       uint32_t *prev_out)
{
    const machine_cold *c = azi_mc(s, m);
    int rule = azi_sc(s, st)->dispatch;
    *prev_out = NONE;
    if (rule >= AZ_DISPATCH_SHORTEST_SETUP) {
        uint32_t best = st->qhead, prev = st->qhead;
        double bk = key(s, st, m, rule, best);
        uint32_t u = s->units[best].next;
        for (int k = 1; u != NONE && k < AZ_DISPATCH_LOOKAHEAD;
             k++, prev = u, u = s->units[u].next) {
            double x = key(s, st, m, rule, u);
            if (x < bk)
                bk = x, best = u, *prev_out = prev;
        }
        return best;
    }
    int by_family = rule == AZ_DISPATCH_SAME_FAMILY;
    uint32_t want = by_family ? c->family : c->product;
    if (c->product == NONE || want == NONE)
        return st->qhead;
    uint32_t prev = NONE, u = st->qhead;
    for (int k = 0; u != NONE && k < AZ_DISPATCH_LOOKAHEAD;
         k++, prev = u, u = s->units[u].next) {
        uint32_t p = azi_unit_product(s, u);
        if ((by_family ? s->prod_family[p] : p) == want) {
            *prev_out = prev;
            return u;
        }
    }
    return st->qhead;
}

uint32_t azi_dispatch_take(az_sim *s, station_rt *st, const machine_rt *m)
{
    uint32_t prev, u = choose(s, st, m, &prev);
    return cut(s, st, prev, u);
}

uint32_t azi_dispatch_lead(az_sim *s, station_rt *st, const machine_rt *m)
{
    uint32_t prev;
    return choose(s, st, m, &prev);
}
