/*
 * model_check.c: az_model_check, the whole-model check that makes a model
 * safe to simulate: what no single builder call can see (model.c and
 * model_station.c check each call's own arguments). The engine compiles
 * only a checked model and relies on what this establishes:
 *   sources   release some product; their shares sum to 1 (within
 *             SUM_TOL); a release with zero interarrival times (saturated)
 *             meets a finite buffer or store first;
 *   stations  a buffer holds a full batch; no station both batches and
 *             packs, or batches and assembles; a store holds what one unit
 *             needs, and each component's route ends at its assembly;
 *   products  have a route; branch probabilities sum to 1; packaging is
 *             the last step; from every step the unit can leave (AZ_EXIT
 *             is reachable).
 * The check changes nothing and stops at the first problem, in the order
 * above (sources, stations, products, each by index), so the same model
 * always gives the same message. Reachability is a fixed point over each
 * product's step graph (all_steps_exit): at most nstep rounds over nstep
 * steps, and the graphs are small.
 */
#include "model_impl.h"
#include "util/alloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Probabilities given by people sum to 1 only up to rounding. */
#define SUM_TOL 1e-9

/* Marks every step from which AZ_EXIT is reachable, by iterating to a fixed
 * point over the (small) step graph. */
static int all_steps_exit(const azi_product *p, char *ok)
{
    memset(ok, 0, p->nstep);
    for (int changed = 1; changed;) {
        changed = 0;
        for (uint32_t i = 0; i < p->nstep; i++) {
            if (ok[i])
                continue;
            const azi_step *s = &p->step[i];
            int reach = 0;
            if (s->nbranch == 0)
                reach = (i + 1 == p->nstep) || ok[i + 1];
            for (uint32_t b = 0; b < s->nbranch && !reach; b++)
                reach = s->branch[b].prob > 0 &&
                        (s->branch[b].to == AZ_EXIT || ok[s->branch[b].to]);
            if (reach)
                ok[i] = changed = 1;
        }
    }
    for (uint32_t i = 0; i < p->nstep; i++)
        if (!ok[i])
            return (int)i;
    return -1;
}

az_status az_model_check(const az_model *m, az_error *err)
{
    if (m->nsource == 0)
        return az_error_set(err, AZ_EBADMODEL, "the model has no source");
    for (uint32_t i = 0; i < m->nsource; i++) {
        const azi_source *s = &m->source[i];
        if (s->nmix == 0 && s->nseq == 0 && s->nplan == 0 && s->norder == 0)
            return az_error_set(err, AZ_EBADMODEL,
                                "source '%s' releases no product", s->name);
        if (s->lot && (s->nseq || s->nplan))
            return az_error_set(err, AZ_EBADMODEL,
                                "source '%s': lots go with a mix; a sequence "
                                "gives its lots as counts, a plan as "
                                "quantities", s->name);
        if (s->queue && s->wip_cap)
            return az_error_set(err, AZ_EBADMODEL,
                                "source '%s': a release queue and a WIP cap "
                                "contradict each other (the cap holds "
                                "arrivals back, the queue lets them in)",
                                s->name);
        if (s->queue && !s->nplan && !s->norder &&
            az_dist_variance(&s->interarrival) == 0 &&
            az_dist_mean(&s->interarrival) == 0)
            return az_error_set(err, AZ_EBADMODEL,
                                "source '%s': a release queue needs an "
                                "interarrival time > 0 (with 0 it would "
                                "queue without end)", s->name);
        double sum = 0;
        for (uint32_t j = 0; j < s->nmix; j++)
            sum += s->mix_share[j];
        if (s->nmix && fabs(sum - 1) > SUM_TOL)
            return az_error_set(err, AZ_EBADMODEL,
                                "source '%s': product shares sum to %g, "
                                "expected 1", s->name, sum);
        /* Zero interarrival times mean "always a unit ready" (a saturated
         * release); only a finite first buffer stops that at one instant. */
        if (az_dist_variance(&s->interarrival) == 0 &&
            az_dist_mean(&s->interarrival) == 0 && !s->wip_cap && !s->plan &&
            !s->order)
            for (uint32_t j = 0; j < s->nmix; j++) {
                const azi_product *p = &m->product[s->mix_product[j]];
                if (!p->nstep)
                    continue;
                const azi_station *first = &m->station[p->step[0].station];
                /* A component whose route starts at its assembly station
                 * goes into the store, not the buffer. */
                uint32_t k = 0;
                while (k < first->ncomp &&
                       first->comp[k] != s->mix_product[j])
                    k++;
                if (k < first->ncomp) {
                    if (first->comp_store[k] == AZ_UNLIMITED)
                        return az_error_set(
                            err, AZ_EBADMODEL,
                            "source '%s' releases with zero interarrival "
                            "time, so the store of '%s' at station '%s' "
                            "needs a finite capacity", s->name, p->name,
                            first->name);
                } else if (first->buffer == AZ_UNLIMITED)
                    return az_error_set(
                        err, AZ_EBADMODEL,
                        "source '%s' releases with zero interarrival time, so "
                        "station '%s' needs a finite buffer", s->name,
                        first->name);
            }
    }
    for (uint32_t i = 0; i < m->nstation; i++) {
        const azi_station *st = &m->station[i];
        if (st->batch_max && st->buffer < st->batch_max)
            return az_error_set(err, AZ_EBADMODEL,
                                "station '%s': its buffer (%u) cannot hold a "
                                "full batch (%u)", st->name,
                                (unsigned)st->buffer, (unsigned)st->batch_max);
        if (st->batch_max && st->carton)
            return az_error_set(err, AZ_EBADMODEL,
                                "station '%s' cannot both batch and pack",
                                st->name);
        if (st->dispatch != AZ_DISPATCH_FIFO &&
            ((st->batch_max && !st->batch_pure) || st->ncomp))
            return az_error_set(err, AZ_EBADMODEL,
                                "station '%s': a dispatch rule applies to "
                                "stations that take one unit at a time, or "
                                "choose a batch's family; %s",
                                st->name, st->batch_max
                                    ? "this batch mixes families (give it "
                                      "family_pure: true)"
                                    : "an assembly takes units as their kits "
                                      "are ready");
        if (st->ncomp && st->batch_max)
            return az_error_set(err, AZ_EBADMODEL,
                                "station '%s' cannot both batch and assemble",
                                st->name);
        for (uint32_t j = 0; j < st->ncomp; j++) {
            const azi_product *c = &m->product[st->comp[j]];
            if (st->comp_store[j] < st->comp_qty[j])
                return az_error_set(err, AZ_EBADMODEL,
                                    "station '%s': the store of '%s' holds "
                                    "%u, but a unit needs %u: it could never "
                                    "start one", st->name, c->name,
                                    (unsigned)st->comp_store[j],
                                    (unsigned)st->comp_qty[j]);
            if (!c->nstep || c->step[c->nstep - 1].station != i ||
                c->step[c->nstep - 1].nbranch)
                return az_error_set(err, AZ_EBADMODEL,
                                    "station '%s' assembles '%s', but the "
                                    "route of '%s' does not end there",
                                    st->name, c->name, c->name);
        }
    }
    for (uint32_t i = 0; i < m->nproduct; i++) {
        const azi_product *p = &m->product[i];
        if (p->nstep == 0)
            return az_error_set(err, AZ_EBADMODEL,
                                "product '%s' has no route", p->name);
        for (uint32_t j = 0; j < p->nstep; j++) {
            const azi_step *s = &p->step[j];
            if (s->nbranch == 0)
                continue;
            double sum = 0;
            for (uint32_t b = 0; b < s->nbranch; b++)
                sum += s->branch[b].prob;
            if (fabs(sum - 1) > SUM_TOL)
                return az_error_set(err, AZ_EBADMODEL,
                                    "product '%s', step %u (%s): branch "
                                    "probabilities sum to %g, expected 1",
                                    p->name, (unsigned)j,
                                    m->station[s->station].name, sum);
        }
        for (uint32_t j = 0; j < p->nstep; j++) {
            const azi_step *s = &p->step[j];
            if (m->station[s->station].carton &&
                (j + 1 < p->nstep || s->nbranch))
                return az_error_set(err, AZ_EBADMODEL,
                                    "product '%s': packaging station '%s' "
                                    "must be the last step of the route",
                                    p->name, m->station[s->station].name);
        }
        char *ok = azi_malloc(p->nstep);
        if (!ok)
            return az_error_set(err, AZ_ENOMEM, "out of memory");
        int stuck = all_steps_exit(p, ok);
        free(ok);
        if (stuck >= 0)
            return az_error_set(err, AZ_EBADMODEL,
                                "product '%s': from step %d (%s) the route "
                                "can never leave the system", p->name, stuck,
                                m->station[p->step[stuck].station].name);
    }
    az_status rc = azi_model_orders_check(m, err);
    if (!rc)
        rc = azi_model_calendars_check(m, err);
    return rc ? rc : azi_model_campaigns_check(m, err);
}
