/*
 * model_optimize.c: the model's `optimize:` problem and its decisions
 * (optimize.h). Kept apart from model.c: the engine never reads them.
 */
#include "model_impl.h"
#include "util/alloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "azalea/optimize.h"

typedef struct decision {
    char *path;
    char **values; /* NULL entries: the model as it is */
    double *costs;
    size_t n, today;
    int line, col;
} decision;

struct azi_optimize {
    int has_problem;
    az_opt_problem p;
    decision *d;
    size_t n, cap;
};

az_opt_problem az_opt_problem_defaults(void)
{
    az_opt_problem p;
    memset(&p, 0, sizeof p);
    p.objective = AZ_OPT_MAX_THROUGHPUT;
    p.budget = INFINITY;
    p.target = INFINITY;
    p.max_lead_time = INFINITY;
    p.max_wip = INFINITY;
    p.evaluations = 200;
    p.screen_reps = 3;
    p.delta = 0.5;
    p.pcs = 0.95;
    return p;
}

static struct azi_optimize *get(az_model *m)
{
    if (!m->optimize)
        m->optimize = azi_calloc(1, sizeof *m->optimize);
    return m->optimize;
}

static void decision_free(decision *d)
{
    for (size_t j = 0; j < d->n; j++)
        free(d->values[j]);
    free(d->values);
    free(d->costs);
    free(d->path);
}

void azi_optimize_free(struct azi_optimize *op)
{
    if (!op)
        return;
    for (size_t i = 0; i < op->n; i++)
        decision_free(&op->d[i]);
    free(op->d);
    free(op);
}

int az_model_optimize(const az_model *m, az_opt_problem *p)
{
    if (!m->optimize || !m->optimize->has_problem)
        return 0;
    *p = m->optimize->p;
    return 1;
}

az_status az_model_set_optimize(az_model *m, const az_opt_problem *p,
                                az_error *err)
{
    if (p->objective != AZ_OPT_MAX_THROUGHPUT &&
        p->objective != AZ_OPT_MIN_COST)
        return az_error_set(err, AZ_EINVAL, "optimize: unknown objective");
    if (!(p->budget >= 0))
        return az_error_set(err, AZ_EINVAL, "optimize: the budget must be "
                            ">= 0");
    if (p->objective == AZ_OPT_MIN_COST && !(p->target > 0 &&
                                             isfinite(p->target)))
        return az_error_set(err, AZ_EINVAL, "optimize: minimising cost "
                            "needs a throughput target above 0");
    if (!(p->max_lead_time > 0) || !(p->max_wip > 0))
        return az_error_set(err, AZ_EINVAL, "optimize: a lead-time or WIP "
                            "limit must be above 0");
    if (!(p->delta > 0) || !isfinite(p->delta))
        return az_error_set(err, AZ_EINVAL, "optimize: delta must be above "
                            "0");
    if (!(p->pcs > 0.5 && p->pcs < 1))
        return az_error_set(err, AZ_EINVAL, "optimize: pcs must be above "
                            "0.5 and below 1");
    if (p->evaluations < 1 || p->screen_reps < 2 || !(p->screen_horizon >= 0))
        return az_error_set(err, AZ_EINVAL, "optimize: at least 1 "
                            "evaluation, 2 screening replications and a "
                            "screening horizon >= 0");
    struct azi_optimize *op = get(m);
    if (!op)
        return az_error_set(err, AZ_ENOMEM, "out of memory");
    op->p = *p;
    op->has_problem = 1;
    return AZ_OK;
}

az_status az_model_add_decision(az_model *m, const az_decision *d,
                                az_error *err)
{
    if (!d->path || !*d->path)
        return az_error_set(err, AZ_EINVAL, "a decision needs a path");
    if (d->n < 2 || d->today >= d->n)
        return az_error_set(err, AZ_EINVAL, "decision %s: at least 2 values, "
                            "today's among them", d->path);
    for (size_t j = 0; j < d->n; j++)
        if (!(d->costs[j] >= 0) || !isfinite(d->costs[j]))
            return az_error_set(err, AZ_EINVAL, "decision %s: a cost must be "
                                "a number >= 0", d->path);
    struct azi_optimize *op = get(m);
    if (!op)
        return az_error_set(err, AZ_ENOMEM, "out of memory");
    for (size_t i = 0; i < op->n; i++)
        if (!strcmp(op->d[i].path, d->path))
            return az_error_set(err, AZ_EINVAL, "decision %s is given twice",
                                d->path);
    if (op->n == op->cap) {
        size_t cap = op->cap ? 2 * op->cap : 8;
        decision *nd = azi_realloc(op->d, cap * sizeof *nd);
        if (!nd)
            return az_error_set(err, AZ_ENOMEM, "out of memory");
        op->d = nd;
        op->cap = cap;
    }
    decision x = {azi_strdup(d->path), azi_calloc(d->n, sizeof(char *)),
                  azi_malloc(d->n * sizeof(double)), d->n, d->today, d->line,
                  d->col};
    int ok = x.path && x.values && x.costs;
    for (size_t j = 0; ok && j < d->n; j++) {
        x.costs[j] = d->costs[j];
        if (d->values[j] && !(x.values[j] = azi_strdup(d->values[j])))
            ok = 0;
    }
    if (!ok) {
        x.n = x.values ? d->n : 0;
        decision_free(&x);
        return az_error_set(err, AZ_ENOMEM, "out of memory");
    }
    op->d[op->n++] = x;
    return AZ_OK;
}

size_t az_model_decision_count(const az_model *m)
{
    return m->optimize ? m->optimize->n : 0;
}

az_decision az_model_decision(const az_model *m, size_t i)
{
    const decision *d = &m->optimize->d[i];
    return (az_decision){d->path, (const char *const *)d->values, d->costs,
                         d->n, d->today, d->line, d->col};
}
