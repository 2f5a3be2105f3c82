/*
 * yaml_doc.c: the YAML layer of the model loader. It turns text into a tree
 * of azi_load_node with 1-based locations, applies --set overrides to it,
 * and provides what every section reader needs: problems, suggestions, a
 * string index and the table-driven mapping reader. The only file that
 * includes yaml.h.
 *
 * Conversion invariants (see load_impl.h for why the tree is a tree):
 *  1. Aliases are copied, within AZI_LOAD_MAX_NODES values in all; an alias
 *     to a value that contains it (libyaml allows `&a [*a]`) is refused.
 *  2. Keys are scalars and unique per mapping: a repeated key is reported
 *     and the first one kept.
 *  3. Merge keys (`<<`, plain) add the keys of a mapping, or of each mapping
 *     of a list, that the mapping does not have yet: explicit keys win, then
 *     the earlier mapping. Merged values keep the location they were
 *     written at.
 *
 * Over 800 lines: parsing to the tree, --set overrides, and the problem
 * and suggestion machinery are three concerns; issue 20 moves the
 * suggestions (did-you-mean) to src/util/suggest.c and the overrides apart.
 */
#include "load_impl.h"
#include "util/alloc.h"

#include "azalea/rng.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

/* ---- arena --------------------------------------------------------------- */

#define CHUNK_SIZE 65536

struct azi_load_chunk {
    azi_load_chunk *next;
    size_t used, cap;
    max_align_t data[]; /* cap bytes */
};

void *azi_load_alloc(azi_load *L, size_t size)
{
    const size_t align = _Alignof(max_align_t);
    if (L->oom || size > SIZE_MAX / 2)
        goto fail;
    size = (size + align - 1) / align * align;
    azi_load_chunk *c = L->arena;
    if (!c || c->cap - c->used < size) {
        size_t cap = size > CHUNK_SIZE ? size : CHUNK_SIZE;
        azi_load_chunk *nc = azi_malloc(sizeof *nc + cap);
        if (!nc)
            goto fail;
        nc->used = 0;
        nc->cap = cap;
        /* A big block goes behind the current chunk, whose room stays in
         * use. */
        if (c && cap > CHUNK_SIZE) {
            nc->next = c->next;
            c->next = nc;
        } else {
            nc->next = c;
            L->arena = nc;
        }
        c = nc;
    }
    void *p = (char *)c->data + c->used;
    c->used += size;
    memset(p, 0, size);
    return p;
fail:
    L->oom = 1;
    return NULL;
}

char *azi_load_strdup(azi_load *L, const char *s, size_t len)
{
    char *p = azi_load_alloc(L, len + 1);
    if (p)
        memcpy(p, s, len);
    return p;
}

/* ---- problems ------------------------------------------------------------ */

void azi_load_init(azi_load *L, const char *file, const az_load_options *opt)
{
    memset(L, 0, sizeof *L);
    L->file = file;
    L->unit = "s";
    L->unit_s = 1;
    if (!opt || !opt->overrides || !opt->noverrides)
        return;
    L->ovr = opt->overrides;
    L->novr = opt->noverrides;
    if (L->novr > SIZE_MAX / sizeof *L->ovr_path ||
        !(L->ovr_path = azi_load_alloc(L, L->novr * sizeof *L->ovr_path)))
        return;
    for (size_t i = 0; i < L->novr; i++) {
        const char *s = L->ovr[i] ? L->ovr[i] : "";
        const char *eq = strchr(s, '=');
        L->ovr_path[i] = azi_load_strdup(L, s, eq ? (size_t)(eq - s)
                                                  : strlen(s));
        if (!L->ovr_path[i])
            L->ovr_path[i] = "";
    }
}

static void record(azi_load *L, azi_load_loc loc, int warning,
                   const char *fmt, va_list ap)
{
    char body[AZ_ERROR_MSG_MAX], msg[AZ_ERROR_MSG_MAX], path[128];
    vsnprintf(body, sizeof body, fmt, ap);
    if (loc.src >= 0) {
        const char *p = L->ovr_path && (size_t)loc.src < L->novr
                            ? L->ovr_path[loc.src] : "";
        /* Long messages are cut; the return value says by how much. */
        if (snprintf(msg, sizeof msg, "--set%s%s: %s", *p ? " " : "",
                     azi_load_clean(p, path, sizeof path), body) < 0)
            msg[0] = '\0';
    } else {
        memcpy(msg, body, sizeof msg);
    }
    if (!warning && L->nprob - L->nwarn >= AZI_LOAD_MAX_KEPT) {
        L->nlost++;
        return;
    }
    if (L->nprob == L->capprob) {
        size_t cap = L->capprob ? L->capprob * 2 : 16;
        azi_load_problem *np = azi_realloc(L->prob, cap * sizeof *np);
        if (!np) {
            L->oom = 1;
            return;
        }
        L->prob = np;
        L->capprob = cap;
    }
    size_t len = strlen(msg) + 1;
    char *copy = azi_malloc(len);
    if (!copy) {
        L->oom = 1;
        return;
    }
    memcpy(copy, msg, len);
    azi_load_problem *pr = &L->prob[L->nprob];
    pr->loc = loc;
    pr->seq = L->nprob;
    pr->msg = copy;
    pr->warning = warning;
    L->nprob++;
    L->nwarn += warning != 0;
}

void azi_load_report(azi_load *L, azi_load_loc loc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    record(L, loc, 0, fmt, ap);
    va_end(ap);
}

void azi_load_warn(azi_load *L, azi_load_loc loc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    record(L, loc, 1, fmt, ap);
    va_end(ap);
}

int azi_load_add_file(azi_load *L, const char *name, int *src)
{
    const char **nf = azi_load_alloc(L, (L->nfiles + 1) * sizeof *nf);
    char *copy = azi_load_strdup(L, name, strlen(name));
    if (!nf || !copy)
        return -1;
    if (L->nfiles)
        memcpy(nf, L->files, L->nfiles * sizeof *nf);
    nf[L->nfiles] = copy;
    L->files = nf;
    *src = AZI_LOAD_FILE(L->nfiles++);
    return 0;
}

/* Overrides first (in the order given), then the model file, then the
 * other files, each in reading order. */
static long long src_rank(int src)
{
    if (src >= 0)
        return src;
    return (long long)INT32_MAX + 1 + (long long)(AZI_LOAD_MODEL - src);
}

static int problem_cmp(const void *a, const void *b)
{
    const azi_load_problem *x = a, *y = b;
    long long sx = src_rank(x->loc.src), sy = src_rank(y->loc.src);
    if (sx != sy)
        return sx < sy ? -1 : 1;
    if (x->loc.line != y->loc.line)
        return x->loc.line < y->loc.line ? -1 : 1;
    if (x->loc.col != y->loc.col)
        return x->loc.col < y->loc.col ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void fill_error(az_error *e, az_status code, const char *file,
                       azi_load_loc loc, const char *msg)
{
    e->code = code;
    snprintf(e->file, sizeof e->file, "%s", file);
    e->line = loc.line;
    e->col = loc.col;
    snprintf(e->msg, sizeof e->msg, "%s", msg);
}

/* The file a location is in: an override, the model, or a file it names. */
static const char *file_of(const azi_load *L, azi_load_loc loc)
{
    if (loc.src >= 0)
        return "--set";
    if (loc.src < AZI_LOAD_MODEL)
        return L->files[AZI_LOAD_FILE_INDEX(loc.src)];
    return L->file;
}

az_status azi_load_finish(azi_load *L, const az_load_options *opt,
                          az_error *err)
{
    az_problem_fn fn = opt ? opt->on_problem : NULL;
    az_error e;
    size_t out = 0, told = 0;
    if (L->nprob)
        qsort(L->prob, L->nprob, sizeof *L->prob, problem_cmp);
    for (size_t i = 0; i < L->nprob; i++) {
        const azi_load_problem *p = &L->prob[i], *q = &L->prob[i ? i - 1 : 0];
        /* A template used twice can yield the same problem twice. */
        if (i && p->loc.src == q->loc.src && p->loc.line == q->loc.line &&
            p->loc.col == q->loc.col && !strcmp(p->msg, q->msg))
            continue;
        if (p->warning)
            continue; /* told below, and only for a model that loads */
        if (out++ >= AZ_LOAD_MAX_PROBLEMS)
            continue; /* counted, not told */
        fill_error(&e, AZ_EBADMODEL, file_of(L, p->loc), p->loc, p->msg);
        if (fn)
            fn(opt->ctx, &e);
        if (told++ == 0 && err)
            *err = e;
    }
    out += L->nlost;
    if (out > told && fn) {
        char more[96];
        azi_load_loc none = {AZI_LOAD_MODEL, 0, 0};
        snprintf(more, sizeof more, "%zu more problems not listed (%zu in "
                 "all)", out - told, out);
        fill_error(&e, AZ_EBADMODEL, "", none, more);
        fn(opt->ctx, &e);
    }
    az_problem_fn warn = opt ? opt->on_warning : NULL;
    for (size_t i = 0; i < L->nprob && !out && !L->oom && warn; i++) {
        const azi_load_problem *p = &L->prob[i];
        if (!p->warning)
            continue;
        fill_error(&e, AZ_OK, file_of(L, p->loc), p->loc, p->msg);
        warn(opt->ctx, &e);
    }
    if (L->oom) {
        azi_load_loc none = {-1, 0, 0};
        fill_error(&e, AZ_ENOMEM, L->file, none,
                   "out of memory while reading the model");
        if (fn)
            fn(opt->ctx, &e);
        if (err)
            *err = e;
        return AZ_ENOMEM;
    }
    if (out)
        return AZ_EBADMODEL;
    az_error_clear(err);
    return AZ_OK;
}

void azi_load_free(azi_load *L)
{
    for (size_t i = 0; i < L->ndist; i++)
        az_dist_clear(L->dists[i]);
    free(L->dists);
    for (size_t i = 0; i < L->nprob; i++)
        free(L->prob[i].msg);
    free(L->prob);
    while (L->arena) {
        azi_load_chunk *next = L->arena->next;
        free(L->arena);
        L->arena = next;
    }
    L->dists = NULL;
    L->prob = NULL;
    L->ndist = L->nprob = L->nwarn = L->nlost = 0;
}

/* ---- text for messages --------------------------------------------------- */

const char *azi_load_clean(const char *s, char *buf, size_t size)
{
    size_t o = 0;
    if (size < 8) {
        if (size)
            buf[0] = '\0';
        return buf;
    }
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        char tmp[8];
        size_t k;
        if (ch == '\n')
            k = (size_t)snprintf(tmp, sizeof tmp, "\\n");
        else if (ch == '\t')
            k = (size_t)snprintf(tmp, sizeof tmp, "\\t");
        else if (ch < 0x20 || ch == 0x7f)
            k = (size_t)snprintf(tmp, sizeof tmp, "\\x%02x", ch);
        else
            tmp[0] = (char)ch, tmp[1] = '\0', k = 1;
        if (o + k > size - 4) {
            /* Cut between characters, then mark the cut: when the source is
             * in the middle of one (a continuation byte comes next), drop
             * the bytes of it already written, lead byte included. (This
             * once tested buf[o], a byte not yet written: the cut then
             * depended on whatever the stack held.) */
            if ((ch & 0xC0) == 0x80) {
                while (o > 0 && ((unsigned char)buf[o - 1] & 0xC0) == 0x80)
                    o--;
                if (o > 0 && ((unsigned char)buf[o - 1] & 0xC0) == 0xC0)
                    o--;
            }
            memcpy(buf + o, "...", 4);
            return buf;
        }
        memcpy(buf + o, tmp, k);
        o += k;
    }
    buf[o] = '\0';
    return buf;
}

int azi_load_is_null(const azi_load_node *n)
{
    return n && n->kind == AZI_LOAD_SCALAR && n->plain &&
           (!*n->text || !strcmp(n->text, "~") || !strcmp(n->text, "null") ||
            !strcmp(n->text, "Null") || !strcmp(n->text, "NULL"));
}

const char *azi_load_desc(const azi_load_node *n, char *buf, size_t size)
{
    char tmp[48];
    if (!n || azi_load_is_null(n))
        snprintf(buf, size, "nothing");
    else if (n->kind == AZI_LOAD_LIST)
        snprintf(buf, size, "a list");
    else if (n->kind == AZI_LOAD_MAP)
        snprintf(buf, size, "a mapping");
    else
        snprintf(buf, size, "'%s'", azi_load_clean(n->text, tmp, sizeof tmp));
    return buf;
}

const azi_load_node *azi_load_get(const azi_load_node *map, const char *key)
{
    if (!map || map->kind != AZI_LOAD_MAP)
        return NULL;
    for (size_t i = 0; i < map->n; i++)
        if (!strcmp(map->pair[i].key->text, key))
            return map->pair[i].val;
    return NULL;
}

/* ---- suggestions --------------------------------------------------------- */

#define SUGGEST_MAX 64

/* Edit distance with adjacent transpositions (optimal string alignment). */
static size_t edit_distance(const char *a, size_t n, const char *b, size_t m)
{
    size_t d[3][SUGGEST_MAX + 1];
    size_t *pp = d[0], *prev = d[1], *cur = d[2];
    for (size_t j = 0; j <= m; j++)
        prev[j] = j;
    for (size_t i = 1; i <= n; i++) {
        cur[0] = i;
        for (size_t j = 1; j <= m; j++) {
            size_t cost = a[i - 1] != b[j - 1];
            size_t v = prev[j - 1] + cost;
            if (prev[j] + 1 < v)
                v = prev[j] + 1;
            if (cur[j - 1] + 1 < v)
                v = cur[j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
                a[i - 2] == b[j - 1] && pp[j - 2] + 1 < v)
                v = pp[j - 2] + 1;
            cur[j] = v;
        }
        size_t *t = pp;
        pp = prev;
        prev = cur;
        cur = t;
    }
    return prev[m];
}

static size_t common_prefix(const char *a, const char *b)
{
    size_t i = 0;
    while (a[i] && a[i] == b[i])
        i++;
    return i;
}

void azi_load_suggest_init(azi_load_suggest *s, const char *word)
{
    memset(s, 0, sizeof *s);
    s->word = word;
    s->dist = SIZE_MAX;
}

static int is_sep(char c)
{
    return c == '_' || c == '-' || c == ' ' || c == '.';
}

/* a and b are the same letters, up to separators and ASCII case:
 * placer_2 for placer2, Screw for screw. */
static int same_letters(const char *a, const char *b)
{
    for (;;) {
        while (is_sep(*a))
            a++;
        while (is_sep(*b))
            b++;
        char x = *a >= 'A' && *a <= 'Z' ? (char)(*a + 32) : *a;
        char y = *b >= 'A' && *b <= 'Z' ? (char)(*b + 32) : *b;
        if (x != y)
            return 0;
        if (!x)
            return 1;
        a++, b++;
    }
}

void azi_load_suggest_add(azi_load_suggest *s, const char *cand)
{
    if (!cand)
        return;
    size_t n = strlen(s->word), m = strlen(cand);
    if (n > SUGGEST_MAX || m > SUGGEST_MAX || !strcmp(cand, s->word))
        return;
    size_t d = edit_distance(s->word, n, cand, m);
    /* Close: at most a third of the candidate wrong (at least one letter)
     * and not every letter of the word; or the word abbreviates it (expo). */
    size_t limit = m / 3 > 1 ? m / 3 : 1;
    size_t pre = common_prefix(cand, s->word);
    int close = (d <= limit && d < n) || (n >= 3 && pre == n);
    if (!close)
        return;
    /* Of equally distant names, the one with the same letters wins (a
     * separator or a capital is a slip; another digit names another
     * thing: placer2 is placer_2 rather than placer1), then the longer
     * common prefix (P21: P2 rather than P1). Still equal: all are named,
     * up to AZI_LOAD_SUGGEST_TIES. */
    int same = same_letters(cand, s->word);
    int cmp = d != s->dist       ? (d < s->dist ? 1 : -1)
              : same != s->same  ? (same ? 1 : -1)
              : pre != s->prefix ? (pre > s->prefix ? 1 : -1)
                                 : 0;
    if (cmp > 0) {
        s->nbest = 0;
        s->dist = d;
        s->same = same;
        s->prefix = pre;
    }
    for (size_t i = 0; cmp == 0 && i < s->nbest; i++)
        if (!strcmp(s->best[i], cand))
            return; /* a name met twice is named once */
    if (cmp >= 0 && s->nbest < AZI_LOAD_SUGGEST_TIES)
        s->best[s->nbest++] = cand;
}

const char *azi_load_suggest_text(const azi_load_suggest *s, char *buf,
                                  size_t size)
{
    char tmp[80];
    size_t o = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < s->nbest && o < size; i++) {
        int k = snprintf(buf + o, size - o, "%s'%s'%s",
                         i == 0 ? "; did you mean "
                         : i + 1 == s->nbest ? " or " : ", ",
                         azi_load_clean(s->best[i], tmp, sizeof tmp),
                         i + 1 == s->nbest ? "?" : "");
        if (k < 0) {
            buf[0] = '\0';
            break;
        }
        o += (size_t)k;
    }
    return buf;
}

/* ---- string index -------------------------------------------------------- */

/* The project's one string hash (FNV-1a with a finaliser, so the low bits
 * a power-of-two table uses are well mixed), as the model's name set uses. */
static size_t hash_str(const char *s)
{
    return (size_t)az_rng_stream_id(s);
}

int azi_load_index_put(azi_load *L, azi_load_index *ix, const char *key,
                       long val)
{
    if ((ix->n + 1) * 2 > ix->cap) {
        size_t cap = ix->cap ? ix->cap * 2 : 16;
        const char **k = azi_calloc(cap, sizeof *k);
        long *v = azi_calloc(cap, sizeof *v);
        if (!k || !v || cap > SIZE_MAX / 2) {
            free(k);
            free(v);
            L->oom = 1;
            return -1;
        }
        for (size_t i = 0; i < ix->cap; i++) {
            if (!ix->key[i])
                continue;
            size_t h = hash_str(ix->key[i]) & (cap - 1);
            while (k[h])
                h = (h + 1) & (cap - 1);
            k[h] = ix->key[i];
            v[h] = ix->val[i];
        }
        free(ix->key);
        free(ix->val);
        ix->key = k;
        ix->val = v;
        ix->cap = cap;
    }
    size_t h = hash_str(key) & (ix->cap - 1);
    while (ix->key[h] && strcmp(ix->key[h], key))
        h = (h + 1) & (ix->cap - 1);
    if (!ix->key[h])
        ix->n++;
    ix->key[h] = key;
    ix->val[h] = val;
    return 0;
}

long azi_load_index_get(const azi_load_index *ix, const char *key)
{
    if (!ix->cap)
        return -1;
    size_t h = hash_str(key) & (ix->cap - 1);
    while (ix->key[h]) {
        if (!strcmp(ix->key[h], key))
            return ix->val[h];
        h = (h + 1) & (ix->cap - 1);
    }
    return -1;
}

void azi_load_index_free(azi_load_index *ix)
{
    free(ix->key);
    free(ix->val);
    memset(ix, 0, sizeof *ix);
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
    azi_load_index ix;
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
    if (azi_load_index_put(c->L, &ps->ix, k->text, (long)ps->n))
        return -1;
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
                        azi_load_desc(m, got, sizeof got));
        return 0;
    }
    for (size_t i = 0; i < m->n; i++)
        if (azi_load_index_get(&ps->ix, m->pair[i].key->text) < 0 &&
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
                            azi_load_desc(k, tmp, sizeof tmp));
            continue;
        }
        long first = azi_load_index_get(&ps.ix, k->text);
        if (first >= 0) {
            azi_load_loc f = ps.p[first].key->loc;
            char name[64];
            azi_load_report(c->L, k->loc, "duplicate key '%s' (first at %s %d)",
                            azi_load_clean(k->text, name, sizeof name),
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
                            azi_load_desc(m, tmp, sizeof tmp));
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
    azi_load_index_free(&ps.ix);
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

static azi_load_node *null_node(azi_load *L, azi_load_loc loc)
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

azi_load_node *azi_load_parse(azi_load *L, const char *text, size_t len,
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
        root = null_node(L, at);
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

/* ---- overrides ----------------------------------------------------------- */

/* Characters (not bytes) in s[0..n). */
static int chars(const char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += ((unsigned char)s[i] & 0xC0) != 0x80;
    return clamp_int(k);
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
        const azi_load_node *nm = azi_load_get(list->item[i], "name");
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
    azi_load_suggest s;
    azi_load_suggest_init(&s, elem);
    azi_load_clean(elem, e, sizeof e);
    if (*parent)
        snprintf(where, sizeof where, "'%s'",
                 azi_load_clean(parent, pa, sizeof pa));
    else
        snprintf(where, sizeof where, "the model");
    if (node->kind == AZI_LOAD_MAP) {
        for (size_t i = 0; i < node->n; i++)
            azi_load_suggest_add(&s, node->pair[i].key->text);
        azi_load_report(L, at, "no '%s' in %s%s", e, where,
                        azi_load_suggest_text(&s, sug, sizeof sug));
    } else if (node->kind == AZI_LOAD_LIST) {
        for (size_t i = 0; i < node->n; i++) {
            const azi_load_node *nm = azi_load_get(node->item[i], "name");
            if (nm && nm->kind == AZI_LOAD_SCALAR)
                azi_load_suggest_add(&s, nm->text);
        }
        if (all_digits(elem))
            azi_load_report(L, at, "no item %s in %s (it has %zu, numbered "
                            "from 0)", e, where, node->n);
        else
            azi_load_report(L, at, "no '%s' in %s%s", e, where,
                            azi_load_suggest_text(&s, sug, sizeof sug));
    } else {
        azi_load_report(L, at, "%s is a single value, so it has no '%s'",
                        where, e);
    }
}

void azi_load_apply_override(azi_load *L, azi_load_node *root, size_t i)
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
    if (!(val = azi_load_parse(L, eq + 1, strlen(eq + 1), (int)i, col0)))
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
            azi_load_node *key = null_node(L, at);
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

/* ---- table-driven mappings ----------------------------------------------- */

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
    if (!*azi_load_comma_hint(joined, hint, sizeof hint))
        return 0;
    snprintf(buf, size, " (in {...} a comma separates entries)%s", hint);
    return 1;
}

int azi_load_fields(azi_load *L, const azi_load_node *map,
                    const azi_load_field *f, size_t nf, void *target,
                    const char *what, unsigned flags, azi_load_seen *seen)
{
    azi_load_seen sn = {0, 0};
    char got[64], key[64], extra[512];
    if (map->kind != AZI_LOAD_MAP) {
        azi_load_report(L, map->loc, "expected a mapping for %s, got %s", what,
                        azi_load_desc(map, got, sizeof got));
        if (seen)
            *seen = sn;
        return 0;
    }
    for (size_t i = 0; i < map->n; i++) {
        const azi_load_pair *p = &map->pair[i];
        const char *k = p->key->text;
        size_t j = 0;
        if ((flags & AZI_LOAD_IGNORE_X) && !strncmp(k, "x-", 2))
            continue;
        while (j < nf && strcmp(f[j].key, k))
            j++;
        if (j == nf && decimal_comma_split(map, i, extra, sizeof extra)) {
            azi_load_report(L, p->key->loc, "unknown key '%s' in %s%s",
                            azi_load_clean(k, key, sizeof key), what, extra);
            continue;
        }
        if (j == nf) {
            azi_load_suggest s;
            azi_load_suggest_init(&s, k);
            for (j = 0; j < nf; j++)
                azi_load_suggest_add(&s, f[j].key);
            azi_load_suggest_text(&s, extra, sizeof extra);
            if (!*extra) {
                size_t o = (size_t)snprintf(extra, sizeof extra,
                                            "; expected one of: ");
                for (j = 0; j < nf && o < sizeof extra; j++)
                    o += (size_t)snprintf(extra + o, sizeof extra - o, "%s%s",
                                          j ? ", " : "", f[j].key);
            }
            azi_load_report(L, p->key->loc, "unknown key '%s' in %s%s",
                            azi_load_clean(k, key, sizeof key), what, extra);
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
