/*
 * snapshot.c: the state of a run at an instant, written as a state file
 * (azalea/state.h, docs/twin.md) that a later run starts from; its shop
 * floor section is floor.c's.
 *
 * az_sim_snapshot runs a replication to time T and, before anything
 * happens at T (an EV_SNAPSHOT of the lowest priority, first of the
 * run's own events at its time: run.c, ctl_add),
 * writes two sections:
 *   - the shop floor, as a person would write it (units in buffers, on
 *     conveyors, on machines with their work left, in cartons; machines
 *     down and set up; stores; orders), from which every replication
 *     but the first starts with its own streams (engine/initial.c);
 *   - `engine:`, everything the run needs to go on exactly as if it had
 *     not stopped: every unit record and list, every machine's and
 *     station's fields, the random streams' positions, the sources'
 *     positions in their sequences, plans, lots, campaigns and orders,
 *     the pools, the calendar's state, the bottleneck detector, and the
 *     pending events in the order they would pop.
 * A run from the snapshot restores the engine section in replication 0
 * (azi_snapshot_restore), then restarts its statistics at T as a warm-up
 * ending at T would: its results are those of the uninterrupted run's
 * window from T, bit for bit (tests/validation/test_snapshot.c).
 *
 * One walk (engine_io) writes and reads the engine section through an
 * archive (archive.h), so the two cannot drift apart; a model that does
 * not match (counts, indices out of range, tokens left over or missing)
 * is refused, and so is a shop floor edited after it was written (the
 * section holds its hash). Pending events are re-pushed in pop order, so ties keep
 * their order; their handles are given back to the machines that hold
 * them. The run's own events (WARMUP, THIRD, END) are not written: the
 * resumed run makes its own, and a shift change at or after its end is
 * dropped (an uninterrupted run would not have pushed it).
 *
 * Not kept: the observer's unit ids (they count releases of the resumed
 * run) and the event count.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archive.h"
#include "calendar_impl.h"
#include "engine/engine.h"
#include "state_impl.h"
#include "stats_impl.h"
#include "util/alloc.h"
#include "util/date.h"

/* ---- the engine section ---- */

static void rng_io(azi_ar *ar, az_rng *r)
{
    for (int i = 0; i < 2; i++)
        azi_ar_u64(ar, &r->key_[i]);
    for (int i = 0; i < 4; i++)
        azi_ar_u64(ar, &r->ctr_[i]);
    for (int i = 0; i < 4; i++)
        azi_ar_u64(ar, &r->out_[i]);
    azi_ar_u32(ar, &r->next_);
    if (r->next_ > 4)
        ar->bad = 1;
}

static void tavg_io(azi_ar *ar, az_timeavg *a)
{
    azi_ar_f64(ar, &a->t0_);
    azi_ar_f64(ar, &a->last_t_);
    azi_ar_f64(ar, &a->value_);
    azi_ar_f64(ar, &a->area_);
    azi_ar_f64(ar, &a->max_);
}

static void count_io(azi_ar *ar, azi_count *a)
{
    azi_ar_f64(ar, &a->last_t);
    azi_ar_f64(ar, &a->value);
    azi_ar_f64(ar, &a->area);
}

/* An enum's value x written, or read and returned (x itself when the
 * token is bad or not below n; the archive is then bad). */
static int enum_io(azi_ar *ar, int x, int n)
{
    int v = x;
    azi_ar_int(ar, &v);
    if (v >= n) {
        ar->bad = 1;
        return x;
    }
    return v;
}

/* A unit index: NONE or below the pool's size. */
static void unit_io(azi_ar *ar, uint32_t *u, uint32_t cap)
{
    azi_ar_u32(ar, u);
    if (*u != NONE && *u >= cap)
        ar->bad = 1;
}

static az_status units_io(az_sim *s, azi_ar *ar, az_error *err)
{
    uint32_t cap = s->nunit_cap;
    azi_ar_u32(ar, &cap);
    if (ar->bad)
        return AZ_OK;
    /* a unit takes at least 6 numbers of 2 characters: a pool larger than
     * the text could fill is not this run's (nor a way to take memory) */
    if (ar->reading && cap > strlen(ar->p) / 12 + 256)
        ar->bad = 1;
    while (ar->reading && !ar->bad && s->nunit_cap < cap) {
        /* grows as the run did: the same sizes */
        az_status rc = azi_source_grow(s, err);
        if (rc)
            return rc;
    }
    /* writing: a free unit's fields mean nothing (they may never have
     * been set): its link alone, and zeros */
    uint8_t *is_free = NULL;
    if (!ar->reading) {
        if (!(is_free = azi_calloc(cap ? cap : 1, 1)))
            return az_error_set(err, AZ_ENOMEM, "out of memory");
        for (uint32_t u = s->free_head; u != NONE; u = s->units[u].next)
            is_free[u] = 1;
    }
    for (uint32_t i = 0; i < cap && !ar->bad; i++) {
        unit blank = {s->units[i].next, 0, 0, 0, 0, 0};
        unit *un = is_free && is_free[i] ? &blank : &s->units[i];
        unit_io(ar, &un->next, cap);
        azi_ar_u32(ar, &un->step);
        azi_ar_u32(ar, &un->holder);
        azi_ar_u32(ar, &un->tries);
        azi_ar_f64(ar, &un->release_t);
        azi_ar_f64(ar, &un->enter_t);
        if (un->step >= s->nstep)
            ar->bad = 1;
        if (s->unit_order)
            azi_ar_u32(ar, &s->unit_order[i]);
        if (s->unit_lot)
            azi_ar_u32(ar, &s->unit_lot[i]);
    }
    free(is_free);
    unit_io(ar, &s->free_head, cap);
    if (ar->reading && !ar->bad && s->nunit_cap > cap) {
        /* units past the run's pool go last, in order: what the run's
         * next growth would have given */
        uint32_t *tail = &s->free_head;
        while (*tail != NONE)
            tail = &s->units[*tail].next;
        *tail = cap;
        for (uint32_t i = cap; i < s->nunit_cap; i++)
            s->units[i].next = i + 1 < s->nunit_cap ? i + 1 : NONE;
    }
    return AZ_OK;
}

static void stations_io(az_sim *s, azi_ar *ar)
{
    uint32_t cap = s->nunit_cap;
    for (uint32_t i = 0; i < s->nstation; i++) {
        station_rt *st = &s->st[i];
        station_cold *sc = &s->stc[i];
        azi_ar_u32(ar, &st->nidle);
        azi_ar_u32(ar, &st->ninactive);
        azi_ar_u32(ar, &st->nq);
        unit_io(ar, &st->qhead, cap);
        unit_io(ar, &st->qtail, cap);
        unit_io(ar, &st->whead, cap);
        unit_io(ar, &st->wtail, cap);
        count_io(ar, &st->queue);
        azi_ar_f64(ar, &st->queue_max);
        azi_ar_f64(ar, &st->time_sum);
        azi_ar_f64(ar, &st->wait_sum);
        azi_ar_u64(ar, &st->visits);
        azi_ar_u64(ar, &st->starts);
        count_io(ar, &st->onmach);
        rng_io(ar, &st->rng);
        rng_io(ar, &sc->trng);
        tavg_io(ar, &sc->parts_wait);
        azi_ar_int(ar, &sc->batch_pending);
        tavg_io(ar, &sc->packed);
        azi_ar_u64(ar, &sc->failures);
        azi_ar_u64(ar, &sc->setups);
        azi_ar_u64(ar, &sc->rejects);
        for (uint32_t p = 0; st->carton && p < s->nproduct; p++) {
            unit_io(ar, &sc->carton_head[p], cap);
            azi_ar_u32(ar, &sc->carton_n[p]);
        }
        for (uint32_t j = 0; j < st->ncomp; j++) {
            store_rt *k = &sc->store[j];
            azi_ar_u32(ar, &k->have);
            unit_io(ar, &k->whead, cap);
            unit_io(ar, &k->wtail, cap);
            azi_ar_u32(ar, &k->owed);
            azi_ar_f64(ar, &k->max);
            azi_ar_u64(ar, &k->in);
            azi_ar_u64(ar, &k->scrapped);
            tavg_io(ar, &k->content);
            tavg_io(ar, &k->lacking);
        }
    }
}

static void machines_io(az_sim *s, azi_ar *ar)
{
    uint32_t cap = s->nunit_cap;
    for (uint32_t i = 0; i < s->nmachine; i++) {
        machine_rt *m = &s->mach[i];
        machine_cold *c = &s->mcold[i];
        unit_io(ar, &m->unit, cap);
        m->state = (az_machine_state)enum_io(ar, (int)m->state, AZ_MS_COUNT);
        azi_ar_u32(ar, &m->nheld);
        azi_ar_u32(ar, &m->waits_on);
        m->resume = (az_machine_state)enum_io(ar, (int)m->resume,
                                              AZ_MS_COUNT);
        azi_ar_f64(ar, &m->ev_time);
        azi_ar_f64(ar, &m->remaining);
        azi_ar_f64(ar, &m->in_since);
        for (int k = 0; k < AZ_MS_COUNT; k++)
            azi_ar_f64(ar, &m->in_state[k]);
        azi_ar_u32(ar, &c->product);
        azi_ar_u32(ar, &c->family);
        azi_ar_f64(ar, &c->ttf);
        azi_ar_f64(ar, &c->since);
        azi_ar_f64(ar, &c->stop_t);
        azi_ar_f64(ar, &c->ttf_before);
        azi_ar_f64(ar, &c->repair);
        c->pending = (activity)enum_io(ar, (int)c->pending,
                                       ACT_MAINTAIN + 1);
        azi_ar_u32(ar, &c->next_wait);
        azi_ar_u32(ar, &c->holds);
        rng_io(ar, &c->rng);
        azi_ar_f64(ar, &c->before);
        azi_ar_int(ar, &c->packing);
        unit_io(ar, &c->pack_chain, cap);
        if (c->product != NONE && c->product >= s->nproduct)
            ar->bad = 1;
        m->ev = c->fail_ev = 0; /* given back with the events */
        if (!s->maint)
            continue;
        maint_rt *mt = &s->maint[i];
        azi_ar_f64(ar, &mt->left);
        azi_ar_f64(ar, &mt->since);
        azi_ar_f64(ar, &mt->stop_t);
        azi_ar_f64(ar, &mt->left_before);
        azi_ar_f64(ar, &mt->duration);
        azi_ar_int(ar, &mt->due);
        azi_ar_int(ar, &mt->fail_after);
        rng_io(ar, &mt->rng);
        mt->ev = 0;
    }
}

static void sources_io(az_sim *s, azi_ar *ar)
{
    uint32_t cap = s->nunit_cap;
    for (uint32_t g = 0; g < s->nstep; g++) {
        azi_ar_u64(ar, &s->step[g].sampled);
        rng_io(ar, &s->step[g].rng);
    }
    for (uint32_t i = 0; i < s->nsource; i++) {
        source_rt *so = &s->src[i];
        rng_io(ar, &so->rng);
        rng_io(ar, &so->mix_rng);
        unit_io(ar, &so->held, cap);
        azi_ar_int(ar, &so->shift_wait);
        azi_ar_u32(ar, &so->seq_pos);
        azi_ar_u32(ar, &so->plan_pos);
        azi_ar_u32(ar, &so->plan_due);
        azi_ar_u32(ar, &so->plan_left);
        azi_ar_int(ar, &so->plan_idle);
        azi_ar_int(ar, &so->paused);
        for (uint32_t k = 0; so->multi && k < s->nproduct; k++) {
            unit_io(ar, &so->hold[k], cap);
            azi_ar_u64(ar, &so->backlog[k]);
        }
        azi_ar_u32(ar, &so->lot_left);
        azi_ar_u32(ar, &so->lot_k);
        azi_ar_u32(ar, &so->lot_id);
        int in_lot = so->lot_together && so->ia != so->lot_ia;
        azi_ar_int(ar, &in_lot);
        if (ar->reading && so->lot_together && !in_lot)
            so->ia = so->lot_ia;
        else if (ar->reading && in_lot)
            ar->bad |= !so->lot_together; /* the gap: set by source.c */
        azi_ar_u32(ar, &so->ord_next);
        azi_ar_u32(ar, &so->ord_due);
        azi_ar_u32(ar, &so->ord_left);
        azi_ar_u32(ar, &so->ord_cur);
        azi_ar_int(ar, &so->ord_idle);
        azi_ar_u32(ar, &so->camp_pos);
        azi_ar_u32(ar, &so->camp_left);
        azi_ar_int(ar, &so->camp_started);
        azi_ar_f64(ar, &so->camp_end);
    }
}

static void orders_io(az_sim *s, azi_ar *ar)
{
    for (uint32_t i = 0; i < s->nord; i++) {
        order_rt *r = &s->ord[i];
        azi_ar_u32(ar, &r->out);
        azi_ar_u32(ar, &r->done);
        azi_ar_u32(ar, &r->on_time);
        azi_ar_u32(ar, &r->pre);
        azi_ar_f64(ar, &r->completed);
        azi_ar_u32(ar, &s->ord_seq[i]);
        if (s->ord_seq[i] >= s->nord)
            ar->bad = 1;
    }
    for (uint32_t d = 0; d < s->nday; d++)
        azi_ar_u64(ar, &s->day_out[d]);
}

static void system_io(az_sim *s, azi_ar *ar)
{
    for (uint32_t p = 0; p < s->npool; p++) {
        pool_rt *pl = &s->pools[p];
        azi_ar_u32(ar, &pl->size);
        azi_ar_u32(ar, &pl->busy);
        azi_ar_u32(ar, &pl->whead);
        azi_ar_u32(ar, &pl->wtail);
        tavg_io(ar, &pl->used);
        tavg_io(ar, &pl->staffed);
    }
    azi_ar_int(ar, &s->on_shift);
    for (uint32_t c = 0; c < s->ncal; c++)
        azi_ar_int(ar, &s->cals[c].on);
    azi_ar_f64(ar, &s->bn_w0);
    azi_ar_f64(ar, &s->bn_t0);
    azi_ar_int(ar, &s->bn_stopped);
    azi_ar_u64(ar, &s->released);
    azi_ar_u64(ar, &s->completed);
    azi_ar_u64(ar, &s->scrapped);
    azi_ar_u64(ar, &s->cartons);
    azi_ar_u32(ar, &s->capped);
    azi_ar_u64(ar, &s->released_all);
    azi_ar_u64(ar, &s->completed_all);
    azi_ar_u64(ar, &s->scrapped_all);
    azi_ar_u64(ar, &s->consumed_all);
    azi_ar_u64(ar, &s->backlog);
    tavg_io(ar, &s->backlog_avg);
    tavg_io(ar, &s->queue_avg);
    azi_ar_u32(ar, &s->lot_next);
    azi_ar_u32(ar, &s->lots_begun);
    azi_ar_u32(ar, &s->order_next);
    azi_ar_f64(ar, &s->window_from);
    for (uint32_t p = 0; p < s->nproduct; p++) {
        product_rt *pr = &s->prod[p];
        azi_ar_f64(ar, &pr->lead_sum);
        azi_ar_u64(ar, &pr->released);
        azi_ar_u64(ar, &pr->completed);
        azi_ar_u64(ar, &pr->scrapped);
        azi_ar_u64(ar, &pr->reworks);
        azi_ar_u64(ar, &pr->cartons);
        azi_ar_u64(ar, &pr->consumed);
    }
}

/* The priority each event type is pushed with (run.c, shift.c, source.c,
 * orders.c): a re-pushed event keeps its place among ties. */
static int8_t priority_of(uint32_t type)
{
    switch (type) {
    case EV_SHIFT:
        return -1;
    case EV_PLAN_DAY:
    case EV_ORDER:
        return -2;
    default:
        return 0;
    }
}

/* Whether event e's object is in range for its type. */
static int event_ok(const az_sim *s, const az_event *e)
{
    switch (e->type) {
    case EV_ARRIVE:
    case EV_PLAN_DAY:
    case EV_ORDER:
        return e->obj < s->nsource;
    case EV_BATCH_WAIT:
        return e->obj < s->nstation;
    case EV_TRANSIT:
        return e->obj < s->nstation && e->data < s->nunit_cap;
    case EV_SHIFT:
        return e->obj <= s->ncal;
    case EV_DONE:
        return e->obj < s->nmachine && e->data < s->nunit_cap;
    case EV_SETUP_DONE:
    case EV_FAIL:
    case EV_REPAIR:
    case EV_MAINT_END:
        return e->obj < s->nmachine;
    case EV_MAINT:
        return e->obj < s->nmachine && s->maint;
    default:
        return 0;
    }
}

/* The pending events (written: those of ev[0..n), in pop order; read:
 * pushed back, with their handles, those before `end` for shifts). */
static az_status events_io(az_sim *s, azi_ar *ar, az_event *ev, uint32_t n,
                           double end, az_error *err)
{
    azi_ar_u32(ar, &n);
    for (uint32_t i = 0; i < n && !ar->bad; i++) {
        az_event e = ar->reading ? (az_event){0} : ev[i];
        azi_ar_f64(ar, &e.time);
        azi_ar_u32(ar, &e.type);
        azi_ar_u32(ar, &e.obj);
        azi_ar_u64(ar, &e.data);
        if (!ar->reading || ar->bad)
            continue;
        if (!event_ok(s, &e) || !(e.time >= s->t0)) {
            ar->bad = 1;
            break;
        }
        if (e.type == EV_SHIFT && e.time >= end)
            continue;
        if (e.type == EV_TRANSIT) /* counted by its station (the archive
                                   * does not keep the count) */
            s->stc[e.obj].ntransit++;
        az_event_id *h = e.type == EV_DONE || e.type == EV_SETUP_DONE
                             ? &s->mach[e.obj].ev
                         : e.type == EV_FAIL ? &s->mcold[e.obj].fail_ev
                         : e.type == EV_MAINT ? &s->maint[e.obj].ev
                                              : NULL;
        az_status rc = az_calendar_push(s->cal, e.time, priority_of(e.type),
                                        e.type, e.obj, e.data, h, err);
        if (rc)
            return rc;
    }
    return AZ_OK;
}

/* The units of the shop floor section, in its order (entry k is unit
 * list[k]): a run from the snapshot counts when each leaves. */
static void entries_io(az_sim *s, azi_ar *ar, const uint32_t *list,
                       uint32_t n)
{
    azi_ar_u32(ar, &n);
    if (ar->reading && (!s->init || n != s->nentry))
        ar->bad = 1;
    for (uint32_t k = 0; k < n && !ar->bad; k++) {
        uint32_t u = list ? list[k] : 0;
        unit_io(ar, &u, s->nunit_cap);
        if (ar->reading && !ar->bad) {
            if (u == NONE || s->init_of[u] != NONE)
                ar->bad = 1;
            else
                azi_initial_mark(s, u, k);
        }
    }
}

/* The whole walk; ev/n: the pending events when writing, list/nlist the
 * shop floor's units. */
static az_status engine_io(az_sim *s, azi_ar *ar, az_event *ev, uint32_t n,
                           const uint32_t *list, uint32_t nlist, double end,
                           az_error *err)
{
    azi_ar_expect(ar, AZI_SNAP_VERSION);
    azi_ar_expect(ar, s->nstation);
    azi_ar_expect(ar, s->nmachine);
    azi_ar_expect(ar, s->nstep);
    azi_ar_expect(ar, s->nsource);
    azi_ar_expect(ar, s->nproduct);
    azi_ar_expect(ar, s->nord);
    azi_ar_expect(ar, s->npool);
    azi_ar_expect(ar, s->ncal);
    azi_ar_expect(ar, s->nday);
    azi_ar_expect(ar, (uint64_t)s->bn_on);
    az_status rc = units_io(s, ar, err);
    if (rc)
        return rc;
    stations_io(s, ar);
    machines_io(s, ar);
    sources_io(s, ar);
    orders_io(s, ar);
    system_io(s, ar);
    if (s->bn_on && (rc = azi_bn_io(&s->bn, ar, err)))
        return rc;
    entries_io(s, ar, list, nlist);
    return events_io(s, ar, ev, n, end, err);
}

/* A unit list from head that ends within the pool's size (a cycle or a
 * stray index is a section that is not a run's); waiting: its units are
 * held by a machine or a source. */
static int list_ok(const az_sim *s, uint32_t head, int waiting)
{
    uint32_t n = 0;
    for (uint32_t u = head; u != NONE; u = s->units[u].next)
        if (u >= s->nunit_cap || ++n > s->nunit_cap ||
            (waiting && s->units[u].holder >= s->nmachine + s->nsource))
            return 0;
    return 1;
}

/* What a read section must satisfy before the engine walks it: indices in
 * range, lists that end, and the counts the engine keeps equal to what
 * the machines' states say (engine.h's invariants 1 and 2). */
static int restored_ok(const az_sim *s)
{
    for (uint32_t u = 0; s->unit_order && u < s->nunit_cap; u++)
        if (s->unit_order[u] != NONE && s->unit_order[u] >= s->nord)
            return 0;
    if (!list_ok(s, s->free_head, 0))
        return 0;
    for (uint32_t x = 0; x < s->nstation; x++) {
        const station_rt *st = &s->st[x];
        const station_cold *sc = &s->stc[x];
        uint32_t idle = 0, inactive = 0;
        for (uint32_t k = 0; k < st->machines; k++) {
            const machine_rt *m = &s->mach[st->first_machine + k];
            const machine_cold *c = azi_mc(s, m);
            idle += m->state == AZ_MS_STARVED;
            inactive += (state_flags[m->state] & F_INACTIVE) != 0;
            if ((m->waits_on != NONE && m->waits_on >= s->nstation) ||
                (c->family != NONE && c->family >= s->nfamily) ||
                (c->holds != NONE && c->holds >= s->npool) ||
                (c->next_wait != NONE && c->next_wait >= s->nmachine) ||
                /* a batch is a chain; elsewhere `next` is stale */
                (m->unit != NONE && (st->batch_max ? !list_ok(s, m->unit, 0)
                                                   : m->unit >= s->nunit_cap)) ||
                (c->packing && !list_ok(s, c->pack_chain, 0)))
                return 0;
        }
        if (idle != st->nidle || inactive != st->ninactive ||
            !list_ok(s, st->qhead, 0) || !list_ok(s, st->whead, 1))
            return 0;
        for (uint32_t j = 0; j < st->ncomp; j++)
            if (!list_ok(s, sc->store[j].whead, 1))
                return 0;
        for (uint32_t p = 0; st->carton && p < s->nproduct; p++)
            if (!list_ok(s, sc->carton_head[p], 0))
                return 0;
    }
    for (uint32_t p = 0; p < s->npool; p++)
        if ((s->pools[p].whead != NONE &&
             s->pools[p].whead >= s->nmachine) ||
            (s->pools[p].wtail != NONE && s->pools[p].wtail >= s->nmachine))
            return 0;
    for (uint32_t i = 0; i < s->nsource; i++) {
        const source_rt *so = &s->src[i];
        if (so->seq_pos > so->nseq || so->plan_pos > so->plan_due ||
            so->plan_due > so->nplan || so->ord_next > so->ord_due ||
            so->ord_due > so->nord ||
            (so->nord && so->ord_cur != NONE && so->ord_cur >= s->nord) ||
            so->camp_pos > so->ncamp || (so->nmix && so->lot_k >= so->nmix))
            return 0;
    }
    return 1;
}

az_status azi_snapshot_restore(az_sim *s, double end, az_error *err)
{
    azi_ar ar;
    azi_ar_reader(&ar, s->init->engine);
    az_status rc = engine_io(s, &ar, NULL, 0, NULL, 0, end, err);
    if (rc)
        return rc;
    if (!ar.bad && !restored_ok(s))
        ar.bad = 1;
    if (!azi_ar_done(&ar))
        return az_error_set(err, AZ_EINVAL, "the state's engine section "
                            "does not fit this model: the snapshot was "
                            "written by another model, or the section was "
                            "changed (its number %llu); delete the section "
                            "to start from the shop floor alone",
                            (unsigned long long)ar.tokens);
    return AZ_OK;
}

/* ---- writing ---- */

az_status azi_snapshot_write(az_sim *s, double t, az_error *err)
{
    /* the pending events, in pop order (the run ends here) */
    size_t n = az_calendar_size(s->cal), k = 0;
    az_event *ev = azi_malloc((n ? n : 1) * sizeof *ev);
    if (!ev)
        return az_error_set(err, AZ_ENOMEM, "out of memory for a snapshot");
    az_event e;
    while (az_calendar_pop(s->cal, &e) == AZ_OK)
        if (e.type < EV_WARMUP) /* the run's own are the resumed run's */
            ev[k++] = e;
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    azi_ar ar;
    azi_ar_writer(&ar);
    azi_floor o = {f, s, t, azi_malloc((s->nunit_cap ? s->nunit_cap : 1) *
                                       sizeof *o.list), 0, s->nunit_cap};
    az_status rc = f && o.list ? AZ_OK : AZ_ENOMEM;
    if (!rc) {
        rc = azi_floor_write(&o, ev, (uint32_t)k)
                 ? az_error_set(err, AZ_ENOMEM, "out of memory writing a "
                                "snapshot")
                 : AZ_OK;
        if (!rc)
            rc = engine_io(s, &ar, ev, (uint32_t)k, o.list, o.n, INFINITY, err);
    }
    if (!rc && !ar.bad) {
        fflush(f); /* text and len now hold the shop floor */
        fprintf(f, "engine:\n  version: %d\n  time: %a\n  shop_floor: "
                   "%016llx\n  data_hash: %016llx\n  data: |\n    ",
                AZI_SNAP_VERSION, t,
                (unsigned long long)azi_ar_text_hash(text, len),
                (unsigned long long)azi_ar_tokens_hash(ar.buf ? ar.buf
                                                              : ""));
        for (const char *p = ar.buf; p && *p; p++) {
            fputc(*p, f);
            if (*p == '\n')
                fputs("    ", f);
        }
        fputc('\n', f);
    }
    int bad = !f || ferror(f) || ar.oom;
    if (f && fclose(f))
        bad = 1;
    int range = ar.bad && !bad; /* a check of engine_io, not memory */
    azi_ar_free(&ar);
    free(o.list);
    free(ev);
    if (!rc && range)
        rc = az_error_set(err, AZ_ERUNTIME, "internal error: the run's "
                          "state failed the snapshot's own checks (a value "
                          "out of range); no file written");
    if (rc || bad) {
        free(text);
        return rc ? rc : az_error_set(err, AZ_ENOMEM, "out of memory "
                                      "writing a snapshot");
    }
    free(s->snap_text);
    s->snap_text = text;
    return AZ_OK;
}

az_status az_sim_snapshot(az_sim *s, const az_run_config *cfg, double at,
                          char **text, az_error *err)
{
    if (text)
        *text = NULL;
    double t0 = s->init ? az_state_time(s->init) : 0;
    if (!text || !(at > t0) || !isfinite(at))
        return az_error_set(err, AZ_EINVAL, "a snapshot's time must be "
                            "after the run's start and finite");
    az_run_config c = *cfg;
    c.horizon = at - t0; /* checked as a horizon; the run stops at `at` */
    if (!(c.warmup < c.horizon))
        c.warmup = 0;
    s->snap_at = at;
    free(s->snap_text);
    s->snap_text = NULL;
    az_status rc = az_sim_run(s, &c, err);
    s->snap_at = NAN;
    if (rc)
        return rc;
    *text = s->snap_text; /* yours */
    s->snap_text = NULL;
    return AZ_OK;
}
