/*
 * test_schema.c: the model file's JSON Schema (az_model_schema, load.h)
 * against what the loader does: each default the schema states is what a
 * model that leaves the key out gets, so the two cannot drift. The
 * schema's validation of the example and test models is
 * tests/schema/test_schema.py's.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "azalea/experiment.h"
#include "azalea/load.h"
#include "model_impl.h" /* a station's machines and failure clock */
#include "util/alloc.h" /* azi_alloc_fail_from */

/* A model that leaves every optional key out. */
static const char MINIMAL[] =
    "name: m\n"
    "products: [{name: p}]\n"
    "release: {interarrival: 1 min}\n"
    "stations:\n"
    "  a:\n"
    "    process: 30 s\n"
    "    failures: {between: 8 h, repair: 5 min}\n"
    "routes: {default: [a]}\n";

static json_t *schema(void)
{
    char *text = NULL;
    az_error e;
    assert_int_equal(az_model_schema(&text, &e), AZ_OK);
    json_error_t je;
    json_t *s = json_loads(text, 0, &je);
    free(text);
    assert_non_null(s);
    return s;
}

/* The default of the key at the path of property names under
 * properties/definitions (NULL-ended), or NULL. */
static json_t *def_at(json_t *s, const char *first, ...)
{
    va_list ap;
    json_t *o = json_object_get(json_object_get(s, "properties"), first);
    if (!o)
        o = json_object_get(json_object_get(s, "definitions"), first);
    va_start(ap, first);
    for (const char *k; (k = va_arg(ap, const char *));)
        o = json_object_get(json_object_get(o, "properties"), k);
    va_end(ap);
    return json_object_get(o, "default");
}

static double seconds(json_t *v)
{
    double x = -1;
    assert_true(json_is_string(v));
    assert_int_equal(az_parse_duration(json_string_value(v), &x, NULL),
                     AZ_OK);
    return x;
}

static void test_run_defaults(void **state)
{
    (void)state;
    az_model *m = NULL;
    az_experiment_config c;
    az_error e;
    json_t *s = schema();
    assert_int_equal(az_model_load_string(MINIMAL, strlen(MINIMAL), NULL,
                                          NULL, &m, &c, &e), AZ_OK);
    /* time_unit s: model times are seconds. */
    assert_string_equal(json_string_value(def_at(s, "time_unit", NULL)),
                        "s");
    assert_true(az_model_time_unit_seconds(m) == 1);
    assert_true(c.horizon == seconds(def_at(s, "run", "horizon", NULL)));
    assert_true(c.warmup == seconds(def_at(s, "run", "warmup", NULL)));
    assert_int_equal(c.replications,
                     json_integer_value(def_at(s, "run", "replications",
                                               NULL)));
    assert_int_equal(c.seed,
                     json_integer_value(def_at(s, "run", "seed", NULL)));
    assert_true(c.level ==
                json_real_value(def_at(s, "run", "confidence", NULL)));
    json_decref(s);
    az_model_free(m);
}

static void test_station_defaults(void **state)
{
    (void)state;
    az_model *m = NULL;
    az_error e;
    json_t *s = schema();
    assert_int_equal(az_model_load_string(MINIMAL, strlen(MINIMAL), NULL,
                                          NULL, &m, NULL, &e), AZ_OK);
    assert_int_equal(m->station[0].machines,
                     json_integer_value(def_at(s, "station", "machines",
                                               NULL)));
    /* The first word of a choice is its default: the zero the loader's
     * zeroed specs hold. */
    assert_int_equal(m->station[0].dispatch, AZ_DISPATCH_FIFO);
    assert_string_equal(json_string_value(def_at(s, "station", "dispatch",
                                                 NULL)), "fifo");
    assert_int_equal(m->station[0].fail_clock, AZ_FAIL_OPERATING);
    assert_string_equal(json_string_value(def_at(s, "station", "failures",
                                                 "clock", NULL)),
                        "operating");
    assert_int_equal(AZ_MAINT_OPERATING, 0);
    assert_string_equal(json_string_value(def_at(s, "station",
                                                 "maintenance", "clock",
                                                 NULL)), "operating");
    assert_int_equal(AZ_OFF_FINISH, 0);
    assert_string_equal(json_string_value(def_at(s, "shifts", "off_shift",
                                                 NULL)), "finish");
    json_decref(s);
    az_model_free(m);
}

/* A schema without a key the loader knows would be wrong: every top-level
 * key of the loader is in it, and no other is allowed. */
static void test_closed(void **state)
{
    (void)state;
    json_t *s = schema();
    assert_true(json_is_false(json_object_get(s, "additionalProperties")));
    assert_non_null(json_object_get(json_object_get(s, "properties"),
                                     "stations"));
    assert_non_null(json_object_get(json_object_get(s, "definitions"),
                                    "distribution"));
    json_decref(s);
}

static void test_errors(void **state)
{
    (void)state;
    char *text = (char *)"x";
    az_error e;
    assert_int_equal(az_model_schema(NULL, &e), AZ_EINVAL);
    azi_alloc_fail_from(1);
    assert_int_equal(az_model_schema(&text, &e), AZ_ENOMEM);
    azi_alloc_fail_from(0);
    assert_null(text);
    assert_non_null(strstr(e.msg, "out of memory"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_run_defaults),
        cmocka_unit_test(test_station_defaults),
        cmocka_unit_test(test_closed),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
