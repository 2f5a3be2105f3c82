/*
 * fields.c: the table-driven mapping reader, with which every section
 * reads its mappings, the room for a mapping of named entries
 * (azi_fields_map), and the hints its messages share. Prefix azi_fields_.
 * Above the tree (yaml.c); below the value readers (value.c), which it
 * calls only through the tables' function pointers that its callers give.
 *
 * A table lists a mapping's keys in order, each with its reader and the
 * offset of its slot in the target struct. Invariants: at most 32 keys (a
 * key's index is its bit in azi_load_seen); each key of the mapping is
 * matched against the table once, in the mapping's order, so problems come
 * in file order; an unknown key is reported with the nearest table key, or
 * the whole list when none is near; a key that is present but not read is
 * "broken" (present, not valid), so later checks can skip what depends on
 * it instead of reporting a consequence of the same mistake.
 */
#include "load/doc.h"
#include "util/suggest.h"
#include "util/text.h"

#include <stdio.h>
#include <string.h>

static int is_digit(char c) { return c >= '0' && c <= '9'; }
static int is_space(char c) { return c == ' ' || c == '\t'; }

const char *azi_fields_comma_hint(const char *s, char *buf, size_t size)
{
    char shown[64];
    buf[0] = '\0';
    while (is_space(*s))
        s++;
    size_t i = *s == '+' || *s == '-', d0 = 0, d1 = 0;
    for (; is_digit(s[i]); i++)
        d0++;
    if (!d0 || s[i] != ',' || !is_digit(s[i + 1]))
        return buf;
    size_t comma = i;
    for (i++; is_digit(s[i]); i++)
        d1++;
    /* 1,000 or 12,500 is more likely a thousands separator. */
    if (d1 == 3 && d0 <= 3 && !s[i]) {
        snprintf(buf, size, "; write numbers without a thousands separator");
        return buf;
    }
    azi_text_clean(s, shown, sizeof shown);
    if (comma < sizeof shown && shown[comma] == ',')
        shown[comma] = '.';
    snprintf(buf, size, "; a decimal comma? write a decimal point: '%s'",
             shown);
    return buf;
}

/* {mean: 0,25 min}: in a flow mapping the decimal comma ends the value
 * (0) and makes "25 min" a key. Pair i's key is such a tail when it
 * starts with a digit and pair i - 1's value is a plain whole number. */
static int decimal_comma_split(const azi_load_node *map, size_t i, char *buf,
                               size_t size)
{
    char joined[96], hint[160];
    if (i == 0)
        return 0;
    const char *k = map->pair[i].key->text;
    const azi_load_node *v = map->pair[i - 1].val;
    const char *t = v->kind == AZI_LOAD_SCALAR && v->plain ? v->text : "";
    size_t n = strspn(t + (*t == '-' || *t == '+'), "0123456789");
    if (!(*k >= '0' && *k <= '9') || !n || t[n + (*t == '-' || *t == '+')] ||
        v->loc.line != map->pair[i].key->loc.line)
        return 0;
    snprintf(joined, sizeof joined, "%.40s,%.40s", t, k);
    if (!*azi_fields_comma_hint(joined, hint, sizeof hint))
        return 0;
    snprintf(buf, size, " (in {...} a comma separates entries)%s", hint);
    return 1;
}

int azi_fields_read(azi_load *L, const azi_load_node *map,
                    const azi_load_field *f, size_t nf, void *target,
                    const char *what, unsigned flags, azi_load_seen *seen)
{
    azi_load_seen sn = {0, 0};
    char got[64], key[64], extra[512];
    if (map->kind != AZI_LOAD_MAP) {
        azi_load_report(L, map->loc, "expected a mapping for %s, got %s", what,
                        azi_yaml_desc(map, got, sizeof got));
        if (seen)
            *seen = sn;
        return 0;
    }
    for (size_t i = 0; i < map->n; i++) {
        const azi_load_pair *p = &map->pair[i];
        const char *k = p->key->text;
        size_t j = 0;
        if ((flags & AZI_FIELDS_IGNORE_X) && !strncmp(k, "x-", 2))
            continue;
        while (j < nf && strcmp(f[j].key, k))
            j++;
        if (j == nf && decimal_comma_split(map, i, extra, sizeof extra)) {
            azi_load_report(L, p->key->loc, "unknown key '%s' in %s%s",
                            azi_text_clean(k, key, sizeof key), what, extra);
            continue;
        }
        if (j == nf) {
            azi_suggest s;
            azi_suggest_init(&s, k);
            for (j = 0; j < nf; j++)
                azi_suggest_add(&s, f[j].key);
            azi_suggest_text(&s, extra, sizeof extra);
            if (!*extra) {
                size_t o = (size_t)snprintf(extra, sizeof extra,
                                            "; expected one of: ");
                for (j = 0; j < nf && o < sizeof extra; j++)
                    o += (size_t)snprintf(extra + o, sizeof extra - o, "%s%s",
                                          j ? ", " : "", f[j].key);
            }
            azi_load_report(L, p->key->loc, "unknown key '%s' in %s%s",
                            azi_text_clean(k, key, sizeof key), what, extra);
            continue;
        }
        sn.present |= 1u << j;
        if (f[j].read(L, p->val, (char *)target + f[j].off))
            sn.valid |= 1u << j;
    }
    for (size_t j = 0; j < nf; j++)
        if (f[j].required && !(sn.present & (1u << j)))
            azi_load_report(L, map->loc, "missing required key '%s' in %s",
                            f[j].key, what);
    if (seen)
        *seen = sn;
    return 1;
}

/* Room for a mapping's named entries (doc.h); NULL after reporting a
 * non-mapping, for none, or out of memory. */
void *azi_fields_map(azi_load *L, const azi_load_node *v, const char *what,
                     const char *one, size_t size, size_t *n)
{
    char got[64];
    void *items;
    if (!v || (!one && azi_yaml_is_null(v)))
        return NULL;
    if (v->kind != AZI_LOAD_MAP) {
        azi_load_report(L, v->loc, "expected a mapping from %s, got %s", what,
                        azi_yaml_desc(v, got, sizeof got));
        return NULL;
    }
    if (!v->n) {
        if (one)
            azi_load_report(L, v->loc, "expected at least one %s", one);
        return NULL;
    }
    if (!(items = azi_load_alloc(L, v->n * size)))
        return NULL;
    *n = v->n;
    return items;
}
