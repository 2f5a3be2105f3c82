/*
 * whatif_sweep.c: `sweep`: the same experiment over a grid of one or two
 * model values ("path=a..b:step" or "path=x,y,z"), every point with the
 * same seed and replications (common random numbers), so that
 * neighbouring points differ by the change and not by luck. Point k's
 * values are k in mixed radix, the last parameter varying fastest.
 */
#include "whatif_impl.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"

enum { MAX_PARAMS = 2, MAX_VALUES = AZ_SWEEP_MAX_VALUES,
       MAX_POINTS = AZ_SWEEP_MAX_POINTS, VAL_LEN = 64, PATH_LEN = 256 };

typedef az_sweep_param param;

static int num(const char *s, const char *end, double *x)
{
    char buf[64], *e;
    size_t n = (size_t)(end - s);
    if (n == 0 || n >= sizeof buf)
        return 0;
    memcpy(buf, s, n);
    buf[n] = '\0';
    errno = 0;
    *x = strtod(buf, &e);
    return !errno && e != buf && !*e && isfinite(*x);
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    char *e = s + strlen(s);
    while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
        *--e = '\0';
    return s;
}

void az_sweep_param_free(az_sweep_param *p)
{
    free(p->values);
    memset(p, 0, sizeof *p);
}

az_status az_sweep_param_parse(const char *arg, az_sweep_param *p,
                               az_error *err)
{
    memset(p, 0, sizeof *p);
    if (!arg)
        return az_error_set(err, AZ_EINVAL, "--param expects PATH=a..b:step "
                            "or PATH=x,y,z");
    const char *eq = strchr(arg, '=');
    char spec[4096];
    if (!eq || eq == arg || (size_t)(eq - arg) >= sizeof p->path)
        return az_error_set(err, AZ_EINVAL, "--param expects PATH=a..b:step "
                            "or PATH=x,y,z, got '%s'", arg);
    char path[sizeof p->path];
    memcpy(path, arg, (size_t)(eq - arg));
    path[eq - arg] = '\0';
    snprintf(p->path, sizeof p->path, "%s", trim(path));
    if (!strncmp(p->path, "run.", 4) || !strcmp(p->path, "run"))
        return az_error_set(err, AZ_EINVAL, "--param %s: a sweep keeps the "
                            "run settings; give them with --reps, --horizon, "
                            "--warmup, --seed", p->path);
    snprintf(spec, sizeof spec, "%s", eq + 1);
    char *s = trim(spec);
    char *dots = strstr(s, "..");
    p->values = azi_calloc(MAX_VALUES, sizeof *p->values);
    if (!p->values)
        return az_error_set(err, AZ_ENOMEM, "out of memory");
    if (dots) {
        char *colon = strchr(dots, ':');
        double a, b, step = 1;
        if (!num(s, dots, &a) ||
            !num(dots + 2, colon ? colon : dots + strlen(dots), &b) ||
            (colon && !num(colon + 1, colon + strlen(colon), &step)))
            return az_error_set(err, AZ_EINVAL, "--param %s: expected a range "
                                "a..b:step of numbers, such as 5..50:5, got "
                                "'%s'", p->path, s);
        if (step <= 0)
            return az_error_set(err, AZ_EINVAL, "--param %s: the step must be "
                                "above 0, got '%s'", p->path, s);
        if (a > b)
            return az_error_set(err, AZ_EINVAL, "--param %s: the range '%s' is "
                                "empty (it starts above its end)", p->path, s);
        /* Tolerate rounding in (b - a) / step (0.1..0.5:0.1 has 5). */
        double count = floor((b - a) / step * (1 + 1e-12) + 1e-9) + 1;
        if (count > MAX_VALUES)
            return az_error_set(err, AZ_EINVAL, "--param %s: more than %d "
                                "values in '%s'", p->path, MAX_VALUES, s);
        for (p->n = 0; p->n < (size_t)count; p->n++)
            snprintf(p->values[p->n], VAL_LEN, "%.12g", a + (double)p->n * step);
        return AZ_OK;
    }
    for (char *tok = s, *next; tok; tok = next) {
        next = strchr(tok, ',');
        if (next)
            *next++ = '\0';
        tok = trim(tok);
        if (!*tok || strlen(tok) >= VAL_LEN)
            return az_error_set(err, AZ_EINVAL, "--param %s: %s value in the "
                                "list '%s'", p->path,
                                *tok ? "too long a" : "an empty", eq + 1);
        if (p->n == MAX_VALUES)
            return az_error_set(err, AZ_EINVAL, "--param %s: more than %d "
                                "values", p->path, MAX_VALUES);
        snprintf(p->values[p->n++], VAL_LEN, "%s", tok);
    }
    return AZ_OK;
}

/* Parameter j's value at point k. */
static const char *value_of(const param *par, size_t np, size_t k, size_t j)
{
    for (size_t i = np; i-- > j + 1;)
        k /= par[i].n;
    return par[j].values[k % par[j].n];
}

/* The changes of point k, "path=value" each, into buf and ov. */
static void overrides(const param *par, size_t np, size_t k,
                      char (*buf)[PATH_LEN + VAL_LEN + 2], const char **ov)
{
    for (size_t j = 0; j < np; j++) {
        snprintf(buf[j], sizeof buf[j], "%s=%s", par[j].path,
                 value_of(par, np, k, j));
        ov[j] = buf[j];
    }
}

/* Point k's label ("p=v; q=w"), overrides and values, into o. */
static az_status describe(const az_whatif_source *src, const param *par,
                          size_t np, size_t k, azi_wi_own *o, az_error *err)
{
    char buf[MAX_PARAMS][PATH_LEN + VAL_LEN + 2];
    const char *ov[MAX_PARAMS];
    char label[2 * (PATH_LEN + VAL_LEN + 2) + 2];
    overrides(par, np, k, buf, ov);
    snprintf(label, sizeof label, "%s%s%s", ov[0], np > 1 ? "; " : "",
             np > 1 ? ov[1] : "");
    az_status rc = azi_wi_describe(o, src, label, label, err);
    if (rc)
        return rc;
    int ok = (o->values = azi_calloc(np, sizeof *o->values)) != NULL;
    for (size_t j = 0; ok && j < np; j++)
        ok = (o->values[j] = azi_strdup(value_of(par, np, k, j))) != NULL;
    if (!ok)
        return az_error_set(err, AZ_ENOMEM, "out of memory");
    return AZ_OK;
}

az_status az_sweep(const az_whatif_source *src,
                   const az_experiment_config *cfg,
                   const char *const *params, size_t nparam,
                   const az_whatif_options *opt, az_whatif **out,
                   az_error *err)
{
    if (!out)
        return az_error_set(err, AZ_EINVAL, "az_sweep: out is required");
    *out = NULL;
    if (nparam == 0 || nparam > MAX_PARAMS || !params)
        return az_error_set(err, AZ_EINVAL, "sweep needs one or two --param "
                            "PATH=a..b:step (or PATH=x,y,z)");
    param par[MAX_PARAMS];
    memset(par, 0, sizeof par);
    size_t npt = 1;
    az_status rc = AZ_OK;
    for (size_t j = 0; j < nparam && !rc; j++)
        if (!(rc = az_sweep_param_parse(params[j], &par[j], err)))
            npt *= par[j].n;
    if (!rc && nparam == 2 && !strcmp(par[0].path, par[1].path))
        rc = az_error_set(err, AZ_EINVAL, "--param %s is given twice",
                          par[0].path);
    if (!rc && npt > MAX_POINTS)
        rc = az_error_set(err, AZ_EINVAL, "the grid has %zu points, more "
                          "than %d", npt, MAX_POINTS);
    az_whatif *w = rc ? NULL : azi_wi_new("sweep", src, cfg, err);
    if (!rc && !w)
        rc = err ? err->code : AZ_EINVAL;
    if (!rc)
        rc = azi_wi_alloc(w, npt, err);
    if (!rc) {
        w->params = azi_calloc(nparam, sizeof *w->params);
        w->nparam = nparam;
        for (size_t j = 0; w->params && j < nparam; j++)
            if (!(w->params[j] = azi_strdup(par[j].path)))
                rc = az_error_set(err, AZ_ENOMEM, "out of memory");
        if (!w->params)
            rc = az_error_set(err, AZ_ENOMEM, "out of memory");
    }
    /* Every point loads before anything runs: a bad value is found in
     * seconds, not after hours. */
    for (size_t k = 0; !rc && k < npt; k++) {
        char buf[MAX_PARAMS][PATH_LEN + VAL_LEN + 2];
        const char *ov[MAX_PARAMS];
        az_model *alt = NULL;
        overrides(par, nparam, k, buf, ov);
        if ((rc = azi_wi_load(src, ov, nparam, &alt, err)) &&
            rc != AZ_ENOMEM)
            az_error_set(err, rc, "sweep point %s%s%s is not a valid model",
                         ov[0], nparam > 1 ? "; " : "",
                         nparam > 1 ? ov[1] : "");
        az_model_free(alt);
        if (!rc)
            rc = describe(src, par, nparam, k, &w->own[k], err);
    }
    for (size_t k = 0; !rc && k < npt; k++) {
        char buf[MAX_PARAMS][PATH_LEN + VAL_LEN + 2];
        const char *ov[MAX_PARAMS];
        az_model *alt = NULL;
        overrides(par, nparam, k, buf, ov);
        w->run[k].role = "point";
        w->run[k].cost = -1;
        azi_wi_start(opt, k, npt, w->own[k].label);
        if (!(rc = azi_wi_load(src, ov, nparam, &alt, err)))
            rc = azi_wi_measure(w, (long)k, alt, opt,
                                opt && opt->keep_points, err);
    }
    for (size_t j = 0; j < MAX_PARAMS; j++)
        az_sweep_param_free(&par[j]);
    if (rc == AZ_ESTOPPED && w && w->n > 0) {
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
