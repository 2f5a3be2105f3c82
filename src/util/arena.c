/*
 * arena.c: the chunk arena (arena.h).
 *
 * Blocks are cut from 64 KiB chunks, front to back, each rounded up to
 * max_align_t so that every block is aligned for any object. Chunks form a
 * singly linked list whose head is the chunk being filled.
 *
 * Invariants:
 *  1. head->used <= head->cap, and [data, data + used) is handed out;
 *  2. a block larger than a chunk gets a chunk of its own, linked *behind*
 *     the head, so the head's remaining room stays in use: a few big blocks
 *     (a long list's items) do not waste the small ones' chunk;
 *  3. nothing is freed before azi_arena_free, so a block never moves.
 * From 1 and 3: a pointer into the arena stays valid until the arena is
 * freed, whatever is allocated after it. From 2: the waste per chunk is at
 * most one block's size.
 */
#include "util/arena.h"
#include "util/alloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK_SIZE 65536

struct azi_arena_chunk {
    azi_arena_chunk *next;
    size_t used, cap;
    max_align_t data[]; /* cap bytes */
};

void *azi_arena_alloc(azi_arena *a, size_t size)
{
    const size_t align = _Alignof(max_align_t);
    if (size > SIZE_MAX / 2)
        return NULL;
    size = (size + align - 1) / align * align;
    azi_arena_chunk *c = a->head;
    if (!c || c->cap - c->used < size) {
        size_t cap = size > CHUNK_SIZE ? size : CHUNK_SIZE;
        azi_arena_chunk *nc = azi_malloc(sizeof *nc + cap);
        if (!nc)
            return NULL;
        nc->used = 0;
        nc->cap = cap;
        /* A big block goes behind the current chunk, whose room stays in
         * use (invariant 2). */
        if (c && cap > CHUNK_SIZE) {
            nc->next = c->next;
            c->next = nc;
        } else {
            nc->next = c;
            a->head = nc;
        }
        c = nc;
    }
    void *p = (char *)c->data + c->used;
    c->used += size;
    memset(p, 0, size);
    return p;
}

char *azi_arena_strdup(azi_arena *a, const char *s, size_t len)
{
    char *p = azi_arena_alloc(a, len + 1);
    if (p)
        memcpy(p, s, len);
    return p;
}

void azi_arena_free(azi_arena *a)
{
    while (a->head) {
        azi_arena_chunk *next = a->head->next;
        free(a->head);
        a->head = next;
    }
}
