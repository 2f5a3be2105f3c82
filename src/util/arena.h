/*
 * arena.h: a chunk arena. Many small blocks, freed all at once.
 *
 * Ownership: the arena owns every block it hands out; azi_arena_free
 * releases them together, and no block is ever freed alone. A zeroed
 * azi_arena (AZI_ARENA_INIT) is an empty arena, ready for use.
 *
 * Failure: azi_arena_alloc returns NULL when memory runs out (or size is
 * absurd) and leaves the arena as it was: blocks handed out before stay
 * valid, and the arena may be used and freed as usual.
 */
#ifndef AZALEA_UTIL_ARENA_H
#define AZALEA_UTIL_ARENA_H

#include <stddef.h>

typedef struct azi_arena_chunk azi_arena_chunk;

typedef struct azi_arena {
    azi_arena_chunk *head; /* the chunk being filled, then the older ones */
} azi_arena;

#define AZI_ARENA_INIT {NULL}

/* size bytes of zeroed memory, aligned for any object (max_align_t), that
 * live until azi_arena_free; NULL when out of memory. size 0 gives a valid
 * pointer to no bytes. */
void *azi_arena_alloc(azi_arena *a, size_t size);
/* A NUL-terminated copy of s[0..len) in the arena (s need not be
 * terminated); NULL when out of memory. */
char *azi_arena_strdup(azi_arena *a, const char *s, size_t len);
/* Frees every block; the arena is empty again and may be reused. */
void azi_arena_free(azi_arena *a);

#endif
