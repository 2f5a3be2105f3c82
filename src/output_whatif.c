/*
 * output_whatif.c: the results of a what-if (compare, improve, sweep) as
 * figures paired with the base, and as one JSON document. The base keeps
 * the whole run document az_output_json writes; scenarios and points carry
 * the headline figures and their differences to the base, each with its
 * 95 % CI (the JSON's level, whatever the terminal table's), so files from
 * different experiments compare directly.
 */
#include "azalea/output.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "azalea/version.h"
#include "azalea/optimize.h"
#include "azalea/whatif.h"
#include "output_impl.h"

static const char *const fig_name[AZ_WI_NFIG] = {
    "throughput_per_hour", "lead_time_mean", "wip"};

static const az_whatif_fig no_fig = {NAN, NAN, NAN};

az_status az_whatif_figures(const az_model *m, const az_summary *base,
                            const az_summary *s, az_whatif_run *r,
                            az_error *err)
{
    static const az_metric_kind kind[AZ_WI_NFIG] = {
        AZ_M_THROUGHPUT, AZ_M_LEAD_MEAN, AZ_M_WIP};
    /* Throughput per hour: the same scaling and CI as the run's JSON
     * (azi_out_ci95), so the base's figure here is the file's. */
    double per_h = 3600.0 / az_model_time_unit_seconds(m);
    for (int k = 0; k < AZ_WI_NFIG; k++) {
        size_t i = az_summary_metric_index(s, AZ_SCOPE_SYSTEM, 0, kind[k]);
        azi_out_stat st = {i, k == AZ_WI_THROUGHPUT ? per_h : 1, fig_name[k]};
        azi_out_ci95(s, &st, &r->fig[k].mean, &r->fig[k].low,
                     &r->fig[k].high);
        r->diff[k] = no_fig;
    }
    if (!base)
        return AZ_OK;
    for (int k = 0; k < AZ_WI_NFIG; k++) {
        size_t i = az_summary_metric_index(s, AZ_SCOPE_SYSTEM, 0, kind[k]);
        double d, h, sc = k == AZ_WI_THROUGHPUT ? per_h : 1;
        az_status rc = az_summary_paired_diff(base, s, i, 0.95, &d, &h, err);
        if (rc) {
            for (int j = 0; j < AZ_WI_NFIG; j++)
                r->diff[j] = no_fig;
            return rc;
        }
        d *= sc;
        h *= sc;
        r->diff[k].mean = isfinite(d) ? d : NAN;
        r->diff[k].low = isfinite(d) && isfinite(h) ? d - h : NAN;
        r->diff[k].high = isfinite(d) && isfinite(h) ? d + h : NAN;
    }
    return AZ_OK;
}

/* ---- JSON ---- */

static json_t *num(double x)
{
    return isfinite(x) ? json_real(x) : json_null();
}

static json_t *str(const char *s)
{
    return s ? json_string(s) : json_null();
}

/* {"mean": m, "ci95": [low, high] or null}, as a run's statistics. */
static json_t *fig(const az_whatif_fig *f)
{
    return json_pack("{soso}", "mean", num(f->mean), "ci95",
                     isfinite(f->low) && isfinite(f->high)
                         ? json_pack("[oo]", num(f->low), num(f->high))
                         : json_null());
}

static json_t *run_json(const az_whatif_run *r, size_t nparam, int paired)
{
    json_t *o = json_object();
    json_object_set_new(o, "label", str(r->label));
    json_object_set_new(o, "changes", str(r->changes));
    if (r->values) {
        json_t *v = json_array();
        for (size_t j = 0; j < nparam; j++)
            json_array_append_new(v, str(r->values[j]));
        json_object_set_new(o, "values", v);
    }
    if (r->bottleneck)
        json_object_set_new(o, "bottleneck", str(r->bottleneck));
    if (r->summary)
        json_object_set_new(o, "replications",
                            json_integer(az_summary_replications(r->summary)));
    json_object_set_new(o, "cost", r->cost >= 0 ? num(r->cost) : json_null());
    json_object_set_new(o, "unstable", json_boolean(r->unstable));
    for (int k = 0; k < AZ_WI_NFIG; k++)
        json_object_set_new(o, fig_name[k], fig(&r->fig[k]));
    if (paired) {
        json_t *p = json_object();
        for (int k = 0; k < AZ_WI_NFIG; k++)
            json_object_set_new(p, fig_name[k], fig(&r->diff[k]));
        json_object_set_new(o, "paired", p);
    }
    return o;
}

/* The document of a what-if, "timing" still in "base". NULL with err. */
static json_t *build(const char *kind, const az_whatif_run *base,
                     const az_whatif_run *runs, size_t n,
                     const char *const *params, size_t nparam,
                     az_status *rc, az_error *err)
{
    json_t *root = json_object();
    if (!root) {
        *rc = az_error_set(err, AZ_ENOMEM, "out of memory building JSON");
        return NULL;
    }
    json_object_set_new(root, "azalea_version", json_string(az_version()));
    json_object_set_new(root, "kind", str(kind));
    if (base) {
        if (!base->model || !base->summary) {
            json_decref(root);
            *rc = az_error_set(err, AZ_EINVAL, "what-if JSON: the base has "
                               "no model or no summary");
            return NULL;
        }
        json_t *b = azi_json_build(base->model, base->summary, &base->meta);
        if (!b) {
            json_decref(root);
            *rc = az_error_set(err, AZ_ENOMEM, "out of memory building "
                               "JSON");
            return NULL;
        }
        /* The base's own figures and unstable flag, as the scenarios'. */
        json_object_set_new(b, "label", str(base->label));
        json_object_set_new(b, "unstable", json_boolean(base->unstable));
        json_object_set_new(root, "base", b);
    } else {
        json_t *p = json_array();
        for (size_t j = 0; j < nparam; j++)
            json_array_append_new(p, str(params[j]));
        json_object_set_new(root, "parameters", p);
    }
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, run_json(&runs[i], nparam, base != NULL));
    json_object_set_new(root, base ? "scenarios" : "points", a);
    return root;
}

/* What varies between identical runs goes last, as in a run's file, so a
 * tool can drop it: the base's timing moves out of "base". Then writes. */
static az_status finish(const char *path, json_t *root, az_error *err)
{
    json_t *b = json_object_get(root, "base");
    json_t *t = b ? json_object_get(b, "timing") : NULL;
    if (t) {
        json_object_set(root, "timing", t);
        json_object_del(b, "timing");
    }
    return azi_json_write(path, root, err);
}

az_status az_output_whatif_json(const char *path, const char *kind,
                                 const az_whatif_run *base,
                                 const az_whatif_run *runs, size_t n,
                                 const char *const *params, size_t nparam,
                                 az_error *err)
{
    az_status rc = AZ_OK;
    json_t *root = build(kind, base, runs, n, params, nparam, &rc, err);
    return root ? finish(path, root, err) : rc;
}

/* "selection": the procedure's settings and each scenario's part. */
static json_t *selection_json(const az_whatif *w, const az_selection *sel)
{
    static const char *const metric[AZ_WI_NFIG] = {
        "throughput_per_hour", "lead_time_mean", "wip"};
    const az_whatif_run *base = az_whatif_base(w), *runs = az_whatif_runs(w);
    json_t *a = json_array();
    for (size_t i = 0; i < sel->n; i++) {
        const az_select_entry *e = &sel->entry[i];
        az_whatif_fig f = {e->mean, e->mean - e->half, e->mean + e->half};
        json_t *o = json_pack("{sosIsosb}", "label",
                              str(i ? runs[i - 1].label : base->label),
                              "replications", (json_int_t)e->reps,
                              "figure", fig(&f), "eliminated",
                              e->eliminated);
        json_array_append_new(a, o);
    }
    return json_pack("{sssssosososIsIsbsoso}", "procedure",
                     "KN (Kim and Nelson 2001), common random numbers",
                     "figure", metric[sel->spec.metric],
                     "delta", num(sel->spec.delta),
                     "pcs", num(sel->spec.pcs),
                     "max_replications",
                     json_integer(sel->spec.max_reps),
                     "first_stage", (json_int_t)sel->first,
                     "replications_total", (json_int_t)sel->total_reps,
                     "capped", sel->capped,
                     "best", str(sel->best ? runs[sel->best - 1].label
                                           : base->label),
                     "scenarios", a);
}

/* "optimization": the problem, how the search went, the choice and
 * every configuration screened. */
static json_t *optimization_json(const az_whatif *w, const az_opt_info *in)
{
    const az_opt_problem *p = &in->problem;
    const az_whatif_run *best = in->best ? &az_whatif_runs(w)[in->best - 1]
                                         : az_whatif_base(w);
    size_t n;
    const az_opt_eval *e = az_whatif_evaluations(w, &n);
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_pack("{sssososososbsb}", "changes", e[i].changes,
                              "cost", num(e[i].cost),
                              "throughput_per_hour",
                              num(e[i].fig[AZ_WI_THROUGHPUT]),
                              "lead_time_mean", num(e[i].fig[AZ_WI_LEAD_TIME]),
                              "wip", num(e[i].fig[AZ_WI_WIP]),
                              "feasible", e[i].feasible, "pareto",
                              e[i].pareto);
        json_array_append_new(a, o);
    }
    return json_pack("{sssosososososIsIsIsssIsosos{sosososbso}so}",
        "objective", p->objective == AZ_OPT_MAX_THROUGHPUT ? "max_throughput"
                                                           : "min_cost",
        "budget", num(p->budget), "target", num(p->target),
        "max_lead_time", num(p->max_lead_time), "max_wip", num(p->max_wip),
        "screen_horizon", num(p->screen_horizon),
        "screen_replications", (json_int_t)p->screen_reps,
        "evaluations_allowed", (json_int_t)p->evaluations,
        "evaluated", (json_int_t)in->evaluated,
        "stopped", in->stopped,
        "replications", (json_int_t)in->replications,
        "delta", num(p->delta), "pcs", num(p->pcs),
        "best", "label", str(in->best ? best->label : "today's line"),
        "changes", str(best->changes),
        "cost", num(in->best_cost), "unstable", best->unstable,
        "throughput_per_hour", fig(&best->fig[AZ_WI_THROUGHPUT]),
        "evaluations", a);
}

az_status az_output_whatif(const char *path, const az_whatif *w,
                           az_error *err)
{
    size_t np;
    const char *const *params = az_whatif_params(w, &np);
    az_status rc = AZ_OK;
    json_t *root = build(az_whatif_kind(w), az_whatif_base(w),
                         az_whatif_runs(w), az_whatif_count(w), params, np,
                         &rc, err);
    if (!root)
        return rc;
    const az_selection *sel = az_whatif_selection(w);
    if (sel) {
        json_t *j = selection_json(w, sel);
        if (!j) {
            json_decref(root);
            return az_error_set(err, AZ_ENOMEM, "out of memory building "
                                "JSON");
        }
        json_object_set_new(root, "selection", j);
    }
    az_opt_info info;
    if (az_whatif_optimize_info(w, &info)) {
        json_t *j = optimization_json(w, &info);
        if (!j) {
            json_decref(root);
            return az_error_set(err, AZ_ENOMEM, "out of memory building "
                                "JSON");
        }
        json_object_set_new(root, "optimization", j);
    }
    return finish(path, root, err);
}
