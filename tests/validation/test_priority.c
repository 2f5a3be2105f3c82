/*
 * test_priority.c: priority and SPT dispatching against Cobham's formula
 * (issue 16, part 3; ../shared/REFERENCES.md, M/G/1 with non-preemptive
 * priorities).
 *
 * One machine, Poisson arrivals at 0.5 a second, half of each of two
 * products with lognormal times: a, mean 1 s and cv 1 (E[S^2] = 2), and
 * b, mean 1.5 s and cv 0.5 (E[S^2] = 2.8125). Loads 0.25 and 0.375, so
 * W0 = sum l_i E[S_i^2] / 2 = 0.6015625 s and, with a served first,
 *   Wq_a = W0 / (1 - 0.25)                = 0.802083 s,
 *   Wq_b = W0 / ((1 - 0.25)(1 - 0.625))   = 2.138889 s,
 * while FIFO waits W0 / (1 - 0.625) = 1.604167 s for both. A product's
 * lead time is its wait plus its mean time. `priority` gives a priority
 * 1; `shortest_process` finds a shorter and must give the same; FIFO
 * must give Pollaczek-Khinchine. Each figure: 20 replications, the exact
 * value inside the 99 % CI, a value 5 % off rejected.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "validation_fixture.h"

#define REPS 20
#define W0 0.6015625

static az_summary *run(const char *rule, const char *prio, az_model **out)
{
    char text[1024];
    snprintf(text, sizeof text,
             "name: cobham\ntime_unit: s\n"
             "run: {horizon: 4 d, warmup: 1 h, replications: %d, seed: 5}\n"
             "products:\n"
             "  - {name: a, mix: 0.5%s}\n"
             "  - {name: b, mix: 0.5}\n"
             "release: {interarrival: {exponential: {mean: 2 s}}}\n"
             "stations:\n"
             "  m: {process: {lognormal: {mean: 1 s, cv: 1}}, "
             "process_by_product: {b: {lognormal: {mean: 1.5 s, cv: 0.5}}}, "
             "dispatch: %s}\n"
             "routes: {default: [m]}\n",
             REPS, prio, rule);
    return vx_run(text, "cobham.yaml", out);
}

static void check_cobham(az_summary *s)
{
    vx_inside(s, AZ_SCOPE_PRODUCT, 0, AZ_M_LEAD_MEAN, W0 / 0.75 + 1.0,
              "lead time of a (Wq_a + 1 s)");
    vx_inside(s, AZ_SCOPE_PRODUCT, 1, AZ_M_LEAD_MEAN,
              W0 / (0.75 * 0.375) + 1.5, "lead time of b (Wq_b + 1.5 s)");
}

static void test_priority_is_cobham(void **state)
{
    (void)state;
    az_model *m;
    az_summary *s = run("priority", ", priority: 1", &m);
    check_cobham(s);
    az_summary_free(s);
    az_model_free(m);
}

static void test_spt_is_cobham_and_beats_fifo(void **state)
{
    (void)state;
    az_model *m, *mf;
    az_summary *s = run("shortest_process", "", &m);
    az_summary *f = run("fifo", "", &mf);
    check_cobham(s);
    vx_inside(f, AZ_SCOPE_STATION, 0, AZ_M_WAIT, W0 / 0.375,
              "FIFO wait (Pollaczek-Khinchine)");
    double ws, hs, wf, hf;
    vx_ci99(s, AZ_SCOPE_STATION, 0, AZ_M_WAIT, &ws, &hs);
    vx_ci99(f, AZ_SCOPE_STATION, 0, AZ_M_WAIT, &wf, &hf);
    print_message("  mean wait: SPT %.4f +/- %.4f, FIFO %.4f +/- %.4f\n", ws,
                  hs, wf, hf);
    assert_true(ws + hs < wf - hf);
    az_summary_free(s);
    az_summary_free(f);
    az_model_free(m);
    az_model_free(mf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_priority_is_cobham),
        cmocka_unit_test(test_spt_is_cobham_and_beats_fifo),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
