/*
 * test_rng_u01.c: azi_rng_u01 (rng_impl.h) turns a word into a uniform in
 * (0, 1) by its own arithmetic, and must give Random123's
 * u01fixedpt_open_open_64_double bit for bit: every uniform and every
 * exponential draw of a model goes through it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include <Random123/u01fixedpt.h>

#include "rng_impl.h"

static uint64_t bits(double x)
{
    uint64_t u;
    memcpy(&u, &x, sizeof u);
    return u;
}

static void check(uint64_t w)
{
    assert_true(bits(azi_rng_u01(w)) ==
                bits(u01fixedpt_open_open_64_double(w)));
}

/* The ends of the range and the bits around the ones the formula drops. */
static void test_edges(void **state)
{
    (void)state;
    for (int b = 0; b < 64; b++) {
        uint64_t one = UINT64_C(1) << b;
        check(one);
        check(one - 1);
        check(~one);
        check(~(one - 1));
    }
    check(0);
    check(UINT64_MAX);
    assert_true(azi_rng_u01(0) > 0 && azi_rng_u01(UINT64_MAX) < 1);
}

/* Words of a real stream. */
static void test_stream(void **state)
{
    (void)state;
    az_rng r;
    az_rng_init(&r, 3, 1, az_rng_stream_id("u01"));
    for (int i = 0; i < 1000000; i++)
        check(azi_rng_u64(&r));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_edges),
        cmocka_unit_test(test_stream),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
