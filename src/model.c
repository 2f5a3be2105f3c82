/*
 * model.c: building a model in code, and the checks that make it safe to
 * simulate. The engine compiles a checked model into its own flat tables
 * (sim.c), so nothing here is on the event path.
 *
 * Over 800 lines: the builder (az_model_add_*, az_model_set_*) and the
 * whole-model check (az_model_check) are two concerns; issue 20 moves the
 * check into model_check.c.
 */
#include "model_impl.h"
#include "util/alloc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "azalea/rng.h"

/* Probabilities given by people sum to 1 only up to rounding. */
#define SUM_TOL 1e-9

static char *dupstr(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = azi_malloc(n);
    if (p)
        memcpy(p, s, n);
    return p;
}

/* Makes room for one more element in a doubling array. */
static int grow(void **arr, uint32_t *cap, uint32_t n, size_t elem)
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
    if (!m || !(m->name = dupstr(name ? name : "model"))) {
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
        for (uint32_t j = 0; j < st->npair; j++) {
            free(st->pair[j].from);
            free(st->pair[j].to);
            az_dist_clear(&st->pair[j].time);
        }
        free(st->pair);
        az_dist_clear(&st->fail_between);
        az_dist_clear(&st->fail_repair);
        az_dist_clear(&st->transport);
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
        free(s->plan);
    }
    for (uint32_t i = 0; i < m->npool; i++) {
        free(m->pool[i].name);
        free(m->pool[i].by_shift);
    }
    free(m->pool);
    free(m->shift);
    free(m->brk);
    free(m->holiday);
    free(m->station);
    free(m->product);
    free(m->source);
    free(m->name);
    free(m->names_ht);
    free(m);
}

/* The name set's hash: the well-mixed name hash the random streams use
 * already (FNV-1a and a finaliser), so the table's low bits are good. */
static uint64_t hash_name(const char *s) { return az_rng_stream_id(s); }

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

/* Adds names not yet in the hash set (open addressing, at most half full).
 * Returns 0 if memory ran out: callers then scan linearly. */
static int index_names(az_model *m, uint32_t total)
{
    /* Room for the name being checked too, so the table is never empty
     * (the probe loop below needs a free slot) or more than half full. */
    if (((size_t)total + 1) * 2 > m->names_cap) {
        size_t cap = m->names_cap ? m->names_cap : 64;
        while (((size_t)total + 1) * 2 > cap)
            cap *= 2;
        const char **t = azi_calloc(cap, sizeof *t);
        if (!t)
            return 0;
        free(m->names_ht);
        m->names_ht = t;
        m->names_cap = cap;
        /* re-insert everything into the bigger table */
        memset(m->names_kind_seen, 0, sizeof m->names_kind_seen);
    }
    /* Stations, products, sources and pools grow independently, so
     * "seen" counts per kind, not a single prefix. */
    uint32_t cnt[4] = {m->nstation, m->nproduct, m->nsource, m->npool};
    uint32_t base = 0;
    for (int k = 0; k < 4; k++) {
        for (uint32_t i = m->names_kind_seen[k]; i < cnt[k]; i++) {
            const char *nm = nth_name(m, base + i);
            size_t h = hash_name(nm) & (m->names_cap - 1);
            while (m->names_ht[h])
                h = (h + 1) & (m->names_cap - 1);
            m->names_ht[h] = nm;
        }
        m->names_kind_seen[k] = cnt[k];
        base += cnt[k];
    }
    return 1;
}

/* Whether a station, product, source or pool already has this name. A hash
 * set keeps this O(1): a linear scan per added name made loading a model of
 * 10,000 stations take seconds. */
static int name_taken(az_model *m, const char *name)
{
    uint32_t total = m->nstation + m->nproduct + m->nsource + m->npool;
    if (index_names(m, total)) {
        size_t h = hash_name(name) & (m->names_cap - 1);
        for (; m->names_ht[h]; h = (h + 1) & (m->names_cap - 1))
            if (!strcmp(m->names_ht[h], name))
                return 1;
        return 0;
    }
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
    if (!grow((void **)&m->station, &m->capstation, m->nstation,
              sizeof *m->station))
        return az_error_set(err, AZ_ENOMEM, "out of memory");
    azi_station *s = &m->station[m->nstation];
    memset(s, 0, sizeof *s);
    if (!(s->name = dupstr(name)))
        return az_error_set(err, AZ_ENOMEM, "out of memory");
    if ((rc = az_dist_copy(&s->process, process, err))) {
        free(s->name);
        return rc;
    }
    s->machines = machines;
    s->buffer = AZ_UNLIMITED;
    s->pool[0] = s->pool[1] = s->pool[2] = AZ_NO_STATION;
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
    if (!grow((void **)&m->product, &m->capproduct, m->nproduct,
              sizeof *m->product))
        return az_error_set(err, AZ_ENOMEM, "out of memory");
    azi_product *p = &m->product[m->nproduct];
    memset(p, 0, sizeof *p);
    if (!(p->name = dupstr(name)) || !(p->family = dupstr(name))) {
        free(p->name);
        return az_error_set(err, AZ_ENOMEM, "out of memory");
    }
    if (idx)
        *idx = m->nproduct;
    m->nproduct++;
    return AZ_OK;
}

static az_status station_arg(const az_model *m, uint32_t station,
                             az_error *err)
{
    return station < m->nstation
               ? AZ_OK
               : az_error_set(err, AZ_EINVAL, "no station %u",
                              (unsigned)station);
}

az_status az_model_set_machines(az_model *m, uint32_t station,
                                uint32_t machines, az_error *err)
{
    az_status rc = station_arg(m, station, err);
    if (rc)
        return rc;
    azi_station *s = &m->station[station];
    if (machines < 1)
        return az_error_set(err, AZ_EINVAL,
                            "station '%s': machines must be >= 1", s->name);
    if (s->speed) {
        double *sp = azi_realloc(s->speed, machines * sizeof *sp);
        if (!sp)
            return az_error_set(err, AZ_ENOMEM, "out of memory");
        for (uint32_t i = s->machines; i < machines; i++)
            sp[i] = 1;
        s->speed = sp;
    }
    s->machines = machines;
    return AZ_OK;
}

az_status az_model_set_pool_size(az_model *m, uint32_t pool, uint32_t size,
                                 az_error *err)
{
    if (pool >= m->npool)
        return az_error_set(err, AZ_EINVAL, "no pool %u", (unsigned)pool);
    if (size < 1)
        return az_error_set(err, AZ_EINVAL, "pool '%s': size must be >= 1",
                            m->pool[pool].name);
    m->pool[pool].size = size;
    return AZ_OK;
}

az_status az_model_set_family(az_model *m, uint32_t product,
                              const char *family, az_error *err)
{
    if (product >= m->nproduct)
        return az_error_set(err, AZ_EINVAL, "no product %u", (unsigned)product);
    if (!family || !*family)
        return az_error_set(err, AZ_EINVAL, "a family name must not be empty");
    char *f = dupstr(family);
    if (!f)
        return az_error_set(err, AZ_ENOMEM, "out of memory");
    free(m->product[product].family);
    m->product[product].family = f;
    return AZ_OK;
}

az_status az_model_set_buffer(az_model *m, uint32_t station,
                              uint32_t capacity, az_error *err)
{
    if (station >= m->nstation)
        return az_error_set(err, AZ_EINVAL, "no station %u", (unsigned)station);
    m->station[station].buffer = capacity;
    return AZ_OK;
}

az_status az_model_set_product_process(az_model *m, uint32_t station,
                                       uint32_t product,
                                       const az_dist *process, az_error *err)
{
    if (station >= m->nstation)
        return az_error_set(err, AZ_EINVAL, "no station %u", (unsigned)station);
    if (product >= m->nproduct)
        return az_error_set(err, AZ_EINVAL, "no product %u", (unsigned)product);
    azi_station *s = &m->station[station];
    for (uint32_t j = 0; j < s->nover; j++)
        if (s->over[j].product == product)
            return az_error_set(err, AZ_EINVAL,
                                "station '%s': product '%s' already has its "
                                "own process time", s->name,
                                m->product[product].name);
    if (!grow((void **)&s->over, &s->capover, s->nover, sizeof *s->over))
        return az_error_set(err, AZ_ENOMEM, "out of memory");
    azi_override *o = &s->over[s->nover];
    memset(o, 0, sizeof *o);
    az_status rc = az_dist_copy(&o->process, process, err);
    if (rc)
        return rc;
    o->product = product;
    s->nover++;
    return AZ_OK;
}


az_status az_model_set_machine_speeds(az_model *m, uint32_t station,
                                      const double *speeds, uint32_t n,
                                      az_error *err)
{
    az_status rc = station_arg(m, station, err);
    if (rc)
        return rc;
    azi_station *s = &m->station[station];
    if (n != s->machines)
        return az_error_set(err, AZ_EINVAL,
                            "station '%s': %u speeds for %u machines", s->name,
                            (unsigned)n, (unsigned)s->machines);
    for (uint32_t i = 0; i < n; i++)
        if (!(speeds[i] > 0) || !isfinite(speeds[i]))
            return az_error_set(err, AZ_EINVAL,
                                "station '%s': speed of machine %u must be > 0 "
                                "(got %g)", s->name, (unsigned)i + 1, speeds[i]);
    double *sp = azi_malloc(n * sizeof *sp);
    if (!sp)
        return az_error_set(err, AZ_ENOMEM, "out of memory");
    memcpy(sp, speeds, n * sizeof *sp);
    free(s->speed);
    s->speed = sp;
    return AZ_OK;
}

/* Replaces *dst (and its has-flag) by a copy of src, or by nothing. */
static az_status set_opt_dist(az_dist *dst, int *has, const az_dist *src,
                              az_error *err)
{
    az_dist tmp = {0};
    if (src) {
        az_status rc = az_dist_copy(&tmp, src, err);
        if (rc)
            return rc;
    }
    az_dist_clear(dst);
    *dst = tmp;
    *has = src != NULL;
    return AZ_OK;
}

az_status az_model_set_setup(az_model *m, uint32_t station,
                             const az_dist *same_family,
                             const az_dist *other_family, az_error *err)
{
    az_status rc = station_arg(m, station, err);
    if (rc)
        return rc;
    azi_station *s = &m->station[station];
    az_dist same = {0};
    int has_same;
    if ((rc = set_opt_dist(&same, &has_same, same_family, err)))
        return rc;
    if ((rc = set_opt_dist(&s->setup_other, &s->has_other, other_family,
                           err))) {
        az_dist_clear(&same);
        return rc;
    }
    az_dist_clear(&s->setup_same);
    s->setup_same = same;
    s->has_same = has_same;
    return AZ_OK;
}

az_status az_model_set_setup_between(az_model *m, uint32_t station,
                                     const char *from_family,
                                     const char *to_family, const az_dist *d,
                                     az_error *err)
{
    az_status rc = station_arg(m, station, err);
    if (rc)
        return rc;
    azi_station *s = &m->station[station];
    if (!from_family || !*from_family || !to_family || !*to_family)
        return az_error_set(err, AZ_EINVAL, "a family name must not be empty");
    for (uint32_t j = 0; j < s->npair; j++)
        if (!strcmp(s->pair[j].from, from_family) &&
            !strcmp(s->pair[j].to, to_family))
            return az_error_set(err, AZ_EINVAL,
                                "station '%s': setup from '%s' to '%s' given "
                                "twice", s->name, from_family, to_family);
    if (!grow((void **)&s->pair, &s->cappair, s->npair, sizeof *s->pair))
        return az_error_set(err, AZ_ENOMEM, "out of memory");
    azi_setup_pair *p = &s->pair[s->npair];
    memset(p, 0, sizeof *p);
    p->from = dupstr(from_family);
    p->to = dupstr(to_family);
    if (!p->from || !p->to || (rc = az_dist_copy(&p->time, d, err))) {
        free(p->from);
        free(p->to);
        return rc ? rc : az_error_set(err, AZ_ENOMEM, "out of memory");
    }
    s->npair++;
    return AZ_OK;
}

az_status az_model_set_failures(az_model *m, uint32_t station,
                                const az_dist *between, const az_dist *repair,
                                az_failure_clock clock, az_error *err)
{
    az_status rc = station_arg(m, station, err);
    if (rc)
        return rc;
    azi_station *s = &m->station[station];
    if (!(az_dist_mean(between) > 0))
        return az_error_set(err, AZ_EINVAL,
                            "station '%s': mean time between failures must be "
                            "> 0", s->name);
    az_dist b = {0}, r = {0};
    if ((rc = az_dist_copy(&b, between, err)))
        return rc;
    if ((rc = az_dist_copy(&r, repair, err))) {
        az_dist_clear(&b);
        return rc;
    }
    az_dist_clear(&s->fail_between);
    az_dist_clear(&s->fail_repair);
    s->fail_between = b;
    s->fail_repair = r;
    s->fail_clock = clock;
    s->fails = 1;
    return AZ_OK;
}

az_status az_model_set_batch(az_model *m, uint32_t station, uint32_t min,
                             uint32_t max, double max_wait, int family_pure,
                             az_error *err)
{
    az_status rc = station_arg(m, station, err);
    if (rc)
        return rc;
    azi_station *s = &m->station[station];
    if (min < 1 || max < min)
        return az_error_set(err, AZ_EINVAL,
                            "station '%s': batch needs 1 <= min <= max (got "
                            "min %u, max %u)", s->name, (unsigned)min,
                            (unsigned)max);
    if (!(max_wait >= 0))
        return az_error_set(err, AZ_EINVAL,
                            "station '%s': batch max_wait must be >= 0",
                            s->name);
    s->batch_min = min;
    s->batch_max = max;
    s->batch_wait = max_wait;
    s->batch_pure = family_pure;
    return AZ_OK;
}

az_status az_model_set_transport(az_model *m, uint32_t station,
                                 const az_dist *time, az_error *err)
{
    az_status rc = station_arg(m, station, err);
    if (rc)
        return rc;
    azi_station *s = &m->station[station];
    return set_opt_dist(&s->transport, &s->has_transport, time, err);
}

az_status az_model_set_assembly(az_model *m, uint32_t station,
                                uint32_t component, uint32_t qty,
                                az_error *err)
{
    az_status rc = station_arg(m, station, err);
    if (rc)
        return rc;
    azi_station *s = &m->station[station];
    if (component >= m->nproduct)
        return az_error_set(err, AZ_EINVAL, "no product %u",
                            (unsigned)component);
    if (qty < 1)
        return az_error_set(err, AZ_EINVAL,
                            "station '%s': a component quantity must be >= 1",
                            s->name);
    for (uint32_t j = 0; j < s->ncomp; j++)
        if (s->comp[j] == component)
            return az_error_set(err, AZ_EINVAL,
                                "station '%s' assembles '%s' twice", s->name,
                                m->product[component].name);
    uint32_t *c = azi_realloc(s->comp, (s->ncomp + 1) * sizeof *c);
    if (!c)
        return az_error_set(err, AZ_ENOMEM, "out of memory");
    s->comp = c;
    uint32_t *q = azi_realloc(s->comp_qty, (s->ncomp + 1) * sizeof *q);
    if (!q)
        return az_error_set(err, AZ_ENOMEM, "out of memory");
    s->comp_qty = q;
    uint32_t *k = azi_realloc(s->comp_store, (s->ncomp + 1) * sizeof *k);
    if (!k)
        return az_error_set(err, AZ_ENOMEM, "out of memory");
    s->comp_store = k;
    c[s->ncomp] = component;
    q[s->ncomp] = qty;
    k[s->ncomp] = AZ_UNLIMITED;
    s->ncomp++;
    return AZ_OK;
}

az_status az_model_set_store(az_model *m, uint32_t station,
                             uint32_t component, uint32_t capacity,
                             az_error *err)
{
    az_status rc = station_arg(m, station, err);
    if (rc)
        return rc;
    azi_station *s = &m->station[station];
    if (capacity < 1)
        return az_error_set(err, AZ_EINVAL,
                            "station '%s': a store holds at least 1 unit",
                            s->name);
    for (uint32_t j = 0; j < s->ncomp; j++)
        if (s->comp[j] == component) {
            s->comp_store[j] = capacity;
            return AZ_OK;
        }
    return az_error_set(err, AZ_EINVAL,
                        "station '%s' does not assemble product %u", s->name,
                        (unsigned)component);
}

/* The station product is a component of, and its place there: 1, or 0
 * if it is none's. */
static int find_store(const az_model *m, uint32_t product, uint32_t *station,
                      uint32_t *k)
{
    for (uint32_t i = 0; i < m->nstation; i++)
        for (uint32_t j = 0; j < m->station[i].ncomp; j++)
            if (m->station[i].comp[j] == product) {
                *station = i;
                *k = j;
                return 1;
            }
    return 0;
}

uint32_t az_model_store_station(const az_model *m, uint32_t product)
{
    uint32_t x, k;
    return find_store(m, product, &x, &k) ? x : AZ_NO_STATION;
}

uint32_t az_model_store_capacity(const az_model *m, uint32_t product)
{
    uint32_t x, k;
    return find_store(m, product, &x, &k) ? m->station[x].comp_store[k]
                                          : AZ_UNLIMITED;
}

az_status az_model_set_scrap_kits(az_model *m, uint32_t station, int on,
                                  az_error *err)
{
    az_status rc = station_arg(m, station, err);
    if (rc)
        return rc;
    m->station[station].scrap_kits = on != 0;
    return AZ_OK;
}

az_status az_model_set_carton(az_model *m, uint32_t station, uint32_t size,
                              az_error *err)
{
    az_status rc = station_arg(m, station, err);
    if (rc)
        return rc;
    if (size < 1)
        return az_error_set(err, AZ_EINVAL,
                            "station '%s': carton size must be >= 1",
                            m->station[station].name);
    m->station[station].carton = size;
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
    if (!grow((void **)&m->pool, &m->cappool, m->npool, sizeof *m->pool))
        return az_error_set(err, AZ_ENOMEM, "out of memory");
    if (!(m->pool[m->npool].name = dupstr(name)))
        return az_error_set(err, AZ_ENOMEM, "out of memory");
    m->pool[m->npool].size = size;
    m->pool[m->npool].nshift = 0;
    m->pool[m->npool].by_shift = NULL;
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

az_status az_model_set_operator(az_model *m, uint32_t station,
                                az_activity what, uint32_t pool,
                                az_error *err)
{
    az_status rc = station_arg(m, station, err);
    if (rc)
        return rc;
    if (pool >= m->npool)
        return az_error_set(err, AZ_EINVAL, "no pool %u", (unsigned)pool);
    if ((unsigned)what > AZ_ACT_REPAIR)
        return az_error_set(err, AZ_EINVAL, "no activity %d", (int)what);
    m->station[station].pool[what] = pool;
    return AZ_OK;
}

#define DAY_S 86400.0

az_status az_model_add_shift(az_model *m, double start, double end,
                             unsigned days, az_error *err)
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
    if (!grow((void **)&m->shift, &m->capshift, m->nshift, sizeof *m->shift))
        return az_error_set(err, AZ_ENOMEM, "out of memory");
    m->shift[m->nshift++] = (azi_shift){start, end, days};
    return AZ_OK;
}

az_status az_model_add_break(az_model *m, double start, double duration,
                             az_error *err)
{
    if (!(start >= 0 && start < DAY_S) || !(duration > 0 && duration < DAY_S))
        return az_error_set(err, AZ_EINVAL,
                            "a break must start within the day and last less "
                            "than a day");
    if (!grow((void **)&m->brk, &m->capbreak, m->nbreak, sizeof *m->brk))
        return az_error_set(err, AZ_ENOMEM, "out of memory");
    m->brk[m->nbreak++] = (azi_break){start, duration};
    return AZ_OK;
}

az_status az_model_add_holiday(az_model *m, uint32_t day, az_error *err)
{
    if (!grow((void **)&m->holiday, &m->capholiday, m->nholiday,
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
    if (!grow((void **)&p->step, &p->capstep, p->nstep, sizeof *p->step))
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
    if (destructive && every < 2) /* the loader's rule too (load_route.c) */
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

    if (!grow((void **)&m->source, &m->capsource, m->nsource,
              sizeof *m->source))
        return az_error_set(err, AZ_ENOMEM, "out of memory");
    azi_source *s = &m->source[m->nsource];
    memset(s, 0, sizeof *s);
    if (!(s->name = dupstr(name)))
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

az_status az_model_source_add_product(az_model *m, uint32_t source,
                                      uint32_t product, double share,
                                      az_error *err)
{
    if (source >= m->nsource)
        return az_error_set(err, AZ_EINVAL, "no source %u", (unsigned)source);
    if (product >= m->nproduct)
        return az_error_set(err, AZ_EINVAL, "no product %u", (unsigned)product);
    azi_source *s = &m->source[source];
    if (!(share >= 0 && share <= 1))
        return az_error_set(err, AZ_EINVAL,
                            "source '%s': share must be in [0, 1] (got %g)",
                            s->name, share);
    uint32_t cap = s->capmix;
    if (!grow((void **)&s->mix_product, &cap, s->nmix, sizeof *s->mix_product))
        return az_error_set(err, AZ_ENOMEM, "out of memory");
    cap = s->capmix;
    if (!grow((void **)&s->mix_share, &cap, s->nmix, sizeof *s->mix_share))
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
    if (source >= m->nsource)
        return az_error_set(err, AZ_EINVAL, "no source %u", (unsigned)source);
    if (cap < 1)
        return az_error_set(err, AZ_EINVAL, "source '%s': WIP cap must be >= 1",
                            m->source[source].name);
    m->source[source].wip_cap = cap;
    return AZ_OK;
}

az_status az_model_set_sequence(az_model *m, uint32_t source,
                                const uint32_t *products, uint32_t n,
                                az_error *err)
{
    if (source >= m->nsource)
        return az_error_set(err, AZ_EINVAL, "no source %u", (unsigned)source);
    azi_source *s = &m->source[source];
    if (n < 1)
        return az_error_set(err, AZ_EINVAL, "source '%s': empty sequence",
                            s->name);
    for (uint32_t i = 0; i < n; i++)
        if (products[i] >= m->nproduct)
            return az_error_set(err, AZ_EINVAL, "no product %u",
                                (unsigned)products[i]);
    uint32_t *q = azi_malloc(n * sizeof *q);
    if (!q)
        return az_error_set(err, AZ_ENOMEM, "out of memory");
    memcpy(q, products, n * sizeof *q);
    free(s->seq);
    s->seq = q;
    s->nseq = n;
    return AZ_OK;
}

az_status az_model_set_plan(az_model *m, uint32_t source,
                            const az_plan_entry *entries, uint32_t n,
                            az_error *err)
{
    if (source >= m->nsource)
        return az_error_set(err, AZ_EINVAL, "no source %u", (unsigned)source);
    azi_source *s = &m->source[source];
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
    az_plan_entry *p = azi_malloc(n * sizeof *p);
    if (!p)
        return az_error_set(err, AZ_ENOMEM, "out of memory");
    memcpy(p, entries, n * sizeof *p);
    free(s->plan);
    s->plan = p;
    s->nplan = n;
    return AZ_OK;
}

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
        if (s->nmix == 0 && s->nseq == 0 && s->nplan == 0)
            return az_error_set(err, AZ_EBADMODEL,
                                "source '%s' releases no product", s->name);
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
            az_dist_mean(&s->interarrival) == 0 && !s->wip_cap && !s->plan)
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
    return AZ_OK;
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
