/*
 * alloc.h: the library's one door to the heap.
 *
 * Every allocation azalea makes goes through these functions, so that a test
 * can make allocations fail from the n-th one on, as SQLite's test harness
 * does (tests/fault/test_alloc_fault.c): each public call must then end in
 * AZ_ENOMEM with a message, leak nothing and not crash. They behave as the C
 * library's functions they wrap: NULL on failure (errno ENOMEM), and what
 * they return is released with free(). Memory allocated by libyaml, GSL,
 * jansson or SQLite does not pass here.
 */
#ifndef AZALEA_UTIL_ALLOC_H
#define AZALEA_UTIL_ALLOC_H

#include <stddef.h>
#include <stdint.h>

void *azi_malloc(size_t size);
void *azi_calloc(size_t n, size_t size);
/* On failure p is unchanged and still owned by the caller. */
void *azi_realloc(void *p, size_t size);
/* size must be a multiple of align (C11 aligned_alloc). */
void *azi_aligned_alloc(size_t align, size_t size);
/* A copy of s, or NULL; s must not be NULL. */
char *azi_strdup(const char *s);

/* Fault injection, for tests only. After azi_alloc_fail_from(n), the n-th
 * allocation counted from this call (1-based) and every one after it fail;
 * n = 0 turns failures off. azi_alloc_count() is the number of allocations
 * made since the last azi_alloc_fail_from (or start). Both are atomic, so
 * threads may allocate meanwhile; the count is then theirs too. */
void azi_alloc_fail_from(uint64_t n);
uint64_t azi_alloc_count(void);

#endif
