/*
 * state.h: the shop floor at an instant, to start runs from (a digital
 * twin's "where do we stand now"). A state file (YAML, docs/twin.md) says
 * when it was taken and what is where: units in buffers and on machines,
 * machines down or set up, components in assembly stores, and how far the
 * orders have come. az_sim_set_initial (sim.h) and the experiment's
 * `initial` start every replication from it instead of an empty line: the
 * clock starts at the state's time, on the model's shift calendar, and
 * what the state leaves out starts fresh (docs/twin.md lists each
 * default).
 *
 * A state belongs to the model it was loaded against (it names its
 * stations, products and orders by index) and must not outlive it. It is
 * read only after loading: several threads may start runs from one.
 */
#ifndef AZALEA_STATE_H
#define AZALEA_STATE_H

#include <stddef.h>
#include <stdint.h>

#include "azalea/error.h"
#include "azalea/experiment.h"
#include "azalea/load.h"
#include "azalea/model.h"
#include "azalea/sim.h"

typedef struct az_state az_state;

/* Loads the state file at path against model m. Every problem is reported
 * (opt->on_problem) with file, line and column, as for a model file: an
 * unknown station, product or order, a product that never visits the
 * station, more units in a buffer than its capacity or on a station than
 * it has machines, a negative time. On AZ_OK *out is yours (az_state_free)
 * and m must outlive it. On error *out is NULL and nothing leaks:
 * AZ_EBADMODEL for a bad state, AZ_EIO if the file cannot be read,
 * AZ_ENOMEM, AZ_EINVAL for a NULL argument. opt may be NULL (overrides in
 * it are not applied to states). */
az_status az_state_load_file(const az_model *m, const char *path,
                             const az_load_options *opt, az_state **out,
                             az_error *err);
/* The same from len bytes of text; `name` (or "<string>") in messages. */
az_status az_state_load_string(const az_model *m, const char *text,
                               size_t len, const char *name,
                               const az_load_options *opt, az_state **out,
                               az_error *err);
/* Frees st; NULL is a no-op. */
void az_state_free(az_state *st);

/* When the state was taken, in model time units from the model's time 0
 * (its `run: start`, or a Monday 00:00). */
double az_state_time(const az_state *st);
/* Units in the line in it (buffers, machines, conveyors; not components
 * in stores, which are counted apart). */
uint64_t az_state_units(const az_state *st);
/* The horizon of a forecast from the state's time, in model time units:
 * to "end of shift" (of the shift working then, else of the next one),
 * "end of day" (midnight), "end of week" (Monday 00:00), or a duration
 * such as "3 d". AZ_EINVAL, saying why, for anything else or a line with
 * no shift to end; AZ_ENOMEM. */
az_status az_state_horizon(const az_state *st, const char *what,
                           double *horizon, az_error *err);
/* Runs replication cfg->replication of s (from its initial state, if it
 * has one) up to time `at` (model time units from time 0), and writes the
 * state then, before anything happens at `at`, as a state file: the shop
 * floor, and the engine's own section with which replication 0 of a run
 * from it goes on exactly (docs/twin.md). cfg's seed, replication and
 * warm-up are used, not its horizon. On AZ_OK *text is yours (free()).
 * AZ_EINVAL for `at` not after the run's start; the run's errors. */
struct az_run_config;
az_status az_sim_snapshot(az_sim *s, const struct az_run_config *cfg,
                          double at, char **text, az_error *err);
/* A time on model m's clock, in model units from time 0: a run day and a
 * clock time ("2 14:00"), a date-time with the model's run start
 * ("2026-12-09T14:00"), or a duration from time 0 ("2.5 d"). AZ_EINVAL,
 * saying what was expected, otherwise or before time 0. */
az_status az_state_parse_time(const az_model *m, const char *text,
                              double *t, az_error *err);
/* ---- a forecast: how the replications of a run from a state spread ----
 * (docs/twin.md). Quantiles are az_summary_quantile's: a future, not a
 * mean's CI. */
typedef struct az_order_forecast {
    int open;          /* not complete at the state's time, and released
                        * by the horizon: worth forecasting */
    double p10, p50, p90; /* completion (model time units from time 0);
                        * INFINITY: after the horizon */
    double on_time;    /* share of replications complete by its due date */
    uint32_t undecided; /* replications that cannot say: not complete, and
                        * the horizon ends before the due date (on_time is
                        * then a lower bound) */
} az_order_forecast;
/* When the units of entry k of st's `units` list (0-based, in the file's
 * order), or with k = az_state_entries(st) all the units in the line at
 * the start, have left it: P10, P50, P90 over the replications summarised
 * by s (INFINITY: after the horizon). AZ_EINVAL for k out of range or a
 * summary not of a run from st. */
az_status az_forecast_entry(const az_state *st, const az_summary *s,
                            size_t k, double *p10, double *p50, double *p90,
                            az_error *err);
/* The entries of its `units` list; entry k's station, product and count. */
size_t az_state_entries(const az_state *st);
void az_state_entry(const az_state *st, size_t k, uint32_t *station,
                    uint32_t *product, uint32_t *count);
/* Order i (az_model_order's index) of a run from state st, summarised by
 * s. AZ_EINVAL for i out of range or a summary without that order. */
az_status az_forecast_order(const az_state *st, const az_summary *s,
                            size_t i, az_order_forecast *out, az_error *err);
/* Whether it has a snapshot's engine section (replication 1 of a run
 * from it continues exactly). */
int az_state_engine(const az_state *st);
/* The model it belongs to. */
const az_model *az_state_model(const az_state *st);

#endif
