/*
 * test_output.c: the JSON results file: structure, exact numbers (read
 * back bit for bit), null where a value does not exist, and no file left
 * behind when writing fails.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "output_fixture.h"

static json_t *load_json(const char *path)
{
    json_error_t jerr;
    json_t *root = json_load_file(path, 0, &jerr);
    if (!root)
        fail_msg("%s:%d: %s", path, jerr.line, jerr.text);
    return root;
}

static void check_stat(json_t *st, const az_summary *s, size_t i, double k)
{
    assert_non_null(st);
    double m = json_real_value(json_object_get(st, "mean"));
    double want = az_summary_mean(s, i) * k;
    assert_memory_equal(&m, &want, sizeof m); /* exact round trip */
    json_t *ci = json_object_get(st, "ci95");
    assert_true(json_is_array(ci));
    double h = az_summary_halfwidth_at(s, i, 0.95) * k;
    assert_true(fabs(json_real_value(json_array_get(ci, 0)) - (want - h)) <=
                1e-12 * fabs(want) + 1e-300);
    assert_true(fabs(json_real_value(json_array_get(ci, 1)) - (want + h)) <=
                1e-12 * fabs(want) + 1e-300);
    assert_int_equal(json_integer_value(json_object_get(st, "n")),
                     az_summary_replications(s));
}

static void test_json_structure_and_numbers(void **state)
{
    (void)state;
    az_model *m = fx_model();
    az_summary *s = fx_run(m, 5, 3);
    char path[] = "/tmp/azalea-test-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    az_output_meta meta = {"models/tiny.yaml", 1.5, NULL, NULL};
    assert_int_equal(az_output_json(path, m, s, &meta, NULL), AZ_OK);
    json_t *root = load_json(path);

    assert_string_equal(json_string_value(json_object_get(root, "azalea_version")),
                        "0.1.0");
    json_t *model = json_object_get(root, "model");
    assert_string_equal(json_string_value(json_object_get(model, "name")),
                        "tiny \"quoted\" line");
    assert_string_equal(json_string_value(json_object_get(model, "file")),
                        "models/tiny.yaml");
    assert_string_equal(json_string_value(json_object_get(model, "time_unit")),
                        "min");
    json_t *r = json_object_get(root, "run");
    assert_int_equal(json_integer_value(json_object_get(r, "seed")), 3);
    assert_int_equal(json_integer_value(json_object_get(r, "replications")), 5);
    assert_true(json_real_value(json_object_get(r, "horizon")) == 2000);
    assert_true(json_real_value(json_object_get(r, "warmup")) == 100);

    json_t *sys = json_object_get(root, "system");
    size_t i = az_summary_metric_index(s, AZ_SCOPE_SYSTEM, 0, AZ_M_THROUGHPUT);
    check_stat(json_object_get(sys, "throughput"), s, i, 1);
    check_stat(json_object_get(sys, "throughput_per_hour"), s, i, 60);
    check_stat(json_object_get(sys, "throughput_per_year"), s, i, 365 * 24 * 60);
    i = az_summary_metric_index(s, AZ_SCOPE_SYSTEM, 0, AZ_M_WIP);
    check_stat(json_object_get(sys, "wip"), s, i, 1);

    json_t *prods = json_object_get(root, "products");
    assert_int_equal(json_array_size(prods), 1);
    json_t *p0 = json_array_get(prods, 0);
    assert_string_equal(json_string_value(json_object_get(p0, "family")), "F");
    i = az_summary_metric_index(s, AZ_SCOPE_PRODUCT, 0, AZ_M_LEAD_P90);
    check_stat(json_object_get(p0, "lead_time_p90"), s, i, 1);

    json_t *sts = json_object_get(root, "stations");
    assert_int_equal(json_array_size(sts), 2);
    assert_true(json_is_null(json_object_get(json_array_get(sts, 0), "buffer")));
    assert_int_equal(json_integer_value(
                         json_object_get(json_array_get(sts, 1), "buffer")), 4);
    assert_int_equal(json_integer_value(
                         json_object_get(json_array_get(sts, 1), "machines")), 2);
    i = az_summary_metric_index(s, AZ_SCOPE_STATION, 1, AZ_M_UTIL);
    check_stat(json_object_get(json_array_get(sts, 1), "utilisation"), s, i, 1);

    json_t *timing = json_object_get(root, "timing");
    assert_true(json_real_value(json_object_get(timing, "wall_seconds")) == 1.5);
    assert_int_equal(json_integer_value(json_object_get(timing, "events")),
                     (json_int_t)az_summary_events(s));
    json_decref(root);
    remove(path);
    az_summary_free(s);
    az_model_free(m);
}

/* One replication has no CI: ci95 is null, never a made-up number. */
static void test_json_single_replication(void **state)
{
    (void)state;
    az_model *m = fx_model();
    az_summary *s = fx_run(m, 1, 3);
    char path[] = "/tmp/azalea-test-XXXXXX";
    int fd = mkstemp(path);
    close(fd);
    assert_int_equal(az_output_json(path, m, s, NULL, NULL), AZ_OK);
    json_t *root = load_json(path);
    json_t *tp = json_object_get(json_object_get(root, "system"), "throughput");
    assert_true(json_is_null(json_object_get(tp, "ci95")));
    assert_true(json_is_null(json_object_get(json_object_get(root, "model"),
                                             "file")));
    assert_null(json_object_get(json_object_get(root, "timing"),
                                "wall_seconds"));
    json_decref(root);
    remove(path);
    az_summary_free(s);
    az_model_free(m);
}

static void test_json_unwritable_leaves_nothing(void **state)
{
    (void)state;
    az_model *m = fx_model();
    az_summary *s = fx_run(m, 2, 3);
    az_error err;
    assert_int_equal(az_output_json("/nonexistent-dir/out.json", m, s, NULL,
                                    &err), AZ_EIO);
    assert_string_equal(err.msg, "/nonexistent-dir/out.json: No such file "
                                 "or directory");
    assert_int_equal(access("/nonexistent-dir/out.json", F_OK), -1);
    az_summary_free(s);
    az_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_json_structure_and_numbers),
        cmocka_unit_test(test_json_single_replication),
        cmocka_unit_test(test_json_unwritable_leaves_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
