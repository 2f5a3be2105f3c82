/*
 * bottleneck.c: the active-period method, streaming (see bottleneck.h).
 *
 * Design notes
 *  1. Closed active periods are buffered. The timeline is settled up to F,
 *     the earliest start of a period still open (or now): before F every
 *     period covering a time is closed, so the longest one is known. settle()
 *     sweeps the buffer over [done, F) and emits bottleneck segments.
 *  2. Memory stays bounded by dominance: a closed period that lies inside
 *     the longest-running open period and is shorter than that period's
 *     length so far can never be the longest anywhere, so it is dropped.
 *     What remains is about one period per station. The same test drops a
 *     period as it closes, before it is ever buffered, against the running
 *     period that began earliest (b->dom, looked for again when it ends):
 *     in a line with a steady bottleneck nearly every period goes so, and
 *     settles become rare. Such a period could never be the root of the
 *     sweep nor tie with it, so no share changes; but the sweeps fall at
 *     other times, and a tie's time, summed in parts, may differ in its
 *     last bit (b->dom and its scan count are in snapshots for that).
 *  3. A segment's shifting part is its overlap with the whole periods of
 *     the bottlenecks before and after it, so the last segment waits for the
 *     next one before it is accounted.
 *  4. Ties (bottleneck.h) are found at the heap's root: tied periods have
 *     equal keys, so they form a subtree that holds the root, and a tie is
 *     there exactly when a child of the root ties with it. Only then are
 *     the covering periods scanned, so the sweep costs what it did without
 *     ties. Unbounded periods are known only at the end, but they are open
 *     until then and so hold the frontier at or before their starts: no
 *     time they cover is swept before they are marked.
 *  5. The clock is the caller's: the engine's stops while no station
 *     works, so off-shift time is not in any period (engine.h,
 *     azi_bn_clock). Nothing here knows of shifts.
 */
#include "bottleneck.h"
#include "util/alloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct sweep_ev {
    double t;
    uint32_t kind; /* 0 end, 1 start: at equal times ends go first */
    uint32_t id;
} sweep_ev;

/* The buffer size that first triggers a settle: about a period per
 * station, and some slack. */
static uint32_t settle_base(const azi_bneck *b) { return 2 * b->nst + 32; }

az_status azi_bn_init(azi_bneck *b, uint32_t nst, az_error *err)
{
    memset(b, 0, sizeof *b);
    b->nst = nst;
    b->stn = azi_malloc(nst * sizeof *b->stn);
    b->sole = azi_calloc(nst, sizeof *b->sole);
    b->shifting = azi_calloc(nst, sizeof *b->shifting);
    b->tied = azi_calloc(nst, sizeof *b->tied);
    b->live = azi_malloc(nst * sizeof *b->live);
    b->livepos = azi_malloc(nst * sizeof *b->livepos);
    if (!b->stn || !b->sole || !b->shifting || !b->tied || !b->live ||
        !b->livepos) {
        azi_bn_free(b);
        return az_error_set(err, AZ_ENOMEM, "out of memory");
    }
    azi_bn_reset(b, 0);
    return AZ_OK;
}

void azi_bn_free(azi_bneck *b)
{
    free(b->stn);
    free(b->buf);
    free(b->sole);
    free(b->shifting);
    free(b->tied);
    free(b->ev);
    free(b->live);
    free(b->livepos);
    memset(b, 0, sizeof *b);
}

void azi_bn_reset(azi_bneck *b, double t)
{
    for (uint32_t i = 0; i < b->nst; i++)
        b->stn[i].since = b->stn[i].pend_start = -1;
    b->n = 0;
    b->dom = UINT32_MAX;
    b->since_scan = 0;
    b->settle_at = settle_base(b);
    b->done = t;
    b->have_seg = b->have_prev = b->have_alt = 0;
    azi_bn_restart(b, t);
}

void azi_bn_restart(azi_bneck *b, double t)
{
    b->from = t;
    memset(b->sole, 0, b->nst * sizeof *b->sole);
    memset(b->shifting, 0, b->nst * sizeof *b->shifting);
    memset(b->tied, 0, b->nst * sizeof *b->tied);
}

/* Length of [a1, b1) within [a2, b2). */
static double overlap(double a1, double b1, double a2, double b2)
{
    double lo = a1 > a2 ? a1 : a2, hi = b1 < b2 ? b1 : b2;
    return hi > lo ? hi - lo : 0;
}

/* A period's length as the method compares it: an unbounded one has none
 * that is known, and ranks above every other. */
static double key(const azi_period *p)
{
    return p->unbounded ? INFINITY : p->end - p->start;
}

/* Whether p and q tie (bottleneck.h). */
static int tie(const azi_period *p, const azi_period *q)
{
    return key(p) == key(q);
}

/* The heap's order: the longer first. The station index only makes the
 * order total, so that the heap is the same whatever the input order; a
 * tie is never decided by it (settle). */
static int longer(const azi_period *p, const azi_period *q)
{
    double dp = key(p), dq = key(q);
    return dp != dq ? dp > dq : p->station < q->station;
}

/* Books the held segment: [a, e) of period seg was the bottleneck; the
 * parts overlapping the neighbours' periods are shifting. */
static void account(azi_bneck *b, const azi_period *next)
{
    double a = b->seg_a > b->from ? b->seg_a : b->from, e = b->seg_b;
    if (e <= a)
        return;
    double sh = 0;
    const azi_period *p = b->have_prev ? &b->prev : NULL;
    if (p)
        sh += overlap(a, e, p->start, p->end);
    if (next) {
        sh += overlap(a, e, next->start, next->end);
        if (p) /* counted twice where both neighbours overlap */
            sh -= overlap(a, e, p->start > next->start ? p->start : next->start,
                          p->end < next->end ? p->end : next->end);
    }
    b->shifting[b->seg.station] += sh;
    b->sole[b->seg.station] += (e - a) - sh;
}

static void feed(azi_bneck *b, const azi_period *p, double a, double e)
{
    if (b->have_seg && b->seg.station == p->station &&
        b->seg.start == p->start && b->seg_b == a) {
        b->seg_b = e;
        return;
    }
    if (b->have_seg) {
        account(b, p);
        b->prev = b->seg;
        b->have_prev = 1;
    }
    if (b->have_prev && b->prev.station == p->station && b->have_alt)
        b->prev = b->alt; /* after a tie it was in: the others were */
    b->have_alt = 0;
    b->seg = *p;
    b->seg_a = a;
    b->seg_b = e;
    b->have_seg = 1;
}

/* [a, e) is a tie among the periods covering it that tie with root: each
 * of the k stations gets an equal part, as shifting, and the same in tied.
 * The held segment's next neighbour is a tied period of another station;
 * the segment after the tie has root as its previous one (or, if it is
 * root's own, another tied period: alt). */
static void feed_tie(azi_bneck *b, uint32_t root, uint32_t nlive, double a,
                     double e)
{
    const azi_period *r = &b->buf[root], *other = NULL;
    uint32_t k = 0;
    for (uint32_t i = 0; i < nlive; i++) {
        const azi_period *p = &b->buf[b->live[i]];
        if (!tie(p, r))
            continue;
        k++;
        /* a neighbour of the held segment is a tied period not its own */
        if (!other && (!b->have_seg || p->station != b->seg.station))
            other = p;
    }
    if (b->have_seg)
        account(b, other);
    b->have_seg = 0;
    /* the neighbour of the next segment: root, or if that segment is
     * root's own, another tied period (feed) */
    b->prev = *r;
    b->have_prev = 1;
    for (uint32_t i = 0; i < nlive; i++) {
        const azi_period *p = &b->buf[b->live[i]];
        if (p != r && tie(p, r)) {
            b->alt = *p;
            break;
        }
    }
    b->have_alt = 1;
    if (a < b->from)
        a = b->from;
    if (e <= a)
        return;
    double part = (e - a) / k;
    for (uint32_t i = 0; i < nlive; i++) {
        const azi_period *p = &b->buf[b->live[i]];
        if (tie(p, r)) {
            b->shifting[p->station] += part;
            b->tied[p->station] += part;
        }
    }
}

static int ev_before(const sweep_ev *a, const sweep_ev *c)
{
    return a->t != c->t ? a->t < c->t : a->kind < c->kind;
}

/* Bottom-up merge sort into the second half of the scratch (tmp). Stable,
 * O(n log n) whatever the order: with thousands of stations the starts are
 * far from sorted and insertion sort went quadratic. glibc's qsort may call
 * malloc, which the event path must not. Returns the sorted array. */
static sweep_ev *sort_events(sweep_ev *ev, sweep_ev *tmp, uint32_t n)
{
    for (uint32_t w = 1; w < n; w *= 2) {
        for (uint32_t lo = 0; lo < n; lo += 2 * w) {
            uint32_t mid = lo + w < n ? lo + w : n;
            uint32_t hi = lo + 2 * w < n ? lo + 2 * w : n;
            uint32_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi)
                tmp[k++] = ev_before(&ev[j], &ev[i]) ? ev[j++] : ev[i++];
            while (i < mid)
                tmp[k++] = ev[i++];
            while (j < hi)
                tmp[k++] = ev[j++];
        }
        sweep_ev *x = ev;
        ev = tmp;
        tmp = x;
    }
    return ev;
}

/* The periods covering the sweep point form a max-heap by `longer` in
 * b->live, with b->livepos[station] the heap slot of the station's period
 * (a station has at most one: its periods are disjoint and ends sort before
 * starts). The longest is found in O(1) and kept in O(log n): a linear scan
 * made the sweep quadratic in the number of busy stations. */
static void heap_set(azi_bneck *b, uint32_t slot, uint32_t id)
{
    b->live[slot] = id;
    b->livepos[b->buf[id].station] = slot;
}

static void heap_up(azi_bneck *b, uint32_t slot)
{
    uint32_t id = b->live[slot];
    while (slot > 0) {
        uint32_t parent = (slot - 1) / 2;
        if (!longer(&b->buf[id], &b->buf[b->live[parent]]))
            break;
        heap_set(b, slot, b->live[parent]);
        slot = parent;
    }
    heap_set(b, slot, id);
}

static void heap_down(azi_bneck *b, uint32_t slot, uint32_t n)
{
    uint32_t id = b->live[slot];
    for (;;) {
        uint32_t c = 2 * slot + 1;
        if (c >= n)
            break;
        if (c + 1 < n && longer(&b->buf[b->live[c + 1]], &b->buf[b->live[c]]))
            c++;
        if (!longer(&b->buf[b->live[c]], &b->buf[id]))
            break;
        heap_set(b, slot, b->live[c]);
        slot = c;
    }
    heap_set(b, slot, id);
}

/* Removes period id from the heap of n; returns the new size. */
static uint32_t heap_remove(azi_bneck *b, uint32_t id, uint32_t n)
{
    uint32_t slot = b->livepos[b->buf[id].station], last = b->live[--n];
    if (slot == n)
        return n;
    b->live[slot] = last;
    heap_up(b, slot);
    heap_down(b, b->livepos[b->buf[last].station], n);
    return n;
}

/* Sweeps the buffer over [done, f), then drops what is no longer needed:
 * periods that the one still running since of (<= now) dominates. */
static void settle(azi_bneck *b, double f, double of, double now)
{
    b->settles++;
    if (f > b->done) {
        sweep_ev *ev = b->ev;
        uint32_t ne = 0, nlive = 0;
        for (uint32_t i = 0; i < b->n; i++) {
            double s = b->buf[i].start > b->done ? b->buf[i].start : b->done;
            double e = b->buf[i].end < f ? b->buf[i].end : f;
            if (e > s) {
                ev[ne++] = (sweep_ev){s, 1, i};
                ev[ne++] = (sweep_ev){e, 0, i};
            }
        }
        ev = sort_events(ev, ev + 2 * b->cap, ne);
        for (uint32_t k = 0; k < ne; k++) {
            if (k > 0 && ev[k].t > ev[k - 1].t && nlive > 0) {
                const azi_period *r = &b->buf[b->live[0]];
                /* a tie holds the root, so a child of it ties (note 4) */
                if ((nlive > 1 && tie(&b->buf[b->live[1]], r)) ||
                    (nlive > 2 && tie(&b->buf[b->live[2]], r)))
                    feed_tie(b, b->live[0], nlive, ev[k - 1].t, ev[k].t);
                else
                    feed(b, r, ev[k - 1].t, ev[k].t);
            }
            if (ev[k].kind) {
                b->live[nlive] = ev[k].id;
                heap_up(b, nlive++);
            } else {
                nlive = heap_remove(b, ev[k].id, nlive);
            }
        }
        b->done = f;
    }
    /* Keep periods still to be swept, less those the longest-running open
     * period dominates (inside it, and shorter than it already is). Only a
     * period still running may dominate: a pending one has ended. */
    uint32_t k = 0;
    for (uint32_t i = 0; i < b->n; i++) {
        const azi_period *p = &b->buf[i];
        if (p->end <= f)
            continue;
        if (of < now && p->start >= of && p->end - p->start < now - of)
            continue;
        b->buf[k++] = *p;
    }
    b->n = k;
}

/* One pass over the stations: *f, the settled frontier, is the earliest
 * start of an open or pending period, or now; *of, the earliest start of a
 * period still running (a pending one has ended, its length is known), or
 * now, and *who its station (UINT32_MAX if none began before now). */
static void frontiers(const azi_bneck *b, double now, double *f, double *of,
                      uint32_t *who)
{
    *f = *of = now;
    *who = UINT32_MAX;
    for (uint32_t i = 0; i < b->nst; i++) {
        double since = b->stn[i].since, pend = b->stn[i].pend_start;
        if (since >= 0 && since < *of) {
            *of = since;
            *who = i;
        }
        if (pend >= 0 && pend < *f)
            *f = pend;
    }
    if (*of < *f)
        *f = *of;
}

static az_status push(azi_bneck *b, azi_period p, az_error *err)
{
    if (b->n == b->cap) {
        uint32_t nc = b->cap ? 2 * b->cap : 64;
        azi_period *buf = azi_realloc(b->buf, nc * sizeof *buf);
        if (!buf)
            return az_error_set(err, AZ_ENOMEM, "out of memory");
        b->buf = buf;
        /* Two events a period, and as many again for the merge sort. */
        void *ev = azi_realloc(b->ev, 4 * (size_t)nc * sizeof(sweep_ev));
        if (!ev)
            return az_error_set(err, AZ_ENOMEM, "out of memory");
        b->ev = ev;
        b->cap = nc;
    }
    b->buf[b->n++] = p;
    return AZ_OK;
}

/* b->dom: the station whose running period began earliest, if one began
 * before now, and its start. */
static void find_dom(azi_bneck *b, double now)
{
    double f;
    frontiers(b, now, &f, &b->dom_since, &b->dom);
    b->since_scan = 0;
}

/* Station x's pending period becomes a closed one. */
static az_status close_pending(azi_bneck *b, uint32_t x, double now,
                               az_error *err)
{
    double s = b->stn[x].pend_start, e = b->stn[x].pend_end;
    b->stn[x].pend_start = -1;
    if (s < 0 || e <= s)
        return AZ_OK;
    /* inside the period b->dom still runs, and shorter than it is already:
     * settle would drop it unswept (note 2). When that period has ended,
     * look for the next one, but at most once per nst / 8 periods, so that
     * the scan costs at most 8 reads a period at any size. */
    b->since_scan++;
    if ((b->dom == UINT32_MAX || b->stn[b->dom].since != b->dom_since) &&
        b->since_scan >= b->nst / 8)
        find_dom(b, now);
    if (b->dom != UINT32_MAX) {
        double since = b->stn[b->dom].since;
        if (since == b->dom_since && s >= since && e - s < now - since)
            return AZ_OK;
    }
    az_status rc = push(b, (azi_period){s, e, x, 0}, err);
    if (rc == AZ_OK && b->n >= b->settle_at) {
        double f, of;
        uint32_t who;
        frontiers(b, now, &f, &of, &who);
        settle(b, f, of, now);
        /* A period open for long holds the frontier back, and most of the
         * buffer stays: settle again only when it has doubled, so that a
         * push costs O(1) amortised rather than a pass over the buffer. */
        uint32_t base = settle_base(b);
        b->settle_at = b->n > base / 2 ? 2 * b->n : base;
    }
    return rc;
}

az_status azi_bn_active(azi_bneck *b, uint32_t x, double t, az_error *err)
{
    if (b->stn[x].pend_start >= 0 && b->stn[x].pend_end == t) {
        b->stn[x].since = b->stn[x].pend_start; /* not interrupted after all */
        b->stn[x].pend_start = -1;
        return AZ_OK;
    }
    b->stn[x].since = t;
    return close_pending(b, x, t, err);
}

az_status azi_bn_inactive(azi_bneck *b, uint32_t x, double t, az_error *err)
{
    /* An older pending period is final: time has moved on since. */
    az_status rc = close_pending(b, x, t, err);
    b->stn[x].pend_start = b->stn[x].since;
    b->stn[x].pend_end = t;
    b->stn[x].since = -1;
    return rc;
}

az_status azi_bn_finish(azi_bneck *b, double t, az_error *err)
{
    for (uint32_t i = 0; i < b->nst; i++) {
        /* A period that ended just now (at a shift's end, when the run
         * ends off shift) may go on: it counts as open. */
        if (b->stn[i].pend_start >= 0 && b->stn[i].pend_end == t) {
            b->stn[i].since = b->stn[i].pend_start;
            b->stn[i].pend_start = -1;
        }
        az_status rc = close_pending(b, i, t, err);
        if (rc)
            return rc;
    }
    /* The open periods last, with no settle between: one would drop an
     * unbounded period that another, open still, contains. */
    for (uint32_t i = 0; i < b->nst; i++) {
        double since = b->stn[i].since;
        b->stn[i].since = -1;
        if (since < 0 || !(t > since))
            continue;
        /* Cut here. Over half the window it is unbounded (bottleneck.h):
         * its length is unknown. */
        uint32_t unb = t > b->from && 2 * (t - since) >= t - b->from;
        az_status rc = push(b, (azi_period){since, t, i, unb}, err);
        if (rc)
            return rc;
    }
    settle(b, t, t, t); /* every period is closed now */
    if (b->have_seg)
        account(b, NULL);
    b->have_seg = 0;
    return AZ_OK;
}

/* ---- snapshot (engine/snapshot.c) ---- */

static void period_io(azi_ar *ar, azi_period *p)
{
    azi_ar_f64(ar, &p->start);
    azi_ar_f64(ar, &p->end);
    azi_ar_u32(ar, &p->station);
    azi_ar_u32(ar, &p->unbounded);
}

az_status azi_bn_io(azi_bneck *b, azi_ar *ar, az_error *err)
{
    azi_ar_expect(ar, b->nst);
    for (uint32_t i = 0; i < b->nst; i++) {
        azi_ar_f64(ar, &b->stn[i].since);
        azi_ar_f64(ar, &b->stn[i].pend_start);
        azi_ar_f64(ar, &b->stn[i].pend_end);
        azi_ar_f64(ar, &b->sole[i]);
        azi_ar_f64(ar, &b->shifting[i]);
        azi_ar_f64(ar, &b->tied[i]);
    }
    uint32_t n = b->n;
    azi_ar_u32(ar, &n);
    if (ar->reading) { /* room for n periods, as push makes it */
        b->n = 0;
        for (uint32_t i = 0; i < n && !ar->bad; i++) {
            azi_period p = {0, 0, UINT32_MAX, 0};
            period_io(ar, &p);
            if (p.station >= b->nst)
                ar->bad = 1;
            else if (push(b, p, err))
                return AZ_ENOMEM;
        }
    } else {
        for (uint32_t i = 0; i < n; i++)
            period_io(ar, &b->buf[i]);
    }
    azi_ar_u32(ar, &b->settle_at);
    azi_ar_u64(ar, &b->settles);
    /* the early drop's state too: which periods it drops decides when
     * the sweeps fall, and so the last bits of tied shares */
    azi_ar_u32(ar, &b->dom);
    azi_ar_f64(ar, &b->dom_since);
    azi_ar_u32(ar, &b->since_scan);
    azi_ar_f64(ar, &b->done);
    azi_ar_f64(ar, &b->from);
    azi_ar_int(ar, &b->have_seg);
    azi_ar_int(ar, &b->have_prev);
    azi_ar_int(ar, &b->have_alt);
    period_io(ar, &b->seg);
    period_io(ar, &b->prev);
    period_io(ar, &b->alt);
    azi_ar_f64(ar, &b->seg_a);
    azi_ar_f64(ar, &b->seg_b);
    if (ar->reading && ((b->dom != UINT32_MAX && b->dom >= b->nst) ||
                        (b->have_seg && b->seg.station >= b->nst) ||
                        (b->have_prev && b->prev.station >= b->nst) ||
                        (b->have_alt && b->alt.station >= b->nst)))
        ar->bad = 1;
    return AZ_OK;
}
