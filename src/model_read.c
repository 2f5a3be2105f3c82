/*
 * model_read.c: a model read back, for what shows it rather than runs it
 * (the line diagram, draw.c; bindings): sources and what they release,
 * each station's blocks (batch, carton, conveyor, assembly) and each
 * product's route, step by step with its branches, tests and sampling;
 * the line's shifts and holidays (a replay's clock, cli/animate.c).
 * Getters only: nothing here changes a model.
 */
#include <string.h>

#include "model_impl.h"

size_t az_model_shift_count(const az_model *m)
{
    return m->nshift;
}

int az_model_shift_view(const az_model *m, uint32_t shift, az_shift_view *out)
{
    memset(out, 0, sizeof *out);
    if (shift >= m->nshift)
        return 0;
    out->start = m->shift[shift].start;
    out->end = m->shift[shift].end;
    out->days = m->shift[shift].days;
    out->name = shift < m->nshift_name ? m->shift_name[shift] : NULL;
    return 1;
}

int az_model_is_holiday(const az_model *m, uint32_t day)
{
    for (uint32_t i = 0; i < m->nholiday; i++)
        if (m->holiday[i] == day)
            return 1;
    return 0;
}

const char *az_model_source_name(const az_model *m, size_t i)
{
    return i < m->nsource ? m->source[i].name : NULL;
}

int az_model_source_releases(const az_model *m, uint32_t source,
                             uint32_t product)
{
    if (source >= m->nsource || product >= m->nproduct)
        return 0;
    const azi_source *s = &m->source[source];
    /* A plan, orders or a sequence say what is released; the mix then only
     * names products, and a product on it with share 0 may be released by
     * them all the same. */
    for (uint32_t k = 0; k < s->nplan; k++)
        if (s->plan[k].product == product)
            return 1;
    for (uint32_t k = 0; k < s->norder; k++)
        if (s->order[k].product == product)
            return 1;
    for (uint32_t k = 0; k < s->nseq; k++)
        if (s->seq[k] == product)
            return 1;
    if (s->nplan || s->norder || s->nseq)
        return 0;
    for (uint32_t k = 0; k < s->nmix; k++)
        if (s->mix_product[k] == product && s->mix_share[k] > 0)
            return 1;
    return 0;
}

int az_model_source_view(const az_model *m, uint32_t source,
                         az_source_view *out)
{
    memset(out, 0, sizeof *out);
    if (source >= m->nsource)
        return 0;
    const azi_source *s = &m->source[source];
    out->interarrival = az_dist_mean(&s->interarrival);
    out->wip_cap = s->wip_cap;
    out->lot = s->lot;
    out->plan = s->nplan;
    out->orders = s->norder;
    out->sequence = s->nseq;
    out->campaigns = s->ncamp;
    return 1;
}

int az_model_station_view(const az_model *m, uint32_t station,
                          az_station_view *out)
{
    memset(out, 0, sizeof *out);
    if (station >= m->nstation)
        return 0;
    const azi_station *st = &m->station[station];
    out->machines = st->machines;
    out->buffer = st->buffer;
    out->conveyor = st->has_transport;
    out->batch_min = st->batch_max ? st->batch_min : 0;
    out->batch_max = st->batch_max;
    out->carton = st->carton;
    out->components = st->ncomp;
    return 1;
}

int az_model_station_component(const az_model *m, uint32_t station,
                               uint32_t k, uint32_t *product, uint32_t *qty)
{
    if (station >= m->nstation || k >= m->station[station].ncomp)
        return 0;
    *product = m->station[station].comp[k];
    *qty = m->station[station].comp_qty[k];
    return 1;
}

uint32_t az_model_step_count(const az_model *m, uint32_t product)
{
    return product < m->nproduct ? m->product[product].nstep : 0;
}

int az_model_step_view(const az_model *m, uint32_t product, uint32_t step,
                       az_step_view *out)
{
    memset(out, 0, sizeof *out);
    if (product >= m->nproduct || step >= m->product[product].nstep)
        return 0;
    const azi_step *sp = &m->product[product].step[step];
    out->station = sp->station;
    out->yield = sp->yield;
    out->rework = sp->rework;
    out->max_rework = sp->max_rework;
    out->sample_every = sp->sample_every;
    out->destructive = sp->destructive;
    out->branches = sp->nbranch;
    return 1;
}

int az_model_step_branch(const az_model *m, uint32_t product, uint32_t step,
                         uint32_t k, uint32_t *to, double *prob)
{
    if (product >= m->nproduct || step >= m->product[product].nstep ||
        k >= m->product[product].step[step].nbranch)
        return 0;
    *to = m->product[product].step[step].branch[k].to;
    *prob = m->product[product].step[step].branch[k].prob;
    return 1;
}
