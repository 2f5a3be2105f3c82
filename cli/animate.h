/*
 * animate.h: what the two halves of `azalea animate` share: animate_rec.c
 * records one replication with an observer (sim.h) into compact arrays,
 * animate.c runs the command and writes the page around them
 * (docs/animate.md has the page and the data format). cli/ only.
 */
#ifndef AZALEA_CLI_ANIMATE_H
#define AZALEA_CLI_ANIMATE_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "azalea/experiment.h"
#include "azalea/model.h"
#include "azalea/sim.h"

/* A growing byte string. */
typedef struct anim_buf {
    unsigned char *b;
    size_t n, cap;
} anim_buf;

/* A place kind of the page's own after sim.h's: a batch machine's load,
 * set when a batch starts (az_observer.batch; the machine is its part). */
#define ANIM_BATCH AZ_PLACE_KINDS

/* One place an observer follows (az_place_change): its content, and for a
 * buffer the units in it, oldest first (unit id, product). */
typedef struct anim_place {
    az_place kind;
    uint32_t object, part;
    uint32_t count;
    uint32_t *unit, *product;
    size_t n, cap;
} anim_place;

/* The event types of the stream (docs/animate.md, "The data"). */
enum { ANIM_MACHINE, ANIM_PLACE, ANIM_ENTER, ANIM_LEAVE, ANIM_REWORK,
       ANIM_NTYPE };

typedef struct anim_rec {
    const az_model *m;
    double from, to;   /* the window, model time units */
    double tick;       /* model time units per tick of the stream */
    volatile sig_atomic_t stop; /* set past `to`: the run ends early */
    /* the line now */
    uint32_t nrow;     /* machines, stations in order */
    uint32_t *first_row;
    uint8_t *mstate;
    uint32_t *mprod, *munit;
    anim_place *place;
    size_t nplace, capplace;
    uint32_t *buf_place; /* [stations] its buffer's place, or UINT32_MAX */
    uint64_t released, done, scrapped, joined;
    /* the state at `from`, taken before the first event at or after it */
    int started;
    uint8_t *k_mstate;
    uint32_t *k_mprod, *k_munit, *k_count;
    size_t k_nplace;
    uint32_t **k_queue;  /* [k_nplace] units then products, or NULL */
    size_t *k_qlen;
    uint64_t k_released, k_done, k_scrapped, k_joined;
    /* the events from `from` to `to` */
    anim_buf ev;
    uint64_t nev;
    int64_t last_tick;
    int oom;
    size_t max_bytes;  /* the cap on ev (--max-mb); 0: none */
    int full;          /* ev passed max_bytes: the run was stopped */
    double full_at;    /* the time of the event that passed it */
} anim_rec;

/* Runs replication `replication` (0-based) of m with cfg's seed, horizon
 * and warm-up, as az_trace_csv does, recording [from, to] into r, at most
 * max_bytes of events (0: no cap). 0; 1 having said why (the run failed,
 * out of memory); 2 having said that the window's events pass max_bytes
 * and where, the run then stopped early. Free r with anim_rec_free in
 * every case. */
int anim_record(anim_rec *r, const az_model *m,
                const az_experiment_config *cfg, uint32_t replication,
                double from, double to, size_t max_bytes);
void anim_rec_free(anim_rec *r);

/* Appends x as a little-endian base-128 varint. 0, or -1 out of memory. */
int anim_varint(anim_buf *b, uint64_t x);
/* Writes the bytes as base64 to f. */
void anim_base64(FILE *f, const unsigned char *b, size_t n);

/* The page's script and style sheet (cli/animate.js, cli/animate.css),
 * built into the binary by the Makefile (gen/animate_assets.c). */
extern const unsigned char cli_animate_js[];
extern const unsigned char cli_animate_css[];

#endif
