/*
 * optimize.h: `azalea optimize`: the best combination of machines, buffer
 * places, people and other model values for a budget, or the cheapest
 * that reaches a throughput target, as the model file's `optimize:`
 * section states the problem (docs/model-format.md) and
 * docs/statistics.md ("Optimisation") the method and its guarantee.
 *
 * The model keeps the problem and its decisions (az_model_free frees
 * them); az_optimize solves it: a local search over the decisions'
 * values, each configuration screened with few replications paired by
 * common random numbers, then the best of them confirmed at full length
 * and the winner named by KN (whatif.h), with its probability.
 */
#ifndef AZALEA_OPTIMIZE_H
#define AZALEA_OPTIMIZE_H

#include <stddef.h>
#include <stdint.h>

#include "azalea/error.h"
#include "azalea/model.h"
#include "azalea/whatif.h"

typedef enum az_opt_objective {
    AZ_OPT_MAX_THROUGHPUT, /* most throughput for cost <= budget */
    AZ_OPT_MIN_COST        /* least cost for throughput >= target */
} az_opt_objective;

/* The problem. Limits that are not set are INFINITY. */
typedef struct az_opt_problem {
    az_opt_objective objective;
    double budget;        /* AZ_OPT_MAX_THROUGHPUT: what may be spent */
    double target;        /* AZ_OPT_MIN_COST: units per hour at least */
    double max_lead_time; /* mean lead time at most, model time units */
    double max_wip;       /* mean WIP at most, units */
    uint32_t evaluations; /* configurations the search may screen (200) */
    uint32_t screen_reps; /* replications of a screening (3) */
    double screen_horizon; /* model time units; 0: the run's horizon */
    double delta;         /* the final selection's zone, units/h (0.5) */
    double pcs;           /* its probability of correct selection (0.95) */
    int line, col;        /* where the model file states it (0: not) */
} az_opt_problem;

/* The defaults above (objective AZ_OPT_MAX_THROUGHPUT, no limits). */
az_opt_problem az_opt_problem_defaults(void);

/* One decision: a model path (as --set) and the values it may take, in
 * order, each with what it costs against today's line. A NULL value is
 * the model as it is (no change, cost 0). */
typedef struct az_decision {
    const char *path;
    const char *const *values;
    const double *costs;
    size_t n;   /* >= 2 */
    size_t today; /* the index of today's value (the search starts there) */
    int line, col;
} az_decision;

/* The model's problem: 1 and *p filled if it has one, else 0. */
int az_model_optimize(const az_model *m, az_opt_problem *p);
/* Sets it (copied). AZ_EINVAL for a bad value (a budget < 0, a target
 * <= 0, a pcs outside (0.5, 1), a delta <= 0, no evaluations). */
az_status az_model_set_optimize(az_model *m, const az_opt_problem *p,
                                az_error *err);
/* Adds a decision (copied). AZ_EINVAL: no path, fewer than 2 values, a
 * cost < 0 or not finite, today out of range, the path twice. */
az_status az_model_add_decision(az_model *m, const az_decision *d,
                                az_error *err);
size_t az_model_decision_count(const az_model *m);
/* Decision i < az_model_decision_count(m); its strings are the model's. */
az_decision az_model_decision(const az_model *m, size_t i);

/* One configuration the search screened. */
typedef struct az_opt_eval {
    const char *changes; /* "path=value; ..." against today's line, or "" */
    double cost;
    double fig[AZ_WI_NFIG]; /* the screening's means: units/h, lead, WIP */
    int feasible;        /* within the budget (or reaching the target) and
                          * the limits, by the screening */
    int pareto;          /* on the cost/throughput front of those screened */
} az_opt_eval;

/* How the search went. */
typedef struct az_opt_info {
    size_t evaluated;        /* configurations screened */
    uint64_t replications;   /* replications run, screening and final */
    const char *stopped;     /* "converged" or "evaluations" */
    size_t best;             /* the choice: 0 today's line, else 1 + its
                              * index in az_whatif_runs */
    double best_cost;
    az_opt_problem problem;  /* as solved, defaults filled */
} az_opt_info;

/* Solves the model's problem (src's model must have one, and at least one
 * decision). The result is a what-if of kind "optimize" whose base is
 * today's line and whose runs are the configurations confirmed at full
 * length (cfg), each paired with the base, with a selection
 * (az_whatif_selection) among the feasible ones naming the choice. cfg's
 * replications are the confirmation's first stage. Failures: AZ_EINVAL
 * for a problem that cannot be solved as stated (a budget below every
 * change, a target out of reach of the largest line allowed: err says
 * which, with the figure), else as az_compare's. */
az_status az_optimize(const az_whatif_source *src,
                      const az_experiment_config *cfg,
                      const az_whatif_options *opt, az_whatif **out,
                      az_error *err);
/* Appends optimisation w to the results database at path as
 * az_output_sqlite_whatif appends a what-if (kind "optimize": today's line
 * and the confirmed configurations as runs linked to it), with every
 * configuration screened in `optimization_evaluations`; all in one
 * transaction. *id (may be NULL) gets its comparison_id. AZ_EINVAL if w
 * is not an optimisation; else as az_output_sqlite. */
az_status az_output_sqlite_optimize(const char *path, const az_whatif *w,
                                    int64_t *id, az_error *err);

/* The configurations screened, in the order screened. */
const az_opt_eval *az_whatif_evaluations(const az_whatif *w, size_t *n);
/* The search's figures; 0 if w is not an optimisation. */
int az_whatif_optimize_info(const az_whatif *w, az_opt_info *info);

#endif
