/*
 * names.c: what every section of a model file needs from the others,
 * kept below them all so the loader runs one way (doc.h): the shared
 * namespace of products, stations, buffers and pools, name resolution with
 * suggestions, quoting and locations for messages, a product's family and
 * release, and the reporting of model.h's errors. Prefix azi_names_.
 * Calls only the document layers (doc.h) and util/; called by the
 * sections and the top, never calling them.
 *
 * Invariants:
 *  1. ms->names maps each name entered to its first entry in ms->entry,
 *     which holds the earliest location (in file order, overrides after
 *     the file) that the name was met at: of two equal names, the later is
 *     the one reported, whatever order the sections are read in;
 *  2. a name that does not resolve is reported once, where it is written,
 *     with the nearest names suggested in the order of their spec array
 *     (file order), so a message never depends on a hash table's order;
 *  3. the resolvers return -1 for "unknown or broken", the value every
 *     spec uses for an unresolved reference (spec.h).
 */
#include "load/spec.h"
#include "util/suggest.h"

#include <stdio.h>
#include <string.h>

int azi_names_put(azi_load *L, azi_strmap *m, const char *key, long val)
{
    if (azi_strmap_put(m, key, val)) {
        L->oom = 1;
        return -1;
    }
    return 0;
}

const char *azi_names_quoted(const char *s, char *buf, size_t size)
{
    char tmp[64];
    if (snprintf(buf, size, "'%s'", azi_text_clean(s, tmp, sizeof tmp)) < 0)
        buf[0] = '\0';
    return buf;
}

const char *azi_names_naming(const char *kind, const char *name, char *buf,
                             size_t size)
{
    char q[80];
    if (snprintf(buf, size, "%s %s", kind,
                 azi_names_quoted(name, q, sizeof q)) < 0)
        buf[0] = '\0';
    return buf;
}

const azi_load_node *azi_names_key_of(const azi_load_node *map,
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

void azi_names_where(azi_load_loc loc, char *buf, size_t size)
{
    if (loc.src < 0)
        snprintf(buf, size, "line %d", loc.line);
    else
        snprintf(buf, size, "--set");
}

void azi_names_add(azi_load *L, model_spec *ms, const char *kind,
                   const char *name, azi_load_loc loc)
{
    char q[80], where[32];
    if (!strcmp(name, AZI_SOURCE_NAME)) {
        azi_load_report(L, loc, "the name '%s' is reserved for the release "
                        "of units; choose another", AZI_SOURCE_NAME);
        return;
    }
    long first = azi_strmap_get(&ms->names, name, -1);
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
        azi_names_where(earlier, where, sizeof where);
        azi_load_report(L, later, "duplicate name %s (already used for a %s "
                        "at %s)", azi_names_quoted(name, q, sizeof q), ekind,
                        where);
        return;
    }
    ms->entry[ms->nentry].kind = kind;
    ms->entry[ms->nentry].loc = loc;
    azi_names_put(L, &ms->names, name, (long)ms->nentry);
    ms->nentry++;
}

long azi_names_resolve(azi_load *L, const azi_strmap *ix,
                       const azi_load_node *n, const char *kind,
                       const char *context, const void *cand, size_t stride,
                       size_t count)
{
    char sug[256], q[80], got[64];
    if (n->kind != AZI_LOAD_SCALAR || azi_yaml_is_null(n) || !*n->text) {
        char what[48];
        snprintf(what, sizeof what, "%s %s name",
                 strchr("aeiou", kind[0]) ? "an" : "a", kind);
        azi_load_report(L, n->loc, "expected %s, got %s", what,
                        azi_yaml_desc(n, got, sizeof got));
        return -1;
    }
    long i = azi_strmap_get(ix, n->text, -1);
    if (i >= 0)
        return i;
    azi_suggest s;
    azi_suggest_init(&s, n->text);
    for (size_t k = 0; k < count; k++)
        azi_suggest_add(
            &s, *(const char *const *)((const char *)cand + k * stride));
    azi_load_report(L, n->loc, "undefined %s %s in %s%s", kind,
                    azi_names_quoted(n->text, q, sizeof q), context,
                    azi_suggest_text(&s, sug, sizeof sug));
    return -1;
}

long azi_names_resolve_station(azi_load *L, const model_spec *ms,
                               const azi_load_node *n, const char *context)
{
    return azi_names_resolve(L, &ms->stations, n, "station", context,
                             ms->nst ? &ms->st[0].name : NULL, sizeof *ms->st,
                             ms->nst);
}

long azi_names_resolve_product(azi_load *L, const model_spec *ms,
                               const azi_load_node *n, const char *context)
{
    return azi_names_resolve(L, &ms->products, n, "product", context,
                             ms->nprod ? &ms->prod[0].name : NULL,
                             sizeof *ms->prod, ms->nprod);
}

const char *azi_names_family(const product_spec *p)
{
    return p->family ? p->family : p->name;
}

az_status azi_names_api(azi_load *L, const azi_load_node *at, az_status rc,
                        const az_error *e)
{
    if (rc == AZ_ENOMEM)
        L->oom = 1;
    else if (rc)
        azi_load_report(L, at->loc, "%s", e->msg);
    return rc;
}

const char *azi_names_released(azi_load *L, const model_spec *ms)
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
    if (r->orders) {
        if (!r->orders_ok)
            return NULL;
        for (size_t i = 0; i < r->norder; i++)
            rel[r->order[i].prod] = 1;
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

