/*
 * orders.c: customer orders (model.h, az_order). A source with orders
 * releases their units instead of drawing from a mix: at an order's release
 * time (EV_ORDER) its units join the source's backlog, and the arrivals
 * draw them one per interarrival time, order after order: the next is the
 * first released (the model keeps them sorted by release) or, by priority,
 * the most urgent released, chosen when the previous order's last unit is
 * drawn. A source with nothing released waits idle for the next release,
 * as a plan's does for its next day (source.c).
 *
 * Each unit of an order carries its order (az_sim.unit_order, NONE for
 * others); when it leaves the line (done, scrapped, or joined into an
 * assembly's store) the order counts it, and the order is complete when
 * its last unit is out. Order figures are absolute times from 0 and ignore
 * the warm-up: an order is a fact of the run, not a steady-state rate.
 *
 * Invariant: for each order, 0 <= done <= out <= quantity, and completed
 * is set exactly when out reaches quantity. Units of orders released by
 * time t and not out = sum of quantities released - sum of day_out, which
 * is the backlog a day's end reports.
 *
 * Prefix azi_orders_. The metrics it fills are those of metrics.c's
 * order, day and week blocks (azi_orders_collect).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "calendar_impl.h"
#include "engine/engine.h"
#include "util/alloc.h"

/* At most this many days of daily figures (ten years). */
#define MAX_DAYS 3660u

/* The day of time t, counted from time 0's date (its midnight is clock
 * before time 0): day_out's, day_rel's and the figures' index. */
static double day_of(const az_sim *s, double t)
{
    return floor((t + s->shifts.clock) / s->shifts.day);
}

az_status azi_orders_compile(az_sim *s, const az_model *m)
{
    size_t n = az_model_order_count(m);
    if (!n)
        return AZ_OK;
    s->nord = (uint32_t)n;
    s->ord = azi_calloc(n, sizeof *s->ord);
    s->ord_seq = azi_malloc(n * sizeof *s->ord_seq);
    if (!s->ord || !s->ord_seq)
        return AZ_ENOMEM;
    double last = 0;
    uint32_t k = 0;
    for (uint32_t i = 0; i < m->nsource; i++) {
        const azi_source *ms = &m->source[i];
        source_rt *so = &s->src[i];
        so->ord_first = k;
        so->nord = ms->norder;
        so->ord_by_priority = ms->order_by_priority;
        for (uint32_t j = 0; j < ms->norder; j++, k++) {
            const az_order *o = &ms->order[j];
            order_rt *r = &s->ord[k];
            r->release = o->release;
            r->due = o->due;
            r->product = o->product;
            r->quantity = o->quantity;
            r->priority = o->priority ? o->priority
                                      : m->product[o->product].priority;
            if (o->due > last)
                last = o->due;
        }
    }
    /* days are the calendar's: day 0 is time 0's date */
    double days = day_of(s, last) + 1;
    s->nday = days < MAX_DAYS ? (uint32_t)days : MAX_DAYS;
    s->nweek = (s->nday + 6) / 7;
    s->day_out = azi_calloc(s->nday, sizeof *s->day_out);
    s->day_rel = azi_calloc(s->nday, sizeof *s->day_rel);
    s->day_due = azi_calloc((size_t)(s->nday + s->nweek) * 2,
                            sizeof *s->day_due);
    if (!s->day_out || !s->day_rel || !s->day_due)
        return AZ_ENOMEM;
    /* units released by each day's end (an order released at a day's
     * very end counts the next day: the backlog is taken before it) */
    for (uint32_t i = 0; i < s->nord; i++) {
        double d = day_of(s, s->ord[i].release);
        if (d < s->nday)
            s->day_rel[(uint32_t)d] += s->ord[i].quantity;
    }
    return AZ_OK;
}

az_status azi_orders_units(az_sim *s, uint32_t from, uint32_t to)
{
    if (!s->nord)
        return AZ_OK;
    uint32_t *nu = azi_realloc(s->unit_order, (size_t)to * sizeof *nu);
    if (!nu)
        return AZ_ENOMEM;
    for (uint32_t i = from; i < to; i++)
        nu[i] = NONE;
    s->unit_order = nu;
    return AZ_OK;
}

void azi_orders_free(az_sim *s)
{
    free(s->ord);
    free(s->ord_seq);
    free(s->day_out);
    free(s->day_rel);
    free(s->day_due);
    free(s->unit_order);
}

az_status azi_orders_start(az_sim *s, az_error *err)
{
    for (uint32_t i = 0; i < s->nord; i++) {
        order_rt *r = &s->ord[i];
        r->out = r->done = r->on_time = r->pre = 0;
        r->completed = -1;
        s->ord_seq[i] = i;
    }
    for (uint32_t i = 0; s->unit_order && i < s->nunit_cap; i++)
        s->unit_order[i] = NONE;
    if (s->nday)
        memset(s->day_out, 0, s->nday * sizeof *s->day_out);
    s->order_next = NONE;
    for (uint32_t i = 0; i < s->nsource; i++) {
        source_rt *so = &s->src[i];
        if (!so->nord)
            continue;
        so->ord_next = so->ord_due = so->ord_left = 0;
        so->ord_cur = NONE;
        so->ord_idle = 1; /* until the first release */
        double at = s->ord[so->ord_first].release;
        az_status rc = azi_cal_push(s->cal, at > s->t0 ? at : s->t0, -2,
                                    EV_ORDER, i, 0, NULL, err);
        if (rc)
            return rc;
    }
    return AZ_OK;
}

/* The units of the orders released at now join source src's backlog;
 * returns their number. The next release is scheduled. */
static uint32_t released(az_sim *s, source_rt *so, uint32_t src, double now,
                         az_status *rc, az_error *err)
{
    uint32_t units = 0;
    while (so->ord_due < so->nord &&
           s->ord[so->ord_first + so->ord_due].release <= now) {
        const order_rt *r = &s->ord[so->ord_first + so->ord_due++];
        units += r->quantity - r->pre;
    }
    *rc = AZ_OK;
    if (so->ord_due < so->nord)
        *rc = azi_cal_push(s->cal, s->ord[so->ord_first + so->ord_due].release,
                           -2, EV_ORDER, src, 0, NULL, err);
    return units;
}

uint32_t azi_orders_release(az_sim *s, uint32_t src, double now, int *wake,
                            az_status *rc, az_error *err)
{
    source_rt *so = &s->src[src];
    uint32_t units = released(s, so, src, now, rc, err);
    *wake = so->ord_idle;
    so->ord_idle = 0;
    return units;
}

/* By priority: the most urgent (smallest nonzero priority; 0 last) of the
 * orders released and not started, the first of equals, is moved to the
 * front of them. A scan per order, not per unit. */
static void most_urgent(az_sim *s, source_rt *so)
{
    uint32_t *seq = s->ord_seq + so->ord_first;
    uint32_t best = so->ord_next;
    uint32_t bp = s->ord[seq[best]].priority - 1; /* 0 wraps to the last */
    for (uint32_t k = so->ord_next + 1; k < so->ord_due; k++) {
        uint32_t p = s->ord[seq[k]].priority - 1;
        if (p < bp)
            best = k, bp = p;
    }
    /* keep the others in their order: rotate best to the front */
    uint32_t x = seq[best];
    memmove(seq + so->ord_next + 1, seq + so->ord_next,
            (best - so->ord_next) * sizeof *seq);
    seq[so->ord_next] = x;
}

uint32_t azi_orders_draw(az_sim *s, source_rt *so)
{
    while (so->ord_left == 0) { /* an order a state released whole: next */
        if (so->ord_next >= so->ord_due) {
            so->ord_idle = 1; /* done for now: wait for the next release */
            return NONE;
        }
        if (so->ord_by_priority)
            most_urgent(s, so);
        so->ord_cur = so->ord_first + s->ord_seq[so->ord_first +
                                                 so->ord_next++];
        so->ord_left = s->ord[so->ord_cur].quantity - s->ord[so->ord_cur].pre;
    }
    so->ord_left--;
    s->order_next = so->ord_cur;
    return s->ord[so->ord_cur].product;
}

void azi_orders_out(az_sim *s, uint32_t u, int done, double now)
{
    uint32_t o = s->unit_order[u];
    if (o == NONE)
        return;
    s->unit_order[u] = NONE;
    order_rt *r = &s->ord[o];
    r->out++;
    if (done) {
        r->done++;
        r->on_time += now <= r->due;
    }
    if (r->out == r->quantity)
        r->completed = now;
    double d = day_of(s, now);
    if (d < s->nday)
        s->day_out[(uint32_t)d]++;
}

/* ---- figures ---- */

/* Whether order r's timeliness is known at the end: it is complete, or
 * its due date has passed. */
static int decided(const order_rt *r, double end)
{
    return r->completed >= 0 || r->due < end;
}

void azi_orders_collect(az_sim *s, double end, double *sys,
                        double *ord, double *day, double *week)
{
    double on = 0, dec = 0, units_on = 0, units_dec = 0, tard = 0,
           flow = 0, ncomp = 0, open = 0;
    for (uint32_t i = 0; i < s->nord; i++) {
        const order_rt *r = &s->ord[i];
        double *v = ord + (size_t)i * AZI_ORDER_KINDS;
        int c = r->completed >= 0;
        v[0] = c ? r->completed : NAN;
        v[1] = c ? r->completed - r->release : NAN;
        v[2] = c ? fmax(0, r->completed - r->due) : NAN;
        v[3] = c ? (r->completed <= r->due) : r->due < end ? 0 : NAN;
        v[4] = r->done;
        open += !c;
        if (c) {
            ncomp++;
            tard += v[2];
            flow += v[1];
        }
        if (decided(r, end)) {
            dec++;
            on += v[3];
            units_dec += r->quantity;
            units_on += r->on_time;
        }
    }
    sys[0] = dec ? on / dec : NAN;
    sys[1] = units_dec ? units_on / units_dec : NAN;
    sys[2] = ncomp ? tard / ncomp : NAN;
    sys[3] = ncomp ? flow / ncomp : NAN;
    sys[4] = open;
    /* per day: the backlog at its end, and the adherence of the units
     * due in it (of orders decided); per week the adherence. Buckets, so
     * that the cost is orders + days. */
    memset(s->day_due, 0, (size_t)(s->nday + s->nweek) * 2 *
                              sizeof *s->day_due);
    double *day_ok = s->day_due + s->nday, *week_due = day_ok + s->nday,
           *week_ok = week_due + s->nweek;
    for (uint32_t i = 0; i < s->nord; i++) {
        const order_rt *r = &s->ord[i];
        double d = day_of(s, r->due);
        if (!decided(r, end) || d < 0 || d >= s->nday)
            continue;
        s->day_due[(uint32_t)d] += r->quantity;
        day_ok[(uint32_t)d] += r->on_time;
        week_due[(uint32_t)d / 7] += r->quantity;
        week_ok[(uint32_t)d / 7] += r->on_time;
    }
    uint64_t rel = 0, out = 0;
    for (uint32_t d = 0; d < s->nday; d++) {
        double *v = day + (size_t)d * AZI_DAY_KINDS;
        rel += s->day_rel[d];
        out += s->day_out[d];
        v[0] = (d + 1) * s->shifts.day - s->shifts.clock <= end
                   ? (double)(rel - out)
                   : NAN;
        v[1] = s->day_due[d] ? day_ok[d] / s->day_due[d] : NAN;
    }
    for (uint32_t w = 0; w < s->nweek; w++)
        week[w] = week_due[w] ? week_ok[w] / week_due[w] : NAN;
}
