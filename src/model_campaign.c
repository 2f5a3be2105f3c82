/*
 * model_campaign.c: campaigns, a source's release one family at a time
 * (model.h, az_campaign). A source keeps its campaigns in the given order;
 * the engine (source.c) walks them round and round, drawing each
 * campaign's products from the source's mix renormalised over the
 * campaign's family.
 *
 * What az_model_check adds (azi_model_campaigns_check): a campaign's
 * family has a product in the source's mix with a share > 0 (else the
 * campaign could release nothing), and a source with campaigns has no
 * lots, sequence, plan or orders (each says what to release next).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model_impl.h"
#include "util/alloc.h"

void azi_model_campaigns_free(azi_source *s)
{
    for (uint32_t i = 0; i < s->ncamp; i++)
        free((char *)s->camp[i].family);
    free(s->camp);
    s->camp = NULL;
    s->ncamp = 0;
}

az_status az_model_set_campaigns(az_model *m, uint32_t source,
                                 const az_campaign *campaigns, uint32_t n,
                                 az_error *err)
{
    if (source >= m->nsource)
        return az_error_set(err, AZ_EINVAL, "no source %u", (unsigned)source);
    azi_source *s = &m->source[source];
    if (n < 1)
        return az_error_set(err, AZ_EINVAL, "source '%s': no campaigns",
                            s->name);
    for (uint32_t i = 0; i < n; i++) {
        const az_campaign *c = &campaigns[i];
        if (!c->family || !*c->family)
            return az_error_set(err, AZ_EINVAL, "source '%s': campaign %u "
                                "names no family", s->name, (unsigned)i + 1);
        int by_units = c->units > 0, by_time = c->time != 0;
        if (by_units == by_time || (by_time && !(c->time > 0 &&
                                                 isfinite(c->time))))
            return az_error_set(err, AZ_EINVAL, "source '%s': campaign %u "
                                "(family '%s') needs either units >= 1 or "
                                "a time > 0, not both", s->name,
                                (unsigned)i + 1, c->family);
    }
    az_campaign *copy = azi_calloc(n, sizeof *copy);
    if (!copy)
        return az_error_set(err, AZ_ENOMEM, "out of memory");
    for (uint32_t i = 0; i < n; i++) {
        copy[i] = campaigns[i];
        if (!(copy[i].family = azi_strdup(campaigns[i].family))) {
            azi_source tmp = {.camp = copy, .ncamp = i};
            azi_model_campaigns_free(&tmp);
            return az_error_set(err, AZ_ENOMEM, "out of memory");
        }
    }
    azi_model_campaigns_free(s);
    s->camp = copy;
    s->ncamp = n;
    return AZ_OK;
}

az_status azi_model_campaigns_check(const az_model *m, az_error *err)
{
    for (uint32_t k = 0; k < m->nsource; k++) {
        const azi_source *s = &m->source[k];
        if (!s->ncamp)
            continue;
        if (s->lot || s->nseq || s->nplan || s->norder)
            return az_error_set(err, AZ_EBADMODEL,
                                "source '%s': campaigns go with a mix; it "
                                "has %s too", s->name,
                                s->lot    ? "lots"
                                : s->nseq ? "a sequence"
                                : s->nplan ? "a plan"
                                           : "orders");
        for (uint32_t i = 0; i < s->ncamp; i++) {
            int found = 0;
            for (uint32_t j = 0; j < s->nmix && !found; j++)
                found = s->mix_share[j] > 0 &&
                        !strcmp(m->product[s->mix_product[j]].family,
                                s->camp[i].family);
            if (!found)
                return az_error_set(err, AZ_EBADMODEL,
                                    "source '%s': campaign %u releases "
                                    "family '%s', which no product of its "
                                    "mix belongs to", s->name,
                                    (unsigned)i + 1, s->camp[i].family);
        }
    }
    return AZ_OK;
}
