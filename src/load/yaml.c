/*
 * yaml.c: the document tree. YAML text to a tree of azi_load_node with
 * 1-based locations, and the tree's accessors. Prefix azi_yaml_. The only
 * file of azalea that includes yaml.h; above the load context
 * (problem.c), below everything else of the loader.
 *
 * libyaml loads the document into its own node array; conv_node walks it
 * from the root and copies it into the arena as our tree.
 * Conversion invariants:
 *  1. Aliases are copied, within AZI_LOAD_MAX_NODES values in all; an alias
 *     to a value that contains it (libyaml allows `&a [*a]`) is refused.
 *     So the result is a tree (every node has one parent: an override
 *     changes one place only) of bounded size.
 *  2. Keys are scalars and unique per mapping: a repeated key is reported
 *     and the first one kept.
 *  3. Merge keys (`<<`, plain) add the keys of a mapping, or of each mapping
 *     of a list, that the mapping does not have yet: explicit keys win, then
 *     the earlier mapping. Merged values keep the location they were
 *     written at.
 *  4. Nothing is nested deeper than AZI_LOAD_MAX_DEPTH, checked on the
 *     parser's events before libyaml builds its tree (depth_ok) and again
 *     on ours (aliases can nest deeper than written).
 * Only the first document of a stream is read; a second one is reported
 * (check_end) and the first still returned.
 */
#include "load/doc.h"
#include "util/alloc.h"
#include "util/strmap.h"
#include "util/text.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

/* ---- the tree's accessors ------------------------------------------------ */

int azi_yaml_is_null(const azi_load_node *n)
{
    return n && n->kind == AZI_LOAD_SCALAR && n->plain &&
           (!*n->text || !strcmp(n->text, "~") || !strcmp(n->text, "null") ||
            !strcmp(n->text, "Null") || !strcmp(n->text, "NULL"));
}

const char *azi_yaml_desc(const azi_load_node *n, char *buf, size_t size)
{
    char tmp[48];
    if (!n || azi_yaml_is_null(n))
        snprintf(buf, size, "nothing");
    else if (n->kind == AZI_LOAD_LIST)
        snprintf(buf, size, "a list");
    else if (n->kind == AZI_LOAD_MAP)
        snprintf(buf, size, "a mapping");
    else
        snprintf(buf, size, "'%s'", azi_text_clean(n->text, tmp, sizeof tmp));
    return buf;
}

const azi_load_node *azi_yaml_get(const azi_load_node *map, const char *key)
{
    if (!map || map->kind != AZI_LOAD_MAP)
        return NULL;
    for (size_t i = 0; i < map->n; i++)
        if (!strcmp(map->pair[i].key->text, key))
            return map->pair[i].val;
    return NULL;
}

/* ---- YAML -> tree -------------------------------------------------------- */

typedef struct conv {
    azi_load *L;
    yaml_document_t *doc;
    unsigned char *onpath; /* by node index: being converted (cycle check) */
    size_t count;          /* nodes made */
    int src, col0;
    int stop;              /* a limit was hit or memory ran out */
} conv;

static int clamp_int(size_t v)
{
    return v > INT32_MAX ? INT32_MAX : (int)v;
}

static azi_load_loc mark_loc(int src, int col0, yaml_mark_t m)
{
    azi_load_loc loc = {src, 0, 0};
    if (src < 0) {
        loc.line = clamp_int(m.line + 1);
        loc.col = clamp_int(m.column + 1);
    } else {
        /* mark.index counts characters, like the column. */
        loc.col = clamp_int((size_t)col0 + m.index + 1);
    }
    return loc;
}

/* Reader errors carry a byte offset, not a mark. */
static azi_load_loc offset_loc(const char *text, size_t len, size_t off,
                               int src, int col0)
{
    size_t line = 1, col = 1, chars = 0;
    if (off > len)
        off = len;
    for (size_t i = 0; i < off; i++) {
        if (((unsigned char)text[i] & 0xC0) == 0x80)
            continue;
        chars++;
        if (text[i] == '\n')
            line++, col = 1;
        else
            col++;
    }
    azi_load_loc loc = {src, 0, clamp_int((size_t)col0 + chars + 1)};
    if (src < 0) {
        loc.line = clamp_int(line);
        loc.col = clamp_int(col);
    }
    return loc;
}

/* Whether line `line` (0-based) of text is indented with a tab. */
static int tab_indented(const char *text, size_t len, size_t line)
{
    size_t i = 0;
    for (size_t l = 0; l < line && i < len; i++)
        l += text[i] == '\n';
    for (; i < len && (text[i] == ' ' || text[i] == '\t'); i++)
        if (text[i] == '\t')
            return 1;
    return 0;
}

static void syntax_error(azi_load *L, const yaml_parser_t *p,
                         const char *text, size_t len, int src, int col0)
{
    const char *problem = p->problem ? p->problem : "unknown problem";
    if (p->error == YAML_MEMORY_ERROR) {
        L->oom = 1;
        return;
    }
    if (p->error == YAML_READER_ERROR) {
        azi_load_loc loc = offset_loc(text, len, p->problem_offset, src, col0);
        /* An o with umlaut in Latin-1 is no UTF-8. */
        const char *hint = strstr(problem, "UTF-8") ? AZI_LOAD_HINT_LATIN1 : "";
        if (p->problem_value != -1)
            azi_load_report(L, loc, "invalid text: %s (0x%X)%s", problem,
                            (unsigned)p->problem_value, hint);
        else
            azi_load_report(L, loc, "invalid text: %s%s", problem, hint);
        return;
    }
    azi_load_loc loc = mark_loc(src, col0, p->problem_mark);
    /* libyaml refuses a tab where indentation is expected, in words that
     * do not say so. */
    const char *hint = tab_indented(text, len, p->problem_mark.line) ||
                               (p->context && tab_indented(
                                                 text, len,
                                                 p->context_mark.line))
                           ? AZI_LOAD_HINT_TAB
                           : "";
    if (!p->context) {
        azi_load_report(L, loc, "syntax error: %s%s", problem, hint);
        return;
    }
    azi_load_loc at = mark_loc(src, col0, p->context_mark);
    if (src < 0)
        azi_load_report(L, loc, "syntax error: %s (%s at line %d, column %d)%s",
                        problem, p->context, at.line, at.col, hint);
    else
        azi_load_report(L, loc, "syntax error: %s (%s at column %d)%s",
                        problem, p->context, at.col, hint);
}

static azi_load_node *conv_node(conv *c, int index, int depth);

/* Growing list of pairs plus the index of their keys, for one mapping. */
typedef struct pairs {
    azi_load_pair *p;
    size_t n, cap;
    azi_strmap ix;
} pairs;

static int pairs_add(conv *c, pairs *ps, azi_load_node *k, azi_load_node *v)
{
    if (ps->n == ps->cap) {
        size_t cap = ps->cap ? ps->cap * 2 : 8;
        azi_load_pair *np = azi_realloc(ps->p, cap * sizeof *np);
        if (!np) {
            c->L->oom = 1;
            return -1;
        }
        ps->p = np;
        ps->cap = cap;
    }
    if (azi_strmap_put(&ps->ix, k->text, (long)ps->n)) {
        c->L->oom = 1;
        return -1;
    }
    ps->p[ps->n].key = k;
    ps->p[ps->n].val = v;
    ps->n++;
    return 0;
}

/* Adds the keys of the converted mapping m that ps does not have yet. */
static int merge_from(conv *c, pairs *ps, const azi_load_node *m)
{
    char got[64];
    if (m->kind != AZI_LOAD_MAP) {
        azi_load_report(c->L, m->loc,
                        "expected a mapping to merge with '<<' (like "
                        "*template), got %s",
                        azi_yaml_desc(m, got, sizeof got));
        return 0;
    }
    for (size_t i = 0; i < m->n; i++)
        if (!azi_strmap_find(&ps->ix, m->pair[i].key->text, NULL) &&
            pairs_add(c, ps, m->pair[i].key, m->pair[i].val))
            return -1;
    return 0;
}

static int is_merge_key(const yaml_node_t *k)
{
    return k && k->type == YAML_SCALAR_NODE &&
           k->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
           k->data.scalar.length == 2 &&
           !memcmp(k->data.scalar.value, "<<", 2);
}

static azi_load_node *conv_map(conv *c, const yaml_node_t *yn,
                               azi_load_node *n, int depth)
{
    pairs ps = {0};
    char tmp[64];
    const yaml_node_pair_t *merge = NULL;
    azi_load_loc merge_loc = {0, 0, 0};
    azi_load_node *ret = NULL;

    for (const yaml_node_pair_t *p = yn->data.mapping.pairs.start;
         p < yn->data.mapping.pairs.top; p++) {
        const yaml_node_t *yk = yaml_document_get_node(c->doc, p->key);
        if (is_merge_key(yk)) {
            azi_load_loc at = mark_loc(c->src, c->col0, yk->start_mark);
            if (merge)
                azi_load_report(c->L, at, "duplicate key '<<' (first at %s %d)",
                                c->src < 0 ? "line" : "column",
                                c->src < 0 ? merge_loc.line : merge_loc.col);
            else
                merge = p, merge_loc = at;
            continue;
        }
        azi_load_node *k = conv_node(c, p->key, depth + 1);
        azi_load_node *v = k ? conv_node(c, p->value, depth + 1) : NULL;
        if (!v)
            goto cleanup;
        if (k->kind != AZI_LOAD_SCALAR) {
            azi_load_report(c->L, k->loc, "expected a key (a name), got %s",
                            azi_yaml_desc(k, tmp, sizeof tmp));
            continue;
        }
        long first = azi_strmap_get(&ps.ix, k->text, -1);
        if (first >= 0) {
            azi_load_loc f = ps.p[first].key->loc;
            char name[64];
            azi_load_report(c->L, k->loc, "duplicate key '%s' (first at %s %d)",
                            azi_text_clean(k->text, name, sizeof name),
                            c->src < 0 ? "line" : "column",
                            c->src < 0 ? f.line : f.col);
            continue;
        }
        if (pairs_add(c, &ps, k, v))
            goto cleanup;
    }
    if (merge) {
        azi_load_node *m = conv_node(c, merge->value, depth + 1);
        if (!m)
            goto cleanup;
        if (m->kind == AZI_LOAD_LIST) {
            for (size_t i = 0; i < m->n; i++)
                if (merge_from(c, &ps, m->item[i]))
                    goto cleanup;
        } else if (m->kind == AZI_LOAD_MAP) {
            if (merge_from(c, &ps, m))
                goto cleanup;
        } else {
            azi_load_report(c->L, m->loc,
                            "expected a mapping or a list of mappings to "
                            "merge with '<<' (like *template), got %s",
                            azi_yaml_desc(m, tmp, sizeof tmp));
        }
    }
    if (ps.n && !(n->pair = azi_load_alloc(c->L, ps.n * sizeof *n->pair)))
        goto cleanup;
    if (ps.n)
        memcpy(n->pair, ps.p, ps.n * sizeof *n->pair);
    n->n = ps.n;
    ret = n;
cleanup:
    if (!ret)
        c->stop = 1;
    free(ps.p);
    azi_strmap_free(&ps.ix);
    return ret;
}

/* NULL only when conversion must stop (c->stop set, problem reported). */
static azi_load_node *conv_node(conv *c, int index, int depth)
{
    yaml_node_t *yn = yaml_document_get_node(c->doc, index);
    azi_load_node *n = NULL, *ret = NULL;
    int marked = 0;
    if (!yn || c->stop) {
        c->stop = 1;
        return NULL;
    }
    azi_load_loc loc = mark_loc(c->src, c->col0, yn->start_mark);
    if (depth > AZI_LOAD_MAX_DEPTH) {
        azi_load_report(c->L, loc, "values are nested more than %d levels "
                        "deep", AZI_LOAD_MAX_DEPTH);
        goto cleanup;
    }
    if (c->onpath[index]) {
        azi_load_report(c->L, loc, "an alias refers to a value that contains "
                        "it (a cycle)");
        goto cleanup;
    }
    if (++c->count > AZI_LOAD_MAX_NODES) {
        azi_load_report(c->L, loc, "the document has more than %d values "
                        "once aliases are expanded", AZI_LOAD_MAX_NODES);
        goto cleanup;
    }
    if (!(n = azi_load_alloc(c->L, sizeof *n)))
        goto cleanup;
    n->loc = loc;
    n->text = "";
    c->onpath[index] = marked = 1;
    switch (yn->type) {
    case YAML_SCALAR_NODE: {
        const char *v = (const char *)yn->data.scalar.value;
        size_t len = yn->data.scalar.length;
        n->kind = AZI_LOAD_SCALAR;
        n->plain = yn->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
        if (memchr(v, '\0', len)) {
            azi_load_report(c->L, loc, "a NUL character is not allowed in "
                            "text");
            len = strlen(v);
        }
        if (!(n->text = azi_load_strdup(c->L, v, len)))
            goto cleanup;
        ret = n;
        break;
    }
    case YAML_SEQUENCE_NODE: {
        size_t cnt = (size_t)(yn->data.sequence.items.top -
                              yn->data.sequence.items.start);
        n->kind = AZI_LOAD_LIST;
        if (cnt && !(n->item = azi_load_alloc(c->L, cnt * sizeof *n->item)))
            goto cleanup;
        for (size_t i = 0; i < cnt; i++)
            if (!(n->item[i] = conv_node(c, yn->data.sequence.items.start[i],
                                         depth + 1)))
                goto cleanup;
        n->n = cnt;
        ret = n;
        break;
    }
    case YAML_MAPPING_NODE:
        n->kind = AZI_LOAD_MAP;
        ret = conv_map(c, yn, n, depth);
        break;
    default:
        n->kind = AZI_LOAD_SCALAR;
        ret = n;
        break;
    }
cleanup:
    if (marked)
        c->onpath[index] = 0;
    if (!ret)
        c->stop = 1;
    return ret;
}

azi_load_node *azi_yaml_null(azi_load *L, azi_load_loc loc)
{
    azi_load_node *n = azi_load_alloc(L, sizeof *n);
    if (n) {
        n->kind = AZI_LOAD_SCALAR;
        n->plain = 1;
        n->text = "";
        n->loc = loc;
    }
    return n;
}

/* Whether the first document nests values at most AZI_LOAD_MAX_DEPTH
 * levels deep, read as parser events before the document is loaded:
 * libyaml's scanner works per token in proportion to the open levels, so
 * loading a 200 KB file of 100000 nested brackets took 49-79 s before the
 * tree's own depth check could refuse it; the events stop at level 65,
 * after a few hundred bytes. A syntax error here is left to the load,
 * which reports it as it always has. The tree's check stays, for aliases
 * that nest a template deeper than it is written. */
static int depth_ok(azi_load *L, const char *text, size_t len, int src,
                    int col0)
{
    yaml_parser_t p;
    yaml_event_t ev;
    size_t depth = 0;
    int ok = 1, done = 0;
    if (!yaml_parser_initialize(&p)) {
        L->oom = 1;
        return 0;
    }
    yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
    while (!done && yaml_parser_parse(&p, &ev)) {
        switch (ev.type) {
        case YAML_SCALAR_EVENT:
        case YAML_ALIAS_EVENT:
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT:
            if (depth > AZI_LOAD_MAX_DEPTH) {
                azi_load_report(L, mark_loc(src, col0, ev.start_mark),
                                "values are nested more than %d levels deep",
                                AZI_LOAD_MAX_DEPTH);
                ok = 0;
                done = 1;
            }
            depth += ev.type == YAML_SEQUENCE_START_EVENT ||
                     ev.type == YAML_MAPPING_START_EVENT;
            break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
            depth--;
            break;
        case YAML_DOCUMENT_END_EVENT:
        case YAML_STREAM_END_EVENT:
            done = 1;
            break;
        default:
            break;
        }
        yaml_event_delete(&ev);
    }
    if (p.error == YAML_MEMORY_ERROR) {
        L->oom = 1;
        ok = 0;
    }
    yaml_parser_delete(&p);
    return ok;
}

/* Only the first document is read; anything after it is reported. */
static void check_end(azi_load *L, yaml_parser_t *p, const char *text,
                      size_t len, int src, int col0)
{
    yaml_event_t ev;
    if (!yaml_parser_parse(p, &ev)) {
        syntax_error(L, p, text, len, src, col0);
        return;
    }
    if (ev.type == YAML_DOCUMENT_START_EVENT)
        azi_load_report(L, mark_loc(src, col0, ev.start_mark),
                        "a second YAML document starts here; a model is one "
                        "document");
    yaml_event_delete(&ev);
}

azi_load_node *azi_yaml_parse(azi_load *L, const char *text, size_t len,
                              int src, int col0)
{
    yaml_parser_t p;
    yaml_document_t doc;
    conv c = {L, &doc, NULL, 0, src, col0, 0};
    int have_doc = 0;
    azi_load_node *root = NULL;

    if (!depth_ok(L, text, len, src, col0))
        return NULL;
    if (!yaml_parser_initialize(&p)) {
        L->oom = 1;
        return NULL;
    }
    yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
    if (!yaml_parser_load(&p, &doc)) {
        syntax_error(L, &p, text, len, src, col0);
        goto cleanup;
    }
    have_doc = 1;
    if (!yaml_document_get_root_node(&doc)) {
        azi_load_loc at = {src, src < 0 ? 1 : 0, src < 0 ? 1 : col0 + 1};
        root = azi_yaml_null(L, at);
        goto cleanup;
    }
    check_end(L, &p, text, len, src, col0);
    size_t nnodes = (size_t)(doc.nodes.top - doc.nodes.start);
    if (!(c.onpath = azi_calloc(nnodes + 1, 1))) {
        L->oom = 1;
        goto cleanup;
    }
    root = conv_node(&c, 1, 0);
cleanup:
    free(c.onpath);
    if (have_doc)
        yaml_document_delete(&doc);
    yaml_parser_delete(&p);
    return root;
}
