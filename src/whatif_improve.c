/*
 * whatif_improve.c: `improve`: every single change the line offers (+1
 * machine at each station, more places in each finite buffer, +1 person
 * in each pool, the model's own candidates), each paired with the base,
 * then ranked. A change's cost is the model's (improve.h).
 *
 * The ranking puts significant throughput gains first, then significant
 * lead-time cuts that lose no significant throughput: noise in the
 * throughput of changes that do not move it must not bury one that
 * shortens the lead time.
 */
#include "whatif_impl.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "azalea/improve.h"
#include "util/alloc.h"

typedef struct change {
    enum { MACHINE, BUFFER, PERSON, LISTED } kind;
    uint32_t index, to; /* LISTED: index of the model's candidate */
} change;

static az_status apply(az_model *m, const change *c, az_error *err)
{
    switch (c->kind) {
    case MACHINE: return az_model_set_machines(m, c->index, c->to, err);
    case BUFFER: return az_model_set_buffer(m, c->index, c->to, err);
    case PERSON: return az_model_set_pool_size(m, c->index, c->to, err);
    case LISTED: return AZ_OK; /* loaded with its changes */
    }
    return AZ_EINVAL;
}

/* 0: a significant throughput gain; 1: no significant throughput loss
 * and a significant lead-time cut; 2: the rest. */
static int gain_class(const azi_wi_own *o)
{
    if (isfinite(o->dtp_half) && o->dtp - o->dtp_half > 0)
        return 0;
    if (isfinite(o->dlt_half) && o->dlt + o->dlt_half < 0 &&
        !(o->dtp + o->dtp_half < 0))
        return 1;
    return 2;
}

static int by_gain_own(const azi_wi_own *a, const azi_wi_own *b)
{
    int ca = gain_class(a), cb = gain_class(b);
    if (ca != cb)
        return ca - cb;
    if (ca == 1 && a->dlt != b->dlt)
        return (a->dlt > b->dlt) - (a->dlt < b->dlt);
    if (a->dtp != b->dtp)
        return (a->dtp < b->dtp) - (a->dtp > b->dtp);
    return (a->dlt > b->dlt) - (a->dlt < b->dlt);
}

/* What a ranking compares by: qsort has no context, hence the merge sort
 * of indices below, which also keeps equal changes in the order tried. */
typedef struct rank_ctx {
    const az_whatif *w;
    int by_value;
} rank_ctx;

static double per_cost(const az_whatif_run *r, const azi_wi_own *o)
{
    return r->cost > 0 ? o->dtp / (r->cost / 1000) : NAN;
}

static int compare_runs(const rank_ctx *c, size_t i, size_t j)
{
    const az_whatif *w = c->w;
    const azi_wi_own *a = &w->own[i], *b = &w->own[j];
    if (c->by_value) {
        const az_whatif_run *ra = &w->run[i], *rb = &w->run[j];
        int ga = ra->cost > 0 && isfinite(a->dtp_half) && a->dtp > a->dtp_half;
        int gb = rb->cost > 0 && isfinite(b->dtp_half) && b->dtp > b->dtp_half;
        if (ga != gb)
            return gb - ga;
        double pa = per_cost(ra, a), pb = per_cost(rb, b);
        if (ga && pa != pb)
            return (pa < pb) - (pa > pb);
    }
    return by_gain_own(a, b);
}

/* A stable merge sort of the indices idx[0..n) (tmp: n scratch). */
static void sort_idx(const rank_ctx *c, size_t *idx, size_t *tmp, size_t n)
{
    if (n < 2)
        return;
    size_t h = n / 2;
    sort_idx(c, idx, tmp, h);
    sort_idx(c, idx + h, tmp, n - h);
    size_t a = 0, b = h, k = 0;
    while (a < h && b < n)
        tmp[k++] = compare_runs(c, idx[b], idx[a]) < 0 ? idx[b++] : idx[a++];
    while (a < h)
        tmp[k++] = idx[a++];
    while (b < n)
        tmp[k++] = idx[b++];
    memcpy(idx, tmp, n * sizeof *idx);
}

static az_status rank(const az_whatif *w, int by_value, size_t *order)
{
    size_t *tmp = azi_malloc((w->n ? w->n : 1) * sizeof *tmp);
    if (!tmp)
        return AZ_ENOMEM;
    for (size_t i = 0; i < w->n; i++)
        order[i] = i;
    rank_ctx c = {w, by_value};
    sort_idx(&c, order, tmp, w->n);
    free(tmp);
    return AZ_OK;
}

int az_whatif_rank_by_value(const az_whatif *w, size_t *order)
{
    int any = 0;
    for (size_t i = 0; i < w->n; i++)
        any |= w->run[i].cost >= 0;
    if (rank(w, 1, order)) /* out of memory: the runs' own order */
        for (size_t i = 0; i < w->n; i++)
            order[i] = i;
    return any;
}

/* Puts the runs in `order` (a permutation of 0..n). */
static az_status permute(az_whatif *w, const size_t *order, az_error *err)
{
    az_whatif_run *run = azi_malloc((w->n ? w->n : 1) * sizeof *run);
    azi_wi_own *own = azi_malloc((w->cap ? w->cap : 1) * sizeof *own);
    if (!run || !own) {
        free(run);
        free(own);
        return az_error_set(err, AZ_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < w->n; i++) {
        run[i] = w->run[order[i]];
        own[i] = w->own[order[i]];
    }
    /* The unfinished slots (a stop) keep nothing but their strings. */
    memcpy(own + w->n, w->own + w->n, (w->cap - w->n) * sizeof *own);
    memcpy(w->run, run, w->n * sizeof *run);
    memcpy(w->own, own, w->cap * sizeof *own);
    free(run);
    free(own);
    return AZ_OK;
}

/* The label, the changes as paths where there are paths, and the cost of
 * change c, into o and r. */
static az_status describe(const az_whatif *w, const az_whatif_source *src,
                          const change *c, uint32_t step, azi_wi_own *o,
                          az_whatif_run *r, az_error *err)
{
    const az_model *m = w->model;
    az_improve_costs costs = az_model_improve_costs(m);
    char what[600], chg[2048] = "";
    r->cost = -1;
    switch (c->kind) {
    case MACHINE:
        snprintf(what, sizeof what, "+1 machine at %s (%u)",
                 az_model_station_name(m, c->index), (unsigned)c->to);
        snprintf(chg, sizeof chg, "stations.%s.machines=%u",
                 az_model_station_name(m, c->index), (unsigned)c->to);
        r->cost = az_model_machine_cost(m, c->index);
        break;
    case BUFFER:
        snprintf(what, sizeof what, "+%u places before %s (%u)",
                 (unsigned)step, az_model_station_name(m, c->index),
                 (unsigned)c->to);
        if (costs.buffer_place >= 0)
            r->cost = costs.buffer_place * (double)step;
        break;
    case PERSON:
        snprintf(what, sizeof what, "+1 person in %s (%u)",
                 az_model_pool_name(m, c->index), (unsigned)c->to);
        r->cost = costs.person;
        break;
    case LISTED: {
        az_candidate k = az_model_candidate(m, c->index);
        snprintf(what, sizeof what, "%s", k.name);
        for (size_t i = 0; i < k.nset; i++) {
            size_t len = strlen(chg);
            snprintf(chg + len, sizeof chg - len, "%s%s", i ? "; " : "",
                     k.sets[i]);
        }
        r->cost = k.cost;
        break;
    }
    }
    r->role = "scenario";
    return azi_wi_describe(o, src, what, chg, err);
}

/* The model's candidates load with their changes before anything runs; a
 * bad one is reported where the model file states it. */
static az_status check_candidates(const az_whatif *w,
                                  const az_whatif_source *src, az_error *err)
{
    for (size_t i = 0; i < az_model_candidate_count(w->model); i++) {
        az_candidate c = az_model_candidate(w->model, i);
        az_model *alt = NULL;
        az_status rc = azi_wi_load(src, c.sets, c.nset, &alt, err);
        az_model_free(alt);
        if (rc == AZ_ENOMEM)
            return rc;
        if (rc)
            return az_error_set_at(err, rc, w->model_file, c.line, c.col,
                                   "improve candidate '%s' does not give a "
                                   "valid model", c.name);
    }
    return AZ_OK;
}

az_status az_improve(const az_whatif_source *src,
                     const az_experiment_config *cfg,
                     const az_whatif_options *opt, az_whatif **out,
                     az_error *err)
{
    if (!out)
        return az_error_set(err, AZ_EINVAL, "az_improve: out is required");
    *out = NULL;
    uint32_t step = opt && opt->buffer_step ? opt->buffer_step : 5;
    az_whatif *w = azi_wi_new("improve", src, cfg, err);
    if (!w)
        return err ? err->code : AZ_EINVAL;
    const az_model *m = w->model;
    size_t ns = az_model_station_count(m), np = az_model_pool_count(m);
    size_t nc = az_model_candidate_count(m), max = 2 * ns + np + nc;
    change *ch = azi_calloc(max ? max : 1, sizeof *ch);
    size_t n = 0;
    az_status rc = ch ? check_candidates(w, src, err)
                      : az_error_set(err, AZ_ENOMEM, "out of memory");
    for (uint32_t i = 0; !rc && i < ns; i++) {
        ch[n++] = (change){MACHINE, i, az_model_station_machines(m, i) + 1};
        uint32_t cap = az_model_station_buffer(m, i);
        if (cap != AZ_UNLIMITED)
            ch[n++] = (change){BUFFER, i, cap + step};
    }
    for (uint32_t q = 0; !rc && q < np; q++)
        ch[n++] = (change){PERSON, q, az_model_pool_size(m, q) + 1};
    for (uint32_t k = 0; !rc && k < nc; k++)
        ch[n++] = (change){LISTED, k, 0};
    if (!rc)
        rc = azi_wi_alloc(w, n, err);
    for (size_t i = 0; !rc && i < n; i++)
        rc = describe(w, src, &ch[i], step, &w->own[i], &w->run[i], err);
    if (!rc) {
        rc = azi_wi_describe(&w->base_own, src, "as it is", NULL, err);
        w->base.role = "base";
        w->base.cost = -1;
    }
    if (!rc) {
        azi_wi_start(opt, 0, n + 1, w->base_own.label);
        rc = azi_wi_measure(w, -1, w->model, opt, 1, err);
    }
    for (size_t i = 0; !rc && i < n; i++) {
        az_model *alt = NULL;
        az_candidate c = {0};
        if (ch[i].kind == LISTED)
            c = az_model_candidate(m, ch[i].index);
        azi_wi_start(opt, i + 1, n + 1, w->own[i].label);
        if (!(rc = azi_wi_load(src, c.sets, c.nset, &alt, err)) &&
            (rc = apply(alt, &ch[i], err)))
            az_model_free(alt);
        if (!rc)
            rc = azi_wi_measure(w, (long)i, alt, opt, 1, err);
    }
    free(ch);
    if (rc == AZ_OK || rc == AZ_ESTOPPED) {
        size_t *order = azi_malloc((w->n ? w->n : 1) * sizeof *order);
        az_status r2 = order ? rank(w, 0, order) : AZ_ENOMEM;
        if (!r2)
            r2 = permute(w, order, err);
        else
            az_error_set(err, AZ_ENOMEM, "out of memory");
        free(order);
        if (r2)
            rc = r2;
    }
    if (rc && rc != AZ_ESTOPPED) {
        az_whatif_free(w);
        return rc;
    }
    if (rc == AZ_ESTOPPED && !w->has_base) {
        az_whatif_free(w);
        return rc;
    }
    w->interrupted = rc == AZ_ESTOPPED;
    *out = w;
    return AZ_OK;
}
