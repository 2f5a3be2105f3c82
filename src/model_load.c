/*
 * model_load.c: a model file (docs/model-format.md) to an az_model.
 *
 * Three passes over the document tree (yaml_doc.c):
 *  1. each section is read against its field table into its spec
 *     (load_spec.h), values checked and converted to model time units
 *     (load_dist.c);
 *  2. names are cross-checked: one namespace for products, stations,
 *     buffers and operator pools; routes, buffers, per-product times and
 *     yields, operators, setups, components, the release sequence and the
 *     production plan refer to them, pools' sizes by shift to the shifts.
 *     Then come the checks that need several sections at once: a batch
 *     fits its buffer, packaging is the last step, components end their
 *     routes where they are assembled and are released, a WIP cap cannot
 *     stall the line;
 *  3. only if no problem was found, the model is built through model.h and
 *     az_model_check has the last word.
 * Every pass goes on after a problem wherever the rest can still be
 * checked; a check that depends on a broken part (say, `from` against a
 * route naming an unknown station) is skipped rather than reported twice.
 *
 * This file has the top level, run, products, release and buffers
 * (conveyors included), and the passes; stations, routes, shifts and the
 * production plan have files of their own.
 *
 * Over 800 lines: the passes' driver and the helpers the section readers
 * (load_*.c) call back into (names, quoting, locations) live here; issue 20
 * moves those helpers to a lower module so the loader runs one way.
 */
#include "load_spec.h"
#include "util/alloc.h"
#include "model_impl.h" /* warn_unused reads the built routes */

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Probabilities given by people sum to 1 only up to rounding (as model.c). */
#define SUM_TOL 1e-9
/* A model file is small; this bounds what a wrong path (/dev/zero) costs. */
#define MAX_FILE_SIZE (64u << 20)
#define DEFAULT_HORIZON_S (30.0 * 86400)

/* ---- field tables -------------------------------------------------------- */

/* The limit and the words of --reps (AZ_MAX_REPLICATIONS). */
static int read_reps(azi_load *L, const azi_load_node *v, void *slot)
{
    char shown[64];
    uint64_t x;
    if (v->kind == AZI_LOAD_SCALAR &&
        !azi_load_parse_uint(v->text, AZ_MAX_REPLICATIONS, &x) && x >= 1) {
        *(uint32_t *)slot = (uint32_t)x;
        return 1;
    }
    azi_load_report(L, v->loc, "expected a whole number from 1 to %u, got %s",
                    AZ_MAX_REPLICATIONS,
                    v->kind == AZI_LOAD_SCALAR
                        ? azi_load_quoted(v->text, shown, sizeof shown)
                        : azi_load_desc(v, shown, sizeof shown));
    return 0;
}

static const azi_load_field TOP_FIELDS[] = {
    {"name", azi_load_read_name, OFF(top_spec, name), 1},
    {"description", azi_load_read_text, OFF(top_spec, description), 0},
    {"time_unit", azi_load_read_time_unit, OFF(top_spec, time_unit), 0},
    {"run", azi_load_read_node, OFF(top_spec, run), 0},
    {"products", azi_load_read_node, OFF(top_spec, products), 1},
    {"release", azi_load_read_node, OFF(top_spec, release), 1},
    {"stations", azi_load_read_node, OFF(top_spec, stations), 1},
    {"buffers", azi_load_read_node, OFF(top_spec, buffers), 0},
    {"routes", azi_load_read_node, OFF(top_spec, routes), 1},
    {"operators", azi_load_read_node, OFF(top_spec, operators), 0},
    {"shifts", azi_load_read_node, OFF(top_spec, shifts), 0},
    {"improve", azi_load_read_node, OFF(top_spec, improve), 0},
};

static const azi_load_field RUN_FIELDS[] = {
    {"horizon", azi_load_read_duration_pos, OFF(run_spec, horizon), 0},
    {"warmup", azi_load_read_node, OFF(run_spec, warmup_node), 0},
    {"replications", read_reps, OFF(run_spec, replications), 0},
    {"seed", azi_load_read_u64, OFF(run_spec, seed), 0},
    {"confidence", azi_load_read_level, OFF(run_spec, level), 0},
};
enum { RUN_HORIZON = BIT(0) };

static const azi_load_field PRODUCT_FIELDS[] = {
    {"name", azi_load_read_name, OFF(product_spec, name), 1},
    {"family", azi_load_read_name, OFF(product_spec, family), 0},
    {"mix", azi_load_read_share, OFF(product_spec, mix), 0},
    {"route", azi_load_read_node, OFF(product_spec, route), 0},
};
enum { PRODUCT_NAME = BIT(0), PRODUCT_MIX = BIT(2) };

/* The order matters: BUFFER_* in load_spec.h are bits of this table. */
static const azi_load_field BUFFER_FIELDS[] = {
    {"to", azi_load_read_node, OFF(buffer_spec, to), 1},
    {"capacity", azi_load_read_capacity, OFF(buffer_spec, capacity), 1},
    {"from", azi_load_read_node, OFF(buffer_spec, from), 0},
    {"transport", azi_load_read_dist, OFF(buffer_spec, transport), 0},
};

/* `interarrival` is required unless there is a WIP cap or a plan
 * (read_release). The order matters: REL_* in load_spec.h are bits of this
 * table. */
static const azi_load_field RELEASE_FIELDS[] = {
    {"interarrival", azi_load_read_dist, OFF(release_spec, interarrival), 0},
    {"wip_cap", azi_load_read_u32_min1, OFF(release_spec, wip_cap), 0},
    {"sequence", azi_load_read_node, OFF(release_spec, sequence), 0},
    {"plan", azi_load_read_node, OFF(release_spec, plan), 0},
};

/* ---- shared helpers ------------------------------------------------------ */

const char *azi_load_quoted(const char *s, char *buf, size_t size)
{
    char tmp[64];
    if (snprintf(buf, size, "'%s'", azi_load_clean(s, tmp, sizeof tmp)) < 0)
        buf[0] = '\0';
    return buf;
}

const char *azi_load_naming(const char *kind, const char *name, char *buf,
                            size_t size)
{
    char q[80];
    if (snprintf(buf, size, "%s %s", kind,
                 azi_load_quoted(name, q, sizeof q)) < 0)
        buf[0] = '\0';
    return buf;
}

const azi_load_node *azi_load_key_of(const azi_load_node *map,
                                     const char *key)
{
    for (size_t i = 0; map && map->kind == AZI_LOAD_MAP && i < map->n; i++)
        if (!strcmp(map->pair[i].key->text, key))
            return map->pair[i].key;
    return NULL;
}

static int loc_before(azi_load_loc a, azi_load_loc b)
{
    if ((a.src < 0) != (b.src < 0))
        return a.src < 0; /* the file before the overrides that change it */
    if (a.src != b.src)
        return a.src < b.src;
    return a.line != b.line ? a.line < b.line : a.col < b.col;
}

void azi_load_where(azi_load_loc loc, char *buf, size_t size)
{
    if (loc.src < 0)
        snprintf(buf, size, "line %d", loc.line);
    else
        snprintf(buf, size, "--set");
}

void azi_load_add_name(azi_load *L, model_spec *ms, const char *kind,
                       const char *name, azi_load_loc loc)
{
    char q[80], where[32];
    if (!strcmp(name, AZI_SOURCE_NAME)) {
        azi_load_report(L, loc, "the name '%s' is reserved for the release "
                        "of units; choose another", AZI_SOURCE_NAME);
        return;
    }
    long first = azi_load_index_get(&ms->names, name);
    if (first >= 0) {
        name_entry *e = &ms->entry[first];
        azi_load_loc later = loc, earlier = e->loc;
        const char *ekind = e->kind;
        if (loc_before(loc, e->loc)) {
            later = e->loc;
            earlier = loc;
            ekind = kind;
            e->kind = kind;
            e->loc = loc;
        }
        azi_load_where(earlier, where, sizeof where);
        azi_load_report(L, later, "duplicate name %s (already used for a %s "
                        "at %s)", azi_load_quoted(name, q, sizeof q), ekind,
                        where);
        return;
    }
    ms->entry[ms->nentry].kind = kind;
    ms->entry[ms->nentry].loc = loc;
    azi_load_index_put(L, &ms->names, name, (long)ms->nentry);
    ms->nentry++;
}

long azi_load_resolve(azi_load *L, const azi_load_index *ix,
                      const azi_load_node *n, const char *kind,
                      const char *context, const void *cand, size_t stride,
                      size_t count)
{
    char sug[256], q[80], got[64];
    if (n->kind != AZI_LOAD_SCALAR || azi_load_is_null(n) || !*n->text) {
        char what[48];
        snprintf(what, sizeof what, "%s %s name",
                 strchr("aeiou", kind[0]) ? "an" : "a", kind);
        azi_load_report(L, n->loc, "expected %s, got %s", what,
                        azi_load_desc(n, got, sizeof got));
        return -1;
    }
    long i = azi_load_index_get(ix, n->text);
    if (i >= 0)
        return i;
    azi_load_suggest s;
    azi_load_suggest_init(&s, n->text);
    for (size_t k = 0; k < count; k++)
        azi_load_suggest_add(
            &s, *(const char *const *)((const char *)cand + k * stride));
    azi_load_report(L, n->loc, "undefined %s %s in %s%s", kind,
                    azi_load_quoted(n->text, q, sizeof q), context,
                    azi_load_suggest_text(&s, sug, sizeof sug));
    return -1;
}

long azi_load_resolve_station(azi_load *L, const model_spec *ms,
                              const azi_load_node *n, const char *context)
{
    return azi_load_resolve(L, &ms->stations, n, "station", context,
                            ms->nst ? &ms->st[0].name : NULL, sizeof *ms->st,
                            ms->nst);
}

long azi_load_resolve_product(azi_load *L, const model_spec *ms,
                              const azi_load_node *n, const char *context)
{
    return azi_load_resolve(L, &ms->products, n, "product", context,
                            ms->nprod ? &ms->prod[0].name : NULL,
                            sizeof *ms->prod, ms->nprod);
}

const char *azi_load_family(const product_spec *p)
{
    return p->family ? p->family : p->name;
}

az_status azi_load_api(azi_load *L, const azi_load_node *at, az_status rc,
                       const az_error *e)
{
    if (rc == AZ_ENOMEM)
        L->oom = 1;
    else if (rc)
        azi_load_report(L, at->loc, "%s", e->msg);
    return rc;
}

/* ---- pass 1: sections ---------------------------------------------------- */

static void read_run(azi_load *L, model_spec *ms)
{
    run_spec *r = &ms->run;
    const azi_load_node *n = ms->top.run;
    r->horizon = DEFAULT_HORIZON_S / L->unit_s;
    r->warmup = 0;
    r->replications = 10;
    r->seed = 1;
    r->level = 0.95;
    if (!n || azi_load_is_null(n))
        return;
    azi_load_seen seen;
    if (!azi_load_fields(L, n, RUN_FIELDS, NFIELDS(RUN_FIELDS), r, "'run'", 0,
                         &seen))
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
                        "'auto', got %s", azi_load_desc(w, got, sizeof got));
        wok = 0;
    } else if (w)
        wok = azi_load_read_duration(L, w, &r->warmup);
    /* Both are right (given and valid, or the default). */
    if (((seen.valid | ~seen.present) & RUN_HORIZON) && wok && w &&
        !r->warmup_auto && r->warmup >= r->horizon) {
        const azi_load_node *h = azi_load_get(n, "horizon");
        char wq[80], hq[80];
        azi_load_report(L, w->loc, "warmup must be shorter than the horizon, "
                        "got warmup %s and horizon %s",
                        azi_load_quoted(w->text, wq, sizeof wq),
                        h ? azi_load_quoted(h->text, hq, sizeof hq)
                          : "'30 d'");
    }
}

static void read_products(azi_load *L, model_spec *ms)
{
    const azi_load_node *list = ms->top.products;
    char got[64], what[96];
    if (!list)
        return;
    if (list->kind != AZI_LOAD_LIST) {
        azi_load_report(L, list->loc, "expected a list of products, got %s",
                        azi_load_desc(list, got, sizeof got));
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
        const azi_load_node *nm = azi_load_get(list->item[i], "name");
        p->node = list->item[i];
        p->route_ix = -1;
        if (nm && nm->kind == AZI_LOAD_SCALAR && *nm->text)
            azi_load_naming("product", nm->text, what, sizeof what);
        else
            snprintf(what, sizeof what, "products[%zu]", i);
        azi_load_fields(L, p->node, PRODUCT_FIELDS, NFIELDS(PRODUCT_FIELDS), p,
                        what, 0, &p->seen);
        if (!(p->seen.valid & PRODUCT_NAME)) {
            p->name = NULL;
            continue;
        }
        azi_load_add_name(L, ms, "product", p->name, nm->loc);
        if (azi_load_index_get(&ms->products, p->name) < 0)
            azi_load_index_put(L, &ms->products, p->name, (long)i);
    }
}

static void read_release(azi_load *L, model_spec *ms)
{
    release_spec *r = &ms->release;
    const azi_load_node *n = ms->top.release, *q;
    char got[64];
    if (!n || !azi_load_fields(L, n, RELEASE_FIELDS, NFIELDS(RELEASE_FIELDS),
                               r, "'release'", 0, &r->seen))
        return;
    /* A CONWIP line may release as soon as the cap allows (0 s), and a
     * plan as soon as the first station takes a unit. */
    if (!(r->seen.present & (REL_INTERARRIVAL | REL_WIP_CAP | REL_PLAN)))
        azi_load_report(L, n->loc, "missing required key 'interarrival' in "
                        "'release'");
    if (r->plan)
        azi_load_read_plan(L, ms);
    if (!(q = r->sequence))
        return;
    if (r->plan) {
        azi_load_report(L, azi_load_key_of(n, "sequence")->loc,
                        "'sequence' cannot be used with 'plan': the plan says "
                        "which products are released, and when");
        return;
    }
    if (q->kind != AZI_LOAD_LIST)
        azi_load_report(L, q->loc, "expected a list of product names for "
                        "'sequence', got %s",
                        azi_load_desc(q, got, sizeof got));
    else if (q->n == 0)
        azi_load_report(L, q->loc, "expected at least one product in "
                        "'sequence'");
}

static void read_buffers(azi_load *L, model_spec *ms)
{
    const azi_load_node *map = ms->top.buffers;
    char got[64], what[96];
    if (!map || azi_load_is_null(map))
        return;
    if (map->kind != AZI_LOAD_MAP) {
        azi_load_report(L, map->loc, "expected a mapping from buffer names "
                        "to buffers, got %s",
                        azi_load_desc(map, got, sizeof got));
        return;
    }
    if (!map->n || !(ms->buf = azi_load_alloc(L, map->n * sizeof *ms->buf)))
        return;
    ms->nbuf = map->n;
    for (size_t i = 0; i < map->n; i++) {
        buffer_spec *b = &ms->buf[i];
        b->key = map->pair[i].key;
        b->val = map->pair[i].val;
        b->to_ix = b->from_ix = -1;
        if (azi_load_read_name(L, b->key, &b->name))
            azi_load_add_name(L, ms, "buffer", b->name, b->key->loc);
        azi_load_naming("buffer", b->key->text, what, sizeof what);
        azi_load_fields(L, map->pair[i].val, BUFFER_FIELDS,
                        NFIELDS(BUFFER_FIELDS), b, what, 0, &b->seen);
        /* Units on a conveyor take room in it: with none, no unit could
         * ever travel. */
        if ((b->seen.present & BUFFER_TRANSPORT) &&
            (b->seen.valid & BUFFER_CAPACITY) && b->capacity == 0)
            azi_load_report(L, azi_load_get(b->val, "capacity")->loc,
                            "%s has a 'transport' time, so units on the "
                            "conveyor need room in it: capacity must be at "
                            "least 1, got 0", what);
    }
}

/* ---- pass 2: cross-references -------------------------------------------- */

static void resolve_products(azi_load *L, model_spec *ms)
{
    char what[96], q[80];
    for (size_t i = 0; i < ms->nprod; i++) {
        product_spec *p = &ms->prod[i];
        if (!p->name)
            continue;
        azi_load_naming("product", p->name, what, sizeof what);
        if (p->route) {
            p->route_ix = azi_load_resolve(L, &ms->routes, p->route, "route",
                                           what,
                                           ms->nroute ? &ms->route[0].name
                                                      : NULL,
                                           sizeof *ms->route, ms->nroute);
            continue;
        }
        p->route_ix = azi_load_index_get(&ms->routes, p->name);
        if (p->route_ix < 0)
            p->route_ix = azi_load_index_get(&ms->routes, "default");
        if (p->route_ix < 0 && ms->top.routes)
            azi_load_report(L, p->node->loc, "product %s has no route: give it "
                            "'route', or define a route named %s or 'default'",
                            azi_load_quoted(p->name, q, sizeof q), q);
    }
}

static void resolve_by_product(azi_load *L, model_spec *ms)
{
    char what[96];
    for (size_t i = 0; i < ms->nst; i++) {
        station_spec *s = &ms->st[i];
        azi_load_naming("station", s->key->text, what, sizeof what);
        for (size_t k = 0; k < s->nbp; k++)
            if (ms->products_ok)
                s->bp[k].product = azi_load_resolve_product(L, ms,
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
    azi_load_where(azi_load_get(s->batch_node, "max")->loc, where,
                   sizeof where);
    azi_load_report(L, azi_load_get(b->val, "capacity")->loc,
                    "buffer %s (capacity %u) cannot hold a full batch of "
                    "station %s (max %u, %s)",
                    azi_load_quoted(b->key->text, q, sizeof q),
                    (unsigned)b->capacity,
                    azi_load_quoted(s->name, q2, sizeof q2),
                    (unsigned)s->batch->max, where);
}

static void resolve_buffers(azi_load *L, model_spec *ms)
{
    char what[96], q[80], q2[80], where[32];
    int routes_ok = ms->nroute > 0;
    for (size_t i = 0; i < ms->nroute; i++)
        routes_ok &= ms->route[i].ok;
    for (size_t i = 0; i < ms->nbuf; i++) {
        buffer_spec *b = &ms->buf[i];
        azi_load_naming("buffer", b->key->text, what, sizeof what);
        if (b->to &&
            (b->to_ix = azi_load_resolve_station(L, ms, b->to, what)) >= 0) {
            station_spec *s = &ms->st[b->to_ix];
            if (s->buffer >= 0) {
                azi_load_where(ms->buf[s->buffer].key->loc, where,
                               sizeof where);
                azi_load_report(L, b->to->loc, "station %s already has input "
                                "buffer %s (%s); a station has at most one",
                                azi_load_quoted(s->name, q, sizeof q),
                                azi_load_quoted(ms->buf[s->buffer].key->text,
                                                q2, sizeof q2), where);
            } else {
                s->buffer = (int)i;
                check_batch_buffer(L, ms, b);
            }
        }
        if (b->from && !azi_load_is_null(b->from))
            b->from_ix = azi_load_resolve_station(L, ms, b->from, what);
        if (b->from_ix >= 0 && b->to_ix >= 0 && routes_ok &&
            !azi_load_routes_adjacent(ms, b->from_ix, b->to_ix))
            azi_load_report(L, b->from->loc, "no route visits %s immediately "
                            "before %s",
                            azi_load_quoted(ms->st[b->from_ix].name, q,
                                            sizeof q),
                            azi_load_quoted(ms->st[b->to_ix].name, q2,
                                            sizeof q2));
    }
}

static void resolve_release(azi_load *L, model_spec *ms)
{
    release_spec *r = &ms->release;
    const azi_load_node *q = r->sequence;
    if (r->plan)
        azi_load_resolve_plan(L, ms);
    if (!q || q->kind != AZI_LOAD_LIST || !q->n || !ms->products_ok ||
        r->plan)
        return;
    if (!(r->seq = azi_load_alloc(L, q->n * sizeof *r->seq)))
        return;
    r->nseq = q->n;
    r->seq_ok = 1;
    for (size_t i = 0; i < q->n; i++) {
        r->seq[i] = azi_load_resolve_product(L, ms, q->item[i],
                                    "the release sequence");
        r->seq_ok &= r->seq[i] >= 0;
    }
}

static void check_mix(azi_load *L, model_spec *ms)
{
    char what[96];
    double sum = 0;
    int ok = ms->nprod > 0;
    /* A plan says what is released: a mix would contradict it. */
    if (ms->release.plan) {
        for (size_t i = 0; i < ms->nprod; i++)
            if (ms->prod[i].seen.present & PRODUCT_MIX)
                azi_load_report(L, azi_load_key_of(ms->prod[i].node,
                                                   "mix")->loc,
                                "'mix' cannot be used with a production plan "
                                "('plan' in 'release'): the plan says which "
                                "products are released");
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
                azi_load_naming("product", p->name, what, sizeof what);
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
        const azi_load_node *k = azi_load_key_of(ms->root, "products");
        azi_load_report(L, k ? k->loc : ms->top.products->loc,
                        "the product mix sums to %.15g, expected 1", sum);
    }
}

const char *azi_load_released(azi_load *L, const model_spec *ms)
{
    const release_spec *r = &ms->release;
    char *rel = azi_load_alloc(L, ms->nprod + 1);
    if (!rel || !ms->products_ok)
        return NULL;
    if (r->plan) {
        if (!r->plan_ok)
            return NULL;
        for (size_t i = 0; i < r->nrow; i++)
            rel[r->row[i].prod] |= r->row[i].quantity > 0;
        return rel;
    }
    if (r->seen.present & REL_SEQUENCE) {
        if (!r->seq_ok)
            return NULL;
        for (size_t i = 0; i < r->nseq; i++)
            rel[r->seq[i]] = 1;
        return rel;
    }
    for (size_t i = 0; i < ms->nprod; i++) {
        const product_spec *p = &ms->prod[i];
        if (ms->nprod > 1 && !(p->seen.valid & PRODUCT_MIX))
            return NULL;
        rel[i] = ms->nprod == 1 || p->mix > 0;
    }
    return rel;
}

/* For each station, how many released products visit it: n[x], or NULL
 * when that is not known (a broken product, route or release). Linear in
 * the size of the model, whatever its shape. */
static long *visitors(azi_load *L, const model_spec *ms)
{
    long *per_route = azi_load_alloc(L, (ms->nroute + 1) * sizeof *per_route);
    long *n = azi_load_alloc(L, (ms->nst + 1) * sizeof *n);
    size_t *mark = azi_load_alloc(L, (ms->nst + 1) * sizeof *mark);
    const char *rel = azi_load_released(L, ms);
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
static void check_wip_cap(azi_load *L, model_spec *ms)
{
    const release_spec *r = &ms->release;
    char q[80];
    long *n;
    if (!(r->seen.valid & REL_WIP_CAP))
        return;
    const azi_load_node *at = azi_load_get(ms->top.release, "wip_cap");
    /* Components count as in the line from their release, also while they
     * wait in an assembly store and after they are joined onto a unit. */
    for (size_t i = 0; i < ms->nst; i++)
        if (ms->st[i].ncomp && ms->st[i].name) {
            azi_load_report(L, at->loc, "'wip_cap' cannot be used with "
                            "assembly (station %s): components count "
                            "against the cap from their release on, so they "
                            "can fill it and stop the line for good",
                            azi_load_quoted(ms->st[i].name, q, sizeof q));
            return;
        }
    if (!(n = visitors(L, ms)))
        return;
    for (size_t i = 0; i < ms->nst; i++) {
        const station_spec *s = &ms->st[i];
        if (!s->name || n[i] <= 0)
            continue;
        azi_load_quoted(s->name, q, sizeof q);
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

/* ---- pass 3: the model --------------------------------------------------- */

/* Where a problem that az_model_check found belongs: the release, the
 * station or the product its message starts with, else the top. */
static const azi_load_node *check_loc(const model_spec *ms, const char *msg)
{
    static const char src[] = "source '" AZI_SOURCE_NAME "'";
    const azi_load_node *at = NULL;
    if (!strncmp(msg, src, strlen(src)))
        at = azi_load_get(ms->top.release, "interarrival")
                 ? azi_load_get(ms->top.release, "interarrival")
                 : ms->top.release;
    for (size_t i = 0; !at && i < ms->nst; i++) {
        size_t n = strlen(ms->st[i].name);
        if (!strncmp(msg, "station '", 9) && !strncmp(msg + 9, ms->st[i].name,
                                                      n) && msg[9 + n] == '\'')
            at = ms->st[i].key;
    }
    for (size_t i = 0; !at && i < ms->nprod; i++) {
        size_t n = strlen(ms->prod[i].name);
        if (!strncmp(msg, "product '", 9) &&
            !strncmp(msg + 9, ms->prod[i].name, n) && msg[9 + n] == '\'')
            at = ms->prod[i].node;
    }
    return at ? at : ms->root;
}

/* What the model defines but never uses runs, but is rarely meant: a
 * station no route visits stays idle, a pool no station calls on stays
 * unused. Warnings, not problems: a file may keep them for a what-if
 * (--set a route or an operator onto them). */
static void warn_unused(azi_load *L, const model_spec *ms, const az_model *m)
{
    /* One pass over the steps and one over the stations: a station search
     * per station was quadratic in large models. */
    unsigned char *st_used = azi_load_alloc(L, m->nstation + 1);
    unsigned char *pool_used = azi_load_alloc(L, m->npool + 1);
    if (!st_used || !pool_used)
        return; /* L->oom is set */
    for (uint32_t p = 0; p < m->nproduct; p++)
        for (uint32_t j = 0; j < m->product[p].nstep; j++) {
            const azi_step *sp = &m->product[p].step[j];
            st_used[sp->station] = 1;
            if (sp->rework != AZ_NO_STATION)
                st_used[sp->rework] = 1;
        }
    for (uint32_t x = 0; x < m->nstation; x++)
        for (int a = 0; a < 3; a++)
            if (m->station[x].pool[a] != AZ_NO_STATION)
                pool_used[m->station[x].pool[a]] = 1;
    for (size_t i = 0; i < ms->nst; i++)
        if (!st_used[ms->st[i].idx])
            azi_load_warn(L, ms->st[i].key->loc, "station '%s' is on no "
                          "route: it will stay idle", ms->st[i].name);
    for (size_t k = 0; k < ms->npool; k++)
        if (!pool_used[ms->pool[k].idx])
            azi_load_warn(L, ms->pool[k].key->loc, "operators '%s' are "
                          "called on by no station: they will stay idle",
                          ms->pool[k].name);
}

static az_status build_release(azi_load *L, const model_spec *ms, az_model *m)
{
    const release_spec *r = &ms->release;
    const azi_load_node *at = ms->top.release;
    az_dist zero = {0};
    az_error e;
    uint32_t src;
    az_status rc;
    /* Without interarrival (a CONWIP line or a plan): 0 s. */
    if (!(r->seen.present & REL_INTERARRIVAL) &&
        (rc = azi_load_api(L, at, az_dist_constant(&zero, 0, &e), &e)))
        return rc;
    rc = azi_load_api(L, at, az_model_add_source(
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
        rc = azi_load_build_plan(L, ms, m, src);
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
                (rc = azi_load_api(L, r->sequence,
                                   az_model_source_add_product(
                                       m, src, ms->prod[p].idx,
                                       (double)count[p] / (double)r->nseq,
                                       &e),
                                   &e)))
                return rc;
        }
        rc = azi_load_api(L, r->sequence,
                          az_model_set_sequence(m, src, seq,
                                                (uint32_t)r->nseq, &e), &e);
    } else {
        for (size_t i = 0; i < ms->nprod && !rc; i++)
            rc = azi_load_api(L, ms->prod[i].node,
                              az_model_source_add_product(
                                  m, src, ms->prod[i].idx, ms->prod[i].mix,
                                  &e), &e);
    }
    if (!rc && r->wip_cap)
        rc = azi_load_api(L, at, az_model_set_wip_cap(m, src, r->wip_cap, &e),
                          &e);
    return rc;
}

static az_model *build(azi_load *L, model_spec *ms)
{
    az_model *m = NULL;
    az_error e;
    const azi_load_node *root = ms->root;
    if (azi_load_api(L, root, az_model_create(ms->top.name, &m, &e), &e))
        return NULL;
    if (azi_load_api(L, root, az_model_set_time_unit(m, L->unit, L->unit_s,
                                                     &e), &e) ||
        azi_load_build_stations(L, ms, m))
        goto fail;
    for (size_t i = 0; i < ms->nprod; i++) {
        product_spec *p = &ms->prod[i];
        if (azi_load_api(L, p->node, az_model_add_product(m, p->name, &p->idx,
                                                          &e), &e) ||
            (p->family &&
             azi_load_api(L, p->node, az_model_set_family(m, p->idx, p->family,
                                                          &e), &e)) ||
            azi_load_build_steps(L, ms, p, m))
            goto fail;
    }
    for (size_t i = 0; i < ms->nst; i++)
        for (size_t k = 0; k < ms->st[i].nbp; k++) {
            by_product *b = &ms->st[i].bp[k];
            if (azi_load_api(L, b->key, az_model_set_product_process(
                                            m, ms->st[i].idx,
                                            ms->prod[b->product].idx,
                                            &b->process, &e), &e))
                goto fail;
        }
    if (azi_load_build_assembly(L, ms, m) || build_release(L, ms, m) ||
        azi_load_build_shifts(L, ms, m) ||
        azi_load_build_pool_shifts(L, ms, m))
        goto fail;
    azi_load_improve(L, ms, m);
    if (L->nprob || L->oom)
        goto fail;
    if (az_model_check(m, &e)) {
        azi_load_api(L, check_loc(ms, e.msg),
                     e.code == AZ_ENOMEM ? AZ_ENOMEM : AZ_EBADMODEL, &e);
        goto fail;
    }
    warn_unused(L, ms, m);
    azi_load_warn_loops(L, ms);
    return m;
fail:
    az_model_free(m);
    return NULL;
}

/* The file's run as the experiment will check it (experiment_scale.c): a
 * horizon too long for double precision, or a plan day too large to hold,
 * is told by `check`, at the value to change. 0 after reporting. */
static int check_scale(azi_load *L, const model_spec *ms, const az_model *m)
{
    az_experiment_config c = az_experiment_defaults();
    az_error e;
    c.horizon = ms->run.horizon;
    c.replications = ms->run.replications;
    az_status rc = az_experiment_check_scale(m, &c, NULL, &e);
    if (!rc)
        return 1;
    const azi_load_node *rel = ms->top.release;
    const azi_load_node *at = azi_load_get(ms->top.run, "horizon");
    if (strstr(e.msg, "units at once"))
        at = azi_load_get(rel, "plan") ? azi_load_get(rel, "plan") : rel;
    else if (strstr(e.msg, "('" AZI_SOURCE_NAME "')") &&
             azi_load_get(rel, "interarrival"))
        at = azi_load_get(rel, "interarrival");
    azi_load_api(L, at ? at : ms->root, rc, &e);
    return 0;
}

static void free_spec(model_spec *ms)
{
    azi_load_index_free(&ms->names);
    azi_load_index_free(&ms->stations);
    azi_load_index_free(&ms->products);
    azi_load_index_free(&ms->routes);
    azi_load_index_free(&ms->pools);
    azi_load_index_free(&ms->shifts.names);
}

/* Checks the tree under root and, if it is a valid model, builds it. */
static az_model *load_tree(azi_load *L, const azi_load_node *root,
                           az_experiment_config *cfg)
{
    /* In the arena: its distributions are cleared by azi_load_free. */
    model_spec *ms = azi_load_alloc(L, sizeof *ms);
    char got[64];
    az_model *m = NULL;
    if (!ms)
        return NULL;
    ms->root = root;
    if (root->kind != AZI_LOAD_MAP) {
        if (azi_load_is_null(root))
            azi_load_report(L, root->loc, "the document is empty; expected a "
                            "model: a mapping with name, products, release, "
                            "stations and routes");
        else
            azi_load_report(L, root->loc, "expected a model: a mapping with "
                            "name, products, release, stations and routes, "
                            "got %s", azi_load_desc(root, got, sizeof got));
        return NULL;
    }
    azi_load_fields(L, root, TOP_FIELDS, NFIELDS(TOP_FIELDS), &ms->top,
                    "the model", AZI_LOAD_IGNORE_X, NULL);
    /* Room for every name of the shared namespace. */
    size_t cap = 0;
    const azi_load_node *secs[] = {ms->top.products, ms->top.stations,
                                   ms->top.buffers, ms->top.operators};
    for (size_t i = 0; i < NFIELDS(secs); i++)
        cap += secs[i] && secs[i]->kind != AZI_LOAD_SCALAR ? secs[i]->n : 0;
    if (cap && !(ms->entry = azi_load_alloc(L, cap * sizeof *ms->entry)))
        goto cleanup;

    read_run(L, ms);
    read_products(L, ms);
    azi_load_read_pools(L, ms);
    azi_load_read_stations(L, ms);
    read_release(L, ms);
    read_buffers(L, ms);
    azi_load_read_routes(L, ms);
    azi_load_read_shifts(L, ms);
    if (L->oom)
        goto cleanup;

    azi_load_resolve_routes(L, ms);
    resolve_products(L, ms);
    resolve_by_product(L, ms);
    azi_load_resolve_stations(L, ms);
    resolve_buffers(L, ms);
    resolve_release(L, ms);
    check_mix(L, ms);
    azi_load_check_assembly(L, ms);
    check_wip_cap(L, ms);
    azi_load_improve(L, ms, NULL);
    if (L->nprob || L->oom)
        goto cleanup;

    if ((m = build(L, ms)) && !check_scale(L, ms, m)) {
        az_model_free(m);
        m = NULL;
    }
    if (m && cfg) {
        cfg->horizon = ms->run.horizon;
        cfg->warmup = ms->run.warmup;
        cfg->warmup_auto = ms->run.warmup_auto;
        cfg->replications = ms->run.replications;
        cfg->seed = ms->run.seed;
        cfg->level = ms->run.level;
        cfg->threads = 1;
    }
cleanup:
    free_spec(ms);
    return m;
}

/* ---- public entry points ------------------------------------------------- */

az_status az_model_load_string(const char *text, size_t len, const char *name,
                               const az_load_options *opt, az_model **out,
                               az_experiment_config *run, az_error *err)
{
    return azi_model_load(text, len, name, NULL, NULL, NULL, opt, out, run,
                          err);
}

az_status azi_model_load(const char *text, size_t len, const char *name,
                         const char *dir, azi_load_reader reader,
                         void *reader_ctx, const az_load_options *opt,
                         az_model **out, az_experiment_config *run,
                         az_error *err)
{
    azi_load L;
    az_experiment_config cfg = az_experiment_defaults();
    az_model *m = NULL;
    az_status rc;

    cfg.threads = 1;
    if (out)
        *out = NULL;
    if (run)
        *run = cfg;
    if (!out || (!text && len))
        return az_error_set(err, AZ_EINVAL,
                            "az_model_load_string: out and text are required");
    azi_load_init(&L, name ? name : "<string>", opt);
    L.dir = dir;
    L.reader = reader ? reader : azi_load_read_file;
    L.reader_ctx = reader ? reader_ctx : NULL;
    azi_load_node *root = azi_load_parse(&L, text ? text : "", len, -1, 0);
    for (size_t i = 0; i < L.novr; i++)
        azi_load_apply_override(&L, root, i);
    if (root && !L.oom)
        m = load_tree(&L, root, &cfg);
    rc = azi_load_finish(&L, opt, err);
    azi_load_free(&L);
    if (rc) {
        az_model_free(m);
        return rc;
    }
    *out = m;
    if (run)
        *run = cfg;
    return AZ_OK;
}

char *azi_load_read_file(void *ctx, const char *path, size_t *len,
                         int *too_big)
{
    (void)ctx;
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t n = 0, cap = 0;
    int ok = 0;
    *too_big = 0;
    if (!f)
        return NULL;
    for (;;) {
        if (n == cap) {
            if (cap >= MAX_FILE_SIZE) {
                *too_big = 1;
                break;
            }
            cap = cap ? cap * 2 : 65536;
            char *nb = azi_realloc(buf, cap + 1);
            if (!nb) {
                errno = ENOMEM;
                break;
            }
            buf = nb;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0) {
            ok = !ferror(f);
            break;
        }
    }
    int saved = errno;
    fclose(f);
    if (!ok) {
        free(buf);
        errno = saved;
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

az_status az_model_load_file(const char *path, const az_load_options *opt,
                             az_model **out, az_experiment_config *run,
                             az_error *err)
{
    size_t len = 0;
    int too_big;
    if (out)
        *out = NULL;
    if (!path || !out)
        return az_error_set(err, AZ_EINVAL,
                            "az_model_load_file: path and out are required");
    /* Plan files are relative to the model file's directory. */
    const char *slash = strrchr(path, '/');
    size_t dn = !slash ? 0 : slash == path ? 1 : (size_t)(slash - path);
    char *dir = NULL, *text = NULL;
    errno = 0;
    too_big = 0;
    if (!slash || (dir = azi_malloc(dn + 1)))
        text = azi_load_read_file(NULL, path, &len, &too_big);
    else
        errno = ENOMEM;
    if (!text) {
        az_error e;
        free(dir);
        char why[128];
        az_status code = errno == ENOMEM && !too_big ? AZ_ENOMEM : AZ_EIO;
        if (too_big)
            snprintf(why, sizeof why, "larger than %u MiB",
                     MAX_FILE_SIZE >> 20);
        else if (!errno || strerror_r(errno, why, sizeof why))
            snprintf(why, sizeof why, "read error");
        az_error_set_at(&e, code, path, 0, 0, "cannot read the file: %s",
                        why);
        if (opt && opt->on_problem)
            opt->on_problem(opt->ctx, &e);
        if (err)
            *err = e;
        if (run) {
            *run = az_experiment_defaults();
            run->threads = 1;
        }
        return code;
    }
    if (dir) {
        memcpy(dir, path, dn);
        dir[dn] = '\0';
    }
    az_status rc = azi_model_load(text, len, path, dir, NULL, NULL, opt, out,
                                  run, err);
    free(dir);
    free(text);
    return rc;
}
