/*
 * improve.c: the model file's `improve:` section (docs/model-format.md):
 * what `azalea improve` may try and what changes cost. Checked in pass 2
 * (stations are known then) and built in pass 3 by the same walk, so the
 * two cannot disagree.
 *
 * Prefix azi_improvement_ (azi_improve_ is model_improve.c's). Calls
 * names.c, value.c and the document layers; no other section.
 */
#include "load/sections.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "azalea/improve.h"

typedef struct costs_spec {
    double machine, buffer_place, person;
    const azi_load_node *by_station;
} costs_spec;

typedef struct cand_spec {
    const char *name;
    const azi_load_node *set;
    double cost;
} cand_spec;

typedef struct improve_spec {
    const azi_load_node *costs, *candidates;
} improve_spec;

static int read_cost(azi_load *L, const azi_load_node *v, void *slot)
{
    char got[64];
    double x;
    if (!azi_value_number(L, v, &x))
        return 0;
    if (!(x >= 0)) {
        azi_load_report(L, v->loc, "expected a cost (a number >= 0), got %s",
                        azi_yaml_desc(v, got, sizeof got));
        return 0;
    }
    *(double *)slot = x;
    return 1;
}

static const azi_load_type T_COST = {.kind = AZI_T_NUMBER, .min = 0,
                                     .max = INFINITY};
static const azi_load_type T_COSTS_BY = {.kind = AZI_T_MAP, .item = &T_COST};
static const azi_load_field COST_FIELDS[] = {
    {"machine", read_cost, OFF(costs_spec, machine), 0, &T_COST, NULL,
     "cost of one more machine at a station"},
    {"buffer_place", read_cost, OFF(costs_spec, buffer_place), 0, &T_COST,
     NULL, "cost of one more place in a buffer (`--buffer-step` places are "
     "tried at once)"},
    {"person", read_cost, OFF(costs_spec, person), 0, &T_COST, NULL,
     "cost of one more person in an operator pool"},
    AZI_NODE("machine_by_station", OFF(costs_spec, by_station), 0,
             &T_COSTS_BY, NULL, "a station's own machine cost, over "
             "`machine`"),
};
static const azi_load_type T_COSTS = {.kind = AZI_T_OBJECT,
    .fields = COST_FIELDS, .nfields = NFIELDS(COST_FIELDS)};

/* A change as --set writes it (check_set), or 1 to 64 of them. */
static const azi_load_type T_CHANGE = {.kind = AZI_T_STRING,
                                       .pattern = "^[^=]+="};
static const azi_load_type T_CHANGES = {.kind = AZI_T_LIST,
    .flags = AZI_T_NONEMPTY, .item = &T_CHANGE, .max_items = 64};
static const azi_load_type *const SET[] = {&T_CHANGE, &T_CHANGES};
static const azi_load_type T_SET = {.kind = AZI_T_ONE_OF, .alt = SET,
                                    .nalt = 2};
static const azi_load_field CAND_FIELDS[] = {
    AZI_FIELD("name", text, OFF(cand_spec, name), 0, NULL,
              "shown in the ranking"),
    AZI_NODE("set", OFF(cand_spec, set), 1, &T_SET, NULL,
             "the change, written as `--set` options (see "
             "[Overrides](#overrides-from-the-command-line)); a list is "
             "applied together"),
    {"cost", read_cost, OFF(cand_spec, cost), 0, &T_COST, NULL,
     "what the change costs"},
};
static const azi_load_type T_CAND = {.kind = AZI_T_OBJECT,
    .fields = CAND_FIELDS, .nfields = NFIELDS(CAND_FIELDS)};
static const azi_load_type T_CANDS = {.kind = AZI_T_LIST,
    .flags = AZI_T_NULL, .item = &T_CAND};

static const azi_load_field IMPROVE_FIELDS[] = {
    AZI_NODE("costs", OFF(improve_spec, costs), 0, &T_COSTS, NULL,
             "what changes cost"),
    AZI_NODE("candidates", OFF(improve_spec, candidates), 0, &T_CANDS, NULL,
             "changes of its own for `azalea improve` to try"),
};
const azi_load_type azi_improvement_type = {.kind = AZI_T_OBJECT,
    .flags = AZI_T_NULL, .fields = IMPROVE_FIELDS,
    .nfields = NFIELDS(IMPROVE_FIELDS)};
enum { CAND_SET = BIT(1) };

/* A `set` value: "path=value" with a path. */
static int check_set(azi_load *L, const azi_load_node *v)
{
    char got[64];
    const char *eq = v->kind == AZI_LOAD_SCALAR ? strchr(v->text, '=') : NULL;
    if (!eq || eq == v->text) {
        azi_load_report(L, v->loc, "expected a change 'path=value' (as "
                        "--set), got %s", azi_yaml_desc(v, got, sizeof got));
        return 0;
    }
    return 1;
}

/* One candidate: checks it (m NULL) or adds it to m. */
static void candidate(azi_load *L, const azi_load_node *n, size_t i,
                      az_model *m)
{
    cand_spec c = {NULL, NULL, -1};
    azi_load_seen seen;
    char what[64], got[64];
    snprintf(what, sizeof what, "improve candidate %zu", i + 1);
    if (!azi_fields_read(L, n, CAND_FIELDS, NFIELDS(CAND_FIELDS), &c, what, 0,
                         &seen) ||
        !(seen.valid & CAND_SET))
        return;
    const azi_load_node *set = c.set;
    const char *sets[64];
    size_t ns = 0;
    if (set->kind == AZI_LOAD_LIST) {
        if (set->n == 0 || set->n > 64) {
            azi_load_report(L, set->loc, "expected 1 to 64 changes "
                            "'path=value', got %zu", set->n);
            return;
        }
        for (size_t k = 0; k < set->n; k++)
            if (check_set(L, set->item[k]))
                sets[ns++] = set->item[k]->text;
        if (ns < set->n)
            return;
    } else if (set->kind == AZI_LOAD_SCALAR) {
        if (!check_set(L, set))
            return;
        sets[ns++] = set->text;
    } else {
        azi_load_report(L, set->loc, "expected a change 'path=value' or a "
                        "list of them, got %s",
                        azi_yaml_desc(set, got, sizeof got));
        return;
    }
    if (!m)
        return;
    /* Unnamed: the changes themselves, as compare shows a scenario. */
    char name[160];
    if (c.name && *c.name)
        snprintf(name, sizeof name, "%s", c.name);
    else {
        name[0] = '\0';
        for (size_t k = 0; k < ns; k++) {
            size_t len = strlen(name);
            snprintf(name + len, sizeof name - len, "%s%s", k ? "; " : "",
                     sets[k]);
        }
    }
    az_error e;
    azi_names_api(L, n, az_model_add_candidate(m, name, sets, ns, c.cost,
                                               n->loc.line, n->loc.col, &e),
                 &e);
}

static void costs(azi_load *L, const model_spec *ms, const azi_load_node *n,
                  az_model *m)
{
    costs_spec c = {-1, -1, -1, NULL};
    az_error e;
    if (!azi_fields_read(L, n, COST_FIELDS, NFIELDS(COST_FIELDS), &c,
                         "'improve.costs'", 0, NULL))
        return;
    if (m && azi_names_api(L, n, az_model_set_improve_costs(
                                    m, (az_improve_costs){c.machine,
                                                          c.buffer_place,
                                                          c.person},
                                    &e), &e))
        return;
    const azi_load_node *by = c.by_station;
    char got[64];
    if (!by)
        return;
    if (by->kind != AZI_LOAD_MAP) {
        azi_load_report(L, by->loc, "expected a mapping from station names "
                        "to costs, got %s", azi_yaml_desc(by, got, sizeof got));
        return;
    }
    for (size_t k = 0; k < by->n; k++) {
        double x;
        long st = azi_names_resolve_station(L, ms, by->pair[k].key,
                                            "'machine_by_station'");
        if (!read_cost(L, by->pair[k].val, &x) || st < 0 || !m)
            continue;
        azi_names_api(L, by->pair[k].key,
                      az_model_set_machine_cost(m, ms->st[st].idx, x, &e), &e);
    }
}

void azi_improvement_load(azi_load *L, const model_spec *ms, az_model *m)
{
    const azi_load_node *n = ms->top.improve;
    improve_spec im = {NULL, NULL};
    char got[64];
    if (!n || azi_yaml_is_null(n) ||
        !azi_fields_read(L, n, IMPROVE_FIELDS, NFIELDS(IMPROVE_FIELDS), &im,
                         "'improve'", 0, NULL))
        return;
    if (im.costs)
        costs(L, ms, im.costs, m);
    const azi_load_node *list = im.candidates;
    if (!list || azi_yaml_is_null(list))
        return;
    if (list->kind != AZI_LOAD_LIST) {
        azi_load_report(L, list->loc, "expected a list of candidates, got %s",
                        azi_yaml_desc(list, got, sizeof got));
        return;
    }
    for (size_t i = 0; i < list->n; i++)
        candidate(L, list->item[i], i, m);
}
