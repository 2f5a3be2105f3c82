/*
 * sections.c: the model file's small sections: run, products, release
 * (mix, sequence; its plan is plan.c) and buffers (conveyors included),
 * read (pass 1), cross-checked (pass 2) and built (pass 3) as load.c
 * drives them. Prefix azi_sections_.
 *
 * Calls the layers below (names.c, value.c, doc.h) and, for the release,
 * plan.c (its production plan) and route.c (whether a buffer's `from`
 * station is visited right before its `to`); neither calls back, so there
 * is no cycle. Invariants as for every section: a value that is broken was
 * reported where it is written, and a check that needs it is skipped, so
 * a mistake is reported once, not with its consequences.
 */
#include "load/sections.h"
#include "util/date.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

/* Probabilities given by people sum to 1 only up to rounding (as model.c). */
#define SUM_TOL 1e-9
/* ---- pass 1: sections ---------------------------------------------------- */

void azi_sections_read_run(azi_load *L, model_spec *ms)
{
    run_spec *r = &ms->run;
    const azi_load_node *n = ms->top.run;
    double horizon_s = 0;
    az_parse_duration(AZI_DEFAULT_HORIZON, &horizon_s, NULL);
    r->horizon = horizon_s / L->unit_s;
    r->warmup = 0;
    r->replications = AZI_DEFAULT_REPS;
    r->seed = AZI_DEFAULT_SEED;
    r->level = AZI_DEFAULT_LEVEL;
    if (!n || azi_yaml_is_null(n))
        return;
    azi_load_seen seen;
    int all = azi_fields_read(L, n, azi_section_keys_run.fields,
                              azi_section_keys_run.nfields, r,
                              "'run'", 0, &seen);
    r->has_start = (seen.valid & RUN_START) != 0;
    if (!all)
        return;
    /* `warmup: auto`: the experiment picks it (az_experiment_warmup). */
    const azi_load_node *w = r->warmup_node;
    int wok = 1;
    char got[64];
    if (w && w->kind == AZI_LOAD_SCALAR && !strcmp(w->text, "auto"))
        r->warmup_auto = 1;
    else if (w && w->kind == AZI_LOAD_SCALAR &&
             isalpha((unsigned char)w->text[0])) { /* a word, not a time */
        azi_load_report(L, w->loc, "expected a duration such as '2 d', or "
                        "'auto', got %s", azi_yaml_desc(w, got, sizeof got));
        wok = 0;
    } else if (w)
        wok = azi_value_duration(L, w, &r->warmup);
    /* Both are right (given and valid, or the default). */
    if (((seen.valid | ~seen.present) & RUN_HORIZON) && wok && w &&
        !r->warmup_auto && r->warmup >= r->horizon) {
        const azi_load_node *h = azi_yaml_get(n, "horizon");
        char wq[80], hq[80];
        azi_load_report(L, w->loc, "warmup must be shorter than the horizon, "
                        "got warmup %s and horizon %s",
                        azi_names_quoted(w->text, wq, sizeof wq),
                        h ? azi_names_quoted(h->text, hq, sizeof hq)
                          : "'" AZI_DEFAULT_HORIZON "'");
    }
}

void azi_sections_read_products(azi_load *L, model_spec *ms)
{
    const azi_load_node *list = ms->top.products;
    char got[64], what[96];
    if (!list)
        return;
    if (list->kind != AZI_LOAD_LIST) {
        azi_load_report(L, list->loc, "expected a list of products, got %s",
                        azi_yaml_desc(list, got, sizeof got));
        return;
    }
    if (list->n == 0) {
        azi_load_report(L, list->loc, "expected at least one product");
        return;
    }
    if (!(ms->prod = azi_load_alloc(L, list->n * sizeof *ms->prod)))
        return;
    ms->nprod = list->n;
    ms->products_ok = 1;
    for (size_t i = 0; i < list->n; i++) {
        product_spec *p = &ms->prod[i];
        const azi_load_node *nm = azi_yaml_get(list->item[i], "name");
        p->node = list->item[i];
        p->route_ix = -1;
        if (nm && nm->kind == AZI_LOAD_SCALAR && *nm->text)
            azi_names_naming("product", nm->text, what, sizeof what);
        else
            snprintf(what, sizeof what, "products[%zu]", i);
        azi_fields_read(L, p->node, azi_section_keys_product.fields,
                        azi_section_keys_product.nfields, p, what, 0,
                        &p->seen);
        if (!(p->seen.valid & PRODUCT_NAME)) {
            p->name = NULL;
            continue;
        }
        azi_names_add(L, ms, "product", p->name, nm->loc);
        if (azi_strmap_get(&ms->products, p->name, -1) < 0)
            azi_names_put(L, &ms->products, p->name, (long)i);
    }
}

/* A sequence item is a product name (one unit) or {name: count} (count
 * units in a row), e.g. [{S01: 72}, {S02: 32}]. */
static void check_sequence_item(azi_load *L, const azi_load_node *it)
{
    char got[64];
    uint32_t count;
    if (it->kind == AZI_LOAD_SCALAR)
        return;
    if (it->kind == AZI_LOAD_MAP && it->n > 1) {
        azi_load_report(L, it->loc, "expected one product per item of "
                        "'sequence', got %zu in one mapping; write them as "
                        "separate items, e.g. [{a: 2}, {b: 1}]", it->n);
        return;
    }
    if (it->kind != AZI_LOAD_MAP || it->n != 1) {
        azi_load_report(L, it->loc, "expected a product name or "
                        "{product: count} in 'sequence', got %s",
                        azi_yaml_desc(it, got, sizeof got));
        return;
    }
    azi_value_u32_min1(L, it->pair[0].val, &count);
}

/* The product named by sequence item it, and how many units it stands for
 * (1 for a bare name); 0 if the item was reported in pass 1. */
static uint32_t sequence_count(const azi_load_node *it,
                               const azi_load_node **name)
{
    uint64_t n;
    if (it->kind == AZI_LOAD_SCALAR) {
        *name = it;
        return 1;
    }
    if (it->kind != AZI_LOAD_MAP || it->n != 1 ||
        it->pair[0].val->kind != AZI_LOAD_SCALAR ||
        azi_value_parse_uint(it->pair[0].val->text, UINT32_MAX, &n) != 0 ||
        n == 0)
        return 0;
    *name = it->pair[0].key;
    return (uint32_t)n;
}

/* Lots go with a mix: a sequence gives its lots as counts and a plan as
 * quantities. A product's own `lot` makes the release one of lots too. */
static void check_lots(azi_load *L, model_spec *ms, const azi_load_node *n)
{
    release_spec *r = &ms->release;
    const char *other = r->orders ? "orders"
                        : r->plan ? "plan"
                        : r->sequence ? "sequence"
                        : r->campaigns ? "campaigns" : NULL;
    const char *how = r->campaigns && !r->orders && !r->plan && !r->sequence
                          ? "a campaign gives its family's units"
                      : r->orders ? "an order's quantity is its lot"
                      : r->plan ? "the plan gives each day's quantities"
                                : "write the lots as counts, e.g. "
                                  "[{a: 50}, {b: 50}]";
    if (other && (r->seen.present & REL_LOT))
        azi_load_report(L, azi_names_key_of(n, "lot")->loc, "'lot' cannot "
                        "be used with '%s': %s", other, how);
    for (size_t i = 0; other && i < ms->nprod; i++)
        if (ms->prod[i].seen.present & PRODUCT_LOT)
            azi_load_report(L, azi_names_key_of(ms->prod[i].node,
                                                "lot")->loc,
                            "'lot' of a product cannot be used with a "
                            "release '%s': %s", other, how);
    if ((r->seen.present & REL_LOT_ARRIVAL) && !(r->seen.present & REL_LOT))
        azi_load_report(L, azi_names_key_of(n, "lot_arrival")->loc,
                        "'lot_arrival' needs 'lot' in 'release' (the units "
                        "a lot holds)");
}

void azi_sections_read_release(azi_load *L, model_spec *ms)
{
    release_spec *r = &ms->release;
    const azi_load_node *n = ms->top.release, *q;
    char got[64];
    if (!n || !azi_fields_read(L, n, azi_section_keys_release.fields,
                               azi_section_keys_release.nfields, r,
                               "'release'", 0, &r->seen))
        return;
    /* A CONWIP line may release as soon as the cap allows (0 s), and a
     * plan as soon as the first station takes a unit. */
    if (!(r->seen.present &
          (REL_INTERARRIVAL | REL_WIP_CAP | REL_PLAN | REL_ORDERS)))
        azi_load_report(L, n->loc, "missing required key 'interarrival' in "
                        "'release'");
    if (r->orders && (r->plan || r->sequence))
        azi_load_report(L, azi_names_key_of(n, "orders")->loc,
                        "'orders' cannot be used with '%s': the orders say "
                        "which products are released, and when",
                        r->plan ? "plan" : "sequence");
    else if (r->orders)
        azi_orders_read(L, ms);
    if (r->campaigns && (r->plan || r->sequence || r->orders))
        azi_load_report(L, azi_names_key_of(n, "campaigns")->loc,
                        "'campaigns' cannot be used with '%s': campaigns "
                        "draw from the mix, family by family",
                        r->plan ? "plan" : r->sequence ? "sequence"
                                                       : "orders");
    else if (r->campaigns)
        azi_campaigns_read(L, ms);
    if ((r->seen.present & REL_ORDER_BY) && !r->orders)
        azi_load_report(L, azi_names_key_of(n, "order_by")->loc,
                        "'order_by' needs 'orders' in 'release' (the order "
                        "list it orders)");
    if (r->plan)
        azi_plan_read(L, ms);
    check_lots(L, ms, n);
    if (!(q = r->sequence))
        return;
    if (r->plan) {
        azi_load_report(L, azi_names_key_of(n, "sequence")->loc,
                        "'sequence' cannot be used with 'plan': the plan says "
                        "which products are released, and when");
        return;
    }
    if (q->kind != AZI_LOAD_LIST)
        azi_load_report(L, q->loc, "expected a list of product names for "
                        "'sequence', got %s",
                        azi_yaml_desc(q, got, sizeof got));
    else if (q->n == 0)
        azi_load_report(L, q->loc, "expected at least one product in "
                        "'sequence'");
    else
        for (size_t i = 0; i < q->n; i++)
            check_sequence_item(L, q->item[i]);
}

void azi_sections_read_buffers(azi_load *L, model_spec *ms)
{
    const azi_load_node *map = ms->top.buffers;
    char what[96];
    if (!(ms->buf = azi_fields_map(L, map, "buffer names to buffers", NULL,
                                   sizeof *ms->buf, &ms->nbuf)))
        return;
    for (size_t i = 0; i < map->n; i++) {
        buffer_spec *b = &ms->buf[i];
        b->key = map->pair[i].key;
        b->val = map->pair[i].val;
        b->to_ix = b->from_ix = -1;
        if (azi_value_name(L, b->key, &b->name))
            azi_names_add(L, ms, "buffer", b->name, b->key->loc);
        azi_names_naming("buffer", b->key->text, what, sizeof what);
        azi_fields_read(L, map->pair[i].val, azi_section_keys_buffer.fields,
                        azi_section_keys_buffer.nfields, b, what, 0,
                        &b->seen);
        /* Units on a conveyor take room in it: with none, no unit could
         * ever travel. */
        if ((b->seen.present & BUFFER_TRANSPORT) &&
            (b->seen.valid & BUFFER_CAPACITY) && b->capacity == 0)
            azi_load_report(L, azi_yaml_get(b->val, "capacity")->loc,
                            "%s has a 'transport' time, so units on the "
                            "conveyor need room in it: capacity must be at "
                            "least 1, got 0", what);
    }
}

/* ---- pass 2: cross-references -------------------------------------------- */

void azi_sections_resolve_products(azi_load *L, model_spec *ms)
{
    char what[96], q[80];
    for (size_t i = 0; i < ms->nprod; i++) {
        product_spec *p = &ms->prod[i];
        if (!p->name)
            continue;
        azi_names_naming("product", p->name, what, sizeof what);
        if (p->route) {
            p->route_ix = azi_names_resolve(L, &ms->routes, p->route, "route",
                                            what,
                                            ms->nroute ? &ms->route[0].name
                                                       : NULL,
                                            sizeof *ms->route, ms->nroute);
            continue;
        }
        p->route_ix = azi_strmap_get(&ms->routes, p->name, -1);
        if (p->route_ix < 0)
            p->route_ix = azi_strmap_get(&ms->routes, "default", -1);
        if (p->route_ix < 0 && ms->top.routes)
            azi_load_report(L, p->node->loc, "product %s has no route: give it "
                            "'route', or define a route named %s or 'default'",
                            azi_names_quoted(p->name, q, sizeof q), q);
    }
}

void azi_sections_resolve_by_product(azi_load *L, model_spec *ms)
{
    char what[96];
    for (size_t i = 0; i < ms->nst; i++) {
        station_spec *s = &ms->st[i];
        azi_names_naming("station", s->key->text, what, sizeof what);
        for (size_t k = 0; k < s->nbp; k++)
            if (ms->products_ok)
                s->bp[k].product = azi_names_resolve_product(L, ms,
                                                             s->bp[k].key,
                                                             what);
    }
}

/* A batch station's buffer must hold a full batch, or the batch could never
 * start (reported at the capacity, naming the batch). */
static void check_batch_buffer(azi_load *L, const model_spec *ms,
                               const buffer_spec *b)
{
    const station_spec *s = &ms->st[b->to_ix];
    char q[80], q2[80], where[32];
    if (!s->batch || !(s->batch->seen.valid & BIT(0)) ||
        !(b->seen.valid & BUFFER_CAPACITY) || b->capacity >= s->batch->max)
        return;
    azi_names_where(azi_yaml_get(s->batch_node, "max")->loc, where,
                    sizeof where);
    azi_load_report(L, azi_yaml_get(b->val, "capacity")->loc,
                    "buffer %s (capacity %u) cannot hold a full batch of "
                    "station %s (max %u, %s)",
                    azi_names_quoted(b->key->text, q, sizeof q),
                    (unsigned)b->capacity,
                    azi_names_quoted(s->name, q2, sizeof q2),
                    (unsigned)s->batch->max, where);
}

void azi_sections_resolve_buffers(azi_load *L, model_spec *ms)
{
    char what[96], q[80], q2[80], where[32];
    int routes_ok = ms->nroute > 0;
    for (size_t i = 0; i < ms->nroute; i++)
        routes_ok &= ms->route[i].ok;
    for (size_t i = 0; i < ms->nbuf; i++) {
        buffer_spec *b = &ms->buf[i];
        azi_names_naming("buffer", b->key->text, what, sizeof what);
        if (b->to &&
            (b->to_ix = azi_names_resolve_station(L, ms, b->to, what)) >= 0) {
            station_spec *s = &ms->st[b->to_ix];
            if (s->buffer >= 0) {
                azi_names_where(ms->buf[s->buffer].key->loc, where,
                                sizeof where);
                azi_load_report(L, b->to->loc, "station %s already has input "
                                "buffer %s (%s); a station has at most one",
                                azi_names_quoted(s->name, q, sizeof q),
                                azi_names_quoted(ms->buf[s->buffer].key->text,
                                                 q2, sizeof q2), where);
            } else {
                s->buffer = (int)i;
                check_batch_buffer(L, ms, b);
            }
        }
        if (b->from && !azi_yaml_is_null(b->from))
            b->from_ix = azi_names_resolve_station(L, ms, b->from, what);
        if (b->from_ix >= 0 && b->to_ix >= 0 && routes_ok &&
            !azi_routes_adjacent(ms, b->from_ix, b->to_ix))
            azi_load_report(L, b->from->loc, "no route visits %s immediately "
                            "before %s",
                            azi_names_quoted(ms->st[b->from_ix].name, q,
                                             sizeof q),
                            azi_names_quoted(ms->st[b->to_ix].name, q2,
                                             sizeof q2));
    }
}

void azi_sections_resolve_release(azi_load *L, model_spec *ms)
{
    release_spec *r = &ms->release;
    const azi_load_node *q = r->sequence;
    if (r->plan)
        azi_plan_resolve(L, ms);
    if (r->norder)
        azi_orders_resolve(L, ms);
    if (r->ncamp)
        azi_campaigns_resolve(L, ms);
    if (!q || q->kind != AZI_LOAD_LIST || !q->n || !ms->products_ok ||
        r->plan)
        return;
    /* Counts are expanded here, so the engine sees one product a unit
     * and a counted sequence runs exactly as the same list written out. */
    uint64_t total = 0;
    const azi_load_node *name;
    int broken = 0;
    for (size_t i = 0; i < q->n; i++) {
        uint32_t c = sequence_count(q->item[i], &name);
        broken |= c == 0; /* reported in pass 1 */
        total += c;
    }
    if (broken) { /* still name the unknown products of the good items */
        for (size_t i = 0; i < q->n; i++)
            if (sequence_count(q->item[i], &name))
                azi_names_resolve_product(L, ms, name, "the release sequence");
        return;
    }
    if (total > AZI_SEQUENCE_MAX) {
        azi_load_report(L, q->loc, "the sequence releases %llu units a "
                        "cycle; at most %u are allowed (a production plan "
                        "is the form for long schedules)",
                        (unsigned long long)total, (unsigned)AZI_SEQUENCE_MAX);
        return;
    }
    if (!(r->seq = azi_load_alloc(L, total * sizeof *r->seq)))
        return;
    r->nseq = total;
    r->seq_ok = 1;
    size_t k = 0;
    for (size_t i = 0; i < q->n; i++) {
        uint32_t c = sequence_count(q->item[i], &name);
        long p = azi_names_resolve_product(L, ms, name,
                                           "the release sequence");
        r->seq_ok &= p >= 0;
        for (uint32_t j = 0; j < c; j++)
            r->seq[k++] = p;
    }
}

void azi_sections_check_mix(azi_load *L, model_spec *ms)
{
    char what[96];
    double sum = 0;
    int ok = ms->nprod > 0;
    /* A plan or orders say what is released: a mix would contradict
     * them. */
    if (ms->release.plan || ms->release.orders) {
        int plan = ms->release.plan != NULL;
        for (size_t i = 0; i < ms->nprod; i++)
            if (ms->prod[i].seen.present & PRODUCT_MIX)
                azi_load_report(L, azi_names_key_of(ms->prod[i].node,
                                                    "mix")->loc,
                                "'mix' cannot be used with %s ('%s' in "
                                "'release'): %s which products are "
                                "released",
                                plan ? "a production plan" : "orders",
                                plan ? "plan" : "orders",
                                plan ? "the plan says" : "the orders say");
        return;
    }
    /* A sequence fixes the shares: the mix is neither needed nor used. */
    if (ms->release.seen.present & REL_SEQUENCE)
        return;
    for (size_t i = 0; i < ms->nprod; i++) {
        product_spec *p = &ms->prod[i];
        if (!(p->seen.present & PRODUCT_MIX)) {
            if (ms->nprod == 1) {
                p->mix = 1;
                sum = 1;
                continue;
            }
            if (p->name)
                azi_names_naming("product", p->name, what, sizeof what);
            else
                snprintf(what, sizeof what, "products[%zu]", i);
            azi_load_report(L, p->node->loc, "missing required key 'mix' in "
                            "%s (needed when there are several products)",
                            what);
        }
        ok &= (p->seen.valid & PRODUCT_MIX) != 0;
        sum += p->mix;
    }
    if (ok && !(fabs(sum - 1) <= SUM_TOL)) {
        const azi_load_node *k = azi_names_key_of(ms->root, "products");
        azi_load_report(L, k ? k->loc : ms->top.products->loc,
                        "the product mix sums to %.15g, expected 1", sum);
    }
}
/* For each station, how many released products visit it: n[x], or NULL
 * when that is not known (a broken product, route or release). Linear in
 * the size of the model, whatever its shape. */
static long *visitors(azi_load *L, const model_spec *ms)
{
    long *per_route = azi_load_alloc(L, (ms->nroute + 1) * sizeof *per_route);
    long *n = azi_load_alloc(L, (ms->nst + 1) * sizeof *n);
    size_t *mark = azi_load_alloc(L, (ms->nst + 1) * sizeof *mark);
    const char *rel = azi_names_released(L, ms);
    if (!per_route || !n || !mark || !rel)
        return NULL;
    for (size_t i = 0; i < ms->nprod; i++) {
        const product_spec *p = &ms->prod[i];
        if (!rel[i])
            continue;
        if (p->route_ix < 0 || !ms->route[p->route_ix].ok)
            return NULL;
        per_route[p->route_ix]++;
    }
    for (size_t i = 0; i < ms->nroute; i++)
        for (size_t k = 0; per_route[i] && k < ms->route[i].n; k++) {
            size_t x = (size_t)ms->route[i].step[k].st;
            if (mark[x] != i + 1) {
                mark[x] = i + 1;
                n[x] += per_route[i];
            }
        }
    return n;
}

/* A WIP cap counts units in partly filled cartons and in batches that wait
 * to start. If those can hold every unit the cap allows, nothing more is
 * released and the line stops for good: a necessary condition, checked one
 * station at a time. */
void azi_sections_check_wip_cap(azi_load *L, model_spec *ms)
{
    const release_spec *r = &ms->release;
    char q[80];
    long *n;
    if (!(r->seen.valid & REL_WIP_CAP))
        return;
    const azi_load_node *at = azi_yaml_get(ms->top.release, "wip_cap");
    /* Components count as in the line from their release, also while they
     * wait in an assembly store and after they are joined onto a unit. */
    for (size_t i = 0; i < ms->nst; i++)
        if (ms->st[i].ncomp && ms->st[i].name) {
            azi_load_report(L, at->loc, "'wip_cap' cannot be used with "
                            "assembly (station %s): components count "
                            "against the cap from their release on, so they "
                            "can fill it and stop the line for good",
                            azi_names_quoted(ms->st[i].name, q, sizeof q));
            return;
        }
    if (!(n = visitors(L, ms)))
        return;
    for (size_t i = 0; i < ms->nst; i++) {
        const station_spec *s = &ms->st[i];
        if (!s->name || n[i] <= 0)
            continue;
        azi_names_quoted(s->name, q, sizeof q);
        if (s->batch && s->batch->ok) {
            uint32_t need = isfinite(s->batch->max_wait) ? s->batch->min
                                                         : s->batch->max;
            if (r->wip_cap < need)
                azi_load_report(L, at->loc, "'wip_cap' %u is less than the "
                                "%u units station %s needs to start a "
                                "batch, so the line would stop",
                                (unsigned)r->wip_cap, (unsigned)need, q);
        } else if ((s->seen.valid & ST_CARTON) && s->carton > 1) {
            uint64_t hold = (uint64_t)n[i] * (s->carton - 1);
            if (r->wip_cap <= hold)
                azi_load_report(L, at->loc, "'wip_cap' %u is too small: "
                                "partly filled cartons at station %s can "
                                "hold %llu units (%ld product%s x %u), and "
                                "then the line stops; use at least %llu",
                                (unsigned)r->wip_cap, q,
                                (unsigned long long)hold, n[i],
                                n[i] == 1 ? "" : "s",
                                (unsigned)(s->carton - 1),
                                (unsigned long long)hold + 1);
        }
    }
}

az_status azi_sections_build_release(azi_load *L, const model_spec *ms,
                                     az_model *m)
{
    const release_spec *r = &ms->release;
    const azi_load_node *at = ms->top.release;
    az_dist zero = {0};
    az_error e;
    uint32_t src;
    az_status rc;
    /* Without interarrival (a CONWIP line or a plan): 0 s. */
    if (!(r->seen.present & REL_INTERARRIVAL) &&
        (rc = azi_names_api(L, at, az_dist_constant(&zero, 0, &e), &e)))
        return rc;
    rc = azi_names_api(L, at, az_model_add_source(
                                 m, AZI_SOURCE_NAME,
                                 r->seen.present & REL_INTERARRIVAL
                                     ? &r->interarrival
                                     : &zero,
                                 &src, &e), &e);
    az_dist_clear(&zero);
    if (rc)
        return rc;
    if (r->plan) {
        /* The plan says what comes: no mix. */
        rc = azi_plan_build(L, ms, m, src);
    } else if (r->orders) {
        rc = azi_orders_build(L, ms, m, src);
    } else if (r->seq) {
        /* The mix is what the sequence releases, so that az_model_check
         * sees which products come (e.g. for a saturated release). */
        uint32_t *seq = azi_load_alloc(L, r->nseq * sizeof *seq);
        if (!seq)
            return AZ_ENOMEM;
        for (size_t i = 0; i < r->nseq; i++)
            seq[i] = ms->prod[r->seq[i]].idx;
        size_t *count = azi_load_alloc(L, ms->nprod * sizeof *count);
        if (!count)
            return AZ_ENOMEM;
        for (size_t i = 0; i < r->nseq; i++)
            count[r->seq[i]]++;
        for (size_t p = 0; p < ms->nprod; p++) {
            if (count[p] &&
                (rc = azi_names_api(L, r->sequence,
                                    az_model_source_add_product(
                                        m, src, ms->prod[p].idx,
                                        (double)count[p] / (double)r->nseq,
                                        &e),
                                    &e)))
                return rc;
        }
        rc = azi_names_api(L, r->sequence,
                           az_model_set_sequence(m, src, seq,
                                                 (uint32_t)r->nseq, &e), &e);
    } else {
        for (size_t i = 0; i < ms->nprod && !rc; i++)
            rc = azi_names_api(L, ms->prod[i].node,
                               az_model_source_add_product(
                                   m, src, ms->prod[i].idx, ms->prod[i].mix,
                                   &e), &e);
    }
    if (!rc && r->wip_cap)
        rc = azi_names_api(L, at, az_model_set_wip_cap(m, src, r->wip_cap, &e),
                           &e);
    if (!rc && r->ncamp)
        rc = azi_campaigns_build(L, ms, m, src);
    if (!rc && r->queue)
        rc = azi_names_api(L, at, az_model_set_release_queue(m, src, 1, &e),
                           &e);
    int lots = r->lot != 0; /* a product's own lot makes lots too */
    for (size_t i = 0; i < ms->nprod; i++)
        lots |= ms->prod[i].lot != 0;
    if (!rc && lots)
        rc = azi_names_api(L, at, az_model_set_lot(m, src, r->lot ? r->lot : 1,
                                                   r->lot_together, &e), &e);
    for (size_t i = 0; !rc && i < ms->nprod; i++)
        if (ms->prod[i].lot)
            rc = azi_names_api(L, ms->prod[i].node,
                               az_model_set_product_lot(m, src,
                                                        ms->prod[i].idx,
                                                        ms->prod[i].lot, &e),
                               &e);
    return rc;
}

