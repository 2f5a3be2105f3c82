/*
 * report_charts.c: the charts of the run's HTML report, as one gnuplot
 * script (report.gp) and a data file per chart in a scratch directory;
 * report_plot.c runs gnuplot on them and report_html.c puts the SVGs in
 * the page. Each chart_* writes its data, then its commands; a machine
 * state has one colour in every chart (report_run.h).
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_run.h"

/* A name for gnuplot's data files and strings: no quotes. */
static void gp_name(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++)
        fputc(*s == '"' || *s == '\\' ? '\'' : *s, f);
    fputc('"', f);
}

FILE *report_data_file(const ctx *c, const char *name)
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
    FILE *f = report_data_file(c, "states.dat");
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
    FILE *f = report_data_file(c, "products.dat");
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
    FILE *f = report_data_file(c, "days.dat");
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
    FILE *f = report_data_file(c, "lead.dat");
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
    FILE *f = report_data_file(c, "bneck.dat");
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
    FILE *f = report_data_file(c, "gantt.dat");
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

/* Orders: each order's mean completion against its due date, with its
 * confidence interval; above the diagonal is late. */
static int chart_orders(ctx *c)
{
    uint32_t n = (uint32_t)az_model_order_count(c->m);
    double last = 0;
    for (uint32_t i = 0; i < n; i++) {
        az_order o;
        if (!az_model_order(c->m, i, &o, NULL) && o.due > last)
            last = o.due;
        double done = mean_of(c->s, AZ_SCOPE_ORDER, i, AZ_M_COMPLETION);
        if (isfinite(done) && done > last)
            last = done;
    }
    const char *un;
    double k = time_scale(last * c->tu, &un) / c->tu; /* model units each */
    FILE *f = report_data_file(c, "orders.dat");
    if (!f)
        return 1;
    for (uint32_t i = 0; i < n; i++) {
        az_order o;
        size_t j = az_summary_metric_index(c->s, AZ_SCOPE_ORDER, i,
                                           AZ_M_COMPLETION);
        if (az_model_order(c->m, i, &o, NULL) || j == (size_t)-1 ||
            !az_summary_count(c->s, j))
            continue; /* never complete: nothing to draw */
        double mu = az_summary_mean(c->s, j), h = az_summary_halfwidth(c->s, j);
        if (!isfinite(h))
            h = 0;
        double late = mean_of(c->s, AZ_SCOPE_ORDER, i, AZ_M_TARDINESS);
        fprintf(f, "%.6g %.6g %.6g %.6g %d\n", o.due / k, mu / k,
                (mu - h) / k, (mu + h) / k, late > 0);
    }
    if (fclose(f))
        return 1;
    gp_begin(c, C_ORDERS, 520,
             "Orders: completion against due date (mean with its 95 % "
             "confidence interval)");
    fprintf(c->gp,
            "set xlabel 'due date (%s from the start)'\n"
            "set ylabel 'completion (%s from the start)'\n"
            "set xrange [0:%.6g]\nset yrange [0:%.6g]\n"
            "set grid lc rgb '#dddddd'\n"
            "set key outside bottom center horizontal\n"
            "plot x with lines dt 2 lw 1.5 lc rgb '#555555' "
            "title 'due date: above it is late', \\\n"
            "     '%s/orders.dat' using 1:($5==0?$2:1/0):3:4 with yerrorbars "
            "pt 7 ps 0.6 lc rgb '#2e7d32' title 'on time', \\\n"
            "     '' using 1:($5>0?$2:1/0):3:4 with yerrorbars pt 7 ps 0.6 "
            "lc rgb '#c0392b' title 'late'\n",
            un, un, last / k * 1.05, last / k * 1.05, c->dir);
    return 0;
}

/* Orders day by day: the backlog at each day's end and the plan
 * adherence of the units due that day. */
static int chart_order_days(ctx *c)
{
    FILE *f = report_data_file(c, "order_days.dat");
    if (!f)
        return 1;
    uint32_t d = 0;
    for (; az_summary_metric_index(c->s, AZ_SCOPE_DAY, d, AZ_M_ADHERENCE) !=
           (size_t)-1;
         d++) {
        double b = mean_of(c->s, AZ_SCOPE_DAY, d, AZ_M_ORDER_BACKLOG);
        size_t j = az_summary_metric_index(c->s, AZ_SCOPE_DAY, d,
                                           AZ_M_ADHERENCE);
        double a = az_summary_count(c->s, j) ? az_summary_mean(c->s, j) : NAN;
        fprintf(f, "%u %.6g %.6g\n", (unsigned)d, isfinite(b) ? b : 0,
                isfinite(a) ? 100 * a : -1);
    }
    if (fclose(f))
        return 1;
    gp_begin(c, C_ORDER_DAYS, 560,
             "Orders day by day: backlog and plan adherence");
    fprintf(c->gp,
            "set multiplot layout 2,1 title 'Orders day by day: backlog and "
            "plan adherence' font ',14'\n"
            "unset title\nset xrange [0:%u]\n"
            "set grid ytics lc rgb '#dddddd'\n"
            "set key outside top center horizontal\nset lmargin 12\n"
            "set ylabel 'units'\nset yrange [0:*]\n"
            "plot '%s/order_days.dat' using ($1+0.5):2:(0.8) with boxes "
            "lc rgb '#4a78b5' title 'order units released and not out at "
            "the day''s end (mean)'\n"
            "set ylabel '%%'\nset yrange [0:105]\n"
            "set xlabel 'day of the run'\n"
            "plot '%s/order_days.dat' using ($1+0.5):($3>=0?$3:1/0) with "
            "linespoints pt 7 ps 0.5 lw 1.5 lc rgb '#2e7d32' title 'units "
            "due that day done by their due date (mean)'\n"
            "unset multiplot\n",
            d ? (unsigned)d : 1u, c->dir, c->dir);
    return 0;
}

int report_charts(ctx *c)
{
    return chart_states(c) || chart_products(c) || chart_days(c) ||
           chart_lead(c) || chart_bneck(c) || chart_gantt(c) ||
           (az_model_order_count(c->m) &&
            (chart_orders(c) || chart_order_days(c)));
}
