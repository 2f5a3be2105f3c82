/*
 * model_improve.c: the model's `improve:` data (improve.h): default costs
 * and the candidate list. Kept apart from model.c: the engine never reads
 * it.
 */
#include "model_impl.h"
#include "util/alloc.h"

#include <stdlib.h>
#include <string.h>

#include "azalea/improve.h"

typedef struct cand {
    char *name;
    char **sets;
    size_t nset;
    double cost;
    int line, col;
} cand;

struct azi_improve {
    az_improve_costs costs;
    double *machine;   /* per station; -1: the default; NULL: none set */
    uint32_t nmachine;
    cand *c;
    size_t n, cap;
};

static int bad_cost(double c) { return !(c >= 0 || c == -1); }

/* The model's improve data, created on first use; NULL if out of memory. */
static struct azi_improve *get(az_model *m)
{
    if (!m->improve && (m->improve = azi_calloc(1, sizeof *m->improve)))
        m->improve->costs = (az_improve_costs){-1, -1, -1};
    return m->improve;
}

void azi_improve_free(struct azi_improve *im)
{
    if (!im)
        return;
    for (size_t i = 0; i < im->n; i++) {
        for (size_t j = 0; j < im->c[i].nset; j++)
            free(im->c[i].sets[j]);
        free(im->c[i].sets);
        free(im->c[i].name);
    }
    free(im->c);
    free(im->machine);
    free(im);
}

az_improve_costs az_model_improve_costs(const az_model *m)
{
    return m->improve ? m->improve->costs
                      : (az_improve_costs){-1, -1, -1};
}

az_status az_model_set_improve_costs(az_model *m, az_improve_costs c,
                                     az_error *err)
{
    if (bad_cost(c.machine) || bad_cost(c.buffer_place) || bad_cost(c.person))
        return az_error_set(err, AZ_EINVAL, "costs must be >= 0");
    struct azi_improve *im = get(m);
    if (!im)
        return az_error_set(err, AZ_ENOMEM, "out of memory");
    im->costs = c;
    return AZ_OK;
}

double az_model_machine_cost(const az_model *m, uint32_t station)
{
    const struct azi_improve *im = m->improve;
    if (im && im->machine && station < im->nmachine &&
        im->machine[station] >= 0)
        return im->machine[station];
    return az_model_improve_costs(m).machine;
}

az_status az_model_set_machine_cost(az_model *m, uint32_t station,
                                    double cost, az_error *err)
{
    if (station >= m->nstation || bad_cost(cost))
        return az_error_set(err, AZ_EINVAL,
                            "a machine cost needs a station and a cost >= 0");
    struct azi_improve *im = get(m);
    if (!im)
        return az_error_set(err, AZ_ENOMEM, "out of memory");
    if (im->nmachine < m->nstation) {
        double *v = azi_realloc(im->machine, m->nstation * sizeof *v);
        if (!v)
            return az_error_set(err, AZ_ENOMEM, "out of memory");
        for (uint32_t i = im->nmachine; i < m->nstation; i++)
            v[i] = -1;
        im->machine = v;
        im->nmachine = m->nstation;
    }
    im->machine[station] = cost;
    return AZ_OK;
}

az_status az_model_add_candidate(az_model *m, const char *name,
                                 const char *const *sets, size_t nset,
                                 double cost, int line, int col,
                                 az_error *err)
{
    if (!name || !*name || !sets || nset == 0 || bad_cost(cost))
        return az_error_set(err, AZ_EINVAL, "a candidate needs a name, at "
                            "least one change and a cost >= 0 (or -1)");
    struct azi_improve *im = get(m);
    if (!im)
        return az_error_set(err, AZ_ENOMEM, "out of memory");
    if (im->n == im->cap) {
        size_t cap = im->cap ? 2 * im->cap : 4;
        cand *c = azi_realloc(im->c, cap * sizeof *c);
        if (!c)
            return az_error_set(err, AZ_ENOMEM, "out of memory");
        im->c = c;
        im->cap = cap;
    }
    cand *c = &im->c[im->n];
    *c = (cand){azi_strdup(name), azi_calloc(nset, sizeof *c->sets), nset, cost, line,
                col};
    int ok = c->name && c->sets;
    for (size_t j = 0; ok && j < nset; j++)
        ok = (c->sets[j] = azi_strdup(sets[j])) != NULL;
    if (!ok) {
        for (size_t j = 0; c->sets && j < nset; j++)
            free(c->sets[j]);
        free(c->sets);
        free(c->name);
        return az_error_set(err, AZ_ENOMEM, "out of memory");
    }
    im->n++;
    return AZ_OK;
}

size_t az_model_candidate_count(const az_model *m)
{
    return m->improve ? m->improve->n : 0;
}

az_candidate az_model_candidate(const az_model *m, size_t i)
{
    const cand *c = &m->improve->c[i];
    return (az_candidate){c->name, (const char *const *)c->sets, c->nset,
                          c->cost, c->line, c->col};
}
