/*
 * compile.c: a model becomes the engine's tables (az_sim_create). The model
 * (model_impl.h) is names and lists; the tables (engine.h) are flat arrays
 * indexed by uint32_t, so that an event touches a few cache lines and
 * follows no strings: stations and machines in line-aligned records (hot
 * and cold halves), each product's route as global steps (a test with a
 * rework station gets a hidden step after all the products' own, which
 * leads back to the test), branch and mix tables as cumulative shares
 * whose last entry is exactly 1, sources with what each releases.
 *
 * Decided here once, so the event path need not: a station's feature bits
 * (SF_*: a station with none takes the flow's fast path), whether a step
 * is plain (no draw or count when a visit ends) and whether a source is
 * fixed, which stations a scrapped unit owes a kit to (compile_kits),
 * whether the records outgrow the caches (then the loop prefetches) and
 * which calendar the model gets. Nothing here draws a random number: the
 * streams are set per run (run.c).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine/engine.h"
#include "util/alloc.h"

/* Lead-time histograms: 2^-7 relative bucket width over [1e-6, 1e12] time
 * units covers seconds to years whatever the model's time unit. */
#define HIST_LO 1e-6
#define HIST_HI 1e12
#define HIST_BITS 7

/* Frees what az_sim_create built (any part of it, after a failure). */
void az_sim_free(az_sim *s)
{
    if (!s)
        return;
    free(s->snap_text);
    free(s->init_of);
    free(s->entry_left);
    free(s->entry_done);
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
    free(s->maint);
    free(s->mach_st);
    free(s->pools);
    azi_shift_free(&s->shifts);
    azi_shift_free_cals(s);
    azi_bn_free(&s->bn);
    free(s->prod_family);
    free(s->step_mean);
    free(s->camp_cum);
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
    free(s->mix_lot);
    free(s->src_prods);
    free(s->first_station);
    free(s->kit_of);
    free(s->prod);
    free(s->units);
    free(s->unit_id);
    free(s->unit_lot);
    azi_orders_free(s);
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
        s->pools[i].cal = NONE; /* azi_shift_compile: its own, if any */
    }
    s->mach = calloc_lines(s->nmachine, sizeof *s->mach);
    s->mcold = azi_calloc(s->nmachine ? s->nmachine : 1, sizeof *s->mcold);
    s->mach_st = azi_calloc(s->nmachine ? s->nmachine : 1, sizeof *s->mach_st);
    s->dl_gen = azi_calloc(m->nstation ? m->nstation : 1, sizeof *s->dl_gen);
    s->dl_stuck = azi_calloc(m->nstation ? m->nstation : 1, 1);
    if (!s->mach || !s->mcold || !s->mach_st || !s->dl_gen || !s->dl_stuck)
        return 1;
    int maint = 0; /* maint_rt records only for a model with maintenance */
    for (uint32_t i = 0; i < m->nstation; i++)
        maint |= m->station[i].has_maint;
    if (maint && !(s->maint = azi_calloc(s->nmachine ? s->nmachine : 1,
                                         sizeof *s->maint)))
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
        sc->pack = ms->has_pack ? &ms->pack : NULL;
        if (ms->carton) {
            sc->carton_head = azi_malloc(m->nproduct * sizeof(uint32_t));
            sc->carton_n = azi_malloc(m->nproduct * sizeof(uint32_t));
            if (!sc->carton_head || !sc->carton_n)
                return 1;
        }
        sc->pool[ACT_SETUP] = ms->pool[AZ_ACT_SETUP];
        sc->pool[ACT_WORK] = ms->pool[AZ_ACT_PROCESS];
        sc->pool[ACT_REPAIR] = ms->pool[AZ_ACT_REPAIR];
        sc->pool[ACT_MAINTAIN] = ms->pool[AZ_ACT_MAINTAIN];
        sc->maint = ms->has_maint ? &ms->maint : NULL;
        sc->maint_duration = &ms->maint_duration;
        sc->setup_same = ms->has_same ? &ms->setup_same : NULL;
        sc->setup_first = ms->has_first ? &ms->setup_first : NULL;
        sc->dispatch = ms->dispatch;
        sc->setup_other = ms->has_other ? &ms->setup_other : NULL;
        if (ms->fails) {
            sc->fail_between = &ms->fail_between;
            sc->fail_repair = &ms->fail_repair;
            sc->operating_clock = ms->fail_clock == AZ_FAIL_OPERATING ||
                                  ms->fail_clock == AZ_FAIL_PROCESSING;
            sc->clock_bit = ms->fail_clock == AZ_FAIL_PROCESSING
                                ? F_PROCESSING : F_RUNNING;
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
        st->feat = (sc->setup_same || sc->setup_other || sc->setup_pair ||
                            sc->setup_first
                        ? SF_SETUP : 0) |
                   (sc->pool[ACT_SETUP] != NONE || sc->pool[ACT_WORK] != NONE ||
                            sc->pool[ACT_REPAIR] != NONE ||
                            sc->pool[ACT_MAINTAIN] != NONE
                        ? SF_POOL : 0) |
                   (sc->pool[ACT_WORK] != NONE ? SF_POOLW : 0) |
                   (st->batch_max ? SF_BATCH : 0) |
                   (st->ncomp ? SF_ASSEMBLY : 0) |
                   (sc->transport ? SF_TRANSPORT : 0) |
                   (sc->fail_between ? SF_FAIL : 0) |
                   (sc->operating_clock && sc->clock_bit == F_RUNNING
                        ? SF_OPCLOCK : 0) |
                   (sc->operating_clock && sc->clock_bit == F_PROCESSING
                        ? SF_PCLOCK : 0) |
                   (st->carton ? SF_CARTON : 0) |
                   (sc->dispatch != AZ_DISPATCH_FIFO ? SF_DISPATCH : 0) |
                   (ms->fails && ms->fail_clock == AZ_FAIL_CYCLES ? SF_CYCLES
                                                                  : 0) |
                   (sc->maint ? SF_MAINTAIN : 0) |
                   (sc->maint && sc->maint->clock == AZ_MAINT_OPERATING
                        ? SF_MCLOCK : 0);
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

/* Each campaign's draw weights: the source's mix shares within the
 * campaign's family, renormalised and cumulative; from the last entry with
 * weight on they are exactly 1, so pick() never lands on an entry of
 * weight 0. Returns 1 when out of memory. */
static int compile_campaigns(az_sim *s, const az_model *m)
{
    size_t n = 0;
    for (uint32_t i = 0; i < m->nsource; i++)
        n += (size_t)m->source[i].ncamp * m->source[i].nmix;
    if (!n)
        return 0;
    if (!(s->camp_cum = azi_calloc(n, sizeof *s->camp_cum)))
        return 1;
    double *cum = s->camp_cum;
    for (uint32_t i = 0; i < m->nsource; i++) {
        const azi_source *ms = &m->source[i];
        source_rt *so = &s->src[i];
        if (!ms->ncamp)
            continue;
        so->camp = ms->camp;
        so->ncamp = ms->ncamp;
        so->camp_cum = cum;
        for (uint32_t c = 0; c < ms->ncamp; c++, cum += ms->nmix) {
            double total = 0, run = 0;
            uint32_t last = 0;
            for (uint32_t k = 0; k < ms->nmix; k++)
                if (!strcmp(m->product[ms->mix_product[k]].family,
                            ms->camp[c].family) && ms->mix_share[k] > 0) {
                    total += ms->mix_share[k];
                    last = k;
                }
            for (uint32_t k = 0; k < ms->nmix; k++) {
                if (!strcmp(m->product[ms->mix_product[k]].family,
                            ms->camp[c].family) && total > 0)
                    run += ms->mix_share[k] / total;
                cum[k] = k >= last ? 1.0 : run;
            }
        }
    }
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
        for (uint32_t k = 0; k < ms->norder; k++)
            in[ms->order[k].product] = 1;
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
        /* orders go one after another: one blocked holds the rest */
        so->multi = so->nprods > 1 && !ms->wip_cap && !ms->norder &&
                    !ms->queue; /* a queue blocks no product */
        so->queue = ms->queue;
        /* a zero interarrival saturates a release by design, but a plan's
         * units are due by the plan: its backlog means something */
        so->saturated = !ms->plan && !ms->order &&
                        az_dist_mean(&ms->interarrival) == 0 &&
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
    s->mix_lot = azi_calloc(nmix ? nmix : 1, sizeof *s->mix_lot);
    s->prod = azi_calloc(s->nproduct ? s->nproduct : 1, sizeof *s->prod);
    if (!s->st || !s->stc || !s->step || !s->br_to || !s->br_cum || !s->src ||
        !s->mix_product || !s->mix_cum || !s->mix_lot || !s->prod)
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
        source_rt *so = &s->src[i];
        if (ms->lot) { /* a draw per lot, weighted share / lot size */
            double total = 0;
            for (uint32_t k = 0; k < ms->nmix; k++) {
                s->mix_lot[x + k] = az_model_source_lot(m, i,
                                                        ms->mix_product[k],
                                                        NULL);
                total += ms->mix_share[k] / s->mix_lot[x + k];
            }
            double cum = 0;
            for (uint32_t k = 0; k < ms->nmix; k++) {
                cum += ms->mix_share[k] / s->mix_lot[x + k] / total;
                s->mix_cum[x + k] = cum;
            }
            so->lot_size = &s->mix_lot[x];
            so->lot_together = ms->lot_together;
            so->lot_ia = &ms->interarrival;
        }
        double cum = 0;
        for (uint32_t k = 0; k < ms->nmix; k++, x++) {
            if (!ms->lot) {
                cum += ms->mix_share[k];
                s->mix_cum[x] = cum;
                s->mix_lot[x] = 1;
            }
            s->mix_product[x] = ms->mix_product[k];
        }
        if (ms->nmix)
            s->mix_cum[x - 1] = 1.0;
        if (ms->nmix == 1 && !so->plan && !so->seq && !so->wip_cap &&
            !ms->norder && !ms->ncamp &&
            !so->lot_together) {
            so->product = ms->mix_product[0];
            so->step = s->prod[so->product].first_step;
            so->fixed = m->product[so->product].nstep > 0 &&
                        s->step[so->step].sample_every <= 1;
            if (so->fixed)
                so->station = s->step[so->step].station;
        }
    }
    if (!(s->step_mean = azi_malloc((s->nstep ? s->nstep : 1) *
                                    sizeof *s->step_mean)))
        return az_error_set(err, AZ_ENOMEM, "out of memory compiling model");
    for (uint32_t k = 0; k < s->nstep; k++)
        s->step_mean[k] = az_dist_mean(&s->step[k].process);
    if (compile_campaigns(s, m) || compile_release(s, m) ||
        compile_kits(s, m))
        return az_error_set(err, AZ_ENOMEM, "out of memory compiling model");
    az_status rc = az_hist_create(HIST_LO, HIST_HI, HIST_BITS, &s->hist, err);
    if (rc || (rc = azi_shift_compile(s, m, err)) ||
        (rc = azi_bn_init(&s->bn, m->nstation ? m->nstation : 1, err)))
        return rc;
    for (uint32_t i = 0; i < m->nsource && !s->unit_lot; i++)
        if (m->source[i].lot && /* grown with the pool (source.c) */
            !(s->unit_lot = azi_calloc(1, sizeof *s->unit_lot)))
            return az_error_set(err, AZ_ENOMEM,
                                "out of memory compiling model");
    if (azi_orders_compile(s, m)) /* after the shifts: their day */
        return az_error_set(err, AZ_ENOMEM, "out of memory compiling model");
    s->bn_on = m->nstation >= 2;
    s->pause_off_shift = m->off_shift == AZ_OFF_PAUSE;
    size_t nareas = (size_t)s->nstation + 1 + azi_metrics_store_count(s);
    int short_of = 0;
    for (int j = 0; j < 3; j++)
        short_of |= !(s->third_area[j] = azi_calloc(nareas, sizeof(double)));
    if (azi_metrics_layout(s) || short_of)
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
    s->snap_at = NAN;
    if ((rc = compile(s, m, err))) {
        az_sim_free(s);
        return rc;
    }
    *out = s;
    return AZ_OK;
}
