/*
 * output_fixture.h: what the output writers' tests share: a small model
 * whose names need quoting, a run of it, files read whole, and the
 * statistic behind a column name. Marked unused, so a test that uses only
 * some of them compiles without unused-function warnings.
 */
#ifndef AZALEA_TEST_OUTPUT_FIXTURE_H
#define AZALEA_TEST_OUTPUT_FIXTURE_H

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "azalea/output.h"

#define FX_UNUSED __attribute__((unused))

/* Two stations (b with 2 machines and a buffer of 4), one product whose
 * name holds a comma, one pool; time unit minutes. */
FX_UNUSED static az_model *fx_model(void)
{
    az_model *m;
    az_dist ia, svc;
    uint32_t a, b, p, src, q;
    assert_int_equal(az_model_create("tiny \"quoted\" line", &m, NULL), AZ_OK);
    assert_int_equal(az_model_set_time_unit(m, "min", 60, NULL), AZ_OK);
    assert_int_equal(az_dist_exponential(&ia, 1.0, NULL), AZ_OK);
    assert_int_equal(az_dist_exponential(&svc, 0.7, NULL), AZ_OK);
    assert_int_equal(az_model_add_station(m, "a", 1, &svc, &a, NULL), AZ_OK);
    assert_int_equal(az_model_add_station(m, "b", 2, &svc, &b, NULL), AZ_OK);
    assert_int_equal(az_model_set_buffer(m, b, 4, NULL), AZ_OK);
    assert_int_equal(az_model_add_product(m, "p,1", &p, NULL), AZ_OK);
    assert_int_equal(az_model_set_family(m, p, "F", NULL), AZ_OK);
    assert_int_equal(az_model_add_step(m, p, a, NULL, NULL), AZ_OK);
    assert_int_equal(az_model_add_step(m, p, b, NULL, NULL), AZ_OK);
    assert_int_equal(az_model_add_source(m, "in", &ia, &src, NULL), AZ_OK);
    assert_int_equal(az_model_source_add_product(m, src, p, 1, NULL), AZ_OK);
    assert_int_equal(az_model_add_pool(m, "setters", 2, &q, NULL), AZ_OK);
    assert_int_equal(az_model_set_operator(m, a, AZ_ACT_PROCESS, q, NULL),
                     AZ_OK);
    return m;
}

FX_UNUSED static az_summary *fx_run(const az_model *m, uint32_t reps,
                                    uint64_t seed)
{
    az_experiment_config cfg = az_experiment_defaults();
    cfg.seed = seed;
    cfg.replications = reps;
    cfg.horizon = 2000;
    cfg.warmup = 100;
    az_summary *s;
    assert_int_equal(az_experiment_run(m, &cfg, &s, NULL), AZ_OK);
    return s;
}

/* The whole file, NUL-terminated; *len its size. NULL if unreadable. */
FX_UNUSED static char *fx_read(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0, k;
    char *b = malloc(cap);
    while (b && (k = fread(b + n, 1, cap - n - 1, f)) > 0) {
        n += k;
        if (cap - n - 1 == 0)
            b = realloc(b, cap *= 2);
    }
    fclose(f);
    assert_non_null(b);
    b[n] = '\0';
    if (len)
        *len = n;
    return b;
}

FX_UNUSED static void fx_write(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

/* The summary metric and factor behind an output statistic's name, e.g.
 * "throughput_per_hour" -> (throughput, 60 for minutes); 0 if none. */
FX_UNUSED static int fx_stat(const az_model *m, const az_summary *s,
                             az_scope scope, uint32_t object,
                             const char *name, size_t *i, double *k)
{
    double unit = az_model_time_unit_seconds(m);
    static const struct {
        const char *suffix;
        double seconds;
    } per[] = {{"_per_hour", 3600.0}, {"_per_year", 365.0 * 24 * 3600}};
    if (!strcmp(name, "throughput_per_working_hour")) {
        *k = 3600.0 / unit;
        *i = az_summary_metric_index(s, scope, object,
                                     AZ_M_THROUGHPUT_WORKING);
        return *i != (size_t)-1;
    }
    for (int kind = AZ_M_RELEASED; kind <= AZ_M_BN_TIED; kind++) { /* all */
        const char *kn = az_metric_kind_name((az_metric_kind)kind);
        size_t n = strlen(kn);
        if (strncmp(name, kn, n))
            continue;
        *k = 1;
        if (name[n]) {
            size_t j = 0;
            while (j < 2 && strcmp(name + n, per[j].suffix))
                j++;
            if (j == 2 || kind != AZ_M_THROUGHPUT)
                continue;
            *k = per[j].seconds / unit;
        }
        *i = az_summary_metric_index(s, scope, object, (az_metric_kind)kind);
        return *i != (size_t)-1;
    }
    return 0;
}

/* The entries of dir whose name holds `part` (NULL: every entry but . and
 * ..), each printed; 0 if dir cannot be read. For checking what a failed
 * writer left behind. */
FX_UNUSED static int fx_left_in(const char *dir, const char *part)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        if (part ? strstr(e->d_name, part) != NULL
                 : strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
            print_message("left behind: %s/%s\n", dir, e->d_name);
            n++;
        }
    closedir(d);
    return n;
}

#endif
