/*
 * metrics.c: what a run reports. The layout (azi_metrics_layout, built
 * once at az_sim_create) lists every metric as (scope, object, kind), in
 * blocks: the system's, then each product's, each station's, each pool's,
 * each store's, each block in a fixed order of kinds (the *_kinds tables
 * below). Invariant: the layout is sorted by (scope, object), so
 * az_metric_find is a binary search for the object's block and a short
 * scan for its kind; the results array has one value per entry, filled at
 * END (azi_metrics_collect) and NaN where a value is missing (a mean of
 * nothing), never 0.
 *
 * Machine-state shares are each state's time over the window, summed over
 * the station's machines (engine.h, machine_rt.in_state, brought up to the
 * end for the current state); the starved share is the rest, so the shares
 * add to 1. Growth: content areas at one, two and three thirds of the
 * window (EV_THIRD, azi_metrics_areas), at whole calendar cycles so that
 * shifts and plans do not read as growth (azi_metrics_third_length); a
 * line that keeps up has flat thirds.
 */
#include <math.h>
#include <string.h>
#include <stdlib.h>

#include "engine/engine.h"
#include "stats_impl.h"
#include "util/alloc.h"

/* ---- metric layout ---- */
static const az_metric_kind sys_kinds[] = {
    AZ_M_RELEASED, AZ_M_COMPLETED, AZ_M_SCRAPPED, AZ_M_CARTONS,
    AZ_M_THROUGHPUT, AZ_M_WIP, AZ_M_IN_STORES, AZ_M_LEAD_MEAN,
    AZ_M_LEAD_P50, AZ_M_LEAD_P90, AZ_M_LEAD_P95, AZ_M_LEAD_P99,
    AZ_M_GROWTH, AZ_M_BACKLOG, AZ_M_BACKLOG_GROWTH, AZ_M_STALLED,
    AZ_M_THROUGHPUT_WORKING};
static const az_metric_kind prod_kinds[] = {
    AZ_M_RELEASED, AZ_M_COMPLETED, AZ_M_SCRAPPED, AZ_M_REWORKS,
    AZ_M_CONSUMED, AZ_M_CARTONS, AZ_M_THROUGHPUT, AZ_M_LEAD_MEAN,
    AZ_M_LEAD_P90};
static const az_metric_kind st_kinds[] = {
    AZ_M_UTIL, AZ_M_SETUP, AZ_M_BLOCKED, AZ_M_DOWN, AZ_M_MAINT, AZ_M_WAIT_OP,
    AZ_M_OFF, AZ_M_IDLE, AZ_M_OEE, AZ_M_BN_SOLE, AZ_M_BN_SHIFT, AZ_M_NUMBER,
    AZ_M_QUEUE_MAX, AZ_M_QUEUE, AZ_M_TIME, AZ_M_WAIT, AZ_M_VISITS,
    AZ_M_GROWTH, AZ_M_AVAILABILITY, AZ_M_PERFORMANCE, AZ_M_QUALITY,
    AZ_M_WAIT_PARTS, AZ_M_IN_PROCESS, AZ_M_BN_TIED};
static const az_metric_kind store_kinds[] = {
    AZ_M_STORE_CONTENT, AZ_M_STORE_MAX, AZ_M_STORE_WAIT, AZ_M_STORE_LACKING,
    AZ_M_SCRAPPED, AZ_M_GROWTH};
/* With orders only: appended to the system's block, then blocks per
 * order, day and week after the stores. */
static const az_metric_kind order_sys_kinds[AZI_ORDER_SYS_KINDS] = {
    AZ_M_ON_TIME, AZ_M_UNITS_ON_TIME, AZ_M_TARDINESS, AZ_M_FLOW_TIME,
    AZ_M_ORDERS_OPEN};
static const az_metric_kind order_kinds[AZI_ORDER_KINDS] = {
    AZ_M_COMPLETION, AZ_M_FLOW_TIME, AZ_M_TARDINESS, AZ_M_ON_TIME,
    AZ_M_COMPLETED};
static const az_metric_kind day_kinds[AZI_DAY_KINDS] = {
    AZ_M_ORDER_BACKLOG, AZ_M_ADHERENCE};
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

const char *az_metric_kind_name(az_metric_kind k)
{
    switch (k) {
    case AZ_M_RELEASED: return "released";
    case AZ_M_COMPLETED: return "completed";
    case AZ_M_SCRAPPED: return "scrapped";
    case AZ_M_REWORKS: return "reworks";
    case AZ_M_CONSUMED: return "consumed";
    case AZ_M_CARTONS: return "cartons";
    case AZ_M_THROUGHPUT: return "throughput";
    case AZ_M_WIP: return "wip";
    case AZ_M_LEAD_MEAN: return "lead_time_mean";
    case AZ_M_LEAD_P50: return "lead_time_p50";
    case AZ_M_LEAD_P90: return "lead_time_p90";
    case AZ_M_LEAD_P95: return "lead_time_p95";
    case AZ_M_LEAD_P99: return "lead_time_p99";
    case AZ_M_UTIL: return "utilisation";
    case AZ_M_BLOCKED: return "blocked";
    case AZ_M_SETUP: return "setup";
    case AZ_M_DOWN: return "failed";
    case AZ_M_MAINT: return "maintenance";
    case AZ_M_IDLE: return "starved";
    case AZ_M_WAIT_OP: return "waiting_operator";
    case AZ_M_OFF: return "off_shift";
    case AZ_M_OEE: return "oee";
    case AZ_M_BN_SOLE: return "bottleneck_sole";
    case AZ_M_BN_SHIFT: return "bottleneck_shifting";
    case AZ_M_BN_TIED: return "bottleneck_tied";
    case AZ_M_NUMBER: return "number_in_station";
    case AZ_M_QUEUE: return "queue_length";
    case AZ_M_QUEUE_MAX: return "queue_max";
    case AZ_M_TIME: return "time_in_station";
    case AZ_M_WAIT: return "wait_in_queue";
    case AZ_M_VISITS: return "visit_rate";
    case AZ_M_IN_STORES: return "in_stores";
    case AZ_M_STORE_CONTENT: return "store_content";
    case AZ_M_STORE_MAX: return "store_content_max";
    case AZ_M_STORE_WAIT: return "store_wait";
    case AZ_M_STORE_LACKING: return "store_lacking";
    case AZ_M_STALLED: return "stalled_at";
    case AZ_M_THROUGHPUT_WORKING: return "throughput_working";
    case AZ_M_AVAILABILITY: return "availability";
    case AZ_M_PERFORMANCE: return "performance";
    case AZ_M_QUALITY: return "quality";
    case AZ_M_WAIT_PARTS: return "waiting_components";
    case AZ_M_IN_PROCESS: return "in_process";
    case AZ_M_GROWTH: return "growth";
    case AZ_M_BACKLOG: return "release_backlog";
    case AZ_M_BACKLOG_GROWTH: return "release_backlog_growth";
    case AZ_M_COMPLETION: return "completion";
    case AZ_M_FLOW_TIME: return "flow_time";
    case AZ_M_TARDINESS: return "tardiness";
    case AZ_M_ON_TIME: return "on_time";
    case AZ_M_UNITS_ON_TIME: return "units_on_time";
    case AZ_M_ORDERS_OPEN: return "orders_open";
    case AZ_M_ORDER_BACKLOG: return "order_backlog";
    case AZ_M_ADHERENCE: return "plan_adherence";
    }
    return "?";
}

/* Stores come last, by component product (az_scope's order). */
uint32_t azi_metrics_store_count(const az_sim *s)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < s->nstation; i++)
        n += s->st[i].ncomp;
    return n;
}

az_status azi_metrics_layout(az_sim *s)
{
    s->nmetric = COUNT(sys_kinds) + s->nproduct * COUNT(prod_kinds) +
                 s->nstation * COUNT(st_kinds) + s->npool +
                 azi_metrics_store_count(s) * COUNT(store_kinds);
    if (s->nord)
        s->nmetric += COUNT(order_sys_kinds) +
                      (size_t)s->nord * COUNT(order_kinds) +
                      (size_t)s->nday * COUNT(day_kinds) + s->nweek;
    if (s->init) /* a run from a state: its entries' completions */
        s->nmetric += (size_t)s->nentry + 1;
    /* again when the sim's state changes (initial.c): the new arrays
     * first, so that running out of memory leaves the old ones whole */
    az_metric *lay = azi_malloc(s->nmetric * sizeof *lay);
    double *res = azi_calloc(s->nmetric, sizeof *res);
    if (!lay || !res) {
        free(lay);
        free(res);
        s->nmetric = s->layout ? s->nmetric_laid : 0;
        return AZ_ENOMEM;
    }
    free(s->layout);
    free(s->results);
    s->layout = lay;
    s->results = res;
    s->nmetric_laid = s->nmetric;
    size_t k = 0;
    for (size_t i = 0; i < COUNT(sys_kinds); i++)
        s->layout[k++] = (az_metric){AZ_SCOPE_SYSTEM, 0, sys_kinds[i]};
    for (size_t i = 0; s->nord && i < COUNT(order_sys_kinds); i++)
        s->layout[k++] = (az_metric){AZ_SCOPE_SYSTEM, 0, order_sys_kinds[i]};
    for (uint32_t p = 0; p < s->nproduct; p++)
        for (size_t i = 0; i < COUNT(prod_kinds); i++)
            s->layout[k++] = (az_metric){AZ_SCOPE_PRODUCT, p, prod_kinds[i]};
    for (uint32_t t = 0; t < s->nstation; t++)
        for (size_t i = 0; i < COUNT(st_kinds); i++)
            s->layout[k++] = (az_metric){AZ_SCOPE_STATION, t, st_kinds[i]};
    for (uint32_t p = 0; p < s->npool; p++)
        s->layout[k++] = (az_metric){AZ_SCOPE_POOL, p, AZ_M_UTIL};
    for (uint32_t p = 0; p < s->nproduct; p++)
        if (az_model_store_station(s->model, p) != AZ_NO_STATION)
            for (size_t i = 0; i < COUNT(store_kinds); i++)
                s->layout[k++] = (az_metric){AZ_SCOPE_STORE, p,
                                             store_kinds[i]};
    for (uint32_t o = 0; o < s->nord; o++)
        for (size_t i = 0; i < COUNT(order_kinds); i++)
            s->layout[k++] = (az_metric){AZ_SCOPE_ORDER, o, order_kinds[i]};
    for (uint32_t d = 0; s->nord && d < s->nday; d++)
        for (size_t i = 0; i < COUNT(day_kinds); i++)
            s->layout[k++] = (az_metric){AZ_SCOPE_DAY, d, day_kinds[i]};
    for (uint32_t w = 0; s->nord && w < s->nweek; w++)
        s->layout[k++] = (az_metric){AZ_SCOPE_WEEK, w, AZ_M_ADHERENCE};
    for (uint32_t e = 0; s->init && e <= s->nentry; e++)
        s->layout[k++] = (az_metric){AZ_SCOPE_INITIAL,
                                     e < s->nentry ? e : UINT32_MAX,
                                     AZ_M_COMPLETION};
    return AZ_OK;
}

size_t az_sim_metric_count(const az_sim *s) { return s->nmetric; }

az_metric az_sim_metric(const az_sim *s, size_t i) { return s->layout[i]; }

const double *az_sim_results(const az_sim *s) { return s->results; }

uint64_t az_sim_events(const az_sim *s) { return s->events; }

az_flow az_sim_flow(const az_sim *s)
{
    uint64_t nfree = 0;
    for (uint32_t u = s->free_head; u != NONE; u = s->units[u].next)
        nfree++;
    /* A unit a source holds back (for room or its WIP cap) has not been
     * released yet. */
    for (uint32_t i = 0; i < s->nsource; i++) {
        const source_rt *so = &s->src[i];
        nfree += so->held != NONE;
        for (uint32_t k = 0; so->multi && k < so->nprods; k++)
            nfree += so->hold[so->prods[k]] != NONE;
    }
    /* Components in assembly stores are inside the line, though their
     * units went back to the pool when they were stored; they count as
     * consumed when a machine joins them. */
    uint64_t stored = 0;
    for (uint32_t i = 0; i < s->nstation; i++)
        for (uint32_t j = 0; j < s->st[i].ncomp; j++)
            stored += s->stc[i].store[j].have;
    az_flow f = {s->released_all, s->completed_all, s->scrapped_all,
                 s->consumed_all, s->nunit_cap - nfree + stored};
    return f;
}

/* Layouts are ordered by (scope, object) (azi_metrics_layout makes them so), so
 * a binary search finds the object's block and a short scan its kind: the
 * report looks up every metric of every station, and a linear search made
 * that quadratic in the model's size. */
size_t az_metric_find(const az_metric *layout, size_t n, az_scope scope,
                      uint32_t object, az_metric_kind kind)
{
    size_t lo = 0, hi = n; /* first entry not before (scope, object) */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const az_metric *m = &layout[mid];
        if (m->scope < scope || (m->scope == scope && m->object < object))
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t i = lo;
         i < n && layout[i].scope == scope && layout[i].object == object; i++)
        if (layout[i].kind == kind)
            return i;
    return (size_t)-1;
}

size_t az_sim_metric_index(const az_sim *s, az_scope scope, uint32_t object,
                           az_metric_kind kind)
{
    return az_metric_find(s->layout, s->nmetric, scope, object, kind);
}

/* A mean per event: NaN (missing, not 0) when there was none. */
static double ratio(double sum, uint64_t n) { return n ? sum / n : NAN; }

/* A quantile of h: NaN when it holds no observation. */
static double quantile(const az_hist *h, double q)
{
    return az_hist_count(h) ? az_hist_quantile(h, q) : NAN;
}

double azi_metrics_station_number(const az_sim *s, const station_rt *st,
                             double end)
{
    const station_cold *sc = azi_sc(s, st);
    return azi_count_mean(&st->queue, s->window_from, end) +
           azi_count_mean(&st->onmach, s->window_from, end) +
           az_timeavg_mean(&sc->packed, end);
}

/* Mean number of station st's machines in each state but STARVED over the
 * statistics window up to end: the machines' times in the state, plus the
 * stretch each is in now. (For one machine this is the arithmetic of a
 * time average of its 0/1 state, to the bit.) */
static void state_means(const az_sim *s, const station_rt *st, double end,
                        double mean[AZ_MS_COUNT])
{
    double span = end - s->window_from;
    for (int j = 0; j < AZ_MS_COUNT; j++)
        mean[j] = 0;
    for (uint32_t k = 0; k < st->machines; k++) {
        const machine_rt *m = &s->mach[st->first_machine + k];
        if (span <= 0) { /* an empty window: the count now */
            mean[m->state] += 1;
            continue;
        }
        for (int j = 0; j < AZ_MS_COUNT; j++)
            mean[j] += m->in_state[j] +
                       (m->state == (az_machine_state)j ? end - m->in_since : 0);
    }
    for (int j = 0; span > 0 && j < AZ_MS_COUNT; j++)
        mean[j] /= span;
}

/* The areas (content x time since the window began) at t, of each
 * station, then of the release backlog, then of each store, into
 * a[nstation + 1 + stores]. */
void azi_metrics_areas(const az_sim *s, double t, double *a)
{
    double since = t - s->window_from;
    for (uint32_t i = 0; i < s->nstation; i++) {
        a[i] = azi_metrics_station_number(s, &s->st[i], t) * since;
        for (uint32_t j = 0; j < s->st[i].ncomp; j++) {
            const store_rt *k = &s->stc[i].store[j];
            a[s->nstation + 1 + k->index] =
                az_timeavg_mean(&k->content, t) * since;
        }
    }
    a[s->nstation] = az_timeavg_mean(&s->backlog_avg, t) * since;
}

/* The growth of object i (a station, the backlog, a store) given its area
 * at the end: the time-average over the last third less that over the
 * middle third, thirds of third_len (NaN if there was none). */
static double growth(const az_sim *s, uint32_t i, double end_area)
{
    if (!(s->third_len > 0) || s->thirds_seen < 2)
        return NAN;
    double a1 = s->third_area[0][i], a2 = s->third_area[1][i];
    double a3 = s->thirds_seen == 3 ? s->third_area[2][i] : end_area;
    return ((a3 - a2) - (a2 - a1)) / s->third_len;
}

/* The length of a third of the window for the growth statistics: whole
 * cycles of the line's calendar (a week with shifts or calendars of their
 * own, a day with a plan),
 * so that the two thirds compared hold the same shifts, weekdays and plan
 * days; a window under three cycles gives 0 (no growth measured). */
double azi_metrics_third_length(const az_sim *s, double span)
{
    int plan = 0;
    for (uint32_t i = 0; i < s->nsource; i++)
        plan |= s->src[i].plan != NULL;
    /* shifts that cover the whole week, without holidays, are no cycle */
    int shifts = s->ncal || /* calendars of their own: a week too */
                 (!s->shifts.always &&
                  (s->shifts.nhol ||
                   azi_shift_between(&s->shifts, 0, s->shifts.week) <
                       s->shifts.week));
    double cycle = shifts ? s->shifts.week : plan ? s->shifts.day : 0;
    double third = span / 3;
    return cycle > 0 ? floor(third / cycle) * cycle : third;
}

void azi_metrics_collect(az_sim *s, double end, double span)
{
    double *r = s->results, lead_sum = 0, wip = 0;
    /* the line's working time in the window: per working hour figures */
    double working = azi_shift_between(&s->shifts, s->window_from, end);
    /* Bottleneck shares are of working time. Some station is the
     * momentary bottleneck whenever any is active, so the shares' sum is
     * the time the line is active, on the detector's clock, which runs
     * while any station works (azi_bn_clock): stations on calendars of
     * their own that work when the line does not can make that more than
     * the line's working time, which is then the measure, so that no share
     * passes 1. */
    double bn_time = working;
    if (s->bn_on) {
        double active = 0;
        for (uint32_t i = 0; i < s->nstation; i++)
            active += s->bn.sole[i] + s->bn.shifting[i];
        if (active > bn_time)
            bn_time = active;
    }
    if (!(bn_time > 0))
        bn_time = span;
    size_t k = 0;
    /* Every unit in the line is at a station (in the buffer, on a machine
     * or blocked on one), so a station's content and the WIP are sums of
     * time averages the event path already keeps. Components in assembly
     * stores are not units in the line: they are reported apart. */
    for (uint32_t i = 0; i < s->nstation; i++)
        wip += azi_metrics_station_number(s, &s->st[i], end);
    wip += az_timeavg_mean(&s->queue_avg, end); /* release queues: 0 without */
    az_hist_reset(s->hist);
    for (uint32_t p = 0; p < s->nproduct; p++) {
        lead_sum += s->prod[p].lead_sum;
        az_hist_merge(s->hist, s->prod[p].hist, NULL); /* same shape */
    }
    r[k++] = (double)s->released;
    r[k++] = (double)s->completed;
    r[k++] = (double)s->scrapped;
    r[k++] = (double)s->cartons;
    r[k++] = (double)s->completed / span;
    r[k++] = wip;
    double in_stores = 0;
    for (uint32_t i = 0; i < s->nstation; i++)
        for (uint32_t j = 0; j < s->st[i].ncomp; j++)
            in_stores += az_timeavg_mean(&s->stc[i].store[j].content, end);
    r[k++] = in_stores;
    r[k++] = ratio(lead_sum, s->completed);
    r[k++] = quantile(s->hist, 0.50);
    r[k++] = quantile(s->hist, 0.90);
    r[k++] = quantile(s->hist, 0.95);
    r[k++] = quantile(s->hist, 0.99);
    double wip_growth = 0, win = end - s->window_from;
    for (uint32_t i = 0; i < s->nstation; i++)
        wip_growth +=
            growth(s, i, azi_metrics_station_number(s, &s->st[i], end) * win);
    r[k++] = wip_growth;
    double backlog = az_timeavg_mean(&s->backlog_avg, end);
    r[k++] = backlog;
    r[k++] = growth(s, s->nstation, backlog * win);
    r[k++] = s->stalled_at;
    r[k++] = working > 0 ? (double)s->completed / working : NAN;
    double *order_sys = r + k; /* filled last, with the orders' blocks */
    k += s->nord ? COUNT(order_sys_kinds) : 0;
    for (uint32_t p = 0; p < s->nproduct; p++) {
        product_rt *pr = &s->prod[p];
        r[k++] = (double)pr->released;
        r[k++] = (double)pr->completed;
        r[k++] = (double)pr->scrapped;
        r[k++] = (double)pr->reworks;
        r[k++] = (double)pr->consumed;
        r[k++] = (double)pr->cartons;
        r[k++] = (double)pr->completed / span;
        r[k++] = ratio(pr->lead_sum, pr->completed);
        r[k++] = quantile(pr->hist, 0.90);
    }
    for (uint32_t i = 0; i < s->nstation; i++) {
        station_rt *st = &s->st[i];
        station_cold *sc = &s->stc[i];
        double share[AZ_MS_COUNT], busy = 0;
        state_means(s, st, end, share);
        for (int j = 0; j < AZ_MS_COUNT; j++)
            if (j != AZ_MS_STARVED)
                busy += share[j] /= st->machines;
        share[AZ_MS_STARVED] = busy < 1 ? 1 - busy : 0; /* no -0.00 from rounding */
        r[k++] = share[AZ_MS_WORKING];
        r[k++] = share[AZ_MS_SETUP];
        r[k++] = share[AZ_MS_BLOCKED];
        r[k++] = share[AZ_MS_FAILED];
        r[k++] = share[AZ_MS_MAINTENANCE];
        r[k++] = share[AZ_MS_WAIT_OPERATOR];
        r[k++] = share[AZ_MS_OFF_SHIFT];
        r[k++] = share[AZ_MS_STARVED];
        /* OEE (ISO 22400-2, docs/output-format.md) = availability x
         * performance x quality: run (processing) time / planned time (on
         * shift, less breaks and planned maintenance, planned downtime),
         * nominal time of the work done (at speed 1) / run time, good
         * units / units. */
        double planned = 1 - share[AZ_MS_OFF_SHIFT] -
                         share[AZ_MS_MAINTENANCE];
        double avail = planned > 0 ? share[AZ_MS_WORKING] / planned : NAN;
        double run = 0, nominal = 0;
        for (uint32_t j = 0; j < st->machines; j++) {
            const machine_rt *m = &s->mach[st->first_machine + j];
            double w = m->in_state[AZ_MS_WORKING] +
                       (m->state == AZ_MS_WORKING ? end - m->in_since : 0);
            run += w;
            nominal += w / m->inv_speed;
        }
        double perf = run > 0 ? nominal / run : NAN;
        double quality = st->visits ? 1 - (double)sc->rejects / st->visits
                                    : NAN;
        r[k++] = avail == 0 ? 0 : avail * perf * quality;
        /* One station is the bottleneck whenever the line is active: shares
         * of working time (no station is active off shift). */
        r[k++] = s->bn_on ? s->bn.sole[i] / bn_time
                          : (1 - share[AZ_MS_STARVED] - share[AZ_MS_BLOCKED] -
                             share[AZ_MS_OFF_SHIFT]) * (span / bn_time);
        r[k++] = s->bn_on ? s->bn.shifting[i] / bn_time : 0;
        r[k++] = azi_metrics_station_number(s, st, end);
        r[k++] = st->queue_max;
        r[k++] = azi_count_mean(&st->queue, s->window_from, end);
        r[k++] = ratio(st->time_sum, st->visits);
        r[k++] = ratio(st->wait_sum, st->starts);
        r[k++] = (double)st->visits / span;
        r[k++] = growth(s, i, azi_metrics_station_number(s, st, end) * win);
        r[k++] = avail;
        r[k++] = perf;
        r[k++] = quality;
        r[k++] = az_timeavg_mean(&sc->parts_wait, end);
        r[k++] = azi_count_mean(&st->onmach, s->window_from, end);
        r[k++] = s->bn_on ? s->bn.tied[i] / bn_time : 0;
    }
    for (uint32_t p = 0; p < s->npool; p++) { /* busy / staffed people */
        double staffed = az_timeavg_mean(&s->pools[p].staffed, end);
        r[k++] = staffed > 0 ? az_timeavg_mean(&s->pools[p].used, end) /
                                   staffed
                             : 0;
    }
    for (uint32_t p = 0; p < s->nproduct; p++) { /* stores, as laid out */
        uint32_t x = az_model_store_station(s->model, p);
        if (x == AZ_NO_STATION)
            continue;
        const station_cold *sc = &s->stc[x];
        uint32_t j = 0;
        while (sc->store[j].product != p)
            j++;
        const store_rt *st = &sc->store[j];
        double mean = az_timeavg_mean(&st->content, end);
        r[k++] = mean;
        r[k++] = st->max;
        /* Little's law; no component in, no wait observed */
        r[k++] = st->in ? mean * (end - s->window_from) / (double)st->in
                        : NAN;
        r[k++] = az_timeavg_mean(&st->lacking, end);
        r[k++] = (double)st->scrapped;
        r[k++] = growth(s, s->nstation + 1 + st->index, mean * win);
    }
    if (s->nord)
        azi_orders_collect(s, end, order_sys, r + k,
                           r + k + (size_t)s->nord * COUNT(order_kinds),
                           r + k + (size_t)s->nord * COUNT(order_kinds) +
                               (size_t)s->nday * COUNT(day_kinds));
    if (s->init) /* the last block: each entry's completion, then all */
        memcpy(r + s->nmetric - (s->nentry + 1), s->entry_done,
               (s->nentry + 1) * sizeof *r);
}
