/*
 * cal_pairing.c: pairing heap (Fredman, Sedgewick, Sleator, Tarjan 1986) for
 * the calendar, with the two-pass merge. Only the hold benchmark
 * (bench/hold.c) and the calendar tests use it: it is the comparison that
 * keeps the engine's choice of the 4-ary heap honest.
 *
 * Invariant: a multiway tree in (time, key) order: every node is <= its
 * children. Children form a doubly linked list (child = first child, sib =
 * right sibling, prev = parent of a first child or left sibling of the others),
 * so a node can be cut out in O(1). Nodes are indexed by slot, so the pool is
 * the node store and nothing is allocated per event.
 *
 * Cancel of a non-root node: cut it with its subtree, delete-min on that
 * subtree, meld the rest back. Reschedule earlier: cut and meld (heap order
 * below the node still holds). Reschedule later: cancel, then insert.
 */
#include "calendar_impl.h"
#include "util/alloc.h"

#include <stdlib.h>

#define NIL AZI_CAL_NIL

static inline bool pless(const azi_cal_pnode *nd, uint32_t a, uint32_t b)
{
    return azi_cal_less(nd[a].time, nd[a].key, nd[b].time, nd[b].key);
}

/* Links two roots: the larger becomes the first child of the smaller, which is
 * returned. The winner's sib and prev are left for the caller to set. */
static inline uint32_t link(azi_cal_pnode *nd, uint32_t a, uint32_t b)
{
    if (pless(nd, b, a)) {
        uint32_t t = a;
        a = b;
        b = t;
    }
    uint32_t ch = nd[a].child;
    nd[b].sib = ch;
    if (ch != NIL)
        nd[ch].prev = b;
    nd[b].prev = a;
    nd[a].child = b;
    return a;
}

static inline uint32_t meld(azi_cal_pnode *nd, uint32_t a, uint32_t b)
{
    if (a == NIL)
        return b;
    if (b == NIL)
        return a;
    uint32_t r = link(nd, a, b);
    nd[r].sib = nd[r].prev = NIL;
    return r;
}

/* Two-pass merge of the sibling list starting at first: link pairs left to
 * right, then fold the results right to left. The pass-1 results are kept on a
 * stack threaded through sib, which reverses them for pass 2 at no cost. */
static uint32_t merge_pairs(azi_cal_pnode *nd, uint32_t first)
{
    if (first == NIL)
        return NIL;
    uint32_t stack = NIL, a = first;
    while (a != NIL) {
        uint32_t b = nd[a].sib, m = a, next = NIL;
        if (b != NIL) {
            next = nd[b].sib;
            m = link(nd, a, b);
        }
        nd[m].sib = stack;
        stack = m;
        a = next;
    }
    uint32_t r = stack;
    stack = nd[r].sib;
    while (stack != NIL) {
        uint32_t next = nd[stack].sib;
        r = link(nd, r, stack);
        stack = next;
    }
    nd[r].sib = nd[r].prev = NIL;
    return r;
}

/* Detaches non-root x (with its subtree) from its parent's child list. */
static void cut(azi_cal_pnode *nd, uint32_t x)
{
    uint32_t p = nd[x].prev, s = nd[x].sib;
    if (nd[p].child == x)
        nd[p].child = s;
    else
        nd[p].sib = s;
    if (s != NIL)
        nd[s].prev = p;
    nd[x].sib = nd[x].prev = NIL;
}

static void insert(az_calendar *c, uint32_t s, double time, uint64_t key)
{
    azi_cal_pnode *nd = c->node;
    nd[s] = (azi_cal_pnode){time, key, NIL, NIL, NIL};
    c->root = meld(nd, c->root, s);
}

static uint32_t pop(az_calendar *c, double *time)
{
    uint32_t r = c->root;
    *time = c->node[r].time;
    c->root = merge_pairs(c->node, c->node[r].child);
    return r;
}

static void remove_node(az_calendar *c, uint32_t s)
{
    azi_cal_pnode *nd = c->node;
    if (s == c->root) {
        c->root = merge_pairs(nd, nd[s].child);
        return;
    }
    cut(nd, s);
    c->root = meld(nd, c->root, merge_pairs(nd, nd[s].child));
}

static void update(az_calendar *c, uint32_t s, double time, uint64_t key)
{
    azi_cal_pnode *nd = c->node;
    if (azi_cal_less(time, key, nd[s].time, nd[s].key)) {
        nd[s].time = time;
        nd[s].key = key;
        if (s != c->root) {
            cut(nd, s);
            c->root = meld(nd, c->root, s);
        }
    } else {
        remove_node(c, s);
        insert(c, s, time, key);
    }
}

static double time_of(const az_calendar *c, uint32_t s)
{
    return c->node[s].time;
}

static double min_time(const az_calendar *c) { return c->node[c->root].time; }

static bool grow(az_calendar *c, size_t newcap)
{
    azi_cal_pnode *nd = azi_realloc(c->node, newcap * sizeof *nd);
    if (!nd)
        return false;
    c->node = nd;
    return true;
}

/* Depth-first walk from the root with an explicit stack: heap order, link
 * symmetry, and exactly n reachable pending nodes. */
static bool check(const az_calendar *c)
{
    const azi_cal_pnode *nd = c->node;
    if (c->n == 0)
        return c->root == NIL;
    if (c->root >= c->cap || nd[c->root].prev != NIL ||
        nd[c->root].sib != NIL)
        return false;
    uint32_t *stack = azi_malloc(c->n * sizeof *stack);
    if (!stack)
        return false;
    size_t top = 0, seen = 0;
    bool ok = true;
    stack[top++] = c->root;
    while (ok && top > 0) {
        uint32_t x = stack[--top];
        seen++;
        ok = seen <= c->n && (c->slot[x].gen & 1);
        uint32_t left = x;
        for (uint32_t ch = nd[x].child; ok && ch != NIL; ch = nd[ch].sib) {
            ok = ch < c->cap && nd[ch].prev == left && !pless(nd, ch, x) &&
                 top < c->n;
            if (ok)
                stack[top++] = ch;
            left = ch;
        }
    }
    free(stack);
    return ok && seen == c->n;
}

const azi_cal_ops azi_cal_pairing_ops = {
    insert, pop, remove_node, update, time_of, min_time, grow, check,
    NULL,   NULL};
