/*
 * calendar.c: the event pool, handles and public calendar API; the ordering
 * itself is delegated to one of the structures through an ops table
 * (calendar_impl.h has the design notes).
 *
 * Memory: create allocates the pool; push allocates only when every slot is
 * taken, and then doubles the pool. Pop, cancel, reschedule and reset never
 * allocate, so after warm-up a run allocates nothing.
 *
 * Push and pop are inline fast paths for the default 4-ary heap
 * (calendar_impl.h, note 5) over the generic azi_cal_push_slow and
 * azi_cal_pop_slow below. A small 4-ary heap's entries may be in no
 * order (note 6): whatever hands them to the structure's ops builds the
 * heap first.
 */
#include "calendar_impl.h"
#include "util/alloc.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

/* Chosen by bench/hold (docs/performance.md, "Event calendar"). The inline
 * push and pop (calendar_impl.h) are this kind's: with another default, every
 * event would take the slow path. */
#define AZI_CAL_DEFAULT_KIND AZ_CAL_QUAD_HEAP

enum { INITIAL_CAP = 64 };

static az_calendar_kind resolve(az_calendar_kind kind)
{
    return kind == AZ_CAL_DEFAULT ? AZI_CAL_DEFAULT_KIND : kind;
}

static const azi_cal_ops *ops_of(az_calendar_kind kind)
{
    switch (kind) {
    case AZ_CAL_BINARY_HEAP: return &azi_cal_heap2_ops;
    case AZ_CAL_QUAD_HEAP: return &azi_cal_heap4_ops;
    case AZ_CAL_PAIRING_HEAP: return &azi_cal_pairing_ops;
    case AZ_CAL_CALENDAR_QUEUE: return &azi_cal_queue_ops;
    case AZ_CAL_DEFAULT: break;
    }
    return NULL;
}

static inline az_event_id handle(const az_calendar *c, uint32_t s)
{
    return ((uint64_t)c->slot[s].gen << 32) | s;
}

/* The slot of a pending event, or AZI_CAL_NIL for a stale or bogus handle. */
static uint32_t lookup(const az_calendar *c, az_event_id id)
{
    uint32_t s = (uint32_t)id, gen = (uint32_t)(id >> 32);
    if (s >= c->cap || !(gen & 1) || c->slot[s].gen != gen)
        return AZI_CAL_NIL;
    return s;
}

/* Returns slot s to the free list; the generation bump makes its handle
 * stale. */
static void release(az_calendar *c, uint32_t s)
{
    c->slot[s].gen++;
    c->pos[s] = c->free_head;
    c->free_head = s;
}

/* Grows the pool to at least `want` slots (doubling), threading the new
 * slots onto the free list. Unchanged on failure: arrays that did grow are
 * just bigger than cap until the next attempt. */
static az_status grow(az_calendar *c, size_t want, az_error *err)
{
    /* The largest per-slot array is the pairing heap's; the bound matters
     * only where size_t is 32 bits. */
    if (want > AZI_CAL_MAX_CAP || want > SIZE_MAX / sizeof(azi_cal_pnode))
        return az_error_set(err, AZ_ENOMEM,
                            "calendar cannot hold %zu events", want);
    size_t newcap = c->cap ? c->cap : want;
    while (newcap < want)
        newcap = newcap <= AZI_CAL_MAX_CAP / 2 ? 2 * newcap : AZI_CAL_MAX_CAP;
    if (newcap > SIZE_MAX / sizeof(azi_cal_pnode))
        newcap = want;
    azi_cal_slot *sl = azi_realloc(c->slot, newcap * sizeof *sl);
    if (sl)
        c->slot = sl;
    uint32_t *pos = sl ? azi_realloc(c->pos, newcap * sizeof *pos) : NULL;
    if (pos)
        c->pos = pos;
    if (!pos || !c->ops->grow(c, newcap))
        return az_error_set(err, AZ_ENOMEM,
                            "cannot grow the calendar to %zu events", newcap);
    for (size_t i = c->cap; i < newcap; i++) {
        c->slot[i].gen = 0;
        c->pos[i] = (uint32_t)(i + 1);
    }
    c->pos[newcap - 1] = c->free_head;
    c->free_head = (uint32_t)c->cap;
    c->cap = newcap;
    return AZ_OK;
}

az_status az_calendar_create(az_calendar_kind kind, size_t hint,
                             az_calendar **out, az_error *err)
{
    *out = NULL;
    const azi_cal_ops *ops = ops_of(resolve(kind));
    if (!ops)
        return az_error_set(err, AZ_EINVAL, "unknown calendar kind %d",
                            (int)kind);
    az_calendar *c = azi_calloc(1, sizeof *c);
    if (!c)
        return az_error_set(err, AZ_ENOMEM, "cannot allocate a calendar");
    c->ops = ops;
    c->kind = resolve(kind);
    c->free_head = c->root = AZI_CAL_NIL;
    c->lin_w = AZI_CAL_LIN_W0;
    az_status rc = grow(c, hint ? hint : INITIAL_CAP, err);
    if (rc != AZ_OK) {
        az_calendar_free(c);
        return rc;
    }
    *out = c;
    return AZ_OK;
}

void az_calendar_free(az_calendar *c)
{
    if (!c)
        return;
    if (c->ops->destroy)
        c->ops->destroy(c);
    free(c->slot);
    free(c->pos);
    free(c->heap);
    free(c->node);
    free(c);
}

/* O(capacity): every pending handle goes stale and the free list is rebuilt
 * in the order a new calendar would hand slots out. */
void az_calendar_reset(az_calendar *c)
{
    for (size_t i = 0; i < c->cap; i++) {
        c->slot[i].gen += c->slot[i].gen & 1;
        c->pos[i] = (uint32_t)(i + 1);
    }
    c->pos[c->cap - 1] = AZI_CAL_NIL;
    c->free_head = 0;
    c->root = AZI_CAL_NIL;
    c->lin = 0;
    c->lin_w = AZI_CAL_LIN_W0;
    c->n = 0;
    c->now = 0.0;
    c->seq = c->split_seq = 0;
    if (c->ops->reset)
        c->ops->reset(c);
}

/* AZ_OK if an event may be scheduled at time *t; the calendar is untouched.
 * Turns -0.0 into +0.0, which azi_cal_less relies on. */
static az_status time_error(const az_calendar *c, double t, az_error *err)
{
    if (!isfinite(t))
        return az_error_set(err, AZ_EINVAL, "event time %g is not finite", t);
    return az_error_set(err, AZ_EPAST,
                        "event time %.17g is before the clock %.17g", t,
                        c->now);
}

/* On the hot path: one compare decides; messages are built out of line. */
static inline az_status check_time(const az_calendar *c, double *tp,
                                   az_error *err)
{
    double t = *tp;
    if (t == 0.0)
        *tp = 0.0;
    if (t >= c->now && t <= DBL_MAX)
        return AZ_OK;
    return time_error(c, t, err);
}

/* The generic push, for any kind and any case: the fast path's fallback.
 * Same contract as az_calendar_push. */
az_status azi_cal_push_slow(az_calendar *c, double time, int8_t priority,
                            uint32_t type, uint32_t obj, uint64_t data,
                            az_event_id *id, az_error *err)
{
    azi_cal_heap4_build(c);
    az_status rc = check_time(c, &time, err);
    if (rc != AZ_OK)
        return rc;
    if (c->free_head == AZI_CAL_NIL &&
        (rc = grow(c, c->cap + 1, err)) != AZ_OK)
        return rc;
    uint32_t s = c->free_head;
    c->free_head = c->pos[s];
    azi_cal_slot *sl = &c->slot[s];
    sl->gen++;
    sl->data = data;
    sl->type = type;
    sl->obj = obj;
    sl->priority = priority;
    c->ops->insert(c, s, time, azi_cal_next_key(c, priority));
    c->n++;
    if (id)
        *id = handle(c, s);
    return AZ_OK;
}

/* The generic pop, for any kind: the fast path's fallback. Same contract as
 * az_calendar_pop. */
az_status azi_cal_pop_slow(az_calendar *c, az_event *ev)
{
    azi_cal_heap4_build(c);
    if (c->n == 0)
        return AZ_EEMPTY;
    double t;
    uint32_t s = c->ops->pop(c, &t);
    c->n--;
    c->now = t;
    if (ev) {
        const azi_cal_slot *sl = &c->slot[s];
        ev->time = t;
        ev->type = sl->type;
        ev->obj = sl->obj;
        ev->data = sl->data;
        ev->id = handle(c, s);
    }
    release(c, s);
    return AZ_OK;
}

/* The public push and pop are the inline fast paths; link-time optimisation
 * inlines these wrappers into the engine. */
az_status az_calendar_push(az_calendar *c, double time, int8_t priority,
                           uint32_t type, uint32_t obj, uint64_t data,
                           az_event_id *id, az_error *err)
{
    return azi_cal_push(c, time, priority, type, obj, data, id, err);
}

az_status az_calendar_pop(az_calendar *c, az_event *ev)
{
    return azi_cal_pop(c, ev);
}

double az_calendar_peek_time(const az_calendar *c)
{
    return c->n ? c->ops->min_time(c) : INFINITY;
}

az_status az_calendar_cancel(az_calendar *c, az_event_id id)
{
    uint32_t s = lookup(c, id);
    if (s == AZI_CAL_NIL)
        return AZ_ENOTFOUND;
    azi_cal_heap4_build(c);
    c->ops->remove(c, s);
    c->n--;
    release(c, s);
    return AZ_OK;
}

az_status az_calendar_reschedule(az_calendar *c, az_event_id id, double time,
                                 az_error *err)
{
    uint32_t s = lookup(c, id);
    if (s == AZI_CAL_NIL)
        return az_error_set(err, AZ_ENOTFOUND,
                            "no pending event with handle %#llx",
                            (unsigned long long)id);
    az_status rc = check_time(c, &time, err);
    if (rc != AZ_OK)
        return rc;
    azi_cal_heap4_build(c);
    c->ops->update(c, s, time, azi_cal_next_key(c, c->slot[s].priority));
    return AZ_OK;
}

az_status az_calendar_event_time(const az_calendar *c, az_event_id id,
                                 double *time)
{
    uint32_t s = lookup(c, id);
    if (s == AZI_CAL_NIL)
        return AZ_ENOTFOUND;
    *time = c->ops->time_of(c, s);
    return AZ_OK;
}

double az_calendar_now(const az_calendar *c) { return c->now; }

size_t az_calendar_size(const az_calendar *c) { return c->n; }

az_calendar_kind az_calendar_get_kind(const az_calendar *c) { return c->kind; }

const char *az_calendar_kind_name(az_calendar_kind kind)
{
    switch (resolve(kind)) {
    case AZ_CAL_BINARY_HEAP: return "binary-heap";
    case AZ_CAL_QUAD_HEAP: return "quad-heap";
    case AZ_CAL_PAIRING_HEAP: return "pairing-heap";
    case AZ_CAL_CALENDAR_QUEUE: return "calendar-queue";
    case AZ_CAL_DEFAULT: break;
    }
    return "unknown";
}

size_t azi_cal_capacity(const az_calendar *c) { return c->cap; }

bool azi_cal_check(const az_calendar *c)
{
    size_t live = 0, free_count = 0;
    for (size_t i = 0; i < c->cap; i++)
        live += c->slot[i].gen & 1;
    for (uint32_t s = c->free_head; s != AZI_CAL_NIL; s = c->pos[s]) {
        if (s >= c->cap || (c->slot[s].gen & 1) || ++free_count > c->cap)
            return false;
    }
    return live == c->n && live + free_count == c->cap && c->ops->check(c);
}
