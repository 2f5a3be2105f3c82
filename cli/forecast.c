/*
 * forecast.c: what `azalea run --initial` adds to the run's table: the
 * forecast from the state's time. Replications are futures, not samples
 * of a mean: the table gives their spread (P10, P50, P90, from
 * az_summary_quantile) beside the mean, for the units each product
 * finishes by the horizon and, with orders, when each order open at the
 * state's time completes and how often by its due date.
 *
 * An order not complete by the horizon in a replication counts as later
 * than any time ("after the horizon"); its due date is met or missed
 * only if the horizon reaches it, else that replication cannot say, and
 * the share on time is a lower bound, marked ">=".
 */
#define _DEFAULT_SOURCE /* gmtime_r */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "azalea/state.h"
#include "cli.h"

/* cli_when, with the seconds when `exact` and there are some. */
static const char *when(const az_model *m, double t, char *buf, size_t n,
                        int exact)
{
    int64_t start;
    if (isinf(t))
        return "after the horizon";
    double sec = t * az_model_time_unit_seconds(m);
    int secs = exact && fmod(floor(sec), 60) != 0;
    if (az_model_start(m, &start)) {
        time_t tt = (time_t)(start + (int64_t)floor(sec));
        struct tm tm;
        gmtime_r(&tt, &tm);
        strftime(buf, n, secs ? "%Y-%m-%d %H:%M:%S" : "%Y-%m-%d %H:%M", &tm);
    } else {
        long d = (long)floor(sec / 86400);
        double in = floor(sec - d * 86400.0);
        if (secs)
            snprintf(buf, n, "day %ld %02d:%02d:%02d", d, (int)(in / 3600),
                     (int)fmod(in / 60, 60), (int)fmod(in, 60));
        else
            snprintf(buf, n, "day %ld %02d:%02d", d, (int)(in / 3600),
                     (int)fmod(in / 60, 60));
    }
    return buf;
}

const char *cli_when(const az_model *m, double t, char *buf, size_t n)
{
    return when(m, t, buf, n, 0);
}

const char *cli_when_exact(const az_model *m, double t, char *buf, size_t n)
{
    return when(m, t, buf, n, 1);
}

void cli_forecast_text(FILE *f, const az_model *m, const az_summary *s,
                       const az_state *st)
{
    const az_experiment_config *c = az_summary_config(s);
    double t0 = az_state_time(st), end = t0 + c->horizon;
    char a[40], b[40];
    uint32_t n = az_summary_replications(s);
    fprintf(f, "\nforecast from %s", cli_when(m, t0, a, sizeof a));
    fprintf(f, " to %s, over %u replication%s (%llu units in the line at "
            "the start):\n", cli_when(m, end, b, sizeof b), (unsigned)n,
            n == 1 ? "" : "s", (unsigned long long)az_state_units(st));
    if (c->warmup > 0) /* asked for: say what the counts leave out */
        fprintf(f, "  (counted from %s: the warm-up asked for is left out)\n",
                cli_when(m, t0 + c->warmup, a, sizeof a));
    fprintf(f, "  %-24s %10s %8s %8s %8s\n", "units finished by then",
            "mean", "P10", "P50", "P90");
    size_t np = az_model_product_count(m), shown_p = 0;
    for (size_t p = 0; p <= np; p++) {
        int all = p == np;
        if (all && shown_p == 1)
            break;
        /* a component is joined, not finished: its row would be 0 */
        if (!all && az_model_store_station(m, (uint32_t)p) != AZ_NO_STATION)
            continue;
        shown_p++;
        size_t i = az_summary_metric_index(s, all ? AZ_SCOPE_SYSTEM
                                                  : AZ_SCOPE_PRODUCT,
                                           all ? 0 : (uint32_t)p,
                                           AZ_M_COMPLETED);
        fprintf(f, "  %-24s %10.1f %8.0f %8.0f %8.0f\n",
                all ? "all products" : az_model_product_name(m, p),
                az_summary_mean(s, i), az_summary_quantile(s, i, 0.1),
                az_summary_quantile(s, i, 0.5),
                az_summary_quantile(s, i, 0.9));
    }
    /* the units in the line at the start: when they are through */
    size_t ne = az_state_entries(st);
    double q[3];
    char p10[40], p50[40], p90[40];
    if (ne && !az_forecast_entry(st, s, ne, &q[0], &q[1], &q[2], NULL)) {
        fprintf(f, "  %-36s %-18s %-18s %s\n", "the units in the line now",
                "P10", "P50", "P90");
        fprintf(f, "  %-36s %-18s %-18s %s\n", "  all out by",
                cli_when(m, q[0], p10, sizeof p10), cli_when(m, q[1], p50, sizeof p50),
                cli_when(m, q[2], p90, sizeof p90));
        for (size_t k = 0; ne <= 12 && k < ne; k++) { /* a few: each */
            uint32_t x, p, cnt;
            char what[64];
            az_state_entry(st, k, &x, &p, &cnt);
            az_forecast_entry(st, s, k, &q[0], &q[1], &q[2], NULL);
            snprintf(what, sizeof what, "  %u %s at %s", (unsigned)cnt,
                     az_model_product_name(m, p), az_model_station_name(m, x));
            fprintf(f, "  %-36.36s %-18s %-18s %s\n", what,
                    cli_when(m, q[0], p10, sizeof p10),
                    cli_when(m, q[1], p50, sizeof p50),
                    cli_when(m, q[2], p90, sizeof p90));
        }
    }
    size_t no = az_model_order_count(m), shown = 0;
    for (size_t k = 0; k < no; k++) {
        az_order o;
        az_order_forecast fo;
        az_model_order(m, k, &o, NULL);
        if (az_forecast_order(st, s, k, &fo, NULL) || !fo.open)
            continue;
        if (!shown++)
            fprintf(f, "  %-12s %-18s %-18s %-18s %-18s %s\n", "order", "due",
                    "P10", "P50", "P90", "on time");
        char d[40];
        fprintf(f, "  %-12s %-18s %-18s %-18s %-18s %s%.0f %%\n", o.id,
                cli_when(m, o.due, d, sizeof d), cli_when(m, fo.p10, p10, sizeof p10),
                cli_when(m, fo.p50, p50, sizeof p50),
                cli_when(m, fo.p90, p90, sizeof p90), fo.undecided ? ">= " : "",
                100 * fo.on_time);
    }
}
