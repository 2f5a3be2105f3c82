/*
 * test_output_csv.c: the CSV results: every file and column, numbers that
 * read back as the same doubles, RFC 4180 quoting (read back with libcsv's
 * strict parser), empty fields for values that do not exist, and on
 * failure no file left behind and no earlier file touched.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <csv.h>

#include "output_fixture.h"

enum { MAXF = 128, MAXR = 2048 };

typedef struct table {
    char *f[MAXR][MAXF];
    size_t nf[MAXR], nr;
} table;

static void on_field(void *s, size_t n, void *data)
{
    table *t = data;
    assert_true(t->nr < MAXR && t->nf[t->nr] < MAXF);
    char *c = malloc(n + 1);
    assert_non_null(c);
    memcpy(c, s ? s : "", n);
    c[n] = '\0';
    t->f[t->nr][t->nf[t->nr]++] = c;
}

static void on_row(int c, void *data)
{
    (void)c;
    ((table *)data)->nr++;
}

/* dir/name parsed strictly; every record ends with CRLF. */
static table *load(const char *dir, const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    size_t len;
    char *text = fx_read(path, &len);
    if (!text)
        fail_msg("%s missing", path);
    assert_true(len >= 2 && !strcmp(text + len - 2, "\r\n"));
    table *t = calloc(1, sizeof *t);
    struct csv_parser p;
    assert_int_equal(csv_init(&p, CSV_STRICT | CSV_STRICT_FINI), 0);
    assert_int_equal(csv_parse(&p, text, len, on_field, on_row, t), len);
    assert_int_equal(csv_fini(&p, on_field, on_row, t), 0);
    csv_free(&p);
    free(text);
    for (size_t r = 1; r < t->nr; r++) /* rectangular */
        assert_int_equal(t->nf[r], t->nf[0]);
    return t;
}

static void drop(table *t)
{
    for (size_t r = 0; r < t->nr; r++)
        for (size_t c = 0; c < t->nf[r]; c++)
            free(t->f[r][c]);
    free(t);
}

static int col(const table *t, const char *name)
{
    for (size_t c = 0; c < t->nf[0]; c++)
        if (!strcmp(t->f[0][c], name))
            return (int)c;
    fail_msg("no column %s", name);
    return -1;
}

/* A number field read back exactly; NAN for an empty one. */
static double val(const char *s)
{
    if (!*s)
        return NAN;
    char *end;
    double x = strtod(s, &end);
    assert_true(*end == '\0');
    return x;
}

static void same(double got, double want)
{
    if (isnan(want))
        assert_true(isnan(got));
    else
        assert_memory_equal(&got, &want, sizeof got);
}

/* Every <stat>_mean/_ci95_low/_ci95_high column of every row of a summary
 * table equals the summary's figure bit for bit. */
static size_t check_stats(const table *t, const az_model *m,
                          const az_summary *s, az_scope scope, int first)
{
    size_t checked = 0;
    for (size_t r = 1; r < t->nr; r++) {
        assert_int_equal(val(t->f[r][first - 1]), az_summary_replications(s));
        for (size_t c = first; c < t->nf[0]; c += 3) {
            const char *h = t->f[0][c];
            size_t n = strlen(h);
            assert_true(n > 5 && !strcmp(h + n - 5, "_mean"));
            char name[64];
            snprintf(name, sizeof name, "%.*s", (int)(n - 5), h);
            char lo[80], hi[80];
            snprintf(lo, sizeof lo, "%s_ci95_low", name);
            snprintf(hi, sizeof hi, "%s_ci95_high", name);
            assert_string_equal(t->f[0][c + 1], lo);
            assert_string_equal(t->f[0][c + 2], hi);
            size_t i;
            double k;
            assert_true(fx_stat(m, s, scope, (uint32_t)(r - 1), name, &i, &k));
            double mean = az_summary_mean(s, i) * k;
            double h95 = az_summary_halfwidth_at(s, i, 0.95) * k;
            same(val(t->f[r][c]), mean);
            same(val(t->f[r][c + 1]), isfinite(h95) ? mean - h95 : NAN);
            same(val(t->f[r][c + 2]), isfinite(h95) ? mean + h95 : NAN);
            checked++;
        }
    }
    return checked;
}

static char *tmpdir(void)
{
    static char d[64];
    strcpy(d, "/tmp/azalea-csv-XXXXXX");
    assert_non_null(mkdtemp(d));
    return d;
}

static void rmtree(const char *dir)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

static const char *const files[] = {"run.csv", "system.csv", "products.csv",
    "stations.csv", "buffers.csv", "pools.csv", "replications.csv"};

static void test_csv_tables(void **state)
{
    (void)state;
    az_model *m = fx_model();
    az_summary *s = fx_run(m, 5, 3);
    char *base = tmpdir(), dir[256], path[512];
    snprintf(dir, sizeof dir, "%s/new/sub", base); /* parents created */
    az_output_meta meta = {"models/tiny.yaml", 1.5, "ab12", "x.y=1; z=\"2\""};
    assert_int_equal(az_output_csv(dir, m, s, &meta, NULL), AZ_OK);
    for (size_t f = 0; f < sizeof files / sizeof files[0]; f++) {
        snprintf(path, sizeof path, "%s/%s.tmp", dir, files[f]);
        assert_int_equal(access(path, F_OK), -1);
    }

    table *t = load(dir, "run.csv");
    assert_int_equal(t->nr, 2);
    assert_string_equal(t->f[1][col(t, "model")], "tiny \"quoted\" line");
    assert_string_equal(t->f[1][col(t, "model_file")], "models/tiny.yaml");
    assert_string_equal(t->f[1][col(t, "model_sha256")], "ab12");
    assert_string_equal(t->f[1][col(t, "overrides")], "x.y=1; z=\"2\"");
    assert_string_equal(t->f[1][col(t, "time_unit")], "min");
    assert_string_equal(t->f[1][col(t, "seed")], "3");
    assert_string_equal(t->f[1][col(t, "replications")], "5");
    assert_string_equal(t->f[1][col(t, "horizon")], "2000");
    assert_string_equal(t->f[1][col(t, "azalea_version")], "0.1.0");
    drop(t);

    t = load(dir, "system.csv");
    assert_int_equal(t->nr, 2);
    assert_string_equal(t->f[0][0], "model");
    assert_string_equal(t->f[1][0], "tiny \"quoted\" line");
    size_t n = check_stats(t, m, s, AZ_SCOPE_SYSTEM, 2);
    assert_int_equal(n, 17 + 3); /* throughput per hour, per year, per working hour */
    same(val(t->f[1][col(t, "throughput_per_hour_mean")]),
         az_summary_mean(s, az_summary_metric_index(s, AZ_SCOPE_SYSTEM, 0,
                                                    AZ_M_THROUGHPUT)) * 60);
    drop(t);

    t = load(dir, "products.csv");
    assert_int_equal(t->nr, 2);
    assert_string_equal(t->f[1][0], "p,1");
    assert_string_equal(t->f[1][1], "F");
    assert_int_equal(check_stats(t, m, s, AZ_SCOPE_PRODUCT, 3), 9 + 2);
    drop(t);

    t = load(dir, "stations.csv");
    assert_int_equal(t->nr, 3);
    assert_string_equal(t->f[0][2], "buffer");
    assert_string_equal(t->f[1][2], ""); /* unlimited */
    assert_string_equal(t->f[2][1], "2");
    assert_string_equal(t->f[2][2], "4");
    assert_int_equal(check_stats(t, m, s, AZ_SCOPE_STATION, 4), 2 * 24);
    drop(t);

    t = load(dir, "stores.csv"); /* no assembly: the header alone */
    assert_int_equal(t->nr, 1);
    assert_string_equal(t->f[0][0], "component");
    drop(t);

    t = load(dir, "buffers.csv");
    assert_int_equal(t->nr, 3);
    assert_string_equal(t->f[0][0], "station");
    assert_string_equal(t->f[0][1], "capacity");
    assert_string_equal(t->f[2][0], "b");
    assert_string_equal(t->f[2][1], "4");
    assert_int_equal(check_stats(t, m, s, AZ_SCOPE_STATION, 3), 2 * 3);
    col(t, "queue_length_mean");
    col(t, "queue_max_ci95_high");
    col(t, "wait_in_queue_mean");
    drop(t);

    t = load(dir, "pools.csv");
    assert_int_equal(t->nr, 2);
    assert_string_equal(t->f[1][0], "setters");
    assert_string_equal(t->f[1][1], "2");
    assert_int_equal(check_stats(t, m, s, AZ_SCOPE_POOL, 3), 1);
    drop(t);

    /* Long form: one row per replication and statistic, exact values, and
     * per metric the mean of the rows is the summary's mean. */
    t = load(dir, "replications.csv");
    assert_int_equal(t->nf[0], 5);
    assert_string_equal(t->f[0][0], "replication");
    /* per hour and per year of each throughput (system, product), and per
     * working hour of the system's */
    size_t nstat = az_summary_metric_count(s) + 2 * (1 + 1) + 1;
    assert_int_equal(t->nr, 1 + 5 * nstat);
    double sum = 0;
    for (size_t r = 1; r < t->nr; r++) {
        static const char *const scopes[] = {"system", "product", "station",
                                             "pool"};
        az_scope sc = AZ_SCOPE_SYSTEM;
        while (strcmp(scopes[sc], t->f[r][1]))
            sc++;
        uint32_t obj = sc == AZ_SCOPE_STATION && !strcmp(t->f[r][2], "b");
        size_t i;
        double k;
        assert_true(fx_stat(m, s, sc, obj, t->f[r][3], &i, &k));
        uint32_t rep = (uint32_t)val(t->f[r][0]);
        same(val(t->f[r][4]), az_summary_value(s, rep, i) * k);
        if (sc == AZ_SCOPE_STATION && obj == 1 &&
            !strcmp(t->f[r][3], "utilisation"))
            sum += val(t->f[r][4]);
    }
    size_t iu = az_summary_metric_index(s, AZ_SCOPE_STATION, 1, AZ_M_UTIL);
    assert_true(fabs(sum / 5 - az_summary_mean(s, iu)) < 1e-12);
    assert_string_equal(t->f[1 + 0][2], "tiny \"quoted\" line");
    drop(t);

    rmtree(base);
    az_summary_free(s);
    az_model_free(m);
}

/* Raw bytes: quotes only where RFC 4180 needs them, doubled inside. */
static void test_csv_quoting(void **state)
{
    (void)state;
    az_model *m = fx_model();
    az_summary *s = fx_run(m, 1, 3);
    char *dir = tmpdir(), path[512];
    az_output_meta meta = {" lead space", -1, NULL, "a=1\nb=2"};
    assert_int_equal(az_output_csv(dir, m, s, &meta, NULL), AZ_OK);
    snprintf(path, sizeof path, "%s/run.csv", dir);
    char *text = fx_read(path, NULL);
    assert_non_null(strstr(text, "\r\n0.1.0,\"tiny \"\"quoted\"\" line\","
                                 "\" lead space\",,min,60,3,1,2000,100,"
                                 "0.95,\"a=1\nb=2\"\r\n"));
    free(text);
    snprintf(path, sizeof path, "%s/products.csv", dir);
    text = fx_read(path, NULL);
    assert_non_null(strstr(text, "\r\n\"p,1\",F,1,"));
    free(text);
    /* One replication: no CI, so its bounds are empty. */
    table *t = load(dir, "system.csv");
    assert_string_equal(t->f[1][col(t, "throughput_ci95_low")], "");
    assert_string_equal(t->f[1][col(t, "throughput_ci95_high")], "");
    assert_true(val(t->f[1][col(t, "throughput_mean")]) > 0);
    drop(t);
    rmtree(dir);
    az_summary_free(s);
    az_model_free(m);
}

/* Same model and seed: byte-identical files whatever the thread count, and
 * a second write replaces the first. */
static void test_csv_reproducible(void **state)
{
    (void)state;
    az_model *m = fx_model();
    az_experiment_config cfg = az_experiment_defaults();
    cfg.seed = 9;
    cfg.replications = 4;
    cfg.horizon = 1000;
    az_summary *s1, *s3;
    assert_int_equal(az_experiment_run(m, &cfg, &s1, NULL), AZ_OK);
    cfg.threads = 3;
    assert_int_equal(az_experiment_run(m, &cfg, &s3, NULL), AZ_OK);
    char *d = tmpdir(), a[600], b[600];
    char d1[300], d3[300];
    snprintf(d1, sizeof d1, "%s/1", d);
    snprintf(d3, sizeof d3, "%s/3", d);
    assert_int_equal(az_output_csv(d1, m, s3, NULL, NULL), AZ_OK);
    assert_int_equal(az_output_csv(d1, m, s1, NULL, NULL), AZ_OK);
    assert_int_equal(az_output_csv(d3, m, s3, NULL, NULL), AZ_OK);
    for (size_t f = 0; f < sizeof files / sizeof files[0]; f++) {
        snprintf(a, sizeof a, "%s/%s", d1, files[f]);
        snprintf(b, sizeof b, "%s/%s", d3, files[f]);
        size_t na, nb;
        char *ta = fx_read(a, &na), *tb = fx_read(b, &nb);
        assert_int_equal(na, nb);
        assert_memory_equal(ta, tb, na);
        free(ta);
        free(tb);
    }
    rmtree(d);
    az_summary_free(s1);
    az_summary_free(s3);
    az_model_free(m);
}

static void test_csv_unwritable(void **state)
{
    (void)state;
    az_model *m = fx_model();
    az_summary *s = fx_run(m, 2, 3);
    char *dir = tmpdir(), path[512], sub[512];
    az_error err;

    /* A directory under a regular file cannot exist. */
    snprintf(path, sizeof path, "%s/file", dir);
    fx_write(path, "x");
    snprintf(sub, sizeof sub, "%s/file/out", dir);
    assert_int_equal(az_output_csv(sub, m, s, NULL, &err), AZ_EIO);
    char want[600];
    snprintf(want, sizeof want, "%s: Not a directory", sub);
    assert_string_equal(err.msg, want);
    assert_int_equal(az_output_csv(path, m, s, NULL, &err), AZ_EIO);
    snprintf(want, sizeof want, "%s: Not a directory", path);
    assert_string_equal(err.msg, want);

    /* Failing on the fourth file (az_io_fault: its creation fails): the
     * three written are removed, and an earlier result is untouched. */
    snprintf(path, sizeof path, "%s/products.csv", dir);
    fx_write(path, "old\r\n");
    az_io_fault(AZ_IO_OPEN, 5); /* the temporary directory, then 4 files */
    assert_int_equal(az_output_csv(dir, m, s, NULL, &err), AZ_EIO);
    az_io_fault(AZ_IO_OPEN, 0);
    assert_non_null(strstr(err.msg, "stations.csv: Input/output error"));
    for (size_t f = 0; f < sizeof files / sizeof files[0]; f++) {
        snprintf(path, sizeof path, "%s/%s", dir, files[f]);
        assert_int_equal(access(path, F_OK), f == 2 ? 0 : -1);
    }
    snprintf(path, sizeof path, "%s/products.csv", dir);
    char *text = fx_read(path, NULL);
    assert_string_equal(text, "old\r\n");
    free(text);
    rmtree(dir);
    az_summary_free(s);
    az_model_free(m);
}

/* The one quoting function every CSV writer uses (tables, trace, sweep). */
static void test_csv_field(void **state)
{
    (void)state;
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"plain", "plain"},         {"a,b", "\"a,b\""},
        {"say \"hi\"", "\"say \"\"hi\"\"\""}, {" lead", "\" lead\""},
        {"trail ", "\"trail \""},   {"two\nlines", "\"two\nlines\""},
        {"", ""},                   {NULL, ""},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char buf[64] = {0};
        FILE *f = fmemopen(buf, sizeof buf - 1, "w");
        assert_non_null(f);
        az_csv_field(f, cases[k].in);
        fclose(f);
        assert_string_equal(buf, cases[k].out);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv_tables),
        cmocka_unit_test(test_csv_quoting),
        cmocka_unit_test(test_csv_field),
        cmocka_unit_test(test_csv_reproducible),
        cmocka_unit_test(test_csv_unwritable),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
