/*
 * sections.h: the model file's sections, each read (pass 1), cross-checked
 * (pass 2) and built (pass 3) when load.c says so. One file and one prefix
 * per section:
 *
 *   sections.c  azi_sections_    run, products, release, buffers
 *   section_keys.c azi_section_keys_ their keys: the field tables
 *   station.c   azi_stations_    stations, assembly
 *   station_keys.c azi_station_keys_ a station's keys: its field tables
 *   maintain.c  azi_maintenance_ a station's planned maintenance
 *   operators.c azi_operators_   operator pools
 *   route.c     azi_routes_      routes and their steps
 *   shift.c     azi_shifts_      shifts, breaks, holidays
 *   plan.c      azi_plan_        the production plan, a CSV file
 *   orders.c    azi_orders_      the order list, a CSV file
 *   campaign.c  azi_campaigns_   the release's campaigns
 *   loop.c      azi_loops_       the deadlock warning for loops
 *   improve.c   azi_improvement_ the `improve:` section
 *   optimize.c  azi_optimization_ the `optimize:` section
 *
 * A section calls the layers below (spec.h: names.c; value.h; doc.h),
 * never load.c. Calls between sections go one way only: sections.c calls
 * plan.c (the release's plan) and route.c (azi_routes_adjacent); no
 * section calls sections.c, and plan.c and route.c call no other section;
 * sections.c reads with the tables of section_keys.c, which names the
 * campaigns' type;
 * station.c calls maintain.c, which calls none, and reads with the
 * tables of station_keys.c, which names maintain.c's type.
 * The order of the passes' calls is load.c's (load_tree).
 */
#ifndef AZALEA_LOAD_SECTIONS_H
#define AZALEA_LOAD_SECTIONS_H

#include "load/spec.h"

/* ---- sections.c: run, products, release, buffers ------------------------- */

/* ---- section_keys.c: the keys of run, products, release, buffers ---- */

/* The run's defaults, read by azi_sections_read_run and written in the
 * schema by its table. */
#define AZI_DEFAULT_HORIZON "30 d"
#define AZI_DEFAULT_REPS 10
#define AZI_DEFAULT_SEED 1
#define AZI_DEFAULT_LEVEL 0.95
/* Bits of the run's table, for seen. */
enum { RUN_HORIZON = BIT(0), RUN_START = BIT(5) };
/* The tables sections.c reads with (OBJECT types: run, one product, the
 * release, one buffer), and the sections as the model has them. */
extern const azi_load_type azi_section_keys_run, azi_section_keys_product,
    azi_section_keys_release, azi_section_keys_buffer,
    azi_section_keys_products, azi_section_keys_buffers;

void azi_sections_read_run(azi_load *L, model_spec *ms);
void azi_sections_read_products(azi_load *L, model_spec *ms);
void azi_sections_read_release(azi_load *L, model_spec *ms);
void azi_sections_read_buffers(azi_load *L, model_spec *ms);
/* Routes of products: by `route`, else by the product's name, else
 * `default`. Needs the routes read. */
void azi_sections_resolve_products(azi_load *L, model_spec *ms);
/* Per-product process times of stations: their products. */
void azi_sections_resolve_by_product(azi_load *L, model_spec *ms);
/* `to` and `from` of buffers; a batch fits its buffer. Needs the routes
 * resolved. */
void azi_sections_resolve_buffers(azi_load *L, model_spec *ms);
/* The plan's and the sequence's products. */
void azi_sections_resolve_release(azi_load *L, model_spec *ms);
/* The mix sums to 1, and is not given with a plan. */
void azi_sections_check_mix(azi_load *L, model_spec *ms);
/* A WIP cap that cartons or batches could fill for good. */
void azi_sections_check_wip_cap(azi_load *L, model_spec *ms);
/* The source, its mix, sequence or plan, and its WIP cap. Needs the
 * products built. */
az_status azi_sections_build_release(azi_load *L, const model_spec *ms,
                                     az_model *m);

/* ---- station.c: stations and assembly ------------------------------------ */

/* ---- station_keys.c: the keys of a station and its blocks ----------- */

/* The dispatching rules' names, in the order of az_dispatch_rule. */
#define AZI_NDISPATCH 7
extern const char *const azi_station_keys_dispatch[AZI_NDISPATCH];
/* The tables station.c reads a station and its blocks with (OBJECT
 * types), and the `stations` section (a MAP). */
extern const azi_load_type azi_station_keys_station,
    azi_station_keys_component, azi_station_keys_pair,
    azi_station_keys_setup, azi_station_keys_failures,
    azi_station_keys_batch, azi_station_keys_stations;
/* A station's machines when it does not say. */
extern const uint32_t azi_station_keys_machines;

void azi_stations_read(azi_load *L, model_spec *ms);
/* Operator pools, families of changeovers. */
void azi_stations_resolve(azi_load *L, model_spec *ms);
/* Components: products, their routes, their release. Needs routes,
 * products and the release resolved. */
void azi_stations_check_assembly(azi_load *L, model_spec *ms);
az_status azi_stations_build(azi_load *L, const model_spec *ms,
                             az_model *m);
/* Needs the products built. */
az_status azi_stations_build_assembly(azi_load *L, const model_spec *ms,
                                      az_model *m);

/* ---- maintain.c: a station's `maintenance` block ------------------------- */

/* The block of station s (pass 1): its keys, `every` by its clock, and
 * a duration no longer than the interval. */
extern const azi_load_type azi_maintenance_type;
void azi_maintenance_read(azi_load *L, station_spec *s, const char *what);
/* az_model_set_maintenance, and the technicians' pool (resolved by
 * station.c). Needs the pools and the station built. */
az_status azi_maintenance_build(azi_load *L, const model_spec *ms,
                                const station_spec *s, az_model *m);

/* ---- operators.c: operator pools ----------------------------------------- */

extern const azi_load_type azi_operators_type;
void azi_operators_read(azi_load *L, model_spec *ms);
/* The shifts pools' sizes by shift name. Needs the shifts read. */
void azi_operators_resolve(azi_load *L, model_spec *ms);
/* Sizes by shift. Needs the pools and the shifts built. */
az_status azi_operators_build_shifts(azi_load *L, const model_spec *ms,
                                     az_model *m);

/* ---- route.c: routes and their steps ------------------------------------- */

extern const azi_load_type azi_routes_type;
void azi_routes_read(azi_load *L, model_spec *ms);
/* Stations, rework stations, yields by product, packaging as the last
 * step. Needs the stations and products read. */
void azi_routes_resolve(azi_load *L, model_spec *ms);
/* Whether some route goes from station `from` straight to `to` (a rework
 * trip counts both ways). */
int azi_routes_adjacent(const model_spec *ms, long from, long to);
az_status azi_routes_build_steps(azi_load *L, const model_spec *ms,
                                 const product_spec *p, az_model *m);

/* ---- shift.c: shifts, breaks, holidays ----------------------------------- */

extern const azi_load_type azi_shifts_type;
void azi_shifts_read(azi_load *L, model_spec *ms);
az_status azi_shifts_build(azi_load *L, const model_spec *ms,
                           az_model *m);

/* ---- loop.c: loops of finite buffers ------------------------------------- */

/* Warns of each loop of stations with finite buffers that units go round
 * (a revisit, a rework trip): it can deadlock. Needs a model that built. */
void azi_loops_warn(azi_load *L, const model_spec *ms);

/* ---- plan.c: the production plan (a CSV file) ---------------------------- */

/* Reads the plan file release.plan names (needs the model's directory and
 * reader in L): rows, header, integers, day order. */
/* ---- campaign.c: the release's campaigns ---- */
extern const azi_load_type azi_campaigns_list;
void azi_campaigns_read(azi_load *L, model_spec *ms);
void azi_campaigns_resolve(azi_load *L, model_spec *ms);
az_status azi_campaigns_build(azi_load *L, const model_spec *ms, az_model *m,
                              uint32_t source);

/* ---- orders.c: the order list, a CSV file ---- */
void azi_orders_read(azi_load *L, model_spec *ms);
void azi_orders_resolve(azi_load *L, model_spec *ms);
az_status azi_orders_build(azi_load *L, const model_spec *ms, az_model *m,
                           uint32_t source);

void azi_plan_read(azi_load *L, model_spec *ms);
/* The products the rows name. Needs the products read. */
void azi_plan_resolve(azi_load *L, model_spec *ms);
az_status azi_plan_build(azi_load *L, const model_spec *ms, az_model *m,
                         uint32_t source);

/* ---- improve.c: the `improve:` section ----------------------------------- */

/* Checked (m NULL, pass 2) or added to m (pass 3) by the same walk. */
extern const azi_load_type azi_improvement_type;
void azi_improvement_load(azi_load *L, const model_spec *ms, az_model *m);
extern const azi_load_type azi_optimization_type;
/* After azi_improvement_load, whose costs ranges take by default. */
void azi_optimization_load(azi_load *L, const model_spec *ms, az_model *m);

#endif
