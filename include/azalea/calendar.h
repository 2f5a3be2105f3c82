/*
 * calendar.h: the pending-event set of one simulation.
 *
 * Events pop in (time, priority, seq) order: lower time first, then lower
 * priority value, then insertion order (seq is a per-calendar counter), so
 * equal-time events fire in a defined, reproducible order. Scheduling before
 * the calendar's clock is AZ_EPAST. The clock is the time of the last popped
 * event.
 *
 * No allocation per event: event records live in a pool that grows by
 * doubling, so after warm-up push and pop never allocate. A handle names one
 * scheduled event; it stays valid until that event pops or is cancelled, and a
 * stale handle is detected (AZ_ENOTFOUND), never confused with a newer event.
 *
 * Several priority-queue structures are implemented. The engine uses two:
 * the 4-ary heap (AZ_CAL_DEFAULT, the winner of the hold benchmark,
 * docs/performance.md) and, for models with many pending events, the
 * calendar queue. The binary and pairing heaps are kept for that benchmark
 * (bench/hold.c), which measures the choice, and as the reference that the
 * calendar tests hold every structure to; nothing else uses them.
 *
 * A calendar belongs to one simulation: it is not safe to use from two
 * threads at once. Calls that take no az_error * (pop, cancel, event_time)
 * return their status alone, with no message.
 */
#ifndef AZALEA_CALENDAR_H
#define AZALEA_CALENDAR_H

#include <stddef.h>
#include <stdint.h>

#include "azalea/error.h"

typedef enum az_calendar_kind {
    AZ_CAL_DEFAULT = 0,
    AZ_CAL_BINARY_HEAP,  /* benchmark and tests only */
    AZ_CAL_QUAD_HEAP,    /* 4-ary heap */
    AZ_CAL_PAIRING_HEAP, /* benchmark and tests only */
    AZ_CAL_CALENDAR_QUEUE /* Brown's calendar queue: O(1) for many events */
} az_calendar_kind;

typedef struct az_calendar az_calendar;

/* Handle of a scheduled event: pool slot and generation. 0 is never a valid
 * handle, so it can mean "none". */
typedef uint64_t az_event_id;

/* What an event carries: its time and a small payload the engine interprets
 * (what happens, to which object, with which datum). */
typedef struct az_event {
    double time;
    uint32_t type;
    uint32_t obj;
    uint64_t data;
    az_event_id id;
} az_event;

/* A calendar of the given structure with room for `hint` pending events
 * before it first grows (0 for a small default). Clock starts at 0.
 * On AZ_OK *out is yours; free it with az_calendar_free. On error *out is
 * NULL and nothing leaks: AZ_EINVAL for an unknown kind, AZ_ENOMEM if the
 * pool cannot be allocated (or hint exceeds 2^32 - 2 events). */
az_status az_calendar_create(az_calendar_kind kind, size_t hint,
                             az_calendar **out, az_error *err);
/* Frees c and every pending event; NULL is a no-op. */
void az_calendar_free(az_calendar *c);

/* Drops every pending event, sets the clock to 0 and the sequence counter to
 * 0, keeping the memory: a reused calendar pops exactly like a new one (its
 * handles may differ). Old handles become stale. O(capacity); never fails. */
void az_calendar_reset(az_calendar *c);

/* Schedules an event at `time` (>= clock, finite). *id (if id is not NULL)
 * receives its handle. AZ_EPAST or AZ_EINVAL for a bad time, AZ_ENOMEM if the
 * pool cannot grow; the calendar and *id are unchanged on error. */
az_status az_calendar_push(az_calendar *c, double time, int8_t priority,
                           uint32_t type, uint32_t obj, uint64_t data,
                           az_event_id *id, az_error *err);

/* Removes the first event into *ev (if ev is not NULL) and advances the
 * clock to its time. ev->id is the event's now-stale handle, useful only to
 * match it against handles the caller kept. AZ_EEMPTY when nothing is
 * pending (*ev is then untouched). Never allocates. */
az_status az_calendar_pop(az_calendar *c, az_event *ev);

/* Time of the first pending event, or +inf when none. */
double az_calendar_peek_time(const az_calendar *c);

/* Removes a pending event. AZ_ENOTFOUND if it already popped or was
 * cancelled, or the handle is 0 or bogus. O(log n) (amortized for the
 * pairing heap). */
az_status az_calendar_cancel(az_calendar *c, az_event_id id);

/* Moves a pending event to a new time (>= clock, finite), earlier or later.
 * It keeps its priority and takes a fresh seq, as if cancelled and pushed
 * again, but keeps its handle. AZ_ENOTFOUND, AZ_EPAST or AZ_EINVAL leave the
 * calendar unchanged. O(log n). */
az_status az_calendar_reschedule(az_calendar *c, az_event_id id,
                                 double time, az_error *err);

/* Scheduled time of a pending event; AZ_ENOTFOUND if not pending (*time is
 * then untouched). */
az_status az_calendar_event_time(const az_calendar *c, az_event_id id,
                                 double *time);

/* The clock: time of the last popped event, 0 before any pop. */
double az_calendar_now(const az_calendar *c);
/* Number of pending events. */
size_t az_calendar_size(const az_calendar *c);
/* The structure in use; AZ_CAL_DEFAULT is reported as the kind it maps to. */
az_calendar_kind az_calendar_get_kind(const az_calendar *c);
/* "binary-heap", "quad-heap", "pairing-heap", "calendar-queue"
 * (AZ_CAL_DEFAULT gives the name of the kind it maps to), "unknown" for any
 * other value. Static strings. */
const char *az_calendar_kind_name(az_calendar_kind kind);

#endif
