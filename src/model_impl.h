/*
 * model_impl.h: the model's layout, shared by the model builder (model.c,
 * model_station.c, model_improve.c), the checker (model_check.c) and the
 * engine. Everything is in flat arrays indexed by uint32_t so the
 * engine reads it without pointer chasing.
 */
#ifndef AZALEA_MODEL_IMPL_H
#define AZALEA_MODEL_IMPL_H

#include "azalea/model.h"
#include "util/strmap.h"

typedef struct azi_override {
    uint32_t product;
    az_dist process;
} azi_override;

typedef struct azi_setup_pair {
    char *from, *to;    /* family names, owned */
    az_dist time;
} azi_setup_pair;

typedef struct azi_station {
    char *name;
    uint32_t machines;
    uint32_t buffer;    /* input buffer capacity or AZ_UNLIMITED */
    az_dist process;
    uint32_t nover, capover;
    azi_override *over; /* per-product process times, owned */
    double *speed;      /* per machine, owned; NULL: all 1 */
    /* changeovers: has_* says whether the rule applies */
    int has_same, has_other, has_first;
    az_dist setup_same, setup_other;
    az_dist setup_first;   /* a machine's first unit of a run */
    uint32_t npair, cappair;
    azi_setup_pair *pair; /* owned */
    /* batches: batch_max == 0 for a unit-at-a-time station */
    uint32_t batch_min, batch_max;
    double batch_wait;
    int batch_pure;
    int dispatch;       /* az_dispatch_rule */
    uint32_t carton;    /* > 0: packs cartons of this size */
    int has_pack;       /* a carton takes pack time once full */
    az_dist pack;
    uint32_t ncomp;     /* assembly: components joined per unit */
    uint32_t *comp, *comp_qty; /* owned: product, quantity */
    uint32_t *comp_store; /* owned: each component's store capacity
                           * (AZ_UNLIMITED: none) */
    int scrap_kits;     /* a unit bound here and scrapped upstream takes
                         * one kit of components with it */
    int has_transport;
    az_dist transport;  /* conveyor time into the buffer */
    uint32_t pool[4];   /* per az_activity: pool index or AZ_NO_STATION */
    /* failures */
    int fails;
    az_failure_clock fail_clock;
    az_dist fail_between, fail_repair;
    /* planned maintenance: when has_maint, maint as set but for its
     * duration, which is maint_duration (owned; maint.duration is NULL:
     * the station array moves as stations are added) */
    int has_maint;
    az_maintenance maint;
    az_dist maint_duration;
    uint64_t stream; /* az_rng_stream_id("station/<name>") */
    uint32_t calendar; /* its own calendar + 1; 0: the line's
                        * (model_calendar.c) */
} azi_station;

typedef struct azi_branch {
    uint32_t to;  /* step index or AZ_EXIT */
    double prob;
} azi_branch;

typedef struct azi_step {
    uint32_t station;
    uint32_t nbranch;   /* 0: go to the next step, or exit after the last */
    azi_branch *branch; /* owned */
    uint64_t stream;    /* for branch and test draws */
    double yield;       /* pass probability; 1 for a step that is no test */
    uint32_t rework;    /* rework station or AZ_NO_STATION */
    uint32_t max_rework;
    uint32_t sample_every; /* 0 or 1: every unit visits */
    int destructive;
} azi_step;

typedef struct azi_product {
    char *name;
    char *family;       /* owned; never NULL */
    uint32_t priority;  /* 1 most urgent; 0 none */
    uint32_t nstep, capstep;
    azi_step *step; /* owned */
} azi_product;

typedef struct azi_source {
    char *name;
    az_dist interarrival;
    uint32_t nmix, capmix;
    uint32_t *mix_product; /* owned */
    double *mix_share;     /* owned */
    uint32_t wip_cap;      /* 0: none */
    int queue;             /* blocked arrivals queue (else the source holds) */
    uint32_t nseq;
    uint32_t *seq;         /* owned: release order, or NULL for the mix */
    uint32_t lot;          /* 0: a product drawn per unit; else per lot */
    int lot_together;      /* a lot's units arrive at once */
    uint32_t nlot_of;      /* entries of lot_of */
    uint32_t *lot_of;      /* owned: a product's own lot size (0: lot) */
    uint32_t nplan;
    az_plan_entry *plan;   /* owned, sorted by day; NULL: no plan */
    uint32_t ncamp;
    az_campaign *camp;     /* owned with its family names; NULL: none
                            * (model_campaign.c) */
    uint32_t norder;
    az_order *order;       /* owned with its ids, sorted by release;
                            * NULL: no orders (model_orders.c) */
    int order_by_priority;
    uint64_t stream;
} azi_source;

typedef struct azi_pool {
    char *name;
    uint32_t size;
    uint32_t nshift;      /* entries in by_shift */
    uint32_t *by_shift;   /* owned: size per shift, AZ_UNLIMITED = base */
    uint32_t calendar;    /* its own calendar + 1; 0: the line's */
} azi_pool;

typedef struct azi_shift {
    double start, end; /* seconds after midnight */
    unsigned days;     /* bit 0 Monday .. bit 6 Sunday */
} azi_shift;

typedef struct azi_break {
    double start, duration; /* seconds */
} azi_break;

/* A calendar of its own (model_calendar.c): shifts and breaks as the
 * line's, the line's holidays. */
typedef struct azi_calendar {
    char *name;
    uint32_t nshift, capshift;
    azi_shift *shift;
    uint32_t nbreak, capbreak;
    azi_break *brk;
} azi_calendar;

struct az_model {
    char *name;
    char unit[16];     /* time unit name */
    double unit_s;     /* seconds per time unit */
    uint32_t nstation, capstation;
    azi_station *station;
    uint32_t nproduct, capproduct;
    azi_product *product;
    uint32_t nsource, capsource;
    azi_source *source;
    uint32_t npool, cappool;
    azi_pool *pool;
    uint32_t nshift, capshift;
    azi_shift *shift;
    char **shift_name;    /* nshift_name of them, owned, NULL: unnamed */
    uint32_t nshift_name;
    uint32_t nbreak, capbreak;
    azi_break *brk;
    uint32_t nholiday, capholiday;
    uint32_t *holiday;
    uint32_t ncal, capcal;   /* calendars of their own (model_calendar.c) */
    azi_calendar *cal;
    az_off_shift off_shift;
    int has_start;     /* az_model_set_start was called */
    int64_t start;     /* time 0 on the plant's clock, seconds */
    struct azi_improve *improve; /* model_improve.c; NULL: nothing said */
    struct azi_optimize *optimize; /* model_optimize.c; NULL: none */
    /* The set of the names above (model.c name_taken); the keys are the
     * entities' own strings. names_kind_seen: per kind (station, product,
     * source, pool), how many are in the set. */
    azi_strmap names;
    uint32_t names_kind_seen[4];
};

void azi_improve_free(struct azi_improve *im);
void azi_optimize_free(struct azi_optimize *op);

/* model_campaign.c: frees source s's campaigns. */
void azi_model_campaigns_free(azi_source *s);
/* model_campaign.c: az_model_check's part for campaigns (AZ_EBADMODEL). */
az_status azi_model_campaigns_check(const az_model *m, az_error *err);

/* model_calendar.c: frees the calendars; az_model_check's part for them
 * (each has a shift; a pool on one has no sizes by the line's shifts). */
void azi_model_calendars_free(az_model *m);
az_status azi_model_calendars_check(const az_model *m, az_error *err);

/* model_orders.c: frees source s's orders. */
void azi_model_orders_free(azi_source *s);
/* model_orders.c: whether some order has a priority. */
int azi_model_orders_have_priority(const az_model *m);
/* model_orders.c: az_model_check's part: a problem of the orders (an id
 * repeated across sources, orders with a sequence, plan or lots,
 * earliest_due with no orders) into err as AZ_EBADMODEL, or AZ_OK. */
az_status azi_model_orders_check(const az_model *m, az_error *err);

/* model.c: makes room for one more element (n in use of *cap) in a
 * doubling array of elem-byte elements. 1 on success; 0 when out of
 * memory, *arr and *cap unchanged. */
int azi_model_grow(void **arr, uint32_t *cap, uint32_t n, size_t elem);
/* model.c: replaces *arr, a heap array, by a copy of the n >= 1 elements
 * of elem bytes at src, and frees the old one. 1 on success; 0 when out of
 * memory, *arr unchanged. */
int azi_model_replace(void **arr, const void *src, uint32_t n, size_t elem);
/* model.c: appends a shift (start, end in seconds of the day, days bit 0
 * Monday) or a break to a list of n (cap allocated), the line's or a
 * calendar's, after the checks az_model_add_shift and az_model_add_break
 * document: AZ_EINVAL or AZ_ENOMEM with the list unchanged, or AZ_OK. */
az_status azi_model_push_shift(azi_shift **arr, uint32_t *n, uint32_t *cap,
                               double start, double end, unsigned days,
                               az_error *err);
az_status azi_model_push_break(azi_break **arr, uint32_t *n, uint32_t *cap,
                               double start, double duration, az_error *err);
/* model.c: a setter's check of a count: AZ_OK when n >= 1; else AZ_EINVAL
 * with "<kind> '<name>': <what>" ("station 'saw': machines must be >= 1"). */
az_status azi_model_at_least_one(const char *kind, const char *name,
                                 uint32_t n, const char *what, az_error *err);

#endif
