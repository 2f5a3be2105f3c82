/*
 * model.c: building a model in code (model.h): the model itself, its
 * named entities (stations, products, sources, operator pools), shifts,
 * routes and releases, and the queries. A station's settings are in
 * model_station.c, the whole-model check in model_check.c. The engine
 * compiles a checked model into its own flat tables (engine/compile.c),
 * so nothing here is on the event path.
 *
 * Entities live in doubling arrays (azi_model_grow) and are only ever
 * appended, so an index, once returned, names the same entity for the
 * model's life. Names share one namespace, kept in a string map
 * (util/strmap.h) whose keys are the entities' own name strings.
 * Invariant of the name set: for each kind k (station, product, source,
 * pool), the first names_kind_seen[k] entities of that kind are in it.
 * It is brought up to date lazily, when a name is checked, so adding
 * entities costs nothing until then; if memory runs out while it is
 * updated, the check scans the names instead, so a name check never
 * fails for want of memory, and the set stays correct for those entered.
 *
 * An entity's random stream is az_rng_stream_id of "kind/name/role"
 * (stream_for; a step's role is "step<i>"): it depends on names, not on
 * the order entities were added in. That function seeds streams, and is
 * not the name set's hash: results depend on it, the set's order on
 * nothing anyone sees.
 */
#include "model_impl.h"
#include "util/alloc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "azalea/rng.h"

int azi_model_grow(void **arr, uint32_t *cap, uint32_t n, size_t elem)
{
    if (n < *cap)
        return 1;
    uint32_t ncap = *cap ? *cap * 2 : 4;
    void *p = azi_realloc(*arr, (size_t)ncap * elem);
    if (!p)
        return 0;
    *arr = p;
    *cap = ncap;
    return 1;
}

int azi_model_replace(void **arr, const void *src, uint32_t n, size_t elem)
{
    void *p = azi_malloc((size_t)n * elem);
    if (!p)
        return 0;
    memcpy(p, src, (size_t)n * elem);
    free(*arr);
    *arr = p;
    return 1;
}

az_status azi_model_at_least_one(const char *kind, const char *name,
                                 uint32_t n, const char *what, az_error *err)
{
    return n >= 1 ? AZ_OK
                  : az_error_set(err, AZ_EINVAL, "%s '%s': %s", kind, name,
                                 what);
}

static uint64_t stream_for(const char *kind, const char *name, const char *what)
{
    char buf[512];
    snprintf(buf, sizeof buf, "%s/%s/%s", kind, name, what);
    return az_rng_stream_id(buf);
}

az_status az_model_create(const char *name, az_model **out, az_error *err)
{
    *out = NULL;
    az_model *m = azi_calloc(1, sizeof *m);
    if (!m || !(m->name = azi_strdup(name ? name : "model"))) {
        free(m);
        return az_error_set(err, AZ_ENOMEM, "out of memory creating a model");
    }
    snprintf(m->unit, sizeof m->unit, "s");
    m->unit_s = 1;
    *out = m;
    return AZ_OK;
}

az_status az_model_set_time_unit(az_model *m, const char *name,
                                 double seconds, az_error *err)
{
    if (!name || !*name || strlen(name) >= sizeof m->unit)
        return az_error_set(err, AZ_EINVAL, "time unit name must have 1 to "
                            "%zu characters", sizeof m->unit - 1);
    if (!(seconds > 0) || !isfinite(seconds))
        return az_error_set(err, AZ_EINVAL,
                            "time unit must be a positive number of seconds");
    snprintf(m->unit, sizeof m->unit, "%s", name);
    m->unit_s = seconds;
    return AZ_OK;
}

const char *az_model_time_unit(const az_model *m) { return m->unit; }
double az_model_time_unit_seconds(const az_model *m) { return m->unit_s; }

void az_model_free(az_model *m)
{
    if (!m)
        return;
    azi_improve_free(m->improve);
    azi_optimize_free(m->optimize);
    for (uint32_t i = 0; i < m->nstation; i++) {
        free(m->station[i].name);
        az_dist_clear(&m->station[i].process);
        azi_station *st = &m->station[i];
        for (uint32_t j = 0; j < st->nover; j++)
            az_dist_clear(&st->over[j].process);
        free(st->over);
        free(st->speed);
        az_dist_clear(&st->setup_same);
        az_dist_clear(&st->setup_other);
        az_dist_clear(&st->setup_first);
        for (uint32_t j = 0; j < st->npair; j++) {
            free(st->pair[j].from);
            free(st->pair[j].to);
            az_dist_clear(&st->pair[j].time);
        }
        free(st->pair);
        az_dist_clear(&st->fail_between);
        az_dist_clear(&st->fail_repair);
        az_dist_clear(&st->maint_duration);
        az_dist_clear(&st->transport);
        az_dist_clear(&st->pack);
        free(st->comp);
        free(st->comp_qty);
        free(st->comp_store);
    }
    for (uint32_t i = 0; i < m->nproduct; i++) {
        for (uint32_t j = 0; j < m->product[i].nstep; j++)
            free(m->product[i].step[j].branch);
        free(m->product[i].step);
        free(m->product[i].name);
        free(m->product[i].family);
    }
    for (uint32_t i = 0; i < m->nsource; i++) {
        azi_source *s = &m->source[i];
        free(s->name);
        az_dist_clear(&s->interarrival);
        free(s->mix_product);
        free(s->mix_share);
        free(s->seq);
        free(s->lot_of);
        free(s->plan);
        azi_model_orders_free(s);
        azi_model_campaigns_free(s);
    }
    for (uint32_t i = 0; i < m->npool; i++) {
        free(m->pool[i].name);
        free(m->pool[i].by_shift);
    }
    free(m->pool);
    free(m->shift);
    for (uint32_t i = 0; i < m->nshift_name; i++)
        free(m->shift_name[i]);
    free(m->shift_name);
    free(m->brk);
    free(m->holiday);
    azi_model_calendars_free(m);
    free(m->station);
    free(m->product);
    free(m->source);
    free(m->name);
    azi_strmap_free(&m->names);
    free(m);
}

/* The i-th name of the model in a fixed order (stations, products,
 * sources, pools); entities are only ever appended, so a name's position
 * never changes. */
static const char *nth_name(const az_model *m, uint32_t i)
{
    if (i < m->nstation)
        return m->station[i].name;
    if ((i -= m->nstation) < m->nproduct)
        return m->product[i].name;
    if ((i -= m->nproduct) < m->nsource)
        return m->source[i].name;
    return m->pool[i - m->nsource].name;
}

/* Enters the names not yet in the set. Returns 0 if memory ran out: the
 * names entered so far stay (and are counted), callers then scan. */
static int index_names(az_model *m)
{
    /* Stations, products, sources and pools grow independently, so
     * "seen" counts per kind, not a single prefix. */
    uint32_t cnt[4] = {m->nstation, m->nproduct, m->nsource, m->npool};
    uint32_t base = 0;
    for (int k = 0; k < 4; k++) {
        for (uint32_t i = m->names_kind_seen[k]; i < cnt[k]; i++) {
            if (azi_strmap_put(&m->names, nth_name(m, base + i), 1))
                return 0;
            m->names_kind_seen[k] = i + 1;
        }
        base += cnt[k];
    }
    return 1;
}

/* Whether a station, product, source or pool already has this name. A hash
 * set keeps this O(1): a linear scan per added name made loading a model of
 * 10,000 stations take seconds. */
static int name_taken(az_model *m, const char *name)
{
    if (index_names(m))
        return azi_strmap_find(&m->names, name, NULL);
    uint32_t total = m->nstation + m->nproduct + m->nsource + m->npool;
    for (uint32_t i = 0; i < total; i++)
        if (!strcmp(nth_name(m, i), name))
            return 1;
    return 0;
}

static az_status check_name(az_model *m, const char *name, az_error *err)
{
    if (!name || !*name)
        return az_error_set(err, AZ_EINVAL, "a name must not be empty");
    if (name_taken(m, name))
        return az_error_set(err, AZ_EINVAL, "duplicate name '%s'", name);
    return AZ_OK;
}

az_status az_model_add_station(az_model *m, const char *name,
                               uint32_t machines, const az_dist *process,
                               uint32_t *idx, az_error *err)
{
    az_status rc = check_name(m, name, err);
    if (rc)
        return rc;
    if (machines < 1)
        return az_error_set(err, AZ_EINVAL,
                            "station '%s': machines must be >= 1", name);
    if (!azi_model_grow((void **)&m->station, &m->capstation, m->nstation,
                        sizeof *m->station))
        return az_error_set(err, AZ_ENOMEM, "out of memory");
    azi_station *s = &m->station[m->nstation];
    memset(s, 0, sizeof *s);
    if (!(s->name = azi_strdup(name)))
        return az_error_set(err, AZ_ENOMEM, "out of memory");
    if ((rc = az_dist_copy(&s->process, process, err))) {
        free(s->name);
        return rc;
    }
    s->machines = machines;
    s->buffer = AZ_UNLIMITED;
    s->pool[0] = s->pool[1] = s->pool[2] = s->pool[3] = AZ_NO_STATION;
    s->stream = stream_for("station", name, "process");
    if (idx)
        *idx = m->nstation;
    m->nstation++;
    return AZ_OK;
}

az_status az_model_add_product(az_model *m, const char *name, uint32_t *idx,
                               az_error *err)
{
    az_status rc = check_name(m, name, err);
    if (rc)
        return rc;
    if (!azi_model_grow((void **)&m->product, &m->capproduct, m->nproduct,
                        sizeof *m->product))
        return az_error_set(err, AZ_ENOMEM, "out of memory");
    azi_product *p = &m->product[m->nproduct];
    memset(p, 0, sizeof *p);
    if (!(p->name = azi_strdup(name)) || !(p->family = azi_strdup(name))) {
        free(p->name);
        return az_error_set(err, AZ_ENOMEM, "out of memory");
    }
    if (idx)
        *idx = m->nproduct;
    m->nproduct++;
    return AZ_OK;
}

az_status az_model_set_pool_size(az_model *m, uint32_t pool, uint32_t size,
                                 az_error *err)
{
    if (pool >= m->npool)
        return az_error_set(err, AZ_EINVAL, "no pool %u", (unsigned)pool);
    az_status rc = azi_model_at_least_one("pool", m->pool[pool].name, size,
                                          "size must be >= 1", err);
    if (rc)
        return rc;
    m->pool[pool].size = size;
    return AZ_OK;
}

az_status az_model_set_product_priority(az_model *m, uint32_t product,
                                        uint32_t priority, az_error *err)
{
    if (product >= m->nproduct)
        return az_error_set(err, AZ_EINVAL, "no product %u", (unsigned)product);
    m->product[product].priority = priority;
    return AZ_OK;
}

uint32_t az_model_product_priority(const az_model *m, uint32_t product)
{
    return product < m->nproduct ? m->product[product].priority : 0;
}

az_status az_model_set_family(az_model *m, uint32_t product,
                              const char *family, az_error *err)
{
    if (product >= m->nproduct)
        return az_error_set(err, AZ_EINVAL, "no product %u", (unsigned)product);
    if (!family || !*family)
        return az_error_set(err, AZ_EINVAL, "a family name must not be empty");
    char *f = azi_strdup(family);
    if (!f)
        return az_error_set(err, AZ_ENOMEM, "out of memory");
    free(m->product[product].family);
    m->product[product].family = f;
    return AZ_OK;
}

az_status az_model_add_pool(az_model *m, const char *name, uint32_t size,
                            uint32_t *idx, az_error *err)
{
    az_status rc = check_name(m, name, err);
    if (rc)
        return rc;
    if (size < 1)
        return az_error_set(err, AZ_EINVAL, "pool '%s': size must be >= 1",
                            name);
    if (!azi_model_grow((void **)&m->pool, &m->cappool, m->npool,
                        sizeof *m->pool))
        return az_error_set(err, AZ_ENOMEM, "out of memory");
    if (!(m->pool[m->npool].name = azi_strdup(name)))
        return az_error_set(err, AZ_ENOMEM, "out of memory");
    m->pool[m->npool].size = size;
    m->pool[m->npool].nshift = 0;
    m->pool[m->npool].by_shift = NULL;
    m->pool[m->npool].calendar = 0;
    if (idx)
        *idx = m->npool;
    m->npool++;
    return AZ_OK;
}

az_status az_model_set_pool_shift_size(az_model *m, uint32_t pool,
                                       uint32_t shift, uint32_t size,
                                       az_error *err)
{
    if (pool >= m->npool)
        return az_error_set(err, AZ_EINVAL, "no pool %u", (unsigned)pool);
    if (shift >= m->nshift)
        return az_error_set(err, AZ_EINVAL, "no shift %u", (unsigned)shift);
    azi_pool *p = &m->pool[pool];
    if (shift >= p->nshift) {
        uint32_t *b = azi_realloc(p->by_shift, m->nshift * sizeof *b);
        if (!b)
            return az_error_set(err, AZ_ENOMEM, "out of memory");
        for (uint32_t i = p->nshift; i < m->nshift; i++)
            b[i] = AZ_UNLIMITED;
        p->by_shift = b;
        p->nshift = m->nshift;
    }
    p->by_shift[shift] = size;
    return AZ_OK;
}


#define DAY_S 86400.0

az_status azi_model_push_shift(azi_shift **arr, uint32_t *n, uint32_t *cap,
                               double start, double end, unsigned days,
                               az_error *err)
{
    if (!(start >= 0 && start < DAY_S) || !(end >= 0 && end <= DAY_S))
        return az_error_set(err, AZ_EINVAL,
                            "shift times must be within the day (got %g to "
                            "%g s)", start, end);
    if (days == 0 || days > 0x7f)
        return az_error_set(err, AZ_EINVAL, "a shift needs at least one weekday");
    if (start == end)
        return az_error_set(err, AZ_EINVAL, "a shift cannot start when it "
                            "ends");
    if (!azi_model_grow((void **)arr, cap, *n, sizeof **arr))
        return az_error_set(err, AZ_ENOMEM, "out of memory");
    (*arr)[(*n)++] = (azi_shift){start, end, days};
    return AZ_OK;
}

az_status azi_model_push_break(azi_break **arr, uint32_t *n, uint32_t *cap,
                               double start, double duration, az_error *err)
{
    if (!(start >= 0 && start < DAY_S) || !(duration > 0 && duration < DAY_S))
        return az_error_set(err, AZ_EINVAL,
                            "a break must start within the day and last less "
                            "than a day");
    if (!azi_model_grow((void **)arr, cap, *n, sizeof **arr))
        return az_error_set(err, AZ_ENOMEM, "out of memory");
    (*arr)[(*n)++] = (azi_break){start, duration};
    return AZ_OK;
}

az_status az_model_add_shift(az_model *m, double start, double end,
                             unsigned days, az_error *err)
{
    return azi_model_push_shift(&m->shift, &m->nshift, &m->capshift, start,
                                end, days, err);
}

az_status az_model_add_break(az_model *m, double start, double duration,
                             az_error *err)
{
    return azi_model_push_break(&m->brk, &m->nbreak, &m->capbreak, start,
                                duration, err);
}

az_status az_model_add_holiday(az_model *m, uint32_t day, az_error *err)
{
    if (!azi_model_grow((void **)&m->holiday, &m->capholiday, m->nholiday,
                        sizeof *m->holiday))
        return az_error_set(err, AZ_ENOMEM, "out of memory");
    m->holiday[m->nholiday++] = day;
    return AZ_OK;
}

az_status az_model_set_off_shift(az_model *m, az_off_shift mode,
                                 az_error *err)
{
    if (mode != AZ_OFF_FINISH && mode != AZ_OFF_PAUSE)
        return az_error_set(err, AZ_EINVAL, "unknown off-shift mode %d",
                            (int)mode);
    m->off_shift = mode;
    return AZ_OK;
}

az_status az_model_add_step(az_model *m, uint32_t product, uint32_t station,
                            uint32_t *step, az_error *err)
{
    if (product >= m->nproduct)
        return az_error_set(err, AZ_EINVAL, "no product %u", (unsigned)product);
    if (station >= m->nstation)
        return az_error_set(err, AZ_EINVAL, "no station %u", (unsigned)station);
    azi_product *p = &m->product[product];
    if (!azi_model_grow((void **)&p->step, &p->capstep, p->nstep,
                        sizeof *p->step))
        return az_error_set(err, AZ_ENOMEM, "out of memory");
    azi_step *s = &p->step[p->nstep];
    memset(s, 0, sizeof *s);
    s->station = station;
    s->yield = 1;
    s->rework = AZ_NO_STATION;
    char what[32];
    snprintf(what, sizeof what, "step%u", (unsigned)p->nstep);
    s->stream = stream_for("product", p->name, what);
    if (step)
        *step = p->nstep;
    p->nstep++;
    return AZ_OK;
}

az_status az_model_add_branch(az_model *m, uint32_t product,
                              uint32_t from_step, uint32_t to_step,
                              double prob, az_error *err)
{
    if (product >= m->nproduct)
        return az_error_set(err, AZ_EINVAL, "no product %u", (unsigned)product);
    azi_product *p = &m->product[product];
    if (from_step >= p->nstep || (to_step != AZ_EXIT && to_step >= p->nstep))
        return az_error_set(err, AZ_EINVAL,
                            "product '%s': branch names a step that does not "
                            "exist", p->name);
    if (!(prob >= 0 && prob <= 1))
        return az_error_set(err, AZ_EINVAL,
                            "product '%s': branch probability must be in "
                            "[0, 1] (got %g)", p->name, prob);
    azi_step *s = &p->step[from_step];
    azi_branch *b = azi_realloc(s->branch, (s->nbranch + 1) * sizeof *b);
    if (!b)
        return az_error_set(err, AZ_ENOMEM, "out of memory");
    b[s->nbranch].to = to_step;
    b[s->nbranch].prob = prob;
    s->branch = b;
    s->nbranch++;
    return AZ_OK;
}

static az_status step_arg(const az_model *m, uint32_t product, uint32_t step,
                          az_error *err)
{
    if (product >= m->nproduct)
        return az_error_set(err, AZ_EINVAL, "no product %u", (unsigned)product);
    if (step >= m->product[product].nstep)
        return az_error_set(err, AZ_EINVAL, "product '%s' has no step %u",
                            m->product[product].name, (unsigned)step);
    return AZ_OK;
}

az_status az_model_set_step_test(az_model *m, uint32_t product, uint32_t step,
                                 double yield, uint32_t rework_station,
                                 uint32_t max_rework, az_error *err)
{
    az_status rc = step_arg(m, product, step, err);
    if (rc)
        return rc;
    if (!(yield > 0 && yield <= 1))
        return az_error_set(err, AZ_EINVAL,
                            "product '%s': test yield must be in (0, 1] "
                            "(got %g)", m->product[product].name, yield);
    if (rework_station != AZ_NO_STATION && rework_station >= m->nstation)
        return az_error_set(err, AZ_EINVAL, "no station %u",
                            (unsigned)rework_station);
    azi_step *s = &m->product[product].step[step];
    s->yield = yield;
    s->rework = rework_station;
    s->max_rework = max_rework;
    return AZ_OK;
}

az_status az_model_set_step_sample(az_model *m, uint32_t product,
                                   uint32_t step, uint32_t every,
                                   int destructive, az_error *err)
{
    az_status rc = step_arg(m, product, step, err);
    if (rc)
        return rc;
    if (every < 1)
        return az_error_set(err, AZ_EINVAL,
                            "product '%s': sample every must be >= 1",
                            m->product[product].name);
    if (destructive && every < 2) /* the loader's rule too (load/route.c) */
        return az_error_set(err, AZ_EINVAL,
                            "product '%s': a destructive test of every unit "
                            "would scrap them all (sample every >= 2)",
                            m->product[product].name);
    azi_step *s = &m->product[product].step[step];
    s->sample_every = every;
    s->destructive = destructive;
    return AZ_OK;
}

az_status az_model_add_source(az_model *m, const char *name,
                              const az_dist *interarrival, uint32_t *idx,
                              az_error *err)
{
    az_status rc = check_name(m, name, err);
    if (rc)
        return rc;

    if (!azi_model_grow((void **)&m->source, &m->capsource, m->nsource,
                        sizeof *m->source))
        return az_error_set(err, AZ_ENOMEM, "out of memory");
    azi_source *s = &m->source[m->nsource];
    memset(s, 0, sizeof *s);
    if (!(s->name = azi_strdup(name)))
        return az_error_set(err, AZ_ENOMEM, "out of memory");
    if ((rc = az_dist_copy(&s->interarrival, interarrival, err))) {
        free(s->name);
        return rc;
    }
    s->stream = stream_for("source", name, "interarrival");
    if (idx)
        *idx = m->nsource;
    m->nsource++;
    return AZ_OK;
}

/* The source of index `source`, or NULL with AZ_EINVAL in err. */
static azi_source *source_of(az_model *m, uint32_t source, az_error *err)
{
    if (source < m->nsource)
        return &m->source[source];
    az_error_set(err, AZ_EINVAL, "no source %u", (unsigned)source);
    return NULL;
}

/* source_of, when `product` names a product too; else NULL and
 * AZ_EINVAL in err. */
static azi_source *source_for(az_model *m, uint32_t source, uint32_t product,
                              az_error *err)
{
    azi_source *s = source_of(m, source, err);
    if (s && product >= m->nproduct) {
        az_error_set(err, AZ_EINVAL, "no product %u", (unsigned)product);
        return NULL;
    }
    return s;
}

az_status az_model_source_add_product(az_model *m, uint32_t source,
                                      uint32_t product, double share,
                                      az_error *err)
{
    azi_source *s = source_for(m, source, product, err);
    if (!s)
        return AZ_EINVAL;
    if (!(share >= 0 && share <= 1))
        return az_error_set(err, AZ_EINVAL,
                            "source '%s': share must be in [0, 1] (got %g)",
                            s->name, share);
    uint32_t cap = s->capmix;
    if (!azi_model_grow((void **)&s->mix_product, &cap, s->nmix,
                        sizeof *s->mix_product))
        return az_error_set(err, AZ_ENOMEM, "out of memory");
    cap = s->capmix;
    if (!azi_model_grow((void **)&s->mix_share, &cap, s->nmix,
                        sizeof *s->mix_share))
        return az_error_set(err, AZ_ENOMEM, "out of memory");
    s->capmix = cap;
    s->mix_product[s->nmix] = product;
    s->mix_share[s->nmix] = share;
    s->nmix++;
    return AZ_OK;
}

az_status az_model_set_wip_cap(az_model *m, uint32_t source, uint32_t cap,
                               az_error *err)
{
    azi_source *s = source_of(m, source, err);
    if (!s)
        return AZ_EINVAL;
    az_status rc = azi_model_at_least_one("source", s->name,
                                          cap, "WIP cap must be >= 1", err);
    if (rc)
        return rc;
    s->wip_cap = cap;
    return AZ_OK;
}

az_status az_model_set_release_queue(az_model *m, uint32_t source,
                                     int queue, az_error *err)
{
    azi_source *s = source_of(m, source, err);
    if (!s)
        return AZ_EINVAL;
    s->queue = queue != 0;
    return AZ_OK;
}

az_status az_model_set_lot(az_model *m, uint32_t source, uint32_t lot,
                           int together, az_error *err)
{
    azi_source *s = source_of(m, source, err);
    if (!s)
        return AZ_EINVAL;
    az_status rc = azi_model_at_least_one("source", s->name,
                                          lot, "lot must be >= 1", err);
    if (rc)
        return rc;
    s->lot = lot;
    s->lot_together = together != 0;
    return AZ_OK;
}

az_status az_model_set_product_lot(az_model *m, uint32_t source,
                                   uint32_t product, uint32_t lot,
                                   az_error *err)
{
    azi_source *s = source_for(m, source, product, err);
    if (!s)
        return AZ_EINVAL;
    az_status rc = azi_model_at_least_one("source", s->name, lot,
                                          "lot must be >= 1", err);
    if (rc)
        return rc;
    if (product >= s->nlot_of) { /* room for every product so far */
        uint32_t *l = azi_realloc(s->lot_of, m->nproduct * sizeof *l);
        if (!l)
            return az_error_set(err, AZ_ENOMEM, "out of memory");
        memset(l + s->nlot_of, 0, (m->nproduct - s->nlot_of) * sizeof *l);
        s->lot_of = l;
        s->nlot_of = m->nproduct;
    }
    s->lot_of[product] = lot;
    return AZ_OK;
}

uint32_t az_model_source_lot(const az_model *m, uint32_t source,
                             uint32_t product, int *together)
{
    if (together)
        *together = 0;
    if (source >= m->nsource || product >= m->nproduct ||
        !m->source[source].lot)
        return 0;
    const azi_source *s = &m->source[source];
    if (together)
        *together = s->lot_together;
    return product < s->nlot_of && s->lot_of[product] ? s->lot_of[product]
                                                      : s->lot;
}

az_status az_model_set_sequence(az_model *m, uint32_t source,
                                const uint32_t *products, uint32_t n,
                                az_error *err)
{
    azi_source *s = source_of(m, source, err);
    if (!s)
        return AZ_EINVAL;
    if (n < 1)
        return az_error_set(err, AZ_EINVAL, "source '%s': empty sequence",
                            s->name);
    for (uint32_t i = 0; i < n; i++)
        if (products[i] >= m->nproduct)
            return az_error_set(err, AZ_EINVAL, "no product %u",
                                (unsigned)products[i]);
    if (!azi_model_replace((void **)&s->seq, products, n, sizeof *s->seq))
        return az_error_set(err, AZ_ENOMEM, "out of memory");
    s->nseq = n;
    return AZ_OK;
}

az_status az_model_set_plan(az_model *m, uint32_t source,
                            const az_plan_entry *entries, uint32_t n,
                            az_error *err)
{
    azi_source *s = source_of(m, source, err);
    if (!s)
        return AZ_EINVAL;
    if (n < 1)
        return az_error_set(err, AZ_EINVAL, "source '%s': empty plan",
                            s->name);
    for (uint32_t i = 0; i < n; i++) {
        if (entries[i].product >= m->nproduct)
            return az_error_set(err, AZ_EINVAL, "no product %u",
                                (unsigned)entries[i].product);
        if (i && entries[i].day < entries[i - 1].day)
            return az_error_set(err, AZ_EINVAL,
                                "source '%s': plan days must not go back "
                                "(day %u after day %u)", s->name,
                                (unsigned)entries[i].day,
                                (unsigned)entries[i - 1].day);
    }
    if (!azi_model_replace((void **)&s->plan, entries, n, sizeof *s->plan))
        return az_error_set(err, AZ_ENOMEM, "out of memory");
    s->nplan = n;
    return AZ_OK;
}

az_status az_model_set_start(az_model *m, int64_t seconds, az_error *err)
{
    /* 0001-01-01 .. 9999-12-31 23:59:59 would do for the arithmetic; the
     * range is the date parser's */
    if (seconds < 0 || seconds > INT64_C(253402300799))
        return az_error_set(err, AZ_EINVAL, "the start must be from 1970 to "
                            "9999");
    m->start = seconds;
    m->has_start = 1;
    return AZ_OK;
}

int az_model_start(const az_model *m, int64_t *seconds)
{
    if (m->has_start && seconds)
        *seconds = m->start;
    return m->has_start;
}

const char *az_model_name(const az_model *m) { return m->name; }
size_t az_model_station_count(const az_model *m) { return m->nstation; }
const char *az_model_station_name(const az_model *m, size_t i)
{
    return i < m->nstation ? m->station[i].name : NULL;
}
uint32_t az_model_station_machines(const az_model *m, size_t i)
{
    return i < m->nstation ? m->station[i].machines : 0;
}
uint32_t az_model_station_buffer(const az_model *m, size_t i)
{
    return i < m->nstation ? m->station[i].buffer : 0;
}
size_t az_model_product_count(const az_model *m) { return m->nproduct; }
const char *az_model_product_family(const az_model *m, size_t i)
{
    return i < m->nproduct ? m->product[i].family : NULL;
}
const char *az_model_product_name(const az_model *m, size_t i)
{
    return i < m->nproduct ? m->product[i].name : NULL;
}
size_t az_model_source_count(const az_model *m) { return m->nsource; }
size_t az_model_pool_count(const az_model *m) { return m->npool; }
const char *az_model_pool_name(const az_model *m, size_t i)
{
    return i < m->npool ? m->pool[i].name : NULL;
}
uint32_t az_model_pool_size(const az_model *m, size_t i)
{
    return i < m->npool ? m->pool[i].size : 0;
}

