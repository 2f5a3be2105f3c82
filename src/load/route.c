/*
 * route.c: the `routes` section of a model file. A step is a station
 * name, or a mapping that also makes it a test (yield, rework, max_rework)
 * or a sampled step (sample_every, destructive).
 *
 * Pass 1 reads the routes and their steps' keys; pass 2 resolves the
 * stations (visited and rework), the products a yield names, and checks
 * what needs them: the keys that only mean something together (rework
 * needs a yield, destructive needs sampling) and packaging as the last
 * step. A step's yield may differ by product; pass 3 gives each product
 * that follows the route its own test (az_model_set_step_test is per
 * product and step).
 *
 * Prefix azi_routes_. Calls names.c, value.c and the document layers; no
 * other section (sections.c calls azi_routes_adjacent).
 */
#include "load/sections.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A yield: a number, or product names (and `default`) to numbers. */
static const azi_load_type T_YIELDS = {.kind = AZI_T_MAP,
    .flags = AZI_T_NONEMPTY, .item = &azi_type_fraction};
static const azi_load_type *const YIELD[] = {&azi_type_fraction, &T_YIELDS};
static const azi_load_type T_YIELD = {.kind = AZI_T_ONE_OF, .alt = YIELD,
                                      .nalt = 2};

/* The order matters: STEP_* in spec.h are bits of this table. */
static const azi_load_field STEP_FIELDS[] = {
    AZI_NODE("station", OFF(step_spec, station), 1, &azi_type_name, NULL,
             "the station visited"),
    AZI_NODE("yield", OFF(step_spec, yield), 0, &T_YIELD, "1",
             "the step is a test: a unit passes with this probability"),
    AZI_NODE("rework", OFF(step_spec, rework), 0, &azi_type_name, NULL,
             "where a failed unit goes before it is tested again; without it "
             "a failed unit is scrapped"),
    AZI_FIELD("max_rework", u32_min0, OFF(step_spec, max_rework), 0, NULL,
              "reworks a unit may have at this test; failing once more "
              "scraps it"),
    AZI_FIELD("sample_every", u32_min1, OFF(step_spec, sample_every), 0, "1",
              "only every n-th unit visits this step; the others skip it"),
    AZI_FIELD("destructive", bool, OFF(step_spec, destructive), 0, NULL,
              "a sampled unit is scrapped after the step (a destructive "
              "shock test)"),
};
static const azi_load_type T_STEP_OBJ = {.kind = AZI_T_OBJECT,
    .fields = STEP_FIELDS, .nfields = NFIELDS(STEP_FIELDS)};
/* A step: a station's name, or a mapping (read_steps). */
static const azi_load_type *const STEP[] = {&azi_type_name, &T_STEP_OBJ};
static const azi_load_type T_STEP = {.kind = AZI_T_ONE_OF, .alt = STEP,
    .nalt = 2, .ref = "step", .doc = "a step of a route: a station's name, "
    "or a mapping that also makes it a test or a sampled step"};
static const azi_load_type T_ROUTE = {.kind = AZI_T_LIST,
    .flags = AZI_T_NONEMPTY, .item = &T_STEP};
const azi_load_type azi_routes_type = {.kind = AZI_T_MAP,
    .flags = AZI_T_NONEMPTY, .item = &T_ROUTE};

#define YIELD_EXPECTED                                                        \
    "a yield: a number in (0, 1], or a mapping from product names (and "      \
    "'default') to such numbers"

/* ---- pass 1 -------------------------------------------------------------- */

static void read_steps(azi_load *L, route_spec *r)
{
    char what[96], sw[128];
    if (!(r->step = azi_load_alloc(L, r->steps->n * sizeof *r->step)))
        return;
    r->n = r->steps->n;
    azi_names_naming("route", r->key->text, what, sizeof what);
    snprintf(sw, sizeof sw, "a step of %s", what);
    for (size_t k = 0; k < r->n; k++) {
        step_spec *sp = &r->step[k];
        sp->node = r->steps->item[k];
        sp->st = sp->rework_st = -1;
        sp->yield_default = 1;
        if (sp->node->kind == AZI_LOAD_MAP)
            azi_fields_read(L, sp->node, STEP_FIELDS, NFIELDS(STEP_FIELDS),
                            sp, sw, 0, &sp->seen);
        else
            sp->station = sp->node;
    }
}

/* Reads the routes' names and steps; stations are resolved in pass 2, once
 * every station is known. */
void azi_routes_read(azi_load *L, model_spec *ms)
{
    const azi_load_node *map = ms->top.routes;
    char got[64], q[80];
    if (!(ms->route = azi_fields_map(L, map, "route names to lists of "
                                     "stations", "route", sizeof *ms->route,
                                     &ms->nroute)))
        return;
    for (size_t i = 0; i < map->n; i++) {
        route_spec *r = &ms->route[i];
        const azi_load_node *steps = map->pair[i].val;
        r->key = map->pair[i].key;
        if (azi_value_name(L, r->key, &r->name))
            azi_names_put(L, &ms->routes, r->name, (long)i);
        if (steps->kind != AZI_LOAD_LIST) {
            azi_load_report(L, steps->loc, "expected a list of stations for "
                            "route %s, got %s",
                            azi_names_quoted(r->key->text, q, sizeof q),
                            azi_yaml_desc(steps, got, sizeof got));
            continue;
        }
        if (steps->n == 0) {
            azi_load_report(L, steps->loc, "route %s has no steps",
                            azi_names_quoted(r->key->text, q, sizeof q));
            continue;
        }
        r->steps = steps;
        read_steps(L, r);
    }
}

/* ---- pass 2 -------------------------------------------------------------- */

/* Yield entries in product order, for yield_for. */
static int entry_cmp(const void *a, const void *b)
{
    long x = ((const yield_entry *)a)->product;
    long y = ((const yield_entry *)b)->product;
    return (x > y) - (x < y);
}

/* A yield: one number for every product, or a mapping product -> number
 * with an optional `default` (else 1: a product not named passes). The
 * mapping may name products that follow other routes, so that one table
 * can serve several routes. */
static void read_yield(azi_load *L, const model_spec *ms, step_spec *sp,
                       const char *what)
{
    const azi_load_node *y = sp->yield;
    char got[64], ctx[128];
    int ok = 1;
    if (y->kind == AZI_LOAD_SCALAR && !azi_yaml_is_null(y)) {
        sp->test = azi_value_fraction(L, y, &sp->yield_default);
        return;
    }
    if (y->kind != AZI_LOAD_MAP || !y->n) {
        azi_load_report(L, y->loc, "expected %s, got %s", YIELD_EXPECTED,
                        y->kind == AZI_LOAD_MAP
                            ? "an empty mapping"
                            : azi_yaml_desc(y, got, sizeof got));
        return;
    }
    if (!(sp->ye = azi_load_alloc(L, y->n * sizeof *sp->ye)))
        return;
    snprintf(ctx, sizeof ctx, "the yield of a step of %s", what);
    for (size_t i = 0; i < y->n; i++) {
        const azi_load_pair *p = &y->pair[i];
        if (!strcmp(p->key->text, "default")) {
            ok &= azi_value_fraction(L, p->val, &sp->yield_default);
            continue;
        }
        yield_entry *e = &sp->ye[sp->nye++];
        e->key = p->key;
        ok &= azi_value_fraction(L, p->val, &e->yield);
        e->product = -1;
        if (!ms->products_ok) {
            ok = 0;
            continue;
        }
        e->product = azi_names_resolve(L, &ms->products, p->key, "product", ctx,
                                       ms->nprod ? &ms->prod[0].name : NULL,
                                       sizeof *ms->prod, ms->nprod);
        ok &= e->product >= 0;
    }
    if ((sp->test = ok) && sp->nye)
        qsort(sp->ye, sp->nye, sizeof *sp->ye, entry_cmp);
}

/* Keys that mean something only together with others. */
static void check_step_keys(azi_load *L, const step_spec *sp)
{
    const azi_load_node *n = sp->node;
    uint32_t has = sp->seen.present;
    if ((has & STEP_REWORK) && !(has & STEP_YIELD))
        azi_load_report(L, azi_names_key_of(n, "rework")->loc, "'rework' needs "
                        "'yield': only a test sends failed units to rework");
    if ((has & STEP_MAX_REWORK) && !(has & STEP_YIELD))
        azi_load_report(L, azi_names_key_of(n, "max_rework")->loc,
                        "'max_rework' needs 'yield': only a test sends failed "
                        "units to rework");
    else if ((has & STEP_MAX_REWORK) && !(has & STEP_REWORK))
        azi_load_report(L, azi_names_key_of(n, "max_rework")->loc,
                        "'max_rework' needs 'rework': without a rework "
                        "station a failed unit is scrapped at once");
    if (!(sp->seen.valid & STEP_DESTRUCTIVE) || !sp->destructive)
        return;
    if (!(has & STEP_SAMPLE))
        azi_load_report(L, azi_names_key_of(n, "destructive")->loc,
                        "'destructive' needs 'sample_every': a destructive "
                        "test of every unit would scrap them all");
    else if ((sp->seen.valid & STEP_SAMPLE) && sp->sample_every == 1)
        azi_load_report(L, azi_yaml_get(n, "sample_every")->loc,
                        "'sample_every' 1 with 'destructive' would scrap "
                        "every unit; sample one unit in n, n >= 2");
}

void azi_routes_resolve(azi_load *L, model_spec *ms)
{
    char what[96], q[80];
    for (size_t i = 0; i < ms->nroute; i++) {
        route_spec *r = &ms->route[i];
        if (!r->step)
            continue;
        r->ok = r->name != NULL;
        azi_names_naming("route", r->key->text, what, sizeof what);
        for (size_t k = 0; k < r->n; k++) {
            step_spec *sp = &r->step[k];
            if (sp->station)
                sp->st = azi_names_resolve_station(L, ms, sp->station, what);
            /* A broken value (reported) is unknown, not its default: a
             * broken sample_every is not "every unit", so the checks that
             * read the route's shape (a buffer's 'from') are skipped, not
             * misled. The other keys do not change which steps follow. */
            r->ok &= sp->st >= 0 && !azi_fields_broken(sp->seen, STEP_SAMPLE);
            if (sp->yield)
                read_yield(L, ms, sp, what);
            check_step_keys(L, sp);
            if (sp->rework && (sp->seen.present & STEP_YIELD)) {
                sp->rework_st = azi_names_resolve_station(L, ms, sp->rework,
                                                          what);
                r->ok &= sp->rework_st >= 0;
            }
        }
        /* Packed units leave the line in their cartons: nothing can come
         * after packaging. */
        for (size_t k = 0; k + 1 < r->n; k++) {
            const step_spec *sp = &r->step[k];
            if (sp->st >= 0 && (ms->st[sp->st].seen.valid & ST_CARTON))
                azi_load_report(L, sp->station->loc, "packaging station %s "
                                "must be the last step of %s (here step %zu "
                                "of %zu): units leave the line in its cartons",
                                azi_names_quoted(ms->st[sp->st].name, q,
                                                 sizeof q),
                                what, k + 1, r->n);
        }
    }
}

/* Steps a unit may skip: sampled ones (all but every n-th unit). */
static int skippable(const step_spec *sp)
{
    return (sp->seen.valid & STEP_SAMPLE) && sp->sample_every > 1;
}

/* One walk per route: `open` says that a step of `from` came before and
 * every step since was skippable. */
int azi_routes_adjacent(const model_spec *ms, long from, long to)
{
    for (size_t i = 0; i < ms->nroute; i++) {
        const route_spec *r = &ms->route[i];
        int open = 0;
        for (size_t k = 0; k < r->n; k++) {
            const step_spec *sp = &r->step[k];
            if ((open && sp->st == to) ||
                (sp->rework_st >= 0 &&
                 ((sp->st == from && sp->rework_st == to) ||
                  (sp->rework_st == from && sp->st == to))))
                return 1;
            if (sp->st == from)
                open = 1;
            else if (!skippable(sp))
                open = 0;
        }
    }
    return 0;
}

/* ---- pass 3 -------------------------------------------------------------- */

/* The entries are sorted by product (read_yield). */
static double yield_for(const step_spec *sp, long product)
{
    yield_entry key = {NULL, 0, product};
    const yield_entry *e = sp->nye ? bsearch(&key, sp->ye, sp->nye,
                                             sizeof *sp->ye, entry_cmp)
                                   : NULL;
    return e ? e->yield : sp->yield_default;
}

az_status azi_routes_build_steps(azi_load *L, const model_spec *ms,
                                 const product_spec *p, az_model *m)
{
    const route_spec *r = &ms->route[p->route_ix];
    long pi = (long)(p - ms->prod);
    az_error e;
    az_status rc = AZ_OK;
    for (size_t k = 0; k < r->n && !rc; k++) {
        const step_spec *sp = &r->step[k];
        uint32_t step;
        if ((rc = azi_names_api(L, sp->node,
                                az_model_add_step(m, p->idx,
                                                  ms->st[sp->st].idx, &step,
                                                  &e), &e)))
            break;
        if (sp->test)
            rc = azi_names_api(
                L, sp->yield,
                az_model_set_step_test(
                    m, p->idx, step, yield_for(sp, pi),
                    sp->rework_st >= 0 ? ms->st[sp->rework_st].idx
                                       : AZ_NO_STATION,
                    sp->seen.present & STEP_MAX_REWORK ? sp->max_rework
                                                       : AZ_UNLIMITED,
                    &e), &e);
        if (!rc && (sp->seen.present & STEP_SAMPLE))
            rc = azi_names_api(L, sp->node,
                               az_model_set_step_sample(m, p->idx, step,
                                                        sp->sample_every,
                                                        sp->destructive, &e),
                               &e);
    }
    return rc;
}
