/*
 * optimize.c: `optimize` (optimize.h): the model's decisions searched for
 * the most throughput within a budget, or the least cost reaching a
 * target, by a local search on common random numbers, ending in a
 * confirmation at full length and a selection with a guarantee.
 *
 * 1. Screening. A configuration is one value per decision. Each is run
 *    with the problem's screening replications and horizon, every one on
 *    the same random numbers, so two configurations differ by their
 *    change and not by luck. A configuration is screened once (a cache).
 * 2. Search. From today's line, the search moves to the best of its
 *    neighbours (one decision a step up or down, or, for a budget, one a
 *    step up and another a step down, which reallocates the money) while
 *    that one scores better: most throughput within the budget and the
 *    limits, or the least cost reaching the target and the limits (on the
 *    way there, the most throughput). It stops at a configuration no
 *    neighbour beats (converged) or at the screening budget (evaluations).
 * 3. Confirmation. The best feasible configurations screened (at most
 *    FINAL) run at full length with the caller's config, paired with
 *    today's line. For a budget, KN (whatif_select.c) names the best of
 *    them and today's line with probability pcs, to within delta. For a
 *    target, the cheapest whose full-length mean reaches it is chosen.
 *
 * Invariant: every figure depends on the seed and the counts only, never
 * on threads or wall time, so an optimisation is reproducible.
 */
#include "whatif_impl.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"

enum { FINAL = 8, MAX_DECISIONS = 64 };
#define SPENT ((size_t)-1) /* screen(): the evaluations are spent */
/* The screening's seed: other random numbers than the confirmation's, so
 * that the configurations confirmed are not judged again on the very
 * replications they were chosen on. */
#define SCREEN_SEED_OFFSET 0x9E3779B97F4A7C15ull

typedef struct point {
    uint16_t x[MAX_DECISIONS];
    double cost, fig[AZ_WI_NFIG], score;
    int feasible;
    char *changes;
} point;

typedef struct search {
    const az_whatif_source *src;
    const az_model *m;
    const char *file; /* the model's, for located messages */
    az_opt_problem p;
    az_experiment_config screen;
    size_t nd;
    az_decision d[MAX_DECISIONS];
    point *pt;
    size_t n, cap;
    uint64_t reps;
} search;

static double cost_of(const search *s, const uint16_t *x)
{
    double c = 0;
    for (size_t k = 0; k < s->nd; k++)
        c += s->d[k].costs[x[k]];
    return c;
}

/* "path=value; ..." of x against today's line; yours, NULL if out of
 * memory ("" for today's line). */
static char *changes_of(const search *s, const uint16_t *x)
{
    size_t len = 1;
    for (size_t k = 0; k < s->nd; k++)
        if (x[k] != s->d[k].today && s->d[k].values[x[k]])
            len += strlen(s->d[k].path) + strlen(s->d[k].values[x[k]]) + 3;
    char *t = azi_malloc(len);
    if (!t)
        return NULL;
    t[0] = '\0';
    size_t at = 0;
    for (size_t k = 0; k < s->nd; k++)
        if (x[k] != s->d[k].today && s->d[k].values[x[k]])
            at += (size_t)snprintf(t + at, len - at, "%s%s=%s", at ? "; " : "",
                                   s->d[k].path, s->d[k].values[x[k]]);
    return t;
}

/* Within the budget (objective max) and by the screening the limits. */
static void judge(const search *s, point *q)
{
    const az_opt_problem *p = &s->p;
    int limits = q->fig[AZ_WI_LEAD_TIME] <= p->max_lead_time &&
                 q->fig[AZ_WI_WIP] <= p->max_wip;
    if (p->objective == AZ_OPT_MAX_THROUGHPUT) {
        q->feasible = limits && q->cost <= p->budget;
        q->score = q->feasible ? q->fig[AZ_WI_THROUGHPUT]
                               : -1e15 + q->fig[AZ_WI_THROUGHPUT];
    } else {
        q->feasible = limits && q->fig[AZ_WI_THROUGHPUT] >= p->target;
        q->score = q->feasible ? -q->cost
                               : -1e15 + q->fig[AZ_WI_THROUGHPUT];
    }
}

/* Screens x (once: later calls find it); *at its index, or SPENT when
 * the evaluations are spent (nothing screened, AZ_OK). */
static az_status screen(search *s, const uint16_t *x, size_t *at,
                        az_error *err)
{
    for (size_t i = 0; i < s->n; i++)
        if (!memcmp(s->pt[i].x, x, s->nd * sizeof *x)) {
            *at = i;
            return AZ_OK;
        }
    if (s->n >= s->p.evaluations) {
        *at = SPENT;
        return AZ_OK;
    }
    if (s->n == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 64;
        point *np = azi_realloc(s->pt, cap * sizeof *np);
        if (!np)
            return az_error_set(err, AZ_ENOMEM, "out of memory");
        s->pt = np;
        s->cap = cap;
    }
    point *q = &s->pt[s->n];
    memset(q, 0, sizeof *q);
    memcpy(q->x, x, s->nd * sizeof *x);
    q->cost = cost_of(s, x);
    const char *sets[MAX_DECISIONS];
    size_t ns = 0;
    for (size_t k = 0; k < s->nd; k++)
        if (x[k] != s->d[k].today && s->d[k].values[x[k]]) {
            size_t len = strlen(s->d[k].path) + strlen(s->d[k].values[x[k]]) + 2;
            char *t = azi_malloc(len);
            if (!t) {
                for (size_t j = 0; j < ns; j++)
                    free((char *)sets[j]);
                return az_error_set(err, AZ_ENOMEM, "out of memory");
            }
            snprintf(t, len, "%s=%s", s->d[k].path, s->d[k].values[x[k]]);
            sets[ns++] = t;
        }
    az_model *m = NULL;
    az_summary *sum = NULL;
    az_status rc = azi_wi_load(s->src, sets, ns, &m, err);
    for (size_t j = 0; j < ns; j++)
        free((char *)sets[j]);
    if (!rc)
        rc = az_experiment_run(m, &s->screen, &sum, err);
    if (!rc && az_summary_interrupted(sum, NULL))
        rc = az_error_set(err, AZ_ESTOPPED, "stopped during the search");
    az_whatif_run r;
    memset(&r, 0, sizeof r);
    if (!rc)
        rc = az_whatif_figures(m, NULL, sum, &r, err);
    if (!rc && !(q->changes = changes_of(s, x)))
        rc = az_error_set(err, AZ_ENOMEM, "out of memory");
    az_summary_free(sum);
    az_model_free(m);
    if (rc)
        return rc;
    for (int f = 0; f < AZ_WI_NFIG; f++)
        q->fig[f] = r.fig[f].mean;
    s->reps += s->screen.replications;
    judge(s, q);
    *at = s->n++;
    return AZ_OK;
}

/* One neighbour y of the search: skipped past the budget, else screened;
 * *best becomes it if it scores better; *spent when nothing more may be
 * screened. Fails as screen(). */
static az_status visit(search *s, const uint16_t *y, int budget, size_t *best,
                       int *spent, az_error *err)
{
    size_t at;
    if (budget && cost_of(s, y) > s->p.budget)
        return AZ_OK;
    az_status rc = screen(s, y, &at, err);
    if (!rc && at == SPENT)
        *spent = 1;
    else if (!rc && s->pt[at].score > s->pt[*best].score)
        *best = at;
    return rc;
}

/* Local search from today's line; *why says how it ended. */
static az_status climb(search *s, const char **why, az_error *err)
{
    uint16_t x[MAX_DECISIONS], y[MAX_DECISIONS];
    for (size_t k = 0; k < s->nd; k++)
        x[k] = (uint16_t)s->d[k].today;
    size_t cur;
    az_status rc = screen(s, x, &cur, err);
    if (rc)
        return rc;
    if (cur == SPENT) { /* check_problem took the only one */
        *why = "evaluations";
        return AZ_OK;
    }
    int budget = s->p.objective == AZ_OPT_MAX_THROUGHPUT;
    for (;;) {
        size_t best = cur;
        int spent = 0;
        /* Neighbours in a fixed order: steps, then reallocations. */
        for (size_t k = 0; k < s->nd && !spent && !rc; k++)
            for (int dir = -1; dir <= 1 && !spent && !rc; dir += 2) {
                long v = (long)x[k] + dir;
                if (v < 0 || v >= (long)s->d[k].n)
                    continue;
                memcpy(y, x, s->nd * sizeof *y);
                y[k] = (uint16_t)v;
                rc = visit(s, y, budget, &best, &spent, err);
            }
        for (size_t k = 0; budget && k < s->nd && !spent && !rc; k++)
            for (size_t j = 0; j < s->nd && !spent && !rc; j++) {
                if (j == k || (size_t)x[k] + 1 >= s->d[k].n || x[j] == 0)
                    continue;
                memcpy(y, x, s->nd * sizeof *y);
                y[k]++;
                y[j]--;
                rc = visit(s, y, budget, &best, &spent, err);
            }
        if (rc)
            return rc;
        if (best == cur) {
            *why = spent ? "evaluations" : "converged";
            return AZ_OK;
        }
        cur = best;
        memcpy(x, s->pt[cur].x, s->nd * sizeof *x);
        if (spent) {
            *why = "evaluations";
            return AZ_OK;
        }
    }
}

/* Whether screened point a goes before b among the confirmation's
 * candidates: the better screened score, then the lower cost, then the
 * one screened first. */
static int before(const search *s, size_t a, size_t b)
{
    const point *p = &s->pt[a], *q = &s->pt[b];
    if (p->score != q->score)
        return p->score > q->score;
    if (p->cost != q->cost)
        return p->cost < q->cost;
    return a < b;
}

/* order[0..n) sorted by before(): an insertion sort, with its context
 * (qsort has none); n is at most the evaluations. */
static void rank(const search *s, size_t *order, size_t n)
{
    for (size_t i = 0; i < n; i++)
        order[i] = i;
    for (size_t i = 1; i < n; i++) {
        size_t v = order[i], j = i;
        while (j > 0 && before(s, v, order[j - 1])) {
            order[j] = order[j - 1];
            j--;
        }
        order[j] = v;
    }
}

/* The problem's checks that need the decisions: a budget below every
 * change, a target out of reach of the largest line allowed. */
static az_status check_problem(search *s, az_error *err)
{
    if (s->p.objective == AZ_OPT_MAX_THROUGHPUT) {
        /* Some change within the budget (a free one counts). */
        double cheapest = INFINITY;
        for (size_t k = 0; k < s->nd; k++)
            for (size_t j = 0; j < s->d[k].n; j++)
                if (j != s->d[k].today && s->d[k].costs[j] < cheapest)
                    cheapest = s->d[k].costs[j];
        if (isfinite(cheapest) && cheapest > s->p.budget)
            return az_error_set_at(err, AZ_EINVAL, s->p.line ? s->file : "",
                                   s->p.line, s->p.col, "optimize: the "
                                   "budget %g is below the cheapest change "
                                   "(%g)", s->p.budget, cheapest);
        return AZ_OK;
    }
    /* The largest line the ranges allow (their last value; a list has no
     * order, so it keeps today's): a screening of it. */
    uint16_t x[MAX_DECISIONS];
    int changed = 0;
    for (size_t k = 0; k < s->nd; k++) {
        int range = s->d[k].values[0] != NULL; /* lists start with today */
        x[k] = (uint16_t)(range ? s->d[k].n - 1 : s->d[k].today);
        changed |= x[k] != s->d[k].today;
    }
    if (!changed)
        return AZ_OK;
    size_t at;
    az_status rc = screen(s, x, &at, err);
    if (rc || at == SPENT)
        return rc;
    if (s->pt[at].fig[AZ_WI_THROUGHPUT] < s->p.target)
        return az_error_set_at(err, AZ_EINVAL, s->p.line ? s->file : "",
                               s->p.line, s->p.col,
                               "optimize: the target %g units/h is out of "
                               "reach: the largest line the ranges allow "
                               "makes %.4g units/h (screening)", s->p.target,
                               s->pt[at].fig[AZ_WI_THROUGHPUT]);
    return AZ_OK;
}

/* On the front: no other costs no more and makes no less, being better
 * in one of the two or, equal in both, screened earlier. */
static void pareto(az_opt_eval *e, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        e[i].pareto = 1;
        for (size_t j = 0; j < n && e[i].pareto; j++) {
            double ti = e[i].fig[AZ_WI_THROUGHPUT], tj = e[j].fig[AZ_WI_THROUGHPUT];
            if (j != i && e[j].cost <= e[i].cost && tj >= ti &&
                (e[j].cost < e[i].cost || tj > ti || j < i))
                e[i].pareto = 0;
        }
    }
}

az_status az_optimize(const az_whatif_source *src,
                      const az_experiment_config *cfg,
                      const az_whatif_options *opt, az_whatif **out,
                      az_error *err)
{
    if (!out)
        return az_error_set(err, AZ_EINVAL, "az_optimize: out is required");
    *out = NULL;
    az_model *base = NULL;
    az_status rc = src && cfg ? azi_wi_load(src, NULL, 0, &base, err)
                              : az_error_set(err, AZ_EINVAL, "az_optimize: "
                                             "a source and a config");
    if (rc)
        return rc;
    search s;
    memset(&s, 0, sizeof s);
    s.src = src;
    s.m = base;
    s.file = src->path ? src->path : src->name;
    if (!az_model_optimize(base, &s.p))
        rc = az_error_set(err, AZ_EINVAL, "the model has no 'optimize' "
                          "section");
    s.nd = az_model_decision_count(base);
    if (!rc && (s.nd == 0 || s.nd > MAX_DECISIONS))
        rc = az_error_set(err, AZ_EINVAL, "optimize needs 1 to %d decisions",
                          MAX_DECISIONS);
    for (size_t k = 0; !rc && k < s.nd; k++) {
        s.d[k] = az_model_decision(base, k);
        if (s.d[k].n > UINT16_MAX)
            rc = az_error_set(err, AZ_EINVAL, "decision %s has too many "
                              "values", s.d[k].path);
    }
    /* Every value of every decision loads before anything runs. */
    for (size_t k = 0; !rc && k < s.nd; k++)
        for (size_t j = 0; !rc && j < s.d[k].n; j++) {
            if (!s.d[k].values[j])
                continue;
            size_t len = strlen(s.d[k].path) + strlen(s.d[k].values[j]) + 2;
            char *set = azi_malloc(len);
            const char *one = set;
            az_model *m = NULL;
            if (!set) {
                rc = az_error_set(err, AZ_ENOMEM, "out of memory");
                break;
            }
            snprintf(set, len, "%s=%s", s.d[k].path, s.d[k].values[j]);
            rc = azi_wi_load(src, &one, 1, &m, err);
            free(set);
            if (rc && rc != AZ_ENOMEM)
                az_error_set_at(err, rc, src->path ? src->path : src->name,
                                s.d[k].line, s.d[k].col, "decision %s: the "
                                "value %s does not give a valid model",
                                s.d[k].path, s.d[k].values[j]);
            az_model_free(m);
        }
    if (!rc && cfg->replications < 2)
        rc = az_error_set(err, AZ_EINVAL, "optimize: the confirmation needs "
                          "at least 2 replications (--reps)");
    s.screen = *cfg;
    s.screen.seed = cfg->seed + SCREEN_SEED_OFFSET;
    s.screen.replications = s.p.screen_reps;
    if (s.p.screen_horizon > 0) {
        s.screen.horizon = s.p.screen_horizon;
        if (s.screen.warmup >= s.screen.horizon / 2)
            s.screen.warmup = s.screen.horizon / 4;
    }
    const char *why = "converged";
    if (!rc && s.screen.warmup_auto) {
        az_warmup_result wr;
        if (!(rc = az_experiment_warmup(base, &s.screen, &wr, err))) {
            s.screen.warmup = wr.warmup < s.screen.horizon / 2
                                  ? wr.warmup : s.screen.horizon / 4;
            s.screen.warmup_auto = 0;
        }
    }
    if (!rc)
        rc = check_problem(&s, err);
    if (!rc)
        rc = climb(&s, &why, err);
    /* The confirmation: the best feasible screened, at full length. */
    size_t *order = rc ? NULL : azi_malloc((s.n ? s.n : 1) * sizeof *order);
    size_t nc = 0;
    const char *scen[FINAL];
    size_t from[FINAL];
    if (!rc && !order)
        rc = az_error_set(err, AZ_ENOMEM, "out of memory");
    if (!rc) {
        rank(&s, order, s.n);
        for (size_t i = 0; i < s.n && nc < FINAL; i++) {
            const point *q = &s.pt[order[i]];
            if (q->feasible && q->changes[0]) {
                scen[nc] = q->changes;
                from[nc++] = order[i];
            }
        }
        int today_ok = 0;
        for (size_t i = 0; i < s.n; i++)
            today_ok |= !s.pt[i].changes[0] && s.pt[i].feasible;
        if (nc == 0 && today_ok)
            rc = az_error_set(err, AZ_EINVAL, "optimize: today's line is the "
                              "only feasible configuration screened (%zu "
                              "tried): no change within the budget and the "
                              "limits does better; keep it, or loosen them",
                              s.n);
        else if (nc == 0)
            rc = az_error_set(err, AZ_EINVAL, "optimize: no configuration "
                              "screened is feasible (%zu tried): loosen the "
                              "limits, raise the budget or lower the target",
                              s.n);
    }
    az_whatif *w = NULL;
    if (!rc)
        rc = az_compare(src, cfg, scen, nc, opt, &w, err);
    if (!rc && az_whatif_interrupted(w, NULL))
        rc = az_error_set(err, AZ_ESTOPPED, "stopped during the "
                          "confirmation");
    size_t best = 0;
    if (!rc) {
        w->kind = "optimize";
        for (size_t i = 0; i < w->n; i++)
            w->run[i].cost = s.pt[from[i]].cost;
        s.reps += (uint64_t)(nc + 1) * w->cfg.replications;
    }
    /* Today's line is a candidate only within the limits (its cost is 0,
     * within any budget), judged at full length as the others are. */
    int base_ok = !rc && w->base.fig[AZ_WI_LEAD_TIME].mean <= s.p.max_lead_time &&
                  w->base.fig[AZ_WI_WIP].mean <= s.p.max_wip;
    if (!rc && s.p.objective == AZ_OPT_MAX_THROUGHPUT) {
        /* The cap: KN's own, or twice the first stage if that is more. */
        uint32_t cap = w->cfg.replications > 500 ? 2 * w->cfg.replications
                                                 : 1000;
        az_select_spec sp = {AZ_WI_THROUGHPUT, s.p.delta, s.p.pcs, cap, 0};
        sp.without_base = !base_ok;
        if (!(rc = az_whatif_select(w, w->n, &sp, err))) {
            const az_selection *sel = az_whatif_selection(w);
            s.reps += sel->total_reps - (uint64_t)sel->n * sel->first;
            best = sel->best; /* 0: today's line */
        }
    } else if (!rc) {
        /* The cheapest whose full-length mean reaches the target: today's
         * line first, at no cost. */
        best = 0;
        int found = base_ok &&
                    w->base.fig[AZ_WI_THROUGHPUT].mean >= s.p.target;
        for (size_t i = 0; !found && i < w->n; i++) {
            const az_whatif_run *r = &w->run[i];
            if (r->fig[AZ_WI_THROUGHPUT].mean >= s.p.target &&
                r->fig[AZ_WI_LEAD_TIME].mean <= s.p.max_lead_time &&
                r->fig[AZ_WI_WIP].mean <= s.p.max_wip &&
                (best == 0 || r->cost < w->run[best - 1].cost))
                best = i + 1;
        }
        if (best == 0 && !found)
            rc = az_error_set(err, AZ_EINVAL, "optimize: none of the %zu best "
                              "screened reaches the target %g units/h at full "
                              "length: more screening replications or a "
                              "longer screening horizon would screen closer",
                              nc, s.p.target);
    }
    if (!rc) {
        w->evals = azi_calloc(s.n ? s.n : 1, sizeof *w->evals);
        if (!w->evals)
            rc = az_error_set(err, AZ_ENOMEM, "out of memory");
        for (size_t i = 0; !rc && i < s.n; i++) {
            az_opt_eval *e = &w->evals[i];
            e->changes = s.pt[i].changes;
            s.pt[i].changes = NULL; /* now w's */
            e->cost = s.pt[i].cost;
            memcpy(e->fig, s.pt[i].fig, sizeof e->fig);
            e->feasible = s.pt[i].feasible;
        }
        if (!rc) {
            w->nevals = s.n;
            pareto(w->evals, s.n);
            w->info.evaluated = s.n;
            w->info.replications = s.reps;
            w->info.stopped = why;
            w->info.best = best; /* 0: the base, else run best - 1 */
            w->info.best_cost = best ? w->run[best - 1].cost : 0;
            w->info.problem = s.p;
        }
    }
    for (size_t i = 0; i < s.n; i++)
        free(s.pt[i].changes);
    free(s.pt);
    free(order);
    az_model_free(base);
    if (rc) {
        az_whatif_free(w);
        return rc;
    }
    *out = w;
    return AZ_OK;
}

const az_opt_eval *az_whatif_evaluations(const az_whatif *w, size_t *n)
{
    *n = w->nevals;
    return w->evals;
}

int az_whatif_optimize_info(const az_whatif *w, az_opt_info *info)
{
    if (!w->info.stopped)
        return 0;
    *info = w->info;
    return 1;
}
