/*
 * sim_impl.h: the engine's runtime tables, shared by the engine loop
 * (sim.c) and the flow of units through stations (station.c).
 *
 * Invariants, for every station X at every event boundary:
 *  1. busy = machines holding a unit (processing or blocked) <= machines;
 *     blocked <= busy.
 *  2. nq <= cap: units in X's input buffer, FIFO qhead..qtail.
 *  3. X's waiting list (whead..wtail) holds units that finished upstream (or
 *     were released by a source) and wait for room at X. It is non-empty
 *     only while X has no room: no idle machine and nq == cap.
 *  4. A unit is in exactly one place: the free list, a buffer, a machine
 *     (processing or blocked on a waiting list), or held by a source.
 */
#ifndef AZALEA_SIM_IMPL_H
#define AZALEA_SIM_IMPL_H

#include "azalea/calendar.h"
#include "azalea/sim.h"
#include "azalea/stats.h"
#include "model_impl.h"

#define NONE UINT32_MAX

enum { EV_ARRIVE, EV_DONE, EV_WARMUP, EV_END };

typedef struct unit {
    uint32_t next;    /* buffer, waiting-list or free-list link */
    uint32_t product;
    uint32_t step;    /* global step index of the current or next visit */
    uint32_t holder;  /* while waiting: the station, or nstation + source */
    double release_t; /* entry into the first station */
    double enter_t;   /* entry into the current station */
} unit;

typedef struct station_rt {
    uint32_t machines, busy, blocked;
    uint32_t cap, nq;       /* buffer capacity (NONE: unlimited), content */
    uint32_t qhead, qtail;  /* input buffer */
    uint32_t whead, wtail;  /* units waiting for room here */
    az_rng rng;
    az_timeavg queue, working, nblocked; /* their sum: units at the station */
    /* Per-replication means need only sums: no division on the event path. */
    double time_sum, wait_sum;
    uint64_t visits, starts;
} station_rt;

typedef struct step_rt {
    uint32_t station;
    uint32_t nbranch;  /* 0: single successor `next` */
    uint32_t next;     /* global step index or NONE (exit) when nbranch == 0 */
    uint32_t first;    /* first branch in the flat branch arrays */
    const az_dist *process;
    az_rng rng;
} step_rt;

typedef struct source_rt {
    const az_dist *ia;
    az_rng rng, mix_rng;
    uint32_t nmix, first; /* mix entries in the flat mix arrays */
    uint32_t held;        /* unit waiting for room at its first station */
} source_rt;

typedef struct product_rt {
    uint32_t first_step;
    double lead_sum;
    az_hist *hist;
    uint64_t released, completed;
} product_rt;

struct az_sim {
    const az_model *model;
    az_calendar *cal;
    uint32_t nstation, nstep, nsource, nproduct;
    station_rt *st;
    step_rt *step;
    uint32_t *br_to;   /* global step or NONE */
    double *br_cum;
    source_rt *src;
    uint32_t *mix_product;
    double *mix_cum;
    product_rt *prod;

    unit *units;
    uint32_t nunit_cap, free_head;

    /* system statistics (WIP is the sum of the stations' contents) */
    az_hist *hist; /* merged from the products' at the end */
    uint64_t released, completed;        /* since warm-up */
    uint64_t released_all, completed_all; /* whole run, for conservation */
    uint64_t events;

    size_t nmetric;
    az_metric *layout;
    double *results;
};

/* station.c: the flow of units. Each returns AZ_OK or the calendar's error. */
az_status azi_flow_arrive(az_sim *s, uint32_t src, double now, az_error *err);
az_status azi_flow_done(az_sim *s, uint32_t station, uint32_t u, double now,
                        az_error *err);
/* Schedules source src's next arrival, now + an interarrival time. */
az_status azi_flow_schedule_arrival(az_sim *s, uint32_t src, double now,
                                    az_error *err);

#endif
