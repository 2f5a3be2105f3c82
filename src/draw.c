/*
 * draw.c: the line as a flow diagram in Graphviz's DOT language (draw.h).
 * It reads the model through the public getters only (model.h), walks
 * every product's route into one set of edges, where the edges of many
 * products between the same two elements merge, and writes each element
 * with a shape of its own: a station a box (×N machines), a batch oven a
 * 3-D box, a test a hexagon with its yield, packaging a folder with its
 * carton size, an assembly a trapezium its components' routes join in
 * another colour, a buffer a cylinder with its capacity, a conveyor an
 * arrow shape, the release a house upside down, rework loops dashed and
 * back. A line of more than detail_max stations is drawn as a summary
 * (draw_summary.c; docs/output-format.md).
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw_impl.h"
#include "util/alloc.h"

/* ---- a growing string ---- */

void azi_draw_put(sbuf *b, const char *fmt, ...)
{
    if (b->oom)
        return;
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(b->s ? b->s + b->len : NULL,
                          b->s ? b->cap - b->len : 0, fmt, ap);
        va_end(ap);
        if (n < 0) {
            b->oom = 1;
            return;
        }
        if (b->s && b->len + (size_t)n < b->cap) {
            b->len += (size_t)n;
            return;
        }
        size_t cap = (b->cap + (size_t)n + 1) * 2;
        char *s = azi_realloc(b->s, cap);
        if (!s) {
            b->oom = 1;
            return;
        }
        b->s = s;
        b->cap = cap;
    }
}

/* s inside a DOT string: quotes and backslashes escaped (a name with a
 * backslash would otherwise start an escape such as \N), and '&' as
 * "&amp;": dot decodes entities, so a name holding "&amp;" would come out
 * as "&", in its label and in its element's id. */
void azi_draw_esc(sbuf *b, const char *s)
{
    for (; *s && !b->oom; s++) {
        if (*s == '&')
            azi_draw_put(b, "&amp;");
        else if (*s == '"' || *s == '\\')
            azi_draw_put(b, "\\%c", *s);
        else if (*s == '\n')
            azi_draw_put(b, " ");
        else
            azi_draw_put(b, "%c", *s);
    }
}

/* ---- the elements ---- */

static uint32_t hash(uint32_t from, uint32_t to, int kind)
{
    uint64_t k = ((uint64_t)from << 32 | to) * 0x9E3779B97F4A7C15ull;
    return (uint32_t)(k >> 32) ^ (uint32_t)kind * 0x85EBCA6Bu;
}

static int rehash(graph *g, uint32_t nslot)
{
    uint32_t *slot = azi_calloc(nslot, sizeof *slot);
    if (!slot)
        return 0;
    for (uint32_t i = 0; i < g->n; i++) {
        uint32_t h = hash(g->e[i].from, g->e[i].to, g->e[i].kind);
        while (slot[h & (nslot - 1)])
            h++;
        slot[h & (nslot - 1)] = i + 1;
    }
    free(g->slot);
    g->slot = slot;
    g->nslot = nslot;
    return 1;
}

edge *azi_draw_edge_find(const graph *g, uint32_t from, uint32_t to, int kind)
{
    if (!g->nslot)
        return NULL;
    for (uint32_t h = hash(from, to, kind);; h++) {
        uint32_t i = g->slot[h & (g->nslot - 1)];
        if (!i)
            return NULL;
        edge *e = &g->e[i - 1];
        if (e->from == from && e->to == to && e->kind == kind)
            return e;
    }
}

/* The edge (from, to, kind), added if new, with `product` counted on it;
 * NULL when out of memory (g->oom set). */
edge *azi_draw_edge_add(graph *g, uint32_t from, uint32_t to, int kind,
                      uint32_t product)
{
    if (g->oom)
        return NULL;
    edge *e = azi_draw_edge_find(g, from, to, kind);
    if (!e) {
        if (2 * (g->n + 1) > g->nslot &&
            !rehash(g, g->nslot ? 2 * g->nslot : 64)) {
            g->oom = 1;
            return NULL;
        }
        if (g->n == g->cap) {
            uint32_t cap = g->cap ? 2 * g->cap : 64;
            edge *ne = azi_realloc(g->e, cap * sizeof *ne);
            if (!ne) {
                g->oom = 1;
                return NULL;
            }
            g->e = ne;
            g->cap = cap;
        }
        e = &g->e[g->n];
        *e = (edge){.from = from, .to = to, .kind = kind, .product = product};
        uint32_t h = hash(from, to, kind);
        while (g->slot[h & (g->nslot - 1)])
            h++;
        g->slot[h & (g->nslot - 1)] = ++g->n;
    }
    if (e->last != product + 1) { /* a product counts once per edge */
        e->nprod++;
        e->last = product + 1;
    }
    return e;
}

/* Per station, what its steps make of it. */
typedef struct station_use {
    int test, rework_bench;
    double ymin, ymax; /* yields of its tests */
} station_use;

static int has_buffer(const az_model *m, uint32_t t)
{
    az_station_view v;
    az_model_station_view(m, t, &v);
    return v.buffer != AZ_UNLIMITED || v.conveyor;
}

/* Where a unit of product p going to step g enters the drawing: the
 * station's buffer if drawn, the station itself for a component joining
 * its assembly (it goes into the store, not the buffer). *kind: the edge
 * kind that leads there. */
static uint32_t entry(const layout *L, uint32_t p, uint32_t g, int *kind)
{
    az_step_view sv;
    az_model_step_view(L->m, p, g, &sv);
    *kind = E_ROUTE;
    if (g + 1 == az_model_step_count(L->m, p) &&
        az_model_store_station(L->m, p) == sv.station) {
        *kind = E_COMPONENT;
        return ST(L, sv.station);
    }
    return has_buffer(L->m, sv.station) ? BUF(L, sv.station)
                                        : ST(L, sv.station);
}

static void component_mark(const layout *L, edge *e, uint32_t p)
{
    if (!e || e->kind != E_COMPONENT)
        return;
    uint32_t t = az_model_store_station(L->m, p), q, qty;
    for (uint32_t k = 0; az_model_station_component(L->m, t, k, &q, &qty); k++)
        if (q == p)
            e->qty = qty;
}

/* The edges from node `from` on to step g of product p (or AZ_EXIT):
 * sampled steps are visited by a few units, the others go on to the step
 * after, so each sampled step adds an edge and the walk goes on. */
static void reach(const layout *L, graph *G, uint32_t from, uint32_t p,
                  uint32_t g)
{
    uint32_t n = az_model_step_count(L->m, p);
    for (;;) {
        if (g == AZ_EXIT || g >= n) {
            azi_draw_edge_add(G, from, EXIT_NODE(L), E_ROUTE, p);
            return;
        }
        az_step_view sv;
        az_model_step_view(L->m, p, g, &sv);
        int kind;
        uint32_t to = entry(L, p, g, &kind);
        edge *e = azi_draw_edge_add(G, from, to, kind, p);
        component_mark(L, e, p);
        if (sv.sample_every <= 1 || !e)
            return;
        if (sv.sample_every > e->sample)
            e->sample = sv.sample_every;
        g = g + 1 < n ? g + 1 : AZ_EXIT;
    }
}

/* Every product's route into G, and what each station does into use. */
static void walk(const layout *L, graph *G, station_use *use)
{
    const az_model *m = L->m;
    uint32_t P = (uint32_t)az_model_product_count(m);
    for (uint32_t p = 0; p < P; p++) {
        uint32_t n = az_model_step_count(m, p);
        if (!n)
            continue;
        for (uint32_t i = 0; i < L->S; i++)
            if (az_model_source_releases(m, i, p))
                reach(L, G, SRC(L, i), p, 0);
        uint32_t store = az_model_store_station(m, p);
        for (uint32_t g = 0; g < n; g++) {
            az_step_view sv;
            az_model_step_view(m, p, g, &sv);
            uint32_t t = sv.station, from = ST(L, t);
            if (g + 1 == n && store == t)
                break; /* a component ends in its assembly's store */
            if (sv.yield < 1) {
                station_use *u = &use[t];
                if (!u->test || sv.yield < u->ymin)
                    u->ymin = sv.yield;
                if (!u->test || sv.yield > u->ymax)
                    u->ymax = sv.yield;
                u->test = 1;
                if (sv.rework != AZ_NO_STATION) {
                    uint32_t r = sv.rework;
                    use[r].rework_bench = 1;
                    uint32_t in_r = has_buffer(m, r) ? BUF(L, r) : ST(L, r);
                    uint32_t in_t = has_buffer(m, t) ? BUF(L, t) : from;
                    edge *e = azi_draw_edge_add(G, from, in_r, E_REWORK, p);
                    if (e && (e->nprod == 1 || sv.max_rework > e->max_rework))
                        e->max_rework = sv.max_rework;
                    azi_draw_edge_add(G, ST(L, r), in_t, E_BACK, p);
                }
                if (sv.rework == AZ_NO_STATION ||
                    sv.max_rework != AZ_UNLIMITED)
                    azi_draw_edge_add(G, from, SCRAP_NODE(L), E_SCRAP, p);
            }
            if (sv.destructive && sv.sample_every > 1) {
                azi_draw_edge_add(G, from, SCRAP_NODE(L), E_SCRAP, p);
                continue; /* a sampled unit goes no further */
            }
            if (sv.branches) {
                uint32_t to;
                double prob;
                for (uint32_t k = 0;
                     az_model_step_branch(m, p, g, k, &to, &prob); k++)
                    if (prob > 0)
                        reach(L, G, from, p, to);
            } else {
                reach(L, G, from, p, g + 1 < n ? g + 1 : AZ_EXIT);
            }
        }
    }
    for (uint32_t t = 0; t < L->T; t++)
        if (has_buffer(m, t))
            azi_draw_edge_add(G, BUF(L, t), ST(L, t), E_FEED, 0);
}

/* ---- figures of a run ---- */

double azi_draw_figure(const layout *L, uint32_t t, az_metric_kind k)
{
    size_t i = az_summary_metric_index(L->res, AZ_SCOPE_STATION, t, k);
    return i == (size_t)-1 ? NAN : az_summary_mean(L->res, i);
}

const char *az_draw_colour(double u)
{
    return !(u >= 0) ? "#ffffff"
           : u < 0.5 ? "#e8f5e9"
           : u < 0.7 ? "#c5e1a5"
           : u < 0.85 ? "#fff176"
           : u < 0.95 ? "#ffb74d"
                      : "#e57373";
}

/* The station whose bottleneck share is largest, or AZ_NO_STATION. */
uint32_t azi_draw_bottleneck(const layout *L)
{
    uint32_t best = AZ_NO_STATION;
    double top = 0;
    for (uint32_t t = 0; L->res && t < L->T; t++) {
        double b = az_summary_bottleneck_share(L->res, t);
        if (b > top) {
            top = b;
            best = t;
        }
    }
    return best;
}

/* "97 %", "99.5 %": a share as people read it. */
void azi_draw_pct(sbuf *b, double x)
{
    azi_draw_put(b, "%.*f %%", fabs(100 * x - round(100 * x)) < 0.05 ? 0 : 1,
        100 * x);
}

/* ---- the detailed drawing ---- */

static void put_station(sbuf *b, const layout *L, uint32_t t,
                        const station_use *u, uint32_t bn)
{
    const az_model *m = L->m;
    const char *name = az_model_station_name(m, t);
    az_station_view v;
    az_model_station_view(m, t, &v);
    const char *shape = "box", *cls = "station", *style = "rounded,filled";
    if (v.components) {
        shape = "trapezium";
        cls = "station assembly";
        style = "filled";
    } else if (v.batch_max) {
        shape = "box3d";
        cls = "station batch";
        style = "filled";
    } else if (v.carton) {
        shape = "folder";
        cls = "station packaging";
        style = "filled";
    } else if (u->test) {
        shape = "hexagon";
        cls = "station test";
        style = "filled";
    } else if (u->rework_bench) {
        cls = "station rework";
        style = "rounded,dashed,filled";
    }
    azi_draw_put(b, "  n%u [id=\"st-", (unsigned)ST(L, t));
    azi_draw_esc(b, name);
    azi_draw_put(b, "\", class=\"%s\", shape=%s, style=\"%s\", label=\"",
                 cls, shape, style);
    azi_draw_esc(b, name);
    if (v.machines > 1)
        azi_draw_put(b, " ×%u", (unsigned)v.machines);
    if (v.batch_max)
        azi_draw_put(b, "\\nbatch %u–%u", (unsigned)v.batch_min,
            (unsigned)v.batch_max);
    if (v.carton)
        azi_draw_put(b, "\\ncartons of %u", (unsigned)v.carton);
    if (u->test) {
        azi_draw_put(b, "\\nyield ");
        if (u->ymax - u->ymin > 1e-9) {
            double y = 100 * u->ymin;
            azi_draw_put(b, "%.*f–", fabs(y - round(y)) < 0.05 ? 0 : 1, y);
        }
        azi_draw_pct(b, u->ymax);
    }
    if (u->rework_bench && !u->test)
        azi_draw_put(b, "\\nrework");
    if (v.components)
        azi_draw_put(b, "\\njoins %u component%s", (unsigned)v.components,
            v.components == 1 ? "" : "s");
    double util = NAN;
    if (L->res) {
        util = azi_draw_figure(L, t, AZ_M_UTIL);
        azi_draw_put(b, "\\nworking ");
        azi_draw_pct(b, util);
        if (t == bn) {
            azi_draw_put(b, "\\nBOTTLENECK ");
            azi_draw_pct(b, az_summary_bottleneck_share(L->res, t));
            azi_draw_put(b, " of the time");
        }
    }
    azi_draw_put(b, "\", tooltip=\"station ");
    azi_draw_esc(b, name);
    azi_draw_put(b, ": %u machine%s\"", (unsigned)v.machines,
        v.machines == 1 ? "" : "s");
    if (L->res)
        azi_draw_put(b, ", fillcolor=\"%s\"", az_draw_colour(util));
    if (t == bn)
        azi_draw_put(b, ", penwidth=3, color=\"#b71c1c\"");
    azi_draw_put(b, "];\n");
}

static void put_buffer(sbuf *b, const layout *L, uint32_t t)
{
    const az_model *m = L->m;
    const char *name = az_model_station_name(m, t);
    az_station_view v;
    az_model_station_view(m, t, &v);
    azi_draw_put(b, "  n%u [id=\"buf-", (unsigned)BUF(L, t));
    azi_draw_esc(b, name);
    azi_draw_put(b, "\", class=\"%s\", shape=%s, fontsize=9, label=\"",
        v.conveyor ? "buffer conveyor" : "buffer",
        v.conveyor ? "cds" : "cylinder");
    if (v.conveyor)
        azi_draw_put(b, "conveyor\\n");
    double q = NAN;
    if (L->res) {
        q = azi_draw_figure(L, t, AZ_M_QUEUE);
        azi_draw_put(b, "%.*f / ", q >= 10 ? 0 : 1, q);
    }
    if (v.buffer == AZ_UNLIMITED)
        azi_draw_put(b, "∞");
    else
        azi_draw_put(b, "%s%u", L->res ? "" : "cap ", (unsigned)v.buffer);
    azi_draw_put(b, "\", tooltip=\"%s in front of ",
                 v.conveyor ? "conveyor" : "buffer");
    azi_draw_esc(b, name);
    if (L->res)
        azi_draw_put(b, ": mean content against capacity");
    azi_draw_put(b, "\"");
    if (L->res && v.buffer != AZ_UNLIMITED && v.buffer > 0)
        azi_draw_put(b, ", fillcolor=\"%s\"", az_draw_colour(q / v.buffer));
    else
        azi_draw_put(b, ", fillcolor=\"#eceff1\"");
    azi_draw_put(b, "];\n");
}

/* The name an id gives node x: its station's (a buffer's too), its
 * source's. */
static const char *node_name(const layout *L, uint32_t x)
{
    if (x < L->S)
        return az_model_source_name(L->m, x);
    x -= L->S;
    return az_model_station_name(L->m, x < L->T ? x : x - L->T);
}

/* loose: the edge does not pull its ends into columns (a folded line's
 * edge from one row to the next, or back). */
static void put_edge(sbuf *b, const layout *L, const graph *G, const edge *e,
                     int loose)
{
    const az_model *m = L->m;
    const char *from = node_name(L, e->from);
    azi_draw_put(b, "  n%u -> n%u [id=\"", (unsigned)e->from, (unsigned)e->to);
    switch (e->kind) {
    case E_ROUTE:
    case E_COMPONENT:
        if (e->to == EXIT_NODE(L)) {
            azi_draw_put(b, "exit-");
            azi_draw_esc(b, from);
            break;
        }
        /* a component and a route on the same pair keep apart */
        azi_draw_put(b, e->kind == E_COMPONENT &&
                       (azi_draw_edge_find(G, e->from, BUF(L, e->to - L->S),
                                  E_ROUTE) ||
                        azi_draw_edge_find(G, e->from, e->to, E_ROUTE))
                   ? "comp-"
                   : "edge-");
        azi_draw_esc(b, from);
        azi_draw_put(b, "-");
        azi_draw_esc(b, node_name(L, e->to));
        break;
    case E_REWORK:
    case E_BACK:
        azi_draw_put(b, "rework-");
        azi_draw_esc(b, from);
        azi_draw_put(b, "-");
        azi_draw_esc(b, node_name(L, e->to));
        break;
    case E_SCRAP:
        azi_draw_put(b, "scrap-");
        azi_draw_esc(b, from);
        break;
    default:
        azi_draw_put(b, "feed-");
        azi_draw_esc(b, from);
    }
    azi_draw_put(b, "\"");
    switch (e->kind) {
    case E_ROUTE:
        azi_draw_put(b, ", class=\"route\"");
        if (e->nprod == 1 && L->nmain > 1) {
            azi_draw_put(b, ", label=\"");
            azi_draw_esc(b, az_model_product_name(m, e->product));
            azi_draw_put(b, "\"");
        } else if (e->nprod > 1 && e->nprod < L->nmain) {
            azi_draw_put(b, ", label=\"%u products\"", (unsigned)e->nprod);
        }
        if (e->sample > 1)
            azi_draw_put(b, ", style=dashed, headlabel=\"1 in %u\", "
                            "labelfontsize=9", (unsigned)e->sample);
        break;
    case E_COMPONENT:
        azi_draw_put(b, ", class=\"component\", color=\"#1565c0\", "
                        "fontcolor=\"#1565c0\", penwidth=1.6, label=\"");
        if (e->nprod == 1) {
            azi_draw_esc(b, az_model_product_name(m, e->product));
            azi_draw_put(b, " ×%u", (unsigned)(e->qty ? e->qty : 1));
        } else {
            azi_draw_put(b, "%u components", (unsigned)e->nprod);
        }
        azi_draw_put(b, "\"");
        break;
    case E_REWORK:
        azi_draw_put(b, ", class=\"rework\", style=dashed, color=\"#e65100\", "
               "fontcolor=\"#e65100\", label=\"rework");
        if (e->max_rework != AZ_UNLIMITED)
            azi_draw_put(b, " (≤ %u)", (unsigned)e->max_rework);
        azi_draw_put(b, "\"");
        break;
    case E_BACK:
        azi_draw_put(b, ", class=\"rework\", style=dashed, color=\"#e65100\", "
               "constraint=false, label=\"retest\", fontcolor=\"#e65100\"");
        break;
    case E_SCRAP:
        azi_draw_put(b, ", class=\"scrap\", style=dotted, color=\"#b71c1c\"");
        break;
    default:
        azi_draw_put(b, ", class=\"feed\"");
    }
    if (loose && e->kind != E_BACK)
        azi_draw_put(b, ", constraint=false");
    azi_draw_put(b, "];\n");
}

/* nodesep leaves room between stacked nodes for what the replay adds
 * (machine cells and a label under a node, a queue count over the next). */
void azi_draw_head(sbuf *b, const layout *L, const char *note)
{
    azi_draw_put(b, "digraph line {\n  graph [id=\"line\", rankdir=LR, "
           "fontname=\"DejaVu Sans\", fontsize=13, nodesep=0.55, "
           "ranksep=0.45, pad=0.2, labelloc=t, labeljust=l, label=\"");
    azi_draw_esc(b, az_model_name(L->m));
    if (note && *note) {
        azi_draw_put(b, "\\n");
        azi_draw_esc(b, note);
    }
    azi_draw_put(b, "\"];\n  node [fontname=\"DejaVu Sans\", fontsize=11, "
           "style=filled, fillcolor=\"#ffffff\", color=\"#37474f\", "
           "margin=\"0.12,0.06\"];\n  edge [fontname=\"DejaVu Sans\", "
           "fontsize=9, color=\"#546e7a\", arrowsize=0.7];\n");
}

void azi_draw_release(sbuf *b, const layout *L, uint32_t i)
{
    az_source_view v;
    az_model_source_view(L->m, i, &v);
    azi_draw_put(b, "  n%u [id=\"src-", (unsigned)SRC(L, i));
    azi_draw_esc(b, az_model_source_name(L->m, i));
    azi_draw_put(b, "\", class=\"release\", shape=invhouse, "
                    "fillcolor=\"#e3f2fd\", tooltip=\"the release\", "
                    "label=\"");
    azi_draw_esc(b, az_model_source_name(L->m, i));
    if (v.plan)
        azi_draw_put(b, "\\nby a plan");
    else if (v.orders)
        azi_draw_put(b, "\\n%u orders", (unsigned)v.orders);
    else if (v.interarrival > 0) {
        azi_draw_put(b, "\\nevery %.3g ", v.interarrival);
        azi_draw_esc(b, az_model_time_unit(L->m));
    } else if (!v.wip_cap)
        azi_draw_put(b, "\\nsaturated");
    if (v.sequence)
        azi_draw_put(b, "\\nin a sequence of %u", (unsigned)v.sequence);
    if (v.campaigns)
        azi_draw_put(b, "\\n%u campaigns", (unsigned)v.campaigns);
    if (v.lot)
        azi_draw_put(b, "\\nlots of %u", (unsigned)v.lot);
    if (v.wip_cap)
        azi_draw_put(b, "\\nCONWIP %u", (unsigned)v.wip_cap);
    azi_draw_put(b, "\"];\n");
}

static void put_ends(sbuf *b, const layout *L, int exit_used, int scrap_used)
{
    for (uint32_t i = 0; i < L->S; i++)
        azi_draw_release(b, L, i);
    if (exit_used)
        azi_draw_put(b, "  n%u [id=\"exit\", class=\"exit\", shape=house, "
               "fillcolor=\"#e3f2fd\", label=\"exit\", tooltip=\"units "
               "leave the line\"];\n", (unsigned)EXIT_NODE(L));
    if (scrap_used)
        azi_draw_put(b, "  n%u [id=\"scrap\", class=\"scrap\", shape=octagon, "
               "fillcolor=\"#ffebee\", fontcolor=\"#b71c1c\", "
               "color=\"#b71c1c\", fontsize=9, label=\"scrap\"];\n",
            (unsigned)SCRAP_NODE(L));
}

/* ---- folding a long line ---- */

/* Past FOLD_RANKS columns the drawing folds into rows of at most
 * FOLD_WIDTH, as text wraps: 100 stations in series with their buffers
 * would be one row some 23,000 pixels long. */
#define FOLD_RANKS 40
#define FOLD_WIDTH 30

/* Each drawn node's column, its distance from the release breadth first
 * (a node no release reaches: 0), into depth[] (N = SCRAP_NODE + 1
 * entries); returns the width of a row, 0 if the line is short enough to
 * stay in one. */
static uint32_t fold_width(const layout *L, const graph *G,
                           const uint8_t *drawn, uint32_t *depth, sbuf *b)
{
    uint32_t N = SCRAP_NODE(L) + 1, maxd = 0, head = 0, tail = 0;
    uint32_t *off = azi_calloc((size_t)N + 1, sizeof *off);
    uint32_t *adj = azi_malloc(((size_t)G->n + 1) * sizeof *adj);
    uint32_t *queue = azi_malloc((size_t)N * sizeof *queue);
    uint32_t *indeg = azi_calloc(N, sizeof *indeg);
    if (!off || !adj || !queue || !indeg) {
        b->oom = 1;
        goto out;
    }
    for (uint32_t k = 0; k < G->n; k++) {
        off[G->e[k].from + 1]++;
        indeg[G->e[k].to]++;
    }
    for (uint32_t x = 0; x < N; x++)
        off[x + 1] += off[x];
    for (uint32_t k = 0; k < G->n; k++) /* off[x] runs to x's end */
        adj[off[G->e[k].from]++] = G->e[k].to;
    for (uint32_t x = N; x > 0; x--)
        off[x] = off[x - 1];
    off[0] = 0;
    for (uint32_t x = 0; x < N; x++) {
        depth[x] = UINT32_MAX;
        if (drawn[x] && !indeg[x]) {
            depth[x] = 0;
            queue[tail++] = x;
        }
    }
    while (head < tail) {
        uint32_t x = queue[head++];
        for (uint32_t k = off[x]; k < off[x + 1]; k++)
            if (depth[adj[k]] == UINT32_MAX) {
                depth[adj[k]] = depth[x] + 1;
                queue[tail++] = adj[k];
            }
    }
    for (uint32_t x = 0; x < N; x++) {
        if (depth[x] == UINT32_MAX)
            depth[x] = 0;
        if (drawn[x] && depth[x] > maxd)
            maxd = depth[x];
    }
out:
    free(off);
    free(adj);
    free(queue);
    free(indeg);
    if (b->oom || maxd + 1 <= FOLD_RANKS)
        return 0;
    uint32_t rows = (maxd + FOLD_WIDTH) / FOLD_WIDTH;
    return (maxd + rows) / rows; /* rows of equal length */
}

/* Invisible anchors f0 -> f1 -> ... give the columns, and each drawn node
 * goes in its column's rank: rows stack under each other. */
static void put_fold(sbuf *b, const layout *L, const uint8_t *drawn,
                     const uint32_t *depth, uint32_t w)
{
    uint32_t N = SCRAP_NODE(L) + 1;
    azi_draw_put(b, "  node [style=invis, shape=point, width=0, height=0, "
                    "label=\"\"];\n  edge [style=invis];\n  ");
    for (uint32_t c = 0; c < w; c++)
        azi_draw_put(b, "f%u%s", (unsigned)c, c + 1 < w ? " -> " : ";\n");
    for (uint32_t c = 0; c < w; c++) {
        azi_draw_put(b, "  { rank=same; f%u;", (unsigned)c);
        for (uint32_t x = 0; x < N; x++)
            if (drawn[x] && depth[x] % w == c)
                azi_draw_put(b, " n%u;", (unsigned)x);
        azi_draw_put(b, " }\n");
    }
}

static void draw_detail(sbuf *b, const layout *L, const graph *G,
                        const station_use *use, az_draw_info *info)
{
    uint32_t bn = azi_draw_bottleneck(L);
    int exit_used = 0, scrap_used = 0;
    for (uint32_t k = 0; k < G->n; k++) {
        exit_used |= G->e[k].to == EXIT_NODE(L);
        scrap_used |= G->e[k].to == SCRAP_NODE(L);
    }
    azi_draw_head(b, L, NULL);
    put_ends(b, L, exit_used, scrap_used);
    info->nodes = L->S + (uint32_t)exit_used + (uint32_t)scrap_used;
    for (uint32_t t = 0; t < L->T; t++) {
        put_station(b, L, t, &use[t], bn);
        info->nodes++;
        if (has_buffer(L->m, t)) {
            put_buffer(b, L, t);
            info->nodes++;
        }
    }
    uint32_t N = SCRAP_NODE(L) + 1;
    uint8_t *drawn = azi_calloc(N, 1);
    uint32_t *depth = azi_malloc((size_t)N * sizeof *depth), w = 0;
    if (!drawn || !depth) {
        b->oom = 1;
    } else {
        for (uint32_t i = 0; i < L->S; i++)
            drawn[SRC(L, i)] = 1;
        for (uint32_t t = 0; t < L->T; t++) {
            drawn[ST(L, t)] = 1;
            drawn[BUF(L, t)] = (uint8_t)has_buffer(L->m, t);
        }
        drawn[EXIT_NODE(L)] = (uint8_t)exit_used;
        drawn[SCRAP_NODE(L)] = (uint8_t)scrap_used;
        w = fold_width(L, G, drawn, depth, b);
    }
    for (uint32_t k = 0; k < G->n; k++) {
        const edge *e = &G->e[k];
        put_edge(b, L, G, e,
                 w && !(depth[e->to] / w == depth[e->from] / w &&
                        depth[e->to] % w > depth[e->from] % w));
    }
    if (w)
        put_fold(b, L, drawn, depth, w);
    info->edges = G->n;
    azi_draw_put(b, "}\n");
    free(drawn);
    free(depth);
}

az_status az_draw_dot(const az_model *m, const az_draw_options *opt,
                      char **dot, az_draw_info *info, az_error *err)
{
    az_draw_info scratch;
    if (!info)
        info = &scratch;
    memset(info, 0, sizeof *info);
    *dot = NULL;
    layout L = {.m = m,
                .res = opt ? opt->results : NULL,
                .S = (uint32_t)az_model_source_count(m),
                .T = (uint32_t)az_model_station_count(m)};
    uint32_t most = opt && opt->detail_max ? opt->detail_max
                                           : AZ_DRAW_DETAIL_MAX;
    if (L.res && L.T &&
        az_summary_metric_index(L.res, AZ_SCOPE_STATION, L.T - 1,
                                AZ_M_UTIL) == (size_t)-1)
        return az_error_set(err, AZ_EINVAL, "draw: the results are not "
                            "those of model '%s'", az_model_name(m));
    for (uint32_t p = 0; p < az_model_product_count(m); p++)
        L.nmain += az_model_store_station(m, p) == AZ_NO_STATION &&
                   az_model_step_count(m, p) > 0;
    graph G = {0};
    sbuf b = {0};
    station_use *use = azi_calloc(L.T ? L.T : 1, sizeof *use);
    if (use) {
        walk(&L, &G, use);
        if (!G.oom && L.T <= most) {
            draw_detail(&b, &L, &G, use, info);
        } else if (!G.oom) {
            azi_draw_summary(&b, &L, &G, most, info);
        }
    }
    free(use);
    free(G.e);
    free(G.slot);
    if (!use || G.oom || b.oom) {
        free(b.s);
        memset(info, 0, sizeof *info);
        return az_error_set(err, AZ_ENOMEM, "draw: out of memory");
    }
    *dot = b.s;
    return AZ_OK;
}
