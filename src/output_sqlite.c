/*
 * output_sqlite.c: results appended to an SQLite database, one run at a
 * time, so many experiments can be queried together with SQL. The schema
 * is in docs/output-format.md.
 *
 * Design notes:
 * 1. The file is recognised by PRAGMA application_id (AZ_APP_ID) and its
 *    schema by PRAGMA user_version. A new or empty database has both 0.
 *    Anything else that is not ours (another program's database, a newer
 *    schema, a file that is not a database) is refused before a byte is
 *    written.
 * 2. Everything happens in one BEGIN IMMEDIATE transaction: the checks,
 *    the migration and the inserts. Two processes appending to one file
 *    take turns (busy timeout), a migration is never half done, and an
 *    error rolls back so the run adds nothing.
 * 3. A migration is a list of steps; step k takes the schema from version
 *    k to k + 1. Steps are only ever appended, never edited.
 */
#include "azalea/optimize.h"
#include "azalea/output.h"

#include <errno.h>
#include <stdlib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "util/alloc.h"

#include "azalea/version.h"
#include "output_impl.h"
#include "output_vfs.h"

/* "AzLa" */
#define AZ_APP_ID 0x417A4C61

/* ---- schema ---- */

/* The views over the results (version 2; made again by version 3, which
 * rebuilds the table they read). */
#define VIEWS_SQL \
    "CREATE VIEW results AS"                                                   \
    " SELECT r.run_id, r.created_utc, r.model_name, r.seed, r.replications,"   \
    "  o.scope, o.name AS object, s.metric, s.mean, s.ci95_low, s.ci95_high,"  \
    "  s.n"                                                                    \
    " FROM stats s JOIN objects o USING (object_id) JOIN runs r USING (run_id);" \
    "CREATE VIEW replication_results AS"                                       \
    " SELECT r.run_id, r.model_name, r.seed, o.scope, o.name AS object,"       \
    "  v.metric, v.replication, v.value"                                       \
    " FROM replication_values v JOIN objects o USING (object_id)"              \
    " JOIN runs r USING (run_id);"

/* The objects table, named `name`, whose scope is one of `scopes` (version
 * 1; version 3 rebuilds it to admit stores). */
#define OBJECTS_SQL(name, scopes) \
    "CREATE TABLE " name " ("                                                  \
    " object_id INTEGER PRIMARY KEY,"                                          \
    " run_id INTEGER NOT NULL REFERENCES runs ON DELETE CASCADE,"              \
    " scope TEXT NOT NULL"                                                     \
    "  CHECK (scope IN (" scopes ")),"                                         \
    " idx INTEGER NOT NULL,"                                                   \
    " name TEXT NOT NULL,"                                                     \
    " family TEXT,"                                                            \
    " machines INTEGER,"                                                       \
    " buffer INTEGER,"                                                         \
    " size INTEGER,"                                                           \
    " UNIQUE (run_id, scope, idx));"

static const char *const migrations[] = {
    /* 0 -> 1: the results */
    "CREATE TABLE runs ("
    " run_id INTEGER PRIMARY KEY,"
    " created_utc TEXT NOT NULL,"
    " azalea_version TEXT NOT NULL,"
    " model_name TEXT NOT NULL,"
    " model_file TEXT,"
    " model_sha256 TEXT,"
    " overrides TEXT,"
    " time_unit TEXT NOT NULL,"
    " time_unit_seconds REAL NOT NULL,"
    " seed INTEGER NOT NULL,"
    " replications INTEGER NOT NULL,"
    " horizon REAL NOT NULL,"
    " warmup REAL NOT NULL,"
    " confidence REAL NOT NULL,"
    " events INTEGER NOT NULL,"
    " wall_seconds REAL);"
    OBJECTS_SQL("objects", "'system', 'product', 'station', 'pool'")
    "CREATE TABLE stats ("
    " object_id INTEGER NOT NULL REFERENCES objects ON DELETE CASCADE,"
    " metric TEXT NOT NULL,"
    " mean REAL,"
    " ci95_low REAL,"
    " ci95_high REAL,"
    " n INTEGER NOT NULL,"
    " PRIMARY KEY (object_id, metric)) WITHOUT ROWID;"
    "CREATE TABLE replication_values ("
    " object_id INTEGER NOT NULL REFERENCES objects ON DELETE CASCADE,"
    " metric TEXT NOT NULL,"
    " replication INTEGER NOT NULL,"
    " value REAL,"
    " PRIMARY KEY (object_id, metric, replication)) WITHOUT ROWID;",
    /* 1 -> 2: views that join the tables, and an index for looking up
     * an object by name across runs */
    "CREATE INDEX objects_by_name ON objects (scope, name);"
    VIEWS_SQL,
    /* 2 -> 3: component stores are objects too (scope 'store'). A CHECK
     * cannot be altered: the table is rebuilt (foreign keys are off on
     * the writer's connection, so dropping the old one cascades nowhere),
     * and the index and views that name it are made again. */
    "DROP VIEW results;"
    "DROP VIEW replication_results;"
    "DROP INDEX objects_by_name;"
    OBJECTS_SQL("objects3",
                "'system', 'product', 'station', 'pool', 'store'")
    "INSERT INTO objects3 SELECT * FROM objects;"
    "DROP TABLE objects;"
    "ALTER TABLE objects3 RENAME TO objects;"
    "CREATE INDEX objects_by_name ON objects (scope, name);"
    VIEWS_SQL,
    /* 3 -> 4: what-ifs (compare, improve, sweep): each of their runs is a
     * run as above, linked to its comparison with its paired differences
     * to the base */
    "CREATE TABLE comparisons ("
    " comparison_id INTEGER PRIMARY KEY,"
    " kind TEXT NOT NULL CHECK (kind IN ('compare', 'improve', 'sweep')),"
    " created_utc TEXT NOT NULL,"
    " azalea_version TEXT NOT NULL,"
    " model_sha256 TEXT);"
    "CREATE TABLE comparison_runs ("
    " comparison_id INTEGER NOT NULL REFERENCES comparisons"
    "  ON DELETE CASCADE,"
    " run_id INTEGER NOT NULL REFERENCES runs ON DELETE CASCADE,"
    " role TEXT NOT NULL CHECK (role IN ('base', 'scenario', 'point')),"
    " label TEXT NOT NULL,"
    " changes TEXT,"
    " cost REAL,"
    " unstable INTEGER NOT NULL,"
    " diff_throughput_per_hour REAL,"
    " ci_low REAL,"
    " ci_high REAL,"
    " diff_lead_time_mean REAL,"
    " diff_lead_time_mean_ci_low REAL,"
    " diff_lead_time_mean_ci_high REAL,"
    " diff_wip REAL,"
    " diff_wip_ci_low REAL,"
    " diff_wip_ci_high REAL,"
    " PRIMARY KEY (comparison_id, run_id));"
    "CREATE INDEX comparison_runs_by_run ON comparison_runs (run_id);",
    /* 4 -> 5: orders, days and weeks are objects too (model.h, az_order);
     * rebuilt as for 2 -> 3 */
    "DROP VIEW results;"
    "DROP VIEW replication_results;"
    "DROP INDEX objects_by_name;"
    OBJECTS_SQL("objects5",
                "'system', 'product', 'station', 'pool', 'store', 'order', "
                "'day', 'week'")
    "INSERT INTO objects5 SELECT * FROM objects;"
    "DROP TABLE objects;"
    "ALTER TABLE objects5 RENAME TO objects;"
    "CREATE INDEX objects_by_name ON objects (scope, name);"
    VIEWS_SQL,
    /* 5 -> 6: optimisations are comparisons too (kind 'optimize'), each
     * with every configuration its search screened; `comparisons` is
     * rebuilt for its CHECK, as objects was for 2 -> 3 */
    "CREATE TABLE comparisons6 ("
    " comparison_id INTEGER PRIMARY KEY,"
    " kind TEXT NOT NULL CHECK (kind IN ('compare', 'improve', 'sweep', "
    "'optimize')),"
    " created_utc TEXT NOT NULL,"
    " azalea_version TEXT NOT NULL,"
    " model_sha256 TEXT);"
    "INSERT INTO comparisons6 SELECT * FROM comparisons;"
    "DROP TABLE comparisons;"
    "ALTER TABLE comparisons6 RENAME TO comparisons;"
    "CREATE TABLE optimization_evaluations ("
    " comparison_id INTEGER NOT NULL REFERENCES comparisons"
    "  ON DELETE CASCADE,"
    " seq INTEGER NOT NULL,"
    " changes TEXT NOT NULL,"
    " cost REAL,"
    " throughput_per_hour REAL,"
    " lead_time_mean REAL,"
    " wip REAL,"
    " feasible INTEGER NOT NULL,"
    " pareto INTEGER NOT NULL,"
    " PRIMARY KEY (comparison_id, seq));",
};
enum { SCHEMA_VERSION = sizeof migrations / sizeof migrations[0] };

int az_output_sqlite_schema_version(void) { return SCHEMA_VERSION; }

/* ---- helpers ---- */

/* Fills err from the connection's last error; returns AZ_ENOMEM if SQLite
 * ran out of memory, AZ_EIO otherwise. */
static az_status db_error(az_error *err, sqlite3 *db, const char *path,
                          const char *doing)
{
    int code = sqlite3_errcode(db);
    if (code == SQLITE_NOMEM)
        return az_error_set(err, AZ_ENOMEM, "%s: %s: out of memory", path,
                            doing);
    if (code == SQLITE_NOTADB)
        return az_error_set(err, AZ_EIO, "%s: not an SQLite database; it is "
                            "left as it was", path);
    return az_error_set(err, AZ_EIO, "%s: %s: %s", path, doing,
                        sqlite3_errmsg(db));
}

/* The integer a one-row query returns, e.g. a PRAGMA. */
static int query_int(sqlite3 *db, const char *sql, long long *v)
{
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
    if (rc != SQLITE_OK)
        return rc;
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *v = sqlite3_column_int64(st, 0);
        rc = SQLITE_OK;
    }
    sqlite3_finalize(st);
    return rc;
}

static void bind_text(sqlite3_stmt *st, int k, const char *s)
{
    if (s)
        sqlite3_bind_text(st, k, s, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, k);
}

/* NULL for a value that does not exist (NaN, inf: not comparable). */
static void bind_num(sqlite3_stmt *st, int k, double x)
{
    if (isfinite(x))
        sqlite3_bind_double(st, k, x);
    else
        sqlite3_bind_null(st, k);
}

/* Runs a statement with its bindings and resets it for the next row. */
static int step_reset(sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Opens path without creating it when create is 0. */
static az_status db_open(const char *path, int create, sqlite3 **db,
                         az_error *err)
{
    int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
    int code = sqlite3_open_v2(path, db, flags, azi_fault_vfs());
    if (code != SQLITE_OK) {
        az_status rc = !*db || (code & 0xff) == SQLITE_NOMEM
            ? az_error_set(err, AZ_ENOMEM, "%s: cannot open: out of memory",
                           path)
            : az_error_set(err, AZ_EIO, "%s: cannot open: %s", path,
                           sqlite3_errmsg(*db));
        sqlite3_close(*db);
        *db = NULL;
        return rc;
    }
    sqlite3_busy_timeout(*db, 30000);
    return AZ_OK;
}

/* Design note 1. Inside a transaction: *version gets the schema version
 * to migrate from. */
static az_status check_schema(sqlite3 *db, const char *path, long long *version,
                              az_error *err)
{
    long long app, tables;
    if (query_int(db, "PRAGMA application_id", &app) ||
        query_int(db, "PRAGMA user_version", version) ||
        query_int(db, "SELECT count(*) FROM sqlite_master", &tables))
        return db_error(err, db, path, "cannot read the schema");
    if (app == 0 && *version == 0 && tables == 0)
        return AZ_OK; /* new or empty */
    if (app != AZ_APP_ID)
        return az_error_set(err, AZ_EIO, "%s: an SQLite database of another "
                            "program, not azalea results; it is left as it "
                            "was", path);
    if (*version > SCHEMA_VERSION || *version < 1)
        return az_error_set(err, AZ_EIO, "%s: results schema version %lld, "
                            "but this azalea (%s) knows versions 1 to %d; use "
                            "a newer azalea or another file; it is left as "
                            "it was", path, *version, az_version(),
                            SCHEMA_VERSION);
    return AZ_OK;
}

static az_status migrate(sqlite3 *db, const char *path, long long from,
                         az_error *err)
{
    char sql[96];
    for (long long v = from; v < SCHEMA_VERSION; v++)
        if (sqlite3_exec(db, migrations[v], NULL, NULL, NULL) != SQLITE_OK)
            return db_error(err, db, path, "cannot create the results schema");
    if (from == SCHEMA_VERSION)
        return AZ_OK;
    snprintf(sql, sizeof sql, "PRAGMA application_id = %d; "
             "PRAGMA user_version = %d", AZ_APP_ID, SCHEMA_VERSION);
    if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
        return db_error(err, db, path, "cannot set the schema version");
    return AZ_OK;
}

/* ---- inserts ---- */

typedef struct inserter {
    sqlite3_stmt *run, *object, *stat, *value;
} inserter;

static int insert_run(sqlite3 *db, sqlite3_stmt *st, const az_model *m,
                      const az_summary *s, const az_output_meta *meta,
                      sqlite3_int64 *run_id)
{
    const az_experiment_config *c = az_summary_config(s);
    char now[32];
    time_t t = time(NULL);
    struct tm tm;
    strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&t, &tm));
    int k = 1;
    sqlite3_bind_text(st, k++, now, -1, SQLITE_TRANSIENT);
    bind_text(st, k++, az_version());
    bind_text(st, k++, az_model_name(m));
    bind_text(st, k++, meta ? meta->model_file : NULL);
    bind_text(st, k++, meta ? meta->model_sha256 : NULL);
    bind_text(st, k++, meta ? meta->overrides : NULL);
    bind_text(st, k++, az_model_time_unit(m));
    sqlite3_bind_double(st, k++, az_model_time_unit_seconds(m));
    /* SQLite integers are signed: seeds from 2^63 are stored as seed - 2^64
     * (the same 64 bits). */
    sqlite3_bind_int64(st, k++, (sqlite3_int64)c->seed);
    sqlite3_bind_int64(st, k++, c->replications);
    bind_num(st, k++, c->horizon);
    bind_num(st, k++, c->warmup);
    bind_num(st, k++, c->level);
    sqlite3_bind_int64(st, k++, (sqlite3_int64)az_summary_events(s));
    bind_num(st, k++, meta && meta->wall_seconds >= 0 ? meta->wall_seconds
                                                      : NAN);
    int rc = step_reset(st);
    *run_id = sqlite3_last_insert_rowid(db);
    return rc;
}

/* One object's row; its statistics and replication values follow. */
static int insert_object(sqlite3 *db, inserter *in, const az_model *m,
                         sqlite3_int64 run_id, az_scope scope, uint32_t o,
                         sqlite3_int64 *object_id)
{
    sqlite3_stmt *st = in->object;
    char buf[AZI_OUT_NAME_MAX];
    sqlite3_bind_int64(st, 1, run_id);
    bind_text(st, 2, azi_out_scope_name(scope));
    sqlite3_bind_int64(st, 3, o);
    bind_text(st, 4, azi_out_object_name(m, scope, o, buf));
    if (scope == AZ_SCOPE_PRODUCT)
        bind_text(st, 5, az_model_product_family(m, o));
    if (scope == AZ_SCOPE_STATION) {
        uint32_t cap = az_model_station_buffer(m, o);
        sqlite3_bind_int64(st, 6, az_model_station_machines(m, o));
        if (cap != AZ_UNLIMITED)
            sqlite3_bind_int64(st, 7, cap);
    }
    if (scope == AZ_SCOPE_POOL)
        sqlite3_bind_int64(st, 8, az_model_pool_size(m, o));
    int rc = step_reset(st);
    *object_id = sqlite3_last_insert_rowid(db);
    return rc;
}

static int insert_stats(inserter *in, const az_model *m, const az_summary *s,
                        size_t i, sqlite3_int64 object_id)
{
    azi_out_stat st[3];
    size_t ns = azi_out_stats(m, s, i, st);
    uint32_t reps = az_summary_replications(s);
    int rc = SQLITE_OK;
    for (size_t j = 0; j < ns && rc == SQLITE_OK; j++) {
        double mean, lo, hi;
        azi_out_ci95(s, &st[j], &mean, &lo, &hi);
        sqlite3_bind_int64(in->stat, 1, object_id);
        bind_text(in->stat, 2, st[j].name);
        bind_num(in->stat, 3, mean);
        bind_num(in->stat, 4, lo);
        bind_num(in->stat, 5, hi);
        sqlite3_bind_int64(in->stat, 6, az_summary_count(s, i));
        rc = step_reset(in->stat);
        for (uint32_t r = 0; r < reps && rc == SQLITE_OK; r++) {
            sqlite3_bind_int64(in->value, 1, object_id);
            bind_text(in->value, 2, st[j].name);
            sqlite3_bind_int64(in->value, 3, az_summary_replication_id(s, r));
            bind_num(in->value, 4, az_summary_value(s, r, i) * st[j].k);
            rc = step_reset(in->value);
        }
    }
    return rc;
}

static int insert_all(sqlite3 *db, inserter *in, const az_model *m,
                      const az_summary *s, const az_output_meta *meta,
                      sqlite3_int64 *out_id)
{
    sqlite3_int64 run_id, object_id = 0;
    int rc = insert_run(db, in->run, m, s, meta, &run_id);
    if (out_id)
        *out_id = run_id;
    /* The layout lists each object's metrics together, objects in order:
     * a new (scope, object) starts a new object row. */
    az_metric prev = {AZ_SCOPE_SYSTEM, UINT32_MAX, AZ_M_RELEASED};
    for (size_t i = 0; i < az_summary_metric_count(s) && rc == SQLITE_OK; i++) {
        az_metric mt = az_summary_metric(s, i);
        if (mt.scope != prev.scope || mt.object != prev.object)
            rc = insert_object(db, in, m, run_id, mt.scope, mt.object,
                               &object_id);
        prev = mt;
        if (rc == SQLITE_OK)
            rc = insert_stats(in, m, s, i, object_id);
    }
    return rc;
}

static az_status insert(sqlite3 *db, const char *path, const az_model *m,
                        const az_summary *s, const az_output_meta *meta,
                        sqlite3_int64 *run_id, az_error *err)
{
    static const char *const sql[4] = {
        "INSERT INTO runs (created_utc, azalea_version, model_name, "
        "model_file, model_sha256, overrides, time_unit, time_unit_seconds, "
        "seed, replications, horizon, warmup, confidence, events, "
        "wall_seconds) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        "INSERT INTO objects (run_id, scope, idx, name, family, machines, "
        "buffer, size) VALUES (?,?,?,?,?,?,?,?)",
        "INSERT INTO stats (object_id, metric, mean, ci95_low, ci95_high, n) "
        "VALUES (?,?,?,?,?,?)",
        "INSERT INTO replication_values (object_id, metric, replication, "
        "value) VALUES (?,?,?,?)"};
    inserter in = {0};
    sqlite3_stmt **sts[4] = {&in.run, &in.object, &in.stat, &in.value};
    int rc = SQLITE_OK;
    for (int k = 0; k < 4 && rc == SQLITE_OK; k++)
        rc = sqlite3_prepare_v2(db, sql[k], -1, sts[k], NULL);
    if (rc == SQLITE_OK)
        rc = insert_all(db, &in, m, s, meta, run_id);
    az_status st = rc == SQLITE_OK ? AZ_OK
                                   : db_error(err, db, path, "cannot insert");
    for (int k = 0; k < 4; k++)
        sqlite3_finalize(*sts[k]);
    return st;
}

/* ---- what-ifs ---- */

/* What one transaction appends: a plain run (whatif NULL), or a new
 * comparison (kind set) and its runs, or runs of comparison id. */
typedef struct job {
    const az_model *m;
    const az_summary *s;
    const az_output_meta *meta;
    const char *kind, *sha256;
    const az_whatif_run *runs;
    size_t n;
    sqlite3_int64 id;
    const az_opt_eval *evals; /* optimize: the configurations screened */
    size_t nevals;
} job;

/* An optimisation's screened configurations, under comparison id. */
static int insert_evals(sqlite3 *db, const job *j)
{
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(db, "INSERT INTO optimization_evaluations "
                                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", -1, &st,
                                NULL);
    for (size_t i = 0; rc == SQLITE_OK && i < j->nevals; i++) {
        const az_opt_eval *e = &j->evals[i];
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, j->id);
        sqlite3_bind_int64(st, 2, (sqlite3_int64)i);
        sqlite3_bind_text(st, 3, e->changes, -1, SQLITE_STATIC);
        bind_num(st, 4, e->cost);
        for (int k = 0; k < AZ_WI_NFIG; k++)
            bind_num(st, 5 + k, e->fig[k]);
        sqlite3_bind_int(st, 8, e->feasible != 0);
        sqlite3_bind_int(st, 9, e->pareto != 0);
        rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
    }
    sqlite3_finalize(st);
    return rc;
}

static int insert_comparison(sqlite3 *db, const job *j, sqlite3_int64 *id)
{
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(db, "INSERT INTO comparisons (kind, "
                                "created_utc, azalea_version, model_sha256) "
                                "VALUES (?,?,?,?)", -1, &st, NULL);
    if (rc != SQLITE_OK)
        return rc;
    char now[32];
    time_t t = time(NULL);
    struct tm tm;
    strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&t, &tm));
    bind_text(st, 1, j->kind);
    sqlite3_bind_text(st, 2, now, -1, SQLITE_TRANSIENT);
    bind_text(st, 3, az_version());
    bind_text(st, 4, j->sha256);
    rc = step_reset(st);
    sqlite3_finalize(st);
    *id = sqlite3_last_insert_rowid(db);
    return rc;
}

static int link_run(sqlite3 *db, sqlite3_int64 id, sqlite3_int64 run_id,
                    const az_whatif_run *r)
{
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(
        db, "INSERT INTO comparison_runs VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,"
            "?,?,?)", -1, &st, NULL);
    if (rc != SQLITE_OK)
        return rc;
    int k = 1;
    sqlite3_bind_int64(st, k++, id);
    sqlite3_bind_int64(st, k++, run_id);
    bind_text(st, k++, r->role);
    bind_text(st, k++, r->label ? r->label : "");
    bind_text(st, k++, r->changes);
    bind_num(st, k++, r->cost >= 0 ? r->cost : NAN);
    sqlite3_bind_int(st, k++, r->unstable != 0);
    for (int f = 0; f < AZ_WI_NFIG; f++) {
        bind_num(st, k++, r->diff[f].mean);
        bind_num(st, k++, r->diff[f].low);
        bind_num(st, k++, r->diff[f].high);
    }
    rc = step_reset(st);
    sqlite3_finalize(st);
    return rc;
}

/* The job's inserts, inside the transaction. */
static az_status insert_job(sqlite3 *db, const char *path, job *j,
                            az_error *err)
{
    if (!j->runs && !j->kind)
        return insert(db, path, j->m, j->s, j->meta, NULL, err);
    long long found = 0;
    char sql[96];
    if (j->kind && (insert_comparison(db, j, &j->id) != SQLITE_OK ||
                    insert_evals(db, j) != SQLITE_OK))
        return db_error(err, db, path, "cannot insert");
    snprintf(sql, sizeof sql, "SELECT count(*) FROM comparisons WHERE "
             "comparison_id = %lld", (long long)j->id);
    if (query_int(db, sql, &found) != SQLITE_OK)
        return db_error(err, db, path, "cannot read the comparisons");
    if (!found)
        return az_error_set(err, AZ_EIO, "%s: no comparison %lld to add a "
                            "run to", path, (long long)j->id);
    for (size_t i = 0; i < j->n; i++) {
        const az_whatif_run *r = &j->runs[i];
        sqlite3_int64 run_id;
        az_status rc = insert(db, path, r->model, r->summary, &r->meta,
                              &run_id, err);
        if (rc)
            return rc;
        if (link_run(db, j->id, run_id, r) != SQLITE_OK)
            return db_error(err, db, path, "cannot insert");
    }
    return AZ_OK;
}

/* ---- public ---- */

static az_status append(sqlite3 *db, const char *path, job *j, az_error *err);

static az_status run_job(const char *path, job *j, az_error *err)
{
    sqlite3 *db;
    struct stat sb;
    int existed = stat(path, &sb) == 0;
    az_status rc = db_open(path, 1, &db, err);
    if (!rc) {
        rc = append(db, path, j, err);
        if (sqlite3_close(db) != SQLITE_OK && !rc)
            rc = az_error_set(err, AZ_EIO, "%s: cannot close", path);
    }
    /* A database this call created and could not fill (a full disk) is
     * an empty file: removed, so none is left that looks like results.
     * Only while still empty: another writer may have filled it since. */
    if (rc && !existed && stat(path, &sb) == 0 && sb.st_size == 0) {
        char journal[4096];
        unlink(path);
        if (snprintf(journal, sizeof journal, "%s-journal", path) <
            (int)sizeof journal)
            unlink(journal);
    }
    return rc;
}

az_status az_output_sqlite(const char *path, const az_model *m,
                           const az_summary *s, const az_output_meta *meta,
                           az_error *err)
{
    job j = {m, s, meta, NULL, NULL, NULL, 0, 0, NULL, 0};
    return run_job(path, &j, err);
}

az_status az_output_sqlite_whatif(const char *path, const char *kind,
                                  const char *model_sha256,
                                  const az_whatif_run *runs, size_t n,
                                  int64_t *id, az_error *err)
{
    job j = {NULL, NULL, NULL, kind, model_sha256, runs, n, 0, NULL, 0};
    az_status rc = run_job(path, &j, err);
    if (!rc && id)
        *id = j.id;
    return rc;
}

az_status az_output_sqlite_whatif_add(const char *path, int64_t id,
                                      const az_whatif_run *run,
                                      az_error *err)
{
    job j = {NULL, NULL, NULL, NULL, NULL, run, 1, id, NULL, 0};
    return run_job(path, &j, err);
}

az_status az_output_sqlite_optimize(const char *path, const az_whatif *w,
                                    int64_t *id, az_error *err)
{
    az_opt_info info;
    if (!az_whatif_optimize_info(w, &info))
        return az_error_set(err, AZ_EINVAL, "%s: not an optimisation", path);
    size_t n = az_whatif_count(w);
    az_whatif_run *runs = azi_malloc((n + 1) * sizeof *runs);
    if (!runs)
        return az_error_set(err, AZ_ENOMEM, "out of memory");
    runs[0] = *az_whatif_base(w);
    memcpy(runs + 1, az_whatif_runs(w), n * sizeof *runs);
    job j = {NULL, NULL, NULL, "optimize", az_whatif_sha256(w), runs, n + 1,
             0, NULL, 0};
    j.evals = az_whatif_evaluations(w, &j.nevals);
    az_status rc = run_job(path, &j, err);
    free(runs);
    if (!rc && id)
        *id = j.id;
    return rc;
}

/* The job's one transaction (design note 2) on an open database. */
static az_status append(sqlite3 *db, const char *path, job *j, az_error *err)
{
    az_status rc = AZ_OK;
    long long version = 0;
    /* Off: the writer only inserts rows it makes consistent, and a
     * migration that rebuilds a table must not cascade its drop. Users
     * turn them on in their own connections to delete a run whole. */
    sqlite3_exec(db, "PRAGMA foreign_keys = OFF", NULL, NULL, NULL);
    if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
        rc = db_error(err, db, path, "cannot start a transaction");
    else if (!(rc = check_schema(db, path, &version, err)) &&
             !(rc = migrate(db, path, version, err)) &&
             !(rc = insert_job(db, path, j, err)) &&
             sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        rc = db_error(err, db, path, "cannot commit");
    if (rc && !sqlite3_get_autocommit(db))
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

az_status az_output_sqlite_check(const char *path, az_error *err)
{
    struct stat sb;
    if (stat(path, &sb) != 0) {
        if (errno != ENOENT)
            return az_error_set(err, AZ_EIO, "%s: %s", path, strerror(errno));
        /* az_output_sqlite will create it: its directory must let it. */
        char dir[4096] = ".";
        const char *slash = strrchr(path, '/');
        size_t n = slash ? (size_t)(slash - path) : 0;
        if (n >= sizeof dir)
            return az_error_set(err, AZ_EIO, "%s: path too long", path);
        if (slash == path)
            strcpy(dir, "/");
        else if (slash) {
            memcpy(dir, path, n);
            dir[n] = '\0';
        }
        if (access(dir, W_OK | X_OK) != 0)
            return az_error_set(err, AZ_EIO, "%s: cannot create: %s", path,
                                strerror(errno));
        /* root passes access(); a read-only or full file system does
         * not pass a real file written there. */
        return az_output_check(path, AZ_OUT_FILE, err);
    }
    /* Appending needs a journal next to the file, and room. */
    if (S_ISREG(sb.st_mode) && az_output_check(path, AZ_OUT_FILE, err))
        return AZ_EIO;
    sqlite3 *db;
    az_status rc = db_open(path, 0, &db, err);
    if (rc)
        return rc;
    long long version = 0;
    if (sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
        rc = db_error(err, db, path, "cannot start a transaction");
    else
        rc = check_schema(db, path, &version, err);
    if (!sqlite3_get_autocommit(db))
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_close(db);
    return rc;
}
