/*
 * problem.c: one load's context (azi_load, doc.h): its arena, the other
 * files it read, and the problems and warnings it found. Prefix azi_load_.
 * The lowest layer of the loader: it calls nothing of it.
 *
 * Problems are collected as they are found, each with its location and a
 * discovery number, then sorted by azi_load_finish: overrides first (in
 * the order given), then the model file, then the files it names, each by
 * line and column, discovery order breaking ties. The checking code may
 * therefore find problems in any order, and the order told never depends
 * on it (or on a hash table's): only on where the problems are written.
 *
 * Invariants:
 *  1. every allocation of a load is in L->arena, except the problems'
 *     array and messages and the distributions' list, which azi_load_free
 *     releases;
 *  2. L->oom, once set, stays set: every layer gives up as soon as it sees
 *     it, and azi_load_finish turns it into AZ_ENOMEM whatever else was
 *     found;
 *  3. at most AZI_LOAD_MAX_KEPT problems are kept; the others are counted
 *     in L->nlost, so the total told is still right.
 */
#include "load/doc.h"
#include "util/alloc.h"
#include "util/text.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* p, the arena's answer; when it is NULL (out of memory) sets L->oom
 * (invariant 2) and gives NULL. */
static void *kept(azi_load *L, void *p)
{
    if (!p)
        L->oom = 1;
    return p;
}

void *azi_load_alloc(azi_load *L, size_t size)
{
    return kept(L, L->oom ? NULL : azi_arena_alloc(&L->arena, size));
}

char *azi_load_strdup(azi_load *L, const char *s, size_t len)
{
    return kept(L, L->oom ? NULL : azi_arena_strdup(&L->arena, s, len));
}

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
                     azi_text_clean(p, path, sizeof path), body) < 0)
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
    azi_arena_free(&L->arena);
    L->dists = NULL;
    L->prob = NULL;
    L->ndist = L->nprob = L->nwarn = L->nlost = 0;
}
