/*
 * override.c: --set PATH=VALUE, applied to the document tree before any
 * section is read. Prefix azi_override_. Above the tree (yaml.c), whose
 * parser reads the value; below everything that reads sections, which
 * therefore never know whether a value was written or set.
 *
 * A path walks mappings by key and lists by an item's `name` (else its
 * index). The value replaces the node the path ends at, or becomes a new
 * key of the mapping it ends in, which is then checked like any other key.
 * Invariants: the tree stays a tree (the value is parsed anew for each
 * override, so no node gets two parents), and the value's nodes are
 * located in the override's string (src = its index, col counting
 * characters of the whole PATH=VALUE), so every later problem with it
 * says "--set PATH: ...".
 */
#include "load/doc.h"
#include "util/suggest.h"
#include "util/text.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Characters (not bytes) in s[0..n). */
static int chars(const char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += ((unsigned char)s[i] & 0xC0) != 0x80;
    return k > INT32_MAX ? INT32_MAX : (int)k;
}
static int all_digits(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return 0;
    return 1;
}

/* The item of list named `name` (its `name` key), else the item at index
 * `name`, else NULL. */
static azi_load_node **list_find(azi_load_node *list, const char *name)
{
    for (size_t i = 0; i < list->n; i++) {
        const azi_load_node *nm = azi_yaml_get(list->item[i], "name");
        if (nm && nm->kind == AZI_LOAD_SCALAR && !strcmp(nm->text, name))
            return &list->item[i];
    }
    if (all_digits(name) && strlen(name) < 10) {
        size_t i = (size_t)strtoul(name, NULL, 10);
        if (i < list->n)
            return &list->item[i];
    }
    return NULL;
}

/* Reports that `elem` is not in `node`, reached by the path `parent`. */
static void not_found(azi_load *L, azi_load_loc at, const azi_load_node *node,
                      const char *parent, const char *elem)
{
    char e[64], pa[96], where[112], sug[256];
    azi_suggest s;
    azi_suggest_init(&s, elem);
    azi_text_clean(elem, e, sizeof e);
    if (*parent)
        snprintf(where, sizeof where, "'%s'",
                 azi_text_clean(parent, pa, sizeof pa));
    else
        snprintf(where, sizeof where, "the model");
    if (node->kind == AZI_LOAD_MAP) {
        for (size_t i = 0; i < node->n; i++)
            azi_suggest_add(&s, node->pair[i].key->text);
        azi_load_report(L, at, "no '%s' in %s%s", e, where,
                        azi_suggest_text(&s, sug, sizeof sug));
    } else if (node->kind == AZI_LOAD_LIST) {
        for (size_t i = 0; i < node->n; i++) {
            const azi_load_node *nm = azi_yaml_get(node->item[i], "name");
            if (nm && nm->kind == AZI_LOAD_SCALAR)
                azi_suggest_add(&s, nm->text);
        }
        if (all_digits(elem))
            azi_load_report(L, at, "no item %s in %s (it has %zu, numbered "
                            "from 0)", e, where, node->n);
        else
            azi_load_report(L, at, "no '%s' in %s%s", e, where,
                            azi_suggest_text(&s, sug, sizeof sug));
    } else {
        azi_load_report(L, at, "%s is a single value, so it has no '%s'",
                        where, e);
    }
}

void azi_override_apply(azi_load *L, azi_load_node *root, size_t i)
{
    const char *s = L->ovr[i] ? L->ovr[i] : "";
    const char *eq = strchr(s, '=');
    azi_load_loc at = {(int)i, 0, 1};
    azi_load_node *val, *cur = root;

    if (!eq) {
        azi_load_report(L, at, "expected PATH=VALUE, like "
                        "stations.screw.machines=2");
        return;
    }
    if (eq == s) {
        azi_load_report(L, at, "expected a path before '='");
        return;
    }
    int col0 = chars(s, (size_t)(eq - s) + 1);
    if (!(val = azi_yaml_parse(L, eq + 1, strlen(eq + 1), (int)i, col0)))
        return;
    if (!root || root->kind != AZI_LOAD_MAP)
        return;

    /* Walk the path one element at a time; `path` holds the part walked. */
    size_t plen = (size_t)(eq - s);
    char *path = azi_load_strdup(L, s, plen);
    if (!path)
        return;
    for (size_t b = 0; b <= plen;) {
        size_t e = b;
        while (e < plen && s[e] != '.')
            e++;
        int last = e == plen;
        char *elem = azi_load_strdup(L, s + b, e - b);
        if (!elem)
            return;
        at.col = chars(s, b) + 1;
        memcpy(path, s, b ? b - 1 : 0);
        path[b ? b - 1 : 0] = '\0';
        if (!*elem) {
            azi_load_report(L, at, "empty name in the path");
            return;
        }
        azi_load_node **slot = NULL;
        if (cur->kind == AZI_LOAD_MAP) {
            for (size_t k = 0; k < cur->n && !slot; k++)
                if (!strcmp(cur->pair[k].key->text, elem))
                    slot = &cur->pair[k].val;
        } else if (cur->kind == AZI_LOAD_LIST) {
            slot = list_find(cur, elem);
        }
        if (!slot && last && cur->kind == AZI_LOAD_MAP) {
            /* A new key, checked later like any other. */
            azi_load_pair *np = azi_load_alloc(L, (cur->n + 1) * sizeof *np);
            azi_load_node *key = azi_yaml_null(L, at);
            if (!np || !key)
                return;
            if (cur->n)
                memcpy(np, cur->pair, cur->n * sizeof *np);
            key->text = elem;
            np[cur->n].key = key;
            np[cur->n].val = val;
            cur->pair = np;
            cur->n++;
            return;
        }
        if (!slot) {
            not_found(L, at, cur, path, elem);
            return;
        }
        if (last) {
            *slot = val;
            return;
        }
        cur = *slot;
        b = e + 1;
    }
}
