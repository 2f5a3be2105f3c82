/*
 * draw.h: the line as a flow diagram, written in Graphviz's DOT language
 * for `dot` to lay out (azalea draw, the run report's diagram;
 * docs/output-format.md, "The line diagram"). The library writes the text
 * only: running dot is the caller's (a library should not fork from its
 * callers' threads or depend on their PATH).
 *
 * Every element has a stable id, which dot's SVG keeps: st-STATION,
 * buf-STATION (a station's finite input buffer or conveyor), src-SOURCE
 * (the release), exit, scrap; edges edge-FROM-TO (a route from station or
 * source FROM to station TO, through TO's buffer if it has one), exit-FROM
 * (a route leaving the line), feed-STATION (a buffer to its station),
 * rework-TEST-BENCH and rework-BENCH-TEST, scrap-STATION. The edges of
 * many products between the same two elements are one edge, labelled
 * with how many products take it.
 */
#ifndef AZALEA_DRAW_H
#define AZALEA_DRAW_H

#include <stddef.h>
#include <stdint.h>

#include "azalea/error.h"
#include "azalea/experiment.h"
#include "azalea/model.h"

/* Above this many stations the diagram is a summary: stations in series
 * drawn as one box per chain, the bottleneck named in its chain. */
#define AZ_DRAW_DETAIL_MAX 500

typedef struct az_draw_options {
    /* A run's results, or NULL for the model alone. With them stations
     * are filled by utilisation, the bottleneck is marked with its share
     * of the time (active-period method) and each buffer shows its mean
     * content against its capacity. */
    const az_summary *results;
    /* Stations up to which every element is drawn; 0:
     * AZ_DRAW_DETAIL_MAX. */
    uint32_t detail_max;
} az_draw_options;

typedef struct az_draw_info {
    int summary;      /* 1: drawn as a summary (too many stations) */
    uint32_t nodes;   /* boxes drawn */
    uint32_t edges;
    char note[200];   /* what the summary shows, "" if none; the drawing
                       * carries it too */
} az_draw_info;

/* The DOT text of m's diagram into *dot (NUL-terminated; yours: free it
 * with free()), and what it holds into *info (may be NULL). opt may be
 * NULL for the defaults. AZ_ENOMEM (then *dot is NULL) is its only
 * failure; the results must be of this model (AZ_EINVAL otherwise). */
az_status az_draw_dot(const az_model *m, const az_draw_options *opt,
                      char **dot, az_draw_info *info, az_error *err);

/* The fill of a station working a share u of the time (a buffer's: of
 * its mean content over its capacity): below 50 %, 70 %, 85 %, 95 %, and
 * above, from pale green to red; white for NaN. For a legend. */
const char *az_draw_colour(double u);

#endif
