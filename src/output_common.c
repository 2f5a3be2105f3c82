/*
 * output_common.c: the statistics the CSV and SQLite writers report,
 * computed once so the two (and the JSON) agree to the last bit.
 */
#include "output_impl.h"
#include "util/date.h"

#include <math.h>
#include <stdio.h>

#define YEAR_S (365.0 * 24 * 3600)

size_t azi_out_stats(const az_model *m, const az_summary *s, size_t i,
                     azi_out_stat out[3])
{
    az_metric mt = az_summary_metric(s, i);
    out[0] = (azi_out_stat){i, 1, az_metric_kind_name(mt.kind)};
    double unit = az_model_time_unit_seconds(m);
    if (mt.kind == AZ_M_THROUGHPUT_WORKING) {
        out[1] = (azi_out_stat){i, 3600.0 / unit,
                                "throughput_per_working_hour"};
        return 2;
    }
    if (mt.kind != AZ_M_THROUGHPUT)
        return 1;
    out[1] = (azi_out_stat){i, 3600.0 / unit, "throughput_per_hour"};
    out[2] = (azi_out_stat){i, YEAR_S / unit, "throughput_per_year"};
    return 3;
}

void azi_out_ci95(const az_summary *s, const azi_out_stat *st, double *mean,
                  double *lo, double *hi)
{
    /* The same operations as output_json.c's stat(), so the files agree
     * exactly. */
    double m = az_summary_mean(s, st->i) * st->k;
    double h = az_summary_halfwidth_at(s, st->i, 0.95) * fabs(st->k);
    *mean = isfinite(m) ? m : NAN;
    *lo = isfinite(h) && isfinite(m - h) ? m - h : NAN;
    *hi = isfinite(h) && isfinite(m + h) ? m + h : NAN;
}

uint32_t azi_out_periods(const az_summary *s, az_scope scope)
{
    uint32_t n = 0;
    while (az_summary_metric_index(s, scope, n, AZ_M_ADHERENCE) != (size_t)-1)
        n++;
    return n;
}

const char *azi_out_scope_name(az_scope scope)
{
    switch (scope) {
    case AZ_SCOPE_SYSTEM: return "system";
    case AZ_SCOPE_PRODUCT: return "product";
    case AZ_SCOPE_STATION: return "station";
    case AZ_SCOPE_POOL: return "pool";
    case AZ_SCOPE_STORE: return "store";
    case AZ_SCOPE_ORDER: return "order";
    case AZ_SCOPE_DAY: return "day";
    case AZ_SCOPE_WEEK: return "week";
    case AZ_SCOPE_INITIAL: return "initial";
    }
    return "?";
}

const char *azi_out_object_name(const az_model *m, az_scope scope,
                                uint32_t object, char *buf)
{
    az_order o;
    switch (scope) {
    case AZ_SCOPE_SYSTEM: return az_model_name(m);
    case AZ_SCOPE_PRODUCT: return az_model_product_name(m, object);
    case AZ_SCOPE_STATION: return az_model_station_name(m, object);
    case AZ_SCOPE_POOL: return az_model_pool_name(m, object);
    case AZ_SCOPE_STORE: return az_model_product_name(m, object);
    case AZ_SCOPE_ORDER:
        return az_model_order(m, object, &o, NULL) ? "?" : o.id;
    case AZ_SCOPE_DAY:
    case AZ_SCOPE_WEEK: {
        /* with a start date: the date the day (or week) begins */
        int64_t t0;
        if (az_model_start(m, &t0)) {
            int64_t d = (int64_t)object * (scope == AZ_SCOPE_DAY ? 1 : 7);
            return azi_date_day(t0 - azi_date_clock(t0) + d * 86400, buf,
                                AZI_OUT_NAME_MAX);
        }
        snprintf(buf, AZI_OUT_NAME_MAX, "%s %u",
                 scope == AZ_SCOPE_DAY ? "day" : "week", (unsigned)object);
        return buf;
    }
    case AZ_SCOPE_INITIAL: /* the state's unit entries, 1-based as in the
                            * file, then all of them */
        if (object == UINT32_MAX)
            return "all";
        snprintf(buf, AZI_OUT_NAME_MAX, "entry %u", (unsigned)object + 1);
        return buf;
    }
    return "?";
}
