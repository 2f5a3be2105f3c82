/*
 * plan.c: the production plan of a model file, `release: {plan:
 * FILE}`: a CSV file of the units due per day and product,
 *
 *     day,product,quantity
 *     0,phone,120
 *     0,display,120
 *     1,phone,80
 *
 * read by csv.c, which locates every problem of the table; this file says
 * what its fields hold: a day and a quantity (integers >= 0, days not
 * going back), a product (pass 2: one of the model's). Every problem is
 * collected with the model's; a plan that releases nothing is one.
 *
 * Prefix azi_plan_. Calls csv.c, names.c, value.c and the document
 * layers; no other section (sections.c, the release, calls it).
 */
#include "load/csv.h"
#include "load/sections.h"
#include "util/alloc.h"

#include <stdlib.h>
#include <string.h>

enum { COL_DAY, COL_PRODUCT, COL_QUANTITY, NCOL };
static const char *const COLUMN[NCOL] = {"day", "product", "quantity"};

typedef struct plan_parse {
    plan_row cur;      /* the row being read */
    int has_product;
    plan_row *row;     /* rows with a product name (malloc'd) */
    size_t nrow, cap;
    int have_day;
    uint32_t last_day; /* the latest valid day */
} plan_parse;

/* A first field that is an integer: a row of data, not the header. */
static int is_data(const char *f)
{
    uint64_t v;
    return azi_value_parse_uint(f, UINT64_MAX, &v) >= 0;
}

static void on_field(azi_csv *c, void *ctx, azi_load_loc at, const char *f,
                     size_t len, size_t k)
{
    plan_parse *pp = ctx;
    switch (k) {
    case COL_DAY: {
        uint32_t day;
        if (!azi_csv_count(c, at, f, len, k, &day))
            break;
        pp->cur.day = day;
        if (pp->have_day && day < pp->last_day) {
            azi_csv_problem(c, at, "day %u comes after day %u: the days of "
                            "a plan must not go back (sort it by day)",
                            (unsigned)day, (unsigned)pp->last_day);
            break;
        }
        pp->have_day = 1;
        pp->last_day = day;
        break;
    }
    case COL_PRODUCT:
        if (!len) {
            azi_csv_problem(c, at, "expected a product name, got nothing");
            break;
        }
        /* not plain: "null" is a (wrong) name here */
        pp->cur.product = azi_csv_name_node(c, at, f, len);
        pp->has_product = pp->cur.product.text != NULL;
        break;
    case COL_QUANTITY:
        azi_csv_count(c, at, f, len, k, &pp->cur.quantity);
        break;
    }
}

static void on_row(azi_csv *c, void *ctx, int complete)
{
    plan_parse *pp = ctx;
    (void)complete;
    /* Rows with a product are kept even when broken, so that every
     * unknown product is found in pass 2. */
    if (pp->has_product) {
        if (pp->nrow == pp->cap) {
            size_t cap = pp->cap ? pp->cap * 2 : 64;
            plan_row *nr = azi_realloc(pp->row, cap * sizeof *nr);
            if (!nr) {
                azi_csv_load(c)->oom = 1;
                goto next;
            }
            pp->row = nr;
            pp->cap = cap;
        }
        pp->cur.prod = -1;
        pp->row[pp->nrow++] = pp->cur;
    }
next:
    pp->has_product = 0;
    memset(&pp->cur, 0, sizeof pp->cur);
}

static const azi_csv_spec PLAN = {
    .a_what = "a plan", .the_what = "the plan",
    .desc = "a CSV production plan",
    .rows = "a line per day and product",
    .column = COLUMN, .nreq = NCOL, .ncol = NCOL,
    .is_data = is_data, .field = on_field, .row = on_row};

void azi_plan_read(azi_load *L, model_spec *ms)
{
    release_spec *r = &ms->release;
    plan_parse pp = {0};
    azi_load_loc head;
    int got = azi_csv_read(L, r->plan, &PLAN, &pp, &head);
    if (!got)
        goto cleanup;
    if (pp.nrow && !(r->row = azi_load_alloc(L, pp.nrow * sizeof *r->row)))
        goto cleanup;
    if (pp.nrow)
        memcpy(r->row, pp.row, pp.nrow * sizeof *r->row);
    r->nrow = pp.nrow;
    int some = 0;
    for (size_t i = 0; i < pp.nrow; i++)
        some |= pp.row[i].quantity > 0;
    if (got > 0 && !some)
        azi_load_report(L, head, "the plan releases nothing: every "
                        "quantity is 0");
    r->plan_read = got > 0 && some;
cleanup:
    free(pp.row);
}

/* ---- pass 2 and 3 -------------------------------------------------------- */

void azi_plan_resolve(azi_load *L, model_spec *ms)
{
    release_spec *r = &ms->release;
    if (!ms->products_ok)
        return;
    int ok = r->plan_read;
    for (size_t i = 0; i < r->nrow; i++) {
        r->row[i].prod = azi_names_resolve_product(L, ms, &r->row[i].product,
                                                   "the plan");
        ok &= r->row[i].prod >= 0;
    }
    r->plan_ok = ok;
}

az_status azi_plan_build(azi_load *L, const model_spec *ms, az_model *m,
                         uint32_t source)
{
    const release_spec *r = &ms->release;
    az_error e;
    az_plan_entry *pe = azi_load_alloc(L, r->nrow * sizeof *pe);
    if (!pe)
        return AZ_ENOMEM;
    for (size_t i = 0; i < r->nrow; i++) {
        pe[i].day = r->row[i].day;
        pe[i].product = ms->prod[r->row[i].prod].idx;
        pe[i].quantity = r->row[i].quantity;
    }
    /* At most 64 MiB of text: far fewer than 2^32 rows. */
    return azi_names_api(L, r->plan, az_model_set_plan(m, source, pe,
                                                       (uint32_t)r->nrow, &e),
                        &e);
}
