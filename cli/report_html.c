/*
 * report_html.c: the one-file HTML report of `azalea run --report FILE`:
 * the line diagram coloured by utilisation, headline figures with
 * confidence intervals, where machine time goes, throughput per product,
 * replication 1 day by day, its lead times, the bottleneck ranking and a
 * Gantt strip of its first day. The page needs nothing but itself: CSS
 * inline, charts as inline SVG drawn by gnuplot (the diagram by Graphviz's
 * dot, draw.c), no script. A machine state has one colour in every chart.
 * This file writes the page; report_charts.c draws the charts.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "azalea/diagnose.h"
#include "azalea/output.h"
#include "azalea/version.h"
#include "report_run.h"

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
    "footer{color:#777;font-size:12px;margin-top:32px}\n"
    ".diagram.wide{overflow-x:auto}\n"
    ".diagram.wide svg{width:auto;max-width:none}\n"
    ".legend{font-size:12px;color:#444;margin:4px 8px}\n"
    ".legend span{white-space:nowrap;margin-right:12px}\n";

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

/* The orders' section: the overall figures, the two charts, and a table
 * of the first orders (all of them are in --json and --csv). */
static void write_orders(FILE *f, const ctx *c, const chart *ch)
{
    enum { SHOWN = 100 };
    const char *u;
    double lu = lead_unit(c, &u);
    fputs("<h2>Orders</h2>\n<div class=\"cards\">\n", f);
    card(f, c, "orders on time", "%, of the orders decided", AZ_M_ON_TIME,
         100);
    card(f, c, "units on time", "%, done by their order's due date",
         AZ_M_UNITS_ON_TIME, 100);
    char unit[64];
    snprintf(unit, sizeof unit, "%s, mean over the complete orders", u);
    card(f, c, "tardiness", unit, AZ_M_TARDINESS, 1 / lu);
    card(f, c, "flow time", unit, AZ_M_FLOW_TIME, 1 / lu);
    card(f, c, "orders open", "not complete at the end", AZ_M_ORDERS_OPEN, 1);
    fputs("</div>\n", f);
    figure(f, &ch[0], "Each point is an order: its mean completion over the "
           "replications against its due date; whiskers: 95 % confidence "
           "interval. Points above the dashed diagonal are late.");
    figure(f, &ch[1], "Top: units of orders released and not yet out of "
           "the line at each day's end. Bottom: of the units due that day, "
           "the share done by their due date.");
    size_t n = az_model_order_count(c->m);
    fprintf(f, "<table><tr><th>order</th><th>product</th><th>quantity</th>"
               "<th>due (%s)</th><th>completion (%s)</th><th>tardiness "
               "(%s)</th><th>on time %%</th></tr>\n", u, u, u);
    for (uint32_t i = 0; i < n && i < SHOWN; i++) {
        az_order o;
        if (az_model_order(c->m, i, &o, NULL))
            break;
        fputs("<tr><td>", f);
        report_esc(f, o.id);
        fputs("</td><td>", f);
        report_esc(f, az_model_product_name(c->m, o.product));
        fprintf(f, "</td><td>%u</td><td>%.4g</td><td>", (unsigned)o.quantity,
                o.due / lu);
        static const az_metric_kind k[] = {AZ_M_COMPLETION, AZ_M_TARDINESS,
                                           AZ_M_ON_TIME};
        static const double scale_on = 100;
        for (int j = 0; j < 3; j++) {
            size_t x = az_summary_metric_index(c->s, AZ_SCOPE_ORDER, i, k[j]);
            if (x == (size_t)-1 || !az_summary_count(c->s, x))
                fputs("-", f);
            else
                pm(f, az_summary_mean(c->s, x), az_summary_halfwidth(c->s, x),
                   j == 2 ? scale_on : 1 / lu);
            fputs(j < 2 ? "</td><td>" : "</td></tr>\n", f);
        }
    }
    fputs("</table>\n", f);
    if (n > SHOWN)
        fprintf(f, "<p>The first %d of %zu orders; every order is in the "
                   "JSON (--json) and CSV (--csv, orders.csv) results.</p>\n",
                SHOWN, n);
}

/* Wider than this (in CSS pixels) the diagram keeps its size and
 * scrolls, rather than shrink below legibility. */
#define DIAGRAM_FIT_PX 2000

/* The line diagram at the top of the page: dot's SVG, its legend and what
 * it shows; or why it is missing. */
static void write_diagram(FILE *f, const char *svg,
                          const az_draw_info *info)
{
    fputs("<h2>The line</h2>\n", f);
    if (!svg) {
        fputs("<p class=\"warning\">No line diagram: Graphviz's dot could "
              "not draw it (see the messages of the run).</p>\n", f);
        return;
    }
    const char *w = strstr(svg, "width=\"");
    int wide = (w ? strtod(w + 7, NULL) : 0) * 4 / 3 > DIAGRAM_FIT_PX;
    fprintf(f, "<figure class=\"diagram%s\">\n%s\n", wide ? " wide" : "",
            svg);
    static const double band[] = {0.25, 0.6, 0.8, 0.9, 1};
    static const char *const label[] = {"below 50 %", "50-70 %", "70-85 %",
                                        "85-95 %", "95 % and above"};
    fputs("<div class=\"legend\">Working share of machine time: ", f);
    for (size_t k = 0; k < sizeof band / sizeof band[0]; k++)
        fprintf(f, "<span><span class=\"swatch\" style=\"background:%s;"
                   "border:1px solid #999\"></span>%s</span>",
                az_draw_colour(band[k]), label[k]);
    fputs("</div>\n<figcaption>", f);
    if (wide)
        fputs("The line is wider than the page: scroll sideways to follow "
              "it. ", f);
    if (info->summary) {
        report_esc(f, info->note);
        fputs(" ", f);
    }
    fputs("Stations are filled by the share of time their machines work; "
          "the bottleneck has a red border and its share of the time as the "
          "bottleneck (active-period method, sole or shifting); each buffer "
          "shows its mean content / its capacity. Shapes: a box is a "
          "station (×N machines), a 3-D box a batch oven, a hexagon a test "
          "with its yield, a folder packaging, a trapezium an assembly whose "
          "components' routes join in blue, a cylinder a buffer, an arrow "
          "shape a conveyor; dashed orange: rework and back to the test, "
          "dotted red: scrap.</figcaption>\n</figure>\n", f);
}

static void write_page(FILE *f, const ctx *c, const chart *ch,
                       const char *source, const char *diagram,
                       const az_draw_info *info)
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
    write_diagram(f, diagram, info);
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
    if (cfg->initial)
        report_forecast_section(f, c, c->fan);

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

    if (az_model_order_count(c->m))
        write_orders(f, c, &ch[C_ORDERS]);

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
    fprintf(f, "<footer>Made by azalea %s. Charts drawn with gnuplot, the "
               "line laid out by Graphviz.</footer>\n"
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
    char *dir = NULL, *diagram = NULL;
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
    if (!(c.gp = report_data_file(&c, "report.gp")))
        goto out;
    int bad = report_charts(&c) || report_forecast_chart(&c);
    bad |= fclose(c.gp) != 0;
    if (bad) {
        fprintf(stderr, "azalea: --report: cannot write the chart data in "
                "%s\n", dir);
        goto out;
    }
    if (plot_charts(gnuplot, dir, ch, (size_t)report_nchart(m)))
        goto out;
    if (az_summary_config(s)->initial) { /* drawn with the others */
        char fp[4096];
        snprintf(fp, sizeof fp, "%s/chart-forecast.svg", dir);
        char *fraw = plot_slurp(fp);
        c.fan = fraw ? plot_inline_svg(fraw, "chart-forecast") : NULL;
        free(fraw);
    }
    /* Without dot the page still has every figure: the diagram is missed,
     * not worth losing a long run's report for. */
    const char *dot = draw_program("--report");
    az_draw_info info = {0};
    char *raw = NULL;
    if (dot && !draw_svg("--report", dot, m, s, &raw, &info))
        diagram = plot_inline_svg(raw, "diagram");
    free(raw);
    if (!diagram)
        fprintf(stderr, "azalea: warning: --report: the report has no line "
                "diagram\n");
    else if (info.summary)
        fprintf(stderr, "azalea: --report: %s\n", info.note);
    az_outfile *o = report_open(path);
    if (!o)
        goto out;
    write_page(az_outfile_stream(o), &c, ch, source, diagram, &info);
    if (report_commit(o))
        goto out;
    code = 0;
out:
    free(diagram);
    free(c.fan);
    for (int k = 0; k < NCHART; k++)
        free(ch[k].svg);
    plot_rmdir(dir);
    rep_series_free(&c.r);
    free(c.rank);
    return code;
}
