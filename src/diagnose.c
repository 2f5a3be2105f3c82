/*
 * diagnose.c: warnings about figures that may mislead (diagnose.h).
 *
 * Growth. The engine keeps, per station and for the release backlog, the
 * time-average over the last third of the statistics window less that over
 * the middle third (AZ_M_GROWTH, AZ_M_BACKLOG_GROWTH; the first third is
 * left out, where a line still fills). In a stable line both thirds have
 * the same expectation, so the difference is noise around 0; in a line
 * that cannot keep up, content grows about linearly and the difference is
 * a third of the run's growth. A growth is reported when it is
 *   significant: its 99 % CI over the replications lies above 0 (with one
 *     replication there is no CI, and the bar below is raised instead), and
 *   material: at least 20 % of the mean content (30 % with one
 *     replication) and at least 1 unit (2),
 * so that a long stable run, whose CI shrinks around 0, stays quiet, and a
 * blocked-by-design release (a saturated line, a CONWIP cap) has nothing
 * that grows. docs/statistics.md gives the derivation and the tests.
 */
#include "azalea/diagnose.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *az_diag_kind_name(az_diag_kind k)
{
    switch (k) {
    case AZ_DIAG_NOTHING_DONE: return "nothing_done";
    case AZ_DIAG_GROWS: return "grows";
    case AZ_DIAG_BACKLOG: return "backlog";
    case AZ_DIAG_SHORT: return "short";
    case AZ_DIAG_STALLED: return "stalled";
    case AZ_DIAG_STORE: return "store_grows";
    case AZ_DIAG_ORDERS_OPEN: return "orders_open";
    case AZ_DIAG_BN_TIED: return "bottleneck_tied";
    }
    return "?";
}

typedef struct diag_out {
    void (*fn)(void *, const az_diagnostic *);
    void *ctx;
    size_t n;
} diag_out;

static void say(diag_out *o, az_diag_kind kind, az_scope scope,
                uint32_t object, const char *fmt, ...)
{
    az_diagnostic d = {kind, scope, object, ""};
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(d.msg, sizeof d.msg, fmt, ap);
    va_end(ap);
    o->n++;
    if (o->fn)
        o->fn(o->ctx, &d);
}

static double mean_of(const az_summary *s, az_scope sc, uint32_t o,
                      az_metric_kind k)
{
    size_t i = az_summary_metric_index(s, sc, o, k);
    return i == (size_t)-1 ? NAN : az_summary_mean(s, i);
}

/* Whether the growth metric (sc, o, k) of content `level` is significant
 * and material (the top comment). */
static int grows(const az_summary *s, az_scope sc, uint32_t o,
                 az_metric_kind k, double level)
{
    size_t i = az_summary_metric_index(s, sc, o, k);
    if (i == (size_t)-1)
        return 0;
    double g = az_summary_mean(s, i);
    if (!(g > 0))
        return 0;
    if (az_summary_count(s, i) < 2)
        return g >= 2 && g >= 0.3 * level;
    double h = az_summary_halfwidth_at(s, i, 0.99);
    return g - h > 0 && g >= 1 && g >= 0.2 * level;
}

/* Units released and finished per hour, for the messages. */
static void rates(const az_model *m, const az_summary *s, double *in,
                  double *out)
{
    const az_experiment_config *c = az_summary_config(s);
    double span = c->horizon - c->warmup;
    double per_h = 3600.0 / az_model_time_unit_seconds(m);
    /* units, not the components joined onto them */
    double rel = 0;
    for (uint32_t p = 0; p < az_model_product_count(m); p++)
        if (az_model_store_station(m, p) == AZ_NO_STATION)
            rel += mean_of(s, AZ_SCOPE_PRODUCT, p, AZ_M_RELEASED);
    *in = rel / span * per_h;
    *out = mean_of(s, AZ_SCOPE_SYSTEM, 0, AZ_M_THROUGHPUT) * per_h;
}

/* Why nothing may have finished: the first station that lost (almost)
 * all its time one way, or "" if none did. */
static void nothing_cause(const az_model *m, const az_summary *s, char *buf,
                          size_t size)
{
    static const struct {
        az_metric_kind kind;
        const char *what;
    } loss[] = {
        {AZ_M_OFF, "off shift (holidays or shifts that cover the horizon?)"},
        {AZ_M_DOWN, "failed (a repair longer than the horizon?)"},
        {AZ_M_MAINT, "in maintenance"},
        {AZ_M_WAIT_OP, "waiting for an operator (a pool with no one on "
                       "shift?)"},
        {AZ_M_BLOCKED, "blocked"},
    };
    buf[0] = '\0';
    for (size_t k = 0; k < sizeof loss / sizeof loss[0]; k++)
        for (uint32_t t = 0; t < az_model_station_count(m); t++) {
            double v = mean_of(s, AZ_SCOPE_STATION, t, loss[k].kind);
            if (v >= 0.9) {
                snprintf(buf, size, ": station '%s' is %s %.0f %% of the time",
                         az_model_station_name(m, t), loss[k].what, 100 * v);
                return;
            }
        }
    for (uint32_t p = 0; p < az_model_product_count(m); p++) {
        double rw = mean_of(s, AZ_SCOPE_PRODUCT, p, AZ_M_REWORKS);
        if (rw > 0) {
            snprintf(buf, size, ": '%s' was reworked %.0f times on average "
                     "and never passed (a rework loop that never passes?)",
                     az_model_product_name(m, p), rw);
            return;
        }
    }
}

static void check_done(const az_model *m, const az_summary *s, diag_out *o)
{
    size_t i = az_summary_metric_index(s, AZ_SCOPE_SYSTEM, 0, AZ_M_LEAD_MEAN);
    uint32_t n = az_summary_replications(s), k = az_summary_count(s, i);
    if (k == n)
        return;
    char cause[200];
    nothing_cause(m, s, cause, sizeof cause);
    if (k == 0)
        say(o, AZ_DIAG_NOTHING_DONE, AZ_SCOPE_SYSTEM, 0,
            "no unit finished in %s%s: throughput is 0 and the lead time "
            "has no value", n == 1 ? "the run" : "any replication", cause);
    else
        say(o, AZ_DIAG_NOTHING_DONE, AZ_SCOPE_SYSTEM, 0,
            "no unit finished in %u of %u replications%s: the lead time "
            "rests on the other %u", (unsigned)(n - k), (unsigned)n, cause,
            (unsigned)k);
}

static void check_growth(const az_model *m, const az_summary *s, diag_out *o)
{
    double in, out;
    rates(m, s, &in, &out);
    for (uint32_t t = 0; t < az_model_station_count(m); t++) {
        double level = mean_of(s, AZ_SCOPE_STATION, t, AZ_M_NUMBER);
        if (!grows(s, AZ_SCOPE_STATION, t, AZ_M_GROWTH, level))
            continue;
        double g = mean_of(s, AZ_SCOPE_STATION, t, AZ_M_GROWTH);
        say(o, AZ_DIAG_GROWS, AZ_SCOPE_STATION, t,
            "the line cannot keep up: the content of station '%s' grows "
            "through the run (%.4g units on average, %.4g more in the last "
            "third than in the middle one); released %.4g units/h, finished "
            "%.4g units/h; its queue, the WIP and the lead time depend on "
            "the horizon, they are no steady-state figures",
            az_model_station_name(m, t), level, g, in, out);
    }
    double b = mean_of(s, AZ_SCOPE_SYSTEM, 0, AZ_M_BACKLOG);
    if (grows(s, AZ_SCOPE_SYSTEM, 0, AZ_M_BACKLOG_GROWTH, b))
        say(o, AZ_DIAG_BACKLOG, AZ_SCOPE_SYSTEM, 0,
            "the release falls behind: units due and not yet released grow "
            "through the run (%.4g on average, %.4g more in the last third "
            "than in the middle one); released %.4g units/h, finished %.4g "
            "units/h",
            b, mean_of(s, AZ_SCOPE_SYSTEM, 0, AZ_M_BACKLOG_GROWTH), in, out);
}

/* An assembly station whose machines are idle while units wait in its
 * buffer (AZ_M_WAIT_PARTS) waits for components: a machine takes a waiting
 * unit whenever the stores allow. Reported from 5 % of the time on; the
 * store named is the one that lacked longest. */
static void check_short(const az_model *m, const az_summary *s, diag_out *o)
{
    for (uint32_t t = 0; t < az_model_station_count(m); t++) {
        double waits = mean_of(s, AZ_SCOPE_STATION, t, AZ_M_WAIT_PARTS);
        if (!(waits >= 0.05))
            continue;
        uint32_t worst = UINT32_MAX;
        double worst_v = -1;
        for (uint32_t p = 0; p < az_model_product_count(m); p++) {
            if (az_model_store_station(m, p) != t)
                continue;
            double v = mean_of(s, AZ_SCOPE_STORE, p, AZ_M_STORE_LACKING);
            if (v > worst_v) {
                worst_v = v;
                worst = p;
            }
        }
        if (worst == UINT32_MAX)
            continue;
        say(o, AZ_DIAG_SHORT, AZ_SCOPE_STORE, worst,
            "station '%s' waits for components %.0f %% of the time (a "
            "machine idle while units wait in its buffer); the store of "
            "'%s' lacks what one unit needs %.0f %% of the time: '%s' comes "
            "too seldom or too late for it",
            az_model_station_name(m, t), 100 * waits,
            az_model_product_name(m, worst), 100 * worst_v,
            az_model_product_name(m, worst));
    }
}

/* A store whose content grows through the run: more of a component comes
 * than is joined (units scrapped before the assembly leave their kits,
 * unless the station has scrap_kits). */
static void check_store_growth(const az_model *m, const az_summary *s,
                               diag_out *o)
{
    for (uint32_t p = 0; p < az_model_product_count(m); p++) {
        uint32_t t = az_model_store_station(m, p);
        if (t == AZ_NO_STATION)
            continue;
        double level = mean_of(s, AZ_SCOPE_STORE, p, AZ_M_STORE_CONTENT);
        if (!grows(s, AZ_SCOPE_STORE, p, AZ_M_GROWTH, level))
            continue;
        say(o, AZ_DIAG_STORE, AZ_SCOPE_STORE, p,
            "the store of '%s' at station '%s' grows through the run (%.4g "
            "on average, %.4g more in the last third than in the middle "
            "one): more '%s' come than are joined; if units are scrapped "
            "before '%s', give it 'scrap_kits: true'",
            az_model_product_name(m, p), az_model_station_name(m, t), level,
            mean_of(s, AZ_SCOPE_STORE, p, AZ_M_GROWTH),
            az_model_product_name(m, p), az_model_station_name(m, t));
    }
}

/* The line stopped for good in some replications: units inside, nothing
 * pending that could move them (src/engine/run.c, stalled_at). */
static void check_stalled(const az_model *m, const az_summary *s,
                          diag_out *o)
{
    size_t i = az_summary_metric_index(s, AZ_SCOPE_SYSTEM, 0, AZ_M_STALLED);
    uint32_t k = i == (size_t)-1 ? 0 : az_summary_count(s, i);
    if (k == 0)
        return;
    uint32_t n = az_summary_replications(s);
    /* Where it is held up: stations whose machines spend a quarter of
     * the time or more blocked or waiting (for components or people). */
    static const struct {
        az_metric_kind kind;
        const char *what;
    } held[] = {{AZ_M_BLOCKED, "blocked"},
                {AZ_M_WAIT_PARTS, "waiting for components"},
                {AZ_M_WAIT_OP, "waiting for an operator"}};
    char where[200] = "";
    size_t len = 0;
    for (uint32_t t = 0; t < az_model_station_count(m); t++)
        for (size_t j = 0; j < sizeof held / sizeof held[0]; j++) {
            double v = mean_of(s, AZ_SCOPE_STATION, t, held[j].kind);
            if (v >= 0.25 && len + 80 < sizeof where) {
                len += (size_t)snprintf(where + len, sizeof where - len,
                                        "%s'%s' %s %.0f %%",
                                        len ? ", " : "; held up: ",
                                        az_model_station_name(m, t),
                                        held[j].what, 100 * v);
                break;
            }
        }
    say(o, AZ_DIAG_STALLED, AZ_SCOPE_SYSTEM, 0,
        "the line stopped for good in %u of %u replications (at %.4g %s on "
        "average): units were inside and nothing could move them any more, "
        "a deadlock%s; the figures after that time describe a dead line",
        (unsigned)k, (unsigned)n, az_summary_mean(s, i),
        az_model_time_unit(m), where);
}

/* Orders not complete at the end of some replication: their completion,
 * flow time and tardiness are missing there, and the overall means rest
 * on the others. One warning, naming the first such order. */
static void check_orders(const az_model *m, const az_summary *s,
                         diag_out *o)
{
    size_t n = az_model_order_count(m);
    uint32_t reps = az_summary_replications(s), open = 0, first = 0;
    for (uint32_t i = 0; i < n; i++) {
        size_t k = az_summary_metric_index(s, AZ_SCOPE_ORDER, i,
                                           AZ_M_COMPLETION);
        if (k != (size_t)-1 && az_summary_count(s, k) < reps && !open++)
            first = i;
    }
    if (!open)
        return;
    az_order x;
    if (az_model_order(m, first, &x, NULL))
        return;
    say(o, AZ_DIAG_ORDERS_OPEN, AZ_SCOPE_ORDER, first,
        "%u of %zu orders (the first '%s') were not complete at the end of "
        "some replications: their completion, flow time and tardiness are "
        "unknown there, and the mean tardiness rests on the complete "
        "orders; lengthen the horizon past the last due date, and check "
        "that no units wait in a part-filled carton (a carton closes only "
        "when full, and holds units of one product from any order)",
        (unsigned)open, n, x.id);
}

/* Stations tied as the bottleneck (AZ_M_BN_TIED, src/bottleneck.h): their
 * active periods are of one length, or run through the window unbroken
 * (none of them waited, as ahead of queues that grow), so the method has
 * no ranking for them and split that time equally. One warning naming
 * those with 1 % of the working time or more, when two or more have. */
static void check_tied(const az_model *m, const az_summary *s, diag_out *o)
{
    char who[240] = "";
    size_t len = 0;
    uint32_t n = 0;
    double sum = 0;
    for (uint32_t t = 0; t < az_model_station_count(m); t++) {
        double v = mean_of(s, AZ_SCOPE_STATION, t, AZ_M_BN_TIED);
        if (!(v >= 0.01))
            continue;
        n++;
        sum += v;
        if (len + 60 < sizeof who)
            len += (size_t)snprintf(who + len, sizeof who - len, "%s'%s'",
                                    len ? ", " : "",
                                    az_model_station_name(m, t));
    }
    if (n < 2)
        return;
    say(o, AZ_DIAG_BN_TIED, AZ_SCOPE_SYSTEM, 0,
        "the bottleneck is ambiguous: stations %s were tied %.0f %% of the "
        "working time (active periods of one length, or unbroken through "
        "the run: none of them waited, as ahead of queues that grow); the "
        "active-period method cannot rank them and splits that time "
        "equally as shifting; compare a machine more at each (azalea "
        "compare) to find the one that limits the line",
        who, 100 * sum);
}

size_t az_diagnose(const az_model *m, const az_summary *s,
                   void (*fn)(void *ctx, const az_diagnostic *d), void *ctx)
{
    diag_out o = {fn, ctx, 0};
    check_stalled(m, s, &o);
    check_done(m, s, &o);
    check_growth(m, s, &o);
    check_short(m, s, &o);
    check_store_growth(m, s, &o);
    check_orders(m, s, &o);
    check_tied(m, s, &o);
    return o.n;
}

static void note_unstable(void *ctx, const az_diagnostic *d)
{
    if (d->kind == AZ_DIAG_GROWS || d->kind == AZ_DIAG_BACKLOG)
        *(int *)ctx = 1;
}

int az_diagnose_unstable(const az_model *m, const az_summary *s)
{
    int unstable = 0;
    az_diagnose(m, s, note_unstable, &unstable);
    return unstable;
}
