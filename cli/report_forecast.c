/*
 * report_forecast.c: the forecast section of the run report of a run
 * from a state of the shop floor (run --initial --report): a fan chart of
 * the units finished since the state's time, the band from P10 to P90 of
 * the replications and their P50, and the orders at risk, the least
 * likely on time first (az_forecast_order).
 *
 * The fan needs each replication's cumulative output through the horizon,
 * which the summary does not keep: the replications are run again with
 * the per-period series (az_sim_run_periods, FAN_PERIODS periods), each
 * with its own id, so each is the summary's, bit for bit. A forecast's
 * horizon is short, so this costs about as much as the run did. With a
 * warm-up asked for, the series cannot be kept (it counts from the start)
 * and the chart is left out, saying so.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "azalea/state.h"
#include "cli.h"
#include "report_run.h"

#define FAN_PERIODS 96

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The q-quantile of n sorted values (type 7, as az_summary_quantile). */
static double quantile(const double *v, uint32_t n, double q)
{
    double h = (n - 1) * q, lo = floor(h);
    return v[(size_t)lo] + (h - lo) * (v[(size_t)ceil(h)] - v[(size_t)lo]);
}

int report_forecast_chart(ctx *c)
{
    const az_experiment_config *cfg = az_summary_config(c->s);
    if (!cfg->initial || cfg->warmup > 0 || !c->nrep)
        return 0;
    uint32_t n = c->nrep;
    double len = cfg->horizon / FAN_PERIODS;
    double *cum = malloc((size_t)n * FAN_PERIODS * sizeof *cum);
    double *tp = malloc(FAN_PERIODS * sizeof *tp);
    double *wip = malloc(FAN_PERIODS * sizeof *wip);
    double *col = malloc((n ? n : 1) * sizeof *col);
    az_sim *sim = NULL;
    az_error err;
    int bad = !cum || !tp || !wip || !col ||
              az_sim_create(c->m, &sim, &err) ||
              az_sim_set_initial(sim, cfg->initial, &err);
    for (uint32_t r = 0; r < n && !bad; r++) {
        az_run_config rc = {cfg->horizon, 0, cfg->seed,
                            az_summary_replication_id(c->s, r), cfg->stop};
        if (az_sim_run_periods(sim, &rc, FAN_PERIODS, tp, wip, &err)) {
            fprintf(stderr, "azalea: --report: the forecast's fan: %s\n",
                    err.msg);
            bad = 1;
            break;
        }
        double sum = 0;
        for (uint32_t p = 0; p < FAN_PERIODS; p++)
            cum[(size_t)r * FAN_PERIODS + p] = sum += tp[p] * len;
    }
    FILE *d = bad ? NULL : report_data_file(c, "forecast.dat");
    const char *hu;
    double hs = time_scale(cfg->horizon * c->tu, &hu) / c->tu;
    for (uint32_t p = 0; d && p < FAN_PERIODS; p++) {
        for (uint32_t r = 0; r < n; r++)
            col[r] = cum[(size_t)r * FAN_PERIODS + p];
        qsort(col, n, sizeof *col, cmp_double);
        if (p == 0) /* the fan opens at the state's time, at 0 */
            fputs("0 0 0 0\n", d);
        fprintf(d, "%.9g %.9g %.9g %.9g\n", (p + 1) * len / hs,
                quantile(col, n, 0.1), quantile(col, n, 0.5),
                quantile(col, n, 0.9));
    }
    if (d && fclose(d))
        bad = 1;
    if (!bad) {
        fprintf(c->gp,
                "reset\n"
                "set terminal svg size 960,360 dynamic noenhanced "
                "font 'DejaVu Sans,Arial,Helvetica,sans-serif,12' "
                "background rgb 'white' name 'chart_forecast'\n"
                "set output '%s/chart-forecast.svg'\n"
                "set title 'Units finished since the state' font ',14'\n"
                "set border lc rgb '#555555'\n"
                "set key top left\n"
                "set xlabel '%s from the state'\n"
                "set ylabel 'units finished'\n"
                "set grid ytics lc rgb '#dddddd'\n"
                "plot '%s/forecast.dat' using 1:2:4 with filledcurves "
                "lc rgb '#9ecae1' title 'P10 to P90', "
                "'' using 1:3 with lines lw 2 lc rgb '#08519c' "
                "title 'P50'\n",
                c->dir, hu, c->dir);
    }
    az_sim_free(sim);
    free(cum);
    free(tp);
    free(wip);
    free(col);
    return bad;
}

/* Time t as the page shows it (cli_when). */
static void when(FILE *f, const az_model *m, double t)
{
    char buf[48];
    fputs(cli_when(m, t, buf, sizeof buf), f);
}

typedef struct risk {
    size_t order;
    az_order_forecast fo;
} risk;

static int by_risk(const void *a, const void *b)
{
    const risk *x = a, *y = b;
    if (x->fo.on_time != y->fo.on_time)
        return x->fo.on_time < y->fo.on_time ? -1 : 1;
    return (x->order > y->order) - (x->order < y->order);
}

void report_forecast_section(FILE *f, const ctx *c, const char *fan)
{
    const az_experiment_config *cfg = az_summary_config(c->s);
    const az_state *st = cfg->initial;
    fputs("<h2>Forecast from the state</h2>\n<p>From ", f);
    when(f, c->m, az_state_time(st));
    fputs(" to ", f);
    when(f, c->m, az_state_time(st) + cfg->horizon);
    fprintf(f, ", with %llu units in the line at the start. The spread of "
               "the %u replications: each is a possible future from the same "
               "state.</p>\n",
            (unsigned long long)az_state_units(st), (unsigned)c->nrep);
    if (fan)
        fprintf(f, "<figure>%s<figcaption>Units finished since the state's "
                   "time: the band holds the middle 80 %% of the "
                   "replications, the line their median.</figcaption>"
                   "</figure>\n", fan);
    else
        fputs("<p class=\"warning\">No fan chart: a warm-up was asked for, "
              "and the per-period series counts from the start.</p>\n", f);
    size_t no = az_model_order_count(c->m), nr = 0;
    risk *rk = malloc((no ? no : 1) * sizeof *rk);
    for (size_t k = 0; rk && k < no; k++)
        if (!az_forecast_order(st, c->s, k, &rk[nr].fo, NULL) &&
            rk[nr].fo.open)
            rk[nr++].order = k;
    if (rk && nr) {
        qsort(rk, nr, sizeof *rk, by_risk);
        fputs("<h3>Orders at risk</h3>\n<table id=\"orders-at-risk\">"
              "<tr><th>order</th><th>due</th><th>completion P50</th>"
              "<th>P90</th><th>on time</th></tr>\n", f);
        for (size_t i = 0; i < nr; i++) {
            az_order o;
            az_model_order(c->m, rk[i].order, &o, NULL);
            fprintf(f, "<tr%s><td>", rk[i].fo.on_time < 0.9
                                          ? " class=\"risk\""
                                          : "");
            report_esc(f, o.id);
            fputs("</td><td>", f);
            when(f, c->m, o.due);
            fputs("</td><td>", f);
            when(f, c->m, rk[i].fo.p50);
            fputs("</td><td>", f);
            when(f, c->m, rk[i].fo.p90);
            fprintf(f, "</td><td>%s%.0f %%</td></tr>\n",
                    rk[i].fo.undecided ? "&ge; " : "", 100 * rk[i].fo.on_time);
        }
        fputs("</table>\n<p>Least likely on time first; shaded: below 90 %. "
              "&ge;: some replications end before the due date with the "
              "order open.</p>\n", f);
    }
    free(rk);
}
