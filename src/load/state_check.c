/*
 * state_check.c: a shop-floor state's checks across entries (state.c reads
 * them one by one): each buffer's capacity (a conveyor's units included),
 * open cartons below the carton's size, one entry per machine or a batch
 * within its size, a carton being packed within the carton, and each
 * order's units within what it released (an order with units and no entry
 * is given one: it released those). Sums are 64-bit: counts near 2^32 add
 * up past any capacity, not round it.
 *
 * Prefix azi_state_. Called by state.c only.
 */
#include "load/spec.h"
#include "load/state_load.h"
#include "util/alloc.h"

#include <stdlib.h>
#include <string.h>

/* Pass 2: what must hold across entries: each buffer's capacity, one entry
 * per machine (a batch's size), one entry per machine state and order, and
 * an order's units in the line within what it released. */
/* Entry i (node n), which gathers with others on one machine (a batch, a
 * carton being packed): its machine, named or the first free one, into
 * u->machine; returns the units on that machine so far, or UINT64_MAX
 * after reporting that no machine is left for `what`. */
static uint64_t gather(state_load *S, azi_state_unit *u, uint32_t i,
                       const azi_load_node *n, const char *what)
{
    const azi_station *ms = &S->m->station[u->station];
    uint32_t *t = S->taken + S->mfirst[u->station], k = u->machine;
    for (uint32_t j = 0; k == UINT32_MAX && j < ms->machines; j++)
        if (!t[j])
            k = j;
    if (k == UINT32_MAX || k >= ms->machines) {
        if (k == UINT32_MAX) /* a named one out of range is reported */
            azi_load_report(S->L, n->loc, "more %s at station '%s' than it "
                            "has machines (%u)", what, ms->name,
                            (unsigned)ms->machines);
        return UINT64_MAX;
    }
    u->machine = k; /* the engine gathers each machine's units */
    t[k] = t[k] ? t[k] : i + 1;
    return S->mload[S->mfirst[u->station] + k] += u->count;
}

void azi_state_check_places(state_load *S, const azi_load_node *units,
                         const azi_load_node *orders)
{
    const az_model *m = S->m;
    az_state *st = S->st;
    for (uint32_t i = 0; i < st->nunit; i++) {
        azi_state_unit *u = &st->unit[i];
        if (u->station == UINT32_MAX || u->product == UINT32_MAX)
            continue;
        const azi_station *ms = &m->station[u->station];
        const azi_load_node *n = units->item[i]; /* nunit > 0: a list */
        if (u->where == AZI_STATE_CARTON) {
            uint64_t in = S->cart[(size_t)u->station * m->nproduct +
                                  u->product] += u->count;
            if (in >= ms->carton)
                azi_load_report(S->L, n->loc, "%llu units of '%s' in an open "
                                "carton of %u at station '%s': a full "
                                "carton has left", (unsigned long long)in,
                                m->product[u->product].name,
                                (unsigned)ms->carton, ms->name);
            continue;
        }
        if (u->where == AZI_STATE_PACKING) { /* a full carton a machine
                                               * packs: on one machine */
            uint64_t in = gather(S, u, i, n, "cartons being packed");
            if (in != UINT64_MAX && in > ms->carton)
                azi_load_report(S->L, n->loc, "more than a carton of %u "
                                "being packed on machine %u of station '%s'",
                                (unsigned)ms->carton, (unsigned)u->machine + 1,
                                ms->name);
            continue;
        }
        if (u->where != AZI_STATE_MACHINE) {
            S->inq[u->station] += u->count;
            if (ms->buffer != AZ_UNLIMITED && S->inq[u->station] > ms->buffer)
                azi_load_report(S->L, n->loc, "%llu units in the buffer of "
                                "station '%s', whose capacity is %u%s",
                                (unsigned long long)S->inq[u->station],
                                ms->name,
                                (unsigned)ms->buffer,
                                ms->has_transport ? " (its conveyor's units "
                                                    "included)"
                                                  : "");
            continue;
        }
        /* on machines: a batch on one (entries naming the same machine
         * make one batch), else one unit on each of count */
        uint32_t need = ms->batch_max ? 1 : u->count;
        uint32_t *t = S->taken + S->mfirst[u->station];
        if (ms->batch_max) {
            uint64_t in = gather(S, u, i, n, "batches");
            if (in != UINT64_MAX && in > ms->batch_max)
                azi_load_report(S->L, n->loc, "a batch of %llu units on "
                                "machine %u of station '%s', which takes at "
                                "most %u", (unsigned long long)in,
                                (unsigned)u->machine + 1, ms->name,
                                (unsigned)ms->batch_max);
            /* a pure batch holds one family: the first entry's */
            const azi_state_unit *first =
                in == UINT64_MAX ? u : &st->unit[t[u->machine] - 1];
            if (ms->batch_pure && first != u &&
                strcmp(m->product[first->product].family,
                       m->product[u->product].family) != 0)
                azi_load_report(S->L, n->loc, "'%s' (family '%s') in a batch "
                                "of family '%s' on machine %u of station "
                                "'%s', whose batches hold one family",
                                m->product[u->product].name,
                                m->product[u->product].family,
                                m->product[first->product].family,
                                (unsigned)u->machine + 1, ms->name);
            continue;
        }
        if (u->machine != UINT32_MAX) {
            if (u->machine >= ms->machines)
                continue; /* reported */
            if (need > 1)
                azi_load_report(S->L, n->loc, "%u units on machine %u: a "
                                "machine of station '%s' holds one unit",
                                (unsigned)u->count, (unsigned)u->machine + 1,
                                ms->name);
            else if (t[u->machine])
                azi_load_report(S->L, n->loc, "machine %u of station '%s' "
                                "holds units of unit entry %u already",
                                (unsigned)u->machine + 1, ms->name,
                                (unsigned)t[u->machine]);
            else
                t[u->machine] = i + 1;
            continue;
        }
        uint32_t got = 0;
        for (uint32_t k = 0; k < ms->machines && got < need; k++)
            if (!t[k]) {
                t[k] = i + 1;
                got++;
            }
        if (got < need)
            azi_load_report(S->L, n->loc, "more units on the machines of "
                            "station '%s' than it has machines (%u)",
                            ms->name, (unsigned)ms->machines);
    }
    /* orders: released defaults to out + its units in the line */
    uint64_t *inline_n = azi_calloc(S->nord ? S->nord : 1, sizeof *inline_n);
    if (!inline_n) {
        S->L->oom = 1;
        return;
    }
    for (uint32_t i = 0; i < st->nunit; i++)
        if (st->unit[i].order != UINT32_MAX &&
            st->unit[i].station != UINT32_MAX)
            inline_n[st->unit[i].order] += st->unit[i].count;
    for (uint32_t i = 0; i < st->nord; i++) {
        azi_state_order *o = &st->ord[i];
        if (o->order == UINT32_MAX)
            continue;
        uint64_t in = inline_n[o->order];
        inline_n[o->order] = 0; /* counted: no implicit entry below */
        if (o->released == UINT32_MAX)
            o->released = o->out + in > UINT32_MAX ? UINT32_MAX
                                                   : (uint32_t)(o->out + in);
        if (o->released > S->ord[o->order].quantity || o->out + in >
                                                           o->released)
            azi_load_report(S->L, orders->item[i]->loc, "order '%s': %u "
                            "units out and %llu in the line, more than the "
                            "%u released", S->ord[o->order].id,
                            (unsigned)o->out, (unsigned long long)in,
                            (unsigned)o->released);
    }
    /* an order with units in the line and no entry: released = those */
    uint32_t extra = 0;
    for (size_t k = 0; k < S->nord; k++)
        extra += inline_n[k] > 0;
    azi_state_order *no = extra ? azi_realloc(st->ord, (st->nord + extra) *
                                                           sizeof *no)
                                : NULL;
    if (extra && !no)
        S->L->oom = 1;
    for (size_t k = 0; no && k < S->nord; k++) {
        if (!inline_n[k])
            continue;
        if (inline_n[k] > S->ord[k].quantity)
            azi_load_report(S->L, units->item[0]->loc, "order '%s': %llu "
                            "units in the line, more than its %u",
                            S->ord[k].id, (unsigned long long)inline_n[k],
                            (unsigned)S->ord[k].quantity);
        no[st->nord++] = (azi_state_order){(uint32_t)k,
                                           (uint32_t)inline_n[k], 0};
    }
    if (no)
        st->ord = no;
    free(inline_n);
}
