/*
 * fuzz_load.c: libFuzzer target for the model loader.
 *
 * The input is the model text. Lines of the form "#--set PATH=VALUE" (YAML
 * comments, so seeds stay valid models) are also passed as overrides, the
 * first two of them. A line starting "#--plan" ends the model: what follows
 * it is the production plan (CSV), served as the content of whatever file
 * the model's `release.plan` names; without it that file does not exist.
 * Beyond "no crash, no leak, no hang" it checks the loader's contract:
 * AZ_OK with a model and no problem, or an error with no model, at least
 * one problem, err equal to the return code, and every message a single
 * line.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "azalea/load.h"
#include "load/load.h" /* azi_model_load: the plan served from memory */

enum { MAX_OVERRIDES = 2 };

typedef struct seen {
    size_t problems, warnings;
} seen;

static void on_problem(void *ctx, const az_error *e)
{
    seen *s = ctx;
    if (!memchr(e->msg, '\0', sizeof e->msg) || strchr(e->msg, '\n') ||
        !e->msg[0] || e->line < 0 || e->col < 0 || e->code == AZ_OK)
        abort();
    s->problems++;
}

/* A warning: well formed, code AZ_OK, and only for a model that loads
 * (checked after the load: s->warnings then needs rc == AZ_OK). */
static void on_warning(void *ctx, const az_error *e)
{
    seen *s = ctx;
    if (!memchr(e->msg, '\0', sizeof e->msg) || strchr(e->msg, '\n') ||
        !e->msg[0] || e->line < 0 || e->col < 0 || e->code != AZ_OK)
        abort();
    s->warnings++;
}

typedef struct plan {
    const uint8_t *text; /* NULL: no plan file */
    size_t len;
} plan;

static char *serve(void *ctx, const char *path, size_t *len, int *too_big)
{
    const plan *p = ctx;
    char *buf;
    (void)path;
    *too_big = 0;
    if (!p->text) {
        errno = ENOENT;
        return NULL;
    }
    if (!(buf = malloc(p->len + 1)))
        abort();
    memcpy(buf, p->text, p->len);
    buf[p->len] = '\0';
    *len = p->len;
    return buf;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *ovr[MAX_OVERRIDES];
    size_t n = 0, model = size;
    plan pl = {NULL, 0};
    for (size_t i = 0; i < size; i++) {
        if ((i == 0 || data[i - 1] == '\n') && size - i >= 7 &&
            !memcmp(data + i, "#--plan", 7)) {
            size_t e = i;
            while (e < size && data[e] != '\n')
                e++;
            model = i;
            pl.text = data + (e < size ? e + 1 : e);
            pl.len = size - (size_t)(pl.text - data);
            break;
        }
    }
    for (size_t i = 0; i < model && n < MAX_OVERRIDES;) {
        size_t e = i;
        while (e < model && data[e] != '\n')
            e++;
        if (e - i >= 6 && !memcmp(data + i, "#--set", 6)) {
            size_t b = i + 6 + (i + 6 < e && data[i + 6] == ' ');
            if (!(ovr[n] = malloc(e - b + 1)))
                abort();
            memcpy(ovr[n], data + b, e - b);
            ovr[n][e - b] = '\0';
            n++;
        }
        i = e + 1;
    }
    seen s = {0};
    az_load_options opt = {(const char *const *)ovr, n, on_problem, &s,
                           on_warning};
    az_model *m = (az_model *)&s; /* must be overwritten */
    az_experiment_config run;
    az_error err;
    az_status rc = azi_model_load((const char *)data, model, "fuzz", NULL,
                                  serve, &pl, &opt, &m, &run, &err);
    if (rc == AZ_OK ? (!m || s.problems || err.code != AZ_OK)
                    : (m || !s.problems || s.warnings || err.code != rc))
        abort();
    if (rc == AZ_OK && !(run.horizon > 0 && run.warmup < run.horizon))
        abort();
    az_model_free(m);
    for (size_t i = 0; i < n; i++)
        free(ovr[i]);
    return 0;
}
