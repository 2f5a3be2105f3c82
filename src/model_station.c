/*
 * model_station.c: a station's settings in the model builder (model.h):
 * machines and their speeds, buffer, per-product process times,
 * changeovers, failures, planned maintenance, batches, conveyors, assembly
 * and its stores, cartons and operators. The station itself is added by model.c, with the
 * name checks every named entity shares.
 *
 * Every setter checks its arguments before it changes anything: on an
 * error the station is as it was (a setter that allocates allocates first,
 * then commits), so a caller may go on after a refused call. What needs
 * the whole model (a component's route ends at its assembly, a batch fits
 * its buffer) is az_model_check's (model_check.c).
 */
#include "model_impl.h"
#include "util/alloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The station a setter changes, or NULL after setting err to "no station
 * N" (AZ_EINVAL, which the setter returns). */
static azi_station *station_of(az_model *m, uint32_t station, az_error *err)
{
    if (station < m->nstation)
        return &m->station[station];
    az_error_set(err, AZ_EINVAL, "no station %u", (unsigned)station);
    return NULL;
}

/* AZ_OK when n >= 1; else AZ_EINVAL with "station '<name>': <what>". */
static az_status at_least_one(const azi_station *s, uint32_t n,
                              const char *what, az_error *err)
{
    return azi_model_at_least_one("station", s->name, n, what, err);
}

az_status az_model_set_machines(az_model *m, uint32_t station,
                                uint32_t machines, az_error *err)
{
    azi_station *s = station_of(m, station, err);
    if (!s)
        return AZ_EINVAL;
    az_status rc = at_least_one(s, machines, "machines must be >= 1", err);
    if (rc)
        return rc;
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


az_status az_model_set_buffer(az_model *m, uint32_t station,
                              uint32_t capacity, az_error *err)
{
    azi_station *s = station_of(m, station, err);
    if (!s)
        return AZ_EINVAL;
    s->buffer = capacity;
    return AZ_OK;
}

az_status az_model_set_product_process(az_model *m, uint32_t station,
                                       uint32_t product,
                                       const az_dist *process, az_error *err)
{
    azi_station *s = station_of(m, station, err);
    if (!s)
        return AZ_EINVAL;
    if (product >= m->nproduct)
        return az_error_set(err, AZ_EINVAL, "no product %u", (unsigned)product);
    for (uint32_t j = 0; j < s->nover; j++)
        if (s->over[j].product == product)
            return az_error_set(err, AZ_EINVAL,
                                "station '%s': product '%s' already has its "
                                "own process time", s->name,
                                m->product[product].name);
    if (!azi_model_grow((void **)&s->over, &s->capover, s->nover,
                        sizeof *s->over))
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
    azi_station *s = station_of(m, station, err);
    if (!s)
        return AZ_EINVAL;
    if (n != s->machines)
        return az_error_set(err, AZ_EINVAL,
                            "station '%s': %u speeds for %u machines", s->name,
                            (unsigned)n, (unsigned)s->machines);
    for (uint32_t i = 0; i < n; i++)
        if (!(speeds[i] > 0) || !isfinite(speeds[i]))
            return az_error_set(err, AZ_EINVAL,
                                "station '%s': speed of machine %u must be > 0 "
                                "(got %g)", s->name, (unsigned)i + 1, speeds[i]);
    if (!azi_model_replace((void **)&s->speed, speeds, n, sizeof *s->speed))
        return az_error_set(err, AZ_ENOMEM, "out of memory");
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
    azi_station *s = station_of(m, station, err);
    if (!s)
        return AZ_EINVAL;
    az_dist same = {0};
    int has_same;
    az_status rc;
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

az_status az_model_set_first_setup(az_model *m, uint32_t station,
                                   const az_dist *first, az_error *err)
{
    azi_station *s = station_of(m, station, err);
    if (!s)
        return AZ_EINVAL;
    return set_opt_dist(&s->setup_first, &s->has_first, first, err);
}

az_status az_model_set_setup_between(az_model *m, uint32_t station,
                                     const char *from_family,
                                     const char *to_family, const az_dist *d,
                                     az_error *err)
{
    azi_station *s = station_of(m, station, err);
    if (!s)
        return AZ_EINVAL;
    if (!from_family || !*from_family || !to_family || !*to_family)
        return az_error_set(err, AZ_EINVAL, "a family name must not be empty");
    az_status rc = AZ_OK;
    for (uint32_t j = 0; j < s->npair; j++)
        if (!strcmp(s->pair[j].from, from_family) &&
            !strcmp(s->pair[j].to, to_family))
            return az_error_set(err, AZ_EINVAL,
                                "station '%s': setup from '%s' to '%s' given "
                                "twice", s->name, from_family, to_family);
    if (!azi_model_grow((void **)&s->pair, &s->cappair, s->npair,
                        sizeof *s->pair))
        return az_error_set(err, AZ_ENOMEM, "out of memory");
    azi_setup_pair *p = &s->pair[s->npair];
    memset(p, 0, sizeof *p);
    p->from = azi_strdup(from_family);
    p->to = azi_strdup(to_family);
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
    azi_station *s = station_of(m, station, err);
    if (!s)
        return AZ_EINVAL;
    if (!(az_dist_mean(between) > 0))
        return az_error_set(err, AZ_EINVAL,
                            "station '%s': mean time between failures must be "
                            "> 0", s->name);
    if ((unsigned)clock > AZ_FAIL_CYCLES)
        return az_error_set(err, AZ_EINVAL, "station '%s': no failure clock "
                            "%d", s->name, (int)clock);
    az_dist b = {0}, r = {0};
    az_status rc;
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

az_status az_model_set_maintenance(az_model *m, uint32_t station,
                                   const az_maintenance *spec, az_error *err)
{
    azi_station *s = station_of(m, station, err);
    if (!s)
        return AZ_EINVAL;
    if (!spec) {
        az_dist_clear(&s->maint_duration);
        s->has_maint = 0;
        return AZ_OK;
    }
    int timed = spec->clock != AZ_MAINT_CYCLES;
    double mean = spec->duration ? az_dist_mean(spec->duration) : NAN;
    if ((unsigned)spec->clock > AZ_MAINT_CYCLES)
        return az_error_set(err, AZ_EINVAL, "station '%s': no maintenance "
                            "clock %d", s->name, (int)spec->clock);
    if (timed && !(spec->every > 0 && isfinite(spec->every)))
        return az_error_set(err, AZ_EINVAL, "station '%s': maintenance "
                            "interval must be finite and > 0 (got %g)",
                            s->name, spec->every);
    if (!timed && spec->cycles < 1)
        return az_error_set(err, AZ_EINVAL, "station '%s': maintenance "
                            "every 0 cycles", s->name);
    if (!(mean >= 0))
        return az_error_set(err, AZ_EINVAL, "station '%s': maintenance needs "
                            "a duration with a mean >= 0", s->name);
    if (timed && mean > spec->every)
        return az_error_set(err, AZ_EINVAL, "station '%s': maintenance "
                            "longer than its interval (mean %g, every %g)",
                            s->name, mean, spec->every);
    az_dist d = {0};
    az_status rc = az_dist_copy(&d, spec->duration, err);
    if (rc)
        return rc;
    az_dist_clear(&s->maint_duration);
    s->maint_duration = d;
    s->maint = *spec;
    s->maint.duration = NULL; /* maint_duration: this record moves */
    s->maint.finish_unit = spec->finish_unit != 0;
    s->has_maint = 1;
    return AZ_OK;
}

az_status az_model_set_dispatch(az_model *m, uint32_t station,
                                az_dispatch_rule rule, az_error *err)
{
    azi_station *s = station_of(m, station, err);
    if (!s)
        return AZ_EINVAL;
    if ((unsigned)rule > AZ_DISPATCH_SHORTEST_PROCESS)
        return az_error_set(err, AZ_EINVAL, "station '%s': no dispatch rule "
                            "%d", s->name, (int)rule);
    s->dispatch = rule;
    return AZ_OK;
}

az_status az_model_set_batch(az_model *m, uint32_t station, uint32_t min,
                             uint32_t max, double max_wait, int family_pure,
                             az_error *err)
{
    azi_station *s = station_of(m, station, err);
    if (!s)
        return AZ_EINVAL;
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
    azi_station *s = station_of(m, station, err);
    if (!s)
        return AZ_EINVAL;
    return set_opt_dist(&s->transport, &s->has_transport, time, err);
}

/* Makes room for n + 1 items in *a, one of the parallel arrays of a
 * station's components; 0 when out of memory, *a then as it was. */
static int grow_one(uint32_t **a, uint32_t n)
{
    uint32_t *p = azi_realloc(*a, ((size_t)n + 1) * sizeof *p);
    if (!p)
        return 0;
    *a = p;
    return 1;
}

az_status az_model_set_assembly(az_model *m, uint32_t station,
                                uint32_t component, uint32_t qty,
                                az_error *err)
{
    azi_station *s = station_of(m, station, err);
    if (!s)
        return AZ_EINVAL;
    if (component >= m->nproduct)
        return az_error_set(err, AZ_EINVAL, "no product %u",
                            (unsigned)component);
    az_status rc = at_least_one(s, qty, "a component quantity must be >= 1",
                                err);
    if (rc)
        return rc;
    for (uint32_t j = 0; j < s->ncomp; j++)
        if (s->comp[j] == component)
            return az_error_set(err, AZ_EINVAL,
                                "station '%s' assembles '%s' twice", s->name,
                                m->product[component].name);
    if (!grow_one(&s->comp, s->ncomp) || !grow_one(&s->comp_qty, s->ncomp) ||
        !grow_one(&s->comp_store, s->ncomp))
        return az_error_set(err, AZ_ENOMEM, "out of memory");
    s->comp[s->ncomp] = component;
    s->comp_qty[s->ncomp] = qty;
    s->comp_store[s->ncomp] = AZ_UNLIMITED;
    s->ncomp++;
    return AZ_OK;
}

az_status az_model_set_store(az_model *m, uint32_t station,
                             uint32_t component, uint32_t capacity,
                             az_error *err)
{
    azi_station *s = station_of(m, station, err);
    if (!s)
        return AZ_EINVAL;
    az_status rc = at_least_one(s, capacity, "a store holds at least 1 unit",
                                err);
    if (rc)
        return rc;
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
    azi_station *s = station_of(m, station, err);
    if (!s)
        return AZ_EINVAL;
    s->scrap_kits = on != 0;
    return AZ_OK;
}

az_status az_model_set_carton_time(az_model *m, uint32_t station,
                                   const az_dist *time, az_error *err)
{
    azi_station *s = station_of(m, station, err);
    if (!s)
        return AZ_EINVAL;
    if (!s->carton)
        return az_error_set(err, AZ_EINVAL, "station '%s': a carton time "
                            "needs cartons (a carton size) first", s->name);
    az_dist d;
    az_status rc = az_dist_copy(&d, time, err);
    if (rc)
        return rc;
    if (s->has_pack)
        az_dist_clear(&s->pack);
    s->pack = d;
    s->has_pack = 1;
    return AZ_OK;
}

az_status az_model_set_carton(az_model *m, uint32_t station, uint32_t size,
                              az_error *err)
{
    azi_station *s = station_of(m, station, err);
    if (!s)
        return AZ_EINVAL;
    az_status rc = at_least_one(s, size, "carton size must be >= 1", err);
    if (rc)
        return rc;
    s->carton = size;
    return AZ_OK;
}


az_status az_model_set_operator(az_model *m, uint32_t station,
                                az_activity what, uint32_t pool,
                                az_error *err)
{
    azi_station *s = station_of(m, station, err);
    if (!s)
        return AZ_EINVAL;
    if (pool >= m->npool)
        return az_error_set(err, AZ_EINVAL, "no pool %u", (unsigned)pool);
    if ((unsigned)what > AZ_ACT_MAINTAIN)
        return az_error_set(err, AZ_EINVAL, "no activity %d", (int)what);
    s->pool[what] = pool;
    return AZ_OK;
}
