/*
 * hold_cell.c: one cell of bench/hold (one calendar kind, one size n), for
 * counting instructions rather than timing: callgrind's count is exact and
 * does not care what else runs on the machine.
 *
 * Usage: hold_cell KIND N HOLDS   (KIND: binary-heap, quad-heap,
 *                                  pairing-heap)
 * Fills the calendar with N events at Exp(1) times and runs N + HOLDS holds
 * (pop, then push at the popped time + Exp(1)). Instructions per hold are
 *   (Ir(HOLDS = 3e5) - Ir(HOLDS = 1e5)) / 2e5
 * under `valgrind --tool=callgrind`, which cancels the fill and the warm-up.
 * The Exp(1) draw is the same as bench/hold's (Philox + log).
 */
#include "azalea/calendar.h"
#include "rng_impl.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static double exp1(az_rng *r) { return -log(azi_rng_uniform(r)); }

static void die(const char *what, az_status rc)
{
    fprintf(stderr, "hold_cell: %s: %s\n", what, az_strerror(rc));
    exit(1);
}

int main(int argc, char **argv)
{
    static const az_calendar_kind kinds[] = {
        AZ_CAL_BINARY_HEAP, AZ_CAL_QUAD_HEAP, AZ_CAL_PAIRING_HEAP};
    int k = -1;
    for (int i = 0; argc == 4 && i < 3; i++)
        if (strcmp(argv[1], az_calendar_kind_name(kinds[i])) == 0)
            k = i;
    double n = argc == 4 ? atof(argv[2]) : 0, holds = argc == 4 ? atof(argv[3]) : 0;
    if (k < 0 || !(n >= 1) || !(holds >= 0)) {
        fprintf(stderr, "usage: hold_cell binary-heap|quad-heap|pairing-heap "
                        "N HOLDS\n");
        return 2;
    }
    az_calendar *c;
    az_status rc = az_calendar_create(kinds[k], (size_t)n, &c, NULL);
    if (rc != AZ_OK)
        die("create", rc);
    az_rng r;
    az_rng_init(&r, 20240601, 0, 1);
    for (size_t i = 0; i < (size_t)n; i++)
        if ((rc = az_calendar_push(c, exp1(&r), 0, 0, (uint32_t)i, i, NULL,
                                   NULL)) != AZ_OK)
            die("fill", rc);
    az_event ev;
    for (long i = 0; i < (long)(n + holds); i++) {
        rc = az_calendar_pop(c, &ev);
        if (rc == AZ_OK)
            rc = az_calendar_push(c, ev.time + exp1(&r), 0, ev.type, ev.obj,
                                  ev.data, NULL, NULL);
        if (rc != AZ_OK)
            die("hold", rc);
    }
    printf("%s n=%.0f: clock %.17g after %.0f holds\n",
           az_calendar_kind_name(kinds[k]), n, az_calendar_now(c), n + holds);
    az_calendar_free(c);
    return 0;
}
