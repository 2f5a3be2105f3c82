/*
 * experiment.c: runs replications, possibly on several threads, and reduces
 * them to means and confidence intervals.
 *
 * Each thread owns one az_sim and takes replications r = t, t + T, ...
 * (a static split: replications of one model cost about the same). Results
 * land in a replications x metrics matrix and are reduced in replication
 * order after all threads join, which is what makes the summary independent
 * of the thread count.
 */
#include "azalea/experiment.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "azalea/stats.h"

struct az_summary {
    az_experiment_config cfg;
    size_t nmetric;
    az_metric *layout;
    double *values; /* [replication][metric] */
    double *mean, *half;
    uint64_t events;
};

az_experiment_config az_experiment_defaults(void)
{
    az_experiment_config c = {1, 10, 0, 0, 0.95, 1};
    return c;
}

typedef struct worker {
    const az_model *model;
    const az_experiment_config *cfg;
    az_summary *sum;
    unsigned id, nthreads;
    uint64_t events;
    az_status rc;
    az_error err;
} worker;

static void *work(void *arg)
{
    worker *w = arg;
    az_sim *sim = NULL;
    w->rc = az_sim_create(w->model, &sim, &w->err);
    for (uint32_t r = w->id; !w->rc && r < w->cfg->replications;
         r += w->nthreads) {
        az_run_config rc = {w->cfg->horizon, w->cfg->warmup, w->cfg->seed, r};
        w->rc = az_sim_run(sim, &rc, &w->err);
        if (w->rc) {
            /* Say which replication: it reproduces alone with this seed. */
            char msg[AZ_ERROR_MSG_MAX];
            snprintf(msg, sizeof msg, "%s", w->err.msg);
            snprintf(w->err.msg, sizeof w->err.msg, "replication %u: %.480s",
                     (unsigned)r, msg);
            break;
        }
        memcpy(&w->sum->values[(size_t)r * w->sum->nmetric],
               az_sim_results(sim), w->sum->nmetric * sizeof(double));
        w->events += az_sim_events(sim);
    }
    az_sim_free(sim);
    return NULL;
}

static az_status check_config(const az_experiment_config *c, az_error *err)
{
    if (c->replications < 1)
        return az_error_set(err, AZ_EINVAL, "replications must be >= 1");
    if (!(c->horizon > 0) || !isfinite(c->horizon))
        return az_error_set(err, AZ_EINVAL, "horizon must be > 0 and finite");
    if (!(c->warmup >= 0 && c->warmup < c->horizon))
        return az_error_set(err, AZ_EINVAL,
                            "warm-up must be >= 0 and shorter than the horizon");
    if (!(c->level > 0 && c->level < 1))
        return az_error_set(err, AZ_EINVAL,
                            "confidence level must be in (0, 1)");
    return AZ_OK;
}

/* The replications' values of metric i, in replication order. */
static az_tally column(const az_summary *s, size_t i)
{
    az_tally t;
    az_tally_init(&t);
    for (uint32_t r = 0; r < s->cfg.replications; r++)
        az_tally_add(&t, s->values[(size_t)r * s->nmetric + i]);
    return t;
}

static void reduce(az_summary *s)
{
    for (size_t i = 0; i < s->nmetric; i++) {
        az_tally t = column(s, i);
        s->mean[i] = az_tally_mean(&t);
        s->half[i] = az_tally_ci_halfwidth(&t, s->cfg.level);
    }
}

double az_summary_halfwidth_at(const az_summary *s, size_t i, double level)
{
    az_tally t = column(s, i);
    return az_tally_ci_halfwidth(&t, level);
}

az_status az_experiment_run(const az_model *m, const az_experiment_config *cfg,
                            az_summary **out, az_error *err)
{
    *out = NULL;
    az_status rc = check_config(cfg, err);
    if (rc)
        return rc;
    /* One sim up front: checks the model and fixes the metric layout. */
    az_sim *probe = NULL;
    if ((rc = az_sim_create(m, &probe, err)))
        return rc;
    az_summary *s = calloc(1, sizeof *s);
    if (!s) {
        az_sim_free(probe);
        return az_error_set(err, AZ_ENOMEM, "out of memory");
    }
    s->cfg = *cfg;
    s->nmetric = az_sim_metric_count(probe);
    s->layout = malloc(s->nmetric * sizeof *s->layout);
    s->values = malloc((size_t)cfg->replications * s->nmetric * sizeof(double));
    s->mean = malloc(s->nmetric * sizeof(double));
    s->half = malloc(s->nmetric * sizeof(double));
    unsigned nt = cfg->threads ? cfg->threads : 1;
    if (nt > cfg->replications)
        nt = cfg->replications;
    worker *w = calloc(nt, sizeof *w);
    pthread_t *tid = calloc(nt, sizeof *tid);
    if (!s->layout || !s->values || !s->mean || !s->half || !w || !tid) {
        rc = az_error_set(err, AZ_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < s->nmetric; i++)
        s->layout[i] = az_sim_metric(probe, i);
    for (unsigned t = 0; t < nt; t++)
        w[t] = (worker){m, cfg, s, t, nt, 0, AZ_OK, {0}};
    unsigned started = 0;
    for (unsigned t = 1; t < nt; t++, started++)
        if (pthread_create(&tid[t], NULL, work, &w[t]))
            break;
    work(&w[0]);
    for (unsigned t = 1; t <= started; t++)
        pthread_join(tid[t], NULL);
    if (started + 1 < nt) {
        rc = az_error_set(err, AZ_ERUNTIME, "could not start %u threads", nt);
        goto done;
    }
    for (unsigned t = 0; t < nt; t++) {
        if (w[t].rc) { /* report the first failure in thread order */
            rc = w[t].rc;
            if (err)
                *err = w[t].err;
            goto done;
        }
        s->events += w[t].events;
    }
    reduce(s);
done:
    free(w);
    free(tid);
    az_sim_free(probe);
    if (rc)
        az_summary_free(s);
    else
        *out = s;
    return rc;
}

void az_summary_free(az_summary *s)
{
    if (!s)
        return;
    free(s->layout);
    free(s->values);
    free(s->mean);
    free(s->half);
    free(s);
}

size_t az_summary_metric_count(const az_summary *s) { return s->nmetric; }
az_metric az_summary_metric(const az_summary *s, size_t i)
{
    return s->layout[i];
}
size_t az_summary_metric_index(const az_summary *s, az_scope scope,
                               uint32_t object, az_metric_kind kind)
{
    return az_metric_find(s->layout, s->nmetric, scope, object, kind);
}
uint32_t az_summary_replications(const az_summary *s)
{
    return s->cfg.replications;
}
const az_experiment_config *az_summary_config(const az_summary *s)
{
    return &s->cfg;
}
double az_summary_mean(const az_summary *s, size_t i) { return s->mean[i]; }
double az_summary_halfwidth(const az_summary *s, size_t i)
{
    return s->half[i];
}
double az_summary_value(const az_summary *s, uint32_t r, size_t i)
{
    return s->values[(size_t)r * s->nmetric + i];
}
uint64_t az_summary_events(const az_summary *s) { return s->events; }

az_status az_summary_paired_diff(const az_summary *base, const az_summary *alt,
                                 size_t i, double level, double *mean,
                                 double *half, az_error *err)
{
    uint32_t n = base->cfg.replications;
    if (alt->cfg.replications != n || alt->nmetric != base->nmetric ||
        i >= base->nmetric)
        return az_error_set(err, AZ_EINVAL,
                            "paired comparison needs the same replications "
                            "and metrics");
    az_tally t;
    az_tally_init(&t);
    for (uint32_t r = 0; r < n; r++)
        az_tally_add(&t, az_summary_value(alt, r, i) -
                             az_summary_value(base, r, i));
    *mean = az_tally_mean(&t);
    *half = az_tally_ci_halfwidth(&t, level);
    return AZ_OK;
}
