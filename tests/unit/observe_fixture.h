/*
 * observe_fixture.h: what the observer tests share (test_observe.c,
 * test_observe_places.c): a model loaded from its file and a run's metric
 * read by its scope, object and kind. Include after <cmocka.h>.
 */
#ifndef AZALEA_TEST_OBSERVE_FIXTURE_H
#define AZALEA_TEST_OBSERVE_FIXTURE_H

#include <stddef.h>
#include <stdint.h>

#include "azalea/load.h"
#include "azalea/sim.h"

/* The model at path and its run settings; fails the test if it does not
 * load. */
static inline az_model *load(const char *path, az_experiment_config *run)
{
    az_model *m = NULL;
    az_error err;
    az_load_options opt = {NULL, 0, NULL, NULL, NULL};
    if (az_model_load_file(path, &opt, &m, run, &err))
        fail_msg("%s: %s", path, err.msg);
    return m;
}

/* The metric (sc, o, kind) of s's last run; it must be in the layout. */
static inline double metric(const az_sim *s, az_scope sc, uint32_t o,
                            az_metric_kind kind)
{
    size_t i = az_sim_metric_index(s, sc, o, kind);
    assert_true(i != (size_t)-1);
    return az_sim_results(s)[i];
}

#endif
