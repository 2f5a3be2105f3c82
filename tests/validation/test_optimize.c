/*
 * test_optimize.c: `optimize` finds the best buffer allocation of a line
 * whose every allocation's throughput is known exactly (issue 19).
 *
 * Four exponential machines in a row (means 1, 1.25, 1.25 and 1 s), the
 * first never starved (the release holds a unit ready), the last never
 * blocked, blocking after service; 8 buffer places to spread over the
 * three buffers, one unit of cost each. The throughput of an allocation
 * is that of a continuous-time Markov chain (each machine idle, working
 * or blocked, each buffer's count), solved here by Gauss-Seidel to 1e-12:
 * the exact answer for all 165 allocations within the budget.
 *
 * First the chain is checked against the engine (a long run of one
 * allocation, the exact value inside the 99 % CI, a value 2 % off
 * rejected), so that the chain is the engine's line. Then for seeds 1 to
 * 40 `optimize` (budget 8, delta 25 units/h, PCS 0.95) must return an
 * allocation within delta of the exact optimum for at least 38 of them
 * (95 %).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "azalea/optimize.h"
#include "azalea/whatif.h"

static const double MEAN[4] = {1.0, 1.25, 1.25, 1.0};
#define PLACES 8
#define DELTA 25.0

/* ---- the exact chain ---- */

/* A chain_state: machine k idle 0, working 1, blocked 2 (machine 0 never idle,
 * machine 3 never blocked), and each buffer's count. */
typedef struct chain_state {
    int st[4], c[3];
} chain_state;

static int cap_[3];

static int code_of(const chain_state *s)
{
    int x = 0;
    for (int k = 0; k < 4; k++)
        x = x * 3 + s->st[k];
    for (int k = 0; k < 3; k++)
        x = x * (PLACES + 1) + s->c[k];
    return x;
}

static void pull(chain_state *s, int j);

/* Machine j holds a finished unit: it moves on if it can. */
static void push(chain_state *s, int j)
{
    if (s->st[j + 1] == 0) { /* downstream idle (its buffer empty) */
        s->st[j + 1] = 1;
        s->st[j] = 0;
        pull(s, j);
    } else if (s->c[j] < cap_[j]) {
        s->c[j]++;
        s->st[j] = 0;
        pull(s, j);
    } else {
        s->st[j] = 2;
    }
}

/* Machine j is free: it takes its next unit if there is one. */
static void pull(chain_state *s, int j)
{
    if (j == 0) {
        s->st[0] = 1;
    } else if (s->c[j - 1] > 0) {
        s->c[j - 1]--;
        s->st[j] = 1;
        if (s->st[j - 1] == 2)
            push(s, j - 1);
    } else if (s->st[j - 1] == 2) {
        s->st[j] = 1;
        s->st[j - 1] = 0;
        pull(s, j - 1);
    } else {
        s->st[j] = 0;
    }
}

static chain_state complete(chain_state s, int j)
{
    if (j == 3) {
        s.st[3] = 0;
        pull(&s, 3);
    } else {
        push(&s, j);
    }
    return s;
}

enum { NCODE = 81 * (PLACES + 1) * (PLACES + 1) * (PLACES + 1) };

/* Units an hour of allocation a. */
static double exact_throughput(const int a[3])
{
    memcpy(cap_, a, sizeof cap_);
    static int idx[NCODE];
    for (int i = 0; i < NCODE; i++)
        idx[i] = -1;
    chain_state *sv = malloc(NCODE * sizeof *sv);
    int n = 0;
    chain_state s0 = {{1, 0, 0, 0}, {0, 0, 0}};
    sv[n] = s0;
    idx[code_of(&s0)] = n++;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < 4; j++) {
            if (sv[i].st[j] != 1)
                continue;
            chain_state t = complete(sv[i], j);
            if (idx[code_of(&t)] < 0) {
                sv[n] = t;
                idx[code_of(&t)] = n++;
            }
        }
    /* In-transitions for Gauss-Seidel on pi_s q_s = sum pi_t q_ts. */
    int *head = malloc((size_t)n * sizeof *head), *from = malloc((size_t)n * 4 *
                                                                 sizeof *from);
    double *rate = malloc((size_t)n * 4 * sizeof *rate), *out = calloc(
                                                      (size_t)n, sizeof *out);
    int *next = malloc((size_t)n * 4 * sizeof *next), ne = 0;
    for (int i = 0; i < n; i++)
        head[i] = -1;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < 4; j++) {
            if (sv[i].st[j] != 1)
                continue;
            chain_state t = complete(sv[i], j);
            int k = idx[code_of(&t)];
            out[i] += 1 / MEAN[j];
            from[ne] = i;
            rate[ne] = 1 / MEAN[j];
            next[ne] = head[k];
            head[k] = ne++;
        }
    double *pi = malloc((size_t)n * sizeof *pi);
    for (int i = 0; i < n; i++)
        pi[i] = 1.0 / n;
    for (int it = 0; it < 200000; it++) {
        double change = 0, sum = 0;
        for (int i = 0; i < n; i++) {
            double in = 0;
            for (int e = head[i]; e >= 0; e = next[e])
                in += pi[from[e]] * rate[e];
            double v = in / out[i];
            change += fabs(v - pi[i]);
            pi[i] = v;
            sum += v;
        }
        for (int i = 0; i < n; i++)
            pi[i] /= sum;
        if (change < 1e-13)
            break;
    }
    double tp = 0;
    for (int i = 0; i < n; i++)
        if (sv[i].st[3] == 1)
            tp += pi[i] / MEAN[3];
    free(sv);
    free(head);
    free(from);
    free(rate);
    free(out);
    free(next);
    free(pi);
    return tp * 3600;
}

/* ---- the model ---- */

static const char text[] =
    "name: buffer allocation\ntime_unit: s\n"
    "run: {horizon: 6000 s, warmup: 500 s, replications: 10, seed: 1}\n"
    "products: [{name: p}]\n"
    "release: {interarrival: 0 s}\n"
    "stations:\n"
    "  s1: {process: {exponential: {mean: 1 s}}}\n"
    "  s2: {process: {exponential: {mean: 1.25 s}}}\n"
    "  s3: {process: {exponential: {mean: 1.25 s}}}\n"
    "  s4: {process: {exponential: {mean: 1 s}}}\n"
    "buffers:\n"
    "  in: {to: s1, capacity: 0}\n"
    "  b1: {from: s1, to: s2, capacity: 0}\n"
    "  b2: {from: s2, to: s3, capacity: 0}\n"
    "  b3: {from: s3, to: s4, capacity: 0}\n"
    "routes: {p: [s1, s2, s3, s4]}\n"
    "optimize:\n"
    "  objective: max_throughput\n"
    "  budget: 8\n"
    "  decisions:\n"
    "    - {set: buffers.b1.capacity, to: 8, cost: 1}\n"
    "    - {set: buffers.b2.capacity, to: 8, cost: 1}\n"
    "    - {set: buffers.b3.capacity, to: 8, cost: 1}\n"
    "  search: {evaluations: 120, screen_replications: 3, "
    "screen_horizon: 1500 s, delta: 25, pcs: 0.95}\n";

static void test_chain_is_the_engine(void **st_)
{
    (void)st_;
    int a[3] = {1, 3, 2};
    double exact = exact_throughput(a);
    const char *sets[] = {"buffers.b1.capacity=1", "buffers.b2.capacity=3",
                          "buffers.b3.capacity=2"};
    az_whatif_source src = {.text = text, .len = sizeof text - 1,
                            .name = "ba.yaml", .overrides = sets,
                            .noverrides = 3};
    az_experiment_config cfg = az_experiment_defaults();
    cfg.replications = 20;
    cfg.horizon = 40000;
    cfg.warmup = 1000;
    cfg.threads = 2;
    cfg.level = 0.99;
    const char *scen[] = {"buffers.b1.capacity=1"}; /* the same again */
    az_whatif *w = NULL;
    az_error err;
    assert_int_equal(az_compare(&src, &cfg, scen, 1, NULL, &w, &err), AZ_OK);
    const az_summary *s = az_whatif_base(w)->summary;
    size_t i = az_summary_metric_index(s, AZ_SCOPE_SYSTEM, 0, AZ_M_THROUGHPUT);
    double mean = az_summary_mean(s, i) * 3600;
    double half = az_summary_halfwidth(s, i) * 3600;
    print_message("allocation 1,3,2: exact %.4f units/h, engine %.4f ± %.4f\n",
                  exact, mean, half);
    assert_true(fabs(mean - exact) <= half);
    assert_true(fabs(mean - 1.02 * exact) > half);
    az_whatif_free(w);
}

static void test_optimize_finds_the_best(void **st_)
{
    (void)st_;
    /* Every allocation within the budget, exactly. */
    double best = 0, tp[PLACES + 1][PLACES + 1][PLACES + 1];
    int na = 0;
    for (int a = 0; a <= PLACES; a++)
        for (int b = 0; a + b <= PLACES; b++)
            for (int c = 0; a + b + c <= PLACES; c++) {
                int al[3] = {a, b, c};
                tp[a][b][c] = exact_throughput(al);
                if (tp[a][b][c] > best)
                    best = tp[a][b][c];
                na++;
            }
    int near = 0;
    for (int a = 0; a <= PLACES; a++)
        for (int b = 0; a + b <= PLACES; b++)
            for (int c = 0; a + b + c <= PLACES; c++)
                near += tp[a][b][c] >= best - DELTA;
    print_message("%d allocations; the best makes %.3f units/h; %d within "
                  "delta of it; today's line (no places) %.3f\n", na, best,
                  near, tp[0][0][0]);
    /* The test has teeth: most allocations, and today's line, miss. */
    assert_true(near * 4 < na);
    assert_true(tp[0][0][0] < best - DELTA);
    int ok = 0;
    size_t evals = 0;
    for (uint64_t seed = 1; seed <= 40; seed++) {
        az_whatif_source src = {.text = text, .len = sizeof text - 1,
                                .name = "ba.yaml"};
        az_experiment_config cfg = az_experiment_defaults();
        cfg.seed = seed;
        cfg.replications = 10;
        cfg.horizon = 6000;
        cfg.warmup = 500;
        cfg.threads = 2;
        az_whatif *w = NULL;
        az_error err;
        if (az_optimize(&src, &cfg, NULL, &w, &err))
            fail_msg("seed %llu: %s", (unsigned long long)seed, err.msg);
        az_opt_info info;
        assert_true(az_whatif_optimize_info(w, &info));
        evals += info.evaluated;
        const az_whatif_run *r = info.best ? &az_whatif_runs(w)[info.best - 1]
                                           : az_whatif_base(w);
        int a[3] = {0, 0, 0};
        const char *c = r->changes ? r->changes : "";
        const char *p;
        if ((p = strstr(c, "b1.capacity=")))
            a[0] = atoi(p + 12);
        if ((p = strstr(c, "b2.capacity=")))
            a[1] = atoi(p + 12);
        if ((p = strstr(c, "b3.capacity=")))
            a[2] = atoi(p + 12);
        assert_true(a[0] + a[1] + a[2] <= PLACES);
        double got = tp[a[0]][a[1]][a[2]];
        ok += got >= best - DELTA;
        if (got < best - DELTA)
            print_message("seed %llu: %d,%d,%d at %.3f, %.3f below the best\n",
                          (unsigned long long)seed, a[0], a[1], a[2], got,
                          best - got);
        az_whatif_free(w);
    }
    print_message("within delta of the optimum: %d of 40 seeds (%.1f "
                  "configurations screened a seed)\n", ok, evals / 40.0);
    assert_true(ok >= 38);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_chain_is_the_engine),
        cmocka_unit_test(test_optimize_finds_the_best),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
