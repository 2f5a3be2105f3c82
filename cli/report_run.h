/*
 * report_run.h: what the run's HTML report (report_html.c: the page) and
 * its charts (report_charts.c: gnuplot scripts and data) share: the report
 * context, the chart list, one colour and label per machine state, and the
 * lookups of a summary's figures. cli/ only.
 */
#ifndef AZALEA_CLI_REPORT_RUN_H
#define AZALEA_CLI_REPORT_RUN_H

#include <math.h>
#include <stdio.h>

#include "report.h"

#define YEAR_S (365.0 * 24 * 3600)

static const char *const state_colour[AZ_MS_COUNT] = {
    [AZ_MS_WORKING] = "#2e7d32",       [AZ_MS_SETUP] = "#8e44ad",
    [AZ_MS_STARVED] = "#f1c40f",       [AZ_MS_BLOCKED] = "#e67e22",
    [AZ_MS_FAILED] = "#c0392b",        [AZ_MS_WAIT_OPERATOR] = "#2e86c1",
    [AZ_MS_OFF_SHIFT] = "#b3b3b3",     [AZ_MS_MAINTENANCE] = "#5d4037"};
static const char *const state_label[AZ_MS_COUNT] = {
    [AZ_MS_WORKING] = "working",       [AZ_MS_SETUP] = "setup",
    [AZ_MS_STARVED] = "starved",       [AZ_MS_BLOCKED] = "blocked",
    [AZ_MS_FAILED] = "failed",         [AZ_MS_WAIT_OPERATOR] = "waiting for operator",
    [AZ_MS_OFF_SHIFT] = "off shift",   [AZ_MS_MAINTENANCE] = "maintenance"};
/* The order of the stacks, as the issue and the terminal table give it. */
static const az_machine_state state_order[AZ_MS_COUNT] = {
    AZ_MS_WORKING, AZ_MS_SETUP, AZ_MS_STARVED, AZ_MS_BLOCKED,
    AZ_MS_FAILED, AZ_MS_MAINTENANCE, AZ_MS_WAIT_OPERATOR, AZ_MS_OFF_SHIFT};
static const az_metric_kind state_metric[AZ_MS_COUNT] = {
    [AZ_MS_WORKING] = AZ_M_UTIL,     [AZ_MS_SETUP] = AZ_M_SETUP,
    [AZ_MS_STARVED] = AZ_M_IDLE,     [AZ_MS_BLOCKED] = AZ_M_BLOCKED,
    [AZ_MS_FAILED] = AZ_M_DOWN,      [AZ_MS_WAIT_OPERATOR] = AZ_M_WAIT_OP,
    [AZ_MS_OFF_SHIFT] = AZ_M_OFF,    [AZ_MS_MAINTENANCE] = AZ_M_MAINT};

/* The orders' charts come last, and only for a model with orders
 * (report_nchart). */
enum { C_STATES, C_PRODUCTS, C_DAYS, C_LEAD, C_BNECK, C_GANTT, C_ORDERS,
       C_ORDER_DAYS, NCHART };
static const char *const chart_id[NCHART] = {
    "chart-states", "chart-products", "chart-days",
    "chart-leadtime", "chart-bottleneck", "chart-gantt", "chart-orders",
    "chart-order-days"};

/* The charts a report of model m draws. */
static inline int report_nchart(const az_model *m)
{
    return az_model_order_count(m) ? NCHART : C_ORDERS;
}

typedef struct ctx {
    const az_model *m;
    const az_summary *s;
    const char *dir;
    FILE *gp;          /* the gnuplot script */
    rep_series r;
    double tu;         /* seconds per model time unit */
    uint32_t nrep;
    uint32_t *rank;    /* stations by bottleneck score */
    char *fan;         /* a run from a state: the forecast's fan chart
                        * (inline SVG), or NULL */
} ctx;

/* report_forecast.c: a run from a state (--initial): its fan chart's data
 * and gnuplot commands into c->gp (none with a warm-up), 0 or 1 having
 * said why; its section of the page, after the headline figures. */
int report_forecast_chart(ctx *c);
void report_forecast_section(FILE *f, const ctx *c, const char *fan);

static inline double mean_of(const az_summary *s, az_scope sc, uint32_t o,
                      az_metric_kind k)
{
    size_t i = az_summary_metric_index(s, sc, o, k);
    return i == (size_t)-1 ? 0 : az_summary_mean(s, i);
}

static inline double half_of(const az_summary *s, az_scope sc, uint32_t o,
                      az_metric_kind k)
{
    size_t i = az_summary_metric_index(s, sc, o, k);
    return i == (size_t)-1 ? INFINITY : az_summary_halfwidth(s, i);
}

/* A readable unit for durations around `sec` seconds: its name and length. */
static inline double time_scale(double sec, const char **name)
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

/* The unit of every lead time in the report, chosen from the mean lead
 * time: model time units per display unit, and its name. */
static inline double lead_unit(const ctx *c, const char **name)
{
    double lead = mean_of(c->s, AZ_SCOPE_SYSTEM, 0, AZ_M_LEAD_MEAN);
    return time_scale(lead * c->tu, name) / c->tu;
}

/* A data file in the report's scratch directory, open for writing; NULL
 * after saying why. */
FILE *report_data_file(const ctx *c, const char *name);
/* Writes every chart's gnuplot commands to c->gp and its data beside it;
 * nonzero if a file could not be written. */
int report_charts(ctx *c);

#endif
