/*
 * model_load.c: a model file (docs/model-format.md) to an az_model.
 *
 * Three passes over the document tree (yaml_doc.c):
 *  1. each section is read against its field table into a spec struct,
 *     values checked and converted to model time units (load_dist.c);
 *  2. names are cross-checked: one namespace for products, stations and
 *     buffers; routes, buffers and per-product times refer to them;
 *  3. only if no problem was found, the model is built through model.h and
 *     az_model_check has the last word.
 * Every pass goes on after a problem wherever the rest can still be
 * checked; a check that depends on a broken part (say, `from` against a
 * route naming an unknown station) is skipped rather than reported twice.
 */
#include "load_impl.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Probabilities given by people sum to 1 only up to rounding (as model.c). */
#define SUM_TOL 1e-9
/* A model file is small; this bounds what a wrong path (/dev/zero) costs. */
#define MAX_FILE_SIZE (64u << 20)
/* The name of the one source; products, stations and buffers may not use
 * it, since they share the model's namespace with it. */
#define SOURCE_NAME "release"
#define DEFAULT_HORIZON_S (30.0 * 86400)

#define OFF(type, field) offsetof(type, field)

/* ---- specs: what each section says --------------------------------------- */

typedef struct top_spec {
    const char *name, *description, *time_unit;
    const azi_load_node *run, *products, *release, *stations, *buffers,
        *routes;
} top_spec;

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
};

typedef struct run_spec {
    double horizon, warmup, level; /* model time units; level in (0, 1) */
    uint32_t replications;
    uint64_t seed;
} run_spec;

static const azi_load_field RUN_FIELDS[] = {
    {"horizon", azi_load_read_duration_pos, OFF(run_spec, horizon), 0},
    {"warmup", azi_load_read_duration, OFF(run_spec, warmup), 0},
    {"replications", azi_load_read_u32_min1, OFF(run_spec, replications), 0},
    {"seed", azi_load_read_u64, OFF(run_spec, seed), 0},
    {"confidence", azi_load_read_level, OFF(run_spec, level), 0},
};
enum { RUN_HORIZON = 1, RUN_WARMUP = 2 }; /* bits of RUN_FIELDS */

typedef struct product_spec {
    const azi_load_node *node, *route;
    const char *name, *family;
    double mix;
    azi_load_seen seen;
    long route_ix; /* resolved route, or -1 */
    uint32_t idx;  /* in the model */
} product_spec;

static const azi_load_field PRODUCT_FIELDS[] = {
    {"name", azi_load_read_name, OFF(product_spec, name), 1},
    {"family", azi_load_read_name, OFF(product_spec, family), 0},
    {"mix", azi_load_read_share, OFF(product_spec, mix), 0},
    {"route", azi_load_read_node, OFF(product_spec, route), 0},
};
enum { PRODUCT_NAME = 1, PRODUCT_MIX = 4 }; /* bits of PRODUCT_FIELDS */

typedef struct by_product {
    const azi_load_node *key; /* the product's name */
    az_dist process;
    long product; /* resolved, or -1 */
} by_product;

typedef struct station_spec {
    const azi_load_node *key;
    const char *name; /* NULL if the key is not a valid name */
    uint32_t machines;
    az_dist process;
    const azi_load_node *by;
    by_product *bp;
    size_t nbp;
    int buffer; /* index of the buffer feeding it, or -1 */
    uint32_t idx;
} station_spec;

static const azi_load_field STATION_FIELDS[] = {
    {"machines", azi_load_read_u32_min1, OFF(station_spec, machines), 0},
    {"process", azi_load_read_dist, OFF(station_spec, process), 1},
    {"process_by_product", azi_load_read_node, OFF(station_spec, by), 0},
};

typedef struct buffer_spec {
    const azi_load_node *key, *to, *from;
    const char *name;
    uint32_t capacity;
    long to_ix, from_ix; /* stations, or -1 */
} buffer_spec;

static const azi_load_field BUFFER_FIELDS[] = {
    {"to", azi_load_read_node, OFF(buffer_spec, to), 1},
    {"capacity", azi_load_read_u32_min0, OFF(buffer_spec, capacity), 1},
    {"from", azi_load_read_node, OFF(buffer_spec, from), 0},
};

typedef struct step_spec {
    const azi_load_node *station;
} step_spec;

static const azi_load_field STEP_FIELDS[] = {
    {"station", azi_load_read_node, OFF(step_spec, station), 1},
};

typedef struct route_spec {
    const azi_load_node *key, *steps;
    const char *name;
    long *station; /* per step, -1 if unknown */
    size_t n;
    int ok; /* every step names a station */
} route_spec;

typedef struct release_spec {
    az_dist interarrival;
} release_spec;

static const azi_load_field RELEASE_FIELDS[] = {
    {"interarrival", azi_load_read_dist, OFF(release_spec, interarrival), 1},
};

#define NFIELDS(f) (sizeof f / sizeof *f)

/* One name of the shared namespace. */
typedef struct name_entry {
    const char *kind; /* "product", "station", "buffer" */
    azi_load_loc loc;
} name_entry;

typedef struct model_spec {
    const azi_load_node *root;
    top_spec top;
    run_spec run;
    release_spec release;
    product_spec *prod;
    size_t nprod;
    int products_ok; /* the list itself was readable */
    station_spec *st;
    size_t nst;
    buffer_spec *buf;
    size_t nbuf;
    route_spec *route;
    size_t nroute;
    azi_load_index names, stations, products, routes;
    name_entry *entry;
    size_t nentry;
} model_spec;

/* ---- helpers ------------------------------------------------------------- */

static const char *quoted(const char *s, char *buf, size_t size)
{
    char tmp[64];
    if (snprintf(buf, size, "'%s'", azi_load_clean(s, tmp, sizeof tmp)) < 0)
        buf[0] = '\0';
    return buf;
}

/* "station 'placer'" and the like, for messages. */
static const char *naming(const char *kind, const char *name, char *buf,
                          size_t size)
{
    char q[80];
    if (snprintf(buf, size, "%s %s", kind, quoted(name, q, sizeof q)) < 0)
        buf[0] = '\0';
    return buf;
}

static const azi_load_node *key_of(const azi_load_node *map, const char *key)
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

static void where_text(azi_load_loc loc, char *buf, size_t size)
{
    if (loc.src < 0)
        snprintf(buf, size, "line %d", loc.line);
    else
        snprintf(buf, size, "--set");
}

/* Enters a product, station or buffer name in the shared namespace. The
 * later of two equal names (in file order) is the one reported. */
static void add_name(azi_load *L, model_spec *ms, const char *kind,
                     const char *name, azi_load_loc loc)
{
    char q[80], where[32];
    if (!strcmp(name, SOURCE_NAME)) {
        azi_load_report(L, loc, "the name '%s' is reserved for the release "
                        "of units; choose another", SOURCE_NAME);
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
        where_text(earlier, where, sizeof where);
        azi_load_report(L, later, "duplicate name %s (already used for a %s "
                        "at %s)", quoted(name, q, sizeof q), ekind, where);
        return;
    }
    ms->entry[ms->nentry].kind = kind;
    ms->entry[ms->nentry].loc = loc;
    azi_load_index_put(L, &ms->names, name, (long)ms->nentry);
    ms->nentry++;
}

/* Looks `name` up in ix; reports "undefined KIND 'x' in CONTEXT; did you
 * mean ...?" at n when it is not there. cand/stride/count walk the names
 * to suggest from (each a const char * at that stride, NULLs skipped). */
static long resolve(azi_load *L, const azi_load_index *ix,
                    const azi_load_node *n, const char *kind,
                    const char *context, const void *cand, size_t stride,
                    size_t count)
{
    char sug[128], q[80], got[64];
    if (n->kind != AZI_LOAD_SCALAR || azi_load_is_null(n) || !*n->text) {
        char what[32];
        snprintf(what, sizeof what, "a %s name", kind);
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
                    quoted(n->text, q, sizeof q), context,
                    azi_load_suggest_text(&s, sug, sizeof sug));
    return -1;
}

static long resolve_station(azi_load *L, model_spec *ms,
                            const azi_load_node *n, const char *context)
{
    return resolve(L, &ms->stations, n, "station", context,
                   ms->nst ? &ms->st[0].name : NULL, sizeof *ms->st,
                   ms->nst);
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
    /* Both are right (given and valid, or the default). */
    uint32_t both = RUN_HORIZON | RUN_WARMUP;
    const azi_load_node *w = azi_load_get(n, "warmup");
    if (((seen.valid | ~seen.present) & both) == both && w &&
        r->warmup >= r->horizon) {
        const azi_load_node *h = azi_load_get(n, "horizon");
        char wq[80], hq[80];
        azi_load_report(L, w->loc, "warmup must be shorter than the horizon, "
                        "got warmup %s and horizon %s",
                        quoted(w->text, wq, sizeof wq),
                        h ? quoted(h->text, hq, sizeof hq) : "'30 d'");
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
            naming("product", nm->text, what, sizeof what);
        else
            snprintf(what, sizeof what, "products[%zu]", i);
        azi_load_fields(L, p->node, PRODUCT_FIELDS, NFIELDS(PRODUCT_FIELDS), p,
                        what, 0, &p->seen);
        if (!(p->seen.valid & PRODUCT_NAME)) {
            p->name = NULL;
            continue;
        }
        add_name(L, ms, "product", p->name, nm->loc);
        if (azi_load_index_get(&ms->products, p->name) < 0)
            azi_load_index_put(L, &ms->products, p->name, (long)i);
    }
}

static void read_by_product(azi_load *L, station_spec *s)
{
    char got[64];
    if (!s->by || azi_load_is_null(s->by))
        return;
    if (s->by->kind != AZI_LOAD_MAP) {
        azi_load_report(L, s->by->loc, "expected a mapping from product names "
                        "to distributions, got %s",
                        azi_load_desc(s->by, got, sizeof got));
        return;
    }
    if (!s->by->n || !(s->bp = azi_load_alloc(L, s->by->n * sizeof *s->bp)))
        return;
    s->nbp = s->by->n;
    for (size_t i = 0; i < s->nbp; i++) {
        s->bp[i].key = s->by->pair[i].key;
        s->bp[i].product = -1;
        azi_load_read_dist(L, s->by->pair[i].val, &s->bp[i].process);
    }
}

static void read_stations(azi_load *L, model_spec *ms)
{
    const azi_load_node *map = ms->top.stations;
    char got[64], what[96];
    if (!map)
        return;
    if (map->kind != AZI_LOAD_MAP) {
        azi_load_report(L, map->loc, "expected a mapping from station names "
                        "to stations, got %s",
                        azi_load_desc(map, got, sizeof got));
        return;
    }
    if (map->n == 0) {
        azi_load_report(L, map->loc, "expected at least one station");
        return;
    }
    if (!(ms->st = azi_load_alloc(L, map->n * sizeof *ms->st)))
        return;
    ms->nst = map->n;
    for (size_t i = 0; i < map->n; i++) {
        station_spec *s = &ms->st[i];
        s->key = map->pair[i].key;
        s->machines = 1;
        s->buffer = -1;
        if (azi_load_read_name(L, s->key, &s->name)) {
            add_name(L, ms, "station", s->name, s->key->loc);
            azi_load_index_put(L, &ms->stations, s->name, (long)i);
        }
        naming("station", s->key->text, what, sizeof what);
        azi_load_fields(L, map->pair[i].val, STATION_FIELDS,
                        NFIELDS(STATION_FIELDS), s, what, 0, NULL);
        read_by_product(L, s);
    }
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
        b->to_ix = b->from_ix = -1;
        if (azi_load_read_name(L, b->key, &b->name))
            add_name(L, ms, "buffer", b->name, b->key->loc);
        naming("buffer", b->key->text, what, sizeof what);
        azi_load_fields(L, map->pair[i].val, BUFFER_FIELDS,
                        NFIELDS(BUFFER_FIELDS), b, what, 0, NULL);
    }
}

/* Reads the routes' names and step nodes; stations are resolved in pass 2,
 * once every station is known. */
static void read_routes(azi_load *L, model_spec *ms)
{
    const azi_load_node *map = ms->top.routes;
    char got[64];
    if (!map)
        return;
    if (map->kind != AZI_LOAD_MAP) {
        azi_load_report(L, map->loc, "expected a mapping from route names to "
                        "lists of stations, got %s",
                        azi_load_desc(map, got, sizeof got));
        return;
    }
    if (map->n == 0) {
        azi_load_report(L, map->loc, "expected at least one route");
        return;
    }
    if (!(ms->route = azi_load_alloc(L, map->n * sizeof *ms->route)))
        return;
    ms->nroute = map->n;
    for (size_t i = 0; i < map->n; i++) {
        route_spec *r = &ms->route[i];
        const azi_load_node *steps = map->pair[i].val;
        char q[80];
        r->key = map->pair[i].key;
        if (azi_load_read_name(L, r->key, &r->name))
            azi_load_index_put(L, &ms->routes, r->name, (long)i);
        if (steps->kind != AZI_LOAD_LIST) {
            azi_load_report(L, steps->loc, "expected a list of stations for "
                            "route %s, got %s",
                            quoted(r->key->text, q, sizeof q),
                            azi_load_desc(steps, got, sizeof got));
            continue;
        }
        if (steps->n == 0) {
            azi_load_report(L, steps->loc, "route %s has no steps",
                            quoted(r->key->text, q, sizeof q));
            continue;
        }
        r->steps = steps;
    }
}

/* ---- pass 2: cross-references -------------------------------------------- */

static void resolve_routes(azi_load *L, model_spec *ms)
{
    char what[96], sw[128];
    for (size_t i = 0; i < ms->nroute; i++) {
        route_spec *r = &ms->route[i];
        if (!r->steps)
            continue;
        if (!(r->station = azi_load_alloc(L, r->steps->n * sizeof *r->station)))
            return;
        r->n = r->steps->n;
        r->ok = r->name != NULL;
        naming("route", r->key->text, what, sizeof what);
        for (size_t k = 0; k < r->n; k++) {
            const azi_load_node *step = r->steps->item[k];
            r->station[k] = -1;
            if (step->kind == AZI_LOAD_MAP) {
                step_spec sp = {NULL};
                snprintf(sw, sizeof sw, "a step of %s", what);
                azi_load_fields(L, step, STEP_FIELDS, NFIELDS(STEP_FIELDS), &sp,
                                sw, 0, NULL);
                step = sp.station;
            }
            if (step)
                r->station[k] = resolve_station(L, ms, step, what);
            r->ok &= r->station[k] >= 0;
        }
    }
}

static void resolve_products(azi_load *L, model_spec *ms)
{
    char what[96], q[80];
    for (size_t i = 0; i < ms->nprod; i++) {
        product_spec *p = &ms->prod[i];
        if (!p->name)
            continue;
        naming("product", p->name, what, sizeof what);
        if (p->route) {
            p->route_ix = resolve(L, &ms->routes, p->route, "route", what,
                                  ms->nroute ? &ms->route[0].name : NULL,
                                  sizeof *ms->route, ms->nroute);
            continue;
        }
        p->route_ix = azi_load_index_get(&ms->routes, p->name);
        if (p->route_ix < 0)
            p->route_ix = azi_load_index_get(&ms->routes, "default");
        if (p->route_ix < 0 && ms->top.routes)
            azi_load_report(L, p->node->loc, "product %s has no route: give it "
                            "'route', or define a route named %s or 'default'",
                            quoted(p->name, q, sizeof q), q);
    }
}

static void resolve_by_product(azi_load *L, model_spec *ms)
{
    char what[96];
    for (size_t i = 0; i < ms->nst; i++) {
        station_spec *s = &ms->st[i];
        naming("station", s->key->text, what, sizeof what);
        for (size_t k = 0; k < s->nbp; k++)
            if (ms->products_ok)
                s->bp[k].product =
                    resolve(L, &ms->products, s->bp[k].key, "product", what,
                            ms->nprod ? &ms->prod[0].name : NULL,
                            sizeof *ms->prod, ms->nprod);
    }
}

/* Whether some route visits station `from` immediately before `to`. */
static int adjacent(const model_spec *ms, long from, long to)
{
    for (size_t i = 0; i < ms->nroute; i++)
        for (size_t k = 1; k < ms->route[i].n; k++)
            if (ms->route[i].station[k - 1] == from &&
                ms->route[i].station[k] == to)
                return 1;
    return 0;
}

static void resolve_buffers(azi_load *L, model_spec *ms)
{
    char what[96], q[80], q2[80], where[32];
    int routes_ok = ms->nroute > 0;
    for (size_t i = 0; i < ms->nroute; i++)
        routes_ok &= ms->route[i].ok;
    for (size_t i = 0; i < ms->nbuf; i++) {
        buffer_spec *b = &ms->buf[i];
        naming("buffer", b->key->text, what, sizeof what);
        if (b->to && (b->to_ix = resolve_station(L, ms, b->to, what)) >= 0) {
            station_spec *s = &ms->st[b->to_ix];
            if (s->buffer >= 0) {
                where_text(ms->buf[s->buffer].key->loc, where, sizeof where);
                azi_load_report(L, b->to->loc, "station %s already has input "
                                "buffer %s (%s); a station has at most one",
                                quoted(s->name, q, sizeof q),
                                quoted(ms->buf[s->buffer].key->text, q2,
                                       sizeof q2), where);
            } else {
                s->buffer = (int)i;
            }
        }
        if (b->from && !azi_load_is_null(b->from))
            b->from_ix = resolve_station(L, ms, b->from, what);
        if (b->from_ix >= 0 && b->to_ix >= 0 && routes_ok &&
            !adjacent(ms, b->from_ix, b->to_ix))
            azi_load_report(L, b->from->loc, "no route visits %s immediately "
                            "before %s",
                            quoted(ms->st[b->from_ix].name, q, sizeof q),
                            quoted(ms->st[b->to_ix].name, q2, sizeof q2));
    }
}

static void check_mix(azi_load *L, model_spec *ms)
{
    char what[96];
    double sum = 0;
    int ok = ms->nprod > 0;
    for (size_t i = 0; i < ms->nprod; i++) {
        product_spec *p = &ms->prod[i];
        if (!(p->seen.present & PRODUCT_MIX)) {
            if (ms->nprod == 1) {
                p->mix = 1;
                sum = 1;
                continue;
            }
            if (p->name)
                naming("product", p->name, what, sizeof what);
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
        const azi_load_node *k = key_of(ms->root, "products");
        azi_load_report(L, k ? k->loc : ms->top.products->loc,
                        "the product mix sums to %.15g, expected 1", sum);
    }
}

/* ---- pass 3: the model --------------------------------------------------- */

/* An error from model.h after our own checks passed: a gap in them. */
static int api(azi_load *L, const azi_load_node *at, az_status rc,
               const az_error *e)
{
    if (rc == AZ_ENOMEM)
        L->oom = 1;
    else if (rc)
        azi_load_report(L, at->loc, "%s", e->msg);
    return rc == AZ_OK;
}

static az_model *build(azi_load *L, model_spec *ms)
{
    az_model *m = NULL;
    az_error e;
    uint32_t src;
    const azi_load_node *root = ms->root;
    if (!api(L, root, az_model_create(ms->top.name, &m, &e), &e))
        return NULL;
    if (!api(L, root, az_model_set_time_unit(m, L->unit, L->unit_s, &e), &e))
        goto fail;
    for (size_t i = 0; i < ms->nst; i++) {
        station_spec *s = &ms->st[i];
        if (!api(L, s->key, az_model_add_station(m, s->name, s->machines,
                                                 &s->process, &s->idx, &e),
                 &e))
            goto fail;
        if (s->buffer >= 0 &&
            !api(L, s->key, az_model_set_buffer(m, s->idx,
                                                ms->buf[s->buffer].capacity,
                                                &e), &e))
            goto fail;
    }
    for (size_t i = 0; i < ms->nprod; i++) {
        product_spec *p = &ms->prod[i];
        route_spec *r = &ms->route[p->route_ix];
        if (!api(L, p->node, az_model_add_product(m, p->name, &p->idx, &e),
                 &e) ||
            (p->family && !api(L, p->node, az_model_set_family(m, p->idx,
                                                               p->family, &e),
                               &e)))
            goto fail;
        for (size_t k = 0; k < r->n; k++)
            if (!api(L, r->steps->item[k],
                     az_model_add_step(m, p->idx, ms->st[r->station[k]].idx,
                                       NULL, &e), &e))
                goto fail;
    }
    for (size_t i = 0; i < ms->nst; i++)
        for (size_t k = 0; k < ms->st[i].nbp; k++) {
            by_product *b = &ms->st[i].bp[k];
            if (!api(L, b->key, az_model_set_product_process(
                                    m, ms->st[i].idx, ms->prod[b->product].idx,
                                    &b->process, &e), &e))
                goto fail;
        }
    if (!api(L, ms->top.release, az_model_add_source(m, SOURCE_NAME,
                                                     &ms->release.interarrival,
                                                     &src, &e), &e))
        goto fail;
    for (size_t i = 0; i < ms->nprod; i++)
        if (!api(L, ms->prod[i].node,
                 az_model_source_add_product(m, src, ms->prod[i].idx,
                                             ms->prod[i].mix, &e), &e))
            goto fail;
    if (az_model_check(m, &e)) {
        /* The checks left to az_model_check are about the release (e.g. a
         * saturated one without a finite first buffer); else the root. */
        const azi_load_node *at = root;
        if (!strncmp(e.msg, "source '" SOURCE_NAME "'",
                     strlen("source '" SOURCE_NAME "'")))
            at = azi_load_get(ms->top.release, "interarrival");
        api(L, at ? at : root, e.code == AZ_ENOMEM ? AZ_ENOMEM : AZ_EBADMODEL,
            &e);
        goto fail;
    }
    return m;
fail:
    az_model_free(m);
    return NULL;
}

static void free_spec(model_spec *ms)
{
    azi_load_index_free(&ms->names);
    azi_load_index_free(&ms->stations);
    azi_load_index_free(&ms->products);
    azi_load_index_free(&ms->routes);
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
                                   ms->top.buffers};
    for (size_t i = 0; i < 3; i++)
        cap += secs[i] && secs[i]->kind != AZI_LOAD_SCALAR ? secs[i]->n : 0;
    if (cap && !(ms->entry = azi_load_alloc(L, cap * sizeof *ms->entry)))
        goto cleanup;

    read_run(L, ms);
    read_products(L, ms);
    read_stations(L, ms);
    if (ms->top.release)
        azi_load_fields(L, ms->top.release, RELEASE_FIELDS,
                        NFIELDS(RELEASE_FIELDS), &ms->release, "'release'", 0,
                        NULL);
    read_buffers(L, ms);
    read_routes(L, ms);
    if (L->oom)
        goto cleanup;

    resolve_routes(L, ms);
    resolve_products(L, ms);
    resolve_by_product(L, ms);
    resolve_buffers(L, ms);
    check_mix(L, ms);
    if (L->nprob || L->oom)
        goto cleanup;

    if ((m = build(L, ms)) && cfg) {
        cfg->horizon = ms->run.horizon;
        cfg->warmup = ms->run.warmup;
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

/* The whole file in a malloc'd buffer; on failure errno says why. */
static char *read_file(const char *path, size_t *len, int *too_big)
{
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
            char *nb = realloc(buf, cap + 1);
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
    errno = 0;
    char *text = read_file(path, &len, &too_big);
    if (!text) {
        az_error e;
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
    az_status rc = az_model_load_string(text, len, path, opt, out, run, err);
    free(text);
    return rc;
}
