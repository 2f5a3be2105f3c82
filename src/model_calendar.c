/*
 * model_calendar.c: calendars of their own, the weekly working hours of a
 * station or an operator pool that does not follow the line's shifts
 * (model.h, az_model_add_calendar). A calendar is the line's kind of
 * pattern (shifts and daily breaks, the line's holidays) under a name;
 * a station or pool holds its calendar's index + 1, 0 meaning the line's,
 * so that a model without calendars has every entity on the line's
 * calendar with nothing set. The engine builds each calendar's week as it
 * builds the line's (engine/shift.c, azi_shift_build_cal). The line's
 * shifts' names live here too: a replay's clock shows them.
 *
 * What az_model_check adds (azi_model_calendars_check): every calendar
 * has a shift (one without would never work), and a pool on a calendar
 * of its own has no sizes by the line's shifts (which would then say
 * nothing, or something false, about its hours).
 */
#include <stdlib.h>
#include <string.h>

#include "model_impl.h"
#include "util/alloc.h"


void azi_model_calendars_free(az_model *m)
{
    for (uint32_t i = 0; i < m->ncal; i++) {
        free(m->cal[i].name);
        free(m->cal[i].shift);
        free(m->cal[i].brk);
    }
    free(m->cal);
    m->cal = NULL;
    m->ncal = m->capcal = 0;
}

static az_status no_calendar(uint32_t cal, az_error *err)
{
    return az_error_set(err, AZ_EINVAL, "no calendar %u", (unsigned)cal);
}

az_status az_model_add_calendar(az_model *m, const char *name, uint32_t *idx,
                                az_error *err)
{
    if (!name || !*name)
        return az_error_set(err, AZ_EINVAL, "a calendar needs a name");
    for (uint32_t i = 0; i < m->ncal; i++)
        if (!strcmp(m->cal[i].name, name))
            return az_error_set(err, AZ_EINVAL, "duplicate calendar '%s'",
                                name);
    if (!azi_model_grow((void **)&m->cal, &m->capcal, m->ncal,
                        sizeof *m->cal))
        return az_error_set(err, AZ_ENOMEM, "out of memory");
    azi_calendar *c = &m->cal[m->ncal];
    memset(c, 0, sizeof *c);
    if (!(c->name = azi_strdup(name)))
        return az_error_set(err, AZ_ENOMEM, "out of memory");
    if (idx)
        *idx = m->ncal;
    m->ncal++;
    return AZ_OK;
}

/* The same checks as the line's shifts and breaks (model.c). */
az_status az_model_add_calendar_shift(az_model *m, uint32_t cal,
                                      double start, double end,
                                      unsigned days, az_error *err)
{
    if (cal >= m->ncal)
        return no_calendar(cal, err);
    azi_calendar *c = &m->cal[cal];
    return azi_model_push_shift(&c->shift, &c->nshift, &c->capshift, start,
                                end, days, err);
}

az_status az_model_add_calendar_break(az_model *m, uint32_t cal,
                                      double start, double duration,
                                      az_error *err)
{
    if (cal >= m->ncal)
        return no_calendar(cal, err);
    azi_calendar *c = &m->cal[cal];
    return azi_model_push_break(&c->brk, &c->nbreak, &c->capbreak, start,
                                duration, err);
}

az_status az_model_set_station_calendar(az_model *m, uint32_t station,
                                        uint32_t cal, az_error *err)
{
    if (station >= m->nstation)
        return az_error_set(err, AZ_EINVAL, "no station %u",
                            (unsigned)station);
    if (cal != AZ_LINE_CALENDAR && cal >= m->ncal)
        return no_calendar(cal, err);
    m->station[station].calendar = cal == AZ_LINE_CALENDAR ? 0 : cal + 1;
    return AZ_OK;
}

az_status az_model_set_pool_calendar(az_model *m, uint32_t pool,
                                     uint32_t cal, az_error *err)
{
    if (pool >= m->npool)
        return az_error_set(err, AZ_EINVAL, "no pool %u", (unsigned)pool);
    if (cal != AZ_LINE_CALENDAR && cal >= m->ncal)
        return no_calendar(cal, err);
    m->pool[pool].calendar = cal == AZ_LINE_CALENDAR ? 0 : cal + 1;
    return AZ_OK;
}

size_t az_model_calendar_count(const az_model *m) { return m->ncal; }

const char *az_model_calendar_name(const az_model *m, size_t i)
{
    return i < m->ncal ? m->cal[i].name : NULL;
}

uint32_t az_model_station_calendar(const az_model *m, uint32_t station)
{
    return station < m->nstation && m->station[station].calendar
               ? m->station[station].calendar - 1
               : AZ_LINE_CALENDAR;
}

az_status azi_model_calendars_check(const az_model *m, az_error *err)
{
    for (uint32_t i = 0; i < m->ncal; i++)
        if (!m->cal[i].nshift)
            return az_error_set(err, AZ_EBADMODEL,
                                "calendar '%s' has no shifts: it would "
                                "never work", m->cal[i].name);
    for (uint32_t i = 0; i < m->npool; i++)
        if (m->pool[i].calendar && m->pool[i].nshift)
            return az_error_set(err, AZ_EBADMODEL,
                                "pool '%s' follows calendar '%s' and has "
                                "sizes by the line's shifts: give one or "
                                "the other", m->pool[i].name,
                                m->cal[m->pool[i].calendar - 1].name);
    return AZ_OK;
}

/* The line's shifts by name, for what shows its clock (model.h). */
az_status az_model_set_shift_name(az_model *m, uint32_t shift,
                                  const char *name, az_error *err)
{
    if (shift >= m->nshift)
        return az_error_set(err, AZ_EINVAL, "no shift %u", (unsigned)shift);
    char *copy = NULL;
    if (name && !(copy = azi_strdup(name)))
        return az_error_set(err, AZ_ENOMEM, "out of memory");
    if (shift >= m->nshift_name) {
        char **grown = azi_realloc(m->shift_name,
                                   (size_t)m->nshift * sizeof *grown);
        if (!grown) {
            free(copy);
            return az_error_set(err, AZ_ENOMEM, "out of memory");
        }
        for (uint32_t i = m->nshift_name; i < m->nshift; i++)
            grown[i] = NULL;
        m->shift_name = grown;
        m->nshift_name = m->nshift;
    }
    free(m->shift_name[shift]);
    m->shift_name[shift] = copy;
    return AZ_OK;
}
