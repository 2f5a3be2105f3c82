/*
 * orders.c: the order list of a model file, `release: {orders: FILE}`, a
 * CSV file of customer orders. For example:
 *
 *     order,product,quantity,release,due,priority
 *     A-100,phone,120,0 06:00,2 14:00,1
 *     A-101,display,80,0 06:00,3 14:00,
 *
 * read by csv.c, which locates every problem of the table; this file says
 * what its fields hold. An order's id is not empty and not repeated; its
 * quantity is an integer >= 1; release and due are a run day and a clock
 * time, "D HH:MM" (day 0 is the date of time 0: the run's start, or a
 * Monday), a day alone "D" (its 00:00), or with `run: {start: ...}` a
 * date-time "2026-12-08T14:00"; due is not before release; the optional
 * priority is an integer >= 1 (1 most urgent) or empty. A release before
 * time 0 is at 0 (the order waits at the start). Pass 2 resolves the
 * products; pass 3 hands the list to az_model_set_orders.
 *
 * Prefix azi_orders_. Calls csv.c, names.c, value.c and the document
 * layers; only sections.c (the release) calls it.
 */
#include "load/csv.h"
#include "load/sections.h"
#include "util/alloc.h"
#include "util/date.h"
#include "util/strmap.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { COL_ORDER, COL_PRODUCT, COL_QUANTITY, COL_RELEASE, COL_DUE,
       COL_PRIORITY, NCOL };
static const char *const COLUMN[NCOL] = {"order", "product", "quantity",
                                         "release", "due", "priority"};

typedef struct orders_parse {
    azi_load *L;
    double unit_s;     /* seconds per model time unit */
    int has_start;     /* run.start was given: date-times are allowed */
    int64_t start;     /* it (azi_date_point reads times against it) */
    double raw_release; /* the row's release before the clamp at 0, s */
    order_row cur;     /* the row being read */
    int bad;           /* the row has a problem */
    azi_load_loc release_at; /* where the row's release is */
    order_row *row;    /* rows (malloc'd) */
    size_t nrow, cap;
    azi_strmap ids;    /* id -> row index; keys are the rows' ids */
} orders_parse;

static void on_field(azi_csv *c, void *ctx, azi_load_loc at, const char *f,
                     size_t len, size_t k)
{
    orders_parse *op = ctx;
    char got[80];
    double t;
    switch (k) {
    case COL_ORDER:
    case COL_PRODUCT:
        if (!len) {
            azi_csv_problem(c, at, "expected %s, got nothing",
                            k == COL_ORDER ? "an order id" : "a product name");
            op->bad = 1;
            break;
        }
        if (k == COL_ORDER)
            op->cur.id = azi_csv_name_node(c, at, f, len);
        else
            op->cur.product = azi_csv_name_node(c, at, f, len);
        break;
    case COL_QUANTITY: {
        uint64_t v;
        if (azi_value_parse_uint(f, UINT32_MAX, &v) || v == 0) {
            azi_csv_problem(c, at, "expected a quantity, an integer >= 1, "
                            "got %s", azi_csv_shown(f, len, got, sizeof got));
            op->bad = 1;
        } else
            op->cur.quantity = (uint32_t)v;
        break;
    }
    case COL_RELEASE:
    case COL_DUE: {
        int pt = azi_date_point(f, op->has_start, op->start, &t);
        if (pt != 1) {
            if (pt < 0)
                azi_csv_problem(c, at, "a date-time needs the run's start "
                                "date, 'start' in 'run' (such as 'start: "
                                "2026-12-07T06:00'), got %s; or give a "
                                "run day and a clock time such as '2 14:00'",
                                azi_csv_shown(f, len, got, sizeof got));
            else
                azi_csv_problem(c, at, "expected a run day and a clock time "
                                "such as '2 14:00' (day 2 after the start, "
                                "at 14:00)%s for the %s, got %s",
                                op->has_start ? " or a date-time such as "
                                                "'2026-12-08T14:00'"
                                              : "",
                                k == COL_RELEASE ? "release" : "due date",
                                azi_csv_shown(f, len, got, sizeof got));
            op->bad = 1;
            break;
        }
        if (k == COL_RELEASE) {
            op->raw_release = t;
            op->cur.release = t > 0 ? t / op->unit_s : 0;
            op->release_at = at;
        } else if (!op->bad && t < op->raw_release) {
            azi_csv_problem(c, at, "the due date %s is before the order's "
                            "release (line %d, column %d): an order is due "
                            "after it is released",
                            azi_csv_shown(f, len, got, sizeof got),
                            op->release_at.line, op->release_at.col);
            op->bad = 1;
        } else
            op->cur.due = t / op->unit_s;
        break;
    }
    case COL_PRIORITY: {
        uint64_t v;
        if (!len)
            break; /* none */
        if (azi_value_parse_uint(f, UINT32_MAX, &v) || v == 0) {
            azi_csv_problem(c, at, "expected a priority, an integer >= 1 "
                            "(1 is the most urgent), or nothing, got %s",
                            azi_csv_shown(f, len, got, sizeof got));
            op->bad = 1;
        } else
            op->cur.priority = (uint32_t)v;
        break;
    }
    }
}

static void on_row(azi_csv *c, void *ctx, int complete)
{
    orders_parse *op = ctx;
    order_row *cur = &op->cur;
    /* Rows with a product are kept even when broken, so that every
     * unknown product is found in pass 2. */
    if (cur->id.text && complete && !op->bad) {
        long first;
        if (azi_strmap_find(&op->ids, cur->id.text, &first)) {
            char q[80];
            azi_csv_problem(c, cur->id.loc, "order '%s' is given twice "
                            "(first on line %d): an order's id must be "
                            "unique", azi_text_clean(cur->id.text, q,
                                                     sizeof q),
                            op->row[first].id.loc.line);
            op->bad = 1;
        }
    }
    if (cur->product.text && cur->id.text) {
        if (op->nrow == op->cap) {
            size_t cap = op->cap ? op->cap * 2 : 64;
            order_row *nr = azi_realloc(op->row, cap * sizeof *nr);
            if (!nr) {
                op->L->oom = 1;
                goto next;
            }
            op->row = nr;
            op->cap = cap;
        }
        cur->prod = -1;
        op->row[op->nrow] = *cur;
        if (complete && !op->bad &&
            azi_strmap_put(&op->ids, op->row[op->nrow].id.text,
                           (long)op->nrow))
            op->L->oom = 1;
        op->nrow++;
    }
next:
    op->bad = 0;
    memset(cur, 0, sizeof *cur);
}

static const azi_csv_spec ORDERS = {
    .a_what = "an order list", .the_what = "the order list",
    .desc = "a CSV order list",
    .rows = "a line per order",
    .column = COLUMN, .nreq = COL_PRIORITY, .ncol = NCOL,
    .is_data = NULL, .field = on_field, .row = on_row};

void azi_orders_read(azi_load *L, model_spec *ms)
{
    release_spec *r = &ms->release;
    orders_parse op = {.L = L, .unit_s = L->unit_s, .ids = AZI_STRMAP_INIT,
                       .has_start = ms->run.has_start,
                       .start = ms->run.start};
    int got = azi_csv_read(L, r->orders, &ORDERS, &op, NULL);
    if (got && op.nrow &&
        (r->order = azi_load_alloc(L, op.nrow * sizeof *r->order))) {
        memcpy(r->order, op.row, op.nrow * sizeof *r->order);
        r->norder = op.nrow;
    }
    r->orders_read = got > 0 && r->norder > 0;
    azi_strmap_free(&op.ids);
    free(op.row);
}

void azi_orders_resolve(azi_load *L, model_spec *ms)
{
    release_spec *r = &ms->release;
    if (!ms->products_ok)
        return;
    int ok = r->orders_read;
    for (size_t i = 0; i < r->norder; i++) {
        r->order[i].prod = azi_names_resolve_product(L, ms,
                                                     &r->order[i].product,
                                                     "the order list");
        ok &= r->order[i].prod >= 0;
    }
    r->orders_ok = ok;
}

az_status azi_orders_build(azi_load *L, const model_spec *ms, az_model *m,
                           uint32_t source)
{
    const release_spec *r = &ms->release;
    az_error e;
    az_order *o = azi_load_alloc(L, r->norder * sizeof *o);
    if (!o)
        return AZ_ENOMEM;
    for (size_t i = 0; i < r->norder; i++) {
        const order_row *w = &r->order[i];
        o[i] = (az_order){w->id.text, ms->prod[w->prod].idx, w->quantity,
                          w->release, w->due, w->priority};
    }
    /* At most 64 MiB of text: far fewer than 2^32 rows. */
    return azi_names_api(L, r->orders,
                         az_model_set_orders(m, source, o,
                                             (uint32_t)r->norder,
                                             r->order_by_priority, &e),
                         &e);
}
