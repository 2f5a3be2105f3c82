/*
 * hold.c: the classic hold benchmark (Jones 1986) for every calendar kind.
 *
 * Fill the calendar with n events at Exp(1) times, run n warm-up holds so the
 * time distribution settles, then time H holds. A hold is one pop plus one
 * push at the popped time + Exp(1), so the size stays n. The H holds run as
 * 5 slices and the fastest slice counts. Prints a markdown table of ns per
 * hold (RNG draw included; its cost is printed below the table) for
 * docs/performance.md.
 *
 * Usage: hold [scale]   scale multiplies every H (default 1; 0.1 = quick).
 */
#include "azalea/calendar.h"
#include "rng_impl.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static const az_calendar_kind kinds[] = {AZ_CAL_BINARY_HEAP, AZ_CAL_QUAD_HEAP,
                                         AZ_CAL_PAIRING_HEAP,
                                         AZ_CAL_CALENDAR_QUEUE};
enum { NKINDS = sizeof kinds / sizeof kinds[0] };

/* H per size: about 0.3-1 s per cell on a 2020s server core. */
static const struct {
    size_t n;
    double holds;
} sizes[] = {{10, 2e7}, {1000, 8e6}, {100000, 3e6}, {1000000, 1e6}};
enum { NSIZES = sizeof sizes / sizeof sizes[0] };
/* The sizes a line model sees: the first three rows. */
enum { NLINE = 3 };
enum { CHUNKS = 5 };

static double seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static double exp1(az_rng *r) { return -log(azi_rng_uniform(r)); }

static void die(const char *what, az_status rc)
{
    fprintf(stderr, "hold: %s: %s\n", what, az_strerror(rc));
    exit(1);
}

static void hold_n(az_calendar *c, az_rng *r, long h)
{
    az_event ev;
    for (long i = 0; i < h; i++) {
        az_status rc = az_calendar_pop(c, &ev);
        if (rc == AZ_OK)
            rc = az_calendar_push(c, ev.time + exp1(r), 0, ev.type, ev.obj,
                                  ev.data, NULL, NULL);
        if (rc != AZ_OK)
            die("hold", rc);
    }
}

/* ns per hold for one (kind, n) cell; *sink defeats dead-code removal. */
static double cell(az_calendar_kind kind, size_t n, long h, double *sink)
{
    az_calendar *c;
    az_status rc = az_calendar_create(kind, n, &c, NULL);
    if (rc != AZ_OK)
        die("create", rc);
    az_rng r;
    az_rng_init(&r, 20240601, 0, 1);
    for (size_t i = 0; i < n; i++)
        if ((rc = az_calendar_push(c, exp1(&r), 0, 0, (uint32_t)i, i, NULL,
                                   NULL)) != AZ_OK)
            die("fill", rc);
    hold_n(c, &r, (long)n);
    /* The best of CHUNKS equal slices: other processes on the machine only
     * ever add time, so the minimum is the least disturbed estimate. */
    long slice = h / CHUNKS > 0 ? h / CHUNKS : 1;
    double best = INFINITY;
    for (int k = 0; k < CHUNKS; k++) {
        double t0 = seconds();
        hold_n(c, &r, slice);
        double dt = seconds() - t0;
        if (dt < best)
            best = dt;
    }
    *sink += az_calendar_now(c);
    az_calendar_free(c);
    return 1e9 * best / (double)slice;
}

/* ns per Exp(1) draw alone, to read the table's fixed overhead. */
static double draw_cost(double *sink)
{
    az_rng r;
    az_rng_init(&r, 1, 0, 1);
    long h = 20000000;
    double s = 0.0, t0 = seconds();
    for (long i = 0; i < h; i++)
        s += exp1(&r);
    double t1 = seconds();
    *sink += s;
    return 1e9 * (t1 - t0) / (double)h;
}

int main(int argc, char **argv)
{
    double scale = argc > 1 ? atof(argv[1]) : 1.0;
    if (!(scale > 0.0)) {
        fprintf(stderr, "usage: hold [scale > 0]\n");
        return 2;
    }
    double ns[NSIZES][NKINDS], sink = 0.0;
    printf("| n |");
    for (int k = 0; k < NKINDS; k++)
        printf(" %s |", az_calendar_kind_name(kinds[k]));
    printf(" fastest |\n|---:|");
    for (int k = 0; k < NKINDS; k++)
        printf("---:|");
    printf("---|\n");
    for (int s = 0; s < NSIZES; s++) {
        long h = (long)(sizes[s].holds * scale);
        if (h < 1)
            h = 1;
        int best = 0;
        printf("| %zu |", sizes[s].n);
        for (int k = 0; k < NKINDS; k++) {
            ns[s][k] = cell(kinds[k], sizes[s].n, h, &sink);
            if (ns[s][k] < ns[s][best])
                best = k;
            printf(" %.1f |", ns[s][k]);
            fflush(stdout);
        }
        printf(" %s |\n", az_calendar_kind_name(kinds[best]));
    }
    /* Geometric mean over the line-model sizes: each size counts equally
     * whatever its absolute cost. */
    int best = 0;
    double gm[NKINDS];
    printf("| geo-mean 10..1e5 |");
    for (int k = 0; k < NKINDS; k++) {
        double l = 0.0;
        for (int s = 0; s < NLINE; s++)
            l += log(ns[s][k]);
        gm[k] = exp(l / NLINE);
        if (gm[k] < gm[best])
            best = k;
        printf(" %.1f |", gm[k]);
    }
    printf(" %s |\n\n", az_calendar_kind_name(kinds[best]));
    printf("ns per hold, including one Exp(1) draw (%.1f ns alone). "
           "AZ_CAL_DEFAULT is %s.\n",
           draw_cost(&sink), az_calendar_kind_name(AZ_CAL_DEFAULT));
    if (sink == 42.0) /* never; keeps the work observable */
        printf("%g\n", sink);
    return 0;
}
