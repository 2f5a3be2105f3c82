/*
 * schema.c: the JSON Schema (draft-07) of the model file, written from the
 * loader's own field tables (doc.h: each key's type, range, words,
 * default and meaning), so that it cannot drift from what the loader
 * reads. The public az_model_schema; prefix azi_schema_ for the rest.
 *
 * Walks the model's type (load.c) down through every section's: an
 * OBJECT is a mapping with its table's keys and no others, a MAP one of
 * names to items, a LIST an array, ONE_OF an anyOf; types with a `ref`
 * become definitions, named once and referred to. Values are typed as
 * YAML 1.2 (yaml-language-server) types them: a number is a JSON number,
 * `06:00` a string. What the schema cannot say (names that must refer to
 * something, sums, keys that only go together) stays the loader's.
 *
 * Built with jansson; its memory does not pass through util/alloc.c, but
 * the text handed out does, and every jansson failure is AZ_ENOMEM.
 * Calls value.h (the distributions' kinds, the durations' pattern) and
 * reads the tables; reads no model.
 */
#include "load/load.h"
#include "load/value.h"
#include "util/alloc.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

typedef struct gen {
    json_t *defs; /* "definitions", in the order first met */
    int ok;       /* 0 once jansson failed (out of memory) */
    int counting; /* inside a distribution of counts */
} gen;

static json_t *type_schema(gen *g, const azi_load_type *t);

/* Sets o[key] = v (stolen), noting a failure (v NULL or no room). */
static void set(gen *g, json_t *o, const char *key, json_t *v)
{
    if (json_object_set_new(o, key, v))
        g->ok = 0;
}

static void push(gen *g, json_t *a, json_t *v)
{
    if (json_array_append_new(a, v))
        g->ok = 0;
}

/* x as a JSON integer when it is one (bounds, counts), else a real. */
static json_t *number(double x)
{
    if (x == floor(x) && fabs(x) < 9007199254740992.0)
        return json_integer((json_int_t)x);
    return json_real(x);
}

/* {"type": name} or, with null allowed, {"type": [name, "null"]}; several
 * names with a NULL-ended list. */
static json_t *typed(gen *g, unsigned flags, const char *const *names)
{
    json_t *o = json_object(), *a = json_array();
    for (size_t i = 0; names[i]; i++)
        push(g, a, json_string(names[i]));
    if (flags & AZI_T_NULL)
        push(g, a, json_string("null"));
    if (json_array_size(a) == 1) {
        set(g, o, "type", json_incref(json_array_get(a, 0)));
        json_decref(a);
    } else {
        set(g, o, "type", a);
    }
    if (!o)
        g->ok = 0;
    return o;
}

static json_t *typed1(gen *g, unsigned flags, const char *name)
{
    const char *names[] = {name, NULL};
    return typed(g, flags, names);
}

/* A number's bounds, as the flags say whether they are included. */
static void bounds(gen *g, json_t *o, const azi_load_type *t)
{
    if (isfinite(t->min))
        set(g, o, t->flags & AZI_T_OPEN_MIN ? "exclusiveMinimum" : "minimum",
            number(t->min));
    if (isfinite(t->max))
        set(g, o, t->flags & AZI_T_OPEN_MAX ? "exclusiveMaximum" : "maximum",
            number(t->max));
}

/* A count where a duration would be (a distribution of counts). */
static json_t *count(gen *g)
{
    json_t *o = typed1(g, 0, "number");
    set(g, o, "minimum", json_integer(0));
    return o;
}

static json_t *duration(gen *g, const azi_load_type *t)
{
    char pat[256];
    if (g->counting)
        return count(g);
    json_t *o = typed1(g, t->flags, "string");
    set(g, o, "pattern", json_string(azi_type_duration_pattern(
                             (t->flags & AZI_T_OPEN_MIN) != 0, pat,
                             sizeof pat)));
    return o;
}

/* A field's schema: its type's, with the meaning and the default. A
 * $ref is wrapped in allOf, since draft-07 ignores the keys beside it. */
static json_t *field_schema(gen *g, const azi_load_field *f)
{
    json_t *t = type_schema(g, f->type), *o = t;
    if (t && json_object_get(t, "$ref")) {
        json_t *all = json_array();
        o = json_object();
        push(g, all, t);
        set(g, o, "allOf", all);
    }
    if (!o) {
        g->ok = 0;
        return NULL;
    }
    if (f->doc)
        set(g, o, "description", json_string(f->doc));
    if (f->def)
        set(g, o, "default", json_loads(f->def, JSON_DECODE_ANY, NULL));
    else if (!f->required && f->type->kind == AZI_T_ENUM)
        set(g, o, "default", json_string(f->type->names[0]));
    else if (!f->required && f->type->kind == AZI_T_BOOL)
        set(g, o, "default", json_false());
    return o;
}

static json_t *object(gen *g, const azi_load_type *t)
{
    json_t *o = typed1(g, t->flags, "object"), *props = json_object(),
           *req = json_array();
    for (size_t i = 0; i < t->nfields; i++) {
        const azi_load_field *f = &t->fields[i];
        /* Counts take no unit (value.c, read_list). */
        if (g->counting && f->type == &azi_type_dist_unit)
            continue;
        set(g, props, f->key, field_schema(g, f));
        if (f->required)
            push(g, req, json_string(f->key));
    }
    set(g, o, "properties", props);
    if (json_array_size(req))
        set(g, o, "required", req);
    else
        json_decref(req);
    if (t->flags & AZI_T_X_KEYS) {
        json_t *x = json_object();
        set(g, x, "^x-", json_object());
        set(g, o, "patternProperties", x);
    }
    set(g, o, "additionalProperties", json_false());
    return o;
}

/* A distribution: a duration (or a count), or one kind's parameters. */
static json_t *dist(gen *g, int counting)
{
    const char *name, *doc;
    const azi_load_field *f;
    size_t nf;
    int was = g->counting;
    g->counting = counting;
    json_t *o = json_object(), *any = json_array(),
           *kinds = typed1(g, 0, "object"), *props = json_object();
    push(g, any, counting ? count(g) : type_schema(g, &azi_type_duration));
    for (size_t i = 0; azi_value_dist_kind(i, &name, &f, &nf, &doc); i++) {
        azi_load_type params = {.kind = AZI_T_OBJECT, .fields = f,
                                .nfields = nf};
        json_t *p = object(g, &params);
        set(g, p, "description", json_string(doc));
        set(g, props, name, p);
    }
    set(g, kinds, "properties", props);
    set(g, kinds, "additionalProperties", json_false());
    set(g, kinds, "minProperties", json_integer(1));
    set(g, kinds, "maxProperties", json_integer(1));
    push(g, any, kinds);
    set(g, o, "anyOf", any);
    g->counting = was;
    return o;
}

/* The schema of t itself, whatever its ref. */
static json_t *body(gen *g, const azi_load_type *t)
{
    static const char *const scalar[] = {"string", "number", "boolean", NULL};
    json_t *o = NULL, *a;
    switch (t->kind) {
    case AZI_T_ANY:
        return json_object();
    case AZI_T_NAME:
        o = typed(g, t->flags, scalar);
        set(g, o, "minLength", json_integer(1));
        return o;
    case AZI_T_TEXT:
        return typed(g, t->flags | AZI_T_NULL, scalar);
    case AZI_T_STRING:
        o = typed1(g, t->flags, "string");
        set(g, o, "pattern", json_string(t->pattern));
        return o;
    case AZI_T_INT:
    case AZI_T_NUMBER:
        o = typed1(g, t->flags, t->kind == AZI_T_INT ? "integer" : "number");
        bounds(g, o, t);
        return o;
    case AZI_T_BOOL:
        return typed1(g, t->flags, "boolean");
    case AZI_T_ENUM:
        o = typed1(g, t->flags, "string");
        a = json_array();
        for (size_t i = 0; i < t->nnames; i++)
            push(g, a, json_string(t->names[i]));
        set(g, o, "enum", a);
        return o;
    case AZI_T_DURATION:
        return duration(g, t);
    case AZI_T_DIST:
    case AZI_T_COUNT_DIST:
        return dist(g, t->kind == AZI_T_COUNT_DIST);
    case AZI_T_OBJECT:
        return object(g, t);
    case AZI_T_MAP:
        o = typed1(g, t->flags, "object");
        set(g, o, "additionalProperties", type_schema(g, t->item));
        if (t->flags & (AZI_T_NONEMPTY | AZI_T_ONE_KEY))
            set(g, o, "minProperties", json_integer(1));
        if (t->flags & AZI_T_ONE_KEY)
            set(g, o, "maxProperties", json_integer(1));
        return o;
    case AZI_T_LIST:
        o = typed1(g, t->flags, "array");
        set(g, o, "items", type_schema(g, t->item));
        if (t->flags & AZI_T_NONEMPTY)
            set(g, o, "minItems", json_integer(1));
        if (t->max_items)
            set(g, o, "maxItems", number((double)t->max_items));
        if (t->flags & AZI_T_UNIQUE)
            set(g, o, "uniqueItems", json_true());
        return o;
    case AZI_T_ONE_OF:
        o = json_object();
        a = json_array();
        for (size_t i = 0; i < t->nalt; i++)
            push(g, a, type_schema(g, t->alt[i]));
        set(g, o, "anyOf", a);
        return o;
    }
    return json_object();
}

/* A shared type is a definition, referred to; a duration while counting
 * is a count, no definition. */
static json_t *type_schema(gen *g, const azi_load_type *t)
{
    char ref[96];
    if (!t->ref || (g->counting && t->kind == AZI_T_DURATION))
        return body(g, t);
    if (!json_object_get(g->defs, t->ref)) {
        /* Named before its body is made, so a type met again inside its
         * own body refers to itself instead of recurring. */
        set(g, g->defs, t->ref, json_object());
        json_t *b = body(g, t);
        if (b && t->doc)
            set(g, b, "description", json_string(t->doc));
        set(g, g->defs, t->ref, b);
    }
    snprintf(ref, sizeof ref, "#/definitions/%s", t->ref);
    json_t *o = json_object();
    set(g, o, "$ref", json_string(ref));
    return o;
}

az_status az_model_schema(char **json, az_error *err)
{
    if (!json)
        return az_error_set(err, AZ_EINVAL, "az_model_schema: json is "
                            "required");
    *json = NULL;
    gen g = {json_object(), 1, 0};
    json_t *root = json_object();
    char *text = NULL;
    set(&g, root, "$schema", json_string("http://json-schema.org/draft-07/"
                                         "schema#"));
    set(&g, root, "title", json_string("azalea model file"));
    set(&g, root, "description",
        json_string("A production line for azalea (docs/model-format.md). "
                    "Generated by `azalea schema` from the loader's own "
                    "tables; `azalea check` has the last word."));
    json_t *top = body(&g, &azi_model_load_type);
    if (json_object_update(root, top))
        g.ok = 0;
    json_decref(top);
    set(&g, root, "definitions", json_incref(g.defs));
    if (g.ok)
        text = json_dumps(root, JSON_INDENT(2) | JSON_REAL_PRECISION(15));
    json_decref(root);
    json_decref(g.defs);
    size_t n = text ? strlen(text) : 0;
    if (text && (*json = azi_malloc(n + 2))) {
        memcpy(*json, text, n);
        memcpy(*json + n, "\n", 2);
    }
    free(text);
    if (!*json)
        return az_error_set(err, AZ_ENOMEM, "out of memory writing the "
                            "model schema");
    return AZ_OK;
}
