/*
 * report_html.c: the one-file HTML report of `azalea run --report FILE`:
 * headline figures with confidence intervals, where machine time goes,
 * throughput per product, replication 1 day by day, its lead times, the
 * bottleneck ranking and a Gantt strip of its first day. The page needs
 * nothing but itself: CSS inline, charts as inline SVG drawn by gnuplot,
 * no script. A machine state has one colour in every chart.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "azalea/diagnose.h"
#include "azalea/output.h"
#include "azalea/version.h"
#include "report.h"

#define YEAR_S (365.0 * 24 * 3600)

static const char *const state_colour[AZ_MS_COUNT] = {
    [AZ_MS_WORKING] = "#2e7d32",       [AZ_MS_SETUP] = "#8e44ad",
    [AZ_MS_STARVED] = "#f1c40f",       [AZ_MS_BLOCKED] = "#e67e22",
    [AZ_MS_FAILED] = "#c0392b",        [AZ_MS_WAIT_OPERATOR] = "#2e86c1",
    [AZ_MS_OFF_SHIFT] = "#b3b3b3"};
static const char *const state_label[AZ_MS_COUNT] = {
    [AZ_MS_WORKING] = "working",       [AZ_MS_SETUP] = "setup",
    [AZ_MS_STARVED] = "starved",       [AZ_MS_BLOCKED] = "blocked",
    [AZ_MS_FAILED] = "failed",         [AZ_MS_WAIT_OPERATOR] = "waiting for operator",
    [AZ_MS_OFF_SHIFT] = "off shift"};
/* The order of the stacks, as the issue and the terminal table give it. */
static const az_machine_state state_order[AZ_MS_COUNT] = {
    AZ_MS_WORKING, AZ_MS_SETUP, AZ_MS_STARVED, AZ_MS_BLOCKED,
    AZ_MS_FAILED, AZ_MS_WAIT_OPERATOR, AZ_MS_OFF_SHIFT};
static const az_metric_kind state_metric[AZ_MS_COUNT] = {
    [AZ_MS_WORKING] = AZ_M_UTIL,     [AZ_MS_SETUP] = AZ_M_SETUP,
    [AZ_MS_STARVED] = AZ_M_IDLE,     [AZ_MS_BLOCKED] = AZ_M_BLOCKED,
    [AZ_MS_FAILED] = AZ_M_DOWN,      [AZ_MS_WAIT_OPERATOR] = AZ_M_WAIT_OP,
    [AZ_MS_OFF_SHIFT] = AZ_M_OFF};

enum { C_STATES, C_PRODUCTS, C_DAYS, C_LEAD, C_BNECK, C_GANTT, NCHART };
static const char *const chart_id[NCHART] = {
    "chart-states", "chart-products", "chart-days",
    "chart-leadtime", "chart-bottleneck", "chart-gantt"};

typedef struct ctx {
    const az_model *m;
    const az_summary *s;
    const char *dir;
    FILE *gp;          /* the gnuplot script */
    rep_series r;
    double tu;         /* seconds per model time unit */
    uint32_t nrep;
    uint32_t *rank;    /* stations by bottleneck score */
} ctx;

static double mean_of(const az_summary *s, az_scope sc, uint32_t o,
                      az_metric_kind k)
{
    size_t i = az_summary_metric_index(s, sc, o, k);
    return i == (size_t)-1 ? 0 : az_summary_mean(s, i);
}

static double half_of(const az_summary *s, az_scope sc, uint32_t o,
                      az_metric_kind k)
{
    size_t i = az_summary_metric_index(s, sc, o, k);
    return i == (size_t)-1 ? INFINITY : az_summary_halfwidth(s, i);
}

/* A readable unit for durations around `sec` seconds: its name and length. */
static double time_scale(double sec, const char **name)
{
    if (sec >= 2 * 86400.0) {
        *name = "d";
        return 86400;
    }
    if (sec >= 2 * 3600.0) {
        *name = "h";
        return 3600;
    }
    if (sec >= 120) {
        *name = "min";
        return 60;
    }
    *name = "s";
    return 1;
}

/* A name for gnuplot's data files and strings: no quotes. */
static void gp_name(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++)
        fputc(*s == '"' || *s == '\\' ? '\'' : *s, f);
    fputc('"', f);
}

static FILE *data_file(const ctx *c, const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", c->dir, name);
    FILE *f = fopen(path, "w");
    if (!f)
        fprintf(stderr, "azalea: --report: %s: %s\n", path, strerror(errno));
    return f;
}

/* Every chart's start: its own SVG file, one look. */
static void gp_begin(const ctx *c, int k, int height, const char *title)
{
    char name[32];
    snprintf(name, sizeof name, "%s", chart_id[k]);
    for (char *p = name; *p; p++)
        if (*p == '-')
            *p = '_';
    fprintf(c->gp,
            "reset\n"
            "set terminal svg size 960,%d dynamic noenhanced "
            "font 'DejaVu Sans,Arial,Helvetica,sans-serif,12' "
            "background rgb 'white' name '%s'\n"
            "set output '%s/%s.svg'\n"
            "set title ",
            height, name, c->dir, chart_id[k]);
    gp_name(c->gp, title);
    fputs(" font ',14'\n"
          "set border lc rgb '#555555'\n"
          "set style fill solid 1.0 noborder\n"
          "set key noautotitle\n",
          c->gp);
}

/* ---- the charts ---- */

static int chart_states(ctx *c)
{
    uint32_t ns = (uint32_t)az_model_station_count(c->m);
    FILE *f = data_file(c, "states.dat");
    if (!f)
        return 1;
    for (uint32_t t = 0; t < ns; t++) {
        fprintf(f, "%u ", (unsigned)t);
        gp_name(f, az_model_station_name(c->m, t));
        double cum = 0;
        fprintf(f, " 0");
        for (int k = 0; k < AZ_MS_COUNT; k++) {
            cum += 100 * mean_of(c->s, AZ_SCOPE_STATION, t,
                                 state_metric[state_order[k]]);
            fprintf(f, " %.6f", cum > 100 ? 100 : cum);
        }
        fputc('\n', f);
    }
    if (fclose(f))
        return 1;
    char title[160];
    snprintf(title, sizeof title,
             "Where machine time goes, per station (mean of %u replications)",
             (unsigned)c->nrep);
    gp_begin(c, C_STATES, 150 + 34 * (int)ns, title);
    fprintf(c->gp,
            "set xlabel 'share of machine time (%%)'\n"
            "set xrange [0:100]\nset xtics 10\n"
            "set yrange [%u-0.5:-0.5]\nset ytics scale 0\n"
            "set grid xtics lc rgb '#dddddd' front\n"
            "set key outside bottom center horizontal maxcols 4 samplen 2\n"
            "plot ",
            (unsigned)ns);
    for (int k = 0; k < AZ_MS_COUNT; k++) {
        az_machine_state st = state_order[k];
        fprintf(c->gp,
                "%s'%s/states.dat' using (0):1:%d:%d:($1-0.36):($1+0.36)%s "
                "with boxxyerror lc rgb '%s' title '%s'",
                k ? ", \\\n     " : "", c->dir, k + 3, k + 4,
                k ? "" : ":ytic(2)", state_colour[st], state_label[st]);
    }
    fputc('\n', c->gp);
    return 0;
}

static int chart_products(ctx *c)
{
    uint32_t np = (uint32_t)az_model_product_count(c->m);
    double per_y = YEAR_S / c->tu;
    FILE *f = data_file(c, "products.dat");
    if (!f)
        return 1;
    for (uint32_t p = 0; p < np; p++) {
        double mu = per_y * mean_of(c->s, AZ_SCOPE_PRODUCT, p, AZ_M_THROUGHPUT);
        double h = per_y * half_of(c->s, AZ_SCOPE_PRODUCT, p, AZ_M_THROUGHPUT);
        if (!isfinite(h))
            h = 0;
        fprintf(f, "%u ", (unsigned)p);
        gp_name(f, az_model_product_name(c->m, p));
        fprintf(f, " %.6g %.6g %.6g\n", mu, mu - h > 0 ? mu - h : 0, mu + h);
    }
    if (fclose(f))
        return 1;
    gp_begin(c, C_PRODUCTS, 150 + 20 * (int)np,
             "Throughput per product (mean with its 95 % confidence interval)");
    fprintf(c->gp,
            "set xlabel 'units per year'\n"
            "set xrange [0:*]\nset format x '%%.0f'\n"
            "set yrange [%u-0.5:-0.5]\nset ytics scale 0\n"
            "set grid xtics lc rgb '#dddddd'\n"
            "set key outside bottom center horizontal\n"
            "plot '%s/products.dat' using (0):1:(0):3:($1-0.35):($1+0.35):ytic(2) "
            "with boxxyerror lc rgb '#4a78b5' title 'mean over %u replications', \\\n"
            "     '' using 3:1:4:5 with xerrorbars pt 7 ps 0.3 lc rgb '#222222' "
            "title '95 %% confidence interval'\n",
            (unsigned)np, c->dir, (unsigned)c->nrep);
    return 0;
}

static int chart_days(ctx *c)
{
    const rep_series *r = &c->r;
    FILE *f = data_file(c, "days.dat");
    if (!f)
        return 1;
    for (uint32_t d = 0; d < r->ndays; d++) {
        double len = r->horizon - d * r->day;
        len = len < r->day ? len : r->day;
        fprintf(f, "%u %.6g %.6g\n", (unsigned)d,
                len > 0 ? r->done[d] * r->day / len : 0, r->wip[d]);
    }
    if (fclose(f))
        return 1;
    double wu = r->warmup / r->day, nd = r->horizon / r->day;
    /* The mean line averages working days, as the bars show them: units
     * finished after the warm-up over the days (in the window) on which
     * the line works. Without shifts every day is one. */
    double span = r->horizon - r->warmup, wdays = 0;
    for (uint32_t d = 0; d < r->ndays; d++) {
        double a = d * r->day > r->warmup ? d * r->day : r->warmup;
        double b = (d + 1) * r->day < r->horizon ? (d + 1) * r->day
                                                  : r->horizon;
        double wt = 0;
        if (b > a && az_model_working_time(c->m, a, b, &wt, NULL) == AZ_OK &&
            wt > 0)
            wdays += (b - a) / r->day;
    }
    double tp = mean_of(c->s, AZ_SCOPE_SYSTEM, 0, AZ_M_THROUGHPUT) * span /
                (wdays > 0 ? wdays : span / r->day);
    double wip = mean_of(c->s, AZ_SCOPE_SYSTEM, 0, AZ_M_WIP);
    gp_begin(c, C_DAYS, 640,
             "Replication 1, day by day: units finished and work in process");
    fprintf(c->gp, "set multiplot layout 2,1 title 'Replication 1, day by day: "
                   "units finished and work in process' font ',14'\n"
                   "unset title\nset xrange [0:%.6g]\n"
                   "set grid ytics lc rgb '#dddddd'\n"
                   "set key outside top center horizontal\n"
                   "set lmargin 12\n", nd);
    if (wu > 0)
        fprintf(c->gp,
                "set object 1 rect from 0,graph 0 to %.6g,graph 1 behind "
                "fc rgb '#e8e8e8' fs solid 1.0 noborder\n"
                "set label 1 'warm-up' at first 0,graph 0.06 left "
                "offset 0.5,0 front tc rgb '#555555'\n",
                wu);
    fprintf(c->gp,
            "set ylabel 'units finished per day'\nset yrange [0:*]\n"
            "set xlabel 'day of the simulated calendar'\n"
            "plot '%s/days.dat' using ($1+0.5):2:(0.8) with boxes "
            "lc rgb '#4a78b5' title 'finished (replication 1)', \\\n"
            "     %.6g with lines dt 2 lw 2 lc rgb '#222222' "
            "title 'mean per working day after warm-up, %u replications'\n"
            "set ylabel 'units in the line (daily average)'\n"
            "plot '%s/days.dat' using ($1+0.5):3 with %s pt 7 ps 0.4 "
            "lw 1.5 lc rgb '#c0392b' title 'work in process (replication 1)', \\\n"
            "     %.6g with lines dt 2 lw 2 lc rgb '#222222' "
            "title 'mean after warm-up, %u replications'\n"
            "unset multiplot\n",
            c->dir, tp, (unsigned)c->nrep, c->dir,
            r->ndays > 60 ? "lines" : "linespoints", wip, (unsigned)c->nrep);
    return 0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double lead_unit(const ctx *c, const char **name);

static int chart_lead(ctx *c)
{
    rep_series *r = &c->r;
    size_t n = r->nlead;
    qsort(r->lead, n, sizeof *r->lead, cmp_double);
    const char *un;
    double top = n ? r->lead[(size_t)(0.995 * (n - 1))] : 1;
    /* The unit of every lead time in the report (lead_unit): one figure,
     * one unit. */
    double sc = lead_unit(c, &un); /* model units per display unit */
    enum { NBIN = 40 };
    double hi = top / sc, sum = 0;
    if (!(hi > 0))
        hi = 1;
    double w = hi / NBIN, bin[NBIN] = {0};
    size_t beyond = 0;
    for (size_t i = 0; i < n; i++) {
        double x = r->lead[i] / sc;
        sum += x;
        if (x > hi) {
            beyond++;
            continue;
        }
        int b = (int)(x / w);
        bin[b < NBIN ? b : NBIN - 1]++;
    }
    FILE *f = data_file(c, "lead.dat");
    if (!f)
        return 1;
    for (int b = 0; b < NBIN; b++)
        fprintf(f, "%.6g %.6g\n", (b + 0.5) * w, n ? 100 * bin[b] / n : 0);
    if (fclose(f))
        return 1;
    char title[200];
    snprintf(title, sizeof title,
             "Lead time of the %zu units finished after the warm-up "
             "(replication 1)", n);
    gp_begin(c, C_LEAD, 420, title);
    fprintf(c->gp,
            "set xlabel 'lead time, release to exit (%s)'\n"
            "set ylabel 'share of units (%%)'\n"
            "set xrange [0:%.6g]\nset yrange [0:*]\n"
            "set grid ytics lc rgb '#dddddd'\n"
            "set key top right\n",
            un, hi);
    if (n) {
        double mean = sum / n, p90 = r->lead[(size_t)(0.9 * (n - 1))] / sc;
        fprintf(c->gp,
                "set arrow 1 from %.6g,graph 0 to %.6g,graph 1 nohead dt 2 "
                "lw 2 lc rgb '#222222'\n"
                "set arrow 2 from %.6g,graph 0 to %.6g,graph 1 nohead dt 3 "
                "lw 2 lc rgb '#c0392b'\n"
                "set label 1 'mean %.4g %s' at %.6g,graph 0.95 left offset 0.5,0\n"
                "set label 2 'P90 %.4g %s' at %.6g,graph 0.88 left offset 0.5,0 "
                "tc rgb '#c0392b'\n",
                mean, mean, p90, p90, mean, un, mean, p90, un, p90);
        if (beyond)
            fprintf(c->gp, "set label 3 '%zu units beyond %.4g %s are not "
                           "drawn' at graph 0.98,graph 0.75 right\n",
                    beyond, hi, un);
    } else {
        fputs("set label 1 'no unit finished after the warm-up' at graph "
              "0.5,graph 0.5 center\n", c->gp);
    }
    fprintf(c->gp, "plot '%s/lead.dat' using 1:2:(%.6g) with boxes "
                   "lc rgb '#4a78b5' title 'units per bin of %.3g %s'\n",
            c->dir, w * 0.92, w, un);
    return 0;
}

static int chart_bneck(ctx *c)
{
    uint32_t ns = (uint32_t)az_model_station_count(c->m);
    FILE *f = data_file(c, "bneck.dat");
    if (!f)
        return 1;
    for (uint32_t i = 0; i < ns; i++) {
        uint32_t t = c->rank[i];
        double sole = 100 * mean_of(c->s, AZ_SCOPE_STATION, t, AZ_M_BN_SOLE);
        fprintf(f, "%u ", (unsigned)i);
        gp_name(f, az_model_station_name(c->m, t));
        fprintf(f, " %.6g %.6g\n", sole,
                100 * az_summary_bottleneck_share(c->s, t));
    }
    if (fclose(f))
        return 1;
    gp_begin(c, C_BNECK, 150 + 30 * (int)ns,
             "Bottleneck ranking: share of time each station is the bottleneck "
             "(active-period method)");
    fprintf(c->gp,
            "set xlabel 'share of time (%%)'\n"
            "set xrange [0:*]\n"
            "set yrange [%u-0.5:-0.5]\nset ytics scale 0\n"
            "set grid xtics lc rgb '#dddddd'\n"
            "set key outside bottom center horizontal\n"
            "plot '%s/bneck.dat' using (0):1:(0):3:($1-0.36):($1+0.36):ytic(2) "
            "with boxxyerror lc rgb '#8b1a1a' title 'sole bottleneck', \\\n"
            "     '' using (0):1:3:4:($1-0.36):($1+0.36) with boxxyerror "
            "lc rgb '#e8a0a0' title 'shifting bottleneck'\n",
            (unsigned)ns, c->dir);
    return 0;
}

static int chart_gantt(ctx *c)
{
    const rep_series *r = &c->r;
    uint32_t ns = (uint32_t)az_model_station_count(c->m);
    double h = 3600.0 / c->tu; /* model units per hour */
    double w0 = r->gantt_day * r->day, w1 = w0 + r->day; /* the window */
    if (w1 > r->horizon)
        w1 = r->horizon;
    FILE *f = data_file(c, "gantt.dat");
    if (!f)
        return 1;
    for (int k = 0; k < AZ_MS_COUNT; k++) {
        az_machine_state st = state_order[k];
        fprintf(f, "%s-1 -1 -10\n", k ? "\n\n" : ""); /* no empty block */
        for (size_t i = 0; i < r->nseg; i++) {
            const rep_seg *g = &r->seg[i];
            double t0 = g->t0 > w0 ? g->t0 : w0, t1 = g->t1 < w1 ? g->t1 : w1;
            if (g->state == st && t0 < t1)
                fprintf(f, "%.6f %.6f %u\n", (t0 - w0) / h, (t1 - w0) / h,
                        (unsigned)g->row);
        }
    }
    if (fclose(f))
        return 1;
    double hours = (w1 - w0) / h;
    char title[160];
    if (r->gantt_day)
        snprintf(title, sizeof title, "Machine states on day %u of "
                 "replication 1, the first day the line works",
                 (unsigned)r->gantt_day + 1);
    else
        snprintf(title, sizeof title,
                 "Machine states on the first day of replication 1");
    gp_begin(c, C_GANTT, 170 + 22 * (int)r->nrow, title);
    fprintf(c->gp,
            "set xlabel 'hour of day %u'\n"
            "set xrange [0:%.6g]\nset xtics 2\nset mxtics 2\n"
            "set yrange [%u-0.5:-0.5]\nset ytics scale 0 (",
            (unsigned)r->gantt_day + 1, hours, (unsigned)r->nrow);
    for (uint32_t t = 0; t < ns; t++) {
        uint32_t nm = az_model_station_machines(c->m, t);
        for (uint32_t j = 0; j < nm; j++) {
            char label[200];
            snprintf(label, sizeof label, nm > 1 ? "%s %u" : "%s",
                     az_model_station_name(c->m, t), (unsigned)j + 1);
            fputs(t || j ? ", " : "", c->gp);
            gp_name(c->gp, label);
            fprintf(c->gp, " %u", (unsigned)(r->first_row[t] + j));
        }
    }
    fprintf(c->gp, ")\nset grid xtics lc rgb '#dddddd' front\n"
                   "set key outside bottom center horizontal maxcols 4 "
                   "samplen 2\nplot ");
    for (int k = 0; k < AZ_MS_COUNT; k++) {
        az_machine_state st = state_order[k];
        fprintf(c->gp,
                "%s'%s/gantt.dat' index %d using (($1+$2)/2):3:1:2:($3-0.4):"
                "($3+0.4) with boxxyerror lc rgb '%s' title '%s'",
                k ? ", \\\n     " : "", c->dir, k, state_colour[st],
                state_label[st]);
    }
    fputc('\n', c->gp);
    return 0;
}

/* ---- the page ---- */

void report_esc(FILE *f, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        default: fputc(*s, f);
        }
    }
}

/* "12.3 ± 0.4" with a precision that suits the size. */
static void pm(FILE *f, double mean, double half, double scale)
{
    double x = mean * scale;
    if (isnan(x)) { /* observed in no replication */
        fputs("-", f);
        return;
    }
    int prec = fabs(x) >= 1000 ? 0 : fabs(x) >= 10 ? 1 : fabs(x) >= 1 ? 2 : 3;
    fprintf(f, "%.*f", prec, x);
    if (isfinite(half))
        fprintf(f, " <span class=\"ci\">± %.*f</span>", prec, half * scale);
}

static void card(FILE *f, const ctx *c, const char *label, const char *unit,
                 az_metric_kind k, double scale)
{
    fputs("<div class=\"card\"><div class=\"label\">", f);
    report_esc(f, label);
    fputs("</div><div class=\"value\">", f);
    pm(f, mean_of(c->s, AZ_SCOPE_SYSTEM, 0, k),
       half_of(c->s, AZ_SCOPE_SYSTEM, 0, k), scale);
    fputs("</div><div class=\"unit\">", f);
    report_esc(f, unit);
    fputs("</div></div>\n", f);
}

static void figure(FILE *f, const chart *ch, const char *caption)
{
    fprintf(f, "<figure>\n%s\n<figcaption>", ch->svg);
    report_esc(f, caption);
    fputs("</figcaption>\n</figure>\n", f);
}

static void html_warning(void *file, const az_diagnostic *d)
{
    FILE *f = file;
    fputs("<p class=\"warning\"><strong>Warning:</strong> ", f);
    report_esc(f, d->msg);
    fputs("</p>\n", f);
}

const char report_css[] =
    "body{font-family:'DejaVu Sans',Arial,Helvetica,sans-serif;margin:0;"
    "color:#222;background:#f4f5f7}\n"
    "main{max-width:1000px;margin:0 auto;padding:24px}\n"
    ".warning{background:#fff3cd;border-left:4px solid #e0a800;"
    "padding:8px 12px}\n"
    "h1{font-size:26px;margin:0 0 4px}h2{font-size:19px;margin:32px 0 8px;"
    "border-bottom:2px solid #d0d4da;padding-bottom:4px}\n"
    ".meta{color:#555;font-size:14px;margin:0 0 16px}\n"
    ".cards{display:flex;flex-wrap:wrap;gap:12px}\n"
    ".card{background:#fff;border:1px solid #d0d4da;border-radius:6px;"
    "padding:10px 14px;min-width:170px;flex:1}\n"
    ".card .label{font-size:13px;color:#555}.card .value{font-size:24px;"
    "font-weight:bold;margin:4px 0}.card .unit{font-size:12px;color:#777}\n"
    ".ci{font-size:14px;font-weight:normal;color:#666}\n"
    "figure{background:#fff;border:1px solid #d0d4da;border-radius:6px;"
    "margin:12px 0;padding:8px}\n"
    "figure svg{width:100%;height:auto;display:block}\n"
    "figcaption{font-size:13px;color:#555;padding:4px 8px}\n"
    "table{border-collapse:collapse;background:#fff;font-size:13px;"
    "margin:8px 0;width:100%}\n"
    "th,td{border:1px solid #d0d4da;padding:4px 8px;text-align:right}\n"
    "th:first-child,td:first-child,.t{text-align:left}\n"
    "th{background:#eef0f3}\n"
    ".swatch{display:inline-block;width:10px;height:10px;margin-right:4px}\n"
    "footer{color:#777;font-size:12px;margin-top:32px}\n";

static void write_tables_states(FILE *f, const ctx *c)
{
    fputs("<table><tr><th>station</th><th>machines</th>", f);
    for (int k = 0; k < AZ_MS_COUNT; k++)
        fprintf(f, "<th><span class=\"swatch\" style=\"background:%s\"></span>"
                   "%s %%</th>",
                state_colour[state_order[k]], state_label[state_order[k]]);
    fputs("<th>OEE %</th></tr>\n", f);
    for (uint32_t t = 0; t < az_model_station_count(c->m); t++) {
        fputs("<tr><td>", f);
        report_esc(f, az_model_station_name(c->m, t));
        fprintf(f, "</td><td>%u</td>",
                (unsigned)az_model_station_machines(c->m, t));
        for (int k = 0; k < AZ_MS_COUNT; k++)
            fprintf(f, "<td>%.1f</td>",
                    100 * mean_of(c->s, AZ_SCOPE_STATION, t,
                                  state_metric[state_order[k]]));
        fprintf(f, "<td>%.1f</td></tr>\n",
                100 * mean_of(c->s, AZ_SCOPE_STATION, t, AZ_M_OEE));
    }
    fputs("</table>\n", f);
}

/* The unit lead times are shown in: model units per it, and its name. */
static double lead_unit(const ctx *c, const char **name)
{
    double lead = mean_of(c->s, AZ_SCOPE_SYSTEM, 0, AZ_M_LEAD_MEAN);
    return time_scale(lead * c->tu, name) / c->tu;
}

static void write_table_products(FILE *f, const ctx *c)
{
    const char *u;
    double lu = lead_unit(c, &u);
    fprintf(f, "<table><tr><th>product</th><th class=\"t\">family</th><th>units out</th>"
               "<th>units/year</th><th>lead time mean (%s)</th>"
               "<th>lead time P90 (%s)</th><th>scrapped</th></tr>\n", u, u);
    double per_y = YEAR_S / c->tu;
    for (uint32_t p = 0; p < az_model_product_count(c->m); p++) {
        static const az_metric_kind k[] = {AZ_M_COMPLETED, AZ_M_THROUGHPUT,
                                           AZ_M_LEAD_MEAN, AZ_M_LEAD_P90,
                                           AZ_M_SCRAPPED};
        fputs("<tr><td>", f);
        report_esc(f, az_model_product_name(c->m, p));
        fputs("</td><td class=\"t\">", f);
        report_esc(f, az_model_product_family(c->m, p));
        fputs("</td>", f);
        if (az_model_store_station(c->m, p) != AZ_NO_STATION) {
            /* a component leaves by being joined: see the stores */
            fputs("<td class=\"t\" colspan=\"5\">component: joined at "
                  "its assembly (see the component stores)</td></tr>\n", f);
            continue;
        }
        for (size_t j = 0; j < sizeof k / sizeof k[0]; j++) {
            fputs("<td>", f);
            int lead = k[j] == AZ_M_LEAD_MEAN || k[j] == AZ_M_LEAD_P90;
            pm(f, mean_of(c->s, AZ_SCOPE_PRODUCT, p, k[j]),
               half_of(c->s, AZ_SCOPE_PRODUCT, p, k[j]),
               k[j] == AZ_M_THROUGHPUT ? per_y : lead ? 1 / lu : 1);
            fputs("</td>", f);
        }
        fputs("</tr>\n", f);
    }
    fputs("</table>\n", f);
}

/* Assembly stores, one row per component; nothing without assembly. */
static void write_table_stores(FILE *f, const ctx *c)
{
    int any = 0;
    for (uint32_t p = 0; p < az_model_product_count(c->m); p++)
        any |= az_model_store_station(c->m, p) != AZ_NO_STATION;
    if (!any)
        return;
    const char *u;
    double lu = lead_unit(c, &u);
    fputs("<h2>Component stores</h2>\n<p>Components wait in their assembly "
          "station's store until a unit is joined; they are not in the work "
          "in process.</p>\n", f);
    fprintf(f, "<table><tr><th class=\"t\">component</th><th class=\"t\">"
               "station</th><th>joined</th><th>in store (units)</th>"
               "<th>most in store</th><th>wait in store (%s)</th>"
               "<th>lacking (%% of time)</th><th>scrapped with kits</th>"
               "</tr>\n", u);
    for (uint32_t p = 0; p < az_model_product_count(c->m); p++) {
        uint32_t t = az_model_store_station(c->m, p);
        if (t == AZ_NO_STATION)
            continue;
        fputs("<tr><td class=\"t\">", f);
        report_esc(f, az_model_product_name(c->m, p));
        fputs("</td><td class=\"t\">", f);
        report_esc(f, az_model_station_name(c->m, t));
        fputs("</td><td>", f);
        pm(f, mean_of(c->s, AZ_SCOPE_PRODUCT, p, AZ_M_CONSUMED),
           half_of(c->s, AZ_SCOPE_PRODUCT, p, AZ_M_CONSUMED), 1);
        static const az_metric_kind k[] = {
            AZ_M_STORE_CONTENT, AZ_M_STORE_MAX, AZ_M_STORE_WAIT,
            AZ_M_STORE_LACKING, AZ_M_SCRAPPED};
        const double scale[] = {1, 1, 1 / lu, 100, 1};
        for (size_t j = 0; j < sizeof k / sizeof k[0]; j++) {
            double mean = mean_of(c->s, AZ_SCOPE_STORE, p, k[j]);
            fputs("</td><td>", f);
            pm(f, mean, half_of(c->s, AZ_SCOPE_STORE, p, k[j]), scale[j]);
        }
        fputs("</td></tr>\n", f);
    }
    fputs("</table>\n", f);
}

static void write_table_bneck(FILE *f, const ctx *c)
{
    fputs("<table><tr><th>rank</th><th class=\"t\">station</th><th>sole bottleneck "
          "(% of time)</th><th>shifting bottleneck (% of time)</th>"
          "<th>working %</th></tr>\n", f);
    for (uint32_t i = 0; i < az_model_station_count(c->m); i++) {
        uint32_t t = c->rank[i];
        fprintf(f, "<tr><td>%u</td><td class=\"t\">", (unsigned)i + 1);
        report_esc(f, az_model_station_name(c->m, t));
        fputs("</td><td>", f);
        pm(f, mean_of(c->s, AZ_SCOPE_STATION, t, AZ_M_BN_SOLE),
           half_of(c->s, AZ_SCOPE_STATION, t, AZ_M_BN_SOLE), 100);
        fputs("</td><td>", f);
        pm(f, mean_of(c->s, AZ_SCOPE_STATION, t, AZ_M_BN_SHIFT),
           half_of(c->s, AZ_SCOPE_STATION, t, AZ_M_BN_SHIFT), 100);
        fputs("</td><td>", f);
        pm(f, mean_of(c->s, AZ_SCOPE_STATION, t, AZ_M_UTIL),
           half_of(c->s, AZ_SCOPE_STATION, t, AZ_M_UTIL), 100);
        fputs("</td></tr>\n", f);
    }
    fputs("</table>\n", f);
}

static void write_page(FILE *f, const ctx *c, const chart *ch,
                       const char *source)
{
    const az_experiment_config *cfg = az_summary_config(c->s);
    const char *u, *hu, *wu;
    double lu = lead_unit(c, &u);
    double hs = time_scale(cfg->horizon * c->tu, &hu);
    double ws = time_scale(cfg->warmup * c->tu, &wu);
    double per_h = 3600.0 / c->tu, per_y = YEAR_S / c->tu;
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<title>azalea report: ", f);
    report_esc(f, az_model_name(c->m));
    fprintf(f, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<main>\n<h1>",
            report_css);
    report_esc(f, az_model_name(c->m));
    fputs("</h1>\n<p class=\"meta\">", f);
    if (source) {
        fputs("Model ", f);
        report_esc(f, source);
        fputs(". ", f);
    }
    fprintf(f, "%u replication%s of %.4g %s each, the first %.4g %s of each "
               "dropped as warm-up, seed %llu. ",
            (unsigned)c->nrep, c->nrep == 1 ? "" : "s",
            cfg->horizon * c->tu / hs, hu, cfg->warmup * c->tu / ws, wu,
            (unsigned long long)cfg->seed);
    if (c->nrep > 1)
        fprintf(f, "Figures are means over the replications ± the half-width "
                   "of their %g %% confidence interval.</p>\n",
                100 * cfg->level);
    else
        fputs("With one replication there is no confidence interval: run "
              "more (--reps) to get one.</p>\n", f);

    /* Figures that may mislead are named before any is shown. */
    az_diagnose(c->m, c->s, html_warning, f);
    fputs("<h2>Headline figures</h2>\n<div class=\"cards\">\n", f);
    card(f, c, "throughput", "units per hour", AZ_M_THROUGHPUT, per_h);
    if (mean_of(c->s, AZ_SCOPE_SYSTEM, 0, AZ_M_THROUGHPUT_WORKING) >
        mean_of(c->s, AZ_SCOPE_SYSTEM, 0, AZ_M_THROUGHPUT) * (1 + 1e-9))
        card(f, c, "throughput", "units per working hour",
             AZ_M_THROUGHPUT_WORKING, per_h);
    card(f, c, "throughput", "units per year", AZ_M_THROUGHPUT, per_y);
    card(f, c, "units out", "after the warm-up, per replication",
         AZ_M_COMPLETED, 1);
    char unit[64];
    snprintf(unit, sizeof unit, "%s, release to exit", u);
    card(f, c, "lead time, mean", unit, AZ_M_LEAD_MEAN, 1 / lu);
    card(f, c, "lead time, P90", unit, AZ_M_LEAD_P90, 1 / lu);
    card(f, c, "work in process", "units in the line, time average", AZ_M_WIP,
         1);
    if (mean_of(c->s, AZ_SCOPE_SYSTEM, 0, AZ_M_SCRAPPED) > 0)
        card(f, c, "scrapped", "units, per replication", AZ_M_SCRAPPED, 1);
    if (az_model_station_count(c->m)) {
        uint32_t t = c->rank[0];
        fputs("<div class=\"card\"><div class=\"label\">main bottleneck</div>"
              "<div class=\"value\">", f);
        report_esc(f, az_model_station_name(c->m, t));
        fprintf(f, "</div><div class=\"unit\">bottleneck %.1f %% of the time "
                   "(sole or shifting)</div></div>\n",
                100 * az_summary_bottleneck_share(c->s, t));
    }
    fputs("</div>\n", f);

    fputs("<h2>Where machine time goes</h2>\n", f);
    figure(f, &ch[C_STATES], "Each bar splits a station's machine time "
           "(all its machines) into the seven states; the same colours mark "
           "the states in the Gantt strip below.");
    write_tables_states(f, c);

    fputs("<h2>Throughput per product</h2>\n", f);
    figure(f, &ch[C_PRODUCTS], "Units finished per year of the simulated "
           "calendar, after the warm-up; whiskers: 95 % confidence interval.");
    write_table_products(f, c);
    write_table_stores(f, c);

    fputs("<h2>Over time</h2>\n", f);
    figure(f, &ch[C_DAYS], "Replication 1 only (the others look alike but "
           "differ in detail). Shaded: the warm-up, left out of every "
           "statistic. Dashed: the mean over all replications.");
    figure(f, &ch[C_LEAD], "Replication 1 only: lead time from release into "
           "the first station to leaving the line.");

    fputs("<h2>Bottlenecks</h2>\n", f);
    figure(f, &ch[C_BNECK], "Stations ranked by the share of time they are "
           "the bottleneck (sole: the only one; shifting: handing over to "
           "another). Improving the top station raises throughput most.");
    write_table_bneck(f, c);

    fputs("<h2>A day, machine by machine</h2>\n", f);
    char cap[300];
    snprintf(cap, sizeof cap, "Replication 1: the state of every machine "
             "hour by hour during %s.", c->r.gantt_day
                 ? "the first day on which the line works (every machine is "
                   "off shift on the days before it)"
                 : "the first simulated day");
    figure(f, &ch[C_GANTT], cap);
    fprintf(f, "<footer>Made by azalea %s. Charts drawn with gnuplot.</footer>\n"
               "</main>\n</body>\n</html>\n",
            az_version());
}

int report_html(const char *path, const az_model *m, const az_summary *s,
                const char *source)
{
    const char *gnuplot = plot_program();
    if (!gnuplot)
        return 1;
    ctx c = {.m = m, .s = s, .tu = az_model_time_unit_seconds(m),
             .nrep = az_summary_replications(s)};
    chart ch[NCHART] = {{0}};
    for (int k = 0; k < NCHART; k++)
        ch[k].id = chart_id[k];
    uint32_t ns = (uint32_t)az_model_station_count(m);
    c.rank = malloc((ns ? ns : 1) * sizeof *c.rank);
    char *dir = NULL;
    int code = 1;
    if (!c.rank)
        goto out;
    for (uint32_t t = 0; t < ns; t++) { /* by score, stable */
        uint32_t j = t;
        for (; j > 0 && az_summary_bottleneck_share(s, t) >
                            az_summary_bottleneck_share(s, c.rank[j - 1]);
             j--)
            c.rank[j] = c.rank[j - 1];
        c.rank[j] = t;
    }
    if (rep_series_run(&c.r, m, az_summary_config(s)) ||
        !(dir = plot_tmpdir()))
        goto out;
    c.dir = dir;
    if (!(c.gp = data_file(&c, "report.gp")))
        goto out;
    int bad = chart_states(&c) || chart_products(&c) || chart_days(&c) ||
              chart_lead(&c) || chart_bneck(&c) || chart_gantt(&c);
    bad |= fclose(c.gp) != 0;
    if (bad) {
        fprintf(stderr, "azalea: --report: cannot write the chart data in "
                "%s\n", dir);
        goto out;
    }
    if (plot_charts(gnuplot, dir, ch, NCHART))
        goto out;
    az_outfile *o = report_open(path);
    if (!o)
        goto out;
    write_page(az_outfile_stream(o), &c, ch, source);
    if (report_commit(o))
        goto out;
    code = 0;
out:
    for (int k = 0; k < NCHART; k++)
        free(ch[k].svg);
    plot_rmdir(dir);
    rep_series_free(&c.r);
    free(c.rank);
    return code;
}
