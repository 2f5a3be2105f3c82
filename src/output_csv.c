/*
 * output_csv.c: the results as CSV files for spreadsheets, one per table.
 *
 * Summary tables (system, products, stations, buffers, pools) have one row
 * per object and three columns per statistic: <name>_mean, <name>_ci95_low,
 * <name>_ci95_high, as the JSON. replications.csv is long (one value per
 * row), so every metric of every replication fits one pivot table. Records
 * end with CRLF and text is quoted only where RFC 4180 needs it (libcsv
 * does the quoting); numbers use the fewest digits that read back as the
 * same double; a value that does not exist is an empty field.
 */
#define _GNU_SOURCE /* renameat2 */
#include "azalea/output.h"
#include "util/alloc.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <csv.h>

#include "azalea/version.h"
#include "outfile_impl.h"
#include "output_impl.h"

enum { PATH_MAX_ = AZI_PATH_MAX, MAX_KINDS = 64 };

/* ---- fields ---- */

void az_csv_field(FILE *f, const char *s)
{
    if (!s)
        return;
    size_t n = strlen(s);
    /* Spaces at either end are kept by quoting: many readers trim them. */
    if (strpbrk(s, ",\"\r\n") || (n && (s[0] == ' ' || s[n - 1] == ' ')))
        csv_fwrite(f, s, n);
    else
        fputs(s, f);
}

void az_csv_number(FILE *f, double x)
{
    if (!isfinite(x))
        return;
    char b[40];
    for (int p = 15; p <= 17; p++) {
        snprintf(b, sizeof b, "%.*g", p, x);
        if (strtod(b, NULL) == x)
            break;
    }
    fputs(b, f);
}

static void num(FILE *f, double x) { az_csv_number(f, x); }
static void uint_(FILE *f, unsigned long long x) { fprintf(f, "%llu", x); }
static void sep(FILE *f) { fputc(',', f); }
static void eol(FILE *f) { fputs("\r\n", f); }

/* ---- tables ---- */

/* The kinds of `scope` in layout order (the same for every object of a
 * scope), optionally only those in `only`. */
static size_t scope_kinds(const az_summary *s, az_scope scope,
                          const az_metric_kind *only, size_t nonly,
                          az_metric_kind kinds[MAX_KINDS])
{
    size_t n = 0;
    for (size_t i = 0; i < az_summary_metric_count(s) && n < MAX_KINDS; i++) {
        az_metric mt = az_summary_metric(s, i);
        if (mt.scope != scope || mt.object != 0)
            continue;
        size_t k = 0;
        while (only && k < nonly && only[k] != mt.kind)
            k++;
        if (!only || k < nonly)
            kinds[n++] = mt.kind;
    }
    return n;
}

/* Writes an object's identifying fields, each followed by a comma. */
typedef void ident_fn(FILE *f, const az_model *m, uint32_t object);

static void scope_table(FILE *f, const az_model *m, const az_summary *s,
                        az_scope scope, size_t count, const char *header,
                        ident_fn *ident, const az_metric_kind *only,
                        size_t nonly)
{
    az_metric_kind kinds[MAX_KINDS];
    size_t nk = scope_kinds(s, scope, only, nonly, kinds);
    azi_out_stat st[3];
    fputs(header, f);
    fputs(",n", f);
    for (size_t k = 0; k < nk; k++) {
        size_t i = az_summary_metric_index(s, scope, 0, kinds[k]);
        size_t ns = azi_out_stats(m, s, i, st);
        for (size_t j = 0; j < ns; j++)
            fprintf(f, ",%s_mean,%s_ci95_low,%s_ci95_high", st[j].name,
                    st[j].name, st[j].name);
    }
    eol(f);
    for (uint32_t o = 0; o < count; o++) {
        ident(f, m, o);
        uint_(f, az_summary_replications(s));
        for (size_t k = 0; k < nk; k++) {
            size_t i = az_summary_metric_index(s, scope, o, kinds[k]);
            size_t ns = azi_out_stats(m, s, i, st);
            for (size_t j = 0; j < ns; j++) {
                double mean, lo, hi;
                azi_out_ci95(s, &st[j], &mean, &lo, &hi);
                sep(f), num(f, mean), sep(f), num(f, lo), sep(f), num(f, hi);
            }
        }
        eol(f);
    }
}

static void id_system(FILE *f, const az_model *m, uint32_t o)
{
    (void)o;
    az_csv_field(f, az_model_name(m)), sep(f);
}

static void id_product(FILE *f, const az_model *m, uint32_t o)
{
    az_csv_field(f, az_model_product_name(m, o)), sep(f);
    az_csv_field(f, az_model_product_family(m, o)), sep(f);
}

/* Capacity of the station's input buffer; empty when unlimited. */
static void capacity(FILE *f, const az_model *m, uint32_t o)
{
    uint32_t cap = az_model_station_buffer(m, o);
    if (cap != AZ_UNLIMITED)
        uint_(f, cap);
    sep(f);
}

static void id_station(FILE *f, const az_model *m, uint32_t o)
{
    az_csv_field(f, az_model_station_name(m, o)), sep(f);
    uint_(f, az_model_station_machines(m, o)), sep(f);
    capacity(f, m, o);
}

static void id_buffer(FILE *f, const az_model *m, uint32_t o)
{
    az_csv_field(f, az_model_station_name(m, o)), sep(f);
    capacity(f, m, o);
}

/* An order: its id, product, quantity, release, due and priority (empty:
 * none), in model time units. */
static void id_order(FILE *f, const az_model *m, uint32_t o)
{
    az_order x;
    if (az_model_order(m, o, &x, NULL))
        return;
    az_csv_field(f, x.id), sep(f);
    az_csv_field(f, az_model_product_name(m, x.product)), sep(f);
    uint_(f, x.quantity), sep(f);
    num(f, x.release), sep(f);
    num(f, x.due), sep(f);
    if (x.priority)
        uint_(f, x.priority);
    sep(f);
}

/* A day's or week's number, then the date it begins (empty without a
 * start date). */
static void id_period_of(FILE *f, const az_model *m, az_scope sc, uint32_t o)
{
    char buf[AZI_OUT_NAME_MAX];
    uint_(f, o), sep(f);
    if (az_model_start(m, NULL))
        fputs(azi_out_object_name(m, sc, o, buf), f);
    sep(f);
}

static void id_day(FILE *f, const az_model *m, uint32_t o)
{
    id_period_of(f, m, AZ_SCOPE_DAY, o);
}

static void id_week(FILE *f, const az_model *m, uint32_t o)
{
    id_period_of(f, m, AZ_SCOPE_WEEK, o);
}

static void id_pool(FILE *f, const az_model *m, uint32_t o)
{
    az_csv_field(f, az_model_pool_name(m, o)), sep(f);
    uint_(f, az_model_pool_size(m, o)), sep(f);
}

/* One row per component's store: the component, its station and
 * capacity (empty: unlimited), then the statistics as in every table. */
static void store_table(FILE *f, const az_model *m, const az_summary *s)
{
    static const az_metric_kind kinds[] = {
        AZ_M_STORE_CONTENT, AZ_M_STORE_MAX, AZ_M_STORE_WAIT,
        AZ_M_STORE_LACKING, AZ_M_SCRAPPED};
    enum { NK = sizeof kinds / sizeof kinds[0] };
    fputs("component,station,capacity,n", f);
    for (size_t k = 0; k < NK; k++) {
        const char *n = az_metric_kind_name(kinds[k]);
        fprintf(f, ",%s,%s_ci95_low,%s_ci95_high", n, n, n);
    }
    eol(f);
    azi_out_stat st[3];
    for (uint32_t p = 0; p < az_model_product_count(m); p++) {
        uint32_t t = az_model_store_station(m, p);
        if (t == AZ_NO_STATION)
            continue;
        az_csv_field(f, az_model_product_name(m, p)), sep(f);
        az_csv_field(f, az_model_station_name(m, t)), sep(f);
        uint32_t cap = az_model_store_capacity(m, p);
        if (cap != AZ_UNLIMITED)
            uint_(f, cap);
        sep(f);
        uint_(f, az_summary_replications(s));
        for (size_t k = 0; k < NK; k++) {
            size_t i = az_summary_metric_index(s, AZ_SCOPE_STORE, p, kinds[k]);
            azi_out_stats(m, s, i, st);
            double mean, lo, hi;
            azi_out_ci95(s, &st[0], &mean, &lo, &hi);
            sep(f), num(f, mean), sep(f), num(f, lo), sep(f), num(f, hi);
        }
        eol(f);
    }
}

static void run_table(FILE *f, const az_model *m, const az_summary *s,
                      const az_output_meta *meta)
{
    const az_experiment_config *c = az_summary_config(s);
    fputs("azalea_version,model,model_file,model_sha256,time_unit,"
          "time_unit_seconds,seed,replications,horizon,warmup,confidence,"
          "overrides", f);
    eol(f);
    az_csv_field(f, az_version()), sep(f);
    az_csv_field(f, az_model_name(m)), sep(f);
    az_csv_field(f, meta ? meta->model_file : NULL), sep(f);
    az_csv_field(f, meta ? meta->model_sha256 : NULL), sep(f);
    az_csv_field(f, az_model_time_unit(m)), sep(f);
    num(f, az_model_time_unit_seconds(m)), sep(f);
    uint_(f, c->seed), sep(f);
    uint_(f, c->replications), sep(f);
    num(f, c->horizon), sep(f);
    num(f, c->warmup), sep(f);
    num(f, c->level), sep(f);
    az_csv_field(f, meta ? meta->overrides : NULL);
    eol(f);
}

static void replications_table(FILE *f, const az_model *m, const az_summary *s)
{
    fputs("replication,scope,object,metric,value", f);
    eol(f);
    azi_out_stat st[3];
    char buf[AZI_OUT_NAME_MAX];
    for (uint32_t r = 0; r < az_summary_replications(s); r++)
        for (size_t i = 0; i < az_summary_metric_count(s); i++) {
            az_metric mt = az_summary_metric(s, i);
            size_t ns = azi_out_stats(m, s, i, st);
            for (size_t j = 0; j < ns; j++) {
                uint_(f, az_summary_replication_id(s, r)), sep(f);
                fputs(azi_out_scope_name(mt.scope), f), sep(f);
                az_csv_field(f, azi_out_object_name(m, mt.scope, mt.object, buf)), sep(f);
                fputs(st[j].name, f), sep(f);
                num(f, az_summary_value(s, r, i) * st[j].k);
                eol(f);
            }
        }
}

/* ---- files ---- */

/* The orders' tables come last, and only for a model with orders. */
enum {
    F_RUN, F_SYSTEM, F_PRODUCTS, F_STATIONS, F_BUFFERS, F_POOLS, F_STORES,
    F_REPLICATIONS, F_ORDERS, F_DAYS, F_WEEKS, NFILES
};
static const char *const file_names[NFILES] = {
    "run.csv", "system.csv", "products.csv", "stations.csv", "buffers.csv",
    "pools.csv", "stores.csv", "replications.csv", "orders.csv", "days.csv",
    "weeks.csv"};

static const az_metric_kind buffer_kinds[] = {AZ_M_QUEUE, AZ_M_QUEUE_MAX,
                                              AZ_M_WAIT};

static void write_table(int t, FILE *f, const az_model *m, const az_summary *s,
                        const az_output_meta *meta)
{
    if (t >= NFILES)
        return;
    switch (t) {
    case F_RUN:
        run_table(f, m, s, meta);
        break;
    case F_SYSTEM:
        scope_table(f, m, s, AZ_SCOPE_SYSTEM, 1, "model", id_system, NULL, 0);
        break;
    case F_PRODUCTS:
        scope_table(f, m, s, AZ_SCOPE_PRODUCT, az_model_product_count(m),
                    "product,family", id_product, NULL, 0);
        break;
    case F_STATIONS:
        scope_table(f, m, s, AZ_SCOPE_STATION, az_model_station_count(m),
                    "station,machines,buffer", id_station, NULL, 0);
        break;
    case F_BUFFERS:
        scope_table(f, m, s, AZ_SCOPE_STATION, az_model_station_count(m),
                    "station,capacity", id_buffer, buffer_kinds,
                    sizeof buffer_kinds / sizeof buffer_kinds[0]);
        break;
    case F_POOLS:
        scope_table(f, m, s, AZ_SCOPE_POOL, az_model_pool_count(m),
                    "pool,size", id_pool, NULL, 0);
        break;
    case F_STORES:
        store_table(f, m, s);
        break;
    case F_REPLICATIONS:
        replications_table(f, m, s);
        break;
    case F_ORDERS:
        scope_table(f, m, s, AZ_SCOPE_ORDER, az_model_order_count(m),
                    "order,product,quantity,release,due,priority", id_order,
                    NULL, 0);
        break;
    case F_DAYS:
    case F_WEEKS: {
        az_scope sc = t == F_DAYS ? AZ_SCOPE_DAY : AZ_SCOPE_WEEK;
        uint32_t n = azi_out_periods(s, sc);
        scope_table(f, m, s, sc, n, t == F_DAYS ? "day,date" : "week,date",
                    t == F_DAYS ? id_day : id_week, NULL, 0);
        break;
    }
    }
}

/* What a set holds: the run's tables (when s is set), then the caller's. */
typedef struct set_spec {
    const az_model *m;
    const az_summary *s;
    const az_output_meta *meta;
    const az_csv_table *extra;
    size_t nextra;
} set_spec;
enum { MAX_FILES = NFILES + AZ_CSV_MAX_EXTRA };

/* The run's tables: the orders' only with orders. */
static int run_tables(const set_spec *sp)
{
    if (!sp->s)
        return 0;
    return az_model_order_count(sp->m) ? NFILES : F_ORDERS;
}

static int spec_count(const set_spec *sp)
{
    return run_tables(sp) + (int)sp->nextra;
}

static const char *spec_name(const set_spec *sp, int k)
{
    int nr = run_tables(sp);
    return k < nr ? file_names[k] : sp->extra[k - nr].name;
}

static void spec_write(const set_spec *sp, int k, FILE *f)
{
    int nr = run_tables(sp);
    if (k < nr)
        write_table(k, f, sp->m, sp->s, sp->meta);
    else
        sp->extra[k - nr].write(f, sp->extra[k - nr].ctx);
}

/* mkdir -p: creates dir and its missing parents. */
static int make_dirs(const char *dir)
{
    char p[PATH_MAX_];
    size_t n = strlen(dir);
    if (n == 0 || n >= sizeof p) {
        errno = n ? ENAMETOOLONG : ENOENT;
        return -1;
    }
    memcpy(p, dir, n + 1);
    for (size_t i = 1; i <= n; i++) {
        if (p[i] != '/' && p[i] != '\0')
            continue;
        char c = p[i];
        p[i] = '\0';
        if (mkdir(p, 0777) != 0 && errno != EEXIST)
            return -1;
        p[i] = c;
    }
    struct stat sb;
    if (stat(dir, &sb) != 0)
        return -1;
    if (!S_ISDIR(sb.st_mode)) {
        errno = ENOTDIR;
        return -1;
    }
    return 0;
}

/* ---- the set, all or nothing ----
 *
 * What a reader of DIR sees, at every moment:
 * 1. Usually the set is built whole in a new sibling directory,
 *    PARENT/.DIR.tmp-PID-RAND (each file fsync'd, then the directory),
 *    with hard links to any other files DIR held; DIR's own mode. Until
 *    the swap, DIR is the old set untouched. The swap is one
 *    renameat2(RENAME_EXCHANGE): DIR is the old set, then the new one,
 *    with no moment between. The old set, now at the temporary name, is
 *    removed. On a file system without the exchange, DIR is renamed
 *    aside and the new set renamed in: for that instant DIR is missing,
 *    never mixed. A new DIR is a plain rename.
 * 2. When DIR's parent cannot take the sibling (DIR is "." in a read-only
 *    parent), the new files are written as temporaries inside DIR, then
 *    each old file is linked to a backup and the new one renamed over
 *    it. A failure puts every backup back, so an error still leaves the
 *    old set whole; a reader at that moment, or a crash, can see a mix.
 *    This is also how a DIR that holds a directory of its own is written
 *    (a directory cannot be hard-linked into the new set).
 * 3. An error leaves no temporary. A crash can; they hold the pid, and
 *    the next write of a set to DIR removes those of dead processes. */

/* dir/name into buf; 0 if too long. */
static int join(char *buf, const char *dir, const char *name)
{
    int n = snprintf(buf, AZI_PATH_MAX, "%s/%s", dir, name);
    return n >= 0 && n < AZI_PATH_MAX;
}

static int is_table(const set_spec *sp, const char *name)
{
    for (int t = 0; t < spec_count(sp); t++)
        if (!strcmp(name, spec_name(sp, t)))
            return 1;
    return 0;
}

/* Writes table t to path (which must not exist), fsync'd; messages name
 * it DIR/<table's file>. */
static az_status write_file(const char *path, const char *dir, int t,
                            const set_spec *sp, az_error *err)
{
    char shown[AZI_PATH_MAX];
    snprintf(shown, sizeof shown, "%s/%s", dir, spec_name(sp, t));
    az_outfile *o;
    az_status rc = azi_outfile_direct(path, shown, &o, err);
    if (rc)
        return rc;
    spec_write(sp, t, az_outfile_stream(o));
    return az_outfile_commit(o, err);
}

/* Links the entries of old that are not tables into tmp (case 1).
 * late: after the swap, for what appeared in DIR since the first call
 * (best effort: what tmp already has is skipped). */
static az_status carry_over(const set_spec *sp, const char *dir,
                            const char *old, const char *tmp, int late,
                            az_error *err)
{
    DIR *d = opendir(old);
    if (!d)
        return az_error_set(err, AZ_EIO, "%s: %s", dir, strerror(errno));
    az_status rc = AZ_OK;
    struct dirent *e;
    char from[AZI_PATH_MAX], to[AZI_PATH_MAX];
    while (!rc && (e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") ||
            is_table(sp, e->d_name) ||
            (e->d_name[0] == '.' && strstr(e->d_name, ".tmp-")))
            continue; /* ours: replaced, or a temporary */
        struct stat sb;
        if (!join(from, old, e->d_name) || !join(to, tmp, e->d_name) ||
            lstat(from, &sb) != 0)
            rc = az_error_set(err, AZ_EIO, "%s: %s", dir, strerror(errno));
        else if (S_ISDIR(sb.st_mode))
            rc = az_error_set(err, AZ_EIO, "%s: holds a directory (%s), "
                              "which a new set of CSV files cannot take "
                              "along; give --csv a directory of its own",
                              dir, e->d_name);
        else if (link(from, to) != 0 && !(late && errno == EEXIST))
            rc = az_error_set(err, AZ_EIO, "%s: cannot keep %s: %s", dir,
                              e->d_name, strerror(errno));
    }
    closedir(d);
    return rc;
}

/* 1 if dir holds a directory (case 2), or cannot be read. */
static int holds_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return 1;
    int found = 0;
    struct dirent *e;
    char p[AZI_PATH_MAX];
    struct stat sb;
    while (!found && (e = readdir(d)))
        found = strcmp(e->d_name, ".") && strcmp(e->d_name, "..") &&
                join(p, dir, e->d_name) && lstat(p, &sb) == 0 &&
                S_ISDIR(sb.st_mode);
    closedir(d);
    return found;
}

/* AZ_EIO "dir: reason e", with errno still e for the caller. */
static az_status sys_fail(az_error *err, const char *dir, int e)
{
    az_error_set(err, AZ_EIO, "%s: %s", dir, strerror(e));
    errno = e;
    return AZ_EIO;
}

/* Puts tmp (a complete set) where target is, atomically (case 1). */
static az_status swap_in(const char *dir, const char *target, const char *tmp,
                         int exists, az_error *err)
{
    if (azi_io_fault(AZ_IO_RENAME))
        return sys_fail(err, dir, errno);
    if (!exists) {
        if (rename(tmp, target) != 0)
            return sys_fail(err, dir, errno);
        return AZ_OK;
    }
#ifdef RENAME_EXCHANGE
    if (renameat2(AT_FDCWD, tmp, AT_FDCWD, target, RENAME_EXCHANGE) == 0)
        return AZ_OK; /* the old set is at tmp now */
    if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP)
        return sys_fail(err, dir, errno);
#endif
    char aside[AZI_PATH_MAX], parent[AZI_PATH_MAX];
    snprintf(parent, sizeof parent, "%s", target);
    char *slash = strrchr(parent, '/');
    const char *base = slash ? slash + 1 : target;
    if (slash)
        *slash = '\0';
    else
        strcpy(parent, ".");
    azi_tmp_name(aside, sizeof aside, parent, base, "tmp");
    if (rename(target, aside) != 0)
        return sys_fail(err, dir, errno);
    if (rename(tmp, target) != 0) {
        int e = errno;
        rename(aside, target);
        return sys_fail(err, dir, e);
    }
    rename(aside, tmp); /* the old set, to be removed with tmp's name */
    return AZ_OK;
}

/* Case 1: the set in a sibling directory, swapped in. *no_room: the
 * parent would not take it, or DIR cannot be renamed (a mount point);
 * then nothing was changed. */
static az_status set_by_dir(const char *dir, const char *target,
                            const char *parent, const char *base, int exists,
                            mode_t mode, const set_spec *sp, int *no_room,
                            az_error *err)
{
    char tmp[AZI_PATH_MAX], path[AZI_PATH_MAX];
    *no_room = 0;
    int made = -1;
    for (int tries = 0; tries < 100 && made != 0; tries++) {
        azi_tmp_name(tmp, sizeof tmp, parent, base, "tmp");
        made = azi_io_fault(AZ_IO_OPEN) ? -1 : mkdir(tmp, 0777);
        if (made != 0 && errno != EEXIST)
            break;
    }
    if (made != 0) {
        if (exists && (errno == EACCES || errno == EROFS || errno == EPERM)) {
            *no_room = 1;
            return AZ_OK;
        }
        return az_error_set(err, AZ_EIO, "%s: %s", dir, strerror(errno));
    }
    az_status rc = AZ_OK;
    for (int t = 0; t < spec_count(sp) && !rc; t++)
        if (!join(path, tmp, spec_name(sp, t)))
            rc = az_error_set(err, AZ_EIO, "%s: path too long", dir);
        else
            rc = write_file(path, dir, t, sp, err);
    if (!rc && exists)
        rc = carry_over(sp, dir, target, tmp, 0, err);
    if (!rc && exists && chmod(tmp, mode & 07777) != 0)
        rc = az_error_set(err, AZ_EIO, "%s: %s", dir, strerror(errno));
    if (!rc) {
        azi_sync_dir(tmp);
        rc = swap_in(dir, target, tmp, exists, err);
        /* DIR a mount point (or one a rename cannot move): case 2. */
        if (rc && exists && (errno == EBUSY || errno == EXDEV)) {
            azi_remove_tree(tmp);
            *no_room = 1;
            return AZ_OK;
        }
    }
    if (!rc) {
        /* A file put in DIR since the first carry_over is in the old set,
         * now at tmp: brought over before that is removed. */
        if (exists)
            carry_over(sp, dir, tmp, target, 1, NULL);
        azi_sync_dir(parent);
    }
    azi_remove_tree(tmp); /* the failed new set, or the old one */
    return rc;
}

/* Case 2: temporaries inside target, each installed with a backup of the
 * old file that a failure puts back. */
static az_status set_in_place(const char *dir, const char *target,
                              const set_spec *sp, az_error *err)
{
    /* On the heap: 2 x 16 paths would be 128 KiB of stack. */
    char (*tmp)[AZI_PATH_MAX] = azi_malloc(2 * MAX_FILES * sizeof *tmp);
    if (!tmp)
        return az_error_set(err, AZ_ENOMEM, "%s: out of memory", dir);
    char (*bak)[AZI_PATH_MAX] = tmp + MAX_FILES;
    char path[AZI_PATH_MAX];
    int state[MAX_FILES] = {0}; /* 1 written, 2 installed */
    int backed[MAX_FILES] = {0};
    int nf = spec_count(sp);
    az_status rc = AZ_OK;
    for (int t = 0; t < nf && !rc; t++) {
        azi_remove_stale(target, spec_name(sp, t));
        azi_tmp_name(tmp[t], AZI_PATH_MAX, target, spec_name(sp, t), "tmp");
        if (!(rc = write_file(tmp[t], dir, t, sp, err)))
            state[t] = 1;
    }
    for (int t = 0; t < nf && !rc; t++) {
        if (!join(path, target, spec_name(sp, t))) {
            rc = az_error_set(err, AZ_EIO, "%s: path too long", dir);
            break;
        }
        azi_tmp_name(bak[t], AZI_PATH_MAX, target, spec_name(sp, t), "tmp");
        if (link(path, bak[t]) == 0)
            backed[t] = 1;
        else if (errno != ENOENT) {
            rc = az_error_set(err, AZ_EIO, "%s: %s", path, strerror(errno));
            break;
        }
        if (azi_io_fault(AZ_IO_RENAME) || rename(tmp[t], path) != 0)
            rc = az_error_set(err, AZ_EIO, "%s: %s", path, strerror(errno));
        else
            state[t] = 2;
    }
    for (int t = 0; t < nf; t++) {
        join(path, target, spec_name(sp, t));
        if (rc && state[t] == 2) { /* undo: the old file, or none */
            if (backed[t])
                rename(bak[t], path);
            else
                unlink(path);
        }
        if (state[t] == 1)
            unlink(tmp[t]);
        if (backed[t])
            unlink(bak[t]); /* gone already if it was put back */
    }
    if (!rc)
        azi_sync_dir(target);
    free(tmp);
    return rc;
}

az_status az_output_csv(const char *dir, const az_model *m,
                        const az_summary *s, const az_output_meta *meta,
                        az_error *err)
{
    return az_output_csv_set(dir, m, s, meta, NULL, 0, err);
}

az_status az_output_csv_set(const char *dir, const az_model *m,
                            const az_summary *s, const az_output_meta *meta,
                            const az_csv_table *extra, size_t nextra,
                            az_error *err)
{
    set_spec sp = {m, s, meta, extra, nextra};
    if (nextra > AZ_CSV_MAX_EXTRA)
        return az_error_set(err, AZ_EINVAL, "%s: more than %d tables of "
                            "the caller's", dir, AZ_CSV_MAX_EXTRA);
    for (size_t k = 0; k < nextra; k++) {
        const char *name = extra[k].name;
        int dup = 0;
        for (int t = 0; t < spec_count(&sp); t++)
            dup += !strcmp(name, spec_name(&sp, t));
        if (!*name || strchr(name, '/') || name[0] == '.' || dup > 1)
            return az_error_set(err, AZ_EINVAL, "%s: '%s' cannot name a "
                                "table of the set", dir, name);
    }
    char target[AZI_PATH_MAX], parent[AZI_PATH_MAX];
    if (strlen(dir) + 32 >= AZI_PATH_MAX)
        return az_error_set(err, AZ_EIO, "%s: path too long", dir);
    if (azi_resolve(dir, target) != 0)
        return az_error_set(err, AZ_EIO, "%s: %s", dir, strerror(errno));
    /* DIR's parent (created if missing) is where the new set is built. */
    size_t n = strlen(target);
    while (n > 1 && target[n - 1] == '/')
        target[--n] = '\0';
    const char *slash = strrchr(target, '/');
    const char *base = slash ? slash + 1 : target;
    if (!slash)
        strcpy(parent, ".");
    else if (slash == target)
        strcpy(parent, "/");
    else
        snprintf(parent, sizeof parent, "%.*s", (int)(slash - target), target);
    if (!*base || !strcmp(base, ".") || !strcmp(base, "..")) {
        /* "." or "dir/..": no name to swap; build in place. */
        if (make_dirs(target) != 0)
            return az_error_set(err, AZ_EIO, "%s: %s", dir, strerror(errno));
        return set_in_place(dir, target, &sp, err);
    }
    if (make_dirs(parent) != 0)
        return az_error_set(err, AZ_EIO, "%s: %s", dir, strerror(errno));
    struct stat sb;
    int exists = stat(target, &sb) == 0;
    if (!exists && errno != ENOENT)
        return az_error_set(err, AZ_EIO, "%s: %s", dir, strerror(errno));
    if (exists && !S_ISDIR(sb.st_mode))
        return az_error_set(err, AZ_EIO, "%s: %s", dir, strerror(ENOTDIR));
    azi_remove_stale(parent, base);
    if (exists && holds_dir(target))
        return set_in_place(dir, target, &sp, err);
    int no_room;
    az_status rc = set_by_dir(dir, target, parent, base, exists,
                              exists ? sb.st_mode : 0, &sp, &no_room, err);
    if (!rc && no_room)
        rc = set_in_place(dir, target, &sp, err);
    return rc;
}
