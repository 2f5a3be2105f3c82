/*
 * station.c: how units move: release from a source, admission to a station,
 * service on a machine, blocking after service, and leaving the system.
 *
 * Blocking after service: a machine that finishes a unit whose next station
 * has no room keeps the unit and is blocked; the unit joins that station's
 * waiting list. Room appears only when a machine frees or a unit leaves a
 * buffer for a machine; fill() then admits waiting units in FIFO order, and
 * each admission frees the machine (or source) that held the unit, which may
 * let that station fill in turn: blocking unwinds upstream as a chain.
 */
#include <math.h>
#include <stdlib.h>

#include "dist_impl.h"
#include "sim_impl.h"
#include "stats_impl.h"

static inline uint32_t pick(const double *cum, uint32_t n, az_rng *r)
{
    double u = azi_rng_uniform(r);
    uint32_t i = 0;
    while (i + 1 < n && u >= cum[i])
        i++;
    return i;
}

static inline int has_room(const station_rt *x)
{
    return x->busy < x->machines || x->nq < x->cap;
}

static inline void list_push(az_sim *s, uint32_t *head, uint32_t *tail,
                             uint32_t u)
{
    s->units[u].next = NONE;
    if (*tail == NONE)
        *head = u;
    else
        s->units[*tail].next = u;
    *tail = u;
}

static inline uint32_t list_pop(az_sim *s, uint32_t *head, uint32_t *tail)
{
    uint32_t u = *head;
    *head = s->units[u].next;
    if (*head == NONE)
        *tail = NONE;
    return u;
}

/* Puts unit u on a free machine of station x and schedules its end. */
static inline az_status start(az_sim *s, uint32_t x, uint32_t u, double now,
                              az_error *err)
{
    station_rt *st = &s->st[x];
    st->wait_sum += now - s->units[u].enter_t;
    st->starts++;
    double t = now + azi_dist_sample(s->step[s->units[u].step].process,
                                    &st->rng);
    return az_calendar_push(s->cal, t, 0, EV_DONE, x, u, NULL, err);
}

/* Unit u enters station x (which has room) for step u.step. */
static inline az_status admit(az_sim *s, uint32_t x, uint32_t u, double now,
                              az_error *err)
{
    station_rt *st = &s->st[x];
    s->units[u].enter_t = now;
    if (st->busy < st->machines) {
        st->busy++;
        azi_timeavg_add(&st->working, now, 1);
        return start(s, x, u, now, err);
    }
    list_push(s, &st->qhead, &st->qtail, u);
    st->nq++;
    azi_timeavg_add(&st->queue, now, 1);
    return AZ_OK;
}

/* Counts unit u as released into the line at time now. */
static inline void release(az_sim *s, uint32_t u, double now)
{
    unit *un = &s->units[u];
    un->release_t = now;
    s->released++;
    s->released_all++;
    s->prod[un->product].released++;
}

static az_status fill(az_sim *s, uint32_t x, double now, az_error *err);

/* Unit u leaves station x's machine for good: station statistics. */
static inline void depart(az_sim *s, uint32_t x, uint32_t u, double now)
{
    station_rt *st = &s->st[x];
    st->time_sum += now - s->units[u].enter_t;
    st->visits++;
}

/* A machine of station x has become free: it takes the next unit from the
 * buffer, and room made there admits waiting units. */
static az_status fill(az_sim *s, uint32_t x, double now, az_error *err)
{
    station_rt *st = &s->st[x];
    az_status rc = AZ_OK;
    for (;;) {
        if (st->busy < st->machines && st->qhead != NONE) {
            uint32_t u = list_pop(s, &st->qhead, &st->qtail);
            st->nq--;
            azi_timeavg_add(&st->queue, now, -1);
            st->busy++;
            azi_timeavg_add(&st->working, now, 1);
            if ((rc = start(s, x, u, now, err)))
                return rc;
            continue;
        }
        if (st->whead == NONE || !has_room(st))
            return AZ_OK;
        /* Admit the longest-waiting unit and free what held it. */
        uint32_t u = list_pop(s, &st->whead, &st->wtail);
        uint32_t from = s->units[u].holder;
        if (from >= s->nstation) {
            /* Held by a source: it enters the line now, and the source
             * resumes its arrivals. */
            uint32_t src = from - s->nstation;
            s->src[src].held = NONE;
            release(s, u, now);
            if ((rc = admit(s, x, u, now, err)) ||
                (rc = azi_flow_schedule_arrival(s, src, now, err)))
                return rc;
            continue;
        }
        station_rt *up = &s->st[from];
        depart(s, from, u, now);
        up->blocked--;
        up->busy--;
        azi_timeavg_add(&up->nblocked, now, -1);
        if ((rc = admit(s, x, u, now, err)) || (rc = fill(s, from, now, err)))
            return rc;
    }
}

az_status azi_flow_schedule_arrival(az_sim *s, uint32_t src, double now,
                                    az_error *err)
{
    source_rt *so = &s->src[src];
    return az_calendar_push(s->cal, now + azi_dist_sample(so->ia, &so->rng), 0,
                            EV_ARRIVE, src, 0, NULL, err);
}

az_status azi_flow_arrive(az_sim *s, uint32_t src, double now, az_error *err)
{
    source_rt *so = &s->src[src];
    az_status rc;
    if (s->free_head == NONE) {
        /* The pool doubles: rare, and never once a run has warmed up. */
        uint32_t ncap = s->nunit_cap ? s->nunit_cap * 2 : 256;
        unit *nu = ncap > s->nunit_cap
                       ? realloc(s->units, (size_t)ncap * sizeof *nu)
                       : NULL;
        if (!nu)
            return az_error_set(err, AZ_ENOMEM,
                                "out of memory growing the unit pool");
        for (uint32_t i = s->nunit_cap; i < ncap; i++)
            nu[i].next = i + 1 < ncap ? i + 1 : NONE;
        s->free_head = s->nunit_cap;
        s->units = nu;
        s->nunit_cap = ncap;
    }
    uint32_t u = s->free_head;
    s->free_head = s->units[u].next;
    uint32_t k = so->nmix == 1
                     ? 0
                     : pick(&s->mix_cum[so->first], so->nmix, &so->mix_rng);
    uint32_t p = s->mix_product[so->first + k];
    unit *un = &s->units[u];
    un->product = p;
    uint32_t g = s->prod[p].first_step, x = s->step[g].station;
    station_rt *st = &s->st[x];
    if (st->whead == NONE && has_room(st)) {
        un->step = g;
        release(s, u, now);
        if ((rc = admit(s, x, u, now, err)))
            return rc;
        return azi_flow_schedule_arrival(s, src, now, err);
    }
    /* No room: the source holds the unit and pauses until it is admitted. */
    un->holder = s->nstation + src;
    un->step = g;
    so->held = u;
    list_push(s, &st->whead, &st->wtail, u);
    return AZ_OK;
}

az_status azi_flow_done(az_sim *s, uint32_t x, uint32_t u, double now,
                        az_error *err)
{
    unit *un = &s->units[u];
    const step_rt *sp = &s->step[un->step];
    uint32_t g = sp->next;
    if (sp->nbranch)
        g = s->br_to[sp->first + pick(&s->br_cum[sp->first], sp->nbranch,
                                      &s->step[un->step].rng)];
    station_rt *st = &s->st[x];
    if (g == NONE) {
        depart(s, x, u, now);
        double lead = now - un->release_t;
        product_rt *pr = &s->prod[un->product];
        pr->lead_sum += lead;
        az_hist_add(pr->hist, lead);
        pr->completed++;
        s->completed++;
        s->completed_all++;
        un->next = s->free_head;
        s->free_head = u;
    } else {
        uint32_t y = s->step[g].station;
        station_rt *next = &s->st[y];
        un->step = g;
        if (next->whead != NONE || !has_room(next)) {
            /* Blocked: the machine keeps the unit until y has room. */
            un->holder = x;
            st->blocked++;
            azi_timeavg_add(&st->working, now, -1);
            azi_timeavg_add(&st->nblocked, now, 1);
            list_push(s, &next->whead, &next->wtail, u);
            return AZ_OK;
        }
        depart(s, x, u, now);
        az_status rc = admit(s, y, u, now, err);
        if (rc)
            return rc;
    }
    st->busy--;
    azi_timeavg_add(&st->working, now, -1);
    return fill(s, x, now, err);
}
