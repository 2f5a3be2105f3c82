/*
 * sim.h: the engine. An az_sim compiles a checked az_model into flat runtime
 * tables once, then runs replications of it, each from its own random
 * streams, reusing its memory: after the first replication has grown the
 * unit pool and the calendar, a run allocates nothing.
 *
 * A run's results are a vector of metrics whose layout depends only on the
 * model (az_sim_metric): system metrics, then each product's, then each
 * station's, then each operator pool's. Averages over replications are the
 * experiment runner's job.
 *
 * Threads: an az_sim is one thread's at a time (a run writes all of it);
 * several sims, one per thread, may run the same model at once, which they
 * only read.
 */
#ifndef AZALEA_SIM_H
#define AZALEA_SIM_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "azalea/error.h"
#include "azalea/model.h"

typedef struct az_sim az_sim;

typedef struct az_run_config {
    double horizon;       /* simulated time to run, in model time units */
    double warmup;        /* statistics are reset at this time, 0 <= warmup < horizon */
    uint64_t seed;        /* experiment seed */
    uint64_t replication; /* replication index: selects the random streams */
    /* NULL, or a flag the caller may set at any time (a signal handler):
     * the run then ends within about 65,536 events with AZ_ESTOPPED and
     * no results. Never changes a run that is not stopped. */
    const volatile sig_atomic_t *stop;
} az_run_config;

typedef enum az_scope {
    AZ_SCOPE_SYSTEM,
    AZ_SCOPE_PRODUCT,
    AZ_SCOPE_STATION,
    AZ_SCOPE_POOL,
    AZ_SCOPE_STORE,  /* a component's store at its assembly station; the
                      * object is the component's product index (a product
                      * feeds one station: az_model_store_station) */
    AZ_SCOPE_ORDER,  /* an order (az_model_order's index) */
    AZ_SCOPE_DAY,    /* a day from time 0 (day 0 holds [0, 1 day)) */
    AZ_SCOPE_WEEK,   /* seven days from time 0 */
    AZ_SCOPE_INITIAL /* a run from a state (az_sim_set_initial): its unit
                      * entry k (state.h), and UINT32_MAX: all of them;
                      * only AZ_M_COMPLETION, when its last unit left the
                      * line (NaN: not by the end) */
} az_scope;

typedef enum az_metric_kind {
    /* system and product (lead time = release to exit) */
    AZ_M_RELEASED,   /* units released after warm-up */
    AZ_M_COMPLETED,  /* units that left after warm-up */
    AZ_M_SCRAPPED,   /* units scrapped after warm-up */
    AZ_M_REWORKS,    /* rework visits after warm-up (product scope only) */
    AZ_M_CONSUMED,   /* units delivered as components to an assembly station
                      * after warm-up (product scope only) */
    AZ_M_CARTONS,    /* full cartons that left after warm-up */
    AZ_M_THROUGHPUT, /* completed per time unit */
    AZ_M_WIP,        /* time-average units in the system (system scope only) */
    AZ_M_LEAD_MEAN,
    AZ_M_LEAD_P50,
    AZ_M_LEAD_P90,
    AZ_M_LEAD_P95,
    AZ_M_LEAD_P99,
    /* station */
    AZ_M_UTIL,       /* time-average share of machines working on a unit;
                      * for a pool, share of its people busy */
    AZ_M_BLOCKED,    /* share of machines holding a finished unit, blocked */
    AZ_M_SETUP,      /* share of machines changing over */
    AZ_M_DOWN,       /* share of machines failed, in repair */
    AZ_M_IDLE,       /* share of machines up and empty: starved */
    AZ_M_WAIT_OP,    /* share of machines waiting for an operator */
    AZ_M_OFF,        /* share of machines off shift */
    AZ_M_OEE,        /* availability x performance x quality (below) */
    AZ_M_BN_SOLE,    /* share of working time the station is the sole
                      * bottleneck */
    AZ_M_BN_SHIFT,   /* share of working time it is a shifting bottleneck */
    AZ_M_NUMBER,     /* time-average units at the station (queue + machines) */
    AZ_M_QUEUE,      /* time-average units waiting */
    AZ_M_QUEUE_MAX,  /* most units waiting at once */
    AZ_M_TIME,       /* mean time at the station per visit */
    AZ_M_WAIT,       /* mean wait in queue per visit */
    AZ_M_VISITS,     /* visits completed per time unit */
    /* components in assembly stores (not in AZ_M_WIP or AZ_M_NUMBER) */
    AZ_M_IN_STORES,  /* time-average components in all stores (system) */
    AZ_M_STORE_CONTENT, /* time-average content of one store */
    AZ_M_STORE_MAX,  /* most components in it at once */
    AZ_M_STORE_WAIT, /* mean time a component waits in it: time-average
                      * content x span / components into it (Little) */
    /* growth through the run: the time-average in the last third of the
     * statistics window less that in the middle third (docs/statistics.md,
     * "Overload") */
    AZ_M_GROWTH,     /* station: of its content; system: of the WIP;
                      * store: of its content */
    AZ_M_BACKLOG,    /* system: time-average units due at a source and not
                      * yet released (a product's first station full) */
    AZ_M_BACKLOG_GROWTH, /* system: growth of that backlog */
    AZ_M_STORE_LACKING, /* share of time a store holds less than one unit
                         * needs: its assembly cannot start a unit */
    AZ_M_STALLED,    /* system: when the line stopped for good (units
                      * inside, nothing pending that could move them:
                      * a deadlock), or NaN if it did not */
    AZ_M_THROUGHPUT_WORKING, /* system: completed per unit of working time
                      * (on shift, less breaks and holidays) */
    /* station: the factors of AZ_M_OEE (ISO 22400-2) */
    AZ_M_AVAILABILITY, /* run (processing) time / planned time (on shift) */
    AZ_M_PERFORMANCE,  /* nominal time of the work done / run time: below 1
                        * where machines run slower than nominal (speeds) */
    AZ_M_QUALITY,      /* good units / units (tests at the station) */
    AZ_M_WAIT_PARTS,   /* station: share of time a machine is idle while
                        * units wait in the buffer, for components (assembly
                        * stations; 0 elsewhere) */
    AZ_M_IN_PROCESS,   /* station: time-average units on its machines (in
                        * setup, process or repair, or blocked): an oven's
                        * own content, its batches; the buffer's is
                        * AZ_M_QUEUE */
    AZ_M_MAINT,        /* station: share of machines in planned maintenance
                        * (or waiting for its technician) */
    /* Orders (model.h, az_order): times from 0, warm-up or not. An order
     * is decided at the end when it is complete or its due date has
     * passed; an order neither complete nor due has no on-time figure. */
    AZ_M_COMPLETION,   /* order: when its last unit went out (NaN: not
                        * complete) */
    AZ_M_FLOW_TIME,    /* order: completion - release; system: its mean
                        * over the complete orders */
    AZ_M_TARDINESS,    /* order: max(0, completion - due); system: mean
                        * over the complete orders */
    AZ_M_ON_TIME,      /* order: 1 complete by its due date, 0 not (late
                        * or past due), NaN undecided; system: the share
                        * of decided orders on time */
    AZ_M_UNITS_ON_TIME,/* system: units done by their order's due date /
                        * units of decided orders */
    AZ_M_ORDERS_OPEN,  /* system: orders not complete at the end */
    AZ_M_ORDER_BACKLOG,/* day: units of orders released by the day's end
                        * and not out of the line then (NaN past the end) */
    AZ_M_ADHERENCE,    /* day, week: units due in it done by their due
                        * date / units due in it, over decided orders */
    AZ_M_BN_TIED       /* station: the part of AZ_M_BN_SHIFT spent in a
                        * tie the active-period method cannot break (its
                        * share of the tied time). The last kind (the
                        * tests loop up to it) */
} az_metric_kind;

typedef struct az_metric {
    az_scope scope;
    uint32_t object; /* product, station or pool index; 0 for system */
    az_metric_kind kind;
} az_metric;

/* A state of the shop floor (azalea/state.h). */
typedef struct az_state az_state;

/* Starts the next runs from state st (loaded against this sim's model)
 * instead of an empty line: the clock starts at the state's time, and the
 * run's horizon and warm-up count from it. NULL goes back to an empty
 * line at time 0. The state stays the caller's and must outlive those
 * runs. AZ_EINVAL if st belongs to another model; s is then unchanged. */
az_status az_sim_set_initial(az_sim *s, const az_state *st, az_error *err);

/* Checks the model and compiles it. The model must outlive the sim and stay
 * unchanged. On AZ_OK *out is yours; free it with az_sim_free. On error *out
 * is NULL and nothing leaks: az_model_check's AZ_EBADMODEL, or AZ_ENOMEM. */
az_status az_sim_create(const az_model *m, az_sim **out, az_error *err);
/* Frees s; NULL is a no-op. The model is the caller's and is not freed. */
void az_sim_free(az_sim *s);

/* Runs one replication. AZ_EINVAL for a bad config (horizon not finite and
 * > 0, warm-up not in [0, horizon)), AZ_ENOMEM if growing the unit pool or
 * calendar fails, AZ_ERUNTIME if the run cannot go on (a deadlock),
 * AZ_ESTOPPED if cfg->stop ended it. Results are read with az_sim_results;
 * after a failure they are not this run's. */
az_status az_sim_run(az_sim *s, const az_run_config *cfg, az_error *err);

/* az_sim_run that also records per-period series (warm-up detection):
 * the horizon is cut into nperiod equal periods and period k's throughput
 * (units completed per time unit) and time-average WIP are stored in
 * throughput[k] and wip[k] (the caller's arrays of nperiod doubles).
 * AZ_EINVAL unless cfg's warm-up is 0, nperiod >= 1 and both arrays are
 * given; other failures as az_sim_run, after which the arrays may be
 * partly written. */
az_status az_sim_run_periods(az_sim *s, const az_run_config *cfg,
                             uint32_t nperiod, double *throughput,
                             double *wip, az_error *err);

/* The metric layout (fixed by the model) and the last run's values:
 * az_sim_metric_count(s) doubles, owned by s, valid until az_sim_free(s)
 * and overwritten by the next successful run (copy them to keep them). */
size_t az_sim_metric_count(const az_sim *s);
az_metric az_sim_metric(const az_sim *s, size_t i);
const double *az_sim_results(const az_sim *s);
/* Index of a metric in the layout, or (size_t)-1 if the layout has none. */
size_t az_sim_metric_index(const az_sim *s, az_scope scope, uint32_t object,
                           az_metric_kind kind);
/* The same search in a layout array of n metrics ordered by (scope,
 * object), as every az_sim and az_summary layout is. */
size_t az_metric_find(const az_metric *layout, size_t n, az_scope scope,
                      uint32_t object, az_metric_kind kind);

/* Events the last run processed. */
uint64_t az_sim_events(const az_sim *s);

/* Whole-run flow counts of the last run (warm-up included). wip is counted
 * from the unit pool itself, so released == completed + scrapped + consumed
 * + wip is a real check of conservation. */
typedef struct az_flow {
    uint64_t released;  /* units that entered the line */
    uint64_t completed; /* units that left it finished */
    uint64_t scrapped;  /* units scrapped */
    uint64_t consumed;  /* components joined onto other units by assembly */
    uint64_t wip;       /* units inside at the end */
} az_flow;
az_flow az_sim_flow(const az_sim *s);

/* "throughput", "lead_time_p90", "utilisation", ...: stable names used in
 * the JSON and CSV outputs. Static strings. */
const char *az_metric_kind_name(az_metric_kind kind);

/* ---- observing a run ----
 * An observer is told every machine state change, every unit entering
 * and leaving the line, every change of what a place holds (buffers,
 * conveyors, cartons, assembly stores, pools), every batch started and
 * every rework trip, in time order, during az_sim_run (trace.h writes them
 * as CSV; the CLI's report and `azalea animate` draw from them). Unset, it
 * costs one branch per change. Callbacks must not call the sim; any may be
 * NULL; what they are given by pointer lives for the call only. */

/* The machine states the metrics split machine time into. */
typedef enum az_machine_state {
    AZ_MS_STARVED,       /* up and empty */
    AZ_MS_SETUP,         /* changing over */
    AZ_MS_WORKING,
    AZ_MS_BLOCKED,       /* holding a finished unit, no room downstream */
    AZ_MS_FAILED,        /* down, waiting for or under repair */
    AZ_MS_WAIT_OPERATOR, /* holding a unit, waiting for a person */
    AZ_MS_OFF_SHIFT,
    AZ_MS_MAINTENANCE,   /* in planned maintenance, or waiting for its
                          * technician */
    AZ_MS_COUNT
} az_machine_state;

/* How a unit leaves the line. */
typedef enum az_unit_exit {
    AZ_EXIT_DONE,     /* finished (packed units: when their carton leaves) */
    AZ_EXIT_SCRAPPED,
    AZ_EXIT_JOINED    /* a component, taken into an assembly station's store */
} az_unit_exit;

/* The places whose content the observer follows (az_place_change). */
typedef enum az_place {
    AZ_PLACE_BUFFER,   /* a station's buffer: the content the results call
                        * "queue" (a conveyor's travelling units included) */
    AZ_PLACE_CONVEYOR, /* the units travelling on a station's conveyor */
    AZ_PLACE_CARTON,   /* a product's open carton at a packaging station */
    AZ_PLACE_STORE,    /* a component's store at an assembly station */
    AZ_PLACE_POOL      /* the people of a pool at work */
} az_place;
#define AZ_PLACE_KINDS 5

/* One change of a place's content: count = the count before + delta. A
 * unit moves in or out alone, except where a kit is taken from a store
 * (or a scrapped unit's kit goes with it), a full carton leaves, and at
 * the start of a run resumed from a snapshot, when each place that holds
 * something is told once (delta = count). */
typedef struct az_place_change {
    az_place place;
    uint32_t object;  /* the station; AZ_PLACE_POOL: the pool */
    uint32_t part;    /* CARTON: the carton's product; STORE: the
                       * component's product; else UINT32_MAX */
    int64_t delta;    /* > 0: came in; < 0: went out */
    uint32_t count;   /* the content after the change */
    uint32_t product; /* the unit that moved, or UINT32_MAX when none or
                       * several */
    uint32_t unit;    /* its id, or 0 (none, several, or a unit resumed
                       * from a snapshot, which has no id) */
} az_place_change;

/* The version of az_observer this header declares. Later versions only
 * append callbacks; the library reads those of the caller's version. */
#define AZ_OBSERVER_VERSION 2

/* Unit ids count releases in a run: 1, 2, ...; 0 means no unit, or a
 * unit resumed from a snapshot (az_sim_set_initial with an engine
 * section), whose product is still given. */
typedef struct az_observer {
    /* AZ_OBSERVER_VERSION, as the caller was built: az_sim_set_observer
     * refuses any other (0, a table left unset, included). */
    uint32_t version;
    /* Machine `machine` (0-based at its station) enters `state` at time t,
     * holding unit `unit` of `product` (a batch: its first unit), or unit
     * 0 and product UINT32_MAX. Every machine starts STARVED at time 0
     * (a run from a state: at the state's time). */
    void (*machine)(void *ctx, double t, uint32_t station, uint32_t machine,
                    az_machine_state state, uint32_t product, uint32_t unit);
    /* Unit `unit` of `product` is released into the line at time t. */
    void (*enter)(void *ctx, double t, uint32_t product, uint32_t unit);
    /* It leaves at time t; lead = t - its release time. */
    void (*leave)(void *ctx, double t, uint32_t product, uint32_t unit,
                  az_unit_exit how, double lead);
    /* Right after enter, for a unit of a lot or an order: its lot (1, 2,
     * ... counting the lots begun in the run; 0: none) and its order
     * (az_model_order's index + 1; 0: none). */
    void (*tag)(void *ctx, double t, uint32_t product, uint32_t unit,
                uint32_t lot, uint32_t order);
    /* A place's content changes (az_place_change). */
    void (*place)(void *ctx, double t, const az_place_change *c);
    /* Machine `machine` of batch station `station` takes `size` units as
     * one batch, the first unit `unit` of `product`, just before its
     * machine callback says it sets up or works. A batch on a machine at
     * the start of a run from a state or snapshot is told then too. */
    void (*batch)(void *ctx, double t, uint32_t station, uint32_t machine,
                  uint32_t product, uint32_t unit, uint32_t size);
    /* Unit `unit` of `product` failed its test on machine `machine` of
     * station `from` and goes back to station `to` for its `trip`-th
     * rework at that test (it enters `to` when there is room). */
    void (*rework)(void *ctx, double t, uint32_t from, uint32_t machine,
                   uint32_t to, uint32_t product, uint32_t unit,
                   uint32_t trip);
} az_observer;

/* Sets (or with NULL clears) the observer of the next runs. The table and
 * ctx stay the caller's and must outlive those runs. Results do not change.
 * AZ_EINVAL, the observer unchanged, if obs->version is not
 * AZ_OBSERVER_VERSION. */
az_status az_sim_set_observer(az_sim *s, const az_observer *obs, void *ctx,
                              az_error *err);
/* "starved", "setup", "working", "blocked", "failed", "waiting_operator",
 * "off_shift", "maintenance": the metric names of the same shares; "?" for
 * any other value. */
const char *az_machine_state_name(az_machine_state k);
/* "buffer", "conveyor", "carton", "store", "pool"; "?" for any other
 * value. */
const char *az_place_name(az_place p);
/* "done", "scrapped", "joined"; "?" for any other value. */
const char *az_unit_exit_name(az_unit_exit how);

#endif
