/*
 * animate_rec.c: one replication recorded for `azalea animate` by an
 * observer (sim.h), the callbacks `--trace` is written from, so that the
 * replay and the trace cannot disagree. Before the window the observer
 * only keeps the line's state (machines, places and the units in each
 * buffer, counters); at the first event of the window it copies that
 * state (the page's first keyframe), then appends every event to a
 * stream of varints: time in ticks since the last event, type, integer
 * ids (docs/animate.md, "The data"). Past the window it asks the run to
 * stop (az_run_config.stop), so a day of a year-long model costs a day.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <nettle/base64.h>

#include "animate.h"
#include "cli.h"

int anim_varint(anim_buf *b, uint64_t x)
{
    if (b->cap - b->n < 10) {
        size_t cap = b->cap ? 2 * b->cap : 65536;
        unsigned char *nb = realloc(b->b, cap);
        if (!nb)
            return -1;
        b->b = nb;
        b->cap = cap;
    }
    while (x >= 0x80) {
        b->b[b->n++] = (unsigned char)(x | 0x80);
        x >>= 7;
    }
    b->b[b->n++] = (unsigned char)x;
    return 0;
}

void anim_base64(FILE *f, const unsigned char *b, size_t n)
{
    /* nettle's encoder, 3 KiB of input at a time (a multiple of 3 bytes:
     * no padding until the last piece) */
    char out[BASE64_ENCODE_RAW_LENGTH(3072)];
    for (size_t i = 0; i < n; i += 3072) {
        size_t len = n - i < 3072 ? n - i : 3072;
        base64_encode_raw(out, len, b + i);
        fwrite(out, 1, BASE64_ENCODE_RAW_LENGTH(len), f);
    }
}

/* ---- the line's state ---- */

/* The place (kind, object, part), added when first seen; UINT32_MAX out of
 * memory. Buffers, told most often, are found by their station. */
static uint32_t place_of(anim_rec *r, az_place kind, uint32_t object,
                         uint32_t part)
{
    size_t ns = az_model_station_count(r->m);
    if (kind == AZ_PLACE_BUFFER && object < ns &&
        r->buf_place[object] != UINT32_MAX)
        return r->buf_place[object];
    for (size_t i = 0; i < r->nplace; i++)
        if (r->place[i].kind == kind && r->place[i].object == object &&
            r->place[i].part == part)
            return (uint32_t)i;
    if (r->nplace == r->capplace) {
        size_t cap = r->capplace ? 2 * r->capplace : 64;
        anim_place *p = realloc(r->place, cap * sizeof *p);
        if (!p)
            return UINT32_MAX;
        r->place = p;
        r->capplace = cap;
    }
    r->place[r->nplace] = (anim_place){.kind = kind, .object = object,
                                       .part = part};
    if (kind == AZ_PLACE_BUFFER && object < ns)
        r->buf_place[object] = (uint32_t)r->nplace;
    return (uint32_t)r->nplace++;
}

/* A buffer's units: in at the back, out by id (or the oldest if none). */
static int queue_in(anim_place *p, uint32_t unit, uint32_t product)
{
    if (p->n == p->cap) {
        size_t cap = p->cap ? 2 * p->cap : 16;
        uint32_t *u = realloc(p->unit, cap * sizeof *u);
        if (!u)
            return -1;
        p->unit = u;
        uint32_t *q = realloc(p->product, cap * sizeof *q);
        if (!q)
            return -1;
        p->product = q;
        p->cap = cap;
    }
    p->unit[p->n] = unit;
    p->product[p->n++] = product;
    return 0;
}

static void queue_out(anim_place *p, uint32_t unit)
{
    size_t k = 0;
    while (unit && k < p->n && p->unit[k] != unit)
        k++;
    if (k == p->n)
        k = 0;
    if (!p->n)
        return;
    memmove(p->unit + k, p->unit + k + 1, (p->n - k - 1) * sizeof *p->unit);
    memmove(p->product + k, p->product + k + 1,
            (p->n - k - 1) * sizeof *p->product);
    p->n--;
}

/* Copies the line's state: the page's state at `from`. */
static void keyframe(anim_rec *r)
{
    r->started = 1;
    size_t np = r->nplace ? r->nplace : 1;
    r->k_mstate = malloc(r->nrow ? r->nrow : 1);
    r->k_mprod = malloc((r->nrow ? r->nrow : 1) * sizeof *r->k_mprod);
    r->k_munit = malloc((r->nrow ? r->nrow : 1) * sizeof *r->k_munit);
    r->k_count = malloc(np * sizeof *r->k_count);
    r->k_queue = calloc(np, sizeof *r->k_queue);
    r->k_qlen = calloc(np, sizeof *r->k_qlen);
    if (!r->k_mstate || !r->k_mprod || !r->k_munit || !r->k_count ||
        !r->k_queue || !r->k_qlen) {
        r->oom = 1;
        return;
    }
    memcpy(r->k_mstate, r->mstate, r->nrow);
    memcpy(r->k_mprod, r->mprod, r->nrow * sizeof *r->mprod);
    memcpy(r->k_munit, r->munit, r->nrow * sizeof *r->munit);
    r->k_nplace = r->nplace;
    for (size_t i = 0; i < r->nplace; i++) {
        anim_place *p = &r->place[i];
        r->k_count[i] = p->count;
        if (p->kind != AZ_PLACE_BUFFER || !p->n)
            continue;
        if (!(r->k_queue[i] = malloc(2 * p->n * sizeof **r->k_queue))) {
            r->oom = 1;
            return;
        }
        memcpy(r->k_queue[i], p->unit, p->n * sizeof *p->unit);
        memcpy(r->k_queue[i] + p->n, p->product, p->n * sizeof *p->product);
        r->k_qlen[i] = p->n;
    }
    r->k_released = r->released;
    r->k_done = r->done;
    r->k_scrapped = r->scrapped;
    r->k_joined = r->joined;
}

/* Whether an event at t is recorded: before the window it only changes
 * the state; the first one in it takes the keyframe; past it the run is
 * asked to stop. Records the event's header (ticks since the last, type). */
static int in_window(anim_rec *r, double t, int type)
{
    if (r->oom || r->full || t < r->from)
        return 0;
    if (t > r->to) {
        /* past the window; if nothing happened in it, the line's state
         * before this event is the window's whole story */
        if (!r->started)
            keyframe(r);
        r->stop = 1;
        return 0;
    }
    if (!r->started)
        keyframe(r);
    if (r->max_bytes && r->ev.n > r->max_bytes) {
        /* a page no browser would open: stop, and say where it filled */
        r->full = 1;
        r->full_at = t;
        r->stop = 1;
        return 0;
    }
    /* up to the next tick, never down: the page shows an event at most a
     * tick late, never before it happened (at t, what happened by t) */
    int64_t k = (int64_t)ceil((t - r->from) / r->tick - 1e-6);
    if (k < r->last_tick)
        k = r->last_tick;
    uint64_t dt = (uint64_t)(k - r->last_tick);
    r->last_tick = k;
    r->nev++;
    if (anim_varint(&r->ev, dt * ANIM_NTYPE + (uint64_t)type))
        r->oom = 1;
    return !r->oom;
}

static void put(anim_rec *r, uint64_t x)
{
    if (anim_varint(&r->ev, x))
        r->oom = 1;
}

/* ---- the observer ---- */

static void on_machine(void *ctx, double t, uint32_t station, uint32_t machine,
                       az_machine_state state, uint32_t product, uint32_t unit)
{
    anim_rec *r = ctx;
    uint32_t row = r->first_row[station] + machine;
    int rec = in_window(r, t, ANIM_MACHINE);
    r->mstate[row] = (uint8_t)state;
    r->mprod[row] = product == UINT32_MAX ? 0 : product + 1;
    r->munit[row] = unit;
    if (rec) {
        put(r, row);
        put(r, (uint64_t)state);
        put(r, r->mprod[row]);
        put(r, unit);
    }
}

static void on_enter(void *ctx, double t, uint32_t product, uint32_t unit)
{
    anim_rec *r = ctx;
    int rec = in_window(r, t, ANIM_ENTER); /* first: it may keyframe */
    r->released++;
    if (rec) {
        put(r, product);
        put(r, unit);
    }
}

static void on_leave(void *ctx, double t, uint32_t product, uint32_t unit,
                     az_unit_exit how, double lead)
{
    anim_rec *r = ctx;
    (void)lead;
    int rec = in_window(r, t, ANIM_LEAVE); /* first: it may keyframe */
    if (how == AZ_EXIT_DONE)
        r->done++;
    else if (how == AZ_EXIT_SCRAPPED)
        r->scrapped++;
    else
        r->joined++;
    if (rec) {
        put(r, product);
        put(r, unit);
        put(r, (uint64_t)how);
    }
}

static void on_place(void *ctx, double t, const az_place_change *c)
{
    anim_rec *r = ctx;
    uint32_t id = place_of(r, c->place, c->object, c->part);
    if (id == UINT32_MAX) {
        r->oom = 1;
        return;
    }
    /* the window's keyframe, if this starts it, is the state before the
     * change (a place first seen now holds nothing in it) */
    int rec = in_window(r, t, ANIM_PLACE);
    anim_place *p = &r->place[id];
    p->count = c->count;
    if (p->kind == AZ_PLACE_BUFFER) {
        for (int64_t k = 0; k < c->delta && !r->oom; k++)
            r->oom |= queue_in(p, k ? 0 : c->unit,
                               c->product == UINT32_MAX ? 0 : c->product + 1)
                      != 0;
        for (int64_t k = 0; k > c->delta; k--)
            queue_out(p, k ? 0 : c->unit);
    }
    if (rec) {
        put(r, id);
        put(r, c->count);
        put(r, c->product == UINT32_MAX ? 0 : (uint64_t)c->product + 1);
        put(r, c->unit);
    }
}

/* A batch starts: the page shows a batch machine's load as a place of its
 * own (ANIM_BATCH, the machine as its part), set when a batch starts. */
static void on_batch(void *ctx, double t, uint32_t station, uint32_t machine,
                     uint32_t product, uint32_t unit, uint32_t size)
{
    az_place_change c = {(az_place)ANIM_BATCH, station, machine, size, size,
                         product, unit};
    on_place(ctx, t, &c);
}

static void on_rework(void *ctx, double t, uint32_t from, uint32_t machine,
                      uint32_t to, uint32_t product, uint32_t unit,
                      uint32_t trip)
{
    anim_rec *r = ctx;
    (void)machine;
    (void)trip;
    if (in_window(r, t, ANIM_REWORK)) {
        put(r, from);
        put(r, to);
        put(r, product);
        put(r, unit);
    }
}

static const az_observer anim_observer = {
    .version = AZ_OBSERVER_VERSION, .machine = on_machine, .enter = on_enter,
    .leave = on_leave, .place = on_place, .batch = on_batch,
    .rework = on_rework};

void anim_rec_free(anim_rec *r)
{
    free(r->first_row);
    free(r->mstate);
    free(r->mprod);
    free(r->munit);
    for (size_t i = 0; i < r->nplace; i++) {
        free(r->place[i].unit);
        free(r->place[i].product);
    }
    free(r->place);
    free(r->buf_place);
    free(r->k_mstate);
    free(r->k_mprod);
    free(r->k_munit);
    free(r->k_count);
    for (size_t i = 0; r->k_queue && i < r->k_nplace; i++)
        free(r->k_queue[i]);
    free(r->k_queue);
    free(r->k_qlen);
    free(r->ev.b);
    *r = (anim_rec){0};
}

int anim_record(anim_rec *r, const az_model *m,
                const az_experiment_config *cfg, uint32_t replication,
                double from, double to, size_t max_bytes)
{
    *r = (anim_rec){.m = m, .from = from, .to = to, .max_bytes = max_bytes};
    /* a millisecond of plant time: far finer than any process time */
    r->tick = 0.001 / az_model_time_unit_seconds(m);
    size_t ns = az_model_station_count(m);
    r->first_row = malloc((ns ? ns : 1) * sizeof *r->first_row);
    r->buf_place = malloc((ns ? ns : 1) * sizeof *r->buf_place);
    if (!r->first_row || !r->buf_place)
        goto oom;
    for (size_t i = 0; i < ns; i++) {
        r->first_row[i] = r->nrow;
        r->nrow += az_model_station_machines(m, i);
        r->buf_place[i] = UINT32_MAX;
    }
    size_t nr = r->nrow ? r->nrow : 1;
    r->mstate = calloc(nr, 1);
    r->mprod = calloc(nr, sizeof *r->mprod);
    r->munit = calloc(nr, sizeof *r->munit);
    if (!r->mstate || !r->mprod || !r->munit)
        goto oom;
    az_sim *s;
    az_error err;
    az_status rc = az_sim_create(m, &s, &err);
    if (!rc && cfg->initial && (rc = az_sim_set_initial(s, cfg->initial,
                                                        &err)))
        az_sim_free(s);
    if (!rc && (rc = az_sim_set_observer(s, &anim_observer, r, &err)))
        az_sim_free(s);
    if (!rc) {
        az_run_config rcfg = {cfg->horizon, cfg->warmup, cfg->seed,
                              replication, &r->stop};
        rc = az_sim_run(s, &rcfg, &err);
        az_sim_free(s);
        if (rc == AZ_ESTOPPED && r->stop) /* past the window: as asked */
            rc = AZ_OK;
    }
    if (rc) {
        fprintf(stderr, "azalea: animate: %s\n", err.msg);
        return 1;
    }
    if (r->full) {
        char a[40], b[40], c[40];
        fprintf(stderr, "azalea: animate: the window %s to %s holds more "
                "than %zu MiB of events (--max-mb): they passed it at %s, "
                "after %llu events; a window ending before then fits, or "
                "raise --max-mb\n",
                cli_when_exact(m, r->from, a, sizeof a),
                cli_when_exact(m, r->to, b, sizeof b),
                r->max_bytes >> 20, cli_when_exact(m, r->full_at, c, sizeof c),
                (unsigned long long)r->nev);
        return 2;
    }
    if (!r->started && !r->oom) /* no event in the window */
        keyframe(r);
    if (!r->oom)
        return 0;
oom:
    fprintf(stderr, "azalea: animate: out of memory for the replay\n");
    return 1;
}
