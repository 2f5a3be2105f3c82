/*
 * section_keys.c: the keys of the model file's small sections (run,
 * products, release, buffers): the field tables sections.c reads them
 * with, each key's reader, type, default and meaning, which schema.c
 * writes out. Prefix azi_section_keys_.
 *
 * Data and the small readers the tables name; the reading of each
 * section and every check that spans keys is sections.c's. The order of
 * a table matters where sections.c names a key by its bit (REL_*,
 * PRODUCT_*, BUFFER_* in spec.h, RUN_* in sections.h).
 */
#include "load/sections.h"
#include "util/date.h"

/* The limit and the words of --reps (AZ_MAX_REPLICATIONS). */
static int read_reps(azi_load *L, const azi_load_node *v, void *slot)
{
    char shown[64];
    uint64_t x;
    if (v->kind == AZI_LOAD_SCALAR &&
        !azi_value_parse_uint(v->text, AZ_MAX_REPLICATIONS, &x) && x >= 1) {
        *(uint32_t *)slot = (uint32_t)x;
        return 1;
    }
    azi_load_report(L, v->loc, "expected a whole number from 1 to %u, got %s",
                    AZ_MAX_REPLICATIONS,
                    v->kind == AZI_LOAD_SCALAR
                        ? azi_names_quoted(v->text, shown, sizeof shown)
                        : azi_yaml_desc(v, shown, sizeof shown));
    return 0;
}

/* `start`: a date and a clock time, "2026-12-07T06:00". */
static int read_start(azi_load *L, const azi_load_node *v, void *slot)
{
    char got[64];
    if (v->kind == AZI_LOAD_SCALAR && azi_date_parse(v->text, slot))
        return 1;
    azi_load_report(L, v->loc, "expected a date and time such as "
                    "'2026-12-07T06:00' (or a date, '2026-12-07'), got %s",
                    azi_yaml_desc(v, got, sizeof got));
    return 0;
}

static const azi_load_type T_REPS = {.kind = AZI_T_INT, .min = 1,
                                     .max = AZ_MAX_REPLICATIONS};
static const azi_load_type T_START = {.kind = AZI_T_STRING,
    .pattern = "^[ \\t]*[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}"
               "(([T]|[ \\t]+)[0-9]{1,2}:[0-9]{1,2}(:[0-9]{1,2})?)?[ \\t]*$"};
static const char *const AUTO[] = {"auto"};
static const azi_load_type T_AUTO = {.kind = AZI_T_ENUM, .names = AUTO,
                                     .nnames = 1};
static const azi_load_type *const WARMUP[] = {&azi_type_duration, &T_AUTO};
static const azi_load_type T_WARMUP = {.kind = AZI_T_ONE_OF, .alt = WARMUP,
                                       .nalt = 2};

static const azi_load_field RUN_FIELDS[] = {
    AZI_FIELD("horizon", duration_pos, OFF(run_spec, horizon), 0,
              "\"" AZI_DEFAULT_HORIZON "\"",
              "simulated time per replication, warm-up included"),
    AZI_NODE("warmup", OFF(run_spec, warmup_node), 0, &T_WARMUP, "\"0 s\"",
             "statistics restart at this time; must be < horizon. `auto`: "
             "chosen by MSER-5 on 5 pilot replications "
             "([statistics.md](statistics.md#automatic-warm-up-warmup-auto))"),
    {"replications", read_reps, OFF(run_spec, replications), 0, &T_REPS,
     AZI_STR(AZI_DEFAULT_REPS),
     "independent replications; the same limit as `--reps` (`expected a "
     "whole number from 1 to 10000000, got '20000000'`)"},
    AZI_FIELD("seed", u64, OFF(run_spec, seed), 0, AZI_STR(AZI_DEFAULT_SEED),
              "experiment seed: the same seed gives the same results"),
    AZI_FIELD("confidence", level, OFF(run_spec, level), 0,
              AZI_STR(AZI_DEFAULT_LEVEL),
              "level of the reported confidence intervals"),
    {"start", read_start, OFF(run_spec, start), 0, &T_START, NULL,
     "the calendar instant of time 0"},
};
const azi_load_type azi_section_keys_run = {.kind = AZI_T_OBJECT,
    .flags = AZI_T_NULL, .fields = RUN_FIELDS, .nfields = NFIELDS(RUN_FIELDS)};

static const azi_load_field PRODUCT_FIELDS[] = {
    AZI_FIELD("name", name, OFF(product_spec, name), 1, NULL,
              "product name"),
    AZI_FIELD("family", name, OFF(product_spec, family), 0, NULL,
              "product family (for changeovers)"),
    AZI_FIELD("mix", share, OFF(product_spec, mix), 0, NULL,
              "share of releases"),
    AZI_NODE("route", OFF(product_spec, route), 0, &azi_type_name, NULL,
             "the route this product follows"),
    AZI_FIELD("lot", u32_min1, OFF(product_spec, lot), 0, NULL,
              "this product's lot size, when the release draws lots (see "
              "[Lots](#lots))"),
    AZI_FIELD("priority", u32_min1, OFF(product_spec, priority), 0, NULL,
              "dispatching priority, 1 the most urgent, for stations with "
              "`dispatch: priority` (an order's own priority wins)"),
};
/* PRODUCT_* in spec.h are bits of this table. */
const azi_load_type azi_section_keys_product = {.kind = AZI_T_OBJECT,
    .fields = PRODUCT_FIELDS, .nfields = NFIELDS(PRODUCT_FIELDS),
    .ref = "product", .doc = "a product model"};
const azi_load_type azi_section_keys_products = {.kind = AZI_T_LIST,
    .flags = AZI_T_NONEMPTY, .item = &azi_section_keys_product};

/* `from` may be null: no upstream station. */
static const azi_load_type T_FROM = {.kind = AZI_T_NAME, .flags = AZI_T_NULL};

/* The order matters: BUFFER_* in spec.h are bits of this table. */
static const azi_load_field BUFFER_FIELDS[] = {
    AZI_NODE("to", OFF(buffer_spec, to), 1, &azi_type_name, NULL,
             "the station this buffer feeds"),
    AZI_FIELD("capacity", capacity, OFF(buffer_spec, capacity), 1, NULL,
              "units that can wait in it (on a conveyor: travelling or "
              "waiting)"),
    AZI_NODE("from", OFF(buffer_spec, from), 0, &T_FROM, NULL,
             "the upstream station, for documentation; some route must go "
             "from it straight to `to`"),
    AZI_FIELD("transport", dist, OFF(buffer_spec, transport), 0, NULL,
              "a conveyor: the time a unit travels before a machine can take "
              "it"),
};
const azi_load_type azi_section_keys_buffer = {.kind = AZI_T_OBJECT,
    .fields = BUFFER_FIELDS, .nfields = NFIELDS(BUFFER_FIELDS),
    .ref = "buffer", .doc = "a finite buffer or a conveyor in front of a "
    "station"};
const azi_load_type azi_section_keys_buffers = {.kind = AZI_T_MAP,
    .flags = AZI_T_NULL, .item = &azi_section_keys_buffer};

/* How a lot's units arrive: `spaced` (one per interarrival time, the
 * default) or `together` (at once; the interarrival time separates lots). */
static const char *const LOT_ARRIVAL[] = {"spaced", "together"};
static const azi_load_type T_LOT_ARRIVAL = {.kind = AZI_T_ENUM,
    .names = LOT_ARRIVAL, .nnames = 2};
static int read_lot_arrival(azi_load *L, const azi_load_node *v, void *slot)
{
    return azi_value_choice(L, v, "lot arrival", T_LOT_ARRIVAL.names,
                            T_LOT_ARRIVAL.nnames, slot);
}

/* Which released order goes next: `release` (the first released, the
 * file's order breaking ties; the default) or `priority`. */
static const char *const ORDER_BY[] = {"release", "priority"};
static const azi_load_type T_ORDER_BY = {.kind = AZI_T_ENUM,
    .names = ORDER_BY, .nnames = 2};
static int read_order_by(azi_load *L, const azi_load_node *v, void *slot)
{
    return azi_value_choice(L, v, "order_by", T_ORDER_BY.names,
                            T_ORDER_BY.nnames, slot);
}

/* What a blocked arrival does: `hold` (the source holds it and pauses,
 * the default) or `queue` (it waits in front of the line, released). */
static const char *const BLOCKED[] = {"hold", "queue"};
static const azi_load_type T_BLOCKED = {.kind = AZI_T_ENUM,
    .names = BLOCKED, .nnames = 2};
static int read_blocked(azi_load *L, const azi_load_node *v, void *slot)
{
    return azi_value_choice(L, v, "blocked", T_BLOCKED.names,
                            T_BLOCKED.nnames, slot);
}

/* A sequence item: a product name, or {name: count} (check_sequence_item). */
static const azi_load_type T_SEQ_COUNT = {.kind = AZI_T_MAP,
    .flags = AZI_T_ONE_KEY, .item = &azi_type_u32_min1};
static const azi_load_type *const SEQ_ITEM[] = {&azi_type_name, &T_SEQ_COUNT};
static const azi_load_type T_SEQ_ITEM = {.kind = AZI_T_ONE_OF,
    .alt = SEQ_ITEM, .nalt = 2};
static const azi_load_type T_SEQUENCE = {.kind = AZI_T_LIST,
    .flags = AZI_T_NONEMPTY, .item = &T_SEQ_ITEM};
/* A CSV file, relative to the model file's directory (plan.c, orders.c). */
static const azi_load_type T_FILE = {.kind = AZI_T_NAME};

/* `interarrival` is required unless there is a WIP cap or a plan
 * (read_release). The order matters: REL_* in spec.h are bits of this
 * table. */
static const azi_load_field RELEASE_FIELDS[] = {
    AZI_FIELD("interarrival", dist, OFF(release_spec, interarrival), 0, NULL,
              "time between releases"),
    AZI_FIELD("wip_cap", u32_min1, OFF(release_spec, wip_cap), 0, NULL,
              "CONWIP: release only while fewer units are in the line"),
    AZI_NODE("sequence", OFF(release_spec, sequence), 0, &T_SEQUENCE, NULL,
             "release products in this repeating order instead of drawing "
             "from the mix"),
    AZI_NODE("plan", OFF(release_spec, plan), 0, &T_FILE, NULL,
             "release what a production plan says, day by day, instead of a "
             "mix or a sequence"),
    AZI_FIELD("lot", u32_min1, OFF(release_spec, lot), 0, NULL,
              "draw the product from the mix once per lot of this many units "
              "(see [Lots](#lots))"),
    {"lot_arrival", read_lot_arrival, OFF(release_spec, lot_together), 0,
     &T_LOT_ARRIVAL, NULL, "a lot's units arrive one per interarrival time, "
     "or all at once (the interarrival time then separates lots)"},
    AZI_NODE("orders", OFF(release_spec, orders), 0, &T_FILE, NULL,
             "release customer orders with due dates instead of a mix, "
             "sequence or plan (see [Orders](#orders))"),
    {"order_by", read_order_by, OFF(release_spec, order_by_priority), 0,
     &T_ORDER_BY, NULL, "which released order goes next: the first "
     "released, or the most urgent"},
    AZI_NODE("campaigns", OFF(release_spec, campaigns), 0,
             &azi_campaigns_list, NULL, "release one family at a time, in "
             "this order and round again (see [Campaigns](#campaigns))"),
    {"blocked", read_blocked, OFF(release_spec, queue), 0, &T_BLOCKED, NULL,
     "when the first station has no room: the source holds the unit and "
     "pauses (`hold`), or the unit enters the line into a queue in front of "
     "it and arrivals go on (`queue`; see below)"},
};
const azi_load_type azi_section_keys_release = {.kind = AZI_T_OBJECT,
    .fields = RELEASE_FIELDS, .nfields = NFIELDS(RELEASE_FIELDS)};
