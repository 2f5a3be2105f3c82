/*
 * loop.c: a static warning for deadlocks the route structure makes
 * possible. With blocking after service, a machine that finishes a unit
 * keeps it until the next station's buffer has room. If units go round a
 * loop of stations (a station visited twice in a row, a rework trip and
 * back) and every buffer on the loop is finite, the buffers can all fill
 * up together; then each machine on the loop waits for room that only
 * another machine on it could make, and the run stops with "deadlock at
 * time ...". One buffer on the loop that is unlimited breaks it, and so
 * does a WIP cap below the units the loop can hold.
 *
 * The loops are the strongly connected components (Tarjan, iterative:
 * linear in stations and moves, whatever the model's size) of the graph
 * whose nodes are the stations with a finite buffer and whose edges are
 * the moves units make between them. Batch stations are left out, as the
 * engine's deadlock search leaves them out.
 *
 * Prefix azi_loops_. Reads the specs only; calls names.c and problem.c.
 */
#include "load/sections.h"

#include <stdio.h>
#include <string.h>

typedef struct move {
    long from, to;
    azi_load_loc at;  /* the step that makes it */
    const char *route;
} move;

typedef struct graph {
    size_t n, nmove, capmove;
    move *mv;
    size_t *first; /* CSR over mv sorted by from: first[n + 1] */
    size_t *order; /* move indices sorted by from */
} graph;

/* A station units can fill up: a finite buffer, and no batch. */
static int finite(const model_spec *ms, long x)
{
    const station_spec *s = &ms->st[x];
    if (s->buffer < 0 || s->batch)
        return 0;
    return ms->buf[s->buffer].capacity != AZ_UNLIMITED;
}

static void add_move(azi_load *L, const model_spec *ms, graph *g, long from,
                     long to, azi_load_loc at, const char *route)
{
    if (!finite(ms, from) || !finite(ms, to))
        return;
    if (g->nmove == g->capmove) {
        size_t cap = g->capmove ? g->capmove * 2 : 64;
        move *nm = azi_load_alloc(L, cap * sizeof *nm);
        if (!nm)
            return;
        if (g->nmove)
            memcpy(nm, g->mv, g->nmove * sizeof *nm);
        g->mv = nm;
        g->capmove = cap;
    }
    g->mv[g->nmove++] = (move){from, to, at, route};
}

/* The moves of the routes some product follows: each step to the next
 * ones up to the first that is not sampled (the others skip it), and a
 * test to its rework station and back. */
static void collect_moves(azi_load *L, const model_spec *ms, graph *g)
{
    unsigned char *used = azi_load_alloc(L, ms->nroute + 1);
    if (!used)
        return;
    for (size_t i = 0; i < ms->nprod; i++)
        if (ms->prod[i].route_ix >= 0)
            used[ms->prod[i].route_ix] = 1;
    for (size_t i = 0; i < ms->nroute; i++) {
        const route_spec *r = &ms->route[i];
        if (!used[i] || !r->ok)
            continue;
        for (size_t k = 0; k < r->n; k++) {
            const step_spec *sp = &r->step[k];
            for (size_t j = k + 1; j < r->n; j++) {
                const step_spec *nx = &r->step[j];
                add_move(L, ms, g, sp->st, nx->st, nx->station->loc, r->name);
                if (!((nx->seen.valid & STEP_SAMPLE) && nx->sample_every > 1))
                    break;
            }
            int reworks = sp->rework_st >= 0 &&
                          !((sp->seen.valid & STEP_MAX_REWORK) &&
                            sp->max_rework == 0);
            if (reworks) {
                add_move(L, ms, g, sp->st, sp->rework_st, sp->rework->loc,
                         r->name);
                add_move(L, ms, g, sp->rework_st, sp->st, sp->rework->loc,
                         r->name);
            }
        }
    }
}

/* Index of the moves by their origin (counting sort: file order kept). */
static int index_moves(azi_load *L, graph *g)
{
    g->first = azi_load_alloc(L, (g->n + 2) * sizeof *g->first);
    g->order = azi_load_alloc(L, (g->nmove + 1) * sizeof *g->order);
    if (!g->first || !g->order)
        return 0;
    for (size_t e = 0; e < g->nmove; e++)
        g->first[g->mv[e].from + 2]++;
    for (size_t x = 2; x < g->n + 2; x++)
        g->first[x] += g->first[x - 1];
    for (size_t e = 0; e < g->nmove; e++)
        g->order[g->first[g->mv[e].from + 1]++] = e;
    return 1;
}

/* Tarjan's components: comp[x] for every station reached. */
static long *components(azi_load *L, const graph *g)
{
    size_t n = g->n;
    long *comp = azi_load_alloc(L, (n + 1) * sizeof *comp);
    long *low = azi_load_alloc(L, (n + 1) * sizeof *low);
    long *num = azi_load_alloc(L, (n + 1) * sizeof *num);
    long *stack = azi_load_alloc(L, (n + 1) * sizeof *stack);
    long *call = azi_load_alloc(L, (n + 1) * sizeof *call);
    size_t *next = azi_load_alloc(L, (n + 1) * sizeof *next);
    unsigned char *on = azi_load_alloc(L, n + 1);
    if (!comp || !low || !num || !stack || !call || !next || !on)
        return NULL;
    long counter = 0, ncomp = 0;
    size_t sp = 0, depth = 0;
    for (size_t x = 0; x < n; x++)
        comp[x] = -1;
    for (size_t root = 0; root < n; root++) {
        if (num[root])
            continue;
        call[depth++] = (long)root;
        num[root] = low[root] = ++counter;
        next[root] = g->first[root];
        stack[sp++] = (long)root;
        on[root] = 1;
        while (depth) {
            long v = call[depth - 1];
            if (next[v] < g->first[v + 1]) {
                long w = g->mv[g->order[next[v]++]].to;
                if (!num[w]) {
                    num[w] = low[w] = ++counter;
                    next[w] = g->first[w];
                    stack[sp++] = w;
                    on[w] = 1;
                    call[depth++] = w;
                } else if (on[w] && num[w] < low[v]) {
                    low[v] = num[w];
                }
                continue;
            }
            depth--;
            if (depth && low[v] < low[call[depth - 1]])
                low[call[depth - 1]] = low[v];
            if (low[v] == num[v]) {
                long w;
                do {
                    w = stack[--sp];
                    on[w] = 0;
                    comp[w] = ncomp;
                } while (w != v);
                ncomp++;
            }
        }
    }
    return comp;
}

void azi_loops_warn(azi_load *L, const model_spec *ms)
{
    graph g = {ms->nst, 0, 0, NULL, NULL, NULL};
    if (!ms->nst)
        return;
    collect_moves(L, ms, &g);
    if (!g.nmove || !index_moves(L, &g))
        return;
    long *comp = components(L, &g);
    unsigned char *told = azi_load_alloc(L, ms->nst + 1);
    if (!comp || !told)
        return;
    /* A component is a loop when a move stays inside it (a self-loop
     * included); told once, at the first such move in file order. */
    for (size_t e = 0; e < g.nmove; e++) {
        const move *mv = &g.mv[e];
        long c = comp[mv->from];
        if (c != comp[mv->to] || told[c])
            continue;
        told[c] = 1;
        char names[256], bufs[320], q[80];
        size_t on = 0, ob = 0;
        uint64_t room = 0;
        for (size_t x = 0; x < ms->nst; x++) {
            if (comp[x] != c)
                continue;
            const station_spec *s = &ms->st[x];
            const buffer_spec *b = &ms->buf[s->buffer];
            room += (uint64_t)b->capacity + s->machines;
            if (on < sizeof names)
                on += (size_t)snprintf(names + on, sizeof names - on, "%s%s",
                                       on ? ", " : "",
                                       azi_names_quoted(s->name, q, sizeof q));
            if (ob < sizeof bufs)
                ob += (size_t)snprintf(bufs + ob, sizeof bufs - ob,
                                       "%s%s %u", ob ? ", " : "",
                                       azi_names_quoted(b->name, q, sizeof q),
                                       (unsigned)b->capacity);
        }
        /* A WIP cap below what the loop holds keeps it from filling. */
        if ((ms->release.seen.valid & REL_WIP_CAP) &&
            ms->release.wip_cap < room)
            continue;
        char r[80], f[80], t[80], cap[64] = "";
        /* A model with an assembly cannot have a WIP cap: no such hint. */
        int assembles = 0;
        for (size_t k = 0; k < ms->nst; k++)
            assembles |= ms->st[k].ncomp > 0;
        if (!assembles)
            snprintf(cap, sizeof cap, ", or set a wip_cap below %llu",
                     (unsigned long long)room);
        azi_load_warn(L, mv->at, "stations %s can deadlock: route %s goes "
                      "from %s to %s here, and every buffer on this loop is "
                      "finite (%s): when they are all full, each machine "
                      "holds a unit that waits for room only the loop can "
                      "make; make one of them unlimited%s", names,
                      azi_names_quoted(mv->route, r, sizeof r),
                      azi_names_quoted(ms->st[mv->from].name, f, sizeof f),
                      azi_names_quoted(ms->st[mv->to].name, t, sizeof t), bufs,
                      cap);
    }
}
