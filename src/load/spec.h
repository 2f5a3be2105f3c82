/*
 * spec.h: what a model file says, section by section, as the loader holds
 * it between its three passes (load.c): read and checked value by value
 * (pass 1), cross-checked by name (pass 2), then built into an az_model
 * (pass 3); and the shared helpers of names.c, the layer every section
 * stands on (doc.h has the whole layering). The sections' own functions
 * are in sections.h.
 *
 * Everything here lives in the loader's arena; distributions are registered
 * with it and cleared by azi_load_free. Indices into the spec arrays are
 * long, -1 meaning "unknown or broken": a check that needs a broken part is
 * skipped, since that part was already reported.
 */
#ifndef AZALEA_LOAD_SPEC_H
#define AZALEA_LOAD_SPEC_H

#include "load/value.h"
#include "util/strmap.h"

#define OFF(type, field) offsetof(type, field)
#define NFIELDS(f) (sizeof f / sizeof *f)
#define BIT(i) (1u << (i))
/* A number macro as the text of a table's default: AZI_STR(DEFAULT_REPS). */
#define AZI_STR_(x) #x
#define AZI_STR(x) AZI_STR_(x)

/* The name of the one source; products, stations, buffers and pools may
 * not use it, since they share the model's namespace with it. */
#define AZI_SOURCE_NAME "release"
/* Units one cycle of a release sequence may hold once its counts are
 * expanded: 4 bytes each in the engine, so at most 4 MB. */
#define AZI_SEQUENCE_MAX 1000000u

typedef struct top_spec {
    const char *name, *description, *time_unit;
    const azi_load_node *run, *products, *release, *stations, *buffers,
        *routes, *operators, *shifts;
    const azi_load_node *improve, *optimize;
} top_spec;

typedef struct run_spec {
    double horizon, warmup, level; /* model time units; level in (0, 1) */
    uint32_t replications;
    uint64_t seed;
    const azi_load_node *warmup_node; /* a duration or `auto` */
    int warmup_auto;
    int has_start;  /* `start`: time 0 on the plant's clock (util/date.h) */
    int64_t start;
} run_spec;

/* Bits of PRODUCT_FIELDS (sections.c), for seen. */
enum { PRODUCT_NAME = BIT(0), PRODUCT_MIX = BIT(2), PRODUCT_LOT = BIT(4) };

typedef struct product_spec {
    const azi_load_node *node, *route;
    const char *name, *family; /* family: NULL when not given */
    double mix;
    uint32_t lot;  /* its own lot size (release lots), 0: not given */
    uint32_t priority; /* dispatching priority, 0: none */
    azi_load_seen seen;
    long route_ix; /* resolved route, or -1 */
    uint32_t idx;  /* in the model */
} product_spec;

/* ---- stations ------------------------------------------------------------ */

typedef struct by_product {
    const azi_load_node *key; /* the product's name */
    az_dist process;
    long product; /* resolved, or -1 */
} by_product;

typedef struct setup_pair {
    const azi_load_node *node; /* the {from, to, time} item */
    const azi_load_node *from, *to;
    az_dist time;
    int ok; /* every key given and valid */
} setup_pair;

typedef struct setup_spec {
    az_dist same, other, first;
    const azi_load_node *between, *op;
    setup_pair *pair;
    size_t npair;
    azi_load_seen seen;
    long pool; /* operator pool, or -1 */
} setup_spec;

typedef struct failure_spec {
    az_dist between, repair; /* between: read once the clock is known */
    int clock; /* az_failure_clock */
    const azi_load_node *op, *between_node;
    azi_load_seen seen;
    long pool;
} failure_spec;

/* A station's planned maintenance (maintain.c). */
typedef struct maint_spec {
    const azi_load_node *every_node, *op;
    int clock;        /* az_maintenance_clock */
    double every;     /* time clocks: model time units */
    uint32_t cycles;  /* the cycle clock */
    az_dist duration;
    int finish_unit;
    azi_load_seen seen;
    long pool;        /* the technicians' pool, or -1 */
    int ok;           /* every key valid and consistent */
} maint_spec;

typedef struct batch_spec {
    uint32_t max, min; /* min defaults to max */
    double max_wait;   /* model time units; INFINITY when not given */
    int family_pure;
    azi_load_seen seen;
    int ok; /* max, min and max_wait valid and consistent */
} batch_spec;

/* One component of an assembly station: QTY units of a product. */
typedef struct comp_spec {
    const azi_load_node *key; /* the product's name */
    uint32_t qty;
    int qty_ok;
    long product; /* resolved, or -1 */
    uint32_t store; /* store capacity, AZ_UNLIMITED if not given */
} comp_spec;

typedef struct station_spec {
    const azi_load_node *key, *val;
    const char *name; /* NULL if the key is not a valid name */
    uint32_t machines;
    az_dist process;
    const azi_load_node *by, *speeds, *setup_node, *fail_node, *batch_node,
        *op, *assemble, *maint_node;
    comp_spec *comp; /* assembly: the components, or NULL */
    size_t ncomp;
    by_product *bp;
    size_t nbp;
    double *speed; /* one per machine when valid, else NULL */
    uint32_t carton; /* 0: no packaging */
    int has_pack;    /* carton: {size, time}: a pack time per carton */
    az_dist pack;
    int scrap_kits;  /* assembly: kits go with units scrapped before it */
    int dispatch;    /* az_dispatch_rule */
    setup_spec *setup;  /* NULL: none (or broken) */
    failure_spec *fail; /* NULL: none (or broken) */
    maint_spec *maint;  /* NULL: none; check maint->ok */
    batch_spec *batch;  /* NULL: none; check batch->ok */
    long pool;          /* operator pool of the process, or -1 */
    const azi_load_node *cal_node; /* `calendar`, or NULL: the line's */
    long cal;           /* its calendar (shifts.cal), or -1 */
    azi_load_seen seen;
    int buffer; /* index of the buffer feeding it, or -1 */
    uint32_t idx;
} station_spec;

/* Bits of STATION_FIELDS (station.c), for seen. */
enum {
    ST_MACHINES = BIT(0),
    ST_CARTON = BIT(7),
    ST_ASSEMBLE = BIT(9),
    ST_SCRAP_KITS = BIT(10),
};

/* A pool's size during one shift. */
typedef struct pool_shift {
    const azi_load_node *key; /* the shift's name */
    uint32_t size;
    long shift; /* resolved, or -1 */
} pool_shift;

typedef struct pool_spec {
    const azi_load_node *key, *val, *by_shift;
    const char *name; /* NULL if the key is not a valid name */
    uint32_t size;
    int ok;
    pool_shift *bs; /* sizes by shift, or NULL */
    size_t nbs;
    const azi_load_node *cal_node; /* `calendar`, or NULL: the line's */
    long cal;           /* its calendar (shifts.cal), or -1 */
    uint32_t idx;
} pool_spec;

typedef struct buffer_spec {
    const azi_load_node *key, *val, *to, *from;
    const char *name;
    uint32_t capacity; /* AZ_UNLIMITED for `unlimited` */
    az_dist transport; /* a conveyor: when seen has BUFFER_TRANSPORT */
    azi_load_seen seen;
    long to_ix, from_ix; /* stations, or -1 */
} buffer_spec;

/* Bits of BUFFER_FIELDS (sections.c), for seen. */
enum { BUFFER_CAPACITY = BIT(1), BUFFER_TRANSPORT = BIT(3) };

/* ---- routes -------------------------------------------------------------- */

typedef struct yield_entry {
    const azi_load_node *key; /* a product name */
    double yield;
    long product; /* resolved, or -1 */
} yield_entry;

typedef struct step_spec {
    const azi_load_node *node;    /* the step as written */
    const azi_load_node *station; /* the station's name */
    const azi_load_node *yield, *rework;
    uint32_t max_rework, sample_every;
    int destructive;
    azi_load_seen seen;
    long st, rework_st; /* resolved stations, or -1 */
    int test;           /* a valid yield was given */
    double yield_default;
    yield_entry *ye;
    size_t nye;
} step_spec;

/* Bits of STEP_FIELDS (route.c), for seen. */
enum {
    STEP_YIELD = BIT(1),
    STEP_REWORK = BIT(2),
    STEP_MAX_REWORK = BIT(3),
    STEP_SAMPLE = BIT(4),
    STEP_DESTRUCTIVE = BIT(5),
};

typedef struct route_spec {
    const azi_load_node *key, *steps;
    const char *name;
    step_spec *step;
    size_t n;
    int ok; /* every step names a station; no broken sample_every */
} route_spec;

/* ---- release and shifts -------------------------------------------------- */

/* One row of a production plan. `product` is a scalar node located in the
 * plan file, so that names resolve (and fail) like the model's own. */
typedef struct plan_row {
    azi_load_node product;
    uint32_t day, quantity;
    long prod; /* resolved, or -1 */
} plan_row;

/* One row of an order list (orders.c); times in model units. */
typedef struct order_row {
    azi_load_node id, product;
    uint32_t quantity, priority;
    double release, due;
    long prod; /* resolved, or -1 */
} order_row;

/* One campaign of the release (campaign.c). */
typedef struct campaign_spec {
    const azi_load_node *node;
    const char *family;
    uint32_t units;
    double time;
    int ok; /* read, with a family and exactly one of units and time */
} campaign_spec;

typedef struct release_spec {
    az_dist interarrival;
    uint32_t wip_cap; /* 0: none */
    const azi_load_node *sequence, *plan, *orders, *campaigns;
    int order_by_priority; /* order_by: priority */
    int queue;             /* blocked: queue */
    uint32_t lot;      /* 0: a product drawn per unit */
    int lot_together;  /* lot_arrival: together */
    azi_load_seen seen;
    long *seq; /* resolved products of the sequence */
    size_t nseq;
    int seq_ok;  /* given, and every product known */
    plan_row *row; /* the plan's rows, in file order */
    size_t nrow;
    int plan_read; /* the plan file was read and every row is valid */
    int plan_ok;   /* ... and every product in it is known */
    campaign_spec *camp; /* the campaigns, in order */
    size_t ncamp;
    int camp_ok;       /* every campaign read and its family known */
    order_row *order; /* the order list's rows, in file order */
    size_t norder;
    int orders_read; /* the file was read and every row is valid */
    int orders_ok;   /* ... and every product in it is known */
} release_spec;

/* Bits of RELEASE_FIELDS (sections.c), for seen. */
enum {
    REL_INTERARRIVAL = BIT(0),
    REL_WIP_CAP = BIT(1),
    REL_SEQUENCE = BIT(2),
    REL_PLAN = BIT(3),
    REL_LOT = BIT(4),
    REL_LOT_ARRIVAL = BIT(5),
    REL_ORDERS = BIT(6),
    REL_ORDER_BY = BIT(7),
    REL_CAMPAIGNS = BIT(8),
};

typedef struct shift_spec {
    const azi_load_node *node, *name_node; /* name_node: NULL by default */
    const char *name; /* "shift<i>" by default; NULL if not a valid name */
    int start, end; /* minutes after midnight; end may be 1440 (24:00) */
    unsigned days;  /* bit 0 Monday .. bit 6 Sunday */
    int ok;
    uint32_t first, count; /* the model's shifts built from it (pass 3) */
} shift_spec;

typedef struct break_spec {
    int start;       /* minutes after midnight */
    double duration; /* seconds */
    int ok;
} break_spec;

typedef struct shifts_spec {
    const azi_load_node *pattern, *breaks, *holidays, *calendars;
    int off_shift; /* az_off_shift */
    shift_spec *shift;
    size_t nshift;
    break_spec *brk;
    size_t nbreak;
    uint32_t *holiday;
    size_t nholiday;
    azi_strmap names; /* shift name -> index */
    int names_ok;         /* every shift has a valid, unique name */
    struct calendar_spec *cal; /* `calendars` (shift.c), or NULL */
    size_t ncal;
    azi_strmap cal_names; /* calendar name -> index */
} shifts_spec;

/* A calendar of its own under `shifts.calendars`: a pattern and breaks
 * read as the line's (sh.holidays and sh.calendars stay NULL). */
typedef struct calendar_spec {
    const azi_load_node *key, *val;
    const char *name; /* NULL if the key is not a valid name */
    shifts_spec sh;
    uint32_t idx;     /* in the model (pass 3) */
} calendar_spec;

/* One name of the shared namespace. */
typedef struct name_entry {
    const char *kind; /* "product", "station", "buffer", "pool" */
    azi_load_loc loc;
} name_entry;

typedef struct model_spec {
    const azi_load_node *root;
    top_spec top;
    run_spec run;
    release_spec release;
    product_spec *prod;
    size_t nprod;
    int products_ok; /* the list itself was readable */
    station_spec *st;
    size_t nst;
    pool_spec *pool;
    size_t npool;
    buffer_spec *buf;
    size_t nbuf;
    route_spec *route;
    size_t nroute;
    shifts_spec shifts; /* shifts.shift == NULL: none */
    azi_strmap names, stations, products, routes, pools;
    name_entry *entry;
    size_t nentry;
} model_spec;

/* ---- shared helpers (names.c) -------------------------------------------- */

/* Maps key to val in m; 0, or -1 and L->oom set when out of memory. */
int azi_names_put(azi_load *L, azi_strmap *m, const char *key, long val);

/* s in single quotes, cleaned for a message. */
const char *azi_names_quoted(const char *s, char *buf, size_t size);
/* "station 'placer'" and the like. */
const char *azi_names_naming(const char *kind, const char *name, char *buf,
                             size_t size);
/* The key node of `key` in map, or NULL. */
const azi_load_node *azi_names_key_of(const azi_load_node *map,
                                      const char *key);
/* "line 12", or "--set" for a location in an override. */
void azi_names_where(azi_load_loc loc, char *buf, size_t size);
/* Enters a product, station, buffer or pool name in the shared namespace;
 * the later of two equal names (in file order) is the one reported. */
void azi_names_add(azi_load *L, model_spec *ms, const char *kind,
                   const char *name, azi_load_loc loc);
/* Looks n's name up in ix; reports "undefined KIND 'x' in CONTEXT; did you
 * mean ...?" at n when it is not there and returns -1. cand/stride/count
 * walk the names to suggest from (a const char * at that stride, NULLs
 * skipped). */
long azi_names_resolve(azi_load *L, const azi_strmap *ix,
                       const azi_load_node *n, const char *kind,
                       const char *context, const void *cand, size_t stride,
                       size_t count);
long azi_names_resolve_station(azi_load *L, const model_spec *ms,
                               const azi_load_node *n, const char *context);
long azi_names_resolve_product(azi_load *L, const model_spec *ms,
                               const azi_load_node *n, const char *context);
/* For each product, whether the release ever releases it (by its mix, its
 * sequence or its plan); NULL when that is not known (a broken product,
 * mix, sequence, plan or order list), or out of memory. */
const char *azi_names_released(azi_load *L, const model_spec *ms);
/* The family of a product (its name when not given). */
const char *azi_names_family(const product_spec *p);

/* An error from model.h after our own checks passed (a gap in them) is
 * reported at `at`; AZ_ENOMEM sets L->oom. Returns rc. */
az_status azi_names_api(azi_load *L, const azi_load_node *at, az_status rc,
                        const az_error *e);

#endif
