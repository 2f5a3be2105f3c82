/*
 * bottleneck.h: shifting-bottleneck detection by the active-period method
 * (Roser, Nakano and Tanaka, 2001-2002), computed while the run goes, in
 * bounded memory.
 *
 * A station is active while none of its machines waits for a unit, for room
 * downstream or for a shift (working, setting up, failed and waiting for an
 * operator all count as active). At each instant the momentary bottleneck is
 * the station whose current active period, taken whole, is the longest.
 * Where the bottleneck's period overlaps the period of the bottleneck before
 * or after it, the bottleneck is shifting; elsewhere it is the sole one.
 *
 * Times are on the caller's clock. The engine passes working time (engine.h,
 * azi_bn_clock): it stops while no station works, so a shift's end neither
 * ends a period nor lengthens it, and every station's period resumes at the
 * next working time as if the night had not been (otherwise each morning
 * restarts the line, the upstream stations' periods start first and contain
 * the downstream ones, and the first station is named whatever limits the
 * line).
 *
 * Ties: periods of equal length covering an instant are tied, and so are the
 * unbounded ones: still open at the end and covering half the statistics
 * window or more (a station that never waited, as ahead of a growing queue):
 * their true lengths are unknown, and their order would only say which
 * started first. Time in a tie is split equally among the tied stations, as
 * shifting, and also kept apart (tied), so the results can say that the
 * method could not rank them; no station is chosen by its index.
 */
#ifndef AZALEA_BOTTLENECK_H
#define AZALEA_BOTTLENECK_H

#include <stdint.h>

#include "archive.h"
#include "azalea/error.h"

typedef struct azi_period {
    double start, end;
    uint32_t station;
    uint32_t unbounded; /* open at the end, over half the window: no length */
} azi_period;

typedef struct azi_bneck {
    uint32_t nst;
    /* Per station, together so a change touches one cache line: since is
     * the start of its open period, or -1. A period that just ended stays
     * pending (pend_start, pend_end; pend_start < 0: none) until time
     * moves on: a station that is active again at the same instant (one
     * unit done, the next started) has not been interrupted. */
    struct azi_bn_station {
        double since, pend_start, pend_end;
    } *stn;
    azi_period *buf;    /* closed periods that end after `done` */
    uint32_t n, cap;
    uint32_t settle_at; /* buffer size that triggers the next settle */
    uint64_t settles;   /* sweeps done (the tests check they stay few) */
    uint32_t dom;       /* the station whose running period began earliest
                           when last looked (UINT32_MAX: none), and */
    double dom_since;   /* its start: periods inside it are dropped early */
    uint32_t since_scan; /* periods closed since dom was looked for */
    double done;        /* the timeline is settled up to here */
    double from;        /* statistics count from here (warm-up) */
    /* The last bottleneck segment is held back until the next one is known,
     * because whether it is shifting depends on both neighbours. */
    int have_seg, have_prev, have_alt;
    azi_period seg, prev; /* their whole active periods */
    azi_period alt;     /* after a tie, another tied period: the previous
                           bottleneck of a segment of prev's own station */
    double seg_a, seg_b;  /* the part of seg during which it is the bottleneck */
    double *sole, *shifting; /* per station: time since `from` */
    double *tied;       /* per station: the part of shifting in ties */
    void *ev;           /* sweep scratch: two events per buffered period */
    uint32_t *live;     /* sweep scratch: heap of periods covering the sweep
                           point, longest first */
    uint32_t *livepos;  /* per station: its period's slot in live */
} azi_bneck;

az_status azi_bn_init(azi_bneck *b, uint32_t nstations, az_error *err);
void azi_bn_free(azi_bneck *b);
/* Forgets everything: all stations inactive, statistics from t. */
void azi_bn_reset(azi_bneck *b, double t);
/* Warm-up: statistics count from t on. */
void azi_bn_restart(azi_bneck *b, double t);
/* Writes or reads (ar) the whole detector: open, pending and buffered
 * periods, the held segments and the shares so far (engine/snapshot.c).
 * AZ_ENOMEM; a bad archive sets ar->bad. */
az_status azi_bn_io(azi_bneck *b, azi_ar *ar, az_error *err);
/* Station x becomes active / inactive at time t. */
az_status azi_bn_active(azi_bneck *b, uint32_t x, double t, az_error *err);
az_status azi_bn_inactive(azi_bneck *b, uint32_t x, double t, az_error *err);
/* Ends the run at t: open periods close, everything is accounted. */
az_status azi_bn_finish(azi_bneck *b, double t, az_error *err);

#endif
