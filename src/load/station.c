/*
 * station.c: the `stations` section of a model file: machines and process
 * times, and the machine behaviour blocks (speeds, changeovers, failures,
 * batches, cartons, assembly; planned maintenance is maintain.c's) with
 * the operator pools their activities need (the pools themselves are
 * operators.c's).
 *
 * Pass 1 reads each block against its field table and checks what a block
 * can check alone (a batch's min against its max, one speed per machine, a
 * station that would both batch and pack, or batch and assemble). Pass 2
 * resolves what refers to other sections: operator pools, calendars (which
 * shift.c reads and sets), the families a
 * changeover names, and the components of an assembly, which tie a station
 * to products, their routes and the release.
 *
 * Prefix azi_stations_. Calls names.c (resolution, a product's family
 * and release), value.c and the document layers; no other section.
 */
#include "load/sections.h"
#include "util/suggest.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Bits of the tables of station_keys.c, whose order they follow. */
enum { SETUP_SAME = BIT(0), SETUP_OTHER = BIT(1), SETUP_BETWEEN = BIT(2),
       SETUP_FIRST = BIT(4) };
enum { BATCH_MAX = BIT(0), BATCH_MIN = BIT(1), BATCH_WAIT = BIT(2) };

/* ---- pass 1: a station's blocks ------------------------------------------ */

static void read_by_product(azi_load *L, station_spec *s)
{
    if (!(s->bp = azi_fields_map(L, s->by, "product names to distributions",
                                 NULL, sizeof *s->bp, &s->nbp)))
        return;
    for (size_t i = 0; i < s->nbp; i++) {
        s->bp[i].key = s->by->pair[i].key;
        s->bp[i].product = -1;
        azi_value_dist(L, s->by->pair[i].val, &s->bp[i].process);
    }
}

/* One speed per machine; the count is checked only against a valid
 * `machines` (or its default). */
static void read_speeds(azi_load *L, station_spec *s, const char *what)
{
    const azi_load_node *v = s->speeds;
    char got[64];
    int ok = 1;
    if (!v)
        return;
    if (v->kind != AZI_LOAD_LIST) {
        azi_load_report(L, v->loc, "expected a list of speeds, one per "
                        "machine (like [1, 0.8]), got %s",
                        azi_yaml_desc(v, got, sizeof got));
        return;
    }
    double *sp = azi_load_alloc(L, (v->n ? v->n : 1) * sizeof *sp);
    if (!sp)
        return;
    for (size_t i = 0; i < v->n; i++)
        ok &= azi_value_positive(L, v->item[i], &sp[i]);
    if ((s->seen.present & ~s->seen.valid) & ST_MACHINES)
        return;
    if (v->n != s->machines) {
        azi_load_report(L, v->loc, "%s has %u machine%s but %zu speed%s; give "
                        "one speed per machine", what, (unsigned)s->machines,
                        s->machines == 1 ? "" : "s", v->n,
                        v->n == 1 ? "" : "s");
        return;
    }
    if (ok)
        s->speed = sp;
}

static void read_setup(azi_load *L, station_spec *s, const char *what)
{
    char sw[128], pw[160], got[64];
    setup_spec *u;
    if (!s->setup_node || !(u = azi_load_alloc(L, sizeof *u)))
        return;
    u->pool = -1;
    snprintf(sw, sizeof sw, "the setup of %s", what);
    if (!azi_fields_read(L, s->setup_node, azi_station_keys_setup.fields,
                         azi_station_keys_setup.nfields, u, sw, 0,
                         &u->seen))
        return;
    s->setup = u;
    const azi_load_node *b = u->between;
    /* An empty `between` is none (so --set can take the pairs away). */
    if (!(u->seen.present & (SETUP_SAME | SETUP_OTHER | SETUP_FIRST)) &&
        (!b || (b->kind == AZI_LOAD_LIST && !b->n)))
        azi_load_report(L, s->setup_node->loc, "%s gives no setup time: give "
                        "same_family, other_family, between or first", sw);
    if (!b)
        return;
    if (b->kind != AZI_LOAD_LIST) {
        azi_load_report(L, b->loc, "expected a list of changeovers like "
                        "{from: A, to: B, time: 10 min}, got %s",
                        azi_yaml_desc(b, got, sizeof got));
        return;
    }
    if (!b->n || !(u->pair = azi_load_alloc(L, b->n * sizeof *u->pair)))
        return;
    u->npair = b->n;
    snprintf(pw, sizeof pw, "a changeover of %s", what);
    for (size_t i = 0; i < b->n; i++) {
        setup_pair *p = &u->pair[i];
        azi_load_seen seen;
        p->node = b->item[i];
        azi_fields_read(L, p->node, azi_station_keys_pair.fields,
                        azi_station_keys_pair.nfields, p, pw, 0, &seen);
        p->ok = seen.valid == BIT(0) + BIT(1) + BIT(2);
    }
}

static void read_failures(azi_load *L, station_spec *s, const char *what)
{
    char fw[128];
    failure_spec *f;
    if (!s->fail_node || !(f = azi_load_alloc(L, sizeof *f)))
        return;
    f->pool = -1;
    f->clock = AZ_FAIL_OPERATING;
    snprintf(fw, sizeof fw, "the failures of %s", what);
    if (!azi_fields_read(L, s->fail_node, azi_station_keys_failures.fields,
                         azi_station_keys_failures.nfields, f, fw, 0,
                         &f->seen))
        return;
    s->fail = f;
    /* Time, or on the cycle clock counts (wear). */
    if (azi_fields_broken(f->seen, BIT(2)) ||
        ((f->seen.valid & BIT(0)) &&
         !(f->clock == AZ_FAIL_CYCLES
               ? azi_value_count_dist(L, f->between_node, "between",
                                      &f->between)
               : azi_value_dist(L, f->between_node, &f->between))))
        f->seen.valid &= ~BIT(0);
    /* A machine that fails again at once would never work. */
    if ((f->seen.valid & BIT(0)) && !(az_dist_mean(&f->between) > 0))
        azi_load_report(L, azi_yaml_get(s->fail_node, "between")->loc,
                        "the mean time between failures must be > 0");
}

/* min defaults to max, and is only useful with max_wait: a batch smaller
 * than max starts only when its oldest unit has waited that long. So min
 * without max_wait, or max_wait without min, says something the file does
 * not do; an explicit min equal to max stays allowed (a sweep of min may
 * end there). */
static void read_batch(azi_load *L, station_spec *s, const char *what)
{
    char bw[128];
    batch_spec *b;
    if (!s->batch_node || !(b = azi_load_alloc(L, sizeof *b)))
        return;
    b->max_wait = INFINITY;
    snprintf(bw, sizeof bw, "the batch of %s", what);
    if (!azi_fields_read(L, s->batch_node, azi_station_keys_batch.fields,
                         azi_station_keys_batch.nfields, b, bw, 0,
                         &b->seen))
        return;
    s->batch = b;
    uint32_t bad = b->seen.present & ~b->seen.valid;
    if (!(b->seen.valid & BATCH_MAX) || (bad & (BATCH_MIN | BATCH_WAIT)))
        return;
    const azi_load_node *min = azi_yaml_get(s->batch_node, "min");
    if (!(b->seen.present & BATCH_MIN))
        b->min = b->max;
    if (b->min > b->max)
        azi_load_report(L, min->loc, "'min' must be at most 'max' in %s, got "
                        "min %u and max %u", bw, (unsigned)b->min,
                        (unsigned)b->max);
    else if (b->min < b->max && !(b->seen.present & BATCH_WAIT))
        azi_load_report(L, azi_names_key_of(s->batch_node, "min")->loc,
                        "'min' needs 'max_wait': a batch smaller than 'max' "
                        "starts only when its oldest unit has waited "
                        "'max_wait'");
    else if (!min && (b->seen.present & BATCH_WAIT) && b->max > 1)
        azi_load_report(L, azi_names_key_of(s->batch_node, "max_wait")->loc,
                        "'max_wait' needs 'min': without it a batch needs "
                        "'max' units, so waiting changes nothing");
    else
        b->ok = 1;
}

/* `assemble: {PRODUCT: QTY, ...}`; the products are resolved in pass 2. An
 * empty mapping is none (so that --set can take the components away). */
static void read_assemble(azi_load *L, station_spec *s, const char *what)
{
    const azi_load_node *v = s->assemble;
    if (s->scrap_kits && (!v || azi_yaml_is_null(v) ||
                          (v->kind == AZI_LOAD_MAP && !v->n)))
        azi_load_report(L, azi_names_key_of(s->val, "scrap_kits")->loc,
                        "'scrap_kits' needs 'assemble': %s joins no "
                        "components, so there is no kit to scrap", what);
    if (!(s->comp = azi_fields_map(L, v, "product names to quantities like "
                                   "{display: 1}", NULL, sizeof *s->comp,
                                   &s->ncomp)))
        return;
    for (size_t i = 0; i < v->n; i++) {
        comp_spec *c = &s->comp[i];
        const azi_load_node *val = v->pair[i].val;
        c->key = v->pair[i].key;
        c->product = -1;
        c->store = AZ_UNLIMITED;
        if (val && val->kind == AZI_LOAD_MAP) {
            char cw[128], q[80];
            azi_load_seen seen = {0, 0};
            snprintf(cw, sizeof cw, "component %s of %s",
                     azi_names_quoted(c->key->text, q, sizeof q), what);
            const azi_load_type *t = &azi_station_keys_component;
            c->qty_ok = azi_fields_read(L, val, t->fields, t->nfields, c, cw,
                                        0, &seen) &&
                        seen.valid == seen.present &&
                        (seen.valid & BIT(0));
        } else {
            c->qty_ok = azi_value_u32_min1(L, val, &c->qty);
        }
    }
    /* The engine joins components onto one unit at a time. */
    if (s->batch_node)
        azi_load_report(L, azi_names_key_of(s->val, "assemble")->loc,
                        "%s cannot both batch and assemble: give it 'batch' "
                        "or 'assemble'", what);
}

void azi_stations_read(azi_load *L, model_spec *ms)
{
    const azi_load_node *map = ms->top.stations;
    char what[96];
    if (!(ms->st = azi_fields_map(L, map, "station names to stations",
                                  "station", sizeof *ms->st, &ms->nst)))
        return;
    for (size_t i = 0; i < map->n; i++) {
        station_spec *s = &ms->st[i];
        s->key = map->pair[i].key;
        s->val = map->pair[i].val;
        s->machines = azi_station_keys_machines;
        s->buffer = -1;
        s->pool = -1;
        s->cal = -1;
        if (azi_value_name(L, s->key, &s->name)) {
            azi_names_add(L, ms, "station", s->name, s->key->loc);
            azi_names_put(L, &ms->stations, s->name, (long)i);
        }
        azi_names_naming("station", s->key->text, what, sizeof what);
        if (!azi_fields_read(L, s->val, azi_station_keys_station.fields,
                             azi_station_keys_station.nfields, s, what, 0,
                             &s->seen))
            continue;
        read_by_product(L, s);
        read_speeds(L, s, what);
        read_setup(L, s, what);
        read_failures(L, s, what);
        azi_maintenance_read(L, s, what);
        read_batch(L, s, what);
        read_assemble(L, s, what);
        if (s->batch_node && (s->seen.present & ST_CARTON))
            azi_load_report(L, azi_names_key_of(s->val, "carton")->loc,
                            "%s cannot both batch and pack: give it 'batch' "
                            "or 'carton'", what);
    }
}

/* ---- pass 2: pools and families ------------------------------------------ */

static long resolve_pool(azi_load *L, const model_spec *ms,
                         const azi_load_node *n, const char *context)
{
    return azi_names_resolve(L, &ms->pools, n, "operator pool", context,
                             ms->npool ? &ms->pool[0].name : NULL,
                             sizeof *ms->pool, ms->npool);
}

/* Whether every product's family is known (else the families a changeover
 * names cannot be checked). */
static int families_known(const model_spec *ms)
{
    if (!ms->products_ok)
        return 0;
    for (size_t i = 0; i < ms->nprod; i++)
        if (!ms->prod[i].name ||
            ((ms->prod[i].seen.present & ~ms->prod[i].seen.valid) & BIT(1)))
            return 0;
    return 1;
}

/* A family a changeover names: some product must have it (families holds
 * every product's family). */
static int check_family(azi_load *L, const model_spec *ms,
                        const azi_strmap *families,
                        const azi_load_node *n, const char *context)
{
    char got[64], q[80], sug[128];
    azi_suggest s;
    if (n->kind != AZI_LOAD_SCALAR || azi_yaml_is_null(n) || !*n->text) {
        azi_load_report(L, n->loc, "expected a family name, got %s",
                        azi_yaml_desc(n, got, sizeof got));
        return 0;
    }
    if (azi_strmap_get(families, n->text, -1) >= 0)
        return 1;
    azi_suggest_init(&s, n->text);
    for (size_t i = 0; i < ms->nprod; i++)
        azi_suggest_add(&s, azi_names_family(&ms->prod[i]));
    azi_load_report(L, n->loc, "no product has family %s (in %s)%s",
                    azi_names_quoted(n->text, q, sizeof q), context,
                    azi_suggest_text(&s, sug, sizeof sug));
    return 0;
}

/* The families a changeover names exist (when they can be known), and no
 * (from, to) pair is given twice. */
static void resolve_setup(azi_load *L, const model_spec *ms,
                          const azi_strmap *families, setup_spec *u,
                          const char *sw)
{
    char where[32], q[80], q2[80];
    azi_strmap pairs = {0};
    if (u->op)
        u->pool = resolve_pool(L, ms, u->op, sw);
    for (size_t i = 0; i < u->npair; i++) {
        setup_pair *p = &u->pair[i];
        if (!p->from || !p->to)
            continue;
        if (!families) {
            p->ok = 0;
            continue;
        }
        int a = check_family(L, ms, families, p->from, sw);
        int b = check_family(L, ms, families, p->to, sw);
        if (!(p->ok &= a && b))
            continue;
        /* The length prefix keeps ("ab", "c") apart from ("a", "bc"). */
        size_t nf = strlen(p->from->text), nt = strlen(p->to->text);
        char *key = azi_load_alloc(L, nf + nt + 24);
        if (!key)
            break;
        snprintf(key, nf + nt + 24, "%zu:%s%s", nf, p->from->text,
                 p->to->text);
        long first = azi_strmap_get(&pairs, key, -1);
        if (first < 0) {
            azi_names_put(L, &pairs, key, (long)i);
            continue;
        }
        azi_names_where(u->pair[first].node->loc, where, sizeof where);
        azi_load_report(L, p->node->loc, "the changeover from %s to %s is "
                        "already given (%s)",
                        azi_names_quoted(p->from->text, q, sizeof q),
                        azi_names_quoted(p->to->text, q2, sizeof q2), where);
        p->ok = 0;
    }
    azi_strmap_free(&pairs);
}

void azi_stations_resolve(azi_load *L, model_spec *ms)
{
    char what[96], sub[128];
    azi_strmap families = {0};
    int known = families_known(ms);
    for (size_t i = 0; known && i < ms->nprod; i++)
        azi_names_put(L, &families, azi_names_family(&ms->prod[i]),
                      (long)i);
    for (size_t i = 0; i < ms->nst; i++) {
        station_spec *s = &ms->st[i];
        azi_names_naming("station", s->key->text, what, sizeof what);
        if (s->op)
            s->pool = resolve_pool(L, ms, s->op, what);
        if (s->cal_node) /* built with the calendars (shift.c) */
            s->cal = azi_names_resolve(
                L, &ms->shifts.cal_names, s->cal_node, "calendar", what,
                ms->shifts.ncal ? &ms->shifts.cal[0].name : NULL,
                sizeof *ms->shifts.cal, ms->shifts.ncal);
        if (s->setup) {
            snprintf(sub, sizeof sub, "the setup of %s", what);
            resolve_setup(L, ms, known ? &families : NULL, s->setup, sub);
        }
        if (s->fail && s->fail->op) {
            snprintf(sub, sizeof sub, "the failures of %s", what);
            s->fail->pool = resolve_pool(L, ms, s->fail->op, sub);
        }
        if (s->maint && s->maint->op) {
            snprintf(sub, sizeof sub, "the maintenance of %s", what);
            s->maint->pool = resolve_pool(L, ms, s->maint->op, sub);
        }
    }
    azi_strmap_free(&families);
}

/* ---- pass 2: assembly ---------------------------------------------------- */

/* Whether station x's assembly has product p as a component. */
static int is_component(const station_spec *x, long p)
{
    for (size_t k = 0; k < x->ncomp; k++)
        if (x->comp[k].product == p)
            return 1;
    return 0;
}

/* A component's units end their journey at the first visit to station x
 * (they go into its store), so its route must visit x as its last step and
 * only there, and that step must do nothing a visit would (a test, a
 * sample). Skipped when the route is broken. */
static void check_component_route(azi_load *L, const model_spec *ms, long x,
                                  const comp_spec *c)
{
    const product_spec *p = &ms->prod[c->product];
    char q[80], q2[80], q3[80];
    if (p->route_ix < 0 || !ms->route[p->route_ix].ok)
        return;
    const route_spec *r = &ms->route[p->route_ix];
    const step_spec *last = &r->step[r->n - 1];
    azi_names_quoted(p->name, q, sizeof q);
    azi_names_quoted(ms->st[x].name, q2, sizeof q2);
    azi_names_quoted(r->name, q3, sizeof q3);
    if (last->st != x) {
        azi_load_report(L, c->key->loc, "the route of %s must end at %s to "
                        "feed it", q, q2);
        return;
    }
    for (size_t k = 0; k < r->n; k++) {
        const step_spec *sp = &r->step[k];
        if (k + 1 < r->n && sp->st == x)
            azi_load_report(L, c->key->loc, "route %s takes %s to %s before "
                            "its last step (at step %zu of %zu), where its "
                            "units would already go into the assembly store; "
                            "a component visits its assembly station only at "
                            "the end of its route", q3, q, q2, k + 1, r->n);
        else if (sp->rework_st == x)
            azi_load_report(L, c->key->loc, "route %s sends %s to rework at "
                            "%s (from step %zu of %zu), where its units would "
                            "go into the assembly store; a component visits "
                            "its assembly station only at the end of its "
                            "route", q3, q, q2, k + 1, r->n);
        else
            continue;
        return;
    }
    static const char *const keys[] = {"yield", "sample_every"};
    static const char *const what[] = {"a test", "sampled"};
    for (size_t i = 0; i < 2; i++) {
        const azi_load_node *k = azi_names_key_of(last->node, keys[i]);
        if (k)
            azi_load_report(L, k->loc, "the last step of route %s puts units "
                            "of %s into the assembly store of %s without a "
                            "visit, so it cannot be %s ('%s')", q3, q, q2,
                            what[i], keys[i]);
    }
}

/* Some product other than the station's components must visit it, or
 * there is nothing to join the components onto. Skipped when a product's
 * route is not known. */
static void check_assembled(azi_load *L, const model_spec *ms, long x)
{
    const station_spec *s = &ms->st[x];
    char q[80], q2[80];
    for (size_t i = 0; i < ms->nprod; i++) {
        const product_spec *p = &ms->prod[i];
        if (!p->name || p->route_ix < 0 || !ms->route[p->route_ix].ok)
            return;
        if (is_component(s, (long)i))
            continue;
        const route_spec *r = &ms->route[p->route_ix];
        for (size_t k = 0; k < r->n; k++)
            if (r->step[k].st == x || r->step[k].rework_st == x)
                return;
    }
    azi_load_report(L, azi_names_key_of(s->val, "assemble")->loc,
                    "station %s assembles %s, but no other product visits it: "
                    "there is nothing to join it onto",
                    azi_names_quoted(s->name, q, sizeof q),
                    azi_names_quoted(s->comp[0].key->text, q2, sizeof q2));
}

void azi_stations_check_assembly(azi_load *L, model_spec *ms)
{
    char what[128], q[80], q2[80], where[32];
    const char *rel = NULL;
    int rel_known = -1;
    /* The first station (in file order) each product is a component of. */
    long *owner = NULL, *owner_k = NULL;
    if (!ms->products_ok || !ms->nprod)
        return;
    for (size_t i = 0; i < ms->nst; i++) {
        station_spec *s = &ms->st[i];
        int all = s->name != NULL;
        if (!s->ncomp)
            continue;
        if (!owner) {
            owner = azi_load_alloc(L, ms->nprod * sizeof *owner);
            owner_k = azi_load_alloc(L, ms->nprod * sizeof *owner_k);
            if (!owner || !owner_k)
                return;
            for (size_t p = 0; p < ms->nprod; p++)
                owner[p] = -1;
        }
        snprintf(what, sizeof what, "the assembly of %s",
                 azi_names_naming("station", s->key->text, q, sizeof q));
        for (size_t k = 0; k < s->ncomp; k++) {
            comp_spec *c = &s->comp[k];
            c->product = azi_names_resolve_product(L, ms, c->key, what);
            all &= c->product >= 0;
            if (c->product < 0 || !s->name)
                continue;
            long o = owner[c->product];
            if (o >= 0) {
                azi_names_where(ms->st[o].comp[owner_k[c->product]].key->loc,
                                where, sizeof where);
                azi_load_report(L, c->key->loc, "product %s is already a "
                                "component of station %s (%s); a component "
                                "feeds one station",
                                azi_names_quoted(c->key->text, q, sizeof q),
                                azi_names_quoted(ms->st[o].name, q2,
                                                 sizeof q2), where);
                c->product = -1;
                all = 0;
                continue;
            }
            owner[c->product] = (long)i;
            owner_k[c->product] = (long)k;
            check_component_route(L, ms, (long)i, c);
            if (rel_known < 0) {
                rel = azi_names_released(L, ms);
                rel_known = rel != NULL;
            }
            if (rel && !rel[c->product])
                azi_load_report(
                    L, c->key->loc, "component %s is never released%s",
                    azi_names_quoted(c->key->text, q, sizeof q),
                    ms->release.plan ? ": the plan has no units of it"
                    : (ms->release.seen.present & REL_SEQUENCE)
                        ? ": it is not in the release 'sequence'"
                        : ": its 'mix' is 0");
        }
        if (all)
            check_assembled(L, ms, (long)i);
    }
}

/* ---- pass 3: the model --------------------------------------------------- */

static az_status build_station(azi_load *L, const model_spec *ms,
                               station_spec *s, az_model *m)
{
    az_error e;
    az_status rc = AZ_OK;
    const azi_load_node *at = s->key;
    if ((rc = azi_names_api(L, at, az_model_add_station(m, s->name, s->machines,
                                                        &s->process, &s->idx,
                                                        &e), &e)))
        return rc;
    const buffer_spec *b = s->buffer >= 0 ? &ms->buf[s->buffer] : NULL;
    if (b && (rc = azi_names_api(L, at, az_model_set_buffer(m, s->idx,
                                                          b->capacity, &e),
                                &e)))
        return rc;
    if (b && (b->seen.present & BUFFER_TRANSPORT) &&
        (rc = azi_names_api(L, b->val, az_model_set_transport(
                                          m, s->idx, &b->transport, &e), &e)))
        return rc;
    if (s->speed && (rc = azi_names_api(L, s->speeds,
                                        az_model_set_machine_speeds(
                                            m, s->idx, s->speed, s->machines,
                                            &e), &e)))
        return rc;
    const setup_spec *u = s->setup;
    if (u) {
        rc = azi_names_api(L, s->setup_node,
                           az_model_set_setup(
                               m, s->idx,
                               u->seen.present & SETUP_SAME ? &u->same : NULL,
                               u->seen.present & SETUP_OTHER ? &u->other : NULL,
                               &e), &e);
        if (!rc && (u->seen.present & SETUP_FIRST))
            rc = azi_names_api(L, s->setup_node,
                               az_model_set_first_setup(m, s->idx, &u->first,
                                                        &e), &e);
        for (size_t i = 0; i < u->npair && !rc; i++)
            rc = azi_names_api(L, u->pair[i].node,
                               az_model_set_setup_between(
                                   m, s->idx, u->pair[i].from->text,
                                   u->pair[i].to->text, &u->pair[i].time, &e),
                               &e);
        if (!rc && u->pool >= 0)
            rc = azi_names_api(L, u->op, az_model_set_operator(
                                            m, s->idx, AZ_ACT_SETUP,
                                            ms->pool[u->pool].idx, &e), &e);
        if (rc)
            return rc;
    }
    const failure_spec *f = s->fail;
    if (f) {
        rc = azi_names_api(L, s->fail_node,
                           az_model_set_failures(m, s->idx, &f->between,
                                                 &f->repair,
                                                 (az_failure_clock)f->clock,
                                                 &e), &e);
        if (!rc && f->pool >= 0)
            rc = azi_names_api(L, f->op, az_model_set_operator(
                                            m, s->idx, AZ_ACT_REPAIR,
                                            ms->pool[f->pool].idx, &e), &e);
        if (rc)
            return rc;
    }
    if (s->maint && (rc = azi_maintenance_build(L, ms, s, m)))
        return rc;
    const batch_spec *bt = s->batch;
    if (bt && (rc = azi_names_api(L, s->batch_node,
                                  az_model_set_batch(m, s->idx, bt->min,
                                                     bt->max, bt->max_wait,
                                                     bt->family_pure, &e),
                                  &e)))
        return rc;
    if (s->dispatch && (rc = azi_names_api(L, azi_yaml_get(s->val,
                                                           "dispatch"),
                                           az_model_set_dispatch(
                                               m, s->idx,
                                               (az_dispatch_rule)s->dispatch,
                                               &e), &e)))
        return rc;
    if (s->carton && (rc = azi_names_api(L, at, az_model_set_carton(
                                                   m, s->idx, s->carton, &e),
                                        &e)))
        return rc;
    if (s->has_pack &&
        (rc = azi_names_api(L, azi_yaml_get(s->val, "carton"),
                            az_model_set_carton_time(m, s->idx, &s->pack, &e),
                            &e)))
        return rc;
    if (s->pool >= 0)
        rc = azi_names_api(L, s->op, az_model_set_operator(
                                        m, s->idx, AZ_ACT_PROCESS,
                                        ms->pool[s->pool].idx, &e), &e);
    return rc;
}

az_status azi_stations_build(azi_load *L, const model_spec *ms,
                             az_model *m)
{
    az_error e;
    az_status rc = AZ_OK;
    for (size_t i = 0; i < ms->npool && !rc; i++) {
        pool_spec *p = &ms->pool[i];
        rc = azi_names_api(L, p->key, az_model_add_pool(m, p->name, p->size,
                                                        &p->idx, &e), &e);
    }
    for (size_t i = 0; i < ms->nst && !rc; i++)
        rc = build_station(L, ms, &ms->st[i], m);
    return rc;
}

az_status azi_stations_build_assembly(azi_load *L, const model_spec *ms,
                                      az_model *m)
{
    az_error e;
    az_status rc = AZ_OK;
    for (size_t i = 0; i < ms->nst && !rc; i++) {
        const station_spec *s = &ms->st[i];
        for (size_t k = 0; k < s->ncomp && !rc; k++) {
            uint32_t c = ms->prod[s->comp[k].product].idx;
            rc = azi_names_api(L, s->comp[k].key,
                               az_model_set_assembly(m, s->idx, c,
                                                     s->comp[k].qty, &e), &e);
            if (!rc && s->comp[k].store != AZ_UNLIMITED)
                rc = azi_names_api(L, s->comp[k].key,
                                   az_model_set_store(m, s->idx, c,
                                                      s->comp[k].store, &e),
                                   &e);
        }
        if (!rc && s->scrap_kits && s->ncomp)
            rc = azi_names_api(L, s->key,
                               az_model_set_scrap_kits(m, s->idx, 1, &e), &e);
    }
    return rc;
}
