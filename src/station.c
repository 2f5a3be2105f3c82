/*
 * station.c: how units move: release from a source, admission to a station,
 * changeover and processing on a machine, failures and repairs, blocking
 * after service, and leaving the system.
 *
 * Blocking after service: a machine that finishes a unit whose next station
 * has no room keeps the unit and is blocked; the unit joins that station's
 * waiting list. Room appears only when a machine frees or a unit leaves a
 * buffer for a machine; fill() then admits waiting units in FIFO order, and
 * each admission frees the machine (or source) that held the unit, which may
 * let that station fill in turn: blocking unwinds upstream as a chain.
 *
 * Failures: a failure in SETUP or WORK cancels the pending end event and
 * keeps the work left; the repair resumes it. On the operating clock the
 * time to failure only runs in SETUP and WORK (set_state starts and stops
 * it); on the calendar clock it always runs.
 *
 * Fast path: at a simple station (no feature bits, sim_impl.h) and from a
 * fixed source, the loop at the end (azi_flow_run) runs inlined code that
 * tests one flag where the general functions test each feature, and a
 * machine that takes the next unit of its own buffer goes from WORK to
 * WORK (restart). Both give the general path's results bit for bit.
 *
 * Assembly: a unit to be assembled takes buffer room until the stores
 * hold its components; components wait on their store's own list. A
 * release of several products holds back each product on its own and
 * pauses only when all are blocked (all_blocked).
 *
 * Over 800 lines: it holds about ten features over one flow (sources,
 * changeovers, failures, batches, assembly, cartons, pools, shifts,
 * deadlock). They share static inline helpers the hot path needs inlined;
 * the split into one file per feature over the flow's hooks is issue 20.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar_impl.h"
#include "util/alloc.h"
#include "dist_impl.h"
#include "sim_impl.h"
#include "stats_impl.h"

/* Forced inline: the helpers on the path of every unit. A call costs its
 * register saves and argument moves, as much as most of these bodies
 * (measured with callgrind on bench/mm1). */
#if defined(__GNUC__)
#define HOT static inline __attribute__((always_inline))
#else
#define HOT static inline
#endif

static inline uint32_t pick(const double *cum, uint32_t n, az_rng *r)
{
    double u = azi_rng_uniform(r);
    uint32_t i = 0;
    while (i + 1 < n && u >= cum[i])
        i++;
    return i;
}

/* The units due at source so and not released change by d (a time
 * average for the overload check, sim.c). A saturated source (zero
 * interarrival) always has a unit ready by design: its backlog means
 * nothing and is not counted. */
static inline void backlog_add(az_sim *s, const source_rt *so, double now,
                               double d)
{
    if (so->saturated)
        return;
    s->backlog += (uint64_t)(int64_t)d;
    azi_timeavg_add(&s->backlog_avg, now, d);
}

/* Assembly: whether the stores hold every component one unit needs. */
static inline int parts_ready(const az_sim *s, const station_rt *x)
{
    if (!(x->feat & SF_ASSEMBLY)) /* the stores lie off the hot lines */
        return 1;
    const store_rt *k = azi_sc(s, x)->store;
    for (uint32_t j = 0; j < x->ncomp; j++)
        if (k[j].have < k[j].qty)
            return 0;
    return 1;
}

/* Whether a unit (not a component) finds room at station x. It goes
 * straight onto an idle machine only at a direct station: batch machines
 * gather units in the buffer first, a conveyor's units travel before a
 * machine can take them, and an assembly's machine can take one only when
 * the stores hold its components; else it needs a place in the buffer. */
static inline int has_room(const az_sim *s, const station_rt *x)
{
    return (x->nidle > 0 &&
            !(x->feat & (SF_BATCH | SF_TRANSPORT | SF_ASSEMBLY))) ||
           x->nq < x->cap ||
           ((x->feat & (SF_ASSEMBLY | SF_TRANSPORT)) == SF_ASSEMBLY &&
            x->nidle > 0 && parts_ready(s, x));
}

/* The buffer's content changes by d: its time integral and maximum. */
static inline void queue_add(station_rt *st, double now, double d)
{
    azi_count_add(&st->queue, now, d);
    if (st->queue.value > st->queue_max)
        st->queue_max = st->queue.value;
}

/* Assembly: the store index of product p at station x, or -1. */
static inline int component(const az_sim *s, const station_rt *x,
                            uint32_t p)
{
    const store_rt *k = azi_sc(s, x)->store;
    for (uint32_t j = 0; j < x->ncomp; j++)
        if (k[j].product == p)
            return (int)j;
    return -1;
}

/* Whether a unit of product p finds no room at station x now: a component
 * needs room in its store (after those already waiting for it), any other
 * unit room at the station (after the units waiting for that). The product
 * is looked up only at an assembly station: the unit's step's record is
 * another cache line. */
static inline int no_room_for(const az_sim *s, const station_rt *x,
                              uint32_t p)
{
    if (x->feat & SF_ASSEMBLY) {
        int j = component(s, x, p);
        if (j >= 0) {
            const store_rt *k = &azi_sc(s, x)->store[j];
            return k->whead != NONE || k->have >= k->cap;
        }
    }
    return x->whead != NONE || !has_room(s, x);
}

/* Store k's content changes by d at now: its time averages. */
static void store_add(store_rt *k, double now, int64_t d)
{
    int lacked = k->have < k->qty;
    k->have = (uint32_t)((int64_t)k->have + d);
    azi_timeavg_add(&k->content, now, (double)d);
    int lacks = k->have < k->qty;
    if (lacks != lacked)
        azi_timeavg_add(&k->lacking, now, lacks - lacked);
}

/* Assembly station st: whether units wait in its buffer while a machine
 * is idle (they can only be waiting for components: fill starts a unit
 * whenever the stores allow), as a time average. Called where the buffer,
 * the idle count or the stores settle: the end of fill, a unit queued by
 * admit, a shift change. */
static void parts_wait(az_sim *s, station_rt *st, double now)
{
    station_cold *sc = azi_sc(s, st);
    double w = st->nidle > 0 && st->qhead != NONE;
    if (w != sc->parts_wait.value_)
        azi_timeavg_add(&sc->parts_wait, now, w - sc->parts_wait.value_);
}

/* Whether unit u finds no room at station x now. Forced inline: it is
 * asked at every move, and only an assembly needs the unit's product. */
HOT int no_room(const az_sim *s, const station_rt *x, uint32_t u)
{
    if (!(x->feat & SF_ASSEMBLY))
        return x->whead != NONE || !has_room(s, x);
    return no_room_for(s, x, azi_unit_product(s, u));
}


static inline int running(machine_state k)
{
    return k == MS_SETUP || k == MS_WORK;
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

/* Unit u, which found no room at station x, waits for it: on the list of
 * its store if it is one of x's components, else on x's. */
static inline void wait_at(az_sim *s, station_rt *x, uint32_t u)
{
    int j = x->feat & SF_ASSEMBLY ? component(s, x, azi_unit_product(s, u))
                                  : -1;
    if (j >= 0) {
        store_rt *k = &azi_sc(s, x)->store[j];
        list_push(s, &k->whead, &k->wtail, u);
    } else {
        list_push(s, &x->whead, &x->wtail, u);
    }
}

/* Moves machine m to state k: statistics, the idle count and, on the
 * operating clock, the failure clock. */
/* What a machine state means for the bookkeeping of a change: whether the
 * station counts as waiting (active-period method) and whether the machine
 * runs (operating-clock failures). A table, so a change costs one lookup. */
enum { F_INACTIVE = 1, F_RUNNING = 2 };
static const unsigned char state_flags[MS_COUNT] = {
    [MS_IDLE] = F_INACTIVE,   [MS_SETUP] = F_RUNNING, [MS_WORK] = F_RUNNING,
    [MS_BLOCKED] = F_INACTIVE, [MS_DOWN] = 0,         [MS_WAIT_OP] = 0,
    [MS_OFF] = F_INACTIVE};

/* A station's count of waiting machines crossed zero: its active period
 * starts or ends. Kept out of line: most changes do not cross. */
static az_status active_change(az_sim *s, uint32_t x, int now_inactive,
                               double now, az_error *err)
{
    return now_inactive ? azi_bn_inactive(&s->bn, x, now, err)
                        : azi_bn_active(&s->bn, x, now, err);
}

/* The operating clock of machine m starts (it runs) or stops. Only the
 * running time left (ttf) follows each start and stop: the failure event is
 * not moved with them, which took a cancel and a push at every unit's start
 * and end (a tenth of the reference factory's run). It stays where it was
 * pushed, no later than the failure can come, and when it falls due
 * azi_flow_fail fails the machine, pushes the event on to the failure's
 * time, or, if the machine is not running, drops it; the next start then
 * pushes it again. A stop and a start at the same instant (one unit done,
 * the next begun) leave the clock as it was, so the failure comes exactly
 * at the time the event was pushed for if the machine runs on. */
static az_status run_clock(az_sim *s, machine_rt *m, int runs, double now,
                           az_error *err)
{
    machine_cold *c = azi_mc(s, m);
    if (!runs) {
        c->ttf_before = c->ttf;
        c->stop_t = now;
        c->ttf -= now - c->since;
        return AZ_OK;
    }
    if (now == c->stop_t) /* a stop of no length: as if it had run on */
        c->ttf = c->ttf_before;
    else
        c->since = now;
    if (c->fail_ev)
        return AZ_OK;
    double due = c->since + c->ttf;
    return azi_cal_push(s->cal, due > now ? due : now, 0, EV_FAIL,
                        (uint32_t)(m - s->mach), 0, &c->fail_ev, err);
}

/* Moves machine m to state k: statistics, the idle count, the station's
 * active period and, on the operating clock, the failure clock. Forced
 * inline: it runs twice per unit and visit, and a call's register saves
 * cost as much as its body (measured with callgrind). The one change that
 * bypasses it is restart's WORK -> IDLE -> WORK at one instant, which is
 * not taken while an observer listens. */
#if defined(__GNUC__)
__attribute__((always_inline))
#endif
static inline az_status set_state(az_sim *s, machine_rt *m, machine_state k,
                                  double now, az_error *err)
{
    station_rt *st = &s->st[m->station];
    machine_state old = m->state;
    if (old == k)
        return AZ_OK;
    m->state = k;
    if (s->obs)
        azi_obs_state(s, m, now);
    m->in_state[old] += now - m->in_since;
    m->in_since = now;
    if (old == MS_IDLE)
        st->nidle--;
    if (k == MS_IDLE)
        st->nidle++;
    unsigned fk = state_flags[k], diff = state_flags[old] ^ fk;
    az_status rc = AZ_OK;
    if (diff & F_INACTIVE) {
        uint32_t before = st->ninactive;
        st->ninactive = fk & F_INACTIVE ? before + 1 : before - 1;
        if (s->bn_on && (before == 0 || st->ninactive == 0))
            rc = active_change(s, m->station, before == 0, now, err);
    }
    if (!rc && (diff & F_RUNNING) && (st->feat & SF_OPCLOCK))
        rc = run_clock(s, m, fk & F_RUNNING, now, err);
    return rc;
}

/* The first idle machine of station x (the caller knows there is one). */
static inline machine_rt *idle_machine(az_sim *s, const station_rt *st)
{
    machine_rt *m = &s->mach[st->first_machine];
    while (m->state != MS_IDLE)
        m++;
    return m;
}

/* The changeover machine m needs before unit u, or NULL. */
static inline const az_dist *setup_for(const az_sim *s, const station_rt *st,
                                       const machine_rt *m, uint32_t product,
                                       uint32_t family)
{
    const machine_cold *c = azi_mc(s, m);
    const station_cold *sc = azi_sc(s, st);
    if (c->product == product || c->product == NONE)
        return NULL;
    if (sc->setup_pair) {
        const az_dist *d = sc->setup_pair[c->family * s->nfamily + family];
        if (d)
            return d;
    }
    return c->family == family ? sc->setup_same : sc->setup_other;
}

/* ---- activities and operators ---- */

/* Machine m starts activity a now; it has whatever person it needs. */
HOT az_status begin_activity(az_sim *s, machine_rt *m, activity a,
                             double now, az_error *err)
{
    uint32_t mi = (uint32_t)(m - s->mach);
    if (a == ACT_REPAIR)
        return azi_cal_push(s->cal, now + azi_mc(s, m)->repair, 0, EV_REPAIR,
                            mi, 0, NULL, err);
    az_status rc = set_state(s, m, a == ACT_WORK ? MS_WORK : MS_SETUP, now,
                             err);
    if (rc)
        return rc;
    m->ev_time = now + m->remaining;
    return a == ACT_WORK
               ? azi_cal_push(s->cal, m->ev_time, 0, EV_DONE, mi, m->unit,
                              &m->ev, err)
               : azi_cal_push(s->cal, m->ev_time, 0, EV_SETUP_DONE, mi, 0,
                              &m->ev, err);
}

/* Machine m needs to do activity a (lasting m->remaining, or its repair): it
 * starts now if the station needs no person for it or one is free, else it
 * waits in the pool's queue. */
HOT az_status do_activity(az_sim *s, machine_rt *m, activity a,
                          double now, az_error *err)
{
    const station_rt *st = &s->st[m->station];
    /* The feature bit first: pool[] lies off the station's hot lines. */
    uint32_t p = st->feat & SF_POOL ? azi_sc(s, st)->pool[a] : NONE;
    if (p != NONE) {
        pool_rt *pl = &s->pools[p];
        if (pl->busy >= pl->size) {
            machine_cold *c = azi_mc(s, m);
            c->pending = a;
            c->next_wait = NONE;
            uint32_t mi = (uint32_t)(m - s->mach);
            if (pl->wtail == NONE)
                pl->whead = mi;
            else
                s->mcold[pl->wtail].next_wait = mi;
            pl->wtail = mi;
            /* A failed machine stays down while it waits for a technician. */
            return a == ACT_REPAIR ? AZ_OK
                                   : set_state(s, m, MS_WAIT_OP, now, err);
        }
        pl->busy++;
        azi_timeavg_add(&pl->used, now, 1);
        azi_mc(s, m)->holds = p;
    }
    return begin_activity(s, m, a, now, err);
}

/* A person of pool p (already counted busy) goes to the machine that has
 * waited longest for one, which starts its pending activity. */
static az_status serve_next(az_sim *s, uint32_t p, double now, az_error *err)
{
    pool_rt *pl = &s->pools[p];
    machine_rt *w = &s->mach[pl->whead];
    machine_cold *c = azi_mc(s, w);
    pl->whead = c->next_wait;
    if (pl->whead == NONE)
        pl->wtail = NONE;
    c->holds = p;
    return begin_activity(s, w, c->pending, now, err);
}

/* Machine m's person goes back to the pool, or straight to the machine
 * that has waited longest for one. */
HOT az_status release_person(az_sim *s, machine_rt *m, double now,
                             az_error *err)
{
    /* Only a station with operators lends a person: the feature bit spares
     * the others a read of the machine's cold record at every unit. */
    if (!(s->st[m->station].feat & SF_POOL))
        return AZ_OK;
    machine_cold *c = azi_mc(s, m);
    uint32_t p = c->holds;
    if (p == NONE)
        return AZ_OK;
    c->holds = NONE;
    pool_rt *pl = &s->pools[p];
    if (pl->whead == NONE || pl->busy > pl->size) { /* goes, or goes home */
        pl->busy--;
        azi_timeavg_add(&pl->used, now, -1);
        return AZ_OK;
    }
    return serve_next(s, p, now, err);
}

/* Takes machine m (waiting for a person, and failing) out of its queue. */
static void leave_queue(az_sim *s, machine_rt *m)
{
    machine_cold *c = azi_mc(s, m);
    pool_rt *pl = &s->pools[s->stc[m->station].pool[c->pending]];
    uint32_t mi = (uint32_t)(m - s->mach), prev = NONE;
    for (uint32_t w = pl->whead; w != NONE; prev = w, w = s->mcold[w].next_wait)
        if (w == mi) {
            if (prev == NONE)
                pl->whead = c->next_wait;
            else
                s->mcold[prev].next_wait = c->next_wait;
            if (pl->wtail == mi)
                pl->wtail = prev;
            return;
        }
}

HOT az_status begin_work(az_sim *s, machine_rt *m, double now,
                         az_error *err)
{
    station_rt *st = &s->st[m->station];
    unit *un = &s->units[m->unit];
    m->remaining = azi_dist_sample(&s->step[un->step].process, &st->rng) *
                   m->inv_speed;
    return do_activity(s, m, ACT_WORK, now, err);
}

/* Machine m holds its unit (or batch): a changeover if the product changes,
 * then the process. */
HOT az_status setup_then_work(az_sim *s, machine_rt *m, double now,
                              az_error *err)
{
    station_rt *st = &s->st[m->station];
    if (!(st->feat & SF_SETUP)) /* the last product matters only to them */
        return begin_work(s, m, now, err);
    machine_cold *c = azi_mc(s, m);
    uint32_t p = azi_unit_product(s, m->unit), f = s->prod_family[p];
    const az_dist *setup = setup_for(s, st, m, p, f);
    c->product = p;
    c->family = f;
    if (!setup)
        return begin_work(s, m, now, err);
    azi_sc(s, st)->setups++;
    m->remaining = azi_dist_sample(setup, &st->rng);
    return do_activity(s, m, ACT_SETUP, now, err);
}

/* Idle machine m takes unit u. */
HOT az_status start(az_sim *s, machine_rt *m, uint32_t u,
                    double now, az_error *err)
{
    station_rt *st = &s->st[m->station];
    st->wait_sum += now - s->units[u].enter_t;
    st->starts++;
    azi_count_add(&st->onmach, now, 1);
    m->unit = u;
    s->units[u].next = NONE; /* a chain of one */
    for (uint32_t j = 0; (st->feat & SF_ASSEMBLY) && j < st->ncomp;
         j++) { /* assembly: join the parts */
        store_rt *k = &azi_sc(s, st)->store[j];
        store_add(k, now, -(int64_t)k->qty);
        s->prod[k->product].consumed += k->qty;
        s->consumed_all += k->qty;
    }
    return setup_then_work(s, m, now, err);
}

/* Source src's next arrival, now + an interarrival time. */
HOT az_status schedule_arrival(az_sim *s, uint32_t src, double now,
                               az_error *err)
{
    source_rt *so = &s->src[src];
    return azi_cal_push(s->cal, now + azi_dist_sample(so->ia, &so->rng), 0,
                        EV_ARRIVE, src, 0, NULL, err);
}

/* Forward: room may have appeared at station x. */
static az_status fill(az_sim *s, uint32_t x, double now, az_error *err);

/* Unit u enters station x (which has room) for step u.step. */
HOT az_status admit(az_sim *s, uint32_t x, uint32_t u, double now,
                    az_error *err)
{
    station_rt *st = &s->st[x];
    s->units[u].enter_t = now;
    if (!(st->feat & (SF_ASSEMBLY | SF_TRANSPORT | SF_BATCH))) {
        if (st->nidle > 0)
            return start(s, idle_machine(s, st), u, now, err);
        list_push(s, &st->qhead, &st->qtail, u);
        st->nq++;
        queue_add(st, now, 1);
        return AZ_OK;
    }
    station_cold *sc = azi_sc(s, st);
    int j = st->ncomp ? component(s, st, azi_unit_product(s, u)) : -1;
    if (j >= 0) { /* a component: into the store, its journey is over */
        store_rt *k = &sc->store[j];
        int owed = k->owed > 0; /* its kit's unit was scrapped upstream */
        if (owed) { /* a component: counted by its product, not the line */
            k->owed--;
            k->scrapped++;
            s->prod[k->product].scrapped++;
            s->scrapped_all++;
        } else {
            store_add(k, now, 1);
            k->in++;
            if (k->have > k->max)
                k->max = k->have;
        }
        if (s->obs)
            azi_obs_leave(s, u, owed ? AZ_EXIT_SCRAPPED : AZ_EXIT_JOINED,
                          now);
        s->units[u].next = s->free_head;
        s->free_head = u;
        return owed ? AZ_OK : fill(s, x, now, err);
    }
    if (sc->transport) { /* on the conveyor first, taking buffer room */
        st->nq++;
        queue_add(st, now, 1);
        return azi_cal_push(s->cal,
                            now + azi_dist_sample(sc->transport, &sc->trng),
                            0, EV_TRANSIT, x, u, NULL, err);
    }
    if (st->nidle > 0 && !st->batch_max && parts_ready(s, st)) {
        az_status rc = start(s, idle_machine(s, st), u, now, err);
        /* the stores have room again for components waiting for it */
        return rc || !st->ncomp ? rc : fill(s, x, now, err);
    }
    list_push(s, &st->qhead, &st->qtail, u);
    st->nq++;
    queue_add(st, now, 1);
    if (st->ncomp)
        parts_wait(s, st, now);
    return st->batch_max ? fill(s, x, now, err) : AZ_OK;
}

/* Counts unit u as released into the line at time now. */
static inline void release(az_sim *s, uint32_t u, double now)
{
    unit *un = &s->units[u];
    un->release_t = now;
    s->released++;
    s->released_all++;
    s->prod[s->step[un->step].product].released++;
    if (s->obs)
        azi_obs_enter(s, u, now);
}

/* Unit u leaves station x for good: station statistics. */
static inline void depart(az_sim *s, uint32_t x, uint32_t u, double now)
{
    station_rt *st = &s->st[x];
    st->time_sum += now - s->units[u].enter_t;
    st->visits++;
    azi_count_add(&st->onmach, now, -1);
}

/* Machine m lets go of its last unit: it becomes idle, or stays down and
 * will come back idle. */
HOT az_status let_go(az_sim *s, machine_rt *m, double now,
                     az_error *err)
{
    m->unit = NONE;
    m->nheld = 0;
    m->resume = MS_IDLE;
    if (m->state == MS_DOWN)
        return AZ_OK;
    return set_state(s, m, s->on_shift ? MS_IDLE : MS_OFF, now, err);
}

/* ---- batches ---- */

/* Takes up to `take` units of family fam (NONE: any) from the buffer, in
 * FIFO order, chained through next; returns the first. */
static uint32_t take_batch(az_sim *s, station_rt *st, uint32_t fam,
                           uint32_t take, double now)
{
    uint32_t head = NONE, tail = NONE, prev = NONE, u = st->qhead;
    while (u != NONE && take > 0) {
        uint32_t nx = s->units[u].next;
        if (fam == NONE || s->prod_family[azi_unit_product(s, u)] == fam) {
            if (prev == NONE) /* unlink u from the buffer */
                st->qhead = nx;
            else
                s->units[prev].next = nx;
            if (st->qtail == u)
                st->qtail = prev;
            st->nq--;
            queue_add(st, now, -1);
            st->wait_sum += now - s->units[u].enter_t;
            st->starts++;
            azi_count_add(&st->onmach, now, 1);
            s->units[u].next = NONE;
            if (tail == NONE)
                head = u;
            else
                s->units[tail].next = u;
            tail = u;
            take--;
        } else {
            prev = u;
        }
        u = nx;
    }
    return head;
}

/* Starts every batch the buffer allows on idle machines; if a batch could
 * start later on max_wait, makes sure an event will look again then. */
static az_status try_batch(az_sim *s, uint32_t x, double now, az_error *err)
{
    station_rt *st = &s->st[x];
    station_cold *sc = azi_sc(s, st);
    while (st->nidle > 0 && st->qhead != NONE) {
        uint32_t fam = NONE, count = st->nq;
        if (sc->batch_pure) {
            fam = s->prod_family[azi_unit_product(s, st->qhead)];
            count = 0;
            for (uint32_t u = st->qhead; u != NONE && count < st->batch_max;
                 u = s->units[u].next)
                count += s->prod_family[azi_unit_product(s, u)] == fam;
        }
        double due = s->units[st->qhead].enter_t + sc->batch_wait;
        uint32_t take;
        if (count >= st->batch_max)
            take = st->batch_max;
        else if (count >= sc->batch_min && due <= now)
            take = count;
        else if (count > 0 && st->nq >= st->cap)
            take = count; /* a full buffer would otherwise stop the line */
        else {
            if (count >= sc->batch_min && due < INFINITY &&
                !sc->batch_pending) {
                sc->batch_pending = 1;
                return azi_cal_push(s->cal, due, 0, EV_BATCH_WAIT, x, 0,
                                    NULL, err);
            }
            return AZ_OK;
        }
        machine_rt *m = idle_machine(s, st);
        m->unit = take_batch(s, st, fam, take, now);
        az_status rc = setup_then_work(s, m, now, err);
        if (rc)
            return rc;
    }
    return AZ_OK;
}

az_status azi_flow_plan_day(az_sim *s, uint32_t src, double now,
                            az_error *err)
{
    source_rt *so = &s->src[src];
    uint32_t day = so->plan[so->plan_due].day;
    if (so->plan_pos == so->plan_due) /* the backlog was empty */
        so->plan_left = so->plan[so->plan_pos].quantity;
    double due = 0; /* the day's units join the release backlog */
    while (so->plan_due < so->nplan && so->plan[so->plan_due].day == day)
        due += so->plan[so->plan_due++].quantity;
    backlog_add(s, so, now, due);
    az_status rc = AZ_OK;
    if (so->plan_due < so->nplan)
        rc = azi_cal_push(s->cal, so->plan[so->plan_due].day * s->work.day,
                          -2, EV_PLAN_DAY, src, 0, NULL, err);
    if (!rc && so->plan_idle) {
        so->plan_idle = 0;
        rc = azi_flow_arrive(s, src, now, err);
    }
    return rc;
}

az_status azi_flow_transit(az_sim *s, uint32_t x, uint32_t u, double now,
                           az_error *err)
{
    station_rt *st = &s->st[x];
    list_push(s, &st->qhead, &st->qtail, u); /* nq counted it already */
    return fill(s, x, now, err);
}

az_status azi_flow_batch_wait(az_sim *s, uint32_t x, double now,
                              az_error *err)
{
    s->stc[x].batch_pending = 0;
    return fill(s, x, now, err);
}

/* ---- sources ---- */

/* Whether every product of multi source so is blocked now: it has a unit
 * waiting for room, or its first station has no room for it and holds a
 * unit of so already, whose admission will wake the source (fill). A
 * product blocked at a station where so holds nothing does not count: no
 * event would tell the source when it has room. When all the products
 * start at one station that assembles none of them (so->shared), one held
 * unit blocks them all. */
static int all_blocked(const az_sim *s, const source_rt *so)
{
    if (so->shared)
        return 1;
    for (uint32_t i = 0; i < so->nprods; i++) {
        uint32_t p = so->prods[i];
        if (so->hold[p] != NONE)
            continue;
        uint32_t y = s->first_station[p];
        const station_rt *sy = &s->st[y];
        /* a held unit wakes the source only for products that wait on
         * its list: the station's, or the same component's store */
        int jp = sy->feat & SF_ASSEMBLY ? component(s, sy, p) : -1;
        int holds_there = 0;
        for (uint32_t k = 0; k < so->nprods && !holds_there; k++) {
            uint32_t h = so->hold[so->prods[k]];
            holds_there =
                h != NONE && s->step[s->units[h].step].station == y &&
                (!(sy->feat & SF_ASSEMBLY) ||
                 component(s, sy, azi_unit_product(s, h)) == jp);
        }
        if (!holds_there || !no_room_for(s, &s->st[y], p))
            return 0;
    }
    return 1;
}


/* Multi source src presents unit u, of a product with no unit waiting, at
 * station x: released into it if there is room, else it waits there (the
 * source's hold). Returns AZ_OK or the calendar's error; *held says which. */
static az_status present(az_sim *s, uint32_t src, uint32_t u, uint32_t x,
                         double now, int *held, az_error *err)
{
    source_rt *so = &s->src[src];
    station_rt *st = &s->st[x];
    uint32_t p = azi_unit_product(s, u);
    *held = no_room(s, st, u);
    if (*held) {
        so->hold[p] = u;
        s->units[u].holder = s->nmachine + src;
        wait_at(s, st, u);
        return AZ_OK;
    }
    so->backlog[p]--;
    backlog_add(s, so, now, -1);
    release(s, u, now);
    return admit(s, x, u, now, err);
}

/* Forward: a new unit of product p at its first step, or NONE when every
 * step is sampled out (the unit is then released and done). */
static az_status new_unit(az_sim *s, uint32_t p, double now, uint32_t *out,
                          az_error *err);

/* Multi source src: the units of product p due and not yet released go in
 * while their first station has room; the first that finds none waits. */
static az_status release_backlog(az_sim *s, uint32_t src, uint32_t p,
                                 double now, az_error *err)
{
    source_rt *so = &s->src[src];
    az_status rc = AZ_OK;
    int held = 0;
    while (!rc && !held && so->backlog[p] > 0) {
        uint32_t u;
        if ((rc = new_unit(s, p, now, &u, err)))
            break;
        if (u == NONE) {
            so->backlog[p]--;
            backlog_add(s, so, now, -1);
        } else
            rc = present(s, src, u, s->step[s->units[u].step].station, now,
                         &held, err);
    }
    return rc;
}

/* Source src offers unit u to the line at station x (that of u's step):
 * it is released if the WIP cap and x allow, else the source holds it
 * (and pauses; a multi source pauses only if all its products are
 * blocked). */
HOT az_status offer(az_sim *s, uint32_t src, uint32_t u, uint32_t x,
                    double now, az_error *err)
{
    source_rt *so = &s->src[src];
    unit *un = &s->units[u];
    if (so->multi) {
        int held;
        so->backlog[azi_unit_product(s, u)]++;
        backlog_add(s, so, now, 1);
        az_status rc = present(s, src, u, x, now, &held, err);
        if (rc)
            return rc;
        if (held && all_blocked(s, so)) {
            so->paused = 1;
            return AZ_OK;
        }
        return schedule_arrival(s, src, now, err);
    }
    /* Components joined by assembly have left the count: the cap is on
     * units in the line. */
    if (so->wip_cap && s->released_all - s->completed_all - s->scrapped_all -
                               s->consumed_all >= so->wip_cap) {
        so->held = u;
        un->holder = NONE; /* waiting for the cap, on no list */
        s->capped++;
        return AZ_OK;
    }
    station_rt *st = &s->st[x];
    if (no_room(s, st, u)) {
        so->held = u;
        un->holder = s->nmachine + src;
        wait_at(s, st, u);
        return AZ_OK;
    }
    so->held = NONE; /* it held u if u came back from the WIP cap */
    release(s, u, now);
    az_status rc = admit(s, x, u, now, err);
    return rc ? rc : schedule_arrival(s, src, now, err);
}

/* A unit left the line: a source held back by its WIP cap may go on. */
static az_status uncap(az_sim *s, double now, az_error *err)
{
    for (uint32_t i = 0; i < s->nsource && s->capped; i++) {
        source_rt *so = &s->src[i];
        if (so->held == NONE || s->units[so->held].holder != NONE)
            continue;
        s->capped--;
        uint32_t u = so->held;
        az_status rc = offer(s, i, u, s->step[s->units[u].step].station, now,
                             err);
        if (rc)
            return rc;
    }
    return AZ_OK;
}

/* ---- flow ---- */

/* Unit u of multi source src, waiting at station x, enters it: its
 * product goes on with the units due after it, and a paused source
 * resumes. Out of line: a single-product source takes the short way. */
static az_status take_from_multi(az_sim *s, uint32_t x, uint32_t u,
                                 uint32_t src, double now, az_error *err)
{
    source_rt *so = &s->src[src];
    uint32_t p = azi_unit_product(s, u);
    az_status rc;
    so->hold[p] = NONE;
    so->backlog[p]--;
    backlog_add(s, so, now, -1);
    release(s, u, now);
    if ((rc = admit(s, x, u, now, err)) ||
        (rc = release_backlog(s, src, p, now, err)))
        return rc;
    if (!so->paused)
        return AZ_OK;
    so->paused = 0;
    return schedule_arrival(s, src, now, err);
}

/* Unit u, taken off one of station x's waiting lists, enters x (which has
 * room for it), and what held it is freed: a source resumes its arrivals,
 * a machine lets go of it (and its station may fill in turn). Forced
 * inline into fill: it runs once per blocked move. */
HOT az_status take_waiting(az_sim *s, uint32_t x, uint32_t u, double now,
                           az_error *err)
{
    uint32_t from = s->units[u].holder;
    az_status rc;
    if (from >= s->nmachine) {
        uint32_t src = from - s->nmachine;
        source_rt *so = &s->src[src];
        if (so->multi)
            return take_from_multi(s, x, u, src, now, err);
        so->held = NONE;
        release(s, u, now);
        if ((rc = admit(s, x, u, now, err)))
            return rc;
        return schedule_arrival(s, src, now, err);
    }
    machine_rt *m = &s->mach[from];
    depart(s, m->station, u, now);
    if (--m->nheld > 0)
        return admit(s, x, u, now, err);
    if ((rc = let_go(s, m, now, err)) || (rc = admit(s, x, u, now, err)))
        return rc;
    return fill(s, m->station, now, err);
}

/* Assembly station x: the first component waiting for a store that has
 * room now, taken off its list, or NONE. */
static uint32_t store_waiter(az_sim *s, const station_rt *st)
{
    store_rt *k = azi_sc(s, st)->store;
    for (uint32_t j = 0; j < st->ncomp; j++)
        if (k[j].whead != NONE && k[j].have < k[j].cap)
            return list_pop(s, &k[j].whead, &k[j].wtail);
    return NONE;
}

/* Room may have appeared at station x: idle machines take units from the
 * buffer, and room in the buffer (or in an assembly's stores) admits
 * waiting units, longest-waiting first. The assembly's work is in the
 * branch every call ends in, so that other stations pay nothing for it. */
static az_status fill(az_sim *s, uint32_t x, double now, az_error *err)
{
    station_rt *st = &s->st[x];
    az_status rc = AZ_OK;
    for (;;) {
        if (st->feat & SF_BATCH) { /* batch_max lies off the hot lines */
            if ((rc = try_batch(s, x, now, err)))
                return rc;
        } else if (st->nidle > 0 && st->qhead != NONE && parts_ready(s, st)) {
            uint32_t u = list_pop(s, &st->qhead, &st->qtail);
            st->nq--;
            queue_add(st, now, -1);
            if ((rc = start(s, idle_machine(s, st), u, now, err)))
                return rc;
            continue;
        }
        uint32_t u;
        if (st->whead != NONE && has_room(s, st)) {
            u = list_pop(s, &st->whead, &st->wtail);
        } else if (!(st->feat & SF_ASSEMBLY)) {
            return AZ_OK;
        } else if ((u = store_waiter(s, st)) == NONE) {
            parts_wait(s, st, now); /* settled */
            return AZ_OK;
        }
        if ((rc = take_waiting(s, x, u, now, err)))
            return rc;
    }
}

az_status azi_flow_schedule_arrival(az_sim *s, uint32_t src, double now,
                                    az_error *err)
{
    return schedule_arrival(s, src, now, err);
}

/* Step g's visit is over: where unit u goes next, NONE to leave, or SCRAP.
 * Tests draw pass or fail; sampled steps are skipped by all but every n-th
 * unit (a rework visit goes straight back to its test, uncounted). */
#define SCRAP (NONE - 1)

static inline uint32_t skip_unsampled(az_sim *s, uint32_t g)
{
    while (g != NONE && s->step[g].sample_every > 1 &&
           ++s->step[g].sampled % s->step[g].sample_every != 0)
        g = s->step[g].next;
    return g;
}

static inline uint32_t after(az_sim *s, unit *un)
{
    step_rt *sp = &s->step[un->step];
    if (sp->hidden)
        return sp->next;
    if (sp->yield < 1) {
        if (azi_rng_uniform(&sp->rng) >= sp->yield) {
            s->stc[sp->station].rejects++;
            if (sp->rework == NONE || un->tries >= sp->max_rework)
                return SCRAP;
            un->tries++;
            s->prod[s->step[un->step].product].reworks++;
            return sp->rework;
        }
        un->tries = 0;
    }
    if (sp->destructive && sp->sample_every)
        return SCRAP;
    uint32_t g = sp->next;
    if (sp->nbranch)
        g = s->br_to[sp->first + pick(&s->br_cum[sp->first], sp->nbranch,
                                      &sp->rng)];
    return skip_unsampled(s, g);
}

/* A unit bound for assembly station x was scrapped before it: one kit of
 * its components goes with it, from the stores, and what they lack from
 * the next components to arrive (store_rt.owed). */
static void scrap_kit(az_sim *s, uint32_t x, double now)
{
    const station_rt *st = &s->st[x];
    for (uint32_t j = 0; j < st->ncomp; j++) {
        store_rt *k = &azi_sc(s, st)->store[j];
        uint32_t take = k->have < k->qty ? k->have : k->qty;
        store_add(k, now, -(int64_t)take);
        k->owed += k->qty - take;
        k->scrapped += take;
        s->prod[k->product].scrapped += take; /* not the line's units */
        s->scrapped_all += take;
    }
}

/* Unit u leaves the line: finished, or scrapped. */
static inline az_status leave(az_sim *s, uint32_t u, int scrapped, double now,
                              az_error *err)
{
    unit *un = &s->units[u];
    product_rt *pr = &s->prod[s->step[un->step].product];
    uint32_t kit = NONE;
    if (scrapped) {
        pr->scrapped++;
        s->scrapped++;
        s->scrapped_all++;
        if (s->kit_of && (kit = s->kit_of[un->step]) != NONE)
            scrap_kit(s, kit, now);
    } else {
        double lead = now - un->release_t;
        pr->lead_sum += lead;
        az_hist_add(pr->hist, lead);
        pr->completed++;
        s->completed++;
        s->completed_all++;
    }
    if (s->obs)
        azi_obs_leave(s, u, scrapped ? AZ_EXIT_SCRAPPED : AZ_EXIT_DONE, now);
    un->next = s->free_head;
    s->free_head = u;
    if (kit != NONE) { /* the stores have room for components waiting */
        az_status rc = fill(s, kit, now, err);
        if (rc)
            return rc;
    }
    return s->capped ? uncap(s, now, err) : AZ_OK;
}

/* Unit u, finished at packaging station x, goes into its product's open
 * carton; a full carton leaves the line with all its units. */
static az_status pack(az_sim *s, uint32_t x, uint32_t u, double now,
                      az_error *err)
{
    station_rt *st = &s->st[x];
    station_cold *sc = azi_sc(s, st);
    uint32_t p = azi_unit_product(s, u);
    s->units[u].next = sc->carton_head[p];
    sc->carton_head[p] = u;
    azi_timeavg_add(&sc->packed, now, 1);
    if (++sc->carton_n[p] < st->carton)
        return AZ_OK;
    azi_timeavg_add(&sc->packed, now, -(double)st->carton);
    s->prod[p].cartons++;
    s->cartons++;
    uint32_t v = sc->carton_head[p];
    sc->carton_head[p] = NONE;
    sc->carton_n[p] = 0;
    az_status rc = AZ_OK;
    while (v != NONE && !rc) {
        uint32_t nx = s->units[v].next;
        rc = leave(s, v, 0, now, err);
        v = nx;
    }
    return rc;
}

/* ---- deadlock ---- */

/* Whether station y can never make room again: no room now, and every one
 * of its machines is blocked (or down holding a finished unit) waiting for
 * a station that can never make room either. A station met again on the
 * current search path closes a cycle: the stations on it wait for each
 * other, which is a deadlock. */
static int stuck(az_sim *s, uint32_t y)
{
    station_rt *st = &s->st[y];
    if (has_room(s, st) || st->batch_max)
        return 0;
    if (s->dl_gen[y] == s->dl_cur)
        return s->dl_stuck[y];
    s->dl_gen[y] = s->dl_cur;
    s->dl_stuck[y] = 1; /* assumed while on the search path */
    for (uint32_t i = 0; i < st->machines; i++) {
        const machine_rt *m = &s->mach[st->first_machine + i];
        int blocked = m->state == MS_BLOCKED ||
                      (m->state == MS_DOWN && m->resume == MS_BLOCKED);
        if (!blocked || m->waits_on == NONE || !stuck(s, m->waits_on)) {
            s->dl_stuck[y] = 0;
            return 0;
        }
    }
    return 1;
}

static az_status deadlock(az_sim *s, uint32_t y, double now, az_error *err)
{
    char names[400] = "";
    size_t len = 0;
    for (uint32_t i = 0; i < s->nstation && len + 40 < sizeof names; i++)
        if (s->dl_gen[i] == s->dl_cur && s->dl_stuck[i])
            len += (size_t)snprintf(names + len, sizeof names - len, "%s'%s'",
                                    len ? ", " : "",
                                    s->model->station[i].name);
    (void)y;
    return az_error_set(err, AZ_ERUNTIME,
                        "deadlock at time %g: stations %s are all blocked, "
                        "each waiting for room the others hold (a loop with "
                        "full buffers?)", now, names);
}

/* Unit u's visit to station x on machine m is over: it moves on, leaves,
 * or waits on the machine (m->nheld counts those). */
HOT az_status send_on(az_sim *s, machine_rt *m, uint32_t u,
                      double now, az_error *err)
{
    uint32_t x = m->station;
    unit *un = &s->units[u];
    const step_rt *sp = &s->step[un->step];
    uint32_t g, y;
    if (sp->plain) {
        g = sp->next;
        y = sp->next_station;
    } else {
        g = after(s, un);
        y = g < SCRAP ? s->step[g].station : NONE;
    }
    if (g == NONE || g == SCRAP) {
        depart(s, x, u, now);
        if (g == NONE && (s->st[x].feat & SF_CARTON))
            return pack(s, x, u, now, err);
        return leave(s, u, g == SCRAP, now, err);
    }
    station_rt *next = &s->st[y];
    un->step = g;
    if (no_room(s, next, u)) {
        /* Blocked: the machine keeps the unit until y has room. */
        un->holder = (uint32_t)(m - s->mach);
        wait_at(s, next, u);
        m->waits_on = m->nheld++ ? NONE : y; /* a batch may wait on several */
        return AZ_OK;
    }
    depart(s, x, u, now);
    return admit(s, y, u, now, err);
}

/* Machine m keeps units that found no room: it is blocked, which may close
 * a loop of stations waiting for each other. */
static az_status block(az_sim *s, machine_rt *m, double now, az_error *err)
{
    if (!s->on_shift) {
        /* Work that ran past the shift's end: outside the shifts the time
         * is off shift, as for a machine blocked when the shift ended; it
         * is blocked again at the next shift start if it still holds the
         * unit (azi_flow_shift). */
        m->resume = MS_BLOCKED;
        return set_state(s, m, MS_OFF, now, err);
    }
    az_status rc = set_state(s, m, MS_BLOCKED, now, err);
    if (rc)
        return rc;
    s->dl_cur++;
    return m->waits_on != NONE && stuck(s, m->waits_on)
               ? deadlock(s, m->waits_on, now, err)
               : AZ_OK;
}

/* Machine m of simple station st, just done and rid of its unit, takes the
 * next unit of its own buffer: let_go then fill, where m is the only idle
 * machine, without the round trip through IDLE. WORK -> IDLE -> WORK at
 * one instant leaves the idle and waiting counts and the station's active
 * period as they were (the bottleneck detector undoes an interruption of
 * zero length), and the WORK time average gains nothing over a zero span:
 * bringing it up to now is the same arithmetic. An observed run goes the
 * long way, so that its observer hears of both changes (set_state). */
HOT az_status restart(az_sim *s, uint32_t mi, machine_rt *m, station_rt *st,
                      double now, int departed, az_error *err)
{
    /* Not set, as let_go and start would: m->resume (read only after a
     * failure, which a simple station has not, or after suspend sets it)
     * and the unit's chain link (simple stations take single units, and
     * every list sets its links on entry). */
    uint32_t u = list_pop(s, &st->qhead, &st->qtail);
    unit *un = &s->units[u];
    st->nq--;
    queue_add(st, now, -1);
    st->wait_sum += now - un->enter_t;
    st->starts++;
    /* departed: the unit done has left the machines' count already, else
     * -1 for it and +1 for this one fall on the same instant: the count
     * stays, and bringing its time average up to now is the same
     * arithmetic (as for WORK below). */
    if (departed)
        azi_count_add(&st->onmach, now, 1);
    else
        azi_count_add(&st->onmach, now, 0);
    m->unit = u;
    m->remaining = azi_dist_sample(&s->step[un->step].process, &st->rng) *
                   m->inv_speed;
    m->in_state[MS_WORK] += now - m->in_since;
    m->in_since = now;
    m->ev_time = now + m->remaining;
    az_status rc = azi_cal_push(s->cal, m->ev_time, 0, EV_DONE, mi, u,
                                &m->ev, err);
    /* fill's next round: the buffer has room again */
    if (rc || st->whead == NONE)
        return rc;
    return fill(s, m->station, now, err);
}

/* azi_flow_done at a simple station: one unit, no person, never down. */
HOT az_status done_simple(az_sim *s, uint32_t mi, machine_rt *m,
                          station_rt *st, double now, az_error *err)
{
    unit *un = &s->units[m->unit];
    if (s->step[un->step].exits && !s->capped && s->on_shift && !s->obs &&
        st->nidle == 0 && st->qhead != NONE) {
        /* The commonest end of a visit: the unit leaves the line (send_on,
         * less the machines' count: see restart), then m takes the next
         * unit, which gives m->ev its new value. No WIP cap waits for the
         * room it leaves. */
        st->time_sum += now - un->enter_t;
        st->visits++;
        leave(s, m->unit, 0, now, err);
        return restart(s, mi, m, st, now, 0, err);
    }
    m->ev = 0;
    m->nheld = 0;
    az_status rc = send_on(s, m, m->unit, now, err);
    if (rc)
        return rc;
    if (m->nheld)
        return block(s, m, now, err);
    if (s->on_shift && !s->obs && st->nidle == 0 && st->qhead != NONE)
        return restart(s, mi, m, st, now, 1, err);
    if ((rc = let_go(s, m, now, err)))
        return rc;
    return fill(s, m->station, now, err);
}

az_status azi_flow_done(az_sim *s, uint32_t mi, double now, az_error *err)
{
    machine_rt *m = &s->mach[mi];
    station_rt *st = &s->st[m->station];
    if (!st->feat)
        return done_simple(s, mi, m, st, now, err);
    uint32_t u = m->unit;
    m->ev = 0;
    m->nheld = 0;
    az_status rc = release_person(s, m, now, err);
    while (u != NONE && !rc) { /* one unit, or a batch's chain */
        uint32_t nx = s->units[u].next;
        rc = send_on(s, m, u, now, err);
        u = nx;
    }
    if (rc)
        return rc;
    if (m->nheld)
        return block(s, m, now, err);
    if ((rc = let_go(s, m, now, err)))
        return rc;
    return fill(s, m->station, now, err);
}

/* Doubles the unit pool: rare, and never once a run has warmed up. */
static az_status grow_units(az_sim *s, az_error *err)
{
    uint32_t ncap = s->nunit_cap ? s->nunit_cap * 2 : 256;
    /* aligned_alloc, not realloc, which keeps only malloc's alignment */
    unit *nu = ncap > s->nunit_cap
                   ? azi_aligned_alloc(64, (size_t)ncap * sizeof *nu)
                   : NULL;
    uint32_t *nid = nu ? azi_realloc(s->unit_id, (size_t)ncap * sizeof *nid)
                       : NULL;
    if (!nid) {
        free(nu);
        return az_error_set(err, AZ_ENOMEM,
                            "out of memory growing the unit pool");
    }
    if (s->nunit_cap)
        memcpy(nu, s->units, (size_t)s->nunit_cap * sizeof *nu);
    free(s->units);
    memset(nid + s->nunit_cap, 0, (size_t)(ncap - s->nunit_cap) * sizeof *nid);
    s->unit_id = nid;
    for (uint32_t i = s->nunit_cap; i < ncap; i++)
        nu[i].next = i + 1 < ncap ? i + 1 : NONE;
    s->free_head = s->nunit_cap;
    s->units = nu;
    s->nunit_cap = ncap;
    return AZ_OK;
}

/* A unit off the free list (the pool grows if it is empty), at step g
 * with no reworks used. Forced inline: a fixed source's every release. */
HOT az_status fresh_unit(az_sim *s, uint32_t g, uint32_t *out, az_error *err)
{
    az_status rc;
    if (s->free_head == NONE && (rc = grow_units(s, err)))
        return rc;
    uint32_t u = s->free_head;
    unit *un = &s->units[u];
    s->free_head = un->next;
    un->tries = 0;
    un->step = g;
    *out = u;
    return AZ_OK;
}

/* An arrival on shift at a fixed source (sim_impl.h): a new unit of its
 * product is offered at its first step. */
HOT az_status arrive_fixed(az_sim *s, uint32_t src, double now,
                           az_error *err)
{
    source_rt *so = &s->src[src];
    uint32_t u;
    az_status rc = fresh_unit(s, so->step, &u, err);
    return rc ? rc : offer(s, src, u, so->station, now, err);
}

static az_status new_unit(az_sim *s, uint32_t p, double now, uint32_t *out,
                          az_error *err)
{
    uint32_t u;
    *out = NONE;
    /* the first step, sampled or not, tells the unit's product */
    az_status rc = fresh_unit(s, s->prod[p].first_step, &u, err);
    if (rc)
        return rc;
    unit *un = &s->units[u];
    uint32_t g = skip_unsampled(s, un->step);
    if (g == NONE) { /* every step sampled out: done as soon as released */
        release(s, u, now);
        return leave(s, u, 0, now, err);
    }
    un->step = g;
    *out = u;
    return AZ_OK;
}

az_status azi_flow_arrive(az_sim *s, uint32_t src, double now, az_error *err)
{
    source_rt *so = &s->src[src];
    az_status rc;
    if (!s->on_shift) { /* nothing is released off shift */
        so->shift_wait = 1;
        return AZ_OK;
    }
    if (so->fixed)
        return arrive_fixed(s, src, now, err);
    uint32_t p;
    if (so->plan) { /* the next unit due, if any */
        while (so->plan_pos < so->plan_due && so->plan_left == 0)
            if (++so->plan_pos < so->plan_due)
                so->plan_left = so->plan[so->plan_pos].quantity;
        if (so->plan_pos >= so->plan_due) {
            so->plan_idle = 1; /* done for now: wait for the next day */
            return AZ_OK;
        }
        p = so->plan[so->plan_pos].product;
        so->plan_left--;
        backlog_add(s, so, now, -1); /* drawn: out of the plan's backlog */
    } else if (so->seq) {
        p = so->seq[so->seq_pos];
        so->seq_pos = so->seq_pos + 1 < so->nseq ? so->seq_pos + 1 : 0;
    } else {
        uint32_t k = so->nmix == 1 ? 0
                                   : pick(&s->mix_cum[so->first], so->nmix,
                                          &so->mix_rng);
        p = s->mix_product[so->first + k];
    }
    if (so->multi && so->backlog[p] > 0) {
        /* Its product is blocked: the unit is due, and waits its turn
         * behind the product's others; the other products go on. */
        so->backlog[p]++;
        backlog_add(s, so, now, 1);
        if (all_blocked(s, so)) { /* the others may have been held since */
            so->paused = 1;
            return AZ_OK;
        }
        return schedule_arrival(s, src, now, err);
    }
    uint32_t u;
    if ((rc = new_unit(s, p, now, &u, err)))
        return rc;
    if (u == NONE)
        return schedule_arrival(s, src, now, err);
    return offer(s, src, u, s->step[s->units[u].step].station, now, err);
}

az_status azi_flow_setup_done(az_sim *s, uint32_t mi, double now,
                              az_error *err)
{
    machine_rt *m = &s->mach[mi];
    m->ev = 0;
    az_status rc = release_person(s, m, now, err);
    return rc ? rc : begin_work(s, m, now, err);
}

/* Machine m stops what it does (for a failure or a shift's end) and
 * remembers what to resume: work in progress keeps its time left and its
 * person leaves for other work; a wait for a person ends, the work not
 * begun. The caller then moves m to DOWN or OFF. */
static az_status suspend(az_sim *s, machine_rt *m, double now, az_error *err)
{
    /* Off shift it is suspended already, and resume says what it returns
     * to: a failure striking it then must not overwrite that (it did, and
     * a machine blocked at the shift's end came back idle at the next
     * start while its unit still waited for room: two units on it). */
    if (m->state == MS_OFF)
        return AZ_OK;
    m->resume = m->state;
    if (running(m->state)) {
        az_calendar_cancel(s->cal, m->ev);
        m->ev = 0;
        m->remaining = m->ev_time - now;
        return release_person(s, m, now, err);
    }
    if (m->state == MS_WAIT_OP) {
        leave_queue(s, m);
        m->resume = azi_mc(s, m)->pending == ACT_WORK ? MS_WORK : MS_SETUP;
    }
    return AZ_OK;
}

az_status azi_flow_fail(az_sim *s, uint32_t mi, double now, az_error *err)
{
    machine_rt *m = &s->mach[mi];
    machine_cold *c = azi_mc(s, m);
    station_cold *sc = &s->stc[m->station];
    c->fail_ev = 0;
    if (sc->operating_clock) { /* the event may come early (run_clock) */
        if (!(state_flags[m->state] & F_RUNNING))
            return AZ_OK; /* the next start pushes it again */
        double due = c->since + c->ttf;
        if (due > now)
            return azi_cal_push(s->cal, due, 0, EV_FAIL, mi, 0, &c->fail_ev,
                                err);
    }
    az_status rc = suspend(s, m, now, err);
    sc->failures++;
    if (rc || (rc = set_state(s, m, MS_DOWN, now, err)))
        return rc;
    if (s->st[m->station].feat & SF_ASSEMBLY) /* an idle one may fail */
        parts_wait(s, &s->st[m->station], now);
    c->repair = azi_dist_sample(sc->fail_repair, &c->rng);
    return do_activity(s, m, ACT_REPAIR, now, err);
}

az_status azi_flow_repair(az_sim *s, uint32_t mi, double now, az_error *err)
{
    machine_rt *m = &s->mach[mi];
    machine_cold *c = azi_mc(s, m);
    station_cold *sc = &s->stc[m->station];
    az_status rc = release_person(s, m, now, err);
    if (rc)
        return rc;
    c->ttf = azi_dist_sample(sc->fail_between, &c->rng);
    /* A new clock: the stop at the failure is not a pause of it, even if
     * the repair took no time (run_clock would restore the old ttf). */
    c->stop_t = -1;
    if (!sc->operating_clock &&
        (rc = azi_cal_push(s->cal, now + c->ttf, 0, EV_FAIL, mi, 0,
                           &c->fail_ev, err)))
        return rc;
    machine_state k = m->resume;
    if (!s->on_shift && (k == MS_IDLE || k == MS_BLOCKED ||
                         (running(k) && s->pause_off_shift)))
        return set_state(s, m, MS_OFF, now, err); /* resume kept */
    if (running(k)) /* resume the interrupted work, with a person again */
        return do_activity(s, m, k == MS_WORK ? ACT_WORK : ACT_SETUP, now,
                           err);
    if ((rc = set_state(s, m, k, now, err)))
        return rc;
    return k == MS_IDLE ? fill(s, m->station, now, err) : AZ_OK;
}

/* ---- shifts ---- */

az_status azi_flow_crew(az_sim *s, int k, double now, az_error *err)
{
    for (uint32_t q = 0; q < s->npool; q++) {
        pool_rt *pl = &s->pools[q];
        uint32_t size = pl->base;
        if (k >= 0 && (uint32_t)k < pl->nshift &&
            pl->by_shift[k] != AZ_UNLIMITED)
            size = pl->by_shift[k];
        azi_timeavg_set(&pl->staffed, now, size);
        pl->size = size;
        while (pl->busy < pl->size && pl->whead != NONE) { /* new people */
            pl->busy++;
            azi_timeavg_add(&pl->used, now, 1);
            az_status rc = serve_next(s, q, now, err);
            if (rc)
                return rc;
        }
    }
    return AZ_OK;
}

az_status azi_flow_shift(az_sim *s, int on, double now, az_error *err)
{
    az_status rc = AZ_OK;
    s->on_shift = on;
    for (uint32_t i = 0; i < s->nmachine && !rc; i++) {
        machine_rt *m = &s->mach[i];
        if (!on) {
            /* Idle, waiting for a person (work not begun), blocked (off-shift
             * time is reported as such), or working in pause mode. */
            if (m->state == MS_IDLE || m->state == MS_WAIT_OP ||
                m->state == MS_BLOCKED ||
                (running(m->state) && s->pause_off_shift)) {
                if (!(rc = suspend(s, m, now, err)))
                    rc = set_state(s, m, MS_OFF, now, err);
            }
        } else if (m->state == MS_OFF) {
            machine_state k = m->resume;
            if (running(k))
                rc = do_activity(s, m, k == MS_WORK ? ACT_WORK : ACT_SETUP,
                                 now, err);
            else /* blocked only if its units still wait for room */
                rc = set_state(s, m,
                               k == MS_BLOCKED && m->nheld ? MS_BLOCKED
                                                           : MS_IDLE,
                               now, err);
        }
    }
    for (uint32_t x = 0; x < s->nstation && !on; x++) /* now off shift */
        if (s->st[x].feat & SF_ASSEMBLY)
            parts_wait(s, &s->st[x], now);
    if (!on || rc)
        return rc;
    for (uint32_t x = 0; x < s->nstation && !rc; x++)
        rc = fill(s, x, now, err);
    for (uint32_t i = 0; i < s->nsource && !rc; i++)
        if (s->src[i].shift_wait) {
            s->src[i].shift_wait = 0;
            rc = azi_flow_arrive(s, i, now, err);
        }
    return rc;
}

az_status azi_flow_start(az_sim *s, az_error *err)
{
    for (uint32_t i = 0; i < s->nmachine; i++) {
        machine_rt *m = &s->mach[i];
        machine_cold *c = azi_mc(s, m);
        station_cold *sc = &s->stc[m->station];
        m->state = MS_IDLE;
        m->resume = MS_IDLE;
        m->unit = c->product = c->family = NONE;
        c->holds = NONE;
        m->ev = c->fail_ev = 0;
        c->stop_t = -1;
        if (!sc->fail_between)
            continue;
        c->ttf = azi_dist_sample(sc->fail_between, &c->rng);
        az_status rc;
        if (!sc->operating_clock &&
            (rc = azi_cal_push(s->cal, c->ttf, 0, EV_FAIL, i, 0, &c->fail_ev,
                               err)))
            return rc;
    }
    return AZ_OK;
}

/* ---- the event loop ---- */

/* Any of the flow's events; the loop below inlines the commonest. */
static az_status other_event(az_sim *s, uint32_t type, uint32_t obj,
                             uint64_t data, double now, az_error *err)
{
    switch (type) {
    case EV_SETUP_DONE:
        return azi_flow_setup_done(s, obj, now, err);
    case EV_FAIL:
        return azi_flow_fail(s, obj, now, err);
    case EV_REPAIR:
        return azi_flow_repair(s, obj, now, err);
    case EV_PLAN_DAY:
        return azi_flow_plan_day(s, obj, now, err);
    case EV_TRANSIT:
        return azi_flow_transit(s, obj, (uint32_t)data, now, err);
    case EV_BATCH_WAIT:
        return azi_flow_batch_wait(s, obj, now, err);
    case EV_ARRIVE:
        return azi_flow_arrive(s, obj, now, err);
    case EV_DONE:
        return azi_flow_done(s, obj, now, err);
    }
    return AZ_OK; /* not reached: the engine's events do not come here */
}

/* Prefetching, in large models only (s->prefetch). With thousands of
 * stations a machine's or station's record is rarely in the cache, and each
 * miss stalls the event that needs it. So while one event is handled, the
 * memory is asked for the records of the event after it: its machine's hot
 * lines and its station's. Only machine events are recognised; for others
 * the prefetch is merely wasted, and a prefetch never changes a result.
 * Measured (docs/performance.md, Growth): about 5 % at 10,000 stations;
 * also prefetching, one event ahead, what the next event's records point
 * to (its unit, step and downstream station) gained 1 % more, within the
 * noise, so it was left out. */
static inline void prefetch_next(const az_sim *s)
{
#if defined(__GNUC__)
    uint32_t mi = azi_cal_next_obj(s->cal);
    if (mi >= s->nmachine)
        return;
    const char *st = (const char *)&s->st[s->mach_st[mi]];
    __builtin_prefetch(&s->mach[mi], 1);
    __builtin_prefetch(s->mach[mi].in_state, 1);
    for (int k = 0; k < 4; k++)
        __builtin_prefetch(st + 64 * k, 1);
#else
    (void)s;
#endif
}

az_status azi_flow_run(az_sim *s, az_event *out, az_error *err)
{
    az_event ev;
    for (;;) {
        if (azi_cal_pop(s->cal, &ev) != AZ_OK) /* END is always pending */
            return az_error_set(err, AZ_ERUNTIME, "calendar ran empty");
        /* A stop request is looked at every 65,536 events: a test and a
         * predictable branch per event, and a stop within milliseconds. */
        if (!(++s->events & 0xffff) && s->stop && *s->stop)
            return az_error_set(err, AZ_ESTOPPED, "stopped on request");
        if (s->prefetch)
            prefetch_next(s);
        az_status rc;
        /* The commonest cases first and inlined: no call per event, and
         * two predictable compares instead of a jump table. */
        if (ev.type == EV_DONE) {
            machine_rt *m = &s->mach[ev.obj];
            station_rt *st = &s->st[m->station];
            rc = !st->feat ? done_simple(s, ev.obj, m, st, ev.time, err)
                           : azi_flow_done(s, ev.obj, ev.time, err);
        } else if (ev.type == EV_ARRIVE) {
            rc = s->on_shift && s->src[ev.obj].fixed
                     ? arrive_fixed(s, ev.obj, ev.time, err)
                     : azi_flow_arrive(s, ev.obj, ev.time, err);
        } else if (!azi_flow_owns(ev.type)) {
            *out = ev;
            return AZ_OK;
        } else {
            rc = other_event(s, ev.type, ev.obj, ev.data, ev.time, err);
        }
        if (rc)
            return rc;
    }
}

/* The per-period series' way in (sim.c): one event, no inlined cases. */
az_status azi_flow_event(az_sim *s, const az_event *ev, az_error *err)
{
    switch (ev->type) {
    case EV_ARRIVE:
        return azi_flow_arrive(s, ev->obj, ev->time, err);
    case EV_DONE:
        return azi_flow_done(s, ev->obj, ev->time, err);
    }
    return other_event(s, ev->type, ev->obj, ev->data, ev->time, err);
}
