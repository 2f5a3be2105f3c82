/*
 * test_queueing.c: the engine against exact queueing theory (Gross and
 * Harris, Fundamentals of Queueing Theory): M/M/1 at rho 0.5 and 0.9, M/M/3
 * (Erlang C), M/D/1 and M/G/1 (Pollaczek-Khinchine), a Jackson tandem and a
 * feedback loop (each station an M/M/c at its total arrival rate).
 *
 * For each: mean time in system, mean number in system and utilisation lie
 * inside the 99 % CI over 20 replications, the 95 % CI is narrower than 2 %
 * of the mean, Little's law holds within the CI, and a value 5 % off the
 * theory is rejected, which shows the check can fail.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "azalea/experiment.h"
#include "azalea/stats.h"

#define REPS 20

typedef struct check {
    const char *what;
    az_scope scope;
    uint32_t object;
    az_metric_kind kind;
    double theory;
} check;

/* Mean and 99 % half-width of metric i over the replications. */
static void ci99(const az_summary *s, size_t i, double *mean, double *half)
{
    double x[REPS];
    uint32_t n = az_summary_replications(s);
    assert_true(n <= REPS);
    for (uint32_t r = 0; r < n; r++)
        x[r] = az_summary_value(s, r, i);
    assert_int_equal(az_ci_mean(x, n, 0.99, mean, half, NULL), AZ_OK);
}

/* 1 if theory lies in the 99 % CI of the metric; also checks precision. */
static int agrees(const az_summary *s, const check *c, double theory)
{
    size_t i = az_summary_metric_index(s, c->scope, c->object, c->kind);
    assert_true(i != (size_t)-1);
    double mean, half;
    ci99(s, i, &mean, &half);
    double rel95 = az_summary_halfwidth(s, i) / fabs(az_summary_mean(s, i));
    if (rel95 >= 0.02)
        fail_msg("%s: 95%% half-width is %.2f%% of the mean, want < 2%%",
                 c->what, 100 * rel95);
    return fabs(mean - theory) <= half;
}

static void verify(const az_summary *s, const check *c, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        size_t i = az_summary_metric_index(s, c[k].scope, c[k].object,
                                           c[k].kind);
        double mean, half;
        ci99(s, i, &mean, &half);
        print_message("  %-28s theory %-9.5g sim %.5g +/- %.3g\n",
                      c[k].what, c[k].theory, mean, half);
        if (!agrees(s, &c[k], c[k].theory))
            fail_msg("%s: theory %g outside 99%% CI %g +/- %g", c[k].what,
                     c[k].theory, mean, half);
        /* The same check must reject a theory 5 % off. */
        if (agrees(s, &c[k], c[k].theory * 1.05) ||
            agrees(s, &c[k], c[k].theory * 0.95))
            fail_msg("%s: a value 5%% off the theory was not rejected",
                     c[k].what);
    }
}

/* Little's law, per replication-mean: L = throughput * W within the CI. */
static void littles_law(const az_summary *s)
{
    size_t iL = az_summary_metric_index(s, AZ_SCOPE_SYSTEM, 0, AZ_M_WIP);
    size_t iW = az_summary_metric_index(s, AZ_SCOPE_SYSTEM, 0, AZ_M_LEAD_MEAN);
    size_t iX = az_summary_metric_index(s, AZ_SCOPE_SYSTEM, 0, AZ_M_THROUGHPUT);
    double d[REPS], mean, half;
    uint32_t n = az_summary_replications(s);
    for (uint32_t r = 0; r < n; r++)
        d[r] = az_summary_value(s, r, iL) -
               az_summary_value(s, r, iX) * az_summary_value(s, r, iW);
    assert_int_equal(az_ci_mean(d, n, 0.99, &mean, &half, NULL), AZ_OK);
    double L = az_summary_mean(s, iL);
    if (fabs(mean) > half + 0.005 * L)
        fail_msg("Little's law: L - X W = %g +/- %g (L = %g)", mean, half, L);
}

static az_summary *run(az_model *m, double horizon, double warmup)
{
    az_experiment_config cfg = az_experiment_defaults();
    cfg.seed = 20261126;
    cfg.replications = REPS;
    cfg.horizon = horizon;
    cfg.warmup = warmup;
    cfg.threads = 2;
    az_summary *s = NULL;
    az_error err;
    if (az_experiment_run(m, &cfg, &s, &err) != AZ_OK)
        fail_msg("experiment: %s", err.msg);
    littles_law(s);
    return s;
}

/* One station fed by a Poisson source; returns the model. */
static az_model *single(double lambda, uint32_t c, const az_dist *service)
{
    az_model *m;
    az_dist ia;
    uint32_t st, p, src;
    assert_int_equal(az_model_create("single", &m, NULL), AZ_OK);
    assert_int_equal(az_dist_exponential(&ia, 1 / lambda, NULL), AZ_OK);
    assert_int_equal(az_model_add_station(m, "s", c, service, &st, NULL), AZ_OK);
    assert_int_equal(az_model_add_product(m, "u", &p, NULL), AZ_OK);
    assert_int_equal(az_model_add_step(m, p, st, NULL, NULL), AZ_OK);
    assert_int_equal(az_model_add_source(m, "in", &ia, &src, NULL), AZ_OK);
    assert_int_equal(az_model_source_add_product(m, src, p, 1, NULL), AZ_OK);
    return m;
}

static void station_checks(check *c, double W, double L, double util,
                           double lambda)
{
    c[0] = (check){"time in system W", AZ_SCOPE_SYSTEM, 0, AZ_M_LEAD_MEAN, W};
    c[1] = (check){"number in system L", AZ_SCOPE_SYSTEM, 0, AZ_M_WIP, L};
    c[2] = (check){"utilisation", AZ_SCOPE_STATION, 0, AZ_M_UTIL, util};
    c[3] = (check){"throughput", AZ_SCOPE_SYSTEM, 0, AZ_M_THROUGHPUT, lambda};
}

static void mm1(double rho, double horizon)
{
    az_dist svc;
    assert_int_equal(az_dist_exponential(&svc, 1.0, NULL), AZ_OK);
    az_model *m = single(rho, 1, &svc);
    az_summary *s = run(m, horizon, horizon / 50);
    check c[4];
    station_checks(c, 1 / (1 - rho), rho / (1 - rho), rho, rho);
    verify(s, c, 4);
    az_summary_free(s);
    az_model_free(m);
}

static void test_mm1_rho05(void **state)
{
    (void)state;
    mm1(0.5, 2e4);
}

static void test_mm1_rho09(void **state)
{
    (void)state;
    mm1(0.9, 5e5);
}

/* Erlang C probability of waiting for c servers at offered load a. */
static double erlang_c(unsigned c, double a)
{
    double term = 1, sum = 0;
    for (unsigned k = 0; k < c; k++) {
        sum += term;
        term *= a / (k + 1);
    }
    double top = term / (1 - a / c);
    return top / (sum + top);
}

static void test_mm3_rho08(void **state)
{
    (void)state;
    const double lambda = 2.4, mu = 1;
    az_dist svc;
    assert_int_equal(az_dist_exponential(&svc, 1 / mu, NULL), AZ_OK);
    az_model *m = single(lambda, 3, &svc);
    az_summary *s = run(m, 1e5, 2e3);
    double Wq = erlang_c(3, lambda / mu) / (3 * mu - lambda);
    check c[5];
    station_checks(c, Wq + 1 / mu, lambda * (Wq + 1 / mu), 0.8, lambda);
    c[4] = (check){"wait in queue Wq", AZ_SCOPE_STATION, 0, AZ_M_WAIT, Wq};
    verify(s, c, 5);
    az_summary_free(s);
    az_model_free(m);
}

/* Pollaczek-Khinchine: Wq = lambda E[S^2] / (2 (1 - rho)). */
static void mg1(const az_dist *svc, double lambda, double horizon)
{
    az_model *m = single(lambda, 1, svc);
    az_summary *s = run(m, horizon, horizon / 50);
    double ES = az_dist_mean(svc), ES2 = az_dist_variance(svc) + ES * ES;
    double rho = lambda * ES, Wq = lambda * ES2 / (2 * (1 - rho));
    check c[5];
    station_checks(c, Wq + ES, lambda * (Wq + ES), rho, lambda);
    c[4] = (check){"wait in queue Wq", AZ_SCOPE_STATION, 0, AZ_M_WAIT, Wq};
    verify(s, c, 5);
    az_summary_free(s);
    az_model_free(m);
}

static void test_md1(void **state)
{
    (void)state;
    az_dist d;
    assert_int_equal(az_dist_constant(&d, 1.0, NULL), AZ_OK);
    mg1(&d, 0.8, 1e5);
}

static void test_mg1_lognormal(void **state)
{
    (void)state;
    az_dist d;
    assert_int_equal(az_dist_lognormal(&d, 1.0, 0.5, NULL), AZ_OK);
    mg1(&d, 0.8, 1e5);
}

/* Three exponential stations in series: each an M/M/1 at rate lambda. */
static void test_jackson_tandem(void **state)
{
    (void)state;
    const double lambda = 1, mu[3] = {2, 1.5, 1.25};
    az_model *m;
    az_dist ia, svc;
    uint32_t p, src, st;
    assert_int_equal(az_model_create("tandem", &m, NULL), AZ_OK);
    assert_int_equal(az_model_add_product(m, "u", &p, NULL), AZ_OK);
    const char *names[3] = {"a", "b", "c"};
    double W = 0;
    for (int i = 0; i < 3; i++) {
        assert_int_equal(az_dist_exponential(&svc, 1 / mu[i], NULL), AZ_OK);
        assert_int_equal(az_model_add_station(m, names[i], 1, &svc, &st, NULL),
                         AZ_OK);
        assert_int_equal(az_model_add_step(m, p, st, NULL, NULL), AZ_OK);
        W += 1 / (mu[i] - lambda);
    }
    assert_int_equal(az_dist_exponential(&ia, 1 / lambda, NULL), AZ_OK);
    assert_int_equal(az_model_add_source(m, "in", &ia, &src, NULL), AZ_OK);
    assert_int_equal(az_model_source_add_product(m, src, p, 1, NULL), AZ_OK);
    az_summary *s = run(m, 2e5, 4e3);
    check c[6];
    station_checks(c, W, lambda * W, lambda / mu[0], lambda);
    c[4] = (check){"station c time", AZ_SCOPE_STATION, 2, AZ_M_TIME,
                   1 / (mu[2] - lambda)};
    c[5] = (check){"station c number", AZ_SCOPE_STATION, 2, AZ_M_NUMBER,
                   (lambda / mu[2]) / (1 - lambda / mu[2])};
    verify(s, c, 6);
    az_summary_free(s);
    az_model_free(m);
}

/* One station, after which 10 % of units go round again (rework loop): an
 * M/M/1 at lambda / (1 - p), visited 1 / (1 - p) times. */
static void test_feedback(void **state)
{
    (void)state;
    const double lambda = 0.5, mu = 1, p = 0.1;
    az_dist svc;
    assert_int_equal(az_dist_exponential(&svc, 1 / mu, NULL), AZ_OK);
    az_model *m = single(lambda, 1, &svc);
    assert_int_equal(az_model_add_branch(m, 0, 0, 0, p, NULL), AZ_OK);
    assert_int_equal(az_model_add_branch(m, 0, 0, AZ_EXIT, 1 - p, NULL), AZ_OK);
    az_summary *s = run(m, 1e5, 2e3);
    double le = lambda / (1 - p), rho = le / mu, Wv = 1 / (mu - le);
    check c[6];
    station_checks(c, Wv / (1 - p), lambda * Wv / (1 - p), rho, lambda);
    c[4] = (check){"time per visit", AZ_SCOPE_STATION, 0, AZ_M_TIME, Wv};
    c[5] = (check){"visit rate", AZ_SCOPE_STATION, 0, AZ_M_VISITS, le};
    verify(s, c, 6);
    az_summary_free(s);
    az_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mm1_rho05),
        cmocka_unit_test(test_mm1_rho09),
        cmocka_unit_test(test_mm3_rho08),
        cmocka_unit_test(test_md1),
        cmocka_unit_test(test_mg1_lognormal),
        cmocka_unit_test(test_jackson_tandem),
        cmocka_unit_test(test_feedback),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
