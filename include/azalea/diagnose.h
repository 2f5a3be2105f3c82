/*
 * diagnose.h: warnings about figures that may mislead. A run's summary can
 * hold plausible-looking numbers that are not what they seem: a line that
 * cannot keep up with its release (its queues, WIP and lead time grow with
 * the horizon instead of settling), an assembly short of a component, or
 * a model in which nothing finished. az_diagnose names each, with the
 * object and the figures behind it, so that no such number is shown
 * without a word. The tests and thresholds are in docs/statistics.md,
 * "Overload and other warnings".
 */
#ifndef AZALEA_DIAGNOSE_H
#define AZALEA_DIAGNOSE_H

#include <stddef.h>
#include <stdint.h>

#include "azalea/experiment.h"
#include "azalea/model.h"
#include "azalea/sim.h"

typedef enum az_diag_kind {
    AZ_DIAG_NOTHING_DONE, /* no unit finished: no lead time, no throughput */
    AZ_DIAG_GROWS,        /* a station's content grows through the run */
    AZ_DIAG_BACKLOG,      /* units due at the release pile up unreleased */
    AZ_DIAG_SHORT,        /* an assembly waits for a component */
    AZ_DIAG_STALLED,      /* the line stopped for good: a deadlock */
    AZ_DIAG_STORE,        /* a component store grows through the run */
    AZ_DIAG_ORDERS_OPEN,  /* orders not complete at the end: their
                           * completion and tardiness are unknown */
    AZ_DIAG_BN_TIED       /* stations tied as the bottleneck: the
                           * active-period method cannot rank them */
} az_diag_kind;

typedef struct az_diagnostic {
    az_diag_kind kind;
    az_scope scope;  /* what it is about: SYSTEM, STATION or STORE */
    uint32_t object; /* station, or the component's product */
    char msg[400];   /* one sentence for people, without a trailing newline */
} az_diagnostic;

/* A stable name for a kind ("nothing_done", "grows", "backlog", "short",
 * "stalled", "store_grows", "orders_open", "bottleneck_tied"); "?" for any
 * other value. Static strings. */
const char *az_diag_kind_name(az_diag_kind k);

/* Calls fn(ctx, d) once per warning about summary s of model m, in a fixed
 * order (a stop, what finished, then each station in model order, the
 * release, then each store, open orders, a tied bottleneck), and returns
 * how many. fn may be NULL (only count).
 * d is valid only during the call: copy what you keep. Cannot fail; only
 * reads m and s. */
size_t az_diagnose(const az_model *m, const az_summary *s,
                   void (*fn)(void *ctx, const az_diagnostic *d), void *ctx);

/* Whether s shows a line that cannot keep up (an AZ_DIAG_GROWS or
 * AZ_DIAG_BACKLOG warning): its steady-state figures do not exist. */
int az_diagnose_unstable(const az_model *m, const az_summary *s);

#endif
