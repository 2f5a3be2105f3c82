/*
 * state_load.h: one load of a shop-floor state file, shared by its reader
 * (state.c: the entries one by one) and its checks across entries
 * (state_check.c: capacities, machines, orders). Loader only.
 */
#ifndef AZALEA_LOAD_STATE_LOAD_H
#define AZALEA_LOAD_STATE_LOAD_H

#include "load/doc.h"
#include "model_impl.h"
#include "state_impl.h"
#include "util/strmap.h"

typedef struct state_load {
    azi_load *L;
    const az_model *m;
    az_state *st;
    azi_strmap stations, products, orders;
    az_order *ord; /* the model's orders, for names and quantities */
    size_t nord;
    /* per station: units given in the buffer, and per machine the entry
     * that occupies it (for the capacity checks) */
    uint64_t *inq;      /* per station: units in its buffer */
    uint64_t *cart;     /* per station and product: in open cartons */
    uint64_t *mload;    /* per machine slot: units on it (a batch's) */
    uint8_t *mseen;     /* per machine slot: given in `machines` */
    uint8_t *sseen;     /* per station and product: given in `stores` */
    uint8_t *oseen;     /* per order: given in `orders` */
    uint32_t *mfirst;   /* per station: its first machine's slot */
    uint32_t *taken;    /* per machine slot: 1 + unit entry, or 0 */
    uint64_t floor_hash; /* of the text before `engine:` (archive.h) */
    size_t after_engine; /* where `engine:` begins (len: none) */
} state_load;

/* Pass 2: what must hold across the entries read into S->st (units and
 * orders: their list nodes, for the places of problems). */
void azi_state_check_places(state_load *S, const azi_load_node *units,
                            const azi_load_node *orders);

#endif
