/*
 * report.c: the terminal results table. Every figure is "mean ± half-width"
 * at the experiment's confidence level; rates are converted from the model's
 * time unit to per hour and per year (365 days of the simulated pattern).
 */
#include "util/date.h"
#include "azalea/report.h"

#include "azalea/diagnose.h"

#include <math.h>
#include <stdio.h>

#define YEAR_S (365.0 * 24 * 3600)

/* Terminal columns of a UTF-8 string: its bytes less continuation bytes
 * ("±" is two bytes but one column; printf pads by bytes). */
static int columns(const char *s)
{
    int cols = 0;
    for (; *s; s++)
        cols += ((unsigned char)*s & 0xC0) != 0x80;
    return cols;
}

/* "12.3 ± 0.4" in a fixed-width field; the half-width is left out when it
 * is not finite (a single replication). */
static void pm(FILE *out, int width, double mean, double half, double scale)
{
    char buf[64];
    int prec = fabs(mean * scale) >= 1000 ? 0 : fabs(mean * scale) >= 10 ? 2 : 4;
    if (isfinite(half))
        snprintf(buf, sizeof buf, "%.*f ± %.*f", prec, mean * scale, prec,
                 half * scale);
    else
        snprintf(buf, sizeof buf, "%.*f", prec, mean * scale);
    if (isnan(mean)) /* no observation in any replication */
        snprintf(buf, sizeof buf, "-");
    int cols = columns(buf);
    fprintf(out, "%*s%s", width > cols ? width - cols : 0, "", buf);
}

static void cell(FILE *out, int width, const az_summary *s, az_scope scope,
                 uint32_t obj, az_metric_kind kind, double scale)
{
    size_t i = az_summary_metric_index(s, scope, obj, kind);
    if (i == (size_t)-1)
        fprintf(out, "%*s", width, "-");
    else
        pm(out, width, az_summary_mean(s, i), az_summary_halfwidth(s, i),
           scale);
}

/* The end of a buffer's or a store's row: mean content, most at once
 * (a mean of maxima: no interval) and mean wait. */
static void content_cells(FILE *out, const az_summary *s, az_scope sc,
                          uint32_t o, az_metric_kind mean, az_metric_kind max,
                          az_metric_kind wait)
{
    cell(out, 22, s, sc, o, mean, 1);
    size_t i = az_summary_metric_index(s, sc, o, max);
    fprintf(out, " %14.1f ", az_summary_mean(s, i));
    cell(out, 22, s, sc, o, wait, 1);
    fputc('\n', out);
}

/* A headline row: label (with a unit in brackets if given) and a figure. */
static void headline(FILE *out, const char *label, const char *unit,
                     const az_summary *s, az_metric_kind kind, double scale)
{
    char buf[64];
    snprintf(buf, sizeof buf, unit ? "%s (%s)" : "%s", label, unit);
    fprintf(out, "%-28s", buf);
    cell(out, 26, s, AZ_SCOPE_SYSTEM, 0, kind, scale);
    fputc('\n', out);
}

/* Width of a table's name column: 16, or the longest name, so that long
 * station names do not push their rows out of line with the header. */
static int name_width(const az_model *m,
                      const char *(*name)(const az_model *, size_t), size_t n)
{
    int w = 16;
    for (size_t i = 0; i < n; i++) {
        int cols = columns(name(m, i));
        if (cols > w)
            w = cols;
    }
    return w;
}

/* A name left-aligned in a field of w columns. */
static void name_cell(FILE *out, int w, const char *name)
{
    int cols = columns(name);
    fprintf(out, "%s%*s", name, w > cols ? w - cols : 0, "");
}

static void warn_line(void *ctx, const az_diagnostic *d)
{
    fprintf((FILE *)ctx, "warning: %s\n", d->msg);
}

void az_report_text(FILE *out, const az_model *m, const az_summary *s)
{
    const az_experiment_config *c = az_summary_config(s);
    const char *u = az_model_time_unit(m);
    double per_h = 3600.0 / az_model_time_unit_seconds(m);
    double per_y = YEAR_S / az_model_time_unit_seconds(m);
    fprintf(out, "model: %s\n", az_model_name(m));
    fprintf(out, "replications: %u, horizon: %g %s, warm-up: %s%g %s, seed: %llu\n",
            (unsigned)c->replications, c->horizon, u,
            c->warmup_auto ? "auto (MSER-5) " : "", c->warmup, u,
            (unsigned long long)c->seed);
    int64_t t0;
    if (az_model_start(m, &t0)) { /* only then: other tables unchanged */
        static const char *const wd[] = {"Monday", "Tuesday", "Wednesday",
                                         "Thursday", "Friday", "Saturday",
                                         "Sunday"};
        char date[32];
        fprintf(out, "start: %s, a %s\n", azi_date_format(t0, date,
                                                         sizeof date),
                wd[azi_date_weekday(t0)]);
    }
    uint32_t asked;
    if (az_summary_interrupted(s, &asked))
        fprintf(out, "INTERRUPTED: %u of %u replications finished; the "
                "figures are those of the first %u\n",
                (unsigned)c->replications, (unsigned)asked,
                (unsigned)c->replications);
    for (uint32_t k = 0; k < az_summary_failure_count(s); k++) {
        const char *msg;
        uint32_t r = az_summary_failure(s, k, &msg);
        fprintf(out, "FAILED and left out: replication %u: %s\n",
                (unsigned)r, msg);
    }
    if (az_summary_replications(s) > 1)
        fprintf(out, "figures: mean ± half-width of the %g %% confidence "
                "interval\n\n", 100 * c->level);
    else
        fprintf(out, "figures: one replication, so no confidence intervals "
                "(two or more give them)\n\n");
    /* Figures that may mislead are named before any is shown. */
    if (az_diagnose(m, s, warn_line, out))
        fputc('\n', out);

    headline(out, "throughput", "units/h", s, AZ_M_THROUGHPUT, per_h);
    /* With shifts, the figure people quote: per hour of working time. */
    size_t iw = az_summary_metric_index(s, AZ_SCOPE_SYSTEM, 0,
                                        AZ_M_THROUGHPUT_WORKING);
    size_t it = az_summary_metric_index(s, AZ_SCOPE_SYSTEM, 0,
                                        AZ_M_THROUGHPUT);
    if (iw != (size_t)-1 &&
        az_summary_mean(s, iw) > az_summary_mean(s, it) * (1 + 1e-9))
        headline(out, "throughput", "units/working h", s,
                 AZ_M_THROUGHPUT_WORKING, per_h);
    headline(out, "throughput", "units/year", s, AZ_M_THROUGHPUT, per_y);
    headline(out, "units out in the horizon", NULL, s, AZ_M_COMPLETED, 1);
    headline(out, "lead time mean", u, s, AZ_M_LEAD_MEAN, 1);
    headline(out, "lead time P90", u, s, AZ_M_LEAD_P90, 1);
    headline(out, "work in process", "units", s, AZ_M_WIP, 1);
    int stores = 0;
    for (uint32_t p = 0; p < az_model_product_count(m); p++)
        stores |= az_model_store_station(m, p) != AZ_NO_STATION;
    if (stores)
        headline(out, "components in stores", "units", s, AZ_M_IN_STORES, 1);
    size_t ic = az_summary_metric_index(s, AZ_SCOPE_SYSTEM, 0, AZ_M_CARTONS);
    if (az_summary_mean(s, ic) > 0)
        headline(out, "cartons out in the horizon", NULL, s, AZ_M_CARTONS, 1);
    size_t ix = az_summary_metric_index(s, AZ_SCOPE_SYSTEM, 0, AZ_M_SCRAPPED);
    if (az_summary_mean(s, ix) > 0)
        headline(out, "units scrapped in the horizon", NULL, s, AZ_M_SCRAPPED,
                 1);
    if (az_model_order_count(m)) { /* per order: the JSON and orders.csv */
        headline(out, "orders on time", "%", s, AZ_M_ON_TIME, 100);
        headline(out, "order units on time", "%", s, AZ_M_UNITS_ON_TIME,
                 100);
        headline(out, "order tardiness mean", u, s, AZ_M_TARDINESS, 1);
        headline(out, "order flow time mean", u, s, AZ_M_FLOW_TIME, 1);
        headline(out, "orders open at the end", NULL, s, AZ_M_ORDERS_OPEN,
                 1);
    }
    fputc('\n', out);

    int quality = 0;
    for (uint32_t p = 0; p < az_model_product_count(m) && !quality; p++) {
        size_t i = az_summary_metric_index(s, AZ_SCOPE_PRODUCT, p,
                                           AZ_M_SCRAPPED);
        size_t j = az_summary_metric_index(s, AZ_SCOPE_PRODUCT, p,
                                           AZ_M_REWORKS);
        quality = az_summary_mean(s, i) > 0 || az_summary_mean(s, j) > 0;
    }
    int wp = name_width(m, az_model_product_name, az_model_product_count(m));
    fprintf(out, "%-*s %22s %22s %22s %22s", wp, "product", "units out",
            "units/year", "lead time mean", "lead time P90");
    if (quality)
        fprintf(out, " %18s %18s", "scrapped", "reworks");
    fputc('\n', out);
    for (uint32_t p = 0; p < az_model_product_count(m); p++) {
        name_cell(out, wp, az_model_product_name(m, p));
        if (az_model_store_station(m, p) != AZ_NO_STATION) {
            /* A component leaves by being joined: see the stores table. */
            fprintf(out, " %22s %22s %22s %22s", "(component)", "-", "-",
                    "-");
            if (quality) {
                fputc(' ', out);
                cell(out, 18, s, AZ_SCOPE_PRODUCT, p, AZ_M_SCRAPPED, 1);
                fprintf(out, " %18s", "-");
            }
            fputc('\n', out);
            continue;
        }
        fputc(' ', out);
        cell(out, 22, s, AZ_SCOPE_PRODUCT, p, AZ_M_COMPLETED, 1);
        fputc(' ', out);
        cell(out, 22, s, AZ_SCOPE_PRODUCT, p, AZ_M_THROUGHPUT, per_y);
        fputc(' ', out);
        cell(out, 22, s, AZ_SCOPE_PRODUCT, p, AZ_M_LEAD_MEAN, 1);
        fputc(' ', out);
        cell(out, 22, s, AZ_SCOPE_PRODUCT, p, AZ_M_LEAD_P90, 1);
        if (quality) {
            fputc(' ', out);
            cell(out, 18, s, AZ_SCOPE_PRODUCT, p, AZ_M_SCRAPPED, 1);
            fputc(' ', out);
            cell(out, 18, s, AZ_SCOPE_PRODUCT, p, AZ_M_REWORKS, 1);
        }
        fputc('\n', out);
    }
    fputc('\n', out);

    /* Where the machines' time goes: shares of machine time (means; the
     * confidence intervals are in the JSON output). Columns that are zero
     * everywhere (no setups, no failures...) are left out. */
    static const struct {
        az_metric_kind kind;
        const char *head;
    } share[] = {
        {AZ_M_UTIL, "working"},  {AZ_M_SETUP, "setup"},
        {AZ_M_IDLE, "starved"},  {AZ_M_BLOCKED, "blocked"},
        {AZ_M_DOWN, "failed"},   {AZ_M_MAINT, "maint."},
        {AZ_M_WAIT_OP, "wait op."},
        {AZ_M_OFF, "off shift"}, {AZ_M_OEE, "OEE"},
    };
    enum { NSHARE = sizeof share / sizeof share[0] };
    int show[NSHARE];
    for (int j = 0; j < NSHARE; j++) {
        show[j] = j == 0 || j == NSHARE - 1;
        for (uint32_t t = 0; t < az_model_station_count(m) && !show[j]; t++) {
            size_t i = az_summary_metric_index(s, AZ_SCOPE_STATION, t,
                                               share[j].kind);
            show[j] = i != (size_t)-1 && az_summary_mean(s, i) > 5e-5;
        }
    }
    int ws = name_width(m, az_model_station_name, az_model_station_count(m));
    fprintf(out, "machine time (%%)\n%-*s %8s", ws, "station", "machines");
    for (int j = 0; j < NSHARE; j++)
        if (show[j])
            fprintf(out, " %10s", share[j].head);
    fputc('\n', out);
    for (uint32_t t = 0; t < az_model_station_count(m); t++) {
        name_cell(out, ws, az_model_station_name(m, t));
        fprintf(out, " %8u", (unsigned)az_model_station_machines(m, t));
        for (int j = 0; j < NSHARE; j++) {
            if (!show[j])
                continue;
            size_t i = az_summary_metric_index(s, AZ_SCOPE_STATION, t,
                                               share[j].kind);
            double v = az_summary_mean(s, i);
            if (isnan(v)) /* an OEE never on shift: no value */
                fprintf(out, " %10s", "-");
            else
                fprintf(out, " %10.2f", 100 * v);
        }
        fputc('\n', out);
    }
    fputc('\n', out);

    char wait[32];
    snprintf(wait, sizeof wait, "wait in queue (%s)", u);
    fprintf(out, "%-*s %22s %22s %14s %22s\n", ws, "station", "utilisation %",
            "queue (units)", "max queue", wait);
    for (uint32_t t = 0; t < az_model_station_count(m); t++) {
        name_cell(out, ws, az_model_station_name(m, t));
        fputc(' ', out);
        cell(out, 22, s, AZ_SCOPE_STATION, t, AZ_M_UTIL, 100);
        fputc(' ', out);
        content_cells(out, s, AZ_SCOPE_STATION, t, AZ_M_QUEUE, AZ_M_QUEUE_MAX,
                      AZ_M_WAIT);
    }
    if (stores) { /* each component's store at its assembly station */
        char sw[32];
        snprintf(sw, sizeof sw, "wait in store (%s)", u);
        int wc = name_width(m, az_model_product_name,
                            az_model_product_count(m));
        fprintf(out, "\n%-*s %-*s %22s %22s %14s %22s\n", wc, "component",
                ws, "station", "joined", "in store (units)", "max in store",
                sw);
        for (uint32_t p = 0; p < az_model_product_count(m); p++) {
            uint32_t t = az_model_store_station(m, p);
            if (t == AZ_NO_STATION)
                continue;
            name_cell(out, wc, az_model_product_name(m, p));
            fputc(' ', out);
            name_cell(out, ws, az_model_station_name(m, t));
            fputc(' ', out);
            cell(out, 22, s, AZ_SCOPE_PRODUCT, p, AZ_M_CONSUMED, 1);
            fputc(' ', out);
            content_cells(out, s, AZ_SCOPE_STORE, p, AZ_M_STORE_CONTENT,
                          AZ_M_STORE_MAX, AZ_M_STORE_WAIT);
        }
    }
    /* Bottleneck ranking by the active-period method. */
    fprintf(out, "\nbottleneck (%% of time, active-period method)\n"
                 "%-*s %22s %22s\n", ws, "station", "sole", "shifting");
    /* The top five by score, ties in model order: five passes, no array
     * as long as the model (a variable-length array of every station
     * could overflow the stack of a very large model). */
    uint32_t ns = (uint32_t)az_model_station_count(m), top[5];
    uint32_t ntop = ns < 5 ? ns : 5;
    for (uint32_t i = 0; i < ntop; i++) {
        double best = 0;
        top[i] = UINT32_MAX;
        for (uint32_t t = 0; t < ns; t++) {
            int taken = 0;
            for (uint32_t k = 0; k < i; k++)
                taken |= top[k] == t;
            double sc = az_summary_bottleneck_share(s, t);
            if (!taken && (top[i] == UINT32_MAX || sc > best)) {
                top[i] = t;
                best = sc;
            }
        }
    }
    for (uint32_t i = 0; i < ntop; i++) {
        uint32_t t = top[i];
        name_cell(out, ws, az_model_station_name(m, t));
        fputc(' ', out);
        cell(out, 22, s, AZ_SCOPE_STATION, t, AZ_M_BN_SOLE, 100);
        fputc(' ', out);
        cell(out, 22, s, AZ_SCOPE_STATION, t, AZ_M_BN_SHIFT, 100);
        fputc('\n', out);
    }
    if (az_model_pool_count(m)) {
        int wo = name_width(m, az_model_pool_name, az_model_pool_count(m));
        fprintf(out, "\n%-*s %8s %22s\n", wo, "operators", "people", "busy %");
        for (uint32_t q = 0; q < az_model_pool_count(m); q++) {
            name_cell(out, wo, az_model_pool_name(m, q));
            fprintf(out, " %8u ", (unsigned)az_model_pool_size(m, q));
            cell(out, 22, s, AZ_SCOPE_POOL, q, AZ_M_UTIL, 100);
            fputc('\n', out);
        }
    }
}
