/*
 * sim.c: the engine loop for open networks of multi-machine stations.
 *
 * Design notes
 *  1. The model is compiled into flat arrays (stations, steps, sources) so
 *     that an event touches a few cache lines and follows no strings.
 *  2. Units live in a pool indexed by uint32_t with a free list; a station's
 *     queue is an intrusive FIFO through unit.next. The pool and the calendar
 *     grow by doubling during the first replication and are reused after, so
 *     the event path does not allocate once the run has warmed up.
 *  3. Every random element draws from its own stream (station process times,
 *     each step's routing, each source's interarrivals and product mix), keyed
 *     by name: see rng.h for why that gives reproducibility and common random
 *     numbers.
 *  4. The flow of units (buffers, blocking) is in station.c, and so is the
 *     loop over its events (azi_flow_run), which hands back the engine's own.
 *  5. Events: the flow's (sim_impl.h, EV_ARRIVE .. EV_PLAN_DAY), and the
 *     engine's: SHIFT, WARMUP (statistics reset), THIRD (the growth
 *     statistics' areas, at whole calendar cycles) and END. Ties pop in
 *     (priority, insertion) order; WARMUP goes before, THIRD and END after
 *     anything else at their time.
 *
 * Over 800 lines: the compile step, the metric layout and collection and
 * the run loop are three concerns kept here until the engine is split by
 * feature (issue 20: compile.c, metrics.c, loop.c).
 */
#include "azalea/sim.h"
#include "util/alloc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rng_impl.h"
#include "sim_impl.h"

/* Lead-time histograms: 2^-7 relative bucket width over [1e-6, 1e12] time
 * units covers seconds to years whatever the model's time unit. */
#define HIST_LO 1e-6
#define HIST_HI 1e12
#define HIST_BITS 7

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
    AZ_M_UTIL, AZ_M_SETUP, AZ_M_BLOCKED, AZ_M_DOWN, AZ_M_WAIT_OP, AZ_M_OFF,
    AZ_M_IDLE, AZ_M_OEE, AZ_M_BN_SOLE, AZ_M_BN_SHIFT, AZ_M_NUMBER,
    AZ_M_QUEUE_MAX, AZ_M_QUEUE, AZ_M_TIME, AZ_M_WAIT, AZ_M_VISITS,
    AZ_M_GROWTH, AZ_M_AVAILABILITY, AZ_M_PERFORMANCE, AZ_M_QUALITY,
    AZ_M_WAIT_PARTS};
static const az_metric_kind store_kinds[] = {
    AZ_M_STORE_CONTENT, AZ_M_STORE_MAX, AZ_M_STORE_WAIT, AZ_M_STORE_LACKING,
    AZ_M_SCRAPPED, AZ_M_GROWTH};
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
    case AZ_M_IDLE: return "starved";
    case AZ_M_WAIT_OP: return "waiting_operator";
    case AZ_M_OFF: return "off_shift";
    case AZ_M_OEE: return "oee";
    case AZ_M_BN_SOLE: return "bottleneck_sole";
    case AZ_M_BN_SHIFT: return "bottleneck_shifting";
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
    case AZ_M_GROWTH: return "growth";
    case AZ_M_BACKLOG: return "release_backlog";
    case AZ_M_BACKLOG_GROWTH: return "release_backlog_growth";
    }
    return "?";
}

/* Stores come last, by component product (az_scope's order). */
static uint32_t store_count(const az_sim *s)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < s->nstation; i++)
        n += s->st[i].ncomp;
    return n;
}

static az_status build_layout(az_sim *s)
{
    s->nmetric = COUNT(sys_kinds) + s->nproduct * COUNT(prod_kinds) +
                 s->nstation * COUNT(st_kinds) + s->npool +
                 store_count(s) * COUNT(store_kinds);
    s->layout = azi_malloc(s->nmetric * sizeof *s->layout);
    s->results = azi_calloc(s->nmetric, sizeof *s->results);
    if (!s->layout || !s->results)
        return AZ_ENOMEM;
    size_t k = 0;
    for (size_t i = 0; i < COUNT(sys_kinds); i++)
        s->layout[k++] = (az_metric){AZ_SCOPE_SYSTEM, 0, sys_kinds[i]};
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

/* Layouts are ordered by (scope, object) (build_layout makes them so), so
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

/* ---- compile ---- */

void az_sim_free(az_sim *s)
{
    if (!s)
        return;
    az_calendar_free(s->cal);
    if (s->prod)
        for (uint32_t p = 0; p < s->nproduct; p++)
            az_hist_free(s->prod[p].hist);
    az_hist_free(s->hist);
    if (s->stc)
        for (uint32_t i = 0; i < s->nstation; i++) {
            free(s->stc[i].setup_pair);
            free(s->stc[i].carton_head);
            free(s->stc[i].store);
            free(s->stc[i].carton_n);
        }
    free(s->st);
    free(s->stc);
    free(s->mach);
    free(s->mcold);
    free(s->mach_st);
    free(s->pools);
    azi_worktime_free(&s->work);
    azi_bn_free(&s->bn);
    free(s->prod_family);
    free(s->dl_gen);
    free(s->dl_stuck);
    free(s->step);
    free(s->br_to);
    free(s->br_cum);
    if (s->src)
        for (uint32_t i = 0; i < s->nsource; i++) {
            free(s->src[i].hold);
            free(s->src[i].backlog);
        }
    free(s->src);
    free(s->mix_product);
    free(s->mix_cum);
    free(s->src_prods);
    free(s->first_station);
    free(s->kit_of);
    free(s->prod);
    free(s->units);
    free(s->unit_id);
    free(s->layout);
    free(s->results);
    for (int j = 0; j < 3; j++)
        free(s->third_area[j]);
    free(s);
}

/* The process time of product p at station x. */
static const az_dist *process_of(const az_model *m, uint32_t x, uint32_t p)
{
    const azi_station *st = &m->station[x];
    for (uint32_t k = 0; k < st->nover; k++)
        if (st->over[k].product == p)
            return &st->over[k].process;
    return &st->process;
}

/* Families by index: the first product of each family names it. */
static int compile_families(az_sim *s, const az_model *m)
{
    s->prod_family = azi_calloc(m->nproduct ? m->nproduct : 1, sizeof(uint32_t));
    if (!s->prod_family)
        return 1;
    for (uint32_t p = 0; p < m->nproduct; p++) {
        uint32_t q = 0;
        while (strcmp(m->product[q].family, m->product[p].family))
            q++;
        s->prod_family[p] = q == p ? s->nfamily++ : s->prod_family[q];
    }
    return 0;
}

static uint32_t family_index(const az_sim *s, const az_model *m,
                             const char *name)
{
    for (uint32_t p = 0; p < m->nproduct; p++)
        if (!strcmp(m->product[p].family, name))
            return s->prod_family[p];
    return NONE;
}

/* Machines and sources from which the engine uses the calendar queue
 * (docs/performance.md, "Calendar queue for large models"): with its
 * inline path it overtakes the 4-ary heap from about 25 pending events on
 * the uniform lines of bench/gen-line, but was 11 % slower on the
 * reference factory (22 machines; failures, breaks and shifts far from the
 * process times), so only models well past that size get it. */
#define AZI_CQ_FROM 96

/* Runtime records (stations and machines) beyond which the event loop
 * prefetches: about a second-level cache's worth. */
#define AZI_PREFETCH_BYTES (256u * 1024)

/* A zeroed array of n records of `size` bytes, aligned to a cache line as
 * the runtime records declare (so no hot line straddles two); free()
 * releases it. */
static void *calloc_lines(size_t n, size_t size)
{
    if (!n)
        n = 1;
    if (n > (SIZE_MAX - 63) / size)
        return NULL;
    size_t bytes = (n * size + 63) & ~(size_t)63;
    void *p = azi_aligned_alloc(64, bytes);
    if (p)
        memset(p, 0, bytes);
    return p;
}

static int compile_machines(az_sim *s, const az_model *m)
{
    uint32_t nstore = 0;
    for (uint32_t i = 0; i < m->nstation; i++)
        s->nmachine += m->station[i].machines;
    s->npool = m->npool;
    s->pools = azi_calloc(m->npool ? m->npool : 1, sizeof *s->pools);
    if (!s->pools)
        return 1;
    for (uint32_t i = 0; i < m->npool; i++) {
        s->pools[i].size = s->pools[i].base = m->pool[i].size;
        s->pools[i].by_shift = m->pool[i].by_shift;
        s->pools[i].nshift = m->pool[i].nshift;
    }
    s->mach = calloc_lines(s->nmachine, sizeof *s->mach);
    s->mcold = azi_calloc(s->nmachine ? s->nmachine : 1, sizeof *s->mcold);
    s->mach_st = azi_calloc(s->nmachine ? s->nmachine : 1, sizeof *s->mach_st);
    s->dl_gen = azi_calloc(m->nstation ? m->nstation : 1, sizeof *s->dl_gen);
    s->dl_stuck = azi_calloc(m->nstation ? m->nstation : 1, 1);
    if (!s->mach || !s->mcold || !s->mach_st || !s->dl_gen || !s->dl_stuck)
        return 1;
    uint32_t k = 0;
    for (uint32_t i = 0; i < m->nstation; i++) {
        const azi_station *ms = &m->station[i];
        station_rt *st = &s->st[i];
        station_cold *sc = &s->stc[i];
        st->machines = ms->machines;
        st->first_machine = k;
        st->cap = ms->buffer;
        sc->batch_min = ms->batch_min;
        st->batch_max = ms->batch_max;
        sc->batch_wait = ms->batch_wait;
        sc->batch_pure = ms->batch_pure;
        st->carton = ms->carton;
        sc->transport = ms->has_transport ? &ms->transport : NULL;
        st->ncomp = ms->ncomp;
        sc->scrap_kits = ms->scrap_kits;
        if (ms->ncomp &&
            !(sc->store = azi_calloc(ms->ncomp, sizeof *sc->store)))
            return 1;
        for (uint32_t j = 0; j < ms->ncomp; j++) {
            sc->store[j].index = nstore++;
            sc->store[j].product = ms->comp[j];
            sc->store[j].qty = ms->comp_qty[j];
            sc->store[j].cap = ms->comp_store[j]; /* AZ_UNLIMITED is NONE */
        }
        if (ms->carton) {
            sc->carton_head = azi_malloc(m->nproduct * sizeof(uint32_t));
            sc->carton_n = azi_malloc(m->nproduct * sizeof(uint32_t));
            if (!sc->carton_head || !sc->carton_n)
                return 1;
        }
        sc->pool[ACT_SETUP] = ms->pool[AZ_ACT_SETUP];
        sc->pool[ACT_WORK] = ms->pool[AZ_ACT_PROCESS];
        sc->pool[ACT_REPAIR] = ms->pool[AZ_ACT_REPAIR];
        sc->setup_same = ms->has_same ? &ms->setup_same : NULL;
        sc->setup_other = ms->has_other ? &ms->setup_other : NULL;
        if (ms->fails) {
            sc->fail_between = &ms->fail_between;
            sc->fail_repair = &ms->fail_repair;
            sc->operating_clock = ms->fail_clock == AZ_FAIL_OPERATING;
        }
        if (ms->npair) {
            size_t nf = (size_t)s->nfamily * s->nfamily;
            sc->setup_pair = azi_calloc(nf, sizeof *sc->setup_pair);
            if (!sc->setup_pair)
                return 1;
            for (uint32_t j = 0; j < ms->npair; j++) {
                uint32_t a = family_index(s, m, ms->pair[j].from);
                uint32_t b = family_index(s, m, ms->pair[j].to);
                if (a != NONE && b != NONE) /* else no product ever needs it */
                    sc->setup_pair[a * s->nfamily + b] = &ms->pair[j].time;
            }
        }
        st->feat = (sc->setup_same || sc->setup_other || sc->setup_pair
                        ? SF_SETUP : 0) |
                   (sc->pool[ACT_SETUP] != NONE || sc->pool[ACT_WORK] != NONE ||
                            sc->pool[ACT_REPAIR] != NONE
                        ? SF_POOL : 0) |
                   (st->batch_max ? SF_BATCH : 0) |
                   (st->ncomp ? SF_ASSEMBLY : 0) |
                   (sc->transport ? SF_TRANSPORT : 0) |
                   (sc->fail_between ? SF_FAIL : 0) |
                   (sc->operating_clock ? SF_OPCLOCK : 0) |
                   (st->carton ? SF_CARTON : 0);
        for (uint32_t j = 0; j < ms->machines; j++, k++) {
            s->mach[k].station = i;
            s->mach_st[k] = i;
            s->mach[k].inv_speed = ms->speed ? 1 / ms->speed[j] : 1;
        }
    }
    return 0;
}

/* Whether product p is a component of station x. */
static int is_component(const az_model *m, uint32_t x, uint32_t p)
{
    for (uint32_t j = 0; j < m->station[x].ncomp; j++)
        if (m->station[x].comp[j] == p)
            return 1;
    return 0;
}

/* Each source's products (those it can release: a positive mix share, or
 * named in its sequence or plan); a source of several, without a WIP cap,
 * holds back each product on its own (source_rt.multi). */
static int compile_release(az_sim *s, const az_model *m)
{
    uint8_t *in = azi_calloc(m->nproduct ? m->nproduct : 1, 1);
    s->first_station = azi_calloc(m->nproduct ? m->nproduct : 1,
                              sizeof *s->first_station);
    s->src_prods = azi_calloc((size_t)(m->nproduct ? m->nproduct : 1) *
                              (m->nsource ? m->nsource : 1),
                          sizeof *s->src_prods);
    if (!in || !s->first_station || !s->src_prods) {
        free(in);
        return 1;
    }
    for (uint32_t p = 0; p < m->nproduct; p++)
        s->first_station[p] = s->step[s->prod[p].first_step].station;
    int rc = 0;
    for (uint32_t i = 0; i < m->nsource && !rc; i++) {
        const azi_source *ms = &m->source[i];
        source_rt *so = &s->src[i];
        memset(in, 0, m->nproduct);
        for (uint32_t k = 0; k < ms->nmix; k++)
            in[ms->mix_product[k]] |= ms->mix_share[k] > 0;
        for (uint32_t k = 0; k < ms->nseq; k++)
            in[ms->seq[k]] = 1;
        for (uint32_t k = 0; k < ms->nplan; k++)
            in[ms->plan[k].product] |= ms->plan[k].quantity > 0;
        uint32_t *pr = s->src_prods + (size_t)i * m->nproduct;
        so->prods = pr;
        so->nprods = 0;
        so->shared = 1;
        for (uint32_t p = 0; p < m->nproduct; p++) {
            if (!in[p])
                continue;
            uint32_t y = s->first_station[p];
            so->shared &= (so->nprods == 0 ||
                           y == s->first_station[pr[0]]) &&
                          s->step[s->prod[p].first_step].sample_every <= 1 &&
                          !is_component(m, y, p);
            pr[so->nprods++] = p;
        }
        so->multi = so->nprods > 1 && !ms->wip_cap;
        /* a zero interarrival saturates a release by design, but a plan's
         * units are due by the plan: its backlog means something */
        so->saturated = !ms->plan && az_dist_mean(&ms->interarrival) == 0 &&
                        az_dist_variance(&ms->interarrival) == 0;
        if (so->multi &&
            (!(so->hold = azi_malloc(m->nproduct * sizeof *so->hold)) ||
             !(so->backlog = azi_calloc(m->nproduct, sizeof *so->backlog))))
            rc = 1;
    }
    free(in);
    return rc;
}

/* Whether station x can be reached from the steps after step g (the
 * steps g's unit would have gone on to had it not been scrapped there).
 * seen: scratch of nstep bytes. */
static int reaches(const az_sim *s, uint32_t g, uint32_t x, uint8_t *seen,
                   uint32_t *stack)
{
    uint32_t n = 0;
    memset(seen, 0, s->nstep);
    const step_rt *sp = &s->step[g];
    if (sp->nbranch == 0) {
        if (sp->next != NONE)
            stack[n++] = sp->next;
    } else {
        for (uint32_t b = 0; b < sp->nbranch; b++)
            if (s->br_to[sp->first + b] != NONE)
                stack[n++] = s->br_to[sp->first + b];
    }
    while (n > 0) {
        uint32_t h = stack[--n];
        if (seen[h])
            continue;
        seen[h] = 1;
        const step_rt *hp = &s->step[h];
        if (hp->station == x)
            return 1;
        if (hp->nbranch == 0) {
            if (hp->next != NONE && !seen[hp->next])
                stack[n++] = hp->next;
        } else {
            for (uint32_t b = 0; b < hp->nbranch; b++) {
                uint32_t t = s->br_to[hp->first + b];
                if (t != NONE && !seen[t])
                    stack[n++] = t;
            }
        }
    }
    return 0;
}

/* kit_of: for each step, the assembly station with scrap_kits that a unit
 * scrapped after the step would still have visited (the first in station
 * order; a route assembled twice owes only one kit), or NONE. Left NULL
 * when no station scraps kits, so the scrap path tests one pointer. */
static int compile_kits(az_sim *s, const az_model *m)
{
    int any = 0;
    for (uint32_t x = 0; x < m->nstation; x++)
        any |= m->station[x].scrap_kits && m->station[x].ncomp;
    if (!any)
        return 0;
    s->kit_of = azi_malloc(s->nstep * sizeof *s->kit_of);
    uint8_t *seen = azi_malloc(s->nstep);
    /* a step is pushed at most once per edge into it: one `next` per step
     * plus the branches bound the stack */
    size_t edges = (size_t)s->nstep + 1;
    for (uint32_t g = 0; g < s->nstep; g++)
        edges += s->step[g].nbranch;
    uint32_t *stack = azi_malloc(edges * sizeof *stack);
    int rc = !s->kit_of || !seen || !stack;
    for (uint32_t g = 0; !rc && g < s->nstep; g++) {
        s->kit_of[g] = NONE;
        uint32_t p = s->step[g].product;
        for (uint32_t x = 0; x < m->nstation && s->kit_of[g] == NONE; x++)
            if (m->station[x].scrap_kits && m->station[x].ncomp &&
                !is_component(m, x, p) && reaches(s, g, x, seen, stack))
                s->kit_of[g] = x;
    }
    free(seen);
    free(stack);
    return rc;
}

static az_status compile(az_sim *s, const az_model *m, az_error *err)
{
    s->nstation = m->nstation;
    s->nproduct = m->nproduct;
    s->nsource = m->nsource;
    uint32_t nbr = 0, nmix = 0;
    /* Each test step with a rework station gets a hidden step after all
     * the products' own: a visit to the rework station that leads back. */
    uint32_t nhidden = 0;
    for (uint32_t p = 0; p < m->nproduct; p++) {
        s->nstep += m->product[p].nstep;
        for (uint32_t j = 0; j < m->product[p].nstep; j++) {
            nbr += m->product[p].step[j].nbranch;
            nhidden += m->product[p].step[j].rework != AZ_NO_STATION;
        }
    }
    uint32_t hidden = s->nstep;
    s->nstep += nhidden;
    for (uint32_t i = 0; i < m->nsource; i++)
        nmix += m->source[i].nmix;

    s->st = calloc_lines(s->nstation, sizeof *s->st);
    s->stc = azi_calloc(s->nstation ? s->nstation : 1, sizeof *s->stc);
    s->step = calloc_lines(s->nstep, sizeof *s->step);
    s->br_to = azi_calloc(nbr ? nbr : 1, sizeof *s->br_to);
    s->br_cum = azi_calloc(nbr ? nbr : 1, sizeof *s->br_cum);
    s->src = azi_calloc(s->nsource ? s->nsource : 1, sizeof *s->src);
    s->mix_product = azi_calloc(nmix ? nmix : 1, sizeof *s->mix_product);
    s->mix_cum = azi_calloc(nmix ? nmix : 1, sizeof *s->mix_cum);
    s->prod = azi_calloc(s->nproduct ? s->nproduct : 1, sizeof *s->prod);
    if (!s->st || !s->stc || !s->step || !s->br_to || !s->br_cum || !s->src ||
        !s->mix_product || !s->mix_cum || !s->prod)
        return az_error_set(err, AZ_ENOMEM, "out of memory compiling model");

    if (compile_families(s, m) || compile_machines(s, m))
        return az_error_set(err, AZ_ENOMEM, "out of memory compiling model");
    /* Below this the records stay in the first- and second-level caches
     * and a prefetch would only add instructions (docs/performance.md). */
    s->prefetch = (size_t)s->nstation * sizeof *s->st +
                      (size_t)s->nmachine * sizeof *s->mach >
                  AZI_PREFETCH_BYTES;
    uint32_t g = 0, b = 0;
    for (uint32_t p = 0; p < m->nproduct; p++) {
        const azi_product *mp = &m->product[p];
        s->prod[p].first_step = g;
        az_status rc = az_hist_create(HIST_LO, HIST_HI, HIST_BITS,
                                      &s->prod[p].hist, err);
        if (rc)
            return rc;
        for (uint32_t j = 0; j < mp->nstep; j++, g++) {
            const azi_step *ms = &mp->step[j];
            step_rt *st = &s->step[g];
            st->station = ms->station;
            st->product = p;
            st->process = *process_of(m, ms->station, p);
            st->yield = ms->yield;
            st->max_rework = ms->max_rework;
            st->sample_every = ms->sample_every;
            st->destructive = ms->destructive;
            st->rework = NONE;
            if (ms->rework != AZ_NO_STATION) {
                step_rt *h = &s->step[hidden];
                h->station = ms->rework;
                h->product = p;
                h->process = *process_of(m, ms->rework, p);
                h->next = g;
                h->hidden = 1;
                h->yield = 1;
                h->rework = NONE;
                st->rework = hidden++;
            }
            st->nbranch = ms->nbranch;
            st->first = b;
            st->next = j + 1 < mp->nstep ? g + 1 : NONE;
            double cum = 0;
            for (uint32_t k = 0; k < ms->nbranch; k++, b++) {
                cum += ms->branch[k].prob;
                s->br_cum[b] = cum;
                s->br_to[b] = ms->branch[k].to == AZ_EXIT
                                  ? NONE
                                  : s->prod[p].first_step + ms->branch[k].to;
            }
            if (ms->nbranch)
                s->br_cum[b - 1] = 1.0; /* absorb rounding */
        }
    }
    /* A plain step's visit ends in a move to `next` with no draw and no
     * count: no test or branch, and no sampling here or at `next` (a
     * hidden rework step always leads back to its test). */
    for (g = 0; g < s->nstep; g++) {
        step_rt *sp = &s->step[g];
        sp->plain = sp->hidden ||
                    (!(sp->yield < 1) && !(sp->destructive && sp->sample_every) &&
                     sp->nbranch == 0 &&
                     (sp->next == NONE || s->step[sp->next].sample_every <= 1));
        sp->exits = sp->plain && sp->next == NONE;
        sp->next_station = sp->plain && sp->next != NONE
                               ? s->step[sp->next].station
                               : NONE;
    }
    uint32_t x = 0;
    for (uint32_t i = 0; i < m->nsource; i++) {
        const azi_source *ms = &m->source[i];
        s->src[i].ia = &ms->interarrival;
        s->src[i].wip_cap = ms->wip_cap;
        s->src[i].seq = ms->seq;
        s->src[i].nseq = ms->nseq;
        s->src[i].plan = ms->plan;
        s->src[i].nplan = ms->nplan;
        s->src[i].nmix = ms->nmix;
        s->src[i].first = x;
        double cum = 0;
        for (uint32_t k = 0; k < ms->nmix; k++, x++) {
            cum += ms->mix_share[k];
            s->mix_cum[x] = cum;
            s->mix_product[x] = ms->mix_product[k];
        }
        if (ms->nmix)
            s->mix_cum[x - 1] = 1.0;
        source_rt *so = &s->src[i];
        if (ms->nmix == 1 && !so->plan && !so->seq && !so->wip_cap) {
            so->product = ms->mix_product[0];
            so->step = s->prod[so->product].first_step;
            so->fixed = m->product[so->product].nstep > 0 &&
                        s->step[so->step].sample_every <= 1;
            if (so->fixed)
                so->station = s->step[so->step].station;
        }
    }
    if (compile_release(s, m) || compile_kits(s, m))
        return az_error_set(err, AZ_ENOMEM, "out of memory compiling model");
    az_status rc = az_hist_create(HIST_LO, HIST_HI, HIST_BITS, &s->hist, err);
    if (rc || (rc = azi_worktime_build(&s->work, m, err)) ||
        (rc = azi_bn_init(&s->bn, m->nstation ? m->nstation : 1, err)))
        return rc;
    s->bn_on = m->nstation >= 2;
    s->pause_off_shift = m->off_shift == AZ_OFF_PAUSE;
    size_t nareas = (size_t)s->nstation + 1 + store_count(s);
    int short_of = 0;
    for (int j = 0; j < 3; j++)
        short_of |= !(s->third_area[j] = azi_calloc(nareas, sizeof(double)));
    if (build_layout(s) || short_of)
        return az_error_set(err, AZ_ENOMEM, "out of memory compiling model");
    /* About one pending event per machine and source: from a few hundred
     * on, the calendar queue's O(1) beats the 4-ary heap's depth, which
     * below that stays faster through its inlined fast path (bench/hold;
     * docs/performance.md, Growth). The order of events, hence every
     * result, is the same with either. */
    size_t pending = (size_t)s->nmachine + s->nsource;
    return az_calendar_create(pending >= AZI_CQ_FROM ? AZ_CAL_CALENDAR_QUEUE
                                                     : AZ_CAL_DEFAULT,
                              64, &s->cal, err);
}

az_status az_sim_create(const az_model *m, az_sim **out, az_error *err)
{
    *out = NULL;
    az_status rc = az_model_check(m, err);
    if (rc)
        return rc;
    az_sim *s = azi_calloc(1, sizeof *s);
    if (!s)
        return az_error_set(err, AZ_ENOMEM, "out of memory creating a sim");
    s->model = m;
    s->free_head = NONE;
    if ((rc = compile(s, m, err))) {
        az_sim_free(s);
        return rc;
    }
    *out = s;
    return AZ_OK;
}

/* Clears what is counted since warm-up; time averages keep their value. */
static void reset_stats(az_sim *s, double now)
{
    s->released = s->completed = s->scrapped = s->cartons = 0;
    for (uint32_t p = 0; p < s->nproduct; p++) {
        s->prod[p].lead_sum = 0;
        az_hist_reset(s->prod[p].hist);
        s->prod[p].released = s->prod[p].completed = 0;
        s->prod[p].scrapped = s->prod[p].reworks = s->prod[p].cartons = 0;
        s->prod[p].consumed = 0;
    }
    for (uint32_t p = 0; p < s->npool; p++) {
        az_timeavg_restart(&s->pools[p].used, now);
        az_timeavg_restart(&s->pools[p].staffed, now);
    }
    azi_bn_restart(&s->bn, now);
    az_timeavg_restart(&s->backlog_avg, now);
    s->window_from = now;
    for (uint32_t i = 0; i < s->nmachine; i++) {
        machine_rt *m = &s->mach[i];
        for (int k = 0; k < MS_COUNT; k++)
            m->in_state[k] = 0;
        s->mcold[i].before = m->in_since;
        m->in_since = now;
    }
    for (uint32_t i = 0; i < s->nstation; i++) {
        station_rt *st = &s->st[i];
        station_cold *sc = &s->stc[i];
        azi_count_restart(&st->queue, now);
        st->queue_max = st->queue.value;
        az_timeavg_restart(&sc->packed, now);
        azi_count_restart(&st->onmach, now);
        for (uint32_t j = 0; j < st->ncomp; j++) {
            store_rt *k = &sc->store[j];
            az_timeavg_restart(&k->content, now);
            az_timeavg_restart(&k->lacking, now);
            k->max = k->have;
            k->in = k->scrapped = 0;
        }
        az_timeavg_restart(&sc->parts_wait, now);
        st->time_sum = st->wait_sum = 0;
        st->visits = st->starts = sc->failures = sc->setups = 0;
        sc->rejects = 0;
    }
}

/* A mean per event: NaN (missing, not 0) when there was none. */
static double ratio(double sum, uint64_t n) { return n ? sum / n : NAN; }

/* A quantile of h: NaN when it holds no observation. */
static double quantile(const az_hist *h, double q)
{
    return az_hist_count(h) ? az_hist_quantile(h, q) : NAN;
}

static double station_number(const az_sim *s, const station_rt *st,
                             double end)
{
    const station_cold *sc = azi_sc(s, st);
    return azi_count_mean(&st->queue, s->window_from, end) +
           azi_count_mean(&st->onmach, s->window_from, end) +
           az_timeavg_mean(&sc->packed, end);
}

/* Mean number of station st's machines in each state but IDLE over the
 * statistics window up to end: the machines' times in the state, plus the
 * stretch each is in now. (For one machine this is the arithmetic of a
 * time average of its 0/1 state, to the bit.) */
static void state_means(const az_sim *s, const station_rt *st, double end,
                        double mean[MS_COUNT])
{
    double span = end - s->window_from;
    for (int j = 0; j < MS_COUNT; j++)
        mean[j] = 0;
    for (uint32_t k = 0; k < st->machines; k++) {
        const machine_rt *m = &s->mach[st->first_machine + k];
        if (span <= 0) { /* an empty window: the count now */
            mean[m->state] += 1;
            continue;
        }
        for (int j = 0; j < MS_COUNT; j++)
            mean[j] += m->in_state[j] +
                       (m->state == (machine_state)j ? end - m->in_since : 0);
    }
    for (int j = 0; span > 0 && j < MS_COUNT; j++)
        mean[j] /= span;
}

/* The areas (content x time since the window began) at t, of each
 * station, then of the release backlog, then of each store, into
 * a[nstation + 1 + stores]. */
static void areas(const az_sim *s, double t, double *a)
{
    double since = t - s->window_from;
    for (uint32_t i = 0; i < s->nstation; i++) {
        a[i] = station_number(s, &s->st[i], t) * since;
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
 * cycles of the line's calendar (a week with shifts, a day with a plan),
 * so that the two thirds compared hold the same shifts, weekdays and plan
 * days; a window under three cycles gives 0 (no growth measured). */
static double third_length(const az_sim *s, double span)
{
    int plan = 0;
    for (uint32_t i = 0; i < s->nsource; i++)
        plan |= s->src[i].plan != NULL;
    /* shifts that cover the whole week, without holidays, are no cycle */
    int shifts = !s->work.always &&
                 (s->work.nhol ||
                  azi_worktime_between(&s->work, 0, s->work.week) <
                      s->work.week);
    double cycle = shifts ? s->work.week : plan ? s->work.day : 0;
    double third = span / 3;
    return cycle > 0 ? floor(third / cycle) * cycle : third;
}

static void collect(az_sim *s, double end, double span)
{
    double *r = s->results, lead_sum = 0, wip = 0;
    /* the line's working time in the window: per working hour figures */
    double working = azi_worktime_between(&s->work, s->window_from, end);
    /* Bottleneck shares are of working time. Some station is the
     * momentary bottleneck whenever any is active, so the shares' sum is
     * the time the line is active; work that runs on past a shift's end
     * (off_shift: finish) can make that a little more than the working
     * time, which is then the measure, so that no share passes 1. */
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
        wip += station_number(s, &s->st[i], end);
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
        wip_growth += growth(s, i, station_number(s, &s->st[i], end) * win);
    r[k++] = wip_growth;
    double backlog = az_timeavg_mean(&s->backlog_avg, end);
    r[k++] = backlog;
    r[k++] = growth(s, s->nstation, backlog * win);
    r[k++] = s->stalled_at;
    r[k++] = working > 0 ? (double)s->completed / working : NAN;
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
        double share[MS_COUNT], busy = 0;
        state_means(s, st, end, share);
        for (int j = 0; j < MS_COUNT; j++)
            if (j != MS_IDLE)
                busy += share[j] /= st->machines;
        share[MS_IDLE] = busy < 1 ? 1 - busy : 0; /* no -0.00 from rounding */
        r[k++] = share[MS_WORK];
        r[k++] = share[MS_SETUP];
        r[k++] = share[MS_BLOCKED];
        r[k++] = share[MS_DOWN];
        r[k++] = share[MS_WAIT_OP];
        r[k++] = share[MS_OFF];
        r[k++] = share[MS_IDLE];
        /* OEE (ISO 22400-2, docs/output-format.md) = availability x
         * performance x quality: run (processing) time / planned time (on
         * shift, less breaks), nominal time of the work done (at speed 1)
         * / run time, good units / units. */
        double planned = 1 - share[MS_OFF];
        double avail = planned > 0 ? share[MS_WORK] / planned : NAN;
        double run = 0, nominal = 0;
        for (uint32_t j = 0; j < st->machines; j++) {
            const machine_rt *m = &s->mach[st->first_machine + j];
            double w = m->in_state[MS_WORK] +
                       (m->state == MS_WORK ? end - m->in_since : 0);
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
                          : (1 - share[MS_IDLE] - share[MS_BLOCKED] -
                             share[MS_OFF]) * (span / bn_time);
        r[k++] = s->bn_on ? s->bn.shifting[i] / bn_time : 0;
        r[k++] = station_number(s, st, end);
        r[k++] = st->queue_max;
        r[k++] = azi_count_mean(&st->queue, s->window_from, end);
        r[k++] = ratio(st->time_sum, st->visits);
        r[k++] = ratio(st->wait_sum, st->starts);
        r[k++] = (double)st->visits / span;
        r[k++] = growth(s, i, station_number(s, st, end) * win);
        r[k++] = avail;
        r[k++] = perf;
        r[k++] = quality;
        r[k++] = az_timeavg_mean(&sc->parts_wait, end);
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
}

/* Puts every unit back on the free list and every object in its start
 * state, so that a run depends only on its config. */
static void reset_run(az_sim *s, const az_run_config *cfg)
{
    az_calendar_reset(s->cal);
    s->free_head = NONE;
    for (uint32_t i = s->nunit_cap; i-- > 0;) {
        s->units[i].next = s->free_head;
        s->free_head = i;
    }
    s->released_all = s->completed_all = s->scrapped_all = 0;
    s->backlog = 0;
    s->thirds_seen = 0;
    az_timeavg_init(&s->backlog_avg, 0, 0);
    s->consumed_all = 0;
    s->capped = 0;
    for (uint32_t p = 0; p < s->npool; p++) {
        s->pools[p].busy = 0;
        s->pools[p].size = s->pools[p].base;
        s->pools[p].whead = s->pools[p].wtail = NONE;
        az_timeavg_init(&s->pools[p].used, 0, 0);
        az_timeavg_init(&s->pools[p].staffed, 0, s->pools[p].base);
    }
    s->events = 0;
    for (uint32_t i = 0; i < s->nstation; i++) {
        station_rt *st = &s->st[i];
        station_cold *sc = &s->stc[i];
        st->nq = 0;
        st->nidle = st->ninactive = st->machines;
        sc->batch_pending = 0;
        az_timeavg_init(&sc->packed, 0, 0);
        azi_count_init(&st->onmach, 0, 0);
        for (uint32_t j = 0; j < st->ncomp; j++) {
            store_rt *k = &sc->store[j];
            k->have = k->owed = 0;
            k->whead = k->wtail = NONE;
            az_timeavg_init(&k->content, 0, 0);
            az_timeavg_init(&k->lacking, 0, 1); /* empty at the start */
        }
        az_timeavg_init(&sc->parts_wait, 0, 0);
        for (uint32_t p = 0; st->carton && p < s->nproduct; p++) {
            sc->carton_head[p] = NONE;
            sc->carton_n[p] = 0;
        }
        st->qhead = st->qtail = st->whead = st->wtail = NONE;
        az_rng_init(&st->rng, cfg->seed, cfg->replication,
                    s->model->station[i].stream);
        az_rng_init(&sc->trng, cfg->seed, cfg->replication,
                    s->model->station[i].stream ^
                        az_rng_stream_id("conveyor"));
        azi_count_init(&st->queue, 0, 0);
        st->queue_max = 0;
        for (uint32_t j = 0; j < st->machines; j++) {
            char what[32];
            snprintf(what, sizeof what, "m%u/failure", (unsigned)j + 1);
            az_rng_init(&s->mcold[st->first_machine + j].rng, cfg->seed,
                        cfg->replication,
                        s->model->station[i].stream ^ az_rng_stream_id(what));
        }
    }
    uint32_t g = 0;
    for (uint32_t p = 0; p < s->nproduct; p++)
        for (uint32_t j = 0; j < s->model->product[p].nstep; j++, g++)
            az_rng_init(&s->step[g].rng, cfg->seed, cfg->replication,
                        s->model->product[p].step[j].stream);
    for (g = 0; g < s->nstep; g++)
        s->step[g].sampled = 0;
    for (uint32_t i = 0; i < s->nsource; i++) {
        uint64_t id = s->model->source[i].stream;
        s->src[i].held = NONE;
        s->src[i].paused = 0;
        for (uint32_t k = 0; s->src[i].multi && k < s->nproduct; k++) {
            s->src[i].hold[k] = NONE;
            s->src[i].backlog[k] = 0;
        }
        s->src[i].seq_pos = 0;
        s->src[i].plan_pos = s->src[i].plan_due = s->src[i].plan_left = 0;
        s->src[i].plan_idle = 1; /* until the plan's first day */
        s->src[i].shift_wait = 0;
        az_rng_init(&s->src[i].rng, cfg->seed, cfg->replication, id);
        /* The mix stream is a substream of the source's, so changing the
         * mix never changes the interarrival times. */
        az_rng_init(&s->src[i].mix_rng, cfg->seed, cfg->replication, id);
        az_rng_substream(&s->src[i].mix_rng, 1);
    }
    reset_stats(s, 0);
}

/* ---- per-period series (az_sim_run_periods) ----
 * Sampled when the loop pops the first event at or after a period's end,
 * before handling it: the state is constant between events, so the
 * cumulative completions and WIP area at the boundary are exact. Without a
 * warm-up every time average covers [0, t], so its area is mean x t. */
typedef struct period_rec {
    uint32_t n;            /* periods; 0: not recording */
    double *tp, *wip;
    uint32_t next;         /* next period to close */
    uint64_t done0;        /* completions at its start */
    double area0;          /* WIP area at its start */
} period_rec;

static void record_periods(az_sim *s, double horizon, period_rec *pr,
                           double now)
{
    double len = horizon / pr->n;
    while (pr->next < pr->n &&
           (pr->next + 1 == pr->n ? now >= horizon
                                  : now >= (pr->next + 1) * len)) {
        double end = pr->next + 1 == pr->n ? horizon : (pr->next + 1) * len;
        double area = 0;
        for (uint32_t i = 0; i < s->nstation; i++)
            area += station_number(s, &s->st[i], end) * end;
        pr->tp[pr->next] = (double)(s->completed_all - pr->done0) / len;
        pr->wip[pr->next] = (area - pr->area0) / len;
        pr->done0 = s->completed_all;
        pr->area0 = area;
        pr->next++;
    }
}

static az_status run(az_sim *s, const az_run_config *cfg, period_rec *prec,
                     az_error *err);

/* At the end of a run: when the line stopped for good, or NaN. Units
 * wait in it, it is on shift (off shift, the next shift's start could move
 * them), and either no event is pending at all (END popped, the calendar
 * is empty), or no machine works, sets up or is repaired and none changed
 * state for the last third of the window (only arrivals go on: units
 * pile up in front of a dead line). It stopped at its machines' last
 * change, which the warm-up's reset does not hide (machine_cold.before). */
static double stalled_at(const az_sim *s, double end)
{
    int inside = 0, busy = 0;
    for (uint32_t i = 0; i < s->nstation && !inside; i++)
        inside = s->st[i].queue.value > 0 || s->st[i].onmach.value > 0;
    if (!s->on_shift || !inside)
        return NAN;
    double t = 0;
    for (uint32_t i = 0; i < s->nmachine; i++) {
        const machine_rt *m = &s->mach[i];
        double ch = m->in_since > s->window_from || s->window_from == 0
                        ? m->in_since
                        : s->mcold[i].before;
        if (ch > t)
            t = ch;
        busy |= m->state == MS_SETUP || m->state == MS_WORK ||
                m->state == MS_DOWN;
    }
    if (az_calendar_size(s->cal) == 0)
        return t;
    return !busy && end - t >= (end - s->window_from) / 3 ? t : NAN;
}

az_status az_sim_run(az_sim *s, const az_run_config *cfg, az_error *err)
{
    period_rec none = {0};
    return run(s, cfg, &none, err);
}

az_status az_sim_run_periods(az_sim *s, const az_run_config *cfg,
                             uint32_t nperiod, double *throughput,
                             double *wip, az_error *err)
{
    if (nperiod < 1 || cfg->warmup != 0 || !throughput || !wip)
        return az_error_set(err, AZ_EINVAL, "a per-period series needs "
                            "warm-up 0, 1 or more periods and both arrays");
    period_rec rec = {nperiod, throughput, wip, 0, 0, 0};
    return run(s, cfg, &rec, err);
}

/* ---- the event loop ---- */

static az_status run(az_sim *s, const az_run_config *cfg, period_rec *prec,
                     az_error *err)
{
    if (!(cfg->horizon > 0) || !isfinite(cfg->horizon))
        return az_error_set(err, AZ_EINVAL, "horizon must be > 0 and finite");
    if (!(cfg->warmup >= 0 && cfg->warmup < cfg->horizon))
        return az_error_set(err, AZ_EINVAL,
                            "warm-up must be in [0, horizon) (got %g)",
                            cfg->warmup);
    reset_run(s, cfg);
    s->stop = cfg->stop;
    azi_bn_reset(&s->bn, 0);
    s->on_shift = 1;
    az_status rc = azi_flow_start(s, err);
    if (!rc && s->obs)
        azi_obs_start(s);
    /* Shifts: the line starts as its calendar says at time 0. */
    if (!rc && !s->work.always) {
        int k = azi_worktime_shift(&s->work, 0);
        rc = azi_flow_crew(s, k, 0, err);
        if (!rc && k < 0)
            rc = azi_flow_shift(s, 0, 0, err);
        double next = azi_worktime_next(&s->work, 0);
        if (!rc && next < cfg->horizon)
            rc = az_calendar_push(s->cal, next, -1, EV_SHIFT, 0, 0, NULL, err);
    }
    for (uint32_t i = 0; i < s->nsource && !rc; i++)
        rc = s->src[i].plan
                 ? az_calendar_push(s->cal,
                                    s->src[i].plan[0].day * s->work.day, -2,
                                    EV_PLAN_DAY, i, 0, NULL, err)
                 : azi_flow_schedule_arrival(s, i, 0, err);
    if (!rc && cfg->warmup > 0)
        rc = az_calendar_push(s->cal, cfg->warmup, -128, EV_WARMUP, 0, 0,
                              NULL, err);
    /* After the flow's events at their time, as END is: an area does not
     * depend on the changes at its instant. One pending at a time: the
     * second is pushed when the first falls due (a slot less in the
     * calendar for the whole run). */
    s->third_len = third_length(s, cfg->horizon - cfg->warmup);
    if (!rc && s->third_len > 0)
        rc = az_calendar_push(s->cal, cfg->warmup + s->third_len, 126,
                              EV_THIRD, 0, 0, NULL, err);
    if (!rc)
        rc = az_calendar_push(s->cal, cfg->horizon, 127, EV_END, 0, 0, NULL,
                              err);
    az_event ev;
    /* The flow's events run in station.c's loop, which returns on the
     * engine's own. A per-period series is sampled before every event, so
     * while one is recorded the events come one at a time. */
    while (!rc) {
        if (prec->n) {
            if (az_calendar_pop(s->cal, &ev) != AZ_OK)
                return az_error_set(err, AZ_ERUNTIME, "calendar ran empty");
            if (!(++s->events & 0xffff) && s->stop && *s->stop)
                return az_error_set(err, AZ_ESTOPPED, "stopped on request");
            record_periods(s, cfg->horizon, prec, ev.time);
            if (azi_flow_owns(ev.type)) {
                rc = azi_flow_event(s, &ev, err);
                continue;
            }
        } else if ((rc = azi_flow_run(s, &ev, err))) {
            break;
        }
        switch (ev.type) {
        case EV_SHIFT: {
            double next = azi_worktime_next(&s->work, ev.time);
            int k = azi_worktime_shift(&s->work, ev.time);
            rc = azi_flow_crew(s, k, ev.time, err);
            if (!rc && (k >= 0) != s->on_shift)
                rc = azi_flow_shift(s, k >= 0, ev.time, err);
            if (!rc && next < cfg->horizon)
                rc = az_calendar_push(s->cal, next, -1, EV_SHIFT, 0, 0, NULL,
                                      err);
            break;
        }
        case EV_WARMUP:
            reset_stats(s, ev.time);
            break;
        case EV_THIRD:
            areas(s, ev.time, s->third_area[ev.obj]);
            s->thirds_seen++;
            /* the next point; the third's is the end's when it is */
            if (ev.obj < 2 &&
                cfg->warmup + (ev.obj + 2) * s->third_len < cfg->horizon)
                rc = az_calendar_push(
                    s->cal, cfg->warmup + (ev.obj + 2) * s->third_len, 126,
                    EV_THIRD, ev.obj + 1, 0, NULL, err);
            break;
        case EV_END: {
            if (s->bn_on && (rc = azi_bn_finish(&s->bn, ev.time, err)))
                return rc;
            /* Every run checks that no unit was lost or made up. */
            az_flow f = az_sim_flow(s);
            if (f.released != f.completed + f.scrapped + f.consumed + f.wip)
                return az_error_set(err, AZ_ERUNTIME,
                                    "internal error: units not conserved "
                                    "(released %llu, completed %llu, scrapped "
                                    "%llu, consumed %llu, inside %llu)",
                                    (unsigned long long)f.released,
                                    (unsigned long long)f.completed,
                                    (unsigned long long)f.scrapped,
                                    (unsigned long long)f.consumed,
                                    (unsigned long long)f.wip);
            s->stalled_at = stalled_at(s, ev.time);
            collect(s, ev.time, cfg->horizon - cfg->warmup);
            return AZ_OK;
        }
        }
    }
    return rc;
}
