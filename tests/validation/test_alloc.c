/*
 * test_alloc.c: no heap allocation on the event path. This binary replaces
 * malloc, calloc and realloc with counting wrappers around glibc's
 * __libc_* functions (so it is built without sanitizers, which interpose
 * their own), runs one replication to warm the pools up, and then counts
 * allocations over a long second replication: there must be none.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "azalea/sim.h"

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);

static volatile uint64_t nalloc;

void *malloc(size_t n)
{
    nalloc++;
    return __libc_malloc(n);
}
void *calloc(size_t n, size_t k)
{
    nalloc++;
    return __libc_calloc(n, k);
}
void *realloc(void *p, size_t n)
{
    nalloc++;
    return __libc_realloc(p, n);
}

static void test_no_allocation_after_warmup(void **state)
{
    (void)state;
    az_model *m;
    az_dist ia, svc;
    uint32_t a, b, p, src, s1;
    assert_int_equal(az_model_create("line", &m, NULL), AZ_OK);
    assert_int_equal(az_dist_exponential(&ia, 1.0, NULL), AZ_OK);
    assert_int_equal(az_dist_lognormal(&svc, 0.8, 0.5, NULL), AZ_OK);
    assert_int_equal(az_model_add_station(m, "a", 1, &svc, &a, NULL), AZ_OK);
    assert_int_equal(az_model_add_station(m, "b", 2, &svc, &b, NULL), AZ_OK);
    assert_int_equal(az_model_add_product(m, "p", &p, NULL), AZ_OK);
    assert_int_equal(az_model_add_step(m, p, a, NULL, NULL), AZ_OK);
    assert_int_equal(az_model_add_step(m, p, b, &s1, NULL), AZ_OK);
    assert_int_equal(az_model_add_branch(m, p, s1, 0, 0.05, NULL), AZ_OK);
    assert_int_equal(az_model_add_branch(m, p, s1, AZ_EXIT, 0.95, NULL), AZ_OK);
    assert_int_equal(az_model_add_source(m, "in", &ia, &src, NULL), AZ_OK);
    assert_int_equal(az_model_source_add_product(m, src, p, 1, NULL), AZ_OK);
    az_sim *s;
    assert_int_equal(az_sim_create(m, &s, NULL), AZ_OK);

    az_run_config warm = {2e5, 1e3, 1, 0, NULL};
    assert_int_equal(az_sim_run(s, &warm, NULL), AZ_OK);
    uint64_t before = nalloc;
    az_run_config cfg = {1e6, 1e3, 1, 1, NULL};
    assert_int_equal(az_sim_run(s, &cfg, NULL), AZ_OK);
    uint64_t events = az_sim_events(s);
    print_message("  %llu events, %llu allocations\n",
                  (unsigned long long)events,
                  (unsigned long long)(nalloc - before));
    assert_true(events > 2000000);
    assert_int_equal(nalloc - before, 0);

    /* The counter does count: creating a sim allocates. */
    az_sim *s2;
    before = nalloc;
    assert_int_equal(az_sim_create(m, &s2, NULL), AZ_OK);
    assert_true(nalloc > before);
    az_sim_free(s2);
    az_sim_free(s);
    az_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_allocation_after_warmup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
