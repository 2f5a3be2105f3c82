/*
 * optimize.c: the model file's `optimize:` section (docs/model-format.md):
 * the problem `azalea optimize` solves and the decisions it may change.
 * Checked in pass 2 (m NULL) and built in pass 3 by the same walk, after
 * `improve:`, whose costs a range decision takes by default.
 *
 * A decision is a range of whole numbers on one of the values the line
 * counts in (stations.S.machines, buffers.B.capacity, operators.P.size),
 * today's value always among them, each value costing its units above
 * today's; or a list of values of any path, each with its cost, today's
 * line (no change) coming first at no cost.
 *
 * Prefix azi_optimization_. Calls names.c, value.c and the document
 * layers; no other section.
 */
#include "load/sections.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "azalea/improve.h"
#include "azalea/optimize.h"
#include "util/suggest.h"

enum { MAX_VALUES = 1000 };

typedef struct search_spec {
    uint32_t evaluations, screen_reps;
    double screen_horizon, delta, pcs;
} search_spec;

typedef struct decision_spec {
    const azi_load_node *set, *values, *costs;
    double from, to, step, cost;
} decision_spec;

typedef struct optimize_spec {
    int objective;
    double budget, target, max_lead_time, max_wip;
    const azi_load_node *decisions, *search;
} optimize_spec;

static const char *const OBJECTIVE[] = {"max_throughput", "min_cost"};
static const azi_load_type T_OBJECTIVE = {.kind = AZI_T_ENUM,
    .names = OBJECTIVE, .nnames = 2};
static int read_objective(azi_load *L, const azi_load_node *v, void *slot)
{
    return azi_value_choice(L, v, "objective", T_OBJECTIVE.names,
                            T_OBJECTIVE.nnames, slot);
}

static const azi_load_type T_NONNEG = {.kind = AZI_T_NUMBER, .min = 0,
                                       .max = INFINITY};
static int read_nonneg(azi_load *L, const azi_load_node *v, void *slot)
{
    char got[64];
    double x;
    if (!azi_value_number(L, v, &x))
        return 0;
    if (!(x >= 0)) {
        azi_load_report(L, v->loc, "expected a number >= 0, got %s",
                        azi_yaml_desc(v, got, sizeof got));
        return 0;
    }
    *(double *)slot = x;
    return 1;
}

static const azi_load_type T_REPS = {.kind = AZI_T_INT, .min = 2,
                                     .max = 1000000};
static int read_reps(azi_load *L, const azi_load_node *v, void *slot)
{
    uint32_t n;
    if (!azi_value_u32_min1(L, v, &n))
        return 0;
    if (n < 2 || n > 1000000) {
        azi_load_report(L, v->loc, "expected 2 to 1000000 screening "
                        "replications, got %u", (unsigned)n);
        return 0;
    }
    *(uint32_t *)slot = n;
    return 1;
}

static const azi_load_type T_PCS = {.kind = AZI_T_NUMBER, .min = 0.5,
    .max = 1, .flags = AZI_T_OPEN_MIN | AZI_T_OPEN_MAX};
static int read_pcs(azi_load *L, const azi_load_node *v, void *slot)
{
    double x;
    if (!azi_value_number(L, v, &x))
        return 0;
    if (!(x > 0.5 && x < 1)) {
        azi_load_report(L, v->loc, "expected a probability above 0.5 and "
                        "below 1, such as 0.95, got %g", x);
        return 0;
    }
    *(double *)slot = x;
    return 1;
}

static const azi_load_field SEARCH_FIELDS[] = {
    AZI_FIELD("evaluations", u32_min1, OFF(search_spec, evaluations), 0,
              "200", "configurations the search may screen"),
    {"screen_replications", read_reps, OFF(search_spec, screen_reps), 0,
     &T_REPS, "3", "replications of a screening, paired by common random "
     "numbers"},
    AZI_FIELD("screen_horizon", duration_pos,
              OFF(search_spec, screen_horizon), 0, NULL,
              "the horizon of a screening (default: the run's)"),
    AZI_FIELD("delta", positive, OFF(search_spec, delta), 0, "0.5",
              "the final selection's indifference zone, in units per hour"),
    {"pcs", read_pcs, OFF(search_spec, pcs), 0, &T_PCS, "0.95",
     "the final selection's probability of correct selection"},
};
static const azi_load_type T_SEARCH = {.kind = AZI_T_OBJECT,
    .fields = SEARCH_FIELDS, .nfields = NFIELDS(SEARCH_FIELDS)};

static const azi_load_type T_PATH = {.kind = AZI_T_STRING,
                                     .pattern = "^[^=]+$"};
static const azi_load_type T_VALUE = {.kind = AZI_T_TEXT};
static const azi_load_type T_VALUES = {.kind = AZI_T_LIST,
    .flags = AZI_T_NONEMPTY, .item = &T_VALUE, .max_items = MAX_VALUES};
static const azi_load_type T_COSTS = {.kind = AZI_T_LIST,
    .flags = AZI_T_NONEMPTY, .item = &T_NONNEG, .max_items = MAX_VALUES};
static const azi_load_field DECISION_FIELDS[] = {
    AZI_NODE("set", OFF(decision_spec, set), 1, &T_PATH, NULL,
             "the model value to decide, as a `--set` path"),
    AZI_FIELD("from", number, OFF(decision_spec, from), 0, NULL,
              "a range's lowest value (default: today's)"),
    AZI_FIELD("to", number, OFF(decision_spec, to), 0, NULL,
              "a range's highest value"),
    AZI_FIELD("step", positive, OFF(decision_spec, step), 0, "1",
              "a range's step"),
    {"cost", read_nonneg, OFF(decision_spec, cost), 0, &T_NONNEG, NULL,
     "a range's cost per unit above today's value (default: `improve.costs`"
     " for machines, buffer places and people)"},
    AZI_NODE("values", OFF(decision_spec, values), 0, &T_VALUES, NULL,
             "the values a list decision may take, as `--set` writes them"),
    AZI_NODE("costs", OFF(decision_spec, costs), 0, &T_COSTS, NULL,
             "what each of `values` costs"),
};
static const azi_load_type T_DECISION = {.kind = AZI_T_OBJECT,
    .fields = DECISION_FIELDS, .nfields = NFIELDS(DECISION_FIELDS)};
static const azi_load_type T_DECISIONS = {.kind = AZI_T_LIST,
    .flags = AZI_T_NONEMPTY, .item = &T_DECISION, .max_items = 64};
enum { D_SET = BIT(0), D_FROM = BIT(1), D_TO = BIT(2), D_STEP = BIT(3),
       D_COST = BIT(4), D_VALUES = BIT(5), D_COSTS = BIT(6) };

static const azi_load_field OPTIMIZE_FIELDS[] = {
    {"objective", read_objective, OFF(optimize_spec, objective), 0,
     &T_OBJECTIVE, NULL, "most throughput within `budget`, or least cost "
     "reaching `target`"},
    {"budget", read_nonneg, OFF(optimize_spec, budget), 0, &T_NONNEG, NULL,
     "what may be spent on the changes (max_throughput)"},
    AZI_FIELD("target", positive, OFF(optimize_spec, target), 0, NULL,
              "the throughput to reach, units per hour (min_cost)"),
    AZI_FIELD("max_lead_time", duration_pos,
              OFF(optimize_spec, max_lead_time), 0, NULL,
              "the mean lead time may not exceed this"),
    AZI_FIELD("max_wip", positive, OFF(optimize_spec, max_wip), 0, NULL,
              "the mean WIP may not exceed this"),
    AZI_NODE("decisions", OFF(optimize_spec, decisions), 1, &T_DECISIONS,
             NULL, "what may change"),
    AZI_NODE("search", OFF(optimize_spec, search), 0, &T_SEARCH, NULL,
             "how hard to search"),
};
const azi_load_type azi_optimization_type = {.kind = AZI_T_OBJECT,
    .flags = AZI_T_NULL, .fields = OPTIMIZE_FIELDS,
    .nfields = NFIELDS(OPTIMIZE_FIELDS)};
enum { O_OBJECTIVE = BIT(0), O_BUDGET = BIT(1), O_TARGET = BIT(2) };

/* "no KIND 'name'; did you mean 'x'?" at set, from the names given. */
static void no_such(azi_load *L, const azi_load_node *set, const char *kind,
                    const char *name, const void *first, size_t stride,
                    size_t count)
{
    azi_suggest sg;
    char hint[160];
    azi_suggest_init(&sg, name);
    for (size_t i = 0; i < count; i++) {
        const char *c = *(const char *const *)((const char *)first +
                                                i * stride);
        if (c)
            azi_suggest_add(&sg, c);
    }
    /* The hint starts "; did you mean", or is empty. */
    azi_load_report(L, set->loc, "no %s '%s'%s", kind, name,
                    azi_suggest_text(&sg, hint, sizeof hint));
}

/* Today's value of a range decision's path and its default unit cost
 * (from m's improve costs; < 0: none), or 0 after reporting why not. */
static int today_of(azi_load *L, const model_spec *ms, const az_model *m,
                    const azi_load_node *set, double *today, double *unit)
{
    char kind[16], name[128], key[32];
    const char *p = set->text, *d1 = strchr(p, '.');
    const char *d2 = d1 ? strchr(d1 + 1, '.') : NULL;
    if (!d1 || !d2 || strchr(d2 + 1, '.') || (size_t)(d1 - p) >= sizeof kind ||
        (size_t)(d2 - d1 - 1) >= sizeof name || strlen(d2 + 1) >= sizeof key)
        goto not_range;
    snprintf(kind, sizeof kind, "%.*s", (int)(d1 - p), p);
    snprintf(name, sizeof name, "%.*s", (int)(d2 - d1 - 1), d1 + 1);
    snprintf(key, sizeof key, "%s", d2 + 1);
    az_improve_costs c = m ? az_model_improve_costs(m)
                           : (az_improve_costs){-1, -1, -1};
    if (!strcmp(kind, "stations") && !strcmp(key, "machines")) {
        for (size_t i = 0; i < ms->nst; i++)
            if (ms->st[i].name && !strcmp(ms->st[i].name, name)) {
                *today = ms->st[i].machines;
                *unit = m ? az_model_machine_cost(m, ms->st[i].idx) : -1;
                return 1;
            }
        no_such(L, set, "station", name, &ms->st[0].name, sizeof *ms->st,
                ms->nst);
        return 0;
    }
    if (!strcmp(kind, "buffers") && !strcmp(key, "capacity")) {
        for (size_t i = 0; i < ms->nbuf; i++)
            if (ms->buf[i].name && !strcmp(ms->buf[i].name, name)) {
                if (ms->buf[i].capacity == AZ_UNLIMITED) {
                    azi_load_report(L, set->loc, "buffer '%s' is unlimited "
                                    "today: a range of places needs a "
                                    "finite one", name);
                    return 0;
                }
                *today = ms->buf[i].capacity;
                *unit = c.buffer_place;
                return 1;
            }
        no_such(L, set, "buffer", name, &ms->buf[0].name, sizeof *ms->buf,
                ms->nbuf);
        return 0;
    }
    if (!strcmp(kind, "operators") && !strcmp(key, "size")) {
        for (size_t i = 0; i < ms->npool; i++)
            if (ms->pool[i].name && !strcmp(ms->pool[i].name, name)) {
                *today = ms->pool[i].size;
                *unit = c.person;
                return 1;
            }
        no_such(L, set, "operator pool", name, &ms->pool[0].name,
                sizeof *ms->pool, ms->npool);
        return 0;
    }
not_range:
    azi_load_report(L, set->loc, "a range (from, to) decides machines, "
                    "buffer places or people: stations.NAME.machines, "
                    "buffers.NAME.capacity or operators.NAME.size, got '%s'; "
                    "for any other value give `values` and `costs`", p);
    return 0;
}

/* A range decision into values (text) and costs; n of them. */
static int range(azi_load *L, const azi_load_node *n, const decision_spec *d,
                 azi_load_seen seen, double today, double unit, int costed,
                 char (*val)[32], double *cost, size_t *count, size_t *at)
{
    double from = seen.valid & D_FROM ? d->from : today;
    double step = seen.valid & D_STEP ? d->step : 1;
    if (!(seen.valid & D_TO)) {
        azi_load_report(L, n->loc, "a range decision needs 'to' (or give "
                        "'values')");
        return 0;
    }
    if (from > d->to) {
        azi_load_report(L, azi_yaml_get(n, "from") ? azi_yaml_get(n, "from")
                        ->loc : n->loc, "the range %g to %g is reversed",
                        from, d->to);
        return 0;
    }
    if (from < 0 || floor(from) != from || floor(step) != step ||
        floor(d->to) != d->to) {
        azi_load_report(L, n->loc, "a range of machines, places or people "
                        "is whole numbers >= 0");
        return 0;
    }
    if ((d->to - from) / step + 2 > MAX_VALUES) {
        azi_load_report(L, n->loc, "more than %d values", MAX_VALUES);
        return 0;
    }
    if (d->to > UINT32_MAX - 1) {
        azi_load_report(L, n->loc, "a range of machines, places or people "
                        "ends at %u at most", UINT32_MAX - 1);
        return 0;
    }
    if (costed && !(unit >= 0)) {
        azi_load_report(L, n->loc, "decision '%s' has no cost: give 'cost' "
                        "(per unit above today's %g) or the matching "
                        "'improve.costs'", d->set->text, today);
        return 0;
    }
    /* The grid and today's value, in order, once each. */
    size_t k = 0, nv = (size_t)floor((d->to - from) / step) + 1;
    int placed = 0;
    /* By an integer index: at any magnitude v += step would stall. */
    for (size_t i = 0; i < nv && k < MAX_VALUES; i++) {
        double v = from + (double)i * step;
        if (!placed && today < v) {
            snprintf(val[k], 32, "%.0f", today);
            cost[k] = 0;
            *at = k++;
            placed = 1;
        }
        if (v == today) {
            *at = k;
            placed = 1;
        }
        snprintf(val[k], 32, "%.0f", v);
        cost[k++] = v > today ? unit * (v - today) : 0;
    }
    if (!placed) {
        snprintf(val[k], 32, "%.0f", today);
        cost[k] = 0;
        *at = k++;
    }
    *count = k;
    return 1;
}

/* One decision: checks it (m NULL) or adds it to m. */
static void decision(azi_load *L, const model_spec *ms,
                     const azi_load_node *n, az_model *m)
{
    decision_spec d;
    memset(&d, 0, sizeof d);
    azi_load_seen seen;
    if (!azi_fields_read(L, n, DECISION_FIELDS, NFIELDS(DECISION_FIELDS), &d,
                         "an optimize decision", 0, &seen) ||
        !(seen.valid & D_SET))
        return;
    int listed = (seen.present & (D_VALUES | D_COSTS)) != 0;
    if (listed && (seen.present & (D_FROM | D_TO | D_STEP | D_COST))) {
        azi_load_report(L, n->loc, "a decision is a range (from, to, step, "
                        "cost) or a list (values, costs), not both");
        return;
    }
    /* In the arena: a load may run on any thread. */
    char (*val)[32] = azi_load_alloc(L, (MAX_VALUES + 1) * sizeof *val);
    double *cost = azi_load_alloc(L, (MAX_VALUES + 1) * sizeof *cost);
    const char **vp = azi_load_alloc(L, (MAX_VALUES + 1) * sizeof *vp);
    size_t count = 0, at = 0;
    if (!val || !cost || !vp)
        return;
    if (listed) {
        const azi_load_node *v = d.values, *c = d.costs;
        if (!v || !c || v->kind != AZI_LOAD_LIST || c->kind != AZI_LOAD_LIST ||
            v->n != c->n || v->n == 0 || v->n > MAX_VALUES) {
            char got[96] = "";
            if (v && c && v->kind == AZI_LOAD_LIST &&
                c->kind == AZI_LOAD_LIST)
                snprintf(got, sizeof got, ": got %zu values and %zu costs",
                         v->n, c->n);
            azi_load_report(L, n->loc, "a list decision needs 'values' and "
                            "'costs', lists of the same length (1 to %d)%s",
                            MAX_VALUES, got);
            return;
        }
        vp[0] = NULL; /* today's line: no change */
        cost[0] = 0;
        for (size_t i = 0; i < v->n; i++) {
            if (v->item[i]->kind != AZI_LOAD_SCALAR) {
                azi_load_report(L, v->item[i]->loc, "expected a value as "
                                "--set writes it");
                return;
            }
            if (!read_nonneg(L, c->item[i], &cost[i + 1]))
                return;
            vp[i + 1] = v->item[i]->text;
        }
        count = v->n + 1;
    } else {
        double today = 0, unit = -1;
        if (!today_of(L, ms, m, d.set, &today, &unit))
            return;
        if (seen.valid & D_COST)
            unit = d.cost;
        if (!range(L, n, &d, seen, today, unit, m != NULL, val, cost, &count,
                   &at))
            return;
        for (size_t i = 0; i < count; i++)
            vp[i] = val[i];
    }
    /* A range whose only value is today's decides nothing: so it is when
     * the optimizer itself loads a configuration at the range's top. */
    if (!m || count < 2)
        return;
    az_decision x = {d.set->text, vp, cost, count, at, n->loc.line,
                     n->loc.col};
    az_error e;
    azi_names_api(L, n, az_model_add_decision(m, &x, &e), &e);
}

void azi_optimization_load(azi_load *L, const model_spec *ms, az_model *m)
{
    const azi_load_node *n = ms->top.optimize;
    optimize_spec o;
    memset(&o, 0, sizeof o);
    o.max_lead_time = o.max_wip = INFINITY;
    azi_load_seen seen;
    if (!n || azi_yaml_is_null(n) ||
        !azi_fields_read(L, n, OPTIMIZE_FIELDS, NFIELDS(OPTIMIZE_FIELDS), &o,
                         "'optimize'", 0, &seen))
        return;
    az_opt_problem p = az_opt_problem_defaults();
    p.objective = o.objective ? AZ_OPT_MIN_COST : AZ_OPT_MAX_THROUGHPUT;
    p.max_lead_time = o.max_lead_time;
    p.max_wip = o.max_wip;
    /* Where budget or target is: run-time refusals name it. A value
     * from --set (or a plan file) has no place in the model file: none. */
    const azi_load_node *at = azi_yaml_get(n, o.objective ? "target"
                                                          : "budget");
    azi_load_loc loc = at ? at->loc : n->loc;
    if (loc.src == AZI_LOAD_MODEL) {
        p.line = loc.line;
        p.col = loc.col;
    }
    if (p.objective == AZ_OPT_MAX_THROUGHPUT) {
        if (!(seen.valid & O_BUDGET)) {
            if (!(seen.present & O_BUDGET))
                azi_load_report(L, n->loc, "objective max_throughput needs "
                                "a `budget` (what may be spent)");
            return;
        }
        p.budget = o.budget;
    } else {
        if (!(seen.valid & O_TARGET)) {
            if (!(seen.present & O_TARGET))
                azi_load_report(L, n->loc, "objective min_cost needs a "
                                "`target` (units per hour to reach)");
            return;
        }
        p.target = o.target;
    }
    if (o.search) {
        search_spec s = {p.evaluations, p.screen_reps, 0, p.delta, p.pcs};
        if (!azi_fields_read(L, o.search, SEARCH_FIELDS,
                             NFIELDS(SEARCH_FIELDS), &s, "'optimize.search'",
                             0, NULL))
            return;
        p.evaluations = s.evaluations;
        p.screen_reps = s.screen_reps;
        p.screen_horizon = s.screen_horizon;
        p.delta = s.delta;
        p.pcs = s.pcs;
    }
    const azi_load_node *list = o.decisions;
    if (!list || list->kind != AZI_LOAD_LIST || list->n == 0) {
        azi_load_report(L, list ? list->loc : n->loc, "expected a list of "
                        "decisions");
        return;
    }
    for (size_t i = 0; i < list->n; i++)
        decision(L, ms, list->item[i], m);
    az_error e;
    if (m)
        azi_names_api(L, n, az_model_set_optimize(m, &p, &e), &e);
}
