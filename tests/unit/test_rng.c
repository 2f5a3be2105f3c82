/*
 * test_rng.c: the random streams' numbers are part of every result, so the
 * fast paths in rng_impl.h and dist_impl.h must give exactly the numbers of
 * the plain definitions: known answers for the raw words, and the logarithm
 * lookahead (rng_impl.h) against log(azi_rng_uniform) under any mix of draws.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "azalea/dist.h"
#include "azalea/rng.h"
#include "dist_impl.h"
#include "rng_impl.h"

static uint64_t bits(double x)
{
    uint64_t u;
    memcpy(&u, &x, sizeof u);
    return u;
}

/* Words of one stream and substream, as released before the lookahead: a
 * change of the generator or of the counter layout shows here first. */
static void test_known_answers(void **state)
{
    (void)state;
    static const uint64_t want[] = {
        UINT64_C(0xe3a7e556e421833c), UINT64_C(0x65f70f8fe033ae58),
        UINT64_C(0x1f6618e76b64e27f), UINT64_C(0x254d0816e79759d5),
        UINT64_C(0xae4a058a5bd4c462), UINT64_C(0x21e90119e27482a4),
        UINT64_C(0x6965e793bb40a902), UINT64_C(0xd1ae4e589953900b)};
    az_rng r;
    az_rng_init(&r, 42, 3, az_rng_stream_id("station/press"));
    for (int i = 0; i < 6; i++)
        assert_true(az_rng_u64(&r) == want[i]);
    az_rng_substream(&r, 7);
    for (int i = 6; i < 8; i++)
        assert_true(az_rng_u64(&r) == want[i]);
}

/* A long run of log draws, across many blocks of 4 words. */
static void test_log_lookahead_run(void **state)
{
    (void)state;
    az_rng a, b;
    az_rng_init(&a, 9, 1, 77);
    b = a;
    for (int i = 0; i < 100000; i++)
        assert_true(bits(azi_rng_log_uniform(&a)) ==
                    bits(log(azi_rng_uniform(&b))));
}

/* Every kind of draw, substreams and copies, in a random order: the stream
 * with the lookahead must give what the plain one gives, word for word. */
static void test_log_lookahead_mixed(void **state)
{
    (void)state;
    az_rng pick, a, b;
    az_rng_init(&pick, 1, 0, 0);
    az_rng_init(&a, 5, 2, az_rng_stream_id("mixed"));
    b = a;
    for (int i = 0; i < 200000; i++) {
        switch (az_rng_u64(&pick) % 8) {
        case 0:
            assert_true(az_rng_u64(&a) == az_rng_u64(&b));
            break;
        case 1:
            assert_true(bits(az_rng_uniform(&a)) ==
                        bits(az_rng_uniform(&b)));
            break;
        case 2:
            assert_true(azi_rng_u64(&a) == azi_rng_u64(&b));
            break;
        case 3: {
            uint64_t k = az_rng_u64(&pick) % 4;
            az_rng_substream(&a, k);
            az_rng_substream(&b, k);
            break;
        }
        case 4: { /* a copy carries its lookahead along */
            az_rng c = a;
            assert_true(bits(azi_rng_log_uniform(&c)) ==
                        bits(log(azi_rng_uniform(&b))));
            a = c;
            break;
        }
        default:
            assert_true(bits(azi_rng_log_uniform(&a)) ==
                        bits(log(azi_rng_uniform(&b))));
        }
    }
}

/* The engine's inline exponential is az_dist_sample's, bit for bit, also
 * when draws of other kinds share the stream. */
static void test_inline_exponential(void **state)
{
    (void)state;
    az_dist e, u;
    assert_int_equal(az_dist_exponential(&e, 2.5, NULL), AZ_OK);
    assert_int_equal(az_dist_uniform(&u, 1.0, 3.0, NULL), AZ_OK);
    az_rng a, b;
    az_rng_init(&a, 11, 0, 3);
    b = a;
    for (int i = 0; i < 50000; i++) {
        const az_dist *d = i % 7 == 3 ? &u : &e;
        assert_true(bits(azi_dist_sample(d, &a)) ==
                    bits(az_dist_sample(d, &b)));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_known_answers),
        cmocka_unit_test(test_log_lookahead_run),
        cmocka_unit_test(test_log_lookahead_mixed),
        cmocka_unit_test(test_inline_exponential),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
