/*
 * state_impl.h: the shop-floor state's tables (azalea/state.h), filled by
 * its loader (load/state.c) and read by the engine when a run starts from
 * it (engine/initial.c). Indices are the model's; a time left out is NAN.
 *
 * Invariants the loader guarantees, which the engine relies on: every
 * index is in range; a unit's (product, station, visit) names a step of the
 * product's route there (or its rework visit there); the units in a
 * station's buffer fit its capacity; each machine holds at most one entry
 * (a batch of up to the station's batch size, else one unit); counts >= 1;
 * times >= 0.
 */
#ifndef AZALEA_STATE_IMPL_H
#define AZALEA_STATE_IMPL_H

#include <stdint.h>

#include "azalea/state.h"

/* The engine section's format (engine/snapshot.c writes it, load/state.c
 * checks it). 2: the bottleneck detector's early-drop state was added. */
enum { AZI_SNAP_VERSION = 2 };

enum { AZI_STATE_QUEUE, AZI_STATE_MACHINE, AZI_STATE_CONVEYOR,
       AZI_STATE_CARTON, AZI_STATE_PACKING };

typedef struct azi_state_unit {
    uint32_t station, product;
    uint32_t visit;     /* 0-based: which of the product's visits there */
    uint32_t count;     /* identical units (a batch, on a machine) */
    int where;          /* AZI_STATE_* */
    uint32_t machine;   /* 0-based, or UINT32_MAX: the first free one */
    double remaining;   /* work (conveyor: travel) left, or NAN */
    double done;        /* work done so far, or NAN */
    double released;    /* release time (model units from 0), or NAN */
    uint32_t order;     /* model order index, or UINT32_MAX */
    uint32_t lot;       /* 0: none */
    uint32_t reworks;   /* reworks used at its current test */
} azi_state_unit;

typedef struct azi_state_machine {
    uint32_t station, machine; /* machine 0-based */
    int down;
    double repair_left, repair_elapsed; /* NAN: not given */
    uint32_t set_up_for; /* product, or UINT32_MAX */
} azi_state_machine;

typedef struct azi_state_store {
    uint32_t station, product, count;
} azi_state_store;

typedef struct azi_state_order {
    uint32_t order;     /* model order index */
    uint32_t released;  /* units of it released before the state's time */
    uint32_t out;       /* of which out of the line */
} azi_state_order;

struct az_state {
    const az_model *model;
    double t0;
    azi_state_unit *unit;
    uint32_t nunit;
    azi_state_machine *mach;
    uint32_t nmach;
    azi_state_store *store;
    uint32_t nstore;
    azi_state_order *ord;
    uint32_t nord;
    uint64_t units; /* sum of the units' counts */
    /* A snapshot's engine section (engine/snapshot.c): its archive text
     * (malloc'd), or NULL for a state written by hand; t0 is then its
     * exact time. */
    char *engine;
};

#endif
