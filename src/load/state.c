/*
 * state.c: reading a shop-floor state file (azalea/state.h, docs/twin.md)
 * against a loaded model, with the model file's document layers: every
 * problem is collected with its file, line and column, and a name that
 * resolves to nothing is reported with the nearest names. For example:
 *
 *     at: 2026-12-09T14:00
 *     units:
 *       - {station: placer, product: A01, count: 12}
 *       - {station: placer, product: A01, where: machine, remaining: 40 s}
 *     machines:
 *       - {station: screw, machine: 2, state: down, repair_elapsed: 20 min}
 *     stores:
 *       - {station: final, component: battery, count: 40}
 *     orders:
 *       - {order: O-17, released: 120, out: 80}
 *
 * Two passes: the entries are read and resolved (names, times), then the
 * capacity checks run per station over all entries, so that twelve units
 * given in three lines are checked together and reported at the line that
 * overflows. What the file leaves out is the default docs/twin.md states;
 * the engine applies it (engine/initial.c).
 *
 * Prefix azi_state_ (public: az_state_load_*); the checks across entries
 * are state_check.c's. Calls names.c, value.c and the document layers.
 */
#include "archive.h"
#include "load/load.h"
#include "load/state_load.h"
#include "load/spec.h"
#include "model_impl.h"
#include "state_impl.h"
#include "util/alloc.h"
#include "util/date.h"
#include "util/strmap.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the file's shape: one table per kind of entry ---- */

/* The most units a state places: the engine's pool holds 32 bytes a
 * unit, so this is 320 MB; a larger count is a mistake, not a factory. */
#define AZI_STATE_MAX_UNITS 10000000u

static const char *const WHERE[] = {"queue", "machine", "conveyor",
                                     "carton", "packing"};
static const azi_load_type T_WHERE = {.kind = AZI_T_ENUM, .names = WHERE,
                                      .nnames = 5};
static int read_where(azi_load *L, const azi_load_node *v, void *slot)
{
    return azi_value_choice(L, v, "place", WHERE, 5, slot);
}
static const char *const MSTATE[] = {"up", "down"};
static const azi_load_type T_MSTATE = {.kind = AZI_T_ENUM, .names = MSTATE,
                                       .nnames = 2};
static int read_mstate(azi_load *L, const azi_load_node *v, void *slot)
{
    return azi_value_choice(L, v, "machine state", MSTATE, 2, slot);
}

typedef struct unit_in {
    const azi_load_node *station, *product, *released, *order;
    uint32_t count, machine, visit, lot, reworks;
    int where;
    double remaining, done;
    azi_load_seen seen;
} unit_in;
static const azi_load_field UNIT_FIELDS[] = {
    AZI_NODE("station", OFF(unit_in, station), 1, &azi_type_name, NULL,
             "where the unit is"),
    AZI_NODE("product", OFF(unit_in, product), 1, &azi_type_name, NULL,
             "what it is"),
    AZI_FIELD("count", u32_min1, OFF(unit_in, count), 0, "1",
              "how many such units"),
    {"where", read_where, OFF(unit_in, where), 0, &T_WHERE, NULL,
     "in the input buffer, on a machine, on the conveyor into it, in an "
     "open carton, or in a full carton a machine packs (a packaging "
     "station)"},
    AZI_FIELD("machine", u32_min1, OFF(unit_in, machine), 0, NULL,
              "which machine (1, 2, ...); default: the first free one"),
    AZI_FIELD("visit", u32_min1, OFF(unit_in, visit), 0, "1",
              "which of the product's visits to the station"),
    AZI_FIELD("remaining", duration, OFF(unit_in, remaining), 0, NULL,
              "work (on the conveyor: travel) left"),
    AZI_FIELD("done", duration, OFF(unit_in, done), 0, NULL,
              "work done so far: the rest is drawn given it"),
    AZI_NODE("released", OFF(unit_in, released), 0, &azi_type_text, NULL,
             "when it entered the line: a date-time or a run day and time"),
    AZI_NODE("order", OFF(unit_in, order), 0, &azi_type_name, NULL,
             "the order it belongs to"),
    AZI_FIELD("lot", u32_min1, OFF(unit_in, lot), 0, NULL, "its lot"),
    AZI_FIELD("reworks", u32_min0, OFF(unit_in, reworks), 0, "0",
              "reworks used at its current test"),
};
enum { U_MACHINE = BIT(4), U_VISIT = BIT(5), U_REMAINING = BIT(6),
       U_DONE = BIT(7) };

typedef struct mach_in {
    const azi_load_node *station, *set_up_for;
    uint32_t machine;
    int state;
    double repair_left, repair_elapsed;
    azi_load_seen seen;
} mach_in;
static const azi_load_field MACH_FIELDS[] = {
    AZI_NODE("station", OFF(mach_in, station), 1, &azi_type_name, NULL,
             "the machine's station"),
    AZI_FIELD("machine", u32_min1, OFF(mach_in, machine), 1, NULL,
              "which machine (1, 2, ...)"),
    {"state", read_mstate, OFF(mach_in, state), 0, &T_MSTATE, NULL,
     "up, or down for repair"},
    AZI_FIELD("repair_left", duration, OFF(mach_in, repair_left), 0, NULL,
              "down: repair time left"),
    AZI_FIELD("repair_elapsed", duration, OFF(mach_in, repair_elapsed), 0,
              NULL, "down: repair time so far: the rest is drawn given it"),
    AZI_NODE("set_up_for", OFF(mach_in, set_up_for), 0, &azi_type_name,
             NULL, "the product it is set up for"),
};
enum { M_MACHINE = BIT(1), M_STATE = BIT(2), M_LEFT = BIT(3),
       M_ELAPSED = BIT(4) };

typedef struct store_in {
    const azi_load_node *station, *component;
    uint32_t count;
    azi_load_seen seen;
} store_in;
static const azi_load_field STORE_FIELDS[] = {
    AZI_NODE("station", OFF(store_in, station), 1, &azi_type_name, NULL,
             "the assembly station"),
    AZI_NODE("component", OFF(store_in, component), 1, &azi_type_name, NULL,
             "the component (a product)"),
    AZI_FIELD("count", u32_min0, OFF(store_in, count), 1, NULL,
              "components in its store"),
};

typedef struct order_in {
    const azi_load_node *order;
    uint32_t released, out;
    azi_load_seen seen;
} order_in;
static const azi_load_field ORDER_FIELDS[] = {
    AZI_NODE("order", OFF(order_in, order), 1, &azi_type_name, NULL,
             "the order's id"),
    AZI_FIELD("released", u32_min0, OFF(order_in, released), 0, NULL,
              "units of it released into the line so far"),
    AZI_FIELD("out", u32_min0, OFF(order_in, out), 0, "0",
              "units of it out of the line (done or scrapped)"),
};
enum { O_RELEASED = BIT(1) };

typedef struct top_in {
    const azi_load_node *at, *units, *machines, *stores, *orders, *engine;
    azi_load_seen seen;
} top_in;
static const azi_load_field TOP_FIELDS[] = {
    AZI_NODE("at", OFF(top_in, at), 1, &azi_type_text, NULL,
             "when the state was taken"),
    AZI_NODE("units", OFF(top_in, units), 0, &azi_type_node, NULL,
             "units in the line"),
    AZI_NODE("machines", OFF(top_in, machines), 0, &azi_type_node, NULL,
             "machines down or set up"),
    AZI_NODE("stores", OFF(top_in, stores), 0, &azi_type_node, NULL,
             "components in assembly stores"),
    AZI_NODE("orders", OFF(top_in, orders), 0, &azi_type_node, NULL,
             "how far each order has come"),
    AZI_NODE("engine", OFF(top_in, engine), 0, &azi_type_node, NULL,
             "a snapshot's engine state (written by azalea, not by hand)"),
};

typedef struct engine_in {
    uint32_t version;
    const char *time, *shop_floor, *data_hash, *data;
    azi_load_seen seen;
} engine_in;
static const azi_load_field ENGINE_FIELDS[] = {
    AZI_FIELD("version", u32_min1, OFF(engine_in, version), 1, NULL,
              "the engine section's format"),
    AZI_FIELD("time", name, OFF(engine_in, time), 1, NULL,
              "the snapshot's time, exactly"),
    AZI_FIELD("shop_floor", name, OFF(engine_in, shop_floor), 1, NULL,
              "the hash of the shop floor it was written with"),
    AZI_FIELD("data_hash", name, OFF(engine_in, data_hash), 1, NULL,
              "the hash of its data"),
    AZI_FIELD("data", name, OFF(engine_in, data), 1, NULL,
              "the engine's state"),
};

/* ---- a load (state_load.h) ---- */

static long find(state_load *S, const azi_load_node *n, const char *kind,
                 const char *context)
{
    if (!n)
        return -1;
    if (kind[0] == 's')
        return azi_names_resolve(S->L, &S->stations, n, "station", context,
                                 S->m->nstation ? &S->m->station[0].name
                                                : NULL,
                                 sizeof *S->m->station, S->m->nstation);
    if (kind[0] == 'p')
        return azi_names_resolve(S->L, &S->products, n, "product", context,
                                 S->m->nproduct ? &S->m->product[0].name
                                                : NULL,
                                 sizeof *S->m->product, S->m->nproduct);
    return azi_names_resolve(S->L, &S->orders, n, "order", context,
                             S->nord ? &S->ord[0].id : NULL, sizeof *S->ord,
                             S->nord);
}

/* A time on the run's clock: a date-time (with run.start) or a run day and
 * a clock time "2 14:00". 1 and *out in model units, or 0 after a report. */
static int read_time(state_load *S, const azi_load_node *n, const char *what,
                     double *out)
{
    double t;
    char got[64];
    if (n->kind != AZI_LOAD_SCALAR ||
        azi_date_point(n->text, S->m->has_start, S->m->start, &t) != 1) {
        azi_load_report(S->L, n->loc,
                        "expected %s: a run day and a clock time such as "
                        "'2 14:00'%s, got %s", what,
                        S->m->has_start ? " or a date-time such as "
                                          "'2026-12-09T14:00'"
                                        : " (a date-time needs 'start' in "
                                          "the model's 'run')",
                        azi_yaml_desc(n, got, sizeof got));
        return 0;
    }
    *out = t / S->m->unit_s;
    return 1;
}

/* The list at n (absent or null: none), each item read by `one`. */
static void each(state_load *S, const azi_load_node *n, const char *what,
                 void (*one)(state_load *, const azi_load_node *, uint32_t))
{
    char got[64];
    if (!n || azi_yaml_is_null(n))
        return;
    if (n->kind != AZI_LOAD_LIST) {
        azi_load_report(S->L, n->loc, "expected a list of %s, got %s", what,
                        azi_yaml_desc(n, got, sizeof got));
        return;
    }
    for (size_t i = 0; i < n->n && !S->L->oom; i++)
        one(S, n->item[i], (uint32_t)i);
}

/* The step index (within the product) of the visit-th visit of product p
 * to station x, its rework visits after its route's; -1 if none. */
static long visit_step(const az_model *m, uint32_t p, uint32_t x,
                       uint32_t visit, int *rework)
{
    const azi_product *pr = &m->product[p];
    uint32_t k = 0;
    *rework = 0;
    for (uint32_t j = 0; j < pr->nstep; j++)
        if (pr->step[j].station == x && k++ == visit)
            return j;
    for (uint32_t j = 0; j < pr->nstep; j++)
        if (pr->step[j].rework == x && k++ == visit) {
            *rework = 1;
            return j;
        }
    return -1;
}

static void one_unit(state_load *S, const azi_load_node *n, uint32_t i)
{
    azi_load *L = S->L;
    unit_in u = {.count = 1};
    azi_state_unit *o = &S->st->unit[i];
    char what[64], q[80];
    snprintf(what, sizeof what, "unit entry %u", (unsigned)i + 1);
    if (!azi_fields_read(L, n, UNIT_FIELDS, NFIELDS(UNIT_FIELDS), &u, what,
                         AZI_FIELDS_IGNORE_X, &u.seen))
        return;
    long x = find(S, u.station, "station", what);
    long p = find(S, u.product, "product", what);
    o->station = x >= 0 ? (uint32_t)x : UINT32_MAX;
    o->product = p >= 0 ? (uint32_t)p : UINT32_MAX;
    o->count = u.count;
    o->where = u.where;
    o->machine = u.seen.valid & U_MACHINE ? u.machine - 1 : UINT32_MAX;
    o->visit = u.seen.valid & U_VISIT ? u.visit - 1 : 0;
    o->remaining = u.seen.valid & U_REMAINING ? u.remaining : NAN;
    o->done = u.seen.valid & U_DONE ? u.done : NAN;
    o->released = NAN;
    o->order = UINT32_MAX;
    o->lot = u.lot;
    o->reworks = u.reworks;
    if (u.released && read_time(S, u.released, "a release time",
                                &o->released) &&
        o->released > S->st->t0)
        azi_load_report(L, u.released->loc, "the unit is released after the "
                        "state's time: a unit in the line was released "
                        "before it");
    if (u.order) {
        long k = find(S, u.order, "order", what);
        if (k >= 0) {
            o->order = (uint32_t)k;
            if (p >= 0 && S->ord[k].product != (uint32_t)p)
                azi_load_report(L, u.order->loc, "order %s is for product "
                                "'%s', not '%s'",
                                azi_names_quoted(S->ord[k].id, q, sizeof q),
                                S->m->product[S->ord[k].product].name,
                                S->m->product[p].name);
        }
    }
    if ((u.seen.valid & U_REMAINING) && (u.seen.valid & U_DONE))
        azi_load_report(L, azi_yaml_get(n, "done")->loc, "give 'remaining' "
                        "or 'done', not both: the work left is one or the "
                        "other");
    if (x < 0 || p < 0)
        return;
    const azi_station *ms = &S->m->station[x];
    int rework;
    long j = visit_step(S->m, (uint32_t)p, (uint32_t)x, o->visit, &rework);
    if (j < 0) {
        azi_load_report(L, u.station->loc, "product '%s' %s station '%s'%s",
                        S->m->product[p].name,
                        o->visit ? "does not visit" : "never visits",
                        ms->name, o->visit ? " that many times" : "");
        o->station = UINT32_MAX;
        return;
    }
    if ((o->where == AZI_STATE_CARTON && !ms->carton) ||
        (o->where == AZI_STATE_PACKING && !ms->has_pack)) {
        azi_load_report(L, azi_yaml_get(n, "where")->loc, "station '%s' "
                        "packs no cartons%s", ms->name,
                        o->where == AZI_STATE_PACKING && ms->carton
                            ? " with a pack time"
                            : "");
        o->station = UINT32_MAX;
        return;
    }
    if (o->where == AZI_STATE_CONVEYOR && !ms->has_transport) {
        azi_load_report(L, azi_yaml_get(n, "where")->loc, "station '%s' has "
                        "no conveyor (no 'transport'): put the unit in its "
                        "queue", ms->name);
        o->station = UINT32_MAX;
        return;
    }
    if (o->where != AZI_STATE_MACHINE && o->where != AZI_STATE_PACKING &&
        (u.seen.valid & (U_MACHINE | U_DONE)))
        azi_load_report(L, n->loc, "'machine' and 'done' are for a unit on a "
                        "machine: add 'where: machine'");
    else if ((o->where == AZI_STATE_QUEUE || o->where == AZI_STATE_CARTON) &&
             (u.seen.valid & U_REMAINING))
        azi_load_report(L, azi_yaml_get(n, "remaining")->loc, "'remaining' "
                        "is for a unit on a machine or a conveyor: a unit "
                        "waiting in the buffer has no work begun (add "
                        "'where: machine' if it is being worked)");
    if (o->reworks && !rework && S->m->product[p].step[j].yield >= 1)
        azi_load_report(L, azi_yaml_get(n, "reworks")->loc, "'reworks' counts "
                        "the reworks used at a test, and station '%s' is no "
                        "test of '%s' (nor its rework station)", ms->name,
                        S->m->product[p].name);
    if (o->machine != UINT32_MAX && o->machine >= ms->machines)
        azi_load_report(L, azi_yaml_get(n, "machine")->loc, "station '%s' has "
                        "%u machine%s, not %u", ms->name,
                        (unsigned)ms->machines, ms->machines == 1 ? "" : "s",
                        (unsigned)o->machine + 1);
    S->st->units += o->count;
    if (S->st->units > AZI_STATE_MAX_UNITS &&
        S->st->units - o->count <= AZI_STATE_MAX_UNITS)
        azi_load_report(L, n->loc, "more than %u units in the state: "
                        "azalea places at most that many",
                        (unsigned)AZI_STATE_MAX_UNITS);
}

static void one_machine(state_load *S, const azi_load_node *n, uint32_t i)
{
    mach_in u = {0};
    azi_state_machine *o = &S->st->mach[i];
    char what[64];
    snprintf(what, sizeof what, "machine entry %u", (unsigned)i + 1);
    o->station = UINT32_MAX;
    if (!azi_fields_read(S->L, n, MACH_FIELDS, NFIELDS(MACH_FIELDS), &u,
                         what, AZI_FIELDS_IGNORE_X, &u.seen))
        return;
    long x = find(S, u.station, "station", what);
    o->machine = u.machine - 1;
    o->down = u.state == 1;
    o->repair_left = u.seen.valid & M_LEFT ? u.repair_left : NAN;
    o->repair_elapsed = u.seen.valid & M_ELAPSED ? u.repair_elapsed : NAN;
    o->set_up_for = UINT32_MAX;
    if (u.set_up_for) {
        long p = find(S, u.set_up_for, "product", what);
        o->set_up_for = p >= 0 ? (uint32_t)p : UINT32_MAX;
    }
    if (x < 0)
        return;
    const azi_station *ms = &S->m->station[x];
    if ((u.seen.valid & M_MACHINE) && u.machine > ms->machines) {
        azi_load_report(S->L, azi_yaml_get(n, "machine")->loc, "station '%s' "
                        "has %u machine%s, not %u", ms->name,
                        (unsigned)ms->machines, ms->machines == 1 ? "" : "s",
                        (unsigned)u.machine);
        return;
    }
    uint8_t *seen = &S->mseen[S->mfirst[x] + o->machine];
    if (*seen) {
        azi_load_report(S->L, n->loc, "machine %u of station '%s' is given "
                        "twice in 'machines'", (unsigned)u.machine, ms->name);
        return;
    }
    *seen = 1;
    if (!o->down && (u.seen.valid & (M_LEFT | M_ELAPSED)))
        azi_load_report(S->L, n->loc, "a repair time is for a machine that is "
                        "down: add 'state: down'");
    if ((u.seen.valid & M_LEFT) && (u.seen.valid & M_ELAPSED))
        azi_load_report(S->L, azi_yaml_get(n, "repair_elapsed")->loc,
                        "give 'repair_left' or 'repair_elapsed', not both");
    if (o->down && !ms->fails && !(u.seen.valid & M_LEFT))
        azi_load_report(S->L, n->loc, "station '%s' has no failures, so no "
                        "repair time to draw: give 'repair_left'", ms->name);
    o->station = (uint32_t)x;
}

static void one_store(state_load *S, const azi_load_node *n, uint32_t i)
{
    store_in u = {0};
    azi_state_store *o = &S->st->store[i];
    char what[64];
    snprintf(what, sizeof what, "store entry %u", (unsigned)i + 1);
    o->station = UINT32_MAX;
    if (!azi_fields_read(S->L, n, STORE_FIELDS, NFIELDS(STORE_FIELDS), &u,
                         what, AZI_FIELDS_IGNORE_X, &u.seen))
        return;
    long x = find(S, u.station, "station", what);
    long p = find(S, u.component, "product", what);
    if (x < 0 || p < 0)
        return;
    const azi_station *ms = &S->m->station[x];
    uint32_t j = 0;
    while (j < ms->ncomp && ms->comp[j] != (uint32_t)p)
        j++;
    if (j == ms->ncomp) {
        azi_load_report(S->L, u.component->loc, "station '%s' assembles no "
                        "'%s': it has no store of it", ms->name,
                        S->m->product[p].name);
        return;
    }
    if (ms->comp_store[j] != AZ_UNLIMITED && u.count > ms->comp_store[j]) {
        azi_load_report(S->L, azi_yaml_get(n, "count")->loc, "%u components "
                        "in a store of capacity %u at station '%s'",
                        (unsigned)u.count, (unsigned)ms->comp_store[j],
                        ms->name);
        return;
    }
    uint8_t *seen = &S->sseen[(size_t)x * S->m->nproduct + (size_t)p];
    if (*seen) {
        azi_load_report(S->L, n->loc, "the store of '%s' at station '%s' is "
                        "given twice", S->m->product[p].name, ms->name);
        return;
    }
    *seen = 1;
    *o = (azi_state_store){(uint32_t)x, (uint32_t)p, u.count};
}

static void one_order(state_load *S, const azi_load_node *n, uint32_t i)
{
    order_in u = {0};
    azi_state_order *o = &S->st->ord[i];
    char what[64];
    snprintf(what, sizeof what, "order entry %u", (unsigned)i + 1);
    o->order = UINT32_MAX;
    if (!azi_fields_read(S->L, n, ORDER_FIELDS, NFIELDS(ORDER_FIELDS), &u,
                         what, AZI_FIELDS_IGNORE_X, &u.seen))
        return;
    long k = find(S, u.order, "order", what);
    if (k < 0)
        return;
    uint32_t q = S->ord[k].quantity;
    if (S->oseen[k]) {
        azi_load_report(S->L, n->loc, "order '%s' is given twice in "
                        "'orders'", S->ord[k].id);
        return;
    }
    S->oseen[k] = 1;
    o->order = (uint32_t)k;
    o->out = u.out;
    o->released = u.seen.valid & O_RELEASED ? u.released : UINT32_MAX;
    if (o->released != UINT32_MAX && o->released > q)
        azi_load_report(S->L, azi_yaml_get(n, "released")->loc, "%u units "
                        "released of an order of %u", (unsigned)o->released,
                        (unsigned)q);
    else if (o->out > (o->released != UINT32_MAX ? o->released : q))
        azi_load_report(S->L, azi_yaml_get(n, "out")->loc, "%u units out of "
                        "the line, more than the %u released", (unsigned)o->out,
                        (unsigned)(o->released != UINT32_MAX ? o->released
                                                             : q));
}

static int setup(state_load *S)
{
    const az_model *m = S->m;
    for (uint32_t i = 0; i < m->nstation; i++)
        if (azi_strmap_put(&S->stations, m->station[i].name, i))
            return -1;
    for (uint32_t i = 0; i < m->nproduct; i++)
        if (azi_strmap_put(&S->products, m->product[i].name, i))
            return -1;
    S->nord = az_model_order_count(m);
    if (S->nord && !(S->ord = azi_calloc(S->nord, sizeof *S->ord)))
        return -1;
    for (size_t i = 0; i < S->nord; i++) {
        az_model_order(m, i, &S->ord[i], NULL);
        if (azi_strmap_put(&S->orders, S->ord[i].id, (long)i))
            return -1;
    }
    uint32_t nm = 0;
    if (!(S->inq = azi_calloc(m->nstation + 1, sizeof *S->inq)) ||
        !(S->mfirst = azi_calloc(m->nstation + 1, sizeof *S->mfirst)))
        return -1;
    for (uint32_t i = 0; i < m->nstation; i++) {
        S->mfirst[i] = nm;
        nm += m->station[i].machines;
    }
    size_t sp = (size_t)m->nstation * m->nproduct + 1;
    return (S->taken = azi_calloc(nm + 1, sizeof *S->taken)) &&
                   (S->mload = azi_calloc(nm + 1, sizeof *S->mload)) &&
                   (S->mseen = azi_calloc(nm + 1, 1)) &&
                   (S->cart = azi_calloc(sp, sizeof *S->cart)) &&
                   (S->sseen = azi_calloc(sp, 1)) &&
                   (S->oseen = azi_calloc(S->nord + 1, 1))
               ? 0
               : -1;
}

static void teardown(state_load *S)
{
    azi_strmap_free(&S->stations);
    azi_strmap_free(&S->products);
    azi_strmap_free(&S->orders);
    free(S->ord);
    free(S->inq);
    free(S->mfirst);
    free(S->taken);
    free(S->mload);
    free(S->mseen);
    free(S->cart);
    free(S->sseen);
    free(S->oseen);
}

/* The list's length, for the table's room (not a list: 0, reported by
 * each()). */
static uint32_t count_of(const azi_load_node *n)
{
    return n && n->kind == AZI_LOAD_LIST ? (uint32_t)n->n : 0;
}

/* A snapshot's engine section: its archive, checked when a run restores
 * it (engine/snapshot.c); its exact time replaces `at`'s seconds. */
static void read_engine(state_load *S, const azi_load_node *n,
                        const azi_load_node *at)
{
    engine_in e = {0};
    if (!azi_fields_read(S->L, n, ENGINE_FIELDS, NFIELDS(ENGINE_FIELDS), &e,
                         "the engine section", 0, &e.seen) ||
        e.seen.valid != 31)
        return;
    char *end;
    double t = strtod(e.time, &end);
    if (e.version != AZI_SNAP_VERSION)
        azi_load_report(S->L, azi_yaml_get(n, "version")->loc, "engine "
                        "section version %u: this azalea reads version %d "
                        "(delete the section to start from the shop floor "
                        "alone)",
                        (unsigned)e.version, AZI_SNAP_VERSION);
    else if (*end || !(t >= 0) || (at && fabs(t - S->st->t0) * S->m->unit_s
                                             >= 1))
        azi_load_report(S->L, azi_yaml_get(n, "time")->loc, "the engine "
                        "section's time is not the state's ('at')");
    else if (strtoull(e.shop_floor, &end, 16) != S->floor_hash || *end)
        azi_load_report(S->L, n->loc, "the shop floor was changed after "
                        "this snapshot was written, so its engine section "
                        "would not start from it: delete the engine "
                        "section to start from the shop floor as it is "
                        "now");
    else if (strtoull(e.data_hash, &end, 16) != azi_ar_tokens_hash(e.data) ||
             *end)
        azi_load_report(S->L, azi_yaml_get(n, "data")->loc, "the engine "
                        "section's data was changed after it was written: "
                        "it would not continue the run; delete the engine "
                        "section to start from the shop floor");
    else if (!(S->st->engine = azi_strdup(e.data)))
        S->L->oom = 1;
    else
        S->st->t0 = t;
}

static void read_tree(state_load *S, const azi_load_node *root)
{
    top_in t = {0};
    /* the engine section comes last: the shop floor's hash covers the
     * text before it, so nothing of the shop floor may follow it */
    for (size_t i = 0; t.engine == NULL && root->kind == AZI_LOAD_MAP &&
                       i < root->n;
         i++)
        if (!strcmp(root->pair[i].key->text, "engine") && i + 1 < root->n)
            azi_load_report(S->L, root->pair[i + 1].key->loc, "'%s' after "
                            "the engine section: it comes last, after the "
                            "shop floor it was written with",
                            root->pair[i + 1].key->text);
    az_state *st = S->st;
    if (!azi_fields_read(S->L, root, TOP_FIELDS, NFIELDS(TOP_FIELDS), &t,
                         "the state", AZI_FIELDS_IGNORE_X, &t.seen))
        return;
    if (t.at && read_time(S, t.at, "the state's time", &st->t0) && st->t0 < 0)
        azi_load_report(S->L, t.at->loc, "the state's time is before the "
                        "model's time 0 (its 'run: start')");
    st->nunit = count_of(t.units);
    st->nmach = count_of(t.machines);
    st->nstore = count_of(t.stores);
    st->nord = count_of(t.orders);
    if ((st->nunit && !(st->unit = azi_calloc(st->nunit, sizeof *st->unit))) ||
        (st->nmach && !(st->mach = azi_calloc(st->nmach, sizeof *st->mach))) ||
        (st->nstore &&
         !(st->store = azi_calloc(st->nstore, sizeof *st->store))) ||
        (st->nord && !(st->ord = azi_calloc(st->nord, sizeof *st->ord)))) {
        S->L->oom = 1;
        return;
    }
    each(S, t.units, "units", one_unit);
    each(S, t.machines, "machines", one_machine);
    each(S, t.stores, "stores", one_store);
    each(S, t.orders, "orders", one_order);
    if (t.engine)
        read_engine(S, t.engine, t.at);
    if (!S->L->nprob && !S->L->oom)
        azi_state_check_places(S, t.units, t.orders);
}

az_status az_state_load_string(const az_model *m, const char *text,
                               size_t len, const char *name,
                               const az_load_options *opt, az_state **out,
                               az_error *err)
{
    if (out)
        *out = NULL;
    if (!m || !out || (!text && len))
        return az_error_set(err, AZ_EINVAL,
                            "az_state_load: model, out and text are needed");
    az_load_options o = opt ? *opt : (az_load_options){0};
    o.overrides = NULL;
    o.noverrides = 0;
    azi_load L;
    azi_load_init(&L, name ? name : "<string>", &o);
    L.unit = m->unit;
    L.unit_s = m->unit_s;
    state_load S = {.L = &L, .m = m};
    /* the shop floor: the text up to a line "engine:" */
    size_t floor = len;
    for (size_t i = 0; text && i + 7 <= len; i++)
        if ((i == 0 || text[i - 1] == '\n') && !memcmp(text + i, "engine:", 7)) {
            floor = i;
            break;
        }
    S.floor_hash = azi_ar_text_hash(text ? text : "", floor);
    S.after_engine = floor;
    az_state *st = azi_calloc(1, sizeof *st);
    if (!st || setup(&S))
        L.oom = 1;
    if (st) {
        st->model = m;
        S.st = st;
    }
    azi_load_node *root =
        L.oom ? NULL : azi_yaml_parse(&L, text ? text : "", len, -1, 0);
    if (root && !L.oom)
        read_tree(&S, root);
    teardown(&S);
    az_status rc = azi_load_finish(&L, &o, err);
    azi_load_free(&L);
    if (rc) {
        az_state_free(st);
        return rc;
    }
    *out = st;
    return AZ_OK;
}

az_status az_state_load_file(const az_model *m, const char *path,
                             const az_load_options *opt, az_state **out,
                             az_error *err)
{
    if (out)
        *out = NULL;
    if (!path)
        return az_error_set(err, AZ_EINVAL, "az_state_load_file: no path");
    size_t len;
    int big;
    char *text = azi_model_load_read_file(NULL, path, &len, &big);
    if (!text)
        return az_error_set(err, AZ_EIO, "%s: %s", path,
                            big ? "larger than the loader accepts"
                                : strerror(errno));
    az_status rc = az_state_load_string(m, text, len, path, opt, out, err);
    free(text);
    return rc;
}
