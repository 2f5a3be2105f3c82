/*
 * whatif_select.c: selection of the best scenario with a guarantee, by
 * KN (Kim and Nelson 2001, "A fully sequential procedure for
 * indifference-zone selection in simulation", ACM TOMACS 11(3)), with
 * common random numbers: replication r of every scenario shares its
 * random streams, which the procedure allows (its variances are of the
 * pairwise differences).
 *
 * With k scenarios, first stage n0, PCS 1 - alpha and zone delta (c = 1):
 *   eta = ((2 alpha / (k - 1))^(-2 / (n0 - 1)) - 1) / 2,  h2 = 2 eta (n0 - 1),
 *   S2_il = the variance of X_i - X_l over the first stage,
 *   W_il(r) = max(0, delta / (2 r) (h2 S2_il / delta^2 - r)).
 * At each r, scenario i stays in contention while its mean over r
 * replications is at least mean_l - W_il(r) for every l in contention;
 * the others are eliminated. It ends when one is left, or when r passes
 * every h2 S2_il / delta^2 of those left (W is then 0 and the largest
 * mean is the best), or at max_reps (no guarantee, said).
 *
 * Invariant: the decision at r reads the first r replications of each
 * scenario only, so running replications ahead in blocks (on threads)
 * changes the work, never the result.
 */
#include "whatif_impl.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "util/alloc.h"

enum { DEFAULT_MAX_REPS = 1000 };

/* A scenario in the procedure: its model and its figure per replication,
 * signed so that larger is better. */
typedef struct sys {
    const az_model *m;
    double *x;      /* max_reps values */
    uint32_t have;  /* replications in x */
    uint32_t out;   /* 0: in contention; else eliminated at r = out */
} sys;

static az_metric_kind kind_of(int metric)
{
    return metric == AZ_WI_THROUGHPUT ? AZ_M_THROUGHPUT
           : metric == AZ_WI_LEAD_TIME ? AZ_M_LEAD_MEAN
                                       : AZ_M_WIP;
}

/* The figure's unit and sign: per hour for throughput, minimised ones
 * negated. */
static double scale_of(const az_model *m, int metric)
{
    if (metric == AZ_WI_THROUGHPUT)
        return 3600.0 / az_model_time_unit_seconds(m);
    return -1.0;
}

static az_status check_spec(const az_whatif *w, size_t k,
                            const az_select_spec *sp, az_error *err)
{
    if (!sp || (sp->metric != AZ_WI_THROUGHPUT &&
                sp->metric != AZ_WI_LEAD_TIME && sp->metric != AZ_WI_WIP))
        return az_error_set(err, AZ_EINVAL, "select: the figure must be "
                            "throughput, lead time or WIP");
    if (!(sp->delta > 0) || !isfinite(sp->delta))
        return az_error_set(err, AZ_EINVAL, "--delta must be above 0 (the "
                            "smallest difference worth finding)");
    if (!(sp->pcs > 0.5 && sp->pcs < 1))
        return az_error_set(err, AZ_EINVAL, "--pcs must be above 0.5 and "
                            "below 1, got %g", sp->pcs);
    if (!w->has_base || strcmp(w->kind, "sweep") == 0)
        return az_error_set(err, AZ_EINVAL, "select needs a compare or an "
                            "improve, with its base");
    if (k < 1 || k > w->n)
        return az_error_set(err, AZ_EINVAL, "select: %zu scenarios asked, "
                            "%zu run", k, w->n);
    if (w->cfg.replications < 2)
        return az_error_set(err, AZ_EINVAL, "select needs at least 2 "
                            "first-stage replications (--reps)");
    if (sp->max_reps > AZ_MAX_REPLICATIONS)
        return az_error_set(err, AZ_EINVAL, "select: a cap of at most %u "
                            "replications", (unsigned)AZ_MAX_REPLICATIONS);
    if (sp->pcs <= 1.0 / (double)(k + 1))
        return az_error_set(err, AZ_EINVAL, "--pcs %g is no better than "
                            "picking one of the %zu at random", sp->pcs, k + 1);
    uint32_t cap = sp->max_reps ? sp->max_reps : DEFAULT_MAX_REPS;
    if (cap < w->cfg.replications)
        return az_error_set(err, AZ_EINVAL, "select: the cap of %u "
                            "replications is below the first stage's %u",
                            (unsigned)cap, (unsigned)w->cfg.replications);
    return AZ_OK;
}

/* Runs replications s->have.. of scenario s, up to `want` in all. */
static az_status grow(const az_whatif *w, sys *s, uint32_t want, uint32_t cap,
                      size_t col, double sc, double *rows, size_t nmetric,
                      az_error *err)
{
    if (w->cfg.stop && *w->cfg.stop)
        return az_error_set(err, AZ_ESTOPPED, "stopped during the selection");
    az_experiment_config c = w->cfg;
    c.replications = cap;
    c.stop = NULL;
    uint32_t count = want - s->have;
    uint64_t events = 0;
    az_status rc = az_experiment_run_block(s->m, &c, s->have, count, rows,
                                           &events, err);
    for (uint32_t r = 0; !rc && r < count; r++) {
        double v = rows[(size_t)r * nmetric + col];
        if (!isfinite(v))
            return az_error_set(err, AZ_ERUNTIME, "select: replication %u of "
                                "a scenario has no value of the figure",
                                (unsigned)(s->have + r));
        s->x[s->have + r] = v * sc;
    }
    if (!rc)
        s->have = want;
    return rc;
}

static double mean_of(const double *x, uint32_t r)
{
    double s = 0;
    for (uint32_t i = 0; i < r; i++)
        s += x[i];
    return s / r;
}

/* The selection over the scenarios' first stage and what follows. */
static az_status kn(az_whatif *w, sys *sy, size_t k, const az_select_spec *sp,
                    uint32_t cap, size_t col, double sc, uint32_t *r_end,
                    az_error *err)
{
    uint32_t n0 = w->cfg.replications;
    size_t nmetric;
    az_status rc = az_experiment_metric_count(w->model, &nmetric, err);
    double alpha = 1 - sp->pcs, d = sp->delta;
    double eta = 0.5 * (pow(2 * alpha / (double)(k - 1),
                            -2.0 / (double)(n0 - 1)) - 1);
    double h2 = 2 * eta * (double)(n0 - 1);
    double *s2 = azi_calloc(k * k, sizeof *s2);
    unsigned step = w->cfg.threads > 1 ? w->cfg.threads : 1;
    double *rows = azi_malloc((size_t)step * (nmetric ? nmetric : 1) *
                              sizeof *rows);
    double *mean = azi_malloc(k * sizeof *mean);
    char *drop = azi_malloc(k);
    if (!rc && (!s2 || !rows || !mean || !drop))
        rc = az_error_set(err, AZ_ENOMEM, "out of memory");
    /* The variances of the pairwise differences over the first stage. */
    for (size_t i = 0; !rc && i < k; i++)
        for (size_t l = i + 1; l < k; l++) {
            double mi = mean_of(sy[i].x, n0), ml = mean_of(sy[l].x, n0), v = 0;
            for (uint32_t r = 0; r < n0; r++) {
                double e = sy[i].x[r] - sy[l].x[r] - (mi - ml);
                v += e * e;
            }
            s2[i * k + l] = s2[l * k + i] = v / (double)(n0 - 1);
        }
    size_t left = k, best = 0;
    for (uint32_t r = n0; !rc; r++) {
        for (size_t i = 0; i < k; i++)
            if (!sy[i].out)
                mean[i] = mean_of(sy[i].x, r);
        /* Screening against every scenario in contention at r: all
         * judged first, then dropped together. */
        int more = 0; /* some pair still has a positive bound */
        for (size_t i = 0; i < k; i++) {
            drop[i] = 0;
            if (sy[i].out)
                continue;
            for (size_t l = 0; l < k && !drop[i]; l++) {
                if (l == i || sy[l].out)
                    continue;
                double wil = d / (2.0 * r) * (h2 * s2[i * k + l] / (d * d) - r);
                if (wil > 0)
                    more = 1;
                if (mean[i] < mean[l] - (wil > 0 ? wil : 0))
                    drop[i] = 1;
            }
        }
        for (size_t i = 0; i < k; i++)
            if (drop[i])
                sy[i].out = r;
        *r_end = r;
        left = 0;
        best = k;
        for (size_t i = 0; i < k; i++)
            if (!sy[i].out) {
                left++;
                if (best == k || mean[i] > mean[best])
                    best = i;
            }
        if (left <= 1 || !more)
            break;
        if (r >= cap) {
            w->sel.capped = 1;
            break;
        }
        for (size_t i = 0; !rc && i < k; i++) {
            if (sy[i].out || sy[i].have > r)
                continue;
            uint32_t want = sy[i].have + step;
            if (want > cap)
                want = cap;
            rc = grow(w, &sy[i], want, cap, col, sc, rows, nmetric, err);
        }
    }
    if (!rc && best == k) /* every one eliminated at once: cannot happen */
        rc = az_error_set(err, AZ_ERUNTIME, "select: no scenario left");
    if (!rc)
        w->sel.best = best;
    free(s2);
    free(rows);
    free(mean);
    free(drop);
    return rc;
}

az_status az_whatif_select(az_whatif *w, size_t k, const az_select_spec *spec,
                           az_error *err)
{
    az_status rc = check_spec(w, k, spec, err);
    if (rc)
        return rc;
    size_t n = k + 1, first = spec->without_base ? 1 : 0;
    uint32_t cap = spec->max_reps ? spec->max_reps : DEFAULT_MAX_REPS;
    uint32_t n0 = w->cfg.replications;
    sys *sy = azi_calloc(n, sizeof *sy);
    az_select_entry *e = azi_calloc(n, sizeof *e);
    if (!sy || !e)
        rc = az_error_set(err, AZ_ENOMEM, "out of memory");
    size_t col = 0;
    double sc = scale_of(w->model, spec->metric);
    /* The first stage: the what-if's own replications. */
    for (size_t i = first; !rc && i < n; i++) {
        const az_whatif_run *r = i ? &w->run[i - 1] : &w->base;
        sy[i].m = r->model;
        sy[i].x = azi_malloc((size_t)cap * sizeof *sy[i].x);
        if (!sy[i].x || !r->model || !r->summary) {
            rc = sy[i].x ? az_error_set(err, AZ_EINVAL, "select: the "
                                        "what-if did not keep its runs")
                         : az_error_set(err, AZ_ENOMEM, "out of memory");
            break;
        }
        col = az_summary_metric_index(r->summary, AZ_SCOPE_SYSTEM, 0,
                                      kind_of(spec->metric));
        for (uint32_t j = 0; j < n0 && !rc; j++) {
            double v = az_summary_value(r->summary, j, col);
            if (!isfinite(v))
                rc = az_error_set(err, AZ_ERUNTIME, "select: '%s' has no "
                                  "value of the figure in replication %u",
                                  r->label, (unsigned)j);
            sy[i].x[j] = v * sc;
        }
        sy[i].have = n0;
    }
    memset(&w->sel, 0, sizeof w->sel);
    uint32_t r_end = n0;
    if (!rc && n - first >= 2)
        rc = kn(w, sy + first, n - first, spec, cap, col, sc, &r_end, err);
    if (!rc)
        w->sel.best += first; /* kn counts from the first in it; one alone
                               * is the best (0 + first) */
    uint64_t total = 0;
    if (!rc && first) /* the base, left out */
        e[0] = (az_select_entry){0, NAN, NAN, 1};
    for (size_t i = first; !rc && i < n; i++) {
        /* Each one's figure over the replications the procedure read. */
        uint32_t reps = sy[i].out ? sy[i].out : r_end;
        double m = mean_of(sy[i].x, reps), v = 0;
        for (uint32_t j = 0; j < reps; j++)
            v += (sy[i].x[j] - m) * (sy[i].x[j] - m);
        e[i].reps = reps;
        /* x is in the figure's unit, negated if minimised. */
        e[i].mean = sc < 0 ? -m : m;
        e[i].half = reps >= 2 ? gsl_cdf_tdist_Pinv(0.975, reps - 1) *
                                    sqrt(v / (reps - 1) / reps)
                              : NAN;
        e[i].eliminated = sy[i].out != 0;
        total += reps;
    }
    for (size_t i = 0; sy && i < n; i++)
        free(sy[i].x);
    free(sy);
    if (rc) {
        free(e);
        memset(&w->sel, 0, sizeof w->sel);
        return rc;
    }
    free(w->sel_entry);
    w->sel_entry = e;
    w->sel.spec = *spec;
    w->sel.spec.max_reps = cap;
    w->sel.n = n;
    w->sel.entry = e;
    w->sel.first = n0;
    w->sel.total_reps = total;
    return AZ_OK;
}

const az_selection *az_whatif_selection(const az_whatif *w)
{
    return w->sel.entry ? &w->sel : NULL;
}
