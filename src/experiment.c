/*
 * experiment.c: runs replications, possibly on several threads, and reduces
 * them to means and confidence intervals.
 *
 * Each thread owns one az_sim and takes replications r = t, t + T, ...
 * (a static split: replications of one model cost about the same). Results
 * land in a replications x metrics matrix and are reduced in replication
 * order after all threads join, which is what makes the summary independent
 * of the thread count. A block of replications (az_experiment_run_block,
 * one per MPI rank) is split over threads the same way, and
 * az_summary_from_values reduces the gathered matrix as above.
 *
 * A stop request (cfg.stop) keeps workers from starting replications; the
 * summary keeps the longest run of finished ones from the first, so it is
 * still the summary of a smaller experiment, independent of the threads.
 * With cfg.keep_going a failed replication's row is left out: rows are
 * compacted in replication order and rep_id says which replication each
 * row is.
 *
 * Runs that pick their own warm-up or number of replications build on this
 * (experiment_precise.c); the summary's record is in experiment_impl.h.
 */
#include "azalea/experiment.h"
#include "util/alloc.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "azalea/stats.h"
#include "experiment_impl.h"

az_experiment_config az_experiment_defaults(void)
{
    az_experiment_config c = {.seed = 1, .replications = 10, .level = 0.95,
                              .threads = 1};
    return c;
}

az_status azi_experiment_sim(const az_model *m,
                             const az_experiment_config *c, az_sim **out,
                             az_error *err)
{
    az_status rc = az_sim_create(m, out, err);
    if (rc || !c->initial)
        return rc;
    if ((rc = az_sim_set_initial(*out, c->initial, err))) {
        az_sim_free(*out);
        *out = NULL;
    }
    return rc;
}

/* Progress reporting shared by the workers: calls are serialised. */
typedef struct progress {
    pthread_mutex_t lock;
    uint32_t done, total;
} progress;

typedef struct worker {
    const az_model *model;
    const az_experiment_config *cfg;
    az_summary *sum;
    unsigned id, nthreads;
    uint32_t first, last; /* replications [first, last) */
    progress *prog;
    az_status rc;
    az_error err;
    double *rows; /* where replication first's row goes, the others after */
    unsigned char *state; /* [r - first]: R_* */
    uint64_t *rep_events; /* [r - first]: events of a finished one */
    azi_exp_failure *fail; /* keep_going: this worker's failures */
    uint32_t nfail, capfail;
} worker;

enum { R_NOT_RUN, R_DONE, R_FAILED };

static int stop_requested(const az_experiment_config *c)
{
    return c->stop && *c->stop;
}

/* Notes replication r's failure (keep_going); 0 if out of memory. */
static int note_failure(worker *w, uint32_t r)
{
    if (w->nfail == w->capfail) {
        uint32_t cap = w->capfail ? 2 * w->capfail : 4;
        azi_exp_failure *f = azi_realloc(w->fail, cap * sizeof *f);
        if (!f)
            return 0;
        w->fail = f;
        w->capfail = cap;
    }
    w->fail[w->nfail].rep = r;
    snprintf(w->fail[w->nfail].msg, sizeof w->fail[w->nfail].msg, "%s",
             w->err.msg);
    w->nfail++;
    return 1;
}

static void report_progress(const worker *w)
{
    const az_experiment_config *c = w->cfg;
    if (!c->progress)
        return;
    pthread_mutex_lock(&w->prog->lock);
    w->prog->done++;
    c->progress(c->progress_ctx, w->prog->done, w->prog->total);
    pthread_mutex_unlock(&w->prog->lock);
}

static void *work(void *arg)
{
    worker *w = arg;
    az_sim *sim = NULL;
    w->rc = azi_experiment_sim(w->model, w->cfg, &sim, &w->err);
    for (uint32_t r = w->first + w->id; !w->rc && r < w->last;
         r += w->nthreads) {
        if (stop_requested(w->cfg))
            break;
        az_run_config rc = {w->cfg->horizon, w->cfg->warmup, w->cfg->seed, r,
                            w->cfg->stop};
        w->rc = az_sim_run(sim, &rc, &w->err);
        if (w->rc == AZ_ESTOPPED) { /* abandoned: as if never started */
            w->rc = AZ_OK;
            break;
        }
        if (w->rc) {
            /* Say which replication: it reproduces alone with this seed. */
            char msg[AZ_ERROR_MSG_MAX];
            snprintf(msg, sizeof msg, "%s", w->err.msg);
            snprintf(w->err.msg, sizeof w->err.msg, "replication %u: %.480s",
                     (unsigned)r, msg);
            /* keep_going: only a failure of the model's run is skipped
             * (not running out of memory). The failed sim stopped mid-
             * event; the next replication gets a fresh one rather than
             * rely on a reset from that state. */
            if (!w->cfg->keep_going || w->rc != AZ_ERUNTIME)
                break;
            snprintf(w->err.msg, sizeof w->err.msg, "%.500s", msg);
            if (!note_failure(w, r)) {
                w->rc = az_error_set(&w->err, AZ_ENOMEM, "out of memory");
                break;
            }
            w->state[r - w->first] = R_FAILED;
            az_sim_free(sim);
            sim = NULL;
            w->rc = azi_experiment_sim(w->model, w->cfg, &sim, &w->err);
            continue;
        }
        memcpy(&w->rows[(size_t)(r - w->first) * w->sum->nmetric],
               az_sim_results(sim), w->sum->nmetric * sizeof(double));
        w->state[r - w->first] = R_DONE;
        w->rep_events[r - w->first] = az_sim_events(sim);
        report_progress(w);
    }
    az_sim_free(sim);
    return NULL;
}

static az_status check_config(const az_model *m,
                              const az_experiment_config *c, az_error *err)
{
    if (c->replications < 1)
        return az_error_set(err, AZ_EINVAL, "replications must be >= 1");
    if (c->replications > AZ_MAX_REPLICATIONS)
        return az_error_set(err, AZ_EINVAL, "replications must be a whole "
                            "number from 1 to %u, got %u",
                            AZ_MAX_REPLICATIONS, (unsigned)c->replications);
    if (!(c->horizon > 0) || !isfinite(c->horizon))
        return az_error_set(err, AZ_EINVAL, "horizon must be > 0 and finite");
    if (!(c->warmup >= 0 && c->warmup < c->horizon))
        return az_error_set(err, AZ_EINVAL,
                            "warm-up must be >= 0 and shorter than the "
                            "horizon, got a warm-up of %g %s and a horizon "
                            "of %g %s: shorten the warm-up or "
                            "lengthen the horizon",
                            c->warmup, az_model_time_unit(m), c->horizon,
                            az_model_time_unit(m));
    if (!(c->level > 0 && c->level < 1))
        return az_error_set(err, AZ_EINVAL,
                            "confidence level must be in (0, 1)");
    return az_experiment_check_scale(m, c, NULL, err);
}

/* The replications' values of metric i, in replication order. */
/* Metric i over the replications that observed it: a replication with
 * no observation (a lead time when no unit finished) gives NaN, which is
 * missing, not 0, so it is left out of the mean and its CI. */
static az_tally column(const az_summary *s, size_t i)
{
    az_tally t;
    az_tally_init(&t);
    for (uint32_t r = 0; r < s->cfg.replications; r++) {
        double v = s->values[(size_t)r * s->nmetric + i];
        if (!isnan(v))
            az_tally_add(&t, v);
    }
    return t;
}

uint32_t az_summary_count(const az_summary *s, size_t i)
{
    az_tally t = column(s, i);
    return (uint32_t)az_tally_count(&t);
}

static void reduce(az_summary *s)
{
    for (size_t i = 0; i < s->nmetric; i++) {
        az_tally t = column(s, i);
        /* observed in no replication: no value at all */
        s->mean[i] = az_tally_count(&t) ? az_tally_mean(&t) : NAN;
        s->half[i] = az_tally_ci_halfwidth(&t, s->cfg.level);
    }
}

double az_summary_halfwidth_at(const az_summary *s, size_t i, double level)
{
    az_tally t = column(s, i);
    return az_tally_ci_halfwidth(&t, level);
}

/* What run_range did beyond its rows: how many replications from `first`
 * ran to an end (finished or, keep_going, failed) before the first that
 * did not (a stop), and the failures among them. */
typedef struct range_out {
    uint32_t ran;
    azi_exp_failure *fail; /* in replication order; free it */
    uint32_t nfail;
    unsigned char *state;  /* [r - first]: R_*; free it */
} range_out;

static int by_rep(const void *a, const void *b)
{
    uint32_t x = ((const azi_exp_failure *)a)->rep;
    uint32_t y = ((const azi_exp_failure *)b)->rep;
    return (x > y) - (x < y);
}

/* Runs replications [first, last) of s's config into rows (room for them
 * is there; s->values, or a caller's block) on up to cfg.threads threads,
 * and adds their events (of the replications within out->ran). */
static az_status run_range(const az_model *m, az_summary *s, uint32_t first,
                           uint32_t last, double *rows, range_out *out,
                           az_error *err)
{
    const az_experiment_config *cfg = &s->cfg;
    az_status rc = AZ_OK;
    memset(out, 0, sizeof *out);
    unsigned nt = cfg->threads ? cfg->threads : 1;
    if (nt > last - first)
        nt = last - first;
    worker *w = azi_calloc(nt, sizeof *w);
    pthread_t *tid = azi_calloc(nt, sizeof *tid);
    unsigned char *state = azi_calloc(last - first, 1);
    uint64_t *ev = azi_calloc(last - first, sizeof *ev);
    progress prog = {.done = first, .total = last};
    if (!w || !tid || !state || !ev) {
        free(w);
        free(tid);
        free(state);
        free(ev);
        return az_error_set(err, AZ_ENOMEM, "out of memory");
    }
    pthread_mutex_init(&prog.lock, NULL);
    for (unsigned t = 0; t < nt; t++)
        w[t] = (worker){m, cfg, s, t, nt, first, last, &prog, AZ_OK,
                        {0}, rows, state, ev, NULL, 0, 0};
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
    }
    uint32_t ran = 0;
    while (first + ran < last && state[ran] != R_NOT_RUN)
        ran++;
    /* Events of the replications kept: those finished past a stop are
     * dropped with their rows. */
    uint64_t events = 0;
    for (uint32_t k = 0; k < ran; k++)
        events += ev[k];
    out->ran = ran;
    for (unsigned t = 0; t < nt; t++)
        out->nfail += w[t].nfail;
    if (out->nfail) {
        out->fail = azi_malloc(out->nfail * sizeof *out->fail);
        if (!out->fail) {
            rc = az_error_set(err, AZ_ENOMEM, "out of memory");
            goto done;
        }
        uint32_t k = 0;
        for (unsigned t = 0; t < nt; t++)
            for (uint32_t j = 0; j < w[t].nfail; j++)
                if (w[t].fail[j].rep < first + ran)
                    out->fail[k++] = w[t].fail[j];
        out->nfail = k;
        qsort(out->fail, k, sizeof *out->fail, by_rep);
    }
    s->events += events;
    out->state = state;
    state = NULL;
done:
    pthread_mutex_destroy(&prog.lock);
    for (unsigned t = 0; t < nt; t++)
        free(w[t].fail);
    free(w);
    free(tid);
    free(state);
    free(ev);
    return rc;
}

/* After run_range wrote rows [n, n + ran) of s->values for replications
 * first..first+ran-1: drops the failed ones' rows (keeping order), adds
 * the replication ids and failures, and the new row count. */
static az_status keep_rows(az_summary *s, uint32_t n, uint32_t first,
                           range_out *ro, az_error *err)
{
    uint32_t kept = ro->ran - ro->nfail;
    int had = s->rep_id != NULL;
    uint32_t *id = azi_realloc(s->rep_id, ((size_t)n + kept + 1) * sizeof *id);
    if (!id)
        return az_error_set(err, AZ_ENOMEM, "out of memory");
    s->rep_id = id;
    for (uint32_t r = 0; !had && r < n; r++) /* was the identity */
        id[r] = r;
    if (ro->nfail) {
        azi_exp_failure *f = azi_realloc(s->fail, ((size_t)s->nfail + ro->nfail) *
                                                  sizeof *f);
        if (!f)
            return az_error_set(err, AZ_ENOMEM, "out of memory");
        s->fail = f;
        memcpy(f + s->nfail, ro->fail, ro->nfail * sizeof *f);
        s->nfail += ro->nfail;
    }
    uint32_t row = n;
    for (uint32_t k = 0; k < ro->ran; k++) {
        if (ro->state[k] != R_DONE)
            continue;
        if (row != n + k)
            memmove(&s->values[(size_t)row * s->nmetric],
                    &s->values[(size_t)(n + k) * s->nmetric],
                    s->nmetric * sizeof(double));
        id[row++] = first + k;
    }
    s->cfg.replications = row;
    return AZ_OK;
}

static void range_free(range_out *ro)
{
    free(ro->fail);
    free(ro->state);
}

/* An empty summary of the checked config c: the model's metric layout
 * (from one sim, which also checks the model) and room for every
 * replication's values. */
static az_status summary_new(const az_model *m, const az_experiment_config *c,
                             const az_warmup_result *wr, az_summary **out,
                             az_error *err)
{
    *out = NULL;
    az_sim *probe = NULL; /* with the state: its entries' metrics too */
    az_status rc = azi_experiment_sim(m, c, &probe, err);
    if (rc)
        return rc;
    az_summary *s = azi_calloc(1, sizeof *s);
    if (s) {
        s->cfg = *c;
        s->warm = *wr;
        s->nmetric = az_sim_metric_count(probe);
        s->layout = azi_malloc(s->nmetric * sizeof *s->layout);
        s->values =
            azi_malloc((size_t)c->replications * s->nmetric * sizeof(double));
        s->mean = azi_malloc(s->nmetric * sizeof(double));
        s->half = azi_malloc(s->nmetric * sizeof(double));
    }
    if (!s || !s->layout || !s->values || !s->mean || !s->half) {
        az_summary_free(s);
        az_sim_free(probe);
        return az_error_set(err, AZ_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < s->nmetric; i++)
        s->layout[i] = az_sim_metric(probe, i);
    az_sim_free(probe);
    *out = s;
    return AZ_OK;
}

az_status az_experiment_run(const az_model *m, const az_experiment_config *cfg,
                            az_summary **out, az_error *err)
{
    *out = NULL;
    az_experiment_config c = *cfg;
    az_status rc;
    az_warmup_result wr = {0};
    if (c.warmup_auto) { /* the warm-up is chosen before it is checked */
        c.warmup = 0;
        if ((rc = check_config(m, &c, err)) ||
            (rc = az_experiment_warmup(m, &c, &wr, err)))
            return rc;
        c.warmup = wr.warmup;
    }
    az_summary *s = NULL;
    if ((rc = check_config(m, &c, err)) || (rc = summary_new(m, &c, &wr, &s, err)))
        return rc;
    range_out ro;
    if ((rc = run_range(m, s, 0, c.replications, s->values, &ro, err))) {
        az_summary_free(s);
        return rc;
    }
    s->asked = c.replications;
    s->interrupted = ro.ran < c.replications;
    rc = keep_rows(s, 0, 0, &ro, err);
    range_free(&ro);
    if (!rc && s->cfg.replications == 0)
        rc = s->nfail ? az_error_set(err, AZ_ERUNTIME, "every replication "
                                     "failed; the first: replication %u: "
                                     "%.400s", (unsigned)s->fail[0].rep,
                                     s->fail[0].msg)
                      : az_error_set(err, AZ_ESTOPPED, "stopped before any "
                                     "replication finished");
    if (rc) {
        az_summary_free(s);
        return rc;
    }
    reduce(s);
    *out = s;
    return AZ_OK;
}

void az_summary_free(az_summary *s)
{
    if (!s)
        return;
    free(s->layout);
    free(s->values);
    free(s->mean);
    free(s->half);
    free(s->rep_id);
    free(s->fail);
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
static int cmp_nan_last(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    if (isnan(x) || isnan(y))
        return isnan(x) - isnan(y);
    return (x > y) - (x < y);
}

double az_summary_quantile(const az_summary *s, size_t i, double q)
{
    uint32_t n = az_summary_replications(s);
    double *v = n ? azi_malloc(n * sizeof *v) : NULL;
    if (!v || !(q >= 0 && q <= 1)) {
        free(v);
        return NAN;
    }
    for (uint32_t r = 0; r < n; r++)
        v[r] = s->values[(size_t)r * s->nmetric + i];
    qsort(v, n, sizeof *v, cmp_nan_last);
    double h = (n - 1) * q, lo = floor(h);
    double a = v[(size_t)lo], b = v[(size_t)ceil(h)];
    free(v);
    if (isnan(a) || isnan(b))
        return INFINITY;
    return a + (h - lo) * (b - a);
}

uint64_t az_summary_events(const az_summary *s) { return s->events; }

int az_summary_interrupted(const az_summary *s, uint32_t *asked)
{
    if (asked)
        *asked = s->interrupted ? s->asked : s->cfg.replications + s->nfail;
    return s->interrupted;
}

uint32_t az_summary_failure_count(const az_summary *s) { return s->nfail; }

uint32_t az_summary_failure(const az_summary *s, uint32_t k, const char **msg)
{
    if (msg)
        *msg = s->fail[k].msg;
    return s->fail[k].rep;
}

uint32_t az_summary_replication_id(const az_summary *s, uint32_t r)
{
    return s->rep_id ? s->rep_id[r] : r;
}

double az_summary_bottleneck_share(const az_summary *s, uint32_t station)
{
    return az_summary_mean(s, az_summary_metric_index(s, AZ_SCOPE_STATION,
                                                      station, AZ_M_BN_SOLE)) +
           az_summary_mean(s, az_summary_metric_index(s, AZ_SCOPE_STATION,
                                                      station, AZ_M_BN_SHIFT));
}

az_status az_summary_paired_diff(const az_summary *base, const az_summary *alt,
                                 size_t i, double level, double *mean,
                                 double *half, az_error *err)
{
    uint32_t n = base->cfg.replications;
    int same_ids = 1;
    for (uint32_t r = 0; r < n && alt->cfg.replications == n; r++)
        same_ids &= az_summary_replication_id(base, r) ==
                    az_summary_replication_id(alt, r);
    if (alt->cfg.replications != n || alt->nmetric != base->nmetric ||
        i >= base->nmetric || !same_ids)
        return az_error_set(err, AZ_EINVAL,
                            "paired comparison needs the same replications "
                            "and metrics");
    az_tally t;
    az_tally_init(&t);
    for (uint32_t r = 0; r < n; r++) { /* pairs with both observed */
        double d = az_summary_value(alt, r, i) - az_summary_value(base, r, i);
        if (!isnan(d))
            az_tally_add(&t, d);
    }
    *mean = az_tally_mean(&t);
    *half = az_tally_ci_halfwidth(&t, level);
    return AZ_OK;
}

/* ---- growing an experiment ---- */

az_status az_experiment_extend(const az_model *m, az_summary *s,
                               uint32_t more, az_error *err)
{
    uint32_t n = s->cfg.replications;
    if (more == 0)
        return AZ_OK;
    if (more > UINT32_MAX - n)
        return az_error_set(err, AZ_EINVAL, "too many replications");
    double *v = azi_realloc(s->values,
                        ((size_t)n + more) * s->nmetric * sizeof(double));
    if (!v)
        return az_error_set(err, AZ_ENOMEM, "out of memory");
    s->values = v; /* larger; the first n rows are unchanged */
    uint64_t events = s->events;
    /* The next replication index: after the last run (failures included). */
    uint32_t first = n ? az_summary_replication_id(s, n - 1) + 1 : 0;
    for (uint32_t k = 0; k < s->nfail; k++)
        if (s->fail[k].rep >= first)
            first = s->fail[k].rep + 1;
    if (more > UINT32_MAX - first)
        return az_error_set(err, AZ_EINVAL, "too many replications");
    range_out ro;
    az_status rc = run_range(m, s, first, first + more,
                             s->values + (size_t)n * s->nmetric, &ro, err);
    if (rc) {
        s->events = events;
        return rc;
    }
    rc = keep_rows(s, n, first, &ro, err);
    range_free(&ro);
    if (rc) {
        s->events = events;
        return rc;
    }
    /* Only now, so that a failure above leaves s as it was. */
    if (ro.ran < more) {
        s->interrupted = 1;
        s->asked = first + more;
    }
    reduce(s);
    return AZ_OK;
}

/* ---- pieces for running the replications elsewhere ---- */

az_status az_experiment_metric_count(const az_model *m, size_t *n,
                                     az_error *err)
{
    az_sim *probe = NULL;
    az_status rc = az_sim_create(m, &probe, err);
    *n = rc ? 0 : az_sim_metric_count(probe);
    az_sim_free(probe);
    return rc;
}

az_status az_experiment_run_block(const az_model *m,
                                  const az_experiment_config *cfg,
                                  uint32_t first, uint32_t count,
                                  double *values, uint64_t *events,
                                  az_error *err)
{
    *events = 0;
    az_status rc = check_config(m, cfg, err);
    if (rc)
        return rc;
    if (cfg->initial) /* its rows are wider than az_experiment_metric_count */
        return az_error_set(err, AZ_EINVAL, "a run from a state runs on one "
                            "machine: not in blocks");
    if (first > cfg->replications || count > cfg->replications - first)
        return az_error_set(err, AZ_EINVAL,
                            "block of %u replications from %u is not within "
                            "the experiment's %u", (unsigned)count,
                            (unsigned)first, (unsigned)cfg->replications);
    if (count == 0)
        return AZ_OK;
    /* run_range needs only the config, the row width and the events. */
    az_summary block = {.cfg = *cfg};
    block.cfg.stop = NULL; /* a block is all or nothing */
    block.cfg.keep_going = 0;
    range_out ro;
    if ((rc = az_experiment_metric_count(m, &block.nmetric, err)) ||
        (rc = run_range(m, &block, first, first + count, values, &ro, err)))
        return rc;
    range_free(&ro);
    *events = block.events;
    return AZ_OK;
}

az_status az_summary_from_values(const az_model *m,
                                 const az_experiment_config *cfg,
                                 const az_warmup_result *warm,
                                 const double *values, uint64_t events,
                                 az_summary **out, az_error *err)
{
    *out = NULL;
    az_warmup_result none = {0};
    az_status rc = check_config(m, cfg, err);
    if (!rc && cfg->initial)
        rc = az_error_set(err, AZ_EINVAL, "a run from a state runs on one "
                          "machine: not from blocks' values");
    if (rc || (rc = summary_new(m, cfg, warm ? warm : &none, out, err)))
        return rc;
    az_summary *s = *out;
    memcpy(s->values, values,
           (size_t)cfg->replications * s->nmetric * sizeof(double));
    s->events = events;
    reduce(s);
    return AZ_OK;
}
