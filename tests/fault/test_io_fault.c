/*
 * test_io_fault.c: every result writer under injected I/O errors. For
 * each writer (JSON, the CSV set built beside its directory and in it,
 * the trace, the SQLite database), each kind of call (open, write, sync,
 * rename) and every n until the writer makes fewer than n such calls,
 * the n-th call fails with EIO (az_io_fault), and the writer must end in
 * AZ_EIO with a message naming its path, leave the old output as it was
 * (or, with none before, nothing), and leave no temporary. The ASan build
 * of this program also finds what a failure path leaks.
 *
 * The fault hook is process-wide, so the cases run one after another.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "azalea/output.h"
#include "azalea/trace.h"
#include "output_fixture.h"

enum { MAXN = 100000 };
static const char *const op_name[AZ_IO_NOPS] = {"open", "write", "sync",
                                                "rename"};
static const char *const tables[] = {"run.csv", "system.csv", "products.csv",
    "stations.csv", "buffers.csv", "pools.csv", "replications.csv"};
enum { NTABLES = sizeof tables / sizeof tables[0] };

typedef struct ctx {
    az_model *m;
    az_summary *old, *new_;
    char base[64]; /* scratch directory */
} ctx;

static int setup(void **state)
{
    ctx *c = calloc(1, sizeof *c);
    c->m = fx_model();
    c->old = fx_run(c->m, 2, 1);
    c->new_ = fx_run(c->m, 3, 2);
    strcpy(c->base, "/tmp/azalea-fault-XXXXXX");
    assert_non_null(mkdtemp(c->base));
    *state = c;
    return 0;
}

static int teardown(void **state)
{
    ctx *c = *state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", c->base);
    assert_int_equal(system(cmd), 0);
    az_summary_free(c->old);
    az_summary_free(c->new_);
    az_model_free(c->m);
    free(c);
    return 0;
}

/* Names in dir that only a writer's temporary or journal has. */
static int leftovers(const char *dir)
{
    return fx_left_in(dir, ".tmp") + fx_left_in(dir, "-journal");
}

/* One writer: writes s to path. */
typedef az_status writer_fn(const ctx *c, const char *path,
                            const az_summary *s, az_error *err);
/* Snapshot of the output at path (NULL: none); free with free(). */
typedef char *snap_fn(const char *path);

static az_status w_json(const ctx *c, const char *path, const az_summary *s,
                        az_error *err)
{
    return az_output_json(path, c->m, s, NULL, err);
}

static az_status w_csv(const ctx *c, const char *path, const az_summary *s,
                       az_error *err)
{
    return az_output_csv(path, c->m, s, NULL, err);
}

static az_status w_trace(const ctx *c, const char *path, const az_summary *s,
                         az_error *err)
{
    return az_trace_csv(path, c->m, az_summary_config(s), 0, err);
}

static az_status w_db(const ctx *c, const char *path, const az_summary *s,
                      az_error *err)
{
    return az_output_sqlite(path, c->m, s, NULL, err);
}

static char *snap_file(const char *path) { return fx_read(path, NULL); }

/* The seven tables, one after another. */
static char *snap_set(const char *dir)
{
    size_t cap = 1, n = 0;
    char *all = calloc(1, 1), p[512];
    for (int t = 0; t < NTABLES; t++) {
        snprintf(p, sizeof p, "%s/%s", dir, tables[t]);
        char *f = fx_read(p, NULL);
        if (!f) {
            free(all);
            return NULL;
        }
        size_t k = strlen(f);
        all = realloc(all, cap += k + 2);
        memcpy(all + n, f, k);
        n += k;
        all[n++] = '|';
        all[n] = '\0';
        free(f);
    }
    return all;
}

/* The runs and integrity of the database: what an append must not
 * change when it fails. */
static char *snap_db(const char *path)
{
    if (access(path, F_OK) != 0)
        return NULL;
    sqlite3 *db;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL),
                     SQLITE_OK);
    sqlite3_stmt *st;
    char *out = calloc(1, 256);
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT (SELECT count(*) FROM "
                                        "runs) || ' ' || (SELECT count(*) "
                                        "FROM replication_values) || ' ' || "
                                        "(SELECT integrity_check FROM pragma_integrity_check)"
                                        , -1, &st, NULL),
                     SQLITE_OK);
    if (sqlite3_step(st) == SQLITE_ROW)
        snprintf(out, 256, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    sqlite3_close(db);
    return out;
}

/* Runs the writer with every fault it reaches, over an old output (old)
 * or none. dir: where temporaries would be left. */
static void every_fault(const ctx *c, const char *path, const char *dir,
                        writer_fn *w, snap_fn *snap, int old)
{
    az_error err;
    for (int op = 0; op < AZ_IO_NOPS; op++) {
        unsigned long n = 1;
        for (; n < MAXN; n++) {
            if (old)
                assert_int_equal(w(c, path, c->old, &err), AZ_OK);
            char *before = snap(path);
            assert_true(old ? before != NULL : before == NULL);
            az_io_fault((az_io_op)op, n);
            az_error_clear(&err);
            az_status rc = w(c, path, c->new_, &err);
            int fired = az_io_fault_fired();
            az_io_fault((az_io_op)op, 0);
            char *after = snap(path);
            if (!fired) { /* fewer than n such calls: done */
                assert_int_equal(rc, AZ_OK);
                assert_non_null(after);
                free(before);
                free(after);
                if (!old)
                    unlink(path);
                break;
            }
            if (rc != AZ_EIO)
                fail_msg("%s: %s #%lu: status %d (%s)", path, op_name[op], n,
                         rc, err.msg);
            /* The message names the output. */
            const char *name = strrchr(path, '/') + 1;
            if (!strstr(err.msg, name) && !strstr(err.msg, "/"))
                fail_msg("%s: %s #%lu: message '%s'", path, op_name[op], n,
                         err.msg);
            if (old ? !after || strcmp(before, after) : after != NULL)
                fail_msg("%s: %s #%lu changed the output", path,
                         op_name[op], n);
            assert_int_equal(leftovers(dir), 0);
            assert_int_equal(leftovers(c->base), 0);
            free(before);
            free(after);
            if (!old) /* a fresh start for the next n */
                unlink(path);
        }
        assert_true(n < MAXN);
        print_message("%s: %s: %lu fault point(s)\n", path, op_name[op],
                      n - 1);
    }
}

static void test_json(void **state)
{
    ctx *c = *state;
    char p[128];
    snprintf(p, sizeof p, "%s/new.json", c->base);
    every_fault(c, p, c->base, w_json, snap_file, 0);
    snprintf(p, sizeof p, "%s/r.json", c->base);
    every_fault(c, p, c->base, w_json, snap_file, 1);
}

static void test_trace(void **state)
{
    ctx *c = *state;
    char p[128];
    snprintf(p, sizeof p, "%s/new.csv", c->base);
    every_fault(c, p, c->base, w_trace, snap_file, 0);
    snprintf(p, sizeof p, "%s/t.csv", c->base);
    every_fault(c, p, c->base, w_trace, snap_file, 1);
}

static void test_csv_set(void **state)
{
    ctx *c = *state;
    char p[128];
    snprintf(p, sizeof p, "%s/set", c->base);
    every_fault(c, p, p, w_csv, snap_set, 1);
    /* Built in the directory itself ("DIR/."): backups put back. */
    char in[160];
    snprintf(in, sizeof in, "%s/.", p);
    every_fault(c, in, p, w_csv, snap_set, 1);
}

static void test_csv_new_set(void **state)
{
    ctx *c = *state;
    char p[128];
    snprintf(p, sizeof p, "%s/fresh", c->base);
    az_error err;
    for (int op = 0; op < AZ_IO_NOPS; op++)
        for (unsigned long n = 1; n < MAXN; n++) {
            az_io_fault((az_io_op)op, n);
            az_status rc = w_csv(c, p, c->new_, &err);
            int fired = az_io_fault_fired();
            az_io_fault((az_io_op)op, 0);
            if (!fired) {
                assert_int_equal(rc, AZ_OK);
                char cmd[200];
                snprintf(cmd, sizeof cmd, "rm -r '%s'", p);
                assert_int_equal(system(cmd), 0);
                break;
            }
            assert_int_equal(rc, AZ_EIO);
            assert_int_equal(access(p, F_OK), -1); /* no half set */
            assert_int_equal(leftovers(c->base), 0);
        }
}

static void test_db(void **state)
{
    ctx *c = *state;
    char p[128];
    snprintf(p, sizeof p, "%s/new.sqlite", c->base);
    every_fault(c, p, c->base, w_db, snap_db, 0);
    snprintf(p, sizeof p, "%s/r.sqlite", c->base);
    /* An old database with one run; each failed append adds nothing. */
    az_error err;
    assert_int_equal(w_db(c, p, c->old, &err), AZ_OK);
    for (int op = 0; op < AZ_IO_NOPS; op++)
        for (unsigned long n = 1; n < MAXN; n++) {
            char *before = snap_db(p);
            az_io_fault((az_io_op)op, n);
            az_status rc = w_db(c, p, c->new_, &err);
            int fired = az_io_fault_fired();
            az_io_fault((az_io_op)op, 0);
            char *after = snap_db(p);
            if (!fired) {
                assert_int_equal(rc, AZ_OK);
                free(before);
                free(after);
                break;
            }
            if (rc != AZ_EIO)
                fail_msg("db %s #%lu: status %d", op_name[op], n, rc);
            assert_string_equal(before, after);
            assert_int_equal(leftovers(c->base), 0);
            free(before);
            free(after);
        }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_json),
        cmocka_unit_test(test_trace),
        cmocka_unit_test(test_csv_set),
        cmocka_unit_test(test_csv_new_set),
        cmocka_unit_test(test_db),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
