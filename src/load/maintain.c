/*
 * maintain.c: a station's `maintenance` block in a model file: planned
 * maintenance every so much operating time, calendar time or cycles, for
 * a duration, perhaps by a technician of a pool (docs/model-format.md).
 *
 * `every` means a time or a count depending on `clock`, and the keys come
 * in the file's order, so `every` is kept as a node and read once the
 * clock is known: a duration > 0, or on the cycle clock an integer >= 1
 * (a duration there is refused with what to write instead). A time-based
 * maintenance whose mean duration exceeds its interval is reported at
 * `duration`: the machine would be maintained more than it works. The
 * pool is resolved by station.c with the station's other pools; this file
 * builds the block through the public API (az_model_set_maintenance).
 *
 * Prefix azi_maintenance_. Called by station.c; calls value.c, names.c
 * and the document layers only.
 */
#include "load/sections.h"

#include <stdio.h>

/* In the order of az_maintenance_clock. */
static const char *const CLOCK[] = {"operating", "calendar", "cycles"};
static const azi_load_type T_CLOCK = {.kind = AZI_T_ENUM, .names = CLOCK,
                                      .nnames = 3};
static int read_clock(azi_load *L, const azi_load_node *v, void *slot)
{
    return azi_value_choice(L, v, "maintenance clock", T_CLOCK.names,
                            T_CLOCK.nnames, slot);
}

/* `every`: a duration > 0, or on the cycle clock a count >= 1. */
static const azi_load_type *const EVERY[] = {&azi_type_duration_pos,
                                             &azi_type_u32_min1};
static const azi_load_type T_EVERY = {.kind = AZI_T_ONE_OF, .alt = EVERY,
                                      .nalt = 2};

static const azi_load_field MAINT_FIELDS[] = {
    AZI_NODE("every", OFF(maint_spec, every_node), 1, &T_EVERY, NULL,
             "the interval between maintenances"),
    AZI_FIELD("duration", dist, OFF(maint_spec, duration), 1, NULL,
              "how long one takes (drawn each time)"),
    {"clock", read_clock, OFF(maint_spec, clock), 0, &T_CLOCK, NULL,
     "what `every` counts: working time (setup and processing), all time "
     "since the last maintenance ended, or cycles (units processed; batches "
     "at a batch station)"},
    AZI_NODE("operator", OFF(maint_spec, op), 0, &azi_type_name, NULL,
             "a technician of this pool does every maintenance"),
    AZI_FIELD("finish_unit", bool, OFF(maint_spec, finish_unit), 0, NULL,
              "a machine in the middle of a unit finishes it before it "
              "stops"),
};
const azi_load_type azi_maintenance_type = {.kind = AZI_T_OBJECT,
    .fields = MAINT_FIELDS, .nfields = NFIELDS(MAINT_FIELDS)};
enum { M_EVERY = BIT(0), M_DURATION = BIT(1), M_CLOCK = BIT(2) };

void azi_maintenance_read(azi_load *L, station_spec *s, const char *what)
{
    char mw[128];
    maint_spec *p;
    if (!s->maint_node || !(p = azi_load_alloc(L, sizeof *p)))
        return;
    p->pool = -1;
    p->clock = AZ_MAINT_OPERATING;
    snprintf(mw, sizeof mw, "the maintenance of %s", what);
    if (!azi_fields_read(L, s->maint_node, MAINT_FIELDS,
                         NFIELDS(MAINT_FIELDS), p, mw, 0, &p->seen))
        return;
    s->maint = p;
    if (!(p->seen.valid & M_EVERY) || azi_fields_broken(p->seen, M_CLOCK))
        return;
    int timed = p->clock != AZ_MAINT_CYCLES;
    if (!(timed ? azi_value_duration_pos(L, p->every_node, &p->every)
                : azi_value_count(L, p->every_node, "every", &p->cycles)))
        return;
    if (!(p->seen.valid & M_DURATION))
        return;
    double mean = az_dist_mean(&p->duration);
    if (timed && mean > p->every) {
        azi_load_report(L, azi_yaml_get(s->maint_node, "duration")->loc,
                        "maintenance longer than its interval: its mean "
                        "duration is %g %s, 'every' is %g %s", mean, L->unit,
                        p->every, L->unit);
        return;
    }
    p->ok = p->seen.valid == p->seen.present;
}

az_status azi_maintenance_build(azi_load *L, const model_spec *ms,
                                const station_spec *s, az_model *m)
{
    const maint_spec *p = s->maint;
    az_maintenance spec = {(az_maintenance_clock)p->clock, p->every,
                           p->cycles, &p->duration, p->finish_unit};
    az_error e;
    az_status rc = azi_names_api(L, s->maint_node,
                                 az_model_set_maintenance(m, s->idx, &spec,
                                                          &e), &e);
    if (!rc && p->pool >= 0)
        rc = azi_names_api(L, p->op, az_model_set_operator(
                                        m, s->idx, AZ_ACT_MAINTAIN,
                                        ms->pool[p->pool].idx, &e), &e);
    return rc;
}
