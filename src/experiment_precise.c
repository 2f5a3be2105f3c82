/*
 * experiment_precise.c: experiments that choose for themselves: the
 * warm-up from pilot runs (MSER-5 on the pilots' averaged series), and the
 * number of replications from a target precision (sequential procedure).
 *
 * Warm-up: AZ_WARMUP_PILOTS pilots, split over threads as replications
 * are, each record AZ_WARMUP_PERIODS periods of throughput and WIP; the
 * series are averaged in pilot order, so the cut does not depend on the
 * thread count. Precision: after a pilot experiment, extend to the
 * replications that the current relative half-width says are needed (at
 * most doubling), until the target, the cap or a stop request; each step
 * is az_experiment_extend, so the result is exactly the experiment with
 * that many replications.
 */
#include "azalea/experiment.h"
#include "util/alloc.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "azalea/stats.h"
#include "experiment_impl.h"

typedef struct pilot_worker {
    const az_model *model;
    const az_experiment_config *cfg;
    unsigned id, nthreads;
    uint32_t pilots;
    double *tp, *wip; /* [pilot][period] */
    az_status rc;
    az_error err;
} pilot_worker;

static void *pilot_work(void *arg)
{
    pilot_worker *w = arg;
    az_sim *sim = NULL;
    w->rc = azi_experiment_sim(w->model, w->cfg, &sim, &w->err);
    for (uint32_t r = w->id; !w->rc && r < w->pilots; r += w->nthreads) {
        size_t at = (size_t)r * AZ_WARMUP_PERIODS;
        az_run_config rc = {w->cfg->horizon, 0, w->cfg->seed, r,
                            w->cfg->stop};
        w->rc = az_sim_run_periods(sim, &rc, AZ_WARMUP_PERIODS, w->tp + at,
                                   w->wip + at, &w->err);
    }
    az_sim_free(sim);
    return NULL;
}

/* Averages the pilots' series in pilot order into avg[0..periods-1]. */
static void average(const double *x, uint32_t pilots, double *avg)
{
    for (size_t k = 0; k < AZ_WARMUP_PERIODS; k++) {
        double sum = 0;
        for (uint32_t r = 0; r < pilots; r++)
            sum += x[(size_t)r * AZ_WARMUP_PERIODS + k];
        avg[k] = sum / pilots;
    }
}

az_status az_experiment_warmup(const az_model *m,
                               const az_experiment_config *cfg,
                               az_warmup_result *out, az_error *err)
{
    enum { P = AZ_WARMUP_PILOTS, K = AZ_WARMUP_PERIODS };
    if (!(cfg->horizon > 0) || !isfinite(cfg->horizon))
        return az_error_set(err, AZ_EINVAL, "horizon must be > 0 and finite");
    az_status rc0 = az_experiment_check_scale(m, cfg, NULL, err);
    if (rc0)
        return rc0;
    double *tp = azi_malloc(2 * (size_t)P * K * sizeof(double));
    unsigned nt = cfg->threads ? cfg->threads : 1;
    if (nt > P)
        nt = P;
    pilot_worker w[P];
    pthread_t tid[P];
    if (!tp)
        return az_error_set(err, AZ_ENOMEM, "out of memory");
    for (unsigned t = 0; t < nt; t++)
        w[t] = (pilot_worker){m, cfg, t, nt, P, tp, tp + (size_t)P * K,
                              AZ_OK, {0}};
    unsigned started = 0;
    for (unsigned t = 1; t < nt; t++, started++)
        if (pthread_create(&tid[t], NULL, pilot_work, &w[t]))
            break;
    pilot_work(&w[0]);
    for (unsigned t = 1; t <= started; t++)
        pthread_join(tid[t], NULL);
    az_status rc = AZ_OK;
    if (started + 1 < nt)
        rc = az_error_set(err, AZ_ERUNTIME, "could not start %u threads", nt);
    for (unsigned t = 0; t < nt && !rc; t++)
        if ((rc = w[t].rc) && err) {
            *err = w[t].err;
            snprintf(err->msg, sizeof err->msg, "warm-up pilot: %.480s",
                     w[t].err.msg);
        }
    if (!rc) {
        double avg_tp[K], avg_wip[K];
        average(tp, P, avg_tp);
        average(tp + (size_t)P * K, P, avg_wip);
        size_t ct = 0, cw = 0;
        if (!(rc = az_mser5(avg_tp, K, &ct, err)) &&
            !(rc = az_mser5(avg_wip, K, &cw, err))) {
            size_t cut = ct > cw ? ct : cw;
            *out = (az_warmup_result){cut * (cfg->horizon / K),
                                      cfg->horizon / K, P, K, ct, cw,
                                      cut >= (size_t)K / 5 / 2 * 5};
        }
    }
    free(tp);
    return rc;
}

/* half / |mean| for a headline metric (see az_summary_precision). */
static double relative(const az_summary *s, size_t i)
{
    double m = fabs(s->mean[i]), h = s->half[i];
    if (h == 0)
        return 0;
    return m > 0 ? h / m : INFINITY;
}

double az_summary_precision(const az_summary *s)
{
    static const az_metric_kind sys[] = {AZ_M_THROUGHPUT, AZ_M_LEAD_MEAN,
                                         AZ_M_WIP};
    double worst = 0;
    for (size_t k = 0; k < sizeof sys / sizeof sys[0]; k++) {
        size_t i = az_summary_metric_index(s, AZ_SCOPE_SYSTEM, 0, sys[k]);
        if (i != (size_t)-1 && !isnan(s->mean[i]) &&
            !(relative(s, i) <= worst))
            worst = relative(s, i);
    }
    for (size_t i = 0; i < s->nmetric; i++)
        if (s->layout[i].scope == AZ_SCOPE_PRODUCT &&
            s->layout[i].kind == AZ_M_THROUGHPUT && !(relative(s, i) <= worst))
            worst = relative(s, i);
    return worst;
}

az_status az_experiment_run_precise(const az_model *m,
                                    const az_experiment_config *cfg,
                                    const az_precision *p, az_summary **out,
                                    int *reached, az_error *err)
{
    *out = NULL;
    if (reached)
        *reached = 0;
    if (!(p->relative > 0 && p->relative < 1))
        return az_error_set(err, AZ_EINVAL,
                            "the relative precision must be in (0, 1)");
    if (p->pilot < 2 || p->max_reps < p->pilot)
        return az_error_set(err, AZ_EINVAL, "a sequential run needs a pilot "
                            "of 2 or more and a cap of at least the pilot");
    az_experiment_config c = *cfg;
    c.replications = p->pilot;
    az_summary *s = NULL;
    az_status rc = az_experiment_run(m, &c, &s, err);
    if (rc)
        return rc;
    for (;;) {
        double e = az_summary_precision(s);
        uint32_t n = s->cfg.replications;
        if (e <= p->relative) {
            if (reached)
                *reached = 1;
            break;
        }
        if (n >= p->max_reps || s->interrupted)
            break;
        double want = ceil(n * (e / p->relative) * (e / p->relative));
        uint32_t next = want >= 2.0 * n ? 2 * n : (uint32_t)want;
        if (next < n + 1)
            next = n + 1;
        if (next > p->max_reps)
            next = p->max_reps;
        if ((rc = az_experiment_extend(m, s, next - n, err))) {
            az_summary_free(s);
            return rc;
        }
    }
    s->sequential = 1;
    s->precision = *p;
    s->reached = az_summary_precision(s) <= p->relative;
    *out = s;
    return AZ_OK;
}

int az_summary_warmup(const az_summary *s, az_warmup_result *out)
{
    if (out)
        *out = s->warm;
    return s->cfg.warmup_auto != 0;
}

int az_summary_sequential(const az_summary *s, az_precision *p, int *reached)
{
    if (p)
        *p = s->precision;
    if (reached)
        *reached = s->reached;
    return s->sequential;
}
