/*
 * engine.h: the engine's runtime tables and the helpers its files share.
 *
 * The engine (src/engine/) runs a compiled model (compile.c) as a discrete-
 * event simulation. One file per concern, one prefix per file:
 *   loop.c     azi_loop_      pops events and hands each to its handler
 *   run.c      (az_sim_run)   a run: reset, the engine's own events, end
 *   flow.c     azi_flow_      admit, start, send on, block, leave
 *   source.c   azi_source_    releases, arrivals, plans, backlogs
 *   setup.c    azi_setup_     changeovers
 *   failure.c  azi_failure_   failures, repairs, the operating clock
 *   maintain.c azi_maintain_  planned maintenance
 *   batch.c    azi_batch_     batch machines
 *   assembly.c azi_assembly_  component stores, kits
 *   carton.c   azi_carton_    packaging into cartons
 *   pool.c     azi_pool_      operators and technicians from pools
 *   shift.c    azi_shift_     the shift calendar and its events
 *   dispatch.c azi_dispatch_  which unit an idle machine takes next
 *   orders.c   azi_orders_    customer orders: release, completion
 *   deadlock.c azi_deadlock_  blocked loops of stations
 *   compile.c  (az_sim_create) model -> the tables below
 *   metrics.c  azi_metrics_   the metric layout and its values
 *   initial.c  azi_initial_   a run from a state of the shop floor
 *   snapshot.c azi_snapshot_  a run's state written, and restored exactly
 *   floor.c    azi_floor_     a snapshot's shop floor section
 * A feature's code is its own file plus a hook in the flow (or in the
 * helpers below) behind its station feature bit (SF_*): a station with no
 * bit set (feat == 0) is simple and pays for none.
 *
 * Vocabulary: one verb per action.
 *   release      a source lets a unit into the line (counted "released")
 *   admit        a unit enters a station that has room for it
 *   start        an idle machine takes a unit
 *   send on      a unit's visit is over: it moves to its next station,
 *                waits for room there (the machine is blocked), or leaves
 *   end_visit    a station's statistics for a unit that left it
 *   unload       a machine gives up its last unit and becomes idle
 *   leave        a unit leaves the line: done or scrapped
 *   suspend      a machine stops what it does (failure, maintenance, end
 *                of shift)
 *   call/return  a machine calls a person of a pool, and returns it
 *   cancel_wait  a machine leaves a pool's queue without a person
 *   fill         room appeared at a station: it takes waiting units
 * Machine states are the public az_machine_state (azalea/sim.h): the
 * engine keeps time in each and the observer hears them unchanged.
 *
 * Invariants, for every station X at every event boundary:
 *  1. Each machine is in exactly one state. It holds a unit in SETUP,
 *     WORKING, BLOCKED and WAIT_OPERATOR, and may hold one while FAILED,
 *     MAINTENANCE or OFF_SHIFT (the unit it was working on or blocked
 *     with; resume says what it returns to).
 *  2. nidle = machines of X STARVED. nq <= cap: units in X's input buffer,
 *     FIFO qhead..qtail (a conveyor's units count in nq before they are on
 *     the list); the buffer holds units only while nidle == 0, except at
 *     batch, assembly and conveyor stations, whose units wait there for a
 *     batch, components or the end of the conveyor.
 *  3. X's waiting list (whead..wtail) holds units that finished upstream (or
 *     were offered by a source) and wait for room at X. It is non-empty
 *     only while X has no room (has_room). Components wait on their store's
 *     list instead.
 *  4. A unit is in exactly one place: the free list, a buffer, on a machine,
 *     in a carton, or held by a source. Released = completed + scrapped +
 *     consumed + inside, checked at the end of every run (run.c).
 * Results are bit for bit those of the unsplit engine: every helper does
 * the same arithmetic in the same order wherever it is inlined.
 *
 * Over 800 lines: the tables, what each file offers the others, and the
 * hot helpers (static inline, at the end) are one concern, the engine's
 * shared state and the only way its files touch it; the helpers must be
 * here for every file's hot path to inline them.
 */
#ifndef AZALEA_ENGINE_H
#define AZALEA_ENGINE_H

#include <stddef.h>
#include <stdio.h>

#include "azalea/calendar.h"
#include "azalea/sim.h"
#include "azalea/state.h"
#include "azalea/stats.h"
#include "bottleneck.h"
#include "calendar_impl.h"
#include "dist_impl.h"
#include "engine/shift.h"
#include "model_impl.h"
#include "rng_impl.h"
#include "stats_impl.h"

#define NONE UINT32_MAX

enum {
    EV_ARRIVE,     /* obj = source */
    EV_SETUP_DONE, /* obj = machine */
    EV_DONE,       /* obj = machine, data = unit */
    EV_FAIL,       /* obj = machine */
    EV_REPAIR,     /* obj = machine */
    EV_BATCH_WAIT, /* obj = station: a batch may start on max_wait */
    EV_SHIFT,      /* obj = 0: the line's working shift changes; c + 1:
                    * calendar c's (shift.c) */
    EV_TRANSIT,    /* obj = station, data = unit: off the conveyor */
    EV_PLAN_DAY,   /* obj = source: a day of its plan begins */
    EV_ORDER,      /* obj = source: orders of it are released */
    EV_MAINT,      /* obj = machine: maintenance may fall due (maintain.c) */
    EV_MAINT_END,  /* obj = machine: its maintenance is over */
    EV_WARMUP,
    EV_THIRD,      /* a third or two thirds of the statistics window */
    EV_END,
    EV_SNAPSHOT    /* az_sim_snapshot: the state is written (snapshot.c);
                    * the run's own events are the last four */
};

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
typedef enum activity { ACT_SETUP, ACT_WORK, ACT_REPAIR, ACT_MAINTAIN } activity;

typedef struct pool_rt {
    uint32_t size, busy;   /* busy may exceed size just after a shift change */
    uint32_t base;         /* size when no shift says otherwise */
    const uint32_t *by_shift; /* model's per-shift sizes, or NULL */
    uint32_t nshift;
    uint32_t cal;          /* its own calendar (into az_sim.cals), or NONE:
                            * the line's */
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
    az_machine_state state;
    uint32_t nheld;        /* AZ_MS_BLOCKED: units still waiting to move on */
    uint32_t waits_on;     /* AZ_MS_BLOCKED with one unit: the station it waits for */
    az_machine_state resume;  /* while FAILED, MAINTENANCE or OFF_SHIFT:
                            * the state to return to */
    az_event_id ev;        /* pending SETUP_DONE or DONE */
    double ev_time;        /* and its time */
    double remaining;      /* work left of the step (set before it starts;
                            * while FAILED or MAINTENANCE: of the
                            * interrupted step) */
    double inv_speed;      /* process time multiplier, 1 / speed */
    double in_since;       /* when it entered its state */
    /* ---- line 1: time in each state since the statistics window began,
     * up to in_since (the current state's stretch is not in yet). Kept per
     * machine, so a change touches the record it already reads; a station's
     * shares are the sums over its machines. ---- */
    double in_state[AZ_MS_COUNT];
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
                            * it may fall due before the failure:
                            * failure.c, azi_failure_clock) */
    double repair;         /* duration of the repair it waits for */
    activity pending;      /* waiting for a person: for what */
    uint32_t next_wait;    /* link in a pool's waiting list */
    uint32_t holds;        /* pool of the person it has now, or NONE */
    az_rng rng;            /* failures and repairs */
    double before;         /* its last change before the warm-up's reset */
    int packing;           /* packing a carton (carton.c): its units are
                            * the machine's unit and pack_chain */
    uint32_t pack_chain;
} machine_cold;

/* The store of one component at an assembly station. Components that
 * find it full wait on its own list (whead..wtail), not on the station's:
 * a component must never queue behind a unit waiting for buffer room,
 * which waits in turn for that component (flow.c, azi_flow_fill). */
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

/* Station features off the fast path (one engine file each), set once at sim creation.
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
    SF_OPCLOCK = 1 << 7,   /* fails on the operating clock (with SF_FAIL) */
    SF_PCLOCK = 1 << 8,    /* fails on the processing clock (with SF_FAIL) */
    SF_DISPATCH = 1 << 9,  /* a dispatch rule other than FIFO (dispatch.c) */
    SF_CYCLES = 1 << 10,   /* fails on the cycle count (with SF_FAIL) */
    SF_MAINTAIN = 1 << 11, /* planned maintenance (maintain.c) */
    SF_MCLOCK = 1 << 12,   /* ... on the operating clock (with SF_MAINTAIN) */
    SF_CAL = 1 << 13,      /* works on a calendar of its own (shift.c) */
    SF_POOLW = 1 << 14     /* its work itself needs a person (with SF_POOL;
                            * without it, a pool serves setups, repairs or
                            * maintenance only, and a unit's work never
                            * calls on the pool: do_activity) */
};

/* The features whose end of a visit the simple path (azi_flow_done_simple)
 * serves as well: failures on the calendar, operating or processing clock.
 * A DONE pops only while the machine is up, and a machine that goes
 * WORKING -> STARVED -> WORKING at one instant (restart skips both) finds
 * its failure clock as it was: a stop of no length is undone
 * (failure.c, azi_failure_clock) and the failure event stays pending. */
#define SF_DONE_SIMPLE (SF_FAIL | SF_OPCLOCK | SF_PCLOCK)

/* The hot part of a station is laid out by who touches it, one cache line
 * each, so that a visit reads few lines: with thousands of stations the
 * records no longer stay in the cache, and a visit's cost is its cache
 * misses (docs/performance.md, Growth). Line 0 is the buffer, which the
 * upstream station fills and this one empties; line 1 the starts and ends
 * of visits; lines 2 and 3 the random stream (key and counter on line 2,
 * read at a refill; the output block and position that a draw reads on
 * line 3). The record is aligned to a line (compile.c, calloc_lines); the
 * asserts below keep the lines apart. What serves the
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

/* Planned maintenance of one machine (maintain.c), indexed like az_sim.mach;
 * az_sim.maint is NULL when no station has any. */
typedef struct maint_rt {
    double left;          /* until it falls due: operating time (or, on the
                           * cycle clock, cycles) left */
    double since, stop_t, left_before; /* operating clock, as machine_cold's
                           * for failures (failure.c, azi_failure_clock) */
    double duration;      /* of the maintenance it is in or waits for */
    az_event_id ev;       /* pending EV_MAINT or 0 */
    int due;              /* fallen due, not begun: it waits for the end of
                           * the unit (finish_unit) or of a repair */
    int fail_after;       /* a failure fell due during it: it strikes at
                           * its end */
    az_rng rng;           /* durations */
} maint_rt;

/* A station's fields off the fast path, indexed like az_sim.st (azi_sc),
 * read only behind its feature bits. */
typedef struct station_cold {
    uint32_t pool[4];       /* per activity: pool index or NONE */
    uint32_t cal;           /* SF_CAL: its calendar (into az_sim.cals) */
    const az_dist *transport; /* conveyor time into the buffer, or NULL */
    az_rng trng;            /* conveyor times */
    uint32_t ntransit;      /* units on the conveyor (nq counts them too) */
    /* assembly: one store per component (ncomp in the hot record) */
    struct store_rt *store;
    int scrap_kits;         /* a unit bound here, scrapped upstream, takes
                             * a kit from the stores (kit_of) */
    /* changeovers */
    const az_dist *setup_same, *setup_other; /* NULL: none */
    const az_dist *setup_first;  /* a machine's first unit; NULL: none */
    int dispatch;                /* az_dispatch_rule (SF_DISPATCH) */
    const az_dist **setup_pair; /* [from family * nfamily + to], or NULL */
    /* failures */
    const az_dist *fail_between, *fail_repair; /* NULL: never fails */
    int operating_clock;  /* the ttf runs only in some states (not the
                           * calendar clock): those of clock_bit */
    unsigned clock_bit;   /* F_RUNNING (operating) or F_PROCESSING */
    const az_maintenance *maint; /* the model's, or NULL: none */
    const az_dist *maint_duration; /* its duration (the model's) */
    /* assembly: 1 while a machine is idle with units in the buffer, which
     * then wait for components (assembly.c, azi_assembly_parts_wait) */
    az_timeavg parts_wait;
    /* batches */
    uint32_t batch_min;
    double batch_wait;
    int batch_pure;
    int batch_pending;      /* an EV_BATCH_WAIT is scheduled */
    /* packaging: open cartons per product; a carton's pack time once
     * full, or NULL: none */
    uint32_t *carton_head, *carton_n;
    const az_dist *pack;
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
     * when every product of it is blocked (source.c, all_blocked). */
    int multi, paused;
    int queue;             /* blocked arrivals queue at the first station,
                            * released; the source never pauses for room */
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
    /* Lots (source.c): lot_size[k], the lot of mix entry k (into
     * sim.mix_lot), or NULL: a product is drawn per unit. lot_left units
     * of entry lot_k remain; with lot_together they arrive at once. */
    const uint32_t *lot_size;
    uint32_t lot_left, lot_k;
    uint32_t lot_id;      /* the current lot's (az_sim.lots_begun) */
    int lot_together;
    const az_dist *lot_ia; /* together: the model's interarrival; ia is
                            * the constant 0 while a lot's units remain */
    /* Orders (orders.c): nord orders from sim.ord[ord_first], in the
     * order sim.ord_seq[ord_first..] gives; [ord_next, ord_due) are
     * released and not started, ord_left units of ord_cur (a global
     * index) remain; idle: waiting for the next release. */
    uint32_t ord_first, nord, ord_next, ord_due, ord_left, ord_cur;
    int ord_idle, ord_by_priority;
    /* Campaigns (source.c): camp[camp_pos] runs (started: since its first
     * release), camp_left units left or until camp_end; its draw weights
     * are camp_cum[camp_pos * nmix ...], cumulative over the mix entries
     * (0 outside the campaign's family). NULL: no campaigns. */
    const az_campaign *camp;
    const double *camp_cum;
    uint32_t ncamp, camp_pos, camp_left;
    int camp_started;
    double camp_end;
} source_rt;

/* An order at run time (orders.c). */
typedef struct order_rt {
    double release, due;
    uint32_t product, quantity;
    uint32_t priority;  /* the order's, else its product's; 0 none */
    /* per run */
    uint32_t out, done, on_time; /* units out of the line; done; done by
                                  * the due date */
    uint32_t pre;       /* released before the run's start (a state's):
                         * the source releases only the rest */
    double completed;   /* when its last unit went out; -1: not yet */
} order_rt;

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
    double *mix_cum;      /* per mix entry: cumulative draw weight */
    uint32_t *mix_lot;    /* per mix entry: lot size (all 1 without lots) */
    uint32_t *src_prods;  /* per multi source: its products (source_rt.prods) */
    uint32_t *first_station; /* per product: the station of its first step */
    uint32_t *kit_of;     /* per step: the scrap_kits station a unit scrapped
                           * after it owes a kit to, or NONE; NULL if no
                           * station scraps kits */
    product_rt *prod;

    machine_rt *mach;
    machine_cold *mcold; /* per machine, beside mach */
    maint_rt *maint;     /* per machine, or NULL: no maintenance */
    uint32_t *mach_st;   /* per machine: its station, a compact copy that
                          * prefetching reads (loop.c) */
    int prefetch;        /* the records outgrow the inner caches: the event
                          * loop prefetches the next event's (loop.c) */
    uint32_t nmachine;
    pool_rt *pools;
    uint32_t npool;
    azi_shift_cal shifts; /* the shift calendar (shift.c) */
    struct cal_rt *cals;  /* calendars of their own (shift.c), or NULL */
    uint32_t ncal;
    azi_bneck bn;
    int bn_on;           /* bottleneck detection runs (2+ stations) */
    /* The bottleneck detector's clock, working time (azi_bn_clock): it
     * reads bn_w0 + (now - bn_t0) while some station works, and stands
     * at bn_w0 while none does (bn_stopped). Without shifts it is now. */
    double bn_w0, bn_t0;
    int bn_stopped;
    int on_shift;
    int pause_off_shift; /* off shift: work in process pauses (else ends) */
    uint32_t nfamily;
    uint32_t *prod_family; /* family index of each product */
    double *step_mean;     /* per step: its process time's mean (SPT) */
    double *camp_cum;      /* campaigns' draw weights (source_rt.camp_cum) */
    /* deadlock search scratch, per station: visit generation and verdict */
    uint32_t *dl_gen, dl_cur;
    uint8_t *dl_stuck;

    /* orders (orders.c); nord == 0 and all NULL without */
    order_rt *ord;
    uint32_t nord;
    uint32_t *ord_seq;    /* per source, its orders' release order */
    uint32_t *unit_order; /* per unit: its order or NONE; NULL: no orders */
    uint32_t *unit_lot;   /* per unit: its lot (1, 2, ...) or 0; NULL: no
                           * source draws lots (source.c) */
    uint32_t lot_next;    /* the lot of the unit being made, or 0 */
    uint32_t lots_begun;  /* lots begun in the run: the last lot's id */
    uint32_t order_next;  /* the order of the unit being made, or NONE */
    uint32_t nday, nweek; /* days (and weeks) of daily order figures */
    uint64_t *day_out;    /* per day: order units out in it */
    uint64_t *day_rel;    /* per day: order units released in it */
    double *day_due;      /* collect's scratch: per day and week, units
                           * due and on time */

    unit *units;         /* line-aligned pool (source.c, grow_units) */
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
    az_timeavg queue_avg;  /* units in release queues (source_rt.queue):
                            * released, so in the WIP */
    double *third_area[3]; /* at 1, 2 and (before the end) 3 thirds */
    double third_len;      /* whole calendar cycles (metrics.c, azi_metrics_third_length) */
    uint32_t thirds_seen;
    /* The run's own events still to come (run.c, ctl_add): only the
     * first is in the calendar at a time. */
    struct azi_ctl_ev {
        double t;
        int8_t priority;
        uint32_t type, obj;
    } ctl[4];
    uint32_t nctl;
    double stalled_at;   /* set at END (run.c, stalled_at) */
    double window_from; /* statistics count from here (t0 or the warm-up) */
    /* A run from a state of the shop floor (az_sim_set_initial): its
     * units and machines at t0, when the clock starts; NULL and 0 for an
     * empty line from time 0. */
    const az_state *init;
    double t0;
    /* Its units: per unit slot the state's entry it came from, or NONE
     * (NULL without a state); per entry the units still in the line and
     * when the last left ([nentry]: all of them), and how many are in. */
    uint32_t *init_of, *entry_left, nentry;
    double *entry_done;
    uint64_t init_left;
    /* az_sim_snapshot: the time to write the state at (NAN: none), and
     * the text written (malloc'd, handed to its caller) */
    double snap_at;
    char *snap_text;
    const az_observer *obs; /* or NULL (observe.c) */
    void *obs_ctx;

    size_t nmetric, nmetric_laid; /* the layout's size, and as laid out */
    az_metric *layout;
    double *results;
};

/* Station st's fields off the fast path. */
static inline station_cold *azi_sc(const az_sim *s, const station_rt *st)
{
    return &s->stc[st - s->st];
}

/* A calendar of its own at run time: its week, and whether it works. */
typedef struct cal_rt {
    azi_shift_cal w;
    int on;
} cal_rt;

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

/* The changeover machine m needs before a unit of product p (family f),
 * or NULL (setup.c; dispatch.c weighs it). */
static inline const az_dist *azi_setup_for(const az_sim *s, const station_rt *st,
                                       const machine_rt *m, uint32_t product,
                                       uint32_t family)
{
    const machine_cold *c = azi_mc(s, m);
    const station_cold *sc = azi_sc(s, st);
    if (c->product == NONE) /* set up for nothing yet: the run's first */
        return sc->setup_first;
    if (c->product == product)
        return NULL;
    if (sc->setup_pair) {
        const az_dist *d = sc->setup_pair[c->family * s->nfamily + family];
        if (d)
            return d;
    }
    return c->family == family ? sc->setup_same : sc->setup_other;
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
/* Place `object`'s content (its `part`, or UINT32_MAX) changed by delta to
 * count; u is the unit that moved, or NONE. */
AZI_COLD void azi_obs_place(az_sim *s, az_place kind, uint32_t object,
                            uint32_t part, int64_t delta, uint32_t count,
                            uint32_t u, double now);
/* Machine m takes a batch of `size` units (m->unit its first). */
AZI_COLD void azi_obs_batch(az_sim *s, const machine_rt *m, uint32_t size,
                            double now);
/* Unit u, failed on machine m, goes back to station `to`. */
AZI_COLD void azi_obs_rework(az_sim *s, const machine_rt *m, uint32_t u,
                             uint32_t to, double now);

/* ---- what each engine file offers the others ----
 * Each handler returns AZ_OK or the first error (the calendar's, or a
 * deadlock's), and sets err. `now` is the event's time. */

/* An engine function on another file's hot path: defined (with external
 * linkage) in its own file and forced inline into its callers there and,
 * by LTO, which sees every body, in the other files too; a build without
 * LTO calls it. Three: the loop's two commonest handlers
 * (azi_flow_done_simple, azi_source_arrive_fixed), so that an event
 * costs no call (docs/performance.md), and azi_flow_admit, which a
 * source's release runs. The release build is measured against the
 * engine before the split (bench/ab): without these, x1.01 to x1.02. */
#if defined(__GNUC__)
#define AZI_HOT_EXTERN inline __attribute__((always_inline))
#else
#define AZI_HOT_EXTERN inline
#endif

/* loop.c: whether an event type is the flow's (else the engine's, which
 * run.c handles: SHIFT, WARMUP, THIRD, END). */
static inline int azi_loop_owns(uint32_t type)
{
    return type != EV_SHIFT && type < EV_WARMUP;
}
/* Handles one of the flow's events. */
az_status azi_loop_event(az_sim *s, const az_event *ev, az_error *err);
/* Pops and handles the flow's events (counting them in s->events) up to
 * the first that is the engine's, which it pops into *ev. */
az_status azi_loop_run(az_sim *s, az_event *ev, az_error *err);

/* flow.c */
/* Puts every machine in its start state (and arms calendar-clock
 * failures); called once per run after the random streams are set. */
az_status azi_flow_start(az_sim *s, az_error *err);
/* Unit u enters station x, which has room for it. */
az_status azi_flow_admit(az_sim *s, uint32_t x, uint32_t u, double now,
                         az_error *err);
/* Room may have appeared at station x: it takes waiting units. */
az_status azi_flow_fill(az_sim *s, uint32_t x, double now, az_error *err);
/* Unit u leaves the line, done or scrapped. */
az_status azi_flow_leave(az_sim *s, uint32_t u, int scrapped, double now,
                         az_error *err);
/* Machine m stops what it does and remembers what to resume. */
az_status azi_flow_suspend(az_sim *s, machine_rt *m, double now,
                           az_error *err);
/* EV_DONE: machine mi's process is over. */
az_status azi_flow_done(az_sim *s, uint32_t mi, double now, az_error *err);
/* The same at a simple station (no feature outside SF_DONE_SIMPLE):
 * machine m of station st. */
az_status azi_flow_done_simple(az_sim *s, uint32_t mi, machine_rt *m,
                               station_rt *st, double now, az_error *err);
/* EV_TRANSIT: unit u reaches the end of station x's conveyor. */
az_status azi_flow_transit(az_sim *s, uint32_t x, uint32_t u, double now,
                           az_error *err);
/* Station x's count of inactive machines crossed zero (bottleneck.c). */
az_status azi_flow_active_change(az_sim *s, uint32_t x, int now_inactive,
                                 double now, az_error *err);

/* source.c */
/* EV_ARRIVE at source src. */
az_status azi_source_arrive(az_sim *s, uint32_t src, double now,
                            az_error *err);
/* The same at a fixed source (source_rt.fixed), on shift. */
az_status azi_source_arrive_fixed(az_sim *s, uint32_t src, double now,
                                  az_error *err);
/* EV_PLAN_DAY: a day of source src's production plan begins. */
az_status azi_source_plan_day(az_sim *s, uint32_t src, double now,
                              az_error *err);
/* EV_ORDER: orders of source src are released. */
az_status azi_source_order(az_sim *s, uint32_t src, double now,
                           az_error *err);
/* Schedules source src's next arrival, now + an interarrival time. */
az_status azi_source_schedule(az_sim *s, uint32_t src, double now,
                              az_error *err);
/* Unit u of queue source src, queued at station x, enters it. */
az_status azi_source_take_queued(az_sim *s, uint32_t x, uint32_t u,
                                 double now, az_error *err);
/* Unit u of multi source src, waiting at station x, enters it. */
az_status azi_source_take_multi(az_sim *s, uint32_t x, uint32_t u,
                                uint32_t src, double now, az_error *err);
/* The unit pool doubles, its new units the free list (snapshot.c). */
az_status azi_source_grow(az_sim *s, az_error *err);
/* A unit off the free list (the pool grows if need be) at global step g,
 * with no reworks used: a state's units (initial.c). */
az_status azi_source_unit(az_sim *s, uint32_t g, uint32_t *out,
                          az_error *err);
/* A unit left the line: sources held back by their WIP cap may go on. */
az_status azi_source_uncap(az_sim *s, double now, az_error *err);

/* setup.c */
/* Machine m (at a station with changeovers) holds its unit: a changeover
 * if the product changes, then the process. */
/* dispatch.c: takes the unit that idle machine m of station st (which has
 * SF_DISPATCH and a non-empty buffer) works next off the buffer. */
uint32_t azi_dispatch_take(az_sim *s, station_rt *st, const machine_rt *m);
/* The unit that rule would take, left in the buffer: a pure batch loads
 * its family (batch.c). */
uint32_t azi_dispatch_lead(az_sim *s, station_rt *st, const machine_rt *m);
az_status azi_setup_begin(az_sim *s, machine_rt *m, double now,
                          az_error *err);
/* EV_SETUP_DONE on machine mi. */
az_status azi_setup_done(az_sim *s, uint32_t mi, double now, az_error *err);

/* failure.c */
/* Draws machine mi's first time to failure; on the calendar clock it
 * schedules the failure. */
az_status azi_failure_arm(az_sim *s, uint32_t mi, az_error *err);
/* The operating clock of machine m starts (runs) or stops. */
az_status azi_failure_clock(az_sim *s, machine_rt *m, int runs, double now,
                            az_error *err);
/* EV_FAIL, EV_REPAIR on machine mi. */
az_status azi_failure_fail(az_sim *s, uint32_t mi, double now, az_error *err);
az_status azi_failure_repair(az_sim *s, uint32_t mi, double now,
                             az_error *err);
/* Machine m fails now: it stops what it does, and its repair begins (or
 * waits for a technician). */
az_status azi_failure_strike(az_sim *s, machine_rt *m, double now,
                             az_error *err);
/* The same with a repair of the given length (< 0: drawn), not counted
 * as a failure: a machine a state says is down (initial.c). */
az_status azi_failure_down(az_sim *s, machine_rt *m, double repair,
                           double now, az_error *err);
/* Machine m, back from a repair or maintenance, returns to what it did
 * (m->resume): off shift, to OFF_SHIFT. */
az_status azi_failure_resume(az_sim *s, machine_rt *m, double now,
                             az_error *err);
/* SF_CYCLES: machine m ended a cycle; 1 when it fails now. */
int azi_failure_cycle(az_sim *s, const machine_rt *m);

/* maintain.c */
/* Machine mi's first maintenance: the clock, and on the calendar clock
 * the event. */
az_status azi_maintain_arm(az_sim *s, uint32_t mi, az_error *err);
/* SF_MCLOCK: the operating clock of machine m starts (runs) or stops. */
az_status azi_maintain_clock(az_sim *s, machine_rt *m, int runs, double now,
                             az_error *err);
/* EV_MAINT, EV_MAINT_END on machine mi. */
az_status azi_maintain_due(az_sim *s, uint32_t mi, double now, az_error *err);
az_status azi_maintain_end(az_sim *s, uint32_t mi, double now, az_error *err);
/* SF_MAINTAIN: machine m ended a cycle; 1 when its maintenance begins now
 * (it fell due, and waited for the unit's end or counts cycles). */
int azi_maintain_cycle(az_sim *s, const machine_rt *m);
/* Machine m stops for maintenance now (from any state but FAILED and
 * MAINTENANCE). */
az_status azi_maintain_begin(az_sim *s, machine_rt *m, double now,
                             az_error *err);
/* Machine m, just repaired, has maintenance to do before it resumes: 1 if
 * so (maintenance due, and not waiting for the end of a unit). */
int azi_maintain_after_repair(const az_sim *s, const machine_rt *m);
/* A calendar-clock failure fell due while machine m is in maintenance: it
 * strikes at the maintenance's end. */
void azi_maintain_defer_failure(az_sim *s, const machine_rt *m);

/* batch.c */
/* Starts every batch station x's buffer allows on idle machines. */
az_status azi_batch_try(az_sim *s, uint32_t x, double now, az_error *err);
/* Machine m, just done, of a batch station that mixes families and
 * holds batch_max units or more: m takes the first batch_max, the full
 * batch azi_batch_try would give it (flow.c, again). */
az_status azi_batch_full(az_sim *s, machine_rt *m, double now, az_error *err);
/* EV_BATCH_WAIT: a batch at station x may start on its max_wait. */
az_status azi_batch_wait(az_sim *s, uint32_t x, double now, az_error *err);

/* assembly.c */
/* Component u, store j of station x, arrives (admit). */
az_status azi_assembly_store(az_sim *s, uint32_t x, int j, uint32_t u,
                             double now, az_error *err);
/* Machine m of station st starts a unit: it joins one kit. */
void azi_assembly_join(az_sim *s, const station_rt *st, double now);
/* The first component waiting for a store of st with room, or NONE. */
uint32_t azi_assembly_waiter(az_sim *s, const station_rt *st);
/* A unit bound for station x was scrapped before it: one kit goes too. */
void azi_assembly_scrap_kit(az_sim *s, uint32_t x, double now);
/* Whether units wait for components at station st: its time average. */
void azi_assembly_parts_wait(az_sim *s, station_rt *st, double now);

/* carton.c: machine m of a station with cartons is done: if its unit
 * closes a carton that takes pack time, the machine packs it (*busy = 1,
 * its EV_DONE pushed); if it was packing, the carton leaves and m has no
 * unit left. Otherwise nothing. */
az_status azi_carton_done(az_sim *s, machine_rt *m, double now, int *busy,
                          az_error *err);
/* carton.c: unit u, finished at station x, goes into a carton. */
az_status azi_carton_pack(az_sim *s, uint32_t x, uint32_t u, double now,
                          az_error *err);

/* pool.c */
/* Machine m of a station with pools needs activity a: it calls a person,
 * and starts now or waits in the pool's queue. */
az_status azi_pool_call(az_sim *s, machine_rt *m, activity a, double now,
                        az_error *err);
/* Machine m's person (if any) returns to the pool or the next machine. */
az_status azi_pool_return(az_sim *s, machine_rt *m, double now,
                          az_error *err);
/* Machine m, waiting for a person, leaves the queue without one. */
void azi_pool_cancel_wait(az_sim *s, machine_rt *m);
/* Shift k (-1: none) of calendar cal (NONE: the line's) begins: the
 * pools on that calendar take their size for it. */
az_status azi_pool_staff(az_sim *s, uint32_t cal, int k, double now,
                         az_error *err);

/* shift.c: the shift events (the calendar itself: shift.h). */
/* At time 0: the line starts as its calendar says; schedules EV_SHIFT. */
az_status azi_shift_begin(az_sim *s, double horizon, az_error *err);
/* EV_SHIFT of calendar obj (0: the line's, c + 1: calendar c): its
 * working shift changes at now. */
az_status azi_shift_event(az_sim *s, uint32_t obj, double now,
                          double horizon, az_error *err);
/* At sim creation: the line's calendar and those of their own, and the
 * stations (SF_CAL) and pools that follow one. */
az_status azi_shift_compile(az_sim *s, const az_model *m, az_error *err);
/* Frees the calendars of their own. */
void azi_shift_free_cals(az_sim *s);

/* orders.c */
/* The orders' runtime tables, at sim creation: AZ_ENOMEM or AZ_OK. */
az_status azi_orders_compile(az_sim *s, const az_model *m);
/* The unit pool grew from `from` to `to` units: their orders (NONE). */
az_status azi_orders_units(az_sim *s, uint32_t from, uint32_t to);
void azi_orders_free(az_sim *s);
/* At a run's start: no order begun; the first releases scheduled. */
az_status azi_orders_start(az_sim *s, az_error *err);
/* EV_ORDER at source src: returns the units released now (for the
 * backlog); *wake: the source was idle and must draw again. */
uint32_t azi_orders_release(az_sim *s, uint32_t src, double now, int *wake,
                            az_status *rc, az_error *err);
/* The product of source so's next unit, its order in s->order_next; NONE
 * when nothing released is left (the source goes idle). */
uint32_t azi_orders_draw(az_sim *s, source_rt *so);
/* Unit u goes out of the line (done: finished or joined, else scrapped). */
void azi_orders_out(az_sim *s, uint32_t u, int done, double now);
/* The order figures at the end of a run: sys[AZI_ORDER_SYS_KINDS],
 * ord[nord][AZI_ORDER_KINDS], day[nday][AZI_DAY_KINDS], week[nweek]. */
#define AZI_ORDER_SYS_KINDS 5
#define AZI_ORDER_KINDS 5
#define AZI_DAY_KINDS 2
void azi_orders_collect(az_sim *s, double end, double *sys, double *ord,
                        double *day, double *week);

/* initial.c: puts the state's units, machine states, stores and order
 * counts in the line at s->t0 (run.c calls it after the machines' and
 * the orders' start). AZ_OK or the first error. */
az_status azi_initial_place(az_sim *s, az_error *err);
/* At a run's start: no unit of the state placed yet. */
void azi_initial_reset(az_sim *s);
/* The pool grew from `from` to `to` units: their entries (NONE). */
az_status azi_initial_units(az_sim *s, uint32_t from, uint32_t to);
/* Unit u leaves the line (done, scrapped or joined) at now: if it came
 * from the state, its entry's count. Called only when s->init_of. */
void azi_initial_out(az_sim *s, uint32_t u, double now);
/* Units restored from a snapshot: unit u is entry k's (snapshot.c). */
void azi_initial_mark(az_sim *s, uint32_t u, uint32_t k);

/* snapshot.c: writes the state at time t into s->snap_text (the pending
 * events are popped: the run ends); restores replication 0 of a run from
 * a state with an engine section, whose run ends at `end`. AZ_ENOMEM,
 * AZ_EIO, or AZ_EINVAL for an engine section that does not fit. */
az_status azi_snapshot_write(az_sim *s, double t, az_error *err);
/* floor.c: the snapshot's shop floor at time t into f, the units in the
 * order written into list (room: cap). ev/nev: the pending events. 0, or
 * -1 when memory runs out. */
typedef struct azi_floor {
    FILE *f;
    const az_sim *s;
    double t;
    uint32_t *list, n, cap;
} azi_floor;
int azi_floor_write(azi_floor *o, const az_event *ev, uint32_t nev);
az_status azi_snapshot_restore(az_sim *s, double end, az_error *err);

/* deadlock.c: machine m just blocked waiting on station y (NONE: on
 * several): AZ_ERUNTIME naming the stations if y can never make room. */
az_status azi_deadlock_check(az_sim *s, uint32_t y, double now,
                             az_error *err);

/* metrics.c */
az_status azi_metrics_layout(az_sim *s);
uint32_t azi_metrics_store_count(const az_sim *s);
double azi_metrics_station_number(const az_sim *s, const station_rt *st,
                                  double end);
void azi_metrics_areas(const az_sim *s, double t, double *a);
double azi_metrics_third_length(const az_sim *s, double span);
void azi_metrics_collect(az_sim *s, double end, double span);

/* ---- hot helpers: on the path of every unit, inlined where used ----
 * Forced inline: a call costs its register saves and argument moves, as
 * much as most of these bodies (measured with callgrind on bench/mm1). */
#if defined(__GNUC__)
#define HOT static inline __attribute__((always_inline))
#define AZI_UNLIKELY(x) __builtin_expect(!!(x), 0)
#define AZI_NOINLINE __attribute__((noinline))
#else
#define HOT static inline
#define AZI_UNLIKELY(x) (x)
#define AZI_NOINLINE
#endif

/* An index drawn from n cumulative shares (the last is exactly 1). */
static inline uint32_t pick(const double *cum, uint32_t n, az_rng *r)
{
    double u = azi_rng_uniform(r);
    uint32_t i = 0;
    while (i + 1 < n && u >= cum[i])
        i++;
    return i;
}

/* Assembly: whether the stores hold every component one unit needs. */
static inline int parts_ready(const az_sim *s, const station_rt *x)
{
    if (!(x->feat & SF_ASSEMBLY)) /* the stores lie off the hot lines */
        return 1;
    const store_rt *k = azi_sc(s, x)->store;
    for (uint32_t j = 0; j < x->ncomp; j++)
        if (k[j].have < k[j].qty)
            return 0;
    return 1;
}

/* Whether a unit (not a component) finds room at station x. It goes
 * straight onto an idle machine only at a direct station: batch machines
 * gather units in the buffer first, a conveyor's units travel before a
 * machine can take them, and an assembly's machine can take one only when
 * the stores hold its components; else it needs a place in the buffer.
 * Forced inline (HOT), as release below: GCC stopped inlining both as the
 * engine grew, and each arrival paid two calls (M/M/1: 37 instructions a
 * customer, bench/profile/issue22.md). */
HOT int has_room(const az_sim *s, const station_rt *x)
{
    return (x->nidle > 0 &&
            !(x->feat & (SF_BATCH | SF_TRANSPORT | SF_ASSEMBLY))) ||
           x->nq < x->cap ||
           ((x->feat & (SF_ASSEMBLY | SF_TRANSPORT)) == SF_ASSEMBLY &&
            x->nidle > 0 && parts_ready(s, x));
}

/* Unit u came into (d = 1) or left (d = -1) station st's buffer, whose
 * content st->nq already counts: its time integral and maximum, and the
 * observer. */
static inline void queue_add(az_sim *s, station_rt *st, uint32_t u,
                             double now, int d)
{
    azi_count_add(&st->queue, now, d);
    if (st->queue.value > st->queue_max)
        st->queue_max = st->queue.value;
    if (AZI_UNLIKELY(s->obs != NULL))
        azi_obs_place(s, AZ_PLACE_BUFFER, (uint32_t)(st - s->st), UINT32_MAX,
                      d, st->nq, u, now);
}

/* Assembly: the store index of product p at station x, or -1. */
static inline int component(const az_sim *s, const station_rt *x,
                            uint32_t p)
{
    const store_rt *k = azi_sc(s, x)->store;
    for (uint32_t j = 0; j < x->ncomp; j++)
        if (k[j].product == p)
            return (int)j;
    return -1;
}

/* Whether a unit of product p finds no room at station x now: a component
 * needs room in its store (after those already waiting for it), any other
 * unit room at the station (after the units waiting for that). The product
 * is looked up only at an assembly station: the unit's step's record is
 * another cache line. */
static inline int no_room_for(const az_sim *s, const station_rt *x,
                              uint32_t p)
{
    if (x->feat & SF_ASSEMBLY) {
        int j = component(s, x, p);
        if (j >= 0) {
            const store_rt *k = &azi_sc(s, x)->store[j];
            return k->whead != NONE || k->have >= k->cap;
        }
    }
    return x->whead != NONE || !has_room(s, x);
}

/* Whether unit u finds no room at station x now. Forced inline: it is
 * asked at every move, and only an assembly needs the unit's product. */
HOT int no_room(const az_sim *s, const station_rt *x, uint32_t u)
{
    if (!(x->feat & SF_ASSEMBLY))
        return x->whead != NONE || !has_room(s, x);
    return no_room_for(s, x, azi_unit_product(s, u));
}

/* Whether a machine in state k runs (SETUP or WORKING): it has an end
 * event pending, and a failure or a shift's end interrupts it. */
static inline int running(az_machine_state k)
{
    return k == AZ_MS_SETUP || k == AZ_MS_WORKING;
}

/* Whether station st works now: by the line's calendar, or (SF_CAL, off
 * the path of a model without calendars) by its own. */
static inline int station_on(const az_sim *s, const station_rt *st)
{
    if (AZI_UNLIKELY(st->feat & SF_CAL))
        return s->cals[s->stc[st - s->st].cal].on;
    return s->on_shift;
}

/* Time t on the bottleneck detector's clock: working time, so that off
 * shift no active period ends or grows (bottleneck.h). Stopped, it reads
 * the same value at every event, so a period cut by a shift's end and
 * resumed at the next start joins up again (the detector undoes an
 * interruption of zero length); running, the same sum at the same now. */
static inline double azi_bn_clock(const az_sim *s, double now)
{
    return s->bn_stopped ? s->bn_w0 : s->bn_w0 + (now - s->bn_t0);
}

/* Unit lists (buffers, waiting lists, stores' lists) are FIFO, linked
 * through unit.next; an empty list has head and tail NONE. */
static inline void list_push(az_sim *s, uint32_t *head, uint32_t *tail,
                             uint32_t u)
{
    s->units[u].next = NONE;
    if (*tail == NONE)
        *head = u;
    else
        s->units[*tail].next = u;
    *tail = u;
}

static inline uint32_t list_pop(az_sim *s, uint32_t *head, uint32_t *tail)
{
    uint32_t u = *head;
    *head = s->units[u].next;
    if (*head == NONE)
        *tail = NONE;
    return u;
}

/* Unit u, which found no room at station x, waits for it: on the list of
 * its store if it is one of x's components, else on x's. */
static inline void wait_at(az_sim *s, station_rt *x, uint32_t u)
{
    int j = x->feat & SF_ASSEMBLY ? component(s, x, azi_unit_product(s, u))
                                  : -1;
    if (j >= 0) {
        store_rt *k = &azi_sc(s, x)->store[j];
        list_push(s, &k->whead, &k->wtail, u);
    } else {
        list_push(s, &x->whead, &x->wtail, u);
    }
}

/* What a machine state means for the bookkeeping of a change: whether the
 * station counts as waiting (active-period method) and whether the machine
 * runs (operating-clock failures) or processes (processing-clock ones). A
 * table, so a change costs one lookup. */
enum { F_INACTIVE = 1, F_RUNNING = 2, F_PROCESSING = 4 };
static const unsigned char state_flags[AZ_MS_COUNT] = {
    [AZ_MS_STARVED] = F_INACTIVE, [AZ_MS_SETUP] = F_RUNNING,
    [AZ_MS_WORKING] = F_RUNNING | F_PROCESSING, [AZ_MS_BLOCKED] = F_INACTIVE,
    [AZ_MS_FAILED] = 0,           [AZ_MS_WAIT_OPERATOR] = 0,
    [AZ_MS_OFF_SHIFT] = F_INACTIVE, [AZ_MS_MAINTENANCE] = 0};

/* Moves machine m to state k: statistics, the idle count, the station's
 * active period and, on the operating clock, the failure and maintenance
 * clocks. Forced
 * inline: it runs twice per unit and visit, and a call's register saves
 * cost as much as its body (measured with callgrind). The changes that
 * bypass it are WORKING -> STARVED -> (SETUP, WORKING or WAIT_OPERATOR)
 * at one instant,
 * skipped by restart and again (flow.c), which are not taken while an
 * observer listens. */
#if defined(__GNUC__)
__attribute__((always_inline))
#endif
static inline az_status set_state(az_sim *s, machine_rt *m,
                                  az_machine_state k, double now,
                                  az_error *err)
{
    station_rt *st = &s->st[m->station];
    az_machine_state old = m->state;
    if (old == k)
        return AZ_OK;
    m->state = k;
    if (s->obs)
        azi_obs_state(s, m, now);
    m->in_state[old] += now - m->in_since;
    m->in_since = now;
    if (old == AZ_MS_STARVED)
        st->nidle--;
    if (k == AZ_MS_STARVED)
        st->nidle++;
    unsigned fk = state_flags[k], diff = state_flags[old] ^ fk;
    az_status rc = AZ_OK;
    if (diff & F_INACTIVE) {
        uint32_t before = st->ninactive;
        st->ninactive = fk & F_INACTIVE ? before + 1 : before - 1;
        if (s->bn_on && (before == 0 || st->ninactive == 0))
            rc = azi_flow_active_change(s, m->station, before == 0, now, err);
    }
    if (!rc && (st->feat & (SF_OPCLOCK | SF_PCLOCK))) {
        unsigned bit = st->feat & SF_OPCLOCK ? F_RUNNING : F_PROCESSING;
        if (diff & bit)
            rc = azi_failure_clock(s, m, fk & bit, now, err);
    }
    /* Maintenance on the operating clock: rare, marked so, and kept apart
     * from the failures' test, which an extra test inside it slowed
     * (callgrind: +1.3 % instructions on the reference factory). */
    if (AZI_UNLIKELY(st->feat & SF_MCLOCK) && !rc && (diff & F_RUNNING))
        rc = azi_maintain_clock(s, m, fk & F_RUNNING, now, err);
    return rc;
}

/* The first idle machine of station x (the caller knows there is one). */
static inline machine_rt *idle_machine(az_sim *s, const station_rt *st)
{
    machine_rt *m = &s->mach[st->first_machine];
    while (m->state != AZ_MS_STARVED)
        m++;
    return m;
}

/* ---- activities and operators ---- */

/* Machine m starts activity a now; it has whatever person it needs. */
HOT az_status begin_activity(az_sim *s, machine_rt *m, activity a,
                             double now, az_error *err)
{
    uint32_t mi = (uint32_t)(m - s->mach);
    if (a >= ACT_REPAIR) /* the machine is down already: one compare for
                          * the setup and work of every unit */
        return a == ACT_REPAIR
                   ? azi_cal_push(s->cal, now + azi_mc(s, m)->repair, 0,
                                  EV_REPAIR, mi, 0, NULL, err)
                   : azi_cal_push(s->cal, now + s->maint[mi].duration, 0,
                                  EV_MAINT_END, mi, 0, NULL, err);
    az_status rc = set_state(s, m, a == ACT_WORK ? AZ_MS_WORKING : AZ_MS_SETUP,
                             now, err);
    if (rc)
        return rc;
    m->ev_time = now + m->remaining;
    return a == ACT_WORK
               ? azi_cal_push(s->cal, m->ev_time, 0, EV_DONE, mi, m->unit,
                              &m->ev, err)
               : azi_cal_push(s->cal, m->ev_time, 0, EV_SETUP_DONE, mi, 0,
                              &m->ev, err);
}

/* Machine m needs to do activity a (lasting m->remaining, or its repair or
 * maintenance): it starts now if the station needs no person for it, else
 * the pool decides (pool.c). */
HOT az_status do_activity(az_sim *s, machine_rt *m, activity a,
                          double now, az_error *err)
{
    /* The feature bit first: pool[] lies off the station's hot lines. A
     * unit's work asks the pool only where the work needs a person: in the
     * reference factory the technicians do changeovers and repairs, and
     * every unit paid a call into pool.c that found no pool for its work
     * (callgrind: -3.1 % instructions on it). */
    if (s->st[m->station].feat & (a == ACT_WORK ? SF_POOLW : SF_POOL))
        return azi_pool_call(s, m, a, now, err);
    return begin_activity(s, m, a, now, err);
}

/* Activity a of machine m is over (or suspended): its person, if it has
 * one, returns: to the pool, or straight to the machine that has waited
 * longest for one (pool.c). */
HOT az_status return_person(az_sim *s, machine_rt *m, activity a,
                            double now, az_error *err)
{
    /* Only a station with operators lends a person, and for the work only
     * one whose work needs a person (do_activity): the feature bit spares
     * the others a read of the machine's cold record at every unit. Setups
     * and repairs give theirs back as they end, so after work a machine
     * elsewhere holds no one. */
    if (!(s->st[m->station].feat & (a == ACT_WORK ? SF_POOLW : SF_POOL))) {
        assert(!(s->st[m->station].feat & SF_POOL) ||
               azi_mc(s, m)->holds == NONE);
        return AZ_OK;
    }
    return azi_pool_return(s, m, now, err);
}

/* Machine m, set up for its unit, draws the process time and works it
 * (with a person, if its station needs one). */
HOT az_status begin_work(az_sim *s, machine_rt *m, double now,
                         az_error *err)
{
    station_rt *st = &s->st[m->station];
    unit *un = &s->units[m->unit];
    m->remaining = azi_dist_sample(&s->step[un->step].process, &st->rng) *
                   m->inv_speed;
    return do_activity(s, m, ACT_WORK, now, err);
}

/* Machine m holds its unit (or batch): a changeover if the product changes
 * (setup.c), then the process. */
HOT az_status setup_then_work(az_sim *s, machine_rt *m, double now,
                              az_error *err)
{
    if (s->st[m->station].feat & SF_SETUP)
        return azi_setup_begin(s, m, now, err);
    return begin_work(s, m, now, err);
}

/* Source src's next arrival, now + an interarrival time. */
HOT az_status schedule_arrival(az_sim *s, uint32_t src, double now,
                               az_error *err)
{
    source_rt *so = &s->src[src];
    /* The rest of a lot that arrives together comes at once. */
    return azi_cal_push(s->cal, now + azi_dist_sample(so->ia, &so->rng), 0,
                        EV_ARRIVE, src, 0, NULL, err);
}

/* Unit u is released into the line at time now: counted, and its lead
 * time starts. */
HOT void release(az_sim *s, uint32_t u, double now)
{
    unit *un = &s->units[u];
    un->release_t = now;
    s->released++;
    s->released_all++;
    s->prod[s->step[un->step].product].released++;
    if (s->obs)
        azi_obs_enter(s, u, now);
}

/* Unit u's visit to station x ends (it moves on or leaves the line): the
 * station's time-in-station and visit statistics. */
static inline void end_visit(az_sim *s, uint32_t x, uint32_t u, double now)
{
    station_rt *st = &s->st[x];
    st->time_sum += now - s->units[u].enter_t;
    st->visits++;
    azi_count_add(&st->onmach, now, -1);
}

/* Step g, or the first after it that this unit visits: a sampled step
 * (sample_every n > 1) is visited by every n-th unit only, counted here. */
static inline uint32_t skip_unsampled(az_sim *s, uint32_t g)
{
    while (g != NONE && s->step[g].sample_every > 1 &&
           ++s->step[g].sampled % s->step[g].sample_every != 0)
        g = s->step[g].next;
    return g;
}
#endif
