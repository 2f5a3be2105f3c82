/*
 * test_rng.c: the random streams' numbers are part of every result, so the
 * fast paths in rng_impl.h and dist_impl.h must give exactly the numbers of
 * the plain definitions: known answers for the raw words and for the
 * ziggurat's exponentials, its tables recomputed, its rare paths counted,
 * and the engine's inline exponential against az_dist_sample's.
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
#include "zig.h"

static uint64_t bits(double x)
{
    uint64_t u;
    memcpy(&u, &x, sizeof u);
    return u;
}

/* Words of one stream and substream, as first released: a
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

/* Marsaglia and Tsang's set-up of a 256-layer ziggurat over the
 * decreasing density f (finv its inverse) with the tail from r, layers of
 * area v and m positions a layer, and the shipped tables k, w, fx
 * compared with it entry for entry and bit for bit. */
static void check_setup(double r, double v, double m, double (*f)(double),
                        double (*finv)(double), const uint64_t *k,
                        const double *w, const double *fx)
{
    uint64_t kk[256];
    double ww[256], ff[256];
    double d = r, t = d, q = v / f(d);
    kk[0] = (uint64_t)((d / q) * m);
    kk[1] = 0;
    ww[0] = q / m;
    ww[255] = d / m;
    ff[0] = 1.0;
    ff[255] = f(d);
    for (int i = 254; i >= 1; i--) {
        d = finv(v / d + f(d));
        kk[i + 1] = (uint64_t)((d / t) * m);
        t = d;
        ff[i] = f(d);
        ww[i] = d / m;
    }
    for (int i = 0; i < 256; i++) {
        assert_true(k[i] == kk[i]);
        assert_true(bits(w[i]) == bits(ww[i]));
        assert_true(bits(fx[i]) == bits(ff[i]));
    }
}

static double f_exp(double x) { return exp(-x); }
static double finv_exp(double y) { return -log(y); }
static double f_norm(double x) { return exp(-0.5 * x * x); }
static double finv_norm(double y) { return sqrt(-2 * log(y)); }

/* The ziggurat's tables are what Marsaglia and Tsang's set-up computes
 * (zig.c), entry for entry and bit for bit. */
static void test_zig_tables(void **state)
{
    (void)state;
    const double m = 0x1p56, ve = 3.949659822581572e-3;
    check_setup(AZI_ZIG_R, ve, m, f_exp, finv_exp, azi_zig_ke, azi_zig_we,
                azi_zig_fe);
    /* the layers: equal areas v, x_1 near 0 (the top strip) */
    for (int i = 1; i < 255; i++) {
        double x = azi_zig_we[i] * m, xn = azi_zig_we[i + 1] * m;
        assert_true(fabs(xn * (exp(-x) - exp(-xn)) - ve) < 1e-12);
    }
    assert_true(azi_zig_we[1] * m < 0.07);
    /* the base layer's sure part ends where the tail begins */
    assert_true(fabs((double)azi_zig_ke[0] * azi_zig_we[0] - AZI_ZIG_R) <
                1e-14);
}

/* The first exponential draws of one stream, as released with the
 * ziggurat: a change of the sampler, which changes every result, must show
 * here and be made on purpose (docs/performance.md). */
static void test_zig_known_answers(void **state)
{
    (void)state;
    static const uint64_t want[] = {
        UINT64_C(0x3fe9d0329e0c0938), /* 0.80666476124341724 */
        UINT64_C(0x3fdec8f85c6d5d94), /* 0.48101624513716357 */
        UINT64_C(0x3fca07080cb581a7), /* 0.20333958263928517 */
        UINT64_C(0x3fde10b59c073f0f), /* 0.46976986157550099 */
        UINT64_C(0x3fecb5aaab09606c), /* 0.89717610745993914 */
        UINT64_C(0x3fd26f19ad64853c), /* 0.2880310242927242 */
        UINT64_C(0x3fe762c3b5c80cd3), /* 0.73080621246517763 */
        UINT64_C(0x3ff7eb9506a0062f), /* 1.4950151690285443 */
    };
    az_rng r;
    az_rng_init(&r, 42, 3, az_rng_stream_id("station/press"));
    for (int i = 0; i < 8; i++)
        assert_true(bits(azi_zig_exp(&r)) == want[i]);
    /* the first by hand: word 0xe3a7e556e421833c, layer 0x3c, under ke */
    assert_true(bits((double)(INT64_C(0xe3a7e556e42183)) * azi_zig_we[0x3c]) ==
                want[0]);
}

/* The rare paths: the tail beyond r and the wedges, counted over 2^22
 * draws against the exponential's own probabilities (binomial, 6 sd). */
static void test_zig_tail_and_wedges(void **state)
{
    (void)state;
    az_rng r;
    az_rng_init(&r, 3, 0, 12);
    const double n = 4194304, rr = AZI_ZIG_R;
    double tail = 0, far = 0, small = 0, sum = 0;
    for (int i = 0; i < 4194304; i++) {
        double x = azi_zig_exp(&r);
        assert_true(x >= 0 && isfinite(x));
        tail += x > rr;
        far += x > 10;
        small += x < 0.0638; /* inside the top strip, all wedge tests */
        sum += x;
    }
    const double want[][2] = {{tail, exp(-rr)}, {far, exp(-10)},
                              {small, -expm1(-0.0638)}};
    for (int k = 0; k < 3; k++) {
        double p = want[k][1], sd = sqrt(n * p * (1 - p));
        print_message("  count %.0f, expected %.1f +- %.1f\n", want[k][0],
                      n * p, sd);
        assert_true(fabs(want[k][0] - n * p) < 6 * sd);
    }
    assert_true(fabs(sum / n - 1) < 6 / sqrt(n));
}

/* The normal ziggurat's tables are what its set-up computes (zig_norm.c),
 * entry for entry and bit for bit, and its layers have equal areas. */
static void test_zign_tables(void **state)
{
    (void)state;
    const double m = 0x1p55, vn = 4.928673233974655e-3;
    check_setup(AZI_ZIG_NR, vn, m, f_norm, finv_norm, azi_zig_kn, azi_zig_wn,
                azi_zig_fn);
    /* equal areas v, and the top layer [0, x_1) x [f(x_1), 1] closes */
    for (int i = 1; i < 255; i++) {
        double xn = azi_zig_wn[i + 1] * m;
        assert_true(fabs(xn * (azi_zig_fn[i] - azi_zig_fn[i + 1]) - vn) <
                    1e-15);
    }
    double x1 = azi_zig_wn[1] * m;
    assert_true(fabs(x1 * (1 - azi_zig_fn[1]) - vn) < 1e-15);
    /* the base layer: rectangle r f(r) plus the tail, also v */
    const double r = AZI_ZIG_NR, sqrt_half_pi = 1.2533141373155003;
    assert_true(fabs(r * f_norm(r) + sqrt_half_pi * erfc(r / sqrt(2)) - vn) <
                1e-15);
    assert_true(fabs((double)azi_zig_kn[0] * azi_zig_wn[0] - r) < 1e-14);
}

/* The first normal draws of one stream: a change of the sampler, which
 * changes every normal and lognormal result, must show here. */
static void test_zign_known_answers(void **state)
{
    (void)state;
    static const uint64_t want[] = {
        UINT64_C(0xbfee556c168fe11f), /* -0.94792751700063949 */
        UINT64_C(0x3fe023fa79a01630), /* 0.50439189677189766 */
        UINT64_C(0x3fc7ff6357935a09), /* 0.1874813249221037 */
        UINT64_C(0xbfd4f5105549998b), /* -0.3274575074086889 */
        UINT64_C(0x3fed109a3fae2912), /* 0.9082766765361916 */
        UINT64_C(0x3fce609f1e3ea8bc), /* 0.23732365586085347 */
        UINT64_C(0xbfec95478238f13e), /* -0.89322257455891196 */
        UINT64_C(0xbff40323b9eae1e7), /* -1.2507664930727687 */
    };
    az_rng r;
    az_rng_init(&r, 42, 3, az_rng_stream_id("station/press"));
    for (int i = 0; i < 8; i++) {
        double z = azi_zig_norm(&r);
        assert_true(bits(z) == want[i]);
    }
    /* the first by hand: word 0xe3a7e556e421833c, layer 0x3c, bit 8 set
     * (negative), position its high 55 bits */
    assert_true(bits(-(double)(INT64_C(0xe3a7e556e42183) >> 1) *
                     azi_zig_wn[0x3c]) == want[0]);
}

/* The normal's rare paths and symmetry, counted over 2^22 draws against
 * the normal's own probabilities (binomial, 6 sd): the tail beyond r, far
 * beyond it, the top strip (all wedge tests) and the sign. */
static void test_zign_tail_and_wedges(void **state)
{
    (void)state;
    az_rng r;
    az_rng_init(&r, 5, 0, 12);
    const double n = 4194304, rr = AZI_ZIG_NR;
    double tail = 0, far = 0, small = 0, neg = 0, sum = 0, sq = 0;
    for (int i = 0; i < 4194304; i++) {
        double x = azi_zig_norm(&r);
        assert_true(isfinite(x));
        tail += fabs(x) > rr;
        far += fabs(x) > 3.9;
        small += fabs(x) < 0.2;
        neg += x < 0;
        sum += x;
        sq += x * x;
    }
    const double want[][2] = {{tail, erfc(rr / sqrt(2))},
                              {far, erfc(3.9 / sqrt(2))},
                              {small, erf(0.2 / sqrt(2))},
                              {neg, 0.5}};
    for (int k = 0; k < 4; k++) {
        double p = want[k][1], sd = sqrt(n * p * (1 - p));
        print_message("  count %.0f, expected %.1f +- %.1f\n", want[k][0],
                      n * p, sd);
        assert_true(fabs(want[k][0] - n * p) < 6 * sd);
    }
    assert_true(fabs(sum / n) < 6 / sqrt(n));
    assert_true(fabs(sq / n - 1) < 6 * sqrt(2 / n));
}

/* The normal's tail alone: azi_zig_norm_slow fed base-layer words past
 * kn[0] (the part of the base layer beyond r), 2^20 times. Given the tail,
 * P(|x| > t) = erfc(t / sqrt 2) / erfc(r / sqrt 2); each draw keeps its
 * word's sign. A tail without the rejection step, or with y < x^2 for
 * 2y < x^2, is hundreds of sd off (the counts of the whole sampler above
 * see the tail too rarely to tell). */
static void test_zign_tail_alone(void **state)
{
    (void)state;
    az_rng r;
    az_rng_init(&r, 8, 0, 4);
    const double n = 1048576, rr = AZI_ZIG_NR, q = erfc(rr / sqrt(2));
    double beyond4 = 0, beyond5 = 0, sum = 0;
    for (int i = 0; i < 1048576; i++) {
        uint64_t sign = (uint64_t)(i & 1) << 8;
        uint64_t u = ((azi_zig_kn[0] + (uint64_t)i) << 9) | sign;
        double x = azi_zig_norm_slow(&r, u);
        assert_true(isfinite(x) && fabs(x) >= rr);
        assert_true((x < 0) == (sign != 0));
        beyond4 += fabs(x) > 4;
        beyond5 += fabs(x) > 5;
        sum += fabs(x) - rr;
    }
    const double want[][2] = {{beyond4, erfc(4 / sqrt(2)) / q},
                              {beyond5, erfc(5 / sqrt(2)) / q}};
    for (int k = 0; k < 2; k++) {
        double p = want[k][1], sd = sqrt(n * p * (1 - p));
        print_message("  tail count %.0f, expected %.1f +- %.1f\n",
                      want[k][0], n * p, sd);
        assert_true(fabs(want[k][0] - n * p) < 6 * sd);
    }
    /* E(x - r | x > r) = phi(r) / Q(r) - r, phi and Q the normal's */
    double mean = exp(-0.5 * rr * rr) / sqrt(2 * 3.141592653589793) /
                  (0.5 * q) - rr;
    print_message("  tail mean excess %.5f, expected %.5f\n", sum / n, mean);
    assert_true(fabs(sum / n - mean) < 6 * mean / sqrt(n));
    /* and two slow draws bit for bit: a tail word and a wedge word (layer
     * 0x80, position at its kn, so past the sure part) */
    az_rng_init(&r, 42, 3, az_rng_stream_id("station/press"));
    double t = azi_zig_norm_slow(&r, (azi_zig_kn[0] << 9) | 0x100);
    double w = azi_zig_norm_slow(&r, (azi_zig_kn[0x80] << 9) | 0x80);
    assert_true(bits(t) == UINT64_C(0xc00effce97981dc6));
    assert_true(bits(w) == UINT64_C(0x3ff875036f7a7ec5));
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

/* The engine's inline lognormal and constant are az_dist_sample's, bit
 * for bit, with other kinds on the stream, and a lognormal of cv = 0 is
 * its mean without a draw. */
static void test_inline_lognormal(void **state)
{
    (void)state;
    az_dist l, c, u, k;
    assert_int_equal(az_dist_lognormal(&l, 55, 0.2, NULL), AZ_OK);
    assert_int_equal(az_dist_lognormal(&c, 40, 0, NULL), AZ_OK);
    assert_int_equal(az_dist_uniform(&u, 1.0, 3.0, NULL), AZ_OK);
    assert_int_equal(az_dist_constant(&k, 12.5, NULL), AZ_OK);
    az_rng a, b, z;
    az_rng_init(&a, 11, 0, 3);
    b = z = a;
    for (int i = 0; i < 50000; i++) {
        const az_dist *d = i % 7 == 3   ? &u
                           : i % 5 == 1 ? &c
                           : i % 3 == 2 ? &k
                                        : &l;
        double x = azi_dist_sample(d, &a);
        assert_true(bits(x) == bits(az_dist_sample(d, &b)));
        assert_true(d != &c || x == 40);
        assert_true(d != &k || x == 12.5);
        if (d == &u || d == &l) /* z draws for the random kinds only */
            (void)az_dist_sample(d, &z);
    }
    /* the constants drew nothing: z, which skipped them, is where a is */
    assert_true(az_rng_u64(&a) == az_rng_u64(&z));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_known_answers),
        cmocka_unit_test(test_zig_tables),
        cmocka_unit_test(test_zig_known_answers),
        cmocka_unit_test(test_zig_tail_and_wedges),
        cmocka_unit_test(test_zign_tables),
        cmocka_unit_test(test_zign_known_answers),
        cmocka_unit_test(test_zign_tail_and_wedges),
        cmocka_unit_test(test_zign_tail_alone),
        cmocka_unit_test(test_inline_exponential),
        cmocka_unit_test(test_inline_lognormal),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
