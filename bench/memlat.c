/*
 * memlat.c: how long one dependent load takes on this machine, by working
 * set size. It explains the growth benchmark (docs/performance.md, Growth):
 * an event at a large model touches a dozen records that are not in the
 * core's own caches, and what each costs depends on where the records fit.
 *
 * Usage: build/rel/bench/memlat [BYTES ...]
 * Default sizes: 32 KiB to 64 MiB. For each size, a random cycle through
 * every 64-byte line of the block (Sattolo's algorithm, so one cycle visits
 * them all) is followed 2e7 times; each load's address depends on the last,
 * so the time per step is the full latency, with no overlap.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define LINE 64
#define STEPS 20000000u

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* xorshift64*: a fixed sequence, so every run walks the same cycle */
static uint64_t next_rand(uint64_t *x)
{
    *x ^= *x >> 12;
    *x ^= *x << 25;
    *x ^= *x >> 27;
    return *x * UINT64_C(2685821657736338717);
}

static int measure(size_t bytes)
{
    size_t n = bytes / LINE;
    if (n < 2) {
        fprintf(stderr, "memlat: %zu bytes is less than two lines\n", bytes);
        return 1;
    }
    size_t *next = aligned_alloc(LINE, n * LINE); /* one index per line */
    size_t *order = malloc(n * sizeof *order);
    if (!next || !order) {
        fprintf(stderr, "memlat: out of memory for %zu bytes\n", bytes);
        free(next);
        free(order);
        return 1;
    }
    const size_t stride = LINE / sizeof *next;
    uint64_t seed = 88172645463325252u;
    for (size_t i = 0; i < n; i++)
        order[i] = i;
    for (size_t i = n - 1; i > 0; i--) { /* Sattolo: a single cycle */
        size_t j = (size_t)(next_rand(&seed) % i);
        size_t t = order[i];
        order[i] = order[j];
        order[j] = t;
    }
    for (size_t i = 0; i < n; i++)
        next[order[i] * stride] = order[(i + 1) % n] * stride;
    size_t p = 0;
    for (size_t i = 0; i < n; i++) /* warm the caches and the TLB */
        p = next[p];
    double t0 = now();
    for (uint32_t i = 0; i < STEPS; i++)
        p = next[p];
    double ns = (now() - t0) * 1e9 / STEPS;
    printf("%10.0f KiB  %6.1f ns per load%s\n", bytes / 1024.0, ns,
           p == SIZE_MAX ? " " : ""); /* p used: the loop is not dropped */
    free(next);
    free(order);
    return 0;
}

int main(int argc, char **argv)
{
    static const double sizes[] = {32e3, 256e3, 512e3, 1e6, 2e6, 4e6,
                                   8e6, 12e6, 16e6, 32e6, 64e6};
    int rc = 0;
    if (argc > 1) {
        for (int i = 1; i < argc; i++) {
            char *end;
            double b = strtod(argv[i], &end);
            if (*end || !(b >= 128 && b <= 1e11)) {
                fprintf(stderr, "memlat: '%s' is not a size in bytes "
                                "(128 to 1e11)\n", argv[i]);
                return 2;
            }
            rc |= measure((size_t)b);
        }
        return rc;
    }
    for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++)
        rc |= measure((size_t)sizes[i]);
    return rc;
}
