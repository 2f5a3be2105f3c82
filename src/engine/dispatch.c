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
 * Invariant kept: the buffer stays one FIFO list (qhead..qtail through
 * unit.next) with the chosen unit cut out, so every other reader of it
 * (statistics, blocking, conveyors) is unchanged. A machine that has set up
 * for nothing yet (the run's first unit) takes the head.
 */
#include "engine/engine.h"

uint32_t azi_dispatch_take(az_sim *s, station_rt *st, const machine_rt *m)
{
    const machine_cold *c = azi_mc(s, m);
    int by_family = azi_sc(s, st)->dispatch == AZ_DISPATCH_SAME_FAMILY;
    uint32_t want = by_family ? c->family : c->product;
    if (c->product == NONE || want == NONE)
        return list_pop(s, &st->qhead, &st->qtail);
    uint32_t prev = NONE, u = st->qhead;
    for (int k = 0; u != NONE && k < AZ_DISPATCH_LOOKAHEAD;
         k++, prev = u, u = s->units[u].next) {
        uint32_t p = azi_unit_product(s, u);
        if ((by_family ? s->prod_family[p] : p) != want)
            continue;
        if (prev == NONE)
            break; /* the head: an ordinary pop */
        s->units[prev].next = s->units[u].next; /* cut u out */
        if (st->qtail == u)
            st->qtail = prev;
        return u;
    }
    return list_pop(s, &st->qhead, &st->qtail);
}
