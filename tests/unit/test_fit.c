/*
 * test_fit.c: fitting (azalea/fit.h): each fit's YAML loads as a model
 * file's distribution, censored values count by their survival,
 * exponential's closed form, bad data is refused with its line, the
 * downtime log's up-times, overlaps and ends, and the bootstrap's
 * p-values are the same on every run.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <gsl/gsl_errno.h>

#include "azalea/fit.h"
#include "azalea/load.h"

static void draw(az_dist *d, double *x, size_t n, uint64_t seed)
{
    az_rng r;
    az_rng_init(&r, seed, 0, 3);
    for (size_t i = 0; i < n; i++)
        x[i] = az_dist_sample(d, &r);
}

/* The YAML as a station's process time loads. */
static void assert_loads(const char *yaml)
{
    char text[2048];
    snprintf(text, sizeof text,
             "name: t\nproducts: [{name: p}]\nrelease: {interarrival: 1 min}\n"
             "stations: {m: {process: %s}}\nroutes: {default: [m]}\n", yaml);
    az_model *m = NULL;
    az_error err;
    az_status rc = az_model_load_string(text, strlen(text), "fit.yaml", NULL,
                                        &m, NULL, &err);
    if (rc)
        fail_msg("%s does not load: %s", yaml, err.msg);
    az_model_free(m);
}

static void test_yaml_loads(void **state)
{
    (void)state;
    static double x[400];
    az_dist d;
    az_dist_gamma(&d, 40, 0.4, NULL);
    draw(&d, x, 400, 1);
    az_fit_result r;
    assert_int_equal(az_fit_data(x, NULL, 400, NULL, &r, NULL), AZ_OK);
    assert_int_equal(r.nranked, AZ_FIT_NFAMILY);
    char y[1024];
    const char *units[] = {"s", "min", "h"};
    for (int u = 0; u < 3; u++)
        for (int f = 0; f < AZ_FIT_NFAMILY; f++) {
            assert_true(r.fit[f].fitted);
            az_fit_yaml(&r.fit[f], units[u], y, sizeof y);
            assert_loads(y);
        }
    az_fit_empirical_yaml(&r, "s", y, sizeof y);
    assert_loads(y);
    assert_non_null(strstr(y, "{empirical: {values: ["));
    az_fit_yaml(&r.fit[AZ_FIT_GAMMA], "s", y, sizeof y);
    assert_non_null(strstr(y, "{gamma: {mean: "));
    /* it is gamma data: gamma wins, and its mean is the sample's */
    assert_int_equal(r.rank[0], AZ_FIT_GAMMA);
    assert_true(fabs(r.fit[AZ_FIT_GAMMA].par[0] - r.mean) < 1e-6 * r.mean);
}

static void test_exponential_censored(void **state)
{
    (void)state;
    double x[12] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    unsigned char c[12] = {0};
    c[10] = c[11] = 1; /* two censored: total time 78 over 10 failures */
    az_fit f;
    assert_int_equal(az_fit_family_mle(AZ_FIT_EXPONENTIAL, x, c, 12, &f,
                                       NULL), AZ_OK);
    assert_true(fabs(f.par[0] - 7.8) < 1e-12);
    /* loglik: 10 log f + 2 log S */
    double ll = -10 * log(7.8) - 55 / 7.8 - 23 / 7.8;
    assert_true(fabs(f.loglik - ll) < 1e-9);
    assert_true(fabs(f.aic - (2 - 2 * ll)) < 1e-9);
    /* Weibull with censoring reaches at least exponential's likelihood */
    az_fit w;
    assert_int_equal(az_fit_family_mle(AZ_FIT_WEIBULL, x, c, 12, &w, NULL),
                     AZ_OK);
    assert_true(w.loglik >= f.loglik - 1e-6);
    /* censoring raises the mean: without it, 6.5 */
    assert_int_equal(az_fit_family_mle(AZ_FIT_EXPONENTIAL, x, NULL, 12, &f,
                                       NULL), AZ_OK);
    assert_true(fabs(f.par[0] - 6.5) < 1e-12);
}

static void test_bad_data(void **state)
{
    (void)state;
    double x[12] = {3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3};
    az_error err;
    assert_int_equal(az_fit_check(x, NULL, 12, &err), AZ_EINVAL);
    assert_non_null(strstr(err.msg, "constant"));
    assert_int_equal(az_fit_check(x, NULL, 9, &err), AZ_EINVAL);
    assert_non_null(strstr(err.msg, "at least 10"));
    x[4] = -1;
    assert_int_equal(az_fit_check(x, NULL, 12, &err), AZ_EINVAL);
    x[4] = 4;
    assert_int_equal(az_fit_check(x, NULL, 12, &err), AZ_OK);
}

static const char *write_tmp(const char *name, const char *text)
{
    static char path[256];
    snprintf(path, sizeof path, "/tmp/azalea-test-fit-%d-%s", (int)getpid(),
             name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return path;
}

static void test_read_sample(void **state)
{
    (void)state;
    az_fit_sample s;
    az_error err;
    const char *p = write_tmp("a.csv", "id,time\n1,3\n2,4\n3,5\n4,6\n5,7\n"
                              "6,8\n7,9\n8,10\n9,11\n10,12\n");
    assert_int_equal(az_fit_read_sample(p, "time", 1, &s, &err), AZ_OK);
    assert_int_equal(s.n, 10);
    assert_true(s.x[9] == 12 && s.line[9] == 11);
    assert_string_equal(s.column, "time");
    az_fit_sample_free(&s);
    assert_int_equal(az_fit_read_sample(p, "tme", 1, &s, &err), AZ_EINVAL);
    assert_non_null(strstr(err.msg, "no column 'tme'"));
    p = write_tmp("b.csv", "3\n4\n5\n4x\n");
    assert_int_equal(az_fit_read_sample(p, NULL, 1, &s, &err), AZ_EINVAL);
    assert_int_equal(err.line, 4);
    assert_non_null(strstr(err.msg, "expected a number"));
    p = write_tmp("c.csv", "t\n3\n4\n-5\n");
    assert_int_equal(az_fit_read_sample(p, NULL, 1, &s, &err), AZ_EINVAL);
    assert_int_equal(err.line, 4);
    assert_non_null(strstr(err.msg, "negative"));
    p = write_tmp("d.csv", "3\n4\n5\n");
    assert_int_equal(az_fit_read_sample(p, NULL, 1, &s, &err), AZ_EINVAL);
    assert_non_null(strstr(err.msg, "only 3 values"));
    remove(p);
}

static int nproblems;
static int problem_line;
static char problem_msg[512];
static void on_problem(void *ctx, const az_error *e)
{
    (void)ctx;
    nproblems++;
    problem_line = e->line;
    snprintf(problem_msg, sizeof problem_msg, "%s", e->msg);
}

static void test_downtime(void **state)
{
    (void)state;
    az_fit_downtime d;
    az_error err;
    const char *p = write_tmp("log.csv",
                              "machine,start,end,kind\n"
                              "a/1,100,110,failure\n"
                              "a/1,200,230,\n"
                              "a/2,50,60,failure\n"
                              "a/1,300,310,maintenance\n"
                              "b,2026-12-07 06:00,2026-12-07 06:10,failure\n");
    nproblems = 0;
    /* date-times and seconds without a start: refused */
    assert_int_equal(az_fit_read_downtime(p, NULL, NULL, on_problem, NULL,
                                          &d, &err), AZ_EINVAL);
    assert_int_equal(nproblems, 1);
    assert_non_null(strstr(problem_msg, "date-times and plain seconds"));
    p = write_tmp("log.csv", "machine,start,end,kind\n"
                  "a/1,100,110,failure\n"
                  "a/1,200,230,\n"
                  "a/2,50,60,failure\n"
                  "a/1,300,310,maintenance\n");
    assert_int_equal(az_fit_read_downtime(p, NULL, "400", on_problem, NULL,
                                          &d, &err), AZ_OK);
    assert_int_equal(d.nst, 1);
    const az_fit_station_log *s = &d.st[0];
    assert_int_equal(s->failures, 3);
    assert_int_equal(s->other, 1);
    assert_int_equal(s->machines, 2);
    /* a/1: up 90, then censored 400 - 230; a/2: censored 400 - 60 */
    assert_int_equal(s->nup, 3);
    assert_true(s->up[0] == 90 && !s->up_censored[0]);
    assert_true(s->up[1] == 170 && s->up_censored[1]);
    assert_true(s->up[2] == 340 && s->up_censored[2]);
    assert_true(s->repair[0] == 10 && s->repair[1] == 30);
    az_fit_downtime_free(&d);
    /* --end before the last end */
    assert_int_equal(az_fit_read_downtime(p, NULL, "250", on_problem, NULL,
                                          &d, &err), AZ_EINVAL);
    p = write_tmp("log.csv", "machine,start,end\n"
                  "a,100,110\na,105,120\na,300,290\n");
    nproblems = 0;
    assert_int_equal(az_fit_read_downtime(p, NULL, NULL, on_problem, NULL,
                                          &d, &err), AZ_EINVAL);
    assert_int_equal(nproblems, 1); /* the end before the start */
    assert_int_equal(problem_line, 4);
    assert_non_null(strstr(problem_msg, "before the start"));
    p = write_tmp("log.csv", "machine,start,end\n"
                  "a,100,110\na,105,120\na,300,390\n");
    nproblems = 0;
    assert_int_equal(az_fit_read_downtime(p, NULL, NULL, on_problem, NULL,
                                          &d, &err), AZ_EINVAL);
    assert_int_equal(nproblems, 1); /* the overlap */
    assert_int_equal(problem_line, 3);
    assert_non_null(strstr(problem_msg, "line 2 ends"));
    remove(p);
}

static void test_reproducible(void **state)
{
    (void)state;
    static double x[200];
    az_dist d;
    az_dist_weibull(&d, 1.5, 30, NULL);
    draw(&d, x, 200, 9);
    az_fit_options o = {19, 5};
    az_fit_result a, b;
    assert_int_equal(az_fit_data(x, NULL, 200, &o, &a, NULL), AZ_OK);
    assert_int_equal(az_fit_data(x, NULL, 200, &o, &b, NULL), AZ_OK);
    for (int f = 0; f < AZ_FIT_NFAMILY; f++) {
        assert_true(a.fit[f].p_value == b.fit[f].p_value);
        assert_true(a.fit[f].p_value >= 1.0 / 20 && a.fit[f].p_value <= 1);
    }
    /* the uniform is far off: the smallest p-value; Weibull is not */
    assert_true(a.fit[AZ_FIT_UNIFORM].p_value == 1.0 / 20);
    assert_true(a.fit[AZ_FIT_WEIBULL].p_value > 0.1);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_yaml_loads),
        cmocka_unit_test(test_exponential_censored),
        cmocka_unit_test(test_bad_data),
        cmocka_unit_test(test_read_sample),
        cmocka_unit_test(test_downtime),
        cmocka_unit_test(test_reproducible),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
