/*
 * test_load.c: the model-file loader (load.h).
 *
 * every tests/models/good/ fixture must load; a few are inspected in detail.
 * tests/models/bad/NAME.yaml must fail with exactly the problems listed in
 * NAME.expected, one "file:line:col: message" per line, in order: adding a
 * case is adding those two files (and the plan files in bad/plans/ they
 * name). Overrides, az_parse_duration and plan files (served from memory)
 * have tables of their own here. Paths are relative to the repository root,
 * where tests/run-tests.sh is started.
 */
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "azalea/experiment.h"
#include "azalea/load.h"
#include "load/load.h"  /* azi_model_load: plans served from memory */
#include "util/text.h"  /* azi_text_clean */
#include "model_impl.h" /* to see the distributions' converted times */

#define GOOD "tests/models/good/"
#define BAD "tests/models/bad/"

/* Collects problems as "file:line:col: message\n" lines. */
typedef struct problems {
    char text[16384];
    size_t len, n;
} problems;

static void collect(void *ctx, const az_error *e)
{
    problems *p = ctx;
    int k = snprintf(p->text + p->len, sizeof p->text - p->len,
                     "%s:%d:%d: %s\n", e->file, e->line, e->col, e->msg);
    if (k > 0 && (size_t)k < sizeof p->text - p->len)
        p->len += (size_t)k;
    p->n++;
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    long n;
    if (!f)
        return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
        fseek(f, 0, SEEK_SET) == 0 && (buf = malloc((size_t)n + 1))) {
        size_t got = fread(buf, 1, (size_t)n, f);
        buf[got] = '\0';
    }
    fclose(f);
    return buf;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The sorted names ending in ".yaml" in dir; free with free_names. */
static size_t yaml_files(const char *dir, char ***out)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    size_t n = 0, cap = 0;
    char **names = NULL;
    assert_non_null(d);
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (len < 6 || strcmp(e->d_name + len - 5, ".yaml"))
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 32;
            names = realloc(names, cap * sizeof *names);
            assert_non_null(names);
        }
        names[n] = malloc(len + 1);
        assert_non_null(names[n]);
        memcpy(names[n++], e->d_name, len + 1);
    }
    closedir(d);
    qsort(names, n, sizeof *names, by_name);
    *out = names;
    return n;
}

static void free_names(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

static az_model *load_ok(const char *path, const char *const *ovr, size_t n,
                         az_experiment_config *run)
{
    problems p = {.len = 0};
    az_load_options opt = {ovr, n, collect, &p, NULL};
    az_model *m = NULL;
    az_error err;
    az_status rc = az_model_load_file(path, &opt, &m, run, &err);
    if (rc != AZ_OK)
        print_error("%s: unexpected problems:\n%s", path, p.text);
    assert_int_equal(rc, AZ_OK);
    assert_int_equal(err.code, AZ_OK);
    assert_int_equal(p.n, 0);
    assert_non_null(m);
    return m;
}

static size_t station(const az_model *m, const char *name)
{
    for (size_t i = 0; i < az_model_station_count(m); i++)
        if (!strcmp(az_model_station_name(m, i), name))
            return i;
    fail_msg("no station '%s'", name);
    return 0;
}

static void assert_near(double got, double want)
{
    if (!(fabs(got - want) <= 1e-12 * fmax(1, fabs(want))))
        fail_msg("got %.17g, want %.17g", got, want);
}

/* ---- good models --------------------------------------------------------- */

static void test_good_fixtures_load(void **state)
{
    (void)state;
    char **names, path[512];
    size_t n = yaml_files(GOOD, &names);
    assert_true(n >= 3);
    for (size_t i = 0; i < n; i++) {
        az_experiment_config run;
        snprintf(path, sizeof path, GOOD "%s", names[i]);
        az_model *m = load_ok(path, NULL, 0, &run);
        az_error err;
        assert_int_equal(az_model_check(m, &err), AZ_OK);
        az_model_free(m);
    }
    free_names(names, n);
}

static void test_tutorial(void **state)
{
    (void)state;
    az_experiment_config run;
    az_model *m = load_ok(GOOD "tutorial.yaml", NULL, 0, &run);
    assert_string_equal(az_model_name(m), "Tutorial line");
    assert_string_equal(az_model_time_unit(m), "s");
    assert_near(run.horizon, 30 * 86400.0);
    assert_near(run.warmup, 2 * 86400.0);
    assert_int_equal(run.replications, 20);
    assert_int_equal(run.seed, 42);
    assert_near(run.level, 0.95);
    assert_int_equal(run.threads, 1);
    assert_int_equal(az_model_station_count(m), 4);
    assert_int_equal(az_model_station_machines(m, station(m, "placer")), 2);
    assert_int_equal(az_model_station_machines(m, station(m, "screw")), 1);
    assert_int_equal(az_model_station_buffer(m, station(m, "screw")), 10);
    assert_int_equal(az_model_station_buffer(m, station(m, "placer")),
                     AZ_UNLIMITED);
    assert_int_equal(az_model_product_count(m), 2);
    assert_string_equal(az_model_product_name(m, 0), "P1");
    assert_string_equal(az_model_product_family(m, 0), "A");
    assert_string_equal(az_model_product_family(m, 1), "B");
    assert_int_equal(az_model_source_count(m), 1);
    /* P1 takes the default route, P2 the long one; mixes as given. */
    assert_int_equal(m->product[0].nstep, 3);
    assert_int_equal(m->product[1].nstep, 4);
    assert_near(m->source[0].mix_share[0], 0.6);
    assert_near(m->source[0].mix_share[1], 0.4);
    assert_near(az_dist_mean(&m->source[0].interarrival), 40);
    /* placer's own time for P2. */
    const azi_station *pl = &m->station[station(m, "placer")];
    assert_int_equal(pl->nover, 1);
    assert_int_equal(pl->over[0].product, 1);
    assert_near(az_dist_mean(&pl->over[0].process), 80);
    az_model_free(m);
}

static void test_templates(void **state)
{
    (void)state;
    az_experiment_config run;
    az_model *m = load_ok(GOOD "templates.yaml", NULL, 0, &run);
    assert_int_equal(az_model_station_count(m), 3); /* x-templates ignored */
    assert_int_equal(az_model_station_machines(m, station(m, "screw1")), 1);
    assert_int_equal(az_model_station_machines(m, station(m, "screw2")), 2);
    assert_int_equal(az_model_station_machines(m, station(m, "screw3")), 5);
    assert_int_equal(az_model_station_buffer(m, station(m, "screw2")), 4);
    assert_near(az_dist_mean(&m->station[station(m, "screw2")].process), 12);
    assert_near(az_dist_mean(&m->station[station(m, "screw3")].process), 10);
    assert_int_equal(az_model_product_count(m), 3);
    assert_string_equal(az_model_product_family(m, 0), "boards");
    assert_string_equal(az_model_product_family(m, 1), "boards");
    assert_string_equal(az_model_product_family(m, 2), "cables");
    for (size_t i = 0; i < 3; i++)
        assert_int_equal(m->product[i].nstep, 3);
    assert_near(run.horizon, 2 * 86400.0);
    assert_int_equal(run.replications, 10); /* defaults */
    assert_int_equal(run.seed, 1);
    assert_near(run.warmup, 0);
    az_model_free(m);
}

static void test_minutes(void **state)
{
    (void)state;
    az_experiment_config run;
    az_model *m = load_ok(GOOD "minutes.yaml", NULL, 0, &run);
    assert_string_equal(az_model_time_unit(m), "min");
    assert_near(az_model_time_unit_seconds(m), 60);
    assert_near(run.horizon, 480);
    assert_near(run.warmup, 30);
    assert_int_equal(run.replications, 5);
    assert_int_equal(run.seed, 7);
    assert_near(run.level, 0.9);
    /* Every time is in minutes. */
    const struct {
        const char *st;
        double mean;
    } want[] = {
        {"cut", 1},      {"drill", 1.5}, {"paint", 13.0 / 6},
        {"check", 0.5 * 0.5 + 0.3 + 0.4},
        {"ship", 0.5 / 60},
        {"pack", (0.7 * 30 + 0.3 * 65) / 60},
    };
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        const az_dist *d = &m->station[station(m, want[i].st)].process;
        assert_near(az_dist_mean(d), want[i].mean);
    }
    assert_int_equal(az_model_station_machines(m, station(m, "cut")), 3);
    assert_int_equal(az_model_station_buffer(m, station(m, "cut")), 5);
    assert_near(az_dist_mean(&m->source[0].interarrival), 0); /* saturated */
    assert_string_equal(az_model_product_family(m, 0), "only");
    assert_near(m->source[0].mix_share[0], 1);
    az_model_free(m);
}

static void test_load_string(void **state)
{
    (void)state;
    static const char text[] =
        "name: s\nproducts: [{name: p}]\nrelease: {interarrival: 1 min}\n"
        "stations: {a: {process: 30 s}}\nroutes: {p: [a]}\n";
    az_model *m = NULL;
    az_experiment_config run;
    az_error err;
    /* opt and run may be NULL. */
    assert_int_equal(az_model_load_string(text, strlen(text), NULL, NULL, &m,
                                          NULL, &err), AZ_OK);
    assert_int_equal(m->product[0].nstep, 1); /* route named like p */
    az_model_free(m);
    /* A length shorter than the text: only that much is read. */
    assert_int_equal(az_model_load_string(text, 8, NULL, NULL, &m, &run, &err),
                     AZ_EBADMODEL);
    assert_null(m);
    assert_string_equal(err.file, "<string>");
    assert_string_equal(err.msg, "missing required key 'products' in the "
                                 "model");
    assert_int_equal(run.replications, 10); /* defaults on error */
    assert_int_equal(az_model_load_string(NULL, 0, "x", NULL, &m, &run, &err),
                     AZ_EBADMODEL);
    assert_string_equal(err.file, "x");
    assert_int_equal(az_model_load_string(text, 1, "x", NULL, NULL, &run,
                                          &err), AZ_EINVAL);
}

static size_t pool(const az_model *m, const char *name)
{
    for (size_t i = 0; i < az_model_pool_count(m); i++)
        if (!strcmp(az_model_pool_name(m, i), name))
            return i;
    fail_msg("no pool '%s'", name);
    return 0;
}

static size_t product(const az_model *m, const char *name)
{
    for (size_t i = 0; i < az_model_product_count(m); i++)
        if (!strcmp(az_model_product_name(m, i), name))
            return i;
    fail_msg("no product '%s'", name);
    return 0;
}

/* Every machine-behaviour and step key (time unit: minutes). */
static void test_blocks(void **state)
{
    (void)state;
    az_experiment_config run;
    az_model *m = load_ok(GOOD "blocks.yaml", NULL, 0, &run);
    assert_int_equal(az_model_pool_count(m), 3);
    assert_int_equal(az_model_pool_size(m, pool(m, "setters")), 2);
    assert_int_equal(az_model_pool_size(m, pool(m, "techs")), 1);
    assert_int_equal(az_model_pool_size(m, pool(m, "inspectors")), 3);

    const azi_station *smt = &m->station[station(m, "smt")];
    assert_int_equal(smt->machines, 3);
    assert_non_null(smt->speed);
    assert_near(smt->speed[0], 1);
    assert_near(smt->speed[1], 0.5);
    assert_near(smt->speed[2], 2);
    assert_true(smt->has_same && smt->has_other);
    assert_near(az_dist_mean(&smt->setup_same), 0.5);
    assert_near(az_dist_mean(&smt->setup_other), 6);
    assert_int_equal(smt->npair, 2);
    assert_string_equal(smt->pair[0].from, "A");
    assert_string_equal(smt->pair[0].to, "B");
    assert_near(az_dist_mean(&smt->pair[0].time), 10);
    assert_string_equal(smt->pair[1].from, "B");
    assert_near(az_dist_mean(&smt->pair[1].time), 1);
    assert_int_equal(smt->pool[AZ_ACT_SETUP], pool(m, "setters"));
    assert_true(smt->fails);
    assert_int_equal(smt->fail_clock, AZ_FAIL_CALENDAR);
    assert_near(az_dist_mean(&smt->fail_between), 600);
    assert_near(az_dist_mean(&smt->fail_repair), 30);
    assert_int_equal(smt->pool[AZ_ACT_REPAIR], pool(m, "techs"));
    assert_int_equal(smt->pool[AZ_ACT_PROCESS], AZ_NO_STATION);
    assert_int_equal(smt->batch_max, 0);

    const azi_station *oven = &m->station[station(m, "oven")];
    assert_int_equal(oven->batch_min, 4);
    assert_int_equal(oven->batch_max, 10);
    assert_near(oven->batch_wait, 15);
    assert_true(oven->batch_pure);
    assert_int_equal(oven->buffer, 30);
    assert_false(oven->fails);
    assert_false(oven->has_same || oven->has_other);
    assert_int_equal(m->station[station(m, "aoi")].pool[AZ_ACT_PROCESS],
                     pool(m, "inspectors"));
    assert_int_equal(m->station[station(m, "pack")].carton, 12);
    assert_int_equal(m->station[station(m, "test")].carton, 0);

    /* Yields by product: A1 its own, A2 the default, B1 its route's. */
    uint32_t fix = (uint32_t)station(m, "fix");
    const azi_product *a1 = &m->product[product(m, "A1")];
    const azi_product *a2 = &m->product[product(m, "A2")];
    const azi_product *b1 = &m->product[product(m, "B1")];
    assert_int_equal(a1->nstep, 6);
    assert_near(a1->step[2].yield, 0.9);
    assert_near(a2->step[2].yield, 0.8);
    assert_near(b1->step[2].yield, 0.95);
    assert_int_equal(a1->step[2].rework, fix);
    assert_int_equal(a2->step[2].max_rework, 3);
    assert_int_equal(b1->step[2].rework, AZ_NO_STATION);
    assert_int_equal(b1->step[2].max_rework, AZ_UNLIMITED);
    assert_near(a1->step[1].yield, 1); /* not a test */
    assert_int_equal(a2->step[3].sample_every, 50);
    assert_true(a2->step[3].destructive);
    assert_int_equal(b1->step[3].sample_every, 7);
    assert_false(b1->step[3].destructive);
    assert_int_equal(a1->step[4].sample_every, 0);
    assert_int_equal(m->source[0].wip_cap, 200);
    assert_null(m->source[0].seq);

    /* Shifts in seconds after midnight; the 24-hour shift from Saturday
     * 14:00 is built as its part to midnight and its Sunday part. */
    assert_int_equal(m->nshift, 4);
    const struct {
        double start, end;
        unsigned days;
    } sh[] = {{6 * 3600.0, 14 * 3600.0, 0x1f},
              {22 * 3600.0, 6 * 3600.0, 0x4f},
              {14 * 3600.0, 86400, 0x20},
              {0, 14 * 3600.0, 0x40}};
    for (size_t i = 0; i < 4; i++) {
        assert_near(m->shift[i].start, sh[i].start);
        assert_near(m->shift[i].end, sh[i].end);
        assert_int_equal(m->shift[i].days, sh[i].days);
    }
    assert_int_equal(m->nbreak, 1);
    assert_near(m->brk[0].start, 12 * 3600.0);
    assert_near(m->brk[0].duration, 1200);
    assert_int_equal(m->nholiday, 2);
    assert_int_equal(m->holiday[0], 3);
    assert_int_equal(m->holiday[1], 10);
    assert_int_equal(m->off_shift, AZ_OFF_PAUSE);
    az_model_free(m);
}

/* A CONWIP line in sequence: no interarrival, no mix needed. */
/* Calendars of their own: built through the public API, and chosen by
 * --set. */
static void test_calendars(void **state)
{
    (void)state;
    az_experiment_config run;
    az_model *m = load_ok(GOOD "calendars.yaml", NULL, 0, &run);
    assert_int_equal(az_model_calendar_count(m), 1);
    assert_string_equal(az_model_calendar_name(m, 0), "day_only");
    assert_int_equal(az_model_station_calendar(m, (uint32_t)station(m,
                                               "rework")), 0);
    assert_int_equal(az_model_station_calendar(m, (uint32_t)station(m,
                                               "placer")), AZ_LINE_CALENDAR);
    az_model_free(m);
    const char *ovr[] = {"stations.placer.calendar=day_only"};
    m = load_ok(GOOD "calendars.yaml", ovr, 1, &run);
    assert_int_equal(az_model_station_calendar(m, (uint32_t)station(m,
                                               "placer")), 0);
    az_model_free(m);
}

static void test_conwip(void **state)
{
    (void)state;
    az_experiment_config run;
    az_model *m = load_ok(GOOD "conwip.yaml", NULL, 0, &run);
    const azi_source *src = &m->source[0];
    assert_int_equal(az_dist_get_kind(&src->interarrival), AZ_DIST_CONSTANT);
    assert_near(az_dist_mean(&src->interarrival), 0);
    assert_int_equal(src->wip_cap, 12);
    assert_int_equal(src->nseq, 3);
    assert_int_equal(src->seq[0], 0);
    assert_int_equal(src->seq[1], 0);
    assert_int_equal(src->seq[2], 1);
    /* The shares are what the sequence releases, not the file's mix. */
    assert_int_equal(src->nmix, 2);
    assert_near(src->mix_share[0], 2.0 / 3);
    assert_near(src->mix_share[1], 1.0 / 3);
    assert_int_equal(m->station[station(m, "box")].carton, 4);
    assert_int_equal(m->nshift, 1);
    assert_near(m->shift[0].start, 8 * 3600.0);
    assert_near(m->shift[0].end, 86400);
    assert_int_equal(m->shift[0].days, 0x7f);
    assert_int_equal(m->nbreak, 0);
    assert_int_equal(m->nholiday, 0);
    assert_int_equal(m->off_shift, AZ_OFF_FINISH);
    az_model_free(m);
}

/* The example of every building block, through the public getters. */
static void test_line_blocks_example(void **state)
{
    (void)state;
    az_experiment_config run;
    az_model *m = load_ok("examples/line-blocks.yaml", NULL, 0, &run);
    assert_string_equal(az_model_name(m), "Phone line with building blocks");
    assert_int_equal(az_model_station_count(m), 7);
    assert_int_equal(az_model_station_machines(m, station(m, "placer")), 2);
    assert_int_equal(az_model_station_machines(m, station(m, "inspection")),
                     3);
    assert_int_equal(az_model_station_buffer(m, station(m, "oven")), 48);
    assert_int_equal(az_model_station_buffer(m, station(m, "repair_bench")),
                     AZ_UNLIMITED);
    assert_int_equal(az_model_product_count(m), 3);
    assert_string_equal(az_model_product_family(m, product(m, "basic_white")),
                        "basic");
    assert_string_equal(az_model_product_family(m, product(m, "pro")), "pro");
    assert_int_equal(az_model_pool_count(m), 2);
    assert_string_equal(az_model_pool_name(m, 0), "technicians");
    assert_int_equal(az_model_pool_size(m, 0), 1);
    assert_string_equal(az_model_pool_name(m, 1), "inspectors");
    assert_int_equal(az_model_pool_size(m, 1), 2);
    assert_int_equal(az_model_source_count(m), 1);
    assert_near(run.horizon, 5 * 604800.0);
    assert_near(run.warmup, 604800.0);
    assert_int_equal(run.replications, 5);
    assert_int_equal(run.seed, 2024);
    az_error err;
    assert_int_equal(az_model_check(m, &err), AZ_OK);
    az_model_free(m);
}

/* Conveyors: transport times on buffers, converted to minutes. */
static void test_conveyor(void **state)
{
    (void)state;
    az_experiment_config run;
    az_model *m = load_ok(GOOD "conveyor.yaml", NULL, 0, &run);
    const azi_station *smt = &m->station[station(m, "smt")];
    const azi_station *reflow = &m->station[station(m, "reflow")];
    const azi_station *aoi = &m->station[station(m, "aoi")];
    assert_false(smt->has_transport);
    assert_true(reflow->has_transport);
    assert_int_equal(az_dist_get_kind(&reflow->transport), AZ_DIST_CONSTANT);
    assert_near(az_dist_mean(&reflow->transport), 2);
    assert_int_equal(az_model_station_buffer(m, station(m, "reflow")), 8);
    assert_true(aoi->has_transport);
    assert_int_equal(az_dist_get_kind(&aoi->transport), AZ_DIST_UNIFORM);
    assert_near(az_dist_mean(&aoi->transport), 1);
    assert_int_equal(az_model_station_buffer(m, station(m, "aoi")),
                     AZ_UNLIMITED);
    az_model_free(m);
}

/* Assembly: components and quantities, a sub-assembly, packing after. */
static void test_assembly(void **state)
{
    (void)state;
    az_experiment_config run;
    az_model *m = load_ok(GOOD "assembly.yaml", NULL, 0, &run);
    const azi_station *as = &m->station[station(m, "assembly")];
    assert_int_equal(as->ncomp, 2);
    assert_int_equal(as->comp[0], product(m, "display"));
    assert_int_equal(as->comp_qty[0], 1);
    assert_int_equal(as->comp[1], product(m, "screws"));
    assert_int_equal(as->comp_qty[1], 2);
    assert_int_equal(as->carton, 10);
    const azi_station *dl = &m->station[station(m, "display_line")];
    assert_int_equal(dl->ncomp, 1);
    assert_int_equal(dl->comp[0], product(m, "panel"));
    assert_int_equal(m->station[station(m, "mould")].ncomp, 0);
    /* Components follow routes ending at their assembly station. */
    const azi_product *d = &m->product[product(m, "display")];
    assert_int_equal(d->step[d->nstep - 1].station, station(m, "assembly"));
    az_model_free(m);
}

static void assert_plan(const azi_source *src, const az_plan_entry *want,
                        size_t n)
{
    assert_int_equal(src->nplan, n);
    for (size_t i = 0; i < n; i++) {
        if (src->plan[i].day != want[i].day ||
            src->plan[i].product != want[i].product ||
            src->plan[i].quantity != want[i].quantity)
            fail_msg("plan entry %zu: got (%u, %u, %u), want (%u, %u, %u)", i,
                     (unsigned)src->plan[i].day,
                     (unsigned)src->plan[i].product,
                     (unsigned)src->plan[i].quantity, (unsigned)want[i].day,
                     (unsigned)want[i].product, (unsigned)want[i].quantity);
    }
}

/* A plan: its rows in file order, 0 s between releases, no mix. */
static void test_plan(void **state)
{
    (void)state;
    az_experiment_config run;
    az_model *m = load_ok(GOOD "plan.yaml", NULL, 0, &run);
    const azi_source *src = &m->source[0];
    uint32_t basic = (uint32_t)product(m, "basic");
    uint32_t pro = (uint32_t)product(m, "pro");
    const az_plan_entry want[] = {{0, basic, 300}, {0, pro, 100},
                                  {1, basic, 250}, {1, pro, 0},
                                  {3, pro, 400},   {3, basic, 100}};
    assert_plan(src, want, sizeof want / sizeof *want);
    assert_int_equal(az_dist_get_kind(&src->interarrival), AZ_DIST_CONSTANT);
    assert_near(az_dist_mean(&src->interarrival), 0);
    assert_int_equal(src->nmix, 0);
    assert_int_equal(src->nseq, 0);
    assert_int_equal(src->wip_cap, 0);
    az_model_free(m);
}

/* A spreadsheet's CSV: BOM, CRLF, quotes, blanks, blank lines, no final
 * line end; with an interarrival time and a WIP cap. */
static void test_plan_quirks(void **state)
{
    (void)state;
    az_experiment_config run;
    az_model *m = load_ok(GOOD "plan_quirks.yaml", NULL, 0, &run);
    const azi_source *src = &m->source[0];
    uint32_t pm = (uint32_t)product(m, "pro max");
    uint32_t basic = (uint32_t)product(m, "basic");
    const az_plan_entry want[] = {{0, pm, 10}, {0, basic, 20}, {2, pm, 5}};
    assert_plan(src, want, sizeof want / sizeof *want);
    assert_near(az_dist_mean(&src->interarrival), 60);
    assert_int_equal(src->wip_cap, 40);
    az_model_free(m);
}

/* From a string, a plan is relative to the current directory; its
 * problems name the file as opened. */
static void test_plan_string(void **state)
{
    (void)state;
    static const char text[] =
        "name: s\nproducts: [{name: basic}, {name: pro}]\n"
        "release: {plan: tests/models/good/plans/week.csv}\n"
        "stations: {a: {process: 30 s}}\nbuffers: {b: {to: a, capacity: 3}}\n"
        "routes: {default: [a]}\n";
    static const char bad[] =
        "name: s\nproducts: [{name: basic}]\n"
        "release: {plan: tests/models/good/plans/week.csv}\n"
        "stations: {a: {process: 30 s}}\nroutes: {default: [a]}\n";
    az_model *m = NULL;
    az_error err;
    assert_int_equal(az_model_load_string(text, strlen(text), NULL, NULL, &m,
                                          NULL, &err), AZ_OK);
    assert_int_equal(m->source[0].nplan, 6);
    az_model_free(m);
    problems p = {.len = 0};
    az_load_options opt = {NULL, 0, collect, &p, NULL};
    assert_int_equal(az_model_load_string(bad, strlen(bad), "x.yaml", &opt,
                                          &m, NULL, &err), AZ_EBADMODEL);
    assert_null(m);
    assert_string_equal(
        p.text,
        "tests/models/good/plans/week.csv:3:3: undefined product 'pro' in the "
        "plan\n"
        "tests/models/good/plans/week.csv:5:3: undefined product 'pro' in the "
        "plan\n"
        "tests/models/good/plans/week.csv:6:3: undefined product 'pro' in the "
        "plan\n");
    assert_string_equal(err.file, "tests/models/good/plans/week.csv");
    assert_int_equal(err.line, 3);
    assert_int_equal(err.col, 3);
}

/* Pool sizes by shift: names (given or "shift<i>"), a 24-hour shift built
 * as two of the model's shifts that both get the size. */
/* A dispatch rule that cannot help is a warning at the rule: without a
 * setup, and same_family where no two products share a family; a rule
 * that can help is not. */
static void test_dispatch_warnings(void **state)
{
    (void)state;
    static const char model[] =
        "name: d\n"
        "products: [{name: a, family: A, mix: 0.5, route: r1}, "
        "{name: b, family: B, mix: 0.3, route: r1}, "
        "{name: c, family: B, mix: 0.2, route: r2}]\n"
        "release: {interarrival: {exponential: {mean: 10 s}}}\n"
        "stations:\n"
        "  printer: {process: 5 s, dispatch: same_product}\n"
        "  placer: {process: 5 s, setup: {other_family: 30 s}, "
        "dispatch: same_family}\n"
        "  smt: {process: 5 s, setup: {other_family: 30 s}, "
        "dispatch: same_family}\n"
        "routes: {r1: [printer, placer, smt], r2: [printer, smt]}\n";
    problems w = {.len = 0};
    az_load_options wopt = {NULL, 0, collect, &w, collect};
    az_model *m = NULL;
    az_error err;
    assert_int_equal(az_model_load_string(model, sizeof model - 1, "d.yaml",
                                          &wopt, &m, NULL, &err), AZ_OK);
    /* placer sees a (A) and b (B): same_family is same_product there;
     * smt sees b and c, both B: the rule can help, no warning. */
    assert_string_equal(w.text,
                        "d.yaml:5:37: dispatch 'same_product' at station "
                        "'printer' changes nothing: the station has no "
                        "setup, so its machines remember no product\n"
                        "d.yaml:6:65: dispatch 'same_family' at station "
                        "'placer' acts as 'same_product': no two of its "
                        "products share a family\n");
    az_model_free(m);
}

/* Warnings: a model that loads hears of what it defines but never uses,
 * with file, line and column; a model with problems hears only of those. */
static void test_warnings(void **state)
{
    (void)state;
    problems w = {.len = 0}; /* problems and warnings both land here */
    az_load_options wopt = {NULL, 0, collect, &w, collect};
    az_model *m = NULL;
    az_error err;
    assert_int_equal(az_model_load_file(GOOD "unused.yaml", &wopt, &m, NULL,
                                        &err), AZ_OK);
    assert_int_equal(err.code, AZ_OK);
    assert_string_equal(w.text,
                        GOOD "unused.yaml:11:3: operators 'floaters' are "
                        "called on by no station: they will stay idle\n"
                        GOOD "unused.yaml:16:3: station 'spare' is on no "
                        "route: it will stay idle\n");
    az_model_free(m);
    m = NULL;
    w = (problems){.len = 0};
    assert_int_equal(az_model_load_file(GOOD "pool_shifts.yaml", &wopt, &m,
                                        NULL, &err), AZ_OK);
    assert_string_equal(w.text,
                        GOOD "pool_shifts.yaml:15:3: operators 'helpers' are "
                        "called on by no station: they will stay idle\n");
    az_model_free(m);
    /* the same model with a problem: the problem, and no warning */
    static const char text[] =
        "name: x\nproducts: [{name: p, mix: 1}]\n"
        "release: {interarrival: {exponential: {mean: 1 min}}}\n"
        "stations: {a: {process: 1 s}, spare: {process: 1 s}}\n"
        "routes: {default: [a, nowhere]}\n";
    w = (problems){.len = 0};
    m = NULL;
    assert_int_equal(az_model_load_string(text, sizeof text - 1, "x.yaml",
                                          &wopt, &m, NULL, &err),
                     AZ_EBADMODEL);
    assert_null(m);
    assert_int_equal(w.n, 1);
    assert_non_null(strstr(w.text, "'nowhere'"));
    assert_null(strstr(w.text, "spare"));
}

/* A loop of stations whose buffers are all finite can deadlock: a warning
 * at the step that closes it (the docs' first example once had one, a
 * station visited twice in a row, and deadlocked at t = 3954 s). */
static void test_loop_warning(void **state)
{
    (void)state;
    static const struct {
        const char *buffers, *route, *release, *want;
    } cases[] = {
        {"{q: {to: s, capacity: 10}}", "[a, s, s, t]", "",
         "x.yaml:6:26: stations 's' can deadlock: route 'default' goes from "
         "'s' to 's' here, and every buffer on this loop is finite ('q' 10): "
         "when they are all full, each machine holds a unit that waits for "
         "room only the loop can make; make one of them unlimited, or set a "
         "wip_cap below 12\n"},
        /* a rework trip, and a sampled step in between */
        {"{q: {to: s, capacity: 1}, r: {to: t, capacity: 0}}",
         "[a, s, {station: a, sample_every: 5}, {station: t, yield: 0.9, "
         "rework: s}]", "",
         "x.yaml:6:67: stations 's', 't' can deadlock: route 'default' goes "
         "from 's' to 't' here, and every buffer on this loop is finite ('q' "
         "1, 'r' 0): when they are all full, each machine holds a unit that "
         "waits for room only the loop can make; make one of them "
         "unlimited, or set a wip_cap below 4\n"},
        /* no warning: an unlimited buffer on the loop */
        {"{q: {to: s, capacity: unlimited}}", "[a, s, s, t]", "", ""},
        /* no warning: no loop */
        {"{q: {to: s, capacity: 3}}", "[a, s, t]", "", ""},
        /* no warning: a WIP cap below what the loop holds */
        {"{q: {to: s, capacity: 10}}", "[a, s, s, t]", ", wip_cap: 11", ""},
        /* no warning: max_rework 0 never sends a unit back */
        {"{q: {to: s, capacity: 1}, r: {to: t, capacity: 0}}",
         "[a, s, {station: t, yield: 0.9, rework: s, max_rework: 0}]", "",
         ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char text[1024];
        snprintf(text, sizeof text,
                 "name: x\nproducts: [{name: p, mix: 1}]\n"
                 "release: {interarrival: {exponential: {mean: 1 min}}%s}\n"
                 "stations: {a: {process: 1 s}, s: {process: 1 s, machines: "
                 "2}, t: {process: 1 s}}\n"
                 "buffers: %s\n"
                 "routes: {default: %s}\n",
                 cases[i].release, cases[i].buffers, cases[i].route);
        problems w = {.len = 0};
        az_load_options wopt = {NULL, 0, collect, &w, collect};
        az_model *m = NULL;
        az_error err;
        az_status rc = az_model_load_string(text, strlen(text), "x.yaml",
                                            &wopt, &m, NULL, &err);
        if (rc != AZ_OK || strcmp(w.text, cases[i].want))
            fail_msg("case %zu: rc %d\nwant: %sgot:  %s", i, (int)rc,
                     cases[i].want, w.text);
        az_model_free(m);
    }
}

static void test_pool_shifts(void **state)
{
    (void)state;
    az_experiment_config run;
    az_model *m = load_ok(GOOD "pool_shifts.yaml", NULL, 0, &run);
    assert_int_equal(m->nshift, 5); /* day, shift2, night, weekend x 2 */
    assert_near(m->shift[3].start, 6 * 3600.0);
    assert_near(m->shift[3].end, 86400);
    assert_int_equal(m->shift[3].days, 0x20);
    assert_near(m->shift[4].end, 6 * 3600.0);
    assert_int_equal(m->shift[4].days, 0x40);
    const azi_pool *in = &m->pool[pool(m, "inspectors")];
    assert_int_equal(az_model_pool_size(m, pool(m, "inspectors")), 3);
    assert_int_equal(in->nshift, 5);
    const uint32_t want[] = {AZ_UNLIMITED, AZ_UNLIMITED, 1, 2, 2};
    for (size_t i = 0; i < 5; i++)
        assert_int_equal(in->by_shift[i], want[i]);
    const azi_pool *te = &m->pool[pool(m, "techs")];
    assert_int_equal(te->by_shift[1], 0);
    assert_int_equal(te->by_shift[0], AZ_UNLIMITED);
    const azi_pool *he = &m->pool[pool(m, "helpers")];
    assert_int_equal(he->nshift, 0);
    assert_null(he->by_shift);
    assert_int_equal(az_model_pool_size(m, pool(m, "helpers")), 2);
    az_model_free(m);
}

/* The example of assembly, a conveyor, a plan and pools by shift. */
static void test_line_assembly_example(void **state)
{
    (void)state;
    az_experiment_config run;
    az_model *m = load_ok("examples/line-assembly.yaml", NULL, 0, &run);
    assert_string_equal(az_model_name(m), "Phone assembly from a plan");
    assert_string_equal(az_model_time_unit(m), "min");
    assert_int_equal(az_model_station_count(m), 7);
    assert_int_equal(az_model_product_count(m), 3);
    assert_int_equal(az_model_station_buffer(m, station(m, "assembly")), 12);
    assert_int_equal(az_model_station_buffer(m, station(m, "smt")),
                     AZ_UNLIMITED);
    assert_int_equal(az_model_pool_count(m), 1);
    assert_int_equal(az_model_pool_size(m, 0), 2);
    assert_int_equal(m->pool[0].by_shift[2], 1); /* night */
    const azi_station *as = &m->station[station(m, "assembly")];
    assert_int_equal(as->ncomp, 2);
    assert_true(as->has_transport);
    assert_near(az_dist_mean(&as->transport), 3);
    assert_int_equal(m->source[0].nplan, 30);
    assert_int_equal(m->source[0].plan[29].day, 11);
    assert_near(run.horizon, 2 * 10080.0);
    assert_int_equal(run.replications, 5);
    az_error err;
    assert_int_equal(az_model_check(m, &err), AZ_OK);
    az_model_free(m);
}

/* ---- plan files, served from memory -------------------------------------- */

typedef struct served {
    const char *text;
    size_t len;
    int too_big;
} served;

static char *serve(void *ctx, const char *path, size_t *len, int *too_big)
{
    const served *s = ctx;
    (void)path;
    *too_big = s->too_big;
    if (s->too_big || !s->text) {
        errno = s->too_big ? EFBIG : ENOENT;
        return NULL;
    }
    char *buf = malloc(s->len + 1);
    assert_non_null(buf);
    memcpy(buf, s->text, s->len);
    buf[s->len] = '\0';
    *len = s->len;
    return buf;
}

/* Every problem a plan file can have, located in it (p.csv). */
/* Text quoted in a message is cut between characters, whatever the bytes
 * of the buffer it is written into: a buffer full of bytes that look like
 * UTF-8 continuation bytes gives the same text as a zeroed one. */
static int valid_utf8(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        int n = *p < 0x80 ? 1 : (*p & 0xE0) == 0xC0 ? 2
                : (*p & 0xF0) == 0xE0 ? 3 : (*p & 0xF8) == 0xF0 ? 4 : 0;
        if (!n)
            return 0;
        for (int i = 1; i < n; i++)
            if ((p[i] & 0xC0) != 0x80)
                return 0;
        p += n;
    }
    return 1;
}

static void test_clean_cuts_between_characters(void **state)
{
    (void)state;
    static const char *const text[] = {
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
        "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", /* 16 x e-acute */
        "\xe8\xa3\xbd\xe5\x93\x81\xe8\xa3\xbd\xe5\x93\x81\xe8\xa3\xbd\xe5\x93\x81"
        "\xe8\xa3\xbd\xe5\x93\x81", /* CJK, 3 bytes each */
        "\xf0\x9f\x93\xb1\xf0\x9f\x93\xb1\xf0\x9f\x93\xb1\xf0\x9f\x93\xb1"
        "\xf0\x9f\x93\xb1\xf0\x9f\x93\xb1", /* 4 bytes each */
        "a\x01b\tc\nd\x7f" "eeeeeeeeeeeeeeeeeeee",
    };
    for (size_t t = 0; t < sizeof text / sizeof *text; t++)
        for (size_t size = 8; size <= 40; size++) {
            char zero[64], junk[64];
            memset(zero, 0, sizeof zero);
            memset(junk, 0x80, sizeof junk);
            azi_text_clean(text[t], zero, size);
            azi_text_clean(text[t], junk, size);
            if (strcmp(zero, junk) || strlen(zero) >= size ||
                !valid_utf8(zero))
                fail_msg("text %zu, size %zu: '%s' vs '%s'", t, size, zero,
                         junk);
        }
    char buf[16];
    assert_string_equal(azi_text_clean(text[1], buf, sizeof buf),
                        "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9...");
    assert_string_equal(azi_text_clean("a\x01" "b", buf, sizeof buf), "a\\x01b");
}

/* The hint of a text that is not UTF-8. */
#define LATIN1                                                                \
    "; is the file Latin-1 or Windows-1252 (as older editors and Excel save " \
    "text)? Save it as UTF-8"

static void test_plan_csv(void **state)
{
    (void)state;
#define CSV(s) s, sizeof s - 1
#define H "day,product,quantity\n"
    static const struct {
        const char *csv;
        size_t len;
        const char *want;
    } cases[] = {
        {CSV(""), "p.csv:1:1: the plan is empty; expected the header "
                  "day,product,quantity and a line per day and product\n"},
        {CSV("\n \n\r\n"), "p.csv:1:1: the plan is empty; expected the header "
                           "day,product,quantity and a line per day and "
                           "product\n"},
        {CSV(H), "p.csv:2:1: the plan has no rows after its header\n"},
        {CSV("day,product,quantity"),
         "p.csv:1:21: the plan has no rows after its header\n"},
        {CSV(H "0,a,0\n3,b,0\n"),
         "p.csv:1:1: the plan releases nothing: every quantity is 0\n"},
        {CSV(H "0,\"a,1\n"), "p.csv:2:3: a quoted value is not closed: its "
                             "closing quote is missing\n"},
        {CSV(H "0,\"a\"x,1\n"),
         "p.csv:2:6: unexpected text after the closing quote of a value; "
         "inside quotes, write a quote as \"\"\n"},
        {CSV(H "0,\xff,1\n"), "p.csv:2:3: invalid text: not UTF-8 (byte "
                              "0xFF)" LATIN1 "\n"},
        {CSV(H "0,a\0,1\n"), "p.csv:2:4: invalid text: a NUL character\n"},
        {CSV(H "0,\xc3\xa9t\xc3\xa9,x\n"),
         "p.csv:2:3: undefined product '\xc3\xa9t\xc3\xa9' in the plan\n"
         "p.csv:2:7: expected a quantity (an integer >= 0), got 'x'\n"},
        {CSV("day,product,quantity\r0,a,1\rx,a,1\r"),
         "p.csv:3:1: expected a day (an integer >= 0), got 'x'\n"},
        {CSV(H "0,\"a\nb\",1\n2,a,x\n"),
         "p.csv:2:3: undefined product 'a\\nb' in the plan\n"
         "p.csv:4:5: expected a quantity (an integer >= 0), got 'x'\n"},
        {CSV(H "0,a,1,\n"), "p.csv:2:7: unexpected column 4, got nothing; a "
                            "row is day,product,quantity\n"},
        {CSV(H "0,a,4294967296\n0,a,4294967295\n"),
         "p.csv:2:5: expected a quantity from 0 to 4294967295, got "
         "'4294967296'\n"},
        {CSV(H "1,a,1\n1,b,1\n0,a,1\n0,b,1\n"),
         "p.csv:4:1: day 0 comes after day 1: the days of a plan must not go "
         "back (sort it by day)\n"
         "p.csv:5:1: day 0 comes after day 1: the days of a plan must not go "
         "back (sort it by day)\n"},
        {CSV("day,product\n0,a,1\n"),
         "p.csv:1:12: missing column 'quantity' in the header; the header is "
         "day,product,quantity\n"},
        {CSV("\"day\",\"product\",\"quantity\"\n\"0\",\"b\",\" 7 \"\n,,\n"),
         "p.csv:3:1: expected a day (an integer >= 0), got nothing\n"
         "p.csv:3:2: expected a product name, got nothing\n"
         "p.csv:3:3: expected a quantity (an integer >= 0), got nothing\n"},
        {CSV(H "0,null,1\n"), "p.csv:2:3: undefined product 'null' in the "
                              "plan\n"},
        /* UTF-8: a 4-byte sequence is text; a surrogate, an overlong form
         * and a sequence cut by the end of the file are not */
        {CSV(H "0,\xf0\x9f\x93\xb1,1\n"),
         "p.csv:2:3: undefined product '\xf0\x9f\x93\xb1' in the plan\n"},
        {CSV(H "0,\xed\xa0\x80,1\n"), "p.csv:2:3: invalid text: not UTF-8 "
                                    "(byte 0xED)" LATIN1 "\n"},
        {CSV(H "0,\xc0\xaf,1\n"), "p.csv:2:3: invalid text: not UTF-8 (byte "
                                "0xC0)" LATIN1 "\n"},
        {CSV(H "0,\xe8\xa3"), "p.csv:2:3: invalid text: not UTF-8 (byte "
                              "0xE8)" LATIN1 "\n"},
        /* a field longer than the reader's first buffer */
        {CSV(H "0,"
             "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
             "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
             "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
             "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
             "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
             ",1\n"),
         "p.csv:2:3: undefined product '" /* cut to 60 columns and "..." */
         "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
         "...' in the plan\n"},
    };
#undef H
#undef CSV
    static const char model[] =
        "name: m\nproducts: [{name: a}, {name: b}]\n"
        "release: {plan: p.csv}\nstations: {s: {process: 1 s}}\n"
        "buffers: {q: {to: s, capacity: 2}}\nroutes: {default: [s]}\n";
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        problems p = {.len = 0};
        az_load_options opt = {NULL, 0, collect, &p, NULL};
        served sv = {cases[i].csv, cases[i].len, 0};
        az_model *m = NULL;
        az_error err;
        az_status rc = azi_model_load(model, strlen(model), "m.yaml", NULL,
                                      serve, &sv, &opt, &m, NULL, &err);
        if (rc != AZ_EBADMODEL || strcmp(p.text, cases[i].want))
            fail_msg("case %zu: rc %d\nwant: %sgot:  %s", i, (int)rc,
                     cases[i].want, p.text);
        assert_null(m);
    }
    /* A valid one, with blanks and quotes, for contrast. */
    static const char ok[] = "day , product,quantity\n 0 ,\"b\", 7\n";
    served sv = {ok, sizeof ok - 1, 0};
    az_model *m = NULL;
    az_error err;
    assert_int_equal(azi_model_load(model, strlen(model), "m.yaml", "some/dir",
                                    serve, &sv, NULL, &m, NULL, &err), AZ_OK);
    assert_int_equal(m->source[0].nplan, 1);
    assert_int_equal(m->source[0].plan[0].product, 1);
    assert_int_equal(m->source[0].plan[0].quantity, 7);
    az_model_free(m);
    /* The file cannot be read: reported at `plan`, naming the path tried. */
    static const struct {
        served sv;
        const char *dir, *want;
    } unreadable[] = {
        {{NULL, 0, 0}, "some/dir", "m.yaml:3:17: cannot read the plan "
                                   "'some/dir/p.csv': No such file or "
                                   "directory\n"},
        {{NULL, 0, 0}, "/", "m.yaml:3:17: cannot read the plan '/p.csv': No "
                            "such file or directory\n"},
        {{NULL, 0, 1}, NULL, "m.yaml:3:17: cannot read the plan 'p.csv': it "
                             "is too large\n"},
    };
    for (size_t i = 0; i < sizeof unreadable / sizeof *unreadable; i++) {
        problems p = {.len = 0};
        az_load_options opt = {NULL, 0, collect, &p, NULL};
        assert_int_equal(azi_model_load(model, strlen(model), "m.yaml",
                                        unreadable[i].dir, serve,
                                        (void *)&unreadable[i].sv, &opt, &m,
                                        NULL, &err), AZ_EBADMODEL);
        assert_string_equal(p.text, unreadable[i].want);
    }
}

/* A sequence with counts, {product: count}, is the same list written out:
 * the same model, hence the same results to the last bit. Past the limit
 * of units a cycle it is refused, with the way out. */
static void test_sequence_counts(void **state)
{
    (void)state;
    static const char *const seqs[2] = {"[{a: 3}, b, {b: 2}, {a: 1}]",
                                        "[a, a, a, b, b, b, a]"};
    az_summary *sum[2];
    for (int k = 0; k < 2; k++) {
        char text[512];
        snprintf(text, sizeof text,
                 "name: m\nproducts: [{name: a, family: f}, "
                 "{name: b, family: g}]\n"
                 "release: {interarrival: {exponential: {mean: 10 s}}, "
                 "sequence: %s}\n"
                 "stations: {s: {process: {exponential: {mean: 8 s}}, "
                 "setup: {other_family: 3 s}}}\n"
                 "routes: {default: [s]}\n", seqs[k]);
        az_model *m;
        az_error err;
        az_experiment_config run;
        if (az_model_load_string(text, strlen(text), "m.yaml", NULL, &m,
                                 &run, &err))
            fail_msg("%s: %s", seqs[k], err.msg);
        run.replications = 2;
        run.horizon = 86400;
        run.warmup = 0;
        assert_int_equal(az_experiment_run(m, &run, &sum[k], &err), AZ_OK);
        az_model_free(m);
    }
    size_t n = az_summary_metric_count(sum[0]);
    assert_int_equal(n, az_summary_metric_count(sum[1]));
    for (size_t i = 0; i < n; i++)
        for (uint32_t r = 0; r < 2; r++) {
            double a = az_summary_value(sum[0], r, i),
                   b = az_summary_value(sum[1], r, i);
            assert_true(memcmp(&a, &b, sizeof a) == 0);
        }
    az_summary_free(sum[0]);
    az_summary_free(sum[1]);

    static const char big[] =
        "name: m\nproducts: [{name: a}]\n"
        "release: {interarrival: {exponential: {mean: 10 s}}, "
        "sequence: [{a: 999999}, {a: 2}]}\n"
        "stations: {s: {process: 1 s}}\nroutes: {default: [s]}\n";
    az_model *m = NULL;
    az_error err;
    assert_int_equal(az_model_load_string(big, sizeof big - 1, "m.yaml", NULL,
                                          &m, NULL, &err), AZ_EBADMODEL);
    assert_null(m);
    assert_string_equal(err.msg, "the sequence releases 1000001 units a "
                        "cycle; at most 1000000 are allowed (a production "
                        "plan is the form for long schedules)");
}

/* The value of `plan` itself. */
static void test_plan_value(void **state)
{
    (void)state;
    static const struct {
        const char *release, *want;
    } cases[] = {
        {"{plan: [p.csv]}", "m.yaml:3:17: expected a file name (a CSV "
                            "production plan), got a list\n"},
        {"{plan: ~}", "m.yaml:3:17: expected a file name (a CSV production "
                      "plan), got nothing\n"},
        {"{plan: p.csv, sequence: []}",
         "m.yaml:3:24: 'sequence' cannot be used with 'plan': the plan says "
         "which products are released, and when\n"},
    };
    static const char csv[] = "day,product,quantity\n0,a,1\n";
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char model[512];
        snprintf(model, sizeof model,
                 "name: m\nproducts: [{name: a}, {name: b}]\n"
                 "release: %s\nstations: {s: {process: 1 s}}\n"
                 "buffers: {q: {to: s, capacity: 2}}\nroutes: {default: [s]}\n",
                 cases[i].release);
        problems p = {.len = 0};
        az_load_options opt = {NULL, 0, collect, &p, NULL};
        served sv = {csv, sizeof csv - 1, 0};
        az_model *m = NULL;
        az_error err;
        az_status rc = azi_model_load(model, strlen(model), "m.yaml", NULL,
                                      serve, &sv, &opt, &m, NULL, &err);
        if (rc != AZ_EBADMODEL || strcmp(p.text, cases[i].want))
            fail_msg("%s: rc %d\nwant: %sgot:  %s", cases[i].release, (int)rc,
                     cases[i].want, p.text);
    }
}

/* A plan of 1000 bad rows: the first 100 problems, in order, then one
 * line with the count (it printed all 2000 before). */
static void test_problem_cap(void **state)
{
    (void)state;
    enum { ROWS = 1000 };
    static const char model[] =
        "name: m\nproducts: [{name: a}]\nrelease: {plan: p.csv}\n"
        "stations: {s: {process: 1 s}}\n"
        "buffers: {q: {to: s, capacity: 2}}\nroutes: {default: [s]}\n";
    char *csv = malloc(32 + ROWS * 6);
    assert_non_null(csv);
    size_t n = (size_t)sprintf(csv, "day,product,quantity\n");
    for (size_t i = 0; i < ROWS; i++)
        n += (size_t)sprintf(csv + n, "x,a,y\n");
    problems p = {.len = 0};
    az_load_options opt = {NULL, 0, collect, &p, NULL};
    served sv = {csv, n, 0};
    az_model *m = NULL;
    az_error err;
    assert_int_equal(azi_model_load(model, sizeof model - 1, "m.yaml", NULL,
                                    serve, &sv, &opt, &m, NULL, &err),
                     AZ_EBADMODEL);
    free(csv);
    assert_int_equal(p.n, AZ_LOAD_MAX_PROBLEMS + 1);
    assert_string_equal(err.msg, "expected a day (an integer >= 0), got 'x'");
    assert_non_null(strstr(p.text, "p.csv:51:5: expected a quantity (an "
                                   "integer >= 0), got 'y'\n"
                                   ":0:0: 1900 more problems not listed (2000 "
                                   "in all)\n"));
    assert_null(strstr(p.text, "p.csv:52:"));
}

/* ---- bad models ---------------------------------------------------------- */

static void test_bad_fixtures(void **state)
{
    (void)state;
    char **names, path[512], exp[512];
    size_t n = yaml_files(BAD, &names), failed = 0;
    assert_true(n >= 20);
    for (size_t i = 0; i < n; i++) {
        problems p = {.len = 0};
        az_load_options opt = {NULL, 0, collect, &p, NULL};
        az_model *m = (az_model *)&p;
        az_experiment_config run;
        az_error err;
        snprintf(path, sizeof path, BAD "%s", names[i]);
        snprintf(exp, sizeof exp, BAD "%.*s.expected",
                 (int)strlen(names[i]) - 5, names[i]);
        az_status rc = az_model_load_file(path, &opt, &m, &run, &err);
        char *want = slurp(exp);
        char first[AZ_ERROR_MSG_MAX + 600];
        snprintf(first, sizeof first, "%s:%d:%d: %s\n", err.file, err.line,
                 err.col, err.msg);
        if (!want || strcmp(want, p.text) || rc != AZ_EBADMODEL || m ||
            strncmp(first, p.text, strlen(first))) {
            print_error("%s: rc %d, expected (%s):\n%s---- got:\n%s\n", path,
                        (int)rc, exp, want ? want : "(missing)\n", p.text);
            failed++;
        }
        free(want);
    }
    free_names(names, n);
    assert_int_equal(failed, 0);
}

static void test_unreadable(void **state)
{
    (void)state;
    problems p = {.len = 0};
    az_load_options opt = {NULL, 0, collect, &p, NULL};
    az_model *m = NULL;
    az_error err;
    assert_int_equal(az_model_load_file(BAD "no-such-file.yaml", &opt, &m,
                                        NULL, &err), AZ_EIO);
    assert_null(m);
    assert_int_equal(err.code, AZ_EIO);
    assert_string_equal(err.msg,
                        "cannot read the file: No such file or directory");
    assert_string_equal(err.file, BAD "no-such-file.yaml");
    assert_int_equal(err.line, 0);
    assert_string_equal(p.text, BAD "no-such-file.yaml:0:0: cannot read the "
                                    "file: No such file or directory\n");
    assert_int_equal(az_model_load_file(BAD, NULL, &m, NULL, &err), AZ_EIO);
    assert_string_equal(err.msg, "cannot read the file: Is a directory");
    assert_int_equal(az_model_load_file(NULL, NULL, &m, NULL, &err),
                     AZ_EINVAL);
}

/* ---- overrides ----------------------------------------------------------- */

static void test_overrides(void **state)
{
    (void)state;
    const char *const ovr[] = {
        "stations.screw.machines=3",
        "buffers.before_screw.capacity=40",
        "products.P1.mix=0.5",
        "products.1.mix=0.5", /* P2, by index */
        "release.interarrival={exponential: {mean: 35 s}}",
        "stations.test.process=12 s",
        "run.replications=4",
        "time_unit=min",
        "stations.placer.process_by_product.P1={gamma: {mean: 1 min, cv: 1}}",
    };
    az_experiment_config run;
    az_model *m = load_ok(GOOD "tutorial.yaml", ovr, sizeof ovr / sizeof *ovr,
                          &run);
    assert_int_equal(az_model_station_machines(m, station(m, "screw")), 3);
    assert_int_equal(az_model_station_buffer(m, station(m, "screw")), 40);
    assert_near(m->source[0].mix_share[0], 0.5);
    assert_near(m->source[0].mix_share[1], 0.5);
    assert_near(az_dist_mean(&m->source[0].interarrival), 35.0 / 60);
    assert_int_equal(az_dist_get_kind(&m->source[0].interarrival),
                     AZ_DIST_EXPONENTIAL);
    assert_near(az_dist_mean(&m->station[station(m, "test")].process), 0.2);
    assert_int_equal(run.replications, 4);
    assert_near(run.horizon, 30 * 1440.0);
    assert_int_equal(m->station[station(m, "placer")].nover, 2);
    az_model_free(m);
}

/* An override changes one place: not the other users of a template. */
static void test_override_template(void **state)
{
    (void)state;
    const char *const ovr[] = {"stations.screw1.machines=7"};
    az_experiment_config run;
    az_model *m = load_ok(GOOD "templates.yaml", ovr, 1, &run);
    assert_int_equal(az_model_station_machines(m, station(m, "screw1")), 7);
    assert_int_equal(az_model_station_machines(m, station(m, "screw2")), 2);
    az_model_free(m);
}

static void test_override_errors(void **state)
{
    (void)state;
    static const struct {
        const char *ovr, *want;
    } cases[] = {
        {"stations.scrw.machines=2",
         "--set:0:10: --set stations.scrw.machines: no 'scrw' in 'stations'; "
         "did you mean 'screw'?\n"},
        {"stations.screw.machines=two",
         "--set:0:25: --set stations.screw.machines: expected an integer >= 1, "
         "got 'two'\n"},
        {"stations.screw.machine=2",
         "--set:0:16: --set stations.screw.machine: unknown key 'machine' in "
         "station 'screw'; did you mean 'machines'?\n"},
        {"products.P3.mix=0.5",
         "--set:0:10: --set products.P3.mix: no 'P3' in 'products'; did you "
         "mean 'P1' or 'P2'?\n"},
        {"products.2.mix=0.5",
         "--set:0:10: --set products.2.mix: no item 2 in 'products' (it has "
         "2, numbered from 0)\n"},
        {"release.interarrival={exponential: {mean: 35}}",
         "--set:0:43: --set release.interarrival: expected a duration with a "
         "unit (ms, s, min, h, d, week, year), like '30 s', got '35'\n"},
        {"release.interarrival={exponential: {mean: 35 s}",
         "--set:0:48: --set release.interarrival: syntax error: did not find "
         "expected ',' or '}' (while parsing a flow mapping at column 22)\n"},
        {"name.first=x",
         "--set:0:6: --set name.first: 'name' is a single value, so it has no "
         "'first'\n"},
        {"stations..machines=2",
         "--set:0:10: --set stations..machines: empty name in the path\n"},
        {"stations", "--set:0:1: --set stations: expected PATH=VALUE, like "
                     "stations.screw.machines=2\n"},
        {"=3", "--set:0:1: --set: expected a path before '='\n"},
        {"statons.screw.machines=2",
         "--set:0:1: --set statons.screw.machines: no 'statons' in the model; "
         "did you mean 'stations'?\n"},
        {"products.P1.mix=0.7",
         GOOD "tutorial.yaml:8:1: the product mix sums to 1.1, expected 1\n"},
        {"routes.default.1=scrw",
         "--set:0:18: --set routes.default.1: undefined station 'scrw' in "
         "route 'default'; did you mean 'screw'?\n"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        problems p = {.len = 0};
        az_load_options opt = {&cases[i].ovr, 1, collect, &p, NULL};
        az_model *m = NULL;
        az_error err;
        az_status rc = az_model_load_file(GOOD "tutorial.yaml", &opt, &m, NULL,
                                          &err);
        if (rc != AZ_EBADMODEL || strcmp(p.text, cases[i].want))
            fail_msg("--set %s: rc %d\nwant: %sgot:  %s", cases[i].ovr,
                     (int)rc, cases[i].want, p.text);
        assert_null(m);
    }
}

/* --set reaches the new keys like any other, and adds missing ones. */
static void test_override_blocks(void **state)
{
    (void)state;
    const char *const ovr[] = {
        "operators.inspectors.size=3",
        "stations.oven.batch.max=20",
        "stations.oven.batch.min=6",
        "stations.placer.speeds=[1, 1]",
        "stations.placer.failures.clock=calendar",
        "stations.placer.setup.between.0.time=2 min",
        "stations.pack.carton=10",
        "routes.default.2.yield.pro=0.9",
        "routes.default.3.sample_every=100",
        "release.wip_cap=300",
        "shifts.off_shift=pause",
        "shifts.pattern.1.end=21:30",
        "shifts.holidays=[4]",
    };
    az_experiment_config run;
    az_model *m = load_ok("examples/line-blocks.yaml", ovr,
                          sizeof ovr / sizeof *ovr, &run);
    assert_int_equal(az_model_pool_size(m, pool(m, "inspectors")), 3);
    const azi_station *oven = &m->station[station(m, "oven")];
    assert_int_equal(oven->batch_max, 20);
    assert_int_equal(oven->batch_min, 6);
    const azi_station *pl = &m->station[station(m, "placer")];
    assert_near(pl->speed[1], 1);
    assert_int_equal(pl->fail_clock, AZ_FAIL_CALENDAR);
    assert_near(az_dist_mean(&pl->pair[0].time), 120);
    assert_int_equal(m->station[station(m, "pack")].carton, 10);
    const azi_product *pro = &m->product[product(m, "pro")];
    assert_near(pro->step[2].yield, 0.9);
    assert_near(m->product[product(m, "basic_black")].step[2].yield, 0.97);
    assert_int_equal(pro->step[3].sample_every, 100);
    assert_int_equal(m->source[0].wip_cap, 300);
    assert_int_equal(m->off_shift, AZ_OFF_PAUSE);
    assert_near(m->shift[1].end, 21.5 * 3600);
    assert_int_equal(m->nholiday, 1);
    assert_int_equal(m->holiday[0], 4);
    az_model_free(m);
}

static void test_override_block_errors(void **state)
{
    (void)state;
#define EX "examples/line-blocks.yaml"
    static const struct {
        const char *ovr, *want;
    } cases[] = {
        {"operators.inspectors.size=0",
         "--set:0:27: --set operators.inspectors.size: expected an integer "
         ">= 1, got '0'\n"},
        {"operators.inspector.size=3",
         "--set:0:11: --set operators.inspector.size: no 'inspector' in "
         "'operators'; did you mean 'inspectors'?\n"},
        {"stations.oven.batch.max=60",
         EX ":75:51: buffer 'before_oven' (capacity 48) cannot hold a full "
            "batch of station 'oven' (max 60, --set)\n"},
        {"stations.oven.maintenance.every=10 min",
         "--set:0:33: --set stations.oven.maintenance.every: 'every' counts "
         "cycles here: write a number, not '10 min'\n"},
        {"stations.oven.maintenance.operator=tech",
         "--set:0:36: --set stations.oven.maintenance.operator: undefined "
         "operator pool 'tech' in the maintenance of station 'oven'; did you "
         "mean 'technicians'?\n"},
        {"stations.oven.batch.mn=3",
         "--set:0:21: --set stations.oven.batch.mn: unknown key 'mn' in the "
         "batch of station 'oven'; did you mean 'min'?\n"},
        {"stations.inspection.operator=inspector",
         "--set:0:30: --set stations.inspection.operator: undefined operator "
         "pool 'inspector' in station 'inspection'; did you mean "
         "'inspectors'?\n"},
        {"stations.placer.speeds=[1]",
         "--set:0:24: --set stations.placer.speeds: station 'placer' has 2 "
         "machines but 1 speed; give one speed per machine\n"},
        {"shifts.pattern.0.end=15:00",
         EX ":96:7: shift 2 (14:00-22:00) overlaps shift 1 (06:00-15:00) on "
            "mon, tue, wed, thu, fri\n"},
        {"shifts.pattern.0.days=[mon, tues]",
         "--set:0:29: --set shifts.pattern.0.days: unknown weekday 'tues'; "
         "did you mean 'tue'?\n"},
        {"shifts.breaks.0.start=10h",
         "--set:0:23: --set shifts.breaks.0.start: expected a time of day "
         "like \"06:00\", got '10h'\n"},
        {"release.sequence=[basic_black, pr]",
         "--set:0:32: --set release.sequence: undefined product 'pr' in the "
         "release sequence; did you mean 'pro'?\n"},
        {"release.wip_cap=20",
         "--set:0:17: --set release.wip_cap: 'wip_cap' 20 is too small: "
         "partly filled cartons at station 'pack' can hold 57 units (3 "
         "products x 19), and then the line stops; use at least 58\n"},
        {"routes.default.2.max_rework=-1",
         "--set:0:29: --set routes.default.2.max_rework: expected an integer "
         ">= 0, got '-1'\n"},
        {"routes.default.3.destructive=yes",
         "--set:0:30: --set routes.default.3.destructive: expected true or "
         "false, got 'yes'\n"},
    };
#undef EX
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        problems p = {.len = 0};
        az_load_options opt = {&cases[i].ovr, 1, collect, &p, NULL};
        az_model *m = NULL;
        az_error err;
        az_status rc = az_model_load_file("examples/line-blocks.yaml", &opt,
                                          &m, NULL, &err);
        if (rc != AZ_EBADMODEL || strcmp(p.text, cases[i].want))
            fail_msg("--set %s: rc %d\nwant: %sgot:  %s", cases[i].ovr,
                     (int)rc, cases[i].want, p.text);
        assert_null(m);
    }
}

/* --set reaches conveyors, assemblies, plans, shift names and pool sizes
 * by shift; shifts can be chosen by name. */
static void test_override_assembly(void **state)
{
    (void)state;
    const char *const ovr[] = {
        "buffers.belt.transport={uniform: {min: 2 min, max: 6 min}}",
        "buffers.before_test.transport=30 s",
        "buffers.belt.capacity=unlimited",
        "operators.testers.by_shift.night=2",
        "operators.testers.by_shift.evening=0", /* renamed below */
        "stations.assembly.assemble.display=2",
        "shifts.pattern.night.start=22:30",
        "shifts.pattern.late.name=evening",
    };
    az_experiment_config run;
    az_model *m = load_ok("examples/line-assembly.yaml", ovr,
                          sizeof ovr / sizeof *ovr, &run);
    const azi_station *as = &m->station[station(m, "assembly")];
    assert_int_equal(az_dist_get_kind(&as->transport), AZ_DIST_UNIFORM);
    assert_near(az_dist_mean(&as->transport), 4);
    assert_int_equal(as->buffer, AZ_UNLIMITED);
    const azi_station *te = &m->station[station(m, "test")];
    assert_true(te->has_transport);
    assert_near(az_dist_mean(&te->transport), 0.5);
    assert_int_equal(as->comp_qty[0], 2);
    assert_int_equal(as->comp_qty[1], 1);
    const azi_pool *pl = &m->pool[pool(m, "testers")];
    assert_int_equal(pl->by_shift[0], AZ_UNLIMITED);
    assert_int_equal(pl->by_shift[1], 0);
    assert_int_equal(pl->by_shift[2], 2);
    assert_near(m->shift[2].start, 22.5 * 3600);
    az_model_free(m);

    /* Another plan file, relative to the model's directory. */
    const char *const plan[] = {"release.plan=plans/week2.csv"};
    m = load_ok(GOOD "plan.yaml", plan, 1, &run);
    assert_int_equal(m->source[0].nplan, 2);
    assert_int_equal(m->source[0].plan[1].day, 2);
    assert_int_equal(m->source[0].plan[1].product, product(m, "basic"));
    assert_int_equal(m->source[0].plan[1].quantity, 70);
    az_model_free(m);
}

static void test_override_assembly_errors(void **state)
{
    (void)state;
#define EX "examples/line-assembly.yaml"
    static const struct {
        const char *ovr, *want;
    } cases[] = {
        {"operators.testers.by_shift.nigth=1",
         "--set:0:28: --set operators.testers.by_shift.nigth: undefined shift "
         "'nigth' in 'by_shift' of pool 'testers'; did you mean 'night'?\n"},
        {"operators.testers.by_shift.night=-1",
         "--set:0:34: --set operators.testers.by_shift.night: expected an "
         "integer >= 0, got '-1'\n"},
        {"operators.testers.by_shift=3",
         "--set:0:28: --set operators.testers.by_shift: expected a mapping "
         "from shift names to sizes like {night: 1}, got '3'\n"},
        {"release.plan=missing.csv",
         "--set:0:14: --set release.plan: cannot read the plan "
         "'examples/missing.csv': No such file or directory\n"},
        {"release.sequence=[board]",
         "--set:0:9: --set release.sequence: 'sequence' cannot be used with "
         "'plan': the plan says which products are released, and when\n"},
        {"products.board.mix=1",
         "--set:0:16: --set products.board.mix: 'mix' cannot be used with a "
         "production plan ('plan' in 'release'): the plan says which "
         "products are released\n"},
        {"buffers.belt.transport=3",
         "--set:0:24: --set buffers.belt.transport: expected a duration with "
         "a unit (ms, s, min, h, d, week, year), like '30 s', got '3'\n"},
        {"buffers.belt.capacity=0",
         "--set:0:23: --set buffers.belt.capacity: buffer 'belt' has a "
         "'transport' time, so units on the conveyor need room in it: "
         "capacity must be at least 1, got 0\n"},
        {"stations.assembly.assemble.displai=1",
         "--set:0:28: --set stations.assembly.assemble.displai: undefined "
         "product 'displai' in the assembly of station 'assembly'; did you "
         "mean 'display'?\n"},
        {"stations.assembly.assemble.board=1",
         "--set:0:28: --set stations.assembly.assemble.board: the route of "
         "'board' must end at 'assembly' to feed it\n"
         EX ":41:5: station 'assembly' assembles 'display', but no other "
            "product visits it: there is nothing to join it onto\n"},
        {"release.wip_cap=50",
         "--set:0:17: --set release.wip_cap: 'wip_cap' cannot be used with "
         "assembly (station 'assembly'): components count against the cap "
         "from their release on, so they can fill it and stop the line for "
         "good\n"},
        {"shifts.pattern.night.name=day",
         "--set:0:27: --set shifts.pattern.night.name: duplicate shift name "
         "'day' (already the name of shift 1 at line 71)\n"},
    };
#undef EX
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        problems p = {.len = 0};
        az_load_options opt = {&cases[i].ovr, 1, collect, &p, NULL};
        az_model *m = NULL;
        az_error err;
        az_status rc = az_model_load_file("examples/line-assembly.yaml", &opt,
                                          &m, NULL, &err);
        if (rc != AZ_EBADMODEL || strcmp(p.text, cases[i].want))
            fail_msg("--set %s: rc %d\nwant: %sgot:  %s", cases[i].ovr,
                     (int)rc, cases[i].want, p.text);
        assert_null(m);
    }
}

/* Problems from overrides come first, in the order given, then the file's. */
static void test_override_order(void **state)
{
    (void)state;
    const char *const ovr[] = {"stations.screw.machines=0", "run.seed=x"};
    problems p = {.len = 0};
    az_load_options opt = {ovr, 2, collect, &p, NULL};
    az_model *m = NULL;
    az_error err;
    assert_int_equal(az_model_load_file(BAD "mix_sum.yaml", &opt, &m, NULL,
                                        &err), AZ_EBADMODEL);
    assert_string_equal(p.text,
                        "--set:0:10: --set stations.screw.machines: no 'screw' "
                        "in 'stations'\n"
                        "--set:0:1: --set run.seed: no 'run' in the model\n"
                        BAD "mix_sum.yaml:2:1: the product mix sums to 0.9, "
                            "expected 1\n");
    assert_string_equal(err.file, "--set");
    assert_int_equal(err.col, 10);
}

/* ---- durations ----------------------------------------------------------- */

static void test_parse_duration(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        double seconds;
    } good[] = {
        {"2.5 min", 150}, {"18 s", 18},       {"18s", 18},
        {"8 h", 28800},   {"2 d", 172800},    {"1 week", 604800},
        {"1 year", 31536000}, {"250 ms", 0.25}, {"0 s", 0},
        {"  3\tmin ", 180}, {".5 h", 1800},   {"1e3 ms", 1},
        {"+2 s", 2},      {"-0 s", 0},        {"1.5E1 s", 15},
    };
    for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
        double s = -1;
        az_error err;
        if (az_parse_duration(good[i].text, &s, &err) != AZ_OK)
            fail_msg("'%s': %s", good[i].text, err.msg);
        assert_near(s, good[i].seconds);
        assert_false(signbit(s));
    }
    static const struct {
        const char *text, *msg;
    } bad[] = {
        {"30", "expected a duration with a unit (ms, s, min, h, d, week, "
               "year), like '30 s', got '30'"},
        {"", "expected a duration with a unit (ms, s, min, h, d, week, year), "
             "like '30 s', got ''"},
        {"s", "expected a duration with a unit (ms, s, min, h, d, week, "
              "year), like '30 s', got 's'"},
        {"inf s", "expected a duration with a unit (ms, s, min, h, d, week, "
                  "year), like '30 s', got 'inf s'"},
        {"0x10 s", "unknown unit 'x10 s' in '0x10 s'; expected ms, s, min, h, "
                   "d, week or year"},
        {"30 sec", "unknown unit 'sec' in '30 sec'; write '30 s' (units: ms, "
                   "s, min, h, d, week, year)"},
        {"2 Min", "unknown unit 'Min' in '2 Min'; write '2 min' (units: ms, s, "
                  "min, h, d, week, year)"},
        {"1.5 years", "unknown unit 'years' in '1.5 years'; write '1.5 year' "
                      "(units: ms, s, min, h, d, week, year)"},
        {"3 fortnights", "unknown unit 'fortnights' in '3 fortnights'; "
                         "expected ms, s, min, h, d, week or year"},
        {"-5 s", "a duration must not be negative, got '-5 s'"},
        {"1e308 year", "expected a finite duration, got '1e308 year'"},
        {"1e999 s", "expected a finite duration, got '1e999 s'"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        double s = 42;
        az_error err;
        assert_int_equal(az_parse_duration(bad[i].text, &s, &err), AZ_EINVAL);
        assert_int_equal(err.code, AZ_EINVAL);
        assert_string_equal(err.msg, bad[i].msg);
        assert_true(s == 42);
    }
    assert_int_equal(az_parse_duration(NULL, NULL, NULL), AZ_EINVAL);
}

/* Hostile documents fail cleanly (the fuzzer covers far more). */
static void test_hostile(void **state)
{
    (void)state;
    static const char *const texts[] = {
        /* a billion laughs: 10^6 values once expanded */
        "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
        "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
        "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
        "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n",
        "x: &m {<<: *m}\n",
        "\x01\x02\x03",
        "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
        "!!binary AAAA",
        "? [a]\n: b\n",
    };
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        problems p = {.len = 0};
        az_load_options opt = {NULL, 0, collect, &p, NULL};
        az_model *m = NULL;
        az_error err;
        assert_int_equal(az_model_load_string(texts[i], strlen(texts[i]), "h",
                                              &opt, &m, NULL, &err),
                         AZ_EBADMODEL);
        assert_null(m);
        assert_true(p.n >= 1);
    }
}

/* Overlaps are found in O(n log n): a pattern of many identical shifts
 * (one alias each) names each one once, against the first. */
/* 200 KB of nested brackets is refused as soon as the nesting passes the
 * limit, while parsing: loading the whole tree first took 49-79 s. An
 * alias that nests a template deeper than it is written is still caught
 * when the tree is built. */
static void test_deep_nesting(void **state)
{
    (void)state;
    enum { N = 100000 };
    char *text = malloc(2 * N + 15);
    assert_non_null(text);
    memcpy(text, "name: deep\nx: ", 14);
    memset(text + 14, '[', N);
    memset(text + 14 + N, ']', N);
    text[14 + 2 * N] = '\n';
    problems p = {.len = 0};
    az_load_options opt = {NULL, 0, collect, &p, NULL};
    az_model *m = NULL;
    az_error err;
    clock_t t0 = clock();
    assert_int_equal(az_model_load_string(text, 2 * N + 15, "deep.yaml", &opt,
                                          &m, NULL, &err), AZ_EBADMODEL);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    free(text);
    assert_string_equal(p.text, "deep.yaml:2:68: values are nested more than "
                                "64 levels deep\n");
    if (secs > 1)
        fail_msg("took %.1f s to refuse", secs);

    char alias[512];
    int k = snprintf(alias, sizeof alias, "t: &t %.*s%.*s\nx: %.*s*t%.*s\n",
                     40, "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[", 40,
                     "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]", 40,
                     "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[", 40,
                     "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]");
    p = (problems){.len = 0};
    assert_int_equal(az_model_load_string(alias, (size_t)k, "a.yaml", &opt,
                                          &m, NULL, &err), AZ_EBADMODEL);
    assert_non_null(strstr(p.text, "values are nested more than 64 levels "
                                   "deep"));
}

static void test_many_shifts(void **state)
{
    (void)state;
    enum { N = 20000 };
    static const char head[] =
        "name: m\nproducts: [{name: p}]\nrelease: {interarrival: 1 s}\n"
        "stations: {a: {process: 1 s}}\nroutes: {default: [a]}\n"
        "x-s: &s {start: \"06:00\", end: \"14:00\"}\n"
        "shifts:\n  pattern:\n";
    size_t len = strlen(head);
    char *text = malloc(len + N * 9 + 1);
    assert_non_null(text);
    memcpy(text, head, len);
    for (size_t i = 0; i < N; i++, len += 9)
        memcpy(text + len, "    - *s\n", 9);
    problems p = {.len = 0};
    az_load_options opt = {NULL, 0, collect, &p, NULL};
    az_model *m = NULL;
    az_error err;
    assert_int_equal(az_model_load_string(text, len, "many", &opt, &m, NULL,
                                          &err), AZ_EBADMODEL);
    free(text);
    assert_null(m);
    /* N - 1 overlaps: the first 100 told, then the count. */
    assert_int_equal(p.n, AZ_LOAD_MAX_PROBLEMS + 1);
    assert_non_null(strstr(p.text, "19899 more problems not listed (19999 in "
                                   "all)"));
    assert_string_equal(err.msg, "shift 2 (06:00-14:00) overlaps shift 1 "
                                 "(06:00-14:00) every day");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good_fixtures_load),
        cmocka_unit_test(test_tutorial),
        cmocka_unit_test(test_templates),
        cmocka_unit_test(test_minutes),
        cmocka_unit_test(test_load_string),
        cmocka_unit_test(test_blocks),
        cmocka_unit_test(test_conwip),
        cmocka_unit_test(test_calendars),
        cmocka_unit_test(test_line_blocks_example),
        cmocka_unit_test(test_conveyor),
        cmocka_unit_test(test_assembly),
        cmocka_unit_test(test_plan),
        cmocka_unit_test(test_plan_quirks),
        cmocka_unit_test(test_plan_string),
        cmocka_unit_test(test_pool_shifts),
        cmocka_unit_test(test_warnings),
        cmocka_unit_test(test_loop_warning),
        cmocka_unit_test(test_line_assembly_example),
        cmocka_unit_test(test_plan_csv),
        cmocka_unit_test(test_clean_cuts_between_characters),
        cmocka_unit_test(test_plan_value),
        cmocka_unit_test(test_sequence_counts),
        cmocka_unit_test(test_dispatch_warnings),
        cmocka_unit_test(test_problem_cap),
        cmocka_unit_test(test_bad_fixtures),
        cmocka_unit_test(test_unreadable),
        cmocka_unit_test(test_overrides),
        cmocka_unit_test(test_override_template),
        cmocka_unit_test(test_override_errors),
        cmocka_unit_test(test_override_blocks),
        cmocka_unit_test(test_override_block_errors),
        cmocka_unit_test(test_override_assembly),
        cmocka_unit_test(test_override_assembly_errors),
        cmocka_unit_test(test_override_order),
        cmocka_unit_test(test_parse_duration),
        cmocka_unit_test(test_hostile),
        cmocka_unit_test(test_deep_nesting),
        cmocka_unit_test(test_many_shifts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
