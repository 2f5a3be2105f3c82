/*
 * whatif.c: the what-ifs' common part (whatif.h) and `compare`: every
 * model loaded from one source with its changes, run with the base's
 * config, so replication r of every run draws the same random numbers
 * (common random numbers) and differences pair by replication.
 *
 * Invariant: w->run[0..n) are runs finished whole with w->cfg, each
 * paired with w->base when there is one; a run cut short by a stop is
 * never counted, since its replications would not pair.
 */
#include "whatif_impl.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "azalea/diagnose.h"
#include "util/alloc.h"

enum { MAX_PARTS = 64 };

static double seconds_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int stop_asked(const az_experiment_config *cfg)
{
    return cfg->stop && *cfg->stop;
}

size_t azi_wi_split(char *s, const char **part, size_t max)
{
    size_t n = 0;
    char *save = NULL;
    for (char *tok = strtok_r(s, ";", &save); tok && n < max;
         tok = strtok_r(NULL, ";", &save)) {
        while (*tok == ' ' || *tok == '\t')
            tok++;
        char *e = tok + strlen(tok);
        while (e > tok && (e[-1] == ' ' || e[-1] == '\t'))
            *--e = '\0';
        if (*tok)
            part[n++] = tok;
    }
    return n;
}

char *azi_wi_join(const char *a, const char *b, int *ok)
{
    size_t la = a ? strlen(a) : 0, lb = b ? strlen(b) : 0;
    if (!la && !lb)
        return NULL;
    char *s = azi_malloc(la + lb + 3);
    if (!s) {
        *ok = 0;
        return NULL;
    }
    snprintf(s, la + lb + 3, "%s%s%s", la ? a : "", la && lb ? "; " : "",
             lb ? b : "");
    return s;
}

char *azi_wi_base_changes(const az_whatif_source *src, int *ok)
{
    char *s = NULL;
    for (size_t i = 0; i < src->noverrides && *ok; i++) {
        char *t = azi_wi_join(s, src->overrides[i], ok);
        free(s);
        s = t;
    }
    return s;
}

az_status azi_wi_describe(azi_wi_own *o, const az_whatif_source *src,
                          const char *label, const char *changes,
                          az_error *err)
{
    int ok = 1, any = changes && *changes;
    char *base = azi_wi_base_changes(src, &ok);
    o->label = azi_strdup(label);
    o->changes = any ? azi_strdup(changes) : NULL;
    o->overrides = azi_wi_join(base, changes, &ok);
    free(base);
    if (!ok || !o->label || (any && !o->changes))
        return az_error_set(err, AZ_ENOMEM, "out of memory");
    return AZ_OK;
}

az_status azi_wi_load(const az_whatif_source *src, const char *const *sets,
                      size_t n, az_model **m, az_error *err)
{
    size_t total = src->noverrides + n;
    const char **all = azi_malloc((total ? total : 1) * sizeof *all);
    *m = NULL;
    if (!all)
        return az_error_set(err, AZ_ENOMEM, "out of memory");
    for (size_t i = 0; i < src->noverrides; i++)
        all[i] = src->overrides[i];
    for (size_t i = 0; i < n; i++)
        all[src->noverrides + i] = sets[i];
    az_load_options lo = {all, total, src->on_problem, src->ctx, NULL};
    az_experiment_config ignored;
    az_status rc =
        src->path ? az_model_load_file(src->path, &lo, m, &ignored, err)
                  : az_model_load_string(src->text, src->len, src->name, &lo,
                                         m, &ignored, err);
    free(all);
    return rc;
}

az_whatif *azi_wi_new(const char *kind, const az_whatif_source *src,
                      const az_experiment_config *cfg, az_error *err)
{
    if (!src || !cfg || (!src->path && !src->text)) {
        az_error_set(err, AZ_EINVAL, "a what-if needs a model file or text "
                                     "and a run config");
        return NULL;
    }
    az_whatif *w = azi_calloc(1, sizeof *w);
    if (!w) {
        az_error_set(err, AZ_ENOMEM, "out of memory");
        return NULL;
    }
    w->kind = kind;
    w->cfg = *cfg;
    w->model_file = src->path ? src->path : src->name;
    az_status rc = azi_wi_load(src, NULL, 0, &w->model, err);
    if (!rc && src->path)
        rc = az_sha256_file(src->path, w->sha256, err);
    else if (!rc)
        az_sha256_hex(src->text, src->len, w->sha256);
    /* One warm-up for every run, chosen on the base (MSER-5): a changed
     * model on its own warm-up would not pair. */
    if (!rc && w->cfg.warmup_auto) {
        az_warmup_result wr;
        if (!(rc = az_experiment_warmup(w->model, &w->cfg, &wr, err))) {
            w->cfg.warmup = wr.warmup;
            w->cfg.warmup_auto = 0;
        }
    }
    if (rc) {
        az_whatif_free(w);
        return NULL;
    }
    return w;
}

az_status azi_wi_alloc(az_whatif *w, size_t n, az_error *err)
{
    w->run = azi_calloc(n ? n : 1, sizeof *w->run);
    w->own = azi_calloc(n ? n : 1, sizeof *w->own);
    w->cap = w->asked = n;
    if (!w->run || !w->own)
        return az_error_set(err, AZ_ENOMEM, "out of memory");
    return AZ_OK;
}

void azi_wi_start(const az_whatif_options *opt, size_t i, size_t n,
                  const char *label)
{
    if (opt && opt->on_start)
        opt->on_start(opt->ctx, i, n, label);
}

/* The station most often the momentary bottleneck (the first of equals). */
static const char *top_bottleneck(const az_model *m, const az_summary *s)
{
    double best = -1;
    uint32_t at = 0;
    for (uint32_t t = 0; t < az_model_station_count(m); t++) {
        double v = az_summary_bottleneck_share(s, t);
        if (v > best) {
            best = v;
            at = t;
        }
    }
    return az_model_station_count(m) ? az_model_station_name(m, at) : NULL;
}

az_status azi_wi_measure(az_whatif *w, long slot, az_model *m,
                         const az_whatif_options *opt, int keep,
                         az_error *err)
{
    int is_base = slot < 0;
    az_whatif_run *r = is_base ? &w->base : &w->run[slot];
    azi_wi_own *o = is_base ? &w->base_own : &w->own[slot];
    const az_summary *base = w->has_base && !is_base ? w->base.summary : NULL;
    az_summary *s = NULL;
    az_status rc = AZ_OK;
    if (stop_asked(&w->cfg))
        rc = az_error_set(err, AZ_ESTOPPED, "stopped before the run");
    double t0 = seconds_now();
    if (!rc)
        rc = az_experiment_run(m, &w->cfg, &s, err);
    if (!rc && az_summary_interrupted(s, NULL))
        rc = az_error_set(err, AZ_ESTOPPED, "stopped during the run");
    az_whatif_run tmp;
    memset(&tmp, 0, sizeof tmp);
    if (!rc)
        rc = az_whatif_figures(m, base, s, &tmp, err);
    if (!rc && base) {
        /* The ranking's differences, at the run's level. */
        size_t it = az_summary_metric_index(s, AZ_SCOPE_SYSTEM, 0,
                                            AZ_M_THROUGHPUT);
        size_t il = az_summary_metric_index(s, AZ_SCOPE_SYSTEM, 0,
                                            AZ_M_LEAD_MEAN);
        if (!(rc = az_summary_paired_diff(base, s, it, w->cfg.level, &o->dtp,
                                          &o->dtp_half, err)))
            rc = az_summary_paired_diff(base, s, il, w->cfg.level, &o->dlt,
                                        &o->dlt_half, err);
    }
    if (rc) {
        az_summary_free(s);
        if (!is_base)
            az_model_free(m);
        return rc;
    }
    memcpy(r->fig, tmp.fig, sizeof r->fig);
    memcpy(r->diff, tmp.diff, sizeof r->diff);
    r->label = o->label;
    r->changes = o->changes;
    r->values = (const char *const *)o->values;
    r->model = m;
    r->summary = s;
    r->unstable = az_diagnose_unstable(m, s);
    /* A copy: the point's model may go before the result does. */
    if (!strcmp(w->kind, "sweep") && top_bottleneck(m, s) &&
        !(o->bottleneck = azi_strdup(top_bottleneck(m, s)))) {
        az_summary_free(s);
        if (!is_base)
            az_model_free(m);
        return az_error_set(err, AZ_ENOMEM, "out of memory");
    }
    r->bottleneck = o->bottleneck;
    r->meta.model_file = w->model_file;
    r->meta.wall_seconds = seconds_now() - t0;
    r->meta.model_sha256 = w->sha256;
    r->meta.overrides = o->overrides;
    if (opt && opt->on_done)
        rc = opt->on_done(opt->ctx, is_base ? 0 : (size_t)slot + w->has_base,
                          r, err);
    if (is_base)
        w->has_base = 1;
    else
        w->n++;
    o->summary = s;
    if (!is_base)
        o->model = m;
    if (!keep) {
        /* The figures stay; the model and summary go. */
        az_summary_free(s);
        if (!is_base)
            az_model_free(m);
        o->summary = NULL;
        o->model = NULL;
        r->summary = NULL;
        r->model = NULL;
    }
    return rc;
}

/* A stop after the first run is an interrupted what-if, not a failure. */
static az_status finish(az_whatif *w, az_status rc, az_whatif **out)
{
    if (rc == AZ_ESTOPPED && (w->has_base || w->n > 0)) {
        w->interrupted = 1;
        rc = AZ_OK;
    }
    if (rc) {
        az_whatif_free(w);
        return rc;
    }
    *out = w;
    return AZ_OK;
}

az_status az_compare(const az_whatif_source *src,
                     const az_experiment_config *cfg,
                     const char *const *scenarios, size_t n,
                     const az_whatif_options *opt, az_whatif **out,
                     az_error *err)
{
    if (!out)
        return az_error_set(err, AZ_EINVAL, "az_compare: out is required");
    *out = NULL;
    if (n == 0 || !scenarios)
        return az_error_set(err, AZ_EINVAL, "compare needs at least one "
                                            "scenario \"path=value; ...\"");
    for (size_t i = 0; i < n; i++) {
        const char *part[MAX_PARTS];
        char *buf = azi_strdup(scenarios[i] ? scenarios[i] : "");
        if (!buf)
            return az_error_set(err, AZ_ENOMEM, "out of memory");
        size_t np = azi_wi_split(buf, part, MAX_PARTS);
        free(buf);
        if (np == 0)
            return az_error_set(err, AZ_EINVAL, "scenario %zu is empty",
                                i + 1);
    }
    az_whatif *w = azi_wi_new("compare", src, cfg, err);
    if (!w)
        return err ? err->code : AZ_EINVAL;
    az_status rc = azi_wi_alloc(w, n, err);
    /* Every scenario loads before anything runs. */
    for (size_t i = 0; i < n && !rc; i++) {
        const char *part[MAX_PARTS];
        /* A copy as long as the scenario: a long one is never cut. */
        char *buf = azi_strdup(scenarios[i]);
        if (!buf) {
            rc = az_error_set(err, AZ_ENOMEM, "out of memory");
            break;
        }
        size_t np = azi_wi_split(buf, part, MAX_PARTS);
        azi_wi_own *o = &w->own[i];
        if ((rc = azi_wi_load(src, part, np, &o->model, err)) &&
            rc != AZ_ENOMEM)
            az_error_set(err, rc, "scenario %zu (%s) does not give a valid "
                         "model", i + 1, scenarios[i]);
        free(buf); /* the loader copied what it needs */
        if (!rc)
            rc = azi_wi_describe(o, src, scenarios[i], scenarios[i], err);
    }
    if (!rc) {
        rc = azi_wi_describe(&w->base_own, src, "base", NULL, err);
        w->base.role = "base";
        w->base.cost = -1; /* before on_done sees it */
    }
    if (!rc) {
        azi_wi_start(opt, 0, n + 1, "base");
        rc = azi_wi_measure(w, -1, w->model, opt, 1, err);
    }
    for (size_t i = 0; i < n && !rc; i++) {
        az_model *m = w->own[i].model; /* loaded above */
        w->own[i].model = NULL;
        w->run[i].role = "scenario";
        w->run[i].cost = -1;
        azi_wi_start(opt, i + 1, n + 1, scenarios[i]);
        rc = azi_wi_measure(w, (long)i, m, opt, 1, err);
    }
    return finish(w, rc, out);
}

void az_whatif_free(az_whatif *w)
{
    if (!w)
        return;
    azi_wi_own *all[2] = {&w->base_own, w->own};
    size_t count[2] = {1, w->own ? w->cap : 0};
    for (int k = 0; k < 2; k++)
        for (size_t i = 0; i < count[k]; i++) {
            azi_wi_own *o = &all[k][i];
            free(o->label);
            free(o->changes);
            free(o->overrides);
            free(o->bottleneck);
            for (size_t j = 0; o->values && j < w->nparam; j++)
                free(o->values[j]);
            free(o->values);
            az_model_free(o->model);
            az_summary_free(o->summary);
        }
    for (size_t j = 0; w->params && j < w->nparam; j++)
        free(w->params[j]);
    free(w->params);
    for (size_t i = 0; i < w->nevals; i++)
        free((char *)w->evals[i].changes);
    free(w->evals);
    free(w->sel_entry);
    free(w->run);
    free(w->own);
    az_model_free(w->model);
    free(w);
}

const char *az_whatif_kind(const az_whatif *w) { return w->kind; }

const az_whatif_run *az_whatif_base(const az_whatif *w)
{
    return w->has_base ? &w->base : NULL;
}

const az_whatif_run *az_whatif_runs(const az_whatif *w) { return w->run; }
size_t az_whatif_count(const az_whatif *w) { return w->n; }

int az_whatif_interrupted(const az_whatif *w, size_t *asked)
{
    if (asked)
        *asked = w->asked;
    return w->interrupted;
}

const az_experiment_config *az_whatif_config(const az_whatif *w)
{
    return &w->cfg;
}

const char *const *az_whatif_params(const az_whatif *w, size_t *n)
{
    if (n)
        *n = w->nparam;
    return (const char *const *)w->params;
}

const char *az_whatif_sha256(const az_whatif *w) { return w->sha256; }
