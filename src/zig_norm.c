/*
 * zig_norm.c: the ziggurat tables and slow path of the normal sampler, the
 * z of every normal and lognormal draw (Marsaglia and Tsang, "The ziggurat
 * method for generating random variables", J. Stat. Softw. 5(8), 2000;
 * their RNOR with 256 layers, as zig.c's exponential).
 *
 * Algorithm. The half density f(x) = exp(-x^2/2), x >= 0, is covered by
 * 256 layers of equal area v = 4.928673233974655e-3: layer 0 is the base
 * rectangle [0, q) plus the tail beyond r = 3.6541528853610088
 * (q = v / f(r)); layer i >= 1 is [0, x_i) x [f(x_i), f(x_(i-1))) with
 * x_255 = r and f(x_0) = 1. One 64-bit word gives the layer (its low 8
 * bits), the sign (bit 8) and a point x = j * wn[i] in the layer, j its
 * high 55 bits. When j < kn[i], x lies under the curve for sure and +-x is
 * the draw: about 98.5 % of draws, with no log or exp. Otherwise
 * azi_zig_norm_slow decides: the tail by Marsaglia's method (r + x with
 * x = E1 / r, accepted when 2 E2 > x^2, E1 and E2 exponentials), and a
 * point in a wedge when a uniform height falls under f(x); else it draws
 * again. The result is exactly normal, up to the grid of the
 * position (55 bits, rounded to a double's 53).
 *
 * r and v were solved for in long double so that the top layer closes:
 * x_1 (1 - f(x_1)) = v to 1.2e-13 relative, where Marsaglia and Tsang's
 * 12-digit v leaves 1e-9. GSL's gsl_ran_gaussian_ziggurat does the same
 * with 24 bits of a word, through its generator adapter: about 60
 * instructions a draw more than this inline path (docs/performance.md).
 *
 * Invariant: the tables are what the set-up computes with m = 2^55
 * (kn[i] = floor(x_(i-1) / x_i * 2^55), wn[i] = x_i / 2^55, fn[i] =
 * f(x_i)); tests/unit/test_rng.c recomputes them and compares every entry
 * bit for bit.
 */
#include "zig.h"

#include <math.h>

double azi_zig_norm_slow(az_rng *r, uint64_t u)
{
    for (;;) {
        unsigned i = (unsigned)(u & 0xff);
        if (i == 0) { /* the tail beyond r */
            double x, y;
            do {
                x = azi_zig_exp(r) * (1 / AZI_ZIG_NR);
                y = azi_zig_exp(r);
            } while (y + y < x * x);
            return azi_zig_nsign(u, AZI_ZIG_NR + x);
        }
        double x = azi_zig_nx(u);
        if (azi_zig_fn[i] + azi_rng_uniform(r) *
                                (azi_zig_fn[i - 1] - azi_zig_fn[i]) <
            exp(-0.5 * x * x))
            return azi_zig_nsign(u, x);
        u = azi_rng_u64(r);
        if (azi_zig_nsure(u))
            return azi_zig_nsign(u, azi_zig_nx(u));
    }
}

/* ---- tables (printed with %a from the set-up above) ---------------------- */

const uint64_t azi_zig_kn[256] = {
    0x7799ec012f7b38, 0x00000000000000, 0x6045f4c7de3380, 0x6d1aa7d5ec0958,
    0x728fb3f60f76fc, 0x7592af4e9fbbb8, 0x777a5c0bf6559c, 0x78ca3857d2253c,
    0x79bf6b0ffe58a0, 0x7a7a34ab092ad4, 0x7b0d2f20dd1ca8, 0x7b83d3aa9cb514,
    0x7be597614224d4, 0x7c3788631abe8c, 0x7c7d32bc192ee8, 0x7cb9263a6e86d0,
    0x7ced483edfa844, 0x7d1b07ac0fd38c, 0x7d437ef2da5fbc, 0x7d678b069aa6d8,
    0x7d87db38c5c870, 0x7da4fc6a9ba628, 0x7dbf611b37f3b8, 0x7dd7674d0f2864,
    0x7ded5ce8205f70, 0x7e018307fb62bc, 0x7e141081bd1240, 0x7e2533d712de8c,
    0x7e3514bbd7717c, 0x7e43d54944b520, 0x7e5192f25ef428, 0x7e5e67481118d0,
    0x7e6a6897c1ce20, 0x7e75aa6c7f64cc, 0x7e803df8ee4980, 0x7e8a326eb6272c,
    0x7e93954717a284, 0x7e9c727f8648f4, 0x7ea4d4cc85a3c8, 0x7eacc5c4907a9c,
    0x7eb44e0474cf60, 0x7ebb754e47418c, 0x7ec242a3d84744, 0x7ec8bc5d69645c,
    0x7ecee83d3d6e94, 0x7ed4cb8082f45c, 0x7eda6aee0170f8, 0x7edfcae2dfe688,
    0x7ee4ef5dccd3e8, 0x7ee9dc08c394e8, 0x7eee9441a17c80, 0x7ef31b21b4fb18,
    0x7ef773846a8a78, 0x7efba00d35a174, 0x7effa32ccf69fc, 0x7f037f25e12790,
    0x7f0736112d12c8, 0x7f0ac9e145c260, 0x7f0e3c65e1fcc8, 0x7f118f4ed8e54c,
    0x7f14c42ed0dc90, 0x7f17dc7daa0c30, 0x7f1ad99aac6a50, 0x7f1dbcce800154,
    0x7f20874cf56bf0, 0x7f233a36a3b9a4, 0x7f25d69a604adc, 0x7f285d7694a920,
    0x7f2acfba75e3b4, 0x7f2d2e4720908c, 0x7f2f79f09c3448, 0x7f31b37ec883c4,
    0x7f33dbae36abc4, 0x7f35f330f08d54, 0x7f37faaf2fa794, 0x7f39f2c8053810,
    0x7f3bdc11f4f1c8, 0x7f3db71b83850c, 0x7f3f846bba1218, 0x7f4144829f8460,
    0x7f42f7d9a8b9d4, 0x7f449ee4204324, 0x7f463a0f8675e4, 0x7f47c9c3ea77b0,
    0x7f494e643cd8e8, 0x7f4ac84e9c4758, 0x7f4c37dc9cd50c, 0x7f4d9d638a432c,
    0x7f4ef934a5b6a8, 0x7f504b9d5f33dc, 0x7f5194e78b3524, 0x7f52d55994a968,
    0x7f540d36aba0cc, 0x7f553cbef0e77c, 0x7f56642f9ec8fc, 0x7f5783c32f31e4,
    0x7f589bb17f6094, 0x7f59ac2ff15258, 0x7f5ab5718b15a0, 0x7f5bb7a71427cc,
    0x7f5cb2ff31009c, 0x7f5da7a67cebe0, 0x7f5e95c7a24e7c, 0x7f5f7d8b7171ec,
    0x7f605f18f5ef40, 0x7f613a958ad0a4, 0x7f621024ed7e98, 0x7f62dfe94f8cb4,
    0x7f63aa036777a0, 0x7f646e928065a0, 0x7f652db488f884, 0x7f65e786213ff4,
    0x7f669c22a7d8a8, 0x7f674ba4464598, 0x7f67f623fc8db8, 0x7f689bb9ac2940,
    0x7f693c7c224818, 0x7f69d881217a64, 0x7f6a6fdd6ac370, 0x7f6b02a4c61ee8,
    0x7f6b90ea0a7f40, 0x7f6c1abf254c10, 0x7f6ca035216640, 0x7f6d215c2db820,
    0x7f6d9e43a3559c, 0x7f6e16fa0b3290, 0x7f6e8b8d237294, 0x7f6efc09e45698,
    0x7f6f687c84cbfc, 0x7f6fd0f07ea0a0, 0x7f703570925e24, 0x7f709606cad034,
    0x7f70f2bc803700, 0x7f714b9a5b2920, 0x7f71a0a85725dc, 0x7f71f1edc4d9e4,
    0x7f723f714c179c, 0x7f728938ed8434, 0x7f72cf4a03fa08, 0x7f7311a945a16c,
    0x7f73505ac4bf88, 0x7f738b61f03bd4, 0x7f73c2c193dc0c, 0x7f73f67bd835cc,
    0x7f742692425594, 0x7f745305b31a18, 0x7f747bd6664288, 0x7f74a103f12ed4,
    0x7f74c28d414f54, 0x7f74e0709a42dc, 0x7f74faab939f9c, 0x7f75113b166570,
    0x7f75241b5a155c, 0x7f753347e16b88, 0x7f753ebb76b7cc, 0x7f75467027d050,
    0x7f754a5f4199d8, 0x7f754a814b207c, 0x7f7546ce003aec, 0x7f753f3c4bb2a0,
    0x7f7533c240e924, 0x7f75245514f418, 0x7f7510e91726cc, 0x7f74f971a90124,
    0x7f74dde1357974, 0x7f74be29279720, 0x7f749a39e051c8, 0x7f747202aba8ac,
    0x7f744571b4e3cc, 0x7f741473f9efe8, 0x7f73def53dc43c, 0x7f73a4dff9bff8,
    0x7f73661d4deaf0, 0x7f732294f003f4, 0x7f72da2d194448, 0x7f728cca72bdb0,
    0x7f723a50003678, 0x7f71e29f096278, 0x7f7185970156bc, 0x7f7123156c1028,
    0x7f70baf5c1e2d0, 0x7f704d1150a238, 0x7f6fd93f1a4e60, 0x7f6f5f53b10b60,
    0x7f6edf211023f0, 0x7f6e587671ce98, 0x7f6dcb202167a0, 0x7f6d36e749c648,
    0x7f6c9b91bf4c68, 0x7f6bf8e1c541b0, 0x7f6b4e95ce0158, 0x7f6a9c68356ffc,
    0x7f69e20ef52114, 0x7f691f3b517ebc, 0x7f6853997f321c, 0x7f677ed03ff1a0,
    0x7f66a08075bdc0, 0x7f65b844ab75a4, 0x7f64c5b0918608, 0x7f63c8506d4bc0,
    0x7f62bfa8798ff4, 0x7f61ab34364b0c, 0x7f608a65a599a8, 0x7f5f5ca4737e84,
    0x7f5e214d05b48c, 0x7f5cd7af7066e0, 0x7f5b7f0e4c2a14, 0x7f5a169d68fcf0,
    0x7f589d80596a58, 0x7f5712c8d01748, 0x7f557574c912b8, 0x7f53c46c771934,
    0x7f51fe7feb9f28, 0x7f5022646ecfb4, 0x7f4e2eb17ab1d8, 0x7f4c21dd4a3d1c,
    0x7f49fa38ea3948, 0x7f47b5ebb62eb0, 0x7f4552ee274730, 0x7f42cf03d58f54,
    0x7f4027b4854a00, 0x7f3d5a44119dfc, 0x7f3a63a8fb5528, 0x7f374081551010,
    0x7f33ed05b55ec4, 0x7f3064f9c183f0, 0x7f2ca399c7ba14, 0x7f28a384bb9400,
    0x7f245ea1b7a2c0, 0x7f1fcdffe8f1b8, 0x7f1ae9af758cdc, 0x7f15a8917f27e4,
    0x7f10001ccaaab8, 0x7f09e413c418a0, 0x7f034627733d7c, 0x7efc15815b8d54,
    0x7ef43e2bf7f554, 0x7eeba84e31dfe8, 0x7ee237294df898, 0x7ed7c7c1701414,
    0x7ecc2f0d95d3a8, 0x7ebf377a46781c, 0x7eb09d6deb2858, 0x7ea00a4f178090,
    0x7e8d0d3da63d60, 0x7e771023b0fcf4, 0x7e5d46c2f08d8c, 0x7e3e9376696914,
    0x7e195978f11768, 0x7deb2c0e05c1d0, 0x7db0362002a1a0, 0x7d6202c151439c,
    0x7cf4b8f00a2cbc, 0x7c4fd24520efe0, 0x7b362fbf818164, 0x78d2d25998e250,
};

const double azi_zig_wn[256] = {
    0x1.f493b7815d97fp-54, 0x1.b8d0be3fdf5cep-58, 0x1.250af3c2c5b64p-57,
    0x1.57cb938443b28p-57, 0x1.801fce82fa6dep-57, 0x1.a230c2e4cd096p-57,
    0x1.c004d2f3861d9p-57, 0x1.dac2f5a747258p-57, 0x1.f32482d4cd5acp-57,
    0x1.04d32278ebba2p-56, 0x1.0f5053b025d38p-56, 0x1.192a69741366dp-56,
    0x1.227a28f7a1aeap-56, 0x1.2b52e3863d876p-56, 0x1.33c3fc05791ebp-56,
    0x1.3bd9ec1a2b125p-56, 0x1.439ef8dff9b4bp-56, 0x1.4b1bb363dfe9fp-56,
    0x1.52575621ad36cp-56, 0x1.59580a707ce9p-56, 0x1.60231cfd97ee5p-56,
    0x1.66bd261a37c39p-56, 0x1.6d2a29200056cp-56, 0x1.736dad346f8a3p-56,
    0x1.798ad10b32a73p-56, 0x1.7f845ad46f53ep-56, 0x1.855cc53430a72p-56,
    0x1.8b1649e7b7694p-56, 0x1.90b2ea94ecf94p-56, 0x1.96347822c1ee7p-56,
    0x1.9b9c98e38c543p-56, 0x1.a0eccdca4a728p-56, 0x1.a62676d77cd56p-56,
    0x1.ab4ad6e10162cp-56, 0x1.b05b16d136c99p-56, 0x1.b558487427a26p-56,
    0x1.ba4368e529f37p-56, 0x1.bf1d62abf822fp-56, 0x1.c3e70f9594eefp-56,
    0x1.c8a13a5323b5cp-56, 0x1.cd4c9fe722686p-56, 0x1.d1e9f0e80b743p-56,
    0x1.d679d29e41f0bp-56, 0x1.dafce0023b8bfp-56, 0x1.df73aa9f1764ep-56,
    0x1.e3debb5d2edfap-56, 0x1.e83e9337a6efdp-56, 0x1.ec93abdf982cap-56,
    0x1.f0de784f06222p-56, 0x1.f51f654d8f684p-56, 0x1.f956d9e87d7aap-56,
    0x1.fd8537dfa2ea9p-56, 0x1.00d56e04234eap-55, 0x1.02e40f5398f98p-55,
    0x1.04eea9e16a5fap-55, 0x1.06f565b72a00ep-55, 0x1.08f869071f408p-55,
    0x1.0af7d84bc610fp-55, 0x1.0cf3d664bcc7bp-55, 0x1.0eec84b160867p-55,
    0x1.10e20329515e9p-55, 0x1.12d4707310fb9p-55, 0x1.14c3e9f8e913cp-55,
    0x1.16b08bfc42019p-55, 0x1.189a71a78da3p-55, 0x1.1a81b51ee6d84p-55,
    0x1.1c666f8f82ac8p-55, 0x1.1e48b93e0d42bp-55, 0x1.2028a9940a09ep-55,
    0x1.2206572c4c6e8p-55, 0x1.23e1d7de9c31ep-55, 0x1.25bb40ca96bfap-55,
    0x1.2792a661dd37dp-55, 0x1.29681c719d719p-55, 0x1.2b3bb62b82ed7p-55,
    0x1.2d0d862e1b85p-55, 0x1.2edd9e8cba98bp-55, 0x1.30ac10d6e48d5p-55,
    0x1.3278ee1f4b92ep-55, 0x1.3444470265e9fp-55, 0x1.360e2baca52d3p-55,
    0x1.37d6abe055868p-55, 0x1.399dd6fb2b262p-55, 0x1.3b63bbfb83d01p-55,
    0x1.3d28698561ddep-55, 0x1.3eebede725a8p-55, 0x1.40ae571e09e71p-55,
    0x1.426fb2da6745ap-55, 0x1.44300e83c30a1p-55, 0x1.45ef773cac75ap-55,
    0x1.47adf9e66c333p-55, 0x1.496ba32488f2bp-55, 0x1.4b287f6024159p-55,
    0x1.4ce49acb311d8p-55, 0x1.4ea001638a601p-55, 0x1.505abef5e555ep-55,
    0x1.5214df20a8b57p-55, 0x1.53ce6d56a664bp-55, 0x1.558774e1bb2c4p-55,
    0x1.574000e555f75p-55, 0x1.58f81c60e8511p-55, 0x1.5aafd23241b56p-55,
    0x1.5c672d17d733bp-55, 0x1.5e1e37b2f8cd1p-55, 0x1.5fd4fc89f5e36p-55,
    0x1.618b860a31fc2p-55, 0x1.6341de8a2b0a1p-55, 0x1.64f8104b7260ap-55,
    0x1.66ae257c99671p-55, 0x1.6864283b13136p-55, 0x1.6a1a22950b2b1p-55,
    0x1.6bd01e8b343bbp-55, 0x1.6d8626128d352p-55, 0x1.6f3c43161f854p-55,
    0x1.70f27f78b68ebp-55, 0x1.72a8e516914c6p-55, 0x1.745f7dc70eedcp-55,
    0x1.7616535e5731fp-55, 0x1.77cd6faeff449p-55, 0x1.7984dc8babd93p-55,
    0x1.7b3ca3c8b1409p-55, 0x1.7cf4cf3db22fbp-55, 0x1.7ead68c73dee7p-55,
    0x1.80667a486ea1fp-55, 0x1.82200dac88676p-55, 0x1.83da2ce899f15p-55,
    0x1.8594e1fd1f5bdp-55, 0x1.875036f7a7ec5p-55, 0x1.890c35f47f72dp-55,
    0x1.8ac8e9205c043p-55, 0x1.8c865aba10c9cp-55, 0x1.8e44951446a27p-55,
    0x1.9003a2973b58fp-55, 0x1.91c38dc288347p-55, 0x1.9384612ef0afcp-55,
    0x1.954627903a28ap-55, 0x1.9708ebb70d5eep-55, 0x1.98ccb892e2a31p-55,
    0x1.9a919933f99bfp-55, 0x1.9c5798cd5d92cp-55, 0x1.9e1ec2b6f7411p-55,
    0x1.9fe7226fad24ap-55, 0x1.a1b0c39f93692p-55, 0x1.a37bb21a2c85bp-55,
    0x1.a547f9e0bbb88p-55, 0x1.a715a724aa9a4p-55, 0x1.a8e4c64a0313dp-55,
    0x1.aab563e9ff108p-55, 0x1.ac878cd5af5cep-55, 0x1.ae5b4e18bb336p-55,
    0x1.b030b4fc3a11ap-55, 0x1.b207cf09a985bp-55, 0x1.b3e0aa0e00cp-55,
    0x1.b5bb541ce3d03p-55, 0x1.b797db93f8927p-55, 0x1.b9764f1e5f73cp-55,
    0x1.bb56bdb85256ep-55, 0x1.bd3936b2ec0a2p-55, 0x1.bf1dc9b81ae83p-55,
    0x1.c10486cec16ap-55, 0x1.c2ed7e5f07a2dp-55, 0x1.c4d8c136e0d1cp-55,
    0x1.c6c6608ec8705p-55, 0x1.c8b66e0eba617p-55, 0x1.caa8fbd36a2abp-55,
    0x1.cc9e1c73bd68fp-55, 0x1.ce95e3068e037p-55, 0x1.d0906328b8f6ep-55,
    0x1.d28db1037ef2p-55, 0x1.d48de1533c647p-55, 0x1.d691096e7f123p-55,
    0x1.d8973f4d7fba5p-55, 0x1.daa0999206e7p-55, 0x1.dcad2f8fc490ep-55,
    0x1.debd195522e36p-55, 0x1.e0d06fb49d21bp-55, 0x1.e2e74c4ea46f5p-55,
    0x1.e501c99c1d188p-55, 0x1.e72002f97fe25p-55, 0x1.e94214b2abf0ap-55,
    0x1.eb681c0f76f08p-55, 0x1.ed9237610a73ap-55, 0x1.efc086101eca9p-55,
    0x1.f1f328ac25321p-55, 0x1.f42a40fb74d6dp-55, 0x1.f665f20c90168p-55,
    0x1.f8a6604899782p-55, 0x1.faebb187122bfp-55, 0x1.fd360d22fe785p-55,
    0x1.ff859c118f60bp-55, 0x1.00ed447d3a075p-54, 0x1.021a8028fc947p-54,
    0x1.034a983a902abp-54, 0x1.047da4e3ef5c7p-54, 0x1.05b3bf6adb37ep-54,
    0x1.06ed023a72668p-54, 0x1.082988f632e17p-54, 0x1.0969708e8a254p-54,
    0x1.0aacd7571c0c4p-54, 0x1.0bf3dd1eed448p-54, 0x1.0d3ea34aa3d3p-54,
    0x1.0e8d4cf116593p-54, 0x1.0fdffefa69fb6p-54, 0x1.1136e04207041p-54,
    0x1.129219bbb5d35p-54, 0x1.13f1d69c4096dp-54, 0x1.1556448602e3bp-54,
    0x1.16bf93b9deef3p-54, 0x1.182df74d21261p-54, 0x1.19a1a564eebacp-54,
    0x1.1b1ad777f2f8ep-54, 0x1.1c99ca971a694p-54, 0x1.1e1ebfbe4ae39p-54,
    0x1.1fa9fc2e2d901p-54, 0x1.213bc9d04cc81p-54, 0x1.22d477a6fd3eep-54,
    0x1.24745a4ac9c23p-54, 0x1.261bcc77658dfp-54, 0x1.27cb2faa8592dp-54,
    0x1.2982ecd770e77p-54, 0x1.2b437532a0a51p-54, 0x1.2d0d43196db96p-54,
    0x1.2ee0db1a978f4p-54, 0x1.30becd256aeecp-54, 0x1.32a7b5e68a4a1p-54,
    0x1.349c405ae12a1p-54, 0x1.369d27a33a83ep-54, 0x1.38ab392564108p-54,
    0x1.3ac7570ae88f8p-54, 0x1.3cf27b31704a4p-54, 0x1.3f2dbaa60f473p-54,
    0x1.417a49cb9e5d9p-54, 0x1.43d9815545e93p-54, 0x1.464ce44a73a15p-54,
    0x1.48d62759c43bcp-54, 0x1.4b7739d6b5a27p-54, 0x1.4e3250dcd8902p-54,
    0x1.5109f53e9ac41p-54, 0x1.54011523a7e42p-54, 0x1.571b1a94ae41bp-54,
    0x1.5a5c08b718dd9p-54, 0x1.5dc8a243ad0fep-54, 0x1.61669cf861e4cp-54,
    0x1.653ce7b006aeap-54, 0x1.69540be9fe5c3p-54, 0x1.6db6b8d09e232p-54,
    0x1.72728f05f7a34p-54, 0x1.7799556090673p-54, 0x1.7d42df4d6ce8cp-54,
    0x1.839030529f234p-54, 0x1.8ab0fbfaa7c14p-54, 0x1.92ee0946f4496p-54,
    0x1.9cbee014057abp-54, 0x1.a8fdc78947759p-54, 0x1.b981f3878fdbp-54,
    0x1.d3bb48209ad33p-54,
};

const double azi_zig_fn[256] = {
    0x1p+0, 0x1.f446ac979f094p-1, 0x1.eb7545b6ca92p-1,
    0x1.e3f11e027f08p-1, 0x1.dd36fa704de9dp-1, 0x1.d70920657bcf9p-1,
    0x1.d144978a119e2p-1, 0x1.cbd33a8a72df1p-1, 0x1.c6a5ecea97884p-1,
    0x1.c1b1cd9eebaefp-1, 0x1.bceeb4ee1dc87p-1, 0x1.b85653a8ff557p-1,
    0x1.b3e3a8234dd15p-1, 0x1.af92a3f6ce8a7p-1, 0x1.ab5fef17a2509p-1,
    0x1.a748bd550c9e6p-1, 0x1.a34aafdf5af14p-1, 0x1.9f63bee651fdcp-1,
    0x1.9b9228d240685p-1, 0x1.97d4657617ac4p-1, 0x1.94291c21b7a4ap-1,
    0x1.908f1bd317151p-1, 0x1.8d0554fe60aaap-1, 0x1.898ad48badf04p-1,
    0x1.861ebfc37bcadp-1, 0x1.82c050f56cf71p-1, 0x1.7f6ed4b20e2cep-1,
    0x1.7c29a779c685bp-1, 0x1.78f033ca0b0d8p-1, 0x1.75c1f0770d858p-1,
    0x1.729e5f43f6d14p-1, 0x1.6f850baea7afp-1, 0x1.6c7589e635a8bp-1,
    0x1.696f75e513b2cp-1, 0x1.667272a92e325p-1, 0x1.637e298550c1ap-1,
    0x1.6092498802667p-1, 0x1.5dae86f4aff6cp-1, 0x1.5ad29acc85c8bp-1,
    0x1.57fe4264c8d92p-1, 0x1.55313f08d9e49p-1, 0x1.526b55a656cd8p-1,
    0x1.4fac4e820b66ap-1, 0x1.4cf3f4f494ec3p-1, 0x1.4a42172dc527bp-1,
    0x1.479685fdf5014p-1, 0x1.44f114a49367bp-1, 0x1.425198a355fe5p-1,
    0x1.3fb7e99585b84p-1, 0x1.3d23e10af31a5p-1, 0x1.3a955a662cd1p-1,
    0x1.380c32bda00d7p-1, 0x1.358848bf550ebp-1, 0x1.33097c9703a38p-1,
    0x1.308fafd6438f1p-1, 0x1.2e1ac55ea3bfp-1, 0x1.2baaa14d7954dp-1,
    0x1.293f28e93cd1ap-1, 0x1.26d84290504f2p-1, 0x1.2475d5a90db89p-1,
    0x1.2217ca92ff7f7p-1, 0x1.1fbe0a9929627p-1, 0x1.1d687fe54996fp-1,
    0x1.1b171573fd117p-1, 0x1.18c9b709b3c55p-1, 0x1.16805128639dep-1,
    0x1.143ad105ea9ap-1, 0x1.11f9248311f3bp-1, 0x1.0fbb3a2325915p-1,
    0x1.0d810104142a1p-1, 0x1.0b4a68d70d9afp-1, 0x1.091761d995d82p-1,
    0x1.06e7dccf03c38p-1, 0x1.04bbcafa63f3p-1, 0x1.02931e18b822dp-1,
    0x1.006dc85b8cac8p-1, 0x1.fc9778c7bbda8p-2, 0x1.f859da7a900cfp-2,
    0x1.f4229cb2f7af8p-2, 0x1.eff1a717e8f9ap-2, 0x1.ebc6e20bd1f59p-2,
    0x1.e7a236a4ec3cap-2, 0x1.e3838ea5f9b89p-2, 0x1.df6ad47763a0ep-2,
    0x1.db57f320b56b6p-2, 0x1.d74ad6426de39p-2, 0x1.d3436a1021086p-2,
    0x1.cf419b4ae5b75p-2, 0x1.cb45573c0a84ep-2, 0x1.c74e8bb00d7cep-2,
    0x1.c35d26f1d2cbfp-2, 0x1.bf7117c616a1fp-2, 0x1.bb8a4d6716d9ap-2,
    0x1.b7a8b78071324p-2, 0x1.b3cc462b331d2p-2, 0x1.aff4e9ea1855ap-2,
    0x1.ac2293a5f5aa5p-2, 0x1.a85534aa4d889p-2, 0x1.a48cbea20c056p-2,
    0x1.a0c9239468445p-2, 0x1.9d0a55e1e93e5p-2, 0x1.995048418c0ccp-2,
    0x1.959aedbe09f98p-2, 0x1.91ea39b33cb1bp-2, 0x1.8e3e1fcb9f119p-2,
    0x1.8a9693fde918bp-2, 0x1.86f38a8ac5ab8p-2, 0x1.8354f7faa0ddbp-2,
    0x1.7fbad11b8d913p-2, 0x1.7c250aff414b1p-2, 0x1.78939af9252ebp-2,
    0x1.7506769c7b1edp-2, 0x1.717d93ba9614cp-2, 0x1.6df8e86124caap-2,
    0x1.6a786ad88de21p-2, 0x1.66fc11a25cbe2p-2, 0x1.6383d377be515p-2,
    0x1.600fa7480d2c8p-2, 0x1.5c9f84376c244p-2, 0x1.5933619d6eebep-2,
    0x1.55cb3703d01p-2, 0x1.5266fc2533bedp-2, 0x1.4f06a8ebf6d92p-2,
    0x1.4baa357109ca2p-2, 0x1.485199fad6ad4p-2, 0x1.44fccefc324fep-2,
    0x1.41abcd1357a19p-2, 0x1.3e5e8d08ed2dbp-2, 0x1.3b1507cf143aep-2,
    0x1.37cf368081379p-2, 0x1.348d125f9d19ep-2, 0x1.314e94d5af62fp-2,
    0x1.2e13b77210766p-2, 0x1.2adc73e963fddp-2, 0x1.27a8c414db11ep-2,
    0x1.2478a1f17de89p-2, 0x1.214c079f7cc9ep-2, 0x1.1e22ef6188116p-2,
    0x1.1afd539c2f05p-2, 0x1.17db2ed5454e8p-2, 0x1.14bc7bb34ee67p-2,
    0x1.11a134fcf2423p-2, 0x1.0e895598709c4p-2, 0x1.0b74d88b242dap-2,
    0x1.0863b8f904336p-2, 0x1.0555f2242e9d9p-2, 0x1.024b7f6c7747ep-2,
    0x1.fe88b89df93c5p-3, 0x1.f88108cb83235p-3, 0x1.f27fe6ce998d2p-3,
    0x1.ec854a4c99c44p-3, 0x1.e6912b2283cddp-3, 0x1.e0a3816457184p-3,
    0x1.dabc455c7900ap-3, 0x1.d4db6f8b2514fp-3, 0x1.cf00f8a5e6fccp-3,
    0x1.c92cd9971df53p-3, 0x1.c35f0b7d89d47p-3, 0x1.bd9787abe18a1p-3,
    0x1.b7d647a8731aap-3, 0x1.b21b452ccd13ap-3, 0x1.ac667a2571807p-3,
    0x1.a6b7e0b19267ep-3, 0x1.a10f7322d7e3dp-3, 0x1.9b6d2bfd2fe5ap-3,
    0x1.95d105f6a7c28p-3, 0x1.903afbf74fa69p-3, 0x1.8aab09192815bp-3,
    0x1.852128a819a38p-3, 0x1.7f9d5621f7175p-3, 0x1.7a1f8d368a323p-3,
    0x1.74a7c9c7ab5a6p-3, 0x1.6f3607e964716p-3, 0x1.69ca43e21f25cp-3,
    0x1.64647a2adf19ep-3, 0x1.5f04a76f883fcp-3, 0x1.59aac88f31d6fp-3,
    0x1.5456da9c86835p-3, 0x1.4f08dade31fc1p-3, 0x1.49c0c6cf5ce2dp-3,
    0x1.447e9c20375d5p-3, 0x1.3f4258b6931aep-3, 0x1.3a0bfaae8d7eep-3,
    0x1.34db805b4ab88p-3, 0x1.2fb0e847c2a65p-3, 0x1.2a8c3137a071ap-3,
    0x1.256d5a2835eb7p-3, 0x1.2054625183c34p-3, 0x1.1b41492757d42p-3,
    0x1.16340e5a82d63p-3, 0x1.112cb1da26eb9p-3, 0x1.0c2b33d5209bap-3,
    0x1.072f94bb8bf85p-3, 0x1.0239d54067d2ap-3, 0x1.fa93ecb6b222cp-4,
    0x1.f0bff29520e1cp-4, 0x1.e6f7bf29aa54bp-4, 0x1.dd3b56176e88fp-4,
    0x1.d38abb9bd91e5p-4, 0x1.c9e5f493b740ap-4, 0x1.c04d0680b1015p-4,
    0x1.b6bff78f2e233p-4, 0x1.ad3ece9caf633p-4, 0x1.a3c9933ea6286p-4,
    0x1.9a604dc9d5b19p-4, 0x1.9103075a4a0abp-4, 0x1.87b1c9dbf2852p-4,
    0x1.7e6ca013eefd6p-4, 0x1.753395aaa1176p-4, 0x1.6c06b73694a4cp-4,
    0x1.62e6124854d18p-4, 0x1.59d1b577466a4p-4, 0x1.50c9b06fa2baep-4,
    0x1.47ce1401b2213p-4, 0x1.3edef23269a86p-4, 0x1.35fc5e4d93e7p-4,
    0x1.2d266cf9b3115p-4, 0x1.245d344dd0d96p-4, 0x1.1ba0cbe978982p-4,
    0x1.12f14d0f217a2p-4, 0x1.0a4ed2c159629p-4, 0x1.01b979e30e49dp-4,
    0x1.f262c2b6c6e41p-5, 0x1.e16d547b25194p-5, 0x1.d092efeadf171p-5,
    0x1.bfd3e0f282a3ep-5, 0x1.af30790385f81p-5, 0x1.9ea90f9295573p-5,
    0x1.8e3e02a68b5bbp-5, 0x1.7defb77af272dp-5, 0x1.6dbe9b398d072p-5,
    0x1.5dab23cf2adddp-5, 0x1.4db5d0e112764p-5, 0x1.3ddf2ce98eecbp-5,
    0x1.2e27ce83df497p-5, 0x1.1e9059f1f6abcp-5, 0x1.0f1982e968011p-5,
    0x1.ff881d718a5c4p-6, 0x1.e121adb828c75p-6, 0x1.c301983cd091ap-6,
    0x1.a529f4e22ebf8p-6, 0x1.879d1b600c10ap-6, 0x1.6a5daf40bbf82p-6,
    0x1.4d6eaf2fbb064p-6, 0x1.30d388dab5e13p-6, 0x1.1490334603012p-6,
    0x1.f152a4f72dd49p-7, 0x1.ba48d274f8facp-7, 0x1.841040d8da478p-7,
    0x1.4eb96421acfep-7, 0x1.1a59229952f92p-7, 0x1.ce160f8ec6837p-8,
    0x1.69ea8d90cb85dp-8, 0x1.08a1f03b0b205p-8, 0x1.55f9f43c1b072p-9,
    0x1.4a605b6b9f70fp-10,
};
