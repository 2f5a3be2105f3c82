/*
 * model_orders.c: customer orders, a source's release by order (model.h,
 * az_order). A source keeps its orders sorted by release time, stably, so
 * that orders released together keep the caller's order (a file's): the
 * engine walks them in that order and needs no sort of its own. The
 * model's orders are numbered source by source, each source's in that
 * order; the engine and the writers use these numbers.
 *
 * What az_model_check adds (azi_model_orders_check): an id is unique in
 * the whole model, a source with orders has no sequence, plan or lots
 * (each says what to release, and so do orders), and a station
 * dispatching by earliest due date is in a model with orders.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model_impl.h"
#include "util/alloc.h"
#include "util/strmap.h"

void azi_model_orders_free(azi_source *s)
{
    for (uint32_t i = 0; i < s->norder; i++)
        free((char *)s->order[i].id);
    free(s->order);
    s->order = NULL;
    s->norder = 0;
}

/* Stable by release: an insertion sort of indices keeps ties in place, and
 * an order list is short next to a run. O(n^2) only for a list given far
 * out of order; a file sorted by release costs n. */
static void sort_by_release(az_order *o, uint32_t n)
{
    for (uint32_t i = 1; i < n; i++) {
        az_order x = o[i];
        uint32_t j = i;
        while (j > 0 && o[j - 1].release > x.release) {
            o[j] = o[j - 1];
            j--;
        }
        o[j] = x;
    }
}

static az_status check_one(const az_model *m, const azi_source *s,
                           const az_order *o, az_error *err)
{
    if (!o->id || !*o->id)
        return az_error_set(err, AZ_EINVAL, "source '%s': an order needs an "
                            "id", s->name);
    if (o->product >= m->nproduct)
        return az_error_set(err, AZ_EINVAL, "order '%s': no product %u",
                            o->id, (unsigned)o->product);
    if (o->quantity < 1)
        return az_error_set(err, AZ_EINVAL, "order '%s': quantity must be "
                            ">= 1", o->id);
    if (!(o->release >= 0) || !isfinite(o->release))
        return az_error_set(err, AZ_EINVAL, "order '%s': release must be a "
                            "finite time >= 0", o->id);
    if (!isfinite(o->due))
        return az_error_set(err, AZ_EINVAL, "order '%s': due must be a finite "
                            "time", o->id);
    return AZ_OK;
}

/* Whether the n orders' ids repeat: AZ_EINVAL naming the first repeated,
 * AZ_ENOMEM, or AZ_OK. */
static az_status unique_ids(const az_order *const *o, size_t n,
                            az_status bad, az_error *err)
{
    azi_strmap seen = AZI_STRMAP_INIT;
    az_status rc = AZ_OK;
    for (size_t i = 0; i < n && !rc; i++) {
        if (azi_strmap_find(&seen, o[i]->id, NULL))
            rc = az_error_set(err, bad, "order '%s' is given twice: an "
                              "order's id must be unique", o[i]->id);
        else if (azi_strmap_put(&seen, o[i]->id, (long)i))
            rc = az_error_set(err, AZ_ENOMEM, "out of memory");
    }
    azi_strmap_free(&seen);
    return rc;
}

az_status az_model_set_orders(az_model *m, uint32_t source,
                              const az_order *orders, uint32_t n,
                              int by_priority, az_error *err)
{
    if (source >= m->nsource)
        return az_error_set(err, AZ_EINVAL, "no source %u", (unsigned)source);
    azi_source *s = &m->source[source];
    if (n < 1)
        return az_error_set(err, AZ_EINVAL, "source '%s': no orders",
                            s->name);
    az_status rc;
    for (uint32_t i = 0; i < n; i++)
        if ((rc = check_one(m, s, &orders[i], err)))
            return rc;
    const az_order **ptr = azi_malloc((size_t)n * sizeof *ptr);
    if (!ptr)
        return az_error_set(err, AZ_ENOMEM, "out of memory");
    for (uint32_t i = 0; i < n; i++)
        ptr[i] = &orders[i];
    rc = unique_ids(ptr, n, AZ_EINVAL, err);
    free(ptr);
    if (rc)
        return rc;
    az_order *copy = azi_calloc(n, sizeof *copy);
    if (!copy)
        return az_error_set(err, AZ_ENOMEM, "out of memory");
    for (uint32_t i = 0; i < n; i++) {
        copy[i] = orders[i];
        if (!(copy[i].id = azi_strdup(orders[i].id))) {
            azi_source tmp = {.order = copy, .norder = i};
            azi_model_orders_free(&tmp);
            return az_error_set(err, AZ_ENOMEM, "out of memory");
        }
    }
    sort_by_release(copy, n);
    azi_model_orders_free(s);
    s->order = copy;
    s->norder = n;
    s->order_by_priority = by_priority != 0;
    return AZ_OK;
}

size_t az_model_order_count(const az_model *m)
{
    size_t n = 0;
    for (uint32_t i = 0; i < m->nsource; i++)
        n += m->source[i].norder;
    return n;
}

az_status az_model_order(const az_model *m, size_t i, az_order *out,
                         az_error *err)
{
    for (uint32_t k = 0; k < m->nsource; k++) {
        if (i < m->source[k].norder) {
            *out = m->source[k].order[i];
            return AZ_OK;
        }
        i -= m->source[k].norder;
    }
    return az_error_set(err, AZ_EINVAL, "no order %zu", i);
}

int azi_model_orders_have_priority(const az_model *m)
{
    for (uint32_t k = 0; k < m->nsource; k++)
        for (uint32_t i = 0; i < m->source[k].norder; i++)
            if (m->source[k].order[i].priority)
                return 1;
    return 0;
}

az_status azi_model_orders_check(const az_model *m, az_error *err)
{
    size_t n = az_model_order_count(m);
    for (uint32_t k = 0; k < m->nsource; k++) {
        const azi_source *s = &m->source[k];
        if (s->norder && (s->nseq || s->nplan || s->lot))
            return az_error_set(err, AZ_EBADMODEL,
                                "source '%s': its orders say what it "
                                "releases, so it has no %s", s->name,
                                s->nseq ? "sequence" : s->nplan ? "plan"
                                                                : "lots");
    }
    for (uint32_t i = 0; i < m->nstation && !n; i++)
        if (m->station[i].dispatch == AZ_DISPATCH_EARLIEST_DUE)
            return az_error_set(err, AZ_EBADMODEL,
                                "station '%s': dispatch 'earliest_due' needs "
                                "orders with due dates, and the model has "
                                "none (give the release 'orders: FILE')",
                                m->station[i].name);
    if (n < 2)
        return AZ_OK;
    const az_order **ptr = azi_malloc(n * sizeof *ptr);
    if (!ptr)
        return az_error_set(err, AZ_ENOMEM, "out of memory");
    size_t j = 0;
    for (uint32_t k = 0; k < m->nsource; k++)
        for (uint32_t i = 0; i < m->source[k].norder; i++)
            ptr[j++] = &m->source[k].order[i];
    az_status rc = unique_ids(ptr, n, AZ_EBADMODEL, err);
    free(ptr);
    return rc;
}
