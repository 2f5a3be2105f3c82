/*
 * station_keys.c: the keys of a station and of its blocks (setup,
 * failures, batch, carton, assembly): the field tables station.c reads
 * them with, each key's reader, type, default and meaning, which
 * schema.c writes out. Prefix azi_station_keys_.
 *
 * Data and the small readers the tables name; the reading of each block
 * and every check that spans keys is station.c's (maintenance is
 * maintain.c's). The order of a table matters where station.c names a
 * key by its bit (ST_* in spec.h, SETUP_* and BATCH_* in station.c).
 */
#include "load/sections.h"

#include <string.h>

/* The dispatching rules' names, in the order of az_dispatch_rule. */
const char *const azi_station_keys_dispatch[AZI_NDISPATCH] = {
    "fifo", "same_product", "same_family", "shortest_setup", "earliest_due",
    "priority", "shortest_process"};
static const azi_load_type T_DISPATCH = {.kind = AZI_T_ENUM,
    .names = azi_station_keys_dispatch, .nnames = AZI_NDISPATCH};

static int read_dispatch(azi_load *L, const azi_load_node *v, void *slot)
{
    return azi_value_choice(L, v, "dispatch rule", T_DISPATCH.names,
                            T_DISPATCH.nnames, slot);
}

/* `carton`: a size, `carton: 10`, or a size and the time a full carton
 * takes to pack, `carton: {size: 10, time: 40 s}`. */
static const azi_load_field CARTON_FIELDS[] = {
    AZI_FIELD("size", u32_min1, OFF(station_spec, carton), 1, NULL,
              "units per carton"),
    AZI_FIELD("time", dist, OFF(station_spec, pack), 0, NULL,
              "what a full carton takes to pack"),
};
static const azi_load_type T_CARTON_OBJ = {.kind = AZI_T_OBJECT,
    .fields = CARTON_FIELDS, .nfields = NFIELDS(CARTON_FIELDS)};
static const azi_load_type *const CARTON[] = {&azi_type_u32_min1,
                                              &T_CARTON_OBJ};
static const azi_load_type T_CARTON = {.kind = AZI_T_ONE_OF, .alt = CARTON,
                                       .nalt = 2};

static int read_carton(azi_load *L, const azi_load_node *v, void *slot)
{
    station_spec *s = (station_spec *)((char *)slot -
                                       offsetof(station_spec, carton));
    if (v->kind != AZI_LOAD_MAP)
        return azi_value_u32_min1(L, v, slot);
    azi_load_seen seen;
    azi_fields_read(L, v, CARTON_FIELDS, NFIELDS(CARTON_FIELDS), s,
                    "'carton'", 0, &seen);
    s->has_pack = (seen.valid & BIT(1)) != 0;
    return seen.valid == seen.present && (seen.valid & BIT(0));
}

/* A store's capacity: an integer >= 1, or `unlimited` as for buffers. */
static const azi_load_type *const STORE[] = {&azi_type_u32_min1,
                                             &azi_type_unlimited};
static const azi_load_type T_STORE = {.kind = AZI_T_ONE_OF, .alt = STORE,
                                      .nalt = 2};
static int read_store(azi_load *L, const azi_load_node *v, void *slot)
{
    if (v && v->kind == AZI_LOAD_SCALAR &&
        !strcmp(v->text, azi_type_unlimited.names[0])) {
        *(uint32_t *)slot = AZ_UNLIMITED;
        return 1;
    }
    return azi_value_u32_min1(L, v, slot);
}

/* A component's long form in `assemble`: {quantity: 1, store: 20}. */
static const azi_load_field COMPONENT_FIELDS[] = {
    AZI_FIELD("quantity", u32_min1, OFF(comp_spec, qty), 1, NULL,
              "units of the component joined onto each unit"),
    {"store", read_store, OFF(comp_spec, store), 0, &T_STORE,
     "\"unlimited\"", "the capacity of the component's store at the "
     "station"},
};
const azi_load_type azi_station_keys_component = {.kind = AZI_T_OBJECT,
    .fields = COMPONENT_FIELDS, .nfields = NFIELDS(COMPONENT_FIELDS)};
static const azi_load_type *const COMPONENT[] = {&azi_type_u32_min1,
    &azi_station_keys_component};
static const azi_load_type T_COMPONENT = {.kind = AZI_T_ONE_OF,
    .alt = COMPONENT, .nalt = 2};
/* An empty or null `assemble` is none (read_assemble). */
static const azi_load_type T_ASSEMBLE = {.kind = AZI_T_MAP,
    .flags = AZI_T_NULL, .item = &T_COMPONENT};

static const azi_load_field PAIR_FIELDS[] = {
    AZI_NODE("from", OFF(setup_pair, from), 1, &azi_type_name, NULL,
             "the family changed from"),
    AZI_NODE("to", OFF(setup_pair, to), 1, &azi_type_name, NULL,
             "the family changed to"),
    AZI_FIELD("time", dist, OFF(setup_pair, time), 1, NULL,
              "the changeover's time"),
};
const azi_load_type azi_station_keys_pair = {.kind = AZI_T_OBJECT,
    .fields = PAIR_FIELDS, .nfields = NFIELDS(PAIR_FIELDS)};
/* An empty list is none (so --set can take the pairs away). */
static const azi_load_type T_PAIRS = {.kind = AZI_T_LIST,
                                      .item = &azi_station_keys_pair};

static const azi_load_field SETUP_FIELDS[] = {
    AZI_FIELD("same_family", dist, OFF(setup_spec, same), 0, NULL,
              "the product changes, the family stays"),
    AZI_FIELD("other_family", dist, OFF(setup_spec, other), 0, NULL,
              "the family changes"),
    AZI_NODE("between", OFF(setup_spec, between), 0, &T_PAIRS, NULL,
             "a time for one pair of families, overriding the two rules"),
    AZI_NODE("operator", OFF(setup_spec, op), 0, &azi_type_name, NULL,
             "a person of this pool does every changeover"),
    AZI_FIELD("first", dist, OFF(setup_spec, first), 0, NULL,
              "a first-part setup: before each machine's first unit of a "
              "run"),
};
const azi_load_type azi_station_keys_setup = {.kind = AZI_T_OBJECT,
    .fields = SETUP_FIELDS, .nfields = NFIELDS(SETUP_FIELDS)};

/* In the order of az_failure_clock. */
static const char *const CLOCK[] = {"operating", "calendar", "processing",
                                    "cycles"};
static const azi_load_type T_CLOCK = {.kind = AZI_T_ENUM, .names = CLOCK,
                                      .nnames = 4};
static int read_clock(azi_load *L, const azi_load_node *v, void *slot)
{
    return azi_value_choice(L, v, "clock", T_CLOCK.names, T_CLOCK.nnames,
                            slot);
}

/* `between`: times, or counts on the cycle clock (read_failures). */
static const azi_load_type *const BETWEEN[] = {&azi_type_dist,
                                               &azi_type_count_dist};
static const azi_load_type T_BETWEEN = {.kind = AZI_T_ONE_OF, .alt = BETWEEN,
                                        .nalt = 2};

/* between (bit 0) is read once the clock (bit 2) is known. */
static const azi_load_field FAILURE_FIELDS[] = {
    AZI_NODE("between", OFF(failure_spec, between_node), 1, &T_BETWEEN, NULL,
             "time between failures; with `clock: cycles`, cycles between "
             "failures"),
    AZI_FIELD("repair", dist, OFF(failure_spec, repair), 1, NULL,
              "time to repair"),
    {"clock", read_clock, OFF(failure_spec, clock), 0, &T_CLOCK, NULL,
     "whether `between` counts working time (setup and processing), all "
     "time, processing time only (a wear part that setups do not wear), or "
     "cycles"},
    AZI_NODE("operator", OFF(failure_spec, op), 0, &azi_type_name, NULL,
             "a technician of this pool does every repair"),
};
const azi_load_type azi_station_keys_failures = {.kind = AZI_T_OBJECT,
    .fields = FAILURE_FIELDS, .nfields = NFIELDS(FAILURE_FIELDS)};

static const azi_load_field BATCH_FIELDS[] = {
    AZI_FIELD("max", u32_min1, OFF(batch_spec, max), 1, NULL,
              "units per batch at most"),
    AZI_FIELD("min", u32_min1, OFF(batch_spec, min), 0, NULL,
              "units a batch needs to start on `max_wait`"),
    AZI_FIELD("max_wait", duration, OFF(batch_spec, max_wait), 0, NULL,
              "a batch of at least `min` starts when its oldest unit has "
              "waited this long"),
    AZI_FIELD("family_pure", bool, OFF(batch_spec, family_pure), 0, NULL,
              "a batch holds one family only (the oldest unit's)"),
};
const azi_load_type azi_station_keys_batch = {.kind = AZI_T_OBJECT,
    .fields = BATCH_FIELDS, .nfields = NFIELDS(BATCH_FIELDS)};

static const azi_load_type T_BY_PRODUCT = {.kind = AZI_T_MAP,
    .flags = AZI_T_NULL, .item = &azi_type_dist};
/* One per machine: at least one (read_speeds). */
static const azi_load_type T_SPEEDS = {.kind = AZI_T_LIST,
    .flags = AZI_T_NONEMPTY, .item = &azi_type_positive};

/* The station's default machines, read by azi_stations_read. */
#define MACHINES 1
const uint32_t azi_station_keys_machines = MACHINES;

/* The order matters: ST_* in spec.h are bits of this table. */
static const azi_load_field STATION_FIELDS[] = {
    AZI_FIELD("machines", u32_min1, OFF(station_spec, machines), 0,
              AZI_STR(MACHINES), "identical parallel machines"),
    AZI_FIELD("process", dist, OFF(station_spec, process), 1, NULL,
              "process time per unit (per batch at a batch station)"),
    AZI_NODE("process_by_product", OFF(station_spec, by), 0, &T_BY_PRODUCT,
             NULL, "process times that differ by product"),
    AZI_NODE("speeds", OFF(station_spec, speeds), 0, &T_SPEEDS, NULL,
             "machine i takes process time / speeds[i]"),
    AZI_NODE("setup", OFF(station_spec, setup_node), 0,
             &azi_station_keys_setup, NULL,
             "changeovers when the product changes"),
    AZI_NODE("failures", OFF(station_spec, fail_node), 0,
             &azi_station_keys_failures, NULL,
             "breakdowns and repairs, per machine"),
    AZI_NODE("batch", OFF(station_spec, batch_node), 0,
             &azi_station_keys_batch, NULL,
             "the station processes batches (curing ovens)"),
    {"carton", read_carton, OFF(station_spec, carton), 0, &T_CARTON, NULL,
     "packaging: units leave in cartons of this many, one product per "
     "carton; `time`: what a full carton takes to pack"},
    AZI_NODE("operator", OFF(station_spec, op), 0, &azi_type_name, NULL,
             "a person of this pool runs every process (manual inspection)"),
    AZI_NODE("assemble", OFF(station_spec, assemble), 0, &T_ASSEMBLE, NULL,
             "assembly: join this many units of each component product onto "
             "every other unit; `store` limits the component's store"),
    AZI_FIELD("scrap_kits", bool, OFF(station_spec, scrap_kits), 0, NULL,
              "assembly: a unit scrapped before this station takes one kit "
              "of its components with it"),
    {"dispatch", read_dispatch, OFF(station_spec, dispatch), 0, &T_DISPATCH,
     NULL, "how an idle machine chooses its next unit from the buffer (see "
     "[Dispatching](#dispatching))"},
    AZI_NODE("maintenance", OFF(station_spec, maint_node), 0,
             &azi_maintenance_type, NULL,
             "planned (preventive) maintenance, per machine"),
    AZI_NODE("calendar", OFF(station_spec, cal_node), 0, &azi_type_name, NULL,
             "the station's own working hours (see [Calendars of their "
             "own](#calendars-of-their-own))"),
};
const azi_load_type azi_station_keys_station = {.kind = AZI_T_OBJECT,
    .fields = STATION_FIELDS, .nfields = NFIELDS(STATION_FIELDS),
    .ref = "station", .doc = "a station: parallel machines and what they "
    "do"};
const azi_load_type azi_station_keys_stations = {.kind = AZI_T_MAP,
    .flags = AZI_T_NONEMPTY, .item = &azi_station_keys_station};
