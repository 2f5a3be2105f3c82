/*
 * improve.h: what `azalea improve` may try besides its built-in changes
 * (+1 machine, bigger buffers, +1 person), and what changes cost, as the
 * model file's `improve:` section says (docs/model-format.md). The library
 * only keeps these; the CLI runs them.
 *
 * The setters fail with AZ_EINVAL (a cost < 0 other than -1, NaN, or no
 * such station) or AZ_ENOMEM, leaving the model as it was. What the model
 * keeps here is freed by az_model_free.
 */
#ifndef AZALEA_IMPROVE_H
#define AZALEA_IMPROVE_H

#include <stddef.h>
#include <stdint.h>

#include "azalea/error.h"
#include "azalea/model.h"

/* Costs of the built-in changes, in the model's currency; < 0: unknown. */
typedef struct az_improve_costs {
    double machine;      /* one more machine at any station */
    double buffer_place; /* one more place in a finite buffer */
    double person;       /* one more person in an operator pool */
} az_improve_costs;

/* One candidate change. Strings belong to the model. */
typedef struct az_candidate {
    const char *name;          /* shown in the ranking */
    const char *const *sets;   /* "path=value" overrides, as --set */
    size_t nset;               /* >= 1 */
    double cost;               /* < 0: unknown */
    int line, col;             /* where the model file states it (0: not) */
} az_candidate;

/* The built-in changes' costs: all unknown (-1) unless set. Setting them
 * replaces all three. */
az_improve_costs az_model_improve_costs(const az_model *m);
az_status az_model_set_improve_costs(az_model *m, az_improve_costs c,
                                     az_error *err);
/* The cost of +1 machine at station i: the station's own if set, else the
 * default machine cost. */
double az_model_machine_cost(const az_model *m, uint32_t station);
/* AZ_EINVAL for a cost < 0 that is not -1 (unknown) or a bad station. */
az_status az_model_set_machine_cost(az_model *m, uint32_t station,
                                    double cost, az_error *err);

/* Adds a candidate; name, sets and their strings are copied (the caller
 * keeps its own). AZ_EINVAL without a name or a set, or for a cost < 0
 * other than -1. */
az_status az_model_add_candidate(az_model *m, const char *name,
                                 const char *const *sets, size_t nset,
                                 double cost, int line, int col,
                                 az_error *err);
size_t az_model_candidate_count(const az_model *m);
/* Candidate i < az_model_candidate_count(m) (any other i is undefined).
 * Its strings are the model's: valid until az_model_free(m). */
az_candidate az_model_candidate(const az_model *m, size_t i);

#endif
