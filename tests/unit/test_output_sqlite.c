/*
 * test_output_sqlite.c: the SQLite results database: runs appended with
 * exact values, the schema versioned and migrated, and every file azalea
 * must not write to (not a database, another program's, a newer schema)
 * refused and left byte for byte as it was; a failure mid-run adds nothing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "output_fixture.h"

static char dbpath[64];

static int setup(void **state)
{
    (void)state;
    strcpy(dbpath, "/tmp/azalea-db-XXXXXX");
    int fd = mkstemp(dbpath);
    if (fd < 0)
        return -1;
    close(fd);
    remove(dbpath); /* a path that does not exist yet */
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    remove(dbpath);
    return 0;
}

static sqlite3 *open_db(void)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open_v2(dbpath, &db, SQLITE_OPEN_READWRITE, NULL),
                     SQLITE_OK);
    return db;
}

static void exec(sqlite3 *db, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("%s: %s", sql, msg);
}

/* One value of a one-row query with one double parameter bound as ?1
 * (if p is not NULL). */
static sqlite3_stmt *row(sqlite3 *db, const char *sql, const char *p)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(db));
    if (p)
        sqlite3_bind_text(st, 1, p, -1, SQLITE_STATIC);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    return st;
}

static long long qint(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = row(db, sql, NULL);
    long long v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static double qreal(sqlite3 *db, const char *sql, const char *p)
{
    sqlite3_stmt *st = row(db, sql, p);
    double v = sqlite3_column_type(st, 0) == SQLITE_NULL
                   ? NAN : sqlite3_column_double(st, 0);
    sqlite3_finalize(st);
    return v;
}

static void same(double got, double want)
{
    if (isnan(want))
        assert_true(isnan(got));
    else
        assert_memory_equal(&got, &want, sizeof got);
}

/* Every statistic and replication value stored for run `run` equals the
 * summary's bit for bit; returns how many statistics. */
static long long check_run(sqlite3 *db, long long run, const az_model *m,
                           const az_summary *s)
{
    static const char *const scopes[] = {"system", "product", "station",
                                         "pool", "store"};
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db,
        "SELECT o.scope, o.idx, s.metric, s.mean, s.ci95_low, s.ci95_high, "
        "s.n FROM stats s JOIN objects o USING (object_id) WHERE o.run_id = ?",
        -1, &st, NULL), SQLITE_OK);
    sqlite3_bind_int64(st, 1, run);
    long long n = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        az_scope sc = AZ_SCOPE_SYSTEM;
        while (strcmp(scopes[sc], (const char *)sqlite3_column_text(st, 0)))
            sc++;
        size_t i;
        double k;
        assert_true(fx_stat(m, s, sc, (uint32_t)sqlite3_column_int(st, 1),
                            (const char *)sqlite3_column_text(st, 2), &i, &k));
        double mean = az_summary_mean(s, i) * k;
        double h = az_summary_halfwidth_at(s, i, 0.95) * k;
        same(sqlite3_column_type(st, 3) == SQLITE_NULL
                 ? NAN : sqlite3_column_double(st, 3), mean);
        if (isfinite(h)) {
            same(sqlite3_column_double(st, 4), mean - h);
            same(sqlite3_column_double(st, 5), mean + h);
        } else {
            assert_int_equal(sqlite3_column_type(st, 4), SQLITE_NULL);
            assert_int_equal(sqlite3_column_type(st, 5), SQLITE_NULL);
        }
        assert_int_equal(sqlite3_column_int(st, 6), az_summary_count(s, i));
        n++;
    }
    sqlite3_finalize(st);

    assert_int_equal(sqlite3_prepare_v2(db,
        "SELECT o.scope, o.idx, v.metric, v.replication, v.value FROM "
        "replication_values v JOIN objects o USING (object_id) "
        "WHERE o.run_id = ?", -1, &st, NULL), SQLITE_OK);
    sqlite3_bind_int64(st, 1, run);
    long long nv = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        az_scope sc = AZ_SCOPE_SYSTEM;
        while (strcmp(scopes[sc], (const char *)sqlite3_column_text(st, 0)))
            sc++;
        size_t i;
        double k;
        assert_true(fx_stat(m, s, sc, (uint32_t)sqlite3_column_int(st, 1),
                            (const char *)sqlite3_column_text(st, 2), &i, &k));
        uint32_t r = (uint32_t)sqlite3_column_int(st, 3);
        same(sqlite3_column_type(st, 4) == SQLITE_NULL
                 ? NAN : sqlite3_column_double(st, 4),
             az_summary_value(s, r, i) * k);
        nv++;
    }
    sqlite3_finalize(st);
    assert_int_equal(nv, n * az_summary_replications(s));
    return n;
}

static void test_db_append_runs(void **state)
{
    (void)state;
    az_model *m = fx_model();
    az_summary *s1 = fx_run(m, 4, 3);
    az_summary *s2 = fx_run(m, 1, UINT64_MAX);
    assert_int_equal(az_output_sqlite_check(dbpath, NULL), AZ_OK);
    assert_int_equal(access(dbpath, F_OK), -1); /* the check wrote nothing */
    az_output_meta meta = {"models/tiny.yaml", 1.5, "ab12", "x.y=1"};
    assert_int_equal(az_output_sqlite(dbpath, m, s1, &meta, NULL), AZ_OK);
    assert_int_equal(az_output_sqlite(dbpath, m, s2, NULL, NULL), AZ_OK);
    assert_int_equal(az_output_sqlite_check(dbpath, NULL), AZ_OK);

    sqlite3 *db = open_db();
    assert_int_equal(qint(db, "PRAGMA user_version"),
                     az_output_sqlite_schema_version());
    assert_int_equal(qint(db, "PRAGMA application_id"), 0x417A4C61);
    assert_int_equal(qint(db, "SELECT count(*) FROM runs"), 2);
    /* 76 metrics (24 a station), throughput also per hour and per year */
    assert_int_equal(check_run(db, 1, m, s1), 76 + 4);
    assert_int_equal(check_run(db, 2, m, s2), 76 + 4);

    sqlite3_stmt *st = row(db, "SELECT model_name, model_file, model_sha256, "
                           "overrides, time_unit, time_unit_seconds, seed, "
                           "replications, horizon, warmup, confidence, "
                           "wall_seconds, events, azalea_version, "
                           "created_utc FROM runs WHERE run_id = 1", NULL);
    assert_string_equal(sqlite3_column_text(st, 0), "tiny \"quoted\" line");
    assert_string_equal(sqlite3_column_text(st, 1), "models/tiny.yaml");
    assert_string_equal(sqlite3_column_text(st, 2), "ab12");
    assert_string_equal(sqlite3_column_text(st, 3), "x.y=1");
    assert_string_equal(sqlite3_column_text(st, 4), "min");
    assert_true(sqlite3_column_double(st, 5) == 60);
    assert_int_equal(sqlite3_column_int64(st, 6), 3);
    assert_int_equal(sqlite3_column_int64(st, 7), 4);
    assert_true(sqlite3_column_double(st, 8) == 2000);
    assert_true(sqlite3_column_double(st, 9) == 100);
    assert_true(sqlite3_column_double(st, 10) == 0.95);
    assert_true(sqlite3_column_double(st, 11) == 1.5);
    assert_int_equal(sqlite3_column_int64(st, 12),
                     (sqlite3_int64)az_summary_events(s1));
    assert_string_equal(sqlite3_column_text(st, 13), "0.1.0");
    const char *t = (const char *)sqlite3_column_text(st, 14);
    assert_int_equal(strlen(t), 20); /* 2026-11-26T13:05:19Z */
    assert_true(t[4] == '-' && t[10] == 'T' && t[19] == 'Z');
    sqlite3_finalize(st);
    /* Without meta: NULLs; a seed from 2^63 keeps its 64 bits. */
    st = row(db, "SELECT model_file, model_sha256, overrides, wall_seconds, "
             "seed FROM runs WHERE run_id = 2", NULL);
    for (int c = 0; c < 4; c++)
        assert_int_equal(sqlite3_column_type(st, c), SQLITE_NULL);
    assert_int_equal(sqlite3_column_int64(st, 4), -1);
    sqlite3_finalize(st);

    /* Objects: names, families, machines, buffer (NULL: unlimited), size. */
    assert_int_equal(qint(db, "SELECT count(*) FROM objects WHERE run_id = 1 "
                          "AND ((scope = 'system' AND name = 'tiny \"quoted\" "
                          "line') OR (scope = 'product' AND name = 'p,1' AND "
                          "family = 'F') OR (scope = 'station' AND name = 'a' "
                          "AND machines = 1 AND buffer IS NULL) OR (scope = "
                          "'station' AND name = 'b' AND machines = 2 AND "
                          "buffer = 4) OR (scope = 'pool' AND name = "
                          "'setters' AND size = 2))"), 5);
    assert_int_equal(qint(db, "SELECT count(*) FROM objects"), 10);

    /* The documented example query, through the view. */
    size_t it = az_summary_metric_index(s1, AZ_SCOPE_PRODUCT, 0,
                                        AZ_M_THROUGHPUT);
    same(qreal(db, "SELECT mean FROM results WHERE scope = 'product' AND "
               "object = ?1 AND metric = 'throughput_per_hour' AND run_id = 1",
               "p,1"), az_summary_mean(s1, it) * 60);
    assert_true(isnan(qreal(db, "SELECT ci95_low FROM results WHERE run_id = 2 "
                            "AND metric = 'throughput'", NULL)));
    assert_int_equal(qint(db, "SELECT count(*) FROM replication_results "
                          "WHERE run_id = 1"), 4 * 80);

    /* Deleting a run (foreign keys on) removes all it added. */
    exec(db, "PRAGMA foreign_keys = ON; DELETE FROM runs WHERE run_id = 1");
    assert_int_equal(qint(db, "SELECT count(*) FROM stats"), 80);
    assert_int_equal(qint(db, "SELECT count(*) FROM replication_values"), 80);
    sqlite3_close(db);
    az_summary_free(s1);
    az_summary_free(s2);
    az_model_free(m);
}

/* The file after a refusal: byte for byte what it was. */
static void refused(const char *want_msg)
{
    az_model *m = fx_model();
    az_summary *s = fx_run(m, 2, 3);
    size_t n0, n1;
    char *before = fx_read(dbpath, &n0);
    az_error err;
    assert_int_equal(az_output_sqlite_check(dbpath, &err), AZ_EIO);
    assert_non_null(strstr(err.msg, want_msg));
    assert_int_equal(az_output_sqlite(dbpath, m, s, NULL, &err), AZ_EIO);
    assert_non_null(strstr(err.msg, want_msg));
    assert_non_null(strstr(err.msg, dbpath));
    char *after = fx_read(dbpath, &n1);
    assert_int_equal(n0, n1);
    assert_memory_equal(before, after, n0);
    free(before);
    free(after);
    az_summary_free(s);
    az_model_free(m);
}

static void test_db_not_a_database(void **state)
{
    (void)state;
    fx_write(dbpath, "station,machines\r\nplacer,2\r\n");
    refused("not an SQLite database; it is left as it was");
    /* Also a large non-database file (more than a page). */
    char big[10000];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    fx_write(dbpath, big);
    refused("not an SQLite database");
}

static void test_db_newer_schema(void **state)
{
    (void)state;
    az_model *m = fx_model();
    az_summary *s = fx_run(m, 2, 3);
    assert_int_equal(az_output_sqlite(dbpath, m, s, NULL, NULL), AZ_OK);
    sqlite3 *db = open_db();
    exec(db, "PRAGMA user_version = 99");
    sqlite3_close(db);
    refused("results schema version 99, but this azalea (0.1.0) knows "
            "versions 1 to");
    db = open_db();
    assert_int_equal(qint(db, "SELECT count(*) FROM runs"), 1);
    sqlite3_close(db);
    az_summary_free(s);
    az_model_free(m);
}

static void test_db_other_program(void **state)
{
    (void)state;
    sqlite3 *db;
    assert_int_equal(sqlite3_open(dbpath, &db), SQLITE_OK);
    exec(db, "CREATE TABLE runs (x); INSERT INTO runs VALUES (1)");
    sqlite3_close(db);
    refused("an SQLite database of another program");
    /* Another application id, even with no tables. */
    assert_int_equal(remove(dbpath), 0);
    assert_int_equal(sqlite3_open(dbpath, &db), SQLITE_OK);
    exec(db, "PRAGMA application_id = 7");
    sqlite3_close(db);
    refused("an SQLite database of another program");
}

/* A database written by an azalea of schema version 1 (the tables, before
 * the views and index of version 2): migrated in place, its run kept. */
static void test_db_migrates_version_1(void **state)
{
    (void)state;
    sqlite3 *db;
    assert_int_equal(sqlite3_open(dbpath, &db), SQLITE_OK);
    exec(db,
         "CREATE TABLE runs (run_id INTEGER PRIMARY KEY, created_utc TEXT NOT "
         "NULL, azalea_version TEXT NOT NULL, model_name TEXT NOT NULL, "
         "model_file TEXT, model_sha256 TEXT, overrides TEXT, time_unit TEXT "
         "NOT NULL, time_unit_seconds REAL NOT NULL, seed INTEGER NOT NULL, "
         "replications INTEGER NOT NULL, horizon REAL NOT NULL, warmup REAL "
         "NOT NULL, confidence REAL NOT NULL, events INTEGER NOT NULL, "
         "wall_seconds REAL);"
         "CREATE TABLE objects (object_id INTEGER PRIMARY KEY, run_id INTEGER "
         "NOT NULL REFERENCES runs ON DELETE CASCADE, scope TEXT NOT NULL "
         "CHECK (scope IN ('system', 'product', 'station', 'pool')), idx "
         "INTEGER NOT NULL, name TEXT NOT NULL, family TEXT, machines "
         "INTEGER, buffer INTEGER, size INTEGER, UNIQUE (run_id, scope, idx));"
         "CREATE TABLE stats (object_id INTEGER NOT NULL REFERENCES objects ON "
         "DELETE CASCADE, metric TEXT NOT NULL, mean REAL, ci95_low REAL, "
         "ci95_high REAL, n INTEGER NOT NULL, PRIMARY KEY (object_id, "
         "metric)) WITHOUT ROWID;"
         "CREATE TABLE replication_values (object_id INTEGER NOT NULL "
         "REFERENCES objects ON DELETE CASCADE, metric TEXT NOT NULL, "
         "replication INTEGER NOT NULL, value REAL, PRIMARY KEY (object_id, "
         "metric, replication)) WITHOUT ROWID;"
         "INSERT INTO runs VALUES (1, '2026-01-01T00:00:00Z', '0.0.9', 'old', "
         "NULL, NULL, NULL, 's', 1, 1, 2, 100, 0, 0.95, 10, NULL);"
         "INSERT INTO objects (object_id, run_id, scope, idx, name) VALUES "
         "(1, 1, 'system', 0, 'old');"
         "INSERT INTO stats VALUES (1, 'throughput', 0.5, 0.4, 0.6, 2);"
         "PRAGMA application_id = 1098533985; PRAGMA user_version = 1;");
    sqlite3_close(db);
    assert_int_equal(az_output_sqlite_check(dbpath, NULL), AZ_OK);

    az_model *m = fx_model();
    az_summary *s = fx_run(m, 2, 3);
    assert_int_equal(az_output_sqlite(dbpath, m, s, NULL, NULL), AZ_OK);
    db = open_db();
    assert_int_equal(qint(db, "PRAGMA user_version"),
                     az_output_sqlite_schema_version());
    assert_int_equal(qint(db, "SELECT count(*) FROM runs"), 2);
    /* The old run is still there, and the new views show both. */
    same(qreal(db, "SELECT mean FROM results WHERE model_name = ?1 AND "
               "metric = 'throughput'", "old"), 0.5);
    assert_int_equal(qint(db, "SELECT count(DISTINCT run_id) FROM results"), 2);
    assert_int_equal(qint(db, "SELECT count(*) FROM sqlite_master WHERE "
                          "name = 'objects_by_name'"), 1);
    assert_int_equal(check_run(db, 2, m, s), 80);
    /* Version 3: a store is an object; the old rows kept their stats
     * (the rebuilt table cascaded nothing). */
    exec(db, "INSERT INTO objects (run_id, scope, idx, name) VALUES "
             "(1, 'store', 0, 'housing')");
    assert_int_equal(qint(db, "SELECT count(*) FROM stats WHERE "
                          "object_id = 1"), 1);
    sqlite3_close(db);
    az_summary_free(s);
    az_model_free(m);
}

/* A database of schema version 3 (before the what-if tables) gets them in
 * the transaction of a comparison, which links its runs with the paired
 * differences az_whatif_figures computed; a run added later joins it. */
static void test_db_whatif_migrates_version_3(void **state)
{
    (void)state;
    az_model *m = fx_model();
    az_summary *base = fx_run(m, 4, 3), *alt = fx_run(m, 4, 3);
    assert_int_equal(az_output_sqlite(dbpath, m, base, NULL, NULL), AZ_OK);
    sqlite3 *db = open_db();
    exec(db, "DROP TABLE optimization_evaluations; "
             "DROP INDEX comparison_runs_by_run; DROP TABLE comparison_runs; "
             "DROP TABLE comparisons; PRAGMA user_version = 3;");
    sqlite3_close(db);

    az_whatif_run r[2] = {{0}};
    r[0].role = "base";
    r[0].label = "base";
    r[1].role = "scenario";
    r[1].label = "x.y=2";
    r[1].changes = "x.y=2";
    r[1].cost = 1000;
    r[1].unstable = 1;
    for (int k = 0; k < 2; k++) {
        r[k].model = m;
        r[k].summary = k ? alt : base;
        r[k].meta.wall_seconds = -1;
        if (k == 0)
            r[k].cost = -1;
        assert_int_equal(az_whatif_figures(m, k ? base : NULL, r[k].summary,
                                           &r[k], NULL), AZ_OK);
    }
    assert_true(isnan(r[0].diff[AZ_WI_THROUGHPUT].mean));
    int64_t id = 0;
    az_error derr;
    if (az_output_sqlite_whatif(dbpath, "compare", "ab12", r, 2, &id, &derr))
        fail_msg("%s", derr.msg);
    assert_int_equal(id, 1);
    db = open_db();
    assert_int_equal(qint(db, "PRAGMA user_version"),
                     az_output_sqlite_schema_version());
    assert_int_equal(qint(db, "SELECT count(*) FROM runs"), 3);
    assert_int_equal(qint(db, "SELECT count(*) FROM comparisons WHERE kind = "
                          "'compare' AND model_sha256 = 'ab12'"), 1);
    assert_int_equal(qint(db, "SELECT run_id FROM comparison_runs WHERE "
                          "role = 'base'"), 2);
    assert_int_equal(qint(db, "SELECT unstable FROM comparison_runs WHERE "
                          "run_id = 3"), 1);
    same(qreal(db, "SELECT diff_throughput_per_hour FROM comparison_runs "
               "WHERE label = ?1", "x.y=2"),
         r[1].diff[AZ_WI_THROUGHPUT].mean);
    same(qreal(db, "SELECT ci_high FROM comparison_runs WHERE label = ?1",
               "x.y=2"), r[1].diff[AZ_WI_THROUGHPUT].high);
    same(qreal(db, "SELECT diff_wip_ci_low FROM comparison_runs WHERE "
               "label = ?1", "x.y=2"), r[1].diff[AZ_WI_WIP].low);
    assert_int_equal(check_run(db, 3, m, alt), 80);
    /* Schema 6: the comparison kept its row through the rebuild, which
     * takes 'optimize' now, and the evaluations' table is there. */
    exec(db, "INSERT INTO comparisons VALUES (9, 'optimize', 'now', 'x', "
             "NULL); INSERT INTO optimization_evaluations VALUES (9, 0, '', "
             "0, 1, 2, 3, 1, 1); DELETE FROM optimization_evaluations; "
             "DELETE FROM comparisons WHERE comparison_id = 9;");
    assert_int_equal(qint(db, "SELECT count(*) FROM comparisons"), 1);
    sqlite3_close(db);

    r[1].role = "point";
    assert_int_equal(az_output_sqlite_whatif_add(dbpath, id, &r[1], NULL),
                     AZ_OK);
    az_error err;
    assert_int_equal(az_output_sqlite_whatif_add(dbpath, 7, &r[1], &err),
                     AZ_EIO);
    assert_non_null(strstr(err.msg, "no comparison 7"));
    db = open_db();
    assert_int_equal(qint(db, "SELECT count(*) FROM runs"), 4);
    assert_int_equal(qint(db, "SELECT count(*) FROM comparison_runs"), 3);
    sqlite3_close(db);
    az_summary_free(base);
    az_summary_free(alt);
    az_model_free(m);
}

/* An empty file (e.g. made by mkstemp or touch) is an empty database. */
static void test_db_empty_file(void **state)
{
    (void)state;
    fx_write(dbpath, "");
    az_model *m = fx_model();
    az_summary *s = fx_run(m, 2, 3);
    assert_int_equal(az_output_sqlite_check(dbpath, NULL), AZ_OK);
    assert_int_equal(az_output_sqlite(dbpath, m, s, NULL, NULL), AZ_OK);
    sqlite3 *db = open_db();
    assert_int_equal(qint(db, "SELECT count(*) FROM runs"), 1);
    sqlite3_close(db);
    az_summary_free(s);
    az_model_free(m);
}

/* An insert failing half-way (a trigger aborts the second replication's
 * first value) rolls the whole run back. */
static void test_db_failure_adds_nothing(void **state)
{
    (void)state;
    az_model *m = fx_model();
    az_summary *s = fx_run(m, 3, 3);
    assert_int_equal(az_output_sqlite(dbpath, m, s, NULL, NULL), AZ_OK);
    sqlite3 *db = open_db();
    exec(db, "CREATE TRIGGER fail BEFORE INSERT ON replication_values "
             "WHEN NEW.replication = 1 BEGIN SELECT RAISE(ABORT, 'injected'); "
             "END");
    long long nr = qint(db, "SELECT count(*) FROM runs");
    long long no = qint(db, "SELECT count(*) FROM objects");
    long long ns = qint(db, "SELECT count(*) FROM stats");
    long long nv = qint(db, "SELECT count(*) FROM replication_values");
    az_error err;
    assert_int_equal(az_output_sqlite(dbpath, m, s, NULL, &err), AZ_EIO);
    assert_non_null(strstr(err.msg, "cannot insert: injected"));
    assert_int_equal(qint(db, "SELECT count(*) FROM runs"), nr);
    assert_int_equal(qint(db, "SELECT count(*) FROM objects"), no);
    assert_int_equal(qint(db, "SELECT count(*) FROM stats"), ns);
    assert_int_equal(qint(db, "SELECT count(*) FROM replication_values"), nv);
    sqlite3_close(db);
    az_summary_free(s);
    az_model_free(m);
}

static void test_db_unwritable_path(void **state)
{
    (void)state;
    az_model *m = fx_model();
    az_summary *s = fx_run(m, 2, 3);
    az_error err;
    assert_int_equal(az_output_sqlite_check("/nonexistent-dir/r.sqlite", &err),
                     AZ_EIO);
    assert_string_equal(err.msg, "/nonexistent-dir/r.sqlite: cannot create: "
                                 "No such file or directory");
    assert_int_equal(az_output_sqlite("/nonexistent-dir/r.sqlite", m, s, NULL,
                                      &err), AZ_EIO);
    assert_string_equal(err.msg, "/nonexistent-dir/r.sqlite: cannot open: "
                                 "unable to open database file");
    assert_int_equal(az_output_sqlite_check("/tmp", &err), AZ_EIO);
    az_summary_free(s);
    az_model_free(m);
}

static void test_sha256(void **state)
{
    (void)state;
    char hex[65];
    az_sha256_hex("abc", 3, hex); /* FIPS 180-2 example */
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9c"
                             "b410ff61f20015ad");
    fx_write(dbpath, "abc");
    assert_int_equal(az_sha256_file(dbpath, hex, NULL), AZ_OK);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9c"
                             "b410ff61f20015ad");
    az_error err;
    assert_int_equal(az_sha256_file("/nonexistent.yaml", hex, &err), AZ_EIO);
    assert_string_equal(err.msg, "/nonexistent.yaml: No such file or "
                                 "directory");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_db_append_runs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_db_not_a_database, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_db_newer_schema, setup, teardown),
        cmocka_unit_test_setup_teardown(test_db_other_program, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_db_migrates_version_1, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_db_whatif_migrates_version_3,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_db_empty_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_db_failure_adds_nothing, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_db_unwritable_path, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_sha256, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
