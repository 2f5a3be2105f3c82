/*
 * draw_summary.c: the line diagram of a line too large to draw station by
 * station (more than detail_max; draw.h): stations in series become boxes
 * of a chain's stations, many short chains a few to a box, so that the
 * drawing has at most SUMMARY_BOXES boxes, and a note says so.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw_impl.h"
#include "util/alloc.h"

/* Boxes a summary draws at most: about what a page shows legibly. */
#define SUMMARY_BOXES 60

/* Stations in series (each the only successor of the one before, which
 * is its only predecessor) form a chain, drawn as boxes of at most
 * T / SUMMARY_BOXES stations; a line with more pieces than SUMMARY_BOXES
 * (many short chains) has consecutive pieces drawn together instead. */
void azi_draw_summary(sbuf *b, const layout *L, const graph *G,
                         uint32_t detail_max, az_draw_info *info)
{
    const az_model *m = L->m;
    uint32_t T = L->T, most = SUMMARY_BOXES;
    uint32_t *outn = azi_calloc(T ? T : 1, sizeof *outn);
    uint32_t *inn = azi_calloc(T ? T : 1, sizeof *inn);
    uint32_t *next = azi_malloc((T ? T : 1) * sizeof *next);
    uint32_t *grp = azi_malloc((T ? T : 1) * sizeof *grp);
    uint32_t *has_prev = azi_calloc(T ? T : 1, sizeof *has_prev);
    uint32_t *first = NULL, *last = NULL, *count = NULL, *mach = NULL;
    graph GG = {0};
    if (!outn || !inn || !next || !grp || !has_prev) {
        b->oom = 1;
        goto out;
    }
    /* the station of node x (a buffer's is its station), or UINT32_MAX */
#define STN(x) \
    ((x) >= L->S && (x) < L->S + 2 * T ? ((x) - L->S) % T : UINT32_MAX)
    /* distinct neighbours, counted on station-level edges */
    graph SG = {0};
    for (uint32_t k = 0; k < G->n; k++) {
        uint32_t a = STN(G->e[k].from), c = STN(G->e[k].to);
        uint32_t fa = a == UINT32_MAX ? G->e[k].from : ST(L, a);
        uint32_t fc = c == UINT32_MAX ? G->e[k].to : ST(L, c);
        if (fa == fc || azi_draw_edge_find(&SG, fa, fc, E_ROUTE))
            continue;
        if (!azi_draw_edge_add(&SG, fa, fc, E_ROUTE, 0))
            break;
        if (a != UINT32_MAX)
            outn[a]++;
        if (c != UINT32_MAX)
            inn[c]++;
    }
    if (SG.oom) {
        free(SG.e);
        free(SG.slot);
        b->oom = 1;
        goto out;
    }
    for (uint32_t t = 0; t < T; t++)
        next[t] = UINT32_MAX;
    for (uint32_t k = 0; k < SG.n; k++) {
        uint32_t a = STN(SG.e[k].from), c = STN(SG.e[k].to);
        if (a != UINT32_MAX && c != UINT32_MAX && outn[a] == 1 &&
            inn[c] == 1) {
            next[a] = c;
            has_prev[c] = 1;
        }
    }
    free(SG.e);
    free(SG.slot);
    /* Chains, cut into pieces of at most `seg` stations, so that a long
     * line still shows its length and where its bottleneck is: each
     * piece's first and last station in chain order (a chain's stations
     * may be numbered in any order). Closed rings come second. */
    uint32_t seg = (T + most - 1) / most, ng = 0;
    first = azi_malloc(T * sizeof *first);
    last = azi_malloc(T * sizeof *last);
    count = azi_calloc(T, sizeof *count);
    mach = azi_calloc(T, sizeof *mach);
    if (!first || !last || !count || !mach) {
        b->oom = 1;
        goto out;
    }
    for (uint32_t t = 0; t < T; t++)
        grp[t] = UINT32_MAX;
    for (int ring = 0; ring < 2; ring++)
        for (uint32_t t = 0; t < T; t++) {
            if ((!ring && has_prev[t]) || grp[t] != UINT32_MAX)
                continue;
            uint32_t n = 0;
            for (uint32_t x = t; x != UINT32_MAX && grp[x] == UINT32_MAX;
                 x = next[x]) {
                if (n == seg) {
                    ng++;
                    n = 0;
                }
                if (!n++)
                    first[ng] = x;
                grp[x] = ng;
                last[ng] = x;
            }
            ng++;
        }
    uint32_t nchain = ng;
    /* too many chains: consecutive chains, `per` a box, from the first
     * chain's first station to the last one's last */
    int blocks = nchain > most;
    uint32_t per = blocks ? (nchain + most - 1) / most : 1;
    if (blocks) {
        ng = (nchain + per - 1) / per;
        for (uint32_t k = 0; k < ng; k++) {
            first[k] = first[k * per];
            last[k] = last[(k + 1) * per < nchain ? (k + 1) * per - 1
                                                  : nchain - 1];
        }
        for (uint32_t t = 0; t < T; t++)
            grp[t] /= per;
    }
    memset(count, 0, ng * sizeof *count);
    for (uint32_t t = 0; t < T; t++) {
        count[grp[t]]++;
        mach[grp[t]] += az_model_station_machines(m, t);
    }
    if (blocks)
        snprintf(info->note, sizeof info->note,
                 "Summary: %u stations, more than %u to draw one by one; "
                 "each box stands for up to %u short chains of stations in "
                 "series, named by its first and last station.",
                 (unsigned)T, (unsigned)detail_max, (unsigned)per);
    else
        snprintf(info->note, sizeof info->note,
                 "Summary: %u stations, more than %u to draw one by one; "
                 "each box stands for up to %u stations in series, named by "
                 "its first and last station.",
                 (unsigned)T, (unsigned)detail_max, (unsigned)seg);
    info->summary = 1;
    azi_draw_head(b, L, info->note);
    uint32_t bn = azi_draw_bottleneck(L);
    /* group edges: nodes are sources, groups (numbered after them), the
     * exit and the scrap */
    uint32_t G0 = L->S, GEXIT = L->S + ng, GSCRAP = L->S + ng + 1;
    int exit_used = 0, scrap_used = 0;
    for (uint32_t k = 0; k < G->n; k++) {
        const edge *e = &G->e[k];
        uint32_t a = STN(e->from), c = STN(e->to);
        uint32_t fa = a != UINT32_MAX ? G0 + grp[a] : e->from;
        uint32_t fc = c != UINT32_MAX         ? G0 + grp[c]
                      : e->to == EXIT_NODE(L) ? GEXIT
                      : e->to == SCRAP_NODE(L) ? GSCRAP
                                               : e->to;
        if (fa == fc)
            continue;
        exit_used |= fc == GEXIT;
        scrap_used |= fc == GSCRAP;
        edge *ne = azi_draw_edge_add(&GG, fa, fc, e->kind == E_SCRAP ? E_SCRAP
                                         : e->kind == E_REWORK ||
                                                   e->kind == E_BACK
                                             ? E_REWORK
                                             : E_ROUTE,
                            0);
        if (!ne) {
            b->oom = 1;
            goto out;
        }
    }
    for (uint32_t i = 0; i < L->S; i++) /* sources keep their numbers */
        azi_draw_release(b, L, i);
    if (exit_used)
        azi_draw_put(b, "  n%u [id=\"exit\", class=\"exit\", shape=house, "
               "fillcolor=\"#e3f2fd\", label=\"exit\"];\n", (unsigned)GEXIT);
    if (scrap_used)
        azi_draw_put(b, "  n%u [id=\"scrap\", class=\"scrap\", shape=octagon, "
               "fillcolor=\"#ffebee\", color=\"#b71c1c\", label=\"scrap\"];\n",
            (unsigned)GSCRAP);
    for (uint32_t k = 0; k < ng; k++) {
        azi_draw_put(b, "  n%u [id=\"group-%u\", class=\"group\", shape=box, "
               "style=\"rounded,filled\", peripheries=2, label=\"",
            (unsigned)(G0 + k), (unsigned)k + 1);
        azi_draw_esc(b, az_model_station_name(m, first[k]));
        if (count[k] > 1) {
            azi_draw_put(b, " … ");
            azi_draw_esc(b, az_model_station_name(m, last[k]));
        }
        azi_draw_put(b, "\\n%u station%s, %u machines", (unsigned)count[k],
            count[k] == 1 ? "" : "s", (unsigned)mach[k]);
        if (blocks) {
            uint32_t nc = nchain - k * per < per ? nchain - k * per : per;
            azi_draw_put(b, ", %u chain%s", (unsigned)nc, nc == 1 ? "" : "s");
        }
        double umax = NAN;
        if (L->res) {
            for (uint32_t t = 0; t < T; t++)
                if (grp[t] == k) {
                    double u = azi_draw_figure(L, t, AZ_M_UTIL);
                    if (!(u <= umax))
                        umax = u;
                }
            azi_draw_put(b, "\\nbusiest working ");
            azi_draw_pct(b, umax);
            if (bn != AZ_NO_STATION && grp[bn] == k) {
                azi_draw_put(b, "\\nBOTTLENECK ");
                azi_draw_esc(b, az_model_station_name(m, bn));
                azi_draw_put(b, " ");
                azi_draw_pct(b, az_summary_bottleneck_share(L->res, bn));
                azi_draw_put(b, " of the time");
            }
        }
        azi_draw_put(b, "\"");
        if (L->res)
            azi_draw_put(b, ", fillcolor=\"%s\"", az_draw_colour(umax));
        if (bn != AZ_NO_STATION && grp[bn] == k)
            azi_draw_put(b, ", penwidth=3, color=\"#b71c1c\"");
        azi_draw_put(b, "];\n");
    }
    for (uint32_t k = 0; k < GG.n; k++) {
        const edge *e = &GG.e[k];
        azi_draw_put(b, "  n%u -> n%u [class=\"%s\"%s];\n", (unsigned)e->from,
            (unsigned)e->to,
            e->kind == E_SCRAP ? "scrap" : e->kind == E_REWORK ? "rework"
                                                                : "route",
            e->kind == E_SCRAP ? ", style=dotted, color=\"#b71c1c\""
            : e->kind == E_REWORK ? ", style=dashed, color=\"#e65100\""
                                  : "");
    }
    azi_draw_put(b, "}\n");
    info->nodes = L->S + ng + (uint32_t)exit_used + (uint32_t)scrap_used;
    info->edges = GG.n;
#undef STN
out:
    free(GG.e);
    free(GG.slot);
    free(outn);
    free(inn);
    free(next);
    free(grp);
    free(has_prev);
    free(first);
    free(last);
    free(count);
    free(mach);
}

