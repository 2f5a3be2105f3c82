/*
 * operators.c: the `operators` section of a model file: operator pools,
 * their sizes, and their sizes by shift. Prefix azi_operators_.
 *
 * Pass 1 enters each pool's name in the shared namespace (names.c) and
 * reads its size; pass 2 resolves the shift names of `by_shift` against
 * the shifts (which need not be read first in the file, only in the
 * passes: shift.c reads them in pass 1); pass 3 gives each of the model's
 * shifts its size; a pool's `calendar` (its own hours) is resolved in
 * pass 2 and set with the calendars (shift.c). Which stations call on a pool is the stations'
 * business (station.c resolves their pool names). Calls names.c, value.c
 * and the document layers; no other section.
 */
#include "load/sections.h"

#include <stdio.h>
#include <string.h>

/* An empty or null `by_shift` is none (resolve_pool_shifts). */
static const azi_load_type T_BY_SHIFT = {.kind = AZI_T_MAP,
    .flags = AZI_T_NULL, .item = &azi_type_u32_min0};

static const azi_load_field POOL_FIELDS[] = {
    AZI_FIELD("size", u32_min1, OFF(pool_spec, size), 1, NULL,
              "people in the pool"),
    AZI_NODE("by_shift", OFF(pool_spec, by_shift), 0, &T_BY_SHIFT, NULL,
             "people in the pool during that shift, instead of `size`"),
    AZI_NODE("calendar", OFF(pool_spec, cal_node), 0, &azi_type_name, NULL,
             "the pool's own hours: `size` people inside them, nobody "
             "outside (see [Calendars of their "
             "own](#calendars-of-their-own))"),
};
static const azi_load_type T_POOL = {.kind = AZI_T_OBJECT,
    .fields = POOL_FIELDS, .nfields = NFIELDS(POOL_FIELDS), .ref = "pool",
    .doc = "an operator pool: people that stations call on"};
const azi_load_type azi_operators_type = {.kind = AZI_T_MAP,
    .flags = AZI_T_NULL, .item = &T_POOL};

void azi_operators_read(azi_load *L, model_spec *ms)
{
    const azi_load_node *map = ms->top.operators;
    char what[96];
    if (!(ms->pool = azi_fields_map(L, map, "pool names to pools like "
                                    "{size: 2}", NULL, sizeof *ms->pool,
                                    &ms->npool)))
        return;
    for (size_t i = 0; i < map->n; i++) {
        pool_spec *p = &ms->pool[i];
        azi_load_seen seen;
        p->key = map->pair[i].key;
        p->val = map->pair[i].val;
        p->cal = -1;
        if (azi_value_name(L, p->key, &p->name)) {
            azi_names_add(L, ms, "pool", p->name, p->key->loc);
            azi_names_put(L, &ms->pools, p->name, (long)i);
        }
        azi_names_naming("pool", p->key->text, what, sizeof what);
        azi_fields_read(L, map->pair[i].val, POOL_FIELDS,
                        NFIELDS(POOL_FIELDS), p, what, 0, &seen);
        p->ok = p->name && (seen.valid & BIT(0));
    }
}

/* A pool's sizes by shift: names resolved against the shifts' names (pass
 * 2, once the shifts are read). An empty mapping is none. */
static void resolve_pool_shifts(azi_load *L, const model_spec *ms,
                                pool_spec *p)
{
    const azi_load_node *v = p->by_shift;
    const shifts_spec *sh = &ms->shifts;
    char what[128], q[80];
    if (!(p->bs = azi_fields_map(L, v, "shift names to sizes like "
                                 "{night: 1}", NULL, sizeof *p->bs, &p->nbs)))
        return;
    snprintf(what, sizeof what, "'by_shift' of pool %s",
             azi_names_quoted(p->key->text, q, sizeof q));
    /* Without shifts the line works round the clock, at the base size
     * (calendars of their own alone are no shifts of the line). */
    int shifts = ms->top.shifts && !azi_yaml_is_null(ms->top.shifts) &&
                 (sh->pattern || !sh->calendars);
    if (!shifts)
        azi_load_report(L, azi_names_key_of(p->val, "by_shift")->loc,
                        "'by_shift' needs 'shifts': without shifts the line "
                        "works round the clock with the pool's 'size'");
    for (size_t i = 0; i < v->n; i++) {
        pool_shift *b = &p->bs[i];
        b->key = v->pair[i].key;
        b->shift = -1;
        azi_value_u32_min0(L, v->pair[i].val, &b->size);
        if (shifts && sh->shift && sh->names_ok)
            b->shift = azi_names_resolve(L, &sh->names, b->key, "shift", what,
                                         &sh->shift[0].name, sizeof *sh->shift,
                                         sh->nshift);
    }
}

void azi_operators_resolve(azi_load *L, model_spec *ms)
{
    char what[96], q[80];
    for (size_t i = 0; i < ms->npool; i++) {
        pool_spec *p = &ms->pool[i];
        if (p->cal_node) { /* built with the calendars (shift.c) */
            azi_names_naming("pool", p->key->text, what, sizeof what);
            p->cal = azi_names_resolve(
                L, &ms->shifts.cal_names, p->cal_node, "calendar", what,
                ms->shifts.ncal ? &ms->shifts.cal[0].name : NULL,
                sizeof *ms->shifts.cal, ms->shifts.ncal);
            if (p->by_shift) {
                azi_load_report(L, azi_names_key_of(p->val, "by_shift")->loc,
                                "'by_shift' gives sizes by the line's shifts, "
                                "but pool %s follows its own calendar (its "
                                "size inside it, nobody outside): give "
                                "'calendar' or 'by_shift'",
                                azi_names_quoted(p->key->text, q, sizeof q));
                continue;
            }
        }
        resolve_pool_shifts(L, ms, p);
    }
}

/* A shift of the file may be more than one of the model's (a 24-hour
 * shift is two): each gets the size. */
az_status azi_operators_build_shifts(azi_load *L, const model_spec *ms,
                                     az_model *m)
{
    az_error e;
    az_status rc = AZ_OK;
    for (size_t i = 0; i < ms->npool && !rc; i++) {
        const pool_spec *p = &ms->pool[i];
        for (size_t k = 0; k < p->nbs && !rc; k++) {
            const shift_spec *sh = &ms->shifts.shift[p->bs[k].shift];
            for (uint32_t j = 0; j < sh->count && !rc; j++)
                rc = azi_names_api(L, p->bs[k].key,
                                   az_model_set_pool_shift_size(
                                       m, p->idx, sh->first + j,
                                       p->bs[k].size, &e), &e);
        }
    }
    return rc;
}
