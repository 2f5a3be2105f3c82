/*
 * cal_queue.c: calendar queue (Brown 1988) for the calendar: buckets of
 * width w in a circular "year" of nb buckets, each a list sorted in
 * (time, key) order. Push and pop cost O(1) on average whatever the number
 * of pending events, where a heap's grow with its depth; for the thousands
 * of pending events of a very large line (docs/performance.md, Growth).
 *
 * Exact order. An event's virtual bucket vb = floor(time / w) (capped,
 * azi_cal_vbucket) never decreases with its time; it sits in bucket
 * vb mod nb. `cur` is a virtual bucket no pending event precedes. Then the
 * head of bucket cur mod nb, if its vb is cur, is the smallest pending event
 * (same vb means same bucket, and the bucket is sorted; a larger vb means a
 * later time), so the pop order is exactly the heaps' (calendar_impl.h,
 * note 3), ties included, whatever w and nb are. They matter for speed only.
 *
 * Sizing. nb doubles when the events outnumber 2 nb and halves below nb / 2;
 * w is then 3 times the mean gap between the earliest events (Brown's rule).
 * Every nb operations the work done (empty buckets passed, list nodes passed)
 * is checked, and a poor w is re-estimated. Bucket arrays are sized with the
 * pool (grow), so resizing never allocates.
 */
#include "calendar_impl.h"
#include "util/alloc.h"

#include <math.h>
#include <stdlib.h>

#define NIL AZI_CAL_NIL
#define MIN_BUCKETS 16
#define SAMPLE 25          /* earliest events whose gaps set the width */
#define MAX_WORK 8         /* work per operation that triggers a new width */

typedef azi_cal_qnode qnode;

static inline bool qless(const qnode *a, const qnode *b)
{
    return azi_cal_less(a->time, a->key, b->time, b->key);
}


/* Links node s (time and key set) into its bucket. Buckets are singly
 * linked: a new event is mostly later than those already there and goes
 * after the tail; otherwise the short list is walked from the head. A pop
 * then touches the bucket and its first node only. */
static void link_node(struct azi_cal_cq *q, uint32_t s)
{
    qnode *nd = q->node, *x = &nd[s];
    azi_cal_bucket *bk = &q->bucket[azi_cal_vbucket(q, x->time) & (q->nb - 1)];
    x->next = NIL;
    if (bk->tail == NIL) {
        bk->head = bk->tail = s;
        return;
    }
    if (!qless(x, &nd[bk->tail])) {
        nd[bk->tail].next = s;
        bk->tail = s;
        return;
    }
    azi_cal_cq_link_inside(q, bk, s);
}

void azi_cal_cq_link_inside(struct azi_cal_cq *q, azi_cal_bucket *bk,
                            uint32_t s)
{
    qnode *nd = q->node, *x = &nd[s];
    uint32_t prev = NIL, p = bk->head;
    while (!qless(x, &nd[p])) { /* stops at the tail at the latest */
        prev = p;
        p = nd[p].next;
        q->work++;
    }
    x->next = p;
    if (prev == NIL)
        bk->head = s;
    else
        nd[prev].next = s;
}

/* Takes node s out of its bucket: for cancels and reschedules, which walk
 * the short list to s. */
static void unlink_node(struct azi_cal_cq *q, uint32_t s)
{
    qnode *nd = q->node;
    azi_cal_bucket *bk =
        &q->bucket[azi_cal_vbucket(q, nd[s].time) & (q->nb - 1)];
    uint32_t prev = NIL;
    for (uint32_t p = bk->head; p != s; p = nd[p].next) {
        prev = p;
        q->work++;
    }
    if (prev == NIL)
        bk->head = nd[s].next;
    else
        nd[prev].next = nd[s].next;
    if (bk->tail == s)
        bk->tail = prev;
}

/* The width for the pending events chained from `first` through next:
 * 3 times the mean gap between the SAMPLE earliest, or the old width when
 * they are too few or all at one time. */
static double estimate_width(const struct azi_cal_cq *q, uint32_t first)
{
    double t[SAMPLE];
    size_t k = 0;
    for (uint32_t s = first; s != NIL; s = q->node[s].next) {
        double x = q->node[s].time;
        if (k == SAMPLE && x >= t[k - 1])
            continue;
        size_t i = k < SAMPLE ? k++ : k - 1; /* drop the largest if full */
        while (i > 0 && t[i - 1] > x) {
            t[i] = t[i - 1];
            i--;
        }
        t[i] = x;
    }
    double w = k >= 2 ? 3 * (t[k - 1] - t[0]) / (double)(k - 1) : 0;
    return w > 0 && isfinite(w) && isfinite(1 / w) ? w : q->width;
}

/* Re-buckets every pending event into nb buckets with a fresh width. */
static void rebuild(az_calendar *c, size_t nb)
{
    struct azi_cal_cq *q = c->cq;
    uint32_t first = NIL; /* every pending node, chained through next */
    for (size_t b = 0; b < q->nb; b++) {
        for (uint32_t s = q->bucket[b].head; s != NIL;) {
            uint32_t nx = q->node[s].next;
            q->node[s].next = first;
            first = s;
            s = nx;
        }
        q->bucket[b].head = q->bucket[b].tail = NIL;
    }
    q->width = estimate_width(q, first);
    q->inv = 1 / q->width;
    q->nb = nb;
    for (size_t b = 0; b < nb; b++)
        q->bucket[b].head = q->bucket[b].tail = NIL;
    q->cur = azi_cal_vbucket(q, c->now); /* every pending event is at or after now */
    for (uint32_t s = first; s != NIL;) {
        uint32_t nx = q->node[s].next;
        link_node(q, s);
        s = nx;
    }
    q->work = q->ops = 0;
}

/* After an operation leaving n events: resize, or re-estimate a width that
 * makes operations slow. */
void azi_cal_cq_tune(az_calendar *c, size_t n)
{
    struct azi_cal_cq *q = c->cq;
    if (n > 2 * q->nb && 2 * q->nb <= q->nbmax)
        rebuild(c, 2 * q->nb);
    else if (n < q->nb / 2 && q->nb > MIN_BUCKETS)
        rebuild(c, q->nb / 2);
    else if (++q->ops >= q->nb) {
        if (q->work > MAX_WORK * q->ops)
            rebuild(c, q->nb);
        q->work = q->ops = 0;
    }
}

static void insert(az_calendar *c, uint32_t s, double time, uint64_t key)
{
    struct azi_cal_cq *q = c->cq;
    qnode *x = &q->node[s];
    x->time = time;
    x->key = key;
    x->obj = c->slot[s].obj;
    link_node(q, s);
    azi_cal_cq_tune(c, c->n + 1);
}

/* The smallest pending node (n >= 1), without removing it; sets *cur to
 * its virtual bucket. */
static uint32_t find_min(const az_calendar *c, uint64_t *cur, uint64_t *work)
{
    const struct azi_cal_cq *q = c->cq;
    size_t mask = q->nb - 1;
    uint64_t v = *cur;
    for (size_t steps = 0; steps < q->nb; steps++, v++) {
        uint32_t h = q->bucket[v & mask].head;
        if (h != NIL && azi_cal_vbucket(q, q->node[h].time) == v) {
            *work += steps;
            *cur = v;
            return h;
        }
    }
    /* A whole year without an event: the smallest head is the minimum. */
    uint32_t best = NIL;
    for (size_t b = 0; b < q->nb; b++) {
        uint32_t h = q->bucket[b].head;
        if (h != NIL && (best == NIL || qless(&q->node[h], &q->node[best])))
            best = h;
    }
    *work += 2 * q->nb;
    *cur = azi_cal_vbucket(q, q->node[best].time);
    return best;
}

static uint32_t pop(az_calendar *c, double *time)
{
    struct azi_cal_cq *q = c->cq;
    uint32_t s = find_min(c, &q->cur, &q->work);
    azi_cal_bucket *bk = &q->bucket[q->cur & (q->nb - 1)]; /* s is its head */
    bk->head = q->node[s].next;
    if (bk->head == NIL)
        bk->tail = NIL;
    *time = q->node[s].time;
    azi_cal_cq_tune(c, c->n - 1);
    return s;
}

static void remove_node(az_calendar *c, uint32_t s)
{
    unlink_node(c->cq, s);
    azi_cal_cq_tune(c, c->n - 1);
}

static void update(az_calendar *c, uint32_t s, double time, uint64_t key)
{
    struct azi_cal_cq *q = c->cq;
    unlink_node(q, s);
    qnode *x = &q->node[s];
    x->time = time;
    x->key = key;
    link_node(q, s);
    azi_cal_cq_tune(c, c->n);
}

static double time_of(const az_calendar *c, uint32_t s)
{
    return c->cq->node[s].time;
}

static double min_time(const az_calendar *c)
{
    uint64_t cur = c->cq->cur, work = 0;
    return c->cq->node[find_min(c, &cur, &work)].time;
}

static bool grow(az_calendar *c, size_t newcap)
{
    struct azi_cal_cq *q = c->cq;
    if (!q) {
        if (!(q = azi_calloc(1, sizeof *q)))
            return false;
        q->nb = MIN_BUCKETS;
        q->width = 1.0;
        q->inv = 1.0;
        c->cq = q;
    }
    qnode *nd = azi_realloc(q->node, newcap * sizeof *nd);
    if (!nd)
        return false;
    q->node = nd;
    size_t nbmax = MIN_BUCKETS;
    while (nbmax < newcap && nbmax <= SIZE_MAX / 4)
        nbmax *= 2;
    if (nbmax > q->nbmax) { /* nb <= the old nbmax: its buckets are kept */
        azi_cal_bucket *bk = azi_realloc(q->bucket, nbmax * sizeof *bk);
        if (!bk)
            return false;
        q->bucket = bk;
        if (!q->nbmax)
            for (size_t b = 0; b < MIN_BUCKETS; b++)
                q->bucket[b].head = q->bucket[b].tail = NIL;
        q->nbmax = nbmax;
    }
    return true;
}

static void reset(az_calendar *c)
{
    struct azi_cal_cq *q = c->cq;
    for (size_t b = 0; b < q->nb; b++)
        q->bucket[b].head = q->bucket[b].tail = NIL;
    q->cur = 0;
    q->work = q->ops = 0;
}

static void destroy(az_calendar *c)
{
    if (!c->cq)
        return;
    free(c->cq->node);
    free(c->cq->bucket);
    free(c->cq);
}

/* Every bucket: sorted, ending at its tail, each node in the bucket of its
 * virtual bucket and none before cur; n nodes, all pending. */
static bool check(const az_calendar *c)
{
    const struct azi_cal_cq *q = c->cq;
    size_t seen = 0;
    if (q->nb < MIN_BUCKETS || q->nb > q->nbmax || (q->nb & (q->nb - 1)))
        return false;
    for (size_t b = 0; b < q->nb; b++) {
        uint32_t prev = NIL;
        for (uint32_t s = q->bucket[b].head; s != NIL;
             prev = s, s = q->node[s].next) {
            const qnode *x = &q->node[s];
            uint64_t vb = azi_cal_vbucket(q, x->time);
            if (s >= c->cap || !(c->slot[s].gen & 1) || ++seen > c->n ||
                (vb & (q->nb - 1)) != b || vb < q->cur ||
                (prev != NIL && !qless(&q->node[prev], x)))
                return false;
        }
        if (q->bucket[b].tail != prev)
            return false;
    }
    return seen == c->n;
}

const azi_cal_ops azi_cal_queue_ops = {insert, pop,  remove_node, update,
                                       time_of, min_time, grow,   check,
                                       reset,  destroy};
