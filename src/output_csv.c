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
#include "azalea/output.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <csv.h>

#include "azalea/version.h"
#include "output_impl.h"

enum { PATH_MAX_ = 4096, MAX_KINDS = 64 };

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

static void num(FILE *f, double x)
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
    fputs("component,station,capacity,replications", f);
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
    for (uint32_t r = 0; r < az_summary_replications(s); r++)
        for (size_t i = 0; i < az_summary_metric_count(s); i++) {
            az_metric mt = az_summary_metric(s, i);
            size_t ns = azi_out_stats(m, s, i, st);
            for (size_t j = 0; j < ns; j++) {
                uint_(f, r), sep(f);
                fputs(azi_out_scope_name(mt.scope), f), sep(f);
                az_csv_field(f, azi_out_object_name(m, mt.scope, mt.object)), sep(f);
                fputs(st[j].name, f), sep(f);
                num(f, az_summary_value(s, r, i) * st[j].k);
                eol(f);
            }
        }
}

/* ---- files ---- */

enum {
    F_RUN, F_SYSTEM, F_PRODUCTS, F_STATIONS, F_BUFFERS, F_POOLS, F_STORES,
    F_REPLICATIONS, NFILES
};
static const char *const file_names[NFILES] = {
    "run.csv", "system.csv", "products.csv", "stations.csv", "buffers.csv",
    "pools.csv", "stores.csv", "replications.csv"};

static const az_metric_kind buffer_kinds[] = {AZ_M_QUEUE, AZ_M_QUEUE_MAX,
                                              AZ_M_WAIT};

static void write_table(int t, FILE *f, const az_model *m, const az_summary *s,
                        const az_output_meta *meta)
{
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
    }
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

/* dir/<table's file>, with ".tmp" if tmp; 0 if too long. */
static int file_path(char *buf, size_t size, const char *dir, int t, int tmp)
{
    int n = snprintf(buf, size, "%s/%s%s", dir, file_names[t],
                     tmp ? ".tmp" : "");
    return n >= 0 && (size_t)n < size;
}

az_status az_output_csv(const char *dir, const az_model *m,
                        const az_summary *s, const az_output_meta *meta,
                        az_error *err)
{
    char tmp[PATH_MAX_], path[PATH_MAX_];
    if (!file_path(tmp, sizeof tmp, dir, F_REPLICATIONS, 1))
        return az_error_set(err, AZ_EIO, "%s: path too long", dir);
    if (make_dirs(dir) != 0)
        return az_error_set(err, AZ_EIO, "%s: %s", dir, strerror(errno));

    /* All files complete as .tmp first, then renamed: an error never
     * leaves a mix of this run's and an earlier run's tables. */
    az_status rc = AZ_OK;
    int made = 0;
    for (; made < NFILES && !rc; made++) {
        file_path(tmp, sizeof tmp, dir, made, 1);
        FILE *f = fopen(tmp, "w");
        if (!f) {
            rc = az_error_set(err, AZ_EIO, "%s: %s", tmp, strerror(errno));
            break;
        }
        errno = 0;
        write_table(made, f, m, s, meta);
        int bad = ferror(f);
        int e = errno;
        if (fclose(f) != 0 && !bad) {
            bad = 1;
            e = errno;
        }
        if (bad)
            rc = az_error_set(err, AZ_EIO, "%s: %s", tmp,
                              e ? strerror(e) : "write failed");
    }
    for (int t = 0; t < made; t++) {
        file_path(tmp, sizeof tmp, dir, t, 1);
        file_path(path, sizeof path, dir, t, 0);
        if (!rc && rename(tmp, path) != 0)
            rc = az_error_set(err, AZ_EIO, "%s: %s", path, strerror(errno));
        if (rc)
            remove(tmp);
    }
    return rc;
}
