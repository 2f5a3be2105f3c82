/*
 * model.h: a production system described in code: stations with parallel
 * machines, products with routes, and sources that release units.
 *
 * A product's route is a graph of steps. Each step is a visit to a station;
 * after it a unit takes one of the step's branches (to another step of the
 * same product, or AZ_EXIT to leave) with the branch's probability. A step
 * without branches goes on to the next step added, or exits after the last.
 * That covers serial routes, rework loops and Jackson-style probabilistic
 * routing with one mechanism.
 *
 * Names are copied; distributions are deep-copied, so the caller keeps
 * ownership of what it passes. A model is immutable while simulations use it
 * and may be shared read-only by many threads.
 *
 * Failures. Every az_model_add_* and az_model_set_* call returns AZ_EINVAL
 * (err says why) for an index that names no station, product, step, source,
 * pool or shift, for an empty name or one any station, product, source or
 * pool already has, and for a value outside what its comment allows; and
 * AZ_ENOMEM when a copy cannot be allocated. On either the model is as it
 * was, nothing leaks and *idx (or *step) is not written. Indices, once
 * given, never change.
 *
 * Strings the getters return belong to the model and stay valid until
 * az_model_free(m); a product's family only until az_model_set_family
 * replaces it. Getters given an index out of range return NULL or 0.
 */
#ifndef AZALEA_MODEL_H
#define AZALEA_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "azalea/dist.h"
#include "azalea/error.h"

typedef struct az_model az_model;

/* Branch target meaning "leaves the system". */
#define AZ_EXIT UINT32_MAX
/* Buffer capacity meaning "no limit". */
#define AZ_UNLIMITED UINT32_MAX
/* "No station", e.g. a test whose failed units are scrapped at once. */
#define AZ_NO_STATION UINT32_MAX

/* A model named `name` ("model" if NULL). On AZ_OK *out is yours; free it
 * with az_model_free. On error (AZ_ENOMEM) *out is NULL and nothing leaks. */
az_status az_model_create(const char *name, az_model **out, az_error *err);
/* Frees m and every copy it holds; NULL is a no-op. */
void az_model_free(az_model *m);

/* A station of `machines` identical parallel machines (>= 1) behind a FIFO
 * input buffer (unlimited until az_model_set_buffer), taking `process` time
 * per unit. *idx gets its index. */
az_status az_model_add_station(az_model *m, const char *name,
                               uint32_t machines, const az_dist *process,
                               uint32_t *idx, az_error *err);

/* Changes the station's machine count (>= 1), e.g. for a what-if. Machine
 * speeds given earlier are kept for the machines that stay; new machines
 * get speed 1. */
az_status az_model_set_machines(az_model *m, uint32_t station,
                                uint32_t machines, az_error *err);

/* Limits the station's input buffer to `capacity` waiting units (0: a unit
 * can only go straight onto a free machine). A machine that finishes a unit
 * whose next station has no room keeps it and is blocked (blocking after
 * service); a source whose first station has no room waits likewise. */
az_status az_model_set_buffer(az_model *m, uint32_t station,
                              uint32_t capacity, az_error *err);

/* The station's input buffer is a conveyor: a unit entering it travels
 * `time` before a machine can take it, and takes buffer room meanwhile. */
az_status az_model_set_transport(az_model *m, uint32_t station,
                                 const az_dist *time, az_error *err);

/* `product` takes `process` time at `station` instead of the station's
 * default. The distribution is copied. AZ_EINVAL if the product already
 * has its own time there. */
az_status az_model_set_product_process(az_model *m, uint32_t station,
                                       uint32_t product,
                                       const az_dist *process, az_error *err);

/* A product; its family defaults to its own name. */
az_status az_model_add_product(az_model *m, const char *name, uint32_t *idx,
                               az_error *err);
/* A product's dispatching priority: 1 is the most urgent, then 2, ...;
 * 0 (the default) is none, served after every unit with one. It orders
 * the buffer at stations with AZ_DISPATCH_PRIORITY (an order's own
 * priority, az_order, wins over its product's). AZ_EINVAL for an unknown
 * product; the model is then unchanged. */
az_status az_model_set_product_priority(az_model *m, uint32_t product,
                                        uint32_t priority, az_error *err);
uint32_t az_model_product_priority(const az_model *m, uint32_t product);

az_status az_model_set_family(az_model *m, uint32_t product,
                              const char *family, az_error *err);

/* ---- machine behaviour (each call replaces an earlier one) ---- */

/* Relative speeds of the station's machines: machine i takes process time
 * / speeds[i]. n must equal the station's machine count; speeds > 0. */
az_status az_model_set_machine_speeds(az_model *m, uint32_t station,
                                      const double *speeds, uint32_t n,
                                      az_error *err);

/* Changeovers: before a unit whose product differs from the last one the
 * machine processed, a setup of `same_family` (product differs, family is
 * the same) or `other_family` (family differs) time. Either may be NULL for
 * no setup. The first unit a machine processes in a run needs no setup
 * unless az_model_set_first_setup gives it one. */
az_status az_model_set_setup(az_model *m, uint32_t station,
                             const az_dist *same_family,
                             const az_dist *other_family, az_error *err);

/* A setup before the first unit each machine of the station processes in
 * a run (a machine set up for nothing yet), instead of none; NULL: none
 * again. AZ_ENOMEM, with the station unchanged. */
az_status az_model_set_first_setup(az_model *m, uint32_t station,
                                   const az_dist *first, az_error *err);

/* A setup time for one (from family, to family) pair, which overrides the
 * rule above for that pair. AZ_EINVAL if the pair was given already. */
az_status az_model_set_setup_between(az_model *m, uint32_t station,
                                     const char *from_family,
                                     const char *to_family, const az_dist *d,
                                     az_error *err);

typedef enum az_failure_clock {
    AZ_FAIL_OPERATING, /* time between failures counts only while working
                        * (in a setup or processing) */
    AZ_FAIL_CALENDAR,  /* it counts all the time, idle or not */
    AZ_FAIL_PROCESSING, /* it counts only while processing, not in setups */
    AZ_FAIL_CYCLES     /* wear: `between` counts cycles (units processed, a
                        * batch at a batch station), not time; a draw x
                        * gives ceil(x) cycles, at least 1. The machine
                        * fails at the end of its last cycle, after the
                        * unit has gone on (or blocked) */
} az_failure_clock;

/* Each machine of the station fails independently after `between` time
 * (on the given clock) and is repaired in `repair` time. A failure during a
 * setup or a process interrupts it; the unit stays on the machine and the
 * work resumes where it stopped after the repair. A calendar-clock failure
 * that falls due during planned maintenance strikes when the maintenance
 * ends (az_model_set_maintenance). AZ_EINVAL unless the mean of `between`
 * is > 0 and clock is one of az_failure_clock. */
az_status az_model_set_failures(az_model *m, uint32_t station,
                                const az_dist *between, const az_dist *repair,
                                az_failure_clock clock, az_error *err);

/* Planned (preventive) maintenance: each machine of the station stops for
 * `duration` every `every` time units of its operating time (in a setup or
 * processing: AZ_MAINT_OPERATING), of any time (AZ_MAINT_CALENDAR, counted
 * from the end of the last maintenance), or every `cycles` cycles (units
 * processed; batches at a batch station: AZ_MAINT_CYCLES). A machine in
 * maintenance is in state AZ_MS_MAINTENANCE (its share of machine time is
 * AZ_M_MAINT); a technician, if az_model_set_operator names a pool for
 * AZ_ACT_MAINTAIN, stays for the whole maintenance, and the machine waits
 * for one in maintenance. Maintenance interrupts a setup or a process (the
 * unit stays on the machine, its work resumes after) unless finish_unit is
 * set: then a machine with a unit in progress finishes it first. A blocked
 * or idle machine stops at once. Maintenance that falls due while the
 * machine is failed is done right after the repair; it runs on and off
 * shift alike, as repairs do. */
typedef enum az_maintenance_clock {
    AZ_MAINT_OPERATING, /* every `every` of time in setup or processing */
    AZ_MAINT_CALENDAR,  /* every `every` of time, whatever the machine does */
    AZ_MAINT_CYCLES     /* every `cycles` cycles */
} az_maintenance_clock;

typedef struct az_maintenance {
    az_maintenance_clock clock;
    double every;            /* OPERATING, CALENDAR: the interval, model
                              * time units, finite and > 0 */
    uint32_t cycles;         /* CYCLES: the interval, >= 1 */
    const az_dist *duration; /* how long it takes; copied */
    int finish_unit;         /* nonzero: a unit in progress is finished
                              * first (the cycle clock always does) */
} az_maintenance;

/* Sets the station's planned maintenance (spec NULL: none again; each call
 * replaces an earlier one). AZ_EINVAL for an unknown clock, an interval
 * out of range, no duration, or a duration whose mean is negative or, on
 * a time clock, longer than the interval ("maintenance longer than its
 * interval"); AZ_ENOMEM; the model is then unchanged. */
az_status az_model_set_maintenance(az_model *m, uint32_t station,
                                   const az_maintenance *spec, az_error *err);

/* How a station's idle machine chooses its next unit from the buffer. */
typedef enum az_dispatch_rule {
    AZ_DISPATCH_FIFO,         /* the longest waiting (the default) */
    AZ_DISPATCH_SAME_PRODUCT, /* the longest waiting of the product the
                               * machine last set up for, else FIFO */
    AZ_DISPATCH_SAME_FAMILY,  /* ... of its family, else FIFO */
    AZ_DISPATCH_SHORTEST_SETUP, /* the one whose changeover from what the
                               * machine last set up for has the
                               * smallest mean (none: 0) */
    AZ_DISPATCH_EARLIEST_DUE, /* EDD: the earliest due date of its order;
                               * units without an order go last */
    AZ_DISPATCH_PRIORITY,     /* the most urgent priority (its order's,
                               * else its product's); none goes last */
    AZ_DISPATCH_SHORTEST_PROCESS /* SPT: the smallest mean process time of
                               * its product here */
} az_dispatch_rule;

/* The station's dispatching rule. A rule other than FIFO looks at the
 * first AZ_DISPATCH_LOOKAHEAD units of the buffer, so its cost per unit is
 * bounded however long the queue; among them it takes the best by its
 * key, and the longest waiting of equal keys, so FIFO breaks every tie.
 * Not at batch or assembly stations, and earliest_due only in a model
 * with orders (az_model_check). AZ_EINVAL for an unknown rule; the model
 * is then unchanged. */
#define AZ_DISPATCH_LOOKAHEAD 64
az_status az_model_set_dispatch(az_model *m, uint32_t station,
                                az_dispatch_rule rule, az_error *err);

/* Batch processing (curing ovens): each machine processes a batch of units
 * at once, with one process time (drawn for the batch's first unit). A batch
 * starts when the buffer holds `max` units, or at least `min` and the oldest
 * has waited `max_wait` (INFINITY: never; then a batch needs `max`). With
 * `family_pure`, a batch holds one family only (the oldest unit's). The
 * units leave together, each to its own next station. 1 <= min <= max;
 * max_wait >= 0. */
az_status az_model_set_batch(az_model *m, uint32_t station, uint32_t min,
                             uint32_t max, double max_wait, int family_pure,
                             az_error *err);

/* Assembly: the station joins `qty` units of `component` onto each other
 * unit it processes (one display module and one housing into a phone). The
 * component's route must end at this station: there its units wait in a
 * store (unlimited until az_model_set_store) until a machine consumes them.
 * A unit to be assembled waits in the input buffer, taking its room, until
 * the store holds every component it needs; so a full buffer blocks the
 * station's feeders as at any other station. qty >= 1; AZ_EINVAL if the
 * station assembles the component already. */
az_status az_model_set_assembly(az_model *m, uint32_t station,
                                uint32_t component, uint32_t qty,
                                az_error *err);

/* Limits the store of `component` (already given to az_model_set_assembly)
 * at the station to `capacity` >= 1 units: a component that finds it full
 * waits where it is (its machine is blocked, or its source waits), as at a
 * full buffer. AZ_EINVAL if the station does not assemble it. */
az_status az_model_set_store(az_model *m, uint32_t station,
                             uint32_t component, uint32_t capacity,
                             az_error *err);

/* on != 0: when a unit that would have been assembled at this station is
 * scrapped before it (a failed test upstream), one kit of its components
 * (each component's quantity) is scrapped too: taken from the stores, or,
 * for what is not there yet, from the next components to arrive. Without
 * it (the default) the kit stays in the store for a later unit. */
az_status az_model_set_scrap_kits(az_model *m, uint32_t station, int on,
                                  az_error *err);

/* The assembly station `product` is a component of, or AZ_NO_STATION. */
uint32_t az_model_store_station(const az_model *m, uint32_t product);
/* The capacity of component `product`'s store (AZ_UNLIMITED: none, or not
 * a component). */
uint32_t az_model_store_capacity(const az_model *m, uint32_t product);

/* Packaging: units finished at this station are packed `size` to a carton,
 * one product per carton, and leave the line when their carton is full. The
 * station must be the last step of every route that visits it. size >= 1. */
/* The time a carton takes to pack once its last unit is done (taping,
 * labelling), on the machine that did that unit: it stays busy (working,
 * with its person) for the time, then the carton leaves. Without it a
 * full carton leaves at once. AZ_EINVAL for a station without cartons
 * (az_model_set_carton first); the model is then unchanged. */
az_status az_model_set_carton_time(az_model *m, uint32_t station,
                                   const az_dist *time, az_error *err);
az_status az_model_set_carton(az_model *m, uint32_t station, uint32_t size,
                              az_error *err);

/* An operator pool (inspectors, technicians, setters) of `size` >= 1
 * people. *idx gets its index. */
az_status az_model_add_pool(az_model *m, const char *name, uint32_t size,
                            uint32_t *idx, az_error *err);

/* During shift `shift` (0-based, in the order az_model_add_shift added
 * them) the pool has `size` people instead of its base size (0 allowed:
 * nobody, machines needing the pool wait). People leaving at a shift change
 * finish what they hold first. */
az_status az_model_set_pool_shift_size(az_model *m, uint32_t pool,
                                       uint32_t shift, uint32_t size,
                                       az_error *err);

/* Changes a pool's base size (>= 1). */
az_status az_model_set_pool_size(az_model *m, uint32_t pool, uint32_t size,
                                 az_error *err);

typedef enum az_activity {
    AZ_ACT_PROCESS, /* an operator runs the process (manual inspection) */
    AZ_ACT_SETUP,   /* an operator does the changeover */
    AZ_ACT_REPAIR,  /* a technician repairs a failed machine */
    AZ_ACT_MAINTAIN /* a technician does planned maintenance */
} az_activity;

/* The station's machines need one person of `pool` for `what`, for as long
 * as it lasts. A machine waits (state "waiting for an operator") until one
 * is free; people serve waiting machines first come, first served. */
az_status az_model_set_operator(az_model *m, uint32_t station,
                                az_activity what, uint32_t pool,
                                az_error *err);

/* ---- shifts: when the line works ---- */

/* Time 0 is a Monday at 00:00. Without any shift the line works round the
 * clock. With shifts it works only inside them, less breaks and holidays.
 * Outside working time sources release nothing and no machine starts new
 * work; work in process finishes or pauses (az_model_set_off_shift). */

/* A shift from `start` to `end`, seconds after midnight (end <= start: it
 * ends the next day), on the weekdays in `days` (bit 0 Monday .. bit 6
 * Sunday). AZ_EINVAL unless 0 <= start < 86400, 0 <= end <= 86400,
 * start != end and days is in 1..0x7f. */
az_status az_model_add_shift(az_model *m, double start, double end,
                             unsigned days, az_error *err);
/* A daily break from `start` (seconds after midnight) for `duration`
 * seconds, taken out of every shift it overlaps. 0 <= start < 86400,
 * 0 < duration < 86400. */
az_status az_model_add_break(az_model *m, double start, double duration,
                             az_error *err);
/* *out = the line's working time in [from, to) (model time units): on
 * shift, less breaks and holidays; to - from for a line without shifts.
 * AZ_ENOMEM (then *out is 0) is its only failure. */
az_status az_model_working_time(const az_model *m, double from, double to,
                                double *out, az_error *err);

/* Names shift `shift` (0-based, in the order az_model_add_shift added
 * them; "day", "night"), for what shows the line's clock; NULL unnames
 * it. The name is copied. AZ_EINVAL for no such shift, AZ_ENOMEM; the
 * model is then unchanged. */
az_status az_model_set_shift_name(az_model *m, uint32_t shift,
                                  const char *name, az_error *err);
/* The line's shifts read back: start and end as az_model_add_shift took
 * them, its weekdays, its name (the model's, or NULL). */
typedef struct az_shift_view {
    double start, end; /* seconds after midnight; end <= start: the next
                        * day */
    unsigned days;     /* bit 0 Monday .. bit 6 Sunday */
    const char *name;
} az_shift_view;
size_t az_model_shift_count(const az_model *m);
/* 1 and *out, or 0 (*out zeroed) for no such shift. */
int az_model_shift_view(const az_model *m, uint32_t shift, az_shift_view *out);
/* Whether day `day` of the run is a holiday (az_model_add_holiday). */
int az_model_is_holiday(const az_model *m, uint32_t day);

/* Day `day` of the run (0 = the date of time 0: a Monday, or
 * the start, az_model_set_start) is a holiday: no work from
 * its 00:00 to its 24:00. Fails only with AZ_ENOMEM. */
az_status az_model_add_holiday(az_model *m, uint32_t day, az_error *err);

typedef enum az_off_shift {
    AZ_OFF_FINISH, /* a machine finishes the setup or process it is in */
    AZ_OFF_PAUSE   /* it stops, and resumes at the next shift */
} az_off_shift;
az_status az_model_set_off_shift(az_model *m, az_off_shift mode,
                                 az_error *err);

/* ---- calendars of their own: a station or pool on other hours ----
 *
 * A station or an operator pool follows the line's calendar (the shifts
 * above) unless given a calendar of its own: a named weekly pattern of
 * shifts and daily breaks; holidays are the line's. A station works only
 * inside its calendar, as the line does inside its shifts (units reaching
 * it off shift wait in its buffer; off_shift applies at its own ends); a
 * pool has its people only inside its calendar (its size inside, nobody
 * outside). Sources follow the line's calendar. The calendar's index
 * (*idx) is what the setters take; names are unique among calendars (a
 * namespace of their own). az_model_check fails (AZ_EBADMODEL) for a
 * calendar without shifts and for a pool on a calendar of its own that
 * has sizes by the line's shifts (az_model_set_pool_shift_size). */
#define AZ_LINE_CALENDAR UINT32_MAX
az_status az_model_add_calendar(az_model *m, const char *name, uint32_t *idx,
                                az_error *err);
/* A shift or a daily break of calendar `cal`, as az_model_add_shift and
 * az_model_add_break have for the line (same arguments, same checks). */
az_status az_model_add_calendar_shift(az_model *m, uint32_t cal,
                                      double start, double end,
                                      unsigned days, az_error *err);
az_status az_model_add_calendar_break(az_model *m, uint32_t cal,
                                      double start, double duration,
                                      az_error *err);
/* The station's or the pool's calendar: `cal`, or AZ_LINE_CALENDAR for
 * the line's (the default). */
az_status az_model_set_station_calendar(az_model *m, uint32_t station,
                                        uint32_t cal, az_error *err);
az_status az_model_set_pool_calendar(az_model *m, uint32_t pool,
                                     uint32_t cal, az_error *err);
size_t az_model_calendar_count(const az_model *m);
const char *az_model_calendar_name(const az_model *m, size_t i);
/* The station's calendar, or AZ_LINE_CALENDAR (also for no station). */
uint32_t az_model_station_calendar(const az_model *m, uint32_t station);

/* Appends a step visiting `station` to the product's route. */
az_status az_model_add_step(az_model *m, uint32_t product, uint32_t station,
                            uint32_t *step, az_error *err);

/* After from_step, go to to_step (a step of the same product, or AZ_EXIT)
 * with probability prob, 0 <= prob <= 1. A step's branches must sum to 1
 * (checked by az_model_check). */
az_status az_model_add_branch(az_model *m, uint32_t product,
                              uint32_t from_step, uint32_t to_step,
                              double prob, az_error *err);

/* The step is a test: a unit passes with probability `yield`. A unit that
 * fails goes to `rework_station` and then back to this step, at most
 * `max_rework` times (AZ_UNLIMITED: no limit); failing once more, or failing
 * with rework_station == AZ_NO_STATION, scraps it. 0 < yield <= 1. */
az_status az_model_set_step_test(az_model *m, uint32_t product, uint32_t step,
                                 double yield, uint32_t rework_station,
                                 uint32_t max_rework, az_error *err);

/* Sampling: only every `every`-th unit (every >= 1) of the product visits
 * this step; the others skip it. With `destructive`, a sampled unit is
 * scrapped after it (every >= 2 then, or no unit would leave). */
az_status az_model_set_step_sample(az_model *m, uint32_t product,
                                   uint32_t step, uint32_t every,
                                   int destructive, az_error *err);

/* A source releasing units with the given interarrival times. A constant 0
 * makes a saturated source (a unit is always ready), which needs a finite
 * buffer at the first station of what it releases. */
az_status az_model_add_source(az_model *m, const char *name,
                              const az_dist *interarrival, uint32_t *idx,
                              az_error *err);

/* The source releases `product` with weight `share` (0 <= share <= 1);
 * shares of a source must sum to 1 (checked by az_model_check). */
az_status az_model_source_add_product(az_model *m, uint32_t source,
                                      uint32_t product, double share,
                                      az_error *err);

/* CONWIP: the source releases only while fewer than `cap` units are in the
 * line (cap >= 1). With interarrival time 0 this is a pure CONWIP line. */
az_status az_model_set_wip_cap(az_model *m, uint32_t source, uint32_t cap,
                               az_error *err);

/* What an arrival does when its first station has no room: with queue 0
 * (the default) the source holds the unit and pauses until there is room;
 * with queue nonzero the unit enters the line at once into a queue in
 * front of its first station, and arrivals go on. Queued units count as
 * released, in the WIP and in the release backlog, and their lead time
 * includes the queue. Not with a WIP cap, nor with a zero interarrival
 * time and no plan or orders, which would queue without end
 * (az_model_check). AZ_EINVAL for an unknown source. */
az_status az_model_set_release_queue(az_model *m, uint32_t source,
                                     int queue, az_error *err);

/* Lots: the source draws a product from its mix once per lot of `lot`
 * units (lot >= 1) and releases the lot's units one after another, one
 * per interarrival time; with `together` nonzero they arrive at once and
 * the interarrival time separates lots (a blocked release waits as any
 * does: the next lot's time starts when the lot's last unit is in). Lots are drawn with weights
 * share / lot size, so that the units keep the mix's shares whatever
 * each product's lot size. A source with lots has no sequence or plan
 * (az_model_check). AZ_EINVAL for lot 0; the model is then unchanged. */
az_status az_model_set_lot(az_model *m, uint32_t source, uint32_t lot,
                           int together, az_error *err);

/* A product's own lot size at a source with lots (az_model_set_lot),
 * instead of the source's. AZ_EINVAL for lot 0 or an unknown source or
 * product; AZ_ENOMEM; the model is then unchanged. */
az_status az_model_set_product_lot(az_model *m, uint32_t source,
                                   uint32_t product, uint32_t lot,
                                   az_error *err);

/* The lot size of product at source, 0 if the source releases no lots
 * (or the index is out of range); *together (may be NULL) gets whether a
 * lot's units arrive at once. */
uint32_t az_model_source_lot(const az_model *m, uint32_t source,
                             uint32_t product, int *together);

/* The source releases products in this repeating order instead of drawing
 * them from its mix (which then only has to name them). n >= 1; the array
 * is copied and replaces an earlier sequence. */
az_status az_model_set_sequence(az_model *m, uint32_t source,
                                const uint32_t *products, uint32_t n,
                                az_error *err);

/* Campaigns: the source releases one family at a time, in this order and
 * over again: `units` units of `family` (its products drawn by the mix,
 * renormalised over the family), or as many as it releases in `time`
 * (from the campaign's first release; the first release after it begins
 * the next), then the next campaign. Exactly one of units (>= 1) and time
 * (> 0, finite) is given, the other 0. The family must have a product in
 * the source's mix with a share > 0 (az_model_check). A source with
 * campaigns has no lots, sequence, plan or orders. az_model_set_campaigns
 * copies the n >= 1 campaigns (their family names too) over earlier ones;
 * AZ_EINVAL for n 0, an empty family name, or not exactly one of units
 * and time; AZ_ENOMEM. The model is then unchanged. */
typedef struct az_campaign {
    const char *family;
    uint32_t units;
    double time;
} az_campaign;
az_status az_model_set_campaigns(az_model *m, uint32_t source,
                                 const az_campaign *campaigns, uint32_t n,
                                 az_error *err);

/* A production plan: on day `day` (0 = time 0's date), `quantity` units
 * of `product` are due. They are released from the start of that day, in
 * plan order, one per interarrival time (0: as fast as the first station
 * takes them), and the source waits when the plan is done. The source's
 * mix is not used. az_model_set_plan copies the n >= 1 entries, whose days
 * must not decrease, over an earlier plan. */
typedef struct az_plan_entry {
    uint32_t day, product, quantity;
} az_plan_entry;
az_status az_model_set_plan(az_model *m, uint32_t source,
                            const az_plan_entry *entries, uint32_t n,
                            az_error *err);

/* A customer order: `quantity` units of `product` released from time
 * `release` (the model's time units after time 0) and due at `due`. Its
 * units are released one per interarrival time, after the units of the
 * orders released before it (or, by priority, of the more urgent ones),
 * and it is complete when its last unit has left the line. priority: 1
 * most urgent, ..., 0 none (the product's; az_model_set_product_priority). */
typedef struct az_order {
    const char *id;     /* unique in the model; copied */
    uint32_t product, quantity;
    double release, due;
    uint32_t priority;
} az_order;

/* The source releases these n >= 1 orders instead of its mix, sequence or
 * plan (the mix only has to name its products, if it has any). They are
 * copied and kept sorted by release time, the given order breaking ties;
 * with by_priority nonzero, the source takes next, among the orders
 * released and not yet started, the most urgent (0 last), else the first.
 * An earlier order list of the source is replaced. AZ_EINVAL for n 0, an
 * unknown product, a quantity of 0, an empty or repeated id, a release
 * < 0 or not finite, a due date not finite; AZ_ENOMEM. The model is then
 * unchanged. A due date may precede the release: an order already late
 * when the run starts (released before time 0, at 0 here). */
az_status az_model_set_orders(az_model *m, uint32_t source,
                              const az_order *orders, uint32_t n,
                              int by_priority, az_error *err);

/* The model's orders, those of source 0 first, each source's by release
 * time: order i (0 <= i < az_model_order_count) into *out, whose id stays
 * the model's. AZ_EINVAL for i out of range. */
size_t az_model_order_count(const az_model *m);
az_status az_model_order(const az_model *m, size_t i, az_order *out,
                         az_error *err);

/* Checks the whole model: every source releases something, shares and
 * branch probabilities sum to 1, every product has a route, and every step
 * can reach AZ_EXIT (otherwise units would be trapped forever). Returns
 * AZ_EBADMODEL with the first problem found in err, or AZ_ENOMEM; never
 * changes m. */
az_status az_model_check(const az_model *m, az_error *err);

/* The run's date: time 0 is this instant, given as seconds since
 * 1970-01-01 00:00 on the plant's clock (counted as UTC: no time zone, no
 * daylight saving). Its weekday and clock time place the shift calendar,
 * and day numbers (holidays, plan days, orders' run days) count from its
 * date: day 0 is the date of time 0. Without it time 0 is a Monday at
 * 00:00. AZ_EINVAL for a time before 1970 or after 9999; the model is
 * then unchanged. az_model_start gives 1 and *seconds if it is set. */
az_status az_model_set_start(az_model *m, int64_t seconds, az_error *err);
int az_model_start(const az_model *m, int64_t *seconds);

/* The model's time unit: its name ("s", "min", "h") and its length in
 * seconds. Default: "s", 1. Reports use it to give rates per hour and per
 * year. AZ_EINVAL unless name has 1 to 15 characters and seconds is finite
 * and > 0. The name returned is the model's; setting it again changes it. */
az_status az_model_set_time_unit(az_model *m, const char *name,
                                 double seconds, az_error *err);
const char *az_model_time_unit(const az_model *m);
double az_model_time_unit_seconds(const az_model *m);

const char *az_model_name(const az_model *m);
size_t az_model_station_count(const az_model *m);
const char *az_model_station_name(const az_model *m, size_t i);
uint32_t az_model_station_machines(const az_model *m, size_t i);
/* Input buffer capacity, or AZ_UNLIMITED. */
uint32_t az_model_station_buffer(const az_model *m, size_t i);
size_t az_model_product_count(const az_model *m);
const char *az_model_product_name(const az_model *m, size_t i);
const char *az_model_product_family(const az_model *m, size_t i);
size_t az_model_source_count(const az_model *m);
size_t az_model_pool_count(const az_model *m);
const char *az_model_pool_name(const az_model *m, size_t i);
uint32_t az_model_pool_size(const az_model *m, size_t i);

/* ---- a model read back (model_read.c): what a drawing of the line or a
 * binding shows. Out of range, they return 0 (and zero *out) or NULL. ---- */

const char *az_model_source_name(const az_model *m, size_t i);
/* 1 if the source releases `product`: by its plan, orders or sequence
 * when it has one, else by its mix with a share > 0. */
int az_model_source_releases(const az_model *m, uint32_t source,
                             uint32_t product);
typedef struct az_source_view {
    double interarrival;  /* the mean time between releases (0: as fast
                           * as the line takes them) */
    uint32_t wip_cap;     /* CONWIP: most units in the line; 0: none */
    uint32_t lot;         /* units per lot; 0: no lots */
    uint32_t plan, orders, sequence, campaigns; /* their entries; 0: none */
} az_source_view;
int az_model_source_view(const az_model *m, uint32_t source,
                         az_source_view *out);

typedef struct az_station_view {
    uint32_t machines;
    uint32_t buffer;      /* input buffer capacity, or AZ_UNLIMITED */
    int conveyor;         /* the input buffer has a transport time */
    uint32_t batch_min, batch_max; /* batch_max 0: one unit at a time */
    uint32_t carton;      /* units per carton; 0: no packaging */
    uint32_t components;  /* assembly: the components it joins (kinds) */
} az_station_view;
int az_model_station_view(const az_model *m, uint32_t station,
                          az_station_view *out);
/* The k-th component (k < components) the station joins, and how many of
 * it go onto each unit. */
int az_model_station_component(const az_model *m, uint32_t station,
                               uint32_t k, uint32_t *product, uint32_t *qty);

/* A product's route: its steps in the order added (az_model_add_step). */
uint32_t az_model_step_count(const az_model *m, uint32_t product);
typedef struct az_step_view {
    uint32_t station;
    double yield;          /* pass probability; 1: the step is no test */
    uint32_t rework;       /* rework station, or AZ_NO_STATION */
    uint32_t max_rework;   /* AZ_UNLIMITED: no limit */
    uint32_t sample_every; /* <= 1: every unit visits it */
    int destructive;       /* a sampled unit is scrapped after it */
    uint32_t branches;     /* 0: the next step, or exit after the last */
} az_step_view;
int az_model_step_view(const az_model *m, uint32_t product, uint32_t step,
                       az_step_view *out);
/* Branch k (k < branches) of a step: *to a step of the product or AZ_EXIT,
 * *prob its probability. */
int az_model_step_branch(const az_model *m, uint32_t product, uint32_t step,
                         uint32_t k, uint32_t *to, double *prob);

#endif
