/*
 * draw_impl.h: what the line diagram's two files share: draw.c (the
 * edges of every route and the detailed drawing) and draw_summary.c (the
 * summary of a large line): a growing string, the nodes' numbering, the
 * edge set and the run's figures. Prefix azi_draw_.
 */
#ifndef AZALEA_DRAW_IMPL_H
#define AZALEA_DRAW_IMPL_H

#include <stdint.h>

#include "azalea/draw.h"

/* A growing string; oom sticks once an allocation failed. */
typedef struct sbuf {
    char *s;
    size_t len, cap;
    int oom;
} sbuf;

void azi_draw_put(sbuf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* s inside a DOT string, escaped. */
void azi_draw_esc(sbuf *b, const char *s);
/* "97 %", "99.5 %": a share as people read it. */
void azi_draw_pct(sbuf *b, double x);

/* Node numbers: sources, stations, buffers (one per station, drawn only
 * for a finite buffer or a conveyor), the exit and the scrap. */
typedef struct layout {
    const az_model *m;
    const az_summary *res;
    uint32_t S, T;
    uint32_t nmain;      /* products that are not components */
} layout;

#define SRC(L, i) (i)
#define ST(L, t) ((L)->S + (t))
#define BUF(L, t) ((L)->S + (L)->T + (t))
#define EXIT_NODE(L) ((L)->S + 2 * (L)->T)
#define SCRAP_NODE(L) ((L)->S + 2 * (L)->T + 1)

enum { E_ROUTE, E_COMPONENT, E_REWORK, E_BACK, E_SCRAP, E_FEED };

typedef struct edge {
    uint32_t from, to;
    int kind;
    uint32_t nprod;   /* products on it */
    uint32_t last;    /* the last product counted + 1 */
    uint32_t product; /* the first one */
    uint32_t sample;  /* > 1: a sampled step, 1 unit in `sample` */
    uint32_t qty;     /* a component's units per assembly */
    uint32_t max_rework;
} edge;

/* The edges, found by (from, to, kind) in an open-addressing table. */
typedef struct graph {
    edge *e;
    uint32_t n, cap;
    uint32_t *slot; /* edge index + 1; 0: empty */
    uint32_t nslot; /* a power of 2, at least twice n */
    int oom;
} graph;

/* The edge (from, to, kind) or NULL. */
edge *azi_draw_edge_find(const graph *g, uint32_t from, uint32_t to,
                         int kind);
/* The edge (from, to, kind), added if new, with `product` counted on it;
 * NULL when out of memory (g->oom set). */
edge *azi_draw_edge_add(graph *g, uint32_t from, uint32_t to, int kind,
                        uint32_t product);

/* Station t's figure k in the results (NaN if missing). */
double azi_draw_figure(const layout *L, uint32_t t, az_metric_kind k);
/* The station whose bottleneck share is largest, or AZ_NO_STATION
 * (always without results). */
uint32_t azi_draw_bottleneck(const layout *L);
/* The graph's opening and defaults, the model's name and the note as its
 * title. */
void azi_draw_head(sbuf *b, const layout *L, const char *note);

/* Source i's node: its name and how it releases (every 40 s, by a plan,
 * N orders, lots, CONWIP). */
void azi_draw_release(sbuf *b, const layout *L, uint32_t i);

/* draw_summary.c: the summary of a line of more than detail_max stations
 * from the edges G of its routes; info gets its note. */
void azi_draw_summary(sbuf *b, const layout *L, const graph *G,
                      uint32_t detail_max, az_draw_info *info);

#endif
