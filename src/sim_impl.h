/*
 * sim_impl.h: the engine's runtime tables, shared by the engine loop
 * (sim.c) and the flow of units through stations and machines (station.c).
 *
 * Invariants, for every station X at every event boundary:
 *  1. Each machine is in exactly one state (machine_state). It holds a unit
 *     in SETUP, WORK and BLOCKED, and may hold one while DOWN (the unit it
 *     was working on or blocked with).
 *  2. nidle = machines of X in IDLE. nq <= cap: units in X's input buffer,
 *     FIFO qhead..qtail; the buffer is non-empty only while nidle == 0.
 *  3. X's waiting list (whead..wtail) holds units that finished upstream (or
 *     were released by a source) and wait for room at X. It is non-empty
 *     only while X has no room: nidle == 0 and nq == cap.
 *  4. A unit is in exactly one place: the free list, a buffer, on a machine,
 *     or held by a source.
 */
#ifndef AZALEA_SIM_IMPL_H
#define AZALEA_SIM_IMPL_H

#include <stddef.h>

#include "azalea/calendar.h"
#include "azalea/sim.h"
#include "azalea/stats.h"
#include "model_impl.h"
#include "stats_impl.h"
#include "worktime.h"
#include "bottleneck.h"

#define NONE UINT32_MAX

enum {
    EV_ARRIVE,     /* obj = source */
    EV_SETUP_DONE, /* obj = machine */
    EV_DONE,       /* obj = machine, data = unit */
    EV_FAIL,       /* obj = machine */
    EV_REPAIR,     /* obj = machine */
    EV_BATCH_WAIT, /* obj = station: a batch may start on max_wait */
    EV_SHIFT,      /* the line starts or stops working */
    EV_TRANSIT,    /* obj = station, data = unit: off the conveyor */
    EV_PLAN_DAY,   /* obj = source: a day of its plan begins */
    EV_WARMUP,
    EV_THIRD,      /* a third or two thirds of the statistics window */
    EV_END
};

typedef enum machine_state {
    MS_IDLE,    /* up and empty: starved */
    MS_SETUP,   /* changing over for the unit it holds */
    MS_WORK,    /* processing */
    MS_BLOCKED, /* holding a finished unit with no room downstream */
    MS_DOWN,    /* failed: waiting for or under repair */
    MS_WAIT_OP, /* holding a unit, waiting for an operator */
    MS_OFF,     /* off shift (resume says what it returns to) */
    MS_COUNT
} machine_state;

/* 32 bytes, in a line-aligned pool: a unit never straddles two cache
 * lines. Its product is its step's (azi_unit_product), and the number an
 * observer knows it by lives beside the pool (az_sim.unit_id). */
typedef struct unit {
    uint32_t next;    /* buffer, waiting-list or free-list link */
    uint32_t step;    /* global step index of the current or next visit
                       * (every step belongs to one product) */
    uint32_t holder;  /* while waiting: the machine, or nmachine + source */
    uint32_t tries;   /* reworks used at the current test */
    double release_t; /* entry into the first station */
    double enter_t;   /* entry into the current station */
} unit;
_Static_assert(sizeof(unit) == 32, "a unit fills half a cache line");

/* What a machine does for a time, possibly with a person of a pool. */
typedef enum activity { ACT_SETUP, ACT_WORK, ACT_REPAIR } activity;

typedef struct pool_rt {
    uint32_t size, busy;   /* busy may exceed size just after a shift change */
    uint32_t base;         /* size when no shift says otherwise */
    const uint32_t *by_shift; /* model's per-shift sizes, or NULL */
    uint32_t nshift;
    uint32_t whead, wtail; /* machines waiting for a person, FIFO */
    az_timeavg used, staffed; /* people busy, people there */
} pool_rt;

/* A machine's record: two cache lines, the first what every visit reads
 * (state, unit, event), the second its time in each state. What serves
 * changeovers, failures and operators lives apart (machine_cold), so that
 * the records a large model's visits touch lie close together: with
 * thousands of stations they stop fitting in the cache, and a visit costs
 * what it misses (docs/performance.md, Growth). */
typedef struct machine_rt {
    /* ---- line 0 ---- */
    _Alignas(64) uint32_t station;
    uint32_t unit;         /* unit (batch: first of a chain) or NONE */
    machine_state state;
    uint32_t nheld;        /* BLOCKED: units still waiting to move on */
    uint32_t waits_on;     /* BLOCKED with one unit: the station it waits for */
    machine_state resume;  /* while DOWN: the state to return to */
    az_event_id ev;        /* pending SETUP_DONE or DONE */
    double ev_time;        /* and its time */
    double remaining;      /* work left of the step (set before it starts;
                            * while DOWN: of the interrupted step) */
    double inv_speed;      /* process time multiplier, 1 / speed */
    double in_since;       /* when it entered its state */
    /* ---- line 1: time in each state since the statistics window began,
     * up to in_since (the current state's stretch is not in yet). Kept per
     * machine, so a change touches the record it already reads; a station's
     * shares are the sums over its machines. ---- */
    double in_state[MS_COUNT];
} machine_rt;
_Static_assert(sizeof(machine_rt) == 128, "a machine is two cache lines");

/* A machine's fields off the fast path, indexed like az_sim.mach (azi_mc). */
typedef struct machine_cold {
    uint32_t product;      /* last product set up for; NONE at the start */
    uint32_t family;
    double ttf;            /* operating clock: running time left to failure */
    double since;          /* operating clock: start of this running stretch */
    double stop_t;         /* operating clock: when it last stopped (-1: not
                            * yet), and ttf before that stop */
    double ttf_before;
    az_event_id fail_ev;   /* pending EV_FAIL or 0 (on the operating clock
                            * it may fall due before the failure: station.c,
                            * run_clock) */
    double repair;         /* duration of the repair it waits for */
    activity pending;      /* waiting for a person: for what */
    uint32_t next_wait;    /* link in a pool's waiting list */
    uint32_t holds;        /* pool of the person it has now, or NONE */
    az_rng rng;            /* failures and repairs */
    double before;         /* its last change before the warm-up's reset */
} machine_cold;

/* The store of one component at an assembly station. Components that
 * find it full wait on its own list (whead..wtail), not on the station's:
 * a component must never queue behind a unit waiting for buffer room,
 * which waits in turn for that component (station.c, fill). */
typedef struct store_rt {
    uint32_t product, qty;  /* the component, and how many per unit */
    uint32_t have, cap;     /* content, capacity (NONE: unlimited) */
    uint32_t whead, wtail;  /* units waiting for room in the store */
    uint32_t owed;          /* scrap_kits: to scrap as they arrive */
    double max;             /* largest content since the window began */
    uint64_t in;            /* units into the store since the window began */
    uint64_t scrapped;      /* scrapped with kits since the window began */
    uint32_t index;         /* among all stores: its growth's slot */
    az_timeavg content;
    az_timeavg lacking;     /* 1 while it holds less than one unit's qty */
} store_rt;

/* Station features off the fast path (station.c), set once at sim creation.
 * A station with none (feat == 0) is simple: its machines take one unit at
 * a time straight from the buffer and work it with no changeover, person,
 * failure, conveyor, assembly or packaging. */
enum {
    SF_SETUP = 1 << 0,     /* changeovers */
    SF_POOL = 1 << 1,      /* operators or technicians from a pool */
    SF_BATCH = 1 << 2,     /* batch machines */
    SF_ASSEMBLY = 1 << 3,  /* components joined from a store */
    SF_TRANSPORT = 1 << 4, /* conveyor into the buffer */
    SF_FAIL = 1 << 5,      /* failures and repairs */
    SF_CARTON = 1 << 6,    /* packaging into cartons */
    SF_OPCLOCK = 1 << 7    /* fails on the operating clock (with SF_FAIL) */
};

/* The hot part of a station is laid out by who touches it, one cache line
 * each, so that a visit reads few lines: with thousands of stations the
 * records no longer stay in the cache, and a visit's cost is its cache
 * misses (docs/performance.md, Growth). Line 0 is the buffer, which the
 * upstream station fills and this one empties; line 1 the starts and ends
 * of visits; lines 2 and 3 the random stream (a draw reads its lookahead
 * word on line 2 and its output block and position on line 3: moving them
 * onto one line measured slower, docs/performance.md). The record is
 * aligned to a line (sim.c, calloc_lines); the asserts below keep the
 * lines apart. What serves the
 * features off the fast path lives apart (station_cold), so that a large
 * model's station records lie close together. */
typedef struct station_rt {
    /* ---- line 0: the buffer ---- */
    _Alignas(64) uint32_t feat; /* SF_* bits */
    uint32_t nidle;         /* machines idle */
    uint32_t cap, nq;       /* buffer capacity (NONE: unlimited), content
                             * (units on the conveyor included) */
    uint32_t qhead, qtail;  /* input buffer */
    uint32_t whead, wtail;  /* units waiting for room here */
    azi_count queue;        /* nq over time */
    double queue_max;       /* largest nq since the window began */
    /* ---- line 1: visits ---- */
    uint32_t first_machine;
    uint32_t ninactive;     /* machines starved, blocked or off shift */
    /* Per-replication means need only sums: no division on the event path. */
    double time_sum, wait_sum;
    uint64_t visits, starts;
    azi_count onmach;       /* units on its machines (batches count whole);
                             * its sum with the queue is the content */
    /* ---- lines 2 and 3 ---- */
    uint32_t machines;
    uint32_t ncomp;         /* assembly: components joined per unit */
    uint32_t carton;        /* packaging: units per carton (0: none) */
    uint32_t batch_max;     /* batches: most units at once (0: none) */
    az_rng rng;             /* process and setup times */
} station_rt;
_Static_assert(offsetof(station_rt, queue_max) + sizeof(double) <= 64,
               "the buffer's fields fill line 0");
_Static_assert(offsetof(station_rt, first_machine) == 64 &&
                   offsetof(station_rt, onmach) + sizeof(azi_count) <= 128,
               "the visits' fields fill line 1");
_Static_assert(sizeof(station_rt) == 256, "a station is four cache lines");
_Static_assert(offsetof(station_rt, rng) == 144,
               "the random stream's output block and position (az_rng's "
               "bytes 48 to 84) fill line 3");

/* A station's fields off the fast path, indexed like az_sim.st (azi_sc),
 * read only behind its feature bits. */
typedef struct station_cold {
    uint32_t pool[3];       /* per activity: pool index or NONE */
    const az_dist *transport; /* conveyor time into the buffer, or NULL */
    az_rng trng;            /* conveyor times */
    /* assembly: one store per component (ncomp in the hot record) */
    struct store_rt *store;
    int scrap_kits;         /* a unit bound here, scrapped upstream, takes
                             * a kit from the stores (kit_of) */
    /* changeovers */
    const az_dist *setup_same, *setup_other; /* NULL: none */
    const az_dist **setup_pair; /* [from family * nfamily + to], or NULL */
    /* failures */
    const az_dist *fail_between, *fail_repair; /* NULL: never fails */
    int operating_clock;
    /* assembly: 1 while a machine is idle with units in the buffer, which
     * then wait for components (station.c, parts_wait) */
    az_timeavg parts_wait;
    /* batches */
    uint32_t batch_min;
    double batch_wait;
    int batch_pure;
    int batch_pending;      /* an EV_BATCH_WAIT is scheduled */
    /* packaging: open cartons per product */
    uint32_t *carton_head, *carton_n;
    az_timeavg packed;
    uint64_t failures, setups;
    uint64_t rejects; /* units that failed a test here */
} station_cold;

/* What a plain step's visit reads (station, next, plain, exits, and the
 * process time's kind and parameters) comes first, in one cache line; the
 * rest serves tests, branches, sampling and rework. */
typedef struct step_rt {
    _Alignas(64) uint32_t station;
    uint32_t next;     /* global step index or NONE (exit) when nbranch == 0 */
    uint32_t product;  /* whose route the step is on */
    uint32_t next_station; /* plain, not exiting: next's station, so that
                            * the move reads this line, not next's */
    uint8_t plain;         /* the next step is always `next` (NONE: exit):
                            * no test, branch, sampling or rework */
    uint8_t exits;         /* plain, and the unit leaves the line after */
    az_dist process;       /* a copy of the model's (its tables stay the
                            * model's): sampling reads this line only */
    uint32_t nbranch;  /* 0: single successor `next` */
    uint32_t first;    /* first branch in the flat branch arrays */
    int hidden;            /* a rework visit: leads back to its test */
    uint32_t sample_every; /* > 1: only every n-th unit visits */
    double yield;         /* < 1: the step is a test */
    uint32_t rework;      /* hidden rework step (its next is this step), or
                           * NONE: failed units are scrapped */
    uint32_t max_rework;
    int destructive;       /* a sampled unit is scrapped after the visit */
    uint64_t sampled;      /* units that reached the step this run */
    az_rng rng;           /* branch and test draws */
} step_rt;
_Static_assert(offsetof(step_rt, process) + offsetof(az_dist, x_) <= 64,
               "a parametric distribution's sampling reads line 0 only");

typedef struct source_rt {
    const az_dist *ia;
    az_rng rng, mix_rng;
    uint32_t nmix, first; /* mix entries in the flat mix arrays */
    uint32_t held;        /* unit waiting for room or for the WIP cap */
    uint32_t wip_cap;     /* 0: none */
    int shift_wait;       /* an arrival fell off shift: it comes at the next */
    const uint32_t *seq;  /* release order, or NULL: draw from the mix */
    uint32_t nseq, seq_pos;
    /* production plan: entries [plan_pos, plan_due) are due; plan_left
     * units of entry plan_pos remain; idle: waiting for the next day */
    const az_plan_entry *plan;
    uint32_t nplan, plan_pos, plan_due, plan_left;
    int plan_idle;
    /* Several products (multi): each waits for room on its own, so that
     * a product whose first station is full does not hold back the others
     * (the components an assembly waits for, say). hold[p]: the unit of
     * product p waiting for room, or NONE; backlog[p]: units of p due and
     * not yet released, the held one included. The source pauses only
     * when every product of it is blocked (station.c, all_blocked). */
    int multi, paused;
    int saturated;         /* zero interarrival: a unit always ready */
    int shared;            /* all its products start at one station, which
                            * assembles none of them */
    uint32_t *hold;
    uint64_t *backlog;
    const uint32_t *prods; /* its products (into sim.src_prods) */
    uint32_t nprods;
    /* Set once at sim creation: every release is a unit of product
     * `product` starting at step `step` (at station `station`), with no
     * plan, sequence, mix draw, WIP cap or sampled first step to consult. */
    int fixed;
    uint32_t product, step, station;
} source_rt;

typedef struct product_rt {
    uint32_t first_step;
    double lead_sum;
    az_hist *hist;
    uint64_t released, completed, scrapped, reworks, cartons, consumed;
} product_rt;

struct az_sim {
    const az_model *model;
    az_calendar *cal;
    uint32_t nstation, nstep, nsource, nproduct;
    station_rt *st;
    station_cold *stc;   /* per station, beside st */
    step_rt *step;
    uint32_t *br_to;   /* global step or NONE */
    double *br_cum;
    source_rt *src;
    uint32_t *mix_product;
    double *mix_cum;
    uint32_t *src_prods;  /* per multi source: its products (source_rt.prods) */
    uint32_t *first_station; /* per product: the station of its first step */
    uint32_t *kit_of;     /* per step: the scrap_kits station a unit scrapped
                           * after it owes a kit to, or NONE; NULL if no
                           * station scraps kits */
    product_rt *prod;

    machine_rt *mach;
    machine_cold *mcold; /* per machine, beside mach */
    uint32_t *mach_st;   /* per machine: its station, a compact copy that
                          * prefetching reads (station.c) */
    int prefetch;        /* the records outgrow the inner caches: the event
                          * loop prefetches the next event's (station.c) */
    uint32_t nmachine;
    pool_rt *pools;
    uint32_t npool;
    azi_worktime work;
    azi_bneck bn;
    int bn_on;           /* bottleneck detection runs (2+ stations) */
    int on_shift;
    int pause_off_shift; /* off shift: work in process pauses (else ends) */
    uint32_t nfamily;
    uint32_t *prod_family; /* family index of each product */
    /* deadlock search scratch, per station: visit generation and verdict */
    uint32_t *dl_gen, dl_cur;
    uint8_t *dl_stuck;

    unit *units;         /* line-aligned pool (grow_units) */
    uint32_t *unit_id;   /* per unit: its release count, set only when
                          * observed (observe.c) */
    uint32_t nunit_cap, free_head;

    /* system statistics (WIP is the sum of the stations' contents) */
    az_hist *hist; /* merged from the products' at the end */
    uint64_t released, completed, scrapped, cartons; /* since warm-up */
    uint32_t capped;  /* sources holding a unit for their WIP cap */
    /* whole run, for conservation */
    uint64_t released_all, completed_all, scrapped_all, consumed_all;
    uint64_t events;
    const volatile sig_atomic_t *stop; /* the run's (az_run_config), or NULL */
    /* growth (EV_THIRD): units due at sources and not released, and the
     * areas (content x time) of each station, then of that backlog, then
     * of each store, at one, two and three thirds of the window */
    uint64_t backlog;
    az_timeavg backlog_avg;
    double *third_area[3]; /* at 1, 2 and (before the end) 3 thirds */
    double third_len;      /* whole calendar cycles (sim.c, third_length) */
    uint32_t thirds_seen;
    double stalled_at;   /* set at END (sim.c, stalled_at) */
    double window_from; /* statistics count from here (0 or the warm-up) */
    const az_observer *obs; /* or NULL (observe.c) */
    void *obs_ctx;

    size_t nmetric;
    az_metric *layout;
    double *results;
};

/* Station st's fields off the fast path. */
static inline station_cold *azi_sc(const az_sim *s, const station_rt *st)
{
    return &s->stc[st - s->st];
}

/* Machine m's fields off the fast path. */
static inline machine_cold *azi_mc(const az_sim *s, const machine_rt *m)
{
    return &s->mcold[m - s->mach];
}

/* The product of unit u: its step's. */
static inline uint32_t azi_unit_product(const az_sim *s, uint32_t u)
{
    return s->step[s->units[u].step].product;
}

/* observe.c: tell the observer (only called when s->obs is set). Cold: the
 * branch to them is taken only in observed runs. */
#if defined(__GNUC__)
#define AZI_COLD __attribute__((cold))
#else
#define AZI_COLD
#endif
AZI_COLD void azi_obs_start(az_sim *s);
AZI_COLD void azi_obs_state(az_sim *s, const machine_rt *m, double now);
AZI_COLD void azi_obs_enter(az_sim *s, uint32_t u, double now);
AZI_COLD void azi_obs_leave(az_sim *s, uint32_t u, az_unit_exit how, double now);

/* station.c: the flow of units. Each returns AZ_OK or the calendar's error. */
az_status azi_flow_arrive(az_sim *s, uint32_t src, double now, az_error *err);
az_status azi_flow_setup_done(az_sim *s, uint32_t machine, double now,
                              az_error *err);
az_status azi_flow_done(az_sim *s, uint32_t machine, double now,
                        az_error *err);
az_status azi_flow_fail(az_sim *s, uint32_t machine, double now,
                        az_error *err);
az_status azi_flow_repair(az_sim *s, uint32_t machine, double now,
                          az_error *err);
az_status azi_flow_batch_wait(az_sim *s, uint32_t station, double now,
                              az_error *err);
/* The line starts (on) or stops working at now. */
az_status azi_flow_shift(az_sim *s, int on, double now, az_error *err);
/* Shift k (-1: none) begins: pools take their size for it. */
az_status azi_flow_crew(az_sim *s, int k, double now, az_error *err);
/* A day of source src's production plan begins. */
az_status azi_flow_plan_day(az_sim *s, uint32_t src, double now,
                            az_error *err);
/* Unit u reaches the end of station x's conveyor. */
az_status azi_flow_transit(az_sim *s, uint32_t x, uint32_t u, double now,
                           az_error *err);
/* Puts every machine in its start state (and schedules calendar-clock
 * failures); called once per run after the random streams are set. */
az_status azi_flow_start(az_sim *s, az_error *err);
/* Whether an event of this type is the flow's (else the engine's). */
static inline int azi_flow_owns(uint32_t type)
{
    return type != EV_SHIFT && type != EV_WARMUP && type != EV_THIRD &&
           type != EV_END;
}
/* Handles one of the flow's events. */
az_status azi_flow_event(az_sim *s, const az_event *ev, az_error *err);
/* Pops and handles the flow's events (counting them in s->events) up to
 * the first that is the engine's (EV_SHIFT, EV_WARMUP, EV_THIRD, EV_END), which it
 * pops into *ev. Returns AZ_OK, or the first error of a handler. */
az_status azi_flow_run(az_sim *s, az_event *ev, az_error *err);
/* Schedules source src's next arrival, now + an interarrival time. */
az_status azi_flow_schedule_arrival(az_sim *s, uint32_t src, double now,
                                    az_error *err);

#endif
