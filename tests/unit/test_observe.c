/*
 * test_observe.c: the run observer (sim.h) and the CSV trace (trace.h).
 * What the observer is told must add up to the run's own metrics (time in
 * each machine state, units in and out, lead times), and observing must not
 * change a single result.
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

#include "azalea/experiment.h"
#include "azalea/load.h"
#include "azalea/sim.h"
#include "azalea/trace.h"

#include "observe_fixture.h"

enum { MAXM = 64, MAXU = 1 << 20 };

/* What a test observer adds up. */
typedef struct tally {
    double warmup, horizon, last_t;
    int out_of_order;
    uint32_t first_row[32], nrow;
    az_machine_state cur[MAXM];
    double since[MAXM];
    double in_state[32][AZ_MS_COUNT]; /* per station, after the warm-up */
    uint64_t changes, repeats, not_at_zero, starts;
    uint64_t entered, entered_all, done, done_all, scrapped, joined;
    uint64_t bad_ids, left_twice, unheld_work;
    double lead_sum;
    unsigned char *state; /* per unit id: 0 unseen, 1 inside, 2 left */
} tally;

static void check_time(tally *k, double t)
{
    k->out_of_order += t < k->last_t;
    k->last_t = t;
}

/* Adds the part of [a, b) after the warm-up to station x's state time. */
static void add_time(tally *k, uint32_t x, az_machine_state st, double a,
                     double b)
{
    if (a < k->warmup)
        a = k->warmup;
    if (b > a)
        k->in_state[x][st] += b - a;
}

static void on_machine(void *ctx, double t, uint32_t station, uint32_t machine,
                       az_machine_state state, uint32_t product, uint32_t unit)
{
    tally *k = ctx;
    check_time(k, t);
    uint32_t row = k->first_row[station] + machine;
    assert_true(row < k->nrow);
    if (k->since[row] < 0) { /* the start report */
        k->starts++;
        k->not_at_zero += t != 0 || state != AZ_MS_STARVED;
    } else {
        k->changes++;
        k->repeats += state == k->cur[row];
        add_time(k, station, k->cur[row], k->since[row], t);
    }
    /* Working and setting up always concern a unit that is inside. */
    if (state == AZ_MS_WORKING || state == AZ_MS_SETUP)
        k->unheld_work += unit == 0 || unit >= MAXU || k->state[unit] != 1 ||
                          product == UINT32_MAX;
    k->cur[row] = state;
    k->since[row] = t;
}

static void on_enter(void *ctx, double t, uint32_t product, uint32_t unit)
{
    tally *k = ctx;
    (void)product;
    check_time(k, t);
    k->entered_all++;
    k->entered += t >= k->warmup;
    /* Ids count releases: 1, 2, 3... */
    k->bad_ids += unit != k->entered_all || unit >= MAXU || k->state[unit];
    if (unit < MAXU)
        k->state[unit] = 1;
}

static void on_leave(void *ctx, double t, uint32_t product, uint32_t unit,
                     az_unit_exit how, double lead)
{
    tally *k = ctx;
    (void)product;
    check_time(k, t);
    k->left_twice += unit == 0 || unit >= MAXU || k->state[unit] != 1;
    if (unit < MAXU)
        k->state[unit] = 2;
    if (how == AZ_EXIT_DONE) {
        k->done_all++;
        if (t >= k->warmup) {
            k->done++;
            k->lead_sum += lead;
        }
    }
    k->scrapped += how == AZ_EXIT_SCRAPPED && t >= k->warmup;
    k->joined += how == AZ_EXIT_JOINED;
}

static const az_observer obs = {.version = AZ_OBSERVER_VERSION,
                                .machine = on_machine,
                                .enter = on_enter,
                                .leave = on_leave};

static void near(double got, double want, double tol, const char *what)
{
    if (!(fabs(got - want) <= tol))
        fail_msg("%s: got %.17g, want %.17g", what, got, want);
}

/* Runs `path` for `horizon` with and without the observer: identical
 * results, and the tally matches the metrics. Times in seconds.
 * all_states: the model puts machines in every state. */
static void check_model(const char *path, double horizon, double warmup,
                        int expect_joined, int all_states)
{
    az_experiment_config run;
    az_model *m = load(path, &run);
    horizon /= az_model_time_unit_seconds(m);
    warmup /= az_model_time_unit_seconds(m);
    az_sim *plain, *watched;
    assert_int_equal(az_sim_create(m, &plain, NULL), AZ_OK);
    assert_int_equal(az_sim_create(m, &watched, NULL), AZ_OK);
    tally *k = calloc(1, sizeof *k);
    k->state = calloc(MAXU, 1);
    assert_non_null(k->state);
    k->warmup = warmup;
    k->horizon = horizon;
    size_t ns = az_model_station_count(m);
    assert_true(ns <= 32);
    for (size_t i = 0; i < ns; i++) {
        k->first_row[i] = k->nrow;
        k->nrow += az_model_station_machines(m, i);
    }
    assert_true(k->nrow <= MAXM);
    for (uint32_t r = 0; r < k->nrow; r++)
        k->since[r] = -1;
    assert_int_equal(az_sim_set_observer(watched, &obs, k, NULL), AZ_OK);
    az_run_config cfg = {horizon, warmup, 5, 1, NULL};
    az_error err;
    assert_int_equal(az_sim_run(plain, &cfg, &err), AZ_OK);
    assert_int_equal(az_sim_run(watched, &cfg, &err), AZ_OK);

    /* Observing changes nothing. */
    size_t n = az_sim_metric_count(plain);
    assert_memory_equal(az_sim_results(plain), az_sim_results(watched),
                        n * sizeof(double));
    assert_int_equal(az_sim_events(plain), az_sim_events(watched));

    assert_int_equal(k->out_of_order, 0);
    assert_int_equal(k->starts, k->nrow);
    assert_int_equal(k->not_at_zero, 0);
    assert_true(k->changes > 100);
    assert_int_equal(k->repeats, 0);
    assert_int_equal(k->bad_ids, 0);
    assert_int_equal(k->left_twice, 0);
    assert_int_equal(k->unheld_work, 0);
    assert_true(expect_joined ? k->joined > 0 : k->joined == 0);

    /* Units: released and finished after the warm-up, and their lead time. */
    assert_int_equal(k->entered,
                     (uint64_t)metric(watched, AZ_SCOPE_SYSTEM, 0, AZ_M_RELEASED));
    assert_int_equal(k->done,
                     (uint64_t)metric(watched, AZ_SCOPE_SYSTEM, 0, AZ_M_COMPLETED));
    assert_int_equal(k->scrapped,
                     (uint64_t)metric(watched, AZ_SCOPE_SYSTEM, 0, AZ_M_SCRAPPED));
    az_flow f = az_sim_flow(watched);
    assert_int_equal(k->entered_all, f.released);
    assert_int_equal(k->done_all, f.completed);
    double lead = metric(watched, AZ_SCOPE_SYSTEM, 0, AZ_M_LEAD_MEAN);
    assert_true(k->done > 0);
    near(k->lead_sum / k->done, lead, 1e-9 * lead, "lead time mean");

    /* Machine time: the observer's state durations give the metrics'
     * shares. */
    static const az_metric_kind kind[AZ_MS_COUNT] = {
        [AZ_MS_STARVED] = AZ_M_IDLE, [AZ_MS_SETUP] = AZ_M_SETUP,
        [AZ_MS_WORKING] = AZ_M_UTIL, [AZ_MS_BLOCKED] = AZ_M_BLOCKED,
        [AZ_MS_FAILED] = AZ_M_DOWN, [AZ_MS_WAIT_OPERATOR] = AZ_M_WAIT_OP,
        [AZ_MS_OFF_SHIFT] = AZ_M_OFF, [AZ_MS_MAINTENANCE] = AZ_M_MAINT};
    for (uint32_t x = 0; x < ns; x++)
        for (uint32_t j = 0; j < az_model_station_machines(m, x); j++) {
            uint32_t row = k->first_row[x] + j;
            add_time(k, x, k->cur[row], k->since[row], horizon);
        }
    int seen[AZ_MS_COUNT] = {0};
    for (uint32_t x = 0; x < ns; x++) {
        double span = (horizon - warmup) * az_model_station_machines(m, x);
        for (int st = 0; st < AZ_MS_COUNT; st++) {
            double want = metric(watched, AZ_SCOPE_STATION, x, kind[st]);
            near(k->in_state[x][st] / span, want, 1e-9,
                 az_machine_state_name((az_machine_state)st));
            seen[st] |= want > 0;
        }
    }
    for (int st = 0; st < AZ_MS_COUNT; st++) /* the model uses every state */
        assert_true(seen[st] || expect_joined || !all_states);

    /* Cleared, the observer hears nothing more. */
    uint64_t before = k->changes;
    assert_int_equal(az_sim_set_observer(watched, NULL, NULL, NULL), AZ_OK);
    assert_int_equal(az_sim_run(watched, &cfg, &err), AZ_OK);
    assert_int_equal(k->changes, before);

    free(k->state);
    free(k);
    az_sim_free(plain);
    az_sim_free(watched);
    az_model_free(m);
}

static void test_blocks_line_adds_up(void **state)
{
    (void)state;
    /* Shifts, failures, changeovers, operators, tests and cartons: every
     * machine state occurs. Four weeks: in two, blocking before the oven
     * may not happen at all in a given sample. */
    check_model("examples/line-blocks.yaml", 28 * 86400.0, 86400.0, 0, 1);
}

static void test_assembly_line_adds_up(void **state)
{
    (void)state;
    /* Components leave as "joined" when they reach the assembly store. */
    check_model("examples/line-assembly.yaml", 7 * 86400.0, 86400.0, 1, 1);
}

static void test_busy_general_cell_adds_up(void **state)
{
    (void)state;
    /* Stations off the simple path whose machine finds its next unit
     * waiting: unobserved, it takes it at once (flow.c, again); observed,
     * it goes the long way through STARVED. The same bits either way. */
    check_model("tests/models/good/busy-setup-cell.yaml", 10 * 86400.0,
                86400.0, 0, 0);
}

static void test_names(void **state)
{
    (void)state;
    assert_string_equal(az_machine_state_name(AZ_MS_STARVED), "starved");
    assert_string_equal(az_machine_state_name(AZ_MS_WORKING), "working");
    assert_string_equal(az_machine_state_name(AZ_MS_WAIT_OPERATOR),
                        "waiting_operator");
    assert_string_equal(az_machine_state_name(AZ_MS_OFF_SHIFT), "off_shift");
    assert_string_equal(az_machine_state_name(AZ_MS_COUNT), "?");
    /* The same words as the metrics of the same shares. */
    assert_string_equal(az_machine_state_name(AZ_MS_FAILED),
                        az_metric_kind_name(AZ_M_DOWN));
    assert_string_equal(az_machine_state_name(AZ_MS_BLOCKED),
                        az_metric_kind_name(AZ_M_BLOCKED));
    assert_string_equal(az_machine_state_name(AZ_MS_MAINTENANCE),
                        az_metric_kind_name(AZ_M_MAINT));
    assert_string_equal(az_unit_exit_name(AZ_EXIT_DONE), "done");
    assert_string_equal(az_unit_exit_name(AZ_EXIT_SCRAPPED), "scrapped");
    assert_string_equal(az_unit_exit_name(AZ_EXIT_JOINED), "joined");
}

static void test_trace_csv(void **state)
{
    (void)state;
    az_experiment_config run;
    az_model *m = load("examples/tutorial-line.yaml", &run);
    run.horizon = 86400;
    run.warmup = 0;
    char path[] = "/tmp/azalea-test-trace-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    az_error err;
    assert_int_equal(az_trace_csv(path, m, &run, 0, &err), AZ_OK);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char line[512];
    assert_non_null(fgets(line, sizeof line, f));
    assert_string_equal(line, "time,object,state,product,unit,count\n");
    size_t rows = 0, enters = 0, dones = 0, buffer_rows = 0;
    long content[8] = {0}; /* the tutorial line's buffers, by first letter */
    double last = 0;
    while (fgets(line, sizeof line, f)) {
        double t;
        char obj[64], st[64];
        assert_int_equal(sscanf(line, "%lf,%63[^,],%63[^,]", &t, obj, st), 3);
        assert_true(t >= last && t <= run.horizon);
        last = t;
        enters += !strcmp(obj, "line") && !strcmp(st, "enter");
        dones += !strcmp(obj, "line") && !strcmp(st, "done");
        rows++;
        /* Six fields; a buffer's count follows its ins and outs. */
        const char *c = line;
        int commas = 0;
        for (; *c; c++)
            commas += *c == ',';
        assert_int_equal(commas, 5);
        char *slash = strstr(obj, "/buffer");
        if (slash && slash[7] == '\0') {
            long *v = &content[(unsigned char)obj[0] % 8];
            *v += !strcmp(st, "in") ? 1 : -1;
            assert_int_equal(atol(strrchr(line, ',') + 1), *v);
            buffer_rows++;
        }
    }
    assert_true(buffer_rows > 100);
    fclose(f);
    remove(path);
    /* The tutorial line releases a kit every 40 s: about 2,160 a day. */
    assert_true(enters > 1800 && enters < 2600);
    assert_true(dones > 1700 && dones <= enters);
    assert_true(rows > 4 * enters);

    /* An unwritable path: AZ_EIO, and no file left behind. */
    assert_int_equal(az_trace_csv("/nonexistent/dir/t.csv", m, &run, 0, &err),
                     AZ_EIO);
    assert_int_equal(access("/nonexistent/dir/t.csv.tmp", F_OK), -1);
    az_model_free(m);
}

/* Lots: every unit is tagged with its lot, lot k holding units 5k-4 to
 * 5k (lots of 5 drawn one after another, spaced); no unit has an order. */
typedef struct lot_tally {
    uint32_t tags, wrong, orders;
} lot_tally;

static void on_tag(void *ctx, double t, uint32_t product, uint32_t unit,
                   uint32_t lot, uint32_t order)
{
    lot_tally *lt = ctx;
    (void)t;
    (void)product;
    lt->tags++;
    lt->wrong += lot != (unit - 1) / 5 + 1;
    lt->orders += order != 0;
}

static void test_lot_tags(void **state)
{
    (void)state;
    const char *text =
        "name: lots\ntime_unit: s\nrun: {horizon: 1 h}\n"
        "products:\n  - {name: a, family: A, mix: 0.5}\n"
        "  - {name: b, family: B, mix: 0.5}\n"
        "release: {interarrival: 10 s, lot: 5}\n"
        "stations:\n  m: {process: 5 s}\nroutes: {default: [m]}\n";
    az_model *m;
    az_experiment_config cfg;
    az_error err;
    assert_int_equal(az_model_load_string(text, strlen(text), "lots.yaml",
                                          NULL, &m, &cfg, &err), AZ_OK);
    az_sim *s;
    assert_int_equal(az_sim_create(m, &s, &err), AZ_OK);
    static const az_observer tags = {.version = AZ_OBSERVER_VERSION,
                                     .tag = on_tag};
    lot_tally lt = {0};
    assert_int_equal(az_sim_set_observer(s, &tags, &lt, NULL), AZ_OK);
    az_run_config rc = {cfg.horizon, 0, 1, 0, NULL};
    for (int run = 0; run < 2; run++) { /* ids start again each run */
        lt = (lot_tally){0};
        assert_int_equal(az_sim_run(s, &rc, &err), AZ_OK);
        assert_int_equal(lt.tags, 360);
        assert_int_equal(lt.wrong, 0);
        assert_int_equal(lt.orders, 0);
    }
    az_sim_free(s);
    az_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_blocks_line_adds_up),
        cmocka_unit_test(test_assembly_line_adds_up),
        cmocka_unit_test(test_busy_general_cell_adds_up),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_trace_csv),
        cmocka_unit_test(test_lot_tags),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
